/* pages.c — the public scoreboard: /scores (units ranked by total, by level),
 * /scores/units/{code} (each indicator with its counts, the 12-month trend,
 * what cost points: codes only) and /scores/methodology (every formula
 * printed from the data). Server-rendered, no script, cached per period. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "auth/auth.h"
#include "base/calendar.h"
#include "base/clock.h"
#include "scores/web.h"
#include "ui/chart.h"
#include "ui/ui.h"
#include "web/html.h"
#include "web/i18n.h"

static bool en(web_req *r) { return !strcmp(r->lang, "en"); }

/* "87,50" (Vietnamese) or "87.50". */
static const char *num(web_req *r, double v, int decimals)
{
	char *s = arena_printf(r->a, "%.*f", decimals, v);
	if (!en(r))
		for (char *p = s; *p; p++)
			if (*p == '.') *p = ',';
	return s;
}

static const char *pct(web_req *r, double ratio) { return arena_printf(r->a, "%s%%", num(r, ratio * 100.0, 1)); }

static const char *band_name(web_req *r, const score_defs *defs, const score_unit *u)
{
	if (u->rank <= 0 || u->band < 0) return web_t(r, "Chưa đủ dữ liệu");
	return en(r) ? defs->band[u->band].name_en : defs->band[u->band].name_vi;
}

static const char *band_class(const score_unit *u)
{
	if (u->rank <= 0 || u->band < 0) return "none";
	return u->scaled >= 80 ? "ok" : u->scaled >= 50 ? "risk" : "late";
}

static void period_form(web_req *r, const char *action, const char *period)
{
	int y, m, d;
	cal_ymd(cal_day_of(clock_now()), &y, &m, &d);
	H(r, "<form method=\"get\" action=\"%s\" class=\"filters\"><label for=\"period\">%s</label>"
	     "<input id=\"period\" name=\"period\" value=\"%s\" maxlength=\"22\" aria-describedby=\"period-help\">"
	     "<button type=\"submit\">%s</button></form>"
	     "<p id=\"period-help\" class=\"muted\">%s</p>",
	  action, web_t(r, "Kỳ đánh giá"), period, web_t(r, "Xem"),
	  web_t(r, "Tháng 2026-11, quý 2026-Q4, năm 2026 hoặc khoảng ngày 2026-01-01..2026-03-31."));
	H(r, "<p>%s <a href=\"%s?period=%s\">%s</a> · <a href=\"%s?period=%s\">%s</a> · <a href=\"%s?period=%s\">%s</a></p>",
	  web_t(r, "Nhanh:"), action, arena_printf(r->a, "%04d", y), web_t(r, "năm nay"), action,
	  arena_printf(r->a, "%04d-Q%d", y, (m + 2) / 3), web_t(r, "quý này"), action, arena_printf(r->a, "%04d-%02d", y, m),
	  web_t(r, "tháng này"));
}


static const char *const LEVELS[] = {N_("Cấp tỉnh"), N_("Sở, ban, ngành"), N_("Xã, phường")};

static int page_scores(web_req *r)
{
	if (web_page_cached(r, "scores units procedures", "period")) return 0;
	r->cacheable = r->actor == NULL;
	err e = {0};
	const char *name;
	int32_t from, to;
	score_defs defs;
	score_unit *us;
	int n = 0;
	if (scores_req_load(r, &name, &from, &to, &defs, &us, &n, &e)) return web_error(r, &e);
	ui_page_begin(r, web_t(r, "Chỉ số phục vụ người dân, doanh nghiệp"));
	H(r, "<h1>%s</h1><p>%s</p>", web_t(r, "Chỉ số phục vụ người dân, doanh nghiệp"),
	  web_t(r, "Điểm của từng cơ quan, đơn vị theo Quyết định 766/QĐ-TTg, tính tự động từ dữ liệu hồ sơ và phản ánh, kiến nghị. Mỗi điểm có số liệu đứng sau nó; chỉ số mà hệ thống chưa có dữ liệu ghi \"không có dữ liệu\", không tính là 0 điểm."));
	H(r, "<p><a href=\"/scores/methodology\">%s</a> · %s <a href=\"/scores.csv?period=%u\">CSV</a> · "
	     "<a href=\"/scores.json?period=%u\">JSON</a> · <a href=\"/scores.xlsx?period=%u\">Excel (XLSX)</a></p>",
	  web_t(r, "Cách tính từng chỉ số"), web_t(r, "Tải xuống:"), name, name, name);
	period_form(r, "/scores", name);
	char f[16], t[16];
	cal_format_date(from, f, sizeof f);
	cal_format_date(to, t, sizeof t);
	H(r, "<p class=\"muted\">%s %s – %s.</p>", web_t(r, "Kỳ:"), f, t);
	const char *l_rank = web_t(r, "Hạng"), *l_unit = web_t(r, "Đơn vị"), *l_total = web_t(r, "Điểm (tính được)"),
	           *l_scaled = web_t(r, "Quy về thang 100"), *l_band = web_t(r, "Xếp loại");
	for (int level = 0; level <= 2; level++) {
		H(r, "<h2>%s</h2><table class=\"list stack scores\"><thead><tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th>",
		  web_t(r, LEVELS[level]), l_rank, l_unit, l_total, l_scaled, l_band);
		for (int g = 0; g < defs.ngrp; g++) H(r, "<th>%s %d</th>", web_t(r, "Nhóm"), defs.grp[g].id);
		H(r, "</tr></thead><tbody>");
		for (int i = 0; i < n; i++) {
			const score_unit *u = &us[i];
			if (u->level != level) continue;
			H(r, "<tr><td data-label=\"%s\">%r</td><td data-label=\"%s\"><a href=\"/scores/units/%u?period=%u\">%s</a></td>"
			     "<td data-label=\"%s\">%s / %s</td><td data-label=\"%s\">%s</td>"
			     "<td data-label=\"%s\"><span class=\"badge %r\">%s</span></td>",
			  l_rank, u->rank > 0 ? arena_printf(r->a, "%d/%d", u->rank, u->peers) : "–", l_unit, u->code, name,
			  en(r) ? u->name_en : u->name_vi, l_total, num(r, u->total, 2), num(r, u->computable_max, 0), l_scaled,
			  u->rank > 0 ? num(r, u->scaled, 2) : "–", l_band, band_class(u), band_name(r, &defs, u));
			for (int g = 0; g < defs.ngrp; g++)
				H(r, "<td data-label=\"%s %d\">%s</td>", web_t(r, "Nhóm"), defs.grp[g].id,
				  u->group_max[g] > 0 ? arena_printf(r->a, "%s/%s", num(r, u->group_pts[g], 2), num(r, u->group_max[g], 0))
				                      : web_t(r, "không có dữ liệu"));
			H(r, "</tr>");
		}
		H(r, "</tbody></table>");
	}
	H(r, "<h2>%s</h2><ol>", web_t(r, "Các nhóm chỉ số"));
	for (int g = 0; g < defs.ngrp; g++)
		H(r, "<li>%s (%s %s)</li>", en(r) ? defs.grp[g].name_en : defs.grp[g].name_vi, num(r, defs.grp[g].max_pts, 0),
		  web_t(r, "điểm"));
	H(r, "</ol>");
	ui_page_end(r);
	return 0;
}

static void cost_list(web_req *r, const char *code, const char *period, int64_t unit_id, int32_t from, int32_t to,
                      const char *list, const char *title, bool dossier)
{
	const char *want = web_query(r, "list");
	const char *after = want && !strcmp(want, list) ? web_query(r, "after") : NULL;
	score_cost_item items[20];
	int n = 0;
	const char *next = NULL;
	err e = {0};
	H(r, "<h3 id=\"%s\">%s</h3>", list, title);
	if (scores_costs(db_thread(), unit_id, list, from, to, after, r->a, items, 20, &n, &next, &e)) {
		H(r, "<p>%s</p>", web_t(r, "Không đọc được danh sách."));
		return;
	}
	if (!n) { H(r, "<p class=\"muted\">%s</p>", web_t(r, "Không có.")); return; }
	H(r, "<ul class=\"codes\">");
	for (int i = 0; i < n; i++) {
		char day[16];
		cal_format_date(items[i].day, day, sizeof day);
		H(r, "<li><code>%s</code> <span class=\"muted\">%s</span></li>", items[i].code, day);
	}
	H(r, "</ul>");
	(void)dossier;
	if (next || after)
		H(r, "<nav class=\"pager\" aria-label=\"%s\">", web_t(r, "Phân trang"));
	if (after) H(r, "<a href=\"/scores/units/%u?period=%u#%s\">%s</a> ", code, period, list, web_t(r, "Trang đầu"));
	if (next)
		H(r, "<a rel=\"next\" href=\"/scores/units/%u?after=%u&amp;list=%s&amp;period=%u#%s\">%s</a>", code, next, list, period,
		  list, web_t(r, "Trang sau"));
	if (next || after) H(r, "</nav>");
}

static void value_cells(web_req *r, const score_indicator_def *def, const score_value *v)
{
	const char *l_num = web_t(r, "Tử số"), *l_den = web_t(r, "Mẫu số"), *l_ratio = web_t(r, "Tỷ lệ"),
	           *l_target = web_t(r, "Chỉ tiêu"), *l_pts = web_t(r, "Điểm");
	const char *target = def->target_pct > 0 ? arena_printf(r->a, "%s%%", num(r, def->target_pct, 0)) : "–";
	if (v->status == SS_NO_INPUT) {
		H(r, "<td data-label=\"%s\" colspan=\"3\">%s</td><td data-label=\"%s\">%s</td><td data-label=\"%s\">%s / %s</td>",
		  l_num, web_t(r, "không có dữ liệu (hệ thống chưa có đầu vào này)"), l_target, target, l_pts,
		  web_t(r, "không có dữ liệu"), num(r, def->max_pts, 0));
		return;
	}
	H(r, "<td data-label=\"%s\">%D</td><td data-label=\"%s\">%D</td><td data-label=\"%s\">%s</td>"
	     "<td data-label=\"%s\">%s</td><td data-label=\"%s\">%s / %s%r</td>",
	  l_num, v->num, l_den, v->den, l_ratio, v->status == SS_OK ? pct(r, v->ratio) : web_t(r, "không có dữ liệu"), l_target,
	  target, l_pts, v->status == SS_OK ? num(r, v->points, 2) : web_t(r, "không có dữ liệu"), num(r, def->max_pts, 0),
	  v->partial ? arena_printf(r->a, "<br><span class=\"muted\">%s</span>",
	                            web_t(r, "chưa gồm lượt \"không thích\" của người dân (chưa có dữ liệu đánh giá)"))
	             : "");
}

static int page_unit(web_req *r)
{
	if (web_page_cached(r, "scores units procedures", "period list after")) return 0;
	r->cacheable = r->actor == NULL;
	err e = {0};
	const char *name;
	int32_t from, to;
	score_defs defs;
	score_unit *us;
	int n = 0;
	if (scores_req_load(r, &name, &from, &to, &defs, &us, &n, &e)) return web_error(r, &e);
	const score_unit *u = scores_find_unit(us, n, web_param(r, "code"));
	if (!u) {
		err_set(&e, MB_ENOTFOUND, "not_found", "code", "Không có đơn vị này.", "no such unit");
		return web_error(r, &e);
	}
	const char *uname = en(r) ? u->name_en : u->name_vi;
	ui_page_begin(r, uname);
	H(r, "<p><a href=\"/scores?period=%u\">%s</a></p><h1>%s</h1>", name, web_t(r, "← Bảng xếp hạng"), uname);
	period_form(r, arena_printf(r->a, "/scores/units/%s", u->code), name);
	H(r, "<section class=\"card\"><p><strong>%s</strong> %s / %s %s (%s 100).</p>", web_t(r, "Tổng điểm:"), num(r, u->total, 2),
	  num(r, u->computable_max, 0), web_t(r, "điểm tính được"), web_t(r, "trên"));
	if (u->rank > 0)
		H(r, "<p>%s %s · %s <span class=\"badge %r\">%s</span> · %s %d/%d %s</p>", web_t(r, "Quy về thang 100:"),
		  num(r, u->scaled, 2), web_t(r, "Xếp loại:"), band_class(u), band_name(r, &defs, u), web_t(r, "Hạng"), u->rank, u->peers,
		  web_t(r, "đơn vị cùng cấp"));
	else
		H(r, "<p>%s</p>", web_t(r, "Chưa xếp hạng: trong kỳ chưa có hồ sơ hay phản ánh, kiến nghị nào."));
	H(r, "</section>");
	H(r, "<h2>%s</h2>", web_t(r, "Từng chỉ số"));
	for (int g = 0; g < defs.ngrp; g++) {
		H(r, "<h3>%d. %s: %s / %s</h3>", defs.grp[g].id, en(r) ? defs.grp[g].name_en : defs.grp[g].name_vi,
		  u->group_max[g] > 0 ? num(r, u->group_pts[g], 2) : web_t(r, "không có dữ liệu"), num(r, defs.grp[g].max_pts, 0));
		H(r, "<table class=\"list stack\"><thead><tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th>"
		     "<th>%s</th></tr></thead><tbody>",
		  web_t(r, "Chỉ số"), web_t(r, "Tên"), web_t(r, "Tử số"), web_t(r, "Mẫu số"), web_t(r, "Tỷ lệ"), web_t(r, "Chỉ tiêu"),
		  web_t(r, "Điểm"));
		for (int i = 0; i < defs.nind; i++) {
			if (defs.ind[i].group_id != defs.grp[g].id) continue;
			H(r, "<tr><td data-label=\"%s\">%s</td><td data-label=\"%s\">%s</td>", web_t(r, "Chỉ số"), defs.ind[i].code,
			  web_t(r, "Tên"), en(r) ? defs.ind[i].name_en : defs.ind[i].name_vi);
			value_cells(r, &defs.ind[i], &u->v[i]);
			H(r, "</tr>");
		}
		H(r, "</tbody></table>");
	}
	/* The trend: the 12 months up to the period's last month, as SVG charts
	 * (src/ui/chart.h: the numbers in the alt text and in a table under each). */
	int y, m, dd;
	cal_ymd(to, &y, &m, &dd);
	static const char *const trend_codes[] = {"2.1", "3.3", "5.4", "5.2", "5.3"};
	enum { NT = sizeof trend_codes / sizeof trend_codes[0] };
	const char **labels = arena_alloc(r->a, sizeof(char *) * 12);
	double scaled[12], ratio[NT][12];
	int32_t mf[12], mt[12];
	for (int k = 11, i = 0; k >= 0; k--, i++) {
		int yy = y, mm = m - k;
		while (mm <= 0) { mm += 12; yy--; }
		labels[i] = arena_printf(r->a, "%02d/%04d", mm, yy);
		mf[i] = cal_day_from_ymd(yy, mm, 1);
		mt[i] = (mm == 12 ? cal_day_from_ymd(yy + 1, 1, 1) : cal_day_from_ymd(yy, mm + 1, 1)) - 1;
	}
	score_unit *ms = arena_alloc(r->a, sizeof *ms * 12);
	if (scores_compute_unit(db_thread(), &defs, u->unit_id, mf, mt, 12, clock_now(), r->a, ms, &e)) return web_error(r, &e);
	for (int i = 0; i < 12; i++) {
		scaled[i] = ms[i].rank > 0 ? ms[i].scaled : NAN;
		for (int c = 0; c < NT; c++) {
			int ix = scores_ind_index(&defs, trend_codes[c]);
			ratio[c][i] = ix >= 0 && ms[i].v[ix].status == SS_OK ? ms[i].v[ix].ratio * 100.0 : NAN;
		}
	}
	chart_text tx = chart_text_of(r);
	H(r, "<h2>%s</h2>", web_t(r, "Xu hướng 12 tháng"));
	chart_line total = {
		.id = "trend-total", .title = web_t(r, "Điểm quy về thang 100 mỗi tháng"), .x_title = web_t(r, "Tháng"),
		.x = labels, .n = 12, .nseries = 1, .series = {{web_t(r, "Quy về thang 100"), scaled}}, .decimals = 2,
		.y_max = 100,
	};
	chart_line_svg(&r->out, &tx, &total);
	chart_line dossiers = {
		.id = "trend-dossiers", .title = web_t(r, "Hồ sơ: đúng hạn (2.1), nộp trực tuyến (3.3), hài lòng (5.4), mỗi tháng"),
		.x_title = web_t(r, "Tháng"), .x = labels, .n = 12, .nseries = 3,
		.series = {{"2.1", ratio[0]}, {"3.3", ratio[1]}, {"5.4", ratio[2]}}, .decimals = 1, .suffix = "%", .y_max = 100,
	};
	chart_line_svg(&r->out, &tx, &dossiers);
	chart_line feedback = {
		.id = "trend-feedback", .title = web_t(r, "Phản ánh, kiến nghị: xử lý đúng hạn (5.2), hài lòng (5.3), mỗi tháng"),
		.x_title = web_t(r, "Tháng"), .x = labels, .n = 12, .nseries = 2,
		.series = {{"5.2", ratio[3]}, {"5.3", ratio[4]}}, .decimals = 1, .suffix = "%", .y_max = 100,
	};
	chart_line_svg(&r->out, &tx, &feedback);
	H(r, "<p class=\"muted downloads\">%s <a href=\"/scores/units/%u/indicators.csv?period=%u\">CSV</a> · "
	     "<a href=\"/scores/units/%u/indicators.json?period=%u\">JSON</a> · "
	     "<a href=\"/scores/units/%u/indicators.xlsx?period=%u\">Excel (XLSX)</a></p>",
	  web_t(r, "Tải bảng chỉ số:"), u->code, name, u->code, name, u->code, name);
	H(r, "<h2>%s</h2><p class=\"muted\">%s</p>", web_t(r, "Những gì làm mất điểm"),
	  web_t(r, "Chỉ mã hồ sơ, mã phản ánh và ngày; không có thông tin cá nhân."));
	cost_list(r, u->code, name, u->unit_id, from, to, "late", web_t(r, "Hồ sơ quá hạn (chỉ số 2.1, 5.4)"), true);
	cost_list(r, u->code, name, u->unit_id, from, to, "complained", web_t(r, "Hồ sơ bị phản ánh hoặc không hài lòng (chỉ số 5.4)"), true);
	cost_list(r, u->code, name, u->unit_id, from, to, "feedback", web_t(r, "Phản ánh, kiến nghị không hài lòng, bị phản ánh lại hoặc quá hạn (chỉ số 5.2, 5.3)"), false);
	H(r, "<p><a href=\"/api/v1/scores?period=%u&amp;unit=%u\">JSON</a> · <a href=\"/scores/methodology\">%s</a></p>", name, u->code,
	  web_t(r, "Cách tính"));
	ui_page_end(r);
	return 0;
}

static int page_methodology(web_req *r)
{
	if (web_page_cached(r, "scores", NULL)) return 0;
	r->cacheable = r->actor == NULL;
	err e = {0};
	score_defs defs;
	if (scores_defs_load(db_thread(), cal_day_of(clock_now()), r->a, &defs, &e)) return web_error(r, &e);
	ui_page_begin(r, web_t(r, "Cách tính chỉ số"));
	H(r, "<h1>%s</h1><p>%s</p>", web_t(r, "Cách tính chỉ số phục vụ người dân, doanh nghiệp"),
	  web_t(r, "Theo Quyết định 766/QĐ-TTg ngày 23/6/2022 và bản mô tả công thức của Cổng Dịch vụ công quốc gia. Mọi chỉ tiêu, điểm và xếp loại dưới đây là dữ liệu có thời hạn hiệu lực, in ra từ cơ sở dữ liệu."));
	H(r, "<section class=\"card\"><h2>%s</h2><ul><li>%s</li><li>%s</li><li>%s</li><li>%s</li><li>%s</li></ul></section>",
	  web_t(r, "Công thức chung"),
	  web_t(r, "Chỉ số có chỉ tiêu T: điểm = điểm tối đa nếu tỷ lệ R ≥ T, ngược lại R × điểm tối đa / T. Không có chỉ tiêu: R × điểm tối đa. Làm tròn 2 chữ số thập phân."),
	  web_t(r, "Mẫu số bằng 0: \"không có dữ liệu\", không phải 0 điểm. Chỉ số mà hệ thống chưa có đầu vào: \"không có dữ liệu\" và không tính vào điểm tối đa tính được."),
	  web_t(r, "Tổng điểm = tổng điểm các chỉ số tính được; xếp loại và xếp hạng theo tổng điểm quy về thang 100 (tổng × 100 / điểm tối đa tính được)."),
	  web_t(r, "Xếp hạng trong các đơn vị cùng cấp (tỉnh; sở, ngành; xã, phường): đồng hạng khi chênh lệch không quá 0,001, hạng sau bỏ qua số đơn vị đồng hạng."),
	  web_t(r, "Hồ sơ đúng hạn (2.1): thời điểm kết thúc trừ thời gian chờ bổ sung không quá ngày hẹn trả; yêu cầu bổ sung quá 1 lần tính quá hạn; đang chờ bổ sung thì lấy thời điểm yêu cầu; không có ngày hẹn thì so với thời hạn luật định; còn mở đến cuối kỳ thì lấy cuối kỳ (hoặc hiện tại)."));
	for (int g = 0; g < defs.ngrp; g++) {
		H(r, "<h2>%d. %s (%s %s)</h2><table class=\"list stack\"><thead><tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th>"
		     "<th>%s</th><th>%s</th><th>%s</th></tr></thead><tbody>",
		  defs.grp[g].id, en(r) ? defs.grp[g].name_en : defs.grp[g].name_vi, num(r, defs.grp[g].max_pts, 0), web_t(r, "điểm"),
		  web_t(r, "Chỉ số"), web_t(r, "Tử số"), web_t(r, "Mẫu số"), web_t(r, "Chỉ tiêu"), web_t(r, "Điểm tối đa"),
		  web_t(r, "Nguồn"), web_t(r, "Hệ thống tính được"));
		for (int i = 0; i < defs.nind; i++) {
			const score_indicator_def *x = &defs.ind[i];
			if (x->group_id != defs.grp[g].id) continue;
			H(r, "<tr><td data-label=\"%s\"><strong>%s</strong> %s</td><td data-label=\"%s\"%r>%s</td><td data-label=\"%s\"%r>%s</td>"
			     "<td data-label=\"%s\">%s</td><td data-label=\"%s\">%s</td><td data-label=\"%s\"%r>%s (%s)</td><td data-label=\"%s\">%s</td></tr>",
			  web_t(r, "Chỉ số"), x->code, en(r) ? x->name_en : x->name_vi, web_t(r, "Tử số"), ui_vi(r), x->numerator,
			  web_t(r, "Mẫu số"), ui_vi(r), x->denominator, web_t(r, "Chỉ tiêu"),
			  x->target_pct > 0 ? arena_printf(r->a, "%s%%", num(r, x->target_pct, 0)) : "–", web_t(r, "Điểm tối đa"),
			  num(r, x->max_pts, 0), web_t(r, "Nguồn"), ui_vi(r), x->source, x->mark, web_t(r, "Hệ thống tính được"),
			  defs.input_present[i] ? web_t(r, "Có") : web_t(r, "Chưa: không có dữ liệu"));
		}
		H(r, "</tbody></table>");
	}
	H(r, "<h2>%s</h2><ul>", web_t(r, "Xếp loại (khoảng đóng)"));
	for (int b = 0; b < defs.nband; b++)
		H(r, "<li>%s: %s – %s</li>", en(r) ? defs.band[b].name_en : defs.band[b].name_vi, num(r, defs.band[b].min, 2),
		  num(r, defs.band[b].max, 2));
	H(r, "</ul><p class=\"muted\">%s</p>",
	  web_t(r, "Mức độ xác minh: V đã đọc trong văn bản; V2 đọc trong bản sao thứ cấp; K chưa tìm thấy nguồn, cần kiểm tra. Ai cũng kiểm tra lại được bằng lệnh minhbach scores --unit MÃ --period KỲ."));
	ui_page_end(r);
	return 0;
}

static const web_route routes[] = {
	{"GET", "/scores", WEB_PUBLIC, page_scores, 0},
	{"GET", "/scores/methodology", WEB_PUBLIC, page_methodology, 0},
	{"GET", "/scores/units/{code}", WEB_PUBLIC, page_unit, 0},
};

void scores_pages_install(void)
{
	web_route_add(routes, sizeof routes / sizeof routes[0]);
}
