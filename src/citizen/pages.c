/* pages.c — the citizen's pages (register, confirm, /me) and JSON API
 * (/api/v1/registrations, /api/v1/me/...). Every form answers a success with
 * a 303 redirect (POST/redirect/GET). */
#include <stdlib.h>
#include <string.h>

#include "base/clock.h"
#include "cases/cases.h"
#include "citizen/citizen.h"
#include "dossier/dossier.h"
#include "dossier/service.h"
#include "ui/ui.h"
#include "web/html.h"
#include "web/web.h"

static bool en(web_req *r) { return !strcmp(r->lang, "en"); }

static void error_line(web_req *r, const err *e)
{
	if (e) H(r, "<p class=\"error\" role=\"alert\">%s</p>", en(r) ? e->en : e->vi);
}

static const char *when(web_req *r, int64_t t)
{
	if (!t) return "—";
	char *s = arena_alloc(r->a, 24);
	clock_vn_display(t, s, 24);
	return s;
}

/* --- registration ------------------------------------------------------------------------------ */

static int register_form(web_req *r, const err *e)
{
	ui_page_begin(r, web_t(r, "Đăng ký tài khoản công dân"));
	H(r, "<h1>%s</h1>", web_t(r, "Đăng ký tài khoản công dân"));
	error_line(r, e);
	H(r, "<p class=\"muted\">%s</p>",
	  web_t(r, "Với tài khoản, bạn xem được mọi hồ sơ và phản ánh của mình ở một nơi. Chúng tôi gửi một liên kết xác nhận đến địa chỉ thư của bạn."));
	H(r, "<form method=\"post\" action=\"/register\" class=\"form\">%r"
	     "<label>%s<input type=\"email\" name=\"email\" value=\"%s\" autocomplete=\"email\" required maxlength=\"64\"></label>"
	     "<label>%s<input name=\"display_name\" value=\"%s\" autocomplete=\"name\" required maxlength=\"120\"></label>"
	     "<label>%s<input type=\"password\" name=\"password\" autocomplete=\"new-password\" required minlength=\"10\"></label>"
	     "<button type=\"submit\">%s</button></form>",
	  auth_form_fields(r), web_t(r, "Địa chỉ thư điện tử"), e ? web_form(r, "email") : "", web_t(r, "Họ và tên"),
	  e ? web_form(r, "display_name") : "", web_t(r, "Mật khẩu (ít nhất 10 ký tự)"), web_t(r, "Đăng ký"));
	H(r, "<p><a href=\"/login\">%s</a></p>", web_t(r, "Đã có tài khoản? Đăng nhập"));
	ui_page_end(r);
	return 0;
}

static int page_register(web_req *r) { return register_form(r, NULL); }

static int page_register_post(web_req *r)
{
	err e = {0};
	citizen_registration in = {web_form(r, "email"), web_form(r, "display_name"), web_form(r, "password"), r->lang};
	if (citizen_register(db_thread(), &in, r->client_addr, &e)) {
		if (e.status == MB_EINTERNAL) return web_error(r, &e);
		r->status = err_http_status(e.status, e.code);
		return register_form(r, &e);
	}
	return web_redirect(r, "/register/sent");
}

static int page_register_sent(web_req *r)
{
	ui_page_begin(r, web_t(r, "Hãy kiểm tra hộp thư"));
	H(r, "<h1>%s</h1><p role=\"status\">%s</p>", web_t(r, "Hãy kiểm tra hộp thư"),
	  web_t(r, "Nếu địa chỉ thư hợp lệ, chúng tôi đã gửi đến đó một thư. Hãy mở liên kết trong thư trong vòng 24 giờ để xác nhận tài khoản."));
	ui_page_end(r);
	return 0;
}

static int confirm_form(web_req *r, const char *token, const err *e)
{
	ui_page_begin(r, web_t(r, "Xác nhận tài khoản"));
	H(r, "<h1>%s</h1>", web_t(r, "Xác nhận tài khoản"));
	error_line(r, e);
	H(r, "<form method=\"post\" action=\"/register/confirm\" class=\"form\">"
	     "%r<input type=\"hidden\" name=\"token\" value=\"%s\">"
	     "<button type=\"submit\">%s</button></form>",
	  auth_form_fields(r), token ? token : "", web_t(r, "Xác nhận địa chỉ thư và tạo tài khoản"));
	ui_page_end(r);
	return 0;
}

static int page_confirm(web_req *r) { return confirm_form(r, web_query(r, "token"), NULL); }

static int page_confirm_post(web_req *r)
{
	err e = {0};
	const char *login;
	const char *token = web_form(r, "token");
	if (citizen_confirm(db_thread(), token, r->a, &login, &e)) {
		if (e.status == MB_EINTERNAL) return web_error(r, &e);
		r->status = err_http_status(e.status, e.code);
		return confirm_form(r, token, &e);
	}
	return web_redirect(r, "/register/done");
}

static int page_register_done(web_req *r)
{
	ui_page_begin(r, web_t(r, "Tài khoản đã được xác nhận"));
	H(r, "<h1>%s</h1><p role=\"status\">%s</p><p><a href=\"/login?next=%%2Fme\">%s</a></p>",
	  web_t(r, "Tài khoản đã được xác nhận"),
	  web_t(r, "Hãy đăng nhập bằng địa chỉ thư và mật khẩu của bạn."), web_t(r, "Đăng nhập"));
	ui_page_end(r);
	return 0;
}

/* --- my dossiers and reports ---------------------------------------------------------------------- */

static const char *dossier_state_label(web_req *r, const char *state)
{
	dossier_state s;
	return dossier_state_parse(state, &s) == 0 ? web_t(r, dossier_state_label_vi(s)) : state;
}

static const char *case_state_label(web_req *r, const char *state)
{
	case_state s;
	return case_state_parse(state, &s) == 0 ? web_t(r, case_state_label_vi(s)) : state;
}

static const char *case_kind_label(web_req *r, const char *kind)
{
	case_kind k;
	return case_kind_parse(kind, &k) == 0 ? web_t(r, case_kind_label_vi(k)) : kind;
}

/* Rows a page on /me; the API's limit is 1..CITIZEN_PAGE_MAX, API_PAGE by default. */
#define ME_PAGE 50
#define API_PAGE 100

/* The API's page: limit and after from the query; a limit that is not a number is out of range. */
static citizen_page api_page(web_req *r)
{
	const char *lim = web_query(r, "limit");
	citizen_page pg = {web_query(r, "after"), API_PAGE, NULL};
	if (lim) {
		char *end;
		long v = strtol(lim, &end, 10);
		pg.limit = !*lim || *end || v < 1 || v > CITIZEN_PAGE_MAX ? 0 : (int)v;
	}
	return pg;
}

static int me_page(web_req *r, const err *e)
{
	const auth_actor *me = r->actor;
	db *d = db_thread();
	err le = {0};
	citizen_dossier *ds;
	citizen_report *rs;
	int nd = 0, nr = 0;
	/* Each list a page at a time: ?list=dossiers|reports&after=<the last code shown>; the other list
	 * starts from its newest. */
	const char *list = web_query(r, "list"), *after = web_query(r, "after");
	bool reports_paged = list && !strcmp(list, "reports");
	citizen_page dp = {reports_paged ? NULL : after, ME_PAGE, NULL}, rp = {reports_paged ? after : NULL, ME_PAGE, NULL};
	if (citizen_dossiers(d, me->id, &dp, r->a, &ds, &nd, &le) || citizen_reports(d, me->id, &rp, r->a, &rs, &nr, &le))
		return web_error(r, &le);
	ui_page_begin(r, web_t(r, "Hồ sơ và phản ánh của tôi"));
	H(r, "<h1>%s</h1><p class=\"muted\"%r>%s</p>", web_t(r, "Hồ sơ và phản ánh của tôi"), ui_vi(r), me->display_name);
	error_line(r, e);
	H(r, "<section class=\"card\"><h2>%s</h2>", web_t(r, "Hồ sơ thủ tục hành chính"));
	if (!nd) H(r, "<p class=\"muted\">%s</p>", web_t(r, "Chưa có hồ sơ nào trong tài khoản."));
	else {
		const char *l_code = web_t(r, "Mã hồ sơ"), *l_proc = web_t(r, "Thủ tục"), *l_state = web_t(r, "Trạng thái"),
		           *l_due = web_t(r, "Hẹn trả"), *l_prog = web_t(r, "Tiến độ");
		H(r, "<table class=\"list stack\" id=\"my-dossiers\"><thead><tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr></thead><tbody>",
		  l_code, l_proc, l_state, l_due, l_prog);
		/* The progress by the one rule of every dossier page (dossier_rules_progress),
		 * computed now, never the risk job's stored mark. */
		dossier_clock_cache cc;
		dossier_clock_cache_init(&cc);
		int64_t now = clock_now();
		for (int i = 0; i < nd; i++) {
			dossier_progress p = DP_NOT_STARTED;
			err pe = {0};
			dossier_progress_by_code(d, &cc, ds[i].code, now, r->a, &p, &pe);
			H(r, "<tr><td data-label=\"%s\"><code>%s</code></td><td data-label=\"%s\">%s<br><span class=\"muted\">%s</span></td>"
			     "<td data-label=\"%s\">%s</td><td data-label=\"%s\">%s</td><td data-label=\"%s\"><span class=\"badge %s\">%s</span></td></tr>",
			  l_code, ds[i].code, l_proc, en(r) && *ds[i].procedure_en ? ds[i].procedure_en : ds[i].procedure_vi,
			  en(r) && *ds[i].unit_en ? ds[i].unit_en : ds[i].unit_vi, l_state, dossier_state_label(r, ds[i].state),
			  l_due, when(r, ds[i].due_at), l_prog, dossier_progress_class(p), web_t(r, dossier_progress_label_vi(p)));
		}
		dossier_clock_cache_free(&cc);
		H(r, "</tbody></table>");
	}
	ui_pager(r, "/me?list=dossiers&", !reports_paged && after && *after, dp.next);
	H(r, "<form method=\"post\" action=\"/me/dossiers\" class=\"form\"><h3>%s</h3>%r"
	     "<label>%s<input name=\"code\" required maxlength=\"40\" autocomplete=\"off\"></label>"
	     "<label>%s<input name=\"secret\" required maxlength=\"40\" autocomplete=\"off\"></label>"
	     "<button type=\"submit\">%s</button></form></section>",
	  web_t(r, "Thêm một hồ sơ đã nộp tại quầy"), auth_form_fields(r), web_t(r, "Mã hồ sơ"),
	  web_t(r, "Mã tra cứu (in trên giấy tiếp nhận)"), web_t(r, "Thêm vào tài khoản"));
	H(r, "<section class=\"card\"><h2>%s</h2>", web_t(r, "Phản ánh, kiến nghị, khiếu nại, tố cáo"));
	if (!nr) H(r, "<p class=\"muted\">%s</p>", web_t(r, "Chưa có đơn thư nào gửi khi đã đăng nhập."));
	else {
		const char *l_code = web_t(r, "Mã đơn thư"), *l_subject = web_t(r, "Nội dung"), *l_state = web_t(r, "Trạng thái"),
		           *l_due = web_t(r, "Hạn xử lý");
		H(r, "<table class=\"list stack\" id=\"my-reports\"><thead><tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr></thead><tbody>",
		  l_code, l_subject, l_state, l_due);
		for (int i = 0; i < nr; i++)
			H(r, "<tr><td data-label=\"%s\"><code>%s</code><br><span class=\"muted\">%s</span></td>"
			     "<td data-label=\"%s\"><span%r>%s</span><br><span class=\"muted\">%s</span></td>"
			     "<td data-label=\"%s\">%s</td><td data-label=\"%s\">%s</td></tr>",
			  l_code, rs[i].code, case_kind_label(r, rs[i].kind), l_subject, ui_vi(r), rs[i].title,
			  en(r) && *rs[i].unit_en ? rs[i].unit_en : rs[i].unit_vi, l_state, case_state_label(r, rs[i].state),
			  l_due, when(r, rs[i].due_at));
		H(r, "</tbody></table>");
	}
	ui_pager(r, "/me?list=reports&", reports_paged && after && *after, rp.next);
	H(r, "<p><a href=\"/report\">%s</a></p></section>", web_t(r, "Gửi phản ánh mới"));
	ui_page_end(r);
	return 0;
}

static int page_me(web_req *r) { return me_page(r, NULL); }

static int page_me_add(web_req *r)
{
	err e = {0};
	if (citizen_add_dossier(db_thread(), r->actor, web_form(r, "code"), web_form(r, "secret"), r->client_addr, r->a,
	                        NULL, &e)) {
		if (e.status == MB_EINTERNAL) return web_error(r, &e);
		r->status = err_http_status(e.status, e.code);
		return me_page(r, &e);
	}
	return web_redirect(r, "/me");
}

/* --- JSON API ------------------------------------------------------------------------------------ */

static int api_register(web_req *r)
{
	err e = {0};
	json_t *j = web_json_body(r, &e);
	if (!j) return web_error(r, &e);
	const char *lang = json_string_value(json_object_get(j, "lang"));
	citizen_registration in = {json_string_value(json_object_get(j, "email")),
	                           json_string_value(json_object_get(j, "display_name")),
	                           json_string_value(json_object_get(j, "password")), lang ? lang : r->lang};
	int rc = citizen_register(db_thread(), &in, r->client_addr, &e);
	json_decref(j);
	if (rc) return web_error(r, &e);
	return web_json(r, 202, json_pack("{s:s}", "status", "check_your_mail"));
}

static int api_confirm(web_req *r)
{
	err e = {0};
	json_t *j = web_json_body(r, &e);
	if (!j) return web_error(r, &e);
	const char *login;
	int rc = citizen_confirm(db_thread(), json_string_value(json_object_get(j, "token")), r->a, &login, &e);
	json_decref(j);
	if (rc) return web_error(r, &e);
	return web_json(r, 201, json_pack("{s:{s:s, s:s}}", "account", "login", login, "role", "citizen"));
}

static int api_my_dossiers(web_req *r)
{
	err e = {0};
	citizen_dossier *ds;
	int n = 0;
	citizen_page pg = api_page(r);
	if (citizen_dossiers(db_thread(), ((const auth_actor *)r->actor)->id, &pg, r->a, &ds, &n, &e)) return web_error(r, &e);
	json_t *arr = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(arr, json_pack("{s:s, s:s, s:s, s:s, s:s, s:o, s:o, s:o, s:b, s:s}",
		                                     "code", ds[i].code, "procedure", ds[i].procedure_vi, "unit", ds[i].unit_vi,
		                                     "state", ds[i].state, "risk", ds[i].risk,
		                                     "received_at", web_json_time(ds[i].received_at), "due_at", web_json_time(ds[i].due_at),
		                                     "finished_at", web_json_time(ds[i].finished_at), "late", ds[i].late,
		                                     "source", ds[i].linked ? "added" : "submitted"));
	return web_json(r, 200, json_pack("{s:o, s:o}", "dossiers", arr, "next", pg.next ? json_string(pg.next) : json_null()));
}

static int api_my_dossier_add(web_req *r)
{
	err e = {0};
	json_t *j = web_json_body(r, &e);
	if (!j) return web_error(r, &e);
	const char *code = NULL;
	int rc = citizen_add_dossier(db_thread(), r->actor, json_string_value(json_object_get(j, "code")),
	                             json_string_value(json_object_get(j, "secret")), r->client_addr, r->a, &code, &e);
	json_decref(j);
	if (rc) return web_error(r, &e);
	return web_json(r, 201, json_pack("{s:s}", "code", code));
}

static int api_my_reports(web_req *r)
{
	err e = {0};
	citizen_report *rs;
	int n = 0;
	citizen_page pg = api_page(r);
	if (citizen_reports(db_thread(), ((const auth_actor *)r->actor)->id, &pg, r->a, &rs, &n, &e)) return web_error(r, &e);
	json_t *arr = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(arr, json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:o, s:o}", "code", rs[i].code,
		                                     "kind", rs[i].kind, "title", rs[i].title, "state", rs[i].state,
		                                     "risk", rs[i].risk, "unit", rs[i].unit_vi,
		                                     "received_at", web_json_time(rs[i].received_at), "due_at", web_json_time(rs[i].due_at)));
	return web_json(r, 200, json_pack("{s:o, s:o}", "reports", arr, "next", pg.next ? json_string(pg.next) : json_null()));
}

static const web_route routes[] = {
	{"GET", "/register", WEB_PUBLIC, page_register, 0},
	{"POST", "/register", WEB_PUBLIC, page_register_post, 4096},
	{"GET", "/register/sent", WEB_PUBLIC, page_register_sent, 0},
	{"GET", "/register/confirm", WEB_PUBLIC, page_confirm, 0},
	{"POST", "/register/confirm", WEB_PUBLIC, page_confirm_post, 4096},
	{"GET", "/register/done", WEB_PUBLIC, page_register_done, 0},
	{"GET", "/me", AUTH_P_CITIZEN, page_me, 0},
	{"POST", "/me/dossiers", AUTH_P_CITIZEN, page_me_add, 4096},
	{"POST", "/api/v1/registrations", WEB_PUBLIC, api_register, 4096},
	{"POST", "/api/v1/registrations/confirm", WEB_PUBLIC, api_confirm, 4096},
	{"GET", "/api/v1/me/dossiers", AUTH_P_CITIZEN, api_my_dossiers, 0},
	{"POST", "/api/v1/me/dossiers", AUTH_P_CITIZEN, api_my_dossier_add, 4096},
	{"GET", "/api/v1/me/reports", AUTH_P_CITIZEN, api_my_reports, 0},
};

void citizen_install(void)
{
	web_route_add(routes, sizeof routes / sizeof routes[0]);
}
