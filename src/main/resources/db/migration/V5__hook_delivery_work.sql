-- The builds a delivery asked for, as JSON, so that work a stopped process never finished is
-- picked up again (unfinished rows: finished_at is null).
alter table hook_deliveries add column work text;
