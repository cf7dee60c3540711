#include "base/clock.h"

#include <stdio.h>
#include <string.h>

enum { VN_OFFSET = 7 * 3600 };

int64_t clock_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec;
}

int64_t clock_now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int64_t clock_now_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

void clock_iso_utc(int64_t t, char *out, size_t n)
{
	time_t tt = (time_t)t;
	struct tm tm;
	gmtime_r(&tt, &tm);
	strftime(out, n, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

void clock_vn_display(int64_t t, char *out, size_t n)
{
	time_t tt = (time_t)(t + VN_OFFSET);
	struct tm tm;
	gmtime_r(&tt, &tm);
	strftime(out, n, "%d/%m/%Y %H:%M", &tm);
}

int64_t clock_parse_iso(const char *s)
{
	struct tm tm;
	memset(&tm, 0, sizeof tm);
	const char *e = strptime(s, "%Y-%m-%dT%H:%M:%SZ", &tm);
	if (!e || *e) return -1;
	return (int64_t)timegm(&tm);
}
