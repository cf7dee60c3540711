/* api.c — early warning's JSON API: the signals an actor may read, one signal,
 * an inspector's actions and the on-demand run. Never public. */
#include <string.h>

#include "warn/internal.h"

static int api_list(web_req *r)
{
	err e = {0};
	int64_t before;
	if (warn_parse_before(web_query(r, "before"), &before, &e)) return web_error(r, &e);
	warn_signal_row *rows;
	int n;
	if (warn_list_for(db_thread(), r->actor, web_query(r, "state"), before, 101, r->a, &rows, &n, &e)) return web_error(r, &e);
	r->personal = true;
	json_t *arr = json_array();
	for (int i = 0; i < n && i < 100; i++) json_array_append_new(arr, warn_signal_json(&rows[i]));
	json_t *o = json_pack("{s:o}", "signals", arr);
	json_object_set_new(o, "next", n > 100 ? json_integer((json_int_t)rows[99].id) : json_null());
	return web_json(r, 200, o);
}

static int api_get(web_req *r)
{
	err e = {0};
	int64_t id;
	if (warn_parse_id(web_param(r, "id"), &id, &e)) return web_error(r, &e);
	warn_signal_row s;
	if (warn_get_for(db_thread(), r->actor, id, r->a, &s, &e)) return web_error(r, &e);
	r->personal = true;
	return web_json(r, 200, warn_signal_json(&s));
}

static int api_act(web_req *r, warn_action a)
{
	err e = {0};
	int64_t id;
	if (warn_parse_id(web_param(r, "id"), &id, &e)) return web_error(r, &e);
	const char *reason = NULL;
	if (a != WA_REVIEW) {
		json_t *j = web_json_body(r, &e);
		if (!j) return web_error(r, &e);
		json_t *v = json_object_get(j, "reason");
		if (v && !json_is_string(v)) {
			json_decref(j);
			err_set(&e, MB_EINVAL, "invalid_field", "reason", "Lý do phải là chuỗi.", "reason must be a string");
			return web_error(r, &e);
		}
		reason = arena_strdup(r->a, json_string_value(v));
		json_decref(j);
	}
	db *d = db_thread();
	if (warn_act(d, r->actor, id, a, reason, r->a, &e)) return web_error(r, &e);
	warn_signal_row s;
	if (warn_get_for(d, r->actor, id, r->a, &s, &e)) return web_error(r, &e);
	return web_json(r, 200, warn_signal_json(&s));
}

static int api_review(web_req *r) { return api_act(r, WA_REVIEW); }
static int api_dismiss(web_req *r) { return api_act(r, WA_DISMISS); }
static int api_inspection(web_req *r) { return api_act(r, WA_INSPECTION); }

static int api_run(web_req *r)
{
	err e = {0};
	warn_run_summary s;
	if (warn_run(db_thread(), "button", r->actor, &s, &e)) return web_error(r, &e);
	return web_json(r, 200, json_pack("{s:I, s:s, s:i, s:i, s:i, s:i, s:I}", "run", (json_int_t)s.run_id, "rules_version",
	                                  s.rules_version, "officials", s.officials, "units", s.units, "flagged", s.flagged,
	                                  "opened", s.opened, "rows_read", (json_int_t)s.rows_read));
}

static const web_route routes[] = {
	{"GET", "/api/v1/warnings", AUTH_P_SIGNED_IN, api_list, 0},
	{"POST", "/api/v1/warnings/run", AUTH_P_SIGNED_IN, api_run, 0},
	{"GET", "/api/v1/warnings/{id}", AUTH_P_SIGNED_IN, api_get, 0},
	{"POST", "/api/v1/warnings/{id}/review", AUTH_P_SIGNED_IN, api_review, 0},
	{"POST", "/api/v1/warnings/{id}/dismiss", AUTH_P_SIGNED_IN, api_dismiss, 4096},
	{"POST", "/api/v1/warnings/{id}/inspection", AUTH_P_SIGNED_IN, api_inspection, 4096},
};

void warn_api_install(void)
{
	web_route_add(routes, sizeof routes / sizeof routes[0]);
}
