/* clock.h — time. Stored in UTC, shown in Asia/Ho_Chi_Minh (UTC+7, no DST since 1975). */
#ifndef MB_CLOCK_H
#define MB_CLOCK_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

int64_t clock_now(void);                       /* seconds since the epoch, UTC */
/* From now on clock_now() answers t (0: the real clock again). For the demo's
 * generated history only (`minhbach demo` plays months of commands through
 * the services at their backdated times); never set while serving. */
void    clock_simulate(int64_t t);
int64_t clock_real_now(void);                  /* the real clock even then (log lines) */
int64_t clock_now_ms(void);                    /* monotonic milliseconds */
int64_t clock_now_us(void);                    /* monotonic microseconds */
/* "2026-11-27T03:20:51Z" into out (at least 21 bytes). */
void    clock_iso_utc(int64_t t, char *out, size_t n);
/* "27/11/2026 10:20" in Vietnam's time into out (at least 17 bytes). */
void    clock_vn_display(int64_t t, char *out, size_t n);
/* Parses "YYYY-MM-DDTHH:MM:SSZ"; -1 on error. */
int64_t clock_parse_iso(const char *s);

#endif
