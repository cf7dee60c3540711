/* internal.h — shared by the files of web/ only. */
#ifndef MB_WEB_INTERNAL_H
#define MB_WEB_INTERNAL_H

#include <netinet/in.h>
#include <microhttpd.h>
#include <stdbool.h>

/* The headers every response carries; cache_control NULL adds none. */
void web_response_headers(struct MHD_Response *resp, const char *type, const char *lang, bool gz,
                          const char *cache_control);

/* Answers at least this long, of a compressible type, go out gzipped when
 * the client accepts it (the page cache compresses the same ones). */
enum { WEB_GZIP_MIN = 512 };
bool web_compressible(const char *type);

#endif
