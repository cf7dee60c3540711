/* repo.h — the SQL of counter recordings (sql/0039_recordings.sql). */
#ifndef MB_RECORDINGS_REPO_H
#define MB_RECORDINGS_REPO_H

#include <stdbool.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/err.h"
#include "db/db.h"

typedef struct rec_rule {
	const char *valid_from, *valid_to, *source;
	int retention_days, opening_minutes, upload_max_mb, window_max_hours, settle_seconds;
} rec_rule;

typedef struct rec_row {
	int64_t id, desk_id, unit_id, size, ingested_by, held_by;
	const char *sha256, *content_type, *source, *name, *hold_reason;
	const char *desk_name_vi, *desk_name_en, *unit_code, *unit_name_vi, *ingested_by_login, *held_by_login;
	int64_t started_at, ended_at, ingested_at, retain_until, held_at, purged_at;
} rec_row;

typedef struct rec_opening {
	int64_t id, account_id, opened_at, expires_at;
	const char *login, *name, *reason;
} rec_opening;

MB_MUST_CHECK int rec_repo_rule_insert(db *d, const rec_rule *r, err *e);
MB_MUST_CHECK int rec_repo_rules_count(db *d, int64_t *n, err *e);
/* The rule in force on day (YYYY-MM-DD): 1, 0 none, <0. */
MB_MUST_CHECK int rec_repo_rule_at(db *d, const char *day, arena *a, rec_rule *out, err *e);

/* Inserts x (id out); MB_ECONFLICT when the desk already has these bytes. */
MB_MUST_CHECK int rec_repo_insert(db *d, rec_row *x, err *e);
/* 1, 0, <0. */
MB_MUST_CHECK int rec_repo_get(db *d, int64_t id, arena *a, rec_row *out, err *e);
/* Newest first, id below before (0: from the newest); unit: its subtree (0: all); desk (0: all);
 * the window overlapping [from, to) when to > 0. */
MB_MUST_CHECK int rec_repo_list(db *d, int64_t unit, int64_t desk, int64_t from, int64_t to, int64_t before, int limit,
                                arena *a, rec_row **out, int *n, err *e);
/* The recordings of the desks account serves (official_desks) overlapping [from, to); max_window_s bounds the index walk. */
MB_MUST_CHECK int rec_repo_of_official(db *d, int64_t account, int64_t from, int64_t to, int64_t max_window_s, arena *a,
                                       rec_row **out, int *n, err *e);
/* The recordings of every desk of unit overlapping [from, to). */
MB_MUST_CHECK int rec_repo_of_unit(db *d, int64_t unit, int64_t from, int64_t to, int64_t max_window_s, arena *a,
                                   rec_row **out, int *n, err *e);

/* The recordings of the desks of each step's holder over the time they held the dossier. */
MB_MUST_CHECK int rec_repo_of_dossier(db *d, int64_t dossier, int64_t now, int64_t max_window_s, arena *a, rec_row **out,
                                      int *n, err *e);

MB_MUST_CHECK int rec_repo_opening_add(db *d, int64_t rec, int64_t account, const char *reason, int64_t at, int64_t expires,
                                       err *e);
/* Whether account has an opening of rec in force at now: 1, 0, <0. */
MB_MUST_CHECK int rec_repo_opening_live(db *d, int64_t rec, int64_t account, int64_t now, int64_t *expires, err *e);
MB_MUST_CHECK int rec_repo_openings(db *d, int64_t rec, arena *a, rec_opening **out, int *n, err *e);

MB_MUST_CHECK int rec_repo_hold(db *d, int64_t rec, int64_t by, const char *reason, int64_t at, err *e);
MB_MUST_CHECK int rec_repo_release(db *d, int64_t rec, int64_t retain_until, err *e);
/* Rows past their retention, not held, not purged (at most limit). */
MB_MUST_CHECK int rec_repo_expired(db *d, int64_t now, int limit, arena *a, rec_row **out, int *n, err *e);
MB_MUST_CHECK int rec_repo_mark_purged(db *d, int64_t rec, int64_t at, err *e);
/* Whether another recording not purged keeps the same bytes: 1, 0, <0. */
MB_MUST_CHECK int rec_repo_sha_kept(db *d, const char *sha, int64_t except, err *e);

#endif
