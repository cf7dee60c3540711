/* web.h — shared between units' API and pages (internal to units/). */
#ifndef MB_UNITS_WEB_H
#define MB_UNITS_WEB_H

#include <jansson.h>

#include "units/units.h"
#include "web/web.h"

json_t *units_json(const units_row *u, bool full);
/* Loads the unit named by the {id} path parameter. */
int  units_load(web_req *r, units_row *u, err *e);
/* Checks scope, validates, and applies p to cur (reloaded on success). */
int  units_edit(web_req *r, units_row *cur, units_patch *p, err *e);
void units_api_install(void);
void units_pages_install(void);

#endif
