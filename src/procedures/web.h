/* web.h — shared between procedures' API, pages and services (internal to procedures/). */
#ifndef MB_PROCEDURES_WEB_H
#define MB_PROCEDURES_WEB_H

#include <jansson.h>

#include "procedures/procedures.h"
#include "procedures/repo.h"
#include "web/web.h"

/* A field's value as JSON (numbers, null for no fee / cutoff / unit, an array of documents). */
json_t *procedures_field_json(const procedures_row *r, procedures_field f);
/* The API object: a summary, or (full) every field with the documents. */
json_t *procedures_json(const procedures_row *r, bool full);
/* Loads the procedure named by the {code} path parameter (404 when none). */
int  procedures_load(web_req *r, procedures_row *row, err *e);
/* The list filters of a request: ?q= (folded words), ?unit= (a unit code),
 * ?field= (exact). Empty parameters do not filter. */
typedef struct procedures_query {
	procedures_filter f;
	const char *q;                                        /* as typed, or NULL */
	const char *unit_code, *unit_name_vi, *unit_name_en;  /* NULL when not filtered by unit */
} procedures_query;
/* 422 invalid_field on a q over 200 bytes, an unknown unit, or text that is not UTF-8. */
int  procedures_query_parse(web_req *r, procedures_query *qy, err *e);
/* In one transaction: re-reads cur, applies the given fields of patch on top
 * of it (code is read-only), checks the whole record, and saves it with its
 * event. cur holds the procedure as it is afterwards (also on a refusal: as
 * it was re-read). Nothing is written when no field differs. */
int  procedures_edit(web_req *r, procedures_row *cur, const procedures_input *patch, err *e);
void procedures_api_install(void);
void procedures_pages_install(void);

#endif
