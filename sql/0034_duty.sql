-- 0034_duty.sql — obligations (anything someone must do by a date), their
-- rules as dated data, heads' accountability and the discipline of officials
-- (docs/oversight.md; ARCHITECTURE "Obligations").

-- How long each kind of obligation runs, from data/duty_rules.csv: the rule
-- in force at an obligation's start gives its due time (working or calendar
-- days), when to remind and when to escalate to the next level.
CREATE TABLE duty_rules (
	kind                TEXT NOT NULL,
	valid_from          TEXT NOT NULL,          -- YYYY-MM-DD
	valid_to            TEXT,                   -- NULL: open-ended
	days                INTEGER NOT NULL CHECK (days >= 0),
	day_type            TEXT NOT NULL CHECK (day_type IN ('working','calendar')),
	remind_before       INTEGER NOT NULL CHECK (remind_before >= 0),   -- working days before due
	escalate_after_days INTEGER NOT NULL CHECK (escalate_after_days >= 0), -- working days after due: the level above the first
	source              TEXT NOT NULL,
	PRIMARY KEY (kind, valid_from)
) WITHOUT ROWID;

-- One obligation each. source_type/source_id: a typed link to what opened
-- it (a case, a discipline case, an inspection finding after merging, ...).
CREATE TABLE duties (
	id                INTEGER PRIMARY KEY,
	kind              TEXT NOT NULL,
	source_type       TEXT NOT NULL,
	source_id         INTEGER NOT NULL,
	source_ref        TEXT NOT NULL DEFAULT '',  -- the source's code, for links and lists
	owner_unit_id     INTEGER NOT NULL REFERENCES units(id),
	owner_account_id  INTEGER REFERENCES accounts(id),  -- NULL: the unit had no head when opened
	title_vi          TEXT NOT NULL,
	title_en          TEXT NOT NULL,
	rule_valid_from   TEXT NOT NULL,
	opened_at         TEXT NOT NULL,
	due_at            TEXT NOT NULL,
	state             TEXT NOT NULL CHECK (state IN ('open','overdue','escalated','done','cancelled')),
	level             INTEGER NOT NULL DEFAULT 0,   -- 0 owner, 1 the head of the unit above, 2 the Inspectorate
	reminded_at       TEXT,
	overdue_at        TEXT,
	escalated_at      TEXT,
	closed_at         TEXT,
	closed_by         INTEGER REFERENCES accounts(id),
	note              TEXT,
	evidence_sha256   TEXT,
	evidence_type     TEXT
);
-- The job reads only the live ones (as small as the work in hand).
CREATE INDEX duties_live ON duties(due_at) WHERE state IN ('open','overdue','escalated');
CREATE INDEX duties_owner ON duties(owner_account_id, due_at);
CREATE INDEX duties_unit ON duties(owner_unit_id, due_at);
CREATE INDEX duties_source ON duties(source_type, source_id);

-- A conclusion can find an official's fault to be corruption (nhũng nhiễu
-- vì vụ lợi, đòi tiền): then the head's own responsibility is considered.
ALTER TABLE official_sanctions ADD COLUMN corruption INTEGER NOT NULL DEFAULT 0;

-- Discipline (Decree 172/2025 for cán bộ and công chức, Decree 234/2026 for
-- viên chức), from data/discipline_forms.csv and data/discipline_limits.csv.
CREATE TABLE discipline_forms (
	regime            TEXT NOT NULL CHECK (regime IN ('can_bo','cong_chuc','vien_chuc')),
	form              TEXT NOT NULL,
	valid_from        TEXT NOT NULL,
	valid_to          TEXT,
	severity          INTEGER NOT NULL,
	leaders_only      INTEGER NOT NULL CHECK (leaders_only IN (0,1)),
	limitation_months INTEGER NOT NULL CHECK (limitation_months >= 0),  -- 0: no limitation
	name_vi           TEXT NOT NULL,
	name_en           TEXT NOT NULL,
	source            TEXT NOT NULL,
	PRIMARY KEY (regime, form, valid_from)
) WITHOUT ROWID;

CREATE TABLE discipline_limits (
	param      TEXT NOT NULL,
	valid_from TEXT NOT NULL,
	valid_to   TEXT,
	value      INTEGER NOT NULL CHECK (value >= 0),
	source     TEXT NOT NULL,
	PRIMARY KEY (param, valid_from)
) WITHOUT ROWID;

CREATE TABLE discipline_cases (
	id              INTEGER PRIMARY KEY,
	code            TEXT NOT NULL UNIQUE,
	account_id      INTEGER NOT NULL REFERENCES accounts(id),
	unit_id         INTEGER NOT NULL REFERENCES units(id),
	regime          TEXT NOT NULL,
	leader          INTEGER NOT NULL,
	source_type     TEXT NOT NULL,
	source_id       INTEGER NOT NULL,
	source_ref      TEXT NOT NULL DEFAULT '',
	violation_date  TEXT NOT NULL,              -- YYYY-MM-DD: the act ended (Art. 5(2))
	discovered_date TEXT NOT NULL,              -- YYYY-MM-DD: the handling limit runs from here
	complex         INTEGER NOT NULL DEFAULT 0,
	summary         TEXT NOT NULL,
	step            TEXT NOT NULL CHECK (step IN ('review','council','decision','decided')),
	review_date     TEXT,
	council_date    TEXT,
	decision_date   TEXT,
	form            TEXT,
	decision_ref    TEXT,
	deciding_body   TEXT,
	duty_id         INTEGER REFERENCES duties(id),   -- the current step's obligation
	opened_at       TEXT NOT NULL,
	opened_by       INTEGER REFERENCES accounts(id)
);
CREATE INDEX discipline_cases_account ON discipline_cases(account_id, violation_date);
CREATE INDEX discipline_cases_unit ON discipline_cases(unit_id, id);

-- The public totals per unit (/duty/units) are cached pages of topic 'duty'.
INSERT INTO page_versions(topic, version) VALUES ('duty', 1);
CREATE TRIGGER page_versions_duties_insert AFTER INSERT ON duties BEGIN
	UPDATE page_versions SET version = version + 1 WHERE topic = 'duty';
END;
CREATE TRIGGER page_versions_duties_update AFTER UPDATE ON duties BEGIN
	UPDATE page_versions SET version = version + 1 WHERE topic = 'duty';
END;
