-- Issue 19: the leader election of the singletons (Spring Integration's JdbcLockRegistry; its schema-postgresql.sql).
-- One row per held lock: the owner process, and when it last renewed it.
create table int_lock (
  lock_key      char(36)     not null,
  region        varchar(100) not null,
  client_id     char(36),
  created_date  timestamp    not null,
  constraint int_lock_pk primary key (lock_key, region)
);
