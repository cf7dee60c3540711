/* format.c — Open311 documents (XML and JSON from one model), times and input checks. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/calendar.h"
#include "base/text.h"
#include "open311/format.h"

enum { VN_OFFSET_S = 7 * 3600 };

int o311_split_ext(const char *name, arena *a, const char **base, o311_fmt *fmt)
{
	if (!name) return -1;
	const char *dot = strrchr(name, '.');
	if (!dot || dot == name) return -1;
	if (!strcmp(dot, ".xml")) *fmt = O311_XML;
	else if (!strcmp(dot, ".json")) *fmt = O311_JSON;
	else return -1;
	*base = arena_strndup(a, name, (size_t)(dot - name));
	return 0;
}

const char *o311_item_name(const char *c)
{
	static const char *const map[][2] = {
		{"services", "service"}, {"service_requests", "request"}, {"errors", "error"},
		{"endpoints", "endpoint"}, {"formats", "format"}, {"attributes", "attribute"},
		{"values", "value"}, {"service_request_updates", "request_update"},
	};
	for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
		if (!strcmp(c, map[i][0])) return map[i][1];
	return c;
}

void o311_xml_escape(buf *b, const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		switch (*p) {
		case '&': buf_adds(b, "&amp;"); break;
		case '<': buf_adds(b, "&lt;"); break;
		case '>': buf_adds(b, "&gt;"); break;
		case '"': buf_adds(b, "&quot;"); break;
		case '\'': buf_adds(b, "&apos;"); break;
		default:
			if (*p < 0x20 && *p != '\t' && *p != '\n' && *p != '\r') break;   /* not allowed in XML 1.0 */
			buf_addc(b, (char)*p);
		}
	}
}

static void xml_value(buf *b, const char *name, json_t *j)
{
	if (!j || json_is_null(j)) { buf_printf(b, "<%s/>", name); return; }
	buf_printf(b, "<%s>", name);
	switch (json_typeof(j)) {
	case JSON_OBJECT: {
		const char *k;
		json_t *v;
		json_object_foreach(j, k, v) xml_value(b, k, v);
		break;
	}
	case JSON_ARRAY: {
		size_t i;
		json_t *v;
		const char *item = o311_item_name(name);
		json_array_foreach(j, i, v) xml_value(b, item, v);
		break;
	}
	case JSON_STRING: o311_xml_escape(b, json_string_value(j)); break;
	case JSON_INTEGER: buf_printf(b, "%" JSON_INTEGER_FORMAT, json_integer_value(j)); break;
	case JSON_REAL: buf_printf(b, "%.10g", json_real_value(j)); break;
	case JSON_TRUE: buf_adds(b, "true"); break;
	case JSON_FALSE: buf_adds(b, "false"); break;
	case JSON_NULL: break;
	}
	buf_printf(b, "</%s>", name);
}

void o311_xml_doc(buf *b, const char *root, json_t *j)
{
	buf_adds(b, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
	xml_value(b, root, j);
	buf_addc(b, '\n');
}

void o311_json_doc(buf *b, json_t *j)
{
	char *s = json_dumps(j, JSON_COMPACT | JSON_REAL_PRECISION(10));
	if (s) { buf_adds(b, s); free(s); }
}

void o311_write(buf *b, o311_fmt f, const char *root, json_t *j)
{
	if (f == O311_XML) o311_xml_doc(b, root, j);
	else o311_json_doc(b, j);
}

json_t *o311_errors(int code, const char *description)
{
	return json_pack("[{s:i, s:s}]", "code", code, "description", description ? description : "");
}

void o311_time(int64_t t, char *out, size_t n)
{
	time_t local = (time_t)(t + VN_OFFSET_S);
	struct tm tm;
	gmtime_r(&local, &tm);
	char s[32];
	strftime(s, sizeof s, "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(out, n, "%s+07:00", s);
}

static bool digits(const char *s, int n, int *out)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9') return false;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return true;
}

int64_t o311_parse_time(const char *s)
{
	if (!s) return -1;
	int y, mo, d, h = 0, mi = 0, sec = 0;
	if (!digits(s, 4, &y) || s[4] != '-' || !digits(s + 5, 2, &mo) || s[7] != '-' || !digits(s + 8, 2, &d))
		return -1;
	if (y < 1970 || y > 9999 || mo < 1 || mo > 12 || d < 1 || d > 31) return -1;
	int32_t day = cal_day_from_ymd(y, mo, d);
	int cy, cm, cd;
	cal_ymd(day, &cy, &cm, &cd);
	if (cy != y || cm != mo || cd != d) return -1;   /* 2026-02-30 */
	const char *p = s + 10;
	int offset = VN_OFFSET_S;
	if (*p == 'T' || *p == ' ') {
		p++;
		if (!digits(p, 2, &h) || p[2] != ':' || !digits(p + 3, 2, &mi)) return -1;
		p += 5;
		if (*p == ':') {
			if (!digits(p + 1, 2, &sec)) return -1;
			p += 3;
			if (*p == '.') {
				p++;
				if (*p < '0' || *p > '9') return -1;
				while (*p >= '0' && *p <= '9') p++;
			}
		}
		if (h > 23 || mi > 59 || sec > 60) return -1;
		if (*p == 'Z') { offset = 0; p++; }
		else if (*p == '+' || *p == '-') {
			int oh, om;
			int sign = *p == '-' ? -1 : 1;
			p++;
			if (!digits(p, 2, &oh)) return -1;
			p += 2;
			if (*p == ':') p++;
			if (!digits(p, 2, &om)) return -1;
			p += 2;
			if (oh > 14 || om > 59) return -1;
			offset = sign * (oh * 3600 + om * 60);
		}
	}
	if (*p) return -1;
	return (int64_t)day * 86400 + h * 3600 + mi * 60 + sec - offset;
}

int o311_parse_coord(const char *s, double min, double max, double *out)
{
	return text_parse_decimal(s, min, max, out);
}

char *o311_title(arena *a, const char *s, size_t max_chars)
{
	if (!s) return arena_strdup(a, "");
	while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r') s++;
	size_t n = strlen(s);
	char *out = arena_alloc(a, n + 1);
	size_t o = 0, chars = 0;
	for (size_t i = 0; i < n && chars < max_chars;) {
		unsigned char c = (unsigned char)s[i];
		size_t len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 1;
		if (i + len > n) break;
		if (c == '\n' || c == '\r' || c == '\t') {
			if (o && out[o - 1] != ' ') out[o++] = ' ', chars++;
			i++;
			continue;
		}
		memcpy(out + o, s + i, len);
		o += len;
		i += len;
		chars++;
	}
	while (o && out[o - 1] == ' ') o--;
	out[o] = 0;
	return out;
}

const char *o311_attribute_code(arena *a, const char *key)
{
	static const char pre[] = "attribute[";
	size_t n = strlen(key), p = sizeof pre - 1;
	if (n <= p + 1 || strncmp(key, pre, p) || key[n - 1] != ']') return NULL;
	return arena_strndup(a, key + p, n - p - 1);
}

bool o311_url_ok(const char *s)
{
	if (!s) return false;
	size_t n = strlen(s);
	if (n > 2000) return false;
	size_t scheme = !strncmp(s, "https://", 8) ? 8 : !strncmp(s, "http://", 7) ? 7 : 0;
	if (!scheme || n == scheme) return false;
	for (size_t i = 0; i < n; i++)
		if (s[i] <= ' ' || s[i] >= 0x7f) return false;
	return true;
}

double o311_distance_km(double lat1, double lon1, double lat2, double lon2)
{
	const double r = 6371.0, rad = M_PI / 180.0;
	double dlat = (lat2 - lat1) * rad, dlon = (lon2 - lon1) * rad;
	double h = sin(dlat / 2) * sin(dlat / 2) + cos(lat1 * rad) * cos(lat2 * rad) * sin(dlon / 2) * sin(dlon / 2);
	return 2 * r * asin(sqrt(h < 1 ? h : 1));
}

int o311_nearest(const double *lat, const double *lon, int n, double at_lat, double at_lon, double max_km)
{
	int best = -1;
	double best_km = max_km;
	for (int i = 0; i < n; i++) {
		double km = o311_distance_km(at_lat, at_lon, lat[i], lon[i]);
		if (km <= best_km) {
			best = i;
			best_km = km;
		}
	}
	return best;
}
