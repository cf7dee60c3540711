/* results.h — the public results of cases: search, statistics per unit, the
 * apology register, downloads. */
#ifndef MB_RESULTS_H
#define MB_RESULTS_H

#include <stdbool.h>
#include <stdint.h>

#include "base/err.h"
#include "db/db.h"

void results_install(void);

/* The search index's upkeep (upkeep.c): merges its segments into one, a
 * short write transaction a step (pause_ms between steps), at most max_steps
 * steps; done when nothing was left to merge (its time is kept in meta). */
typedef struct results_upkeep {
	int steps;
	bool done;
	int64_t ms;
} results_upkeep;
MB_MUST_CHECK int results_search_upkeep(db *d, int max_steps, int pause_ms, results_upkeep *out, err *e);
/* The job doing it once a Vietnam night. */
void results_jobs_start(int interval_s);
void results_jobs_stop(void);

#endif
