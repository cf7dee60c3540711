/* results.c — the public results of cases (plan 262 R1, R9): registration.
 * The API and downloads are installed first: their fixed paths
 * (/results/stats.csv…) must come before the pages' /results/{code}. */
#include "results/web.h"

void results_install(void)
{
	results_api_install();
	results_pages_install();
}
