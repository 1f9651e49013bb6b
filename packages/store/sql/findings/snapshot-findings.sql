-- On a read-only store whose materialised_findings is stale: a per-connection snapshot of effective_findings built
-- from the table's rows for the assessments that are current plus the view's rows for the stale ones (so its cost
-- follows what changed since the table was last refreshed). Parameters: none.
create or replace temp table effective_findings as
select m.*
from main.materialised_effective_findings m
where m.assessment_id not in (select assessment_id from findings_stale)
union all
select f.*
from main.effective_findings f
where f.assessment_id in (select assessment_id from findings_stale)
