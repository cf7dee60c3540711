/* repo.h — the officials' SQL (internal to officials/). */
#ifndef MB_OFFICIALS_REPO_H
#define MB_OFFICIALS_REPO_H

#include "officials/officials.h"

MB_MUST_CHECK int officials_repo_desks_of_unit(db *d, int64_t unit_id, arena *a, official_desk **out, int *n, err *e);
MB_MUST_CHECK int officials_repo_desks_of(db *d, int64_t account_id, arena *a, official_desk **out, int *n, err *e);
MB_MUST_CHECK int officials_repo_desk_get(db *d, int64_t id, arena *a, official_desk *out, err *e);
/* MB_ECONFLICT when the unit already has a desk of that name. */
MB_MUST_CHECK int officials_repo_desk_insert(db *d, int64_t unit_id, const char *name_vi, const char *name_en, int64_t at,
                                             int64_t *id, err *e);
MB_MUST_CHECK int officials_repo_desks_set(db *d, int64_t account_id, const int64_t *desks, int n, err *e);

/* The official's position and unit names: 1, 0 none, <0. */
MB_MUST_CHECK int officials_repo_profile(db *d, int64_t account_id, arena *a, official_profile *out, err *e);

#endif
