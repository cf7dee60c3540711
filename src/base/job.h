/* job.h — a background job that runs a function every interval until it is
 * stopped; stopping wakes it at once and waits for the run in progress. */
#ifndef MB_JOB_H
#define MB_JOB_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

typedef struct job {
	const char *name;          /* for the log */
	void (*run)(void);
	int interval_s;
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	bool running, stop;
} job;

/* Starts j->run now and then every interval_s seconds (60 when ≤ 0). */
void job_start(job *j, const char *name, void (*run)(void), int interval_s);
void job_stop(job *j);
/* For the once-a-night jobs (the early warning, the search index's upkeep):
 * whether now is between 01:00 and 05:00 Vietnam time and the server has been
 * up ten minutes since started (clock_real_now() at its start), so that a
 * server started for a few minutes (a test, a restart) never runs them. */
bool job_night_now(int64_t started);
/* Logs a pass that failed: a busy database or a stop (MB_EUNAVAILABLE) is
 * no fault — the next pass retries — and is logged at debug level only;
 * anything else is a warning. */
struct err;
void job_failed(const char *comp, const char *what, const struct err *e);

#endif
