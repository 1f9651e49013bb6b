-- The rejected rows recorded for a path while its file could not be loaded (no source_files row).
-- Parameters: $path (as the user named it). Rule: failing the same way twice records nothing new.
select reason_code, message
from rejected_rows
where source_file_id is null and source_path = $path
order by reason_code, message
