-- 0008_mail.sql — the outbox (e-mail waiting for, or done with, SMTP delivery)
-- and the record of e-mails imported as cases.

-- One row per message. A message is queued inside the transaction of what it
-- tells about (a case's status change commits with its e-mail, or neither
-- does), so nothing is lost while the mail server is down. The delivery job
-- sends what is due; a failure counts an attempt and sets the next one with
-- exponential backoff; after the last attempt the message is 'failed' and
-- kept. Rows are never deleted.
CREATE TABLE outbox (
	id              INTEGER PRIMARY KEY,
	to_addr         TEXT NOT NULL,               -- one recipient; masked once a reporter's message is sent
	subject         TEXT NOT NULL,               -- UTF-8; encoded (RFC 2047) when sent
	body            TEXT NOT NULL,               -- text/plain UTF-8; emptied once a message with a secret is sent
	kind            TEXT NOT NULL CHECK (kind IN ('status','reminder','escalation','receipt')),
	case_code       TEXT NOT NULL DEFAULT '',
	personal        INTEGER NOT NULL DEFAULT 0,  -- 1: to a reporter (address and secret are personal data)
	created_at      TEXT NOT NULL,
	attempts        INTEGER NOT NULL DEFAULT 0,
	next_attempt_at TEXT NOT NULL,               -- when it is due (the retry schedule)
	lease_until     TEXT,                        -- held by a delivery pass until then (a crashed pass lets go)
	sent_at         TEXT,
	last_error      TEXT NOT NULL DEFAULT '',
	state           TEXT NOT NULL DEFAULT 'queued' CHECK (state IN ('queued','sent','failed'))
);
CREATE INDEX outbox_due ON outbox(state, next_attempt_at);
CREATE INDEX outbox_case ON outbox(case_code);

-- E-mails imported by `minhbach mail-import`, keyed by Message-ID (or
-- "sha256:<hex>" of the raw bytes when there is none), so that a message is
-- filed once however often the import runs. 'pending' is written before the
-- case is filed and 'done' after: a 'pending' row left by an interrupted run
-- is reported, never filed a second time.
CREATE TABLE mail_imports (
	message_key TEXT PRIMARY KEY,
	state       TEXT NOT NULL CHECK (state IN ('pending','done')),
	case_code   TEXT NOT NULL DEFAULT '',
	file        TEXT NOT NULL,
	imported_at TEXT NOT NULL
);
