/* pages.c — the pages of inspections of businesses: the public search and
 * the public page of a business by tax code (/doanh-nghiep/{tax_code}) with
 * the business's rating form and the report link; the Inspectorate's page of
 * a year's plans and overlaps, side by side, with the resolution forms. */
#include <stdlib.h>
#include <string.h>

#include "biz/internal.h"
#include "cases/cases.h"
#include "ui/ui.h"
#include "web/html.h"
#include "web/i18n.h"

static bool en(web_req *r) { return !strcmp(r->lang, "en"); }
static const char *msg(web_req *r, const err *e) { return en(r) ? e->en : e->vi; }

static const char *state_label(const char *s)
{
	if (!strcmp(s, "planned")) return N_("Dự kiến");
	if (!strcmp(s, "started")) return N_("Đang tiến hành");
	if (!strcmp(s, "ended")) return N_("Đã kết thúc");
	if (!strcmp(s, "dropped")) return N_("Đã bỏ");
	if (!strcmp(s, "moved")) return N_("Chuyển năm sau");
	return N_("Gộp (liên ngành)");
}

static const char *rule_label(const char *rule)
{
	if (!strcmp(rule, "INS-1")) return N_("Vượt số cuộc thanh tra tối đa trong năm (Nghị quyết 198/2025/QH15, Điều 4 khoản 1)");
	if (!strcmp(rule, "INS-2")) return N_("Vượt số cuộc kiểm tra tối đa trong năm (Nghị quyết 198/2025/QH15, Điều 4 khoản 2)");
	if (!strcmp(rule, "INS-3")) return N_("Thanh tra và kiểm tra cùng lĩnh vực trong một năm (Nghị quyết 198/2025/QH15, Điều 4 khoản 3)");
	if (!strcmp(rule, "INS-5")) return N_("Trùng với kiểm toán của Kiểm toán nhà nước (Chỉ thị 20/CT-TTg)");
	return N_("Chồng chéo về phạm vi, đối tượng, nội dung, thời gian (Nghị định 59/2019/NĐ-CP, Điều 63)");
}

/* --- public --- */

static int page_search(web_req *r)
{
	if (web_page_cached(r, "biz units", "q after")) return 0;
	err e = {0};
	const char *q = web_query(r, "q"), *after = web_query(r, "after");
	biz_business *bs = NULL;
	int n = 0;
	if (q && *q && biz_search(db_thread(), q, after ? strtoll(after, NULL, 10) : 0, r->a, &bs, &n, &e)) return web_error(r, &e);
	ui_page_begin(r, web_t(r, "Thanh tra, kiểm tra doanh nghiệp"));
	H(r, "<h1>%s</h1><p>%s</p>", web_t(r, "Thanh tra, kiểm tra doanh nghiệp"),
	  web_t(r, "Số lần thanh tra, kiểm tra mỗi doanh nghiệp, hộ kinh doanh, cá nhân kinh doanh trong một năm có giới hạn (Nghị quyết 198/2025/QH15), trừ khi có dấu hiệu vi phạm rõ ràng. Tra cứu theo mã số thuế hoặc tên để xem kế hoạch đã phê duyệt và kết luận đã công khai."));
	H(r, "<form method=\"get\" action=\"/doanh-nghiep\" class=\"search\" role=\"search\">"
	     "<label for=\"q\">%s</label><input id=\"q\" name=\"q\" type=\"search\" value=\"%s\" maxlength=\"100\">"
	     "<button type=\"submit\">%s</button></form>",
	  web_t(r, "Mã số thuế hoặc tên"), q ? q : "", web_t(r, "Tìm"));
	if (q && *q) {
		if (n == 0) H(r, "<p>%s</p>", web_t(r, "Không tìm thấy. Hãy thử mã số thuế, hoặc tên có dấu hoặc không dấu."));
		H(r, "<ul class=\"results\">");
		for (int i = 0; i < n && i < BIZ_PAGE; i++)
			H(r, "<li><a href=\"/doanh-nghiep/%u\"%r>%s</a> <span class=\"kind\">%s · <span%r>%s</span></span></li>", bs[i].tax_code,
			  ui_vi(r), bs[i].name, bs[i].tax_code, ui_vi(r), bs[i].unit_name_vi);
		H(r, "</ul>");
		if (n > BIZ_PAGE)
			ui_pager(r, arena_printf(r->a, "/doanh-nghiep?q=%s&", q), after != NULL,
			         arena_printf(r->a, "%lld", (long long)bs[BIZ_PAGE - 1].id));
	}
	ui_page_end(r);
	return 0;
}

static void rate_form(web_req *r, const char *code, const err *e)
{
	H(r, "<section class=\"card action\" id=\"danh-gia\"><h1>%s</h1><p>%s</p>", web_t(r, "Đánh giá cuộc thanh tra, kiểm tra"),
	  web_t(r, "Doanh nghiệp dùng mã và mã bí mật được trao khi bắt đầu cuộc thanh tra, kiểm tra để đánh giá cách đoàn làm việc, và phản ánh nếu bị nhũng nhiễu."));
	if (e) H(r, "<p class=\"error\" role=\"alert\">%s</p>", msg(r, e));
	H(r, "<form method=\"post\" action=\"/doanh-nghiep/danh-gia\" class=\"form\">%r"
	     "<label>%s<input name=\"code\" value=\"%s\" autocomplete=\"off\" required></label>"
	     "<label>%s<input name=\"secret\" autocomplete=\"off\" required></label>"
	     "<label>%s<select name=\"level\"><option value=\"very_satisfied\">%s</option><option value=\"satisfied\">%s</option>"
	     "<option value=\"unsatisfied\">%s</option></select></label>"
	     "<label>%s<textarea name=\"comment\" rows=\"3\" maxlength=\"2000\"></textarea></label>"
	     "<button type=\"submit\">%s</button></form></section>",
	  auth_form_fields(r), web_t(r, "Mã cuộc thanh tra, kiểm tra"), code ? code : "", web_t(r, "Mã bí mật"),
	  web_t(r, "Mức độ hài lòng"), web_t(r, "Rất hài lòng"), web_t(r, "Hài lòng"), web_t(r, "Không hài lòng"),
	  web_t(r, "Nhận xét (bắt buộc khi không hài lòng)"), web_t(r, "Gửi đánh giá"));
}

static void entry_block(web_req *r, const biz_entry *x)
{
	char months[64];
	biz_months_format(x->months, months, sizeof months);
	H(r, "<tr><td>%d</td><td>%s%s</td><td>%s</td><td%r>%s</td><td>%s</td><td>%s</td><td>%s",
	  x->year, web_t(r, biz_kind_label_vi(x->kind)), x->adhoc ? web_t(r, " (đột xuất)") : "", x->code, ui_vi(r), x->unit_name_vi,
	  (en(r) ? x->subject_en : x->subject_vi), months, web_t(r, state_label(x->state)));
	if (x->conclusion_sha)
		H(r, "<br><a href=\"/api/v1/business-inspections/%u/conclusion\">%s</a>", x->code, web_t(r, "Kết luận (PDF)"));
	H(r, "</td></tr>");
}

static int page_business(web_req *r)
{
	if (web_page_cached(r, "biz units", "")) return 0;
	const char *tax = web_param(r, "tax_code");
	err e = {0};
	biz_public p;
	int rc = biz_public_load(db_thread(), tax, r->a, &p, &e);
	if (rc < 0) return web_error(r, &e);
	if (rc == 0) {
		err_set(&e, MB_ENOTFOUND, "not_found", "tax_code", "Không có doanh nghiệp với mã số thuế này.", "no business with this tax code");
		return web_error(r, &e);
	}
	/* The name exists only in Vietnamese: the English title names the business by its tax code. */
	ui_page_begin(r, en(r) ? arena_printf(r->a, "%s %s", web_t(r, "Mã số thuế"), p.b.tax_code) : p.b.name);
	H(r, "<nav class=\"crumbs\"><a href=\"/doanh-nghiep\">%s</a></nav>", web_t(r, "Thanh tra, kiểm tra doanh nghiệp"));
	H(r, "<h1%r>%s</h1><p class=\"kind\">%s · %s %s</p><p%r>%s · %s</p>", ui_vi(r), p.b.name,
	  web_t(r, biz_business_kind_label_vi(p.b.kind)), web_t(r, "Mã số thuế"), p.b.tax_code, ui_vi(r), p.b.address, p.b.unit_name_vi);
	if (*p.b.lines) H(r, "<p>%s: <span%r>%s</span></p>", web_t(r, "Ngành nghề"), ui_vi(r), p.b.lines);
	H(r, "<h2>%s</h2>", web_t(r, "Số cuộc theo năm"));
	if (!p.nyears) H(r, "<p>%s</p>", web_t(r, "Chưa có cuộc thanh tra, kiểm tra nào."));
	else {
		H(r, "<table class=\"list\"><thead><tr><th>%s</th><th class=\"num\">%s</th><th class=\"num\">%s</th><th class=\"num\">%s</th></tr></thead><tbody>",
		  web_t(r, "Năm"), web_t(r, "Thanh tra"), web_t(r, "Kiểm tra"), web_t(r, "Trong đó đột xuất"));
		for (int i = 0; i < p.nyears; i++)
			H(r, "<tr><td>%d</td><td class=\"num\">%d</td><td class=\"num\">%d</td><td class=\"num\">%d</td></tr>", p.years[i], p.tt[i],
			  p.kt[i], p.ah[i]);
		H(r, "</tbody></table>");
	}
	H(r, "<h2>%s</h2>", web_t(r, "Kế hoạch đã phê duyệt và cuộc đột xuất"));
	if (!p.nentries) H(r, "<p>%s</p>", web_t(r, "Không có."));
	else {
		/* Focusable, so that the table's sideways scroll on a phone is reachable by keyboard. */
		H(r, "<div class=\"scroll\" tabindex=\"0\" role=\"region\" aria-label=\"%s\"><table class=\"list\"><thead><tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr></thead><tbody>",
		  web_t(r, "Kế hoạch đã phê duyệt và cuộc đột xuất"), web_t(r, "Năm"), web_t(r, "Hình thức"), web_t(r, "Mã"), web_t(r, "Cơ quan"), web_t(r, "Lĩnh vực"), web_t(r, "Tháng"),
		  web_t(r, "Trạng thái"));
		for (int i = 0; i < p.nentries; i++) entry_block(r, &p.entries[i]);
		H(r, "</tbody></table></div>");
		for (int i = 0; i < p.nentries; i++)
			if (p.entries[i].conclusion_sha)
				H(r, "<section class=\"card\"><h3>%s %s</h3><p><strong>%s:</strong> <span%r>%s</span></p><p><strong>%s:</strong> <span%r>%s</span></p></section>",
				  web_t(r, "Kết luận"), p.entries[i].code, web_t(r, "Phát hiện"), ui_vi(r), p.entries[i].findings,
				  web_t(r, "Xử lý"), ui_vi(r), p.entries[i].sanctions);
	}
	H(r, "<p><a class=\"button\" href=\"/doanh-nghiep/danh-gia\">%s</a></p>", web_t(r, "Đánh giá cuộc thanh tra, kiểm tra"));
	ui_page_end(r);
	return 0;
}

/* The business's rating form: code and secret given at the inspection's start. */
static int render_rate(web_req *r, const char *code, const err *fe)
{
	r->personal = true;
	ui_page_begin(r, web_t(r, "Đánh giá cuộc thanh tra, kiểm tra"));
	H(r, "<nav class=\"crumbs\"><a href=\"/doanh-nghiep\">%s</a></nav>", web_t(r, "Thanh tra, kiểm tra doanh nghiệp"));
	rate_form(r, code, fe);
	ui_page_end(r);
	return 0;
}

static int page_rate(web_req *r)
{
	return render_rate(r, web_query(r, "code"), NULL);
}

static int page_rate_post(web_req *r)
{
	err e = {0};
	biz_entry x;
	const char *report;
	bool created;
	const char *code = web_form(r, "code");
	if (biz_rate(db_thread(), code, web_form(r, "secret"), web_form(r, "level"), web_form(r, "comment"), r->client_addr, r->a,
	             &x, &report, &created, &e) == 0)
		return web_redirect(r, arena_printf(r->a, "/doanh-nghiep/danh-gia/%s", x.code));
	if (e.status == MB_EINTERNAL) return web_error(r, &e);
	if (e.status == MB_ELIMIT) return web_error(r, &e);
	int rc = render_rate(r, code, &e);
	r->status = e.status == MB_ENOTFOUND ? 404 : 422;
	return rc;
}

/* After rating: thanks, and the report form prefilled with the inspection. */
static int page_rated(web_req *r)
{
	err e = {0};
	biz_entry x;
	int rc = biz_repo_entry_by_code(db_thread(), web_param(r, "code"), r->a, &x, &e);
	if (rc < 0) return web_error(r, &e);
	if (rc == 0 || !x.rate_code) {
		err_set(&e, MB_ENOTFOUND, "not_found", NULL, "Không tìm thấy.", "not found");
		return web_error(r, &e);
	}
	r->personal = true;
	ui_page_begin(r, web_t(r, "Cảm ơn doanh nghiệp đã đánh giá"));
	H(r, "<h1>%s</h1><p>%s</p>", web_t(r, "Cảm ơn doanh nghiệp đã đánh giá"),
	  web_t(r, "Đánh giá đã được ghi vào sổ cái. Nếu đoàn thanh tra, kiểm tra có hành vi nhũng nhiễu, gây phiền hà, hãy phản ánh: phản ánh được chuyển đến cơ quan có thẩm quyền và theo dõi đến khi có kết quả."));
	H(r, "<p><a class=\"button\" href=\"%s\">%s</a></p><p><a href=\"/doanh-nghiep/%u\">%s</a></p>", biz_report_link(r->a, &x),
	  web_t(r, "Phản ánh nhũng nhiễu trong cuộc thanh tra, kiểm tra này"), x.tax_code, web_t(r, "Về trang doanh nghiệp"));
	ui_page_end(r);
	return 0;
}

/* --- the Inspectorate --- */

static void entry_card(web_req *r, const char *label, const biz_entry *x)
{
	char months[64];
	biz_months_format(x->months, months, sizeof months);
	H(r, "<div class=\"card\"><h4>%s: %s</h4><dl><dt>%s</dt><dd%r>%s</dd><dt>%s</dt><dd>%s%s</dd><dt>%s</dt><dd>%s</dd>"
	     "<dt>%s</dt><dd%r>%s</dd><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd%r>%s</dd>",
	  label, x->code, web_t(r, "Cơ quan"), ui_vi(r), x->unit_name_vi, web_t(r, "Hình thức"), web_t(r, biz_kind_label_vi(x->kind)),
	  x->adhoc ? web_t(r, " (đột xuất)") : "", web_t(r, "Lĩnh vực"), (en(r) ? x->subject_en : x->subject_vi), web_t(r, "Căn cứ pháp lý"), ui_vi(r),
	  x->legal_basis, web_t(r, "Tháng dự kiến"), months, web_t(r, "Trưởng đoàn"), ui_vi(r), x->team_lead);
	if (x->adhoc) H(r, "<dt>%s</dt><dd%r>%s</dd>", web_t(r, "Dấu hiệu vi phạm"), ui_vi(r), x->grounds);
	H(r, "</dl></div>");
}

static void conflict_block(web_req *r, db *d, const biz_conflict_row *c)
{
	biz_entry a, b;
	err e = {0};
	H(r, "<section class=\"card action\" id=\"c%D\"><h3>%s %s · %s %d</h3><p><strong>%s</strong> — %s</p><div class=\"pair\">",
	  c->id, web_t(r, "Mã số thuế"), c->tax_code, web_t(r, "năm"), c->year, c->rule_id, web_t(r, rule_label(c->rule_id)));
	if (biz_repo_entry_get(d, c->entry_a, r->a, &a, &e) == 1) entry_card(r, "A", &a);
	if (c->entry_b && biz_repo_entry_get(d, c->entry_b, r->a, &b, &e) == 1) entry_card(r, "B", &b);
	biz_audit_row au;
	if (c->audit_id && biz_repo_audit_get(d, c->audit_id, r->a, &au, &e) == 1)
		H(r, "<div class=\"card\"><h4>%s</h4><p%r>%s · %s</p></div>", web_t(r, "Kiểm toán nhà nước"), ui_vi(r), au.subject, au.note);
	H(r, "</div>");
	if (!strcmp(c->state, "open")) {
		H(r, "<form method=\"post\" action=\"/thanh-tra-doanh-nghiep/xung-dot/%D\" class=\"form\">%r<fieldset><legend>%s</legend>",
		  c->id, auth_form_fields(r), web_t(r, "Cách xử lý"));
		for (int i = 0; i < BIZ_R__MAX; i++) {
			if (i == BIZ_R_JOINT && c->audit_id) continue;
			H(r, "<label class=\"check choice\"><input type=\"radio\" name=\"resolution\" value=\"%s\"%r> %s</label>",
			  biz_resolution_name((biz_resolution)i), i == BIZ_R_JOINT ? " checked" : "", web_t(r, biz_resolution_label_vi((biz_resolution)i)));
		}
		H(r, "</fieldset>");
		if (c->entry_b)
			H(r, "<label>%s<select name=\"target\"><option value=\"b\">B</option><option value=\"a\">A</option></select></label>",
			  web_t(r, "Cuộc bị điều chỉnh (gộp vào cuộc kia, chuyển hoặc bỏ)"));
		H(r, "<label>%s<textarea name=\"justification\" rows=\"2\" maxlength=\"2000\"></textarea></label><button type=\"submit\">%s</button></form>",
		  web_t(r, "Giải trình (bắt buộc khi giữ nguyên)"), web_t(r, "Ghi quyết định xử lý"));
	} else {
		H(r, "<p>%s: %s</p>", web_t(r, "Đã xử lý"), c->resolution ? c->resolution : c->state);
	}
	H(r, "</section>");
}

static int render_inspectorate(web_req *r, int year, const err *fe)
{
	err e = {0};
	db *d = db_thread();
	biz_conflict_row *cs;
	int n;
	const char *after = web_query(r, "after");
	if (biz_repo_conflicts_list(d, year, "open", after ? strtoll(after, NULL, 10) : 0, BIZ_PAGE + 1, r->a, &cs, &n, &e))
		return web_error(r, &e);
	biz_plan *ps;
	int np;
	if (biz_repo_plans_of_year(d, year, r->a, &ps, &np, &e)) return web_error(r, &e);
	r->personal = true;
	ui_page_begin(r, web_t(r, "Chồng chéo kế hoạch thanh tra, kiểm tra doanh nghiệp"));
	H(r, "<h1>%s %d</h1>", web_t(r, "Kế hoạch thanh tra, kiểm tra doanh nghiệp năm"), year);
	if (fe) H(r, "<p class=\"error\" role=\"alert\">%s</p>", msg(r, fe));
	H(r, "<form method=\"get\" action=\"/thanh-tra-doanh-nghiep\" class=\"search\"><label for=\"year\">%s</label>"
	     "<input id=\"year\" name=\"year\" type=\"number\" min=\"2025\" max=\"2100\" value=\"%d\"><button type=\"submit\">%s</button></form>",
	  web_t(r, "Năm"), year, web_t(r, "Xem"));
	H(r, "<h2>%s (%d%s)</h2>", web_t(r, "Chồng chéo chưa xử lý"), n > BIZ_PAGE ? BIZ_PAGE : n, n > BIZ_PAGE ? "+" : "");
	if (!n) H(r, "<p>%s</p>", web_t(r, "Không còn chồng chéo chưa xử lý."));
	for (int i = 0; i < n && i < BIZ_PAGE; i++) conflict_block(r, d, &cs[i]);
	if (n > BIZ_PAGE)
		ui_pager(r, arena_printf(r->a, "/thanh-tra-doanh-nghiep?year=%d&", year), after != NULL,
		         arena_printf(r->a, "%lld", (long long)cs[BIZ_PAGE - 1].id));
	H(r, "<h2>%s</h2>", web_t(r, "Kế hoạch của các cơ quan"));
	if (!np) H(r, "<p>%s</p>", web_t(r, "Chưa có kế hoạch."));
	else {
		H(r, "<table class=\"list\"><thead><tr><th>%s</th><th>%s</th><th>%s</th></tr></thead><tbody>", web_t(r, "Cơ quan"),
		  web_t(r, "Trạng thái"), web_t(r, "Phê duyệt"));
		for (int i = 0; i < np; i++) {
			const char *st = !strcmp(ps[i].state, "draft") ? N_("Đang lập") : !strcmp(ps[i].state, "submitted") ? N_("Đã trình") : N_("Đã phê duyệt");
			H(r, "<tr><td%r>%s</td><td>%s", ui_vi(r), ps[i].unit_name_vi, web_t(r, st));
			if (ps[i].late_reason) H(r, "<br>%s: <span%r>%s</span>", web_t(r, "Trình muộn, lý do"), ui_vi(r), ps[i].late_reason);
			H(r, "</td><td>");
			if (!strcmp(ps[i].state, "submitted"))
				H(r, "<form method=\"post\" action=\"/thanh-tra-doanh-nghiep/ke-hoach/%D\">%r<button type=\"submit\">%s</button></form>",
				  ps[i].id, auth_form_fields(r), web_t(r, "Phê duyệt"));
			H(r, "</td></tr>");
		}
		H(r, "</tbody></table>");
	}
	/* Reports of harassment during an inspection, filed through the report form from the business's page. */
	case_link_row *ls;
	int nl = 0;
	if (case_inspection_reports(d, 20, r->a, &ls, &nl, &e)) return web_error(r, &e);
	H(r, "<h2>%s</h2>", web_t(r, "Phản ánh của doanh nghiệp về cuộc thanh tra, kiểm tra"));
	if (!nl) H(r, "<p>%s</p>", web_t(r, "Không có."));
	else {
		H(r, "<ul class=\"results\">");
		for (int i = 0; i < nl; i++)
			H(r, "<li><a href=\"/cases/%u\"><code>%s</code></a> — %s <code>%s</code></li>", ls[i].case_code, ls[i].case_code,
			  web_t(r, "về cuộc"), ls[i].ref);
		H(r, "</ul>");
	}
	/* Flagged at once: ad-hoc inspections and refused widenings of their scope, newest first. */
	int64_t *ids;
	const char **codes, **kinds, **ats, **details;
	int nflags;
	if (biz_repo_flags(d, 0, 10, r->a, &ids, &codes, &kinds, &ats, &details, &nflags, &e)) return web_error(r, &e);
	H(r, "<h2>%s</h2>", web_t(r, "Báo ngay cho Thanh tra tỉnh"));
	if (!nflags) H(r, "<p>%s</p>", web_t(r, "Không có."));
	else {
		H(r, "<ul class=\"results\">");
		for (int i = 0; i < nflags; i++)
			H(r, "<li>%s — %s %s</li>", ats[i],
			  web_t(r, !strcmp(kinds[i], "adhoc") ? N_("Thanh tra, kiểm tra đột xuất") : N_("Yêu cầu mở rộng phạm vi bị từ chối")),
			  codes[i]);
		H(r, "</ul>");
	}
	ui_page_end(r);
	return 0;
}

static int default_year(web_req *r)
{
	int y = atoi_year(web_query(r, "year"));
	if (y) return y;
	char today[16];
	biz_today(today);
	return atoi_year((char[5]){today[0], today[1], today[2], today[3], 0}) + 1;
}

static int page_inspectorate(web_req *r)
{
	return render_inspectorate(r, default_year(r), NULL);
}

static int page_resolve_post(web_req *r)
{
	err e = {0};
	const char *id = web_param(r, "id");
	biz_conflict_row c;
	int64_t cid = id ? strtoll(id, NULL, 10) : 0;
	if (biz_conflict_resolve(db_thread(), r->actor, cid, web_form(r, "resolution"), web_form(r, "target"),
	                         web_form(r, "justification"), r->a, &c, &e) == 0)
		return web_redirect(r, arena_printf(r->a, "/thanh-tra-doanh-nghiep?year=%d", c.year));
	if (e.status == MB_EINTERNAL || e.status == MB_ENOTFOUND || e.status == MB_EFORBIDDEN) return web_error(r, &e);
	biz_conflict_row c2;
	err ig = {0};
	int year = biz_repo_conflict_get(db_thread(), cid, r->a, &c2, &ig) == 1 ? c2.year : default_year(r);
	int rc = render_inspectorate(r, year, &e);
	r->status = 422;
	return rc;
}

static int page_approve_post(web_req *r)
{
	err e = {0};
	const char *id = web_param(r, "id");
	biz_plan p;
	int64_t pid = id ? strtoll(id, NULL, 10) : 0;
	if (biz_plan_approve(db_thread(), r->actor, pid, r->a, &p, &e) == 0)
		return web_redirect(r, arena_printf(r->a, "/thanh-tra-doanh-nghiep?year=%d", p.year));
	if (e.status == MB_EINTERNAL || e.status == MB_ENOTFOUND || e.status == MB_EFORBIDDEN) return web_error(r, &e);
	err ig = {0};
	int year = biz_repo_plan_get(db_thread(), pid, r->a, &p, &ig) == 1 ? p.year : default_year(r);
	int rc = render_inspectorate(r, year, &e);
	r->status = 409;
	return rc;
}

static const web_route routes[] = {
	{"GET", "/doanh-nghiep", WEB_PUBLIC, page_search, 0},
	{"GET", "/doanh-nghiep/danh-gia", WEB_PUBLIC, page_rate, 0},
	{"GET", "/doanh-nghiep/{tax_code}", WEB_PUBLIC, page_business, 0},
	{"POST", "/doanh-nghiep/danh-gia", WEB_PUBLIC, page_rate_post, 16u * 1024},
	{"GET", "/doanh-nghiep/danh-gia/{code}", WEB_PUBLIC, page_rated, 0},
	{"GET", "/thanh-tra-doanh-nghiep", AUTH_P_INSPECTOR, page_inspectorate, 0},
	{"POST", "/thanh-tra-doanh-nghiep/xung-dot/{id}", AUTH_P_INSPECTOR, page_resolve_post, 0},
	{"POST", "/thanh-tra-doanh-nghiep/ke-hoach/{id}", AUTH_P_INSPECTOR, page_approve_post, 0},
};

void biz_pages_install(void)
{
	web_route_add(routes, sizeof routes / sizeof routes[0]);
}
