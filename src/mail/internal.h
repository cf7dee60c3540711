/* internal.h — the mail room's own interfaces (not for other rooms).
 *
 * compose.c is pure (no database, no network): the retry schedule, header
 * and body encodings, RFC 5322 messages and the texts of the notices. */
#ifndef MB_MAIL_INTERNAL_H
#define MB_MAIL_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/buf.h"
#include "mail/mail.h"

enum {
	MAIL_BACKOFF_FIRST_S = 60,          /* one minute after the first failure */
	MAIL_BACKOFF_CAP_S = 6 * 3600,      /* doubling, at most six hours */
	MAIL_MAX_ATTEMPTS = 10,             /* then 'failed' (about 17 hours of trying) */
	MAIL_LEASE_S = 600,                 /* a pass holds a message this long */
	MAIL_IMPORT_MAX = 10 * 1024 * 1024, /* larger messages are rejected */
};

/* --- compose.c (pure) --- */
/* Seconds to wait after the attempts-th failed attempt (attempts ≥ 1). */
int64_t mail_backoff(int attempts);
/* True when a message that failed `attempts` times is given up. */
bool mail_give_up(int attempts);

/* A plausible single address: local@domain, printable ASCII, no white space,
 * no <>()",;: \ and no CR/LF (nothing that could inject a header or a second
 * recipient), at most 254 bytes. */
bool mail_addr_valid(const char *addr);

/* Appends `text` as a header value: as is when it is short printable ASCII,
 * otherwise as RFC 2047 "B" encoded words of UTF-8 (each ≤ 75 characters, cut
 * at character boundaries) folded onto continuation lines. CR and LF in text
 * become spaces. `used` is the length already on the line ("Subject: " = 9). */
int mail_header_encode(buf *out, const char *text, size_t used);
/* Appends text as quoted-printable (RFC 2045), lines ending in CRLF, no line
 * over 76 characters. */
int mail_qp_encode(buf *out, const char *text);
/* "Fri, 27 Nov 2026 19:47:19 +0700" (Vietnam time). */
void mail_date(int64_t t, char *out, size_t n);

typedef struct mail_envelope {
	const char *from_name, *from_addr, *to, *subject, *body;
	int64_t date;
	const char *message_id;      /* "<…@…>" */
} mail_envelope;
/* The whole RFC 5322 message with MIME headers (text/plain; charset=UTF-8,
 * quoted-printable), CRLF line ends. */
int mail_build(buf *out, const mail_envelope *m);

/* The text of a notice about a case, in the recipient's language. */
typedef struct mail_notice {
	const char *kind;            /* "status" | "reminder" | "escalation" */
	const char *lang;            /* "vi" | "en" (anything else: vi) */
	const char *code;
	const char *kind_label_vi;   /* "Tố cáo" */
	const char *state_label_vi;  /* "Đã thụ lý" */
	const char *unit_name_vi, *unit_name_en;
	const char *reason;          /* shown to the reporter when not accepted; may be NULL */
	bool not_accepted;
	int64_t due_at;              /* 0: none */
	const char *base_url;        /* "http://localhost:8080" */
	const char *head_name, *head_title;   /* reminders, escalations: the handling unit's head (units_head); may be NULL */
} mail_notice;
int mail_compose_notice(const mail_notice *n, arena *a, const char **subject, const char **body);

/* The acknowledgement of an imported e-mail, to its sender only: the case
 * code and the follow-up secret. */
typedef struct mail_receipt_text {
	const char *lang, *code, *secret, *title, *base_url;
	int64_t received_at;
} mail_receipt_text;
int mail_compose_receipt(const mail_receipt_text *r, arena *a, const char **subject, const char **body);

/* The base URL of links in mail: MINHBACH_PUBLIC_URL without a trailing
 * slash, or http://localhost:8080. */
const char *mail_base_url(arena *a);

/* --- import.c: parsing (no database) --- */
typedef struct mail_attachment {
	const char *name, *content_type;
	const unsigned char *data;
	size_t size;
	bool kept;                   /* PDF, JPEG or PNG whose bytes say so */
} mail_attachment;

typedef struct mail_parsed {
	const char *message_key;     /* "<message-id>" or "sha256:<hex>" */
	const char *from_name, *from_addr;
	const char *subject, *body;
	const char *recipients[16];  /* addresses of To, Cc, Delivered-To, X-Original-To */
	int nrecipients;
	const char *lang;            /* "vi" | "en" */
	mail_attachment *att;
	int natt;
} mail_parsed;
/* Parses one raw message. 0, or MB_EINVAL with e->en saying why it is
 * rejected (unparseable, no sender, empty body, too large). */
int mail_parse(const unsigned char *raw, size_t n, arena *a, mail_parsed *out, err *e);
/* Kind and category names from keywords of the subject and body (folded). */
const char *mail_guess_kind(const char *subject);
const char *mail_guess_category(const char *subject, const char *body, arena *a);
/* Text of an HTML body: tags, scripts and styles dropped, entities decoded. */
char *mail_html_text(arena *a, const char *html);

/* --- repo.c --- */
typedef struct mail_row {
	int64_t id;
	const char *to_addr;   /* "" for a reporter: opened from the vault when sent */
	const char *subject, *body, *kind, *case_code, *state, *last_error;
	bool personal;
	int attempts;
	int64_t created_at, next_attempt_at, sent_at;
} mail_row;
MB_MUST_CHECK int mail_repo_insert(db *d, const mail_msg *m, int64_t now, err *e);
/* Leases up to limit due messages (all: every queued one, due or not) that no
 * other pass holds, in its own transaction; rows with bodies. */
MB_MUST_CHECK int mail_repo_lease_due(db *d, int64_t now, bool all, int limit, arena *a, mail_row **out, int *n, err *e);
MB_MUST_CHECK int mail_repo_mark_sent(db *d, int64_t id, int64_t now, err *e);
MB_MUST_CHECK int mail_repo_mark_failure(db *d, int64_t id, int attempts, int64_t next_at, bool failed, const char *error,
                           err *e);
/* Counts by state, and the latest messages without bodies. */
MB_MUST_CHECK int mail_repo_counts(db *d, int *queued, int *sent, int *failed, err *e);
/* The latest messages, newest first, those with an id below before_id (0: from the newest). */
MB_MUST_CHECK int mail_repo_latest(db *d, int64_t before_id, int limit, arena *a, mail_row **out, int *n, err *e);
/* The import record: 1 with *state ("pending" | "done") and *code, 0 none. */
MB_MUST_CHECK int mail_repo_import_get(db *d, const char *key, arena *a, const char **state, const char **code, err *e);
/* Records a message as filed (inside the case's transaction). */
MB_MUST_CHECK int mail_repo_import_done(db *d, const char *key, const char *file, const char *code, int64_t now, err *e);

/* --- api.c, notify.c --- */
void mail_api_install(void);
void mail_notify_install(void);

#endif
