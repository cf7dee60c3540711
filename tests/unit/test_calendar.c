/* Unit tests for base/calendar.c: dates, working days, working time, due times.
 *
 * Expected instants are written from first principles (the reasoning is in the
 * comments) and built with timegm() in the test, independently of cal_local(). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/calendar.h"
#include "base/embed.h"

/* The instant of a Vietnam wall-clock time, computed with libc (not with the calendar). */
static int64_t vn(int y, int m, int d, int hh, int mm)
{
	struct tm tm = {0};
	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = d;
	tm.tm_hour = hh;
	tm.tm_min = mm;
	return (int64_t)timegm(&tm) - 7 * 3600;
}

static int32_t D(int y, int m, int d) { return cal_day_from_ymd(y, m, d); }

/* "2026-02-25 10:00" for messages. */
static const char *show(int64_t t, char *out)
{
	time_t tt = (time_t)(t + 7 * 3600);
	struct tm tm;
	gmtime_r(&tt, &tm);
	strftime(out, 32, "%Y-%m-%d %H:%M:%S %a", &tm);
	return out;
}

static void assert_instant(int64_t got, int64_t want, const char *what)
{
	if (got != want) {
		char a[32], b[32];
		fail_msg("%s: got %s, want %s", what, show(got, a), show(want, b));
	}
}

static void plain(calendar *c)
{
	err e = {0};
	assert_int_equal(cal_init(c, "07:30-11:30", "13:30-17:30", &e), 0);
}

/* The standard working hours and the real data/holidays_vn.csv. */
static void real(calendar *c)
{
	err e = {0};
	plain(c);
	const struct embedded_file *f = embed_find("data/holidays_vn.csv");
	assert_non_null(f);
	if (cal_load_csv(c, (const char *)f->data, f->size, &e)) fail_msg("cal_load_csv: %s", e.en);
}

/* ------------------------------------------------------------------ dates */

static void weekdays_and_weekends(void **s)
{
	assert_int_equal(cal_day_from_ymd(1970, 1, 1), 0);
	assert_int_equal(cal_weekday(0), 4);                       /* Thursday */
	assert_int_equal(cal_weekday(D(2026, 2, 13)), 5);          /* Friday 13 Feb 2026 */
	assert_int_equal(cal_weekday(D(2026, 2, 14)), 6);
	assert_int_equal(cal_weekday(D(2026, 2, 15)), 0);
	assert_int_equal(cal_weekday(D(2026, 1, 10)), 6);          /* the working Saturday */
	assert_int_equal(cal_weekday(D(2000, 1, 1)), 6);
	assert_int_equal(cal_weekday(D(2024, 2, 29)), 4);
	assert_int_equal(cal_weekday(D(1969, 12, 31)), 3);         /* before the epoch */
	assert_int_equal(cal_weekday(D(1900, 1, 1)), 1);
	assert_int_equal(cal_weekday(D(1, 1, 1)), 1);
	calendar c;
	plain(&c);
	/* Without exceptions: Monday to Friday only, over whole weeks. */
	for (int32_t d = D(2030, 1, 1); d < D(2031, 1, 1); d++) {
		int wd = cal_weekday(d);
		assert_int_equal(cal_is_working_day(&c, d), wd >= 1 && wd <= 5);
		int32_t nx = cal_next_working_day(&c, d);
		assert_true(nx > d && nx <= d + 3);
		assert_true(cal_is_working_day(&c, nx));
		for (int32_t k = d + 1; k < nx; k++) assert_false(cal_is_working_day(&c, k));
	}
	assert_int_equal(cal_next_working_day(&c, D(2026, 3, 13)), D(2026, 3, 16));   /* Fri -> Mon */
	assert_int_equal(cal_next_working_day(&c, D(2026, 3, 14)), D(2026, 3, 16));   /* Sat -> Mon */
	assert_int_equal(cal_next_working_day(&c, D(2026, 3, 10)), D(2026, 3, 11));   /* Tue -> Wed */
	assert_int_equal(cal_day_minutes(&c), 480);
	cal_free(&c);
}

static void ymd_round_trip_1970_to_2100(void **s)
{
	static const int dm[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int32_t expect = 0;   /* counted day by day from 1970-01-01 */
	int wd = 4;
	for (int y = 1970; y <= 2100; y++) {
		bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
		for (int m = 1; m <= 12; m++) {
			int n = dm[m - 1] + (m == 2 && leap);
			for (int d = 1; d <= n; d++, expect++, wd = (wd + 1) % 7) {
				assert_int_equal(cal_day_from_ymd(y, m, d), expect);
				int yy, mm, dd;
				cal_ymd(expect, &yy, &mm, &dd);
				if (yy != y || mm != m || dd != d) fail_msg("day %d: %d-%d-%d, want %d-%d-%d", expect, yy, mm, dd, y, m, d);
				assert_int_equal(cal_weekday(expect), wd);
				char buf[16], want[40];
				cal_format_date(expect, buf, sizeof buf);
				snprintf(want, sizeof want, "%04d-%02d-%02d", y, m, d);
				assert_string_equal(buf, want);
				int32_t back;
				assert_int_equal(cal_parse_date(buf, &back), 0);
				assert_int_equal(back, expect);
			}
		}
	}
	assert_int_equal(expect, D(2101, 1, 1));
	/* The ends of the range, and days before the epoch. */
	assert_int_equal(D(1, 1, 1), -719162);
	assert_int_equal(D(9999, 12, 31), 2932896);
	assert_int_equal(D(1969, 12, 31), -1);
	assert_int_equal(D(1900, 3, 1) - D(1900, 2, 28), 1);        /* 1900 is not a leap year */
	assert_int_equal(D(2000, 3, 1) - D(2000, 2, 28), 2);        /* 2000 is */
	for (int32_t d = -719162; d <= 2932896; d += 997) {
		int y, m, dd;
		cal_ymd(d, &y, &m, &dd);
		assert_int_equal(cal_day_from_ymd(y, m, dd), d);
	}
	/* The instant <-> Vietnam date: midnight in Hà Nội is 17:00 UTC the day before. */
	assert_int_equal(cal_day_of(vn(2026, 2, 13, 0, 0)), D(2026, 2, 13));
	assert_int_equal(cal_day_of(vn(2026, 2, 13, 0, 0) - 1), D(2026, 2, 12));
	assert_int_equal(cal_day_of(vn(2026, 2, 13, 23, 59) + 59), D(2026, 2, 13));
	assert_int_equal(cal_day_of(0), 0);                        /* 07:00 on 1 Jan 1970 */
	assert_int_equal(cal_day_of(-7 * 3600 - 1), -1);
	assert_int_equal(cal_local(D(2026, 2, 13), 600), vn(2026, 2, 13, 10, 0));
	assert_int_equal(cal_local(D(1965, 7, 4), 0), vn(1965, 7, 4, 0, 0));
	/* Clamped, never overflowing. */
	assert_int_equal(cal_day_of(INT64_MAX), 2932896);
	assert_int_equal(cal_day_of(INT64_MIN), -719162);
}

static void bad_dates_and_hours_are_refused(void **s)
{
	static const char *const bad[] = {
		"", "2026", "2026-2-1", "2026-02-1", "2026-02-30", "2025-02-29", "2100-02-29", "2026-13-01",
		"2026-00-10", "2026-01-00", "2026-01-32", "2026-04-31", "20260101", "2026/01/01", " 2026-01-01",
		"2026-01-01 ", "2026-01-01x", "0000-01-01", "+026-01-01", "-026-01-01", "2026-0a-01", "2026-01-1a",
		"2026--1-01", "２０２６-01-01", "2026-01-01T00:00", "01-01-2026", "2026-1-01", "x",
	};
	int32_t day = 12345;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		if (cal_parse_date(bad[i], &day) != -1) fail_msg("accepted bad date \"%s\"", bad[i]);
	assert_int_equal(cal_parse_date(NULL, &day), -1);
	assert_int_equal(day, 12345);   /* untouched on failure */
	assert_int_equal(cal_parse_date("2024-02-29", &day), 0);
	assert_int_equal(day, D(2024, 2, 29));
	assert_int_equal(cal_parse_date("2000-02-29", &day), 0);
	assert_int_equal(cal_parse_date("0001-01-01", &day), 0);
	assert_int_equal(day, -719162);
	assert_int_equal(cal_parse_date("9999-12-31", &day), 0);

	assert_int_equal(cal_parse_hm("07:30"), 450);
	assert_int_equal(cal_parse_hm("00:00"), 0);
	assert_int_equal(cal_parse_hm("23:59"), 1439);
	assert_int_equal(cal_parse_hm("15:00"), 900);
	static const char *const badhm[] = {"", "7:30", "07:3", "24:00", "23:60", "07-30", "07:30 ", " 07:30",
	                                    "0730", "-1:00", "07:3a", "ab:cd", "07:30:00", "7h30", "99:99"};
	for (size_t i = 0; i < sizeof badhm / sizeof badhm[0]; i++)
		if (cal_parse_hm(badhm[i]) != -1) fail_msg("accepted bad time \"%s\"", badhm[i]);
	assert_int_equal(cal_parse_hm(NULL), -1);

	cal_day_kind k = CAL_WORKING_DAY;
	assert_int_equal(cal_kind_parse("holiday", &k), 0);
	assert_int_equal(k, CAL_DAY_OFF);
	assert_int_equal(cal_kind_parse("working_saturday", &k), 0);
	assert_int_equal(k, CAL_WORKING_DAY);
	assert_int_equal(cal_kind_parse("compensatory", &k), 0);
	assert_int_equal(k, CAL_DAY_OFF);
	assert_int_equal(cal_kind_parse("Holiday", &k), -1);
	assert_int_equal(cal_kind_parse("", &k), -1);
	assert_int_equal(cal_kind_parse(NULL, &k), -1);
}

static void bad_working_hours_are_refused(void **s)
{
	static const struct { const char *am, *pm, *field; } cases[] = {
		{"11:30-07:30", "13:30-17:30", "work_morning"},   /* backwards */
		{"07:30-07:30", "13:30-17:30", "work_morning"},   /* empty */
		{"7:30-11:30", "13:30-17:30", "work_morning"},
		{"07:30–11:30", "13:30-17:30", "work_morning"},   /* en dash */
		{"07:30-11:30 ", "13:30-17:30", "work_morning"},
		{"", "13:30-17:30", "work_morning"},
		{NULL, "13:30-17:30", "work_morning"},
		{"07:30-11:30", "11:00-17:30", "work_afternoon"}, /* overlaps the morning */
		{"13:30-17:30", "07:30-11:30", "work_afternoon"}, /* out of order */
		{"07:30-11:30", "13:30-24:00", "work_afternoon"},
		{"07:30-11:30", NULL, "work_afternoon"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		calendar c;
		err e = {0};
		if (cal_init(&c, cases[i].am, cases[i].pm, &e) != MB_EINVAL)
			fail_msg("accepted %s / %s", cases[i].am ? cases[i].am : "NULL", cases[i].pm ? cases[i].pm : "NULL");
		assert_string_equal(e.code, "invalid_field");
		assert_string_equal(e.field, cases[i].field);
		assert_int_equal(cal_day_minutes(&c), 0);
		/* A calendar without working time never loops: it answers the end of time. */
		assert_int_equal(cal_add_working_minutes(&c, vn(2026, 3, 10, 9, 0), 60), CAL_UTC_MAX);
		assert_int_equal(cal_working_minutes_between(&c, 0, vn(2026, 3, 10, 9, 0)), 0);
		cal_free(&c);
	}
	calendar c;
	err e = {0};
	assert_int_equal(cal_init(&c, "07:00-11:00", "11:00-15:00", &e), 0);   /* adjacent blocks */
	assert_int_equal(cal_day_minutes(&c), 480);
	assert_int_equal(c.am_start, 420);
	assert_int_equal(c.pm_end, 900);
	cal_free(&c);
	cal_free(&c);   /* twice is harmless */
}

static void set_adds_and_replaces_in_order(void **s)
{
	calendar c;
	err e = {0};
	plain(&c);
	assert_int_equal(cal_set(&c, "2026-03-12", CAL_DAY_OFF, &e), 0);
	assert_int_equal(cal_set(&c, "2026-03-10", CAL_DAY_OFF, &e), 0);
	assert_int_equal(cal_set(&c, "2026-03-14", CAL_WORKING_DAY, &e), 0);
	assert_int_equal(cal_set(&c, "2026-03-11", CAL_DAY_OFF, &e), 0);
	assert_int_equal(c.n, 4);
	for (size_t i = 1; i < c.n; i++) assert_true(c.ex[i - 1].day < c.ex[i].day);
	assert_false(cal_is_working_day(&c, D(2026, 3, 10)));
	assert_true(cal_is_working_day(&c, D(2026, 3, 14)));   /* a Saturday made a working day */
	assert_int_equal(cal_next_working_day(&c, D(2026, 3, 9)), D(2026, 3, 13));
	assert_int_equal(cal_next_working_day(&c, D(2026, 3, 13)), D(2026, 3, 14));
	/* Replacing keeps one entry per day. */
	assert_int_equal(cal_set(&c, "2026-03-10", CAL_WORKING_DAY, &e), 0);
	assert_int_equal(c.n, 4);
	assert_true(cal_is_working_day(&c, D(2026, 3, 10)));
	/* Many entries: growth beyond the first allocation, in reverse order. */
	for (int i = 200; i >= 1; i--) {
		char d[16];
		cal_format_date(D(2030, 1, 1) + i * 7, d, sizeof d);
		assert_int_equal(cal_set(&c, d, CAL_DAY_OFF, &e), 0);
	}
	assert_int_equal(c.n, 204);
	for (size_t i = 1; i < c.n; i++) assert_true(c.ex[i - 1].day < c.ex[i].day);
	/* Bad input names its field and changes nothing. */
	assert_int_equal(cal_set(&c, "2026-02-30", CAL_DAY_OFF, &e), MB_EINVAL);
	assert_string_equal(e.field, "date");
	assert_int_equal(cal_set(&c, NULL, CAL_DAY_OFF, &e), MB_EINVAL);
	assert_string_equal(e.field, "date");
	assert_int_equal(cal_set(&c, "2026-03-20", (cal_day_kind)7, &e), MB_EINVAL);
	assert_string_equal(e.field, "kind");
	assert_int_equal(c.n, 204);
	cal_free(&c);
	assert_null(c.ex);
	assert_int_equal(c.n, 0);
}

/* ---------------------------------------------------------- the real data */

static void the_real_holiday_file_loads(void **s)
{
	const struct embedded_file *f = embed_find("data/holidays_vn.csv");
	assert_non_null(f);
	int lines = 0;
	for (size_t i = 0; i < f->size; i++) lines += f->data[i] == '\n';
	calendar c;
	real(&c);
	assert_int_equal(c.n, (size_t)(lines - 1));   /* every row but the header, each day once */
	assert_int_equal(c.n, 41);
	/* 2025 */
	assert_false(cal_is_working_day(&c, D(2025, 1, 1)));
	for (int d = 27; d <= 31; d++) assert_false(cal_is_working_day(&c, D(2025, 1, d)));
	assert_true(cal_is_working_day(&c, D(2025, 2, 3)));
	assert_true(cal_is_working_day(&c, D(2025, 4, 26)));    /* Saturday worked for Fri 2 May */
	assert_false(cal_is_working_day(&c, D(2025, 5, 2)));
	assert_false(cal_is_working_day(&c, D(2025, 9, 1)));
	/* 2026 New Year: Thu 1 Jan off, Fri 2 Jan swapped off, Sat 10 Jan worked instead. */
	assert_false(cal_is_working_day(&c, D(2026, 1, 1)));
	assert_false(cal_is_working_day(&c, D(2026, 1, 2)));
	assert_true(cal_is_working_day(&c, D(2026, 1, 10)));
	assert_false(cal_is_working_day(&c, D(2026, 1, 17)));   /* an ordinary Saturday */
	assert_int_equal(cal_next_working_day(&c, D(2025, 12, 31)), D(2026, 1, 5));
	assert_int_equal(cal_next_working_day(&c, D(2026, 1, 9)), D(2026, 1, 10));
	/* Tết 2026: Mon 16 to Fri 20 Feb off; with the weekends, 14 to 22 Feb. */
	for (int d = 14; d <= 22; d++) assert_false(cal_is_working_day(&c, D(2026, 2, d)));
	assert_true(cal_is_working_day(&c, D(2026, 2, 13)));
	assert_true(cal_is_working_day(&c, D(2026, 2, 23)));
	assert_int_equal(cal_next_working_day(&c, D(2026, 2, 13)), D(2026, 2, 23));
	/* Hùng Kings on Sunday 26 Apr 2026, day off in lieu Monday 27. */
	assert_false(cal_is_working_day(&c, D(2026, 4, 27)));
	assert_false(cal_is_working_day(&c, D(2026, 4, 30)));
	assert_false(cal_is_working_day(&c, D(2026, 5, 1)));
	assert_int_equal(cal_next_working_day(&c, D(2026, 4, 29)), D(2026, 5, 4));
	/* 2027 (estimated): Tết 4 to 10 Feb. */
	assert_int_equal(cal_next_working_day(&c, D(2027, 2, 3)), D(2027, 2, 11));
	cal_free(&c);
}

static void bad_csv_rows_are_refused_and_change_nothing(void **s)
{
	static const struct { const char *csv, *code, *field, *line; } cases[] = {
		{"date,name_vi,name_en,kind,status\n2026-02-30,a,b,holiday,official\n", "invalid_field", "date", "line 2:"},
		{"date,name_vi,name_en,kind,status\n2026-03-02,a,b,holiday,official\n26-3-3,a,b,holiday,official\n",
		 "invalid_field", "date", "line 3:"},
		{"date,name_vi,name_en,kind,status\n2026-03-02,a,b,vacation,official\n", "invalid_field", "kind", "line 2:"},
		{"date,name_vi,name_en,kind,status\n2026-03-02,a,b,,official\n", "invalid_field", "kind", "line 2:"},
		/* 2 Mar 2026 is a Monday: a "working Saturday" on a weekday is a mistake. */
		{"date,name_vi,name_en,kind,status\n2026-03-02,a,b,working_saturday,official\n", "invalid_field", "kind", "line 2:"},
		{"date,name_vi,name_en,kind,status\n2026-03-02,a,b,holiday,official\n2026-03-04,a,b,holiday,official\n"
		 "2026-03-02,a,b,compensatory,official\n", "invalid_field", "date", "line 4:"},
		{"date,name_vi,name_en,kind,status\n2026-03-02,a,b,holiday\n", "bad_csv", NULL, "line 2:"},
		{"date,name_vi,name_en,kind,status\n2026-03-02,a,b,holiday,official,extra\n", "bad_csv", NULL, "line 2:"},
		{"date,name_vi,name_en,kind,status\n2026-03-02,\"a,b,holiday,official\n", "bad_csv", NULL, "line 3:"}, /* the quote runs to the end */
		{"2026-03-02,a,b,holiday,official\n", "bad_csv", NULL, "line 1:"},   /* no header */
		{"date,kind\n2026-03-02,holiday\n", "bad_csv", NULL, "line 1:"},
		{"", "bad_csv", NULL, "line 1:"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		calendar c;
		err e = {0};
		plain(&c);
		assert_int_equal(cal_set(&c, "2026-03-03", CAL_DAY_OFF, &e), 0);
		int rc = cal_load_csv(&c, cases[i].csv, strlen(cases[i].csv), &e);
		if (rc != MB_EINVAL) fail_msg("case %zu accepted (rc %d)", i, rc);
		assert_string_equal(e.code, cases[i].code);
		if (cases[i].field) assert_string_equal(e.field, cases[i].field);
		else assert_null(e.field);
		if (strncmp(e.en, cases[i].line, strlen(cases[i].line))) fail_msg("case %zu: message \"%s\"", i, e.en);
		assert_non_null(strstr(e.vi, "Dòng"));
		/* All or nothing: the calendar is as it was. */
		assert_int_equal(c.n, 1);
		assert_int_equal(c.ex[0].day, D(2026, 3, 3));
		assert_true(cal_is_working_day(&c, D(2026, 3, 2)));
		cal_free(&c);
	}
	/* Good variants: CRLF, a byte order mark, a header only, quoted names, merging. */
	calendar c;
	err e = {0};
	plain(&c);
	assert_int_equal(cal_set(&c, "2026-03-03", CAL_DAY_OFF, &e), 0);
	assert_int_equal(cal_set(&c, "2026-03-09", CAL_DAY_OFF, &e), 0);
	const char ok[] = "\xEF\xBB\xBF" "date,name_vi,name_en,kind,status\r\n"
	                  "2026-03-09,\"Nghỉ, bù\",\"Off, \"\"in lieu\"\"\",holiday,estimated\r\n"
	                  "2026-03-07,a,b,working_saturday,official\r\n"
	                  "2026-03-03,a,b,working_saturday,official\r\n";
	/* 3 Mar 2026 is a Tuesday: refused. */
	assert_int_equal(cal_load_csv(&c, ok, strlen(ok), &e), MB_EINVAL);
	assert_string_equal(e.field, "kind");
	assert_non_null(strstr(e.en, "line 4"));
	const char ok2[] = "\xEF\xBB\xBF" "date,name_vi,name_en,kind,status\r\n"
	                   "2026-03-09,\"Nghỉ, bù\",\"Off, \"\"in lieu\"\"\",holiday,estimated\r\n"
	                   "2026-03-07,a,b,working_saturday,official\r\n"
	                   "2026-03-05,a,b,compensatory,official\r\n";
	assert_int_equal(cal_load_csv(&c, ok2, strlen(ok2), &e), 0);
	assert_int_equal(c.n, 4);   /* 3, 5, 7 and 9 March; the 9th not repeated */
	assert_false(cal_is_working_day(&c, D(2026, 3, 3)));
	assert_false(cal_is_working_day(&c, D(2026, 3, 5)));
	assert_true(cal_is_working_day(&c, D(2026, 3, 7)));
	assert_false(cal_is_working_day(&c, D(2026, 3, 9)));
	const char head[] = "date,name_vi,name_en,kind,status\n";
	assert_int_equal(cal_load_csv(&c, head, strlen(head), &e), 0);
	assert_int_equal(c.n, 4);
	cal_free(&c);
}

/* ------------------------------------------------------------- due times */

static void deadline_across_a_weekend(void **s)
{
	calendar c;
	real(&c);
	/* Thu 5 Mar 2026 10:00, 2 working days = 960 working minutes:
	 * Thu 10:00-11:30 (90) + 13:30-17:30 (240) = 330; Fri 480 -> 810; Sat, Sun off;
	 * Mon 9 Mar needs 150 more: 07:30 + 2h30 = 10:00. */
	assert_instant(cal_due(&c, vn(2026, 3, 5, 10, 0), 2, CAL_WORKING_DAYS, -1), vn(2026, 3, 9, 10, 0), "2 days from Thu");
	/* Fri 6 Mar 2026 16:00, 1 day: Fri 90 min; Mon 07:30 + 390 min = 07:30-11:30 (240) + 13:30 + 150 = 16:00. */
	assert_instant(cal_due(&c, vn(2026, 3, 6, 16, 0), 1, CAL_WORKING_DAYS, -1), vn(2026, 3, 9, 16, 0), "1 day from Fri 16:00");
	/* Received on Saturday: counting starts Monday 07:30; 1 day ends Monday 17:30. */
	assert_instant(cal_due(&c, vn(2026, 3, 7, 9, 0), 1, CAL_WORKING_DAYS, -1), vn(2026, 3, 9, 17, 30), "1 day from Sat");
	/* Received on Monday at 07:30 sharp: 5 days end on Friday at the close. */
	assert_instant(cal_due(&c, vn(2026, 3, 9, 7, 30), 5, CAL_WORKING_DAYS, -1), vn(2026, 3, 13, 17, 30), "a week");
	/* Received at lunch (12:00): counting starts at 13:30; 1 day = Mon 13:30-17:30 (240) + Tue morning (240) -> 11:30. */
	assert_instant(cal_due(&c, vn(2026, 3, 9, 12, 0), 1, CAL_WORKING_DAYS, -1), vn(2026, 3, 10, 11, 30), "from lunch");
	/* Before opening (06:00): the same day's 07:30. */
	assert_instant(cal_due(&c, vn(2026, 3, 9, 6, 0), 1, CAL_WORKING_DAYS, -1), vn(2026, 3, 9, 17, 30), "before opening");
	/* After the close (18:00 Friday): Monday 07:30 -> Monday 17:30. */
	assert_instant(cal_due(&c, vn(2026, 3, 6, 18, 0), 1, CAL_WORKING_DAYS, -1), vn(2026, 3, 9, 17, 30), "after close");
	cal_free(&c);
}

static void deadline_across_tet_2026(void **s)
{
	calendar c;
	real(&c);
	/* Received Fri 13 Feb 2026 10:00, 3 working days = 3 x 480 = 1440 working minutes.
	 *   Fri 13: 10:00-11:30 = 90, 13:30-17:30 = 240          -> 330 counted, 1110 left
	 *   Sat 14, Sun 15 weekend; Mon 16 - Fri 20 Tết; Sat 21, Sun 22 weekend
	 *   Mon 23: 480                                           -> 810 counted, 630 left
	 *   Tue 24: 480                                           -> 1290 counted, 150 left
	 *   Wed 25: 07:30 + 150 min                               -> 10:00
	 * Due Wed 25 Feb 2026 10:00 (local). */
	int64_t due = cal_due(&c, vn(2026, 2, 13, 10, 0), 3, CAL_WORKING_DAYS, -1);
	assert_instant(due, vn(2026, 2, 25, 10, 0), "3 days across Tết");
	assert_int_equal(cal_working_minutes_between(&c, vn(2026, 2, 13, 10, 0), due), 1440);
	/* With the 15:00 cut-off it is the same: 10:00 is before it. */
	assert_instant(cal_due(&c, vn(2026, 2, 13, 10, 0), 3, CAL_WORKING_DAYS, 900), vn(2026, 2, 25, 10, 0), "cut-off not reached");
	/* Received at 15:30 with the cut-off: counting starts Mon 23 07:30; 3 days end Wed 25 17:30. */
	assert_instant(cal_due(&c, vn(2026, 2, 13, 15, 30), 3, CAL_WORKING_DAYS, 900), vn(2026, 2, 25, 17, 30), "after cut-off");
	/* Without exceptions the same receipt is due Wed 18 Feb 10:00 (Fri 330, Mon 480, Tue 480, Wed 150). */
	calendar p;
	plain(&p);
	assert_instant(cal_due(&p, vn(2026, 2, 13, 10, 0), 3, CAL_WORKING_DAYS, -1), vn(2026, 2, 18, 10, 0), "no holidays");
	cal_free(&p);
	/* A dossier received during Tết (online, Wed 18 Feb 09:00), 1 day: Mon 23 17:30. */
	assert_instant(cal_due(&c, vn(2026, 2, 18, 9, 0), 1, CAL_WORKING_DAYS, -1), vn(2026, 2, 23, 17, 30), "received during Tết");
	cal_free(&c);
}

static void swapped_days_of_new_year_2026(void **s)
{
	calendar c;
	real(&c);
	/* Wed 31 Dec 2025 14:00, 2 days = 960: Wed 14:00-17:30 = 210; Thu 1 Jan holiday; Fri 2 Jan swapped
	 * off; Sat 3, Sun 4; Mon 5: 480 -> 690; Tue 6: morning 240 -> 930, 13:30 + 30 -> 14:00. */
	assert_instant(cal_due(&c, vn(2025, 12, 31, 14, 0), 2, CAL_WORKING_DAYS, -1), vn(2026, 1, 6, 14, 0), "across 1-2 Jan");
	/* Fri 9 Jan 2026 13:30, 1 day = 480: Fri afternoon 240; Sat 10 Jan is worked: 07:30-11:30 -> done at 11:30. */
	assert_instant(cal_due(&c, vn(2026, 1, 9, 13, 30), 1, CAL_WORKING_DAYS, -1), vn(2026, 1, 10, 11, 30), "onto Sat 10 Jan");
	/* A dossier received on the working Saturday itself counts from its own hours. */
	assert_instant(cal_due(&c, vn(2026, 1, 10, 9, 0), 1, CAL_WORKING_DAYS, -1), vn(2026, 1, 12, 9, 0), "from Sat 10 Jan");
	/* Received on the swapped day off (Fri 2 Jan 10:00), 1 day: Mon 5 Jan 17:30. */
	assert_instant(cal_due(&c, vn(2026, 1, 2, 10, 0), 1, CAL_WORKING_DAYS, -1), vn(2026, 1, 5, 17, 30), "from Fri 2 Jan");
	/* Same day (n = 0) on the working Saturday: its own close. */
	assert_instant(cal_due(&c, vn(2026, 1, 10, 9, 0), 0, CAL_WORKING_DAYS, -1), vn(2026, 1, 10, 17, 30), "same day Sat 10 Jan");
	/* Working minutes: the whole of Sat 10 Jan counts, the whole of Fri 2 Jan does not. */
	assert_int_equal(cal_working_minutes_between(&c, vn(2026, 1, 10, 0, 0), vn(2026, 1, 11, 0, 0)), 480);
	assert_int_equal(cal_working_minutes_between(&c, vn(2026, 1, 2, 0, 0), vn(2026, 1, 3, 0, 0)), 0);
	/* Mon 29 Dec 2025 00:00 to Mon 12 Jan 2026 00:00: 29, 30, 31 Dec, 5-9 Jan and Sat 10 Jan = 9 days. */
	assert_int_equal(cal_working_minutes_between(&c, vn(2025, 12, 29, 0, 0), vn(2026, 1, 12, 0, 0)), 9 * 480);
	cal_free(&c);
}

static void afternoon_cut_off(void **s)
{
	calendar c;
	real(&c);
	/* Tue 10 Mar 2026 15:30 with cut-off 15:00: counting starts Wed 11 07:30; 1 day ends Wed 17:30. */
	assert_instant(cal_due(&c, vn(2026, 3, 10, 15, 30), 1, CAL_WORKING_DAYS, 900), vn(2026, 3, 11, 17, 30), "15:30, cut-off");
	/* Without a cut-off: Tue 15:30-17:30 = 120, Wed 240 + 13:30 + 120 = 15:30. */
	assert_instant(cal_due(&c, vn(2026, 3, 10, 15, 30), 1, CAL_WORKING_DAYS, -1), vn(2026, 3, 11, 15, 30), "15:30, none");
	/* At the cut-off minute exactly: "at or after" -> next day. */
	assert_instant(cal_due(&c, vn(2026, 3, 10, 15, 0), 1, CAL_WORKING_DAYS, 900), vn(2026, 3, 11, 17, 30), "15:00 sharp");
	/* One minute before: counted from 14:59 (14:59-17:30 = 151; Wed 240 + 13:30 + 89 = 14:59). */
	assert_instant(cal_due(&c, vn(2026, 3, 10, 14, 59), 1, CAL_WORKING_DAYS, 900), vn(2026, 3, 11, 14, 59), "14:59");
	/* Friday after the cut-off: Monday 07:30 start. */
	assert_instant(cal_due(&c, vn(2026, 3, 13, 16, 0), 2, CAL_WORKING_DAYS, 900), vn(2026, 3, 17, 17, 30), "Fri 16:00");
	/* Before Tết, after the cut-off: Mon 23 Feb start, 1 day -> Mon 23 17:30. */
	assert_instant(cal_due(&c, vn(2026, 2, 13, 15, 30), 1, CAL_WORKING_DAYS, 900), vn(2026, 2, 23, 17, 30), "before Tết");
	/* A cut-off does not touch a day off: Sat 16:00 starts Monday as it would anyway. */
	assert_instant(cal_due(&c, vn(2026, 3, 14, 16, 0), 1, CAL_WORKING_DAYS, 900), vn(2026, 3, 16, 17, 30), "Sat 16:00");
	cal_free(&c);
}

static void same_day_procedures(void **s)
{
	calendar c;
	real(&c);
	/* Tue 10 Mar 2026: before the cut-off, the same day's close. */
	assert_instant(cal_due(&c, vn(2026, 3, 10, 10, 0), 0, CAL_WORKING_DAYS, 900), vn(2026, 3, 10, 17, 30), "10:00");
	assert_instant(cal_due(&c, vn(2026, 3, 10, 6, 45), 0, CAL_WORKING_DAYS, 900), vn(2026, 3, 10, 17, 30), "06:45");
	/* After the cut-off: the next working day's close. */
	assert_instant(cal_due(&c, vn(2026, 3, 10, 15, 30), 0, CAL_WORKING_DAYS, 900), vn(2026, 3, 11, 17, 30), "15:30 cut-off");
	/* Without a cut-off, 15:30 is still today; after the close it is tomorrow. */
	assert_instant(cal_due(&c, vn(2026, 3, 10, 15, 30), 0, CAL_WORKING_DAYS, -1), vn(2026, 3, 10, 17, 30), "15:30 none");
	assert_instant(cal_due(&c, vn(2026, 3, 10, 17, 30), 0, CAL_WORKING_DAYS, -1), vn(2026, 3, 11, 17, 30), "17:30");
	assert_instant(cal_due(&c, vn(2026, 3, 10, 17, 29), 0, CAL_WORKING_DAYS, -1), vn(2026, 3, 10, 17, 30), "17:29");
	/* On a Saturday: Monday's close. On a Friday after the cut-off: Monday's close. */
	assert_instant(cal_due(&c, vn(2026, 3, 14, 9, 0), 0, CAL_WORKING_DAYS, 900), vn(2026, 3, 16, 17, 30), "Saturday");
	assert_instant(cal_due(&c, vn(2026, 3, 14, 9, 0), 0, CAL_WORKING_DAYS, -1), vn(2026, 3, 16, 17, 30), "Saturday, none");
	assert_instant(cal_due(&c, vn(2026, 3, 13, 15, 0), 0, CAL_WORKING_DAYS, 900), vn(2026, 3, 16, 17, 30), "Friday 15:00");
	/* During Tết: the first day after it. Negative n is taken as 0. */
	assert_instant(cal_due(&c, vn(2026, 2, 17, 9, 0), 0, CAL_WORKING_DAYS, -1), vn(2026, 2, 23, 17, 30), "Tết");
	assert_instant(cal_due(&c, vn(2026, 3, 10, 10, 0), -3, CAL_WORKING_DAYS, -1), vn(2026, 3, 10, 17, 30), "n < 0");
	cal_free(&c);
}

static void calendar_day_procedures(void **s)
{
	calendar c;
	real(&c);
	/* Mon 2 Mar 2026 + 4 days = Fri 6 Mar: its close. */
	assert_instant(cal_due(&c, vn(2026, 3, 2, 9, 0), 4, CAL_CALENDAR_DAYS, -1), vn(2026, 3, 6, 17, 30), "+4 Fri");
	/* + 5 = Sat 7 Mar, + 6 = Sun 8 Mar: both end on Monday 9 Mar (Civil Code art. 148). */
	assert_instant(cal_due(&c, vn(2026, 3, 2, 9, 0), 5, CAL_CALENDAR_DAYS, -1), vn(2026, 3, 9, 17, 30), "+5 Sat");
	assert_instant(cal_due(&c, vn(2026, 3, 2, 9, 0), 6, CAL_CALENDAR_DAYS, -1), vn(2026, 3, 9, 17, 30), "+6 Sun");
	/* Mon 20 Apr 2026 + 10 = Thu 30 Apr (holiday); Fri 1 May holiday; weekend -> Mon 4 May. */
	assert_instant(cal_due(&c, vn(2026, 4, 20, 16, 0), 10, CAL_CALENDAR_DAYS, -1), vn(2026, 5, 4, 17, 30), "+10 holiday");
	/* Sun 19 Apr 2026 + 7 = Sun 26 Apr (Hùng Kings on a Sunday), Mon 27 in lieu -> Tue 28 Apr. */
	assert_instant(cal_due(&c, vn(2026, 4, 19, 10, 0), 7, CAL_CALENDAR_DAYS, -1), vn(2026, 4, 28, 17, 30), "+7 Sunday holiday");
	/* Fri 6 Feb 2026 + 10 = Mon 16 Feb (Tết) -> Mon 23 Feb. */
	assert_instant(cal_due(&c, vn(2026, 2, 6, 10, 0), 10, CAL_CALENDAR_DAYS, -1), vn(2026, 2, 23, 17, 30), "+10 Tết");
	/* Mon 5 Jan 2026 + 5 = Sat 10 Jan, a working Saturday: its own close. */
	assert_instant(cal_due(&c, vn(2026, 1, 5, 10, 0), 5, CAL_CALENDAR_DAYS, -1), vn(2026, 1, 10, 17, 30), "+5 working Sat");
	/* 30 days across the month end: Mon 2 Mar + 30 = Wed 1 Apr. The cut-off does not apply. */
	assert_instant(cal_due(&c, vn(2026, 3, 2, 16, 0), 30, CAL_CALENDAR_DAYS, 900), vn(2026, 4, 1, 17, 30), "+30");
	/* n = 0: the receipt's day, or the next working day's close after the close or on a day off. */
	assert_instant(cal_due(&c, vn(2026, 3, 2, 9, 0), 0, CAL_CALENDAR_DAYS, -1), vn(2026, 3, 2, 17, 30), "+0");
	assert_instant(cal_due(&c, vn(2026, 3, 2, 18, 0), 0, CAL_CALENDAR_DAYS, -1), vn(2026, 3, 3, 17, 30), "+0 after close");
	assert_instant(cal_due(&c, vn(2026, 3, 7, 9, 0), 0, CAL_CALENDAR_DAYS, -1), vn(2026, 3, 9, 17, 30), "+0 Saturday");
	cal_free(&c);
}

/* ------------------------------------------------------- working minutes */

static void working_minutes_between_instants(void **s)
{
	calendar c;
	real(&c);
	/* Tue 10 Mar 2026. */
	assert_int_equal(cal_working_minutes_between(&c, vn(2026, 3, 10, 11, 0), vn(2026, 3, 10, 14, 0)), 60);   /* lunch */
	assert_int_equal(cal_working_minutes_between(&c, vn(2026, 3, 10, 11, 30), vn(2026, 3, 10, 13, 30)), 0);  /* only lunch */
	assert_int_equal(cal_working_minutes_between(&c, vn(2026, 3, 10, 0, 0), vn(2026, 3, 11, 0, 0)), 480);    /* a day */
	assert_int_equal(cal_working_minutes_between(&c, vn(2026, 3, 10, 17, 0), vn(2026, 3, 11, 8, 0)), 60);    /* night */
	assert_int_equal(cal_working_minutes_between(&c, vn(2026, 3, 10, 18, 0), vn(2026, 3, 11, 7, 0)), 0);
	assert_int_equal(cal_working_minutes_between(&c, vn(2026, 3, 13, 17, 0), vn(2026, 3, 16, 8, 0)), 60);    /* weekend */
	assert_int_equal(cal_working_minutes_between(&c, vn(2026, 3, 14, 8, 0), vn(2026, 3, 14, 17, 0)), 0);     /* Saturday */
	assert_int_equal(cal_working_minutes_between(&c, vn(2026, 3, 9, 0, 0), vn(2026, 3, 16, 0, 0)), 5 * 480); /* a week */
	/* Holidays: Fri 13 Feb 17:00 to Mon 23 Feb 08:00 = 30 + 30. */
	assert_int_equal(cal_working_minutes_between(&c, vn(2026, 2, 13, 17, 0), vn(2026, 2, 23, 8, 0)), 60);
	/* Mon 27 Apr to Mon 4 May 2026: 27 off, 28 and 29 worked, 30 Apr and 1 May off -> 2 days. */
	assert_int_equal(cal_working_minutes_between(&c, vn(2026, 4, 27, 0, 0), vn(2026, 5, 4, 0, 0)), 2 * 480);
	/* Empty and negative intervals. */
	assert_int_equal(cal_working_minutes_between(&c, vn(2026, 3, 10, 9, 0), vn(2026, 3, 10, 9, 0)), 0);
	assert_int_equal(cal_working_minutes_between(&c, vn(2026, 3, 11, 9, 0), vn(2026, 3, 10, 9, 0)), 0);
	assert_int_equal(cal_working_minutes_between(&c, INT64_MAX, INT64_MIN), 0);
	/* Whole minutes, rounded down. */
	assert_int_equal(cal_working_minutes_between(&c, vn(2026, 3, 10, 10, 0) + 30, vn(2026, 3, 10, 10, 1) + 29), 0);
	assert_int_equal(cal_working_minutes_between(&c, vn(2026, 3, 10, 10, 0) + 30, vn(2026, 3, 10, 10, 1) + 30), 1);
	/* A year: 2026 has 261 weekdays, minus the weekday days off in the file (1, 2 Jan; 16-20 Feb;
	 * 27, 30 Apr; 1 May; 1, 2 Sep = 12), plus Sat 10 Jan = 250 working days. */
	assert_int_equal(cal_working_minutes_between(&c, vn(2026, 1, 1, 0, 0), vn(2027, 1, 1, 0, 0)), 250 * 480);
	/* Huge intervals are clamped and finite. */
	int64_t all = cal_working_minutes_between(&c, INT64_MIN, INT64_MAX);
	assert_true(all > 0);
	assert_int_equal(all, cal_working_minutes_between(&c, CAL_UTC_MIN, CAL_UTC_MAX));
	cal_free(&c);
}

/* A reference: is the minute that starts at t (minute-aligned) working time? */
static bool working_minute(const calendar *c, int64_t t)
{
	int32_t day = cal_day_of(t);
	int64_t local = t + 7 * 3600 - (int64_t)day * 86400;
	int m = (int)(local / 60);
	return cal_is_working_day(c, day) &&
	       ((m >= c->am_start && m < c->am_end) || (m >= c->pm_start && m < c->pm_end));
}

static uint64_t g_seed;
static uint64_t rnd(uint64_t n)
{
	g_seed = g_seed * 6364136223846793005ULL + 1442695040888963407ULL;
	return (g_seed >> 33) % n;
}

static void add_then_between_are_inverse(void **s)
{
	calendar c;
	real(&c);
	g_seed = 20260213;
	const int64_t lo = vn(2024, 12, 1, 0, 0), span = vn(2027, 12, 1, 0, 0) - lo;
	for (int i = 0; i < 20000; i++) {
		int64_t start = lo + (int64_t)rnd((uint64_t)span);          /* any second */
		int64_t m = (int64_t)rnd(i % 10 == 0 ? 60 * 480 : 3 * 480);   /* up to 60 working days */
		int64_t t = cal_add_working_minutes(&c, start, m);
		assert_true(t >= start);
		if (cal_working_minutes_between(&c, start, t) != m) {
			char a[32], b[32];
			fail_msg("start %s + %lld min = %s, between says %lld", show(start, a), (long long)m, show(t, b),
			         (long long)cal_working_minutes_between(&c, start, t));
		}
		/* t is the earliest such instant, and adding one more minute moves on. */
		if (m > 0) assert_int_equal(cal_working_minutes_between(&c, start, t - 1), m - 1);
		assert_true(cal_add_working_minutes(&c, start, m + 1) >= t + 60);
		/* Additive: m1 then m2 is m1 + m2. */
		int64_t m1 = (int64_t)rnd((uint64_t)m + 1);
		if (m1 > 0 && m1 < m)
			assert_int_equal(cal_add_working_minutes(&c, cal_add_working_minutes(&c, start, m1), m - m1), t);
	}
	cal_free(&c);
}

static void between_and_add_match_a_minute_by_minute_count(void **s)
{
	calendar c;
	real(&c);
	g_seed = 7;
	const int64_t lo = vn(2025, 12, 20, 0, 0);
	for (int i = 0; i < 1500; i++) {
		int64_t a = lo + 60 * (int64_t)rnd(120 * 1440);   /* minute-aligned, Dec 2025 to Apr 2026 */
		int64_t b = a + 60 * (int64_t)rnd(5 * 1440);
		int64_t want = 0;
		for (int64_t t = a; t < b; t += 60) want += working_minute(&c, t);
		assert_int_equal(cal_working_minutes_between(&c, a, b), want);
		/* add by walking minutes: the end of the m-th working minute (m > 0), or the first one's start. */
		int64_t m = (int64_t)rnd(3 * 480), t = a, seen = 0;
		if (m == 0) while (!working_minute(&c, t)) t += 60;
		while (seen < m) { seen += working_minute(&c, t); t += 60; }
		assert_instant(cal_add_working_minutes(&c, a, m), t, "walked");
	}
	cal_free(&c);
}

static void sixty_working_days_take_microseconds(void **s)
{
	calendar c;
	real(&c);
	g_seed = 60;
	const int64_t lo = vn(2025, 1, 1, 0, 0);
	struct timespec t0, t1;
	int64_t sink = 0;
	enum { N = 20000 };
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (int i = 0; i < N; i++) {
		int64_t rec = lo + (int64_t)rnd(3 * 365 * 86400);
		int64_t due = cal_due(&c, rec, 60, CAL_WORKING_DAYS, 900);
		sink += cal_working_minutes_between(&c, rec, due);
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	double us = ((double)(t1.tv_sec - t0.tv_sec) * 1e6 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e3) / N;
	printf("# a 60-working-day due time and its check: %.2f us each\n", us);
	assert_true(sink > 0);
	assert_true(us < 200.0);   /* generous for sanitizer builds; a plain build is around 1 us */
	/* The refusal to walk forever. */
	assert_int_equal(cal_add_working_minutes(&c, lo, CAL_MAX_WORKING_MINUTES + 1), CAL_UTC_MAX);
	assert_int_equal(cal_add_working_minutes(&c, lo, INT64_MAX), CAL_UTC_MAX);
	assert_true(cal_add_working_minutes(&c, lo, CAL_MAX_WORKING_MINUTES) < CAL_UTC_MAX);
	assert_int_equal(cal_add_working_minutes(&c, INT64_MAX, 60), CAL_UTC_MAX);
	assert_true(cal_due(&c, lo, INT_MAX, CAL_CALENDAR_DAYS, -1) > lo);
	assert_int_equal(cal_due(&c, lo, INT_MAX, CAL_WORKING_DAYS, -1), CAL_UTC_MAX);
	cal_free(&c);
}

static void zero_minutes_is_the_next_working_moment(void **s)
{
	calendar c;
	real(&c);
	assert_instant(cal_add_working_minutes(&c, vn(2026, 3, 10, 10, 0), 0), vn(2026, 3, 10, 10, 0), "inside");
	assert_instant(cal_add_working_minutes(&c, vn(2026, 3, 10, 11, 30), 0), vn(2026, 3, 10, 13, 30), "11:30");
	assert_instant(cal_add_working_minutes(&c, vn(2026, 3, 10, 12, 0), -5), vn(2026, 3, 10, 13, 30), "lunch");
	assert_instant(cal_add_working_minutes(&c, vn(2026, 3, 13, 17, 30), 0), vn(2026, 3, 16, 7, 30), "Fri close");
	/* Ends exactly at a block's close: there, not at the next opening. */
	assert_instant(cal_add_working_minutes(&c, vn(2026, 3, 10, 7, 30), 240), vn(2026, 3, 10, 11, 30), "morning");
	assert_instant(cal_add_working_minutes(&c, vn(2026, 3, 10, 7, 30), 241), vn(2026, 3, 10, 13, 31), "one more");
	assert_instant(cal_add_working_minutes(&c, vn(2026, 3, 13, 7, 30), 480), vn(2026, 3, 13, 17, 30), "Fri close");
	cal_free(&c);
}

/* The fixed +07:00 agrees with the system's tzdata for Asia/Ho_Chi_Minh. */
static void offset_matches_tzdata(void **s)
{
	if (access("/usr/share/zoneinfo/Asia/Ho_Chi_Minh", R_OK) != 0) {
		printf("# no tzdata for Asia/Ho_Chi_Minh: skipped\n");
		skip();
	}
	const char *old = getenv("TZ");
	char *saved = old ? strdup(old) : NULL;
	setenv("TZ", "Asia/Ho_Chi_Minh", 1);
	tzset();
	int checked = 0;
	for (int32_t d = D(1976, 1, 1); d <= D(2037, 12, 31); d++) {
		for (int minute = 0; minute < 1440; minute += 719) {   /* 00:00, 11:59, 23:58 */
			time_t t = (time_t)cal_local(d, minute);
			struct tm tm;
			assert_non_null(localtime_r(&t, &tm));
			int y, m, dd;
			cal_ymd(d, &y, &m, &dd);
			if (tm.tm_gmtoff != CAL_VN_OFFSET_S || tm.tm_year + 1900 != y || tm.tm_mon + 1 != m ||
			    tm.tm_mday != dd || tm.tm_hour * 60 + tm.tm_min != minute || tm.tm_wday != cal_weekday(d))
				fail_msg("tzdata disagrees on %04d-%02d-%02d minute %d: offset %ld, %04d-%02d-%02d %02d:%02d",
				         y, m, dd, minute, (long)tm.tm_gmtoff, tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
				         tm.tm_hour, tm.tm_min);
			assert_int_equal(cal_day_of((int64_t)t), d);
			checked++;
		}
	}
	if (saved) { setenv("TZ", saved, 1); free(saved); }
	else unsetenv("TZ");
	tzset();
	assert_true(checked > 60000);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(weekdays_and_weekends),
		cmocka_unit_test(ymd_round_trip_1970_to_2100),
		cmocka_unit_test(bad_dates_and_hours_are_refused),
		cmocka_unit_test(bad_working_hours_are_refused),
		cmocka_unit_test(set_adds_and_replaces_in_order),
		cmocka_unit_test(the_real_holiday_file_loads),
		cmocka_unit_test(bad_csv_rows_are_refused_and_change_nothing),
		cmocka_unit_test(deadline_across_a_weekend),
		cmocka_unit_test(deadline_across_tet_2026),
		cmocka_unit_test(swapped_days_of_new_year_2026),
		cmocka_unit_test(afternoon_cut_off),
		cmocka_unit_test(same_day_procedures),
		cmocka_unit_test(calendar_day_procedures),
		cmocka_unit_test(working_minutes_between_instants),
		cmocka_unit_test(add_then_between_are_inverse),
		cmocka_unit_test(between_and_add_match_a_minute_by_minute_count),
		cmocka_unit_test(sixty_working_days_take_microseconds),
		cmocka_unit_test(zero_minutes_is_the_next_working_moment),
		cmocka_unit_test(offset_matches_tzdata),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
