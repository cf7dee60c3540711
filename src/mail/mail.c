/* mail.c — registration and the delivery job. The job leases what it sends,
 * so running it on several instances sends each message once (at least once
 * when a process dies in the middle of a send). */
#include <pthread.h>
#include <stdlib.h>
#include <time.h>

#include "base/clock.h"
#include "base/log.h"
#include "mail/internal.h"

static pthread_t g_job;
static pthread_mutex_t g_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t g_cv = PTHREAD_COND_INITIALIZER;
static bool g_running, g_stop;
static int g_interval_s = 30;

static void *job(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&g_mu);
	while (!g_stop) {
		struct timespec ts;
		clock_gettime(CLOCK_REALTIME, &ts);
		ts.tv_sec += g_interval_s;
		while (!g_stop && pthread_cond_timedwait(&g_cv, &g_mu, &ts) == 0) {}
		if (g_stop) break;
		pthread_mutex_unlock(&g_mu);
		db *d = db_thread();
		arena a;
		arena_init(&a);
		mail_pass p;
		err e = {0};
		if (d && mail_deliver_due(d, clock_now(), false, 100, &a, &p, &e) == 0) {
			if (p.n) log_msg(LOG_INFO, "mail", "delivery: %d sent, %d to retry, %d failed", p.sent, p.retry, p.failed);
		} else {
			log_msg(LOG_WARN, "mail", "delivery job failed: %s", e.en ? e.en : "no database");
		}
		arena_free(&a);
		pthread_mutex_lock(&g_mu);
	}
	pthread_mutex_unlock(&g_mu);
	return NULL;
}

void mail_jobs_start(int interval_s)
{
	const char *env = getenv("MINHBACH_MAIL_INTERVAL");
	if (env && *env) {
		char *end;
		long v = strtol(env, &end, 10);
		if (!*end && v > 0 && v <= 86400) interval_s = (int)v;
	}
	g_interval_s = interval_s > 0 ? interval_s : 30;
	g_stop = false;
	g_running = pthread_create(&g_job, NULL, job, NULL) == 0;
}

void mail_jobs_stop(void)
{
	if (!g_running) return;
	pthread_mutex_lock(&g_mu);
	g_stop = true;
	pthread_cond_broadcast(&g_cv);
	pthread_mutex_unlock(&g_mu);
	pthread_join(g_job, NULL);
	g_running = false;
}

void mail_install(void)
{
	mail_api_install();
	mail_notify_install();
}
