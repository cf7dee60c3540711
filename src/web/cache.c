/* cache.c — the public read pages kept in memory as ready libmicrohttpd
 * responses (web_page_cached).
 *
 * An entry holds a page twice, plain and gzip (compressed once, level 9),
 * each as an MHD_Response with every header already added; a hit queues the
 * shared response (MHD counts references), so a cached page costs no copy, no
 * compression and no header work.
 *
 * Key: language | path ? the known parameters, sorted, percent-encoded. A
 * request with an unknown or repeated parameter, or a key longer than
 * PAGE_KEY_MAX, is not cached (so random queries neither grow memory nor
 * reach the table of pages without a query).
 *
 * Validity: an entry records the version of its topics (db_page_version,
 * bumped by triggers in the writer's transaction, whichever process writes)
 * read BEFORE the page was rendered, and this process's write generation
 * (db_generation) at that time. A hit costs no database read while the
 * generation is unchanged and the last check is younger than
 * PAGE_CHECK_MS; otherwise one indexed read of the topics' version decides.
 * This process's edits therefore show at once, another process's (an
 * import) within PAGE_CHECK_MS. An entry is re-rendered at the latest
 * PAGE_MAX_AGE_MS after it was made, for what depends on the clock (what is
 * overdue now), the same 60 s the answer's Cache-Control allows any cache;
 * while one request re-renders it, the others are served the entry (for at
 * most PAGE_STALE_MS more), so its expiry costs one render, not one per
 * request that arrives during it (web_page_verdict).
 *
 * Bounds: PAGE_SLOTS entries for pages without a query (their number is
 * bounded by the data: a unit, a procedure...; an unknown one is a 404 and
 * never stored) and QUERY_SLOTS for pages with one, each direct-mapped by a
 * hash of the key; an entry's responses at most PAGE_ENTRY_MAX bytes, all of
 * them together at most PAGE_BYTES_MAX, those with a query at most a quarter of
 * it (a page that would pass a bound is served uncached).
 *
 * Sharing between the I/O threads: a hit takes no lock that another thread
 * holds for more than an instant, because on a machine whose cores are busy
 * (the load generator, the other I/O thread) the holder of a lock is
 * sometimes descheduled, and every thread waiting for it then waits a whole
 * time slice (the futex counts in docs/scale.md, "Tail latency"). So the
 * entries are under a read-write lock (hits read; only a store, which
 * follows a render, writes), the freshness fields a hit refreshes are
 * atomics, and each I/O thread queues its own copy of an entry's responses
 * (libmicrohttpd locks a response to count the connections queueing it):
 * the copies share one body, freed by the last response that holds it. The
 * read lock is held while queueing, so a response is never released while
 * it is being queued. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/clock.h"
#include "db/db.h"
#include "web/html.h"
#include "web/internal.h"
#include "web/web.h"

/* The copies of each response: one per I/O thread (up to COPIES_MAX; more
 * threads share them round the table). What a copy costs beyond the shared
 * body, counted against the bounds. */
enum { COPIES_MAX = 16, COPY_BYTES = 1024 };

static struct entry {
	char *key;
	int64_t version;               /* the topics' version, read before rendering */
	_Atomic uint64_t gen;          /* db_generation() when last checked */
	_Atomic int64_t checked_ms;    /* when the version was last checked */
	int64_t made_ms;               /* when the page was rendered */
	_Atomic int64_t claimed_ms;    /* when a request took it to re-render (0: none) */
	size_t bytes;
	unsigned copies;
	struct MHD_Response *plain[COPIES_MAX], *gz[COPIES_MAX];
} g_slots[PAGE_SLOTS + QUERY_SLOTS];
static size_t g_bytes, g_qbytes, g_entries;   /* g_qbytes: of entries with a query; under the write lock */
static atomic_uint_fast64_t g_hits, g_renders, g_stores;
/* Writers first: a store waits for the hits under way, never for a stream of them. */
static pthread_rwlock_t g_mu = PTHREAD_RWLOCK_WRITER_NONRECURSIVE_INITIALIZER_NP;
static atomic_uint g_copies = 1;       /* copies made of each response: the I/O threads */
static atomic_uint g_next_thread;      /* the next I/O thread's copy */
static _Thread_local int t_copy = -1;  /* this I/O thread's copy; workers use copy 0 */

void web_cache_set_threads(unsigned io_threads)
{
	atomic_store(&g_copies, io_threads < 1 ? 1 : io_threads > COPIES_MAX ? COPIES_MAX : io_threads);
}

int web_cache_io_thread(void)
{
	if (t_copy < 0) t_copy = (int)(atomic_fetch_add(&g_next_thread, 1) % COPIES_MAX);
	return t_copy;
}

/* A body shared by the copies of a response, freed with the last of them. */
struct body { atomic_uint refs; size_t n; char data[]; };

static void body_unref(void *cls)
{
	struct body *b = cls;
	if (atomic_fetch_sub(&b->refs, 1) == 1) free(b);
}

static struct body *body_new(const char *data, size_t n)
{
	struct body *b = malloc(sizeof *b + (n ? n : 1));
	if (!b) return NULL;
	atomic_init(&b->refs, 1);
	b->n = n;
	memcpy(b->data, data, n);
	return b;
}

/* copies responses on b, with their headers; false (and none kept) on failure. */
static bool make_copies(struct MHD_Response **out, unsigned copies, struct body *b, const web_req *r,
                        bool gz, const char *cc)
{
	for (unsigned i = 0; i < copies; i++) {
		atomic_fetch_add(&b->refs, 1);
		out[i] = MHD_create_response_from_buffer_with_free_callback_cls(b->n, b->data, body_unref, b);
		if (!out[i]) {
			body_unref(b);
			for (unsigned j = 0; j < i; j++) { MHD_destroy_response(out[j]); out[j] = NULL; }
			return false;
		}
		web_response_headers(out[i], r->out_type, r->lang, gz, cc);
	}
	return true;
}

static unsigned hash(const char *k)
{
	unsigned h = 2166136261u;
	for (const char *p = k; *p; p++) h = (h ^ (unsigned char)*p) * 16777619u;
	return h;
}

static struct entry *slot_of(const char *k)
{
	if (strchr(k, '?')) return &g_slots[PAGE_SLOTS + hash(k) % QUERY_SLOTS];
	return &g_slots[hash(k) % PAGE_SLOTS];
}

/* Whether name is one of the space-separated words of known. */
static bool known_word(const char *known, const char *name)
{
	size_t n = strlen(name);
	for (const char *p = known; p && *p;) {
		while (*p == ' ') p++;
		const char *e = strchr(p, ' ');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		if (len && len == n && !memcmp(p, name, n)) return true;
		p = e;
	}
	return false;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

int web_page_key(char *out, size_t outsz, const char *lang, const char *path, const char *known,
                 int nargs, const char *const keys[], const char *const values[])
{
	if (nargs < 0 || nargs > PAGE_ARGS_MAX || !path || !lang) return -1;
	const char *pairs[PAGE_ARGS_MAX];
	buf b;
	buf_init(&b, PAGE_KEY_MAX);
	buf_adds(&b, lang);
	buf_addc(&b, '|');
	buf_adds(&b, path);
	int rc = 0;
	for (int i = 0; i < nargs && !rc; i++) {
		if (!keys[i] || !known_word(known, keys[i])) rc = -1;
		for (int j = 0; j < i && !rc; j++)
			if (!strcmp(keys[i], keys[j])) rc = -1;   /* repeated: which one counts is not ours to say */
		pairs[i] = keys[i];
	}
	if (!rc && nargs) {
		/* Sort the indexes by name (names are distinct). */
		int order[PAGE_ARGS_MAX];
		for (int i = 0; i < nargs; i++) order[i] = i;
		for (int i = 1; i < nargs; i++)
			for (int j = i; j > 0 && cmp_str(&pairs[order[j - 1]], &pairs[order[j]]) > 0; j--) {
				int t = order[j];
				order[j] = order[j - 1];
				order[j - 1] = t;
			}
		for (int i = 0; i < nargs; i++) {
			buf_addc(&b, i ? '&' : '?');
			html_url_encode(&b, keys[order[i]]);
			if (values[order[i]]) {   /* "?q" (no value) and "?q=" stay apart */
				buf_addc(&b, '=');
				html_url_encode(&b, values[order[i]]);
			}
		}
	}
	if (!rc && (buf_failed(&b) || b.len >= outsz)) rc = -1;
	if (!rc) memcpy(out, buf_str(&b), b.len + 1);
	buf_free(&b);
	return rc;
}

struct args { int n; bool over; const char *k[PAGE_ARGS_MAX], *v[PAGE_ARGS_MAX]; };

static enum MHD_Result collect(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
	(void)kind;
	struct args *a = cls;
	if (a->n == PAGE_ARGS_MAX) { a->over = true; return MHD_NO; }
	a->k[a->n] = key;
	a->v[a->n] = value;
	a->n++;
	return MHD_YES;
}

/* Only anonymous GET/HEAD requests that set no header of their own, and
 * whose answer nobody marked personal. */
static bool usable(const web_req *r)
{
	return !r->actor && !r->personal && r->nhdr == 0 && r->conn &&
	       (!strcmp(r->method, "GET") || !strcmp(r->method, "HEAD"));
}

/* This thread's copy of one of e's responses. */
static struct MHD_Response *copy_of(struct MHD_Response *const resp[], unsigned copies)
{
	return resp[t_copy < 0 ? 0 : (unsigned)t_copy % copies];
}

page_verdict web_page_verdict(bool current, int64_t age_ms, int64_t claim_age_ms, bool refreshing)
{
	if (!current || age_ms > PAGE_MAX_AGE_MS + PAGE_STALE_MS) return PAGE_MISS;
	if (age_ms <= PAGE_MAX_AGE_MS) return PAGE_SERVE;
	if (refreshing) return PAGE_MISS;   /* the claimer renders */
	return claim_age_ms >= 0 && claim_age_ms <= PAGE_STALE_MS ? PAGE_SERVE : PAGE_REFRESH;
}

/* Queues e's response when it is current for version (or, with version < 0,
 * for the generation and the check age); under the read lock. */
static bool try_queue(web_req *r, const char *key, int64_t version, uint64_t gen, int64_t now)
{
	struct entry *e = slot_of(key);
	if (!e->key || strcmp(e->key, key)) return false;
	bool current = version < 0 ? atomic_load_explicit(&e->gen, memory_order_relaxed) == gen &&
	                             now - atomic_load_explicit(&e->checked_ms, memory_order_relaxed) <= PAGE_CHECK_MS
	                           : e->version == version;
	int64_t claimed = atomic_load_explicit(&e->claimed_ms, memory_order_relaxed);
	switch (web_page_verdict(current, now - e->made_ms, claimed ? now - claimed : -1, r->page_refreshing)) {
	case PAGE_MISS:
		return false;
	case PAGE_REFRESH:
		/* One request wins the claim and renders; a loser is served the entry. */
		if (atomic_compare_exchange_strong(&e->claimed_ms, &claimed, now)) {
			r->page_refreshing = true;
			return false;
		}
		break;
	case PAGE_SERVE:
		break;
	}
	if (version >= 0) {
		atomic_store_explicit(&e->gen, gen, memory_order_relaxed);
		atomic_store_explicit(&e->checked_ms, now, memory_order_relaxed);
	}
	struct MHD_Response *resp = copy_of(web_accepts_gzip(r) && e->gz[0] ? e->gz : e->plain, e->copies);
	if (MHD_queue_response(r->conn, MHD_HTTP_OK, resp) != MHD_YES) return false;
	atomic_fetch_add_explicit(&g_hits, 1, memory_order_relaxed);
	return true;
}

/* MINHBACH_PAGE_CACHE=off turns the cache off (to compare answers, or to
 * rule it out when something looks stale). */
static bool g_off;
static pthread_once_t g_off_once = PTHREAD_ONCE_INIT;
static void read_off(void)
{
	const char *v = getenv("MINHBACH_PAGE_CACHE");
	g_off = v && !strcmp(v, "off");
}

bool web_page_cached(web_req *r, const char *topics, const char *params)
{
	r->page_key = NULL;
	web_note_page_route(r->route, topics, params);
	pthread_once(&g_off_once, read_off);
	if (g_off || !usable(r)) return false;
	struct args a = {0};
	MHD_get_connection_values(r->conn, MHD_GET_ARGUMENT_KIND, collect, &a);
	char key[PAGE_KEY_MAX];
	if (a.over || web_page_key(key, sizeof key, r->lang, r->path, params, a.n, a.k, a.v)) return false;
	uint64_t gen = db_generation();
	int64_t now = clock_now_ms();
	pthread_rwlock_rdlock(&g_mu);
	bool hit = try_queue(r, key, -1, gen, now);
	pthread_rwlock_unlock(&g_mu);
	if (!hit) {
		/* Up to three topics, space-separated. */
		const char *t[3] = {NULL, NULL, NULL};
		char tb[96];
		snprintf(tb, sizeof tb, "%s", topics ? topics : "");
		int nt = 0;
		for (char *p = tb; *p && nt < 3;) {
			while (*p == ' ') *p++ = 0;
			if (!*p) break;
			t[nt++] = p;
			while (*p && *p != ' ') p++;
		}
		int64_t version = 0;
		db *d = db_thread();
		err e = {0};
		if (nt && (!d || db_page_version(d, t, &version, &e))) return false;   /* no topic: always 0 */
		pthread_rwlock_rdlock(&g_mu);
		hit = try_queue(r, key, version, gen, now);
		pthread_rwlock_unlock(&g_mu);
		if (!hit) {
			r->page_key = arena_strdup(r->a, key);
			r->page_version = version;
			r->page_gen = gen;
			return false;
		}
	}
	r->status = 200;
	r->queued = true;
	return true;
}

static void drop(struct entry *e)
{
	for (unsigned i = 0; i < e->copies; i++) {
		if (e->plain[i]) MHD_destroy_response(e->plain[i]);
		if (e->gz[i]) MHD_destroy_response(e->gz[i]);
	}
	if (e->key) g_entries--;
	if (e->key && strchr(e->key, '?')) g_qbytes -= e->bytes;
	free(e->key);
	g_bytes -= e->bytes;
	e->key = NULL;
	e->version = e->made_ms = 0;
	atomic_store(&e->gen, 0);
	atomic_store(&e->checked_ms, 0);
	atomic_store(&e->claimed_ms, 0);
	e->bytes = 0;
	e->copies = 0;
	memset(e->plain, 0, sizeof e->plain);
	memset(e->gz, 0, sizeof e->gz);
}

void web_page_store(web_req *r)
{
	if (r->page_key && !r->queued) atomic_fetch_add_explicit(&g_renders, 1, memory_order_relaxed);
	if (!r->page_key || r->queued || !usable(r) || r->status != 200 || buf_failed(&r->out) || !r->out.data)
		return;
	size_t n = r->out.len;
	if (n > PAGE_ENTRY_MAX / 2) return;
	unsigned copies = atomic_load(&g_copies);
	char *k = strdup(r->page_key);
	struct body *plain = body_new(r->out.data, n), *gz = NULL;
	/* Compressed when the uncached answer would be (web_send_gzipped). */
	size_t gzn = 0;
	char *gzb = n >= WEB_GZIP_MIN && !r->no_gzip && web_compressible(r->out_type)
	            ? web_gzip(r->out.data, n, &gzn, 9) : NULL;
	if (gzb) { gz = body_new(gzb, gzn); free(gzb); }
	/* The headers of the uncached answer (send_response in server.c). */
	const char *cc = r->cacheable ? "public, max-age=60" : "no-store";
	struct MHD_Response *p[COPIES_MAX] = {0}, *g[COPIES_MAX] = {0};
	bool ok = k && plain && make_copies(p, copies, plain, r, false, cc);
	if (ok && gz && !make_copies(g, copies, gz, r, true, cc)) {
		for (unsigned i = 0; i < copies; i++) MHD_destroy_response(p[i]);
		ok = false;
	}
	/* The responses hold the bodies now. */
	if (plain) body_unref(plain);
	if (gz) body_unref(gz);
	if (!ok) { free(k); return; }
	size_t bytes = n + (gz ? gzn : 0) + strlen(k) + (size_t)copies * (gz ? 2 : 1) * COPY_BYTES;
	pthread_rwlock_wrlock(&g_mu);
	struct entry *e = slot_of(k);
	bool query = strchr(k, '?') != NULL;
	size_t after = g_bytes - e->bytes + bytes;
	/* Pages with a query (any visitor can make new ones) get a quarter of
	 * the bytes, so they never crowd out the pages without one. */
	if (after > PAGE_BYTES_MAX || (query && g_qbytes - e->bytes + bytes > PAGE_BYTES_MAX / 4)) {
		pthread_rwlock_unlock(&g_mu);
		free(k);
		for (unsigned i = 0; i < copies; i++) {
			MHD_destroy_response(p[i]);
			if (g[i]) MHD_destroy_response(g[i]);
		}
		return;
	}
	drop(e);
	e->key = k;
	e->version = r->page_version;
	e->made_ms = clock_now_ms();
	atomic_store(&e->gen, r->page_gen);
	atomic_store(&e->checked_ms, e->made_ms);
	e->bytes = bytes;
	e->copies = copies;
	memcpy(e->plain, p, sizeof p);
	memcpy(e->gz, g, sizeof g);
	g_bytes += bytes;
	if (query) g_qbytes += bytes;
	g_entries++;
	atomic_fetch_add(&g_stores, 1);
	/* This answer too is the stored one: compressed once, the same bytes as
	 * every hit after it. */
	if (MHD_queue_response(r->conn, MHD_HTTP_OK, copy_of(web_accepts_gzip(r) && g[0] ? g : p, copies)) == MHD_YES)
		r->queued = true;
	pthread_rwlock_unlock(&g_mu);
}

void web_page_cache_metrics(buf *out)
{
	pthread_rwlock_rdlock(&g_mu);
	buf_printf(out, "# HELP minhbach_page_cache_hits_total Public pages served from the page cache.\n"
	                "# TYPE minhbach_page_cache_hits_total counter\n"
	                "minhbach_page_cache_hits_total %llu\n"
	                "# HELP minhbach_page_cache_renders_total Cacheable pages rendered because the cache held no current answer.\n"
	                "# TYPE minhbach_page_cache_renders_total counter\n"
	                "minhbach_page_cache_renders_total %llu\n"
	                "# HELP minhbach_page_cache_stores_total Public pages rendered and kept in the page cache.\n"
	                "# TYPE minhbach_page_cache_stores_total counter\n"
	                "minhbach_page_cache_stores_total %llu\n"
	                "# HELP minhbach_page_cache_entries Pages in the page cache.\n"
	                "# TYPE minhbach_page_cache_entries gauge\n"
	                "minhbach_page_cache_entries %zu\n"
	                "# HELP minhbach_page_cache_bytes Bytes held by the page cache.\n"
	                "# TYPE minhbach_page_cache_bytes gauge\n"
	                "minhbach_page_cache_bytes %zu\n",
	           (unsigned long long)atomic_load(&g_hits), (unsigned long long)atomic_load(&g_renders),
	           (unsigned long long)atomic_load(&g_stores), g_entries, g_bytes);
	pthread_rwlock_unlock(&g_mu);
}

void web_cache_clear(void)
{
	pthread_rwlock_wrlock(&g_mu);
	for (int i = 0; i < PAGE_SLOTS + QUERY_SLOTS; i++) drop(&g_slots[i]);
	pthread_rwlock_unlock(&g_mu);
}
