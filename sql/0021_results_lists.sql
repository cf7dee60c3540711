-- The public lists' aggregates: how many published results and how many
-- apologies of published cases there are per unit, Vietnam day, kind and
-- category (results_daily), and how many dossier apology letters (and how
-- many sent later than allowed) per unit and day (dossier_apology_daily).
-- /results, /api/v1/results, /results/apologies and their downloads read
-- their totals and the register's per-unit counts from these rows instead
-- of counting the cases per request; the lists themselves are read by keyset
-- on the indexes below. Kept in the write transaction by triggers, as
-- case_stats_daily (0019): the statement that writes the case, its apology or
-- the letter moves the row's contribution.
--
-- day: the Vietnam day (UTC+7) as the UTC instant of its local midnight, like
-- case_stats_daily, so a period filter is a range of day rows. Monthly and
-- all-time roll-ups of these day rows, and of case_stats_daily's (0019), are
-- below: a sum reads the all-time rows, or a period's whole months and the
-- days around them, so its cost does not grow with the history.
-- published: cases whose result is public (published_at set, state published
-- or resolved), counted to the handling unit on the day of publication.
-- apologies: apologies of such cases, counted to the apologising unit on the
-- day the apology was published, with the case's kind and category.
CREATE TABLE results_daily (
	unit_id   INTEGER NOT NULL REFERENCES units(id),
	day       TEXT NOT NULL,
	kind      TEXT NOT NULL,
	category  TEXT NOT NULL,
	published INTEGER NOT NULL DEFAULT 0,
	apologies INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (unit_id, day, kind, category)
) WITHOUT ROWID;
CREATE INDEX results_daily_day ON results_daily(day);

CREATE TABLE dossier_apology_daily (
	unit_id INTEGER NOT NULL REFERENCES units(id),
	day     TEXT NOT NULL,
	letters INTEGER NOT NULL DEFAULT 0,
	late    INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (unit_id, day)
) WITHOUT ROWID;
CREATE INDEX dossier_apology_daily_day ON dossier_apology_daily(day);

-- The register's lists, newest first, by keyset on these indexes (each also
-- holds the row id, the second half of the sort key).
CREATE INDEX case_apologies_published ON case_apologies(published_at);
CREATE INDEX apologies_issued ON apologies(issued_at);

-- The search index keyed by the case: rowid = cases.id, so a publication
-- replaces its row by rowid (not by scanning the unindexed code column) and a
-- search walks the matches newest report first, by rowid.
CREATE TABLE case_fts_rekey AS SELECT c.id AS id, f.code AS code, f.text AS text
  FROM case_fts f JOIN cases c ON c.code = f.code;
DELETE FROM case_fts;
INSERT INTO case_fts(rowid, code, text) SELECT id, code, text FROM case_fts_rekey;
DROP TABLE case_fts_rekey;

-- Backfill.
INSERT INTO results_daily(unit_id, day, kind, category, published, apologies)
SELECT unit_id, day, kind, category, sum(p), sum(a) FROM (
 SELECT c.unit_id, strftime('%Y-%m-%dT%H:%M:%SZ', date(c.published_at, '+7 hours'), '-7 hours') AS day, c.kind, c.category, 1 AS p, 0 AS a
  FROM cases c WHERE c.published_at IS NOT NULL AND c.state IN ('published','resolved')
 UNION ALL
 SELECT a.unit_id, strftime('%Y-%m-%dT%H:%M:%SZ', date(a.published_at, '+7 hours'), '-7 hours'), c.kind, c.category, 0, 1
  FROM case_apologies a JOIN cases c ON c.id = a.case_id WHERE c.published_at IS NOT NULL AND c.state IN ('published','resolved')
) x WHERE 1 GROUP BY unit_id, day, kind, category;
INSERT INTO dossier_apology_daily(unit_id, day, letters, late)
SELECT unit_id, strftime('%Y-%m-%dT%H:%M:%SZ', date(issued_at, '+7 hours'), '-7 hours'), count(*), count(CASE WHEN issued_late <> 0 THEN 1 END)
  FROM apologies WHERE 1 GROUP BY 1, 2;

-- Roll-ups of the day rows, so that a sum never reads more than a few rows per
-- unit: the month (the Vietnam month, keyed like a day by the UTC instant of
-- its first local midnight) and all time. A period is its whole months from
-- the monthly rows and its partial months at either end from the day rows; no
-- period at all is the all-time rows. Kept by triggers on the day rows
-- themselves (every change of a day row, inserted or updated by an upsert,
-- moves the same amount in its month and in all time), in the same statement.
CREATE TABLE results_monthly (
	unit_id   INTEGER NOT NULL REFERENCES units(id),
	month     TEXT NOT NULL,
	kind      TEXT NOT NULL,
	category  TEXT NOT NULL,
	published INTEGER NOT NULL DEFAULT 0,
	apologies INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (unit_id, month, kind, category)
) WITHOUT ROWID;
CREATE INDEX results_monthly_month ON results_monthly(month);
CREATE TABLE results_total (
	unit_id   INTEGER NOT NULL REFERENCES units(id),
	kind      TEXT NOT NULL,
	category  TEXT NOT NULL,
	published INTEGER NOT NULL DEFAULT 0,
	apologies INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (unit_id, kind, category)
) WITHOUT ROWID;
CREATE TABLE dossier_apology_monthly (
	unit_id INTEGER NOT NULL REFERENCES units(id),
	month   TEXT NOT NULL,
	letters INTEGER NOT NULL DEFAULT 0,
	late    INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (unit_id, month)
) WITHOUT ROWID;
CREATE INDEX dossier_apology_monthly_month ON dossier_apology_monthly(month);
CREATE TABLE dossier_apology_total (
	unit_id INTEGER NOT NULL PRIMARY KEY REFERENCES units(id),
	letters INTEGER NOT NULL DEFAULT 0,
	late    INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;

INSERT INTO results_monthly(unit_id, month, kind, category, published, apologies)
SELECT unit_id, strftime('%Y-%m-%dT%H:%M:%SZ', date(day, '+7 hours', 'start of month'), '-7 hours'), kind, category, sum(published), sum(apologies) FROM results_daily WHERE 1 GROUP BY 1, 2, 3, 4;
INSERT INTO results_total(unit_id, kind, category, published, apologies)
SELECT unit_id, kind, category, sum(published), sum(apologies) FROM results_daily WHERE 1 GROUP BY 1, 2, 3;
INSERT INTO dossier_apology_monthly(unit_id, month, letters, late)
SELECT unit_id, strftime('%Y-%m-%dT%H:%M:%SZ', date(day, '+7 hours', 'start of month'), '-7 hours'), sum(letters), sum(late) FROM dossier_apology_daily WHERE 1 GROUP BY 1, 2;
INSERT INTO dossier_apology_total(unit_id, letters, late)
SELECT unit_id, sum(letters), sum(late) FROM dossier_apology_daily WHERE 1 GROUP BY 1;

CREATE TRIGGER results_daily_rollup_insert AFTER INSERT ON results_daily BEGIN
INSERT INTO results_monthly(unit_id, month, kind, category, published, apologies)
 VALUES (NEW.unit_id, strftime('%Y-%m-%dT%H:%M:%SZ', date(NEW.day, '+7 hours', 'start of month'), '-7 hours'), NEW.kind, NEW.category, NEW.published, NEW.apologies)
 ON CONFLICT(unit_id, month, kind, category) DO UPDATE SET published = published + excluded.published,
  apologies = apologies + excluded.apologies;
INSERT INTO results_total(unit_id, kind, category, published, apologies)
 VALUES (NEW.unit_id, NEW.kind, NEW.category, NEW.published, NEW.apologies)
 ON CONFLICT(unit_id, kind, category) DO UPDATE SET published = published + excluded.published,
  apologies = apologies + excluded.apologies;
END;

CREATE TRIGGER dossier_apology_daily_rollup_insert AFTER INSERT ON dossier_apology_daily BEGIN
INSERT INTO dossier_apology_monthly(unit_id, month, letters, late)
 VALUES (NEW.unit_id, strftime('%Y-%m-%dT%H:%M:%SZ', date(NEW.day, '+7 hours', 'start of month'), '-7 hours'), NEW.letters, NEW.late)
 ON CONFLICT(unit_id, month) DO UPDATE SET letters = letters + excluded.letters, late = late + excluded.late;
INSERT INTO dossier_apology_total(unit_id, letters, late) VALUES (NEW.unit_id, NEW.letters, NEW.late)
 ON CONFLICT(unit_id) DO UPDATE SET letters = letters + excluded.letters, late = late + excluded.late;
END;

CREATE TRIGGER results_daily_rollup_update AFTER UPDATE ON results_daily BEGIN
INSERT INTO results_monthly(unit_id, month, kind, category, published, apologies)
 VALUES (NEW.unit_id, strftime('%Y-%m-%dT%H:%M:%SZ', date(NEW.day, '+7 hours', 'start of month'), '-7 hours'), NEW.kind, NEW.category, NEW.published - OLD.published, NEW.apologies - OLD.apologies)
 ON CONFLICT(unit_id, month, kind, category) DO UPDATE SET published = published + excluded.published,
  apologies = apologies + excluded.apologies;
INSERT INTO results_total(unit_id, kind, category, published, apologies)
 VALUES (NEW.unit_id, NEW.kind, NEW.category, NEW.published - OLD.published, NEW.apologies - OLD.apologies)
 ON CONFLICT(unit_id, kind, category) DO UPDATE SET published = published + excluded.published,
  apologies = apologies + excluded.apologies;
END;

CREATE TRIGGER dossier_apology_daily_rollup_update AFTER UPDATE ON dossier_apology_daily BEGIN
INSERT INTO dossier_apology_monthly(unit_id, month, letters, late)
 VALUES (NEW.unit_id, strftime('%Y-%m-%dT%H:%M:%SZ', date(NEW.day, '+7 hours', 'start of month'), '-7 hours'), NEW.letters - OLD.letters, NEW.late - OLD.late)
 ON CONFLICT(unit_id, month) DO UPDATE SET letters = letters + excluded.letters, late = late + excluded.late;
INSERT INTO dossier_apology_total(unit_id, letters, late) VALUES (NEW.unit_id, NEW.letters - OLD.letters, NEW.late - OLD.late)
 ON CONFLICT(unit_id) DO UPDATE SET letters = letters + excluded.letters, late = late + excluded.late;
END;

-- The same roll-ups for the statistics' day rows (case_stats_daily, 0019):
-- /results/stats sums at most a few rows per unit, whatever the period.
CREATE TABLE case_stats_monthly (
	unit_id        INTEGER NOT NULL REFERENCES units(id),
	month          TEXT NOT NULL,
	received       INTEGER NOT NULL DEFAULT 0,
	accepted       INTEGER NOT NULL DEFAULT 0,
	on_time        INTEGER NOT NULL DEFAULT 0,
	late           INTEGER NOT NULL DEFAULT 0,
	concluded      INTEGER NOT NULL DEFAULT 0,
	concluded_secs INTEGER NOT NULL DEFAULT 0,
	at_fault       INTEGER NOT NULL DEFAULT 0,
	apologies      INTEGER NOT NULL DEFAULT 0,
	sanctions      INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (unit_id, month)
) WITHOUT ROWID;
CREATE INDEX case_stats_monthly_month ON case_stats_monthly(month);
CREATE TABLE case_stats_total (
	unit_id        INTEGER NOT NULL PRIMARY KEY REFERENCES units(id),
	received       INTEGER NOT NULL DEFAULT 0,
	accepted       INTEGER NOT NULL DEFAULT 0,
	on_time        INTEGER NOT NULL DEFAULT 0,
	late           INTEGER NOT NULL DEFAULT 0,
	concluded      INTEGER NOT NULL DEFAULT 0,
	concluded_secs INTEGER NOT NULL DEFAULT 0,
	at_fault       INTEGER NOT NULL DEFAULT 0,
	apologies      INTEGER NOT NULL DEFAULT 0,
	sanctions      INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
INSERT INTO case_stats_monthly(unit_id, month, received, accepted, on_time, late, concluded, concluded_secs, at_fault, apologies, sanctions)
SELECT unit_id, strftime('%Y-%m-%dT%H:%M:%SZ', date(day, '+7 hours', 'start of month'), '-7 hours'), sum(received), sum(accepted), sum(on_time), sum(late), sum(concluded), sum(concluded_secs), sum(at_fault), sum(apologies), sum(sanctions) FROM case_stats_daily WHERE 1 GROUP BY 1, 2;
INSERT INTO case_stats_total(unit_id, received, accepted, on_time, late, concluded, concluded_secs, at_fault, apologies, sanctions)
SELECT unit_id, sum(received), sum(accepted), sum(on_time), sum(late), sum(concluded), sum(concluded_secs), sum(at_fault), sum(apologies), sum(sanctions) FROM case_stats_daily WHERE 1 GROUP BY 1;

CREATE TRIGGER case_stats_daily_rollup_insert AFTER INSERT ON case_stats_daily BEGIN
INSERT INTO case_stats_monthly(unit_id, month, received, accepted, on_time, late, concluded, concluded_secs, at_fault, apologies, sanctions)
 VALUES (NEW.unit_id, strftime('%Y-%m-%dT%H:%M:%SZ', date(NEW.day, '+7 hours', 'start of month'), '-7 hours'), NEW.received, NEW.accepted, NEW.on_time, NEW.late, NEW.concluded, NEW.concluded_secs, NEW.at_fault, NEW.apologies, NEW.sanctions)
 ON CONFLICT(unit_id, month) DO UPDATE SET
  received = received + excluded.received,
  accepted = accepted + excluded.accepted,
  on_time = on_time + excluded.on_time,
  late = late + excluded.late,
  concluded = concluded + excluded.concluded,
  concluded_secs = concluded_secs + excluded.concluded_secs,
  at_fault = at_fault + excluded.at_fault,
  apologies = apologies + excluded.apologies,
  sanctions = sanctions + excluded.sanctions;
INSERT INTO case_stats_total(unit_id, received, accepted, on_time, late, concluded, concluded_secs, at_fault, apologies, sanctions)
 VALUES (NEW.unit_id, NEW.received, NEW.accepted, NEW.on_time, NEW.late, NEW.concluded, NEW.concluded_secs, NEW.at_fault, NEW.apologies, NEW.sanctions)
 ON CONFLICT(unit_id) DO UPDATE SET
  received = received + excluded.received,
  accepted = accepted + excluded.accepted,
  on_time = on_time + excluded.on_time,
  late = late + excluded.late,
  concluded = concluded + excluded.concluded,
  concluded_secs = concluded_secs + excluded.concluded_secs,
  at_fault = at_fault + excluded.at_fault,
  apologies = apologies + excluded.apologies,
  sanctions = sanctions + excluded.sanctions;
END;

CREATE TRIGGER case_stats_daily_rollup_update AFTER UPDATE ON case_stats_daily BEGIN
INSERT INTO case_stats_monthly(unit_id, month, received, accepted, on_time, late, concluded, concluded_secs, at_fault, apologies, sanctions)
 VALUES (NEW.unit_id, strftime('%Y-%m-%dT%H:%M:%SZ', date(NEW.day, '+7 hours', 'start of month'), '-7 hours'), NEW.received - OLD.received, NEW.accepted - OLD.accepted, NEW.on_time - OLD.on_time, NEW.late - OLD.late, NEW.concluded - OLD.concluded, NEW.concluded_secs - OLD.concluded_secs, NEW.at_fault - OLD.at_fault, NEW.apologies - OLD.apologies, NEW.sanctions - OLD.sanctions)
 ON CONFLICT(unit_id, month) DO UPDATE SET
  received = received + excluded.received,
  accepted = accepted + excluded.accepted,
  on_time = on_time + excluded.on_time,
  late = late + excluded.late,
  concluded = concluded + excluded.concluded,
  concluded_secs = concluded_secs + excluded.concluded_secs,
  at_fault = at_fault + excluded.at_fault,
  apologies = apologies + excluded.apologies,
  sanctions = sanctions + excluded.sanctions;
INSERT INTO case_stats_total(unit_id, received, accepted, on_time, late, concluded, concluded_secs, at_fault, apologies, sanctions)
 VALUES (NEW.unit_id, NEW.received - OLD.received, NEW.accepted - OLD.accepted, NEW.on_time - OLD.on_time, NEW.late - OLD.late, NEW.concluded - OLD.concluded, NEW.concluded_secs - OLD.concluded_secs, NEW.at_fault - OLD.at_fault, NEW.apologies - OLD.apologies, NEW.sanctions - OLD.sanctions)
 ON CONFLICT(unit_id) DO UPDATE SET
  received = received + excluded.received,
  accepted = accepted + excluded.accepted,
  on_time = on_time + excluded.on_time,
  late = late + excluded.late,
  concluded = concluded + excluded.concluded,
  concluded_secs = concluded_secs + excluded.concluded_secs,
  at_fault = at_fault + excluded.at_fault,
  apologies = apologies + excluded.apologies,
  sanctions = sanctions + excluded.sanctions;
END;

-- A case counts while its result is public; an update that makes it public or
-- not, or moves a public one's unit, kind, category or publication time, takes
-- the old contribution (its own and its apology's) away and adds the new one.
-- Other updates (every step of an open case) do not fire.
CREATE TRIGGER cases_results_insert AFTER INSERT ON cases BEGIN
INSERT INTO results_daily(unit_id, day, kind, category, published, apologies)
 SELECT NEW.unit_id, strftime('%Y-%m-%dT%H:%M:%SZ', date(NEW.published_at, '+7 hours'), '-7 hours'), NEW.kind, NEW.category, 1, 0 WHERE NEW.published_at IS NOT NULL AND NEW.state IN ('published','resolved')
 ON CONFLICT(unit_id, day, kind, category) DO UPDATE SET published = published + excluded.published, apologies = apologies + excluded.apologies;
INSERT INTO results_daily(unit_id, day, kind, category, published, apologies)
 SELECT a.unit_id, strftime('%Y-%m-%dT%H:%M:%SZ', date(a.published_at, '+7 hours'), '-7 hours'), NEW.kind, NEW.category, 0, 1 FROM case_apologies a
 WHERE a.case_id = NEW.id AND NEW.published_at IS NOT NULL AND NEW.state IN ('published','resolved')
 ON CONFLICT(unit_id, day, kind, category) DO UPDATE SET published = published + excluded.published, apologies = apologies + excluded.apologies;
END;

CREATE TRIGGER cases_results_update AFTER UPDATE ON cases
WHEN (OLD.published_at IS NOT NULL AND OLD.state IN ('published','resolved'))
     IS NOT (NEW.published_at IS NOT NULL AND NEW.state IN ('published','resolved'))
  OR (NEW.published_at IS NOT NULL AND NEW.state IN ('published','resolved')
      AND (OLD.published_at IS NOT NEW.published_at OR OLD.unit_id IS NOT NEW.unit_id
           OR OLD.kind IS NOT NEW.kind OR OLD.category IS NOT NEW.category)) BEGIN
INSERT INTO results_daily(unit_id, day, kind, category, published, apologies)
 SELECT OLD.unit_id, strftime('%Y-%m-%dT%H:%M:%SZ', date(OLD.published_at, '+7 hours'), '-7 hours'), OLD.kind, OLD.category, -1, 0 WHERE OLD.published_at IS NOT NULL AND OLD.state IN ('published','resolved')
 ON CONFLICT(unit_id, day, kind, category) DO UPDATE SET published = published + excluded.published, apologies = apologies + excluded.apologies;
INSERT INTO results_daily(unit_id, day, kind, category, published, apologies)
 SELECT a.unit_id, strftime('%Y-%m-%dT%H:%M:%SZ', date(a.published_at, '+7 hours'), '-7 hours'), OLD.kind, OLD.category, 0, -1 FROM case_apologies a
 WHERE a.case_id = OLD.id AND OLD.published_at IS NOT NULL AND OLD.state IN ('published','resolved')
 ON CONFLICT(unit_id, day, kind, category) DO UPDATE SET published = published + excluded.published, apologies = apologies + excluded.apologies;
INSERT INTO results_daily(unit_id, day, kind, category, published, apologies)
 SELECT NEW.unit_id, strftime('%Y-%m-%dT%H:%M:%SZ', date(NEW.published_at, '+7 hours'), '-7 hours'), NEW.kind, NEW.category, 1, 0 WHERE NEW.published_at IS NOT NULL AND NEW.state IN ('published','resolved')
 ON CONFLICT(unit_id, day, kind, category) DO UPDATE SET published = published + excluded.published, apologies = apologies + excluded.apologies;
INSERT INTO results_daily(unit_id, day, kind, category, published, apologies)
 SELECT a.unit_id, strftime('%Y-%m-%dT%H:%M:%SZ', date(a.published_at, '+7 hours'), '-7 hours'), NEW.kind, NEW.category, 0, 1 FROM case_apologies a
 WHERE a.case_id = NEW.id AND NEW.published_at IS NOT NULL AND NEW.state IN ('published','resolved')
 ON CONFLICT(unit_id, day, kind, category) DO UPDATE SET published = published + excluded.published, apologies = apologies + excluded.apologies;
END;

CREATE TRIGGER cases_results_delete AFTER DELETE ON cases BEGIN
INSERT INTO results_daily(unit_id, day, kind, category, published, apologies)
 SELECT OLD.unit_id, strftime('%Y-%m-%dT%H:%M:%SZ', date(OLD.published_at, '+7 hours'), '-7 hours'), OLD.kind, OLD.category, -1, 0 WHERE OLD.published_at IS NOT NULL AND OLD.state IN ('published','resolved')
 ON CONFLICT(unit_id, day, kind, category) DO UPDATE SET published = published + excluded.published, apologies = apologies + excluded.apologies;
INSERT INTO results_daily(unit_id, day, kind, category, published, apologies)
 SELECT a.unit_id, strftime('%Y-%m-%dT%H:%M:%SZ', date(a.published_at, '+7 hours'), '-7 hours'), OLD.kind, OLD.category, 0, -1 FROM case_apologies a
 WHERE a.case_id = OLD.id AND OLD.published_at IS NOT NULL AND OLD.state IN ('published','resolved')
 ON CONFLICT(unit_id, day, kind, category) DO UPDATE SET published = published + excluded.published, apologies = apologies + excluded.apologies;
END;

CREATE TRIGGER case_apologies_results_insert AFTER INSERT ON case_apologies BEGIN
INSERT INTO results_daily(unit_id, day, kind, category, published, apologies)
 SELECT NEW.unit_id, strftime('%Y-%m-%dT%H:%M:%SZ', date(NEW.published_at, '+7 hours'), '-7 hours'), c.kind, c.category, 0, 1 FROM cases c
 WHERE c.id = NEW.case_id AND c.published_at IS NOT NULL AND c.state IN ('published','resolved')
 ON CONFLICT(unit_id, day, kind, category) DO UPDATE SET published = published + excluded.published, apologies = apologies + excluded.apologies;
END;

CREATE TRIGGER case_apologies_results_update AFTER UPDATE ON case_apologies
WHEN OLD.case_id IS NOT NEW.case_id OR OLD.unit_id IS NOT NEW.unit_id OR OLD.published_at IS NOT NEW.published_at BEGIN
INSERT INTO results_daily(unit_id, day, kind, category, published, apologies)
 SELECT OLD.unit_id, strftime('%Y-%m-%dT%H:%M:%SZ', date(OLD.published_at, '+7 hours'), '-7 hours'), c.kind, c.category, 0, -1 FROM cases c
 WHERE c.id = OLD.case_id AND c.published_at IS NOT NULL AND c.state IN ('published','resolved')
 ON CONFLICT(unit_id, day, kind, category) DO UPDATE SET published = published + excluded.published, apologies = apologies + excluded.apologies;
INSERT INTO results_daily(unit_id, day, kind, category, published, apologies)
 SELECT NEW.unit_id, strftime('%Y-%m-%dT%H:%M:%SZ', date(NEW.published_at, '+7 hours'), '-7 hours'), c.kind, c.category, 0, 1 FROM cases c
 WHERE c.id = NEW.case_id AND c.published_at IS NOT NULL AND c.state IN ('published','resolved')
 ON CONFLICT(unit_id, day, kind, category) DO UPDATE SET published = published + excluded.published, apologies = apologies + excluded.apologies;
END;

CREATE TRIGGER case_apologies_results_delete AFTER DELETE ON case_apologies BEGIN
INSERT INTO results_daily(unit_id, day, kind, category, published, apologies)
 SELECT OLD.unit_id, strftime('%Y-%m-%dT%H:%M:%SZ', date(OLD.published_at, '+7 hours'), '-7 hours'), c.kind, c.category, 0, -1 FROM cases c
 WHERE c.id = OLD.case_id AND c.published_at IS NOT NULL AND c.state IN ('published','resolved')
 ON CONFLICT(unit_id, day, kind, category) DO UPDATE SET published = published + excluded.published, apologies = apologies + excluded.apologies;
END;

CREATE TRIGGER apologies_results_insert AFTER INSERT ON apologies BEGIN
INSERT INTO dossier_apology_daily(unit_id, day, letters, late)
 SELECT NEW.unit_id, strftime('%Y-%m-%dT%H:%M:%SZ', date(NEW.issued_at, '+7 hours'), '-7 hours'), 1, CASE WHEN NEW.issued_late <> 0 THEN 1 ELSE 0 END WHERE 1
 ON CONFLICT(unit_id, day) DO UPDATE SET letters = letters + excluded.letters, late = late + excluded.late;
END;

CREATE TRIGGER apologies_results_update AFTER UPDATE ON apologies
WHEN OLD.unit_id IS NOT NEW.unit_id OR OLD.issued_at IS NOT NEW.issued_at OR OLD.issued_late IS NOT NEW.issued_late BEGIN
INSERT INTO dossier_apology_daily(unit_id, day, letters, late)
 SELECT OLD.unit_id, strftime('%Y-%m-%dT%H:%M:%SZ', date(OLD.issued_at, '+7 hours'), '-7 hours'), -1, CASE WHEN OLD.issued_late <> 0 THEN -1 ELSE 0 END WHERE 1
 ON CONFLICT(unit_id, day) DO UPDATE SET letters = letters + excluded.letters, late = late + excluded.late;
INSERT INTO dossier_apology_daily(unit_id, day, letters, late)
 SELECT NEW.unit_id, strftime('%Y-%m-%dT%H:%M:%SZ', date(NEW.issued_at, '+7 hours'), '-7 hours'), 1, CASE WHEN NEW.issued_late <> 0 THEN 1 ELSE 0 END WHERE 1
 ON CONFLICT(unit_id, day) DO UPDATE SET letters = letters + excluded.letters, late = late + excluded.late;
END;

CREATE TRIGGER apologies_results_delete AFTER DELETE ON apologies BEGIN
INSERT INTO dossier_apology_daily(unit_id, day, letters, late)
 SELECT OLD.unit_id, strftime('%Y-%m-%dT%H:%M:%SZ', date(OLD.issued_at, '+7 hours'), '-7 hours'), -1, CASE WHEN OLD.issued_late <> 0 THEN -1 ELSE 0 END WHERE 1
 ON CONFLICT(unit_id, day) DO UPDATE SET letters = letters + excluded.letters, late = late + excluded.late;
END;
