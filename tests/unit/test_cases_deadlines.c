/* The cases deadline job on a real (temporary) database: a case nobody acts
 * on is marked at risk and its unit's heads are reminded once; when it goes
 * overdue, one case.overdue event (counted against the head) and escalation
 * notices to the heads of the unit and of the unit above; nothing twice. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "base/clock.h"
#include "calendar/calendar_db.h"
#include "cases/cases.h"
#include "cases/repo.h"
#include "ledger/ledger.h"
#include "mail/internal.h"
#include "units/units.h"
#include "tmpdb.h"

static tmpdb T;

/* What the notifier was asked to send. */
typedef struct sent { char kind[16], to[64], code[32]; } sent;
static sent g_sent[32];
static int g_nsent;

static int capture(db *d, const case_row *row, const char *kind, const char *to, const char *lang, arena *a, err *e)
{
	(void)d; (void)lang; (void)a; (void)e;
	if (g_nsent < 32) {
		snprintf(g_sent[g_nsent].kind, sizeof g_sent[g_nsent].kind, "%s", kind);
		snprintf(g_sent[g_nsent].to, sizeof g_sent[g_nsent].to, "%s", to);
		snprintf(g_sent[g_nsent].code, sizeof g_sent[g_nsent].code, "%s", row->code);
		g_nsent++;
	}
	return 0;
}

static int count(const char *kind, const char *to)
{
	int n = 0;
	for (int i = 0; i < g_nsent; i++)
		if (!strcmp(g_sent[i].kind, kind) && (!to || !strcmp(g_sent[i].to, to))) n++;
	return n;
}

static int64_t events_of(const char *type)
{
	int64_t n = 0;
	err e = {0};
	db_lookup_int64(T.d, "SELECT count(*) FROM events WHERE type = ?", type, &n, &e);
	return n;
}

static int setup(void **st)
{
	(void)st;
	if (tmpdb_open(&T, "cases")) return -1;
	char vault[128];
	snprintf(vault, sizeof vault, "%s/t.vault.key", T.dir);
	case_vault_set_key_path(vault);
	err e = {0};
	if (db_begin(T.d, &e) || units_load_reference(T.d, &e) || calendar_load_reference(T.d, &e)) return -1;
	static const struct { const char *login, *role, *unit, *email; } people[] = {
		{"truong", "unit_head", "phuong-chieng-coi", "truong@chiengcoi.test"},
		{"chutich", "unit_head", "ubnd-tinh-son-la", "chutich@sonla.test"},
		{"canbo", "processing_officer", "phuong-chieng-coi", "canbo@chiengcoi.test"},
	};
	for (size_t i = 0; i < sizeof people / sizeof people[0]; i++) {
		auth_role role;
		auth_role_parse(people[i].role, &role);
		if (auth_account_create(T.d, &ledger_system, people[i].login, people[i].login, role, people[i].unit,
		                        "mat-khau-du-dai-123", NULL, &e) ||
		    case_repo_account_email_set(T.d, people[i].login, people[i].email, &e))
			return -1;
	}
	if (db_commit(T.d, &e)) return -1;
	case_set_notifier(capture);
	g_nsent = 0;
	return 0;
}

static int teardown(void **st)
{
	(void)st;
	case_set_notifier(NULL);
	return tmpdb_close(&T);
}

/* Files an anonymous feedback about the demo ward, through the service. */
static void file_anonymous(const char *category, const char *title, const char *body, arena *a, case_result *r)
{
	err e = {0};
	case_input in = {0};
	in.kind = "feedback";
	in.category = category;
	in.unit_code = "phuong-chieng-coi";
	in.title = title;
	in.body = body;
	in.anonymous = true;
	assert_int_equal(case_exec(T.d, NULL, CC_RECEIVE, NULL, &in, a, r, &e), 0);
}

static void reminded_once_then_overdue_escalated_once(void **st)
{
	(void)st;
	arena a;
	arena_init(&a);
	err e = {0};
	case_result r;
	file_anonymous("delay", "Hồ sơ để quá hạn", "Không ai trả lời.", &a, &r);
	case_row row;
	assert_int_equal(case_get(T.d, r.code, &a, &row, &e), 1);
	assert_true(row.due_at > row.received_at);
	assert_string_equal(row.risk, "on_time");
	int changed = 0;

	/* Now: nothing to say. */
	assert_int_equal(case_mark_deadlines(T.d, row.received_at + 60, &changed, &e), 0);
	assert_int_equal(g_nsent, 0);

	/* One hour before the due time: at risk; the heads are reminded (nobody is assigned). */
	assert_int_equal(case_mark_deadlines(T.d, row.due_at - 3600, &changed, &e), 0);
	assert_int_equal(changed, 1);
	assert_int_equal(count("reminder", "truong@chiengcoi.test"), 1);
	assert_int_equal(count("reminder", "canbo@chiengcoi.test"), 0);
	assert_int_equal(count("escalation", NULL), 0);
	assert_int_equal(case_get(T.d, r.code, &a, &row, &e), 1);
	assert_string_equal(row.risk, "at_risk");
	/* Again: no second reminder for the same due time. */
	assert_int_equal(case_mark_deadlines(T.d, row.due_at - 1800, &changed, &e), 0);
	assert_int_equal(count("reminder", NULL), 1);

	/* Past the due time: overdue, one event, the head and the level above told. */
	int64_t ev0 = events_of("case.overdue");
	assert_int_equal(case_mark_deadlines(T.d, row.due_at + 3600, &changed, &e), 0);
	assert_int_equal(events_of("case.overdue"), ev0 + 1);
	assert_int_equal(count("escalation", "truong@chiengcoi.test"), 1);
	assert_int_equal(count("escalation", "chutich@sonla.test"), 1);
	assert_int_equal(case_get(T.d, r.code, &a, &row, &e), 1);
	assert_string_equal(row.risk, "overdue");
	assert_true(row.overdue_at > 0);
	/* Nothing twice. */
	assert_int_equal(case_mark_deadlines(T.d, row.due_at + 7200, &changed, &e), 0);
	assert_int_equal(changed, 0);
	assert_int_equal(events_of("case.overdue"), ev0 + 1);
	assert_int_equal(count("escalation", NULL), 2);

	/* Accepted: a new clock; the marks start again. */
	auth_actor head;
	assert_int_equal(auth_actor_load(T.d, "truong", &a, &head, &e), 1);
	assert_int_equal(case_exec(T.d, &head, CC_ACCEPT, r.code, NULL, &a, &r, &e), 0);
	assert_int_equal(case_get(T.d, r.code, &a, &row, &e), 1);
	assert_int_equal(row.overdue_at, 0);
	assert_int_equal(row.reminded_at, 0);
	arena_free(&a);
}

static void a_closed_case_is_never_marked(void **st)
{
	(void)st;
	arena a;
	arena_init(&a);
	err e = {0};
	case_result r;
	file_anonymous("other", "Rút đơn", "Nội dung", &a, &r);
	char code[32], secret[16];
	snprintf(code, sizeof code, "%s", r.code);
	snprintf(secret, sizeof secret, "%s", r.secret);
	case_input w = {0};
	w.secret = secret;
	w.reason = "Tôi xin rút đơn.";
	assert_int_equal(case_exec(T.d, NULL, CC_WITHDRAW, code, &w, &a, &r, &e), 0);
	case_row row;
	assert_int_equal(case_get(T.d, code, &a, &row, &e), 1);
	assert_int_equal(row.due_at, 0);
	int changed = 0;
	assert_int_equal(case_mark_deadlines(T.d, clock_now() + 365 * 86400, &changed, &e), 0);
	assert_int_equal(g_nsent, 0);
	assert_int_equal(events_of("case.overdue"), 0);
	arena_free(&a);
}

/* The start of the step in progress comes with the case (the staff queue
 * shows it without reading each case's steps); none once the case is closed. */
static void the_step_in_progress_comes_with_the_case(void **st)
{
	(void)st;
	arena a;
	arena_init(&a);
	err e = {0};
	case_result r;
	file_anonymous("other", "Bước đang xử lý", "Nội dung", &a, &r);
	char code[32], secret[16];
	snprintf(code, sizeof code, "%s", r.code);
	snprintf(secret, sizeof secret, "%s", r.secret);
	case_row row;
	assert_int_equal(case_get(T.d, code, &a, &row, &e), 1);
	assert_true(row.step_started_at > 0);
	assert_int_equal(row.step_started_at, row.received_at);
	auth_actor head;
	assert_int_equal(auth_actor_load(T.d, "truong", &a, &head, &e), 1);
	case_filter f = {"unit", NULL, NULL, 10, 0};
	case_row *rows;
	int n = 0;
	assert_int_equal(case_list(T.d, &head, &f, &a, &rows, &n, &e), 0);
	assert_int_equal(n, 1);
	assert_string_equal(rows[0].code, code);
	assert_int_equal(rows[0].step_started_at, row.received_at);
	case_input w = {0};
	w.secret = secret;
	w.reason = "Tôi xin rút đơn.";
	assert_int_equal(case_exec(T.d, NULL, CC_WITHDRAW, code, &w, &a, &r, &e), 0);
	assert_int_equal(case_get(T.d, code, &a, &row, &e), 1);
	assert_int_equal(row.step_started_at, 0);
	arena_free(&a);
}

/* The escalation e-mail (the real notifier, into the outbox) names the head
 * the unit's record names, as the unit page and the statistics do; a change
 * of the record changes the next message. */
static int64_t outbox_naming(const char *text)
{
	int64_t n = -1;
	err e = {0};
	db_lookup_int64(T.d, "SELECT count(*) FROM outbox WHERE kind = 'escalation' AND instr(body, ?) > 0", text, &n, &e);
	return n;
}

static void the_escalation_names_the_head_of_the_unit_record(void **st)
{
	(void)st;
	arena a;
	arena_init(&a);
	err e = {0};
	assert_int_equal(db_begin(T.d, &e), 0);
	assert_int_equal(units_demo_head(T.d, "phuong-chieng-coi", "Hà Văn Đầu", "Chủ tịch UBND phường", &e), 0);
	assert_int_equal(db_commit(T.d, &e), 0);
	const char *name, *title;
	assert_int_equal(units_head(T.d, "phuong-chieng-coi", &a, &name, &title), 1);
	assert_string_equal(name, "Hà Văn Đầu");
	mail_notify_install();
	case_result r;
	file_anonymous("delay", "Hồ sơ để quá hạn", "Không ai trả lời.", &a, &r);
	case_row row;
	assert_int_equal(case_get(T.d, r.code, &a, &row, &e), 1);
	int changed = 0;
	assert_int_equal(case_mark_deadlines(T.d, row.due_at + 3600, &changed, &e), 0);
	/* To the ward's head account and to the province's: both name the ward's head. */
	assert_int_equal(outbox_naming("Người đứng đầu: Hà Văn Đầu, Chủ tịch UBND phường\n"), 2);
	/* The head's sign-in account ("truong") never names the head. */
	assert_int_equal(outbox_naming("Người đứng đầu: truong"), 0);
	case_set_notifier(capture);
	arena_free(&a);
}

/* The clocks as shipped (sql/0007_cases.sql, loaded through the migrations),
 * against the table of docs/cases.md written from the law — not a copy of the
 * data in C, so that a working-day clock turned into calendar days, or two
 * extensions cut to one, fails here. */
/* VM steps of every statement on the connection during one run of the job at now. */
static long long job_steps(int64_t now, int *changed)
{
	tmpdb_vm_steps(T.d);
	err e = {0};
	assert_int_equal(case_mark_deadlines(T.d, now, changed, &e), 0);
	return tmpdb_vm_steps(T.d);
}

/* A run costs the open work in hand, not the history: cases marked overdue
 * whose due time is past (forgotten on a desk; they pile up over the years)
 * have nothing left to mark and are not read again. The same number of VM
 * steps with 2 and with 40 of them, and a run changes nothing. */
static void settled_overdue_cases_cost_nothing(void **st)
{
	(void)st;
	arena a;
	arena_init(&a);
	err e = {0};
	case_result r;
	case_row row;
	int changed = 0;
	int64_t far = 0;
	long long steps[2] = {0, 0};
	int n = 0;
	for (int round = 0; round < 2; round++) {
		for (int target = round ? 40 : 2; n < target; n++) {
			file_anonymous("delay", "Hồ sơ để quá hạn", "Không ai trả lời.", &a, &r);
			assert_int_equal(case_get(T.d, r.code, &a, &row, &e), 1);
			if (row.due_at + 3600 > far) far = row.due_at + 3600;
		}
		/* The first run past every due time marks them overdue (one event each)... */
		assert_int_equal(case_mark_deadlines(T.d, far, &changed, &e), 0);
		assert_int_equal(events_of("case.overdue"), n);
		/* ...after which a run reads none of them. */
		steps[round] = job_steps(far + 86400, &changed);
		assert_int_equal(changed, 0);
		assert_int_equal(events_of("case.overdue"), n);
		assert_int_equal(case_get(T.d, r.code, &a, &row, &e), 1);
		assert_string_equal(row.risk, "overdue");
	}
	assert_true(steps[0] > 0);
	assert_int_equal(steps[1], steps[0]);
	arena_free(&a);
}

static void the_shipped_clocks_are_the_law(void **st)
{
	(void)st;
	static const struct {
		case_kind kind;
		case_phase phase;
		int days;
		cal_unit unit;
		int ext_limit, ext_days;
	} law[] = {
		{CK_FEEDBACK, CP_INITIAL, 5, CAL_WORKING_DAYS, 0, 0},
		{CK_FEEDBACK, CP_SETTLE, 5, CAL_WORKING_DAYS, 1, 5},
		{CK_PETITION, CP_INITIAL, 5, CAL_WORKING_DAYS, 0, 0},
		{CK_PETITION, CP_SETTLE, 10, CAL_WORKING_DAYS, 1, 10},
		{CK_COMPLAINT, CP_INITIAL, 10, CAL_WORKING_DAYS, 0, 0},
		{CK_COMPLAINT, CP_SETTLE, 30, CAL_CALENDAR_DAYS, 1, 15},
		{CK_DENUNCIATION, CP_INITIAL, 7, CAL_WORKING_DAYS, 1, 3},
		{CK_DENUNCIATION, CP_SETTLE, 30, CAL_CALENDAR_DAYS, 2, 30},
		{CK_INFORMATION, CP_INITIAL, 7, CAL_WORKING_DAYS, 0, 0},
		{CK_INFORMATION, CP_SETTLE, 10, CAL_WORKING_DAYS, 1, 10},
	};
	arena a;
	arena_init(&a);
	err e = {0};
	case_env env;
	/* Monday 2 Nov 2026, 09:00 Vietnam. */
	int64_t mon = cal_local(cal_day_from_ymd(2026, 11, 2), 9 * 60);
	assert_int_equal(case_env_load(T.d, 0, mon, &a, &env, &e), 0);
	for (size_t i = 0; i < sizeof law / sizeof law[0]; i++) {
		const case_clock *k = &env.rules.clocks[law[i].kind][law[i].phase];
		assert_int_equal(k->days, law[i].days);
		assert_int_equal(k->unit, law[i].unit);
		assert_int_equal(k->extension_limit, law[i].ext_limit);
		assert_int_equal(k->extension_days, law[i].ext_days);
		assert_non_null(k->citation);
		assert_true(strlen(k->citation) > 10);
	}
	/* The same clocks as due dates on the shipped calendar. */
	char got[16];
	int64_t due = case_rules_due(&env.cal, &env.rules.clocks[CK_FEEDBACK][CP_INITIAL], mon);
	cal_format_date(cal_day_of(due), got, sizeof got);
	assert_string_equal(got, "2026-11-09");          /* 5 working days */
	due = case_rules_due(&env.cal, &env.rules.clocks[CK_COMPLAINT][CP_SETTLE], mon);
	cal_format_date(cal_day_of(due), got, sizeof got);
	assert_string_equal(got, "2026-12-02");          /* 30 calendar days */
	due = case_rules_due(&env.cal, &env.rules.clocks[CK_DENUNCIATION][CP_INITIAL], mon);
	cal_format_date(cal_day_of(due), got, sizeof got);
	assert_string_equal(got, "2026-11-11");          /* 7 working days */
	case_env_free(&env);
	arena_free(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(reminded_once_then_overdue_escalated_once, setup, teardown),
		cmocka_unit_test_setup_teardown(a_closed_case_is_never_marked, setup, teardown),
		cmocka_unit_test_setup_teardown(the_step_in_progress_comes_with_the_case, setup, teardown),
		cmocka_unit_test_setup_teardown(the_escalation_names_the_head_of_the_unit_record, setup, teardown),
		cmocka_unit_test_setup_teardown(the_shipped_clocks_are_the_law, setup, teardown),
		cmocka_unit_test_setup_teardown(settled_overdue_cases_cost_nothing, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
