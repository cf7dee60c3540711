/* Unit tests for docs/ (one table, three formats) and ui/chart (SVG charts). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <string.h>

#include "base/arena.h"
#include "base/buf.h"
#include "base/csv.h"
#include "docs/docs.h"
#include "ui/chart.h"

static const docs_column cols[] = {
	{"unit", "Đơn vị", "Unit", DOCS_TEXT, 0},
	{"received", "Tiếp nhận", "Received", DOCS_INTEGER, 0},
	{"days", "Số ngày", "Days", DOCS_DECIMAL, 1},
	{"share", "Tỷ lệ", "Share", DOCS_PERCENT, 1},
	{"day", "Ngày", "Day", DOCS_DATE, 0},
};

/* Three rows: Vietnamese text, a formula-looking text, missing values. */
static void fill(docs_table *t, arena *a)
{
	docs_table_init(t, a, "thu-nghiem", "Bảng thử nghiệm", "Test table", cols, 5);
	docs_row(t);
	docs_text(t, "Phường Chiềng Cơi, \"mẫu\"");
	docs_int(t, 1234);
	docs_num(t, 2.26);
	docs_num(t, 0.9531);
	docs_text(t, "2026-11-27");
	docs_row(t);
	docs_text(t, "=cmd|' /C calc'!A0");
	docs_int(t, -5);
	docs_num(t, -0.01);
	docs_num(t, NAN);
	docs_text(t, NULL);
	docs_row(t);   /* left short: the rest is missing */
	docs_text(t, "+SUM(A1)\nhai dòng");
}

static void csv(buf *b, docs_table *t)
{
	buf_init(b, 1 << 20);
	assert_int_equal(docs_csv(t, b), 0);
}

static void csv_has_a_bom_keys_crlf_quotes_and_the_formula_guard(void **s)
{
	(void)s;
	arena a;
	arena_init(&a);
	docs_table t;
	fill(&t, &a);
	buf b;
	csv(&b, &t);
	assert_string_equal(buf_str(&b),
	                    "\xEF\xBB\xBF" "unit,received,days,share,day\r\n"
	                    "\"Phường Chiềng Cơi, \"\"mẫu\"\"\",1234,2.3,0.953,2026-11-27\r\n"
	                    "\"'=cmd|' /C calc'!A0\",-5,0.0,,\r\n"
	                    "\"'+SUM(A1)\nhai dòng\",,,,\r\n");
	/* The reader of the reference data reads it back, field by field. */
	csv_reader r;
	csv_init(&r, b.data + 3, b.len - 3);
	const char *f[CSV_MAX_FIELDS];
	assert_int_equal(csv_next(&r, &a, f), 5);
	assert_string_equal(f[3], "share");
	assert_int_equal(csv_next(&r, &a, f), 5);
	assert_string_equal(f[0], "Phường Chiềng Cơi, \"mẫu\"");
	assert_int_equal(csv_next(&r, &a, f), 5);
	assert_string_equal(f[0], "'=cmd|' /C calc'!A0");
	assert_int_equal(csv_next(&r, &a, f), 5);
	assert_int_equal(csv_next(&r, &a, f), 0);
	buf_free(&b);
	arena_free(&a);
}

/* Every character that starts a formula, and only those; numbers are never
 * touched (a negative number stays a number). */
static void the_formula_guard_covers_every_leading_character(void **s)
{
	(void)s;
	static const char *const risky[] = {"=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"};
	static const char *const safe[] = {"1-1", "a=b", " =1", "Đơn vị"};
	static const docs_column one[] = {{"v", "v", "v", DOCS_TEXT, 0}};
	arena a;
	arena_init(&a);
	for (size_t i = 0; i < sizeof risky / sizeof risky[0] + sizeof safe / sizeof safe[0]; i++) {
		bool bad = i < sizeof risky / sizeof risky[0];
		const char *v = bad ? risky[i] : safe[i - sizeof risky / sizeof risky[0]];
		docs_table t;
		docs_table_init(&t, &a, "x", "x", "x", one, 1);
		docs_row(&t);
		docs_text(&t, v);
		buf b;
		csv(&b, &t);
		const char *row = strstr(buf_str(&b), "\r\n") + 2;
		if (bad) assert_true(!strncmp(row, "\"'", 2));
		else assert_true(strncmp(row, "\"'", 2) != 0);
		buf_free(&b);
	}
	arena_free(&a);
}

static void json_has_typed_values_labels_and_nulls(void **s)
{
	(void)s;
	arena a;
	arena_init(&a);
	docs_table t;
	fill(&t, &a);
	json_t *j = docs_json(&t);
	assert_string_equal(json_string_value(json_object_get(j, "title_vi")), "Bảng thử nghiệm");
	json_t *c = json_array_get(json_object_get(j, "columns"), 3);
	assert_string_equal(json_string_value(json_object_get(c, "type")), "percent");
	assert_string_equal(json_string_value(json_object_get(c, "label_vi")), "Tỷ lệ");
	json_t *rows = json_object_get(j, "rows");
	assert_int_equal(json_array_size(rows), 3);
	json_t *r0 = json_array_get(rows, 0), *r1 = json_array_get(rows, 1), *r2 = json_array_get(rows, 2);
	assert_string_equal(json_string_value(json_object_get(r0, "unit")), "Phường Chiềng Cơi, \"mẫu\"");
	assert_true(json_is_integer(json_object_get(r0, "received")));
	assert_int_equal(json_integer_value(json_object_get(r0, "received")), 1234);
	assert_true(json_is_real(json_object_get(r0, "share")));
	assert_true(fabs(json_real_value(json_object_get(r0, "share")) - 0.953) < 1e-9);   /* the CSV's digits */
	assert_string_equal(json_string_value(json_object_get(r0, "day")), "2026-11-27");
	/* JSON has no formulas to guard: the text as it is. */
	assert_string_equal(json_string_value(json_object_get(r1, "unit")), "=cmd|' /C calc'!A0");
	assert_true(json_is_null(json_object_get(r1, "share")));
	assert_true(json_is_null(json_object_get(r1, "day")));
	assert_true(json_is_null(json_object_get(r2, "received")));
	json_decref(j);
	arena_free(&a);
}

static void xlsx_is_a_zip_workbook_in_memory(void **s)
{
	(void)s;
	arena a;
	arena_init(&a);
	docs_table t;
	fill(&t, &a);
	buf b;
	buf_init(&b, 1 << 20);
	err e = {0};
	assert_int_equal(docs_xlsx(&t, "vi", &b, &e), 0);
	assert_true(b.len > 1000);
	assert_memory_equal(b.data, "PK\x03\x04", 4);
	/* The parts are stored by name in the zip's directory. */
	assert_non_null(memmem(b.data, b.len, "xl/worksheets/sheet1.xml", 24));
	assert_non_null(memmem(b.data, b.len, "xl/sharedStrings.xml", 20));
	/* Too large for the buffer: a clear error, nothing half-written. */
	buf small;
	buf_init(&small, 512);
	assert_int_equal(docs_xlsx(&t, "en", &small, &e), MB_ETOOBIG);
	assert_string_equal(e.code, "too_large");
	buf_free(&small);
	buf_free(&b);
	arena_free(&a);
}

static void formats_and_file_names(void **s)
{
	(void)s;
	assert_int_equal(docs_format_of("/results/stats.csv"), DOCS_CSV);
	assert_int_equal(docs_format_of("/results/stats.json"), DOCS_JSON);
	assert_int_equal(docs_format_of("/results/stats.xlsx"), DOCS_XLSX);
	assert_int_equal(docs_format_of("/results/stats"), DOCS_NONE);
	assert_int_equal(docs_format_of("/a.csv/b"), DOCS_NONE);
	assert_int_equal(docs_format_of("/results/stats.pdf"), DOCS_NONE);
	assert_string_equal(docs_content_type(DOCS_CSV), "text/csv; charset=utf-8");
	assert_string_equal(docs_content_type(DOCS_XLSX), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
	arena a;
	arena_init(&a);
	assert_string_equal(docs_disposition(&a, "results-stats", "Thống kê", DOCS_XLSX),
	                    "attachment; filename=\"results-stats.xlsx\"; filename*=UTF-8''Th%E1%BB%91ng%20k%C3%AA.xlsx");
	/* Quotes, separators and control characters never reach the header. */
	assert_string_equal(docs_disposition(&a, "a\"b/c", "x/y\r\n\"z\"", DOCS_CSV),
	                    "attachment; filename=\"a-b-c.csv\"; filename*=UTF-8''x%20y%20%20%22z%22.csv");
	assert_string_equal(docs_disposition(&a, NULL, NULL, DOCS_JSON), "attachment; filename=\"data.json\"");
	arena_free(&a);
}

/* --- charts --- */

static const chart_text VI = {.no_data = "không có số liệu", .data_table = "Bảng số liệu", .target = "Mục tiêu",
                              .decimal_point = ','};

static int count(const char *s, const char *what)
{
	int n = 0;
	for (const char *p = s; (p = strstr(p, what)); p += strlen(what)) n++;
	return n;
}

static void line_chart_has_gaps_a_target_and_every_number(void **s)
{
	(void)s;
	static const char *const x[] = {"01/2026", "02/2026", "03/2026", "04/2026", "05/2026", "06/2026"};
	const double v[] = {50, 62.5, NAN, 80, 0, NAN};
	chart_line c = {
		.id = "t1", .title = "Tỷ lệ <đúng hạn> & \"trễ\"", .x_title = "Tháng", .x = x, .n = 6, .nseries = 1,
		.series = {{"Đúng hạn", v}}, .decimals = 1, .suffix = "%", .has_target = true, .target = 90, .y_max = 100,
	};
	buf b;
	buf_init(&b, 1 << 20);
	chart_line_svg(&b, &VI, &c);
	const char *h = buf_str(&b);
	/* Named and described; the labels escaped. */
	assert_non_null(strstr(h, "viewBox=\"0 0 400 224\""));
	assert_non_null(strstr(h, "role=\"img\" aria-labelledby=\"t1-title\" aria-describedby=\"t1-desc\""));
	assert_non_null(strstr(h, "<title id=\"t1-title\">Tỷ lệ &lt;đúng hạn&gt; &amp; &quot;trễ&quot;</title>"));
	assert_null(strstr(h, "<đúng"));
	/* Every number in the description, "no data" for the missing ones, the
	 * decimal comma of Vietnamese. */
	assert_non_null(strstr(h, "Đúng hạn: 01/2026 50,0%; 02/2026 62,5%; 03/2026 không có số liệu; 04/2026 80,0%;"
	                          " 05/2026 0,0%; 06/2026 không có số liệu."));
	assert_non_null(strstr(h, "Mục tiêu: 90,0%."));
	/* Gaps: two runs of values (01–02 and 04–05), never a line through the
	 * missing months; a dot for each of the four values. */
	assert_int_equal(count(h, "<polyline"), 2);
	assert_int_equal(count(h, "<circle"), 4);
	assert_non_null(strstr(h, "<g class=\"target\"><line"));
	/* The table carries the same numbers. */
	assert_non_null(strstr(h, "<tr><th scope=\"row\">03/2026</th><td class=\"num\">không có số liệu</td></tr>"));
	assert_non_null(strstr(h, "<tr><th scope=\"row\">02/2026</th><td class=\"num\">62,5%</td></tr>"));
	/* No script, no style attribute. */
	assert_null(strstr(h, "<script"));
	assert_null(strstr(h, "style="));
	buf_free(&b);
}

static void a_lone_value_is_a_dot_and_the_scale_is_round(void **s)
{
	(void)s;
	static const char *const x[] = {"A", "B", "C"};
	const double v[] = {NAN, 7, NAN}, w[] = {3, 3, 3};
	chart_line c = {.id = "t2", .title = "x", .x = x, .n = 3, .nseries = 2, .series = {{"a", v}, {"b", w}}};
	buf b;
	buf_init(&b, 1 << 20);
	chart_line_svg(&b, &VI, &c);
	const char *h = buf_str(&b);
	assert_int_equal(count(h, "<polyline"), 1);   /* the full series only */
	assert_int_equal(count(h, "<circle"), 4);
	/* Max 7: steps of 2 up to 8, whole numbers. */
	assert_non_null(strstr(h, "text-anchor=\"end\">8</text>"));
	assert_null(strstr(h, "text-anchor=\"end\">1,75"));
	assert_non_null(strstr(h, "<span class=\"key s2\"></span>b"));
	buf_free(&b);
	/* Nothing at all: still a chart, with no line and "no data" everywhere. */
	const double none[] = {NAN, NAN, NAN};
	chart_line e = {.id = "t3", .title = "y", .x = x, .n = 3, .nseries = 1, .series = {{"a", none}}};
	buf_init(&b, 1 << 20);
	chart_line_svg(&b, &VI, &e);
	assert_int_equal(count(buf_str(&b), "<polyline"), 0);
	assert_int_equal(count(buf_str(&b), "không có số liệu"), 6);   /* description and table */
	buf_free(&b);
}

static void bars_scale_to_the_largest_and_show_missing_as_words(void **s)
{
	(void)s;
	static const char *const labels[] = {"Phường Chiềng Cơi", "Sở <Y tế>", "Xã Chiềng Ngần"};
	const double v[] = {40, NAN, 10};
	chart_bars c = {.id = "b1", .title = "Tiếp nhận", .label_title = "Đơn vị", .value_title = "Số vụ",
	                .labels = labels, .v = v, .n = 3};
	buf b;
	buf_init(&b, 1 << 20);
	chart_bars_svg(&b, &VI, &c);
	const char *h = buf_str(&b);
	assert_non_null(strstr(h, "viewBox=\"0 0 400 126\""));
	assert_int_equal(count(h, "<rect class=\"bar\""), 2);
	assert_non_null(strstr(h, "width=\"300.0\""));   /* the largest: the full length */
	assert_non_null(strstr(h, "width=\"75.0\""));    /* a quarter of it */
	assert_non_null(strstr(h, "<text class=\"nodata\" x=\"0\" y=\"72\">không có số liệu</text>"));
	assert_non_null(strstr(h, "Sở &lt;Y tế&gt;"));
	assert_non_null(strstr(h, "Tiếp nhận. Phường Chiềng Cơi: 40; Sở &lt;Y tế&gt;: không có số liệu; Xã Chiềng Ngần: 10."));
	assert_non_null(strstr(h, "<tr><th scope=\"row\">Xã Chiềng Ngần</th><td class=\"num\">10</td></tr>"));
	assert_null(strstr(h, "style="));
	buf_free(&b);
}

static void values_print_in_the_page_language(void **s)
{
	(void)s;
	chart_text en = VI;
	en.decimal_point = '.';
	en.no_data = "no data";
	buf b;
	buf_init(&b, 256);
	chart_value(&b, &VI, 12.345, 1, "%");
	assert_string_equal(buf_str(&b), "12,3%");
	buf_reset(&b);
	chart_value(&b, &en, 12.345, 1, "%");
	assert_string_equal(buf_str(&b), "12.3%");
	buf_reset(&b);
	chart_value(&b, &en, -0.01, 0, NULL);
	assert_string_equal(buf_str(&b), "0");
	buf_reset(&b);
	chart_value(&b, &en, NAN, 0, NULL);
	assert_string_equal(buf_str(&b), "no data");
	buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(csv_has_a_bom_keys_crlf_quotes_and_the_formula_guard),
		cmocka_unit_test(the_formula_guard_covers_every_leading_character),
		cmocka_unit_test(json_has_typed_values_labels_and_nulls),
		cmocka_unit_test(xlsx_is_a_zip_workbook_in_memory),
		cmocka_unit_test(formats_and_file_names),
		cmocka_unit_test(line_chart_has_gaps_a_target_and_every_number),
		cmocka_unit_test(a_lone_value_is_a_dot_and_the_scale_is_round),
		cmocka_unit_test(bars_scale_to_the_largest_and_show_missing_as_words),
		cmocka_unit_test(values_print_in_the_page_language),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
