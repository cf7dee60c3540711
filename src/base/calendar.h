/* calendar.h — working days, working hours and legal deadlines.
 *
 * The one place where deadlines are computed. Pure: no clock, no SQL; the
 * holiday table and the working hours are data handed in by the caller (the
 * holidays table, the rule set in force). Instants are UTC seconds; dates and
 * hours are those of Vietnam (Asia/Ho_Chi_Minh, UTC+7 all year since 1975).
 *
 * A working day is Monday to Friday, minus days off from the table (public
 * holidays and swapped days off), plus working days from the table (a
 * Saturday worked in exchange). Working time on a working day is two blocks,
 * the rule set's morning and afternoon (e.g. 07:30–11:30 and 13:30–17:30:
 * 8 working hours = 1 working day).
 *
 * Dates run from 0001-01-01 to 9999-12-31 (proleptic Gregorian); instants
 * outside [CAL_UTC_MIN, CAL_UTC_MAX] are clamped into it by the functions
 * that walk days, so that no input can overflow. Costs: a day lookup is a
 * binary search of the exceptions; adding working time walks the days it
 * spans; counting working time between two instants is O(log n + k), k being
 * the exceptions in the interval.
 */
#ifndef MB_CALENDAR_H
#define MB_CALENDAR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"

enum { CAL_VN_OFFSET_S = 7 * 3600 };

/* 0001-01-01T00:00:00+07:00 and 9999-12-31T23:59:59+07:00. */
#define CAL_UTC_MIN INT64_C(-62135622000)
#define CAL_UTC_MAX INT64_C(253402275599)
/* cal_add_working_minutes refuses to walk further than this much working
 * time (about 87 years of 8-hour days) and answers CAL_UTC_MAX instead. */
#define CAL_MAX_WORKING_MINUTES INT64_C(10000000)

typedef enum cal_day_kind {
	CAL_DAY_OFF,        /* a holiday or a swapped day off, even on a weekday */
	CAL_WORKING_DAY,    /* a working Saturday or Sunday (swap) */
} cal_day_kind;

typedef struct cal_exception {
	int32_t day;        /* days since 1970-01-01, Vietnam date */
	cal_day_kind kind;
} cal_exception;

typedef struct calendar {
	cal_exception *ex;  /* sorted by day, unique; owned by the calendar (cal_free) */
	size_t n, cap;
	int am_start, am_end, pm_start, pm_end;   /* minutes after local midnight */
} calendar;

typedef enum cal_unit { CAL_WORKING_DAYS, CAL_CALENDAR_DAYS } cal_unit;

/* Sets the working blocks from "HH:MM-HH:MM" strings and empties the
 * exceptions (c need not be initialised before). Fails on bad input (field
 * "work_morning"/"work_afternoon") or on blocks out of order: each block must
 * be non-empty and the morning must end at or before the afternoon starts.
 * On failure c is left empty with no working time; cal_free is always safe. */
int  cal_init(calendar *c, const char *morning, const char *afternoon, err *e);
void cal_free(calendar *c);
/* Adds or replaces the exception for a date "YYYY-MM-DD" (field "date" when
 * it is not a valid date, "kind" when kind is not a cal_day_kind). */
int  cal_set(calendar *c, const char *date, cal_day_kind kind, err *e);
/* Loads a holidays CSV (date,name_vi,name_en,kind,status; kind holiday |
 * compensatory | working_saturday) as found in data/holidays_vn.csv: the
 * first record is that header, every other record has five fields. A bad
 * record fails the whole load and leaves c as it was: field "date" for a bad
 * or repeated date, "kind" for an unknown kind or a working_saturday that is
 * not a Saturday or Sunday, NULL (code "bad_csv") for a malformed record.
 * The message names the line. `status` and the names are not interpreted. */
int  cal_load_csv(calendar *c, const char *csv, size_t n, err *e);
/* "holiday" and "compensatory" -> CAL_DAY_OFF, "working_saturday" ->
 * CAL_WORKING_DAY; 0, or -1 for anything else. */
int  cal_kind_parse(const char *s, cal_day_kind *out);

/* Day numbers and dates. */
int32_t cal_day_of(int64_t utc);                         /* Vietnam date of an instant */
int32_t cal_day_from_ymd(int y, int m, int d);
void    cal_ymd(int32_t day, int *y, int *m, int *d);
int     cal_weekday(int32_t day);                        /* 0 = Sunday ... 6 = Saturday */
int64_t cal_local(int32_t day, int minute);              /* UTC instant of a local day + minute */
/* "YYYY-MM-DD" (exactly: four, two and two digits; year 0001..9999; a real
 * day of that month) -> 0 or -1. */
int     cal_parse_date(const char *s, int32_t *day);
/* "YYYY-MM-DD" into out (at least 11 bytes). */
void    cal_format_date(int32_t day, char *out, size_t n);

bool    cal_is_working_day(const calendar *c, int32_t day);
int32_t cal_next_working_day(const calendar *c, int32_t day);  /* the first working day > day */
/* Working minutes of one working day (morning + afternoon block). */
int     cal_day_minutes(const calendar *c);

/* The instant at which `minutes` of working time have passed after start
 * (start itself is moved forward to the next working moment, so with
 * minutes <= 0 the answer is that moment). Working time that ends exactly at
 * the close of a block ends there (11:30, not 13:30). More than
 * CAL_MAX_WORKING_MINUTES, or a calendar without working time, answers
 * CAL_UTC_MAX. */
int64_t cal_add_working_minutes(const calendar *c, int64_t start, int64_t minutes);
/* Working minutes in [a, b) (whole minutes, rounded down); 0 when b <= a.
 * The inverse of cal_add_working_minutes: between(s, add(s, m)) == m. */
int64_t cal_working_minutes_between(const calendar *c, int64_t a, int64_t b);

/* The legal due time of something received at `received` (n < 0 counts as 0):
 *  - CAL_WORKING_DAYS, n > 0: n × (working minutes of a day) of working time
 *    counted from the receipt. Counting starts at the next working moment:
 *    the receipt itself during working hours, the opening of the block that
 *    follows during the lunch break or before the morning opening, the next
 *    working day's opening when received on a day off or after the close; and
 *    the next working day's opening when received on a working day at or
 *    after cutoff_min (local minute; < 0 for no cut-off).
 *  - CAL_WORKING_DAYS, n == 0 ("giải quyết ngay", same day): the close of the
 *    receipt's working day, or of the next working day when received on a day
 *    off, at or after the cut-off, or at or after the close.
 *  - CAL_CALENDAR_DAYS: the close of the working day on the receipt's date + n;
 *    when that date is not a working day, the close of the next working day
 *    (Civil Code 2015 Art. 148: a term ending on a day off ends on the next
 *    working day). The cut-off does not apply; a due time that would fall
 *    before the receipt (n == 0, received after the close) moves to the close
 *    of the next working day.
 */
int64_t cal_due(const calendar *c, int64_t received, int n, cal_unit unit, int cutoff_min);

/* "HH:MM" (two digits each, 00:00..23:59) -> minutes after midnight, or -1. */
int cal_parse_hm(const char *s);

#endif
