-- What suppliers sent us: organizations, their assessments, results per requirement and objective, POA&M items and
-- milestones, the files they came from and the rows we could not read. Ids are assigned by the single writer.
create table organizations (
  id bigint primary key,
  name varchar not null,
  name_key varchar not null unique, -- lower-cased, punctuation-folded name: "Acme, Inc." and "ACME INC" are one supplier
  cage varchar unique,              -- 5-character CAGE code, upper case
  uei varchar,
  created_at timestamp not null default current_timestamp
);

create table source_files (
  id bigint primary key,
  path varchar not null,            -- absolute path as loaded
  display_path varchar not null,    -- as the user named it
  sha256 varchar not null,
  size_bytes bigint not null,
  layout varchar not null,
  organization_id bigint,
  rows_loaded integer not null,
  rows_rejected integer not null,
  loaded_at timestamp not null default current_timestamp
);
create unique index source_files_path on source_files (path);

create table assessments (
  id bigint primary key,
  organization_id bigint not null,
  source_file_id bigint not null,
  level integer not null,
  assessment_type varchar not null, -- self | c3pao | dibcac
  assessment_date date not null,
  status_date date,                 -- the CMMC Status Date when the file gives one
  scope varchar,
  system_name varchar,
  self_reported_score integer,      -- the supplier's own SPRS / Level 3 score when the file states one
  has_objective_results boolean not null default false
);

create table requirement_results (
  assessment_id bigint not null,
  source_file_id bigint not null,
  nist_id varchar not null,
  finding varchar not null,         -- MET | NOT_MET | NOT_APPLICABLE | NOT_ASSESSED
  raw_value varchar,                -- the status exactly as written; null when the file did not mention the requirement
  qualifier varchar,                -- partial | planned | inherited | alternative | enduring-exception | temporary-deficiency
  partial_credit boolean not null,  -- explicit partial credit (3.5.3, 3.13.11): deduct partial_points
  self_reported_points integer,     -- the supplier's points / deduction column
  on_poam boolean,                  -- the file's own POA&M flag for this requirement
  comments varchar,
  sheet varchar,
  row_number integer
);

create table objective_results (
  assessment_id bigint not null,
  source_file_id bigint not null,
  nist_id varchar not null,
  objective_id varchar not null,    -- 3.1.1[a]
  finding varchar not null,
  raw_value varchar,
  sheet varchar,
  row_number integer
);

create table poam_items (
  id bigint primary key,
  organization_id bigint not null,
  assessment_id bigint,             -- the organization's assessment this POA&M belongs to, when one is loaded
  source_file_id bigint not null,
  poam_key varchar,                 -- the file's own POA&M id (FedRAMP "POAM ID")
  nist_id varchar not null,
  level integer not null,
  weakness varchar,
  weakness_description varchar,
  remediation_plan varchar,
  owner varchar,
  resources varchar,
  detection_date date,
  scheduled_completion_date date,
  original_scheduled_date date,     -- first scheduled date recorded for this item; later than it = slipped
  status varchar not null,          -- open | closed
  closed_date date,
  risk_rating varchar,
  vendor_dependency boolean,
  comments varchar,
  sheet varchar,
  row_number integer
);

create table poam_milestones (
  poam_item_id bigint not null,
  sequence integer not null,
  description varchar not null,
  due_date date,
  completed_date date
);

create table rejected_rows (
  source_path varchar not null,     -- as the user named it
  source_file_id bigint,            -- null when the whole file failed
  sheet varchar,
  row_number integer,
  column_letter varchar,
  header varchar,
  raw_values varchar,               -- JSON object of the row's cells, header -> text
  reason_code varchar not null,
  message varchar not null,
  rejected_at timestamp not null default current_timestamp
);
