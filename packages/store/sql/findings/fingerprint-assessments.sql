-- One row per assessment: a fingerprint of everything its effective_findings rows are computed from, so that
-- refreshEffectiveFindings() can tell which rows of materialised_findings (migration 004) are stale.
-- Parameters: none. Inputs covered: the assessment's organization and level; its requirement_results and
-- objective_results rows (count and an order-independent sum of row hashes, over the columns the view reads); the
-- requirement catalog and objectives (re-seeded on every migrate); the text of the effective_findings view.
-- About 20 ms at 10,000 suppliers (1.2 M result rows).
create or replace temp table findings_fingerprints as
with definition as (
  select
    coalesce((
      select sum(hash(level, nist_id, cmmc_id, family, family_name, title, points, partial_points, poam_eligibility,
        never_on_poam))
      from requirements
    ), 0)
    + coalesce((select sum(hash(nist_id, objective_id)) from requirement_objectives), 0)
    + coalesce((
      select any_value(hash(sql)) from duckdb_views()
      where database_name = current_database() and schema_name = 'main' and view_name = 'effective_findings'
    ), 0) as fingerprint
),
requirement_rows as (
  select assessment_id, count(*) as rows, sum(hash(nist_id, finding, partial_credit, on_poam)) as checksum
  from requirement_results
  group by assessment_id
),
objective_rows as (
  select assessment_id, count(*) as rows, sum(hash(nist_id, objective_id, finding)) as checksum
  from objective_results
  group by assessment_id
)
select
  a.id as assessment_id,
  hash(a.organization_id, a.level, d.fingerprint, r.rows, r.checksum, o.rows, o.checksum) as fingerprint
from assessments a
cross join definition d
left join requirement_rows r on r.assessment_id = a.id
left join objective_rows o on o.assessment_id = a.id
