/* The aggregates (case_stats_daily for the statistics; results_daily and
 * dossier_apology_daily for the public lists' totals and the apology
 * register's per-unit counts) against a full recomputation:
 * a randomised sequence of case commands through the real services (file,
 * accept, not accept, transfer, assign, extend, verify, conclude at fault or
 * not with sanctions, publish with the apology, rate satisfied or not (reopen,
 * escalation), confirm, withdraw, the deadline job's overdue marks) on a
 * moving simulated clock, with a fixed seed. After every step, every
 * aggregate row equals a GROUP BY over the cases, apologies and sanctions,
 * and the statistics served from the aggregates equal the statistics counted
 * over all the cases, for the whole history and for random periods; the
 * lists' totals and per-unit counts equal counts over all the rows under a
 * random filter. Dossier apology letters are written as DC_APOLOGIZE writes
 * them, and now and then a letter, an apology or a case's kind is corrected
 * by hand (UPDATE, DELETE), which the triggers must follow too. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/calendar.h"
#include "base/clock.h"
#include "calendar/calendar_db.h"
#include "cases/cases.h"
#include "cases/repo.h"
#include "dossier/repo.h"
#include "ledger/ledger.h"
#include "results/repo.h"
#include "units/units.h"
#include "tmpdb.h"

static tmpdb T;

static int quiet(db *d, const case_row *row, const char *kind, const char *to, const char *lang, arena *a, err *e)
{
	(void)d; (void)row; (void)kind; (void)to; (void)lang; (void)a; (void)e;
	return 0;
}

static const char *const logins[] = {"truong", "chutich", "canbo", "canbo2"};
enum { NLOGINS = 4 };

static int setup(void **st)
{
	(void)st;
	if (tmpdb_open(&T, "results-agg")) return -1;
	char vault[128];
	snprintf(vault, sizeof vault, "%s/t.vault.key", T.dir);
	case_vault_set_key_path(vault);
	err e = {0};
	if (db_begin(T.d, &e) || units_load_reference(T.d, &e) || calendar_load_reference(T.d, &e)) return -1;
	static const struct { const char *login, *role, *unit; } people[] = {
		{"truong", "unit_head", "phuong-chieng-coi"},
		{"chutich", "unit_head", "ubnd-tinh-son-la"},
		{"canbo", "processing_officer", "phuong-chieng-coi"},
		{"canbo2", "processing_officer", "ubnd-tinh-son-la"},
	};
	for (size_t i = 0; i < sizeof people / sizeof people[0]; i++) {
		auth_role role;
		auth_role_parse(people[i].role, &role);
		if (auth_account_create(T.d, &ledger_system, people[i].login, people[i].login, role, people[i].unit,
		                        "mat-khau-du-dai-123", NULL, &e))
			return -1;
	}
	if (db_commit(T.d, &e)) return -1;
	/* Two dossiers (in the ward and at the province) for apology letters. */
	const char *sql =
		"INSERT INTO procedures(id, code, name_vi, name_en, name_fold, field, level, processing_days, legal_basis)"
		" VALUES (1, 'thu-tuc', 'Thủ tục', 'Procedure', 'thu tuc procedure', 'Hộ tịch', 'commune', 5, 'Luật');"
		"INSERT INTO dossiers(id, code, secret_hash, procedure_id, unit_id, rule_set_id, channel, applicant_name, state)"
		" SELECT 1, 'HS-1', 'h', 1, (SELECT id FROM units WHERE code = 'phuong-chieng-coi'),"
		"  (SELECT min(id) FROM rule_sets), 'counter', 'A', 'received';"
		"INSERT INTO dossiers(id, code, secret_hash, procedure_id, unit_id, rule_set_id, channel, applicant_name, state)"
		" SELECT 2, 'HS-2', 'h', 1, (SELECT id FROM units WHERE code = 'ubnd-tinh-son-la'),"
		"  (SELECT min(id) FROM rule_sets), 'counter', 'B', 'received';";
	if (sqlite3_exec(db_handle(T.d), sql, NULL, NULL, NULL) != SQLITE_OK) return -1;
	case_set_notifier(quiet);
	return 0;
}

static int teardown(void **st)
{
	(void)st;
	case_set_notifier(NULL);
	clock_simulate(0);
	return tmpdb_close(&T);
}

/* A fixed-seed generator (xorshift), the same sequence on every machine. */
static uint64_t g_seed = 0x9e3779b97f4a7c15ULL;
static unsigned rnd(unsigned n)
{
	g_seed ^= g_seed << 13;
	g_seed ^= g_seed >> 7;
	g_seed ^= g_seed << 17;
	return (unsigned)(g_seed % n);
}

typedef struct tracked { char code[32], secret[16]; } tracked;

static void same_stats(const results_stats_filter *f, arena *a)
{
	err e = {0};
	results_stat *x, *y;
	int nx = 0, ny = 0;
	assert_int_equal(results_repo_stats(T.d, f, a, &x, &nx, &e), 0);
	assert_int_equal(results_repo_stats_scan(T.d, f, a, &y, &ny, &e), 0);
	assert_int_equal(nx, ny);
	for (int i = 0; i < nx; i++) {
		assert_int_equal(x[i].unit_id, y[i].unit_id);
		assert_int_equal(x[i].received, y[i].received);
		assert_int_equal(x[i].accepted, y[i].accepted);
		assert_int_equal(x[i].on_time, y[i].on_time);
		assert_int_equal(x[i].late, y[i].late);
		assert_int_equal(x[i].overdue, y[i].overdue);
		assert_int_equal(x[i].at_fault, y[i].at_fault);
		assert_int_equal(x[i].apologies, y[i].apologies);
		assert_int_equal(x[i].sanctions, y[i].sanctions);
		assert_int_equal(x[i].concluded, y[i].concluded);
		assert_true(fabs(x[i].days_sum - y[i].days_sum) < 1e-6);
	}
}

/* The lists' totals and the register's per-unit counts under f, from the
 * aggregates, against the same counted over all the rows. */
static void same_lists(const results_filter *f, arena *a)
{
	err e = {0};
	int want_r = -1, want_a = -1, want_l = -1, n = 0, total = -1;
	assert_int_equal(results_repo_counts_scan(T.d, f, &want_r, &want_a, &want_l, &e), 0);
	results_row *rows;
	assert_int_equal(results_repo_list(T.d, f, a, &rows, &n, &total, &e), 0);
	assert_int_equal(total, want_r);
	results_apology *ap;
	assert_int_equal(results_repo_apologies(T.d, f, a, &ap, &n, &total, &e), 0);
	assert_int_equal(total, want_a);
	results_dossier_apology *letters;
	assert_int_equal(results_repo_dossier_apologies(T.d, f, a, &letters, &n, &total, &e), 0);
	assert_int_equal(total, want_l);
	results_apology_unit *x, *y;
	int nx = -1, ny = -2;
	assert_int_equal(results_repo_apology_units(T.d, f, a, &x, &nx, &e), 0);
	assert_int_equal(results_repo_apology_units_scan(T.d, f, a, &y, &ny, &e), 0);
	assert_int_equal(nx, ny);
	for (int i = 0; i < nx; i++) {
		assert_string_equal(x[i].unit_code, y[i].unit_code);
		assert_int_equal(x[i].cases, y[i].cases);
		assert_int_equal(x[i].letters, y[i].letters);
		assert_int_equal(x[i].letters_late, y[i].letters_late);
	}
}

static void check(int64_t now, int64_t start, arena *a)
{
	err e = {0};
	int differ = -1;
	assert_int_equal(results_repo_agg_diff(T.d, &differ, &e), 0);
	assert_int_equal(differ, 0);
	char now_iso[32], from_iso[32], to_iso[32];
	clock_iso_utc(now, now_iso, sizeof now_iso);
	results_stats_filter all = {.unit_id = 0, .from_iso = "", .to_iso = "~", .now_iso = now_iso};
	same_stats(&all, a);
	/* A random period of whole Vietnam days (as results_period makes them). */
	int32_t d0 = cal_day_of(start), d1 = cal_day_of(now);
	int32_t from = d0 + (int32_t)rnd((unsigned)(d1 - d0 + 1)), to = from + (int32_t)rnd(rnd(2) ? 10 : 130);
	clock_iso_utc(cal_local(from, 0), from_iso, sizeof from_iso);
	clock_iso_utc(cal_local(to + 1, 0), to_iso, sizeof to_iso);
	results_stats_filter part = {.unit_id = 0, .from_iso = from_iso, .to_iso = to_iso, .now_iso = now_iso};
	same_stats(&part, a);
	int64_t ward = 0;
	assert_int_equal(results_repo_unit(T.d, "phuong-chieng-coi", a, &ward, NULL, NULL, &e), 1);
	part.unit_id = ward;
	same_stats(&part, a);

	/* The public lists: every aggregate row, then the totals and per-unit
	 * counts under a random filter (unit, kind, category, period). */
	assert_int_equal(results_repo_lists_diff(T.d, &differ, &e), 0);
	assert_int_equal(differ, 0);
	int64_t province = 0;
	assert_int_equal(results_repo_unit(T.d, "ubnd-tinh-son-la", a, &province, NULL, NULL, &e), 1);
	static const char *const kinds[] = {NULL, "feedback", "petition", "complaint", "denunciation"};
	results_filter lf = {.from_iso = "", .to_iso = "~", .limit = 1};
	same_lists(&lf, a);
	unsigned u = rnd(3);
	lf.unit_id = u == 0 ? 0 : u == 1 ? ward : province;
	lf.kind = kinds[rnd(5)];
	lf.category = rnd(3) ? NULL : "delay";
	/* A period of a few days, or up to four months (whole months and the
	 * days around them), or open at one end. */
	char lfrom[32], lto[32];
	int32_t f0 = d0 + (int32_t)rnd((unsigned)(d1 - d0 + 1)), f1 = f0 + (int32_t)rnd(rnd(2) ? 10 : 130);
	clock_iso_utc(cal_local(f0, 0), lfrom, sizeof lfrom);
	clock_iso_utc(cal_local(f1 + 1, 0), lto, sizeof lto);
	unsigned shape = rnd(4);
	if (shape != 0) lf.from_iso = shape == 3 ? "" : lfrom;
	if (shape != 0) lf.to_iso = shape == 2 ? "~" : lto;
	same_lists(&lf, a);
}

/* Tries cmd on the case as each actor in turn (the reporter by the secret
 * last) until one may; a refused command must change nothing, and check()
 * after it says so. Returns the successful case_exec's 0, or -1. */
static int try_cmd(case_cmd cmd, tracked *t, case_input *in, arena *a)
{
	case_result r;
	for (int i = 0; i <= NLOGINS; i++) {
		err e = {0};
		auth_actor who, *actor = NULL;
		if (i < NLOGINS) {
			assert_int_equal(auth_actor_load(T.d, logins[i], a, &who, &e), 1);
			actor = &who;
			in->secret = NULL;
		} else {
			in->secret = t->secret;
		}
		if (case_exec(T.d, actor, cmd, t->code, in, a, &r, &e) == 0) return 0;
		if (getenv("AGG_DEBUG")) print_message("%s as %s: %s\n", case_cmd_name(cmd), i < NLOGINS ? logins[i] : "reporter", e.en);
	}
	return -1;
}

static int64_t unit_id(const char *code)
{
	arena a;
	arena_init(&a);
	err e = {0};
	int64_t id = 0;
	assert_int_equal(results_repo_unit(T.d, code, &a, &id, NULL, NULL, &e), 1);
	arena_free(&a);
	return id;
}
static int64_t ward_id(void) { return unit_id("phuong-chieng-coi"); }
static int64_t province_id(void) { return unit_id("ubnd-tinh-son-la"); }

static void aggregates_equal_a_full_recomputation(void **st)
{
	(void)st;
	arena a;
	arena_init(&a);
	err e = {0};
	const int64_t start = clock_parse_iso("2026-03-02T01:00:00Z");
	int64_t now = start;
	tracked cases[64];
	int ncases = 0;
	int done[CC__MAX] = {0}, at_fault_published = 0, reopened = 0, overdue_marks = 0, done_letters = 0, done_fixes = 0;
	for (int step = 0; step < 400; step++) {
		now += 60 + (int64_t)rnd(30 * 3600);   /* crosses Vietnam midnights */
		clock_simulate(now);
		unsigned pick = rnd(100);
		if (ncases == 0 || (pick < 12 && ncases < 64)) {
			case_input in = {0};
			static const char *const kinds[] = {"feedback", "petition", "complaint", "denunciation"};
			in.kind = kinds[rnd(4)];
			in.category = "delay";
			in.unit_code = rnd(3) ? "phuong-chieng-coi" : "ubnd-tinh-son-la";
			in.title = "Hồ sơ chậm";
			in.body = "Nội dung phản ánh.";
			in.anonymous = true;
			/* Sometimes about an official: the fault is then the official's unit's. */
			if (rnd(3) == 0) in.official_login = rnd(2) ? "canbo" : "canbo2";
			case_result r;
			int rc = case_exec(T.d, NULL, CC_RECEIVE, NULL, &in, &a, &r, &e);
			if (rc && in.official_login) {
				in.official_login = NULL;
				rc = case_exec(T.d, NULL, CC_RECEIVE, NULL, &in, &a, &r, &e);
			}
			assert_int_equal(rc, 0);
			snprintf(cases[ncases].code, sizeof cases[ncases].code, "%s", r.code);
			snprintf(cases[ncases].secret, sizeof cases[ncases].secret, "%s", r.secret);
			ncases++;
			done[CC_RECEIVE]++;
		} else if (pick < 26 && pick >= 20) {
			/* A dossier's apology letter (what DC_APOLOGIZE writes), now and
			 * then corrected or removed by hand; or a case's apology or kind
			 * corrected by hand: the triggers follow every write. */
			unsigned what = rnd(10);
			int64_t dossier = 1 + (int64_t)rnd(2);
			if (what < 6) {
				assert_int_equal(dossier_repo_apology_add(T.d, dossier, dossier == 1 ? ward_id() : province_id(),
				                                          "Chậm do thiếu cán bộ.", now + 86400, now + 5 * 86400, now,
				                                          rnd(3) == 0, 1, &e), 0);
				done_letters++;
			} else {
				static const char *const fix[] = {
					"UPDATE apologies SET issued_late = 1 - issued_late WHERE id = (SELECT max(id) FROM apologies)",
					"UPDATE apologies SET unit_id = (SELECT id FROM units WHERE code = 'ubnd-tinh-son-la'),"
					" issued_at = strftime('%Y-%m-%dT%H:%M:%SZ', issued_at, '-1 day')"
					" WHERE id = (SELECT min(id) FROM apologies WHERE unit_id <> 1)",
					"DELETE FROM apologies WHERE id = (SELECT min(id) FROM apologies)",
					"UPDATE case_apologies SET published_at = strftime('%Y-%m-%dT%H:%M:%SZ', published_at, '+1 day')"
					" WHERE id = (SELECT max(id) FROM case_apologies)",
					"UPDATE cases SET kind = CASE kind WHEN 'feedback' THEN 'petition' ELSE 'feedback' END"
					" WHERE id = (SELECT max(id) FROM cases WHERE published_at IS NOT NULL)",
				};
				assert_int_equal(sqlite3_exec(db_handle(T.d), fix[rnd(5)], NULL, NULL, NULL), SQLITE_OK);
				done_fixes++;
			}
		} else if (pick < 20) {
			int changed = 0;
			assert_int_equal(case_mark_deadlines(T.d, now, &changed, &e), 0);
			overdue_marks += changed;
		} else {
			tracked *t = &cases[rnd((unsigned)ncases)];
			case_row row;
			assert_int_equal(case_get(T.d, t->code, &a, &row, &e), 1);
			case_input in = {0};
			in.reason = "Lý do được ghi rõ ràng trong đơn.";
			in.findings = "Kết quả xác minh.";
			in.conclusion = "Kết luận.";
			in.result_summary = "Kết quả đã xử lý.";
			in.apology_what_wrong = "Chậm trả lời.";
			in.apology_what_done = "Đã nhắc nhở.";
			in.apology_remedy = "Trả lời ngay.";
			in.to_unit = strcmp(row.unit_code, "ubnd-tinh-son-la") ? "ubnd-tinh-son-la" : "phuong-chieng-coi";
			in.to_login = rnd(2) ? "canbo" : "canbo2";
			in.satisfied = rnd(2);
			in.at_fault = (int)rnd(2);
			case_cmd cmd;
			if (rnd(10) == 0) cmd = (case_cmd)(1 + rnd(CC__MAX - 1));   /* anything: mostly refused */
			else if (!strcmp(row.state, "received")) { static const case_cmd c[] = {CC_ACCEPT, CC_ACCEPT, CC_ACCEPT, CC_NOT_ACCEPT, CC_TRANSFER, CC_WITHDRAW}; cmd = c[rnd(6)]; }
			else if (!strcmp(row.state, "accepted") || !strcmp(row.state, "reopened")) cmd = rnd(8) ? CC_ASSIGN : (rnd(2) ? CC_EXTEND : CC_WITHDRAW);
			else if (!strcmp(row.state, "assigned")) cmd = rnd(6) ? CC_VERIFY : CC_ASSIGN;
			else if (!strcmp(row.state, "verified")) cmd = CC_CONCLUDE;
			else if (!strcmp(row.state, "concluded")) cmd = CC_PUBLISH;
			else if (!strcmp(row.state, "published")) cmd = rnd(4) ? CC_RATE : CC_CONFIRM;
			else cmd = (case_cmd)(1 + rnd(CC__MAX - 1));
			int rc;
			if (cmd == CC_CONCLUDE && in.at_fault && rnd(4)) {
				/* At fault with a sanction on a named official. */
				in.officials = rnd(2) ? "canbo" : "canbo2";
				in.sanction = "Khiển trách";
				rc = try_cmd(cmd, t, &in, &a);
				in.officials = in.sanction = NULL;
				if (rc) rc = try_cmd(cmd, t, &in, &a);
			} else {
				rc = try_cmd(cmd, t, &in, &a);
			}
			if (rc == 0) {
				done[cmd]++;
				if (cmd == CC_PUBLISH && row.at_fault == 1) at_fault_published++;
				if (cmd == CC_RATE && !in.satisfied) reopened++;
			}
		}
		check(now, start, &a);
		arena_free(&a);
		arena_init(&a);
	}
	/* The sequence went through every path the statistics count. */
	print_message("cases %d, accept %d, assign %d, verify %d, conclude %d, publish %d (at fault %d), rate %d"
	              " (reopened %d), withdraw %d, transfer %d, overdue marks %d\n",
	              ncases, done[CC_ACCEPT], done[CC_ASSIGN], done[CC_VERIFY], done[CC_CONCLUDE], done[CC_PUBLISH],
	              at_fault_published, done[CC_RATE], reopened, done[CC_WITHDRAW], done[CC_TRANSFER], overdue_marks);
	assert_true(done[CC_ACCEPT] > 0 && done[CC_ASSIGN] > 0 && done[CC_VERIFY] > 0 && done[CC_CONCLUDE] > 0);
	assert_true(at_fault_published > 0 && reopened > 0 && done[CC_WITHDRAW] > 0 && done[CC_TRANSFER] > 0);
	assert_true(overdue_marks > 0);
	print_message("letters %d, corrections by hand %d\n", done_letters, done_fixes);
	assert_true(done_letters > 0 && done_fixes > 0);
	int64_t n = 0;
	assert_int_equal(db_lookup_int64(T.d, "SELECT count(*) FROM official_sanctions", NULL, &n, &e), 1);
	assert_true(n > 0);
	assert_int_equal(db_lookup_int64(T.d, "SELECT count(*) FROM cases WHERE late <> 0", NULL, &n, &e), 1);
	assert_true(n > 0);
	arena_free(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(aggregates_equal_a_full_recomputation),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
