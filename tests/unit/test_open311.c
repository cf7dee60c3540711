/* Unit tests for open311/: the pure parts of GeoReport v2 (XML and JSON from
 * one model, the spec's error list, times with Vietnam's offset, input
 * checks) and the API keys against a temporary database (hash only stored,
 * one event per create and revoke, revoked keys stop working). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/text.h"
#include "db/db.h"
#include "ledger/ledger.h"
#include "open311/format.h"
#include "open311/open311.h"
#include "tmpdb.h"

static char *doc(o311_fmt f, const char *root, json_t *j)
{
	buf b;
	buf_init(&b, 1 << 20);
	o311_write(&b, f, root, j);
	json_decref(j);
	size_t n;
	return buf_steal(&b, &n);
}

static void extensions_choose_the_format(void **s)
{
	arena a;
	arena_init(&a);
	const char *base;
	o311_fmt f;
	assert_int_equal(o311_split_ext("harassment.xml", &a, &base, &f), 0);
	assert_string_equal(base, "harassment");
	assert_int_equal(f, O311_XML);
	assert_int_equal(o311_split_ext("DT-261127-0001.json", &a, &base, &f), 0);
	assert_string_equal(base, "DT-261127-0001");
	assert_int_equal(f, O311_JSON);
	assert_int_equal(o311_split_ext("a.b.json", &a, &base, &f), 0);
	assert_string_equal(base, "a.b");
	assert_int_equal(o311_split_ext("services", &a, &base, &f), -1);
	assert_int_equal(o311_split_ext(".xml", &a, &base, &f), -1);
	assert_int_equal(o311_split_ext("services.txt", &a, &base, &f), -1);
	assert_int_equal(o311_split_ext("services.XML", &a, &base, &f), -1);
	assert_int_equal(o311_split_ext(NULL, &a, &base, &f), -1);
	arena_free(&a);
}

static void xml_escapes_the_five_characters(void **s)
{
	buf b;
	buf_init(&b, 1024);
	o311_xml_escape(&b, "a&b<c>d\"e'f\x01g\th\ni");
	assert_string_equal(buf_str(&b), "a&amp;b&lt;c&gt;d&quot;e&apos;f" "g\th\ni");
	buf_free(&b);
}

static void one_model_two_formats(void **s)
{
	json_t *m = json_pack("[{s:s, s:b, s:i, s:[s, s], s:n, s:f}]", "service_code", "delay", "metadata", 1,
	                      "order", 2, "formats", "text/xml", "application/json", "account_id", "lat", 21.3271);
	json_incref(m);
	char *x = doc(O311_XML, "services", m);
	assert_string_equal(x, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
	                       "<services><service><service_code>delay</service_code><metadata>true</metadata>"
	                       "<order>2</order><formats><format>text/xml</format><format>application/json</format>"
	                       "</formats><account_id/><lat>21.3271</lat></service></services>\n");
	free(x);
	char *j = doc(O311_JSON, "services", m);
	assert_string_equal(j, "[{\"service_code\":\"delay\",\"metadata\":true,\"order\":2,"
	                       "\"formats\":[\"text/xml\",\"application/json\"],\"account_id\":null,\"lat\":21.3271}]");
	free(j);
}

static void item_names_follow_the_spec(void **s)
{
	assert_string_equal(o311_item_name("services"), "service");
	assert_string_equal(o311_item_name("service_requests"), "request");
	assert_string_equal(o311_item_name("errors"), "error");
	assert_string_equal(o311_item_name("endpoints"), "endpoint");
	assert_string_equal(o311_item_name("formats"), "format");
	assert_string_equal(o311_item_name("attributes"), "attribute");
	assert_string_equal(o311_item_name("values"), "value");
}

static void errors_in_the_spec_format(void **s)
{
	char *x = doc(O311_XML, "errors", o311_errors(403, "api_key: <sai>"));
	assert_string_equal(x, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
	                       "<errors><error><code>403</code><description>api_key: &lt;sai&gt;</description></error></errors>\n");
	free(x);
	char *j = doc(O311_JSON, "errors", o311_errors(400, "lat: \"x\""));
	assert_string_equal(j, "[{\"code\":400,\"description\":\"lat: \\\"x\\\"\"}]");
	free(j);
}

static void times_carry_vietnams_offset(void **s)
{
	char t[32];
	int64_t at = o311_parse_time("2026-11-27T02:30:00Z");
	assert_true(at > 0);
	o311_time(at, t, sizeof t);
	assert_string_equal(t, "2026-11-27T09:30:00+07:00");
	o311_time(o311_parse_time("2026-11-27T20:15:05Z"), t, sizeof t);
	assert_string_equal(t, "2026-11-28T03:15:05+07:00");   /* the next day in Vietnam */
	o311_time(o311_parse_time("2026-12-31T23:59:59+07:00"), t, sizeof t);
	assert_string_equal(t, "2026-12-31T23:59:59+07:00");
}

static void iso_dates_are_parsed_strictly(void **s)
{
	int64_t z = o311_parse_time("2026-11-27T02:30:00Z");
	assert_int_equal(o311_parse_time("2026-11-27T09:30:00+07:00"), z);
	assert_int_equal(o311_parse_time("2026-11-27T09:30:00+0700"), z);
	assert_int_equal(o311_parse_time("2026-11-26T21:30:00-05:00"), z);
	assert_int_equal(o311_parse_time("2026-11-27T09:30:00.123+07:00"), z);
	assert_int_equal(o311_parse_time("2026-11-27T09:30"), z);                        /* no zone: Vietnam time */
	assert_int_equal(o311_parse_time("2026-11-27"), o311_parse_time("2026-11-26T17:00:00Z"));
	static const char *const bad[] = {"", "2026", "2026-11-27T", "2026-02-30", "2026-13-01", "2026-11-27T24:00:00Z",
	                                  "2026-11-27T09:60:00Z", "2026-11-27T09:30:00+7", "2026-11-27T09:30:00Zjunk",
	                                  "27/11/2026", "2026-11-27T09:30:00.Z", "1969-12-31", "2026-11-27T09:30:00+15:00"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		if (o311_parse_time(bad[i]) != -1) fail_msg("accepted %s", bad[i]);
	assert_int_equal(o311_parse_time(NULL), -1);
}

static void coordinates_are_plain_decimals_in_range(void **s)
{
	double v = 0;
	assert_int_equal(o311_parse_coord("21.3271", -90, 90, &v), 0);
	assert_true(v > 21.327 && v < 21.3272);
	assert_int_equal(o311_parse_coord("-90", -90, 90, &v), 0);
	assert_int_equal(o311_parse_coord("103.91", -180, 180, &v), 0);
	static const char *const bad[] = {"", "abc", "90.0001", "-91", "nan", "inf", "1e3", "0x10", "21,3", "21.3 ", "--1"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		if (o311_parse_coord(bad[i], -90, 90, &v) == 0) fail_msg("accepted %s", bad[i]);
}

static void titles_are_the_first_120_characters_on_one_line(void **s)
{
	arena a;
	arena_init(&a);
	buf b;
	buf_init(&b, 8192);
	buf_adds(&b, "  Cán bộ\nđòi ");
	for (int i = 0; i < 60; i++) buf_adds(&b, "tiền ");
	char *t = o311_title(&a, buf_str(&b), 120);
	assert_int_equal(text_utf8_len(t), 120);
	assert_true(text_valid_utf8(t, strlen(t), false));
	assert_int_equal(strncmp(t, "Cán bộ đòi tiền", strlen("Cán bộ đòi tiền")), 0);
	assert_string_equal(o311_title(&a, "ngắn  \n", 120), "ngắn");
	buf_free(&b);
	arena_free(&a);
}

static void attributes_and_urls(void **s)
{
	arena a;
	arena_init(&a);
	assert_string_equal(o311_attribute_code(&a, "attribute[unit]"), "unit");
	assert_null(o311_attribute_code(&a, "attribute[]"));
	assert_null(o311_attribute_code(&a, "attribute[unit"));
	assert_null(o311_attribute_code(&a, "unit"));
	assert_true(o311_url_ok("https://example.org/a.jpg"));
	assert_true(o311_url_ok("http://x"));
	assert_false(o311_url_ok("javascript:alert(1)"));
	assert_false(o311_url_ok("https://"));
	assert_false(o311_url_ok("https://a b"));
	assert_false(o311_url_ok("ftp://x"));
	arena_free(&a);
}

/* ------------------------------------------------------------ keys */

static int setup(void **state)
{
	tmpdb *t = calloc(1, sizeof *t);
	if (!t || tmpdb_open(t, "open311")) return -1;
	*state = t;
	return 0;
}

static int teardown(void **state)
{
	tmpdb *t = *state;
	int rc = tmpdb_close(t);
	free(t);
	return rc;
}

static int64_t head(db *d)
{
	int64_t seq = -1;
	char h[65];
	err e;
	assert_int_equal(ledger_head(d, &seq, h, &e), 0);
	return seq;
}

static void keys_work_until_revoked(void **state)
{
	tmpdb *t = *state;
	err e = {0};
	char key[O311_KEY_SIZE];
	int64_t before = head(t->d);
	assert_int_equal(open311_key_create(t->d, "app-1", key, sizeof key, &e), 0);
	assert_int_equal(head(t->d), before + 1);
	assert_int_equal(strncmp(key, "o311_", 5), 0);
	assert_int_equal(strlen(key), 45);
	int64_t id = 0;
	assert_int_equal(open311_key_check(t->d, key, &id, &e), 1);
	assert_true(id > 0);

	/* Only the hash is stored. */
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(db_handle(t->d), "SELECT count(*) FROM open311_keys WHERE key_hash = ? OR name = ?",
	                                    -1, &st, NULL), SQLITE_OK);
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, key, -1, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(st, 0), 0);
	sqlite3_finalize(st);

	char wrong[O311_KEY_SIZE];
	memcpy(wrong, key, sizeof wrong);
	wrong[10] = wrong[10] == 'a' ? 'b' : 'a';
	assert_int_equal(open311_key_check(t->d, wrong, &id, &e), 0);
	assert_int_equal(open311_key_check(t->d, "", &id, &e), 0);
	assert_int_equal(open311_key_check(t->d, NULL, &id, &e), 0);

	/* One active key per name; nothing written when refused. */
	char other[O311_KEY_SIZE];
	int64_t h1 = head(t->d);
	assert_int_equal(open311_key_create(t->d, "app-1", other, sizeof other, &e), MB_ECONFLICT);
	assert_int_equal(head(t->d), h1);
	assert_int_equal(open311_key_create(t->d, " tên có dấu cách đầu", other, sizeof other, &e), MB_EINVAL);
	assert_int_equal(open311_key_create(t->d, "dòng\nmới", other, sizeof other, &e), MB_EINVAL);
	assert_string_equal(e.field, "name");
	assert_int_equal(head(t->d), h1);

	assert_int_equal(open311_key_revoke(t->d, "app-1", &e), 1);
	assert_int_equal(head(t->d), h1 + 1);
	assert_int_equal(open311_key_check(t->d, key, &id, &e), 0);
	assert_int_equal(open311_key_revoke(t->d, "app-1", &e), 0);
	assert_int_equal(head(t->d), h1 + 1);

	/* The name is free again; the new key differs and the old one stays dead. */
	assert_int_equal(open311_key_create(t->d, "app-1", other, sizeof other, &e), 0);
	assert_string_not_equal(other, key);
	assert_int_equal(open311_key_check(t->d, other, &id, &e), 1);
	assert_int_equal(open311_key_check(t->d, key, &id, &e), 0);

	ledger_verify_result v;
	assert_int_equal(ledger_verify(t->d, &v, &e), 0);
	assert_true(v.ok);
}

static void the_nearest_place_within_reach(void **state)
{
	(void)state;
	/* Sơn La city, Mộc Châu, Sông Mã (approximate seats). */
	const double lat[] = {21.3270, 20.8480, 21.0650}, lon[] = {103.9100, 104.6300, 103.7350};
	/* Hanoi to Sơn La city: about 220 km as the crow flies. */
	double km = o311_distance_km(21.0285, 105.8542, 21.3270, 103.9100);
	assert_true(km > 195 && km < 215);
	assert_true(o311_distance_km(21.0, 104.0, 21.0, 104.0) < 1e-9);
	assert_int_equal(o311_nearest(lat, lon, 3, 21.30, 103.95, 40), 0);
	assert_int_equal(o311_nearest(lat, lon, 3, 20.86, 104.60, 40), 1);
	assert_int_equal(o311_nearest(lat, lon, 3, 21.05, 103.70, 40), 2);
	assert_int_equal(o311_nearest(lat, lon, 3, 51.50101, -0.14159, 40), -1);   /* London: nobody */
	assert_int_equal(o311_nearest(lat, lon, 3, 21.70, 103.91, 40), -1);          /* 41 km north of the city: nobody */
	assert_int_equal(o311_nearest(lat, lon, 3, 21.70, 103.91, 50), 0);
	assert_int_equal(o311_nearest(lat, lon, 0, 21.3270, 103.9100, 40), -1);
	assert_string_equal(o311_item_name("service_request_updates"), "request_update");
}

int main(void)
{
	if (sodium_init() < 0) return 1;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(the_nearest_place_within_reach),
		cmocka_unit_test(extensions_choose_the_format),
		cmocka_unit_test(xml_escapes_the_five_characters),
		cmocka_unit_test(one_model_two_formats),
		cmocka_unit_test(item_names_follow_the_spec),
		cmocka_unit_test(errors_in_the_spec_format),
		cmocka_unit_test(times_carry_vietnams_offset),
		cmocka_unit_test(iso_dates_are_parsed_strictly),
		cmocka_unit_test(coordinates_are_plain_decimals_in_range),
		cmocka_unit_test(titles_are_the_first_120_characters_on_one_line),
		cmocka_unit_test(attributes_and_urls),
		cmocka_unit_test_setup_teardown(keys_work_until_revoked, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
