-- Marketo lead -> Salesforce link, as the activity pull resolves it (MarketoLeadResolver): the contact or lead
-- the Marketo lead is synced with and its account. The Marketo lead push reads the scores of the linked person
-- (person_score) and account (account_score) through it. Kept up to date at every resolve; a lead never
-- resolved (or resolved before this table existed) appears once the pull reads one of its activities again.
create table marketo_lead_link (
    marketo_lead_id  varchar(64)  primary key,
    contact_id       varchar(64),
    lead_id          varchar(64),
    account_id       varchar(64),
    resolved_via     varchar(16)  not null,
    updated_at       timestamp    not null
);
