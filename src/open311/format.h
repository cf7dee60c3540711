/* format.h — the pure parts of Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2):
 * one response model (a jansson value) written as XML or JSON, the spec's
 * error body, ISO 8601 times with Vietnam's offset, and the input checks.
 * No database, no web request: unit-tested in tests/unit/test_open311.c. */
#ifndef MB_OPEN311_FORMAT_H
#define MB_OPEN311_FORMAT_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/buf.h"

typedef enum o311_fmt { O311_XML, O311_JSON } o311_fmt;

#define O311_XML_TYPE "text/xml; charset=utf-8"
#define O311_JSON_TYPE "application/json; charset=utf-8"

/* "harassment.xml" → base "harassment" and O311_XML; -1 when the name has no
 * ".xml" / ".json" extension or nothing before it. */
int o311_split_ext(const char *name, arena *a, const char **base, o311_fmt *fmt);

/* The element name of an array's items: "services" → "service",
 * "service_requests" → "request", "errors" → "error", "endpoints" →
 * "endpoint", "formats" → "format", "attributes" → "attribute", "values" →
 * "value"; otherwise the container's name. */
const char *o311_item_name(const char *container);

/* Appends s with & < > " ' escaped and C0 controls other than tab, CR and LF dropped. */
void o311_xml_escape(buf *b, const char *s);
/* The whole document: the XML declaration, then j as element `root`. Objects
 * give one child per key in order; arrays one child per item, named by
 * o311_item_name(); strings are escaped; true/false; numbers; null gives an
 * empty element. */
void o311_xml_doc(buf *b, const char *root, json_t *j);
/* j as compact JSON (reals with up to 10 significant digits). */
void o311_json_doc(buf *b, json_t *j);
/* The document in either format. */
void o311_write(buf *b, o311_fmt f, const char *root, json_t *j);

/* The spec's error list: [{"code": 403, "description": "…"}] (root "errors"). */
json_t *o311_errors(int code, const char *description);

/* "2026-11-27T09:30:00+07:00": the instant in Vietnam time (UTC+7, no DST);
 * out ≥ 26 bytes. */
void o311_time(int64_t t, char *out, size_t n);
/* Parses an ISO 8601 date or date-time: "YYYY-MM-DD" (Vietnam midnight) or
 * "YYYY-MM-DDTHH:MM[:SS[.fff]]" with "Z", "±HH:MM" or "±HHMM" (no zone:
 * Vietnam time). Returns UTC seconds, or -1 when malformed. */
int64_t o311_parse_time(const char *s);

/* A decimal coordinate in [min, max]: 0, or -1 when malformed or out of range. */
int o311_parse_coord(const char *s, double min, double max, double *out);

/* The first max_chars characters (UTF-8) of s on one line, trimmed: the
 * title of a case made from its description. */
char *o311_title(arena *a, const char *s, size_t max_chars);

/* "attribute[unit]" → "unit"; NULL when the key is not an attribute. */
const char *o311_attribute_code(arena *a, const char *key);

/* Whether s is an absolute http(s) URL of at most 2000 printable ASCII characters. */
bool o311_url_ok(const char *s);

/* The great-circle distance in km between two WGS84 points (haversine). */
double o311_distance_km(double lat1, double lon1, double lat2, double lon2);
/* The index of the point nearest to (at_lat, at_lon) among n, at most max_km
 * away (the first of equals), or -1. */
int o311_nearest(const double *lat, const double *lon, int n, double at_lat, double at_lon, double max_km);

#endif
