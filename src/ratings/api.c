/* api.c — the ratings' JSON API: rating a dossier with its code and secret,
 * the criteria set in force, and an official's figures (scoped). */
#include <string.h>

#include "base/clock.h"
#include "base/calendar.h"
#include "ratings/service.h"

static int bad(err *e, const char *field, const char *vi, const char *en)
{
	return err_set(e, MB_EINVAL, "invalid_field", field, vi, en);
}

static int input_from_json(web_req *r, json_t *j, rating_input *in, err *e)
{
	static const char *const known[] = {"code", "secret", "level", "like", "answers", "comment"};
	const char *k;
	json_t *v;
	json_object_foreach(j, k, v) {
		bool ok = false;
		for (size_t i = 0; i < sizeof known / sizeof known[0]; i++) ok |= !strcmp(k, known[i]);
		if (!ok) return bad(e, arena_strdup(r->a, k), "Trường này không tồn tại.", "unknown field");
	}
	memset(in, 0, sizeof *in);
	in->like = -1;
	in->channel = "api";
	static const char *const strs[] = {"code", "secret", "level", "comment"};
	for (size_t i = 0; i < 4; i++) {
		json_t *s = json_object_get(j, strs[i]);
		if (s && !json_is_string(s) && !json_is_null(s)) return bad(e, strs[i], "Giá trị phải là chuỗi.", "must be a string");
	}
	in->code = arena_strdup(r->a, json_string_value(json_object_get(j, "code")));
	in->secret = arena_strdup(r->a, json_string_value(json_object_get(j, "secret")));
	in->level = arena_strdup(r->a, json_string_value(json_object_get(j, "level")));
	in->comment = arena_strdup(r->a, json_string_value(json_object_get(j, "comment")));
	json_t *l = json_object_get(j, "like");
	if (l && !json_is_null(l)) {
		if (!json_is_boolean(l)) return bad(e, "like", "Giá trị phải là true hoặc false.", "must be true or false");
		in->like = json_is_true(l) ? 1 : 0;
	}
	json_t *as = json_object_get(j, "answers");
	if (as && !json_is_null(as)) {
		if (!json_is_object(as)) return bad(e, "answers", "Câu trả lời phải là một đối tượng {tiêu chí: trả lời}.",
		                                    "answers must be an object {criterion: answer}");
		json_object_foreach(as, k, v) {
			if (in->ncrit == RATING_ANSWERS_MAX) { in->too_many = true; break; }
			const char *val;
			if (json_is_string(v)) val = json_string_value(v);
			else if (json_is_integer(v)) val = arena_printf(r->a, "%lld", (long long)json_integer_value(v));
			else if (json_is_null(v)) val = NULL;
			else return bad(e, arena_printf(r->a, "answers.%s", k), "Câu trả lời phải là chuỗi hoặc số.",
			                "an answer must be a string or a number");
			in->crit[in->ncrit] = arena_strdup(r->a, k);
			in->answer[in->ncrit] = arena_strdup(r->a, val);
			in->ncrit++;
		}
	}
	return 0;
}

static int api_rate(web_req *r)
{
	err e = {0};
	json_t *j = web_json_body(r, &e);
	if (!j) return web_error(r, &e);
	rating_input in;
	int rc = input_from_json(r, j, &in, &e);
	json_decref(j);
	if (rc) return web_error(r, &e);
	rating_outcome out;
	if (ratings_submit(db_thread(), r->actor, r->client_addr, &in, r->a, &out, &e)) return web_error(r, &e);
	rating_answer *as;
	int n;
	if (ratings_repo_answers(db_thread(), out.row.id, r->a, &as, &n, &e)) return web_error(r, &e);
	json_t *offs = json_array();
	for (int i = 0; i < out.nofficials; i++) json_array_append_new(offs, json_string(out.officials[i]));
	json_t *body = json_pack("{s:s, s:o, s:o, s:b}", "code", out.dossier.code, "rating", ratings_row_json(&out.row, as, n),
	                         "officials", offs, "created", out.created);
	if (!out.row.liked) {
		/* The report flow, prefilled with the dossier. */
		json_object_set_new(body, "report", json_string(arena_printf(r->a, "/report?kind=feedback&dossier=%s&unit=%s",
		                                                              out.dossier.code,
		                                                              auth_unit_code(db_thread(), out.dossier.unit_id, r->a))));
	}
	return web_json(r, out.created ? 201 : 200, body);
}

static int api_criteria(web_req *r)
{
	err e = {0};
	db *d = db_thread();
	char date[16];
	const char *q = web_query(r, "date");
	int32_t day;
	if (q && cal_parse_date(q, &day)) {
		err_set(&e, MB_EINVAL, "invalid_field", "date", "Ngày phải có dạng YYYY-MM-DD.", "date must be YYYY-MM-DD");
		return web_error(r, &e);
	}
	cal_format_date(q ? day : cal_day_of(clock_now()), date, sizeof date);
	rating_criterion *cs;
	int n;
	const char *version = NULL;
	rating_rules_row rules;
	int rr = ratings_repo_rules_on(d, date, r->a, &rules, &e);
	if (rr < 0 || ratings_repo_criteria(d, date, NULL, r->a, &cs, &n, &version, &e)) return web_error(r, &e);
	if (!version || rr == 0) {
		err_set(&e, MB_ENOTFOUND, "not_found", "date", "Không có bộ tiêu chí có hiệu lực vào ngày này.",
		        "no criteria set is in force on that date");
		return web_error(r, &e);
	}
	json_t *arr = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(arr, json_pack("{s:s, s:s, s:s, s:s}", "id", cs[i].id, "answer_type",
		                                     rating_answer_type_name(cs[i].type), "text_vi", cs[i].text_vi, "text_en",
		                                     cs[i].text_en));
	json_t *levels = json_array();
	for (int l = 0; l < RL__MAX; l++)
		json_array_append_new(levels, json_pack("{s:s, s:s, s:b}", "id", rating_level_name((rating_level)l), "label_vi",
		                                        rating_level_label_vi((rating_level)l), "like",
		                                        rating_level_liked((rating_level)l)));
	return web_json(r, 200, json_pack("{s:s, s:s, s:s, s:i, s:i, s:o, s:o}", "date", date, "set_version", version,
	                                  "rules_version", rules.version, "change_days", rules.change_days, "comment_max",
	                                  rules.comment_max, "levels", levels, "criteria", arr));
}

static int api_official(web_req *r)
{
	err e = {0};
	official_report o;
	db *d = db_thread();
	if (ratings_official(d, r->actor, web_param(r, "login"), web_query(r, "from"), web_query(r, "to"), r->a, &o, &e))
		return web_error(r, &e);
	r->personal = true;
	return web_json(r, 200, ratings_official_json(d, &o, r->a));
}

static const web_route routes[] = {
	{"POST", "/api/v1/ratings", WEB_PUBLIC, api_rate, 16u * 1024},
	{"GET", "/api/v1/rating-criteria", WEB_PUBLIC, api_criteria, 0},
	{"GET", "/api/v1/officials/{login}/ratings", AUTH_P_SIGNED_IN, api_official, 0},
};

void ratings_api_install(void)
{
	web_route_add(routes, sizeof routes / sizeof routes[0]);
}
