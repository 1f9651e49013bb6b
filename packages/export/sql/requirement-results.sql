-- One row per assessment of one organization and catalog requirement of the assessment's level, with the finding that
-- counts (the effective_findings view) and whether the requirement is on the POA&M.
-- Parameters: $org_id (bigint, null = every organization).
-- Rules: the deduction is the requirement's DoD value, or its partial value with explicit partial credit (DoD
-- Assessment Methodology v1.2.1); it is deducted when the finding is NOT_MET or NOT_ASSESSED (a requirement missing
-- from a submission counts as NOT MET: packages/catalog/reference/rules.md "Findings"). On the POA&M: the file's own flag, or an
-- open POA&M item for the requirement at that level.
select
  f.organization_id,
  o.name as organization_name,
  o.cage,
  f.assessment_id,
  f.level,
  a.assessment_date,
  a.assessment_type,
  f.nist_id,
  f.cmmc_id,
  f.title,
  f.finding,
  f.deduction as points,
  case when f.finding in ('NOT_MET', 'NOT_ASSESSED') then coalesce(f.deduction, 0) else 0 end as deducted,
  f.flagged_on_poam or exists (
    select 1 from poam_items p
    where p.organization_id = f.organization_id and p.level = f.level and p.nist_id = f.nist_id
      and p.status = 'open'
  ) as on_poam
from effective_findings f
join assessments a on a.id = f.assessment_id
join organizations o on o.id = f.organization_id
where $org_id is null or f.organization_id = $org_id
order by o.name_key, o.id, f.level, a.assessment_date desc, f.assessment_id desc, f.ordinal
