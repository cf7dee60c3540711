/* cases.c — registration and the deadline job: marks cases at risk and
 * overdue, reminds handlers, escalates overdue cases. Idempotent, so it is
 * safe on every instance. */
#include "base/clock.h"
#include "base/job.h"
#include "base/log.h"
#include "cases/web.h"

static job g_job;

static void mark(void)
{
	db *d = db_thread();
	int changed = 0;
	err e = {0};
	if (d && case_mark_deadlines(d, clock_now(), &changed, &e) == 0) {
		if (changed) log_msg(LOG_INFO, "cases", "deadline job: %d cases changed", changed);
	} else {
		job_failed("cases", "deadline job", &e);
	}
}

void cases_jobs_start(int interval_s) { job_start(&g_job, "cases", mark, interval_s); }
void cases_jobs_stop(void) { job_stop(&g_job); }

void cases_install(void)
{
	cases_api_install();
	cases_pages_install();
	cases_record_install();
}
