-- The source file loaded earlier from this absolute path, if any. Parameters: $path.
-- Rule: a changed file at the same path replaces its earlier version.
select id
from source_files
where path = $path
