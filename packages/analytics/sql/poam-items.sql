-- One row per POA&M item, aged as of $as_of, with its milestones.
-- Parameters: $as_of (date); $organization_id (bigint, null = all); $organization (varchar, null = all: CAGE code or
-- name, case-insensitive); $overdue_only (boolean, null = false).
-- An item is closed on $as_of when its status is closed and its closed date (if given) is not after $as_of; otherwise
-- it is open. age_days: $as_of - detection date while open, closed date - detection date once closed. Overdue: open
-- and scheduled completion before $as_of. Slipped: scheduled later than the first scheduled date. A milestone is
-- overdue when due before $as_of and not completed. The closeout deadline is the status date (else assessment date) of
-- the item's assessment plus the closeout days in `rule_constants` (32 CFR 170.21(b): 180 days, day 180 the last valid
-- day). The item's assessment is the one poam_item_owners (store migration 010) gives it: the assessment of its own
-- file, else the latest of its level dated on or before the POA&M's own date, so the answer never depends on the order
-- files were loaded in.
with params as (
  select
    cast($as_of as date) as as_of,
    cast($organization_id as bigint) as organization_id,
    cast($organization as varchar) as organization,
    coalesce(cast($overdue_only as boolean), false) as overdue_only
),
constants as (
  select max(value) filter (where name = 'poam_closeout_days') as closeout_days from rule_constants
),
milestones as (
  select
    m.poam_item_id,
    list(
      struct_pack(
        sequence := m.sequence,
        description := m.description,
        due_date := m.due_date,
        completed_date := m.completed_date,
        overdue := coalesce(m.due_date < p.as_of and m.completed_date is null, false)
      )
      order by m.sequence
    ) as milestones,
    count(*) filter (where m.due_date < p.as_of and m.completed_date is null) as milestones_overdue
  from poam_milestones m, params p
  group by m.poam_item_id
),
linked as (
  select
    i.*,
    w.assessment_id as effective_assessment_id,
    i.status = 'closed' and (i.closed_date is null or i.closed_date <= p.as_of) as is_closed
  from poam_items i
  cross join params p
  left join poam_item_owners($as_of) w on w.poam_item_id = i.id
),
aged as (
  select
    k.*,
    coalesce(a.status_date, a.assessment_date) + c.closeout_days as closeout_deadline,
    case
      when k.is_closed then k.closed_date - k.detection_date
      else p.as_of - k.detection_date
    end as age_days,
    not k.is_closed and k.scheduled_completion_date < p.as_of as overdue
  from linked k
  cross join params p
  cross join constants c
  left join assessments a on a.id = k.effective_assessment_id
)
select
  g.id,
  g.organization_id,
  o.name as organization_name,
  o.cage,
  g.effective_assessment_id as assessment_id,
  g.level,
  g.nist_id,
  r.cmmc_id,
  r.title,
  r.points,
  g.poam_key,
  g.weakness,
  case when g.is_closed then 'closed' else 'open' end as status,
  g.detection_date,
  g.scheduled_completion_date,
  g.original_scheduled_date,
  g.closed_date,
  g.age_days,
  g.scheduled_completion_date - p.as_of as days_to_scheduled,
  coalesce(g.overdue, false) as overdue,
  coalesce(g.scheduled_completion_date > g.original_scheduled_date, false) as slipped,
  g.scheduled_completion_date - g.original_scheduled_date as slip_days,
  coalesce(m.milestones, []) as milestones,
  coalesce(m.milestones_overdue, 0) as milestones_overdue,
  g.closeout_deadline,
  g.closeout_deadline - p.as_of as days_to_closeout,
  g.scheduled_completion_date <= g.closeout_deadline as fits_closeout
from aged g
join organizations o on o.id = g.organization_id
cross join params p
left join requirements r on r.level = g.level and r.nist_id = g.nist_id
left join milestones m on m.poam_item_id = g.id
where (p.organization_id is null or g.organization_id = p.organization_id)
  and (
    p.organization is null
    or upper(o.cage) = upper(p.organization)
    or lower(o.name) = lower(p.organization)
    or o.name_key = lower(p.organization)
  )
  and (not p.overdue_only or coalesce(g.overdue, false))
order by o.name, g.organization_id, g.level, g.scheduled_completion_date nulls last, g.id
