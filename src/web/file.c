/* file.c — answering with a file from the disk, with byte ranges (see web.h):
 * counter recordings are played in the browser, which seeks by asking ranges. */
#include <ctype.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "web/web.h"

/* Reads the digits at *p into *v; false when there are none or they overflow. */
static bool digits(const char **p, uint64_t *v)
{
	const char *s = *p;
	uint64_t x = 0;
	if (!isdigit((unsigned char)*s)) return false;
	for (; isdigit((unsigned char)*s); s++) {
		if (x > (UINT64_MAX - 9) / 10) return false;
		x = x * 10 + (uint64_t)(*s - '0');
	}
	*p = s;
	*v = x;
	return true;
}

int web_range_parse(const char *h, uint64_t size, uint64_t *start, uint64_t *len)
{
	if (!h) return 0;
	while (*h == ' ') h++;
	if (strncasecmp(h, "bytes=", 6)) return 0;
	const char *p = h + 6;
	while (*p == ' ') p++;
	if (strchr(p, ',')) return 0;   /* several ranges: the whole file */
	uint64_t a = 0, b = 0;
	bool has_a = digits(&p, &a);
	if (*p++ != '-') return 0;
	bool has_b = digits(&p, &b);
	while (*p == ' ') p++;
	if (*p || (!has_a && !has_b)) return 0;
	if (!has_a) {                   /* the last b bytes */
		if (b == 0) return -1;
		if (size == 0) return -1;
		*len = b < size ? b : size;
		*start = size - *len;
		return 1;
	}
	if (has_b && b < a) return 0;   /* invalid: ignored */
	if (a >= size) return -1;
	uint64_t last = has_b && b < size - 1 ? b : size - 1;
	*start = a;
	*len = last - a + 1;
	return 1;
}

int web_file_send(web_req *r, const char *path, const char *type, err *e)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		if (fd >= 0) close(fd);
		return err_set(e, MB_ENOTFOUND, "not_found", NULL, "Không có tệp này.", "no such file");
	}
	uint64_t size = (uint64_t)st.st_size, start = 0, len = size;
	int k = web_range_parse(web_header(r, "Range"), size, &start, &len);
	r->no_gzip = true;
	r->personal = true;
	r->cacheable = false;
	buf_reset(&r->out);
	web_header_add(r, "Accept-Ranges", "bytes");
	web_header_add(r, "Cache-Control", "private, no-store");
	if (k < 0) {
		close(fd);
		r->status = 416;
		r->out_type = "text/plain; charset=utf-8";
		web_header_add(r, "Content-Range", arena_printf(r->a, "bytes */%" PRIu64, size));
		return 0;
	}
	if (k > 0) {
		r->status = 206;
		web_header_add(r, "Content-Range", arena_printf(r->a, "bytes %" PRIu64 "-%" PRIu64 "/%" PRIu64, start,
		                                                start + len - 1, size));
	} else r->status = 200;
	r->out_type = type;
	if (r->out_fd) close(r->out_fd - 1);
	r->out_fd = fd + 1;
	r->out_off = start;
	r->out_len = len;
	return 0;
}
