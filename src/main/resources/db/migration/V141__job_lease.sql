-- One run per job across the nodes on this database (issue 19): a node runs a job only while it holds the job's
-- lease, renewed while the run goes on; a lease not renewed by expires_at (its node died) is free again
-- (io.signalbridge.cluster.DatabaseJobLeases).
create table job_lease (
    job          varchar(64)  not null primary key,
    owner        varchar(128) not null,
    acquired_at  timestamp    not null,
    expires_at   timestamp    not null
);
