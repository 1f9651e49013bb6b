-- One row per source file already loaded with these exact bytes (the earliest). Parameters: $sha (hex SHA-256).
-- Rule: loading the same file again changes nothing (STYLE.md, errors and bad input).
select s.id, s.layout, o.name as organization
from source_files s
left join organizations o on o.id = s.organization_id
where s.sha256 = $sha
order by s.id
limit 1
