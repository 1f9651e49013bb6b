-- One row per requirement that can block a Conditional status (see critical-gaps.sql), per level: at how many of the
-- organizations' latest assessments known on $as_of it is NOT MET and blocking, out of how many assessed at that
-- level, and the rate. Requirements failing nowhere are included (failing 0), so the matrix is complete.
-- Parameters: $as_of (date); $level (integer, null = Levels 2 and 3).
-- Rule: 32 CFR 170.21(a)(2)(ii)-(iii), (a)(3)(ii); 170.24(c)(2)(i)(B)(5) for 3.12.4. Weights from `requirements`.
with params as (
  select cast($as_of as date) as as_of, cast($level as integer) as level
),
constants as (
  select max(value) filter (where name = 'level2_max_poam_item_points') as max_poam_item_points
  from rule_constants
),
latest as (
  select a.id as assessment_id, a.level
  from assessments a, params p
  where a.assessment_date <= p.as_of and a.level in (2, 3) and (p.level is null or a.level = p.level)
  qualify row_number() over (
    partition by a.organization_id, a.level
    order by a.assessment_date desc, a.id desc
  ) = 1
),
assessed as (
  select level, count(*) as suppliers_assessed from latest group by level
),
critical as (
  select r.level, r.nist_id, r.cmmc_id, r.family, r.family_name, r.title, r.points, r.never_on_poam
  from requirements r, constants c, params p
  where (p.level is null or r.level = p.level)
    and (
      (r.level = 2 and (r.never_on_poam or r.points is null or r.points > c.max_poam_item_points))
      or (r.level = 3 and r.never_on_poam)
    )
),
failing as (
  select f.level, f.nist_id, count(*) as suppliers_failing
  from effective_findings f
  join latest l on l.assessment_id = f.assessment_id
  cross join constants c
  where f.finding not in ('MET', 'NOT_APPLICABLE')
    and (
      f.never_on_poam
      or f.points is null
      or (
        f.level = 2
        and f.deduction > c.max_poam_item_points
        and not (f.poam_eligibility = 'only-if-partial' and f.partial_credit)
      )
    )
    and f.level in (2, 3)
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
