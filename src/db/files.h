/* files.h — the content-addressed attachment store: bytes under
 * <db>.files/ab/<sha256>, one row per file in the files table. A file is
 * either whole or absent (written to a temporary name, fsync'd, renamed). */
#ifndef MB_DB_FILES_H
#define MB_DB_FILES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

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

/* --- content-addressed stores: dir/ab/<sha256>, with no table ---
 * The attachment store above is one (its rows in `files`); the counter
 * recordings' store (<db>.recordings, src/recordings/) is another, kept apart
 * because its files are deleted at the end of their retention and may live on
 * a disk of their own. Writes go to NAME.tmpPID, fsync'd, then renamed. */
const char *db_recordings_dir(void);
/* Stores bytes; sha out. */
int db_store_put(const char *dir, const void *data, size_t n, char sha[65], err *e);
/* Streams the file at src into the store (one pass to hash, one to copy when absent); sha and size out. */
int db_store_copy(const char *dir, const char *src, char sha[65], int64_t *size, err *e);
/* The path of sha in dir (false when sha is not 64 lower-case hex digits or the path is too long). */
bool db_store_path(const char *dir, const char *sha, char *out, size_t outsz);
/* Deletes sha from dir: 0, or -1 (errno) when it could not (absent counts as done). */
int db_store_remove(const char *dir, const char *sha);

#endif
