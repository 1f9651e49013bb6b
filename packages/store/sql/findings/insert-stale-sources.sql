-- Records the fingerprints the recomputed rows were built from; written last, after the rows.
-- Parameters: none.
insert into main.materialised_findings_sources
select f.assessment_id, f.fingerprint
from findings_fingerprints f
where f.assessment_id in (select assessment_id from findings_stale)
