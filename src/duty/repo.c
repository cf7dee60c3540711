/* repo.c — the SQL of obligations: rules, items, scopes, heads. */
#include <string.h>

#include "duty/repo.h"

static const char *dup(arena *a, sqlite3_stmt *st, int i) { return arena_strdup(a, db_text(st, i)); }

static void bind_str(sqlite3_stmt *st, int i, const char *s)
{
	if (s) sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
	else sqlite3_bind_null(st, i);
}

static void copy(char *dst, size_t n, const char *s)
{
	snprintf(dst, n, "%s", s ? s : "");
}

#define RULE_COLS "kind, valid_from, coalesce(valid_to, ''), days, day_type, remind_before, escalate_after_days"

static void rule_read(sqlite3_stmt *st, duty_rule *r)
{
	copy(r->kind, sizeof r->kind, db_text(st, 0));
	copy(r->valid_from, sizeof r->valid_from, db_text(st, 1));
	copy(r->valid_to, sizeof r->valid_to, db_text(st, 2));
	r->days = sqlite3_column_int(st, 3);
	r->unit = !strcmp(db_text(st, 4), "calendar") ? CAL_CALENDAR_DAYS : CAL_WORKING_DAYS;
	r->remind_before = sqlite3_column_int(st, 5);
	r->escalate_after_days = sqlite3_column_int(st, 6);
}

static int one_rule(db *d, sqlite3_stmt *st, duty_rule *out, err *e)
{
	int rc = sqlite3_step(st);
	if (rc == SQLITE_DONE) { sqlite3_reset(st); return 0; }
	if (rc != SQLITE_ROW) { int f = db_fail(d, e); sqlite3_reset(st); return f; }
	rule_read(st, out);
	sqlite3_reset(st);
	return 1;
}

int duty_repo_rule_on(db *d, const char *kind, const char *date, duty_rule *out, err *e)
{
	sqlite3_stmt *st = db_stmt(d, "SELECT " RULE_COLS " FROM duty_rules WHERE kind = ?1 AND valid_from <= ?2"
	                              " AND (valid_to IS NULL OR valid_to >= ?2) ORDER BY valid_from DESC LIMIT 1", e);
	if (!st) return MB_EINTERNAL;
	bind_str(st, 1, kind);
	bind_str(st, 2, date);
	return one_rule(d, st, out, e);
}

int duty_repo_rule_by(db *d, const char *kind, const char *valid_from, duty_rule *out, err *e)
{
	sqlite3_stmt *st = db_stmt(d, "SELECT " RULE_COLS " FROM duty_rules WHERE kind = ? AND valid_from = ?", e);
	if (!st) return MB_EINTERNAL;
	bind_str(st, 1, kind);
	bind_str(st, 2, valid_from);
	return one_rule(d, st, out, e);
}

int duty_repo_rule_insert(db *d, const duty_rule *r, const char *source, err *e)
{
	sqlite3_stmt *st = db_stmt(d, "INSERT INTO duty_rules(kind, valid_from, valid_to, days, day_type, remind_before,"
	                              " escalate_after_days, source) VALUES (?, ?, nullif(?, ''), ?, ?, ?, ?, ?)", e);
	if (!st) return MB_EINTERNAL;
	bind_str(st, 1, r->kind);
	bind_str(st, 2, r->valid_from);
	bind_str(st, 3, r->valid_to);
	sqlite3_bind_int(st, 4, r->days);
	bind_str(st, 5, r->unit == CAL_CALENDAR_DAYS ? "calendar" : "working");
	sqlite3_bind_int(st, 6, r->remind_before);
	sqlite3_bind_int(st, 7, r->escalate_after_days);
	bind_str(st, 8, source);
	return db_done(d, st, e);
}

int duty_repo_rule_count(db *d, int64_t *n, err *e)
{
	int rc = db_lookup_int64(d, "SELECT count(*) FROM duty_rules WHERE ?1 IS NULL", NULL, n, e);
	return rc < 0 ? rc : 0;
}

int duty_repo_unit_head(db *d, int64_t unit_id, int64_t *account_id, err *e)
{
	sqlite3_stmt *st = db_stmt(d, "SELECT id FROM accounts WHERE unit_id = ? AND role = 'unit_head' AND disabled = 0"
	                              " ORDER BY id LIMIT 1", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_int64(st, 1, unit_id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_DONE) { sqlite3_reset(st); return 0; }
	if (rc != SQLITE_ROW) { int f = db_fail(d, e); sqlite3_reset(st); return f; }
	*account_id = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return 1;
}

int duty_repo_insert(db *d, const duty_row *x, int64_t *id, err *e)
{
	sqlite3_stmt *st = db_stmt(d,
		"INSERT INTO duties(kind, source_type, source_id, source_ref, owner_unit_id, owner_account_id, title_vi, title_en,"
		" rule_valid_from, opened_at, due_at, state, level) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)", e);
	if (!st) return MB_EINTERNAL;
	bind_str(st, 1, x->kind);
	bind_str(st, 2, x->source_type);
	sqlite3_bind_int64(st, 3, x->source_id);
	bind_str(st, 4, x->source_ref ? x->source_ref : "");
	sqlite3_bind_int64(st, 5, x->owner_unit_id);
	db_bind_id(st, 6, x->owner_account_id);
	bind_str(st, 7, x->title_vi);
	bind_str(st, 8, x->title_en);
	bind_str(st, 9, x->rule_valid_from);
	db_bind_time(st, 10, x->opened_at);
	db_bind_time(st, 11, x->due_at);
	bind_str(st, 12, duty_state_name(x->state));
	if (db_done(d, st, e)) return MB_EINTERNAL;
	*id = sqlite3_last_insert_rowid(db_handle(d));
	return 0;
}

#define ROW_COLS                                                                                                       \
	"x.id, x.kind, x.source_type, x.source_id, x.source_ref, x.owner_unit_id, coalesce(x.owner_account_id, 0),"     \
	" u.code, u.name_vi, u.name_en, coalesce(acc.login, ''), coalesce(acc.display_name, ''), x.title_vi, x.title_en," \
	" x.rule_valid_from, x.opened_at, x.due_at, x.state, x.level, x.reminded_at, x.overdue_at, x.escalated_at,"      \
	" x.closed_at, coalesce(x.closed_by, 0), coalesce(x.note, ''), coalesce(x.evidence_sha256, ''),"                 \
	" coalesce(x.evidence_type, '')"
#define ROW_FROM " FROM duties x JOIN units u ON u.id = x.owner_unit_id LEFT JOIN accounts acc ON acc.id = x.owner_account_id"

static void row_read(sqlite3_stmt *st, arena *a, duty_row *x)
{
	memset(x, 0, sizeof *x);
	x->id = sqlite3_column_int64(st, 0);
	x->kind = dup(a, st, 1);
	x->source_type = dup(a, st, 2);
	x->source_id = sqlite3_column_int64(st, 3);
	x->source_ref = dup(a, st, 4);
	x->owner_unit_id = sqlite3_column_int64(st, 5);
	x->owner_account_id = sqlite3_column_int64(st, 6);
	x->owner_unit_code = dup(a, st, 7);
	x->owner_unit_name_vi = dup(a, st, 8);
	x->owner_unit_name_en = dup(a, st, 9);
	x->owner_login = dup(a, st, 10);
	x->owner_name = dup(a, st, 11);
	x->title_vi = dup(a, st, 12);
	x->title_en = dup(a, st, 13);
	x->rule_valid_from = dup(a, st, 14);
	x->opened_at = db_col_time(st, 15);
	x->due_at = db_col_time(st, 16);
	if (duty_state_parse(db_text(st, 17), &x->state)) x->state = DU_OPEN;
	x->level = sqlite3_column_int(st, 18);
	x->reminded_at = db_col_time(st, 19);
	x->overdue_at = db_col_time(st, 20);
	x->escalated_at = db_col_time(st, 21);
	x->closed_at = db_col_time(st, 22);
	x->closed_by = sqlite3_column_int64(st, 23);
	x->note = dup(a, st, 24);
	x->evidence_sha256 = dup(a, st, 25);
	x->evidence_type = dup(a, st, 26);
}

static int rows_read(db *d, sqlite3_stmt *st, arena *a, duty_row **out, int *n, err *e)
{
	int cap = 0, rc;
	duty_row *rows = NULL;
	*n = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) row_read(st, a, arena_push(a, &rows, n, &cap, sizeof *rows));
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) return db_fail(d, e);
	*out = rows;
	return 0;
}

int duty_repo_get(db *d, int64_t id, arena *a, duty_row *out, err *e)
{
	sqlite3_stmt *st = db_stmt(d, "SELECT " ROW_COLS ROW_FROM " WHERE x.id = ?", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_int64(st, 1, id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_DONE) { sqlite3_reset(st); return 0; }
	if (rc != SQLITE_ROW) { int f = db_fail(d, e); sqlite3_reset(st); return f; }
	row_read(st, a, out);
	sqlite3_reset(st);
	return 1;
}

int duty_repo_update(db *d, const duty_row *x, err *e)
{
	sqlite3_stmt *st = db_stmt(d,
		"UPDATE duties SET state = ?, level = ?, reminded_at = ?, overdue_at = ?, escalated_at = ?, closed_at = ?,"
		" closed_by = ?, note = nullif(?, ''), evidence_sha256 = nullif(?, ''), evidence_type = nullif(?, '') WHERE id = ?", e);
	if (!st) return MB_EINTERNAL;
	bind_str(st, 1, duty_state_name(x->state));
	sqlite3_bind_int(st, 2, x->level);
	db_bind_time(st, 3, x->reminded_at);
	db_bind_time(st, 4, x->overdue_at);
	db_bind_time(st, 5, x->escalated_at);
	db_bind_time(st, 6, x->closed_at);
	db_bind_id(st, 7, x->closed_by);
	bind_str(st, 8, x->note ? x->note : "");
	bind_str(st, 9, x->evidence_sha256 ? x->evidence_sha256 : "");
	bind_str(st, 10, x->evidence_type ? x->evidence_type : "");
	sqlite3_bind_int64(st, 11, x->id);
	return db_done(d, st, e);
}

/* The WHERE text is the one of the partial index duties_live (sql/0034). */
#define LIVE "x.state IN ('open','overdue','escalated')"

int duty_repo_live(db *d, arena *a, duty_row **out, int *n, err *e)
{
	sqlite3_stmt *st = db_stmt(d, "SELECT " ROW_COLS ROW_FROM " WHERE " LIVE " ORDER BY x.due_at, x.id", e);
	if (!st) return MB_EINTERNAL;
	return rows_read(d, st, a, out, n, e);
}

int duty_repo_by_source(db *d, const char *source_type, int64_t source_id, const char *kind, arena *a, duty_row **out,
                        int *n, err *e)
{
	sqlite3_stmt *st = db_stmt(d, "SELECT " ROW_COLS ROW_FROM " WHERE x.source_type = ?1 AND x.source_id = ?2"
	                              " AND (?3 IS NULL OR x.kind = ?3) ORDER BY x.id", e);
	if (!st) return MB_EINTERNAL;
	bind_str(st, 1, source_type);
	sqlite3_bind_int64(st, 2, source_id);
	bind_str(st, 3, kind);
	return rows_read(d, st, a, out, n, e);
}

int duty_repo_list(db *d, duty_scope s, int64_t key, bool live, int64_t after_due, int64_t after_id, int limit,
                   arena *a, duty_row **out, int *n, err *e)
{
	static const char *const sql[2][3] = {
		{"SELECT " ROW_COLS ROW_FROM " WHERE x.state IN ('done','cancelled') ORDER BY x.closed_at DESC, x.id DESC LIMIT ?4",
		 "SELECT " ROW_COLS ROW_FROM " JOIN unit_closure c ON c.unit_id = x.owner_unit_id AND c.ancestor_id = ?1"
		 " WHERE x.state IN ('done','cancelled') ORDER BY x.closed_at DESC, x.id DESC LIMIT ?4",
		 "SELECT " ROW_COLS ROW_FROM " WHERE x.owner_account_id = ?1 AND x.state IN ('done','cancelled')"
		 " ORDER BY x.closed_at DESC, x.id DESC LIMIT ?4"},
		{"SELECT " ROW_COLS ROW_FROM " WHERE " LIVE " AND (x.due_at, x.id) > (?2, ?3) ORDER BY x.due_at, x.id LIMIT ?4",
		 "SELECT " ROW_COLS ROW_FROM " JOIN unit_closure c ON c.unit_id = x.owner_unit_id AND c.ancestor_id = ?1"
		 " WHERE " LIVE " AND (x.due_at, x.id) > (?2, ?3) ORDER BY x.due_at, x.id LIMIT ?4",
		 "SELECT " ROW_COLS ROW_FROM " WHERE x.owner_account_id = ?1 AND " LIVE
		 " AND (x.due_at, x.id) > (?2, ?3) ORDER BY x.due_at, x.id LIMIT ?4"},
	};
	sqlite3_stmt *st = db_stmt(d, sql[live][s], e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_int64(st, 1, key);
	if (after_due) db_bind_time(st, 2, after_due);
	else sqlite3_bind_text(st, 2, "", -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, after_id);
	sqlite3_bind_int(st, 4, limit);
	return rows_read(d, st, a, out, n, e);
}

int duty_repo_heads(db *d, int64_t unit_id, arena *a, duty_score **out, int *n, err *e)
{
	sqlite3_stmt *st = db_stmt(d,
		"SELECT x.id, x.login, x.display_name, u.id, u.code, u.name_vi, u.name_en FROM accounts x"
		" JOIN units u ON u.id = x.unit_id"
		" WHERE x.role = 'unit_head' AND x.disabled = 0"
		" AND (?1 = 0 OR EXISTS (SELECT 1 FROM unit_closure c WHERE c.unit_id = x.unit_id AND c.ancestor_id = ?1))"
		" ORDER BY u.code, x.login", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_int64(st, 1, unit_id);
	int cap = 0, rc;
	duty_score *rows = NULL;
	*n = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		duty_score *s = arena_push(a, &rows, n, &cap, sizeof *rows);
		memset(s, 0, sizeof *s);
		s->official_id = sqlite3_column_int64(st, 0);
		s->login = dup(a, st, 1);
		s->name = dup(a, st, 2);
		s->unit_id = sqlite3_column_int64(st, 3);
		s->unit_code = dup(a, st, 4);
		s->unit_name_vi = dup(a, st, 5);
		s->unit_name_en = dup(a, st, 6);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) return db_fail(d, e);
	*out = rows;
	return 0;
}

int duty_repo_emails(db *d, int64_t unit_id, int64_t account_id, arena *a, const char ***out, int *n, err *e)
{
	sqlite3_stmt *st = db_stmt(d, account_id
		? "SELECT email FROM accounts WHERE id = ?1 AND disabled = 0 AND email <> ''"
		: "SELECT email FROM accounts WHERE unit_id = ?1 AND role = 'unit_head' AND disabled = 0 AND email <> '' ORDER BY id", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_int64(st, 1, account_id ? account_id : unit_id);
	int cap = 0, rc;
	const char **rows = NULL;
	*n = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) *(const char **)arena_push(a, &rows, n, &cap, sizeof *rows) = dup(a, st, 0);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) return db_fail(d, e);
	*out = rows;
	return 0;
}

int duty_repo_units(db *d, arena *a, duty_score **out, int *n, err *e)
{
	sqlite3_stmt *st = db_stmt(d, "SELECT id, code, name_vi, name_en FROM units ORDER BY code", e);
	if (!st) return MB_EINTERNAL;
	int cap = 0, rc;
	duty_score *rows = NULL;
	*n = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		duty_score *s = arena_push(a, &rows, n, &cap, sizeof *rows);
		memset(s, 0, sizeof *s);
		s->unit_id = sqlite3_column_int64(st, 0);
		s->unit_code = dup(a, st, 1);
		s->unit_name_vi = dup(a, st, 2);
		s->unit_name_en = dup(a, st, 3);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) return db_fail(d, e);
	*out = rows;
	return 0;
}

