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
 */
#ifndef MB_CALENDAR_H
#define MB_CALENDAR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"

enum { CAL_VN_OFFSET_S = 7 * 3600 };

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

/* Sets the working blocks from "HH:MM-HH:MM" strings; fails on bad input
 * (field "work_morning"/"work_afternoon") or on blocks out of order. */
int  cal_init(calendar *c, const char *morning, const char *afternoon, err *e);
void cal_free(calendar *c);
/* Adds or replaces the exception for a date "YYYY-MM-DD". */
int  cal_set(calendar *c, const char *date, cal_day_kind kind, err *e);
/* Loads a holidays CSV (date,name_vi,name_en,kind,status; kind holiday |
 * compensatory | working_saturday) as found in data/holidays_vn.csv. */
int  cal_load_csv(calendar *c, const char *csv, size_t n, err *e);

/* Day numbers and dates. */
int32_t cal_day_of(int64_t utc);                         /* Vietnam date of an instant */
int32_t cal_day_from_ymd(int y, int m, int d);
void    cal_ymd(int32_t day, int *y, int *m, int *d);
int     cal_weekday(int32_t day);                        /* 0 = Sunday ... 6 = Saturday */
int64_t cal_local(int32_t day, int minute);              /* UTC instant of a local day + minute */
int     cal_parse_date(const char *s, int32_t *day);     /* "YYYY-MM-DD" -> 0 or -1 */

bool    cal_is_working_day(const calendar *c, int32_t day);
int32_t cal_next_working_day(const calendar *c, int32_t day);  /* the first working day > day */

/* The instant at which `minutes` of working time have passed after start
 * (start itself is moved forward to the next working moment). */
int64_t cal_add_working_minutes(const calendar *c, int64_t start, int64_t minutes);
/* Working minutes in [a, b); 0 when b <= a. */
int64_t cal_working_minutes_between(const calendar *c, int64_t a, int64_t b);

/* The legal due time of something received at `received`:
 *  - CAL_WORKING_DAYS, n > 0: n × (working minutes of a day) of working time
 *    counted from the receipt; counting starts at the next working day's
 *    opening when received on a day off, outside working hours, or at or
 *    after cutoff_min (local minute; < 0 for no cut-off).
 *  - CAL_WORKING_DAYS, n == 0 ("giải quyết ngay", same day): the close of the
 *    receipt's working day, or of the next working day when received on a day
 *    off or at/after the cut-off.
 *  - CAL_CALENDAR_DAYS: the close of the working day on the receipt's date + n;
 *    when that date is not a working day, the close of the next working day
 *    (Civil Code 2015 Art. 148: a term ending on a day off ends on the next
 *    working day).
 */
int64_t cal_due(const calendar *c, int64_t received, int n, cal_unit unit, int cutoff_min);

/* "HH:MM" -> minutes after midnight, or -1. */
int cal_parse_hm(const char *s);

#endif
