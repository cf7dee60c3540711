-- 0028_ratings.sql — citizens' ratings of their dossiers (R13), the criteria
-- set and the change window as dated data, and the counters the pages and the
-- Decision 766 scores read (per unit per day, per official per procedure per
-- day, per procedure per day), kept in the write transaction.

-- The rules of rating in force by date (data/rating_rules.csv): how many days
-- a rating may still be changed after it was first given, the comment's limit.
CREATE TABLE rating_rules (
	version     TEXT PRIMARY KEY,
	valid_from  TEXT NOT NULL,              -- YYYY-MM-DD (Vietnam), inclusive
	valid_to    TEXT,                       -- inclusive; NULL: open
	change_days INTEGER NOT NULL CHECK (change_days >= 0),
	comment_max INTEGER NOT NULL CHECK (comment_max > 0),
	source      TEXT NOT NULL
);

-- The criteria asked (data/rating_criteria.csv), by set version.
CREATE TABLE rating_criteria (
	set_version TEXT NOT NULL,
	valid_from  TEXT NOT NULL,
	valid_to    TEXT,
	criterion   TEXT NOT NULL,
	ordinal     INTEGER NOT NULL,
	answer_type TEXT NOT NULL CHECK (answer_type IN ('yes_no','level','count')),
	text_vi     TEXT NOT NULL,
	text_en     TEXT NOT NULL,
	PRIMARY KEY (set_version, criterion)
);
CREATE INDEX rating_criteria_from ON rating_criteria(valid_from);

-- One rating per dossier; changed in place within the window (every change an event).
CREATE TABLE ratings (
	id           INTEGER PRIMARY KEY,
	dossier_id   INTEGER NOT NULL UNIQUE REFERENCES dossiers(id),
	unit_id      INTEGER NOT NULL REFERENCES units(id),        -- the unit that received the dossier
	procedure_id INTEGER NOT NULL REFERENCES procedures(id),
	set_version  TEXT NOT NULL,
	rules_version TEXT NOT NULL,
	level        TEXT NOT NULL CHECK (level IN ('very_satisfied','satisfied','unsatisfied')),
	liked        INTEGER NOT NULL CHECK (liked IN (0,1)),
	comment      TEXT NOT NULL DEFAULT '',
	channel      TEXT NOT NULL,                                -- web, api
	day          TEXT NOT NULL,    -- the Vietnam day of the first rating (its local midnight in UTC): the counters' day
	created_at   TEXT NOT NULL,
	changed_at   TEXT,
	changes      INTEGER NOT NULL DEFAULT 0,
	change_until TEXT NOT NULL     -- changes are accepted before this instant
);

CREATE TABLE rating_answers (
	rating_id INTEGER NOT NULL REFERENCES ratings(id),
	criterion TEXT NOT NULL,
	answer    TEXT NOT NULL,
	PRIMARY KEY (rating_id, criterion)
);

-- Each official who held the dossier (its steps), rated through it.
CREATE TABLE rating_officials (
	rating_id  INTEGER NOT NULL REFERENCES ratings(id),
	account_id INTEGER NOT NULL REFERENCES accounts(id),
	PRIMARY KEY (rating_id, account_id)
);

-- Per unit per day: dossier ratings by level, likes and dislikes, dossiers
-- with a dislike; and the likes and dislikes of reports' results (a dislike
-- re-raises the case). Kept by ratings/repo.c in the rating's transaction.
CREATE TABLE rating_unit_daily (
	unit_id          INTEGER NOT NULL REFERENCES units(id),
	day              TEXT NOT NULL,
	very_satisfied   INTEGER NOT NULL DEFAULT 0,
	satisfied        INTEGER NOT NULL DEFAULT 0,
	unsatisfied      INTEGER NOT NULL DEFAULT 0,
	likes            INTEGER NOT NULL DEFAULT 0,
	dislikes         INTEGER NOT NULL DEFAULT 0,
	disliked_dossiers INTEGER NOT NULL DEFAULT 0,
	case_likes       INTEGER NOT NULL DEFAULT 0,
	case_dislikes    INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (unit_id, day)
);

-- Per official per procedure per day, and per procedure per day (all
-- officials: the peers' figures are the procedure's minus the official's own):
-- steps held and ended (on time when ended by the step's due time, or with
-- none), supplement requests made, ratings received through the dossiers.
CREATE TABLE rating_official_daily (
	account_id     INTEGER NOT NULL REFERENCES accounts(id),
	day            TEXT NOT NULL,
	procedure_id   INTEGER NOT NULL REFERENCES procedures(id),
	steps          INTEGER NOT NULL DEFAULT 0,
	steps_on_time  INTEGER NOT NULL DEFAULT 0,
	supplements    INTEGER NOT NULL DEFAULT 0,
	rated          INTEGER NOT NULL DEFAULT 0,
	very_satisfied INTEGER NOT NULL DEFAULT 0,
	satisfied      INTEGER NOT NULL DEFAULT 0,
	unsatisfied    INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (account_id, day, procedure_id)
);
CREATE TABLE rating_procedure_daily (
	procedure_id   INTEGER NOT NULL REFERENCES procedures(id),
	day            TEXT NOT NULL,
	steps          INTEGER NOT NULL DEFAULT 0,
	steps_on_time  INTEGER NOT NULL DEFAULT 0,
	supplements    INTEGER NOT NULL DEFAULT 0,
	rated          INTEGER NOT NULL DEFAULT 0,
	very_satisfied INTEGER NOT NULL DEFAULT 0,
	satisfied      INTEGER NOT NULL DEFAULT 0,
	unsatisfied    INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (procedure_id, day)
);

-- Steps and supplement requests are counted by triggers on dossier_steps, in
-- the transaction of the dossier command that writes them, whoever writes:
-- a step held by an official counts when it ends (on time: ended by its due
-- time, or it had none); a supplement step's start counts one request for the
-- official who held the step before it.
CREATE TRIGGER rating_steps_ended AFTER UPDATE OF ended_at ON dossier_steps
WHEN OLD.ended_at IS NULL AND NEW.ended_at IS NOT NULL AND NEW.holder_account_id IS NOT NULL AND NEW.kind <> 'supplement'
BEGIN
INSERT INTO rating_official_daily(account_id, day, procedure_id, steps, steps_on_time)
 SELECT NEW.holder_account_id, strftime('%Y-%m-%dT%H:%M:%SZ', date(NEW.ended_at, '+7 hours'), '-7 hours'), x.procedure_id, 1,
        CASE WHEN NEW.due_at IS NULL OR NEW.ended_at <= NEW.due_at THEN 1 ELSE 0 END
 FROM dossiers x WHERE x.id = NEW.dossier_id
 ON CONFLICT(account_id, day, procedure_id) DO UPDATE SET steps = steps + 1, steps_on_time = steps_on_time + excluded.steps_on_time;
INSERT INTO rating_procedure_daily(procedure_id, day, steps, steps_on_time)
 SELECT x.procedure_id, strftime('%Y-%m-%dT%H:%M:%SZ', date(NEW.ended_at, '+7 hours'), '-7 hours'), 1,
        CASE WHEN NEW.due_at IS NULL OR NEW.ended_at <= NEW.due_at THEN 1 ELSE 0 END
 FROM dossiers x WHERE x.id = NEW.dossier_id
 ON CONFLICT(procedure_id, day) DO UPDATE SET steps = steps + 1, steps_on_time = steps_on_time + excluded.steps_on_time;
END;

CREATE TRIGGER rating_supplement_requested AFTER INSERT ON dossier_steps
WHEN NEW.kind = 'supplement'
BEGIN
INSERT INTO rating_official_daily(account_id, day, procedure_id, supplements)
 SELECT p.holder_account_id, strftime('%Y-%m-%dT%H:%M:%SZ', date(NEW.started_at, '+7 hours'), '-7 hours'), x.procedure_id, 1
 FROM dossiers x, (SELECT holder_account_id FROM dossier_steps WHERE dossier_id = NEW.dossier_id AND id < NEW.id
                   ORDER BY id DESC LIMIT 1) p
 WHERE x.id = NEW.dossier_id AND p.holder_account_id IS NOT NULL
 ON CONFLICT(account_id, day, procedure_id) DO UPDATE SET supplements = supplements + 1;
INSERT INTO rating_procedure_daily(procedure_id, day, supplements)
 SELECT x.procedure_id, strftime('%Y-%m-%dT%H:%M:%SZ', date(NEW.started_at, '+7 hours'), '-7 hours'), 1
 FROM dossiers x WHERE x.id = NEW.dossier_id
 ON CONFLICT(procedure_id, day) DO UPDATE SET supplements = supplements + 1;
END;

-- Backfill the step counters from the history already recorded.
INSERT INTO rating_official_daily(account_id, day, procedure_id, steps, steps_on_time)
SELECT s.holder_account_id, strftime('%Y-%m-%dT%H:%M:%SZ', date(s.ended_at, '+7 hours'), '-7 hours') AS d, x.procedure_id,
       count(*), sum(CASE WHEN s.due_at IS NULL OR s.ended_at <= s.due_at THEN 1 ELSE 0 END)
FROM dossier_steps s JOIN dossiers x ON x.id = s.dossier_id
WHERE s.ended_at IS NOT NULL AND s.holder_account_id IS NOT NULL AND s.kind <> 'supplement'
GROUP BY s.holder_account_id, d, x.procedure_id;
INSERT INTO rating_official_daily(account_id, day, procedure_id, supplements)
SELECT p.holder_account_id, strftime('%Y-%m-%dT%H:%M:%SZ', date(s.started_at, '+7 hours'), '-7 hours') AS d, x.procedure_id, count(*)
FROM dossier_steps s JOIN dossiers x ON x.id = s.dossier_id
JOIN dossier_steps p ON p.id = (SELECT max(id) FROM dossier_steps q WHERE q.dossier_id = s.dossier_id AND q.id < s.id)
WHERE s.kind = 'supplement' AND p.holder_account_id IS NOT NULL
GROUP BY p.holder_account_id, d, x.procedure_id
ON CONFLICT(account_id, day, procedure_id) DO UPDATE SET supplements = supplements + excluded.supplements;
INSERT INTO rating_procedure_daily(procedure_id, day, steps, steps_on_time, supplements)
SELECT procedure_id, day, sum(steps), sum(steps_on_time), 0 FROM rating_official_daily WHERE 1 GROUP BY procedure_id, day;
UPDATE rating_procedure_daily SET supplements = (
	SELECT count(*) FROM dossier_steps s JOIN dossiers x ON x.id = s.dossier_id
	WHERE s.kind = 'supplement' AND x.procedure_id = rating_procedure_daily.procedure_id
	  AND strftime('%Y-%m-%dT%H:%M:%SZ', date(s.started_at, '+7 hours'), '-7 hours') = rating_procedure_daily.day);
INSERT INTO rating_procedure_daily(procedure_id, day, supplements)
SELECT x.procedure_id, strftime('%Y-%m-%dT%H:%M:%SZ', date(s.started_at, '+7 hours'), '-7 hours') AS d, count(*)
FROM dossier_steps s JOIN dossiers x ON x.id = s.dossier_id WHERE s.kind = 'supplement'
GROUP BY x.procedure_id, d
ON CONFLICT(procedure_id, day) DO NOTHING;

CREATE INDEX rating_officials_account ON rating_officials(account_id, rating_id);
