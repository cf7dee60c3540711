/* mail.c — registration and the delivery job. The job leases what it sends,
 * so running it on several instances sends each message once (at least once
 * when a process dies in the middle of a send). Its first pass is one
 * interval after start-up, not at once: what is done right after a start
 * (an administrator's flush, a test) is not raced by a pass. */
#include <stdbool.h>
#include <stdlib.h>

#include "base/clock.h"
#include "base/job.h"
#include "base/log.h"
#include "mail/internal.h"

static job g_job;
static bool g_started;

static void deliver(void)
{
	if (!g_started) { g_started = true; return; }
	db *d = db_thread();
	arena a;
	arena_init(&a);
	mail_pass p;
	err e = {0};
	if (d && mail_deliver_due(d, clock_now(), false, 100, &a, &p, &e) == 0) {
		if (p.n) log_msg(LOG_INFO, "mail", "delivery: %d sent, %d to retry, %d failed", p.sent, p.retry, p.failed);
	} else {
		job_failed("mail", "delivery job", &e);
	}
	arena_free(&a);
}

void mail_jobs_start(int interval_s)
{
	const char *env = getenv("MINHBACH_MAIL_INTERVAL");
	if (env && *env) {
		char *end;
		long v = strtol(env, &end, 10);
		if (!*end && v > 0 && v <= 86400) interval_s = (int)v;
	}
	g_started = false;
	job_start(&g_job, "mail", deliver, interval_s > 0 ? interval_s : 30);
}

void mail_jobs_stop(void)
{
	job_stop(&g_job);
}

void mail_install(void)
{
	mail_api_install();
	mail_notify_install();
}
