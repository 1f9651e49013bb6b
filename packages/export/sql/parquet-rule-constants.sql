-- Parquet export: the rule constants (not partitioned).
select * from rule_constants
