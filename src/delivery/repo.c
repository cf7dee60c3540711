/* repo.c — the SQL of results online and fees (see repo.h). Times are ISO
 * 8601 UTC text in the tables, epoch seconds here. */
#include <string.h>

#include "delivery/repo.h"

int delivery_repo_result_current(db *d, int64_t dossier_id, arena *a, delivery_result_row *out, err *e)
{
	sqlite3_stmt *st = db_stmt(d,
		"SELECT r.id, r.sha256, r.size, r.attached_at, coalesce(ac.display_name, '')"
		" FROM dossier_results r LEFT JOIN accounts ac ON ac.id = r.attached_by"
		" WHERE r.dossier_id = ? AND r.replaced_at IS NULL", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_int64(st, 1, dossier_id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_DONE) { sqlite3_reset(st); return 0; }
	if (rc != SQLITE_ROW) return db_fail(d, e);
	memset(out, 0, sizeof *out);
	out->id = sqlite3_column_int64(st, 0);
	out->sha256 = arena_strdup(a, db_text(st, 1));
	out->size = sqlite3_column_int64(st, 2);
	out->attached_at = db_col_time(st, 3);
	out->attached_by_name = arena_strdup(a, db_text(st, 4));
	sqlite3_reset(st);
	return 1;
}

int delivery_repo_result_history(db *d, int64_t dossier_id, int max, arena *a, delivery_result_row **out, int *n,
                                 err *e)
{
	*n = 0;
	*out = arena_alloc(a, sizeof **out * (size_t)(max > 0 ? max : 1));
	sqlite3_stmt *st = db_stmt(d,
		"SELECT r.id, r.sha256, r.size, r.attached_at, r.replaced_at, coalesce(ac.display_name, '')"
		" FROM dossier_results r LEFT JOIN accounts ac ON ac.id = r.attached_by"
		" WHERE r.dossier_id = ? ORDER BY r.id LIMIT ?", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_int64(st, 1, dossier_id);
	sqlite3_bind_int(st, 2, max);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		delivery_result_row *x = &(*out)[(*n)++];
		memset(x, 0, sizeof *x);
		x->id = sqlite3_column_int64(st, 0);
		x->sha256 = arena_strdup(a, db_text(st, 1));
		x->size = sqlite3_column_int64(st, 2);
		x->attached_at = db_col_time(st, 3);
		x->replaced_at = db_col_time(st, 4);
		x->attached_by_name = arena_strdup(a, db_text(st, 5));
	}
	if (rc != SQLITE_DONE) return db_fail(d, e);
	sqlite3_reset(st);
	return 0;
}

int delivery_repo_result_add(db *d, int64_t dossier_id, int64_t unit_id, const char *sha, int64_t size, int64_t at,
                             int64_t by, bool *first, err *e)
{
	sqlite3_stmt *st = db_stmt(d, "UPDATE dossier_results SET replaced_at = ? WHERE dossier_id = ? AND replaced_at IS NULL", e);
	if (!st) return MB_EINTERNAL;
	db_bind_time(st, 1, at);
	sqlite3_bind_int64(st, 2, dossier_id);
	if (db_done(d, st, e)) return MB_EINTERNAL;
	/* A row in force exists from the first attachment on: none replaced, this is the first. */
	*first = sqlite3_changes(db_handle(d)) == 0;
	st = db_stmt(d,
		"INSERT INTO dossier_results(dossier_id, unit_id, sha256, size, first, attached_at, attached_by)"
		" VALUES (?, ?, ?, ?, ?, ?, ?)", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_int64(st, 1, dossier_id);
	sqlite3_bind_int64(st, 2, unit_id);
	sqlite3_bind_text(st, 3, sha, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, size);
	sqlite3_bind_int(st, 5, *first ? 1 : 0);
	db_bind_time(st, 6, at);
	sqlite3_bind_int64(st, 7, by);
	return db_done(d, st, e);
}

int delivery_repo_payment_current(db *d, int64_t dossier_id, arena *a, delivery_payment_row *out, err *e)
{
	sqlite3_stmt *st = db_stmt(d,
		"SELECT id, fee_vnd, coalesce(catalogue_fee_vnd, -1), method, reference, receipt_no, fee_reason, recorded_at"
		" FROM dossier_payments WHERE dossier_id = ? AND replaced_at IS NULL", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_int64(st, 1, dossier_id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_DONE) { sqlite3_reset(st); return 0; }
	if (rc != SQLITE_ROW) return db_fail(d, e);
	memset(out, 0, sizeof *out);
	out->id = sqlite3_column_int64(st, 0);
	out->fee_vnd = sqlite3_column_int64(st, 1);
	out->catalogue_fee_vnd = sqlite3_column_int64(st, 2);
	out->method = arena_strdup(a, db_text(st, 3));
	out->reference = arena_strdup(a, db_text(st, 4));
	out->receipt_no = arena_strdup(a, db_text(st, 5));
	out->fee_reason = arena_strdup(a, db_text(st, 6));
	out->recorded_at = db_col_time(st, 7);
	sqlite3_reset(st);
	return 1;
}

int delivery_repo_payment_add(db *d, int64_t dossier_id, int64_t unit_id, const delivery_payment *p, int64_t at,
                              int64_t by, bool *first, err *e)
{
	sqlite3_stmt *st = db_stmt(d, "UPDATE dossier_payments SET replaced_at = ? WHERE dossier_id = ? AND replaced_at IS NULL", e);
	if (!st) return MB_EINTERNAL;
	db_bind_time(st, 1, at);
	sqlite3_bind_int64(st, 2, dossier_id);
	if (db_done(d, st, e)) return MB_EINTERNAL;
	*first = sqlite3_changes(db_handle(d)) == 0;
	st = db_stmt(d,
		"INSERT INTO dossier_payments(dossier_id, unit_id, fee_vnd, catalogue_fee_vnd, fee_reason, method, reference,"
		" receipt_no, first, recorded_at, recorded_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_int64(st, 1, dossier_id);
	sqlite3_bind_int64(st, 2, unit_id);
	sqlite3_bind_int64(st, 3, p->fee_vnd);
	if (p->catalogue_fee_vnd >= 0) sqlite3_bind_int64(st, 4, p->catalogue_fee_vnd);
	else sqlite3_bind_null(st, 4);
	sqlite3_bind_text(st, 5, p->fee_reason ? p->fee_reason : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, delivery_method_name(p->method), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, p->reference ? p->reference : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 8, p->receipt_no ? p->receipt_no : "", -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 9, *first ? 1 : 0);
	db_bind_time(st, 10, at);
	sqlite3_bind_int64(st, 11, by);
	return db_done(d, st, e);
}
