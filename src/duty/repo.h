/* repo.h — the SQL of obligations (internal to duty/). */
#ifndef MB_DUTY_REPO_H
#define MB_DUTY_REPO_H

#include "duty/duty.h"

MB_MUST_CHECK int duty_repo_rule_on(db *d, const char *kind, const char *date, duty_rule *out, err *e);
MB_MUST_CHECK int duty_repo_rule_by(db *d, const char *kind, const char *valid_from, duty_rule *out, err *e);
MB_MUST_CHECK int duty_repo_rule_insert(db *d, const duty_rule *r, const char *source, err *e);
MB_MUST_CHECK int duty_repo_rule_count(db *d, int64_t *n, err *e);
/* The first enabled unit_head account of a unit: 1, 0 or <0. */
MB_MUST_CHECK int duty_repo_unit_head(db *d, int64_t unit_id, int64_t *account_id, err *e);
MB_MUST_CHECK int duty_repo_insert(db *d, const duty_row *x, int64_t *id, err *e);
MB_MUST_CHECK int duty_repo_get(db *d, int64_t id, arena *a, duty_row *out, err *e);
MB_MUST_CHECK int duty_repo_update(db *d, const duty_row *x, err *e);
/* Every live item, by due time. */
MB_MUST_CHECK int duty_repo_live(db *d, arena *a, duty_row **out, int *n, err *e);
/* The items of a source (and kind, NULL any), oldest first. */
MB_MUST_CHECK int duty_repo_by_source(db *d, const char *source_type, int64_t source_id, const char *kind, arena *a,
                                      duty_row **out, int *n, err *e);
/* Scopes of the lists: everything, a unit's subtree, one owner. */
typedef enum duty_scope { DSC_ALL, DSC_SUBTREE, DSC_OWNER } duty_scope;
MB_MUST_CHECK int duty_repo_list(db *d, duty_scope s, int64_t key, bool live, int64_t after_due, int64_t after_id,
                                 int limit, arena *a, duty_row **out, int *n, err *e);
/* The unit heads at or below a unit (0: all). */
MB_MUST_CHECK int duty_repo_heads(db *d, int64_t unit_id, arena *a, duty_score **out, int *n, err *e);
/* The e-mail addresses of a unit's heads, or of one account. */
MB_MUST_CHECK int duty_repo_emails(db *d, int64_t unit_id, int64_t account_id, arena *a, const char ***out, int *n, err *e);
/* Every unit's code and names (the tree is small and bounded). */
MB_MUST_CHECK int duty_repo_units(db *d, arena *a, duty_score **out, int *n, err *e);

#endif
