-- One row per organization and CMMC level: the organization's latest assessment at that level known on $as_of
-- (assessment_date <= $as_of; ties broken by the larger id), with its score, CMMC status and every reason behind it,
-- deadlines, and the score of the assessment before it.
-- Parameters: $as_of (date); $level (integer, null = every level); $organization_id (bigint, null = all);
-- $organization (varchar, null = all: CAGE code or name, case-insensitive).
-- Rules (packages/catalog/reference/rules.md; the TypeScript reference is decideStatus in @cmmc/catalog, which this must
-- match answer for answer; weights and thresholds come from `requirements` and `rule_constants` only):
-- - Level 2 score: max minus the deduction of each requirement NOT MET, NOT_ASSESSED included (DoD Assessment
--   Methodology v1.2.1; 32 CFR 170.24(c)(2)); no score when the one valueless requirement, the SSP (3.12.4), is
--   NOT MET (170.24(c)(2)(i)(B)(5)). Level 3: 1 point each (170.24(c)(3)). Level 1: a result, no score.
-- - Conditional: denominator * score >= numerator * max (32 CFR 170.21(a)), every NOT MET requirement on the POA&M,
--   and none that may never be on one (not_met_findings.blocking_reason, store migration 006); expires after status
--   date + 180 days (day 180 is the last valid day), or becomes Final when every POA&M item covering a NOT MET
--   requirement closed within the window and by $as_of (170.21(b)).
-- - Final status lasts 3 years (Level 1: 1 year) from the status date (status_date, else assessment_date).
-- - Level 3 needs the organization's latest Level 2 C3PAO or DIBCAC assessment to be FINAL (32 CFR 170.18(a)).
-- - The latest recorded annual affirmation (170.22) comes back as last_affirmed_on; it does not change the status.
-- - A requirement is on the POA&M when a poam_items row covers it (linked to the assessment, or unlinked for the same
--   organization and level) or its result row says on_poam.
-- Reasons come back as codes with their requirement; @cmmc/analytics writes the messages.
-- Cost: only the assessments an answer depends on are decided (the latest and previous per level, and the latest Level
-- 2 C3PAO/DIBCAC one), from their NOT MET findings only; the lists are sorted after aggregation (list_sort on the
-- catalog ordinal), not by ordered aggregates, which were most of the time at 10,000 suppliers.
with params as (
  select
    cast($as_of as date) as as_of,
    cast($level as integer) as level,
    cast($organization_id as bigint) as organization_id,
    cast($organization as varchar) as organization
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
selected as (
  -- the organizations asked for (every one by default), so a query about one supplier reads only its assessments
  select o.id as organization_id, o.name as organization_name, o.cage
  from organizations o, params p
  where (p.organization_id is null or o.id = p.organization_id)
    and (
      p.organization is null
      or upper(o.cage) = upper(p.organization)
      or lower(o.name) = lower(p.organization)
      or o.name_key = lower(p.organization)
    )
),
known as (
  select
    a.id as assessment_id,
    a.organization_id,
    a.level,
    a.assessment_type,
    a.assessment_date,
    coalesce(a.status_date, a.assessment_date) as status_date,
    a.self_reported_score,
    case a.level when 2 then c.level2_max_score when 3 then c.level3_max_score end as max_score,
    coalesce(a.status_date, a.assessment_date) + c.closeout_days as closeout_deadline,
    case a.level
      when 1 then c.level1_validity_years
      when 2 then c.level2_validity_years
      else c.level3_validity_years
    end as validity_years,
    -- 1 = the latest at its level, 2 = the one before it (whose score the latest is compared with)
    row_number() over (
      partition by a.organization_id, a.level
      order by a.assessment_date desc, a.id desc
    ) as recency,
    -- 1 = the latest C3PAO or DIBCAC assessment at its level (and the latest self-assessment)
    row_number() over (
      partition by a.organization_id, a.level, a.assessment_type in ('c3pao', 'dibcac')
      order by a.assessment_date desc, a.id desc
    ) as certified_recency
  from assessments a
  join selected s on s.organization_id = a.organization_id
  cross join constants c
  cross join params p
  where a.assessment_date <= p.as_of
),
relevant as (
  -- only the assessments an answer depends on are decided: the latest and the previous one per level, and the latest
  -- Level 2 C3PAO or DIBCAC assessment (Level 3's prerequisite); older ones would be aggregated for nothing
  select k.*
  from known k
  where k.recency <= 2
    or (k.level = 2 and k.assessment_type in ('c3pao', 'dibcac') and k.certified_recency = 1)
),
dated as (
  -- status date + N years; 29 February becomes 1 March in a year without one, as @cmmc/catalog addYears does
  select
    k.*,
    cast(k.status_date + to_years(k.validity_years) as date) as same_day_years_later
  from relevant k
),
lifetimes as (
  select
    d.* exclude (same_day_years_later),
    d.same_day_years_later
      + case when day(d.same_day_years_later) <> day(d.status_date) then 1 else 0 end as expires_on
  from dated d
),
poam_links as (
  select k.assessment_id, p.nist_id, p.status, p.closed_date
  from poam_items p
  join relevant k on k.assessment_id = p.assessment_id
  union all
  select k.assessment_id, p.nist_id, p.status, p.closed_date
  from poam_items p
  join relevant k on k.organization_id = p.organization_id and k.level = p.level
  where p.assessment_id is null
),
poam_coverage as (
  select
    l.assessment_id,
    l.nist_id,
    count(*) as items,
    count(*) filter (
      where l.status = 'closed' and l.closed_date <= k.closeout_deadline and l.closed_date <= p.as_of
    ) as closed_in_time,
    max(l.closed_date) as last_closed
  from poam_links l
  join relevant k on k.assessment_id = l.assessment_id
  cross join params p
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
    -- 3.12.4's SSP_MISSING never shows among the requirement reasons: its assessment takes the 'ssp_missing' path
    coalesce(
      f.blocking_reason,
      case when coalesce(pc.items, 0) = 0 and not f.flagged_on_poam then 'NOT_ON_POAM' end
    ) as blocking_code,
    coalesce(pc.items, 0) > 0 and pc.closed_in_time = pc.items as closed_out,
    pc.last_closed
  from not_met_findings f
  join relevant k on k.assessment_id = f.assessment_id
  left join poam_coverage pc on pc.assessment_id = f.assessment_id and pc.nist_id = f.nist_id
),
failures as (
  -- per assessment with at least one requirement NOT MET; its requirements in catalog order are one list, built
  -- unordered and then sorted on the ordinal (unique within a level), which costs far less than ordered aggregates
  select
    n.assessment_id,
    count(*) as not_met_count,
    count(*) filter (where n.finding = 'NOT_ASSESSED') as not_assessed,
    list_sort(
      list(
        struct_pack(
          ordinal := n.ordinal,
          nist_id := n.nist_id,
          cmmc_id := n.cmmc_id,
          finding := n.finding,
          code := n.blocking_code,
          points := n.deduction
        )
      )
    ) as requirements,
    bool_or(n.is_ssp) as ssp_missing,
    any_value(n.nist_id) filter (where n.is_ssp) as ssp_nist_id,
    any_value(n.cmmc_id) filter (where n.is_ssp) as ssp_cmmc_id,
    sum(n.deduction) as deducted,
    bool_and(n.closed_out) as closed_out,
    max(n.last_closed) as closed_out_on
  from not_met n
  group by n.assessment_id
),
tallied as (
  select
    l.*,
    coalesce(f.not_met_count, 0) as not_met_count,
    coalesce(f.not_assessed, 0) as not_assessed,
    coalesce(list_transform(f.requirements, x -> x.nist_id), []) as not_met,
    coalesce(
      list_transform(list_filter(f.requirements, x -> x.finding = 'NOT_ASSESSED'), x -> x.nist_id),
      []
    ) as not_assessed_ids,
    coalesce(f.ssp_missing, false) as ssp_missing,
    f.ssp_nist_id,
    f.ssp_cmmc_id,
    l.max_score - coalesce(f.deducted, 0) as assessed_score,
    coalesce(
      list_transform(
        list_filter(f.requirements, x -> x.code is not null),
        x -> struct_pack(code := x.code, requirement := x.nist_id, cmmc_id := x.cmmc_id, points := x.points)
      ),
      []
    ) as requirement_reasons,
    coalesce(f.closed_out, false) as closed_out,
    f.closed_out_on
  from lifetimes l
  left join failures f on f.assessment_id = l.assessment_id
),
judged as (
  select
    t.*,
    p.as_of > t.expires_on as lapsed,
    c.denominator * t.assessed_score >= c.numerator * t.max_score as passes_threshold,
    (t.max_score * c.numerator + c.denominator - 1) // c.denominator as conditional_minimum,
    case
      when t.level = 1 and t.not_met_count > 0 then 'level1_not_met'
      when t.level = 1 then 'final'
      when t.ssp_missing then 'ssp_missing'
      when t.not_met_count = 0 then 'final'
      when c.denominator * t.assessed_score < c.numerator * t.max_score
        or len(t.requirement_reasons) > 0
        then 'blocked'
      when t.closed_out then 'closed_out'
      when p.as_of > t.closeout_deadline then 'window_passed'
      else 'conditional'
    end as path
  from tallied t, constants c, params p
),
decided as (
  select
    j.*,
    case
      when j.path in ('level1_not_met', 'ssp_missing', 'blocked') then 'NO_STATUS'
      when j.path in ('final', 'closed_out') and j.lapsed then 'EXPIRED'
      when j.path in ('final', 'closed_out') then 'FINAL'
      when j.path = 'window_passed' then 'EXPIRED'
      else 'CONDITIONAL'
    end as base_status,
    case
      when j.path in ('level1_not_met', 'blocked') then
        case
          when j.path = 'blocked' and not j.passes_threshold then
            [struct_pack(
              code := 'SCORE_BELOW_THRESHOLD',
              requirement := null::varchar,
              cmmc_id := null::varchar,
              points := null::integer
            )]
          else []
        end || j.requirement_reasons
      when j.path = 'ssp_missing' then
        [struct_pack(
          code := 'SSP_MISSING',
          requirement := j.ssp_nist_id,
          cmmc_id := j.ssp_cmmc_id,
          points := null::integer
        )]
      when j.path = 'window_passed' then
        [struct_pack(
          code := 'CONDITIONAL_WINDOW_PASSED',
          requirement := null::varchar,
          cmmc_id := null::varchar,
          points := null::integer
        )]
      when j.path = 'conditional' then []
      else
        case
          when j.path = 'closed_out' then
            [struct_pack(
              code := 'POAM_CLOSED_OUT',
              requirement := null::varchar,
              cmmc_id := null::varchar,
              points := null::integer
            )]
          else []
        end
        || case
          when j.lapsed then
            [struct_pack(
              code := 'STATUS_LAPSED',
              requirement := null::varchar,
              cmmc_id := null::varchar,
              points := null::integer
            )]
          else []
        end
    end as base_reasons
  from judged j
),
level2_certified as (
  -- the latest Level 2 C3PAO or DIBCAC assessment of each organization, and whether its status is FINAL
  select organization_id, base_status = 'FINAL' as is_final
  from decided
  where level = 2 and assessment_type in ('c3pao', 'dibcac') and certified_recency = 1
),
prerequisites as (
  select
    d.*,
    d.level = 3 and not coalesce(l2.is_final, false) as level2_missing
  from decided d
  left join level2_certified l2 on l2.organization_id = d.organization_id
),
finished as (
  select
    q.*,
    case when q.level2_missing then 'NO_STATUS' else q.base_status end as status,
    case
      when q.level2_missing then
        [struct_pack(
          code := 'LEVEL3_WITHOUT_FINAL_LEVEL2',
          requirement := null::varchar,
          cmmc_id := null::varchar,
          points := null::integer
        )]
        || case when q.base_status = 'NO_STATUS' then q.base_reasons else [] end
      else q.base_reasons
    end as reasons,
    case
      when q.path in ('level1_not_met', 'ssp_missing') or q.level = 1 then null
      when q.path = 'closed_out' and not q.level2_missing then q.max_score
      else q.assessed_score
    end as score
  from prerequisites q
),
affirmations as (
  -- the latest annual affirmation (32 CFR 170.22) recorded for the organization at the level by $as_of, from any of
  -- its files: a newer file need not repeat it; @cmmc/analytics tells from it when the next one falls due
  select a.organization_id, a.level, max(a.affirmation_date) as last_affirmed_on
  from assessments a
  join selected s on s.organization_id = a.organization_id
  cross join params p
  where a.affirmation_date <= p.as_of
  group by a.organization_id, a.level
),
previous as (
  -- the assessment before the latest one at the same level, and its score
  select organization_id, level, assessment_id, score
  from finished
  where recency = 2
)
select
  r.organization_id,
  s.organization_name,
  s.cage,
  r.level,
  r.assessment_id,
  r.assessment_type,
  r.assessment_date,
  r.status_date,
  r.score,
  case when r.path = 'ssp_missing' then null else r.assessed_score end as assessed_score,
  r.max_score,
  r.conditional_minimum,
  r.status,
  r.reasons,
  case
    when r.status in ('CONDITIONAL', 'EXPIRED', 'FINAL') and r.path in ('conditional', 'window_passed', 'closed_out')
      then r.closeout_deadline
  end as closeout_deadline,
  case
    when r.status in ('CONDITIONAL', 'EXPIRED', 'FINAL') and r.path in ('conditional', 'window_passed', 'closed_out')
      then r.closeout_deadline - p.as_of
  end as days_to_deadline,
  r.expires_on,
  case
    when r.status = 'CONDITIONAL' then r.closeout_deadline
    when r.status in ('FINAL', 'EXPIRED') and r.path in ('final', 'closed_out') then r.expires_on
  end as status_expires_on,
  r.closed_out_on,
  r.not_met,
  r.not_assessed,
  r.not_assessed_ids,
  r.self_reported_score,
  v.assessment_id as previous_assessment_id,
  v.score as previous_score,
  f.last_affirmed_on
from finished r
join selected s on s.organization_id = r.organization_id
cross join params p
left join previous v on v.organization_id = r.organization_id and v.level = r.level
left join affirmations f on f.organization_id = r.organization_id and f.level = r.level
where r.recency = 1
  and (p.level is null or r.level = p.level)
order by s.organization_name, r.organization_id, r.level
