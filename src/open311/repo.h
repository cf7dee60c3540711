/* repo.h — the SQL of the Open311 room: API keys, tokens, and
 * the read-only view of cases that GeoReport v2 shows. Times are epoch
 * seconds (UTC); stored as ISO 8601 UTC text. */
#ifndef MB_OPEN311_REPO_H
#define MB_OPEN311_REPO_H

#include <stdbool.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/err.h"
#include "db/db.h"

/* A case as Open311 shows it (no identity, no body). */
typedef struct o311_row {
	const char *code, *kind, *category, *state, *title, *result_summary, *address, *unit_name_vi,
	           *unit_name_en, *media_url, *token, *channel, *body;
	int64_t received_at, updated_at, due_at, published_at, rule_set_id;
	bool has_lat, lat_of_unit;   /* lat_of_unit: the case has no location; lat/lon are its unit's */
	double lat, lon;
} o311_row;

/* 1 found, 0 not, <0 error. */
int o311_repo_request(db *d, const char *code, arena *a, o311_row *out, err *e);

/* Cases received in [from, to] (UTC seconds), newest first, at most limit,
 * never denunciations or anonymous information. categories and states are
 * ",a,b," lists (NULL: any). */
typedef struct o311_query {
	int64_t from, to;
	const char *categories, *states;
	int limit;
} o311_query;
int o311_repo_requests(db *d, const o311_query *q, arena *a, o311_row **out, int *n, err *e);

/* The case code of a token: 1, 0 or <0. */
int o311_repo_token(db *d, const char *token, arena *a, const char **code, err *e);
/* Records what the client sent with a new case. */
int o311_repo_request_add(db *d, const char *code, const char *token, int64_t key_id, const char *media_url,
                          int64_t at, err *e);

/* API keys. find: 1 and *id for an active key with this hash, 0 otherwise. */
int o311_repo_key_find(db *d, const char *hash, int64_t *id, err *e);
/* create: 0, or MB_ECONFLICT when an active key has this name. */
int o311_repo_key_create(db *d, const char *name, const char *hash, int64_t at, int64_t *id, err *e);
/* revoke: 1 revoked, 0 no active key of that name. */
int o311_repo_key_revoke(db *d, const char *name, int64_t at, err *e);

/* --- where a report without a valid unit goes --- */

/* A unit as the service definition lists it, with its position when known. */
typedef struct o311_place {
	const char *code, *kind, *name_vi, *name_en;
	bool located;
	double lat, lon;
} o311_place;
/* Every unit in display order. */
int o311_repo_places(db *d, arena *a, o311_place **out, int *n, err *e);
/* The province's intake desk: the unit named by meta 'intake_unit', else the
 * root of the tree. 1 and *code, 0 when there is no unit at all, <0 error. */
int o311_repo_intake(db *d, arena *a, const char **code, err *e);

/* --- updates (FixMyStreet's servicerequestupdates extension) --- */

/* One change of a case: a step it entered (step_id > 0) or its closing
 * (step_id 0: the end of its last step, state final). */
typedef struct o311_update {
	const char *code, *kind, *state, *result_summary, *unit_name_vi, *unit_name_en;
	int64_t step_id, at, published_at;
} o311_update;
/* Changes in [from, to] (UTC seconds), oldest first, at most limit: of every
 * case but denunciations and information, and of those too when they came
 * through Open311 with the key key_id (> 0). */
int o311_repo_updates(db *d, int64_t from, int64_t to, int64_t key_id, int limit, arena *a, o311_update **out,
                      int *n, err *e);

#endif
