-- POA&M items loaded before their organization's assessment at that level arrived: attach them to it.
-- Parameters: $assessment_id, $organization_id, $level.
update poam_items
set assessment_id = $assessment_id
where organization_id = $organization_id and level = $level and assessment_id is null
