-- Per-address limits whose check does not grow with the count (issue #9).
--
-- Each hit of a throttle bucket and key carries its ordinal `nth` (1, 2, 3, …
-- per bucket and key, never reused while older hits remain). The hits in a
-- window are then the latest ordinal minus the ordinal of the first hit in
-- the window, plus one: two seeks in throttle_key, whatever the count or the
-- limit, where counting the rows one by one cost as many steps as the limit.
-- The purge (dossier deadline job) still deletes the hits older than a day:
-- a prefix of each key's ordinals, so the difference stays exact.
ALTER TABLE throttle ADD COLUMN nth INTEGER NOT NULL DEFAULT 0;

UPDATE throttle SET nth = o.rn
FROM (SELECT id, row_number() OVER (PARTITION BY bucket, key ORDER BY at, id) AS rn FROM throttle) AS o
WHERE throttle.id = o.id;

DROP INDEX throttle_key;
CREATE INDEX throttle_key ON throttle(bucket, key, at, nth);
