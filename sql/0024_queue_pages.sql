-- 0024_queue_pages.sql — the outbox's counts by state, kept by triggers in the
-- statement that writes a message or changes its state, so that the
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
