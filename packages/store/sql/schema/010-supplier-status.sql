-- Every CMMC status each organization holds on a day, as table macros, so that `cmmc scores`, `cmmc eligibility`, the
-- reports and a user of the DuckDB CLI or a BI tool all read one definition. The TypeScript reference is
-- decideStatuses / decideStatus in @cmmc/catalog, which this must match answer for answer (property-tested in
-- @cmmc/analytics); weights and thresholds come from `requirements` and `rule_constants` only.

-- poam_item_owners(as_of): one row per POA&M item: the assessment it belongs to (null when none) and the POA&M's own
-- date. Rule (packages/catalog/reference/rules.md; issue 15): an item that came in an assessment's own file belongs to that
-- assessment (same file, organization and level); any other belongs to the organization's latest assessment of its
-- level dated on or before the POA&M's date (poam_items.poam_date, else the earliest detection date of the items of
-- its file; ties: the larger id), decided here, when analytics runs, so any ingest order gives the same answer. A
-- POA&M with no date at all belongs to the latest assessment of its level dated on or before as_of.
-- only_organizations (optional, a list of organization ids; null = all) narrows the rows, so a question about one
-- supplier reads only its items.
create macro poam_item_owners(as_of, only_organizations := null) as table
with item_dates as (
  select
    i.id,
    i.organization_id,
    i.level,
    i.source_file_id,
    coalesce(
      i.poam_date,
      min(i.detection_date) over (partition by i.source_file_id, i.organization_id, i.level)
    ) as poam_date
  from poam_items i
  where only_organizations is null or list_contains(only_organizations, i.organization_id)
),
same_file as (
  select d.id as poam_item_id, max(a.id) as assessment_id
  from item_dates d
  join assessments a
    on a.source_file_id = d.source_file_id and a.organization_id = d.organization_id and a.level = d.level
  group by d.id
),
by_date as (
  select d.id as poam_item_id, a.id as assessment_id
  from item_dates d
  join assessments a
    on a.organization_id = d.organization_id
    and a.level = d.level
    and a.assessment_date <= coalesce(d.poam_date, cast(as_of as date))
  where d.id not in (select poam_item_id from same_file)
  qualify row_number() over (partition by d.id order by a.assessment_date desc, a.id desc) = 1
)
select
  d.id as poam_item_id,
  d.organization_id,
  d.level,
  coalesce(s.assessment_id, b.assessment_id) as assessment_id,
  d.poam_date
from item_dates d
left join same_file s on s.poam_item_id = d.id
left join by_date b on b.poam_item_id = d.id;

-- supplier_status(as_of): one row per organization and status kind it has an assessment of on as_of (a date, or text
-- DuckDB casts to one), and one row per undated assessment. Kinds (32 CFR 170.4, 170.15-170.18): self-assessments give
-- Level 1 (Self) / Level 2 (Self); c3pao gives Level 2 (C3PAO); dibcac gives Level 2 (C3PAO) at Level 2 and Level 3
-- (DIBCAC) at Level 3. Each row is read from the latest initial assessment of its kind dated on or before as_of (ties:
-- the larger id); an assessment marked as a POA&M closeout assessment (assessment_purpose = 'closeout') never decides
-- a status on its own. Rules:
-- - Level 2 score: max minus the deduction of each requirement NOT MET, NOT_ASSESSED included (DoD Assessment
--   Methodology v1.2.1; 170.24(c)(2)); no score when the SSP (3.12.4) is NOT MET (170.24(c)(2)(i)(B)(5)). Level 3:
--   1 point each (170.24(c)(3)). Level 1: a result, no score.
-- - Conditional: denominator * score >= numerator * max (170.21(a)), every NOT MET requirement on the POA&M
--   (170.24(c)(2)(i)(B)(6)), none that may never be on one (not_met_findings.blocking_reason, migration 006). Items
--   belong to assessments by poam_item_owners above. It expires after status date + 180 days (day 180 the last valid
--   day). POA&M items all reported closed leave it Conditional (CLOSEOUT_PENDING): only a closeout assessment closes.
-- - Closeout (170.21(b)): the POA&M closeout assessment of the latest initial assessment, when that one is Conditional
--   on its own, is the latest assessment of the same kind marked as a closeout that is newer and dated after its status
--   date. Without a marked one, the latest initial assessment is the closeout of the one before it when it is dated
--   after that one's status date and no later than its 180th day, finds every requirement NOT MET there MET or N/A,
--   and finds nothing else NOT MET. Within the window and all MET: Final, score max, closed_out_on = its date, no
--   open deadline, the row read from the closeout assessment; the three years still run from the Conditional status
--   date. A marked one within the window that still finds a requirement NOT MET ends the Conditional status (EXPIRED,
--   CLOSEOUT_FAILED; DoD CIO FAQ C-A8); one after the window changes nothing (the status expired on day 181).
-- - Final lasts 3 years (Level 1: 1 year) from the status date (status_date, else assessment_date); 29 February plus a
--   year is 1 March, as @cmmc/catalog addYears.
-- - Level 3 needs the organization's Level 2 (C3PAO) status on as_of to be FINAL, achieved (closed_out_on, else its
--   status date) on or before the Level 3 assessment date (170.18(a): "must have first achieved").
-- - An undated assessment: its score, NO_STATUS, ASSESSMENT_DATE_UNKNOWN, whatever as_of; it decides no dated status.
-- - Annual affirmation (170.22): the latest one recorded at the level by as_of; a FINAL or CONDITIONAL status is due
--   a year after it when it is on or after the status date, else a year after the status date; overdue after that.
--   It never changes the status.
-- Reasons come back as a list of {code, requirement, message}, worded exactly as decideStatus words them.
create macro supplier_status(as_of, only_organizations := null) as table
with params as (
  select cast(as_of as date) as as_of
),
constants as (
  select
    max(value) filter (where name = 'level2_max_score') as level2_max_score,
    max(value) filter (where name = 'level3_max_score') as level3_max_score,
    max(value) filter (where name = 'conditional_numerator') as numerator,
    max(value) filter (where name = 'conditional_denominator') as denominator,
    max(value) filter (where name = 'poam_closeout_days') as closeout_days,
    max(value) filter (where name = 'level1_validity_years') as level1_validity_years,
    max(value) filter (where name = 'level2_validity_years') as level2_validity_years,
    max(value) filter (where name = 'level3_validity_years') as level3_validity_years
  from rule_constants
),
kinded as (
  select
    a.*,
    case
      when a.level = 1 then 'L1-self'
      when a.level = 3 then 'L3-dibcac'
      when a.assessment_type = 'self' then 'L2-self'
      else 'L2-c3pao'
    end as status_kind
  from assessments a
  where only_organizations is null or list_contains(only_organizations, a.organization_id)
),
grouped as (
  -- initial assessments and those marked as closeouts are ranked apart: a marked one never decides a status itself
  select
    k.*,
    coalesce(k.assessment_purpose = 'closeout', false) as marked,
    row_number() over (
      partition by
        k.organization_id,
        k.status_kind,
        k.assessment_date is null,
        coalesce(k.assessment_purpose = 'closeout', false)
      order by k.assessment_date desc, k.id desc
    ) as rank_in_group
  from kinded k, params p
  where k.assessment_date is null or k.assessment_date <= p.as_of
),
ranked as (
  -- recency 1 = the latest initial assessment of its kind on as_of, 2 = the one before it; 0 = undated;
  -- marked_rank 1 = the latest one marked as a closeout
  select
    g.*,
    case when g.assessment_date is null then 0 when not g.marked then g.rank_in_group end as recency,
    case when g.assessment_date is not null and g.marked then g.rank_in_group end as marked_rank
  from grouped g
),
relevant as (
  select
    r.id as assessment_id,
    r.organization_id,
    r.level,
    r.status_kind,
    r.assessment_type,
    r.assessment_purpose,
    r.assessment_date,
    r.date_source,
    coalesce(r.status_date, r.assessment_date) as status_date,
    r.self_reported_score,
    r.recency,
    r.marked_rank,
    case r.level when 2 then c.level2_max_score when 3 then c.level3_max_score end as max_score,
    coalesce(r.status_date, r.assessment_date) + c.closeout_days as closeout_deadline,
    case r.level
      when 1 then c.level1_validity_years
      when 2 then c.level2_validity_years
      else c.level3_validity_years
    end as validity_years
  from ranked r, constants c
  where r.recency <= 2 or r.marked_rank = 1
),
owned_poam as (
  select o.assessment_id, i.nist_id, i.status, i.closed_date
  from poam_item_owners(as_of, only_organizations := only_organizations) o
  join poam_items i on i.id = o.poam_item_id
  where o.assessment_id in (select assessment_id from relevant)
),
poam_coverage as (
  select
    l.assessment_id,
    l.nist_id,
    count(*) as items,
    count(*) filter (where l.status = 'closed' and l.closed_date <= p.as_of) as closed_by_as_of,
    max(l.closed_date) as last_closed
  from owned_poam l, params p
  group by l.assessment_id, l.nist_id
),
not_met as (
  select
    f.assessment_id,
    f.nist_id,
    f.cmmc_id,
    f.ordinal,
    f.finding,
    f.deduction,
    coalesce(f.blocking_reason = 'SSP_MISSING', false) as is_ssp,
    -- the requirement's reasons, in this order: why it may never be on a POA&M (migration 006), then that it has no
    -- POA&M item (170.24(c)(2)(i)(B)(6): every NOT MET requirement must have one; at Levels 2 and 3, Level 1 having no
    -- POA&M at all). 3.12.4's SSP_MISSING never shows here: its assessment takes the 'ssp_missing' path.
    case
      when f.blocking_reason is null then []
      else [struct_pack(
        code := f.blocking_reason,
        requirement := f.nist_id,
        message := case f.blocking_reason
          when 'POAM_NOT_ALLOWED' then
            f.nist_id || ' is not met, and Level 1 allows no POA&M (32 CFR 170.21(a)(1)): every requirement must be met'
          when 'EXCLUDED_BY_NAME' then
            f.cmmc_id || ' is not met and can never be on a POA&M (excluded by name in 32 CFR 170.21(a)('
            || case when f.level = 2 then '2)(iii' else '3)(ii' end || '))'
          when 'VALUE_ABOVE_ONE_POINT' then
            f.cmmc_id || ' is not met and is worth ' || f.deduction
            || ' points: only 1-point requirements (and 3.13.11 at 3) may be on a POA&M (32 CFR 170.21(a)(2)(ii))'
          else f.blocking_reason
        end
      )]
    end
    || case
      when coalesce(pc.items, 0) = 0 and not f.flagged_on_poam and f.level <> 1
        and coalesce(f.blocking_reason, '') <> 'SSP_MISSING'
        then [struct_pack(
          code := 'NOT_ON_POAM',
          requirement := f.nist_id,
          message := f.cmmc_id || ' is not met and has no POA&M item: every NOT MET requirement must be on the POA&M'
            || ' (32 CFR 170.24(c)(2)(i)(B)(6))'
        )]
      else []
    end as requirement_reasons,
    coalesce(pc.items, 0) > 0 and pc.closed_by_as_of = pc.items as reported_closed,
    pc.last_closed
  from not_met_findings f
  join relevant k on k.assessment_id = f.assessment_id
  left join poam_coverage pc on pc.assessment_id = f.assessment_id and pc.nist_id = f.nist_id
),
failures as (
  -- per assessment with at least one requirement NOT MET; the list sorted on the catalog ordinal after aggregation
  select
    n.assessment_id,
    count(*) as not_met_count,
    count(*) filter (where n.finding = 'NOT_ASSESSED') as not_assessed,
    count(*) filter (where n.finding = 'NOT_MET') as explicitly_not_met,
    list_sort(
      list(
        struct_pack(
          ordinal := n.ordinal,
          nist_id := n.nist_id,
          cmmc_id := n.cmmc_id,
          finding := n.finding,
          reasons := n.requirement_reasons
        )
      )
    ) as requirements,
    bool_or(n.is_ssp) as ssp_missing,
    any_value(n.cmmc_id) filter (where n.is_ssp) as ssp_cmmc_id,
    any_value(n.nist_id) filter (where n.is_ssp) as ssp_nist_id,
    sum(n.deduction) as deducted,
    bool_and(n.reported_closed) as reported_closed,
    max(n.last_closed) as reported_closed_on
  from not_met n
  group by n.assessment_id
),
own as (
  -- each relevant assessment decided on its own, before closeouts, Level 3's prerequisite and as_of are applied
  select
    l.*,
    coalesce(f.not_met_count, 0) as not_met_count,
    coalesce(f.not_assessed, 0) as not_assessed,
    coalesce(f.explicitly_not_met, 0) as explicitly_not_met,
    coalesce(list_transform(f.requirements, x -> x.nist_id), []) as not_met,
    coalesce(
      list_transform(list_filter(f.requirements, x -> x.finding = 'NOT_ASSESSED'), x -> x.nist_id),
      []
    ) as not_assessed_ids,
    coalesce(f.ssp_missing, false) as ssp_missing,
    f.ssp_cmmc_id,
    f.ssp_nist_id,
    l.max_score - coalesce(f.deducted, 0) as assessed_score,
    coalesce(flatten(list_transform(f.requirements, x -> x.reasons)), []) as requirement_reasons,
    coalesce(f.reported_closed, false) as reported_closed,
    f.reported_closed_on,
    (l.max_score * c.numerator + c.denominator - 1) // c.denominator as conditional_minimum,
    case
      when l.level = 1 and coalesce(f.not_met_count, 0) > 0 then 'level1_not_met'
      when l.level = 1 then 'final'
      when coalesce(f.ssp_missing, false) then 'ssp_missing'
      when coalesce(f.not_met_count, 0) = 0 then 'final'
      when c.denominator * (l.max_score - coalesce(f.deducted, 0)) < c.numerator * l.max_score
        or len(flatten(list_transform(f.requirements, x -> x.reasons))) > 0
        then 'blocked'
      else 'conditional'
    end as own_path
  from relevant l
  cross join constants c
  left join failures f on f.assessment_id = l.assessment_id
),
own_reasons as (
  select
    o.*,
    case
      when o.own_path in ('level1_not_met', 'blocked') then
        case
          when o.own_path = 'blocked' and c.denominator * o.assessed_score < c.numerator * o.max_score then
            [struct_pack(
              code := 'SCORE_BELOW_THRESHOLD',
              requirement := null::varchar,
              message := 'score ' || o.assessed_score || ' is below ' || o.conditional_minimum || ', '
                || (100 * c.numerator // c.denominator) || ' % of ' || o.max_score || ' (32 CFR 170.21(a)('
                || o.level || ')(i))'
            )]
          else []
        end || o.requirement_reasons
      when o.own_path = 'ssp_missing' then
        [struct_pack(
          code := 'SSP_MISSING',
          requirement := o.ssp_nist_id,
          message := 'no system security plan (' || o.ssp_cmmc_id
            || ' not met): the assessment cannot be completed and has no score (32 CFR 170.24(c)(2)(i)(B)(5))'
        )]
      else []
    end as blocking_reasons
  from own o, constants c
),
marked_closeouts as (
  -- the latest assessment marked as a closeout, newer than the latest initial one and dated after its status date,
  -- offered as that one's POA&M closeout assessment (see the header)
  select
    l.assessment_id,
    l.assessment_id as conditional_id,
    m.assessment_id as closeout_id,
    m.assessment_date <= l.closeout_deadline as in_window,
    coalesce(list_filter(l.not_met, x -> list_contains(m.not_met, x)), []) as still_not_met
  from own_reasons l
  join own_reasons m
    on m.organization_id = l.organization_id and m.status_kind = l.status_kind and m.marked_rank = 1
  where l.recency = 1
    and l.own_path = 'conditional'
    and (m.assessment_date > l.assessment_date or (m.assessment_date = l.assessment_date and m.assessment_id > l.assessment_id))
    and m.assessment_date > l.status_date
),
found_closeouts as (
  -- without a newer marked one: the latest initial assessment closes out the one before it by its findings alone
  select
    l.assessment_id,
    e.assessment_id as conditional_id,
    l.assessment_id as closeout_id,
    true as in_window,
    []::varchar[] as still_not_met
  from own_reasons l
  join own_reasons e
    on e.organization_id = l.organization_id and e.status_kind = l.status_kind and e.recency = 2
  where l.recency = 1
    and e.own_path = 'conditional'
    and l.assessment_date > e.status_date
    and l.assessment_date <= e.closeout_deadline
    and len(list_filter(e.not_met, x -> list_contains(l.not_met, x))) = 0
    and l.explicitly_not_met = 0
    and not exists (
      select 1
      from own_reasons m
      where m.organization_id = l.organization_id
        and m.status_kind = l.status_kind
        and m.marked_rank = 1
        and (m.assessment_date > l.assessment_date or (m.assessment_date = l.assessment_date and m.assessment_id > l.assessment_id))
    )
),
closeouts as (
  select * from marked_closeouts
  union all
  select * from found_closeouts
),
based as (
  -- per row: the assessment it is read from (the closeout assessment after one), the one its status is decided from
  -- (the Conditional one when a closeout applies to it) and how
  select
    x.assessment_id,
    l.organization_id,
    l.level,
    l.status_kind,
    x.assessment_type,
    x.assessment_purpose,
    x.assessment_date,
    x.date_source,
    x.self_reported_score,
    l.recency,
    d.status_date,
    d.max_score,
    d.conditional_minimum,
    d.closeout_deadline,
    d.validity_years,
    d.assessed_score,
    d.own_path,
    d.blocking_reasons,
    d.reported_closed,
    d.reported_closed_on,
    d.not_met,
    d.not_assessed,
    d.not_assessed_ids,
    case
      when l.recency = 0 then 'undated'
      when co.assessment_id is null then d.own_path
      when co.in_window and len(co.still_not_met) = 0 then 'closed_out'
      when co.in_window then 'closeout_failed'
      else 'conditional'
    end as path,
    co.still_not_met,
    case when co.assessment_id is not null then x.assessment_date end as closeout_date,
    d.assessment_date as decided_assessment_date,
    d.ssp_missing,
    -- the assessment before it: the Conditional one after a closeout, else the initial one before the latest
    coalesce(co.conditional_id, p2.assessment_id) as previous_id
  from own_reasons l
  left join closeouts co on co.assessment_id = l.assessment_id
  left join own_reasons d on d.assessment_id = coalesce(co.conditional_id, l.assessment_id)
  left join own_reasons x on x.assessment_id = coalesce(co.closeout_id, l.assessment_id)
  left join own_reasons p2
    on l.recency = 1 and p2.organization_id = l.organization_id and p2.status_kind = l.status_kind
    and p2.recency = 2
  where l.recency in (0, 1)
),
dated as (
  select
    b.*,
    cast(b.status_date + to_years(b.validity_years) as date) as same_day_years_later
  from based b
),
judged as (
  select
    d.* exclude (same_day_years_later),
    d.same_day_years_later
      + case when day(d.same_day_years_later) <> day(d.status_date) then 1 else 0 end as expires_on,
    case
      when d.path = 'undated' then 'undated'
      when d.path = 'closed_out' then 'closed_out'
      when d.path = 'closeout_failed' then 'closeout_failed'
      when d.path <> 'conditional' then d.path
      when p.as_of > d.closeout_deadline then 'window_passed'
      when d.closeout_date is null and d.reported_closed then 'closeout_pending'
      else 'conditional'
    end as final_path
  from dated d, params p
),
decided as (
  select
    j.*,
    p.as_of > j.expires_on as lapsed,
    case
      when j.final_path in ('level1_not_met', 'ssp_missing', 'blocked', 'undated') then 'NO_STATUS'
      when j.final_path in ('final', 'closed_out') and p.as_of > j.expires_on then 'EXPIRED'
      when j.final_path in ('final', 'closed_out') then 'FINAL'
      when j.final_path in ('window_passed', 'closeout_failed') then 'EXPIRED'
      else 'CONDITIONAL'
    end as base_status,
    case
      when j.final_path = 'undated' then
        [struct_pack(
          code := 'ASSESSMENT_DATE_UNKNOWN',
          requirement := null::varchar,
          message := 'no assessment date: give one in the file, suppliers.csv or --assessment-date'
        )]
      when j.final_path in ('level1_not_met', 'blocked', 'ssp_missing') then j.blocking_reasons
      when j.final_path = 'window_passed' then
        [struct_pack(
          code := 'CONDITIONAL_WINDOW_PASSED',
          requirement := null::varchar,
          message := 'the Conditional status expired after ' || j.closeout_deadline
            || ': no POA&M closeout assessment confirmed every item closed within ' || c.closeout_days
            || ' days of the status date ' || j.status_date || ' (32 CFR 170.21(b))'
        )]
      when j.final_path = 'closeout_failed' then
        [struct_pack(
          code := 'CLOSEOUT_FAILED',
          requirement := null::varchar,
          message := 'the POA&M closeout assessment on ' || j.closeout_date || ' still found '
            || array_to_string(j.still_not_met, ', ')
            || ' NOT MET: the Conditional status ends (32 CFR 170.21(b); DoD CIO FAQ C-A8)'
        )]
      when j.final_path = 'closeout_pending' then
        [struct_pack(
          code := 'CLOSEOUT_PENDING',
          requirement := null::varchar,
          message := 'all POA&M items reported closed on ' || j.reported_closed_on
            || '; a closeout assessment must confirm it by ' || j.closeout_deadline || ' (32 CFR 170.21(b))'
        )]
      when j.final_path = 'conditional' then []
      else
        case
          when j.final_path = 'closed_out' then
            [struct_pack(
              code := 'POAM_CLOSED_OUT',
              requirement := null::varchar,
              message := 'a POA&M closeout assessment on ' || j.closeout_date
                || ' found every requirement NOT MET on ' || j.status_date || ' now MET, within the '
                || c.closeout_days || ' days to ' || j.closeout_deadline
                || ' (32 CFR 170.21(b)); the status still dates from ' || j.status_date
            )]
          else []
        end
        || case
          when p.as_of > j.expires_on then
            [struct_pack(
              code := 'STATUS_LAPSED',
              requirement := null::varchar,
              message := 'status lapsed after ' || j.expires_on || ': '
                || case
                  when j.level = 1 then 'Level 1 status lasts one year (32 CFR 170.15)'
                  else 'a Level 2 or 3 status lasts three years; a new assessment is due'
                end
            )]
          else []
        end
    end as base_reasons
  from judged j, params p, constants c
),
level2_certified as (
  -- each organization's Level 2 (C3PAO) status on as_of, and the day it became Final
  select
    organization_id,
    base_status = 'FINAL' as is_final,
    case when final_path = 'closed_out' then closeout_date else status_date end as final_since
  from decided
  where status_kind = 'L2-c3pao' and recency = 1
),
prerequisites as (
  select
    d.*,
    d.status_kind = 'L3-dibcac' and d.recency = 1 and not coalesce(l2.is_final, false) as level2_missing,
    d.status_kind = 'L3-dibcac' and d.recency = 1 and coalesce(l2.is_final, false)
      and l2.final_since > d.decided_assessment_date as level2_late,
    l2.final_since as level2_final_since
  from decided d
  left join level2_certified l2 on l2.organization_id = d.organization_id
),
finished as (
  select
    q.*,
    case when q.level2_missing or q.level2_late then 'NO_STATUS' else q.base_status end as status,
    case
      when q.level2_missing or q.level2_late then
        [struct_pack(
          code := 'LEVEL3_WITHOUT_FINAL_LEVEL2',
          requirement := null::varchar,
          message := case
            when q.level2_missing then
              'Level 3 needs a Final Level 2 (C3PAO) status for the same scope first (32 CFR 170.18(a))'
            else
              'Level 3 needs a Final Level 2 (C3PAO) status achieved first (32 CFR 170.18(a)): the one in force '
              || 'dates from ' || q.level2_final_since || ', after the Level 3 assessment on ' || q.decided_assessment_date
          end
        )]
        || case when q.base_status = 'NO_STATUS' then q.base_reasons else [] end
      else q.base_reasons
    end as reasons,
    case
      when q.level = 1 or q.ssp_missing or q.final_path = 'ssp_missing' then null
      when q.final_path = 'closed_out' and not (q.level2_missing or q.level2_late) then q.max_score
      else q.assessed_score
    end as score
  from prerequisites q
),
affirmations as (
  -- the latest annual affirmation (32 CFR 170.22) recorded for the organization at the level by as_of, from any of
  -- its files: a newer file need not repeat it
  select a.organization_id, a.level, max(a.affirmation_date) as last_affirmed_on
  from assessments a, params p
  where a.affirmation_date <= p.as_of
    and (only_organizations is null or list_contains(only_organizations, a.organization_id))
  group by a.organization_id, a.level
),
previous as (
  -- the score each assessment earned on its own, for the change since the one before
  select
    assessment_id,
    case when level = 1 or own_path = 'ssp_missing' then null else assessed_score end as score
  from own
),
affirmed as (
  select
    r.*,
    f.last_affirmed_on,
    r.status in ('FINAL', 'CONDITIONAL') as in_force,
    r.final_path = 'closed_out' and not (r.level2_missing or r.level2_late) as closed_out,
    coalesce(f.last_affirmed_on >= r.status_date, false) as affirmed_since_status,
    cast(
      case when coalesce(f.last_affirmed_on >= r.status_date, false) then f.last_affirmed_on else r.status_date end
      + interval 1 year as date
    ) as affirmation_same_day,
    case when coalesce(f.last_affirmed_on >= r.status_date, false) then f.last_affirmed_on else r.status_date end
      as affirmation_anchor
  from finished r
  left join affirmations f on f.organization_id = r.organization_id and f.level = r.level
)
select
  r.organization_id,
  o.name as organization_name,
  o.cage,
  o.required_status,
  r.level,
  r.status_kind,
  case r.status_kind
    when 'L1-self' then 'Level 1 (Self)'
    when 'L2-self' then 'Level 2 (Self)'
    when 'L2-c3pao' then 'Level 2 (C3PAO)'
    else 'Level 3 (DIBCAC)'
  end as status_kind_name,
  case r.status
    when 'FINAL' then 'Final '
    when 'CONDITIONAL' then 'Conditional '
  end
  || case r.status_kind
    when 'L1-self' then 'Level 1 (Self)'
    when 'L2-self' then 'Level 2 (Self)'
    when 'L2-c3pao' then 'Level 2 (C3PAO)'
    else 'Level 3 (DIBCAC)'
  end as status_label,
  r.assessment_id,
  r.assessment_type,
  r.assessment_purpose,
  r.assessment_date,
  r.date_source,
  case when r.final_path = 'undated' then null else r.status_date end as status_date,
  r.score,
  case when r.final_path = 'ssp_missing' or r.ssp_missing or r.level = 1 then null else r.assessed_score end
    as assessed_score,
  r.max_score,
  r.conditional_minimum,
  r.status,
  r.reasons,
  case
    when r.status in ('CONDITIONAL', 'EXPIRED', 'FINAL')
      and r.final_path in ('conditional', 'closeout_pending', 'window_passed', 'closeout_failed')
      then r.closeout_deadline
  end as closeout_deadline,
  case
    when r.status in ('CONDITIONAL', 'EXPIRED', 'FINAL')
      and r.final_path in ('conditional', 'closeout_pending', 'window_passed', 'closeout_failed')
      then r.closeout_deadline - p.as_of
  end as days_to_deadline,
  r.expires_on,
  case
    when r.status = 'CONDITIONAL' then r.closeout_deadline
    when r.status in ('FINAL', 'EXPIRED') and r.final_path in ('final', 'closed_out') then r.expires_on
  end as status_expires_on,
  case when r.closed_out then r.closeout_date end as closed_out_on,
  case when r.status = 'FINAL' then coalesce(case when r.closed_out then r.closeout_date end, r.status_date) end
    as final_since,
  -- after a closeout every requirement is MET (unless Level 3's prerequisite left no status to close out)
  case when r.closed_out then [] else r.not_met end as not_met,
  case when r.closed_out then 0 else r.not_assessed end as not_assessed,
  case when r.closed_out then [] else r.not_assessed_ids end as not_assessed_ids,
  r.self_reported_score,
  v.assessment_id as previous_assessment_id,
  v.score as previous_score,
  r.last_affirmed_on,
  r.in_force and r.affirmed_since_status as affirmed_since_status,
  case
    when r.in_force then
      r.affirmation_same_day
        + case when day(r.affirmation_same_day) <> day(r.affirmation_anchor) then 1 else 0 end
  end as affirmation_due_on,
  coalesce(
    r.in_force
      and p.as_of > r.affirmation_same_day
        + case when day(r.affirmation_same_day) <> day(r.affirmation_anchor) then 1 else 0 end,
    false
  ) as affirmation_overdue
from affirmed r
join organizations o on o.id = r.organization_id
cross join params p
left join previous v on v.assessment_id = r.previous_id
order by
  o.name,
  r.organization_id,
  r.level,
  r.recency = 0,
  case r.status_kind when 'L2-self' then 0 else 1 end,
  r.assessment_id;
