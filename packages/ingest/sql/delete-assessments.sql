-- Deletes the assessments rows of one source file, so its new version replaces them. Parameters: $source_file_id.
delete from assessments
where source_file_id = $source_file_id
