-- Salesforce (and Marketo) write-back.
-- writeback_state: per target object (salesforce:Account, ...) and record, the field values last written
-- successfully (JSON; for fill-if-blank fields also a value the org already had, which is never
-- overwritten), the fingerprint of the mapped values they came from (a record whose mapped values hash the
-- same is not looked at again), and whether the record is blocked: the org refused it for a reason a retry
-- does not cure (blocked_code); it stays blocked until its failed-exchange entry is replayed.
create table writeback_state (
    target        varchar(96)  not null,
    record_id     varchar(64)  not null,
    fields        text         not null,
    fingerprint   varchar(64),
    written_at    timestamp    not null,
    blocked_code  varchar(80),
    blocked_at    timestamp,
    primary key (target, record_id)
);

-- The changes one run is sending: what to send per record, and the state to keep once the org accepted it.
-- A run's rows are deleted when it ends; rows of a run cut off by a stop are deleted by the next run.
create table writeback_pending (
    run_id       bigint       not null,
    target       varchar(96)  not null,
    record_id    varchar(64)  not null,
    changes      text         not null,
    fields       text         not null,
    fingerprint  varchar(64)  not null,
    primary key (run_id, target, record_id)
);
