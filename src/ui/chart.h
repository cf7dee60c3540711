/* chart.h — charts as server-rendered SVG: a line chart of a trend (months)
 * with an optional target line, and horizontal bars for a ranking.
 *
 * No JavaScript and no style attribute (the CSP allows the stylesheet only):
 * colours and strokes come from classes in static/style.css (.chart …). The
 * SVG has a viewBox and scales to the width of its box (a 390 px phone
 * included); it is role="img" named by its <title> and described by its
 * <desc>, which says every number. Under it, a table in a <details> carries
 * the same numbers for those who read or copy them. Labels are escaped.
 * A missing value (NAN: no data, e.g. a share of nothing) is drawn as a gap in
 * the line or as no bar with the words for "no data", never as 0.
 */
#ifndef MB_CHART_H
#define MB_CHART_H

#include <stdbool.h>

#include "base/buf.h"
#include "web/web.h"

enum { CHART_SERIES_MAX = 4 };

typedef struct chart_series {
	const char *label;          /* already translated */
	const double *v;            /* one per x label; NAN = no data */
} chart_series;

/* The words and number format of the page's language. */
typedef struct chart_text {
	const char *no_data;        /* "không có số liệu" */
	const char *data_table;     /* the <summary> of the table: "Bảng số liệu" */
	const char *target;         /* the target line's label: "Mục tiêu" */
	char decimal_point;         /* ',' in Vietnamese, '.' in English */
} chart_text;

typedef struct chart_line {
	const char *id;             /* unique on the page: the ids of title and desc */
	const char *title;          /* already translated */
	const char *x_title;        /* what the x labels are ("Tháng"): the table's corner */
	const char *const *x;       /* n labels, e.g. "11/2026" */
	int n;
	chart_series series[CHART_SERIES_MAX];
	int nseries;
	int decimals;               /* places of the values shown */
	const char *suffix;         /* after each value ("%", or NULL) */
	bool has_target;
	double target;              /* drawn as a dashed line when has_target */
	double y_max;               /* the top of the scale; 0 = from the values */
} chart_line;

typedef struct chart_bars {
	const char *id, *title;
	const char *label_title;    /* what the labels are ("Đơn vị"): the table's corner */
	const char *value_title;    /* what the values are ("Tiếp nhận") */
	const char *const *labels;  /* n */
	const double *v;            /* n; NAN = no data */
	int n;
	int decimals;
	const char *suffix;
	double max;                 /* the full length of a bar; 0 = the largest value */
} chart_bars;

/* The words and decimal point of the request's language. */
chart_text chart_text_of(web_req *r);
/* A value as the chart prints it ("12,5%", or the no-data words). */
void chart_value(buf *b, const chart_text *tx, double v, int decimals, const char *suffix);
/* <figure class="chart"> with the SVG, a legend and the table. */
void chart_line_svg(buf *b, const chart_text *tx, const chart_line *c);
void chart_bars_svg(buf *b, const chart_text *tx, const chart_bars *c);

#endif
