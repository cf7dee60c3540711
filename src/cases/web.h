/* web.h — the cases room's route tables (internal to cases/). */
#ifndef MB_CASES_WEB_H
#define MB_CASES_WEB_H

#include "cases/cases.h"
#include "web/web.h"

void cases_api_install(void);     /* cases/api.c: /api/v1/cases… and /api/v1/receipts/verify */
void cases_pages_install(void);   /* cases/pages.c: /report…, /cases…, /receipts/verify */

/* The cases' section of an official's record (record.c). */
void cases_record_install(void);

#endif
