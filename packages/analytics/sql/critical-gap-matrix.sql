-- One row per requirement that can block a Conditional status, per level: at how many of the organizations' latest
-- assessments known on $as_of it is NOT MET and blocking, out of how many assessed at that level, and the rate.
-- Requirements failing nowhere are included (failing 0), so the matrix is complete.
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
critical as (
  select r.level, r.nist_id, r.cmmc_id, r.family, r.family_name, r.title, r.points, r.never_on_poam
  from blocking_requirements r, params p
  where r.level in (2, 3) and (p.level is null or r.level = p.level)
),
failing as (
  select f.level, f.nist_id, count(*) as suppliers_failing
  from not_met_findings f
  join latest l on l.assessment_id = f.assessment_id
  where f.blocking_reason is not null
  group by f.level, f.nist_id
)
select
  k.level,
  k.nist_id,
  k.cmmc_id,
  k.family,
  k.family_name,
  k.title,
  k.points,
  k.never_on_poam as excluded_by_name,
  coalesce(f.suppliers_failing, 0) as suppliers_failing,
  coalesce(a.suppliers_assessed, 0) as suppliers_assessed,
  case
    when coalesce(a.suppliers_assessed, 0) = 0 then null
    else coalesce(f.suppliers_failing, 0) / a.suppliers_assessed
  end as rate
from critical k
left join failing f on f.level = k.level and f.nist_id = k.nist_id
left join assessed a on a.level = k.level
order by k.level, suppliers_failing desc, k.points is null desc, k.points desc, k.nist_id
