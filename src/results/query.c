/* query.c — the pure parts of the public results: the full-text query, the
 * filter period (see query.h). */
#include <string.h>

#include "base/calendar.h"
#include "base/clock.h"
#include "base/text.h"
#include "results/query.h"

char *results_fts_query(arena *a, const char *q)
{
	char *folded = text_fold_a(a, q ? q : "");
	size_t n = strlen(folded);
	if (n == 0) return NULL;
	/* Each word w becomes "w"* and a separator: at most 4 bytes more per word. */
	char *out = arena_alloc(a, n + 4 * RESULTS_MAX_WORDS + 1), *o = out;
	int words = 0;
	for (char *p = folded; *p && words < RESULTS_MAX_WORDS;) {
		char *sp = strchr(p, ' ');
		size_t len = sp ? (size_t)(sp - p) : strlen(p);
		if (len > 0) {
			if (words++) *o++ = ' ';
			*o++ = '"';
			memcpy(o, p, len);   /* only [a-z0-9]: nothing to escape inside the quotes */
			o += len;
			*o++ = '"';
			if (len <= RESULTS_PREFIX_MAX) *o++ = '*';
		}
		p += len;
		while (*p == ' ') p++;
	}
	*o = '\0';
	return words ? out : NULL;
}

static int day_iso(const char *s, int add, char *out, size_t n, int32_t *day)
{
	if (cal_parse_date(s, day)) return -1;
	clock_iso_utc(cal_local(*day + add, 0), out, n);
	return 0;
}

int results_period(const char *from, const char *to, char *from_iso, char *to_iso, size_t n, err *e)
{
	int32_t df = 0, dt = 0;
	bool has_from = from && *from, has_to = to && *to;
	if (n < 24) return err_set(e, MB_EINTERNAL, "internal", NULL, "Lỗi hệ thống.", "internal error");
	from_iso[0] = '\0';
	memcpy(to_iso, "~", 2);
	if (has_from && day_iso(from, 0, from_iso, n, &df))
		return err_set(e, MB_EINVAL, "bad_filter", "from", "Ngày bắt đầu không hợp lệ (dạng YYYY-MM-DD).",
		               "not a valid start date (YYYY-MM-DD)");
	if (has_to && day_iso(to, 1, to_iso, n, &dt))
		return err_set(e, MB_EINVAL, "bad_filter", "to", "Ngày kết thúc không hợp lệ (dạng YYYY-MM-DD).",
		               "not a valid end date (YYYY-MM-DD)");
	if (has_from && has_to && dt < df)
		return err_set(e, MB_EINVAL, "bad_filter", "to", "Ngày kết thúc trước ngày bắt đầu.",
		               "the end date is before the start date");
	return 0;
}

static void copy(char *dst, const char *src)
{
	size_t n = strlen(src);
	if (n > 23) n = 23;
	memcpy(dst, src, n);
	dst[n] = '\0';
}

/* The first local midnight of the month of a local-midnight instant, or of
 * the month after it when it is not the 1st (next). */
static void month_start(const char *iso, bool next, char out[24])
{
	int y, m, d;
	cal_ymd(cal_day_of(clock_parse_iso(iso)), &y, &m, &d);
	if (next && d != 1 && ++m > 12) {
		m = 1;
		y++;
	}
	clock_iso_utc(cal_local(cal_day_from_ymd(y, m, 1), 0), out, 24);
}

void results_period_parts(const char *from_iso, const char *to_iso, results_parts *p)
{
	memset(p, 0, sizeof *p);
	const char *f = from_iso ? from_iso : "", *t = to_iso ? to_iso : "~";
	p->all = !*f && !strcmp(t, "~");
	char m0[24], m1[24];
	if (*f) month_start(f, true, m0); else m0[0] = '\0';
	if (strcmp(t, "~")) month_start(t, false, m1); else copy(m1, "~");
	if (strcmp(m0, m1) < 0) {
		copy(p->m0, m0);
		copy(p->m1, m1);
		copy(p->a0, f);
		copy(p->a1, m0);
		copy(p->b0, m1);
		copy(p->b1, t);
	} else {
		copy(p->a0, f);
		copy(p->a1, t);
	}
}
