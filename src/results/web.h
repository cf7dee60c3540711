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
	const char *unit_name_vi, *unit_name_en;
	char from_iso[24], to_iso[24];
} results_query;

/* 400 bad_filter naming the field (q too long or not UTF-8, an unknown unit,
 * kind or category, a bad date or period, limit or offset out of range). */
int results_query_parse(web_req *r, int default_limit, int max_limit, results_query *qy, err *e);
/* The same, for the apology register: q is refused (no text search there). */
int results_apology_query_parse(web_req *r, int default_limit, int max_limit, results_query *qy, err *e);
/* The query string of the filters ("q=…&unit=…", URL-encoded, no leading
 * "?"), without limit and offset. */
const char *results_query_string(web_req *r, const results_query *qy);

/* The statistics of the unit and period of a request (?unit, ?from, ?to). */
typedef struct results_stats {
	results_stat *rows;
	int n;
	results_stat total;
	const char *unit, *from, *to;
	char now_iso[24];
} results_stats;
int results_stats_load(web_req *r, results_stats *s, err *e);

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
