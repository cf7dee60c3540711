/* conn.c — who may hold connections, and for how long without a request.
 *
 * - The global limit: beyond max_connections open connections a request is
 *   answered 503 with Retry-After and the connection closed (libmicrohttpd's
 *   own limit, hard_limit, sits above it so that the 503 can still be sent).
 * - Per address: a peer may hold per_ip connections (refused at accept), except
 *   the trusted reverse proxy, whose clients are counted instead by the
 *   address it names in X-Forwarded-For: per_ip requests at once each, 429
 *   with Retry-After beyond.
 * - The header deadline: libmicrohttpd's idle timeout restarts with every
 *   byte, so a client trickling its headers would hold its connection for
 *   ever. Every connection is tracked from its opening (and again after each
 *   answer) until its next request's headers are complete; a sweeper shuts
 *   down the socket of those past the deadline, and libmicrohttpd closes them
 *   (the fd stays libmicrohttpd's: shutdown() only, under the lock that its
 *   closing notification also takes, so the fd is never another's).
 *
 * A request's start and end (web_conn_request, web_conn_request_end) take no
 * lock unless a trusted proxy's clients are counted: the connection's own
 * fields the sweeper reads are atomics, written only by the I/O thread that
 * owns the connection (which is also the one that frees it). A lock shared
 * by the I/O threads on every request was a wait of a whole time slice
 * whenever its holder was descheduled (docs/scale.md). */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>

#include "base/clock.h"
#include "base/log.h"
#include "web/internal.h"

typedef struct conn {
	struct conn *prev, *next;
	int fd;
	_Atomic int64_t since_us;  /* waiting for a request's headers since */
	atomic_bool waiting;       /* its next request's headers are not complete yet */
	bool shut;
	bool per_ip;           /* counted in its peer's connections */
	int thread;            /* the I/O thread that serves it */
	char addr[INET6_ADDRSTRLEN];
} conn;

typedef struct peer {
	struct peer *next;
	unsigned conns, reqs;
	char addr[INET6_ADDRSTRLEN];
} peer;

enum { PEER_BUCKETS = 4096 };

static pthread_mutex_t g_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t g_cv = PTHREAD_COND_INITIALIZER;
static conn g_list = {.prev = &g_list, .next = &g_list};
static peer *g_peers[PEER_BUCKETS];
static atomic_uint g_open;   /* written under g_mu */
static web_conn_limits g_l;
/* Open connections per I/O thread (web_cache_io_thread's numbers), for /metrics: how evenly the
 * acceptor spreads them (server.c). Each counter is written by its own thread only. */
enum { THREADS_SHOWN = 16 };
static atomic_uint g_thread_conns[THREADS_SHOWN];
static char g_proxy[INET6_ADDRSTRLEN];
static pthread_t g_sweeper;
static bool g_sweeping, g_stop;

static void addr_text(const struct sockaddr *sa, char out[INET6_ADDRSTRLEN])
{
	snprintf(out, INET6_ADDRSTRLEN, "unknown");
	if (!sa) return;
	if (sa->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, out, INET6_ADDRSTRLEN);
	else if (sa->sa_family == AF_INET6)
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr, out, INET6_ADDRSTRLEN);
}

static bool is_proxy(const char *addr) { return g_proxy[0] && !strcmp(addr, g_proxy); }

/* The peer entry of addr (created when make); under g_mu. */
static peer *peer_get(const char *addr, bool make)
{
	unsigned h = 2166136261u;
	for (const char *p = addr; *p; p++) h = (h ^ (unsigned char)*p) * 16777619u;
	peer **slot = &g_peers[h % PEER_BUCKETS];
	for (peer *p = *slot; p; p = p->next)
		if (!strcmp(p->addr, addr)) return p;
	if (!make) return NULL;
	peer *p = calloc(1, sizeof *p);
	if (!p) return NULL;
	snprintf(p->addr, sizeof p->addr, "%s", addr);
	p->next = *slot;
	*slot = p;
	return p;
}

/* Frees addr's entry once nothing counts in it; under g_mu. */
static void peer_release(const char *addr)
{
	unsigned h = 2166136261u;
	for (const char *p = addr; *p; p++) h = (h ^ (unsigned char)*p) * 16777619u;
	for (peer **slot = &g_peers[h % PEER_BUCKETS]; *slot; slot = &(*slot)->next) {
		peer *p = *slot;
		if (strcmp(p->addr, addr)) continue;
		if (!p->conns && !p->reqs) { *slot = p->next; free(p); }
		return;
	}
}

unsigned web_conn_fd_limit(void)
{
	struct rlimit rl;
	if (getrlimit(RLIMIT_NOFILE, &rl)) return 1024;
	if (rl.rlim_cur < rl.rlim_max) {
		rlim_t want = rl.rlim_max == RLIM_INFINITY ? 1048576 : rl.rlim_max;
		struct rlimit up = {want, rl.rlim_max};
		if (!setrlimit(RLIMIT_NOFILE, &up)) rl.rlim_cur = want;
	}
	return rl.rlim_cur > 1048576 ? 1048576u : (unsigned)rl.rlim_cur;
}

enum MHD_Result web_conn_accept(void *cls, const struct sockaddr *addr, socklen_t addrlen)
{
	(void)cls;
	(void)addrlen;
	char a[INET6_ADDRSTRLEN];
	addr_text(addr, a);
	if (is_proxy(a)) return MHD_YES;
	pthread_mutex_lock(&g_mu);
	peer *p = peer_get(a, false);
	bool ok = !p || p->conns < g_l.per_ip;
	pthread_mutex_unlock(&g_mu);
	if (!ok) log_msg(LOG_WARN, "web", "refused a connection from %s: it holds %u already", a, g_l.per_ip);
	return ok ? MHD_YES : MHD_NO;
}

void web_conn_notify(void *cls, struct MHD_Connection *c, void **socket_context,
                     enum MHD_ConnectionNotificationCode toe)
{
	(void)cls;
	if (toe == MHD_CONNECTION_NOTIFY_STARTED) {
		conn *k = calloc(1, sizeof *k);
		*socket_context = k;
		if (!k) return;
		const union MHD_ConnectionInfo *fd = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
		const union MHD_ConnectionInfo *ca = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
		k->fd = fd ? fd->connect_fd : -1;
		addr_text(ca ? ca->client_addr : NULL, k->addr);
		atomic_init(&k->since_us, clock_now_us());
		atomic_init(&k->waiting, true);
		k->thread = web_cache_io_thread() % THREADS_SHOWN;
		atomic_fetch_add_explicit(&g_thread_conns[k->thread], 1, memory_order_relaxed);
		pthread_mutex_lock(&g_mu);
		k->prev = g_list.prev;
		k->next = &g_list;
		g_list.prev->next = k;
		g_list.prev = k;
		g_open++;
		if (!is_proxy(k->addr)) {
			peer *p = peer_get(k->addr, true);
			if (p) { p->conns++; k->per_ip = true; }
		}
		pthread_mutex_unlock(&g_mu);
		return;
	}
	conn *k = *socket_context;
	if (!k) return;
	atomic_fetch_sub_explicit(&g_thread_conns[k->thread], 1, memory_order_relaxed);
	pthread_mutex_lock(&g_mu);
	k->prev->next = k->next;
	k->next->prev = k->prev;
	g_open--;
	if (k->per_ip) {
		peer *p = peer_get(k->addr, false);
		if (p && p->conns) p->conns--;
		peer_release(k->addr);
	}
	pthread_mutex_unlock(&g_mu);
	free(k);
	*socket_context = NULL;
}

static conn *conn_of(struct MHD_Connection *c)
{
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
	return ci ? ci->socket_context : NULL;
}

int web_conn_request(struct MHD_Connection *c, web_req *r)
{
	conn *k = conn_of(c);
	int status = 0;
	if (k) atomic_store_explicit(&k->waiting, false, memory_order_relaxed);
	unsigned open = atomic_load_explicit(&g_open, memory_order_relaxed);
	if (open > g_l.max_connections) status = 503;
	else if (g_proxy[0] && k && is_proxy(k->addr)) {
		pthread_mutex_lock(&g_mu);
		peer *p = peer_get(r->client_addr, true);
		if (p && p->reqs >= g_l.per_ip) status = 429;
		else if (p) { p->reqs++; r->counted = true; }
		pthread_mutex_unlock(&g_mu);
	}
	if (status == 503)
		log_msg(LOG_WARN, "web", "refused a request: %u connections are open (limit %u)", open, g_l.max_connections);
	else if (status == 429)
		log_msg(LOG_WARN, "web", "refused a request from %s behind the proxy: %u of its requests run already",
		        r->client_addr, g_l.per_ip);
	return status;
}

void web_conn_request_end(struct MHD_Connection *c, web_req *r)
{
	conn *k = conn_of(c);
	if (k) {
		/* The time first: the sweeper that sees it waiting sees when it began. */
		atomic_store_explicit(&k->since_us, clock_now_us(), memory_order_relaxed);
		atomic_store_explicit(&k->waiting, true, memory_order_release);
	}
	if (r->counted) {
		pthread_mutex_lock(&g_mu);
		peer *p = peer_get(r->client_addr, false);
		if (p && p->reqs) p->reqs--;
		peer_release(r->client_addr);
		r->counted = false;
		pthread_mutex_unlock(&g_mu);
	}
}

static void *sweeper(void *arg)
{
	(void)arg;
	int64_t limit = (int64_t)g_l.header_deadline_s * 1000000;
	int64_t step_ms = limit / 4000 < 250 ? (int64_t)(limit / 4000) : 250;
	if (step_ms < 10) step_ms = 10;
	pthread_mutex_lock(&g_mu);
	while (!g_stop) {
		struct timespec ts;
		clock_gettime(CLOCK_REALTIME, &ts);
		ts.tv_nsec += step_ms * 1000000;
		ts.tv_sec += ts.tv_nsec / 1000000000;
		ts.tv_nsec %= 1000000000;
		pthread_cond_timedwait(&g_cv, &g_mu, &ts);
		int64_t now = clock_now_us();
		unsigned n = 0;
		for (conn *k = g_list.next; k != &g_list; k = k->next)
			if (atomic_load_explicit(&k->waiting, memory_order_acquire) && !k->shut && k->fd >= 0 &&
			    now - atomic_load_explicit(&k->since_us, memory_order_relaxed) > limit) {
				shutdown(k->fd, SHUT_RDWR);
				k->shut = true;
				n++;
			}
		if (n) {
			pthread_mutex_unlock(&g_mu);
			log_msg(LOG_WARN, "web", "closed %u connections that sent no complete request headers within %u s",
			        n, g_l.header_deadline_s);
			pthread_mutex_lock(&g_mu);
		}
	}
	pthread_mutex_unlock(&g_mu);
	return NULL;
}

int web_conn_start(const web_conn_limits *l)
{
	g_l = *l;
	snprintf(g_proxy, sizeof g_proxy, "%s", l->trusted_proxy ? l->trusted_proxy : "");
	g_stop = false;
	if (pthread_create(&g_sweeper, NULL, sweeper, NULL)) return -1;
	g_sweeping = true;
	return 0;
}

void web_conn_stop(void)
{
	if (!g_sweeping) return;
	pthread_mutex_lock(&g_mu);
	g_stop = true;
	pthread_cond_signal(&g_cv);
	pthread_mutex_unlock(&g_mu);
	pthread_join(g_sweeper, NULL);
	g_sweeping = false;
}

void web_conn_metrics(buf *out, unsigned io_threads)
{
	buf_adds(out, "# HELP minhbach_io_thread_connections Open connections each I/O thread serves.\n"
	              "# TYPE minhbach_io_thread_connections gauge\n");
	for (unsigned i = 0; i < io_threads && i < THREADS_SHOWN; i++)
		buf_printf(out, "minhbach_io_thread_connections{thread=\"%u\"} %u\n", i,
		           atomic_load_explicit(&g_thread_conns[i], memory_order_relaxed));
}
