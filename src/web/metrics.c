/* metrics.c — request counters by route and status, and a latency histogram.
 *
 * Every request is counted on the I/O thread that answers it, so the counting
 * takes no lock shared by those threads (a shared lock was a wait of a whole
 * time slice whenever its holder was descheduled: docs/scale.md). Each thread
 * counts into its own shard, found through a thread-local pointer; the
 * series (route, status) are numbered in one table that only grows (a new
 * series takes g_mu, once); /metrics sums the shards. The counters are
 * atomics written by their one thread with plain relaxed load and store (no
 * locked instruction) and read by /metrics. */
#include "web/metrics.h"

#include "web/web.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

enum { MAX_SERIES = 512, NBUCKETS = 13 };

static const double bounds_s[NBUCKETS] = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                          0.1, 0.25, 0.5, 1, 2.5, 5};

static struct { const char *route; int status; } g_series[MAX_SERIES];
static atomic_int g_nseries;   /* entries below it are complete */
static pthread_mutex_t g_mu = PTHREAD_MUTEX_INITIALIZER;   /* new series; the list of shards */

typedef struct shard {
	struct shard *next;
	/* bucket[b]: observations in (bounds_s[b-1], bounds_s[b]]; bucket[NBUCKETS]: above the last */
	atomic_uint_fast64_t n[MAX_SERIES], bucket[NBUCKETS + 1], sum_us;
} shard;
static shard *g_shards;   /* under g_mu; shards live as long as the process */
static _Thread_local shard *t_shard;

static void bump(atomic_uint_fast64_t *c, uint64_t by)
{
	atomic_store_explicit(c, atomic_load_explicit(c, memory_order_relaxed) + by, memory_order_relaxed);
}

static int series_of(const char *route, int status)
{
	int n = atomic_load_explicit(&g_nseries, memory_order_acquire);
	for (int i = 0; i < n; i++)
		if (g_series[i].status == status && (g_series[i].route == route || !strcmp(g_series[i].route, route)))
			return i;
	pthread_mutex_lock(&g_mu);
	n = atomic_load_explicit(&g_nseries, memory_order_relaxed);
	int i;
	for (i = 0; i < n; i++)
		if (g_series[i].status == status && (g_series[i].route == route || !strcmp(g_series[i].route, route)))
			break;
	if (i == n && n < MAX_SERIES) {
		g_series[i].route = route;
		g_series[i].status = status;
		atomic_store_explicit(&g_nseries, n + 1, memory_order_release);
	}
	pthread_mutex_unlock(&g_mu);
	return i < MAX_SERIES ? i : -1;
}

void metrics_observe(const char *route, int status, int64_t us)
{
	shard *s = t_shard;
	if (!s) {
		s = calloc(1, sizeof *s);
		if (!s) return;
		pthread_mutex_lock(&g_mu);
		s->next = g_shards;
		g_shards = s;
		pthread_mutex_unlock(&g_mu);
		t_shard = s;
	}
	int i = series_of(route, status);
	if (i >= 0) bump(&s->n[i], 1);
	int b = 0;
	while (b < NBUCKETS && (double)us / 1e6 > bounds_s[b]) b++;
	bump(&s->bucket[b], 1);
	bump(&s->sum_us, (uint64_t)(us > 0 ? us : 0));
}

void metrics_render(buf *out)
{
	uint64_t n[MAX_SERIES] = {0}, bucket[NBUCKETS + 1] = {0}, sum_us = 0;
	pthread_mutex_lock(&g_mu);
	int ns = atomic_load(&g_nseries);
	for (shard *s = g_shards; s; s = s->next) {
		for (int i = 0; i < ns; i++) n[i] += atomic_load_explicit(&s->n[i], memory_order_relaxed);
		for (int b = 0; b <= NBUCKETS; b++) bucket[b] += atomic_load_explicit(&s->bucket[b], memory_order_relaxed);
		sum_us += atomic_load_explicit(&s->sum_us, memory_order_relaxed);
	}
	pthread_mutex_unlock(&g_mu);
	buf_adds(out, "# HELP minhbach_http_requests_total HTTP requests by route and status.\n"
	              "# TYPE minhbach_http_requests_total counter\n");
	for (int i = 0; i < ns; i++)
		buf_printf(out, "minhbach_http_requests_total{route=\"%s\",status=\"%d\"} %llu\n",
		           g_series[i].route, g_series[i].status, (unsigned long long)n[i]);
	buf_adds(out, "# HELP minhbach_http_request_duration_seconds Time from request start to response.\n"
	              "# TYPE minhbach_http_request_duration_seconds histogram\n");
	uint64_t cum = 0;
	for (int b = 0; b < NBUCKETS; b++) {
		cum += bucket[b];
		buf_printf(out, "minhbach_http_request_duration_seconds_bucket{le=\"%g\"} %llu\n",
		           bounds_s[b], (unsigned long long)cum);
	}
	cum += bucket[NBUCKETS];
	buf_printf(out, "minhbach_http_request_duration_seconds_bucket{le=\"+Inf\"} %llu\n", (unsigned long long)cum);
	buf_printf(out, "minhbach_http_request_duration_seconds_sum %.6f\n", (double)sum_us / 1e6);
	buf_printf(out, "minhbach_http_request_duration_seconds_count %llu\n", (unsigned long long)cum);
	web_page_cache_metrics(out);
	web_io_metrics(out);
}
