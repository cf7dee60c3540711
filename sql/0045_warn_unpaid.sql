-- 0045_warn_unpaid.sql — early warning (issue #11 item 5, "cash fees without
-- receipts"): results returned while the procedure's catalogue fee is due and
-- no payment is recorded (signal `unpaid`).
--
-- A cash payment cannot be recorded without its receipt number (sql/0031,
-- dossier_payments), so what the data can show of money taken with nothing
-- recorded is this: a dossier whose result was handed to the citizen
-- (dossier.return: the counter officer, src/dossier/service.c DC_RETURN)
-- while its procedure's fee in the catalogue (procedures.fee_vnd, sql/0002;
-- NULL not published, 0 free) was above 0 and no payment row was in force
-- (dossier_payments, replaced_at IS NULL). A fee waived or reduced is a
-- payment row too (fee 0, method 'none', with its reason: src/delivery/rules.c),
-- so it is not counted as unpaid.

-- Per official who returned the result, Vietnam day of the return and
-- procedure: the returns of dossiers with a catalogue fee above 0, and those of
-- them with no payment in force at the return.
ALTER TABLE warn_official_daily ADD COLUMN returns_fee_due INTEGER NOT NULL DEFAULT 0;
ALTER TABLE warn_official_daily ADD COLUMN returns_unpaid INTEGER NOT NULL DEFAULT 0;

-- Who returned the result is recorded only by the return's ledger event (the
-- result step is held by the one-stop desk, no account): the counter is kept
-- when that event is appended, in the return's own transaction (the service
-- updates the dossier, then appends the event, then commits). The day is the
-- dossier's finished_at (the return's time). warn_rebuild_counters() adds the
-- same from the history (events by subject, payments recorded by the return's
-- time), once for a database that had returns before this migration.
CREATE TRIGGER warn_dossier_returned AFTER INSERT ON events
WHEN NEW.type = 'dossier.return' AND NEW.actor_id IS NOT NULL
BEGIN
INSERT INTO warn_official_daily(account_id, day, procedure_id, returns_fee_due, returns_unpaid)
 SELECT NEW.actor_id, strftime('%Y-%m-%dT%H:%M:%SZ', date(coalesce(x.finished_at, NEW.at), '+7 hours'), '-7 hours'),
        x.procedure_id, 1,
        CASE WHEN EXISTS (SELECT 1 FROM dossier_payments p WHERE p.dossier_id = x.id AND p.replaced_at IS NULL) THEN 0 ELSE 1 END
 FROM dossiers x JOIN procedures r ON r.id = x.procedure_id
 WHERE x.code = substr(NEW.subject, 9) AND x.state = 'returned' AND r.fee_vnd > 0
 ON CONFLICT(account_id, day, procedure_id) DO UPDATE SET returns_fee_due = returns_fee_due + 1,
  returns_unpaid = returns_unpaid + excluded.returns_unpaid;
END;
