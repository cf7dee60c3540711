/* picker.c — the <option> elements of the unit pickers (the results filters,
 * the report form): every unit in display order, rendered once per version of
 * the units (page_versions, bumped by triggers on every change of a unit) and
 * language, and shared by all threads. A page with a picker reads one row for
 * it (the version) and copies the HTML, instead of reading every unit, sorting
 * them and escaping their names on every request. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "units/units.h"
#include "web/html.h"

typedef struct picker {
	char *file;          /* the database it was read from */
	int64_t version;     /* of the topic "units" */
	char *html;          /* <option value="code">name</option>… */
	size_t len;
} picker;

static pthread_mutex_t g_lock = PTHREAD_MUTEX_INITIALIZER;
static picker g_cache[2];   /* Vietnamese, English */

static int render(db *d, bool en, buf *out)
{
	arena a;
	arena_init(&a);
	units_row *units;
	int n = 0, rc = units_list(d, &a, &units, &n, NULL);
	for (int i = 0; !rc && i < n; i++)
		html_printf(out, "<option value=\"%s\">%s</option>", units[i].code, en ? units[i].name_en : units[i].name_vi);
	arena_free(&a);
	return rc || out->failed ? -1 : 0;
}

/* Appends html to b, with ` selected` in the option of `current`. */
static void emit(buf *b, const char *html, size_t len, const char *current)
{
	const char *at = NULL;
	size_t cut = 0;
	if (current && *current) {
		buf needle;
		buf_init(&needle, 4096);
		html_printf(&needle, "<option value=\"%s\"", current);
		if (needle.len) {
			const char *p = strstr(html, needle.data);
			if (p && p[needle.len] == '>') { at = p; cut = needle.len; }
		}
		buf_free(&needle);
	}
	if (!at) { buf_add(b, html, len); return; }
	buf_add(b, html, (size_t)(at - html) + cut);
	buf_adds(b, " selected");
	buf_add(b, at + cut, len - (size_t)(at - html) - cut);
}

int units_picker_options(db *d, bool en, const char *current, buf *b)
{
	const char *const topics[3] = {"units", NULL, NULL};
	int64_t version = 0;
	err e = {0};
	if (db_page_version(d, topics, &version, &e)) return -1;
	const char *file = sqlite3_db_filename(db_handle(d), "main");
	if (!file) file = "";
	picker *c = &g_cache[en ? 1 : 0];
	pthread_mutex_lock(&g_lock);
	if (c->html && c->version == version && !strcmp(c->file, file)) {
		emit(b, c->html, c->len, current);
		pthread_mutex_unlock(&g_lock);
		return 0;
	}
	pthread_mutex_unlock(&g_lock);
	/* Rendered outside the lock (a read of every unit); the first to finish
	 * stores it. */
	buf fresh;
	buf_init(&fresh, 1024 * 1024);
	if (render(d, en, &fresh)) {
		buf_free(&fresh);
		return -1;
	}
	const char *html = fresh.len ? fresh.data : "";
	emit(b, html, fresh.len, current);
	pthread_mutex_lock(&g_lock);
	char *h = malloc(fresh.len + 1), *f = strdup(file);
	if (h && f) {
		memcpy(h, html, fresh.len + 1);
		free(c->html);
		free(c->file);
		*c = (picker){.file = f, .version = version, .html = h, .len = fresh.len};
	} else {
		free(h);
		free(f);
	}
	pthread_mutex_unlock(&g_lock);
	buf_free(&fresh);
	return 0;
}
