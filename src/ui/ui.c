/* ui.c — layout shared by every page; error pages; home; /healthz; /metrics. */
#include <string.h>

#include "auth/auth.h"
#include "base/clock.h"
#include "scores/scores.h"
#include "ui/ui.h"
#include "web/html.h"
#include "web/metrics.h"

const char *ui_vi(web_req *r) { return strcmp(r->lang, "vi") ? " lang=\"vi\"" : ""; }

const char *ui_vi_unless(web_req *r, const char *translated, const char *msgid)
{
	return translated == msgid ? ui_vi(r) : "";
}

static const char *lang_switch_href(web_req *r, const char *to)
{
	/* Same page and the same query, with lang=… replacing any lang parameter. */
	return web_self_url(r, "lang", to);
}

enum { MENU_MAX = 16 };
static const ui_menu_item *g_menu[MENU_MAX];
static int g_nmenu;

void ui_menu_add(const ui_menu_item *m)
{
	for (int i = 0; i < g_nmenu; i++)
		if (g_menu[i] == m) return;
	if (g_nmenu < MENU_MAX) g_menu[g_nmenu++] = m;
}

void ui_page_begin(web_req *r, const char *title)
{
	r->status = r->status ? r->status : 200;
	r->out_type = "text/html; charset=utf-8";
	const auth_actor *a = r->actor;
	H(r, "<!doctype html><html lang=\"%s\"><head><meta charset=\"utf-8\">"
	     "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
	     "<title>%s · Minh Bạch</title><link rel=\"stylesheet\" href=\"/static/style.css\">"
	     "<link rel=\"icon\" href=\"/static/favicon.svg\" type=\"image/svg+xml\"></head><body>"
	     "<a class=\"skip\" href=\"#main\">%s</a>",
	  r->lang, title, web_t(r, "Bỏ qua, đến nội dung chính"));
	H(r, "<header class=\"top\"><a class=\"brand\" href=\"/\" lang=\"vi\">Minh Bạch</a>"
	     "<span class=\"tag\">%s</span><nav>"
	     "<a href=\"/\">%s</a><a href=\"/units\">%s</a><a href=\"/procedures\">%s</a>"
	     "<a href=\"/track\">%s</a><a href=\"/report\">%s</a><a href=\"/results\">%s</a><a href=\"/results/apologies\">%s</a>"
	     "<a href=\"/doanh-nghiep\">%s</a>",
	  web_t(r, "Tỉnh Sơn La · Chống nhũng nhiễu, gây phiền hà"),
	  web_t(r, "Trang chủ"), web_t(r, "Cơ quan, đơn vị"), web_t(r, "Thủ tục hành chính"),
	  web_t(r, "Tra cứu hồ sơ"), web_t(r, "Phản ánh, tố cáo"), web_t(r, "Kết quả giải quyết"), web_t(r, "Sổ xin lỗi"),
	  web_t(r, "Doanh nghiệp"));
	if (a && auth_rules_perm(a->role, AUTH_P_DOSSIERS)) H(r, "<a href=\"/dossiers\">%s</a>", web_t(r, "Hồ sơ"));
	if (a && a->role == ROLE_CITIZEN) H(r, "<a href=\"/me\">%s</a>", web_t(r, "Của tôi"));
	if (a && a->role != ROLE_CITIZEN && a->role != ROLE_ADMIN) H(r, "<a href=\"/cases\">%s</a>", web_t(r, "Đơn thư"));
	if (a && (a->role == ROLE_UNIT_HEAD || a->role == ROLE_INSPECTOR || a->role == ROLE_HOME_AFFAIRS_INSPECTOR))
		H(r, "<a href=\"/duty\">%s</a>", web_t(r, "Việc phải làm"));
	if (a && (a->role == ROLE_INSPECTOR || a->role == ROLE_HOME_AFFAIRS_INSPECTOR || a->role == ROLE_UNIT_HEAD)) {
		H(r, "<a href=\"/inspections\">%s</a>", web_t(r, "Thanh tra, kiểm tra công vụ"));
		H(r, "<a href=\"/oversight/warnings\">%s</a>", web_t(r, "Cảnh báo sớm"));
	}
	for (int i = 0; a && i < g_nmenu; i++)
		if (g_menu[i]->shown(r)) H(r, "<a href=\"%s\">%s</a>", g_menu[i]->href, web_t(r, g_menu[i]->msgid));
	if (!strcmp(r->lang, "en"))
		H(r, "<a href=\"%s\" lang=\"vi\">Tiếng Việt</a>", lang_switch_href(r, "vi"));
	else
		H(r, "<a href=\"%s\" lang=\"en\">English</a>", lang_switch_href(r, "en"));
	if (a && a->role == ROLE_ADMIN) H(r, "<a href=\"/admin/accounts\">%s</a>", web_t(r, "Tài khoản"));
	if (a && a->role == ROLE_ADMIN) H(r, "<a href=\"/admin/holidays\">%s</a>", web_t(r, "Ngày nghỉ lễ"));
	if (!a) H(r, "<a href=\"/login\">%s</a>", web_t(r, "Đăng nhập"));
	H(r, "</nav>");
	/* The signed-in account on its own line, so that the links never wrap around it. */
	if (a)
		H(r, "<div class=\"account\"><span class=\"who\"><span%r>%s</span> · %s</span>"
		     "<form method=\"post\" action=\"/logout\" class=\"inline\">"
		     "<input type=\"hidden\" name=\"_csrf\" value=\"%s\">"
		     "<button type=\"submit\" class=\"link\">%s</button></form></div>",
		  ui_vi(r), a->display_name, web_t(r, auth_role_label_vi(a->role)), a->csrf, web_t(r, "Đăng xuất"));
	H(r, "</header><main id=\"main\" tabindex=\"-1\">");
}

void ui_page_end(web_req *r)
{
	H(r, "</main><footer><p>%s</p><p>%s <a href=\"/api/v1/ledger/head\">%s</a></p></footer></body></html>",
	  web_t(r, "Thực hiện Kế hoạch 262/KH-UBND của UBND tỉnh Sơn La về phòng, chống nhũng nhiễu, gây phiền hà."),
	  web_t(r, "Mọi thay đổi được ghi vào sổ cái chống sửa đổi:"),
	  web_t(r, "điểm kiểm tra đã ký"));
}

static void error_page(web_req *r, const err *e)
{
	if (e->status == MB_EUNAUTH && !strcmp(r->method, "GET")) {
		buf loc;
		buf_init(&loc, 4096);
		buf_adds(&loc, "/login?next=");
		html_url_encode(&loc, r->path);
		web_redirect(r, buf_failed(&loc) ? "/login" : buf_str(&loc));
		buf_free(&loc);
		return;
	}
	int status = r->status;
	const char *title = web_t(r, "Có lỗi");
	ui_page_begin(r, title);
	r->status = status;
	H(r, "<section class=\"error\"><h1>%s</h1><p>%s</p>", title, !strcmp(r->lang, "en") ? e->en : e->vi);
	if (e->field) H(r, "<p class=\"muted\">%s: <code>%s</code></p>", web_t(r, "Trường"), e->field);
	if (e->status == MB_EUNAUTH || e->status == MB_ELIMIT)
		H(r, "<p><a href=\"/login\">%s</a></p>", web_t(r, "Đăng nhập"));
	H(r, "<p><a href=\"/\">%s</a></p></section>", web_t(r, "Về trang chủ"));
	ui_page_end(r);
}

/* "87,5%" (Vietnamese) or "87.5%" of num/den; "–" without data. */
static const char *home_pct(web_req *r, int64_t num, int64_t den)
{
	if (den <= 0) return "–";
	char *s = arena_printf(r->a, "%.1f%%", 100.0 * (double)num / (double)den);
	if (strcmp(r->lang, "en"))
		for (char *p = s; *p; p++)
			if (*p == '.') *p = ',';
	return s;
}

static int page_home(web_req *r)
{
	/* The live figures move with every dossier and report: the scores topic. */
	if (web_page_cached(r, "scores results", NULL)) return 0;
	r->cacheable = r->actor == NULL;
	score_home fig;
	err e = {0};
	bool figures = scores_home(db_thread(), clock_now(), r->a, &fig, &e) == 0;
	ui_page_begin(r, web_t(r, "Trang chủ"));
	H(r, "<section class=\"hero\"><h1>%s</h1><p>%s</p></section>",
	  web_t(r, "Minh bạch trong giải quyết công việc của người dân, doanh nghiệp"),
	  web_t(r, "Theo dõi hồ sơ của bạn, phản ánh việc bị gây phiền hà, đánh giá sự phục vụ; xem cơ quan nào phục vụ tốt."));
	H(r, "<section class=\"actions\"><ul class=\"links big\">"
	     "<li><a href=\"/track\"><strong>%s</strong><br><span class=\"muted\">%s</span></a></li>"
	     "<li><a href=\"/report\"><strong>%s</strong><br><span class=\"muted\">%s</span></a></li>"
	     "<li><a href=\"/track\"><strong>%s</strong><br><span class=\"muted\">%s</span></a></li></ul></section>",
	  web_t(r, "Tra cứu hồ sơ của tôi"), web_t(r, "Bằng mã hồ sơ và mật mã trên phiếu hẹn."),
	  web_t(r, "Phản ánh bị nhũng nhiễu, gây phiền hà"), web_t(r, "Có thể không nêu tên; người phản ánh được bảo vệ."),
	  web_t(r, "Đánh giá sự phục vụ"), web_t(r, "Mở hồ sơ của bạn bằng mã và mật mã, rồi đánh giá khi có kết quả."));
	if (figures)
		H(r, "<section class=\"card figures\"><h2>%s</h2><dl>"
		     "<dt>%s</dt><dd>%s <span class=\"muted\">(%D/%D)</span></dd>"
		     "<dt>%s</dt><dd>%s <span class=\"muted\">(%D/%D)</span></dd>"
		     "<dt>%s</dt><dd>%s <span class=\"muted\">(%D/%D)</span></dd>"
		     "<dt>%s</dt><dd>%D</dd></dl><p><a href=\"/scores\">%s</a></p></section>",
		  arena_printf(r->a, "%s %s", web_t(r, "Số liệu của tỉnh tháng"), fig.period),
		  web_t(r, "Hồ sơ giải quyết đúng hạn"), home_pct(r, fig.on_time, fig.on_time_of), fig.on_time, fig.on_time_of,
		  web_t(r, "Hài lòng với giải quyết hồ sơ"), home_pct(r, fig.satisfied, fig.satisfied_of), fig.satisfied,
		  fig.satisfied_of, web_t(r, "Hài lòng với xử lý phản ánh, kiến nghị"), home_pct(r, fig.fb_satisfied, fig.fb_of),
		  fig.fb_satisfied, fig.fb_of, web_t(r, "Lời xin lỗi đã gửi"), fig.apologies,
		  web_t(r, "Bảng điểm của từng cơ quan, đơn vị (Quyết định 766)"));
	H(r, "<section class=\"card\"><h2>%s</h2><p>%s</p>"
	     "<form method=\"get\" action=\"/units\" class=\"search\" role=\"search\">"
	     "<label for=\"q\">%s</label><input id=\"q\" name=\"q\" type=\"search\" placeholder=\"%s\" maxlength=\"100\">"
	     "<button type=\"submit\">%s</button></form></section>",
	  web_t(r, "Cơ quan, đơn vị"),
	  web_t(r, "Tra cứu cơ quan, đơn vị của tỉnh Sơn La: người đứng đầu, số điện thoại, thư điện tử, đường dây nóng và lịch tiếp công dân."),
	  web_t(r, "Tìm cơ quan, đơn vị"), web_t(r, "Ví dụ: Chiềng Cơi, Mộc Châu, Sở Y tế"),
	  web_t(r, "Tìm"));
	H(r, "<section class=\"card\"><h2>%s</h2><p>%s</p>"
	     "<form method=\"get\" action=\"/procedures\" class=\"search\" role=\"search\">"
	     "<label for=\"pq\">%s</label><input id=\"pq\" name=\"q\" type=\"search\" placeholder=\"%s\" maxlength=\"100\">"
	     "<button type=\"submit\">%s</button></form></section>",
	  web_t(r, "Thủ tục hành chính"),
	  web_t(r, "Mỗi thủ tục có danh mục giấy tờ, thời hạn giải quyết và phí, lệ phí đã công bố. Cán bộ không được đòi thêm giấy tờ ngoài danh mục."),
	  web_t(r, "Tìm thủ tục"), web_t(r, "Ví dụ: khai sinh, đăng ký kinh doanh, chứng thực"), web_t(r, "Tìm"));
	H(r, "<section><h2>%s</h2><ul class=\"links\"><li><a href=\"/units\">%s</a></li>"
	     "<li><a href=\"/procedures\">%s</a></li><li><a href=\"/results\">%s</a></li><li><a href=\"/results/apologies\">%s</a></li>"
	     "<li><a href=\"/scores\">%s</a></li></ul></section>",
	  web_t(r, "Bắt đầu"), web_t(r, "Sơ đồ tổ chức: UBND tỉnh, các sở, ngành và 75 xã, phường"),
	  web_t(r, "Danh mục thủ tục hành chính: giấy tờ cần nộp, thời hạn, phí, lệ phí"),
	  web_t(r, "Kết quả giải quyết phản ánh, kiến nghị đã công khai"), web_t(r, "Sổ xin lỗi công khai"),
	  web_t(r, "Chỉ số phục vụ người dân, doanh nghiệp"));
	ui_page_end(r);
	return 0;
}

static int healthz(web_req *r)
{
	err e = {0};
	db *d = db_thread();
	int64_t seq;
	char hash[65];
	/* Ready means the database answers: read the ledger head. */
	if (!d || ledger_head(d, &seq, hash, &e))
		return web_json(r, 503, json_pack("{s:s, s:s}", "status", "unavailable", "reason", "database"));
	unsigned queued = 0, busy = 0;
	web_work_stats(&queued, &busy);
	return web_json(r, 200, json_pack("{s:s, s:I, s:i, s:i}", "status", "ok", "ledger_seq", (json_int_t)seq,
	                                  "queued", (int)queued, "working", (int)busy));
}

static int metrics(web_req *r)
{
	r->out_type = "text/plain; version=0.0.4; charset=utf-8";
	r->status = 200;
	metrics_render(&r->out);
	return 0;
}

static const web_route routes[] = {
	{"GET", "/", WEB_PUBLIC, page_home, 0},
	{"GET", "/healthz", WEB_PUBLIC, healthz, 0},
	{"GET", "/metrics", WEB_PUBLIC, metrics, 0},
};

void ui_install(void)
{
	web_set_error_page(error_page);
	web_route_add(routes, sizeof routes / sizeof routes[0]);
	web_route_inline("/healthz");   /* answers even while every worker is busy */
}

void ui_pager(web_req *r, const char *base, bool not_first, const char *next)
{
	if (!not_first && !next) return;
	H(r, "<nav class=\"pager\" aria-label=\"%s\">", web_t(r, "Phân trang"));
	if (not_first) H(r, "<a rel=\"first\" href=\"%s\">%s</a> ", base[strlen(base) - 1] == '&' || base[strlen(base) - 1] == '?'
	                 ? arena_printf(r->a, "%.*s", (int)strlen(base) - 1, base) : base, web_t(r, "Trang đầu"));
	if (next) H(r, "<a rel=\"next\" href=\"%safter=%u\">%s</a>", base, next, web_t(r, "Trang sau"));
	H(r, "</nav>");
}
