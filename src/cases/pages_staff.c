/* pages_staff.c — the staff pages of the cases room: the queues, the entry of
 * hotline calls, visits and letters, and a case with only the actions the
 * rules allow the official (the service decides in the end), and the vault
 * (the reporter's identity, shown in the one response that opened it). */
#include <stdlib.h>
#include <string.h>

#include "base/clock.h"
#include "base/log.h"
#include "cases/internal.h"
#include "cases/pages.h"
#include "ui/ui.h"
#include "units/units.h"
#include "web/html.h"
#include "web/i18n.h"

static int refuse_citizen(web_req *r)
{
	err e;
	const auth_actor *a = r->actor;
	if (a && a->role == ROLE_OVERSEER)
		err_set(&e, MB_EFORBIDDEN, "forbidden", NULL, "Tài khoản giám sát chỉ được xem, không ghi nhận hay thay đổi gì.",
		        "an overseer's account reads only; it files and changes nothing");
	else
		err_set(&e, MB_EFORBIDDEN, "forbidden", NULL, "Trang này chỉ dành cho cán bộ, công chức.", "this page is for officials only");
	return web_error(r, &e);
}

static bool is_staff(web_req *r)
{
	const auth_actor *a = r->actor;
	return a && a->role != ROLE_CITIZEN;
}

/* Staff who may file a case for someone: not the read-only overseer. */
static bool files_cases(web_req *r)
{
	const auth_actor *a = r->actor;
	return is_staff(r) && a->role != ROLE_OVERSEER;
}

static bool sees_all(const auth_actor *a)
{
	return a->role == ROLE_INSPECTOR || a->role == ROLE_HOME_AFFAIRS_INSPECTOR || a->role == ROLE_OVERSEER;
}

static const char *unit_label(web_req *r, const char *vi, const char *en_name)
{
	return cp_en(r) && en_name && *en_name ? en_name : vi;
}

/* --- the queues --- */

#define CASE_HTML_PAGE 50

static int page_queue(web_req *r)
{
	if (!is_staff(r)) return refuse_citizen(r);
	const auth_actor *a = r->actor;
	db *d = db_thread();
	const char *view = web_query(r, "view");
	static const char *const views[] = {"mine", "unit", "overdue", "all"};
	bool known = false;
	for (size_t i = 0; view && i < 4; i++) known |= !strcmp(view, views[i]);
	if (!known) view = sees_all(a) ? "all" : a->role == ROLE_PROCESSING_OFFICER ? "mine" : "unit";
	if (!strcmp(view, "all") && !sees_all(a)) view = "unit";
	/* A page at a time, newest first from the cursor (after= the last code
	 * of the page before); one row more than the page says whether there is
	 * a next one. */
	const char *after = web_query(r, "after"), *lim = web_query(r, "limit");
	int limit = lim ? (int)strtol(lim, NULL, 10) : CASE_HTML_PAGE;
	if (limit < 1 || limit > CASE_HTML_PAGE) limit = CASE_HTML_PAGE;
	case_filter f = {view, NULL, NULL, limit + 1, after};
	case_row *rows;
	int n = 0;
	err e = {0};
	if (case_list(d, a, &f, r->a, &rows, &n, &e)) return web_error(r, &e);
	const char *next = n > limit ? rows[limit - 1].code : NULL;
	if (n > limit) n = limit;
	const char *title = web_t(r, "Đơn thư phản ánh, kiến nghị");
	ui_page_begin(r, title);
	H(r, "<h1>%s</h1><p class=\"muted\">%s</p>", title, unit_label(r, a->unit_name_vi, a->unit_name_en));
	if (a->role != ROLE_OVERSEER)
		H(r, "<p class=\"toolbar\"><a class=\"button\" href=\"/cases/new\">%s</a></p>",
		  web_t(r, "Ghi nhận đơn (đường dây nóng, trực tiếp, bưu chính)"));
	const char *labels[4] = {web_t(r, "Của tôi"), web_t(r, "Đơn vị"), web_t(r, "Quá hạn"), web_t(r, "Tất cả")};
	H(r, "<nav class=\"tabs\">");
	for (int i = 0; i < 4; i++) {
		if (i == 3 && !sees_all(a)) continue;
		H(r, "<a href=\"/cases?view=%s\"%r>%s</a>", views[i], !strcmp(view, views[i]) ? " aria-current=\"page\"" : "", labels[i]);
	}
	H(r, "</nav>");
	const char *l_code = web_t(r, "Mã đơn"), *l_kind = web_t(r, "Loại"), *l_cat = web_t(r, "Nội dung"),
	           *l_unit = web_t(r, "Đơn vị giải quyết"), *l_holder = web_t(r, "Người xử lý"), *l_since = web_t(r, "Từ"),
	           *l_state = web_t(r, "Trạng thái"), *l_due = web_t(r, "Hạn"), *l_rep = web_t(r, "Người gửi");
	H(r, "<table class=\"list stack cases\"><thead><tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th>"
	     "<th>%s</th><th>%s</th><th>%s</th></tr></thead><tbody>",
	  l_code, l_kind, l_cat, l_unit, l_holder, l_since, l_state, l_due, l_rep);
	int64_t now = clock_now();
	for (int i = 0; i < n; i++) {
		const case_row *row = &rows[i];
		case_state st;
		bool running = !case_state_parse(row->state, &st) && case_rules_phase(st) != CP__MAX;
		bool late = running && row->due_at && (!strcmp(row->risk, "overdue") || now > row->due_at);
		H(r, "<tr class=\"risk-%s%r\"><td data-label=\"%s\"><a href=\"/cases/%u\"><code>%s</code></a></td>"
		     "<td data-label=\"%s\">%s</td><td data-label=\"%s\">%s</td><td data-label=\"%s\">%s</td>"
		     "<td data-label=\"%s\"%r>%s</td><td data-label=\"%s\">%s</td><td data-label=\"%s\">",
		  row->risk, late ? " late" : "", l_code, row->code, row->code, l_kind, cp_kind_label(r, row->kind), l_cat,
		  cp_category_label(r, row->category), l_unit, unit_label(r, row->unit_name_vi, row->unit_name_en), l_holder,
		  row->handler_name && *row->handler_name ? ui_vi(r) : "", row->handler_name && *row->handler_name ? row->handler_name : "—", l_since,
		  cp_when(r, row->step_started_at), l_state);
		cp_state_badge(r, row->state);
		H(r, "</td><td data-label=\"%s\">%s ", l_due, cp_when(r, row->due_at));
		cp_risk_badge(r, row);
		H(r, "</td><td data-label=\"%s\"><span class=\"muted\">%s</span></td></tr>", l_rep,
		  row->anonymous ? web_t(r, "(nặc danh)") : web_t(r, "(đã mã hoá)"));
	}
	if (n == 0) H(r, "<tr><td colspan=\"9\">%s</td></tr>", web_t(r, "Không có đơn nào."));
	H(r, "</tbody></table>");
	ui_pager(r, arena_printf(r->a, "/cases?view=%s&%s", view,
	                         limit != CASE_HTML_PAGE ? arena_printf(r->a, "limit=%d&", limit) : ""),
	         after && *after, next);
	ui_page_end(r);
	return 0;
}

/* --- staff entry --- */

static int render_new(web_req *r, const err *e)
{
	const char *title = web_t(r, "Ghi nhận đơn");
	ui_page_begin(r, title);
	H(r, "<p class=\"crumbs\"><a href=\"/cases\">%s</a></p><h1>%s</h1><p>%s</p>", web_t(r, "Đơn thư phản ánh, kiến nghị"), title,
	  web_t(r, "Ghi nhận cuộc gọi đường dây nóng, người đến trình bày trực tiếp hoặc đơn gửi qua bưu chính. Người ghi nhận được lưu theo tài khoản của bạn."));
	cp_report_form(r, true, e);
	ui_page_end(r);
	return 0;
}

static int page_new(web_req *r)
{
	if (!files_cases(r)) return refuse_citizen(r);
	return render_new(r, NULL);
}

static int page_new_post(web_req *r)
{
	if (!files_cases(r)) return refuse_citizen(r);
	err e = {0};
	case_input in;
	case_result res = {0};
	if (cp_report_input(r, true, &in, &e) == 0 &&
	    case_exec(db_thread(), r->actor, CC_RECEIVE, NULL, &in, r->a, &res, &e) == 0)
		return cp_receipt_answer(r, &res, true);
	if (e.status == MB_EINTERNAL) return web_error(r, &e);
	r->status = err_http_status(e.status, e.code);
	return render_new(r, &e);
}

/* --- a case --- */

typedef struct case_ctx {
	db *d;
	const auth_actor *a;
	case_row *row;
	case_state state;
	case_kind kind;
	case_actor ca;
	case_env env;
	bool have_env;
} case_ctx;

static bool may(const case_ctx *c, case_cmd cmd)
{
	if (!c->have_env || !case_rules_allowed(c->state, cmd)) return false;
	case_snapshot s = {c->state, c->kind, c->row->anonymous, c->row->phase_extensions, c->row->reopened,
	                   c->row->handler_account_id, c->row->reporter_account_id, c->row->due_at};
	case_state next;
	bool esc = false;
	return case_rules_decide(&s, cmd, &c->ca, &c->env.rules, true, &next, &esc, NULL) == 0;
}

static void action_form(web_req *r, const case_row *row, case_cmd cmd, const char *title, const char *fields,
                        const char *button)
{
	H(r, "<section class=\"card action\" id=\"act-%s\"><h3>%s</h3><form method=\"post\" action=\"/cases/%u/actions/%s\" class=\"form\">"
	     "%r%r<button type=\"submit\">%s</button></form></section>",
	  case_cmd_name(cmd), title, row->code, case_cmd_name(cmd), auth_form_fields(r), fields, button);
}

static const char *textarea(web_req *r, const char *name, const char *label, bool required, const char *hint)
{
	buf b;
	buf_init(&b, 8192);
	html_printf(&b, "<label>%s<textarea name=\"%s\"%r rows=\"3\" maxlength=\"10000\"></textarea>", label, name,
	            required ? " required" : "");
	if (hint) html_printf(&b, "<span class=\"hint\">%s</span>", hint);
	html_printf(&b, "</label>");
	const char *s = arena_strdup(r->a, buf_str(&b));
	buf_free(&b);
	return s;
}

/* The officials a conclusion at fault names (logins) and the sanction that
 * goes on each one's record; the official reported on by default. */
static const char *conclude_officials(web_req *r, const case_row *row)
{
	buf b;
	buf_init(&b, 4096);
	html_printf(&b, "<label>%s<input name=\"officials\" maxlength=\"1000\" autocomplete=\"off\">"
	                "<span class=\"hint\">%s</span></label>",
	            web_t(r, "Cán bộ có sai phạm (tên đăng nhập, cách nhau bằng dấu phẩy)"),
	            row->subject_account_id ? web_t(r, "Để trống: cán bộ bị phản ánh trong đơn.")
	                                    : web_t(r, "Đơn không nêu cán bộ: ghi tên đăng nhập của từng cán bộ có sai phạm."));
	html_printf(&b, "<label class=\"check\"><input type=\"checkbox\" name=\"corruption\" value=\"1\"> %s</label>",
	            web_t(r, "Sai phạm là hành vi tham nhũng (nhũng nhiễu vì vụ lợi, đòi tiền): xem xét trách nhiệm người đứng đầu"));
	const char *s = arena_printf(r->a, "%s%s", buf_str(&b),
	                             textarea(r, "sanction", web_t(r, "Hình thức xử lý cán bộ"), false,
	                                      web_t(r, "Khi cán bộ có sai phạm; ghi vào hồ sơ của từng cán bộ đó.")));
	buf_free(&b);
	return s;
}

static void actions(web_req *r, case_ctx *c)
{
	const case_row *row = c->row;
	H(r, "<h2>%s</h2>", web_t(r, "Thao tác"));
	bool any = false;
	if (may(c, CC_ACCEPT)) {
		any = true;
		action_form(r, row, CC_ACCEPT, web_t(r, "Thụ lý giải quyết"), "", web_t(r, "Thụ lý"));
	}
	if (may(c, CC_NOT_ACCEPT)) {
		any = true;
		action_form(r, row, CC_NOT_ACCEPT, web_t(r, "Không thụ lý"),
		            textarea(r, "reason", web_t(r, "Lý do không thụ lý"), true, web_t(r, "Lý do được thông báo cho người gửi.")),
		            web_t(r, "Không thụ lý"));
	}
	if (may(c, CC_TRANSFER)) {
		any = true;
		units_row *units;
		int n = 0;
		if (units_list(c->d, r->a, &units, &n, NULL)) n = 0;
		buf b;
		buf_init(&b, 256 * 1024);
		html_printf(&b, "<label>%s<select name=\"to_unit\" required><option value=\"\">%s</option>", web_t(r, "Chuyển đến đơn vị"),
		            web_t(r, "— Chọn cơ quan, đơn vị —"));
		for (int i = 0; i < n; i++)
			if (units[i].id != row->unit_id && !case_unit_excluded(c->d, row, units[i].id))
				html_printf(&b, "<option value=\"%s\">%s</option>", units[i].code, unit_label(r, units[i].name_vi, units[i].name_en));
		html_printf(&b, "</select></label>");
		const char *sel = arena_strdup(r->a, buf_str(&b));
		buf_free(&b);
		action_form(r, row, CC_TRANSFER, web_t(r, "Chuyển đơn vị có thẩm quyền"),
		            arena_printf(r->a, "%s%s", sel, textarea(r, "reason", web_t(r, "Lý do chuyển"), true, NULL)),
		            web_t(r, "Chuyển đơn"));
	}
	if (may(c, CC_ASSIGN)) {
		any = true;
		case_person *ps;
		int n = 0;
		if (case_assignees(c->d, row, r->a, &ps, &n, NULL)) n = 0;
		buf b;
		buf_init(&b, 64 * 1024);
		html_printf(&b, "<label>%s<select name=\"to_login\" required><option value=\"\">%s</option>", web_t(r, "Giao cho"),
		            web_t(r, "— Chọn cán bộ —"));
		for (int i = 0; i < n; i++)
			html_printf(&b, "<option value=\"%s\"%r>%s%r%s</option>", ps[i].login, ui_vi(r), ps[i].display_name,
			            ps[i].title && *ps[i].title ? " — " : "", ps[i].title);
		html_printf(&b, "</select></label>");
		action_form(r, row, CC_ASSIGN, row->handler_account_id ? web_t(r, "Giao lại người xử lý") : web_t(r, "Giao người xử lý"),
		            arena_strdup(r->a, buf_str(&b)), web_t(r, "Giao"));
		buf_free(&b);
	}
	if (may(c, CC_EXTEND)) {
		any = true;
		case_phase ph = case_rules_phase(c->state);
		const case_clock *k = ph < CP__MAX ? &c->env.rules.clocks[c->kind][ph] : NULL;
		const char *hint = k ? arena_printf(r->a, "%s %d/%d · %s %s", web_t(r, "Đã gia hạn"), row->phase_extensions,
		                                    k->extension_limit, web_t(r, "mỗi lần tối đa"), cp_days(r, k->extension_days, k->unit))
		                     : NULL;
		action_form(r, row, CC_EXTEND, web_t(r, "Gia hạn giải quyết"), textarea(r, "reason", web_t(r, "Lý do gia hạn"), true, hint),
		            web_t(r, "Gia hạn"));
	}
	if (may(c, CC_VERIFY)) {
		any = true;
		action_form(r, row, CC_VERIFY, web_t(r, "Báo cáo kết quả xác minh"),
		            textarea(r, "findings", web_t(r, "Kết quả xác minh"), true, web_t(r, "Nội dung đã xác minh, bằng chứng, người đã làm việc.")),
		            web_t(r, "Ghi kết quả xác minh"));
	}
	if (may(c, CC_CONCLUDE)) {
		any = true;
		action_form(r, row, CC_CONCLUDE, web_t(r, "Kết luận"),
		            arena_printf(r->a, "%s<fieldset><legend>%s</legend><label class=\"check\"><input type=\"radio\" name=\"at_fault\" value=\"1\" required> %s</label>"
		                               "<label class=\"check\"><input type=\"radio\" name=\"at_fault\" value=\"0\"> %s</label></fieldset>%s",
		                         textarea(r, "conclusion", web_t(r, "Nội dung kết luận"), true, NULL),
		                         web_t(r, "Cơ quan, cán bộ có sai phạm không?"), web_t(r, "Có sai phạm"), web_t(r, "Không có sai phạm"),
		                         conclude_officials(r, row)),
		            web_t(r, "Kết luận"));
	}
	if (may(c, CC_PUBLISH)) {
		any = true;
		const char *apology = row->at_fault == 1
			? arena_printf(r->a, "<fieldset><legend>%s</legend>%s%s%s</fieldset>", web_t(r, "Lời xin lỗi công khai"),
			               textarea(r, "what_wrong", web_t(r, "Điều đã làm sai"), true, NULL),
			               textarea(r, "what_done", web_t(r, "Điều đã làm để khắc phục"), true, NULL),
			               textarea(r, "remedy", web_t(r, "Biện pháp khắc phục cho người dân"), true, NULL))
			: "";
		action_form(r, row, CC_PUBLISH, web_t(r, "Công khai kết quả"),
		            arena_printf(r->a, "%s%s",
		                         textarea(r, "result_summary", web_t(r, "Tóm tắt kết quả (công khai)"), true,
		                                  web_t(r, "Không ghi thông tin cá nhân của người gửi.")),
		                         apology),
		            web_t(r, "Công khai"));
	}
	if (may(c, CC_CONFIRM)) {
		any = true;
		action_form(r, row, CC_CONFIRM, web_t(r, "Xác nhận đã giải quyết xong"), "", web_t(r, "Xác nhận"));
	}
	if (may(c, CC_WITHDRAW)) {
		any = true;
		action_form(r, row, CC_WITHDRAW, web_t(r, "Ghi nhận văn bản rút đơn của người gửi"),
		            textarea(r, "reason", web_t(r, "Nội dung văn bản rút đơn"), true,
		                     web_t(r, "Chỉ khi người gửi đã có văn bản rút đơn, trước khi có kết luận.")),
		            web_t(r, "Rút đơn"));
	}
	if (!any) H(r, "<p class=\"muted\">%s</p>", web_t(r, "Không có thao tác nào bạn được thực hiện ở trạng thái này."));
}

/* Whether the vault form is offered: the handler or an inspector, never the
 * official reported on nor, for a denunciation, anyone of the unit denounced;
 * only when there is an identity to open. The service decides in the end. */
static bool vault_offered(const case_ctx *c)
{
	bool prot = c->kind == CK_DENUNCIATION || c->kind == CK_INFORMATION;
	if (c->row->anonymous || (c->row->subject_account_id && c->row->subject_account_id == c->a->id) ||
	    (prot && c->ca.in_subject_unit))
		return false;
	bool inspector = c->a->role == ROLE_INSPECTOR || c->a->role == ROLE_HOME_AFFAIRS_INSPECTOR;
	return inspector || (c->row->handler_account_id && c->row->handler_account_id == c->a->id && c->ca.in_scope);
}

enum { CASE_SECTIONS_MAX = 8 };
static const case_section *g_sections[CASE_SECTIONS_MAX];
static int g_nsections;

void case_section_add(const case_section *s)
{
	for (int i = 0; i < g_nsections; i++)
		if (g_sections[i] == s) return;
	if (g_nsections < CASE_SECTIONS_MAX) g_sections[g_nsections++] = s;
	else log_msg(LOG_ERROR, "cases", "more than %d sections added to the case page: one left out", CASE_SECTIONS_MAX);
}

static int render_case(web_req *r, case_row *row, const err *e, const case_identity *identity, bool opened_empty)
{
	case_ctx c;
	memset(&c, 0, sizeof c);
	c.d = db_thread();
	c.a = r->actor;
	c.row = row;
	if (case_state_parse(row->state, &c.state)) c.state = CS_NONE;
	if (case_kind_parse(row->kind, &c.kind)) c.kind = CK_FEEDBACK;
	c.ca = case_actor_of(c.d, c.a, row);
	c.have_env = case_env_load(c.d, row->rule_set_id, row->received_at, r->a, &c.env, NULL) == 0;
	web_header_add(r, "Cache-Control", "no-store");
	r->cacheable = false;

	ui_page_begin(r, row->code);
	H(r, "<p class=\"crumbs\"><a href=\"/cases\">%s</a></p><h1>%s <code>%s</code></h1>", web_t(r, "Đơn thư phản ánh, kiến nghị"),
	  web_t(r, "Đơn số"), row->code);
	if (e) H(r, "<p class=\"error\" role=\"alert\">%s</p>", cp_en(r) ? e->en : e->vi);

	H(r, "<section class=\"card summary case-summary\"><dl><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s</dd>"
	     "<dt>%s</dt><dd>",
	  web_t(r, "Loại đơn"), cp_kind_label(r, row->kind), web_t(r, "Nội dung phản ánh"), cp_category_label(r, row->category),
	  web_t(r, "Kênh tiếp nhận"), cp_channel_label(r, row->channel), web_t(r, "Trạng thái"));
	cp_state_badge(r, row->state);
	H(r, "</dd><dt>%s</dt><dd><a href=\"/units/%u\">%s</a></dd><dt>%s</dt><dd%r>%s%r%s</dd><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd><strong>%s</strong> ",
	  web_t(r, "Đơn vị giải quyết"), row->unit_code, unit_label(r, row->unit_name_vi, row->unit_name_en),
	  web_t(r, "Người xử lý"), ui_vi(r), row->handler_name && *row->handler_name ? row->handler_name : "—",
	  row->handler_title && *row->handler_title ? " · " : "", row->handler_title,
	  web_t(r, "Nhận lúc"), cp_when(r, row->received_at), web_t(r, "Hạn"), cp_when(r, row->due_at));
	cp_risk_badge(r, row);
	H(r, "</dd>");
	case_phase ph = case_rules_phase(c.state);
	if (c.have_env && ph < CP__MAX) {
		const case_clock *k = &c.env.rules.clocks[c.kind][ph];
		H(r, "<dt>%s</dt><dd>%s%r<br><span class=\"muted citation\"%r>%s</span></dd>", web_t(r, "Thời hạn theo luật"),
		  cp_days(r, k->days, k->unit),
		  k->extension_limit ? arena_printf(r->a, " · %s %d/%d", web_t(r, "đã gia hạn"), row->phase_extensions, k->extension_limit) : "",
		  ui_vi(r), k->citation);
	}
	if (row->reopened) H(r, "<dt>%s</dt><dd>%d</dd>", web_t(r, "Số lần giải quyết lại"), row->reopened);
	if (row->transfers) H(r, "<dt>%s</dt><dd>%d</dd>", web_t(r, "Số lần chuyển đơn"), row->transfers);
	if (row->subject_unit_code && *row->subject_unit_code) {
		units_row su;
		const char *sname = units_get(db_thread(), row->subject_unit_code, r->a, &su) == 1
		                    ? unit_label(r, su.name_vi, su.name_en) : row->subject_unit_name_vi;
		H(r, "<dt>%s</dt><dd>%s</dd>", web_t(r, "Đơn vị bị phản ánh"), sname);
	}
	if ((row->subject_official_name && *row->subject_official_name) || (row->subject_name && *row->subject_name))
		H(r, "<dt>%s</dt><dd%r>%s%r%s</dd>", web_t(r, "Cán bộ bị phản ánh"), ui_vi(r),
		  row->subject_official_name && *row->subject_official_name ? row->subject_official_name : row->subject_name,
		  row->subject_official_title && *row->subject_official_title ? " · " : "", row->subject_official_title);
	if (row->dossier_code && *row->dossier_code)
		H(r, "<dt>%s</dt><dd><a href=\"/dossiers/%u\">%s</a></dd>", web_t(r, "Hồ sơ liên quan"), row->dossier_code, row->dossier_code);
	const char *insp = "";
	err ie = {0};
	if (case_inspection_of(db_thread(), row->id, r->a, &insp, &ie) == 0 && *insp)
		H(r, "<dt>%s</dt><dd><code>%s</code></dd>", web_t(r, "Cuộc thanh tra, kiểm tra doanh nghiệp liên quan"), insp);
	H(r, "<dt>%s</dt><dd class=\"reporter\">%s</dd></dl></section>", web_t(r, "Người gửi"),
	  row->anonymous ? web_t(r, "(nặc danh)") : web_t(r, "(đã mã hoá)"));

	if (identity) {
		H(r, "<section class=\"card identity-open\" id=\"identity\"><h2>%s</h2><p class=\"notice\">%s</p>",
		  web_t(r, "Thông tin người gửi"),
		  web_t(r, "Lần mở này đã được ghi vào sổ cái. Không sao chép, không tiết lộ cho đơn vị, cán bộ bị phản ánh."));
		if (opened_empty) H(r, "<p>%s</p>", web_t(r, "Đơn nặc danh: không có thông tin người gửi."));
		else
			H(r, "<dl><dt>%s</dt><dd%r>%s</dd><dt>%s</dt><dd%r>%s</dd><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s</dd></dl>",
			  web_t(r, "Họ tên"), ui_vi(r), identity->name, web_t(r, "Địa chỉ"), ui_vi(r), identity->address, web_t(r, "Điện thoại"),
			  identity->phone, web_t(r, "Thư điện tử"), identity->email, web_t(r, "Số định danh cá nhân"), identity->id_number);
		H(r, "</section>");
	}

	if (c.a->role == ROLE_OVERSEER)   /* case_rules_overseer_view: the free text is withheld */
		H(r, "<section class=\"card case-body\"><p class=\"muted\">%s</p>",
		  web_t(r, "Nội dung đơn có thể chứa thông tin cá nhân nên không hiển thị cho tài khoản giám sát."));
	else
		H(r, "<section class=\"card case-body\"><h2%r>%s</h2><p class=\"pre\"%r>%s</p>", ui_vi(r), row->title, ui_vi(r), row->body);
	if (row->incident_date && *row->incident_date)
		H(r, "<p class=\"muted\">%s %s</p>", web_t(r, "Ngày người gửi biết sự việc:"), row->incident_date);
	H(r, "</section>");
	if (row->reason && *row->reason) H(r, "<p class=\"notice\"><strong>%s</strong> %s</p>", web_t(r, "Lý do:"), row->reason);
	if ((row->findings && *row->findings) || (row->conclusion && *row->conclusion)) {
		H(r, "<section class=\"card findings\"><dl>");
		if (row->findings && *row->findings) H(r, "<dt>%s</dt><dd class=\"pre\">%s</dd>", web_t(r, "Kết quả xác minh"), row->findings);
		if (row->conclusion && *row->conclusion)
			H(r, "<dt>%s</dt><dd class=\"pre\">%s</dd><dt>%s</dt><dd>%s</dd>", web_t(r, "Kết luận"), row->conclusion,
			  web_t(r, "Sai phạm"), row->at_fault == 1 ? web_t(r, "Có sai phạm") : web_t(r, "Không có sai phạm"));
		H(r, "</dl></section>");
	}
	cp_result_block(r, c.d, row);
	if (row->satisfaction && *row->satisfaction)
		H(r, "<p class=\"notice\">%s %s</p>", web_t(r, "Người gửi:"),
		  !strcmp(row->satisfaction, "satisfied") ? web_t(r, "hài lòng") : web_t(r, "chưa hài lòng"));

	H(r, "<h2>%s</h2>", web_t(r, "Quá trình giải quyết"));
	cp_steps_table(r, c.d, row);

	case_file_row *files;
	int nf = 0;
	/* Attachments are the reporter's own material: not for overseers. */
	if (c.a->role == ROLE_OVERSEER || case_files(c.d, row->id, r->a, &files, &nf, NULL)) nf = 0;
	H(r, "<h2>%s</h2><ul class=\"docs case-files\">", web_t(r, "Tài liệu kèm theo"));
	for (int i = 0; i < nf; i++) {
		if (files[i].sealed && !vault_offered(&c))
			H(r, "<li class=\"sealed\"><span class=\"badge none\">%s</span> %s</li>", web_t(r, "Đã niêm phong"),
			  web_t(r, "Tệp có thông tin nhận dạng người gửi (mở cùng thông tin người gửi)"));
		else if (!files[i].sealed)
			H(r, "<li><a href=\"/cases/%u/files/%u\">%s</a> <span class=\"muted\">(%s, %D KB)</span></li>", row->code,
			  files[i].sha256, *files[i].name ? files[i].name : files[i].sha256, files[i].content_type,
			  (files[i].size + 1023) / 1024);
		else
			/* A sealed file opens like the identity: with a reason, recorded. */
			H(r, "<li>%s <span class=\"muted\">(%s, %D KB · %s)</span>"
			     "<form method=\"post\" action=\"/cases/%u/files/%u\" class=\"form inline\">"
			     "<input type=\"hidden\" name=\"_csrf\" value=\"%s\"><label>%s<input name=\"reason\" required minlength=\"10\" maxlength=\"500\"></label>"
			     "<button type=\"submit\">%s</button></form></li>",
			  files[i].name, files[i].content_type, (files[i].size + 1023) / 1024, web_t(r, "Đã niêm phong"), row->code,
			  files[i].sha256, r->csrf ? r->csrf : "", web_t(r, "Lý do mở tệp"), web_t(r, "Mở tệp (được ghi lại)"));
	}
	if (nf == 0) H(r, "<li class=\"muted\">%s</li>", web_t(r, "Không có tệp nào."));
	H(r, "</ul>");
	for (int i = 0; i < g_nsections; i++) {
		err se = {0};
		if (g_sections[i]->staff && g_sections[i]->staff(r, db_thread(), row, &se)) {
			if (c.have_env) case_env_free(&c.env);
			return web_error(r, &se);
		}
	}

	actions(r, &c);
	if (vault_offered(&c) && !identity)
		H(r, "<section class=\"card action vault\" id=\"act-identity\"><h3>%s</h3><p class=\"hint\">%s</p>"
		     "<form method=\"post\" action=\"/cases/%u/identity\" class=\"form\">%r"
		     "<label>%s<textarea name=\"reason\" required rows=\"2\" maxlength=\"2000\"></textarea></label>"
		     "<button type=\"submit\" class=\"secondary\">%s</button></form></section>",
		  web_t(r, "Mở thông tin người gửi"),
		  web_t(r, "Chỉ mở khi cần liên hệ người gửi để giải quyết. Mỗi lần mở được ghi vào sổ cái cùng lý do."),
		  row->code, auth_form_fields(r), web_t(r, "Lý do mở"), web_t(r, "Mở thông tin người gửi"));
	ui_page_end(r);
	if (c.have_env) case_env_free(&c.env);
	return 0;
}

/* The case named in the path, if the actor may see it (else 404: a denounced
 * unit does not learn that a denunciation exists). */
static int load_case(web_req *r, case_row *row, err *e)
{
	if (!is_staff(r))
		return err_set(e, MB_EFORBIDDEN, "forbidden", NULL, "Trang này chỉ dành cho cán bộ, công chức.", "this page is for officials only");
	const char *code = web_param(r, "code");
	db *d = db_thread();
	int rc = code && case_rules_code_valid(code) ? case_get(d, code, r->a, row, e) : 0;
	if (rc < 0) return rc;
	if (rc == 0 || !case_visible(d, r->actor, row))
		return err_set(e, MB_ENOTFOUND, "not_found", NULL, "Không có đơn này.", "no such case");
	const auth_actor *a = r->actor;
	if (a->role == ROLE_OVERSEER) case_rules_overseer_view(row);
	return 0;
}

static int page_case(web_req *r)
{
	err e = {0};
	case_row row;
	if (load_case(r, &row, &e)) return web_error(r, &e);
	/* Right after opening the vault (page_identity): the identity, once. */
	const char *opened = auth_form_take(r, "opened");
	if (opened) {
		case_identity id = {auth_form_take(r, "name"), auth_form_take(r, "address"), auth_form_take(r, "phone"),
		                    auth_form_take(r, "email"), auth_form_take(r, "id_number")};
		return render_case(r, &row, NULL, &id, !strcmp(opened, "empty"));
	}
	return render_case(r, &row, NULL, NULL, false);
}

static const char *ftext(web_req *r, const char *name)
{
	const char *v = web_form(r, name);
	if (!v) return NULL;
	while (*v == ' ' || *v == '\r' || *v == '\n' || *v == '\t') v++;
	size_t n = strlen(v);
	while (n && (v[n - 1] == ' ' || v[n - 1] == '\r' || v[n - 1] == '\n' || v[n - 1] == '\t')) n--;
	return n ? arena_strndup(r->a, v, n) : NULL;
}

static int page_action(web_req *r)
{
	err e = {0};
	case_row row;
	if (load_case(r, &row, &e)) return web_error(r, &e);
	case_cmd cmd;
	static const case_cmd staff_cmds[] = {CC_ACCEPT, CC_NOT_ACCEPT, CC_TRANSFER, CC_ASSIGN, CC_EXTEND, CC_VERIFY,
	                                      CC_CONCLUDE, CC_PUBLISH, CC_CONFIRM, CC_WITHDRAW};
	bool ok = !case_cmd_parse(web_param(r, "cmd"), &cmd);
	bool listed = false;
	for (size_t i = 0; ok && i < sizeof staff_cmds / sizeof staff_cmds[0]; i++) listed |= staff_cmds[i] == cmd;
	if (!ok || !listed) {
		err_set(&e, MB_ENOTFOUND, "not_found", NULL, "Không có thao tác này.", "no such action");
		return web_error(r, &e);
	}
	case_input in;
	memset(&in, 0, sizeof in);
	in.reason = ftext(r, "reason");
	in.to_unit = ftext(r, "to_unit");
	in.to_login = ftext(r, "to_login");
	in.findings = ftext(r, "findings");
	in.conclusion = ftext(r, "conclusion");
	const char *af = web_form(r, "at_fault");
	in.at_fault = af && !strcmp(af, "1") ? 1 : af && !strcmp(af, "0") ? 0 : -1;
	in.sanction = ftext(r, "sanction");
	in.officials = ftext(r, "officials");
	const char *cor = web_form(r, "corruption");
	in.corruption = cor && !strcmp(cor, "1") ? 1 : 0;
	in.result_summary = ftext(r, "result_summary");
	in.apology_what_wrong = ftext(r, "what_wrong");
	in.apology_what_done = ftext(r, "what_done");
	in.apology_remedy = ftext(r, "remedy");
	in.lang = r->lang;
	if (cmd == CC_CONCLUDE && in.at_fault < 0)
		err_set(&e, MB_EINVAL, "missing_field", "at_fault", "Hãy chọn có hay không có sai phạm.", "say whether there was fault");
	case_result res = {0};
	if (!e.status && case_exec(db_thread(), r->actor, cmd, row.code, &in, r->a, &res, &e) == 0)
		return web_redirect(r, arena_printf(r->a, "/cases/%s", row.code));
	if (e.status == MB_EINTERNAL) return web_error(r, &e);
	int st = err_http_status(e.status, e.code);
	err e2 = {0};
	if (load_case(r, &row, &e2)) return web_error(r, &e);   /* no longer visible (transferred away) */
	r->status = st;
	return render_case(r, &row, &e, NULL, false);
}

static int page_identity(web_req *r)
{
	err e = {0};
	case_row row;
	if (load_case(r, &row, &e)) return web_error(r, &e);
	const char *reason = ftext(r, "reason");
	case_identity id;
	memset(&id, 0, sizeof id);
	int rc = reason ? case_identity_open(db_thread(), r->actor, row.code, reason, r->a, &id, &e)
	                : err_set(&e, MB_EINVAL, "missing_field", "reason", "Hãy ghi lý do mở thông tin người gửi.",
	                          "give the reason for opening the reporter's identity");
	if (rc < 0) {
		if (e.status == MB_EINTERNAL) return web_error(r, &e);
		r->status = err_http_status(e.status, e.code);
		return render_case(r, &row, &e, NULL, false);
	}
	/* POST/redirect/GET: the identity is kept sealed for the case page, which shows it once. */
	const char *tok = auth_form_token(r);
	if (!tok || auth_form_keep(r, "opened", rc == 0 ? "empty" : "1") || auth_form_keep(r, "name", id.name) ||
	    auth_form_keep(r, "address", id.address) || auth_form_keep(r, "phone", id.phone) ||
	    auth_form_keep(r, "email", id.email) || auth_form_keep(r, "id_number", id.id_number))
		return render_case(r, &row, NULL, &id, rc == 0);
	return web_redirect(r, arena_printf(r->a, "/cases/%s?f=%s#identity", row.code, tok));
}

/* An attachment's bytes: kept private, never cached, always a download. */
static int send_file(web_req *r, const case_file_row *f, const unsigned char *data, size_t n)
{
	char safe[96];
	size_t k = 0;
	for (const char *p = f->name; *p && k + 1 < sizeof safe; p++) {
		unsigned char c = (unsigned char)*p;
		safe[k++] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-' ||
		            c == '_' ? (char)c : '_';
	}
	safe[k] = '\0';
	r->status = 200;
	r->out_type = f->content_type;
	buf_reset(&r->out);
	buf_add(&r->out, data, n);
	web_header_add(r, "Content-Disposition", arena_printf(r->a, "attachment; filename=\"%s\"", k ? safe : "tep-dinh-kem"));
	web_header_add(r, "Cache-Control", "private, no-store");
	return 0;
}

static int page_file(web_req *r)
{
	err e = {0};
	case_file_row f;
	unsigned char *data;
	size_t n = 0;
	const char *reason = !strcmp(r->method, "POST") ? ftext(r, "reason") : NULL;
	const auth_actor *a = r->actor;
	if (a->role == ROLE_OVERSEER) {   /* attachments are personal material: as if there were none */
		err_set(&e, MB_ENOTFOUND, "not_found", NULL, "Không có tệp này.", "no such file");
		return web_error(r, &e);
	}
	if (case_file_open(db_thread(), r->actor, web_param(r, "code"), web_param(r, "sha"), reason, r->a, &f, &data, &n, &e))
		return web_error(r, &e);
	return send_file(r, &f, data, n);
}

static const web_route routes[] = {
	{"GET", "/cases/{code}/files/{sha}", AUTH_P_SIGNED_IN, page_file, 0},
	{"POST", "/cases/{code}/files/{sha}", AUTH_P_SIGNED_IN, page_file, 0},
	{"GET", "/cases", AUTH_P_SIGNED_IN, page_queue, 0},
	{"GET", "/cases/new", AUTH_P_SIGNED_IN, page_new, 0},
	{"POST", "/cases/new", AUTH_P_SIGNED_IN, page_new_post, 12u * 1024 * 1024},
	{"GET", "/cases/{code}", AUTH_P_SIGNED_IN, page_case, 0},
	{"POST", "/cases/{code}/actions/{cmd}", AUTH_P_SIGNED_IN, page_action, 0},
	{"POST", "/cases/{code}/identity", AUTH_P_SIGNED_IN, page_identity, 0},
};

void cases_pages_staff_install(void)
{
	web_route_add(routes, sizeof routes / sizeof routes[0]);
}
