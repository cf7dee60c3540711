/* inspections.h — public-duty inspections (thanh tra / kiểm tra công vụ;
 * issue #11 item 2, R15; LEGAL-RULES-2 §4a, §5, §8; docs/oversight.md):
 * by the Provincial Inspectorate (thanh tra), the home-affairs teams (kiểm
 * tra công vụ) and units' heads (self-inspection, tự kiểm tra). An annual
 * plan and surprise inspections; the team; the units, desks and officials
 * inspected; the checklist in force on the planned date (data/duty_checklist.csv);
 * evidence in the content-addressed store (hash in the event); findings per
 * official or per unit with a severity; a conclusion with recommendations to
 * the inspected unit's head, each with a deadline; commendations.
 *
 * States: planned → started → concluded. A surprise inspection is visible
 * only to its team until it starts (404 to everyone else, the inspected
 * unit's head included). A counter recording the team member has opened
 * with a reason is attached as evidence by reference (its bytes stay in the
 * recordings' store) and held while it is evidence. Concluded inspections are
 * published (/inspections/published) without the names of the officials
 * inspected or found at fault. */
#ifndef MB_INSPECTIONS_H
#define MB_INSPECTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "auth/auth.h"
#include "base/arena.h"
#include "base/err.h"
#include "db/db.h"

typedef enum insp_state { IS_PLANNED, IS_STARTED, IS_CONCLUDED, IS__MAX } insp_state;
typedef enum insp_cmd { IC_START, IC_CHECK, IC_FINDING, IC_COMMEND, IC_CONCLUDE, IC_RECORDING, IC__MAX } insp_cmd;
typedef enum insp_body { IB_INSPECTORATE, IB_HOME_AFFAIRS, IB_SELF, IB__MAX } insp_body;
typedef enum insp_kind { IK_PLANNED, IK_SURPRISE, IK__MAX } insp_kind;
typedef enum insp_severity { SEV_MINOR, SEV_MODERATE, SEV_SERIOUS, SEV__MAX } insp_severity;
typedef enum insp_result { IR_PASS, IR_FAIL, IR_NA, IR__MAX } insp_result;

/* Evidence: at most this many bytes a file, this many files a finding. */
enum { INSP_EVIDENCE_MAX = 10 * 1024 * 1024, INSP_EVIDENCE_FILES = 4 };

/* --- pure rules (inspections/rules.c) --- */
const char *insp_state_name(insp_state s);        /* "planned" */
const char *insp_state_label_vi(insp_state s);    /* msgid */
int  insp_state_parse(const char *s, insp_state *out);
const char *insp_body_name(insp_body b);          /* "inspectorate" */
const char *insp_body_label_vi(insp_body b);
int  insp_body_parse(const char *s, insp_body *out);
const char *insp_kind_name(insp_kind k);          /* "planned", "surprise" */
const char *insp_kind_label_vi(insp_kind k);
int  insp_kind_parse(const char *s, insp_kind *out);
const char *insp_severity_name(insp_severity s);  /* "minor" */
const char *insp_severity_label_vi(insp_severity s);
int  insp_severity_parse(const char *s, insp_severity *out);
const char *insp_result_name(insp_result r);      /* "pass", "fail", "na" */
const char *insp_result_label_vi(insp_result r);
int  insp_result_parse(const char *s, insp_result *out);

/* The state after cmd in s, or MB_ECONFLICT naming why not. Only a member
 * of the team acts on an inspection (MB_EFORBIDDEN otherwise). */
int  insp_rules_next(insp_state s, insp_cmd c, bool team, insp_state *next, err *e);
/* The body an actor's role inspects as: the Provincial Inspectorate
 * (inspector), the home-affairs team (home_affairs_inspector), a unit head's
 * self-inspection; MB_EFORBIDDEN for every other role. */
int  insp_rules_body_for(auth_role role, insp_body *out, err *e);

/* Who is looking at an inspection. */
typedef struct insp_viewer {
	bool signed_in, team;
	auth_role role;
	bool head_over_target;   /* a unit head of an inspected unit or one above it */
	bool head_over_owner;    /* a unit head of the inspecting unit or one above it */
	bool target_official;    /* an official named among those inspected */
} insp_viewer;
/* Whether the viewer may know the inspection exists: its team always; a
 * surprise inspection nobody else until it starts; then (and for a planned
 * one) both inspectors, the heads above the inspected or the inspecting unit,
 * and the officials inspected. Never the administrator, the overseer, the
 * public or other staff. */
bool insp_rules_visible(insp_kind k, insp_state s, const insp_viewer *v);

/* The checklist version in force on date (YYYY-MM-DD): the latest valid_from
 * ≤ date whose valid_to (NULL or "" open) ≥ date; NULL when none. */
typedef struct insp_checklist_span {
	const char *version, *valid_from, *valid_to;
} insp_checklist_span;
const char *insp_rules_checklist_version(const insp_checklist_span *spans, int n, const char *date);

/* An evidence file: sniffed (db_file_sniff of its bytes, NULL unknown), the
 * type the client declared (NULL/"" or application/octet-stream: none) and
 * the file's name (its extension must agree). 0 and *type, or an error
 * naming field: empty, over max (MB_ETOOBIG), not PDF/JPEG/PNG, or disguised
 * (declared or named as another type). */
int  insp_rules_evidence(const char *sniffed, const char *declared, const char *filename, size_t size, size_t max,
                         const char *field, const char **type, err *e);
/* A recommendation's deadline (YYYY-MM-DD): after today, within 366 days. */
int  insp_rules_check_due(const char *due, int32_t today, const char *field, err *e);
/* A planned date (YYYY-MM-DD): within [today - 366, today + 731] days. */
int  insp_rules_check_planned(const char *date, int32_t today, int32_t *day, err *e);

/* Attaching a counter recording as evidence (IC_RECORDING, after
 * insp_rules_next and the recordings room's own checks: it exists in the
 * actor's sight, its bytes are kept, the actor opened it with a reason): the
 * facts the service found, checked in this order. */
typedef struct insp_recording_facts {
	bool unit_inspected;     /* the recording's desk is of a unit inspected (or one below it) */
	bool finding_given;      /* a finding was named */
	bool finding_found;      /* ... and it is a finding of this inspection */
	bool attached;           /* the recording is already evidence of this inspection */
} insp_recording_facts;
int  insp_rules_recording(const insp_recording_facts *f, err *e);

/* Whether an inspection is published: concluded only (a surprise inspection
 * not started, or any inspection under way, never shows). */
bool insp_rules_published(insp_kind k, insp_state s);

/* The progress of a recommendation, from the head's item it opened (duty). */
typedef enum insp_progress { IP_OPEN, IP_LATE, IP_DONE, IP_DONE_LATE, IP_CANCELLED, IP__MAX } insp_progress;
const char *insp_progress_name(insp_progress p);        /* "open", "late", "done", "done_late", "cancelled" */
const char *insp_progress_label_vi(insp_progress p);
int  insp_progress_parse(const char *s, insp_progress *out);
/* state: the item's state name ("open", "overdue", "escalated", "done",
 * "cancelled"; NULL: no item, judged by due_at alone); done on time when
 * closed_at ≤ due_at; a live item past due_at at now is late. */
insp_progress insp_rules_progress(const char *state, int64_t due_at, int64_t closed_at, int64_t now);

/* Published text without the officials' names: every occurrence of each of
 * names (display names and logins of the officials inspected or found at
 * fault; those shorter than 3 bytes ignored) that stands as a word of its own
 * (no letter or digit, ASCII or not, on either side) becomes "[…]". The text
 * itself when nothing matched; otherwise a copy in a. */
const char *insp_rules_public_text(arena *a, const char *text, const char *const *names, int n);

/* --- the reference data --- */
/* Loads data/duty_checklist.csv (embedded), in the caller's transaction, with an event. */
int  inspections_load_reference(db *d, err *e);
/* The same when the table is empty (an older database). */
int  inspections_ensure_reference(db *d, err *e);

void inspections_install(void);
/* Demo: one planned inspection (the annual plan) and one concluded, with
 * findings, at the demo ward; the demo desks are made by officials_load_demo. */
int  inspections_load_demo(db *d, err *e);

#endif
