/* repo.h — the dossiers' SQL (internal to dossier/). Rows come from the arena. */
#ifndef MB_DOSSIER_REPO_H
#define MB_DOSSIER_REPO_H

#include "base/arena.h"
#include "db/db.h"
#include "dossier/dossier.h"

typedef struct dossier_row {
	int64_t id, procedure_id, unit_id, rule_set_id, citizen_account_id;
	int64_t holder_account_id, holder_unit_id;
	const char *code, *secret_hash, *channel, *state;
	const char *applicant_name, *applicant_id_number, *applicant_phone, *applicant_email, *applicant_address;
	int64_t submitted_at, received_at, due_at, original_due_at, paused_at, finished_at;   /* 0 = none */
	int supplement_requests, extensions, late;
	const char *risk, *reason, *result_note;
	int64_t version;
	int64_t step_due_at;   /* due time of the step it is in now (read only), 0 none */
} dossier_row;

typedef struct dossier_step_row {
	int64_t id, holder_account_id, holder_unit_id;
	const char *kind, *holder_name, *holder_title, *note;
	const char *unit_code, *unit_name_vi, *unit_name_en;   /* of the holding unit, read with the step */
	int64_t started_at, due_at, ended_at;   /* 0 = none */
} dossier_step_row;

typedef struct dossier_doc_row {
	int64_t procedure_document_id;
	int ordinal;
	const char *name, *file_sha256;      /* file NULL when none */
	bool provided;
	const char *supplement_reason;       /* NULL when not requested */
} dossier_doc_row;

typedef struct dossier_account {
	int64_t id, unit_id;
	const char *login, *display_name, *title, *role;
} dossier_account;

/* 1 found, 0 not, negative on error. */
MB_MUST_CHECK int dossier_repo_get(db *d, const char *code, arena *a, dossier_row *out, err *e);
MB_MUST_CHECK int dossier_repo_insert(db *d, dossier_row *row, err *e);           /* sets row->id */
MB_MUST_CHECK int dossier_repo_update(db *d, const dossier_row *row, err *e);     /* all mutable columns, version + 1 */
MB_MUST_CHECK int dossier_repo_next_serial(db *d, const char *prefix, int *serial, err *e);

MB_MUST_CHECK int dossier_repo_step_open(db *d, int64_t dossier_id, const char *kind, const dossier_account *holder,
                           int64_t holder_unit_id, int64_t started, int64_t due, const char *note, err *e);
MB_MUST_CHECK int dossier_repo_step_close(db *d, int64_t dossier_id, int64_t ended, err *e);
MB_MUST_CHECK int dossier_repo_steps(db *d, int64_t dossier_id, arena *a, dossier_step_row **out, int *n, err *e);

MB_MUST_CHECK int dossier_repo_doc_set(db *d, int64_t dossier_id, int64_t procedure_document_id, bool provided,
                         const char *file_sha256, err *e);
MB_MUST_CHECK int dossier_repo_docs(db *d, int64_t dossier_id, arena *a, dossier_doc_row **out, int *n, err *e);
MB_MUST_CHECK int dossier_repo_supplement_item(db *d, int64_t dossier_id, int64_t procedure_document_id,
                                 const char *reason, err *e);

MB_MUST_CHECK int dossier_repo_apology_add(db *d, int64_t dossier_id, int64_t unit_id, const char *reason, int64_t old_due,
                             int64_t new_due, int64_t issued, bool late, int64_t account_id, err *e);

/* The latest apology of a dossier: 1 found, 0 none. */
MB_MUST_CHECK int dossier_repo_apology_last(db *d, int64_t dossier_id, arena *a, const char **reason, int64_t *old_due,
                              int64_t *new_due, int64_t *issued);
/* The title of form `no` in a rule set: 1 found, 0 not (the rule set has no such form). */
MB_MUST_CHECK int dossier_repo_form_title(db *d, int64_t rule_set_id, const char *no, arena *a, const char **title);
MB_MUST_CHECK int dossier_repo_account(db *d, const char *login, int64_t id, arena *a, dossier_account *out, err *e);

/* Lists: the dossiers held by an account, of a unit (received or held
 * there), or of a citizen; open ones by due time (none last) then id, or all
 * of them newest first. A page at a time from the cursor (the last row of the
 * previous page; NULL: the first page), each list walking its own index
 * (sql/0022_queues.sql): a page costs the same at any size of the history. */
typedef struct dossier_cursor {
	int64_t due_at;   /* the last row's due time (0: none); open lists only */
	int64_t id;       /* the last row's id; 0: the first page */
} dossier_cursor;
MB_MUST_CHECK int dossier_repo_list(db *d, int64_t holder_account_id, int64_t unit_id, int64_t citizen_account_id,
                      bool open_only, const dossier_cursor *after, int limit, arena *a, dossier_row **out, int *n,
                      err *e);
/* How many open dossiers the list holds (one of the three keys set, the
 * others 0), from the counts kept by triggers (sql/0024_queue_pages.sql). */
MB_MUST_CHECK int dossier_repo_open_count(db *d, int64_t holder_account_id, int64_t unit_id, int64_t citizen_account_id,
                            int64_t *out, err *e);
/* Open dossiers the risk job can still change at now (not those marked overdue with their due time past). */
MB_MUST_CHECK int dossier_repo_open_due(db *d, int64_t now, arena *a, dossier_row **out, int *n, err *e);
MB_MUST_CHECK int dossier_repo_set_risk(db *d, int64_t id, const char *risk, err *e);
/* The due time of the step a dossier is in now, 0 none. */
int64_t dossier_repo_step_due(db *d, int64_t dossier_id);

/* The public apology register: per unit, the number of apology letters. */
/* The apology letters an official issued (the holder of the late dossier), newest first. */
typedef struct dossier_apology_of { const char *code, *reason; int64_t issued_at; bool late; } dossier_apology_of;
MB_MUST_CHECK int dossier_repo_apologies_of(db *d, int64_t account, int limit, arena *a, dossier_apology_of **out, int *n, err *e);
/* How many since (UTC). */
MB_MUST_CHECK int dossier_repo_apologies_count(db *d, int64_t account, int64_t since, int64_t *count, err *e);
MB_MUST_CHECK int dossier_repo_apology_register(db *d, json_t *arr, err *e);

#endif
