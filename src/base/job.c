/* job.c — periodic background jobs (see job.h). */
#include <stdlib.h>
#include <time.h>

#include "base/clock.h"
#include "base/err.h"
#include "base/job.h"
#include "base/log.h"

static void *loop(void *arg)
{
	job *j = arg;
	unsigned passes = 0;
	pthread_mutex_lock(&j->mu);
	while (!j->stop) {
		pthread_mutex_unlock(&j->mu);
		j->run();
		log_msg(LOG_DEBUG, j->name, "pass %u done", ++passes);
		pthread_mutex_lock(&j->mu);
		struct timespec ts;
		clock_gettime(CLOCK_REALTIME, &ts);
		ts.tv_sec += j->interval_s;
		while (!j->stop && pthread_cond_timedwait(&j->cv, &j->mu, &ts) == 0) {}
	}
	pthread_mutex_unlock(&j->mu);
	return NULL;
}

void job_start(job *j, const char *name, void (*run)(void), int interval_s)
{
	j->name = name;
	j->run = run;
	j->interval_s = interval_s > 0 ? interval_s : 60;
	/* For the tests: every job runs this often (seconds). */
	const char *every = getenv("MINHBACH_JOB_INTERVAL");
	if (every && *every) {
		char *end;
		long v = strtol(every, &end, 10);
		if (!*end && v > 0 && v <= 86400) j->interval_s = (int)v;
	}
	j->stop = false;
	pthread_mutex_init(&j->mu, NULL);
	pthread_cond_init(&j->cv, NULL);
	j->running = pthread_create(&j->thread, NULL, loop, j) == 0;
	if (!j->running) log_msg(LOG_ERROR, name, "cannot start the background job");
}

void job_stop(job *j)
{
	if (!j->running) return;
	pthread_mutex_lock(&j->mu);
	j->stop = true;
	pthread_cond_broadcast(&j->cv);
	pthread_mutex_unlock(&j->mu);
	pthread_join(j->thread, NULL);
	j->running = false;
	pthread_cond_destroy(&j->cv);
	pthread_mutex_destroy(&j->mu);
}

enum { NIGHT_FROM_H = 1, NIGHT_TO_H = 5, UP_AT_LEAST_S = 600 };

bool job_night_now(int64_t started)
{
	int local_hour = (int)(((clock_now() + 25200) % 86400) / 3600);
	return local_hour >= NIGHT_FROM_H && local_hour < NIGHT_TO_H && clock_real_now() - started >= UP_AT_LEAST_S;
}

void job_failed(const char *comp, const char *what, const err *e)
{
	if (e && e->status == MB_EUNAVAILABLE)
		log_msg(LOG_DEBUG, comp, "%s: %s; retried at the next pass", what, e->en ? e->en : "busy");
	else
		log_msg(LOG_WARN, comp, "%s failed: %s", what, e && e->en ? e->en : "no database");
}
