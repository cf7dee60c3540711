/* The constant-time comparison of a dossier's tracking secret: the right
 * secret (in any case) opens it; every one-character change, and a secret
 * whose hash shares its first six hex digits with the right one's, do not.
 * A comparison cut short (fewer bytes, a flipped test) fails here. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <sodium.h>
#include <string.h>

#include "dossier/dossier.h"

static const char CODE[] = "PCC-261127-0001";

static void the_right_secret_in_any_case_matches(void **state)
{
	(void)state;
	char h[65];
	dossier_secret_hash(CODE, "ABCDEFGH", h);
	assert_string_equal(h, "7be2bdb6e6ffc19ca146928099e8c9e961ae5782e45c0914e9d11b172c350ea8");   /* sha256sum */
	assert_true(dossier_secret_matches(CODE, "ABCDEFGH", h));
	assert_true(dossier_secret_matches(CODE, "abcdefgh", h));
	assert_false(dossier_secret_matches("PCC-261127-0002", "ABCDEFGH", h));
	assert_false(dossier_secret_matches(CODE, "", h));
	assert_false(dossier_secret_matches(CODE, NULL, h));
	assert_false(dossier_secret_matches(CODE, "ABCDEFGH", "7be2bdb6"));   /* a malformed stored hash */
}

static void every_one_character_change_is_refused(void **state)
{
	(void)state;
	static const char alpha[] = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
	char h[65], s[9] = "ABCDEFGH";
	dossier_secret_hash(CODE, s, h);
	int tried = 0;
	for (int i = 0; i < 8; i++) {
		char keep = s[i];
		for (const char *c = alpha; *c; c++) {
			if (*c == keep) continue;
			s[i] = *c;
			assert_false(dossier_secret_matches(CODE, s, h));
			tried++;
		}
		s[i] = keep;
	}
	assert_int_equal(tried, 8 * 31);
	assert_false(dossier_secret_matches(CODE, "ABCDEFG", h));     /* a prefix */
	assert_false(dossier_secret_matches(CODE, "ABCDEFGHA", h));   /* longer */
}

static void a_near_collision_is_refused(void **state)
{
	(void)state;
	char h[65], h2[65];
	dossier_secret_hash(CODE, "ABCDEFGH", h);
	/* Found offline: SHA-256("PCC-261127-0001:QQAPN2PZ") starts with the same 7be2bd. */
	dossier_secret_hash(CODE, "QQAPN2PZ", h2);
	assert_memory_equal(h, h2, 6);
	assert_false(dossier_secret_matches(CODE, "QQAPN2PZ", h));
}

int main(void)
{
	if (sodium_init() < 0) return 1;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(the_right_secret_in_any_case_matches),
		cmocka_unit_test(every_one_character_change_is_refused),
		cmocka_unit_test(a_near_collision_is_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
