/* repo.c — the SQL of citizens' registrations and "my dossiers". */
#include <string.h>

#include "citizen/repo.h"

int citizen_repo_reg_insert(db *d, const citizen_registration *in, const char *email, const char *password_hash,
                            const char *token_hash, int64_t now, int64_t expires, err *e)
{
	sqlite3_stmt *st = db_stmt(d,
		"INSERT INTO registrations(email, display_name, password_hash, token_hash, lang, created_at, expires_at)"
		" VALUES (?, ?, ?, ?, ?, ?, ?)", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_text(st, 1, email, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, in->display_name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, password_hash, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, token_hash, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, in->lang && !strcmp(in->lang, "en") ? "en" : "vi", -1, SQLITE_STATIC);
	db_bind_time(st, 6, now);
	db_bind_time(st, 7, expires);
	return db_done(d, st, e);
}

int citizen_repo_reg_by_token(db *d, const char *token_hash, int64_t now, arena *a, citizen_reg_row *out, err *e)
{
	sqlite3_stmt *st = db_stmt(d, "SELECT id, email, display_name, password_hash, expires_at FROM registrations"
	                              " WHERE token_hash = ? AND expires_at > ?", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_text(st, 1, token_hash, -1, SQLITE_STATIC);
	db_bind_time(st, 2, now);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_DONE) { sqlite3_reset(st); return 0; }
	if (rc != SQLITE_ROW) return db_fail(d, e);
	out->id = sqlite3_column_int64(st, 0);
	out->email = arena_strdup(a, db_text(st, 1));
	out->display_name = arena_strdup(a, db_text(st, 2));
	out->password_hash = arena_strdup(a, db_text(st, 3));
	out->expires_at = db_col_time(st, 4);
	sqlite3_reset(st);
	return 1;
}

int citizen_repo_reg_delete_email(db *d, const char *email, err *e)
{
	sqlite3_stmt *st = db_stmt(d, "DELETE FROM registrations WHERE email = ?", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_text(st, 1, email, -1, SQLITE_STATIC);
	return db_done(d, st, e);
}

int citizen_repo_reg_purge(db *d, int64_t now, err *e)
{
	sqlite3_stmt *st = db_stmt(d, "DELETE FROM registrations WHERE expires_at <= ?", e);
	if (!st) return MB_EINTERNAL;
	db_bind_time(st, 1, now);
	return db_done(d, st, e);
}

int citizen_repo_link(db *d, int64_t account_id, int64_t dossier_id, int64_t now, err *e)
{
	sqlite3_stmt *st = db_stmt(d, "INSERT INTO account_dossiers(account_id, dossier_id, linked_at) VALUES (?, ?, ?)"
	                              " ON CONFLICT DO NOTHING", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_int64(st, 1, account_id);
	sqlite3_bind_int64(st, 2, dossier_id);
	db_bind_time(st, 3, now);
	if (db_done(d, st, e)) return MB_EINTERNAL;
	return sqlite3_changes(db_handle(d)) > 0;
}

/* A page of the account's dossiers, newest first, before the dossier before_id (0: from the newest):
 * the two ways a dossier is the account's (submitted from it, added with code and secret) each read
 * on its own index from the cursor, at most limit rows each, then merged — the cost is the page's,
 * whatever the account's history. */
int citizen_repo_dossiers(db *d, int64_t account_id, int64_t before_id, int limit, arena *a, citizen_dossier **out,
                          int *n, err *e)
{
	sqlite3_stmt *st = db_stmt(d,
		"SELECT x.code, p.name_vi, p.name_en, u.name_vi, u.name_en, x.state, x.risk, x.received_at, x.due_at,"
		" x.finished_at, x.late, x.citizen_account_id IS NOT ?1"
		" FROM (SELECT id FROM (SELECT id FROM dossiers WHERE citizen_account_id = ?1 AND id < ?2 ORDER BY id DESC LIMIT ?3)"
		"       UNION"
		"       SELECT id FROM (SELECT dossier_id AS id FROM account_dossiers WHERE account_id = ?1 AND dossier_id < ?2"
		"                       ORDER BY dossier_id DESC LIMIT ?3)) k"
		" JOIN dossiers x ON x.id = k.id JOIN procedures p ON p.id = x.procedure_id JOIN units u ON u.id = x.unit_id"
		" ORDER BY x.id DESC LIMIT ?3", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_int64(st, 1, account_id);
	sqlite3_bind_int64(st, 2, before_id > 0 ? before_id : INT64_MAX);
	sqlite3_bind_int(st, 3, limit);
	int cap = 0, rc;
	*out = NULL;
	*n = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		citizen_dossier x = {
			.code = arena_strdup(a, db_text(st, 0)),
			.procedure_vi = arena_strdup(a, db_text(st, 1)), .procedure_en = arena_strdup(a, db_text(st, 2)),
			.unit_vi = arena_strdup(a, db_text(st, 3)), .unit_en = arena_strdup(a, db_text(st, 4)),
			.state = arena_strdup(a, db_text(st, 5)), .risk = arena_strdup(a, db_text(st, 6)),
			.received_at = db_col_time(st, 7), .due_at = db_col_time(st, 8), .finished_at = db_col_time(st, 9),
			.late = sqlite3_column_int(st, 10) != 0, .linked = sqlite3_column_int(st, 11) != 0,
		};
		*(citizen_dossier *)arena_push(a, out, n, &cap, sizeof x) = x;
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : db_fail(d, e);
}

/* A page of the account's reports, newest first, before the report before_id (0: from the newest),
 * on cases_reporter (sql/0032). */
int citizen_repo_reports(db *d, int64_t account_id, int64_t before_id, int limit, arena *a, citizen_report **out,
                         int *n, err *e)
{
	sqlite3_stmt *st = db_stmt(d,
		"SELECT c.code, c.kind, c.title, c.state, c.risk, u.name_vi, u.name_en, c.received_at, c.due_at"
		" FROM cases c JOIN units u ON u.id = c.unit_id WHERE c.reporter_account_id = ? AND c.id < ?"
		" ORDER BY c.id DESC LIMIT ?", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_int64(st, 1, account_id);
	sqlite3_bind_int64(st, 2, before_id > 0 ? before_id : INT64_MAX);
	sqlite3_bind_int(st, 3, limit);
	int cap = 0, rc;
	*out = NULL;
	*n = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		citizen_report x = {
			.code = arena_strdup(a, db_text(st, 0)), .kind = arena_strdup(a, db_text(st, 1)),
			.title = arena_strdup(a, db_text(st, 2)), .state = arena_strdup(a, db_text(st, 3)),
			.risk = arena_strdup(a, db_text(st, 4)), .unit_vi = arena_strdup(a, db_text(st, 5)),
			.unit_en = arena_strdup(a, db_text(st, 6)), .received_at = db_col_time(st, 7), .due_at = db_col_time(st, 8),
		};
		*(citizen_report *)arena_push(a, out, n, &cap, sizeof x) = x;
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : db_fail(d, e);
}

/* The id of the account's own dossier (or report, when report is true) with that code, for a cursor:
 * 1 found, 0 not the account's or no such code. */
int citizen_repo_cursor(db *d, int64_t account_id, bool report, const char *code, int64_t *id, err *e)
{
	sqlite3_stmt *st = db_stmt(d, report
		? "SELECT id FROM cases WHERE code = ?2 AND reporter_account_id = ?1"
		: "SELECT x.id FROM dossiers x WHERE x.code = ?2 AND (x.citizen_account_id = ?1"
		  " OR EXISTS (SELECT 1 FROM account_dossiers WHERE account_id = ?1 AND dossier_id = x.id))", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_int64(st, 1, account_id);
	sqlite3_bind_text(st, 2, code, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) *id = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW) return 1;
	return rc == SQLITE_DONE ? 0 : db_fail(d, e);
}
