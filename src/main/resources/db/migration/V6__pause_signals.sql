-- A Continue or Abort clicked on a paused rollout, waiting for the process that runs it (which
-- may be another replica) to take it. The first click wins.
create table pause_signals (
    promotion_id varchar(200)             not null primary key,
    proceed      boolean                  not null,
    person       varchar(200)             not null,
    sent_at      timestamp with time zone not null
);
