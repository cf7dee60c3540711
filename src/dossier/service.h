/* service.h — dossier commands (internal to dossier/): validate, check
 * permission, ask the rules, then change the tables and append the events in
 * one transaction. */
#ifndef MB_DOSSIER_SERVICE_H
#define MB_DOSSIER_SERVICE_H

#include "dossier/dossier.h"
#include "dossier/repo.h"
#include "web/web.h"

typedef struct dossier_upload {
	int ordinal;                 /* the procedure document it provides */
	const char *content_type;
	const void *data;
	size_t size;
} dossier_upload;

typedef struct dossier_input {
	/* a new dossier (submit_online, receive or refuse at the counter) */
	const char *procedure_code, *unit_code;
	const char *applicant_name, *applicant_id_number, *applicant_phone, *applicant_email, *applicant_address;
	int provided[32];            /* ordinals of the documents provided */
	int nprovided;
	dossier_upload uploads[16];
	int nuploads;
	/* transitions */
	const char *to_login;        /* assign, handover: the official who takes it */
	int64_t step_due;            /* handover, assign: the step's due time (0: the dossier's) */
	int64_t new_due;             /* apologize: the one new date */
	const char *reason;          /* refuse, stop, apologize, withdraw */
	int missing[32];             /* request_supplement: ordinals of the missing documents */
	const char *missing_reason[32];
	int nmissing;
	const char *note;            /* result_ready, supplement: a short note */
} dossier_input;

typedef struct dossier_result {
	const char *code;
	char secret[16];             /* set when a dossier is created: printed on the receipt */
	dossier_state state;
} dossier_result;

/* The rules in force for a dossier: its rule set and the working calendar. */
typedef struct dossier_env {
	calendar cal;
	int64_t rule_set_id;
	dossier_limits limits;
	int cutoff_min;              /* rule set default, -1 none */
	int apology_lead_days;
	int at_risk_minutes;
	const char *citation;
} dossier_env;

/* Loads the rule set in force on `day` (rule_set_id 0) or the given one, with the holidays. */
int  dossier_env_load(db *d, int64_t rule_set_id, int64_t at, arena *a, dossier_env *env, err *e);
void dossier_env_free(dossier_env *env);

/* Runs one command. code is NULL for commands that create a dossier. */
int dossier_exec(db *d, const auth_actor *actor, dossier_cmd cmd, const char *code,
                 const dossier_input *in, arena *a, dossier_result *out, err *e);

/* Whether the actor is staff in charge of the dossier (unit scope). */
bool dossier_in_scope(db *d, const auth_actor *actor, const dossier_row *row);

/* The progress of a dossier now (dossier_rules_progress with its rule set's
 * calendar and at-risk margin). The cache keeps the last rule set loaded,
 * so that a list pays for one calendar. */
typedef struct dossier_clock_cache {
	dossier_env env;
	int64_t loaded;              /* rule set id, -1 none */
	bool ok;
} dossier_clock_cache;
void dossier_clock_cache_init(dossier_clock_cache *cc);
void dossier_clock_cache_free(dossier_clock_cache *cc);
dossier_progress dossier_progress_of(db *d, dossier_clock_cache *cc, const dossier_row *row, int64_t now, arena *a);
/* The same for one dossier, without a cache. */
dossier_progress dossier_progress_now(db *d, const dossier_row *row, arena *a);
/* The same by code, for pages that list dossiers from their own rows (a
 * citizen's /me): 1 and *out, 0 no such dossier, <0 an error. */
int dossier_progress_by_code(db *d, dossier_clock_cache *cc, const char *code, int64_t now, arena *a,
                             dossier_progress *out, err *e);
/* What the staff page offers the actor on this dossier (dossier_rules_offered
 * with the dossier's rule set limits). */
unsigned dossier_offered(db *d, const auth_actor *actor, const dossier_row *row, arena *a);

/* A page of a list of dossiers for the actor, with each one's progress now.
 * view: "mine" (held by the actor), "unit" (received or held by the actor's
 * unit), "overdue" (the unit's open dossiers whose progress is overdue), NULL
 * for the role's default; a citizen always gets their own. all: finished ones
 * too (not with "overdue"). after: the code of the last dossier of the
 * previous page (keyset: the page walks its index from there), NULL the
 * first; limit: 1 to DOSSIER_PAGE_MAX rows. *next: the code to continue
 * after, NULL on the last page. The overdue list examines at most
 * DOSSIER_OVERDUE_SCAN_PAGES × limit open dossiers per page (it may end short
 * of limit, with a next link). Errors name the field: "view", "limit",
 * "after" (no such dossier, or one the actor may not see). */
#define DOSSIER_PAGE_MAX 500
#define DOSSIER_OVERDUE_SCAN_PAGES 10
typedef struct dossier_page {
	const char *view;
	bool all;
	const char *after;
	int limit;
	int64_t open_total;   /* out: the open dossiers of the list ("mine", "unit", a citizen's; without
	                       * all), from the counts kept by triggers; -1 for the others */
} dossier_page;
int dossier_list_view(db *d, const auth_actor *actor, dossier_page *pg, arena *a, dossier_row **rows,
                      dossier_progress **progress, int *n, const char **view_out, const char **next, err *e);

/* Marks open dossiers at risk or overdue; returns how many changed. */
int dossier_mark_risks(db *d, int64_t now, int *changed, err *e);

/* Tracking: the dossier when code and secret match (1), else 0 (nothing said
 * about which was wrong); failures are throttled per address. */
int dossier_track(db *d, const char *code, const char *secret, const char *addr, arena *a,
                  dossier_row *out, err *e);

/* The file store directory for attachments (<db>.files). */
const char *dossier_files_dir(void);

#endif
