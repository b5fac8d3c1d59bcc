-- Every valid version of every field mapping: content, who, when, the diff from the version before.
-- The active mapping is the latest version; an invalid mapping is never stored.
create table mapping_version (
    name        varchar(80)  not null,
    version     integer      not null,
    content     text         not null,
    author      varchar(255) not null,
    origin      varchar(16)  not null,
    created_at  timestamp    not null,
    diff        text         not null,
    primary key (name, version)
);
