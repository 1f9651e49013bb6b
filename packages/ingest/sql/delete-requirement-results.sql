-- Deletes the requirement_results rows of one source file, so its new version replaces them. Parameters: $source_file_id.
delete from requirement_results
where source_file_id = $source_file_id
