/* Unit tests for the deadline of a connection (db/db.c): a statement running
 * past it is interrupted, the write transaction it was in is rolled back
 * whole, nothing more runs until the next deadline, and the error is the
 * "timeout" that the web server answers with 503. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "base/err.h"
#include "tmpdb.h"

static tmpdb g_t;

static int setup(void **s) { (void)s; return tmpdb_open(&g_t, "deadline"); }
static int teardown(void **s) { (void)s; return tmpdb_close(&g_t); }

static void an_interrupted_write_leaves_nothing_behind(void **s)
{
	(void)s;
	db *d = g_t.d;
	err e = {0};
	char v[64];
	db_deadline_set(d, 1);
	assert_int_equal(db_begin(d, &e), 0);
	assert_int_equal(db_meta_set(d, "deadline.first", "written before the deadline", &e), 0);
	/* A query that only the deadline ends. */
	assert_int_equal(db_test_spin(d, &e), MB_EUNAVAILABLE);
	assert_string_equal(e.code, "timeout");
	assert_int_equal(err_http_status(e.status, e.code), 503);
	assert_true(db_deadline_passed(d));
	/* Nothing more runs on the connection: no write outside the (rolled
	 * back) transaction, and the commit fails. */
	e = (err){0};
	assert_int_not_equal(db_meta_set(d, "deadline.second", "written after the deadline", &e), 0);
	assert_string_equal(e.code, "timeout");
	e = (err){0};
	assert_int_equal(db_commit(d, &e), MB_EUNAVAILABLE);
	assert_string_equal(e.code, "timeout");
	/* The next request's deadline: the connection works again, and neither
	 * write was kept. */
	db_deadline_set(d, 0);
	assert_false(db_deadline_passed(d));
	assert_int_equal(db_meta_get(d, "deadline.first", v, sizeof v, &e), 0);
	assert_int_equal(db_meta_get(d, "deadline.second", v, sizeof v, &e), 0);
	/* And a write transaction commits as usual. */
	assert_int_equal(db_begin(d, &e), 0);
	assert_int_equal(db_meta_set(d, "deadline.third", "kept", &e), 0);
	assert_int_equal(db_commit(d, &e), 0);
	assert_int_equal(db_meta_get(d, "deadline.third", v, sizeof v, &e), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(an_interrupted_write_leaves_nothing_behind, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
