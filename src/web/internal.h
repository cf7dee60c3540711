/* internal.h — shared by the files of web/ only. */
#ifndef MB_WEB_INTERNAL_H
#define MB_WEB_INTERNAL_H

#include <netinet/in.h>
#include <microhttpd.h>
#include <stdbool.h>

/* The headers every response carries; cache_control NULL adds none. */
void web_response_headers(struct MHD_Response *resp, const char *type, const char *lang, bool gz,
                          const char *cache_control);

/* Answers at least this long, of a compressible type, go out gzipped when
 * the client accepts it (the page cache compresses the same ones). */
enum { WEB_GZIP_MIN = 512 };
bool web_compressible(const char *type);

/* --- workers (work.c) ---
 * A fixed pool of threads, each with its own database connection, runs the
 * handlers; the I/O threads only parse, answer what is cheap and send. */
#include "web/web.h"
int  web_work_start(unsigned workers, unsigned queue_max, void (*run)(web_req *r));
/* Takes a place in the queue: false when it is full (or the server stops). */
bool web_work_reserve(void);
/* Queues r on the place taken (its connection is suspended by now). */
void web_work_push(web_req *r);
/* Runs what is queued (each answers 503 without running), joins the workers. */
void web_work_stop(void);

/* --- connections (conn.c): limits, and the header deadline --- */
typedef struct web_conn_limits {
	unsigned max_connections, hard_limit, per_ip, header_deadline_s;
	const char *trusted_proxy;
} web_conn_limits;
/* Raises RLIMIT_NOFILE to its hard limit; returns the number of fds available. */
unsigned web_conn_fd_limit(void);
int  web_conn_start(const web_conn_limits *l);
void web_conn_stop(void);
enum MHD_Result web_conn_accept(void *cls, const struct sockaddr *addr, socklen_t addrlen);
void web_conn_notify(void *cls, struct MHD_Connection *c, void **socket_context,
                     enum MHD_ConnectionNotificationCode toe);
/* A request's headers are complete: 0 to serve it, or the status (429, 503)
 * to refuse it with (r->counted tells whether web_conn_request_end must run). */
int  web_conn_request(struct MHD_Connection *c, web_req *r);
void web_conn_request_end(struct MHD_Connection *c, web_req *r);
/* The open connections of each of the io_threads I/O threads, for /metrics. */
void web_conn_metrics(buf *out, unsigned io_threads);

/* The page cache notes the arguments a route's handler gives it (server.c
 * then answers that route's hits on the I/O thread). */
void web_note_page_route(const web_route *rt, const char *topics, const char *params);

#endif
