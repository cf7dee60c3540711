/* api.c — the JSON API of inspections of businesses (docs/inspections.md). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "biz/internal.h"

static const char *js(web_req *r, json_t *j, const char *k)
{
	json_t *v = json_object_get(j, k);
	if (json_is_string(v)) return arena_strdup(r->a, json_string_value(v));
	if (json_is_integer(v)) return arena_printf(r->a, "%lld", (long long)json_integer_value(v));
	return NULL;
}

/* Rejects unknown fields and non-string values, naming the field. */
static int known_fields(web_req *r, json_t *j, const char *const *names, size_t n, err *e)
{
	const char *k;
	json_t *v;
	json_object_foreach(j, k, v) {
		bool ok = false;
		for (size_t i = 0; i < n; i++) ok |= !strcmp(k, names[i]);
		if (!ok) return err_set(e, MB_EINVAL, "invalid_field", arena_strdup(r->a, k), "Trường này không tồn tại.", "unknown field");
		if (!json_is_string(v) && !json_is_integer(v) && !json_is_null(v))
			return err_set(e, MB_EINVAL, "invalid_field", arena_strdup(r->a, k), "Giá trị phải là chuỗi.", "must be a string");
	}
	return 0;
}

static json_t *body(web_req *r, const char *const *names, size_t n, err *e)
{
	json_t *j = web_json_body(r, e);
	if (!j) return NULL;
	if (known_fields(r, j, names, n, e)) { json_decref(j); return NULL; }
	return j;
}

#define BODY(names) body(r, names, sizeof names / sizeof names[0], &e)

json_t *biz_business_json(const biz_business *b)
{
	return json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "tax_code", b->tax_code, "kind", b->kind, "name", b->name,
	                 "address", b->address, "commune", b->unit_code, "commune_name", b->unit_name_vi, "lines", b->lines);
}

static const char *conclusion_url(const char *code)
{
	static _Thread_local char u[96];
	snprintf(u, sizeof u, "/api/v1/business-inspections/%s/conclusion", code);
	return u;
}

json_t *biz_entry_json(const biz_entry *x, bool staff)
{
	char months[64];
	biz_months_format(x->months, months, sizeof months);
	json_t *j = json_pack("{s:s, s:i, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:b, s:s}", "code", x->code, "year", x->year,
	                      "tax_code", x->tax_code, "business", x->business_name, "body", x->unit_code, "body_name",
	                      x->unit_name_vi, "kind", biz_kind_name(x->kind), "subject", x->subject, "subject_name", x->subject_vi,
	                      "legal_basis", x->legal_basis, "months", months, "adhoc", x->adhoc, "state", x->state);
	json_object_set_new(j, "team_lead", json_string(x->team_lead));
	if (x->adhoc) {
		/* json_object_update copies: the packed object is ours to release. */
		json_t *more = json_pack("{s:s?, s:s?, s:s?, s:s?, s:s?}", "grounds", x->grounds, "decision_no", x->decision_no,
		                         "period_from", x->period_from, "period_to", x->period_to, "content", x->content);
		json_object_update(j, more);
		json_decref(more);
	}
	json_object_set_new(j, "plan", x->plan_id ? json_integer(x->plan_id) : json_null());
	json_object_set_new(j, "plan_state", json_string(x->plan_state));
	json_object_set_new(j, "started_on", x->started_on ? json_string(x->started_on) : json_null());
	json_object_set_new(j, "ended_on", x->ended_on ? json_string(x->ended_on) : json_null());
	if (x->conclusion_sha)
		json_object_set_new(j, "conclusion", json_pack("{s:s, s:s, s:s, s:s}", "published_at", x->conclusion_at, "findings",
		                                               x->findings, "sanctions", x->sanctions ? x->sanctions : "", "pdf",
		                                               conclusion_url(x->code)));
	(void)staff;
	return j;
}

json_t *biz_conflict_json(db *d, const biz_conflict_row *c, arena *a)
{
	json_t *j = json_pack("{s:I, s:s, s:i, s:s, s:s}", "id", (json_int_t)c->id, "tax_code", c->tax_code, "year", c->year,
	                      "rule", c->rule_id, "state", c->state);
	biz_entry x;
	err e = {0};
	if (biz_repo_entry_get(d, c->entry_a, a, &x, &e) == 1) json_object_set_new(j, "a", biz_entry_json(&x, true));
	if (c->entry_b && biz_repo_entry_get(d, c->entry_b, a, &x, &e) == 1) json_object_set_new(j, "b", biz_entry_json(&x, true));
	biz_audit_row au;
	if (c->audit_id && biz_repo_audit_get(d, c->audit_id, a, &au, &e) == 1) {
		char months[64];
		biz_months_format(au.months, months, sizeof months);
		json_object_set_new(j, "state_audit", json_pack("{s:s, s:i, s:s, s:s, s:s}", "tax_code", au.tax_code, "year", au.year,
		                                                "subject", au.subject, "months", months, "note", au.note));
	}
	json_t *res = json_array();
	for (int i = 0; i < BIZ_R__MAX; i++)
		if (!(i == BIZ_R_JOINT && c->audit_id)) json_array_append_new(res, json_string(biz_resolution_name((biz_resolution)i)));
	json_object_set_new(j, "resolutions", res);
	if (c->resolution) {
		json_object_set_new(j, "resolution", json_string(c->resolution));
		json_object_set_new(j, "justification", c->justification ? json_string(c->justification) : json_null());
	}
	return j;
}

json_t *biz_plan_json(const biz_plan *p)
{
	return json_pack("{s:I, s:i, s:s, s:s, s:s, s:s?, s:s?, s:s?}", "id", (json_int_t)p->id, "year", p->year, "body",
	                 p->unit_code, "body_name", p->unit_name_vi, "state", p->state, "submitted_at", p->submitted_at,
	                 "late_reason", p->late_reason, "approved_at", p->approved_at);
}

static int64_t path_id(web_req *r, const char *name)
{
	const char *s = web_param(r, name);
	char *end;
	long long v = s ? strtoll(s, &end, 10) : 0;
	return s && *s && !*end && v > 0 ? v : 0;
}

static int not_found_id(web_req *r)
{
	err e = {0};
	err_set(&e, MB_ENOTFOUND, "not_found", NULL, "Không tìm thấy.", "not found");
	return web_error(r, &e);
}

/* --- businesses --- */

static int api_register(web_req *r)
{
	static const char *const names[] = {"tax_code", "kind", "name", "address", "commune", "lines"};
	err e = {0};
	json_t *j = BODY(names);
	if (!j) return web_error(r, &e);
	biz_business_in in = {js(r, j, "tax_code"), js(r, j, "kind"), js(r, j, "name"), js(r, j, "address"), js(r, j, "commune"),
	                      js(r, j, "lines")};
	json_decref(j);
	biz_business b;
	bool created;
	if (biz_register(db_thread(), r->actor, &in, r->a, &b, &created, &e)) return web_error(r, &e);
	return web_json(r, created ? 201 : 200, biz_business_json(&b));
}

static const char *csv_of(web_req *r, size_t *n)
{
	for (const web_file *f = r->files; f; f = f->next)
		if (!strcmp(f->field, "file")) { *n = f->data.len; return f->data.data ? f->data.data : ""; }
	*n = r->body.len;
	return r->body.data ? r->body.data : "";
}

static int import_answer(web_req *r, int rc, const biz_import_report *rep, err *e)
{
	if (rc && !rep->nrejected) return web_error(r, e);
	json_t *rej = json_array();
	for (int i = 0; i < rep->nrejected; i++)
		json_array_append_new(rej, json_pack("{s:i, s:s?, s:s, s:s}", "line", rep->rejected[i].line, "field",
		                                     rep->rejected[i].field, "message", rep->rejected[i].reason_vi, "message_en",
		                                     rep->rejected[i].reason_en));
	if (rc)
		return web_json(r, 422, json_pack("{s:{s:s, s:s, s:s, s:s, s:o}}", "error", "code", "rows_rejected", "field", "file",
		                                  "message", e->vi, "message_en", e->en, "rows", rej));
	json_decref(rej);
	return web_json(r, 200, json_pack("{s:i, s:i}", "created", rep->created, "changed", rep->changed));
}

static int api_import(web_req *r)
{
	err e = {0};
	size_t n;
	const char *csv = csv_of(r, &n);
	biz_import_report rep;
	int rc = biz_import(db_thread(), r->actor, csv, n, r->a, &rep, &e);
	return import_answer(r, rc, &rep, &e);
}

static int api_audit_import(web_req *r)
{
	err e = {0};
	size_t n;
	const char *csv = csv_of(r, &n);
	biz_import_report rep;
	int rc = biz_audit_import(db_thread(), r->actor, csv, n, r->a, &rep, &e);
	return import_answer(r, rc, &rep, &e);
}

static int api_search(web_req *r)
{
	if (web_page_cached(r, "biz units", "q after")) return 0;
	err e = {0};
	const char *q = web_query(r, "q"), *after = web_query(r, "after");
	biz_business *bs;
	int n;
	int64_t aft = after ? strtoll(after, NULL, 10) : 0;
	if (biz_search(db_thread(), q, aft, r->a, &bs, &n, &e)) return web_error(r, &e);
	json_t *arr = json_array();
	for (int i = 0; i < n && i < BIZ_PAGE; i++) json_array_append_new(arr, biz_business_json(&bs[i]));
	json_t *out = json_pack("{s:o}", "businesses", arr);
	if (n > BIZ_PAGE) json_object_set_new(out, "next", json_string(arena_printf(r->a, "%lld", (long long)bs[BIZ_PAGE - 1].id)));
	return web_json(r, 200, out);
}

static int api_business(web_req *r)
{
	if (web_page_cached(r, "biz units", "")) return 0;
	err e = {0};
	biz_public pub;
	int rc = biz_public_load(db_thread(), web_param(r, "tax_code"), r->a, &pub, &e);
	if (rc < 0) return web_error(r, &e);
	if (rc == 0) return not_found_id(r);
	json_t *j = biz_business_json(&pub.b);
	json_t *arr = json_array();
	for (int i = 0; i < pub.nentries; i++) json_array_append_new(arr, biz_entry_json(&pub.entries[i], false));
	json_object_set_new(j, "inspections", arr);
	json_t *ys = json_array();
	for (int i = 0; i < pub.nyears; i++)
		json_array_append_new(ys, json_pack("{s:i, s:i, s:i, s:i}", "year", pub.years[i], "thanh_tra", pub.tt[i], "kiem_tra",
		                                    pub.kt[i], "adhoc", pub.ah[i]));
	json_object_set_new(j, "per_year", ys);
	return web_json(r, 200, j);
}

/* --- plans --- */

static int api_plan_open(web_req *r)
{
	static const char *const names[] = {"year"};
	err e = {0};
	json_t *j = BODY(names);
	if (!j) return web_error(r, &e);
	const char *y = js(r, j, "year");
	json_decref(j);
	char *end;
	long year = y ? strtol(y, &end, 10) : 0;
	if (!y || *end) {
		err_set(&e, MB_EINVAL, "invalid_field", "year", "Hãy nhập năm kế hoạch.", "the plan year is required");
		return web_error(r, &e);
	}
	biz_plan p;
	bool created;
	if (biz_plan_open(db_thread(), r->actor, (int)year, r->a, &p, &created, &e)) return web_error(r, &e);
	return web_json(r, created ? 201 : 200, biz_plan_json(&p));
}

static bool staff(web_req *r)
{
	const auth_actor *a = r->actor;
	return a && a->role != ROLE_CITIZEN;
}

static int api_plan_get(web_req *r)
{
	err e = {0};
	db *d = db_thread();
	if (!staff(r)) return not_found_id(r);
	biz_plan p;
	int rc = biz_repo_plan_get(d, path_id(r, "id"), r->a, &p, &e);
	if (rc < 0) return web_error(r, &e);
	if (rc == 0) return not_found_id(r);
	biz_entry *xs;
	int n;
	if (biz_repo_entries_of_plan(d, p.id, r->a, &xs, &n, &e)) return web_error(r, &e);
	json_t *j = biz_plan_json(&p), *arr = json_array();
	for (int i = 0; i < n; i++) json_array_append_new(arr, biz_entry_json(&xs[i], true));
	json_object_set_new(j, "entries", arr);
	r->personal = true;
	return web_json(r, 200, j);
}

static void entry_in(web_req *r, json_t *j, biz_entry_in *in)
{
	*in = (biz_entry_in){js(r, j, "tax_code"), js(r, j, "kind"), js(r, j, "subject"), js(r, j, "legal_basis"),
	                     js(r, j, "months"), js(r, j, "team_lead"), js(r, j, "grounds"), js(r, j, "decision_no"),
	                     js(r, j, "decision_date"), js(r, j, "period_from"), js(r, j, "period_to"), js(r, j, "content")};
}

static int api_entry_add(web_req *r)
{
	static const char *const names[] = {"tax_code", "kind", "subject", "legal_basis", "months", "team_lead"};
	err e = {0};
	json_t *j = BODY(names);
	if (!j) return web_error(r, &e);
	biz_entry_in in;
	entry_in(r, j, &in);
	json_decref(j);
	biz_entry x;
	if (biz_entry_add(db_thread(), r->actor, path_id(r, "id"), &in, r->a, &x, &e)) return web_error(r, &e);
	return web_json(r, 201, biz_entry_json(&x, true));
}

static int api_plan_submit(web_req *r)
{
	static const char *const names[] = {"late_reason"};
	err e = {0};
	json_t *j = BODY(names);
	if (!j) return web_error(r, &e);
	const char *why = js(r, j, "late_reason");
	json_decref(j);
	biz_plan p;
	if (biz_plan_submit(db_thread(), r->actor, path_id(r, "id"), why, r->a, &p, &e)) return web_error(r, &e);
	return web_json(r, 200, biz_plan_json(&p));
}

static int api_plan_approve(web_req *r)
{
	err e = {0};
	biz_plan p;
	if (biz_plan_approve(db_thread(), r->actor, path_id(r, "id"), r->a, &p, &e)) return web_error(r, &e);
	return web_json(r, 200, biz_plan_json(&p));
}

static int api_conflicts(web_req *r)
{
	err e = {0};
	db *d = db_thread();
	const char *y = web_query(r, "year"), *state = web_query(r, "state"), *after = web_query(r, "after");
	int year = y ? atoi_year(y) : 0;
	if (!year) {
		err_set(&e, MB_EINVAL, "invalid_field", "year", "Hãy chọn năm.", "the year is required");
		return web_error(r, &e);
	}
	if (!state) state = "open";
	if (strcmp(state, "open") && strcmp(state, "resolved") && strcmp(state, "gone")) {
		err_set(&e, MB_EINVAL, "invalid_field", "state", "Trạng thái phải là open, resolved hoặc gone.", "state must be open, resolved or gone");
		return web_error(r, &e);
	}
	biz_conflict_row *cs;
	int n;
	if (biz_repo_conflicts_list(d, year, state, after ? strtoll(after, NULL, 10) : 0, BIZ_PAGE + 1, r->a, &cs, &n, &e))
		return web_error(r, &e);
	json_t *arr = json_array();
	for (int i = 0; i < n && i < BIZ_PAGE; i++) json_array_append_new(arr, biz_conflict_json(d, &cs[i], r->a));
	json_t *out = json_pack("{s:o}", "conflicts", arr);
	if (n > BIZ_PAGE) json_object_set_new(out, "next", json_string(arena_printf(r->a, "%lld", (long long)cs[BIZ_PAGE - 1].id)));
	r->personal = true;
	return web_json(r, 200, out);
}

static int api_resolve(web_req *r)
{
	static const char *const names[] = {"resolution", "target", "justification"};
	err e = {0};
	json_t *j = BODY(names);
	if (!j) return web_error(r, &e);
	const char *res = js(r, j, "resolution"), *target = js(r, j, "target"), *why = js(r, j, "justification");
	json_decref(j);
	biz_conflict_row c;
	if (biz_conflict_resolve(db_thread(), r->actor, path_id(r, "id"), res, target, why, r->a, &c, &e)) return web_error(r, &e);
	return web_json(r, 200, biz_conflict_json(db_thread(), &c, r->a));
}

static int api_check(web_req *r)
{
	static const char *const names[] = {"year"};
	err e = {0};
	json_t *j = BODY(names);
	if (!j) return web_error(r, &e);
	const char *y = js(r, j, "year");
	json_decref(j);
	biz_check_stats st;
	if (biz_check_all(db_thread(), r->actor, y ? atoi_year(y) : 0, &st, &e)) return web_error(r, &e);
	return web_json(r, 200, json_pack("{s:i, s:i, s:i, s:i, s:I}", "keys", st.keys, "found", st.found, "gone", st.gone, "open",
	                                  st.open, "ms", (json_int_t)st.ms));
}

/* --- ad-hoc and execution --- */

static int api_adhoc(web_req *r)
{
	static const char *const names[] = {"tax_code", "kind", "subject", "legal_basis", "months", "team_lead", "grounds",
	                                    "decision_no", "decision_date", "period_from", "period_to", "content"};
	err e = {0};
	json_t *j = BODY(names);
	if (!j) return web_error(r, &e);
	biz_entry_in in;
	entry_in(r, j, &in);
	json_decref(j);
	biz_entry x;
	if (biz_adhoc(db_thread(), r->actor, &in, r->a, &x, &e)) return web_error(r, &e);
	return web_json(r, 201, biz_entry_json(&x, true));
}

static int api_scope(web_req *r)
{
	static const char *const names[] = {"subject", "period_from", "period_to", "content"};
	err e = {0};
	json_t *j = BODY(names);
	if (!j) return web_error(r, &e);
	biz_scope s = {js(r, j, "subject"), js(r, j, "period_from"), js(r, j, "period_to"), js(r, j, "content")};
	json_decref(j);
	biz_entry x;
	if (biz_scope_change(db_thread(), r->actor, web_param(r, "code"), &s, r->a, &x, &e)) return web_error(r, &e);
	return web_json(r, 200, biz_entry_json(&x, true));
}

static int api_start(web_req *r)
{
	static const char *const names[] = {"date"};
	err e = {0};
	json_t *j = BODY(names);
	if (!j) return web_error(r, &e);
	const char *date = js(r, j, "date");
	json_decref(j);
	biz_entry x;
	char secret[16];
	if (biz_start(db_thread(), r->actor, web_param(r, "code"), date, r->a, &x, secret, &e)) return web_error(r, &e);
	json_t *out = biz_entry_json(&x, true);
	json_object_set_new(out, "rating", json_pack("{s:s, s:s}", "code", x.code, "secret", secret));
	r->personal = true;
	return web_json(r, 200, out);
}

static int api_end(web_req *r)
{
	static const char *const names[] = {"date", "extension_reason"};
	err e = {0};
	json_t *j = BODY(names);
	if (!j) return web_error(r, &e);
	const char *date = js(r, j, "date"), *why = js(r, j, "extension_reason");
	json_decref(j);
	biz_entry x;
	if (biz_end(db_thread(), r->actor, web_param(r, "code"), date, why, r->a, &x, &e)) return web_error(r, &e);
	return web_json(r, 200, biz_entry_json(&x, true));
}

static int api_conclude(web_req *r)
{
	err e = {0};
	const web_file *f = NULL;
	for (const web_file *x = r->files; x; x = x->next)
		if (!strcmp(x->field, "file")) f = x;
	biz_entry x;
	if (biz_conclude(db_thread(), r->actor, web_param(r, "code"), f ? f->data.data : NULL, f ? f->data.len : 0,
	                 web_form(r, "findings"), web_form(r, "sanctions"), r->a, &x, &e))
		return web_error(r, &e);
	return web_json(r, 200, biz_entry_json(&x, true));
}

static int api_rate(web_req *r)
{
	static const char *const names[] = {"code", "secret", "level", "comment"};
	err e = {0};
	json_t *j = BODY(names);
	if (!j) return web_error(r, &e);
	const char *code = js(r, j, "code"), *secret = js(r, j, "secret"), *level = js(r, j, "level"), *comment = js(r, j, "comment");
	json_decref(j);
	biz_entry x;
	const char *report;
	bool created;
	if (biz_rate(db_thread(), code, secret, level, comment, r->client_addr, r->a, &x, &report, &created, &e))
		return web_error(r, &e);
	r->personal = true;
	return web_json(r, created ? 201 : 200, json_pack("{s:s, s:s, s:s}", "code", x.code, "level", level, "report", report));
}

static int api_flags(web_req *r)
{
	err e = {0};
	int64_t *ids;
	const char **codes, **kinds, **ats, **details;
	int n;
	const char *before = web_query(r, "before");
	if (biz_repo_flags(db_thread(), before ? strtoll(before, NULL, 10) : 0, BIZ_PAGE, r->a, &ids, &codes, &kinds, &ats, &details,
	                   &n, &e))
		return web_error(r, &e);
	json_t *arr = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(arr, json_pack("{s:I, s:s, s:s, s:s, s:s}", "id", (json_int_t)ids[i], "inspection", codes[i],
		                                     "kind", kinds[i], "at", ats[i], "detail", details[i]));
	r->personal = true;
	return web_json(r, 200, json_pack("{s:o}", "flags", arr));
}

static int api_conclusion_pdf(web_req *r)
{
	err e = {0};
	biz_entry x;
	int rc = biz_repo_entry_by_code(db_thread(), web_param(r, "code"), r->a, &x, &e);
	if (rc < 0) return web_error(r, &e);
	if (rc == 0 || !x.conclusion_sha) return not_found_id(r);
	unsigned char *data;
	size_t n;
	if (db_file_read(x.conclusion_sha, r->a, &data, &n, &e)) return web_error(r, &e);
	buf_add(&r->out, data, n);
	r->out_type = "application/pdf";
	r->status = 200;
	web_header_add(r, "Content-Disposition", arena_printf(r->a, "inline; filename=\"ket-luan-%s.pdf\"", x.code));
	return 0;
}

static const web_route routes[] = {
	{"GET", "/api/v1/business-inspections/{code}/conclusion", WEB_PUBLIC, api_conclusion_pdf, 0},
	{"GET", "/api/v1/businesses", WEB_PUBLIC, api_search, 0},
	{"POST", "/api/v1/businesses", AUTH_P_SIGNED_IN, api_register, 0},
	{"POST", "/api/v1/businesses/import", AUTH_P_SIGNED_IN, api_import, 8u * 1024 * 1024},
	{"GET", "/api/v1/businesses/{tax_code}", WEB_PUBLIC, api_business, 0},
	{"POST", "/api/v1/inspection-plans", AUTH_P_SIGNED_IN, api_plan_open, 0},
	{"GET", "/api/v1/inspection-plans/{id}", AUTH_P_SIGNED_IN, api_plan_get, 0},
	{"POST", "/api/v1/inspection-plans/{id}/entries", AUTH_P_SIGNED_IN, api_entry_add, 0},
	{"POST", "/api/v1/inspection-plans/{id}/submit", AUTH_P_SIGNED_IN, api_plan_submit, 0},
	{"POST", "/api/v1/inspection-plans/{id}/approve", AUTH_P_INSPECTOR, api_plan_approve, 0},
	{"GET", "/api/v1/inspection-conflicts", AUTH_P_INSPECTOR, api_conflicts, 0},
	{"POST", "/api/v1/inspection-conflicts/{id}/resolve", AUTH_P_INSPECTOR, api_resolve, 0},
	{"POST", "/api/v1/inspection-check", AUTH_P_INSPECTOR, api_check, 0},
	{"POST", "/api/v1/state-audit/import", AUTH_P_INSPECTOR, api_audit_import, 8u * 1024 * 1024},
	{"GET", "/api/v1/inspection-flags", AUTH_P_INSPECTOR, api_flags, 0},
	{"POST", "/api/v1/business-inspections/adhoc", AUTH_P_SIGNED_IN, api_adhoc, 0},
	{"PATCH", "/api/v1/business-inspections/{code}/scope", AUTH_P_SIGNED_IN, api_scope, 0},
	{"POST", "/api/v1/business-inspections/{code}/start", AUTH_P_SIGNED_IN, api_start, 0},
	{"POST", "/api/v1/business-inspections/{code}/end", AUTH_P_SIGNED_IN, api_end, 0},
	{"POST", "/api/v1/business-inspections/{code}/conclusion", AUTH_P_SIGNED_IN, api_conclude, 16u * 1024 * 1024},
	{"POST", "/api/v1/inspection-ratings", WEB_PUBLIC, api_rate, 16u * 1024},
};

void biz_api_install(void)
{
	web_route_add(routes, sizeof routes / sizeof routes[0]);
}
