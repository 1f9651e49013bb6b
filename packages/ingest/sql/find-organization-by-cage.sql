-- The organization with this CAGE code, if any. Parameters: $cage (5 characters, upper case).
-- Rule: the same CAGE always resolves to the same organization row.
select id, name, cage, uei
from organizations
where cage = $cage
