-- A request to abort a running promotion, waiting for the process that runs it (which may be
-- another replica) to stop it. The first request wins; the row goes when the promotion ends.
create table abort_signals (
    promotion_id varchar(200)             not null primary key,
    person       varchar(200)             not null,
    reason       varchar,
    sent_at      timestamp with time zone not null
);
