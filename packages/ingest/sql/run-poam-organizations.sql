-- One row per (organization, level) of the POA&M items loaded before, with whether any of them is attached to no
-- assessment. Parameters: none. Rule: orphan items attach to the organization's next assessment at that level, and
-- a replaced POA&M file keeps the first scheduled date of its items, so the run asks the database only for
-- organizations that have items.
select organization_id, level, bool_or(assessment_id is null) as has_orphans
from poam_items
group by all
