/* table.c — the table model and its CSV and JSON forms (see docs.h). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "docs/docs.h"

void docs_table_init(docs_table *t, arena *a, const char *name, const char *title_vi, const char *title_en,
                     const docs_column *cols, int ncols)
{
	memset(t, 0, sizeof *t);
	t->a = a;
	t->name = name;
	t->title_vi = title_vi;
	t->title_en = title_en;
	t->cols = cols;
	t->ncols = ncols;
}

static docs_cell *next_cell(docs_table *t)
{
	return arena_push(t->a, &t->cells, &t->ncells, &t->cap, sizeof *t->cells);
}

/* Completes the current row with missing cells. */
static void finish_row(docs_table *t)
{
	while (t->ncells < t->nrows * t->ncols) next_cell(t)->missing = true;
}

void docs_row(docs_table *t)
{
	finish_row(t);
	t->nrows++;
}

/* The slot of the next cell of the current row, or NULL when the row is full
 * (a programming error: the value is dropped rather than shifting columns). */
static docs_cell *cell(docs_table *t)
{
	if (t->nrows == 0 || t->ncells >= t->nrows * t->ncols) return NULL;
	return next_cell(t);
}

void docs_text(docs_table *t, const char *s)
{
	docs_cell *c = cell(t);
	if (!c) return;
	c->text = s;
	c->missing = s == NULL;
}

void docs_int(docs_table *t, int64_t v)
{
	docs_cell *c = cell(t);
	if (c) c->num = (double)v;
}

void docs_num(docs_table *t, double v)
{
	docs_cell *c = cell(t);
	if (!c) return;
	c->num = v;
	c->missing = isnan(v);
}

void docs_missing(docs_table *t)
{
	docs_cell *c = cell(t);
	if (c) c->missing = true;
}

const docs_cell *docs_cell_at(const docs_table *t, int row, int col)
{
	static const docs_cell none = {.missing = true};
	int i = row * t->ncols + col;
	return i < t->ncells ? &t->cells[i] : &none;
}

/* --- CSV --- */

/* A field: quoted when it holds , " CR or LF, or when it is text that a
 * spreadsheet would read as a formula (then written as '…). */
static void csv_field(buf *b, const char *s, bool text)
{
	bool formula = text && (*s == '=' || *s == '+' || *s == '-' || *s == '@' || *s == '\t' || *s == '\r');
	if (!formula && !strpbrk(s, ",\"\r\n")) {
		buf_adds(b, s);
		return;
	}
	buf_addc(b, '"');
	if (formula) buf_addc(b, '\'');
	for (const char *p = s; *p; p++) {
		if (*p == '"') buf_addc(b, '"');
		buf_addc(b, *p);
	}
	buf_addc(b, '"');
}

/* A number as its column shows it: integers whole, decimals and percents
 * (fractions) with their places, always '.' as the decimal point. */
static void number(char *out, size_t n, const docs_column *col, double v)
{
	switch (col->type) {
	case DOCS_INTEGER: snprintf(out, n, "%.0f", v); break;
	case DOCS_PERCENT: snprintf(out, n, "%.*f", col->decimals + 2, v); break;
	default: snprintf(out, n, "%.*f", col->decimals, v); break;
	}
	if (!strncmp(out, "-0", 2) && strspn(out + 2, ".0") == strlen(out + 2)) memmove(out, out + 1, strlen(out));
}

int docs_csv(const docs_table *t, buf *b)
{
	buf_adds(b, "\xEF\xBB\xBF");
	for (int c = 0; c < t->ncols; c++) {
		if (c) buf_addc(b, ',');
		csv_field(b, t->cols[c].key, false);
	}
	buf_add(b, "\r\n", 2);
	for (int r = 0; r < t->nrows; r++) {
		for (int c = 0; c < t->ncols; c++) {
			const docs_column *col = &t->cols[c];
			const docs_cell *x = docs_cell_at(t, r, c);
			if (c) buf_addc(b, ',');
			if (x->missing) continue;
			if (col->type == DOCS_TEXT || col->type == DOCS_DATE) {
				csv_field(b, x->text, col->type == DOCS_TEXT);
			} else {
				char num[64];
				number(num, sizeof num, col, x->num);
				buf_adds(b, num);
			}
		}
		buf_add(b, "\r\n", 2);
	}
	return buf_failed(b) ? -1 : 0;
}

/* --- JSON --- */

static const char *type_name(docs_type t)
{
	static const char *const names[] = {"text", "integer", "decimal", "percent", "date"};
	return names[t];
}

json_t *docs_json(const docs_table *t)
{
	json_t *cols = json_array();
	for (int c = 0; c < t->ncols; c++)
		json_array_append_new(cols, json_pack("{s:s, s:s, s:s, s:s}", "key", t->cols[c].key, "type",
		                                      type_name(t->cols[c].type), "label_vi", t->cols[c].vi, "label_en",
		                                      t->cols[c].en));
	json_t *rows = json_array();
	for (int r = 0; r < t->nrows; r++) {
		json_t *o = json_object();
		for (int c = 0; c < t->ncols; c++) {
			const docs_column *col = &t->cols[c];
			const docs_cell *x = docs_cell_at(t, r, c);
			json_t *v;
			if (x->missing) v = json_null();
			else if (col->type == DOCS_TEXT || col->type == DOCS_DATE) v = json_string(x->text);
			else if (col->type == DOCS_INTEGER) v = json_integer((json_int_t)llround(x->num));
			else {
				/* The value as the CSV writes it: the same digits in both files. */
				char num[64];
				number(num, sizeof num, col, x->num);
				double d;
				v = sscanf(num, "%lf", &d) == 1 ? json_real(d) : json_null();
			}
			json_object_set_new(o, col->key, v ? v : json_null());
		}
		json_array_append_new(rows, o);
	}
	return json_pack("{s:s, s:s, s:s, s:o, s:o}", "name", t->name, "title_vi", t->title_vi, "title_en", t->title_en,
	                 "columns", cols, "rows", rows);
}
