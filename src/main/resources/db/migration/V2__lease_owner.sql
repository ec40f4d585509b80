-- Which process holds a stage lease, and when it last said it is alive, so that another
-- process can adopt promotions left running by one that crashed.
alter table stage_leases add column owner varchar(200);
alter table stage_leases add column heartbeat_at timestamp with time zone;
