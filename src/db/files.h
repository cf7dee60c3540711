/* files.h — the content-addressed attachment store: bytes under
 * <db>.files/ab/<sha256>, one row per file in the files table. A file is
 * either whole or absent (written to a temporary name, fsync'd, renamed). */
#ifndef MB_DB_FILES_H
#define MB_DB_FILES_H

#include <stddef.h>

#include "base/arena.h"
#include "base/err.h"
#include "db/db.h"

/* The accepted attachment types by their first bytes: "application/pdf",
 * "image/jpeg", "image/png", or NULL for anything else. */
const char *db_file_sniff(const void *data, size_t n);
/* The store's directory (<db>.files). */
const char *db_files_dir(void);
/* Stores bytes (inside the caller's transaction for the row); sha out. */
int db_file_store(db *d, const void *data, size_t n, const char *content_type, char sha[65], err *e);
/* Reads a stored file by its SHA-256 (hex); MB_ENOTFOUND when absent. */
int db_file_read(const char *sha, arena *a, unsigned char **out, size_t *n, err *e);

#endif
