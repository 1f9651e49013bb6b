-- Points effective_findings at the (fresh) materialised rows for this connection: DuckDB resolves the temp schema
-- before main, so every query reading effective_findings reads materialised_effective_findings (migration 004)
-- instead of aggregating the results again. Parameters: none.
create or replace temp view effective_findings as select * from main.materialised_effective_findings
