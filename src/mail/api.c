/* api.c — the administrators' view of the outbox and the synchronous flush.
 * Bodies are never shown; a reporter's address is not even stored. */
#include <stdlib.h>
#include <string.h>

#include "auth/auth.h"
#include "base/clock.h"
#include "mail/internal.h"
#include "web/web.h"

static int api_outbox(web_req *r)
{
	err e = {0};
	db *d = db_thread();
	int q, s, f, n;
	mail_row *rows;
	const char *lim = web_query(r, "limit");
	int limit = 50;
	if (lim) {
		char *end;
		long v = strtol(lim, &end, 10);
		if (!*lim || *end || v < 1 || v > 500) {
			err_set(&e, MB_EINVAL, "invalid_field", "limit", "Số thư phải từ 1 đến 500.", "limit must be 1 to 500");
			return web_error(r, &e);
		}
		limit = (int)v;
	}
	/* A page at a time: after=<the previous page's next> (a message id). */
	const char *aft = web_query(r, "after");
	int64_t after = 0;
	if (aft) {
		char *end;
		long long v = strtoll(aft, &end, 10);
		if (!*aft || *end || v < 1) {
			err_set(&e, MB_EINVAL, "invalid_field", "after", "Vị trí xem tiếp không hợp lệ.",
			        "after must be the next value of the previous page");
			return web_error(r, &e);
		}
		after = (int64_t)v;
	}
	if (!d) {
		err_set(&e, MB_EINTERNAL, "db_error", NULL, "Lỗi cơ sở dữ liệu.", "database error");
		return web_error(r, &e);
	}
	if (mail_repo_counts(d, &q, &s, &f, &e) || mail_repo_latest(d, after, limit + 1, r->a, &rows, &n, &e))
		return web_error(r, &e);
	json_t *next = n > limit ? json_integer((json_int_t)rows[limit - 1].id) : json_null();
	if (n > limit) n = limit;
	json_t *arr = json_array();
	for (int i = 0; i < n; i++) {
		mail_row *m = &rows[i];
		json_array_append_new(arr, json_pack("{s:I, s:o, s:b, s:s, s:s, s:s, s:s, s:i, s:o, s:o, s:o, s:s}",
			"id", (json_int_t)m->id,
			"to", m->personal ? json_null() : json_string(m->to_addr), "to_reporter", m->personal,
			"subject", m->subject, "kind", m->kind, "case", m->case_code, "state", m->state,
			"attempts", m->attempts, "created_at", web_json_time(m->created_at),
			"next_attempt_at", !strcmp(m->state, "queued") ? web_json_time(m->next_attempt_at) : json_null(),
			"sent_at", web_json_time(m->sent_at), "last_error", m->last_error));
	}
	const char *url = getenv("MINHBACH_SMTP_URL");
	return web_json(r, 200, json_pack("{s:b, s:{s:i, s:i, s:i}, s:o, s:o}", "configured", url && *url,
	                                  "counts", "queued", q, "sent", s, "failed", f, "messages", arr, "next", next));
}

static int api_flush(web_req *r)
{
	err e = {0};
	db *d = db_thread();
	mail_pass p;
	if (!d) {
		err_set(&e, MB_EINTERNAL, "db_error", NULL, "Lỗi cơ sở dữ liệu.", "database error");
		return web_error(r, &e);
	}
	/* Optional body {"all": true}: also the messages waiting for their next
	 * attempt (retry now). */
	bool all = false;
	if (r->body.len) {
		json_t *j = web_json_body(r, &e);
		if (!j) return web_error(r, &e);
		const char *k;
		json_t *v;
		json_object_foreach(j, k, v) {
			if (strcmp(k, "all") || !json_is_boolean(v)) {
				err_set(&e, MB_EINVAL, "invalid_field", strcmp(k, "all") ? arena_strdup(r->a, k) : "all",
				        "Trường không hợp lệ.", "unknown field, or all is not true or false");
				json_decref(j);
				return web_error(r, &e);
			}
			all = json_is_true(v);
		}
		json_decref(j);
	}
	if (mail_deliver_due(d, clock_now(), all, 100, r->a, &p, &e)) return web_error(r, &e);
	json_t *arr = json_array();
	for (int i = 0; i < p.n; i++) {
		mail_outcome *o = &p.items[i];
		json_array_append_new(arr, json_pack("{s:I, s:s, s:i, s:o, s:s}", "id", (json_int_t)o->id, "state", o->state,
		                                     "attempts", o->attempts, "next_attempt_at",
		                                     web_json_time(o->next_attempt_at), "error", o->error));
	}
	return web_json(r, 200, json_pack("{s:b, s:i, s:i, s:i, s:o}", "configured", p.configured, "sent", p.sent,
	                                  "retry", p.retry, "failed", p.failed, "messages", arr));
}

static const web_route routes[] = {
	{"GET", "/api/v1/outbox", AUTH_P_ADMIN, api_outbox, 0},
	{"POST", "/api/v1/outbox/flush", AUTH_P_ADMIN, api_flush, 0},
};

void mail_api_install(void)
{
	web_route_add(routes, sizeof routes / sizeof routes[0]);
}
