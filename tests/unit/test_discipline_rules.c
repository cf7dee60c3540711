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
	int32_t five = discipline_rules_limitation_end(v, 60, NULL, 0, NULL, 0, 0), ten = discipline_rules_limitation_end(v, 120, NULL, 0, NULL, 0, 0);
	assert_int_equal(five, D(2025, 3, 10));
	assert_int_equal(ten, D(2030, 3, 10));
	/* The last day is still in time; the day after is barred. */
	assert_int_equal(discipline_rules_in_time(D(2025, 3, 10), five, &e), 0);
	assert_int_equal(discipline_rules_in_time(D(2025, 3, 11), five, &e), MB_EINVAL);
	assert_string_equal(e.field, "decision_date");
	assert_string_equal(e.code, "time_barred");
	assert_int_equal(discipline_rules_in_time(D(2025, 3, 11), ten, &e), 0);
	/* No limitation (0 months). */
	assert_int_equal(discipline_rules_limitation_end(v, 0, NULL, 0, NULL, 0, 0), INT32_MAX);
}

static void limitation_restart(void **state)
{
	(void)state;
	int32_t v = D(2020, 3, 10);
	/* A new violation within the period restarts it from that violation. */
	int32_t within[] = {D(2024, 1, 5)};
	assert_int_equal(discipline_rules_limitation_end(v, 60, within, 1, NULL, 0, 0), D(2029, 1, 5));
	/* On the last day of the period: still within, restarts. */
	int32_t last[] = {D(2025, 3, 10)};
	assert_int_equal(discipline_rules_limitation_end(v, 60, last, 1, NULL, 0, 0), D(2030, 3, 10));
	/* The day after: the period had run out; no restart. */
	int32_t after[] = {D(2025, 3, 11)};
	assert_int_equal(discipline_rules_limitation_end(v, 60, after, 1, NULL, 0, 0), D(2025, 3, 10));
	/* An earlier violation does not restart a later one's period. */
	int32_t before[] = {D(2019, 6, 1)};
	assert_int_equal(discipline_rules_limitation_end(v, 60, before, 1, NULL, 0, 0), D(2025, 3, 10));
	/* A chain, given in any order: 2024-01-05 restarts to 2029-01-05, within
	 * which 2028-12-01 restarts to 2033-12-01, within which 2029-06-01
	 * restarts to 2034-06-01; without 2028-12-01, 2029-06-01 comes too late. */
	int32_t chain[] = {D(2028, 12, 1), D(2029, 6, 1), D(2024, 1, 5)};
	assert_int_equal(discipline_rules_limitation_end(v, 60, chain, 3, NULL, 0, 0), D(2034, 6, 1));
	int32_t gap[] = {D(2029, 6, 1), D(2024, 1, 5)};
	assert_int_equal(discipline_rules_limitation_end(v, 60, gap, 2, NULL, 0, 0), D(2029, 1, 5));
	int32_t late[] = {D(2029, 1, 6), D(2024, 1, 5)};
	assert_int_equal(discipline_rules_limitation_end(v, 60, late, 2, NULL, 0, 0), D(2029, 1, 5));
	/* The same day as the violation itself is not a new violation. */
	int32_t same[] = {v};
	assert_int_equal(discipline_rules_limitation_end(v, 60, same, 1, NULL, 0, 0), D(2025, 3, 10));
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

/* Art. 5(6): periods not counted in the limitation clock. */
static void limitation_excluded_periods(void **state)
{
	(void)state;
	err e = {0};
	int32_t v = D(2020, 3, 10), five = D(2025, 3, 10);
	/* Ten days of criminal proceedings: the period ends ten days later. The
	 * decision on that last day is in time; the day after is barred. */
	discipline_period ten[] = {{D(2021, 5, 1), D(2021, 5, 10)}};
	int32_t end = discipline_rules_limitation_end(v, 60, NULL, 0, ten, 1, D(2025, 3, 20));
	assert_int_equal(end, D(2025, 3, 20));
	assert_int_equal(discipline_rules_in_time(D(2025, 3, 20), end, &e), 0);
	assert_int_equal(discipline_rules_in_time(D(2025, 3, 21), end, &e), MB_EINVAL);
	assert_string_equal(e.code, "time_barred");
	/* Overlapping periods count each day once: 1–10 May and 5–14 May are 14 days, not 20;
	 * a period inside another adds nothing. */
	discipline_period over[] = {{D(2021, 5, 1), D(2021, 5, 10)}, {D(2021, 5, 5), D(2021, 5, 14)}, {D(2021, 5, 2), D(2021, 5, 3)}};
	assert_int_equal(discipline_rules_excluded_days(over, 3, v, five, five), 14);
	assert_int_equal(discipline_rules_limitation_end(v, 60, NULL, 0, over, 3, D(2025, 4, 1)), D(2025, 3, 24));
	/* Adjacent periods: 1–10 May and 11–20 May, twenty days. */
	discipline_period adj[] = {{D(2021, 5, 11), D(2021, 5, 20)}, {D(2021, 5, 1), D(2021, 5, 10)}};
	assert_int_equal(discipline_rules_excluded_days(adj, 2, v, five, five), 20);
	/* A one-day period counts one day. */
	discipline_period one[] = {{D(2022, 1, 1), D(2022, 1, 1)}};
	assert_int_equal(discipline_rules_limitation_end(v, 60, NULL, 0, one, 1, five), D(2025, 3, 11));
	/* A period before the violation or after the period ran out extends nothing. */
	discipline_period outside[] = {{D(2019, 1, 1), D(2019, 12, 31)}, {D(2025, 3, 11), D(2025, 6, 1)}};
	assert_int_equal(discipline_rules_limitation_end(v, 60, NULL, 0, outside, 2, D(2025, 7, 1)), five);
	/* A period that starts inside the extension extends it too: 10 days
	 * (to 20 Mar 2025), then a period from 15 Mar to 24 Mar 2025 adds 10 more. */
	discipline_period chain[] = {{D(2021, 5, 1), D(2021, 5, 10)}, {D(2025, 3, 15), D(2025, 3, 24)}};
	assert_int_equal(discipline_rules_limitation_end(v, 60, NULL, 0, chain, 2, D(2025, 4, 30)), D(2025, 3, 30));
	/* An open period runs to the decision's date: started within the period, the
	 * decision is in time whatever its date; every day up to it is excluded. */
	discipline_period open[] = {{D(2024, 1, 1), DISCIPLINE_OPEN}};
	int32_t late = D(2027, 6, 1);
	end = discipline_rules_limitation_end(v, 60, NULL, 0, open, 1, late);
	assert_true(end > late);
	assert_int_equal(discipline_rules_in_time(late, end, &e), 0);
	assert_int_equal(discipline_rules_excluded_days(open, 1, v, D(2024, 1, 31), D(2024, 1, 31)), 31);
	/* An open period starting after the as-of day counts nothing. */
	assert_int_equal(discipline_rules_excluded_days(open, 1, v, five, D(2023, 12, 31)), 0);
	/* Open and closed overlapping: each day once. */
	discipline_period mix[] = {{D(2024, 1, 1), DISCIPLINE_OPEN}, {D(2023, 12, 20), D(2024, 1, 10)}};
	assert_int_equal(discipline_rules_excluded_days(mix, 2, v, D(2024, 1, 31), D(2024, 1, 31)), 12 + 31);
	/* With a restart by a new violation, the periods inside the new period count from it. */
	int32_t again[] = {D(2024, 1, 5)};
	discipline_period later[] = {{D(2025, 1, 1), D(2025, 1, 10)}};
	assert_int_equal(discipline_rules_limitation_end(v, 60, again, 1, later, 1, D(2029, 2, 1)), D(2029, 1, 15));
	/* No limitation: none to extend. */
	assert_int_equal(discipline_rules_limitation_end(v, 0, NULL, 0, ten, 1, five), INT32_MAX);
}

static void period_checks(void **state)
{
	(void)state;
	err e = {0};
	int32_t v = D(2025, 8, 1), today = D(2026, 1, 10);
	assert_int_equal(discipline_rules_period_ok(D(2025, 9, 1), D(2025, 9, 30), v, today, &e), 0);
	assert_int_equal(discipline_rules_period_ok(D(2025, 9, 1), D(2025, 9, 1), v, today, &e), 0);
	assert_int_equal(discipline_rules_period_ok(D(2025, 9, 1), DISCIPLINE_OPEN, v, today, &e), 0);
	assert_int_equal(discipline_rules_period_ok(v, today, v, today, &e), 0);
	/* The end before the start. */
	assert_int_equal(discipline_rules_period_ok(D(2025, 9, 2), D(2025, 9, 1), v, today, &e), MB_EINVAL);
	assert_string_equal(e.field, "end_date");
	/* Before the violation, or in the future. */
	assert_int_equal(discipline_rules_period_ok(D(2025, 7, 31), D(2025, 9, 1), v, today, &e), MB_EINVAL);
	assert_string_equal(e.field, "start_date");
	assert_int_equal(discipline_rules_period_ok(today + 1, DISCIPLINE_OPEN, v, today, &e), MB_EINVAL);
	assert_string_equal(e.field, "start_date");
	assert_int_equal(discipline_rules_period_ok(D(2025, 9, 1), today + 1, v, today, &e), MB_EINVAL);
	assert_string_equal(e.field, "end_date");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(months), cmocka_unit_test(limitation_five_and_ten_years), cmocka_unit_test(limitation_restart),
		cmocka_unit_test(limitation_excluded_periods),
		cmocka_unit_test(period_checks),
		cmocka_unit_test(forms_by_post), cmocka_unit_test(handling_limit), cmocka_unit_test(steps_in_order),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
