/* scores.c — registration, the JSON shape shared by the API and the CLI,
 * and `minhbach scores`. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/calendar.h"
#include "base/clock.h"
#include "scores/web.h"

static const char *status_name(score_status s)
{
	return s == SS_OK ? "ok" : s == SS_NO_INPUT ? "no_input" : "no_data";
}

json_t *scores_unit_json(const score_defs *defs, const score_unit *u)
{
	json_t *inds = json_array(), *groups = json_array();
	for (int i = 0; i < defs->nind; i++) {
		const score_value *v = &u->v[i];
		json_t *o = json_pack("{s:s, s:i, s:s, s:f}", "code", defs->ind[i].code, "group", defs->ind[i].group_id,
		                      "status", status_name(v->status), "max", defs->ind[i].max_pts);
		json_object_set_new(o, "target_pct", defs->ind[i].target_pct > 0 ? json_real(defs->ind[i].target_pct) : json_null());
		if (v->status != SS_NO_INPUT) {
			json_object_set_new(o, "numerator", json_integer(v->num));
			json_object_set_new(o, "denominator", json_integer(v->den));
		}
		if (v->status == SS_OK) {
			json_object_set_new(o, "ratio", json_real((double)llround(v->ratio * 1000000.0) / 1000000.0));
			json_object_set_new(o, "points", json_real(v->points));
		}
		if (v->partial) json_object_set_new(o, "partial", json_true());
		json_array_append_new(inds, o);
	}
	for (int g = 0; g < defs->ngrp; g++)
		json_array_append_new(groups, json_pack("{s:i, s:f, s:f, s:f}", "id", defs->grp[g].id, "points", u->group_pts[g],
		                                        "computable_max", u->group_max[g], "max", defs->grp[g].max_pts));
	json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:f, s:f, s:o, s:o}", "code", u->code, "name_vi", u->name_vi,
	                      "name_en", u->name_en, "kind", u->kind, "total", u->total, "computable_max", u->computable_max,
	                      "groups", groups, "indicators", inds);
	if (u->rank > 0) {
		json_object_set_new(o, "scaled", json_real(u->scaled));
		json_object_set_new(o, "rank", json_integer(u->rank));
		json_object_set_new(o, "peers", json_integer(u->peers));
		json_object_set_new(o, "band", u->band >= 0 ? json_string(defs->band[u->band].name_vi) : json_null());
		json_object_set_new(o, "band_en", u->band >= 0 ? json_string(defs->band[u->band].name_en) : json_null());
	} else {
		json_object_set_new(o, "scaled", json_null());
		json_object_set_new(o, "rank", json_null());
		json_object_set_new(o, "band", json_null());
	}
	return o;
}

json_t *scores_period_json(const char *name, int32_t from, int32_t to)
{
	char f[16], t[16];
	cal_format_date(from, f, sizeof f);
	cal_format_date(to, t, sizeof t);
	return json_pack("{s:s, s:s, s:s}", "name", name, "from", f, "to", t);
}

const char *scores_default_period(arena *a, int64_t now)
{
	int y, m, d;
	cal_ymd(cal_day_of(now), &y, &m, &d);
	return arena_printf(a, "%04d", y);
}

int scores_cli(const char *dbpath, const char *unit, const char *period, bool as_json)
{
	int32_t from, to;
	if (!unit || !period || score_rules_period(period, &from, &to)) {
		fputs("usage: minhbach scores --db PATH --unit CODE --period 2026-11|2026-Q4|2026|2026-01-01..2026-03-31 [--json]\n",
		      stderr);
		return 2;
	}
	db *d;
	err e = {0};
	if (db_open(&d, dbpath, &e)) { fprintf(stderr, "minhbach: %s: %s\n", dbpath, e.en); return 2; }
	arena a;
	arena_init(&a);
	score_defs defs;
	score_unit *us;
	int n = 0, rc = 1;
	if (scores_defs_load(d, to, &a, &defs, &e) || scores_recompute(d, &defs, from, to, clock_now(), &a, &us, &n, &e)) {
		fprintf(stderr, "minhbach: scores: %s\n", e.en ? e.en : "?");
		goto out;
	}
	for (int i = 0; i < n; i++) {
		if (strcmp(us[i].code, unit)) continue;
		const score_unit *u = &us[i];
		if (as_json) {
			json_t *o = json_pack("{s:o, s:o}", "period", scores_period_json(period, from, to), "unit", scores_unit_json(&defs, u));
			char *s = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
			puts(s);
			free(s);
			json_decref(o);
		} else {
			printf("%s (%s) %s\n", u->name_vi, u->code, period);
			for (int k = 0; k < defs.nind; k++) {
				const score_value *v = &u->v[k];
				if (v->status == SS_NO_INPUT) printf("  %-5s %-60.60s  no data (input not held)\n", defs.ind[k].code, defs.ind[k].name_en);
				else if (v->status == SS_NO_DATA) printf("  %-5s %-60.60s  %lld/%lld  no data\n", defs.ind[k].code, defs.ind[k].name_en,
				                                         (long long)v->num, (long long)v->den);
				else printf("  %-5s %-60.60s  %lld/%lld = %.2f%%  %.2f of %.0f points\n", defs.ind[k].code, defs.ind[k].name_en,
				            (long long)v->num, (long long)v->den, v->ratio * 100, v->points, defs.ind[k].max_pts);
			}
			printf("  total %.2f of %.2f computable points (of 100)", u->total, u->computable_max);
			if (u->rank > 0)
				printf("; scaled %.2f, %s, rank %d of %d\n", u->scaled, u->band >= 0 ? defs.band[u->band].name_en : "-", u->rank, u->peers);
			else
				printf("; not ranked (no dossier or feedback data)\n");
		}
		rc = 0;
	}
	if (rc) fprintf(stderr, "minhbach: scores: no unit %s\n", unit);
out:
	arena_free(&a);
	db_close(d);
	return rc;
}

void scores_install(void)
{
	scores_api_install();
	scores_downloads_install();   /* before the pages: /scores/units/{code}/indicators.csv */
	scores_pages_install();
}
