-- Bulk API 2.0 jobs of the sandbox Salesforce org: ingest (CSV uploads and per-record results) and query
-- (the ordered ids a query matched; result pages are rendered from them).

create table sandbox_sf_bulk_job (
    id                 varchar(18)  not null primary key,
    job_type           varchar(8)   not null,
    operation          varchar(16)  not null,
    object_name        varchar(80),
    external_id_field  varchar(80),
    query_text         text,
    state              varchar(16)  not null,
    column_delimiter   varchar(16)  not null,
    line_ending        varchar(4)   not null,
    api_version        varchar(8)   not null,
    created_date       timestamp    not null,
    system_modstamp    timestamp    not null,
    records_processed  bigint       not null default 0,
    records_failed     bigint       not null default 0,
    processing_millis  bigint       not null default 0,
    error_message      text
);

create table sandbox_sf_bulk_data (
    job_id        varchar(18) not null,
    kind          varchar(16) not null,
    seq           integer     not null,
    record_count  integer     not null,
    content       text        not null,
    primary key (job_id, kind, seq)
);
