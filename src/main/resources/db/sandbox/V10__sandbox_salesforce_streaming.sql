-- The sandbox org's Streaming API (issue 18): Change Data Capture events, kept 72 hours, and the CometD clients with
-- their subscriptions. In the database so that any node serves any client (a long poll may land on another node).
-- replay_id is handed out by the one row of sandbox_sf_change_event_counter, locked until the events are committed:
-- events become visible in replay id order, so a client that has seen N never misses a smaller id committed later.
create table sandbox_sf_change_event (
  replay_id    bigint       not null primary key,
  entity_name  varchar(80)  not null,
  created_at   timestamp    not null,
  payload      text         not null
);
create index sandbox_sf_change_event_created_at on sandbox_sf_change_event (created_at);

create table sandbox_sf_change_event_counter (
  id              integer  not null primary key,
  last_replay_id  bigint   not null
);
insert into sandbox_sf_change_event_counter (id, last_replay_id) values (1, 0);

-- replay: the handshake's replay extension (channel -> replay id, JSON), used by a subscribe that brings none
create table sandbox_cometd_client (
  client_id    varchar(40)  not null primary key,
  created_at   timestamp    not null,
  last_seen    timestamp    not null,
  connected    boolean      not null default false,
  replay       text
);
create index sandbox_cometd_client_last_seen on sandbox_cometd_client (last_seen);

-- position: the replay id of the last event delivered on the channel
create table sandbox_cometd_subscription (
  client_id  varchar(40)   not null,
  channel    varchar(120)  not null,
  position   bigint        not null,
  primary key (client_id, channel)
);
