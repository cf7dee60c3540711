/* cases.h — feedback (phản ánh), petitions (kiến nghị), complaints (khiếu
 * nại) and denunciations (tố cáo) from every channel (plan 262 R1, R8, R9).
 *
 * A case is received, accepted for handling (or not accepted with a reason,
 * or transferred to the competent unit), assigned, verified (written
 * findings), concluded, and its result published; the reporter then says
 * whether they are satisfied. "Published" is closed, not fixed: only the
 * reporter or an inspector confirms a case as resolved; an unsatisfied
 * reporter reopens it, and past the rule set's reopen limit it goes up to the
 * unit above.
 *
 * The lifecycle is a pure state machine (cases/rules.c); the legal clocks are
 * versioned data (case_rule_sets, case_clocks); every command runs in one
 * transaction with its ledger event (cases/service.c). The reporter's identity
 * is sealed in a vault (cases/vault.c): only the handler and inspectors open
 * it, never staff of the unit reported on, and every opening is an event. */
#ifndef MB_CASES_H
#define MB_CASES_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "auth/auth.h"
#include "base/arena.h"
#include "base/calendar.h"
#include "base/err.h"
#include "db/db.h"
#include "ledger/ledger.h"

typedef enum case_kind {
	CK_FEEDBACK,        /* phản ánh */
	CK_PETITION,        /* kiến nghị */
	CK_COMPLAINT,       /* khiếu nại */
	CK_DENUNCIATION,    /* tố cáo */
	CK_INFORMATION,     /* thông tin nặc danh có nội dung tố cáo (Law on Denunciation Art. 25) */
	CK__MAX
} case_kind;

typedef enum case_state {
	CS_NONE,
	CS_RECEIVED,        /* tiếp nhận: initial handling clock runs */
	CS_NOT_ACCEPTED,    /* không thụ lý, with the reason (final) */
	CS_ACCEPTED,        /* thụ lý: settlement clock runs */
	CS_ASSIGNED,        /* giao người xử lý */
	CS_VERIFIED,        /* đã xác minh: written findings recorded */
	CS_CONCLUDED,       /* đã kết luận: at fault or not */
	CS_PUBLISHED,       /* kết quả đã công khai: closed, not yet confirmed fixed */
	CS_REOPENED,        /* the reporter was not satisfied: handled again */
	CS_RESOLVED,        /* confirmed by the reporter or an inspector (final) */
	CS_WITHDRAWN,       /* rút đơn, in writing, before the conclusion (final) */
	CS__MAX
} case_state;

typedef enum case_cmd {
	CC_RECEIVE,         /* anyone (web, Open311, mail import) or staff (hotline, in person) */
	CC_ACCEPT,          /* head or handler of the unit: accept for handling */
	CC_NOT_ACCEPT,      /* head of the unit: not accepted, reason required */
	CC_TRANSFER,        /* staff of the unit: to the competent unit, reason required ("no wrong door") */
	CC_ASSIGN,          /* head: to an official (reassign too) */
	CC_EXTEND,          /* head: extend the phase's due time, as the clock's limits allow */
	CC_VERIFY,          /* handler: written verification findings */
	CC_CONCLUDE,        /* handler or head: conclusion, at fault or not */
	CC_PUBLISH,         /* head: publish the redacted result (and the apology when at fault) */
	CC_RATE,            /* reporter (by secret or account): satisfied → resolved; unsatisfied → reopened */
	CC_CONFIRM,         /* inspector: confirms a published case as resolved */
	CC_WITHDRAW,        /* reporter, in writing, before the conclusion */
	CC__MAX
} case_cmd;

typedef enum case_category {
	CCAT_HARASSMENT,    /* nhũng nhiễu, gây phiền hà */
	CCAT_RUDENESS,      /* thái độ, ứng xử không đúng mực */
	CCAT_DELAY,         /* chậm trễ, để hồ sơ quá hạn */
	CCAT_MONEY,         /* đòi tiền, quà, "bồi dưỡng" */
	CCAT_EXTRA_PAPERS,  /* đòi giấy tờ ngoài quy định */
	CCAT_REGULATION,    /* về quy định hành chính (Decree 20/2008) */
	CCAT_OTHER,
	CCAT__MAX
} case_category;

typedef enum case_channel {
	CH_WEB, CH_HOTLINE, CH_IN_PERSON, CH_EMAIL, CH_OPEN311, CH_POST, CH__MAX
} case_channel;

/* --- names (pure, cases/rules.c); labels are Vietnamese msgids --- */
const char *case_kind_name(case_kind k);            /* "denunciation" */
const char *case_kind_label_vi(case_kind k);        /* "Tố cáo" */
int  case_kind_parse(const char *s, case_kind *out);
const char *case_state_name(case_state s);
const char *case_state_label_vi(case_state s);
int  case_state_parse(const char *s, case_state *out);
const char *case_cmd_name(case_cmd c);              /* "not_accept" */
int  case_cmd_parse(const char *s, case_cmd *out);
const char *case_category_name(case_category c);    /* "harassment" */
const char *case_category_label_vi(case_category c);
int  case_category_parse(const char *s, case_category *out);
const char *case_channel_name(case_channel c);      /* "in_person" */
const char *case_channel_label_vi(case_channel c);
int  case_channel_parse(const char *s, case_channel *out);
bool case_state_final(case_state s);
/* Open311 status of a state: "closed" for not accepted, published, resolved
 * and withdrawn; "open" otherwise. */
const char *case_state_open311(case_state s);

/* --- the legal clock of a kind and phase (versioned data) --- */
typedef enum case_phase { CP_INITIAL, CP_SETTLE, CP__MAX } case_phase;
typedef struct case_clock {
	int days;
	cal_unit unit;
	int extension_limit;
	int extension_days;
	const char *citation;
} case_clock;
typedef struct case_rules {
	int64_t rule_set_id;
	int reopen_limit;
	int remind_working_hours;
	const char *citation;
	case_clock clocks[CK__MAX][CP__MAX];
} case_rules;

/* --- pure rules --- */
typedef struct case_snapshot {
	case_state state;
	case_kind kind;
	bool anonymous;
	int phase_extensions;
	int reopened;
	int64_t handler_account_id;
	int64_t reporter_account_id;
	int64_t due_at;
} case_snapshot;

typedef struct case_actor {
	int64_t account_id;
	auth_role role;
	bool anonymous_reporter;   /* not signed in, proved the follow-up secret */
	bool is_reporter;          /* the reporter (signed in, or by the secret) */
	bool in_scope;             /* staff whose unit holds the handling unit */
	bool in_subject_unit;      /* covered by a denunciation's exclusion set (or the official reported on) */
} case_actor;

/* --- who a denunciation names: its exclusion set (pure) ---
 * A protected case (a denunciation, or anonymous information) keeps the set
 * of officials and units it names (table case_subjects): the official named
 * by the report with the unit they actually belong to, else the unit the
 * report names; and every official a conclusion at fault names. Nobody the
 * set covers sees, handles, is assigned, is notified of or opens it. */
typedef enum case_subject_scope {
	CSS_PERSON,         /* the account only */
	CSS_UNIT,           /* the account and the staff of the unit itself (the province's root) */
	CSS_SUBTREE,        /* the account and the staff of the unit and every unit below it */
} case_subject_scope;
typedef struct case_subject {
	int64_t account_id;             /* 0: none */
	int64_t unit_id;                /* 0: none */
	case_subject_scope scope;
} case_subject;
const char *case_subject_scope_name(case_subject_scope s);   /* "person", "unit", "subtree" */
/* Whether an account (0: none) of a unit — given as the chain of the unit
 * and its ancestors up to the root, chain[0] the unit itself — is covered by
 * the exclusion set. A unit alone (account 0) is covered when it is at or
 * below an excluded unit: no transfer, escalation or routing goes there. */
bool case_rules_excluded(const case_subject *s, int ns, int64_t account_id, const int64_t *chain, int nchain);
/* The scope a named official's (or unit's) unit excludes: its whole tree,
 * except the province's root (excluding the whole province would leave
 * nobody to record the case: its own staff only), and except a unit that
 * holds the handling unit when a conclusion names one of its officials (the
 * handler stays competent: the official alone). */
case_subject_scope case_rules_subject_scope(bool unit_is_root, bool unit_holds_handler);
/* Routing of a protected case (Law on Denunciation 2018 Art. 12–15): the
 * designated handlers in rank order (each as its chain, see above); the
 * first one the exclusion set does not cover handles it. *beyond is set when
 * the competence lies outside the province (the province's own People's
 * Committee — the root of the chains — is named): the handler then records
 * it and forwards it to the Government Inspectorate. Returns the index of
 * the handler; -1 when none is free (the caller records the case at the
 * province's root, which a subtree scope never covers). */
int case_rules_route(const case_subject *s, int ns, const int64_t *const *chains, const int *nchains, int nh,
                     bool *beyond);

/* The actor as the rules see it for a case (scope, unit reported on,
 * reporter by account); NULL is an anonymous caller. */
struct case_row;
case_actor case_actor_of(db *d, const auth_actor *a, const struct case_row *row);

/* Whether the command is legal in the state at all (the transition table). */
bool case_rules_allowed(case_state s, case_cmd c);
/* Decides a command: 0 and *next, or an error saying why not (who may do it,
 * the extension limit, withdrawal after the conclusion...). satisfied is
 * CC_RATE's answer. For an unsatisfied rating, *escalate says that the case
 * goes up a level (the reopen limit is reached). */
int  case_rules_decide(const case_snapshot *s, case_cmd c, const case_actor *a, const case_rules *r,
                       bool satisfied, case_state *next, bool *escalate, err *e);
/* The phase a state's clock belongs to (CP__MAX: no clock runs). */
case_phase case_rules_phase(case_state s);
/* The due time of a phase that starts at `from`. */
int64_t case_rules_due(const calendar *c, const case_clock *k, int64_t from);
/* The due time after one extension of the phase. */
int64_t case_rules_extend(const calendar *c, const case_clock *k, int64_t due_at);
/* The kind a report is handled as: an anonymous denunciation is information. */
case_kind case_rules_effective_kind(case_kind k, bool anonymous);
/* Law on Complaints Art. 9: a complaint more than 90 days after the reporter
 * learnt of the act is time-barred unless objective obstacles are shown (the
 * handler decides; this is a warning). incident_day is a day number. */
bool case_rules_time_barred(case_kind k, int64_t incident_day, int64_t received_day);
/* "DT-YYMMDD-NNNN" from the receipt time (Vietnam date) and a daily serial. */
void case_rules_code(int64_t at, int serial, char *out, size_t n);
/* Whether a string has the shape of a case code (checked before any look-up). */
bool case_rules_code_valid(const char *code);

/* --- the rows as read --- */
typedef struct case_row {
	int64_t id;
	const char *code, *secret_hash, *kind, *category, *channel, *title, *body, *incident_date,
	           *dossier_code, *subject_name, *state, *risk, *findings, *conclusion, *result_summary,
	           *reason, *satisfaction, *confirmed_by, *open311_token, *address_string, *lang;
	bool anonymous, late, has_lat;
	int at_fault;                  /* -1 not concluded, 0 no, 1 yes */
	int64_t subject_unit_id, subject_account_id, unit_id, handler_account_id, reporter_account_id,
	        entered_by, rule_set_id;
	int64_t received_at, accepted_at, due_at, concluded_at, published_at, closed_at,
	        reminded_at, overdue_at;   /* UTC seconds, 0 when unset */
	int64_t step_started_at;       /* when the step in progress began; 0 when none is (a final state) */
	int phase_extensions, transfers, reopened, escalations, version;
	double lat, lon;
	/* joined for display */
	const char *unit_code, *unit_name_vi, *unit_name_en, *subject_unit_code, *subject_unit_name_vi,
	           *handler_name, *handler_title, *subject_official_name, *subject_official_title;
} case_row;

typedef struct case_step_row {
	const char *state, *unit_code, *unit_name_vi, *unit_name_en, *account_name, *account_title, *note;
	int64_t started_at, ended_at, due_at;
} case_step_row;

typedef struct case_identity {
	const char *name, *address, *phone, *email, *id_number;
} case_identity;

/* --- commands (cases/service.c) --- */
typedef struct case_upload {
	const char *name;            /* the type is sniffed from the bytes (db_file_sniff) */
	const void *data;
	size_t size;
	bool sealed;                 /* handwriting or identity scan: stored encrypted */
} case_upload;

struct case_result;

typedef struct case_input {
	/* CC_RECEIVE */
	const char *kind, *category, *channel;   /* names; channel defaults to web */
	const char *title, *body, *incident_date;
	const char *unit_code;                   /* the unit reported on (or the unit addressed) */
	const char *official_login;              /* the official reported on, when known */
	const char *subject_name;                /* the official as the reporter named them */
	const char *dossier_code;                /* the dossier concerned */
	const char *inspection;                  /* the business inspection concerned (its code), checked by the
	                                          * room that keeps it (case_set_inspection_check) */
	bool anonymous;
	case_identity identity;                  /* sealed into the vault; empty when anonymous */
	case_upload uploads[8];
	int nuploads;
	double lat, lon;
	bool has_lat;
	const char *address_string;
	const char *lang;                        /* "vi" | "en": the reporter's language for e-mail */
	/* transitions */
	const char *to_unit;                     /* transfer */
	const char *to_login;                    /* assign */
	const char *reason;                      /* not_accept, transfer, extend, withdraw, rate (why unsatisfied) */
	const char *findings;                    /* verify */
	const char *conclusion;                  /* conclude */
	int at_fault;                            /* conclude: 1 at fault, 0 not */
	const char *sanction;                    /* conclude at fault: the sanction on the official's record */
	int corruption;                          /* conclude at fault: 1 when the officials' fault is corruption
	                                          * (nhũng nhiễu vì vụ lợi, đòi tiền: Law 36/2018 Art. 2); 0 not */
	const char *result_summary;              /* publish: redacted summary */
	const char *officials;                   /* conclude at fault: the logins of the officials concerned
	                                          * (comma, space or newline separated; default: the official reported on) */
	const char *apology_what_wrong, *apology_what_done, *apology_remedy;  /* publish at fault */
	bool satisfied;                          /* rate */
	const char *secret;                      /* rate, withdraw by a reporter without an account */
	const char *client_addr;                 /* receive: the sender's address, for the spam limit */
	/* receive: called inside the command's transaction once the case and its
	 * event exist (r->code, r->secret set), before the commit; an error rolls
	 * everything back. The e-mail import records the message and queues the
	 * receipt here, so that a message is filed once and never half. */
	int (*on_received)(db *d, const struct case_result *r, void *ctx, err *e);
	void *on_received_ctx;
} case_input;

typedef struct case_result {
	const char *code;
	char secret[16];             /* when a case is created: the follow-up passphrase */
	case_state state;
	int64_t event_seq;           /* the ledger event of the command */
	const char *event_hash;
	int64_t event_at;            /* the event's time */
	const char *kind, *unit_code; /* the case as the command left it */
	int64_t due_at;
	int64_t at;
} case_result;

/* Runs one command in one transaction. actor NULL: an anonymous reporter (web,
 * Open311, mail) — only CC_RECEIVE, or CC_RATE / CC_WITHDRAW with in->secret.
 * code is NULL for CC_RECEIVE. */
int case_exec(db *d, const auth_actor *actor, case_cmd cmd, const char *code, const case_input *in,
              arena *a, case_result *out, err *e);

/* A case by code (1, 0 or <0), with its display joins. */
int case_get(db *d, const char *code, arena *a, case_row *out, err *e);
int case_steps(db *d, int64_t case_id, arena *a, case_step_row **out, int *n, err *e);
/* Staff queues. view: "mine" (handled by the actor), "unit" (the actor's
 * scope), "overdue" (overdue in scope), "all" (inspectors and overseers).
 * Denunciations are never listed to staff of the unit reported on. Newest
 * first; limit ≤ 500; after: the code of the last case of the previous page
 * (NULL: the first page) — keyset pages, no OFFSET. */
typedef struct case_filter {
	const char *view, *state, *kind;
	int limit;
	const char *after;
} case_filter;
int case_list(db *d, const auth_actor *actor, const case_filter *f, arena *a, case_row **out, int *n, err *e);

/* Officials a case may be assigned to: processing officials and heads of the
 * handling unit and below, excluding the official reported on and, for a
 * denunciation, staff of the unit reported on. */
typedef struct case_person {
	int64_t id, unit_id;
	const char *login, *display_name, *title, *role, *unit_code;
} case_person;
int case_assignees(db *d, const case_row *row, arena *a, case_person **out, int *n, err *e);

/* An official by login, as shown publicly (name, position, unit): 1, or 0
 * when there is none (a citizen's account is never an official). */
int case_official(db *d, const char *login, arena *a, case_person *out, err *e);

/* Attachments of a case (sealed ones are listed only to those who may open the vault). */
typedef struct case_file_row {
	const char *sha256, *name, *content_type;
	int64_t size;
	bool sealed;
} case_file_row;
int case_files(db *d, int64_t case_id, arena *a, case_file_row **out, int *n, err *e);

/* One attachment's bytes, for staff who may see the case. A sealed file (a
 * handwritten letter, an identity scan) opens like the identity: the handler
 * or an inspector, with a reason, recorded as case.identity_opened. A file
 * the actor may not have answers MB_ENOTFOUND (or MB_EFORBIDDEN for a sealed
 * one of a visible case). */
int case_file_open(db *d, const auth_actor *actor, const char *code, const char *sha, const char *reason,
                   arena *a, case_file_row *meta, unsigned char **data, size_t *n, err *e);

/* The apology of a case, when one was published: 1, 0 or <0. */
typedef struct case_apology_row {
	const char *what_wrong, *what_done, *remedy;
	int64_t published_at;
} case_apology_row;
int case_apology(db *d, int64_t case_id, arena *a, case_apology_row *out, err *e);

/* An official's record (R1, R9): the sanctions decided on cases found at
 * fault. Readable by the official, the heads of their unit and the units
 * above, and inspectors; MB_EFORBIDDEN otherwise, MB_ENOTFOUND for no such
 * official. */
typedef struct case_sanction_row {
	const char *code, *sanction, *unit_code, *kind, *category;
	int64_t decided_at;
} case_sanction_row;
int case_official_record(db *d, const auth_actor *actor, const char *login, arena *a, case_person *official,
                         case_sanction_row **out, int *n, err *e);
/* The reports naming an official (the official reported on), newest first, at
 * most limit, for the official's record: feedback, petitions and complaints
 * only — never a denunciation or anonymous information, whose existence the
 * official reported on must not learn. at_fault: -1 not concluded, 0, 1. */
typedef struct case_naming_row {
	const char *code, *kind, *state;
	int at_fault;
	int64_t received_at;
} case_naming_row;
int case_official_reports(db *d, int64_t account_id, int limit, arena *a, case_naming_row **out, int *n, err *e);

/* Follow-up by code and secret: 1 when both match, 0 otherwise (nothing said
 * about which); failures are throttled per address (MB_ELIMIT). */
int case_follow(db *d, const char *code, const char *secret, const char *addr, arena *a,
                case_row *out, err *e);
/* Whether staff may see the case: its handling unit is in their scope, and for
 * a denunciation its exclusion set does not cover them; inspectors see every
 * other case, overseers every case but denunciations (without the vault). */
bool case_visible(db *d, const auth_actor *actor, const case_row *row);
/* Whether the actor is the official reported on, or (for a denunciation) is
 * covered by its exclusion set (case_subjects). Fails closed. */
bool case_excluded(db *d, const auth_actor *actor, const case_row *row);
/* Whether a unit is at or below a unit a denunciation's exclusion set names:
 * no transfer, escalation or routing goes there (nor is it offered). */
bool case_unit_excluded(db *d, const case_row *row, int64_t unit_id);

/* The vault. Opens the reporter's identity for the handler or an inspector,
 * with a reason; records the opening (table and ledger event) in the same
 * transaction. MB_EFORBIDDEN for anyone else: the official reported on never,
 * and for a denunciation nobody of the unit denounced, even a handler. 1
 * opened, 0 no identity (anonymous). */
int case_identity_open(db *d, const auth_actor *actor, const char *code, const char *reason,
                       arena *a, case_identity *out, err *e);
/* For the mailer only (never shown): the reporter's e-mail address, "" if none. */
int case_identity_email(db *d, const case_row *row, arena *a, const char **email, err *e);

/* The signed receipt: the message "minhbach receipt v1\ncode=…\nfiled_at=…\n
 * kind=…\nunit=…\nevent_seq=N\nevent_hash=H" and its Ed25519 signature with
 * the ledger key. Returns 0, or an error when the key cannot be read. */
typedef struct case_receipt {
	char message[512];
	char signature[129];
	char public_key[65];
} case_receipt;
int case_receipt_make(db *d, const case_row *row, arena *a, case_receipt *out, err *e);
/* The receipt of a report just received, from case_exec's result (no read). */
int case_receipt_of(const case_result *res, case_receipt *out, err *e);
/* Verifies a receipt message and signature against the ledger key and that
 * the event it names is in the ledger with that hash: 1 valid, 0 not. */
int case_receipt_verify(db *d, const char *message, const char *signature_hex, err *e);

/* The clocks in force (rule_set_id 0: on the day of `at`), with the calendar. */
typedef struct case_env {
	case_rules rules;
	calendar cal;
} case_env;
int  case_env_load(db *d, int64_t rule_set_id, int64_t at, arena *a, case_env *env, err *e);
void case_env_free(case_env *env);

/* Marks open cases at risk / overdue; queues reminders to handlers before a
 * due time and escalation notices to the unit head and the head of the unit
 * above when a case goes overdue (event case.overdue, counted against the
 * head). Returns how many cases changed. */
int case_mark_deadlines(db *d, int64_t now, int *changed, err *e);

/* Notifications: set by the mailer room at start-up. The service calls it
 * inside the command's transaction for each status change (to the reporter,
 * when an e-mail address is known) and for reminders and escalations (to
 * staff). kind: "status", "reminder", "escalation". */
typedef int (*case_notify_fn)(db *d, const case_row *row, const char *kind, const char *to_email,
                              const char *lang, arena *a, err *e);
void case_set_notifier(case_notify_fn fn);

/* A conclusion, as the rooms above cases see it (heads' accountability,
 * discipline): called inside the conclude command's transaction after its
 * event; an error rolls the conclusion back. */
typedef struct case_concluded {
	int64_t case_id;
	const char *code, *kind, *category;
	int64_t unit_id;                 /* the unit at fault: the unit reported on, else the handling unit */
	bool at_fault, corruption;
	int nofficials;                  /* the officials found at fault (named, or the one reported on) */
	int64_t official_ids[10], official_unit_ids[10];
	int64_t at;
} case_concluded;
typedef int (*case_conclude_fn)(db *d, const auth_actor *by, const case_concluded *c, err *e);
void case_set_conclude_hook(case_conclude_fn fn);
/* An official's record: the rooms above cases add their part (e.g.
 * discipline) to the JSON of GET /api/v1/officials/{login}/record. */
struct json_t;
typedef int (*case_record_fn)(db *d, int64_t account_id, struct json_t *record, err *e);
void case_set_record_hook(case_record_fn fn);
/* Calls the record hook (0 when none is set). */
int  case_record_extend(db *d, int64_t account_id, struct json_t *record, err *e);

/* What other rooms add to a case's staff page (the counter recordings of the
 * desks and day it is about), registered by their install and called in the
 * order registered after the case's files; so the cases room names none of them. */
typedef struct case_section {
	int (*staff)(web_req *r, db *d, const case_row *row, err *e);
} case_section;
/* Adds s (kept by pointer: a static object); the same s twice is one. */
void case_section_add(const case_section *s);

/* A report about a business inspection (src/biz registers the check): 0 when ref
 * is an inspection a business may report on, else an error naming the field
 * "inspection". Without a check set, no report names one. */
typedef int (*case_inspection_check_fn)(db *d, const char *ref, arena *a, err *e);
void case_set_inspection_check(case_inspection_check_fn fn);
/* The business inspection a case is about ("" when none): 0, or <0. */
int  case_inspection_of(db *d, int64_t case_id, arena *a, const char **ref, err *e);
/* The latest reports about business inspections, newest first (codes only: what a case is, and which
 * inspection; the Inspectorate's page). */
typedef struct case_link_row { const char *case_code, *ref, *kind, *state; int64_t at; } case_link_row;
int  case_inspection_reports(db *d, int limit, arena *a, case_link_row **out, int *n, err *e);

/* The ledger key that signs receipts (set by serve). */
void case_set_signing_keys(const ledger_keys *k);

/* Demo cases; prints codes and secrets to out. */
int  case_load_demo(db *d, FILE *out, err *e);
void cases_install(void);
void cases_jobs_start(int interval_s);
void cases_jobs_stop(void);
/* Seals a text with the vault key (the context as associated data) into
 * printable text "sealed:v1:<base64>", and opens it again. For what must be
 * kept until used but never readable at rest (a receipt's passphrase in the
 * outbox). */
int  case_vault_seal_text(const char *context, const char *text, arena *a, const char **sealed, err *e);
int  case_vault_open_text(const char *context, const char *sealed, arena *a, const char **text, err *e);
bool case_vault_is_sealed_text(const char *s);
/* The vault key file (<db>.vault.key): created by init/demo, 0600. */
int  case_vault_key_create(const char *path, err *e);
void case_vault_set_key_path(const char *path);

#endif
