-- One row per organization, level and requirement family, for each organization's latest assessment per level known
-- on $as_of (latest_assessments, store migration 005): how many of the family's requirements are MET, NOT MET, N/A or
-- not assessed, the points the family can lose and the points it lost (the scorecard's "where the score went").
-- Parameters: $as_of (date); $level (integer, null = every level); $organization_id (bigint, null = all);
-- $organization (varchar, null = all: CAGE code or name, case-insensitive).
-- Rule: DoD Assessment Methodology v1.2.1 / 32 CFR 170.24(c)(2): a NOT MET requirement (NOT_ASSESSED included) loses
-- its value, or its partial value with explicit partial credit; N/A counts as MET; 3.12.4 has no value (when it is
-- NOT MET there is no score at all: see supplier-scores.sql). Level 1 has no points (null). Weights from `requirements`.
with params as (
  select
    cast($level as integer) as level,
    cast($organization_id as bigint) as organization_id,
    cast($organization as varchar) as organization
),
latest as (
  select l.id as assessment_id
  from latest_assessments($as_of) l, params p
  where p.level is null or l.level = p.level
),
by_family as (
  select
    f.organization_id,
    f.level,
    f.assessment_id,
    f.family,
    any_value(f.family_name) as family_name,
    min(f.ordinal) as first_ordinal,
    count(*) as requirements,
    count(*) filter (where f.finding = 'MET') as met,
    count(*) filter (where f.finding in ('NOT_MET', 'NOT_ASSESSED')) as not_met,
    count(*) filter (where f.finding = 'NOT_APPLICABLE') as not_applicable,
    count(*) filter (where f.finding = 'NOT_ASSESSED') as not_assessed,
    sum(f.points) as points_possible,
    coalesce(sum(f.deduction) filter (where f.finding in ('NOT_MET', 'NOT_ASSESSED')), 0) as points_lost,
    coalesce(
      list(f.nist_id order by f.ordinal) filter (where f.finding in ('NOT_MET', 'NOT_ASSESSED')),
      []
    ) as not_met_ids
  from effective_findings f
  join latest l on l.assessment_id = f.assessment_id
  group by f.organization_id, f.level, f.assessment_id, f.family
)
select
  b.organization_id,
  o.name as organization_name,
  o.cage,
  b.level,
  b.assessment_id,
  b.family,
  b.family_name,
  b.requirements,
  b.met,
  b.not_met,
  b.not_applicable,
  b.not_assessed,
  b.points_possible,
  case when b.level = 1 then null else b.points_lost end as points_lost,
  b.not_met_ids
from by_family b
join organizations o on o.id = b.organization_id
cross join params p
where (p.organization_id is null or b.organization_id = p.organization_id)
  and (
    p.organization is null
    or upper(o.cage) = upper(p.organization)
    or lower(o.name) = lower(p.organization)
    or o.name_key = lower(p.organization)
  )
order by o.name, b.organization_id, b.level, b.first_ordinal
