-- The date of the latest annual affirmation of continuing compliance (32 CFR 170.22) that the file or suppliers.csv
-- records for the assessment's status, as the supplier's SPRS record shows it; null when neither gives one. Analytics
-- reads the latest one per organization and level to tell when the next affirmation falls due.
alter table assessments add column affirmation_date date;
