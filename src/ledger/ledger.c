#include "ledger/ledger.h"
#include "ledger/internal.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/clock.h"
#include "base/log.h"

const ledger_actor ledger_system = {0, "system"};

static const char ZERO_HASH[] = "0000000000000000000000000000000000000000000000000000000000000000";

void hex_encode(const unsigned char *in, size_t n, char *out)
{
	static const char hx[] = "0123456789abcdef";
	for (size_t i = 0; i < n; i++) {
		out[2 * i] = hx[in[i] >> 4];
		out[2 * i + 1] = hx[in[i] & 15];
	}
	out[2 * n] = '\0';
}

void ledger_hash(const char *prev_hash, int64_t seq, const char *at, const char *actor_id,
                 const char *role, const char *unit, const char *type, const char *subject,
                 const char *payload, char out[65])
{
	crypto_hash_sha256_state st;
	unsigned char prev[32], h[32];
	crypto_hash_sha256_init(&st);
	/* prev_hash enters as its 32 raw bytes; a malformed stored value still
	 * hashes deterministically (and then fails the prev_hash comparison). */
	size_t bin_len = 0;
	memset(prev, 0, sizeof prev);
	sodium_hex2bin(prev, sizeof prev, prev_hash, strlen(prev_hash), NULL, &bin_len, NULL);
	crypto_hash_sha256_update(&st, prev, sizeof prev);
	char num[32];
	snprintf(num, sizeof num, "%lld", (long long)seq);
	const char *parts[] = {"mb-event-v1", num, at, actor_id, role, unit, type, subject, payload};
	for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++) {
		if (i) crypto_hash_sha256_update(&st, (const unsigned char *)"\n", 1);
		crypto_hash_sha256_update(&st, (const unsigned char *)parts[i], strlen(parts[i]));
	}
	crypto_hash_sha256_final(&st, h);
	hex_encode(h, sizeof h, out);
}

int ledger_head(db *d, int64_t *seq, char hash[65], err *e)
{
	sqlite3_stmt *st = db_stmt(d, "SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1", e);
	if (!st) return MB_EINTERNAL;
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*seq = sqlite3_column_int64(st, 0);
		snprintf(hash, 65, "%s", db_text(st, 1));
	} else if (rc == SQLITE_DONE) {
		*seq = 0;
		memcpy(hash, ZERO_HASH, 65);
	} else {
		return db_fail(d, e);
	}
	sqlite3_reset(st);
	return 0;
}

int ledger_append(db *d, const ledger_actor *actor, const char *unit, const char *type,
                  const char *subject, json_t *payload, int64_t *seq_out, err *e)
{
	return ledger_append_ex(d, actor, unit, type, subject, payload, seq_out, NULL, NULL, e);
}

int ledger_append_ex(db *d, const ledger_actor *actor, const char *unit, const char *type, const char *subject,
                     json_t *payload, int64_t *seq_out, char hash_out[65], int64_t *at_out, err *e)
{
	int64_t seq, now = clock_now();
	char prev[65], hash[65], at[32], actor_id[24] = "";
	if (ledger_head(d, &seq, prev, e)) return MB_EINTERNAL;
	seq++;
	clock_iso_utc(now, at, sizeof at);
	if (actor->id) snprintf(actor_id, sizeof actor_id, "%lld", (long long)actor->id);
	/* A shallow copy: the row digest is added without touching the caller's object. */
	json_t *obj = payload ? json_copy(payload) : json_object();
	if (!obj) return err_set(e, MB_EINTERNAL, "oom", NULL, "Hết bộ nhớ.", "out of memory");
	if (ledger_row_stamp(d, type, subject, obj, e)) { json_decref(obj); return MB_EINTERNAL; }
	char *pl = json_dumps(obj, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(obj);
	if (!pl) return err_set(e, MB_EINTERNAL, "oom", NULL, "Hết bộ nhớ.", "out of memory");
	ledger_hash(prev, seq, at, actor_id, actor->role, unit ? unit : "", type, subject, pl, hash);

	sqlite3_stmt *st = db_stmt(d,
		"INSERT INTO events(seq, at, actor_id, actor_role, unit, type, subject, payload, prev_hash, hash)"
		" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", e);
	if (!st) { free(pl); return MB_EINTERNAL; }
	sqlite3_bind_int64(st, 1, seq);
	sqlite3_bind_text(st, 2, at, -1, SQLITE_TRANSIENT);
	if (actor->id) sqlite3_bind_int64(st, 3, actor->id); else sqlite3_bind_null(st, 3);
	sqlite3_bind_text(st, 4, actor->role, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, unit ? unit : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, type, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, subject, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 8, pl, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 9, prev, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 10, hash, -1, SQLITE_STATIC);
	int r = db_done(d, st, e);
	sqlite3_reset(st);
	free(pl);
	if (r) return r;
	if (seq_out) *seq_out = seq;
	if (hash_out) memcpy(hash_out, hash, 65);
	if (at_out) *at_out = now;
	return 0;
}

int ledger_verify(db *d, ledger_verify_result *r, err *e)
{
	memset(r, 0, sizeof *r);
	r->ok = true;
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(db_handle(d),
	        "SELECT seq, at, coalesce(CAST(actor_id AS TEXT), ''), actor_role, unit, type, subject,"
	        " payload, prev_hash, hash FROM events ORDER BY seq", -1, &st, NULL) != SQLITE_OK)
		return db_fail(d, e);
	char prev[65];
	memcpy(prev, ZERO_HASH, 65);
	int64_t expect = 1;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t seq = sqlite3_column_int64(st, 0);
		char h[65];
		r->events++;
		if (seq != expect) { r->ok = false; r->bad_seq = expect; r->reason = "gap"; break; }
		if (strcmp(db_text(st, 8), prev) != 0) { r->ok = false; r->bad_seq = seq; r->reason = "prev_hash"; break; }
		ledger_hash(prev, seq, db_text(st, 1), db_text(st, 2), db_text(st, 3), db_text(st, 4),
		            db_text(st, 5), db_text(st, 6), db_text(st, 7), h);
		if (strcmp(h, db_text(st, 9)) != 0) { r->ok = false; r->bad_seq = seq; r->reason = "hash"; break; }
		memcpy(prev, h, 65);
		expect++;
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		/* A corrupted page is also a verdict: the chain cannot be read past here. */
		log_msg(LOG_ERROR, "ledger", "reading events after seq %lld: %s", (long long)(expect - 1),
		        sqlite3_errmsg(db_handle(d)));
		r->ok = false;
		r->bad_seq = expect;
		r->reason = "unreadable";
	}
	sqlite3_finalize(st);
	return 0;
}

int ledger_keys_create(db *d, const char *path, ledger_keys *k, err *e)
{
	crypto_sign_keypair(k->pk, k->sk);
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
	if (fd < 0) {
		log_msg(LOG_ERROR, "ledger", "cannot create key file %s: %s", path, strerror(errno));
		return err_set(e, MB_EINTERNAL, "key_file", NULL, "Không tạo được tệp khóa ký.", "cannot create the signing key file");
	}
	char hex[129];
	hex_encode(k->sk, 64, hex);
	hex[128] = '\n';
	ssize_t w = write(fd, hex, 129);
	int c = fsync(fd);
	close(fd);
	sodium_memzero(hex, sizeof hex);
	if (w != 129 || c != 0)
		return err_set(e, MB_EINTERNAL, "key_file", NULL, "Không ghi được tệp khóa ký.", "cannot write the signing key file");
	char pkhex[65];
	hex_encode(k->pk, 32, pkhex);
	return db_meta_set(d, "ledger_public_key", pkhex, e);
}

int ledger_keys_load(const char *path, ledger_keys *k, err *e)
{
	char hex[130] = {0};
	int fd = open(path, O_RDONLY);
	if (fd < 0) {
		log_msg(LOG_ERROR, "ledger", "cannot open key file %s: %s", path, strerror(errno));
		return err_set(e, MB_EINTERNAL, "key_file", NULL, "Không đọc được tệp khóa ký.", "cannot read the signing key file");
	}
	ssize_t n = read(fd, hex, 128);
	close(fd);
	size_t bin = 0;
	if (n != 128 || sodium_hex2bin(k->sk, 64, hex, 128, NULL, &bin, NULL) != 0 || bin != 64)
		return err_set(e, MB_EINTERNAL, "key_file", NULL, "Tệp khóa ký bị hỏng.", "the signing key file is malformed");
	crypto_sign_ed25519_sk_to_pk(k->pk, k->sk);
	sodium_memzero(hex, sizeof hex);
	return 0;
}

void ledger_sign_checkpoint(const ledger_keys *k, int64_t seq, const char *hash, const char *at,
                            char *message, size_t msgsz, char sig_hex[129])
{
	unsigned char sig[64];
	int n = snprintf(message, msgsz, "minhbach checkpoint v1\nseq=%lld\nhash=%s\nat=%s",
	                 (long long)seq, hash, at);
	crypto_sign_detached(sig, NULL, (const unsigned char *)message, (unsigned long long)n, k->sk);
	hex_encode(sig, 64, sig_hex);
}
