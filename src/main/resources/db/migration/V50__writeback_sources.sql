-- Score outputs that the write-back reads besides account_score and person_score.
-- account_segment_names: per account, the names of the published segments it belongs to, sorted and
-- delimited (the value of the mapping source account.segmentNames), kept by the segment membership step;
-- an account in no published segment has an empty string (so the write-back clears the field).
create table account_segment_names (
    account_id  varchar(64) primary key,
    names       text        not null,
    updated_at  timestamp   not null
);

-- Contact and lead intent (mapping sources contact.intentScore / lead.intentScore); null until scored.
alter table person_score add column intent_score integer;
