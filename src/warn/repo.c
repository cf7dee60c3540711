/* repo.c — early warning's SQL: the rules, the window's sums, the signals and the runs. */
#include <stdlib.h>
#include <string.h>

#include "base/clock.h"
#include "warn/repo.h"

static const char *dup(arena *a, sqlite3_stmt *st, int i) { return arena_strdup(a, db_text(st, i)); }

static int fail(db *d, sqlite3_stmt *st, err *e)
{
	int f = db_fail(d, e);
	sqlite3_reset(st);
	return f;
}

int warn_repo_rules_insert(db *d, const char *version, const char *signal, const char *from, const char *to,
                           const warn_rule *r, const char *source, bool *added, err *e)
{
	/* A row already loaded (same version and signal) stays as it is: an older
	 * database gets only the rows it lacks (warn_ensure_reference). */
	sqlite3_stmt *st = db_stmt(d, "INSERT INTO warn_rules(version, signal, valid_from, valid_to, window_days, min_events,"
	                              " min_exposure, min_peer_exposure, ratio_min, confidence, source, quantile, multiple)"
	                              " VALUES (?, ?, ?, nullif(?, ''), ?, ?, ?, ?, ?, ?, ?, nullif(?, 0.0), nullif(?, 0.0))"
	                              " ON CONFLICT (version, signal) DO NOTHING", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_text(st, 1, version, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, signal, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, from, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, to ? to : "", -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 5, r->window_days);
	sqlite3_bind_int(st, 6, r->min_events);
	sqlite3_bind_int(st, 7, r->min_exposure);
	sqlite3_bind_int(st, 8, r->min_peer_exposure);
	sqlite3_bind_double(st, 9, r->ratio_min);
	sqlite3_bind_double(st, 10, r->confidence);
	sqlite3_bind_text(st, 11, source, -1, SQLITE_STATIC);
	sqlite3_bind_double(st, 12, r->quantile);
	sqlite3_bind_double(st, 13, r->multiple);
	int rc = db_done(d, st, e);
	if (!rc) *added = sqlite3_changes(db_handle(d)) > 0;
	return rc;
}

int warn_repo_rules_count(db *d, int64_t *n, err *e)
{
	sqlite3_stmt *st = db_stmt(d, "SELECT count(*) FROM warn_rules", e);
	if (!st) return MB_EINTERNAL;
	if (sqlite3_step(st) != SQLITE_ROW) return fail(d, st, e);
	*n = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return 0;
}

int warn_repo_rules_on(db *d, const char *date, arena *a, warn_rule out[WS__MAX], err *e)
{
	memset(out, 0, sizeof *out * WS__MAX);
	/* The latest version in force for each signal. */
	sqlite3_stmt *st = db_stmt(d, "SELECT signal, version, window_days, min_events, min_exposure, min_peer_exposure,"
	                              " ratio_min, confidence, coalesce(quantile, 0), coalesce(multiple, 0) FROM warn_rules"
	                              " WHERE valid_from <= ?1 AND (valid_to IS NULL OR valid_to >= ?1)"
	                              " ORDER BY signal, valid_from DESC", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_text(st, 1, date, -1, SQLITE_STATIC);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		warn_signal s;
		if (warn_signal_parse(db_text(st, 0), &s) || out[s].present) continue;
		warn_rule *r = &out[s];
		r->present = true;
		r->version = dup(a, st, 1);
		r->window_days = sqlite3_column_int(st, 2);
		r->min_events = sqlite3_column_int(st, 3);
		r->min_exposure = sqlite3_column_int(st, 4);
		r->min_peer_exposure = sqlite3_column_int(st, 5);
		r->ratio_min = sqlite3_column_double(st, 6);
		r->confidence = sqlite3_column_double(st, 7);
		r->quantile = sqlite3_column_double(st, 8);
		r->multiple = sqlite3_column_double(st, 9);
	}
	if (rc != SQLITE_DONE) return fail(d, st, e);
	sqlite3_reset(st);
	return 0;
}

/* Steps st to its end into a malloc'd array of `size`-byte rows, each filled
 * by fill (a window's rows can be many: not in the arena); freed on failure. */
static int read_window(db *d, sqlite3_stmt *st, size_t size, void (*fill)(sqlite3_stmt *, arena *, void *), arena *a,
                       void **out, int64_t *n, err *e)
{
	int64_t cap = 0;
	int rc;
	*out = NULL;
	*n = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 1024;
			void *g = realloc(*out, size * (size_t)cap);
			if (!g) abort();
			*out = g;
		}
		fill(st, a, (char *)*out + size * (size_t)(*n)++);
	}
	if (rc != SQLITE_DONE) {
		free(*out);
		*out = NULL;
		*n = 0;
		return fail(d, st, e);
	}
	sqlite3_reset(st);
	return 0;
}

static void window_row(sqlite3_stmt *st, arena *a, void *row)
{
	(void)a;
	warn_row *w = row;
	w->account_id = sqlite3_column_int64(st, 0);
	w->procedure_id = sqlite3_column_int64(st, 1);
	int64_t *v = &w->steps;
	for (int i = 0; i < 9; i++) v[i] = sqlite3_column_int64(st, 2 + i);
	w->returns_fee_due = sqlite3_column_int64(st, 11);
	w->returns_unpaid = sqlite3_column_int64(st, 12);
}

static void held_row(sqlite3_stmt *st, arena *a, void *row)
{
	warn_held_row *w = row;
	w->account_id = sqlite3_column_int64(st, 0);
	w->procedure_id = sqlite3_column_int64(st, 1);
	w->step_kind = arena_strdup(a, db_text(st, 2));
	w->bucket = sqlite3_column_int(st, 3);
	w->steps = sqlite3_column_int64(st, 4);
}

int warn_repo_window(db *d, const char *from, const char *to, arena *a, warn_row **out, int64_t *n, err *e)
{
	*out = NULL;
	*n = 0;
	/* Both day tables are read by their day index over the window only. */
	sqlite3_stmt *st = db_stmt(d,
		"SELECT account_id, procedure_id, sum(held_steps), sum(late), sum(supplements), sum(rated), sum(unsatisfied),"
		" sum(withdrawals), sum(reports), sum(held_steps), sum(held_seconds), sum(returns_fee_due), sum(returns_unpaid) FROM ("
		"  SELECT account_id, procedure_id, supplements, rated, unsatisfied,"
		"         0 AS late, 0 AS withdrawals, 0 AS reports, 0 AS held_steps, 0 AS held_seconds,"
		"         0 AS returns_fee_due, 0 AS returns_unpaid"
		"  FROM rating_official_daily INDEXED BY rating_official_daily_day WHERE day >= ?1 AND day < ?2"
		"  UNION ALL"
		"  SELECT account_id, procedure_id, 0, 0, 0, late, withdrawals, reports, held_steps, held_seconds,"
		"         returns_fee_due, returns_unpaid"
		"  FROM warn_official_daily INDEXED BY warn_official_daily_day WHERE day >= ?1 AND day < ?2)"
		" GROUP BY account_id, procedure_id", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_text(st, 1, from, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, to, -1, SQLITE_STATIC);
	return read_window(d, st, sizeof **out, window_row, a, (void **)out, n, e);
}

int warn_repo_held_buckets(db *d, int64_t *lower, int max, int *n, err *e)
{
	*n = 0;
	sqlite3_stmt *st = db_stmt(d, "SELECT lower_seconds FROM warn_held_buckets ORDER BY bucket", e);
	if (!st) return MB_EINTERNAL;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && *n < max) lower[(*n)++] = sqlite3_column_int64(st, 0);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW) return fail(d, st, e);
	sqlite3_reset(st);
	return 0;
}

int warn_repo_held_window(db *d, const char *from, const char *to, arena *a, warn_held_row **out, int64_t *n, err *e)
{
	*out = NULL;
	*n = 0;
	/* The primary key starts with the day: the window is one range of it. */
	sqlite3_stmt *st = db_stmt(d,
		"SELECT account_id, procedure_id, step_kind, bucket, sum(steps) FROM warn_held_daily"
		" WHERE day >= ?1 AND day < ?2 GROUP BY account_id, procedure_id, step_kind, bucket"
		" ORDER BY account_id, procedure_id, step_kind, bucket", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_text(st, 1, from, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, to, -1, SQLITE_STATIC);
	return read_window(d, st, sizeof **out, held_row, a, (void **)out, n, e);
}

int warn_repo_accounts(db *d, arena *a, warn_account **out, int64_t *n, err *e)
{
	*out = NULL;
	*n = 0;
	sqlite3_stmt *st = db_stmt(d, "SELECT id, unit_id FROM accounts WHERE role <> 'citizen' ORDER BY id", e);
	if (!st) return MB_EINTERNAL;
	int rc, ni = 0, cap = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		warn_account *w = arena_push(a, out, &ni, &cap, sizeof *w);
		w->id = sqlite3_column_int64(st, 0);
		w->unit_id = sqlite3_column_int64(st, 1);
	}
	if (rc != SQLITE_DONE) return fail(d, st, e);
	sqlite3_reset(st);
	*n = ni;
	return 0;
}

int warn_repo_units(db *d, arena *a, warn_unit **out, int64_t *n, err *e)
{
	*out = NULL;
	*n = 0;
	sqlite3_stmt *st = db_stmt(d, "SELECT id, kind FROM units ORDER BY id", e);
	if (!st) return MB_EINTERNAL;
	int rc, ni = 0, cap = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		warn_unit *w = arena_push(a, out, &ni, &cap, sizeof *w);
		w->id = sqlite3_column_int64(st, 0);
		w->level = warn_unit_level(db_text(st, 1));
	}
	if (rc != SQLITE_DONE) return fail(d, st, e);
	sqlite3_reset(st);
	*n = ni;
	return 0;
}

#define SIGNAL_COLS                                                                                                   \
	"s.id, s.subject_kind, coalesce(s.account_id, 0), s.unit_id, s.signal, s.rules_version, s.window_from,"          \
	" s.window_to, s.events, s.exposure, s.expected, s.peer_events, s.peer_exposure, s.ratio, s.lower, s.detail,"   \
	" s.state, coalesce(s.reviewer_id, 0), s.reason, s.opened_at, s.updated_at, s.closed_at,"                      \
	" coalesce(a.login, ''), coalesce(a.display_name, ''), u.code, u.name_vi, u.name_en, coalesce(r.login, '')"
#define SIGNAL_FROM                                                                                                   \
	" FROM warn_signals s JOIN units u ON u.id = s.unit_id LEFT JOIN accounts a ON a.id = s.account_id"             \
	" LEFT JOIN accounts r ON r.id = s.reviewer_id"

static void signal_read(sqlite3_stmt *st, arena *a, warn_signal_row *o)
{
	o->id = sqlite3_column_int64(st, 0);
	o->subject_kind = dup(a, st, 1);
	o->account_id = sqlite3_column_int64(st, 2);
	o->unit_id = sqlite3_column_int64(st, 3);
	o->signal = dup(a, st, 4);
	o->rules_version = dup(a, st, 5);
	o->window_from = dup(a, st, 6);
	o->window_to = dup(a, st, 7);
	o->events = sqlite3_column_int64(st, 8);
	o->exposure = sqlite3_column_int64(st, 9);
	o->expected = sqlite3_column_double(st, 10);
	o->peer_events = sqlite3_column_int64(st, 11);
	o->peer_exposure = sqlite3_column_int64(st, 12);
	o->ratio = sqlite3_column_double(st, 13);
	o->lower = sqlite3_column_double(st, 14);
	o->detail = dup(a, st, 15);
	o->state = dup(a, st, 16);
	o->reviewer_id = sqlite3_column_int64(st, 17);
	o->reason = dup(a, st, 18);
	o->opened_at = db_col_time(st, 19);
	o->updated_at = db_col_time(st, 20);
	o->closed_at = db_col_time(st, 21);
	o->login = dup(a, st, 22);
	o->display_name = dup(a, st, 23);
	o->unit_code = dup(a, st, 24);
	o->unit_name_vi = dup(a, st, 25);
	o->unit_name_en = dup(a, st, 26);
	o->reviewer_login = dup(a, st, 27);
}

static int read_list(db *d, sqlite3_stmt *st, arena *a, warn_signal_row **out, int *n, err *e)
{
	int rc, cap = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) signal_read(st, a, arena_push(a, out, n, &cap, sizeof **out));
	if (rc != SQLITE_DONE) return fail(d, st, e);
	sqlite3_reset(st);
	return 0;
}

int warn_repo_recent(db *d, const char *since, arena *a, warn_signal_row **out, int64_t *n, err *e)
{
	*out = NULL;
	*n = 0;
	sqlite3_stmt *st = db_stmt(d, "SELECT " SIGNAL_COLS SIGNAL_FROM
	                              " WHERE s.state IN ('new','review') OR (s.state IN ('dismissed','inspection') AND s.closed_at >= ?)", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_text(st, 1, since, -1, SQLITE_STATIC);
	int ni = 0, rc = read_list(d, st, a, out, &ni, e);
	*n = ni;
	return rc;
}

static void bind_figures(sqlite3_stmt *st, int i, const warn_signal_row *s)
{
	sqlite3_bind_text(st, i, s->rules_version, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, i + 1, s->window_from, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, i + 2, s->window_to, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, i + 3, s->events);
	sqlite3_bind_int64(st, i + 4, s->exposure);
	sqlite3_bind_double(st, i + 5, s->expected);
	sqlite3_bind_int64(st, i + 6, s->peer_events);
	sqlite3_bind_int64(st, i + 7, s->peer_exposure);
	sqlite3_bind_double(st, i + 8, s->ratio);
	sqlite3_bind_double(st, i + 9, s->lower);
	sqlite3_bind_text(st, i + 10, s->detail, -1, SQLITE_STATIC);
	db_bind_time(st, i + 11, s->updated_at);
}

int warn_repo_insert(db *d, warn_signal_row *s, err *e)
{
	sqlite3_stmt *st = db_stmt(d, "INSERT INTO warn_signals(rules_version, window_from, window_to, events, exposure, expected,"
	                              " peer_events, peer_exposure, ratio, lower, detail, updated_at, subject_kind, account_id,"
	                              " unit_id, signal, opened_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", e);
	if (!st) return MB_EINTERNAL;
	bind_figures(st, 1, s);
	sqlite3_bind_text(st, 13, s->subject_kind, -1, SQLITE_STATIC);
	db_bind_id(st, 14, s->account_id);
	sqlite3_bind_int64(st, 15, s->unit_id);
	sqlite3_bind_text(st, 16, s->signal, -1, SQLITE_STATIC);
	db_bind_time(st, 17, s->opened_at);
	int rc = db_done(d, st, e);
	if (!rc) s->id = sqlite3_last_insert_rowid(db_handle(d));
	return rc;
}

int warn_repo_refresh(db *d, const warn_signal_row *s, err *e)
{
	sqlite3_stmt *st = db_stmt(d, "UPDATE warn_signals SET rules_version = ?, window_from = ?, window_to = ?, events = ?,"
	                              " exposure = ?, expected = ?, peer_events = ?, peer_exposure = ?, ratio = ?, lower = ?,"
	                              " detail = ?, updated_at = ? WHERE id = ?", e);
	if (!st) return MB_EINTERNAL;
	bind_figures(st, 1, s);
	sqlite3_bind_int64(st, 13, s->id);
	return db_done(d, st, e);
}

int warn_repo_set_state(db *d, int64_t id, const char *state, int64_t reviewer_id, const char *reason, int64_t at,
                        bool close, err *e)
{
	sqlite3_stmt *st = db_stmt(d, "UPDATE warn_signals SET state = ?, reviewer_id = ?, reason = ?, updated_at = ?,"
	                              " closed_at = CASE WHEN ? THEN ? ELSE closed_at END WHERE id = ?", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_text(st, 1, state, -1, SQLITE_STATIC);
	db_bind_id(st, 2, reviewer_id);
	sqlite3_bind_text(st, 3, reason ? reason : "", -1, SQLITE_STATIC);
	db_bind_time(st, 4, at);
	sqlite3_bind_int(st, 5, close ? 1 : 0);
	db_bind_time(st, 6, at);
	sqlite3_bind_int64(st, 7, id);
	return db_done(d, st, e);
}

int warn_repo_run_insert(db *d, int64_t started, int64_t ended, const char *trigger, int64_t actor_id,
                         const warn_run_summary *s, int64_t *id, err *e)
{
	sqlite3_stmt *st = db_stmt(d, "INSERT INTO warn_runs(started_at, ended_at, trigger, actor_id, rules, officials, units,"
	                              " flagged, opened, rows_read) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", e);
	if (!st) return MB_EINTERNAL;
	db_bind_time(st, 1, started);
	db_bind_time(st, 2, ended);
	sqlite3_bind_text(st, 3, trigger, -1, SQLITE_STATIC);
	db_bind_id(st, 4, actor_id);
	sqlite3_bind_text(st, 5, s->rules_version ? s->rules_version : "", -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 6, s->officials);
	sqlite3_bind_int(st, 7, s->units);
	sqlite3_bind_int(st, 8, s->flagged);
	sqlite3_bind_int(st, 9, s->opened);
	sqlite3_bind_int64(st, 10, s->rows_read);
	int rc = db_done(d, st, e);
	if (!rc) *id = sqlite3_last_insert_rowid(db_handle(d));
	return rc;
}

int warn_repo_get(db *d, int64_t id, arena *a, warn_signal_row *out, err *e)
{
	sqlite3_stmt *st = db_stmt(d, "SELECT " SIGNAL_COLS SIGNAL_FROM " WHERE s.id = ?", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_int64(st, 1, id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_DONE) { sqlite3_reset(st); return 0; }
	if (rc != SQLITE_ROW) return fail(d, st, e);
	signal_read(st, a, out);
	sqlite3_reset(st);
	return 1;
}

int warn_repo_list(db *d, int64_t ancestor, const char *state, int64_t account_id, int64_t not_account, int64_t before,
                   int limit, arena *a, warn_signal_row **out, int *n, err *e)
{
	*out = NULL;
	*n = 0;
	/* Newest first on the primary key; a head's list keeps the signals of the
	 * units under their own (one seek in unit_closure per signal). */
	sqlite3_stmt *st = db_stmt(d, "SELECT " SIGNAL_COLS SIGNAL_FROM
	                              " WHERE s.id < ?1 AND (?2 IS NULL OR s.state = ?2) AND (?3 = 0 OR s.account_id = ?3)"
	                              " AND (?6 = 0 OR coalesce(s.account_id, 0) <> ?6)"
	                              " AND (?4 = 0 OR EXISTS (SELECT 1 FROM unit_closure c WHERE c.unit_id = s.unit_id"
	                              "                        AND c.ancestor_id = ?4))"
	                              " ORDER BY s.id DESC LIMIT ?5", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_int64(st, 1, before > 0 ? before : INT64_MAX);
	if (state) sqlite3_bind_text(st, 2, state, -1, SQLITE_STATIC);
	else sqlite3_bind_null(st, 2);
	sqlite3_bind_int64(st, 3, account_id);
	sqlite3_bind_int64(st, 4, ancestor);
	sqlite3_bind_int(st, 5, limit);
	sqlite3_bind_int64(st, 6, not_account);
	return read_list(d, st, a, out, n, e);
}

int warn_repo_last_run(db *d, int64_t *at, int *flagged, int *opened, err *e)
{
	sqlite3_stmt *st = db_stmt(d, "SELECT ended_at, flagged, opened FROM warn_runs ORDER BY id DESC LIMIT 1", e);
	if (!st) return MB_EINTERNAL;
	int rc = sqlite3_step(st);
	if (rc == SQLITE_DONE) { sqlite3_reset(st); return 0; }
	if (rc != SQLITE_ROW) return fail(d, st, e);
	*at = db_col_time(st, 0);
	*flagged = sqlite3_column_int(st, 1);
	*opened = sqlite3_column_int(st, 2);
	sqlite3_reset(st);
	return 1;
}

int warn_repo_rebuild_counters(db *d, err *e)
{
	/* The same contributions the triggers of sql/0036, sql/0043 and sql/0045 add, from the raw tables. */
	return db_exec(d,
		"DELETE FROM warn_official_daily;"
		"INSERT INTO warn_official_daily(account_id, day, procedure_id, held_steps, late, held_seconds)"
		" SELECT s.holder_account_id, strftime('%Y-%m-%dT%H:%M:%SZ', date(s.ended_at, '+7 hours'), '-7 hours') AS d,"
		"        x.procedure_id, count(*), sum(CASE WHEN s.due_at IS NOT NULL AND s.ended_at > s.due_at THEN 1 ELSE 0 END),"
		"        sum(max(0, CAST(round((julianday(s.ended_at) - julianday(s.started_at)) * 86400) AS INTEGER)))"
		" FROM dossier_steps s JOIN dossiers x ON x.id = s.dossier_id"
		" WHERE s.ended_at IS NOT NULL AND s.holder_account_id IS NOT NULL AND s.kind <> 'supplement'"
		" GROUP BY s.holder_account_id, d, x.procedure_id;"
		"INSERT INTO warn_official_daily(account_id, day, procedure_id, withdrawals)"
		" SELECT (SELECT holder_account_id FROM dossier_steps q WHERE q.dossier_id = x.id AND q.holder_account_id IS NOT NULL"
		"         ORDER BY q.id DESC LIMIT 1) AS acc,"
		"        strftime('%Y-%m-%dT%H:%M:%SZ', date(coalesce(x.finished_at, x.received_at, x.submitted_at), '+7 hours'),"
		"                 '-7 hours') AS d, x.procedure_id, count(*)"
		" FROM dossiers x WHERE x.state IN ('withdrawn','refused')"
		"  AND coalesce(x.finished_at, x.received_at, x.submitted_at) IS NOT NULL AND acc IS NOT NULL"
		" GROUP BY acc, d, x.procedure_id"
		" ON CONFLICT(account_id, day, procedure_id) DO UPDATE SET withdrawals = withdrawals + excluded.withdrawals;"
		"INSERT INTO warn_official_daily(account_id, day, procedure_id, reports)"
		" SELECT subject_account_id, strftime('%Y-%m-%dT%H:%M:%SZ', date(received_at, '+7 hours'), '-7 hours') AS d, 0, count(*)"
		" FROM cases WHERE subject_account_id IS NOT NULL GROUP BY subject_account_id, d"
		" ON CONFLICT(account_id, day, procedure_id) DO UPDATE SET reports = reports + excluded.reports;"
		/* sql/0045: results returned with a catalogue fee due, by whoever returned them (the return's
		 * event, found by its subject: once per such dossier, hence materialised), and those with no
		 * payment recorded by the return's time. */
		"WITH ret AS MATERIALIZED ("
		"  SELECT (SELECT ev.actor_id FROM events ev WHERE ev.subject = 'dossier:' || x.code AND ev.type = 'dossier.return'"
		"          ORDER BY ev.seq DESC LIMIT 1) AS acc,"
		"         strftime('%Y-%m-%dT%H:%M:%SZ', date(x.finished_at, '+7 hours'), '-7 hours') AS d, x.procedure_id AS proc,"
		"         CASE WHEN EXISTS (SELECT 1 FROM dossier_payments p WHERE p.dossier_id = x.id AND p.recorded_at <= x.finished_at)"
		"              THEN 0 ELSE 1 END AS unpaid"
		"  FROM dossiers x JOIN procedures r ON r.id = x.procedure_id"
		"  WHERE x.state = 'returned' AND x.finished_at IS NOT NULL AND r.fee_vnd > 0)"
		"INSERT INTO warn_official_daily(account_id, day, procedure_id, returns_fee_due, returns_unpaid)"
		" SELECT acc, d, proc, count(*), sum(unpaid) FROM ret WHERE acc IS NOT NULL GROUP BY acc, d, proc"
		" ON CONFLICT(account_id, day, procedure_id) DO UPDATE SET returns_fee_due = returns_fee_due + excluded.returns_fee_due,"
		"  returns_unpaid = returns_unpaid + excluded.returns_unpaid;"
		/* sql/0043: the steps by bucket of time held, as its trigger adds them. */
		"DELETE FROM warn_held_daily;"
		"INSERT INTO warn_held_daily(day, account_id, procedure_id, step_kind, bucket, steps)"
		" SELECT d, acc, proc, kind,"
		"        (SELECT b.bucket FROM warn_held_buckets b WHERE b.lower_seconds <= h ORDER BY b.lower_seconds DESC LIMIT 1) AS bk,"
		"        count(*)"
		" FROM (SELECT strftime('%Y-%m-%dT%H:%M:%SZ', date(s.ended_at, '+7 hours'), '-7 hours') AS d, s.holder_account_id AS acc,"
		"              x.procedure_id AS proc, s.kind AS kind,"
		"              max(0, CAST(round((julianday(s.ended_at) - julianday(s.started_at)) * 86400) AS INTEGER)) AS h"
		"       FROM dossier_steps s JOIN dossiers x ON x.id = s.dossier_id"
		"       WHERE s.ended_at IS NOT NULL AND s.holder_account_id IS NOT NULL AND s.kind <> 'supplement')"
		" GROUP BY d, acc, proc, kind, bk;",
		e) ? MB_EINTERNAL : 0;
}

int warn_repo_account_unit(db *d, int64_t account_id, int64_t *unit_id, err *e)
{
	sqlite3_stmt *st = db_stmt(d, "SELECT unit_id FROM accounts WHERE id = ?", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_int64(st, 1, account_id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_DONE) { sqlite3_reset(st); return 0; }
	if (rc != SQLITE_ROW) return fail(d, st, e);
	*unit_id = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return 1;
}
