/* duty.h — obligations: anything someone must do by a date (docs/oversight.md,
 * ARCHITECTURE "Obligations").
 *
 * One row each (table duties, sql/0034_duty.sql): a kind, a typed link to its
 * source (source_type + source_id, e.g. "case" + the case's id), the owner
 * (a unit, and the official answerable: by default the unit's head), a title
 * in Vietnamese and English, the opening time and the due time computed by
 * base/calendar under the rule for the kind in force at the start
 * (data/duty_rules.csv: working or calendar days, when to remind, when to
 * escalate). States: open → done (a note, optional evidence in the
 * content-addressed store) or cancelled (a reason); open → overdue (the job,
 * at the due time: the head of the unit above is told) → escalated (the job,
 * escalate_after_days working days later: the Provincial Inspectorate is
 * told); overdue and escalated items can still be done (late).
 *
 * Every change is a ledger event (duty.opened, duty.done, duty.cancelled,
 * duty.overdue, duty.escalated) written in the caller's transaction, and
 * moves the per-unit and per-owner counters (src/agg: duty.items, duty.open,
 * duty.overdue, duty.on_time, duty.late) in the same transaction.
 *
 * Who sees an item: its owner; a unit head whose unit is the owner unit or
 * above it; the Provincial Inspectorate and the home-affairs inspector. No
 * one else (a 404, never a 403). */
#ifndef MB_DUTY_H
#define MB_DUTY_H

#include <stdbool.h>
#include <stdint.h>

#include "agg/agg.h"
#include "auth/auth.h"
#include "base/arena.h"
#include "base/calendar.h"
#include "base/err.h"
#include "db/db.h"
#include "ledger/ledger.h"

typedef enum duty_state { DU_OPEN, DU_OVERDUE, DU_ESCALATED, DU_DONE, DU_CANCELLED, DU__MAX } duty_state;

enum { DUTY_LEVELS = 3, DUTY_KIND_MAX = 48, DUTY_NOTE_MAX = 4000 };

/* A rule for a kind (one row of duty_rules). */
typedef struct duty_rule {
	char kind[DUTY_KIND_MAX];
	char valid_from[11], valid_to[11];   /* valid_to "" = open-ended */
	int days;
	cal_unit unit;                       /* working or calendar days */
	int remind_before;                   /* working days before due */
	int escalate_after_days;             /* working days after due, to the last level */
} duty_rule;

/* What duty_open needs. */
typedef struct duty_new {
	const char *kind;             /* a kind with a rule in force at start */
	const char *source_type;      /* "case", "discipline", "finding", "recommendation", ... */
	int64_t source_id;
	const char *source_ref;       /* the source's code (NULL: none) */
	int64_t owner_unit_id;
	int64_t owner_account_id;     /* 0: the unit's head (the first unit_head account of the unit) */
	const char *title_vi, *title_en;
	int64_t start;                /* the instant the time runs from */
	int64_t due_at;               /* > 0: the due time set by the source (a recommendation's deadline); 0: from
	                               * the rule (which still gives the reminders and the escalation) */
} duty_new;

typedef struct duty_row {
	int64_t id;
	const char *kind, *source_type, *source_ref;
	int64_t source_id;
	int64_t owner_unit_id, owner_account_id;
	const char *owner_unit_code, *owner_unit_name_vi, *owner_unit_name_en, *owner_login, *owner_name;
	const char *title_vi, *title_en, *rule_valid_from;
	int64_t opened_at, due_at;
	duty_state state;
	int level;
	int64_t reminded_at, overdue_at, escalated_at, closed_at, closed_by;
	const char *note, *evidence_sha256, *evidence_type;
} duty_row;

/* --- pure (duty/rules.c) --- */
const char *duty_state_name(duty_state s);           /* "open" */
const char *duty_state_label_vi(duty_state s);       /* msgid */
int  duty_state_parse(const char *s, duty_state *out);
bool duty_state_live(duty_state s);                  /* open, overdue, escalated */
/* The due time of an obligation started at start under rule r. */
int64_t duty_rules_due(const calendar *c, const duty_rule *r, int64_t start);
/* What the job does now for a live item: remind once when at most
 * remind_before working days are left; the level it must be at (0 before the
 * due time, 1 from the due time, 2 from escalate_after_days working days
 * after it). */
typedef struct duty_plan { bool remind; int level; } duty_plan;
duty_plan duty_rules_plan(const calendar *c, const duty_rule *r, int64_t due, int64_t now, bool reminded);
/* The unit told at each level: 0 the owner unit, 1 the unit above it (the
 * Inspectorate when it has none), 2 the Provincial Inspectorate. ancestors:
 * the owner unit first, then each unit above. */
void duty_rules_chain(const int64_t *ancestors, int n, int64_t inspectorate, int64_t out[DUTY_LEVELS]);
/* Whether closing at closed_at is on time. */
bool duty_rules_on_time(int64_t due, int64_t closed_at);
/* Whether an actor (role, id, unit's ancestors known by the caller: is the
 * actor's unit the owner unit or above it, strictly above it) may read, record
 * the action for, or cancel an item. */
typedef enum duty_act { DA_READ, DA_DONE, DA_CANCEL } duty_act;
bool duty_rules_may(duty_act act, auth_role role, int64_t actor_id, int64_t owner_account_id, bool actor_unit_at_or_above,
                    bool actor_unit_above);
/* The counters an item contributes (at most 3): duty.items on its opening
 * day, duty.open while live (opening day), duty.overdue while overdue or
 * escalated (due day), duty.on_time or duty.late on its closing day. A
 * cancelled item contributes nothing. */
int  duty_rules_contrib(const duty_row *x, agg_contrib *out);

/* --- commands (each inside the caller's transaction) --- */
int duty_open(db *d, const ledger_actor *by, const duty_new *n, int64_t *id, err *e) MB_MUST_CHECK;
/* Records what was done (note required; evidence optional: bytes stored in
 * the content-addressed store, their hash in the event). The actor must be
 * the owner, a head at or above the owner unit, or an inspector. */
int duty_done(db *d, const auth_actor *by, int64_t id, const char *note, const void *evidence, size_t evidence_len,
              const char *evidence_name, err *e) MB_MUST_CHECK;
/* Cancels with a reason (a head strictly above the owner unit, or an inspector). */
int duty_cancel(db *d, const auth_actor *by, int64_t id, const char *reason, err *e) MB_MUST_CHECK;
/* Closes, as the system, the live items of a source (e.g. the next step
 * of a discipline case was recorded): done with the note. */
int duty_close_source(db *d, const ledger_actor *by, const char *source_type, int64_t source_id, const char *kind,
                      const char *note, err *e) MB_MUST_CHECK;
/* The job: reminds, marks overdue and escalates once per level, in its own
 * transaction. *changed: items changed. */
int duty_tick(db *d, int64_t now, int *changed, err *e) MB_MUST_CHECK;
/* The rules from data/duty_rules.csv, in the caller's transaction, with a
 * duty.loaded event; duty_ensure_reference loads them in its own when the table is empty. */
int duty_load_reference(db *d, err *e) MB_MUST_CHECK;
int duty_ensure_reference(db *d, err *e) MB_MUST_CHECK;

/* --- reads --- */
/* One item if the actor may read it: 1, 0 (absent or not visible), <0. */
int duty_get(db *d, const auth_actor *actor, int64_t id, arena *a, duty_row *out, err *e) MB_MUST_CHECK;
/* The live items the actor answers for or oversees, overdue first (by due
 * time, then id), after the keyset (after_due, after_id; 0, 0 first). */
int duty_list(db *d, const auth_actor *actor, int64_t after_due, int64_t after_id, int limit, arena *a, duty_row **out,
              int *n, err *e) MB_MUST_CHECK;
/* The recent closed items of the actor's scope (newest first). */
int duty_list_closed(db *d, const auth_actor *actor, int limit, arena *a, duty_row **out, int *n, err *e) MB_MUST_CHECK;
/* A scorecard line: a head (or a unit, official_id 0) and their counters over all time. */
typedef struct duty_score {
	int64_t unit_id, official_id;
	const char *unit_code, *unit_name_vi, *unit_name_en, *login, *name;
	int64_t items, open, on_time, late, overdue;
} duty_score;
/* Every head at or below the actor's unit (all for the inspectors); none
 * for other roles (MB_ENOTFOUND). */
int duty_scorecard(db *d, const auth_actor *actor, arena *a, duty_score **out, int *n, err *e) MB_MUST_CHECK;
/* Every item a source opened (and kind, NULL any), oldest first, whoever asks:
 * for a page that publishes its source's progress (state, due, closing), never
 * its owner's name. */
int duty_of_source(db *d, const char *source_type, int64_t source_id, const char *kind, arena *a, duty_row **out, int *n,
                   err *e) MB_MUST_CHECK;
/* Public totals per unit (no names): every unit with at least one item. */
int duty_unit_totals(db *d, arena *a, duty_score **out, int *n, err *e) MB_MUST_CHECK;

/* Installs the routes, the pages and the case conclusion hook. */
void duty_install(void);
/* The case conclusion hook only (heads' accountability): for commands that
 * run cases without serving (the demo). */
void duty_hooks_install(void);
void duty_jobs_start(int interval_s);
void duty_jobs_stop(void);
/* The demo: a few items per head, some late, done or overdue. */
int duty_load_demo(db *d, const ledger_actor *by, err *e) MB_MUST_CHECK;

#endif
