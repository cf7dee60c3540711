/* Unit tests for the pure rules of auth/ and units/. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "auth/auth.h"
#include "units/units.h"

static void roles_round_trip(void **s)
{
	for (int r = 0; r < ROLE__MAX; r++) {
		auth_role back;
		assert_int_equal(auth_role_parse(auth_role_name((auth_role)r), &back), 0);
		assert_int_equal(back, r);
	}
	auth_role x;
	assert_int_equal(auth_role_parse("superuser", &x), -1);
	assert_int_equal(auth_role_parse(NULL, &x), -1);
}

static void route_permissions_deny_by_default(void **s)
{
	for (int r = 0; r < ROLE__MAX; r++) {
		assert_true(auth_rules_perm((auth_role)r, WEB_PUBLIC));
		assert_true(auth_rules_perm((auth_role)r, AUTH_P_SIGNED_IN));
		assert_false(auth_rules_perm((auth_role)r, 0));
		assert_false(auth_rules_perm((auth_role)r, 999));
	}
	assert_true(auth_rules_perm(ROLE_ADMIN, AUTH_P_ADMIN));
	assert_false(auth_rules_perm(ROLE_UNIT_HEAD, AUTH_P_ADMIN));
	assert_true(auth_rules_perm(ROLE_UNIT_HEAD, AUTH_P_UNIT_EDITOR));
	assert_false(auth_rules_perm(ROLE_OVERSEER, AUTH_P_UNIT_EDITOR));
	assert_false(auth_rules_perm(ROLE_CITIZEN, AUTH_P_UNIT_EDITOR));
	assert_false(auth_rules_perm(ROLE_COUNTER_OFFICER, AUTH_P_UNIT_EDITOR));
	assert_true(auth_rules_perm(ROLE_INSPECTOR, AUTH_P_INSPECTOR));
	assert_false(auth_rules_perm(ROLE_HOME_AFFAIRS_INSPECTOR, AUTH_P_INSPECTOR));
	assert_false(auth_rules_perm(ROLE_ADMIN, AUTH_P_INSPECTOR));
}

/* The overseer reads public information plus non-personal case data: no
 * dossier route, no personal data, and no change of anything but its session. */
static void the_overseer_reads_no_dossier_and_changes_nothing(void **s)
{
	(void)s;
	for (int r = 0; r < ROLE__MAX; r++) {
		bool overseer = r == ROLE_OVERSEER;
		assert_int_equal(auth_rules_perm((auth_role)r, AUTH_P_DOSSIERS), !overseer);
		assert_true(auth_rules_perm_write((auth_role)r, AUTH_P_SESSION));
		assert_true(auth_rules_perm_write((auth_role)r, WEB_PUBLIC));
		assert_int_equal(auth_rules_perm_write((auth_role)r, AUTH_P_SIGNED_IN), !overseer);
		assert_false(auth_rules_perm_write((auth_role)r, 0));
		assert_int_equal(auth_rules_reads_personal((auth_role)r), r != ROLE_CITIZEN && !overseer);
	}
	/* A read is still a read for the overseer. */
	assert_true(auth_rules_perm(ROLE_OVERSEER, AUTH_P_SIGNED_IN));
	assert_false(auth_rules_perm_write(ROLE_ADMIN, AUTH_P_INSPECTOR));
	assert_true(auth_rules_perm_write(ROLE_ADMIN, AUTH_P_ADMIN));
}

static void unit_heads_act_only_in_their_subtree(void **s)
{
	/* Tree: 1 province > 2 office > 3 centre; 1 > 4 commune. */
	const int64_t centre[] = {3, 2, 1}, commune[] = {4, 1}, office[] = {2, 1};
	assert_true(auth_rules_can(ROLE_UNIT_HEAD, 2, AUTH_A_UNIT_EDIT, office, 2));
	assert_true(auth_rules_can(ROLE_UNIT_HEAD, 2, AUTH_A_UNIT_EDIT, centre, 3));   /* sub-unit */
	assert_false(auth_rules_can(ROLE_UNIT_HEAD, 2, AUTH_A_UNIT_EDIT, commune, 2)); /* another unit */
	assert_false(auth_rules_can(ROLE_UNIT_HEAD, 3, AUTH_A_UNIT_EDIT, office, 2));  /* the parent */
	assert_true(auth_rules_can(ROLE_ADMIN, 1, AUTH_A_UNIT_EDIT, commune, 2));
	assert_false(auth_rules_can(ROLE_ADMIN, 1, AUTH_A_UNIT_EDIT, commune, 0));    /* no such unit */
	for (int r = 0; r < ROLE__MAX; r++)
		if (r != ROLE_ADMIN && r != ROLE_UNIT_HEAD)
			assert_false(auth_rules_can((auth_role)r, 4, AUTH_A_UNIT_EDIT, commune, 2));
	assert_false(auth_rules_can(ROLE_ADMIN, 1, AUTH_A__MAX, commune, 2));
}

static void sign_in_limits(void **s)
{
	/* {failures of the login from this address, of the login, of the address, limited} */
	static const struct { int pair, login, addr; bool limited; } rows[] = {
		{0, 0, 0, false},
		{AUTH_MAX_FAIL_PAIR - 1, AUTH_MAX_FAIL_PAIR - 1, AUTH_MAX_FAIL_ADDR - 1, false},
		{AUTH_MAX_FAIL_PAIR, AUTH_MAX_FAIL_PAIR, AUTH_MAX_FAIL_PAIR, true},          /* the attacker's address */
		{0, AUTH_MAX_FAIL_PAIR, 0, false},                                           /* the owner, elsewhere */
		{0, 1000, 0, false},                                                         /* even under a wide attack */
		{1, AUTH_MAX_FAIL_LOGIN, 1, true},                                           /* one of the attack's addresses */
		{1, AUTH_MAX_FAIL_LOGIN - 1, 1, false},
		{0, 0, AUTH_MAX_FAIL_ADDR, true},                                            /* a noisy address, any login */
		{0, AUTH_MAX_FAIL_LOGIN - 1, AUTH_MAX_FAIL_ADDR - 1, false},
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		if (auth_rules_login_limited(rows[i].pair, rows[i].login, rows[i].addr) != rows[i].limited)
			fail_msg("row %zu: pair %d, login %d, address %d", i, rows[i].pair, rows[i].login, rows[i].addr);
	}
}

static void sign_in_next_stays_on_the_site(void **s)
{
	static const char *const good[] = {
		"/", "/cases", "/cases/DT-260301-0001", "/dossiers?state=overdue&page=2", "/report/track?code=DT-1#x",
		"/search?q=ph%C6%B0%E1%BB%9Dng", "/a-b_c.d~e/f", "/units/so-y-te?lang=en",
	};
	static const char *const bad[] = {
		NULL, "", "cases", "//evil.example", "/\\evil.example", "/\t/evil.example", "/\n/evil.example",
		"/\r/evil.example", "/ /evil.example", "/%2f%2fevil.example", "/%2F/evil.example", "/%5cevil.example",
		"/%5Cevil.example", "/%09/evil.example", "/%0a/evil.example", "/%0D%0A", "/%20/evil.example", "/%00",
		"/%7f", "/%252f%252fevil.example", "/%", "/%2", "/%zz", "/a\\b", "/a b", "/a\tb", "/\x7f",
		"/\xc2\xa0/evil.example", "/\xe2\x80\x8b/evil.example", "http://evil.example", "\\\\evil.example",
		"/x/%2F%2Fevil", "/x?next=%5c%5cevil",
	};
	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
		if (!auth_rules_local_path(good[i])) fail_msg("refused a local path: %s", good[i]);
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		if (auth_rules_local_path(bad[i])) fail_msg("accepted a hostile next (row %zu): %s", i, bad[i] ? bad[i] : "(null)");
}

static void account_fields_are_checked(void **s)
{
	err e;
	assert_int_equal(auth_rules_check_login_name("truong.phuong-1", &e), 0);
	assert_int_equal(auth_rules_check_login_name("ab", &e), MB_EINVAL);
	assert_int_equal(auth_rules_check_login_name("Trưởng", &e), MB_EINVAL);
	assert_string_equal(e.field, "login");
	assert_int_equal(auth_rules_check_login_name(NULL, &e), MB_EINVAL);
	assert_int_equal(auth_rules_check_password("mật khẩu đủ dài", &e), 0);
	assert_int_equal(auth_rules_check_password("short", &e), MB_EINVAL);
	assert_string_equal(e.field, "password");
	assert_int_equal(auth_rules_check_display_name("Lò Văn A", &e), 0);
	assert_int_equal(auth_rules_check_display_name("x", &e), MB_EINVAL);
}

static void generated_passwords_are_long_and_differ(void **s)
{
	char a[24], b[24];
	auth_password_generate(a);
	auth_password_generate(b);
	assert_int_equal(strlen(a), 16);
	assert_string_not_equal(a, b);
	err e;
	assert_int_equal(auth_rules_check_password(a, &e), 0);
}

static void unit_contacts_are_validated(void **s)
{
	err e;
	units_patch p = {0};
	p.v[UF_PHONE] = "0212 3852 999";
	p.v[UF_EMAIL] = "ubnd@chiengcoi.sonla.gov.vn";
	p.v[UF_HOTLINE] = "+84 (212) 385-2999";
	p.v[UF_RECEPTION_SCHEDULE] = "Thứ Năm hằng tuần, 8:00–11:00\nĐịa điểm: trụ sở";
	p.v[UF_HEAD_NAME] = "<script>alert(1)</script>";   /* text is escaped on output, not refused */
	assert_int_equal(units_rules_validate(&p, &e), 0);

	units_patch bad = {0};
	bad.v[UF_PHONE] = "gọi tôi";
	assert_int_equal(units_rules_validate(&bad, &e), MB_EINVAL);
	assert_string_equal(e.field, "phone");
	assert_string_equal(e.code, "invalid_field");
	assert_true(strlen(e.vi) > 0 && strlen(e.en) > 0);

	bad = (units_patch){0};
	bad.v[UF_EMAIL] = "not-an-email";
	assert_int_equal(units_rules_validate(&bad, &e), MB_EINVAL);
	assert_string_equal(e.field, "email");
	bad.v[UF_EMAIL] = "a@b";
	assert_int_equal(units_rules_validate(&bad, &e), MB_EINVAL);
	bad.v[UF_EMAIL] = "a b@c.vn";
	assert_int_equal(units_rules_validate(&bad, &e), MB_EINVAL);

	bad = (units_patch){0};
	bad.v[UF_ADDRESS] = "line one\nline two";              /* only the schedule may span lines */
	assert_int_equal(units_rules_validate(&bad, &e), MB_EINVAL);
	assert_string_equal(e.field, "address");

	char long_name[400];
	memset(long_name, 'a', sizeof long_name - 1);
	long_name[sizeof long_name - 1] = '\0';
	bad = (units_patch){0};
	bad.v[UF_HEAD_NAME] = long_name;
	assert_int_equal(units_rules_validate(&bad, &e), MB_EINVAL);
	assert_string_equal(e.field, "head_name");

	bad = (units_patch){0};
	bad.v[UF_PHONE] = "";                                  /* clearing is allowed */
	assert_int_equal(units_rules_validate(&bad, &e), 0);
	bad.v[UF_HOTLINE] = "12";                              /* too few digits */
	assert_int_equal(units_rules_validate(&bad, &e), MB_EINVAL);
}

static void only_changed_fields_make_an_event(void **s)
{
	units_row cur = {0};
	cur.v[UF_PHONE] = "0212 1";
	cur.v[UF_EMAIL] = "a@b.vn";
	units_patch p = {0};
	p.v[UF_PHONE] = "0212 1";
	p.v[UF_EMAIL] = "c@d.vn";
	assert_int_equal(units_rules_diff(&p, &cur), 1);
	assert_null(p.v[UF_PHONE]);
	assert_string_equal(p.v[UF_EMAIL], "c@d.vn");
	units_patch same = {0};
	same.v[UF_PHONE] = "0212 1";
	assert_int_equal(units_rules_diff(&same, &cur), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(roles_round_trip),
		cmocka_unit_test(route_permissions_deny_by_default),
		cmocka_unit_test(the_overseer_reads_no_dossier_and_changes_nothing),
		cmocka_unit_test(unit_heads_act_only_in_their_subtree),
		cmocka_unit_test(sign_in_limits),
		cmocka_unit_test(sign_in_next_stays_on_the_site),
		cmocka_unit_test(account_fields_are_checked),
		cmocka_unit_test(generated_passwords_are_long_and_differ),
		cmocka_unit_test(unit_contacts_are_validated),
		cmocka_unit_test(only_changed_fields_make_an_event),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
