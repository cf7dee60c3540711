/* web.h — inside src/scores/: what the pages, the API and the CLI share. */
#ifndef MB_SCORES_WEB_H
#define MB_SCORES_WEB_H

#include <jansson.h>

#include "scores/scores.h"
#include "web/web.h"

/* One unit's figures as JSON (the API and `minhbach scores --json` print the same). */
json_t *scores_unit_json(const score_defs *defs, const score_unit *u);
/* The period as the API names it: {"name", "from", "to"}. */
json_t *scores_period_json(const char *name, int32_t from, int32_t to);
/* The default period: the current year (Vietnam). */
const char *scores_default_period(arena *a, int64_t now);
/* The period of the request (?period=, default: this year), or an error naming it. */
int scores_req_period(web_req *r, const char **name, int32_t *from, int32_t *to, err *e);
/* The request's period, the indicators in force at its end and every unit's figures for it. */
int scores_req_load(web_req *r, const char **name, int32_t *from, int32_t *to, score_defs *defs, score_unit **us,
                    int *n, err *e);
/* The unit of that code among us, or NULL. */
const score_unit *scores_find_unit(const score_unit *us, int n, const char *code);
void scores_api_install(void);
void scores_pages_install(void);
void scores_downloads_install(void);

#endif
