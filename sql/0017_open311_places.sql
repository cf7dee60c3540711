-- 0017_open311_places.sql — where a report without a valid unit goes
-- ("no wrong door"; docs/open311.md).

-- Each unit's approximate position (WGS84 decimal degrees), loaded from the
-- lat and lon columns of data/units.csv (precision and source: data/SOURCES.md).
-- A report that names no valid unit goes to the commune or ward nearest to
-- its lat/long.
ALTER TABLE units ADD COLUMN lat REAL;
ALTER TABLE units ADD COLUMN lon REAL;

-- The province's intake desk: the unit that receives a report naming no valid
-- unit and without a location inside the province (the citizen reception
-- office of the Provincial People's Committee is part of its Office).
-- Change it with: UPDATE meta SET value = '<unit code>' WHERE key = 'intake_unit';
INSERT INTO meta(key, value) VALUES ('intake_unit', 'van-phong-ubnd-tinh');

-- GET servicerequestupdates: the changes of cases in a time window (the
-- steps they entered, and the end of the last step of a closed case).
CREATE INDEX case_steps_started ON case_steps(started_at);
CREATE INDEX case_steps_ended ON case_steps(ended_at);
