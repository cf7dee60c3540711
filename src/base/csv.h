/* csv.h — an RFC 4180 reader for the reference data (units, holidays,
 * procedures): comma-separated, fields optionally quoted with "" escapes,
 * CRLF or LF line ends. Records are returned one at a time. */
#ifndef MB_CSV_H
#define MB_CSV_H

#include <stddef.h>

#include "base/arena.h"

enum { CSV_MAX_FIELDS = 32 };

typedef struct csv_reader {
	const char *p, *end;
	int line;              /* line number of the record just read (1-based) */
} csv_reader;

void csv_init(csv_reader *c, const char *data, size_t n);
/* Reads the next record into fields (allocated from a). Returns the number
 * of fields, 0 at the end, -1 on a malformed record (unterminated quote or
 * too many fields). */
int  csv_next(csv_reader *c, arena *a, const char **fields);

#endif
