-- The requirement catalog and rule constants, seeded from @cmmc/catalog by migrate() so that no query ever copies a
-- weight or threshold by hand. Re-seeded (deleted and inserted) on every migrate, so a catalog change reaches old files.
create table requirements (
  level integer not null,           -- 1, 2 or 3
  nist_id varchar not null,         -- 3.1.1 (Levels 1, 2), 3.6.1e (Level 3)
  cmmc_id varchar not null,         -- AC.L2-3.1.1, AC.L1-b.1.i (Level 1: the FAR-based requirement it belongs to)
  family varchar not null,
  family_name varchar not null,
  title varchar not null,
  points integer,                   -- deduction when NOT MET; null for 3.12.4 and at Level 1
  partial_points integer,           -- 3 for 3.5.3 and 3.13.11
  poam_eligibility varchar not null, -- yes | value-above-one | never | only-if-partial | not-allowed (Level 1)
  never_on_poam boolean not null,   -- excluded by name in 32 CFR 170.21(a)(2)(iii) / (a)(3)(iii)
  primary key (level, nist_id)
);

create table requirement_objectives (
  nist_id varchar not null,
  objective_id varchar not null,    -- 3.1.1[a]
  primary key (objective_id)
);

create table rule_constants (
  name varchar primary key,
  value integer not null,
  source varchar not null
);
