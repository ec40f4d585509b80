-- Issue 17 (release control): a button token may be bound to one person (a confirmation asked of them).
alter table button_tokens add column person varchar(200);

-- A waiting card's one reminder: the row is written by the replica that sends it, so no other sends it again.
create table reminders (
    promotion_id varchar(200)             not null primary key,
    sent_at      timestamp with time zone not null
);
