-- 0029_scores.sql — the shared aggregates (src/agg/) and the Decision 766
-- scores (src/scores/): counters per unit (and official) per day, kept in the
-- transaction of the change that moves them; the facts of each dossier and
-- case that the indicators read; the indicators, groups and grade bands as
-- dated data (data/scores_*.csv, loaded by scores_load_reference).

-- Counters. bucket: a Vietnam day number (days since 1970-01-01, UTC+7), or a
-- month (100000 + year*12 + month-1), or a year (300000 + year): every
-- contribution is added to its day, its month and its year, so that a
-- period is read as at most five ranges of buckets (days, months, years,
-- months, days), whatever the history. Every row counts the unit's whole
-- subtree: a contribution is added to the unit and to each unit above it
-- (write-time fan-out; the tree is at most three levels deep).
-- official_id 0 = the unit as a whole; otherwise the official's own counter.
CREATE TABLE agg_counts (
	unit_id     INTEGER NOT NULL,
	official_id INTEGER NOT NULL DEFAULT 0,
	bucket      INTEGER NOT NULL,
	metric      TEXT NOT NULL,
	n           INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (unit_id, official_id, bucket, metric)
) WITHOUT ROWID;
-- Every unit's counters of a range of buckets at once (the scoreboard).
CREATE INDEX agg_counts_bucket ON agg_counts(official_id, bucket, unit_id, metric, n);

-- Every unit with itself and each unit above it, kept by triggers on units:
-- a contribution is fanned out to a unit's ancestors by one INSERT … SELECT
-- over this table, so the writers' transaction reads no unit (the tree is
-- read before BEGIN, or never).
CREATE TABLE unit_closure (
	unit_id     INTEGER NOT NULL,
	ancestor_id INTEGER NOT NULL,
	PRIMARY KEY (unit_id, ancestor_id)
) WITHOUT ROWID;
INSERT INTO unit_closure(unit_id, ancestor_id)
WITH RECURSIVE up(unit_id, ancestor_id) AS (
	SELECT id, id FROM units
	UNION SELECT up.unit_id, u.parent_id FROM up JOIN units u ON u.id = up.ancestor_id WHERE u.parent_id IS NOT NULL
) SELECT unit_id, ancestor_id FROM up;
CREATE TRIGGER unit_closure_insert AFTER INSERT ON units BEGIN
	INSERT INTO unit_closure(unit_id, ancestor_id) VALUES (NEW.id, NEW.id);
	INSERT INTO unit_closure(unit_id, ancestor_id) SELECT NEW.id, ancestor_id FROM unit_closure WHERE unit_id = NEW.parent_id;
END;
-- A unit moved in the tree (no command does it today): the closure again, whole.
CREATE TRIGGER unit_closure_move AFTER UPDATE OF parent_id ON units WHEN OLD.parent_id IS NOT NEW.parent_id BEGIN
	DELETE FROM unit_closure;
	INSERT INTO unit_closure(unit_id, ancestor_id)
	WITH RECURSIVE up(unit_id, ancestor_id) AS (
		SELECT id, id FROM units
		UNION SELECT up.unit_id, u.parent_id FROM up JOIN units u ON u.id = up.ancestor_id WHERE u.parent_id IS NOT NULL
	) SELECT unit_id, ancestor_id FROM up;
END;

-- The items behind a counter that must be listed (late dossiers, unsatisfied
-- feedback: what cost a unit points), fanned out like the counters, read by
-- keyset on (day, item).
CREATE TABLE agg_items (
	unit_id INTEGER NOT NULL,
	metric  TEXT NOT NULL,
	day     INTEGER NOT NULL,
	item    INTEGER NOT NULL,
	PRIMARY KEY (unit_id, metric, day, item)
) WITHOUT ROWID;

-- What the indicators know of a dossier, kept by scores_dossier_changed() in
-- each dossier command's transaction. Times are UTC epoch seconds, 0 = none.
CREATE TABLE score_dossier_facts (
	dossier_id          INTEGER PRIMARY KEY REFERENCES dossiers(id),
	unit_id             INTEGER NOT NULL,
	online              INTEGER NOT NULL DEFAULT 0,
	received_at         INTEGER NOT NULL DEFAULT 0,
	appointment_at      INTEGER NOT NULL DEFAULT 0,   -- the due time on the receipt (NgayHenTra)
	legal_max_at        INTEGER NOT NULL DEFAULT 0,   -- when there is no appointment: receipt + legal time
	supplement_requests INTEGER NOT NULL DEFAULT 0,
	supplement_secs     INTEGER NOT NULL DEFAULT 0,   -- time with the citizen, requests to returns
	pending_since       INTEGER NOT NULL DEFAULT 0,   -- a supplement request not yet answered
	ended_at            INTEGER NOT NULL DEFAULT 0,   -- processed, returned, stopped or withdrawn
	feedback            INTEGER NOT NULL DEFAULT 0,   -- reports (feedback, petitions, ...) naming it
	dislike             INTEGER NOT NULL DEFAULT 0,   -- the citizen's rating is a dislike (input: ratings)
	e_result            INTEGER NOT NULL DEFAULT 0,   -- an electronic result was issued (input: results)
	fee_due             INTEGER NOT NULL DEFAULT 0,   -- a fee was due (input: payments)
	paid_online         INTEGER NOT NULL DEFAULT 0    -- paid online (input: payments)
);
-- The open received dossiers: judged at the period's end, as few as the work in hand.
CREATE INDEX score_dossier_facts_open ON score_dossier_facts(unit_id) WHERE ended_at = 0 AND received_at > 0;

-- What the indicators know of a feedback or petition (PAKN).
CREATE TABLE score_case_facts (
	case_id     INTEGER PRIMARY KEY REFERENCES cases(id),
	unit_id     INTEGER NOT NULL,
	received_at INTEGER NOT NULL,
	late        INTEGER NOT NULL DEFAULT 0,   -- concluded late or marked overdue
	unsatisfied INTEGER NOT NULL DEFAULT 0,   -- rated not satisfied (a dislike)
	reopened    INTEGER NOT NULL DEFAULT 0    -- raised again
);

-- The reports naming a dossier (the independent recomputation of 5.4).
CREATE INDEX cases_dossier_code ON cases(dossier_code) WHERE dossier_code IS NOT NULL;

-- Inputs the product holds. An indicator whose input is absent is "no data".
-- The features that bring e-results, payments and ratings insert their row
-- (scores_input_enable) with their first record.
CREATE TABLE score_inputs (
	name  TEXT PRIMARY KEY,
	since TEXT NOT NULL
) WITHOUT ROWID;
INSERT INTO score_inputs(name, since) VALUES ('catalogue', '2026-01-01T00:00:00Z'),
	('dossiers', '2026-01-01T00:00:00Z'), ('cases', '2026-01-01T00:00:00Z');

-- Decision 766 as dated data (data/scores_groups.csv, scores_indicators.csv, scores_bands.csv).
CREATE TABLE score_groups (
	id         INTEGER NOT NULL,
	name_vi    TEXT NOT NULL,
	name_en    TEXT NOT NULL,
	max_pts    REAL NOT NULL,
	valid_from TEXT NOT NULL,
	valid_to   TEXT,
	PRIMARY KEY (id, valid_from)
);
CREATE TABLE score_indicators (
	code        TEXT NOT NULL,            -- '2.1'
	group_id    INTEGER NOT NULL,
	name_vi     TEXT NOT NULL,
	name_en     TEXT NOT NULL,
	numerator   TEXT NOT NULL,
	denominator TEXT NOT NULL,
	target_pct  REAL,                     -- NULL: no target (score = R × max)
	max_pts     REAL NOT NULL,
	input       TEXT NOT NULL,            -- what feeds it: a score_inputs name, or 'none'
	source      TEXT NOT NULL,
	mark        TEXT NOT NULL,            -- V, V2, K (docs/scores.md)
	valid_from  TEXT NOT NULL,
	valid_to    TEXT,
	PRIMARY KEY (code, valid_from)
);
CREATE TABLE score_bands (
	name_vi    TEXT NOT NULL,
	name_en    TEXT NOT NULL,
	min_score  REAL NOT NULL,             -- closed interval [min_score, max_score]
	max_score  REAL NOT NULL,
	valid_from TEXT NOT NULL,
	valid_to   TEXT,
	PRIMARY KEY (name_vi, valid_from)
);

-- The scores pages move with every dossier and case command: one topic for the
-- page cache, bumped when the facts change (once per command, not per counter).
INSERT INTO page_versions(topic, version) VALUES ('scores', 1);
CREATE TRIGGER page_versions_score_dossier_insert AFTER INSERT ON score_dossier_facts BEGIN
	UPDATE page_versions SET version = version + 1 WHERE topic = 'scores';
END;
CREATE TRIGGER page_versions_score_dossier_update AFTER UPDATE ON score_dossier_facts BEGIN
	UPDATE page_versions SET version = version + 1 WHERE topic = 'scores';
END;
CREATE TRIGGER page_versions_score_case_insert AFTER INSERT ON score_case_facts BEGIN
	UPDATE page_versions SET version = version + 1 WHERE topic = 'scores';
END;
CREATE TRIGGER page_versions_score_case_update AFTER UPDATE ON score_case_facts BEGIN
	UPDATE page_versions SET version = version + 1 WHERE topic = 'scores';
END;
