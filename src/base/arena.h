/* arena.h — per-request memory.
 *
 * An arena hands out memory from large blocks and frees it all at once with
 * arena_free(). A request owns one arena; handlers allocate from it and free
 * nothing. Allocation failure aborts the process (out of memory is not a
 * condition a request can recover from).
 */
#ifndef MB_ARENA_H
#define MB_ARENA_H

#include <stddef.h>

typedef struct arena_block arena_block;
typedef struct arena {
	arena_block *head;
	size_t total;   /* bytes handed out, for diagnostics */
} arena;

void  arena_init(arena *a);
void  arena_free(arena *a);
/* Returns zeroed memory aligned for any type; never NULL. */
void *arena_alloc(arena *a, size_t n);
char *arena_strdup(arena *a, const char *s);
/* Growing arrays in arena memory: makes room for one more element of `size`
 * bytes in *items (which holds *n of *cap), and returns the new, zeroed slot.
 * Start with *items = NULL, *n = *cap = 0. */
void *arena_push(arena *a, void *items, int *n, int *cap, size_t size);
char *arena_strndup(arena *a, const char *s, size_t n);
/* printf into arena memory. */
char *arena_printf(arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
