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
/* The last day a decision may be taken for a violation that ended on
 * `violation` under a form with limitation_months (0: none: INT32_MAX),
 * given the official's other violations (any order): a later violation
 * within the running period restarts it from that violation (Art. 5(1)). */
int32_t discipline_rules_limitation_end(int32_t violation, int limitation_months, const int32_t *others, int n);
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
} discipline_new;

typedef struct discipline_step_in {
	const char *step;                /* review | council | decision */
	const char *date;                /* YYYY-MM-DD */
	const char *note;
	const char *form, *decision_ref, *deciding_body;   /* decision */
} discipline_step_in;

typedef struct discipline_row {
	int64_t id, account_id, unit_id, source_id, duty_id, opened_by;
	const char *code, *login, *name, *unit_code, *regime, *source_type, *source_ref, *violation_date, *discovered_date,
	           *summary, *step, *review_date, *council_date, *decision_date, *form, *form_name_vi, *decision_ref,
	           *deciding_body;
	bool leader, complex;
	int64_t opened_at;
	/* computed on reading */
	const char *handling_due;
	discipline_warning warning;
} discipline_row;

/* Each in its own transaction (nested in a form POST's). */
int discipline_open(db *d, const auth_actor *by, const discipline_new *in, arena *a, const char **code, err *e) MB_MUST_CHECK;
int discipline_record_step(db *d, const auth_actor *by, const char *code, const discipline_step_in *in, arena *a,
                           err *e) MB_MUST_CHECK;
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
