-- What the CMMC status rules need beyond an assessment's findings (packages/catalog/reference/rules.md "Statuses are per level
-- and kind", "Closeout", "Eligibility for award"):
-- - assessments.assessment_purpose: 'closeout' when the file ("Assessment Purpose: POA&M Closeout") or suppliers.csv
--   (assessment_purpose) says the assessment is a POA&M closeout assessment (32 CFR 170.21(b)); null otherwise. A
--   closeout is also recognised without it (store migration 010, supplier_status).
-- - poam_items.poam_date: the POA&M's own date as its file gives it (its "POAM Date" metadata, else the earliest
--   detection date of its items, else the file's assessment date); null when none. Analytics attaches an item to the
--   organization's latest assessment of its level dated on or before it, so the answer never depends on ingest order.
-- - organizations.required_status: the status a contract requires of the supplier (L1, L2-self, L2-c3pao, L3), from
--   suppliers.csv's required_status column; null when none is given (cmmc eligibility then judges against L2-self).
alter table assessments add column assessment_purpose varchar;
alter table poam_items add column poam_date date;
alter table organizations add column required_status varchar;

-- Objectives (NIST SP 800-171A; 32 CFR 170.24(b)): a requirement-level answer stands unless one of its objectives is
-- NOT MET. A complete set of objective answers decides the finding (any NOT MET -> NOT_MET, all MET or N/A -> MET or
-- NOT_APPLICABLE); a file that lists only some objectives keeps its requirement-level answer, and the objectives it
-- left out are reported as missing (objective-conflicts.sql), not deducted. Otherwise as store migration 003 (its
-- `required` column is renamed, as supplier_eligibility's parameter of that name would capture it).
create or replace view effective_findings as
with catalog as (
  -- catalog order as one integer: 3.13.11 -> 13011, 3.6.1e -> 6001
  select
    r.*,
    cast(split_part(rtrim(r.nist_id, 'e'), '.', 2) as integer) * 1000
      + cast(split_part(rtrim(r.nist_id, 'e'), '.', 3) as integer) as ordinal
  from requirements r
),
requirement_answers as (
  select
    assessment_id,
    nist_id,
    case
      when bool_or(finding = 'NOT_MET') then 'NOT_MET'
      when bool_or(finding = 'NOT_ASSESSED') then 'NOT_ASSESSED'
      when bool_or(finding = 'MET') then 'MET'
      when bool_or(finding = 'NOT_APPLICABLE') then 'NOT_APPLICABLE'
      else 'NOT_ASSESSED'
    end as finding,
    bool_and(partial_credit) as partial_credit,
    coalesce(bool_or(on_poam), false) as flagged_on_poam
  from requirement_results
  group by assessment_id, nist_id
),
objective_answers as (
  select
    assessment_id,
    nist_id,
    objective_id,
    case
      when bool_or(finding = 'NOT_MET') then 'NOT_MET'
      when bool_or(finding = 'NOT_ASSESSED') then 'NOT_ASSESSED'
      when bool_or(finding = 'MET') then 'MET'
      when bool_or(finding = 'NOT_APPLICABLE') then 'NOT_APPLICABLE'
      else 'NOT_ASSESSED'
    end as finding
  from objective_results
  group by assessment_id, nist_id, objective_id
),
catalog_objective_counts as (
  select nist_id, count(*) as objectives
  from requirement_objectives
  group by nist_id
),
objective_rollup as (
  select
    o.assessment_id,
    o.nist_id,
    bool_or(o.finding = 'NOT_MET') as any_not_met,
    coalesce(any_value(c.objectives), count(*)) as objectives_required,
    count(*) filter (
      where o.finding in ('MET', 'NOT_APPLICABLE') and (c.objectives is null or ro.objective_id is not null)
    ) as satisfied,
    count(*) filter (
      where o.finding = 'NOT_APPLICABLE' and (c.objectives is null or ro.objective_id is not null)
    ) as not_applicable
  from objective_answers o
  left join catalog_objective_counts c on c.nist_id = o.nist_id
  left join requirement_objectives ro on ro.nist_id = o.nist_id and ro.objective_id = o.objective_id
  group by o.assessment_id, o.nist_id
),
derived as (
  select
    assessment_id,
    nist_id,
    case
      when any_not_met then 'NOT_MET'
      when satisfied = objectives_required and not_applicable = objectives_required then 'NOT_APPLICABLE'
      when satisfied = objectives_required then 'MET'
      else 'NOT_ASSESSED'
    end as finding
  from objective_rollup
)
select
  a.id as assessment_id,
  a.organization_id,
  a.level,
  k.nist_id,
  k.cmmc_id,
  k.family,
  k.family_name,
  k.title,
  k.ordinal,
  k.points,
  k.partial_points,
  k.poam_eligibility,
  k.never_on_poam,
  ra.finding as requirement_finding,
  d.finding as objective_finding,
  case
    when d.finding in ('NOT_MET', 'MET', 'NOT_APPLICABLE') then d.finding
    else coalesce(ra.finding, d.finding, 'NOT_ASSESSED')
  end as finding,
  coalesce(ra.partial_credit, false) as partial_credit,
  coalesce(ra.flagged_on_poam, false) as flagged_on_poam,
  case
    when coalesce(ra.partial_credit, false) and k.partial_points is not null then k.partial_points
    else k.points
  end as deduction
from assessments a
join catalog k on k.level = a.level
left join requirement_answers ra on ra.assessment_id = a.id and ra.nist_id = k.nist_id
left join derived d on d.assessment_id = a.id and d.nist_id = k.nist_id;
