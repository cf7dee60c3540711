#include "base/log.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "base/clock.h"

static enum log_level g_level = LOG_INFO;
static const char *const names[] = {"debug", "info", "warn", "error"};
static FILE *g_out;
static int64_t (*g_clock_ms)(void) = clock_now_ms;

/* The rate limit: one line per condition (component and message format) per
 * second; the lines held back are counted and the count is appended to the
 * next line of that condition. A small table keyed by the format's address
 * (formats are string literals); a collision forgets the older condition's
 * count, which only loses a count, never a first line. */
enum { LIMIT_SLOTS = 128, LIMIT_MS = 1000 };
static struct { const char *comp, *fmt; int64_t last_ms; long held; } g_slots[LIMIT_SLOTS];
static pthread_mutex_t g_mu = PTHREAD_MUTEX_INITIALIZER;

void log_set_level(enum log_level l) { g_level = l; }
void log_set_output(FILE *f) { g_out = f; }
void log_set_clock(int64_t (*now_ms)(void)) { g_clock_ms = now_ms ? now_ms : clock_now_ms; }

void log_limit_reset(void)
{
	pthread_mutex_lock(&g_mu);
	memset(g_slots, 0, sizeof g_slots);
	pthread_mutex_unlock(&g_mu);
}

int log_parse_level(const char *s, enum log_level *out)
{
	for (int i = 0; i < 4; i++)
		if (strcmp(s, names[i]) == 0) { *out = (enum log_level)i; return 0; }
	return -1;
}

/* -1: hold the line back; otherwise the number of lines held back before it. */
static long limit(const char *comp, const char *fmt)
{
	uintptr_t h = (uintptr_t)fmt ^ ((uintptr_t)comp >> 3);
	h ^= h >> 7;
	size_t i = (size_t)(h % LIMIT_SLOTS);
	int64_t now = g_clock_ms();
	long held = 0;
	pthread_mutex_lock(&g_mu);
	if (g_slots[i].fmt == fmt && g_slots[i].comp && strcmp(g_slots[i].comp, comp) == 0) {
		if (now - g_slots[i].last_ms < LIMIT_MS) {
			g_slots[i].held++;
			pthread_mutex_unlock(&g_mu);
			return -1;
		}
		held = g_slots[i].held;
	}
	g_slots[i].comp = comp;
	g_slots[i].fmt = fmt;
	g_slots[i].last_ms = now;
	g_slots[i].held = 0;
	pthread_mutex_unlock(&g_mu);
	return held;
}

void log_msg(enum log_level l, const char *comp, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	log_vmsg(l, comp, fmt, ap);
	va_end(ap);
}

void log_vmsg(enum log_level l, const char *comp, const char *fmt, va_list ap)
{
	if (l < g_level) return;
	/* Warnings and errors are what a load repeats; info and debug lines are
	 * few (or asked for) and stay whole. */
	long held = l >= LOG_WARN ? limit(comp, fmt) : 0;
	if (held < 0) return;
	char ts[32], msg[1024], q[2100];
	clock_iso_utc(clock_real_now(), ts, sizeof ts);
	vsnprintf(msg, sizeof msg, fmt, ap);
	size_t n = strlen(msg);
	while (n && msg[n - 1] == '\n') msg[--n] = '\0';   /* libraries end their lines */
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
	char more[48] = "";
	if (held > 0) snprintf(more, sizeof more, " (+%ld similar)", held);
	/* One fprintf per line: stdio locks the stream, so lines never interleave. */
	fprintf(g_out ? g_out : stderr, "ts=%s level=%s comp=%s msg=\"%s%s\"\n", ts, names[l], comp, q, more);
}
