-- An organization's latest assessment at one level: the one a POA&M item belongs to. Parameters:
-- $organization_id, $level. Rule: latest by assessment date, then by load order.
select id
from assessments
where organization_id = $organization_id and level = $level
order by assessment_date desc, id desc
limit 1
