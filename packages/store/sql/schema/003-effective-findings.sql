-- The finding that counts for every requirement of every assessment, as a view so that scores, gaps, family scores
-- and objective conflicts in @cmmc/analytics all read one definition instead of four copies.
-- One row per assessment and catalog requirement of the assessment's level (110 at Level 2, 17 NIST ids at Level 1,
-- 24 at Level 3), whether or not the supplier's file mentioned it.
-- Rules (packages/catalog/reference/rules.md "Findings"; cmmc-rules-notes.md sections 7-8):
-- - where objective results exist for a requirement, its finding is derived from them (NIST SP 800-171A; 32 CFR
--   170.24(b)): any objective NOT MET -> NOT_MET; every catalog objective MET or N/A -> MET (all N/A ->
--   NOT_APPLICABLE); otherwise NOT_ASSESSED. A requirement without catalog objectives (Level 3) uses the objectives
--   supplied;
-- - otherwise the requirement-level finding; a requirement with no row is NOT_ASSESSED (and counts as NOT MET);
-- - duplicate rows for one requirement or objective: the worst finding wins (NOT_MET, NOT_ASSESSED, MET, N/A), so
--   the order rows were loaded in never matters; partial credit only when every duplicate row claims it;
-- - deduction: the requirement's points, or its partial points (3.5.3, 3.13.11) with explicit partial credit
--   (DoD Assessment Methodology v1.2.1; 32 CFR 170.24(c)(2)(i)(B)(4)); null for 3.12.4 and at Level 1.
create view effective_findings as
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
    coalesce(any_value(c.objectives), count(*)) as required,
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
      when satisfied = required and not_applicable = required then 'NOT_APPLICABLE'
      when satisfied = required then 'MET'
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
  coalesce(d.finding, ra.finding, 'NOT_ASSESSED') as finding,
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
