-- One row per (poam_key, nist_id) of an organization's POA&M items loaded before: the first scheduled date seen.
-- Parameters: $organization_id. Rule: a later scheduled completion date than the original one is a slipped date,
-- so the original is carried over when a POA&M file is replaced.
select coalesce(poam_key, '') as poam_key, nist_id,
  min(coalesce(original_scheduled_date, scheduled_completion_date)) as original_scheduled_date
from poam_items
where organization_id = $organization_id
group by all
