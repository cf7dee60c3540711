-- 0006_dossier_indexes.sql — the unit's view of its dossiers also lists those
-- handed over to it from other units; bench/track.sh found the list scanning
-- the whole table at 1,000,000 dossiers (143-261 ms a request).
CREATE INDEX dossiers_holder_unit ON dossiers(holder_unit_id, state);
CREATE INDEX throttle_at ON throttle(at);
