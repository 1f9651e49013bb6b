-- Which assessment speaks for an organization at a level on a given day, as a table macro, so that the gaps, family
-- scores, requirement failures and POA&M summaries in @cmmc/analytics all pick the same one. A table macro rather than
-- a view because the answer depends on the day asked about.
-- latest_assessments(as_of): one row per organization and level with an assessment dated on or before as_of (a date,
-- or text DuckDB casts to one): that latest assessment's `assessments` row, every column. Two on the same day: the
-- larger id (the one loaded later) wins, so the choice never depends on scan order.
-- Levels are whole partitions of the ranking, so filtering on level outside the macro gives the same rows as inside.
-- supplier-scores.sql ranks assessments itself: it also needs the one before the latest and the latest C3PAO one,
-- after narrowing to the organizations asked about.
create macro latest_assessments(as_of) as table
select a.*
from assessments a
where a.assessment_date <= cast(as_of as date)
qualify row_number() over (
  partition by a.organization_id, a.level
  order by a.assessment_date desc, a.id desc
) = 1;
