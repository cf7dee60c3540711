/* server.c — libmicrohttpd glue: accept, read the body (bounded), route,
 * call the auth hook and the handler, compress, add security headers, send. */
#include <netinet/in.h>
#include <microhttpd.h>

#include <arpa/inet.h>
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#include "base/clock.h"
#include "base/embed.h"
#include "base/log.h"
#include "base/text.h"
#include "db/db.h"
#include "web/html.h"
#include "web/i18n.h"
#include "web/internal.h"
#include "web/metrics.h"
#include "web/web.h"

enum { MAX_ROUTES = 256 };
/* Each connection's buffer for a request's headers (and the body as it
 * arrives, handed on in pieces). libmicrohttpd zeroes the whole of it between
 * the requests of a keep-alive connection, so its size is a cost per request:
 * at 64 KiB that was a tenth of a cached page's CPU. 16 KiB holds any
 * browser's headers (nginx's default is 8 KiB per header line). */
enum { WEB_CONN_MEMORY = 16 * 1024 };

static web_route g_routes[MAX_ROUTES];
static bool g_inline[MAX_ROUTES];   /* web_route_inline */
/* Requests handed to a worker whose connection has not completed yet. */
static atomic_int g_pushed;
static size_t g_nroutes;
static web_auth_hook g_auth;
static web_error_page_fn g_error_page;
static struct MHD_Daemon *g_daemon;
/* The listening socket is ours, and so is the thread that accepts on it (see web_start). */
static int g_listen_fd = -1;
static pthread_t g_acceptor;
static bool g_accepting;
static atomic_bool g_accept_stop;
static unsigned g_io_threads;
static char g_trusted_proxy[INET6_ADDRSTRLEN];
/* Every request's deadline: its queries are interrupted after this long and it
 * answers 503 (MINHBACH_REQUEST_DEADLINE_MS overrides it, for tests). */
static int64_t g_deadline_ms = 10000;

static const char CSP[] =
	"default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
	"form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";

void web_set_auth_hook(web_auth_hook h) { g_auth = h; }
void web_set_error_page(web_error_page_fn f) { g_error_page = f; }

static web_handler_wrap g_wrap;
void web_set_handler_wrap(web_handler_wrap w) { g_wrap = w; }

const char *web_out_header(web_req *r, const char *name)
{
	for (int i = 0; i < r->nhdr; i++)
		if (!strcasecmp(r->hdr_names[i], name)) return r->hdr_values[i];
	return NULL;
}

const web_route *web_routes(size_t *n)
{
	*n = g_nroutes;
	return g_routes;
}

void web_route_add(const web_route *routes, size_t n)
{
	for (size_t i = 0; i < n && g_nroutes < MAX_ROUTES; i++) g_routes[g_nroutes++] = routes[i];
	if (g_nroutes == MAX_ROUTES) log_msg(LOG_ERROR, "web", "route table full");
}

void web_route_inline(const char *pattern)
{
	for (size_t i = 0; i < g_nroutes; i++)
		if (!strcmp(g_routes[i].pattern, pattern)) g_inline[i] = true;
}

/* The page cache's arguments of each route whose handler asks it
 * (web_page_cached notes them on its first call), so that the I/O thread
 * can answer a hit itself, without a worker. The strings are the handler's
 * literals; `set` is written last and read first. */
static struct page_route {
	const char *topics, *params;
	atomic_bool set;
} g_page_routes[MAX_ROUTES];

void web_note_page_route(const web_route *rt, const char *topics, const char *params)
{
	if (!rt || rt < g_routes || rt >= g_routes + g_nroutes) return;
	struct page_route *p = &g_page_routes[rt - g_routes];
	if (atomic_load_explicit(&p->set, memory_order_acquire)) return;
	p->topics = topics;
	p->params = params;
	atomic_store_explicit(&p->set, true, memory_order_release);
}

/* On the I/O thread: a public page's cached answer, queued without a worker
 * when the request may share one: an anonymous GET or HEAD (no session
 * cookie: the auth hook would have nothing to resolve), no ?lang= (which
 * sets a cookie). On a miss nothing of r is kept but its language. */
static void pick_language(web_req *r);

static bool cached_inline(web_req *r)
{
	if (!r->route || r->too_big || r->route->perm != WEB_PUBLIC) return false;
	const struct page_route *p = &g_page_routes[r->route - g_routes];
	if (!atomic_load_explicit(&p->set, memory_order_acquire)) return false;
	if ((strcmp(r->method, "GET") && strcmp(r->method, "HEAD")) || web_cookie(r, "mb_session") ||
	    web_query(r, "lang"))
		return false;
	pick_language(r);
	if (web_page_cached(r, p->topics, p->params)) return true;
	r->page_key = NULL;
	return false;
}

/* Matches path against pattern; fills params on success. */
static bool route_match(const char *pattern, const char *path, web_req *r)
{
	const char *p = pattern, *s = path;
	int np = 0;
	while (*p && *s) {
		if (*p == '{') {
			const char *pe = strchr(p, '}');
			const char *se = strchr(s, '/');
			if (!pe) return false;
			if (!se) se = s + strlen(s);
			if (se == s || np >= WEB_MAX_PARAMS) return false;
			if (r) {
				r->param_names[np] = arena_strndup(r->a, p + 1, (size_t)(pe - p - 1));
				r->param_values[np] = arena_strndup(r->a, s, (size_t)(se - s));
			}
			np++;
			p = pe + 1;
			s = se;
		} else {
			if (*p != *s) return false;
			p++;
			s++;
		}
	}
	if (*p || *s) return false;
	if (r) r->nparams = np;
	return true;
}

static const web_route *route_find(web_req *r, bool *other_method)
{
	*other_method = false;
	for (size_t i = 0; i < g_nroutes; i++) {
		if (!route_match(g_routes[i].pattern, r->path, NULL)) continue;
		if (strcmp(g_routes[i].method, r->method) == 0 ||
		    (strcmp(r->method, "HEAD") == 0 && strcmp(g_routes[i].method, "GET") == 0)) {
			route_match(g_routes[i].pattern, r->path, r);
			return &g_routes[i];
		}
		*other_method = true;
	}
	return NULL;
}

/* The methods the routes matching r's path accept, for a 405's Allow header. */
static const char *allowed_methods(web_req *r)
{
	buf b;
	buf_init(&b, 256);
	for (size_t i = 0; i < g_nroutes; i++) {
		if (!route_match(g_routes[i].pattern, r->path, NULL) || strstr(buf_str(&b), g_routes[i].method)) continue;
		if (b.len) buf_adds(&b, ", ");
		buf_adds(&b, g_routes[i].method);
		if (!strcmp(g_routes[i].method, "GET")) buf_adds(&b, ", HEAD");
	}
	const char *s = arena_strdup(r->a, buf_str(&b));
	buf_free(&b);
	return s;
}

/* --- request accessors --- */

const char *web_param(web_req *r, const char *name)
{
	for (int i = 0; i < r->nparams; i++)
		if (strcmp(r->param_names[i], name) == 0) return r->param_values[i];
	return NULL;
}

const char *web_query(web_req *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, name);
}

enum { SELF_URL_ARGS = 32 };
struct self_url { const char *k[SELF_URL_ARGS], *v[SELF_URL_ARGS]; int n; };

static enum MHD_Result self_url_arg(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
	(void)kind;
	struct self_url *s = cls;
	if (!key || s->n == SELF_URL_ARGS) return MHD_YES;
	s->k[s->n] = key;
	s->v[s->n] = value;
	s->n++;
	return MHD_YES;
}

const char *web_self_url(web_req *r, const char *key, const char *value)
{
	buf b;
	buf_init(&b, 4096);
	/* The path as it came, re-encoded segment by segment. */
	for (const char *p = r->path; *p; p++) {
		if (*p == '/') { buf_addc(&b, '/'); continue; }
		char one[2] = {*p, 0};
		html_url_encode(&b, one);
	}
	if (!b.len) buf_addc(&b, '/');
	/* The parameters sorted by name (in their order among the same name), so
	 * that the same query in another order makes the same page: the page
	 * cache keys it by the sorted query. */
	struct self_url s = {.n = 0};
	if (r->conn) MHD_get_connection_values(r->conn, MHD_GET_ARGUMENT_KIND, self_url_arg, &s);
	for (int i = 1; i < s.n; i++)
		for (int j = i; j > 0 && strcmp(s.k[j - 1], s.k[j]) > 0; j--) {
			const char *tk = s.k[j], *tv = s.v[j];
			s.k[j] = s.k[j - 1]; s.v[j] = s.v[j - 1];
			s.k[j - 1] = tk; s.v[j - 1] = tv;
		}
	bool any = false;
	for (int i = 0; i < s.n; i++) {
		if (!strcmp(s.k[i], key)) continue;
		buf_addc(&b, any ? '&' : '?');
		any = true;
		html_url_encode(&b, s.k[i]);
		if (s.v[i]) {
			buf_addc(&b, '=');
			html_url_encode(&b, s.v[i]);
		}
	}
	buf_addc(&b, any ? '&' : '?');
	html_url_encode(&b, key);
	buf_addc(&b, '=');
	html_url_encode(&b, value);
	const char *out = buf_failed(&b) ? arena_printf(r->a, "/?%s=%s", key, value) : arena_strdup(r->a, buf_str(&b));
	buf_free(&b);
	return out;
}

const char *web_header(web_req *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, name);
}

const char *web_cookie(web_req *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_COOKIE_KIND, name);
}

const char *web_form(web_req *r, const char *name)
{
	for (web_kv *kv = r->form; kv; kv = kv->next)
		if (strcmp(kv->key, name) == 0) return kv->value;
	return NULL;
}

const char *web_t(web_req *r, const char *msgid) { return i18n_get(r->lang, msgid); }

json_t *web_json_body(web_req *r, err *e)
{
	const char *ct = r->content_type;
	if (!ct || strncasecmp(ct, "application/json", 16) != 0) {
		err_set(e, MB_EINVAL, "bad_content_type", NULL,
		        "Nội dung phải ở dạng JSON (Content-Type: application/json).",
		        "the body must be JSON (Content-Type: application/json)");
		return NULL;
	}
	json_error_t je;
	json_t *j = json_loadb(r->body.data ? r->body.data : "", r->body.len, JSON_REJECT_DUPLICATES, &je);
	if (!j) {
		err_set(e, MB_EINVAL, "bad_json", NULL,
		        arena_printf(r->a, "Nội dung JSON không hợp lệ (dòng %d, cột %d).", je.line, je.column),
		        arena_printf(r->a, "malformed JSON (line %d, column %d): %s", je.line, je.column, je.text));
		return NULL;
	}
	if (!json_is_object(j)) {
		json_decref(j);
		err_set(e, MB_EINVAL, "bad_json", NULL, "Nội dung JSON phải là một đối tượng {…}.",
		        "the JSON body must be an object {…}");
		return NULL;
	}
	return j;
}

/* --- responses --- */

void web_header_add(web_req *r, const char *name, const char *value)
{
	if (r->nhdr >= WEB_MAX_HEADERS) return;
	r->hdr_names[r->nhdr] = name;
	r->hdr_values[r->nhdr] = arena_strdup(r->a, value);
	r->nhdr++;
}

void web_cookie_set(web_req *r, const char *name, const char *value, long max_age, bool http_only)
{
	const char *secure = web_header(r, "X-Forwarded-Proto") &&
	                     strcmp(web_header(r, "X-Forwarded-Proto"), "https") == 0 ? "; Secure" : "";
	char age[48] = "";
	if (max_age < 0) snprintf(age, sizeof age, "; Max-Age=0");
	else if (max_age > 0) snprintf(age, sizeof age, "; Max-Age=%ld", max_age);
	web_header_add(r, "Set-Cookie", arena_printf(r->a, "%s=%s; Path=/%s%s; SameSite=Lax%s",
	               name, max_age < 0 ? "" : value, age, http_only ? "; HttpOnly" : "", secure));
}

int web_text(web_req *r, int status, const char *type, const char *text)
{
	r->status = status;
	r->out_type = type;
	buf_reset(&r->out);
	buf_adds(&r->out, text);
	return 0;
}

json_t *web_json_time(int64_t t)
{
	if (!t) return json_null();
	char iso[32];
	clock_iso_utc(t, iso, sizeof iso);
	return json_string(iso);
}

int web_json(web_req *r, int status, json_t *j)
{
	r->status = status;
	r->out_type = "application/json";
	buf_reset(&r->out);
	char *s = json_dumps(j, JSON_COMPACT);
	json_decref(j);
	if (s) { buf_adds(&r->out, s); free(s); }
	return 0;
}

int web_redirect(web_req *r, const char *location)
{
	r->status = 303;
	web_header_add(r, "Location", location);
	r->out_type = "text/plain; charset=utf-8";
	buf_reset(&r->out);
	return 0;
}

int web_error(web_req *r, const err *e)
{
	int status = err_http_status(e->status, e->code);
	if (status == 429) web_header_add(r, "Retry-After", "900");
	if (status == 503) web_header_add(r, "Retry-After", "5");
	if (r->is_api || !g_error_page) {
		json_t *j = json_pack("{s:{s:s, s:s?, s:s, s:s}}", "error",
		                      "code", e->code ? e->code : "error",
		                      "field", e->field,
		                      "message", e->vi ? e->vi : "",
		                      "message_en", e->en ? e->en : "");
		if (!j) j = json_pack("{s:{s:s}}", "error", "code", "error");
		return web_json(r, status, j);
	}
	r->status = status;
	r->out_type = "text/html; charset=utf-8";
	buf_reset(&r->out);
	g_error_page(r, e);
	return 0;
}

/* --- body parsing --- */

static enum MHD_Result pp_iter(void *cls, enum MHD_ValueKind kind, const char *key,
                               const char *filename, const char *content_type,
                               const char *transfer_encoding, const char *data,
                               uint64_t off, size_t size)
{
	web_req *r = cls;
	/* A multipart part without a name is no field of any form: skipped
	 * (libmicrohttpd passes its key as NULL). */
	if (!key) return MHD_YES;
	if (filename) {
		if (off == 0 || !r->cur_file || strcmp(r->cur_file->field, key) != 0) {
			web_file *f = arena_alloc(r->a, sizeof *f);
			f->field = arena_strdup(r->a, key);
			f->filename = arena_strdup(r->a, filename);
			f->content_type = arena_strdup(r->a, content_type ? content_type : "application/octet-stream");
			buf_init(&f->data, r->body.max);
			f->next = r->files;
			r->files = f;
			r->cur_file = f;
		}
		if (size && buf_add(&r->cur_file->data, data, size)) return MHD_NO;
		return MHD_YES;
	}
	web_kv *kv = r->form;
	if (off > 0 && kv && strcmp(kv->key, key) == 0) {
		/* A long value arrives in pieces: append. */
		char *v = arena_alloc(r->a, kv->len + size + 1);
		memcpy(v, kv->value, kv->len);
		memcpy(v + kv->len, data, size);
		kv->value = v;
		kv->len += size;
		return MHD_YES;
	}
	kv = arena_alloc(r->a, sizeof *kv);
	kv->key = arena_strdup(r->a, key);
	kv->value = arena_strndup(r->a, data ? data : "", size);
	kv->len = size;
	kv->next = r->form;
	r->form = kv;
	return MHD_YES;
}

static bool is_form(const char *ct)
{
	return ct && (strncasecmp(ct, "application/x-www-form-urlencoded", 33) == 0 ||
	              strncasecmp(ct, "multipart/form-data", 19) == 0);
}

static int parse_form(web_req *r, err *e)
{
	struct MHD_PostProcessor *pp = MHD_create_post_processor(r->conn, 16 * 1024, pp_iter, r);
	if (!pp)
		return err_set(e, MB_EINVAL, "bad_form", NULL, "Biểu mẫu không hợp lệ.", "malformed form data");
	enum MHD_Result ok = MHD_post_process(pp, r->body.data ? r->body.data : "", r->body.len);
	MHD_destroy_post_processor(pp);
	if (ok != MHD_YES)
		return err_set(e, MB_EINVAL, "bad_form", NULL, "Biểu mẫu không hợp lệ.", "malformed form data");
	/* Values must be valid UTF-8 without control characters other than newlines. */
	for (web_kv *kv = r->form; kv; kv = kv->next)
		if (strlen(kv->value) != kv->len || !text_valid_utf8(kv->value, kv->len, true))
			return err_set(e, MB_EINVAL, "bad_encoding", kv->key,
			               "Dữ liệu nhập không phải UTF-8 hợp lệ.", "the value is not valid UTF-8");
	return 0;
}

/* --- static files (embedded; only names in the table can be served) --- */

static int serve_static(web_req *r)
{
	const char *name = r->path + strlen("/static/");
	if (!*name || strstr(name, "..") || strchr(name, '/') || strchr(name, '\\')) {
		err e;
		err_set(&e, MB_ENOTFOUND, "not_found", NULL, "Không tìm thấy trang.", "page not found");
		return web_error(r, &e);
	}
	char key[256];
	snprintf(key, sizeof key, "static/%s", name);
	const struct embedded_file *f = embed_find(key);
	if (!f) {
		err e;
		err_set(&e, MB_ENOTFOUND, "not_found", NULL, "Không tìm thấy trang.", "page not found");
		return web_error(r, &e);
	}
	char etag[40];
	snprintf(etag, sizeof etag, "\"%08lx-%zx\"", crc32(0L, f->data, (uInt)f->size), f->size);
	const char *ext = strrchr(name, '.');
	const char *type = "application/octet-stream";
	if (ext && !strcmp(ext, ".css")) type = "text/css; charset=utf-8";
	else if (ext && !strcmp(ext, ".js")) type = "text/javascript; charset=utf-8";
	else if (ext && !strcmp(ext, ".svg")) type = "image/svg+xml";
	else if (ext && !strcmp(ext, ".png")) type = "image/png";
	else if (ext && !strcmp(ext, ".ico")) type = "image/x-icon";
	web_header_add(r, "ETag", etag);
	web_header_add(r, "Cache-Control", "public, max-age=86400");
	const char *inm = web_header(r, "If-None-Match");
	r->out_type = type;
	r->cacheable = true;
	if (inm && strcmp(inm, etag) == 0) { r->status = 304; return 0; }
	r->status = 200;
	buf_add(&r->out, f->data, f->size);
	return 0;
}

/* --- dispatch --- */

static void pick_language(web_req *r)
{
	const char *q = web_query(r, "lang");
	if (q && (!strcmp(q, "vi") || !strcmp(q, "en"))) {
		r->lang = !strcmp(q, "en") ? "en" : "vi";
		web_cookie_set(r, "mb_lang", r->lang, 365L * 24 * 3600, true);
		return;
	}
	const char *c = web_cookie(r, "mb_lang");
	r->lang = c && !strcmp(c, "en") ? "en" : "vi";
}

static void route_dispatch(web_req *r);

/* The client closed its connection: an orderly end of stream is waiting on
 * the socket (a request's body has been read whole by now, so whatever else
 * is there is a pipelined request, and the client still waits). */
static bool client_gone(void *p)
{
	web_req *r = p;
	if (!r->conn) return false;
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(r->conn, MHD_CONNECTION_INFO_CONNECTION_FD);
	if (!ci) return false;
	char c;
	ssize_t n = recv(ci->connect_fd, &c, 1, MSG_PEEK | MSG_DONTWAIT);
	return n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR);
}

/* The request under its deadline: the queries of its thread's connection are
 * interrupted when it passes (or when the server stops), and whatever the
 * handler made of the failure, the answer is a 503 with Retry-After; what it
 * was writing is rolled back whole (db_deadline_set). */
static void dispatch(web_req *r)
{
	db *d = r->route ? db_thread() : NULL;
	/* The deadline counts from the request's start, time spent queued
	 * included: a request that waited past it answers 503 without running. */
	int64_t left_ms = g_deadline_ms - (clock_now_us() - r->started_us) / 1000;
	if (r->route && (left_ms <= 0 || db_stopping())) {
		err e;
		err_timeout(&e);
		pick_language(r);
		if (d) db_deadline_set(d, g_deadline_ms);   /* the error page may read (the layout) */
		web_error(r, &e);
		if (d) db_deadline_set(d, 0);
		return;
	}
	if (d) {
		db_deadline_set(d, left_ms);
		db_deadline_watch(d, client_gone, r);
	}
	route_dispatch(r);
	if (!d) return;
	db_deadline_watch(d, NULL, NULL);
	if (db_deadline_passed(d) && !r->queued) {
		err e;
		err_timeout(&e);
		r->nhdr = 0;
		r->cacheable = false;
		db_deadline_set(d, g_deadline_ms);   /* the error page may read (the layout) */
		web_error(r, &e);
	}
	db_deadline_set(d, 0);
	web_page_store(r);
}

static void route_dispatch(web_req *r)
{
	err e = {0};
	pick_language(r);
	if (r->too_big) {
		err_set(&e, MB_ETOOBIG, "too_large", NULL, "Nội dung gửi lên quá lớn.", "the request body is too large");
		web_error(r, &e);
		return;
	}
	if (strncmp(r->path, "/static/", 8) == 0 && (!strcmp(r->method, "GET") || !strcmp(r->method, "HEAD"))) {
		serve_static(r);
		return;
	}
	bool other = r->other_method;
	if (!r->route) {
		if (other)
			err_set(&e, MB_EINVAL, "method_not_allowed", NULL, "Phương thức không được hỗ trợ.", "method not allowed");
		else
			err_set(&e, MB_ENOTFOUND, "not_found", NULL, "Không tìm thấy trang.", "page not found");
		web_error(r, &e);
		if (other) {
			r->status = 405;
			web_header_add(r, "Allow", allowed_methods(r));
		}
		return;
	}
	if (is_form(r->content_type) && parse_form(r, &e)) { web_error(r, &e); return; }
	if (r->route->perm == 0) {
		err_set(&e, MB_EFORBIDDEN, "forbidden", NULL, "Bạn không có quyền thực hiện thao tác này.", "you may not do this");
		web_error(r, &e);
		return;
	}
	if (g_auth && g_auth(r, r->route->perm, &e)) { web_error(r, &e); return; }
	if (!g_auth && r->route->perm != WEB_PUBLIC) {
		err_set(&e, MB_EFORBIDDEN, "forbidden", NULL, "Bạn không có quyền thực hiện thao tác này.", "you may not do this");
		web_error(r, &e);
		return;
	}
	if (g_wrap) g_wrap(r, r->route->handler);
	else r->route->handler(r);
	if (buf_failed(&r->out)) {
		err_set(&e, MB_EINTERNAL, "response_too_large", NULL, "Kết quả quá lớn.", "the response is too large");
		r->out.failed = false;
		web_error(r, &e);
	}
}

bool web_accepts_gzip(web_req *r)
{
	const char *ae = web_header(r, "Accept-Encoding");
	return ae && strstr(ae, "gzip") != NULL;
}

bool web_compressible(const char *type)
{
	return type && (!strncmp(type, "text/", 5) || !strncmp(type, "application/json", 16) ||
	                !strncmp(type, "image/svg", 9));
}

/* One deflate stream per thread, reset between responses: deflateInit2
 * allocates about 256 KiB of state, too much to do for every response. */
static pthread_key_t g_zkey;
static pthread_once_t g_zonce = PTHREAD_ONCE_INIT;

static void zfree(void *p)
{
	deflateEnd(p);
	free(p);
}

static void zkey_init(void) { pthread_key_create(&g_zkey, zfree); }

static z_stream *thread_deflate(void)
{
	pthread_once(&g_zonce, zkey_init);
	z_stream *z = pthread_getspecific(g_zkey);
	if (z) { deflateReset(z); return z; }
	z = calloc(1, sizeof *z);
	if (!z) return NULL;
	if (deflateInit2(z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) { free(z); return NULL; }
	pthread_setspecific(g_zkey, z);
	return z;
}

/* Compresses in into a malloc'd gzip buffer; NULL when it does not pay. */
char *web_gzip(const char *in, size_t n, size_t *outn, int level)
{
	z_stream *z = thread_deflate();
	if (!z) return NULL;
	/* After a reset nothing is pending, so the level can change here. */
	if (deflateParams(z, level, Z_DEFAULT_STRATEGY) != Z_OK) return NULL;
	size_t cap = deflateBound(z, (uLong)n);
	char *out = malloc(cap);
	if (!out) return NULL;
	z->next_in = (Bytef *)in;
	z->avail_in = (uInt)n;
	z->next_out = (Bytef *)out;
	z->avail_out = (uInt)cap;
	int rc = deflate(z, Z_FINISH);
	*outn = z->total_out;
	if (rc != Z_STREAM_END || *outn >= n) { free(out); return NULL; }
	return out;
}

void web_response_headers(struct MHD_Response *resp, const char *type, const char *lang, bool gz,
                          const char *cache_control)
{
	if (type) MHD_add_response_header(resp, "Content-Type", type);
	if (gz) MHD_add_response_header(resp, "Content-Encoding", "gzip");
	MHD_add_response_header(resp, "Vary", "Accept-Encoding, Cookie");
	MHD_add_response_header(resp, "Content-Security-Policy", CSP);
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(resp, "X-Frame-Options", "DENY");
	MHD_add_response_header(resp, "Referrer-Policy", "same-origin");
	MHD_add_response_header(resp, "Content-Language", lang ? lang : "vi");
	if (cache_control) MHD_add_response_header(resp, "Cache-Control", cache_control);
}

static void add_headers(web_req *r, struct MHD_Response *resp, bool gz);

/* The response of a file answered with web_file_send: libmicrohttpd reads it
 * from the descriptor as it sends (sendfile), and closes it. */
static struct MHD_Response *file_response(web_req *r)
{
	int fd = r->out_fd - 1;
	r->out_fd = 0;
	struct MHD_Response *resp = !strcmp(r->method, "HEAD") ? MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT)
	                                                       : MHD_create_response_from_fd_at_offset64(r->out_len, fd, r->out_off);
	if (!resp || !strcmp(r->method, "HEAD")) close(fd);
	if (!resp) return NULL;
	add_headers(r, resp, false);
	return resp;
}

/* The response of r, ready to queue (NULL when out of memory). */
static struct MHD_Response *make_response(web_req *r)
{
	if (r->out_fd) return file_response(r);
	size_t len = 0;
	char *body = buf_steal(&r->out, &len);
	bool gz = false;
	if (len >= WEB_GZIP_MIN && !r->no_gzip && web_compressible(r->out_type) && web_accepts_gzip(r)) {
		size_t zn = 0;
		char *z = web_gzip(body, len, &zn, 6);
		if (z) { free(body); body = z; len = zn; gz = true; }
	}
	if (!strcmp(r->method, "HEAD")) { free(body); body = NULL; len = 0; }
	struct MHD_Response *resp = MHD_create_response_from_buffer(len, body ? body : (void *)"",
	                                                             body ? MHD_RESPMEM_MUST_FREE : MHD_RESPMEM_PERSISTENT);
	if (!resp) { free(body); return NULL; }
	add_headers(r, resp, gz);
	return resp;
}

static void add_headers(web_req *r, struct MHD_Response *resp, bool gz)
{
	bool has_cc = false, sets_cookie = false;
	for (int i = 0; i < r->nhdr; i++) {
		MHD_add_response_header(resp, r->hdr_names[i], r->hdr_values[i]);
		if (!strcasecmp(r->hdr_names[i], "Cache-Control")) has_cc = true;
		if (!strcasecmp(r->hdr_names[i], "Set-Cookie")) sets_cookie = true;
	}
	if (sets_cookie) r->cacheable = false;   /* never let a shared cache keep a cookie */
	web_response_headers(resp, r->out_type, r->lang, gz,
	                     has_cc ? NULL : r->cacheable ? "public, max-age=60" : "no-store");
}

static enum MHD_Result send_response(struct MHD_Connection *c, web_req *r)
{
	if (r->queued) return MHD_YES;   /* a shared response from the page cache */
	struct MHD_Response *resp = make_response(r);
	if (!resp) return MHD_NO;
	enum MHD_Result ret = MHD_queue_response(c, (unsigned)(r->status ? r->status : 200), resp);
	MHD_destroy_response(resp);
	return ret;
}

/* On a worker: runs r's handler and makes its response; then the connection
 * goes back to its I/O thread, which queues the response (on_request). */
static void run_job(web_req *r)
{
	dispatch(r);
	if (!r->queued) {
		r->resp_status = (unsigned)(r->status ? r->status : 200);
		r->resp = make_response(r);
	}
	r->worked = true;
	MHD_resume_connection(r->conn);
}

/* What runs on the I/O thread: what needs no handler (static files, 404,
 * 405, a body too large) and the routes marked WEB_INLINE. */
static bool runs_inline(const web_req *r)
{
	return !r->route || r->too_big || g_inline[r->route - g_routes];
}

/* A refusal made before any handler runs (limits): 503 or 429 with a short
 * Retry-After, and the connection closed after it. */
static enum MHD_Result refuse(struct MHD_Connection *c, web_req *r, int status)
{
	err e;
	if (status == 429)
		err_set(&e, MB_ELIMIT, "too_many_requests", NULL,
		        "Có quá nhiều yêu cầu cùng lúc từ địa chỉ của bạn. Vui lòng thử lại sau ít giây.",
		        "too many requests at once from your address; please try again in a few seconds");
	else
		err_set(&e, MB_EUNAVAILABLE, "server_full", NULL,
		        "Máy chủ đang quá tải. Vui lòng thử lại sau ít giây.",
		        "the server is overloaded; please try again in a few seconds");
	r->done = true;
	web_error(r, &e);
	for (int i = 0; i < r->nhdr; i++)
		if (!strcasecmp(r->hdr_names[i], "Retry-After")) r->hdr_values[i] = "5";
	r->status = status;
	struct MHD_Response *resp = make_response(r);
	if (!resp) return MHD_NO;
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CONNECTION, "close");
	enum MHD_Result ret = MHD_queue_response(c, (unsigned)status, resp);
	MHD_destroy_response(resp);
	return ret;
}

/* Percent-decoding of the URL: MHD's own, except that a URL holding an
 * encoded NUL stays undecoded (so it matches no route and no file) rather
 * than being cut short at the NUL. */
static size_t unescape(void *cls, struct MHD_Connection *c, char *uri)
{
	if (strstr(uri, "%00")) return strlen(uri);
	return MHD_http_unescape(uri);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
                                  const char *method, const char *version,
                                  const char *upload_data, size_t *upload_size, void **con_cls)
{
	web_req *r = *con_cls;
	if (!r) {
		web_cache_io_thread();
		r = calloc(1, sizeof *r);
		if (!r) return MHD_NO;
		arena_init(r->a);
		r->started_us = clock_now_us();
		r->conn = c;
		r->method = arena_strdup(r->a, method);
		r->path = arena_strdup(r->a, url);
		r->is_api = strncmp(url, "/api/", 5) == 0;
		r->lang = "vi";
		buf_init(&r->body, WEB_BODY_MAX);
		buf_init(&r->out, WEB_OUT_MAX);
		r->route = route_find(r, &r->other_method);
		if (r->route && r->route->body_max) r->body.max = r->route->body_max;
		r->content_type = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Type");
		const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Length");
		if (cl && strtoull(cl, NULL, 10) > r->body.max) r->too_big = true;
		const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
		char addr[INET6_ADDRSTRLEN] = "unknown";
		if (ci && ci->client_addr) {
			if (ci->client_addr->sa_family == AF_INET)
				inet_ntop(AF_INET, &((const struct sockaddr_in *)ci->client_addr)->sin_addr, addr, sizeof addr);
			else if (ci->client_addr->sa_family == AF_INET6)
				inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)ci->client_addr)->sin6_addr, addr, sizeof addr);
		}
		r->client_addr = arena_strdup(r->a, addr);
		/* Behind the configured reverse proxy, the client is the last address
		 * the proxy appended to X-Forwarded-For. */
		const char *xff = g_trusted_proxy[0] && !strcmp(addr, g_trusted_proxy)
		                  ? MHD_lookup_connection_value(c, MHD_HEADER_KIND, "X-Forwarded-For") : NULL;
		if (xff) {
			const char *last = strrchr(xff, ',');
			char *client = text_trim(arena_strdup(r->a, last ? last + 1 : xff));
			if (*client && strlen(client) < INET6_ADDRSTRLEN) r->client_addr = client;
		}
		*con_cls = r;
		int refused = web_conn_request(c, r);
		if (refused) return refuse(c, r, refused);
		return MHD_YES;
	}
	if (r->worked) {   /* back from a worker */
		if (!r->resp) return r->queued ? MHD_YES : MHD_NO;
		struct MHD_Response *resp = r->resp;
		r->resp = NULL;
		enum MHD_Result ret = MHD_queue_response(c, r->resp_status, resp);
		MHD_destroy_response(resp);
		return ret;
	}
	if (*upload_size) {
		if (!r->too_big && buf_add(&r->body, upload_data, *upload_size)) r->too_big = true;
		*upload_size = 0;
		return MHD_YES;
	}
	if (r->done) return MHD_YES;
	r->done = true;
	if (runs_inline(r)) {
		dispatch(r);
		return send_response(c, r);
	}
	if (cached_inline(r)) return MHD_YES;
	if (!web_work_reserve()) {
		log_msg(LOG_WARN, "web", "the request queue is full: answered 503");
		err e;
		err_set(&e, MB_EUNAVAILABLE, "server_busy", NULL,
		        "Máy chủ đang bận. Vui lòng thử lại sau ít giây.",
		        "the server is busy; please try again in a few seconds");
		pick_language(r);
		web_error(r, &e);
		return send_response(c, r);
	}
	MHD_suspend_connection(c);
	r->pushed = true;
	atomic_fetch_add(&g_pushed, 1);
	web_work_push(r);
	return MHD_YES;
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
	web_req *r = *con_cls;
	if (!r) return;
	if (r->pushed) atomic_fetch_sub(&g_pushed, 1);
	web_conn_request_end(c, r);
	if (r->resp) MHD_destroy_response(r->resp);
	int64_t us = clock_now_us() - r->started_us;
	const char *label = r->route ? r->route->pattern :
	                    strncmp(r->path, "/static/", 8) == 0 ? "/static/{file}" : "unmatched";
	metrics_observe(label, r->status ? r->status : 200, us);
	if (r->status >= 500)
		log_msg(LOG_WARN, "web", "%s %s -> %d in %lld us", r->method, r->path, r->status, (long long)us);
	else
		log_msg(LOG_DEBUG, "web", "%s %s -> %d in %lld us", r->method, r->path, r->status, (long long)us);
	if (r->out_fd) close(r->out_fd - 1);
	buf_free(&r->body);
	buf_free(&r->out);
	for (web_file *f = r->files; f; f = f->next) buf_free(&f->data);
	arena_free(r->a);
	free(r);
	*con_cls = NULL;
}

/* libmicrohttpd's own messages (a connection closed while reading, …) go
 * through the rate-limited log: a flood of them is one line a second. */
static void mhd_log(void *cls, const char *fmt, va_list ap)
{
	(void)cls;
	log_vmsg(LOG_WARN, "mhd", fmt, ap);
}

/* The acceptor: one thread takes every new connection and hands it to libmicrohttpd, which gives
 * it to an I/O thread by the socket's number (MHD_add_connection: fd modulo the pool), so the
 * connections are spread evenly over the I/O threads. When each I/O thread accepted on the shared
 * listening socket itself, the first one awake took them all (32 of 32 keep-alive connections of
 * a load run on one thread, the other idle): one thread did the work of two, and the requests it
 * had in hand waited for it (the tail latency in docs/scale.md). */
static void *acceptor(void *arg)
{
	(void)arg;
	int64_t last_warn = 0;
	while (!atomic_load(&g_accept_stop)) {
		struct sockaddr_storage ss;
		socklen_t len = sizeof ss;
		int fd = accept4(g_listen_fd, (struct sockaddr *)&ss, &len, SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (fd < 0) {
			if (atomic_load(&g_accept_stop)) break;
			if (errno == EINTR || errno == ECONNABORTED || errno == EAGAIN) continue;
			if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM) {
				/* Out of descriptors: the pending connections wait in the backlog until some close. */
				int64_t now = clock_now_ms();
				if (now - last_warn >= 1000) {
					log_msg(LOG_WARN, "web", "cannot accept a connection: %s", strerror(errno));
					last_warn = now;
				}
				nanosleep(&(struct timespec){.tv_nsec = 10 * 1000000}, NULL);
				continue;
			}
			log_msg(LOG_ERROR, "web", "accept failed: %s", strerror(errno));
			break;
		}
		/* Refused (the accept policy, a limit): libmicrohttpd closes it. */
		(void)MHD_add_connection(g_daemon, fd, (struct sockaddr *)&ss, len);
	}
	return NULL;
}

static int listen_on(const struct sockaddr_in *sa)
{
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0) return -1;
	int one = 1;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	if (bind(fd, (const struct sockaddr *)sa, sizeof *sa) || listen(fd, 4096)) {
		int e = errno;
		close(fd);
		errno = e;
		return -1;
	}
	return fd;
}

void web_io_metrics(buf *out) { web_conn_metrics(out, g_io_threads); }

int web_start(const web_config *cfg, unsigned *bound_port)
{
	struct sockaddr_in sa;
	memset(&sa, 0, sizeof sa);
	sa.sin_family = AF_INET;
	sa.sin_port = htons((uint16_t)cfg->port);
	if (inet_pton(AF_INET, cfg->listen, &sa.sin_addr) != 1) {
		log_msg(LOG_ERROR, "web", "cannot parse listen address %s", cfg->listen);
		return -1;
	}
	unsigned threads = cfg->threads ? cfg->threads : 4;
	const char *dl = getenv("MINHBACH_REQUEST_DEADLINE_MS");
	if (dl && *dl) {
		char *end;
		long long v = strtoll(dl, &end, 10);
		if (!*end && v > 0 && v <= 3600000) g_deadline_ms = v;
	}
	snprintf(g_trusted_proxy, sizeof g_trusted_proxy, "%s", cfg->trusted_proxy ? cfg->trusted_proxy : "");
	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	unsigned workers = cfg->workers ? cfg->workers : 4 * (unsigned)(cores > 0 ? cores : 1);
	/* The connections fit in the fds left after the databases (three files
	 * per connection: every thread, worker and job has one) and the rest;
	 * libmicrohttpd's own limit stays above ours so that the 503 can be sent. */
	unsigned fds = web_conn_fd_limit(), reserve = 128 + 3 * (threads + workers + 8);
	unsigned hard = fds > reserve + 64 ? fds - reserve : 64;
	unsigned soft = hard - (hard / 16 > 16 ? hard / 16 : 16);
	if (cfg->max_connections && cfg->max_connections < soft) soft = cfg->max_connections;
	else if (cfg->max_connections > soft)
		log_msg(LOG_WARN, "web", "at most %u connections fit in %u file descriptors; the limit is %u",
		        soft, fds, soft);
	web_conn_limits lim = {soft, hard, cfg->per_ip_limit ? cfg->per_ip_limit : 200,
	                       cfg->header_deadline_s ? cfg->header_deadline_s : 10, g_trusted_proxy};
	web_cache_set_threads(threads);
	g_io_threads = threads;
	g_listen_fd = listen_on(&sa);
	if (g_listen_fd < 0) {
		log_msg(LOG_ERROR, "web", "cannot listen on %s:%u: %s", cfg->listen, cfg->port, strerror(errno));
		return -1;
	}
	if (web_conn_start(&lim)) { close(g_listen_fd); g_listen_fd = -1; return -1; }
	if (web_work_start(workers, cfg->queue_max ? cfg->queue_max : 1024, run_job)) {
		web_conn_stop();
		close(g_listen_fd);
		g_listen_fd = -1;
		return -1;
	}
	g_daemon = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ERROR_LOG |
	                            MHD_ALLOW_SUSPEND_RESUME | MHD_USE_NO_LISTEN_SOCKET | MHD_USE_ITC,
	                            0, web_conn_accept, NULL, on_request, NULL,
	                            MHD_OPTION_EXTERNAL_LOGGER, mhd_log, NULL,   /* first, or MHD warns */
	                            MHD_OPTION_THREAD_POOL_SIZE, threads,
	                            MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL,
	                            MHD_OPTION_NOTIFY_CONNECTION, web_conn_notify, NULL,
	                            MHD_OPTION_UNESCAPE_CALLBACK, unescape, NULL,
	                            MHD_OPTION_CONNECTION_LIMIT, hard,
	                            MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)30,
	                            MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)WEB_CONN_MEMORY,
	                            MHD_OPTION_END);
	atomic_store(&g_accept_stop, false);
	if (!g_daemon || pthread_create(&g_acceptor, NULL, acceptor, NULL)) {
		log_msg(LOG_ERROR, "web", "cannot start serving on %s:%u", cfg->listen, cfg->port);
		if (g_daemon) MHD_stop_daemon(g_daemon);
		g_daemon = NULL;
		web_work_stop();
		web_conn_stop();
		close(g_listen_fd);
		g_listen_fd = -1;
		return -1;
	}
	g_accepting = true;
	log_msg(LOG_INFO, "web", "%u I/O threads, %u workers, at most %u connections (%u per address), "
	        "request headers within %u s", threads, workers, soft, lim.per_ip, lim.header_deadline_s);
	struct sockaddr_in bound;
	socklen_t blen = sizeof bound;
	if (bound_port)
		*bound_port = getsockname(g_listen_fd, (struct sockaddr *)&bound, &blen) == 0 ? ntohs(bound.sin_port) : cfg->port;
	return 0;
}

bool web_port_in_use(const char *listen, unsigned port)
{
	struct sockaddr_in sa;
	memset(&sa, 0, sizeof sa);
	sa.sin_family = AF_INET;
	sa.sin_port = htons((uint16_t)port);
	if (port == 0 || inet_pton(AF_INET, listen, &sa.sin_addr) != 1) return false;
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	if (fd < 0) return false;
	int one = 1;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	bool busy = bind(fd, (struct sockaddr *)&sa, sizeof sa) != 0 && errno == EADDRINUSE;
	close(fd);
	return busy;
}

void web_stop(void)
{
	/* The workers first: what is queued answers 503 without running, what
	 * runs was interrupted (db_stop_all), and every connection is resumed
	 * before libmicrohttpd closes them. */
	/* No new connection first: shutdown() wakes the acceptor out of accept(). */
	if (g_accepting) {
		atomic_store(&g_accept_stop, true);
		shutdown(g_listen_fd, SHUT_RDWR);
		pthread_join(g_acceptor, NULL);
		g_accepting = false;
	}
	if (g_listen_fd >= 0) { close(g_listen_fd); g_listen_fd = -1; }
	if (g_daemon) {
		web_work_stop();
		/* The I/O threads send the answers the workers left (each resumed
		 * connection's 503 or result) before the connections are closed:
		 * a bounded wait, so that a stop stays within seconds whatever the
		 * clients do. */
		for (int i = 0; i < 400 && atomic_load(&g_pushed) > 0; i++)
			nanosleep(&(struct timespec){.tv_nsec = 5 * 1000000}, NULL);
		web_conn_stop();
		MHD_stop_daemon(g_daemon);
	}
	g_daemon = NULL;
	web_cache_clear();
}
