#include "base/log.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "base/clock.h"

static enum log_level g_level = LOG_INFO;
static const char *const names[] = {"debug", "info", "warn", "error"};

void log_set_level(enum log_level l) { g_level = l; }

int log_parse_level(const char *s, enum log_level *out)
{
	for (int i = 0; i < 4; i++)
		if (strcmp(s, names[i]) == 0) { *out = (enum log_level)i; return 0; }
	return -1;
}

void log_msg(enum log_level l, const char *comp, const char *fmt, ...)
{
	if (l < g_level) return;
	char ts[32], msg[1024], q[2100];
	clock_iso_utc(clock_real_now(), ts, sizeof ts);
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	/* Quote the message: escape backslash, quote and control characters. */
	size_t o = 0;
	for (const char *p = msg; *p && o + 4 < sizeof q; p++) {
		unsigned char c = (unsigned char)*p;
		if (c == '"' || c == '\\') { q[o++] = '\\'; q[o++] = (char)c; }
		else if (c == '\n') { q[o++] = '\\'; q[o++] = 'n'; }
		else if (c < 0x20) q[o++] = ' ';
		else q[o++] = (char)c;
	}
	q[o] = '\0';
	/* One fprintf per line: stdio locks the stream, so lines never interleave. */
	fprintf(stderr, "ts=%s level=%s comp=%s msg=\"%s\"\n", ts, names[l], comp, q);
}
