/* repo.c — the SQL of discipline: forms and limits (dated data), cases. */
#include <string.h>

#include "discipline/repo.h"

static const char *dup(arena *a, sqlite3_stmt *st, int i) { return arena_strdup(a, db_text(st, i)); }

static void bind_str(sqlite3_stmt *st, int i, const char *s)
{
	if (s && *s) sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
	else sqlite3_bind_null(st, i);
}

#define FORM_COLS "regime, form, valid_from, coalesce(valid_to, ''), name_vi, name_en, severity, leaders_only, limitation_months"

static void form_read(sqlite3_stmt *st, arena *a, discipline_form *out)
{
	out->regime = dup(a, st, 0);
	out->form = dup(a, st, 1);
	out->valid_from = dup(a, st, 2);
	out->valid_to = dup(a, st, 3);
	out->name_vi = dup(a, st, 4);
	out->name_en = dup(a, st, 5);
	out->severity = sqlite3_column_int(st, 6);
	out->leaders_only = sqlite3_column_int(st, 7) != 0;
	out->limitation_months = sqlite3_column_int(st, 8);
}

int discipline_repo_form(db *d, const char *regime, const char *form, const char *date, arena *a, discipline_form *out,
                         err *e)
{
	sqlite3_stmt *st = db_stmt(d,
		"SELECT " FORM_COLS
		" FROM discipline_forms WHERE regime = ?1 AND form = ?2 AND valid_from <= ?3 AND (valid_to IS NULL OR valid_to >= ?3)"
		" ORDER BY valid_from DESC LIMIT 1", e);
	if (!st) return MB_EINTERNAL;
	bind_str(st, 1, regime);
	bind_str(st, 2, form);
	bind_str(st, 3, date);
	int rc = db_row(d, st, e);
	if (rc <= 0) return rc;
	form_read(st, a, out);
	sqlite3_reset(st);
	return 1;
}

int discipline_repo_forms(db *d, const char *regime, const char *date, arena *a, discipline_form **out, int *n, err *e)
{
	sqlite3_stmt *st = db_stmt(d,
		"SELECT " FORM_COLS
		" FROM discipline_forms WHERE regime = ?1 AND valid_from <= ?2 AND (valid_to IS NULL OR valid_to >= ?2)"
		" ORDER BY severity, form LIMIT 50", e);
	if (!st) return MB_EINTERNAL;
	bind_str(st, 1, regime);
	bind_str(st, 2, date);
	DB_READ_ALL(d, st, a, out, n, discipline_form, form_read);
}

int discipline_repo_form_insert(db *d, const discipline_form *f, const char *source, err *e)
{
	sqlite3_stmt *st = db_stmt(d, "INSERT INTO discipline_forms(regime, form, valid_from, valid_to, severity, leaders_only,"
	                              " limitation_months, name_vi, name_en, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", e);
	if (!st) return MB_EINTERNAL;
	bind_str(st, 1, f->regime);
	bind_str(st, 2, f->form);
	bind_str(st, 3, f->valid_from);
	bind_str(st, 4, f->valid_to);
	sqlite3_bind_int(st, 5, f->severity);
	sqlite3_bind_int(st, 6, f->leaders_only);
	sqlite3_bind_int(st, 7, f->limitation_months);
	bind_str(st, 8, f->name_vi);
	bind_str(st, 9, f->name_en);
	bind_str(st, 10, source);
	return db_done(d, st, e);
}

int discipline_repo_limit_insert(db *d, const char *param, const char *from, const char *to, int value, const char *source,
                                 err *e)
{
	sqlite3_stmt *st = db_stmt(d, "INSERT INTO discipline_limits(param, valid_from, valid_to, value, source) VALUES (?, ?, ?, ?, ?)", e);
	if (!st) return MB_EINTERNAL;
	bind_str(st, 1, param);
	bind_str(st, 2, from);
	bind_str(st, 3, to);
	sqlite3_bind_int(st, 4, value);
	bind_str(st, 5, source);
	return db_done(d, st, e);
}

int discipline_repo_count(db *d, int64_t *n, err *e)
{
	int rc = db_lookup_int64(d, "SELECT (SELECT count(*) FROM discipline_forms) + (SELECT count(*) FROM discipline_limits)"
	                            " WHERE ?1 IS NULL", NULL, n, e);
	return rc < 0 ? rc : 0;
}

int discipline_repo_limits(db *d, const char *date, discipline_limits *out, err *e)
{
	sqlite3_stmt *st = db_stmt(d,
		"SELECT param, value FROM discipline_limits l WHERE valid_from <= ?1 AND (valid_to IS NULL OR valid_to >= ?1)"
		" AND valid_from = (SELECT max(valid_from) FROM discipline_limits m WHERE m.param = l.param AND m.valid_from <= ?1)", e);
	if (!st) return MB_EINTERNAL;
	bind_str(st, 1, date);
	memset(out, 0, sizeof *out);
	int found = 0, rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *p = db_text(st, 0);
		int v = sqlite3_column_int(st, 1);
		if (!strcmp(p, "handling_days")) { out->handling_days = v; found |= 1; }
		else if (!strcmp(p, "handling_days_complex")) { out->handling_days_complex = v; found |= 2; }
		else if (!strcmp(p, "step_working_days")) { out->step_working_days = v; found |= 4; }
		else if (!strcmp(p, "warn_before_days")) { out->warn_before_days = v; found |= 8; }
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) return db_fail(d, e);
	return found == 15;
}

int discipline_repo_next_serial(db *d, int64_t *n, err *e)
{
	int rc = db_lookup_int64(d, "SELECT coalesce(max(id), 0) + 1 FROM discipline_cases WHERE ?1 IS NULL", NULL, n, e);
	return rc < 0 ? rc : 0;
}

int discipline_repo_insert(db *d, const discipline_row *x, int64_t *id, err *e)
{
	sqlite3_stmt *st = db_stmt(d,
		"INSERT INTO discipline_cases(code, account_id, unit_id, regime, leader, source_type, source_id, source_ref,"
		" violation_date, discovered_date, complex, summary, step, opened_at, opened_by, no_limitation)"
		" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'review', ?, ?, ?)", e);
	if (!st) return MB_EINTERNAL;
	bind_str(st, 1, x->code);
	sqlite3_bind_int64(st, 2, x->account_id);
	sqlite3_bind_int64(st, 3, x->unit_id);
	bind_str(st, 4, x->regime);
	sqlite3_bind_int(st, 5, x->leader);
	bind_str(st, 6, x->source_type);
	sqlite3_bind_int64(st, 7, x->source_id);
	sqlite3_bind_text(st, 8, x->source_ref ? x->source_ref : "", -1, SQLITE_STATIC);
	bind_str(st, 9, x->violation_date);
	bind_str(st, 10, x->discovered_date);
	sqlite3_bind_int(st, 11, x->complex);
	bind_str(st, 12, x->summary);
	db_bind_time(st, 13, x->opened_at);
	db_bind_id(st, 14, x->opened_by);
	if (x->no_limitation && *x->no_limitation) bind_str(st, 15, x->no_limitation);
	else sqlite3_bind_null(st, 15);
	if (db_done(d, st, e)) return MB_EINTERNAL;
	*id = sqlite3_last_insert_rowid(db_handle(d));
	return 0;
}

#define COLS                                                                                                           \
	"x.id, x.code, x.account_id, acc.login, acc.display_name, x.unit_id, u.code, x.regime, x.leader, x.source_type,"  \
	" x.source_id, x.source_ref, x.violation_date, x.discovered_date, x.complex, x.summary, x.step,"                 \
	" coalesce(x.review_date, ''), coalesce(x.council_date, ''), coalesce(x.decision_date, ''), coalesce(x.form, ''),"  \
	" coalesce(x.decision_ref, ''), coalesce(x.deciding_body, ''), coalesce(x.duty_id, 0), x.opened_at,"             \
	" coalesce((SELECT f.name_vi FROM discipline_forms f WHERE f.regime = x.regime AND f.form = x.form"              \
	" ORDER BY f.valid_from DESC LIMIT 1), ''), coalesce(x.no_limitation, '')"                                       \
	" FROM discipline_cases x JOIN accounts acc ON acc.id = x.account_id JOIN units u ON u.id = x.unit_id"

static void row_read(sqlite3_stmt *st, arena *a, discipline_row *x)
{
	memset(x, 0, sizeof *x);
	x->id = sqlite3_column_int64(st, 0);
	x->code = dup(a, st, 1);
	x->account_id = sqlite3_column_int64(st, 2);
	x->login = dup(a, st, 3);
	x->name = dup(a, st, 4);
	x->unit_id = sqlite3_column_int64(st, 5);
	x->unit_code = dup(a, st, 6);
	x->regime = dup(a, st, 7);
	x->leader = sqlite3_column_int(st, 8) != 0;
	x->source_type = dup(a, st, 9);
	x->source_id = sqlite3_column_int64(st, 10);
	x->source_ref = dup(a, st, 11);
	x->violation_date = dup(a, st, 12);
	x->discovered_date = dup(a, st, 13);
	x->complex = sqlite3_column_int(st, 14) != 0;
	x->summary = dup(a, st, 15);
	x->step = dup(a, st, 16);
	x->review_date = dup(a, st, 17);
	x->council_date = dup(a, st, 18);
	x->decision_date = dup(a, st, 19);
	x->form = dup(a, st, 20);
	x->decision_ref = dup(a, st, 21);
	x->deciding_body = dup(a, st, 22);
	x->duty_id = sqlite3_column_int64(st, 23);
	x->opened_at = db_col_time(st, 24);
	x->form_name_vi = dup(a, st, 25);
	x->no_limitation = dup(a, st, 26);
}

int discipline_repo_get(db *d, const char *code, arena *a, discipline_row *out, err *e)
{
	sqlite3_stmt *st = db_stmt(d, "SELECT " COLS " WHERE x.code = ?", e);
	if (!st) return MB_EINTERNAL;
	bind_str(st, 1, code);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_DONE) { sqlite3_reset(st); return 0; }
	if (rc != SQLITE_ROW) { int f = db_fail(d, e); sqlite3_reset(st); return f; }
	row_read(st, a, out);
	sqlite3_reset(st);
	return 1;
}

int discipline_repo_update(db *d, const discipline_row *x, err *e)
{
	sqlite3_stmt *st = db_stmt(d, "UPDATE discipline_cases SET step = ?, review_date = ?, council_date = ?, decision_date = ?,"
	                              " form = ?, decision_ref = ?, deciding_body = ?, duty_id = ? WHERE id = ?", e);
	if (!st) return MB_EINTERNAL;
	bind_str(st, 1, x->step);
	bind_str(st, 2, x->review_date);
	bind_str(st, 3, x->council_date);
	bind_str(st, 4, x->decision_date);
	bind_str(st, 5, x->form);
	bind_str(st, 6, x->decision_ref);
	bind_str(st, 7, x->deciding_body);
	db_bind_id(st, 8, x->duty_id);
	sqlite3_bind_int64(st, 9, x->id);
	return db_done(d, st, e);
}

int discipline_repo_of_account(db *d, int64_t account_id, arena *a, discipline_row **out, int *n, err *e)
{
	sqlite3_stmt *st = db_stmt(d, "SELECT " COLS " WHERE x.account_id = ? ORDER BY x.violation_date DESC, x.id DESC LIMIT 100", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_int64(st, 1, account_id);
	int cap = 0, rc;
	discipline_row *rows = NULL;
	*n = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) row_read(st, a, arena_push(a, &rows, n, &cap, sizeof *rows));
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) return db_fail(d, e);
	*out = rows;
	return 0;
}

int discipline_repo_violations(db *d, int64_t account_id, int64_t except_id, arena *a, const char ***out, int *n, err *e)
{
	sqlite3_stmt *st = db_stmt(d, "SELECT violation_date FROM discipline_cases WHERE account_id = ? AND id <> ?"
	                              " ORDER BY violation_date LIMIT 1000", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_int64(st, 1, account_id);
	sqlite3_bind_int64(st, 2, except_id);
	int cap = 0, rc;
	const char **rows = NULL;
	*n = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) *(const char **)arena_push(a, &rows, n, &cap, sizeof *rows) = dup(a, st, 0);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) return db_fail(d, e);
	*out = rows;
	return 0;
}

/* The two dated lists of kinds, one table each, the same shape: the kinds of
 * period not counted in the limitation clock (sql/0043) and the grounds on
 * which no limitation applies (sql/0044). Static statement text per list. */
static const char *const kind_insert[DL__MAX] = {
	"INSERT INTO discipline_exclusion_kinds(kind, valid_from, valid_to, name_vi, name_en, source) VALUES (?, ?, ?, ?, ?, ?)",
	"INSERT INTO discipline_no_limitation_grounds(ground, valid_from, valid_to, name_vi, name_en, source)"
	" VALUES (?, ?, ?, ?, ?, ?)",
};
static const char *const kind_count[DL__MAX] = {
	"SELECT count(*) FROM discipline_exclusion_kinds WHERE ?1 IS NULL",
	"SELECT count(*) FROM discipline_no_limitation_grounds WHERE ?1 IS NULL",
};
static const char *const kind_list[DL__MAX] = {
	"SELECT kind, name_vi, name_en, source FROM discipline_exclusion_kinds k"
	" WHERE valid_from <= ?1 AND (valid_to IS NULL OR valid_to >= ?1) AND (?2 IS NULL OR kind = ?2)"
	" AND valid_from = (SELECT max(valid_from) FROM discipline_exclusion_kinds m WHERE m.kind = k.kind AND m.valid_from <= ?1)"
	" ORDER BY kind LIMIT 50",
	"SELECT ground, name_vi, name_en, source FROM discipline_no_limitation_grounds k"
	" WHERE valid_from <= ?1 AND (valid_to IS NULL OR valid_to >= ?1) AND (?2 IS NULL OR ground = ?2)"
	" AND valid_from = (SELECT max(valid_from) FROM discipline_no_limitation_grounds m WHERE m.ground = k.ground"
	" AND m.valid_from <= ?1) ORDER BY ground LIMIT 50",
};

int discipline_repo_kind_insert(db *d, discipline_list l, const char *kind, const char *from, const char *to,
                                const char *name_vi, const char *name_en, const char *source, err *e)
{
	sqlite3_stmt *st = db_stmt(d, kind_insert[l], e);
	if (!st) return MB_EINTERNAL;
	bind_str(st, 1, kind);
	bind_str(st, 2, from);
	bind_str(st, 3, to);
	bind_str(st, 4, name_vi);
	bind_str(st, 5, name_en);
	bind_str(st, 6, source);
	return db_done(d, st, e);
}

int discipline_repo_exclusion_kinds_count(db *d, int64_t *n, err *e)
{
	int rc = db_lookup_int64(d, kind_count[DL_EXCLUSION], NULL, n, e);
	return rc < 0 ? rc : 0;
}

int discipline_repo_no_limitation_count(db *d, int64_t *n, err *e)
{
	int rc = db_lookup_int64(d, kind_count[DL_NO_LIMITATION], NULL, n, e);
	return rc < 0 ? rc : 0;
}

static void kind_read(sqlite3_stmt *st, arena *a, discipline_exclusion_kind *k)
{
	k->kind = dup(a, st, 0);
	k->name_vi = dup(a, st, 1);
	k->name_en = dup(a, st, 2);
	k->source = dup(a, st, 3);
}

int discipline_repo_kinds(db *d, discipline_list l, const char *date, const char *kind, arena *a,
                          discipline_exclusion_kind **out, int *n, err *e)
{
	sqlite3_stmt *st = db_stmt(d, kind_list[l], e);
	if (!st) return MB_EINTERNAL;
	bind_str(st, 1, date);
	bind_str(st, 2, kind);
	DB_READ_ALL(d, st, a, out, n, discipline_exclusion_kind, kind_read);
}

int discipline_repo_exclusion_insert(db *d, int64_t case_id, const discipline_exclusion_in *in, int64_t at, int64_t by,
                                     int64_t *id, err *e)
{
	sqlite3_stmt *st = db_stmt(d, "INSERT INTO discipline_exclusions(case_id, kind, start_date, end_date, reason, recorded_at,"
	                              " recorded_by) VALUES (?, ?, ?, ?, ?, ?, ?)", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_int64(st, 1, case_id);
	bind_str(st, 2, in->kind);
	bind_str(st, 3, in->start_date);
	bind_str(st, 4, in->end_date);
	bind_str(st, 5, in->reason);
	db_bind_time(st, 6, at);
	sqlite3_bind_int64(st, 7, by);
	if (db_done(d, st, e)) return MB_EINTERNAL;
	*id = sqlite3_last_insert_rowid(db_handle(d));
	return 0;
}

static void exclusion_read(sqlite3_stmt *st, arena *a, discipline_exclusion *x)
{
	x->id = sqlite3_column_int64(st, 0);
	x->kind = dup(a, st, 1);
	x->start_date = dup(a, st, 2);
	x->end_date = dup(a, st, 3);
	x->reason = dup(a, st, 4);
	x->recorded_at = db_col_time(st, 5);
	x->recorded_by = dup(a, st, 6);
	x->name_vi = dup(a, st, 7);
	x->name_en = dup(a, st, 8);
}

int discipline_repo_exclusions(db *d, int64_t case_id, arena *a, discipline_exclusion **out, int *n, err *e)
{
	sqlite3_stmt *st = db_stmt(d,
		"SELECT x.id, x.kind, x.start_date, coalesce(x.end_date, ''), x.reason, x.recorded_at, acc.login,"
		" coalesce((SELECT k.name_vi FROM discipline_exclusion_kinds k WHERE k.kind = x.kind ORDER BY k.valid_from DESC LIMIT 1), x.kind),"
		" coalesce((SELECT k.name_en FROM discipline_exclusion_kinds k WHERE k.kind = x.kind ORDER BY k.valid_from DESC LIMIT 1), x.kind)"
		" FROM discipline_exclusions x JOIN accounts acc ON acc.id = x.recorded_by"
		" WHERE x.case_id = ? ORDER BY x.start_date, x.id LIMIT 100", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_int64(st, 1, case_id);
	DB_READ_ALL(d, st, a, out, n, discipline_exclusion, exclusion_read);
}

int discipline_repo_exclusion_set_end(db *d, int64_t id, const char *end_date, err *e)
{
	sqlite3_stmt *st = db_stmt(d, "UPDATE discipline_exclusions SET end_date = ? WHERE id = ? AND end_date IS NULL", e);
	if (!st) return MB_EINTERNAL;
	bind_str(st, 1, end_date);
	sqlite3_bind_int64(st, 2, id);
	return db_done(d, st, e);
}

int discipline_repo_demo_case(db *d, const char *unit_code, arena *a, const char **code, err *e)
{
	sqlite3_stmt *st = db_stmt(d, "SELECT c.code FROM cases c JOIN units u ON u.id = c.unit_id WHERE u.code = ? AND c.at_fault = 1"
	                              " ORDER BY c.id LIMIT 1", e);
	if (!st) return MB_EINTERNAL;
	bind_str(st, 1, unit_code);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_DONE) { sqlite3_reset(st); return 0; }
	if (rc != SQLITE_ROW) { int f = db_fail(d, e); sqlite3_reset(st); return f; }
	*code = dup(a, st, 0);
	sqlite3_reset(st);
	return 1;
}
