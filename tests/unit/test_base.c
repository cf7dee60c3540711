/* Unit tests for base/: arena, bounded buffer, text folding, UTF-8 checks, CSV, HTML writer. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "base/arena.h"
#include "base/buf.h"
#include "base/clock.h"
#include "base/csv.h"
#include "base/err.h"
#include "base/text.h"
#include "web/html.h"

static void arena_allocates_zeroed_and_aligned(void **s)
{
	arena a;
	arena_init(&a);
	for (int i = 1; i < 2000; i += 37) {
		unsigned char *p = arena_alloc(&a, (size_t)i);
		assert_true(((uintptr_t)p % _Alignof(max_align_t)) == 0);
		for (int j = 0; j < i; j++) assert_int_equal(p[j], 0);
		memset(p, 0xAB, (size_t)i);
	}
	char *big = arena_alloc(&a, 100000);   /* larger than a block */
	big[99999] = 'x';
	assert_string_equal(arena_printf(&a, "%s-%d", "mb", 7), "mb-7");
	assert_string_equal(arena_strndup(&a, "abcdef", 3), "abc");
	arena_free(&a);
}

static void buf_grows_until_its_limit(void **s)
{
	buf b;
	buf_init(&b, 10);
	assert_int_equal(buf_adds(&b, "12345"), 0);
	assert_int_equal(buf_printf(&b, "%d", 678), 0);
	assert_string_equal(buf_str(&b), "12345678");
	assert_false(buf_failed(&b));
	assert_int_equal(buf_adds(&b, "abc"), -1);     /* 11 > 10 */
	assert_true(buf_failed(&b));
	assert_null(b.data);                           /* freed on failure */
	assert_int_equal(buf_adds(&b, "a"), -1);       /* stays failed */
	buf_reset(&b);
	assert_int_equal(buf_adds(&b, "0123456789"), 0);  /* exactly the limit */
	assert_int_equal(b.len, 10);
	buf_free(&b);
}

static void fold(const char *in, const char *want)
{
	char out[256];
	text_fold(in, out, sizeof out);
	assert_string_equal(out, want);
}

static void text_fold_removes_vietnamese_marks_and_d(void **s)
{
	fold("Phường Chiềng Cơi", "phuong chieng coi");
	fold("Sơn La", "son la");
	fold("Mộc Châu", "moc chau");
	fold("Đoàn Kết", "doan ket");
	fold("đường dây nóng", "duong day nong");
	fold("Ủy ban nhân dân tỉnh", "uy ban nhan dan tinh");
	fold("Thuận Châu", "thuan chau");
	/* two marks on one letter: ễ ờ ặ ữ ỹ */
	fold("Nguyễn Thờ Mặt Vững Mỹ", "nguyen tho mat vung my");
	/* decomposed input (NFD): o + combining circumflex + combining dot below */
	fold("Mo\xcc\x82\xcc\xa3" "c Cha\xcc\x82" "u", "moc chau");
	/* punctuation becomes one separator; edges are trimmed */
	fold("  Sở Văn hóa, Thể thao   và Du lịch!  ", "so van hoa the thao va du lich");
	fold("", "");
}

static void text_fold_respects_the_output_size(void **s)
{
	char out[6];
	size_t n = text_fold("Chiềng Cơi", out, sizeof out);
	assert_int_equal(n, 5);
	assert_string_equal(out, "chien");
}

static void bad_utf8_is_rejected(void **s)
{
	assert_true(text_valid_utf8("Chiềng Cơi", strlen("Chiềng Cơi"), false));
	assert_false(text_valid_utf8("\xc3\x28", 2, false));            /* bad continuation */
	assert_false(text_valid_utf8("\xc0\xaf", 2, false));            /* overlong '/' */
	assert_false(text_valid_utf8("\xed\xa0\x80", 3, false));        /* surrogate */
	assert_false(text_valid_utf8("a\nb", 3, false));
	assert_true(text_valid_utf8("a\nb", 3, true));
	assert_false(text_valid_utf8("a\x01" "b", 3, true));            /* control character */
	assert_int_equal(text_utf8_len("Cơi"), 3);
}

static void csv_reads_quotes_and_reports_bad_records(void **s)
{
	const char *data = "code,name\r\nso-y-te,\"Sở Y tế, tỉnh \"\"Sơn La\"\"\"\n\nx,\"multi\nline\"\n";
	arena a;
	arena_init(&a);
	csv_reader c;
	const char *f[CSV_MAX_FIELDS];
	csv_init(&c, data, strlen(data));
	assert_int_equal(csv_next(&c, &a, f), 2);
	assert_string_equal(f[0], "code");
	assert_int_equal(csv_next(&c, &a, f), 2);
	assert_string_equal(f[1], "Sở Y tế, tỉnh \"Sơn La\"");
	assert_int_equal(csv_next(&c, &a, f), 2);
	assert_string_equal(f[1], "multi\nline");
	assert_int_equal(csv_next(&c, &a, f), 0);
	const char *bad = "a,\"unterminated\n";
	csv_init(&c, bad, strlen(bad));
	assert_int_equal(csv_next(&c, &a, f), -1);
	const char *junk = "a,\"q\"x\n";
	csv_init(&c, junk, strlen(junk));
	assert_int_equal(csv_next(&c, &a, f), -1);
	arena_free(&a);
}

static void html_writer_escapes_by_default(void **s)
{
	buf b;
	buf_init(&b, 4096);
	html_printf(&b, "<p title=\"%s\">%s</p>%r|%u|%d|%D|%%", "a\"b'c", "<script>alert(1)</script>&",
	            "<b>raw</b>", "chiềng cơi/?&", 42, (int64_t)-7);
	assert_string_equal(buf_str(&b),
		"<p title=\"a&quot;b&#39;c\">&lt;script&gt;alert(1)&lt;/script&gt;&amp;</p><b>raw</b>|"
		"chi%E1%BB%81ng%20c%C6%A1i%2F%3F%26|42|-7|%");
	buf_reset(&b);
	html_printf(&b, "[%s]", (const char *)NULL);
	assert_string_equal(buf_str(&b), "[]");
	buf_free(&b);
}

static void errors_map_to_http_statuses(void **s)
{
	err e;
	assert_int_equal(err_set(&e, MB_EINVAL, "invalid_field", "phone", "vi", "en"), MB_EINVAL);
	assert_string_equal(e.field, "phone");
	assert_int_equal(err_http_status(MB_EINVAL, "invalid_field"), 422);
	assert_int_equal(err_http_status(MB_EINVAL, "bad_json"), 400);
	assert_int_equal(err_http_status(MB_ETOOBIG, "too_large"), 413);
	assert_int_equal(err_http_status(MB_ELIMIT, "rate_limited"), 429);
	assert_int_equal(err_http_status(MB_EUNAUTH, NULL), 401);
	assert_int_equal(err_http_status(MB_EFORBIDDEN, NULL), 403);
}

static void clock_formats_utc_and_vietnam_time(void **s)
{
	char iso[32], vn[32];
	clock_iso_utc(1795000000, iso, sizeof iso);   /* 2026-11-18T11:06:40Z */
	assert_string_equal(iso, "2026-11-18T11:06:40Z");
	assert_int_equal(clock_parse_iso(iso), 1795000000);
	clock_vn_display(1795000000, vn, sizeof vn);  /* UTC+7 */
	assert_string_equal(vn, "18/11/2026 18:06");
	assert_int_equal(clock_parse_iso("2026-13-40"), -1);
	assert_int_equal(clock_parse_iso("2026-02-29T00:00:00Z"), -1);   /* not a leap year */
	assert_int_equal(clock_parse_iso("2028-02-29T00:00:00Z"), 1835395200);
	assert_int_equal(clock_parse_iso("2026-11-18T11:06:40"), -1);    /* no Z */
	assert_int_equal(clock_parse_iso("2026-11-18T11:6:40Z"), -1);
	/* Formatting and parsing are inverse over a long range, across leap days. */
	for (int64_t t = -86400LL * 365 * 30; t < 86400LL * 365 * 130; t += 86400LL * 7 + 3601) {
		clock_iso_utc(t, iso, sizeof iso);
		assert_int_equal(clock_parse_iso(iso), t);
	}
	clock_vn_display(1835395200 - 7 * 3600, vn, sizeof vn);          /* midnight in Vietnam */
	assert_string_equal(vn, "29/02/2028 00:00");
}

static void codes_are_trimmed_and_upper_cased(void **state)
{
	(void)state;
	arena a;
	arena_init(&a);
	assert_string_equal(text_code_norm(&a, "  dt-261127-0001 \t"), "DT-261127-0001");
	assert_string_equal(text_code_norm(&a, "pcc-261127-0003"), "PCC-261127-0003");
	assert_string_equal(text_code_norm(&a, "ab2c"), "AB2C");
	assert_string_equal(text_code_norm(&a, "   "), "");
	assert_null(text_code_norm(&a, NULL));
	double v = 0;
	assert_int_equal(text_parse_decimal("21.3287", -90, 90, &v), 0);
	assert_true(v > 21.3286 && v < 21.3288);
	assert_int_equal(text_parse_decimal("1e2", -180, 180, &v), -1);
	assert_int_equal(text_parse_decimal("91", -90, 90, &v), -1);
	assert_int_equal(text_parse_decimal("", -90, 90, &v), -1);
	arena_free(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(codes_are_trimmed_and_upper_cased),
		cmocka_unit_test(arena_allocates_zeroed_and_aligned),
		cmocka_unit_test(buf_grows_until_its_limit),
		cmocka_unit_test(text_fold_removes_vietnamese_marks_and_d),
		cmocka_unit_test(text_fold_respects_the_output_size),
		cmocka_unit_test(bad_utf8_is_rejected),
		cmocka_unit_test(csv_reads_quotes_and_reports_bad_records),
		cmocka_unit_test(html_writer_escapes_by_default),
		cmocka_unit_test(errors_map_to_http_statuses),
		cmocka_unit_test(clock_formats_utc_and_vietnam_time),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
