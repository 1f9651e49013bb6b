-- Forgets the fingerprints of the stale assessments first, so an interrupted refresh leaves them stale, never wrong.
-- Parameters: none.
delete from main.materialised_findings_sources
where assessment_id in (select assessment_id from findings_stale)
