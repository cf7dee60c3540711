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

/* The code of the first case concluded at fault in a unit (the demo): 1, 0 or <0. */
MB_MUST_CHECK int discipline_repo_demo_case(db *d, const char *unit_code, arena *a, const char **code, err *e);
/* The official record hook (service.c), installed by discipline_install. */
void discipline_record_install(void);

#endif
