-- How many times the sandbox Salesforce org stored a change to a record after creating it (update or delete, by
-- any API: REST, sObject Collections, Bulk). The org's own count of what it was asked to write, per record: the
-- crash test reads it to tell a record written twice from one written once. Nothing outside the sandbox reads it.
alter table sandbox_sf_record add column saves integer not null default 0;
