/* rows.c — the rows of record against the events that describe them.
 *
 * Each event about a row of record carries the digest of the row after the
 * change: payload "row": {"sha256": H, "fields": F} where
 *   H = SHA-256("mb-row-v1\n" table "\n" J), J = the row's fields of record
 *       as a JSON object (sorted keys, compact; numbers as numbers, NULL as null)
 *   F = "2:" then, for each field in order, the first 2 bytes (4 hex digits)
 *       of SHA-256("mb-field-v1\n" salt "\n" name "\n" value as JSON),
 *       salt = field 0
 * H proves the row; F only names the field that differs (a changed field
 * keeps its 2 bytes with probability 1/65,536, and is then reported as
 * unknown; not more bytes, because every event about a row carries F).
 * Events written before this version carry F without the "2:" prefix and
 * 1 byte per field (which kept its byte 1 time in 256); they are read with
 * the width they were written with.
 * The salt is a secret hash for dossiers, cases and accounts, so these bytes
 * cannot confirm a guess of someone's personal data. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ledger/internal.h"

enum { MAX_FIELDS = 64, FP_BYTES = 2, FP_HEX = 2 * FP_BYTES };
static const char FP_V2[] = "2:";   /* the prefix of F with FP_BYTES per field */

/* The width (hex digits per field) of a stored F and where its first field begins. */
static const char *fp_fields(const char *stored, size_t *width)
{
	if (!strncmp(stored, FP_V2, sizeof FP_V2 - 1)) { *width = FP_HEX; return stored + sizeof FP_V2 - 1; }
	*width = 2;
	return stored;
}

static json_t *column_json(sqlite3_stmt *st, int i)
{
	switch (sqlite3_column_type(st, i)) {
	case SQLITE_INTEGER: return json_integer(sqlite3_column_int64(st, i));
	case SQLITE_FLOAT: return json_real(sqlite3_column_double(st, i));
	case SQLITE_NULL: return json_null();
	case SQLITE_BLOB: {
		int n = sqlite3_column_bytes(st, i);
		char *hex = malloc((size_t)n * 2 + 1);
		if (!hex) return NULL;
		hex_encode(sqlite3_column_blob(st, i), (size_t)n, hex);
		json_t *j = json_string(hex);
		free(hex);
		return j;
	}
	default:
		return json_stringn_nocheck((const char *)sqlite3_column_text(st, i), (size_t)sqlite3_column_bytes(st, i));
	}
}

/* The digest and field bytes of the statement's current row: 0 or -1 (no memory). */
static int digest_row(sqlite3_stmt *st, const char *table, char sha[65], char fields[FP_HEX * MAX_FIELDS + 1])
{
	int n = sqlite3_column_count(st);
	if (n > MAX_FIELDS) n = MAX_FIELDS;
	const char *salt = sqlite3_column_type(st, 0) == SQLITE_NULL ? "" : (const char *)sqlite3_column_text(st, 0);
	char *salt_copy = strdup(salt ? salt : "");
	json_t *obj = json_object();
	int rc = salt_copy && obj ? 0 : -1;
	/* Every field's hash begins with the same bytes: hashed once, the state
	 * copied for each field (the same digests, a block less for each). */
	crypto_hash_sha256_state prefix;
	crypto_hash_sha256_init(&prefix);
	crypto_hash_sha256_update(&prefix, (const unsigned char *)"mb-field-v1\n", 12);
	if (salt_copy) crypto_hash_sha256_update(&prefix, (const unsigned char *)salt_copy, strlen(salt_copy));
	crypto_hash_sha256_update(&prefix, (const unsigned char *)"\n", 1);
	for (int i = 0; i < n && !rc; i++) {
		const char *name = sqlite3_column_name(st, i);
		json_t *v = column_json(st, i);
		char *vs = v ? json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT) : NULL;
		if (!vs) { json_decref(v); rc = -1; break; }
		crypto_hash_sha256_state h = prefix;
		unsigned char out[32];
		crypto_hash_sha256_update(&h, (const unsigned char *)name, strlen(name));
		crypto_hash_sha256_update(&h, (const unsigned char *)"\n", 1);
		crypto_hash_sha256_update(&h, (const unsigned char *)vs, strlen(vs));
		crypto_hash_sha256_final(&h, out);
		hex_encode(out, FP_BYTES, fields + FP_HEX * i);
		free(vs);
		json_object_set_new(obj, name, v);
	}
	fields[FP_HEX * n] = '\0';
	char *j = rc ? NULL : json_dumps(obj, JSON_COMPACT | JSON_SORT_KEYS);
	if (j) {
		crypto_hash_sha256_state h;
		unsigned char out[32];
		crypto_hash_sha256_init(&h);
		crypto_hash_sha256_update(&h, (const unsigned char *)"mb-row-v1\n", 10);
		crypto_hash_sha256_update(&h, (const unsigned char *)table, strlen(table));
		crypto_hash_sha256_update(&h, (const unsigned char *)"\n", 1);
		crypto_hash_sha256_update(&h, (const unsigned char *)j, strlen(j));
		crypto_hash_sha256_final(&h, out);
		hex_encode(out, 32, sha);
		free(j);
	} else {
		rc = -1;
	}
	json_decref(obj);
	free(salt_copy);
	return rc;
}

int ledger_row_stamp(db *d, const char *type, const char *subject, json_t *payload, err *e)
{
	const ledger_record *k = ledger_record_of(type);
	size_t pl = k ? strlen(k->subject_prefix) : 0;
	if (!k || strncmp(subject, k->subject_prefix, pl)) return 0;
	sqlite3_stmt *st = db_stmt(d, k->one, e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_text(st, 1, subject + pl, -1, SQLITE_TRANSIENT);
	int rc = sqlite3_step(st);
	int out = 0;
	if (rc == SQLITE_ROW) {
		char sha[65], fields[sizeof FP_V2 - 1 + FP_HEX * MAX_FIELDS + 1];
		memcpy(fields, FP_V2, sizeof FP_V2 - 1);
		if (digest_row(st, k->table, sha, fields + sizeof FP_V2 - 1))
			out = err_set(e, MB_EINTERNAL, "oom", NULL, "Hết bộ nhớ.", "out of memory");
		else
			json_object_set_new(payload, "row", json_pack("{s:s, s:s}", "sha256", sha, "fields", fields));
	} else if (rc != SQLITE_DONE) {
		out = db_fail(d, e);
	}
	sqlite3_reset(st);
	return out;
}

static int row_fail(ledger_verify_result *r, const char *reason, const ledger_record *k, const char *key,
                    const char *field, int64_t seq)
{
	r->ok = false;
	r->reason = reason;
	r->bad_seq = seq;
	snprintf(r->table, sizeof r->table, "%s", k->table);
	snprintf(r->key, sizeof r->key, "%s", key);
	snprintf(r->field, sizeof r->field, "%s", field ? field : "");
	return 1;
}

typedef struct keylist { char **v; int n, cap; } keylist;

static int keylist_add(keylist *l, const char *key)
{
	if (l->n == l->cap) {
		int cap = l->cap ? 2 * l->cap : 64;
		char **v = realloc(l->v, sizeof *v * (size_t)cap);
		if (!v) return -1;
		l->v = v;
		l->cap = cap;
	}
	return (l->v[l->n] = strdup(key)) ? (l->n++, 0) : -1;
}

static void keylist_free(keylist *l)
{
	for (int i = 0; i < l->n; i++) free(l->v[i]);
	free(l->v);
}

/* One table: the rows (ordered by key) merged with the latest digest event of
 * each subject (ordered by subject = prefix + key). 1: a problem, in r.
 * With `adopt`, rows without an event are collected there instead, and only
 * they are looked at. */
static int verify_table(db *d, const ledger_record *k, ledger_verify_result *r, keylist *adopt, err *e)
{
	sqlite3_stmt *rows = NULL, *evs = NULL;
	if (sqlite3_prepare_v2(db_handle(d), k->all, -1, &rows, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db_handle(d), k->latest, -1, &evs, NULL) != SQLITE_OK) {
		int rc = db_fail(d, e);
		sqlite3_finalize(rows);
		sqlite3_finalize(evs);
		return rc;
	}
	size_t pl = strlen(k->subject_prefix);
	int rr = sqlite3_step(rows), er = sqlite3_step(evs), out = 0;
	while (!out && (rr == SQLITE_ROW || er == SQLITE_ROW)) {
		const char *rkey = rr == SQLITE_ROW ? db_text(rows, k->key_col) : NULL;
		const char *ekey = er == SQLITE_ROW ? db_text(evs, 0) + pl : NULL;
		int c = !rkey ? 1 : !ekey ? -1 : strcmp(rkey, ekey);
		if (adopt) {
			if (c < 0 && keylist_add(adopt, rkey))
				out = err_set(e, MB_EINTERNAL, "oom", NULL, "Hết bộ nhớ.", "out of memory");
			if (c <= 0) rr = sqlite3_step(rows);
			if (c >= 0) er = sqlite3_step(evs);
			continue;
		}
		if (c < 0) {
			out = row_fail(r, "row_without_event", k, rkey, NULL, 0);
			snprintf(r->message, sizeof r->message,
			         "row %s %s has no event: it was written without the ledger", k->table, rkey);
		} else if (c > 0) {
			out = row_fail(r, "event_without_row", k, ekey, NULL, sqlite3_column_int64(evs, 1));
			snprintf(r->message, sizeof r->message, "event seq %lld (%s) describes row %s %s, which is gone",
			         (long long)r->bad_seq, db_text(evs, 2), k->table, ekey);
		} else {
			char sha[65], fields[FP_HEX * MAX_FIELDS + 1];
			if (digest_row(rows, k->table, sha, fields)) {
				out = err_set(e, MB_EINTERNAL, "oom", NULL, "Hết bộ nhớ.", "out of memory");
				break;
			}
			if (strcmp(sha, db_text(evs, 3))) {
				size_t w;
				const char *want = fp_fields(db_text(evs, 4), &w), *field = "?";
				int n = sqlite3_column_count(rows);
				for (int i = 0; i < n && i < MAX_FIELDS; i++)
					/* An old F (w = 2) is compared with the first byte of ours. */
					if (strlen(want) < w * (size_t)(i + 1) || memcmp(fields + FP_HEX * i, want + w * (size_t)i, w)) {
						field = sqlite3_column_name(rows, i);
						break;
					}
				out = row_fail(r, "row_mismatch", k, rkey, field, sqlite3_column_int64(evs, 1));
				snprintf(r->message, sizeof r->message,
				         "row %s %s, field %s, is not the state recorded by its latest event, seq %lld (%s):"
				         " it was changed without the ledger", k->table, rkey, field, (long long)r->bad_seq,
				         db_text(evs, 2));
			}
			rr = sqlite3_step(rows);
			er = sqlite3_step(evs);
			continue;
		}
	}
	if (!out && ((rr != SQLITE_ROW && rr != SQLITE_DONE) || (er != SQLITE_ROW && er != SQLITE_DONE)))
		out = db_fail(d, e);
	sqlite3_finalize(rows);
	sqlite3_finalize(evs);
	return out;
}

int ledger_verify_rows(db *d, ledger_verify_result *r, err *e)
{
	r->ok = true;
	for (int i = 0; i < ledger_nrecords; i++) {
		int rc = verify_table(d, &ledger_records[i], r, NULL, e);
		if (rc == 1) return 0;
		if (rc) return rc;
	}
	return 0;
}

int ledger_adopt_rows(db *d, int *adopted, err *e)
{
	*adopted = 0;
	char v[8];
	if (db_meta_get(d, "ledger_rows_to_adopt", v, sizeof v, NULL) != 1 || strcmp(v, "1")) return 0;
	if (db_begin(d, e)) return MB_EINTERNAL;
	int rc = 0;
	for (int i = 0; i < ledger_nrecords && !rc; i++) {
		const ledger_record *k = &ledger_records[i];
		keylist l = {0};
		ledger_verify_result r;
		rc = verify_table(d, k, &r, &l, e);
		char type[48], subject[256];
		snprintf(type, sizeof type, "%sadopted", k->type_prefix);
		for (int j = 0; j < l.n && !rc; j++) {
			snprintf(subject, sizeof subject, "%s%s", k->subject_prefix, l.v[j]);
			json_t *p = json_pack("{s:s}", "note", "row digests begin: the row as it stood");
			rc = ledger_append(d, &ledger_system, "", type, subject, p, NULL, e);
			json_decref(p);
			if (!rc) (*adopted)++;
		}
		keylist_free(&l);
	}
	if (!rc) rc = db_meta_set(d, "ledger_rows_to_adopt", "0", e);
	if (!rc) rc = db_commit(d, e);
	if (rc) db_rollback(d);
	return rc;
}
