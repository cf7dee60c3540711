/* log.h — structured log lines on stderr, one event per line (logfmt):
 *   ts=2026-11-27T03:20:51Z level=info comp=web msg="listening" */
#ifndef MB_LOG_H
#define MB_LOG_H

enum log_level { LOG_DEBUG, LOG_INFO, LOG_WARN, LOG_ERROR };

void log_set_level(enum log_level l);
int  log_parse_level(const char *s, enum log_level *out);   /* 0 or -1 */
void log_msg(enum log_level l, const char *comp, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
