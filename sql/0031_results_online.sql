-- 0031_results_online.sql — results delivered online and the fee paid (plan 262 R11;
-- Decision 766 indicators 4.1, e-result share, and 3.6, online payment share).
--
-- A dossier's electronic result is a PDF in the content-addressed store (files);
-- each attachment is a row here, the current one has replaced_at NULL, an
-- earlier one keeps its hash and says when it was replaced. The events
-- dossier.result_attached / dossier.result_replaced carry the same SHA-256.
CREATE TABLE dossier_results (
	id           INTEGER PRIMARY KEY,
	dossier_id   INTEGER NOT NULL REFERENCES dossiers(id),
	unit_id      INTEGER NOT NULL REFERENCES units(id),   -- the dossier's receiving unit (counted per unit)
	sha256       TEXT NOT NULL REFERENCES files(sha256),
	size         INTEGER NOT NULL CHECK (size > 0),
	first        INTEGER NOT NULL CHECK (first IN (0, 1)), -- 1: the dossier's first electronic result
	attached_at  TEXT NOT NULL,
	attached_by  INTEGER NOT NULL REFERENCES accounts(id),
	replaced_at  TEXT                                      -- NULL: the result in force
);
CREATE UNIQUE INDEX dossier_results_current ON dossier_results(dossier_id) WHERE replaced_at IS NULL;
CREATE INDEX dossier_results_of ON dossier_results(dossier_id, id);
-- Counting e-results per unit and day (first attachments only): one range of an index.
CREATE INDEX dossier_results_unit_day ON dossier_results(unit_id, attached_at) WHERE first = 1;

-- The fee charged and how it was paid. One row in force per dossier (replaced_at
-- NULL); a correction is a new row, the old one kept.
CREATE TABLE dossier_payments (
	id                INTEGER PRIMARY KEY,
	dossier_id        INTEGER NOT NULL REFERENCES dossiers(id),
	unit_id           INTEGER NOT NULL REFERENCES units(id),
	fee_vnd           INTEGER NOT NULL CHECK (fee_vnd >= 0),
	catalogue_fee_vnd INTEGER,                               -- the procedure's fee then; NULL: not published
	fee_reason        TEXT NOT NULL DEFAULT '',              -- required when fee_vnd differs from the catalogue
	method            TEXT NOT NULL CHECK (method IN ('none','cash','bank_transfer','national_platform')),
	reference         TEXT NOT NULL DEFAULT '',              -- the transaction reference (required for national_platform)
	receipt_no        TEXT NOT NULL DEFAULT '',              -- số biên lai (required for cash)
	first             INTEGER NOT NULL CHECK (first IN (0, 1)),
	recorded_at       TEXT NOT NULL,
	recorded_by       INTEGER NOT NULL REFERENCES accounts(id),
	replaced_at       TEXT,
	CHECK (method <> 'national_platform' OR reference <> ''),
	CHECK (method <> 'cash' OR receipt_no <> ''),
	CHECK ((fee_vnd = 0) = (method = 'none'))
);
CREATE UNIQUE INDEX dossier_payments_current ON dossier_payments(dossier_id) WHERE replaced_at IS NULL;
CREATE INDEX dossier_payments_of ON dossier_payments(dossier_id, id);
-- Counting payments per unit, day and way of paying (rows in force).
CREATE INDEX dossier_payments_unit_day ON dossier_payments(unit_id, recorded_at, method) WHERE replaced_at IS NULL;
