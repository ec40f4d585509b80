-- Issue 17 (release control): a button token may be bound to one person (a confirmation asked of them).
alter table button_tokens add column person varchar(200);

-- A waiting card's one reminder: the row is written by the replica that sends it, so no other sends it again.
create table reminders (
    promotion_id varchar(200)             not null primary key,
    sent_at      timestamp with time zone not null
);

-- A break-glass promotion (through a freeze): why, and the freeze window it crosses; null for any other.
alter table promotions add column break_glass_reason varchar;
alter table promotions add column break_glass_freeze varchar(500);
