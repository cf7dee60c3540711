/* web.c — the discipline JSON API: open a case, record a step, read one. */
#include <string.h>

#include "discipline/repo.h"
#include "officials/officials.h"
#include "web/html.h"



static const char *jstr(web_req *r, json_t *j, const char *k)
{
	json_t *v = json_object_get(j, k);
	return v && json_is_string(v) ? arena_strdup(r->a, json_string_value(v)) : NULL;
}

static int check_fields(web_req *r, json_t *j, const char *const *known, size_t nk, err *e)
{
	const char *k;
	json_t *v;
	json_object_foreach(j, k, v) {
		bool ok = false;
		for (size_t i = 0; i < nk; i++) ok |= !strcmp(k, known[i]);
		if (!ok) return err_set(e, MB_EINVAL, "invalid_field", arena_strdup(r->a, k), "Trường này không tồn tại.", "unknown field");
		if (strcmp(k, "complex") && strcmp(k, "source_id") && !json_is_string(v))
			return err_set(e, MB_EINVAL, "invalid_field", arena_strdup(r->a, k), "Giá trị phải là chuỗi ký tự.",
			               "the value must be a string");
	}
	return 0;
}

static const char *warning_name(discipline_warning w) { return w == DW_PAST ? "past" : w == DW_SOON ? "soon" : "none"; }

static json_t *row_json(const discipline_row *x)
{
	json_t *j = json_pack("{s:s, s:s, s:s, s:s, s:b, s:s, s:I, s:s, s:s, s:s, s:b, s:s, s:s}", "code", x->code, "official",
	                      x->login, "unit", x->unit_code, "regime", x->regime, "leader", x->leader, "source_type",
	                      x->source_type, "source_id", (json_int_t)x->source_id, "source_ref", x->source_ref,
	                      "violation_date", x->violation_date, "discovered_date", x->discovered_date, "complex", x->complex,
	                      "summary", x->summary, "step", x->step);
	json_object_set_new(j, "review_date", *x->review_date ? json_string(x->review_date) : json_null());
	json_object_set_new(j, "council_date", *x->council_date ? json_string(x->council_date) : json_null());
	json_object_set_new(j, "decision_date", *x->decision_date ? json_string(x->decision_date) : json_null());
	json_object_set_new(j, "form", *x->form ? json_string(x->form) : json_null());
	json_object_set_new(j, "decision_ref", *x->decision_ref ? json_string(x->decision_ref) : json_null());
	json_object_set_new(j, "deciding_body", *x->deciding_body ? json_string(x->deciding_body) : json_null());
	json_object_set_new(j, "handling_due", x->handling_due ? json_string(x->handling_due) : json_null());
	json_object_set_new(j, "warning", json_string(warning_name(x->warning)));
	json_object_set_new(j, "duty", x->duty_id ? json_integer(x->duty_id) : json_null());
	/* Art. 5(6): the periods not counted in the limitation clock, and their days so far (each once). */
	json_t *ex = json_array();
	for (int i = 0; i < x->nexclusions; i++) {
		const discipline_exclusion *p = &x->exclusions[i];
		json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:s, s:s}", "id", (json_int_t)p->id, "kind", p->kind, "name_vi", p->name_vi,
		                      "start_date", p->start_date, "reason", p->reason, "recorded_by", p->recorded_by);
		json_object_set_new(o, "end_date", *p->end_date ? json_string(p->end_date) : json_null());
		json_array_append_new(ex, o);
	}
	json_object_set_new(j, "exclusions", ex);
	/* Art. 5(4): the ground on which no limitation period applies, if any. */
	json_object_set_new(j, "no_limitation", *x->no_limitation ? json_string(x->no_limitation) : json_null());
	json_object_set_new(j, "excluded_days", json_integer(x->excluded_days));
	return j;
}

static int answer(web_req *r, const char *code, int status)
{
	err e = {0};
	discipline_row x;
	if (discipline_get(db_thread(), r->actor, code, r->a, &x, &e) != 1) return web_error(r, &e);
	r->personal = true;
	return web_json(r, status, row_json(&x));
}

static int api_open(web_req *r)
{
	static const char *const known[] = {"official", "regime", "source_type", "source", "source_id", "violation_date",
	                                    "discovered_date", "complex", "summary", "no_limitation"};
	err e = {0};
	json_t *j = web_json_body(r, &e);
	if (!j) return web_error(r, &e);
	discipline_new in;
	memset(&in, 0, sizeof in);
	int rc = check_fields(r, j, known, sizeof known / sizeof known[0], &e);
	if (!rc) {
		in.official = jstr(r, j, "official");
		in.regime = jstr(r, j, "regime");
		in.source_type = jstr(r, j, "source_type");
		in.source_ref = jstr(r, j, "source");
		in.violation_date = jstr(r, j, "violation_date");
		in.discovered_date = jstr(r, j, "discovered_date");
		in.summary = jstr(r, j, "summary");
		in.no_limitation = jstr(r, j, "no_limitation");
		json_t *c = json_object_get(j, "complex"), *sid = json_object_get(j, "source_id");
		if (c && !json_is_boolean(c))
			rc = err_set(&e, MB_EINVAL, "invalid_field", "complex", "Giá trị phải là true hoặc false.", "must be true or false");
		in.complex = c && json_is_true(c);
		if (sid && !json_is_integer(sid))
			rc = err_set(&e, MB_EINVAL, "invalid_field", "source_id", "Giá trị phải là số.", "must be a number");
		in.source_id = sid && json_is_integer(sid) ? (int64_t)json_integer_value(sid) : 0;
	}
	json_decref(j);
	const char *code = NULL;
	if (rc || discipline_open(db_thread(), r->actor, &in, r->a, &code, &e)) return web_error(r, &e);
	return answer(r, code, 201);
}

static int api_step(web_req *r)
{
	static const char *const known[] = {"step", "date", "note", "form", "decision_ref", "deciding_body"};
	err e = {0};
	json_t *j = web_json_body(r, &e);
	if (!j) return web_error(r, &e);
	discipline_step_in in;
	memset(&in, 0, sizeof in);
	int rc = check_fields(r, j, known, sizeof known / sizeof known[0], &e);
	in.step = jstr(r, j, "step");
	in.date = jstr(r, j, "date");
	in.note = jstr(r, j, "note");
	in.form = jstr(r, j, "form");
	in.decision_ref = jstr(r, j, "decision_ref");
	in.deciding_body = jstr(r, j, "deciding_body");
	json_decref(j);
	const char *code = web_param(r, "code");
	if (rc || discipline_record_step(db_thread(), r->actor, code, &in, r->a, &e)) return web_error(r, &e);
	return answer(r, code, 200);
}

static int api_get(web_req *r)
{
	err e = {0};
	discipline_row x;
	int rc = discipline_get(db_thread(), r->actor, web_param(r, "code"), r->a, &x, &e);
	if (rc < 0) return web_error(r, &e);
	if (rc == 0) {
		err_set(&e, MB_ENOTFOUND, "not_found", NULL, "Không có vụ việc kỷ luật này.", "no such discipline case");
		return web_error(r, &e);
	}
	r->personal = true;
	return web_json(r, 200, row_json(&x));
}

/* A JSON member that must be a string, or null / absent when null_ok. */
static int str_or_null(web_req *r, json_t *j, const char *k, bool null_ok, const char **out, err *e)
{
	json_t *v = json_object_get(j, k);
	*out = NULL;
	if (!v || (null_ok && json_is_null(v))) return 0;
	if (!json_is_string(v))
		return err_set(e, MB_EINVAL, "invalid_field", k, "Giá trị phải là chuỗi ký tự.", "the value must be a string");
	*out = arena_strdup(r->a, json_string_value(v));
	return 0;
}

static int api_exclude(web_req *r)
{
	static const char *const known[] = {"kind", "start_date", "end_date", "reason"};
	err e = {0};
	json_t *j = web_json_body(r, &e);
	if (!j) return web_error(r, &e);
	discipline_exclusion_in in = {0};
	const char *k;
	json_t *v;
	int rc = 0;
	json_object_foreach(j, k, v) {
		bool ok = false;
		for (size_t i = 0; i < sizeof known / sizeof known[0]; i++) ok |= !strcmp(k, known[i]);
		if (!ok && !rc) rc = err_set(&e, MB_EINVAL, "invalid_field", arena_strdup(r->a, k), "Trường này không tồn tại.", "unknown field");
	}
	if (!rc) rc = str_or_null(r, j, "kind", false, &in.kind, &e);
	if (!rc) rc = str_or_null(r, j, "start_date", false, &in.start_date, &e);
	if (!rc) rc = str_or_null(r, j, "end_date", true, &in.end_date, &e);
	if (!rc) rc = str_or_null(r, j, "reason", false, &in.reason, &e);
	json_decref(j);
	const char *code = web_param(r, "code");
	int64_t id;
	if (rc || discipline_exclude(db_thread(), r->actor, code, &in, r->a, &id, &e)) return web_error(r, &e);
	return answer(r, code, 201);
}

static int api_exclusion_end(web_req *r)
{
	err e = {0};
	json_t *j = web_json_body(r, &e);
	if (!j) return web_error(r, &e);
	const char *end = NULL, *k;
	json_t *v;
	int rc = 0;
	json_object_foreach(j, k, v)
		if (strcmp(k, "end_date") && !rc)
			rc = err_set(&e, MB_EINVAL, "invalid_field", arena_strdup(r->a, k), "Trường này không tồn tại.", "unknown field");
	if (!rc) rc = str_or_null(r, j, "end_date", false, &end, &e);
	json_decref(j);
	const char *code = web_param(r, "code");
	int64_t id;
	if (!rc) rc = discipline_parse_exclusion_id(web_param(r, "id"), &id, &e);
	if (rc || discipline_exclusion_end(db_thread(), r->actor, code, id, end, r->a, &e)) return web_error(r, &e);
	return answer(r, code, 200);
}

static const web_route routes[] = {
	{"POST", "/api/v1/discipline", AUTH_P_SIGNED_IN, api_open, 0},
	{"GET", "/api/v1/discipline/{code}", AUTH_P_SIGNED_IN, api_get, 0},
	{"POST", "/api/v1/discipline/{code}/steps", AUTH_P_SIGNED_IN, api_step, 0},
	{"POST", "/api/v1/discipline/{code}/exclusions", AUTH_P_SIGNED_IN, api_exclude, 0},
	{"POST", "/api/v1/discipline/{code}/exclusions/{id}/end", AUTH_P_SIGNED_IN, api_exclusion_end, 0},
};

/* The official's record (/officials/{login}) shows their discipline cases and decisions. */
static int record_html(web_req *r, db *d, const auth_actor *official, err *e)
{
	int rc = discipline_official_section(r, d, official->id, e);
	const auth_actor *a = r->actor;
	/* Those who may handle discipline are offered to open a case (the command checks the scope). */
	if (!rc && a && a->id != official->id &&
	    (a->role == ROLE_UNIT_HEAD || a->role == ROLE_INSPECTOR || a->role == ROLE_HOME_AFFAIRS_INSPECTOR))
		H(r, "<p><a class=\"button\" href=\"/discipline/new?official=%u\">%s</a></p>", official->login,
		  web_t(r, "Mở vụ việc kỷ luật"));
	return rc;
}
static const official_section record = {.html = record_html};

void discipline_install(void)
{
	web_route_add(routes, sizeof routes / sizeof routes[0]);
	discipline_pages_install();
	discipline_record_install();
	official_section_add(&record);
}
