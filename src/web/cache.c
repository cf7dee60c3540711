/* cache.c — rendered pages kept in memory as ready libmicrohttpd responses.
 *
 * An entry holds the page twice, plain and gzip, each as an MHD_Response with
 * every header already added; a hit queues the shared response (MHD counts
 * references), so a cached page costs no copy, no compression and no header
 * work. Entries live in a fixed table under one mutex; queueing happens under
 * that mutex, so a response is never released while it is being queued. An
 * entry is replaced when its version changes. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "base/clock.h"
#include "web/internal.h"
#include "web/web.h"

enum { CACHE_SLOTS = 1024 };

static struct entry {
	char *key;                     /* "lang|key" */
	int64_t version;               /* the subject's version when rendered */
	uint64_t gen;                  /* the caller's generation when last checked */
	int64_t checked_ms;            /* when the version was last checked */
	struct MHD_Response *plain, *gz;
} g_slots[CACHE_SLOTS];
static pthread_mutex_t g_mu = PTHREAD_MUTEX_INITIALIZER;

static unsigned slot_of(const char *k)
{
	unsigned h = 2166136261u;
	for (const char *p = k; *p; p++) h = (h ^ (unsigned char)*p) * 16777619u;
	return h % CACHE_SLOTS;
}

/* Only anonymous GET/HEAD requests without a query string that set no header
 * of their own (a page's links, like the language switch, repeat its query). */
static bool usable(const web_req *r)
{
	return !r->actor && r->nhdr == 0 && (!strcmp(r->method, "GET") || !strcmp(r->method, "HEAD")) &&
	       r->conn && MHD_get_connection_values(r->conn, MHD_GET_ARGUMENT_KIND, NULL, NULL) == 0;
}

/* Queues the entry for key when check() accepts it. */
static bool serve(web_req *r, const char *key, bool (*check)(struct entry *, const void *), const void *arg)
{
	if (!usable(r)) return false;
	char *k = arena_printf(r->a, "%s|%s", r->lang, key);
	bool gz = web_accepts_gzip(r);
	bool hit = false;
	pthread_mutex_lock(&g_mu);
	struct entry *e = &g_slots[slot_of(k)];
	if (e->key && !strcmp(e->key, k) && check(e, arg)) {
		struct MHD_Response *resp = gz && e->gz ? e->gz : e->plain;
		hit = MHD_queue_response(r->conn, MHD_HTTP_OK, resp) == MHD_YES;
	}
	pthread_mutex_unlock(&g_mu);
	if (hit) {
		r->status = 200;
		r->queued = true;
	}
	return hit;
}

struct version_arg { int64_t version; uint64_t gen; };

static bool same_version(struct entry *e, const void *p)
{
	const struct version_arg *a = p;
	if (e->version != a->version) return false;
	e->gen = a->gen;
	e->checked_ms = clock_now_ms();
	return true;
}

static bool recent(struct entry *e, const void *p)
{
	const struct version_arg *a = p;
	return e->gen == a->gen && clock_now_ms() - e->checked_ms <= a->version;
}

bool web_cache_serve(web_req *r, const char *key, int64_t version, uint64_t gen)
{
	struct version_arg a = {version, gen};
	return serve(r, key, same_version, &a);
}

bool web_cache_serve_recent(web_req *r, const char *key, uint64_t gen, int64_t max_age_ms)
{
	struct version_arg a = {max_age_ms, gen};
	return serve(r, key, recent, &a);
}

void web_cache_store(web_req *r, const char *key, int64_t version, uint64_t gen)
{
	if (!usable(r) || r->status != 200 || buf_failed(&r->out) || !r->out.data) return;
	char *k = strdup(arena_printf(r->a, "%s|%s", r->lang, key));
	struct MHD_Response *plain = MHD_create_response_from_buffer(r->out.len, r->out.data, MHD_RESPMEM_MUST_COPY);
	size_t gzn = 0;
	char *gzb = web_gzip(r->out.data, r->out.len, &gzn, 9);
	struct MHD_Response *gz = gzb ? MHD_create_response_from_buffer(gzn, gzb, MHD_RESPMEM_MUST_FREE) : NULL;
	if (gzb && !gz) free(gzb);
	if (!k || !plain) {
		free(k);
		if (plain) MHD_destroy_response(plain);
		if (gz) MHD_destroy_response(gz);
		return;
	}
	const char *cc = "public, max-age=60";
	web_response_headers(plain, r->out_type, r->lang, false, cc);
	if (gz) web_response_headers(gz, r->out_type, r->lang, true, cc);
	pthread_mutex_lock(&g_mu);
	struct entry *e = &g_slots[slot_of(k)];
	if (e->plain) MHD_destroy_response(e->plain);
	if (e->gz) MHD_destroy_response(e->gz);
	free(e->key);
	e->key = k;
	e->version = version;
	e->gen = gen;
	e->checked_ms = clock_now_ms();
	e->plain = plain;
	e->gz = gz;
	pthread_mutex_unlock(&g_mu);
}

void web_cache_clear(void)
{
	pthread_mutex_lock(&g_mu);
	for (int i = 0; i < CACHE_SLOTS; i++) {
		struct entry *e = &g_slots[i];
		if (e->plain) MHD_destroy_response(e->plain);
		if (e->gz) MHD_destroy_response(e->gz);
		free(e->key);
		memset(e, 0, sizeof *e);
	}
	pthread_mutex_unlock(&g_mu);
}
