-- The sandbox Outreach org (io.signalbridge.sandbox.outreach): Outreach API v2's resources that the product uses.
create table sandbox_outreach_account (
    id          bigint       not null primary key,
    name        varchar(255) not null,
    domain      varchar(255),
    custom_id   varchar(64),
    created_at  timestamp    not null,
    updated_at  timestamp    not null
);
create index sandbox_outreach_account_custom_id on sandbox_outreach_account (custom_id);

create table sandbox_outreach_prospect (
    id          bigint       not null primary key,
    email       varchar(320),
    emails      text         not null,
    first_name  varchar(255),
    last_name   varchar(255),
    title       varchar(255),
    company     varchar(255),
    account_id  bigint,
    opted_out   boolean      not null default false,
    created_at  timestamp    not null,
    updated_at  timestamp    not null
);
create index sandbox_outreach_prospect_email on sandbox_outreach_prospect (email);

create table sandbox_outreach_mailbox (
    id               bigint       not null primary key,
    email            varchar(320) not null,
    user_name        varchar(255) not null,
    sending_disabled boolean      not null default false
);

create table sandbox_outreach_sequence (
    id          bigint       not null primary key,
    name        varchar(255) not null,
    enabled     boolean      not null,
    step_count  integer      not null,
    created_at  timestamp    not null
);

create table sandbox_outreach_sequence_state (
    id          bigint      not null primary key,
    prospect_id bigint      not null,
    sequence_id bigint      not null,
    mailbox_id  bigint      not null,
    state       varchar(16) not null,
    created_at  timestamp   not null,
    updated_at  timestamp   not null,
    constraint sandbox_outreach_one_state_per_sequence unique (prospect_id, sequence_id)
);

-- Outreach's rate limit: requests per user and clock hour
create table sandbox_outreach_api_hour (
    user_name   varchar(255) not null,
    hour_start  timestamp    not null,
    calls       bigint       not null,
    primary key (user_name, hour_start)
);

create sequence sandbox_outreach_id start with 1000;
