/* cases.c — registration and the deadline job: marks cases at risk and
 * overdue, reminds handlers, escalates overdue cases. Idempotent, so it is
 * safe on every instance. */
#include <pthread.h>
#include <time.h>

#include "base/clock.h"
#include "base/log.h"
#include "cases/web.h"

static pthread_t g_job;
static pthread_mutex_t g_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t g_cv = PTHREAD_COND_INITIALIZER;
static bool g_running, g_stop;
static int g_interval_s = 60;

static void *job(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&g_mu);
	while (!g_stop) {
		pthread_mutex_unlock(&g_mu);
		db *d = db_thread();
		int changed = 0;
		err e = {0};
		if (d && case_mark_deadlines(d, clock_now(), &changed, &e) == 0) {
			if (changed) log_msg(LOG_INFO, "cases", "deadline job: %d cases changed", changed);
		} else {
			log_msg(LOG_WARN, "cases", "deadline job failed: %s", e.en ? e.en : "no database");
		}
		pthread_mutex_lock(&g_mu);
		struct timespec ts;
		clock_gettime(CLOCK_REALTIME, &ts);
		ts.tv_sec += g_interval_s;
		while (!g_stop && pthread_cond_timedwait(&g_cv, &g_mu, &ts) == 0) {}
	}
	pthread_mutex_unlock(&g_mu);
	return NULL;
}

void cases_jobs_start(int interval_s)
{
	g_interval_s = interval_s > 0 ? interval_s : 60;
	g_stop = false;
	g_running = pthread_create(&g_job, NULL, job, NULL) == 0;
}

void cases_jobs_stop(void)
{
	if (!g_running) return;
	pthread_mutex_lock(&g_mu);
	g_stop = true;
	pthread_cond_broadcast(&g_cv);
	pthread_mutex_unlock(&g_mu);
	pthread_join(g_job, NULL);
	g_running = false;
}

void cases_install(void)
{
	cases_api_install();
	cases_pages_install();
}
