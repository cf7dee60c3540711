/* repo.c — the SQL of the Open311 room. Cases are only read here; they are
 * created through the cases service (case_exec). */
#include <string.h>

#include "base/clock.h"
#include "open311/repo.h"

/* The last change of a case: its latest step, or a later closing time. */
#define O311_COLS \
	"c.code, c.kind, c.category, c.state, c.title, c.result_summary, c.address_string," \
	" coalesce(u.name_vi, ''), coalesce(u.name_en, ''), coalesce(o.media_url, ''), coalesce(o.token, '')," \
	" c.received_at, max(c.received_at, coalesce((SELECT max(s.started_at) FROM case_steps s WHERE s.case_id = c.id), ''))," \
	" c.due_at, c.published_at, c.rule_set_id, c.lat, c.lon, c.closed_at," \
	" c.channel, c.body, coalesce(su.lat, u.lat), coalesce(su.lon, u.lon)" \
	" FROM cases c LEFT JOIN units u ON u.id = c.unit_id LEFT JOIN open311_requests o ON o.case_code = c.code" \
	" LEFT JOIN units su ON su.id = c.subject_unit_id"

static void read_row(sqlite3_stmt *st, arena *a, o311_row *r)
{
	memset(r, 0, sizeof *r);
	r->code = arena_strdup(a, db_text(st, 0));
	r->kind = arena_strdup(a, db_text(st, 1));
	r->category = arena_strdup(a, db_text(st, 2));
	r->state = arena_strdup(a, db_text(st, 3));
	r->title = arena_strdup(a, db_text(st, 4));
	r->result_summary = arena_strdup(a, db_text(st, 5));
	r->address = arena_strdup(a, db_text(st, 6));
	r->unit_name_vi = arena_strdup(a, db_text(st, 7));
	r->unit_name_en = arena_strdup(a, db_text(st, 8));
	r->media_url = arena_strdup(a, db_text(st, 9));
	r->token = arena_strdup(a, db_text(st, 10));
	r->received_at = db_col_time(st, 11);
	r->updated_at = db_col_time(st, 12);
	r->due_at = db_col_time(st, 13);
	r->published_at = db_col_time(st, 14);
	r->rule_set_id = sqlite3_column_int64(st, 15);
	r->has_lat = sqlite3_column_type(st, 16) != SQLITE_NULL && sqlite3_column_type(st, 17) != SQLITE_NULL;
	r->lat = sqlite3_column_double(st, 16);
	r->lon = sqlite3_column_double(st, 17);
	int64_t closed = db_col_time(st, 18);
	r->channel = arena_strdup(a, db_text(st, 19));
	r->body = arena_strdup(a, db_text(st, 20));
	/* Without a location of its own: the position of the unit reported on
	 * (else the unit handling it), so that a client can place the request. */
	if (!r->has_lat && sqlite3_column_type(st, 21) != SQLITE_NULL && sqlite3_column_type(st, 22) != SQLITE_NULL) {
		r->has_lat = r->lat_of_unit = true;
		r->lat = sqlite3_column_double(st, 21);
		r->lon = sqlite3_column_double(st, 22);
	}
	if (closed > r->updated_at) r->updated_at = closed;
	if (r->updated_at < r->received_at) r->updated_at = r->received_at;
}

int o311_repo_request(db *d, const char *code, arena *a, o311_row *out, err *e)
{
	sqlite3_stmt *st = db_stmt(d, "SELECT " O311_COLS " WHERE c.code = ?", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_DONE) { sqlite3_reset(st); return 0; }
	if (rc != SQLITE_ROW) return db_fail(d, e);
	read_row(st, a, out);
	sqlite3_reset(st);
	return 1;
}

int o311_repo_requests(db *d, const o311_query *q, arena *a, o311_row **out, int *n, err *e)
{
	*out = NULL;
	*n = 0;
	sqlite3_stmt *st = db_stmt(d, "SELECT " O311_COLS
	                              " WHERE c.received_at >= ?1 AND c.received_at <= ?2"
	                              " AND c.kind NOT IN ('denunciation', 'information')"
	                              " AND (?3 IS NULL OR instr(?3, ',' || c.category || ',') > 0)"
	                              " AND (?4 IS NULL OR instr(?4, ',' || c.state || ',') > 0)"
	                              " ORDER BY c.received_at DESC, c.id DESC LIMIT ?5", e);
	if (!st) return MB_EINTERNAL;
	db_bind_time(st, 1, q->from);
	db_bind_time(st, 2, q->to);
	if (q->categories) sqlite3_bind_text(st, 3, q->categories, -1, SQLITE_STATIC);
	if (q->states) sqlite3_bind_text(st, 4, q->states, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 5, q->limit);
	int cap = 0, rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		o311_row *r = arena_push(a, out, n, &cap, sizeof **out);
		read_row(st, a, r);
	}
	if (rc != SQLITE_DONE) return db_fail(d, e);
	sqlite3_reset(st);
	return 0;
}

int o311_repo_token(db *d, const char *token, arena *a, const char **code, err *e)
{
	sqlite3_stmt *st = db_stmt(d, "SELECT case_code FROM open311_requests WHERE token = ?", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_text(st, 1, token, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_DONE) { sqlite3_reset(st); return 0; }
	if (rc != SQLITE_ROW) return db_fail(d, e);
	*code = arena_strdup(a, db_text(st, 0));
	sqlite3_reset(st);
	return 1;
}

int o311_repo_request_add(db *d, const char *code, const char *token, int64_t key_id, const char *media_url,
                          int64_t at, err *e)
{
	sqlite3_stmt *st = db_stmt(d, "INSERT INTO open311_requests(case_code, token, key_id, media_url, created_at)"
	                              " VALUES (?, ?, ?, ?, ?)", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, token, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, key_id);
	sqlite3_bind_text(st, 4, media_url ? media_url : "", -1, SQLITE_STATIC);
	db_bind_time(st, 5, at);
	return db_done(d, st, e);
}

int o311_repo_key_find(db *d, const char *hash, int64_t *id, err *e)
{
	return db_lookup_int64(d, "SELECT id FROM open311_keys WHERE key_hash = ? AND revoked_at IS NULL", hash, id, e);
}

int o311_repo_key_create(db *d, const char *name, const char *hash, int64_t at, int64_t *id, err *e)
{
	sqlite3_stmt *st = db_stmt(d, "INSERT INTO open311_keys(name, key_hash, created_at) VALUES (?, ?, ?)", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, hash, -1, SQLITE_STATIC);
	db_bind_time(st, 3, at);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if ((rc & 0xff) == SQLITE_CONSTRAINT)
		return err_set(e, MB_ECONFLICT, "duplicate", "name", "Đã có khóa đang dùng với tên này.",
		               "an active key already has this name");
	if (rc != SQLITE_DONE) return db_fail(d, e);
	*id = sqlite3_last_insert_rowid(db_handle(d));
	return 0;
}

int o311_repo_key_revoke(db *d, const char *name, int64_t at, err *e)
{
	sqlite3_stmt *st = db_stmt(d, "UPDATE open311_keys SET revoked_at = ? WHERE name = ? AND revoked_at IS NULL", e);
	if (!st) return MB_EINTERNAL;
	db_bind_time(st, 1, at);
	sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
	if (db_done(d, st, e)) return MB_EINTERNAL;
	return sqlite3_changes(db_handle(d)) > 0 ? 1 : 0;
}

/* --- where a report without a valid unit goes --- */

int o311_repo_places(db *d, arena *a, o311_place **out, int *n, err *e)
{
	*out = NULL;
	*n = 0;
	sqlite3_stmt *st = db_stmt(d, "SELECT code, kind, name_vi, name_en, lat, lon FROM units"
	                              " ORDER BY CASE kind WHEN 'province' THEN 0 WHEN 'department' THEN 1"
	                              " WHEN 'agency' THEN 2 WHEN 'ward' THEN 3 ELSE 4 END, name_fold, id", e);
	if (!st) return MB_EINTERNAL;
	int cap = 0, rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		o311_place *p = arena_push(a, out, n, &cap, sizeof **out);
		p->code = arena_strdup(a, db_text(st, 0));
		p->kind = arena_strdup(a, db_text(st, 1));
		p->name_vi = arena_strdup(a, db_text(st, 2));
		p->name_en = arena_strdup(a, db_text(st, 3));
		p->located = sqlite3_column_type(st, 4) != SQLITE_NULL && sqlite3_column_type(st, 5) != SQLITE_NULL;
		p->lat = sqlite3_column_double(st, 4);
		p->lon = sqlite3_column_double(st, 5);
	}
	if (rc != SQLITE_DONE) return db_fail(d, e);
	sqlite3_reset(st);
	return 0;
}

int o311_repo_intake(db *d, arena *a, const char **code, err *e)
{
	sqlite3_stmt *st = db_stmt(d, "SELECT u.code FROM units u LEFT JOIN meta m ON m.key = 'intake_unit' AND m.value = u.code"
	                              " WHERE m.key IS NOT NULL OR u.parent_id IS NULL"
	                              " ORDER BY m.key IS NULL, u.id LIMIT 1", e);
	if (!st) return MB_EINTERNAL;
	int rc = sqlite3_step(st);
	if (rc == SQLITE_DONE) { sqlite3_reset(st); return 0; }
	if (rc != SQLITE_ROW) return db_fail(d, e);
	*code = arena_strdup(a, db_text(st, 0));
	sqlite3_reset(st);
	return 1;
}

/* --- updates --- */

int o311_repo_updates(db *d, int64_t from, int64_t to, int64_t key_id, int limit, arena *a, o311_update **out,
                      int *n, err *e)
{
	*out = NULL;
	*n = 0;
	/* Steps (each state a case entered, each extension), then closings: a
	 * final state opens no step, it ends the last one. */
	sqlite3_stmt *st = db_stmt(d,
		"SELECT c.code, c.kind, x.state, c.result_summary, coalesce(u.name_vi, ''), coalesce(u.name_en, ''),"
		" x.step_id, x.at, c.published_at FROM ("
		"  SELECT s.case_id, s.id AS step_id, s.state, s.started_at AS at, s.unit_id FROM case_steps s"
		"  WHERE s.started_at >= ?1 AND s.started_at <= ?2"
		"  UNION ALL"
		"  SELECT s.case_id, 0, k.state, s.ended_at, k.unit_id FROM case_steps s JOIN cases k ON k.id = s.case_id"
		"  WHERE s.ended_at >= ?1 AND s.ended_at <= ?2 AND k.state IN ('not_accepted', 'resolved', 'withdrawn')"
		"  AND NOT EXISTS (SELECT 1 FROM case_steps l WHERE l.case_id = s.case_id AND l.id > s.id)"
		" ) x JOIN cases c ON c.id = x.case_id LEFT JOIN units u ON u.id = x.unit_id"
		" LEFT JOIN open311_requests o ON o.case_code = c.code"
		" WHERE c.kind NOT IN ('denunciation', 'information') OR (?3 > 0 AND o.key_id = ?3)"
		" ORDER BY x.at, c.id, x.step_id LIMIT ?4", e);
	if (!st) return MB_EINTERNAL;
	db_bind_time(st, 1, from);
	db_bind_time(st, 2, to);
	sqlite3_bind_int64(st, 3, key_id);
	sqlite3_bind_int(st, 4, limit);
	int cap = 0, rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		o311_update *u = arena_push(a, out, n, &cap, sizeof **out);
		u->code = arena_strdup(a, db_text(st, 0));
		u->kind = arena_strdup(a, db_text(st, 1));
		u->state = arena_strdup(a, db_text(st, 2));
		u->result_summary = arena_strdup(a, db_text(st, 3));
		u->unit_name_vi = arena_strdup(a, db_text(st, 4));
		u->unit_name_en = arena_strdup(a, db_text(st, 5));
		u->step_id = sqlite3_column_int64(st, 6);
		u->at = db_col_time(st, 7);
		u->published_at = db_col_time(st, 8);
	}
	if (rc != SQLITE_DONE) return db_fail(d, e);
	sqlite3_reset(st);
	return 0;
}
