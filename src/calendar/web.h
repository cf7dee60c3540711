/* web.h — shared between the calendar's API and pages (internal to calendar/). */
#ifndef MB_CALENDAR_WEB_H
#define MB_CALENDAR_WEB_H

#include <jansson.h>

#include "calendar/calendar_db.h"
#include "web/web.h"

/* {"date", "weekday", "kind", "name_vi", "name_en", "status", "needs_check",
 *  "updated_at", "updated_by_role"} */
json_t *calendar_holiday_json(const holiday *h);
/* Checks the {day} path parameter; field "date" when it is not a date. */
int  calendar_path_day(web_req *r, const char **out, err *e);
void calendar_api_install(void);
void calendar_pages_install(void);

#endif
