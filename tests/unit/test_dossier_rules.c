/* The dossier lifecycle as a pure state machine: every transition, every
 * illegal one, who may act, the one-supplement rule and the single extension. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "dossier/dossier.h"

static const dossier_limits LIMITS = {1, 1};
enum { NOW = 1800000000, DUE = 1800500000 };

/* The expected table, written out independently of the implementation. */
static dossier_state expect(dossier_state s, dossier_cmd c)
{
	switch (s) {
	case DS_NONE:
		return c == DC_SUBMIT_ONLINE ? DS_SUBMITTED : c == DC_RECEIVE ? DS_RECEIVED :
		       c == DC_REFUSE ? DS_REFUSED : DS_NONE;
	case DS_SUBMITTED:
		return c == DC_RECEIVE ? DS_RECEIVED : c == DC_REFUSE ? DS_REFUSED :
		       c == DC_WITHDRAW ? DS_WITHDRAWN : DS_NONE;
	case DS_RECEIVED:
		return c == DC_ASSIGN ? DS_PROCESSING : c == DC_REQUEST_SUPPLEMENT ? DS_SUPPLEMENT :
		       c == DC_APOLOGIZE ? DS_RECEIVED : c == DC_STOP ? DS_STOPPED :
		       c == DC_WITHDRAW ? DS_WITHDRAWN : DS_NONE;
	case DS_PROCESSING:
		return c == DC_HANDOVER ? DS_PROCESSING : c == DC_REQUEST_SUPPLEMENT ? DS_SUPPLEMENT :
		       c == DC_APOLOGIZE ? DS_PROCESSING : c == DC_STOP ? DS_STOPPED :
		       c == DC_RESULT_READY ? DS_RESULT_READY : c == DC_WITHDRAW ? DS_WITHDRAWN : DS_NONE;
	case DS_SUPPLEMENT:
		return c == DC_SUPPLEMENT ? DS_PROCESSING : c == DC_STOP ? DS_STOPPED :
		       c == DC_WITHDRAW ? DS_WITHDRAWN : DS_NONE;
	case DS_RESULT_READY:
		return c == DC_RETURN ? DS_RETURNED : DS_NONE;
	default:
		return DS_NONE;   /* refused, stopped, returned, withdrawn: final */
	}
}

/* A role that may give the command (the first that works). */
static auth_role some_role_for(dossier_cmd c)
{
	switch (c) {
	case DC_SUBMIT_ONLINE: case DC_SUPPLEMENT: case DC_WITHDRAW: return ROLE_CITIZEN;
	case DC_RECEIVE: case DC_REFUSE: case DC_RETURN: case DC_ASSIGN: return ROLE_COUNTER_OFFICER;
	default: return ROLE_UNIT_HEAD;
	}
}

static void every_transition_and_every_illegal_one(void **st)
{
	int legal = 0;
	for (int s = 0; s < DS__MAX; s++) {
		for (int c = 0; c < DC__MAX; c++) {
			dossier_snapshot snap = {.state = (dossier_state)s, .due_at = DUE, .citizen_account_id = 7, .holder_account_id = 9};
			dossier_actor a = {.account_id = 7, .role = some_role_for((dossier_cmd)c), .in_scope = true};
			dossier_state next = DS__MAX, want = expect((dossier_state)s, (dossier_cmd)c);
			err e = {0};
			int64_t new_due = c == DC_HANDOVER ? DUE - 100 : DUE + 86400;
			int rc = dossier_rules_decide(&snap, (dossier_cmd)c, &a, &LIMITS, NOW, new_due, &next, &e);
			assert_int_equal(dossier_rules_allowed((dossier_state)s, (dossier_cmd)c), want != DS_NONE);
			if (want == DS_NONE) {
				assert_int_equal(rc, MB_ECONFLICT);
				assert_string_equal(e.code, "invalid_transition");
				assert_true(strlen(e.vi) > 0 && strlen(e.en) > 0);
				assert_int_equal(next, DS__MAX);   /* untouched */
			} else {
				assert_int_equal(rc, 0);
				assert_int_equal(next, want);
				legal++;
			}
		}
	}
	assert_int_equal(legal, 21);
	for (int s = 0; s < DS__MAX; s++)
		if (dossier_state_final((dossier_state)s))
			for (int c = 0; c < DC__MAX; c++) assert_false(dossier_rules_allowed((dossier_state)s, (dossier_cmd)c));
}

static void only_the_right_roles_act(void **st)
{
	/* For each command, the roles allowed; everyone else is refused with forbidden. */
	const struct { dossier_cmd c; dossier_state s; unsigned roles; } cases[] = {
		{DC_SUBMIT_ONLINE, DS_NONE, 1u << ROLE_CITIZEN},
		{DC_RECEIVE, DS_SUBMITTED, 1u << ROLE_COUNTER_OFFICER},
		{DC_REFUSE, DS_SUBMITTED, 1u << ROLE_COUNTER_OFFICER},
		{DC_ASSIGN, DS_RECEIVED, 1u << ROLE_COUNTER_OFFICER | 1u << ROLE_UNIT_HEAD},
		{DC_HANDOVER, DS_PROCESSING, 1u << ROLE_PROCESSING_OFFICER | 1u << ROLE_UNIT_HEAD},
		{DC_REQUEST_SUPPLEMENT, DS_PROCESSING, 1u << ROLE_PROCESSING_OFFICER | 1u << ROLE_UNIT_HEAD},
		{DC_SUPPLEMENT, DS_SUPPLEMENT, 1u << ROLE_CITIZEN | 1u << ROLE_COUNTER_OFFICER},
		{DC_APOLOGIZE, DS_PROCESSING, 1u << ROLE_PROCESSING_OFFICER | 1u << ROLE_UNIT_HEAD},
		{DC_STOP, DS_PROCESSING, 1u << ROLE_PROCESSING_OFFICER | 1u << ROLE_UNIT_HEAD},
		{DC_RESULT_READY, DS_PROCESSING, 1u << ROLE_PROCESSING_OFFICER | 1u << ROLE_UNIT_HEAD},
		{DC_RETURN, DS_RESULT_READY, 1u << ROLE_COUNTER_OFFICER},
		{DC_WITHDRAW, DS_PROCESSING, 1u << ROLE_CITIZEN | 1u << ROLE_COUNTER_OFFICER},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		for (int r = 0; r < ROLE__MAX; r++) {
			dossier_snapshot snap = {.state = cases[i].s, .due_at = DUE, .citizen_account_id = 7, .holder_account_id = 7};
			dossier_actor a = {.account_id = 7, .role = (auth_role)r, .in_scope = true};
			dossier_state next;
			err e = {0};
			int64_t nd = cases[i].c == DC_HANDOVER ? DUE - 100 : DUE + 86400;
			int rc = dossier_rules_decide(&snap, cases[i].c, &a, &LIMITS, NOW, nd, &next, &e);
			if (cases[i].roles & (1u << r)) {
				assert_int_equal(rc, 0);
			} else {
				assert_int_equal(rc, MB_EFORBIDDEN);
				assert_string_equal(e.code, "forbidden");
			}
		}
	}
}

static void scope_holder_and_ownership(void **st)
{
	dossier_state next;
	err e;
	dossier_snapshot snap = {.state = DS_PROCESSING, .due_at = DUE, .citizen_account_id = 7, .holder_account_id = 9};
	/* Staff of another unit. */
	dossier_actor other = {.account_id = 9, .role = ROLE_UNIT_HEAD, .in_scope = false};
	assert_int_equal(dossier_rules_decide(&snap, DC_STOP, &other, &LIMITS, NOW, 0, &next, &e), MB_EFORBIDDEN);
	/* A processing officer who does not hold it. */
	dossier_actor notholder = {.account_id = 10, .role = ROLE_PROCESSING_OFFICER, .in_scope = true};
	assert_int_equal(dossier_rules_decide(&snap, DC_RESULT_READY, &notholder, &LIMITS, NOW, 0, &next, &e), MB_EFORBIDDEN);
	assert_string_equal(e.code, "not_holder");
	dossier_actor holder = {.account_id = 9, .role = ROLE_PROCESSING_OFFICER, .in_scope = true};
	assert_int_equal(dossier_rules_decide(&snap, DC_RESULT_READY, &holder, &LIMITS, NOW, 0, &next, &e), 0);
	/* The unit head need not hold it. */
	dossier_actor head = {.account_id = 11, .role = ROLE_UNIT_HEAD, .in_scope = true};
	assert_int_equal(dossier_rules_decide(&snap, DC_RESULT_READY, &head, &LIMITS, NOW, 0, &next, &e), 0);
	/* Another citizen cannot withdraw my dossier; scope does not matter to citizens. */
	dossier_actor stranger = {.account_id = 8, .role = ROLE_CITIZEN, .in_scope = true};
	assert_int_equal(dossier_rules_decide(&snap, DC_WITHDRAW, &stranger, &LIMITS, NOW, 0, &next, &e), MB_EFORBIDDEN);
	dossier_actor owner = {.account_id = 7, .role = ROLE_CITIZEN, .in_scope = false};
	assert_int_equal(dossier_rules_decide(&snap, DC_WITHDRAW, &owner, &LIMITS, NOW, 0, &next, &e), 0);
	assert_int_equal(next, DS_WITHDRAWN);
}

static void one_supplement_request_only(void **st)
{
	dossier_state next;
	err e;
	dossier_actor head = {.account_id = 11, .role = ROLE_UNIT_HEAD, .in_scope = true};
	dossier_snapshot snap = {.state = DS_PROCESSING, .due_at = DUE};
	assert_int_equal(dossier_rules_decide(&snap, DC_REQUEST_SUPPLEMENT, &head, &LIMITS, NOW, 0, &next, &e), 0);
	assert_int_equal(next, DS_SUPPLEMENT);
	snap.supplement_requests = 1;   /* after the citizen supplemented, back in processing */
	assert_int_equal(dossier_rules_decide(&snap, DC_REQUEST_SUPPLEMENT, &head, &LIMITS, NOW, 0, &next, &e), MB_ECONFLICT);
	assert_string_equal(e.code, "supplement_limit");
	assert_non_null(strstr(e.en, "recorded"));
	snap.state = DS_RECEIVED;
	assert_int_equal(dossier_rules_decide(&snap, DC_REQUEST_SUPPLEMENT, &head, &LIMITS, NOW, 0, &next, &e), MB_ECONFLICT);
	/* Also while the citizen is still supplementing: refused as a second request. */
	snap.state = DS_SUPPLEMENT;
	assert_int_equal(dossier_rules_decide(&snap, DC_REQUEST_SUPPLEMENT, &head, &LIMITS, NOW, 0, &next, &e), MB_ECONFLICT);
	assert_string_equal(e.code, "supplement_limit");
	/* A finished dossier: the state speaks, not the limit. */
	snap.state = DS_RETURNED;
	assert_int_equal(dossier_rules_decide(&snap, DC_REQUEST_SUPPLEMENT, &head, &LIMITS, NOW, 0, &next, &e), MB_ECONFLICT);
	assert_string_equal(e.code, "invalid_transition");
	snap.state = DS_RECEIVED;
	/* A rule set with another limit is respected (the limit is data). */
	dossier_limits two = {2, 1};
	assert_int_equal(dossier_rules_decide(&snap, DC_REQUEST_SUPPLEMENT, &head, &two, NOW, 0, &next, &e), 0);
}

static void one_extension_with_a_later_date(void **st)
{
	dossier_state next;
	err e;
	dossier_actor head = {.account_id = 11, .role = ROLE_UNIT_HEAD, .in_scope = true};
	dossier_snapshot snap = {.state = DS_PROCESSING, .due_at = DUE};
	assert_int_equal(dossier_rules_decide(&snap, DC_APOLOGIZE, &head, &LIMITS, NOW, DUE + 3600, &next, &e), 0);
	assert_int_equal(next, DS_PROCESSING);
	assert_int_equal(dossier_rules_decide(&snap, DC_APOLOGIZE, &head, &LIMITS, NOW, DUE, &next, &e), MB_EINVAL);
	assert_string_equal(e.field, "new_due");
	assert_int_equal(dossier_rules_decide(&snap, DC_APOLOGIZE, &head, &LIMITS, NOW, NOW - 1, &next, &e), MB_EINVAL);
	snap.extensions = 1;
	assert_int_equal(dossier_rules_decide(&snap, DC_APOLOGIZE, &head, &LIMITS, NOW, DUE + 7200, &next, &e), MB_ECONFLICT);
	assert_string_equal(e.code, "extension_limit");
}

static void handover_due_within_the_dossier_due(void **st)
{
	dossier_state next;
	err e;
	dossier_actor head = {.account_id = 11, .role = ROLE_UNIT_HEAD, .in_scope = true};
	dossier_snapshot snap = {.state = DS_PROCESSING, .due_at = DUE};
	assert_int_equal(dossier_rules_decide(&snap, DC_HANDOVER, &head, &LIMITS, NOW, DUE, &next, &e), 0);
	assert_int_equal(dossier_rules_decide(&snap, DC_HANDOVER, &head, &LIMITS, NOW, DUE + 1, &next, &e), MB_EINVAL);
	assert_string_equal(e.field, "step_due");
	assert_int_equal(dossier_rules_decide(&snap, DC_HANDOVER, &head, &LIMITS, NOW, NOW, &next, &e), MB_EINVAL);
}

static void names_round_trip(void **st)
{
	for (int s = 0; s < DS__MAX; s++) {
		dossier_state back;
		assert_int_equal(dossier_state_parse(dossier_state_name((dossier_state)s), &back), 0);
		assert_int_equal(back, s);
		assert_true(strlen(dossier_state_label_vi((dossier_state)s)) > 0);
	}
	dossier_state x;
	assert_int_equal(dossier_state_parse("archived", &x), -1);
	for (int c = 0; c < DC__MAX; c++) assert_string_not_equal(dossier_cmd_name((dossier_cmd)c), "?");
}

/* What the staff page offers is what the rules accept: after the one
 * supplement request, the request is not offered (and still refused as
 * supplement_limit); every offered command is accepted. */
static void offered_is_what_the_rules_accept(void **st)
{
	(void)st;
	int64_t now = 1700000000, due = now + 5 * 86400;
	const auth_role roles[] = {ROLE_COUNTER_OFFICER, ROLE_PROCESSING_OFFICER, ROLE_UNIT_HEAD, ROLE_CITIZEN, ROLE_INSPECTOR};
	int offered_total = 0;
	for (int s = DS_SUBMITTED; s < DS__MAX; s++)
		for (size_t ri = 0; ri < sizeof roles / sizeof roles[0]; ri++)
			for (int used = 0; used <= 1; used++)
				for (int holds = 0; holds <= 1; holds++) {
					dossier_snapshot snap = {(dossier_state)s, used, 0, due, holds ? 7 : 9, 5};
					dossier_actor a = {roles[ri] == ROLE_CITIZEN ? 5 : 7, roles[ri], true};
					unsigned set = dossier_rules_offered(&snap, &a, &LIMITS, now);
					for (int c = 0; c < DC__MAX; c++) {
						if (!(set & (1u << c))) continue;
						offered_total++;
						dossier_state next;
						int64_t nd = c == DC_HANDOVER ? due : due + 86400;
						assert_int_equal(dossier_rules_decide(&snap, (dossier_cmd)c, &a, &LIMITS, now, nd, &next, NULL), 0);
					}
					if (used) assert_false(set & (1u << DC_REQUEST_SUPPLEMENT));
				}
	assert_true(offered_total > 20);
	/* The holder, after the one request, in processing: not offered, refused as such. */
	dossier_snapshot snap = {DS_PROCESSING, 1, 0, due, 7, 5};
	dossier_actor holder = {7, ROLE_PROCESSING_OFFICER, true};
	unsigned set = dossier_rules_offered(&snap, &holder, &LIMITS, now);
	assert_false(set & (1u << DC_REQUEST_SUPPLEMENT));
	assert_true(set & (1u << DC_RESULT_READY));
	err e = {0};
	dossier_state next;
	assert_int_equal(dossier_rules_decide(&snap, DC_REQUEST_SUPPLEMENT, &holder, &LIMITS, now, 0, &next, &e), MB_ECONFLICT);
	assert_string_equal(e.code, "supplement_limit");
	snap.supplement_requests = 0;
	assert_true(dossier_rules_offered(&snap, &holder, &LIMITS, now) & (1u << DC_REQUEST_SUPPLEMENT));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_transition_and_every_illegal_one),
		cmocka_unit_test(only_the_right_roles_act),
		cmocka_unit_test(scope_holder_and_ownership),
		cmocka_unit_test(one_supplement_request_only),
		cmocka_unit_test(one_extension_with_a_later_date),
		cmocka_unit_test(handover_due_within_the_dossier_due),
		cmocka_unit_test(names_round_trip),
		cmocka_unit_test(offered_is_what_the_rules_accept),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
