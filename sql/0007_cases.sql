-- 0007_cases.sql — feedback (phản ánh), petitions (kiến nghị), complaints
-- (khiếu nại) and denunciations (tố cáo): the legal clocks as versioned data,
-- the cases and their steps, the denouncers' vault, apologies, sanctions on an
-- official's record, and the public full-text index of published results.

-- Officials' work e-mail, for deadline reminders and escalations.
ALTER TABLE accounts ADD COLUMN email TEXT NOT NULL DEFAULT '';

-- The legal clocks, versioned: a case keeps the rule set in force when it was
-- received. Phases: 'initial' (receive → accept / not accept / transfer) and
-- 'settle' (accepted → concluded). extension_days = 0: no extension.
CREATE TABLE case_rule_sets (
	id             INTEGER PRIMARY KEY,
	code           TEXT NOT NULL UNIQUE,
	effective_from TEXT NOT NULL,          -- YYYY-MM-DD
	effective_to   TEXT,                   -- YYYY-MM-DD, NULL = open-ended
	reopen_limit   INTEGER NOT NULL,       -- reopenings in the same unit before a dissatisfied reporter's case goes up a level
	remind_working_hours INTEGER NOT NULL, -- handlers are reminded this many working hours before a due time
	citation       TEXT NOT NULL
);

CREATE TABLE case_clocks (
	rule_set_id     INTEGER NOT NULL REFERENCES case_rule_sets(id),
	kind            TEXT NOT NULL CHECK (kind IN ('feedback','petition','complaint','denunciation','information')),
	phase           TEXT NOT NULL CHECK (phase IN ('initial','settle')),
	days            INTEGER NOT NULL CHECK (days > 0),
	time_unit       TEXT NOT NULL CHECK (time_unit IN ('working_days','calendar_days')),
	extension_limit INTEGER NOT NULL DEFAULT 0,
	extension_days  INTEGER NOT NULL DEFAULT 0,
	citation        TEXT NOT NULL,
	PRIMARY KEY (rule_set_id, kind, phase)
);

INSERT INTO case_rule_sets(code, effective_from, effective_to, reopen_limit, remind_working_hours, citation)
VALUES ('pakn-2026', '2025-07-01', NULL, 1, 16,
        'Luật Khiếu nại 2011; Luật Tố cáo 2018 và Nghị định 31/2019/NĐ-CP; Nghị định 20/2008/NĐ-CP '
        || '(sửa đổi bởi Nghị định 92/2017/NĐ-CP); Kế hoạch 262/KH-UBND tỉnh Sơn La');

-- Feedback and petitions (Decree 20/2008 Art. 9: classify and forward within
-- 5 working days; the handling time is the province's own rule, modelled on
-- Circular 11/2014/TT-BCT Art. 13: 5 working days, 10 if complex).
INSERT INTO case_clocks VALUES
 (1, 'feedback', 'initial', 5, 'working_days', 0, 0,
  'Nghị định 20/2008/NĐ-CP, Điều 9: phân loại, chuyển trong 05 ngày làm việc'),
 (1, 'feedback', 'settle', 5, 'working_days', 1, 5,
  'Quy định của tỉnh theo mẫu Thông tư 11/2014/TT-BCT, Điều 13: 05 ngày làm việc, 10 nếu phức tạp'),
 (1, 'petition', 'initial', 5, 'working_days', 0, 0,
  'Nghị định 20/2008/NĐ-CP, Điều 9: phân loại, chuyển trong 05 ngày làm việc'),
 (1, 'petition', 'settle', 10, 'working_days', 1, 10,
  'Quy định của tỉnh theo mẫu Thông tư 11/2014/TT-BCT, Điều 13: 10 ngày làm việc nếu phức tạp'),
-- Complaints (Law on Complaints 2011 Art. 27: accept within 10 days, counted
-- as working days by Circular 07/2013/TT-TTCP; Art. 28: settle within 30
-- days of acceptance, 45 if complex).
 (1, 'complaint', 'initial', 10, 'working_days', 0, 0,
  'Luật Khiếu nại 2011, Điều 27; Thông tư 07/2013/TT-TTCP: thụ lý trong 10 ngày làm việc'),
 (1, 'complaint', 'settle', 30, 'calendar_days', 1, 15,
  'Luật Khiếu nại 2011, Điều 28: không quá 30 ngày kể từ ngày thụ lý; vụ việc phức tạp không quá 45 ngày'),
-- Denunciations (Law on Denunciation 2018 Art. 24: initial handling within 7
-- working days, 10 when checks are needed in several places; Art. 30: settle
-- within 30 days of acceptance, extended once by 30 if complex, twice if
-- especially complex).
 (1, 'denunciation', 'initial', 7, 'working_days', 1, 3,
  'Luật Tố cáo 2018, Điều 24: xử lý ban đầu trong 07 ngày làm việc, 10 ngày nếu phải xác minh ở nhiều nơi'),
 (1, 'denunciation', 'settle', 30, 'calendar_days', 2, 30,
  'Luật Tố cáo 2018, Điều 30: 30 ngày kể từ ngày thụ lý; phức tạp gia hạn 01 lần, đặc biệt phức tạp 02 lần, mỗi lần không quá 30 ngày'),
-- Anonymous information (Art. 25): not a denunciation; checked like feedback.
 (1, 'information', 'initial', 7, 'working_days', 0, 0,
  'Luật Tố cáo 2018, Điều 25: thông tin có nội dung tố cáo (nặc danh) không xử lý như tố cáo'),
 (1, 'information', 'settle', 10, 'working_days', 1, 10,
  'Luật Tố cáo 2018, Điều 25: cơ quan có thể thanh tra, kiểm tra theo thẩm quyền');

CREATE TABLE cases (
	id                 INTEGER PRIMARY KEY,
	code               TEXT NOT NULL UNIQUE,       -- DT-YYMMDD-NNNN (đơn thư)
	secret_hash        TEXT NOT NULL,              -- SHA-256(code ':' secret): the follow-up passphrase
	kind               TEXT NOT NULL CHECK (kind IN ('feedback','petition','complaint','denunciation','information')),
	category           TEXT NOT NULL,
	channel            TEXT NOT NULL CHECK (channel IN ('web','hotline','in_person','email','open311','post')),
	anonymous          INTEGER NOT NULL DEFAULT 0,
	title              TEXT NOT NULL,
	body               TEXT NOT NULL,
	incident_date      TEXT,                       -- YYYY-MM-DD, when the reporter learnt of the act
	dossier_code       TEXT,                       -- the one-stop dossier concerned
	subject_unit_id    INTEGER REFERENCES units(id),     -- the unit reported on
	subject_account_id INTEGER REFERENCES accounts(id),  -- the official reported on
	subject_name       TEXT NOT NULL DEFAULT '',   -- the official as the reporter named them
	unit_id            INTEGER NOT NULL REFERENCES units(id),   -- the unit handling it now
	handler_account_id INTEGER REFERENCES accounts(id),
	reporter_account_id INTEGER REFERENCES accounts(id),
	entered_by         INTEGER REFERENCES accounts(id),  -- staff who entered a call or a visit
	state              TEXT NOT NULL,
	rule_set_id        INTEGER NOT NULL REFERENCES case_rule_sets(id),
	received_at        TEXT NOT NULL,
	accepted_at        TEXT,
	due_at             TEXT,                       -- the current phase's due time (UTC)
	phase_extensions   INTEGER NOT NULL DEFAULT 0,
	transfers          INTEGER NOT NULL DEFAULT 0,
	reopened           INTEGER NOT NULL DEFAULT 0,
	escalations        INTEGER NOT NULL DEFAULT 0,
	risk               TEXT NOT NULL DEFAULT 'on_time' CHECK (risk IN ('on_time','at_risk','overdue')),
	reminded_at        TEXT,                       -- the last reminder for the current due time
	overdue_at         TEXT,                       -- when it first went overdue in the current phase
	findings           TEXT NOT NULL DEFAULT '',   -- written verification findings
	conclusion         TEXT NOT NULL DEFAULT '',
	at_fault           INTEGER,                    -- NULL until concluded; 1 = the agency or an official was at fault
	result_summary     TEXT NOT NULL DEFAULT '',   -- the published, redacted summary
	reason             TEXT NOT NULL DEFAULT '',   -- not accepted / withdrawal / transfer reason
	concluded_at       TEXT,
	published_at       TEXT,
	closed_at          TEXT,
	late               INTEGER NOT NULL DEFAULT 0, -- concluded after its due time
	satisfaction       TEXT CHECK (satisfaction IN ('satisfied','unsatisfied')),
	confirmed_by       TEXT CHECK (confirmed_by IN ('reporter','inspector')),
	open311_token      TEXT UNIQUE,
	lat                REAL,
	lon                REAL,
	address_string     TEXT NOT NULL DEFAULT '',
	lang               TEXT NOT NULL DEFAULT 'vi',
	version            INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX cases_unit_state ON cases(unit_id, state);
CREATE INDEX cases_handler ON cases(handler_account_id, state);
CREATE INDEX cases_open_due ON cases(state, due_at);
CREATE INDEX cases_published ON cases(published_at);
CREATE INDEX cases_subject_account ON cases(subject_account_id);

-- The last serial of each day's codes (DT-YYMMDD-NNNN): one row per day.
CREATE TABLE case_serials (
	day  TEXT PRIMARY KEY,   -- YYMMDD, Vietnam date
	last INTEGER NOT NULL
);

-- Every holding and step of a case: who, which unit, since when, due when.
CREATE TABLE case_steps (
	id         INTEGER PRIMARY KEY,
	case_id    INTEGER NOT NULL REFERENCES cases(id),
	state      TEXT NOT NULL,
	unit_id    INTEGER NOT NULL REFERENCES units(id),
	account_id INTEGER REFERENCES accounts(id),
	started_at TEXT NOT NULL,
	ended_at   TEXT,
	due_at     TEXT,
	note       TEXT NOT NULL DEFAULT ''
);
CREATE INDEX case_steps_case ON case_steps(case_id, id);

-- The vault: the reporter's identity (name, address, contact, ID number), sealed
-- with the vault key (XChaCha20-Poly1305, the case code as associated data).
CREATE TABLE case_identities (
	case_id INTEGER PRIMARY KEY REFERENCES cases(id),
	nonce   BLOB NOT NULL,
	sealed  BLOB NOT NULL
);

-- Every opening of the vault (also a ledger event with the reason).
CREATE TABLE case_identity_reads (
	id         INTEGER PRIMARY KEY,
	case_id    INTEGER NOT NULL REFERENCES cases(id),
	account_id INTEGER NOT NULL REFERENCES accounts(id),
	at         TEXT NOT NULL,
	reason     TEXT NOT NULL
);

-- Attachments. sealed = 1: the file holds the reporter's handwriting or identity
-- and is stored encrypted (opened like the identity).
CREATE TABLE case_files (
	case_id      INTEGER NOT NULL REFERENCES cases(id),
	sha256       TEXT NOT NULL,
	name         TEXT NOT NULL,
	content_type TEXT NOT NULL,
	size         INTEGER NOT NULL,
	sealed       INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (case_id, sha256)
);

-- R9: the public apology when the conclusion finds the agency at fault.
CREATE TABLE case_apologies (
	id           INTEGER PRIMARY KEY,
	case_id      INTEGER NOT NULL UNIQUE REFERENCES cases(id),
	unit_id      INTEGER NOT NULL REFERENCES units(id),
	what_wrong   TEXT NOT NULL,
	what_done    TEXT NOT NULL,
	remedy       TEXT NOT NULL,
	published_at TEXT NOT NULL
);
CREATE INDEX case_apologies_unit ON case_apologies(unit_id, published_at);

-- The sanction decided against an official, on that official's record.
CREATE TABLE official_sanctions (
	id         INTEGER PRIMARY KEY,
	account_id INTEGER NOT NULL REFERENCES accounts(id),
	case_id    INTEGER NOT NULL REFERENCES cases(id),
	unit_id    INTEGER NOT NULL REFERENCES units(id),
	sanction   TEXT NOT NULL,
	decided_at TEXT NOT NULL
);
CREATE INDEX official_sanctions_account ON official_sanctions(account_id);
CREATE INDEX official_sanctions_case ON official_sanctions(case_id);

-- Published results, searchable. Text is folded in C (tone marks removed, đ→d)
-- before it is indexed and before it is searched, so both match.
CREATE VIRTUAL TABLE case_fts USING fts5(code UNINDEXED, text, tokenize = 'unicode61 remove_diacritics 2');
