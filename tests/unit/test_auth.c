/* Unit tests for auth/ services against a temporary database: passwords are
 * stored as Argon2id hashes, account commands append one event, and a
 * refused command changes nothing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "tmpdb.h"
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/auth.h"
#include "auth/repo.h"
#include "units/units.h"

typedef tmpdb fixture;

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof *f);
	if (!f || tmpdb_open(f, "auth")) return -1;
	err e;
	if (db_begin(f->d, &e) || units_load_reference(f->d, &e) || db_commit(f->d, &e)) return -1;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;
	int rc = tmpdb_close(f);
	free(f);
	return rc;
}

static int64_t head(db *d)
{
	int64_t seq;
	char h[65];
	err e;
	assert_int_equal(ledger_head(d, &seq, h, &e), 0);
	return seq;
}

static void passwords_are_stored_as_argon2id(void **state)
{
	fixture *f = *state;
	err e;
	char pw[24];
	int64_t before = head(f->d);
	assert_int_equal(db_begin(f->d, &e), 0);
	assert_int_equal(auth_account_create(f->d, &ledger_system, "canbo.test", "Lò Văn Thử", ROLE_COUNTER_OFFICER,
	                                     "xa-long-sap", NULL, pw, &e), 0);
	assert_int_equal(db_commit(f->d, &e), 0);
	assert_int_equal(head(f->d), before + 1);
	sqlite3_stmt *st;
	sqlite3_prepare_v2(db_handle(f->d), "SELECT password_hash FROM accounts WHERE login = 'canbo.test'", -1, &st, NULL);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	const char *hash = (const char *)sqlite3_column_text(st, 0);
	assert_memory_equal(hash, "$argon2id$", 10);
	assert_null(strstr(hash, pw));
	assert_int_equal(crypto_pwhash_str_verify(hash, pw, strlen(pw)), 0);
	assert_int_not_equal(crypto_pwhash_str_verify(hash, "wrong", 5), 0);
	sqlite3_finalize(st);
	/* The event records who and what, never the password. */
	sqlite3_prepare_v2(db_handle(f->d), "SELECT payload FROM events ORDER BY seq DESC LIMIT 1", -1, &st, NULL);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_null(strstr((const char *)sqlite3_column_text(st, 0), pw));
	assert_non_null(strstr((const char *)sqlite3_column_text(st, 0), "\"role\":\"counter_officer\""));
	sqlite3_finalize(st);
}

static void refused_account_commands_change_nothing(void **state)
{
	fixture *f = *state;
	err e;
	char pw[24];
	int64_t before = head(f->d);
	assert_int_equal(db_begin(f->d, &e), 0);
	assert_int_equal(auth_account_create(f->d, &ledger_system, "canbo.x", "Lò Văn X", ROLE_CITIZEN,
	                                     "khong-co-don-vi", NULL, pw, &e), MB_EINVAL);
	assert_string_equal(e.field, "unit");
	assert_int_equal(auth_account_create(f->d, &ledger_system, "X", "Lò Văn X", ROLE_CITIZEN,
	                                     "xa-long-sap", NULL, pw, &e), MB_EINVAL);
	assert_string_equal(e.field, "login");
	assert_int_equal(auth_password_reset(f->d, &ledger_system, "khong-ai", pw, &e), MB_ENOTFOUND);
	assert_int_equal(auth_account_change(f->d, &ledger_system, "khong-ai", "citizen", NULL, -1, &e), MB_ENOTFOUND);
	db_rollback(f->d);
	assert_int_equal(head(f->d), before);
	/* A duplicate login is a conflict. */
	assert_int_equal(db_begin(f->d, &e), 0);
	assert_int_equal(auth_account_create(f->d, &ledger_system, "hai.lan", "Hai Lần", ROLE_CITIZEN, "xa-long-sap", NULL, pw, &e), 0);
	assert_int_equal(auth_account_create(f->d, &ledger_system, "hai.lan", "Hai Lần", ROLE_CITIZEN, "xa-long-sap", NULL, pw, &e), MB_ECONFLICT);
	db_rollback(f->d);
	assert_int_equal(head(f->d), before);
}

/* An unknown login costs one argon2id verification, like a wrong password:
 * counted, not timed. */
static void unknown_login_costs_a_password_verification(void **state)
{
	fixture *f = *state;
	err e;
	char pw[24];
	arena a;
	arena_init(&a);
	auth_account_row acc;
	assert_int_equal(db_begin(f->d, &e), 0);
	assert_int_equal(auth_account_create(f->d, &ledger_system, "co.that", "Cà Thị Thật", ROLE_CITIZEN, "xa-long-sap",
	                                     "mat-khau-dung-1", pw, &e), 0);
	assert_int_equal(auth_account_create(f->d, &ledger_system, "da.khoa", "Cà Văn Khoá", ROLE_CITIZEN, "xa-long-sap",
	                                     "mat-khau-dung-2", pw, &e), 0);
	assert_int_equal(auth_account_change(f->d, &ledger_system, "da.khoa", NULL, NULL, 1, &e), 0);
	assert_int_equal(db_commit(f->d, &e), 0);
	static const struct { const char *login, *pw; int want; } rows[] = {
		{"co.that", "mat-khau-dung-1", 1},
		{"co.that", "mat-khau-sai", 0},
		{"khong.co.ai", "mat-khau-dung-1", 0},
		{"khong.co.ai", "", 0},
		{"da.khoa", "mat-khau-dung-2", 0},
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		unsigned long before = auth_password_verifications();
		assert_int_equal(auth_password_check(f->d, rows[i].login, rows[i].pw, &a, &acc, &e), rows[i].want);
		if (auth_password_verifications() != before + 1)
			fail_msg("row %zu (%s): %lu verifications instead of 1", i, rows[i].login,
			         auth_password_verifications() - before);
	}
	arena_free(&a);
}

int main(void)
{
	if (sodium_init() < 0) return 1;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(passwords_are_stored_as_argon2id, setup, teardown),
		cmocka_unit_test_setup_teardown(refused_account_commands_change_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(unknown_login_costs_a_password_verification, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
