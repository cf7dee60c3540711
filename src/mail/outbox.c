/* outbox.c — queueing in the caller's transaction, and delivery over SMTP
 * with libcurl. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>
#include <sodium.h>

#include "base/log.h"
#include "base/text.h"
#include "cases/cases.h"
#include "mail/internal.h"

static const char *outbox_context(const mail_msg *m)
{
	return m->case_code && *m->case_code ? m->case_code : "outbox";
}

int mail_enqueue(db *d, const mail_msg *m, int64_t now, err *e)
{
	if (!mail_addr_valid(m->to))
		return err_set(e, MB_EINVAL, "invalid_field", "to", "Địa chỉ thư điện tử không hợp lệ.",
		               "not a valid e-mail address");
	if (!m->subject || !*m->subject || !text_valid_utf8(m->subject, strlen(m->subject), false) || !m->body ||
	    !text_valid_utf8(m->body, strlen(m->body), true))
		return err_set(e, MB_EINVAL, "invalid_field", "subject", "Thư không có tiêu đề hoặc nội dung hợp lệ.",
		               "the message has no valid subject or body");
	if (!m->personal) return mail_repo_insert(d, m, now, e);
	/* A message to a reporter may carry their passphrase (the e-mail
	 * receipt): its body is sealed with the vault key until it is sent. */
	arena a;
	arena_init(&a);
	mail_msg sealed = *m;
	int rc = case_vault_seal_text(outbox_context(m), m->body, &a, &sealed.body, e);
	if (!rc) rc = mail_repo_insert(d, &sealed, now, e);
	arena_free(&a);
	return rc;
}

static pthread_once_t g_curl_once = PTHREAD_ONCE_INIT;
static pthread_mutex_t g_pass_mu = PTHREAD_MUTEX_INITIALIZER;

static void curl_init_once(void)
{
	curl_global_init(CURL_GLOBAL_DEFAULT);
}

typedef struct reader {
	const char *p;
	size_t left;
} reader;

static size_t read_cb(char *dst, size_t size, size_t nmemb, void *arg)
{
	reader *r = arg;
	size_t n = size * nmemb;
	if (n > r->left) n = r->left;
	memcpy(dst, r->p, n);
	r->p += n;
	r->left -= n;
	return n;
}

static const char *from_addr(void)
{
	const char *f = getenv("MINHBACH_MAIL_FROM");
	return f && mail_addr_valid(f) ? f : "no-reply@minhbach.local";
}

/* Sends one message: 0, or -1 with a one-line reason in *why. */
static int smtp_send(const char *url, const mail_row *m, const char *to, int64_t now, arena *a, const char **why)
{
	const char *from = from_addr();
	unsigned char rnd[12];
	char hex[sizeof rnd * 2 + 1];
	randombytes_buf(rnd, sizeof rnd);
	sodium_bin2hex(hex, sizeof hex, rnd, sizeof rnd);
	const char *msgid = arena_printf(a, "<%lld.%s%s>", (long long)m->id, hex, strchr(from, '@'));
	buf msg;
	buf_init(&msg, 4u * 1024 * 1024);
	mail_envelope env = {"Minh Bạch", from, to, m->subject, m->body, now, msgid};
	if (mail_build(&msg, &env)) {
		buf_free(&msg);
		*why = "message too large to build";
		return -1;
	}
	CURL *c = curl_easy_init();
	if (!c) { buf_free(&msg); *why = "cannot start libcurl"; return -1; }
	char errbuf[CURL_ERROR_SIZE] = "";
	struct curl_slist *rcpt = curl_slist_append(NULL, arena_printf(a, "<%s>", to));
	reader rd = {msg.data, msg.len};
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_MAIL_FROM, arena_printf(a, "<%s>", from));
	curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt);
	curl_easy_setopt(c, CURLOPT_READFUNCTION, read_cb);
	curl_easy_setopt(c, CURLOPT_READDATA, &rd);
	curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(c, CURLOPT_INFILESIZE_LARGE, (curl_off_t)msg.len);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 10L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 60L);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
	const char *user = getenv("MINHBACH_SMTP_USER"), *pass = getenv("MINHBACH_SMTP_PASSWORD");
	if (user && *user) {
		curl_easy_setopt(c, CURLOPT_USERNAME, user);
		curl_easy_setopt(c, CURLOPT_PASSWORD, pass ? pass : "");
	}
	const char *tls = getenv("MINHBACH_SMTP_STARTTLS");
	if (tls && !strcmp(tls, "1")) curl_easy_setopt(c, CURLOPT_USE_SSL, (long)CURLUSESSL_ALL);
	CURLcode rc = curl_easy_perform(c);
	if (rc != CURLE_OK) *why = arena_printf(a, "%s: %s", curl_easy_strerror(rc), *errbuf ? errbuf : "-");
	curl_slist_free_all(rcpt);
	curl_easy_cleanup(c);
	buf_free(&msg);
	return rc == CURLE_OK ? 0 : -1;
}

/* The reporter's address, opened from the vault for this send only. NULL
 * with *why; *gone when it can never be had (no such case, no address). */
static const char *reporter_address(db *d, const char *code, arena *a, const char **why, bool *gone)
{
	case_row row;
	err e = {0};
	int rc = case_get(d, code, a, &row, &e);
	if (rc < 0) { *why = "cannot read the case"; return NULL; }
	if (rc == 0) { *why = "no such case"; *gone = true; return NULL; }
	const char *email = "";
	if (case_identity_email(d, &row, a, &email, &e)) { *why = "cannot open the reporter's address"; return NULL; }
	if (!mail_addr_valid(email)) { *why = "the reporter has no usable address"; *gone = true; return NULL; }
	return email;
}

int mail_deliver_due(db *d, int64_t now, bool all, int limit, arena *a, mail_pass *out, err *e)
{
	memset(out, 0, sizeof *out);
	const char *url = getenv("MINHBACH_SMTP_URL");
	if (!url || !*url) return 0;   /* not configured: everything stays queued */
	out->configured = true;
	pthread_once(&g_curl_once, curl_init_once);
	pthread_mutex_lock(&g_pass_mu);
	mail_row *rows;
	int n, cap = 0, rc = mail_repo_lease_due(d, now, all, limit, a, &rows, &n, e);
	for (int i = 0; !rc && i < n; i++) {
		mail_row *m = &rows[i];
		const char *why = "";
		bool gone = false;
		const char *to = m->personal ? reporter_address(d, m->case_code, a, &why, &gone) : m->to_addr;
		if (to && case_vault_is_sealed_text(m->body)) {
			const char *plain;
			err e2 = {0};
			mail_msg tmp = {.case_code = m->case_code};
			if (case_vault_open_text(outbox_context(&tmp), m->body, a, &plain, &e2)) {
				to = NULL;
				why = "cannot open the sealed message";
			} else {
				m->body = plain;
			}
		}
		bool ok = to && smtp_send(url, m, to, now, a, &why) == 0;
		mail_outcome *o = arena_push(a, &out->items, &out->n, &cap, sizeof *o);
		o->id = m->id;
		o->attempts = m->attempts + 1;
		o->error = ok ? "" : why;
		if (db_begin(d, e)) { rc = MB_EINTERNAL; break; }
		if (ok) {
			o->state = "sent";
			out->sent++;
			rc = mail_repo_mark_sent(d, m->id, now, e);
		} else {
			bool give_up = gone || mail_give_up(o->attempts);
			o->state = give_up ? "failed" : "queued";
			o->next_attempt_at = give_up ? 0 : now + mail_backoff(o->attempts);
			if (give_up) out->failed++; else out->retry++;
			rc = mail_repo_mark_failure(d, m->id, o->attempts, give_up ? now : o->next_attempt_at, give_up, why, e);
			log_msg(LOG_WARN, "mail", "message %lld: attempt %d failed: %s", (long long)m->id, o->attempts, why);
		}
		if (rc) db_rollback(d);
		else rc = db_commit(d, e);
	}
	pthread_mutex_unlock(&g_pass_mu);
	return rc;
}
