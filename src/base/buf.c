#include "base/buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void buf_init(buf *b, size_t max)
{
	b->data = NULL;
	b->len = b->cap = 0;
	b->max = max;
	b->failed = false;
}

void buf_free(buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}

void buf_reset(buf *b)
{
	b->len = 0;
	if (b->data) b->data[0] = '\0';
	b->failed = false;
}

static int buf_fail(buf *b)
{
	buf_free(b);
	b->failed = true;
	return -1;
}

static int buf_grow(buf *b, size_t need)
{
	if (b->failed) return -1;
	if (need > b->max || need < b->len) return buf_fail(b);
	if (need + 1 <= b->cap) return 0;
	size_t cap = b->cap ? b->cap : 256;
	while (cap < need + 1) cap *= 2;
	if (cap > b->max + 1) cap = b->max + 1;
	char *p = realloc(b->data, cap);
	if (!p) return buf_fail(b);
	b->data = p;
	b->cap = cap;
	return 0;
}

int buf_add(buf *b, const void *p, size_t n)
{
	if (buf_grow(b, b->len + n)) return -1;
	if (n) memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
	return 0;
}

int buf_adds(buf *b, const char *s) { return buf_add(b, s, strlen(s)); }
int buf_addc(buf *b, char c) { return buf_add(b, &c, 1); }

int buf_vprintf(buf *b, const char *fmt, va_list ap)
{
	va_list ap2;
	va_copy(ap2, ap);
	int n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0) return buf_fail(b);
	if (buf_grow(b, b->len + (size_t)n)) return -1;
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
	return 0;
}

int buf_printf(buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int r = buf_vprintf(b, fmt, ap);
	va_end(ap);
	return r;
}

const char *buf_str(const buf *b) { return b->data ? b->data : ""; }

char *buf_steal(buf *b, size_t *len)
{
	char *p = b->data;
	if (len) *len = b->len;
	b->data = NULL;
	b->len = b->cap = 0;
	return p;
}
