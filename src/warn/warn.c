/* warn.c — registration of early warning's routes, and its nightly job: it
 * wakes every interval and runs once a Vietnam day, between 01:00 and 05:00,
 * once the server has been up for ten minutes. */
#include "base/calendar.h"
#include "base/clock.h"
#include "base/job.h"
#include "base/log.h"
#include "officials/officials.h"
#include "warn/internal.h"

static job g_job;
static int64_t g_started;

static void nightly(void)
{
	db *d = db_thread();
	err e = {0};
	if (!d) return;
	int64_t now = clock_now(), last = 0;
	/* A server up for a few minutes never runs it, so nothing is appended behind its back. */
	if (!job_night_now(g_started)) return;
	int flagged = 0, opened = 0;
	int rc = warn_repo_last_run(d, &last, &flagged, &opened, &e);
	if (rc < 0) { job_failed("warn", "nightly run", &e); return; }
	if (rc == 1 && cal_day_of(last) >= cal_day_of(now)) return;
	warn_run_summary s;
	if (warn_run(d, "job", NULL, &s, &e)) { job_failed("warn", "nightly run", &e); return; }
	log_msg(LOG_INFO, "warn", "nightly run: %d officials and %d units tested, %d flagged, %d new signals", s.officials,
	        s.units, s.flagged, s.opened);
}

void warn_jobs_start(int interval_s)
{
	g_started = clock_real_now();
	job_start(&g_job, "warn", nightly, interval_s);
}
void warn_jobs_stop(void) { job_stop(&g_job); }

/* The official's record (/officials/{login}) shows the signals about them to those who may read them. */
static int record_html(web_req *r, db *d, const auth_actor *official, err *e)
{
	return warn_official_section(r, d, official->id, e);
}
static const official_section record = {.html = record_html};

void warn_install(void)
{
	warn_api_install();
	warn_pages_install();
	official_section_add(&record);
}
