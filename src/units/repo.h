/* repo.h — units' SQL (internal to units/). Rows are allocated from the arena. */
#ifndef MB_UNITS_REPO_H
#define MB_UNITS_REPO_H

#include "units/units.h"

/* 1 found, 0 not found, negative on error. */
MB_MUST_CHECK int units_repo_get(db *d, const char *code, arena *a, units_row *out, err *e);
/* All units (search == NULL) or those whose folded names contain the folded
 * phrase, ordered for display. *out is an arena array of *n rows (no contacts). */
MB_MUST_CHECK int units_repo_list(db *d, const char *folded, arena *a, units_row **out, int *n, err *e);
MB_MUST_CHECK int units_repo_children(db *d, int64_t id, arena *a, units_row **out, int *n, err *e);
MB_MUST_CHECK int units_repo_insert(db *d, const char *code, const char *parent_code, const char *kind,
                      const char *name_vi, const char *name_en, const char *name_fold, err *e);
MB_MUST_CHECK int units_repo_update(db *d, int64_t id, const units_patch *p, bool demo, const char *at,
                      const char *role, err *e);
/* The unit's approximate position (WGS84 decimal degrees). */
MB_MUST_CHECK int units_repo_set_position(db *d, const char *code, double lat, double lon, err *e);
MB_MUST_CHECK int units_repo_count(db *d, int *n, err *e);

#endif
