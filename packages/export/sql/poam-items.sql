-- One row per POA&M item of one organization (or of every organization), with the catalog's CMMC id, title and point value, and the date its
-- 180-day closeout clock starts from.
-- Parameters: $org_id (bigint, null = every organization).
-- Rule: a Conditional status expires 180 days after the Conditional CMMC Status Date; when the file gives no status
-- date, the assessment date counts (32 CFR 170.21(b); packages/catalog/reference/rules.md "Level 2 status"). An item not linked
-- to an assessment uses the organization's latest assessment at the item's level.
-- Order: never by a database id, so every database holding the same files lists the items the same way, whatever
-- order the files were loaded in (ties go to the source file's SHA-256, then the row's place in it).
with latest as (
  select organization_id, level, status_date, assessment_date, assessment_type, system_name,
    row_number() over (partition by organization_id, level order by assessment_date desc, id desc) as rank
  from assessments
  where $org_id is null or organization_id = $org_id
)
select
  p.id,
  p.organization_id,
  s.sha256 as source_sha256,
  p.sheet,
  p.row_number,
  o.name as organization_name,
  o.cage,
  p.poam_key,
  p.nist_id,
  p.level,
  r.cmmc_id,
  r.title as requirement_title,
  r.points,
  p.weakness,
  p.weakness_description,
  p.remediation_plan,
  p.owner,
  p.resources,
  p.detection_date,
  p.scheduled_completion_date,
  p.original_scheduled_date,
  p.status,
  p.closed_date,
  p.risk_rating,
  p.vendor_dependency,
  p.comments,
  coalesce(a.assessment_type, l.assessment_type) as assessment_type,
  coalesce(a.system_name, l.system_name) as system_name,
  coalesce(a.status_date, a.assessment_date, l.status_date, l.assessment_date) as clock_start_date
from poam_items p
join organizations o on o.id = p.organization_id
left join source_files s on s.id = p.source_file_id
left join requirements r on r.level = p.level and r.nist_id = p.nist_id
left join assessments a on a.id = p.assessment_id
left join latest l on l.organization_id = p.organization_id and l.level = p.level and l.rank = 1
where $org_id is null or p.organization_id = $org_id
order by
  o.name_key,
  p.level,
  list_transform(string_split(rtrim(p.nist_id, 'e'), '.'), x -> try_cast(x as integer)),
  p.nist_id,
  p.poam_key nulls last,
  s.sha256,
  p.sheet nulls first,
  p.row_number nulls first,
  p.weakness nulls first,
  p.weakness_description nulls first,
  p.remediation_plan nulls first,
  p.status
