-- Parquet export: one row per assessment.
select * from assessments
