-- An assessment whose date no source gives still loads (its findings and score are known; only its status is not):
-- assessment_date becomes nullable, and date_source records where the date came from, in the order ingest tries them:
-- 'file' (a metadata cell, cover sheet or date column), 'manifest' (suppliers.csv), 'option' (--assessment-date),
-- 'file-name' (an unambiguous full date in the file's name); null while the date is unknown, and for assessments
-- loaded before ingest recorded it.
-- Analytics gives an undated assessment a score and NO_STATUS with reason ASSESSMENT_DATE_UNKNOWN.
alter table assessments alter column assessment_date drop not null;
alter table assessments add column date_source varchar;
