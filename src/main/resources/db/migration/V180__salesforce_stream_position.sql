-- Issue 18: how far the product has processed each Salesforce change event channel (camel-salesforce's subscribe
-- consumer resumes after replay_id on a restart, on whichever node leads). event_time: the commit time of that event,
-- to tell a replay id past Salesforce's retention (72 hours) before subscribing with it.
create table salesforce_stream_position (
    channel     varchar(120) not null primary key,
    replay_id   bigint       not null,
    event_time  timestamp    not null,
    updated_at  timestamp    not null
);
