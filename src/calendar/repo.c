/* repo.c — the SQL of holidays and rule sets. */
#include <stdio.h>
#include <string.h>

#include "calendar/repo.h"

/* Copies a column into a fixed field; false when it does not fit. */
static bool copy(char *dst, size_t n, const char *src)
{
	return (size_t)snprintf(dst, n, "%s", src) < n;
}

#define RULE_COLS \
	"id, code, effective_from, coalesce(effective_to, ''), supplement_limit, extension_limit," \
	" apology_lead_working_days, afternoon_cutoff, work_morning, work_afternoon, at_risk_working_hours, citation"

static int read_rule_set(db *d, sqlite3_stmt *st, rule_set *rs, err *e)
{
	int rc = sqlite3_step(st);
	if (rc == SQLITE_DONE) return 0;
	if (rc != SQLITE_ROW) return db_fail(d, e);
	memset(rs, 0, sizeof *rs);
	rs->id = sqlite3_column_int64(st, 0);
	bool ok = copy(rs->code, sizeof rs->code, db_text(st, 1)) &&
	          copy(rs->effective_from, sizeof rs->effective_from, db_text(st, 2)) &&
	          copy(rs->effective_to, sizeof rs->effective_to, db_text(st, 3)) &&
	          copy(rs->work_morning, sizeof rs->work_morning, db_text(st, 8)) &&
	          copy(rs->work_afternoon, sizeof rs->work_afternoon, db_text(st, 9)) &&
	          copy(rs->citation, sizeof rs->citation, db_text(st, 11));
	rs->supplement_limit = sqlite3_column_int(st, 4);
	rs->extension_limit = sqlite3_column_int(st, 5);
	rs->apology_lead_working_days = sqlite3_column_int(st, 6);
	rs->cutoff_min = sqlite3_column_type(st, 7) == SQLITE_NULL ? -1 : cal_parse_hm(db_text(st, 7));
	if (sqlite3_column_type(st, 7) != SQLITE_NULL && rs->cutoff_min < 0) ok = false;
	rs->at_risk_working_hours = sqlite3_column_int(st, 10);
	sqlite3_reset(st);
	if (!ok)
		return err_set(e, MB_EINTERNAL, "bad_rule_set", NULL, "Bộ quy định trong cơ sở dữ liệu sai định dạng.",
		               "a rule set in the database is malformed");
	return 1;
}

int calendar_repo_rule_set_on(db *d, const char *date, rule_set *out, err *e)
{
	sqlite3_stmt *st = db_stmt(d, "SELECT " RULE_COLS " FROM rule_sets WHERE effective_from <= ?1"
	                              " AND (effective_to IS NULL OR effective_to >= ?1)"
	                              " ORDER BY effective_from DESC, id DESC LIMIT 1", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_text(st, 1, date, -1, SQLITE_STATIC);
	return read_rule_set(d, st, out, e);
}

int calendar_repo_rule_set_by_id(db *d, int64_t id, rule_set *out, err *e)
{
	sqlite3_stmt *st = db_stmt(d, "SELECT " RULE_COLS " FROM rule_sets WHERE id = ?", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_int64(st, 1, id);
	return read_rule_set(d, st, out, e);
}

#define HOLIDAY_COLS "day, kind, name_vi, name_en, status, updated_at, updated_by_role"

static void read_holiday(sqlite3_stmt *st, arena *a, holiday *h)
{
	h->date = arena_strdup(a, db_text(st, 0));
	h->kind = arena_strdup(a, db_text(st, 1));
	h->name_vi = arena_strdup(a, db_text(st, 2));
	h->name_en = arena_strdup(a, db_text(st, 3));
	h->status = arena_strdup(a, db_text(st, 4));
	h->updated_at = sqlite3_column_type(st, 5) == SQLITE_NULL ? NULL : arena_strdup(a, db_text(st, 5));
	h->updated_by_role = sqlite3_column_type(st, 6) == SQLITE_NULL ? NULL : arena_strdup(a, db_text(st, 6));
}

int calendar_repo_holiday_count(db *d, int64_t *n, err *e)
{
	sqlite3_stmt *st = db_stmt(d, "SELECT count(*) FROM holidays", e);
	if (!st) return MB_EINTERNAL;
	if (sqlite3_step(st) != SQLITE_ROW) return db_fail(d, e);
	*n = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return 0;
}

int calendar_repo_holiday_get(db *d, const char *date, arena *a, holiday *out, err *e)
{
	sqlite3_stmt *st = db_stmt(d, "SELECT " HOLIDAY_COLS " FROM holidays WHERE day = ?", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_text(st, 1, date, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_DONE) return 0;
	if (rc != SQLITE_ROW) return db_fail(d, e);
	read_holiday(st, a, out);
	sqlite3_reset(st);
	return 1;
}

int calendar_repo_holidays(db *d, int year, arena *a, holiday **out, int *n, err *e)
{
	/* Dates are YYYY-MM-DD text, so a year is a range of strings. */
	sqlite3_stmt *st = db_stmt(d, "SELECT " HOLIDAY_COLS " FROM holidays WHERE day >= ? AND day < ? ORDER BY day", e);
	if (!st) return MB_EINTERNAL;
	char lo[24] = "0000", hi[24] = "99999";
	if (year) {
		snprintf(lo, sizeof lo, "%04d-01-01", year);
		snprintf(hi, sizeof hi, "%04d-01-01", year + 1);
	}
	sqlite3_bind_text(st, 1, lo, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, hi, -1, SQLITE_TRANSIENT);
	int cap = 0, rc;
	holiday *rows = NULL;
	*n = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		read_holiday(st, a, arena_push(a, &rows, n, &cap, sizeof *rows));
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) return db_fail(d, e);
	*out = rows;
	return 0;
}

static void bind_row(sqlite3_stmt *st, const holiday *h)
{
	sqlite3_bind_text(st, 1, h->date, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, h->kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, h->name_vi, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, h->name_en, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, h->status, -1, SQLITE_STATIC);
}

int calendar_repo_holiday_insert(db *d, const holiday *h, err *e)
{
	sqlite3_stmt *st = db_stmt(d, "INSERT INTO holidays(day, kind, name_vi, name_en, status)"
	                              " VALUES (?, ?, ?, ?, ?)", e);
	if (!st) return MB_EINTERNAL;
	bind_row(st, h);
	return db_done(d, st, e);
}

int calendar_repo_holiday_upsert(db *d, const holiday *h, const char *at, const char *role, err *e)
{
	sqlite3_stmt *st = db_stmt(d,
		"INSERT INTO holidays(day, kind, name_vi, name_en, status, updated_at, updated_by_role)"
		" VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(day) DO UPDATE SET kind = excluded.kind,"
		" name_vi = excluded.name_vi, name_en = excluded.name_en, status = excluded.status,"
		" updated_at = excluded.updated_at, updated_by_role = excluded.updated_by_role", e);
	if (!st) return MB_EINTERNAL;
	bind_row(st, h);
	sqlite3_bind_text(st, 6, at, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, role, -1, SQLITE_STATIC);
	return db_done(d, st, e);
}

int calendar_repo_holiday_delete(db *d, const char *date, err *e)
{
	sqlite3_stmt *st = db_stmt(d, "DELETE FROM holidays WHERE day = ?", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_text(st, 1, date, -1, SQLITE_STATIC);
	return db_done(d, st, e);
}

int calendar_repo_holiday_set_status(db *d, const char *date, const char *status, const char *at,
                                     const char *role, err *e)
{
	sqlite3_stmt *st = db_stmt(d, "UPDATE holidays SET status = ?, updated_at = ?, updated_by_role = ?"
	                              " WHERE day = ?", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_text(st, 1, status, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, at, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, role, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, date, -1, SQLITE_STATIC);
	return db_done(d, st, e);
}
