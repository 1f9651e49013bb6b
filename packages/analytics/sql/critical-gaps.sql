-- One row per NOT MET requirement (NOT_ASSESSED included) that blocks a Conditional status, in each organization's
-- latest assessment per level known on $as_of, most valuable first (3.12.4, which has no value, leads).
-- Parameters: $as_of (date); $level (integer, null = Levels 2 and 3); $organization_id (bigint, null = all);
-- $organization (varchar, null = all: CAGE code or name, case-insensitive).
-- Rule: not_met_findings.blocking_reason (store migration 006, with its 32 CFR 170.21 sources); the latest assessment:
-- latest_assessments (migration 005).
-- The requirement's CMMC id, family and title are not repeated on every row (40,000 rows at 10,000 suppliers): the
-- module adds them from `requirements` (requirement-titles.sql).
with params as (
  select
    cast($level as integer) as level,
    cast($organization_id as bigint) as organization_id,
    cast($organization as varchar) as organization
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
  b.blocking_reason as reason_code
from not_met_findings b
join latest_assessments($as_of) l on l.id = b.assessment_id
join organizations o on o.id = b.organization_id
cross join params p
where b.blocking_reason is not null
  and b.level in (2, 3)
  and (p.level is null or b.level = p.level)
  and (p.organization_id is null or b.organization_id = p.organization_id)
  and (
    p.organization is null
    or upper(o.cage) = upper(p.organization)
    or lower(o.name) = lower(p.organization)
    or o.name_key = lower(p.organization)
  )
order by o.name, b.organization_id, b.level, b.deduction is null desc, b.deduction desc, b.ordinal
