-- One row per level and requirement family: how many blocking NOT MET findings (see critical-gaps.sql) the
-- organizations' latest assessments known on $as_of have in it, how many organizations have at least one, out of
-- how many assessed at that level, and that rate.
-- Parameters: $as_of (date); $level (integer, null = Levels 2 and 3).
-- Rule: 32 CFR 170.21(a)(2)(ii)-(iii), (a)(3)(ii); 170.24(c)(2)(i)(B)(5). Weights from `requirements`.
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
families as (
  select r.level, r.family, any_value(r.family_name) as family_name,
    count(*) filter (
      where (r.level = 2 and (r.never_on_poam or r.points is null or r.points > c.max_poam_item_points))
        or (r.level = 3 and r.never_on_poam)
    ) as critical_requirements
  from requirements r, constants c, params p
  where r.level in (2, 3) and (p.level is null or r.level = p.level)
  group by r.level, r.family
),
failing as (
  select
    f.level,
    f.family,
    count(*) as failing_findings,
    count(distinct f.organization_id) as suppliers_failing
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
where k.critical_requirements > 0
order by k.level, suppliers_failing desc, failing_findings desc, k.family
