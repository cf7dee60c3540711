/* open311.h — Open311 GeoReport v2 over the cases (XML and JSON), under
 * /open311/v2/. See docs/open311.md. */
#ifndef MB_OPEN311_H
#define MB_OPEN311_H

#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "db/db.h"

/* Registers the routes. */
void open311_install(void);

/* --- API keys (open311/keys.c) --- */
enum { O311_KEY_SIZE = 48 };   /* "o311_" and 40 hex digits, NUL */
/* Creates an active key named `name` (one transaction, event
 * open311.key_created); the key is written to key_out once and only its
 * SHA-256 is stored. MB_ECONFLICT when an active key has that name. */
int open311_key_create(db *d, const char *name, char *key_out, size_t n, err *e);
/* Revokes the active key named `name` (event open311.key_revoked): 1, 0 when
 * there is none, <0 on error. */
int open311_key_revoke(db *d, const char *name, err *e);
/* 1 and *id when key is an active key, 0 when not, <0 on error. */
int open311_key_check(db *d, const char *key, int64_t *id, err *e);
/* `minhbach open311-key create|revoke NAME`: the process exit status. */
int open311_key_cli(db *d, int nargs, char **args);

#endif
