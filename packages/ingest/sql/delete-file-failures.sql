-- Forgets the failures recorded for a path: it has loaded now, or failed differently. Parameters: $path.
delete from rejected_rows
where source_file_id is null and source_path = $path
