-- Parquet export: one row per requirement result, with its assessment's organization_id to partition by.
select r.*, a.organization_id from requirement_results r join assessments a on a.id = r.assessment_id
