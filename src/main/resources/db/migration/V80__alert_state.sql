-- Alerts to ops: when each alert (kind + system) was last sent and how many repeats were held back since.
create table alert_state (
    alert_key   varchar(200) primary key,
    last_sent   timestamp    not null,
    suppressed  integer      not null default 0
);
