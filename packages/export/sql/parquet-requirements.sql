-- Parquet export: the requirement catalog (not partitioned: it belongs to no organization).
select * from requirements
