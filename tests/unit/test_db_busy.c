/* Unit tests for the write lock (db/db.c): a writer whose connection still
 * holds an older read (a statement stepped but not reset, as a lookup that
 * stops at its first row leaves it) is not refused with "database is locked"
 * once another connection has written since: the background jobs (which
 * write beside the requests) never fail that way. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "base/err.h"
#include "tmpdb.h"

static tmpdb g_t;

static int setup(void **s) { (void)s; return tmpdb_open(&g_t, "busy"); }
static int teardown(void **s) { (void)s; return tmpdb_close(&g_t); }

static void a_stale_read_does_not_lock_out_the_writer(void **s)
{
	(void)s;
	db *a = g_t.d, *b = NULL;
	err e = {0};
	assert_int_equal(db_meta_set(a, "busy.one", "1", &e), 0);
	assert_int_equal(db_meta_set(a, "busy.two", "2", &e), 0);
	assert_int_equal(db_open(&b, g_t.path, &e), 0);
	/* Connection a reads one row of two and leaves the statement there. */
	sqlite3_stmt *st = db_stmt(a, "SELECT key FROM meta WHERE key LIKE 'busy.%'", &e);
	assert_non_null(st);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	/* Connection b writes meanwhile. */
	assert_int_equal(db_begin(b, &e), 0);
	assert_int_equal(db_meta_set(b, "busy.three", "3", &e), 0);
	assert_int_equal(db_commit(b, &e), 0);
	/* Connection a's write transaction starts, sees b's row, and commits. */
	e = (err){0};
	assert_int_equal(db_begin(a, &e), 0);
	char v[8];
	assert_int_equal(db_meta_get(a, "busy.three", v, sizeof v, &e), 1);
	assert_int_equal(db_meta_set(a, "busy.four", "4", &e), 0);
	assert_int_equal(db_commit(a, &e), 0);
	assert_int_equal(db_meta_get(b, "busy.four", v, sizeof v, &e), 1);
	db_close(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(a_stale_read_does_not_lock_out_the_writer, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
