-- 0037_biz.sql — inspections of businesses (R16, docs/inspections.md): the
-- register of businesses, every inspecting or checking body's annual plan, the
-- State Audit's plan for comparison, the overlap conflicts and their
-- resolutions, ad-hoc inspections with their fixed scope, execution, ratings.
-- Every number of the law is dated data (biz_rules, biz_plan_deadlines).

-- Dated rules (data/biz_rules.csv): INS-1…INS-7 of LEGAL-RULES-2 §3a and the
-- duration limits. number NULL: the rule has no number.
CREATE TABLE biz_rules (
	rule_id    TEXT NOT NULL,
	rule       TEXT NOT NULL,
	number     INTEGER,
	valid_from TEXT NOT NULL,               -- YYYY-MM-DD inclusive
	valid_to   TEXT,                        -- inclusive; NULL: open
	source     TEXT NOT NULL,
	mark       TEXT NOT NULL,               -- V, V2, K (LEGAL-RULES conventions)
	PRIMARY KEY (rule_id, valid_from)
);

-- The annual plan's deadline per plan year (data/biz_plan_deadlines.csv).
CREATE TABLE biz_plan_deadlines (
	plan_year INTEGER PRIMARY KEY,
	deadline  TEXT NOT NULL,                -- YYYY-MM-DD (Vietnam), the last day
	source    TEXT NOT NULL,
	mark      TEXT NOT NULL
);

-- State-management subject matters (data/biz_subjects.csv).
CREATE TABLE biz_subjects (
	code       TEXT PRIMARY KEY,
	name_vi    TEXT NOT NULL,
	name_en    TEXT NOT NULL,
	valid_from TEXT NOT NULL,
	valid_to   TEXT
);

CREATE TABLE biz_businesses (
	id         INTEGER PRIMARY KEY,
	tax_code   TEXT NOT NULL UNIQUE,        -- 10 digits, or 10 digits '-' 3 digits (a branch)
	kind       TEXT NOT NULL CHECK (kind IN ('enterprise','household','individual')),
	name       TEXT NOT NULL,
	address    TEXT NOT NULL,
	unit_id    INTEGER NOT NULL REFERENCES units(id),   -- the commune
	lines      TEXT NOT NULL DEFAULT '',    -- business lines, '; ' between
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL
);
-- Name, tax code and address folded in C (text_fold), searched like /results.
CREATE VIRTUAL TABLE biz_fts USING fts5(tax_code UNINDEXED, text, tokenize = 'unicode61 remove_diacritics 2',
  prefix = '1 2 3 4 5 6 7');

-- One plan per body per year.
CREATE TABLE biz_plans (
	id           INTEGER PRIMARY KEY,
	unit_id      INTEGER NOT NULL REFERENCES units(id),
	year         INTEGER NOT NULL,
	state        TEXT NOT NULL CHECK (state IN ('draft','submitted','approved')),
	submitted_at TEXT,
	late_reason  TEXT,
	approved_at  TEXT,
	approved_by  INTEGER,
	UNIQUE (unit_id, year)
);

-- Plan entries and ad-hoc inspections (plan_id NULL).
CREATE TABLE biz_entries (
	id           INTEGER PRIMARY KEY,
	code         TEXT NOT NULL UNIQUE,      -- "KT-2027-000012"
	plan_id      INTEGER REFERENCES biz_plans(id),
	unit_id      INTEGER NOT NULL REFERENCES units(id),
	year         INTEGER NOT NULL,
	tax_code     TEXT NOT NULL REFERENCES biz_businesses(tax_code),
	kind         TEXT NOT NULL CHECK (kind IN ('thanh_tra','kiem_tra')),
	subject      TEXT NOT NULL REFERENCES biz_subjects(code),
	legal_basis  TEXT NOT NULL,
	months       INTEGER NOT NULL,          -- bit m-1 set: planned in month m
	team_lead    TEXT NOT NULL,
	adhoc        INTEGER NOT NULL DEFAULT 0,
	grounds      TEXT,                      -- ad-hoc: the clear signs of violation
	decision_no  TEXT,
	period_from  TEXT,                      -- ad-hoc scope: the period inspected
	period_to    TEXT,
	content      TEXT,                      -- ad-hoc scope: the content
	state        TEXT NOT NULL DEFAULT 'planned'
	             CHECK (state IN ('planned','started','ended','dropped','moved','joined')),
	joint_with   INTEGER REFERENCES biz_entries(id),
	started_on   TEXT,
	ended_on     TEXT,
	rate_code    TEXT UNIQUE,
	rate_secret  TEXT,                      -- SHA-256 hex of the secret
	conclusion_sha TEXT,
	conclusion_at  TEXT,
	findings     TEXT,
	sanctions    TEXT,
	created_at   TEXT NOT NULL
);
CREATE INDEX biz_entries_tax_year ON biz_entries(tax_code, year);
CREATE INDEX biz_entries_year_tax ON biz_entries(year, tax_code);
CREATE INDEX biz_entries_plan ON biz_entries(plan_id);

-- The State Audit's plan for the province (imported for comparison).
CREATE TABLE biz_audits (
	id       INTEGER PRIMARY KEY,
	tax_code TEXT NOT NULL,
	year     INTEGER NOT NULL,
	subject  TEXT NOT NULL,
	months   INTEGER NOT NULL,
	note     TEXT NOT NULL DEFAULT '',
	UNIQUE (tax_code, year, subject)
);
CREATE INDEX biz_audits_year_tax ON biz_audits(year, tax_code);

-- A conflict between two entries (or an entry and a State Audit), per rule.
CREATE TABLE biz_conflicts (
	id          INTEGER PRIMARY KEY,
	tax_code    TEXT NOT NULL,
	year        INTEGER NOT NULL,
	rule_id     TEXT NOT NULL,
	entry_a     INTEGER NOT NULL REFERENCES biz_entries(id),
	entry_b     INTEGER REFERENCES biz_entries(id),
	audit_id    INTEGER REFERENCES biz_audits(id),
	state       TEXT NOT NULL CHECK (state IN ('open','resolved','gone')),
	resolution  TEXT CHECK (resolution IN ('joint','move','drop','keep')),
	justification TEXT,
	resolved_by INTEGER,
	resolved_at TEXT,
	found_at    TEXT NOT NULL,
	UNIQUE (entry_a, entry_b, audit_id, rule_id)
);
CREATE INDEX biz_conflicts_tax_year ON biz_conflicts(tax_code, year);
CREATE INDEX biz_conflicts_open ON biz_conflicts(state, year, id);

-- Counted against the business's year, in the same transaction as the entry.
CREATE TABLE biz_year_counts (
	tax_code  TEXT NOT NULL,
	year      INTEGER NOT NULL,
	thanh_tra INTEGER NOT NULL DEFAULT 0,
	kiem_tra  INTEGER NOT NULL DEFAULT 0,
	adhoc     INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (tax_code, year)
) WITHOUT ROWID;

-- Ad-hoc inspections and refused widenings flagged to the Inspectorate.
CREATE TABLE biz_flags (
	id       INTEGER PRIMARY KEY,
	entry_id INTEGER NOT NULL REFERENCES biz_entries(id),
	kind     TEXT NOT NULL CHECK (kind IN ('adhoc','widening_refused')),
	at       TEXT NOT NULL,
	detail   TEXT NOT NULL DEFAULT ''
);

-- How the business was treated, rated by the business with its code and secret.
CREATE TABLE biz_ratings (
	entry_id INTEGER PRIMARY KEY REFERENCES biz_entries(id),
	level    TEXT NOT NULL CHECK (level IN ('very_satisfied','satisfied','unsatisfied')),
	comment  TEXT NOT NULL DEFAULT '',
	at       TEXT NOT NULL
);

-- The public pages of businesses (/doanh-nghiep, /doanh-nghiep/{tax_code}, their JSON) go
-- through the page cache under the topic 'biz' (sql/0020_page_versions.sql): bumped in the
-- same transaction as any change of what they show.
INSERT INTO page_versions(topic, version) VALUES ('biz', 1);
CREATE TRIGGER page_versions_biz_businesses_insert AFTER INSERT ON biz_businesses BEGIN
	UPDATE page_versions SET version = version + 1 WHERE topic = 'biz';
END;
CREATE TRIGGER page_versions_biz_businesses_update AFTER UPDATE ON biz_businesses BEGIN
	UPDATE page_versions SET version = version + 1 WHERE topic = 'biz';
END;
CREATE TRIGGER page_versions_biz_entries_insert AFTER INSERT ON biz_entries BEGIN
	UPDATE page_versions SET version = version + 1 WHERE topic = 'biz';
END;
CREATE TRIGGER page_versions_biz_entries_update AFTER UPDATE ON biz_entries BEGIN
	UPDATE page_versions SET version = version + 1 WHERE topic = 'biz';
END;
CREATE TRIGGER page_versions_biz_plans_update AFTER UPDATE ON biz_plans BEGIN
	UPDATE page_versions SET version = version + 1 WHERE topic = 'biz';
END;
