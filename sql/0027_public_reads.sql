-- What the public results pages read per request no longer grows with the
-- history (/results?q=, /results/stats, /results/apologies).
--
-- 1. The search index. A search word w is the FTS5 prefix query "w"*; without
-- a prefix index FTS5 answers it by merging the whole doclist of every term
-- that starts with w before it returns the first row, so a search for a
-- common word read every match in the history even for a page of 20. With
-- prefix indexes of 1 to 7 characters (every Vietnamese syllable, folded,
-- has at most 7 letters) a prefix is one doclist, walked newest case first
-- (rowid = cases.id) and left as soon as the page is full; a longer word is
-- searched as a whole word (results_fts_query). The index also holds exactly
-- the public results now: a case that leaves the public list (reopened, or
-- deleted) leaves the index in the same statement, so a search's bounded
-- count ("more than 1000") counts index entries without reading the cases.
CREATE TABLE case_fts_copy AS SELECT f.rowid AS id, f.code AS code, f.text AS text
  FROM case_fts f JOIN cases c ON c.id = f.rowid
 WHERE c.published_at IS NOT NULL AND c.state IN ('published','resolved');
DROP TABLE case_fts;
CREATE VIRTUAL TABLE case_fts USING fts5(code UNINDEXED, text, tokenize = 'unicode61 remove_diacritics 2',
  prefix = '1 2 3 4 5 6 7');
INSERT INTO case_fts(rowid, code, text) SELECT id, code, text FROM case_fts_copy ORDER BY id;
DROP TABLE case_fts_copy;
INSERT INTO case_fts(case_fts) VALUES ('optimize');

CREATE TRIGGER cases_fts_unpublished AFTER UPDATE OF state, published_at ON cases
WHEN (OLD.published_at IS NOT NULL AND OLD.state IN ('published','resolved'))
 AND NOT (NEW.published_at IS NOT NULL AND NEW.state IN ('published','resolved')) BEGIN
DELETE FROM case_fts WHERE rowid = OLD.id;
END;
CREATE TRIGGER cases_fts_delete AFTER DELETE ON cases BEGIN
DELETE FROM case_fts WHERE rowid = OLD.id;
END;

-- 2. "Overdue now" on /results/stats: the open cases past their due time.
-- Counting them per request read every overdue case. The deadline job (and
-- every case command) marks an open case risk = 'overdue' once its due time
-- has passed; case_overdue_total keeps, per handling unit, how many open
-- cases carry the mark, moved by triggers in the statement that changes the
-- case's state, mark or unit. The page adds the two corrections that make it
-- exact at the moment of viewing, each read on a partial index of the rows
-- near "now" only: open cases whose due time has passed since the job's last
-- pass (not yet marked), and marked ones whose due time is not past (a due
-- time moved later; normally none). Both indexes hold the unit (covering)
-- and the columns of cases_open_due and cases_overdue (0022) that the
-- corrections search, so the planner prefers them to those.
CREATE TABLE case_overdue_total (
	unit_id INTEGER NOT NULL PRIMARY KEY REFERENCES units(id),
	marked  INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
INSERT INTO case_overdue_total(unit_id, marked)
SELECT unit_id, count(*) FROM cases
 WHERE risk = 'overdue' AND state IN ('received','accepted','assigned','verified','reopened') GROUP BY unit_id;
CREATE INDEX cases_open_unmarked_due ON cases(state, due_at, unit_id)
 WHERE risk <> 'overdue' AND state IN ('received','accepted','assigned','verified','reopened');
CREATE INDEX cases_open_marked_due ON cases(risk, due_at, unit_id)
 WHERE risk = 'overdue' AND state IN ('received','accepted','assigned','verified','reopened');

CREATE TRIGGER cases_overdue_insert AFTER INSERT ON cases
WHEN NEW.risk = 'overdue' AND NEW.state IN ('received','accepted','assigned','verified','reopened') BEGIN
INSERT INTO case_overdue_total(unit_id, marked) VALUES (NEW.unit_id, 1)
 ON CONFLICT(unit_id) DO UPDATE SET marked = marked + 1;
END;
CREATE TRIGGER cases_overdue_update AFTER UPDATE OF state, risk, unit_id ON cases
WHEN (OLD.risk = 'overdue' AND OLD.state IN ('received','accepted','assigned','verified','reopened'))
     IS NOT (NEW.risk = 'overdue' AND NEW.state IN ('received','accepted','assigned','verified','reopened'))
  OR (NEW.risk = 'overdue' AND NEW.state IN ('received','accepted','assigned','verified','reopened')
      AND OLD.unit_id IS NOT NEW.unit_id) BEGIN
INSERT INTO case_overdue_total(unit_id, marked)
 SELECT OLD.unit_id, -1 WHERE OLD.risk = 'overdue' AND OLD.state IN ('received','accepted','assigned','verified','reopened')
 ON CONFLICT(unit_id) DO UPDATE SET marked = marked + excluded.marked;
INSERT INTO case_overdue_total(unit_id, marked)
 SELECT NEW.unit_id, 1 WHERE NEW.risk = 'overdue' AND NEW.state IN ('received','accepted','assigned','verified','reopened')
 ON CONFLICT(unit_id) DO UPDATE SET marked = marked + excluded.marked;
END;
CREATE TRIGGER cases_overdue_delete AFTER DELETE ON cases
WHEN OLD.risk = 'overdue' AND OLD.state IN ('received','accepted','assigned','verified','reopened') BEGIN
INSERT INTO case_overdue_total(unit_id, marked) VALUES (OLD.unit_id, -1)
 ON CONFLICT(unit_id) DO UPDATE SET marked = marked - 1;
END;

-- 3. The lists' totals and the apology register's per-unit counts with no
-- kind or category filter and no period (the default view) read one row per
-- unit: results_unit_total rolls results_total up over kind and category
-- (kept by triggers on results_total, itself kept from results_daily, 0021),
-- beside dossier_apology_total for the letters.
CREATE TABLE results_unit_total (
	unit_id   INTEGER NOT NULL PRIMARY KEY REFERENCES units(id),
	published INTEGER NOT NULL DEFAULT 0,
	apologies INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
INSERT INTO results_unit_total(unit_id, published, apologies)
SELECT unit_id, sum(published), sum(apologies) FROM results_total WHERE 1 GROUP BY unit_id;
CREATE TRIGGER results_total_unit_insert AFTER INSERT ON results_total BEGIN
INSERT INTO results_unit_total(unit_id, published, apologies) VALUES (NEW.unit_id, NEW.published, NEW.apologies)
 ON CONFLICT(unit_id) DO UPDATE SET published = published + excluded.published, apologies = apologies + excluded.apologies;
END;
CREATE TRIGGER results_total_unit_update AFTER UPDATE ON results_total BEGIN
INSERT INTO results_unit_total(unit_id, published, apologies)
 VALUES (NEW.unit_id, NEW.published - OLD.published, NEW.apologies - OLD.apologies)
 ON CONFLICT(unit_id) DO UPDATE SET published = published + excluded.published, apologies = apologies + excluded.apologies;
END;

-- 4. A list filtered by one unit that has no units below it (every unit but
-- the province and the few with sub-units) walks that unit's own rows in
-- publication order, not the whole list past the other units' rows (a unit
-- with no recent result read the entire history for an empty page): the
-- register already has case_apologies_unit and apologies_unit (unit, time).
CREATE INDEX cases_unit_published ON cases(unit_id, published_at) WHERE published_at IS NOT NULL;
