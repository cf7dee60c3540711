/* Unit tests for calendar/: the pure rules of a holiday row, and the
 * database side (migration 0003, the reference load with its one event, the
 * rule set in force, building a calendar from the table, the commands with
 * their events, and a failed commit leaving nothing). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "calendar/calendar_db.h"
#include "db/db.h"
#include "tmpdb.h"
#include "ledger/ledger.h"

static holiday good(void)
{
	return (holiday){.date = "2026-11-24", .kind = "holiday", .name_vi = "Ngày Văn hóa Việt Nam",
	                 .name_en = "Vietnam Culture Day", .status = "unverified"};
}

static void expect_bad(const holiday *h, const char *field)
{
	err e = {0};
	if (calendar_rules_validate(h, &e) != MB_EINVAL)
		fail_msg("accepted a row that should fail on %s", field);
	assert_string_equal(e.code, "invalid_field");
	assert_string_equal(e.field, field);
	assert_non_null(e.vi);
	assert_non_null(e.en);
}

/* ------------------------------------------------------------ pure rules */

static void a_good_row_passes(void **s)
{
	err e = {0};
	holiday h = good();
	assert_int_equal(calendar_rules_validate(&h, &e), 0);
	for (int k = 0; k < 3; k++) {
		h = good();
		h.kind = calendar_kinds[k];
		if (!strcmp(h.kind, "working_saturday")) h.date = "2026-01-10";   /* a Saturday */
		assert_int_equal(calendar_rules_validate(&h, &e), 0);
	}
	for (int st = 0; st < 6; st++) {
		h = good();
		h.status = calendar_statuses[st];
		assert_int_equal(calendar_rules_validate(&h, &e), 0);
	}
	h = good();
	h.kind = "working_saturday";
	h.date = "2026-01-11";   /* a Sunday may be worked too */
	assert_int_equal(calendar_rules_validate(&h, &e), 0);
	h = good();
	h.date = "2000-01-01";
	assert_int_equal(calendar_rules_validate(&h, &e), 0);
	h.date = "2100-12-31";
	assert_int_equal(calendar_rules_validate(&h, &e), 0);
	char name[CALENDAR_NAME_MAX * 2 + 1];
	for (int i = 0; i < CALENDAR_NAME_MAX; i++) memcpy(name + 2 * i, "đ", 2);   /* 200 characters, 400 bytes */
	name[CALENDAR_NAME_MAX * 2] = '\0';
	h = good();
	h.name_vi = name;
	assert_int_equal(calendar_rules_validate(&h, &e), 0);
}

static void bad_rows_name_their_field(void **s)
{
	static const char *const bad_dates[] = {"", "2026-02-30", "2026-11-24 ", "24/11/2026", "1999-12-31", "2101-01-01",
	                                        "2026-1-24"};
	holiday h;
	for (size_t i = 0; i < sizeof bad_dates / sizeof bad_dates[0]; i++) {
		h = good();
		h.date = bad_dates[i];
		expect_bad(&h, "date");
	}
	h = good();
	h.date = NULL;
	expect_bad(&h, "date");
	static const char *const bad_kinds[] = {"", "Holiday", "vacation", "working_day", "holiday "};
	for (size_t i = 0; i < sizeof bad_kinds / sizeof bad_kinds[0]; i++) {
		h = good();
		h.kind = bad_kinds[i];
		expect_bad(&h, "kind");
	}
	h = good();
	h.kind = NULL;
	expect_bad(&h, "kind");
	h = good();
	h.kind = "working_saturday";   /* 24 Nov 2026 is a Tuesday */
	expect_bad(&h, "kind");
	h = good();
	h.name_vi = "";
	expect_bad(&h, "name_vi");
	h = good();
	h.name_vi = NULL;
	expect_bad(&h, "name_vi");
	h = good();
	h.name_en = "two\nlines";
	expect_bad(&h, "name_en");
	h = good();
	h.name_en = "bad \xC3\x28 utf-8";
	expect_bad(&h, "name_en");
	char name[CALENDAR_NAME_MAX + 2];
	memset(name, 'x', sizeof name - 1);
	name[sizeof name - 1] = '\0';   /* 201 characters */
	h = good();
	h.name_en = name;
	expect_bad(&h, "name_en");
	static const char *const bad_status[] = {"", "Official", "draft", "verified"};
	for (size_t i = 0; i < sizeof bad_status / sizeof bad_status[0]; i++) {
		h = good();
		h.status = bad_status[i];
		expect_bad(&h, "status");
	}
	h = good();
	h.status = NULL;
	expect_bad(&h, "status");
}

static void which_rows_need_checking(void **s)
{
	assert_true(calendar_rules_needs_check("estimated"));
	assert_true(calendar_rules_needs_check("unverified"));
	assert_true(calendar_rules_needs_check("computed"));
	assert_false(calendar_rules_needs_check("official"));
	assert_false(calendar_rules_needs_check("statutory"));
	assert_false(calendar_rules_needs_check("confirmed"));
	assert_false(calendar_rules_needs_check(NULL));
	assert_false(calendar_rules_needs_check(""));
}

static void differ_sees_every_stored_field(void **s)
{
	holiday a = good(), b = good();
	assert_false(calendar_rules_differ(&a, &b));
	b.kind = "compensatory";
	assert_true(calendar_rules_differ(&a, &b));
	b = good();
	b.name_vi = "Khác";
	assert_true(calendar_rules_differ(&a, &b));
	b = good();
	b.name_en = "Other";
	assert_true(calendar_rules_differ(&a, &b));
	b = good();
	b.status = "confirmed";
	assert_true(calendar_rules_differ(&a, &b));
	b = good();
	b.updated_at = "2026-11-27T00:00:00Z";   /* not a stored choice of the administrator */
	assert_false(calendar_rules_differ(&a, &b));
}

static void years_and_labels(void **s)
{
	assert_int_equal(calendar_rules_parse_year("2026"), 2026);
	assert_int_equal(calendar_rules_parse_year("2000"), 2000);
	assert_int_equal(calendar_rules_parse_year("2100"), 2100);
	static const char *const bad[] = {"1999", "2101", "26", "20266", "20x6", "", " 2026", "-202"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) assert_int_equal(calendar_rules_parse_year(bad[i]), -1);
	assert_int_equal(calendar_rules_parse_year(NULL), -1);
	/* Every kind and status has its own label; unknown values come back as they are. */
	for (int i = 0; i < 3; i++) {
		assert_string_not_equal(calendar_kind_label_vi(calendar_kinds[i]), calendar_kinds[i]);
		for (int j = 0; j < i; j++)
			assert_string_not_equal(calendar_kind_label_vi(calendar_kinds[i]), calendar_kind_label_vi(calendar_kinds[j]));
	}
	for (int i = 0; i < 6; i++) {
		assert_string_not_equal(calendar_status_label_vi(calendar_statuses[i]), calendar_statuses[i]);
		for (int j = 0; j < i; j++)
			assert_string_not_equal(calendar_status_label_vi(calendar_statuses[i]),
			                        calendar_status_label_vi(calendar_statuses[j]));
	}
	assert_string_equal(calendar_kind_label_vi("other"), "other");
	assert_string_equal(calendar_status_label_vi("other"), "other");
	assert_string_equal(calendar_weekday_label_vi(0), "Chủ nhật");
	assert_string_equal(calendar_weekday_label_vi(6), "Thứ Bảy");
	assert_string_equal(calendar_weekday_label_vi(7), "?");
}

/* -------------------------------------------------------------- database */

typedef tmpdb fixture;

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof *f);
	if (!f || tmpdb_open(f, "calendar")) return -1;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;
	int rc = tmpdb_close(f);
	free(f);
	return rc;
}

static int64_t head(db *d)
{
	err e;
	int64_t seq = -1;
	char h[65];
	assert_int_equal(ledger_head(d, &seq, h, &e), 0);
	return seq;
}

/* One text value from the database (tests may read tables directly). */
static const char *scalar(db *d, const char *sql, char *out, size_t n)
{
	sqlite3_stmt *st;
	out[0] = '\0';
	assert_int_equal(sqlite3_prepare_v2(db_handle(d), sql, -1, &st, NULL), SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
		snprintf(out, n, "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return out;
}

static void load_reference(db *d)
{
	err e = {0};
	assert_int_equal(db_begin(d, &e), 0);
	if (calendar_load_reference(d, &e)) fail_msg("calendar_load_reference: %s", e.en);
	assert_int_equal(db_commit(d, &e), 0);
}

static int64_t vn(int y, int m, int d, int hh, int mm)
{
	struct tm tm = {0};
	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = d;
	tm.tm_hour = hh;
	tm.tm_min = mm;
	return (int64_t)timegm(&tm) - 7 * 3600;
}

static void the_seeded_rule_set(void **state)
{
	fixture *f = *state;
	err e = {0};
	rule_set rs;
	assert_int_equal(calendar_rule_set_by_id(f->d, 1, &rs, &e), 1);
	assert_string_equal(rs.code, "nd118-2025");
	assert_string_equal(rs.effective_from, "2025-07-01");
	assert_string_equal(rs.effective_to, "");
	assert_int_equal(rs.supplement_limit, 1);
	assert_int_equal(rs.extension_limit, 1);
	assert_int_equal(rs.apology_lead_working_days, 1);
	assert_int_equal(rs.cutoff_min, -1);   /* the 15:00 cut-off is per procedure */
	assert_string_equal(rs.work_morning, "07:30-11:30");
	assert_string_equal(rs.work_afternoon, "13:30-17:30");
	assert_int_equal(rs.at_risk_working_hours, 8);
	assert_non_null(strstr(rs.citation, "Nghị định 118/2025/NĐ-CP (Điều 11"));
	assert_non_null(strstr(rs.citation, "Kế hoạch 262/KH-UBND tỉnh Sơn La"));
	assert_non_null(strstr(rs.citation, "Mẫu 04: Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết"));
	assert_non_null(strstr(rs.citation, "ngày làm việc 8 giờ"));
	assert_int_equal(calendar_rule_set_by_id(f->d, 999, &rs, &e), 0);
}

static void reference_holidays_load_with_one_event(void **state)
{
	fixture *f = *state;
	char v[512];
	int64_t before = head(f->d);
	load_reference(f->d);
	assert_int_equal(head(f->d), before + 1);
	assert_string_equal(scalar(f->d, "SELECT count(*) FROM holidays", v, sizeof v), "41");
	assert_string_equal(scalar(f->d, "SELECT type || ' ' || subject || ' ' || payload FROM events ORDER BY seq DESC LIMIT 1",
	                           v, sizeof v),
	                    "calendar.loaded holidays {\"count\":41,\"source\":\"data/holidays_vn.csv\"}");
	assert_string_equal(scalar(f->d, "SELECT kind || '|' || status FROM holidays WHERE day = '2026-01-10'", v, sizeof v),
	                    "working_saturday|official");
	assert_string_equal(scalar(f->d, "SELECT coalesce(updated_at, 'null') FROM holidays WHERE day = '2026-02-17'", v, sizeof v),
	                    "null");
	/* A second load fails on the first day already present and changes nothing. */
	err e = {0};
	assert_int_equal(db_begin(f->d, &e), 0);
	assert_true(calendar_load_reference(f->d, &e) < 0);
	db_rollback(f->d);
	assert_string_equal(scalar(f->d, "SELECT count(*) FROM holidays", v, sizeof v), "41");
	assert_int_equal(head(f->d), before + 1);
}

static void a_calendar_built_from_the_database(void **state)
{
	fixture *f = *state;
	err e = {0};
	calendar c;
	rule_set rs;
	load_reference(f->d);
	assert_int_equal(calendar_load(f->d, "2026-02-13", &c, &rs, &e), 0);
	assert_string_equal(rs.code, "nd118-2025");
	assert_int_equal(c.n, 41);
	assert_int_equal(cal_day_minutes(&c), 480);
	/* The Tết example of test_calendar.c, from the table this time. */
	assert_int_equal(cal_due(&c, vn(2026, 2, 13, 10, 0), 3, CAL_WORKING_DAYS, rs.cutoff_min), vn(2026, 2, 25, 10, 0));
	assert_true(cal_is_working_day(&c, cal_day_from_ymd(2026, 1, 10)));
	cal_free(&c);
	/* rs may be NULL. */
	assert_int_equal(calendar_load(f->d, "2030-06-01", &c, NULL, &e), 0);
	cal_free(&c);
	/* Before any rule set, and a bad date. */
	assert_int_equal(calendar_load(f->d, "2025-06-30", &c, &rs, &e), MB_ENOTFOUND);
	assert_string_equal(e.code, "no_rule_set");
	assert_null(c.ex);
	assert_int_equal(calendar_load(f->d, "2025-13-01", &c, &rs, &e), MB_EINVAL);
	assert_string_equal(e.field, "date");
	assert_int_equal(calendar_load(f->d, NULL, &c, &rs, &e), MB_EINVAL);
}

static void commands_write_one_event_each(void **state)
{
	fixture *f = *state;
	err e = {0};
	char v[512];
	arena a;
	arena_init(&a);
	ledger_actor admin = {42, "admin"};
	load_reference(f->d);
	int64_t h0 = head(f->d);

	/* A new day off on Tuesday 10 Mar 2026. */
	holiday h = {.date = "2026-03-10", .kind = "holiday", .name_vi = "Nghỉ thử", .name_en = "Test day off", .status = "estimated"};
	bool created, changed;
	assert_int_equal(db_begin(f->d, &e), 0);
	assert_int_equal(calendar_holiday_put(f->d, &admin, &h, &a, &created, &changed, &e), 0);
	assert_int_equal(db_commit(f->d, &e), 0);
	assert_true(created);
	assert_true(changed);
	assert_int_equal(head(f->d), h0 + 1);
	assert_string_equal(scalar(f->d, "SELECT type || ' ' || subject || ' ' || actor_role || ' ' || payload FROM events"
	                                 " ORDER BY seq DESC LIMIT 1", v, sizeof v),
	                    "holiday.changed holiday:2026-03-10 admin {\"date\":\"2026-03-10\",\"from\":null,\"to\":"
	                    "{\"kind\":\"holiday\",\"name_en\":\"Test day off\",\"name_vi\":\"Nghỉ thử\",\"status\":\"estimated\"}}");
	assert_string_equal(scalar(f->d, "SELECT updated_by_role FROM holidays WHERE day = '2026-03-10'", v, sizeof v), "admin");
	calendar c;
	assert_int_equal(calendar_load(f->d, "2026-03-01", &c, NULL, &e), 0);
	assert_false(cal_is_working_day(&c, cal_day_from_ymd(2026, 3, 10)));
	cal_free(&c);

	/* The same again: nothing changes, no event. */
	assert_int_equal(db_begin(f->d, &e), 0);
	assert_int_equal(calendar_holiday_put(f->d, &admin, &h, &a, &created, &changed, &e), 0);
	assert_int_equal(db_commit(f->d, &e), 0);
	assert_false(created);
	assert_false(changed);
	assert_int_equal(head(f->d), h0 + 1);

	/* A change records from and to. */
	h.kind = "compensatory";
	assert_int_equal(db_begin(f->d, &e), 0);
	assert_int_equal(calendar_holiday_put(f->d, &admin, &h, &a, &created, &changed, &e), 0);
	assert_int_equal(db_commit(f->d, &e), 0);
	assert_false(created);
	assert_true(changed);
	assert_int_equal(head(f->d), h0 + 2);
	assert_string_equal(scalar(f->d, "SELECT json_extract(payload, '$.from.kind') || '>' || json_extract(payload, '$.to.kind')"
	                                 " FROM events ORDER BY seq DESC LIMIT 1", v, sizeof v), "holiday>compensatory");

	/* An invalid row: refused before anything is written. */
	holiday bad = h;
	bad.kind = "working_saturday";
	assert_int_equal(db_begin(f->d, &e), 0);
	assert_int_equal(calendar_holiday_put(f->d, &admin, &bad, &a, &created, &changed, &e), MB_EINVAL);
	db_rollback(f->d);
	assert_string_equal(e.field, "kind");
	assert_int_equal(head(f->d), h0 + 2);

	/* Confirm: once with an event, then a no-op. */
	assert_int_equal(db_begin(f->d, &e), 0);
	assert_int_equal(calendar_holiday_confirm(f->d, &admin, "2026-03-10", &a, &changed, &e), 0);
	assert_int_equal(db_commit(f->d, &e), 0);
	assert_true(changed);
	assert_int_equal(head(f->d), h0 + 3);
	assert_string_equal(scalar(f->d, "SELECT type || ' ' || payload FROM events ORDER BY seq DESC LIMIT 1", v, sizeof v),
	                    "holiday.confirmed {\"date\":\"2026-03-10\",\"from\":\"estimated\",\"to\":\"confirmed\"}");
	assert_int_equal(db_begin(f->d, &e), 0);
	assert_int_equal(calendar_holiday_confirm(f->d, &admin, "2026-03-10", &a, &changed, &e), 0);
	assert_int_equal(db_commit(f->d, &e), 0);
	assert_false(changed);
	assert_int_equal(head(f->d), h0 + 3);

	/* Remove, then removing or confirming an absent day is not_found. */
	holiday old;
	assert_int_equal(db_begin(f->d, &e), 0);
	assert_int_equal(calendar_holiday_remove(f->d, &admin, "2026-03-10", &a, &old, &e), 0);
	assert_int_equal(db_commit(f->d, &e), 0);
	assert_string_equal(old.status, "confirmed");
	assert_int_equal(head(f->d), h0 + 4);
	assert_string_equal(scalar(f->d, "SELECT type FROM events ORDER BY seq DESC LIMIT 1", v, sizeof v), "holiday.removed");
	assert_string_equal(scalar(f->d, "SELECT count(*) FROM holidays WHERE day = '2026-03-10'", v, sizeof v), "0");
	assert_int_equal(db_begin(f->d, &e), 0);
	assert_int_equal(calendar_holiday_remove(f->d, &admin, "2026-03-10", &a, &old, &e), MB_ENOTFOUND);
	assert_int_equal(calendar_holiday_confirm(f->d, &admin, "2026-03-10", &a, &changed, &e), MB_ENOTFOUND);
	db_rollback(f->d);
	assert_int_equal(head(f->d), h0 + 4);
	ledger_verify_result r;
	assert_int_equal(ledger_verify(f->d, &r, &e), 0);
	assert_true(r.ok);
	arena_free(&a);
}

static void a_failed_commit_leaves_nothing(void **state)
{
	fixture *f = *state;
	err e = {0};
	char v[64];
	arena a;
	arena_init(&a);
	ledger_actor admin = {42, "admin"};
	load_reference(f->d);
	int64_t h0 = head(f->d);
	holiday h = {.date = "2026-03-10", .kind = "holiday", .name_vi = "Nghỉ thử", .name_en = "Test", .status = "estimated"};
	bool created, changed;
	db_fail_commit_after(1);
	assert_int_equal(db_begin(f->d, &e), 0);
	assert_int_equal(calendar_holiday_put(f->d, &admin, &h, &a, &created, &changed, &e), 0);
	assert_true(db_commit(f->d, &e) < 0);
	db_fail_commit_after(0);
	assert_int_equal(head(f->d), h0);
	assert_string_equal(scalar(f->d, "SELECT count(*) FROM holidays WHERE day = '2026-03-10'", v, sizeof v), "0");
	/* And the reference load is all or nothing too. */
	assert_string_equal(scalar(f->d, "SELECT count(*) FROM holidays", v, sizeof v), "41");
	arena_free(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_good_row_passes),
		cmocka_unit_test(bad_rows_name_their_field),
		cmocka_unit_test(which_rows_need_checking),
		cmocka_unit_test(differ_sees_every_stored_field),
		cmocka_unit_test(years_and_labels),
		cmocka_unit_test_setup_teardown(the_seeded_rule_set, setup, teardown),
		cmocka_unit_test_setup_teardown(reference_holidays_load_with_one_event, setup, teardown),
		cmocka_unit_test_setup_teardown(a_calendar_built_from_the_database, setup, teardown),
		cmocka_unit_test_setup_teardown(commands_write_one_event_each, setup, teardown),
		cmocka_unit_test_setup_teardown(a_failed_commit_leaves_nothing, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
