-- One row per assessment, read once when a run starts. Parameters: none. Rule: a POA&M item belongs to its
-- organization's latest assessment at its level (latest by assessment date, then by load order); the run finds it in
-- memory (single writer).
select id, organization_id, level, assessment_date, date_source, source_file_id
from assessments
