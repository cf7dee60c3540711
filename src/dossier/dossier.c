/* dossier.c — registration and the background job that marks dossiers at
 * risk or overdue. The job is idempotent, so it is safe on every instance. */
#include "base/clock.h"
#include "base/job.h"
#include "base/log.h"
#include "dossier/web.h"

static job g_job;

static void mark(void)
{
	db *d = db_thread();
	int changed = 0;
	err e = {0};
	if (d && dossier_mark_risks(d, clock_now(), &changed, &e) == 0) {
		if (changed) log_msg(LOG_INFO, "dossier", "risk job: %d dossiers changed risk", changed);
	} else {
		job_failed("dossier", "risk job", &e);
	}
}

void dossier_jobs_start(int interval_s) { job_start(&g_job, "dossier", mark, interval_s); }
void dossier_jobs_stop(void) { job_stop(&g_job); }

void dossier_install(void)
{
	dossier_api_install();
	dossier_pages_install();
	dossier_forms_install();
	dossier_record_install();
}
