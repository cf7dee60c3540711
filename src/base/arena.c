#include "base/arena.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct arena_block {
	arena_block *next;
	size_t cap, used;
	max_align_t data[];
};

enum { ARENA_BLOCK = 16 * 1024 };

void arena_init(arena *a) { a->head = NULL; a->total = 0; }

void arena_free(arena *a)
{
	arena_block *b = a->head;
	while (b) {
		arena_block *n = b->next;
		free(b);
		b = n;
	}
	a->head = NULL;
	a->total = 0;
}

void *arena_alloc(arena *a, size_t n)
{
	const size_t al = _Alignof(max_align_t);
	n = (n + al - 1) & ~(al - 1);
	if (n == 0) n = al;
	arena_block *b = a->head;
	if (!b || b->cap - b->used < n) {
		size_t cap = n > ARENA_BLOCK ? n : ARENA_BLOCK;
		b = malloc(sizeof *b + cap);
		if (!b) { fputs("fatal: out of memory\n", stderr); abort(); }
		b->cap = cap;
		b->used = 0;
		b->next = a->head;
		a->head = b;
	}
	void *p = (char *)b->data + b->used;
	b->used += n;
	a->total += n;
	memset(p, 0, n);
	return p;
}

void *arena_push(arena *a, void *items, int *n, int *cap, size_t size)
{
	void **p = items;
	if (*n >= *cap) {
		int nc = *cap ? *cap * 2 : 16;
		void *b = arena_alloc(a, size * (size_t)nc);
		if (*n) memcpy(b, *p, size * (size_t)*n);
		*p = b;
		*cap = nc;
	}
	return (char *)*p + size * (size_t)(*n)++;
}

char *arena_strndup(arena *a, const char *s, size_t n)
{
	char *p = arena_alloc(a, n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *arena_strdup(arena *a, const char *s)
{
	return s ? arena_strndup(a, s, strlen(s)) : NULL;
}

char *arena_printf(arena *a, const char *fmt, ...)
{
	va_list ap, ap2;
	va_start(ap, fmt);
	va_copy(ap2, ap);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0) { va_end(ap2); return arena_strdup(a, ""); }
	char *p = arena_alloc(a, (size_t)n + 1);
	vsnprintf(p, (size_t)n + 1, fmt, ap2);
	va_end(ap2);
	return p;
}
