-- State of the simulated Salesforce and Marketo orgs (package sandbox). Kept in tables of their own so a
-- sandbox org survives restarts like a real one; nothing outside the sandbox reads them.
-- All timestamps are UTC.

create sequence sandbox_sf_id_seq start with 1 increment by 1;

create table sandbox_sf_record (
    id              varchar(18)  not null primary key,
    object_name     varchar(80)  not null,
    system_modstamp timestamp    not null,
    is_deleted      boolean      not null default false,
    fields          text         not null
);
create index sandbox_sf_record_object_modstamp on sandbox_sf_record (object_name, system_modstamp, id);

create table sandbox_token (
    token       varchar(128) not null primary key,
    org         varchar(16)  not null,
    client_id   varchar(255) not null,
    username    varchar(255),
    issued_at   timestamp    not null,
    expires_at  timestamp
);

create table sandbox_api_usage (
    org    varchar(16) not null,
    usage_day date      not null,
    calls  bigint      not null,
    primary key (org, usage_day)
);

create table sandbox_mkto_lead (
    id          bigint       not null primary key,
    email       varchar(255),
    created_at  timestamp    not null,
    updated_at  timestamp    not null,
    fields      text         not null
);
create index sandbox_mkto_lead_email on sandbox_mkto_lead (email);

create table sandbox_mkto_activity (
    id                        bigint       not null primary key,
    marketo_guid              varchar(64)  not null,
    lead_id                   bigint       not null,
    activity_type_id          integer      not null,
    activity_date             timestamp    not null,
    primary_attribute_value_id bigint,
    primary_attribute_value   varchar(255),
    attributes                text         not null
);
create index sandbox_mkto_activity_date on sandbox_mkto_activity (activity_date, id);

create table sandbox_mkto_list (
    id          bigint       not null primary key,
    name        varchar(255) not null,
    created_at  timestamp    not null,
    updated_at  timestamp    not null
);

create table sandbox_mkto_list_member (
    list_id  bigint not null,
    lead_id  bigint not null,
    primary key (list_id, lead_id)
);

create sequence sandbox_mkto_id_seq start with 1 increment by 1;
