/* Fuzz driver: the CSV reader terminates and stays in bounds on any input. */
#include <stdint.h>
#include <stdlib.h>

#include "base/csv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	arena a;
	arena_init(&a);
	csv_reader c;
	const char *f[CSV_MAX_FIELDS];
	csv_init(&c, (const char *)data, size);
	int n, guard = 0;
	while ((n = csv_next(&c, &a, f)) > 0 && guard++ < 100000) {
		for (int i = 0; i < n; i++)
			if (!f[i]) abort();
	}
	arena_free(&a);
	return 0;
}
