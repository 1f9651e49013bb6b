-- Deletes the milestones of one source file's POA&M items. Parameters: $source_file_id.
delete from poam_milestones
where poam_item_id in (select id from poam_items where source_file_id = $source_file_id)
