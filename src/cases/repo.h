/* repo.h — the SQL of cases (internal to cases/). Times are epoch seconds. */
#ifndef MB_CASES_REPO_H
#define MB_CASES_REPO_H

#include "cases/cases.h"

MB_MUST_CHECK int case_repo_get(db *d, const char *code, arena *a, case_row *out, err *e);
MB_MUST_CHECK int case_repo_get_by_id(db *d, int64_t id, arena *a, case_row *out, err *e);
MB_MUST_CHECK int case_repo_insert(db *d, case_row *r, const char *secret_hash, err *e);
MB_MUST_CHECK int case_repo_update(db *d, const case_row *r, err *e);
MB_MUST_CHECK int case_repo_next_serial(db *d, const char *prefix, int *serial, err *e);

MB_MUST_CHECK int case_repo_step_open(db *d, int64_t case_id, const char *state, int64_t unit_id, int64_t account_id,
                        int64_t started, int64_t due, const char *note, err *e);
MB_MUST_CHECK int case_repo_step_close(db *d, int64_t case_id, int64_t ended, err *e);
MB_MUST_CHECK int case_repo_steps(db *d, int64_t case_id, arena *a, case_step_row **out, int *n, err *e);

MB_MUST_CHECK int case_repo_identity_put(db *d, int64_t case_id, const unsigned char *nonce, size_t nn,
                           const unsigned char *sealed, size_t sn, err *e);
/* 1 found, 0 none. */
MB_MUST_CHECK int case_repo_identity_get(db *d, int64_t case_id, arena *a, unsigned char **nonce, size_t *nn,
                           unsigned char **sealed, size_t *sn, err *e);
MB_MUST_CHECK int case_repo_identity_read_add(db *d, int64_t case_id, int64_t account_id, int64_t at, const char *reason, err *e);

MB_MUST_CHECK int case_repo_case_file_add(db *d, int64_t case_id, const char *sha, const char *name, const char *type,
                            int64_t size, bool sealed, err *e);
MB_MUST_CHECK int case_repo_files(db *d, int64_t case_id, arena *a, case_file_row **out, int *n, err *e);

MB_MUST_CHECK int case_repo_apology_add(db *d, int64_t case_id, int64_t unit_id, const char *what_wrong, const char *what_done,
                          const char *remedy, int64_t at, err *e);
MB_MUST_CHECK int case_repo_apology_get(db *d, int64_t case_id, arena *a, case_apology_row *out, err *e);
MB_MUST_CHECK int case_repo_sanction_add(db *d, int64_t account_id, int64_t case_id, int64_t unit_id, const char *sanction, bool corruption,
                           int64_t at, err *e);
MB_MUST_CHECK int case_repo_fts_put(db *d, const char *code, const char *text, err *e);

/* The accounts a case concerns. 1 found, 0 none. */
MB_MUST_CHECK int case_repo_person(db *d, const char *login, int64_t id, arena *a, case_person *out, const char **email, err *e);
MB_MUST_CHECK int case_repo_assignees(db *d, int64_t unit_id, arena *a, case_person **out, int *n, err *e);
/* The heads of a unit (role unit_head), with their e-mail. */
MB_MUST_CHECK int case_repo_heads(db *d, int64_t unit_id, arena *a, case_person **out, const char ***emails, int *n, err *e);
int64_t case_repo_unit_parent(db *d, int64_t unit_id);
MB_MUST_CHECK int case_repo_unit_names(db *d, int64_t unit_id, arena *a, case_row *r, err *e);

/* Queues, newest first: the actor's unit and below (matched through the tree
 * in SQL), a page of `limit` cases with ids below before_id (0: the first
 * page), each view walking its own index (sql/0022_queues.sql). */
MB_MUST_CHECK int case_repo_list(db *d, const char *view, int64_t actor_id, int64_t actor_unit, const char *state,
                   const char *kind, int limit, int64_t before_id, arena *a, case_row **out, int *n, err *e);

/* The exclusion set of a denunciation (case_subjects): 1 when the account
 * (0: none) of the unit is covered — the official named, or staff of a named
 * unit or below it — 0 when not. With account 0 it says whether the unit is
 * at or below an excluded unit (transfers, escalation). */
MB_MUST_CHECK int case_repo_excluded(db *d, int64_t case_id, int64_t account_id, int64_t unit_id, err *e);
MB_MUST_CHECK int case_repo_link_add(db *d, int64_t case_id, const char *kind, const char *ref, int64_t at, err *e);
/* The ref of a case's link of kind ("" none): 0 or <0. */
MB_MUST_CHECK int case_repo_link_of(db *d, int64_t case_id, const char *kind, arena *a, const char **ref, err *e);
MB_MUST_CHECK int case_repo_links_recent(db *d, const char *kind, int limit, arena *a, case_link_row **out, int *n, err *e);
MB_MUST_CHECK int case_repo_subject_add(db *d, int64_t case_id, const case_subject *s, const char *source, int64_t at, err *e);
/* The units that handle denunciations, in rank order (case_denunciation_handlers). */
MB_MUST_CHECK int case_repo_denunciation_handlers(db *d, arena *a, int64_t **ids, int *n, err *e);

/* Open cases the deadline job can still change at now (not those marked overdue with their due time past). */
MB_MUST_CHECK int case_repo_open_due(db *d, int64_t now, arena *a, case_row **out, int *n, err *e);
MB_MUST_CHECK int case_repo_set_deadline_marks(db *d, int64_t id, const char *risk, int64_t reminded_at, int64_t overdue_at, err *e);

/* The clocks of a rule set (rule_set_id 0: in force on `date`). 1, 0, <0. */
MB_MUST_CHECK int case_repo_rules(db *d, int64_t rule_set_id, const char *date, arena *a, case_rules *out, err *e);

/* The ledger event that a receipt names: 1 when seq has that hash. */
MB_MUST_CHECK int case_repo_event_hash_matches(db *d, int64_t seq, const char *hash, err *e);

MB_MUST_CHECK int case_repo_naming(db *d, int64_t account_id, int limit, arena *a, case_naming_row **out, int *n, err *e);
MB_MUST_CHECK int case_repo_sanctions(db *d, int64_t account_id, arena *a, case_sanction_row **out, int *n, err *e);

/* The case.receive event of a case: 1 found. */
MB_MUST_CHECK int case_repo_receive_event(db *d, const char *code, int64_t *seq, char hash[65], int64_t *at, err *e);

/* Demo only: an official's work e-mail. */
MB_MUST_CHECK int case_repo_account_email_set(db *d, const char *login, const char *email, err *e);

#endif
