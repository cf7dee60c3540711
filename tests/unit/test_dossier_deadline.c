/* Deadlines of dossiers: the clock while the citizen supplements (pause and
 * restart), at-risk and overdue, the latest day for an apology, dossier codes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "base/embed.h"
#include "dossier/dossier.h"

static calendar cal;

static int setup(void **st)
{
	err e;
	const struct embedded_file *f = embed_find("data/holidays_vn.csv");
	if (!f || cal_init(&cal, "07:30-11:30", "13:30-17:30", &e)) return -1;
	return cal_load_csv(&cal, (const char *)f->data, f->size, &e);
}

static int teardown(void **st) { cal_free(&cal); return 0; }

static int64_t at(int y, int m, int d, int h, int mi) { return cal_local(cal_day_from_ymd(y, m, d), h * 60 + mi); }

static void pause_keeps_the_working_time_left(void **st)
{
	/* Received Mon 2 Nov 2026 08:00 with 3 working days: due Thu 5 Nov 08:00. */
	int64_t recv = at(2026, 11, 2, 8, 0);
	int64_t due = cal_due(&cal, recv, 3, CAL_WORKING_DAYS, -1);
	assert_int_equal(due, at(2026, 11, 5, 8, 0));
	/* Sent back on Tue 3 Nov 08:00 (2 working days = 960 min left); the supplement
	 * arrives on Mon 9 Nov 13:30: the 960 minutes continue from then. */
	int64_t paused = at(2026, 11, 3, 8, 0), back = at(2026, 11, 9, 13, 30);
	int64_t nd = dossier_rules_due_on_resume(&cal, DOSSIER_CLOCK_PAUSE, due, paused, back, 3, CAL_WORKING_DAYS, -1);
	assert_int_equal(cal_working_minutes_between(&cal, back, nd), 960);
	assert_int_equal(nd, at(2026, 11, 11, 11, 30));   /* Mon 4 h + Tue 8 h + Wed 07:30–11:30 */
	/* Restart: the full 3 working days count again from the supplement. */
	int64_t rd = dossier_rules_due_on_resume(&cal, DOSSIER_CLOCK_RESTART, due, paused, back, 3, CAL_WORKING_DAYS, -1);
	assert_int_equal(rd, at(2026, 11, 12, 11, 30));
	/* A pause across Tết 2027 (5–10 Feb off) keeps exactly the time that was left. */
	int64_t due2 = at(2027, 2, 3, 17, 30), paused2 = at(2027, 2, 3, 9, 30), back2 = at(2027, 2, 11, 7, 30);
	int64_t nd2 = dossier_rules_due_on_resume(&cal, DOSSIER_CLOCK_PAUSE, due2, paused2, back2, 3, CAL_WORKING_DAYS, -1);
	assert_int_equal(cal_working_minutes_between(&cal, back2, nd2), cal_working_minutes_between(&cal, paused2, due2));
}

static void risk_levels(void **st)
{
	int64_t due = at(2026, 11, 5, 16, 0);
	assert_int_equal(dossier_rules_risk(&cal, due, at(2026, 11, 2, 8, 0), 480), DR_ON_TIME);
	assert_int_equal(dossier_rules_risk(&cal, due, at(2026, 11, 4, 16, 0), 480), DR_AT_RISK);   /* exactly 8 h left */
	assert_int_equal(dossier_rules_risk(&cal, due, at(2026, 11, 5, 16, 1), 480), DR_OVERDUE);
	assert_int_equal(dossier_rules_risk(&cal, 0, at(2026, 11, 5, 16, 1), 480), DR_ON_TIME);     /* no due time: paused */
	assert_string_equal(dossier_risk_name(DR_AT_RISK), "at_risk");
	/* Over a weekend: Friday 16:00 with a due time on Monday 16:00 is 8 working hours away. */
	assert_int_equal(dossier_rules_risk(&cal, at(2026, 11, 9, 16, 0), at(2026, 11, 6, 16, 0), 480), DR_AT_RISK);
}

static void apology_at_the_latest_one_working_day_before(void **st)
{
	/* Due Mon 9 Nov 2026 10:00: the letter must go by Fri 6 Nov 10:00. */
	assert_int_equal(dossier_rules_apology_deadline(&cal, at(2026, 11, 9, 10, 0), 1), at(2026, 11, 6, 10, 0));
	/* Due Mon 23 Feb 2026 (after Tết 16–20 Feb): the working day before is Fri 13 Feb. */
	assert_int_equal(dossier_rules_apology_deadline(&cal, at(2026, 2, 23, 9, 0), 1), at(2026, 2, 13, 9, 0));
	assert_int_equal(dossier_rules_apology_deadline(&cal, at(2026, 11, 9, 10, 0), 0), at(2026, 11, 9, 10, 0));
}

static void dossier_codes(void **st)
{
	char c[48];
	dossier_rules_code("phuong-chieng-coi", at(2026, 11, 27, 10, 0), 7, c, sizeof c);
	assert_string_equal(c, "PCC-261127-0007");
	dossier_rules_code("so-y-te", at(2027, 1, 2, 23, 59), 1234, c, sizeof c);
	assert_string_equal(c, "SYT-270102-1234");
	/* Vietnam's date, not UTC's: 00:30 on 1 Jan in Vietnam is still 31 Dec in UTC. */
	dossier_rules_code("xa-long-sap", at(2027, 1, 1, 0, 30), 1, c, sizeof c);
	assert_string_equal(c, "XLS-270101-0001");
}

/* The one progress rule: the current step's due time counts as much as the
 * dossier's; paused and finished dossiers are never overdue. */
static void progress_counts_the_current_step(void **st)
{
	int64_t now = at(2026, 11, 4, 9, 0);
	int64_t due = at(2026, 11, 10, 16, 0);            /* far: on time */
	dossier_timing t = {DS_PROCESSING, due, 0, 0, false};
	assert_int_equal(dossier_rules_progress(&cal, &t, now, 480), DP_ON_TIME);
	t.step_due_at = at(2026, 11, 4, 8, 0);            /* the step was due an hour ago */
	assert_int_equal(dossier_rules_progress(&cal, &t, now, 480), DP_OVERDUE);
	assert_true(dossier_rules_step_late(t.step_due_at, 0, now));
	t.step_due_at = at(2026, 11, 4, 15, 0);           /* the step is due in 5 working hours */
	assert_int_equal(dossier_rules_progress(&cal, &t, now, 480), DP_AT_RISK);
	t.step_due_at = 0;
	t.due_at = at(2026, 11, 4, 8, 59);                /* the dossier itself is past due */
	assert_int_equal(dossier_rules_progress(&cal, &t, now, 480), DP_OVERDUE);
	assert_string_equal(dossier_progress_risk_name(DP_OVERDUE), "overdue");
	assert_string_equal(dossier_progress_label_vi(DP_OVERDUE), "Quá hạn");
	assert_string_equal(dossier_progress_class(DP_OVERDUE), "late");
	t.state = DS_SUPPLEMENT;
	assert_int_equal(dossier_rules_progress(&cal, &t, now, 480), DP_PAUSED);
	dossier_timing done = {DS_RETURNED, t.due_at, 0, now, true};
	assert_int_equal(dossier_rules_progress(&cal, &done, now, 480), DP_DONE_LATE);
	done.late = false;
	assert_int_equal(dossier_rules_progress(&cal, &done, now, 480), DP_DONE_ON_TIME);
	dossier_timing none = {DS_SUBMITTED, 0, 0, 0, false};
	assert_int_equal(dossier_rules_progress(&cal, &none, now, 480), DP_NOT_STARTED);
	/* A finished step is judged at its end. */
	assert_false(dossier_rules_step_late(at(2026, 11, 4, 8, 0), at(2026, 11, 4, 7, 59), now));
	assert_true(dossier_rules_step_late(at(2026, 11, 4, 8, 0), at(2026, 11, 4, 8, 1), at(2026, 11, 3, 0, 0)));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(pause_keeps_the_working_time_left),
		cmocka_unit_test(risk_levels),
		cmocka_unit_test(progress_counts_the_current_step),
		cmocka_unit_test(apology_at_the_latest_one_working_day_before),
		cmocka_unit_test(dossier_codes),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
