-- Before a file's assessments are deleted, POA&M items pointing at them become orphans again (re-attached to the
-- organization's latest assessment after the load). Parameters: $source_file_id.
update poam_items
set assessment_id = null
where assessment_id in (select id from assessments where source_file_id = $source_file_id)
