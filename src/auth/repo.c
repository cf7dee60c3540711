/* repo.c — the SQL of accounts, sessions and sign-in failures. */
#include <string.h>

#include "auth/repo.h"

int auth_repo_session_actor(db *d, const char *token_hash, int64_t now, arena *a, auth_actor *out, err *e)
{
	sqlite3_stmt *st = db_stmt(d,
		"SELECT a.id, a.login, a.display_name, a.role, a.unit_id, u.code, u.name_vi, u.name_en, s.csrf"
		" FROM sessions s JOIN accounts a ON a.id = s.account_id JOIN units u ON u.id = a.unit_id"
		" WHERE s.token_hash = ? AND s.expires_at > ? AND a.disabled = 0", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_text(st, 1, token_hash, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, now);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_DONE) return 0;
	if (rc != SQLITE_ROW) return db_fail(d, e);
	memset(out, 0, sizeof *out);
	out->id = sqlite3_column_int64(st, 0);
	out->login = arena_strdup(a, db_text(st, 1));
	out->display_name = arena_strdup(a, db_text(st, 2));
	if (auth_role_parse(db_text(st, 3), &out->role)) { sqlite3_reset(st); return 0; }
	out->unit_id = sqlite3_column_int64(st, 4);
	out->unit_code = arena_strdup(a, db_text(st, 5));
	out->unit_name_vi = arena_strdup(a, db_text(st, 6));
	out->unit_name_en = arena_strdup(a, db_text(st, 7));
	snprintf(out->csrf, sizeof out->csrf, "%s", db_text(st, 8));
	out->ledger.id = out->id;
	out->ledger.role = auth_role_name(out->role);
	sqlite3_reset(st);
	return 1;
}

int auth_repo_account(db *d, const char *login, arena *a, auth_account_row *out, err *e)
{
	sqlite3_stmt *st = db_stmt(d,
		"SELECT a.id, a.login, a.display_name, a.role, a.password_hash, a.unit_id, u.code, a.disabled"
		" FROM accounts a JOIN units u ON u.id = a.unit_id WHERE a.login = ?1"
		/* A citizen signs in with their e-mail address (a login never has an '@'). */
		" OR (instr(?1, '@') > 0 AND a.role = 'citizen' AND a.email <> '' AND a.email = lower(?1))", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_text(st, 1, login, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_DONE) return 0;
	if (rc != SQLITE_ROW) return db_fail(d, e);
	out->id = sqlite3_column_int64(st, 0);
	out->login = arena_strdup(a, db_text(st, 1));
	out->display_name = arena_strdup(a, db_text(st, 2));
	out->role = arena_strdup(a, db_text(st, 3));
	out->password_hash = arena_strdup(a, db_text(st, 4));
	out->unit_id = sqlite3_column_int64(st, 5);
	out->unit_code = arena_strdup(a, db_text(st, 6));
	out->disabled = sqlite3_column_int(st, 7) != 0;
	sqlite3_reset(st);
	return 1;
}

int auth_repo_session_create(db *d, const char *token_hash, int64_t account_id, const char *csrf,
                             int64_t now, int64_t expires, err *e)
{
	sqlite3_stmt *st = db_stmt(d, "INSERT INTO sessions(token_hash, account_id, csrf, created_at, expires_at)"
	                              " VALUES (?, ?, ?, ?, ?)", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_text(st, 1, token_hash, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, account_id);
	sqlite3_bind_text(st, 3, csrf, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, now);
	sqlite3_bind_int64(st, 5, expires);
	return db_done(d, st, e);
}

int auth_repo_session_delete(db *d, const char *token_hash, err *e)
{
	sqlite3_stmt *st = db_stmt(d, "DELETE FROM sessions WHERE token_hash = ?", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_text(st, 1, token_hash, -1, SQLITE_STATIC);
	return db_done(d, st, e);
}

int auth_repo_sessions_purge(db *d, int64_t now, err *e)
{
	sqlite3_stmt *st = db_stmt(d, "DELETE FROM sessions WHERE expires_at <= ?", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_int64(st, 1, now);
	if (db_done(d, st, e)) return MB_EINTERNAL;
	st = db_stmt(d, "DELETE FROM login_failures WHERE at <= ?", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_int64(st, 1, now - AUTH_LOGIN_WINDOW_S);
	return db_done(d, st, e);
}

static int count_since(db *d, const char *sql, const char *key, int64_t since, int *out, err *e)
{
	sqlite3_stmt *st = db_stmt(d, sql, e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, since);
	if (sqlite3_step(st) != SQLITE_ROW) return db_fail(d, e);
	*out = sqlite3_column_int(st, 0);
	sqlite3_reset(st);
	return 0;
}

int auth_repo_failures(db *d, const char *login, const char *addr, int64_t since,
                       int *npair, int *nlogin, int *naddr, err *e)
{
	sqlite3_stmt *st = db_stmt(d, "SELECT count(*) FROM login_failures WHERE login = ? AND address = ? AND at > ?", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_text(st, 1, login, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, addr, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, since);
	if (sqlite3_step(st) != SQLITE_ROW) return db_fail(d, e);
	*npair = sqlite3_column_int(st, 0);
	sqlite3_reset(st);
	if (count_since(d, "SELECT count(*) FROM login_failures WHERE login = ? AND at > ?", login, since, nlogin, e))
		return MB_EINTERNAL;
	return count_since(d, "SELECT count(*) FROM login_failures WHERE address = ? AND at > ?", addr, since, naddr, e);
}

int auth_repo_failure_add(db *d, const char *login, const char *addr, int64_t now, err *e)
{
	sqlite3_stmt *st = db_stmt(d, "INSERT INTO login_failures(login, address, at) VALUES (?, ?, ?)", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_text(st, 1, login, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, addr, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, now);
	return db_done(d, st, e);
}

int auth_repo_failures_clear(db *d, const char *login, const char *addr, err *e)
{
	sqlite3_stmt *st = db_stmt(d, "DELETE FROM login_failures WHERE login = ? AND address = ?", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_text(st, 1, login, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, addr, -1, SQLITE_STATIC);
	return db_done(d, st, e);
}

int auth_repo_account_insert(db *d, const char *login, const char *display_name, const char *role,
                             int64_t unit_id, const char *hash, const char *created_at, err *e)
{
	sqlite3_stmt *st = db_stmt(d, "INSERT INTO accounts(login, display_name, role, unit_id, password_hash, created_at)"
	                              " VALUES (?, ?, ?, ?, ?, ?)", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_text(st, 1, login, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, display_name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, role, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, unit_id);
	sqlite3_bind_text(st, 5, hash, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, created_at, -1, SQLITE_STATIC);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {}
	if (rc == SQLITE_CONSTRAINT)
		return err_set(e, MB_ECONFLICT, "exists", "login", "Tên đăng nhập đã có người dùng.", "the login is already taken");
	if (rc != SQLITE_DONE) return db_fail(d, e);
	return 0;
}

int auth_repo_password_set(db *d, const char *login, const char *hash, err *e)
{
	sqlite3_stmt *st = db_stmt(d, "UPDATE accounts SET password_hash = ? WHERE login = ?", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_text(st, 1, hash, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, login, -1, SQLITE_STATIC);
	if (db_done(d, st, e)) return MB_EINTERNAL;
	return sqlite3_changes(db_handle(d)) > 0;
}

int auth_repo_sessions_drop_account(db *d, const char *login, err *e)
{
	sqlite3_stmt *st = db_stmt(d, "DELETE FROM sessions WHERE account_id = (SELECT id FROM accounts WHERE login = ?)", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_text(st, 1, login, -1, SQLITE_STATIC);
	return db_done(d, st, e);
}

int auth_repo_unit_id(db *d, const char *code, int64_t *id, err *e)
{
	return db_lookup_int64(d, "SELECT id FROM units WHERE code = ?", code, id, e);
}

int auth_repo_unit_code(db *d, int64_t unit_id, arena *a, char **out)
{
	sqlite3_stmt *st = db_stmt(d, "SELECT code FROM units WHERE id = ?", NULL);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_int64(st, 1, unit_id);
	int rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) { sqlite3_reset(st); return rc == SQLITE_DONE ? 0 : MB_EINTERNAL; }
	*out = arena_strdup(a, db_text(st, 0));
	sqlite3_reset(st);
	return 1;
}

int auth_repo_ancestors(db *d, int64_t unit_id, int64_t *out, int max, err *e)
{
	int n = 0;
	int64_t cur = unit_id;
	while (n < max) {
		sqlite3_stmt *st = db_stmt(d, "SELECT id, parent_id FROM units WHERE id = ?", e);
		if (!st) return MB_EINTERNAL;
		sqlite3_bind_int64(st, 1, cur);
		int rc = sqlite3_step(st);
		if (rc == SQLITE_DONE) break;
		if (rc != SQLITE_ROW) return db_fail(d, e);
		out[n++] = sqlite3_column_int64(st, 0);
		bool root = sqlite3_column_type(st, 1) == SQLITE_NULL;
		cur = sqlite3_column_int64(st, 1);
		sqlite3_reset(st);
		if (root) break;
	}
	return n;
}

int auth_repo_account_title(db *d, const char *login, const char *title, err *e)
{
	sqlite3_stmt *st = db_stmt(d, "UPDATE accounts SET title = ? WHERE login = ?", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_text(st, 1, title, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, login, -1, SQLITE_STATIC);
	if (db_done(d, st, e)) return MB_EINTERNAL;
	return sqlite3_changes(db_handle(d)) > 0;
}

int auth_repo_accounts_json(db *d, const char *login, json_t *arr, err *e)
{
	sqlite3_stmt *st = db_stmt(d,
		"SELECT a.login, a.display_name, a.role, u.code, a.disabled, a.created_at, a.title"
		" FROM accounts a JOIN units u ON u.id = a.unit_id WHERE ?1 IS NULL OR a.login = ?1 ORDER BY a.login", e);
	if (!st) return MB_EINTERNAL;
	if (login) sqlite3_bind_text(st, 1, login, -1, SQLITE_STATIC); else sqlite3_bind_null(st, 1);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		json_array_append_new(arr, json_pack("{s:s, s:s, s:s, s:s, s:b, s:s, s:s}",
			"login", db_text(st, 0), "display_name", db_text(st, 1), "role", db_text(st, 2),
			"unit", db_text(st, 3), "disabled", sqlite3_column_int(st, 4), "created_at", db_text(st, 5),
			"title", db_text(st, 6)));
	if (rc != SQLITE_DONE) return db_fail(d, e);
	return 0;
}

int auth_repo_account_update(db *d, const char *login, const char *role, int64_t unit_id, bool disabled, err *e)
{
	sqlite3_stmt *st = db_stmt(d, "UPDATE accounts SET role = ?, unit_id = ?, disabled = ? WHERE login = ?", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_text(st, 1, role, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, unit_id);
	sqlite3_bind_int(st, 3, disabled);
	sqlite3_bind_text(st, 4, login, -1, SQLITE_STATIC);
	if (db_done(d, st, e)) return MB_EINTERNAL;
	return sqlite3_changes(db_handle(d)) > 0;
}

int auth_repo_email_set(db *d, const char *login, const char *email, err *e)
{
	sqlite3_stmt *st = db_stmt(d, "UPDATE accounts SET email = ? WHERE login = ?", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_text(st, 1, email, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, login, -1, SQLITE_STATIC);
	return db_done(d, st, e);
}

int auth_repo_citizen_email_taken(db *d, const char *email, err *e)
{
	int64_t id = 0;
	return db_lookup_int64(d, "SELECT id FROM accounts WHERE role = 'citizen' AND email <> '' AND email = ?", email, &id, e);
}
