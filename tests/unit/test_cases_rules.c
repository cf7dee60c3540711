/* The rules of cases (feedback, petitions, complaints, denunciations): every
 * transition and every illegal one, who may act, each kind's legal clock,
 * extensions within the law's limits, transfers, withdrawal, reopen and
 * escalation, redaction of published summaries, codes. Pure: no database. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "cases/cases.h"
#include "cases/internal.h"

/* The clocks of the shipped rule set (sql/0007_cases.sql), written out again. */
static case_rules shipped(void)
{
	case_rules r = {.rule_set_id = 1, .reopen_limit = 1, .remind_working_hours = 16};
	r.clocks[CK_FEEDBACK][CP_INITIAL] = (case_clock){5, CAL_WORKING_DAYS, 0, 0, ""};
	r.clocks[CK_FEEDBACK][CP_SETTLE] = (case_clock){5, CAL_WORKING_DAYS, 1, 5, ""};
	r.clocks[CK_PETITION][CP_INITIAL] = (case_clock){5, CAL_WORKING_DAYS, 0, 0, ""};
	r.clocks[CK_PETITION][CP_SETTLE] = (case_clock){10, CAL_WORKING_DAYS, 1, 10, ""};
	r.clocks[CK_COMPLAINT][CP_INITIAL] = (case_clock){10, CAL_WORKING_DAYS, 0, 0, ""};
	r.clocks[CK_COMPLAINT][CP_SETTLE] = (case_clock){30, CAL_CALENDAR_DAYS, 1, 15, ""};
	r.clocks[CK_DENUNCIATION][CP_INITIAL] = (case_clock){7, CAL_WORKING_DAYS, 1, 3, ""};
	r.clocks[CK_DENUNCIATION][CP_SETTLE] = (case_clock){30, CAL_CALENDAR_DAYS, 2, 30, ""};
	r.clocks[CK_INFORMATION][CP_INITIAL] = (case_clock){7, CAL_WORKING_DAYS, 0, 0, ""};
	r.clocks[CK_INFORMATION][CP_SETTLE] = (case_clock){10, CAL_WORKING_DAYS, 1, 10, ""};
	return r;
}

/* The expected table, written out independently of the implementation. */
static case_state expect(case_state s, case_cmd c, bool satisfied)
{
	switch (c) {
	case CC_RECEIVE: return s == CS_NONE ? CS_RECEIVED : CS__MAX;
	case CC_ACCEPT: return s == CS_RECEIVED ? CS_ACCEPTED : CS__MAX;
	case CC_NOT_ACCEPT: return s == CS_RECEIVED ? CS_NOT_ACCEPTED : CS__MAX;
	case CC_TRANSFER: return s == CS_RECEIVED ? CS_RECEIVED : CS__MAX;
	case CC_ASSIGN: return s == CS_ACCEPTED || s == CS_ASSIGNED || s == CS_REOPENED ? CS_ASSIGNED : CS__MAX;
	case CC_EXTEND:
		return s == CS_RECEIVED || s == CS_ACCEPTED || s == CS_ASSIGNED || s == CS_VERIFIED || s == CS_REOPENED ? s : CS__MAX;
	case CC_VERIFY: return s == CS_ASSIGNED ? CS_VERIFIED : CS__MAX;
	case CC_CONCLUDE: return s == CS_VERIFIED ? CS_CONCLUDED : CS__MAX;
	case CC_PUBLISH: return s == CS_CONCLUDED ? CS_PUBLISHED : CS__MAX;
	case CC_RATE: return s == CS_PUBLISHED ? (satisfied ? CS_RESOLVED : CS_REOPENED) : CS__MAX;
	case CC_CONFIRM: return s == CS_PUBLISHED ? CS_RESOLVED : CS__MAX;
	case CC_WITHDRAW:
		return s == CS_RECEIVED || s == CS_ACCEPTED || s == CS_ASSIGNED || s == CS_VERIFIED || s == CS_REOPENED ? CS_WITHDRAWN : CS__MAX;
	default: return CS__MAX;
	}
}

/* An actor who may give the command in principle. */
static case_actor actor_for(case_cmd c)
{
	case_actor a = {.account_id = 9, .role = ROLE_UNIT_HEAD, .in_scope = true};
	if (c == CC_RATE) a = (case_actor){.is_reporter = true, .anonymous_reporter = true};
	if (c == CC_CONFIRM) a = (case_actor){.account_id = 11, .role = ROLE_INSPECTOR};
	return a;
}

static void every_transition_and_every_illegal_one(void **st)
{
	(void)st;
	case_rules r = shipped();
	int legal = 0;
	for (int s = 0; s < CS__MAX; s++)
		for (int c = 0; c < CC__MAX; c++)
			for (int sat = 0; sat < 2; sat++) {
				case_snapshot snap = {.state = (case_state)s, .kind = CK_DENUNCIATION, .handler_account_id = 9, .due_at = 100};
				case_actor a = actor_for((case_cmd)c);
				case_state next = CS__MAX, want = expect((case_state)s, (case_cmd)c, sat);
				bool esc;
				err e = {0};
				int rc = case_rules_decide(&snap, (case_cmd)c, &a, &r, sat, &next, &esc, &e);
				if (want == CS__MAX) {
					assert_int_not_equal(rc, 0);
					assert_string_equal(e.code, "invalid_state");
					assert_false(case_rules_allowed((case_state)s, (case_cmd)c));
				} else {
					if (rc) fail_msg("state %s cmd %s refused: %s", case_state_name((case_state)s), case_cmd_name((case_cmd)c), e.en);
					assert_int_equal(next, want);
					legal++;
				}
			}
	/* 22 legal (state, command) pairs, each tried satisfied and not. */
	assert_int_equal(legal, 2 * 22);
}

static void who_may_act(void **st)
{
	(void)st;
	case_rules r = shipped();
	case_snapshot snap = {.state = CS_RECEIVED, .kind = CK_FEEDBACK};
	case_state next;
	bool esc;
	err e = {0};
	/* A processing official may not accept; a head out of scope may not either. */
	case_actor off = {.account_id = 5, .role = ROLE_PROCESSING_OFFICER, .in_scope = true};
	assert_int_equal(case_rules_decide(&snap, CC_ACCEPT, &off, &r, false, &next, &esc, &e), MB_EFORBIDDEN);
	case_actor far = {.account_id = 6, .role = ROLE_UNIT_HEAD, .in_scope = false};
	assert_int_equal(case_rules_decide(&snap, CC_ACCEPT, &far, &r, false, &next, &esc, &e), MB_EFORBIDDEN);
	/* No wrong door: the counter officer who received it may transfer it. */
	case_actor counter = {.account_id = 7, .role = ROLE_COUNTER_OFFICER, .in_scope = true};
	assert_int_equal(case_rules_decide(&snap, CC_TRANSFER, &counter, &r, false, &next, &esc, &e), 0);
	assert_int_equal(next, CS_RECEIVED);
	/* An anonymous caller without the passphrase is not the reporter. */
	case_actor nobody = {0};
	snap.state = CS_PUBLISHED;
	assert_int_equal(case_rules_decide(&snap, CC_RATE, &nobody, &r, true, &next, &esc, &e), MB_EFORBIDDEN);
	/* Only inspectors confirm a case as resolved; a head may not. */
	case_actor head = {.account_id = 9, .role = ROLE_UNIT_HEAD, .in_scope = true};
	assert_int_equal(case_rules_decide(&snap, CC_CONFIRM, &head, &r, false, &next, &esc, &e), MB_EFORBIDDEN);
	/* The assigned official verifies; another official of the unit may not. */
	snap.state = CS_ASSIGNED;
	snap.handler_account_id = 5;
	assert_int_equal(case_rules_decide(&snap, CC_VERIFY, &off, &r, false, &next, &esc, &e), 0);
	case_actor other = {.account_id = 8, .role = ROLE_PROCESSING_OFFICER, .in_scope = true};
	assert_int_equal(case_rules_decide(&snap, CC_VERIFY, &other, &r, false, &next, &esc, &e), MB_EFORBIDDEN);
}

static void staff_of_the_denounced_unit_never_handle_it(void **st)
{
	(void)st;
	case_rules r = shipped();
	case_state next;
	bool esc;
	for (int k = CK_DENUNCIATION; k <= CK_INFORMATION; k++) {
		case_snapshot snap = {.state = CS_ASSIGNED, .kind = (case_kind)k, .handler_account_id = 5};
		case_actor inside = {.account_id = 5, .role = ROLE_UNIT_HEAD, .in_scope = true, .in_subject_unit = true};
		err e = {0};
		assert_int_equal(case_rules_decide(&snap, CC_VERIFY, &inside, &r, false, &next, &esc, &e), MB_EFORBIDDEN);
	}
	/* Feedback about a unit is handled by that unit. */
	case_snapshot fb = {.state = CS_ASSIGNED, .kind = CK_FEEDBACK, .handler_account_id = 5};
	case_actor inside = {.account_id = 5, .role = ROLE_PROCESSING_OFFICER, .in_scope = true, .in_subject_unit = true};
	err e = {0};
	assert_int_equal(case_rules_decide(&fb, CC_VERIFY, &inside, &r, false, &next, &esc, &e), 0);
}

/* An actor who is in scope of the handling unit — a head, the assigned
 * official, an inspector — but covered by the exclusion set is refused every
 * command of a denunciation: the exclusion, not unit scoping, decides. */
static void an_excluded_actor_in_scope_is_refused_every_command(void **st)
{
	(void)st;
	case_rules r = shipped();
	case_state next;
	bool esc;
	for (int k = CK_DENUNCIATION; k <= CK_INFORMATION; k++)
		for (int c = CC_ACCEPT; c < CC__MAX; c++) {
			if (c == CC_RATE) continue;   /* the reporter's: tested below */
			for (int s = CS_RECEIVED; s < CS__MAX; s++) {
				if (!case_rules_allowed((case_state)s, (case_cmd)c)) continue;
				for (int role = 0; role < 2; role++) {
					case_snapshot snap = {.state = (case_state)s, .kind = (case_kind)k, .handler_account_id = 5};
					case_actor in = {.account_id = 5, .role = role ? ROLE_INSPECTOR : ROLE_UNIT_HEAD, .in_scope = true};
					err e = {0};
					/* In scope and not excluded: the command passes the who-may-act check. */
					int ok = case_rules_decide(&snap, (case_cmd)c, &in, &r, false, &next, &esc, &e);
					if (c == CC_CONFIRM && !role) assert_int_equal(ok, MB_EFORBIDDEN);
					else if (c != CC_EXTEND) assert_int_equal(ok, 0);
					in.in_subject_unit = true;
					assert_int_equal(case_rules_decide(&snap, (case_cmd)c, &in, &r, false, &next, &esc, &e), MB_EFORBIDDEN);
					assert_string_equal(e.code, "forbidden");
				}
			}
		}
	/* The reporter rating their own case is never refused by it. */
	case_snapshot pub = {.state = CS_PUBLISHED, .kind = CK_DENUNCIATION};
	case_actor rep = {.account_id = 9, .role = ROLE_CITIZEN, .is_reporter = true, .in_subject_unit = true};
	err e = {0};
	assert_int_equal(case_rules_decide(&pub, CC_RATE, &rep, &r, true, &next, &esc, &e), 0);
}

/* A small tree: the province (1) with the Inspectorate (15), the Office of
 * the People's Committee (3) and its service centre (16), a department (10)
 * and a ward (88). */
static const int64_t ROOT = 1, INSP = 15, OFFICE = 3, CENTRE = 16, DEPT = 10, WARD = 88;
static int chain_of(int64_t unit, int64_t *out)
{
	int n = 0;
	out[n++] = unit;
	if (unit == CENTRE) out[n++] = OFFICE;
	if (unit != ROOT) out[n++] = ROOT;
	return n;
}

static bool covered(const case_subject *s, int ns, int64_t account, int64_t unit)
{
	int64_t ch[4];
	int n = chain_of(unit, ch);
	return case_rules_excluded(s, ns, account, ch, n);
}

static void the_exclusion_set_covers_the_official_and_their_unit_and_below(void **st)
{
	(void)st;
	case_subject ward_official = {100, WARD, CSS_SUBTREE};
	assert_true(covered(&ward_official, 1, 100, DEPT));    /* the person, wherever */
	assert_true(covered(&ward_official, 1, 101, WARD));    /* a colleague */
	assert_true(covered(&ward_official, 1, 0, WARD));      /* the unit itself */
	assert_false(covered(&ward_official, 1, 102, DEPT));
	assert_false(covered(&ward_official, 1, 103, ROOT));  /* the level above */
	case_subject office = {0, OFFICE, CSS_SUBTREE};
	assert_true(covered(&office, 1, 0, CENTRE));          /* below it */
	/* The province itself: its own staff only, not the whole tree. */
	case_subject province = {7, ROOT, case_rules_subject_scope(true, false)};
	assert_int_equal(province.scope, CSS_UNIT);
	assert_true(covered(&province, 1, 0, ROOT));
	assert_true(covered(&province, 1, 7, INSP));
	assert_false(covered(&province, 1, 8, INSP));
	/* Named by a conclusion in the unit that holds the case: the person only. */
	assert_int_equal(case_rules_subject_scope(false, true), CSS_PERSON);
	assert_int_equal(case_rules_subject_scope(true, true), CSS_PERSON);
	assert_int_equal(case_rules_subject_scope(false, false), CSS_SUBTREE);
	case_subject person = {100, INSP, CSS_PERSON};
	assert_true(covered(&person, 1, 100, INSP));
	assert_false(covered(&person, 1, 101, INSP));
	assert_false(covered(&person, 1, 0, INSP));
	/* Several entries: any one covers. */
	case_subject two[2] = {{100, WARD, CSS_SUBTREE}, {200, DEPT, CSS_SUBTREE}};
	assert_true(covered(two, 2, 0, DEPT));
	assert_false(covered(two, 2, 0, INSP));
}

/* The routing table of docs/cases.md, row by row: the handlers are the
 * Inspectorate, then the Office of the People's Committee (the shipped data). */
static void denunciations_are_routed_by_competence(void **st)
{
	(void)st;
	int64_t c0[4], c1[4];
	int nc[2] = {chain_of(INSP, c0), chain_of(OFFICE, c1)};
	const int64_t *chains[2] = {c0, c1};
	static const struct {
		const char *row;
		case_subject s;
		int handler;
		bool beyond;
	} rows[] = {
		{"an official of a ward", {100, WARD, CSS_SUBTREE}, 0, false},
		{"the ward's chairman", {101, WARD, CSS_SUBTREE}, 0, false},
		{"a ward named, no official", {0, WARD, CSS_SUBTREE}, 0, false},
		{"an official of a department", {102, DEPT, CSS_SUBTREE}, 0, false},
		{"a department's director", {103, DEPT, CSS_SUBTREE}, 0, false},
		{"an official of the Inspectorate", {104, INSP, CSS_SUBTREE}, 1, false},
		{"the Chief Inspector", {105, INSP, CSS_SUBTREE}, 1, false},
		{"the Inspectorate named, no official", {0, INSP, CSS_SUBTREE}, 1, false},
		{"an official of the Office", {106, OFFICE, CSS_SUBTREE}, 0, false},
		{"an official of the Office's service centre", {107, CENTRE, CSS_SUBTREE}, 0, false},
		{"the province's Chairman", {108, ROOT, CSS_UNIT}, 0, true},
		{"the province's People's Committee named, no official", {0, ROOT, CSS_UNIT}, 0, true},
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		bool beyond = !rows[i].beyond;
		int h = case_rules_route(&rows[i].s, 1, chains, nc, 2, &beyond);
		if (h != rows[i].handler || beyond != rows[i].beyond)
			fail_msg("%s: handler %d beyond %d", rows[i].row, h, beyond);
	}
	/* Both handlers covered: none (the service records it at the province's root). */
	case_subject both[2] = {{104, INSP, CSS_SUBTREE}, {0, OFFICE, CSS_SUBTREE}};
	bool beyond;
	assert_int_equal(case_rules_route(both, 2, chains, nc, 2, &beyond), -1);
	assert_int_equal(case_rules_route(both, 2, chains, nc, 0, &beyond), -1);
	/* No subject at all (feedback is never routed here, but the rule holds). */
	assert_int_equal(case_rules_route(NULL, 0, chains, nc, 2, &beyond), 0);
	assert_false(beyond);
}

static void extensions_only_as_the_law_allows(void **st)
{
	(void)st;
	case_rules r = shipped();
	case_actor head = {.account_id = 9, .role = ROLE_UNIT_HEAD, .in_scope = true};
	case_state next;
	bool esc;
	err e = {0};
	/* Complaints: one extension (30 → 45 days). */
	case_snapshot c = {.state = CS_ASSIGNED, .kind = CK_COMPLAINT};
	assert_int_equal(case_rules_decide(&c, CC_EXTEND, &head, &r, false, &next, &esc, &e), 0);
	c.phase_extensions = 1;
	assert_int_equal(case_rules_decide(&c, CC_EXTEND, &head, &r, false, &next, &esc, &e), MB_ECONFLICT);
	assert_string_equal(e.code, "extension_limit");
	/* Denunciations: twice (especially complex), not a third time. */
	case_snapshot d = {.state = CS_VERIFIED, .kind = CK_DENUNCIATION, .phase_extensions = 1};
	assert_int_equal(case_rules_decide(&d, CC_EXTEND, &head, &r, false, &next, &esc, &e), 0);
	d.phase_extensions = 2;
	assert_int_equal(case_rules_decide(&d, CC_EXTEND, &head, &r, false, &next, &esc, &e), MB_ECONFLICT);
	/* No extension of a complaint's acceptance time. */
	case_snapshot acc = {.state = CS_RECEIVED, .kind = CK_COMPLAINT};
	memset(&e, 0, sizeof e);
	assert_int_equal(case_rules_decide(&acc, CC_EXTEND, &head, &r, false, &next, &esc, &e), MB_ECONFLICT);
	assert_string_equal(e.code, "extension_not_allowed");
	/* A denunciation's initial handling may grow from 7 to 10 working days once. */
	case_snapshot di = {.state = CS_RECEIVED, .kind = CK_DENUNCIATION};
	assert_int_equal(case_rules_decide(&di, CC_EXTEND, &head, &r, false, &next, &esc, &e), 0);
}

static void withdrawal_only_before_the_conclusion(void **st)
{
	(void)st;
	case_rules r = shipped();
	case_actor rep = {.is_reporter = true, .anonymous_reporter = true};
	case_state next;
	bool esc;
	err e = {0};
	case_snapshot s = {.state = CS_VERIFIED, .kind = CK_DENUNCIATION};
	assert_int_equal(case_rules_decide(&s, CC_WITHDRAW, &rep, &r, false, &next, &esc, &e), 0);
	assert_int_equal(next, CS_WITHDRAWN);
	s.state = CS_CONCLUDED;
	assert_int_equal(case_rules_decide(&s, CC_WITHDRAW, &rep, &r, false, &next, &esc, &e), MB_ECONFLICT);
	/* Someone else cannot withdraw it for the reporter. */
	s.state = CS_ACCEPTED;
	case_actor off = {.account_id = 5, .role = ROLE_PROCESSING_OFFICER, .in_scope = true};
	assert_int_equal(case_rules_decide(&s, CC_WITHDRAW, &off, &r, false, &next, &esc, &e), MB_EFORBIDDEN);
}

static void unsatisfied_reopens_then_goes_up(void **st)
{
	(void)st;
	case_rules r = shipped();
	case_actor rep = {.is_reporter = true};
	case_state next;
	bool esc = true;
	err e = {0};
	case_snapshot s = {.state = CS_PUBLISHED, .kind = CK_FEEDBACK, .reopened = 0};
	assert_int_equal(case_rules_decide(&s, CC_RATE, &rep, &r, false, &next, &esc, &e), 0);
	assert_int_equal(next, CS_REOPENED);
	assert_false(esc);                     /* first time: the same unit again */
	s.reopened = 1;
	assert_int_equal(case_rules_decide(&s, CC_RATE, &rep, &r, false, &next, &esc, &e), 0);
	assert_true(esc);                      /* past the limit: up a level */
	assert_int_equal(case_rules_decide(&s, CC_RATE, &rep, &r, true, &next, &esc, &e), 0);
	assert_int_equal(next, CS_RESOLVED);   /* satisfied: closed AND confirmed */
	/* Closed is not fixed: published is closed for Open311 but not final. */
	assert_string_equal(case_state_open311(CS_PUBLISHED), "closed");
	assert_false(case_state_final(CS_PUBLISHED));
	assert_true(case_state_final(CS_RESOLVED));
	assert_string_equal(case_state_open311(CS_REOPENED), "open");
}

/* Clocks on a calendar with no holidays: Mon–Fri 07:30–11:30, 13:30–17:30. */
static void each_kind_has_its_clock(void **st)
{
	(void)st;
	calendar c;
	err e = {0};
	assert_int_equal(cal_init(&c, "07:30-11:30", "13:30-17:30", &e), 0);
	case_rules r = shipped();
	/* Monday 2 Nov 2026, 09:00 Vietnam. */
	int64_t mon = cal_local(cal_day_from_ymd(2026, 11, 2), 9 * 60);
	char got[16];
	/* Feedback: 5 working days → Monday 9 Nov 09:00. */
	int64_t due = case_rules_due(&c, &r.clocks[CK_FEEDBACK][CP_INITIAL], mon);
	cal_format_date(cal_day_of(due), got, sizeof got);
	assert_string_equal(got, "2026-11-09");
	/* Complaint acceptance: 10 working days → Monday 16 Nov. */
	due = case_rules_due(&c, &r.clocks[CK_COMPLAINT][CP_INITIAL], mon);
	cal_format_date(cal_day_of(due), got, sizeof got);
	assert_string_equal(got, "2026-11-16");
	/* Denunciation initial handling: 7 working days → Wednesday 11 Nov. */
	due = case_rules_due(&c, &r.clocks[CK_DENUNCIATION][CP_INITIAL], mon);
	cal_format_date(cal_day_of(due), got, sizeof got);
	assert_string_equal(got, "2026-11-11");
	/* Complaint settlement: 30 calendar days → Wednesday 2 Dec, at the close. */
	due = case_rules_due(&c, &r.clocks[CK_COMPLAINT][CP_SETTLE], mon);
	cal_format_date(cal_day_of(due), got, sizeof got);
	assert_string_equal(got, "2026-12-02");
	/* Extended by 15 days → 17 Dec; a denunciation by 30 → 1 Jan 2027 is a
	 * holiday only with holidays loaded; here the Friday stays. */
	int64_t ext = case_rules_extend(&c, &r.clocks[CK_COMPLAINT][CP_SETTLE], due);
	cal_format_date(cal_day_of(ext), got, sizeof got);
	assert_string_equal(got, "2026-12-17");
	/* A settle clock that ends on a Sunday moves to Monday (Civil Code Art. 148):
	 * Friday 6 Nov + 30 days = Sunday 6 Dec → Monday 7 Dec. */
	int64_t fri = cal_local(cal_day_from_ymd(2026, 11, 6), 9 * 60);
	due = case_rules_due(&c, &r.clocks[CK_DENUNCIATION][CP_SETTLE], fri);
	cal_format_date(cal_day_of(due), got, sizeof got);
	assert_string_equal(got, "2026-12-07");
	cal_free(&c);
	/* Anonymous denunciations are information; other kinds stay. */
	assert_int_equal(case_rules_effective_kind(CK_DENUNCIATION, true), CK_INFORMATION);
	assert_int_equal(case_rules_effective_kind(CK_DENUNCIATION, false), CK_DENUNCIATION);
	assert_int_equal(case_rules_effective_kind(CK_FEEDBACK, true), CK_FEEDBACK);
	/* A complaint 91 days after the act is time-barred (a warning). */
	assert_true(case_rules_time_barred(CK_COMPLAINT, 1000, 1091));
	assert_false(case_rules_time_barred(CK_COMPLAINT, 1000, 1090));
	assert_false(case_rules_time_barred(CK_FEEDBACK, 1000, 2000));
}

static void codes_and_their_shape(void **st)
{
	(void)st;
	char code[32];
	case_rules_code(cal_local(cal_day_from_ymd(2026, 11, 27), 600), 7, code, sizeof code);
	assert_string_equal(code, "DT-261127-0007");
	assert_true(case_rules_code_valid(code));
	assert_true(case_rules_code_valid("DT-261127-12345"));
	assert_false(case_rules_code_valid("DT-261127-00A7"));
	assert_false(case_rules_code_valid("XX-261127-0007"));
	assert_false(case_rules_code_valid("DT-261127'; --"));
	assert_false(case_rules_code_valid(""));
	assert_false(case_rules_code_valid(NULL));
	case_kind k;
	assert_int_equal(case_kind_parse("denunciation", &k), 0);
	assert_int_equal(k, CK_DENUNCIATION);
	assert_int_not_equal(case_kind_parse("Denunciation", &k), 0);
	case_cmd c;
	assert_int_equal(case_cmd_parse("not_accept", &c), 0);
	assert_int_equal(c, CC_NOT_ACCEPT);
	for (int i = 0; i < CC__MAX; i++) {
		assert_int_equal(case_cmd_parse(case_cmd_name((case_cmd)i), &c), 0);
		assert_int_equal(c, i);
	}
}

static void published_text_is_redacted(void **st)
{
	(void)st;
	arena a;
	arena_init(&a);
	const char *names[] = {"Nguyễn Văn A"};
	char *out = case_rules_redact("Ông Nguyễn Văn A (0912 345 678, a.nguyen+x@example.vn, CCCD 012345678901) phản ánh 3 lần.",
	                              names, 1, &a);
	assert_null(strstr(out, "Nguyễn Văn A"));
	assert_null(strstr(out, "345"));
	assert_null(strstr(out, "example.vn"));
	assert_null(strstr(out, "012345678901"));
	assert_non_null(strstr(out, "phản ánh 3 lần."));   /* short numbers stay */
	assert_non_null(strstr(out, "[đã ẩn]"));
	out = case_rules_redact("Ngày 27.11.2026 lúc 9 giờ", NULL, 0, &a);
	/* A date is kept (tests/unit/test_redact.c has the whole table). */
	assert_string_equal(out, "Ngày 27.11.2026 lúc 9 giờ");
	out = case_rules_redact("Không có gì @ đây", NULL, 0, &a);
	assert_string_equal(out, "Không có gì @ đây");
	arena_free(&a);
}

/* The overseer's view of a case keeps the non-personal case data and
 * withholds every free text, the person named and the location. */
static void the_overseer_reads_no_personal_data(void **s)
{
	(void)s;
	case_row row;
	memset(&row, 0, sizeof row);
	row.code = "DT-261127-0003";
	row.kind = "complaint";
	row.category = "rudeness";
	row.state = "concluded";
	row.title = "Khiếu nại của Lường Thị Riêng";
	row.body = "Tôi là Lường Thị Riêng, CCCD 014190001234, điện thoại 0912 345 678.";
	row.reason = "Đã gọi bà Riêng số 0912 345 678";
	row.conclusion = "Ông Cầm Văn A có sai phạm";
	row.findings = "Làm việc với bà Riêng tại nhà";
	row.result_summary = "Cán bộ đã xin lỗi.";
	row.subject_name = "Cầm Văn A";
	row.subject_official_name = "Cầm Văn A";
	row.subject_official_title = "Công chức một cửa";
	row.subject_account_id = 7;
	row.address_string = "Bản Cọ, tổ 7";
	row.has_lat = true;
	row.lat = 21.3;
	row.lon = 103.9;
	row.unit_code = "phuong-chieng-coi";
	case_rules_overseer_view(&row);
	const char *gone[] = {row.title, row.body, row.reason, row.conclusion, row.findings, row.subject_name,
	                      row.subject_official_name, row.subject_official_title, row.address_string};
	for (size_t i = 0; i < sizeof gone / sizeof gone[0]; i++) assert_string_equal(gone[i], "");
	assert_false(row.has_lat);
	assert_true(row.lat == 0 && row.lon == 0);
	assert_int_equal(row.subject_account_id, 0);
	/* What stays: the case's identity, progress and the text written for publication. */
	assert_string_equal(row.code, "DT-261127-0003");
	assert_string_equal(row.kind, "complaint");
	assert_string_equal(row.state, "concluded");
	assert_string_equal(row.unit_code, "phuong-chieng-coi");
	assert_string_equal(row.result_summary, "Cán bộ đã xin lỗi.");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_transition_and_every_illegal_one),
		cmocka_unit_test(who_may_act),
		cmocka_unit_test(staff_of_the_denounced_unit_never_handle_it),
		cmocka_unit_test(an_excluded_actor_in_scope_is_refused_every_command),
		cmocka_unit_test(the_exclusion_set_covers_the_official_and_their_unit_and_below),
		cmocka_unit_test(denunciations_are_routed_by_competence),
		cmocka_unit_test(extensions_only_as_the_law_allows),
		cmocka_unit_test(withdrawal_only_before_the_conclusion),
		cmocka_unit_test(unsatisfied_reopens_then_goes_up),
		cmocka_unit_test(each_kind_has_its_clock),
		cmocka_unit_test(codes_and_their_shape),
		cmocka_unit_test(published_text_is_redacted),
		cmocka_unit_test(the_overseer_reads_no_personal_data),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
