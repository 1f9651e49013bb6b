-- Parquet export: one row per POA&M milestone, with its item's organization_id to partition by.
select m.*, p.organization_id from poam_milestones m join poam_items p on p.id = m.poam_item_id
