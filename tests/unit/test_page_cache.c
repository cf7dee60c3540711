/* Unit tests for the page cache's key and validity signals: the key is the
 * same for the same known parameters in any order, and refuses unknown or
 * repeated parameters and keys past the bound (so random queries are not
 * cached); the write generation moves with every commit that wrote, on any
 * connection, and not with reads; a topic's version moves with every change
 * of its tables, whoever makes it, and not with other writes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#include "base/err.h"
#include "tmpdb.h"
#include "web/metrics.h"
#include "web/web.h"

static int key(char *out, const char *lang, const char *path, const char *known, int n, const char *const *k,
               const char *const *v)
{
	return web_page_key(out, PAGE_KEY_MAX, lang, path, known, n, k, v);
}

static void the_key_sorts_known_parameters(void **s)
{
	(void)s;
	char a[PAGE_KEY_MAX], b[PAGE_KEY_MAX];
	const char *k1[] = {"unit", "q"}, *v1[] = {"phuong-chieng-coi", "khai sinh"};
	const char *k2[] = {"q", "unit"}, *v2[] = {"khai sinh", "phuong-chieng-coi"};
	assert_int_equal(key(a, "vi", "/procedures", "q unit field", 2, k1, v1), 0);
	assert_int_equal(key(b, "vi", "/procedures", "q unit field", 2, k2, v2), 0);
	assert_string_equal(a, b);
	assert_string_equal(a, "vi|/procedures?q=khai%20sinh&unit=phuong-chieng-coi");
	/* The language and the path are part of it. */
	assert_int_equal(key(b, "en", "/procedures", "q unit field", 2, k2, v2), 0);
	assert_string_not_equal(a, b);
	assert_int_equal(key(a, "vi", "/units", NULL, 0, NULL, NULL), 0);
	assert_string_equal(a, "vi|/units");
	/* Separators inside a value cannot forge another key. */
	const char *k3[] = {"q"}, *v3[] = {"a&unit=b"};
	const char *k4[] = {"q", "unit"}, *v4[] = {"a", "b"};
	assert_int_equal(key(a, "vi", "/procedures", "q unit", 1, k3, v3), 0);
	assert_int_equal(key(b, "vi", "/procedures", "q unit", 2, k4, v4), 0);
	assert_string_not_equal(a, b);
	/* "?q" and "?q=" are different requests. */
	const char *vnull[] = {NULL}, *vempty[] = {""};
	assert_int_equal(key(a, "vi", "/units", "q", 1, k3, vnull), 0);
	assert_int_equal(key(b, "vi", "/units", "q", 1, k3, vempty), 0);
	assert_string_not_equal(a, b);
}

static void the_key_refuses_what_would_grow_the_table(void **s)
{
	(void)s;
	char a[PAGE_KEY_MAX];
	const char *k[] = {"q", "zz"}, *v[] = {"x", "1"};
	assert_int_equal(key(a, "vi", "/units", "q", 2, k, v), -1);          /* unknown parameter */
	assert_int_equal(key(a, "vi", "/units", "qq", 1, k, v), -1);         /* a word is matched whole */
	assert_int_equal(key(a, "vi", "/units", NULL, 1, k, v), -1);         /* a page without parameters */
	const char *kr[] = {"q", "q"}, *vr[] = {"a", "b"};
	assert_int_equal(key(a, "vi", "/units", "q", 2, kr, vr), -1);        /* repeated */
	char big[PAGE_KEY_MAX];
	memset(big, 'x', sizeof big - 1);
	big[sizeof big - 1] = 0;
	const char *kb[] = {"q"}, *vb[] = {big};
	assert_int_equal(key(a, "vi", "/units", "q", 1, kb, vb), -1);        /* too long */
	const char *kn[PAGE_ARGS_MAX + 1], *vn[PAGE_ARGS_MAX + 1];
	for (int i = 0; i <= PAGE_ARGS_MAX; i++) { kn[i] = "q"; vn[i] = "1"; }
	assert_int_equal(key(a, "vi", "/units", "q", PAGE_ARGS_MAX + 1, kn, vn), -1);
	/* The bound of the whole cache is fixed at build time. */
	assert_true((size_t)PAGE_ENTRY_MAX <= (size_t)PAGE_BYTES_MAX);
}

static tmpdb g_t;
static int setup(void **s) { (void)s; return tmpdb_open(&g_t, "pagecache"); }
static int teardown(void **s) { (void)s; return tmpdb_close(&g_t); }

static int64_t version(db *d, const char *t0, const char *t1)
{
	const char *t[3] = {t0, t1, NULL};
	int64_t v = -1;
	err e = {0};
	assert_int_equal(db_page_version(d, t, &v, &e), 0);
	return v;
}

static void writes_move_the_generation_and_their_topics(void **s)
{
	(void)s;
	db *a = g_t.d, *b = NULL;
	err e = {0};
	assert_int_equal(db_open(&b, g_t.path, &e), 0);
	int64_t units = version(a, "units", NULL), procs = version(a, "procedures", NULL);
	int64_t both = version(a, "units", "procedures");
	assert_int_equal(both, units + procs);
	uint64_t g0 = db_generation();
	/* A read moves nothing. */
	assert_non_null(db_stmt(b, "SELECT count(*) FROM units", &e));
	int64_t n = 0;
	assert_int_equal(db_lookup_int64(b, "SELECT count(*) FROM units WHERE code <> ?1", "x", &n, &e), 1);
	assert_true(db_generation() == g0);
	/* Another connection's write that touches no page: the generation moves,
	 * the topics do not. */
	assert_int_equal(db_meta_set(b, "page.test", "1", &e), 0);
	assert_true(db_generation() > g0);
	assert_int_equal(version(a, "units", NULL), units);
	/* A change of a unit, seen by the other connection at once. */
	uint64_t g1 = db_generation();
	assert_int_equal(sqlite3_exec(db_handle(b),
	                              "INSERT INTO units(code, kind, name_vi, name_en, name_fold) "
	                              "VALUES ('x-test', 'ward', 'Phường Thử', 'Test Ward', 'phuong thu test ward')",
	                              NULL, NULL, NULL), SQLITE_OK);
	assert_true(db_generation() > g1);
	assert_true(version(a, "units", NULL) > units);
	assert_int_equal(version(a, "procedures", NULL), procs);
	/* A transaction rolled back moves neither. */
	uint64_t g2 = db_generation();
	int64_t u2 = version(a, "units", NULL);
	assert_int_equal(db_begin(b, &e), 0);
	assert_int_equal(sqlite3_exec(db_handle(b), "UPDATE units SET phone = '1' WHERE code = 'x-test'", NULL, NULL, NULL),
	                 SQLITE_OK);
	db_rollback(b);
	assert_true(db_generation() == g2);
	assert_int_equal(version(a, "units", NULL), u2);
	db_close(b);
}

/* The request counters are kept per thread and summed by /metrics: what
 * several threads count at once all shows, by route and status, and in the
 * cumulative latency histogram. */
enum { COUNTERS = 4, PER_THREAD = 20000 };
static void *count_requests(void *arg)
{
	(void)arg;
	for (int i = 0; i < PER_THREAD; i++)
		metrics_observe(i % 2 ? "/units" : "/procedures", i % 4 == 3 ? 404 : 200, i % 2 ? 300 : 3000);
	return NULL;
}

static unsigned long long metric(const char *text, const char *line_start)
{
	const char *p = strstr(text, line_start);
	assert_non_null(p);
	return strtoull(p + strlen(line_start), NULL, 10);
}

static void counters_of_several_threads_add_up(void **s)
{
	(void)s;
	pthread_t t[COUNTERS];
	for (int i = 0; i < COUNTERS; i++) assert_int_equal(pthread_create(&t[i], NULL, count_requests, NULL), 0);
	for (int i = 0; i < COUNTERS; i++) pthread_join(t[i], NULL);
	buf out;
	buf_init(&out, 1 << 20);
	metrics_render(&out);
	const char *m = buf_str(&out);
	unsigned long long n = (unsigned long long)COUNTERS * PER_THREAD;
	assert_true(metric(m, "minhbach_http_requests_total{route=\"/units\",status=\"200\"} ") == n / 4);
	assert_true(metric(m, "minhbach_http_requests_total{route=\"/units\",status=\"404\"} ") == n / 4);
	assert_true(metric(m, "minhbach_http_requests_total{route=\"/procedures\",status=\"200\"} ") == n / 2);
	/* 300 µs is within the first bound (0.5 ms), 3 ms within 0.005 s, not 0.0025 s. */
	assert_true(metric(m, "minhbach_http_request_duration_seconds_bucket{le=\"0.0005\"} ") == n / 2);
	assert_true(metric(m, "minhbach_http_request_duration_seconds_bucket{le=\"0.0025\"} ") == n / 2);
	assert_true(metric(m, "minhbach_http_request_duration_seconds_bucket{le=\"0.005\"} ") == n);
	assert_true(metric(m, "minhbach_http_request_duration_seconds_bucket{le=\"+Inf\"} ") == n);
	assert_true(metric(m, "minhbach_http_request_duration_seconds_count ") == n);
	buf_free(&out);
}

/* Expiry by age: one request re-renders, the others are served the entry
 * meanwhile, for PAGE_STALE_MS at most; a change of data is never served. */
static void an_old_entry_is_rerendered_once_and_served_meanwhile(void **s)
{
	(void)s;
	const int64_t A = PAGE_MAX_AGE_MS, S = PAGE_STALE_MS;
	/* Not current (a write moved its topics): a miss at any age, claimed or not. */
	assert_int_equal(web_page_verdict(false, 0, -1, false), PAGE_MISS);
	assert_int_equal(web_page_verdict(false, A + 1, 5, false), PAGE_MISS);
	/* Young: served, up to the age itself. */
	assert_int_equal(web_page_verdict(true, 0, -1, false), PAGE_SERVE);
	assert_int_equal(web_page_verdict(true, A, -1, false), PAGE_SERVE);
	/* Just past it: the first request claims the re-render... */
	assert_int_equal(web_page_verdict(true, A + 1, -1, false), PAGE_REFRESH);
	/* ...and renders (it does not serve itself the old entry)... */
	assert_int_equal(web_page_verdict(true, A + 1, 0, true), PAGE_MISS);
	/* ...while the others are served it, as long as the claim is live. */
	assert_int_equal(web_page_verdict(true, A + 1, 0, false), PAGE_SERVE);
	assert_int_equal(web_page_verdict(true, A + S, S, false), PAGE_SERVE);
	/* A claim older than PAGE_STALE_MS failed: the next request takes it again. */
	assert_int_equal(web_page_verdict(true, A + S, S + 1, false), PAGE_REFRESH);
	/* Never served past PAGE_MAX_AGE_MS + PAGE_STALE_MS. */
	assert_int_equal(web_page_verdict(true, A + S + 1, 0, false), PAGE_MISS);
	assert_int_equal(web_page_verdict(true, A + S + 1, -1, false), PAGE_MISS);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(the_key_sorts_known_parameters),
		cmocka_unit_test(the_key_refuses_what_would_grow_the_table),
		cmocka_unit_test(counters_of_several_threads_add_up),
		cmocka_unit_test(an_old_entry_is_rerendered_once_and_served_meanwhile),
		cmocka_unit_test_setup_teardown(writes_move_the_generation_and_their_topics, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
