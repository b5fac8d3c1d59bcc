-- SCIM 2.0 provisioning (issue 16, point 5): the users and groups the identity provider (Okta) pushes
-- (io.signalbridge.security.scim.ScimDirectory). user_name_key and display_name_key are the lower-cased names:
-- SCIM compares userName without regard to case (RFC 7643, caseExact false). version is meta.version (the ETag).
create table scim_user (
    id             uuid         not null primary key,
    user_name      varchar(320) not null,
    user_name_key  varchar(320) not null,
    external_id    varchar(320),
    given_name     varchar(200),
    family_name    varchar(200),
    display_name   varchar(400),
    emails         varchar(4000),
    active         boolean      not null,
    created_at     timestamp    not null,
    modified_at    timestamp    not null,
    version        bigint       not null,
    constraint scim_user_name unique (user_name_key)
);
create index scim_user_active on scim_user (active);

create table scim_group (
    id                uuid         not null primary key,
    display_name      varchar(400) not null,
    display_name_key  varchar(400) not null,
    external_id       varchar(320),
    created_at        timestamp    not null,
    modified_at       timestamp    not null,
    version           bigint       not null,
    constraint scim_group_name unique (display_name_key)
);

create table scim_group_member (
    group_id  uuid not null references scim_group (id) on delete cascade,
    user_id   uuid not null references scim_user (id) on delete cascade,
    primary key (group_id, user_id)
);
create index scim_group_member_user on scim_group_member (user_id);

-- One row, locked (select ... for update) by every write that may take a seat: the count of active users and the
-- insert or activation that follows are one step, whatever the number of concurrent requests or nodes.
create table scim_seat_lock (
    id  int not null primary key
);
insert into scim_seat_lock (id) values (1);
