/* serve.c — a table as the answer to a request, in the format its path asks
 * for (the path's ending: .csv, .json, .xlsx). */
#include <stdlib.h>
#include <string.h>

#include "docs/docs.h"

docs_format docs_format_of(const char *path)
{
	const char *dot = path ? strrchr(path, '.') : NULL;
	if (!dot || strchr(dot, '/')) return DOCS_NONE;
	if (!strcmp(dot, ".csv")) return DOCS_CSV;
	if (!strcmp(dot, ".json")) return DOCS_JSON;
	if (!strcmp(dot, ".xlsx")) return DOCS_XLSX;
	return DOCS_NONE;
}

const char *docs_extension(docs_format f)
{
	static const char *const ext[] = {"csv", "json", "xlsx", ""};
	return ext[f];
}

const char *docs_content_type(docs_format f)
{
	switch (f) {
	case DOCS_CSV: return "text/csv; charset=utf-8";
	case DOCS_JSON: return "application/json";
	case DOCS_XLSX: return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
	default: return "application/octet-stream";
	}
}

/* RFC 5987 attr-char: ALPHA / DIGIT / "!" / "#" / "$" / "&" / "+" / "-" / "." / "^" / "_" / "`" / "|" / "~" */
static bool attr_char(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || strchr("!#$&+-.^_`|~", c);
}

const char *docs_disposition(arena *a, const char *name, const char *title, docs_format f)
{
	const char *ext = docs_extension(f);
	/* The ASCII name: letters, digits, - and _ of the stem only. */
	char *ascii = arena_strdup(a, name && *name ? name : "data");
	for (char *c = ascii; *c; c++)
		if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') || *c == '-' || *c == '_'))
			*c = '-';
	buf b;
	buf_init(&b, 4096);
	buf_printf(&b, "attachment; filename=\"%s.%s\"", ascii, ext);
	if (title && *title) {
		buf_adds(&b, "; filename*=UTF-8''");
		for (const unsigned char *p = (const unsigned char *)title; *p; p++) {
			/* Path separators and control characters become a space. */
			unsigned char c = *p < 0x20 || *p == 0x7F || *p == '/' || *p == '\\' ? ' ' : *p;
			if (attr_char(c)) buf_addc(&b, (char)c);
			else buf_printf(&b, "%%%02X", c);
		}
		buf_printf(&b, ".%s", ext);
	}
	const char *v = buf_failed(&b) ? arena_printf(a, "attachment; filename=\"%s.%s\"", ascii, ext) : arena_strdup(a, buf_str(&b));
	buf_free(&b);
	return v;
}

int docs_serve(web_req *r, const docs_table *t, json_t *meta)
{
	docs_format f = docs_format_of(r->path);
	bool en = r->lang && !strcmp(r->lang, "en");
	err e = {0};
	if (f == DOCS_NONE) {
		json_decref(meta);
		return web_error(r, &(err){MB_ENOTFOUND, "not_found", NULL, "Không có định dạng này.", "no such format"});
	}
	buf_reset(&r->out);
	int rc = 0;
	if (f == DOCS_CSV) {
		rc = docs_csv(t, &r->out);
		json_decref(meta);
	} else if (f == DOCS_JSON) {
		json_t *j = docs_json(t);
		if (meta) json_object_update(j, meta);
		json_decref(meta);
		char *s = json_dumps(j, JSON_COMPACT);
		json_decref(j);
		rc = s ? buf_adds(&r->out, s) : -1;
		free(s);
	} else {
		json_decref(meta);
		if (docs_xlsx(t, r->lang, &r->out, &e)) {
			buf_reset(&r->out);
			return web_error(r, &e);
		}
	}
	if (rc || buf_failed(&r->out)) {
		buf_reset(&r->out);
		return web_error(r, &(err){MB_ETOOBIG, "too_large", NULL, "Tệp quá lớn: hãy thu hẹp bộ lọc.",
		                          "the file is too large: narrow the filters"});
	}
	r->status = 200;
	r->out_type = docs_content_type(f);
	web_header_add(r, "Content-Disposition",
	               docs_disposition(r->a, t->name, en ? t->title_en : t->title_vi, f));
	return 0;
}
