/* repo.h — the SQL of inspections of businesses (sql/0037_biz.sql). */
#ifndef MB_BIZ_REPO_H
#define MB_BIZ_REPO_H

#include <sqlite3.h>

#include "biz/biz.h"
#include "db/db.h"

typedef struct biz_business {
	int64_t id, unit_id;
	const char *tax_code, *kind, *name, *address, *lines, *unit_code, *unit_name_vi;
} biz_business;

typedef struct biz_plan {
	int64_t id, unit_id, approved_by;
	int year;
	const char *state, *submitted_at, *late_reason, *approved_at, *unit_code, *unit_name_vi, *unit_name_en;
} biz_plan;

typedef struct biz_entry {
	int64_t id, plan_id, unit_id, joint_with;
	int year, months;
	bool adhoc;
	biz_kind kind;
	const char *code, *tax_code, *subject, *legal_basis, *team_lead, *grounds, *decision_no, *period_from,
		*period_to, *content, *state, *started_on, *ended_on, *rate_code, *rate_secret, *conclusion_sha,
		*conclusion_at, *findings, *sanctions, *unit_code, *unit_name_vi, *business_name, *plan_state,
		*subject_vi, *subject_en;
} biz_entry;

typedef struct biz_conflict_row {
	int64_t id, entry_a, entry_b, audit_id;
	int year;
	const char *tax_code, *rule_id, *state, *resolution, *justification, *resolved_at;
} biz_conflict_row;

typedef struct biz_audit_row {
	int64_t id;
	int year, months;
	const char *tax_code, *subject, *note;
} biz_audit_row;

/* reference data */
MB_MUST_CHECK int biz_repo_rule_put(db *d, const char *const f[7], err *e);
MB_MUST_CHECK int biz_repo_deadline_put(db *d, int year, const char *deadline, const char *source, const char *mark, err *e);
MB_MUST_CHECK int biz_repo_subject_put(db *d, const char *const f[5], err *e);
/* The number of a rule in force on date: 1 (number in *n, -1 when the rule has none), 0 not in force. */
MB_MUST_CHECK int biz_repo_rule_number(db *d, const char *rule_id, const char *date, int *n, err *e);
/* The deadline of a plan year: 1 found, 0 not. */
MB_MUST_CHECK int biz_repo_deadline(db *d, int year, char out[16], err *e);
/* Whether a subject exists and is in force on date: 1 (name in *vi), 0 not. */
MB_MUST_CHECK int biz_repo_subject(db *d, const char *code, const char *date, arena *a, const char **vi, err *e);
MB_MUST_CHECK int biz_repo_subjects(db *d, arena *a, const char ***codes, const char ***names, int *n, err *e);

/* businesses */
MB_MUST_CHECK int biz_repo_business_put(db *d, const biz_business *b, const char *fold, const char *at, bool *created, err *e);
MB_MUST_CHECK int biz_repo_business_get(db *d, const char *tax_code, arena *a, biz_business *out, err *e);
/* Search by folded words (FTS5 prefix query), keyset on id after `after`, at most max rows. */
MB_MUST_CHECK int biz_repo_business_search(db *d, const char *fts_query, int64_t after, int max, arena *a,
                                           biz_business **out, int *n, err *e);

/* plans */
MB_MUST_CHECK int biz_repo_plan_get(db *d, int64_t id, arena *a, biz_plan *out, err *e);
MB_MUST_CHECK int biz_repo_plan_find(db *d, int64_t unit_id, int year, arena *a, biz_plan *out, err *e);
MB_MUST_CHECK int biz_repo_plan_insert(db *d, int64_t unit_id, int year, int64_t *id, err *e);
MB_MUST_CHECK int biz_repo_plan_submit(db *d, int64_t id, const char *at, const char *late_reason, err *e);
MB_MUST_CHECK int biz_repo_plan_approve(db *d, int64_t id, const char *at, int64_t by, err *e);
/* 1 when an open conflict touches an entry of the plan, 0 when none. */
MB_MUST_CHECK int biz_repo_plan_has_open(db *d, int64_t plan_id, err *e);
MB_MUST_CHECK int biz_repo_plans_of_year(db *d, int year, arena *a, biz_plan **out, int *n, err *e);

/* entries */
MB_MUST_CHECK int biz_repo_entry_insert(db *d, biz_entry *en, const char *at, arena *a, err *e);   /* sets id and code */
MB_MUST_CHECK int biz_repo_entry_get(db *d, int64_t id, arena *a, biz_entry *out, err *e);
MB_MUST_CHECK int biz_repo_entry_by_code(db *d, const char *code, arena *a, biz_entry *out, err *e);
MB_MUST_CHECK int biz_repo_entry_by_rate_code(db *d, const char *code, arena *a, biz_entry *out, err *e);
MB_MUST_CHECK int biz_repo_entries_of_plan(db *d, int64_t plan_id, arena *a, biz_entry **out, int *n, err *e);
/* A business's entries shown to the public: of approved plans (not dropped,
 * moved or joined) and ad-hoc ones, newest year first. */
MB_MUST_CHECK int biz_repo_entries_public(db *d, const char *tax_code, arena *a, biz_entry **out, int *n, err *e);
MB_MUST_CHECK int biz_repo_entry_state(db *d, int64_t id, const char *state, int64_t joint_with, err *e);
MB_MUST_CHECK int biz_repo_entry_scope(db *d, int64_t id, const biz_scope *s, err *e);
MB_MUST_CHECK int biz_repo_entry_start(db *d, int64_t id, const char *date, const char *rate_code, const char *secret_hash, err *e);
MB_MUST_CHECK int biz_repo_entry_end(db *d, int64_t id, const char *date, err *e);
MB_MUST_CHECK int biz_repo_entry_conclusion(db *d, int64_t id, const char *sha, const char *at, const char *findings,
                                            const char *sanctions, err *e);
/* The counters of a business's year, moved by delta. */
MB_MUST_CHECK int biz_repo_year_count(db *d, const char *tax_code, int year, biz_kind k, bool adhoc, int delta, err *e);
MB_MUST_CHECK int biz_repo_year_counts(db *d, const char *tax_code, arena *a, int **years, int **tt, int **kt, int **ah,
                                       int *n, err *e);

/* The overlap check: the items of one (tax code, year), entries that count
 * (planned, started, ended) in id order, then the State Audit's. */
MB_MUST_CHECK int biz_repo_items(db *d, const char *tax_code, int year, arena *a, biz_item **out, int *n, err *e);
/* Walks the (year, tax code) keys of a year's counting entries in index order. */
typedef int (*biz_key_fn)(db *d, const char *tax_code, int year, void *cls, err *e);
MB_MUST_CHECK int biz_repo_each_key(db *d, int year, biz_key_fn fn, void *cls, err *e);
/* The stored conflicts of a (tax code, year). */
MB_MUST_CHECK int biz_repo_conflicts_of(db *d, const char *tax_code, int year, arena *a, biz_conflict_row **out, int *n, err *e);
MB_MUST_CHECK int biz_repo_conflict_insert(db *d, const char *tax_code, int year, const char *rule, int64_t a_id,
                                           int64_t b_entry, int64_t audit, const char *at, err *e);
MB_MUST_CHECK int biz_repo_conflict_set_state(db *d, int64_t id, const char *state, err *e);
MB_MUST_CHECK int biz_repo_conflict_resolve(db *d, int64_t id, const char *resolution, const char *justification,
                                            int64_t by, const char *at, err *e);
MB_MUST_CHECK int biz_repo_conflict_get(db *d, int64_t id, arena *a, biz_conflict_row *out, err *e);
MB_MUST_CHECK int biz_repo_open_count(db *d, int year, int *n, err *e);
/* Conflicts of a year in a state, keyset by id. */
/* The entries of a plan that are in an open conflict, with one rule each. */
typedef struct biz_plan_conflict { int64_t entry_id; const char *rule_id; } biz_plan_conflict;
MB_MUST_CHECK int biz_repo_plan_conflicts(db *d, int64_t plan_id, arena *a, biz_plan_conflict **out, int *n, err *e);
MB_MUST_CHECK int biz_repo_conflicts_list(db *d, int year, const char *state, int64_t after, int max, arena *a,
                                          biz_conflict_row **out, int *n, err *e);
MB_MUST_CHECK int biz_repo_audit_put(db *d, const char *tax_code, int year, const char *subject, int months,
                                     const char *note, err *e);
MB_MUST_CHECK int biz_repo_audit_get(db *d, int64_t id, arena *a, biz_audit_row *out, err *e);
MB_MUST_CHECK int biz_repo_flag(db *d, int64_t entry_id, const char *kind, const char *at, const char *detail, err *e);
MB_MUST_CHECK int biz_repo_flags(db *d, int64_t after, int max, arena *a, int64_t **ids, const char ***entry_codes,
                                 const char ***kinds, const char ***ats, const char ***details, int *n, err *e);
MB_MUST_CHECK int biz_repo_rating_put(db *d, int64_t entry_id, const char *level, const char *comment, const char *at,
                                      bool *created, err *e);
MB_MUST_CHECK int biz_repo_rating_get(db *d, int64_t entry_id, arena *a, const char **level, const char **comment, err *e);

#endif
