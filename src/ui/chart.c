/* chart.c — server-rendered SVG charts (see chart.h). Coordinates are in the
 * viewBox's units, written with '.' whatever the page's language. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "base/text.h"
#include "ui/chart.h"
#include "web/html.h"

/* The line chart's box: the plot from (CL, CT) to (CW - CR, CB); labels below. */
enum { CW = 400, CH = 224, CL = 44, CR = 26, CT = 14, CB = 186 };
/* The bars: a label line, then the bar, per row. */
enum { BAR_ROW = 40, BAR_LEN = 300 };

chart_text chart_text_of(web_req *r)
{
	bool en = r->lang && !strcmp(r->lang, "en");
	return (chart_text){.no_data = web_t(r, "không có số liệu"), .data_table = web_t(r, "Bảng số liệu"),
	                    .target = web_t(r, "Mục tiêu"), .decimal_point = en ? '.' : ','};
}

void chart_value(buf *b, const chart_text *tx, double v, int decimals, const char *suffix)
{
	if (isnan(v)) {
		buf_adds(b, tx->no_data);
		return;
	}
	char num[64];
	snprintf(num, sizeof num, "%.*f", decimals < 0 ? 0 : decimals, v);
	if (!strncmp(num, "-0", 2) && strspn(num + 2, ".0") == strlen(num + 2)) memmove(num, num + 1, strlen(num));
	for (char *c = num; *c; c++)
		if (*c == '.') *c = tx->decimal_point ? tx->decimal_point : '.';
	buf_adds(b, num);
	if (suffix) buf_adds(b, suffix);
}

/* The value as text (escaped where it is printed). */
static const char *value_str(buf *tmp, const chart_text *tx, double v, int decimals, const char *suffix)
{
	buf_reset(tmp);
	chart_value(tmp, tx, v, decimals, suffix);
	return buf_str(tmp);
}

/* The step of the scale: 1, 2 or 5 times a power of ten, at least max / 4
 * (at least 1 for whole numbers). */
static double nice_step(double max, int decimals)
{
	double raw = max / 4;
	if (raw <= 0) raw = decimals > 0 ? pow(10, -decimals) : 1;
	double p = pow(10, floor(log10(raw)));
	double f = raw / p;
	double step = (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * p;
	if (decimals <= 0 && step < 1) step = 1;
	return step;
}

/* The figure's opening: the SVG named by its title, described by desc. */
static void svg_open(buf *b, const char *id, const char *title, const char *desc, int w, int h)
{
	html_printf(b, "<figure class=\"chart\"><svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" role=\"img\""
	               " aria-labelledby=\"%s-title\" aria-describedby=\"%s-desc\" focusable=\"false\"><title id=\"%s-title\">%s</title>"
	               "<desc id=\"%s-desc\">%s</desc>",
	            w, h, id, id, id, title, id, desc);
}

void chart_line_svg(buf *b, const chart_text *tx, const chart_line *c)
{
	buf tmp, desc;
	buf_init(&tmp, 256);
	buf_init(&desc, 64 * 1024);
	int ns = c->nseries < 0 ? 0 : c->nseries > CHART_SERIES_MAX ? CHART_SERIES_MAX : c->nseries;
	/* The description: every number, series by series. */
	buf_printf(&desc, "%s.", c->title);
	for (int s = 0; s < ns; s++) {
		buf_printf(&desc, " %s:", c->series[s].label);
		for (int i = 0; i < c->n; i++)
			buf_printf(&desc, "%s %s %s", i ? ";" : "", c->x[i], value_str(&tmp, tx, c->series[s].v[i], c->decimals, c->suffix));
		buf_addc(&desc, '.');
	}
	if (c->has_target) buf_printf(&desc, " %s: %s.", tx->target, value_str(&tmp, tx, c->target, c->decimals, c->suffix));
	/* The scale. */
	double max = c->y_max;
	if (max <= 0) {
		for (int s = 0; s < ns; s++)
			for (int i = 0; i < c->n; i++)
				if (!isnan(c->series[s].v[i]) && c->series[s].v[i] > max) max = c->series[s].v[i];
		if (c->has_target && c->target > max) max = c->target;
	}
	double step = nice_step(max, c->decimals), top = c->y_max > 0 ? c->y_max : step * 4;
	if (top < max) top = step * ceil(max / step);
	if (c->y_max > 0) step = top / 4;
	const double pw = CW - CL - CR, ph = CB - CT;
#define X(i) (c->n > 1 ? CL + pw * (i) / (c->n - 1) : CL + pw / 2)
#define Y(v) (CB - ph * ((v) < 0 ? 0 : (v) > top ? top : (v)) / top)
	svg_open(b, c->id, c->title, buf_str(&desc), CW, CH);
	/* Grid lines and the values of the scale. */
	buf_adds(b, "<g class=\"grid\">");
	for (int k = 0; k * step <= top + step / 1000; k++) {
		double y = Y(k * step);
		buf_printf(b, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\"/>", CL, y, CW - CR, y);
		buf_printf(b, "<text class=\"tick\" x=\"%d\" y=\"%.1f\" text-anchor=\"end\">", CL - 4, y + 4);
		html_escape(b, value_str(&tmp, tx, k * step, c->decimals, c->suffix));
		buf_adds(b, "</text>");
	}
	buf_adds(b, "</g>");
	/* The x labels: as many as fit, the latest always. */
	int widest = 1;
	for (int i = 0; i < c->n; i++)
		if ((int)text_utf8_len(c->x[i]) > widest) widest = (int)text_utf8_len(c->x[i]);
	int fit = (int)(pw / (widest * 6.5 + 8)), every = fit > 0 ? (c->n + fit - 1) / fit : c->n;
	if (every < 1) every = 1;
	buf_adds(b, "<g class=\"axis\">");
	for (int i = 0; i < c->n; i++) {
		if ((c->n - 1 - i) % every) continue;
		buf_printf(b, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">", X(i), CB + 18);
		html_escape(b, c->x[i]);
		buf_adds(b, "</text>");
	}
	buf_adds(b, "</g>");
	if (c->has_target && !isnan(c->target)) {
		double y = Y(c->target);
		buf_printf(b, "<g class=\"target\"><line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\"/>"
		              "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">", CL, y, CW - CR, y, CW - CR, y - 4);
		html_escape(b, tx->target);
		buf_adds(b, " ");
		html_escape(b, value_str(&tmp, tx, c->target, c->decimals, c->suffix));
		buf_adds(b, "</text></g>");
	}
	/* Each series: its runs of values as lines (a missing value breaks the
	 * line: a gap, never a drop to 0), and a dot on every value. */
	for (int s = 0; s < ns; s++) {
		const double *v = c->series[s].v;
		buf_printf(b, "<g class=\"series s%d\">", s + 1);
		for (int i = 0; i < c->n;) {
			if (isnan(v[i])) { i++; continue; }
			int j = i;
			while (j < c->n && !isnan(v[j])) j++;
			if (j - i > 1) {
				buf_adds(b, "<polyline class=\"line\" points=\"");
				for (int k = i; k < j; k++) buf_printf(b, "%s%.1f,%.1f", k > i ? " " : "", X(k), Y(v[k]));
				buf_adds(b, "\"/>");
			}
			i = j;
		}
		for (int i = 0; i < c->n; i++)
			if (!isnan(v[i])) buf_printf(b, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\"/>", X(i), Y(v[i]));
		buf_adds(b, "</g>");
	}
	buf_adds(b, "</svg>");
	/* The legend, then every number in a table. */
	buf_adds(b, "<figcaption><ul class=\"legend\">");
	for (int s = 0; s < ns; s++) html_printf(b, "<li><span class=\"key s%d\"></span>%s</li>", s + 1, c->series[s].label);
	if (c->has_target) html_printf(b, "<li><span class=\"key target\"></span>%s</li>", tx->target);
	html_printf(b, "</ul><details><summary>%s</summary><table class=\"list chart-data\"><thead><tr><th scope=\"col\">%s</th>",
	            tx->data_table, c->x_title ? c->x_title : "");
	for (int s = 0; s < ns; s++) html_printf(b, "<th scope=\"col\" class=\"num\">%s</th>", c->series[s].label);
	buf_adds(b, "</tr></thead><tbody>");
	for (int i = 0; i < c->n; i++) {
		html_printf(b, "<tr><th scope=\"row\">%s</th>", c->x[i]);
		for (int s = 0; s < ns; s++)
			html_printf(b, "<td class=\"num\">%s</td>", value_str(&tmp, tx, c->series[s].v[i], c->decimals, c->suffix));
		buf_adds(b, "</tr>");
	}
	buf_adds(b, "</tbody></table></details></figcaption></figure>");
	buf_free(&tmp);
	buf_free(&desc);
#undef X
#undef Y
}

void chart_bars_svg(buf *b, const chart_text *tx, const chart_bars *c)
{
	buf tmp, desc;
	buf_init(&tmp, 256);
	buf_init(&desc, 64 * 1024);
	buf_printf(&desc, "%s.", c->title);
	double max = c->max;
	for (int i = 0; i < c->n; i++) {
		buf_printf(&desc, "%s %s: %s", i ? ";" : "", c->labels[i], value_str(&tmp, tx, c->v[i], c->decimals, c->suffix));
		if (c->max <= 0 && !isnan(c->v[i]) && c->v[i] > max) max = c->v[i];
	}
	buf_addc(&desc, '.');
	int h = c->n * BAR_ROW + 6;
	svg_open(b, c->id, c->title, buf_str(&desc), CW, h > 20 ? h : 20);
	for (int i = 0; i < c->n; i++) {
		int y = i * BAR_ROW;
		buf_printf(b, "<text class=\"label\" x=\"0\" y=\"%d\">", y + 14);
		html_escape(b, c->labels[i]);
		buf_adds(b, "</text>");
		double v = c->v[i];
		if (isnan(v)) {
			buf_printf(b, "<text class=\"nodata\" x=\"0\" y=\"%d\">", y + 32);
			html_escape(b, tx->no_data);
			buf_adds(b, "</text>");
			continue;
		}
		double len = max > 0 ? BAR_LEN * (v < 0 ? 0 : v > max ? max : v) / max : 0;
		buf_printf(b, "<rect class=\"bar\" x=\"0\" y=\"%d\" width=\"%.1f\" height=\"14\"/>", y + 20, len);
		buf_printf(b, "<text class=\"value\" x=\"%.1f\" y=\"%d\">", len + 4, y + 32);
		html_escape(b, value_str(&tmp, tx, v, c->decimals, c->suffix));
		buf_adds(b, "</text>");
	}
	html_printf(b, "</svg><figcaption><details><summary>%s</summary><table class=\"list chart-data\"><thead><tr>"
	               "<th scope=\"col\">%s</th><th scope=\"col\" class=\"num\">%s</th></tr></thead><tbody>",
	            tx->data_table, c->label_title ? c->label_title : "", c->value_title ? c->value_title : "");
	for (int i = 0; i < c->n; i++)
		html_printf(b, "<tr><th scope=\"row\">%s</th><td class=\"num\">%s</td></tr>", c->labels[i],
		            value_str(&tmp, tx, c->v[i], c->decimals, c->suffix));
	buf_adds(b, "</tbody></table></details></figcaption></figure>");
	buf_free(&tmp);
	buf_free(&desc);
}
