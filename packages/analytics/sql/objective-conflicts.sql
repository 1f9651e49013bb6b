-- One row per requirement whose requirement-level answer contradicts the finding derived from its objectives: MET or
-- N/A while an objective is NOT MET or objectives are missing, or NOT MET while every objective is MET or N/A.
-- A requirement-level NOT_ASSESSED (or no row) is not a contradiction: the objectives fill it in.
-- Parameters: $organization_id (bigint, null = all); $organization (varchar, null = all: CAGE code or name).
-- Rule: NIST SP 800-171A / CMMC Assessment Guide L2 "Assessment Findings" and 32 CFR 170.24(b): a requirement is MET
-- only if every applicable objective is MET or N/A; one NOT MET objective fails it. The derivation is in the
-- effective_findings view (store migration 003).
with params as (
  select cast($organization_id as bigint) as organization_id, cast($organization as varchar) as organization
),
conflicts as (
  select f.*
  from effective_findings f
  where f.objective_finding is not null
    and (
      (f.requirement_finding in ('MET', 'NOT_APPLICABLE') and f.objective_finding in ('NOT_MET', 'NOT_ASSESSED'))
      or (f.requirement_finding = 'NOT_MET' and f.objective_finding in ('MET', 'NOT_APPLICABLE'))
    )
),
objective_detail as (
  select
    o.assessment_id,
    o.nist_id,
    coalesce(list_sort(list_distinct(list(o.objective_id) filter (where o.finding = 'NOT_MET'))), [])
      as objectives_not_met
  from objective_results o
  join conflicts c on c.assessment_id = o.assessment_id and c.nist_id = o.nist_id
  group by o.assessment_id, o.nist_id
),
missing as (
  select c.assessment_id, c.nist_id, list(ro.objective_id order by ro.objective_id) as objectives_missing
  from conflicts c
  join requirement_objectives ro on ro.nist_id = c.nist_id
  where not exists (
    select 1
    from objective_results o
    where o.assessment_id = c.assessment_id
      and o.objective_id = ro.objective_id
      and o.finding in ('MET', 'NOT_APPLICABLE', 'NOT_MET')
  )
  group by c.assessment_id, c.nist_id
)
select
  c.organization_id,
  o.name as organization_name,
  o.cage,
  c.level,
  c.assessment_id,
  c.nist_id,
  c.cmmc_id,
  c.title,
  c.requirement_finding,
  c.objective_finding,
  coalesce(d.objectives_not_met, []) as objectives_not_met,
  coalesce(m.objectives_missing, []) as objectives_missing
from conflicts c
join organizations o on o.id = c.organization_id
cross join params p
left join objective_detail d on d.assessment_id = c.assessment_id and d.nist_id = c.nist_id
left join missing m on m.assessment_id = c.assessment_id and m.nist_id = c.nist_id
where (p.organization_id is null or c.organization_id = p.organization_id)
  and (
    p.organization is null
    or upper(o.cage) = upper(p.organization)
    or lower(o.name) = lower(p.organization)
    or o.name_key = lower(p.organization)
  )
order by o.name, c.organization_id, c.assessment_id, c.ordinal
