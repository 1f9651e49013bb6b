-- supplier_eligibility(as_of, required): one row per organization: may it be awarded a contract or subcontract that
-- requires the status `required` ('L1', 'L2-self', 'L2-c3pao', 'L3'; null = each organization's required_status
-- from suppliers.csv, else 'L2-self') on as_of? The TypeScript reference is decideEligibility in @cmmc/catalog.
-- Rule (32 CFR 170.15(b), 170.22; DFARS 252.204-7021; packages/catalog/reference/rules.md "Eligibility for award"): eligible
-- when the organization holds a status in force (FINAL or CONDITIONAL in supplier_status, migration 010) of the
-- required kind or a higher one, ordered L1 (Self) < L2 (Self) < L2 (C3PAO) < L3 (DIBCAC), whose yearly affirmation is
-- not overdue; the lowest such kind decides. Otherwise the status that comes closest decides: one in force with its
-- affirmation overdue (AFFIRMATION_OVERDUE; the status itself is unchanged), else the lowest qualifying kind with a
-- dated assessment (NO_STATUS_OF_KIND, CONDITIONAL_EXPIRED or STATUS_LAPSED), else none (NO_STATUS_OF_KIND). Every
-- undated assessment of a qualifying kind adds ASSESSMENT_DATE_UNKNOWN. Reasons are empty when eligible.
create macro supplier_eligibility(as_of, required) as table
with statuses as (
  select
    s.*,
    case s.status_kind when 'L1-self' then 0 when 'L2-self' then 1 when 'L2-c3pao' then 2 else 3 end as kind_rank
  from supplier_status(as_of) s
),
asked as (
  select
    o.id as organization_id,
    o.name as organization_name,
    o.cage,
    coalesce(cast(required as varchar), o.required_status, 'L2-self') as required_status,
    case
      when cast(required as varchar) is not null then 'option'
      when o.required_status is not null then 'suppliers.csv'
      else 'default'
    end as required_source
  from organizations o
),
wanted as (
  select
    a.*,
    case a.required_status when 'L1' then 0 when 'L2-self' then 1 when 'L2-c3pao' then 2 else 3 end as required_rank,
    case a.required_status
      when 'L1' then 'Level 1 (Self) or higher'
      when 'L2-self' then 'Level 2 (Self) or higher'
      when 'L2-c3pao' then 'Level 2 (C3PAO) or higher'
      else 'Level 3 (DIBCAC)'
    end as needed
  from asked a
),
qualifying as (
  select
    s.*,
    w.required_rank,
    s.status_date is not null and s.status in ('FINAL', 'CONDITIONAL') as in_force
  from statuses s
  join wanted w on w.organization_id = s.organization_id
  where s.kind_rank >= w.required_rank
),
picked as (
  -- the status that decides: current first, then in force but unaffirmed, then any dated one; lowest kind first
  select
    q.*,
    case
      when q.in_force and not q.affirmation_overdue then 0
      when q.in_force then 1
      else 2
    end as standing
  from qualifying q
  where q.status_date is not null
  qualify row_number() over (
    partition by q.organization_id
    order by
      case when q.in_force and not q.affirmation_overdue then 0 when q.in_force then 1 else 2 end,
      q.kind_rank
  ) = 1
),
undated as (
  select
    q.organization_id,
    list(
      struct_pack(
        code := 'ASSESSMENT_DATE_UNKNOWN',
        message := 'a ' || q.status_kind_name
          || ' assessment has no assessment date, so it gives no status: give one in the file, suppliers.csv or'
          || ' --assessment-date'
      )
      order by q.assessment_id
    ) as reasons
  from qualifying q
  where q.status_date is null
  group by q.organization_id
)
select
  w.organization_id,
  w.organization_name,
  w.cage,
  w.required_status,
  w.required_source,
  coalesce(p.standing = 0, false) as eligible,
  p.status_kind,
  p.status_label,
  p.status,
  p.status_expires_on,
  p.closeout_deadline,
  case when p.in_force then not p.affirmation_overdue end as affirmation_current,
  p.affirmation_due_on,
  case
    when p.standing = 0 then []
    when p.standing = 1 then
      [struct_pack(
        code := 'AFFIRMATION_OVERDUE',
        message := p.status_label || ' is in force, but its yearly affirmation was due by ' || p.affirmation_due_on
          || ': none is on record since (32 CFR 170.22; 170.15(b))'
      )]
    when p.standing = 2 and p.status = 'EXPIRED' and list_contains(list_transform(p.reasons, x -> x.code), 'STATUS_LAPSED')
      then
        [struct_pack(
          code := 'STATUS_LAPSED',
          message := 'the ' || p.status_kind_name || ' status lapsed after ' || p.status_expires_on
            || ': a new assessment is due'
        )]
    when p.standing = 2 and p.status = 'EXPIRED' then
      [struct_pack(
        code := 'CONDITIONAL_EXPIRED',
        message := 'the Conditional ' || p.status_kind_name || ' status expired: '
          || coalesce(p.reasons[1].message, '')
      )]
    when p.standing = 2 then
      [struct_pack(
        code := 'NO_STATUS_OF_KIND',
        message := 'no ' || w.needed || ' status in force: the ' || p.status_kind_name || ' assessment of '
          || p.assessment_date || ' gives none (' || coalesce(p.reasons[1].message, '') || ')'
      )]
    when u.reasons is not null then []
    else
      [struct_pack(
        code := 'NO_STATUS_OF_KIND',
        message := 'no ' || w.needed || ' assessment on record by ' || cast(as_of as date)
      )]
  end || case when coalesce(p.standing, 2) = 0 then [] else coalesce(u.reasons, []) end as reasons
from wanted w
left join picked p on p.organization_id = w.organization_id
left join undated u on u.organization_id = w.organization_id
order by w.organization_name, w.organization_id;
