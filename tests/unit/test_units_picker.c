/* The unit pickers' options (units_picker_options): the same HTML as every
 * unit rendered from the list, the current unit selected and no other, a
 * renamed unit shown at once (the units' version changes), and a rendered
 * picker served without reading the units again. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "units/units.h"
#include "web/html.h"
#include "tmpdb.h"

static tmpdb T;

static int setup(void **st)
{
	(void)st;
	if (tmpdb_open(&T, "picker")) return -1;
	err e = {0};
	if (db_begin(T.d, &e) || units_load_reference(T.d, &e)) return -1;
	return db_commit(T.d, &e) ? -1 : 0;
}

static int teardown(void **st)
{
	(void)st;
	return tmpdb_close(&T);
}

/* The options as the pages rendered them from units_list before. */
static char *expected(bool en, const char *current)
{
	arena a;
	arena_init(&a);
	units_row *u;
	int n = 0;
	assert_int_equal(units_list(T.d, &a, &u, &n, NULL), 0);
	assert_true(n > 50);
	buf b;
	buf_init(&b, 1024 * 1024);
	for (int i = 0; i < n; i++)
		html_printf(&b, "<option value=\"%s\"%r>%s</option>", u[i].code,
		            current && !strcmp(current, u[i].code) ? " selected" : "", en ? u[i].name_en : u[i].name_vi);
	char *s = strdup(b.data);
	buf_free(&b);
	arena_free(&a);
	return s;
}

static void picker_is(bool en, const char *current)
{
	buf b;
	buf_init(&b, 1024 * 1024);
	assert_int_equal(units_picker_options(T.d, en, current, &b), 0);
	char *want = expected(en, current);
	assert_string_equal(b.data, want);
	free(want);
	buf_free(&b);
}

static void options_are_every_unit_with_the_current_one_selected(void **s)
{
	(void)s;
	for (int en = 0; en < 2; en++) {
		picker_is(en, NULL);
		picker_is(en, "phuong-chieng-coi");
		picker_is(en, "ubnd-tinh-son-la");
		picker_is(en, "phuong");            /* a prefix of codes, not a code: nothing selected */
		picker_is(en, "no-such-unit");
	}
}

static void a_renamed_unit_shows_at_once(void **s)
{
	(void)s;
	picker_is(false, NULL);
	err e = {0};
	assert_int_equal(db_exec(T.d, "UPDATE units SET name_vi = 'Phường Chiềng Cơi <mới>' WHERE code = 'phuong-chieng-coi'", &e), 0);
	buf b;
	buf_init(&b, 1024 * 1024);
	assert_int_equal(units_picker_options(T.d, false, "phuong-chieng-coi", &b), 0);
	assert_non_null(strstr(b.data, "<option value=\"phuong-chieng-coi\" selected>Phường Chiềng Cơi &lt;mới&gt;</option>"));
	buf_free(&b);
	picker_is(false, "phuong-chieng-coi");
}

/* Once rendered, a picker reads the units' version and nothing else: far
 * fewer virtual machine steps than reading every unit. */
static void a_rendered_picker_reads_one_row(void **s)
{
	(void)s;
	buf b;
	buf_init(&b, 1024 * 1024);
	assert_int_equal(units_picker_options(T.d, true, NULL, &b), 0);   /* rendered */
	sqlite3 *h = db_handle(T.d);
	int hit = 0, miss = 0, hi = 0;
	sqlite3_db_status(h, SQLITE_DBSTATUS_CACHE_HIT, &hit, &hi, 1);
	sqlite3_db_status(h, SQLITE_DBSTATUS_CACHE_MISS, &miss, &hi, 1);
	buf_reset(&b);
	assert_int_equal(units_picker_options(T.d, true, "phuong-chieng-coi", &b), 0);
	sqlite3_db_status(h, SQLITE_DBSTATUS_CACHE_HIT, &hit, &hi, 1);
	sqlite3_db_status(h, SQLITE_DBSTATUS_CACHE_MISS, &miss, &hi, 1);
	assert_true(hit + miss <= 2);   /* page_versions: one small table */
	assert_non_null(strstr(b.data, " selected>"));
	buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(options_are_every_unit_with_the_current_one_selected),
		cmocka_unit_test(a_renamed_unit_shows_at_once),
		cmocka_unit_test(a_rendered_picker_reads_one_row),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
