-- One row per organization and level: its latest assessment at that level with counts and score.
-- Parameters: $org_id.
-- Rules: Level 2 score = 110 minus the value of each NOT MET requirement (32 CFR 170.24(c)(2); DoD Assessment
-- Methodology v1.2.1); Level 3 = 24 minus 1 per NOT MET requirement (170.24(c)(3)); the maximum is the number of
-- requirements at the level, each worth its catalog points, read from the seeded requirements table (never typed here).
-- No score when a requirement with no value (3.12.4, the SSP) is NOT MET, nor at Level 1, which has a result only.
with latest as (
  select id, organization_id, level, assessment_date, assessment_type, status_date,
    row_number() over (partition by organization_id, level order by assessment_date desc, id desc) as rank
  from assessments
  where organization_id = $org_id
),
counted as (
  select
    f.assessment_id,
    count(*) as requirements,
    count(*) filter (where f.finding = 'MET') as met,
    count(*) filter (where f.finding = 'NOT_APPLICABLE') as not_applicable,
    count(*) filter (where f.finding = 'NOT_MET') as not_met,
    count(*) filter (where f.finding = 'NOT_ASSESSED') as not_assessed,
    sum(case when f.finding in ('NOT_MET', 'NOT_ASSESSED') then coalesce(f.deduction, 0) else 0 end) as deducted,
    bool_or(f.finding in ('NOT_MET', 'NOT_ASSESSED') and f.deduction is null) as unscored_gap,
    bool_and(f.points is null) as unscored_level
  from effective_findings f
  join latest l on l.id = f.assessment_id and l.rank = 1
  group by f.assessment_id
)
select
  o.name as organization_name,
  o.cage,
  l.level,
  l.assessment_date,
  l.assessment_type,
  l.status_date,
  c.requirements,
  c.met,
  c.not_applicable,
  c.not_met,
  c.not_assessed,
  c.deducted,
  case when c.unscored_level or c.unscored_gap then null else c.requirements - c.deducted end as score,
  (
    select count(*) from poam_items p
    where p.organization_id = l.organization_id and p.level = l.level and p.status = 'open'
  ) as open_poam_items
from latest l
join counted c on c.assessment_id = l.id
join organizations o on o.id = l.organization_id
where l.rank = 1
order by l.level
