#include "base/csv.h"

#include "base/buf.h"

void csv_init(csv_reader *c, const char *data, size_t n)
{
	c->p = data;
	c->end = data + n;
	c->line = 0;
	if (n >= 3 && (unsigned char)data[0] == 0xEF && (unsigned char)data[1] == 0xBB && (unsigned char)data[2] == 0xBF)
		c->p += 3;   /* UTF-8 byte order mark */
}

int csv_next(csv_reader *c, arena *a, const char **fields)
{
	/* Skip blank lines. */
	while (c->p < c->end && (*c->p == '\n' || *c->p == '\r')) {
		if (*c->p == '\n') c->line++;
		c->p++;
	}
	if (c->p >= c->end) return 0;
	c->line++;
	int nf = 0;
	buf f;
	buf_init(&f, 1 << 20);
	for (;;) {
		buf_reset(&f);
		buf_add(&f, "", 0);
		if (c->p < c->end && *c->p == '"') {
			c->p++;
			for (;;) {
				if (c->p >= c->end) { buf_free(&f); return -1; }
				if (*c->p == '"') {
					if (c->p + 1 < c->end && c->p[1] == '"') { buf_addc(&f, '"'); c->p += 2; continue; }
					c->p++;
					break;
				}
				if (*c->p == '\n') c->line++;
				buf_addc(&f, *c->p++);
			}
		} else {
			while (c->p < c->end && *c->p != ',' && *c->p != '\n' && *c->p != '\r') buf_addc(&f, *c->p++);
		}
		if (nf >= CSV_MAX_FIELDS || buf_failed(&f)) { buf_free(&f); return -1; }
		fields[nf++] = arena_strndup(a, buf_str(&f), f.len);
		if (c->p < c->end && *c->p == ',') { c->p++; continue; }
		if (c->p < c->end && *c->p == '\r') c->p++;
		if (c->p < c->end && *c->p == '\n') c->p++;
		else if (c->p < c->end) { buf_free(&f); return -1; }   /* junk after a closing quote */
		break;
	}
	buf_free(&f);
	return nf;
}
