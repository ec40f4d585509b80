-- Releases: several apps promoted into one stage with one card. Each member is an ordinary row in
-- promotions; release_members says which promotions belong to which release, in running order
-- (role 'member'), and which promotions put finished members back after a failure (role 'undo').
create table releases (
    id            varchar(200)             not null primary key,
    name          varchar(200)             not null,
    stage         varchar(200)             not null,
    requested_by  varchar(200)             not null,
    requested_at  timestamp with time zone not null,
    status        varchar(40)              not null,
    status_reason varchar,
    updated_at    timestamp with time zone not null,
    version       bigint                   not null
);
create index releases_name_requested on releases (name, requested_at);

create table release_members (
    release_id   varchar(200) not null references releases (id),
    position     integer      not null,
    promotion_id varchar(200) not null,
    role         varchar(20)  not null,
    primary key (release_id, position)
);
create unique index release_members_promotion on release_members (promotion_id);
