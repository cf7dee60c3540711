/* pages.c — the public catalogue of procedures, each procedure's Citizen's
 * Charter page, and the administrators' edit form. No JavaScript needed. */
#include <stdlib.h>
#include <string.h>

#include "auth/auth.h"
#include "base/clock.h"
#include "base/text.h"
#include "procedures/web.h"
#include "ui/ui.h"
#include "web/html.h"
#include "web/i18n.h"

static bool en(web_req *r) { return !strcmp(r->lang, "en"); }

static const char *pname(web_req *r, const procedure *p) { return en(r) ? p->name_en : p->name_vi; }

/* "03 ngày làm việc", "30 ngày", "Trong ngày"; "3 working days", "30 calendar days", "Same day". */
static const char *time_text(web_req *r, const procedure *p)
{
	int n = p->processing_days;
	bool cal = p->time_unit == CAL_CALENDAR_DAYS;
	if (n == 0) return web_t(r, "Trong ngày");
	if (n == 1) return cal ? web_t(r, "01 ngày") : web_t(r, "01 ngày làm việc");
	if (en(r)) return arena_printf(r->a, "%d %s", n, cal ? web_t(r, "ngày") : web_t(r, "ngày làm việc"));
	return arena_printf(r->a, "%02d %s", n, cal ? "ngày" : "ngày làm việc");
}

/* "Miễn phí", "Theo Nghị quyết của HĐND tỉnh", "50.000 đồng" ("50,000 VND"). */
static const char *fee_text(web_req *r, const procedure *p)
{
	if (p->fee_vnd == 0) return web_t(r, "Miễn phí");
	if (p->fee_vnd < 0) return web_t(r, "Theo Nghị quyết của HĐND tỉnh");
	char amount[40];
	procedures_format_vnd(p->fee_vnd, en(r) ? ',' : '.', amount, sizeof amount);
	return arena_printf(r->a, "%s %s", amount, web_t(r, "đồng"));
}

/* --- the catalogue --- */

typedef struct sorted {
	const char *key;        /* folded field, then folded name */
	procedures_row *row;
} sorted;

static int cmp_sorted(const void *a, const void *b)
{
	return strcmp(((const sorted *)a)->key, ((const sorted *)b)->key);
}

/* The fields of the national catalogue, for their English names; a field
 * not listed here shows in Vietnamese, marked as such. */
static const char *const field_names[] = {
	N_("Chứng thực"), N_("Giải quyết khiếu nại, tố cáo"), N_("Hoạt động xây dựng"), N_("Hộ tịch"),
	N_("Lý lịch tư pháp"), N_("Thành lập và hoạt động của doanh nghiệp"),
	N_("Thành lập và hoạt động của hộ kinh doanh"), N_("Tiếp công dân"), N_("Đăng ký, quản lý cư trú"),
	N_("Đất đai"), N_("Đầu tư tại Việt Nam"),
};

/* Prints a field's name in the page's language: <span lang="vi"> when it has no English. */
static void field_name(web_req *r, const char *field)
{
	(void)field_names;   /* listed for the catalogue (xgettext), looked up by web_t */
	const char *t = web_t(r, field);
	const char *vi = ui_vi_unless(r, t, field);
	if (*vi) H(r, "<span%r>%s</span>", vi, t);
	else H(r, "%s", t);
}

static void field_select(web_req *r, const char *current)
{
	err e = {0};
	const char **fields;
	int n;
	if (procedures_repo_fields(db_thread(), r->a, &fields, &n, &e)) n = 0;
	H(r, "<label for=\"field\">%s</label><select id=\"field\" name=\"field\"><option value=\"\">%s</option>",
	  web_t(r, "Lĩnh vực"), web_t(r, "Tất cả lĩnh vực"));
	for (int i = 0; i < n; i++)
		H(r, "<option value=\"%s\"%r%r>%s</option>", fields[i],
		  current && !strcmp(current, fields[i]) ? " selected" : "", ui_vi_unless(r, web_t(r, fields[i]), fields[i]),
		  web_t(r, fields[i]));
	H(r, "</select>");
}

static int page_list(web_req *r)
{
	if (web_page_cached(r, "procedures units", "q unit field")) return 0;
	err e = {0};
	procedures_query qy;
	if (procedures_query_parse(r, &qy, &e)) return web_error(r, &e);
	procedures_row *rows;
	int n;
	if (procedures_repo_list(db_thread(), &qy.f, r->a, &rows, &n, &e)) return web_error(r, &e);
	sorted *s = arena_alloc(r->a, sizeof *s * (size_t)(n ? n : 1));
	for (int i = 0; i < n; i++) {
		s[i].row = &rows[i];
		s[i].key = arena_printf(r->a, "%s\x01%s", text_fold_a(r->a, rows[i].p.field),
		                        text_fold_a(r->a, pname(r, &rows[i].p)));
	}
	qsort(s, (size_t)n, sizeof *s, cmp_sorted);

	r->cacheable = !r->actor;
	ui_page_begin(r, web_t(r, "Thủ tục hành chính"));
	H(r, "<h1>%s</h1><p>%s</p>", web_t(r, "Thủ tục hành chính"),
	  web_t(r, "Thành phần hồ sơ, thời hạn giải quyết, phí, lệ phí và căn cứ pháp lý của từng thủ tục, như đã công bố. Cán bộ không được đòi thêm giấy tờ nào ngoài danh mục."));
	if (qy.unit_code) {
		H(r, "<p class=\"card\">%s <a href=\"/units/%u\">%s</a>. <a href=\"/procedures\">%s</a></p>",
		  web_t(r, "Thủ tục hành chính do đơn vị này giải quyết:"), qy.unit_code,
		  en(r) ? qy.unit_name_en : qy.unit_name_vi, web_t(r, "Xem tất cả thủ tục"));
	}
	H(r, "<form method=\"get\" action=\"/procedures\" class=\"search\" role=\"search\">"
	     "<label for=\"q\">%s</label><input id=\"q\" name=\"q\" type=\"search\" value=\"%s\" maxlength=\"100\">",
	  web_t(r, "Tìm thủ tục"), qy.q ? qy.q : "");
	field_select(r, qy.f.field);
	if (qy.unit_code) H(r, "<input type=\"hidden\" name=\"unit\" value=\"%s\">", qy.unit_code);
	H(r, "<button type=\"submit\">%s</button></form>", web_t(r, "Tìm"));

	H(r, "<h2>%d %s</h2>", n, web_t(r, "thủ tục"));
	if (n == 0) H(r, "<p>%s</p>", web_t(r, "Không tìm thấy thủ tục nào. Hãy thử từ khóa khác, có dấu hoặc không dấu."));
	const char *cur_field = NULL;
	for (int i = 0; i < n; i++) {
		const procedure *p = &s[i].row->p;
		if (!cur_field || strcmp(cur_field, p->field)) {
			if (cur_field) H(r, "</ul>");
			H(r, "<h3>");
			field_name(r, p->field);
			H(r, "</h3><ul class=\"results\">");
			cur_field = p->field;
		}
		H(r, "<li><a href=\"/procedures/%u\">%s</a> <span class=\"kind\">%s · %s · %s</span></li>",
		  p->code, pname(r, p), web_t(r, procedures_level_label_vi(p->level)), time_text(r, p), fee_text(r, p));
	}
	if (cur_field) H(r, "</ul>");
	ui_page_end(r);
	return 0;
}

/* --- the Citizen's Charter page --- */

static const char *role_label(web_req *r, const char *role)
{
	auth_role ro;
	if (role && !auth_role_parse(role, &ro)) return web_t(r, auth_role_label_vi(ro));
	if (role && !strcmp(role, "system")) return web_t(r, "Hệ thống (nạp dữ liệu)");
	return role;
}

static void who_handles(web_req *r, const procedures_row *row)
{
	if (*row->unit_code)
		H(r, "<a href=\"/units/%u\">%s</a>", row->unit_code, en(r) ? row->unit_name_en : row->unit_name_vi);
	else if (!strcmp(row->p.level, "commune"))
		H(r, "%s (<a href=\"/units\">%s</a>)", web_t(r, "Ủy ban nhân dân tất cả các xã, phường"),
		  web_t(r, "tra cứu xã, phường"));
	else
		H(r, "%s", web_t(r, "Cơ quan cấp tỉnh có thẩm quyền"));
}

static int page_procedure(web_req *r)
{
	if (web_page_cached(r, "procedures units", NULL)) return 0;
	err e = {0};
	procedures_row row;
	if (procedures_load(r, &row, &e)) return web_error(r, &e);
	const procedure *p = &row.p;

	r->cacheable = !r->actor;
	ui_page_begin(r, pname(r, p));
	H(r, "<nav class=\"crumbs\"><a href=\"/procedures\">%s</a> › <a href=\"/procedures?field=%u\">",
	  web_t(r, "Thủ tục hành chính"), p->field);
	field_name(r, p->field);
	H(r, "</a></nav><h1>%s</h1><p class=\"kind\">%s · ", pname(r, p), web_t(r, procedures_level_label_vi(p->level)));
	field_name(r, p->field);
	H(r, " · <code>%s</code></p>", p->code);
	if (!p->active) H(r, "<p class=\"error\">%s</p>", web_t(r, "Thủ tục này không còn được áp dụng."));

	H(r, "<section class=\"card\"><h2>%s</h2><p>", web_t(r, "Cơ quan giải quyết"));
	who_handles(r, &row);
	H(r, "</p></section>");

	H(r, "<section class=\"card\"><h2>%s</h2><ol class=\"documents\"%r>", web_t(r, "Thành phần hồ sơ"), ui_vi(r));
	for (int i = 0; i < p->ndocs; i++) H(r, "<li>%s</li>", p->docs[i].name);
	H(r, "</ol><p class=\"demo\">%s</p></section>",
	  web_t(r, "Cán bộ, công chức không được yêu cầu nộp thêm bất kỳ giấy tờ nào ngoài danh mục trên (Nghị định 118/2025/NĐ-CP). Nếu bị yêu cầu, hãy phản ánh ngay."));

	H(r, "<section class=\"card\"><h2>%s</h2><dl>", web_t(r, "Thời hạn, phí và cách nộp"));
	H(r, "<dt>%s</dt><dd>%s", web_t(r, "Thời hạn giải quyết"), time_text(r, p));
	if (p->processing_days > 0)
		H(r, "<br><span class=\"muted\">%s</span>",
		  !strcmp(p->clock_policy, "restart")
		  ? web_t(r, "Nếu phải bổ sung hồ sơ, thời hạn được tính lại từ đầu khi hồ sơ đã đầy đủ.")
		  : web_t(r, "Thời gian bổ sung hồ sơ không tính vào thời hạn giải quyết."));
	if (p->cutoff_min >= 0)
		H(r, "<br><span class=\"muted\">%s %s</span>", web_t(r, "Hồ sơ nhận từ sau giờ này được tính từ ngày làm việc tiếp theo:"),
		  arena_printf(r->a, "%02d:%02d", p->cutoff_min / 60, p->cutoff_min % 60));
	H(r, "</dd><dt>%s</dt><dd>%s</dd>", web_t(r, "Phí, lệ phí"), fee_text(r, p));
	H(r, "<dt>%s</dt><dd>%s</dd>", web_t(r, "Mức độ trực tuyến"), web_t(r, procedures_online_label_vi(p->online_level)));
	H(r, "<dt>%s</dt><dd%r>%s</dd></dl></section>", web_t(r, "Căn cứ pháp lý"), ui_vi(r), p->legal_basis);

	H(r, "<section class=\"card\"><h2>%s</h2><p>%s</p><ul class=\"links\">",
	  web_t(r, "Bị gây phiền hà? Phản ánh ngay"),
	  web_t(r, "Nếu cán bộ đòi thêm giấy tờ, hẹn lần sau không rõ lý do, trả hồ sơ quá hạn hoặc gợi ý tiền ngoài phí, lệ phí đã công bố, hãy phản ánh với người đứng đầu cơ quan giải quyết."));
	if (*row.unit_code)
		H(r, "<li><a href=\"/units/%u\">%s</a></li>", row.unit_code,
		  web_t(r, "Điện thoại, đường dây nóng và lịch tiếp công dân của người đứng đầu đơn vị"));
	else
		H(r, "<li><a href=\"/units\">%s</a></li>",
		  web_t(r, "Tìm đường dây nóng và lịch tiếp công dân của xã, phường nơi bạn nộp hồ sơ"));
	H(r, "<li><a href=\"/units/thanh-tra-tinh\">%s</a></li></ul></section>",
	  web_t(r, "Thanh tra tỉnh Sơn La: tiếp nhận phản ánh, khiếu nại, tố cáo"));

	if (row.updated_at) {
		char when[32];
		clock_vn_display(clock_parse_iso(row.updated_at), when, sizeof when);
		H(r, "<p class=\"muted updated\">%s <time datetime=\"%s\">%s</time> · %s %s</p>",
		  web_t(r, "Cập nhật lần cuối:"), row.updated_at, when, web_t(r, "bởi"), role_label(r, row.updated_by_role));
	}
	const auth_actor *a = r->actor;
	if (a && a->role == ROLE_ADMIN)
		H(r, "<p><a class=\"button\" href=\"/procedures/%u/edit\">%s</a></p>", p->code, web_t(r, "Sửa thủ tục"));
	ui_page_end(r);
	return 0;
}

/* --- the edit form (administrators) --- */

static void select_field(web_req *r, const char *name, const char *label, const char *current,
                         const char *const *values, const char *const *labels, const err *e)
{
	bool bad = e && e->field && !strcmp(e->field, name);
	H(r, "<label%r>%s<select name=\"%s\">", bad ? " class=\"bad\"" : "", web_t(r, label), name);
	for (int i = 0; values[i]; i++)
		H(r, "<option value=\"%s\"%r>%s</option>", values[i], current && !strcmp(current, values[i]) ? " selected" : "",
		  web_t(r, labels[i]));
	H(r, "</select></label>");
}

static void text_input(web_req *r, procedures_field f, const char *label, const char *value, int max,
                       const char *hint, const err *e)
{
	bool bad = e && e->field && !strcmp(e->field, procedures_field_names[f]);
	H(r, "<label%r>%s", bad ? " class=\"bad\"" : "", web_t(r, label));
	if (hint) H(r, " <span class=\"muted\">%s</span>", web_t(r, hint));
	H(r, "<input name=\"%s\" value=\"%s\" maxlength=\"%d\"></label>", procedures_field_names[f], value, max);
}

static void textarea(web_req *r, procedures_field f, const char *label, const char *value, int rows,
                     const char *hint, const err *e)
{
	bool bad = e && e->field && !strcmp(e->field, procedures_field_names[f]);
	H(r, "<label%r>%s", bad ? " class=\"bad\"" : "", web_t(r, label));
	if (hint) H(r, " <span class=\"muted\">%s</span>", web_t(r, hint));
	H(r, "<textarea name=\"%s\" rows=\"%d\">%s</textarea></label>", procedures_field_names[f], rows, value);
}

/* shown: the values to show (the submitted ones after a refusal); docs_text: the documents, one per line. */
static void edit_form(web_req *r, const procedures_row *row, const procedures_input *shown, const char *docs_text,
                      const err *e)
{
	static const char *const levels[] = {"commune", "province", NULL};
	static const char *const level_labels[] = {N_("Cấp xã"), N_("Cấp tỉnh"), NULL};
	static const char *const tunits[] = {"working_days", "calendar_days", "", NULL};
	static const char *const tunit_labels[] = {N_("Ngày làm việc"), N_("Ngày (theo lịch)"),
	                                           N_("Suy ra từ căn cứ pháp lý"), NULL};
	static const char *const online[] = {"full", "partial", "none", NULL};
	static const char *const online_labels[] = {N_("Dịch vụ công trực tuyến toàn trình"),
	                                            N_("Dịch vụ công trực tuyến một phần"),
	                                            N_("Chưa có dịch vụ công trực tuyến"), NULL};
	static const char *const policies[] = {"pause", "restart", NULL};
	static const char *const policy_labels[] = {N_("Tạm dừng tính thời hạn khi chờ bổ sung hồ sơ"),
	                                            N_("Tính lại từ đầu khi hồ sơ đã đầy đủ"), NULL};
	const char *const *v = shown->v;
	ui_page_begin(r, web_t(r, "Sửa thủ tục"));
	H(r, "<nav class=\"crumbs\"><a href=\"/procedures/%u\">%s</a></nav><h1>%s</h1>",
	  row->p.code, pname(r, &row->p), web_t(r, "Sửa thủ tục"));
	if (e) {
		H(r, "<p class=\"error\" role=\"alert\">%s", en(r) ? e->en : e->vi);
		if (e->field) H(r, " <span class=\"muted\">(<code>%s</code>)</span>", e->field);
		H(r, "</p>");
	}
	H(r, "<form method=\"post\" action=\"/procedures/%u/edit\" class=\"form\">"
	     "%r", row->p.code, auth_form_fields(r));
	text_input(r, PF_NAME_VI, N_("Tên thủ tục (tiếng Việt)"), v[PF_NAME_VI], 300, NULL, e);
	text_input(r, PF_NAME_EN, N_("Tên thủ tục (tiếng Anh)"), v[PF_NAME_EN], 300, NULL, e);
	text_input(r, PF_FIELD, N_("Lĩnh vực"), v[PF_FIELD], 200, NULL, e);
	select_field(r, "level", N_("Cấp thực hiện"), v[PF_LEVEL], levels, level_labels, e);
	text_input(r, PF_UNIT, N_("Mã đơn vị giải quyết"), v[PF_UNIT], 80,
	           N_("để trống: tất cả đơn vị cùng cấp (mọi xã, phường)"), e);
	textarea(r, PF_DOCUMENTS, N_("Thành phần hồ sơ"), docs_text, 6, N_("mỗi giấy tờ một dòng"), e);
	text_input(r, PF_PROCESSING_DAYS, N_("Thời hạn giải quyết (số ngày)"), v[PF_PROCESSING_DAYS], 3, N_("0: trong ngày"), e);
	select_field(r, "time_unit", N_("Đơn vị thời hạn"), v[PF_TIME_UNIT], tunits, tunit_labels, e);
	select_field(r, "clock_policy", N_("Khi chờ bổ sung hồ sơ"), v[PF_CLOCK_POLICY], policies, policy_labels, e);
	text_input(r, PF_CUTOFF, N_("Giờ chốt nhận hồ sơ trong ngày"), v[PF_CUTOFF], 5, N_("HH:MM, để trống nếu không có"), e);
	text_input(r, PF_FEE_VND, N_("Phí, lệ phí (đồng)"), v[PF_FEE_VND], 20,
	           N_("0: miễn phí; để trống: theo Nghị quyết của HĐND tỉnh"), e);
	select_field(r, "online_level", N_("Mức độ trực tuyến"), v[PF_ONLINE_LEVEL], online, online_labels, e);
	textarea(r, PF_LEGAL_BASIS, N_("Căn cứ pháp lý"), v[PF_LEGAL_BASIS], 4, NULL, e);
	H(r, "<label class=\"check\"><input type=\"checkbox\" name=\"active\" value=\"1\"%r> %s</label>",
	  v[PF_ACTIVE] && !strcmp(v[PF_ACTIVE], "1") ? " checked" : "", web_t(r, "Đang áp dụng"));
	H(r, "<button type=\"submit\">%s</button> <a href=\"/procedures/%u\">%s</a></form>",
	  web_t(r, "Lưu"), row->p.code, web_t(r, "Hủy"));
	ui_page_end(r);
}

static const char *docs_lines(web_req *r, const procedure *p)
{
	buf b;
	buf_init(&b, WEB_BODY_MAX);
	for (int i = 0; i < p->ndocs; i++) {
		buf_adds(&b, p->docs[i].name);
		buf_addc(&b, '\n');
	}
	const char *s = arena_strdup(r->a, buf_str(&b));
	buf_free(&b);
	return s;
}

static int page_edit(web_req *r)
{
	err e = {0};
	procedures_row row;
	if (procedures_load(r, &row, &e)) return web_error(r, &e);
	procedures_input in;
	procedures_rules_to_input(&row, r->a, &in);
	edit_form(r, &row, &in, docs_lines(r, &row.p), NULL);
	return 0;
}

static int page_edit_post(web_req *r)
{
	err e = {0};
	procedures_row row;
	if (procedures_load(r, &row, &e)) return web_error(r, &e);
	procedures_input p = {0};
	for (int f = 0; f < PF__MAX; f++)
		if (f != PF_CODE && f != PF_DOCUMENTS) p.v[f] = web_form(r, procedures_field_names[f]);
	p.v[PF_ACTIVE] = web_form(r, "active") ? "1" : "0";
	/* The legal basis is one paragraph: line breaks typed in the box become spaces. */
	if (p.v[PF_LEGAL_BASIS]) {
		char *lb = arena_strdup(r->a, p.v[PF_LEGAL_BASIS]);
		for (char *c = lb; *c; c++)
			if (*c == '\r' || *c == '\n') *c = ' ';
		p.v[PF_LEGAL_BASIS] = lb;
	}
	const char *docs = web_form(r, "documents");
	if (docs) p.ndocs = procedures_rules_split(docs, '\n', r->a, &p.docs);
	int rc = procedures_edit(r, &row, &p, &e);
	if (rc == MB_EINVAL) {
		procedures_input shown;
		procedures_rules_to_input(&row, r->a, &shown);
		for (int f = 0; f < PF__MAX; f++)
			if (p.v[f]) shown.v[f] = p.v[f];
		r->status = 422;
		edit_form(r, &row, &shown, docs ? docs : docs_lines(r, &row.p), &e);
		return 0;
	}
	if (rc) return web_error(r, &e);
	return web_redirect(r, arena_printf(r->a, "/procedures/%s", row.p.code));
}

static const web_route routes[] = {
	{"GET", "/procedures", WEB_PUBLIC, page_list, 0},
	{"GET", "/procedures/{code}", WEB_PUBLIC, page_procedure, 0},
	{"GET", "/procedures/{code}/edit", AUTH_P_ADMIN, page_edit, 0},
	{"POST", "/procedures/{code}/edit", AUTH_P_ADMIN, page_edit_post, 0},
};

void procedures_pages_install(void)
{
	web_route_add(routes, sizeof routes / sizeof routes[0]);
}

void procedures_install(void)
{
	procedures_api_install();
	procedures_pages_install();
}
