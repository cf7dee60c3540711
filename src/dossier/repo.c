/* repo.c — the SQL of dossiers, their steps, documents, apologies. Times are
 * stored as ISO 8601 UTC text and handed to callers as epoch seconds. */
#include <string.h>

#include "base/clock.h"
#include "dossier/repo.h"

#define DOSSIER_COLS \
	"id, procedure_id, unit_id, rule_set_id, coalesce(citizen_account_id, 0), coalesce(holder_account_id, 0)," \
	" coalesce(holder_unit_id, 0), code, secret_hash, channel, state, applicant_name, applicant_id_number," \
	" applicant_phone, applicant_email, applicant_address, submitted_at, received_at, due_at, original_due_at," \
	" paused_at, finished_at, supplement_requests, extensions, late, risk, reason, result_note, version," \
	" (SELECT s.due_at FROM dossier_steps s WHERE s.dossier_id = dossiers.id AND s.ended_at IS NULL" \
	"  ORDER BY s.id DESC LIMIT 1)"

static void read_row(sqlite3_stmt *st, arena *a, dossier_row *r)
{
	memset(r, 0, sizeof *r);
	r->id = sqlite3_column_int64(st, 0);
	r->procedure_id = sqlite3_column_int64(st, 1);
	r->unit_id = sqlite3_column_int64(st, 2);
	r->rule_set_id = sqlite3_column_int64(st, 3);
	r->citizen_account_id = sqlite3_column_int64(st, 4);
	r->holder_account_id = sqlite3_column_int64(st, 5);
	r->holder_unit_id = sqlite3_column_int64(st, 6);
	r->code = arena_strdup(a, db_text(st, 7));
	r->secret_hash = arena_strdup(a, db_text(st, 8));
	r->channel = arena_strdup(a, db_text(st, 9));
	r->state = arena_strdup(a, db_text(st, 10));
	r->applicant_name = arena_strdup(a, db_text(st, 11));
	r->applicant_id_number = arena_strdup(a, db_text(st, 12));
	r->applicant_phone = arena_strdup(a, db_text(st, 13));
	r->applicant_email = arena_strdup(a, db_text(st, 14));
	r->applicant_address = arena_strdup(a, db_text(st, 15));
	r->submitted_at = db_col_time(st, 16);
	r->received_at = db_col_time(st, 17);
	r->due_at = db_col_time(st, 18);
	r->original_due_at = db_col_time(st, 19);
	r->paused_at = db_col_time(st, 20);
	r->finished_at = db_col_time(st, 21);
	r->supplement_requests = sqlite3_column_int(st, 22);
	r->extensions = sqlite3_column_int(st, 23);
	r->late = sqlite3_column_int(st, 24);
	r->risk = arena_strdup(a, db_text(st, 25));
	r->reason = arena_strdup(a, db_text(st, 26));
	r->result_note = arena_strdup(a, db_text(st, 27));
	r->version = sqlite3_column_int64(st, 28);
	r->step_due_at = db_col_time(st, 29);
}

int dossier_repo_get(db *d, const char *code, arena *a, dossier_row *out, err *e)
{
	sqlite3_stmt *st = db_stmt(d, "SELECT " DOSSIER_COLS " FROM dossiers WHERE code = ?", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_DONE) return 0;
	if (rc != SQLITE_ROW) return db_fail(d, e);
	read_row(st, a, out);
	sqlite3_reset(st);
	return 1;
}

int dossier_repo_insert(db *d, dossier_row *r, err *e)
{
	sqlite3_stmt *st = db_stmt(d,
		"INSERT INTO dossiers(code, secret_hash, procedure_id, unit_id, rule_set_id, channel, applicant_name,"
		" applicant_id_number, applicant_phone, applicant_email, applicant_address, citizen_account_id, state)"
		" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_text(st, 1, r->code, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, r->secret_hash, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, r->procedure_id);
	sqlite3_bind_int64(st, 4, r->unit_id);
	sqlite3_bind_int64(st, 5, r->rule_set_id);
	sqlite3_bind_text(st, 6, r->channel, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, r->applicant_name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 8, r->applicant_id_number ? r->applicant_id_number : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 9, r->applicant_phone ? r->applicant_phone : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 10, r->applicant_email ? r->applicant_email : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 11, r->applicant_address ? r->applicant_address : "", -1, SQLITE_STATIC);
	db_bind_id(st, 12, r->citizen_account_id);
	sqlite3_bind_text(st, 13, r->state, -1, SQLITE_STATIC);
	if (db_done(d, st, e)) return MB_EINTERNAL;
	r->id = sqlite3_last_insert_rowid(db_handle(d));
	return 0;
}

int dossier_repo_update(db *d, const dossier_row *r, err *e)
{
	sqlite3_stmt *st = db_stmt(d,
		"UPDATE dossiers SET state = ?1, submitted_at = ?2, received_at = ?3, due_at = ?4, original_due_at = ?5,"
		" paused_at = ?6, finished_at = ?7, holder_account_id = ?8, holder_unit_id = ?9,"
		" supplement_requests = ?10, extensions = ?11, late = ?12, risk = ?13, reason = ?14, result_note = ?15,"
		" version = version + 1 WHERE id = ?16", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_text(st, 1, r->state, -1, SQLITE_STATIC);
	db_bind_time(st, 2, r->submitted_at);
	db_bind_time(st, 3, r->received_at);
	db_bind_time(st, 4, r->due_at);
	db_bind_time(st, 5, r->original_due_at);
	db_bind_time(st, 6, r->paused_at);
	db_bind_time(st, 7, r->finished_at);
	db_bind_id(st, 8, r->holder_account_id);
	db_bind_id(st, 9, r->holder_unit_id);
	sqlite3_bind_int(st, 10, r->supplement_requests);
	sqlite3_bind_int(st, 11, r->extensions);
	sqlite3_bind_int(st, 12, r->late);
	sqlite3_bind_text(st, 13, r->risk, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 14, r->reason ? r->reason : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 15, r->result_note ? r->result_note : "", -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 16, r->id);
	return db_done(d, st, e);
}

int dossier_repo_next_serial(db *d, const char *prefix, int *serial, err *e)
{
	/* Codes of one prefix (unit initials and date) sort by serial. */
	sqlite3_stmt *st = db_stmt(d, "SELECT count(*) FROM dossiers WHERE code >= ? AND code < ?", e);
	if (!st) return MB_EINTERNAL;
	char lo[64], hi[64];
	snprintf(lo, sizeof lo, "%s-", prefix);
	snprintf(hi, sizeof hi, "%s.", prefix);   /* '.' sorts right after '-' */
	sqlite3_bind_text(st, 1, lo, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, hi, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(st) != SQLITE_ROW) return db_fail(d, e);
	*serial = sqlite3_column_int(st, 0) + 1;
	sqlite3_reset(st);
	return 0;
}

int dossier_repo_step_open(db *d, int64_t dossier_id, const char *kind, const dossier_account *holder,
                           int64_t holder_unit_id, int64_t started, int64_t due, const char *note, err *e)
{
	sqlite3_stmt *st = db_stmt(d,
		"INSERT INTO dossier_steps(dossier_id, kind, holder_account_id, holder_unit_id, holder_name,"
		" holder_title, started_at, due_at, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_int64(st, 1, dossier_id);
	sqlite3_bind_text(st, 2, kind, -1, SQLITE_STATIC);
	db_bind_id(st, 3, holder ? holder->id : 0);
	sqlite3_bind_int64(st, 4, holder_unit_id);
	sqlite3_bind_text(st, 5, holder ? holder->display_name : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, holder ? holder->title : "", -1, SQLITE_STATIC);
	db_bind_time(st, 7, started);
	db_bind_time(st, 8, due);
	sqlite3_bind_text(st, 9, note ? note : "", -1, SQLITE_STATIC);
	return db_done(d, st, e);
}

int dossier_repo_step_close(db *d, int64_t dossier_id, int64_t ended, err *e)
{
	sqlite3_stmt *st = db_stmt(d, "UPDATE dossier_steps SET ended_at = ? WHERE dossier_id = ? AND ended_at IS NULL", e);
	if (!st) return MB_EINTERNAL;
	db_bind_time(st, 1, ended);
	sqlite3_bind_int64(st, 2, dossier_id);
	return db_done(d, st, e);
}

int dossier_repo_steps(db *d, int64_t dossier_id, arena *a, dossier_step_row **out, int *n, err *e)
{
	sqlite3_stmt *st = db_stmt(d,
		"SELECT s.id, coalesce(s.holder_account_id, 0), s.holder_unit_id, s.kind, s.holder_name, s.holder_title,"
		" s.note, s.started_at, s.due_at, s.ended_at, u.code, u.name_vi, u.name_en"
		" FROM dossier_steps s JOIN units u ON u.id = s.holder_unit_id WHERE s.dossier_id = ? ORDER BY s.id", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_int64(st, 1, dossier_id);
	int cap = 0, rc;
	dossier_step_row *rows = NULL;
	*n = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		dossier_step_row *s = arena_push(a, &rows, n, &cap, sizeof *rows);
		s->id = sqlite3_column_int64(st, 0);
		s->holder_account_id = sqlite3_column_int64(st, 1);
		s->holder_unit_id = sqlite3_column_int64(st, 2);
		s->kind = arena_strdup(a, db_text(st, 3));
		s->holder_name = arena_strdup(a, db_text(st, 4));
		s->holder_title = arena_strdup(a, db_text(st, 5));
		s->note = arena_strdup(a, db_text(st, 6));
		s->started_at = db_col_time(st, 7);
		s->due_at = db_col_time(st, 8);
		s->ended_at = db_col_time(st, 9);
		s->unit_code = arena_strdup(a, db_text(st, 10));
		s->unit_name_vi = arena_strdup(a, db_text(st, 11));
		s->unit_name_en = arena_strdup(a, db_text(st, 12));
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) return db_fail(d, e);
	*out = rows;
	return 0;
}

int dossier_repo_doc_set(db *d, int64_t dossier_id, int64_t procedure_document_id, bool provided,
                         const char *file_sha256, err *e)
{
	sqlite3_stmt *st = db_stmt(d,
		"INSERT INTO dossier_documents(dossier_id, procedure_document_id, provided, file_sha256) VALUES (?, ?, ?, ?)"
		" ON CONFLICT(dossier_id, procedure_document_id) DO UPDATE SET provided = excluded.provided,"
		" file_sha256 = coalesce(excluded.file_sha256, dossier_documents.file_sha256)", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_int64(st, 1, dossier_id);
	sqlite3_bind_int64(st, 2, procedure_document_id);
	sqlite3_bind_int(st, 3, provided);
	if (file_sha256) sqlite3_bind_text(st, 4, file_sha256, -1, SQLITE_STATIC); else sqlite3_bind_null(st, 4);
	return db_done(d, st, e);
}

int dossier_repo_docs(db *d, int64_t dossier_id, arena *a, dossier_doc_row **out, int *n, err *e)
{
	sqlite3_stmt *st = db_stmt(d,
		"SELECT pd.id, pd.ordinal, pd.name, coalesce(dd.provided, 0), dd.file_sha256, si.reason"
		" FROM dossiers x JOIN procedure_documents pd ON pd.procedure_id = x.procedure_id"
		" LEFT JOIN dossier_documents dd ON dd.dossier_id = x.id AND dd.procedure_document_id = pd.id"
		" LEFT JOIN dossier_supplement_items si ON si.dossier_id = x.id AND si.procedure_document_id = pd.id"
		" WHERE x.id = ? ORDER BY pd.ordinal", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_int64(st, 1, dossier_id);
	int cap = 0, rc;
	dossier_doc_row *rows = NULL;
	*n = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		dossier_doc_row *r = arena_push(a, &rows, n, &cap, sizeof *rows);
		r->procedure_document_id = sqlite3_column_int64(st, 0);
		r->ordinal = sqlite3_column_int(st, 1);
		r->name = arena_strdup(a, db_text(st, 2));
		r->provided = sqlite3_column_int(st, 3) != 0;
		r->file_sha256 = sqlite3_column_type(st, 4) == SQLITE_NULL ? NULL : arena_strdup(a, db_text(st, 4));
		r->supplement_reason = sqlite3_column_type(st, 5) == SQLITE_NULL ? NULL : arena_strdup(a, db_text(st, 5));
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) return db_fail(d, e);
	*out = rows;
	return 0;
}

int dossier_repo_supplement_item(db *d, int64_t dossier_id, int64_t procedure_document_id,
                                 const char *reason, err *e)
{
	sqlite3_stmt *st = db_stmt(d, "INSERT INTO dossier_supplement_items(dossier_id, procedure_document_id, reason)"
	                              " VALUES (?, ?, ?)", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_int64(st, 1, dossier_id);
	sqlite3_bind_int64(st, 2, procedure_document_id);
	sqlite3_bind_text(st, 3, reason, -1, SQLITE_STATIC);
	return db_done(d, st, e);
}

int dossier_repo_apology_add(db *d, int64_t dossier_id, int64_t unit_id, const char *reason, int64_t old_due,
                             int64_t new_due, int64_t issued, bool late, int64_t account_id, err *e)
{
	sqlite3_stmt *st = db_stmt(d,
		"INSERT INTO apologies(dossier_id, unit_id, reason, old_due_at, new_due_at, issued_at, issued_late, account_id)"
		" VALUES (?, ?, ?, ?, ?, ?, ?, ?)", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_int64(st, 1, dossier_id);
	sqlite3_bind_int64(st, 2, unit_id);
	sqlite3_bind_text(st, 3, reason, -1, SQLITE_STATIC);
	db_bind_time(st, 4, old_due);
	db_bind_time(st, 5, new_due);
	db_bind_time(st, 6, issued);
	sqlite3_bind_int(st, 7, late);
	sqlite3_bind_int64(st, 8, account_id);
	return db_done(d, st, e);
}

int dossier_repo_apology_last(db *d, int64_t dossier_id, arena *a, const char **reason, int64_t *old_due,
                              int64_t *new_due, int64_t *issued)
{
	sqlite3_stmt *st = db_stmt(d, "SELECT reason, old_due_at, new_due_at, issued_at FROM apologies"
	                              " WHERE dossier_id = ? ORDER BY id DESC LIMIT 1", NULL);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_int64(st, 1, dossier_id);
	int rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) { sqlite3_reset(st); return rc == SQLITE_DONE ? 0 : MB_EINTERNAL; }
	*reason = arena_strdup(a, db_text(st, 0));
	*old_due = db_col_time(st, 1);
	*new_due = db_col_time(st, 2);
	*issued = db_col_time(st, 3);
	sqlite3_reset(st);
	return 1;
}

int dossier_repo_form_title(db *d, int64_t rule_set_id, const char *no, arena *a, const char **title)
{
	sqlite3_stmt *st = db_stmt(d, "SELECT title FROM rule_set_forms WHERE rule_set_id = ? AND form_no = ?", NULL);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_int64(st, 1, rule_set_id);
	sqlite3_bind_text(st, 2, no, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) { sqlite3_reset(st); return rc == SQLITE_DONE ? 0 : MB_EINTERNAL; }
	*title = arena_strdup(a, db_text(st, 0));
	sqlite3_reset(st);
	return 1;
}

int dossier_repo_account(db *d, const char *login, int64_t id, arena *a, dossier_account *out, err *e)
{
	sqlite3_stmt *st = login
		? db_stmt(d, "SELECT id, unit_id, login, display_name, title, role FROM accounts WHERE login = ? AND disabled = 0", e)
		: db_stmt(d, "SELECT id, unit_id, login, display_name, title, role FROM accounts WHERE id = ?", e);
	if (!st) return MB_EINTERNAL;
	if (login) sqlite3_bind_text(st, 1, login, -1, SQLITE_STATIC); else sqlite3_bind_int64(st, 1, id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_DONE) return 0;
	if (rc != SQLITE_ROW) return db_fail(d, e);
	out->id = sqlite3_column_int64(st, 0);
	out->unit_id = sqlite3_column_int64(st, 1);
	out->login = arena_strdup(a, db_text(st, 2));
	out->display_name = arena_strdup(a, db_text(st, 3));
	out->title = arena_strdup(a, db_text(st, 4));
	out->role = arena_strdup(a, db_text(st, 5));
	sqlite3_reset(st);
	return 1;
}

static int collect(db *d, sqlite3_stmt *st, arena *a, dossier_row **out, int *n, err *e)
{
	int cap = 0, rc;
	dossier_row *rows = NULL;
	*n = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		read_row(st, a, arena_push(a, &rows, n, &cap, sizeof *rows));
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) return db_fail(d, e);
	*out = rows;
	return 0;
}

/* The open states, as the partial indexes of sql/0022_queues.sql name them (the
 * same text, so that the planner knows a query's rows are in the index). */
#define OPEN_STATES "state IN ('submitted','received','processing','supplement','result_ready')"
/* Open dossiers by due time (none last), then id: the key of those indexes. */
#define DUE_KEY "ifnull(due_at, '~')"

static sqlite3_stmt *list_stmt(db *d, int which, bool open_only, err *e)
{
	/* One statement per list, each walking its own index in the list's order
	 * from the cursor on, so that a page costs the same at any size of the
	 * history: open ones by due time (sql/0022 partial indexes), all of them
	 * newest first. */
	switch (which * 2 + (open_only ? 1 : 0)) {
#define OPEN(c) "SELECT " DOSSIER_COLS " FROM dossiers WHERE " c " = ?1 AND " OPEN_STATES \
	" AND " DUE_KEY " >= ?2 AND (" DUE_KEY " > ?2 OR id > ?3) ORDER BY " DUE_KEY ", id LIMIT ?4"
#define ALL(c) "SELECT " DOSSIER_COLS " FROM dossiers WHERE " c " = ?1 AND id < ?3 ORDER BY id DESC LIMIT ?4"
	case 0: return db_stmt(d, ALL("holder_account_id"), e);
	case 1: return db_stmt(d, OPEN("holder_account_id"), e);
	case 2: return db_stmt(d, ALL("unit_id"), e);
	case 3: return db_stmt(d, OPEN("unit_id"), e);
	case 4: return db_stmt(d, ALL("holder_unit_id"), e);
	case 5: return db_stmt(d, OPEN("holder_unit_id"), e);
	case 6: return db_stmt(d, ALL("citizen_account_id"), e);
	default: return db_stmt(d, OPEN("citizen_account_id"), e);
#undef OPEN
#undef ALL
	}
}

static int list_one(db *d, int which, int64_t key, bool open_only, const dossier_cursor *after, int limit, arena *a,
                    dossier_row **out, int *n, err *e)
{
	sqlite3_stmt *st = list_stmt(d, which, open_only, e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_int64(st, 1, key);
	if (after && after->id) {
		if (after->due_at) db_bind_time(st, 2, after->due_at);
		else sqlite3_bind_text(st, 2, "~", 1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 3, after->id);
	} else {
		sqlite3_bind_text(st, 2, "", 0, SQLITE_STATIC);
		sqlite3_bind_int64(st, 3, open_only ? 0 : INT64_MAX);
	}
	sqlite3_bind_int(st, 4, limit);
	return collect(d, st, a, out, n, e);
}

/* Whether row x comes before row y in the list's order. */
static bool list_before(const dossier_row *x, const dossier_row *y, bool open_only)
{
	if (!open_only) return x->id > y->id;
	uint64_t kx = x->due_at ? (uint64_t)x->due_at : UINT64_MAX, ky = y->due_at ? (uint64_t)y->due_at : UINT64_MAX;
	return kx < ky || (kx == ky && x->id < y->id);
}

int dossier_repo_list(db *d, int64_t holder_account_id, int64_t unit_id, int64_t citizen_account_id,
                      bool open_only, const dossier_cursor *after, int limit, arena *a, dossier_row **out, int *n,
                      err *e)
{
	if (holder_account_id) return list_one(d, 0, holder_account_id, open_only, after, limit, a, out, n, e);
	if (citizen_account_id) return list_one(d, 3, citizen_account_id, open_only, after, limit, a, out, n, e);
	/* The unit's view: received there, or held there (handed over from
	 * elsewhere): one page of each, merged in order, each dossier once. */
	dossier_row *x, *y;
	int nx = 0, ny = 0, rc;
	if ((rc = list_one(d, 1, unit_id, open_only, after, limit, a, &x, &nx, e)) ||
	    (rc = list_one(d, 2, unit_id, open_only, after, limit, a, &y, &ny, e)))
		return rc;
	dossier_row *m = arena_alloc(a, sizeof *m * (size_t)(nx + ny + 1));
	int i = 0, j = 0, k = 0;
	while (k < limit && (i < nx || j < ny)) {
		if (j >= ny || (i < nx && list_before(&x[i], &y[j], open_only))) m[k++] = x[i++];
		else if (i < nx && x[i].id == y[j].id) { m[k++] = x[i++]; j++; }
		else m[k++] = y[j++];
	}
	*out = m;
	*n = k;
	return 0;
}

int dossier_repo_open_due(db *d, int64_t now, arena *a, dossier_row **out, int *n, err *e)
{
	/* Only what the job can still change: the open dossiers not marked overdue (their partial
	 * index, sql/0025_deadline_jobs.sql, holds the work in hand) and the overdue ones whose due
	 * time is not past (a step's due time made them overdue, or the clock was set back). One
	 * marked overdue with its due time past stays overdue until a command changes it: those
	 * pile up with the years and are not read. */
	sqlite3_stmt *st = db_stmt(d, "SELECT " DOSSIER_COLS " FROM dossiers"
	                              " WHERE id IN (SELECT id FROM dossiers INDEXED BY dossiers_deadline_live"
	                              "  WHERE state IN ('received','processing') AND due_at IS NOT NULL AND risk <> 'overdue'"
	                              " UNION ALL SELECT id FROM dossiers INDEXED BY dossiers_open_due WHERE state IN ('received','processing')"
	                              "  AND due_at >= ?1 AND risk = 'overdue')", e);
	if (!st) return MB_EINTERNAL;
	db_bind_time(st, 1, now);
	return collect(d, st, a, out, n, e);
}

int dossier_repo_set_risk(db *d, int64_t id, const char *risk, err *e)
{
	sqlite3_stmt *st = db_stmt(d, "UPDATE dossiers SET risk = ? WHERE id = ?", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_text(st, 1, risk, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, id);
	return db_done(d, st, e);
}

int dossier_repo_apology_register(db *d, json_t *arr, err *e)
{
	sqlite3_stmt *st = db_stmt(d,
		/* The per-unit totals kept by triggers (sql/0021), not a count of every letter. */
		"SELECT u.code, u.name_vi, u.name_en, t.letters, t.late FROM dossier_apology_total t"
		" JOIN units u ON u.id = t.unit_id WHERE t.letters > 0 ORDER BY t.letters DESC, u.name_fold", e);
	if (!st) return MB_EINTERNAL;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		json_array_append_new(arr, json_pack("{s:s, s:s, s:s, s:i, s:i}", "unit", db_text(st, 0),
		                                     "name_vi", db_text(st, 1), "name_en", db_text(st, 2),
		                                     "apologies", sqlite3_column_int(st, 3),
		                                     "issued_late", sqlite3_column_int(st, 4)));
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) return db_fail(d, e);
	return 0;
}

int64_t dossier_repo_step_due(db *d, int64_t dossier_id)
{
	sqlite3_stmt *st = db_stmt(d, "SELECT due_at FROM dossier_steps WHERE dossier_id = ? AND ended_at IS NULL"
	                              " ORDER BY id DESC LIMIT 1", NULL);
	if (!st) return 0;
	sqlite3_bind_int64(st, 1, dossier_id);
	int64_t due = sqlite3_step(st) == SQLITE_ROW ? db_col_time(st, 0) : 0;
	sqlite3_reset(st);
	return due;
}

int dossier_repo_open_count(db *d, int64_t holder_account_id, int64_t unit_id, int64_t citizen_account_id,
                            int64_t *out, err *e)
{
	/* The counts kept by triggers (sql/0024), never a count of the dossiers:
	 * the unit's queue is those received there plus those held there that
	 * another unit received, as the merged list. */
	sqlite3_stmt *st = db_stmt(d,
		"SELECT coalesce(sum(n), 0) FROM dossier_open_counts WHERE (list = 'holder' AND key = ?1)"
		" OR (list = 'unit' AND key = ?2) OR (list = 'held' AND key = ?2) OR (list = 'citizen' AND key = ?3)", e);
	if (!st) return MB_EINTERNAL;
	db_bind_id(st, 1, holder_account_id);
	db_bind_id(st, 2, unit_id);
	db_bind_id(st, 3, citizen_account_id);
	if (sqlite3_step(st) != SQLITE_ROW) return db_fail(d, e);
	*out = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return 0;
}

static void apology_of_read(sqlite3_stmt *st, arena *a, dossier_apology_of *x)
{
	x->code = arena_strdup(a, db_text(st, 0));
	x->reason = arena_strdup(a, db_text(st, 1));
	x->issued_at = db_col_time(st, 2);
	x->late = sqlite3_column_int(st, 3) != 0;
}

int dossier_repo_apologies_of(db *d, int64_t account, int limit, arena *a, dossier_apology_of **out, int *n, err *e)
{
	sqlite3_stmt *st = db_stmt(d, "SELECT ds.code, ap.reason, ap.issued_at, ap.issued_late FROM apologies ap"
	                              " JOIN dossiers ds ON ds.id = ap.dossier_id WHERE ap.account_id = ? ORDER BY ap.issued_at DESC LIMIT ?", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_int64(st, 1, account);
	sqlite3_bind_int(st, 2, limit);
	DB_READ_ALL(d, st, a, out, n, dossier_apology_of, apology_of_read);
}

int dossier_repo_apologies_count(db *d, int64_t account, int64_t since, int64_t *count, err *e)
{
	sqlite3_stmt *st = db_stmt(d, "SELECT count(*) FROM apologies WHERE account_id = ? AND issued_at >= ?", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_int64(st, 1, account);
	db_bind_time(st, 2, since);
	int rc = db_row(d, st, e);
	if (rc < 0) return rc;
	*count = rc ? sqlite3_column_int64(st, 0) : 0;
	if (rc) sqlite3_reset(st);
	return 0;
}
