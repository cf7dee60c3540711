/* pages.c — public pages of units (tree, search, a unit's page) and the
 * contact edit form for heads and administrators. No JavaScript needed. */
#include <string.h>

#include "auth/auth.h"
#include "base/clock.h"
#include "base/text.h"
#include "ui/ui.h"
#include "units/repo.h"
#include "units/web.h"
#include "web/html.h"

static const char *uname(web_req *r, const units_row *u)
{
	return !strcmp(r->lang, "en") ? u->name_en : u->name_vi;
}

static void unit_link(web_req *r, const units_row *u)
{
	H(r, "<a href=\"/units/%u\">%s</a>", u->code, uname(r, u));
}

/* Nested list of the children of parent (by id) among rows. */
static void tree(web_req *r, const units_row *rows, int n, int64_t parent, int depth)
{
	bool open = false;
	for (int i = 0; i < n; i++) {
		if (rows[i].parent_id != parent) continue;
		if (!open) { H(r, "<ul class=\"tree\">"); open = true; }
		H(r, "<li>");
		unit_link(r, &rows[i]);
		H(r, " <span class=\"kind\">%s</span>", web_t(r, units_kind_label_vi(rows[i].kind)));
		if (depth < 8) tree(r, rows, n, rows[i].id, depth + 1);
		H(r, "</li>");
	}
	if (open) H(r, "</ul>");
}

static int page_list(web_req *r)
{
	if (web_page_cached(r, "units", "q")) return 0;
	err e = {0};
	const char *q = web_query(r, "q");
	if (q && strlen(q) > 200) q = NULL;
	const char *folded = q ? text_fold_a(r->a, q) : NULL;
	if (folded && !*folded) folded = NULL;
	units_row *rows;
	int n;
	if (units_repo_list(db_thread(), folded, r->a, &rows, &n, &e)) return web_error(r, &e);
	r->cacheable = !r->actor;
	ui_page_begin(r, web_t(r, "Cơ quan, đơn vị"));
	H(r, "<h1>%s</h1>", web_t(r, "Cơ quan, đơn vị của tỉnh Sơn La"));
	H(r, "<form method=\"get\" action=\"/units\" class=\"search\" role=\"search\">"
	     "<label for=\"q\">%s</label><input id=\"q\" name=\"q\" type=\"search\" value=\"%s\" maxlength=\"100\">"
	     "<button type=\"submit\">%s</button></form>",
	  web_t(r, "Tìm cơ quan, đơn vị"), q ? q : "", web_t(r, "Tìm"));
	if (folded) {
		H(r, "<h2>%d %s</h2>", n, web_t(r, "kết quả"));
		if (n == 0) H(r, "<p>%s</p>", web_t(r, "Không tìm thấy đơn vị nào. Hãy thử từ khóa khác, có dấu hoặc không dấu."));
		H(r, "<ul class=\"results\">");
		for (int i = 0; i < n; i++) {
			H(r, "<li>");
			unit_link(r, &rows[i]);
			H(r, " <span class=\"kind\">%s</span></li>", web_t(r, units_kind_label_vi(rows[i].kind)));
		}
		H(r, "</ul>");
	} else {
		tree(r, rows, n, 0, 0);
	}
	ui_page_end(r);
	return 0;
}

static void contact_row(web_req *r, const char *label, const char *value, const char *href_prefix)
{
	H(r, "<dt>%s</dt><dd>", web_t(r, label));
	if (!value || !*value) H(r, "<span class=\"muted\">%s</span>", web_t(r, "Chưa công bố"));
	else if (href_prefix) {
		/* tel: links carry only the digits and a leading +. */
		const char *target = value;
		if (!strcmp(href_prefix, "tel:")) {
			char *t = arena_alloc(r->a, strlen(value) + 1), *o = t;
			for (const char *p = value; *p; p++)
				if ((*p >= '0' && *p <= '9') || (*p == '+' && o == t)) *o++ = *p;
			target = t;
		}
		H(r, "<a href=\"%s%s\">%s</a>", href_prefix, target, value);
	}
	else H(r, "<span%r>%s</span>", ui_vi(r), value);   /* names, titles, addresses, schedules: as the unit wrote them */
	H(r, "</dd>");
}

static const char *role_label(web_req *r, const char *role)
{
	auth_role ro;
	if (role && !auth_role_parse(role, &ro)) return web_t(r, auth_role_label_vi(ro));
	if (role && !strcmp(role, "system")) return web_t(r, "Hệ thống (nạp dữ liệu)");
	return role;
}

static int page_unit(web_req *r)
{
	err e = {0};
	db *d = db_thread();
	if (web_page_cached(r, "units", NULL)) return 0;
	units_row u, *kids;
	int n;
	if (units_load(r, &u, &e)) return web_error(r, &e);
	if (units_repo_children(d, u.id, r->a, &kids, &n, &e)) return web_error(r, &e);
	units_row parent;
	bool has_parent = *u.parent_code && units_repo_get(d, u.parent_code, r->a, &parent, NULL) == 1;

	r->cacheable = !r->actor;
	ui_page_begin(r, uname(r, &u));
	H(r, "<nav class=\"crumbs\"><a href=\"/units\">%s</a>", web_t(r, "Cơ quan, đơn vị"));
	if (has_parent) { H(r, " › "); unit_link(r, &parent); }
	H(r, "</nav><h1>%s</h1><p class=\"kind\">%s</p>", uname(r, &u), web_t(r, units_kind_label_vi(u.kind)));
	if (u.contacts_demo)
		H(r, "<p class=\"demo\">%s</p>", web_t(r, "Thông tin liên hệ dưới đây là dữ liệu mẫu để trình diễn, không phải thông tin thật."));

	H(r, "<section class=\"card\"><h2>%s</h2><dl>", web_t(r, "Người đứng đầu và kênh liên hệ"));
	contact_row(r, "Người đứng đầu", u.v[UF_HEAD_NAME], NULL);
	contact_row(r, "Chức vụ", u.v[UF_HEAD_TITLE], NULL);
	contact_row(r, "Điện thoại", u.v[UF_PHONE], "tel:");
	contact_row(r, "Thư điện tử", u.v[UF_EMAIL], "mailto:");
	contact_row(r, "Đường dây nóng", u.v[UF_HOTLINE], "tel:");
	contact_row(r, "Địa chỉ", u.v[UF_ADDRESS], NULL);
	H(r, "</dl></section>");

	H(r, "<section class=\"card\"><h2>%s</h2><dl>", web_t(r, "Lịch tiếp công dân của người đứng đầu"));
	contact_row(r, "Thời gian", u.v[UF_RECEPTION_SCHEDULE], NULL);
	contact_row(r, "Địa điểm", u.v[UF_RECEPTION_PLACE], NULL);
	H(r, "</dl></section>");

	if (u.updated_at) {
		char when[32];
		int64_t t = clock_parse_iso(u.updated_at);
		clock_vn_display(t, when, sizeof when);
		H(r, "<p class=\"muted updated\">%s <time datetime=\"%s\">%s</time> · %s %s</p>",
		  web_t(r, "Cập nhật lần cuối:"), u.updated_at, when, web_t(r, "bởi"), role_label(r, u.updated_by_role));
	}
	H(r, "<p><a href=\"/procedures?unit=%u\">%s</a> · <a href=\"/results?unit=%u\">%s</a> · "
	     "<a href=\"/results/stats?unit=%u\">%s</a> · <a href=\"/report?unit=%u\">%s</a></p>",
	  u.code, web_t(r, "Thủ tục hành chính do đơn vị giải quyết"), u.code, web_t(r, "Kết quả giải quyết phản ánh, kiến nghị"),
	  u.code, web_t(r, "Thống kê giải quyết đơn thư"), u.code, web_t(r, "Phản ánh về đơn vị này"));
	const auth_actor *a = r->actor;
	if (a && auth_can(d, a, AUTH_A_UNIT_EDIT, u.id))
		H(r, "<p><a class=\"button\" href=\"/units/%u/edit\">%s</a></p>", u.code, web_t(r, "Sửa thông tin liên hệ"));
	if (n > 0) {
		H(r, "<section><h2>%s</h2><ul class=\"results\">", web_t(r, "Đơn vị trực thuộc"));
		for (int i = 0; i < n; i++) { H(r, "<li>"); unit_link(r, &kids[i]); H(r, "</li>"); }
		H(r, "</ul></section>");
	}
	ui_page_end(r);
	return 0;
}

static void edit_form(web_req *r, const units_row *u, const units_patch *p, const err *e)
{
	ui_page_begin(r, web_t(r, "Sửa thông tin liên hệ"));
	H(r, "<nav class=\"crumbs\"><a href=\"/units/%u\">%s</a></nav>", u->code, uname(r, u));
	H(r, "<h1>%s</h1>", web_t(r, "Sửa thông tin liên hệ"));
	if (e) H(r, "<p class=\"error\" role=\"alert\">%s</p>", !strcmp(r->lang, "en") ? e->en : e->vi);
	H(r, "<form method=\"post\" action=\"/units/%u/edit\" class=\"form\">"
	     "%r", u->code, auth_form_fields(r));
	for (int f = 0; f < UF__MAX; f++) {
		const char *v = p && p->v[f] ? p->v[f] : u->v[f];
		bool bad = e && e->field && !strcmp(e->field, units_field_names[f]);
		H(r, "<label%r>%s", bad ? " class=\"bad\"" : "", web_t(r, units_field_label_vi((units_field)f)));
		if (f == UF_RECEPTION_SCHEDULE)
			H(r, "<textarea name=\"%s\" rows=\"3\" maxlength=\"1000\">%s</textarea>", units_field_names[f], v);
		else
			H(r, "<input name=\"%s\" value=\"%s\" maxlength=\"300\"%r>", units_field_names[f], v,
			  f == UF_EMAIL ? " type=\"email\"" : (f == UF_PHONE || f == UF_HOTLINE) ? " type=\"tel\"" : "");
		H(r, "</label>");
	}
	H(r, "<button type=\"submit\">%s</button> <a href=\"/units/%u\">%s</a></form>",
	  web_t(r, "Lưu"), u->code, web_t(r, "Hủy"));
	ui_page_end(r);
}

static int page_edit(web_req *r)
{
	err e = {0};
	units_row u;
	if (units_load(r, &u, &e)) return web_error(r, &e);
	if (!auth_can(db_thread(), r->actor, AUTH_A_UNIT_EDIT, u.id)) {
		err_set(&e, MB_EFORBIDDEN, "forbidden", NULL, "Bạn chỉ được sửa thông tin của đơn vị mình phụ trách.",
		        "you may edit only the units in your charge");
		return web_error(r, &e);
	}
	edit_form(r, &u, NULL, NULL);
	return 0;
}

static int page_edit_post(web_req *r)
{
	err e = {0};
	units_row u;
	if (units_load(r, &u, &e)) return web_error(r, &e);
	units_patch p = {0};
	for (int f = 0; f < UF__MAX; f++) p.v[f] = web_form(r, units_field_names[f]);
	units_patch shown = p;
	int rc = units_edit(r, &u, &p, &e);
	if (rc == MB_EINVAL) {
		r->status = 422;
		edit_form(r, &u, &shown, &e);
		return 0;
	}
	if (rc) return web_error(r, &e);
	return web_redirect(r, arena_printf(r->a, "/units/%s", u.code));
}

static const web_route routes[] = {
	{"GET", "/units", WEB_PUBLIC, page_list, 0},
	{"GET", "/units/{id}", WEB_PUBLIC, page_unit, 0},
	{"GET", "/units/{id}/edit", AUTH_P_UNIT_EDITOR, page_edit, 0},
	{"POST", "/units/{id}/edit", AUTH_P_UNIT_EDITOR, page_edit_post, 0},
};

void units_pages_install(void)
{
	web_route_add(routes, sizeof routes / sizeof routes[0]);
}

void units_install(void)
{
	units_api_install();
	units_pages_install();
}
