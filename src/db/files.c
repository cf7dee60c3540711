/* files.c — the content-addressed attachment store (see files.h). */
#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/clock.h"
#include "base/log.h"
#include "db/files.h"

const char *db_file_sniff(const void *data, size_t n)
{
	const unsigned char *p = data;
	if (n >= 5 && !memcmp(p, "%PDF-", 5)) return "application/pdf";
	if (n >= 3 && p[0] == 0xFF && p[1] == 0xD8 && p[2] == 0xFF) return "image/jpeg";
	if (n >= 8 && !memcmp(p, "\x89PNG\r\n\x1a\n", 8)) return "image/png";
	return NULL;
}

const char *db_files_dir(void)
{
	static char dir[4096];
	if (!dir[0]) snprintf(dir, sizeof dir, "%s.files", db_path() ? db_path() : "var/minhbach.db");
	return dir;
}

const char *db_recordings_dir(void)
{
	static char dir[4096];
	if (!dir[0]) snprintf(dir, sizeof dir, "%s.recordings", db_path() ? db_path() : "var/minhbach.db");
	return dir;
}

bool db_store_path(const char *dir, const char *sha, char *out, size_t outsz)
{
	if (!sha || strlen(sha) != 64 || strspn(sha, "0123456789abcdef") != 64) return false;
	return (size_t)snprintf(out, outsz, "%s/%.2s/%s", dir, sha, sha) < outsz;
}

static int store_fail(const char *path, err *e)
{
	log_msg(LOG_ERROR, "files", "cannot store %s: %s", path, strerror(errno));
	return err_set(e, MB_EINTERNAL, "file_store", NULL, "Không lưu được tệp.", "cannot store the file");
}

/* Makes dir/ab for sha and the final path; true when the file is already there. */
static bool store_prepare(const char *dir, const char *sha, char *path, size_t pathsz)
{
	char sub[4200];
	snprintf(sub, sizeof sub, "%s/%.2s", dir, sha);
	mkdir(dir, 0700);
	mkdir(sub, 0700);
	db_store_path(dir, sha, path, pathsz);
	return access(path, F_OK) == 0;
}

int db_store_put(const char *dir, const void *data, size_t n, char sha[65], err *e)
{
	unsigned char h[32];
	crypto_hash_sha256(h, data, n);
	sodium_bin2hex(sha, 65, h, 32);
	char path[4300], tmp[4400];
	if (store_prepare(dir, sha, path, sizeof path)) return 0;
	snprintf(tmp, sizeof tmp, "%s.tmp%d", path, (int)getpid());
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	bool ok = fd >= 0 && write(fd, data, n) == (ssize_t)n && fsync(fd) == 0;
	if (fd >= 0) close(fd);
	if (!ok || rename(tmp, path) != 0) {
		unlink(tmp);
		return store_fail(path, e);
	}
	return 0;
}

int db_store_copy(const char *dir, const char *src, char sha[65], int64_t *size, err *e)
{
	static const size_t CHUNK = 1 << 20;
	int in = open(src, O_RDONLY);
	if (in < 0) return err_set(e, MB_ENOTFOUND, "not_found", NULL, "Không đọc được tệp.", "cannot read the file");
	unsigned char *chunk = malloc(CHUNK);
	if (!chunk) { close(in); return err_set(e, MB_EINTERNAL, "out_of_memory", NULL, "Hết bộ nhớ.", "out of memory"); }
	crypto_hash_sha256_state st;
	crypto_hash_sha256_init(&st);
	int64_t total = 0;
	ssize_t k;
	while ((k = read(in, chunk, CHUNK)) > 0) {
		crypto_hash_sha256_update(&st, chunk, (unsigned long long)k);
		total += k;
	}
	int rc = 0;
	if (k < 0) rc = store_fail(src, e);
	unsigned char h[32];
	crypto_hash_sha256_final(&st, h);
	sodium_bin2hex(sha, 65, h, 32);
	*size = total;
	char path[4300], tmp[4400];
	if (!rc && !store_prepare(dir, sha, path, sizeof path)) {
		snprintf(tmp, sizeof tmp, "%s.tmp%d", path, (int)getpid());
		int out = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0600);
		bool ok = out >= 0 && lseek(in, 0, SEEK_SET) == 0;
		int64_t copied = 0;
		while (ok && (k = read(in, chunk, CHUNK)) > 0) {
			ok = write(out, chunk, (size_t)k) == k;
			copied += k;
		}
		/* The file changed between the two passes: what was hashed is not what was copied. */
		ok = ok && k == 0 && copied == total && fsync(out) == 0;
		if (out >= 0) close(out);
		if (!ok || rename(tmp, path) != 0) {
			unlink(tmp);
			rc = store_fail(path, e);
		}
	}
	free(chunk);
	close(in);
	return rc;
}

int db_store_remove(const char *dir, const char *sha)
{
	char path[4300];
	if (!db_store_path(dir, sha, path, sizeof path)) { errno = EINVAL; return -1; }
	return unlink(path) == 0 || errno == ENOENT ? 0 : -1;
}

int db_file_store(db *d, const void *data, size_t n, const char *content_type, char sha[65], err *e)
{
	if (db_store_put(db_files_dir(), data, n, sha, e)) return e->status;
	sqlite3_stmt *st = db_stmt(d, "INSERT INTO files(sha256, size, content_type, created_at) VALUES (?, ?, ?, ?)"
	                              " ON CONFLICT(sha256) DO NOTHING", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_text(st, 1, sha, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, (int64_t)n);
	sqlite3_bind_text(st, 3, content_type, -1, SQLITE_STATIC);
	db_bind_time(st, 4, clock_now());
	return db_done(d, st, e);
}

int db_file_read(const char *sha, arena *a, unsigned char **out, size_t *n, err *e)
{
	char path[4300];
	if (strlen(sha) != 64 || strspn(sha, "0123456789abcdef") != 64)
		return err_set(e, MB_ENOTFOUND, "not_found", NULL, "Không có tệp này.", "no such file");
	snprintf(path, sizeof path, "%s/%.2s/%s", db_files_dir(), sha, sha);
	FILE *f = fopen(path, "rb");
	if (!f) return err_set(e, MB_ENOTFOUND, "not_found", NULL, "Không có tệp này.", "no such file");
	fseek(f, 0, SEEK_END);
	long len = ftell(f);
	fseek(f, 0, SEEK_SET);
	if (len < 0) { fclose(f); return err_set(e, MB_EINTERNAL, "file_store", NULL, "Không đọc được tệp.", "cannot read the file"); }
	*out = arena_alloc(a, (size_t)len + 1);
	*n = fread(*out, 1, (size_t)len, f);
	fclose(f);
	return 0;
}
