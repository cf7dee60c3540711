/* Unit tests for the per-address limits (db_throttle_* in db/db.c), shared by
 * report filing, sign-in, tracking, follow-ups, Open311 look-ups and posts:
 * a limit triggers exactly at its cap, forgets a hit once it is out of the
 * window, stays exact after the purge and when the clock is set back, and the
 * cost of a check does not grow with the number of hits counted (the virtual
 * machine steps SQLite runs for it are the same for 5 hits and for 3,000). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <sqlite3.h>
#include <string.h>

#include "base/err.h"
#include "tmpdb.h"

static tmpdb g_t;

static int setup(void **s) { (void)s; return tmpdb_open(&g_t, "throttle"); }
static int teardown(void **s) { (void)s; return tmpdb_close(&g_t); }

static int count(const char *bucket, const char *key, int64_t since, int cap)
{
	err e = {0};
	int n = -1;
	assert_int_equal(db_throttle_count(g_t.d, bucket, key, since, cap, &n, &e), 0);
	return n;
}

static void hit(const char *bucket, const char *key, int64_t at)
{
	err e = {0};
	assert_int_equal(db_throttle_add(g_t.d, bucket, key, at, &e), 0);
}

static void the_limit_triggers_exactly_at_the_cap(void **s)
{
	(void)s;
	const int cap = 30;
	assert_int_equal(count("cap", "10.0.0.1", 0, cap), 0);
	for (int i = 0; i < cap - 1; i++) hit("cap", "10.0.0.1", 1000 + i);
	assert_int_equal(count("cap", "10.0.0.1", 999, cap), cap - 1);   /* one more allowed */
	hit("cap", "10.0.0.1", 1000 + cap - 1);
	assert_int_equal(count("cap", "10.0.0.1", 999, cap), cap);       /* at the cap: refused */
	hit("cap", "10.0.0.1", 1000 + cap);
	assert_int_equal(count("cap", "10.0.0.1", 999, cap), cap);       /* never past the cap */
	/* Other keys and other buckets are not counted. */
	assert_int_equal(count("cap", "10.0.0.2", 999, cap), 0);
	assert_int_equal(count("other", "10.0.0.1", 999, cap), 0);
	hit("cap", NULL, 1000);
	assert_int_equal(count("cap", NULL, 999, cap), 1);
	assert_int_equal(count("cap", "", 999, cap), 1);
}

static void a_hit_is_forgotten_once_out_of_the_window(void **s)
{
	(void)s;
	/* Hits at 2000, 2001, …, 2009; a window of 5 s ending at 2009 holds
	 * those after 2004: 2005..2009. */
	for (int i = 0; i < 10; i++) hit("win", "a", 2000 + i);
	assert_int_equal(count("win", "a", 2004, 100), 5);
	assert_int_equal(count("win", "a", 2008, 100), 1);
	assert_int_equal(count("win", "a", 2009, 100), 0);   /* the window has passed: reset */
	assert_int_equal(count("win", "a", 1999, 100), 10);
	/* Several hits in the same second are each counted. */
	hit("win", "a", 2010);
	hit("win", "a", 2010);
	assert_int_equal(count("win", "a", 2009, 100), 2);
}

static void the_purge_and_a_clock_set_back_keep_the_count_exact(void **s)
{
	(void)s;
	err e = {0};
	for (int i = 0; i < 100; i++) hit("purge", "b", 10000 + i);
	assert_int_equal(db_throttle_purge(g_t.d, 10050, &e), 0);   /* forgets 10000..10049 */
	assert_int_equal(count("purge", "b", 10020, 1000), 50);
	assert_int_equal(count("purge", "b", 10089, 1000), 10);
	hit("purge", "b", 10100);
	assert_int_equal(count("purge", "b", 10089, 1000), 11);
	/* Every hit of a key purged: it starts again from nothing. */
	assert_int_equal(db_throttle_purge(g_t.d, 20000, &e), 0);
	assert_int_equal(count("purge", "b", 0, 1000), 0);
	hit("purge", "b", 20000);
	assert_int_equal(count("purge", "b", 19999, 1000), 1);
	/* The clock set back: a hit is never dated before the key's latest one,
	 * so it still counts in the window that holds the latest. */
	hit("purge", "b", 19000);
	assert_int_equal(count("purge", "b", 19999, 1000), 2);
}

/* The virtual machine steps of every statement of the connection since the
 * last call (and resets them). */
static int64_t vm_steps(void) { return tmpdb_vm_steps(g_t.d); }

static void the_cost_of_a_check_does_not_grow_with_the_count(void **s)
{
	(void)s;
	err e = {0};
	const int cap = 99999;
	assert_int_equal(db_begin(g_t.d, &e), 0);
	for (int i = 0; i < 5; i++) hit("cost", "few", 50000 + i);
	for (int i = 0; i < 3000; i++) hit("cost", "many", 50000 + i / 10);
	assert_int_equal(db_commit(g_t.d, &e), 0);
	count("cost", "few", 49999, cap);   /* prepared (and cached) once */
	vm_steps();
	assert_int_equal(count("cost", "few", 49999, cap), 5);
	int64_t few = vm_steps();
	assert_int_equal(count("cost", "many", 49999, cap), 3000);
	int64_t many = vm_steps();
	print_message("db_throttle_count: %lld VM steps for 5 hits, %lld for 3000\n", (long long)few, (long long)many);
	assert_true(few > 0);
	assert_true(many <= few + 8);
	/* Adding a hit: the same. */
	hit("cost", "few", 50010);
	few = vm_steps();
	hit("cost", "many", 50400);
	many = vm_steps();
	assert_true(many <= few + 8);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(the_limit_triggers_exactly_at_the_cap),
		cmocka_unit_test(a_hit_is_forgotten_once_out_of_the_window),
		cmocka_unit_test(the_purge_and_a_clock_set_back_keep_the_count_exact),
		cmocka_unit_test(the_cost_of_a_check_does_not_grow_with_the_count),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
