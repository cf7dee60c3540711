#include "web/metrics.h"

#include "web/web.h"

#include <pthread.h>
#include <string.h>

enum { MAX_SERIES = 512, NBUCKETS = 13 };

static const double bounds_s[NBUCKETS] = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                          0.1, 0.25, 0.5, 1, 2.5, 5};

static struct { const char *route; int status; uint64_t n; } g_series[MAX_SERIES];
static int g_nseries;
static uint64_t g_bucket[NBUCKETS], g_count, g_sum_us;
static pthread_mutex_t g_mu = PTHREAD_MUTEX_INITIALIZER;

void metrics_observe(const char *route, int status, int64_t us)
{
	pthread_mutex_lock(&g_mu);
	int i;
	for (i = 0; i < g_nseries; i++)
		if (g_series[i].status == status && (g_series[i].route == route || !strcmp(g_series[i].route, route)))
			break;
	if (i == g_nseries && g_nseries < MAX_SERIES) {
		g_series[i].route = route;
		g_series[i].status = status;
		g_nseries++;
	}
	if (i < MAX_SERIES) g_series[i].n++;
	for (int b = 0; b < NBUCKETS; b++)
		if ((double)us / 1e6 <= bounds_s[b]) g_bucket[b]++;
	g_count++;
	g_sum_us += (uint64_t)(us > 0 ? us : 0);
	pthread_mutex_unlock(&g_mu);
}

void metrics_render(buf *out)
{
	pthread_mutex_lock(&g_mu);
	buf_adds(out, "# HELP minhbach_http_requests_total HTTP requests by route and status.\n"
	              "# TYPE minhbach_http_requests_total counter\n");
	for (int i = 0; i < g_nseries; i++)
		buf_printf(out, "minhbach_http_requests_total{route=\"%s\",status=\"%d\"} %llu\n",
		           g_series[i].route, g_series[i].status, (unsigned long long)g_series[i].n);
	buf_adds(out, "# HELP minhbach_http_request_duration_seconds Time from request start to response.\n"
	              "# TYPE minhbach_http_request_duration_seconds histogram\n");
	for (int b = 0; b < NBUCKETS; b++)
		buf_printf(out, "minhbach_http_request_duration_seconds_bucket{le=\"%g\"} %llu\n",
		           bounds_s[b], (unsigned long long)g_bucket[b]);
	buf_printf(out, "minhbach_http_request_duration_seconds_bucket{le=\"+Inf\"} %llu\n",
	           (unsigned long long)g_count);
	buf_printf(out, "minhbach_http_request_duration_seconds_sum %.6f\n", (double)g_sum_us / 1e6);
	buf_printf(out, "minhbach_http_request_duration_seconds_count %llu\n", (unsigned long long)g_count);
	pthread_mutex_unlock(&g_mu);
	web_page_cache_metrics(out);
}
