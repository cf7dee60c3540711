/* pages.c — running a discipline case in the browser: the form that opens one
 * (/discipline/new, from the official's record or a case at fault) and the
 * case's page (/discipline/{code}) with its steps — review meeting, council,
 * decision — each dated, the form of the step due now for those who handle
 * it, the handling limit and its warning, the limitation end. The same
 * commands as the JSON API (/api/v1/discipline). */
#include <string.h>

#include "base/calendar.h"
#include "base/clock.h"
#include "discipline/repo.h"
#include "officials/officials.h"
#include "ui/ui.h"
#include "web/html.h"
#include "web/i18n.h"

static bool en(web_req *r) { return !strcmp(r->lang, "en"); }

static const char *regime_label(const char *r)
{
	return !strcmp(r, "can_bo") ? N_("Cán bộ") : !strcmp(r, "vien_chuc") ? N_("Viên chức") : N_("Công chức");
}

static const char *today(web_req *r)
{
	char *s = arena_alloc(r->a, 16);
	cal_format_date(cal_day_of(clock_now()), s, 16);
	return s;
}

/* The label of the form's field an error names, so the message says which field. */
static const char *field_label(const char *f)
{
	static const struct { const char *field, *label; } t[] = {
		{"official", N_("Tên đăng nhập của cán bộ")}, {"regime", N_("Chế độ")}, {"source", N_("Đơn thư có sai phạm (mã)")},
		{"violation_date", N_("Ngày vi phạm")}, {"discovered_date", N_("Ngày phát hiện")}, {"summary", N_("Tóm tắt hành vi vi phạm")},
		{"date", N_("Ngày")}, {"note", N_("Biên bản, kết quả")}, {"form", N_("Hình thức kỷ luật")},
		{"decision_ref", N_("Số quyết định")}, {"deciding_body", N_("Cơ quan, người quyết định")},
		{"kind", N_("Loại thời gian không tính")}, {"start_date", N_("Từ ngày")}, {"end_date", N_("Đến ngày")},
		{"reason", N_("Căn cứ, lý do")}, {"no_limitation", N_("Không áp dụng thời hiệu (Nghị định 172/2025/NĐ-CP Điều 5(4))")},
	};
	for (size_t i = 0; f && i < sizeof t / sizeof t[0]; i++)
		if (!strcmp(t[i].field, f)) return t[i].label;
	return NULL;
}

static void error_line(web_req *r, const err *e)
{
	if (!e || !e->status) return;
	const char *label = field_label(e->field);
	if (label) H(r, "<p class=\"error\" role=\"alert\"><strong>%s</strong>: %s</p>", web_t(r, label), en(r) ? e->en : e->vi);
	else H(r, "<p class=\"error\" role=\"alert\">%s</p>", en(r) ? e->en : e->vi);
}

static const char *val(web_req *r, const char *k) { const char *v = web_form(r, k); return v ? v : ""; }

/* --- opening a case --- */

static int render_new(web_req *r, const err *fe)
{
	const auth_actor *a = r->actor;
	if (a->role != ROLE_UNIT_HEAD && a->role != ROLE_INSPECTOR && a->role != ROLE_HOME_AFFAIRS_INSPECTOR) {
		err e;
		err_set(&e, MB_EFORBIDDEN, "forbidden", NULL, "Bạn không có thẩm quyền xử lý kỷ luật.", "you may not handle discipline");
		return web_error(r, &e);
	}
	const char *official = fe ? val(r, "official") : web_query(r, "official");
	const char *source = fe ? val(r, "source") : web_query(r, "source");
	r->personal = true;
	const char *title = web_t(r, "Mở vụ việc kỷ luật");
	ui_page_begin(r, title);
	H(r, "<h1>%s</h1><p class=\"muted\">%s</p>", title,
	  web_t(r, "Theo Nghị định 172/2025/NĐ-CP (cán bộ, công chức) và 234/2026/NĐ-CP (viên chức): họp kiểm điểm, hội đồng kỷ luật, quyết định — mỗi bước có thời hạn; hệ thống từ chối hình thức không áp dụng cho chức vụ và quyết định quá thời hiệu."));
	error_line(r, fe);
	H(r, "<form method=\"post\" action=\"/discipline\" class=\"form\">%r"
	     "<label>%s<input name=\"official\" required maxlength=\"64\" value=\"%s\" autocomplete=\"off\"></label>"
	     "<fieldset><legend>%s</legend>",
	  auth_form_fields(r), web_t(r, "Tên đăng nhập của cán bộ"), official ? official : "", web_t(r, "Chế độ"));
	static const char *const regimes[] = {"cong_chuc", "can_bo", "vien_chuc"};
	const char *reg = fe ? val(r, "regime") : "cong_chuc";
	for (size_t i = 0; i < 3; i++)
		H(r, "<label class=\"check\"><input type=\"radio\" name=\"regime\" value=\"%s\"%r> %s</label>", regimes[i],
		  !strcmp(reg, regimes[i]) ? " checked" : "", web_t(r, regime_label(regimes[i])));
	H(r, "</fieldset><label>%s<input name=\"source\" required maxlength=\"40\" value=\"%s\"></label>"
	     "<label>%s<input type=\"date\" name=\"violation_date\" required value=\"%s\"></label>"
	     "<label>%s<input type=\"date\" name=\"discovered_date\" required value=\"%s\"></label>"
	     "<label class=\"check\"><input type=\"checkbox\" name=\"complex\" value=\"1\"%r> %s</label>",
	  web_t(r, "Đơn thư có sai phạm (mã)"), source ? source : "", web_t(r, "Ngày vi phạm"), val(r, "violation_date"),
	  web_t(r, "Ngày phát hiện"), fe ? val(r, "discovered_date") : today(r), fe && *val(r, "complex") ? " checked" : "",
	  web_t(r, "Vụ việc phức tạp (thời hạn xử lý 150 ngày thay vì 90)"));
	/* Art. 5(4): a violation on one of these grounds is barred by no limitation period. */
	err e = {0};
	discipline_exclusion_kind *g;
	int ng = 0;
	if (discipline_kinds(db_thread(), DL_NO_LIMITATION, r->a, &g, &ng, &e)) return web_error(r, &e);
	const char *ground = fe ? val(r, "no_limitation") : "";
	H(r, "<label>%s<select name=\"no_limitation\"><option value=\"\">%s</option>",
	  web_t(r, "Không áp dụng thời hiệu (Nghị định 172/2025/NĐ-CP Điều 5(4))"), web_t(r, "Không: áp dụng thời hiệu"));
	for (int i = 0; i < ng; i++)
		H(r, "<option value=\"%s\"%r%r>%s</option>", g[i].kind, !strcmp(ground, g[i].kind) ? " selected" : "",
		  en(r) ? "" : ui_vi(r), en(r) ? g[i].name_en : g[i].name_vi);
	H(r, "</select></label><label>%s<textarea name=\"summary\" required rows=\"3\" maxlength=\"2000\">%s</textarea></label>"
	     "<button type=\"submit\">%s</button></form>",
	  web_t(r, "Tóm tắt hành vi vi phạm"), val(r, "summary"), web_t(r, "Mở vụ việc"));
	ui_page_end(r);
	return 0;
}

static int page_new(web_req *r) { return render_new(r, NULL); }

static int page_open(web_req *r)
{
	err e = {0};
	discipline_new in = {.official = web_form(r, "official"), .regime = web_form(r, "regime"), .source_type = "case",
	                     .source_ref = web_form(r, "source"), .violation_date = web_form(r, "violation_date"),
	                     .discovered_date = web_form(r, "discovered_date"), .complex = *val(r, "complex") != '\0',
	                     .summary = web_form(r, "summary"), .no_limitation = web_form(r, "no_limitation")};
	const char *code = NULL;
	if (!discipline_open(db_thread(), r->actor, &in, r->a, &code, &e))
		return web_redirect(r, arena_printf(r->a, "/discipline/%s", code));
	if (e.status == MB_EINTERNAL || e.status == MB_EFORBIDDEN) return web_error(r, &e);
	int st = err_http_status(e.status, e.code);
	int rc = render_new(r, &e);
	r->status = st;
	return rc;
}

/* --- a case --- */

static void step_line(web_req *r, const char *label, const char *date, bool current)
{
	H(r, "<li%r><strong>%s</strong> — %s</li>", current ? " class=\"current\" aria-current=\"step\"" : "", label,
	  *date ? date : current ? web_t(r, "đang chờ") : "—");
}

/* The periods not counted in the limitation clock (Art. 5(6)), and the forms
 * to record one or end an open one for those who handle the case. fe: the
 * error of a period's form just posted (its values are kept). */
static int exclusions_section(web_req *r, db *d, const discipline_row *x, bool may_act, const err *fe)
{
	H(r, "<section class=\"card\" id=\"exclusions\"><h2>%s</h2><p class=\"muted\">%s</p>",
	  web_t(r, "Thời gian không tính vào thời hiệu xử lý kỷ luật"),
	  web_t(r, "Nghị định 172/2025/NĐ-CP Điều 5(6): thời hiệu được kéo dài thêm số ngày của các giai đoạn này (ngày trùng nhau chỉ tính một lần); "
	           "giai đoạn đang diễn ra được tính đến ngày quyết định."));
	if (!x->nexclusions) {
		H(r, "<p class=\"muted\">%s</p>", web_t(r, "Chưa ghi nhận giai đoạn nào."));
	} else {
		const char *l[] = {web_t(r, "Loại"), web_t(r, "Từ ngày"), web_t(r, "Đến ngày"), web_t(r, "Căn cứ, lý do"), web_t(r, "Người ghi nhận")};
		H(r, "<table class=\"list stack\"><thead><tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr></thead><tbody>", l[0],
		  l[1], l[2], l[3], l[4]);
		for (int i = 0; i < x->nexclusions; i++) {
			const discipline_exclusion *p = &x->exclusions[i];
			H(r, "<tr><td data-label=\"%s\"%r>%s</td><td data-label=\"%s\">%s</td><td data-label=\"%s\">", l[0], ui_vi(r), p->name_vi,
			  l[1], p->start_date, l[2]);
			if (*p->end_date) H(r, "%s", p->end_date);
			else if (may_act)
				H(r, "<form method=\"post\" action=\"/discipline/%u/exclusions/%D/end\" class=\"form inline\">%r"
				     "<span class=\"badge\">%s</span> <label>%s<input type=\"date\" name=\"end_date\" required></label>"
				     "<button type=\"submit\">%s</button></form>",
				  x->code, p->id, auth_form_fields(r), web_t(r, "đang diễn ra"), web_t(r, "Kết thúc ngày"),
				  web_t(r, "Ghi nhận kết thúc"));
			else H(r, "<span class=\"badge\">%s</span>", web_t(r, "đang diễn ra"));
			H(r, "</td><td data-label=\"%s\"%r>%s</td><td data-label=\"%s\"><code>%s</code></td></tr>", l[3], ui_vi(r), p->reason, l[4],
			  p->recorded_by);
		}
		H(r, "</tbody></table><p>%s: <strong>%d</strong></p>", web_t(r, "Số ngày không tính vào thời hiệu đến hôm nay"),
		  (int)x->excluded_days);
	}
	if (may_act && strcmp(x->step, "decided")) {
		err e = {0};
		discipline_exclusion_kind *k;
		int nk = 0;
		if (discipline_kinds(d, DL_EXCLUSION, r->a, &k, &nk, &e)) return web_error(r, &e);
		const char *kind = fe ? val(r, "kind") : "";
		H(r, "<form method=\"post\" action=\"/discipline/%u/exclusions\" class=\"form\">%r<h3>%s</h3>", x->code,
		  auth_form_fields(r), web_t(r, "Ghi nhận giai đoạn không tính vào thời hiệu"));
		error_line(r, fe);
		H(r, "<label>%s<select name=\"kind\" required>", web_t(r, "Loại thời gian không tính"));
		for (int i = 0; i < nk; i++)
			H(r, "<option value=\"%s\"%r%r>%s</option>", k[i].kind, !strcmp(kind, k[i].kind) ? " selected" : "",
			  en(r) ? "" : ui_vi(r), en(r) ? k[i].name_en : k[i].name_vi);
		H(r, "</select></label><label>%s<input type=\"date\" name=\"start_date\" required value=\"%s\"></label>"
		     "<label>%s<input type=\"date\" name=\"end_date\" value=\"%s\"><span class=\"muted\">%s</span></label>"
		     "<label>%s<textarea name=\"reason\" required rows=\"2\" minlength=\"10\" maxlength=\"2000\"%r>%s</textarea></label>"
		     "<button type=\"submit\">%s</button></form>",
		  web_t(r, "Từ ngày"), fe ? val(r, "start_date") : "", web_t(r, "Đến ngày"), fe ? val(r, "end_date") : "",
		  web_t(r, "Để trống nếu giai đoạn còn đang diễn ra."), web_t(r, "Căn cứ, lý do"), ui_vi(r), fe ? val(r, "reason") : "",
		  web_t(r, "Ghi nhận giai đoạn"));
	}
	H(r, "</section>");
	return 0;
}

static int render_with(web_req *r, const err *fe, const err *xe)
{
	err e = {0};
	db *d = db_thread();
	discipline_row x;
	int rc = discipline_get(d, r->actor, web_param(r, "code"), r->a, &x, &e);
	if (rc < 0) return web_error(r, &e);
	if (rc == 0) {
		err_set(&e, MB_ENOTFOUND, "not_found", NULL, "Không có vụ việc kỷ luật này.", "no such discipline case");
		return web_error(r, &e);
	}
	discipline_step s;
	if (discipline_step_parse(x.step, &s)) s = DSTEP_REVIEW;
	r->personal = true;
	const char *title = arena_printf(r->a, "%s %s", web_t(r, "Vụ việc kỷ luật"), x.code);
	ui_page_begin(r, title);
	H(r, "<nav class=\"crumbs\"><a href=\"/officials/%u\">%s</a></nav><h1>%s</h1>", x.login, x.name, title);
	error_line(r, fe);
	H(r, "<dl class=\"facts\"><dt>%s</dt><dd><a href=\"/officials/%u\"%r>%s</a> (%s, <code>%s</code>)</dd>"
	     "<dt>%s</dt><dd>%s%s</dd><dt>%s</dt><dd>",
	  web_t(r, "Cán bộ"), x.login, ui_vi(r), x.name, x.login, x.unit_code, web_t(r, "Chế độ"), web_t(r, regime_label(x.regime)),
	  x.leader ? web_t(r, " · giữ chức vụ lãnh đạo") : "", web_t(r, "Nguồn"));
	if (!strcmp(x.source_type, "case")) H(r, "<a href=\"/cases/%u\"><code>%s</code></a>", x.source_ref, x.source_ref);
	else H(r, "<code>%s</code>", x.source_ref);
	H(r, "</dd><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s%s</dd><dt>%s</dt><dd>%s %r</dd><dt>%s</dt><dd%r>%s</dd></dl>",
	  web_t(r, "Ngày vi phạm"), x.violation_date, web_t(r, "Ngày phát hiện"), x.discovered_date,
	  x.complex ? web_t(r, " (phức tạp)") : "", web_t(r, "Hạn xử lý"), x.handling_due ? x.handling_due : "—",
	  x.warning == DW_PAST ? arena_printf(r->a, "<span class=\"badge late\">%s</span>", web_t(r, "quá hạn xử lý"))
	  : x.warning == DW_SOON ? arena_printf(r->a, "<span class=\"badge\">%s</span>", web_t(r, "sắp hết hạn xử lý")) : "",
	  web_t(r, "Tóm tắt"), ui_vi(r), x.summary);
	if (*x.no_limitation) {
		err ge = {0};
		discipline_exclusion_kind *g;
		int ng = 0;
		if (discipline_kinds(d, DL_NO_LIMITATION, r->a, &g, &ng, &ge)) return web_error(r, &ge);
		const char *name = x.no_limitation;
		for (int i = 0; i < ng; i++)
			if (!strcmp(g[i].kind, x.no_limitation)) name = en(r) ? g[i].name_en : g[i].name_vi;
		H(r, "<p class=\"card\"><strong>%s</strong> <span%r>%s</span></p>",
		  web_t(r, "Không áp dụng thời hiệu (Nghị định 172/2025/NĐ-CP Điều 5(4)):"), en(r) ? "" : ui_vi(r), name);
	}
	H(r, "<h2>%s</h2><ol class=\"steps\">", web_t(r, "Các bước"));
	step_line(r, web_t(r, discipline_step_label_vi(DSTEP_REVIEW)), x.review_date, s == DSTEP_REVIEW);
	step_line(r, web_t(r, discipline_step_label_vi(DSTEP_COUNCIL)), x.council_date, s == DSTEP_COUNCIL);
	step_line(r, web_t(r, discipline_step_label_vi(DSTEP_DECISION)), x.decision_date, s == DSTEP_DECISION);
	H(r, "</ol>");
	if (s == DSTEP_DECIDED)
		H(r, "<p><strong>%s</strong>: <span%r>%s</span> · %s <span%r>%s</span> · %s</p>", web_t(r, "Quyết định"), ui_vi(r),
		  x.form_name_vi, web_t(r, "số"), ui_vi(r), x.decision_ref, x.deciding_body);
	else if (discipline_may_act(d, r->actor, &x)) {
		H(r, "<form method=\"post\" action=\"/discipline/%u/steps\" class=\"form card\" id=\"step\">%r<h2>%s</h2>"
		     "<input type=\"hidden\" name=\"step\" value=\"%s\"><label>%s<input type=\"date\" name=\"date\" required value=\"%s\"></label>",
		  x.code, auth_form_fields(r), web_t(r, discipline_step_label_vi(s)), discipline_step_name(s),
		  web_t(r, "Ngày"), fe ? val(r, "date") : today(r));
		if (s == DSTEP_DECISION) {
			discipline_form *fs;
			int n = 0;
			if (discipline_forms_for(d, x.regime, r->a, &fs, &n, &e)) return web_error(r, &e);
			H(r, "<label>%s<select name=\"form\" required>", web_t(r, "Hình thức kỷ luật"));
			for (int i = 0; i < n; i++)
				H(r, "<option value=\"%s\"%r>%s%s</option>", fs[i].form, ui_vi(r), fs[i].name_vi,
				  fs[i].leaders_only ? web_t(r, " (chỉ với người giữ chức vụ lãnh đạo)") : "");
			H(r, "</select></label><label>%s<input name=\"decision_ref\" required maxlength=\"100\" value=\"%s\"%r></label>"
			     "<label>%s<input name=\"deciding_body\" required maxlength=\"200\" value=\"%s\"%r></label>",
			  web_t(r, "Số quyết định"), val(r, "decision_ref"), ui_vi(r), web_t(r, "Cơ quan, người quyết định"),
			  val(r, "deciding_body"), ui_vi(r));
		}
		H(r, "<label>%s<textarea name=\"note\" rows=\"2\" maxlength=\"2000\"%r>%s</textarea></label><button type=\"submit\">%s</button></form>",
		  web_t(r, s == DSTEP_DECISION ? N_("Ghi chú") : N_("Biên bản, kết quả")), s == DSTEP_DECISION ? "" : " required",
		  val(r, "note"), web_t(r, "Ghi nhận bước này"));
	}
	if ((rc = exclusions_section(r, d, &x, discipline_may_act(d, r->actor, &x), xe))) return rc;
	ui_page_end(r);
	return 0;
}

static int render(web_req *r, const err *fe) { return render_with(r, fe, NULL); }

static int page_case(web_req *r) { return render(r, NULL); }

/* A period's form posted: the page again with its error, or back to the case. */
static int period_answer(web_req *r, const char *code, int rc, const err *e)
{
	if (!rc) return web_redirect(r, arena_printf(r->a, "/discipline/%s#exclusions", code));
	if (e->status == MB_EINTERNAL || e->status == MB_ENOTFOUND || e->status == MB_EFORBIDDEN) return web_error(r, e);
	int st = err_http_status(e->status, e->code);
	int rrc = render_with(r, NULL, e);
	r->status = st;
	return rrc;
}

static int page_exclude(web_req *r)
{
	err e = {0};
	const char *code = web_param(r, "code");
	discipline_exclusion_in in = {.kind = web_form(r, "kind"), .start_date = web_form(r, "start_date"),
	                              .end_date = web_form(r, "end_date"), .reason = web_form(r, "reason")};
	int64_t id;
	return period_answer(r, code, discipline_exclude(db_thread(), r->actor, code, &in, r->a, &id, &e), &e);
}

static int page_exclusion_end(web_req *r)
{
	err e = {0};
	const char *code = web_param(r, "code");
	int64_t id;
	int rc = discipline_parse_exclusion_id(web_param(r, "id"), &id, &e);
	if (!rc) rc = discipline_exclusion_end(db_thread(), r->actor, code, id, web_form(r, "end_date"), r->a, &e);
	return period_answer(r, code, rc, &e);
}

static int page_step(web_req *r)
{
	err e = {0};
	const char *code = web_param(r, "code");
	discipline_step_in in = {.step = web_form(r, "step"), .date = web_form(r, "date"), .note = web_form(r, "note"),
	                         .form = web_form(r, "form"), .decision_ref = web_form(r, "decision_ref"),
	                         .deciding_body = web_form(r, "deciding_body")};
	if (!discipline_record_step(db_thread(), r->actor, code, &in, r->a, &e))
		return web_redirect(r, arena_printf(r->a, "/discipline/%s", code));
	if (e.status == MB_EINTERNAL || e.status == MB_ENOTFOUND || e.status == MB_EFORBIDDEN) return web_error(r, &e);
	int st = err_http_status(e.status, e.code);
	int rc = render(r, &e);
	r->status = st;
	return rc;
}

void discipline_pages_install(void)
{
	static const web_route routes[] = {
		{"GET", "/discipline/new", AUTH_P_SIGNED_IN, page_new, 0},
		{"POST", "/discipline", AUTH_P_SIGNED_IN, page_open, 0},
		{"GET", "/discipline/{code}", AUTH_P_SIGNED_IN, page_case, 0},
		{"POST", "/discipline/{code}/steps", AUTH_P_SIGNED_IN, page_step, 0},
		{"POST", "/discipline/{code}/exclusions", AUTH_P_SIGNED_IN, page_exclude, 0},
		{"POST", "/discipline/{code}/exclusions/{id}/end", AUTH_P_SIGNED_IN, page_exclusion_end, 0},
	};
	web_route_add(routes, sizeof routes / sizeof routes[0]);
}
