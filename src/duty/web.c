/* web.c — the obligations' pages and JSON API, the job and the install:
 *   /duty             "Việc phải làm": the items the visitor answers for or
 *                     oversees, overdue first (keyset by due time)
 *   /duty/{id}        one item, and the form that records what was done
 *   /duty/heads       the heads' scorecard (heads above, inspectors)
 *   /duty/units       public totals per unit (no names) */
#include <stdlib.h>
#include <string.h>

#include "base/clock.h"
#include "base/job.h"
#include "base/log.h"
#include "duty/repo.h"
#include "ui/ui.h"
#include "web/html.h"
#include "web/i18n.h"


static bool en(web_req *r) { return !strcmp(r->lang, "en"); }

static int64_t param_id(web_req *r)
{
	const char *s = web_param(r, "id");
	if (!s || !*s || strlen(s) > 18) return 0;
	char *end;
	long long v = strtoll(s, &end, 10);
	return *end || v <= 0 ? 0 : (int64_t)v;
}

static int not_found(web_req *r)
{
	err e = {0};
	err_set(&e, MB_ENOTFOUND, "not_found", NULL, "Không có việc này.", "no such item");
	return web_error(r, &e);
}

/* --- JSON --- */

static json_t *row_json(const duty_row *x)
{
	json_t *j = json_pack("{s:I, s:s, s:s, s:I, s:s, s:s, s:s, s:s, s:s, s:o, s:o, s:s, s:i, s:s}", "id", (json_int_t)x->id,
	                      "kind", x->kind, "source_type", x->source_type, "source_id", (json_int_t)x->source_id, "source_ref",
	                      x->source_ref, "unit", x->owner_unit_code, "owner", x->owner_login, "title_vi", x->title_vi,
	                      "title_en", x->title_en, "opened_at", web_json_time(x->opened_at), "due_at",
	                      web_json_time(x->due_at), "state", duty_state_name(x->state), "level", x->level, "rule_valid_from",
	                      x->rule_valid_from);
	json_object_set_new(j, "overdue_at", web_json_time(x->overdue_at));
	json_object_set_new(j, "escalated_at", web_json_time(x->escalated_at));
	json_object_set_new(j, "closed_at", web_json_time(x->closed_at));
	if (x->closed_at) {
		json_object_set_new(j, "note", json_string(x->note));
		json_object_set_new(j, "on_time", json_boolean(x->state == DU_DONE && duty_rules_on_time(x->due_at, x->closed_at)));
	}
	if (x->evidence_sha256 && *x->evidence_sha256)
		json_object_set_new(j, "evidence", json_pack("{s:s, s:s}", "sha256", x->evidence_sha256, "type", x->evidence_type));
	return j;
}

static json_t *score_json(const duty_score *s, bool named)
{
	json_t *j = json_pack("{s:s, s:s, s:I, s:I, s:I, s:I, s:I}", "unit", s->unit_code, "unit_name_vi", s->unit_name_vi,
	                      "items", (json_int_t)s->items, "open", (json_int_t)s->open, "done_on_time",
	                      (json_int_t)s->on_time, "done_late", (json_int_t)s->late, "overdue", (json_int_t)s->overdue);
	if (named) {
		json_object_set_new(j, "login", json_string(s->login));
		json_object_set_new(j, "name", json_string(s->name));
	}
	return j;
}

static int api_list(web_req *r)
{
	err e = {0};
	int64_t after_due = 0, after_id = 0;
	const char *ad = web_query(r, "after_due"), *ai = web_query(r, "after_id");
	if (ad && (after_due = clock_parse_iso(ad)) < 0) {
		err_set(&e, MB_EINVAL, "invalid_field", "after_due", "Thời điểm phải có dạng ISO 8601 (UTC).", "must be an ISO 8601 UTC time");
		return web_error(r, &e);
	}
	if (ai) after_id = strtoll(ai, NULL, 10);
	duty_row *rows;
	int n = 0;
	if (duty_list(db_thread(), r->actor, after_due, after_id, 100, r->a, &rows, &n, &e)) return web_error(r, &e);
	json_t *arr = json_array();
	for (int i = 0; i < n; i++) json_array_append_new(arr, row_json(&rows[i]));
	r->personal = true;
	return web_json(r, 200, json_pack("{s:o}", "items", arr));
}

/* The item of the path if the visitor may read it; otherwise *answer is the
 * error already answered. */
static bool load_item(web_req *r, duty_row *x, int *answer)
{
	err e = {0};
	int64_t id = param_id(r);
	int rc = id ? duty_get(db_thread(), r->actor, id, r->a, x, &e) : 0;
	if (rc != 1) {
		*answer = rc < 0 ? web_error(r, &e) : not_found(r);
		return false;
	}
	r->personal = true;
	return true;
}

static int api_get(web_req *r)
{
	duty_row x;
	int answer;
	if (!load_item(r, &x, &answer)) return answer;
	return web_json(r, 200, row_json(&x));
}

static const web_file *file_of(web_req *r, const char *field)
{
	for (const web_file *f = r->files; f; f = f->next)
		if (!strcmp(f->field, field) && f->data.len) return f;
	return NULL;
}

/* A command in its own transaction (nested as a savepoint in a form POST). */
static int run_done(web_req *r, int64_t id, const char *note, const web_file *f, err *e)
{
	db *d = db_thread();
	if (db_begin(d, e)) return MB_EINTERNAL;
	int rc = duty_done(d, r->actor, id, note, f ? f->data.data : NULL, f ? f->data.len : 0, f ? f->filename : NULL, e);
	if (rc) { db_rollback(d); return rc; }
	return db_commit(d, e) ? MB_EINTERNAL : 0;
}

static int run_cancel(web_req *r, int64_t id, const char *reason, err *e)
{
	db *d = db_thread();
	if (db_begin(d, e)) return MB_EINTERNAL;
	int rc = duty_cancel(d, r->actor, id, reason, e);
	if (rc) { db_rollback(d); return rc; }
	return db_commit(d, e) ? MB_EINTERNAL : 0;
}

static int api_answer(web_req *r, int64_t id)
{
	err e = {0};
	duty_row x;
	if (duty_get(db_thread(), r->actor, id, r->a, &x, &e) != 1) return web_error(r, &e);
	r->personal = true;
	return web_json(r, 200, row_json(&x));
}

/* JSON {"note"} or a multipart form (note, evidence). */
static int api_done(web_req *r)
{
	err e = {0};
	int64_t id = param_id(r);
	if (!id) return not_found(r);
	const char *note = NULL;
	const web_file *f = NULL;
	if (r->form || r->files) {
		note = web_form(r, "note");
		f = file_of(r, "evidence");
	} else {
		json_t *j = web_json_body(r, &e);
		if (!j) return web_error(r, &e);
		json_t *v = json_object_get(j, "note");
		if (v && !json_is_string(v)) {
			json_decref(j);
			err_set(&e, MB_EINVAL, "invalid_field", "note", "Giá trị phải là chuỗi ký tự.", "the value must be a string");
			return web_error(r, &e);
		}
		note = v ? arena_strdup(r->a, json_string_value(v)) : NULL;
		json_decref(j);
	}
	if (run_done(r, id, note, f, &e)) return web_error(r, &e);
	return api_answer(r, id);
}

static int api_cancel(web_req *r)
{
	err e = {0};
	int64_t id = param_id(r);
	if (!id) return not_found(r);
	json_t *j = web_json_body(r, &e);
	if (!j) return web_error(r, &e);
	json_t *v = json_object_get(j, "reason");
	const char *reason = v && json_is_string(v) ? arena_strdup(r->a, json_string_value(v)) : NULL;
	json_decref(j);
	if (run_cancel(r, id, reason, &e)) return web_error(r, &e);
	return api_answer(r, id);
}

static int api_scorecard(web_req *r)
{
	err e = {0};
	duty_score *s;
	int n = 0;
	if (duty_scorecard(db_thread(), r->actor, r->a, &s, &n, &e)) return web_error(r, &e);
	json_t *arr = json_array();
	for (int i = 0; i < n; i++) json_array_append_new(arr, score_json(&s[i], true));
	r->personal = true;
	return web_json(r, 200, json_pack("{s:o}", "heads", arr));
}

static int api_units(web_req *r)
{
	err e = {0};
	duty_score *s;
	int n = 0;
	if (duty_unit_totals(db_thread(), r->a, &s, &n, &e)) return web_error(r, &e);
	json_t *arr = json_array();
	for (int i = 0; i < n; i++) json_array_append_new(arr, score_json(&s[i], false));
	return web_json(r, 200, json_pack("{s:o}", "units", arr));
}

/* --- pages --- */

static const char *when(web_req *r, int64_t t)
{
	char *s = arena_alloc(r->a, 24);
	if (!t) { s[0] = 0; return s; }
	clock_vn_display(t, s, 24);
	return s;
}

static const char *badge(duty_state s)
{
	switch (s) {
	case DU_DONE: return "ok";
	case DU_OVERDUE:
	case DU_ESCALATED: return "late";
	default: return "";
	}
}

static const char *title_of(web_req *r, const duty_row *x) { return en(r) ? x->title_en : x->title_vi; }
static const char *unit_of(web_req *r, const duty_row *x) { return en(r) ? x->owner_unit_name_en : x->owner_unit_name_vi; }

static void item_rows(web_req *r, const duty_row *rows, int n)
{
	const char *l[] = {web_t(r, "Việc"), web_t(r, "Đơn vị"), web_t(r, "Người chịu trách nhiệm"), web_t(r, "Hạn"),
	                   web_t(r, "Trạng thái")};
	H(r, "<table class=\"list stack\"><thead><tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr></thead><tbody>",
	  l[0], l[1], l[2], l[3], l[4]);
	for (int i = 0; i < n; i++) {
		const duty_row *x = &rows[i];
		H(r, "<tr><td data-label=\"%s\"><a href=\"/duty/%D\">%s</a></td><td data-label=\"%s\">%s</td>"
		     "<td data-label=\"%s\"%r>%s</td><td data-label=\"%s\">%s</td>"
		     "<td data-label=\"%s\"><span class=\"badge %s\">%s</span></td></tr>",
		  l[0], x->id, title_of(r, x), l[1], unit_of(r, x), l[2], ui_vi(r), x->owner_name, l[3], when(r, x->due_at), l[4],
		  badge(x->state), web_t(r, duty_state_label_vi(x->state)));
	}
	H(r, "</tbody></table>");
}

static int page_list(web_req *r)
{
	err e = {0};
	db *d = db_thread();
	const auth_actor *a = r->actor;
	int64_t after_due = 0, after_id = 0;
	const char *after = web_query(r, "after");
	if (after) {
		/* "<due ISO>_<id>" */
		const char *us = strrchr(after, '_');
		if (us) {
			char ts[32];
			snprintf(ts, sizeof ts, "%.*s", (int)(us - after), after);
			after_due = clock_parse_iso(ts);
			after_id = strtoll(us + 1, NULL, 10);
		}
		if (!us || after_due < 0) after_due = after_id = 0;
	}
	duty_row *rows, *closed;
	int n = 0, nc = 0;
	enum { PAGE = 50 };
	if (duty_list(d, a, after_due, after_id, PAGE + 1, r->a, &rows, &n, &e) ||
	    duty_list_closed(d, a, 20, r->a, &closed, &nc, &e))
		return web_error(r, &e);
	r->personal = true;
	const char *title = web_t(r, "Việc phải làm");
	ui_page_begin(r, title);
	H(r, "<h1>%s</h1><p class=\"muted\">%s</p>", title,
	  web_t(r, "Những việc đơn vị và người đứng đầu phải làm trước một thời hạn: báo cáo việc đã làm sau kết luận có sai phạm, "
	           "xem xét trách nhiệm người đứng đầu, các bước xử lý kỷ luật. Việc quá hạn ở trên cùng."));
	if (a && (a->role == ROLE_UNIT_HEAD || a->role == ROLE_INSPECTOR || a->role == ROLE_HOME_AFFAIRS_INSPECTOR))
		H(r, "<p><a href=\"/duty/heads\">%s</a></p>", web_t(r, "Bảng theo dõi người đứng đầu"));
	bool more = n > PAGE;
	if (more) n = PAGE;
	if (!n) H(r, "<p class=\"muted\">%s</p>", web_t(r, "Không có việc nào đang chờ."));
	else item_rows(r, rows, n);
	if (more) {
		char ts[32];
		clock_iso_utc(rows[n - 1].due_at, ts, sizeof ts);
		ui_pager(r, "/duty?", after != NULL, arena_printf(r->a, "%s_%lld", ts, (long long)rows[n - 1].id));
	}
	H(r, "<h2>%s</h2>", web_t(r, "Đã kết thúc gần đây"));
	if (!nc) H(r, "<p class=\"muted\">%s</p>", web_t(r, "Chưa có việc nào kết thúc."));
	else item_rows(r, closed, nc);
	ui_page_end(r);
	return 0;
}

static void item_page(web_req *r, const duty_row *x, const err *fe)
{
	db *d = db_thread();
	ui_page_begin(r, title_of(r, x));
	H(r, "<p class=\"crumbs\"><a href=\"/duty\">%s</a></p><h1>%s</h1>", web_t(r, "Việc phải làm"), title_of(r, x));
	if (fe) H(r, "<p class=\"error\" role=\"alert\">%s</p>", en(r) ? fe->en : fe->vi);
	H(r, "<dl class=\"facts\"><dt>%s</dt><dd><span class=\"badge %s\">%s</span></dd><dt>%s</dt><dd>%s</dd>"
	     "<dt>%s</dt><dd%r>%s</dd><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s</dd>",
	  web_t(r, "Trạng thái"), badge(x->state), web_t(r, duty_state_label_vi(x->state)), web_t(r, "Đơn vị"), unit_of(r, x),
	  web_t(r, "Người chịu trách nhiệm"), ui_vi(r), x->owner_name, web_t(r, "Bắt đầu"), when(r, x->opened_at), web_t(r, "Hạn"),
	  when(r, x->due_at));
	if (!strcmp(x->source_type, "case"))
		H(r, "<dt>%s</dt><dd><a href=\"/cases/%u\"><code>%s</code></a></dd>", web_t(r, "Nguồn"), x->source_ref, x->source_ref);
	else if (!strcmp(x->source_type, "discipline"))
		H(r, "<dt>%s</dt><dd><a href=\"/discipline/%u\"><code>%s</code></a></dd>", web_t(r, "Nguồn"), x->source_ref, x->source_ref);
	else if (!strcmp(x->source_type, "biz_plan"))   /* a body's plan of inspections of businesses (src/biz) */
		H(r, "<dt>%s</dt><dd><a href=\"%s\"><code>%s</code></a></dd>", web_t(r, "Nguồn"),
		  !strcmp(x->kind, "biz.plan_review") ? "/thanh-tra-doanh-nghiep" : "/ke-hoach-kiem-tra", x->source_ref);
	else if (*x->source_ref) H(r, "<dt>%s</dt><dd><code>%s</code></dd>", web_t(r, "Nguồn"), x->source_ref);
	if (x->level) H(r, "<dt>%s</dt><dd>%s</dd>", web_t(r, "Đã báo"),
	                x->level == 1 ? web_t(r, "Người đứng đầu cấp trên") : web_t(r, "Người đứng đầu cấp trên và Thanh tra tỉnh"));
	if (x->closed_at)
		H(r, "<dt>%s</dt><dd>%s%r</dd><dt>%s</dt><dd%r>%s</dd>", web_t(r, "Kết thúc"), when(r, x->closed_at),
		  x->state == DU_DONE ? (duty_rules_on_time(x->due_at, x->closed_at) ? arena_printf(r->a, " <span class=\"badge ok\">%s</span>", web_t(r, "đúng hạn"))
		                                                                     : arena_printf(r->a, " <span class=\"badge late\">%s</span>", web_t(r, "trễ hạn")))
		                      : "",
		  x->state == DU_DONE ? web_t(r, "Việc đã làm") : web_t(r, "Lý do hủy"), ui_vi(r), x->note);
	if (x->evidence_sha256 && *x->evidence_sha256)
		H(r, "<dt>%s</dt><dd><code class=\"hash\">%s</code> (%s)</dd>", web_t(r, "Minh chứng (SHA-256)"), x->evidence_sha256,
		  x->evidence_type);
	H(r, "</dl>");
	const auth_actor *a = r->actor;
	bool live = duty_state_live(x->state);
	int64_t anc[32];
	int na = auth_unit_ancestors(d, x->owner_unit_id, anc, 32);
	bool at_or_above = false;
	for (int i = 0; i < na; i++) at_or_above |= anc[i] == a->unit_id;
	if (live && duty_rules_may(DA_DONE, a->role, a->id, x->owner_account_id, at_or_above, false)) {
		const char *note = fe ? web_form(r, "note") : NULL;
		bool bad = fe && fe->field && !strcmp(fe->field, "note"), badf = fe && fe->field && !strcmp(fe->field, "evidence");
		H(r, "<h2>%s</h2><form method=\"post\" action=\"/duty/%D/done\" class=\"form\" enctype=\"multipart/form-data\">%r"
		     "<label class=\"%s\">%s<textarea name=\"note\" rows=\"5\" maxlength=\"4000\" required>%s</textarea>"
		     "<span class=\"hint\">%s</span></label>"
		     "<label class=\"%s\">%s<input type=\"file\" name=\"evidence\" accept=\"application/pdf,image/jpeg,image/png\">"
		     "<span class=\"hint\">%s</span></label><button type=\"submit\">%s</button></form>",
		  web_t(r, "Ghi nhận việc đã làm"), x->id, auth_form_fields(r), bad ? "bad" : "", web_t(r, "Việc đã làm"), note,
		  web_t(r, "Nêu cụ thể: đã kiểm điểm, xử lý ai, khắc phục thế nào, khi nào."), badf ? "bad" : "",
		  web_t(r, "Minh chứng (không bắt buộc)"), web_t(r, "PDF, JPEG hoặc PNG, tối đa 10 MB."), web_t(r, "Ghi nhận"));
	}
	ui_page_end(r);
}

static int page_item(web_req *r)
{
	duty_row x;
	int answer;
	if (!load_item(r, &x, &answer)) return answer;
	item_page(r, &x, NULL);
	return 0;
}

static int page_done(web_req *r)
{
	err e = {0};
	int64_t id = param_id(r);
	if (!id) return not_found(r);
	if (run_done(r, id, web_form(r, "note"), file_of(r, "evidence"), &e) == 0)
		return web_redirect(r, arena_printf(r->a, "/duty/%lld", (long long)id));
	if (e.status == MB_EINTERNAL || e.status == MB_ENOTFOUND) return web_error(r, &e);
	duty_row x;
	err e2 = {0};
	if (duty_get(db_thread(), r->actor, id, r->a, &x, &e2) != 1) return web_error(r, &e);
	r->status = err_http_status(e.status, e.code);
	r->personal = true;
	item_page(r, &x, &e);
	return 0;
}

static void score_cells(web_req *r, const duty_score *s, const char *const *l)
{
	H(r, "<td data-label=\"%s\">%D</td><td data-label=\"%s\">%D</td><td data-label=\"%s\">%D</td>"
	     "<td data-label=\"%s\">%D</td><td data-label=\"%s\">%r%D%r</td>",
	  l[0], s->items, l[1], s->on_time, l[2], s->late, l[3], s->open, l[4], s->overdue ? "<strong class=\"late\">" : "",
	  s->overdue, s->overdue ? "</strong>" : "");
}

static int page_heads(web_req *r)
{
	err e = {0};
	duty_score *s;
	int n = 0;
	if (duty_scorecard(db_thread(), r->actor, r->a, &s, &n, &e)) return web_error(r, &e);
	r->personal = true;
	const char *title = web_t(r, "Bảng theo dõi người đứng đầu");
	ui_page_begin(r, title);
	H(r, "<p class=\"crumbs\"><a href=\"/duty\">%s</a></p><h1>%s</h1><p class=\"muted\">%s</p>", web_t(r, "Việc phải làm"), title,
	  web_t(r, "Việc giao cho từng người đứng đầu thuộc phạm vi của bạn: tổng số, đã làm đúng hạn, trễ hạn, đang làm và đang quá hạn. "
	           "Người đứng đầu cấp trên, Chủ tịch UBND tỉnh và Thanh tra tỉnh xem được bảng này."));
	const char *l[] = {web_t(r, "Tổng số việc"), web_t(r, "Đúng hạn"), web_t(r, "Trễ hạn"), web_t(r, "Đang làm"),
	                   web_t(r, "Đang quá hạn")};
	H(r, "<table class=\"list stack\"><thead><tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th>"
	     "</tr></thead><tbody>",
	  web_t(r, "Người đứng đầu"), web_t(r, "Đơn vị"), l[0], l[1], l[2], l[3], l[4]);
	for (int i = 0; i < n; i++) {
		H(r, "<tr><td data-label=\"%s\"%r>%s</td><td data-label=\"%s\">%s</td>", web_t(r, "Người đứng đầu"), ui_vi(r), s[i].name,
		  web_t(r, "Đơn vị"), en(r) ? s[i].unit_name_en : s[i].unit_name_vi);
		score_cells(r, &s[i], l);
		H(r, "</tr>");
	}
	H(r, "</tbody></table>");
	ui_page_end(r);
	return 0;
}

static int page_units(web_req *r)
{
	if (web_page_cached(r, "duty units", NULL)) return 0;
	err e = {0};
	duty_score *s;
	int n = 0;
	if (duty_unit_totals(db_thread(), r->a, &s, &n, &e)) return web_error(r, &e);
	const char *title = web_t(r, "Trách nhiệm người đứng đầu: việc phải làm theo đơn vị");
	ui_page_begin(r, title);
	H(r, "<h1>%s</h1><p class=\"muted\">%s</p>", title,
	  web_t(r, "Sau mỗi kết luận có sai phạm, người đứng đầu đơn vị phải báo cáo việc đã làm trong thời hạn; khi để xảy ra tham nhũng, "
	           "cấp trên xem xét trách nhiệm của người đứng đầu trong 30 ngày làm việc. Số liệu của đơn vị gồm cả các đơn vị trực thuộc; "
	           "không nêu tên cán bộ."));
	const char *l[] = {web_t(r, "Tổng số việc"), web_t(r, "Đúng hạn"), web_t(r, "Trễ hạn"), web_t(r, "Đang làm"),
	                   web_t(r, "Đang quá hạn")};
	if (!n) H(r, "<p class=\"muted\">%s</p>", web_t(r, "Chưa có việc nào."));
	else {
		H(r, "<table class=\"list stack\"><thead><tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr>"
		     "</thead><tbody>",
		  web_t(r, "Đơn vị"), l[0], l[1], l[2], l[3], l[4]);
		for (int i = 0; i < n; i++) {
			H(r, "<tr><td data-label=\"%s\"><a href=\"/units/%u\">%s</a></td>", web_t(r, "Đơn vị"), s[i].unit_code,
			  en(r) ? s[i].unit_name_en : s[i].unit_name_vi);
			score_cells(r, &s[i], l);
			H(r, "</tr>");
		}
		H(r, "</tbody></table>");
	}
	ui_page_end(r);
	return 0;
}

static const web_route routes[] = {
	{"GET", "/duty", AUTH_P_SIGNED_IN, page_list, 0},
	{"GET", "/duty/heads", AUTH_P_SIGNED_IN, page_heads, 0},
	{"GET", "/duty/units", WEB_PUBLIC, page_units, 0},
	{"GET", "/duty/{id}", AUTH_P_SIGNED_IN, page_item, 0},
	{"POST", "/duty/{id}/done", AUTH_P_SIGNED_IN, page_done, 12u * 1024 * 1024},
	{"GET", "/api/v1/duties", AUTH_P_SIGNED_IN, api_list, 0},
	{"GET", "/api/v1/duties/scorecard", AUTH_P_SIGNED_IN, api_scorecard, 0},
	{"GET", "/api/v1/duties/units", WEB_PUBLIC, api_units, 0},
	{"GET", "/api/v1/duties/{id}", AUTH_P_SIGNED_IN, api_get, 0},
	{"POST", "/api/v1/duties/{id}/done", AUTH_P_SIGNED_IN, api_done, 12u * 1024 * 1024},
	{"POST", "/api/v1/duties/{id}/cancel", AUTH_P_SIGNED_IN, api_cancel, 0},
};

void duty_install(void)
{
	web_route_add(routes, sizeof routes / sizeof routes[0]);
	duty_hooks_install();
}

/* --- the job --- */

static job g_job;

static void tick(void)
{
	db *d = db_thread();
	if (!d) return;
	err e = {0};
	int changed = 0;
	if (duty_tick(d, clock_now(), &changed, &e)) job_failed("duty", "the obligations' pass failed", &e);
	else if (changed) log_msg(LOG_INFO, "duty", "obligations: %d changed", changed);
}

void duty_jobs_start(int interval_s) { job_start(&g_job, "duty", tick, interval_s); }

void duty_jobs_stop(void) { job_stop(&g_job); }
