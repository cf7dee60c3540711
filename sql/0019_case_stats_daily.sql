-- Per-unit, per-day aggregates of the reports, read by the public statistics
-- (/results/stats, its CSV, /api/v1/results/stats) instead of counting all
-- cases per request. Kept in the write transaction by the triggers below.
--
-- day: the Vietnam day (UTC+7) the event fell on, written as the UTC instant
-- of its local midnight ("2025-12-31T17:00:00Z" for 1 January 2026), the same
-- form as the bounds of a period filter, so a period is a range of day rows.
-- Attribution as on the statistics page: received/accepted/concluded to the
-- handling unit; at_fault to the unit at fault (subject_unit_id, else the
-- handling unit); apologies and sanctions to the unit on their row.
-- concluded_secs: seconds from receipt to conclusion, summed over `concluded`.
-- The "overdue now" figure is not here: it depends on the clock and is read
-- from the open cases (cases_open_due index), which do not grow with history.
CREATE TABLE case_stats_daily (
	unit_id        INTEGER NOT NULL REFERENCES units(id),
	day            TEXT NOT NULL,
	received       INTEGER NOT NULL DEFAULT 0,
	accepted       INTEGER NOT NULL DEFAULT 0,
	on_time        INTEGER NOT NULL DEFAULT 0,
	late           INTEGER NOT NULL DEFAULT 0,
	concluded      INTEGER NOT NULL DEFAULT 0,
	concluded_secs INTEGER NOT NULL DEFAULT 0,
	at_fault       INTEGER NOT NULL DEFAULT 0,
	apologies      INTEGER NOT NULL DEFAULT 0,
	sanctions      INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (unit_id, day)
);
CREATE INDEX case_stats_daily_day ON case_stats_daily(day);

-- Backfill from the rows already there.
INSERT INTO case_stats_daily(unit_id, day, received, accepted, on_time, late, concluded, concluded_secs, at_fault,
                             apologies, sanctions)
SELECT uid, day, sum(received), sum(accepted), sum(on_time), sum(late), sum(concluded), sum(secs), sum(at_fault),
       sum(apologies), sum(sanctions)
FROM (
	SELECT unit_id AS uid, strftime('%Y-%m-%dT%H:%M:%SZ', date(received_at, '+7 hours'), '-7 hours') AS day,
	       1 AS received, 0 AS accepted, 0 AS on_time, 0 AS late, 0 AS concluded, 0 AS secs, 0 AS at_fault,
	       0 AS apologies, 0 AS sanctions
	FROM cases WHERE received_at IS NOT NULL
	UNION ALL
	SELECT unit_id, strftime('%Y-%m-%dT%H:%M:%SZ', date(accepted_at, '+7 hours'), '-7 hours'),
	       0, 1, 0, 0, 0, 0, 0, 0, 0
	FROM cases WHERE accepted_at IS NOT NULL
	UNION ALL
	SELECT unit_id, strftime('%Y-%m-%dT%H:%M:%SZ', date(concluded_at, '+7 hours'), '-7 hours'),
	       0, 0, CASE WHEN late = 0 THEN 1 ELSE 0 END, CASE WHEN late <> 0 THEN 1 ELSE 0 END, 1,
	       CAST(round((julianday(concluded_at) - julianday(received_at)) * 86400) AS INTEGER), 0, 0, 0
	FROM cases WHERE concluded_at IS NOT NULL
	UNION ALL
	SELECT coalesce(subject_unit_id, unit_id), strftime('%Y-%m-%dT%H:%M:%SZ', date(concluded_at, '+7 hours'), '-7 hours'),
	       0, 0, 0, 0, 0, 0, 1, 0, 0
	FROM cases WHERE at_fault = 1 AND concluded_at IS NOT NULL
	UNION ALL
	SELECT unit_id, strftime('%Y-%m-%dT%H:%M:%SZ', date(published_at, '+7 hours'), '-7 hours'),
	       0, 0, 0, 0, 0, 0, 0, 1, 0
	FROM case_apologies
	UNION ALL
	SELECT unit_id, strftime('%Y-%m-%dT%H:%M:%SZ', date(decided_at, '+7 hours'), '-7 hours'),
	       0, 0, 0, 0, 0, 0, 0, 0, 1
	FROM official_sanctions
) x
WHERE 1
GROUP BY uid, day;

-- Kept in the write transaction: every insert, update or delete of a case, an
-- apology or a sanction takes the old row's contribution away and adds the new
-- one's, whoever writes (the case service, the deadline job, an import), in
-- the statement that writes the row. Updates that touch none of the counted
-- columns (the deadline marks, a note) do not fire.
CREATE TRIGGER cases_stats_insert AFTER INSERT ON cases BEGIN
INSERT INTO case_stats_daily(unit_id, day, received, accepted, on_time, late, concluded, concluded_secs, at_fault, apologies, sanctions)
 SELECT uid, day, sum(r), sum(a), sum(o), sum(l), sum(c), sum(s), sum(f), sum(ap), sum(sa) FROM (
  SELECT NEW.unit_id AS uid, strftime('%Y-%m-%dT%H:%M:%SZ', date(NEW.received_at, '+7 hours'), '-7 hours') AS day, 1 AS r, 0 AS a, 0 AS o, 0 AS l, 0 AS c, 0 AS s, 0 AS f, 0 AS ap, 0 AS sa WHERE NEW.received_at IS NOT NULL
  UNION ALL SELECT NEW.unit_id, strftime('%Y-%m-%dT%H:%M:%SZ', date(NEW.accepted_at, '+7 hours'), '-7 hours'), 0, 1, 0, 0, 0, 0, 0, 0, 0 WHERE NEW.accepted_at IS NOT NULL
  UNION ALL SELECT NEW.unit_id, strftime('%Y-%m-%dT%H:%M:%SZ', date(NEW.concluded_at, '+7 hours'), '-7 hours'), 0, 0, CASE WHEN NEW.late = 0 THEN 1 ELSE 0 END,
   CASE WHEN NEW.late <> 0 THEN 1 ELSE 0 END, 1,
   CAST(round((julianday(NEW.concluded_at) - julianday(NEW.received_at)) * 86400) AS INTEGER), 0, 0, 0
   WHERE NEW.concluded_at IS NOT NULL
  UNION ALL SELECT coalesce(NEW.subject_unit_id, NEW.unit_id), strftime('%Y-%m-%dT%H:%M:%SZ', date(NEW.concluded_at, '+7 hours'), '-7 hours'), 0, 0, 0, 0, 0, 0, 1, 0, 0
   WHERE NEW.at_fault = 1 AND NEW.concluded_at IS NOT NULL
 ) x WHERE 1 GROUP BY uid, day
 ON CONFLICT(unit_id, day) DO UPDATE SET
  received = received + excluded.received,
  accepted = accepted + excluded.accepted,
  on_time = on_time + excluded.on_time,
  late = late + excluded.late,
  concluded = concluded + excluded.concluded,
  concluded_secs = concluded_secs + excluded.concluded_secs,
  at_fault = at_fault + excluded.at_fault,
  apologies = apologies + excluded.apologies,
  sanctions = sanctions + excluded.sanctions;
END;

CREATE TRIGGER cases_stats_update AFTER UPDATE ON cases
WHEN OLD.unit_id IS NOT NEW.unit_id OR OLD.subject_unit_id IS NOT NEW.subject_unit_id OR OLD.received_at IS NOT NEW.received_at OR OLD.accepted_at IS NOT NEW.accepted_at OR OLD.concluded_at IS NOT NEW.concluded_at OR OLD.late IS NOT NEW.late OR OLD.at_fault IS NOT NEW.at_fault BEGIN
INSERT INTO case_stats_daily(unit_id, day, received, accepted, on_time, late, concluded, concluded_secs, at_fault, apologies, sanctions)
 SELECT uid, day, -sum(r), -sum(a), -sum(o), -sum(l), -sum(c), -sum(s), -sum(f), -sum(ap), -sum(sa) FROM (
  SELECT OLD.unit_id AS uid, strftime('%Y-%m-%dT%H:%M:%SZ', date(OLD.received_at, '+7 hours'), '-7 hours') AS day, 1 AS r, 0 AS a, 0 AS o, 0 AS l, 0 AS c, 0 AS s, 0 AS f, 0 AS ap, 0 AS sa WHERE OLD.received_at IS NOT NULL
  UNION ALL SELECT OLD.unit_id, strftime('%Y-%m-%dT%H:%M:%SZ', date(OLD.accepted_at, '+7 hours'), '-7 hours'), 0, 1, 0, 0, 0, 0, 0, 0, 0 WHERE OLD.accepted_at IS NOT NULL
  UNION ALL SELECT OLD.unit_id, strftime('%Y-%m-%dT%H:%M:%SZ', date(OLD.concluded_at, '+7 hours'), '-7 hours'), 0, 0, CASE WHEN OLD.late = 0 THEN 1 ELSE 0 END,
   CASE WHEN OLD.late <> 0 THEN 1 ELSE 0 END, 1,
   CAST(round((julianday(OLD.concluded_at) - julianday(OLD.received_at)) * 86400) AS INTEGER), 0, 0, 0
   WHERE OLD.concluded_at IS NOT NULL
  UNION ALL SELECT coalesce(OLD.subject_unit_id, OLD.unit_id), strftime('%Y-%m-%dT%H:%M:%SZ', date(OLD.concluded_at, '+7 hours'), '-7 hours'), 0, 0, 0, 0, 0, 0, 1, 0, 0
   WHERE OLD.at_fault = 1 AND OLD.concluded_at IS NOT NULL
 ) x WHERE 1 GROUP BY uid, day
 ON CONFLICT(unit_id, day) DO UPDATE SET
  received = received + excluded.received,
  accepted = accepted + excluded.accepted,
  on_time = on_time + excluded.on_time,
  late = late + excluded.late,
  concluded = concluded + excluded.concluded,
  concluded_secs = concluded_secs + excluded.concluded_secs,
  at_fault = at_fault + excluded.at_fault,
  apologies = apologies + excluded.apologies,
  sanctions = sanctions + excluded.sanctions;
INSERT INTO case_stats_daily(unit_id, day, received, accepted, on_time, late, concluded, concluded_secs, at_fault, apologies, sanctions)
 SELECT uid, day, sum(r), sum(a), sum(o), sum(l), sum(c), sum(s), sum(f), sum(ap), sum(sa) FROM (
  SELECT NEW.unit_id AS uid, strftime('%Y-%m-%dT%H:%M:%SZ', date(NEW.received_at, '+7 hours'), '-7 hours') AS day, 1 AS r, 0 AS a, 0 AS o, 0 AS l, 0 AS c, 0 AS s, 0 AS f, 0 AS ap, 0 AS sa WHERE NEW.received_at IS NOT NULL
  UNION ALL SELECT NEW.unit_id, strftime('%Y-%m-%dT%H:%M:%SZ', date(NEW.accepted_at, '+7 hours'), '-7 hours'), 0, 1, 0, 0, 0, 0, 0, 0, 0 WHERE NEW.accepted_at IS NOT NULL
  UNION ALL SELECT NEW.unit_id, strftime('%Y-%m-%dT%H:%M:%SZ', date(NEW.concluded_at, '+7 hours'), '-7 hours'), 0, 0, CASE WHEN NEW.late = 0 THEN 1 ELSE 0 END,
   CASE WHEN NEW.late <> 0 THEN 1 ELSE 0 END, 1,
   CAST(round((julianday(NEW.concluded_at) - julianday(NEW.received_at)) * 86400) AS INTEGER), 0, 0, 0
   WHERE NEW.concluded_at IS NOT NULL
  UNION ALL SELECT coalesce(NEW.subject_unit_id, NEW.unit_id), strftime('%Y-%m-%dT%H:%M:%SZ', date(NEW.concluded_at, '+7 hours'), '-7 hours'), 0, 0, 0, 0, 0, 0, 1, 0, 0
   WHERE NEW.at_fault = 1 AND NEW.concluded_at IS NOT NULL
 ) x WHERE 1 GROUP BY uid, day
 ON CONFLICT(unit_id, day) DO UPDATE SET
  received = received + excluded.received,
  accepted = accepted + excluded.accepted,
  on_time = on_time + excluded.on_time,
  late = late + excluded.late,
  concluded = concluded + excluded.concluded,
  concluded_secs = concluded_secs + excluded.concluded_secs,
  at_fault = at_fault + excluded.at_fault,
  apologies = apologies + excluded.apologies,
  sanctions = sanctions + excluded.sanctions;
END;

CREATE TRIGGER cases_stats_delete AFTER DELETE ON cases BEGIN
INSERT INTO case_stats_daily(unit_id, day, received, accepted, on_time, late, concluded, concluded_secs, at_fault, apologies, sanctions)
 SELECT uid, day, -sum(r), -sum(a), -sum(o), -sum(l), -sum(c), -sum(s), -sum(f), -sum(ap), -sum(sa) FROM (
  SELECT OLD.unit_id AS uid, strftime('%Y-%m-%dT%H:%M:%SZ', date(OLD.received_at, '+7 hours'), '-7 hours') AS day, 1 AS r, 0 AS a, 0 AS o, 0 AS l, 0 AS c, 0 AS s, 0 AS f, 0 AS ap, 0 AS sa WHERE OLD.received_at IS NOT NULL
  UNION ALL SELECT OLD.unit_id, strftime('%Y-%m-%dT%H:%M:%SZ', date(OLD.accepted_at, '+7 hours'), '-7 hours'), 0, 1, 0, 0, 0, 0, 0, 0, 0 WHERE OLD.accepted_at IS NOT NULL
  UNION ALL SELECT OLD.unit_id, strftime('%Y-%m-%dT%H:%M:%SZ', date(OLD.concluded_at, '+7 hours'), '-7 hours'), 0, 0, CASE WHEN OLD.late = 0 THEN 1 ELSE 0 END,
   CASE WHEN OLD.late <> 0 THEN 1 ELSE 0 END, 1,
   CAST(round((julianday(OLD.concluded_at) - julianday(OLD.received_at)) * 86400) AS INTEGER), 0, 0, 0
   WHERE OLD.concluded_at IS NOT NULL
  UNION ALL SELECT coalesce(OLD.subject_unit_id, OLD.unit_id), strftime('%Y-%m-%dT%H:%M:%SZ', date(OLD.concluded_at, '+7 hours'), '-7 hours'), 0, 0, 0, 0, 0, 0, 1, 0, 0
   WHERE OLD.at_fault = 1 AND OLD.concluded_at IS NOT NULL
 ) x WHERE 1 GROUP BY uid, day
 ON CONFLICT(unit_id, day) DO UPDATE SET
  received = received + excluded.received,
  accepted = accepted + excluded.accepted,
  on_time = on_time + excluded.on_time,
  late = late + excluded.late,
  concluded = concluded + excluded.concluded,
  concluded_secs = concluded_secs + excluded.concluded_secs,
  at_fault = at_fault + excluded.at_fault,
  apologies = apologies + excluded.apologies,
  sanctions = sanctions + excluded.sanctions;
END;

CREATE TRIGGER case_apologies_stats_insert AFTER INSERT ON case_apologies BEGIN
INSERT INTO case_stats_daily(unit_id, day, received, accepted, on_time, late, concluded, concluded_secs, at_fault, apologies, sanctions)
 SELECT uid, day, sum(r), sum(a), sum(o), sum(l), sum(c), sum(s), sum(f), sum(ap), sum(sa) FROM (
  SELECT NEW.unit_id AS uid, strftime('%Y-%m-%dT%H:%M:%SZ', date(NEW.published_at, '+7 hours'), '-7 hours') AS day, 0 AS r, 0 AS a, 0 AS o, 0 AS l, 0 AS c, 0 AS s, 0 AS f, 1 AS ap, 0 AS sa
 ) x WHERE 1 GROUP BY uid, day
 ON CONFLICT(unit_id, day) DO UPDATE SET
  received = received + excluded.received,
  accepted = accepted + excluded.accepted,
  on_time = on_time + excluded.on_time,
  late = late + excluded.late,
  concluded = concluded + excluded.concluded,
  concluded_secs = concluded_secs + excluded.concluded_secs,
  at_fault = at_fault + excluded.at_fault,
  apologies = apologies + excluded.apologies,
  sanctions = sanctions + excluded.sanctions;
END;

CREATE TRIGGER case_apologies_stats_update AFTER UPDATE ON case_apologies
WHEN OLD.unit_id IS NOT NEW.unit_id OR OLD.published_at IS NOT NEW.published_at BEGIN
INSERT INTO case_stats_daily(unit_id, day, received, accepted, on_time, late, concluded, concluded_secs, at_fault, apologies, sanctions)
 SELECT uid, day, -sum(r), -sum(a), -sum(o), -sum(l), -sum(c), -sum(s), -sum(f), -sum(ap), -sum(sa) FROM (
  SELECT OLD.unit_id AS uid, strftime('%Y-%m-%dT%H:%M:%SZ', date(OLD.published_at, '+7 hours'), '-7 hours') AS day, 0 AS r, 0 AS a, 0 AS o, 0 AS l, 0 AS c, 0 AS s, 0 AS f, 1 AS ap, 0 AS sa
 ) x WHERE 1 GROUP BY uid, day
 ON CONFLICT(unit_id, day) DO UPDATE SET
  received = received + excluded.received,
  accepted = accepted + excluded.accepted,
  on_time = on_time + excluded.on_time,
  late = late + excluded.late,
  concluded = concluded + excluded.concluded,
  concluded_secs = concluded_secs + excluded.concluded_secs,
  at_fault = at_fault + excluded.at_fault,
  apologies = apologies + excluded.apologies,
  sanctions = sanctions + excluded.sanctions;
INSERT INTO case_stats_daily(unit_id, day, received, accepted, on_time, late, concluded, concluded_secs, at_fault, apologies, sanctions)
 SELECT uid, day, sum(r), sum(a), sum(o), sum(l), sum(c), sum(s), sum(f), sum(ap), sum(sa) FROM (
  SELECT NEW.unit_id AS uid, strftime('%Y-%m-%dT%H:%M:%SZ', date(NEW.published_at, '+7 hours'), '-7 hours') AS day, 0 AS r, 0 AS a, 0 AS o, 0 AS l, 0 AS c, 0 AS s, 0 AS f, 1 AS ap, 0 AS sa
 ) x WHERE 1 GROUP BY uid, day
 ON CONFLICT(unit_id, day) DO UPDATE SET
  received = received + excluded.received,
  accepted = accepted + excluded.accepted,
  on_time = on_time + excluded.on_time,
  late = late + excluded.late,
  concluded = concluded + excluded.concluded,
  concluded_secs = concluded_secs + excluded.concluded_secs,
  at_fault = at_fault + excluded.at_fault,
  apologies = apologies + excluded.apologies,
  sanctions = sanctions + excluded.sanctions;
END;

CREATE TRIGGER case_apologies_stats_delete AFTER DELETE ON case_apologies BEGIN
INSERT INTO case_stats_daily(unit_id, day, received, accepted, on_time, late, concluded, concluded_secs, at_fault, apologies, sanctions)
 SELECT uid, day, -sum(r), -sum(a), -sum(o), -sum(l), -sum(c), -sum(s), -sum(f), -sum(ap), -sum(sa) FROM (
  SELECT OLD.unit_id AS uid, strftime('%Y-%m-%dT%H:%M:%SZ', date(OLD.published_at, '+7 hours'), '-7 hours') AS day, 0 AS r, 0 AS a, 0 AS o, 0 AS l, 0 AS c, 0 AS s, 0 AS f, 1 AS ap, 0 AS sa
 ) x WHERE 1 GROUP BY uid, day
 ON CONFLICT(unit_id, day) DO UPDATE SET
  received = received + excluded.received,
  accepted = accepted + excluded.accepted,
  on_time = on_time + excluded.on_time,
  late = late + excluded.late,
  concluded = concluded + excluded.concluded,
  concluded_secs = concluded_secs + excluded.concluded_secs,
  at_fault = at_fault + excluded.at_fault,
  apologies = apologies + excluded.apologies,
  sanctions = sanctions + excluded.sanctions;
END;

CREATE TRIGGER official_sanctions_stats_insert AFTER INSERT ON official_sanctions BEGIN
INSERT INTO case_stats_daily(unit_id, day, received, accepted, on_time, late, concluded, concluded_secs, at_fault, apologies, sanctions)
 SELECT uid, day, sum(r), sum(a), sum(o), sum(l), sum(c), sum(s), sum(f), sum(ap), sum(sa) FROM (
  SELECT NEW.unit_id AS uid, strftime('%Y-%m-%dT%H:%M:%SZ', date(NEW.decided_at, '+7 hours'), '-7 hours') AS day, 0 AS r, 0 AS a, 0 AS o, 0 AS l, 0 AS c, 0 AS s, 0 AS f, 0 AS ap, 1 AS sa
 ) x WHERE 1 GROUP BY uid, day
 ON CONFLICT(unit_id, day) DO UPDATE SET
  received = received + excluded.received,
  accepted = accepted + excluded.accepted,
  on_time = on_time + excluded.on_time,
  late = late + excluded.late,
  concluded = concluded + excluded.concluded,
  concluded_secs = concluded_secs + excluded.concluded_secs,
  at_fault = at_fault + excluded.at_fault,
  apologies = apologies + excluded.apologies,
  sanctions = sanctions + excluded.sanctions;
END;

CREATE TRIGGER official_sanctions_stats_update AFTER UPDATE ON official_sanctions
WHEN OLD.unit_id IS NOT NEW.unit_id OR OLD.decided_at IS NOT NEW.decided_at BEGIN
INSERT INTO case_stats_daily(unit_id, day, received, accepted, on_time, late, concluded, concluded_secs, at_fault, apologies, sanctions)
 SELECT uid, day, -sum(r), -sum(a), -sum(o), -sum(l), -sum(c), -sum(s), -sum(f), -sum(ap), -sum(sa) FROM (
  SELECT OLD.unit_id AS uid, strftime('%Y-%m-%dT%H:%M:%SZ', date(OLD.decided_at, '+7 hours'), '-7 hours') AS day, 0 AS r, 0 AS a, 0 AS o, 0 AS l, 0 AS c, 0 AS s, 0 AS f, 0 AS ap, 1 AS sa
 ) x WHERE 1 GROUP BY uid, day
 ON CONFLICT(unit_id, day) DO UPDATE SET
  received = received + excluded.received,
  accepted = accepted + excluded.accepted,
  on_time = on_time + excluded.on_time,
  late = late + excluded.late,
  concluded = concluded + excluded.concluded,
  concluded_secs = concluded_secs + excluded.concluded_secs,
  at_fault = at_fault + excluded.at_fault,
  apologies = apologies + excluded.apologies,
  sanctions = sanctions + excluded.sanctions;
INSERT INTO case_stats_daily(unit_id, day, received, accepted, on_time, late, concluded, concluded_secs, at_fault, apologies, sanctions)
 SELECT uid, day, sum(r), sum(a), sum(o), sum(l), sum(c), sum(s), sum(f), sum(ap), sum(sa) FROM (
  SELECT NEW.unit_id AS uid, strftime('%Y-%m-%dT%H:%M:%SZ', date(NEW.decided_at, '+7 hours'), '-7 hours') AS day, 0 AS r, 0 AS a, 0 AS o, 0 AS l, 0 AS c, 0 AS s, 0 AS f, 0 AS ap, 1 AS sa
 ) x WHERE 1 GROUP BY uid, day
 ON CONFLICT(unit_id, day) DO UPDATE SET
  received = received + excluded.received,
  accepted = accepted + excluded.accepted,
  on_time = on_time + excluded.on_time,
  late = late + excluded.late,
  concluded = concluded + excluded.concluded,
  concluded_secs = concluded_secs + excluded.concluded_secs,
  at_fault = at_fault + excluded.at_fault,
  apologies = apologies + excluded.apologies,
  sanctions = sanctions + excluded.sanctions;
END;

CREATE TRIGGER official_sanctions_stats_delete AFTER DELETE ON official_sanctions BEGIN
INSERT INTO case_stats_daily(unit_id, day, received, accepted, on_time, late, concluded, concluded_secs, at_fault, apologies, sanctions)
 SELECT uid, day, -sum(r), -sum(a), -sum(o), -sum(l), -sum(c), -sum(s), -sum(f), -sum(ap), -sum(sa) FROM (
  SELECT OLD.unit_id AS uid, strftime('%Y-%m-%dT%H:%M:%SZ', date(OLD.decided_at, '+7 hours'), '-7 hours') AS day, 0 AS r, 0 AS a, 0 AS o, 0 AS l, 0 AS c, 0 AS s, 0 AS f, 0 AS ap, 1 AS sa
 ) x WHERE 1 GROUP BY uid, day
 ON CONFLICT(unit_id, day) DO UPDATE SET
  received = received + excluded.received,
  accepted = accepted + excluded.accepted,
  on_time = on_time + excluded.on_time,
  late = late + excluded.late,
  concluded = concluded + excluded.concluded,
  concluded_secs = concluded_secs + excluded.concluded_secs,
  at_fault = at_fault + excluded.at_fault,
  apologies = apologies + excluded.apologies,
  sanctions = sanctions + excluded.sanctions;
END;
