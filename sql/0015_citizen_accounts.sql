-- 0015_citizen_accounts.sql — citizens register themselves (an e-mail address
-- confirmed by a one-time link) and keep their dossiers and reports in one place.

-- A registration waiting for its confirmation. The password is already an
-- argon2id hash (as accounts.password_hash); the link's token is kept only as
-- its SHA-256. Confirming creates the account and deletes the row; an expired
-- row is purged by the next registration. No ledger event: nothing of record
-- exists until the address is confirmed.
CREATE TABLE registrations (
	id            INTEGER PRIMARY KEY,
	email         TEXT NOT NULL,                 -- lower case
	display_name  TEXT NOT NULL,
	password_hash TEXT NOT NULL,
	token_hash    TEXT NOT NULL UNIQUE,
	lang          TEXT NOT NULL DEFAULT 'vi',
	created_at    TEXT NOT NULL,
	expires_at    TEXT NOT NULL
);
CREATE INDEX registrations_email ON registrations(email);

-- One citizen account per address: the address is how a citizen signs in.
CREATE UNIQUE INDEX accounts_citizen_email ON accounts(email) WHERE role = 'citizen' AND email <> '';

-- Dossiers a citizen added to their account with the dossier's code and
-- tracking secret (those submitted online while signed in are theirs through
-- dossiers.citizen_account_id).
CREATE TABLE account_dossiers (
	account_id INTEGER NOT NULL REFERENCES accounts(id),
	dossier_id INTEGER NOT NULL REFERENCES dossiers(id),
	linked_at  TEXT NOT NULL,
	PRIMARY KEY (account_id, dossier_id)
);
CREATE INDEX account_dossiers_dossier ON account_dossiers(dossier_id);

-- The outbox carries the confirmation link too: kind 'account'. SQLite cannot
-- change a CHECK in place; the table is rebuilt with the same rows.
CREATE TABLE outbox_new (
	id              INTEGER PRIMARY KEY,
	to_addr         TEXT NOT NULL,
	subject         TEXT NOT NULL,
	body            TEXT NOT NULL,
	kind            TEXT NOT NULL CHECK (kind IN ('status','reminder','escalation','receipt','account')),
	case_code       TEXT NOT NULL DEFAULT '',
	personal        INTEGER NOT NULL DEFAULT 0,
	created_at      TEXT NOT NULL,
	attempts        INTEGER NOT NULL DEFAULT 0,
	next_attempt_at TEXT NOT NULL,
	lease_until     TEXT,
	sent_at         TEXT,
	last_error      TEXT NOT NULL DEFAULT '',
	state           TEXT NOT NULL DEFAULT 'queued' CHECK (state IN ('queued','sent','failed'))
);
INSERT INTO outbox_new(id, to_addr, subject, body, kind, case_code, personal, created_at, attempts,
                       next_attempt_at, lease_until, sent_at, last_error, state)
	SELECT id, to_addr, subject, body, kind, case_code, personal, created_at, attempts,
	       next_attempt_at, lease_until, sent_at, last_error, state FROM outbox;
DROP TABLE outbox;
ALTER TABLE outbox_new RENAME TO outbox;
CREATE INDEX outbox_due ON outbox(state, next_attempt_at);
CREATE INDEX outbox_case ON outbox(case_code);
