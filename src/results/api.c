/* api.c — the filters of the public results, the JSON API and the
 * downloads (CSV, JSON and XLSX, written by src/docs). Everything here is public
 * (WEB_PUBLIC) and read-only. */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/calendar.h"
#include "base/clock.h"
#include "base/text.h"
#include "cases/cases.h"
#include "docs/docs.h"
#include "results/web.h"
#include "web/html.h"
#include "web/i18n.h"

/* --- filters --- */

static const char *param(web_req *r, const char *name)
{
	const char *v = web_query(r, name);
	return v && *v ? v : NULL;
}

static int bad(err *e, const char *field, const char *vi, const char *en)
{
	return err_set(e, MB_EINVAL, "bad_filter", field, vi, en);
}

/* A whole non-negative decimal number within [min, max]: 0, or -1. */
static int parse_int(const char *s, int min, int max, int *out)
{
	if (!s || !isdigit((unsigned char)*s)) return -1;
	errno = 0;
	char *end;
	long v = strtol(s, &end, 10);
	if (errno || *end || v < min || v > max) return -1;
	*out = (int)v;
	return 0;
}

/* "KEY_ID": KEY up to 32 characters of an ISO time (digits, -, :, T, Z, .),
 * possibly empty; ID a whole number. */
static int cursor_param(web_req *r, const char *name, const char **key, int64_t *id, err *e)
{
	const char *s = param(r, name);
	if (!s) return 0;
	const char *us = strrchr(s, '_');
	bool ok = us && us - s <= 32 && isdigit((unsigned char)us[1]);
	for (const char *c = s; ok && c < us; c++) ok = isdigit((unsigned char)*c) || strchr("-:TZ.", *c);
	char *end = NULL;
	long long v = 0;
	if (ok) {
		errno = 0;
		v = strtoll(us + 1, &end, 10);
		ok = !errno && !*end && v >= 0;
	}
	if (!ok)
		return bad(e, name, "Liên kết trang không hợp lệ: hãy quay lại trang đầu.",
		           "not a valid page link: go back to the first page");
	*key = arena_printf(r->a, "%.*s", (int)(us - s), s);
	*id = v;
	return 0;
}

const char *results_cursor(web_req *r, const char *key, int64_t id)
{
	return arena_printf(r->a, "%s_%lld", key ? key : "", (long long)id);
}

int results_page_trim(const results_filter *f, int *n, results_nav *nav)
{
	bool extra = *n > f->limit;
	if (extra) (*n)--;
	if (f->backward) {
		nav->newer = extra;
		nav->older = true;
		return extra ? 1 : 0;
	}
	nav->older = extra;
	nav->newer = f->cursor_key || f->offset > 0;
	return 0;
}

const char *results_page_url(web_req *r, const char *path, const char *qs, int limit, int default_limit,
                             const char *params)
{
	buf b;
	buf_init(&b, 4096);
	buf_adds(&b, path);
	const char *sep = "?";
	if (*qs) {
		buf_adds(&b, sep);
		buf_adds(&b, qs);
		sep = "&";
	}
	if (limit != default_limit) {
		buf_printf(&b, "%slimit=%d", sep, limit);
		sep = "&";
	}
	if (params && *params) {
		buf_adds(&b, sep);
		buf_adds(&b, params);
	}
	const char *u = arena_strdup(r->a, buf_str(&b));
	buf_free(&b);
	return u;
}

int results_total_shown(const results_filter *f, int total, bool *more)
{
	*more = f->match && total > RESULTS_COUNT_CAP;
	return *more ? RESULTS_COUNT_CAP : total;
}

int results_query_parse(web_req *r, int default_limit, int max_limit, results_query *qy, err *e)
{
	memset(qy, 0, sizeof *qy);
	results_filter *f = &qy->f;
	f->limit = default_limit;
	const char *q = param(r, "q"), *unit = param(r, "unit"), *kind = param(r, "kind"),
	           *category = param(r, "category"), *from = param(r, "from"), *to = param(r, "to"),
	           *limit = param(r, "limit"), *offset = param(r, "offset");
	if (q) {
		if (strlen(q) > 200 || !text_valid_utf8(q, strlen(q), false))
			return bad(e, "q", "Từ khóa tìm kiếm quá dài hoặc không hợp lệ (tối đa 200 byte).",
			           "the search text is too long or not valid text (200 bytes at most)");
		qy->q = q;
		/* A case code finds that case; other text searches the index. */
		char *code = text_trim(arena_strdup(r->a, q));
		for (char *c = code; *c; c++) *c = (char)toupper((unsigned char)*c);
		if (case_rules_code_valid(code)) f->code = code;
		else f->match = results_fts_query(r->a, q);
	}
	if (unit) {
		int found = strlen(unit) > 100 ? 0
		          : results_repo_unit(db_thread(), unit, r->a, &f->unit_id, &qy->unit_name_vi, &qy->unit_name_en, e);
		if (found < 0) return found;
		if (!found) return bad(e, "unit", "Không có cơ quan, đơn vị này.", "no such unit");
		qy->unit = unit;
	}
	if (kind) {
		case_kind k;
		if (case_kind_parse(kind, &k))
			return bad(e, "kind", "Loại đơn không hợp lệ (feedback, petition, complaint, denunciation, information).",
			           "unknown kind (feedback, petition, complaint, denunciation, information)");
		qy->kind = f->kind = case_kind_name(k);
	}
	if (category) {
		case_category c;
		if (case_category_parse(category, &c))
			return bad(e, "category", "Nội dung phản ánh không hợp lệ.", "unknown category");
		qy->category = f->category = case_category_name(c);
	}
	if (results_period(from, to, qy->from_iso, qy->to_iso, sizeof qy->from_iso, e)) return e->status;
	qy->from = from;
	qy->to = to;
	f->from_iso = qy->from_iso;
	f->to_iso = qy->to_iso;
	if (limit && parse_int(limit, 1, max_limit, &f->limit))
		return bad(e, "limit", arena_printf(r->a, "Số kết quả mỗi trang phải từ 1 đến %d.", max_limit),
		           arena_printf(r->a, "limit must be between 1 and %d", max_limit));
	if (offset && parse_int(offset, 0, 1000000, &f->offset))
		return bad(e, "offset", "Vị trí bắt đầu không hợp lệ.", "offset must be a whole number from 0 to 1000000");
	const char *before = NULL;
	int64_t before_id = 0;
	if (cursor_param(r, "after", &f->cursor_key, &f->cursor_id, e) || cursor_param(r, "before", &before, &before_id, e))
		return e->status;
	if (before) {
		if (f->cursor_key)
			return bad(e, "before", "Chỉ dùng một trong hai: trang trước hoặc trang sau.",
			           "give after or before, not both");
		f->cursor_key = before;
		f->cursor_id = before_id;
		f->backward = true;
	}
	qy->letters = *f;
	qy->letters.cursor_key = NULL;
	qy->letters.cursor_id = 0;
	return cursor_param(r, "lafter", &qy->letters.cursor_key, &qy->letters.cursor_id, e);
}

int results_apology_query_parse(web_req *r, int default_limit, int max_limit, results_query *qy, err *e)
{
	int rc = results_query_parse(r, default_limit, max_limit, qy, e);
	if (!rc && qy->q)
		return bad(e, "q", "Sổ xin lỗi không tìm theo từ khóa: hãy lọc theo đơn vị, loại, nội dung hoặc thời gian.",
		           "the apology register has no text search: filter by unit, kind, category or period");
	/* The register's two lists page forward together (after, lafter). */
	if (!rc && qy->f.backward)
		return bad(e, "before", "Sổ xin lỗi chỉ có trang sau: hãy quay lại trang đầu.",
		           "the apology register pages forward only: go back to the first page");
	return rc;
}

static void qs_add(buf *b, const char *name, const char *value)
{
	if (!value) return;
	if (b->len) buf_addc(b, '&');
	buf_adds(b, name);
	buf_addc(b, '=');
	html_url_encode(b, value);
}

const char *results_query_string(web_req *r, const results_query *qy)
{
	buf b;
	buf_init(&b, 4096);
	qs_add(&b, "q", qy->q);
	qs_add(&b, "unit", qy->unit);
	qs_add(&b, "kind", qy->kind);
	qs_add(&b, "category", qy->category);
	qs_add(&b, "from", qy->from);
	qs_add(&b, "to", qy->to);
	const char *s = arena_strdup(r->a, buf_str(&b));
	buf_free(&b);
	return s;
}

/* --- loading --- */

int results_stats_load(web_req *r, results_stats *s, err *e)
{
	memset(s, 0, sizeof *s);
	results_query qy;
	/* Only unit and period apply; the other filters are refused the same way. */
	int rc = results_query_parse(r, 1, RESULTS_DOWNLOAD_MAX, &qy, e);
	if (rc) return rc;
	if (qy.q || qy.kind || qy.category)
		return bad(e, qy.q ? "q" : qy.kind ? "kind" : "category",
		           "Thống kê chỉ lọc theo đơn vị và khoảng thời gian.", "statistics filter by unit and period only");
	s->unit = qy.unit;
	s->unit_id = qy.f.unit_id;
	s->from = qy.from;
	s->to = qy.to;
	clock_iso_utc(clock_now(), s->now_iso, sizeof s->now_iso);
	results_stats_filter f = {.unit_id = qy.f.unit_id, .from_iso = qy.from_iso, .to_iso = qy.to_iso,
	                          .now_iso = s->now_iso};
	if ((rc = results_repo_stats(db_thread(), &f, r->a, &s->rows, &s->n, e))) return rc;
	results_stat *t = &s->total;
	t->unit_code = "";
	t->unit_name_vi = "Tổng";
	t->unit_name_en = "Total";
	t->head_name = t->head_title = "";
	for (int i = 0; i < s->n; i++) {
		const results_stat *x = &s->rows[i];
		t->received += x->received;
		t->accepted += x->accepted;
		t->on_time += x->on_time;
		t->late += x->late;
		t->overdue += x->overdue;
		t->at_fault += x->at_fault;
		t->apologies += x->apologies;
		t->sanctions += x->sanctions;
		t->concluded += x->concluded;
		t->days_sum += x->days_sum;
	}
	return 0;
}

int results_trend_load(web_req *r, int64_t unit_id, results_trend *t, err *e)
{
	memset(t, 0, sizeof *t);
	int y, m, d;
	cal_ymd(cal_day_of(clock_now()), &y, &m, &d);
	/* Back to the first month shown. */
	m -= RESULTS_TREND_MONTHS - 1;
	while (m < 1) {
		m += 12;
		y--;
	}
	char key[RESULTS_TREND_MONTHS][24];
	for (int i = 0; i < RESULTS_TREND_MONTHS; i++) {
		clock_iso_utc(cal_local(cal_day_from_ymd(y, m, 1), 0), key[i], sizeof key[i]);
		t->label[i] = arena_printf(r->a, "%02d/%d", m, y);
		t->month[i] = arena_printf(r->a, "%d-%02d", y, m);
		if (++m > 12) {
			m = 1;
			y++;
		}
	}
	t->n = RESULTS_TREND_MONTHS;
	results_month *rows;
	int n;
	if (results_repo_trend(db_thread(), unit_id, key[0], key[RESULTS_TREND_MONTHS - 1], r->a, &rows, &n, e)) return e->status;
	for (int i = 0, k = 0; i < t->n; i++) {
		while (k < n && strcmp(rows[k].month, key[i]) < 0) k++;
		bool have = k < n && !strcmp(rows[k].month, key[i]);
		t->received[i] = have ? rows[k].received : 0;
		t->concluded[i] = have ? rows[k].concluded : 0;
		t->on_time[i] = have ? rows[k].on_time : 0;
		t->on_time_share[i] = t->concluded[i] > 0 ? t->on_time[i] / t->concluded[i] : NAN;
	}
	return 0;
}

int results_detail_load(web_req *r, results_detail *d, err *e)
{
	memset(d, 0, sizeof *d);
	const char *code = web_param(r, "code");
	int found = 0;
	if (code && case_rules_code_valid(code)) found = results_repo_get(db_thread(), code, r->a, &d->row, e);
	if (found < 0) return found;
	if (!found)
		return err_set(e, MB_ENOTFOUND, "not_found", "code", "Không có kết quả đã công khai với mã này.",
		               "no published result with this code");
	int rc = results_repo_apology(db_thread(), d->row.id, r->a, &d->apology, e);
	if (rc < 0) return rc;
	d->has_apology = rc == 1;
	return results_repo_sanctions(db_thread(), d->row.id, &d->sanctions, e);
}

/* --- formatting --- */

const char *results_vn_date(web_req *r, const char *iso)
{
	int64_t t = iso && *iso ? clock_parse_iso(iso) : -1;
	if (t < 0) return "";
	char day[16];
	cal_format_date(cal_day_of(t), day, sizeof day);
	return arena_strdup(r->a, day);
}

const char *results_avg_days(web_req *r, const results_stat *s, char decimal_point)
{
	if (s->concluded <= 0) return "";
	char *v = arena_printf(r->a, "%.1f", s->days_sum / s->concluded);
	for (char *c = v; *c; c++)
		if (*c == '.') *c = decimal_point;
	return v;
}

static json_t *unit_json(const char *code, const char *vi, const char *en)
{
	return json_pack("{s:s, s:s, s:s}", "code", code, "name_vi", vi, "name_en", en);
}

static json_t *time_or_null(const char *iso) { return iso && *iso ? json_string(iso) : json_null(); }

json_t *results_row_json(const results_row *x)
{
	json_t *j = json_object();
	json_object_set_new(j, "code", json_string(x->code));
	json_object_set_new(j, "kind", json_string(x->kind));
	json_object_set_new(j, "category", json_string(x->category));
	json_object_set_new(j, "unit", unit_json(x->unit_code, x->unit_name_vi, x->unit_name_en));
	json_object_set_new(j, "received_at", time_or_null(x->received_at));
	json_object_set_new(j, "concluded_at", time_or_null(x->concluded_at));
	json_object_set_new(j, "published_at", time_or_null(x->published_at));
	json_object_set_new(j, "on_time", json_boolean(!x->late));
	json_object_set_new(j, "at_fault", json_boolean(x->at_fault));
	json_object_set_new(j, "resolved", json_boolean(x->resolved));
	json_object_set_new(j, "summary", json_string(x->summary));
	json_object_set_new(j, "url", json_sprintf("/results/%s", x->code));
	return j;
}

json_t *results_apology_json(const results_apology *a)
{
	return json_pack("{s:s, s:s, s:s, s:o, s:s, s:s, s:s, s:s, s:o}", "code", a->code, "kind", a->kind,
	                 "category", a->category, "unit", unit_json(a->unit_code, a->unit_name_vi, a->unit_name_en),
	                 "published_at", a->published_at, "what_wrong", a->what_wrong, "what_done", a->what_done,
	                 "remedy", a->remedy, "url", json_sprintf("/results/%s", a->code));
}

json_t *results_stat_json(web_req *r, const results_stat *s)
{
	json_t *j = json_object();
	if (*s->unit_code) {
		json_object_set_new(j, "unit", unit_json(s->unit_code, s->unit_name_vi, s->unit_name_en));
		json_object_set_new(j, "head", json_pack("{s:s, s:s}", "name", s->head_name, "title", s->head_title));
	}
	json_object_set_new(j, "received", json_integer(s->received));
	json_object_set_new(j, "accepted", json_integer(s->accepted));
	json_object_set_new(j, "concluded_on_time", json_integer(s->on_time));
	json_object_set_new(j, "concluded_late", json_integer(s->late));
	json_object_set_new(j, "overdue_now", json_integer(s->overdue));
	json_object_set_new(j, "at_fault", json_integer(s->at_fault));
	json_object_set_new(j, "apologies", json_integer(s->apologies));
	json_object_set_new(j, "sanctions", json_integer(s->sanctions));
	const char *avg = results_avg_days(r, s, '.');
	json_object_set_new(j, "avg_days_to_conclusion", *avg ? json_real(strtod(avg, NULL)) : json_null());
	return j;
}

/* --- JSON API --- */

/* total: exact, or (a search) at most RESULTS_COUNT_CAP with total_more;
 * next and previous: the URLs of the older and newer pages, or null. */
static json_t *paging_json(web_req *r, const results_query *qy, int total, const char *path, const char *next,
                           const char *previous)
{
	bool more;
	int shown = results_total_shown(&qy->f, total, &more);
	const char *qs = results_query_string(r, qy);
	return json_pack("{s:i, s:b, s:i, s:i, s:o, s:o}", "total", shown, "total_more", more, "limit", qy->f.limit,
	                 "offset", qy->f.offset,
	                 "next", next ? json_string(results_page_url(r, path, qs, qy->f.limit, -1, next)) : json_null(),
	                 "previous",
	                 previous ? json_string(results_page_url(r, path, qs, qy->f.limit, -1, previous)) : json_null());
}

int results_list_load(web_req *r, const results_query *qy, results_list *l, err *e)
{
	results_filter f = qy->f;
	f.limit++;
	if (results_repo_list(db_thread(), &f, r->a, &l->rows, &l->n, &l->total, e)) return e->status;
	results_nav nav;
	l->rows += results_page_trim(&qy->f, &l->n, &nav);
	l->next = l->previous = NULL;
	if (nav.older && l->n)
		l->next = arena_printf(r->a, "after=%s", results_cursor(r, l->rows[l->n - 1].published_at, l->rows[l->n - 1].id));
	if (nav.newer)
		l->previous = l->n ? arena_printf(r->a, "before=%s", results_cursor(r, l->rows[0].published_at, l->rows[0].id)) : "";
	return 0;
}

static int api_list(web_req *r)
{
	err e = {0};
	results_query qy;
	if (results_query_parse(r, RESULTS_API_LIMIT, RESULTS_API_MAX, &qy, &e)) return web_error(r, &e);
	results_list l;
	if (results_list_load(r, &qy, &l, &e)) return web_error(r, &e);
	json_t *arr = json_array();
	for (int i = 0; i < l.n; i++) json_array_append_new(arr, results_row_json(&l.rows[i]));
	json_t *j = paging_json(r, &qy, l.total, "/api/v1/results", l.next, l.previous);
	json_object_set_new(j, "results", arr);
	return web_json(r, 200, j);
}

static int api_get(web_req *r)
{
	err e = {0};
	results_detail d;
	if (results_detail_load(r, &d, &e)) return web_error(r, &e);
	json_t *j = results_row_json(&d.row);
	json_object_set_new(j, "apology", d.has_apology ? results_apology_json(&d.apology) : json_null());
	json_object_set_new(j, "sanctions", json_integer(d.sanctions));
	return web_json(r, 200, json_pack("{s:o}", "result", j));
}

static json_t *stats_json(web_req *r, const results_stats *s)
{
	json_t *arr = json_array();
	for (int i = 0; i < s->n; i++) json_array_append_new(arr, results_stat_json(r, &s->rows[i]));
	return json_pack("{s:o, s:o, s:o, s:o, s:s, s:o}", "unit", s->unit ? json_string(s->unit) : json_null(),
	                 "from", s->from ? json_string(s->from) : json_null(), "to", s->to ? json_string(s->to) : json_null(),
	                 "units", arr, "now", s->now_iso, "totals", results_stat_json(r, &s->total));
}

static int api_stats(web_req *r)
{
	err e = {0};
	results_stats s;
	if (results_stats_load(r, &s, &e)) return web_error(r, &e);
	return web_json(r, 200, stats_json(r, &s));
}

int results_register_load(web_req *r, const results_query *qy, results_register *g, err *e)
{
	memset(g, 0, sizeof *g);
	db *d = db_thread();
	results_filter af = qy->f, lf = qy->letters;
	af.limit++;
	lf.limit++;
	if (results_repo_apologies(d, &af, r->a, &g->rows, &g->n, &g->total, e) ||
	    results_repo_dossier_apologies(d, &lf, r->a, &g->letters, &g->nl, &g->total_l, e) ||
	    results_repo_apology_units(d, &qy->f, r->a, &g->units, &g->nu, e))
		return e->status;
	bool amore = g->n > qy->f.limit, lmore = g->nl > qy->f.limit;
	if (amore) g->n--;
	if (lmore) g->nl--;
	/* Both lists go on together; one that has ended gets the end cursor. */
	if (amore || lmore)
		g->next = arena_printf(r->a, "after=%s&lafter=%s",
		                       amore ? results_cursor(r, g->rows[g->n - 1].published_at, g->rows[g->n - 1].id)
		                             : results_cursor(r, "", 0),
		                       lmore ? results_cursor(r, g->letters[g->nl - 1].issued_at, g->letters[g->nl - 1].id)
		                             : results_cursor(r, "", 0));
	if (qy->f.cursor_key || qy->letters.cursor_key || qy->f.offset > 0) g->first = "";
	return 0;
}

static int api_apologies(web_req *r)
{
	err e = {0};
	results_query qy;
	if (results_apology_query_parse(r, RESULTS_API_LIMIT, RESULTS_API_MAX, &qy, &e)) return web_error(r, &e);
	/* One register: the dossiers' apology letters and the count per unit too. */
	results_register g;
	if (results_register_load(r, &qy, &g, &e)) return web_error(r, &e);
	json_t *arr = json_array();
	for (int i = 0; i < g.n; i++) json_array_append_new(arr, results_apology_json(&g.rows[i]));
	json_t *j = paging_json(r, &qy, g.total, "/api/v1/results/apologies", g.next, g.first);
	json_object_set_new(j, "apologies", arr);
	json_t *la = json_array();
	for (int i = 0; i < g.nl; i++)
		json_array_append_new(la, json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:b}", "unit", g.letters[i].unit_code,
		                                    "unit_name_vi", g.letters[i].unit_name_vi, "procedure_name_vi",
		                                    g.letters[i].procedure_vi, "old_due_at", g.letters[i].old_due_at,
		                                    "new_due_at", g.letters[i].new_due_at, "issued_at", g.letters[i].issued_at,
		                                    "issued_late", g.letters[i].issued_late));
	json_object_set_new(j, "dossier_letters", la);
	json_object_set_new(j, "dossier_letters_total", json_integer(g.total_l));
	json_t *ua = json_array();
	for (int i = 0; i < g.nu; i++)
		json_array_append_new(ua, json_pack("{s:s, s:s, s:s, s:i, s:i, s:i}", "unit", g.units[i].unit_code,
		                                    "name_vi", g.units[i].unit_name_vi, "name_en", g.units[i].unit_name_en,
		                                    "case_apologies", g.units[i].cases, "dossier_letters", g.units[i].letters,
		                                    "dossier_letters_late", g.units[i].letters_late));
	json_object_set_new(j, "units", ua);
	return web_json(r, 200, j);
}

/* --- downloads: the tables of the results as CSV, JSON and XLSX (src/docs) --- */

static const char *uname(web_req *r, const char *vi, const char *en) { return strcmp(r->lang, "en") ? vi : en; }

/* A date column's value: the Vietnam day, or missing. */
static void date_cell(docs_table *t, web_req *r, const char *iso)
{
	const char *d = results_vn_date(r, iso);
	docs_text(t, *d ? d : NULL);
}

/* Each file holds at most RESULTS_DOWNLOAD_MAX rows, read by keyset like a
 * page; the next file's address is in the Link header (and "next" in JSON). */
static void link_next(web_req *r, const char *next)
{
	if (next) web_header_add(r, "Link", arena_printf(r->a, "<%s>; rel=\"next\"", next));
}

static const docs_column result_cols[] = {
	{"code", "Mã vụ việc", "Case code", DOCS_TEXT, 0},
	{"kind", "Loại (mã)", "Kind (code)", DOCS_TEXT, 0},
	{"kind_label", "Loại", "Kind", DOCS_TEXT, 0},
	{"category", "Nội dung (mã)", "Category (code)", DOCS_TEXT, 0},
	{"category_label", "Nội dung", "Category", DOCS_TEXT, 0},
	{"unit", "Đơn vị (mã)", "Unit (code)", DOCS_TEXT, 0},
	{"unit_name", "Đơn vị", "Unit", DOCS_TEXT, 0},
	{"received_date", "Ngày tiếp nhận", "Received", DOCS_DATE, 0},
	{"concluded_date", "Ngày kết luận", "Concluded", DOCS_DATE, 0},
	{"published_date", "Ngày công khai", "Published", DOCS_DATE, 0},
	{"on_time", "Đúng hạn (1/0)", "On time (1/0)", DOCS_INTEGER, 0},
	{"at_fault", "Có sai phạm (1/0)", "At fault (1/0)", DOCS_INTEGER, 0},
	{"resolved", "Đã giải quyết xong (1/0)", "Resolved (1/0)", DOCS_INTEGER, 0},
	{"summary", "Tóm tắt kết quả", "Summary of the result", DOCS_TEXT, 0},
	{"url", "Địa chỉ", "Address", DOCS_TEXT, 0},
};

static int download_results(web_req *r)
{
	err e = {0};
	results_query qy;
	if (results_query_parse(r, RESULTS_DOWNLOAD_MAX, RESULTS_DOWNLOAD_MAX, &qy, &e)) return web_error(r, &e);
	results_list l;
	if (results_list_load(r, &qy, &l, &e)) return web_error(r, &e);
	const char *path = arena_printf(r->a, "/results.%s", docs_extension(docs_format_of(r->path)));
	docs_table t;
	docs_table_init(&t, r->a, "results", "Kết quả giải quyết phản ánh, kiến nghị", "Results of reports",
	                result_cols, (int)(sizeof result_cols / sizeof result_cols[0]));
	for (int i = 0; i < l.n; i++) {
		const results_row *x = &l.rows[i];
		docs_row(&t);
		docs_text(&t, x->code);
		docs_text(&t, x->kind);
		docs_text(&t, results_kind_label(r, x->kind));
		docs_text(&t, x->category);
		docs_text(&t, results_category_label(r, x->category));
		docs_text(&t, x->unit_code);
		docs_text(&t, uname(r, x->unit_name_vi, x->unit_name_en));
		date_cell(&t, r, x->received_at);
		date_cell(&t, r, x->concluded_at);
		date_cell(&t, r, x->published_at);
		docs_int(&t, !x->late);
		docs_int(&t, x->at_fault);
		docs_int(&t, x->resolved);
		docs_text(&t, x->summary);
		docs_text(&t, arena_printf(r->a, "/results/%s", x->code));
	}
	int rc = docs_serve(r, &t, paging_json(r, &qy, l.total, path, l.next, l.previous));
	if (l.next && r->status == 200)
		link_next(r, results_page_url(r, path, results_query_string(r, &qy), qy.f.limit, RESULTS_DOWNLOAD_MAX, l.next));
	return rc;
}

static const docs_column apology_cols[] = {
	{"code", "Mã vụ việc", "Case code", DOCS_TEXT, 0},
	{"kind", "Loại", "Kind", DOCS_TEXT, 0},
	{"category", "Nội dung", "Category", DOCS_TEXT, 0},
	{"unit", "Đơn vị (mã)", "Unit (code)", DOCS_TEXT, 0},
	{"unit_name", "Đơn vị xin lỗi", "Apologising unit", DOCS_TEXT, 0},
	{"published_date", "Ngày công khai", "Published", DOCS_DATE, 0},
	{"what_wrong", "Sai phạm", "What was wrong", DOCS_TEXT, 0},
	{"what_done", "Đơn vị đã làm gì", "What the unit did", DOCS_TEXT, 0},
	{"remedy", "Khắc phục cho người dân", "Remedy for the citizen", DOCS_TEXT, 0},
	{"url", "Địa chỉ", "Address", DOCS_TEXT, 0},
};

static int download_apologies(web_req *r)
{
	err e = {0};
	results_query qy;
	if (results_apology_query_parse(r, RESULTS_DOWNLOAD_MAX, RESULTS_DOWNLOAD_MAX, &qy, &e)) return web_error(r, &e);
	results_apology *rows;
	int n, total;
	results_filter f = qy.f;
	f.limit++;
	if (results_repo_apologies(db_thread(), &f, r->a, &rows, &n, &total, &e)) return web_error(r, &e);
	const char *path = arena_printf(r->a, "/results/apologies.%s", docs_extension(docs_format_of(r->path)));
	const char *next = NULL;
	if (n > qy.f.limit) {
		n--;
		next = results_page_url(r, path, results_query_string(r, &qy), qy.f.limit, RESULTS_DOWNLOAD_MAX,
		                        arena_printf(r->a, "after=%s", results_cursor(r, rows[n - 1].published_at, rows[n - 1].id)));
	}
	docs_table t;
	docs_table_init(&t, r->a, "apologies", "Sổ xin lỗi công khai", "The public apology register", apology_cols,
	                (int)(sizeof apology_cols / sizeof apology_cols[0]));
	for (int i = 0; i < n; i++) {
		const results_apology *x = &rows[i];
		docs_row(&t);
		docs_text(&t, x->code);
		docs_text(&t, x->kind);
		docs_text(&t, x->category);
		docs_text(&t, x->unit_code);
		docs_text(&t, uname(r, x->unit_name_vi, x->unit_name_en));
		date_cell(&t, r, x->published_at);
		docs_text(&t, x->what_wrong);
		docs_text(&t, x->what_done);
		docs_text(&t, x->remedy);
		docs_text(&t, arena_printf(r->a, "/results/%s", x->code));
	}
	int rc = docs_serve(r, &t, json_pack("{s:i, s:o}", "total", total, "next", next ? json_string(next) : json_null()));
	if (r->status == 200) link_next(r, next);
	return rc;
}

static const docs_column apology_unit_cols[] = {
	{"unit", "Đơn vị (mã)", "Unit (code)", DOCS_TEXT, 0},
	{"unit_name", "Cơ quan, đơn vị", "Agency, unit", DOCS_TEXT, 0},
	{"case_apologies", "Xin lỗi vì sai phạm (vụ việc)", "Apologies for faults (cases)", DOCS_INTEGER, 0},
	{"dossier_letters", "Văn bản xin lỗi vì hồ sơ trễ hạn", "Apology letters for late dossiers", DOCS_INTEGER, 0},
	{"dossier_letters_late", "Gửi muộn hơn quy định", "Sent later than the rules allow", DOCS_INTEGER, 0},
};

/* The register's count per unit (from the aggregates), as on its page. */
static int download_apology_units(web_req *r)
{
	err e = {0};
	results_query qy;
	if (results_apology_query_parse(r, 1, RESULTS_DOWNLOAD_MAX, &qy, &e)) return web_error(r, &e);
	results_apology_unit *u;
	int n;
	if (results_repo_apology_units(db_thread(), &qy.f, r->a, &u, &n, &e)) return web_error(r, &e);
	docs_table t;
	docs_table_init(&t, r->a, "apologies-by-unit", "Sổ xin lỗi công khai theo cơ quan, đơn vị",
	                "The public apology register by unit", apology_unit_cols,
	                (int)(sizeof apology_unit_cols / sizeof apology_unit_cols[0]));
	for (int i = 0; i < n; i++) {
		docs_row(&t);
		docs_text(&t, u[i].unit_code);
		docs_text(&t, uname(r, u[i].unit_name_vi, u[i].unit_name_en));
		docs_int(&t, u[i].cases);
		docs_int(&t, u[i].letters);
		docs_int(&t, u[i].letters_late);
	}
	return docs_serve(r, &t, NULL);
}

static const docs_column letter_cols[] = {
	{"issued_date", "Ngày gửi", "Sent on", DOCS_DATE, 0},
	{"unit", "Đơn vị (mã)", "Unit (code)", DOCS_TEXT, 0},
	{"unit_name", "Cơ quan, đơn vị", "Agency, unit", DOCS_TEXT, 0},
	{"procedure", "Thủ tục", "Procedure", DOCS_TEXT, 0},
	{"old_due_date", "Hẹn trả kết quả trước đây", "Former date for the result", DOCS_DATE, 0},
	{"new_due_date", "Ngày hẹn trả kết quả mới", "New date for the result", DOCS_DATE, 0},
	{"issued_late", "Gửi muộn hơn quy định (1/0)", "Sent later than the rules allow (1/0)", DOCS_INTEGER, 0},
};

/* The dossiers' apology letters of the register (no dossier code, applicant
 * or reason), by keyset on lafter like the page. */
static int download_letters(web_req *r)
{
	err e = {0};
	results_query qy;
	if (results_apology_query_parse(r, RESULTS_DOWNLOAD_MAX, RESULTS_DOWNLOAD_MAX, &qy, &e)) return web_error(r, &e);
	results_filter lf = qy.letters;
	lf.limit++;
	results_dossier_apology *x;
	int n, total;
	if (results_repo_dossier_apologies(db_thread(), &lf, r->a, &x, &n, &total, &e)) return web_error(r, &e);
	const char *path = arena_printf(r->a, "/results/apologies/letters.%s", docs_extension(docs_format_of(r->path)));
	const char *next = NULL;
	if (n > qy.f.limit) {
		n--;
		next = results_page_url(r, path, results_query_string(r, &qy), qy.f.limit, RESULTS_DOWNLOAD_MAX,
		                        arena_printf(r->a, "lafter=%s", results_cursor(r, x[n - 1].issued_at, x[n - 1].id)));
	}
	docs_table t;
	docs_table_init(&t, r->a, "apology-letters", "Văn bản xin lỗi vì hồ sơ trễ hạn", "Apology letters for late dossiers",
	                letter_cols, (int)(sizeof letter_cols / sizeof letter_cols[0]));
	for (int i = 0; i < n; i++) {
		docs_row(&t);
		date_cell(&t, r, x[i].issued_at);
		docs_text(&t, x[i].unit_code);
		docs_text(&t, uname(r, x[i].unit_name_vi, x[i].unit_name_en));
		docs_text(&t, uname(r, x[i].procedure_vi, x[i].procedure_en));
		date_cell(&t, r, x[i].old_due_at);
		date_cell(&t, r, x[i].new_due_at);
		docs_int(&t, x[i].issued_late);
	}
	int rc = docs_serve(r, &t, json_pack("{s:i, s:o}", "total", total, "next", next ? json_string(next) : json_null()));
	if (r->status == 200) link_next(r, next);
	return rc;
}

static const docs_column stat_cols[] = {
	{"unit", "Đơn vị (mã)", "Unit (code)", DOCS_TEXT, 0},
	{"unit_name", "Đơn vị", "Unit", DOCS_TEXT, 0},
	{"head_name", "Người đứng đầu", "Head", DOCS_TEXT, 0},
	{"head_title", "Chức vụ", "Title", DOCS_TEXT, 0},
	{"received", "Tiếp nhận", "Received", DOCS_INTEGER, 0},
	{"accepted", "Thụ lý", "Accepted", DOCS_INTEGER, 0},
	{"concluded_on_time", "Kết luận đúng hạn", "Concluded on time", DOCS_INTEGER, 0},
	{"concluded_late", "Kết luận trễ hạn", "Concluded late", DOCS_INTEGER, 0},
	{"overdue_now", "Đang quá hạn", "Overdue now", DOCS_INTEGER, 0},
	{"at_fault", "Có sai phạm", "At fault", DOCS_INTEGER, 0},
	{"apologies", "Lời xin lỗi", "Apologies", DOCS_INTEGER, 0},
	{"sanctions", "Kỷ luật", "Sanctions", DOCS_INTEGER, 0},
	{"avg_days_to_conclusion", "Số ngày giải quyết trung bình", "Average days to conclusion", DOCS_DECIMAL, 1},
};

static int download_stats(web_req *r)
{
	err e = {0};
	results_stats s;
	if (results_stats_load(r, &s, &e)) return web_error(r, &e);
	docs_table t;
	docs_table_init(&t, r->a, "results-stats", "Thống kê giải quyết phản ánh, kiến nghị theo đơn vị",
	                "Statistics of reports by unit", stat_cols, (int)(sizeof stat_cols / sizeof stat_cols[0]));
	for (int i = 0; i < s.n; i++) {
		const results_stat *x = &s.rows[i];
		docs_row(&t);
		docs_text(&t, x->unit_code);
		docs_text(&t, uname(r, x->unit_name_vi, x->unit_name_en));
		docs_text(&t, x->head_name);
		docs_text(&t, x->head_title);
		const int v[] = {x->received, x->accepted, x->on_time, x->late, x->overdue, x->at_fault, x->apologies, x->sanctions};
		for (size_t k = 0; k < sizeof v / sizeof v[0]; k++) docs_int(&t, v[k]);
		docs_num(&t, x->concluded > 0 ? x->days_sum / x->concluded : NAN);
	}
	return docs_serve(r, &t, json_pack("{s:o, s:o, s:o, s:s}", "unit", s.unit ? json_string(s.unit) : json_null(),
	                                   "from", s.from ? json_string(s.from) : json_null(),
	                                   "to", s.to ? json_string(s.to) : json_null(), "now", s.now_iso));
}

static const docs_column trend_cols[] = {
	{"month", "Tháng", "Month", DOCS_TEXT, 0},
	{"received", "Tiếp nhận", "Received", DOCS_INTEGER, 0},
	{"concluded", "Kết luận", "Concluded", DOCS_INTEGER, 0},
	{"concluded_on_time", "Kết luận đúng hạn", "Concluded on time", DOCS_INTEGER, 0},
	{"on_time_share", "Tỷ lệ kết luận đúng hạn", "Share concluded on time", DOCS_PERCENT, 1},
};

/* The 12-month trend of /results/stats (unit only: the months are fixed). */
static int download_trend(web_req *r)
{
	err e = {0};
	results_query qy;
	if (results_query_parse(r, 1, 1, &qy, &e)) return web_error(r, &e);
	if (qy.q || qy.kind || qy.category || qy.from || qy.to)
		return web_error(r, &(err){MB_EINVAL, "bad_filter",
		                           qy.q ? "q" : qy.kind ? "kind" : qy.category ? "category" : qy.from ? "from" : "to",
		                           "Xu hướng 12 tháng chỉ lọc theo đơn vị.", "the 12-month trend filters by unit only"});
	results_trend tr;
	if (results_trend_load(r, qy.f.unit_id, &tr, &e)) return web_error(r, &e);
	docs_table t;
	docs_table_init(&t, r->a, "results-trend", "Phản ánh, kiến nghị 12 tháng gần nhất",
	                "Reports over the last 12 months", trend_cols, (int)(sizeof trend_cols / sizeof trend_cols[0]));
	for (int i = 0; i < tr.n; i++) {
		docs_row(&t);
		docs_text(&t, tr.month[i]);
		docs_int(&t, (int64_t)tr.received[i]);
		docs_int(&t, (int64_t)tr.concluded[i]);
		docs_int(&t, (int64_t)tr.on_time[i]);
		docs_num(&t, tr.on_time_share[i]);
	}
	return docs_serve(r, &t, json_pack("{s:o}", "unit", qy.unit ? json_string(qy.unit) : json_null()));
}

/* Fixed paths come before /results/{code}: the first matching route wins. */
static const web_route routes[] = {
	{"GET", "/results.csv", WEB_PUBLIC, download_results, 0},
	{"GET", "/results.json", WEB_PUBLIC, download_results, 0},
	{"GET", "/results.xlsx", WEB_PUBLIC, download_results, 0},
	{"GET", "/results/stats.csv", WEB_PUBLIC, download_stats, 0},
	{"GET", "/results/stats.json", WEB_PUBLIC, download_stats, 0},
	{"GET", "/results/stats.xlsx", WEB_PUBLIC, download_stats, 0},
	{"GET", "/results/stats/trend.csv", WEB_PUBLIC, download_trend, 0},
	{"GET", "/results/stats/trend.json", WEB_PUBLIC, download_trend, 0},
	{"GET", "/results/stats/trend.xlsx", WEB_PUBLIC, download_trend, 0},
	{"GET", "/results/apologies.csv", WEB_PUBLIC, download_apologies, 0},
	{"GET", "/results/apologies.json", WEB_PUBLIC, download_apologies, 0},
	{"GET", "/results/apologies.xlsx", WEB_PUBLIC, download_apologies, 0},
	{"GET", "/results/apologies/units.csv", WEB_PUBLIC, download_apology_units, 0},
	{"GET", "/results/apologies/units.json", WEB_PUBLIC, download_apology_units, 0},
	{"GET", "/results/apologies/units.xlsx", WEB_PUBLIC, download_apology_units, 0},
	{"GET", "/results/apologies/letters.csv", WEB_PUBLIC, download_letters, 0},
	{"GET", "/results/apologies/letters.json", WEB_PUBLIC, download_letters, 0},
	{"GET", "/results/apologies/letters.xlsx", WEB_PUBLIC, download_letters, 0},
	{"GET", "/api/v1/results", WEB_PUBLIC, api_list, 0},
	{"GET", "/api/v1/results/stats", WEB_PUBLIC, api_stats, 0},
	{"GET", "/api/v1/results/apologies", WEB_PUBLIC, api_apologies, 0},
	{"GET", "/api/v1/results/{code}", WEB_PUBLIC, api_get, 0},
};

void results_api_install(void)
{
	web_route_add(routes, sizeof routes / sizeof routes[0]);
}
