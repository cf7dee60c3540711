/* repo.c — the SQL of cases, their steps, the vault rows, files, apologies,
 * sanctions, the public index and the legal clocks. Times are stored as ISO
 * 8601 UTC text and handed to callers as epoch seconds. */
#include <stdlib.h>
#include <string.h>

#include "base/clock.h"
#include "cases/repo.h"

static void bind_str(sqlite3_stmt *st, int i, const char *s)
{
	if (s && *s) sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC); else sqlite3_bind_null(st, i);
}

static void bind_text(sqlite3_stmt *st, int i, const char *s)
{
	sqlite3_bind_text(st, i, s ? s : "", -1, SQLITE_STATIC);
}

#define CASE_COLS \
	"c.id, c.code, c.secret_hash, c.kind, c.category, c.channel, c.title, c.body, coalesce(c.incident_date, '')," \
	" coalesce(c.dossier_code, ''), c.subject_name, c.state, c.risk, c.findings, c.conclusion, c.result_summary," \
	" c.reason, coalesce(c.satisfaction, ''), coalesce(c.confirmed_by, ''), coalesce(c.open311_token, '')," \
	" c.address_string, c.lang, c.anonymous, c.late, c.lat IS NOT NULL, coalesce(c.at_fault, -1)," \
	" coalesce(c.subject_unit_id, 0), coalesce(c.subject_account_id, 0), c.unit_id," \
	" coalesce(c.handler_account_id, 0), coalesce(c.reporter_account_id, 0), coalesce(c.entered_by, 0)," \
	" c.rule_set_id, c.received_at, c.accepted_at, c.due_at, c.concluded_at, c.published_at, c.closed_at," \
	" c.reminded_at, c.overdue_at, c.phase_extensions, c.transfers, c.reopened, c.escalations, c.version," \
	" coalesce(c.lat, 0), coalesce(c.lon, 0)," \
	" u.code, u.name_vi, u.name_en, coalesce(su.code, ''), coalesce(su.name_vi, '')," \
	" coalesce(h.display_name, ''), coalesce(h.title, ''), coalesce(o.display_name, ''), coalesce(o.title, '')," \
	" (SELECT CASE WHEN s.ended_at IS NULL THEN s.started_at END FROM case_steps s WHERE s.case_id = c.id" \
	" ORDER BY s.id DESC LIMIT 1)"
#define CASE_FROM \
	" FROM cases c JOIN units u ON u.id = c.unit_id LEFT JOIN units su ON su.id = c.subject_unit_id" \
	" LEFT JOIN accounts h ON h.id = c.handler_account_id LEFT JOIN accounts o ON o.id = c.subject_account_id"

static const char *dup(arena *a, sqlite3_stmt *st, int i) { return arena_strdup(a, db_text(st, i)); }

static void read_row(sqlite3_stmt *st, arena *a, case_row *r)
{
	memset(r, 0, sizeof *r);
	int i = 0;
	r->id = sqlite3_column_int64(st, i++);
	r->code = dup(a, st, i++);
	r->secret_hash = dup(a, st, i++);
	r->kind = dup(a, st, i++);
	r->category = dup(a, st, i++);
	r->channel = dup(a, st, i++);
	r->title = dup(a, st, i++);
	r->body = dup(a, st, i++);
	r->incident_date = dup(a, st, i++);
	r->dossier_code = dup(a, st, i++);
	r->subject_name = dup(a, st, i++);
	r->state = dup(a, st, i++);
	r->risk = dup(a, st, i++);
	r->findings = dup(a, st, i++);
	r->conclusion = dup(a, st, i++);
	r->result_summary = dup(a, st, i++);
	r->reason = dup(a, st, i++);
	r->satisfaction = dup(a, st, i++);
	r->confirmed_by = dup(a, st, i++);
	r->open311_token = dup(a, st, i++);
	r->address_string = dup(a, st, i++);
	r->lang = dup(a, st, i++);
	r->anonymous = sqlite3_column_int(st, i++);
	r->late = sqlite3_column_int(st, i++);
	r->has_lat = sqlite3_column_int(st, i++);
	r->at_fault = sqlite3_column_int(st, i++);
	r->subject_unit_id = sqlite3_column_int64(st, i++);
	r->subject_account_id = sqlite3_column_int64(st, i++);
	r->unit_id = sqlite3_column_int64(st, i++);
	r->handler_account_id = sqlite3_column_int64(st, i++);
	r->reporter_account_id = sqlite3_column_int64(st, i++);
	r->entered_by = sqlite3_column_int64(st, i++);
	r->rule_set_id = sqlite3_column_int64(st, i++);
	r->received_at = db_col_time(st, i++);
	r->accepted_at = db_col_time(st, i++);
	r->due_at = db_col_time(st, i++);
	r->concluded_at = db_col_time(st, i++);
	r->published_at = db_col_time(st, i++);
	r->closed_at = db_col_time(st, i++);
	r->reminded_at = db_col_time(st, i++);
	r->overdue_at = db_col_time(st, i++);
	r->phase_extensions = sqlite3_column_int(st, i++);
	r->transfers = sqlite3_column_int(st, i++);
	r->reopened = sqlite3_column_int(st, i++);
	r->escalations = sqlite3_column_int(st, i++);
	r->version = sqlite3_column_int(st, i++);
	r->lat = sqlite3_column_double(st, i++);
	r->lon = sqlite3_column_double(st, i++);
	r->unit_code = dup(a, st, i++);
	r->unit_name_vi = dup(a, st, i++);
	r->unit_name_en = dup(a, st, i++);
	r->subject_unit_code = dup(a, st, i++);
	r->subject_unit_name_vi = dup(a, st, i++);
	r->handler_name = dup(a, st, i++);
	r->handler_title = dup(a, st, i++);
	r->subject_official_name = dup(a, st, i++);
	r->subject_official_title = dup(a, st, i++);
	r->step_started_at = db_col_time(st, i++);
}

static int one_row(db *d, sqlite3_stmt *st, arena *a, case_row *out, err *e)
{
	int rc = sqlite3_step(st);
	if (rc == SQLITE_DONE) { sqlite3_reset(st); return 0; }
	if (rc != SQLITE_ROW) return db_fail(d, e);
	read_row(st, a, out);
	sqlite3_reset(st);
	return 1;
}

static int collect(db *d, sqlite3_stmt *st, arena *a, case_row **out, int *n, err *e)
{
	int cap = 0, rc;
	case_row *rows = NULL;
	*n = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) read_row(st, a, arena_push(a, &rows, n, &cap, sizeof *rows));
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) return db_fail(d, e);
	*out = rows;
	return 0;
}

int case_repo_get(db *d, const char *code, arena *a, case_row *out, err *e)
{
	sqlite3_stmt *st = db_stmt(d, "SELECT " CASE_COLS CASE_FROM " WHERE c.code = ?", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
	return one_row(d, st, a, out, e);
}

int case_repo_get_by_id(db *d, int64_t id, arena *a, case_row *out, err *e)
{
	sqlite3_stmt *st = db_stmt(d, "SELECT " CASE_COLS CASE_FROM " WHERE c.id = ?", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_int64(st, 1, id);
	return one_row(d, st, a, out, e);
}

int case_repo_insert(db *d, case_row *r, const char *secret_hash, err *e)
{
	sqlite3_stmt *st = db_stmt(d,
		"INSERT INTO cases(code, secret_hash, kind, category, channel, anonymous, title, body, incident_date,"
		" dossier_code, subject_unit_id, subject_account_id, subject_name, unit_id, reporter_account_id,"
		" entered_by, state, rule_set_id, received_at, lat, lon, address_string, lang, due_at, risk)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23,"
		" ?24, coalesce(?25, 'on_time'))", e);
	if (!st) return MB_EINTERNAL;
	bind_text(st, 1, r->code);
	bind_text(st, 2, secret_hash);
	bind_text(st, 3, r->kind);
	bind_text(st, 4, r->category);
	bind_text(st, 5, r->channel);
	sqlite3_bind_int(st, 6, r->anonymous);
	bind_text(st, 7, r->title);
	bind_text(st, 8, r->body);
	bind_str(st, 9, r->incident_date);
	bind_str(st, 10, r->dossier_code);
	db_bind_id(st, 11, r->subject_unit_id);
	db_bind_id(st, 12, r->subject_account_id);
	bind_text(st, 13, r->subject_name);
	sqlite3_bind_int64(st, 14, r->unit_id);
	db_bind_id(st, 15, r->reporter_account_id);
	db_bind_id(st, 16, r->entered_by);
	bind_text(st, 17, r->state);
	sqlite3_bind_int64(st, 18, r->rule_set_id);
	db_bind_time(st, 19, r->received_at);
	if (r->has_lat) { sqlite3_bind_double(st, 20, r->lat); sqlite3_bind_double(st, 21, r->lon); }
	else { sqlite3_bind_null(st, 20); sqlite3_bind_null(st, 21); }
	bind_text(st, 22, r->address_string);
	bind_text(st, 23, r->lang && *r->lang ? r->lang : "vi");
	db_bind_time(st, 24, r->due_at);
	bind_str(st, 25, r->risk);
	if (db_done(d, st, e)) return MB_EINTERNAL;
	r->id = sqlite3_last_insert_rowid(db_handle(d));
	return 0;
}

int case_repo_update(db *d, const case_row *r, err *e)
{
	sqlite3_stmt *st = db_stmt(d,
		"UPDATE cases SET kind = ?1, state = ?2, unit_id = ?3, handler_account_id = ?4, accepted_at = ?5,"
		" due_at = ?6, phase_extensions = ?7, transfers = ?8, reopened = ?9, escalations = ?10, risk = ?11,"
		" reminded_at = ?12, overdue_at = ?13, findings = ?14, conclusion = ?15, at_fault = ?16,"
		" result_summary = ?17, reason = ?18, concluded_at = ?19, published_at = ?20, closed_at = ?21, late = ?22,"
		" satisfaction = ?23, confirmed_by = ?24, version = version + 1 WHERE id = ?25", e);
	if (!st) return MB_EINTERNAL;
	bind_text(st, 1, r->kind);
	bind_text(st, 2, r->state);
	sqlite3_bind_int64(st, 3, r->unit_id);
	db_bind_id(st, 4, r->handler_account_id);
	db_bind_time(st, 5, r->accepted_at);
	db_bind_time(st, 6, r->due_at);
	sqlite3_bind_int(st, 7, r->phase_extensions);
	sqlite3_bind_int(st, 8, r->transfers);
	sqlite3_bind_int(st, 9, r->reopened);
	sqlite3_bind_int(st, 10, r->escalations);
	bind_text(st, 11, r->risk);
	db_bind_time(st, 12, r->reminded_at);
	db_bind_time(st, 13, r->overdue_at);
	bind_text(st, 14, r->findings);
	bind_text(st, 15, r->conclusion);
	if (r->at_fault < 0) sqlite3_bind_null(st, 16); else sqlite3_bind_int(st, 16, r->at_fault);
	bind_text(st, 17, r->result_summary);
	bind_text(st, 18, r->reason);
	db_bind_time(st, 19, r->concluded_at);
	db_bind_time(st, 20, r->published_at);
	db_bind_time(st, 21, r->closed_at);
	sqlite3_bind_int(st, 22, r->late);
	bind_str(st, 23, r->satisfaction);
	bind_str(st, 24, r->confirmed_by);
	sqlite3_bind_int64(st, 25, r->id);
	return db_done(d, st, e);
}

int case_repo_next_serial(db *d, const char *prefix, int *serial, err *e)
{
	/* One counter row per day, inside the caller's transaction: no scan of
	 * the day's cases, and no two reports with one code. */
	const char *day = strchr(prefix, '-');
	day = day ? day + 1 : prefix;
	sqlite3_stmt *st = db_stmt(d, "INSERT INTO case_serials(day, last) VALUES (?, 1)"
	                              " ON CONFLICT(day) DO UPDATE SET last = last + 1 RETURNING last", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_text(st, 1, day, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(st) != SQLITE_ROW) return db_fail(d, e);
	*serial = sqlite3_column_int(st, 0);
	sqlite3_reset(st);
	return 0;
}

/* --- steps --- */

int case_repo_step_open(db *d, int64_t case_id, const char *state, int64_t unit_id, int64_t account_id,
                        int64_t started, int64_t due, const char *note, err *e)
{
	sqlite3_stmt *st = db_stmt(d,
		"INSERT INTO case_steps(case_id, state, unit_id, account_id, started_at, due_at, note)"
		" VALUES (?, ?, ?, ?, ?, ?, ?)", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_int64(st, 1, case_id);
	bind_text(st, 2, state);
	sqlite3_bind_int64(st, 3, unit_id);
	db_bind_id(st, 4, account_id);
	db_bind_time(st, 5, started);
	db_bind_time(st, 6, due);
	bind_text(st, 7, note);
	return db_done(d, st, e);
}

int case_repo_step_close(db *d, int64_t case_id, int64_t ended, err *e)
{
	sqlite3_stmt *st = db_stmt(d, "UPDATE case_steps SET ended_at = ? WHERE case_id = ? AND ended_at IS NULL", e);
	if (!st) return MB_EINTERNAL;
	db_bind_time(st, 1, ended);
	sqlite3_bind_int64(st, 2, case_id);
	return db_done(d, st, e);
}

int case_repo_steps(db *d, int64_t case_id, arena *a, case_step_row **out, int *n, err *e)
{
	sqlite3_stmt *st = db_stmt(d,
		"SELECT s.state, u.code, u.name_vi, u.name_en, coalesce(x.display_name, ''), coalesce(x.title, ''), s.note,"
		" s.started_at, s.ended_at, s.due_at FROM case_steps s JOIN units u ON u.id = s.unit_id"
		" LEFT JOIN accounts x ON x.id = s.account_id WHERE s.case_id = ? ORDER BY s.id", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_int64(st, 1, case_id);
	int cap = 0, rc;
	case_step_row *rows = NULL;
	*n = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		case_step_row *s = arena_push(a, &rows, n, &cap, sizeof *rows);
		s->state = dup(a, st, 0);
		s->unit_code = dup(a, st, 1);
		s->unit_name_vi = dup(a, st, 2);
		s->unit_name_en = dup(a, st, 3);
		s->account_name = dup(a, st, 4);
		s->account_title = dup(a, st, 5);
		s->note = dup(a, st, 6);
		s->started_at = db_col_time(st, 7);
		s->ended_at = db_col_time(st, 8);
		s->due_at = db_col_time(st, 9);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) return db_fail(d, e);
	*out = rows;
	return 0;
}

/* --- the vault rows --- */

int case_repo_identity_put(db *d, int64_t case_id, const unsigned char *nonce, size_t nn,
                           const unsigned char *sealed, size_t sn, err *e)
{
	sqlite3_stmt *st = db_stmt(d, "INSERT INTO case_identities(case_id, nonce, sealed) VALUES (?, ?, ?)", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_int64(st, 1, case_id);
	sqlite3_bind_blob(st, 2, nonce, (int)nn, SQLITE_STATIC);
	sqlite3_bind_blob(st, 3, sealed, (int)sn, SQLITE_STATIC);
	return db_done(d, st, e);
}

int case_repo_identity_get(db *d, int64_t case_id, arena *a, unsigned char **nonce, size_t *nn,
                           unsigned char **sealed, size_t *sn, err *e)
{
	sqlite3_stmt *st = db_stmt(d, "SELECT nonce, sealed FROM case_identities WHERE case_id = ?", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_int64(st, 1, case_id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_DONE) { sqlite3_reset(st); return 0; }
	if (rc != SQLITE_ROW) return db_fail(d, e);
	*nn = (size_t)sqlite3_column_bytes(st, 0);
	*nonce = arena_alloc(a, *nn + 1);
	if (*nn) memcpy(*nonce, sqlite3_column_blob(st, 0), *nn);
	*sn = (size_t)sqlite3_column_bytes(st, 1);
	*sealed = arena_alloc(a, *sn + 1);
	if (*sn) memcpy(*sealed, sqlite3_column_blob(st, 1), *sn);
	sqlite3_reset(st);
	return 1;
}

int case_repo_identity_read_add(db *d, int64_t case_id, int64_t account_id, int64_t at, const char *reason, err *e)
{
	sqlite3_stmt *st = db_stmt(d, "INSERT INTO case_identity_reads(case_id, account_id, at, reason) VALUES (?, ?, ?, ?)", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_int64(st, 1, case_id);
	sqlite3_bind_int64(st, 2, account_id);
	db_bind_time(st, 3, at);
	bind_text(st, 4, reason);
	return db_done(d, st, e);
}

/* --- files --- */

int case_repo_case_file_add(db *d, int64_t case_id, const char *sha, const char *name, const char *type,
                            int64_t size, bool sealed, err *e)
{
	sqlite3_stmt *st = db_stmt(d,
		"INSERT INTO case_files(case_id, sha256, name, content_type, size, sealed) VALUES (?, ?, ?, ?, ?, ?)"
		" ON CONFLICT DO NOTHING", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_int64(st, 1, case_id);
	sqlite3_bind_text(st, 2, sha, -1, SQLITE_STATIC);
	bind_text(st, 3, name);
	bind_text(st, 4, type);
	sqlite3_bind_int64(st, 5, size);
	sqlite3_bind_int(st, 6, sealed);
	return db_done(d, st, e);
}

int case_repo_files(db *d, int64_t case_id, arena *a, case_file_row **out, int *n, err *e)
{
	sqlite3_stmt *st = db_stmt(d,
		"SELECT sha256, name, content_type, size, sealed FROM case_files WHERE case_id = ? ORDER BY rowid", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_int64(st, 1, case_id);
	int cap = 0, rc;
	case_file_row *rows = NULL;
	*n = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		case_file_row *f = arena_push(a, &rows, n, &cap, sizeof *rows);
		f->sha256 = dup(a, st, 0);
		f->name = dup(a, st, 1);
		f->content_type = dup(a, st, 2);
		f->size = sqlite3_column_int64(st, 3);
		f->sealed = sqlite3_column_int(st, 4);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) return db_fail(d, e);
	*out = rows;
	return 0;
}

/* --- apologies, sanctions, the public index --- */

int case_repo_apology_add(db *d, int64_t case_id, int64_t unit_id, const char *what_wrong, const char *what_done,
                          const char *remedy, int64_t at, err *e)
{
	sqlite3_stmt *st = db_stmt(d,
		"INSERT INTO case_apologies(case_id, unit_id, what_wrong, what_done, remedy, published_at)"
		" VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(case_id) DO UPDATE SET unit_id = excluded.unit_id,"
		" what_wrong = excluded.what_wrong, what_done = excluded.what_done, remedy = excluded.remedy,"
		" published_at = excluded.published_at", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_int64(st, 1, case_id);
	sqlite3_bind_int64(st, 2, unit_id);
	bind_text(st, 3, what_wrong);
	bind_text(st, 4, what_done);
	bind_text(st, 5, remedy);
	db_bind_time(st, 6, at);
	return db_done(d, st, e);
}

int case_repo_apology_get(db *d, int64_t case_id, arena *a, case_apology_row *out, err *e)
{
	sqlite3_stmt *st = db_stmt(d,
		"SELECT what_wrong, what_done, remedy, published_at FROM case_apologies WHERE case_id = ?", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_int64(st, 1, case_id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_DONE) { sqlite3_reset(st); return 0; }
	if (rc != SQLITE_ROW) return db_fail(d, e);
	out->what_wrong = dup(a, st, 0);
	out->what_done = dup(a, st, 1);
	out->remedy = dup(a, st, 2);
	out->published_at = db_col_time(st, 3);
	sqlite3_reset(st);
	return 1;
}

int case_repo_sanction_add(db *d, int64_t account_id, int64_t case_id, int64_t unit_id, const char *sanction, bool corruption,
                           int64_t at, err *e)
{
	sqlite3_stmt *st = db_stmt(d,
		"INSERT INTO official_sanctions(account_id, case_id, unit_id, sanction, decided_at, corruption) VALUES (?, ?, ?, ?, ?, ?)", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_int64(st, 1, account_id);
	sqlite3_bind_int64(st, 2, case_id);
	sqlite3_bind_int64(st, 3, unit_id);
	bind_text(st, 4, sanction);
	db_bind_time(st, 5, at);
	sqlite3_bind_int(st, 6, corruption ? 1 : 0);
	return db_done(d, st, e);
}

int case_repo_fts_put(db *d, const char *code, const char *text, err *e)
{
	/* Keyed by the case's id (rowid), so the old row goes by rowid, never by
	 * a scan of the unindexed code column. */
	sqlite3_stmt *st = db_stmt(d, "DELETE FROM case_fts WHERE rowid = (SELECT id FROM cases WHERE code = ?1)", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
	if (db_done(d, st, e)) return MB_EINTERNAL;
	st = db_stmt(d, "INSERT INTO case_fts(rowid, code, text) SELECT id, ?1, ?2 FROM cases WHERE code = ?1", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
	bind_text(st, 2, text);
	return db_done(d, st, e);
}

/* --- people --- */

static void read_person(sqlite3_stmt *st, arena *a, case_person *p)
{
	p->id = sqlite3_column_int64(st, 0);
	p->login = dup(a, st, 1);
	p->display_name = dup(a, st, 2);
	p->title = dup(a, st, 3);
	p->role = dup(a, st, 4);
	p->unit_code = dup(a, st, 5);
	p->unit_id = sqlite3_column_int64(st, 7);
}

#define PERSON_COLS "x.id, x.login, x.display_name, x.title, x.role, u.code, x.email, x.unit_id"

int case_repo_person(db *d, const char *login, int64_t id, arena *a, case_person *out, const char **email, err *e)
{
	sqlite3_stmt *st = login
		? db_stmt(d, "SELECT " PERSON_COLS " FROM accounts x JOIN units u ON u.id = x.unit_id"
		             " WHERE x.login = ? AND x.disabled = 0", e)
		: db_stmt(d, "SELECT " PERSON_COLS " FROM accounts x JOIN units u ON u.id = x.unit_id WHERE x.id = ?", e);
	if (!st) return MB_EINTERNAL;
	if (login) sqlite3_bind_text(st, 1, login, -1, SQLITE_STATIC); else sqlite3_bind_int64(st, 1, id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_DONE) { sqlite3_reset(st); return 0; }
	if (rc != SQLITE_ROW) return db_fail(d, e);
	read_person(st, a, out);
	if (email) *email = dup(a, st, 6);
	sqlite3_reset(st);
	return 1;
}

int case_repo_assignees(db *d, int64_t unit_id, arena *a, case_person **out, int *n, err *e)
{
	sqlite3_stmt *st = db_stmt(d,
		"WITH RECURSIVE sub(id) AS (SELECT ?1 UNION ALL SELECT u.id FROM units u JOIN sub ON u.parent_id = sub.id)"
		" SELECT " PERSON_COLS " FROM accounts x JOIN units u ON u.id = x.unit_id"
		" WHERE x.unit_id IN (SELECT id FROM sub) AND x.disabled = 0"
		" AND x.role IN ('processing_officer','unit_head','inspector') ORDER BY x.display_name LIMIT 500", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_int64(st, 1, unit_id);
	int cap = 0, rc;
	case_person *rows = NULL;
	*n = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) read_person(st, a, arena_push(a, &rows, n, &cap, sizeof *rows));
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) return db_fail(d, e);
	*out = rows;
	return 0;
}

int case_repo_heads(db *d, int64_t unit_id, arena *a, case_person **out, const char ***emails, int *n, err *e)
{
	sqlite3_stmt *st = db_stmt(d,
		"SELECT " PERSON_COLS " FROM accounts x JOIN units u ON u.id = x.unit_id"
		" WHERE x.unit_id = ? AND x.role = 'unit_head' AND x.disabled = 0 ORDER BY x.id", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_int64(st, 1, unit_id);
	int cap = 0, ecap = 0, en = 0, rc;
	case_person *rows = NULL;
	const char **em = NULL;
	*n = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		read_person(st, a, arena_push(a, &rows, n, &cap, sizeof *rows));
		*(const char **)arena_push(a, &em, &en, &ecap, sizeof *em) = dup(a, st, 6);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) return db_fail(d, e);
	*out = rows;
	*emails = em;
	return 0;
}

int64_t case_repo_unit_parent(db *d, int64_t unit_id)
{
	err e = {0};
	sqlite3_stmt *st = db_stmt(d, "SELECT coalesce(parent_id, 0) FROM units WHERE id = ?", &e);
	if (!st) return 0;
	sqlite3_bind_int64(st, 1, unit_id);
	int64_t p = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	return p;
}

/* --- the exclusion set of denunciations --- */

/* The one predicate of the exclusion set (docs/cases.md): the account ?1 of
 * the unit ?2 is the official named, or belongs to a named unit (scope
 * 'unit') or to a unit at or below one (scope 'subtree'). Needs the CTE
 * EXCL_ANC (the unit ?2 and its ancestors) and the case as c. Every reader
 * of cases for staff goes through it: case_repo_list and case_repo_excluded
 * (the case page and API, actions, assignees, the vault, e-mail notices). */
#define EXCL_ANC \
	"excl_anc(id) AS (SELECT ?2 UNION ALL SELECT u.parent_id FROM units u JOIN excl_anc ON u.id = excl_anc.id" \
	" WHERE u.parent_id IS NOT NULL)"
#define EXCLUDED \
	" EXISTS (SELECT 1 FROM case_subjects x WHERE x.case_id = c.id AND (x.account_id = ?1" \
	" OR (x.scope = 'unit' AND x.unit_id = ?2) OR (x.scope = 'subtree' AND x.unit_id IN (SELECT id FROM excl_anc))))"

int case_repo_excluded(db *d, int64_t case_id, int64_t account_id, int64_t unit_id, err *e)
{
	sqlite3_stmt *st = db_stmt(d, "WITH RECURSIVE " EXCL_ANC " SELECT" EXCLUDED " FROM cases c WHERE c.id = ?3", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_int64(st, 1, account_id ? account_id : -1);
	sqlite3_bind_int64(st, 2, unit_id);
	sqlite3_bind_int64(st, 3, case_id);
	int rc = sqlite3_step(st);
	int out = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) != 0 : 0;
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) return db_fail(d, e);
	return out;
}

int case_repo_link_add(db *d, int64_t case_id, const char *kind, const char *ref, int64_t at, err *e)
{
	sqlite3_stmt *st = db_stmt(d, "INSERT INTO case_links(case_id, kind, ref, at) VALUES (?, ?, ?, ?)", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_int64(st, 1, case_id);
	sqlite3_bind_text(st, 2, kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, ref, -1, SQLITE_STATIC);
	db_bind_time(st, 4, at);
	return db_done(d, st, e);
}

int case_repo_link_of(db *d, int64_t case_id, const char *kind, arena *a, const char **ref, err *e)
{
	*ref = "";
	sqlite3_stmt *st = db_stmt(d, "SELECT ref FROM case_links WHERE case_id = ? AND kind = ?", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_int64(st, 1, case_id);
	sqlite3_bind_text(st, 2, kind, -1, SQLITE_STATIC);
	int rc = db_row(d, st, e);
	if (rc <= 0) return rc;
	*ref = dup(a, st, 0);
	sqlite3_reset(st);
	return 0;
}

static void link_read(sqlite3_stmt *st, arena *a, case_link_row *x)
{
	x->case_code = dup(a, st, 0);
	x->ref = dup(a, st, 1);
	x->kind = dup(a, st, 2);
	x->state = dup(a, st, 3);
	x->at = db_col_time(st, 4);
}

int case_repo_links_recent(db *d, const char *kind, int limit, arena *a, case_link_row **out, int *n, err *e)
{
	sqlite3_stmt *st = db_stmt(d, "SELECT c.code, l.ref, c.kind, c.state, l.at FROM case_links l JOIN cases c ON c.id = l.case_id"
	                              " WHERE l.kind = ? ORDER BY l.at DESC LIMIT ?", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_text(st, 1, kind, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, limit);
	DB_READ_ALL(d, st, a, out, n, case_link_row, link_read);
}

int case_repo_subject_add(db *d, int64_t case_id, const case_subject *s, const char *source, int64_t at, err *e)
{
	sqlite3_stmt *st = db_stmt(d,
		"INSERT INTO case_subjects(case_id, account_id, unit_id, scope, source, named_at) VALUES (?, ?, ?, ?, ?, ?)", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_int64(st, 1, case_id);
	db_bind_id(st, 2, s->account_id);
	db_bind_id(st, 3, s->unit_id);
	sqlite3_bind_text(st, 4, case_subject_scope_name(s->scope), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, source, -1, SQLITE_STATIC);
	db_bind_time(st, 6, at);
	return db_done(d, st, e);
}

int case_repo_denunciation_handlers(db *d, arena *a, int64_t **ids, int *n, err *e)
{
	sqlite3_stmt *st = db_stmt(d,
		"SELECT u.id FROM case_denunciation_handlers h JOIN units u ON u.code = h.unit_code ORDER BY h.rank", e);
	if (!st) return MB_EINTERNAL;
	int cap = 0, rc;
	*ids = NULL;
	*n = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		*(int64_t *)arena_push(a, ids, n, &cap, sizeof **ids) = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : db_fail(d, e);
}

/* --- queues --- */

int case_repo_list(db *d, const char *view, int64_t actor_id, int64_t actor_unit, const char *state,
                   const char *kind, int limit, int64_t before_id, arena *a, case_row **out, int *n, err *e)
{
	/* Newest first, a page at a time from the cursor (the id of the last case
	 * of the previous page): each statement walks an index in that order
	 * (sql/0022_queues.sql) and stops at the page's end, so that a page costs
	 * the same whatever the size of the history. A unit with units below it
	 * walks the cases newest first and keeps those of its tree (the "+" keeps
	 * the planner from sorting the tree's cases instead); its overdue list
	 * walks the overdue ones only. A denunciation is never listed to anyone
	 * its exclusion set covers. */
#define SCOPE_CTE \
	"WITH RECURSIVE sub(id) AS (SELECT ?2 UNION ALL SELECT u.id FROM units u JOIN sub ON u.parent_id = sub.id), " \
	EXCL_ANC " "
#define NOT_EXCLUDED " AND NOT" EXCLUDED
#define FILTERS " AND c.id < ?6 AND (?3 = '' OR c.state = ?3) AND (?4 = '' OR c.kind = ?4)"
#define ORDER " ORDER BY c.id DESC LIMIT ?5"
#define OVERDUE " c.risk = 'overdue' AND c.state IN ('received','accepted','assigned','verified','reopened')"
	sqlite3_stmt *st;
	bool tree = false;
	if (strcmp(view, "mine") && strcmp(view, "all")) {
		sqlite3_stmt *q = db_stmt(d, "SELECT EXISTS (SELECT 1 FROM units WHERE parent_id = ?)", e);
		if (!q) return MB_EINTERNAL;
		sqlite3_bind_int64(q, 1, actor_unit);
		int rc = sqlite3_step(q);
		tree = rc == SQLITE_ROW && sqlite3_column_int(q, 0);
		sqlite3_reset(q);
		if (rc != SQLITE_ROW) return db_fail(d, e);
	}
	if (!strcmp(view, "mine"))
		st = db_stmt(d, SCOPE_CTE "SELECT " CASE_COLS CASE_FROM " WHERE c.handler_account_id = ?1" NOT_EXCLUDED
		                FILTERS ORDER, e);
	else if (!strcmp(view, "overdue") && tree)
		st = db_stmt(d, SCOPE_CTE "SELECT " CASE_COLS CASE_FROM " WHERE" OVERDUE " AND +c.unit_id IN (SELECT id FROM sub)"
		                NOT_EXCLUDED FILTERS ORDER, e);
	else if (!strcmp(view, "overdue"))
		st = db_stmt(d, SCOPE_CTE "SELECT " CASE_COLS CASE_FROM " WHERE c.unit_id = ?2 AND" OVERDUE
		                NOT_EXCLUDED FILTERS ORDER, e);
	else if (!strcmp(view, "all"))
		st = db_stmt(d, SCOPE_CTE "SELECT " CASE_COLS CASE_FROM " WHERE 1 = 1" NOT_EXCLUDED FILTERS ORDER, e);
	else if (tree)
		st = db_stmt(d, SCOPE_CTE "SELECT " CASE_COLS CASE_FROM " WHERE +c.unit_id IN (SELECT id FROM sub)"
		                NOT_EXCLUDED FILTERS ORDER, e);
	else
		st = db_stmt(d, SCOPE_CTE "SELECT " CASE_COLS CASE_FROM " WHERE c.unit_id = ?2" NOT_EXCLUDED FILTERS ORDER, e);
#undef SCOPE_CTE
#undef NOT_EXCLUDED
#undef FILTERS
#undef ORDER
#undef OVERDUE
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_int64(st, 1, actor_id ? actor_id : -1);
	sqlite3_bind_int64(st, 2, actor_unit);
	bind_text(st, 3, state);
	bind_text(st, 4, kind);
	sqlite3_bind_int(st, 5, limit);
	sqlite3_bind_int64(st, 6, before_id > 0 ? before_id : INT64_MAX);
	return collect(d, st, a, out, n, e);
}

int case_repo_open_due(db *d, int64_t now, arena *a, case_row **out, int *n, err *e)
{
	/* Only what the job can still change: the open cases not yet marked overdue (their partial
	 * index, sql/0025_deadline_jobs.sql, holds the work in hand), and the overdue ones whose due
	 * time is ahead of the clock (none unless the clock was set back). An open case marked
	 * overdue with its due time past has nothing left to mark until a command gives it a new due
	 * time, which resets its marks: those pile up with the years and are not read. */
	sqlite3_stmt *st = db_stmt(d, "SELECT " CASE_COLS CASE_FROM
		" WHERE c.id IN (SELECT id FROM cases INDEXED BY cases_deadline_live"
		"  WHERE state IN ('received','accepted','assigned','verified','reopened')"
		"  AND due_at IS NOT NULL AND (risk <> 'overdue' OR overdue_at IS NULL)"
		" UNION ALL SELECT id FROM cases INDEXED BY cases_open_due WHERE state IN ('received','accepted','assigned','verified','reopened')"
		"  AND due_at >= ?1 AND risk = 'overdue' AND overdue_at IS NOT NULL)"
		" ORDER BY c.due_at, c.id", e);
	if (!st) return MB_EINTERNAL;
	db_bind_time(st, 1, now);
	return collect(d, st, a, out, n, e);
}

int case_repo_set_deadline_marks(db *d, int64_t id, const char *risk, int64_t reminded_at, int64_t overdue_at, err *e)
{
	sqlite3_stmt *st = db_stmt(d,
		"UPDATE cases SET risk = ?, reminded_at = ?, overdue_at = ?, version = version + 1 WHERE id = ?", e);
	if (!st) return MB_EINTERNAL;
	bind_text(st, 1, risk);
	db_bind_time(st, 2, reminded_at);
	db_bind_time(st, 3, overdue_at);
	sqlite3_bind_int64(st, 4, id);
	return db_done(d, st, e);
}

/* --- the legal clocks --- */

int case_repo_rules(db *d, int64_t rule_set_id, const char *date, arena *a, case_rules *out, err *e)
{
	sqlite3_stmt *st = rule_set_id
		? db_stmt(d, "SELECT id, reopen_limit, remind_working_hours, citation FROM case_rule_sets WHERE id = ?", e)
		: db_stmt(d, "SELECT id, reopen_limit, remind_working_hours, citation FROM case_rule_sets"
		             " WHERE effective_from <= ?1 AND (effective_to IS NULL OR effective_to >= ?1)"
		             " ORDER BY effective_from DESC LIMIT 1", e);
	if (!st) return MB_EINTERNAL;
	if (rule_set_id) sqlite3_bind_int64(st, 1, rule_set_id); else sqlite3_bind_text(st, 1, date, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_DONE) { sqlite3_reset(st); return 0; }
	if (rc != SQLITE_ROW) return db_fail(d, e);
	memset(out, 0, sizeof *out);
	out->rule_set_id = sqlite3_column_int64(st, 0);
	out->reopen_limit = sqlite3_column_int(st, 1);
	out->remind_working_hours = sqlite3_column_int(st, 2);
	out->citation = dup(a, st, 3);
	sqlite3_reset(st);
	st = db_stmt(d, "SELECT kind, phase, days, time_unit, extension_limit, extension_days, citation"
	                " FROM case_clocks WHERE rule_set_id = ?", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_int64(st, 1, out->rule_set_id);
	int found = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		case_kind k;
		if (case_kind_parse(db_text(st, 0), &k)) continue;
		case_phase p = !strcmp(db_text(st, 1), "initial") ? CP_INITIAL : CP_SETTLE;
		case_clock *c = &out->clocks[k][p];
		c->days = sqlite3_column_int(st, 2);
		c->unit = !strcmp(db_text(st, 3), "calendar_days") ? CAL_CALENDAR_DAYS : CAL_WORKING_DAYS;
		c->extension_limit = sqlite3_column_int(st, 4);
		c->extension_days = sqlite3_column_int(st, 5);
		c->citation = dup(a, st, 6);
		found++;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) return db_fail(d, e);
	return found == CK__MAX * CP__MAX ? 1 : 0;
}

int case_repo_event_hash_matches(db *d, int64_t seq, const char *hash, err *e)
{
	sqlite3_stmt *st = db_stmt(d, "SELECT hash = ? FROM events WHERE seq = ?", e);
	if (!st) return MB_EINTERNAL;
	bind_text(st, 1, hash);
	sqlite3_bind_int64(st, 2, seq);
	int rc = sqlite3_step(st);
	int ok = rc == SQLITE_ROW && sqlite3_column_int(st, 0);
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) return db_fail(d, e);
	return ok;
}

int case_repo_account_email_set(db *d, const char *login, const char *email, err *e)
{
	sqlite3_stmt *st = db_stmt(d, "UPDATE accounts SET email = ? WHERE login = ?", e);
	if (!st) return MB_EINTERNAL;
	bind_text(st, 1, email);
	bind_text(st, 2, login);
	return db_done(d, st, e);
}

int case_repo_receive_event(db *d, const char *code, int64_t *seq, char hash[65], int64_t *at, err *e)
{
	char subject[64];
	snprintf(subject, sizeof subject, "case:%s", code);
	sqlite3_stmt *st = db_stmt(d, "SELECT seq, hash, at FROM events WHERE subject = ? AND type = 'case.receive'"
	                              " ORDER BY seq LIMIT 1", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_text(st, 1, subject, -1, SQLITE_TRANSIENT);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_DONE) { sqlite3_reset(st); return 0; }
	if (rc != SQLITE_ROW) return db_fail(d, e);
	*seq = sqlite3_column_int64(st, 0);
	snprintf(hash, 65, "%s", db_text(st, 1));
	*at = db_col_time(st, 2);
	sqlite3_reset(st);
	return 1;
}

int case_repo_naming(db *d, int64_t account_id, int limit, arena *a, case_naming_row **out, int *n, err *e)
{
	sqlite3_stmt *st = db_stmt(d,
		"SELECT code, kind, state, coalesce(at_fault, -1), received_at FROM cases WHERE subject_account_id = ?"
		" AND kind IN ('feedback','petition','complaint') ORDER BY id DESC LIMIT ?", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_int64(st, 1, account_id);
	sqlite3_bind_int(st, 2, limit);
	int cap = 0, rc;
	case_naming_row *rows = NULL;
	*n = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		case_naming_row *x = arena_push(a, &rows, n, &cap, sizeof *rows);
		x->code = dup(a, st, 0);
		x->kind = dup(a, st, 1);
		x->state = dup(a, st, 2);
		x->at_fault = sqlite3_column_int(st, 3);
		x->received_at = db_col_time(st, 4);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) return db_fail(d, e);
	*out = rows;
	return 0;
}

int case_repo_sanctions(db *d, int64_t account_id, arena *a, case_sanction_row **out, int *n, err *e)
{
	sqlite3_stmt *st = db_stmt(d,
		"SELECT c.code, s.sanction, s.decided_at, u.code, c.kind, c.category FROM official_sanctions s"
		" JOIN cases c ON c.id = s.case_id JOIN units u ON u.id = s.unit_id WHERE s.account_id = ? ORDER BY s.id DESC", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_int64(st, 1, account_id);
	int cap = 0, rc;
	case_sanction_row *rows = NULL;
	*n = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		case_sanction_row *x = arena_push(a, &rows, n, &cap, sizeof *rows);
		x->code = dup(a, st, 0);
		x->sanction = dup(a, st, 1);
		x->decided_at = db_col_time(st, 2);
		x->unit_code = dup(a, st, 3);
		x->kind = dup(a, st, 4);
		x->category = dup(a, st, 5);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) return db_fail(d, e);
	*out = rows;
	return 0;
}

/* --- filing --- */

/* The code and names of a unit, as the case row's join has them (read before
 * a new report's transaction). 1: found, 0: no such unit. */
int case_repo_unit_names(db *d, int64_t unit_id, arena *a, case_row *r, err *e)
{
	sqlite3_stmt *st = db_stmt(d, "SELECT code, name_vi, name_en FROM units WHERE id = ?", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_int64(st, 1, unit_id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_DONE) { sqlite3_reset(st); return 0; }
	if (rc != SQLITE_ROW) return db_fail(d, e);
	r->unit_code = dup(a, st, 0);
	r->unit_name_vi = dup(a, st, 1);
	r->unit_name_en = dup(a, st, 2);
	sqlite3_reset(st);
	return 1;
}
