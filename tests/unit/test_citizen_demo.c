/* Unit tests for the citizen's address rule, the citizen's route permission,
 * the shared generator (src/demo/gen.c) and the simulated clock. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "base/clock.h"
#include "citizen/citizen.h"
#include "demo/gen.h"

static void emails_are_trimmed_lowered_and_checked(void **s)
{
	(void)s;
	char out[CITIZEN_EMAIL_MAX + 1];
	err e = {0};
	assert_int_equal(citizen_rules_email("  Mai.Lo@Example.VN ", out, sizeof out, &e), 0);
	assert_string_equal(out, "mai.lo@example.vn");
	static const char *const bad[] = {
		"", "a@b", "@example.vn", "mai@", "mai@@example.vn", "mai@exa@mple.vn", "mai lo@example.vn",
		"mai@example.vn\r\nBcc: x@y.vn", "mai<x>@example.vn", "không-dấu@example.vn",
		"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa@example.vn",   /* 66 characters */
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		memset(&e, 0, sizeof e);
		assert_int_equal(citizen_rules_email(bad[i], out, sizeof out, &e), MB_EINVAL);
		assert_string_equal(e.field, "email");
	}
	assert_int_equal(citizen_rules_email(NULL, out, sizeof out, &e), MB_EINVAL);
}

static void only_citizens_have_a_me_page(void **s)
{
	(void)s;
	for (int r = 0; r < ROLE__MAX; r++)
		assert_int_equal(auth_rules_perm((auth_role)r, AUTH_P_CITIZEN), r == ROLE_CITIZEN);
}

static void the_generator_is_deterministic(void **s)
{
	(void)s;
	gen_rng a, b, c;
	gen_seed(&a, 1, 7);
	gen_seed(&b, 1, 7);
	gen_seed(&c, 2, 7);
	int same = 0;
	for (int i = 0; i < 100; i++) {
		uint64_t x = gen_next(&a), y = gen_next(&b), z = gen_next(&c);
		assert_true(x == y);
		same += x == z;
	}
	assert_int_equal(same, 0);
	gen_person p, q;
	gen_seed(&a, 3, 0);
	gen_seed(&b, 3, 0);
	gen_person_make(&a, &p);
	gen_person_make(&b, &q);
	assert_string_equal(p.name, q.name);
	assert_string_equal(p.idn, q.idn);
	assert_int_equal(strlen(p.idn), 12);
	assert_memory_equal(p.idn, "014", 3);
}

/* The benchmark's mix (drama 1): about 87 % end normally, 2.5 % with an
 * apology; the demo's (drama 3) shows three times as many of each. */
static void outcomes_follow_the_mix(void **s)
{
	(void)s;
	enum { N = 200000 };
	for (int drama = 1; drama <= 3; drama += 2) {
		gen_rng r;
		gen_seed(&r, 11, 0);
		int count[GO_STUCK + 1] = {0};
		for (int i = 0; i < N; i++) {
			double f;
			gen_outcome o = gen_outcome_draw(&r, false, drama, &f);
			count[o]++;
			assert_true(o == GO_LATE ? f > 1.0 : f < 1.0);
		}
		double normal = (double)count[GO_NORMAL] / N, apology = (double)count[GO_LATE_APOLOGY] / N;
		assert_true(normal > 1 - 0.129 * drama - 0.005 && normal < 1 - 0.129 * drama + 0.005);
		assert_true(apology > 0.025 * drama - 0.003 && apology < 0.025 * drama + 0.003);
		/* Same-day procedures never get a supplement request or an apology. */
		for (int i = 0; i < 10000; i++) {
			double f;
			gen_outcome o = gen_outcome_draw(&r, true, drama, &f);
			assert_true(o != GO_SUPP && o != GO_SUPP_ABANDON && o != GO_LATE_APOLOGY);
		}
	}
	assert_true(gen_proc_weight("ct-ban-sao-tu-ban-chinh") > gen_proc_weight("tc-giai-quyet-to-cao-tinh"));
	assert_true(gen_proc_weight("khong-co") == 1.0);
}

static void the_clock_can_be_simulated(void **s)
{
	(void)s;
	int64_t real = clock_now();
	clock_simulate(1700000000);
	assert_int_equal(clock_now(), 1700000000);
	assert_true(clock_real_now() >= real);
	clock_simulate(0);
	assert_true(clock_now() >= real);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(emails_are_trimmed_lowered_and_checked),
		cmocka_unit_test(only_citizens_have_a_me_page),
		cmocka_unit_test(the_generator_is_deterministic),
		cmocka_unit_test(outcomes_follow_the_mix),
		cmocka_unit_test(the_clock_can_be_simulated),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
