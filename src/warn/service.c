/* service.c — early warning: the reference data, the run (read the window's
 * counters, standardise against peers, judge, open the new signals in one
 * transaction), the inspectors' actions, the command line. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/calendar.h"
#include "base/clock.h"
#include "base/csv.h"
#include "base/embed.h"
#include "base/log.h"
#include "ledger/ledger.h"
#include "duty/duty.h"
#include "warn/internal.h"

/* --- reference data --- */

static int bad_data(err *e, int line)
{
	log_msg(LOG_ERROR, "warn", "data/warn_rules.csv line %d: malformed", line);
	return err_set(e, MB_EINTERNAL, "bad_data", NULL, "Dữ liệu quy tắc cảnh báo sai định dạng.",
	               "the early-warning rules data is malformed");
}

static bool date_ok(const char *s, bool empty_ok)
{
	int32_t day;
	return (empty_ok && (!s || !*s)) || (s && cal_parse_date(s, &day) == 0);
}

static bool int_in(const char *s, long lo, long hi, int *out)
{
	char *end;
	long v = s && *s ? strtol(s, &end, 10) : lo - 1;
	if (!s || !*s || *end || v < lo || v > hi) return false;
	*out = (int)v;
	return true;
}

static bool num_in(const char *s, double lo, double hi, double *out)
{
	char *end;
	double v = s && *s ? strtod(s, &end) : NAN;
	if (!s || !*s || *end || !(v >= lo && v <= hi)) return false;
	*out = v;
	return true;
}

static const char COUNTERS_META[] = "warn_counters_built_at";
/* sql/0043's histograms of time held: built once in a database that had steps before it. */
static const char HELD_META[] = "warn_held_counters_built_at";
/* sql/0045's returns with a fee due: built once in a database that had returns before it. */
static const char UNPAID_META[] = "warn_unpaid_counters_built_at";

static int mark_counters(db *d, err *e)
{
	char at[32];
	clock_iso_utc(clock_now(), at, sizeof at);
	if (db_meta_set(d, COUNTERS_META, at, e) || db_meta_set(d, HELD_META, at, e) || db_meta_set(d, UNPAID_META, at, e))
		return MB_EINTERNAL;
	return 0;
}

/* The rows of data/warn_rules.csv not yet in warn_rules (all of them in a new
 * database), in the caller's transaction, with a warn.loaded event when any
 * was added. */
static int load_rules(db *d, int *added, err *e)
{
	static const char FILE_NAME[] = "data/warn_rules.csv";
	*added = 0;
	const struct embedded_file *f = embed_find(FILE_NAME);
	if (!f) return err_set(e, MB_EINTERNAL, "no_data", NULL, "Thiếu dữ liệu quy tắc cảnh báo.", "the early-warning rules are missing");
	arena a;
	arena_init(&a);
	const char *fl[CSV_MAX_FIELDS];
	csv_reader c;
	csv_init(&c, (const char *)f->data, f->size);
	int n, rc = 0, rows = 0;
	if (csv_next(&c, &a, fl) != 13 || strcmp(fl[0], "version") || strcmp(fl[8], "ratio_min") || strcmp(fl[10], "quantile") ||
	    strcmp(fl[12], "source"))
		rc = bad_data(e, 1);
	while (!rc && (n = csv_next(&c, &a, fl)) != 0) {
		warn_rule r = {.present = true, .version = fl[0]};
		warn_signal s;
		bool ok = n == 13 && *fl[0] && !warn_signal_parse(fl[1], &s) && date_ok(fl[2], false) && date_ok(fl[3], true) &&
		          int_in(fl[4], 7, 731, &r.window_days) && int_in(fl[5], 1, 1000000, &r.min_events) &&
		          int_in(fl[6], 1, 1000000, &r.min_exposure) && int_in(fl[7], 1, 100000000, &r.min_peer_exposure) &&
		          num_in(fl[8], 1.0, 100.0, &r.ratio_min) && num_in(fl[9], 0.5001, 0.9999, &r.confidence) && *fl[12];
		/* The time held needs its quantile and multiple; the counts have none. */
		if (ok && s == WS_HELD) ok = num_in(fl[10], 0.01, 0.99, &r.quantile) && num_in(fl[11], 1.0, 100.0, &r.multiple);
		else if (ok) ok = !*fl[10] && !*fl[11];
		if (!ok) {
			rc = bad_data(e, c.line);
			break;
		}
		bool add = false;
		if ((rc = warn_repo_rules_insert(d, fl[0], fl[1], fl[2], fl[3], &r, fl[12], &add, e))) break;
		rows += add;
	}
	if (!rc && rows) {
		json_t *p = json_pack("{s:i, s:s}", "rules", rows, "source", FILE_NAME);
		rc = ledger_append(d, &ledger_system, "", "warn.loaded", "warn_rules", p, NULL, e);
		json_decref(p);
	}
	*added = rows;
	arena_free(&a);
	return rc;
}

int warn_load_reference(db *d, err *e)
{
	int added;
	int rc = load_rules(d, &added, e);
	/* A new database: its counters are kept by the triggers from the start. */
	if (!rc) rc = mark_counters(d, e);
	return rc;
}

int warn_rebuild_counters(db *d, err *e)
{
	if (db_begin(d, e)) return MB_EINTERNAL;
	int rc = warn_repo_rebuild_counters(d, e);
	if (!rc) rc = mark_counters(d, e);
	if (rc) { db_rollback(d); return rc; }
	return db_commit(d, e);
}

int warn_ensure_reference(db *d, err *e)
{
	int rc = db_ensure_loaded(d, warn_repo_rules_count, warn_load_reference, e);
	if (rc) return rc;
	/* Rules added to the data since the database was made (the time held, the unpaid returns, 2026): those rows only. */
	int added = 0;
	if (db_begin(d, e)) return MB_EINTERNAL;
	if ((rc = load_rules(d, &added, e))) { db_rollback(d); return rc; }
	if (db_commit(d, e)) return MB_EINTERNAL;
	/* A database older than sql/0036 (or sql/0043, sql/0045): its counters from the history, once. */
	char at[32];
	int got = db_meta_get(d, COUNTERS_META, at, sizeof at, e), held = got > 0 ? db_meta_get(d, HELD_META, at, sizeof at, e) : 0;
	int unpaid = held > 0 ? db_meta_get(d, UNPAID_META, at, sizeof at, e) : 0;
	if (got < 0 || held < 0 || unpaid < 0) return MB_EINTERNAL;
	if (got == 0 || held == 0 || unpaid == 0) {
		int64_t t0 = clock_now_ms();
		if (warn_rebuild_counters(d, e)) return MB_EINTERNAL;
		log_msg(LOG_INFO, "warn", "early-warning counters built from the history in %lld ms", (long long)(clock_now_ms() - t0));
	}
	return 0;
}

/* --- the run --- */

enum { WARN_HELD_BUCKETS = 128 };

/* A subject found above its peers by one run. */
typedef struct cand {
	warn_signal signal;
	bool unit;
	int32_t subject;                    /* index into the accounts or the units */
	warn_figures f;
	warn_verdict v;
	const warn_rule *rule;
	int32_t from_day, to_day;           /* the window, inclusive */
	double held_h, peer_held_h;         /* hours held per step: the subject's, everyone else's */
} cand;

typedef struct run_ctx {
	arena *a;
	warn_account *acc;
	int64_t nacc;
	warn_unit *units;
	int64_t nunits;
	int32_t *acc_unit;                  /* account index → unit index, -1 none */
	cand *cands;
	int ncands, capcands;
	int64_t rows_read;
	bool *tested_acc, *tested_unit;
	int64_t held_lower[WARN_HELD_BUCKETS];   /* sql/0043's buckets of time held */
	int held_nb;
} run_ctx;

static int32_t *dense_map(const int64_t *ids, size_t stride, int64_t n, int64_t *max_out)
{
	int64_t max = 0;
	for (int64_t i = 0; i < n; i++) {
		int64_t id = *(const int64_t *)((const char *)ids + (size_t)i * stride);
		if (id > max) max = id;
	}
	int32_t *m = malloc(sizeof *m * (size_t)(max + 1));
	if (!m) abort();
	for (int64_t i = 0; i <= max; i++) m[i] = -1;
	for (int64_t i = 0; i < n; i++) m[*(const int64_t *)((const char *)ids + (size_t)i * stride)] = (int32_t)i;
	*max_out = max;
	return m;
}

/* n and x of one row for a signal. */
static void row_nx(warn_signal s, const warn_row *w, int64_t *n, int64_t *x)
{
	switch (s) {
	case WS_SUPPLEMENTS: *n = w->steps; *x = w->supplements; break;
	case WS_LATE_STEPS: *n = w->steps; *x = w->late; break;
	case WS_WITHDRAWALS: *n = w->steps; *x = w->withdrawals; break;
	case WS_UNSATISFIED: *n = w->rated; *x = w->unsatisfied; break;
	case WS_UNPAID: *n = w->returns_fee_due; *x = w->returns_unpaid; break;
	default: *n = 0; *x = 0; break;
	}
}

/* Judges every subject's figures and keeps those flagged. */
static void judge_figures(run_ctx *c, warn_signal s, const warn_rule *rule, bool unit, const warn_figures *fig, int nsubjects,
                          int32_t from_day, int32_t to_day, const double *held_s, const int64_t *held_n, double all_held_s,
                          int64_t all_held_n)
{
	for (int i = 0; i < nsubjects; i++) {
		if (fig[i].exposure <= 0) continue;
		(unit ? c->tested_unit : c->tested_acc)[i] = true;
		warn_verdict v;
		warn_judge(rule, &fig[i], &v);
		if (!v.flagged) continue;
		cand *k = arena_push(c->a, &c->cands, &c->ncands, &c->capcands, sizeof *k);
		*k = (cand){.signal = s, .unit = unit, .subject = i, .f = fig[i], .v = v, .rule = rule, .from_day = from_day,
		            .to_day = to_day, .held_h = NAN, .peer_held_h = NAN};
		if (held_n[i] > 0) k->held_h = held_s[i] / (double)held_n[i] / 3600.0;
		if (all_held_n - held_n[i] > 0) k->peer_held_h = (all_held_s - held_s[i]) / (double)(all_held_n - held_n[i]) / 3600.0;
	}
}

static void judge_all(run_ctx *c, warn_signal s, const warn_rule *rule, bool unit, const warn_cell *cells, size_t ncells,
                      int nsubjects, int ngroups, int nprocs, int32_t from_day, int32_t to_day, const double *held_s,
                      const int64_t *held_n, double all_held_s, int64_t all_held_n)
{
	int64_t *tot = malloc(sizeof *tot * 2 * (size_t)ngroups * (size_t)(nprocs ? nprocs : 1));
	warn_figures *fig = malloc(sizeof *fig * (size_t)(nsubjects ? nsubjects : 1));
	if (!tot || !fig) abort();
	warn_standardize(cells, ncells, nsubjects, ngroups, nprocs, tot, fig);
	judge_figures(c, s, rule, unit, fig, nsubjects, from_day, to_day, held_s, held_n, all_held_s, all_held_n);
	free(tot);
	free(fig);
}

/* The time held per step (WS_HELD): the window's histograms per official,
 * procedure and kind of step; officials against every other official on the
 * same procedure step, units against the units of their level. */
static int held_judge(run_ctx *c, db *d, const warn_rule *rule, const char *fk, const char *tk, const int32_t *accmap,
                      int64_t maxacc, int32_t from_day, int32_t to_day, const double *acc_held_s, const int64_t *acc_held_n,
                      const double *unit_held_s, const int64_t *unit_held_n, double all_held_s, int64_t all_held_n, err *e)
{
	int nb = c->held_nb;
	if (nb < 2) return 0;
	warn_held_row *rows;
	int64_t nrows;
	if (warn_repo_held_window(d, fk, tk, c->a, &rows, &nrows, e)) return MB_EINTERNAL;
	c->rows_read += nrows;
	/* Dense procedure steps: (procedure, kind) in the rows' order of first sight. */
	int npsteps = 0, cappsteps = 0;
	struct pstep { int64_t procedure_id; const char *kind; } *ps = NULL;
	int32_t *row_ps = malloc(sizeof *row_ps * (size_t)(nrows ? nrows : 1));
	if (!row_ps) abort();
	for (int64_t i = 0; i < nrows; i++) {
		int k = 0;
		for (; k < npsteps; k++)
			if (ps[k].procedure_id == rows[i].procedure_id && !strcmp(ps[k].kind, rows[i].step_kind)) break;
		if (k == npsteps) {
			struct pstep *np = arena_push(c->a, &ps, &npsteps, &cappsteps, sizeof *np);
			np->procedure_id = rows[i].procedure_id;
			np->kind = rows[i].step_kind;
		}
		row_ps[i] = k;
	}
	/* One histogram per official and procedure step (the rows come ordered so), and per unit. */
	size_t nu = (size_t)(c->nunits ? c->nunits : 1), nps = (size_t)(npsteps ? npsteps : 1);
	int64_t *ohist = calloc((size_t)(nrows ? nrows : 1) * (size_t)nb, sizeof *ohist);
	int64_t *uhist = calloc(nu * nps * (size_t)nb, sizeof *uhist);
	warn_hcell *cells = malloc(sizeof *cells * (size_t)(nrows ? nrows : 1));
	warn_hcell *ucells = malloc(sizeof *ucells * nu * nps);
	if (!ohist || !uhist || !cells || !ucells) abort();
	size_t nc = 0;
	for (int64_t i = 0; i < nrows; i++) {
		const warn_held_row *w = &rows[i];
		int32_t ai = w->account_id <= maxacc ? accmap[w->account_id] : -1;
		if (ai < 0 || w->bucket < 0 || w->bucket >= nb) continue;
		if (!nc || cells[nc - 1].subject != ai || cells[nc - 1].pstep != row_ps[i]) {
			cells[nc] = (warn_hcell){.subject = ai, .group = 0, .pstep = row_ps[i], .hist = ohist + nc * (size_t)nb};
			nc++;
		}
		ohist[(nc - 1) * (size_t)nb + (size_t)w->bucket] += w->steps;
		int32_t ui = c->acc_unit[ai];
		if (ui >= 0) uhist[((size_t)ui * nps + (size_t)row_ps[i]) * (size_t)nb + (size_t)w->bucket] += w->steps;
	}
	int64_t *tot = malloc(sizeof *tot * 3 * nps * (size_t)nb), peer[WARN_HELD_BUCKETS];
	warn_figures *fig = malloc(sizeof *fig * (size_t)((c->nacc > c->nunits ? c->nacc : c->nunits) + 1));
	if (!tot || !fig) abort();
	warn_held_standardize(cells, nc, (int)c->nacc, 1, (int)nps, c->held_lower, nb, rule->quantile, rule->multiple, tot, peer, fig);
	judge_figures(c, WS_HELD, rule, false, fig, (int)c->nacc, from_day, to_day, acc_held_s, acc_held_n, all_held_s, all_held_n);
	size_t nuc = 0;
	for (size_t ui = 0; ui < (size_t)c->nunits; ui++) {
		int level = c->units[ui].level;
		if (level < 0) continue;
		for (size_t p = 0; p < (size_t)npsteps; p++) {
			const int64_t *h = uhist + (ui * nps + p) * (size_t)nb;
			int64_t any = 0;
			for (int b = 0; b < nb && !any; b++) any = h[b];
			if (any) ucells[nuc++] = (warn_hcell){.subject = (int32_t)ui, .group = level, .pstep = (int32_t)p, .hist = h};
		}
	}
	warn_held_standardize(ucells, nuc, (int)c->nunits, 3, (int)nps, c->held_lower, nb, rule->quantile, rule->multiple, tot, peer,
	                      fig);
	judge_figures(c, WS_HELD, rule, true, fig, (int)c->nunits, from_day, to_day, unit_held_s, unit_held_n, all_held_s,
	              all_held_n);
	free(rows);
	free(row_ps);
	free(ohist);
	free(uhist);
	free(cells);
	free(ucells);
	free(tot);
	free(fig);
	return 0;
}

/* Every signal whose window is `window` days, from its rows. */
static int run_window(run_ctx *c, db *d, const warn_rule *rules, int window, int32_t today, err *e)
{
	int32_t from_day = today - window, to_day = today - 1;
	char fk[32], tk[32];
	clock_iso_utc(cal_local(from_day, 0), fk, sizeof fk);
	clock_iso_utc(cal_local(today, 0), tk, sizeof tk);
	warn_row *rows;
	int64_t nrows;
	if (warn_repo_window(d, fk, tk, c->a, &rows, &nrows, e)) return MB_EINTERNAL;
	c->rows_read += nrows;
	int64_t maxacc = c->nacc ? c->acc[c->nacc - 1].id : 0, maxproc = 0;
	int32_t *accmap = dense_map(c->nacc ? &c->acc[0].id : NULL, sizeof c->acc[0], c->nacc, &maxacc);
	for (int64_t i = 0; i < nrows; i++)
		if (rows[i].procedure_id > maxproc) maxproc = rows[i].procedure_id;
	/* Dense procedure indices; index 0 is procedure 0 (reports). */
	int32_t *procmap = malloc(sizeof *procmap * (size_t)(maxproc + 1));
	if (!procmap) abort();
	for (int64_t i = 0; i <= maxproc; i++) procmap[i] = -1;
	procmap[0] = 0;
	int nprocs = 1;
	for (int64_t i = 0; i < nrows; i++)
		if (procmap[rows[i].procedure_id] < 0) procmap[rows[i].procedure_id] = nprocs++;
	size_t na = (size_t)(c->nacc ? c->nacc : 1), nu = (size_t)(c->nunits ? c->nunits : 1);
	int64_t *acc_steps = calloc(na, sizeof *acc_steps), *acc_reports = calloc(na, sizeof *acc_reports);
	double *acc_held_s = calloc(na, sizeof *acc_held_s), *unit_held_s = calloc(nu, sizeof *unit_held_s);
	int64_t *acc_held_n = calloc(na, sizeof *acc_held_n), *unit_held_n = calloc(nu, sizeof *unit_held_n);
	int64_t *ucell = malloc(sizeof *ucell * 2 * nu * (size_t)nprocs);
	warn_cell *cells = malloc(sizeof *cells * (size_t)(nrows + (int64_t)na + 1));
	warn_cell *unit_cells = malloc(sizeof *unit_cells * (nu * (size_t)nprocs + 1));
	if (!acc_steps || !acc_reports || !acc_held_s || !unit_held_s || !acc_held_n || !unit_held_n || !ucell || !cells ||
	    !unit_cells)
		abort();
	double all_held_s = 0;
	int64_t all_held_n = 0;
	int rc = 0;
	for (int64_t i = 0; i < nrows; i++) {
		const warn_row *w = &rows[i];
		int32_t ai = w->account_id <= maxacc ? accmap[w->account_id] : -1;
		if (ai < 0) continue;
		acc_steps[ai] += w->steps;
		acc_reports[ai] += w->reports;
		acc_held_s[ai] += (double)w->held_seconds;
		acc_held_n[ai] += w->held_steps;
		all_held_s += (double)w->held_seconds;
		all_held_n += w->held_steps;
		int32_t ui = c->acc_unit[ai];
		if (ui >= 0) {
			unit_held_s[ui] += (double)w->held_seconds;
			unit_held_n[ui] += w->held_steps;
		}
	}
	for (int s = 0; s < WS__MAX; s++) {
		const warn_rule *rule = &rules[s];
		if (!rule->present || rule->window_days != window) continue;
		if (s == WS_HELD) {
			if (held_judge(c, d, rule, fk, tk, accmap, maxacc, from_day, to_day, acc_held_s, acc_held_n, unit_held_s,
			               unit_held_n, all_held_s, all_held_n, e)) {
				rc = MB_EINTERNAL;
				break;
			}
			continue;
		}
		size_t nc = 0;
		memset(ucell, 0, sizeof *ucell * 2 * nu * (size_t)nprocs);
		if (s == WS_REPORTS) {
			/* Reports are not about a procedure: against every other official's, per step held. */
			for (int64_t ai = 0; ai < c->nacc; ai++) {
				if (!acc_steps[ai] && !acc_reports[ai]) continue;
				cells[nc++] = (warn_cell){(int32_t)ai, 0, 0, acc_steps[ai], acc_reports[ai]};
				int32_t ui = c->acc_unit[ai];
				if (ui >= 0) {
					ucell[2 * (size_t)ui * (size_t)nprocs] += acc_steps[ai];
					ucell[2 * (size_t)ui * (size_t)nprocs + 1] += acc_reports[ai];
				}
			}
		} else {
			for (int64_t i = 0; i < nrows; i++) {
				const warn_row *w = &rows[i];
				int32_t ai = w->account_id <= maxacc ? accmap[w->account_id] : -1;
				if (ai < 0 || w->procedure_id == 0) continue;
				int64_t n, x;
				row_nx((warn_signal)s, w, &n, &x);
				if (!n && !x) continue;
				int32_t p = procmap[w->procedure_id];
				cells[nc++] = (warn_cell){ai, 0, p, n, x};
				int32_t ui = c->acc_unit[ai];
				if (ui >= 0) {
					size_t k = 2 * ((size_t)ui * (size_t)nprocs + (size_t)p);
					ucell[k] += n;
					ucell[k + 1] += x;
				}
			}
		}
		/* Officials against every other official on the same procedures (one group). */
		judge_all(c, (warn_signal)s, rule, false, cells, nc, (int)c->nacc, 1, nprocs, from_day, to_day, acc_held_s,
		          acc_held_n, all_held_s, all_held_n);
		/* Units against the units of the same level, procedure by procedure. */
		size_t nuc = 0;
		for (size_t ui = 0; ui < (size_t)c->nunits; ui++) {
			int level = c->units[ui].level;
			if (level < 0) continue;
			for (int p = 0; p < nprocs; p++) {
				size_t k = 2 * (ui * (size_t)nprocs + (size_t)p);
				if (ucell[k] || ucell[k + 1])
					unit_cells[nuc++] = (warn_cell){(int32_t)ui, level, p, ucell[k], ucell[k + 1]};
			}
		}
		judge_all(c, (warn_signal)s, rule, true, unit_cells, nuc, (int)c->nunits, 3, nprocs, from_day, to_day, unit_held_s,
		          unit_held_n, all_held_s, all_held_n);
	}
	free(rows);
	free(accmap);
	free(procmap);
	free(acc_steps);
	free(acc_reports);
	free(acc_held_s);
	free(unit_held_s);
	free(acc_held_n);
	free(unit_held_n);
	free(ucell);
	free(cells);
	free(unit_cells);
	return rc;
}

static json_t *detail_json(const cand *k)
{
	json_t *o = json_pack("{s:i, s:i, s:i, s:i, s:f, s:f}", "window_days", k->rule->window_days, "min_events",
	                      k->rule->min_events, "min_exposure", k->rule->min_exposure, "min_peer_exposure",
	                      k->rule->min_peer_exposure, "ratio_min", k->rule->ratio_min, "confidence", k->rule->confidence);
	if (k->signal == WS_HELD) {
		json_object_set_new(o, "quantile", json_real(k->rule->quantile));
		json_object_set_new(o, "multiple", json_real(k->rule->multiple));
	}
	json_object_set_new(o, "held_hours_per_step", isnan(k->held_h) ? json_null() : json_real(round(k->held_h * 100) / 100));
	json_object_set_new(o, "others_held_hours_per_step",
	                    isnan(k->peer_held_h) ? json_null() : json_real(round(k->peer_held_h * 100) / 100));
	return o;
}

static bool same_subject(const warn_signal_row *s, const char *kind, int64_t account_id, int64_t unit_id, const char *signal)
{
	return !strcmp(s->subject_kind, kind) && s->account_id == account_id && s->unit_id == unit_id && !strcmp(s->signal, signal);
}

/* Opens the new signals and refreshes the open ones; the run's row and event. */
static int record(run_ctx *c, db *d, const char *trigger, const auth_actor *actor, int64_t started, int max_window,
                  warn_run_summary *out, err *e)
{
	const ledger_actor *la = actor ? &actor->ledger : &ledger_system;
	char since[32];
	clock_iso_utc(started - (int64_t)max_window * 86400, since, sizeof since);
	if (db_begin(d, e)) return MB_EINTERNAL;
	warn_signal_row *recent;
	int64_t nrecent;
	int rc = warn_repo_recent(d, since, c->a, &recent, &nrecent, e);
	for (int i = 0; !rc && i < c->ncands; i++) {
		const cand *k = &c->cands[i];
		warn_signal_row s = {0};
		s.subject_kind = k->unit ? "unit" : "official";
		s.account_id = k->unit ? 0 : c->acc[k->subject].id;
		int32_t ui = k->unit ? k->subject : c->acc_unit[k->subject];
		if (ui < 0) continue;
		s.unit_id = c->units[ui].id;
		s.signal = warn_signal_name(k->signal);
		s.rules_version = k->rule->version;
		char wf[16], wt[16];
		cal_format_date(k->from_day, wf, sizeof wf);
		cal_format_date(k->to_day, wt, sizeof wt);
		s.window_from = wf;
		s.window_to = wt;
		s.events = k->f.events;
		s.exposure = k->f.exposure;
		s.expected = k->f.expected;
		s.peer_events = k->f.peer_events;
		s.peer_exposure = k->f.peer_exposure;
		s.ratio = k->v.ratio;
		s.lower = k->v.lower;
		json_t *dj = detail_json(k);
		char *detail = json_dumps(dj, JSON_COMPACT | JSON_SORT_KEYS);
		json_decref(dj);
		s.detail = detail;
		s.opened_at = s.updated_at = started;
		const warn_signal_row *prev = NULL;
		for (int64_t j = 0; j < nrecent && !prev; j++)
			if (same_subject(&recent[j], s.subject_kind, s.account_id, s.unit_id, s.signal)) prev = &recent[j];
		if (prev && (!strcmp(prev->state, "new") || !strcmp(prev->state, "review"))) {
			s.id = prev->id;
			rc = warn_repo_refresh(d, &s, e);
		} else if (prev) {
			/* Closed within the window (dismissed, or an inspection under way): not opened again until its days have passed. */
		} else if (!(rc = warn_repo_insert(d, &s, e))) {
			out->opened++;
			json_t *p = json_pack("{s:s, s:s, s:I, s:I, s:I, s:f, s:f, s:f, s:s, s:s, s:s}", "signal", s.signal,
			                      "subject_kind", s.subject_kind, "account_id", (json_int_t)s.account_id, "events",
			                      (json_int_t)s.events, "exposure", (json_int_t)s.exposure, "expected",
			                      round(s.expected * 1000) / 1000, "ratio", round(s.ratio * 1000) / 1000, "lower",
			                      round(s.lower * 1000) / 1000, "rules_version", s.rules_version, "window_from", wf,
			                      "window_to", wt);
			char subject[32];
			snprintf(subject, sizeof subject, "warn:%lld", (long long)s.id);
			rc = ledger_append(d, la, auth_unit_code(d, s.unit_id, c->a), "warn.opened", subject, p, NULL, e);
			json_decref(p);
			/* A new signal opens a review task for the Provincial Inspectorate (src/duty), here. */
			int64_t insp = 0, duty_id;
			if (!rc && (rc = auth_unit_id(d, "thanh-tra-tinh", &insp, e)) == 1) {
				rc = duty_open(d, la, &(duty_new){.kind = "warn.review", .source_type = "warn_signal", .source_id = s.id,
				               .source_ref = subject, .owner_unit_id = insp,
				               .title_vi = "Xem xét tín hiệu cảnh báo sớm", .title_en = "Review an early-warning signal",
				               .start = started}, &duty_id, e);
			} else if (rc == 0) {
				rc = 0;   /* a deployment without the Inspectorate: the signal alone */
			}
		}
		free(detail);
	}
	out->flagged = c->ncands;
	int64_t run_id = 0;
	if (!rc) rc = warn_repo_run_insert(d, started, clock_now(), trigger, actor ? actor->id : 0, out, &run_id, e);
	if (!rc) {
		out->run_id = run_id;
		json_t *p = json_pack("{s:s, s:s, s:i, s:i, s:i, s:i, s:I}", "trigger", trigger, "rules_version",
		                      out->rules_version ? out->rules_version : "", "officials", out->officials, "units",
		                      out->units, "flagged", out->flagged, "opened", out->opened, "rows_read",
		                      (json_int_t)out->rows_read);
		char subject[32];
		snprintf(subject, sizeof subject, "warn_run:%lld", (long long)run_id);
		rc = ledger_append(d, la, "", "warn.run", subject, p, NULL, e);
		json_decref(p);
	}
	if (rc) { db_rollback(d); return rc; }
	return db_commit(d, e);
}

int warn_run(db *d, const char *trigger, const auth_actor *actor, warn_run_summary *out, err *e)
{
	memset(out, 0, sizeof *out);
	if (actor && !warn_rules_may_act(actor->role))
		return err_set(e, MB_EFORBIDDEN, "forbidden", NULL, "Chỉ thanh tra chạy được việc tính cảnh báo.",
		               "only inspectors run the early warning");
	int64_t started = clock_now();
	int32_t today = cal_day_of(started);
	char date[16];
	cal_format_date(today, date, sizeof date);
	arena a;
	arena_init(&a);
	run_ctx c = {.a = &a};
	warn_rule rules[WS__MAX];
	int rc = warn_repo_rules_on(d, date, &a, rules, e);
	int max_window = 0;
	for (int s = 0; !rc && s < WS__MAX; s++)
		if (rules[s].present) {
			if (rules[s].window_days > max_window) max_window = rules[s].window_days;
			out->rules_version = rules[s].version;
		}
	if (!rc && !max_window)
		rc = err_set(e, MB_ENOTFOUND, "no_rules", NULL, "Không có quy tắc cảnh báo nào có hiệu lực hôm nay.",
		             "no early-warning rules are in force today");
	if (!rc) rc = warn_repo_held_buckets(d, c.held_lower, WARN_HELD_BUCKETS, &c.held_nb, e);
	if (!rc) rc = warn_repo_accounts(d, &a, &c.acc, &c.nacc, e);
	if (!rc) rc = warn_repo_units(d, &a, &c.units, &c.nunits, e);
	int32_t *unitmap = NULL;
	if (!rc) {
		int64_t maxu;
		unitmap = dense_map(c.nunits ? &c.units[0].id : NULL, sizeof c.units[0], c.nunits, &maxu);
		c.acc_unit = arena_alloc(&a, sizeof *c.acc_unit * (size_t)(c.nacc + 1));
		for (int64_t i = 0; i < c.nacc; i++)
			c.acc_unit[i] = c.acc[i].unit_id >= 0 && c.acc[i].unit_id <= maxu ? unitmap[c.acc[i].unit_id] : -1;
		c.tested_acc = arena_alloc(&a, (size_t)c.nacc + 1);
		c.tested_unit = arena_alloc(&a, (size_t)c.nunits + 1);
	}
	/* One read of the counters per distinct window. */
	int done[WS__MAX] = {0};
	for (int s = 0; !rc && s < WS__MAX; s++) {
		if (!rules[s].present) continue;
		bool seen = false;
		for (int t = 0; t < s; t++) seen |= done[t] == rules[s].window_days;
		done[s] = rules[s].window_days;
		if (!seen) rc = run_window(&c, d, rules, rules[s].window_days, today, e);
	}
	if (!rc) {
		for (int64_t i = 0; i < c.nacc; i++) out->officials += c.tested_acc[i];
		for (int64_t i = 0; i < c.nunits; i++) out->units += c.tested_unit[i];
		out->rows_read = c.rows_read;
		rc = record(&c, d, trigger, actor, started, max_window, out, e);
	}
	/* The summary outlives the arena: the version is a static copy. */
	static _Thread_local char version[64];
	snprintf(version, sizeof version, "%s", out->rules_version ? out->rules_version : "");
	out->rules_version = version;
	free(unitmap);
	arena_free(&a);
	return rc;
}

/* --- reads and actions --- */

int warn_parse_id(const char *s, int64_t *id, err *e)
{
	char *end;
	*id = s && *s ? strtoll(s, &end, 10) : 0;
	if (!s || !*s || *end || *id <= 0) return err_set(e, MB_ENOTFOUND, "not_found", NULL, "Không có tín hiệu này.", "no such signal");
	return 0;
}

int warn_parse_before(const char *s, int64_t *before, err *e)
{
	char *end;
	*before = 0;
	if (!s || !*s) return 0;
	*before = strtoll(s, &end, 10);
	if (*end || *before <= 0)
		return err_set(e, MB_EINVAL, "invalid_field", "before", "Tham số before phải là một số dương.", "before must be a positive number");
	return 0;
}

int warn_visible(db *d, const auth_actor *actor, int64_t unit_id)
{
	if (!actor) return 0;
	int64_t anc[32];
	int n = auth_unit_ancestors(d, unit_id, anc, 32);
	return warn_rules_may_see(actor->role, actor->unit_id, anc, n) ? 1 : 0;
}

int warn_get_for(db *d, const auth_actor *actor, int64_t id, arena *a, warn_signal_row *out, err *e)
{
	int rc = warn_repo_get(d, id, a, out, e);
	if (rc < 0) return rc;
	if (rc == 0 || !warn_visible(d, actor, out->unit_id) || out->account_id == actor->id)
		return err_set(e, MB_ENOTFOUND, "not_found", NULL, "Không có tín hiệu này.", "no such signal");
	return 0;
}

int warn_list_for(db *d, const auth_actor *actor, const char *state, int64_t before, int limit, arena *a,
                  warn_signal_row **out, int *n, err *e)
{
	*out = NULL;
	*n = 0;
	if (!actor) return err_set(e, MB_ENOTFOUND, "not_found", NULL, "Không có trang này.", "no such page");
	int64_t ancestor;
	if (actor->role == ROLE_INSPECTOR || actor->role == ROLE_HOME_AFFAIRS_INSPECTOR) ancestor = 0;
	else if (actor->role == ROLE_UNIT_HEAD) ancestor = actor->unit_id;
	else return err_set(e, MB_ENOTFOUND, "not_found", NULL, "Không có trang này.", "no such page");
	warn_state st;
	if (state && *state && warn_state_parse(state, &st))
		return err_set(e, MB_EINVAL, "invalid_field", "state", "Trạng thái không hợp lệ (new, review, dismissed, inspection).",
		               "state must be new, review, dismissed or inspection");
	/* Never a signal about the reader themselves. */
	return warn_repo_list(d, ancestor, state && *state ? state : NULL, 0, actor->id, before, limit, a, out, n, e);
}

int warn_act(db *d, const auth_actor *actor, int64_t id, warn_action act, const char *reason, arena *a, err *e)
{
	warn_signal_row s;
	int rc = warn_get_for(d, actor, id, a, &s, e);
	if (rc) return rc;
	if (!warn_rules_may_act(actor->role))
		return err_set(e, MB_EFORBIDDEN, "forbidden", NULL, "Chỉ thanh tra xử lý được tín hiệu cảnh báo.",
		               "only inspectors act on early-warning signals");
	warn_state from, to;
	if (warn_state_parse(s.state, &from)) return err_set(e, MB_EINTERNAL, "bad_state", NULL, "Lỗi dữ liệu.", "bad state");
	if ((rc = warn_rules_transition(from, act, reason, &to, e))) return rc;
	static const char *const types[WA__MAX] = {"warn.reviewed", "warn.dismissed", "warn.inspection"};
	int64_t now = clock_now();
	if (db_begin(d, e)) return MB_EINTERNAL;
	rc = warn_repo_set_state(d, id, warn_state_name(to), actor->id, act == WA_REVIEW ? "" : reason, now, act != WA_REVIEW, e);
	if (!rc) {
		json_t *p = json_pack("{s:s, s:s, s:s}", "from", s.state, "to", warn_state_name(to), "reason",
		                      act == WA_REVIEW ? "" : reason);
		char subject[32];
		snprintf(subject, sizeof subject, "warn:%lld", (long long)id);
		rc = ledger_append(d, &actor->ledger, s.unit_code, types[act], subject, p, NULL, e);
		json_decref(p);
	}
	if (rc) { db_rollback(d); return rc; }
	return db_commit(d, e);
}

json_t *warn_signal_json(const warn_signal_row *s)
{
	warn_signal sig;
	bool known = !warn_signal_parse(s->signal, &sig);
	json_t *detail = json_loads(s->detail, 0, NULL);
	json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "id", (json_int_t)s->id, "signal",
	                      s->signal, "label_vi", known ? warn_signal_label_vi(sig) : "", "formula_vi",
	                      known ? warn_signal_formula_vi(sig) : "", "subject_kind", s->subject_kind, "unit", s->unit_code,
	                      "state", s->state, "rules_version", s->rules_version, "window_from", s->window_from,
	                      "window_to", s->window_to);
	if (s->account_id) json_object_set_new(o, "official", json_string(s->login));
	json_object_set_new(o, "own", json_pack("{s:I, s:I}", "events", (json_int_t)s->events, "exposure", (json_int_t)s->exposure));
	json_object_set_new(o, "peers", json_pack("{s:I, s:I}", "events", (json_int_t)s->peer_events, "exposure",
	                                          (json_int_t)s->peer_exposure));
	json_object_set_new(o, "expected", json_real(round(s->expected * 1000) / 1000));
	json_object_set_new(o, "ratio", json_real(round(s->ratio * 1000) / 1000));
	json_object_set_new(o, "ratio_lower", json_real(round(s->lower * 1000) / 1000));
	json_object_set_new(o, "rule", detail ? detail : json_object());
	json_object_set_new(o, "reason", json_string(s->reason));
	if (s->reviewer_login[0]) json_object_set_new(o, "reviewer", json_string(s->reviewer_login));
	char at[32];
	clock_iso_utc(s->opened_at, at, sizeof at);
	json_object_set_new(o, "opened_at", json_string(at));
	clock_iso_utc(s->updated_at, at, sizeof at);
	json_object_set_new(o, "updated_at", json_string(at));
	return o;
}

/* --- the command line --- */

int warn_cli(const char *dbpath, bool as_json)
{
	db *d;
	err e = {0};
	if (db_open(&d, dbpath, &e)) { fprintf(stderr, "minhbach: %s: %s\n", dbpath, e.en); return 2; }
	if (db_migrate(d, &e) || warn_ensure_reference(d, &e)) {
		fprintf(stderr, "minhbach: warn: %s\n", e.en ? e.en : "?");
		db_close(d);
		return 1;
	}
	int64_t t0 = clock_now_ms();
	warn_run_summary s;
	if (warn_run(d, "cli", NULL, &s, &e)) {
		fprintf(stderr, "minhbach: warn: %s\n", e.en ? e.en : "?");
		db_close(d);
		return 1;
	}
	int64_t ms = clock_now_ms() - t0;
	arena a;
	arena_init(&a);
	warn_signal_row *rows;
	int n = 0, rc = 0;
	if (warn_repo_list(d, 0, NULL, 0, 0, 0, 1000, &a, &rows, &n, &e)) {
		fprintf(stderr, "minhbach: warn: %s\n", e.en ? e.en : "?");
		rc = 1;
	} else if (as_json) {
		json_t *arr = json_array();
		for (int i = 0; i < n; i++)
			if (!strcmp(rows[i].state, "new") || !strcmp(rows[i].state, "review")) json_array_append_new(arr, warn_signal_json(&rows[i]));
		json_t *o = json_pack("{s:I, s:s, s:i, s:i, s:i, s:i, s:I, s:I, s:o}", "run", (json_int_t)s.run_id, "rules_version",
		                      s.rules_version, "officials", s.officials, "units", s.units, "flagged", s.flagged, "opened",
		                      s.opened, "rows_read", (json_int_t)s.rows_read, "ms", (json_int_t)ms, "open_signals", arr);
		char *txt = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
		puts(txt);
		free(txt);
		json_decref(o);
	} else {
		printf("early warning run %lld (rules %s): %d officials and %d units tested, %d flagged, %d new signals, "
		       "%lld counter rows read, %lld ms\n",
		       (long long)s.run_id, s.rules_version, s.officials, s.units, s.flagged, s.opened, (long long)s.rows_read,
		       (long long)ms);
		for (int i = 0; i < n; i++) {
			const warn_signal_row *r = &rows[i];
			if (strcmp(r->state, "new") && strcmp(r->state, "review")) continue;
			printf("  #%lld %-8s %-12s %-10s %-24s %lld/%lld vs expected %.2f (peers %lld/%lld): ratio %.2f, lower %.2f\n",
			       (long long)r->id, r->subject_kind, r->signal, r->state, r->account_id ? r->login : r->unit_code,
			       (long long)r->events, (long long)r->exposure, r->expected, (long long)r->peer_events,
			       (long long)r->peer_exposure, r->ratio, r->lower);
		}
	}
	arena_free(&a);
	db_close(d);
	return rc;
}
