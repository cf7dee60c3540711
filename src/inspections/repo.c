/* repo.c — the SQL of public-duty inspections and their checklist. */
#include <string.h>

#include "inspections/repo.h"

static const char *dup(arena *a, sqlite3_stmt *st, int i) { return arena_strdup(a, db_text(st, i)); }

static void bind_str(sqlite3_stmt *st, int i, const char *s)
{
	if (s) sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
	else sqlite3_bind_null(st, i);
}

/* Steps to the end; rows read by fn into a growing arena array. */
#define READ_ALL DB_READ_ALL

int insp_repo_items_count(db *d, int64_t *n, err *e)
{
	sqlite3_stmt *st = db_stmt(d, "SELECT count(*) FROM duty_checklist", e);
	if (!st) return MB_EINTERNAL;
	int rc = sqlite3_step(st);
	*n = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	int f = rc == SQLITE_ROW ? 0 : db_fail(d, e);
	sqlite3_reset(st);
	return f;
}

int insp_repo_item_insert(db *d, const insp_item *it, err *e)
{
	sqlite3_stmt *st = db_stmt(d, "INSERT INTO duty_checklist(version, valid_from, valid_to, item, ordinal, text_vi, text_en, source)"
	                              " VALUES (?, ?, ?, ?, ?, ?, ?, ?)", e);
	if (!st) return MB_EINTERNAL;
	bind_str(st, 1, it->version);
	bind_str(st, 2, it->valid_from);
	bind_str(st, 3, it->valid_to && *it->valid_to ? it->valid_to : NULL);
	bind_str(st, 4, it->item);
	sqlite3_bind_int(st, 5, it->ordinal);
	bind_str(st, 6, it->text_vi);
	bind_str(st, 7, it->text_en);
	bind_str(st, 8, it->source);
	return db_done(d, st, e);
}

static void span_read(sqlite3_stmt *st, arena *a, insp_checklist_span *x)
{
	x->version = dup(a, st, 0);
	x->valid_from = dup(a, st, 1);
	x->valid_to = dup(a, st, 2);
}

int insp_repo_spans(db *d, arena *a, insp_checklist_span **out, int *n, err *e)
{
	sqlite3_stmt *st = db_stmt(d, "SELECT version, min(valid_from), coalesce(max(valid_to), '') FROM duty_checklist"
	                              " GROUP BY version ORDER BY version LIMIT 100", e);
	if (!st) return MB_EINTERNAL;
	READ_ALL(d, st, a, out, n, insp_checklist_span, span_read);
}

static void item_read(sqlite3_stmt *st, arena *a, insp_item *x)
{
	x->version = dup(a, st, 0);
	x->valid_from = dup(a, st, 1);
	x->valid_to = dup(a, st, 2);
	x->item = dup(a, st, 3);
	x->ordinal = sqlite3_column_int(st, 4);
	x->text_vi = dup(a, st, 5);
	x->text_en = dup(a, st, 6);
	x->source = dup(a, st, 7);
}

int insp_repo_items(db *d, const char *version, arena *a, insp_item **out, int *n, err *e)
{
	sqlite3_stmt *st = db_stmt(d, "SELECT version, valid_from, coalesce(valid_to, ''), item, ordinal, text_vi, text_en, source"
	                              " FROM duty_checklist WHERE version = ? ORDER BY ordinal, item", e);
	if (!st) return MB_EINTERNAL;
	bind_str(st, 1, version);
	READ_ALL(d, st, a, out, n, insp_item, item_read);
}

int insp_repo_next_id(db *d, int64_t *id, err *e)
{
	sqlite3_stmt *st = db_stmt(d, "SELECT coalesce(max(id), 0) + 1 FROM inspections", e);
	if (!st) return MB_EINTERNAL;
	int rc = sqlite3_step(st);
	*id = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	int f = rc == SQLITE_ROW ? 0 : db_fail(d, e);
	sqlite3_reset(st);
	return f;
}

int insp_repo_insert(db *d, insp_row *row, err *e)
{
	sqlite3_stmt *st = db_stmt(d, "INSERT INTO inspections(id, code, body, kind, state, unit_id, title, plan_year, planned_on,"
	                              " checklist_version, created_by, created_at) VALUES (?, ?, ?, ?, 'planned', ?, ?, ?, ?, ?, ?, ?)", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_int64(st, 1, row->id);
	bind_str(st, 2, row->code);
	bind_str(st, 3, row->body);
	bind_str(st, 4, row->kind);
	sqlite3_bind_int64(st, 5, row->unit_id);
	bind_str(st, 6, row->title);
	sqlite3_bind_int64(st, 7, row->plan_year);
	bind_str(st, 8, row->planned_on);
	bind_str(st, 9, row->checklist_version);
	sqlite3_bind_int64(st, 10, row->created_by);
	db_bind_time(st, 11, row->created_at);
	return db_done(d, st, e);
}

#define INSP_COLS                                                                                     \
	"i.id, i.code, i.body, i.kind, i.state, i.unit_id, u.code, i.title, i.plan_year, i.planned_on,"    \
	" i.checklist_version, i.conclusion, i.created_by, i.created_at, i.started_at, i.concluded_at"     \
	" FROM inspections i JOIN units u ON u.id = i.unit_id"

static void insp_read(sqlite3_stmt *st, arena *a, insp_row *x)
{
	x->id = sqlite3_column_int64(st, 0);
	x->code = dup(a, st, 1);
	x->body = dup(a, st, 2);
	x->kind = dup(a, st, 3);
	x->state = dup(a, st, 4);
	x->unit_id = sqlite3_column_int64(st, 5);
	x->unit_code = dup(a, st, 6);
	x->title = dup(a, st, 7);
	x->plan_year = sqlite3_column_int64(st, 8);
	x->planned_on = dup(a, st, 9);
	x->checklist_version = dup(a, st, 10);
	x->conclusion = dup(a, st, 11);
	x->created_by = sqlite3_column_int64(st, 12);
	x->created_at = db_col_time(st, 13);
	x->started_at = db_col_time(st, 14);
	x->concluded_at = db_col_time(st, 15);
}

int insp_repo_get(db *d, const char *code, arena *a, insp_row *out, err *e)
{
	sqlite3_stmt *st = db_stmt(d, "SELECT " INSP_COLS " WHERE i.code = ?", e);
	if (!st) return MB_EINTERNAL;
	bind_str(st, 1, code);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) insp_read(st, a, out);
	int f = rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : db_fail(d, e);
	sqlite3_reset(st);
	return f;
}

int insp_repo_set_state(db *d, int64_t id, const char *state, int64_t at, const char *conclusion, err *e)
{
	sqlite3_stmt *st = db_stmt(d, "UPDATE inspections SET state = ?2,"
	                              " started_at = CASE WHEN ?2 = 'started' THEN ?3 ELSE started_at END,"
	                              " concluded_at = CASE WHEN ?2 = 'concluded' THEN ?3 ELSE concluded_at END,"
	                              " conclusion = coalesce(?4, conclusion) WHERE id = ?1", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_int64(st, 1, id);
	bind_str(st, 2, state);
	db_bind_time(st, 3, at);
	bind_str(st, 4, conclusion);
	return db_done(d, st, e);
}

int insp_repo_list(db *d, int year, int64_t after, int limit, arena *a, insp_row **out, int *n, err *e)
{
	sqlite3_stmt *st = db_stmt(d, "SELECT " INSP_COLS " WHERE i.plan_year = ?1 AND (?2 = 0 OR i.id < ?2)"
	                              " ORDER BY i.id DESC LIMIT ?3", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_int(st, 1, year);
	sqlite3_bind_int64(st, 2, after);
	sqlite3_bind_int(st, 3, limit);
	READ_ALL(d, st, a, out, n, insp_row, insp_read);
}

int insp_repo_team_add(db *d, int64_t insp, int64_t account, bool lead, err *e)
{
	sqlite3_stmt *st = db_stmt(d, "INSERT INTO inspection_team(inspection_id, account_id, lead) VALUES (?, ?, ?)"
	                              " ON CONFLICT DO NOTHING", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_int64(st, 1, insp);
	sqlite3_bind_int64(st, 2, account);
	sqlite3_bind_int(st, 3, lead ? 1 : 0);
	return db_done(d, st, e);
}

static void member_read(sqlite3_stmt *st, arena *a, insp_member *x)
{
	x->account_id = sqlite3_column_int64(st, 0);
	x->login = dup(a, st, 1);
	x->name = dup(a, st, 2);
	x->lead = sqlite3_column_int(st, 3) != 0;
	x->unit_id = sqlite3_column_int64(st, 4);
}

int insp_repo_team(db *d, int64_t insp, arena *a, insp_member **out, int *n, err *e)
{
	sqlite3_stmt *st = db_stmt(d, "SELECT a.id, a.login, a.display_name, t.lead, a.unit_id FROM inspection_team t"
	                              " JOIN accounts a ON a.id = t.account_id WHERE t.inspection_id = ? ORDER BY t.lead DESC, a.login", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_int64(st, 1, insp);
	READ_ALL(d, st, a, out, n, insp_member, member_read);
}

int insp_repo_target_add(db *d, int64_t insp, int64_t unit, int64_t desk, int64_t account, err *e)
{
	sqlite3_stmt *st = db_stmt(d, "INSERT INTO inspection_targets(inspection_id, unit_id, desk_id, account_id) VALUES (?, ?, ?, ?)", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_int64(st, 1, insp);
	sqlite3_bind_int64(st, 2, unit);
	db_bind_id(st, 3, desk);
	db_bind_id(st, 4, account);
	return db_done(d, st, e);
}

static void target_read(sqlite3_stmt *st, arena *a, insp_target *x)
{
	x->unit_id = sqlite3_column_int64(st, 0);
	x->unit_code = dup(a, st, 1);
	x->unit_name_vi = dup(a, st, 2);
	x->desk_id = sqlite3_column_int64(st, 3);
	x->desk_name = dup(a, st, 4);
	x->account_id = sqlite3_column_int64(st, 5);
	x->login = dup(a, st, 6);
	x->name = dup(a, st, 7);
}

int insp_repo_targets(db *d, int64_t insp, arena *a, insp_target **out, int *n, err *e)
{
	sqlite3_stmt *st = db_stmt(d, "SELECT t.unit_id, u.code, u.name_vi, coalesce(t.desk_id, 0), coalesce(k.name_vi, ''),"
	                              " coalesce(t.account_id, 0), coalesce(a.login, ''), coalesce(a.display_name, '')"
	                              " FROM inspection_targets t JOIN units u ON u.id = t.unit_id"
	                              " LEFT JOIN desks k ON k.id = t.desk_id LEFT JOIN accounts a ON a.id = t.account_id"
	                              " WHERE t.inspection_id = ? ORDER BY t.id", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_int64(st, 1, insp);
	READ_ALL(d, st, a, out, n, insp_target, target_read);
}

int insp_repo_check_set(db *d, int64_t insp, const char *item, const char *result, const char *note, int64_t by, int64_t at,
                        err *e)
{
	sqlite3_stmt *st = db_stmt(d, "INSERT INTO inspection_checks(inspection_id, item, result, note, by_account, at)"
	                              " VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT(inspection_id, item) DO UPDATE SET"
	                              " result = ?3, note = ?4, by_account = ?5, at = ?6", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_int64(st, 1, insp);
	bind_str(st, 2, item);
	bind_str(st, 3, result);
	bind_str(st, 4, note ? note : "");
	sqlite3_bind_int64(st, 5, by);
	db_bind_time(st, 6, at);
	return db_done(d, st, e);
}

static void check_read(sqlite3_stmt *st, arena *a, insp_check *x)
{
	x->item = dup(a, st, 0);
	x->result = dup(a, st, 1);
	x->note = dup(a, st, 2);
}

int insp_repo_checks(db *d, int64_t insp, arena *a, insp_check **out, int *n, err *e)
{
	sqlite3_stmt *st = db_stmt(d, "SELECT item, result, note FROM inspection_checks WHERE inspection_id = ? ORDER BY item", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_int64(st, 1, insp);
	READ_ALL(d, st, a, out, n, insp_check, check_read);
}

int insp_repo_finding_add(db *d, insp_finding *f, int64_t by, err *e)
{
	sqlite3_stmt *st = db_stmt(d, "INSERT INTO inspection_findings(inspection_id, unit_id, account_id, item, severity, text,"
	                              " by_account, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_int64(st, 1, f->inspection_id);
	sqlite3_bind_int64(st, 2, f->unit_id);
	db_bind_id(st, 3, f->account_id);
	bind_str(st, 4, f->item ? f->item : "");
	bind_str(st, 5, f->severity);
	bind_str(st, 6, f->text);
	sqlite3_bind_int64(st, 7, by);
	db_bind_time(st, 8, f->at);
	int rc = db_done(d, st, e);
	if (!rc) f->id = sqlite3_last_insert_rowid(db_handle(d));
	return rc;
}

#define FINDING_COLS                                                                                   \
	"f.id, f.inspection_id, i.code, f.unit_id, u.code, coalesce(f.account_id, 0), coalesce(a.login, ''),"  \
	" coalesce(a.display_name, ''), f.item, f.severity, f.text, f.at FROM inspection_findings f"          \
	" JOIN inspections i ON i.id = f.inspection_id JOIN units u ON u.id = f.unit_id"                     \
	" LEFT JOIN accounts a ON a.id = f.account_id"

static void finding_read(sqlite3_stmt *st, arena *a, insp_finding *x)
{
	x->id = sqlite3_column_int64(st, 0);
	x->inspection_id = sqlite3_column_int64(st, 1);
	x->code = dup(a, st, 2);
	x->unit_id = sqlite3_column_int64(st, 3);
	x->unit_code = dup(a, st, 4);
	x->account_id = sqlite3_column_int64(st, 5);
	x->login = dup(a, st, 6);
	x->name = dup(a, st, 7);
	x->item = dup(a, st, 8);
	x->severity = dup(a, st, 9);
	x->text = dup(a, st, 10);
	x->at = db_col_time(st, 11);
}

int insp_repo_findings(db *d, int64_t insp, arena *a, insp_finding **out, int *n, err *e)
{
	sqlite3_stmt *st = db_stmt(d, "SELECT " FINDING_COLS " WHERE f.inspection_id = ? ORDER BY f.id LIMIT 500", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_int64(st, 1, insp);
	READ_ALL(d, st, a, out, n, insp_finding, finding_read);
}

int insp_repo_findings_of(db *d, int64_t account, int limit, arena *a, insp_finding **out, int *n, err *e)
{
	sqlite3_stmt *st = db_stmt(d, "SELECT " FINDING_COLS " WHERE f.account_id = ? ORDER BY f.id DESC LIMIT ?", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_int64(st, 1, account);
	sqlite3_bind_int(st, 2, limit);
	READ_ALL(d, st, a, out, n, insp_finding, finding_read);
}

int insp_repo_evidence_add(db *d, int64_t insp, int64_t finding, int64_t recording, const char *sha, const char *type,
                           int64_t size, const char *name, int64_t by, int64_t at, err *e)
{
	sqlite3_stmt *st = db_stmt(d, "INSERT INTO inspection_evidence(inspection_id, finding_id, sha256, content_type, size, name,"
	                              " by_account, at, recording_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_int64(st, 1, insp);
	db_bind_id(st, 2, finding);
	bind_str(st, 3, sha);
	bind_str(st, 4, type);
	sqlite3_bind_int64(st, 5, size);
	bind_str(st, 6, name ? name : "");
	sqlite3_bind_int64(st, 7, by);
	db_bind_time(st, 8, at);
	db_bind_id(st, 9, recording);
	return db_done(d, st, e);
}

int insp_repo_recording_evidence_of(db *d, int64_t recording, arena *a, const char **code, err *e)
{
	sqlite3_stmt *st = db_stmt(d, "SELECT i.code FROM inspection_evidence v JOIN inspections i ON i.id = v.inspection_id"
	                              " WHERE v.recording_id = ? ORDER BY v.inspection_id LIMIT 1", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_int64(st, 1, recording);
	int rc = db_row(d, st, e);
	if (rc <= 0) return rc;
	*code = dup(a, st, 0);
	sqlite3_reset(st);
	return 1;
}

static void evidence_read(sqlite3_stmt *st, arena *a, insp_evidence *x)
{
	x->id = sqlite3_column_int64(st, 0);
	x->finding_id = sqlite3_column_int64(st, 1);
	x->sha256 = dup(a, st, 2);
	x->content_type = dup(a, st, 3);
	x->size = sqlite3_column_int64(st, 4);
	x->name = dup(a, st, 5);
	x->recording_id = sqlite3_column_int64(st, 6);
}

int insp_repo_evidence(db *d, int64_t insp, arena *a, insp_evidence **out, int *n, err *e)
{
	sqlite3_stmt *st = db_stmt(d, "SELECT id, coalesce(finding_id, 0), sha256, content_type, size, name, coalesce(recording_id, 0)"
	                              " FROM inspection_evidence WHERE inspection_id = ? ORDER BY id LIMIT 500", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_int64(st, 1, insp);
	READ_ALL(d, st, a, out, n, insp_evidence, evidence_read);
}

int insp_repo_rec_add(db *d, insp_rec *r, int64_t at, err *e)
{
	sqlite3_stmt *st = db_stmt(d, "INSERT INTO inspection_recommendations(inspection_id, unit_id, head_account_id, text, due_on, at)"
	                              " SELECT id, ?2, ?3, ?4, ?5, ?6 FROM inspections WHERE code = ?1", e);
	if (!st) return MB_EINTERNAL;
	bind_str(st, 1, r->code);
	sqlite3_bind_int64(st, 2, r->unit_id);
	db_bind_id(st, 3, r->head_account_id);
	bind_str(st, 4, r->text);
	bind_str(st, 5, r->due_on);
	db_bind_time(st, 6, at);
	int rc = db_done(d, st, e);
	if (!rc) r->id = sqlite3_last_insert_rowid(db_handle(d));
	return rc;
}

static void rec_read(sqlite3_stmt *st, arena *a, insp_rec *x)
{
	x->id = sqlite3_column_int64(st, 0);
	x->unit_id = sqlite3_column_int64(st, 1);
	x->unit_code = dup(a, st, 2);
	x->head_account_id = sqlite3_column_int64(st, 3);
	x->head_login = dup(a, st, 4);
	x->text = dup(a, st, 5);
	x->due_on = dup(a, st, 6);
	x->code = dup(a, st, 7);
}

int insp_repo_recs(db *d, int64_t insp, arena *a, insp_rec **out, int *n, err *e)
{
	sqlite3_stmt *st = db_stmt(d, "SELECT r.id, r.unit_id, u.code, coalesce(r.head_account_id, 0), coalesce(a.login, ''), r.text,"
	                              " r.due_on, i.code FROM inspection_recommendations r JOIN units u ON u.id = r.unit_id"
	                              " JOIN inspections i ON i.id = r.inspection_id LEFT JOIN accounts a ON a.id = r.head_account_id"
	                              " WHERE r.inspection_id = ? ORDER BY r.id LIMIT 200", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_int64(st, 1, insp);
	READ_ALL(d, st, a, out, n, insp_rec, rec_read);
}

int insp_repo_commend_add(db *d, insp_commendation *c, int64_t by, err *e)
{
	sqlite3_stmt *st = db_stmt(d, "INSERT INTO inspection_commendations(inspection_id, unit_id, account_id, text, by_account, at)"
	                              " SELECT id, ?2, ?3, ?4, ?5, ?6 FROM inspections WHERE code = ?1", e);
	if (!st) return MB_EINTERNAL;
	bind_str(st, 1, c->code);
	sqlite3_bind_int64(st, 2, c->unit_id);
	db_bind_id(st, 3, c->account_id);
	bind_str(st, 4, c->text);
	sqlite3_bind_int64(st, 5, by);
	db_bind_time(st, 6, c->at);
	int rc = db_done(d, st, e);
	if (!rc) c->id = sqlite3_last_insert_rowid(db_handle(d));
	return rc;
}

#define COMMEND_COLS                                                                                   \
	"c.id, i.code, c.unit_id, u.code, coalesce(c.account_id, 0), coalesce(a.login, ''),"               \
	" coalesce(a.display_name, ''), c.text, c.at FROM inspection_commendations c"                      \
	" JOIN inspections i ON i.id = c.inspection_id JOIN units u ON u.id = c.unit_id"                   \
	" LEFT JOIN accounts a ON a.id = c.account_id"

static void commend_read(sqlite3_stmt *st, arena *a, insp_commendation *x)
{
	x->id = sqlite3_column_int64(st, 0);
	x->code = dup(a, st, 1);
	x->unit_id = sqlite3_column_int64(st, 2);
	x->unit_code = dup(a, st, 3);
	x->account_id = sqlite3_column_int64(st, 4);
	x->login = dup(a, st, 5);
	x->name = dup(a, st, 6);
	x->text = dup(a, st, 7);
	x->at = db_col_time(st, 8);
}

int insp_repo_commendations(db *d, int64_t insp, arena *a, insp_commendation **out, int *n, err *e)
{
	sqlite3_stmt *st = db_stmt(d, "SELECT " COMMEND_COLS " WHERE c.inspection_id = ? ORDER BY c.id LIMIT 200", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_int64(st, 1, insp);
	READ_ALL(d, st, a, out, n, insp_commendation, commend_read);
}

int insp_repo_commendations_of(db *d, int64_t account, int limit, arena *a, insp_commendation **out, int *n, err *e)
{
	sqlite3_stmt *st = db_stmt(d, "SELECT " COMMEND_COLS " WHERE c.account_id = ? ORDER BY c.id DESC LIMIT ?", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_int64(st, 1, account);
	sqlite3_bind_int(st, 2, limit);
	READ_ALL(d, st, a, out, n, insp_commendation, commend_read);
}

/* The published list: the first page, and the pages after a cursor (two
 * statements, so that each is one range of the partial index). */
static const char sql_published[] = "SELECT " INSP_COLS " WHERE i.state = 'concluded'"
                                    " ORDER BY i.concluded_at DESC, i.id DESC LIMIT ?3";
static const char sql_published_after[] = "SELECT " INSP_COLS " WHERE i.state = 'concluded'"
                                          " AND (i.concluded_at, i.id) < (?1, ?2) ORDER BY i.concluded_at DESC, i.id DESC LIMIT ?3";

int insp_repo_published(db *d, int64_t before_at, int64_t before_id, int limit, arena *a, insp_row **out, int *n, err *e)
{
	sqlite3_stmt *st = db_stmt(d, before_at ? sql_published_after : sql_published, e);
	if (!st) return MB_EINTERNAL;
	if (before_at) {
		db_bind_time(st, 1, before_at);
		sqlite3_bind_int64(st, 2, before_id);
	}
	sqlite3_bind_int(st, 3, limit);
	READ_ALL(d, st, a, out, n, insp_row, insp_read);
}

int insp_repo_published_plan(db *d, bool after, arena *a, const char **plan, err *e)
{
	return db_query_plan(d, after ? sql_published_after : sql_published, a, plan, e);
}

int insp_repo_unit_head(db *d, int64_t unit, int64_t *account, err *e)
{
	sqlite3_stmt *st = db_stmt(d, "SELECT id FROM accounts WHERE unit_id = ? AND role = 'unit_head' AND disabled = 0"
	                              " ORDER BY id LIMIT 1", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_int64(st, 1, unit);
	int rc = sqlite3_step(st);
	*account = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	int f = rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : db_fail(d, e);
	sqlite3_reset(st);
	return f;
}
