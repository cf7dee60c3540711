/* The pure rules of rating a dossier: level ↔ like, what was sent resolved,
 * the change window at its boundary, the criteria set by date (closed
 * intervals), answers by type at their bounds, comments, what may be rated,
 * the counters' day key. Also the shipped reference data loads and every
 * shipped criterion has a type. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "base/calendar.h"
#include "ratings/ratings.h"
#include "tmpdb.h"

static void levels_and_likes(void **state)
{
	(void)state;
	assert_true(rating_level_liked(RL_VERY_SATISFIED));
	assert_true(rating_level_liked(RL_SATISFIED));
	assert_false(rating_level_liked(RL_UNSATISFIED));
	assert_int_equal(rating_level_of_like(true), RL_SATISFIED);
	assert_int_equal(rating_level_of_like(false), RL_UNSATISFIED);
	for (int l = 0; l < RL__MAX; l++) {
		rating_level back;
		assert_int_equal(rating_level_parse(rating_level_name((rating_level)l), &back), 0);
		assert_int_equal(back, l);
	}
	rating_level x;
	assert_int_equal(rating_level_parse("Rất hài lòng", &x), -1);
	assert_int_equal(rating_level_parse("", &x), -1);
	assert_int_equal(rating_level_parse(NULL, &x), -1);
	assert_string_equal(rating_level_label_vi(RL_VERY_SATISFIED), "Rất hài lòng");
	assert_string_equal(rating_level_label_vi(RL_UNSATISFIED), "Không hài lòng");
}

static void resolve(void **state)
{
	(void)state;
	rating_level l;
	bool liked;
	err e = {0};
	/* A level alone: its like. */
	assert_int_equal(rating_rules_resolve("very_satisfied", -1, &l, &liked, &e), 0);
	assert_int_equal(l, RL_VERY_SATISFIED);
	assert_true(liked);
	assert_int_equal(rating_rules_resolve("unsatisfied", -1, &l, &liked, &e), 0);
	assert_false(liked);
	/* A like alone: Hài lòng; a dislike alone: Không hài lòng. */
	assert_int_equal(rating_rules_resolve(NULL, 1, &l, &liked, &e), 0);
	assert_int_equal(l, RL_SATISFIED);
	assert_int_equal(rating_rules_resolve("", 0, &l, &liked, &e), 0);
	assert_int_equal(l, RL_UNSATISFIED);
	/* Both, agreeing. */
	assert_int_equal(rating_rules_resolve("satisfied", 1, &l, &liked, &e), 0);
	assert_int_equal(rating_rules_resolve("unsatisfied", 0, &l, &liked, &e), 0);
	/* Both, disagreeing; neither; an unknown level. */
	assert_int_equal(rating_rules_resolve("very_satisfied", 0, &l, &liked, &e), MB_EINVAL);
	assert_string_equal(e.code, "inconsistent");
	assert_int_equal(rating_rules_resolve("unsatisfied", 1, &l, &liked, &e), MB_EINVAL);
	assert_int_equal(rating_rules_resolve(NULL, -1, &l, &liked, &e), MB_EINVAL);
	assert_string_equal(e.field, "level");
	assert_int_equal(rating_rules_resolve("tot", -1, &l, &liked, &e), MB_EINVAL);
	assert_string_equal(e.code, "invalid_field");
}

static void change_window_boundary(void **state)
{
	(void)state;
	enum { T = 1800000000 };
	err e = {0};
	int64_t until = rating_rules_change_until(T, 7);
	assert_int_equal(until, T + 7 * 86400);
	assert_int_equal(rating_rules_may_change(until, T, &e), 0);
	assert_int_equal(rating_rules_may_change(until, until - 1, &e), 0);
	assert_int_equal(rating_rules_may_change(until, until, &e), MB_ECONFLICT);
	assert_string_equal(e.code, "rating_final");
	assert_int_equal(rating_rules_may_change(until, until + 1, &e), MB_ECONFLICT);
	/* A window of 0 days: the first rating is final. */
	assert_int_equal(rating_rules_may_change(rating_rules_change_until(T, 0), T, &e), MB_ECONFLICT);
}

static void set_by_date(void **state)
{
	(void)state;
	/* Closed intervals: both ends included, no gap between consecutive sets. */
	assert_false(rating_rules_in_force("2025-07-01", "2026-06-30", "2025-06-30"));
	assert_true(rating_rules_in_force("2025-07-01", "2026-06-30", "2025-07-01"));
	assert_true(rating_rules_in_force("2025-07-01", "2026-06-30", "2026-06-30"));
	assert_false(rating_rules_in_force("2025-07-01", "2026-06-30", "2026-07-01"));
	assert_true(rating_rules_in_force("2026-07-01", NULL, "2026-07-01"));
	assert_true(rating_rules_in_force("2026-07-01", "", "2099-12-31"));
	assert_false(rating_rules_in_force("2026-07-01", "", "2026-06-30"));
	assert_false(rating_rules_in_force(NULL, NULL, "2026-06-30"));
}

static void answers(void **state)
{
	(void)state;
	arena a;
	arena_init(&a);
	err e = {0};
	const char *n;
	rating_criterion yn = {"on_time", "", "", RA_YES_NO, 1}, lv = {"staff_attitude", "", "", RA_LEVEL, 2},
	                 ct = {"visits", "", "", RA_COUNT, 3};
	assert_int_equal(rating_rules_check_answer(&yn, "yes", "answers.on_time", &a, &n, &e), 0);
	assert_string_equal(n, "yes");
	assert_int_equal(rating_rules_check_answer(&yn, "no", "answers.on_time", &a, &n, &e), 0);
	assert_int_equal(rating_rules_check_answer(&yn, "Yes", "answers.on_time", &a, &n, &e), MB_EINVAL);
	assert_string_equal(e.field, "answers.on_time");
	assert_int_equal(rating_rules_check_answer(&lv, "unsatisfied", "f", &a, &n, &e), 0);
	assert_int_equal(rating_rules_check_answer(&lv, "yes", "f", &a, &n, &e), MB_EINVAL);
	static const char *const good[] = {"0", "1", "9", "10", "99"};
	static const char *const bad[] = {"", "-1", "100", "01", "1.5", "+1", "x", " 1"};
	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
		assert_int_equal(rating_rules_check_answer(&ct, good[i], "f", &a, &n, &e), 0);
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_int_equal(rating_rules_check_answer(&ct, bad[i], "f", &a, &n, &e), MB_EINVAL);
	assert_int_equal(rating_rules_check_answer(&ct, NULL, "f", &a, &n, &e), MB_EINVAL);
	rating_criterion set[] = {yn, lv, ct};
	assert_int_equal(rating_rules_find(set, 3, "visits"), 2);
	assert_int_equal(rating_rules_find(set, 3, "bribe"), -1);
	assert_int_equal(rating_rules_find(set, 3, NULL), -1);
	arena_free(&a);
}

static void comments_and_states(void **state)
{
	(void)state;
	err e = {0};
	char s[40];
	memset(s, 'a', 10);
	s[10] = 0;
	assert_int_equal(rating_rules_check_comment(NULL, 10, &e), 0);
	assert_int_equal(rating_rules_check_comment("", 10, &e), 0);
	assert_int_equal(rating_rules_check_comment(s, 10, &e), 0);
	assert_int_equal(rating_rules_check_comment("ớớớớớớớớớớ", 10, &e), 0);   /* code points, not bytes */
	assert_int_equal(rating_rules_check_comment("ớớớớớớớớớớớ", 10, &e), MB_EINVAL);
	assert_string_equal(e.code, "too_long");
	assert_int_equal(rating_rules_check_comment("dòng 1\ndòng 2", 100, &e), 0);
	assert_int_equal(rating_rules_check_comment("a\x01" "b", 100, &e), MB_EINVAL);
	assert_int_equal(rating_rules_check_comment("\xff", 100, &e), MB_EINVAL);
	for (int st = 0; st < DS__MAX; st++)
		assert_int_equal(rating_rules_ratable((dossier_state)st), st == DS_RESULT_READY || st == DS_RETURNED);
}

static void day_key(void **state)
{
	(void)state;
	char k[32];
	/* 1 January 2026 00:00 in Vietnam is 31 December 2025 17:00 UTC. */
	int64_t midnight = cal_local(cal_day_from_ymd(2026, 1, 1), 0);
	rating_day_key(midnight, k);
	assert_string_equal(k, "2025-12-31T17:00:00Z");
	rating_day_key(midnight + 86399, k);
	assert_string_equal(k, "2025-12-31T17:00:00Z");
	rating_day_key(midnight - 1, k);
	assert_string_equal(k, "2025-12-30T17:00:00Z");
}

/* The shipped data loads into a fresh database, every row valid. */
static void reference_loads(void **state)
{
	(void)state;
	tmpdb t;
	assert_int_equal(tmpdb_open(&t, "ratings"), 0);
	err e = {0};
	assert_int_equal(db_begin(t.d, &e), 0);
	assert_int_equal(ratings_load_reference(t.d, &e), 0);
	assert_int_equal(db_commit(t.d, &e), 0);
	ratings_unit_sum s;
	assert_int_equal(ratings_unit_range(t.d, 0, "2026-01-01", "2026-12-31", &s, &e), 0);
	assert_int_equal(s.rated_dossiers, 0);
	assert_int_equal(ratings_unit_range(t.d, 0, "2026-12-31", "2026-01-01", &s, &e), MB_EINVAL);
	assert_int_equal(ratings_unit_range(t.d, 0, "2026-02-30", "2026-03-01", &s, &e), MB_EINVAL);
	/* Loaded once: ensure does nothing more. */
	assert_int_equal(ratings_ensure_reference(t.d, &e), 0);
	tmpdb_close(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(levels_and_likes),
		cmocka_unit_test(resolve),
		cmocka_unit_test(change_window_boundary),
		cmocka_unit_test(set_by_date),
		cmocka_unit_test(answers),
		cmocka_unit_test(comments_and_states),
		cmocka_unit_test(day_key),
		cmocka_unit_test(reference_loads),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
