-- A hash of what a pulled record says, without the org's change stamps (SystemModstamp, LastModifiedDate ...). A
-- record re-pulled only because its stamps moved (our own write-back of score fields that are not pulled, a
-- formula recalculation) keeps its stored row and pulled_at, so it does not count as changed and does not make the
-- next incremental scoring run rescore its account. Rows stored before this column get it at their next change.
alter table signal_record add column content_hash varchar(64);
