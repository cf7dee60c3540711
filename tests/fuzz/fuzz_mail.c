/* Fuzz driver: the e-mail parser (gmime plus our walk over the parts, the
 * HTML-to-text conversion and the keyword guesses) never reads or writes out
 * of bounds, and what it accepts is what the import promises: a valid
 * sender address, a non-empty UTF-8 body and a message key. The encoders of
 * outgoing mail get the same bytes as subject and body. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <gmime/gmime.h>

#include "base/text.h"
#include "mail/internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int init;
	if (!init) { g_mime_init(); init = 1; }
	arena a;
	arena_init(&a);
	mail_parsed m;
	err e = {0};
	if (mail_parse(data, size, &a, &m, &e) == 0) {
		if (!mail_addr_valid(m.from_addr) || !m.body || !*m.body || !m.message_key || !*m.message_key) abort();
		if (!text_valid_utf8(m.body, strlen(m.body), true)) abort();
		mail_guess_kind(m.subject);
		mail_guess_category(m.subject, m.body, &a);
	}
	char *s = arena_strndup(&a, (const char *)data, size);
	mail_html_text(&a, s);
	if (text_valid_utf8(s, strlen(s), true)) {
		buf b;
		buf_init(&b, 1u << 24);
		if (mail_header_encode(&b, s, 9) == 0 && (strchr(buf_str(&b), '\n') && !strstr(buf_str(&b), "\r\n ")))
			abort();   /* a line break only as folding */
		buf_reset(&b);
		mail_qp_encode(&b, s);
		for (const unsigned char *p = (const unsigned char *)buf_str(&b); *p; p++)
			if (*p >= 128) abort();
		buf_free(&b);
	}
	arena_free(&a);
	return 0;
}
