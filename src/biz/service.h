/* service.h — the commands of inspections of businesses (biz/service.c), each
 * one transaction: validate, check permission, ask rules.c, write the tables
 * and the ledger event together. Shared by api.c, pages.c and demo.c. */
#ifndef MB_BIZ_SERVICE_H
#define MB_BIZ_SERVICE_H

#include "auth/auth.h"
#include "biz/repo.h"

typedef struct biz_business_in {
	const char *tax_code, *kind, *name, *address, *commune, *lines;
} biz_business_in;

typedef struct biz_import_line {
	int line;
	const char *field, *reason_vi, *reason_en;
} biz_import_line;

typedef struct biz_import_report {
	int created, changed;
	biz_import_line *rejected;
	int nrejected;
} biz_import_report;

typedef struct biz_entry_in {
	const char *tax_code, *kind, *subject, *legal_basis, *months, *team_lead;
	/* ad-hoc only */
	const char *grounds, *decision_no, *decision_date, *period_from, *period_to, *content;
} biz_entry_in;

typedef struct biz_check_stats {
	int keys, open, found, gone;
	int64_t ms;
} biz_check_stats;

/* The actor as the ledger records it; the system when NULL. */
const ledger_actor *biz_ledger_actor(const auth_actor *a);

int biz_register(db *d, const auth_actor *by, const biz_business_in *in, arena *a, biz_business *out, bool *created, err *e);
/* All or nothing: columns tax_code,kind,name,address,commune,lines. Every bad
 * row is reported (MB_EINVAL, nothing written). */
int biz_import(db *d, const auth_actor *by, const char *csv, size_t n, arena *a, biz_import_report *rep, err *e);
/* Whether the actor plans as an inspecting body: the Inspectorate, or the head of a department or agency. */
bool biz_may_plan(db *d, const auth_actor *a, arena *ar);
int biz_plan_open(db *d, const auth_actor *by, int year, arena *a, biz_plan *out, bool *created, err *e);
int biz_entry_add(db *d, const auth_actor *by, int64_t plan_id, const biz_entry_in *in, arena *a, biz_entry *out, err *e);
/* today: the Vietnam date (YYYY-MM-DD) it is submitted on. */
int biz_plan_submit(db *d, const auth_actor *by, int64_t plan_id, const char *late_reason, arena *a, biz_plan *out, err *e);
int biz_plan_approve(db *d, const auth_actor *by, int64_t plan_id, arena *a, biz_plan *out, err *e);
/* target: "a" or "b" (NULL: b, the later entry; with the State Audit, the entry). */
int biz_conflict_resolve(db *d, const auth_actor *by, int64_t id, const char *resolution, const char *target,
                         const char *justification, arena *a, biz_conflict_row *out, err *e);
/* The overlap check over every plan of a year, one transaction, one event. */
int biz_check_all(db *d, const auth_actor *by, int year, biz_check_stats *st, err *e);
/* The check of one (tax code, year), in the caller's transaction. */
int biz_check_key(db *d, const char *tax_code, int year, void *stats, err *e);
/* State Audit plan: columns tax_code,year,subject,months,note. All or nothing. */
int biz_audit_import(db *d, const auth_actor *by, const char *csv, size_t n, arena *a, biz_import_report *rep, err *e);
int biz_adhoc(db *d, const auth_actor *by, const biz_entry_in *in, arena *a, biz_entry *out, err *e);
/* MB_ECONFLICT "scope_fixed" when it widens (and the attempt is recorded). */
int biz_scope_change(db *d, const auth_actor *by, const char *code, const biz_scope *next, arena *a, biz_entry *out, err *e);
/* secret_out (≥ 16 bytes): the business's rating secret, shown once. */
int biz_start(db *d, const auth_actor *by, const char *code, const char *date, arena *a, biz_entry *out, char *secret_out, err *e);
int biz_end(db *d, const auth_actor *by, const char *code, const char *date, const char *extension_reason, arena *a,
            biz_entry *out, err *e);
int biz_conclude(db *d, const auth_actor *by, const char *code, const void *pdf, size_t n, const char *findings,
                 const char *sanctions, arena *a, biz_entry *out, err *e);
/* The business's own channel: code and secret given at the start. report_out: the
 * report form prefilled with the inspecting body and the inspection. */
int biz_rate(db *d, const char *code, const char *secret, const char *level, const char *comment, const char *addr,
             arena *a, biz_entry *out, const char **report_out, bool *created, err *e);
/* The report form's link for an inspection (the body, the inspection's code and team). */
const char *biz_report_link(arena *a, const biz_entry *en);
/* The Vietnam date of now. */
void biz_today(char out[16]);

#endif
