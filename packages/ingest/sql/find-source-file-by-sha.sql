-- The source file already loaded from this path with these exact bytes, if any. Parameters: $sha (hex SHA-256),
-- $path (absolute path). Rule: loading the same file again changes nothing (STYLE.md, errors and bad input). The path
-- is part of the key because two suppliers can send byte-identical files (an all-MET Level 1 export carries no
-- name): each is its own submission and must load.
select s.id, s.layout, o.name as organization
from source_files s
left join organizations o on o.id = s.organization_id
where s.sha256 = $sha and s.path = $path
order by s.id
limit 1
