-- 0039_recordings.sql — counter recordings (R12, item 6 of issue #11): audio or
-- video made at a desk where officials meet the public, kept as evidence.
-- The bytes live in their own content-addressed store (<db>.recordings/ab/<sha256>,
-- src/db/files.c); each row ties one file to a desk and a time window, with its
-- hash also in the ledger (recording.ingested), a retention end from the dated
-- rules below, an optional hold, and the time its bytes were deleted.

-- The rules in force by date (data/recording_rules.csv).
CREATE TABLE recording_rules (
	valid_from       TEXT NOT NULL PRIMARY KEY,   -- YYYY-MM-DD (Vietnam), inclusive
	valid_to         TEXT,                        -- inclusive; NULL: open
	retention_days   INTEGER NOT NULL,            -- kept this long after the window's end
	opening_minutes  INTEGER NOT NULL,            -- an opening lets its reader play it this long
	upload_max_mb    INTEGER NOT NULL,            -- a file uploaded over HTTP (the folder has no limit)
	window_max_hours INTEGER NOT NULL,            -- the longest window one file may cover
	settle_seconds   INTEGER NOT NULL,            -- the folder: a file untouched this long is complete
	source           TEXT NOT NULL
);

CREATE TABLE recordings (
	id           INTEGER PRIMARY KEY,
	desk_id      INTEGER NOT NULL REFERENCES desks(id),
	unit_id      INTEGER NOT NULL REFERENCES units(id),   -- the desk's unit
	sha256       TEXT NOT NULL,
	content_type TEXT NOT NULL,
	size         INTEGER NOT NULL,
	started_at   TEXT NOT NULL,                -- the window recorded (UTC)
	ended_at     TEXT NOT NULL,
	source       TEXT NOT NULL CHECK (source IN ('upload', 'folder')),
	name         TEXT NOT NULL DEFAULT '',     -- the file's name as received
	ingested_at  TEXT NOT NULL,
	ingested_by  INTEGER REFERENCES accounts(id),   -- NULL: the folder
	retain_until TEXT NOT NULL,
	held_at      TEXT,                         -- kept past its retention while held
	held_by      INTEGER REFERENCES accounts(id),
	hold_reason  TEXT,
	purged_at    TEXT                          -- its bytes deleted at the end of retention
);
CREATE UNIQUE INDEX recordings_desk_sha ON recordings(desk_id, sha256);
CREATE INDEX recordings_desk_time ON recordings(desk_id, started_at);
CREATE INDEX recordings_unit ON recordings(unit_id, id);
CREATE INDEX recordings_sha ON recordings(sha256);
CREATE INDEX recordings_retention ON recordings(retain_until) WHERE purged_at IS NULL AND held_at IS NULL;

-- Each opening: who, why, until when they may play it (also a ledger event, recording.opened).
CREATE TABLE recording_openings (
	id           INTEGER PRIMARY KEY,
	recording_id INTEGER NOT NULL REFERENCES recordings(id),
	account_id   INTEGER NOT NULL REFERENCES accounts(id),
	reason       TEXT NOT NULL,
	opened_at    TEXT NOT NULL,
	expires_at   TEXT NOT NULL
);
CREATE INDEX recording_openings_rec ON recording_openings(recording_id, account_id, expires_at);
