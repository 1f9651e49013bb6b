-- One row per organization and level with POA&M items: open, closed, overdue and slipped counts, overdue milestones,
-- the aging buckets of open items (days since detection: 0-30, 31-90, 91-180, over 180, unknown), and the 180-day
-- closeout of the organization's latest assessment at that level known on $as_of (latest_assessments, store migration
-- 005): its deadline, the days left, and whether every open item is scheduled to finish by it.
-- Parameters: $as_of (date); $organization_id (bigint, null = all); $organization (varchar, null = all: CAGE code or
-- name, case-insensitive).
-- Rules: closed/open, overdue, slipped and milestone rules as in poam-items.sql; closeout deadline = status date
-- (else assessment date) + `poam_closeout_days` (32 CFR 170.21(b); day 180 is the last valid day). An open item
-- without a scheduled date does not fit the closeout.
with params as (
  select
    cast($as_of as date) as as_of,
    cast($organization_id as bigint) as organization_id,
    cast($organization as varchar) as organization
),
constants as (
  select max(value) filter (where name = 'poam_closeout_days') as closeout_days from rule_constants
),
latest as (
  select
    l.organization_id,
    l.level,
    l.id as assessment_id,
    coalesce(l.status_date, l.assessment_date) + c.closeout_days as closeout_deadline
  from latest_assessments($as_of) l, constants c
),
overdue_milestones as (
  select m.poam_item_id, count(*) as milestones_overdue
  from poam_milestones m, params p
  where m.due_date < p.as_of and m.completed_date is null
  group by m.poam_item_id
),
items as (
  select
    i.organization_id,
    i.level,
    i.status = 'closed' and (i.closed_date is null or i.closed_date <= p.as_of) as is_closed,
    p.as_of - i.detection_date as age_days,
    i.scheduled_completion_date,
    i.scheduled_completion_date > i.original_scheduled_date as slipped,
    coalesce(m.milestones_overdue, 0) as milestones_overdue
  from poam_items i
  cross join params p
  left join overdue_milestones m on m.poam_item_id = i.id
),
summed as (
  select
    t.organization_id,
    t.level,
    count(*) filter (where not t.is_closed) as open_items,
    count(*) filter (where t.is_closed) as closed_items,
    count(*) filter (where not t.is_closed and t.scheduled_completion_date < p.as_of) as overdue_items,
    count(*) filter (where t.slipped) as slipped_items,
    sum(t.milestones_overdue) as milestones_overdue,
    count(*) filter (where not t.is_closed and t.age_days between 0 and 30) as open_0_30,
    count(*) filter (where not t.is_closed and t.age_days between 31 and 90) as open_31_90,
    count(*) filter (where not t.is_closed and t.age_days between 91 and 180) as open_91_180,
    count(*) filter (where not t.is_closed and t.age_days > 180) as open_over_180,
    count(*) filter (where not t.is_closed and (t.age_days is null or t.age_days < 0)) as open_age_unknown,
    max(t.scheduled_completion_date) filter (where not t.is_closed) as last_scheduled_completion,
    any_value(l.closeout_deadline) as closeout_deadline,
    any_value(l.assessment_id) as assessment_id,
    count(*) filter (
      where not t.is_closed
        and (t.scheduled_completion_date is null or t.scheduled_completion_date > l.closeout_deadline)
    ) as open_beyond_closeout
  from items t
  cross join params p
  left join latest l on l.organization_id = t.organization_id and l.level = t.level
  group by t.organization_id, t.level
)
select
  s.organization_id,
  o.name as organization_name,
  o.cage,
  s.level,
  s.assessment_id,
  s.open_items,
  s.closed_items,
  s.overdue_items,
  s.slipped_items,
  s.milestones_overdue,
  s.open_0_30,
  s.open_31_90,
  s.open_91_180,
  s.open_over_180,
  s.open_age_unknown,
  s.last_scheduled_completion,
  s.closeout_deadline,
  s.closeout_deadline - p.as_of as days_to_closeout,
  s.open_beyond_closeout,
  case when s.closeout_deadline is null then null else s.open_beyond_closeout = 0 end as fits_closeout
from summed s
join organizations o on o.id = s.organization_id
cross join params p
where (p.organization_id is null or s.organization_id = p.organization_id)
  and (
    p.organization is null
    or upper(o.cage) = upper(p.organization)
    or lower(o.name) = lower(p.organization)
    or o.name_key = lower(p.organization)
  )
order by o.name, s.organization_id, s.level
