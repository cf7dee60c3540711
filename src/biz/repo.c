/* repo.c — the SQL of inspections of businesses. Statements are static text:
 * db_stmt() caches them by pointer and text. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "biz/repo.h"

static const char *dup(arena *a, sqlite3_stmt *st, int col)
{
	return sqlite3_column_type(st, col) == SQLITE_NULL ? NULL : arena_strdup(a, db_text(st, col));
}

static void bind_opt(sqlite3_stmt *st, int i, const char *s)
{
	if (s) sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
	else sqlite3_bind_null(st, i);
}

/* Steps a statement expected to give at most one row: 1 row (left for the
 * caller to read, who resets), 0 none (reset), <0 error. */
static int one(db *d, sqlite3_stmt *st, err *e)
{
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) return 1;
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : db_fail(d, e);
}

/* --- reference data --- */

int biz_repo_rule_put(db *d, const char *const f[7], err *e)
{
	sqlite3_stmt *st = db_stmt(d, "INSERT OR REPLACE INTO biz_rules(rule_id, rule, number, valid_from, valid_to, source, mark)"
	                              " VALUES (?, ?, ?, ?, ?, ?, ?)", e);
	if (!st) return MB_EINTERNAL;
	for (int i = 0; i < 7; i++) {
		if ((i == 2 || i == 4) && !*f[i]) sqlite3_bind_null(st, i + 1);
		else if (i == 2) sqlite3_bind_int(st, 3, (int)strtol(f[2], NULL, 10));
		else sqlite3_bind_text(st, i + 1, f[i], -1, SQLITE_STATIC);
	}
	return db_done(d, st, e);
}

int biz_repo_deadline_put(db *d, int year, const char *deadline, const char *source, const char *mark, err *e)
{
	sqlite3_stmt *st = db_stmt(d, "INSERT OR REPLACE INTO biz_plan_deadlines(plan_year, deadline, source, mark)"
	                              " VALUES (?, ?, ?, ?)", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_int(st, 1, year);
	sqlite3_bind_text(st, 2, deadline, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, source, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, mark, -1, SQLITE_STATIC);
	return db_done(d, st, e);
}

int biz_repo_subject_put(db *d, const char *const f[5], err *e)
{
	sqlite3_stmt *st = db_stmt(d, "INSERT OR REPLACE INTO biz_subjects(code, name_vi, name_en, valid_from, valid_to)"
	                              " VALUES (?, ?, ?, ?, ?)", e);
	if (!st) return MB_EINTERNAL;
	for (int i = 0; i < 4; i++) sqlite3_bind_text(st, i + 1, f[i], -1, SQLITE_STATIC);
	bind_opt(st, 5, *f[4] ? f[4] : NULL);
	return db_done(d, st, e);
}

int biz_repo_rule_number(db *d, const char *rule_id, const char *date, int *n, err *e)
{
	sqlite3_stmt *st = db_stmt(d, "SELECT coalesce(number, -1) FROM biz_rules WHERE rule_id = ? AND valid_from <= ?2"
	                              " AND (valid_to IS NULL OR valid_to >= ?2) ORDER BY valid_from DESC LIMIT 1", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_text(st, 1, rule_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, date, -1, SQLITE_STATIC);
	int rc = one(d, st, e);
	if (rc == 1) {
		*n = sqlite3_column_int(st, 0);
		sqlite3_reset(st);
	}
	return rc;
}

int biz_repo_deadline(db *d, int year, char out[16], err *e)
{
	sqlite3_stmt *st = db_stmt(d, "SELECT deadline FROM biz_plan_deadlines WHERE plan_year = ?", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_int(st, 1, year);
	int rc = one(d, st, e);
	if (rc == 1) {
		snprintf(out, 16, "%s", db_text(st, 0));
		sqlite3_reset(st);
	}
	return rc;
}

int biz_repo_subject(db *d, const char *code, const char *date, arena *a, const char **vi, err *e)
{
	sqlite3_stmt *st = db_stmt(d, "SELECT name_vi FROM biz_subjects WHERE code = ? AND valid_from <= ?2"
	                              " AND (valid_to IS NULL OR valid_to >= ?2)", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, date, -1, SQLITE_STATIC);
	int rc = one(d, st, e);
	if (rc == 1) {
		*vi = arena_strdup(a, db_text(st, 0));
		sqlite3_reset(st);
	}
	return rc;
}

int biz_repo_subjects(db *d, arena *a, const char ***codes, const char ***names, int *n, err *e)
{
	sqlite3_stmt *st = db_stmt(d, "SELECT code, name_vi FROM biz_subjects WHERE valid_to IS NULL ORDER BY name_vi", e);
	if (!st) return MB_EINTERNAL;
	int cap = 0, cap2 = 0, n2 = 0, rc;
	*codes = NULL;
	*names = NULL;
	*n = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*(const char **)arena_push(a, codes, n, &cap, sizeof **codes) = arena_strdup(a, db_text(st, 0));
		*(const char **)arena_push(a, names, &n2, &cap2, sizeof **names) = arena_strdup(a, db_text(st, 1));
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : db_fail(d, e);
}

/* --- businesses --- */

#define BIZ_COLS "b.id, b.tax_code, b.kind, b.name, b.address, b.unit_id, b.lines, u.code, u.name_vi"
#define BIZ_FROM " FROM biz_businesses b JOIN units u ON u.id = b.unit_id"

static void read_business(sqlite3_stmt *st, arena *a, biz_business *b)
{
	b->id = sqlite3_column_int64(st, 0);
	b->tax_code = arena_strdup(a, db_text(st, 1));
	b->kind = arena_strdup(a, db_text(st, 2));
	b->name = arena_strdup(a, db_text(st, 3));
	b->address = arena_strdup(a, db_text(st, 4));
	b->unit_id = sqlite3_column_int64(st, 5);
	b->lines = arena_strdup(a, db_text(st, 6));
	b->unit_code = arena_strdup(a, db_text(st, 7));
	b->unit_name_vi = arena_strdup(a, db_text(st, 8));
}

int biz_repo_business_put(db *d, const biz_business *b, const char *fold, const char *at, bool *created, err *e)
{
	sqlite3_stmt *st = db_stmt(d, "SELECT id FROM biz_businesses WHERE tax_code = ?", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_text(st, 1, b->tax_code, -1, SQLITE_STATIC);
	int rc = one(d, st, e);
	if (rc < 0) return rc;
	int64_t id = rc == 1 ? sqlite3_column_int64(st, 0) : 0;
	if (rc == 1) sqlite3_reset(st);
	*created = id == 0;
	if (id) {
		st = db_stmt(d, "UPDATE biz_businesses SET kind = ?2, name = ?3, address = ?4, unit_id = ?5, lines = ?6,"
		                " updated_at = ?7 WHERE id = ?1", e);
	} else {
		st = db_stmt(d, "INSERT INTO biz_businesses(id, kind, name, address, unit_id, lines, updated_at, created_at, tax_code)"
		                " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7, ?8)", e);
	}
	if (!st) return MB_EINTERNAL;
	db_bind_id(st, 1, id);
	sqlite3_bind_text(st, 2, b->kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, b->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, b->address, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 5, b->unit_id);
	sqlite3_bind_text(st, 6, b->lines ? b->lines : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, at, -1, SQLITE_STATIC);
	if (!id) sqlite3_bind_text(st, 8, b->tax_code, -1, SQLITE_STATIC);
	if (db_done(d, st, e)) return MB_EINTERNAL;
	if (!id) id = sqlite3_last_insert_rowid(db_handle(d));
	st = db_stmt(d, "DELETE FROM biz_fts WHERE rowid = ?", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_int64(st, 1, id);
	if (db_done(d, st, e)) return MB_EINTERNAL;
	st = db_stmt(d, "INSERT INTO biz_fts(rowid, tax_code, text) VALUES (?, ?, ?)", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, b->tax_code, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, fold, -1, SQLITE_STATIC);
	return db_done(d, st, e);
}

int biz_repo_business_get(db *d, const char *tax_code, arena *a, biz_business *out, err *e)
{
	sqlite3_stmt *st = db_stmt(d, "SELECT " BIZ_COLS BIZ_FROM " WHERE b.tax_code = ?", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_text(st, 1, tax_code, -1, SQLITE_STATIC);
	int rc = one(d, st, e);
	if (rc == 1) {
		read_business(st, a, out);
		sqlite3_reset(st);
	}
	return rc;
}

int biz_repo_business_search(db *d, const char *q, int64_t after, int max, arena *a, biz_business **out, int *n, err *e)
{
	sqlite3_stmt *st = q ? db_stmt(d, "SELECT " BIZ_COLS " FROM biz_fts f JOIN biz_businesses b ON b.id = f.rowid"
	                                  " JOIN units u ON u.id = b.unit_id WHERE biz_fts MATCH ?1 AND f.rowid > ?2"
	                                  " ORDER BY f.rowid LIMIT ?3", e)
	                     : db_stmt(d, "SELECT " BIZ_COLS BIZ_FROM " WHERE ?1 IS NULL AND b.id > ?2 ORDER BY b.id LIMIT ?3", e);
	if (!st) return MB_EINTERNAL;
	bind_opt(st, 1, q);
	sqlite3_bind_int64(st, 2, after);
	sqlite3_bind_int(st, 3, max);
	int cap = 0, rc;
	*out = NULL;
	*n = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) read_business(st, a, arena_push(a, out, n, &cap, sizeof **out));
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : db_fail(d, e);
}

/* --- plans --- */

#define PLAN_COLS "p.id, p.unit_id, p.year, p.state, p.submitted_at, p.late_reason, p.approved_at," \
	" coalesce(p.approved_by, 0), u.code, u.name_vi, u.name_en"
#define PLAN_FROM " FROM biz_plans p JOIN units u ON u.id = p.unit_id"

static void read_plan(sqlite3_stmt *st, arena *a, biz_plan *p)
{
	p->id = sqlite3_column_int64(st, 0);
	p->unit_id = sqlite3_column_int64(st, 1);
	p->year = sqlite3_column_int(st, 2);
	p->state = arena_strdup(a, db_text(st, 3));
	p->submitted_at = dup(a, st, 4);
	p->late_reason = dup(a, st, 5);
	p->approved_at = dup(a, st, 6);
	p->approved_by = sqlite3_column_int64(st, 7);
	p->unit_code = arena_strdup(a, db_text(st, 8));
	p->unit_name_vi = arena_strdup(a, db_text(st, 9));
	p->unit_name_en = arena_strdup(a, db_text(st, 10));
}

int biz_repo_plan_get(db *d, int64_t id, arena *a, biz_plan *out, err *e)
{
	sqlite3_stmt *st = db_stmt(d, "SELECT " PLAN_COLS PLAN_FROM " WHERE p.id = ?", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_int64(st, 1, id);
	int rc = one(d, st, e);
	if (rc == 1) {
		read_plan(st, a, out);
		sqlite3_reset(st);
	}
	return rc;
}

int biz_repo_plan_find(db *d, int64_t unit_id, int year, arena *a, biz_plan *out, err *e)
{
	sqlite3_stmt *st = db_stmt(d, "SELECT " PLAN_COLS PLAN_FROM " WHERE p.unit_id = ? AND p.year = ?", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_int64(st, 1, unit_id);
	sqlite3_bind_int(st, 2, year);
	int rc = one(d, st, e);
	if (rc == 1) {
		read_plan(st, a, out);
		sqlite3_reset(st);
	}
	return rc;
}

int biz_repo_plans_of_year(db *d, int year, arena *a, biz_plan **out, int *n, err *e)
{
	sqlite3_stmt *st = db_stmt(d, "SELECT " PLAN_COLS PLAN_FROM " WHERE p.year = ? ORDER BY u.name_vi", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_int(st, 1, year);
	int cap = 0, rc;
	*out = NULL;
	*n = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) read_plan(st, a, arena_push(a, out, n, &cap, sizeof **out));
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : db_fail(d, e);
}

int biz_repo_plan_insert(db *d, int64_t unit_id, int year, int64_t *id, err *e)
{
	sqlite3_stmt *st = db_stmt(d, "INSERT INTO biz_plans(unit_id, year, state) VALUES (?, ?, 'draft')", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_int64(st, 1, unit_id);
	sqlite3_bind_int(st, 2, year);
	if (db_done(d, st, e)) return MB_EINTERNAL;
	*id = sqlite3_last_insert_rowid(db_handle(d));
	return 0;
}

int biz_repo_plan_submit(db *d, int64_t id, const char *at, const char *late_reason, err *e)
{
	sqlite3_stmt *st = db_stmt(d, "UPDATE biz_plans SET state = 'submitted', submitted_at = ?, late_reason = ? WHERE id = ?", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_text(st, 1, at, -1, SQLITE_STATIC);
	bind_opt(st, 2, late_reason);
	sqlite3_bind_int64(st, 3, id);
	return db_done(d, st, e);
}

int biz_repo_plan_approve(db *d, int64_t id, const char *at, int64_t by, err *e)
{
	sqlite3_stmt *st = db_stmt(d, "UPDATE biz_plans SET state = 'approved', approved_at = ?, approved_by = ? WHERE id = ?", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_text(st, 1, at, -1, SQLITE_STATIC);
	db_bind_id(st, 2, by);
	sqlite3_bind_int64(st, 3, id);
	return db_done(d, st, e);
}

int biz_repo_plan_has_open(db *d, int64_t plan_id, err *e)
{
	/* Bounded by the plan's own entries: each looks up its conflicts by (tax code, year). */
	sqlite3_stmt *st = db_stmt(d, "SELECT 1 FROM biz_entries en JOIN biz_conflicts c"
	                              " ON c.tax_code = en.tax_code AND c.year = en.year"
	                              " WHERE en.plan_id = ? AND c.state = 'open' AND (c.entry_a = en.id OR c.entry_b = en.id)"
	                              " LIMIT 1", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_int64(st, 1, plan_id);
	int rc = one(d, st, e);
	if (rc == 1) sqlite3_reset(st);
	return rc;
}

/* --- entries --- */

#define ENTRY_COLS "en.id, en.code, coalesce(en.plan_id, 0), en.unit_id, en.year, en.tax_code, en.kind, en.subject," \
	" en.legal_basis, en.months, en.team_lead, en.adhoc, en.grounds, en.decision_no, en.period_from, en.period_to," \
	" en.content, en.state, coalesce(en.joint_with, 0), en.started_on, en.ended_on, en.rate_code, en.rate_secret," \
	" en.conclusion_sha, en.conclusion_at, en.findings, en.sanctions, u.code, u.name_vi, b.name," \
	" coalesce(p.state, ''), s.name_vi, s.name_en"
#define ENTRY_FROM " FROM biz_entries en JOIN units u ON u.id = en.unit_id" \
	" JOIN biz_businesses b ON b.tax_code = en.tax_code JOIN biz_subjects s ON s.code = en.subject" \
	" LEFT JOIN biz_plans p ON p.id = en.plan_id"

static void read_entry(sqlite3_stmt *st, arena *a, biz_entry *x)
{
	memset(x, 0, sizeof *x);
	x->id = sqlite3_column_int64(st, 0);
	x->code = arena_strdup(a, db_text(st, 1));
	x->plan_id = sqlite3_column_int64(st, 2);
	x->unit_id = sqlite3_column_int64(st, 3);
	x->year = sqlite3_column_int(st, 4);
	x->tax_code = arena_strdup(a, db_text(st, 5));
	x->kind = strcmp(db_text(st, 6), "thanh_tra") ? BIZ_KIEM_TRA : BIZ_THANH_TRA;
	x->subject = arena_strdup(a, db_text(st, 7));
	x->legal_basis = arena_strdup(a, db_text(st, 8));
	x->months = sqlite3_column_int(st, 9);
	x->team_lead = arena_strdup(a, db_text(st, 10));
	x->adhoc = sqlite3_column_int(st, 11) != 0;
	x->grounds = dup(a, st, 12);
	x->decision_no = dup(a, st, 13);
	x->period_from = dup(a, st, 14);
	x->period_to = dup(a, st, 15);
	x->content = dup(a, st, 16);
	x->state = arena_strdup(a, db_text(st, 17));
	x->joint_with = sqlite3_column_int64(st, 18);
	x->started_on = dup(a, st, 19);
	x->ended_on = dup(a, st, 20);
	x->rate_code = dup(a, st, 21);
	x->rate_secret = dup(a, st, 22);
	x->conclusion_sha = dup(a, st, 23);
	x->conclusion_at = dup(a, st, 24);
	x->findings = dup(a, st, 25);
	x->sanctions = dup(a, st, 26);
	x->unit_code = arena_strdup(a, db_text(st, 27));
	x->unit_name_vi = arena_strdup(a, db_text(st, 28));
	x->business_name = arena_strdup(a, db_text(st, 29));
	x->plan_state = arena_strdup(a, db_text(st, 30));
	x->subject_vi = arena_strdup(a, db_text(st, 31));
	x->subject_en = arena_strdup(a, db_text(st, 32));
}

int biz_repo_entry_insert(db *d, biz_entry *x, const char *at, arena *a, err *e)
{
	sqlite3_stmt *st = db_stmt(d, "INSERT INTO biz_entries(code, plan_id, unit_id, year, tax_code, kind, subject, legal_basis,"
	                              " months, team_lead, adhoc, grounds, decision_no, period_from, period_to, content, created_at)"
	                              " VALUES ('', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", e);
	if (!st) return MB_EINTERNAL;
	db_bind_id(st, 1, x->plan_id);
	sqlite3_bind_int64(st, 2, x->unit_id);
	sqlite3_bind_int(st, 3, x->year);
	sqlite3_bind_text(st, 4, x->tax_code, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, biz_kind_name(x->kind), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, x->subject, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, x->legal_basis, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 8, x->months);
	sqlite3_bind_text(st, 9, x->team_lead, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 10, x->adhoc);
	bind_opt(st, 11, x->grounds);
	bind_opt(st, 12, x->decision_no);
	bind_opt(st, 13, x->period_from);
	bind_opt(st, 14, x->period_to);
	bind_opt(st, 15, x->content);
	sqlite3_bind_text(st, 16, at, -1, SQLITE_STATIC);
	if (db_done(d, st, e)) return MB_EINTERNAL;
	x->id = sqlite3_last_insert_rowid(db_handle(d));
	x->code = arena_printf(a, "%s-%d-%06lld", x->kind == BIZ_THANH_TRA ? "TT" : "KT", x->year, (long long)x->id);
	st = db_stmt(d, "UPDATE biz_entries SET code = ? WHERE id = ?", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_text(st, 1, x->code, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, x->id);
	return db_done(d, st, e);
}

static int entry_where(db *d, sqlite3_stmt *st, arena *a, biz_entry *out, err *e)
{
	if (!st) return MB_EINTERNAL;
	int rc = one(d, st, e);
	if (rc == 1) {
		read_entry(st, a, out);
		sqlite3_reset(st);
	}
	return rc;
}

int biz_repo_entry_get(db *d, int64_t id, arena *a, biz_entry *out, err *e)
{
	sqlite3_stmt *st = db_stmt(d, "SELECT " ENTRY_COLS ENTRY_FROM " WHERE en.id = ?", e);
	if (st) sqlite3_bind_int64(st, 1, id);
	return entry_where(d, st, a, out, e);
}

int biz_repo_entry_by_code(db *d, const char *code, arena *a, biz_entry *out, err *e)
{
	sqlite3_stmt *st = db_stmt(d, "SELECT " ENTRY_COLS ENTRY_FROM " WHERE en.code = ?", e);
	if (st) sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
	return entry_where(d, st, a, out, e);
}

int biz_repo_entry_by_rate_code(db *d, const char *code, arena *a, biz_entry *out, err *e)
{
	sqlite3_stmt *st = db_stmt(d, "SELECT " ENTRY_COLS ENTRY_FROM " WHERE en.rate_code = ?", e);
	if (st) sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
	return entry_where(d, st, a, out, e);
}

static int entry_list(db *d, sqlite3_stmt *st, arena *a, biz_entry **out, int *n, err *e)
{
	int cap = 0, rc;
	*out = NULL;
	*n = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) read_entry(st, a, arena_push(a, out, n, &cap, sizeof **out));
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : db_fail(d, e);
}

int biz_repo_entries_of_plan(db *d, int64_t plan_id, arena *a, biz_entry **out, int *n, err *e)
{
	sqlite3_stmt *st = db_stmt(d, "SELECT " ENTRY_COLS ENTRY_FROM " WHERE en.plan_id = ? ORDER BY en.id", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_int64(st, 1, plan_id);
	return entry_list(d, st, a, out, n, e);
}

int biz_repo_entries_public(db *d, const char *tax_code, arena *a, biz_entry **out, int *n, err *e)
{
	sqlite3_stmt *st = db_stmt(d, "SELECT " ENTRY_COLS ENTRY_FROM " WHERE en.tax_code = ?"
	                              " AND (en.adhoc = 1 OR p.state = 'approved') AND en.state IN ('planned','started','ended')"
	                              " ORDER BY en.year DESC, en.id LIMIT 200", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_text(st, 1, tax_code, -1, SQLITE_STATIC);
	return entry_list(d, st, a, out, n, e);
}

int biz_repo_entry_state(db *d, int64_t id, const char *state, int64_t joint_with, err *e)
{
	sqlite3_stmt *st = db_stmt(d, "UPDATE biz_entries SET state = ?, joint_with = ? WHERE id = ?", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_text(st, 1, state, -1, SQLITE_STATIC);
	db_bind_id(st, 2, joint_with);
	sqlite3_bind_int64(st, 3, id);
	return db_done(d, st, e);
}

int biz_repo_entry_scope(db *d, int64_t id, const biz_scope *s, err *e)
{
	sqlite3_stmt *st = db_stmt(d, "UPDATE biz_entries SET subject = ?, period_from = ?, period_to = ?, content = ? WHERE id = ?", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_text(st, 1, s->subject, -1, SQLITE_STATIC);
	bind_opt(st, 2, s->period_from);
	bind_opt(st, 3, s->period_to);
	bind_opt(st, 4, s->content);
	sqlite3_bind_int64(st, 5, id);
	return db_done(d, st, e);
}

int biz_repo_entry_start(db *d, int64_t id, const char *date, const char *rate_code, const char *secret_hash, err *e)
{
	sqlite3_stmt *st = db_stmt(d, "UPDATE biz_entries SET state = 'started', started_on = ?, rate_code = ?, rate_secret = ?"
	                              " WHERE id = ?", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_text(st, 1, date, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, rate_code, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, secret_hash, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, id);
	return db_done(d, st, e);
}

int biz_repo_entry_end(db *d, int64_t id, const char *date, err *e)
{
	sqlite3_stmt *st = db_stmt(d, "UPDATE biz_entries SET state = 'ended', ended_on = ? WHERE id = ?", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_text(st, 1, date, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, id);
	return db_done(d, st, e);
}

int biz_repo_entry_conclusion(db *d, int64_t id, const char *sha, const char *at, const char *findings,
                              const char *sanctions, err *e)
{
	sqlite3_stmt *st = db_stmt(d, "UPDATE biz_entries SET conclusion_sha = ?, conclusion_at = ?, findings = ?, sanctions = ?"
	                              " WHERE id = ?", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_text(st, 1, sha, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, at, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, findings, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, sanctions ? sanctions : "", -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 5, id);
	return db_done(d, st, e);
}

int biz_repo_year_count(db *d, const char *tax_code, int year, biz_kind k, bool adhoc, int delta, err *e)
{
	sqlite3_stmt *st = db_stmt(d, "INSERT INTO biz_year_counts(tax_code, year, thanh_tra, kiem_tra, adhoc) VALUES (?1, ?2, ?3, ?4, ?5)"
	                              " ON CONFLICT(tax_code, year) DO UPDATE SET thanh_tra = thanh_tra + ?3,"
	                              " kiem_tra = kiem_tra + ?4, adhoc = adhoc + ?5", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_text(st, 1, tax_code, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, year);
	sqlite3_bind_int(st, 3, k == BIZ_THANH_TRA ? delta : 0);
	sqlite3_bind_int(st, 4, k == BIZ_KIEM_TRA ? delta : 0);
	sqlite3_bind_int(st, 5, adhoc ? delta : 0);
	return db_done(d, st, e);
}

int biz_repo_year_counts(db *d, const char *tax_code, arena *a, int **years, int **tt, int **kt, int **ah, int *n, err *e)
{
	sqlite3_stmt *st = db_stmt(d, "SELECT year, thanh_tra, kiem_tra, adhoc FROM biz_year_counts WHERE tax_code = ?"
	                              " ORDER BY year DESC LIMIT 20", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_text(st, 1, tax_code, -1, SQLITE_STATIC);
	*years = arena_alloc(a, 20 * sizeof(int));
	*tt = arena_alloc(a, 20 * sizeof(int));
	*kt = arena_alloc(a, 20 * sizeof(int));
	*ah = arena_alloc(a, 20 * sizeof(int));
	*n = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && *n < 20) {
		(*years)[*n] = sqlite3_column_int(st, 0);
		(*tt)[*n] = sqlite3_column_int(st, 1);
		(*kt)[*n] = sqlite3_column_int(st, 2);
		(*ah)[*n] = sqlite3_column_int(st, 3);
		(*n)++;
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 : db_fail(d, e);
}

/* --- the overlap check --- */

int biz_repo_items(db *d, const char *tax_code, int year, arena *a, biz_item **out, int *n, err *e)
{
	sqlite3_stmt *st = db_stmt(d, "SELECT id, unit_id, kind, subject, months, adhoc AND grounds IS NOT NULL, 0"
	                              " FROM biz_entries WHERE tax_code = ?1 AND year = ?2 AND state IN ('planned','started','ended')"
	                              " UNION ALL SELECT id, 0, 'thanh_tra', subject, months, 0, 1 FROM biz_audits"
	                              " WHERE year = ?2 AND tax_code = ?1 ORDER BY 7, 1", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_text(st, 1, tax_code, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, year);
	int cap = 0, rc;
	*out = NULL;
	*n = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		biz_item *it = arena_push(a, out, n, &cap, sizeof **out);
		it->id = sqlite3_column_int64(st, 0);
		it->unit_id = sqlite3_column_int64(st, 1);
		it->kind = strcmp(db_text(st, 2), "thanh_tra") ? BIZ_KIEM_TRA : BIZ_THANH_TRA;
		it->subject = arena_strdup(a, db_text(st, 3));
		it->months = sqlite3_column_int(st, 4);
		it->adhoc = sqlite3_column_int(st, 5) != 0;
		it->audit = sqlite3_column_int(st, 6) != 0;
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : db_fail(d, e);
}

int biz_repo_each_key(db *d, int year, biz_key_fn fn, void *cls, err *e)
{
	/* Every key of the year once, in index order: the entries' and the State Audit's. */
	sqlite3_stmt *st = db_stmt(d, "SELECT tax_code FROM biz_entries WHERE year = ?1 AND state IN ('planned','started','ended')"
	                              " UNION SELECT tax_code FROM biz_audits WHERE year = ?1"
	                              " UNION SELECT tax_code FROM biz_conflicts WHERE year = ?1 AND state <> 'gone'", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_int(st, 1, year);
	/* The callback writes through other statements of this connection: collect first. */
	arena a;
	arena_init(&a);
	const char **keys = NULL;
	int n = 0, cap = 0, rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		*(const char **)arena_push(&a, &keys, &n, &cap, sizeof *keys) = arena_strdup(&a, db_text(st, 0));
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) { arena_free(&a); return db_fail(d, e); }
	int r = 0;
	for (int i = 0; i < n && !r; i++) r = fn(d, keys[i], year, cls, e);
	arena_free(&a);
	return r;
}

#define CONF_COLS "id, tax_code, year, rule_id, entry_a, coalesce(entry_b, 0), coalesce(audit_id, 0), state," \
	" resolution, justification, resolved_at"

static void read_conflict(sqlite3_stmt *st, arena *a, biz_conflict_row *c)
{
	c->id = sqlite3_column_int64(st, 0);
	c->tax_code = arena_strdup(a, db_text(st, 1));
	c->year = sqlite3_column_int(st, 2);
	c->rule_id = arena_strdup(a, db_text(st, 3));
	c->entry_a = sqlite3_column_int64(st, 4);
	c->entry_b = sqlite3_column_int64(st, 5);
	c->audit_id = sqlite3_column_int64(st, 6);
	c->state = arena_strdup(a, db_text(st, 7));
	c->resolution = dup(a, st, 8);
	c->justification = dup(a, st, 9);
	c->resolved_at = dup(a, st, 10);
}

int biz_repo_conflicts_of(db *d, const char *tax_code, int year, arena *a, biz_conflict_row **out, int *n, err *e)
{
	sqlite3_stmt *st = db_stmt(d, "SELECT " CONF_COLS " FROM biz_conflicts WHERE tax_code = ? AND year = ? ORDER BY id", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_text(st, 1, tax_code, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, year);
	int cap = 0, rc;
	*out = NULL;
	*n = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) read_conflict(st, a, arena_push(a, out, n, &cap, sizeof **out));
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : db_fail(d, e);
}

int biz_repo_conflict_insert(db *d, const char *tax_code, int year, const char *rule, int64_t a_id, int64_t b_entry,
                             int64_t audit, const char *at, err *e)
{
	sqlite3_stmt *st = db_stmt(d, "INSERT INTO biz_conflicts(tax_code, year, rule_id, entry_a, entry_b, audit_id, state, found_at)"
	                              " VALUES (?, ?, ?, ?, ?, ?, 'open', ?)", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_text(st, 1, tax_code, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, year);
	sqlite3_bind_text(st, 3, rule, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, a_id);
	db_bind_id(st, 5, b_entry);
	db_bind_id(st, 6, audit);
	sqlite3_bind_text(st, 7, at, -1, SQLITE_STATIC);
	return db_done(d, st, e);
}

int biz_repo_conflict_set_state(db *d, int64_t id, const char *state, err *e)
{
	sqlite3_stmt *st = db_stmt(d, "UPDATE biz_conflicts SET state = ? WHERE id = ?", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_text(st, 1, state, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, id);
	return db_done(d, st, e);
}

int biz_repo_conflict_resolve(db *d, int64_t id, const char *resolution, const char *justification, int64_t by,
                              const char *at, err *e)
{
	sqlite3_stmt *st = db_stmt(d, "UPDATE biz_conflicts SET state = 'resolved', resolution = ?, justification = ?,"
	                              " resolved_by = ?, resolved_at = ? WHERE id = ?", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_text(st, 1, resolution, -1, SQLITE_STATIC);
	bind_opt(st, 2, justification);
	db_bind_id(st, 3, by);
	sqlite3_bind_text(st, 4, at, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 5, id);
	return db_done(d, st, e);
}

int biz_repo_conflict_get(db *d, int64_t id, arena *a, biz_conflict_row *out, err *e)
{
	sqlite3_stmt *st = db_stmt(d, "SELECT " CONF_COLS " FROM biz_conflicts WHERE id = ?", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_int64(st, 1, id);
	int rc = one(d, st, e);
	if (rc == 1) {
		read_conflict(st, a, out);
		sqlite3_reset(st);
	}
	return rc;
}

static void plan_conflict_read(sqlite3_stmt *st, arena *a, biz_plan_conflict *x)
{
	x->entry_id = sqlite3_column_int64(st, 0);
	x->rule_id = dup(a, st, 1);
}

int biz_repo_plan_conflicts(db *d, int64_t plan_id, arena *a, biz_plan_conflict **out, int *n, err *e)
{
	/* Each entry of the plan, then the open conflicts of its (tax code, year): the plan's size, not the year's. */
	sqlite3_stmt *st = db_stmt(d, "SELECT e.id, min(c.rule_id) FROM biz_entries e JOIN biz_conflicts c"
	                              " ON c.tax_code = e.tax_code AND c.year = e.year AND c.state = 'open' AND (c.entry_a = e.id OR c.entry_b = e.id)"
	                              " WHERE e.plan_id = ? GROUP BY e.id", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_int64(st, 1, plan_id);
	DB_READ_ALL(d, st, a, out, n, biz_plan_conflict, plan_conflict_read);
}

int biz_repo_conflicts_list(db *d, int year, const char *state, int64_t after, int max, arena *a,
                            biz_conflict_row **out, int *n, err *e)
{
	sqlite3_stmt *st = db_stmt(d, "SELECT " CONF_COLS " FROM biz_conflicts WHERE state = ? AND year = ? AND id > ?"
	                              " ORDER BY id LIMIT ?", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_text(st, 1, state, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, year);
	sqlite3_bind_int64(st, 3, after);
	sqlite3_bind_int(st, 4, max);
	int cap = 0, rc;
	*out = NULL;
	*n = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) read_conflict(st, a, arena_push(a, out, n, &cap, sizeof **out));
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : db_fail(d, e);
}

int biz_repo_audit_put(db *d, const char *tax_code, int year, const char *subject, int months, const char *note, err *e)
{
	sqlite3_stmt *st = db_stmt(d, "INSERT INTO biz_audits(tax_code, year, subject, months, note) VALUES (?, ?, ?, ?, ?)"
	                              " ON CONFLICT(tax_code, year, subject) DO UPDATE SET months = excluded.months,"
	                              " note = excluded.note", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_text(st, 1, tax_code, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, year);
	sqlite3_bind_text(st, 3, subject, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 4, months);
	sqlite3_bind_text(st, 5, note ? note : "", -1, SQLITE_STATIC);
	return db_done(d, st, e);
}

int biz_repo_audit_get(db *d, int64_t id, arena *a, biz_audit_row *out, err *e)
{
	sqlite3_stmt *st = db_stmt(d, "SELECT id, tax_code, year, subject, months, note FROM biz_audits WHERE id = ?", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_int64(st, 1, id);
	int rc = one(d, st, e);
	if (rc == 1) {
		out->id = sqlite3_column_int64(st, 0);
		out->tax_code = arena_strdup(a, db_text(st, 1));
		out->year = sqlite3_column_int(st, 2);
		out->subject = arena_strdup(a, db_text(st, 3));
		out->months = sqlite3_column_int(st, 4);
		out->note = arena_strdup(a, db_text(st, 5));
		sqlite3_reset(st);
	}
	return rc;
}

int biz_repo_flag(db *d, int64_t entry_id, const char *kind, const char *at, const char *detail, err *e)
{
	sqlite3_stmt *st = db_stmt(d, "INSERT INTO biz_flags(entry_id, kind, at, detail) VALUES (?, ?, ?, ?)", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_int64(st, 1, entry_id);
	sqlite3_bind_text(st, 2, kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, at, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, detail ? detail : "", -1, SQLITE_STATIC);
	return db_done(d, st, e);
}

int biz_repo_flags(db *d, int64_t after, int max, arena *a, int64_t **ids, const char ***codes, const char ***kinds,
                   const char ***ats, const char ***details, int *n, err *e)
{
	sqlite3_stmt *st = db_stmt(d, "SELECT f.id, en.code, f.kind, f.at, f.detail FROM biz_flags f"
	                              " JOIN biz_entries en ON en.id = f.entry_id WHERE f.id < ?1 OR ?1 = 0"
	                              " ORDER BY f.id DESC LIMIT ?2", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_int64(st, 1, after);
	sqlite3_bind_int(st, 2, max);
	*ids = arena_alloc(a, sizeof **ids * (size_t)max);
	*codes = arena_alloc(a, sizeof **codes * (size_t)max);
	*kinds = arena_alloc(a, sizeof **kinds * (size_t)max);
	*ats = arena_alloc(a, sizeof **ats * (size_t)max);
	*details = arena_alloc(a, sizeof **details * (size_t)max);
	*n = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && *n < max) {
		(*ids)[*n] = sqlite3_column_int64(st, 0);
		(*codes)[*n] = arena_strdup(a, db_text(st, 1));
		(*kinds)[*n] = arena_strdup(a, db_text(st, 2));
		(*ats)[*n] = arena_strdup(a, db_text(st, 3));
		(*details)[*n] = arena_strdup(a, db_text(st, 4));
		(*n)++;
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 : db_fail(d, e);
}

int biz_repo_rating_put(db *d, int64_t entry_id, const char *level, const char *comment, const char *at, bool *created, err *e)
{
	sqlite3_stmt *st = db_stmt(d, "SELECT 1 FROM biz_ratings WHERE entry_id = ?", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_int64(st, 1, entry_id);
	int rc = one(d, st, e);
	if (rc < 0) return rc;
	if (rc == 1) sqlite3_reset(st);
	*created = rc == 0;
	st = db_stmt(d, "INSERT INTO biz_ratings(entry_id, level, comment, at) VALUES (?, ?, ?, ?)"
	                " ON CONFLICT(entry_id) DO UPDATE SET level = excluded.level, comment = excluded.comment, at = excluded.at", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_int64(st, 1, entry_id);
	sqlite3_bind_text(st, 2, level, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, comment ? comment : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, at, -1, SQLITE_STATIC);
	return db_done(d, st, e);
}

int biz_repo_rating_get(db *d, int64_t entry_id, arena *a, const char **level, const char **comment, err *e)
{
	sqlite3_stmt *st = db_stmt(d, "SELECT level, comment FROM biz_ratings WHERE entry_id = ?", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_int64(st, 1, entry_id);
	int rc = one(d, st, e);
	if (rc == 1) {
		*level = arena_strdup(a, db_text(st, 0));
		*comment = arena_strdup(a, db_text(st, 1));
		sqlite3_reset(st);
	}
	return rc;
}

int biz_repo_open_count(db *d, int year, int *n, err *e)
{
	/* An index range (biz_conflicts_open: state, year): the open ones of one year. */
	sqlite3_stmt *st = db_stmt(d, "SELECT count(*) FROM biz_conflicts WHERE state = 'open' AND year = ?", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_int(st, 1, year);
	int rc = one(d, st, e);
	*n = rc == 1 ? sqlite3_column_int(st, 0) : 0;
	if (rc == 1) sqlite3_reset(st);
	return rc < 0 ? rc : 0;
}
