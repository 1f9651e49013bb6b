-- Records the CMMC status a contract requires of a known organization, as suppliers.csv's required_status column
-- gives it (L1, L2-self, L2-c3pao, L3; read by cmmc eligibility); the latest manifest read wins.
-- Parameters: $id, $required_status.
update organizations
set required_status = $required_status::varchar
where id = $id
