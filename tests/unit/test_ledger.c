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
#include <sys/stat.h>
#include <unistd.h>

#include "db/db.h"
#include "tmpdb.h"
#include "ledger/ledger.h"

typedef tmpdb fixture;

/* SQL that changes the first hex digit of a column, whatever it was: a
 * tampering that is never a no-op (a fixed prefix such as 'ab' would leave a
 * hash that already began with it unchanged, one run in 256). */
#define FLIP(col) "(CASE substr(" col ", 1, 1) WHEN '0' THEN '1' ELSE '0' END) || substr(" col ", 2)"

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
	assert_int_equal(db_exec(f->d, "UPDATE events SET hash = " FLIP("hash") " WHERE seq = 2", &e), 0);
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

/* --- the documented hash input, checked against SHA-256 computed outside
 * this code (sha256sum over the bytes docs/ARCHITECTURE.md describes):
 *   (head -c 32 /dev/zero; printf 'mb-event-v1\n1\n2026-11-27T03:20:51Z\n7\nunit_head\nso-y-te\n'\
 *    'unit.contacts_changed\nunit:so-y-te\n{"changes":{"phone":{"from":"","to":"0212 3852 000"}}}') | sha256sum */
#define H1 "7c62ec700b2d5153eb33c80a9159603ae7d88752a4eafdd15ca0a35e873af676"
#define H2 "50425bb80c5a3ba56267ae49cd3d8b0eed4dc676bccc487cf742755f868845df"

static void hash_is_the_documented_input(void **state)
{
	(void)state;
	char h[65];
	ledger_hash("0000000000000000000000000000000000000000000000000000000000000000", 1, "2026-11-27T03:20:51Z", "7",
	            "unit_head", "so-y-te", "unit.contacts_changed", "unit:so-y-te",
	            "{\"changes\":{\"phone\":{\"from\":\"\",\"to\":\"0212 3852 000\"}}}", h);
	assert_string_equal(h, H1);
	/* The next event links to the first through its 32 raw bytes; the system has actor_id "" and unit "". */
	ledger_hash(H1, 2, "2026-11-27T03:21:00Z", "", "system", "", "calendar.loaded", "holidays", "{\"count\":41}", h);
	assert_string_equal(h, H2);
}

/* Every stored event hashes to its documented input, computed here with
 * libsodium's SHA-256 directly (not ledger_hash), and links to the one before. */
static void stored_events_hash_their_documented_input(void **state)
{
	fixture *f = *state;
	append_n(f->d, 3);
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(db_handle(f->d),
		"SELECT seq, at, coalesce(CAST(actor_id AS TEXT), ''), actor_role, unit, type, subject, payload, prev_hash, hash"
		" FROM events ORDER BY seq", -1, &st, NULL), SQLITE_OK);
	char prev[65] = "0000000000000000000000000000000000000000000000000000000000000000";
	int n = 0;
	while (sqlite3_step(st) == SQLITE_ROW) {
		n++;
		char text[2048];
		int len = snprintf(text, sizeof text, "mb-event-v1\n%lld\n%s\n%s\n%s\n%s\n%s\n%s\n%s",
		                   (long long)sqlite3_column_int64(st, 0), sqlite3_column_text(st, 1), sqlite3_column_text(st, 2),
		                   sqlite3_column_text(st, 3), sqlite3_column_text(st, 4), sqlite3_column_text(st, 5),
		                   sqlite3_column_text(st, 6), sqlite3_column_text(st, 7));
		assert_true(len > 0 && len < (int)sizeof text);
		unsigned char buf[32 + sizeof text], out[32];
		size_t bin = 0;
		assert_int_equal(sodium_hex2bin(buf, 32, prev, 64, NULL, &bin, NULL), 0);
		memcpy(buf + 32, text, (size_t)len);
		crypto_hash_sha256(out, buf, 32 + (size_t)len);
		char hex[65];
		sodium_bin2hex(hex, sizeof hex, out, 32);
		assert_string_equal((const char *)sqlite3_column_text(st, 8), prev);
		assert_string_equal((const char *)sqlite3_column_text(st, 9), hex);
		memcpy(prev, hex, 65);
	}
	sqlite3_finalize(st);
	assert_int_equal(n, 3);
}

/* Only the stored link is wrong (the hashes are intact): the chain-link check alone catches it. */
static void verify_checks_the_stored_chain_link(void **state)
{
	fixture *f = *state;
	err e;
	append_n(f->d, 4);
	assert_int_equal(db_exec(f->d, "UPDATE events SET prev_hash = " FLIP("prev_hash") " WHERE seq = 3", &e), 0);
	ledger_verify_result r;
	assert_int_equal(ledger_verify(f->d, &r, &e), 0);
	assert_false(r.ok);
	assert_int_equal(r.bad_seq, 3);
	assert_string_equal(r.reason, "prev_hash");
}

/* --- checkpoints --- */

static void cp_path(const fixture *f, char *out, size_t n) { snprintf(out, n, "%s/t.db.checkpoints", f->dir); }

/* Events, a key, and a checkpoint of the head in the table and the file. */
static void issued(fixture *f, ledger_keys *k, int events, ledger_checkpoint *c)
{
	err e;
	char file[128];
	cp_path(f, file, sizeof file);
	assert_int_equal(ledger_keys_create(f->d, f->key, k, &e), 0);
	append_n(f->d, events);
	assert_int_equal(ledger_checkpoint_issue(f->d, k, file, c, &e), 0);
	assert_int_equal(c->seq, events);
}

static void run_verify(fixture *f, const ledger_keys *k, const char *outside, ledger_verify_result *r)
{
	err e;
	char file[128];
	cp_path(f, file, sizeof file);
	ledger_verify_opts o = {k->pk, file, outside};
	assert_int_equal(ledger_verify_all(f->d, &o, r, &e), 0);
}

static void checkpoint_is_kept_twice_and_reused(void **state)
{
	fixture *f = *state;
	err e;
	ledger_keys k;
	ledger_checkpoint c, c2;
	issued(f, &k, 3, &c);
	char file[128];
	cp_path(f, file, sizeof file);
	struct stat sb;
	assert_int_equal(stat(file, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	/* The same head: the same checkpoint, no new line. */
	assert_int_equal(ledger_checkpoint_issue(f->d, &k, file, &c2, &e), 0);
	assert_string_equal(c2.sig, c.sig);
	off_t size = sb.st_size;
	assert_int_equal(stat(file, &sb), 0);
	assert_int_equal(sb.st_size, size);
	/* A new head: a new line, and verify passes. */
	append_n(f->d, 1);
	assert_int_equal(ledger_checkpoint_issue(f->d, &k, file, &c2, &e), 0);
	assert_int_equal(c2.seq, 4);
	assert_int_equal(stat(file, &sb), 0);
	assert_true(sb.st_size > size);
	ledger_verify_result r;
	run_verify(f, &k, NULL, &r);
	assert_true(r.ok);
}

static void verify_catches_a_deleted_tail(void **state)
{
	fixture *f = *state;
	err e;
	ledger_keys k;
	ledger_checkpoint c;
	issued(f, &k, 5, &c);
	assert_int_equal(db_exec(f->d, "DELETE FROM events WHERE seq > 3", &e), 0);
	ledger_verify_result r;
	assert_int_equal(ledger_verify(f->d, &r, &e), 0);
	assert_true(r.ok);   /* the chain alone looks whole */
	run_verify(f, &k, NULL, &r);
	assert_false(r.ok);
	assert_string_equal(r.reason, "missing_tail");
	assert_int_equal(r.checkpoint_seq, 5);
	assert_non_null(strstr(r.message, "ends at seq 3"));
}

static void verify_catches_an_emptied_ledger(void **state)
{
	fixture *f = *state;
	err e;
	ledger_keys k;
	ledger_checkpoint c;
	issued(f, &k, 2, &c);
	assert_int_equal(db_exec(f->d, "DELETE FROM events", &e), 0);
	ledger_verify_result r;
	run_verify(f, &k, NULL, &r);
	assert_false(r.ok);
	assert_string_equal(r.reason, "missing_tail");
	assert_non_null(strstr(r.message, "empty"));
	/* Wiping the database's copy too leaves the file's. */
	assert_int_equal(db_exec(f->d, "DELETE FROM checkpoints", &e), 0);
	run_verify(f, &k, NULL, &r);
	assert_false(r.ok);
	assert_string_equal(r.reason, "missing_tail");
}

static void verify_catches_a_table_and_file_disagreement(void **state)
{
	fixture *f = *state;
	err e;
	ledger_keys k;
	ledger_checkpoint c;
	issued(f, &k, 2, &c);
	char file[128];
	cp_path(f, file, sizeof file);
	FILE *fp = fopen(file, "w");   /* the file emptied */
	assert_non_null(fp);
	fclose(fp);
	ledger_verify_result r;
	run_verify(f, &k, NULL, &r);
	assert_false(r.ok);
	assert_string_equal(r.reason, "checkpoint_disagreement");
	/* And the other way round: the table emptied, the file intact. */
	teardown(state);
	assert_int_equal(setup(state), 0);
	f = *state;
	issued(f, &k, 2, &c);
	assert_int_equal(db_exec(f->d, "DELETE FROM checkpoints", &e), 0);
	run_verify(f, &k, NULL, &r);
	assert_false(r.ok);
	assert_string_equal(r.reason, "checkpoint_disagreement");
}

static void verify_catches_a_forged_checkpoint(void **state)
{
	fixture *f = *state;
	err e;
	ledger_keys k;
	ledger_checkpoint c;
	issued(f, &k, 2, &c);
	/* A checkpoint "signed" by another key, in both copies. */
	ledger_keys other;
	crypto_sign_keypair(other.pk, other.sk);
	append_n(f->d, 1);
	char file[128];
	cp_path(f, file, sizeof file);
	assert_int_equal(ledger_checkpoint_issue(f->d, &other, file, &c, &e), 0);
	ledger_verify_result r;
	run_verify(f, &k, NULL, &r);
	assert_false(r.ok);
	assert_string_equal(r.reason, "checkpoint_signature");
}

/* Someone with the key and the database rewrites the tail and signs a new
 * head: the local copies agree, an outside archive does not. */
static void outside_archive_exposes_a_resigned_ledger(void **state)
{
	fixture *f = *state;
	err e;
	ledger_keys k;
	ledger_checkpoint c;
	issued(f, &k, 4, &c);
	char archive[128], file[128];
	snprintf(archive, sizeof archive, "%s/archive.jsonl", f->dir);
	cp_path(f, file, sizeof file);
	FILE *fp = fopen(archive, "w");
	assert_non_null(fp);
	assert_int_equal(ledger_checkpoints_export(f->d, fp, &e), 0);
	fclose(fp);
	ledger_verify_result r;
	run_verify(f, &k, archive, &r);
	assert_true(r.ok);

	assert_int_equal(db_exec(f->d, "DELETE FROM events WHERE seq > 2; DELETE FROM checkpoints", &e), 0);
	unlink(file);
	append_n(f->d, 2);   /* a different seq 3 and 4 */
	assert_int_equal(ledger_checkpoint_issue(f->d, &k, file, &c, &e), 0);
	run_verify(f, &k, NULL, &r);
	assert_true(r.ok);   /* the limit: locally, nothing shows */
	run_verify(f, &k, archive, &r);
	assert_false(r.ok);
	assert_string_equal(r.reason, "checkpoint_hash");
	assert_int_equal(r.checkpoint_seq, 4);
}

/* --- rows of record --- */

static void unit_with_event(db *d, const char *code)
{
	err e;
	char sql[256];
	snprintf(sql, sizeof sql, "INSERT INTO units(code, kind, name_vi, name_en, name_fold) VALUES ('%s', 'ward', 'A', 'A', 'a')", code);
	assert_int_equal(db_begin(d, &e), 0);
	assert_int_equal(db_exec(d, sql, &e), 0);
	char subject[64];
	snprintf(subject, sizeof subject, "unit:%s", code);
	json_t *p = json_object();
	json_t *orig = json_copy(p);
	assert_int_equal(ledger_append(d, &ledger_system, code, "unit.created", subject, p, NULL, &e), 0);
	assert_true(json_equal(p, orig));   /* the caller's payload is untouched */
	json_decref(p);
	json_decref(orig);
	assert_int_equal(db_commit(d, &e), 0);
}

static void rows_match_their_events(void **state)
{
	fixture *f = *state;
	err e;
	unit_with_event(f->d, "phuong-a");
	unit_with_event(f->d, "phuong-b");
	ledger_verify_result r;
	assert_int_equal(ledger_verify_rows(f->d, &r, &e), 0);
	assert_true(r.ok);
	/* The event carries the row's digest. */
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(db_handle(f->d), "SELECT json_extract(payload, '$.row.sha256') FROM events WHERE seq = 1",
	                                    -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_int_equal(strlen((const char *)sqlite3_column_text(st, 0)), 64);
	sqlite3_finalize(st);
}

static void a_row_changed_without_an_event_is_named(void **state)
{
	fixture *f = *state;
	err e;
	unit_with_event(f->d, "phuong-a");
	unit_with_event(f->d, "phuong-b");
	assert_int_equal(db_exec(f->d, "UPDATE units SET phone = '0999' WHERE code = 'phuong-b'", &e), 0);
	ledger_verify_result r;
	assert_int_equal(ledger_verify_rows(f->d, &r, &e), 0);
	assert_false(r.ok);
	assert_string_equal(r.reason, "row_mismatch");
	assert_string_equal(r.table, "units");
	assert_string_equal(r.key, "phuong-b");
	assert_string_equal(r.field, "phone");
	assert_int_equal(r.bad_seq, 2);
}

/* The field is named whatever the new value: 2,000 values of one field, each
 * named (with 1 byte per field, about 8 of them kept their byte and were "?"). */
static void every_changed_value_is_named(void **state)
{
	fixture *f = *state;
	err e;
	unit_with_event(f->d, "phuong-a");
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(db_handle(f->d), "SELECT json_extract(payload, '$.row.fields') FROM events WHERE seq = 1",
	                                    -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	const char *fields = (const char *)sqlite3_column_text(st, 0);
	assert_memory_equal(fields, "2:", 2);
	assert_int_equal((strlen(fields) - 2) % 4, 0);   /* 4 hex digits per field */
	sqlite3_finalize(st);
	for (int i = 0; i < 2000; i++) {
		char sql[128];
		snprintf(sql, sizeof sql, "UPDATE units SET phone = '09%08d' WHERE code = 'phuong-a'", i);
		assert_int_equal(db_exec(f->d, sql, &e), 0);
		ledger_verify_result r;
		assert_int_equal(ledger_verify_rows(f->d, &r, &e), 0);
		assert_false(r.ok);
		if (strcmp(r.field, "phone")) fail_msg("value %d: field named \"%s\"", i, r.field);
	}
}

/* Events written before the 2-byte fingerprints (1 byte per field, no prefix) are read as written. */
static void fingerprints_of_an_older_version_are_read(void **state)
{
	fixture *f = *state;
	err e;
	unit_with_event(f->d, "phuong-a");
	/* The old F of this event: the first byte of each field's hash, which is the first half of each new one. */
	assert_int_equal(db_exec(f->d,
	                         "WITH RECURSIVE f(s, i, o) AS ("
	                         " SELECT substr(json_extract(payload, '$.row.fields'), 3), 0, '' FROM events WHERE seq = 1"
	                         " UNION ALL SELECT s, i + 4, o || substr(s, i + 1, 2) FROM f WHERE i < length(s))"
	                         " UPDATE events SET payload = json_set(payload, '$.row.fields',"
	                         " (SELECT o FROM f ORDER BY i DESC LIMIT 1)) WHERE seq = 1", &e), 0);
	ledger_verify_result r;
	assert_int_equal(ledger_verify_rows(f->d, &r, &e), 0);
	assert_true(r.ok);   /* the digest H is unchanged */
	assert_int_equal(db_exec(f->d, "UPDATE units SET name_vi = 'Phường B' WHERE code = 'phuong-a'", &e), 0);
	assert_int_equal(ledger_verify_rows(f->d, &r, &e), 0);
	assert_false(r.ok);
	assert_string_equal(r.field, "name_vi");
}

static void a_row_without_event_and_an_event_without_row_are_named(void **state)
{
	fixture *f = *state;
	err e;
	unit_with_event(f->d, "phuong-a");
	assert_int_equal(db_exec(f->d, "INSERT INTO units(code, kind, name_vi, name_en, name_fold) VALUES ('phuong-c', 'ward', 'C', 'C', 'c')", &e), 0);
	ledger_verify_result r;
	assert_int_equal(ledger_verify_rows(f->d, &r, &e), 0);
	assert_false(r.ok);
	assert_string_equal(r.reason, "row_without_event");
	assert_string_equal(r.key, "phuong-c");
	assert_int_equal(db_exec(f->d, "DELETE FROM units", &e), 0);
	assert_int_equal(ledger_verify_rows(f->d, &r, &e), 0);
	assert_false(r.ok);
	assert_string_equal(r.reason, "event_without_row");
	assert_string_equal(r.key, "phuong-a");
}

/* A database older than the row digests: its rows are adopted once, then verify compares them. */
static void rows_of_an_older_database_are_adopted_once(void **state)
{
	fixture *f = *state;
	err e;
	unit_with_event(f->d, "phuong-a");
	assert_int_equal(db_exec(f->d, "INSERT INTO units(code, kind, name_vi, name_en, name_fold) VALUES ('phuong-old', 'ward', 'O', 'O', 'o')", &e), 0);
	int n = -1;
	assert_int_equal(ledger_adopt_rows(f->d, &n, &e), 0);
	assert_int_equal(n, 0);   /* not an older database: nothing adopted */
	ledger_verify_result r;
	assert_int_equal(ledger_verify_rows(f->d, &r, &e), 0);
	assert_false(r.ok);
	assert_int_equal(db_meta_set(f->d, "ledger_rows_to_adopt", "1", &e), 0);
	assert_int_equal(ledger_adopt_rows(f->d, &n, &e), 0);
	assert_int_equal(n, 1);
	assert_int_equal(ledger_verify_rows(f->d, &r, &e), 0);
	assert_true(r.ok);
	assert_int_equal(db_exec(f->d, "INSERT INTO units(code, kind, name_vi, name_en, name_fold) VALUES ('phuong-new', 'ward', 'N', 'N', 'n')", &e), 0);
	assert_int_equal(ledger_adopt_rows(f->d, &n, &e), 0);
	assert_int_equal(n, 0);   /* once only: a later row without an event stays an error */
	assert_int_equal(ledger_verify_rows(f->d, &r, &e), 0);
	assert_string_equal(r.reason, "row_without_event");
	assert_string_equal(r.key, "phuong-new");
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
		cmocka_unit_test(hash_is_the_documented_input),
		cmocka_unit_test_setup_teardown(stored_events_hash_their_documented_input, setup, teardown),
		cmocka_unit_test_setup_teardown(verify_checks_the_stored_chain_link, setup, teardown),
		cmocka_unit_test_setup_teardown(checkpoint_is_kept_twice_and_reused, setup, teardown),
		cmocka_unit_test_setup_teardown(verify_catches_a_deleted_tail, setup, teardown),
		cmocka_unit_test_setup_teardown(verify_catches_an_emptied_ledger, setup, teardown),
		cmocka_unit_test_setup_teardown(verify_catches_a_table_and_file_disagreement, setup, teardown),
		cmocka_unit_test_setup_teardown(verify_catches_a_forged_checkpoint, setup, teardown),
		cmocka_unit_test_setup_teardown(outside_archive_exposes_a_resigned_ledger, setup, teardown),
		cmocka_unit_test_setup_teardown(rows_match_their_events, setup, teardown),
		cmocka_unit_test_setup_teardown(a_row_changed_without_an_event_is_named, setup, teardown),
		cmocka_unit_test_setup_teardown(every_changed_value_is_named, setup, teardown),
		cmocka_unit_test_setup_teardown(fingerprints_of_an_older_version_are_read, setup, teardown),
		cmocka_unit_test_setup_teardown(a_row_without_event_and_an_event_without_row_are_named, setup, teardown),
		cmocka_unit_test_setup_teardown(rows_of_an_older_database_are_adopted_once, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
