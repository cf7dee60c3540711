-- 0009_open311.sql — Open311 GeoReport v2: the API keys of client
-- applications, and what an Open311 client sent with a case that the case
-- itself does not hold (the token and the media URL).

-- API keys, stored as SHA-256 (hex) of the key: the key itself is printed
-- once by `minhbach open311-key create NAME` and never stored. A revoked key
-- keeps its row (requests made with it still name it); a name may be reused
-- once its key is revoked.
CREATE TABLE open311_keys (
	id         INTEGER PRIMARY KEY,
	name       TEXT NOT NULL,
	key_hash   TEXT NOT NULL UNIQUE,
	created_at TEXT NOT NULL,
	revoked_at TEXT
);
CREATE UNIQUE INDEX open311_keys_active_name ON open311_keys(name) WHERE revoked_at IS NULL;

-- One row per case received through Open311, keyed by the case code.
-- token: the GeoReport v2 token (GET tokens/{token} gives the case code).
CREATE TABLE open311_requests (
	case_code  TEXT PRIMARY KEY REFERENCES cases(code),
	token      TEXT NOT NULL UNIQUE,
	key_id     INTEGER NOT NULL REFERENCES open311_keys(id),
	media_url  TEXT NOT NULL DEFAULT '',
	created_at TEXT NOT NULL
);

-- GET requests lists cases by the time they were received (the last 90 days
-- by default).
CREATE INDEX open311_cases_received ON cases(received_at);
