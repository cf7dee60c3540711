/* compute.c — the figures of every unit for a period. Two paths that must
 * agree: scores_compute() reads the counters (src/agg/: a few rows per unit
 * whatever the history) and the open dossiers' facts (as many as the work in
 * hand); scores_recompute() reads the raw tables (dossiers, their steps,
 * cases) and counts everything again, for `minhbach scores` and the tests. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/calendar.h"
#include "base/clock.h"
#include "scores/internal.h"

static const char *const METRICS[] = {
	M_RECEIVED, M_ONLINE, M_ENDED, M_ONTIME, M_LATE, M_COMPLAINED, M_ERESULT, M_FEE, M_PAIDONLINE,
	M_C_RECEIVED, M_C_ONTIME, M_C_UNSAT,
};
enum { NM = sizeof METRICS / sizeof METRICS[0] };
enum { X_OPEN, X_OPEN_ONTIME, X_OPEN_COMPLAINED, NX };

typedef struct unit_sums { int64_t m[NM], x[NX]; } unit_sums;

typedef struct ctx {
	score_unit_row *units;
	int nunits;
	unit_sums *sums;
} ctx;

static int metric_index(const char *metric)
{
	for (int i = 0; i < NM; i++)
		if (!strcmp(METRICS[i], metric)) return i;
	return -1;
}

static int unit_index(const ctx *c, int64_t id)
{
	for (int i = 0; i < c->nunits; i++)
		if (c->units[i].id == id) return i;
	return -1;
}

/* The unit and the units above it (indexes), at most 16. */
static int ancestors(const ctx *c, int64_t id, int *out)
{
	int n = 0;
	for (int i = unit_index(c, id); i >= 0 && n < 16; i = c->units[i].parent_id ? unit_index(c, c->units[i].parent_id) : -1)
		out[n++] = i;
	return n;
}

static bool is_below(const ctx *c, int64_t id, int64_t top)
{
	int anc[16];
	int n = ancestors(c, id, anc);
	for (int i = 0; i < n; i++)
		if (c->units[anc[i]].id == top) return true;
	return false;
}

static void each_sum(void *arg, int64_t unit_id, const char *metric, int64_t n)
{
	ctx *c = arg;
	int u = unit_index(c, unit_id), m = metric_index(metric);
	if (u >= 0 && m >= 0) c->sums[u].m[m] += n;
}

int scores_ind_index(const score_defs *defs, const char *code)
{
	for (int i = 0; i < defs->nind; i++)
		if (!strcmp(defs->ind[i].code, code)) return i;
	return -1;
}

int scores_defs_load(db *d, int32_t on, arena *a, score_defs *out, err *e)
{
	char day[16];
	cal_format_date(on, day, sizeof day);
	if (scores_repo_defs(d, day, a, out, e)) return MB_EINTERNAL;
	const char **names;
	int nn = 0;
	if (scores_repo_inputs(d, a, &names, &nn, e)) return MB_EINTERNAL;
	for (int i = 0; i < out->nind; i++) {
		out->input_present[i] = false;
		for (int k = 0; k < nn; k++)
			if (!strcmp(names[k], out->ind[i].input)) out->input_present[i] = true;
	}
	/* 5.4's own input is the dossiers; the ratings only add its dislikes, so their presence is
	 * kept apart (an indicator fed by "ratings" alone does not exist to carry it). */
	out->ratings_present = false;
	for (int k = 0; k < nn; k++)
		if (!strcmp(names[k], "ratings")) out->ratings_present = true;
	return 0;
}

/* The open dossiers, judged at the period's end (or now, if sooner). */
static void add_open(ctx *c, const score_dossier_facts *f, int nf, int64_t at)
{
	for (int i = 0; i < nf; i++) {
		score_timing t = score_rules_timing(&f[i], at);
		if (t == ST_NOT_COUNTED) continue;
		int anc[16];
		int na = ancestors(c, f[i].unit_id, anc);
		for (int k = 0; k < na; k++) {
			unit_sums *s = &c->sums[anc[k]];
			s->x[X_OPEN]++;
			if (t == ST_ON_TIME) s->x[X_OPEN_ONTIME]++;
			if (f[i].feedback > 0 || f[i].dislike) s->x[X_OPEN_COMPLAINED]++;
		}
	}
}

static void set_value(score_value *v, const score_indicator_def *def, int64_t num, int64_t den)
{
	v->num = num;
	v->den = den;
	if (den <= 0) { v->status = SS_NO_DATA; return; }
	v->status = SS_OK;
	v->ratio = (double)num / (double)den;
	if (v->ratio < 0) v->ratio = 0;
	v->points = score_rules_points(v->ratio, def->target_pct, def->max_pts);
}

/* The procedures under a unit's competence and how many carry all 7 parts. */
static void catalogue(const ctx *c, int ui, const score_proc_row *p, int np, int64_t *complete, int64_t *total)
{
	const score_unit_row *u = &c->units[ui];
	int level = score_rules_level(u->kind);
	*complete = *total = 0;
	for (int i = 0; i < np; i++) {
		bool mine = level == 0 ? true
		          : level == 1 ? p[i].unit_id && is_below(c, p[i].unit_id, u->id)
		          : !strcmp(p[i].level, "commune") && (!p[i].unit_id || p[i].unit_id == u->id);
		if (!mine) continue;
		/* The catalogue publishes the name, the documents, the time, the
		 * handling agency and the method (at the counter, and online by its
		 * level); it does not publish the sequence of steps or the applicants. */
		score_procedure_parts parts = {p[i].name && *p[i].name, false, true, p[i].ndocs > 0, p[i].time_limit, false, true};
		(*total)++;
		if (score_rules_procedure_complete(&parts)) (*complete)++;
	}
}

static int cmp_units(const void *a, const void *b)
{
	const score_unit *x = a, *y = b;
	if (x->level != y->level) return x->level - y->level;
	int rx = x->rank ? x->rank : 1 << 30, ry = y->rank ? y->rank : 1 << 30;
	if (rx != ry) return rx - ry;
	return strcmp(x->code, y->code);
}

/* One unit's figures from its sums; rank -1 when it has data (to be ranked), 0 when not. */
static void unit_figures(const ctx *c, int ui, const score_defs *defs, const score_proc_row *procs, int np,
                         score_unit *u)
{
	memset(u, 0, sizeof *u);
	bool ratings = defs->ratings_present;
	const unit_sums *s = &c->sums[ui];
	u->unit_id = c->units[ui].id;
	u->code = c->units[ui].code;
	u->name_vi = c->units[ui].name_vi;
	u->name_en = c->units[ui].name_en;
	u->kind = c->units[ui].kind;
	u->level = score_rules_level(u->kind);
	u->band = -1;
	bool active = false;
	int64_t den21 = s->m[3] + s->m[4] + s->x[X_OPEN], on21 = s->m[3] + s->x[X_OPEN_ONTIME];
	for (int i = 0; i < defs->nind; i++) {
		const score_indicator_def *def = &defs->ind[i];
		score_value *v = &u->v[i];
		if (!defs->input_present[i]) { v->status = SS_NO_INPUT; continue; }
		const char *k = def->code;
		if (!strcmp(k, "1.3")) {
			int64_t done, total;
			catalogue(c, ui, procs, np, &done, &total);
			set_value(v, def, done, total);
		} else if (!strcmp(k, "2.1")) set_value(v, def, on21, den21);
		else if (!strcmp(k, "3.3")) set_value(v, def, s->m[1], s->m[0]);
		else if (!strcmp(k, "3.6")) set_value(v, def, s->m[8], s->m[7]);
		else if (!strcmp(k, "4.1")) set_value(v, def, s->m[6], s->m[2]);
		else if (!strcmp(k, "5.2")) set_value(v, def, s->m[10], s->m[9]);
		else if (!strcmp(k, "5.3")) set_value(v, def, s->m[9] - s->m[11], s->m[9]);
		else if (!strcmp(k, "5.4")) {
			int64_t late = den21 - on21, compl = s->m[5] + s->x[X_OPEN_COMPLAINED];
			int64_t good = den21 - late - compl;
			set_value(v, def, good < 0 ? 0 : good, den21);
			v->partial = !ratings;
		} else v->status = SS_NO_INPUT;   /* an input the product holds but no formula for it yet */
		if (v->status == SS_OK && strcmp(k, "1.3")) active = true;
	}
	for (int i = 0; i < defs->nind; i++) {
		if (u->v[i].status != SS_OK) continue;
		for (int g = 0; g < defs->ngrp; g++)
			if (defs->grp[g].id == defs->ind[i].group_id) {
				u->group_pts[g] += u->v[i].points;
				u->group_max[g] += defs->ind[i].max_pts;
			}
		u->total += u->v[i].points;
		u->computable_max += defs->ind[i].max_pts;
	}
	for (int g = 0; g < defs->ngrp; g++) u->group_pts[g] = score_rules_round2(u->group_pts[g]);
	u->total = score_rules_round2(u->total);
	if (active && u->computable_max > 0) {
		u->scaled = score_rules_round2(u->total * 100.0 / u->computable_max);
		double mins[8], maxs[8];
		for (int b = 0; b < defs->nband; b++) { mins[b] = defs->band[b].min; maxs[b] = defs->band[b].max; }
		u->band = score_rules_band(u->scaled, mins, maxs, defs->nband);
	}
	u->rank = active ? -1 : 0;
}

static void figures(ctx *c, const score_defs *defs, const score_proc_row *procs, int np, arena *a, score_unit **out,
                    int *n)
{
	score_unit *us = arena_alloc(a, sizeof *us * (size_t)(c->nunits ? c->nunits : 1));
	for (int ui = 0; ui < c->nunits; ui++) unit_figures(c, ui, defs, procs, np, &us[ui]);
	/* Rank among peers (the same level), the units with data only. */
	for (int level = 0; level <= 2; level++) {
		double *sc = arena_alloc(a, sizeof(double) * (size_t)(c->nunits + 1));
		int *idx = arena_alloc(a, sizeof(int) * (size_t)(c->nunits + 1));
		int *rk = arena_alloc(a, sizeof(int) * (size_t)(c->nunits + 1));
		int k = 0;
		for (int ui = 0; ui < c->nunits; ui++)
			if (us[ui].level == level && us[ui].rank == -1) { sc[k] = us[ui].scaled; idx[k++] = ui; }
		score_rules_rank(sc, k, rk);
		for (int i = 0; i < k; i++) { us[idx[i]].rank = rk[i]; us[idx[i]].peers = k; }
	}
	qsort(us, (size_t)c->nunits, sizeof *us, cmp_units);
	*out = us;
	*n = c->nunits;
}

static int64_t period_end(int32_t to, int64_t now)
{
	int64_t end = cal_local(to + 1, 0);
	return end < now ? end : now;
}

/* The units, the procedures and the open dossiers' facts; the sums zeroed. */
static int load(db *d, arena *a, ctx *c, score_proc_row **procs, int *np, score_dossier_facts **open, int *no, err *e)
{
	if (scores_repo_units(d, a, &c->units, &c->nunits, e) || scores_repo_procedures(d, a, procs, np, e) ||
	    scores_repo_open(d, a, open, no, e))
		return MB_EINTERNAL;
	c->sums = arena_alloc(a, sizeof *c->sums * (size_t)(c->nunits ? c->nunits : 1));
	memset(c->sums, 0, sizeof *c->sums * (size_t)(c->nunits ? c->nunits : 1));
	return 0;
}

int scores_compute(db *d, const score_defs *defs, int32_t from, int32_t to, int64_t now, arena *a,
                   score_unit **out, int *n, err *e)
{
	ctx c = {0};
	score_proc_row *procs;
	score_dossier_facts *open;
	int np = 0, no = 0;
	if (load(d, a, &c, &procs, &np, &open, &no, e)) return MB_EINTERNAL;
	if (agg_sum_all(d, from, to, each_sum, &c, e)) return MB_EINTERNAL;
	add_open(&c, open, no, period_end(to, now));
	figures(&c, defs, procs, np, a, out, n);
	return 0;
}

int scores_compute_unit(db *d, const score_defs *defs, int64_t unit_id, const int32_t *from, const int32_t *to,
                        int nper, int64_t now, arena *a, score_unit *out, err *e)
{
	ctx c = {0};
	score_proc_row *procs;
	score_dossier_facts *open;
	int np = 0, no = 0;
	if (load(d, a, &c, &procs, &np, &open, &no, e)) return MB_EINTERNAL;
	int ui = unit_index(&c, unit_id);
	if (ui < 0) return err_set(e, MB_ENOTFOUND, "not_found", "unit", "Không có đơn vị này.", "no such unit");
	/* Only the open dossiers of the unit and the units below it count in its figures. */
	int nmine = 0;
	for (int i = 0; i < no; i++)
		if (is_below(&c, open[i].unit_id, unit_id)) open[nmine++] = open[i];
	for (int p = 0; p < nper; p++) {
		memset(c.sums, 0, sizeof *c.sums * (size_t)c.nunits);
		agg_total t[NM + 8];
		int nt = 0;
		if (agg_sum(d, unit_id, 0, from[p], to[p], t, NM + 8, &nt, e)) return MB_EINTERNAL;
		for (int k = 0; k < nt; k++) {
			int m = metric_index(t[k].metric);
			if (m >= 0) c.sums[ui].m[m] = t[k].n;
		}
		add_open(&c, open, nmine, period_end(to[p], now));
		unit_figures(&c, ui, defs, procs, np, &out[p]);
		out[p].rank = out[p].rank ? 1 : 0;
		out[p].peers = 0;
	}
	return 0;
}

/* Adds one contribution to its unit and the units above it, when its day is in the period. */
static void add_contribs(ctx *c, const agg_contrib *k, int nk, int32_t from, int32_t to)
{
	for (int i = 0; i < nk; i++) {
		if (k[i].day < from || k[i].day > to) continue;
		int m = metric_index(k[i].metric);
		int anc[16];
		int na = ancestors(c, k[i].unit_id, anc);
		for (int j = 0; j < na && m >= 0; j++) c->sums[anc[j]].m[m]++;
	}
}

int scores_recompute(db *d, const score_defs *defs, int32_t from, int32_t to, int64_t now, arena *a,
                     score_unit **out, int *n, err *e)
{
	ctx c = {0};
	score_proc_row *procs;
	score_dossier_facts *df;
	score_case_facts *cf;
	int np = 0, nd = 0, nc = 0;
	if (scores_repo_units(d, a, &c.units, &c.nunits, e) || scores_repo_procedures(d, a, &procs, &np, e) ||
	    scores_repo_raw_dossiers(d, a, &df, &nd, e) || scores_repo_raw_cases(d, a, &cf, &nc, e))
		return MB_EINTERNAL;
	c.sums = arena_alloc(a, sizeof *c.sums * (size_t)(c.nunits ? c.nunits : 1));
	memset(c.sums, 0, sizeof *c.sums * (size_t)(c.nunits ? c.nunits : 1));
	agg_contrib k[AGG_CONTRIB_MAX];
	int64_t at = period_end(to, now);
	for (int i = 0; i < nd; i++) {
		add_contribs(&c, k, score_rules_dossier_contrib(&df[i], k), from, to);
		if (!df[i].ended_at) add_open(&c, &df[i], 1, at);
	}
	for (int i = 0; i < nc; i++) add_contribs(&c, k, score_rules_case_contrib(&cf[i], k), from, to);
	figures(&c, defs, procs, np, a, out, n);
	return 0;
}

int scores_costs(db *d, int64_t unit_id, const char *list, int32_t from, int32_t to, const char *after, arena *a,
                 score_cost_item *out, int max, int *n, const char **next, err *e)
{
	const char *metric = !strcmp(list, "late") ? M_LATE : !strcmp(list, "complained") ? M_COMPLAINED : M_C_UNSAT;
	bool dossier = strcmp(list, "feedback") != 0;
	int32_t ad = 0;
	long long ai = 0;
	if (after && *after && sscanf(after, "%d.%lld", &ad, &ai) != 2) ad = 0, ai = 0;
	agg_item *items = arena_alloc(a, sizeof *items * (size_t)(max + 1));
	int got = 0;
	*n = 0;
	*next = NULL;
	if (agg_items_page(d, unit_id, metric, from, to, ad, ai, max + 1, items, &got, e)) return MB_EINTERNAL;
	for (int i = 0; i < got && i < max; i++) {
		out[*n].item = items[i].item;
		out[*n].day = items[i].day;
		out[*n].kind = list;
		out[*n].code = scores_repo_code(d, dossier, items[i].item, a);
		(*n)++;
	}
	if (got > max) *next = arena_printf(a, "%d.%lld", items[max - 1].day, (long long)items[max - 1].item);
	return 0;
}

int scores_home(db *d, int64_t now, arena *a, score_home *out, err *e)
{
	memset(out, 0, sizeof *out);
	int y, m, dd;
	int32_t today = cal_day_of(now);
	cal_ymd(today, &y, &m, &dd);
	int32_t from = cal_day_from_ymd(y, m, 1);
	int32_t to = (m == 12 ? cal_day_from_ymd(y + 1, 1, 1) : cal_day_from_ymd(y, m + 1, 1)) - 1;
	out->period = arena_printf(a, "%04d-%02d", y, m);
	score_defs defs;
	score_unit *us;
	int n = 0;
	if (scores_defs_load(d, to, a, &defs, e) || scores_compute(d, &defs, from, to, now, a, &us, &n, e)) return MB_EINTERNAL;
	for (int i = 0; i < n; i++) {
		if (us[i].level != 0) continue;
		int k;
		if ((k = scores_ind_index(&defs, "2.1")) >= 0 && us[i].v[k].status != SS_NO_INPUT) {
			out->on_time = us[i].v[k].num;
			out->on_time_of = us[i].v[k].den;
		}
		if ((k = scores_ind_index(&defs, "5.4")) >= 0 && us[i].v[k].status != SS_NO_INPUT) {
			out->satisfied = us[i].v[k].num;
			out->satisfied_of = us[i].v[k].den;
		}
		if ((k = scores_ind_index(&defs, "5.3")) >= 0 && us[i].v[k].status != SS_NO_INPUT) {
			out->fb_satisfied = us[i].v[k].num;
			out->fb_of = us[i].v[k].den;
		}
		break;
	}
	char month[32];
	clock_iso_utc(cal_local(from, 0), month, sizeof month);
	return scores_repo_apologies_month(d, month, &out->apologies, e);
}
