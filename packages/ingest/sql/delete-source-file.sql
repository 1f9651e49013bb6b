-- Deletes one source file's record (its rows are deleted first). Parameters: $source_file_id.
delete from source_files
where id = $source_file_id
