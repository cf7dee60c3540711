/* embed.h — files built into the binary (sql/ migrations, static/ assets,
 * compiled message catalogues). The table ends with a NULL name. */
#ifndef MB_EMBED_H
#define MB_EMBED_H

#include <stddef.h>

struct embedded_file {
	const char *name;            /* path relative to the repository, e.g. "sql/0001_init.sql" */
	const unsigned char *data;   /* NUL-terminated */
	size_t size;
};

extern const struct embedded_file embedded_files[];

const struct embedded_file *embed_find(const char *name);

#endif
