/* repo.h — the SQL of discipline (internal to discipline/). */
#ifndef MB_DISCIPLINE_REPO_H
#define MB_DISCIPLINE_REPO_H

#include "discipline/discipline.h"

MB_MUST_CHECK int discipline_repo_form(db *d, const char *regime, const char *form, const char *date, arena *a,
                                       discipline_form *out, err *e);
/* The forms of a regime in force on date, lightest first. */
MB_MUST_CHECK int discipline_repo_forms(db *d, const char *regime, const char *date, arena *a, discipline_form **out, int *n,
                                        err *e);
MB_MUST_CHECK int discipline_repo_form_insert(db *d, const discipline_form *f, const char *source, err *e);
MB_MUST_CHECK int discipline_repo_limit_insert(db *d, const char *param, const char *from, const char *to, int value,
                                               const char *source, err *e);
MB_MUST_CHECK int discipline_repo_count(db *d, int64_t *n, err *e);
/* The limits in force on date: 1 when all four are present, 0 not, <0. */
MB_MUST_CHECK int discipline_repo_limits(db *d, const char *date, discipline_limits *out, err *e);
MB_MUST_CHECK int discipline_repo_next_serial(db *d, int64_t *n, err *e);
MB_MUST_CHECK int discipline_repo_insert(db *d, const discipline_row *x, int64_t *id, err *e);
MB_MUST_CHECK int discipline_repo_get(db *d, const char *code, arena *a, discipline_row *out, err *e);
MB_MUST_CHECK int discipline_repo_update(db *d, const discipline_row *x, err *e);
MB_MUST_CHECK int discipline_repo_of_account(db *d, int64_t account_id, arena *a, discipline_row **out, int *n, err *e);
/* The violation dates of the official's other discipline cases. */
MB_MUST_CHECK int discipline_repo_violations(db *d, int64_t account_id, int64_t except_id, arena *a, const char ***out,
                                             int *n, err *e);

/* The dated lists of kinds (repo.c): the kinds of excluded period, the grounds without limitation. */
MB_MUST_CHECK int discipline_repo_kind_insert(db *d, discipline_list l, const char *kind, const char *from, const char *to,
                                              const char *name_vi, const char *name_en, const char *source, err *e);
MB_MUST_CHECK int discipline_repo_exclusion_kinds_count(db *d, int64_t *n, err *e);
MB_MUST_CHECK int discipline_repo_no_limitation_count(db *d, int64_t *n, err *e);
/* The kinds of a list in force on date (one row each, the latest version), by kind; one kind when kind is non-NULL. */
MB_MUST_CHECK int discipline_repo_kinds(db *d, discipline_list l, const char *date, const char *kind, arena *a,
                                        discipline_exclusion_kind **out, int *n, err *e);
MB_MUST_CHECK int discipline_repo_exclusion_insert(db *d, int64_t case_id, const discipline_exclusion_in *in, int64_t at,
                                                   int64_t by, int64_t *id, err *e);
/* A case's periods, by start (at most 100). */
MB_MUST_CHECK int discipline_repo_exclusions(db *d, int64_t case_id, arena *a, discipline_exclusion **out, int *n, err *e);
MB_MUST_CHECK int discipline_repo_exclusion_set_end(db *d, int64_t id, const char *end_date, err *e);

/* The code of the first case concluded at fault in a unit (the demo): 1, 0 or <0. */
MB_MUST_CHECK int discipline_repo_demo_case(db *d, const char *unit_code, arena *a, const char **code, err *e);
/* The official record hook (service.c), installed by discipline_install. */
void discipline_record_install(void);

#endif
