/* Fuzz driver: whatever text goes through %s, the output has no raw < > " ' and
 * every & starts an entity the writer made. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "web/html.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	if (!s) return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	buf b;
	buf_init(&b, 1 << 20);
	html_printf(&b, "%s", s);
	for (size_t i = 0; i < b.len; i++) {
		char c = b.data[i];
		if (c == '<' || c == '>' || c == '"' || c == '\'') abort();
		if (c == '&' && strncmp(b.data + i, "&amp;", 5) && strncmp(b.data + i, "&lt;", 4) &&
		    strncmp(b.data + i, "&gt;", 4) && strncmp(b.data + i, "&quot;", 6) && strncmp(b.data + i, "&#39;", 5))
			abort();
	}
	buf_free(&b);
	free(s);
	return 0;
}
