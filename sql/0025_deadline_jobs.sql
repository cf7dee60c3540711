-- 0025_deadline_jobs.sql — the deadline jobs look only at what can still
-- change, so that a run costs the open work in hand, not the history.
--
-- An open case marked overdue (its overdue event written) or an open dossier
-- marked overdue stays so while its due time is past: the jobs have nothing to
-- do for it until a command gives it a new due time (which resets the marks and
-- the risk in the same transaction). Cases and dossiers forgotten on a desk
-- pile up over the years; the jobs, which run every minute, read them all
-- before. Now each reads the live ones from a partial index (as small as the
-- work in hand) and the overdue ones whose due time is ahead of the clock
-- (none unless the clock was set back) from the (state, due_at) indexes.
-- The WHERE text must be the one src/cases/repo.c and src/dossier/repo.c write.
CREATE INDEX cases_deadline_live ON cases(due_at)
  WHERE state IN ('received','accepted','assigned','verified','reopened') AND due_at IS NOT NULL
    AND (risk <> 'overdue' OR overdue_at IS NULL);
CREATE INDEX dossiers_deadline_live ON dossiers(due_at)
  WHERE state IN ('received','processing') AND due_at IS NOT NULL AND risk <> 'overdue';
