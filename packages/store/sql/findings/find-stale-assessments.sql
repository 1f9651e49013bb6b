-- The assessments whose rows in materialised_findings are missing, out of date or orphaned: every id on which
-- findings_fingerprints (the current data) and materialised_findings_sources (what the table was built from) differ.
-- Parameters: none.
create or replace temp table findings_stale as
select assessment_id from (
  select assessment_id, fingerprint from findings_fingerprints
  except
  select assessment_id, fingerprint from main.materialised_findings_sources
)
union
select assessment_id from (
  select assessment_id, fingerprint from main.materialised_findings_sources
  except
  select assessment_id, fingerprint from findings_fingerprints
)
