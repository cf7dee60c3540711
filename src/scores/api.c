/* api.c — GET /api/v1/scores (every unit, or ?unit=CODE) and
 * GET /api/v1/scores/units/{code}/costs (what cost a unit points). */
#include <string.h>

#include "auth/auth.h"
#include "base/calendar.h"
#include "base/clock.h"
#include "scores/web.h"

int scores_req_period(web_req *r, const char **name, int32_t *from, int32_t *to, err *e)
{
	const char *p = web_query(r, "period");
	*name = p && *p ? p : scores_default_period(r->a, clock_now());
	if (score_rules_period(*name, from, to) || *to - *from > 366 * 10)
		return err_set(e, MB_EINVAL, "invalid_field", "period",
		               "Kỳ không hợp lệ: dùng 2026-11 (tháng), 2026-Q4 (quý), 2026 (năm) hoặc 2026-01-01..2026-03-31 (tối đa 10 năm).",
		               "invalid period: use 2026-11 (month), 2026-Q4 (quarter), 2026 (year) or 2026-01-01..2026-03-31 (at most 10 years)");
	return 0;
}

int scores_req_load(web_req *r, const char **name, int32_t *from, int32_t *to, score_defs *defs, score_unit **us,
                    int *n, err *e)
{
	db *d = db_thread();
	if (scores_req_period(r, name, from, to, e)) return e->status;
	if (scores_defs_load(d, *to, r->a, defs, e) || scores_compute(d, defs, *from, *to, clock_now(), r->a, us, n, e))
		return e->status ? e->status : MB_EINTERNAL;
	return 0;
}

const score_unit *scores_find_unit(const score_unit *us, int n, const char *code)
{
	for (int i = 0; code && i < n; i++)
		if (!strcmp(us[i].code, code)) return &us[i];
	return NULL;
}

static int api_scores(web_req *r)
{
	if (web_page_cached(r, "scores units procedures", "period unit")) return 0;
	r->cacheable = r->actor == NULL;
	err e = {0};
	const char *name;
	int32_t from, to;
	if (scores_req_period(r, &name, &from, &to, &e)) return web_error(r, &e);
	const char *unit = web_query(r, "unit");
	score_defs defs;
	score_unit *us;
	int n = 0;
	db *d = db_thread();
	if (scores_defs_load(d, to, r->a, &defs, &e) || scores_compute(d, &defs, from, to, clock_now(), r->a, &us, &n, &e))
		return web_error(r, &e);
	json_t *units = json_array();
	bool found = false;
	for (int i = 0; i < n; i++) {
		if (unit && *unit && strcmp(us[i].code, unit)) continue;
		found = true;
		json_array_append_new(units, scores_unit_json(&defs, &us[i]));
	}
	if (unit && *unit && !found) {
		json_decref(units);
		err_set(&e, MB_ENOTFOUND, "not_found", "unit", "Không có đơn vị này.", "no such unit");
		return web_error(r, &e);
	}
	return web_json(r, 200, json_pack("{s:o, s:o}", "period", scores_period_json(name, from, to), "units", units));
}

static int api_costs(web_req *r)
{
	if (web_page_cached(r, "scores units", "period list after")) return 0;
	r->cacheable = r->actor == NULL;
	err e = {0};
	const char *name;
	int32_t from, to;
	if (scores_req_period(r, &name, &from, &to, &e)) return web_error(r, &e);
	const char *list = web_query(r, "list");
	if (!list || !*list) list = "late";
	if (strcmp(list, "late") && strcmp(list, "complained") && strcmp(list, "feedback")) {
		err_set(&e, MB_EINVAL, "invalid_field", "list", "Danh sách phải là late, complained hoặc feedback.",
		        "list must be late, complained or feedback");
		return web_error(r, &e);
	}
	db *d = db_thread();
	int64_t unit_id = 0;
	int rc = auth_unit_id(d, web_param(r, "code"), &unit_id, &e);
	if (rc < 0) return web_error(r, &e);
	if (rc == 0) {
		err_set(&e, MB_ENOTFOUND, "not_found", "code", "Không có đơn vị này.", "no such unit");
		return web_error(r, &e);
	}
	score_cost_item items[50];
	int n = 0;
	const char *next = NULL;
	if (scores_costs(d, unit_id, list, from, to, web_query(r, "after"), r->a, items, 50, &n, &next, &e))
		return web_error(r, &e);
	json_t *arr = json_array();
	for (int i = 0; i < n; i++) {
		char day[16];
		cal_format_date(items[i].day, day, sizeof day);
		json_array_append_new(arr, json_pack("{s:s, s:s}", "code", items[i].code, "day", day));
	}
	return web_json(r, 200, json_pack("{s:o, s:s, s:o, s:o}", "period", scores_period_json(name, from, to), "list", list,
	                                  "items", arr, "next", next ? json_string(next) : json_null()));
}

static const web_route routes[] = {
	{"GET", "/api/v1/scores", WEB_PUBLIC, api_scores, 0},
	{"GET", "/api/v1/scores/units/{code}/costs", WEB_PUBLIC, api_costs, 0},
};

void scores_api_install(void)
{
	web_route_add(routes, sizeof routes / sizeof routes[0]);
}
