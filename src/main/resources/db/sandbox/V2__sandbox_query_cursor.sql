-- The sandbox org's open SOQL query cursors (issue 19: several nodes answer the same). A query locator opened on one
-- node is fetched on any other: the cursor's matched ids (15 ASCII bytes each, in order), its query text (the fields
-- are parsed again from it) and page length; idle ones expire after 15 minutes, as on Salesforce.
create table sandbox_query_cursor (
  id           varchar(18)  not null primary key,
  object_name  varchar(80)  not null,
  soql         text         not null,
  batch_size   integer      not null,
  id_count     integer      not null,
  ids          bytea        not null,
  last_used    timestamp    not null
);
create index sandbox_query_cursor_last_used on sandbox_query_cursor (last_used);
