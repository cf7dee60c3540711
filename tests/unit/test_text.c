/* Unit tests for the reason check (base/text.c): a reason counts only the
 * letters and digits a reader sees, whatever invisible characters surround them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "base/err.h"
#include "base/text.h"

static const struct { const char *what, *text; size_t visible; } rows[] = {
	{"empty", "", 0},
	{"ASCII spaces", "                    ", 0},
	{"tabs and new lines", "\t\t\n\r\n\t\t\t\t\t\t\t", 0},
	{"no-break spaces", "\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0", 0},
	{"ideographic, em and thin spaces", "\u3000\u2003\u2009\u200a\u2002\u2007\u2008\u205f\u3000\u3000\u3000", 0},
	{"zero-width spaces", "\u200b\u200b\u200b\u200b\u200b\u200b\u200b\u200b\u200b\u200b\u200b\u200b", 0},
	{"zero-width joiners and non-joiners", "\u200d\u200c\u200d\u200c\u200d\u200c\u200d\u200c\u200d\u200c\u200d", 0},
	{"word joiners", "\u2060\u2060\u2060\u2060\u2060\u2060\u2060\u2060\u2060\u2060\u2060", 0},
	{"byte order marks", "\ufeff\ufeff\ufeff\ufeff\ufeff\ufeff\ufeff\ufeff\ufeff\ufeff\ufeff", 0},
	{"soft hyphens", "\u00ad\u00ad\u00ad\u00ad\u00ad\u00ad\u00ad\u00ad\u00ad\u00ad\u00ad\u00ad", 0},
	{"direction marks and embeddings", "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u061c", 0},
	{"combining marks alone", "\u0301\u0300\u0309\u0303\u0323\u0306\u0302\u031b\u0301\u0300\u0309", 0},
	{"punctuation and symbols", "..........!!!?!?---___***###@@@", 0},
	{"invisible characters between two letters", "a\u200b\u200b\u200b\u200b\u200b\u200b\u200b\u200b\u200bb", 2},
	{"letters padded to length with spaces", "abc                       ", 3},
	{"letters padded with zero-width spaces", "xem\u200b\u200b\u200b\u200b\u200b\u200b\u200b\u200b\u200b\u200b", 3},
	{"decomposed Vietnamese counts like composed", "Ca\u0300n xa\u0301c minh", 10},
	{"composed Vietnamese", "Cần xác minh", 10},
	{"digits count", "Điều 5 khoản 2", 11},
	{"real Vietnamese reason", "Cần liên hệ người gửi để xác minh nội dung", 33},
	{"variation selectors and tag characters", "\ufe0f\ufe0f\ufe0f\ufe0f\ufe0f\U000e0041\U000e0042\U000e0043\U000e0044\U000e0045", 0},
};

static void visible_letters_are_counted(void **s)
{
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		size_t n = text_visible_count(rows[i].text);
		if (n != rows[i].visible) fail_msg("%s: %zu visible instead of %zu", rows[i].what, n, rows[i].visible);
	}
}

static void a_reason_needs_ten_visible_letters(void **s)
{
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		err e = {0};
		int want = rows[i].visible >= TEXT_REASON_MIN_VISIBLE ? 0 : MB_EINVAL;
		int rc = text_check_reason(rows[i].text, "reason", 2000, true, &e);
		if (rc != want) fail_msg("%s: %d instead of %d", rows[i].what, rc, want);
		if (rc && rows[i].text[0]) {
			assert_string_equal(e.code, "invalid_field");
			assert_string_equal(e.field, "reason");
			assert_non_null(strstr(e.vi, "10"));
			assert_non_null(strstr(e.en, "10"));
		}
	}
	err e = {0};
	/* The field is named as given. */
	assert_int_equal(text_check_reason("\u200b\u200b\u200b", "missing_reason", 500, true, &e), MB_EINVAL);
	assert_string_equal(e.field, "missing_reason");
	/* Optional: absent is fine, given must be real. */
	assert_int_equal(text_check_reason(NULL, "reason", 2000, false, &e), 0);
	assert_int_equal(text_check_reason("", "reason", 2000, false, &e), 0);
	assert_int_equal(text_check_reason("\u00a0\u00a0\u00a0", "reason", 2000, false, &e), MB_EINVAL);
	/* Required and absent; too long; invalid UTF-8. */
	assert_int_equal(text_check_reason(NULL, "reason", 2000, true, &e), MB_EINVAL);
	assert_int_equal(text_check_reason("Cần xác minh thêm nội dung", "reason", 10, true, &e), MB_EINVAL);
	assert_int_equal(text_check_reason("Cần xác minh \xff\xfe thêm", "reason", 2000, true, &e), MB_EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(visible_letters_are_counted),
		cmocka_unit_test(a_reason_needs_ten_visible_letters),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
