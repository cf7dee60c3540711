/* repo.c — the SQL of units. */
#include <string.h>

#include "units/repo.h"

#define UNIT_COLS \
	"u.id, u.code, coalesce(p.code, ''), u.kind, u.name_vi, u.name_en, u.head_name, u.head_title," \
	" u.phone, u.email, u.hotline, u.address, u.reception_schedule, u.reception_place," \
	" u.contacts_demo, u.updated_at, u.updated_by_role, u.version, coalesce(u.parent_id, 0)"

static void read_row(sqlite3_stmt *st, arena *a, units_row *u)
{
	memset(u, 0, sizeof *u);
	u->id = sqlite3_column_int64(st, 0);
	u->code = arena_strdup(a, db_text(st, 1));
	u->parent_code = arena_strdup(a, db_text(st, 2));
	u->kind = arena_strdup(a, db_text(st, 3));
	u->name_vi = arena_strdup(a, db_text(st, 4));
	u->name_en = arena_strdup(a, db_text(st, 5));
	for (int f = 0; f < UF__MAX; f++) u->v[f] = arena_strdup(a, db_text(st, 6 + f));
	u->contacts_demo = sqlite3_column_int(st, 14) != 0;
	u->updated_at = sqlite3_column_type(st, 15) == SQLITE_NULL ? NULL : arena_strdup(a, db_text(st, 15));
	u->updated_by_role = sqlite3_column_type(st, 16) == SQLITE_NULL ? NULL : arena_strdup(a, db_text(st, 16));
	u->version = sqlite3_column_int64(st, 17);
	u->parent_id = sqlite3_column_int64(st, 18);
}

int units_repo_get(db *d, const char *code, arena *a, units_row *out, err *e)
{
	sqlite3_stmt *st = db_stmt(d, "SELECT " UNIT_COLS " FROM units u LEFT JOIN units p ON p.id = u.parent_id"
	                              " WHERE u.code = ?", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_DONE) return 0;
	if (rc != SQLITE_ROW) return db_fail(d, e);
	read_row(st, a, out);
	sqlite3_reset(st);
	return 1;
}

static int collect(db *d, sqlite3_stmt *st, arena *a, units_row **out, int *n, err *e)
{
	int cap = 0, rc;
	units_row *rows = NULL;
	*n = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		read_row(st, a, arena_push(a, &rows, n, &cap, sizeof *rows));
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) return db_fail(d, e);
	*out = rows;
	return 0;
}

/* Display order: the province, departments, agencies, wards, communes; by name. */
#define UNIT_ORDER \
	" ORDER BY CASE u.kind WHEN 'province' THEN 0 WHEN 'department' THEN 1 WHEN 'agency' THEN 2" \
	" WHEN 'ward' THEN 3 ELSE 4 END, u.name_fold"

int units_repo_list(db *d, const char *folded, arena *a, units_row **out, int *n, err *e)
{
	sqlite3_stmt *st;
	if (folded) {
		st = db_stmt(d, "SELECT " UNIT_COLS " FROM units u LEFT JOIN units p ON p.id = u.parent_id"
		                " WHERE instr(' ' || u.name_fold || ' ', ' ' || ?) > 0" UNIT_ORDER, e);
		if (!st) return MB_EINTERNAL;
		sqlite3_bind_text(st, 1, folded, -1, SQLITE_STATIC);
	} else {
		st = db_stmt(d, "SELECT " UNIT_COLS " FROM units u LEFT JOIN units p ON p.id = u.parent_id" UNIT_ORDER, e);
		if (!st) return MB_EINTERNAL;
	}
	return collect(d, st, a, out, n, e);
}

int units_repo_children(db *d, int64_t id, arena *a, units_row **out, int *n, err *e)
{
	sqlite3_stmt *st = db_stmt(d, "SELECT " UNIT_COLS " FROM units u LEFT JOIN units p ON p.id = u.parent_id"
	                              " WHERE u.parent_id = ?" UNIT_ORDER, e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_int64(st, 1, id);
	return collect(d, st, a, out, n, e);
}

int units_repo_insert(db *d, const char *code, const char *parent_code, const char *kind,
                      const char *name_vi, const char *name_en, const char *name_fold, err *e)
{
	sqlite3_stmt *st = db_stmt(d, "INSERT INTO units(code, parent_id, kind, name_vi, name_en, name_fold)"
	                              " VALUES (?, (SELECT id FROM units WHERE code = ?), ?, ?, ?, ?)", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
	if (parent_code && *parent_code) sqlite3_bind_text(st, 2, parent_code, -1, SQLITE_STATIC);
	else sqlite3_bind_null(st, 2);
	sqlite3_bind_text(st, 3, kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, name_vi, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, name_en, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, name_fold, -1, SQLITE_STATIC);
	return db_done(d, st, e);
}

int units_repo_update(db *d, int64_t id, const units_patch *p, bool demo, const char *at,
                      const char *role, err *e)
{
	/* One statement for any subset of fields: NULL keeps the current value. */
	sqlite3_stmt *st = db_stmt(d,
		"UPDATE units SET head_name = coalesce(?1, head_name), head_title = coalesce(?2, head_title),"
		" phone = coalesce(?3, phone), email = coalesce(?4, email), hotline = coalesce(?5, hotline),"
		" address = coalesce(?6, address), reception_schedule = coalesce(?7, reception_schedule),"
		" reception_place = coalesce(?8, reception_place), contacts_demo = ?9,"
		" updated_at = ?10, updated_by_role = ?11, version = version + 1 WHERE id = ?12", e);
	if (!st) return MB_EINTERNAL;
	for (int f = 0; f < UF__MAX; f++) {
		if (p->v[f]) sqlite3_bind_text(st, f + 1, p->v[f], -1, SQLITE_STATIC);
		else sqlite3_bind_null(st, f + 1);
	}
	sqlite3_bind_int(st, 9, demo);
	sqlite3_bind_text(st, 10, at, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 11, role, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 12, id);
	return db_done(d, st, e);
}

int units_repo_count(db *d, int *n, err *e)
{
	sqlite3_stmt *st = db_stmt(d, "SELECT count(*) FROM units", e);
	if (!st) return MB_EINTERNAL;
	if (sqlite3_step(st) != SQLITE_ROW) return db_fail(d, e);
	*n = sqlite3_column_int(st, 0);
	sqlite3_reset(st);
	return 0;
}

int units_repo_set_position(db *d, const char *code, double lat, double lon, err *e)
{
	sqlite3_stmt *st = db_stmt(d, "UPDATE units SET lat = ?, lon = ? WHERE code = ?", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_double(st, 1, lat);
	sqlite3_bind_double(st, 2, lon);
	sqlite3_bind_text(st, 3, code, -1, SQLITE_STATIC);
	return db_done(d, st, e);
}
