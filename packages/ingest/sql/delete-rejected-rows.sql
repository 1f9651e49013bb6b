-- Deletes the rejected_rows rows of one source file, so its new version replaces them. Parameters: $source_file_id.
delete from rejected_rows
where source_file_id = $source_file_id
