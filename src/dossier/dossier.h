/* dossier.h — one-stop-shop dossiers (hồ sơ thủ tục hành chính): receipt,
 * tracked handovers, the one-supplement rule, working-day deadlines, apology
 * letters, public tracking (plan 262 R3, R4, R9, R11).
 *
 * The lifecycle is a pure state machine (dossier/rules.c): a command on a
 * dossier in a state either is refused with a reason or yields the next
 * state; the service (dossier/service.c) applies it with its events in one
 * transaction. */
#ifndef MB_DOSSIER_H
#define MB_DOSSIER_H

#include <stdbool.h>
#include <stdio.h>
#include <stdint.h>

#include "auth/auth.h"
#include "base/calendar.h"
#include "base/err.h"

typedef enum dossier_state {
	DS_NONE,             /* not yet recorded */
	DS_SUBMITTED,        /* submitted online, waiting for the one-stop to check it */
	DS_REFUSED,          /* refused at reception, with the reason (Form 03) */
	DS_RECEIVED,         /* received; receipt and appointment slip issued (Form 01) */
	DS_PROCESSING,       /* held by an official */
	DS_SUPPLEMENT,       /* sent back to the citizen to supplement (Form 02); clock per policy */
	DS_STOPPED,          /* processing stopped, with the reason (Form 05) */
	DS_RESULT_READY,     /* the result waits at the one-stop */
	DS_RETURNED,         /* the result was handed to the citizen */
	DS_WITHDRAWN,        /* withdrawn at the citizen's request */
	DS__MAX
} dossier_state;

typedef enum dossier_cmd {
	DC_SUBMIT_ONLINE,       /* citizen: submit with attachments */
	DC_RECEIVE,             /* counter: receive (a paper dossier, or an online one after checking) */
	DC_REFUSE,              /* counter: refuse to receive, reason required */
	DC_ASSIGN,              /* counter or head: hand the received dossier to an official */
	DC_HANDOVER,            /* holder or head: hand over to another official or unit, with a due time */
	DC_REQUEST_SUPPLEMENT,  /* holder: ask for supplement — at most the rule set's limit (once) */
	DC_SUPPLEMENT,          /* citizen (online) or counter (paper): the missing papers arrive */
	DC_APOLOGIZE,           /* holder or head: apology letter with one new date (Form 04) */
	DC_STOP,                /* holder or head: stop processing, reason required (Form 05) */
	DC_RESULT_READY,        /* holder: the result is ready */
	DC_RETURN,              /* counter: the result is returned */
	DC_WITHDRAW,            /* citizen: withdraw */
	DC__MAX
} dossier_cmd;

/* What the rules need to know about a dossier. */
typedef struct dossier_snapshot {
	dossier_state state;
	int supplement_requests;   /* supplement requests made so far */
	int extensions;            /* apology letters with a new date so far */
	int64_t due_at;            /* current due time (UTC), 0 if none yet */
	int64_t holder_account_id; /* who holds it now, 0 if nobody */
	int64_t citizen_account_id;
} dossier_snapshot;

typedef struct dossier_limits {
	int supplement_limit;      /* 1 under Decree 118 Art. 11 and plan 262 */
	int extension_limit;       /* 1 */
} dossier_limits;

/* The actor as the rules see it. */
typedef struct dossier_actor {
	int64_t account_id;
	auth_role role;
	bool in_scope;             /* the dossier's unit (or the holding unit) is in the actor's scope */
} dossier_actor;

/* --- pure rules (dossier/rules.c) --- */
const char *dossier_state_name(dossier_state s);         /* "processing" */
const char *dossier_state_label_vi(dossier_state s);     /* msgid */
int  dossier_state_parse(const char *s, dossier_state *out);
const char *dossier_cmd_name(dossier_cmd c);              /* "request_supplement" */
bool dossier_state_final(dossier_state s);
/* Whether the command is legal in the state at all (the transition table). */
bool dossier_rules_allowed(dossier_state s, dossier_cmd c);
/* Decides a command: 0 and *next, or an error saying why not. The limits
 * (one supplement request, one extension) are checked here; a refusal of a
 * second supplement request has the code "supplement_limit" so that the
 * service records the attempt. now is passed in (no clock in the rules). */
int  dossier_rules_decide(const dossier_snapshot *s, dossier_cmd c, const dossier_actor *a,
                          const dossier_limits *l, int64_t now, int64_t new_due,
                          dossier_state *next, err *e);

/* Deadlines. The due time when received; the due time after the citizen
 * supplements (pause: the remaining working time continues from now;
 * restart: the full legal time counts again from now). */
typedef enum dossier_clock { DOSSIER_CLOCK_PAUSE, DOSSIER_CLOCK_RESTART } dossier_clock;
int64_t dossier_rules_due_on_resume(const calendar *c, dossier_clock policy, int64_t due_at,
                                    int64_t paused_at, int64_t now, int days, cal_unit unit, int cutoff_min);

typedef enum dossier_risk { DR_ON_TIME, DR_AT_RISK, DR_OVERDUE } dossier_risk;
const char *dossier_risk_name(dossier_risk r);
/* on time / at risk (at most at_risk_minutes of working time left) / overdue. */
dossier_risk dossier_rules_risk(const calendar *c, int64_t due_at, int64_t now, int64_t at_risk_minutes);
/* The one rule for "on time, at risk, overdue, late" of a dossier, used by
 * the tracking page's summary, the step rows, the staff lists and their
 * overdue filter, the API and Form 06. Computed at read time from the due
 * times and now, never from the risk job's stored mark (which may be up to a
 * minute old). An open dossier is overdue when its own due time OR the due
 * time of the step it is in (a handover's step due) has passed; at risk when
 * either is at most at_risk_minutes of working time away. */
typedef enum dossier_progress {
	DP_NOT_STARTED,      /* no due time yet (waiting for reception) */
	DP_PAUSED,           /* with the citizen for supplement: the clock is paused */
	DP_ON_TIME,
	DP_AT_RISK,
	DP_OVERDUE,
	DP_DONE_ON_TIME,     /* result returned in time */
	DP_DONE_LATE,        /* finished after its due time */
	DP_ENDED,            /* refused, stopped or withdrawn, not late */
} dossier_progress;
typedef struct dossier_timing {
	dossier_state state;
	int64_t due_at;            /* the dossier's due time, 0 none */
	int64_t step_due_at;       /* the due time of the step it is in now, 0 none */
	int64_t finished_at;       /* 0 while open */
	bool late;                 /* recorded when it finished */
} dossier_timing;
dossier_progress dossier_rules_progress(const calendar *c, const dossier_timing *t, int64_t now,
                                        int64_t at_risk_minutes);
/* "overdue", "at_risk", "on_time", "paused", "not_started", "done_on_time", "done_late", "ended". */
const char *dossier_progress_name(dossier_progress p);
/* Its Vietnamese label (a msgid: "Quá hạn", "Trong hạn", ...) and the class
 * of its badge (ok, risk, late, done). */
const char *dossier_progress_label_vi(dossier_progress p);
const char *dossier_progress_class(dossier_progress p);
/* The API's older "risk" field: overdue, at_risk, else on_time. */
const char *dossier_progress_risk_name(dossier_progress p);
/* Whether one step (the dossier's current one when ended_at is 0) is past its
 * due time: the same comparison as the dossier's, for the step rows. */
bool dossier_rules_step_late(int64_t step_due_at, int64_t ended_at, int64_t now);

/* The commands the rules allow this actor now, as a bit set (1u << cmd):
 * what the staff page offers. new_due candidates are chosen so that only the
 * state, the role, the holder and the limits decide. */
unsigned dossier_rules_offered(const dossier_snapshot *s, const dossier_actor *a, const dossier_limits *l,
                               int64_t now);

/* The latest moment an apology may be issued: lead_days working days before
 * the due time (Form 04 "at the latest 1 working day before the due date"). */
int64_t dossier_rules_apology_deadline(const calendar *c, int64_t due_at, int lead_days);

/* What is stored for a tracking secret: SHA-256 hex of code ':' secret. */
void dossier_secret_hash(const char *code, const char *secret, char out[65]);
/* A new tracking secret: 8 characters of an alphabet without look-alikes. */
void dossier_secret_new(char out[16]);
/* Whether secret, as typed (any case, at most 40 bytes), is the one whose
 * hash is stored for code; in constant time. */
bool dossier_secret_matches(const char *code, const char *secret, const char *stored_hash);
/* Dossier code "ABC-YYMMDD-NNNN" from the unit's code initials, the receipt
 * date (Vietnam) and a daily serial. out ≥ 32 bytes. */
void dossier_rules_code(const char *unit_code, int64_t at, int serial, char *out, size_t n);

/* Demo dossiers in several states (after the demo accounts exist); prints
 * their codes and tracking secrets to out. Each command commits on its own. */
int  dossier_load_demo(db *d, FILE *out, err *e);
void dossier_install(void);
/* The background job marking dossiers at risk / overdue every interval_s seconds. */
void dossier_jobs_start(int interval_s);
void dossier_jobs_stop(void);

#endif
