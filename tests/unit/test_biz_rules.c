/* The pure rules of inspections of businesses (src/biz/rules.c): the tax
 * code's check digit (valid, invalid, the prefix whose check would be 10,
 * branch codes), every overlap rule with a positive and a negative case, the
 * ad-hoc exception, the year boundary, scope widening, lateness, durations,
 * planned months. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "biz/biz.h"

static int tax_ok(const char *s)
{
	char out[15];
	err e = {0};
	int rc = biz_tax_code_check(s, out, &e);
	if (rc) assert_string_equal(e.field, "tax_code");
	return rc == 0;
}

static void check_digit(void **state)
{
	(void)state;
	assert_int_equal(biz_tax_check_digit("010010910"), 6);
	assert_true(tax_ok("0100109106"));
	assert_true(tax_ok("  0100109106 "));          /* trimmed */
	for (char c = '0'; c <= '9'; c++) {             /* every other tenth digit is wrong */
		char s[11] = "010010910";
		s[9] = c;
		s[10] = 0;
		assert_int_equal(tax_ok(s), c == '6');
	}
	/* 5,5,0,1,0,0,0,0,0: the sum 319 ≡ 0 (mod 11), the check would be 10: never issued. */
	assert_int_equal(biz_tax_check_digit("550100000"), -1);
	for (char c = '0'; c <= '9'; c++) {
		char s[11] = "550100000";
		s[9] = c;
		s[10] = 0;
		assert_false(tax_ok(s));
	}
	/* sum ≡ 10 (mod 11) gives 0, the lowest digit. */
	assert_int_equal(biz_tax_check_digit("000000101"), 0);   /* 7 + 3 = 10 */
	assert_true(tax_ok("0000001010"));
	assert_false(tax_ok("010010910"));              /* 9 digits */
	assert_false(tax_ok("01001091066"));            /* 11 digits */
	assert_false(tax_ok("01001091a6"));
	assert_false(tax_ok(""));
	assert_false(tax_ok(NULL));
}

static void branch_codes(void **state)
{
	(void)state;
	char out[15];
	err e = {0};
	assert_int_equal(biz_tax_code_check("0100109106-001", out, &e), 0);
	assert_string_equal(out, "0100109106-001");
	assert_true(tax_ok("0100109106-999"));
	assert_false(tax_ok("0100109106-000"));
	assert_false(tax_ok("0100109107-001"));        /* the parent's check digit is checked */
	assert_false(tax_ok("0100109106001"));          /* 13 digits without the dash */
	assert_false(tax_ok("0100109106-01"));
	assert_false(tax_ok("0100109106_001"));
	assert_false(tax_ok("0100109106-0011"));
}

static const biz_ruleset ALL = {1, 1, true, true, true};

static biz_item tt(int64_t id, int64_t unit, const char *subj, int months) { return (biz_item){id, unit, BIZ_THANH_TRA, subj, months, false, false}; }
static biz_item kt(int64_t id, int64_t unit, const char *subj, int months) { return (biz_item){id, unit, BIZ_KIEM_TRA, subj, months, false, false}; }

static int conflicts(const biz_item *it, int n, const biz_ruleset *rs, const char **rules)
{
	biz_conflict out[16];
	int k = biz_rules_conflicts(it, n, rs, out, 16);
	for (int i = 0; i < k && i < 16; i++) rules[i] = out[i].rule_id;
	return k;
}

static void ins1_second_thanh_tra(void **state)
{
	(void)state;
	const char *r[16];
	biz_item one[] = {tt(1, 10, "thue", 1 << 2)};
	assert_int_equal(conflicts(one, 1, &ALL, r), 0);
	biz_item two[] = {tt(1, 10, "thue", 1 << 2), tt(2, 10, "pccc", 1 << 8)};   /* same body, other subject, other month */
	assert_int_equal(conflicts(two, 2, &ALL, r), 1);
	assert_string_equal(r[0], "INS-1");
	biz_ruleset off = ALL;
	off.max_thanh_tra = 0;                         /* not in force for that year: no conflict */
	assert_int_equal(conflicts(two, 2, &off, r), 0);
	biz_ruleset two_allowed = ALL;
	two_allowed.max_thanh_tra = 2;                 /* the number is data */
	assert_int_equal(conflicts(two, 2, &two_allowed, r), 0);
}

static void ins2_second_kiem_tra(void **state)
{
	(void)state;
	const char *r[16];
	biz_item two[] = {kt(1, 10, "attp", 1 << 2), kt(2, 11, "pccc", 1 << 5)};
	assert_int_equal(conflicts(two, 2, &ALL, r), 1);
	assert_string_equal(r[0], "INS-2");
	biz_item mixed[] = {kt(1, 10, "attp", 1 << 2), tt(2, 11, "pccc", 1 << 5)};   /* one of each, other subjects */
	assert_int_equal(conflicts(mixed, 2, &ALL, r), 0);
}

static void ins3_same_subject(void **state)
{
	(void)state;
	const char *r[16];
	biz_item same[] = {tt(1, 10, "thue", 1 << 2), kt(2, 11, "thue", 1 << 9)};
	assert_int_equal(conflicts(same, 2, &ALL, r), 1);
	assert_string_equal(r[0], "INS-3");
	biz_item other[] = {tt(1, 10, "thue", 1 << 2), kt(2, 11, "attp", 1 << 2)};
	assert_int_equal(conflicts(other, 2, &ALL, r), 0);
}

static void ins5_state_audit(void **state)
{
	(void)state;
	const char *r[16];
	biz_item it[] = {tt(1, 10, "thue", 1 << 2), {7, 0, BIZ_THANH_TRA, "thue", 1 << 7, false, true}};
	assert_int_equal(conflicts(it, 2, &ALL, r), 1);
	assert_string_equal(r[0], "INS-5");
	biz_item alone[] = {{7, 0, BIZ_THANH_TRA, "thue", 1 << 7, false, true}};
	assert_int_equal(conflicts(alone, 1, &ALL, r), 0);
	biz_ruleset off = ALL;
	off.ins5 = false;
	assert_int_equal(conflicts(it, 2, &off, r), 0);
}

static void adhoc_exception_and_ins7(void **state)
{
	(void)state;
	const char *r[16];
	/* An ad-hoc thanh tra on clear signs of violation: no INS-1 with the planned one. */
	biz_item it[] = {tt(1, 10, "thue", 1 << 2), {2, 10, BIZ_THANH_TRA, "thue", 1 << 2, true, false}};
	assert_int_equal(conflicts(it, 2, &ALL, r), 0);
	/* ... nor INS-3 with a check on the same subject. */
	biz_item it3[] = {kt(1, 10, "thue", 1 << 2), {2, 11, BIZ_THANH_TRA, "thue", 1 << 5, true, false}};
	assert_int_equal(conflicts(it3, 2, &ALL, r), 0);
	/* But another body on the same subject in the same months: Decree 59 Art. 63 (INS-7). */
	biz_item it7[] = {tt(1, 10, "thue", 1 << 2), {2, 11, BIZ_THANH_TRA, "thue", 1 << 2 | 1 << 3, true, false}};
	assert_int_equal(conflicts(it7, 2, &ALL, r), 1);
	assert_string_equal(r[0], "INS-7");
	/* Other months: no overlap in time. */
	biz_item no7[] = {tt(1, 10, "thue", 1 << 2), {2, 11, BIZ_THANH_TRA, "thue", 1 << 6, true, false}};
	assert_int_equal(conflicts(no7, 2, &ALL, r), 0);
	/* A pair already named by INS-1 is not named again by INS-7. */
	biz_item both[] = {tt(1, 10, "thue", 1 << 2), tt(2, 11, "thue", 1 << 2)};
	assert_int_equal(conflicts(both, 2, &ALL, r), 1);
	assert_string_equal(r[0], "INS-1");
}

static void year_boundary(void **state)
{
	(void)state;
	/* The check groups by (tax code, calendar year): December and January are different years. */
	assert_int_equal(biz_rules_days("2026-12-31", "2027-01-01"), 2);
	const char *r[16];
	biz_item dec[] = {tt(1, 10, "thue", 1 << 11)};
	biz_item jan[] = {tt(2, 11, "thue", 1 << 0)};
	assert_int_equal(conflicts(dec, 1, &ALL, r), 0);
	assert_int_equal(conflicts(jan, 1, &ALL, r), 0);
	/* The same two in one year conflict. */
	biz_item one_year[] = {tt(1, 10, "thue", 1 << 11), tt(2, 11, "thue", 1 << 0)};
	assert_int_equal(conflicts(one_year, 2, &ALL, r), 1);
}

static void scope_widening(void **state)
{
	(void)state;
	biz_scope cur = {"thue", "2025-01-01", "2025-12-31", "Việc sử dụng hóa đơn năm 2025"};
	assert_false(biz_rules_scope_widens(&cur, &(biz_scope){0}));
	assert_true(biz_rules_scope_widens(&cur, &(biz_scope){.subject = "pccc"}));
	assert_false(biz_rules_scope_widens(&cur, &(biz_scope){.subject = "thue"}));
	assert_true(biz_rules_scope_widens(&cur, &(biz_scope){.period_from = "2024-12-31"}));
	assert_false(biz_rules_scope_widens(&cur, &(biz_scope){.period_from = "2025-01-01"}));
	assert_false(biz_rules_scope_widens(&cur, &(biz_scope){.period_from = "2025-06-01"}));   /* narrower */
	assert_true(biz_rules_scope_widens(&cur, &(biz_scope){.period_to = "2026-01-01"}));
	assert_false(biz_rules_scope_widens(&cur, &(biz_scope){.period_to = "2025-12-31"}));
	assert_true(biz_rules_scope_widens(&cur, &(biz_scope){.content = "Hóa đơn và lao động"}));
	assert_false(biz_rules_scope_widens(&cur, &(biz_scope){.content = "viec su dung hoa don nam 2025"}));   /* same, folded */
}

static void lateness_and_durations(void **state)
{
	(void)state;
	assert_false(biz_rules_late("2026-12-20", "2026-12-20"));   /* the deadline day itself */
	assert_true(biz_rules_late("2026-12-21", "2026-12-20"));
	assert_false(biz_rules_late("2026-12-19", "2026-12-20"));
	assert_int_equal(biz_rules_days("2026-11-10", "2026-12-09"), 30);
	assert_false(biz_rules_too_long(30, 30));
	assert_true(biz_rules_too_long(31, 30));
	assert_false(biz_rules_too_long(400, 0));
	assert_int_equal(biz_rules_days("2026-11-10", "2026-11-09"), 0);
	assert_int_equal(biz_rules_days("2026-02-30", "2026-03-01"), 0);
}

static void months_and_resolutions(void **state)
{
	(void)state;
	assert_int_equal(biz_months_parse("3"), 1 << 2);
	assert_int_equal(biz_months_parse("3,4"), 1 << 2 | 1 << 3);
	assert_int_equal(biz_months_parse("3-5; 12"), 1 << 2 | 1 << 3 | 1 << 4 | 1 << 11);
	assert_int_equal(biz_months_parse("0"), -1);
	assert_int_equal(biz_months_parse("13"), -1);
	assert_int_equal(biz_months_parse("5-3"), -1);
	assert_int_equal(biz_months_parse(""), -1);
	assert_int_equal(biz_months_parse("3,"), -1);
	char s[64];
	biz_months_format(1 << 2 | 1 << 11, s, sizeof s);
	assert_string_equal(s, "3, 12");
	biz_resolution r;
	assert_int_equal(biz_resolution_parse("joint", &r), 0);
	assert_int_equal(r, BIZ_R_JOINT);
	assert_int_equal(biz_resolution_parse("merge", &r), -1);
	err e = {0};
	assert_int_equal(biz_rules_resolution_ok(BIZ_R_JOINT, true, &e), MB_EINVAL);
	assert_string_equal(e.field, "resolution");
	assert_int_equal(biz_rules_resolution_ok(BIZ_R_JOINT, false, &e), 0);
	assert_int_equal(biz_rules_resolution_ok(BIZ_R_MOVE, true, &e), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(check_digit),
		cmocka_unit_test(branch_codes),
		cmocka_unit_test(ins1_second_thanh_tra),
		cmocka_unit_test(ins2_second_kiem_tra),
		cmocka_unit_test(ins3_same_subject),
		cmocka_unit_test(ins5_state_audit),
		cmocka_unit_test(adhoc_exception_and_ins7),
		cmocka_unit_test(year_boundary),
		cmocka_unit_test(scope_widening),
		cmocka_unit_test(lateness_and_durations),
		cmocka_unit_test(months_and_resolutions),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
