/* gen_biz.c — the benchmark of the overlap check of inspections of businesses
 * (bench/overlap.sh; issue #12 item 7): fills an initialized database with N
 * businesses and M plan entries of B bodies in one year (and a State Audit
 * plan), then times the full overlap check over the year (biz_check_all: the
 * (tax code, year) keys walked through the index, each key's entries read by
 * its index range, never pairwise over all entries) — once on the new entries,
 * once again with nothing changed — and prints one line per run:
 *   check businesses=N entries=M bodies=B keys=K found=F open=O ms=T
 * Usage: gen_biz DB [--businesses N] [--entries M] [--bodies B] [--year Y] [--seed S] */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/clock.h"
#include "base/text.h"
#include "biz/service.h"
#include "units/units.h"

static void die(const char *m, const err *e)
{
	fprintf(stderr, "gen_biz: %s%s%s\n", m, e && e->en ? ": " : "", e && e->en ? e->en : "");
	exit(1);
}

static uint64_t rng = 88172645463325252ull;
static uint64_t next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

int main(int argc, char **argv)
{
	if (argc < 2) { fputs("usage: gen_biz DB [--businesses N] [--entries M] [--bodies B] [--year Y] [--seed S]\n", stderr); return 2; }
	long nbiz = 100000, nent = 20000, nbodies = 30, year = 2027;
	for (int i = 2; i + 1 < argc; i += 2) {
		long v = strtol(argv[i + 1], NULL, 10);
		if (!strcmp(argv[i], "--businesses")) nbiz = v;
		else if (!strcmp(argv[i], "--entries")) nent = v;
		else if (!strcmp(argv[i], "--bodies")) nbodies = v;
		else if (!strcmp(argv[i], "--year")) year = v;
		else if (!strcmp(argv[i], "--seed")) rng ^= (uint64_t)v * 0x9E3779B97F4A7C15ull;
		else { fprintf(stderr, "gen_biz: unknown option %s\n", argv[i]); return 2; }
	}
	db *d;
	err e = {0};
	if (db_open(&d, argv[1], &e)) die("cannot open the database", &e);
	if (db_exec(d, "PRAGMA synchronous=OFF; PRAGMA cache_size=-1000000;", &e)) die("pragma", &e);
	arena a;
	arena_init(&a);
	units_row *units;
	int nunits;
	if (units_list(d, &a, &units, &nunits, &e)) die("units", &e);
	int64_t *bodies = calloc((size_t)nbodies, sizeof *bodies), *communes = calloc((size_t)nunits, sizeof *communes);
	int nb = 0, nc = 0;
	for (int i = 0; i < nunits; i++) {
		bool commune = !strcmp(units[i].kind, "commune") || !strcmp(units[i].kind, "ward");
		if (commune) communes[nc++] = units[i].id;
		if (strcmp(units[i].kind, "province") && nb < nbodies) bodies[nb++] = units[i].id;
	}
	static const char *const subjects[] = {"thue", "pccc", "moi-truong", "lao-dong", "attp", "dat-dai", "xay-dung", "y-te", "thuong-mai"};
	double t0 = now_ms();
	char at[32];
	clock_iso_utc(clock_now(), at, sizeof at);
	if (db_begin(d, &e)) die("begin", &e);
	char (*tax)[11] = malloc((size_t)nbiz * sizeof *tax);
	long made = 0;
	for (long p = 550000000; made < nbiz; p++) {
		char *t = tax[made];
		long q = p;
		for (int i = 8; i >= 0; i--, q /= 10) t[i] = (char)('0' + q % 10);
		int c = biz_tax_check_digit(t);
		if (c < 0) continue;
		t[9] = (char)('0' + c);
		t[10] = 0;
		biz_business b = {.tax_code = t, .kind = made % 5 ? "household" : "enterprise", .unit_id = communes[made % nc],
		                  .name = "Doanh nghiệp thử nghiệm", .address = "Sơn La", .lines = ""};
		char fold[80];
		snprintf(fold, sizeof fold, "%s doanh nghiep thu nghiem son la", t);
		bool created;
		if (biz_repo_business_put(d, &b, fold, at, &created, &e)) die("business", &e);
		made++;
	}
	int64_t *plans = calloc((size_t)nb, sizeof *plans);
	for (int i = 0; i < nb; i++)
		if (biz_repo_plan_insert(d, bodies[i], (int)year, &plans[i], &e)) die("plan", &e);
	/* Entries: most businesses planned once at most; a tenth of them drawn from a small set, so
	 * that overlaps exist (about what a province's raw plans hold before the Inspectorate). */
	for (long i = 0; i < nent; i++) {
		int body = (int)(next() % (uint64_t)nb);
		long firm = next() % 10 == 0 ? (long)(next() % (uint64_t)(nbiz / 50 + 1)) : (long)(next() % (uint64_t)nbiz);
		biz_entry x = {.plan_id = plans[body], .unit_id = bodies[body], .year = (int)year, .tax_code = tax[firm],
		               .kind = next() % 3 ? BIZ_KIEM_TRA : BIZ_THANH_TRA, .subject = subjects[next() % 9],
		               .legal_basis = "Luật Thanh tra 2025", .months = 1 << (next() % 12), .team_lead = "Trưởng đoàn"};
		if (biz_repo_entry_insert(d, &x, at, &a, &e)) die("entry", &e);
		if (biz_repo_year_count(d, x.tax_code, x.year, x.kind, false, 1, &e)) die("count", &e);
	}
	for (long i = 0; i < nent / 100; i++)
		if (biz_repo_audit_put(d, tax[next() % (uint64_t)nbiz], (int)year, subjects[next() % 9], 1 << (next() % 12), "", &e))
			die("audit", &e);
	if (db_commit(d, &e)) die("commit", &e);
	fprintf(stderr, "gen_biz: %ld businesses, %ld entries of %d bodies in %.0f ms\n", nbiz, nent, nb, now_ms() - t0);
	for (int run = 0; run < 2; run++) {
		biz_check_stats st;
		double t1 = now_ms();
		if (biz_check_all(d, NULL, (int)year, &st, &e)) die("check", &e);
		printf("check run=%d businesses=%ld entries=%ld bodies=%d keys=%d found=%d open=%d ms=%.0f\n", run + 1, nbiz, nent, nb,
		       st.keys, st.found, st.open, now_ms() - t1);
	}
	arena_free(&a);
	db_close(d);
	return 0;
}
