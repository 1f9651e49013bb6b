-- One row: how many assessments have stale rows in materialised_findings (find-stale-assessments.sql).
-- Parameters: none.
select count(*) as stale from findings_stale
