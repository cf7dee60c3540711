/* internal.h — what biz/api.c, biz/pages.c and biz/biz.c share. */
#ifndef MB_BIZ_INTERNAL_H
#define MB_BIZ_INTERNAL_H

#include <jansson.h>

#include "biz/service.h"
#include "db/files.h"
#include "web/web.h"

enum { BIZ_PAGE = 20 };

/* What the public page of a business shows. */
typedef struct biz_public {
	biz_business b;
	biz_entry *entries;
	int nentries;
	int *years, *tt, *kt, *ah;
	int nyears;
} biz_public;

/* 1 found, 0 not (a malformed tax code is not found), <0 error. */
int biz_public_load(db *d, const char *tax_code, arena *a, biz_public *out, err *e);
/* Search by name, tax code or address ignoring diacritics; keyset after id; up to BIZ_PAGE + 1 rows. */
int biz_search(db *d, const char *q, int64_t after, arena *a, biz_business **out, int *n, err *e);
/* "2027" -> 2027; 0 when not a year 2000-2100. */
int atoi_year(const char *s);

json_t *biz_business_json(const biz_business *b);
json_t *biz_entry_json(const biz_entry *x, bool staff);
json_t *biz_conflict_json(db *d, const biz_conflict_row *c, arena *a);
json_t *biz_plan_json(const biz_plan *p);

void biz_api_install(void);
void biz_pages_install(void);
void biz_plan_pages_install(void);   /* plan_pages.c: a body drafts and submits its plan */

#endif
