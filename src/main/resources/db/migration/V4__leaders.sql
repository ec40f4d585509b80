-- Which process runs each singleton job (the expiry sweep, orphan recovery), until when.
create table leaders (
    job        varchar(100)             not null primary key,
    holder     varchar(200)             not null,
    expires_at timestamp with time zone not null
);
