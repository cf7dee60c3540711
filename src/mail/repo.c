/* repo.c — the SQL of the outbox and of the import record. Times are ISO
 * 8601 UTC text in the tables and epoch seconds in C. */
#include <string.h>

#include "base/clock.h"
#include "mail/internal.h"

int mail_repo_insert(db *d, const mail_msg *m, int64_t now, err *e)
{
	sqlite3_stmt *st = db_stmt(d,
		"INSERT INTO outbox(to_addr, subject, body, kind, case_code, personal, created_at, next_attempt_at)"
		" VALUES (?, ?, ?, ?, ?, ?, ?, ?)", e);
	if (!st) return MB_EINTERNAL;
	/* A reporter's address is never stored: it is opened from the vault when
	 * the message is sent. */
	sqlite3_bind_text(st, 1, m->personal ? "" : m->to, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, m->subject, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, m->body, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, m->kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, m->case_code ? m->case_code : "", -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 6, m->personal ? 1 : 0);
	db_bind_time(st, 7, now);
	db_bind_time(st, 8, now);
	return db_done(d, st, e);
}

#define OUTBOX_COLS \
	"id, to_addr, subject, kind, case_code, state, last_error, personal, attempts, created_at, next_attempt_at, sent_at"

static void read_row(sqlite3_stmt *st, arena *a, mail_row *r)
{
	memset(r, 0, sizeof *r);
	r->id = sqlite3_column_int64(st, 0);
	r->to_addr = arena_strdup(a, db_text(st, 1));
	r->subject = arena_strdup(a, db_text(st, 2));
	r->kind = arena_strdup(a, db_text(st, 3));
	r->case_code = arena_strdup(a, db_text(st, 4));
	r->state = arena_strdup(a, db_text(st, 5));
	r->last_error = arena_strdup(a, db_text(st, 6));
	r->personal = sqlite3_column_int(st, 7) != 0;
	r->attempts = sqlite3_column_int(st, 8);
	r->created_at = db_col_time(st, 9);
	r->next_attempt_at = db_col_time(st, 10);
	r->sent_at = db_col_time(st, 11);
	r->body = "";
}

int mail_repo_lease_due(db *d, int64_t now, bool all, int limit, arena *a, mail_row **out, int *n, err *e)
{
	*out = NULL;
	*n = 0;
	int cap = 0;
	if (db_begin(d, e)) return MB_EINTERNAL;
	sqlite3_stmt *st = db_stmt(d,
		"SELECT " OUTBOX_COLS ", body FROM outbox WHERE state = 'queued' AND (? OR next_attempt_at <= ?)"
		" AND (lease_until IS NULL OR lease_until <= ?) ORDER BY next_attempt_at, id LIMIT ?", e);
	if (!st) { db_rollback(d); return MB_EINTERNAL; }
	sqlite3_bind_int(st, 1, all ? 1 : 0);
	db_bind_time(st, 2, now);
	db_bind_time(st, 3, now);
	sqlite3_bind_int(st, 4, limit);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		mail_row *r = arena_push(a, out, n, &cap, sizeof *r);
		read_row(st, a, r);
		r->body = arena_strdup(a, db_text(st, 12));
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) { db_rollback(d); return db_fail(d, e); }
	for (int i = 0; i < *n; i++) {
		st = db_stmt(d, "UPDATE outbox SET lease_until = ? WHERE id = ?", e);
		if (!st) { db_rollback(d); return MB_EINTERNAL; }
		db_bind_time(st, 1, now + MAIL_LEASE_S);
		sqlite3_bind_int64(st, 2, (*out)[i].id);
		if (db_done(d, st, e)) { db_rollback(d); return MB_EINTERNAL; }
	}
	return db_commit(d, e);
}

int mail_repo_mark_sent(db *d, int64_t id, int64_t now, err *e)
{
	/* A receipt's body holds the follow-up secret: emptied once it has served. */
	sqlite3_stmt *st = db_stmt(d,
		"UPDATE outbox SET state = 'sent', sent_at = ?, attempts = attempts + 1, last_error = '', lease_until = NULL,"
		" body = CASE WHEN kind = 'receipt' THEN '' ELSE body END WHERE id = ?", e);
	if (!st) return MB_EINTERNAL;
	db_bind_time(st, 1, now);
	sqlite3_bind_int64(st, 2, id);
	return db_done(d, st, e);
}

int mail_repo_mark_failure(db *d, int64_t id, int attempts, int64_t next_at, bool failed, const char *error,
                           err *e)
{
	sqlite3_stmt *st = db_stmt(d,
		"UPDATE outbox SET attempts = ?, next_attempt_at = ?, state = ?, last_error = ?, lease_until = NULL"
		" WHERE id = ?", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_int(st, 1, attempts);
	db_bind_time(st, 2, next_at);
	sqlite3_bind_text(st, 3, failed ? "failed" : "queued", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, error, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 5, id);
	return db_done(d, st, e);
}

int mail_repo_counts(db *d, int *queued, int *sent, int *failed, err *e)
{
	*queued = *sent = *failed = 0;
	sqlite3_stmt *st = db_stmt(d, /* The counts kept by triggers (sql/0024), not a count of every message. */
	                              "SELECT state, n FROM outbox_counts", e);
	if (!st) return MB_EINTERNAL;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *s = db_text(st, 0);
		int c = sqlite3_column_int(st, 1);
		if (!strcmp(s, "queued")) *queued = c;
		else if (!strcmp(s, "sent")) *sent = c;
		else if (!strcmp(s, "failed")) *failed = c;
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : db_fail(d, e);
}

int mail_repo_latest(db *d, int64_t before_id, int limit, arena *a, mail_row **out, int *n, err *e)
{
	*out = NULL;
	*n = 0;
	int cap = 0;
	/* Newest first from a cursor (the last id of the page before), on the primary key. */
	sqlite3_stmt *st = db_stmt(d, "SELECT " OUTBOX_COLS " FROM outbox WHERE id < ? ORDER BY id DESC LIMIT ?", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_int64(st, 1, before_id > 0 ? before_id : INT64_MAX);
	sqlite3_bind_int(st, 2, limit);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) read_row(st, a, arena_push(a, out, n, &cap, sizeof **out));
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : db_fail(d, e);
}

int mail_repo_import_get(db *d, const char *key, arena *a, const char **state, const char **code, err *e)
{
	sqlite3_stmt *st = db_stmt(d, "SELECT state, case_code FROM mail_imports WHERE message_key = ?", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*state = arena_strdup(a, db_text(st, 0));
		*code = arena_strdup(a, db_text(st, 1));
	}
	sqlite3_reset(st);
	if (rc == SQLITE_ROW) return 1;
	return rc == SQLITE_DONE ? 0 : db_fail(d, e);
}

int mail_repo_import_done(db *d, const char *key, const char *file, const char *code, int64_t now, err *e)
{
	sqlite3_stmt *st = db_stmt(d,
		"INSERT INTO mail_imports(message_key, state, case_code, file, imported_at) VALUES (?, 'done', ?, ?, ?)", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, code, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, file, -1, SQLITE_STATIC);
	db_bind_time(st, 4, now);
	return db_done(d, st, e);
}

