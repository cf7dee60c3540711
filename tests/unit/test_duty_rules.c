/* Obligations, the pure rules: due times in working days across holidays
 * (written from first principles), the 30-working-day consideration, the
 * job's plan at each boundary (reminder, overdue, escalation), the
 * escalation chain's order, who may do what, and the counters. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "duty/duty.h"

static calendar cal;

static int setup(void **state)
{
	(void)state;
	err e = {0};
	if (cal_init(&cal, "07:30-11:30", "13:30-17:30", &e)) return -1;
	/* National Day 2026: Tuesday 1 and Wednesday 2 September off. */
	if (cal_set(&cal, "2026-09-01", CAL_DAY_OFF, &e) || cal_set(&cal, "2026-09-02", CAL_DAY_OFF, &e)) return -1;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	cal_free(&cal);
	return 0;
}

static int64_t at(int y, int m, int d, int hh, int mm) { return cal_local(cal_day_from_ymd(y, m, d), hh * 60 + mm); }

static duty_rule rule(int days, cal_unit u, int remind, int escalate)
{
	duty_rule r;
	memset(&r, 0, sizeof r);
	snprintf(r.kind, sizeof r.kind, "%s", "accountability.action");
	r.days = days;
	r.unit = u;
	r.remind_before = remind;
	r.escalate_after_days = escalate;
	return r;
}

static void due_across_holiday(void **state)
{
	(void)state;
	duty_rule r = rule(3, CAL_WORKING_DAYS, 1, 5);
	/* Monday 31 Aug 09:00: 6.5 h that day, Tue and Wed off, Thu 8 h, Fri 8 h,
	 * then 1.5 h on Monday 7 Sep: 09:00. */
	assert_int_equal(duty_rules_due(&cal, &r, at(2026, 8, 31, 9, 0)), at(2026, 9, 7, 9, 0));
	/* The same start a week later, no holiday: Thursday 09:00. */
	assert_int_equal(duty_rules_due(&cal, &r, at(2026, 9, 7, 9, 0)), at(2026, 9, 10, 9, 0));
	/* Started on a day off: counting starts Thursday 07:30; 3 days end at
	 * the close of Monday 7 Sep. */
	assert_int_equal(duty_rules_due(&cal, &r, at(2026, 9, 1, 10, 0)), at(2026, 9, 7, 17, 30));
}

static void head_review_thirty_working_days(void **state)
{
	(void)state;
	duty_rule r = rule(30, CAL_WORKING_DAYS, 5, 5);
	/* A conclusion at Monday 31 Aug 17:30 (after the close): days 1–2 are
	 * Thu 3 and Fri 4 Sep, then 28 days of weeks: Wednesday 14 Oct at the close. */
	assert_int_equal(duty_rules_due(&cal, &r, at(2026, 8, 31, 17, 30)), at(2026, 10, 14, 17, 30));
	/* Without the holiday it would end two working days earlier. */
	calendar plain;
	err e = {0};
	assert_int_equal(cal_init(&plain, "07:30-11:30", "13:30-17:30", &e), 0);
	assert_int_equal(duty_rules_due(&plain, &r, at(2026, 8, 31, 17, 30)), at(2026, 10, 12, 17, 30));
	cal_free(&plain);
}

static void calendar_days(void **state)
{
	(void)state;
	duty_rule r = rule(90, CAL_CALENDAR_DAYS, 10, 5);
	/* 90 days after 2026-07-01 is Tuesday 29 Sep: its close. */
	assert_int_equal(duty_rules_due(&cal, &r, at(2026, 7, 1, 12, 0)), at(2026, 9, 29, 17, 30));
	/* Ending on a day off moves to the next working day: 2026-06-03 + 90 = 1 Sep (off), 2 Sep (off) → Thu 3 Sep. */
	assert_int_equal(duty_rules_due(&cal, &r, at(2026, 6, 3, 12, 0)), at(2026, 9, 3, 17, 30));
}

static void plan_boundaries(void **state)
{
	(void)state;
	duty_rule r = rule(10, CAL_WORKING_DAYS, 3, 5);
	int64_t due = at(2026, 9, 18, 17, 30);   /* a Friday */
	/* Remind when at most 3 working days are left: Tuesday 15 Sep 17:30 has
	 * Wed, Thu, Fri left (exactly 3); one minute earlier there are more. */
	duty_plan p = duty_rules_plan(&cal, &r, due, at(2026, 9, 15, 17, 30), false);
	assert_true(p.remind);
	assert_int_equal(p.level, 0);
	p = duty_rules_plan(&cal, &r, due, at(2026, 9, 15, 17, 29), false);
	assert_false(p.remind);
	/* Reminded once only. */
	p = duty_rules_plan(&cal, &r, due, at(2026, 9, 16, 9, 0), true);
	assert_false(p.remind);
	/* One second before due: level 0; at due: level 1. */
	assert_int_equal(duty_rules_plan(&cal, &r, due, due - 1, true).level, 0);
	assert_int_equal(duty_rules_plan(&cal, &r, due, due, true).level, 1);
	/* Escalated to the last level 5 working days after due: Friday 25 Sep at
	 * the close (Mon–Fri); one minute earlier still level 1. */
	assert_int_equal(duty_rules_plan(&cal, &r, due, at(2026, 9, 25, 17, 29), true).level, 1);
	assert_int_equal(duty_rules_plan(&cal, &r, due, at(2026, 9, 25, 17, 30), true).level, 2);
	/* The weekend after does not count but does not lower the level. */
	assert_int_equal(duty_rules_plan(&cal, &r, due, at(2026, 9, 27, 12, 0), true).level, 2);
	/* A holiday does not count towards the escalation: due Monday 31 Aug at
	 * the close, 1 working day → Thursday 3 Sep at the close. */
	duty_rule r1 = rule(1, CAL_WORKING_DAYS, 0, 1);
	int64_t due2 = at(2026, 8, 31, 17, 30);
	assert_int_equal(duty_rules_plan(&cal, &r1, due2, at(2026, 9, 2, 17, 30), true).level, 1);
	assert_int_equal(duty_rules_plan(&cal, &r1, due2, at(2026, 9, 3, 17, 30), true).level, 2);
}

static void chain_order(void **state)
{
	(void)state;
	int64_t out[DUTY_LEVELS];
	int64_t ward[] = {88, 1};
	duty_rules_chain(ward, 2, 50, out);
	assert_int_equal(out[0], 88);   /* the owner unit */
	assert_int_equal(out[1], 1);    /* the unit above */
	assert_int_equal(out[2], 50);   /* the Provincial Inspectorate */
	int64_t top[] = {1};
	duty_rules_chain(top, 1, 50, out);
	assert_int_equal(out[0], 1);
	assert_int_equal(out[1], 50);   /* nothing above: the Inspectorate */
	assert_int_equal(out[2], 50);
	int64_t deep[] = {300, 88, 1};
	duty_rules_chain(deep, 3, 50, out);
	assert_int_equal(out[1], 88);   /* the unit directly above, never the root */
}

static void on_time(void **state)
{
	(void)state;
	assert_true(duty_rules_on_time(1000, 999));
	assert_true(duty_rules_on_time(1000, 1000));
	assert_false(duty_rules_on_time(1000, 1001));
}

static void who_may(void **state)
{
	(void)state;
	/* The owner (any staff role) reads and records, never cancels. */
	assert_true(duty_rules_may(DA_READ, ROLE_PROCESSING_OFFICER, 7, 7, false, false));
	assert_true(duty_rules_may(DA_DONE, ROLE_PROCESSING_OFFICER, 7, 7, false, false));
	assert_false(duty_rules_may(DA_CANCEL, ROLE_PROCESSING_OFFICER, 7, 7, false, false));
	/* Another official of the same unit sees nothing. */
	assert_false(duty_rules_may(DA_READ, ROLE_PROCESSING_OFFICER, 8, 7, true, false));
	assert_false(duty_rules_may(DA_READ, ROLE_COUNTER_OFFICER, 8, 7, true, true));
	/* A head of the owner unit reads and records; cancels only from above. */
	assert_true(duty_rules_may(DA_READ, ROLE_UNIT_HEAD, 9, 7, true, false));
	assert_true(duty_rules_may(DA_DONE, ROLE_UNIT_HEAD, 9, 7, true, false));
	assert_false(duty_rules_may(DA_CANCEL, ROLE_UNIT_HEAD, 9, 7, true, false));
	assert_true(duty_rules_may(DA_CANCEL, ROLE_UNIT_HEAD, 9, 7, true, true));
	/* A head of another branch: nothing. */
	assert_false(duty_rules_may(DA_READ, ROLE_UNIT_HEAD, 9, 7, false, false));
	/* The Inspectorate: everything; the home-affairs inspector reads only. */
	assert_true(duty_rules_may(DA_CANCEL, ROLE_INSPECTOR, 3, 7, false, false));
	assert_true(duty_rules_may(DA_DONE, ROLE_INSPECTOR, 3, 7, false, false));
	assert_true(duty_rules_may(DA_READ, ROLE_HOME_AFFAIRS_INSPECTOR, 4, 7, false, false));
	assert_false(duty_rules_may(DA_DONE, ROLE_HOME_AFFAIRS_INSPECTOR, 4, 7, false, false));
	/* Never the overseer, a citizen or the administrator, even "owning" it. */
	for (auth_role r = ROLE_CITIZEN; r < ROLE__MAX; r++) {
		if (r != ROLE_CITIZEN && r != ROLE_OVERSEER && r != ROLE_ADMIN) continue;
		assert_false(duty_rules_may(DA_READ, r, 5, r == ROLE_ADMIN ? 6 : 5, true, true));
	}
}

static bool has(const agg_contrib *c, int n, const char *metric)
{
	for (int i = 0; i < n; i++)
		if (!strcmp(c[i].metric, metric)) return true;
	return false;
}

static void counters(void **state)
{
	(void)state;
	duty_row x;
	memset(&x, 0, sizeof x);
	x.id = 5;
	x.owner_unit_id = 88;
	x.owner_account_id = 4;
	x.opened_at = at(2026, 9, 7, 9, 0);
	x.due_at = at(2026, 9, 28, 9, 0);
	agg_contrib c[AGG_CONTRIB_MAX];
	x.state = DU_OPEN;
	int n = duty_rules_contrib(&x, c);
	assert_int_equal(n, 2);
	assert_true(has(c, n, "duty.items") && has(c, n, "duty.open"));
	assert_int_equal(c[0].unit_id, 88);
	assert_int_equal(c[0].official_id, 4);
	x.state = DU_OVERDUE;
	n = duty_rules_contrib(&x, c);
	assert_int_equal(n, 3);
	assert_true(has(c, n, "duty.overdue"));
	x.state = DU_ESCALATED;
	assert_int_equal(duty_rules_contrib(&x, c), 3);
	x.state = DU_DONE;
	x.closed_at = x.due_at;
	n = duty_rules_contrib(&x, c);
	assert_int_equal(n, 2);
	assert_true(has(c, n, "duty.on_time") && !has(c, n, "duty.open"));
	x.closed_at = x.due_at + 1;
	n = duty_rules_contrib(&x, c);
	assert_true(has(c, n, "duty.late") && !has(c, n, "duty.on_time"));
	x.state = DU_CANCELLED;
	assert_int_equal(duty_rules_contrib(&x, c), 0);
}

static void names(void **state)
{
	(void)state;
	for (int s = 0; s < DU__MAX; s++) {
		duty_state back;
		assert_int_equal(duty_state_parse(duty_state_name((duty_state)s), &back), 0);
		assert_int_equal(back, s);
	}
	duty_state x;
	assert_int_equal(duty_state_parse("late", &x), -1);
	assert_true(duty_state_live(DU_ESCALATED));
	assert_false(duty_state_live(DU_DONE));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(due_across_holiday), cmocka_unit_test(head_review_thirty_working_days),
		cmocka_unit_test(calendar_days), cmocka_unit_test(plan_boundaries), cmocka_unit_test(chain_order),
		cmocka_unit_test(on_time), cmocka_unit_test(who_may), cmocka_unit_test(counters), cmocka_unit_test(names),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
