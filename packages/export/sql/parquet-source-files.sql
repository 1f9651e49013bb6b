-- Parquet export: one row per loaded source file (organization_id is null when a file named no supplier). The file
-- stamp (device, inode, times) only means something on the machine that loaded the file, so it is left out.
select * exclude (file_stamp) from source_files
