-- Parquet export: one row per POA&M item.
select * from poam_items
