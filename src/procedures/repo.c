/* repo.c — the SQL of procedures. Statements are static text: db_stmt()
 * caches them by pointer and text. */
#include <stdio.h>
#include <string.h>

#include "procedures/repo.h"

#define PROC_COLS \
	"p.id, p.code, p.name_vi, p.name_en, p.field, p.level, p.processing_days, p.time_unit," \
	" p.fee_vnd, p.legal_basis, p.online_level, p.clock_policy, p.cutoff, coalesce(p.unit_id, 0)," \
	" p.active, p.version, p.updated_at, p.updated_by_role, coalesce(u.code, '')," \
	" coalesce(u.name_vi, ''), coalesce(u.name_en, '')"
#define PROC_FROM " FROM procedures p LEFT JOIN units u ON u.id = p.unit_id"

static const char *opt_text(sqlite3_stmt *st, int col, arena *a)
{
	return sqlite3_column_type(st, col) == SQLITE_NULL ? NULL : arena_strdup(a, db_text(st, col));
}

static void read_row(sqlite3_stmt *st, arena *a, procedures_row *r)
{
	procedure *p = &r->p;
	memset(r, 0, sizeof *r);
	p->id = sqlite3_column_int64(st, 0);
	p->code = arena_strdup(a, db_text(st, 1));
	p->name_vi = arena_strdup(a, db_text(st, 2));
	p->name_en = arena_strdup(a, db_text(st, 3));
	p->field = arena_strdup(a, db_text(st, 4));
	p->level = arena_strdup(a, db_text(st, 5));
	p->processing_days = sqlite3_column_int(st, 6);
	p->time_unit = !strcmp(db_text(st, 7), "calendar_days") ? CAL_CALENDAR_DAYS : CAL_WORKING_DAYS;
	p->fee_vnd = sqlite3_column_type(st, 8) == SQLITE_NULL ? -1 : sqlite3_column_int64(st, 8);
	p->legal_basis = arena_strdup(a, db_text(st, 9));
	p->online_level = arena_strdup(a, db_text(st, 10));
	p->clock_policy = arena_strdup(a, db_text(st, 11));
	p->cutoff_min = procedures_rules_parse_hm(db_text(st, 12));
	p->unit_id = sqlite3_column_int64(st, 13);
	p->active = sqlite3_column_int(st, 14) != 0;
	p->version = sqlite3_column_int64(st, 15);
	r->updated_at = opt_text(st, 16, a);
	r->updated_by_role = opt_text(st, 17, a);
	r->unit_code = arena_strdup(a, db_text(st, 18));
	r->unit_name_vi = arena_strdup(a, db_text(st, 19));
	r->unit_name_en = arena_strdup(a, db_text(st, 20));
}

static int load_docs(db *d, arena *a, procedure *p, err *e)
{
	sqlite3_stmt *st = db_stmt(d, "SELECT id, ordinal, name FROM procedure_documents"
	                              " WHERE procedure_id = ? ORDER BY ordinal", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_int64(st, 1, p->id);
	int cap = 8, rc;
	p->docs = arena_alloc(a, sizeof *p->docs * (size_t)cap);
	p->ndocs = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (p->ndocs == cap) {
			procedure_doc *bigger = arena_alloc(a, sizeof *bigger * (size_t)cap * 2);
			memcpy(bigger, p->docs, sizeof *bigger * (size_t)cap);
			p->docs = bigger;
			cap *= 2;
		}
		procedure_doc *doc = &p->docs[p->ndocs++];
		doc->id = sqlite3_column_int64(st, 0);
		doc->ordinal = sqlite3_column_int(st, 1);
		doc->name = arena_strdup(a, db_text(st, 2));
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : db_fail(d, e);
}

static int get_one(db *d, sqlite3_stmt *st, arena *a, procedures_row *out, err *e)
{
	int rc = sqlite3_step(st);
	if (rc == SQLITE_DONE) return 0;
	if (rc != SQLITE_ROW) return db_fail(d, e);
	read_row(st, a, out);
	sqlite3_reset(st);
	return load_docs(d, a, &out->p, e) ? MB_EINTERNAL : 1;
}

int procedures_repo_get(db *d, const char *code, arena *a, procedures_row *out, err *e)
{
	sqlite3_stmt *st = db_stmt(d, "SELECT " PROC_COLS PROC_FROM " WHERE p.code = ?", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
	return get_one(d, st, a, out, e);
}

int procedures_repo_get_by_id(db *d, int64_t id, arena *a, procedures_row *out, err *e)
{
	sqlite3_stmt *st = db_stmt(d, "SELECT " PROC_COLS PROC_FROM " WHERE p.id = ?", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_int64(st, 1, id);
	return get_one(d, st, a, out, e);
}

/* One statement for every filter: an empty word (' ' || '') is found in any
 * name, a NULL field or unit does not filter. */
#define WORD(n) " AND instr(' ' || p.name_fold || ' ', ' ' || ?" #n ") > 0"

int procedures_repo_list(db *d, const procedures_filter *f, arena *a, procedures_row **out, int *n, err *e)
{
	sqlite3_stmt *st = db_stmt(d, "SELECT " PROC_COLS PROC_FROM " WHERE (?1 = 0 OR p.active = 1)"
	                              WORD(2) WORD(3) WORD(4) WORD(5) WORD(6) WORD(7) WORD(8) WORD(9)
	                              " AND (?10 IS NULL OR p.field = ?10)"
	                              " AND (?11 IS NULL OR p.unit_id = ?11 OR (p.unit_id IS NULL AND p.level = ?12))"
	                              " ORDER BY p.name_fold, p.code", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_int(st, 1, f->active_only);
	for (int i = 0; i < PROCEDURES_MAX_WORDS; i++)
		sqlite3_bind_text(st, 2 + i, i < f->nwords ? f->words[i] : "", -1, SQLITE_STATIC);
	if (f->field) sqlite3_bind_text(st, 10, f->field, -1, SQLITE_STATIC);
	if (f->unit_id) {
		sqlite3_bind_int64(st, 11, f->unit_id);
		sqlite3_bind_text(st, 12, f->unit_level ? f->unit_level : "", -1, SQLITE_STATIC);
	}
	int cap = 0, rc;
	procedures_row *rows = NULL;
	*n = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		read_row(st, a, arena_push(a, &rows, n, &cap, sizeof *rows));
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) return db_fail(d, e);
	*out = rows;
	return 0;
}

int procedures_repo_fields(db *d, arena *a, const char ***out, int *n, err *e)
{
	sqlite3_stmt *st = db_stmt(d, "SELECT DISTINCT field FROM procedures WHERE active = 1 ORDER BY field", e);
	if (!st) return MB_EINTERNAL;
	int cap = 32, rc;
	const char **v = arena_alloc(a, sizeof *v * (size_t)cap);
	*n = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == cap) {
			const char **bigger = arena_alloc(a, sizeof *v * (size_t)cap * 2);
			memcpy(bigger, v, sizeof *v * (size_t)cap);
			v = bigger;
			cap *= 2;
		}
		v[(*n)++] = arena_strdup(a, db_text(st, 0));
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) return db_fail(d, e);
	*out = v;
	return 0;
}

/* Binds the columns shared by insert and update as ?1..?16. */
static void bind_row(sqlite3_stmt *st, const procedures_row *r, const char *fold, const char *at, const char *role)
{
	const procedure *p = &r->p;
	char cutoff[8];
	sqlite3_bind_text(st, 1, p->code, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, p->name_vi, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, p->name_en, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, fold, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, p->field, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, p->level, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 7, p->processing_days);
	sqlite3_bind_text(st, 8, procedures_time_unit_name(p->time_unit), -1, SQLITE_STATIC);
	if (p->fee_vnd < 0) sqlite3_bind_null(st, 9);
	else sqlite3_bind_int64(st, 9, p->fee_vnd);
	sqlite3_bind_text(st, 10, p->legal_basis, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 11, p->online_level, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 12, p->clock_policy, -1, SQLITE_STATIC);
	if (p->cutoff_min < 0) sqlite3_bind_null(st, 13);
	else {
		snprintf(cutoff, sizeof cutoff, "%02d:%02d", p->cutoff_min / 60 % 24, p->cutoff_min % 60);
		sqlite3_bind_text(st, 13, cutoff, -1, SQLITE_TRANSIENT);
	}
	if (p->unit_id) sqlite3_bind_int64(st, 14, p->unit_id);
	else sqlite3_bind_null(st, 14);
	sqlite3_bind_int(st, 15, p->active);
	sqlite3_bind_text(st, 16, at, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 17, role, -1, SQLITE_STATIC);
}

int procedures_repo_insert(db *d, const procedures_row *r, const char *fold, const char *at,
                           const char *role, int64_t *id, err *e)
{
	sqlite3_stmt *st = db_stmt(d,
		"INSERT INTO procedures(code, name_vi, name_en, name_fold, field, level, processing_days, time_unit,"
		" fee_vnd, legal_basis, online_level, clock_policy, cutoff, unit_id, active, updated_at, updated_by_role)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)", e);
	if (!st) return MB_EINTERNAL;
	bind_row(st, r, fold, at, role);
	if (db_done(d, st, e)) return MB_EINTERNAL;
	*id = sqlite3_last_insert_rowid(db_handle(d));
	return 0;
}

int procedures_repo_update(db *d, int64_t id, const procedures_row *r, const char *fold, const char *at,
                           const char *role, err *e)
{
	sqlite3_stmt *st = db_stmt(d,
		"UPDATE procedures SET code = ?1, name_vi = ?2, name_en = ?3, name_fold = ?4, field = ?5, level = ?6,"
		" processing_days = ?7, time_unit = ?8, fee_vnd = ?9, legal_basis = ?10, online_level = ?11,"
		" clock_policy = ?12, cutoff = ?13, unit_id = ?14, active = ?15, updated_at = ?16,"
		" updated_by_role = ?17, version = version + 1 WHERE id = ?18", e);
	if (!st) return MB_EINTERNAL;
	bind_row(st, r, fold, at, role);
	sqlite3_bind_int64(st, 18, id);
	return db_done(d, st, e);
}

int procedures_repo_set_docs(db *d, int64_t id, const procedure_doc *docs, int n, err *e)
{
	sqlite3_stmt *st = db_stmt(d, "DELETE FROM procedure_documents WHERE procedure_id = ?", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_int64(st, 1, id);
	if (db_done(d, st, e)) return MB_EINTERNAL;
	for (int i = 0; i < n; i++) {
		st = db_stmt(d, "INSERT INTO procedure_documents(procedure_id, ordinal, name) VALUES (?, ?, ?)", e);
		if (!st) return MB_EINTERNAL;
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_int(st, 2, i + 1);
		sqlite3_bind_text(st, 3, docs[i].name, -1, SQLITE_STATIC);
		if (db_done(d, st, e)) return MB_EINTERNAL;
	}
	return 0;
}

int procedures_repo_unit(db *d, const char *code, arena *a, int64_t *id, const char **kind,
                         const char **name_vi, const char **name_en, err *e)
{
	sqlite3_stmt *st = db_stmt(d, "SELECT id, kind, name_vi, name_en FROM units WHERE code = ?", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_DONE) return 0;
	if (rc != SQLITE_ROW) return db_fail(d, e);
	*id = sqlite3_column_int64(st, 0);
	*kind = arena_strdup(a, db_text(st, 1));
	*name_vi = arena_strdup(a, db_text(st, 2));
	*name_en = arena_strdup(a, db_text(st, 3));
	sqlite3_reset(st);
	return 1;
}

int procedures_repo_unit_kind(db *d, int64_t id, arena *a, const char **kind, err *e)
{
	sqlite3_stmt *st = db_stmt(d, "SELECT kind FROM units WHERE id = ?", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_int64(st, 1, id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_DONE) return 0;
	if (rc != SQLITE_ROW) return db_fail(d, e);
	*kind = arena_strdup(a, db_text(st, 0));
	sqlite3_reset(st);
	return 1;
}
