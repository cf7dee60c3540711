/* mail.h — the outbox (SMTP over libcurl, retries with backoff) and the
 * e-mail import of reports (RFC 5322/MIME with gmime). */
#ifndef MB_MAIL_H
#define MB_MAIL_H

/* Registers the outbox routes and the cases notifier. */
void mail_install(void);
/* The delivery job: sends what is due every interval_s seconds. */
void mail_jobs_start(int interval_s);
void mail_jobs_stop(void);

#endif
