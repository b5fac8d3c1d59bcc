-- Lookup columns of the sandbox Marketo lead: copies of the Salesforce ids kept in `fields`, so that
-- Get Leads by Filter Type and Sync Leads can use them as filterType / lookupField with an index.
alter table sandbox_mkto_lead add column sfdc_lead_id varchar(18);
alter table sandbox_mkto_lead add column sfdc_contact_id varchar(18);
alter table sandbox_mkto_lead add column sfdc_account_id varchar(18);
create index sandbox_mkto_lead_sfdc_lead on sandbox_mkto_lead (sfdc_lead_id);
create index sandbox_mkto_lead_sfdc_contact on sandbox_mkto_lead (sfdc_contact_id);
create index sandbox_mkto_lead_sfdc_account on sandbox_mkto_lead (sfdc_account_id);
create index sandbox_mkto_list_member_lead on sandbox_mkto_list_member (lead_id);
