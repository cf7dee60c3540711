/* internal.h — what warn/'s files share. */
#ifndef MB_WARN_INTERNAL_H
#define MB_WARN_INTERNAL_H

#include <jansson.h>

#include "warn/repo.h"
#include "warn/warn.h"

/* Whether the actor reads the signals of a unit (and of its officials): 1 or 0. */
int warn_visible(db *d, const auth_actor *actor, int64_t unit_id);
/* A signal the actor may read; MB_ENOTFOUND otherwise (never 403: ids cannot be probed). */
MB_MUST_CHECK int warn_get_for(db *d, const auth_actor *actor, int64_t id, arena *a, warn_signal_row *out, err *e);
/* The signals the actor may read, newest first, by keyset (before: an id, 0 from the newest). */
MB_MUST_CHECK int warn_list_for(db *d, const auth_actor *actor, const char *state, int64_t before, int limit, arena *a,
                                warn_signal_row **out, int *n, err *e);
/* An inspector takes a signal up, dismisses it with a reason, or records the
 * inspection it led to: one transaction with its event. */
MB_MUST_CHECK int warn_act(db *d, const auth_actor *actor, int64_t id, warn_action act, const char *reason, arena *a, err *e);
json_t *warn_signal_json(const warn_signal_row *s);
/* A signal's id from the path (MB_ENOTFOUND when it is not a positive number) and
 * the list's ?before= cursor (absent: 0; MB_EINVAL when not a positive number). */
int warn_parse_id(const char *s, int64_t *id, err *e);
int warn_parse_before(const char *s, int64_t *before, err *e);

void warn_api_install(void);
void warn_pages_install(void);

#endif
