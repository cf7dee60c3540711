/* checkpoint.c — signed checkpoints kept twice (the checkpoints table and an
 * append-only file beside the database), and the checks of `minhbach verify`
 * against them and against an outside archive. */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/clock.h"
#include "base/log.h"
#include "ledger/internal.h"

static const char ZERO_HASH[] = "0000000000000000000000000000000000000000000000000000000000000000";

void ledger_checkpoint_message(const ledger_checkpoint *c, char *msg, size_t n)
{
	snprintf(msg, n, "minhbach checkpoint v1\nseq=%lld\nhash=%s\nat=%s", (long long)c->seq, c->hash, c->at);
}

char *ledger_checkpoint_json(const ledger_checkpoint *c)
{
	char msg[256];
	ledger_checkpoint_message(c, msg, sizeof msg);
	json_t *j = json_pack("{s:I, s:s, s:s, s:s, s:s}", "seq", (json_int_t)c->seq, "hash", c->hash, "at", c->at,
	                      "message", msg, "signature", c->sig);
	char *s = j ? json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	json_decref(j);
	return s;
}

static bool is_hex(const char *s, size_t n)
{
	if (strlen(s) != n) return false;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f'))) return false;
	return true;
}

int ledger_checkpoint_parse(const char *line, ledger_checkpoint *c)
{
	json_t *j = json_loads(line, 0, NULL);
	const char *msg = j ? json_string_value(json_object_get(j, "message")) : NULL;
	const char *sig = j ? json_string_value(json_object_get(j, "signature")) : NULL;
	int rc = -1;
	long long seq;
	char hash[65], at[32];
	int used = 0;
	if (msg && sig && is_hex(sig, 128) &&
	    sscanf(msg, "minhbach checkpoint v1\nseq=%lld\nhash=%64[0-9a-f]\nat=%31[0-9TZ:-]%n", &seq, hash, at, &used) == 3 &&
	    msg[used] == '\0' && seq >= 0 && is_hex(hash, 64)) {
		memset(c, 0, sizeof *c);
		c->seq = seq;
		memcpy(c->hash, hash, 65);
		snprintf(c->at, sizeof c->at, "%s", at);
		snprintf(c->sig, sizeof c->sig, "%s", sig);
		char again[256];
		ledger_checkpoint_message(c, again, sizeof again);
		rc = strcmp(again, msg) ? -1 : 0;
	}
	json_decref(j);
	return rc;
}

/* Appends one line and makes it durable; a new file is created 0600 and its
 * directory entry is synced too. */
static int append_line(const char *file, const char *line, err *e)
{
	bool existed = access(file, F_OK) == 0;
	int fd = open(file, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0) {
		log_msg(LOG_ERROR, "ledger", "cannot open the checkpoint file %s: %s", file, strerror(errno));
		return err_set(e, MB_EINTERNAL, "checkpoint_file", NULL, "Không ghi được tệp điểm kiểm tra của sổ cái.",
		               "cannot write the ledger's checkpoint file");
	}
	size_t n = strlen(line);
	char *buf = malloc(n + 1);
	ssize_t w = -1;
	if (buf) {
		memcpy(buf, line, n);
		buf[n] = '\n';
		w = write(fd, buf, n + 1);
		free(buf);
	}
	int synced = fsync(fd);
	close(fd);
	if (w != (ssize_t)(n + 1) || synced) {
		log_msg(LOG_ERROR, "ledger", "cannot append to the checkpoint file %s: %s", file, strerror(errno));
		return err_set(e, MB_EINTERNAL, "checkpoint_file", NULL, "Không ghi được tệp điểm kiểm tra của sổ cái.",
		               "cannot write the ledger's checkpoint file");
	}
	if (!existed) {
		char *copy = strdup(file);
		int dfd = copy ? open(dirname(copy), O_RDONLY | O_DIRECTORY | O_CLOEXEC) : -1;
		if (dfd >= 0) { fsync(dfd); close(dfd); }
		free(copy);
	}
	return 0;
}

int ledger_checkpoint_issue(db *d, const ledger_keys *k, const char *file, ledger_checkpoint *out, err *e)
{
	int64_t seq;
	char hash[65];
	/* The cheap path: the head has not moved since the last checkpoint. */
	if (ledger_head(d, &seq, hash, e)) return MB_EINTERNAL;
	int found = ledger_repo_checkpoint_latest(d, out, e);
	if (found < 0) return found;
	if (found && out->seq == seq && !strcmp(out->hash, hash)) return 0;

	/* The write lock serialises issuers across threads and processes, so the
	 * file and the table receive checkpoints in the same order. */
	if (db_begin(d, e)) return MB_EINTERNAL;
	int rc = ledger_head(d, &seq, hash, e);
	if (!rc) found = ledger_repo_checkpoint_latest(d, out, e);
	if (!rc && found < 0) rc = found;
	if (!rc && found && out->seq == seq && !strcmp(out->hash, hash)) { db_rollback(d); return 0; }
	if (!rc) {
		ledger_checkpoint c = {.seq = seq};
		memcpy(c.hash, hash, 65);
		clock_iso_utc(clock_now(), c.at, sizeof c.at);
		char msg[256];
		ledger_sign_checkpoint(k, c.seq, c.hash, c.at, msg, sizeof msg, c.sig);
		char *line = ledger_checkpoint_json(&c);
		if (!line) rc = err_set(e, MB_EINTERNAL, "oom", NULL, "Hết bộ nhớ.", "out of memory");
		/* The file first: a crash before the commit leaves the file one line
		 * ahead of the table, which verify accepts; never the reverse. */
		if (!rc && file) rc = append_line(file, line, e);
		free(line);
		if (!rc) rc = ledger_repo_checkpoint_insert(d, &c, e);
		if (!rc) rc = db_commit(d, e);
		if (!rc) *out = c;
	}
	if (rc) db_rollback(d);
	return rc;
}

static int print_one(const ledger_checkpoint *c, void *ctx)
{
	char *s = ledger_checkpoint_json(c);
	if (!s) return 1;
	fprintf((FILE *)ctx, "%s\n", s);
	free(s);
	return 0;
}

int ledger_checkpoints_export(db *d, FILE *out, err *e)
{
	return ledger_repo_checkpoints_each(d, print_one, out, e);
}

/* --- verification --- */

static int cp_fail(ledger_verify_result *r, const char *reason, int64_t seq)
{
	r->ok = false;
	r->reason = reason;
	r->checkpoint_seq = seq;
	return 1;
}

static bool same(const ledger_checkpoint *a, const ledger_checkpoint *b)
{
	return a->seq == b->seq && !strcmp(a->hash, b->hash) && !strcmp(a->at, b->at) && !strcmp(a->sig, b->sig);
}

/* One checkpoint against the key and the chain (whose head is head_seq). 1: a problem. */
static int check_one(db *d, const unsigned char pk[32], const ledger_checkpoint *c, const char *where,
                     int64_t head_seq, ledger_verify_result *r, err *e)
{
	char msg[256];
	unsigned char sig[64];
	size_t n = 0;
	ledger_checkpoint_message(c, msg, sizeof msg);
	if (sodium_hex2bin(sig, sizeof sig, c->sig, strlen(c->sig), NULL, &n, NULL) || n != 64 ||
	    crypto_sign_verify_detached(sig, (const unsigned char *)msg, strlen(msg), pk) != 0) {
		snprintf(r->message, sizeof r->message,
		         "the checkpoint at seq %lld signed %s (%s) has a signature that does not verify with the ledger's"
		         " public key", (long long)c->seq, c->at, where);
		return cp_fail(r, "checkpoint_signature", c->seq);
	}
	if (c->seq > head_seq) {
		if (head_seq == 0)
			snprintf(r->message, sizeof r->message,
			         "the ledger is empty but a checkpoint at seq %lld was issued at %s (%s): every event was deleted",
			         (long long)c->seq, c->at, where);
		else
			snprintf(r->message, sizeof r->message,
			         "the ledger ends at seq %lld but a checkpoint at seq %lld was issued at %s (%s): the newest"
			         " events were deleted", (long long)head_seq, (long long)c->seq, c->at, where);
		return cp_fail(r, "missing_tail", c->seq);
	}
	char h[65];
	if (c->seq == 0) {
		memcpy(h, ZERO_HASH, 65);
	} else {
		int found = ledger_repo_event_hash(d, c->seq, h, e);
		if (found < 0) return found;
		if (!found) h[0] = '\0';
	}
	if (strcmp(h, c->hash)) {
		snprintf(r->message, sizeof r->message,
		         "event seq %lld has hash %.16s… but the checkpoint signed at %s (%s) says %.16s…: the ledger was"
		         " rewritten", (long long)c->seq, h, c->at, where, c->hash);
		r->bad_seq = c->seq;
		return cp_fail(r, "checkpoint_hash", c->seq);
	}
	return 0;
}

/* The last two checkpoints of a file (1 or 2 in *n; 0 when absent or empty).
 * A line that is not a checkpoint is a problem (1, in r). */
static int read_file_tail(const char *file, ledger_checkpoint last[2], int *n, int *lines, ledger_verify_result *r,
                          err *e)
{
	*n = 0;
	*lines = 0;
	FILE *f = fopen(file, "re");
	if (!f) {
		if (errno == ENOENT) return 0;
		log_msg(LOG_ERROR, "ledger", "cannot read %s: %s", file, strerror(errno));
		return err_set(e, MB_EINTERNAL, "checkpoint_file", NULL, "Không đọc được tệp điểm kiểm tra.",
		               "cannot read the checkpoint file");
	}
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	int out = 0;
	while ((len = getline(&line, &cap, f)) >= 0) {
		(*lines)++;
		while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r')) line[--len] = '\0';
		if (len == 0) continue;
		ledger_checkpoint c;
		if (ledger_checkpoint_parse(line, &c)) {
			snprintf(r->message, sizeof r->message, "line %d of %s is not a signed checkpoint", *lines, file);
			out = cp_fail(r, "checkpoint_unreadable", 0);
			break;
		}
		last[0] = last[1];
		last[1] = c;
		if (*n < 2) (*n)++;
	}
	free(line);
	fclose(f);
	if (*n == 1) last[0] = last[1];
	return out;
}

typedef struct outside_ctx {
	db *d;
	const unsigned char *pk;
	int64_t head_seq;
	ledger_verify_result *r;
	err *e;
} outside_ctx;

static int check_outside(const char *file, outside_ctx *x)
{
	FILE *f = fopen(file, "re");
	if (!f) {
		log_msg(LOG_ERROR, "ledger", "cannot read %s: %s", file, strerror(errno));
		return err_set(x->e, MB_EINTERNAL, "checkpoint_file", NULL, "Không đọc được tệp lưu trữ điểm kiểm tra.",
		               "cannot read the archive of checkpoints");
	}
	char *line = NULL, where[300];
	size_t cap = 0;
	ssize_t len;
	int out = 0, lineno = 0, count = 0;
	while (!out && (len = getline(&line, &cap, f)) >= 0) {
		lineno++;
		while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r')) line[--len] = '\0';
		if (len == 0) continue;
		ledger_checkpoint c;
		if (ledger_checkpoint_parse(line, &c)) {
			snprintf(x->r->message, sizeof x->r->message, "line %d of %s is not a signed checkpoint", lineno, file);
			out = cp_fail(x->r, "checkpoint_unreadable", 0);
			break;
		}
		count++;
		snprintf(where, sizeof where, "%s, line %d", file, lineno);
		out = check_one(x->d, x->pk, &c, where, x->head_seq, x->r, x->e);
	}
	free(line);
	fclose(f);
	if (!out && count == 0) {
		snprintf(x->r->message, sizeof x->r->message, "%s holds no checkpoint", file);
		out = cp_fail(x->r, "checkpoint_unreadable", 0);
	}
	return out;
}

int ledger_verify_checkpoints(db *d, const ledger_verify_opts *o, ledger_verify_result *r, err *e)
{
	r->ok = true;
	unsigned char pk[32];
	if (o->pk) memcpy(pk, o->pk, 32);
	else if (ledger_repo_public_key(d, pk))
		return err_set(e, MB_EINTERNAL, "no_key", NULL, "Không có khóa công khai của sổ cái.",
		               "the ledger's public key is not in the database");
	int64_t head_seq;
	char head_hash[65];
	if (ledger_head(d, &head_seq, head_hash, e)) return MB_EINTERNAL;

	ledger_checkpoint t, fl[2];
	int has_t = ledger_repo_checkpoint_latest(d, &t, e);
	if (has_t < 0) return has_t;
	int nf = 0, lines = 0, rc = 0;
	if (o->file && (rc = read_file_tail(o->file, fl, &nf, &lines, r, e))) return rc < 0 ? rc : 0;
	const char *file = o->file ? o->file : "(no file)";

	char where[300];
	snprintf(where, sizeof where, "%s", file);
	if (nf && (rc = check_one(d, pk, &fl[1], where, head_seq, r, e))) return rc < 0 ? rc : 0;
	if (has_t && (rc = check_one(d, pk, &t, "the checkpoints table", head_seq, r, e))) return rc < 0 ? rc : 0;

	if (!has_t && !nf) {
		if (head_seq > 0) {
			snprintf(r->message, sizeof r->message,
			         "no signed checkpoint in the database nor in %s although the ledger has %lld events: a deleted"
			         " tail could not be told (run `minhbach serve` once to issue one)", file, (long long)head_seq);
			cp_fail(r, "no_checkpoint", 0);
		}
	} else if (o->file && (!has_t || !nf || (!same(&t, &fl[1]) && !(nf == 2 && same(&t, &fl[0]))))) {
		/* The file is written before the table, so it may be one line ahead
		 * after a crash; any other difference is a tampered copy. */
		char a[96] = "none", b[96] = "none";
		if (has_t) snprintf(a, sizeof a, "seq %lld signed %s", (long long)t.seq, t.at);
		if (nf) snprintf(b, sizeof b, "seq %lld signed %s", (long long)fl[1].seq, fl[1].at);
		snprintf(r->message, sizeof r->message,
		         "the checkpoints table and %s disagree: the latest in the database is %s, in the file %s", file, a, b);
		cp_fail(r, "checkpoint_disagreement", has_t ? t.seq : fl[1].seq);
	}
	if (!r->ok || !o->outside) return 0;
	outside_ctx x = {d, pk, head_seq, r, e};
	rc = check_outside(o->outside, &x);
	return rc < 0 ? rc : 0;
}

int ledger_verify_all(db *d, const ledger_verify_opts *o, ledger_verify_result *r, err *e)
{
	int rc = ledger_verify(d, r, e);
	if (rc) return rc;
	if (!r->ok) {
		snprintf(r->message, sizeof r->message,
		         "ledger BROKEN at seq %lld (%s): the first event that does not match; %lld events read",
		         (long long)r->bad_seq, r->reason, (long long)r->events);
		return 0;
	}
	int64_t events = r->events;
	if ((rc = ledger_verify_checkpoints(d, o, r, e))) return rc;
	r->events = events;
	if (!r->ok) return 0;
	if ((rc = ledger_verify_rows(d, r, e))) return rc;
	r->events = events;
	return 0;
}

int ledger_checkpoint_file_copy(db *copy, const char *src, const char *dst, int *lines, int64_t *bytes, err *e)
{
	*lines = 0;
	*bytes = 0;
	ledger_checkpoint last;
	int found = ledger_repo_checkpoint_latest(copy, &last, e);
	if (found < 0) return found;
	FILE *in = fopen(src, "re");
	if (!in && errno != ENOENT) {
		log_msg(LOG_ERROR, "ledger", "cannot read %s: %s", src, strerror(errno));
		return err_set(e, MB_EINTERNAL, "checkpoint_file", NULL, "Không đọc được tệp điểm kiểm tra.",
		               "cannot read the checkpoint file");
	}
	char tmp[4300];
	snprintf(tmp, sizeof tmp, "%s.tmp%d", dst, (int)getpid());
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	FILE *out = fd >= 0 ? fdopen(fd, "w") : NULL;
	if (!out) {
		if (fd >= 0) close(fd);
		if (in) fclose(in);
		log_msg(LOG_ERROR, "ledger", "cannot create %s: %s", tmp, strerror(errno));
		return err_set(e, MB_EINTERNAL, "checkpoint_file", NULL, "Không ghi được bản sao tệp điểm kiểm tra.",
		               "cannot write the copy of the checkpoint file");
	}
	bool ok = fchmod(fd, 0600) == 0;
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	while (found && in && ok && (len = getline(&line, &cap, in)) >= 0) {
		ok = fwrite(line, 1, (size_t)len, out) == (size_t)len;
		(*lines)++;
		*bytes += len;
		while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r')) line[--len] = '\0';
		ledger_checkpoint c;
		if (len > 0 && !ledger_checkpoint_parse(line, &c) && same(&c, &last)) break;
	}
	free(line);
	if (in) fclose(in);
	ok = ok && fflush(out) == 0 && fsync(fd) == 0;
	if (fclose(out) != 0) ok = false;
	if (!ok || rename(tmp, dst) != 0) {
		log_msg(LOG_ERROR, "ledger", "cannot write %s: %s", dst, strerror(errno));
		unlink(tmp);
		return err_set(e, MB_EINTERNAL, "checkpoint_file", NULL, "Không ghi được bản sao tệp điểm kiểm tra.",
		               "cannot write the copy of the checkpoint file");
	}
	return 0;
}
