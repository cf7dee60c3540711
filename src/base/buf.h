/* buf.h — the one bounded, growable byte buffer.
 *
 * Every growing string in Minh Bạch (response bodies, request bodies, SQL
 * text, canonical event bytes) is a buf created with a maximum size. An
 * append that would pass the maximum fails, frees the buffer and leaves it
 * empty and failed: attackers cannot grow it without limit, and callers check
 * once at the end with buf_failed(). The buffer owns its memory (malloc);
 * release it with buf_free() or take it with buf_steal().
 */
#ifndef MB_BUF_H
#define MB_BUF_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

typedef struct buf {
	char *data;   /* always NUL-terminated when len > 0 or after any append */
	size_t len, cap, max;
	bool failed;
} buf;

void buf_init(buf *b, size_t max);
void buf_free(buf *b);
void buf_reset(buf *b);            /* empty it, keep memory and limit, clear failure */
int  buf_add(buf *b, const void *p, size_t n);   /* 0 or -1 (too big: buffer freed) */
int  buf_adds(buf *b, const char *s);
int  buf_addc(buf *b, char c);
int  buf_printf(buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int  buf_vprintf(buf *b, const char *fmt, va_list ap);
static inline bool buf_failed(const buf *b) { return b->failed; }
/* The contents as a C string ("" when empty). */
const char *buf_str(const buf *b);
/* Hands the malloc'd bytes to the caller (who frees them) and empties b. */
char *buf_steal(buf *b, size_t *len);

#endif
