-- 0004_dossiers.sql — one-stop-shop dossiers: receipt, tracked handovers (the
-- processing-control slip), supplement requests, apologies, attachments.

-- The position shown next to an official's name on the citizen's tracking page.
ALTER TABLE accounts ADD COLUMN title TEXT NOT NULL DEFAULT '';

-- Attachments: a content-addressed store; files live under <db>.files/ab/<sha256>.
CREATE TABLE files (
	sha256       TEXT PRIMARY KEY,
	size         INTEGER NOT NULL,
	content_type TEXT NOT NULL,
	created_at   TEXT NOT NULL
);

CREATE TABLE dossiers (
	id                  INTEGER PRIMARY KEY,
	code                TEXT NOT NULL UNIQUE,       -- e.g. PCC-261127-0001
	secret_hash         TEXT NOT NULL,              -- SHA-256(code ':' secret); the secret is on the receipt
	procedure_id        INTEGER NOT NULL REFERENCES procedures(id),
	unit_id             INTEGER NOT NULL REFERENCES units(id),     -- the unit that received it
	rule_set_id         INTEGER NOT NULL REFERENCES rule_sets(id), -- the rules in force at receipt
	channel             TEXT NOT NULL CHECK (channel IN ('counter','online','post')),
	applicant_name      TEXT NOT NULL,
	applicant_id_number TEXT NOT NULL DEFAULT '',
	applicant_phone     TEXT NOT NULL DEFAULT '',
	applicant_email     TEXT NOT NULL DEFAULT '',
	applicant_address   TEXT NOT NULL DEFAULT '',
	citizen_account_id  INTEGER REFERENCES accounts(id),
	state               TEXT NOT NULL,
	submitted_at        TEXT,
	received_at         TEXT,
	due_at              TEXT,                       -- the due time now (UTC)
	original_due_at     TEXT,                       -- the due time on the receipt
	paused_at           TEXT,                       -- while waiting for the citizen's supplement
	holder_account_id   INTEGER REFERENCES accounts(id),
	holder_unit_id      INTEGER REFERENCES units(id),
	supplement_requests INTEGER NOT NULL DEFAULT 0,
	extensions          INTEGER NOT NULL DEFAULT 0,
	risk                TEXT NOT NULL DEFAULT 'on_time' CHECK (risk IN ('on_time','at_risk','overdue')),
	finished_at         TEXT,
	late                INTEGER NOT NULL DEFAULT 0, -- finished after the (possibly extended) due time
	reason              TEXT NOT NULL DEFAULT '',   -- refusal or stop reason
	result_note         TEXT NOT NULL DEFAULT '',
	version             INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX dossiers_unit_state ON dossiers(unit_id, state);
CREATE INDEX dossiers_holder ON dossiers(holder_account_id, state);
CREATE INDEX dossiers_open_due ON dossiers(state, due_at);
CREATE INDEX dossiers_citizen ON dossiers(citizen_account_id);

-- The documents of the published procedure and what the applicant provided.
CREATE TABLE dossier_documents (
	dossier_id            INTEGER NOT NULL REFERENCES dossiers(id),
	procedure_document_id INTEGER NOT NULL REFERENCES procedure_documents(id),
	provided              INTEGER NOT NULL DEFAULT 0,
	file_sha256           TEXT REFERENCES files(sha256),
	PRIMARY KEY (dossier_id, procedure_document_id)
);

-- Every holding of the dossier, from reception to return (Form 06, the
-- processing-control slip): who held it, from when, due when, until when.
CREATE TABLE dossier_steps (
	id                INTEGER PRIMARY KEY,
	dossier_id        INTEGER NOT NULL REFERENCES dossiers(id),
	kind              TEXT NOT NULL,   -- reception, processing, supplement, result, return, ...
	holder_account_id INTEGER REFERENCES accounts(id),
	holder_unit_id    INTEGER NOT NULL REFERENCES units(id),
	holder_name       TEXT NOT NULL,
	holder_title      TEXT NOT NULL,
	started_at        TEXT NOT NULL,
	due_at            TEXT,
	ended_at          TEXT,
	note              TEXT NOT NULL DEFAULT ''
);
CREATE INDEX dossier_steps_dossier ON dossier_steps(dossier_id, id);

-- The one supplement request: each missing item tied to a published document.
CREATE TABLE dossier_supplement_items (
	dossier_id            INTEGER NOT NULL REFERENCES dossiers(id),
	procedure_document_id INTEGER NOT NULL REFERENCES procedure_documents(id),
	reason                TEXT NOT NULL,
	PRIMARY KEY (dossier_id, procedure_document_id)
);

-- Apology letters with a new date (Form 04), counted per unit on a public register.
CREATE TABLE apologies (
	id             INTEGER PRIMARY KEY,
	dossier_id     INTEGER NOT NULL REFERENCES dossiers(id),
	unit_id        INTEGER NOT NULL REFERENCES units(id),
	reason         TEXT NOT NULL,
	old_due_at     TEXT NOT NULL,
	new_due_at     TEXT NOT NULL,
	issued_at      TEXT NOT NULL,
	issued_late    INTEGER NOT NULL DEFAULT 0,   -- after the latest day the rules allow
	account_id     INTEGER NOT NULL REFERENCES accounts(id)
);
CREATE INDEX apologies_unit ON apologies(unit_id, issued_at);

-- Request throttling for public lookups (per bucket and key, e.g. tracking per address).
CREATE TABLE throttle (
	id     INTEGER PRIMARY KEY,
	bucket TEXT NOT NULL,
	key    TEXT NOT NULL,
	at     INTEGER NOT NULL
);
CREATE INDEX throttle_key ON throttle(bucket, key, at);
