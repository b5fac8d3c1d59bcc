-- One row that publish and unpublish lock (select ... for update) so that the check of the publish limit and
-- the change are one step across every instance of the service, not only within one JVM.
create table segment_publish_lock (
    id  integer primary key
);
insert into segment_publish_lock (id) values (1);
