/* docs.h — documents: one table model, written once as CSV, JSON and XLSX.
 *
 * A feature that offers a download fills a docs_table (its columns with a
 * type and a Vietnamese and English header, then its rows, cell by cell) and
 * hands it to docs_serve(), which answers in the format the request's path
 * ends with: /x.csv, /x.json or /x.xlsx (one route per format in the feature's
 * route table; see "Documents and charts" in docs/ARCHITECTURE.md).
 *
 * The three formats say the same thing:
 *  - CSV: UTF-8 with a byte order mark (Excel reads the diacritics), RFC 4180
 *    (CRLF, fields with , " CR LF quoted, " doubled); the header row is the
 *    columns' keys, stable for programs. A text cell that starts with
 *    = + - @ TAB or CR is written as '… so that a spreadsheet never runs it
 *    as a formula; numbers and dates are never touched.
 *  - JSON: {"title", "columns": [{key, type, label_vi, label_en}], "rows":
 *    [{key: value}]} plus the members the feature adds (paging); numbers are
 *    JSON numbers, a missing value is null.
 *  - XLSX (libxlsxwriter): one sheet, a bold frozen header in the request's
 *    language, column widths from the contents, numbers as numbers with their
 *    format, dates as dates; text is always written as text, never a formula.
 * A percent is a fraction (0.953) in all three; XLSX shows it as 95.3%.
 * PDF (cairo + pango, the layout of Decree 30/2020) is not built yet.
 */
#ifndef MB_DOCS_H
#define MB_DOCS_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/buf.h"
#include "base/err.h"
#include "web/web.h"

typedef enum docs_type {
	DOCS_TEXT,
	DOCS_INTEGER,
	DOCS_DECIMAL,    /* `decimals` places */
	DOCS_PERCENT,    /* a fraction; shown with `decimals` places of the percentage */
	DOCS_DATE,       /* "YYYY-MM-DD" (the Vietnam day); "" is no date */
} docs_type;

typedef struct docs_column {
	const char *key;         /* ASCII: the CSV header and the JSON member */
	const char *vi, *en;     /* the header people read (XLSX, JSON labels) */
	docs_type type;
	int decimals;            /* DOCS_DECIMAL and DOCS_PERCENT */
} docs_column;

typedef struct docs_cell {
	const char *text;        /* DOCS_TEXT and DOCS_DATE */
	double num;              /* the number types */
	bool missing;            /* no value: empty in CSV and XLSX, null in JSON */
} docs_cell;

typedef struct docs_table {
	arena *a;                /* cells and rows live here (the request's arena) */
	const char *name;        /* ASCII file name stem: "results-stats" */
	const char *title_vi, *title_en;
	const docs_column *cols;
	int ncols;
	docs_cell *cells;        /* nrows * ncols, row by row */
	int nrows, ncells, cap;
} docs_table;

typedef enum docs_format { DOCS_CSV, DOCS_JSON, DOCS_XLSX, DOCS_NONE } docs_format;

void docs_table_init(docs_table *t, arena *a, const char *name, const char *title_vi, const char *title_en,
                     const docs_column *cols, int ncols);
/* Starts a row; then one docs_<value> call per column, in column order (a row
 * left short is completed with missing cells). */
void docs_row(docs_table *t);
void docs_text(docs_table *t, const char *s);     /* NULL: missing */
void docs_int(docs_table *t, int64_t v);
void docs_num(docs_table *t, double v);           /* NaN: missing */
void docs_missing(docs_table *t);
/* The cell at (row, col). */
const docs_cell *docs_cell_at(const docs_table *t, int row, int col);

/* The formats. Each returns 0, or -1 when out (bounded) overflowed. */
int docs_csv(const docs_table *t, buf *out);
/* A new JSON object (the caller owns it); lang picks nothing: both labels are in it. */
json_t *docs_json(const docs_table *t);
/* lang "vi" or "en": the header and the sheet's title. Writes the file's bytes
 * to out: 0, or an error in e (the library's message in the log). */
MB_MUST_CHECK int docs_xlsx(const docs_table *t, const char *lang, buf *out, err *e);

/* ".csv" → DOCS_CSV, ".json", ".xlsx"; DOCS_NONE for any other ending. */
docs_format docs_format_of(const char *path);
const char *docs_extension(docs_format f);      /* "csv", "json", "xlsx" */
const char *docs_content_type(docs_format f);
/* The Content-Disposition value: attachment; filename="<name>.<ext>" (ASCII)
 * and filename*=UTF-8''<title>.<ext> (RFC 5987, percent-encoded). */
const char *docs_disposition(arena *a, const char *name, const char *title, docs_format f);

/* Answers the request with the table in the format its path ends with, the
 * right Content-Type and the file name (the title in the request's language).
 * meta (may be NULL; stolen) adds members to the JSON (paging, the filters).
 * A file over the response limit is a 413 "too large: narrow the filters". */
int docs_serve(web_req *r, const docs_table *t, json_t *meta);

#endif
