-- 0043_warn_held_discipline_exclusions.sql — two gaps of issue #11:
--  1. early warning: the time an official holds a dossier's step against the
--     peers on the same procedure and step (signal `held`);
--  2. discipline: the periods not counted in the limitation clock (Decree
--     172/2025/NĐ-CP Art. 5(6)).

-- 1. Time held per step --------------------------------------------------------

-- The resolution at which a step's time held is counted: bucket 0 is under a
-- minute, bucket i ≥ 1 starts at 60 × 2^((i − 1) / 4) seconds (each bucket
-- 19% wider than the one before), the last one (81, from about two years) is
-- open. A peer's quantile is read at this resolution, and so is "held longer
-- than" (docs/oversight.md, Early warning). Not a legal number: a measuring
-- scale, fixed with the counters it sizes (changing it means rebuilding them).
CREATE TABLE warn_held_buckets (
	bucket        INTEGER PRIMARY KEY,
	lower_seconds INTEGER NOT NULL UNIQUE
);
WITH RECURSIVE b(i, lo) AS (
  SELECT 1, 60.0
  UNION ALL SELECT i + 1, lo * 1.189207115002721 FROM b WHERE i < 81)
INSERT INTO warn_held_buckets(bucket, lower_seconds)
 SELECT 0, 0 UNION ALL SELECT i, CAST(round(lo) AS INTEGER) FROM b;

-- Steps ended per official, Vietnam day, procedure, kind of step (reception,
-- processing, …) and bucket of time held: the histogram the signal reads for
-- its window, kept by the trigger below in the writer's transaction (as
-- warn_official_daily of 0036), built from the history by
-- warn_rebuild_counters() (warn_ensure_reference: once, for a database that
-- had steps before this migration).
CREATE TABLE warn_held_daily (
	day          TEXT NOT NULL,                 -- the local midnight in UTC, as warn_official_daily
	account_id   INTEGER NOT NULL REFERENCES accounts(id),
	procedure_id INTEGER NOT NULL,
	step_kind    TEXT NOT NULL,
	bucket       INTEGER NOT NULL,
	steps        INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (day, account_id, procedure_id, step_kind, bucket)
) WITHOUT ROWID;

CREATE TRIGGER warn_step_held_time AFTER UPDATE OF ended_at ON dossier_steps
WHEN OLD.ended_at IS NULL AND NEW.ended_at IS NOT NULL AND NEW.holder_account_id IS NOT NULL AND NEW.kind <> 'supplement'
BEGIN
INSERT INTO warn_held_daily(day, account_id, procedure_id, step_kind, bucket, steps)
 SELECT strftime('%Y-%m-%dT%H:%M:%SZ', date(NEW.ended_at, '+7 hours'), '-7 hours'), NEW.holder_account_id, x.procedure_id,
        NEW.kind,
        (SELECT b.bucket FROM warn_held_buckets b
          WHERE b.lower_seconds <= max(0, CAST(round((julianday(NEW.ended_at) - julianday(NEW.started_at)) * 86400) AS INTEGER))
          ORDER BY b.lower_seconds DESC LIMIT 1), 1
 FROM dossiers x WHERE x.id = NEW.dossier_id
 ON CONFLICT(day, account_id, procedure_id, step_kind, bucket) DO UPDATE SET steps = steps + 1;
END;

-- The rule of the `held` signal: held longer than `multiple` × the peers'
-- `quantile` of time held on the same procedure and step (NULL for the
-- counting signals). From data/warn_rules.csv.
ALTER TABLE warn_rules ADD COLUMN quantile REAL CHECK (quantile IS NULL OR (quantile > 0 AND quantile < 1));
ALTER TABLE warn_rules ADD COLUMN multiple REAL CHECK (multiple IS NULL OR multiple >= 1);

-- 2. Periods excluded from the discipline limitation clock ----------------------

-- The kinds of excluded period the law lists, as dated data
-- (data/discipline_exclusions.csv).
CREATE TABLE discipline_exclusion_kinds (
	kind       TEXT NOT NULL,
	valid_from TEXT NOT NULL,
	valid_to   TEXT,
	name_vi    TEXT NOT NULL,
	name_en    TEXT NOT NULL,
	source     TEXT NOT NULL,
	PRIMARY KEY (kind, valid_from)
) WITHOUT ROWID;

-- A period recorded on a case: the days from start_date to end_date
-- (inclusive; NULL: still running) are not counted in the limitation clock.
CREATE TABLE discipline_exclusions (
	id          INTEGER PRIMARY KEY,
	case_id     INTEGER NOT NULL REFERENCES discipline_cases(id),
	kind        TEXT NOT NULL,
	start_date  TEXT NOT NULL,                   -- YYYY-MM-DD (Vietnam)
	end_date    TEXT,                            -- inclusive; NULL: open
	reason      TEXT NOT NULL,
	recorded_at TEXT NOT NULL,
	recorded_by INTEGER NOT NULL REFERENCES accounts(id),
	CHECK (end_date IS NULL OR end_date >= start_date)
);
CREATE INDEX discipline_exclusions_case ON discipline_exclusions(case_id, start_date);
