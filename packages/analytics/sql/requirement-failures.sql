-- One row per level and requirement: at how many organizations' latest assessments known on $as_of
-- (latest_assessments, store migration 005) it is NOT MET (NOT_ASSESSED included), out of how many assessed at that
-- level, and the rate; most failed first, at most $limit rows per level.
-- Parameters: $as_of (date); $level (integer, null = every level); $limit (integer, null = every requirement).
-- Rule: 32 CFR 170.24(b): a requirement with any applicable objective NOT MET is NOT MET; a requirement missing from a
-- submission counts as NOT MET (packages/catalog/reference/rules.md "Findings").
with params as (
  select cast($level as integer) as level, cast($limit as integer) as row_limit
),
latest as (
  select l.id as assessment_id, l.level
  from latest_assessments($as_of) l, params p
  where p.level is null or l.level = p.level
),
assessed as (
  select level, count(*) as suppliers_assessed from latest group by level
),
failing as (
  select
    f.level,
    f.nist_id,
    any_value(f.cmmc_id) as cmmc_id,
    any_value(f.family) as family,
    any_value(f.title) as title,
    any_value(f.points) as points,
    count(*) filter (where f.finding in ('NOT_MET', 'NOT_ASSESSED')) as suppliers_failing,
    count(*) filter (where f.finding = 'NOT_ASSESSED') as suppliers_not_assessed
  from effective_findings f
  join latest l on l.assessment_id = f.assessment_id
  group by f.level, f.nist_id
),
ranked as (
  select
    f.*,
    a.suppliers_assessed,
    row_number() over (
      partition by f.level
      order by f.suppliers_failing desc, f.points desc nulls first, f.nist_id
    ) as rank
  from failing f
  join assessed a on a.level = f.level
)
select
  r.level,
  r.nist_id,
  r.cmmc_id,
  r.family,
  r.title,
  r.points,
  r.suppliers_failing,
  r.suppliers_not_assessed,
  r.suppliers_assessed,
  r.suppliers_failing / r.suppliers_assessed as rate,
  r.rank
from ranked r, params p
where r.suppliers_failing > 0 and (p.row_limit is null or r.rank <= p.row_limit)
order by r.level, r.rank
