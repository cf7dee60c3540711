/* The shared aggregates (src/agg/) and the scores' facts against a full
 * recomputation. Months of dossiers and reports are played through the real
 * services (demo/history.c: receipts, handovers, one supplement request,
 * apologies, stops, withdrawals, results and returns; reports filed,
 * handled, rated, reopened, marked overdue by the deadline job) on a moving
 * simulated clock, for several seeds; then random further commands
 * (supplement requests and returns, results, returns, withdrawals) and the
 * wired inputs (a dislike, an e-result, a payment) on random dossiers. After
 * each step every counter, listed item and fact equals what scores_rebuild()
 * computes again from the raw tables, and the scores read from the counters
 * equal the scores recomputed from the raw tables (scores_recompute) for
 * random periods. Also the pure bucket arithmetic (agg_ranges) against a
 * day-by-day sum. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agg/agg.h"
#include "auth/auth.h"
#include "base/calendar.h"
#include "base/clock.h"
#include "calendar/calendar_db.h"
#include "cases/cases.h"
#include "demo/history.h"
#include "dossier/service.h"
#include "ledger/ledger.h"
#include "procedures/procedures.h"
#include "ratings/ratings.h"
#include "scores/scores.h"
#include "units/units.h"
#include "tmpdb.h"

static tmpdb T;

/* Every non-zero counter, every item and every fact, as one text. */
static char *dump(void)
{
	static const char *const q[] = {
		"SELECT unit_id, official_id, bucket, metric, n FROM agg_counts WHERE n <> 0 ORDER BY 1, 2, 3, 4",
		"SELECT unit_id, metric, day, item FROM agg_items ORDER BY 1, 2, 3, 4",
		"SELECT * FROM score_dossier_facts ORDER BY dossier_id",
		"SELECT * FROM score_case_facts ORDER BY case_id",
	};
	size_t cap = 1 << 20, len = 0;
	char *out = malloc(cap);
	out[0] = 0;
	for (size_t k = 0; k < sizeof q / sizeof q[0]; k++) {
		sqlite3_stmt *st;
		assert_int_equal(sqlite3_prepare_v2(db_handle(T.d), q[k], -1, &st, NULL), SQLITE_OK);
		while (sqlite3_step(st) == SQLITE_ROW) {
			for (int c = 0; c < sqlite3_column_count(st); c++) {
				const char *v = (const char *)sqlite3_column_text(st, c);
				size_t need = len + (v ? strlen(v) : 4) + 4;
				if (need >= cap) { cap = need * 2; out = realloc(out, cap); }
				len += (size_t)snprintf(out + len, cap - len, "%s|", v ? v : "null");
			}
			out[len++] = '\n';
			out[len] = 0;
		}
		sqlite3_finalize(st);
		out[len++] = '#';
		out[len] = 0;
	}
	return out;
}

static uint64_t rng = 88172645463325252ull;
static uint64_t next_rand(void) { rng ^= rng << 13; rng ^= rng >> 7; rng ^= rng << 17; return rng; }

static void same_as_recomputed(int32_t first_day, int32_t last_day, bool compare_scores)
{
	err e = {0};
	char *kept = dump();
	assert_int_equal(scores_rebuild(T.d, &e), 0);
	char *again = dump();
	if (strcmp(kept, again)) {
		/* Print the first difference. */
		size_t i = 0;
		while (kept[i] && kept[i] == again[i]) i++;
		fprintf(stderr, "kept:  %.200s\nagain: %.200s\n", kept + (i > 80 ? i - 80 : 0), again + (i > 80 ? i - 80 : 0));
	}
	assert_string_equal(kept, again);
	free(kept);
	free(again);
	if (!compare_scores) return;
	for (int k = 0; k < 4; k++) {
		int32_t a = first_day + (int32_t)(next_rand() % (uint64_t)(last_day - first_day + 1));
		int32_t b = a + (int32_t)(next_rand() % 120);
		arena ar;
		arena_init(&ar);
		score_defs defs;
		score_unit *x, *y;
		int nx = 0, ny = 0;
		int64_t now = clock_now();
		assert_int_equal(scores_defs_load(T.d, b, &ar, &defs, &e), 0);
		assert_int_equal(scores_compute(T.d, &defs, a, b, now, &ar, &x, &nx, &e), 0);
		assert_int_equal(scores_recompute(T.d, &defs, a, b, now, &ar, &y, &ny, &e), 0);
		assert_int_equal(nx, ny);
		for (int i = 0; i < nx; i++) {
			assert_string_equal(x[i].code, y[i].code);
			for (int j = 0; j < defs.nind; j++) {
				assert_int_equal(x[i].v[j].status, y[i].v[j].status);
				assert_int_equal(x[i].v[j].num, y[i].v[j].num);
				assert_int_equal(x[i].v[j].den, y[i].v[j].den);
			}
			assert_true(x[i].total == y[i].total);
			assert_int_equal(x[i].rank, y[i].rank);
			/* One unit's own computation (a unit page's trend) gives the same figures. */
			score_unit one;
			assert_int_equal(scores_compute_unit(T.d, &defs, x[i].unit_id, &a, &b, 1, now, &ar, &one, &e), 0);
			for (int j = 0; j < defs.nind; j++) {
				assert_int_equal(one.v[j].status, x[i].v[j].status);
				assert_int_equal(one.v[j].num, x[i].v[j].num);
				assert_int_equal(one.v[j].den, x[i].v[j].den);
			}
			assert_true(one.total == x[i].total && one.scaled == x[i].scaled && one.band == x[i].band);
			assert_int_equal(one.rank, x[i].rank > 0);
		}
		arena_free(&ar);
	}
}

static const char *open_dossier(const char *state, arena *a)
{
	char sql[256];
	snprintf(sql, sizeof sql, "SELECT code FROM dossiers WHERE state = '%s' ORDER BY id LIMIT 1 OFFSET %d", state,
	         (int)(next_rand() % 4));
	sqlite3_stmt *st;
	const char *code = NULL;
	if (sqlite3_prepare_v2(db_handle(T.d), sql, -1, &st, NULL) != SQLITE_OK) return NULL;
	if (sqlite3_step(st) == SQLITE_ROW) code = arena_strdup(a, (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return code;
}

static void as(const char *login, dossier_cmd cmd, const char *code, dossier_input *in, arena *a)
{
	auth_actor actor;
	err e = {0};
	dossier_result res;
	if (!code || auth_actor_load(T.d, login, a, &actor, &e) != 1) return;
	(void)dossier_exec(T.d, &actor, cmd, code, in, a, &res, &e);   /* a refusal changes nothing: also checked */
}

static int64_t a_dossier_id(void)
{
	int64_t id = 0;
	err e = {0};
	char off[16];
	snprintf(off, sizeof off, "%d", (int)(next_rand() % 50));
	db_lookup_int64(T.d, "SELECT id FROM dossiers ORDER BY id LIMIT 1 OFFSET CAST(? AS INTEGER)", off, &id, &e);
	return id;
}

static void counters_equal_recomputation(void **st)
{
	(void)st;
	for (uint64_t seed = 1; seed <= 3; seed++) {
		assert_int_equal(tmpdb_open(&T, "agg"), 0);
		char vault[128];
		snprintf(vault, sizeof vault, "%s/t.vault.key", T.dir);
		case_vault_set_key_path(vault);
		err e = {0};
		int64_t now = clock_parse_iso("2026-11-20T03:00:00Z");
		clock_simulate(now - 100 * 86400);
		assert_int_equal(db_begin(T.d, &e), 0);
		assert_int_equal(units_load_reference(T.d, &e) || calendar_load_reference(T.d, &e) ||
		                 scores_load_reference(T.d, &e) || ratings_load_reference(T.d, &e) || procedures_load_demo(T.d, &e), 0);
		static const struct { const char *login; auth_role role; const char *unit; } people[] = {
			{"motcua", ROLE_COUNTER_OFFICER, "phuong-chieng-coi"}, {"xuly", ROLE_PROCESSING_OFFICER, "phuong-chieng-coi"},
			{"truongphuong", ROLE_UNIT_HEAD, "phuong-chieng-coi"}, {"thanhtra", ROLE_INSPECTOR, "thanh-tra-tinh"},
		};
		for (size_t i = 0; i < sizeof people / sizeof people[0]; i++)
			assert_int_equal(auth_account_create(T.d, &ledger_system, people[i].login, people[i].login, people[i].role,
			                                     people[i].unit, "mat-khau-du-dai-123", NULL, &e), 0);
		assert_int_equal(db_commit(T.d, &e), 0);
		demo_history_opts ho = {.seed = seed, .days = 90, .dossiers = 60, .cases = 25, .now = now};
		int hrc = demo_history(T.d, &ho, NULL, &e);
		if (hrc) fprintf(stderr, "demo_history: %s\n", e.en ? e.en : "?");
		assert_int_equal(hrc, 0);
		int64_t nd = 0, nl = 0;
		db_lookup_int64(T.d, "SELECT count(*) FROM score_dossier_facts WHERE received_at > 0 AND ? IS NOT NULL", "x", &nd, &e);
		db_lookup_int64(T.d, "SELECT count(*) FROM agg_items WHERE metric = ?", "d.late", &nl, &e);
		assert_true(nd >= 50);
		assert_true(nl > 0);
		int32_t first = cal_day_of(now - 95 * 86400), last = cal_day_of(now);
		same_as_recomputed(first, last, true);
		/* Random further commands on the open dossiers, each compared. */
		int64_t t = now;
		for (int step = 0; step < 30; step++) {
			arena a;
			arena_init(&a);
			t += (int64_t)(next_rand() % (3 * 86400));
			clock_simulate(t);
			dossier_input in = {0};
			switch (next_rand() % 6) {
			case 0:
				in.missing[0] = 1;
				in.missing_reason[0] = "Thiếu bản sao có chứng thực";
				in.nmissing = 1;
				as("xuly", DC_REQUEST_SUPPLEMENT, open_dossier("processing", &a), &in, &a);
				break;
			case 1: as("motcua", DC_SUPPLEMENT, open_dossier("supplement", &a), &in, &a); break;
			case 2: in.note = "Đã có kết quả"; as("xuly", DC_RESULT_READY, open_dossier("processing", &a), &in, &a); break;
			case 3: as("motcua", DC_RETURN, open_dossier("result_ready", &a), &in, &a); break;
			case 4: in.reason = "Công dân xin rút hồ sơ"; as("motcua", DC_WITHDRAW, open_dossier("supplement", &a), &in, &a); break;
			default: {
				/* The inputs other features will feed (ratings, e-results, payments). */
				assert_int_equal(db_begin(T.d, &e), 0);
				int64_t id = a_dossier_id();
				uint64_t r = next_rand();
				assert_int_equal(r % 3 == 0 ? scores_dossier_rated(T.d, id, r & 8, &e)
				                 : r % 3 == 1 ? scores_dossier_e_result(T.d, id, r & 8, &e)
				                              : scores_dossier_payment(T.d, id, r & 8, r & 16, &e), 0);
				assert_int_equal(db_commit(T.d, &e), 0);
			}
			}
			arena_free(&a);
			/* The recomputation from the raw tables knows no wired input yet: scores compared before any. */
			same_as_recomputed(first, cal_day_of(t), false);
		}
		clock_simulate(0);
		assert_int_equal(tmpdb_close(&T), 0);
	}
}

static void ranges_sum_like_days(void **st)
{
	(void)st;
	int32_t base = cal_day_from_ymd(2024, 11, 3);
	for (int k = 0; k < 3000; k++) {
		int32_t from = base + (int32_t)(next_rand() % 900), to = from + (int32_t)(next_rand() % 800) - 10;
		int64_t lo[AGG_RANGES_MAX], hi[AGG_RANGES_MAX];
		int n = agg_ranges(from, to, lo, hi);
		assert_true(n <= AGG_RANGES_MAX);
		/* Every day from..to is covered exactly once by its day, month or year bucket. */
		for (int32_t d = from - 3; d <= to + 3; d++) {
			int covered = 0;
			for (int i = 0; i < n; i++) {
				if (agg_bucket_day(d) >= lo[i] && agg_bucket_day(d) <= hi[i]) covered++;
				if (agg_bucket_month(d) >= lo[i] && agg_bucket_month(d) <= hi[i]) covered++;
				if (agg_bucket_year(d) >= lo[i] && agg_bucket_year(d) <= hi[i]) covered++;
			}
			assert_int_equal(covered, d >= from && d <= to ? 1 : 0);
		}
	}
	int64_t lo[AGG_RANGES_MAX], hi[AGG_RANGES_MAX];
	/* A whole year is one bucket; a quarter is one range of three months. */
	assert_int_equal(agg_ranges(cal_day_from_ymd(2026, 1, 1), cal_day_from_ymd(2026, 12, 31), lo, hi), 1);
	assert_true(lo[0] == hi[0]);
	assert_int_equal(agg_ranges(cal_day_from_ymd(2026, 10, 1), cal_day_from_ymd(2026, 12, 31), lo, hi), 1);
	assert_int_equal(hi[0] - lo[0], 2);
	assert_int_equal(agg_ranges(10, 9, lo, hi), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(ranges_sum_like_days),
		cmocka_unit_test(counters_equal_recomputation),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
