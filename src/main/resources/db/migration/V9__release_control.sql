-- Issue 17 (release control): a button token may be bound to one person (a confirmation asked of them).
alter table button_tokens add column person varchar(200);
