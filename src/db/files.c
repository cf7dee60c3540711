/* files.c — the content-addressed attachment store (see files.h). */
#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/clock.h"
#include "base/log.h"
#include "db/files.h"
#include "ledger/ledger.h"

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

int db_file_store(db *d, const void *data, size_t n, const char *content_type, char sha[65], err *e)
{
	unsigned char h[32];
	crypto_hash_sha256(h, data, n);
	hex_encode(h, 32, sha);
	char dir[4200], path[4300], tmp[4400];
	snprintf(dir, sizeof dir, "%s/%.2s", db_files_dir(), sha);
	mkdir(db_files_dir(), 0700);
	mkdir(dir, 0700);
	snprintf(path, sizeof path, "%s/%s", dir, sha);
	if (access(path, F_OK) != 0) {
		snprintf(tmp, sizeof tmp, "%s.tmp%d", path, (int)getpid());
		int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0600);
		bool ok = fd >= 0 && write(fd, data, n) == (ssize_t)n && fsync(fd) == 0;
		if (fd >= 0) close(fd);
		if (!ok || rename(tmp, path) != 0) {
			unlink(tmp);
			log_msg(LOG_ERROR, "files", "cannot store %s: %s", path, strerror(errno));
			return err_set(e, MB_EINTERNAL, "file_store", NULL, "Không lưu được tệp đính kèm.", "cannot store the attachment");
		}
	}
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
