/* downloads.c — every table of the scoreboard as CSV, JSON and XLSX through
 * src/docs/: the units ranked (/scores.csv|json|xlsx) and one unit's
 * indicators (/scores/units/{code}/indicators.csv|json|xlsx), for a period. */
#include <math.h>
#include <string.h>

#include "base/clock.h"
#include "docs/docs.h"
#include "scores/web.h"

static const docs_column board_cols[] = {
	{"level", "Cấp", "Level", DOCS_INTEGER, 0},
	{"rank", "Hạng", "Rank", DOCS_INTEGER, 0},
	{"peers", "Số đơn vị cùng cấp", "Units of the level", DOCS_INTEGER, 0},
	{"unit", "Mã đơn vị", "Unit code", DOCS_TEXT, 0},
	{"name", "Đơn vị", "Unit", DOCS_TEXT, 0},
	{"total", "Tổng điểm", "Total", DOCS_DECIMAL, 2},
	{"computable_max", "Điểm tối đa tính được", "Computable maximum", DOCS_DECIMAL, 0},
	{"scaled", "Quy về thang 100", "Out of 100", DOCS_DECIMAL, 2},
	{"band", "Xếp loại", "Grade", DOCS_TEXT, 0},
	{"group_1", "Nhóm 1", "Group 1", DOCS_DECIMAL, 2},
	{"group_2", "Nhóm 2", "Group 2", DOCS_DECIMAL, 2},
	{"group_3", "Nhóm 3", "Group 3", DOCS_DECIMAL, 2},
	{"group_4", "Nhóm 4", "Group 4", DOCS_DECIMAL, 2},
	{"group_5", "Nhóm 5", "Group 5", DOCS_DECIMAL, 2},
	{"group_6", "Nhóm 6", "Group 6", DOCS_DECIMAL, 2},
};

static bool en(web_req *r) { return !strcmp(r->lang, "en"); }


static int download_board(web_req *r)
{
	if (web_page_cached(r, "scores units procedures", "period")) return 0;
	r->cacheable = r->actor == NULL;
	err e = {0};
	const char *name;
	int32_t from, to;
	score_defs defs;
	score_unit *us;
	int n = 0;
	if (scores_req_load(r, &name, &from, &to, &defs, &us, &n, &e)) return web_error(r, &e);
	docs_table t;
	docs_table_init(&t, r->a, "scores", "Chỉ số phục vụ người dân, doanh nghiệp (Quyết định 766)",
	                "Service index for citizens and businesses (Decision 766)", board_cols,
	                (int)(sizeof board_cols / sizeof board_cols[0]));
	for (int i = 0; i < n; i++) {
		const score_unit *u = &us[i];
		docs_row(&t);
		docs_int(&t, u->level);
		if (u->rank > 0) { docs_int(&t, u->rank); docs_int(&t, u->peers); }
		else { docs_missing(&t); docs_missing(&t); }
		docs_text(&t, u->code);
		docs_text(&t, en(r) ? u->name_en : u->name_vi);
		docs_num(&t, u->total);
		docs_num(&t, u->computable_max);
		docs_num(&t, u->rank > 0 ? u->scaled : NAN);
		docs_text(&t, u->rank > 0 && u->band >= 0 ? (en(r) ? defs.band[u->band].name_en : defs.band[u->band].name_vi) : NULL);
		for (int g = 0; g < 6; g++) docs_num(&t, g < defs.ngrp && u->group_max[g] > 0 ? u->group_pts[g] : NAN);
	}
	return docs_serve(r, &t, json_pack("{s:o}", "period", scores_period_json(name, from, to)));
}

static const docs_column ind_cols[] = {
	{"indicator", "Chỉ số", "Indicator", DOCS_TEXT, 0},
	{"name", "Tên", "Name", DOCS_TEXT, 0},
	{"group", "Nhóm", "Group", DOCS_INTEGER, 0},
	{"status", "Trạng thái", "Status", DOCS_TEXT, 0},
	{"numerator", "Tử số", "Numerator", DOCS_INTEGER, 0},
	{"denominator", "Mẫu số", "Denominator", DOCS_INTEGER, 0},
	{"ratio", "Tỷ lệ", "Ratio", DOCS_PERCENT, 2},
	{"target", "Chỉ tiêu", "Target", DOCS_PERCENT, 0},
	{"points", "Điểm", "Points", DOCS_DECIMAL, 2},
	{"max", "Điểm tối đa", "Maximum", DOCS_DECIMAL, 0},
};

static int download_indicators(web_req *r)
{
	if (web_page_cached(r, "scores units procedures", "period")) return 0;
	r->cacheable = r->actor == NULL;
	err e = {0};
	const char *name;
	int32_t from, to;
	score_defs defs;
	score_unit *us;
	int n = 0;
	if (scores_req_load(r, &name, &from, &to, &defs, &us, &n, &e)) return web_error(r, &e);
	const score_unit *u = scores_find_unit(us, n, web_param(r, "code"));
	if (!u) return web_error(r, &(err){MB_ENOTFOUND, "not_found", "code", "Không có đơn vị này.", "no such unit"});
	docs_table t;
	docs_table_init(&t, r->a, arena_printf(r->a, "scores-%s", u->code), arena_printf(r->a, "Chỉ số 766 — %s", u->name_vi),
	                arena_printf(r->a, "Decision 766 indicators — %s", u->name_en), ind_cols,
	                (int)(sizeof ind_cols / sizeof ind_cols[0]));
	for (int i = 0; i < defs.nind; i++) {
		const score_value *v = &u->v[i];
		docs_row(&t);
		docs_text(&t, defs.ind[i].code);
		docs_text(&t, en(r) ? defs.ind[i].name_en : defs.ind[i].name_vi);
		docs_int(&t, defs.ind[i].group_id);
		docs_text(&t, v->status == SS_OK ? "ok" : v->status == SS_NO_INPUT ? "no_input" : "no_data");
		if (v->status == SS_NO_INPUT) { docs_missing(&t); docs_missing(&t); }
		else { docs_int(&t, v->num); docs_int(&t, v->den); }
		docs_num(&t, v->status == SS_OK ? v->ratio : NAN);
		docs_num(&t, defs.ind[i].target_pct > 0 ? defs.ind[i].target_pct / 100.0 : NAN);
		docs_num(&t, v->status == SS_OK ? v->points : NAN);
		docs_num(&t, defs.ind[i].max_pts);
	}
	return docs_serve(r, &t, json_pack("{s:o, s:s}", "period", scores_period_json(name, from, to), "unit", u->code));
}

static const web_route routes[] = {
	{"GET", "/scores.csv", WEB_PUBLIC, download_board, 0},
	{"GET", "/scores.json", WEB_PUBLIC, download_board, 0},
	{"GET", "/scores.xlsx", WEB_PUBLIC, download_board, 0},
	{"GET", "/scores/units/{code}/indicators.csv", WEB_PUBLIC, download_indicators, 0},
	{"GET", "/scores/units/{code}/indicators.json", WEB_PUBLIC, download_indicators, 0},
	{"GET", "/scores/units/{code}/indicators.xlsx", WEB_PUBLIC, download_indicators, 0},
};

void scores_downloads_install(void)
{
	web_route_add(routes, sizeof routes / sizeof routes[0]);
}
