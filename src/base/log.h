/* log.h — structured log lines on stderr, one event per line (logfmt):
 *   ts=2026-11-27T03:20:51Z level=info comp=web msg="listening"
 * Warnings and errors are rate-limited: at most one line per condition (the
 * component and the message's format) per second; the next line printed for
 * that condition ends with " (+N similar)", N the lines held back. */
#ifndef MB_LOG_H
#define MB_LOG_H

#include <stdarg.h>

#include <stdint.h>
#include <stdio.h>

enum log_level { LOG_DEBUG, LOG_INFO, LOG_WARN, LOG_ERROR };

void log_set_level(enum log_level l);
int  log_parse_level(const char *s, enum log_level *out);   /* 0 or -1 */
void log_msg(enum log_level l, const char *comp, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* The same with a va_list (for libraries' log callbacks: fmt must be a
 * string that lives for the whole process). */
void log_vmsg(enum log_level l, const char *comp, const char *fmt, va_list ap);

/* For tests: where lines go (NULL: stderr), the clock of the rate limit in
 * milliseconds (NULL: the monotonic clock), and forgetting what it counted. */
void log_set_output(FILE *f);
void log_set_clock(int64_t (*now_ms)(void));
void log_limit_reset(void);

#endif
