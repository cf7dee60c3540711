/* cache.c — rendered pages kept in memory with their gzip form.
 * A fixed table of entries (key, version, lang, html, gzip) under one mutex;
 * an entry is replaced when its version changes. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "web/web.h"

enum { CACHE_SLOTS = 1024 };

static struct entry {
	char *key;
	int64_t version;
	char *html, *gz;
	size_t html_len, gz_len;
	const char *type;
} g_slots[CACHE_SLOTS];
static pthread_mutex_t g_mu = PTHREAD_MUTEX_INITIALIZER;

static unsigned slot_of(const char *key, const char *lang)
{
	unsigned h = 2166136261u;
	for (const char *p = key; *p; p++) h = (h ^ (unsigned char)*p) * 16777619u;
	h = (h ^ (unsigned char)lang[0]) * 16777619u;
	return h % CACHE_SLOTS;
}

static char *full_key(web_req *r, const char *key)
{
	return arena_printf(r->a, "%s|%s", r->lang, key);
}

bool web_cache_serve(web_req *r, const char *key, int64_t version)
{
	if (r->actor || strcmp(r->method, "GET")) return false;
	const char *k = full_key(r, key);
	unsigned s = slot_of(k, r->lang);
	bool hit = false;
	pthread_mutex_lock(&g_mu);
	struct entry *e = &g_slots[s];
	if (e->key && e->version == version && !strcmp(e->key, k)) {
		buf_reset(&r->out);
		buf_add(&r->out, e->html, e->html_len);
		if (e->gz) {
			r->gz = malloc(e->gz_len);
			if (r->gz) { memcpy(r->gz, e->gz, e->gz_len); r->gz_len = e->gz_len; }
		}
		r->out_type = e->type;
		r->status = 200;
		r->cacheable = true;
		hit = true;
	}
	pthread_mutex_unlock(&g_mu);
	return hit;
}

void web_cache_store(web_req *r, const char *key, int64_t version)
{
	if (r->actor || strcmp(r->method, "GET") || r->status != 200 || r->nhdr > 0 || buf_failed(&r->out))
		return;
	const char *k = full_key(r, key);
	unsigned s = slot_of(k, r->lang);
	size_t gzn = 0;
	char *gz = web_gzip(r->out.data, r->out.len, &gzn);
	char *html = malloc(r->out.len + 1);
	char *kd = strdup(k);
	if (!html || !kd) { free(html); free(kd); free(gz); return; }
	memcpy(html, r->out.data, r->out.len);
	pthread_mutex_lock(&g_mu);
	struct entry *e = &g_slots[s];
	free(e->key);
	free(e->html);
	free(e->gz);
	e->key = kd;
	e->version = version;
	e->html = html;
	e->html_len = r->out.len;
	e->gz = gz;
	e->gz_len = gzn;
	e->type = r->out_type;
	pthread_mutex_unlock(&g_mu);
}
