-- Which process walks a release, and when it last said it is alive, so that another process can
-- take up a release left approved or running by one that crashed (as stage_leases do for promotions).
alter table releases add column owner varchar(200);
alter table releases add column heartbeat_at timestamp with time zone;
