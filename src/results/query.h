/* query.h — the pure parts of the public results (results/query.c): the
 * full-text query built from what the public types, the period of a filter,
 * and CSV fields. No database, no request: unit-tested on their own. */
#ifndef MB_RESULTS_QUERY_H
#define MB_RESULTS_QUERY_H

#include <stdbool.h>
#include <stddef.h>

#include "base/arena.h"
#include "base/buf.h"
#include "base/err.h"

/* The FTS5 MATCH expression of a search text: folded exactly like the index
 * (text_fold: tone and vowel marks removed, đ→d, lower case, every run of
 * other characters a word break), each word quoted and matched as a prefix,
 * every word required (FTS5's implicit AND). "Nhũng nhiễu" gives
 * `"nhung"* "nhieu"*`. Folding leaves only [a-z0-9] and spaces, and each word
 * is quoted, so no input can be an FTS5 operator, column filter or syntax
 * error. A word longer than RESULTS_PREFIX_MAX characters is matched whole
 * (`"internet"`): the index keeps prefix indexes of 1 to RESULTS_PREFIX_MAX
 * characters (sql/0027; every folded Vietnamese syllable fits), so a prefix
 * is one list walked newest first and left when the page is full, whereas a
 * longer prefix would make FTS5 merge every match of every term that starts
 * with it. At most RESULTS_MAX_WORDS words are used (the rest is ignored).
 * Returns the expression in arena memory, or NULL when the text has no word
 * (the caller does not search). */
enum { RESULTS_MAX_WORDS = 16, RESULTS_PREFIX_MAX = 7 };
char *results_fts_query(arena *a, const char *q);

/* A filter period of Vietnam days, "YYYY-MM-DD" each (NULL or "" for an open
 * end), as the half-open UTC interval [from_iso, to_iso) of ISO 8601 text
 * comparable with the stored times: from 00:00 of `from` to 00:00 of the day
 * after `to`, Vietnam time. An open end gives "" (from) or "~" (to), which
 * sort before and after every stored time. Fails with field "from" or "to"
 * on a date that is not a real day, and "to" when it is before "from".
 * Buffers of at least 24 bytes. */
int results_period(const char *from, const char *to, char *from_iso, char *to_iso, size_t n, err *e);

/* A period [from_iso, to_iso) (as results_period makes it: Vietnam local
 * midnights, "" and "~" for open ends) in the pieces the aggregates are kept
 * in: all time (`all`: no bound at all), else its whole Vietnam months
 * [m0, m1) and the days before and after them, [a0, a1) and [b0, b1). Months
 * and days are keyed by the UTC instant of their first local midnight. An
 * empty piece has both ends equal. */
typedef struct results_parts {
	bool all;
	char m0[24], m1[24], a0[24], a1[24], b0[24], b1[24];
} results_parts;
void results_period_parts(const char *from_iso, const char *to_iso, results_parts *p);

#endif
