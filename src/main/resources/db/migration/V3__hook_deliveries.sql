-- CI and registry notifications Signoff accepted. The primary key is what makes a replayed
-- delivery, or the same delivery arriving twice at once, a duplicate: it is stored once.
-- delivery_id is the sender's id (X-GitHub-Delivery, X-Signoff-Delivery, an event id…) or
-- "sha256:<hex of the body>" where the sender gives none.
create table hook_deliveries (
    source      varchar(40)              not null,
    delivery_id varchar(300)             not null,
    apps        varchar(1000)            not null,
    kind        varchar(20)              not null,
    image       varchar(1000),
    commit_sha  varchar(200),
    received_at timestamp with time zone not null,
    outcome     varchar(2000),
    finished_at timestamp with time zone,
    primary key (source, delivery_id)
);
create index hook_deliveries_received on hook_deliveries (received_at);
