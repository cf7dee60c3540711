/* biz.c — installing inspections of businesses, the reference data, the
 * public reads shared by the API and the pages. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/csv.h"
#include "base/embed.h"
#include "base/log.h"
#include "biz/internal.h"
#include "cases/cases.h"
#include "results/query.h"

int atoi_year(const char *s)
{
	char *end;
	long y = s ? strtol(s, &end, 10) : 0;
	return s && *s && !*end && y >= 2000 && y <= 2100 ? (int)y : 0;
}

int biz_public_load(db *d, const char *tax_code, arena *a, biz_public *out, err *e)
{
	char tax[15];
	err ignore = {0};
	memset(out, 0, sizeof *out);
	if (biz_tax_code_check(tax_code, tax, &ignore)) return 0;
	int rc = biz_repo_business_get(d, tax, a, &out->b, e);
	if (rc != 1) return rc;
	if (biz_repo_entries_public(d, tax, a, &out->entries, &out->nentries, e)) return MB_EINTERNAL;
	if (biz_repo_year_counts(d, tax, a, &out->years, &out->tt, &out->kt, &out->ah, &out->nyears, e)) return MB_EINTERNAL;
	return 1;
}

int biz_search(db *d, const char *q, int64_t after, arena *a, biz_business **out, int *n, err *e)
{
	const char *match = q && *q ? results_fts_query(a, q) : NULL;
	if (q && *q && !match) { *out = NULL; *n = 0; return 0; }
	return biz_repo_business_search(d, match, after, BIZ_PAGE + 1, a, out, n, e);
}

static int load_csv(db *d, const char *name, int want, int (*row)(db *, const char **, err *), err *e)
{
	const struct embedded_file *f = embed_find(name);
	if (!f) return err_set(e, MB_EINTERNAL, "no_data", NULL, "Thiếu dữ liệu thanh tra doanh nghiệp.", "inspection data missing");
	arena a;
	arena_init(&a);
	csv_reader c;
	csv_init(&c, (const char *)f->data, f->size);
	const char *fl[CSV_MAX_FIELDS];
	int n = csv_next(&c, &a, fl), rc = 0;
	if (n != want) rc = err_set(e, MB_EINTERNAL, "bad_data", NULL, "Dữ liệu sai định dạng.", "malformed data");
	while (!rc && (n = csv_next(&c, &a, fl)) != 0) {
		if (n != want) {
			log_msg(LOG_ERROR, "biz", "%s line %d: expected %d fields", name, c.line, want);
			rc = err_set(e, MB_EINTERNAL, "bad_data", NULL, "Dữ liệu sai định dạng.", "malformed data");
			break;
		}
		rc = row(d, fl, e);
	}
	arena_free(&a);
	return rc;
}

static int rule_row(db *d, const char **f, err *e) { return biz_repo_rule_put(d, f, e); }
static int subject_row(db *d, const char **f, err *e) { return biz_repo_subject_put(d, f, e); }
static int deadline_row(db *d, const char **f, err *e) { return biz_repo_deadline_put(d, atoi_year(f[0]), f[1], f[2], f[3], e); }

int biz_load_reference(db *d, err *e)
{
	int rc = load_csv(d, "data/biz_rules.csv", 7, rule_row, e);
	if (!rc) rc = load_csv(d, "data/biz_subjects.csv", 5, subject_row, e);
	if (!rc) rc = load_csv(d, "data/biz_plan_deadlines.csv", 4, deadline_row, e);
	return rc;
}

/* A report about a business inspection (the cases room asks, src/cases): one that has started. */
static int inspection_check(db *d, const char *ref, arena *a, err *e)
{
	biz_entry x;
	int rc = biz_repo_entry_by_code(d, ref, a, &x, e);
	if (rc < 0) return rc;
	if (rc == 0)
		return err_set(e, MB_EINVAL, "invalid_field", "inspection", "Không có cuộc thanh tra, kiểm tra doanh nghiệp này.",
		               "no such inspection of a business");
	if (!x.started_on || !*x.started_on)
		return err_set(e, MB_EINVAL, "invalid_field", "inspection", "Cuộc thanh tra, kiểm tra này chưa bắt đầu.",
		               "this inspection has not started");
	return 0;
}

void biz_install(void)
{
	case_set_inspection_check(inspection_check);
	biz_api_install();
	biz_pages_install();
	biz_plan_pages_install();
}
