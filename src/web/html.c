#include "web/html.h"

#include <inttypes.h>
#include <stdint.h>
#include <string.h>

void html_escape(buf *b, const char *s)
{
	if (!s) return;
	const char *run = s;
	for (; *s; s++) {
		const char *rep;
		switch (*s) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&#39;"; break;
		default: continue;
		}
		buf_add(b, run, (size_t)(s - run));
		buf_adds(b, rep);
		run = s + 1;
	}
	buf_add(b, run, (size_t)(s - run));
}

void html_url_encode(buf *b, const char *s)
{
	static const char hx[] = "0123456789ABCDEF";
	if (!s) return;
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		    c == '-' || c == '_' || c == '.' || c == '~') {
			buf_addc(b, (char)c);
		} else {
			char e[3] = {'%', hx[c >> 4], hx[c & 15]};
			buf_add(b, e, 3);
		}
	}
}

void html_vprintf(buf *b, const char *fmt, va_list ap)
{
	const char *run = fmt;
	for (const char *p = fmt; *p; p++) {
		if (*p != '%') continue;
		buf_add(b, run, (size_t)(p - run));
		p++;
		switch (*p) {
		case 's': html_escape(b, va_arg(ap, const char *)); break;
		case 'r': { const char *s = va_arg(ap, const char *); if (s) buf_adds(b, s); break; }
		case 'u': html_url_encode(b, va_arg(ap, const char *)); break;  /* output is HTML-safe */
		case 'd': buf_printf(b, "%d", va_arg(ap, int)); break;
		case 'D': buf_printf(b, "%" PRId64, va_arg(ap, int64_t)); break;
		case '%': buf_addc(b, '%'); break;
		default:
			buf_adds(b, "(bad directive)");
			if (!*p) return;
		}
		run = p + 1;
	}
	buf_adds(b, run);
}

void html_printf(buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	html_vprintf(b, fmt, ap);
	va_end(ap);
}

void H(web_req *r, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	html_vprintf(&r->out, fmt, ap);
	va_end(ap);
}
