-- 0036_warn.sql — early warning (issue #11 item 5): signals computed from the
-- counters per official against peers on the same procedures, and per unit
-- against peer units of the same level; the rules (window, minimums,
-- thresholds) as dated data (data/warn_rules.csv); the signals' own state
-- (new, under review, dismissed with a reason, led to an inspection).

-- The rules in force by date, one row per signal and version.
CREATE TABLE warn_rules (
	version           TEXT NOT NULL,
	signal            TEXT NOT NULL,
	valid_from        TEXT NOT NULL,              -- YYYY-MM-DD (Vietnam), inclusive
	valid_to          TEXT,                       -- inclusive; NULL: open
	window_days       INTEGER NOT NULL CHECK (window_days BETWEEN 7 AND 731),
	min_events        INTEGER NOT NULL CHECK (min_events >= 1),     -- the subject's own events at least
	min_exposure      INTEGER NOT NULL CHECK (min_exposure >= 1),   -- the subject's own steps (ratings) at least
	min_peer_exposure INTEGER NOT NULL CHECK (min_peer_exposure >= 1),
	ratio_min         REAL NOT NULL CHECK (ratio_min >= 1.0),       -- the lower bound of the rate ratio must exceed it
	confidence        REAL NOT NULL CHECK (confidence > 0.5 AND confidence < 1.0),
	source            TEXT NOT NULL,
	PRIMARY KEY (version, signal)
);

-- The counters the signals need that 0028 does not keep, per official, Vietnam
-- day (its local midnight in UTC, as rating_official_daily) and procedure
-- (0: not about a procedure — reports naming the official). Kept by triggers
-- in the writer's transaction, whoever writes; built from the raw tables once
-- by warn_ensure_reference() (an older database: `serve`, `minhbach warn`) and
-- after the benchmark generator's direct inserts (warn_rebuild_counters).
CREATE TABLE warn_official_daily (
	account_id   INTEGER NOT NULL REFERENCES accounts(id),
	day          TEXT NOT NULL,
	procedure_id INTEGER NOT NULL,
	withdrawals  INTEGER NOT NULL DEFAULT 0,   -- dossiers withdrawn or refused while the official held them last
	reports      INTEGER NOT NULL DEFAULT 0,   -- reports (feedback, petitions, complaints, denunciations) naming the official
	held_steps   INTEGER NOT NULL DEFAULT 0,   -- steps ended (as rating_official_daily.steps)
	late         INTEGER NOT NULL DEFAULT 0,   -- of which ended after their due time
	held_seconds INTEGER NOT NULL DEFAULT 0,   -- their time held, summed
	PRIMARY KEY (account_id, day, procedure_id)
);
CREATE INDEX warn_official_daily_day ON warn_official_daily(day);
-- The run reads a window of days of every official: by day, not all history.
CREATE INDEX rating_official_daily_day ON rating_official_daily(day);

CREATE TRIGGER warn_step_held AFTER UPDATE OF ended_at ON dossier_steps
WHEN OLD.ended_at IS NULL AND NEW.ended_at IS NOT NULL AND NEW.holder_account_id IS NOT NULL AND NEW.kind <> 'supplement'
BEGIN
INSERT INTO warn_official_daily(account_id, day, procedure_id, held_steps, late, held_seconds)
 SELECT NEW.holder_account_id, strftime('%Y-%m-%dT%H:%M:%SZ', date(NEW.ended_at, '+7 hours'), '-7 hours'), x.procedure_id, 1,
        CASE WHEN NEW.due_at IS NOT NULL AND NEW.ended_at > NEW.due_at THEN 1 ELSE 0 END,
        max(0, CAST(round((julianday(NEW.ended_at) - julianday(NEW.started_at)) * 86400) AS INTEGER))
 FROM dossiers x WHERE x.id = NEW.dossier_id
 ON CONFLICT(account_id, day, procedure_id) DO UPDATE SET held_steps = held_steps + 1, late = late + excluded.late,
  held_seconds = held_seconds + excluded.held_seconds;
END;

-- A dossier withdrawn or refused: charged to the last official who held a step of it.
CREATE TRIGGER warn_dossier_withdrawn AFTER UPDATE OF state ON dossiers
WHEN NEW.state IN ('withdrawn','refused') AND OLD.state NOT IN ('withdrawn','refused')
BEGIN
INSERT INTO warn_official_daily(account_id, day, procedure_id, withdrawals)
 SELECT p.holder_account_id,
        strftime('%Y-%m-%dT%H:%M:%SZ', date(coalesce(NEW.finished_at, NEW.received_at, NEW.submitted_at), '+7 hours'), '-7 hours'),
        NEW.procedure_id, 1
 FROM (SELECT holder_account_id FROM dossier_steps WHERE dossier_id = NEW.id AND holder_account_id IS NOT NULL
       ORDER BY id DESC LIMIT 1) p
 WHERE coalesce(NEW.finished_at, NEW.received_at, NEW.submitted_at) IS NOT NULL
 ON CONFLICT(account_id, day, procedure_id) DO UPDATE SET withdrawals = withdrawals + 1;
END;

-- A report naming an official, when it is filed or when the official is first named.
CREATE TRIGGER warn_case_named AFTER INSERT ON cases
WHEN NEW.subject_account_id IS NOT NULL
BEGIN
INSERT INTO warn_official_daily(account_id, day, procedure_id, reports)
 VALUES (NEW.subject_account_id, strftime('%Y-%m-%dT%H:%M:%SZ', date(NEW.received_at, '+7 hours'), '-7 hours'), 0, 1)
 ON CONFLICT(account_id, day, procedure_id) DO UPDATE SET reports = reports + 1;
END;
CREATE TRIGGER warn_case_named_later AFTER UPDATE OF subject_account_id ON cases
WHEN OLD.subject_account_id IS NULL AND NEW.subject_account_id IS NOT NULL
BEGIN
INSERT INTO warn_official_daily(account_id, day, procedure_id, reports)
 VALUES (NEW.subject_account_id, strftime('%Y-%m-%dT%H:%M:%SZ', date(NEW.received_at, '+7 hours'), '-7 hours'), 0, 1)
 ON CONFLICT(account_id, day, procedure_id) DO UPDATE SET reports = reports + 1;
END;

-- One run of the computation (the nightly job, an inspector's button, the command line).
CREATE TABLE warn_runs (
	id          INTEGER PRIMARY KEY,
	started_at  TEXT NOT NULL,
	ended_at    TEXT NOT NULL,
	trigger     TEXT NOT NULL CHECK (trigger IN ('job','button','cli')),
	actor_id    INTEGER REFERENCES accounts(id),
	rules       TEXT NOT NULL,                -- the rules' version
	officials   INTEGER NOT NULL,             -- subjects tested
	units       INTEGER NOT NULL,
	flagged     INTEGER NOT NULL,
	opened      INTEGER NOT NULL,             -- new signals
	rows_read   INTEGER NOT NULL
);

-- A signal: a subject (an official, or a unit) whose rate on one measure is
-- above its peers' beyond chance. Its figures are those of the run that
-- opened it, refreshed by later runs while it is new or under review.
CREATE TABLE warn_signals (
	id            INTEGER PRIMARY KEY,
	subject_kind  TEXT NOT NULL CHECK (subject_kind IN ('official','unit')),
	account_id    INTEGER REFERENCES accounts(id),   -- the official (subject_kind official)
	unit_id       INTEGER NOT NULL REFERENCES units(id),   -- the unit (the official's at the run)
	signal        TEXT NOT NULL,
	rules_version TEXT NOT NULL,
	window_from   TEXT NOT NULL,                     -- YYYY-MM-DD, inclusive
	window_to     TEXT NOT NULL,
	events        INTEGER NOT NULL,                  -- the subject's own count
	exposure      INTEGER NOT NULL,                  -- its steps (or ratings)
	expected      REAL NOT NULL,                     -- at its peers' rates, procedure by procedure
	peer_events   INTEGER NOT NULL,
	peer_exposure INTEGER NOT NULL,
	ratio         REAL NOT NULL,
	lower         REAL NOT NULL,                     -- the lower confidence bound of the ratio
	detail        TEXT NOT NULL DEFAULT '{}',        -- JSON: the figures shown beside (time held per step)
	state         TEXT NOT NULL DEFAULT 'new' CHECK (state IN ('new','review','dismissed','inspection')),
	reviewer_id   INTEGER REFERENCES accounts(id),
	reason        TEXT NOT NULL DEFAULT '',          -- of the dismissal, or the inspection's reference
	opened_at     TEXT NOT NULL,
	updated_at    TEXT NOT NULL,
	closed_at     TEXT,
	CHECK ((subject_kind = 'official') = (account_id IS NOT NULL))
);
-- At most one open signal per subject and measure.
CREATE UNIQUE INDEX warn_signals_open ON warn_signals(subject_kind, coalesce(account_id, 0), unit_id, signal)
 WHERE state IN ('new','review');
CREATE INDEX warn_signals_subject ON warn_signals(account_id, id);
CREATE INDEX warn_signals_unit ON warn_signals(unit_id, id);
CREATE INDEX warn_signals_state ON warn_signals(state, id);
