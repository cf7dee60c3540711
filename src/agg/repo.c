/* repo.c — the SQL of the aggregates. Static statement text (db_stmt caches
 * statements by pointer), in the SQL that SQLite and PostgreSQL share. */
#include <string.h>

#include "agg/repo.h"

static const char sql_add[] =
	"INSERT INTO agg_counts(unit_id, official_id, bucket, metric, n) VALUES (?1, ?2, ?3, ?4, ?5)"
	" ON CONFLICT(unit_id, official_id, bucket, metric) DO UPDATE SET n = n + excluded.n";

/* The same delta for the unit and every unit above it, in one statement. */
static const char sql_add_up[] =
	"INSERT INTO agg_counts(unit_id, official_id, bucket, metric, n)"
	" SELECT ancestor_id, 0, ?2, ?3, ?4 FROM unit_closure WHERE unit_id = ?1"
	" ON CONFLICT(unit_id, official_id, bucket, metric) DO UPDATE SET n = n + excluded.n";

int agg_repo_add_up(db *d, int64_t unit_id, int64_t bucket, const char *metric, int64_t delta, err *e)
{
	sqlite3_stmt *st = db_stmt(d, sql_add_up, e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_int64(st, 1, unit_id);
	sqlite3_bind_int64(st, 2, bucket);
	sqlite3_bind_text(st, 3, metric, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, delta);
	return db_done(d, st, e);
}

int agg_repo_add(db *d, int64_t unit_id, int64_t official_id, int64_t bucket, const char *metric, int64_t delta,
                 err *e)
{
	sqlite3_stmt *st = db_stmt(d, sql_add, e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_int64(st, 1, unit_id);
	sqlite3_bind_int64(st, 2, official_id);
	sqlite3_bind_int64(st, 3, bucket);
	sqlite3_bind_text(st, 4, metric, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 5, delta);
	return db_done(d, st, e);
}

static const char sql_item_add[] =
	"INSERT INTO agg_items(unit_id, metric, day, item)"
	" SELECT ancestor_id, ?2, ?3, ?4 FROM unit_closure WHERE unit_id = ?1 ON CONFLICT DO NOTHING";
static const char sql_item_del[] =
	"DELETE FROM agg_items WHERE unit_id IN (SELECT ancestor_id FROM unit_closure WHERE unit_id = ?1)"
	" AND metric = ?2 AND day = ?3 AND item = ?4";

int agg_repo_item(db *d, int64_t unit_id, const char *metric, int32_t day, int64_t item, bool add, err *e)
{
	sqlite3_stmt *st = db_stmt(d, add ? sql_item_add : sql_item_del, e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_int64(st, 1, unit_id);
	sqlite3_bind_text(st, 2, metric, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 3, day);
	sqlite3_bind_int64(st, 4, item);
	return db_done(d, st, e);
}

int agg_repo_clear(db *d, err *e)
{
	return db_exec(d, "DELETE FROM agg_counts; DELETE FROM agg_items;", e);
}

static void total_add(agg_total *out, int max, int *n, const char *metric, int64_t v)
{
	for (int i = 0; i < *n; i++)
		if (!strcmp(out[i].metric, metric)) { out[i].n += v; return; }
	if (*n >= max || strlen(metric) >= AGG_METRIC_MAX) return;
	memcpy(out[*n].metric, metric, strlen(metric) + 1);
	out[*n].n = v;
	(*n)++;
}

static const char sql_sum[] =
	"SELECT metric, sum(n) FROM agg_counts WHERE unit_id = ?1 AND official_id = ?2 AND bucket BETWEEN ?3 AND ?4"
	" GROUP BY metric";

int agg_repo_sum_range(db *d, int64_t unit_id, int64_t official_id, int64_t lo, int64_t hi, agg_total *out,
                       int max, int *n, err *e)
{
	sqlite3_stmt *st = db_stmt(d, sql_sum, e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_int64(st, 1, unit_id);
	sqlite3_bind_int64(st, 2, official_id);
	sqlite3_bind_int64(st, 3, lo);
	sqlite3_bind_int64(st, 4, hi);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) total_add(out, max, n, db_text(st, 0), sqlite3_column_int64(st, 1));
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : db_fail(d, e);
}

static const char sql_sum_all[] =
	"SELECT unit_id, metric, sum(n) FROM agg_counts WHERE official_id = 0 AND bucket BETWEEN ?1 AND ?2"
	" GROUP BY unit_id, metric";

int agg_repo_sum_all_range(db *d, int64_t lo, int64_t hi,
                           void (*each)(void *arg, int64_t unit_id, const char *metric, int64_t n), void *arg, err *e)
{
	sqlite3_stmt *st = db_stmt(d, sql_sum_all, e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_int64(st, 1, lo);
	sqlite3_bind_int64(st, 2, hi);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if (sqlite3_column_int64(st, 2)) each(arg, sqlite3_column_int64(st, 0), db_text(st, 1), sqlite3_column_int64(st, 2));
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : db_fail(d, e);
}

static const char sql_items[] =
	"SELECT day, item FROM agg_items WHERE unit_id = ?1 AND metric = ?2 AND day BETWEEN ?3 AND ?4"
	" AND (day, item) > (?5, ?6) ORDER BY day, item LIMIT ?7";

int agg_repo_items(db *d, int64_t unit_id, const char *metric, int32_t from, int32_t to, int32_t after_day,
                   int64_t after_item, int limit, agg_item *out, int *n, err *e)
{
	sqlite3_stmt *st = db_stmt(d, sql_items, e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_int64(st, 1, unit_id);
	sqlite3_bind_text(st, 2, metric, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 3, from);
	sqlite3_bind_int(st, 4, to);
	sqlite3_bind_int(st, 5, after_day);
	sqlite3_bind_int64(st, 6, after_item);
	sqlite3_bind_int(st, 7, limit);
	int rc;
	*n = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && *n < limit) {
		out[*n].day = sqlite3_column_int(st, 0);
		out[*n].item = sqlite3_column_int64(st, 1);
		(*n)++;
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 : db_fail(d, e);
}
