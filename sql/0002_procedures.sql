-- 0002_procedures.sql — the catalogue of administrative procedures (plan 262 R3):
-- what each procedure needs, how long it may take, what it costs, on what legal basis,
-- and which unit handles it. Written in the SQL that SQLite and PostgreSQL share.

CREATE TABLE procedures (
	id              INTEGER PRIMARY KEY,
	code            TEXT    NOT NULL UNIQUE,   -- 'ht-dang-ky-khai-sinh': a-z, 0-9 and '-'
	name_vi         TEXT    NOT NULL,
	name_en         TEXT    NOT NULL,
	name_fold       TEXT    NOT NULL,          -- text_fold(name_vi) || ' ' || text_fold(name_en)
	field           TEXT    NOT NULL,          -- lĩnh vực, e.g. 'Hộ tịch'
	level           TEXT    NOT NULL CHECK (level IN ('commune','province')),
	processing_days INTEGER NOT NULL CHECK (processing_days >= 0),   -- 0: the same day
	time_unit       TEXT    NOT NULL DEFAULT 'working_days'
	                        CHECK (time_unit IN ('working_days','calendar_days')),
	fee_vnd         INTEGER CHECK (fee_vnd >= 0),   -- NULL: set by the People's Council, not published
	legal_basis     TEXT    NOT NULL,
	online_level    TEXT    NOT NULL DEFAULT 'none' CHECK (online_level IN ('full','partial','none')),
	clock_policy    TEXT    NOT NULL DEFAULT 'pause' CHECK (clock_policy IN ('pause','restart')),
	cutoff          TEXT,                      -- 'HH:MM' local: received at or after it counts from the next working day
	unit_id         INTEGER REFERENCES units(id),   -- NULL: every unit of its level
	active          INTEGER NOT NULL DEFAULT 1,
	version         INTEGER NOT NULL DEFAULT 1,
	updated_at      TEXT,                      -- UTC, ISO 8601
	updated_by_role TEXT
);
CREATE INDEX procedures_unit ON procedures(unit_id);

-- The documents an applicant must submit, in their published order. Officials may not
-- ask for anything that is not on this list.
CREATE TABLE procedure_documents (
	id           INTEGER PRIMARY KEY,
	procedure_id INTEGER NOT NULL REFERENCES procedures(id),
	ordinal      INTEGER NOT NULL CHECK (ordinal >= 1),
	name         TEXT    NOT NULL,
	UNIQUE (procedure_id, ordinal)
);
