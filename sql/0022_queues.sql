-- 0022_queues.sql — the staff queues walk an index in their own order, a page
-- at a time from a cursor (keyset), so that a page costs the same whatever the
-- size of the history: no scan of dossiers or cases, no sort of them.
--
-- Open dossiers by due time (none last), then id: one partial index per list
-- (the holder's, the unit's where received, the unit's where held, the
-- citizen's). Only open dossiers are in them, so they stay as small as the
-- work in hand. The WHERE text must be the one src/dossier/repo.c writes.
CREATE INDEX dossiers_open_holder ON dossiers(holder_account_id, ifnull(due_at, '~'), id)
  WHERE state IN ('submitted','received','processing','supplement','result_ready');
CREATE INDEX dossiers_open_unit ON dossiers(unit_id, ifnull(due_at, '~'), id)
  WHERE state IN ('submitted','received','processing','supplement','result_ready');
CREATE INDEX dossiers_open_holder_unit ON dossiers(holder_unit_id, ifnull(due_at, '~'), id)
  WHERE state IN ('submitted','received','processing','supplement','result_ready');
CREATE INDEX dossiers_open_citizen ON dossiers(citizen_account_id, ifnull(due_at, '~'), id)
  WHERE state IN ('submitted','received','processing','supplement','result_ready');
-- All of them (finished ones too), newest first (the citizen's: dossiers_citizen).
CREATE INDEX dossiers_holder_id ON dossiers(holder_account_id, id);
CREATE INDEX dossiers_unit_id ON dossiers(unit_id, id);
CREATE INDEX dossiers_holder_unit_id ON dossiers(holder_unit_id, id);

-- Cases, newest first: the handler's, the unit's, and the open overdue ones
-- (partial: as small as the overdue work), of one unit or of all units.
CREATE INDEX cases_handler_id ON cases(handler_account_id, id);
CREATE INDEX cases_unit_id ON cases(unit_id, id);
CREATE INDEX cases_overdue_unit ON cases(unit_id, id)
  WHERE risk = 'overdue' AND state IN ('received','accepted','assigned','verified','reopened');
CREATE INDEX cases_overdue ON cases(risk, id)
  WHERE risk = 'overdue' AND state IN ('received','accepted','assigned','verified','reopened');
