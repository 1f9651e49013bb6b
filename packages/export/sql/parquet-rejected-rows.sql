-- Parquet export: one row per rejected input row, with its file's organization_id (null when unknown).
select r.*, f.organization_id from rejected_rows r left join source_files f on f.id = r.source_file_id
