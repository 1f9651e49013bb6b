-- One row per milestone of one organization's (or every organization's) POA&M items, in the order the plan lists them.
-- Parameters: $org_id (bigint, null = every organization).
select m.poam_item_id, m.sequence, m.description, m.due_date, m.completed_date
from poam_milestones m
join poam_items p on p.id = m.poam_item_id
where $org_id is null or p.organization_id = $org_id
order by m.poam_item_id, m.sequence, m.due_date nulls last, m.description
