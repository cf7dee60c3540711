/* keys.c — Open311 API keys: created and revoked from the command line, each
 * with a ledger event; only the SHA-256 of a key is stored. */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "base/clock.h"
#include "base/text.h"
#include "ledger/ledger.h"
#include "open311/open311.h"
#include "open311/repo.h"

static void key_hash(const char *key, char out[65])
{
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(h, (const unsigned char *)key, strlen(key));
	hex_encode(h, sizeof h, out);
}

/* A key is named for the application that holds it, in Vietnamese or English
 * ("Ứng dụng Sơn La"): 1–64 characters of valid UTF-8, no control characters,
 * no leading or trailing space. */
static int check_name(const char *name, err *e)
{
	size_t n = name ? strlen(name) : 0;
	size_t chars = n ? text_utf8_len(name) : 0;
	bool ok = n >= 1 && chars <= 64 && text_valid_utf8(name, n, false) && name[0] != ' ' && name[n - 1] != ' ';
	if (!ok)
		return err_set(e, MB_EINVAL, "invalid_field", "name",
		               "Tên khóa dài 1–64 ký tự, không có ký tự điều khiển, không bắt đầu hay kết thúc bằng dấu cách.",
		               "a key name is 1-64 characters, without control characters or leading or trailing spaces");
	return 0;
}

int open311_key_check(db *d, const char *key, int64_t *id, err *e)
{
	size_t n = key ? strlen(key) : 0;
	if (n < 8 || n > 128) return 0;
	char h[65];
	key_hash(key, h);
	return o311_repo_key_find(d, h, id, e);
}

static int key_event(db *d, const char *type, const char *name, err *e)
{
	json_t *p = json_pack("{s:s}", "name", name);
	int rc = ledger_append(d, &ledger_system, "", type, name, p, NULL, e);
	json_decref(p);
	return rc;
}

int open311_key_create(db *d, const char *name, char *key_out, size_t n, err *e)
{
	if (check_name(name, e)) return MB_EINVAL;
	if (n < O311_KEY_SIZE) return err_set(e, MB_EINTERNAL, "internal", NULL, "Lỗi nội bộ.", "internal error");
	unsigned char raw[20];
	randombytes_buf(raw, sizeof raw);
	char hex[41];
	hex_encode(raw, sizeof raw, hex);
	snprintf(key_out, n, "o311_%s", hex);
	char h[65];
	key_hash(key_out, h);
	int64_t id = 0;
	if (db_begin(d, e)) return MB_EINTERNAL;
	int rc = o311_repo_key_create(d, name, h, clock_now(), &id, e);
	if (!rc) rc = key_event(d, "open311.key_created", name, e);
	if (rc) { db_rollback(d); sodium_memzero(key_out, n); return rc; }
	return db_commit(d, e);
}

int open311_key_revoke(db *d, const char *name, err *e)
{
	if (check_name(name, e)) return MB_EINVAL;
	if (db_begin(d, e)) return MB_EINTERNAL;
	int rc = o311_repo_key_revoke(d, name, clock_now(), e);
	if (rc == 1 && key_event(d, "open311.key_revoked", name, e)) rc = MB_EINTERNAL;
	if (rc != 1) { db_rollback(d); return rc; }
	return db_commit(d, e) ? MB_EINTERNAL : 1;
}

int open311_key_cli(db *d, int nargs, char **args)
{
	err e = {0};
	if (nargs != 2 || (strcmp(args[0], "create") && strcmp(args[0], "revoke"))) {
		fputs("usage: minhbach open311-key create|revoke NAME [--db PATH]\n", stderr);
		return 2;
	}
	if (!strcmp(args[0], "create")) {
		char key[O311_KEY_SIZE];
		if (open311_key_create(d, args[1], key, sizeof key, &e)) {
			fprintf(stderr, "minhbach: cannot create the key %s: %s\n", args[1], e.en ? e.en : "?");
			return 1;
		}
		printf("Open311 API key for %s (shown once: give it to the client now):\n%s\n", args[1], key);
		sodium_memzero(key, sizeof key);
		return 0;
	}
	int rc = open311_key_revoke(d, args[1], &e);
	if (rc < 0) {
		fprintf(stderr, "minhbach: cannot revoke the key %s: %s\n", args[1], e.en ? e.en : "?");
		return 1;
	}
	if (rc == 0) {
		fprintf(stderr, "minhbach: no active Open311 key named %s\n", args[1]);
		return 1;
	}
	printf("Open311 API key %s revoked.\n", args[1]);
	return 0;
}
