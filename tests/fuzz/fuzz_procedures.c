/* Fuzz driver: the procedure record check and the time-unit rule stay in
 * bounds on any input, and an accepted record survives a round trip
 * (to text and checked again, nothing differs). The input is the record's
 * fields, one per line, in procedures_field order; the documents line is
 * split on ';'. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "procedures/procedures.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	arena a;
	arena_init(&a);
	char *text = arena_strndup(&a, (const char *)data, size);   /* stops at a NUL byte */
	procedures_input in = {0};
	char *p = text;
	for (int f = 0; f < PF__MAX && p; f++) {
		char *nl = strchr(p, '\n');
		if (nl) *nl = '\0';
		if (f == PF_DOCUMENTS) in.ndocs = procedures_rules_split(p, ';', &a, &in.docs);
		else in.v[f] = p;
		p = nl ? nl + 1 : NULL;
	}
	procedures_rules_time_unit(text, size > 0 ? data[0] % 400 : 0);
	procedures_rules_parse_hm(text);
	char fee[32];
	procedures_format_vnd((int64_t)size * 997, '.', fee, sizeof fee);

	procedures_row r, back;
	err e = {0};
	if (procedures_rules_check(&in, &a, &r, &e) == 0) {
		procedures_input again;
		bool changed[PF__MAX];
		procedures_rules_to_input(&r, &a, &again);
		if (procedures_rules_check(&again, &a, &back, &e) != 0) abort();
		if (procedures_rules_diff(&r, &back, changed) != 0) abort();
	} else if (!e.field || !e.vi || !e.en) {
		abort();
	}
	arena_free(&a);
	return 0;
}
