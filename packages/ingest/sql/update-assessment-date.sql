-- Gives the assessments of one loaded file a date that arrived after it was loaded (suppliers.csv, --assessment-date),
-- in place, so the same assessment gets it and no duplicate is made (issue 13). Parameters: $source_file_id,
-- $assessment_date, $date_source. Only dates from a weaker source or none are replaced; the caller checks the order
-- file > manifest > option > file-name.
update assessments
set assessment_date = $assessment_date::date, date_source = $date_source
where source_file_id = $source_file_id
