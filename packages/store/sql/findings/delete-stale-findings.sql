-- Deletes the materialised rows of the stale assessments. Parameters: none.
delete from main.materialised_findings
where assessment_id in (select assessment_id from findings_stale)
