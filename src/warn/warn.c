/* warn.c — registration of early warning's routes, and its nightly job: it
 * wakes every interval and runs once a Vietnam day, after 01:00. */
#include "base/calendar.h"
#include "base/clock.h"
#include "base/job.h"
#include "base/log.h"
#include "warn/internal.h"

static job g_job;

static void nightly(void)
{
	db *d = db_thread();
	err e = {0};
	if (!d) return;
	int64_t now = clock_now(), last = 0;
	int flagged = 0, opened = 0;
	int rc = warn_repo_last_run(d, &last, &flagged, &opened, &e);
	if (rc < 0) { job_failed("warn", "nightly run", &e); return; }
	int local_hour = (int)(((now + 25200) % 86400) / 3600);
	if ((rc == 1 && cal_day_of(last) >= cal_day_of(now)) || local_hour < 1) return;
	warn_run_summary s;
	if (warn_run(d, "job", NULL, &s, &e)) { job_failed("warn", "nightly run", &e); return; }
	log_msg(LOG_INFO, "warn", "nightly run: %d officials and %d units tested, %d flagged, %d new signals", s.officials,
	        s.units, s.flagged, s.opened);
}

void warn_jobs_start(int interval_s) { job_start(&g_job, "warn", nightly, interval_s); }
void warn_jobs_stop(void) { job_stop(&g_job); }

void warn_install(void)
{
	warn_api_install();
	warn_pages_install();
}
