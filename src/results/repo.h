/* repo.h — the SQL of the public results (results/repo.c). Reads only: the
 * cases service writes cases, case_apologies, official_sanctions and case_fts.
 * Times come back as ISO 8601 UTC text, as stored. */
#ifndef MB_RESULTS_REPO_H
#define MB_RESULTS_REPO_H

#include <stdbool.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/err.h"
#include "db/db.h"

/* A filter of published results, already validated (results/web.h parses it). */
typedef struct results_filter {
	const char *match;            /* FTS5 expression (results_fts_query) or NULL */
	const char *code;             /* one case code, or NULL */
	int64_t unit_id;              /* the handling unit and its sub-units; 0: every unit */
	const char *kind, *category;  /* names, or NULL */
	const char *from_iso, *to_iso;/* [from, to) over published_at (results_period) */
	int limit, offset;
	/* Keyset paging: the page after (older than) the row whose sort key is
	 * (cursor_key, cursor_id), or before it (newer) when backward. The key is
	 * the publication time (issued_at for a letter); a search's cursor is the
	 * case id alone. NULL: from the newest (or, backward, the oldest) row. */
	const char *cursor_key;
	int64_t cursor_id;
	bool backward;
} results_filter;

/* A search counts its matches up to this many; more is "more than" it. */
enum { RESULTS_COUNT_CAP = 1000 };

/* One published result as the public sees it: no reporter, no body, no
 * findings or conclusion text, no official. */
typedef struct results_row {
	int64_t id;
	const char *code, *kind, *category, *state, *unit_code, *unit_name_vi, *unit_name_en,
	           *received_at, *published_at, *concluded_at, *summary;
	bool late, at_fault, resolved;
} results_row;

/* The published results matching f, newest publication first (a search:
 * newest report first), and how many match in all: from the aggregates
 * (results_daily); for a search, counted up to RESULTS_COUNT_CAP + 1 (more
 * than the cap means "more than RESULTS_COUNT_CAP"). Rows by keyset on the
 * cases_published index or the full-text index: the cost follows the page,
 * not the history (OFFSET, kept for old links, walks the index). */
MB_MUST_CHECK int results_repo_list(db *d, const results_filter *f, arena *a, results_row **out, int *n, int *total, err *e);
/* One published result by code: 1, or 0 when the code is unknown or not
 * published (the caller answers the same 404 for both). */
MB_MUST_CHECK int results_repo_get(db *d, const char *code, arena *a, results_row *out, err *e);

/* The apology of a published case, and the number of sanctions decided on
 * officials' records for it (the public sees the count only). */
typedef struct results_apology {
	const char *code, *kind, *category, *unit_code, *unit_name_vi, *unit_name_en,
	           *what_wrong, *what_done, *remedy, *published_at;
	int64_t id;                   /* the apology's row: the second half of the register's sort key */
} results_apology;
MB_MUST_CHECK int results_repo_apology(db *d, int64_t case_id, arena *a, results_apology *out, err *e);
MB_MUST_CHECK int results_repo_sanctions(db *d, int64_t case_id, int *n, err *e);

/* The apology register: apologies of published cases by the apologising unit
 * (and its sub-units) and publication period, newest first, by keyset on
 * case_apologies_published (forward only: f->backward is not used); the
 * total from results_daily. */
MB_MUST_CHECK int results_repo_apologies(db *d, const results_filter *f, arena *a, results_apology **out, int *n, int *total,
                           err *e);

/* The one apology register also holds the one-stop dossiers' apology letters
 * (Form 04: an apology with one new date for a dossier that would be late).
 * What the public sees of a letter: the unit, the procedure, the old and new
 * dates, when it was sent and whether later than the rules allow; never the
 * dossier's code, the applicant or the free-text reason. Filtered by unit
 * (and sub-units) and period over issued_at; a kind or category filter
 * (attributes of cases) leaves no letters. */
typedef struct results_dossier_apology {
	const char *unit_code, *unit_name_vi, *unit_name_en, *procedure_vi, *procedure_en,
	           *old_due_at, *new_due_at, *issued_at;
	bool issued_late;
	int64_t id;                   /* the letter's row: the second half of the sort key */
} results_dossier_apology;
MB_MUST_CHECK int results_repo_dossier_apologies(db *d, const results_filter *f, arena *a, results_dossier_apology **out, int *n,
                                   int *total, err *e);
/* Per unit, under the same filter: apologies of cases, dossier letters, and
 * letters sent later than allowed; most first. */
typedef struct results_apology_unit {
	const char *unit_code, *unit_name_vi, *unit_name_en;
	int cases, letters, letters_late;
} results_apology_unit;
MB_MUST_CHECK int results_repo_apology_units(db *d, const results_filter *f, arena *a, results_apology_unit **out, int *n, err *e);

/* Per-unit statistics over a period (see docs/results.md for what each count
 * counts). */
typedef struct results_stat {
	int64_t unit_id;
	const char *unit_code, *unit_name_vi, *unit_name_en, *head_name, *head_title;
	int received, accepted, on_time, late, overdue, at_fault, apologies, sanctions, concluded;
	double days_sum;              /* days from receipt to conclusion, summed over `concluded` */
} results_stat;
typedef struct results_stats_filter {
	int64_t unit_id;              /* the unit and its sub-units (every one listed); 0: every unit with activity */
	const char *from_iso, *to_iso;
	const char *now_iso;          /* overdue: open and due before now */
} results_stats_filter;
/* Sorted worst first: most overdue, then late, then at fault. */
MB_MUST_CHECK int results_repo_stats(db *d, const results_stats_filter *f, arena *a, results_stat **out, int *n, err *e);
/* The same rows counted over all the cases (no aggregates): the reference
 * for the aggregates' check and tests, never served. */
MB_MUST_CHECK int results_repo_stats_scan(db *d, const results_stats_filter *f, arena *a, results_stat **out, int *n, err *e);
/* How many (unit, day) rows of case_stats_daily differ from a recomputation
 * over all the cases, apologies and sanctions (0 when they agree). */
MB_MUST_CHECK int results_repo_agg_diff(db *d, int *differ, err *e);

/* The totals of the list, the cases' apologies and the letters under f, and
 * the per-unit counts of the register, counted over all the rows (no
 * aggregates): the reference for the tests, never served. */
MB_MUST_CHECK int results_repo_counts_scan(db *d, const results_filter *f, int *results, int *apologies, int *letters, err *e);
MB_MUST_CHECK int results_repo_apology_units_scan(db *d, const results_filter *f, arena *a, results_apology_unit **out, int *n,
                                    err *e);
/* How many rows of results_daily, results_monthly, results_total and the
 * dossier_apology_ ones differ from a recomputation over all the cases,
 * apologies and letters (0 when they agree). */
MB_MUST_CHECK int results_repo_lists_diff(db *d, int *differ, err *e);

/* The figures of each month from first to last (month keys: the UTC instant
 * of the month's first Vietnam midnight) for the unit and its sub-units (0:
 * every unit), from the scope's monthly sums (case_stats_trend); a month with
 * no row is absent (nothing happened). Oldest first. */
typedef struct results_month {
	const char *month;
	int received, concluded, on_time;
} results_month;
MB_MUST_CHECK int results_repo_trend(db *d, int64_t unit_id, const char *first, const char *last, arena *a,
                                     results_month **out, int *n, err *e);

/* A unit by code: 1 (with its id and names), 0 when there is none. */
MB_MUST_CHECK int results_repo_unit(db *d, const char *code, arena *a, int64_t *id, const char **name_vi, const char **name_en,
                      err *e);

/* One step of merging the search index's segments (FTS5 'merge' with a
 * negative page count: any two segments are eligible, as 'optimize' does, but
 * about `pages` leaf pages are written at most, so a step is a short write).
 * *worked: whether there was anything left to merge. In the caller's
 * transaction. */
MB_MUST_CHECK int results_repo_search_merge(db *d, int pages, bool *worked, err *e);

/* EXPLAIN QUERY PLAN of the list (search or not), the register and the
 * statistics, one detail per line (for the tests and docs/results.md). */
typedef enum results_plan {
	RP_LIST, RP_SEARCH, RP_APOLOGIES, RP_STATS, RP_LIST_BACK, RP_SEARCH_BACK, RP_CODE, RP_CODE_COUNT, RP_COUNT,
	RP_SEARCH_COUNT, RP_APOLOGIES_COUNT, RP_LETTERS, RP_LETTERS_COUNT,
	RP_APOLOGY_UNITS, RP_SEARCH_COUNT_INDEX, RP_LIST_LEAF, RP_LIST_LEAF_BACK,
	RP_APOLOGIES_LEAF, RP_LETTERS_LEAF, RP_LIST_CATEGORY, RP_LIST_CATEGORY_BACK, RP_LIST_KIND, RP_LIST_KIND_BACK,
	RP_LIST_LEAF_CATEGORY, RP_LIST_LEAF_CATEGORY_BACK, RP_LIST_LEAF_KIND, RP_LIST_LEAF_KIND_BACK,
	RP_TREND, RP__MAX
} results_plan;
MB_MUST_CHECK int results_repo_plan(db *d, results_plan which, arena *a, const char **plan, err *e);

#endif
