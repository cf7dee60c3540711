-- 0035_inspections.sql — officials' desks (item 1 of issue #11) and public-duty
-- inspections (thanh tra / kiểm tra công vụ, R15; item 2): the plan, surprise
-- inspections, the team, what is inspected, the checklist as dated data,
-- evidence, findings, the conclusion, recommendations to the head and
-- commendations. Every change is also a ledger event (src/inspections/service.c,
-- src/officials/service.c).

-- The desks (quầy) of a unit where officials serve the public.
CREATE TABLE desks (
	id         INTEGER PRIMARY KEY,
	unit_id    INTEGER NOT NULL REFERENCES units(id),
	name_vi    TEXT NOT NULL,
	name_en    TEXT NOT NULL DEFAULT '',
	created_at TEXT NOT NULL,
	UNIQUE (unit_id, name_vi)
);

-- Which desks an official serves (edited by the unit's head or an administrator).
CREATE TABLE official_desks (
	account_id INTEGER NOT NULL REFERENCES accounts(id),
	desk_id    INTEGER NOT NULL REFERENCES desks(id),
	PRIMARY KEY (account_id, desk_id)
);
CREATE INDEX official_desks_desk ON official_desks(desk_id);

-- The checklist of a public-duty inspection (data/duty_checklist.csv), by version and dates.
CREATE TABLE duty_checklist (
	version    TEXT NOT NULL,
	valid_from TEXT NOT NULL,             -- YYYY-MM-DD (Vietnam), inclusive
	valid_to   TEXT,                      -- inclusive; NULL: open
	item       TEXT NOT NULL,
	ordinal    INTEGER NOT NULL,
	text_vi    TEXT NOT NULL,
	text_en    TEXT NOT NULL,
	source     TEXT NOT NULL,
	PRIMARY KEY (version, item)
);
CREATE INDEX duty_checklist_from ON duty_checklist(valid_from);

CREATE TABLE inspections (
	id                INTEGER PRIMARY KEY,
	code              TEXT NOT NULL UNIQUE,            -- KT-YYYY-NNNN
	body              TEXT NOT NULL CHECK (body IN ('inspectorate','home_affairs','self')),
	kind              TEXT NOT NULL CHECK (kind IN ('planned','surprise')),
	state             TEXT NOT NULL CHECK (state IN ('planned','started','concluded')),
	unit_id           INTEGER NOT NULL REFERENCES units(id), -- the inspecting unit
	title             TEXT NOT NULL,
	plan_year         INTEGER NOT NULL,
	planned_on        TEXT NOT NULL,                   -- YYYY-MM-DD
	checklist_version TEXT NOT NULL,
	conclusion        TEXT NOT NULL DEFAULT '',
	created_by        INTEGER NOT NULL REFERENCES accounts(id),
	created_at        TEXT NOT NULL,
	started_at        TEXT,
	concluded_at      TEXT
);
CREATE INDEX inspections_year ON inspections(plan_year, id);

CREATE TABLE inspection_team (
	inspection_id INTEGER NOT NULL REFERENCES inspections(id),
	account_id    INTEGER NOT NULL REFERENCES accounts(id),
	lead          INTEGER NOT NULL DEFAULT 0 CHECK (lead IN (0,1)),
	PRIMARY KEY (inspection_id, account_id)
);
CREATE INDEX inspection_team_account ON inspection_team(account_id);

-- What is inspected: a unit, optionally one of its desks or officials.
CREATE TABLE inspection_targets (
	id            INTEGER PRIMARY KEY,
	inspection_id INTEGER NOT NULL REFERENCES inspections(id),
	unit_id       INTEGER NOT NULL REFERENCES units(id),
	desk_id       INTEGER REFERENCES desks(id),
	account_id    INTEGER REFERENCES accounts(id)
);
CREATE INDEX inspection_targets_insp ON inspection_targets(inspection_id);
CREATE INDEX inspection_targets_unit ON inspection_targets(unit_id);
CREATE INDEX inspection_targets_account ON inspection_targets(account_id);

-- The answer to each checklist item.
CREATE TABLE inspection_checks (
	inspection_id INTEGER NOT NULL REFERENCES inspections(id),
	item          TEXT NOT NULL,
	result        TEXT NOT NULL CHECK (result IN ('pass','fail','na')),
	note          TEXT NOT NULL DEFAULT '',
	by_account    INTEGER NOT NULL REFERENCES accounts(id),
	at            TEXT NOT NULL,
	PRIMARY KEY (inspection_id, item)
);

CREATE TABLE inspection_findings (
	id            INTEGER PRIMARY KEY,
	inspection_id INTEGER NOT NULL REFERENCES inspections(id),
	unit_id       INTEGER NOT NULL REFERENCES units(id),
	account_id    INTEGER REFERENCES accounts(id),     -- NULL: a finding about the unit
	item          TEXT NOT NULL DEFAULT '',            -- the checklist item, '' none
	severity      TEXT NOT NULL CHECK (severity IN ('minor','moderate','serious')),
	text          TEXT NOT NULL,
	by_account    INTEGER NOT NULL REFERENCES accounts(id),
	at            TEXT NOT NULL
);
CREATE INDEX inspection_findings_insp ON inspection_findings(inspection_id, id);
CREATE INDEX inspection_findings_account ON inspection_findings(account_id, id);

-- Evidence (photos, documents) in the content-addressed store; its hash is in the event.
CREATE TABLE inspection_evidence (
	id            INTEGER PRIMARY KEY,
	inspection_id INTEGER NOT NULL REFERENCES inspections(id),
	finding_id    INTEGER REFERENCES inspection_findings(id),
	sha256        TEXT NOT NULL,
	content_type  TEXT NOT NULL,
	size          INTEGER NOT NULL,
	name          TEXT NOT NULL DEFAULT '',
	by_account    INTEGER NOT NULL REFERENCES accounts(id),
	at            TEXT NOT NULL
);
CREATE INDEX inspection_evidence_insp ON inspection_evidence(inspection_id, id);
CREATE INDEX inspection_evidence_sha ON inspection_evidence(sha256);

-- Recommendations to the head of an inspected unit, with a deadline (the head's
-- duty item is opened from them: src/duty/ after merging).
CREATE TABLE inspection_recommendations (
	id              INTEGER PRIMARY KEY,
	inspection_id   INTEGER NOT NULL REFERENCES inspections(id),
	unit_id         INTEGER NOT NULL REFERENCES units(id),
	head_account_id INTEGER REFERENCES accounts(id),
	text            TEXT NOT NULL,
	due_on          TEXT NOT NULL,                     -- YYYY-MM-DD
	at              TEXT NOT NULL
);
CREATE INDEX inspection_recommendations_insp ON inspection_recommendations(inspection_id, id);
CREATE INDEX inspection_recommendations_unit ON inspection_recommendations(unit_id, id);

CREATE TABLE inspection_commendations (
	id            INTEGER PRIMARY KEY,
	inspection_id INTEGER NOT NULL REFERENCES inspections(id),
	unit_id       INTEGER NOT NULL REFERENCES units(id),
	account_id    INTEGER REFERENCES accounts(id),     -- NULL: the unit
	text          TEXT NOT NULL,
	by_account    INTEGER NOT NULL REFERENCES accounts(id),
	at            TEXT NOT NULL
);
CREATE INDEX inspection_commendations_account ON inspection_commendations(account_id, id);
CREATE INDEX inspection_commendations_insp ON inspection_commendations(inspection_id, id);

-- The head of an inspected unit, found for a recommendation.
CREATE INDEX IF NOT EXISTS accounts_unit_role ON accounts(unit_id, role);
