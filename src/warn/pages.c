/* pages.c — early warning's pages: the signals an inspector or a head reads
 * (/oversight/warnings), one signal with its formula, figures, peers and test
 * (/oversight/warnings/{id}) and the inspectors' forms; the official's
 * section for their record page (warn_official_section). Never public. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/clock.h"
#include "ui/ui.h"
#include "web/html.h"
#include "warn/internal.h"

enum { LIST_PAGE = 50 };

static bool en(web_req *r) { return r->lang && !strcmp(r->lang, "en"); }

static const char *rate(web_req *r, int64_t x, int64_t n)
{
	if (n <= 0) return web_t(r, "chưa có dữ liệu");
	return arena_printf(r->a, "%lld/%lld (%.1f%%)", (long long)x, (long long)n, 100.0 * (double)x / (double)n);
}

static const char *num2(web_req *r, double v)
{
	if (isnan(v)) return web_t(r, "chưa có dữ liệu");
	const char *s = arena_printf(r->a, "%.2f", v);
	if (!en(r)) {
		char *t = arena_strdup(r->a, s);
		for (char *p = t; *p; p++)
			if (*p == '.') *p = ',';
		return t;
	}
	return s;
}

static const char *signal_label(web_req *r, const char *name)
{
	warn_signal s;
	return warn_signal_parse(name, &s) ? name : web_t(r, warn_signal_label_vi(s));
}

static const char *state_label(web_req *r, const char *name)
{
	warn_state s;
	return warn_state_parse(name, &s) ? name : web_t(r, warn_state_label_vi(s));
}

/* The subject: an official's name (Vietnamese, marked so) and login, and the unit. */
static void subject_write(web_req *r, const warn_signal_row *s)
{
	bool ue = en(r) && *s->unit_name_en;
	if (s->account_id) H(r, "<span%r>%s</span> (%s) — ", ui_vi(r), s->display_name, s->login);
	H(r, "<span%r>%s</span>", ue ? "" : ui_vi(r), ue ? s->unit_name_en : s->unit_name_vi);
}

static void rows_table(web_req *r, const warn_signal_row *rows, int n)
{
	const char *l[] = {web_t(r, "Tín hiệu"), web_t(r, "Đối tượng"), web_t(r, "Tỷ lệ của đối tượng"),
	                   web_t(r, "Tỷ lệ của nhóm so sánh"), web_t(r, "Tỷ số (cận dưới 95%)"), web_t(r, "Trạng thái")};
	H(r, "<table class=\"list stack\"><thead><tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr></thead><tbody>",
	  l[0], l[1], l[2], l[3], l[4], l[5]);
	for (int i = 0; i < n; i++) {
		const warn_signal_row *s = &rows[i];
		H(r, "<tr><td data-label=\"%s\"><a href=\"/oversight/warnings/%D\">%s</a></td><td data-label=\"%s\">", l[0], s->id,
		  signal_label(r, s->signal), l[1]);
		subject_write(r, s);
		H(r, "</td><td data-label=\"%s\">%s</td><td data-label=\"%s\">%s</td><td data-label=\"%s\">%s (%s)</td>"
		     "<td data-label=\"%s\">%s</td></tr>",
		  l[2], rate(r, s->events, s->exposure), l[3], rate(r, s->peer_events, s->peer_exposure), l[4], num2(r, s->ratio),
		  num2(r, s->lower), l[5], state_label(r, s->state));
	}
	H(r, "</tbody></table>");
}

static int page_list(web_req *r)
{
	err e = {0};
	db *d = db_thread();
	const auth_actor *actor = r->actor;
	const char *state = web_query(r, "state");
	int64_t before;
	if (warn_parse_before(web_query(r, "before"), &before, &e)) return web_error(r, &e);
	warn_signal_row *rows;
	int n;
	if (warn_list_for(d, actor, state, before, LIST_PAGE + 1, r->a, &rows, &n, &e)) return web_error(r, &e);
	r->personal = true;
	const char *title = web_t(r, "Cảnh báo sớm");
	ui_page_begin(r, title);
	H(r, "<h1>%s</h1><p class=\"muted\">%s</p>", title,
	  web_t(r, "Tín hiệu tính từ dữ liệu: cán bộ so với cán bộ khác trên cùng thủ tục, đơn vị so với đơn vị cùng cấp. "
	           "Một tín hiệu chỉ mở việc xem xét cho thanh tra, không phải kết luận vi phạm, và không bao giờ công khai theo tên."));
	int64_t at = 0;
	int flagged = 0, opened = 0;
	int lr = warn_repo_last_run(d, &at, &flagged, &opened, &e);
	if (lr < 0) return web_error(r, &e);
	if (lr) {
		char when[32];
		clock_vn_display(at, when, sizeof when);
		H(r, "<p>%s %s: %d %s, %d %s.</p>", web_t(r, "Lần tính gần nhất"), when, flagged, web_t(r, "đối tượng vượt ngưỡng"), opened,
		  web_t(r, "tín hiệu mới"));
	} else {
		H(r, "<p>%s</p>", web_t(r, "Chưa tính lần nào."));
	}
	if (warn_rules_may_act(actor->role))
		H(r, "<form method=\"post\" action=\"/oversight/warnings/run\" class=\"form inline\">%r<button type=\"submit\">%s</button></form>",
		  auth_form_fields(r), web_t(r, "Tính lại ngay"));
	H(r, "<nav class=\"filters\" aria-label=\"%s\"><a href=\"/oversight/warnings\">%s</a>", web_t(r, "Lọc theo trạng thái"),
	  web_t(r, "Tất cả"));
	for (int s = 0; s < WST__MAX; s++)
		H(r, " · <a href=\"/oversight/warnings?state=%u\">%s</a>", warn_state_name((warn_state)s),
		  web_t(r, warn_state_label_vi((warn_state)s)));
	H(r, "</nav>");
	bool more = n > LIST_PAGE;
	if (more) n = LIST_PAGE;
	if (!n) H(r, "<p class=\"muted\">%s</p>", web_t(r, "Không có tín hiệu nào."));
	else rows_table(r, rows, n);
	if (more)
		H(r, "<p><a href=\"/oversight/warnings?%rbefore=%D\">%s</a></p>",
		  state && *state ? arena_printf(r->a, "state=%s&amp;", rows[0].state) : "", rows[n - 1].id, web_t(r, "Trang sau"));
	ui_page_end(r);
	return 0;
}

static void figure_row(web_req *r, const char *label, const char *value)
{
	H(r, "<tr><th scope=\"row\">%s</th><td>%s</td></tr>", label, value);
}

static int page_signal(web_req *r)
{
	err e = {0};
	db *d = db_thread();
	int64_t id;
	warn_signal_row s;
	if (warn_parse_id(web_param(r, "id"), &id, &e)) return web_error(r, &e);
	if (warn_get_for(d, r->actor, id, r->a, &s, &e)) return web_error(r, &e);
	r->personal = true;
	json_t *detail = json_loads(s.detail, 0, NULL);
	warn_signal sig;
	bool known = !warn_signal_parse(s.signal, &sig);
	const char *title = arena_printf(r->a, "%s: %s", web_t(r, "Tín hiệu cảnh báo sớm"), signal_label(r, s.signal));
	ui_page_begin(r, title);
	H(r, "<h1>%s</h1><p><strong>", title);
	subject_write(r, &s);
	H(r, "</strong></p>");
	H(r, "<p>%s: <strong>%s</strong></p>", web_t(r, "Trạng thái"), state_label(r, s.state));
	if (known) H(r, "<p>%s: %s.</p>", web_t(r, "Công thức"), web_t(r, warn_signal_formula_vi(sig)));
	json_t *q = json_object_get(detail, "quantile"), *k = json_object_get(detail, "multiple");
	if (known && sig == WS_HELD && json_is_number(q) && json_is_number(k))
		H(r, "<p>k = %s; q = %s%% (%s)</p>", num2(r, json_number_value(k)), num2(r, json_number_value(q) * 100),
		  web_t(r, "thời gian giữ được đếm theo các khoảng rộng 19%, nên ngưỡng k × q được làm tròn lên tới cận trên của khoảng chứa q"));
	double ratio_min = json_real_value(json_object_get(detail, "ratio_min"));
	double conf = json_real_value(json_object_get(detail, "confidence"));
	H(r, "<table class=\"figures\"><tbody>");
	figure_row(r, web_t(r, "Khoảng thời gian"), arena_printf(r->a, "%s … %s", s.window_from, s.window_to));
	figure_row(r, s.account_id ? web_t(r, "Cán bộ") : web_t(r, "Đơn vị"), rate(r, s.events, s.exposure));
	figure_row(r, s.account_id ? web_t(r, "Cán bộ khác cùng thủ tục") : web_t(r, "Đơn vị cùng cấp, cùng thủ tục"),
	           rate(r, s.peer_events, s.peer_exposure));
	figure_row(r, web_t(r, "Số kỳ vọng theo tỷ lệ của nhóm so sánh, từng thủ tục"), num2(r, s.expected));
	figure_row(r, web_t(r, "Tỷ số thực tế / kỳ vọng"), num2(r, s.ratio));
	figure_row(r, arena_printf(r->a, "%s (%s%%)", web_t(r, "Cận dưới khoảng tin cậy"), num2(r, conf * 100)), num2(r, s.lower));
	figure_row(r, web_t(r, "Ngưỡng: cận dưới phải lớn hơn"), num2(r, ratio_min));
	figure_row(r, arena_printf(r->a, "%s (%s: %s)", web_t(r, "Tối thiểu: số sự việc / mẫu số của đối tượng / mẫu số của nhóm so sánh"),
	                           web_t(r, "mẫu số"), known ? web_t(r, warn_signal_exposure_vi(sig)) : "?"),
	           arena_printf(r->a, "%lld / %lld / %lld", (long long)json_integer_value(json_object_get(detail, "min_events")),
	                        (long long)json_integer_value(json_object_get(detail, "min_exposure")),
	                        (long long)json_integer_value(json_object_get(detail, "min_peer_exposure"))));
	json_t *h = json_object_get(detail, "held_hours_per_step"), *ph = json_object_get(detail, "others_held_hours_per_step");
	figure_row(r, web_t(r, "Thời gian giữ mỗi bước (giờ): đối tượng / những người khác"),
	           arena_printf(r->a, "%s / %s", num2(r, json_is_number(h) ? json_number_value(h) : NAN),
	                        num2(r, json_is_number(ph) ? json_number_value(ph) : NAN)));
	figure_row(r, web_t(r, "Phiên bản quy tắc"), s.rules_version);
	H(r, "</tbody></table>");
	json_decref(detail);
	H(r, "<p class=\"muted\">%s</p>",
	  web_t(r, "Kiểm định: số sự việc của đối tượng so với số kỳ vọng nếu đối tượng có tỷ lệ như nhóm so sánh trên từng thủ tục; "
	           "cận dưới là cận dưới chính xác của phân phối Poisson chia cho số kỳ vọng. Số nhỏ không bao giờ vượt ngưỡng."));
	if (*s.reason) H(r, "<p>%s: <q%r>%s</q></p>", web_t(r, "Ghi chú của thanh tra"), ui_vi(r), s.reason);
	if (warn_rules_may_act(((const auth_actor *)r->actor)->role) && (!strcmp(s.state, "new") || !strcmp(s.state, "review"))) {
		if (!strcmp(s.state, "new"))
			H(r, "<form method=\"post\" action=\"/oversight/warnings/%D/review\" class=\"form\">%r<button type=\"submit\">%s</button></form>",
			  s.id, auth_form_fields(r), web_t(r, "Nhận xem xét"));
		/* The inspection it may lead to: the planning form, prefilled with the signal's unit and official. */
		H(r, "<p><a class=\"button\" href=\"/inspections/new?kind=surprise&amp;units=%u&amp;officials=%u&amp;title=%u\">%s</a></p>",
		  s.unit_code, s.account_id ? s.login : "",
		  arena_printf(r->a, "%s %s", web_t(r, "Kiểm tra đột xuất theo tín hiệu cảnh báo sớm"), s.account_id ? s.login : s.unit_code),
		  web_t(r, "Lập cuộc kiểm tra đột xuất từ tín hiệu này"));
		H(r, "<form method=\"post\" action=\"/oversight/warnings/%D/inspection\" class=\"form\">%r"
		     "<label for=\"ref-%D\">%s</label><textarea id=\"ref-%D\" name=\"reason\" required minlength=\"10\" maxlength=\"2000\"></textarea>"
		     "<button type=\"submit\">%s</button></form>",
		  s.id, auth_form_fields(r), s.id, web_t(r, "Số hiệu hoặc mô tả cuộc thanh tra, kiểm tra"), s.id,
		  web_t(r, "Ghi nhận đã dẫn tới thanh tra, kiểm tra"));
		H(r, "<form method=\"post\" action=\"/oversight/warnings/%D/dismiss\" class=\"form\">%r"
		     "<label for=\"why-%D\">%s</label><textarea id=\"why-%D\" name=\"reason\" required minlength=\"10\" maxlength=\"2000\"></textarea>"
		     "<button type=\"submit\">%s</button></form>",
		  s.id, auth_form_fields(r), s.id, web_t(r, "Lý do bỏ qua"), s.id, web_t(r, "Bỏ qua tín hiệu"));
	}
	H(r, "<p><a href=\"/oversight/warnings\">%s</a></p>", web_t(r, "Mọi tín hiệu"));
	ui_page_end(r);
	return 0;
}

static int act(web_req *r, warn_action a)
{
	err e = {0};
	int64_t id;
	if (warn_parse_id(web_param(r, "id"), &id, &e)) return web_error(r, &e);
	if (warn_act(db_thread(), r->actor, id, a, web_form(r, "reason"), r->a, &e)) return web_error(r, &e);
	return web_redirect(r, arena_printf(r->a, "/oversight/warnings/%lld", (long long)id));
}

static int post_review(web_req *r) { return act(r, WA_REVIEW); }
static int post_dismiss(web_req *r) { return act(r, WA_DISMISS); }
static int post_inspection(web_req *r) { return act(r, WA_INSPECTION); }

static int post_run(web_req *r)
{
	err e = {0};
	warn_run_summary s;
	if (warn_run(db_thread(), "button", r->actor, &s, &e)) return web_error(r, &e);
	return web_redirect(r, "/oversight/warnings");
}

int warn_official_section(web_req *r, db *d, int64_t account_id, err *e)
{
	const auth_actor *actor = r->actor;
	int64_t unit_id = 0;
	if (!actor || account_id <= 0 || actor->id == account_id) return 0;   /* never to the official themselves */
	int rc = warn_repo_account_unit(d, account_id, &unit_id, e);
	if (rc <= 0) return rc;
	if (!warn_visible(d, actor, unit_id)) return 0;
	warn_signal_row *rows;
	int n;
	if (warn_repo_list(d, 0, NULL, account_id, 0, 0, 20, r->a, &rows, &n, e)) return MB_EINTERNAL;
	/* Signals from a unit the official has left: only to who reads that unit's. */
	int k = 0;
	for (int i = 0; i < n; i++)
		if (rows[i].unit_id == unit_id || warn_visible(d, actor, rows[i].unit_id)) rows[k++] = rows[i];
	H(r, "<section class=\"warn\"><h2>%s</h2>", web_t(r, "Tín hiệu cảnh báo sớm"));
	if (!k) H(r, "<p class=\"muted\">%s</p>", web_t(r, "Không có tín hiệu nào."));
	else rows_table(r, rows, k);
	H(r, "</section>");
	return 0;
}

static const web_route routes[] = {
	{"GET", "/oversight/warnings", AUTH_P_SIGNED_IN, page_list, 0},
	{"POST", "/oversight/warnings/run", AUTH_P_SIGNED_IN, post_run, 0},
	{"GET", "/oversight/warnings/{id}", AUTH_P_SIGNED_IN, page_signal, 0},
	{"POST", "/oversight/warnings/{id}/review", AUTH_P_SIGNED_IN, post_review, 0},
	{"POST", "/oversight/warnings/{id}/dismiss", AUTH_P_SIGNED_IN, post_dismiss, 0},
	{"POST", "/oversight/warnings/{id}/inspection", AUTH_P_SIGNED_IN, post_inspection, 0},
};

void warn_pages_install(void)
{
	web_route_add(routes, sizeof routes / sizeof routes[0]);
}
