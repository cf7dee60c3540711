/* calendar_db.h — the working-day calendar as data: the holidays table
 * (public holidays, swapped days off, worked Saturdays), the rule sets that
 * say how deadlines are counted, and the administrators' pages and API that
 * edit the holidays. The arithmetic is base/calendar.h; this feature builds a
 * `calendar` from the database for the features that compute deadlines. */
#ifndef MB_CALENDAR_DB_H
#define MB_CALENDAR_DB_H

#include <stdbool.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/calendar.h"
#include "base/err.h"
#include "db/db.h"
#include "ledger/ledger.h"

/* A rule set: how deadlines are counted from a date on (table rule_sets).
 * Self-contained (no pointers), so it can be copied and kept. */
typedef struct rule_set {
	int64_t id;
	char code[32];
	char effective_from[11], effective_to[11];   /* "YYYY-MM-DD"; effective_to "" = open-ended */
	int supplement_limit;                        /* requests to supplement (Form 02) */
	int extension_limit;                         /* new due dates (Form 04) */
	int apology_lead_working_days;               /* Form 04 at the latest N working days before due */
	int cutoff_min;                              /* default afternoon cut-off, local minutes; -1 none */
	char work_morning[12], work_afternoon[12];   /* "07:30-11:30", "13:30-17:30" */
	int at_risk_working_hours;
	char citation[2048];
} rule_set;

/* One row of the holidays table. */
typedef struct holiday {
	const char *date;            /* "YYYY-MM-DD" (column `day`) */
	const char *kind;            /* "holiday" | "compensatory" | "working_saturday" */
	const char *name_vi, *name_en;
	const char *status;          /* "official" | "statutory" | "computed" | "estimated" | "unverified" | "confirmed" */
	const char *updated_at, *updated_by_role;   /* NULL when loaded from the reference data */
} holiday;

enum { CALENDAR_YEAR_MIN = 2000, CALENDAR_YEAR_MAX = 2100, CALENDAR_NAME_MAX = 200 };

/* --- pure rules (calendar/rules.c) --- */
/* Validates a holiday to be stored: a real date in CALENDAR_YEAR_MIN..MAX
 * (field "date"), a known kind, a working_saturday on a Saturday or Sunday
 * (field "kind"), single-line names of 1..CALENDAR_NAME_MAX characters
 * ("name_vi", "name_en"; the caller trims them), a known status ("status"). */
int  calendar_rules_validate(const holiday *h, err *e);
/* Whether an administrator should check the row against an official text:
 * status computed, estimated or unverified. */
bool calendar_rules_needs_check(const char *status);
/* Whether storing `next` over `cur` changes anything (kind, names, status). */
bool calendar_rules_differ(const holiday *cur, const holiday *next);
/* A year for listing ("2026" -> 2026): four digits within the limits, or -1. */
int  calendar_rules_parse_year(const char *s);
/* Labels (Vietnamese msgids, translate with web_t). */
const char *calendar_kind_label_vi(const char *kind);
const char *calendar_status_label_vi(const char *status);
const char *calendar_weekday_label_vi(int weekday);   /* 0 = Sunday */
extern const char *const calendar_kinds[3];
extern const char *const calendar_statuses[6];

/* --- services --- */
void calendar_install(void);
/* Loads the embedded data/holidays_vn.csv into the holidays table, inside the
 * caller's transaction, with one `calendar.loaded` event carrying the count.
 * Fails on any bad row (naming its line) or when a day is already present. */
int  calendar_load_reference(db *d, err *e);
/* For databases made before the holidays existed: loads the reference
 * holidays, in its own transaction, when the table is empty. */
int  calendar_ensure_reference(db *d, err *e);
/* Builds the calendar from the holidays table and the working hours of the
 * rule set in force on `on_date` ("YYYY-MM-DD"; field "date" when invalid,
 * not_found when no rule set covers it). On success *out must be released
 * with cal_free; rs (may be NULL) receives the rule set. */
int  calendar_load(db *d, const char *on_date, calendar *out, rule_set *rs, err *e);
/* The rule set with this id: 1 found, 0 not, negative on error. */
/* Builds the calendar of a given rule set (its working hours) with the holidays table. */
int  calendar_load_rule_set(db *d, const rule_set *rs, calendar *out, err *e);
int  calendar_rule_set_by_id(db *d, int64_t id, rule_set *out, err *e);

/* Commands, each inside the caller's transaction with its event. */
/* Stores h (validated) as new or over the current row. *changed is false
 * (and no event is written) when nothing differs; *created tells a new day. */
int  calendar_holiday_put(db *d, const ledger_actor *by, const holiday *h, arena *a,
                          bool *created, bool *changed, err *e);
/* Removes the day (not_found when absent); `removed` receives the old row. */
int  calendar_holiday_remove(db *d, const ledger_actor *by, const char *date, arena *a,
                             holiday *removed, err *e);
/* Sets the status to "confirmed" (not_found when absent; no event when it already is). */
int  calendar_holiday_confirm(db *d, const ledger_actor *by, const char *date, arena *a, bool *changed, err *e);

#endif
