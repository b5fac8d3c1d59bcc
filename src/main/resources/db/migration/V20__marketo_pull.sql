-- Marketo's daily API quota as this service sees it: calls made per quota day (days end at midnight US
-- Central) and, after a 607, the time until which Marketo calls are parked.

create table marketo_api_day (
    quota_day     date      not null primary key,
    calls         bigint    not null default 0,
    parked_until  timestamp
);
