-- One row per organization and CMMC status kind (Level 1 (Self), Level 2 (Self), Level 2 (C3PAO), Level 3 (DIBCAC))
-- it has an assessment of on $as_of, and one per undated assessment: the rows of the store's supplier_status table
-- macro (migration 010, where every rule and its source is written down), narrowed to the level and organizations
-- asked for.
-- Parameters: $as_of (date); $level (integer, null = every level); $organization_id (bigint, null = all);
-- $organization (varchar, null = all: CAGE code or name, case-insensitive).
select s.*
from supplier_status(
  $as_of,
  only_organizations := (
    -- the organizations asked for; null (every one) when no filter is given
    select case when cast($organization_id as bigint) is null and cast($organization as varchar) is null then null
      else coalesce(list(o.id), []) end
    from organizations o
    where (cast($organization_id as bigint) is null or o.id = cast($organization_id as bigint))
      and (
        cast($organization as varchar) is null
        or upper(o.cage) = upper(cast($organization as varchar))
        or lower(o.name) = lower(cast($organization as varchar))
        or o.name_key = lower(cast($organization as varchar))
      )
  )
) s
where cast($level as integer) is null or s.level = cast($level as integer)
order by
  s.organization_name,
  s.organization_id,
  s.level,
  s.status_date is null,
  case s.status_kind when 'L2-self' then 0 else 1 end,
  s.assessment_id
