/* Unit tests for the log's rate limit (base/log.c): one line per condition
 * (component and message format) per second, the lines held back counted on
 * the next line of that condition. The clock is injected. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/log.h"

static int64_t g_now = 1000000;
static int64_t fake_ms(void) { return g_now; }

static char *g_text;
static size_t g_len;
static FILE *g_f;

static int setup(void **state)
{
	(void)state;
	g_f = open_memstream(&g_text, &g_len);
	log_set_output(g_f);
	log_set_clock(fake_ms);
	log_limit_reset();
	return g_f ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	log_set_output(NULL);
	log_set_clock(NULL);
	fclose(g_f);
	free(g_text);
	return 0;
}

static int lines(void)
{
	fflush(g_f);
	int n = 0;
	for (size_t i = 0; i < g_len; i++) n += g_text[i] == '\n';
	return n;
}

static void repeat(const char *comp, int times)
{
	for (int i = 0; i < times; i++) log_msg(LOG_WARN, comp, "request %d failed", i);
}

static void one_line_per_condition_per_second(void **state)
{
	(void)state;
	repeat("web", 1000);
	assert_int_equal(lines(), 1);
	assert_non_null(strstr(g_text, "request 0 failed\""));
	/* Another condition (another format, or another component) has its own line. */
	log_msg(LOG_WARN, "web", "other condition %d", 1);
	repeat("db", 5);
	assert_int_equal(lines(), 3);
	/* Still within the second: nothing more. */
	g_now += 999;
	repeat("web", 10);
	assert_int_equal(lines(), 3);
	/* A second later: one line, with the count of those held back. */
	g_now += 1;
	repeat("web", 3);
	assert_int_equal(lines(), 4);
	assert_non_null(strstr(g_text, "request 0 failed (+1009 similar)\""));
	/* The count starts again after it was reported. */
	g_now += 1000;
	repeat("web", 1);
	assert_int_equal(lines(), 5);
	assert_non_null(strstr(g_text, "(+2 similar)\""));
}

static void info_lines_are_not_limited(void **state)
{
	(void)state;
	for (int i = 0; i < 5; i++) log_msg(LOG_INFO, "main", "step %d", i);
	assert_int_equal(lines(), 5);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(one_line_per_condition_per_second, setup, teardown),
		cmocka_unit_test_setup_teardown(info_lines_are_not_limited, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
