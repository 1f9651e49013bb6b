-- Parquet export: the 800-171A objectives of the catalog (not partitioned).
select * from requirement_objectives
