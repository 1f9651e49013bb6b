-- Deletes the poam_items rows of one source file, so its new version replaces them. Parameters: $source_file_id.
delete from poam_items
where source_file_id = $source_file_id
