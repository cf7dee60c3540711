/* The pure rules of public-duty inspections and officials' records: the state
 * machine (every command in every state, the team only), who plans as which
 * body, the visibility of a surprise inspection by role and by state (the
 * inspected unit's head included), the checklist version by date at its
 * boundaries, the evidence checks (empty, the size limit at its boundary,
 * unknown content, a disguised name or type), deadlines and planned dates at
 * their bounds, who reads an official's record; a recording as evidence (each
 * refusal, in order), what is published, a recommendation's progress at its
 * deadline, the officials' names masked in published text (word boundaries,
 * Vietnamese letters, case of logins). Also the shipped checklist loads, names
 * a source for every item, and one version is in force today; the published
 * list reads a range of its index. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "base/calendar.h"
#include "inspections/inspections.h"
#include "inspections/repo.h"
#include "officials/officials.h"
#include "tmpdb.h"

static void state_machine(void **state)
{
	(void)state;
	/* expected[state][cmd]: the state after, or -1 refused (409). */
	static const int expected[IS__MAX][IC__MAX] = {
		[IS_PLANNED] = {[IC_START] = IS_STARTED, [IC_CHECK] = -1, [IC_FINDING] = -1, [IC_COMMEND] = -1, [IC_CONCLUDE] = -1,
		                [IC_RECORDING] = -1},
		[IS_STARTED] = {[IC_START] = -1, [IC_CHECK] = IS_STARTED, [IC_FINDING] = IS_STARTED, [IC_COMMEND] = IS_STARTED,
		                [IC_CONCLUDE] = IS_CONCLUDED, [IC_RECORDING] = IS_STARTED},
		[IS_CONCLUDED] = {[IC_START] = -1, [IC_CHECK] = -1, [IC_FINDING] = -1, [IC_COMMEND] = -1, [IC_CONCLUDE] = -1,
		                  [IC_RECORDING] = -1},
	};
	for (int s = 0; s < IS__MAX; s++)
		for (int c = 0; c < IC__MAX; c++) {
			insp_state next;
			err e = {0};
			int rc = insp_rules_next((insp_state)s, (insp_cmd)c, true, &next, &e);
			if (expected[s][c] < 0) {
				assert_int_equal(rc, MB_ECONFLICT);
				assert_string_equal(e.code, "wrong_state");
				assert_non_null(e.vi);
				assert_non_null(e.en);
			} else {
				assert_int_equal(rc, 0);
				assert_int_equal(next, expected[s][c]);
			}
			/* Nobody outside the team acts, whatever the state. */
			assert_int_equal(insp_rules_next((insp_state)s, (insp_cmd)c, false, &next, &e), MB_EFORBIDDEN);
		}
	insp_state next;
	err e = {0};
	assert_int_equal(insp_rules_next(IS_STARTED, IC__MAX, true, &next, &e), MB_EINVAL);
}

static void bodies(void **state)
{
	(void)state;
	insp_body b;
	err e = {0};
	assert_int_equal(insp_rules_body_for(ROLE_INSPECTOR, &b, &e), 0);
	assert_int_equal(b, IB_INSPECTORATE);
	assert_int_equal(insp_rules_body_for(ROLE_HOME_AFFAIRS_INSPECTOR, &b, &e), 0);
	assert_int_equal(b, IB_HOME_AFFAIRS);
	assert_int_equal(insp_rules_body_for(ROLE_UNIT_HEAD, &b, &e), 0);
	assert_int_equal(b, IB_SELF);
	const auth_role no[] = {ROLE_CITIZEN, ROLE_COUNTER_OFFICER, ROLE_PROCESSING_OFFICER, ROLE_ADMIN, ROLE_OVERSEER};
	for (size_t i = 0; i < sizeof no / sizeof no[0]; i++) assert_int_equal(insp_rules_body_for(no[i], &b, &e), MB_EFORBIDDEN);
	for (int i = 0; i < IB__MAX; i++) {
		insp_body back;
		assert_int_equal(insp_body_parse(insp_body_name((insp_body)i), &back), 0);
		assert_int_equal(back, i);
	}
	for (int i = 0; i < SEV__MAX; i++) {
		insp_severity back;
		assert_int_equal(insp_severity_parse(insp_severity_name((insp_severity)i), &back), 0);
		assert_int_equal(back, i);
	}
	insp_severity sv;
	assert_int_equal(insp_severity_parse("Nghiêm trọng", &sv), -1);
	assert_int_equal(insp_severity_parse(NULL, &sv), -1);
	insp_result r;
	assert_int_equal(insp_result_parse("na", &r), 0);
	assert_int_equal(r, IR_NA);
	assert_int_equal(insp_result_parse("", &r), -1);
}

/* Who sees an inspection, by role and by the viewer's relation to it. */
static void visibility(void **state)
{
	(void)state;
	const auth_role roles[] = {ROLE_CITIZEN, ROLE_COUNTER_OFFICER, ROLE_PROCESSING_OFFICER, ROLE_UNIT_HEAD,
	                           ROLE_INSPECTOR, ROLE_HOME_AFFAIRS_INSPECTOR, ROLE_ADMIN, ROLE_OVERSEER};
	for (size_t i = 0; i < sizeof roles / sizeof roles[0]; i++) {
		/* Every relation a viewer may have but the team's. */
		for (int rel = 0; rel < 8; rel++) {
			insp_viewer v = {.signed_in = true, .role = roles[i], .head_over_target = rel & 1, .head_over_owner = rel & 2,
			                 .target_official = rel & 4};
			/* A surprise inspection not started: nobody but the team, the inspected unit's head included. */
			assert_false(insp_rules_visible(IK_SURPRISE, IS_PLANNED, &v));
			v.team = true;
			for (int s = 0; s < IS__MAX; s++) {
				assert_true(insp_rules_visible(IK_SURPRISE, (insp_state)s, &v));
				assert_true(insp_rules_visible(IK_PLANNED, (insp_state)s, &v));
			}
			v.team = false;
			bool expect = roles[i] == ROLE_INSPECTOR || roles[i] == ROLE_HOME_AFFAIRS_INSPECTOR ||
			              (roles[i] == ROLE_UNIT_HEAD && (rel & 3)) ||
			              ((roles[i] == ROLE_COUNTER_OFFICER || roles[i] == ROLE_PROCESSING_OFFICER ||
			                roles[i] == ROLE_UNIT_HEAD) && (rel & 4));
			assert_int_equal(insp_rules_visible(IK_SURPRISE, IS_STARTED, &v), expect);
			assert_int_equal(insp_rules_visible(IK_SURPRISE, IS_CONCLUDED, &v), expect);
			assert_int_equal(insp_rules_visible(IK_PLANNED, IS_PLANNED, &v), expect);
		}
	}
	insp_viewer anon = {.signed_in = false, .team = true, .role = ROLE_INSPECTOR};
	assert_false(insp_rules_visible(IK_PLANNED, IS_CONCLUDED, &anon));
	assert_false(insp_rules_visible(IK_PLANNED, IS_CONCLUDED, NULL));
}

static void checklist_by_date(void **state)
{
	(void)state;
	const insp_checklist_span spans[] = {
		{"2025-1", "2025-07-01", "2026-06-30"},
		{"2026-2", "2026-07-01", ""},
		{"draft", "2027-01-01", NULL},
	};
	assert_null(insp_rules_checklist_version(spans, 3, "2025-06-30"));
	assert_string_equal(insp_rules_checklist_version(spans, 3, "2025-07-01"), "2025-1");
	assert_string_equal(insp_rules_checklist_version(spans, 3, "2026-06-30"), "2025-1");
	assert_string_equal(insp_rules_checklist_version(spans, 3, "2026-07-01"), "2026-2");
	assert_string_equal(insp_rules_checklist_version(spans, 3, "2026-12-31"), "2026-2");
	assert_string_equal(insp_rules_checklist_version(spans, 3, "2027-01-01"), "draft");
	assert_null(insp_rules_checklist_version(spans, 3, NULL));
	assert_null(insp_rules_checklist_version(spans, 0, "2026-01-01"));
	/* A gap between versions: none in force. */
	const insp_checklist_span gap[] = {{"a", "2025-01-01", "2025-01-31"}, {"b", "2025-03-01", ""}};
	assert_null(insp_rules_checklist_version(gap, 2, "2025-02-15"));
	assert_string_equal(insp_rules_checklist_version(gap, 2, "2025-01-31"), "a");
}

static void evidence(void **state)
{
	(void)state;
	const char *type;
	err e = {0};
	const size_t max = INSP_EVIDENCE_MAX;
	assert_int_equal(insp_rules_evidence("image/png", "image/png", "quay.png", max, max, "evidence", &type, &e), 0);
	assert_string_equal(type, "image/png");
	assert_int_equal(insp_rules_evidence("image/png", "image/png", "quay.png", max + 1, max, "evidence", &type, &e), MB_ETOOBIG);
	assert_string_equal(e.field, "evidence");
	assert_int_equal(insp_rules_evidence("image/png", "image/png", "quay.png", 0, max, "evidence", &type, &e), MB_EINVAL);
	assert_int_equal(insp_rules_evidence(NULL, "image/png", "quay.png", 10, max, "evidence", &type, &e), MB_EINVAL);
	assert_string_equal(e.code, "invalid_field");
	/* Disguised: the name or the declared type says another type than the content. */
	assert_int_equal(insp_rules_evidence("image/png", "image/png", "bien-ban.pdf", 10, max, "evidence", &type, &e), MB_EINVAL);
	assert_string_equal(e.code, "disguised_type");
	assert_int_equal(insp_rules_evidence("application/pdf", "image/png", "anh.png", 10, max, "evidence", &type, &e), MB_EINVAL);
	assert_string_equal(e.code, "disguised_type");
	assert_int_equal(insp_rules_evidence("image/png", "", "anh.exe", 10, max, "evidence", &type, &e), MB_EINVAL);
	assert_string_equal(e.code, "disguised_type");
	/* No claim, or a generic one: the content decides; jpg and jpeg, upper case, parameters. */
	assert_int_equal(insp_rules_evidence("image/jpeg", NULL, NULL, 10, max, "evidence", &type, &e), 0);
	assert_int_equal(insp_rules_evidence("image/jpeg", "application/octet-stream", "ANH.JPG", 10, max, "evidence", &type, &e), 0);
	assert_int_equal(insp_rules_evidence("image/jpeg", "image/jpg", "anh.jpeg", 10, max, "evidence", &type, &e), 0);
	assert_int_equal(insp_rules_evidence("application/pdf", "application/pdf; name=x", "bien ban", 10, max, "evidence", &type, &e), 0);
}

static void dates(void **state)
{
	(void)state;
	int32_t today;
	assert_int_equal(cal_parse_date("2026-12-05", &today), 0);
	err e = {0};
	assert_int_equal(insp_rules_check_due("2026-12-05", today, "rec_due", &e), MB_EINVAL);
	assert_int_equal(insp_rules_check_due("2026-12-06", today, "rec_due", &e), 0);
	assert_int_equal(insp_rules_check_due("2027-12-06", today, "rec_due", &e), 0);   /* today + 366 */
	assert_int_equal(insp_rules_check_due("2027-12-07", today, "rec_due", &e), MB_EINVAL);
	assert_int_equal(insp_rules_check_due("06/12/2026", today, "rec_due", &e), MB_EINVAL);
	assert_string_equal(e.field, "rec_due");
	assert_int_equal(insp_rules_check_due(NULL, today, "rec_due", &e), MB_EINVAL);
	int32_t d;
	assert_int_equal(insp_rules_check_planned("2025-12-04", today, &d, &e), 0);      /* today − 366 */
	assert_int_equal(insp_rules_check_planned("2025-12-03", today, &d, &e), MB_EINVAL);
	assert_int_equal(insp_rules_check_planned("2028-12-05", today, &d, &e), 0);      /* today + 731 */
	assert_int_equal(insp_rules_check_planned("2028-12-06", today, &d, &e), MB_EINVAL);
	assert_int_equal(insp_rules_check_planned("", today, &d, &e), MB_EINVAL);
}

static void official_record_readers(void **state)
{
	(void)state;
	for (int r = 0; r < ROLE__MAX; r++) {
		assert_false(officials_rules_may_read(false, (auth_role)r, true, true));
		assert_true(officials_rules_may_read(true, (auth_role)r, true, false));
		bool insp = r == ROLE_INSPECTOR || r == ROLE_HOME_AFFAIRS_INSPECTOR;
		assert_int_equal(officials_rules_may_read(true, (auth_role)r, false, false), insp);
		assert_int_equal(officials_rules_may_read(true, (auth_role)r, false, true), insp || r == ROLE_UNIT_HEAD);
	}
	err e = {0};
	assert_int_equal(officials_rules_check_desk_name("Quầy 1 — Bộ phận Một cửa", "name_vi", true, &e), 0);
	assert_int_equal(officials_rules_check_desk_name("Q", "name_vi", true, &e), MB_EINVAL);
	assert_int_equal(officials_rules_check_desk_name("", "name_vi", true, &e), MB_EINVAL);
	assert_int_equal(officials_rules_check_desk_name("", "name_en", false, &e), 0);
	assert_int_equal(officials_rules_check_desk_name("Quầy\n1", "name_vi", true, &e), MB_EINVAL);
	assert_int_equal(officials_rules_check_position("Công chức Tư pháp - Hộ tịch", &e), 0);
	assert_int_equal(officials_rules_check_position("a\nb", &e), MB_EINVAL);
}

static void shipped_checklist(void **state)
{
	(void)state;
	tmpdb t;
	assert_int_equal(tmpdb_open(&t, "inspections"), 0);
	err e = {0};
	assert_int_equal(inspections_ensure_reference(t.d, &e), 0);
	arena a;
	arena_init(&a);
	insp_checklist_span *spans;
	int n = 0;
	assert_int_equal(insp_repo_spans(t.d, &a, &spans, &n, &e), 0);
	assert_true(n >= 1);
	const char *v = insp_rules_checklist_version(spans, n, "2026-12-05");
	assert_non_null(v);
	insp_item *items;
	int ni = 0;
	assert_int_equal(insp_repo_items(t.d, v, &a, &items, &ni, &e), 0);
	assert_true(ni >= 8);
	const char *want[] = {"working_hours", "badge", "conduct", "procedures_posted", "one_supplement", "receipt_slip",
	                      "hotline_posted", "reception_schedule"};
	for (size_t k = 0; k < sizeof want / sizeof want[0]; k++) {
		bool found = false;
		for (int i = 0; i < ni; i++) found = found || !strcmp(items[i].item, want[k]);
		assert_true(found);
	}
	for (int i = 0; i < ni; i++) {
		assert_true(strlen(items[i].source) > 0);
		assert_true(strlen(items[i].text_vi) > 0);
		assert_true(strlen(items[i].text_en) > 0);
	}
	/* Loaded once: ensure does nothing more. */
	int64_t count = 0;
	assert_int_equal(inspections_ensure_reference(t.d, &e), 0);
	assert_int_equal(insp_repo_items_count(t.d, &count, &e), 0);
	assert_int_equal(count, ni);
	arena_free(&a);
	tmpdb_close(&t);
}

static void recording_evidence(void **state)
{
	(void)state;
	err e = {0};
	insp_recording_facts ok = {.unit_inspected = true, .finding_given = true, .finding_found = true};
	assert_int_equal(insp_rules_recording(&ok, &e), 0);
	insp_recording_facts whole = {.unit_inspected = true};
	assert_int_equal(insp_rules_recording(&whole, &e), 0);
	/* Each refusal names its field, in Vietnamese and English; a unit not inspected comes first. */
	insp_recording_facts f = {.unit_inspected = false, .finding_given = true, .finding_found = false, .attached = true};
	assert_int_equal(insp_rules_recording(&f, &e), MB_EINVAL);
	assert_string_equal(e.field, "recording");
	assert_non_null(e.vi);
	assert_non_null(e.en);
	assert_string_not_equal(e.vi, e.en);
	f.unit_inspected = true;
	assert_int_equal(insp_rules_recording(&f, &e), MB_EINVAL);
	assert_string_equal(e.field, "finding");
	f.finding_found = true;
	assert_int_equal(insp_rules_recording(&f, &e), MB_ECONFLICT);
	assert_string_equal(e.code, "duplicate");
	assert_string_equal(e.field, "recording");
	/* A finding not named is no finding missing. */
	insp_recording_facts twice = {.unit_inspected = true, .attached = true};
	assert_int_equal(insp_rules_recording(&twice, &e), MB_ECONFLICT);
}

static void published(void **state)
{
	(void)state;
	for (int k = 0; k < IK__MAX; k++) {
		assert_false(insp_rules_published((insp_kind)k, IS_PLANNED));   /* a surprise one before it starts, above all */
		assert_false(insp_rules_published((insp_kind)k, IS_STARTED));
		assert_true(insp_rules_published((insp_kind)k, IS_CONCLUDED));
	}
}

static void progress(void **state)
{
	(void)state;
	const int64_t due = 1800000000;
	assert_int_equal(insp_rules_progress("open", due, 0, due), IP_OPEN);          /* at the deadline: still in time */
	assert_int_equal(insp_rules_progress("open", due, 0, due + 1), IP_LATE);
	assert_int_equal(insp_rules_progress("overdue", due, 0, due - 100), IP_LATE);  /* the job's mark wins */
	assert_int_equal(insp_rules_progress("escalated", due, 0, due + 1), IP_LATE);
	assert_int_equal(insp_rules_progress("done", due, due, due + 99), IP_DONE);
	assert_int_equal(insp_rules_progress("done", due, due + 1, due + 99), IP_DONE_LATE);
	assert_int_equal(insp_rules_progress("cancelled", due, due - 5, due + 99), IP_CANCELLED);
	assert_int_equal(insp_rules_progress(NULL, due, 0, due - 1), IP_OPEN);          /* no item: by the deadline alone */
	assert_int_equal(insp_rules_progress(NULL, due, 0, due + 1), IP_LATE);
	for (int p = 0; p < IP__MAX; p++) {
		insp_progress back;
		assert_int_equal(insp_progress_parse(insp_progress_name((insp_progress)p), &back), 0);
		assert_int_equal(back, p);
		assert_true(strlen(insp_progress_label_vi((insp_progress)p)) > 0);
	}
}

static void public_text(void **state)
{
	(void)state;
	arena a;
	arena_init(&a);
	const char *names[] = {"Lò Văn Mọt", "motcua", "An", NULL};
	const char *t = "Công chức Lò Văn Mọt (motcua) không đeo thẻ.";
	assert_string_equal(insp_rules_public_text(&a, t, names, 4), "Công chức […] ([…]) không đeo thẻ.");
	/* A login in another case, at the start and the end. */
	assert_string_equal(insp_rules_public_text(&a, "MOTCUA đến muộn; nhắc motcua", names, 4), "[…] đến muộn; nhắc […]");
	/* Not inside another word: ASCII or a Vietnamese letter on either side. */
	assert_string_equal(insp_rules_public_text(&a, "motcuaX và Xmotcua và motcuaễ", names, 4), "motcuaX và Xmotcua và motcuaễ");
	/* A name of fewer than 3 bytes is never masked (it would mask ordinary words). */
	assert_string_equal(insp_rules_public_text(&a, "An toàn, An ninh", names, 4), "An toàn, An ninh");
	/* Nothing matched: the text itself. */
	const char *same = "Không có vi phạm.";
	assert_ptr_equal(insp_rules_public_text(&a, same, names, 4), same);
	assert_string_equal(insp_rules_public_text(&a, NULL, names, 4), "");
	/* A text made only of names grows: the mask is longer than a 3-byte name. */
	const char *shorts[] = {"abc"};
	assert_string_equal(insp_rules_public_text(&a, "abc abc abc", shorts, 1), "[…] […] […]");
	arena_free(&a);
}

static void published_list_plan(void **state)
{
	(void)state;
	tmpdb t;
	assert_int_equal(tmpdb_open(&t, "inspections-plan"), 0);
	err e = {0};
	arena a;
	arena_init(&a);
	for (int after = 0; after < 2; after++) {
		const char *plan;
		assert_int_equal(insp_repo_published_plan(t.d, after, &a, &plan, &e), 0);
		print_message("published%s:\n%s", after ? " (after a cursor)" : "", plan);
		/* The first page walks the partial index from its end and stops at the limit; the next ones seek the cursor. */
		assert_non_null(strstr(plan, after ? "SEARCH i USING INDEX inspections_concluded (concluded_at<" : "SCAN i USING INDEX inspections_concluded"));
		assert_null(strstr(plan, "SCAN i\n"));
		assert_null(strstr(plan, "TEMP B-TREE"));   /* read in the index's order: no sort */
	}
	arena_free(&a);
	tmpdb_close(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(state_machine),
		cmocka_unit_test(bodies),
		cmocka_unit_test(visibility),
		cmocka_unit_test(checklist_by_date),
		cmocka_unit_test(evidence),
		cmocka_unit_test(dates),
		cmocka_unit_test(official_record_readers),
		cmocka_unit_test(shipped_checklist),
		cmocka_unit_test(recording_evidence),
		cmocka_unit_test(published),
		cmocka_unit_test(progress),
		cmocka_unit_test(public_text),
		cmocka_unit_test(published_list_plan),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
