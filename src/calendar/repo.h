/* repo.h — the calendar's SQL (internal to calendar/). Rows come from the arena. */
#ifndef MB_CALENDAR_REPO_H
#define MB_CALENDAR_REPO_H

#include "calendar/calendar_db.h"

/* The rule set in force on date (the latest effective_from <= date whose
 * effective_to is NULL or >= date): 1 found, 0 none, negative on error. */
MB_MUST_CHECK int calendar_repo_rule_set_on(db *d, const char *date, rule_set *out, err *e);
MB_MUST_CHECK int calendar_repo_rule_set_by_id(db *d, int64_t id, rule_set *out, err *e);

/* 1 found, 0 not found, negative on error. */
/* Rows in the holidays table. */
MB_MUST_CHECK int calendar_repo_holiday_count(db *d, int64_t *n, err *e);
MB_MUST_CHECK int calendar_repo_holiday_get(db *d, const char *date, arena *a, holiday *out, err *e);
/* The rows of one year (year 0: all), by date. *out is an arena array of *n rows. */
MB_MUST_CHECK int calendar_repo_holidays(db *d, int year, arena *a, holiday **out, int *n, err *e);
/* A new row; fails when the day exists. updated_at/role stay NULL. */
MB_MUST_CHECK int calendar_repo_holiday_insert(db *d, const holiday *h, err *e);
/* Inserts or replaces the row of h->date, stamping at and role. */
MB_MUST_CHECK int calendar_repo_holiday_upsert(db *d, const holiday *h, const char *at, const char *role, err *e);
MB_MUST_CHECK int calendar_repo_holiday_delete(db *d, const char *date, err *e);
MB_MUST_CHECK int calendar_repo_holiday_set_status(db *d, const char *date, const char *status, const char *at,
                                     const char *role, err *e);

#endif
