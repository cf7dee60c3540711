-- 0046_case_stats_trend.sql — the statistics' 12-month trend read as 12 rows.
--
-- /results/stats draws the reports received, concluded and concluded on time
-- per month for a scope: the whole province (scope_id 0) or a unit with every
-- unit below it. Summing case_stats_monthly over the scope's units read up to
-- (units) x (months) rows, more as the history filled the window; this table
-- holds each month's sum per scope, kept by triggers on case_stats_monthly in
-- the same transaction (fanned out over unit_closure, like src/agg), so the
-- trend is one range of at most 12 rows whatever the history and the scope.
CREATE TABLE case_stats_trend (
	scope_id  INTEGER NOT NULL,               -- 0: every unit; else a unit and its subtree
	month     TEXT NOT NULL,
	received  INTEGER NOT NULL DEFAULT 0,
	concluded INTEGER NOT NULL DEFAULT 0,
	on_time   INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (scope_id, month)
) WITHOUT ROWID;

-- What a case_stats_monthly row adds to (sign 1) or takes from (-1) every scope it
-- is in: its unit's ancestors (with itself) and the province.
INSERT INTO case_stats_trend(scope_id, month, received, concluded, on_time)
SELECT c.ancestor_id, m.month, sum(m.received), sum(m.concluded), sum(m.on_time)
 FROM case_stats_monthly m JOIN unit_closure c ON c.unit_id = m.unit_id
 WHERE m.received <> 0 OR m.concluded <> 0 OR m.on_time <> 0 GROUP BY 1, 2;
INSERT INTO case_stats_trend(scope_id, month, received, concluded, on_time)
SELECT 0, month, sum(received), sum(concluded), sum(on_time) FROM case_stats_monthly
 WHERE received <> 0 OR concluded <> 0 OR on_time <> 0 GROUP BY 2;

CREATE TRIGGER case_stats_trend_insert AFTER INSERT ON case_stats_monthly
WHEN NEW.received <> 0 OR NEW.concluded <> 0 OR NEW.on_time <> 0
BEGIN
INSERT INTO case_stats_trend(scope_id, month, received, concluded, on_time)
 SELECT * FROM (SELECT ancestor_id, NEW.month, NEW.received, NEW.concluded, NEW.on_time FROM unit_closure
  WHERE unit_id = NEW.unit_id UNION ALL SELECT 0, NEW.month, NEW.received, NEW.concluded, NEW.on_time) WHERE true
 ON CONFLICT(scope_id, month) DO UPDATE SET received = received + excluded.received,
  concluded = concluded + excluded.concluded, on_time = on_time + excluded.on_time;
END;

CREATE TRIGGER case_stats_trend_update AFTER UPDATE ON case_stats_monthly
WHEN NEW.received <> OLD.received OR NEW.concluded <> OLD.concluded OR NEW.on_time <> OLD.on_time
  OR NEW.unit_id <> OLD.unit_id OR NEW.month <> OLD.month
BEGIN
INSERT INTO case_stats_trend(scope_id, month, received, concluded, on_time)
 SELECT * FROM (SELECT ancestor_id, OLD.month, -OLD.received, -OLD.concluded, -OLD.on_time FROM unit_closure
  WHERE unit_id = OLD.unit_id UNION ALL SELECT 0, OLD.month, -OLD.received, -OLD.concluded, -OLD.on_time) WHERE true
 ON CONFLICT(scope_id, month) DO UPDATE SET received = received + excluded.received,
  concluded = concluded + excluded.concluded, on_time = on_time + excluded.on_time;
INSERT INTO case_stats_trend(scope_id, month, received, concluded, on_time)
 SELECT * FROM (SELECT ancestor_id, NEW.month, NEW.received, NEW.concluded, NEW.on_time FROM unit_closure
  WHERE unit_id = NEW.unit_id UNION ALL SELECT 0, NEW.month, NEW.received, NEW.concluded, NEW.on_time) WHERE true
 ON CONFLICT(scope_id, month) DO UPDATE SET received = received + excluded.received,
  concluded = concluded + excluded.concluded, on_time = on_time + excluded.on_time;
END;

CREATE TRIGGER case_stats_trend_delete AFTER DELETE ON case_stats_monthly
WHEN OLD.received <> 0 OR OLD.concluded <> 0 OR OLD.on_time <> 0
BEGIN
INSERT INTO case_stats_trend(scope_id, month, received, concluded, on_time)
 SELECT * FROM (SELECT ancestor_id, OLD.month, -OLD.received, -OLD.concluded, -OLD.on_time FROM unit_closure
  WHERE unit_id = OLD.unit_id UNION ALL SELECT 0, OLD.month, -OLD.received, -OLD.concluded, -OLD.on_time) WHERE true
 ON CONFLICT(scope_id, month) DO UPDATE SET received = received + excluded.received,
  concluded = concluded + excluded.concluded, on_time = on_time + excluded.on_time;
END;

-- A unit moved in the tree (no command does it today): every scope again, from
-- the tree itself (unit_closure is being rebuilt by its own trigger).
CREATE TRIGGER case_stats_trend_move AFTER UPDATE OF parent_id ON units WHEN OLD.parent_id IS NOT NEW.parent_id BEGIN
DELETE FROM case_stats_trend;
INSERT INTO case_stats_trend(scope_id, month, received, concluded, on_time)
 WITH RECURSIVE up(unit_id, ancestor_id) AS (
	SELECT id, id FROM units
	UNION SELECT up.unit_id, u.parent_id FROM up JOIN units u ON u.id = up.ancestor_id WHERE u.parent_id IS NOT NULL)
 SELECT up.ancestor_id, m.month, sum(m.received), sum(m.concluded), sum(m.on_time)
 FROM case_stats_monthly m JOIN up ON up.unit_id = m.unit_id
 WHERE m.received <> 0 OR m.concluded <> 0 OR m.on_time <> 0 GROUP BY 1, 2;
INSERT INTO case_stats_trend(scope_id, month, received, concluded, on_time)
 SELECT 0, month, sum(received), sum(concluded), sum(on_time) FROM case_stats_monthly
 WHERE received <> 0 OR concluded <> 0 OR on_time <> 0 GROUP BY 2;
END;
