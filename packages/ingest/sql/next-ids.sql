-- One row: the next free id of each table with an id. Parameters: none.
-- Rule: ingest is the single writer (DuckDB's file lock), so max(id) + 1, read when a run starts (and again after a
-- rolled-back batch), stays valid while the run hands out ids in memory.
select
  (select coalesce(max(id), 0) + 1 from source_files) as source_file_id,
  (select coalesce(max(id), 0) + 1 from organizations) as organization_id,
  (select coalesce(max(id), 0) + 1 from assessments) as assessment_id,
  (select coalesce(max(id), 0) + 1 from poam_items) as poam_item_id
