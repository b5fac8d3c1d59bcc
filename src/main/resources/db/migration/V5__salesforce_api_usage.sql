-- Snapshots of the Salesforce org's daily API allocation, read by the salesforce-api-usage route.
create table salesforce_api_usage (
    taken_at        timestamp not null primary key,
    daily_max       bigint    not null,
    daily_remaining bigint    not null
);
