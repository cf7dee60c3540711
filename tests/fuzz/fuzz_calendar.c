/* Fuzz driver: the holidays CSV loader accepts or refuses any input without
 * crashing, and a calendar it accepted still answers deadlines that hold the
 * calendar's promises (a due time is never before the receipt; adding then
 * counting working time gives back what was added). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/calendar.h"

static uint64_t mix(const uint8_t *data, size_t size)
{
	uint64_t h = 1469598103934665603ULL;   /* FNV-1a */
	for (size_t i = 0; i < size; i++) h = (h ^ data[i]) * 1099511628211ULL;
	return h;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	calendar c;
	err e = {0};
	if (cal_init(&c, "07:30-11:30", "13:30-17:30", &e)) abort();
	size_t before = c.n;
	int rc = cal_load_csv(&c, (const char *)data, size, &e);
	if (rc && (c.n != before || !e.code || !e.vi || !e.en)) abort();   /* all or nothing, with a message */
	for (size_t i = 1; i < c.n; i++)
		if (c.ex[i - 1].day >= c.ex[i].day) abort();                   /* sorted and unique */

	/* The parsers on a prefix of the input. */
	char s[16];
	size_t k = size < sizeof s - 1 ? size : sizeof s - 1;
	memcpy(s, data, k);
	s[k] = '\0';
	int32_t day;
	if (cal_parse_date(s, &day) == 0) {
		char back[16];
		cal_format_date(day, back, sizeof back);
		if (strcmp(back, s)) abort();
	}
	int hm = cal_parse_hm(s);
	if (hm < -1 || hm > 1439) abort();

	/* A few due times from instants derived from the input, 2020 to 2030. */
	uint64_t h = mix(data, size);
	for (int i = 0; i < 4; i++) {
		int64_t received = INT64_C(1577811600) + (int64_t)(h % (11ULL * 365 * 86400));
		int n = (int)((h >> 20) % 64);
		int cutoff = (h >> 30) & 1 ? (int)((h >> 31) % 1440) : -1;
		cal_unit unit = (h >> 40) & 1 ? CAL_CALENDAR_DAYS : CAL_WORKING_DAYS;
		int64_t due = cal_due(&c, received, n, unit, cutoff);
		if (due < received) abort();
		if (unit == CAL_WORKING_DAYS && n > 0) {
			/* n days of working time; after a cut-off, at most the rest of that day more. */
			int64_t w = cal_working_minutes_between(&c, received, due);
			if (cutoff < 0 ? w != (int64_t)n * 480 : w < (int64_t)n * 480 || w > (int64_t)(n + 1) * 480) abort();
		}
		int64_t m = (int64_t)((h >> 8) % (20 * 480));
		int64_t t = cal_add_working_minutes(&c, received, m);
		if (t < received || cal_working_minutes_between(&c, received, t) != m) abort();
		h = h * 6364136223846793005ULL + 1442695040888963407ULL;
	}
	cal_free(&c);
	return 0;
}
