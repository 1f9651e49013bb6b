-- Deletes the objective_results rows of one source file, so its new version replaces them. Parameters: $source_file_id.
delete from objective_results
where source_file_id = $source_file_id
