-- The effective_findings view (migration 003) kept as a table, so the portfolio-wide analytics stop re-aggregating
-- every requirement and objective result (1.1 M rows at 10,000 suppliers) in every query.
-- materialised_findings: one row per assessment and catalog requirement, the view's per-assessment columns only (the
-- catalog's text is not copied 1.1 M times: materialised_effective_findings joins it back), for the assessments listed
-- in materialised_findings_sources. materialised_findings_sources: one row per assessment the table holds, with the
-- fingerprint of everything its rows were computed from (the assessment's organization and level, a hash of its
-- requirement and objective results, the catalog and the view's definition; sql/findings/fingerprint-assessments.sql).
-- Maintained per assessment by Store.refreshEffectiveFindings(): an assessment whose fingerprint changed, or that was
-- added or deleted, has its rows replaced; the others are kept. Nothing else writes these tables, so ingest needs no
-- change; the first portfolio-wide query after a write pays for the assessments the write touched.
create table materialised_findings (
  assessment_id bigint not null,
  organization_id bigint not null,
  level integer not null,
  nist_id varchar not null,
  requirement_finding varchar,
  objective_finding varchar,
  finding varchar not null,
  partial_credit boolean not null,
  flagged_on_poam boolean not null,
  deduction integer
);

create table materialised_findings_sources (
  assessment_id bigint not null,
  fingerprint ubigint not null
);

-- The materialised rows with the catalog columns joined back: the same columns, in the same order, as
-- effective_findings (ordinal computed as in 003).
create view materialised_effective_findings as
with catalog as (
  select
    r.*,
    cast(split_part(rtrim(r.nist_id, 'e'), '.', 2) as integer) * 1000
      + cast(split_part(rtrim(r.nist_id, 'e'), '.', 3) as integer) as ordinal
  from requirements r
)
select
  m.assessment_id,
  m.organization_id,
  m.level,
  m.nist_id,
  k.cmmc_id,
  k.family,
  k.family_name,
  k.title,
  k.ordinal,
  k.points,
  k.partial_points,
  k.poam_eligibility,
  k.never_on_poam,
  m.requirement_finding,
  m.objective_finding,
  m.finding,
  m.partial_credit,
  m.flagged_on_poam,
  m.deduction
from materialised_findings m
join catalog k on k.level = m.level and k.nist_id = m.nist_id;
