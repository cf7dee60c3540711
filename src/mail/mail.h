/* mail.h — the outbox (SMTP over libcurl, retries with backoff) and the
 * e-mail import of reports (RFC 5322/MIME with gmime).
 *
 * Mail is queued in the outbox table inside the transaction of what it tells
 * about, and sent later by the delivery job (or by an administrator's flush).
 * Nothing is sent while MINHBACH_SMTP_URL is unset: messages stay queued. */
#ifndef MB_MAIL_H
#define MB_MAIL_H

#include <stdbool.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/err.h"
#include "db/db.h"

/* Registers the outbox routes and the cases notifier. */
void mail_install(void);
/* The delivery job: sends what is due every interval_s seconds (the first
 * pass one interval after the start). MINHBACH_MAIL_INTERVAL overrides it. */
void mail_jobs_start(int interval_s);
void mail_jobs_stop(void);

/* --- the outbox --- */
typedef struct mail_msg {
	const char *to;          /* one address */
	const char *subject;     /* UTF-8, one line */
	const char *body;        /* text/plain UTF-8 */
	const char *kind;        /* "status" | "reminder" | "escalation" | "receipt" | "account" */
	const char *case_code;   /* or NULL */
	bool personal;           /* to the reporter of case_code: the address is not stored
	                          * but opened from the vault when sent; the body is sealed
	                          * with the vault key until sent, then emptied */
} mail_msg;

/* Queues one message inside the caller's transaction (it commits or rolls
 * back with it). MB_EINVAL when the address or the subject is unusable. */
int mail_enqueue(db *d, const mail_msg *m, int64_t now, err *e);

/* Whether an address can be written to (one local@domain, nothing that could
 * inject a header or a second recipient). */
bool mail_addr_ok(const char *addr);
/* Queues, in the caller's transaction, the one-time link that confirms a
 * citizen's registration (confirm true: token is the link's secret) or the
 * notice that the address already has an account (confirm false). kind
 * "account"; lang "vi" or "en". */
int mail_queue_account(db *d, const char *to, bool confirm, const char *token, const char *lang, int64_t now, err *e);

/* One message's outcome in a delivery pass. */
typedef struct mail_outcome {
	int64_t id;
	const char *state;       /* "sent" | "queued" (to be retried) | "failed" */
	int attempts;
	int64_t next_attempt_at; /* 0 when sent or failed */
	const char *error;       /* "" when sent */
} mail_outcome;

typedef struct mail_pass {
	bool configured;         /* MINHBACH_SMTP_URL is set */
	int sent, retry, failed;
	mail_outcome *items;     /* arena memory */
	int n;
} mail_pass;

/* Sends up to `limit` queued messages that are due at `now` (all: every
 * queued one, whatever its next attempt time — an administrator's "retry
 * now"), one at a time: each is leased first for 10 minutes (so that another
 * pass or process does not take it), then sent, then marked sent, or counted
 * as a failed attempt with the next one after mail_backoff(), or failed for
 * good after MAIL_MAX_ATTEMPTS. Passes in one process run one at a time. */
int mail_deliver_due(db *d, int64_t now, bool all, int limit, arena *a, mail_pass *out, err *e);

/* --- the import (`minhbach mail-import`) --- */
/* Imports every message of a Maildir (new/ and cur/) or a directory of .eml
 * files into the database at db_path. unit_code: the unit every message is
 * addressed to, or NULL (from the recipient's local part, else the provincial
 * inspectorate). Prints one line per rejected message on stderr and a
 * summary on stdout. Returns the exit status: 0, 1 when any message was
 * rejected, 2 when the directory or the database cannot be used. */
int mail_import_cli(const char *db_path, const char *dir, const char *unit_code);

#endif
