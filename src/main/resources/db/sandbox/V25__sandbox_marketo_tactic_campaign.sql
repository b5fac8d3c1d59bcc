-- The Consideration tactic of the seed (content hub and account enrichment) as a Marketo trigger campaign that the
-- shipped orchestration orchestrations/consideration-content-hub.yaml requests (Request Campaign).
insert into sandbox_mkto_campaign (id, name, program_name, active, score_field, score_token, created_at)
values (1002, 'Consideration - Content hub nurture', 'ABM - Stage tactics', true, null, null, timestamp '2024-01-01 00:00:00');
