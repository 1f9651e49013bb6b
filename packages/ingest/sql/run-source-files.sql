-- One row per loaded source file, read once when a run starts. Parameters: none. Rule: ingest is the single writer
-- (DuckDB's file lock), so the run keeps this in memory to tell unchanged and replaced files apart without a query
-- per file.
select id, path, sha256, layout, organization_id, file_stamp
from source_files
