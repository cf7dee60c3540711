/* api.c — holidays JSON API: the public list; administrators put and delete days. */
#include <string.h>

#include "auth/auth.h"
#include "base/text.h"
#include "calendar/repo.h"
#include "calendar/web.h"

json_t *calendar_holiday_json(const holiday *h)
{
	int32_t day = 0;
	cal_parse_date(h->date, &day);
	return json_pack("{s:s, s:i, s:s, s:s, s:s, s:s, s:b, s:s?, s:s?}", "date", h->date, "weekday", cal_weekday(day),
	                 "kind", h->kind, "name_vi", h->name_vi, "name_en", h->name_en, "status", h->status,
	                 "needs_check", calendar_rules_needs_check(h->status), "updated_at", h->updated_at,
	                 "updated_by_role", h->updated_by_role);
}

int calendar_path_day(web_req *r, const char **out, err *e)
{
	const char *day = web_param(r, "day");
	if (cal_parse_date(day, NULL))
		return err_set(e, MB_EINVAL, "invalid_field", "date", "Ngày phải có dạng YYYY-MM-DD và là một ngày có thật.",
		               "the date must read YYYY-MM-DD and exist");
	*out = day;
	return 0;
}

static int api_list(web_req *r)
{
	err e = {0};
	const char *q = web_query(r, "year");
	int year = 0;
	if (q && (year = calendar_rules_parse_year(q)) < 0) {
		err_set(&e, MB_EINVAL, "invalid_field", "year", "Năm phải gồm 4 chữ số, từ 2000 đến 2100.",
		        "the year must have 4 digits, from 2000 to 2100");
		return web_error(r, &e);
	}
	holiday *rows;
	int n;
	if (calendar_repo_holidays(db_thread(), year, r->a, &rows, &n, &e)) return web_error(r, &e);
	json_t *arr = json_array();
	for (int i = 0; i < n; i++) json_array_append_new(arr, calendar_holiday_json(&rows[i]));
	r->cacheable = !r->actor;
	return web_json(r, 200, json_pack("{s:o, s:o}", "year", year ? json_integer(year) : json_null(), "holidays", arr));
}

static const char *const body_fields[] = {"kind", "name_vi", "name_en", "status"};

/* Reads {kind, name_vi, name_en, status} (all required, strings; "date" may
 * repeat the path's day) into h. */
static int read_body(web_req *r, json_t *j, holiday *h, err *e)
{
	const char *k;
	json_t *v;
	const char **dst[] = {&h->kind, &h->name_vi, &h->name_en, &h->status};
	json_object_foreach(j, k, v) {
		if (!strcmp(k, "date")) {
			if (!json_is_string(v) || strcmp(json_string_value(v), h->date))
				return err_set(e, MB_EINVAL, "invalid_field", "date", "Ngày trong nội dung khác ngày trong đường dẫn.",
				               "the date in the body differs from the one in the path");
			continue;
		}
		size_t f;
		for (f = 0; f < 4 && strcmp(k, body_fields[f]); f++) {}
		if (f == 4)
			return err_set(e, MB_EINVAL, "invalid_field", arena_strdup(r->a, k),
			               "Trường này không tồn tại hoặc không được sửa.", "unknown or read-only field");
		if (!json_is_string(v))
			return err_set(e, MB_EINVAL, "invalid_field", body_fields[f], "Giá trị phải là chuỗi ký tự.",
			               "the value must be a string");
		*dst[f] = text_trim(arena_strdup(r->a, json_string_value(v)));
	}
	for (size_t f = 0; f < 4; f++)
		if (!*dst[f])
			return err_set(e, MB_EINVAL, "invalid_field", body_fields[f], "Thiếu trường bắt buộc.",
			               "a required field is missing");
	return 0;
}

static int api_put(web_req *r)
{
	err e = {0};
	holiday h = {0};
	json_t *j = web_json_body(r, &e);
	if (!j) return web_error(r, &e);
	h.date = web_param(r, "day");
	int rc = calendar_path_day(r, &h.date, &e) || read_body(r, j, &h, &e);
	json_decref(j);
	if (rc) return web_error(r, &e);
	if (calendar_rules_validate(&h, &e)) return web_error(r, &e);
	db *d = db_thread();
	const auth_actor *a = r->actor;
	bool created, changed;
	if (db_begin(d, &e)) return web_error(r, &e);
	if (calendar_holiday_put(d, &a->ledger, &h, r->a, &created, &changed, &e)) {
		db_rollback(d);
		return web_error(r, &e);
	}
	if (db_commit(d, &e)) return web_error(r, &e);
	holiday now = h;
	if (calendar_repo_holiday_get(d, h.date, r->a, &now, &e) < 0) return web_error(r, &e);
	return web_json(r, created ? 201 : 200,
	                json_pack("{s:o, s:b}", "holiday", calendar_holiday_json(&now), "changed", changed));
}

static int api_delete(web_req *r)
{
	err e = {0};
	const char *day = NULL;
	if (calendar_path_day(r, &day, &e)) return web_error(r, &e);
	db *d = db_thread();
	const auth_actor *a = r->actor;
	holiday old;
	if (db_begin(d, &e)) return web_error(r, &e);
	if (calendar_holiday_remove(d, &a->ledger, day, r->a, &old, &e)) {
		db_rollback(d);
		return web_error(r, &e);
	}
	if (db_commit(d, &e)) return web_error(r, &e);
	return web_json(r, 200, json_pack("{s:o}", "removed", calendar_holiday_json(&old)));
}

static const web_route routes[] = {
	{"GET", "/api/v1/holidays", WEB_PUBLIC, api_list, 0},
	{"PUT", "/api/v1/holidays/{day}", AUTH_P_ADMIN, api_put, 4096},
	{"DELETE", "/api/v1/holidays/{day}", AUTH_P_ADMIN, api_delete, 4096},
};

void calendar_api_install(void)
{
	web_route_add(routes, sizeof routes / sizeof routes[0]);
}
