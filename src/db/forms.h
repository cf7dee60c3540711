/* forms.h — the form_tokens table (sql/0013_form_tokens.sql): SQL only; the
 * mechanism is auth/forms.c. */
#ifndef MB_DB_FORMS_H
#define MB_DB_FORMS_H

#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "db/db.h"

typedef struct db_form_row {
	const char *binding_hash, *location;
	int64_t created_at;
} db_form_row;

/* 1 and the row when the token hash is known, 0 when not, <0 on error. */
int db_form_get(db *d, const char *token_hash, arena *a, db_form_row *out, err *e);
int db_form_put(db *d, const char *token_hash, const char *binding_hash, const char *location,
                const unsigned char *sealed, size_t sealed_len, int64_t now, err *e);
/* Takes the sealed result once (reads and erases it in one transaction): 1 and
 * the bytes (arena) when the row has one, was posted with the same cookie
 * (binding_hash) and created at or after not_before; 0 when not; <0 on error. */
int db_form_take(db *d, const char *token_hash, const char *binding_hash, int64_t not_before, arena *a,
                 unsigned char **out, size_t *n, err *e);
/* Forgets rows created before `before`, and sealed results created before `sealed_before`. */
int db_form_purge(db *d, int64_t before, int64_t sealed_before, err *e);

#endif
