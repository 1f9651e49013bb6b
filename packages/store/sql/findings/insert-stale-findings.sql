-- Recomputes the stale assessments' rows from the effective_findings view (migration 003), in assessment order; the
-- catalog columns are left to materialised_effective_findings. Parameters: none.
insert into main.materialised_findings
select
  f.assessment_id,
  f.organization_id,
  f.level,
  f.nist_id,
  f.requirement_finding,
  f.objective_finding,
  f.finding,
  f.partial_credit,
  f.flagged_on_poam,
  f.deduction
from main.effective_findings f
where f.assessment_id in (select assessment_id from findings_stale)
order by f.assessment_id
