-- The rejected rows recorded for every path whose file could not be loaded (no source_files row), read once when a
-- run starts. Parameters: none. Rule: failing the same way twice records nothing new.
select source_path, reason_code, message
from rejected_rows
where source_file_id is null
