/* web.h — shared between the results room's API, downloads and pages
 * (internal to results/). */
#ifndef MB_RESULTS_WEB_H
#define MB_RESULTS_WEB_H

#include <jansson.h>

#include "results/query.h"
#include "results/repo.h"
#include "results/results.h"
#include "web/web.h"

/* The labels of a kind and a category in the request's language (the name
 * itself when unknown). */
const char *results_kind_label(web_req *r, const char *kind);
const char *results_category_label(web_req *r, const char *category);

/* Page sizes: HTML pages, the JSON API, downloads (CSV and JSON files). */
enum {
	RESULTS_PAGE_LIMIT = 20, RESULTS_PAGE_MAX = 100,
	RESULTS_API_LIMIT = 50, RESULTS_API_MAX = 500,
	RESULTS_DOWNLOAD_MAX = 10000,
};

/* The filters of a request, validated once: q, unit, kind, category, from,
 * to, limit, offset. The raw values are kept for forms and links. */
typedef struct results_query {
	results_filter f;
	const char *q, *unit, *kind, *category, *from, *to;   /* as given; NULL when absent or empty */
	results_filter letters;       /* the register's letters: f with their own cursor (lafter) */
	const char *unit_name_vi, *unit_name_en;
	char from_iso[24], to_iso[24];
} results_query;

/* 400 bad_filter naming the field (q too long or not UTF-8, an unknown unit,
 * kind or category, a bad date or period, limit or offset out of range, a
 * malformed cursor). Cursors: after=KEY_ID (the page older than that row),
 * before=KEY_ID (the page newer than it); KEY is the row's publication time
 * (results_cursor makes them). */
int results_query_parse(web_req *r, int default_limit, int max_limit, results_query *qy, err *e);
/* The same, for the apology register: q is refused (no text search there). */
int results_apology_query_parse(web_req *r, int default_limit, int max_limit, results_query *qy, err *e);
/* The query string of the filters ("q=…&unit=…", URL-encoded, no leading
 * "?"), without limit and offset. */
const char *results_query_string(web_req *r, const results_query *qy);

/* A page's cursor: "KEY_ID" (KEY "" and ID 0: past the end). */
const char *results_cursor(web_req *r, const char *key, int64_t id);
/* A keyset page read with limit + 1 rows (the caller adds one to f->limit
 * for the read): whether there is a newer and an older page, the number of
 * rows to show in *n, and the index of the first one (1 when reading
 * backward found one more newer row, which is not shown). */
typedef struct results_nav { bool newer, older; } results_nav;
int results_page_trim(const results_filter *f, int *n, results_nav *nav);
/* path?qs[&limit=N when not the default][&params]. */
const char *results_page_url(web_req *r, const char *path, const char *qs, int limit, int default_limit,
                             const char *params);
/* The list of a request by keyset (limit + 1 rows read): the rows to show,
 * the total and the pages around it: next "after=…", previous "before=…" or
 * "" (the first page); NULL when there is none. */
typedef struct results_list {
	results_row *rows;
	int n, total;
	const char *next, *previous;
} results_list;
int results_list_load(web_req *r, const results_query *qy, results_list *l, err *e);
/* The apology register of a request: the cases' apologies and the letters,
 * each by its own keyset (after, lafter), their totals and the per-unit counts
 * from the aggregates; next ("after=…&lafter=…") and first ("": back to the
 * first page) or NULL. */
typedef struct results_register {
	results_apology *rows;
	results_dossier_apology *letters;
	results_apology_unit *units;
	int n, total, nl, total_l, nu;
	const char *next, *first;
} results_register;
int results_register_load(web_req *r, const results_query *qy, results_register *g, err *e);
/* The total to show: a search's over RESULTS_COUNT_CAP shows the cap, with
 * *more set; any other total is exact. */
int results_total_shown(const results_filter *f, int total, bool *more);

/* The statistics of the unit and period of a request (?unit, ?from, ?to). */
typedef struct results_stats {
	results_stat *rows;
	int n;
	results_stat total;
	const char *unit, *from, *to;
	int64_t unit_id;              /* 0: every unit */
	char now_iso[24];
} results_stats;
int results_stats_load(web_req *r, results_stats *s, err *e);

/* The last RESULTS_TREND_MONTHS Vietnam months to this one, for the unit and
 * its sub-units (0: every unit), from the monthly roll-ups: reports received,
 * concluded, and the share concluded on time (NAN when nothing was concluded:
 * no data, not 0). */
enum { RESULTS_TREND_MONTHS = 12 };
typedef struct results_trend {
	int n;
	const char *label[RESULTS_TREND_MONTHS];     /* "MM/YYYY" */
	const char *month[RESULTS_TREND_MONTHS];     /* "YYYY-MM" */
	double received[RESULTS_TREND_MONTHS], concluded[RESULTS_TREND_MONTHS], on_time[RESULTS_TREND_MONTHS],
	       on_time_share[RESULTS_TREND_MONTHS];
} results_trend;
int results_trend_load(web_req *r, int64_t unit_id, results_trend *t, err *e);

/* A published result by the {code} parameter, with its apology (has_apology)
 * and the count of sanctions; 404 not_found for unknown and unpublished codes alike. */
typedef struct results_detail {
	results_row row;
	results_apology apology;
	bool has_apology;
	int sanctions;
} results_detail;
int results_detail_load(web_req *r, results_detail *d, err *e);

/* "YYYY-MM-DD" of the Vietnam day of a stored ISO time ("" when none). */
const char *results_vn_date(web_req *r, const char *iso);
/* Average days from receipt to conclusion, one decimal ("" when nothing concluded). */
const char *results_avg_days(web_req *r, const results_stat *s, char decimal_point);

json_t *results_row_json(const results_row *row);
json_t *results_apology_json(const results_apology *a);
json_t *results_stat_json(web_req *r, const results_stat *s);

void results_api_install(void);
void results_pages_install(void);

#endif
