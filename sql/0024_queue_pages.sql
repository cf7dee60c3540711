-- 0024_queue_pages.sql — counts for the staff pages kept by triggers. First
-- the outbox's counts by state, kept in the statement that writes a message
-- or changes its state, so that the
-- administrators' mail view reads three rows instead of counting every
-- message ever sent (rows of the outbox are never deleted). The list of
-- messages is read a page at a time, newest first, from an id (keyset on the
-- primary key).
CREATE TABLE outbox_counts (
	state TEXT PRIMARY KEY CHECK (state IN ('queued','sent','failed')),
	n     INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
INSERT INTO outbox_counts(state, n) VALUES ('queued', 0), ('sent', 0), ('failed', 0);
UPDATE outbox_counts SET n = (SELECT count(*) FROM outbox o WHERE o.state = outbox_counts.state);

CREATE TRIGGER outbox_counts_insert AFTER INSERT ON outbox BEGIN
	UPDATE outbox_counts SET n = n + 1 WHERE state = NEW.state;
END;
CREATE TRIGGER outbox_counts_state AFTER UPDATE OF state ON outbox WHEN OLD.state IS NOT NEW.state BEGIN
	UPDATE outbox_counts SET n = n - 1 WHERE state = OLD.state;
	UPDATE outbox_counts SET n = n + 1 WHERE state = NEW.state;
END;
CREATE TRIGGER outbox_counts_delete AFTER DELETE ON outbox BEGIN
	UPDATE outbox_counts SET n = n - 1 WHERE state = OLD.state;
END;

-- The open dossiers of each staff queue, counted by triggers in the statement
-- that writes a dossier, so that a queue page shows how many are open without
-- counting them: list 'holder' (by holder_account_id: "mine"), 'unit' (by
-- unit_id, where received), 'held' (by holder_unit_id, held by a unit other
-- than the one that received it: the unit's queue is 'unit' + 'held', each
-- dossier once, as the merged list), 'citizen' (by citizen_account_id). Open:
-- the states of sql/0022's partial indexes.
CREATE TABLE dossier_open_counts (
	list TEXT NOT NULL CHECK (list IN ('holder','unit','held','citizen')),
	key  INTEGER NOT NULL,
	n    INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (list, key)
) WITHOUT ROWID;
INSERT INTO dossier_open_counts(list, key, n)
SELECT list, key, count(*) FROM (
	SELECT 'holder' AS list, holder_account_id AS key FROM dossiers
	 WHERE holder_account_id IS NOT NULL AND state IN ('submitted','received','processing','supplement','result_ready')
	UNION ALL SELECT 'unit', unit_id FROM dossiers
	 WHERE state IN ('submitted','received','processing','supplement','result_ready')
	UNION ALL SELECT 'held', holder_unit_id FROM dossiers
	 WHERE holder_unit_id IS NOT NULL AND holder_unit_id <> unit_id
	   AND state IN ('submitted','received','processing','supplement','result_ready')
	UNION ALL SELECT 'citizen', citizen_account_id FROM dossiers
	 WHERE citizen_account_id IS NOT NULL AND state IN ('submitted','received','processing','supplement','result_ready')
) GROUP BY list, key;

CREATE TRIGGER dossier_open_counts_insert AFTER INSERT ON dossiers
WHEN NEW.state IN ('submitted','received','processing','supplement','result_ready') BEGIN
	INSERT INTO dossier_open_counts(list, key, n) SELECT 'holder', NEW.holder_account_id, 1
	 WHERE NEW.holder_account_id IS NOT NULL ON CONFLICT(list, key) DO UPDATE SET n = n + 1;
	INSERT INTO dossier_open_counts(list, key, n) VALUES ('unit', NEW.unit_id, 1)
	 ON CONFLICT(list, key) DO UPDATE SET n = n + 1;
	INSERT INTO dossier_open_counts(list, key, n) SELECT 'held', NEW.holder_unit_id, 1
	 WHERE NEW.holder_unit_id IS NOT NULL AND NEW.holder_unit_id <> NEW.unit_id ON CONFLICT(list, key) DO UPDATE SET n = n + 1;
	INSERT INTO dossier_open_counts(list, key, n) SELECT 'citizen', NEW.citizen_account_id, 1
	 WHERE NEW.citizen_account_id IS NOT NULL ON CONFLICT(list, key) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER dossier_open_counts_delete AFTER DELETE ON dossiers
WHEN OLD.state IN ('submitted','received','processing','supplement','result_ready') BEGIN
	UPDATE dossier_open_counts SET n = n - 1 WHERE list = 'holder' AND key = OLD.holder_account_id;
	UPDATE dossier_open_counts SET n = n - 1 WHERE list = 'unit' AND key = OLD.unit_id;
	UPDATE dossier_open_counts SET n = n - 1 WHERE list = 'held' AND key = OLD.holder_unit_id
	 AND OLD.holder_unit_id <> OLD.unit_id;
	UPDATE dossier_open_counts SET n = n - 1 WHERE list = 'citizen' AND key = OLD.citizen_account_id;
END;

-- A change of what decides the lists: the old row's contributions out, the new row's in.
CREATE TRIGGER dossier_open_counts_update AFTER UPDATE OF state, holder_account_id, holder_unit_id, unit_id,
	citizen_account_id ON dossiers
WHEN OLD.state IS NOT NEW.state OR OLD.holder_account_id IS NOT NEW.holder_account_id
  OR OLD.holder_unit_id IS NOT NEW.holder_unit_id OR OLD.unit_id IS NOT NEW.unit_id
  OR OLD.citizen_account_id IS NOT NEW.citizen_account_id BEGIN
	UPDATE dossier_open_counts SET n = n - 1 WHERE list = 'holder' AND key = OLD.holder_account_id AND OLD.state IN ('submitted','received','processing','supplement','result_ready');
	UPDATE dossier_open_counts SET n = n - 1 WHERE list = 'unit' AND key = OLD.unit_id AND OLD.state IN ('submitted','received','processing','supplement','result_ready');
	UPDATE dossier_open_counts SET n = n - 1 WHERE list = 'held' AND key = OLD.holder_unit_id
	 AND OLD.holder_unit_id <> OLD.unit_id AND OLD.state IN ('submitted','received','processing','supplement','result_ready');
	UPDATE dossier_open_counts SET n = n - 1 WHERE list = 'citizen' AND key = OLD.citizen_account_id AND OLD.state IN ('submitted','received','processing','supplement','result_ready');
	INSERT INTO dossier_open_counts(list, key, n) SELECT 'holder', NEW.holder_account_id, 1
	 WHERE NEW.holder_account_id IS NOT NULL AND NEW.state IN ('submitted','received','processing','supplement','result_ready')
	 ON CONFLICT(list, key) DO UPDATE SET n = n + 1;
	INSERT INTO dossier_open_counts(list, key, n) SELECT 'unit', NEW.unit_id, 1
	 WHERE NEW.state IN ('submitted','received','processing','supplement','result_ready')
	 ON CONFLICT(list, key) DO UPDATE SET n = n + 1;
	INSERT INTO dossier_open_counts(list, key, n) SELECT 'held', NEW.holder_unit_id, 1
	 WHERE NEW.holder_unit_id IS NOT NULL AND NEW.holder_unit_id <> NEW.unit_id
	   AND NEW.state IN ('submitted','received','processing','supplement','result_ready')
	 ON CONFLICT(list, key) DO UPDATE SET n = n + 1;
	INSERT INTO dossier_open_counts(list, key, n) SELECT 'citizen', NEW.citizen_account_id, 1
	 WHERE NEW.citizen_account_id IS NOT NULL AND NEW.state IN ('submitted','received','processing','supplement','result_ready')
	 ON CONFLICT(list, key) DO UPDATE SET n = n + 1;
END;
