/* Early warning: the exact Poisson bounds against values computed
 * independently (the Poisson sum, by bisection), the standardisation against
 * peers, the test at its boundaries (every minimum, the threshold), who sees
 * and who acts, the states; and the run over a generated unit on a real
 * database: one official requesting supplements at three times the peers'
 * rate is flagged, and nobody else; one extra request out of five flags nobody;
 * results returned with a catalogue fee due and no payment recorded, counted
 * by the trigger on the return's ledger event as the rebuild counts them from
 * the history, a waived fee not among them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <string.h>

#include "base/clock.h"
#include "base/calendar.h"
#include "ledger/ledger.h"
#include "warn/internal.h"
#include "warn/warn.h"
#include "tmpdb.h"

static void poisson_bounds(void **state)
{
	(void)state;
	/* k, exact lower, exact upper (95%, two-sided), from the Poisson sum. */
	static const struct { int64_t k; double lo, hi; } known[] = {
		{1, 0.025318, 5.571643}, {2, 0.242209, 7.224688}, {3, 0.618672, 8.767273}, {5, 1.623486, 11.668332},
		{10, 4.795389, 18.390356}, {30, 20.240874, 42.826865}, {100, 81.363991, 121.626794},
	};
	for (size_t i = 0; i < sizeof known / sizeof known[0]; i++) {
		assert_true(fabs(warn_poisson_lower(known[i].k, 0.95) - known[i].lo) < 1e-5);
		assert_true(fabs(warn_poisson_upper(known[i].k, 0.95) - known[i].hi) < 1e-5);
	}
	assert_true(warn_poisson_lower(0, 0.95) == 0);
	assert_true(fabs(warn_poisson_upper(0, 0.95) - 3.688879) < 1e-5);
	/* Wider at 99%, and monotone in k. */
	assert_true(warn_poisson_lower(10, 0.99) < warn_poisson_lower(10, 0.95));
	for (int64_t k = 1; k < 200; k++) assert_true(warn_poisson_lower(k + 1, 0.95) > warn_poisson_lower(k, 0.95));
	/* Large counts: close to the normal approximation. */
	double l = warn_poisson_lower(10000, 0.95);
	assert_true(l > 9800 && l < 9810);
}

static const warn_rule RULE = {.present = true, .version = "t", .window_days = 90, .min_events = 5, .min_exposure = 20,
                               .min_peer_exposure = 50, .ratio_min = 1.5, .confidence = 0.95};

static void standardize(void **state)
{
	(void)state;
	/* Two procedures; subject 0 does 100 steps on p0 (30 events) and 10 on p1 (0);
	 * subjects 1–4 100 steps on p0 (10 events) and 50 on p1 (25 events). */
	warn_cell cells[10];
	size_t n = 0;
	cells[n++] = (warn_cell){0, 0, 0, 100, 30};
	cells[n++] = (warn_cell){0, 0, 1, 10, 0};
	for (int s = 1; s <= 4; s++) {
		cells[n++] = (warn_cell){s, 0, 0, 100, 10};
		cells[n++] = (warn_cell){s, 0, 1, 50, 25};
	}
	int64_t tot[2 * 2];
	warn_figures f[5];
	warn_standardize(cells, n, 5, 1, 2, tot, f);
	assert_int_equal(f[0].events, 30);
	assert_int_equal(f[0].exposure, 110);
	assert_int_equal(f[0].peer_events, 40 + 100);
	assert_int_equal(f[0].peer_exposure, 400 + 200);
	/* E = 100 × 40/400 + 10 × 100/200 = 15 */
	assert_true(fabs(f[0].expected - 15.0) < 1e-9);
	/* A peer: p0 against 30+30 of 400, p1 against 75 of 160. */
	assert_true(fabs(f[1].expected - (100.0 * 60 / 400 + 50.0 * 75 / 160)) < 1e-9);
	/* A subject alone on a procedure has no baseline there. */
	warn_cell alone[] = {{0, 0, 0, 100, 50}, {1, 0, 1, 100, 5}};
	warn_figures g[2];
	warn_standardize(alone, 2, 2, 1, 2, tot, g);
	assert_int_equal(g[0].exposure, 0);
	assert_int_equal(g[1].exposure, 0);
	/* Groups do not mix. */
	warn_cell groups[] = {{0, 0, 0, 100, 50}, {1, 1, 0, 100, 5}, {2, 1, 0, 100, 5}};
	warn_figures h[3];
	int64_t tot2[2 * 2];
	warn_standardize(groups, 3, 3, 2, 1, tot2, h);
	assert_int_equal(h[0].exposure, 0);
	assert_true(fabs(h[1].expected - 5.0) < 1e-9);
}

static warn_verdict judge(int64_t o, int64_t n, double expected, int64_t pn)
{
	warn_figures f = {.events = o, .exposure = n, .expected = expected, .peer_exposure = pn, .peer_events = 1};
	warn_verdict v;
	warn_judge(&RULE, &f, &v);
	return v;
}

static void judge_boundaries(void **state)
{
	(void)state;
	/* 30 of 100 against 10 expected: ratio 3, lower 20.2409/10 > 1.5. */
	warn_verdict v = judge(30, 100, 10, 400);
	assert_true(v.flagged);
	assert_true(fabs(v.ratio - 3.0) < 1e-9);
	assert_true(fabs(v.lower - 2.0240874) < 1e-6);
	/* Each minimum at its boundary. */
	assert_true(judge(30, 20, 10, 400).flagged);
	assert_int_equal(judge(30, 19, 10, 400).why, WW_FEW_EXPOSURE);
	assert_int_equal(judge(4, 100, 0.1, 400).why, WW_FEW_EVENTS);
	assert_true(judge(5, 100, 0.1, 400).flagged);
	assert_int_equal(judge(30, 100, 10, 49).why, WW_FEW_PEERS);
	assert_true(judge(30, 100, 10, 50).flagged);
	/* The threshold: the lower bound must exceed ratio_min. 10 events: lower 4.795389;
	 * E just below 4.795389/1.5 flags, just above does not. */
	double edge = 4.795389 / 1.5;
	assert_true(judge(10, 100, edge - 0.001, 400).flagged);
	assert_int_equal(judge(10, 100, edge + 0.001, 400).why, WW_BELOW_THRESHOLD);
	/* Three times the peers' rate on small counts: 3 of 10 against 1 expected stays below. */
	assert_false(judge(3, 10, 1, 400).flagged);
	/* Peers without any event: half an event over the peers' steps. */
	warn_figures z = {.events = 8, .exposure = 100, .expected = 0, .peer_exposure = 400, .peer_events = 0};
	warn_verdict vz;
	warn_judge(&RULE, &z, &vz);
	assert_true(fabs(vz.ratio - 8 / 0.125) < 1e-9);
	assert_true(vz.flagged);
}

/* --- time held per step --- */

/* The buckets of sql/0043: 0, then 60 × 2^((i − 1) / 4) seconds. */
static int held_lower(int64_t *lower)
{
	lower[0] = 0;
	double lo = 60;
	for (int i = 1; i < 82; i++, lo *= 1.189207115002721) lower[i] = (int64_t)llround(lo);
	return 82;
}

static int bucket_of(const int64_t *lower, int nb, int64_t seconds)
{
	int b = 0;
	while (b + 1 < nb && lower[b + 1] <= seconds) b++;
	return b;
}

static void held_threshold(void **state)
{
	(void)state;
	int64_t lower[82], h[82] = {0};
	int nb = held_lower(lower);
	assert_int_equal(lower[1], 60);
	assert_int_equal(lower[5], 120);   /* doubles every four buckets */
	assert_int_equal(lower[81], 62914560);
	/* Empty: no threshold. */
	assert_int_equal(warn_held_over(h, lower, nb, 0.5, 2), nb);
	/* Ten steps of two hours: the median's bucket is 2 h's; twice its top edge. */
	int b2 = bucket_of(lower, nb, 7200);
	h[b2] = 10;
	int over = warn_held_over(h, lower, nb, 0.5, 2);
	assert_true(lower[over] >= 2 * lower[b2 + 1]);
	assert_true(lower[over - 1] < 2 * lower[b2 + 1]);
	/* 2 h is in [6457 s, 7680 s): the threshold is 2 × 7680 s = 4 h 16 min, itself a bucket's
	 * lower bound. Four hours and a half is over it, four hours is not. */
	assert_int_equal(lower[over], 15360);
	assert_true(bucket_of(lower, nb, 4 * 3600 + 1800) >= over);
	assert_true(bucket_of(lower, nb, 4 * 3600) < over);
	/* The quantile: 0.5 of {1 × 1 h, 3 × 2 h} is in 2 h's bucket; 0.25 in 1 h's. */
	memset(h, 0, sizeof h);
	int b1 = bucket_of(lower, nb, 3600);
	h[b1] = 1;
	h[b2] = 3;
	assert_int_equal(warn_held_over(h, lower, nb, 0.5, 2), over);
	int over1 = warn_held_over(h, lower, nb, 0.25, 2);
	assert_true(lower[over1] >= 2 * lower[b1 + 1] && lower[over1 - 1] < 2 * lower[b1 + 1]);
	/* A multiple of 1: the next bucket above the quantile's. */
	assert_int_equal(warn_held_over(h, lower, nb, 0.5, 1), b2 + 1);
	/* The quantile in the open last bucket, or a threshold past it: none. */
	memset(h, 0, sizeof h);
	h[nb - 1] = 5;
	assert_int_equal(warn_held_over(h, lower, nb, 0.5, 2), nb);
	h[nb - 1] = 0;
	h[nb - 3] = 5;
	assert_int_equal(warn_held_over(h, lower, nb, 0.5, 2), nb);
}

/* Five officials on one procedure step, 30 steps each in the window: the
 * first holds each step `slow` seconds, the others 1.5 h to 2.5 h. */
static void held_figures(double factor, warn_figures f[5])
{
	int64_t lower[82];
	int nb = held_lower(lower);
	static int64_t hist[5][82];
	memset(hist, 0, sizeof hist);
	for (int s = 0; s < 5; s++)
		for (int k = 0; k < 30; k++) {
			int64_t t = 5400 + (int64_t)k * 3600 / 29;   /* 1.5 h … 2.5 h */
			if (s == 0) t = (int64_t)((double)t * factor);
			hist[s][bucket_of(lower, nb, t)]++;
		}
	warn_hcell cells[5];
	for (int s = 0; s < 5; s++) cells[s] = (warn_hcell){.subject = s, .group = 0, .pstep = 0, .hist = hist[s]};
	int64_t tot[82], peer[82];
	warn_held_standardize(cells, 5, 5, 1, 1, lower, nb, 0.5, 2, tot, peer, f);
}

static const warn_rule HELD = {.present = true, .version = "t", .window_days = 90, .min_events = 5, .min_exposure = 20,
                               .min_peer_exposure = 50, .ratio_min = 1.5, .confidence = 0.95, .quantile = 0.5, .multiple = 2};

static void held_standardize(void **state)
{
	(void)state;
	warn_figures f[5];
	warn_verdict v;
	/* Three times as long: every one of its 30 steps over twice the peers' median, none of theirs. */
	held_figures(3.0, f);
	assert_int_equal(f[0].events, 30);
	assert_int_equal(f[0].exposure, 30);
	assert_int_equal(f[0].peer_events, 0);
	assert_int_equal(f[0].peer_exposure, 120);
	warn_judge(&HELD, &f[0], &v);
	assert_true(v.flagged);
	/* The peers: against a baseline that includes the slow one, none of theirs is over. */
	for (int s = 1; s < 5; s++) {
		assert_int_equal(f[s].events, 0);
		assert_int_equal(f[s].exposure, 30);
		/* The slow one's steps over their threshold (the median moved up a band with them). */
		assert_true(f[s].peer_events > 0 && f[s].peer_events <= 30);
		warn_judge(&HELD, &f[s], &v);
		assert_false(v.flagged);
	}
	/* Ten per cent longer: nobody over the threshold, nobody flagged. */
	held_figures(1.1, f);
	for (int s = 0; s < 5; s++) {
		assert_int_equal(f[s].events, 0);
		warn_judge(&HELD, &f[s], &v);
		assert_false(v.flagged);
		assert_int_equal(v.why, WW_FEW_EVENTS);
	}
	/* Twice as long, just under the threshold rounded up: still nobody at 1.5 h … 2.3 h. */
	held_figures(2.0, f);
	warn_judge(&HELD, &f[0], &v);
	assert_true(f[0].events < 30);
	/* Steps of a procedure step no peer held have no baseline. */
	int64_t lower[82], h0[82] = {0}, h1[82] = {0};
	int nb = held_lower(lower);
	h0[40] = 30;
	h1[40] = 30;
	warn_hcell alone[] = {{.subject = 0, .group = 0, .pstep = 0, .hist = h0}, {.subject = 1, .group = 0, .pstep = 1, .hist = h1}};
	int64_t tot[2 * 82], peer[82];
	warn_figures g[2];
	warn_held_standardize(alone, 2, 2, 1, 2, lower, nb, 0.5, 2, tot, peer, g);
	assert_int_equal(g[0].exposure, 0);
	assert_int_equal(g[1].exposure, 0);
}

static void who_and_states(void **state)
{
	(void)state;
	int64_t anc[] = {30, 20, 10};   /* the official's unit, its parent, the province */
	assert_true(warn_rules_may_see(ROLE_INSPECTOR, 99, anc, 3));
	assert_true(warn_rules_may_see(ROLE_HOME_AFFAIRS_INSPECTOR, 99, anc, 3));
	assert_true(warn_rules_may_see(ROLE_UNIT_HEAD, 30, anc, 3));
	assert_true(warn_rules_may_see(ROLE_UNIT_HEAD, 10, anc, 3));
	assert_false(warn_rules_may_see(ROLE_UNIT_HEAD, 31, anc, 3));   /* a sibling unit's head */
	for (auth_role r = ROLE_CITIZEN; r < ROLE__MAX; r++) {
		if (r == ROLE_INSPECTOR || r == ROLE_HOME_AFFAIRS_INSPECTOR || r == ROLE_UNIT_HEAD) continue;
		assert_false(warn_rules_may_see(r, 30, anc, 3));   /* the official themselves, admin, overseer, … */
		assert_false(warn_rules_may_act(r));
	}
	assert_false(warn_rules_may_act(ROLE_UNIT_HEAD));
	assert_true(warn_rules_may_act(ROLE_INSPECTOR));
	warn_state to;
	err e = {0};
	assert_int_equal(warn_rules_transition(WST_NEW, WA_REVIEW, NULL, &to, &e), 0);
	assert_int_equal(to, WST_REVIEW);
	assert_int_equal(warn_rules_transition(WST_REVIEW, WA_REVIEW, NULL, &to, &e), MB_ECONFLICT);
	assert_int_equal(warn_rules_transition(WST_REVIEW, WA_DISMISS, "ngắn", &to, &e), MB_EINVAL);
	assert_string_equal(e.field, "reason");
	assert_int_equal(warn_rules_transition(WST_NEW, WA_DISMISS, "Đã kiểm tra hồ sơ, yêu cầu bổ sung đúng quy định", &to, &e), 0);
	assert_int_equal(to, WST_DISMISSED);
	assert_int_equal(warn_rules_transition(WST_DISMISSED, WA_INSPECTION, "Kế hoạch kiểm tra công vụ số 12", &to, &e),
	                 MB_ECONFLICT);
	assert_int_equal(warn_rules_transition(WST_REVIEW, WA_INSPECTION, "Kế hoạch kiểm tra công vụ số 12", &to, &e), 0);
	assert_int_equal(to, WST_INSPECTION);
	assert_int_equal(warn_unit_level("ward"), warn_unit_level("commune"));
	assert_int_equal(warn_unit_level("agency"), warn_unit_level("department"));
	assert_int_equal(warn_unit_level("x"), -1);
	for (int s = 0; s < WS__MAX; s++) {
		warn_signal b;
		assert_int_equal(warn_signal_parse(warn_signal_name((warn_signal)s), &b), 0);
		assert_int_equal(b, s);
		/* Every measure has its words: a label, a formula and what it divides by. */
		const char *words[] = {warn_signal_label_vi(b), warn_signal_formula_vi(b), warn_signal_exposure_vi(b)};
		for (size_t k = 0; k < sizeof words / sizeof words[0]; k++) {
			assert_non_null(words[k]);
			assert_true(strlen(words[k]) > 3);
		}
	}
	assert_string_equal(warn_signal_exposure_vi(WS_UNPAID), "hồ sơ trả kết quả của thủ tục có phí, lệ phí");
	assert_string_equal(warn_signal_exposure_vi(WS_UNSATISFIED), "đánh giá nhận được");
}

/* --- the run on a database --- */

static void exec(tmpdb *t, const char *sql)
{
	char *msg = NULL;
	int rc = sqlite3_exec(db_handle(t->d), sql, NULL, NULL, &msg);
	if (rc != SQLITE_OK) fail_msg("%s: %s", sql, msg ? msg : "?");
}

/* A province with one ward of five officials (ids 1–5) and a second ward (6–10)
 * on procedure 1; each official's steps and supplement requests over the
 * last days are written into the day counters as the triggers would. */
static void generated(tmpdb *t, const int64_t steps[10], const int64_t supplements[10])
{
	exec(t, "INSERT INTO units(id, code, parent_id, kind, name_vi, name_en, name_fold) VALUES"
	        " (1, 'tinh', NULL, 'province', 'Tỉnh', 'Province', 'tinh'),"
	        " (2, 'phuong-a', 1, 'ward', 'Phường A', 'Ward A', 'phuong a'),"
	        " (3, 'phuong-b', 1, 'ward', 'Phường B', 'Ward B', 'phuong b')");
	exec(t, "INSERT INTO procedures(id, code, name_vi, name_en, name_fold, field, level, processing_days, legal_basis)"
	        " VALUES (1, 'p-1', 'Thủ tục', 'Procedure', 'thu tuc', 'Hộ tịch', 'commune', 5, 'Luật')");
	char sql[512];
	for (int i = 0; i < 10; i++) {
		snprintf(sql, sizeof sql, "INSERT INTO accounts(id, login, display_name, role, unit_id, password_hash, created_at)"
		                          " VALUES (%d, 'canbo%d', 'Cán bộ %d', 'processing_officer', %d, 'x', '2026-01-01T00:00:00Z')",
		         i + 1, i + 1, i + 1, i < 5 ? 2 : 3);
		exec(t, sql);
	}
	/* Spread over 30 days of the window, ending yesterday. */
	int32_t today = cal_day_of(clock_now());
	for (int i = 0; i < 10; i++) {
		for (int k = 0; k < 30; k++) {
			int64_t s = steps[i] / 30 + (k < steps[i] % 30), x = supplements[i] / 30 + (k < supplements[i] % 30);
			if (!s && !x) continue;
			char day[32];
			clock_iso_utc(cal_local(today - 1 - k, 0), day, sizeof day);
			snprintf(sql, sizeof sql, "INSERT INTO rating_official_daily(account_id, day, procedure_id, steps, steps_on_time,"
			                          " supplements) VALUES (%d, '%s', 1, %lld, %lld, %lld)",
			         i + 1, day, (long long)s, (long long)s, (long long)x);
			exec(t, sql);
			snprintf(sql, sizeof sql, "INSERT INTO warn_official_daily(account_id, day, procedure_id, held_steps, held_seconds)"
			                          " VALUES (%d, '%s', 1, %lld, %lld)", i + 1, day, (long long)s, (long long)s * 3600);
			exec(t, sql);
		}
	}
}

static int open_db(tmpdb *t)
{
	err e = {0};
	if (tmpdb_open(t, "warn")) return -1;
	if (db_begin(t->d, &e) || warn_load_reference(t->d, &e) || db_commit(t->d, &e)) return -1;
	return 0;
}

static int count_signals(tmpdb *t, const char *kind, int64_t *account, int max)
{
	arena a;
	arena_init(&a);
	warn_signal_row *rows;
	int n = 0, k = 0;
	err e = {0};
	assert_int_equal(warn_repo_list(t->d, 0, NULL, 0, 0, 0, 100, &a, &rows, &n, &e), 0);
	for (int i = 0; i < n; i++) {
		if (strcmp(rows[i].subject_kind, kind)) continue;
		if (k < max) account[k] = rows[i].account_id;
		k++;
	}
	arena_free(&a);
	return k;
}

static void run_flags_three_times(void **state)
{
	(void)state;
	tmpdb t;
	assert_int_equal(open_db(&t), 0);
	/* Official 3 requests supplements at three times the others' rate (30 per 100
	 * steps against 10); the other ward behaves like the peers. */
	int64_t steps[10] = {100, 100, 100, 100, 100, 100, 100, 100, 100, 100};
	int64_t sup[10] = {10, 10, 30, 10, 10, 10, 10, 10, 10, 10};
	generated(&t, steps, sup);
	warn_run_summary s;
	err e = {0};
	assert_int_equal(warn_run(t.d, "cli", NULL, &s, &e), 0);
	assert_int_equal(s.officials, 10);
	int64_t who[4] = {0};
	assert_int_equal(count_signals(&t, "official", who, 4), 1);
	assert_int_equal(who[0], 3);
	assert_int_equal(count_signals(&t, "unit", who, 4), 0);   /* ward A: 70 of 500 against 50 of 500, not beyond chance */
	assert_int_equal(s.opened, s.flagged);
	/* A second run refreshes the open signal, opens none. */
	assert_int_equal(warn_run(t.d, "cli", NULL, &s, &e), 0);
	assert_int_equal(s.opened, 0);
	assert_int_equal(count_signals(&t, "official", who, 4), 1);
	/* The signal's figures: 30 of 100 against the peers' 90 of 900. */
	arena a;
	arena_init(&a);
	warn_signal_row *rows;
	int n;
	assert_int_equal(warn_repo_list(t.d, 0, "new", 3, 0, 0, 10, &a, &rows, &n, &e), 0);
	assert_int_equal(n, 1);
	assert_string_equal(rows[0].signal, "supplements");
	assert_int_equal(rows[0].events, 30);
	assert_int_equal(rows[0].exposure, 100);
	assert_int_equal(rows[0].peer_events, 90);
	assert_int_equal(rows[0].peer_exposure, 900);
	assert_true(fabs(rows[0].expected - 10.0) < 1e-9);
	assert_true(rows[0].lower > 1.5);
	/* Who reads it: the head of ward A or of the province, an inspector; not the head
	 * of ward B, not the official themselves even as a head, not another official. */
	int64_t sid = rows[0].id;
	auth_actor head_a = {.id = 1, .role = ROLE_UNIT_HEAD, .unit_id = 2}, head_p = {.id = 6, .role = ROLE_UNIT_HEAD, .unit_id = 1},
	           head_b = {.id = 7, .role = ROLE_UNIT_HEAD, .unit_id = 3}, self = {.id = 3, .role = ROLE_UNIT_HEAD, .unit_id = 2},
	           insp = {.id = 8, .role = ROLE_INSPECTOR, .unit_id = 1}, peer = {.id = 2, .role = ROLE_PROCESSING_OFFICER, .unit_id = 2};
	warn_signal_row one;
	assert_int_equal(warn_get_for(t.d, &head_a, sid, &a, &one, &e), 0);
	assert_int_equal(warn_get_for(t.d, &head_p, sid, &a, &one, &e), 0);
	assert_int_equal(warn_get_for(t.d, &insp, sid, &a, &one, &e), 0);
	assert_int_equal(warn_get_for(t.d, &head_b, sid, &a, &one, &e), MB_ENOTFOUND);
	assert_int_equal(warn_get_for(t.d, &self, sid, &a, &one, &e), MB_ENOTFOUND);
	assert_int_equal(warn_get_for(t.d, &peer, sid, &a, &one, &e), MB_ENOTFOUND);
	assert_int_equal(warn_list_for(t.d, &head_a, NULL, 0, 10, &a, &rows, &n, &e), 0);
	assert_int_equal(n, 1);
	assert_int_equal(warn_list_for(t.d, &self, NULL, 0, 10, &a, &rows, &n, &e), 0);
	assert_int_equal(n, 0);
	assert_int_equal(warn_list_for(t.d, &head_b, NULL, 0, 10, &a, &rows, &n, &e), 0);
	assert_int_equal(n, 0);
	assert_int_equal(warn_list_for(t.d, &peer, NULL, 0, 10, &a, &rows, &n, &e), MB_ENOTFOUND);
	/* Only inspectors act or run it. */
	assert_int_equal(warn_act(t.d, &head_a, sid, WA_REVIEW, NULL, &a, &e), MB_EFORBIDDEN);
	assert_int_equal(warn_run(t.d, "button", &head_a, &s, &e), MB_EFORBIDDEN);
	arena_free(&a);
	assert_int_equal(tmpdb_close(&t), 0);
}

static void run_one_extra_flags_nobody(void **state)
{
	(void)state;
	tmpdb t;
	assert_int_equal(open_db(&t), 0);
	/* Five steps each; official 3 made one request more than the others (2 of 5
	 * against 1 of 5). */
	int64_t steps[10] = {5, 5, 5, 5, 5, 5, 5, 5, 5, 5};
	int64_t sup[10] = {1, 1, 2, 1, 1, 1, 1, 1, 1, 1};
	generated(&t, steps, sup);
	warn_run_summary s;
	err e = {0};
	assert_int_equal(warn_run(t.d, "cli", NULL, &s, &e), 0);
	assert_int_equal(s.flagged, 0);
	assert_int_equal(s.opened, 0);
	int64_t who[4];
	assert_int_equal(count_signals(&t, "official", who, 4), 0);
	assert_int_equal(count_signals(&t, "unit", who, 4), 0);
	assert_int_equal(tmpdb_close(&t), 0);
}

/* Ward A's five officials on procedure 1's processing step, 30 steps each in
 * the window, written into the histogram as the trigger would: official 1
 * holds each `factor` times as long as the others (1.5 h … 2.5 h). */
static void generated_held(tmpdb *t, double factor)
{
	int64_t zero[10] = {0};
	generated(t, zero, zero);
	int32_t today = cal_day_of(clock_now());
	char sql[512], day[32];
	for (int i = 0; i < 5; i++)
		for (int k = 0; k < 30; k++) {
			int64_t held = 5400 + (int64_t)k * 3600 / 29;
			if (i == 0) held = (int64_t)((double)held * factor);
			clock_iso_utc(cal_local(today - 1 - k, 0), day, sizeof day);
			snprintf(sql, sizeof sql,
			         "INSERT INTO warn_held_daily(day, account_id, procedure_id, step_kind, bucket, steps)"
			         " SELECT '%s', %d, 1, 'processing', (SELECT bucket FROM warn_held_buckets WHERE lower_seconds <= %lld"
			         " ORDER BY lower_seconds DESC LIMIT 1), 1"
			         " ON CONFLICT(day, account_id, procedure_id, step_kind, bucket) DO UPDATE SET steps = steps + 1",
			         day, i + 1, (long long)held);
			exec(t, sql);
		}
}

static void run_held(void **state)
{
	(void)state;
	tmpdb t;
	assert_int_equal(open_db(&t), 0);
	generated_held(&t, 3.0);
	warn_run_summary s;
	err e = {0};
	assert_int_equal(warn_run(t.d, "cli", NULL, &s, &e), 0);
	int64_t who[4] = {0};
	assert_int_equal(count_signals(&t, "official", who, 4), 1);
	assert_int_equal(who[0], 1);
	arena a;
	arena_init(&a);
	warn_signal_row *rows;
	int n;
	assert_int_equal(warn_repo_list(t.d, 0, "new", 1, 0, 0, 10, &a, &rows, &n, &e), 0);
	assert_int_equal(n, 1);
	assert_string_equal(rows[0].signal, "held");
	assert_int_equal(rows[0].events, 30);
	assert_int_equal(rows[0].exposure, 30);
	assert_int_equal(rows[0].peer_exposure, 120);
	assert_non_null(strstr(rows[0].detail, "\"multiple\":2"));
	arena_free(&a);
	assert_int_equal(tmpdb_close(&t), 0);
	/* Ten per cent longer: nobody. */
	assert_int_equal(open_db(&t), 0);
	generated_held(&t, 1.1);
	assert_int_equal(warn_run(t.d, "cli", NULL, &s, &e), 0);
	assert_int_equal(s.flagged, 0);
	assert_int_equal(count_signals(&t, "official", who, 4), 0);
	assert_int_equal(tmpdb_close(&t), 0);
}

/* Results returned (signal `unpaid`, sql/0045): officials 1–10 of the two
 * wards each return 12 dossiers of procedure 1 (catalogue fee 50,000 đồng)
 * over the last 12 days, `unpaid[i]` of them with no payment recorded by the
 * return; the others paid in cash with a receipt, by transfer, on the national
 * platform, or waived (fee 0, method none, with the reason: a payment row).
 * Each return is written as the service writes it, in one transaction: the
 * dossier returned, then its dossier.return event by the official (the trigger
 * counts it). Besides: a payment recorded a minute after an unpaid return (still
 * unpaid at the return), and returns of a free procedure (2) and of one whose
 * fee is not published (3), never counted. */
/* A payment's fee, catalogue fee, reason, method, reference and receipt: paid
 * in cash with a receipt, by transfer, on the national platform, or waived. */
static void payment_values(char *out, size_t size, int way, int serial)
{
	switch (way) {
	case 0: snprintf(out, size, "50000, 50000, '', 'cash', '', 'BL-%d'", serial); break;
	case 1: snprintf(out, size, "50000, 50000, '', 'bank_transfer', '', ''"); break;
	case 2: snprintf(out, size, "50000, 50000, '', 'national_platform', 'PAYGOV-%d', ''", serial); break;
	default: snprintf(out, size, "0, 50000, 'Miễn lệ phí cho người có công với cách mạng', 'none', '', ''"); break;
	}
}

static void generated_returns(tmpdb *t, const int unpaid[10])
{
	int64_t zero[10] = {0};
	generated(t, zero, zero);
	exec(t, "UPDATE procedures SET fee_vnd = 50000 WHERE id = 1");
	exec(t, "INSERT INTO procedures(id, code, name_vi, name_en, name_fold, field, level, processing_days, legal_basis, fee_vnd)"
	        " VALUES (2, 'p-2', 'Thủ tục miễn phí', 'Free procedure', 'thu tuc mien phi', 'Hộ tịch', 'commune', 5, 'Luật', 0),"
	        " (3, 'p-3', 'Thủ tục chưa công bố phí', 'Unpublished fee', 'thu tuc chua cong bo phi', 'Hộ tịch', 'commune', 5,"
	        " 'Luật', NULL)");
	int32_t today = cal_day_of(clock_now());
	char sql[1024], code[32], at[32], pay_at[32], late_at[32], values[192];
	err e = {0};
	int serial = 0;
	for (int i = 0; i < 10; i++)
		for (int k = 0; k < 14; k++) {
			int proc = k < 12 ? 1 : k - 10, unit = i < 5 ? 2 : 3;
			int64_t ret = cal_local(today - 1 - k, 9 * 60 + i);
			clock_iso_utc(ret, at, sizeof at);
			clock_iso_utc(ret - 3600, pay_at, sizeof pay_at);
			clock_iso_utc(ret + 60, late_at, sizeof late_at);
			snprintf(code, sizeof code, "TRA-%d-%d", i + 1, k);
			snprintf(sql, sizeof sql,
			         "INSERT INTO dossiers(code, secret_hash, procedure_id, unit_id, rule_set_id, channel, applicant_name, state,"
			         " received_at) VALUES ('%s', 'x', %d, %d, (SELECT min(id) FROM rule_sets), 'counter', 'Người nộp',"
			         " 'result_ready', '%s')", code, proc, unit, pay_at);
			exec(t, sql);
			bool is_unpaid = proc == 1 && k < unpaid[i], late_pay = is_unpaid && i == 1 && k == 0;
			if (!is_unpaid || late_pay) {
				payment_values(values, sizeof values, (k + i) % 4, ++serial);
				snprintf(sql, sizeof sql,
				         "INSERT INTO dossier_payments(dossier_id, unit_id, fee_vnd, catalogue_fee_vnd, fee_reason, method,"
				         " reference, receipt_no, first, recorded_at, recorded_by)"
				         " SELECT id, unit_id, %s, 1, '%s', %d FROM dossiers WHERE code = '%s'",
				         values, late_pay ? late_at : pay_at, i + 1, code);
			}
			if (!is_unpaid) exec(t, sql);
			assert_int_equal(db_begin(t->d, &e), 0);
			char upd[256], subject[48];
			snprintf(upd, sizeof upd, "UPDATE dossiers SET state = 'returned', finished_at = '%s' WHERE code = '%s'", at, code);
			exec(t, upd);
			snprintf(subject, sizeof subject, "dossier:%s", code);
			json_t *p = json_pack("{s:b}", "late", 0);
			assert_int_equal(ledger_append(t->d, &(ledger_actor){i + 1, "counter_officer"}, unit == 2 ? "phuong-a" : "phuong-b",
			                               "dossier.return", subject, p, NULL, &e), 0);
			json_decref(p);
			assert_int_equal(db_commit(t->d, &e), 0);
			if (late_pay) exec(t, sql);   /* the payment a minute after the return */
		}
}

/* The counters of sql/0045 as one line: "account:fee_due/unpaid" per official. */
static void unpaid_counters(tmpdb *t, char *out, size_t size)
{
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(db_handle(t->d),
	                                    "SELECT group_concat(a || ':' || n || '/' || x, ' ') FROM (SELECT account_id AS a,"
	                                    " sum(returns_fee_due) AS n, sum(returns_unpaid) AS x FROM warn_official_daily"
	                                    " GROUP BY account_id HAVING n > 0 OR x > 0 ORDER BY account_id)", -1, &st, NULL),
	                 SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	snprintf(out, size, "%s", sqlite3_column_text(st, 0) ? (const char *)sqlite3_column_text(st, 0) : "");
	sqlite3_finalize(st);
}

static void run_unpaid(void **state)
{
	(void)state;
	tmpdb t;
	assert_int_equal(open_db(&t), 0);
	/* Official 1 returns 8 of 12 unpaid; everyone else 1 of 12 (official 2's paid a minute late). */
	int unpaid[10] = {8, 1, 1, 1, 1, 1, 1, 1, 1, 1};
	generated_returns(&t, unpaid);
	char kept[512], rebuilt[512];
	unpaid_counters(&t, kept, sizeof kept);
	assert_string_equal(kept, "1:12/8 2:12/1 3:12/1 4:12/1 5:12/1 6:12/1 7:12/1 8:12/1 9:12/1 10:12/1");
	/* The history gives the same counts (an older database's one-off build). */
	err e = {0};
	assert_int_equal(warn_rebuild_counters(t.d, &e), 0);
	unpaid_counters(&t, rebuilt, sizeof rebuilt);
	assert_string_equal(rebuilt, kept);
	warn_run_summary s;
	assert_int_equal(warn_run(t.d, "cli", NULL, &s, &e), 0);
	int64_t who[4] = {0};
	assert_int_equal(count_signals(&t, "official", who, 4), 1);
	assert_int_equal(who[0], 1);
	/* Ward A: 12 of 60 against ward B's 5 of 60: the lower bound 6.2 / 5 is not above 1.5. */
	assert_int_equal(count_signals(&t, "unit", who, 4), 0);
	arena a;
	arena_init(&a);
	warn_signal_row *rows;
	int n;
	assert_int_equal(warn_repo_list(t.d, 0, "new", 1, 0, 0, 10, &a, &rows, &n, &e), 0);
	assert_int_equal(n, 1);
	assert_string_equal(rows[0].signal, "unpaid");
	assert_int_equal(rows[0].events, 8);
	assert_int_equal(rows[0].exposure, 12);
	assert_int_equal(rows[0].peer_events, 9);
	assert_int_equal(rows[0].peer_exposure, 108);
	assert_true(fabs(rows[0].expected - 1.0) < 1e-9);
	assert_true(rows[0].lower > 1.5);
	arena_free(&a);
	assert_int_equal(tmpdb_close(&t), 0);
	/* One extra unpaid return (2 of 12 against 1 of 12): nobody. */
	assert_int_equal(open_db(&t), 0);
	int one_more[10] = {2, 1, 1, 1, 1, 1, 1, 1, 1, 1};
	generated_returns(&t, one_more);
	assert_int_equal(warn_run(t.d, "cli", NULL, &s, &e), 0);
	assert_int_equal(s.flagged, 0);
	assert_int_equal(count_signals(&t, "official", who, 4), 0);
	assert_int_equal(count_signals(&t, "unit", who, 4), 0);
	assert_int_equal(tmpdb_close(&t), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(poisson_bounds),
		cmocka_unit_test(standardize),
		cmocka_unit_test(judge_boundaries),
		cmocka_unit_test(held_threshold),
		cmocka_unit_test(held_standardize),
		cmocka_unit_test(who_and_states),
		cmocka_unit_test(run_flags_three_times),
		cmocka_unit_test(run_one_extra_flags_nobody),
		cmocka_unit_test(run_held),
		cmocka_unit_test(run_unpaid),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
