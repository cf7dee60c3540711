/* forms.c — SQL of the form_tokens table. */
#include "db/forms.h"

#include <string.h>

int db_form_get(db *d, const char *token_hash, arena *a, db_form_row *out, err *e)
{
	sqlite3_stmt *st = db_stmt(d, "SELECT binding_hash, location, created_at FROM form_tokens WHERE token_hash = ?", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_text(st, 1, token_hash, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_DONE) { sqlite3_reset(st); return 0; }
	if (rc != SQLITE_ROW) { sqlite3_reset(st); return db_fail(d, e); }
	out->binding_hash = arena_strdup(a, db_text(st, 0));
	out->location = arena_strdup(a, db_text(st, 1));
	out->created_at = sqlite3_column_int64(st, 2);
	sqlite3_reset(st);
	return 1;
}

int db_form_put(db *d, const char *token_hash, const char *binding_hash, const char *location,
                const unsigned char *sealed, size_t sealed_len, int64_t now, err *e)
{
	sqlite3_stmt *st = db_stmt(d, "INSERT INTO form_tokens(token_hash, binding_hash, location, sealed, created_at) "
	                              "VALUES (?, ?, ?, ?, ?)", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_text(st, 1, token_hash, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, binding_hash, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, location, -1, SQLITE_STATIC);
	if (sealed) sqlite3_bind_blob(st, 4, sealed, (int)sealed_len, SQLITE_STATIC);
	else sqlite3_bind_null(st, 4);
	sqlite3_bind_int64(st, 5, now);
	return db_done(d, st, e);
}

int db_form_take(db *d, const char *token_hash, const char *binding_hash, int64_t not_before, arena *a, unsigned char **out, size_t *n, err *e)
{
	/* Read and erase in one transaction: the value is handed out once. */
	if (db_begin(d, e)) return MB_EINTERNAL;
	sqlite3_stmt *st = db_stmt(d, "SELECT sealed FROM form_tokens WHERE token_hash = ? AND binding_hash = ? "
	                              "AND sealed IS NOT NULL AND created_at >= ?", e);
	if (!st) { db_rollback(d); return MB_EINTERNAL; }
	sqlite3_bind_text(st, 1, token_hash, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, binding_hash, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, not_before);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_DONE) { sqlite3_reset(st); db_rollback(d); return 0; }
	if (rc != SQLITE_ROW) { sqlite3_reset(st); db_fail(d, e); db_rollback(d); return MB_EINTERNAL; }
	*n = (size_t)sqlite3_column_bytes(st, 0);
	*out = arena_alloc(a, *n + 1);
	if (*n) memcpy(*out, sqlite3_column_blob(st, 0), *n);
	sqlite3_reset(st);
	st = db_stmt(d, "UPDATE form_tokens SET sealed = NULL WHERE token_hash = ?", e);
	if (!st) { db_rollback(d); return MB_EINTERNAL; }
	sqlite3_bind_text(st, 1, token_hash, -1, SQLITE_STATIC);
	if (db_done(d, st, e) || db_commit(d, e)) { db_rollback(d); return MB_EINTERNAL; }
	return 1;
}

int db_form_purge(db *d, int64_t before, int64_t sealed_before, err *e)
{
	sqlite3_stmt *st = db_stmt(d, "DELETE FROM form_tokens WHERE created_at < ?", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_int64(st, 1, before);
	if (db_done(d, st, e)) return MB_EINTERNAL;
	st = db_stmt(d, "UPDATE form_tokens SET sealed = NULL WHERE sealed IS NOT NULL AND created_at < ?", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_int64(st, 1, sealed_before);
	return db_done(d, st, e);
}
