/* web.c — the inspections' JSON API and pages: the year's list and the plan
 * form (/inspections), an inspection's page with its forms
 * (/inspections/{ref}: start, checklist, finding with evidence,
 * commendation, conclusion with recommendations), the evidence download; the
 * same under /api/v1/inspections. Input is read from a JSON body or from form
 * fields (multipart for the evidence) through one reader, so both take the
 * same commands. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/calendar.h"
#include "base/clock.h"
#include "inspections/service.h"
#include "officials/officials.h"
#include "ui/ui.h"
#include "units/units.h"
#include "web/html.h"

static bool en(web_req *r) { return !strcmp(r->lang, "en"); }
static const auth_actor *actor_of(web_req *r) { return r->actor; }

/* --- input: a JSON object or the form --- */

typedef struct src {
	web_req *r;
	json_t *j;          /* NULL: the form */
} src;

static const char *get(src *s, const char *k)
{
	if (!s->j) return web_form(s->r, k);
	json_t *v = json_object_get(s->j, k);
	return json_is_string(v) ? arena_strdup(s->r->a, json_string_value(v)) : NULL;
}

/* Adds the words of v (split on commas and white space) to out. */
static void words(web_req *r, const char *v, const char **out, int max, int *n, bool *too_many)
{
	const char *p = v;
	while (p && *p) {
		size_t skip = strspn(p, ", \t\r\n");
		p += skip;
		size_t len = strcspn(p, ", \t\r\n");
		if (!len) break;
		if (*n < max) out[(*n)++] = arena_strndup(r->a, p, len);
		else *too_many = true;
		p += len;
	}
}

/* Every value of k: a JSON array of strings (or one string), or every form field k. */
static int get_list(src *s, const char *k, const char **out, int max, bool *too_many)
{
	int n = 0;
	if (s->j) {
		json_t *v = json_object_get(s->j, k);
		if (json_is_string(v)) words(s->r, json_string_value(v), out, max, &n, too_many);
		for (size_t i = 0; json_is_array(v) && i < json_array_size(v); i++) {
			json_t *x = json_array_get(v, i);
			if (json_is_integer(x)) {
				if (n < max) out[n++] = arena_printf(s->r->a, "%lld", (long long)json_integer_value(x));
				else *too_many = true;
			} else if (json_is_string(x)) words(s->r, json_string_value(x), out, max, &n, too_many);
		}
		return n;
	}
	for (const web_kv *kv = s->r->form; kv; kv = kv->next)
		if (!strcmp(kv->key, k)) words(s->r, kv->value, out, max, &n, too_many);
	return n;
}

static void plan_input(src *s, insp_plan_in *in)
{
	memset(in, 0, sizeof *in);
	in->kind = get(s, "kind");
	in->title = get(s, "title");
	in->planned_on = get(s, "planned_on");
	in->nunits = get_list(s, "units", in->units, INSP_TARGETS_MAX, &in->too_many);
	const char *desks[INSP_TARGETS_MAX];
	int nd = get_list(s, "desks", desks, INSP_TARGETS_MAX, &in->too_many);
	for (int i = 0; i < nd; i++) {
		char *end;
		long long v = strtoll(desks[i], &end, 10);
		in->desks[in->ndesks++] = *end ? -1 : v;
	}
	in->nofficials = get_list(s, "officials", in->officials, INSP_TARGETS_MAX, &in->too_many);
	in->nteam = get_list(s, "team", in->team, INSP_TARGETS_MAX, &in->too_many);
}

static void files_input(web_req *r, insp_upload *files, int *n, bool *too_many)
{
	for (const web_file *f = r->files; f; f = f->next) {
		if (strcmp(f->field, "evidence") || !f->data.len) continue;
		if (*n >= INSP_EVIDENCE_FILES) { *too_many = true; continue; }
		files[(*n)++] = (insp_upload){f->data.data, f->data.len, f->filename, f->content_type};
	}
}

static void finding_input(src *s, insp_finding_in *in)
{
	memset(in, 0, sizeof *in);
	in->about = get(s, "about");
	in->official = get(s, "official");
	in->unit = get(s, "unit");
	in->item = get(s, "item");
	in->severity = get(s, "severity");
	in->text = get(s, "text");
	files_input(s->r, in->files, &in->nfiles, &in->too_many);
}

static void checks_input(src *s, insp_checks_in *in)
{
	memset(in, 0, sizeof *in);
	if (s->j) {
		json_t *a = json_object_get(s->j, "checks");
		for (size_t i = 0; json_is_array(a) && i < json_array_size(a); i++) {
			json_t *x = json_array_get(a, i);
			if (in->n >= INSP_CHECKS_MAX) { in->too_many = true; break; }
			in->item[in->n] = arena_strdup(s->r->a, json_string_value(json_object_get(x, "item")));
			in->result[in->n] = arena_strdup(s->r->a, json_string_value(json_object_get(x, "result")));
			in->note[in->n] = arena_strdup(s->r->a, json_string_value(json_object_get(x, "note")));
			in->n++;
		}
		return;
	}
	for (const web_kv *kv = s->r->form; kv; kv = kv->next) {
		if (strncmp(kv->key, "check_", 6) || !*kv->value) continue;
		if (in->n >= INSP_CHECKS_MAX) { in->too_many = true; break; }
		in->item[in->n] = kv->key + 6;
		in->result[in->n] = kv->value;
		in->note[in->n] = web_form(s->r, arena_printf(s->r->a, "note_%s", kv->key + 6));
		in->n++;
	}
}

static void conclude_input(src *s, insp_conclude_in *in)
{
	memset(in, 0, sizeof *in);
	in->conclusion = get(s, "conclusion");
	if (s->j) {
		json_t *a = json_object_get(s->j, "recommendations");
		for (size_t i = 0; json_is_array(a) && i < json_array_size(a); i++) {
			json_t *x = json_array_get(a, i);
			if (in->nrecs >= INSP_RECS_MAX) { in->too_many = true; break; }
			in->rec_unit[in->nrecs] = arena_strdup(s->r->a, json_string_value(json_object_get(x, "unit")));
			in->rec_text[in->nrecs] = arena_strdup(s->r->a, json_string_value(json_object_get(x, "text")));
			in->rec_due[in->nrecs] = arena_strdup(s->r->a, json_string_value(json_object_get(x, "due_on")));
			in->nrecs++;
		}
		return;
	}
	/* The form's rows: rec_text_N, rec_due_N, rec_unit_N (N = 1…); a row without text is left out. */
	for (int i = 1; i <= INSP_RECS_MAX; i++) {
		const char *t = web_form(s->r, arena_printf(s->r->a, "rec_text_%d", i));
		const char *due = web_form(s->r, arena_printf(s->r->a, "rec_due_%d", i));
		if ((!t || !*t) && (!due || !*due)) continue;
		in->rec_text[in->nrecs] = t;
		in->rec_due[in->nrecs] = due;
		in->rec_unit[in->nrecs] = web_form(s->r, arena_printf(s->r->a, "rec_unit_%d", i));
		in->nrecs++;
	}
}

static void commend_input(src *s, insp_commend_in *in)
{
	in->official = get(s, "official");
	in->unit = get(s, "unit");
	in->text = get(s, "text");
}

/* Runs the action named by {action} on the inspection {ref}. */
static int run_action(web_req *r, src *s, err *e)
{
	db *d = db_thread();
	const char *code = web_param(r, "ref"), *act = web_param(r, "action");
	int64_t id;
	if (!strcmp(act, "start")) return insp_start(d, actor_of(r), code, r->a, e);
	if (!strcmp(act, "checks")) {
		insp_checks_in in;
		checks_input(s, &in);
		return insp_checks_set(d, actor_of(r), code, &in, r->a, e);
	}
	if (!strcmp(act, "findings")) {
		insp_finding_in in;
		finding_input(s, &in);
		return insp_finding_add(d, actor_of(r), code, &in, r->a, &id, e);
	}
	if (!strcmp(act, "commendations")) {
		insp_commend_in in;
		commend_input(s, &in);
		return insp_commend(d, actor_of(r), code, &in, r->a, e);
	}
	if (!strcmp(act, "recordings")) {
		insp_recording_in in = {.recording = get(s, "recording"), .finding = get(s, "finding")};
		if (s->j) {
			/* Numbers as JSON numbers, too. */
			json_t *x = json_object_get(s->j, "recording"), *f = json_object_get(s->j, "finding");
			if (json_is_integer(x)) in.recording = arena_printf(r->a, "%lld", (long long)json_integer_value(x));
			if (json_is_integer(f)) in.finding = arena_printf(r->a, "%lld", (long long)json_integer_value(f));
		}
		return insp_recording_attach(d, actor_of(r), code, &in, r->a, e);
	}
	if (!strcmp(act, "conclude")) {
		insp_conclude_in in;
		conclude_input(s, &in);
		return insp_conclude(d, actor_of(r), code, &in, r->a, e);
	}
	return err_set(e, MB_ENOTFOUND, "not_found", "action", "Không có thao tác này.", "no such action");
}

/* --- JSON --- */

static json_t *row_json(const insp_row *x)
{
	return json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:I, s:s, s:s, s:o, s:o}", "code", x->code, "body", x->body, "kind",
	                 x->kind, "state", x->state, "unit", x->unit_code, "title", x->title, "plan_year", (json_int_t)x->plan_year,
	                 "planned_on", x->planned_on, "checklist_version", x->checklist_version, "started_at",
	                 web_json_time(x->started_at), "concluded_at", web_json_time(x->concluded_at));
}

/* One evidence row: a file, or a counter recording by reference (its desk and window; the
 * recording's page plays it after an opening of its own). */
static json_t *evidence_json(const insp_view *v, int k)
{
	const insp_evidence *x = &v->evidence[k];
	json_t *j = json_pack("{s:s, s:s, s:I, s:s}", "sha256", x->sha256, "content_type", x->content_type, "size",
	                      (json_int_t)x->size, "name", x->name);
	const rec_ref *rr = &v->evidence_rec[k];
	if (x->recording_id) {
		char url[48];
		snprintf(url, sizeof url, "/recordings/%lld", (long long)x->recording_id);
		json_object_set_new(j, "finding", x->finding_id ? json_integer(x->finding_id) : json_null());
		json_object_set_new(j, "recording",
		                    json_pack("{s:I, s:I, s:s, s:s, s:o, s:o, s:b, s:s}", "id", (json_int_t)x->recording_id, "desk",
		                              (json_int_t)rr->desk_id, "desk_name", rr->desk_name_vi ? rr->desk_name_vi : "", "unit",
		                              rr->unit_code ? rr->unit_code : "", "started_at", web_json_time(rr->started_at),
		                              "ended_at", web_json_time(rr->ended_at), "purged", rr->purged_at != 0, "url", url));
	}
	return j;
}

static json_t *view_json(const insp_view *v)
{
	json_t *j = row_json(&v->row);
	json_object_set_new(j, "conclusion", json_string(v->row.conclusion));
	json_t *a = json_array();
	for (int i = 0; i < v->nteam; i++)
		json_array_append_new(a, json_pack("{s:s, s:s, s:b}", "login", v->team[i].login, "name", v->team[i].name, "lead",
		                                   v->team[i].lead));
	json_object_set_new(j, "team", a);
	a = json_array();
	for (int i = 0; i < v->ntargets; i++) {
		json_t *t = json_pack("{s:s}", "unit", v->targets[i].unit_code);
		if (v->targets[i].desk_id) json_object_set_new(t, "desk", json_integer(v->targets[i].desk_id));
		if (v->targets[i].account_id) json_object_set_new(t, "official", json_string(v->targets[i].login));
		json_array_append_new(a, t);
	}
	json_object_set_new(j, "targets", a);
	a = json_array();
	for (int i = 0; i < v->nitems; i++) {
		const char *res = "", *note = "";
		for (int k = 0; k < v->nchecks; k++)
			if (!strcmp(v->checks[k].item, v->items[i].item)) { res = v->checks[k].result; note = v->checks[k].note; }
		json_array_append_new(a, json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "item", v->items[i].item, "text_vi",
		                                   v->items[i].text_vi, "text_en", v->items[i].text_en, "source", v->items[i].source,
		                                   "result", res, "note", note));
	}
	json_object_set_new(j, "checklist", a);
	a = json_array();
	for (int i = 0; i < v->nfindings; i++) {
		const insp_finding *f = &v->findings[i];
		json_t *ev = json_array();
		for (int k = 0; k < v->nevidence; k++)
			if (v->evidence[k].finding_id == f->id) json_array_append_new(ev, evidence_json(v, k));
		json_array_append_new(a, json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:o, s:o}", "id", (json_int_t)f->id, "official",
		                                   f->login, "unit", f->unit_code, "item", f->item, "severity", f->severity, "text",
		                                   f->text, "at", web_json_time(f->at), "evidence", ev));
	}
	json_object_set_new(j, "findings", a);
	/* Every counter recording attached, to a finding or to the inspection as a whole. */
	a = json_array();
	for (int k = 0; k < v->nevidence; k++)
		if (v->evidence[k].recording_id) json_array_append_new(a, evidence_json(v, k));
	json_object_set_new(j, "recordings", a);
	a = json_array();
	for (int i = 0; i < v->nrecs; i++)
		json_array_append_new(a, json_pack("{s:I, s:s, s:s, s:s, s:s}", "id", (json_int_t)v->recs[i].id, "unit",
		                                   v->recs[i].unit_code, "head", v->recs[i].head_login, "text", v->recs[i].text,
		                                   "due_on", v->recs[i].due_on));
	json_object_set_new(j, "recommendations", a);
	a = json_array();
	for (int i = 0; i < v->ncommendations; i++)
		json_array_append_new(a, json_pack("{s:s, s:s, s:s}", "official", v->commendations[i].login, "unit",
		                                   v->commendations[i].unit_code, "text", v->commendations[i].text));
	json_object_set_new(j, "commendations", a);
	return j;
}

static int year_of(web_req *r, int *year, err *e)
{
	const char *y = web_query(r, "year");
	char now[16];
	int32_t today = cal_day_of(clock_now());
	cal_format_date(today, now, sizeof now);
	*year = (int)strtol(now, NULL, 10);
	if (!y || !*y) return 0;
	char *end;
	long v = strtol(y, &end, 10);
	if (*end || v < 2000 || v > 2100)
		return err_set(e, MB_EINVAL, "invalid_field", "year", "Năm không hợp lệ.", "invalid year");
	*year = (int)v;
	return 0;
}

static int64_t after_of(web_req *r)
{
	const char *s = web_query(r, "after");
	return s ? strtoll(s, NULL, 10) : 0;
}

static int api_list(web_req *r)
{
	err e = {0};
	int year, n;
	insp_row *rows;
	int64_t next;
	if (year_of(r, &year, &e) ||
	    insp_list_for(db_thread(), actor_of(r), year, after_of(r), 50, r->a, &rows, &n, &next, &e))
		return web_error(r, &e);
	json_t *a = json_array();
	for (int i = 0; i < n; i++) json_array_append_new(a, row_json(&rows[i]));
	json_t *j = json_pack("{s:i, s:o}", "year", year, "inspections", a);
	if (next) json_object_set_new(j, "next", json_integer(next));
	return web_json(r, 200, j);
}

static int api_get(web_req *r)
{
	err e = {0};
	insp_view v;
	if (insp_load_for(db_thread(), actor_of(r), web_param(r, "ref"), r->a, &v, &e)) return web_error(r, &e);
	return web_json(r, 200, view_json(&v));
}

static int api_create(web_req *r)
{
	err e = {0};
	json_t *j = web_json_body(r, &e);
	if (!j) return web_error(r, &e);
	src s = {r, j};
	insp_plan_in in;
	plan_input(&s, &in);
	const char *code;
	int rc = insp_plan(db_thread(), actor_of(r), &in, r->a, &code, &e);
	json_decref(j);
	if (rc) return web_error(r, &e);
	insp_view v;
	if (insp_load_for(db_thread(), actor_of(r), code, r->a, &v, &e)) return web_error(r, &e);
	return web_json(r, 201, view_json(&v));
}

static int api_action(web_req *r)
{
	err e = {0};
	json_t *j = NULL;
	bool multipart = r->content_type && !strncmp(r->content_type, "multipart/form-data", 19);
	if (!multipart && !(j = web_json_body(r, &e))) return web_error(r, &e);
	src s = {r, j};
	int rc = run_action(r, &s, &e);
	if (j) json_decref(j);
	if (rc) return web_error(r, &e);
	return api_get(r);
}

static int send_file(web_req *r, const char *type, const unsigned char *data, size_t n)
{
	r->status = 200;
	r->out_type = type;
	r->no_gzip = true;
	buf_reset(&r->out);
	buf_add(&r->out, data, n);
	web_header_add(r, "Content-Disposition", "attachment");
	web_header_add(r, "Cache-Control", "private, no-store");
	r->personal = true;
	return 0;
}

static int evidence_get(web_req *r)
{
	err e = {0};
	const char *type;
	unsigned char *data;
	size_t n;
	if (insp_evidence_read(db_thread(), actor_of(r), web_param(r, "ref"), web_param(r, "sha"), r->a, &type, &data, &n, &e))
		return web_error(r, &e);
	return send_file(r, type, data, n);
}

/* --- pages --- */

static const char *when(web_req *r, int64_t t)
{
	char *out = arena_alloc(r->a, 32);
	clock_vn_display(t, out, 32);
	return out;
}

static const char *state_badge(const char *state)
{
	return !strcmp(state, "concluded") ? "ok" : !strcmp(state, "started") ? "late" : "";
}

static int page_list(web_req *r)
{
	err e = {0};
	int year, n;
	insp_row *rows;
	int64_t next;
	if (year_of(r, &year, &e) ||
	    insp_list_for(db_thread(), actor_of(r), year, after_of(r), 50, r->a, &rows, &n, &next, &e))
		return web_error(r, &e);
	r->personal = true;
	const char *title = web_t(r, "Thanh tra, kiểm tra công vụ");
	ui_page_begin(r, title);
	H(r, "<h1>%s</h1>", title);
	H(r, "<form method=\"get\" class=\"form inline\"><label>%s<input type=\"number\" name=\"year\" min=\"2000\" max=\"2100\" value=\"%d\"></label>"
	     "<button type=\"submit\">%s</button></form>", web_t(r, "Năm kế hoạch"), year, web_t(r, "Xem"));
	insp_body b;
	err ig = {0};
	if (!insp_rules_body_for(actor_of(r)->role, &b, &ig))
		H(r, "<p><a class=\"button\" href=\"/inspections/new\">%s</a></p>", web_t(r, "Lập cuộc thanh tra, kiểm tra"));
	H(r, "<p><a href=\"/inspections/published\">%s</a></p>", web_t(r, "Kết quả thanh tra, kiểm tra công vụ"));
	if (!n) H(r, "<p class=\"muted\">%s</p>", web_t(r, "Chưa có cuộc thanh tra, kiểm tra nào bạn được xem trong năm này."));
	else {
		H(r, "<ul class=\"results\">");
		for (int i = 0; i < n; i++) {
			insp_state st;
			insp_kind k;
			if (insp_state_parse(rows[i].state, &st) || insp_kind_parse(rows[i].kind, &k)) continue;
			H(r, "<li><a href=\"/inspections/%u\"><code>%s</code> <span%r>%s</span></a> <span class=\"badge %s\">%s</span> "
			     "<span class=\"muted\">%s · %s</span></li>", rows[i].code, rows[i].code, ui_vi(r), rows[i].title,
			  state_badge(rows[i].state), web_t(r, insp_state_label_vi(st)), web_t(r, insp_kind_label_vi(k)), rows[i].planned_on);
		}
		H(r, "</ul>");
	}
	if (next) ui_pager(r, arena_printf(r->a, "/inspections?year=%d&", year), after_of(r) != 0, arena_printf(r->a, "%lld", (long long)next));
	ui_page_end(r);
	return 0;
}

static void error_line(web_req *r, const err *e)
{
	if (e) H(r, "<p class=\"error\" role=\"alert\">%s</p>", en(r) ? e->en : e->vi);
}

static int render_new(web_req *r, const err *fe)
{
	err e = {0};
	insp_body b;
	if (insp_rules_body_for(actor_of(r)->role, &b, &e)) return web_error(r, &e);
	r->personal = true;
	const char *title = web_t(r, "Lập cuộc thanh tra, kiểm tra");
	ui_page_begin(r, title);
	H(r, "<nav class=\"crumbs\"><a href=\"/inspections\">%s</a></nav><h1>%s</h1><p>%s: <strong>%s</strong></p>",
	  web_t(r, "Thanh tra, kiểm tra công vụ"), title, web_t(r, "Hình thức"), web_t(r, insp_body_label_vi(b)));
	error_line(r, fe);
	/* A form sent back with an error keeps its values; a link (from an early-warning signal) may prefill it. */
#define PRE(k) (fe ? web_form(r, k) : web_query(r, k))
	const char *kind = PRE("kind");
	bool surprise = kind && !strcmp(kind, "surprise");
	H(r, "<form method=\"post\" action=\"/inspections\" class=\"form\">%r", auth_form_fields(r));
	H(r, "<fieldset><legend>%s</legend><label class=\"check\"><input type=\"radio\" name=\"kind\" value=\"planned\"%r> %s</label>"
	     "<label class=\"check\"><input type=\"radio\" name=\"kind\" value=\"surprise\"%r> %s</label>"
	     "<p class=\"muted\">%s</p></fieldset>",
	  web_t(r, "Loại"), surprise ? "" : " checked", web_t(r, "Theo kế hoạch năm"), surprise ? " checked" : "", web_t(r, "Đột xuất"),
	  web_t(r, "Cuộc kiểm tra đột xuất chỉ đoàn thấy cho đến khi bắt đầu; đơn vị được kiểm tra không được báo trước."));
	H(r, "<label>%s<input name=\"title\" required maxlength=\"300\" value=\"%s\"></label>", web_t(r, "Nội dung"),
	  PRE("title"));
	H(r, "<label>%s<input type=\"date\" name=\"planned_on\" required value=\"%s\"></label>", web_t(r, "Ngày dự kiến"),
	  web_form(r, "planned_on"));
	H(r, "<label>%s<select name=\"units\" required><option value=\"\"></option>", web_t(r, "Đơn vị được thanh tra, kiểm tra"));
	units_picker_options(db_thread(), en(r), PRE("units"), &r->out);
	H(r, "</select></label>");
	H(r, "<label>%s<input name=\"desks\" inputmode=\"numeric\" value=\"%s\"><small class=\"muted\">%s</small></label>",
	  web_t(r, "Quầy (số, cách nhau bởi dấu phẩy)"), PRE("desks"), web_t(r, "Số quầy xem ở trang quầy của đơn vị; có thể để trống."));
	H(r, "<label>%s<input name=\"officials\" autocomplete=\"off\" value=\"%s\"></label>",
	  web_t(r, "Cán bộ được kiểm tra (tên đăng nhập, cách nhau bởi dấu phẩy)"), PRE("officials"));
	H(r, "<label>%s<input name=\"team\" autocomplete=\"off\" value=\"%s\"><small class=\"muted\">%s</small></label>",
	  web_t(r, "Thành viên đoàn (tên đăng nhập)"), PRE("team"), web_t(r, "Bạn là trưởng đoàn."));
	H(r, "<button type=\"submit\">%s</button></form>", web_t(r, "Lập"));
#undef PRE
	ui_page_end(r);
	return 0;
}

static int page_new(web_req *r) { return render_new(r, NULL); }

static int page_create(web_req *r)
{
	err e = {0};
	src s = {r, NULL};
	insp_plan_in in;
	plan_input(&s, &in);
	const char *code;
	int rc = insp_plan(db_thread(), actor_of(r), &in, r->a, &code, &e);
	if (!rc) return web_redirect(r, arena_printf(r->a, "/inspections/%s", code));
	if (rc != MB_EINVAL) return web_error(r, &e);
	r->status = 422;
	return render_new(r, &e);
}

static void severity_options(web_req *r)
{
	for (int i = 0; i < SEV__MAX; i++)
		H(r, "<option value=\"%s\">%s</option>", insp_severity_name((insp_severity)i), web_t(r, insp_severity_label_vi((insp_severity)i)));
}

static const char *item_text(web_req *r, const insp_view *v, const char *item)
{
	for (int i = 0; i < v->nitems; i++)
		if (!strcmp(v->items[i].item, item)) return en(r) ? v->items[i].text_en : v->items[i].text_vi;
	return item;
}

static void forms(web_req *r, const insp_view *v, const char *form_err, const err *fe)
{
	const char *code = v->row.code;
	if (v->state == IS_PLANNED) {
		H(r, "<section class=\"card\" id=\"start\"><h2>%s</h2>", web_t(r, "Bắt đầu"));
		if (form_err && !strcmp(form_err, "start")) error_line(r, fe);
		H(r, "<form method=\"post\" action=\"/inspections/%u/start\" class=\"form\">%r<button type=\"submit\">%s</button></form></section>",
		  code, auth_form_fields(r), web_t(r, "Bắt đầu thanh tra, kiểm tra"));
		return;
	}
	if (v->state != IS_STARTED) return;
	/* The checklist. */
	H(r, "<section class=\"card\" id=\"checks\"><h2>%s</h2>", web_t(r, "Bảng kiểm"));
	if (form_err && !strcmp(form_err, "checks")) error_line(r, fe);
	H(r, "<form method=\"post\" action=\"/inspections/%u/checks\" class=\"form\">%r", code, auth_form_fields(r));
	for (int i = 0; i < v->nitems; i++) {
		const insp_item *it = &v->items[i];
		const char *cur = "";
		for (int k = 0; k < v->nchecks; k++)
			if (!strcmp(v->checks[k].item, it->item)) cur = v->checks[k].result;
		H(r, "<fieldset><legend>%s</legend><p class=\"muted\"%r>%s</p>", en(r) ? it->text_en : it->text_vi, ui_vi(r), it->source);
		for (int k = 0; k < IR__MAX; k++)
			H(r, "<label class=\"check\"><input type=\"radio\" name=\"check_%s\" value=\"%s\"%r> %s</label>", it->item,
			  insp_result_name((insp_result)k), !strcmp(cur, insp_result_name((insp_result)k)) ? " checked" : "",
			  web_t(r, insp_result_label_vi((insp_result)k)));
		H(r, "<label>%s<input name=\"note_%s\" maxlength=\"500\"></label></fieldset>", web_t(r, "Ghi chú"), it->item);
	}
	H(r, "<button type=\"submit\">%s</button></form></section>", web_t(r, "Lưu bảng kiểm"));
	/* A finding with evidence. */
	H(r, "<section class=\"card\" id=\"finding\"><h2>%s</h2>", web_t(r, "Ghi phát hiện"));
	if (form_err && !strcmp(form_err, "findings")) error_line(r, fe);
	H(r, "<form method=\"post\" action=\"/inspections/%u/findings\" class=\"form\" enctype=\"multipart/form-data\">%r", code,
	  auth_form_fields(r));
	H(r, "<fieldset><legend>%s</legend><label class=\"check\"><input type=\"radio\" name=\"about\" value=\"official\" checked> %s</label>"
	     "<label class=\"check\"><input type=\"radio\" name=\"about\" value=\"unit\"> %s</label></fieldset>",
	  web_t(r, "Phát hiện về"), web_t(r, "Một cán bộ"), web_t(r, "Đơn vị"));
	H(r, "<label>%s<select name=\"official\"><option value=\"\"></option>", web_t(r, "Cán bộ"));
	for (int i = 0; i < v->ntargets; i++)
		if (v->targets[i].account_id)
			H(r, "<option value=\"%s\"%r>%s (%s)</option>", v->targets[i].login, ui_vi(r), v->targets[i].name, v->targets[i].login);
	H(r, "</select></label><label>%s<input name=\"official_login\" autocomplete=\"off\"></label>",
	  web_t(r, "hoặc tên đăng nhập của cán bộ"));
	H(r, "<label>%s<select name=\"unit\">", web_t(r, "Đơn vị"));
	for (int i = 0; i < v->ntargets; i++)
		if (!v->targets[i].desk_id && !v->targets[i].account_id)
			H(r, "<option value=\"%s\"%r>%s</option>", v->targets[i].unit_code, ui_vi(r), v->targets[i].unit_name_vi);
	H(r, "</select></label><label>%s<select name=\"item\"><option value=\"\">—</option>", web_t(r, "Mục của bảng kiểm"));
	for (int i = 0; i < v->nitems; i++)
		H(r, "<option value=\"%s\">%s</option>", v->items[i].item, en(r) ? v->items[i].text_en : v->items[i].text_vi);
	H(r, "</select></label><label>%s<select name=\"severity\" required><option value=\"\"></option>", web_t(r, "Mức độ"));
	severity_options(r);
	H(r, "</select></label><label>%s<textarea name=\"text\" rows=\"4\" required maxlength=\"2000\"></textarea></label>"
	     "<label>%s<input type=\"file\" name=\"evidence\" multiple accept=\"image/jpeg,image/png,application/pdf\"></label>"
	     "<button type=\"submit\">%s</button></form></section>",
	  web_t(r, "Nội dung phát hiện"), web_t(r, "Chứng cứ (ảnh JPEG, PNG hoặc PDF; tối đa 4 tệp, mỗi tệp 10 MB)"), web_t(r, "Ghi phát hiện"));
	/* A counter recording as evidence, by reference. */
	H(r, "<section class=\"card\" id=\"recording\"><h2>%s</h2><p class=\"muted\">%s</p>",
	  web_t(r, "Gắn bản ghi ghi âm, ghi hình làm chứng cứ"),
	  web_t(r, "Mở bản ghi (ghi rõ lý do) ở trang Ghi âm, ghi hình tại quầy trước; bản ghi phải của quầy thuộc đơn vị được thanh tra, kiểm tra. Bản ghi được giữ lại khi là chứng cứ."));
	if (form_err && !strcmp(form_err, "recordings")) error_line(r, fe);
	H(r, "<form method=\"post\" action=\"/inspections/%u/recordings\" class=\"form\">%r"
	     "<label>%s<input name=\"recording\" inputmode=\"numeric\" required autocomplete=\"off\"></label>"
	     "<label>%s<select name=\"finding\"><option value=\"\">%s</option>",
	  code, auth_form_fields(r), web_t(r, "Số bản ghi"), web_t(r, "Về phát hiện"), web_t(r, "— cả cuộc thanh tra, kiểm tra —"));
	for (int i = 0; i < v->nfindings; i++) {
		const insp_finding *f = &v->findings[i];
		insp_severity sev;
		if (insp_severity_parse(f->severity, &sev)) continue;
		H(r, "<option value=\"%D\">#%D · %s · %s</option>", f->id, f->id, web_t(r, insp_severity_label_vi(sev)),
		  f->account_id ? f->login : f->unit_code);
	}
	H(r, "</select></label><button type=\"submit\">%s</button></form></section>", web_t(r, "Gắn làm chứng cứ"));
	/* A commendation. */
	H(r, "<section class=\"card\" id=\"commend\"><h2>%s</h2>", web_t(r, "Khen"));
	if (form_err && !strcmp(form_err, "commendations")) error_line(r, fe);
	H(r, "<form method=\"post\" action=\"/inspections/%u/commendations\" class=\"form\">%r"
	     "<label>%s<input name=\"official\" autocomplete=\"off\"></label><label>%s<input name=\"unit\" autocomplete=\"off\"></label>"
	     "<label>%s<textarea name=\"text\" rows=\"2\" required maxlength=\"1000\"></textarea></label>"
	     "<button type=\"submit\">%s</button></form></section>",
	  code, auth_form_fields(r), web_t(r, "Cán bộ được khen (tên đăng nhập)"), web_t(r, "hoặc đơn vị được khen (mã đơn vị)"),
	  web_t(r, "Nội dung khen"), web_t(r, "Ghi khen"));
	/* The conclusion. */
	H(r, "<section class=\"card\" id=\"conclude\"><h2>%s</h2>", web_t(r, "Kết luận"));
	if (form_err && !strcmp(form_err, "conclude")) error_line(r, fe);
	H(r, "<form method=\"post\" action=\"/inspections/%u/conclude\" class=\"form\">%r"
	     "<label>%s<textarea name=\"conclusion\" rows=\"4\" required maxlength=\"5000\"></textarea></label>",
	  code, auth_form_fields(r), web_t(r, "Kết luận"));
	for (int i = 1; i <= 2; i++) {
		H(r, "<fieldset><legend>%s %d</legend><label>%s<select name=\"rec_unit_%d\">", web_t(r, "Kiến nghị gửi người đứng đầu"), i,
		  web_t(r, "Đơn vị"), i);
		for (int k = 0; k < v->ntargets; k++)
			if (!v->targets[k].desk_id && !v->targets[k].account_id)
				H(r, "<option value=\"%s\"%r>%s</option>", v->targets[k].unit_code, ui_vi(r), v->targets[k].unit_name_vi);
		H(r, "</select></label><label>%s<textarea name=\"rec_text_%d\" rows=\"2\" maxlength=\"2000\"></textarea></label>"
		     "<label>%s<input type=\"date\" name=\"rec_due_%d\"></label></fieldset>",
		  web_t(r, "Nội dung kiến nghị"), i, web_t(r, "Hạn thực hiện"), i);
	}
	H(r, "<button type=\"submit\">%s</button></form></section>", web_t(r, "Kết luận"));
}

/* The counter recordings attached as evidence: desk, window, the finding, and
 * the recording's page (which plays it only after an opening with a reason). */
static void recording_evidence(web_req *r, const insp_view *v)
{
	int n = 0;
	for (int k = 0; k < v->nevidence; k++) n += v->evidence[k].recording_id != 0;
	if (!n) return;
	H(r, "<h2>%s</h2><p class=\"muted\">%s</p><ul class=\"plain\" id=\"recording-evidence\">",
	  web_t(r, "Ghi âm, ghi hình tại quầy làm chứng cứ"),
	  web_t(r, "Bản ghi được dẫn chiếu, không sao chép; được giữ lại quá thời hạn lưu giữ khi là chứng cứ. Mở bản ghi ở trang của nó, mỗi lần mở phải ghi lý do."));
	for (int k = 0; k < v->nevidence; k++) {
		const insp_evidence *x = &v->evidence[k];
		const rec_ref *rr = &v->evidence_rec[k];
		if (!x->recording_id) continue;
		H(r, "<li><a href=\"/recordings/%D\">%s %D</a> · <span%r>%s</span> (<code>%s</code>) · %s – %s", x->recording_id,
		  web_t(r, "Bản ghi"), x->recording_id, ui_vi(r), rr->desk_name_vi ? rr->desk_name_vi : "", rr->unit_code ? rr->unit_code : "",
		  when(r, rr->started_at), when(r, rr->ended_at));
		if (x->finding_id) H(r, " · %s #%D", web_t(r, "phát hiện"), x->finding_id);
		if (rr->purged_at) H(r, " <span class=\"badge\">%s</span>", web_t(r, "đã xoá khi hết hạn lưu"));
		H(r, " <code class=\"wrap\">%s</code></li>", x->sha256);
	}
	H(r, "</ul>");
}

static int render_view(web_req *r, const char *form_err, const err *fe)
{
	err e = {0};
	insp_view v;
	if (insp_load_for(db_thread(), actor_of(r), web_param(r, "ref"), r->a, &v, &e)) return web_error(r, &e);
	r->personal = true;
	ui_page_begin(r, v.row.code);
	H(r, "<nav class=\"crumbs\"><a href=\"/inspections?year=%D\">%s</a></nav>", v.row.plan_year, web_t(r, "Thanh tra, kiểm tra công vụ"));
	H(r, "<h1><code>%s</code> <span%r>%s</span></h1>", v.row.code, ui_vi(r), v.row.title);
	H(r, "<p><span class=\"badge %s\" id=\"state\">%s</span> · %s · %s</p>", state_badge(v.row.state),
	  web_t(r, insp_state_label_vi(v.state)), web_t(r, insp_kind_label_vi(v.kind)), web_t(r, insp_body_label_vi(v.body)));
	H(r, "<dl><dt>%s</dt><dd>%s</dd>", web_t(r, "Ngày dự kiến"), v.row.planned_on);
	if (v.row.started_at) H(r, "<dt>%s</dt><dd>%s</dd>", web_t(r, "Bắt đầu"), when(r, v.row.started_at));
	if (v.row.concluded_at) H(r, "<dt>%s</dt><dd>%s</dd>", web_t(r, "Kết luận"), when(r, v.row.concluded_at));
	H(r, "<dt>%s</dt><dd>", web_t(r, "Đoàn"));
	for (int i = 0; i < v.nteam; i++)
		H(r, "%r<span%r>%s</span>%r", i ? "; " : "", ui_vi(r), v.team[i].name, v.team[i].lead ? arena_printf(r->a, " (%s)", web_t(r, "trưởng đoàn")) : "");
	H(r, "</dd><dt>%s</dt><dd><ul class=\"plain\">", web_t(r, "Được thanh tra, kiểm tra"));
	for (int i = 0; i < v.ntargets; i++) {
		const insp_target *t = &v.targets[i];
		if (t->account_id) H(r, "<li><span%r>%s</span> (%s)</li>", ui_vi(r), t->name, t->login);
		else if (t->desk_id) H(r, "<li%r>%s — %s</li>", ui_vi(r), t->desk_name, t->unit_name_vi);
		else H(r, "<li%r>%s</li>", ui_vi(r), t->unit_name_vi);
	}
	H(r, "</ul></dd></dl>");
	if (v.nchecks) {
		H(r, "<h2>%s</h2><table class=\"list stack\"><thead><tr><th>%s</th><th>%s</th><th>%s</th></tr></thead><tbody>",
		  web_t(r, "Kết quả bảng kiểm"), web_t(r, "Mục"), web_t(r, "Kết quả"), web_t(r, "Ghi chú"));
		for (int i = 0; i < v.nchecks; i++) {
			insp_result res;
			if (insp_result_parse(v.checks[i].result, &res)) continue;
			H(r, "<tr><td data-label=\"%s\">%s</td><td data-label=\"%s\">%s</td><td data-label=\"%s\"%r>%s</td></tr>",
			  web_t(r, "Mục"), item_text(r, &v, v.checks[i].item), web_t(r, "Kết quả"), web_t(r, insp_result_label_vi(res)),
			  web_t(r, "Ghi chú"), ui_vi(r), v.checks[i].note);
		}
		H(r, "</tbody></table>");
	}
	H(r, "<h2>%s</h2>", web_t(r, "Phát hiện"));
	if (!v.nfindings) H(r, "<p class=\"muted\">%s</p>", web_t(r, "Chưa có phát hiện nào."));
	else H(r, "<ul class=\"results\" id=\"findings\">");
	for (int i = 0; i < v.nfindings; i++) {
		const insp_finding *f = &v.findings[i];
		insp_severity sev;
		if (insp_severity_parse(f->severity, &sev)) continue;
		H(r, "<li><span class=\"badge %s\">%s</span> ", sev == SEV_SERIOUS ? "late" : "", web_t(r, insp_severity_label_vi(sev)));
		if (f->account_id) H(r, "<strong%r>%s</strong> (%s) ", ui_vi(r), f->name, f->login);
		else H(r, "<strong>%s</strong> ", f->unit_code);
		if (*f->item) H(r, "<span class=\"muted\">%s</span> ", item_text(r, &v, f->item));
		H(r, "<p%r>%s</p>", ui_vi(r), f->text);
		for (int k = 0; k < v.nevidence; k++)
			if (v.evidence[k].finding_id == f->id && !v.evidence[k].recording_id)
				H(r, "<a href=\"/inspections/%u/evidence/%s\">%s %s</a> ", v.row.code, v.evidence[k].sha256, web_t(r, "Chứng cứ"),
				  *v.evidence[k].name ? v.evidence[k].name : v.evidence[k].content_type);
			else if (v.evidence[k].finding_id == f->id)
				H(r, "<a href=\"/recordings/%D\">%s %D</a> ", v.evidence[k].recording_id, web_t(r, "Bản ghi"),
				  v.evidence[k].recording_id);
		H(r, "</li>");
	}
	if (v.nfindings) H(r, "</ul>");
	recording_evidence(r, &v);
	if (v.ncommendations) {
		H(r, "<h2>%s</h2><ul class=\"plain\">", web_t(r, "Khen"));
		for (int i = 0; i < v.ncommendations; i++)
			H(r, "<li><strong%r>%s</strong> <span%r>%s</span></li>", ui_vi(r),
			  v.commendations[i].account_id ? v.commendations[i].name : v.commendations[i].unit_code, ui_vi(r), v.commendations[i].text);
		H(r, "</ul>");
	}
	if (v.state == IS_CONCLUDED) {
		H(r, "<h2>%s</h2><p%r id=\"conclusion\">%s</p>", web_t(r, "Kết luận"), ui_vi(r), v.row.conclusion);
		if (v.nrecs) {
			H(r, "<h3>%s</h3><ul class=\"plain\" id=\"recommendations\">", web_t(r, "Kiến nghị gửi người đứng đầu"));
			for (int i = 0; i < v.nrecs; i++)
				H(r, "<li><strong>%s</strong> — <span%r>%s</span> <span class=\"muted\">(%s %s)</span></li>", v.recs[i].unit_code,
				  ui_vi(r), v.recs[i].text, web_t(r, "hạn"), v.recs[i].due_on);
			H(r, "</ul>");
		}
	}
	if (v.team_member) forms(r, &v, form_err, fe);
	ui_page_end(r);
	return 0;
}

static int page_view(web_req *r) { return render_view(r, NULL, NULL); }

static int page_action(web_req *r)
{
	err e = {0};
	src s = {r, NULL};
	/* The finding form's free login, when no inspected official was chosen. */
	if (!strcmp(web_param(r, "action"), "findings")) {
		const char *o = web_form(r, "official"), *free_login = web_form(r, "official_login");
		if ((!o || !*o) && free_login && *free_login)
			for (web_kv *kv = r->form; kv; kv = kv->next)
				if (!strcmp(kv->key, "official")) kv->value = free_login;
	}
	int rc = run_action(r, &s, &e);
	if (!rc) return web_redirect(r, arena_printf(r->a, "/inspections/%s", web_param(r, "ref")));
	if (rc != MB_EINVAL && rc != MB_ECONFLICT && rc != MB_ETOOBIG) return web_error(r, &e);
	r->status = 422;
	return render_view(r, web_param(r, "action"), &e);
}

static const web_route routes[] = {
	{"GET", "/api/v1/inspections", AUTH_P_SIGNED_IN, api_list, 0},
	{"POST", "/api/v1/inspections", AUTH_P_SIGNED_IN, api_create, 0},
	{"GET", "/api/v1/inspections/{ref}", AUTH_P_SIGNED_IN, api_get, 0},
	{"POST", "/api/v1/inspections/{ref}/{action}", AUTH_P_SIGNED_IN, api_action, 48u * 1024 * 1024},
	{"GET", "/api/v1/inspections/{ref}/evidence/{sha}", AUTH_P_SIGNED_IN, evidence_get, 0},
	{"GET", "/inspections", AUTH_P_SIGNED_IN, page_list, 0},
	{"GET", "/inspections/new", AUTH_P_SIGNED_IN, page_new, 0},
	{"POST", "/inspections", AUTH_P_SIGNED_IN, page_create, 0},
	{"GET", "/inspections/{ref}", AUTH_P_SIGNED_IN, page_view, 0},
	{"POST", "/inspections/{ref}/{action}", AUTH_P_SIGNED_IN, page_action, 48u * 1024 * 1024},
	{"GET", "/inspections/{ref}/evidence/{sha}", AUTH_P_SIGNED_IN, evidence_get, 0},
};

void inspections_api_install(void)
{
	web_route_add(routes, sizeof routes / sizeof routes[0]);
}

