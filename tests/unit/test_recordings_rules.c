/* The pure rules of counter recordings and of byte ranges: what a recording is
 * by its bytes (each type, and what is not one), the incoming-file check
 * (empty, the size limit at its boundary, unknown content, a disguised type or
 * extension), the window at its bounds (ends before it starts, longer than the
 * limit by a second, in the future beyond the skew), the watched folder's names
 * (valid, each malformation, 31 February), who may list, open, upload and hold
 * by role and scope, the end of retention at its boundary; a Range header
 * against a file's size (every form, the ends, the unsatisfiable, the ignored).
 * Also the shipped rules load and one is in force today. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "base/calendar.h"
#include "recordings/recordings.h"
#include "recordings/repo.h"
#include "tmpdb.h"
#include "web/web.h"

static void sniff(void **state)
{
	(void)state;
	unsigned char mp4[16] = {0, 0, 0, 0x18, 'f', 't', 'y', 'p', 'i', 's', 'o', 'm'};
	unsigned char m4a[16] = {0, 0, 0, 0x18, 'f', 't', 'y', 'p', 'M', '4', 'A', ' '};
	unsigned char webm[40] = {0x1a, 0x45, 0xdf, 0xa3, 0x9f, 0x42, 0x86, 0x81, 0x01, 0x42, 0x82, 0x84, 'w', 'e', 'b', 'm'};
	unsigned char mkv[40] = {0x1a, 0x45, 0xdf, 0xa3, 0x9f, 0x42, 0x86, 0x81, 0x01, 0x42, 0x82, 0x88, 'm', 'a', 't', 'r'};
	unsigned char wav[12] = {'R', 'I', 'F', 'F', 0, 0, 0, 0, 'W', 'A', 'V', 'E'};
	unsigned char avi[12] = {'R', 'I', 'F', 'F', 0, 0, 0, 0, 'A', 'V', 'I', ' '};
	unsigned char mp3[4] = {0xFF, 0xFB, 0x90, 0x00};
	assert_string_equal(rec_sniff(mp4, sizeof mp4), "video/mp4");
	assert_string_equal(rec_sniff(m4a, sizeof m4a), "audio/mp4");
	assert_string_equal(rec_sniff(webm, sizeof webm), "video/webm");
	assert_null(rec_sniff(mkv, sizeof mkv));
	assert_string_equal(rec_sniff("OggS\0\2", 6), "audio/ogg");
	assert_string_equal(rec_sniff(wav, sizeof wav), "audio/wav");
	assert_null(rec_sniff(avi, sizeof avi));
	assert_string_equal(rec_sniff("ID3\4\0", 5), "audio/mpeg");
	assert_string_equal(rec_sniff(mp3, sizeof mp3), "audio/mpeg");
	assert_null(rec_sniff("%PDF-1.7", 8));
	assert_null(rec_sniff("\x89PNG\r\n\x1a\n", 8));
	assert_null(rec_sniff("", 0));
	assert_null(rec_sniff(mp4, 7));   /* too short to tell */
}

static void file_checks(void **state)
{
	(void)state;
	err e = {0};
	assert_int_equal(rec_rules_file("audio/wav", "audio/wav", "a.wav", 100, 100, "file", &e), 0);
	assert_int_equal(rec_rules_file("audio/wav", NULL, NULL, 1, 100, "file", &e), 0);
	assert_int_equal(rec_rules_file("audio/wav", "application/octet-stream", "A.WAV", 1, 100, "file", &e), 0);
	assert_int_equal(rec_rules_file("video/mp4", "video/mp4", "quay.mov", 1, 100, "file", &e), 0);
	assert_int_equal(rec_rules_file("audio/wav", "audio/x-wav", "a.wav", 1, 100, "file", &e), MB_EINVAL);
	assert_int_equal(rec_rules_file("audio/wav", "audio/wav", "a.wav", 101, 100, "file", &e), MB_ETOOBIG);
	assert_string_equal(e.field, "file");
	assert_int_equal(rec_rules_file("audio/wav", "audio/wav", "a.wav", 0, 100, "file", &e), MB_EINVAL);
	assert_int_equal(rec_rules_file(NULL, "audio/wav", "a.wav", 10, 100, "file", &e), MB_EINVAL);
	assert_string_equal(e.code, "invalid_type");
	/* Disguised: the declared type or the extension says something else than the bytes. */
	assert_int_equal(rec_rules_file("audio/wav", "video/mp4", "a.wav", 10, 100, "file", &e), MB_EINVAL);
	assert_string_equal(e.code, "invalid_type");
	assert_int_equal(rec_rules_file("audio/wav", "image/png", "a.wav", 10, 100, "file", &e), MB_EINVAL);
	assert_int_equal(rec_rules_file("audio/wav", "audio/wav", "a.mp4", 10, 100, "file", &e), MB_EINVAL);
	assert_int_equal(rec_rules_file("audio/mpeg", "audio/mpeg", "a.exe", 10, 100, "file", &e), MB_EINVAL);
	assert_non_null(e.vi);
	assert_non_null(e.en);
}

static void window(void **state)
{
	(void)state;
	err e = {0};
	int64_t now = 2000000000;
	assert_int_equal(rec_rules_window(now - 12 * 3600, now, 12, now, &e), 0);
	assert_int_equal(rec_rules_window(now - 12 * 3600 - 1, now, 12, now, &e), MB_EINVAL);
	assert_string_equal(e.field, "ended_at");
	assert_int_equal(rec_rules_window(now - 60, now - 60, 12, now, &e), MB_EINVAL);
	assert_int_equal(rec_rules_window(now - 60, now - 61, 12, now, &e), MB_EINVAL);
	assert_int_equal(rec_rules_window(now - 60, now + 300, 12, now, &e), 0);
	assert_int_equal(rec_rules_window(now - 60, now + 301, 12, now, &e), MB_EINVAL);
	assert_int_equal(rec_rules_window(0, now, 12, now, &e), MB_EINVAL);
	assert_string_equal(e.field, "started_at");
}

static void folder_names(void **state)
{
	(void)state;
	int64_t desk, a, b;
	assert_int_equal(rec_rules_folder_name("12_20261205T080000_20261205T083000.mp4", &desk, &a, &b), 0);
	assert_int_equal(desk, 12);
	assert_int_equal(a, cal_local(cal_day_from_ymd(2026, 12, 5), 8 * 60));   /* Vietnam time */
	assert_int_equal(b - a, 1800);
	assert_int_equal(rec_rules_folder_name("3_20261205T080000_20261205T080001.wav", &desk, &a, &b), 0);
	assert_int_equal(b - a, 1);
	const char *bad[] = {
		"", "x_20261205T080000_20261205T083000.mp4", "0_20261205T080000_20261205T083000.mp4",
		"12-20261205T080000_20261205T083000.mp4", "12_20261205T080000_20261205T083000", "12_20261205T080000_20261205T083000.",
		"12_2026-12-05T080000_20261205T083000.mp4", "12_20261305T080000_20261205T083000.mp4", "12_20260231T080000_20260231T083000.mp4",
		"12_20261205T250000_20261205T083000.mp4", "12_20261205T080000_20261205X083000.mp4", "12_20261205T0800_20261205T0830.mp4",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_int_equal(rec_rules_folder_name(bad[i], &desk, &a, &b), -1);
}

static void who(void **state)
{
	(void)state;
	for (int r = 0; r < ROLE__MAX; r++)
		for (int h = 0; h < 2; h++) {
			bool insp = r == ROLE_INSPECTOR || r == ROLE_HOME_AFFAIRS_INSPECTOR, head = r == ROLE_UNIT_HEAD && h;
			assert_int_equal(rec_rules_may_list((auth_role)r, h), insp || head || r == ROLE_ADMIN);
			assert_int_equal(rec_rules_may_open((auth_role)r, h), insp || head);   /* never the administrator */
			assert_int_equal(rec_rules_may_upload((auth_role)r, h), head || r == ROLE_ADMIN);
			assert_int_equal(rec_rules_may_hold((auth_role)r, h), insp || head);
		}
	/* The officials recorded and the public see nothing. */
	assert_false(rec_rules_may_list(ROLE_COUNTER_OFFICER, true));
	assert_false(rec_rules_may_list(ROLE_OVERSEER, true));
	assert_false(rec_rules_may_list(ROLE_CITIZEN, true));
}

static void retention(void **state)
{
	(void)state;
	assert_false(rec_rules_expired(1000, false, false, 999));
	assert_true(rec_rules_expired(1000, false, false, 1000));
	assert_false(rec_rules_expired(1000, true, false, 5000));
	assert_false(rec_rules_expired(1000, false, true, 5000));
}

static void ranges(void **state)
{
	(void)state;
	uint64_t s = 0, n = 0;
	assert_int_equal(web_range_parse(NULL, 100, &s, &n), 0);
	assert_int_equal(web_range_parse("bytes=0-9", 100, &s, &n), 1);
	assert_true(s == 0 && n == 10);
	assert_int_equal(web_range_parse("bytes=90-", 100, &s, &n), 1);
	assert_true(s == 90 && n == 10);
	assert_int_equal(web_range_parse("bytes=90-1000", 100, &s, &n), 1);   /* clipped to the end */
	assert_true(s == 90 && n == 10);
	assert_int_equal(web_range_parse("bytes=99-99", 100, &s, &n), 1);
	assert_true(s == 99 && n == 1);
	assert_int_equal(web_range_parse("bytes=-10", 100, &s, &n), 1);
	assert_true(s == 90 && n == 10);
	assert_int_equal(web_range_parse("bytes=-1000", 100, &s, &n), 1);
	assert_true(s == 0 && n == 100);
	assert_int_equal(web_range_parse("bytes=100-", 100, &s, &n), -1);
	assert_int_equal(web_range_parse("bytes=-0", 100, &s, &n), -1);
	assert_int_equal(web_range_parse("bytes=0-", 0, &s, &n), -1);
	/* Ignored: the whole file. */
	assert_int_equal(web_range_parse("bytes=0-9,20-29", 100, &s, &n), 0);
	assert_int_equal(web_range_parse("items=0-9", 100, &s, &n), 0);
	assert_int_equal(web_range_parse("bytes=9-0", 100, &s, &n), 0);
	assert_int_equal(web_range_parse("bytes=a-b", 100, &s, &n), 0);
	assert_int_equal(web_range_parse("bytes=-", 100, &s, &n), 0);
	assert_int_equal(web_range_parse("bytes=99999999999999999999999-", 100, &s, &n), 0);
}

static void shipped_rules(void **state)
{
	(void)state;
	tmpdb t;
	assert_int_equal(tmpdb_open(&t, "recordings"), 0);
	err e = {0};
	assert_int_equal(recordings_ensure_reference(t.d, &e), 0);
	arena a;
	arena_init(&a);
	rec_rule r;
	assert_int_equal(rec_repo_rule_at(t.d, "2026-12-05", &a, &r, &e), 1);
	assert_true(r.retention_days >= 90);   /* at least the complaint limit */
	assert_true(r.opening_minutes > 0 && r.upload_max_mb > 0 && r.window_max_hours > 0);
	assert_non_null(strstr(r.source, "262"));
	assert_int_equal(rec_repo_rule_at(t.d, "2020-01-01", &a, &r, &e), 0);
	arena_free(&a);
	tmpdb_close(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(sniff),   cmocka_unit_test(file_checks), cmocka_unit_test(window),
		cmocka_unit_test(folder_names), cmocka_unit_test(who), cmocka_unit_test(retention),
		cmocka_unit_test(ranges),  cmocka_unit_test(shipped_rules),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
