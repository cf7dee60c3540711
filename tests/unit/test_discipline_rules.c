/* Discipline, the pure rules at every boundary: months added to dates, the
 * limitation period (5 and 10 years) and its restart by a new violation,
 * forms by post, the handling limit (90 / 150 days) and its warning, the
 * order of the steps. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "base/calendar.h"
#include "discipline/discipline.h"

static int32_t D(int y, int m, int d) { return cal_day_from_ymd(y, m, d); }

static void months(void **state)
{
	(void)state;
	assert_int_equal(discipline_add_months(D(2020, 3, 10), 60), D(2025, 3, 10));
	assert_int_equal(discipline_add_months(D(2020, 2, 29), 60), D(2025, 2, 28));
	assert_int_equal(discipline_add_months(D(2020, 2, 29), 48), D(2024, 2, 29));
	assert_int_equal(discipline_add_months(D(2021, 1, 31), 1), D(2021, 2, 28));
	assert_int_equal(discipline_add_months(D(2021, 12, 15), 120), D(2031, 12, 15));
}

static void limitation_five_and_ten_years(void **state)
{
	(void)state;
	err e = {0};
	int32_t v = D(2020, 3, 10);
	int32_t five = discipline_rules_limitation_end(v, 60, NULL, 0), ten = discipline_rules_limitation_end(v, 120, NULL, 0);
	assert_int_equal(five, D(2025, 3, 10));
	assert_int_equal(ten, D(2030, 3, 10));
	/* The last day is still in time; the day after is barred. */
	assert_int_equal(discipline_rules_in_time(D(2025, 3, 10), five, &e), 0);
	assert_int_equal(discipline_rules_in_time(D(2025, 3, 11), five, &e), MB_EINVAL);
	assert_string_equal(e.field, "decision_date");
	assert_string_equal(e.code, "time_barred");
	assert_int_equal(discipline_rules_in_time(D(2025, 3, 11), ten, &e), 0);
	/* No limitation (0 months). */
	assert_int_equal(discipline_rules_limitation_end(v, 0, NULL, 0), INT32_MAX);
}

static void limitation_restart(void **state)
{
	(void)state;
	int32_t v = D(2020, 3, 10);
	/* A new violation within the period restarts it from that violation. */
	int32_t within[] = {D(2024, 1, 5)};
	assert_int_equal(discipline_rules_limitation_end(v, 60, within, 1), D(2029, 1, 5));
	/* On the last day of the period: still within, restarts. */
	int32_t last[] = {D(2025, 3, 10)};
	assert_int_equal(discipline_rules_limitation_end(v, 60, last, 1), D(2030, 3, 10));
	/* The day after: the period had run out; no restart. */
	int32_t after[] = {D(2025, 3, 11)};
	assert_int_equal(discipline_rules_limitation_end(v, 60, after, 1), D(2025, 3, 10));
	/* An earlier violation does not restart a later one's period. */
	int32_t before[] = {D(2019, 6, 1)};
	assert_int_equal(discipline_rules_limitation_end(v, 60, before, 1), D(2025, 3, 10));
	/* A chain, given in any order: 2024-01-05 restarts to 2029-01-05, within
	 * which 2028-12-01 restarts to 2033-12-01, within which 2029-06-01
	 * restarts to 2034-06-01; without 2028-12-01, 2029-06-01 comes too late. */
	int32_t chain[] = {D(2028, 12, 1), D(2029, 6, 1), D(2024, 1, 5)};
	assert_int_equal(discipline_rules_limitation_end(v, 60, chain, 3), D(2034, 6, 1));
	int32_t gap[] = {D(2029, 6, 1), D(2024, 1, 5)};
	assert_int_equal(discipline_rules_limitation_end(v, 60, gap, 2), D(2029, 1, 5));
	int32_t late[] = {D(2029, 1, 6), D(2024, 1, 5)};
	assert_int_equal(discipline_rules_limitation_end(v, 60, late, 2), D(2029, 1, 5));
	/* The same day as the violation itself is not a new violation. */
	int32_t same[] = {v};
	assert_int_equal(discipline_rules_limitation_end(v, 60, same, 1), D(2025, 3, 10));
}

static void forms_by_post(void **state)
{
	(void)state;
	discipline_form removal = {.regime = "cong_chuc", .form = "cach_chuc", .leaders_only = true, .limitation_months = 120};
	discipline_form reprimand = {.regime = "cong_chuc", .form = "khien_trach", .leaders_only = false, .limitation_months = 60};
	err e = {0};
	assert_int_equal(discipline_rules_form_allowed(&removal, false, &e), MB_EINVAL);
	assert_string_equal(e.field, "form");
	assert_string_equal(e.code, "form_not_allowed");
	assert_int_equal(discipline_rules_form_allowed(&removal, true, &e), 0);
	assert_int_equal(discipline_rules_form_allowed(&reprimand, false, &e), 0);
	assert_int_equal(discipline_rules_form_allowed(&reprimand, true, &e), 0);
}

static void handling_limit(void **state)
{
	(void)state;
	discipline_limits l = {.handling_days = 90, .handling_days_complex = 150, .step_working_days = 5, .warn_before_days = 15};
	int32_t disc = D(2026, 7, 1);
	int32_t due = discipline_rules_handling_due(disc, false, &l), due_c = discipline_rules_handling_due(disc, true, &l);
	assert_int_equal(due, D(2026, 9, 29));
	assert_int_equal(due_c, D(2026, 11, 28));
	assert_int_equal(discipline_rules_warning(due - 16, due, &l), DW_NONE);
	assert_int_equal(discipline_rules_warning(due - 15, due, &l), DW_SOON);
	assert_int_equal(discipline_rules_warning(due, due, &l), DW_SOON);
	assert_int_equal(discipline_rules_warning(due + 1, due, &l), DW_PAST);
	assert_int_equal(discipline_rules_warning(due + 1, due_c, &l), DW_NONE);
}

static void steps_in_order(void **state)
{
	(void)state;
	err e = {0};
	assert_int_equal(discipline_rules_step_ok(DSTEP_REVIEW, DSTEP_REVIEW, &e), 0);
	assert_int_equal(discipline_rules_step_ok(DSTEP_REVIEW, DSTEP_COUNCIL, &e), MB_EINVAL);
	assert_int_equal(discipline_rules_step_ok(DSTEP_REVIEW, DSTEP_DECISION, &e), MB_EINVAL);
	assert_string_equal(e.field, "step");
	assert_int_equal(discipline_rules_step_ok(DSTEP_COUNCIL, DSTEP_COUNCIL, &e), 0);
	assert_int_equal(discipline_rules_step_ok(DSTEP_COUNCIL, DSTEP_REVIEW, &e), MB_EINVAL);
	assert_int_equal(discipline_rules_step_ok(DSTEP_DECISION, DSTEP_DECISION, &e), 0);
	assert_int_equal(discipline_rules_step_ok(DSTEP_DECIDED, DSTEP_DECISION, &e), MB_ECONFLICT);
	for (int s = 0; s < DSTEP__MAX; s++) {
		discipline_step back;
		assert_int_equal(discipline_step_parse(discipline_step_name((discipline_step)s), &back), 0);
		assert_int_equal(back, s);
	}
	assert_true(discipline_regime_ok("vien_chuc"));
	assert_false(discipline_regime_ok("nhan_vien"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(months), cmocka_unit_test(limitation_five_and_ten_years), cmocka_unit_test(limitation_restart),
		cmocka_unit_test(forms_by_post), cmocka_unit_test(handling_limit), cmocka_unit_test(steps_in_order),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
