-- A store without migration 004 (an older file opened read-only): a per-connection snapshot of the whole
-- effective_findings view, as a temporary table that DuckDB resolves before the view. Parameters: none.
create or replace temp table effective_findings as select * from main.effective_findings
