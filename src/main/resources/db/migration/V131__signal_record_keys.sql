-- The account, person and (for Accounts) website domain each pulled record names (signals.RecordKeys), so that an
-- incremental scoring run reads the records of the accounts it rescores, not the whole store. Set on every write;
-- rows stored before this migration are filled in by V132 (Java). keyed = false: not filled in yet.
alter table signal_record add column account_key varchar(64);
alter table signal_record add column person_key varchar(64);
alter table signal_record add column domain_key varchar(255);
alter table signal_record add column keyed boolean not null default false;
create index signal_record_account_key on signal_record (account_key, object_name);
create index signal_record_person_key on signal_record (person_key, object_name);
create index signal_record_domain_key on signal_record (domain_key);
