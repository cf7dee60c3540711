/* work.c — the worker pool: handlers run here, never on an I/O thread.
 *
 * An I/O thread that has a whole request takes a place in the bounded queue
 * (web_work_reserve), suspends the connection and pushes the request; a
 * worker runs it (with its own database connection, db_thread()) and resumes
 * the connection, and the I/O thread queues the response when libmicrohttpd
 * calls back. So a slow handler holds one worker, never the connections an
 * I/O thread polls. */
#include <pthread.h>
#include <stdlib.h>

#include "base/log.h"
#include "web/internal.h"

static pthread_mutex_t g_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t g_cv = PTHREAD_COND_INITIALIZER;
static web_req *g_head, *g_tail;
static unsigned g_reserved;     /* places taken: queued or about to be */
static unsigned g_busy;         /* requests being run */
static unsigned g_max;
static bool g_stopping;
static pthread_t *g_threads;
static unsigned g_nthreads;
static void (*g_run)(web_req *r);

static void *worker(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&g_mu);
	for (;;) {
		while (!g_head && !(g_stopping && g_reserved == 0)) pthread_cond_wait(&g_cv, &g_mu);
		if (!g_head) break;
		web_req *r = g_head;
		g_head = r->next_job;
		if (!g_head) g_tail = NULL;
		g_reserved--;
		g_busy++;
		pthread_mutex_unlock(&g_mu);
		g_run(r);   /* resumes r's connection: r belongs to the I/O thread again */
		pthread_mutex_lock(&g_mu);
		g_busy--;
		if (g_stopping) pthread_cond_broadcast(&g_cv);
	}
	pthread_mutex_unlock(&g_mu);
	return NULL;
}

int web_work_start(unsigned workers, unsigned queue_max, void (*run)(web_req *r))
{
	g_run = run;
	g_max = queue_max;
	g_stopping = false;
	g_threads = calloc(workers, sizeof *g_threads);
	if (!g_threads) return -1;
	for (g_nthreads = 0; g_nthreads < workers; g_nthreads++)
		if (pthread_create(&g_threads[g_nthreads], NULL, worker, NULL)) {
			log_msg(LOG_ERROR, "web", "cannot start worker %u", g_nthreads);
			web_work_stop();
			return -1;
		}
	return 0;
}

bool web_work_reserve(void)
{
	pthread_mutex_lock(&g_mu);
	bool ok = !g_stopping && g_reserved < g_max;
	if (ok) g_reserved++;
	pthread_mutex_unlock(&g_mu);
	return ok;
}

void web_work_push(web_req *r)
{
	pthread_mutex_lock(&g_mu);
	r->next_job = NULL;
	if (g_tail) g_tail->next_job = r;
	else g_head = r;
	g_tail = r;
	pthread_cond_signal(&g_cv);
	pthread_mutex_unlock(&g_mu);
}

void web_work_stats(unsigned *queued, unsigned *busy)
{
	pthread_mutex_lock(&g_mu);
	*queued = g_reserved;
	*busy = g_busy;
	pthread_mutex_unlock(&g_mu);
}

void web_work_stop(void)
{
	pthread_mutex_lock(&g_mu);
	g_stopping = true;
	pthread_cond_broadcast(&g_cv);
	pthread_mutex_unlock(&g_mu);
	for (unsigned i = 0; i < g_nthreads; i++) pthread_join(g_threads[i], NULL);
	free(g_threads);
	g_threads = NULL;
	g_nthreads = 0;
}
