/* The Decision 766 rules (src/scores/rules.c): the §1b timing rules, each
 * with its own dossier history played through score_rules_dossier_next as
 * the dossier commands call it; the points formula; the grade bands of the
 * shipped data at every boundary; competition ranking with ties; periods;
 * the seven parts of a published procedure. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <string.h>

#include "agg/agg.h"
#include "base/calendar.h"
#include "base/clock.h"
#include "scores/scores.h"
#include "tmpdb.h"

enum { H = 3600, D = 86400 };
static const int64_t T0 = 1780000000;   /* a received time */

/* A dossier's life: one command at a time (state after it, paused_at, requests). */
typedef struct life { score_dossier_facts f; bool started; } life;

static void cmd(life *l, const char *state, int64_t at, int64_t paused_at, int requests, int64_t due)
{
	score_dossier_in in = {7, 3, false, state, T0, due, paused_at, requests};
	score_dossier_facts next;
	score_rules_dossier_next(l->started ? &l->f : NULL, &in, at, &next);
	l->f = next;
	l->started = true;
}

static score_timing judged(const life *l, int64_t at) { return score_rules_timing(&l->f, at); }

static void on_time_when_processed_by_the_appointment(void **st)
{
	(void)st;
	life l = {0};
	int64_t due = T0 + 5 * D;
	cmd(&l, "received", T0, 0, 0, due);
	cmd(&l, "processing", T0 + H, 0, 0, due);
	cmd(&l, "result_ready", due, 0, 0, due);          /* exactly at the appointment: on time */
	cmd(&l, "returned", due + 3 * D, 0, 0, due);      /* returned later: the end is the processing */
	assert_int_equal(l.f.ended_at, due);
	assert_int_equal(judged(&l, due + 10 * D), ST_ON_TIME);
	life k = {0};
	cmd(&k, "received", T0, 0, 0, due);
	cmd(&k, "result_ready", due + 1, 0, 0, due);      /* one second late */
	assert_int_equal(judged(&k, due + 10 * D), ST_LATE);
}

static void supplement_time_is_subtracted(void **st)
{
	(void)st;
	int64_t due = T0 + 5 * D, asked = T0 + D, back = T0 + 3 * D;
	for (int late = 0; late <= 1; late++) {
		life l = {0};
		cmd(&l, "received", T0, 0, 0, due);
		cmd(&l, "supplement", asked, asked, 1, due);
		cmd(&l, "processing", back, 0, 1, due);
		assert_int_equal(l.f.supplement_secs, back - asked);
		cmd(&l, "result_ready", due + (back - asked) + late, 0, 1, due);
		assert_int_equal(judged(&l, due + 30 * D), late ? ST_LATE : ST_ON_TIME);
	}
}

static void more_than_one_supplement_request_is_late(void **st)
{
	(void)st;
	int64_t due = T0 + 10 * D;
	life l = {0};
	cmd(&l, "received", T0, 0, 0, due);
	cmd(&l, "supplement", T0 + H, T0 + H, 1, due);
	cmd(&l, "processing", T0 + 2 * H, 0, 1, due);
	cmd(&l, "supplement", T0 + 3 * H, T0 + 3 * H, 2, due);
	cmd(&l, "processing", T0 + 4 * H, 0, 2, due);
	cmd(&l, "result_ready", T0 + D, 0, 2, due);      /* long before the appointment */
	assert_int_equal(judged(&l, T0 + 2 * D), ST_LATE);
}

static void a_pending_supplement_ends_at_the_request(void **st)
{
	(void)st;
	int64_t due = T0 + 5 * D;
	life l = {0};
	cmd(&l, "received", T0, 0, 0, due);
	cmd(&l, "supplement", T0 + D, T0 + D, 1, due);   /* the citizen never comes back */
	assert_int_equal(l.f.ended_at, 0);
	assert_int_equal(l.f.pending_since, T0 + D);
	assert_int_equal(judged(&l, due + 100 * D), ST_ON_TIME);
	/* Asked only after the appointment had passed: late. */
	life k = {0};
	cmd(&k, "received", T0, 0, 0, due);
	cmd(&k, "supplement", due + H, due + H, 1, due);
	assert_int_equal(judged(&k, due + 100 * D), ST_LATE);
	/* Withdrawn while waiting: the wait ends with it and is subtracted. */
	life w = {0};
	cmd(&w, "received", T0, 0, 0, due);
	cmd(&w, "supplement", T0 + D, T0 + D, 1, due);
	cmd(&w, "withdrawn", due + 2 * D, T0 + D, 1, due);
	assert_int_equal(w.f.ended_at, due + 2 * D);
	assert_int_equal(w.f.pending_since, 0);
	assert_int_equal(w.f.supplement_secs, due + 2 * D - (T0 + D));
	assert_int_equal(judged(&w, due + 3 * D), ST_ON_TIME);
}

static void without_an_appointment_the_legal_maximum(void **st)
{
	(void)st;
	score_dossier_facts f = {.dossier_id = 1, .unit_id = 1, .received_at = T0, .legal_max_at = T0 + 3 * D,
	                         .ended_at = T0 + 3 * D};
	assert_int_equal(score_rules_timing(&f, T0 + 9 * D), ST_ON_TIME);
	f.ended_at = T0 + 3 * D + 1;
	assert_int_equal(score_rules_timing(&f, T0 + 9 * D), ST_LATE);
	f.supplement_secs = 1;                             /* with the citizen for a second */
	assert_int_equal(score_rules_timing(&f, T0 + 9 * D), ST_ON_TIME);
}

static void still_open_is_judged_at_the_period_end(void **st)
{
	(void)st;
	int64_t due = T0 + 5 * D;
	life l = {0};
	cmd(&l, "received", T0, 0, 0, due);
	cmd(&l, "processing", T0 + H, 0, 0, due);
	assert_int_equal(judged(&l, due), ST_ON_TIME);       /* the period ends at the appointment */
	assert_int_equal(judged(&l, due + 1), ST_LATE);      /* a period that ends after it */
	assert_int_equal(judged(&l, T0 - 1), ST_NOT_COUNTED);/* not yet received */
	/* Ended after the period's end: judged at the period's end. */
	cmd(&l, "result_ready", due + 10 * D, 0, 0, due);
	assert_int_equal(judged(&l, due - D), ST_ON_TIME);
	assert_int_equal(judged(&l, due + 2 * D), ST_LATE);
	/* Stopped and withdrawn dossiers have ended too. */
	life s = {0};
	cmd(&s, "received", T0, 0, 0, due);
	cmd(&s, "stopped", T0 + D, 0, 0, due);
	assert_int_equal(s.f.ended_at, T0 + D);
	/* Refused at reception: never received, never counted. */
	score_dossier_facts r = {.dossier_id = 9, .unit_id = 3};
	assert_int_equal(score_rules_timing(&r, due), ST_NOT_COUNTED);
}

static void what_a_dossier_contributes(void **st)
{
	(void)st;
	agg_contrib k[AGG_CONTRIB_MAX];
	int64_t due = T0 + 5 * D;
	score_dossier_facts f = {.dossier_id = 4, .unit_id = 2, .online = true, .received_at = T0, .appointment_at = due};
	assert_int_equal(score_rules_dossier_contrib(&f, k), 2);          /* received, online */
	f.ended_at = due + 1;
	f.feedback = 1;
	assert_int_equal(score_rules_dossier_contrib(&f, k), 5);          /* + ended, late (listed), complained (listed) */
	assert_string_equal(k[3].metric, "d.late");
	assert_int_equal(k[3].item, 4);
	assert_int_equal(k[3].day, cal_day_of(due + 1));
	score_case_facts c = {.case_id = 8, .unit_id = 2, .received_at = T0};
	assert_int_equal(score_rules_case_contrib(&c, k), 2);             /* received, on time */
	c.reopened = true;
	assert_int_equal(score_rules_case_contrib(&c, k), 3);             /* + unsatisfied */
	c.late = true;
	assert_int_equal(score_rules_case_contrib(&c, k), 2);             /* received, unsatisfied */
	assert_true(score_rules_case_is_pakn("feedback") && score_rules_case_is_pakn("petition"));
	assert_false(score_rules_case_is_pakn("denunciation"));
}

static void points_formula(void **st)
{
	(void)st;
	assert_true(score_rules_points(0.8, 80, 6) == 6);        /* R = T: full points */
	assert_true(score_rules_points(0.79, 80, 6) == 5.93);    /* 0.79 × 6 / 0.8 = 5.925 → 5.93 */
	assert_true(score_rules_points(1.0, 90, 6) == 6);
	assert_true(score_rules_points(0.45, 90, 6) == 3);
	assert_true(score_rules_points(2.0 / 3.0, 0, 20) == 13.33);/* no target: R × max */
	assert_true(score_rules_points(1, 0, 20) == 20);
	assert_true(score_rules_points(0, 50, 4) == 0);
	assert_true(score_rules_points(0.25, 50, 4) == 2);
	assert_true(score_rules_points(0.5, 50, 4) == 4);
	assert_true(score_rules_points(-1, 0, 4) == 0);
	assert_true(score_rules_round2(2.675) == 2.68 || score_rules_round2(2.675) == 2.67);   /* binary 2.675 */
	assert_true(score_rules_round2(66.355) >= 66.35 && score_rules_round2(66.355) <= 66.36);
}

static void bands_of_the_shipped_data_at_every_boundary(void **st)
{
	(void)st;
	tmpdb t;
	err e = {0};
	assert_int_equal(tmpdb_open(&t, "scorebands"), 0);
	assert_int_equal(db_begin(t.d, &e) || scores_load_reference(t.d, &e) || db_commit(t.d, &e), 0);
	arena a;
	arena_init(&a);
	score_defs defs;
	assert_int_equal(scores_defs_load(t.d, cal_day_from_ymd(2026, 12, 1), &a, &defs, &e), 0);
	assert_int_equal(defs.nband, 5);
	assert_int_equal(defs.ngrp, 6);
	double sum = 0;
	for (int g = 0; g < defs.ngrp; g++) sum += defs.grp[g].max_pts;
	assert_true(sum == 100);
	sum = 0;
	for (int i = 0; i < defs.nind; i++) sum += defs.ind[i].max_pts;
	assert_true(sum == 100);
	double mins[8], maxs[8];
	for (int b = 0; b < defs.nband; b++) { mins[b] = defs.band[b].min; maxs[b] = defs.band[b].max; }
	static const struct { double score; const char *band; } cases[] = {
		{100, "Xuất sắc"}, {90, "Xuất sắc"}, {89.99, "Tốt"}, {80, "Tốt"}, {79.99, "Khá"}, {70, "Khá"},
		{69.99, "Trung bình"}, {50, "Trung bình"}, {49.99, "Yếu"}, {0, "Yếu"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		int b = score_rules_band(cases[i].score, mins, maxs, defs.nband);
		assert_true(b >= 0);
		assert_string_equal(defs.band[b].name_vi, cases[i].band);
	}
	assert_int_equal(score_rules_band(100.01, mins, maxs, defs.nband), -1);
	assert_int_equal(score_rules_band(-0.01, mins, maxs, defs.nband), -1);
	/* Before the decision: nothing in force. */
	assert_int_equal(scores_defs_load(t.d, cal_day_from_ymd(2022, 6, 22), &a, &defs, &e), 0);
	assert_int_equal(defs.nind, 0);
	arena_free(&a);
	assert_int_equal(tmpdb_close(&t), 0);
}

static void competition_ranking_with_ties(void **st)
{
	(void)st;
	const double s[] = {85, 90, 89.9995, 85.0005, 80, 70, 69.9989};
	int r[7];
	score_rules_rank(s, 7, r);
	assert_int_equal(r[1], 1);   /* 90 */
	assert_int_equal(r[2], 1);   /* within 0.001 of 90 */
	assert_int_equal(r[0], 3);   /* 85 ties 85.0005 */
	assert_int_equal(r[3], 3);
	assert_int_equal(r[4], 5);   /* the rank after a tie skips */
	assert_int_equal(r[5], 6);
	assert_int_equal(r[6], 7);   /* 0.0011 below: not a tie */
	assert_int_equal(score_rules_level("province"), 0);
	assert_int_equal(score_rules_level("agency"), 1);
	assert_int_equal(score_rules_level("ward"), 2);
	assert_int_equal(score_rules_level("commune"), 2);
	assert_int_equal(score_rules_level("x"), -1);
}

static void periods(void **st)
{
	(void)st;
	int32_t f, t;
	assert_int_equal(score_rules_period("2026-11", &f, &t), 0);
	assert_int_equal(f, cal_day_from_ymd(2026, 11, 1));
	assert_int_equal(t, cal_day_from_ymd(2026, 11, 30));
	assert_int_equal(score_rules_period("2024-02", &f, &t), 0);
	assert_int_equal(t, cal_day_from_ymd(2024, 2, 29));
	assert_int_equal(score_rules_period("2026-Q4", &f, &t), 0);
	assert_int_equal(f, cal_day_from_ymd(2026, 10, 1));
	assert_int_equal(t, cal_day_from_ymd(2026, 12, 31));
	assert_int_equal(score_rules_period("2026-Q1", &f, &t), 0);
	assert_int_equal(t, cal_day_from_ymd(2026, 3, 31));
	assert_int_equal(score_rules_period("2026", &f, &t), 0);
	assert_int_equal(f, cal_day_from_ymd(2026, 1, 1));
	assert_int_equal(t, cal_day_from_ymd(2026, 12, 31));
	assert_int_equal(score_rules_period("2026-01-01..2026-03-31", &f, &t), 0);
	assert_int_equal(t - f, 89);
	assert_int_equal(score_rules_period("2026-02-03..2026-02-03", &f, &t), 0);
	assert_int_equal(f, t);
	const char *bad[] = {"", "26", "2026-13", "2026-00", "2026-Q5", "2026-Q0", "2026-1", "2026-03-31..2026-01-01",
	                     "2026-02-30..2026-03-01", "abcd", "2026 ", "2026-11-01", NULL};
	for (int i = 0; bad[i]; i++) assert_int_equal(score_rules_period(bad[i], &f, &t), -1);
	assert_int_equal(score_rules_period(NULL, &f, &t), -1);
}

static void seven_parts(void **st)
{
	(void)st;
	score_procedure_parts p = {true, true, true, true, true, true, true};
	assert_true(score_rules_procedure_complete(&p));
	bool *fields[] = {&p.name, &p.sequence, &p.method, &p.composition, &p.time_limit, &p.applicant, &p.agency};
	for (size_t i = 0; i < 7; i++) {
		*fields[i] = false;
		assert_false(score_rules_procedure_complete(&p));
		*fields[i] = true;
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(on_time_when_processed_by_the_appointment),
		cmocka_unit_test(supplement_time_is_subtracted),
		cmocka_unit_test(more_than_one_supplement_request_is_late),
		cmocka_unit_test(a_pending_supplement_ends_at_the_request),
		cmocka_unit_test(without_an_appointment_the_legal_maximum),
		cmocka_unit_test(still_open_is_judged_at_the_period_end),
		cmocka_unit_test(what_a_dossier_contributes),
		cmocka_unit_test(points_formula),
		cmocka_unit_test(bands_of_the_shipped_data_at_every_boundary),
		cmocka_unit_test(competition_ranking_with_ties),
		cmocka_unit_test(periods),
		cmocka_unit_test(seven_parts),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
