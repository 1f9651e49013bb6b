-- One row per catalog requirement and level: its CMMC id, family and title, for modules that return many rows per
-- requirement and add these from here instead of repeating them on every row. Parameters: none.
select level, nist_id, cmmc_id, family, family_name, title
from requirements
order by level, nist_id
