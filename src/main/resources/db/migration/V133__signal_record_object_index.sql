-- The object index without system_modstamp: no query orders or filters by it, and with it every stored activity
-- (modstamps in random order) was a random insert into a large b-tree, about a quarter of the ingest time on
-- PostgreSQL at millions of rows. (source, object_name) alone is what the per-object reads use.
drop index signal_record_object;
create index signal_record_object on signal_record (source, object_name);
