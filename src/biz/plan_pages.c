/* plan_pages.c — an inspecting body drafts its annual plan of inspections of
 * businesses in the browser (/ke-hoach-kiem-tra): opens the year's plan, adds
 * entries (business, thanh tra or kiểm tra, subject matter, legal basis,
 * months, team lead) and sees at once the overlaps each entry makes with other
 * bodies' plans, then submits it (with the reason when past the deadline).
 * The same commands as the JSON API (/api/v1/inspection-plans). */
#include <stdlib.h>
#include <string.h>

#include "biz/internal.h"
#include "biz/repo.h"
#include "ui/ui.h"
#include "web/html.h"
#include "web/i18n.h"

static bool en(web_req *r) { return !strcmp(r->lang, "en"); }

static int year_of(web_req *r)
{
	int y = atoi_year(web_query(r, "year"));
	if (y) return y;
	char today[16];
	biz_today(today);
	return atoi_year((char[5]){today[0], today[1], today[2], today[3], 0}) + 1;
}

static int no_page(web_req *r)
{
	err e;
	err_set(&e, MB_EFORBIDDEN, "forbidden", NULL, "Chỉ Thanh tra tỉnh và thủ trưởng sở, ngành lập kế hoạch thanh tra, kiểm tra.",
	        "only the Inspectorate and heads of departments plan inspections and checks");
	return web_error(r, &e);
}

/* The open overlaps that involve an entry of the plan, by entry (index i of xs). */
static int conflicts_of(web_req *r, db *d, int64_t plan, const biz_entry *xs, int n, const char **rule_of, err *e)
{
	biz_plan_conflict *cs;
	int nc = 0;
	if (biz_repo_plan_conflicts(d, plan, r->a, &cs, &nc, e)) return e->status;
	for (int i = 0; i < n; i++)
		for (int k = 0; k < nc && !rule_of[i]; k++)
			if (cs[k].entry_id == xs[i].id) rule_of[i] = cs[k].rule_id;
	return 0;
}

static int render(web_req *r, int year, const err *fe, const char *focus)
{
	err e = {0};
	db *d = db_thread();
	const auth_actor *a = r->actor;
	if (!biz_may_plan(d, a, r->a)) return no_page(r);
	biz_plan p;
	int rc = biz_repo_plan_find(d, a->unit_id, year, r->a, &p, &e);
	if (rc < 0) return web_error(r, &e);
	char deadline[16] = "";
	int has_deadline = biz_repo_deadline(d, year, deadline, &e);
	if (has_deadline < 0) return web_error(r, &e);
	r->personal = true;
	const char *title = web_t(r, "Kế hoạch thanh tra, kiểm tra doanh nghiệp của đơn vị");
	ui_page_begin(r, title);
	H(r, "<h1>%s</h1><p><span%r>%s</span> · %s %d", title, ui_vi(r), a->unit_name_vi, web_t(r, "năm"), year);
	if (a->role == ROLE_INSPECTOR)
		H(r, " · <a href=\"/thanh-tra-doanh-nghiep?year=%d\">%s</a>", year, web_t(r, "Chồng chéo kế hoạch thanh tra, kiểm tra doanh nghiệp"));
	if (has_deadline) H(r, " · %s <strong>%s</strong>", web_t(r, "hạn trình"), deadline);
	H(r, "</p><form method=\"get\" action=\"/ke-hoach-kiem-tra\" class=\"search\"><label for=\"year\">%s</label>"
	     "<input id=\"year\" name=\"year\" type=\"number\" min=\"2025\" max=\"2100\" value=\"%d\"><button type=\"submit\">%s</button></form>",
	  web_t(r, "Năm"), year, web_t(r, "Xem"));
	if (fe) H(r, "<p class=\"error\" role=\"alert\">%s</p>", en(r) ? fe->en : fe->vi);
	if (rc == 0) {
		H(r, "<p>%s</p><form method=\"post\" action=\"/ke-hoach-kiem-tra\" class=\"form\">%r<input type=\"hidden\" name=\"year\" value=\"%d\">"
		     "<button type=\"submit\">%s %d</button></form>",
		  web_t(r, "Đơn vị chưa lập kế hoạch của năm này. Khi lập, đơn vị có một việc phải làm: trình kế hoạch trước hạn."),
		  auth_form_fields(r), year, web_t(r, "Lập kế hoạch năm"), year);
		ui_page_end(r);
		return 0;
	}
	biz_entry *xs;
	int n = 0;
	if (biz_repo_entries_of_plan(d, p.id, r->a, &xs, &n, &e)) return web_error(r, &e);
	const char **rule_of = arena_alloc(r->a, sizeof *rule_of * (size_t)(n ? n : 1));
	memset(rule_of, 0, sizeof *rule_of * (size_t)(n ? n : 1));
	if (conflicts_of(r, d, p.id, xs, n, rule_of, &e)) return web_error(r, &e);
	const char *st = !strcmp(p.state, "draft") ? N_("Đang lập") : !strcmp(p.state, "submitted") ? N_("Đã trình") : N_("Đã phê duyệt");
	H(r, "<p>%s: <strong>%s</strong></p>", web_t(r, "Trạng thái"), web_t(r, st));
	H(r, "<h2>%s (%d)</h2>", web_t(r, "Các cuộc trong kế hoạch"), n);
	if (!n) H(r, "<p class=\"muted\">%s</p>", web_t(r, "Chưa có cuộc nào."));
	else {
		const char *l_code = web_t(r, "Mã"), *l_biz = web_t(r, "Doanh nghiệp"), *l_kind = web_t(r, "Hình thức"),
		           *l_subj = web_t(r, "Lĩnh vực"), *l_over = web_t(r, "Chồng chéo");
		H(r, "<table class=\"list stack\"><thead><tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr></thead><tbody>",
		  l_code, l_biz, l_kind, l_subj, l_over);
		for (int i = 0; i < n; i++) {
			char months[64];
			biz_months_format(xs[i].months, months, sizeof months);
			H(r, "<tr id=\"e%D\"><td data-label=\"%s\"><code>%s</code></td><td data-label=\"%s\"><a href=\"/doanh-nghiep/%u\">%s</a><br><span%r>%s</span></td>"
			     "<td data-label=\"%s\">%s · %s %s</td><td data-label=\"%s\">%s</td><td data-label=\"%s\">%s</td></tr>",
			  xs[i].id, l_code, xs[i].code, l_biz, xs[i].tax_code, xs[i].tax_code, ui_vi(r), xs[i].business_name, l_kind,
			  web_t(r, biz_kind_label_vi(xs[i].kind)), web_t(r, "tháng"), months, l_subj, en(r) ? xs[i].subject_en : xs[i].subject_vi,
			  l_over, rule_of[i] ? arena_printf(r->a, "%s — %s", rule_of[i], web_t(r, "Thanh tra tỉnh sẽ xử lý")) : web_t(r, "Không"));
		}
		H(r, "</tbody></table>");
	}
	if (!strcmp(p.state, "draft")) {
		const char **codes, **names;
		int ns = 0;
		if (biz_repo_subjects(d, r->a, &codes, &names, &ns, &e)) return web_error(r, &e);
		H(r, "<h2>%s</h2><form method=\"post\" action=\"/ke-hoach-kiem-tra/%D/muc\" class=\"form\" id=\"add\">%r", web_t(r, "Thêm cuộc"),
		  p.id, auth_form_fields(r));
		H(r, "<label>%s<input name=\"tax_code\" required inputmode=\"numeric\" maxlength=\"14\" placeholder=\"5500234527\"%r></label>",
		  web_t(r, "Mã số thuế"), focus && !strcmp(focus, "tax_code") ? " autofocus" : "");
		H(r, "<fieldset><legend>%s</legend><label class=\"check\"><input type=\"radio\" name=\"kind\" value=\"thanh_tra\" checked> %s</label>"
		     "<label class=\"check\"><input type=\"radio\" name=\"kind\" value=\"kiem_tra\"> %s</label></fieldset>",
		  web_t(r, "Hình thức"), web_t(r, "Thanh tra"), web_t(r, "Kiểm tra"));
		H(r, "<label>%s<select name=\"subject\" required>", web_t(r, "Lĩnh vực quản lý nhà nước"));
		for (int i = 0; i < ns; i++) H(r, "<option value=\"%s\"%r>%s</option>", codes[i], ui_vi(r), names[i]);
		H(r, "</select></label><label>%s<input name=\"legal_basis\" required maxlength=\"500\"%r></label>"
		     "<label>%s<input name=\"months\" required maxlength=\"40\" placeholder=\"3,4\"></label>"
		     "<label>%s<input name=\"team_lead\" required maxlength=\"200\"%r></label><button type=\"submit\">%s</button></form>",
		  web_t(r, "Căn cứ pháp lý"), ui_vi(r), web_t(r, "Tháng dự kiến (vd. 3,4 hoặc 3-5)"), web_t(r, "Trưởng đoàn"), ui_vi(r),
		  web_t(r, "Thêm vào kế hoạch"));
		char today[16];
		biz_today(today);
		bool late = has_deadline && biz_rules_late(today, deadline);
		H(r, "<h2>%s</h2><form method=\"post\" action=\"/ke-hoach-kiem-tra/%D/trinh\" class=\"form\" id=\"submit\">%r", web_t(r, "Trình kế hoạch"),
		  p.id, auth_form_fields(r));
		if (late)
			H(r, "<label>%s<textarea name=\"late_reason\" required rows=\"2\" maxlength=\"2000\"></textarea></label>",
			  web_t(r, "Đã quá hạn trình: lý do trình muộn"));
		H(r, "<p class=\"muted\">%s</p><button type=\"submit\">%s</button></form>",
		  web_t(r, "Sau khi trình, Thanh tra tỉnh rà soát chồng chéo với kế hoạch của các cơ quan khác và phê duyệt."), web_t(r, "Trình kế hoạch"));
	} else if (p.late_reason)
		H(r, "<p>%s: <span%r>%s</span></p>", web_t(r, "Trình muộn, lý do"), ui_vi(r), p.late_reason);
	ui_page_end(r);
	return 0;
}

static int page_plan(web_req *r) { return render(r, year_of(r), NULL, NULL); }

static int answer(web_req *r, int rc, err *e, int year, const char *focus)
{
	if (!rc) return web_redirect(r, arena_printf(r->a, "/ke-hoach-kiem-tra?year=%d", year));
	if (e->status == MB_EINTERNAL || e->status == MB_ENOTFOUND || e->status == MB_EFORBIDDEN) return web_error(r, e);
	int st = err_http_status(e->status, e->code);
	int out = render(r, year, e, focus);
	r->status = st;
	return out;
}

static int page_open(web_req *r)
{
	err e = {0};
	if (!biz_may_plan(db_thread(), r->actor, r->a)) return no_page(r);
	int year = atoi_year(web_form(r, "year"));
	biz_plan p;
	bool created;
	int rc = year ? biz_plan_open(db_thread(), r->actor, year, r->a, &p, &created, &e)
	              : err_set(&e, MB_EINVAL, "invalid_field", "year", "Năm kế hoạch không hợp lệ.", "invalid plan year");
	return answer(r, rc, &e, year ? year : year_of(r), NULL);
}

/* The plan named by {id}, as its body's: its year, or 0 (e set). */
static int plan_year(web_req *r, biz_plan *p, err *e)
{
	const char *s = web_param(r, "id");
	int rc = biz_repo_plan_get(db_thread(), s ? strtoll(s, NULL, 10) : 0, r->a, p, e);
	if (rc < 0) return 0;
	if (rc == 0 || p->unit_id != ((const auth_actor *)r->actor)->unit_id) {
		err_set(e, MB_ENOTFOUND, "not_found", "plan", "Không có kế hoạch này.", "no such plan");
		return 0;
	}
	return p->year;
}

static int page_entry(web_req *r)
{
	err e = {0};
	biz_plan p;
	int year = plan_year(r, &p, &e);
	if (!year) return web_error(r, &e);
	biz_entry_in in = {web_form(r, "tax_code"), web_form(r, "kind"), web_form(r, "subject"), web_form(r, "legal_basis"),
	                   web_form(r, "months"), web_form(r, "team_lead"), NULL, NULL, NULL, NULL, NULL, NULL};
	biz_entry x;
	int rc = biz_entry_add(db_thread(), r->actor, p.id, &in, r->a, &x, &e);
	return answer(r, rc, &e, year, "tax_code");
}

static int page_submit(web_req *r)
{
	err e = {0};
	biz_plan p;
	int year = plan_year(r, &p, &e);
	if (!year) return web_error(r, &e);
	int rc = biz_plan_submit(db_thread(), r->actor, p.id, web_form(r, "late_reason"), r->a, &p, &e);
	return answer(r, rc, &e, year, NULL);
}

static bool plans_shown(web_req *r) { return biz_may_plan(db_thread(), r->actor, r->a); }
static bool inspectorate_shown(web_req *r) { return ((const auth_actor *)r->actor)->role == ROLE_INSPECTOR; }
static const ui_menu_item plans_menu = {N_("Kế hoạch thanh tra, kiểm tra doanh nghiệp"), "/ke-hoach-kiem-tra", plans_shown};
static const ui_menu_item overlaps_menu = {N_("Chồng chéo kế hoạch thanh tra, kiểm tra doanh nghiệp"), "/thanh-tra-doanh-nghiep",
                                           inspectorate_shown};

void biz_plan_pages_install(void)
{
	ui_menu_add(&plans_menu);
	ui_menu_add(&overlaps_menu);
	static const web_route routes[] = {
		{"GET", "/ke-hoach-kiem-tra", AUTH_P_SIGNED_IN, page_plan, 0},
		{"POST", "/ke-hoach-kiem-tra", AUTH_P_SIGNED_IN, page_open, 0},
		{"POST", "/ke-hoach-kiem-tra/{id}/muc", AUTH_P_SIGNED_IN, page_entry, 0},
		{"POST", "/ke-hoach-kiem-tra/{id}/trinh", AUTH_P_SIGNED_IN, page_submit, 0},
	};
	web_route_add(routes, sizeof routes / sizeof routes[0]);
}
