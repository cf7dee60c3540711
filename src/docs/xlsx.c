/* xlsx.c — a table as an Excel workbook (libxlsxwriter).
 *
 * Debian's libxlsxwriter 1.1.4 writes only to a named file (writing to memory,
 * workbook options output_buffer, came in 1.1.5). The file is therefore an
 * anonymous memory file (memfd_create) named through /proc/self/fd/N: no name
 * in any directory, nothing another process could swap or read, gone when its
 * descriptor is closed. Where /proc is not mounted, a private directory made by
 * mkdtemp (mode 0700) under $TMPDIR or /tmp holds the file for the moment of
 * writing and reading, and both are removed at once. The library's own
 * working files are tmpfile()s (unlinked on creation). */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "base/log.h"
#include "base/text.h"
#include "docs/docs.h"

enum { WIDTH_MIN = 8, WIDTH_MAX = 60 };

static const char *number_format(const docs_column *c, arena *a)
{
	switch (c->type) {
	case DOCS_INTEGER: return "#,##0";
	case DOCS_DECIMAL: return c->decimals > 0 ? arena_printf(a, "#,##0.%.*s", c->decimals, "0000000000") : "#,##0";
	case DOCS_PERCENT: return c->decimals > 0 ? arena_printf(a, "0.%.*s%%", c->decimals, "0000000000") : "0%";
	case DOCS_DATE: return "dd/mm/yyyy";
	default: return NULL;
	}
}

/* Fills the workbook at path; 0 or -1. */
static int write_book(const docs_table *t, const char *lang, const char *path)
{
	bool en = lang && !strcmp(lang, "en");
	lxw_workbook *wb = workbook_new(path);
	if (!wb) return -1;
	/* The sheet's name: the ASCII stem (at most 31 characters, no []:*?/\). */
	char sheet[32];
	snprintf(sheet, sizeof sheet, "%s", t->name && *t->name ? t->name : "data");
	for (char *c = sheet; *c; c++)
		if (strchr("[]:*?/\\'", *c)) *c = '-';
	lxw_worksheet *ws = workbook_add_worksheet(wb, sheet);
	lxw_doc_properties props = {.title = (char *)(en ? t->title_en : t->title_vi), .company = "Minh Bạch"};
	workbook_set_properties(wb, &props);
	lxw_format *head = workbook_add_format(wb);
	format_set_bold(head);
	format_set_bg_color(head, 0xEEF1F4);
	format_set_bottom(head, LXW_BORDER_THIN);
	format_set_text_wrap(head);
	format_set_align(head, LXW_ALIGN_VERTICAL_TOP);
	lxw_format **fmt = arena_alloc(t->a, sizeof *fmt * (size_t)(t->ncols ? t->ncols : 1));
	for (int c = 0; c < t->ncols; c++) {
		const char *nf = number_format(&t->cols[c], t->a);
		if (!nf) continue;
		fmt[c] = workbook_add_format(wb);
		format_set_num_format(fmt[c], nf);
	}
	int bad = 0;
	for (int c = 0; c < t->ncols; c++) {
		const docs_column *col = &t->cols[c];
		const char *label = en ? col->en : col->vi;
		int width = (int)text_utf8_len(label) + 2;
		bad |= worksheet_write_string(ws, 0, (lxw_col_t)c, label, head) != LXW_NO_ERROR;
		for (int r = 0; r < t->nrows; r++) {
			const docs_cell *x = docs_cell_at(t, r, c);
			lxw_row_t row = (lxw_row_t)r + 1;
			if (x->missing) continue;
			int w = 0;
			if (col->type == DOCS_TEXT) {
				/* Always a string: written as a shared string, never a formula. */
				bad |= worksheet_write_string(ws, row, (lxw_col_t)c, x->text, NULL) != LXW_NO_ERROR;
				w = (int)text_utf8_len(x->text) + 1;
			} else if (col->type == DOCS_DATE) {
				int y, m, d;
				if (sscanf(x->text, "%4d-%2d-%2d", &y, &m, &d) == 3) {
					lxw_datetime dt = {.year = y, .month = m, .day = d};
					bad |= worksheet_write_datetime(ws, row, (lxw_col_t)c, &dt, fmt[c]) != LXW_NO_ERROR;
				} else if (*x->text) {
					bad |= worksheet_write_string(ws, row, (lxw_col_t)c, x->text, NULL) != LXW_NO_ERROR;
				}
				w = 11;
			} else {
				bad |= worksheet_write_number(ws, row, (lxw_col_t)c, x->num, fmt[c]) != LXW_NO_ERROR;
				char num[64];
				w = snprintf(num, sizeof num, "%.*f", col->decimals, fabs(x->num) * (col->type == DOCS_PERCENT ? 100 : 1)) + 4;
			}
			if (w > width) width = w;
		}
		if (width < WIDTH_MIN) width = WIDTH_MIN;
		if (width > WIDTH_MAX) width = WIDTH_MAX;
		worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, width, NULL);
	}
	worksheet_freeze_panes(ws, 1, 0);
	if (t->ncols > 0) worksheet_autofilter(ws, 0, 0, (lxw_row_t)t->nrows, (lxw_col_t)(t->ncols - 1));
	lxw_error rc = workbook_close(wb);
	if (rc != LXW_NO_ERROR) log_msg(LOG_ERROR, "docs", "xlsx: %s", lxw_strerror(rc));
	return bad || rc != LXW_NO_ERROR ? -1 : 0;
}

/* Reads the whole of fd into out: 0, or -1 (read error or too large for out). */
static int slurp(int fd, buf *out)
{
	struct stat st;
	if (fstat(fd, &st) || st.st_size <= 0) return -1;
	char chunk[65536];
	off_t off = 0;
	while (off < st.st_size) {
		ssize_t n = pread(fd, chunk, sizeof chunk, off);
		if (n < 0 && errno == EINTR) continue;
		if (n <= 0) return -1;
		if (buf_add(out, chunk, (size_t)n)) return -1;
		off += n;
	}
	return 0;
}

static int too_large(err *e)
{
	return err_set(e, MB_ETOOBIG, "too_large", NULL, "Tệp quá lớn: hãy thu hẹp bộ lọc.",
	               "the file is too large: narrow the filters");
}

static int failed(err *e)
{
	return err_set(e, MB_EINTERNAL, "internal", NULL, "Không tạo được tệp Excel.", "could not make the Excel file");
}

/* The fallback: a private directory of our own for the moment of writing. */
static int via_directory(const docs_table *t, const char *lang, buf *out, err *e)
{
	const char *tmp = getenv("TMPDIR");
	char dir[512], path[600];
	snprintf(dir, sizeof dir, "%s/minhbach-xlsx-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(dir)) {
		log_msg(LOG_ERROR, "docs", "xlsx: mkdtemp: %s", strerror(errno));
		return failed(e);
	}
	snprintf(path, sizeof path, "%s/table.xlsx", dir);
	int rc = write_book(t, lang, path);
	int fd = rc ? -1 : open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	unlink(path);
	rmdir(dir);
	if (rc || fd < 0) return failed(e);
	rc = slurp(fd, out);
	close(fd);
	if (rc) return buf_failed(out) ? too_large(e) : failed(e);
	return 0;
}

int docs_xlsx(const docs_table *t, const char *lang, buf *out, err *e)
{
	int fd = memfd_create("minhbach-xlsx", MFD_CLOEXEC);
	if (fd < 0) return via_directory(t, lang, out, e);
	char path[64];
	snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
	if (access(path, W_OK)) {   /* no /proc here */
		close(fd);
		return via_directory(t, lang, out, e);
	}
	int rc = write_book(t, lang, path);
	if (!rc) rc = slurp(fd, out);
	close(fd);
	if (rc) return buf_failed(out) ? too_large(e) : failed(e);
	return 0;
}
