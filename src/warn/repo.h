/* repo.h — early warning's SQL (internal to warn/). Rows come from the arena. */
#ifndef MB_WARN_REPO_H
#define MB_WARN_REPO_H

#include "base/arena.h"
#include "db/db.h"
#include "warn/warn.h"

/* One official's sums on one procedure over a window (procedure 0: reports); returns_fee_due and
 * returns_unpaid: the results the official returned with a catalogue fee due, and of those the
 * ones with no payment recorded (sql/0045). */
typedef struct warn_row {
	int64_t account_id, procedure_id;
	int64_t steps, late, supplements, rated, unsatisfied, withdrawals, reports, held_steps, held_seconds;
	int64_t returns_fee_due, returns_unpaid;
} warn_row;

/* One official's steps ended on one procedure and kind of step in one bucket of time held, over a window. */
typedef struct warn_held_row {
	int64_t account_id, procedure_id;
	const char *step_kind;
	int bucket;
	int64_t steps;
} warn_held_row;

typedef struct warn_account { int64_t id, unit_id; } warn_account;
typedef struct warn_unit { int64_t id; int level; } warn_unit;

/* A signal as stored, with its subject's names for the pages. */
typedef struct warn_signal_row {
	int64_t id, account_id, unit_id, reviewer_id;
	const char *subject_kind, *signal, *rules_version, *window_from, *window_to, *detail, *state, *reason;
	int64_t events, exposure, peer_events, peer_exposure;
	double expected, ratio, lower;
	int64_t opened_at, updated_at, closed_at;   /* closed_at 0: open */
	const char *login, *display_name, *unit_code, *unit_name_vi, *unit_name_en, *reviewer_login;
} warn_signal_row;

/* A rule row unless its (version, signal) is already there: *added says which. */
MB_MUST_CHECK int warn_repo_rules_insert(db *d, const char *version, const char *signal, const char *from, const char *to,
                                         const warn_rule *r, const char *source, bool *added, err *e);
MB_MUST_CHECK int warn_repo_rules_count(db *d, int64_t *n, err *e);
/* The rule of each signal in force on date (YYYY-MM-DD); absent ones stay !present. */
MB_MUST_CHECK int warn_repo_rules_on(db *d, const char *date, arena *a, warn_rule out[WS__MAX], err *e);
/* Every official's sums per procedure over the day keys [from, to). */
MB_MUST_CHECK int warn_repo_window(db *d, const char *from, const char *to, arena *a, warn_row **out, int64_t *n, err *e);
/* The lower bounds of the buckets of time held (sql/0043), at most max. */
MB_MUST_CHECK int warn_repo_held_buckets(db *d, int64_t *lower, int max, int *n, err *e);
/* Every official's steps by procedure, kind of step and bucket of time held over the day keys [from, to),
 * ordered by official, procedure, kind, bucket; *out is malloc'd (the caller frees it), the kinds from the arena. */
MB_MUST_CHECK int warn_repo_held_window(db *d, const char *from, const char *to, arena *a, warn_held_row **out, int64_t *n,
                                        err *e);
/* Staff accounts (not citizens) with their unit; units with their level. */
MB_MUST_CHECK int warn_repo_accounts(db *d, arena *a, warn_account **out, int64_t *n, err *e);
MB_MUST_CHECK int warn_repo_units(db *d, arena *a, warn_unit **out, int64_t *n, err *e);
/* Signals open (new, under review) or closed (dismissed, led to an inspection) at or after since (ISO UTC). */
MB_MUST_CHECK int warn_repo_recent(db *d, const char *since, arena *a, warn_signal_row **out, int64_t *n, err *e);
MB_MUST_CHECK int warn_repo_insert(db *d, warn_signal_row *s, err *e);   /* sets s->id */
/* A later run's figures for an open signal. */
MB_MUST_CHECK int warn_repo_refresh(db *d, const warn_signal_row *s, err *e);
MB_MUST_CHECK int warn_repo_set_state(db *d, int64_t id, const char *state, int64_t reviewer_id, const char *reason,
                                      int64_t at, bool close, err *e);
MB_MUST_CHECK int warn_repo_run_insert(db *d, int64_t started, int64_t ended, const char *trigger, int64_t actor_id,
                                       const warn_run_summary *s, int64_t *id, err *e);
/* One signal: 1, 0 none, <0. */
MB_MUST_CHECK int warn_repo_get(db *d, int64_t id, arena *a, warn_signal_row *out, err *e);
/* Newest first, ids below before (0: from the newest), at most limit:
 * every signal (ancestor 0) or those of units under ancestor; state NULL: any;
 * account_id non-zero: that official's only; not_account non-zero: none about that official. */
MB_MUST_CHECK int warn_repo_list(db *d, int64_t ancestor, const char *state, int64_t account_id, int64_t not_account,
                                 int64_t before, int limit, arena *a, warn_signal_row **out, int *n, err *e);
/* An account's unit: 1, 0 no such account, <0. */
MB_MUST_CHECK int warn_repo_account_unit(db *d, int64_t account_id, int64_t *unit_id, err *e);
/* warn_official_daily recomputed from dossiers, their steps, payments and return events, and cases
 * (the caller's transaction). */
MB_MUST_CHECK int warn_repo_rebuild_counters(db *d, err *e);
/* The latest run: 1, 0 none, <0. */
MB_MUST_CHECK int warn_repo_last_run(db *d, int64_t *at, int *flagged, int *opened, err *e);

#endif
