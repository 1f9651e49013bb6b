-- One row per NOT MET requirement that blocks a Conditional status, in each organization's latest assessment per level
-- known on $as_of (assessment_date <= $as_of), most valuable first (3.12.4, which has no value, leads).
-- Parameters: $as_of (date); $level (integer, null = Levels 2 and 3); $organization_id (bigint, null = all);
-- $organization (varchar, null = all: CAGE code or name, case-insensitive).
-- Rule (32 CFR 170.21(a)(2)(ii)-(iii), (a)(3)(ii)): such a requirement can never be on a POA&M, so while it is NOT MET
-- (NOT_ASSESSED included) there is no CMMC status: Level 2 requirements worth more than the POA&M item limit (except
-- 3.13.11 at its partial value), the requirements excluded by name, and the SSP (3.12.4, 170.24(c)(2)(i)(B)(5));
-- at Level 3 the requirements excluded by name. Weights from `requirements`, the limit from `rule_constants`.
-- The requirement's CMMC id, family and title are not repeated on every row (40,000 rows at 10,000 suppliers): the
-- module adds them from `requirements` (requirement-titles.sql).
with params as (
  select
    cast($as_of as date) as as_of,
    cast($level as integer) as level,
    cast($organization_id as bigint) as organization_id,
    cast($organization as varchar) as organization
),
constants as (
  select max(value) filter (where name = 'level2_max_poam_item_points') as max_poam_item_points
  from rule_constants
),
latest as (
  select a.id as assessment_id
  from assessments a, params p
  where a.assessment_date <= p.as_of and a.level in (2, 3)
  qualify row_number() over (
    partition by a.organization_id, a.level
    order by a.assessment_date desc, a.id desc
  ) = 1
),
blocking as (
  select
    f.*,
    case
      when f.level = 2 and f.points is null then 'SSP_MISSING'
      when f.never_on_poam then 'EXCLUDED_BY_NAME'
      when f.level = 2
        and f.deduction > c.max_poam_item_points
        and not (f.poam_eligibility = 'only-if-partial' and f.partial_credit)
        then 'VALUE_ABOVE_ONE_POINT'
    end as reason_code
  from effective_findings f
  join latest l on l.assessment_id = f.assessment_id
  cross join constants c
  where f.finding not in ('MET', 'NOT_APPLICABLE')
)
select
  b.organization_id,
  o.name as organization_name,
  o.cage,
  b.level,
  b.assessment_id,
  b.nist_id,
  b.finding,
  b.deduction as points,
  b.reason_code
from blocking b
join organizations o on o.id = b.organization_id
cross join params p
where b.reason_code is not null
  and (p.level is null or b.level = p.level)
  and (p.organization_id is null or b.organization_id = p.organization_id)
  and (
    p.organization is null
    or upper(o.cage) = upper(p.organization)
    or lower(o.name) = lower(p.organization)
    or o.name_key = lower(p.organization)
  )
order by o.name, b.organization_id, b.level, b.deduction is null desc, b.deduction desc, b.ordinal
