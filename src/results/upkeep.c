/* upkeep.c — the search index kept in one piece.
 *
 * FTS5 adds each write's terms as a new small segment and merges segments of
 * a level only when four are there, so a long history leaves tens of segments
 * and every search reads each one: at 1,000,000 reports the first page of a
 * search read 110 pages of the index, 25 once merged into one (bench/RESULTS.md
 * 2026-12-05). Once a Vietnam night the job merges them again, a step of at
 * most STEP_PAGES leaf pages a transaction with a pause between steps, so that
 * writers wait for one step at most. Index upkeep changes nothing of record:
 * no event, no ledger row (as the WAL checkpoints). */
#include <limits.h>
#include <time.h>

#include "base/calendar.h"
#include "base/clock.h"
#include "base/job.h"
#include "base/log.h"
#include "results/repo.h"
#include "results/results.h"

enum { STEP_PAGES = 1000, NIGHT_STEPS = 4000, PAUSE_MS = 20 };
static const char MERGED_META[] = "results.search_merged_at";

int results_search_upkeep(db *d, int max_steps, int pause_ms, results_upkeep *out, err *e)
{
	*out = (results_upkeep){0};
	int64_t t0 = clock_now_ms();
	while (out->steps < max_steps) {
		bool worked = false;
		if (db_begin(d, e)) return MB_EINTERNAL;
		if (results_repo_search_merge(d, STEP_PAGES, &worked, e)) { db_rollback(d); return MB_EINTERNAL; }
		if (!worked) {
			char at[32];
			clock_iso_utc(clock_now(), at, sizeof at);
			if (db_meta_set(d, MERGED_META, at, e)) { db_rollback(d); return MB_EINTERNAL; }
		}
		if (db_commit(d, e)) return MB_EINTERNAL;
		if (!worked) { out->done = true; break; }
		out->steps++;
		if (pause_ms > 0) nanosleep(&(struct timespec){0, (long)pause_ms * 1000000L}, NULL);
	}
	out->ms = clock_now_ms() - t0;
	return 0;
}

static job g_job;
static int64_t g_started;

/* Between 01:00 and 05:00 Vietnam time, once the server has been up ten
 * minutes (a test or a restart never runs it), on a night it has not
 * finished yet; a night too short for the whole goes on the next pass. */
static void nightly(void)
{
	db *d = db_thread();
	err e = {0};
	if (!d || !job_night_now(g_started)) return;
	char at[32];
	int rc = db_meta_get(d, MERGED_META, at, sizeof at, &e);
	if (rc < 0) { job_failed("search", "index upkeep", &e); return; }
	int64_t last = rc == 1 ? clock_parse_iso(at) : -1;
	if (last >= 0 && cal_day_of(last) >= cal_day_of(clock_now())) return;
	results_upkeep u;
	if (results_search_upkeep(d, NIGHT_STEPS, PAUSE_MS, &u, &e)) { job_failed("search", "index upkeep", &e); return; }
	log_msg(LOG_INFO, "search", "index upkeep: %d merge steps in %lld ms%s", u.steps, (long long)u.ms,
	        u.done ? "" : ", to be continued");
}

void results_jobs_start(int interval_s)
{
	g_started = clock_real_now();
	job_start(&g_job, "search", nightly, interval_s);
}
void results_jobs_stop(void) { job_stop(&g_job); }
