-- The organization with this folded name, if any. Parameters: $name_key.
-- Rule: the same normalized name always resolves to the same organization row.
select id, name, cage, uei
from organizations
where name_key = $name_key
