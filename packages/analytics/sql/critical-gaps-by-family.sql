-- One row per level and requirement family with at least one requirement that can block a Conditional status: how
-- many blocking NOT MET findings the organizations' latest assessments known on $as_of have in it, how many
-- organizations have at least one, out of how many assessed at that level, and that rate.
-- Parameters: $as_of (date); $level (integer, null = Levels 2 and 3).
-- Rule: blocking_requirements and not_met_findings.blocking_reason (store migration 006, with its 32 CFR 170.21
-- sources); the latest assessment: latest_assessments (migration 005).
with params as (
  select cast($level as integer) as level
),
latest as (
  select l.id as assessment_id, l.level
  from latest_assessments($as_of) l, params p
  where l.level in (2, 3) and (p.level is null or l.level = p.level)
),
assessed as (
  select level, count(*) as suppliers_assessed from latest group by level
),
families as (
  select r.level, r.family, any_value(r.family_name) as family_name, count(*) as critical_requirements
  from blocking_requirements r, params p
  where r.level in (2, 3) and (p.level is null or r.level = p.level)
  group by r.level, r.family
),
failing as (
  select
    f.level,
    f.family,
    count(*) as failing_findings,
    count(distinct f.organization_id) as suppliers_failing
  from not_met_findings f
  join latest l on l.assessment_id = f.assessment_id
  where f.blocking_reason is not null
  group by f.level, f.family
)
select
  k.level,
  k.family,
  k.family_name,
  k.critical_requirements,
  coalesce(f.failing_findings, 0) as failing_findings,
  coalesce(f.suppliers_failing, 0) as suppliers_failing,
  coalesce(a.suppliers_assessed, 0) as suppliers_assessed,
  case
    when coalesce(a.suppliers_assessed, 0) = 0 then null
    else coalesce(f.suppliers_failing, 0) / a.suppliers_assessed
  end as rate
from families k
left join failing f on f.level = k.level and f.family = k.family
left join assessed a on a.level = k.level
order by k.level, suppliers_failing desc, failing_findings desc, k.family
