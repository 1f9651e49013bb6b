-- One row per organization, read once when a run starts. Parameters: none. Rule: the same CAGE or the same folded
-- name always resolves to the same organization; the run resolves them in memory (single writer).
select id, name, name_key, cage, uei
from organizations
