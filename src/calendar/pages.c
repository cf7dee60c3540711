/* pages.c — the administrators' holidays page: the rule set in force, the
 * days of a year with the ones to check against an official text flagged,
 * and forms to add, change, confirm and remove a day. No JavaScript needed. */
#include <string.h>

#include "auth/auth.h"
#include "base/clock.h"
#include "base/text.h"
#include "calendar/repo.h"
#include "calendar/web.h"
#include "ui/ui.h"
#include "web/html.h"

static int this_year(void)
{
	int y;
	cal_ymd(cal_day_of(clock_now()), &y, NULL, NULL);
	return y;
}

static int year_of(const char *date)
{
	int32_t day;
	int y;
	if (cal_parse_date(date, &day)) return 0;
	cal_ymd(day, &y, NULL, NULL);
	return y;
}

static void select_field(web_req *r, const char *name, const char *const *values, size_t n, const char *cur,
                         const char *(*label)(const char *))
{
	H(r, "<select name=\"%s\">", name);
	for (size_t i = 0; i < n; i++)
		H(r, "<option value=\"%s\"%r>%s (%s)</option>", values[i], cur && !strcmp(cur, values[i]) ? " selected" : "",
		  web_t(r, label(values[i])), values[i]);
	H(r, "</select>");
}

static const char *bad(const err *e, const char *field)
{
	return e && e->field && !strcmp(e->field, field) ? " class=\"bad\"" : "";
}

static void rule_set_card(web_req *r, const rule_set *rs)
{
	H(r, "<section class=\"card\"><h2>%s</h2><dl>", web_t(r, "Quy định tính thời hạn đang áp dụng"));
	H(r, "<dt>%s</dt><dd><code>%s</code>, %s %s%r%s</dd>", web_t(r, "Bộ quy định"), rs->code,
	  web_t(r, "áp dụng từ"), rs->effective_from, *rs->effective_to ? " – " : "", rs->effective_to);
	H(r, "<dt>%s</dt><dd>%s, %s</dd>", web_t(r, "Giờ làm việc"), rs->work_morning, rs->work_afternoon);
	if (rs->cutoff_min < 0)
		H(r, "<dt>%s</dt><dd>%s</dd>", web_t(r, "Giờ chốt nhận hồ sơ buổi chiều"),
		  web_t(r, "Không quy định chung (theo từng thủ tục)"));
	else
		H(r, "<dt>%s</dt><dd>%d:%r%d</dd>", web_t(r, "Giờ chốt nhận hồ sơ buổi chiều"), rs->cutoff_min / 60,
		  rs->cutoff_min % 60 < 10 ? "0" : "", rs->cutoff_min % 60);
	H(r, "<dt>%s</dt><dd>%d</dd><dt>%s</dt><dd>%d</dd><dt>%s</dt><dd>%d</dd><dt>%s</dt><dd>%d</dd>",
	  web_t(r, "Số lần yêu cầu bổ sung hồ sơ tối đa"), rs->supplement_limit,
	  web_t(r, "Số lần gia hạn tối đa"), rs->extension_limit,
	  web_t(r, "Gửi văn bản xin lỗi (Mẫu 04) chậm nhất trước hạn (ngày làm việc)"), rs->apology_lead_working_days,
	  web_t(r, "Cảnh báo sắp đến hạn trước (giờ làm việc)"), rs->at_risk_working_hours);
	H(r, "<dt>%s</dt><dd%r>%s</dd></dl></section>", web_t(r, "Căn cứ"), ui_vi(r), rs->citation);
}

/* The page; `form` pre-fills the form (after an error, or ?edit=), e is shown. */
static int render(web_req *r, int year, const holiday *form, const err *e)
{
	err le = {0};
	db *d = db_thread();
	holiday *rows;
	int n;
	if (calendar_repo_holidays(d, 0, r->a, &rows, &n, &le)) return web_error(r, &le);
	char today[16];
	cal_format_date(cal_day_of(clock_now()), today, sizeof today);
	rule_set rs;
	int have_rs = calendar_repo_rule_set_on(d, today, &rs, &le);
	if (have_rs < 0) return web_error(r, &le);
	bool en = !strcmp(r->lang, "en");

	ui_page_begin(r, web_t(r, "Ngày nghỉ lễ, Tết và ngày làm bù"));
	H(r, "<h1>%s</h1><p class=\"muted\">%s</p>", web_t(r, "Ngày nghỉ lễ, Tết và ngày làm bù"),
	  web_t(r, "Lịch này quyết định thời hạn giải quyết hồ sơ: ngày nghỉ không được tính, ngày làm bù được tính. "
	           "Mọi thay đổi được ghi vào sổ cái."));
	if (e) H(r, "<p class=\"error\" role=\"alert\">%s</p>", en ? e->en : e->vi);
	int to_check = 0;
	for (int i = 0; i < n; i++) to_check += calendar_rules_needs_check(rows[i].status);
	if (to_check)
		H(r, "<p class=\"demo\" role=\"status\">%d %s</p>", to_check,
		  web_t(r, "ngày chưa có văn bản chính thức (dự kiến, tính theo âm lịch hoặc chưa xác minh): "
		           "cần xác minh rồi bấm “Xác nhận”."));
	if (have_rs) rule_set_card(r, &rs);
	else H(r, "<p class=\"error\">%s</p>", web_t(r, "Chưa có bộ quy định nào áp dụng cho hôm nay."));

	const holiday empty = {0};
	if (!form) form = &empty;
	H(r, "<section class=\"card\" id=\"sua\"><h2>%s</h2>"
	     "<form method=\"post\" action=\"/admin/holidays\" class=\"form\">"
	     "%r"
	     "<label%r>%s<input name=\"date\" type=\"date\" required value=\"%s\"></label><label%r>%s",
	  web_t(r, "Thêm hoặc sửa một ngày"), auth_form_fields(r), bad(e, "date"), web_t(r, "Ngày"), form->date,
	  bad(e, "kind"), web_t(r, "Loại ngày"));
	select_field(r, "kind", calendar_kinds, 3, form->kind ? form->kind : "holiday", calendar_kind_label_vi);
	H(r, "</label><label%r>%s<input name=\"name_vi\" required maxlength=\"200\" value=\"%s\"></label>"
	     "<label%r>%s<input name=\"name_en\" required maxlength=\"200\" value=\"%s\"></label><label%r>%s",
	  bad(e, "name_vi"), web_t(r, "Tên tiếng Việt"), form->name_vi, bad(e, "name_en"), web_t(r, "Tên tiếng Anh"),
	  form->name_en, bad(e, "status"), web_t(r, "Trạng thái"));
	select_field(r, "status", calendar_statuses, 6, form->status ? form->status : "official", calendar_status_label_vi);
	H(r, "</label><button type=\"submit\">%s</button></form></section>", web_t(r, "Lưu"));

	/* Links to the years present (rows come by date) and to the current year. */
	int *years = arena_alloc(r->a, sizeof *years * (size_t)(n + 1)), ny = 0, cur = this_year();
	for (int i = 0; i < n; i++) {
		int y = year_of(rows[i].date);
		if (cur < y && (ny == 0 || years[ny - 1] < cur)) years[ny++] = cur;
		if (ny == 0 || years[ny - 1] < y) years[ny++] = y;
	}
	if (ny == 0 || years[ny - 1] < cur) years[ny++] = cur;
	H(r, "<nav class=\"crumbs\" aria-label=\"%s\">%s:", web_t(r, "Năm"), web_t(r, "Năm"));
	for (int i = 0; i < ny; i++) {
		if (years[i] == year) H(r, " <strong>%d</strong>", years[i]);
		else H(r, " <a href=\"/admin/holidays?year=%d\">%d</a>", years[i], years[i]);
	}
	if (year) H(r, " <a href=\"/admin/holidays?year=all\">%s</a></nav>", web_t(r, "Tất cả"));
	else H(r, " <strong>%s</strong></nav>", web_t(r, "Tất cả"));

	const char *l_date = web_t(r, "Ngày"), *l_name = web_t(r, "Tên"), *l_kind = web_t(r, "Loại ngày"),
	           *l_status = web_t(r, "Trạng thái"), *l_act = web_t(r, "Thao tác");
	H(r, "<table class=\"list stack\"><thead><tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr></thead><tbody>",
	  l_date, l_name, l_kind, l_status, l_act);
	int listed = 0;
	for (int i = 0; i < n; i++) {
		const holiday *h = &rows[i];
		if (year && year_of(h->date) != year) continue;
		int32_t day = 0;
		int y, m, dd;
		cal_parse_date(h->date, &day);
		cal_ymd(day, &y, &m, &dd);
		bool check = calendar_rules_needs_check(h->status);
		H(r, "<tr id=\"d-%s\"%r><td data-label=\"%s\"><time datetime=\"%s\">%r%d/%r%d/%d</time><br><span class=\"muted\">%s</span></td>"
		     "<td data-label=\"%s\">%s</td><td data-label=\"%s\">%s</td><td data-label=\"%s\">%s",
		  h->date, check ? " class=\"check\"" : "", l_date, h->date, dd < 10 ? "0" : "", dd, m < 10 ? "0" : "", m, y,
		  web_t(r, calendar_weekday_label_vi(cal_weekday(day))), l_name, en ? h->name_en : h->name_vi,
		  l_kind, web_t(r, calendar_kind_label_vi(h->kind)), l_status, web_t(r, calendar_status_label_vi(h->status)));
		if (check) H(r, " <strong class=\"flag\">%s</strong>", web_t(r, "cần xác minh"));
		H(r, "</td><td data-label=\"%s\"><a href=\"/admin/holidays?year=%d&amp;edit=%u#sua\">%s</a>", l_act, y, h->date, web_t(r, "Sửa"));
		if (strcmp(h->status, "confirmed"))
			H(r, " <form method=\"post\" action=\"/admin/holidays/%u/confirm\" class=\"inline\">"
			     "%r<button type=\"submit\">%s</button></form>",
			  h->date, auth_form_fields(r), web_t(r, "Xác nhận"));
		H(r, " <form method=\"post\" action=\"/admin/holidays/%u/delete\" class=\"inline\">"
		     "%r<button type=\"submit\" class=\"link\">%s</button></form>"
		     "</td></tr>",
		  h->date, auth_form_fields(r), web_t(r, "Xóa"));
		listed++;
	}
	if (!listed) H(r, "<tr><td colspan=\"5\" class=\"muted\">%s</td></tr>", web_t(r, "Chưa có ngày nào trong năm này."));
	H(r, "</tbody></table>");
	ui_page_end(r);
	return 0;
}

static int page_list(web_req *r)
{
	err e = {0};
	const char *q = web_query(r, "year");
	int year = this_year();
	if (q && !strcmp(q, "all")) year = 0;
	else if (q && (year = calendar_rules_parse_year(q)) < 0) {
		err_set(&e, MB_EINVAL, "invalid_field", "year", "Năm phải gồm 4 chữ số, từ 2000 đến 2100.",
		        "the year must have 4 digits, from 2000 to 2100");
		return web_error(r, &e);
	}
	const char *edit = web_query(r, "edit");
	holiday h;
	if (edit && !cal_parse_date(edit, NULL)) {
		int found = calendar_repo_holiday_get(db_thread(), edit, r->a, &h, &e);
		if (found < 0) return web_error(r, &e);
		if (found) return render(r, year, &h, NULL);
	}
	return render(r, year, NULL, NULL);
}

static int page_put(web_req *r)
{
	err e = {0};
	holiday h = {
		.date = web_form(r, "date"), .kind = web_form(r, "kind"), .status = web_form(r, "status"),
		.name_vi = web_form(r, "name_vi") ? text_trim(arena_strdup(r->a, web_form(r, "name_vi"))) : NULL,
		.name_en = web_form(r, "name_en") ? text_trim(arena_strdup(r->a, web_form(r, "name_en"))) : NULL,
	};
	int year = year_of(h.date);
	if (calendar_rules_validate(&h, &e)) {
		r->status = 422;
		return render(r, year ? year : this_year(), &h, &e);
	}
	db *d = db_thread();
	const auth_actor *a = r->actor;
	bool created, changed;
	if (db_begin(d, &e)) return web_error(r, &e);
	if (calendar_holiday_put(d, &a->ledger, &h, r->a, &created, &changed, &e)) {
		db_rollback(d);
		return web_error(r, &e);
	}
	if (db_commit(d, &e)) return web_error(r, &e);
	return web_redirect(r, arena_printf(r->a, "/admin/holidays?year=%d#d-%s", year, h.date));
}

typedef int (*day_cmd)(web_req *r, db *d, const char *day, err *e);

/* Runs a command on the {day} of the path in a transaction, then back to the list. */
static int run(web_req *r, day_cmd cmd)
{
	err e = {0};
	const char *day = NULL;
	if (calendar_path_day(r, &day, &e)) return web_error(r, &e);
	db *d = db_thread();
	if (db_begin(d, &e)) return web_error(r, &e);
	if (cmd(r, d, day, &e)) {
		db_rollback(d);
		return web_error(r, &e);
	}
	if (db_commit(d, &e)) return web_error(r, &e);
	return web_redirect(r, arena_printf(r->a, "/admin/holidays?year=%d#d-%s", year_of(day), day));
}

static int cmd_delete(web_req *r, db *d, const char *day, err *e)
{
	const auth_actor *a = r->actor;
	holiday old;
	return calendar_holiday_remove(d, &a->ledger, day, r->a, &old, e);
}

static int cmd_confirm(web_req *r, db *d, const char *day, err *e)
{
	const auth_actor *a = r->actor;
	bool changed;
	return calendar_holiday_confirm(d, &a->ledger, day, r->a, &changed, e);
}

static int page_delete(web_req *r) { return run(r, cmd_delete); }
static int page_confirm(web_req *r) { return run(r, cmd_confirm); }

static const web_route routes[] = {
	{"GET", "/admin/holidays", AUTH_P_ADMIN, page_list, 0},
	{"POST", "/admin/holidays", AUTH_P_ADMIN, page_put, 4096},
	{"POST", "/admin/holidays/{day}/delete", AUTH_P_ADMIN, page_delete, 4096},
	{"POST", "/admin/holidays/{day}/confirm", AUTH_P_ADMIN, page_confirm, 4096},
};

void calendar_pages_install(void)
{
	web_route_add(routes, sizeof routes / sizeof routes[0]);
}

void calendar_install(void)
{
	calendar_api_install();
	calendar_pages_install();
}
