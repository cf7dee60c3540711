-- 0001_init.sql — the foundation: metadata, the ledger, units, accounts, sessions.
-- Written in the SQL that SQLite and PostgreSQL share.

CREATE TABLE meta (
	key   TEXT PRIMARY KEY,
	value TEXT NOT NULL
);

-- The ledger: every change of state, hash-chained.
-- hash = SHA-256(prev_hash ‖ canonical bytes of the event), hex encoded.
CREATE TABLE events (
	seq        INTEGER PRIMARY KEY,
	at         TEXT    NOT NULL,      -- UTC, ISO 8601
	actor_id   INTEGER,               -- accounts.id, NULL for the system
	actor_role TEXT    NOT NULL,
	unit       TEXT    NOT NULL,      -- code of the unit the change belongs to ('' if none)
	type       TEXT    NOT NULL,      -- e.g. 'unit.contacts_changed'
	subject    TEXT    NOT NULL,      -- what changed, e.g. 'unit:so-y-te'
	payload    TEXT    NOT NULL,      -- canonical JSON (sorted keys, compact)
	prev_hash  TEXT    NOT NULL,
	hash       TEXT    NOT NULL UNIQUE
);
CREATE INDEX events_subject ON events(subject, seq);

CREATE TABLE units (
	id                 INTEGER PRIMARY KEY,
	code               TEXT NOT NULL UNIQUE,
	parent_id          INTEGER REFERENCES units(id),
	kind               TEXT NOT NULL CHECK (kind IN ('province','department','agency','commune','ward')),
	name_vi            TEXT NOT NULL,
	name_en            TEXT NOT NULL,
	name_fold          TEXT NOT NULL,  -- text_fold(name_vi) || ' ' || text_fold(name_en)
	head_name          TEXT NOT NULL DEFAULT '',
	head_title         TEXT NOT NULL DEFAULT '',
	phone              TEXT NOT NULL DEFAULT '',
	email              TEXT NOT NULL DEFAULT '',
	hotline            TEXT NOT NULL DEFAULT '',
	address            TEXT NOT NULL DEFAULT '',
	reception_schedule TEXT NOT NULL DEFAULT '',
	reception_place    TEXT NOT NULL DEFAULT '',
	contacts_demo      INTEGER NOT NULL DEFAULT 0,  -- 1: contact details are generated demo data
	updated_at         TEXT,
	updated_by_role    TEXT,
	version            INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX units_parent ON units(parent_id);

CREATE TABLE accounts (
	id            INTEGER PRIMARY KEY,
	login         TEXT NOT NULL UNIQUE,
	display_name  TEXT NOT NULL,
	role          TEXT NOT NULL CHECK (role IN ('citizen','counter_officer','processing_officer',
	                  'unit_head','inspector','home_affairs_inspector','admin','overseer')),
	unit_id       INTEGER NOT NULL REFERENCES units(id),
	password_hash TEXT NOT NULL,
	disabled      INTEGER NOT NULL DEFAULT 0,
	created_at    TEXT NOT NULL
);

-- Server-side sessions; the cookie holds a random token, the table its SHA-256.
CREATE TABLE sessions (
	token_hash TEXT PRIMARY KEY,
	account_id INTEGER NOT NULL REFERENCES accounts(id),
	csrf       TEXT NOT NULL,
	created_at INTEGER NOT NULL,
	expires_at INTEGER NOT NULL
);
CREATE INDEX sessions_account ON sessions(account_id);

-- Failed sign-ins, for rate limiting per account and per address.
CREATE TABLE login_failures (
	id      INTEGER PRIMARY KEY,
	login   TEXT NOT NULL,
	address TEXT NOT NULL,
	at      INTEGER NOT NULL
);
CREATE INDEX login_failures_login ON login_failures(login, at);
CREATE INDEX login_failures_address ON login_failures(address, at);
