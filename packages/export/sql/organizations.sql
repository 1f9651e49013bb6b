-- One row per supplier organization, ordered by its folded name so every export lists suppliers the same way.
-- Parameters: none.
select id, name, name_key, cage
from organizations
order by name_key, id
