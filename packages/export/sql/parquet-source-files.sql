-- Parquet export: one row per loaded source file (organization_id is null when a file named no supplier).
select * from source_files
