/* public.c — the published summary of public-duty inspections (R15: results
 * published; docs/oversight.md, *Publication*): /inspections/published (the
 * page, anyone, Vietnamese first), its JSON twin /api/v1/inspections/published
 * and its CSV /inspections/published.csv (the documents module). Only
 * concluded inspections, newest conclusion first, a page at a time by keyset
 * on the index inspections_concluded; per inspection the units inspected, the
 * kind, the dates, the findings counted by severity, the conclusion and the
 * recommendations with the progress of the head's item. Never an official's
 * name or login (insp_rules_public_text masks them in the published text). */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/calendar.h"
#include "docs/docs.h"
#include "inspections/service.h"
#include "ui/ui.h"
#include "web/html.h"


/* The cursor "<concluded_at epoch>-<id>" of ?after=; 0 when absent, -1 when malformed. */
static int cursor_of(web_req *r, int64_t *at, int64_t *id, err *e)
{
	*at = *id = 0;
	const char *s = web_query(r, "after");
	if (!s || !*s) return 0;
	long long a, b;
	int used = 0;
	if (sscanf(s, "%lld-%lld%n", &a, &b, &used) != 2 || s[used] || a <= 0 || b <= 0)
		return err_set(e, MB_EINVAL, "invalid_field", "after", "Con trỏ trang không hợp lệ.", "invalid page cursor");
	*at = a;
	*id = b;
	return 0;
}

static const char *cursor_text(web_req *r, int64_t at, int64_t id)
{
	return at ? arena_printf(r->a, "%lld-%lld", (long long)at, (long long)id) : NULL;
}

static const char *day_text(web_req *r, int64_t t)
{
	if (!t) return "";
	char *s = arena_alloc(r->a, 16);
	cal_format_date(cal_day_of(t), s, 16);
	return s;
}

static int load(web_req *r, int limit, insp_public **rows, int *n, const char **next, err *e)
{
	int64_t at, id, next_at, next_id;
	if (cursor_of(r, &at, &id, e)) return e->status;
	int rc = insp_published(db_thread(), at, id, limit, r->a, rows, n, &next_at, &next_id, e);
	*next = rc ? NULL : cursor_text(r, next_at, next_id);
	return rc;
}

static const char *progress_badge(insp_progress p)
{
	return p == IP_DONE ? "ok" : p == IP_LATE || p == IP_DONE_LATE ? "late" : "";
}

/* --- the page --- */

static void one(web_req *r, const insp_public *x)
{
	H(r, "<article class=\"card\" id=\"%s\"><h2><code>%s</code> <span%r>%s</span></h2>", x->row.code, x->row.code, ui_vi(r),
	  x->row.title);
	H(r, "<dl class=\"facts\"><dt>%s</dt><dd>%s · %s</dd><dt>%s</dt><dd>", web_t(r, "Cơ quan, hình thức"), web_t(r, insp_body_label_vi(x->body)),
	  web_t(r, insp_kind_label_vi(x->kind)), web_t(r, "Đơn vị được thanh tra, kiểm tra"));
	for (int i = 0; i < x->nunits; i++)
		H(r, "%r<a href=\"/units/%u\"%r>%s</a>", i ? "; " : "", x->unit_codes[i], ui_vi(r), x->unit_names_vi[i]);
	H(r, "</dd><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s</dd>", web_t(r, "Ngày dự kiến"), x->row.planned_on,
	  web_t(r, "Ngày bắt đầu"), day_text(r, x->row.started_at), web_t(r, "Ngày kết luận"), day_text(r, x->row.concluded_at));
	H(r, "<dt>%s</dt><dd class=\"findings\">%d", web_t(r, "Phát hiện"), x->nfindings);
	if (x->nfindings)
		H(r, " (%s %d, %s %d, %s %d)", web_t(r, "nhẹ"), x->findings[SEV_MINOR], web_t(r, "trung bình"), x->findings[SEV_MODERATE],
		  web_t(r, "nghiêm trọng"), x->findings[SEV_SERIOUS]);
	H(r, "</dd></dl><h3>%s</h3><p class=\"conclusion\"%r>%s</p>", web_t(r, "Kết luận"), ui_vi(r), x->row.conclusion);
	if (x->nrecs) {
		H(r, "<h3>%s</h3><ul class=\"plain recommendations\">", web_t(r, "Kiến nghị gửi người đứng đầu đơn vị"));
		for (int i = 0; i < x->nrecs; i++) {
			const insp_public_rec *k = &x->recs[i];
			H(r, "<li><strong%r>%s</strong>: <span%r>%s</span> <span class=\"muted\">(%s %s)</span> "
			     "<span class=\"badge %s\">%s</span></li>",
			  ui_vi(r), k->unit_name_vi, ui_vi(r), k->text, web_t(r, "hạn"), k->due_on, progress_badge(k->progress),
			  web_t(r, insp_progress_label_vi(k->progress)));
		}
		H(r, "</ul>");
	}
	H(r, "</article>");
}

static int page(web_req *r)
{
	if (web_page_cached(r, "inspections duty units", "after")) return 0;
	err e = {0};
	insp_public *rows;
	int n;
	const char *next;
	if (load(r, INSP_PUBLIC_PAGE, &rows, &n, &next, &e)) return web_error(r, &e);
	r->cacheable = !r->actor;
	const char *title = web_t(r, "Kết quả thanh tra, kiểm tra công vụ");
	ui_page_begin(r, title);
	H(r, "<h1>%s</h1><p>%s</p>", title,
	  web_t(r, "Các cuộc thanh tra, kiểm tra việc thực thi công vụ đã kết luận: đơn vị được thanh tra, kiểm tra, số phát hiện theo mức độ, kết luận và việc thực hiện kiến nghị của người đứng đầu. Không nêu tên cán bộ, công chức; cuộc kiểm tra chưa kết luận không được công bố."));
	H(r, "<p class=\"toolbar\"><a href=\"/duty/units\">%s</a> · <a href=\"/results\">%s</a></p>",
	  web_t(r, "Trách nhiệm người đứng đầu theo đơn vị"), web_t(r, "Kết quả giải quyết phản ánh, kiến nghị"));
	H(r, "<p class=\"muted downloads\">%s <a href=\"/inspections/published.csv%s\">CSV</a></p>", web_t(r, "Tải xuống:"),
	  web_query(r, "after") ? arena_printf(r->a, "?after=%s", web_query(r, "after")) : "");
	if (!n) H(r, "<p class=\"muted\">%s</p>", web_t(r, "Chưa có cuộc thanh tra, kiểm tra công vụ nào đã kết luận."));
	for (int i = 0; i < n; i++) one(r, &rows[i]);
	ui_pager(r, "/inspections/published?", web_query(r, "after") != NULL, next);
	ui_page_end(r);
	return 0;
}

/* --- JSON --- */

static int api(web_req *r)
{
	err e = {0};
	insp_public *rows;
	int n;
	const char *next;
	if (load(r, INSP_PUBLIC_PAGE, &rows, &n, &next, &e)) return web_error(r, &e);
	json_t *a = json_array();
	for (int i = 0; i < n; i++) {
		const insp_public *x = &rows[i];
		json_t *units = json_array(), *recs = json_array();
		for (int k = 0; k < x->nunits; k++)
			json_array_append_new(units, json_pack("{s:s, s:s}", "code", x->unit_codes[k], "name_vi", x->unit_names_vi[k]));
		for (int k = 0; k < x->nrecs; k++)
			json_array_append_new(recs, json_pack("{s:s, s:s, s:s, s:s}", "unit", x->recs[k].unit_code, "text", x->recs[k].text,
			                                      "due_on", x->recs[k].due_on, "progress",
			                                      insp_progress_name(x->recs[k].progress)));
		json_array_append_new(
			a, json_pack("{s:s, s:s, s:s, s:s, s:s, s:o, s:o, s:o, s:{s:i, s:i, s:i, s:i}, s:s, s:o}", "code", x->row.code, "title",
			             x->row.title, "body", x->row.body, "kind", x->row.kind, "planned_on", x->row.planned_on, "started_at",
			             web_json_time(x->row.started_at), "concluded_at", web_json_time(x->row.concluded_at), "units", units,
			             "findings", "total", x->nfindings, "minor", x->findings[SEV_MINOR], "moderate",
			             x->findings[SEV_MODERATE], "serious", x->findings[SEV_SERIOUS], "conclusion", x->row.conclusion,
			             "recommendations", recs));
	}
	json_t *j = json_pack("{s:o, s:o}", "inspections", a, "next", next ? json_string(next) : json_null());
	return web_json(r, 200, j);
}

/* --- CSV (the documents module): one row per inspection --- */

static const docs_column cols[] = {
	{"code", "Mã", "Code", DOCS_TEXT, 0},
	{"title", "Nội dung", "Title", DOCS_TEXT, 0},
	{"body", "Hình thức", "Body", DOCS_TEXT, 0},
	{"kind", "Loại", "Kind", DOCS_TEXT, 0},
	{"units", "Đơn vị được thanh tra, kiểm tra", "Units inspected", DOCS_TEXT, 0},
	{"planned_on", "Ngày dự kiến", "Planned", DOCS_DATE, 0},
	{"started_on", "Ngày bắt đầu", "Started", DOCS_DATE, 0},
	{"concluded_on", "Ngày kết luận", "Concluded", DOCS_DATE, 0},
	{"findings", "Số phát hiện", "Findings", DOCS_INTEGER, 0},
	{"findings_minor", "Nhẹ", "Minor", DOCS_INTEGER, 0},
	{"findings_moderate", "Trung bình", "Moderate", DOCS_INTEGER, 0},
	{"findings_serious", "Nghiêm trọng", "Serious", DOCS_INTEGER, 0},
	{"recommendations", "Số kiến nghị", "Recommendations", DOCS_INTEGER, 0},
	{"recommendations_done", "Đã thực hiện đúng hạn", "Done on time", DOCS_INTEGER, 0},
	{"recommendations_done_late", "Đã thực hiện, trễ hạn", "Done late", DOCS_INTEGER, 0},
	{"recommendations_late", "Quá hạn, chưa thực hiện", "Late, not done", DOCS_INTEGER, 0},
	{"recommendations_open", "Đang thực hiện, còn hạn", "Open, in time", DOCS_INTEGER, 0},
	{"conclusion", "Kết luận", "Conclusion", DOCS_TEXT, 0},
};

static int csv(web_req *r)
{
	err e = {0};
	insp_public *rows;
	int n;
	const char *next;
	if (load(r, INSP_PUBLIC_FILE, &rows, &n, &next, &e)) return web_error(r, &e);
	docs_table t;
	docs_table_init(&t, r->a, "inspections-published", "Kết quả thanh tra, kiểm tra công vụ", "Public-duty inspections concluded",
	                cols, (int)(sizeof cols / sizeof cols[0]));
	for (int i = 0; i < n; i++) {
		const insp_public *x = &rows[i];
		buf units;
		buf_init(&units, 4096);
		for (int k = 0; k < x->nunits; k++) {
			if (k) buf_adds(&units, "; ");
			buf_adds(&units, x->unit_codes[k]);
		}
		int by[IP__MAX] = {0};
		for (int k = 0; k < x->nrecs; k++) by[x->recs[k].progress]++;
		docs_row(&t);
		docs_text(&t, x->row.code);
		docs_text(&t, x->row.title);
		docs_text(&t, x->row.body);
		docs_text(&t, x->row.kind);
		docs_text(&t, arena_strdup(r->a, buf_str(&units)));
		buf_free(&units);
		docs_text(&t, x->row.planned_on);
		docs_text(&t, day_text(r, x->row.started_at));
		docs_text(&t, day_text(r, x->row.concluded_at));
		docs_int(&t, x->nfindings);
		docs_int(&t, x->findings[SEV_MINOR]);
		docs_int(&t, x->findings[SEV_MODERATE]);
		docs_int(&t, x->findings[SEV_SERIOUS]);
		docs_int(&t, x->nrecs);
		docs_int(&t, by[IP_DONE]);
		docs_int(&t, by[IP_DONE_LATE]);
		docs_int(&t, by[IP_LATE]);
		docs_int(&t, by[IP_OPEN]);
		docs_text(&t, x->row.conclusion);
	}
	int rc = docs_serve(r, &t, json_pack("{s:o}", "next", next ? json_string(next) : json_null()));
	if (next && r->status == 200)
		web_header_add(r, "Link", arena_printf(r->a, "</inspections/published.csv?after=%s>; rel=\"next\"", next));
	return rc;
}

/* Registered before the routes with {ref}, which would take "published" for a code. */
static const web_route routes[] = {
	{"GET", "/api/v1/inspections/published", WEB_PUBLIC, api, 0},
	{"GET", "/inspections/published", WEB_PUBLIC, page, 0},
	{"GET", "/inspections/published.csv", WEB_PUBLIC, csv, 0},
};

void inspections_public_install(void)
{
	web_route_add(routes, sizeof routes / sizeof routes[0]);
}
