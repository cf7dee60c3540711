/* agg.h — the shared aggregates: counters per unit (and per official) per
 * day, kept in the transaction of the change that moves them, read for any
 * range of days without scanning history (ARCHITECTURE "Aggregates").
 *
 * A feature describes what one of its records contributes as a list of
 * agg_contrib (unit, official, metric, day, and optionally the item to list),
 * computed by a pure function of the record's facts. When the record
 * changes, it hands agg_move() the list before and the list after; agg adds
 * what is new and takes out what is gone, in the caller's transaction. So a
 * counter is always the sum of the current contributions of every record,
 * which is what a full recomputation gives (tests/unit/test_agg.c).
 *
 * Every contribution is added to its unit and to each unit above it in one
 * statement over unit_closure (kept by triggers on units), so the writers'
 * transaction reads no unit (write-time fan-out: the tree is at most three levels deep, so a
 * change costs at most three times the rows, and a province's figure is one
 * read like a commune's), and to its day, month and year buckets, so that a
 * period is at most five ranges of rows (agg_ranges). */
#ifndef MB_AGG_H
#define MB_AGG_H

#include <stdbool.h>
#include <stdint.h>

#include "base/err.h"
#include "db/db.h"

enum { AGG_METRIC_MAX = 24, AGG_CONTRIB_MAX = 16, AGG_RANGES_MAX = 5 };

typedef struct agg_contrib {
	int64_t unit_id;
	int64_t official_id;       /* 0: the unit's own counter only */
	const char *metric;        /* static text, e.g. "dossier.received" (< AGG_METRIC_MAX bytes) */
	int32_t day;               /* Vietnam day number (cal_day_of) */
	int64_t item;              /* > 0: also listed in agg_items (e.g. a late dossier's id) */
} agg_contrib;

/* --- pure --- */
/* Bucket numbers of a day, its month and its year. */
int64_t agg_bucket_day(int32_t day);
int64_t agg_bucket_month(int32_t day);
int64_t agg_bucket_year(int32_t day);
/* The bucket ranges [lo, hi] (inclusive) whose sum is the days from..to
 * (inclusive): whole years as year buckets, whole months as month buckets,
 * the rest as days. Returns how many (0 when to < from), at most AGG_RANGES_MAX. */
int agg_ranges(int32_t from, int32_t to, int64_t lo[AGG_RANGES_MAX], int64_t hi[AGG_RANGES_MAX]);
/* Whether two contributions are the same (then a move leaves them alone). */
bool agg_contrib_same(const agg_contrib *a, const agg_contrib *b);

/* --- writes (inside the caller's transaction) --- */
/* Takes out the contributions of before that are not in after and adds those
 * of after that are not in before (as multisets). */
int agg_move(db *d, const agg_contrib *before, int nbefore, const agg_contrib *after, int nafter, err *e)
	MB_MUST_CHECK;
/* Forgets every counter and item (before a rebuild, in its transaction). */
int agg_clear(db *d, err *e) MB_MUST_CHECK;

/* --- reads --- */
typedef struct agg_total {
	char metric[AGG_METRIC_MAX];
	int64_t n;
} agg_total;
/* The sums per metric of one unit's (subtree's) counters over the days
 * from..to; official 0 for the unit. *n totals, at most max. */
int agg_sum(db *d, int64_t unit_id, int64_t official_id, int32_t from, int32_t to, agg_total *out, int max,
            int *n, err *e) MB_MUST_CHECK;
/* The same for every unit at once: calls each(arg, unit_id, metric, n) per
 * unit and metric with a non-zero sum (several calls may name the same unit
 * and metric: the caller adds them). */
int agg_sum_all(db *d, int32_t from, int32_t to, void (*each)(void *arg, int64_t unit_id, const char *metric,
            int64_t n), void *arg, err *e) MB_MUST_CHECK;
/* The value of metric in totals (0 when absent). */
int64_t agg_get(const agg_total *t, int n, const char *metric);
/* A page of the items of metric for a unit over from..to, by (day, item),
 * after the cursor (after_day, after_item; 0, 0 for the first page). */
typedef struct agg_item { int32_t day; int64_t item; } agg_item;
int agg_items_page(db *d, int64_t unit_id, const char *metric, int32_t from, int32_t to, int32_t after_day,
                   int64_t after_item, int limit, agg_item *out, int *n, err *e) MB_MUST_CHECK;

#endif
