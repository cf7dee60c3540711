/* discipline.h — the discipline of officials (docs/oversight.md): Decree
 * 172/2025 (cán bộ, công chức) and Decree 234/2026 (viên chức) as dated data
 * (data/discipline_forms.csv, data/discipline_limits.csv): the forms, which
 * posts each applies to, the limitation periods (5 or 10 years, restarted by
 * a new violation), the handling limit (90 days, 150 when complex) and the
 * 5 working days per step after the council.
 *
 * A discipline case (from a case at fault, or after merging an inspection
 * finding: source_type + source_id) goes review meeting → council →
 * decision; each step is an obligation (src/duty: discipline.review,
 * discipline.council, discipline.decision) closed when the step is recorded.
 * The decision goes on the official's record. */
#ifndef MB_DISCIPLINE_H
#define MB_DISCIPLINE_H

#include <stdbool.h>
#include <stdint.h>

#include "auth/auth.h"
#include "base/arena.h"
#include "base/err.h"
#include "db/db.h"
#include "web/web.h"

typedef enum discipline_step { DSTEP_REVIEW, DSTEP_COUNCIL, DSTEP_DECISION, DSTEP_DECIDED, DSTEP__MAX } discipline_step;

typedef struct discipline_form {
	const char *regime, *form, *valid_from, *valid_to, *name_vi, *name_en;
	int severity;
	bool leaders_only;
	int limitation_months;            /* 0: no limitation */
} discipline_form;

typedef struct discipline_limits {
	int handling_days, handling_days_complex, step_working_days, warn_before_days;
} discipline_limits;

typedef enum discipline_warning { DW_NONE, DW_SOON, DW_PAST } discipline_warning;

/* --- pure (discipline/rules.c) --- */
const char *discipline_step_name(discipline_step s);      /* "review" */
const char *discipline_step_label_vi(discipline_step s);
int  discipline_step_parse(const char *s, discipline_step *out);
bool discipline_regime_ok(const char *regime);             /* can_bo, cong_chuc, vien_chuc */
/* The day `months` months after day (the same day of the month, or the
 * month's last day when it has fewer). */
int32_t discipline_add_months(int32_t day, int months);
/* A period not counted in the limitation clock (Art. 5(6)): the days from
 * `from` to `to`, both included; to = DISCIPLINE_OPEN while it runs. */
#define DISCIPLINE_OPEN INT32_MAX
typedef struct discipline_period { int32_t from, to; } discipline_period;
/* The days of [from, to] that at least one period covers (overlaps counted
 * once); an open period runs to as_of. */
int32_t discipline_rules_excluded_days(const discipline_period *p, int n, int32_t from, int32_t to, int32_t as_of);
/* The last day a decision may be taken for a violation that ended on
 * `violation` under a form with limitation_months (0: none: INT32_MAX),
 * given the official's other violations (any order): a later violation
 * within the running period restarts it from that violation (Art. 5(1)).
 * The period is extended by the days of the excluded periods within it
 * (Art. 5(6)), open ones counted up to as_of (the decision's date), each day
 * once, the extension's own days included (a period that starts in the
 * extension extends it too). */
int32_t discipline_rules_limitation_end(int32_t violation, int limitation_months, const int32_t *others, int n,
                                        const discipline_period *excluded, int nexcluded, int32_t as_of);
/* Checks an excluded period against the case (MB_EINVAL with the field):
 * from on or after the violation and not after today; to (unless open) on or
 * after from and not after today. */
int  discipline_rules_period_ok(int32_t from, int32_t to, int32_t violation, int32_t today, err *e);
/* Refuses (MB_EINVAL, field "form") a form the law does not allow for the
 * post: leaders_only for an official who is not a leader. */
int  discipline_rules_form_allowed(const discipline_form *f, bool leader, err *e);
/* Refuses (field "decision_date") a decision after the limitation end. */
int  discipline_rules_in_time(int32_t decision, int32_t limitation_end, err *e);
/* The handling limit's last day: discovered + 90 days (150 when complex). */
int32_t discipline_rules_handling_due(int32_t discovered, bool complex, const discipline_limits *l);
/* A warning before the handling limit: DW_SOON within warn_before_days of
 * it, DW_PAST after it (the case stays open: the law's limit is a duty on the
 * body, not a bar). */
discipline_warning discipline_rules_warning(int32_t today, int32_t handling_due, const discipline_limits *l);
/* The step that may be recorded now: the current one (MB_EINVAL, field
 * "step", otherwise); DSTEP_DECIDED accepts nothing. */
int  discipline_rules_step_ok(discipline_step current, discipline_step asked, err *e);

/* --- services --- */
typedef struct discipline_new {
	const char *official;            /* login */
	const char *regime;              /* can_bo | cong_chuc | vien_chuc */
	const char *source_type;         /* "case" (code in source_ref) or after merging "finding" (source_id) */
	int64_t source_id;
	const char *source_ref;
	const char *violation_date, *discovered_date;   /* YYYY-MM-DD */
	bool complex;
	const char *summary;
	const char *no_limitation;       /* a ground of data/discipline_no_limitation.csv in force; NULL/"": none */
} discipline_new;

typedef struct discipline_step_in {
	const char *step;                /* review | council | decision */
	const char *date;                /* YYYY-MM-DD */
	const char *note;
	const char *form, *decision_ref, *deciding_body;   /* decision */
} discipline_step_in;

/* The dated lists of kinds: of excluded period (data/discipline_exclusions.csv)
 * and the grounds on which no limitation applies (data/discipline_no_limitation.csv). */
typedef enum discipline_list { DL_EXCLUSION, DL_NO_LIMITATION, DL__MAX } discipline_list;

/* A kind in force of one of those lists. */
typedef struct discipline_exclusion_kind {
	const char *kind, *name_vi, *name_en, *source;
} discipline_exclusion_kind;

/* A period recorded on a case (its kind named by the latest version of the list). */
typedef struct discipline_exclusion {
	int64_t id, recorded_at;
	const char *kind, *name_vi, *name_en, *start_date, *end_date, *reason, *recorded_by;   /* end_date "": open */
} discipline_exclusion;

typedef struct discipline_exclusion_in {
	const char *kind, *start_date, *end_date, *reason;   /* end_date NULL or "": open */
} discipline_exclusion_in;

typedef struct discipline_row {
	int64_t id, account_id, unit_id, source_id, duty_id, opened_by;
	const char *code, *login, *name, *unit_code, *regime, *source_type, *source_ref, *violation_date, *discovered_date,
	           *summary, *step, *review_date, *council_date, *decision_date, *form, *form_name_vi, *decision_ref,
	           *deciding_body;
	const char *no_limitation;       /* the ground no limitation applies on ("" none) */
	bool leader, complex;
	int64_t opened_at;
	/* computed on reading */
	const char *handling_due;
	discipline_warning warning;
	/* discipline_get only: the excluded periods, and their days up to today (each day once) */
	discipline_exclusion *exclusions;
	int nexclusions;
	int32_t excluded_days;
} discipline_row;

/* Each in its own transaction (nested in a form POST's). */
int discipline_open(db *d, const auth_actor *by, const discipline_new *in, arena *a, const char **code, err *e) MB_MUST_CHECK;
int discipline_record_step(db *d, const auth_actor *by, const char *code, const discipline_step_in *in, arena *a,
                           err *e) MB_MUST_CHECK;
/* Records a period not counted in the limitation clock (Art. 5(6)) on a
 * case not yet decided: whoever may act on it (discipline_may_act); one
 * transaction with its event discipline.excluded. *id: the period's. */
int discipline_exclude(db *d, const auth_actor *by, const char *code, const discipline_exclusion_in *in, arena *a,
                       int64_t *id, err *e) MB_MUST_CHECK;
/* Ends an open period on end_date (between its start and today): the same
 * people, one transaction with discipline.exclusion_ended. */
int discipline_exclusion_end(db *d, const auth_actor *by, const char *code, int64_t id, const char *end_date, arena *a,
                             err *e) MB_MUST_CHECK;
/* A period's id from the path: MB_ENOTFOUND unless a positive number. */
int discipline_parse_exclusion_id(const char *s, int64_t *id, err *e) MB_MUST_CHECK;
/* The kinds of a list in force today. */
int discipline_kinds(db *d, discipline_list l, arena *a, discipline_exclusion_kind **out, int *n, err *e) MB_MUST_CHECK;
/* 1 when the actor may read it, 0 not (or absent), <0. */
int discipline_get(db *d, const auth_actor *actor, const char *code, arena *a, discipline_row *out, err *e) MB_MUST_CHECK;
/* Whether the actor handles the case (records its steps): an inspector, or a head over the official's
 * unit (over the unit above it, for a leader). */
bool discipline_may_act(db *d, const auth_actor *a, const discipline_row *x);
/* The forms of a regime in force today, lightest first. */
int discipline_forms_for(db *d, const char *regime, arena *a, discipline_form **out, int *n, err *e) MB_MUST_CHECK;
/* An official's discipline cases, newest first. */
int discipline_of_official(db *d, int64_t account_id, arena *a, discipline_row **out, int *n, err *e) MB_MUST_CHECK;
/* The section "Kỷ luật" of an official's record page (HTML into r): for the
 * lead to call from the record page; the caller has checked that the
 * visitor may see the record. */
int discipline_official_section(web_req *r, db *d, int64_t account_id, err *e) MB_MUST_CHECK;
int discipline_load_reference(db *d, err *e) MB_MUST_CHECK;
int discipline_ensure_reference(db *d, err *e) MB_MUST_CHECK;
void discipline_install(void);
void discipline_pages_install(void);   /* pages.c: /discipline/new, /discipline/{code} */
/* One discipline case in progress, from the demo's case at fault. */
int discipline_load_demo(db *d, err *e) MB_MUST_CHECK;

#endif
