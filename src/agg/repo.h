/* repo.h — the SQL of the aggregates (agg_counts, agg_items; sql/0029). */
#ifndef MB_AGG_REPO_H
#define MB_AGG_REPO_H

#include "agg/agg.h"

/* Adds delta to one counter (the row is made when missing). */
int agg_repo_add(db *d, int64_t unit_id, int64_t official_id, int64_t bucket, const char *metric, int64_t delta,
                 err *e) MB_MUST_CHECK;
/* Adds delta to the counter of the unit and of every unit above it (unit_closure). */
int agg_repo_add_up(db *d, int64_t unit_id, int64_t bucket, const char *metric, int64_t delta, err *e) MB_MUST_CHECK;
/* Lists (add) or unlists an item, for the unit and every unit above it. */
int agg_repo_item(db *d, int64_t unit_id, const char *metric, int32_t day, int64_t item, bool add, err *e)
	MB_MUST_CHECK;
int agg_repo_clear(db *d, err *e) MB_MUST_CHECK;
/* Adds the counters of buckets lo..hi of one unit into totals (by metric). */
int agg_repo_sum_range(db *d, int64_t unit_id, int64_t official_id, int64_t lo, int64_t hi, agg_total *out,
                       int max, int *n, err *e) MB_MUST_CHECK;
int agg_repo_sum_all_range(db *d, int64_t lo, int64_t hi,
                           void (*each)(void *arg, int64_t unit_id, const char *metric, int64_t n), void *arg,
                           err *e) MB_MUST_CHECK;
int agg_repo_items(db *d, int64_t unit_id, const char *metric, int32_t from, int32_t to, int32_t after_day,
                   int64_t after_item, int limit, agg_item *out, int *n, err *e) MB_MUST_CHECK;

#endif
