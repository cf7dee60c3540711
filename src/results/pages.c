/* pages.c — the public results pages: the searchable list of published
 * results, one result with its apology, the statistics per unit and the
 * apology register. Server-rendered HTML, no script, no image: readable on a
 * slow phone. */
#include <string.h>

#include "base/buf.h"

#include "base/clock.h"
#include "cases/cases.h"
#include "results/web.h"
#include "ui/chart.h"
#include "ui/ui.h"
#include "units/units.h"
#include "web/html.h"
#include "web/i18n.h"

static bool en(web_req *r) { return !strcmp(r->lang, "en"); }

static const char *uname(web_req *r, const char *vi, const char *en_) { return en(r) ? en_ : vi; }

/* "27/11/2026" (Vietnamese) or "2026-11-27" (English), the Vietnam day. */
static const char *date_text(web_req *r, const char *iso)
{
	const char *d = results_vn_date(r, iso);
	if (en(r) || strlen(d) != 10) return d;
	return arena_printf(r->a, "%.2s/%.2s/%.4s", d + 8, d + 5, d);
}

const char *results_kind_label(web_req *r, const char *kind)
{
	case_kind k;
	return case_kind_parse(kind, &k) ? kind : web_t(r, case_kind_label_vi(k));
}

const char *results_category_label(web_req *r, const char *category)
{
	case_category c;
	return case_category_parse(category, &c) ? category : web_t(r, case_category_label_vi(c));
}

/* --- the filter form --- */

static void unit_select(web_req *r, const char *current)
{
	H(r, "<label for=\"unit\">%s</label><select id=\"unit\" name=\"unit\"><option value=\"\">%s</option>",
	  web_t(r, "Cơ quan, đơn vị"), web_t(r, "Tất cả cơ quan, đơn vị"));
	units_picker_options(db_thread(), en(r), current, &r->out);
	H(r, "</select>");
}

static void kind_select(web_req *r, const char *current)
{
	H(r, "<label for=\"kind\">%s</label><select id=\"kind\" name=\"kind\"><option value=\"\">%s</option>",
	  web_t(r, "Loại đơn"), web_t(r, "Tất cả các loại"));
	for (int k = 0; k < CK__MAX; k++) {
		const char *name = case_kind_name((case_kind)k);
		H(r, "<option value=\"%s\"%r>%s</option>", name, current && !strcmp(current, name) ? " selected" : "",
		  web_t(r, case_kind_label_vi((case_kind)k)));
	}
	H(r, "</select>");
}

static void category_select(web_req *r, const char *current)
{
	H(r, "<label for=\"category\">%s</label><select id=\"category\" name=\"category\"><option value=\"\">%s</option>",
	  web_t(r, "Nội dung"), web_t(r, "Tất cả nội dung"));
	for (int c = 0; c < CCAT__MAX; c++) {
		const char *name = case_category_name((case_category)c);
		H(r, "<option value=\"%s\"%r>%s</option>", name, current && !strcmp(current, name) ? " selected" : "",
		  web_t(r, case_category_label_vi((case_category)c)));
	}
	H(r, "</select>");
}

static void period_inputs(web_req *r, const char *from, const char *to)
{
	H(r, "<label for=\"from\">%s</label><input id=\"from\" name=\"from\" type=\"date\" value=\"%s\">"
	     "<label for=\"to\">%s</label><input id=\"to\" name=\"to\" type=\"date\" value=\"%s\">",
	  web_t(r, "Từ ngày"), from ? from : "", web_t(r, "Đến ngày"), to ? to : "");
}

typedef enum { FORM_RESULTS, FORM_APOLOGIES, FORM_STATS } form_kind;

static void filter_form(web_req *r, form_kind k, const char *action, const results_query *qy)
{
	H(r, "<form method=\"get\" action=\"%s\" class=\"search results-filter\" role=\"search\">", action);
	if (k == FORM_RESULTS)
		H(r, "<label for=\"q\">%s</label><input id=\"q\" name=\"q\" type=\"search\" value=\"%s\" maxlength=\"200\" "
		     "placeholder=\"%s\">",
		  web_t(r, "Tìm kết quả"), qy->q ? qy->q : "", web_t(r, "Ví dụ: nhũng nhiễu, đòi tiền, mã DT-…"));
	unit_select(r, qy->unit);
	if (k != FORM_STATS) {
		kind_select(r, qy->kind);
		category_select(r, qy->category);
	}
	period_inputs(r, qy->from, qy->to);
	H(r, "<button type=\"submit\">%s</button></form>", k == FORM_RESULTS ? web_t(r, "Tìm") : web_t(r, "Lọc"));
}

/* Links to the newer and older pages (keyset cursors), with the same filters
 * and page size. */
static void pager(web_req *r, const char *path, const char *qs, int limit, const char *previous, const char *next,
                  bool first)
{
	if (!previous && !next) return;
	H(r, "<nav class=\"pager\">");
	if (previous)
		H(r, "<a rel=\"%s\" href=\"%s\">%s</a> ", first ? "first" : "prev",
		  results_page_url(r, path, qs, limit, RESULTS_PAGE_LIMIT, previous),
		  first ? web_t(r, "Trang đầu") : web_t(r, "Trang trước"));
	if (next)
		H(r, "<a rel=\"next\" href=\"%s\">%s</a>", results_page_url(r, path, qs, limit, RESULTS_PAGE_LIMIT, next),
		  web_t(r, "Trang sau"));
	H(r, "</nav>");
}

/* "N kết quả", or "Hơn 1000 kết quả" for a search with more matches. */
static void count_heading(web_req *r, const results_filter *f, int total, const char *what)
{
	bool more;
	int shown = results_total_shown(f, total, &more);
	if (more) H(r, "<h2 class=\"count\">%s %d %s</h2>", web_t(r, "Hơn"), shown, what);
	else H(r, "<h2 class=\"count\">%d %s</h2>", shown, what);
}

/* The links to a table's files: path.csv, .json and .xlsx with the filters. */
static void downloads(web_req *r, const char *path, const char *qs)
{
	H(r, "<p class=\"muted downloads\">%s", web_t(r, "Tải xuống:"));
	static const char *const ext[] = {"csv", "json", "xlsx"};
	static const char *const name[] = {"CSV", "JSON", "Excel (XLSX)"};
	for (int i = 0; i < 3; i++)
		H(r, "%r <a href=\"%s.%s%s%s\">%s</a>", i ? " ·" : "", path, ext[i], *qs ? "?" : "", qs, name[i]);
	H(r, "</p>");
}

static void see_also(web_req *r)
{
	H(r, "<p class=\"toolbar\"><a href=\"/results\">%s</a> · <a href=\"/results/stats\">%s</a> · "
	     "<a href=\"/results/apologies\">%s</a> · <a href=\"/inspections/published\">%s</a></p>",
	  web_t(r, "Kết quả đã công khai"), web_t(r, "Thống kê theo đơn vị"), web_t(r, "Sổ xin lỗi công khai"),
	  web_t(r, "Kết quả thanh tra, kiểm tra công vụ"));
}

static void fault_badge(web_req *r, bool at_fault)
{
	H(r, "<span class=\"badge %s\">%s</span>", at_fault ? "late" : "ok",
	  at_fault ? web_t(r, "Có sai phạm") : web_t(r, "Không có sai phạm"));
}

static void time_badge(web_req *r, bool late)
{
	H(r, "<span class=\"badge %s\">%s</span>", late ? "late" : "ok", late ? web_t(r, "Trễ hạn") : web_t(r, "Đúng hạn"));
}

/* --- the list --- */

static int page_list(web_req *r)
{
	if (web_page_cached(r, "results units calendar", "q unit kind category from to limit offset after before")) return 0;
	err e = {0};
	results_query qy;
	if (results_query_parse(r, RESULTS_PAGE_LIMIT, RESULTS_PAGE_MAX, &qy, &e)) return web_error(r, &e);
	results_list l;
	if (results_list_load(r, &qy, &l, &e)) return web_error(r, &e);
	const results_row *rows = l.rows;
	int n = l.n, total = l.total;
	const char *qs = results_query_string(r, &qy);

	r->cacheable = !r->actor;
	ui_page_begin(r, web_t(r, "Kết quả giải quyết phản ánh, kiến nghị"));
	H(r, "<h1>%s</h1><p>%s</p>", web_t(r, "Kết quả giải quyết phản ánh, kiến nghị, khiếu nại, tố cáo"),
	  web_t(r, "Kết quả đã được công khai của từng vụ việc: đơn vị giải quyết, đúng hạn hay trễ hạn, có sai phạm hay không, và lời xin lỗi khi cơ quan có lỗi. Không công khai thông tin của người phản ánh."));
	see_also(r);
	filter_form(r, FORM_RESULTS, "/results", &qy);
	count_heading(r, &qy.f, total, web_t(r, "kết quả"));
	downloads(r, "/results", qs);
	if (n == 0) {
		H(r, "<p>%s</p>", web_t(r, "Không tìm thấy kết quả nào. Hãy thử từ khóa khác, có dấu hoặc không dấu, hoặc bỏ bớt bộ lọc."));
	} else {
		const char *l_code = web_t(r, "Mã"), *l_kind = web_t(r, "Loại, nội dung"), *l_unit = web_t(r, "Đơn vị giải quyết"),
		           *l_dates = web_t(r, "Tiếp nhận · công khai"), *l_res = web_t(r, "Kết quả");
		H(r, "<table class=\"list stack results\"><thead><tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th>"
		     "</tr></thead><tbody>", l_code, l_kind, l_unit, l_dates, l_res);
		for (int i = 0; i < n; i++) {
			const results_row *x = &rows[i];
			H(r, "<tr><td data-label=\"%s\"><a href=\"/results/%u\"><code>%s</code></a></td>"
			     "<td data-label=\"%s\">%s<br><span class=\"muted\">%s</span></td>"
			     "<td data-label=\"%s\"><a href=\"/units/%u\">%s</a></td>"
			     "<td data-label=\"%s\">%s · %s</td><td data-label=\"%s\">",
			  l_code, x->code, x->code, l_kind, results_kind_label(r, x->kind), results_category_label(r, x->category),
			  l_unit, x->unit_code, uname(r, x->unit_name_vi, x->unit_name_en),
			  l_dates, date_text(r, x->received_at), date_text(r, x->published_at), l_res);
			time_badge(r, x->late);
			H(r, " ");
			fault_badge(r, x->at_fault);
			H(r, "<p class=\"summary\"%r>%s</p></td></tr>", ui_vi(r), x->summary);
		}
		H(r, "</tbody></table>");
	}
	pager(r, "/results", qs, qy.f.limit, l.previous, l.next, false);
	ui_page_end(r);
	return 0;
}

/* --- one result --- */

static int page_result(web_req *r)
{
	err e = {0};
	results_detail d;
	if (results_detail_load(r, &d, &e)) return web_error(r, &e);
	const results_row *x = &d.row;
	r->cacheable = !r->actor;
	ui_page_begin(r, arena_printf(r->a, "%s %s", web_t(r, "Kết quả"), x->code));
	H(r, "<nav class=\"crumbs\"><a href=\"/results\">%s</a></nav>", web_t(r, "Kết quả đã công khai"));
	H(r, "<h1>%s <code>%s</code></h1><p class=\"kind\">%s · %s</p>", web_t(r, "Kết quả giải quyết"), x->code,
	  results_kind_label(r, x->kind), results_category_label(r, x->category));
	H(r, "<section class=\"card\"><h2>%s</h2><p class=\"summary\"%r>%s</p></section>", web_t(r, "Kết quả"), ui_vi(r), x->summary);
	H(r, "<section class=\"card\"><dl><dt>%s</dt><dd><a href=\"/units/%u\">%s</a></dd>",
	  web_t(r, "Đơn vị giải quyết"), x->unit_code, uname(r, x->unit_name_vi, x->unit_name_en));
	H(r, "<dt>%s</dt><dd>%s</dd>", web_t(r, "Ngày tiếp nhận"), date_text(r, x->received_at));
	if (*x->concluded_at) H(r, "<dt>%s</dt><dd>%s</dd>", web_t(r, "Ngày kết luận"), date_text(r, x->concluded_at));
	H(r, "<dt>%s</dt><dd>%s</dd>", web_t(r, "Ngày công khai"), date_text(r, x->published_at));
	H(r, "<dt>%s</dt><dd>", web_t(r, "Thời hạn"));
	time_badge(r, x->late);
	H(r, "</dd><dt>%s</dt><dd>", web_t(r, "Kết luận"));
	fault_badge(r, x->at_fault);
	H(r, "</dd>");
	if (x->at_fault)
		H(r, "<dt>%s</dt><dd>%d %s</dd>", web_t(r, "Xử lý cán bộ có sai phạm"), d.sanctions,
		  web_t(r, "hình thức xử lý đã được quyết định và ghi vào hồ sơ của cán bộ (không công khai tên)"));
	H(r, "<dt>%s</dt><dd>%s</dd></dl></section>", web_t(r, "Tình trạng"),
	  x->resolved ? web_t(r, "Đã xác nhận giải quyết xong") : web_t(r, "Đã công khai kết quả, chờ người phản ánh xác nhận"));
	if (d.has_apology) {
		const results_apology *a = &d.apology;
		H(r, "<section class=\"notice apology\" role=\"note\"><h2>%s</h2><p>%s <a href=\"/units/%u\">%s</a>, %s</p><dl>"
		     "<dt>%s</dt><dd%r>%s</dd><dt>%s</dt><dd%r>%s</dd><dt>%s</dt><dd%r>%s</dd></dl></section>",
		  web_t(r, "Lời xin lỗi"), web_t(r, "Đơn vị xin lỗi:"), a->unit_code, uname(r, a->unit_name_vi, a->unit_name_en),
		  date_text(r, a->published_at), web_t(r, "Sai sót"), ui_vi(r), a->what_wrong, web_t(r, "Những việc đã làm"),
		  ui_vi(r), a->what_done, web_t(r, "Khắc phục cho người dân"), ui_vi(r), a->remedy);
	}
	H(r, "<p class=\"muted\">%s</p>", web_t(r, "Thông tin của người phản ánh, nội dung đơn và tên cán bộ không được công khai."));
	see_also(r);
	ui_page_end(r);
	return 0;
}

/* The last 12 months as two charts: reports received and concluded, and the
 * share concluded on time (a month with nothing concluded is a gap). */
static void trend(web_req *r, int64_t unit_id, const char *unit)
{
	err e = {0};
	results_trend t;
	if (results_trend_load(r, unit_id, &t, &e)) return;   /* the table above stands without it */
	chart_text tx = chart_text_of(r);
	H(r, "<h2>%s</h2>", web_t(r, "Xu hướng 12 tháng gần nhất"));
	chart_line counts = {
		.id = "trend-counts", .title = web_t(r, "Phản ánh, kiến nghị tiếp nhận và kết luận mỗi tháng"),
		.x_title = web_t(r, "Tháng"), .x = t.label, .n = t.n, .nseries = 2,
		.series = {{web_t(r, "Tiếp nhận"), t.received}, {web_t(r, "Kết luận"), t.concluded}},
	};
	chart_line_svg(&r->out, &tx, &counts);
	double pct[RESULTS_TREND_MONTHS];
	for (int i = 0; i < t.n; i++) pct[i] = t.on_time_share[i] * 100;
	chart_line share = {
		.id = "trend-on-time", .title = web_t(r, "Tỷ lệ kết luận đúng hạn mỗi tháng"), .x_title = web_t(r, "Tháng"),
		.x = t.label, .n = t.n, .nseries = 1, .series = {{web_t(r, "Kết luận đúng hạn"), pct}},
		.suffix = "%", .y_max = 100,
	};
	chart_line_svg(&r->out, &tx, &share);
	H(r, "<p class=\"muted\">%s</p>",
	  web_t(r, "Tháng không có vụ việc nào được kết luận không có tỷ lệ đúng hạn: biểu đồ để trống tháng đó."));
	results_query qy = {.unit = unit};
	downloads(r, "/results/stats/trend", results_query_string(r, &qy));
}

/* --- statistics --- */

static void stat_row(web_req *r, const results_stat *s, bool total, const char *const *labels)
{
	H(r, "<tr%r><td data-label=\"%s\">", total ? " class=\"total\"" : s->overdue ? " class=\"late\"" : "", labels[0]);
	if (total) H(r, "<strong>%s</strong>", web_t(r, "Tổng"));
	else {
		H(r, "<a href=\"/units/%u\">%s</a>", s->unit_code, uname(r, s->unit_name_vi, s->unit_name_en));
		if (*s->head_name)
			H(r, "<br><span class=\"muted\"%r>%s%s%s</span>", ui_vi(r), s->head_name, *s->head_title ? ", " : "", s->head_title);
	}
	H(r, "</td>");
	const int v[] = {s->received, s->accepted, s->on_time, s->late, s->overdue, s->at_fault, s->apologies};
	for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
		H(r, "<td class=\"num\" data-label=\"%s\">%d</td>", labels[i + 1], v[i]);
	H(r, "<td class=\"num\" data-label=\"%s\">%s</td></tr>", labels[8], results_avg_days(r, s, en(r) ? '.' : ','));
}

static int page_stats(web_req *r)
{
	if (web_page_cached(r, "results units calendar", "q unit kind category from to limit offset")) return 0;
	err e = {0};
	results_stats s;
	if (results_stats_load(r, &s, &e)) return web_error(r, &e);
	results_query qy = {.unit = s.unit, .from = s.from, .to = s.to};
	r->cacheable = !r->actor;
	const char *qs = results_query_string(r, &qy);
	ui_page_begin(r, web_t(r, "Thống kê theo đơn vị"));
	H(r, "<h1>%s</h1><p>%s</p>", web_t(r, "Thống kê giải quyết phản ánh, kiến nghị theo đơn vị"),
	  web_t(r, "Vụ việc quá hạn và sai phạm của cán bộ được tính vào trách nhiệm của người đứng đầu đơn vị. Đơn vị có nhiều vụ việc quá hạn nhất đứng đầu bảng."));
	see_also(r);
	filter_form(r, FORM_STATS, "/results/stats", &qy);
	downloads(r, "/results/stats", qs);
	const char *const labels[] = {
		web_t(r, "Đơn vị, người đứng đầu"), web_t(r, "Tiếp nhận"), web_t(r, "Thụ lý"), web_t(r, "Kết luận đúng hạn"),
		web_t(r, "Kết luận trễ hạn"), web_t(r, "Đang quá hạn"), web_t(r, "Có sai phạm"), web_t(r, "Lời xin lỗi"),
		web_t(r, "Số ngày giải quyết trung bình"),
	};
	H(r, "<table class=\"list stack stats\"><thead><tr><th>%s</th>", labels[0]);
	for (int i = 1; i < 9; i++) H(r, "<th class=\"num\">%s</th>", labels[i]);
	H(r, "</tr></thead><tbody>");
	for (int i = 0; i < s.n; i++) stat_row(r, &s.rows[i], false, labels);
	if (s.n == 0)
		H(r, "<tr><td colspan=\"9\">%s</td></tr>", web_t(r, "Chưa có vụ việc nào trong khoảng thời gian này."));
	stat_row(r, &s.total, true, labels);
	H(r, "</tbody></table><p class=\"muted\">%s</p>",
	  web_t(r, "Tiếp nhận, thụ lý, kết luận và lời xin lỗi: trong khoảng thời gian đã chọn. Đang quá hạn: vụ việc chưa kết luận đã quá thời hạn tại thời điểm xem. Có sai phạm được tính cho đơn vị bị phản ánh."));
	trend(r, s.unit_id, s.unit);
	ui_page_end(r);
	return 0;
}

/* --- the apology register: cases' apologies and dossiers' apology letters --- */

static void apology_units_table(web_req *r, const results_apology_unit *u, int n)
{
	const char *l_unit = web_t(r, "Cơ quan, đơn vị"), *l_cases = web_t(r, "Xin lỗi vì sai phạm (vụ việc)"),
	           *l_letters = web_t(r, "Văn bản xin lỗi vì hồ sơ trễ hạn"), *l_late = web_t(r, "Gửi muộn hơn quy định");
	H(r, "<table class=\"list stack apology-units\"><thead><tr><th>%s</th><th class=\"num\">%s</th><th class=\"num\">%s</th>"
	     "<th class=\"num\">%s</th></tr></thead><tbody>", l_unit, l_cases, l_letters, l_late);
	for (int i = 0; i < n; i++)
		H(r, "<tr><td data-label=\"%s\"><a href=\"/results/apologies?unit=%u\">%s</a></td><td class=\"num\" data-label=\"%s\">%d</td>"
		     "<td class=\"num\" data-label=\"%s\">%d</td><td class=\"num\" data-label=\"%s\">%d</td></tr>",
		  l_unit, u[i].unit_code, uname(r, u[i].unit_name_vi, u[i].unit_name_en), l_cases, u[i].cases, l_letters,
		  u[i].letters, l_late, u[i].letters_late);
	if (n == 0) H(r, "<tr><td colspan=\"4\">%s</td></tr>", web_t(r, "Chưa có lời xin lỗi nào."));
	H(r, "</tbody></table>");
}

static void letters_table(web_req *r, const results_dossier_apology *x, int n)
{
	const char *l_date = web_t(r, "Ngày gửi"), *l_unit = web_t(r, "Cơ quan, đơn vị"), *l_proc = web_t(r, "Thủ tục"),
	           *l_old = web_t(r, "Hẹn trả kết quả trước đây"), *l_new = web_t(r, "Ngày hẹn trả kết quả mới"),
	           *l_when = web_t(r, "Thời điểm gửi");
	H(r, "<table class=\"list stack apology-letters\"><thead><tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th>"
	     "<th>%s</th></tr></thead><tbody>", l_date, l_unit, l_proc, l_old, l_new, l_when);
	for (int i = 0; i < n; i++)
		H(r, "<tr><td data-label=\"%s\">%s</td><td data-label=\"%s\"><a href=\"/units/%u\">%s</a></td>"
		     "<td data-label=\"%s\">%s</td><td data-label=\"%s\">%s</td><td data-label=\"%s\">%s</td>"
		     "<td data-label=\"%s\"><span class=\"badge %s\">%s</span></td></tr>",
		  l_date, date_text(r, x[i].issued_at), l_unit, x[i].unit_code, uname(r, x[i].unit_name_vi, x[i].unit_name_en),
		  l_proc, uname(r, x[i].procedure_vi, x[i].procedure_en), l_old, date_text(r, x[i].old_due_at), l_new,
		  date_text(r, x[i].new_due_at), l_when, x[i].issued_late ? "late" : "ok",
		  x[i].issued_late ? web_t(r, "Gửi muộn hơn quy định") : web_t(r, "Gửi đúng quy định"));
	if (n == 0) H(r, "<tr><td colspan=\"6\">%s</td></tr>", web_t(r, "Chưa có văn bản xin lỗi nào."));
	H(r, "</tbody></table>");
}

static int page_apologies(web_req *r)
{
	err e = {0};
	results_query qy;
	if (results_apology_query_parse(r, RESULTS_PAGE_LIMIT, RESULTS_PAGE_MAX, &qy, &e)) return web_error(r, &e);
	results_register g;
	if (results_register_load(r, &qy, &g, &e)) return web_error(r, &e);
	const results_apology *rows = g.rows;
	int n = g.n, total = g.total;
	const char *qs = results_query_string(r, &qy);
	r->cacheable = !r->actor;
	ui_page_begin(r, web_t(r, "Sổ xin lỗi công khai"));
	H(r, "<h1>%s</h1><p>%s</p>", web_t(r, "Sổ xin lỗi công khai"),
	  web_t(r, "Mọi lời xin lỗi của cơ quan, đơn vị: khi kết luận xác định đơn vị có sai phạm, chính đơn vị có sai phạm xin lỗi (sai sót gì, đã làm gì, khắc phục thế nào); khi hồ sơ thủ tục hành chính giải quyết trễ hạn, đơn vị gửi văn bản xin lỗi và hẹn lại ngày trả kết quả."));
	see_also(r);
	filter_form(r, FORM_APOLOGIES, "/results/apologies", &qy);
	downloads(r, "/results/apologies", qs);
	H(r, "<h2>%s</h2>", web_t(r, "Theo cơ quan, đơn vị"));
	apology_units_table(r, g.units, g.nu);
	downloads(r, "/results/apologies/units", qs);
	H(r, "<h2 class=\"count\">%d %s</h2>", total, web_t(r, "lời xin lỗi vì sai phạm"));
	if (n == 0) H(r, "<p>%s</p>", web_t(r, "Chưa có lời xin lỗi nào."));
	for (int i = 0; i < n; i++) {
		const results_apology *a = &rows[i];
		H(r, "<article class=\"card apology\"><h3><a href=\"/units/%u\">%s</a> · %s</h3>"
		     "<p class=\"kind\">%s · %s · <a href=\"/results/%u\"><code>%s</code></a></p><dl>"
		     "<dt>%s</dt><dd%r>%s</dd><dt>%s</dt><dd%r>%s</dd><dt>%s</dt><dd%r>%s</dd></dl></article>",
		  a->unit_code, uname(r, a->unit_name_vi, a->unit_name_en), date_text(r, a->published_at),
		  results_kind_label(r, a->kind), results_category_label(r, a->category), a->code, a->code,
		  web_t(r, "Sai sót"), ui_vi(r), a->what_wrong, web_t(r, "Những việc đã làm"), ui_vi(r), a->what_done,
		  web_t(r, "Khắc phục cho người dân"), ui_vi(r), a->remedy);
	}
	H(r, "<h2 class=\"count\" id=\"letters\">%d %s</h2>", g.total_l, web_t(r, "văn bản xin lỗi vì hồ sơ trễ hạn"));
	if (qy.kind || qy.category)
		H(r, "<p class=\"muted\">%s</p>", web_t(r, "Loại đơn và nội dung chỉ áp dụng cho vụ việc; bỏ hai bộ lọc này để xem văn bản xin lỗi vì hồ sơ trễ hạn."));
	else {
		letters_table(r, g.letters, g.nl);
		downloads(r, "/results/apologies/letters", qs);
	}
	pager(r, "/results/apologies", qs, qy.f.limit, g.first, g.next, true);
	ui_page_end(r);
	return 0;
}

/* The register had a second page for the dossiers' letters: one register now. */
static int page_old_apologies(web_req *r)
{
	const char *unit = web_query(r, "unit");
	const char *to = "/results/apologies";
	if (unit && *unit) {
		buf b;
		buf_init(&b, 4096);
		buf_adds(&b, "/results/apologies?unit=");
		html_url_encode(&b, unit);
		to = arena_strdup(r->a, buf_str(&b));
		buf_free(&b);
	}
	web_redirect(r, to);
	r->status = 301;
	return 0;
}

/* Fixed paths come before /results/{code}: the first matching route wins. */
static const web_route routes[] = {
	{"GET", "/results", WEB_PUBLIC, page_list, 0},
	{"GET", "/results/stats", WEB_PUBLIC, page_stats, 0},
	{"GET", "/results/apologies", WEB_PUBLIC, page_apologies, 0},
	{"GET", "/apologies", WEB_PUBLIC, page_old_apologies, 0},
	{"GET", "/results/{code}", WEB_PUBLIC, page_result, 0},
};

void results_pages_install(void)
{
	web_route_add(routes, sizeof routes / sizeof routes[0]);
}
