/* repo.c — the SQL of the scores: the facts of dossiers and cases, the
 * inputs, the dated reference data, and the raw reads of the independent
 * recomputation. Static statement text (db_stmt caches by pointer). */
#include <string.h>

#include "base/clock.h"
#include "scores/internal.h"

#define FACT_COLS \
	"dossier_id, unit_id, online, received_at, appointment_at, legal_max_at, supplement_requests," \
	" supplement_secs, pending_since, ended_at, feedback, dislike, e_result, fee_due, paid_online"

static void read_fact(sqlite3_stmt *st, score_dossier_facts *f)
{
	f->dossier_id = sqlite3_column_int64(st, 0);
	f->unit_id = sqlite3_column_int64(st, 1);
	f->online = sqlite3_column_int(st, 2) != 0;
	f->received_at = sqlite3_column_int64(st, 3);
	f->appointment_at = sqlite3_column_int64(st, 4);
	f->legal_max_at = sqlite3_column_int64(st, 5);
	f->supplement_requests = sqlite3_column_int(st, 6);
	f->supplement_secs = sqlite3_column_int64(st, 7);
	f->pending_since = sqlite3_column_int64(st, 8);
	f->ended_at = sqlite3_column_int64(st, 9);
	f->feedback = sqlite3_column_int(st, 10);
	f->dislike = sqlite3_column_int(st, 11) != 0;
	f->e_result = sqlite3_column_int(st, 12) != 0;
	f->fee_due = sqlite3_column_int(st, 13) != 0;
	f->paid_online = sqlite3_column_int(st, 14) != 0;
}

static int one_fact(db *d, sqlite3_stmt *st, score_dossier_facts *out, err *e)
{
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) read_fact(st, out);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : db_fail(d, e);
}

static const char sql_fact_get[] = "SELECT " FACT_COLS " FROM score_dossier_facts WHERE dossier_id = ?1";

int scores_repo_dossier_get(db *d, int64_t dossier_id, score_dossier_facts *out, err *e)
{
	sqlite3_stmt *st = db_stmt(d, sql_fact_get, e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_int64(st, 1, dossier_id);
	return one_fact(d, st, out, e);
}

static const char sql_fact_by_code[] =
	"SELECT " FACT_COLS " FROM score_dossier_facts WHERE dossier_id = (SELECT id FROM dossiers WHERE code = ?1)";

int scores_repo_dossier_by_code(db *d, const char *code, score_dossier_facts *out, err *e)
{
	sqlite3_stmt *st = db_stmt(d, sql_fact_by_code, e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
	return one_fact(d, st, out, e);
}

static const char sql_fact_put[] =
	"INSERT INTO score_dossier_facts(" FACT_COLS ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)"
	" ON CONFLICT(dossier_id) DO UPDATE SET unit_id = excluded.unit_id, online = excluded.online,"
	" received_at = excluded.received_at, appointment_at = excluded.appointment_at, legal_max_at = excluded.legal_max_at,"
	" supplement_requests = excluded.supplement_requests, supplement_secs = excluded.supplement_secs,"
	" pending_since = excluded.pending_since, ended_at = excluded.ended_at, feedback = excluded.feedback,"
	" dislike = excluded.dislike, e_result = excluded.e_result, fee_due = excluded.fee_due, paid_online = excluded.paid_online";

int scores_repo_dossier_put(db *d, const score_dossier_facts *f, err *e)
{
	sqlite3_stmt *st = db_stmt(d, sql_fact_put, e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_int64(st, 1, f->dossier_id);
	sqlite3_bind_int64(st, 2, f->unit_id);
	sqlite3_bind_int(st, 3, f->online);
	sqlite3_bind_int64(st, 4, f->received_at);
	sqlite3_bind_int64(st, 5, f->appointment_at);
	sqlite3_bind_int64(st, 6, f->legal_max_at);
	sqlite3_bind_int(st, 7, f->supplement_requests);
	sqlite3_bind_int64(st, 8, f->supplement_secs);
	sqlite3_bind_int64(st, 9, f->pending_since);
	sqlite3_bind_int64(st, 10, f->ended_at);
	sqlite3_bind_int(st, 11, f->feedback);
	sqlite3_bind_int(st, 12, f->dislike);
	sqlite3_bind_int(st, 13, f->e_result);
	sqlite3_bind_int(st, 14, f->fee_due);
	sqlite3_bind_int(st, 15, f->paid_online);
	return db_done(d, st, e);
}

static const char sql_case_get[] =
	"SELECT case_id, unit_id, received_at, late, unsatisfied, reopened FROM score_case_facts WHERE case_id = ?1";

static void read_case(sqlite3_stmt *st, score_case_facts *f)
{
	f->case_id = sqlite3_column_int64(st, 0);
	f->unit_id = sqlite3_column_int64(st, 1);
	f->received_at = sqlite3_column_int64(st, 2);
	f->late = sqlite3_column_int(st, 3) != 0;
	f->unsatisfied = sqlite3_column_int(st, 4) != 0;
	f->reopened = sqlite3_column_int(st, 5) != 0;
}

int scores_repo_case_get(db *d, int64_t case_id, score_case_facts *out, err *e)
{
	sqlite3_stmt *st = db_stmt(d, sql_case_get, e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_int64(st, 1, case_id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) read_case(st, out);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : db_fail(d, e);
}

static const char sql_case_put[] =
	"INSERT INTO score_case_facts(case_id, unit_id, received_at, late, unsatisfied, reopened) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
	" ON CONFLICT(case_id) DO UPDATE SET unit_id = excluded.unit_id, received_at = excluded.received_at,"
	" late = excluded.late, unsatisfied = excluded.unsatisfied, reopened = excluded.reopened";

int scores_repo_case_put(db *d, const score_case_facts *f, err *e)
{
	sqlite3_stmt *st = db_stmt(d, sql_case_put, e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_int64(st, 1, f->case_id);
	sqlite3_bind_int64(st, 2, f->unit_id);
	sqlite3_bind_int64(st, 3, f->received_at);
	sqlite3_bind_int(st, 4, f->late);
	sqlite3_bind_int(st, 5, f->unsatisfied);
	sqlite3_bind_int(st, 6, f->reopened);
	return db_done(d, st, e);
}

static const char sql_input_enable[] = "INSERT INTO score_inputs(name, since) VALUES (?1, ?2) ON CONFLICT DO NOTHING";

int scores_repo_input_enable(db *d, const char *name, err *e)
{
	sqlite3_stmt *st = db_stmt(d, sql_input_enable, e);
	if (!st) return MB_EINTERNAL;
	char at[32];
	clock_iso_utc(clock_now(), at, sizeof at);
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, at, -1, SQLITE_TRANSIENT);
	return db_done(d, st, e);
}

static const char sql_inputs[] = "SELECT name FROM score_inputs ORDER BY name";

int scores_repo_inputs(db *d, arena *a, const char ***names, int *n, err *e)
{
	sqlite3_stmt *st = db_stmt(d, sql_inputs, e);
	if (!st) return MB_EINTERNAL;
	*n = 0;
	*names = arena_alloc(a, sizeof(char *) * 32);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if (*n < 32) (*names)[(*n)++] = arena_strdup(a, db_text(st, 0));
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : db_fail(d, e);
}

int scores_repo_clear_facts(db *d, err *e)
{
	return db_exec(d, "DELETE FROM score_dossier_facts; DELETE FROM score_case_facts;", e);
}

static const char sql_counts[] =
	"SELECT EXISTS (SELECT 1 FROM dossiers), EXISTS (SELECT 1 FROM score_dossier_facts),"
	" EXISTS (SELECT 1 FROM score_indicators)";

int scores_repo_counts(db *d, int64_t *dossiers, int64_t *facts, int64_t *indicators, err *e)
{
	sqlite3_stmt *st = db_stmt(d, sql_counts, e);
	if (!st) return MB_EINTERNAL;
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*dossiers = sqlite3_column_int64(st, 0);
		*facts = sqlite3_column_int64(st, 1);
		*indicators = sqlite3_column_int64(st, 2);
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 0 : db_fail(d, e);
}

/* Grows an array from the arena, doubling. */
static void *grow(arena *a, void *old, int n, int *cap, size_t sz)
{
	if (n < *cap) return old;
	int nc = *cap ? *cap * 2 : 64;
	void *p = arena_alloc(a, sz * (size_t)nc);
	if (old && n) memcpy(p, old, sz * (size_t)n);
	*cap = nc;
	return p;
}

static const char sql_open[] =
	"SELECT " FACT_COLS " FROM score_dossier_facts WHERE ended_at = 0 AND received_at > 0";

static int fact_list(db *d, sqlite3_stmt *st, arena *a, score_dossier_facts **out, int *n, err *e)
{
	int cap = 0, rc;
	*out = NULL;
	*n = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*out = grow(a, *out, *n, &cap, sizeof **out);
		read_fact(st, &(*out)[(*n)++]);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : db_fail(d, e);
}

int scores_repo_open(db *d, arena *a, score_dossier_facts **out, int *n, err *e)
{
	sqlite3_stmt *st = db_stmt(d, sql_open, e);
	if (!st) return MB_EINTERNAL;
	return fact_list(d, st, a, out, n, e);
}

/* The facts of every dossier from the raw tables (times as epoch seconds). */
#define EPOCH(x) "coalesce(CAST(strftime('%s', " x ") AS INTEGER), 0)"
static const char sql_raw_dossiers[] =
	"SELECT d.id, d.unit_id, d.channel = 'online', " EPOCH("d.received_at") ", " EPOCH("d.original_due_at") ", 0,"
	" d.supplement_requests,"
	" (SELECT coalesce(sum(" EPOCH("s.ended_at") " - " EPOCH("s.started_at") "), 0) FROM dossier_steps s"
	"   WHERE s.dossier_id = d.id AND s.kind = 'supplement' AND s.ended_at IS NOT NULL),"
	" CASE WHEN d.state = 'supplement' THEN (SELECT " EPOCH("max(s.started_at)") " FROM dossier_steps s"
	"   WHERE s.dossier_id = d.id AND s.kind = 'supplement' AND s.ended_at IS NULL) ELSE 0 END,"
	" CASE WHEN d.state IN ('result_ready','returned','stopped','withdrawn') THEN"
	"   coalesce((SELECT CAST(strftime('%s', min(s.started_at)) AS INTEGER) FROM dossier_steps s WHERE s.dossier_id = d.id AND s.kind = 'result'"
	"     AND s.started_at IS NOT NULL), " EPOCH("d.finished_at") ") ELSE 0 END,"
	" (SELECT count(*) FROM cases c WHERE c.dossier_code = d.code),"
	/* The wired inputs, from their own tables: a dislike (ratings), an electronic result in force
	 * or replaced (dossier_results), the fee in force and its way (dossier_payments). */
	" coalesce((SELECT NOT r.liked FROM ratings r WHERE r.dossier_id = d.id), 0),"
	" EXISTS (SELECT 1 FROM dossier_results x WHERE x.dossier_id = d.id),"
	" coalesce((SELECT p.fee_vnd > 0 FROM dossier_payments p WHERE p.dossier_id = d.id AND p.replaced_at IS NULL), 0),"
	" coalesce((SELECT p.fee_vnd > 0 AND p.method = 'national_platform' FROM dossier_payments p"
	"   WHERE p.dossier_id = d.id AND p.replaced_at IS NULL), 0)"
	" FROM dossiers d ORDER BY d.id";

int scores_repo_raw_dossiers(db *d, arena *a, score_dossier_facts **out, int *n, err *e)
{
	sqlite3_stmt *st = db_stmt(d, sql_raw_dossiers, e);
	if (!st) return MB_EINTERNAL;
	return fact_list(d, st, a, out, n, e);
}

static const char sql_raw_cases[] =
	"SELECT id, unit_id, " EPOCH("received_at") ", late <> 0 OR overdue_at IS NOT NULL,"
	" coalesce(satisfaction = 'unsatisfied', 0), reopened > 0"
	" FROM cases WHERE kind IN ('feedback','petition') ORDER BY id";

int scores_repo_raw_cases(db *d, arena *a, score_case_facts **out, int *n, err *e)
{
	sqlite3_stmt *st = db_stmt(d, sql_raw_cases, e);
	if (!st) return MB_EINTERNAL;
	int cap = 0, rc;
	*out = NULL;
	*n = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*out = grow(a, *out, *n, &cap, sizeof **out);
		read_case(st, &(*out)[(*n)++]);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : db_fail(d, e);
}

static const char sql_units[] =
	"SELECT id, coalesce(parent_id, 0), code, kind, name_vi, name_en FROM units ORDER BY id";

int scores_repo_units(db *d, arena *a, score_unit_row **out, int *n, err *e)
{
	sqlite3_stmt *st = db_stmt(d, sql_units, e);
	if (!st) return MB_EINTERNAL;
	int cap = 0, rc;
	*out = NULL;
	*n = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*out = grow(a, *out, *n, &cap, sizeof **out);
		score_unit_row *u = &(*out)[(*n)++];
		u->id = sqlite3_column_int64(st, 0);
		u->parent_id = sqlite3_column_int64(st, 1);
		u->code = arena_strdup(a, db_text(st, 2));
		u->kind = arena_strdup(a, db_text(st, 3));
		u->name_vi = arena_strdup(a, db_text(st, 4));
		u->name_en = arena_strdup(a, db_text(st, 5));
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : db_fail(d, e);
}

static const char sql_procs[] =
	"SELECT coalesce(p.unit_id, 0), p.level, p.name_vi,"
	" (SELECT count(*) FROM procedure_documents pd WHERE pd.procedure_id = p.id), p.processing_days >= 0"
	" FROM procedures p WHERE p.active = 1 ORDER BY p.id";

int scores_repo_procedures(db *d, arena *a, score_proc_row **out, int *n, err *e)
{
	sqlite3_stmt *st = db_stmt(d, sql_procs, e);
	if (!st) return MB_EINTERNAL;
	int cap = 0, rc;
	*out = NULL;
	*n = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*out = grow(a, *out, *n, &cap, sizeof **out);
		score_proc_row *p = &(*out)[(*n)++];
		p->unit_id = sqlite3_column_int64(st, 0);
		p->level = arena_strdup(a, db_text(st, 1));
		p->name = arena_strdup(a, db_text(st, 2));
		p->ndocs = sqlite3_column_int(st, 3);
		p->time_limit = sqlite3_column_int(st, 4) != 0;
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : db_fail(d, e);
}

#define VALID " valid_from <= ?1 AND (valid_to IS NULL OR valid_to = '' OR valid_to >= ?1)"
static const char sql_groups[] = "SELECT id, name_vi, name_en, max_pts FROM score_groups WHERE" VALID " ORDER BY id";
static const char sql_inds[] =
	"SELECT code, group_id, name_vi, name_en, numerator, denominator, coalesce(target_pct, 0), max_pts, input, source, mark"
	" FROM score_indicators WHERE" VALID " ORDER BY group_id, code";
static const char sql_bands[] =
	"SELECT name_vi, name_en, min_score, max_score FROM score_bands WHERE" VALID " ORDER BY min_score DESC";

int scores_repo_defs(db *d, const char *on, arena *a, score_defs *out, err *e)
{
	memset(out, 0, sizeof *out);
	sqlite3_stmt *st = db_stmt(d, sql_groups, e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_text(st, 1, on, -1, SQLITE_TRANSIENT);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && out->ngrp < SCORE_GROUP_MAX) {
		score_group_def *g = &out->grp[out->ngrp++];
		g->id = sqlite3_column_int(st, 0);
		g->name_vi = arena_strdup(a, db_text(st, 1));
		g->name_en = arena_strdup(a, db_text(st, 2));
		g->max_pts = sqlite3_column_double(st, 3);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW) return db_fail(d, e);
	if (!(st = db_stmt(d, sql_inds, e))) return MB_EINTERNAL;
	sqlite3_bind_text(st, 1, on, -1, SQLITE_TRANSIENT);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && out->nind < SCORE_IND_MAX) {
		score_indicator_def *x = &out->ind[out->nind++];
		x->code = arena_strdup(a, db_text(st, 0));
		x->group_id = sqlite3_column_int(st, 1);
		x->name_vi = arena_strdup(a, db_text(st, 2));
		x->name_en = arena_strdup(a, db_text(st, 3));
		x->numerator = arena_strdup(a, db_text(st, 4));
		x->denominator = arena_strdup(a, db_text(st, 5));
		x->target_pct = sqlite3_column_double(st, 6);
		x->max_pts = sqlite3_column_double(st, 7);
		x->input = arena_strdup(a, db_text(st, 8));
		x->source = arena_strdup(a, db_text(st, 9));
		x->mark = arena_strdup(a, db_text(st, 10));
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW) return db_fail(d, e);
	if (!(st = db_stmt(d, sql_bands, e))) return MB_EINTERNAL;
	sqlite3_bind_text(st, 1, on, -1, SQLITE_TRANSIENT);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && out->nband < 8) {
		score_band_def *b = &out->band[out->nband++];
		b->name_vi = arena_strdup(a, db_text(st, 0));
		b->name_en = arena_strdup(a, db_text(st, 1));
		b->min = sqlite3_column_double(st, 2);
		b->max = sqlite3_column_double(st, 3);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 : db_fail(d, e);
}

static const char sql_ins_group[] =
	"INSERT INTO score_groups(id, name_vi, name_en, max_pts, valid_from, valid_to) VALUES (?1, ?2, ?3, ?4, ?5, nullif(?6, ''))"
	" ON CONFLICT DO NOTHING";
static const char sql_ins_ind[] =
	"INSERT INTO score_indicators(code, group_id, name_vi, name_en, numerator, denominator, target_pct, max_pts, input,"
	" source, mark, valid_from, valid_to) VALUES (?1, ?2, ?3, ?4, ?5, ?6, CAST(nullif(?7, '') AS REAL), ?8, ?9, ?10, ?11,"
	" ?12, nullif(?13, '')) ON CONFLICT DO NOTHING";
static const char sql_ins_band[] =
	"INSERT INTO score_bands(name_vi, name_en, min_score, max_score, valid_from, valid_to)"
	" VALUES (?1, ?2, ?3, ?4, ?5, nullif(?6, '')) ON CONFLICT DO NOTHING";

int scores_repo_ref_insert(db *d, const char *table, const char *const *f, int n, err *e)
{
	const char *sql = !strcmp(table, "groups") ? sql_ins_group : !strcmp(table, "indicators") ? sql_ins_ind : sql_ins_band;
	sqlite3_stmt *st = db_stmt(d, sql, e);
	if (!st) return MB_EINTERNAL;
	for (int i = 0; i < n; i++) sqlite3_bind_text(st, i + 1, f[i], -1, SQLITE_TRANSIENT);
	return db_done(d, st, e);
}

static const char sql_dossier_code[] = "SELECT code FROM dossiers WHERE id = ?1";
static const char sql_case_code[] = "SELECT code FROM cases WHERE id = ?1";

const char *scores_repo_code(db *d, bool dossier, int64_t id, arena *a)
{
	err e = {0};
	sqlite3_stmt *st = db_stmt(d, dossier ? sql_dossier_code : sql_case_code, &e);
	if (!st) return "";
	sqlite3_bind_int64(st, 1, id);
	const char *out = sqlite3_step(st) == SQLITE_ROW ? arena_strdup(a, db_text(st, 0)) : "";
	sqlite3_reset(st);
	return out;
}

/* Apologies published in a month (cases) and apology letters sent in it
 * (dossiers), every unit: the monthly roll-ups of the register (sql/0021). */
static const char sql_apologies_month[] =
	"SELECT coalesce((SELECT sum(apologies) FROM results_monthly WHERE month = ?1), 0)"
	" + coalesce((SELECT sum(letters) FROM dossier_apology_monthly WHERE month = ?1), 0)";

int scores_repo_apologies_month(db *d, const char *month_iso, int64_t *n, err *e)
{
	sqlite3_stmt *st = db_stmt(d, sql_apologies_month, e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_text(st, 1, month_iso, -1, SQLITE_TRANSIENT);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) *n = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 0 : db_fail(d, e);
}
