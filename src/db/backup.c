/* backup.c — online copies of the database and the files beside it (see backup.h). */
#include "db/backup.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/log.h"

static int fail(const char *what, const char *path, err *e)
{
	log_msg(LOG_ERROR, "backup", "%s %s: %s", what, path, strerror(errno));
	return err_set(e, MB_EINTERNAL, "backup", NULL, "Không sao lưu được.", "cannot make the backup");
}

static void sync_dir_of(const char *path)
{
	char *copy = strdup(path);
	int dfd = copy ? open(dirname(copy), O_RDONLY | O_DIRECTORY | O_CLOEXEC) : -1;
	if (dfd >= 0) { fsync(dfd); close(dfd); }
	free(copy);
}

int db_backup(const char *src, const char *dst, int64_t *bytes, err *e)
{
	*bytes = 0;
	/* A stale -wal beside an older copy would be replayed into the new one. */
	static const char *const sfx[] = {"-wal", "-shm", "-journal"};
	for (size_t i = 0; i < sizeof sfx / sizeof sfx[0]; i++) {
		char p[4200];
		snprintf(p, sizeof p, "%s%s", dst, sfx[i]);
		if (unlink(p) != 0 && errno != ENOENT) return fail("cannot remove", p, e);
	}
	int fd = open(dst, O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0) return fail("cannot create", dst, e);
	bool narrowed = fchmod(fd, 0600) == 0;
	close(fd);
	if (!narrowed) return fail("cannot restrict", dst, e);

	sqlite3 *from = NULL, *to = NULL;
	int rc = sqlite3_open_v2(src, &from, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc == SQLITE_OK) rc = sqlite3_open_v2(dst, &to, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc == SQLITE_OK) {
		sqlite3_busy_timeout(from, 10000);
		sqlite3_busy_timeout(to, 10000);
		sqlite3_exec(to, "PRAGMA synchronous=FULL", NULL, NULL, NULL);
		sqlite3_backup *b = sqlite3_backup_init(to, "main", from, "main");
		if (!b) rc = sqlite3_errcode(to);
		else {
			/* -1: every page in one step, under one read transaction of src. */
			int tries = 0;
			do rc = sqlite3_backup_step(b, -1);
			while ((rc == SQLITE_BUSY || rc == SQLITE_LOCKED) && ++tries < 30);
			int frc = sqlite3_backup_finish(b);
			if (rc == SQLITE_DONE) rc = frc;
		}
	}
	if (rc != SQLITE_OK)
		log_msg(LOG_ERROR, "backup", "cannot copy %s to %s: %s", src, dst,
		        to ? sqlite3_errmsg(to) : from ? sqlite3_errmsg(from) : "?");
	sqlite3_close(from);
	if (sqlite3_close(to) != SQLITE_OK && rc == SQLITE_OK) rc = SQLITE_ERROR;
	if (rc != SQLITE_OK)
		return err_set(e, MB_EINTERNAL, "backup", NULL, "Không sao lưu được cơ sở dữ liệu.", "cannot copy the database");
	struct stat st;
	if (stat(dst, &st) == 0) *bytes = st.st_size;
	sync_dir_of(dst);
	return 0;
}

int db_copy_file(const char *src, const char *dst, int64_t *bytes, err *e)
{
	*bytes = 0;
	int in = open(src, O_RDONLY | O_CLOEXEC);
	if (in < 0) return fail("cannot read", src, e);
	char tmp[4300];
	snprintf(tmp, sizeof tmp, "%s.tmp%d", dst, (int)getpid());
	int out = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (out < 0) { close(in); return fail("cannot create", tmp, e); }
	char buf[65536];
	ssize_t n;
	bool ok = fchmod(out, 0600) == 0;
	while (ok && (n = read(in, buf, sizeof buf)) != 0) {
		if (n < 0) { if (errno == EINTR) continue; ok = false; break; }
		for (ssize_t off = 0; ok && off < n;) {
			ssize_t w = write(out, buf + off, (size_t)(n - off));
			if (w < 0 && errno == EINTR) continue;
			if (w <= 0) ok = false;
			else off += w;
		}
		*bytes += n;
	}
	ok = ok && fsync(out) == 0;
	close(in);
	if (close(out) != 0) ok = false;
	if (!ok || rename(tmp, dst) != 0) {
		int saved = errno;
		unlink(tmp);
		errno = saved;
		return fail("cannot copy to", dst, e);
	}
	sync_dir_of(dst);
	return 0;
}

static bool is_sha_name(const char *s, size_t len)
{
	return strlen(s) == len && strspn(s, "0123456789abcdef") == len;
}

int db_files_copy(const char *src, const char *dst, int *copied, int *present, int64_t *bytes, err *e)
{
	*copied = *present = 0;
	*bytes = 0;
	if (mkdir(dst, 0700) != 0 && errno != EEXIST) return fail("cannot create", dst, e);
	DIR *top = opendir(src);
	if (!top) return errno == ENOENT ? 0 : fail("cannot read", src, e);
	int rc = 0;
	struct dirent *de;
	while (!rc && (de = readdir(top))) {
		if (!is_sha_name(de->d_name, 2)) continue;
		char sdir[4200], ddir[4200];
		if ((size_t)snprintf(sdir, sizeof sdir, "%s/%s", src, de->d_name) >= sizeof sdir ||
		    (size_t)snprintf(ddir, sizeof ddir, "%s/%s", dst, de->d_name) >= sizeof ddir) {
			rc = fail("path too long", src, e);
			break;
		}
		if (mkdir(ddir, 0700) != 0 && errno != EEXIST) { rc = fail("cannot create", ddir, e); break; }
		DIR *sub = opendir(sdir);
		if (!sub) { rc = fail("cannot read", sdir, e); break; }
		struct dirent *f;
		while (!rc && (f = readdir(sub))) {
			/* Only whole files: the store writes NAME.tmpPID, then renames it. */
			if (!is_sha_name(f->d_name, 64) || strncmp(f->d_name, de->d_name, 2)) continue;
			char s[4300], d[4300];
			if ((size_t)snprintf(s, sizeof s, "%s/%s", sdir, f->d_name) >= sizeof s ||
			    (size_t)snprintf(d, sizeof d, "%s/%s", ddir, f->d_name) >= sizeof d) {
				rc = fail("path too long", sdir, e);
				break;
			}
			if (access(d, F_OK) == 0) { (*present)++; continue; }
			int64_t n = 0;
			if (!(rc = db_copy_file(s, d, &n, e))) { (*copied)++; *bytes += n; }
		}
		closedir(sub);
	}
	closedir(top);
	return rc;
}
