/* agg.c — see agg.h. The bucket arithmetic is pure; the writes and reads go
 * through repo.c. */
#include <string.h>

#include "agg/repo.h"
#include "base/calendar.h"

enum { MONTH0 = 100000, YEAR0 = 300000 };

int64_t agg_bucket_day(int32_t day) { return day; }

int64_t agg_bucket_month(int32_t day)
{
	int y, m, dd;
	cal_ymd(day, &y, &m, &dd);
	return MONTH0 + (int64_t)y * 12 + (m - 1);
}

int64_t agg_bucket_year(int32_t day)
{
	int y, m, dd;
	cal_ymd(day, &y, &m, &dd);
	return YEAR0 + y;
}

static int32_t month_last(int y, int m)
{
	return m == 12 ? cal_day_from_ymd(y + 1, 1, 1) - 1 : cal_day_from_ymd(y, m + 1, 1) - 1;
}

/* Appends bucket b to the ranges, joining it to the last range when it follows it. */
static void push(int64_t b, int64_t *lo, int64_t *hi, int *n)
{
	if (*n > 0 && hi[*n - 1] + 1 == b) { hi[*n - 1] = b; return; }
	lo[*n] = hi[*n] = b;
	(*n)++;
}

int agg_ranges(int32_t from, int32_t to, int64_t lo[AGG_RANGES_MAX], int64_t hi[AGG_RANGES_MAX])
{
	int n = 0;
	int32_t d = from;
	while (d <= to) {
		int y, m, dd;
		cal_ymd(d, &y, &m, &dd);
		if (m == 1 && dd == 1 && cal_day_from_ymd(y + 1, 1, 1) - 1 <= to) {
			push(YEAR0 + y, lo, hi, &n);
			d = cal_day_from_ymd(y + 1, 1, 1);
		} else if (dd == 1 && month_last(y, m) <= to) {
			push(MONTH0 + (int64_t)y * 12 + (m - 1), lo, hi, &n);
			d = month_last(y, m) + 1;
		} else {
			push(d, lo, hi, &n);
			d++;
		}
	}
	return n;
}

bool agg_contrib_same(const agg_contrib *a, const agg_contrib *b)
{
	return a->unit_id == b->unit_id && a->official_id == b->official_id && a->day == b->day && a->item == b->item &&
	       !strcmp(a->metric, b->metric);
}

/* One contribution in (sign +1) or out (-1): its unit and the units above it
 * (one statement each, over unit_closure: nothing is read first), its day,
 * month and year; the official's own counter; its item. */
static int apply(db *d, const agg_contrib *c, int sign, err *e)
{
	const int64_t buckets[3] = {agg_bucket_day(c->day), agg_bucket_month(c->day), agg_bucket_year(c->day)};
	for (int k = 0; k < 3; k++)
		if (agg_repo_add_up(d, c->unit_id, buckets[k], c->metric, sign, e)) return MB_EINTERNAL;
	if (c->item > 0 && agg_repo_item(d, c->unit_id, c->metric, c->day, c->item, sign > 0, e)) return MB_EINTERNAL;
	if (c->official_id > 0)
		for (int k = 0; k < 3; k++)
			if (agg_repo_add(d, c->unit_id, c->official_id, buckets[k], c->metric, sign, e)) return MB_EINTERNAL;
	return 0;
}

int agg_move(db *d, const agg_contrib *before, int nbefore, const agg_contrib *after, int nafter, err *e)
{
	bool kept_b[AGG_CONTRIB_MAX] = {0}, kept_a[AGG_CONTRIB_MAX] = {0};
	if (nbefore > AGG_CONTRIB_MAX || nafter > AGG_CONTRIB_MAX)
		return err_set(e, MB_EINTERNAL, "internal", NULL, "Quá nhiều số đếm cho một bản ghi.", "too many contributions");
	for (int i = 0; i < nbefore; i++)
		for (int k = 0; k < nafter; k++)
			if (!kept_a[k] && agg_contrib_same(&before[i], &after[k])) { kept_b[i] = kept_a[k] = true; break; }
	for (int i = 0; i < nbefore; i++)
		if (!kept_b[i] && apply(d, &before[i], -1, e)) return MB_EINTERNAL;
	for (int k = 0; k < nafter; k++)
		if (!kept_a[k] && apply(d, &after[k], +1, e)) return MB_EINTERNAL;
	return 0;
}

int agg_clear(db *d, err *e) { return agg_repo_clear(d, e); }

int agg_sum(db *d, int64_t unit_id, int64_t official_id, int32_t from, int32_t to, agg_total *out, int max,
            int *n, err *e)
{
	int64_t lo[AGG_RANGES_MAX], hi[AGG_RANGES_MAX];
	int nr = agg_ranges(from, to, lo, hi);
	*n = 0;
	for (int i = 0; i < nr; i++)
		if (agg_repo_sum_range(d, unit_id, official_id, lo[i], hi[i], out, max, n, e)) return MB_EINTERNAL;
	return 0;
}

int agg_sum_all(db *d, int32_t from, int32_t to, void (*each)(void *arg, int64_t unit_id, const char *metric,
            int64_t n), void *arg, err *e)
{
	int64_t lo[AGG_RANGES_MAX], hi[AGG_RANGES_MAX];
	int nr = agg_ranges(from, to, lo, hi);
	for (int i = 0; i < nr; i++)
		if (agg_repo_sum_all_range(d, lo[i], hi[i], each, arg, e)) return MB_EINTERNAL;
	return 0;
}

int64_t agg_get(const agg_total *t, int n, const char *metric)
{
	for (int i = 0; i < n; i++)
		if (!strcmp(t[i].metric, metric)) return t[i].n;
	return 0;
}

int agg_items_page(db *d, int64_t unit_id, const char *metric, int32_t from, int32_t to, int32_t after_day,
                   int64_t after_item, int limit, agg_item *out, int *n, err *e)
{
	return agg_repo_items(d, unit_id, metric, from, to, after_day, after_item, limit, out, n, e);
}
