/* repo.c — the SQL of counter recordings (see repo.h). */
#include <stdio.h>
#include <string.h>

#include "recordings/repo.h"

static const char *dup(arena *a, sqlite3_stmt *st, int i) { return arena_strdup(a, db_text(st, i)); }

static void bind_str(sqlite3_stmt *st, int i, const char *s)
{
	if (s) sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
	else sqlite3_bind_null(st, i);
}

int rec_repo_rule_insert(db *d, const rec_rule *r, err *e)
{
	sqlite3_stmt *st = db_stmt(d, "INSERT INTO recording_rules(valid_from, valid_to, retention_days, opening_minutes,"
	                              " upload_max_mb, window_max_hours, settle_seconds, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", e);
	if (!st) return MB_EINTERNAL;
	bind_str(st, 1, r->valid_from);
	bind_str(st, 2, r->valid_to && *r->valid_to ? r->valid_to : NULL);
	sqlite3_bind_int(st, 3, r->retention_days);
	sqlite3_bind_int(st, 4, r->opening_minutes);
	sqlite3_bind_int(st, 5, r->upload_max_mb);
	sqlite3_bind_int(st, 6, r->window_max_hours);
	sqlite3_bind_int(st, 7, r->settle_seconds);
	bind_str(st, 8, r->source);
	return db_done(d, st, e);
}

int rec_repo_rules_count(db *d, int64_t *n, err *e)
{
	sqlite3_stmt *st = db_stmt(d, "SELECT count(*) FROM recording_rules", e);
	if (!st) return MB_EINTERNAL;
	int rc = db_row(d, st, e);
	if (rc < 0) return rc;
	*n = rc ? sqlite3_column_int64(st, 0) : 0;
	if (rc) sqlite3_reset(st);
	return 0;
}

int rec_repo_rule_at(db *d, const char *day, arena *a, rec_rule *out, err *e)
{
	sqlite3_stmt *st = db_stmt(d, "SELECT valid_from, coalesce(valid_to, ''), retention_days, opening_minutes, upload_max_mb,"
	                              " window_max_hours, settle_seconds, source FROM recording_rules"
	                              " WHERE valid_from <= ?1 AND (valid_to IS NULL OR valid_to >= ?1)"
	                              " ORDER BY valid_from DESC LIMIT 1", e);
	if (!st) return MB_EINTERNAL;
	bind_str(st, 1, day);
	int rc = db_row(d, st, e);
	if (rc <= 0) return rc;
	*out = (rec_rule){.valid_from = dup(a, st, 0), .valid_to = dup(a, st, 1), .retention_days = sqlite3_column_int(st, 2),
	                  .opening_minutes = sqlite3_column_int(st, 3), .upload_max_mb = sqlite3_column_int(st, 4),
	                  .window_max_hours = sqlite3_column_int(st, 5), .settle_seconds = sqlite3_column_int(st, 6),
	                  .source = dup(a, st, 7)};
	sqlite3_reset(st);
	return 1;
}

int rec_repo_insert(db *d, rec_row *x, err *e)
{
	sqlite3_stmt *st = db_stmt(d, "INSERT INTO recordings(desk_id, unit_id, sha256, content_type, size, started_at, ended_at,"
	                              " source, name, ingested_at, ingested_by, retain_until) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
	                              " ON CONFLICT(desk_id, sha256) DO NOTHING", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_int64(st, 1, x->desk_id);
	sqlite3_bind_int64(st, 2, x->unit_id);
	bind_str(st, 3, x->sha256);
	bind_str(st, 4, x->content_type);
	sqlite3_bind_int64(st, 5, x->size);
	db_bind_time(st, 6, x->started_at);
	db_bind_time(st, 7, x->ended_at);
	bind_str(st, 8, x->source);
	bind_str(st, 9, x->name ? x->name : "");
	db_bind_time(st, 10, x->ingested_at);
	db_bind_id(st, 11, x->ingested_by);
	db_bind_time(st, 12, x->retain_until);
	int rc = db_done(d, st, e);
	if (rc) return rc;
	if (!sqlite3_changes(db_handle(d)))
		return err_set(e, MB_ECONFLICT, "duplicate", "file", "Tệp ghi âm, ghi hình này của quầy đã được lưu.",
		               "this recording of the desk is already stored");
	x->id = sqlite3_last_insert_rowid(db_handle(d));
	return 0;
}

#define ROW_COLS                                                                                                       \
	"r.id, r.desk_id, r.unit_id, r.size, coalesce(r.ingested_by, 0), coalesce(r.held_by, 0), r.sha256, r.content_type,"  \
	" r.source, r.name, coalesce(r.hold_reason, ''), k.name_vi, k.name_en, u.code, u.name_vi,"                           \
	" coalesce(ia.login, ''), coalesce(ha.login, ''), r.started_at, r.ended_at, r.ingested_at, r.retain_until,"           \
	" r.held_at, r.purged_at"
#define ROW_FROM                                                                                                       \
	" FROM recordings r JOIN desks k ON k.id = r.desk_id JOIN units u ON u.id = r.unit_id"                              \
	" LEFT JOIN accounts ia ON ia.id = r.ingested_by LEFT JOIN accounts ha ON ha.id = r.held_by"

static void row_read(sqlite3_stmt *st, arena *a, rec_row *x)
{
	x->id = sqlite3_column_int64(st, 0);
	x->desk_id = sqlite3_column_int64(st, 1);
	x->unit_id = sqlite3_column_int64(st, 2);
	x->size = sqlite3_column_int64(st, 3);
	x->ingested_by = sqlite3_column_int64(st, 4);
	x->held_by = sqlite3_column_int64(st, 5);
	x->sha256 = dup(a, st, 6);
	x->content_type = dup(a, st, 7);
	x->source = dup(a, st, 8);
	x->name = dup(a, st, 9);
	x->hold_reason = dup(a, st, 10);
	x->desk_name_vi = dup(a, st, 11);
	x->desk_name_en = dup(a, st, 12);
	x->unit_code = dup(a, st, 13);
	x->unit_name_vi = dup(a, st, 14);
	x->ingested_by_login = dup(a, st, 15);
	x->held_by_login = dup(a, st, 16);
	x->started_at = db_col_time(st, 17);
	x->ended_at = db_col_time(st, 18);
	x->ingested_at = db_col_time(st, 19);
	x->retain_until = db_col_time(st, 20);
	x->held_at = db_col_time(st, 21);
	x->purged_at = db_col_time(st, 22);
}

int rec_repo_get(db *d, int64_t id, arena *a, rec_row *out, err *e)
{
	sqlite3_stmt *st = db_stmt(d, "SELECT " ROW_COLS ROW_FROM " WHERE r.id = ?", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_int64(st, 1, id);
	int rc = db_row(d, st, e);
	if (rc <= 0) return rc;
	row_read(st, a, out);
	sqlite3_reset(st);
	return 1;
}

int rec_repo_list(db *d, int64_t unit, int64_t desk, int64_t from, int64_t to, int64_t before, int limit, arena *a,
                  rec_row **out, int *n, err *e)
{
	sqlite3_stmt *st = db_stmt(d, "SELECT " ROW_COLS ROW_FROM
	                              " WHERE (?1 = 0 OR r.unit_id IN (SELECT unit_id FROM unit_closure WHERE ancestor_id = ?1))"
	                              " AND (?2 = 0 OR r.desk_id = ?2) AND (?4 IS NULL OR (r.started_at < ?4 AND r.ended_at > ?3))"
	                              " AND (?5 = 0 OR r.id < ?5) ORDER BY r.id DESC LIMIT ?6", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_int64(st, 1, unit);
	sqlite3_bind_int64(st, 2, desk);
	db_bind_time(st, 3, from);
	db_bind_time(st, 4, to);
	sqlite3_bind_int64(st, 5, before);
	sqlite3_bind_int(st, 6, limit);
	DB_READ_ALL(d, st, a, out, n, rec_row, row_read);
}

int rec_repo_of_official(db *d, int64_t account, int64_t from, int64_t to, int64_t max_window_s, arena *a, rec_row **out,
                         int *n, err *e)
{
	/* Per desk, the index on (desk_id, started_at) from the earliest start that can still overlap. */
	sqlite3_stmt *st = db_stmt(d, "SELECT " ROW_COLS ROW_FROM " JOIN official_desks od ON od.desk_id = r.desk_id"
	                              " WHERE od.account_id = ?1 AND r.started_at >= ?2 AND r.started_at < ?3 AND r.ended_at > ?4"
	                              " ORDER BY r.started_at LIMIT 50", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_int64(st, 1, account);
	db_bind_time(st, 2, from - max_window_s);
	db_bind_time(st, 3, to);
	db_bind_time(st, 4, from);
	DB_READ_ALL(d, st, a, out, n, rec_row, row_read);
}

int rec_repo_of_unit(db *d, int64_t unit, int64_t from, int64_t to, int64_t max_window_s, arena *a, rec_row **out, int *n,
                     err *e)
{
	sqlite3_stmt *st = db_stmt(d, "SELECT " ROW_COLS ROW_FROM
	                              " WHERE r.desk_id IN (SELECT id FROM desks WHERE unit_id = ?1) AND r.started_at >= ?2"
	                              " AND r.started_at < ?3 AND r.ended_at > ?4 ORDER BY r.started_at LIMIT 50", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_int64(st, 1, unit);
	db_bind_time(st, 2, from - max_window_s);
	db_bind_time(st, 3, to);
	db_bind_time(st, 4, from);
	DB_READ_ALL(d, st, a, out, n, rec_row, row_read);
}

int rec_repo_opening_add(db *d, int64_t rec, int64_t account, const char *reason, int64_t at, int64_t expires, err *e)
{
	sqlite3_stmt *st = db_stmt(d, "INSERT INTO recording_openings(recording_id, account_id, reason, opened_at, expires_at)"
	                              " VALUES (?, ?, ?, ?, ?)", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_int64(st, 1, rec);
	sqlite3_bind_int64(st, 2, account);
	bind_str(st, 3, reason);
	db_bind_time(st, 4, at);
	db_bind_time(st, 5, expires);
	return db_done(d, st, e);
}

int rec_repo_opening_live(db *d, int64_t rec, int64_t account, int64_t now, int64_t *expires, err *e)
{
	sqlite3_stmt *st = db_stmt(d, "SELECT max(expires_at) FROM recording_openings WHERE recording_id = ? AND account_id = ?"
	                              " AND expires_at > ?", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_int64(st, 1, rec);
	sqlite3_bind_int64(st, 2, account);
	db_bind_time(st, 3, now);
	int rc = db_row(d, st, e);
	if (rc <= 0) return rc;
	*expires = db_col_time(st, 0);
	sqlite3_reset(st);
	return *expires > 0;
}

static void opening_read(sqlite3_stmt *st, arena *a, rec_opening *x)
{
	x->id = sqlite3_column_int64(st, 0);
	x->account_id = sqlite3_column_int64(st, 1);
	x->login = dup(a, st, 2);
	x->name = dup(a, st, 3);
	x->reason = dup(a, st, 4);
	x->opened_at = db_col_time(st, 5);
	x->expires_at = db_col_time(st, 6);
}

int rec_repo_openings(db *d, int64_t rec, arena *a, rec_opening **out, int *n, err *e)
{
	sqlite3_stmt *st = db_stmt(d, "SELECT o.id, o.account_id, a.login, a.display_name, o.reason, o.opened_at, o.expires_at"
	                              " FROM recording_openings o JOIN accounts a ON a.id = o.account_id WHERE o.recording_id = ?"
	                              " ORDER BY o.id DESC LIMIT 200", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_int64(st, 1, rec);
	DB_READ_ALL(d, st, a, out, n, rec_opening, opening_read);
}

int rec_repo_hold(db *d, int64_t rec, int64_t by, const char *reason, int64_t at, err *e)
{
	sqlite3_stmt *st = db_stmt(d, "UPDATE recordings SET held_at = ?, held_by = ?, hold_reason = ? WHERE id = ?", e);
	if (!st) return MB_EINTERNAL;
	db_bind_time(st, 1, at);
	sqlite3_bind_int64(st, 2, by);
	bind_str(st, 3, reason);
	sqlite3_bind_int64(st, 4, rec);
	return db_done(d, st, e);
}

int rec_repo_release(db *d, int64_t rec, int64_t retain_until, err *e)
{
	sqlite3_stmt *st = db_stmt(d, "UPDATE recordings SET held_at = NULL, held_by = NULL, hold_reason = NULL, retain_until = ?"
	                              " WHERE id = ?", e);
	if (!st) return MB_EINTERNAL;
	db_bind_time(st, 1, retain_until);
	sqlite3_bind_int64(st, 2, rec);
	return db_done(d, st, e);
}

int rec_repo_expired(db *d, int64_t now, int limit, arena *a, rec_row **out, int *n, err *e)
{
	sqlite3_stmt *st = db_stmt(d, "SELECT " ROW_COLS ROW_FROM " WHERE r.retain_until <= ? AND r.purged_at IS NULL"
	                              " AND r.held_at IS NULL ORDER BY r.retain_until LIMIT ?", e);
	if (!st) return MB_EINTERNAL;
	db_bind_time(st, 1, now);
	sqlite3_bind_int(st, 2, limit);
	DB_READ_ALL(d, st, a, out, n, rec_row, row_read);
}

int rec_repo_mark_purged(db *d, int64_t rec, int64_t at, err *e)
{
	sqlite3_stmt *st = db_stmt(d, "UPDATE recordings SET purged_at = ? WHERE id = ? AND purged_at IS NULL", e);
	if (!st) return MB_EINTERNAL;
	db_bind_time(st, 1, at);
	sqlite3_bind_int64(st, 2, rec);
	return db_done(d, st, e);
}

int rec_repo_sha_kept(db *d, const char *sha, int64_t except, err *e)
{
	sqlite3_stmt *st = db_stmt(d, "SELECT 1 FROM recordings WHERE sha256 = ? AND id <> ? AND purged_at IS NULL LIMIT 1", e);
	if (!st) return MB_EINTERNAL;
	bind_str(st, 1, sha);
	sqlite3_bind_int64(st, 2, except);
	int rc = db_row(d, st, e);
	if (rc > 0) sqlite3_reset(st);
	return rc;
}

int rec_repo_of_dossier(db *d, int64_t dossier, int64_t now, int64_t max_window_s, arena *a, rec_row **out, int *n, err *e)
{
	/* Each step's holder's desks, over the time they held it (until now for the step in progress). */
	sqlite3_stmt *st = db_stmt(d, "SELECT DISTINCT " ROW_COLS " FROM dossier_steps s"
	                              " JOIN official_desks od ON od.account_id = s.holder_account_id"
	                              " JOIN recordings r ON r.desk_id = od.desk_id"
	                              "  AND r.started_at >= strftime('%Y-%m-%dT%H:%M:%SZ', s.started_at, ?2)"
	                              "  AND r.started_at < coalesce(s.ended_at, ?3) AND r.ended_at > s.started_at"
	                              " JOIN desks k ON k.id = r.desk_id JOIN units u ON u.id = r.unit_id"
	                              " LEFT JOIN accounts ia ON ia.id = r.ingested_by LEFT JOIN accounts ha ON ha.id = r.held_by"
	                              " WHERE s.dossier_id = ?1 ORDER BY r.started_at LIMIT 50", e);
	if (!st) return MB_EINTERNAL;
	char shift[32];
	snprintf(shift, sizeof shift, "-%lld seconds", (long long)max_window_s);
	sqlite3_bind_int64(st, 1, dossier);
	sqlite3_bind_text(st, 2, shift, -1, SQLITE_TRANSIENT);
	db_bind_time(st, 3, now);
	DB_READ_ALL(d, st, a, out, n, rec_row, row_read);
}
