/* backup.h — online copies of the database and of the files beside it, for
 * `minhbach backup`. Every file written is created 0600 under a temporary
 * name, fsync'd and renamed, so a copy is whole or absent; folders are 0700. */
#ifndef MB_DB_BACKUP_H
#define MB_DB_BACKUP_H

#include <stdint.h>

#include "base/err.h"

/* Copies the database at src into dst with SQLite's online backup API, in one
 * step: one read transaction of src, so the copy is the database as it was at
 * one instant, while other connections keep writing. *bytes: the copy's size. */
int db_backup(const char *src, const char *dst, int64_t *bytes, err *e);
/* Copies one whole file (0600, fsync'd, renamed into place). *bytes: its size. */
int db_copy_file(const char *src, const char *dst, int64_t *bytes, err *e);
/* Copies the attachment store src (ab/<sha256> files) into dst, skipping the
 * files already there (content-addressed: same name, same bytes) and the
 * temporary files of a store in progress. *copied, *present: file counts. */
int db_files_copy(const char *src, const char *dst, int *copied, int *present, int64_t *bytes, err *e);

#endif
