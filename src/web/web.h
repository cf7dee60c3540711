/* web.h — the HTTP layer: server, routes, requests, responses.
 *
 * web/ knows nothing of features. Features register routes (method, path
 * pattern with {params}, the permission the route needs, handler). The
 * permission is an opaque int checked by the hook that auth/ installs; a route
 * registered with permission 0 is denied to everyone (deny by default).
 *
 * A request owns an arena (req->a): everything a handler allocates comes
 * from it and is freed when the response has been sent.
 */
#ifndef MB_WEB_H
#define MB_WEB_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/buf.h"
#include "base/err.h"

enum { WEB_MAX_PARAMS = 4, WEB_MAX_HEADERS = 12 };
enum { WEB_BODY_MAX = 64 * 1024 };          /* default request body limit */
enum { WEB_OUT_MAX = 16 * 1024 * 1024 };    /* response body limit */
/* The one permission web/ itself understands: anyone may call the route.
 * Every other value is interpreted by the auth hook. */
enum { WEB_PUBLIC = 1 };

typedef struct web_kv {
	const char *key, *value;
	size_t len;
	struct web_kv *next;
} web_kv;

typedef struct web_file {
	const char *field, *filename, *content_type;
	buf data;                                  /* bounded by the route's body limit */
	struct web_file *next;
} web_file;

typedef struct web_req web_req;
typedef int (*web_handler)(web_req *r);

typedef struct web_route {
	const char *method;        /* "GET", "POST", "PATCH", "DELETE" */
	const char *pattern;       /* "/api/v1/units/{id}" */
	int perm;                  /* checked by the auth hook; 0 = nobody */
	web_handler handler;
	size_t body_max;           /* 0 = WEB_BODY_MAX */
} web_route;

struct web_req {
	arena a[1];
	const char *method, *path, *query_string;
	const web_route *route;
	const char *param_names[WEB_MAX_PARAMS], *param_values[WEB_MAX_PARAMS];
	int nparams;
	const char *content_type;
	const char *client_addr;
	buf body;
	web_kv *form;              /* urlencoded or multipart fields */
	web_file *files;           /* multipart files */
	bool is_api;               /* path starts with /api/ */
	const char *lang;          /* "vi" or "en" */
	void *actor;               /* set by the auth hook (auth_actor *), NULL when anonymous */
	const char *csrf;          /* the token forms must carry */
	void *form_once;           /* a form POST's one-time token state (auth/forms.c) */
	void *conn;                /* struct MHD_Connection * */
	/* response */
	int status;
	buf out;
	const char *out_type;
	const char *hdr_names[WEB_MAX_HEADERS], *hdr_values[WEB_MAX_HEADERS];
	int nhdr;
	bool no_gzip;
	bool cacheable;            /* public cache allowed (anonymous, no cookies set) */
	bool queued;               /* a shared response was queued (page cache) */
	bool personal;             /* the answer is for this visitor only: never shared by the page cache */
	const char *page_key;      /* page cache: where to store this answer (web_page_cached) */
	int64_t page_version;
	uint64_t page_gen;
	bool page_refreshing;      /* this request re-renders an entry past its age (others are served it meanwhile) */
	int out_fd;                /* web_file_send: the file answered, plus 1 (0 none); closed by the response */
	uint64_t out_off, out_len;
	/* internal */
	int64_t started_us;
	bool too_big, done, parsed, other_method;
	void *pp;                  /* post processor */
	web_file *cur_file;
	void *resp;                /* struct MHD_Response * made by a worker, queued after resume */
	unsigned resp_status;
	bool worked;               /* handed to a worker: answered from resp after resume */
	bool pushed;               /* queued for a worker (counted until its connection completes) */
	bool counted;              /* counted among its client address's requests (behind the proxy) */
	struct web_req *next_job;  /* the worker queue */
};

/* --- server --- */
typedef struct web_config {
	const char *listen;        /* "127.0.0.1" */
	unsigned port;             /* 0 = any free port */
	unsigned threads;          /* I/O threads: parse requests, answer cheap ones, send */
	const char *trusted_proxy; /* address of a reverse proxy whose X-Forwarded-For is believed, or NULL */
	unsigned workers;          /* threads that run handlers; 0 = 4 per I/O thread */
	unsigned queue_max;        /* requests waiting for a worker; beyond it 503 at once; 0 = 1024 */
	unsigned max_connections;  /* open connections; beyond it 503; 0 = sized to the fd limit */
	unsigned per_ip_limit;     /* connections per peer address, and requests per client behind
	                            * the trusted proxy (429 beyond it); 0 = 200 */
	unsigned header_deadline_s;/* a request's headers must be complete within it; 0 = 10 */
} web_config;

/* Requests waiting for a worker and requests being worked on now (/healthz). */
void web_work_stats(unsigned *queued, unsigned *busy);

/* The auth hook: resolves the actor of a request (cookies) and checks a
 * route's permission and CSRF. Returns 0 or a negative status with e filled. */
typedef int (*web_auth_hook)(web_req *r, int perm, err *e);
void web_set_auth_hook(web_auth_hook h);
/* The handler wrap: when set, every admitted request runs as wrap(r, handler)
 * (auth/forms.c makes form POSTs idempotent with it). */
typedef int (*web_handler_wrap)(web_req *r, web_handler h);
void web_set_handler_wrap(web_handler_wrap w);
/* The value of a response header already added (e.g. Location), or NULL. */
const char *web_out_header(web_req *r, const char *name);

void web_route_add(const web_route *routes, size_t n);
/* Marks the routes of pattern as cheap and never waiting (e.g. /healthz):
 * they run on the connection's I/O thread instead of being handed to a worker. */
void web_route_inline(const char *pattern);
/* Every registered route, in registration order (`minhbach routes`, tests). */
const web_route *web_routes(size_t *n);
int  web_start(const web_config *c, unsigned *bound_port);
void web_stop(void);
/* Whether another process already listens on listen:port (to explain a
 * failed start). */
bool web_port_in_use(const char *listen, unsigned port);

/* --- request --- */
const char *web_param(web_req *r, const char *name);
const char *web_query(web_req *r, const char *name);
const char *web_form(web_req *r, const char *name);
const char *web_header(web_req *r, const char *name);
/* This request's path and query string, percent-encoded, the parameters
 * sorted by name (the page cache keys pages by the sorted query), with every
 * `key` parameter replaced by one key=value at the end (the language switch
 * keeps the page and its filters). At most 32 parameters. Not HTML-escaped. */
const char *web_self_url(web_req *r, const char *key, const char *value);
const char *web_cookie(web_req *r, const char *name);
/* Parses the body as a JSON object; fills e with bad_json on failure.
 * The result belongs to the caller (json_decref). */
json_t *web_json_body(web_req *r, err *e);
const char *web_t(web_req *r, const char *msgid);   /* message in the request's language */

/* --- response --- */
void web_header_add(web_req *r, const char *name, const char *value);
int  web_json(web_req *r, int status, json_t *j);           /* steals j */
/* A time as JSON: "2026-11-27T03:20:51Z" (UTC), or null for 0 (unset). */
json_t *web_json_time(int64_t t);
int  web_error(web_req *r, const err *e);                   /* JSON or HTML by route kind */
int  web_redirect(web_req *r, const char *location);        /* 303 See Other */
int  web_text(web_req *r, int status, const char *type, const char *text);
/* Answers with the file at path, of the given type, from the disk (never held in
 * memory, never compressed, never cached): the whole file (200), or the one
 * byte range the request's Range header asks (206 with Content-Range; 416 when
 * it lies beyond the end), so that a player can seek. Accept-Ranges: bytes.
 * 0, or MB_ENOTFOUND when the file cannot be opened. */
int  web_file_send(web_req *r, const char *path, const char *type, err *e);
/* Pure: a Range header ("bytes=A-B", "bytes=A-", "bytes=-N") for a file of size
 * bytes. 0: answer the whole file (no header, another unit, several ranges, or
 * a malformed one, which RFC 9110 lets a server ignore); 1: the range
 * [*start, *start + *len); -1: not satisfiable (416). */
int  web_range_parse(const char *h, uint64_t size, uint64_t *start, uint64_t *len);
/* Sets a cookie: Path=/; HttpOnly; SameSite=Lax (and Secure behind TLS).
 * max_age < 0 deletes it; 0 makes a session cookie. */
void web_cookie_set(web_req *r, const char *name, const char *value, long max_age, bool http_only);

/* --- page cache (cache.c: keys, validity and bounds in its header) ---
 * A public read page in two lines: at the start of its handler
 *     if (web_page_cached(r, "units", "q")) return 0;
 * serves the ready answer when the request may share one (anonymous GET or
 * HEAD, no header set, every query parameter among the space-separated
 * `params`, not marked personal) and the page is current for the
 * space-separated `topics` (up to three of units, procedures, results,
 * calendar: sql/0020_page_versions.sql). Otherwise the handler renders as
 * usual and the server stores its answer after it (web_page_store, called by
 * the dispatch) when it is a 200 that set no header. */
enum {
	PAGE_SLOTS = 1024,                 /* pages without a query */
	QUERY_SLOTS = 256,                 /* pages with a query */
	PAGE_ARGS_MAX = 8,                 /* more query parameters: not cached */
	PAGE_KEY_MAX = 512,                /* a longer key: not cached */
	PAGE_CHECK_MS = 1000,              /* version read at most this often without a local write */
	PAGE_MAX_AGE_MS = 60000,           /* re-rendered at least this often */
	PAGE_STALE_MS = 10000,             /* past that age, served while one request re-renders it (at most) */
	PAGE_ENTRY_MAX = 2 * 1024 * 1024,  /* plain + gzip of one page */
	PAGE_BYTES_MAX = 64 * 1024 * 1024, /* all entries together */
};
bool web_page_cached(web_req *r, const char *topics, const char *params);
/* What a request does with an entry of its key (pure): a miss renders; an
 * entry whose version or generation is no longer current is a miss; one
 * younger than PAGE_MAX_AGE_MS is served; an older one is re-rendered by the
 * first request that claims it (PAGE_REFRESH) while the others are served it
 * (stale while revalidating, as Cache-Control's stale-while-revalidate), for
 * at most PAGE_STALE_MS; a claim older than that has failed and may be taken
 * again. age_ms: since the entry was rendered; claim_age_ms: since its
 * refresh was last claimed (< 0: never); refreshing: this request holds the
 * claim (it renders). */
typedef enum { PAGE_MISS, PAGE_SERVE, PAGE_REFRESH } page_verdict;
page_verdict web_page_verdict(bool current, int64_t age_ms, int64_t claim_age_ms, bool refreshing);
void web_page_store(web_req *r);
/* The normalised key: "lang|path?k=v&k=v" with the parameters sorted by name
 * and percent-encoded; -1 when a parameter is not among `known`, repeats, or
 * the key would not fit outsz (then the page is not cached). */
int web_page_key(char *out, size_t outsz, const char *lang, const char *path, const char *known,
                 int nargs, const char *const keys[], const char *const values[]);
/* Its counters (hits, stores) and size (entries, bytes), for /metrics. */
void web_page_cache_metrics(buf *out);
/* The open connections of each I/O thread, for /metrics. */
void web_io_metrics(buf *out);
/* Releases every entry (at shutdown, after web_stop). */
void web_cache_clear(void);
/* How many I/O threads queue cached answers (each gets its own copy of every
 * response: web_start sets it), and the call an I/O thread makes to take its copy:
 * it returns the thread's number (0, 1, … in the order the threads first call it). */
void web_cache_set_threads(unsigned io_threads);
int web_cache_io_thread(void);

/* True when the client accepts gzip. */
bool web_accepts_gzip(web_req *r);
/* gzip of n bytes into malloc'd memory; NULL when it would not be smaller.
 * level 6 for answers made per request (level 1 saved almost nothing on
 * pages of a few KB: bench/RESULTS.md), 9 for what is cached and compressed once. */
char *web_gzip(const char *in, size_t n, size_t *outn, int level);

/* The error page hook: features supply the HTML layout for error pages. */
typedef void (*web_error_page_fn)(web_req *r, const err *e);
void web_set_error_page(web_error_page_fn f);

#endif
