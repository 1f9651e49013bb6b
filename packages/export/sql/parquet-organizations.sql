-- Parquet export: one row per organization, with its own id repeated as organization_id to partition by.
select o.*, o.id as organization_id from organizations o
