/* calendar.c — working days, working hours and legal deadlines (see calendar.h).
 *
 * Internally everything is in seconds: a local day starts at
 * day * 86400 - CAL_VN_OFFSET_S (UTC), and the working blocks are
 * [am_start, am_end) and [pm_start, pm_end) in seconds after local midnight.
 */
#include "base/calendar.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/csv.h"

enum { DAY_S = 86400 };

/* --- dates --- */

/* Floor division and modulo for a positive divisor. */
static int64_t floor_div(int64_t a, int64_t b) { return a >= 0 ? a / b : -((-a + b - 1) / b); }
static int64_t floor_mod(int64_t a, int64_t b) { return a - floor_div(a, b) * b; }

static int64_t clamp_utc(int64_t t)
{
	return t < CAL_UTC_MIN ? CAL_UTC_MIN : t > CAL_UTC_MAX ? CAL_UTC_MAX : t;
}

/* Days from civil, after Howard Hinnant's "chrono-compatible low-level date
 * algorithms": eras of 400 years (146097 days), years starting in March so
 * that the leap day is the last day of the year. */
int32_t cal_day_from_ymd(int y, int m, int d)
{
	int64_t yy = (int64_t)y - (m <= 2);
	int64_t era = floor_div(yy, 400);
	int64_t yoe = yy - era * 400;                                  /* [0, 399] */
	int64_t mp = (m + 9) % 12;                                     /* March = 0 */
	int64_t doy = (153 * mp + 2) / 5 + d - 1;                      /* [0, 365] */
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;           /* [0, 146096] */
	return (int32_t)(era * 146097 + doe - 719468);
}

void cal_ymd(int32_t day, int *y, int *m, int *d)
{
	int64_t z = (int64_t)day + 719468;
	int64_t era = floor_div(z, 146097);
	int64_t doe = z - era * 146097;                                        /* [0, 146096] */
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;   /* [0, 399] */
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);                 /* [0, 365] */
	int64_t mp = (5 * doy + 2) / 153;                                      /* [0, 11] */
	int dd = (int)(doy - (153 * mp + 2) / 5 + 1);
	int mm = (int)(mp < 10 ? mp + 3 : mp - 9);
	if (y) *y = (int)(yoe + era * 400 + (mm <= 2));
	if (m) *m = mm;
	if (d) *d = dd;
}

int cal_weekday(int32_t day)
{
	return (int)floor_mod((int64_t)day + 4, 7);   /* 1970-01-01 was a Thursday */
}

int32_t cal_day_of(int64_t utc)
{
	return (int32_t)floor_div(clamp_utc(utc) + CAL_VN_OFFSET_S, DAY_S);
}

int64_t cal_local(int32_t day, int minute)
{
	return (int64_t)day * DAY_S + (int64_t)minute * 60 - CAL_VN_OFFSET_S;
}

static bool leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

static int days_in_month(int y, int m)
{
	static const int dm[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	return m == 2 && leap(y) ? 29 : dm[m - 1];
}

/* n decimal digits at s into *out; false when any is not a digit. */
static bool digits(const char *s, int n, int *out)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9') return false;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return true;
}

int cal_parse_date(const char *s, int32_t *day)
{
	int y, m, d;
	if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-') return -1;
	if (!digits(s, 4, &y) || !digits(s + 5, 2, &m) || !digits(s + 8, 2, &d)) return -1;
	if (y < 1 || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m)) return -1;
	if (day) *day = cal_day_from_ymd(y, m, d);
	return 0;
}

void cal_format_date(int32_t day, char *out, size_t n)
{
	int y, m, d;
	cal_ymd(day, &y, &m, &d);
	snprintf(out, n, "%04d-%02d-%02d", y, m, d);
}

int cal_parse_hm(const char *s)
{
	int h, m;
	if (!s || strlen(s) != 5 || s[2] != ':') return -1;
	if (!digits(s, 2, &h) || !digits(s + 3, 2, &m) || h > 23 || m > 59) return -1;
	return h * 60 + m;
}

/* "HH:MM-HH:MM" with start < end; 0 or -1. */
static int parse_block(const char *s, int *start, int *end)
{
	char a[6], b[6];
	if (!s || strlen(s) != 11 || s[5] != '-') return -1;
	memcpy(a, s, 5);
	a[5] = '\0';
	memcpy(b, s + 6, 5);
	b[5] = '\0';
	*start = cal_parse_hm(a);
	*end = cal_parse_hm(b);
	return *start >= 0 && *end > *start ? 0 : -1;
}

/* --- the calendar --- */

int cal_init(calendar *c, const char *morning, const char *afternoon, err *e)
{
	memset(c, 0, sizeof *c);
	int as, ae, ps, pe;
	if (parse_block(morning, &as, &ae))
		return err_set(e, MB_EINVAL, "invalid_field", "work_morning",
		               "Giờ làm việc buổi sáng phải có dạng HH:MM-HH:MM, giờ bắt đầu trước giờ kết thúc.",
		               "the morning working hours must read HH:MM-HH:MM, the start before the end");
	if (parse_block(afternoon, &ps, &pe))
		return err_set(e, MB_EINVAL, "invalid_field", "work_afternoon",
		               "Giờ làm việc buổi chiều phải có dạng HH:MM-HH:MM, giờ bắt đầu trước giờ kết thúc.",
		               "the afternoon working hours must read HH:MM-HH:MM, the start before the end");
	if (ps < ae)
		return err_set(e, MB_EINVAL, "invalid_field", "work_afternoon",
		               "Buổi chiều phải bắt đầu sau khi buổi sáng kết thúc.",
		               "the afternoon must start after the morning ends");
	c->am_start = as;
	c->am_end = ae;
	c->pm_start = ps;
	c->pm_end = pe;
	return 0;
}

void cal_free(calendar *c)
{
	if (!c) return;
	free(c->ex);
	c->ex = NULL;
	c->n = c->cap = 0;
}

int cal_day_minutes(const calendar *c)
{
	return (c->am_end - c->am_start) + (c->pm_end - c->pm_start);
}

/* Index of the first exception whose day is >= day. */
static size_t lower_bound(const calendar *c, int32_t day)
{
	size_t lo = 0, hi = c->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (c->ex[mid].day < day) lo = mid + 1;
		else hi = mid;
	}
	return lo;
}

static int oom(err *e)
{
	return err_set(e, MB_EINTERNAL, "oom", NULL, "Hết bộ nhớ.", "out of memory");
}

static int reserve(calendar *c, size_t need, err *e)
{
	if (need <= c->cap) return 0;
	size_t cap = c->cap ? c->cap : 64;
	while (cap < need) cap *= 2;
	cal_exception *ex = realloc(c->ex, cap * sizeof *ex);
	if (!ex) return oom(e);
	c->ex = ex;
	c->cap = cap;
	return 0;
}

static int set_day(calendar *c, int32_t day, cal_day_kind kind, err *e)
{
	size_t i = lower_bound(c, day);
	if (i < c->n && c->ex[i].day == day) {
		c->ex[i].kind = kind;
		return 0;
	}
	if (reserve(c, c->n + 1, e)) return MB_EINTERNAL;
	memmove(&c->ex[i + 1], &c->ex[i], (c->n - i) * sizeof c->ex[0]);
	c->ex[i] = (cal_exception){day, kind};
	c->n++;
	return 0;
}

int cal_set(calendar *c, const char *date, cal_day_kind kind, err *e)
{
	int32_t day;
	if (cal_parse_date(date, &day))
		return err_set(e, MB_EINVAL, "invalid_field", "date", "Ngày phải có dạng YYYY-MM-DD và là một ngày có thật.",
		               "the date must read YYYY-MM-DD and exist");
	if (kind != CAL_DAY_OFF && kind != CAL_WORKING_DAY)
		return err_set(e, MB_EINVAL, "invalid_field", "kind", "Loại ngày không hợp lệ.", "unknown kind of day");
	return set_day(c, day, kind, e);
}

int cal_kind_parse(const char *s, cal_day_kind *out)
{
	if (!s) return -1;
	if (!strcmp(s, "holiday") || !strcmp(s, "compensatory")) { *out = CAL_DAY_OFF; return 0; }
	if (!strcmp(s, "working_saturday")) { *out = CAL_WORKING_DAY; return 0; }
	return -1;
}

/* --- loading the CSV --- */

/* Messages that name the line: per thread, valid until the next failed load. */
static _Thread_local char g_msg_vi[200], g_msg_en[200];

static int row_err(err *e, int line, const char *code, const char *field, const char *vi, const char *en)
{
	snprintf(g_msg_vi, sizeof g_msg_vi, "Dòng %d: %s", line, vi);
	snprintf(g_msg_en, sizeof g_msg_en, "line %d: %s", line, en);
	return err_set(e, MB_EINVAL, code, field, g_msg_vi, g_msg_en);
}

typedef struct row { int32_t day; int line; cal_day_kind kind; } row;

static int cmp_row(const void *a, const void *b)
{
	const row *x = a, *y = b;
	if (x->day != y->day) return x->day < y->day ? -1 : 1;
	return (x->line > y->line) - (x->line < y->line);
}

/* Merges the sorted, unique rows into c (rows win on equal days). */
static int merge(calendar *c, const row *rows, size_t nr, err *e)
{
	size_t cap = c->n + nr ? c->n + nr : 1;
	cal_exception *out = malloc(cap * sizeof *out);
	if (!out) return oom(e);
	size_t i = 0, j = 0, k = 0;
	while (i < c->n || j < nr) {
		if (j == nr || (i < c->n && c->ex[i].day < rows[j].day)) out[k++] = c->ex[i++];
		else {
			if (i < c->n && c->ex[i].day == rows[j].day) i++;
			out[k++] = (cal_exception){rows[j].day, rows[j].kind};
			j++;
		}
	}
	free(c->ex);
	c->ex = out;
	c->n = k;
	c->cap = cap;
	return 0;
}

int cal_load_csv(calendar *c, const char *csv, size_t n, err *e)
{
	static const char *const header[5] = {"date", "name_vi", "name_en", "kind", "status"};
	arena a;
	arena_init(&a);
	csv_reader rd;
	csv_init(&rd, csv ? csv : "", csv ? n : 0);
	const char *f[CSV_MAX_FIELDS];
	int nf = csv_next(&rd, &a, f), rc = 0;
	bool head_ok = nf == 5;
	for (int i = 0; head_ok && i < 5; i++) head_ok = !strcmp(f[i], header[i]);
	if (!head_ok) {
		arena_free(&a);
		return row_err(e, rd.line ? rd.line : 1, "bad_csv", NULL,
		               "dòng đầu phải là date,name_vi,name_en,kind,status.",
		               "the first line must be date,name_vi,name_en,kind,status");
	}
	row *rows = NULL;
	size_t nr = 0, cap = 0;
	while ((nf = csv_next(&rd, &a, f)) != 0) {
		if (nf != 5) {
			rc = row_err(e, rd.line, "bad_csv", NULL, "mỗi dòng phải có đúng 5 cột.",
			             "every line must have exactly 5 fields");
			break;
		}
		row r = {0, rd.line, CAL_DAY_OFF};
		if (cal_parse_date(f[0], &r.day)) {
			rc = row_err(e, rd.line, "invalid_field", "date", "ngày phải có dạng YYYY-MM-DD và là một ngày có thật.",
			             "the date must read YYYY-MM-DD and exist");
			break;
		}
		if (cal_kind_parse(f[3], &r.kind)) {
			rc = row_err(e, rd.line, "invalid_field", "kind",
			             "loại ngày phải là holiday, compensatory hoặc working_saturday.",
			             "the kind must be holiday, compensatory or working_saturday");
			break;
		}
		int wd = cal_weekday(r.day);
		if (r.kind == CAL_WORKING_DAY && wd != 0 && wd != 6) {
			rc = row_err(e, rd.line, "invalid_field", "kind", "ngày làm bù phải là thứ Bảy hoặc Chủ nhật.",
			             "a working_saturday must be a Saturday or a Sunday");
			break;
		}
		if (nr == cap) {
			size_t nc = cap ? cap * 2 : 64;
			row *bigger = realloc(rows, nc * sizeof *rows);
			if (!bigger) { rc = oom(e); break; }
			rows = bigger;
			cap = nc;
		}
		rows[nr++] = r;
	}
	arena_free(&a);
	if (!rc && nr) {
		qsort(rows, nr, sizeof *rows, cmp_row);
		for (size_t i = 1; i < nr; i++)
			if (rows[i].day == rows[i - 1].day) {
				rc = row_err(e, rows[i].line, "invalid_field", "date", "ngày này đã có ở một dòng trước.",
				             "this date is already on an earlier line");
				break;
			}
		if (!rc) rc = merge(c, rows, nr, e);
	}
	free(rows);
	return rc;
}

/* --- working days --- */

bool cal_is_working_day(const calendar *c, int32_t day)
{
	size_t i = lower_bound(c, day);
	if (i < c->n && c->ex[i].day == day) return c->ex[i].kind == CAL_WORKING_DAY;
	int wd = cal_weekday(day);
	return wd >= 1 && wd <= 5;
}

int32_t cal_next_working_day(const calendar *c, int32_t day)
{
	/* Ends: past the last exception, a Monday comes within a week. */
	do {
		if (day == INT32_MAX) return day;
		day++;
	} while (!cal_is_working_day(c, day));
	return day;
}

/* Monday to Friday days in [0 .. d) counted from the Monday 1970-01-05 (day 4),
 * negative before it; count(lo, hi) = weekdays_before(hi + 1) - weekdays_before(lo). */
static int64_t weekdays_before(int64_t d)
{
	int64_t x = d - 4;
	int64_t w = floor_div(x, 7), r = x - w * 7;
	return w * 5 + (r < 5 ? r : 5);
}

/* Working days in [lo, hi] (0 when hi < lo): weekdays, minus days off that
 * fall on weekdays, plus working days that fall on weekends. */
static int64_t working_days_in(const calendar *c, int32_t lo, int32_t hi)
{
	if (hi < lo) return 0;
	int64_t n = weekdays_before((int64_t)hi + 1) - weekdays_before(lo);
	for (size_t i = lower_bound(c, lo); i < c->n && c->ex[i].day <= hi; i++) {
		int wd = cal_weekday(c->ex[i].day);
		bool weekday = wd >= 1 && wd <= 5;
		if (c->ex[i].kind == CAL_DAY_OFF && weekday) n--;
		else if (c->ex[i].kind == CAL_WORKING_DAY && !weekday) n++;
	}
	return n;
}

/* Working seconds of a working day within [lo, hi) seconds after midnight. */
static int64_t day_seconds(const calendar *c, int64_t lo, int64_t hi)
{
	const int64_t b[2][2] = {{c->am_start * 60, c->am_end * 60}, {c->pm_start * 60, c->pm_end * 60}};
	int64_t s = 0;
	for (int i = 0; i < 2; i++) {
		int64_t from = lo > b[i][0] ? lo : b[i][0], to = hi < b[i][1] ? hi : b[i][1];
		if (to > from) s += to - from;
	}
	return s;
}

int64_t cal_add_working_minutes(const calendar *c, int64_t start, int64_t minutes)
{
	if (cal_day_minutes(c) <= 0 || minutes > CAL_MAX_WORKING_MINUTES) return CAL_UTC_MAX;
	if (minutes < 0) minutes = 0;
	start = clamp_utc(start);
	int64_t rem = minutes * 60;
	int32_t day = cal_day_of(start);
	int64_t sod = start + CAL_VN_OFFSET_S - (int64_t)day * DAY_S;   /* seconds after local midnight */
	const int64_t b[2][2] = {{c->am_start * 60, c->am_end * 60}, {c->pm_start * 60, c->pm_end * 60}};
	for (;;) {
		if (cal_is_working_day(c, day)) {
			for (int i = 0; i < 2; i++) {
				if (sod >= b[i][1]) continue;
				int64_t from = sod > b[i][0] ? sod : b[i][0];
				if (rem <= b[i][1] - from) {
					int64_t t = (int64_t)day * DAY_S + from + rem - CAL_VN_OFFSET_S;
					return t > CAL_UTC_MAX ? CAL_UTC_MAX : t;
				}
				rem -= b[i][1] - from;
				sod = b[i][1];
			}
		}
		day = cal_next_working_day(c, day);
		sod = 0;
	}
}

int64_t cal_working_minutes_between(const calendar *c, int64_t a, int64_t b)
{
	a = clamp_utc(a);
	b = clamp_utc(b);
	if (b <= a || cal_day_minutes(c) <= 0) return 0;
	int32_t da = cal_day_of(a), db = cal_day_of(b);
	int64_t sa = a + CAL_VN_OFFSET_S - (int64_t)da * DAY_S, sb = b + CAL_VN_OFFSET_S - (int64_t)db * DAY_S;
	int64_t s;
	if (da == db) {
		s = cal_is_working_day(c, da) ? day_seconds(c, sa, sb) : 0;
	} else {
		s = (cal_is_working_day(c, da) ? day_seconds(c, sa, DAY_S) : 0) +
		    (cal_is_working_day(c, db) ? day_seconds(c, 0, sb) : 0) +
		    working_days_in(c, da + 1, db - 1) * cal_day_minutes(c) * 60;
	}
	return s / 60;
}

/* --- due times --- */

int64_t cal_due(const calendar *c, int64_t received, int n, cal_unit unit, int cutoff_min)
{
	if (n < 0) n = 0;
	received = clamp_utc(received);
	int32_t day = cal_day_of(received);
	int64_t sod = received + CAL_VN_OFFSET_S - (int64_t)day * DAY_S;
	if (unit == CAL_CALENDAR_DAYS) {
		int64_t target = (int64_t)day + n, last = cal_day_of(CAL_UTC_MAX);
		int32_t d = (int32_t)(target > last ? last : target);
		if (!cal_is_working_day(c, d)) d = cal_next_working_day(c, d);
		int64_t due = cal_local(d, c->pm_end);
		if (due < received) due = cal_local(cal_next_working_day(c, d), c->pm_end);
		return due;
	}
	bool working = cal_is_working_day(c, day);
	bool late = working && cutoff_min >= 0 && sod >= (int64_t)cutoff_min * 60;
	if (n == 0) {
		bool next = !working || late || sod >= (int64_t)c->pm_end * 60;
		return cal_local(next ? cal_next_working_day(c, day) : day, c->pm_end);
	}
	int64_t start = late ? cal_local(cal_next_working_day(c, day), c->am_start) : received;
	return cal_add_working_minutes(c, start, (int64_t)n * cal_day_minutes(c));
}
