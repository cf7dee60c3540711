/* repo.c — the SQL of desks and officials' desks. */
#include <string.h>

#include "officials/repo.h"



static void desk_read(sqlite3_stmt *st, arena *a, official_desk *o)
{
	o->id = sqlite3_column_int64(st, 0);
	o->unit_id = sqlite3_column_int64(st, 1);
	o->unit_code = arena_strdup(a, db_text(st, 2));
	o->name_vi = arena_strdup(a, db_text(st, 3));
	o->name_en = arena_strdup(a, db_text(st, 4));
}

static int desks(db *d, sqlite3_stmt *st, arena *a, official_desk **out, int *n, err *e)
{
	int cap = 0, rc;
	*out = NULL;
	*n = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		official_desk *x = arena_push(a, (void **)out, n, &cap, sizeof **out);
		desk_read(st, a, x);
	}
	int f = rc == SQLITE_DONE ? 0 : db_fail(d, e);
	sqlite3_reset(st);
	return f;
}

int officials_repo_desks_of_unit(db *d, int64_t unit_id, arena *a, official_desk **out, int *n, err *e)
{
	sqlite3_stmt *st = db_stmt(d, "SELECT d.id, d.unit_id, u.code, d.name_vi, d.name_en FROM desks d"
	                              " JOIN units u ON u.id = d.unit_id WHERE d.unit_id = ? ORDER BY d.name_vi LIMIT 200", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_int64(st, 1, unit_id);
	return desks(d, st, a, out, n, e);
}

int officials_repo_desks_of(db *d, int64_t account_id, arena *a, official_desk **out, int *n, err *e)
{
	sqlite3_stmt *st = db_stmt(d, "SELECT d.id, d.unit_id, u.code, d.name_vi, d.name_en FROM official_desks o"
	                              " JOIN desks d ON d.id = o.desk_id JOIN units u ON u.id = d.unit_id"
	                              " WHERE o.account_id = ? ORDER BY d.name_vi LIMIT 200", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_int64(st, 1, account_id);
	return desks(d, st, a, out, n, e);
}

int officials_repo_desk_get(db *d, int64_t id, arena *a, official_desk *out, err *e)
{
	sqlite3_stmt *st = db_stmt(d, "SELECT d.id, d.unit_id, u.code, d.name_vi, d.name_en FROM desks d"
	                              " JOIN units u ON u.id = d.unit_id WHERE d.id = ?", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_int64(st, 1, id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) desk_read(st, a, out);
	int f = rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : db_fail(d, e);
	sqlite3_reset(st);
	return f;
}

int officials_repo_desk_insert(db *d, int64_t unit_id, const char *name_vi, const char *name_en, int64_t at, int64_t *id,
                               err *e)
{
	sqlite3_stmt *st = db_stmt(d, "INSERT INTO desks(unit_id, name_vi, name_en, created_at) VALUES (?, ?, ?, ?)"
	                              " ON CONFLICT(unit_id, name_vi) DO NOTHING", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_int64(st, 1, unit_id);
	sqlite3_bind_text(st, 2, name_vi, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, name_en ? name_en : "", -1, SQLITE_STATIC);
	db_bind_time(st, 4, at);
	int rc = db_done(d, st, e);
	if (rc) return rc;
	if (sqlite3_changes(db_handle(d)) == 0)
		return err_set(e, MB_ECONFLICT, "conflict", "name_vi", "Đơn vị đã có quầy mang tên này.",
		               "the unit already has a desk of this name");
	*id = sqlite3_last_insert_rowid(db_handle(d));
	return 0;
}

int officials_repo_desks_set(db *d, int64_t account_id, const int64_t *ids, int n, err *e)
{
	sqlite3_stmt *st = db_stmt(d, "DELETE FROM official_desks WHERE account_id = ?", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_int64(st, 1, account_id);
	int rc = db_done(d, st, e);
	for (int i = 0; !rc && i < n; i++) {
		st = db_stmt(d, "INSERT INTO official_desks(account_id, desk_id) VALUES (?, ?) ON CONFLICT DO NOTHING", e);
		if (!st) return MB_EINTERNAL;
		sqlite3_bind_int64(st, 1, account_id);
		sqlite3_bind_int64(st, 2, ids[i]);
		rc = db_done(d, st, e);
	}
	return rc;
}

int officials_repo_profile(db *d, int64_t account_id, arena *a, official_profile *out, err *e)
{
	out->position = out->unit_name_vi = out->unit_name_en = "";
	sqlite3_stmt *st = db_stmt(d, "SELECT a.title, u.name_vi, u.name_en FROM accounts a JOIN units u ON u.id = a.unit_id"
	                              " WHERE a.id = ?", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_int64(st, 1, account_id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		out->position = arena_strdup(a, db_text(st, 0));
		out->unit_name_vi = arena_strdup(a, db_text(st, 1));
		out->unit_name_en = arena_strdup(a, db_text(st, 2));
	}
	int f = rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : db_fail(d, e);
	sqlite3_reset(st);
	return f;
}
