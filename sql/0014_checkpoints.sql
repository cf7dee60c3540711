-- 0014_checkpoints.sql — every signed checkpoint the server issues, so that
-- `minhbach verify` can tell a shortened or emptied ledger from an intact one.
-- The same lines are appended to <db>.checkpoints (mode 0600), which survives
-- a rewrite of this file; see docs/ARCHITECTURE.md, "The ledger".
CREATE TABLE checkpoints (
	id        INTEGER PRIMARY KEY,
	seq       INTEGER NOT NULL,          -- the head's seq when signed (0: empty ledger)
	hash      TEXT    NOT NULL,          -- the head's hash
	at        TEXT    NOT NULL,          -- UTC, ISO 8601: when it was signed
	signature TEXT    NOT NULL           -- Ed25519 over "minhbach checkpoint v1\nseq=N\nhash=H\nat=T", hex
);
CREATE INDEX checkpoints_seq ON checkpoints(seq);

-- Events about rows of record now carry the row's digest. A database that
-- already has events gets one "<kind>.adopted" event per row at the next
-- start of `serve` (ledger_adopt_rows), so that verify can compare them.
INSERT INTO meta(key, value) SELECT 'ledger_rows_to_adopt', '1' WHERE EXISTS (SELECT 1 FROM events);
