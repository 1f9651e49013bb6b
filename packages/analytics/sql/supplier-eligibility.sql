-- One row per organization: may it be awarded work requiring a CMMC status on $as_of? The rows of the store's
-- supplier_eligibility table macro (migration 011, where the rule and its sources are written down), narrowed to the
-- organizations asked for.
-- Parameters: $as_of (date); $required (varchar: L1, L2-self, L2-c3pao or L3; null = each supplier's required_status
-- from suppliers.csv, else L2-self); $organization_id (bigint, null = all); $organization (varchar, null = all: CAGE
-- code or name, case-insensitive).
select e.*
from supplier_eligibility($as_of, cast($required as varchar)) e
join organizations o on o.id = e.organization_id
where (cast($organization_id as bigint) is null or e.organization_id = cast($organization_id as bigint))
  and (
    cast($organization as varchar) is null
    or upper(o.cage) = upper(cast($organization as varchar))
    or lower(o.name) = lower(cast($organization as varchar))
    or o.name_key = lower(cast($organization as varchar))
  )
order by e.organization_name, e.organization_id
