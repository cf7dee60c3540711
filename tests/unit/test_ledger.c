/* Unit tests for db/ and ledger/: migrations, the hash chain, tampering,
 * atomic commands (a failed commit leaves nothing), signed checkpoints. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "db/db.h"
#include "tmpdb.h"
#include "ledger/ledger.h"

typedef tmpdb fixture;

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof *f);
	if (!f || tmpdb_open(f, "ledger")) return -1;
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

static void append_n(db *d, int n)
{
	err e;
	ledger_actor a = {7, "unit_head"};
	assert_int_equal(db_begin(d, &e), 0);
	for (int i = 0; i < n; i++) {
		json_t *p = json_pack("{s:i, s:s}", "i", i, "note", "Phòng tiếp công dân");
		int64_t seq = 0;
		assert_int_equal(ledger_append(d, &a, "so-y-te", "test.event", "unit:so-y-te", p, &seq, &e), 0);
		json_decref(p);
	}
	assert_int_equal(db_commit(d, &e), 0);
}

static void migrations_apply_once(void **state)
{
	fixture *f = *state;
	err e;
	int v = db_schema_version(f->d);
	assert_true(v >= 1);
	assert_int_equal(db_migrate(f->d, &e), 0);   /* idempotent */
	assert_int_equal(db_schema_version(f->d), v);
}

static void empty_ledger_has_zero_head(void **state)
{
	fixture *f = *state;
	err e;
	int64_t seq = -1;
	char h[65];
	assert_int_equal(ledger_head(f->d, &seq, h, &e), 0);
	assert_int_equal(seq, 0);
	assert_string_equal(h, "0000000000000000000000000000000000000000000000000000000000000000");
	ledger_verify_result r;
	assert_int_equal(ledger_verify(f->d, &r, &e), 0);
	assert_true(r.ok);
	assert_int_equal(r.events, 0);
}

static void chain_links_every_event(void **state)
{
	fixture *f = *state;
	err e;
	append_n(f->d, 5);
	ledger_verify_result r;
	assert_int_equal(ledger_verify(f->d, &r, &e), 0);
	assert_true(r.ok);
	assert_int_equal(r.events, 5);
	/* Recompute event 3 by hand from its stored fields. */
	sqlite3_stmt *st;
	sqlite3_prepare_v2(db_handle(f->d), "SELECT prev_hash, at, payload, hash FROM events WHERE seq = 3", -1, &st, NULL);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	char h[65];
	ledger_hash((const char *)sqlite3_column_text(st, 0), 3, (const char *)sqlite3_column_text(st, 1), "7",
	            "unit_head", "so-y-te", "test.event", "unit:so-y-te", (const char *)sqlite3_column_text(st, 2), h);
	assert_string_equal(h, (const char *)sqlite3_column_text(st, 3));
	/* Payload is canonical: sorted keys, no spaces. */
	assert_string_equal((const char *)sqlite3_column_text(st, 2), "{\"i\":2,\"note\":\"Phòng tiếp công dân\"}");
	sqlite3_finalize(st);
}

static void verify_names_the_first_tampered_event(void **state)
{
	fixture *f = *state;
	err e;
	append_n(f->d, 6);
	/* Change one byte of event 4's payload. */
	assert_int_equal(db_exec(f->d, "UPDATE events SET payload = replace(payload, 'Phòng', 'Phong') WHERE seq = 4", &e), 0);
	ledger_verify_result r;
	assert_int_equal(ledger_verify(f->d, &r, &e), 0);
	assert_false(r.ok);
	assert_int_equal(r.bad_seq, 4);
	assert_string_equal(r.reason, "hash");
}

static void verify_detects_a_deleted_event(void **state)
{
	fixture *f = *state;
	err e;
	append_n(f->d, 4);
	assert_int_equal(db_exec(f->d, "DELETE FROM events WHERE seq = 2", &e), 0);
	ledger_verify_result r;
	assert_int_equal(ledger_verify(f->d, &r, &e), 0);
	assert_false(r.ok);
	assert_int_equal(r.bad_seq, 2);
	assert_string_equal(r.reason, "gap");
}

static void verify_detects_a_rewritten_chain_link(void **state)
{
	fixture *f = *state;
	err e;
	append_n(f->d, 3);
	/* Rewrite event 2 consistently with itself (new hash), leaving event 3's prev_hash stale. */
	assert_int_equal(db_exec(f->d, "UPDATE events SET hash = 'ff' || substr(hash, 3) WHERE seq = 2", &e), 0);
	ledger_verify_result r;
	assert_int_equal(ledger_verify(f->d, &r, &e), 0);
	assert_false(r.ok);
	assert_int_equal(r.bad_seq, 2);
}

static void failed_commit_leaves_nothing(void **state)
{
	fixture *f = *state;
	err e;
	append_n(f->d, 2);
	int64_t before;
	char h1[65], h2[65];
	ledger_head(f->d, &before, h1, &e);
	db_fail_commit_after(1);
	assert_int_equal(db_begin(f->d, &e), 0);
	json_t *p = json_object();
	assert_int_equal(ledger_append(f->d, &ledger_system, "", "test.lost", "x", p, NULL, &e), 0);
	json_decref(p);
	assert_int_not_equal(db_commit(f->d, &e), 0);
	assert_string_equal(e.code, "db_error");
	int64_t after;
	ledger_head(f->d, &after, h2, &e);
	assert_int_equal(after, before);
	assert_string_equal(h1, h2);
}

static void checkpoints_are_signed_with_the_stored_key(void **state)
{
	fixture *f = *state;
	err e;
	ledger_keys k, k2;
	assert_int_equal(ledger_keys_create(f->d, f->key, &k, &e), 0);
	assert_int_not_equal(ledger_keys_create(f->d, f->key, &k2, &e), 0);   /* never overwrites */
	assert_int_equal(ledger_keys_load(f->key, &k2, &e), 0);
	assert_memory_equal(k.pk, k2.pk, 32);
	char msg[256], sig_hex[129];
	ledger_sign_checkpoint(&k2, 12, "abcd", "2026-11-27T00:00:00Z", msg, sizeof msg, sig_hex);
	assert_string_equal(msg, "minhbach checkpoint v1\nseq=12\nhash=abcd\nat=2026-11-27T00:00:00Z");
	unsigned char sig[64];
	size_t n;
	assert_int_equal(sodium_hex2bin(sig, 64, sig_hex, 128, NULL, &n, NULL), 0);
	assert_int_equal(crypto_sign_verify_detached(sig, (const unsigned char *)msg, strlen(msg), k.pk), 0);
	msg[30] ^= 1;
	assert_int_not_equal(crypto_sign_verify_detached(sig, (const unsigned char *)msg, strlen(msg), k.pk), 0);
	assert_int_equal(access(f->key, R_OK), 0);
}

static void bad_key_file_is_refused(void **state)
{
	fixture *f = *state;
	err e;
	ledger_keys k;
	FILE *fp = fopen(f->key, "w");
	fputs("not a key\n", fp);
	fclose(fp);
	assert_int_not_equal(ledger_keys_load(f->key, &k, &e), 0);
	assert_string_equal(e.code, "key_file");
}

int main(void)
{
	if (sodium_init() < 0) return 1;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(migrations_apply_once, setup, teardown),
		cmocka_unit_test_setup_teardown(empty_ledger_has_zero_head, setup, teardown),
		cmocka_unit_test_setup_teardown(chain_links_every_event, setup, teardown),
		cmocka_unit_test_setup_teardown(verify_names_the_first_tampered_event, setup, teardown),
		cmocka_unit_test_setup_teardown(verify_detects_a_deleted_event, setup, teardown),
		cmocka_unit_test_setup_teardown(verify_detects_a_rewritten_chain_link, setup, teardown),
		cmocka_unit_test_setup_teardown(failed_commit_leaves_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(checkpoints_are_signed_with_the_stored_key, setup, teardown),
		cmocka_unit_test_setup_teardown(bad_key_file_is_refused, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
