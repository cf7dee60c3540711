/* html.h — the HTML writer. Escaping is the default.
 *
 * html_printf(b, fmt, ...) understands:
 *   %s  text, HTML-escaped (& < > " ' all escaped, so it is safe in attributes)
 *   %r  raw, trusted HTML produced by the program itself (never user input)
 *   %u  text, percent-encoded for a URL component, then HTML-escaped
 *   %d  int            %D  int64_t          %%  a percent sign
 * A NULL string prints nothing. Other directives are a programming error
 * and print "(bad directive)".
 */
#ifndef MB_HTML_H
#define MB_HTML_H

#include <stdarg.h>

#include "base/buf.h"
#include "web/web.h"

void html_escape(buf *b, const char *s);
void html_url_encode(buf *b, const char *s);
void html_vprintf(buf *b, const char *fmt, va_list ap);
void html_printf(buf *b, const char *fmt, ...);
/* Writes into the request's response body. */
void H(web_req *r, const char *fmt, ...);

#endif
