/* internal.h — shared inside src/scores/: the counters' metric names. */
#ifndef MB_SCORES_INTERNAL_H
#define MB_SCORES_INTERNAL_H

#include "agg/agg.h"
#include "scores/scores.h"

/* Dossiers: on the day received, ended (processed, returned, stopped, withdrawn). */
#define M_RECEIVED    "d.received"
#define M_ONLINE      "d.online"
#define M_ENDED       "d.ended"
#define M_ONTIME      "d.ontime"
#define M_LATE        "d.late"        /* listed: the late dossiers */
#define M_COMPLAINED  "d.complained"  /* listed: ended dossiers with feedback or a dislike */
#define M_ERESULT     "d.eresult"
#define M_FEE         "d.fee"
#define M_PAIDONLINE  "d.paid_online"
/* Feedback and petitions (PAKN), on the day received. */
#define M_C_RECEIVED  "c.received"
#define M_C_ONTIME    "c.ontime"
#define M_C_UNSAT     "c.unsatisfied" /* listed */

/* The facts (repo.c). get: 1 found, 0 none, <0 error. */
int scores_repo_dossier_get(db *d, int64_t dossier_id, score_dossier_facts *out, err *e) MB_MUST_CHECK;
int scores_repo_dossier_by_code(db *d, const char *code, score_dossier_facts *out, err *e) MB_MUST_CHECK;
int scores_repo_dossier_put(db *d, const score_dossier_facts *f, err *e) MB_MUST_CHECK;
int scores_repo_case_get(db *d, int64_t case_id, score_case_facts *out, err *e) MB_MUST_CHECK;
int scores_repo_case_put(db *d, const score_case_facts *f, err *e) MB_MUST_CHECK;
int scores_repo_input_enable(db *d, const char *name, err *e) MB_MUST_CHECK;
int scores_repo_inputs(db *d, arena *a, const char ***names, int *n, err *e) MB_MUST_CHECK;
int scores_repo_clear_facts(db *d, err *e) MB_MUST_CHECK;
/* Whether any dossier, any dossier's facts and any indicator exist (1 or 0 each: no count of history). */
int scores_repo_counts(db *d, int64_t *dossiers, int64_t *facts, int64_t *indicators, err *e) MB_MUST_CHECK;
/* The open received dossiers' facts (partial index). */
int scores_repo_open(db *d, arena *a, score_dossier_facts **out, int *n, err *e) MB_MUST_CHECK;
/* Raw reads for the independent path and the rebuild. */
int scores_repo_raw_dossiers(db *d, arena *a, score_dossier_facts **out, int *n, err *e) MB_MUST_CHECK;
int scores_repo_raw_cases(db *d, arena *a, score_case_facts **out, int *n, err *e) MB_MUST_CHECK;
/* The units: id, parent, kind, code, names. */
typedef struct score_unit_row { int64_t id, parent_id; const char *code, *kind, *name_vi, *name_en; } score_unit_row;
int scores_repo_units(db *d, arena *a, score_unit_row **out, int *n, err *e) MB_MUST_CHECK;
/* The active procedures with what their record publishes. */
typedef struct score_proc_row { int64_t unit_id; const char *level, *name; int ndocs; bool time_limit; } score_proc_row;
int scores_repo_procedures(db *d, arena *a, score_proc_row **out, int *n, err *e) MB_MUST_CHECK;
/* Reference data (dated), valid on day "YYYY-MM-DD". */
int scores_repo_defs(db *d, const char *on, arena *a, score_defs *out, err *e) MB_MUST_CHECK;
int scores_repo_ref_insert(db *d, const char *table, const char *const *fields, int n, err *e) MB_MUST_CHECK;
/* Apologies (cases) and apology letters (dossiers) of the month starting at month_iso (UTC). */
int scores_repo_apologies_month(db *d, const char *month_iso, int64_t *n, err *e) MB_MUST_CHECK;
/* The code of a dossier or case by id ("" when unknown). */
const char *scores_repo_code(db *d, bool dossier, int64_t id, arena *a);

#endif
