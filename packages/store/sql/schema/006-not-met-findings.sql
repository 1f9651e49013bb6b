-- Which NOT MET requirement may never be on a POA&M, and so blocks a Conditional CMMC status while it stays NOT MET:
-- written once here for the status (supplier-scores.sql) and the critical-gap queries of @cmmc/analytics, so that
-- they cannot disagree.
-- poam_blocking_reason(level, points, deduction, never_on_poam, poam_eligibility, partial_credit): the reason code, or
-- null when the requirement may be on a POA&M (whether it is on one is the status query's business). Arguments are
-- effective_findings' columns of the same names (migration 003).
-- Rule, first match wins (weights from `requirements`, the item limit `level2_max_poam_item_points` from
-- `rule_constants`):
-- - Level 1: POAM_NOT_ALLOWED, Level 1 allows no POA&M at all (32 CFR 170.21(a)(1));
-- - Level 2, the SSP (3.12.4, the one requirement without a value): SSP_MISSING, as without it there is no score at
--   all (170.24(c)(2)(i)(B)(5)); it is also excluded by name, but this is the reason that tells the supplier more;
-- - a requirement excluded from the POA&M by name: EXCLUDED_BY_NAME (170.21(a)(2)(iii), (a)(3)(ii));
-- - Level 2, a deduction above the POA&M item limit: VALUE_ABOVE_ONE_POINT (170.21(a)(2)(ii)), except 3.13.11
--   ('only-if-partial') taken at its partial value (3), which that paragraph allows.
-- NOT_ASSESSED counts as NOT MET throughout (packages/catalog/reference/rules.md "Findings").
create macro poam_blocking_reason(level, points, deduction, never_on_poam, poam_eligibility, partial_credit) as
case
  when level = 1 then 'POAM_NOT_ALLOWED'
  when level = 2 and points is null then 'SSP_MISSING'
  when never_on_poam then 'EXCLUDED_BY_NAME'
  when level = 2
    and deduction > (select value from rule_constants where name = 'level2_max_poam_item_points')
    and not (poam_eligibility = 'only-if-partial' and partial_credit)
    then 'VALUE_ABOVE_ONE_POINT'
end;

-- One row per NOT MET finding (NOT_ASSESSED included): every column of effective_findings, and blocking_reason.
-- effective_findings is named unqualified on purpose: after Store.refreshEffectiveFindings() the connection has a
-- temporary effective_findings over the materialised rows (migration 004), which DuckDB resolves before main's view
-- from inside this view too, so reading it re-aggregates nothing (store.test.ts checks the plan).
create view not_met_findings as
select
  f.*,
  poam_blocking_reason(
    f.level, f.points, f.deduction, f.never_on_poam, f.poam_eligibility, f.partial_credit
  ) as blocking_reason
from effective_findings f
where f.finding not in ('MET', 'NOT_APPLICABLE');

-- One row per catalog requirement, every level, that blocks when it is NOT MET at its full value (deduction = points,
-- no partial credit): the requirements a portfolio's critical gaps are counted against, so 3.13.11 is one of them.
-- Every column of requirements, and blocking_reason.
create view blocking_requirements as
select *
from (
  select
    r.*,
    poam_blocking_reason(
      r.level, r.points, r.points, r.never_on_poam, r.poam_eligibility, false
    ) as blocking_reason
  from requirements r
)
where blocking_reason is not null;
