-- The first sandbox-only migration: it creates nothing. The sandbox tables made before the sandbox became opt-in
-- stay in db/migration (V1, V2, V6, V110, the sandbox_mkto_* tables of V70); new ones follow here as V2, V3, ...
-- (README.md beside this file).
select 1;
