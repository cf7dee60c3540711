/* cases.c — registration and the deadline job (to be completed). */
#include "cases/web.h"

void cases_install(void)
{
	cases_pages_install();
}

void cases_jobs_start(int interval_s)
{
	(void)interval_s;
}

void cases_jobs_stop(void)
{
}
