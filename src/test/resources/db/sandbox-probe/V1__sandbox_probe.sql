-- SandboxMigrationsTest: a sandbox-only migration, in the sandbox history
create table sandbox_probe (id bigint primary key, note varchar(40));
