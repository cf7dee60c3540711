#include "db/db.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/clock.h"
#include "base/embed.h"
#include "base/log.h"

enum { STMT_CACHE = 96 };

struct db {
	sqlite3 *h;
	bool writing;          /* holds g_write_mu: between db_begin and commit/rollback */
	bool held;             /* inside db_hold_begin: db_begin/commit/rollback nest as savepoints */
	int depth;             /* open savepoints inside the held transaction */
	struct { const char *sql; sqlite3_stmt *st; } cache[STMT_CACHE];
	int ncache;
	int64_t deadline_us;   /* monotonic; 0: none (db_deadline_set) */
	bool interrupted;      /* the progress handler stopped a statement since */
	bool (*gone)(void *);  /* db_deadline_watch: true when nobody waits for the work */
	void *gone_arg;
	unsigned ticks;
};

static char *g_path;
static pthread_key_t g_key;
static pthread_once_t g_once = PTHREAD_ONCE_INIT;
static _Atomic int g_fail_commit;
/* Writers of this process take turns here before BEGIN IMMEDIATE: waiting on a
 * mutex wakes at once, whereas SQLite's busy handler sleeps in steps of up to
 * 100 ms. The busy timeout still arbitrates between processes. */
static pthread_mutex_t g_write_mu = PTHREAD_MUTEX_INITIALIZER;
/* Set by db_stop_all: every statement of every connection is interrupted. */
static _Atomic bool g_stopping;

/* SQLite calls this every PROGRESS_OPS virtual machine instructions of a
 * statement; non-zero interrupts it (SQLITE_INTERRUPT). */
enum { PROGRESS_OPS = 1000 };
static int progress(void *p)
{
	db *d = p;
	if (g_stopping || (d->deadline_us && clock_now_us() >= d->deadline_us) ||
	    (d->gone && ++d->ticks % 16 == 0 && d->gone(d->gone_arg))) {
		d->interrupted = true;
		return 1;
	}
	return 0;
}

void db_deadline_watch(db *d, bool (*gone)(void *), void *arg)
{
	d->gone = gone;
	d->gone_arg = arg;
	d->ticks = 0;
}

void db_deadline_set(db *d, int64_t ms)
{
	d->deadline_us = ms > 0 ? clock_now_us() + ms * 1000 : 0;
	d->interrupted = false;
}

bool db_deadline_passed(db *d) { return d->interrupted; }

void db_stop_all(void) { g_stopping = true; }

bool db_stopping(void) { return g_stopping; }

static int timed_out(err *e) { return err_timeout(e); }

/* The lock stayed with another process past the busy timeout: retry later. */
static int busy(err *e)
{
	return err_set(e, MB_EUNAVAILABLE, "busy", NULL,
	               "Cơ sở dữ liệu đang bận; thao tác không được thực hiện. Vui lòng thử lại sau ít phút.",
	               "the database is busy; nothing was changed; please try again shortly");
}

/* Resets this connection's statements left part-way (a lookup that stopped
 * at its first row): each holds the read snapshot it started with, and a
 * write cannot begin on an old snapshot once another connection has written
 * since (SQLite answers SQLITE_BUSY at once, without waiting). The number
 * reset. */
static int reset_reads(db *d)
{
	int n = 0;
	for (sqlite3_stmt *st = sqlite3_next_stmt(d->h, NULL); st; st = sqlite3_next_stmt(d->h, st))
		if (sqlite3_stmt_busy(st) && sqlite3_stmt_readonly(st)) { sqlite3_reset(st); n++; }
	return n;
}

static void write_end(db *d)
{
	if (d->writing) {
		d->writing = false;
		pthread_mutex_unlock(&g_write_mu);
	}
}

void db_fail_commit_after(int n) { g_fail_commit = n; }

int db_fail(db *d, err *e)
{
	/* An interrupted statement (deadline, shutdown) is no fault of the data. */
	if (d && (d->interrupted || (d->h && sqlite3_errcode(d->h) == SQLITE_INTERRUPT))) return timed_out(e);
	if (d && d->h && (sqlite3_errcode(d->h) == SQLITE_BUSY || sqlite3_errcode(d->h) == SQLITE_LOCKED)) {
		log_msg(LOG_WARN, "db", "busy: %s", sqlite3_errmsg(d->h));
		return busy(e);
	}
	log_msg(LOG_ERROR, "db", "sqlite error: %s", d && d->h ? sqlite3_errmsg(d->h) : "no connection");
	return err_set(e, MB_EINTERNAL, "db_error", NULL,
	               "Lỗi cơ sở dữ liệu; thao tác không được thực hiện.",
	               "database error; nothing was changed");
}

/* The database and its -wal and -shm files hold reports and personal data in
 * clear: owner only. SQLite gives the -wal and -shm files the mode of the
 * database file, so creating it 0600 (and narrowing an older 0644 one) covers
 * all three. */
static void owner_only(const char *path)
{
	static const char *const sfx[] = {"", "-wal", "-shm", "-journal"};
	for (size_t i = 0; i < sizeof sfx / sizeof sfx[0]; i++) {
		char p[4200];
		struct stat st;
		snprintf(p, sizeof p, "%s%s", path, sfx[i]);
		if (stat(p, &st) == 0 && (st.st_mode & 077) && chmod(p, st.st_mode & 0700) != 0)
			log_msg(LOG_WARN, "db", "cannot restrict %s to its owner: %s", p, strerror(errno));
	}
}

/* The process's write generation (db_generation): bumped after every commit
 * that wrote, on every connection this process opens. In WAL mode the WAL
 * hook runs once the commit is visible to readers (a reader that sees the
 * new generation also sees the data); it also does SQLite's default
 * automatic checkpoint, which installing a hook replaces. The commit hook
 * covers a database without WAL (":memory:"). */
static _Atomic uint64_t g_generation;

uint64_t db_generation(void) { return g_generation; }

static int commit_hook(void *p)
{
	(void)p;
	g_generation++;
	return 0;
}

static int wal_hook(void *p, sqlite3 *h, const char *name, int pages)
{
	(void)p;
	g_generation++;
	if (pages >= 1000) sqlite3_wal_checkpoint_v2(h, name, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
	return SQLITE_OK;
}

int db_page_version(db *d, const char *const topics[3], int64_t *out, err *e)
{
	sqlite3_stmt *st = db_stmt(d, "SELECT coalesce(sum(version), 0) FROM page_versions WHERE topic IN (?1, ?2, ?3)", e);
	if (!st) return MB_EINTERNAL;
	for (int i = 0; i < 3; i++) sqlite3_bind_text(st, i + 1, topics[i], -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		int f = db_fail(d, e);
		sqlite3_reset(st);
		return f;
	}
	*out = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return 0;
}

int db_open(db **out, const char *path, err *e)
{
	if (strcmp(path, ":memory:") != 0 && access(path, F_OK) != 0) {
		int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
		if (fd >= 0) close(fd);
	}
	if (strcmp(path, ":memory:") != 0) owner_only(path);
	db *d = calloc(1, sizeof *d);
	if (!d) return err_set(e, MB_EINTERNAL, "oom", NULL, "Hết bộ nhớ.", "out of memory");
	int rc = sqlite3_open_v2(path, &d->h, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		log_msg(LOG_ERROR, "db", "cannot open %s: %s", path, d->h ? sqlite3_errmsg(d->h) : "?");
		sqlite3_close(d->h);
		free(d);
		return err_set(e, MB_EINTERNAL, "db_open", NULL, "Không mở được cơ sở dữ liệu.", "cannot open the database");
	}
	sqlite3_busy_timeout(d->h, 10000);
	sqlite3_progress_handler(d->h, PROGRESS_OPS, progress, d);
	sqlite3_commit_hook(d->h, commit_hook, NULL);
	sqlite3_wal_hook(d->h, wal_hook, NULL);
	/* WAL for concurrent readers; synchronous=FULL so that an acknowledged
	 * change survives a power loss, not only a crash of the process. */
	const char *pragmas =
		"PRAGMA journal_mode=WAL;"
		"PRAGMA synchronous=FULL;"
		"PRAGMA foreign_keys=ON;"
		"PRAGMA temp_store=MEMORY;";
	char *msg = NULL;
	if (sqlite3_exec(d->h, pragmas, NULL, NULL, &msg) != SQLITE_OK) {
		log_msg(LOG_ERROR, "db", "pragmas: %s", msg ? msg : "?");
		sqlite3_free(msg);
		db_close(d);
		return err_set(e, MB_EINTERNAL, "db_open", NULL, "Không mở được cơ sở dữ liệu.", "cannot open the database");
	}
	*out = d;
	return 0;
}

void db_close(db *d)
{
	if (!d) return;
	db_rollback(d);
	for (int i = 0; i < d->ncache; i++) sqlite3_finalize(d->cache[i].st);
	sqlite3_close(d->h);
	free(d);
}

static void thread_close(void *p) { db_close(p); }
static void key_init(void) { pthread_key_create(&g_key, thread_close); }

void db_set_path(const char *path)
{
	free(g_path);
	g_path = strdup(path);
}

const char *db_path(void) { return g_path; }

db *db_thread(void)
{
	pthread_once(&g_once, key_init);
	db *d = pthread_getspecific(g_key);
	if (d) return d;
	if (!g_path || db_open(&d, g_path, NULL)) return NULL;
	pthread_setspecific(g_key, d);
	return d;
}

sqlite3 *db_handle(db *d) { return d->h; }

sqlite3_stmt *db_stmt(db *d, const char *sql, err *e)
{
	/* After an interruption nothing more runs on this connection until the
	 * next deadline is set: SQLite has rolled back the interrupted write, and
	 * a later statement would run outside any transaction. */
	if (d->interrupted || g_stopping) {
		d->interrupted = true;
		timed_out(e);
		return NULL;
	}
	for (int i = 0; i < d->ncache; i++) {
		if (d->cache[i].sql == sql || strcmp(d->cache[i].sql, sql) == 0) {
			sqlite3_stmt *st = d->cache[i].st;
			sqlite3_reset(st);
			sqlite3_clear_bindings(st);
			return st;
		}
	}
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v3(d->h, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL) != SQLITE_OK) {
		db_fail(d, e);
		log_msg(LOG_ERROR, "db", "while preparing: %s", sql);
		return NULL;
	}
	if (d->ncache < STMT_CACHE) {
		d->cache[d->ncache].sql = sql;
		d->cache[d->ncache].st = st;
		d->ncache++;
	} else {
		/* Full cache: replace the oldest entry. */
		sqlite3_finalize(d->cache[0].st);
		memmove(&d->cache[0], &d->cache[1], sizeof d->cache[0] * (STMT_CACHE - 1));
		d->cache[STMT_CACHE - 1].sql = sql;
		d->cache[STMT_CACHE - 1].st = st;
	}
	return st;
}

int db_exec(db *d, const char *sql, err *e)
{
	if (d->interrupted) return timed_out(e);
	char *msg = NULL;
	if (sqlite3_exec(d->h, sql, NULL, NULL, &msg) != SQLITE_OK) {
		if (d->interrupted) { sqlite3_free(msg); return timed_out(e); }
		log_msg(LOG_ERROR, "db", "exec: %s", msg ? msg : "?");
		sqlite3_free(msg);
		return err_set(e, MB_EINTERNAL, "db_error", NULL,
		               "Lỗi cơ sở dữ liệu; thao tác không được thực hiện.",
		               "database error; nothing was changed");
	}
	return 0;
}

int db_done(db *d, sqlite3_stmt *st, err *e)
{
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {}
	if (rc != SQLITE_DONE) return db_fail(d, e);
	return 0;
}

int db_row(db *d, sqlite3_stmt *st, err *e)
{
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) return 1;
	int f = rc == SQLITE_DONE ? 0 : db_fail(d, e);
	sqlite3_reset(st);
	return f;
}

int db_ensure_loaded(db *d, int (*count)(db *, int64_t *, err *), int (*load)(db *, err *), err *e)
{
	int64_t n = 0;
	if (count(d, &n, e)) return e->status ? e->status : MB_EINTERNAL;
	if (n > 0) return 0;
	if (db_begin(d, e)) return MB_EINTERNAL;
	int rc = load(d, e);
	if (rc) { db_rollback(d); return rc; }
	return db_commit(d, e);
}

int db_durable(db *d, bool on, err *e)
{
	return db_exec(d, on ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=OFF", e);
}

int db_begin(db *d, err *e)
{
	if (d->held) {
		if (db_exec(d, "SAVEPOINT mb_nested", e)) return MB_EINTERNAL;
		d->depth++;
		return 0;
	}
	if (d->writing) {
		log_msg(LOG_ERROR, "db", "db_begin inside a transaction");
		return err_set(e, MB_EINTERNAL, "db_error", NULL, "Lỗi cơ sở dữ liệu; thao tác không được thực hiện.",
		               "database error; nothing was changed");
	}
	if (d->interrupted) return timed_out(e);
	pthread_mutex_lock(&g_write_mu);
	d->writing = true;
	int rc = sqlite3_exec(d->h, "BEGIN IMMEDIATE", NULL, NULL, NULL);
	/* A stale read of this connection's own: reset it and begin again. */
	if (rc == SQLITE_BUSY && reset_reads(d)) rc = sqlite3_exec(d->h, "BEGIN IMMEDIATE", NULL, NULL, NULL);
	if (rc != SQLITE_OK) {
		int st = db_fail(d, e);
		write_end(d);
		return st;
	}
	return 0;
}

int db_commit(db *d, err *e)
{
	if (d->held) {
		if (d->depth == 0) return 0;   /* a commit without its begin: nothing of its own to end */
		if (g_fail_commit > 0 && --g_fail_commit == 0) {
			db_rollback(d);
			return err_set(e, MB_EINTERNAL, "db_error", NULL,
			               "Lỗi cơ sở dữ liệu; thao tác không được thực hiện.",
			               "database error; nothing was changed");
		}
		if (db_exec(d, "RELEASE mb_nested", e)) { db_rollback(d); return MB_EINTERNAL; }
		d->depth--;
		return 0;
	}
	if (g_fail_commit > 0 && --g_fail_commit == 0) {
		db_rollback(d);
		return err_set(e, MB_EINTERNAL, "db_error", NULL,
		               "Lỗi cơ sở dữ liệu; thao tác không được thực hiện.",
		               "database error; nothing was changed");
	}
	if (d->interrupted) {   /* part of the work was interrupted: none of it is kept */
		db_rollback(d);
		return timed_out(e);
	}
	if (db_exec(d, "COMMIT", e)) {
		db_rollback(d);
		return MB_EINTERNAL;
	}
	write_end(d);
	return 0;
}

void db_rollback(db *d)
{
	if (d->held) {
		if (d->depth == 0) return;     /* only the holder ends the held transaction */
		sqlite3_exec(d->h, "ROLLBACK TO mb_nested; RELEASE mb_nested", NULL, NULL, NULL);
		d->depth--;
		return;
	}
	if (!sqlite3_get_autocommit(d->h)) sqlite3_exec(d->h, "ROLLBACK", NULL, NULL, NULL);
	write_end(d);
}

int db_hold_begin(db *d, err *e)
{
	if (d->held || d->writing) {
		log_msg(LOG_ERROR, "db", "db_hold_begin inside a transaction");
		return err_set(e, MB_EINTERNAL, "db_error", NULL, "Lỗi cơ sở dữ liệu; thao tác không được thực hiện.",
		               "database error; nothing was changed");
	}
	if (db_begin(d, e)) return MB_EINTERNAL;
	d->held = true;
	d->depth = 0;
	return 0;
}

int db_hold_end(db *d, bool commit, err *e)
{
	if (!d->held) return 0;
	/* Savepoints a caller left open are part of the whole. */
	d->held = false;
	d->depth = 0;
	if (!commit) { db_rollback(d); return 0; }
	return db_commit(d, e);
}

int db_schema_version(db *d)
{
	sqlite3_stmt *st = NULL;
	int v = 0;
	if (sqlite3_prepare_v2(d->h, "SELECT max(version) FROM schema_version", -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return v;
}

static int cmp_name(const void *a, const void *b)
{
	const struct embedded_file *x = *(const struct embedded_file *const *)a;
	const struct embedded_file *y = *(const struct embedded_file *const *)b;
	return strcmp(x->name, y->name);
}

int db_migrate(db *d, err *e)
{
	if (db_exec(d, "CREATE TABLE IF NOT EXISTS schema_version ("
	               " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)", e))
		return MB_EINTERNAL;
	const struct embedded_file *files[256];
	size_t n = 0;
	for (const struct embedded_file *f = embedded_files; f->name && n < 256; f++)
		if (strncmp(f->name, "sql/", 4) == 0) files[n++] = f;
	qsort(files, n, sizeof files[0], cmp_name);
	for (size_t i = 0; i < n; i++) {
		const char *base = files[i]->name + 4;
		int v = (int)strtol(base, NULL, 10);  /* names are NNNN_name.sql */
		if (v <= 0) {
			log_msg(LOG_ERROR, "db", "migration %s has no number", files[i]->name);
			return err_set(e, MB_EINTERNAL, "migration", NULL, "Lỗi nâng cấp cơ sở dữ liệu.", "bad migration file name");
		}
		/* Every migration not yet applied, in order (not only those above the
		 * highest: a branch may land a lower number later). */
		int64_t applied = 0;
		char num[16];
		snprintf(num, sizeof num, "%d", v);
		if (db_lookup_int64(d, "SELECT version FROM schema_version WHERE version = CAST(? AS INTEGER)", num, &applied, e) < 0)
			return MB_EINTERNAL;
		if (applied) continue;
		if (db_begin(d, e)) return MB_EINTERNAL;
		if (db_exec(d, (const char *)files[i]->data, e)) { db_rollback(d); return MB_EINTERNAL; }
		sqlite3_stmt *st = NULL;
		sqlite3_prepare_v2(d->h, "INSERT INTO schema_version(version, name, applied_at)"
		                   " VALUES (?, ?, strftime('%Y-%m-%dT%H:%M:%SZ','now'))", -1, &st, NULL);
		sqlite3_bind_int(st, 1, v);
		sqlite3_bind_text(st, 2, base, -1, SQLITE_STATIC);
		int rc = sqlite3_step(st);
		sqlite3_finalize(st);
		if (rc != SQLITE_DONE) { db_rollback(d); return db_fail(d, e); }
		if (db_commit(d, e)) return MB_EINTERNAL;
		log_msg(LOG_INFO, "db", "applied migration %s", base);
	}
	return 0;
}

const char *db_text(sqlite3_stmt *st, int col)
{
	const unsigned char *t = sqlite3_column_text(st, col);
	return t ? (const char *)t : "";
}

int db_meta_get(db *d, const char *key, char *out, size_t outsz, err *e)
{
	sqlite3_stmt *st = db_stmt(d, "SELECT value FROM meta WHERE key = ?", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_DONE) return 0;
	if (rc != SQLITE_ROW) return db_fail(d, e);
	snprintf(out, outsz, "%s", db_text(st, 0));
	sqlite3_reset(st);
	return 1;
}

int db_meta_set(db *d, const char *key, const char *value, err *e)
{
	sqlite3_stmt *st = db_stmt(d, "INSERT INTO meta(key, value) VALUES (?, ?)"
	                              " ON CONFLICT(key) DO UPDATE SET value = excluded.value", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, value, -1, SQLITE_STATIC);
	return db_done(d, st, e);
}

int db_lookup_int64(db *d, const char *sql, const char *arg, int64_t *out, err *e)
{
	sqlite3_stmt *st = db_stmt(d, sql, e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_text(st, 1, arg, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_DONE) return 0;
	if (rc != SQLITE_ROW) return db_fail(d, e);
	*out = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return 1;
}

int64_t db_col_time(sqlite3_stmt *st, int col)
{
	if (sqlite3_column_type(st, col) == SQLITE_NULL) return 0;
	int64_t t = clock_parse_iso(db_text(st, col));
	return t < 0 ? 0 : t;
}

void db_bind_time(sqlite3_stmt *st, int i, int64_t t)
{
	if (!t) { sqlite3_bind_null(st, i); return; }
	char iso[32];
	clock_iso_utc(t, iso, sizeof iso);
	sqlite3_bind_text(st, i, iso, -1, SQLITE_TRANSIENT);
}

void db_bind_id(sqlite3_stmt *st, int i, int64_t id)
{
	if (id) sqlite3_bind_int64(st, i, id); else sqlite3_bind_null(st, i);
}

/* The hits of a bucket and key in the window (at > since), at most cap: the
 * latest hit's ordinal minus the ordinal of the first hit in the window, plus
 * one. Two seeks in throttle_key (bucket, key, at, nth) whatever the count:
 * the cost of a check does not grow with the count nor with the limit. */
int db_throttle_count(db *d, const char *bucket, const char *key, int64_t since, int cap, int *n, err *e)
{
	sqlite3_stmt *st = db_stmt(d,
		"SELECT (SELECT nth FROM throttle WHERE bucket = ?1 AND key = ?2 ORDER BY at DESC, nth DESC LIMIT 1)"
		" - (SELECT nth FROM throttle WHERE bucket = ?1 AND key = ?2 AND at > ?3 ORDER BY at, nth LIMIT 1) + 1", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_text(st, 1, bucket, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, key ? key : "", -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, since);
	if (sqlite3_step(st) != SQLITE_ROW) return db_fail(d, e);
	int64_t hits = sqlite3_column_int64(st, 0);   /* NULL (no hit in the window): 0 */
	sqlite3_reset(st);
	*n = hits < 0 ? 0 : hits > cap ? cap : (int)hits;
	return 0;
}

/* One more hit: the next ordinal of its bucket and key. Its time never goes
 * before the key's latest hit (a clock set back), so that time order and
 * ordinal order stay the same and the count above stays exact. */
int db_throttle_add(db *d, const char *bucket, const char *key, int64_t at, err *e)
{
	sqlite3_stmt *st = db_stmt(d,
		"INSERT INTO throttle(bucket, key, at, nth)"
		" SELECT ?1, ?2, max(?3, coalesce(l.at, ?3)), coalesce(l.nth, 0) + 1 FROM (SELECT 1)"
		" LEFT JOIN (SELECT at, nth FROM throttle WHERE bucket = ?1 AND key = ?2 ORDER BY at DESC, nth DESC LIMIT 1) AS l", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_text(st, 1, bucket, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, key ? key : "", -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, at);
	return db_done(d, st, e);
}

int db_throttle_purge(db *d, int64_t before, err *e)
{
	sqlite3_stmt *st = db_stmt(d, "DELETE FROM throttle WHERE at < ?", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_int64(st, 1, before);
	return db_done(d, st, e);
}

int db_test_spin(db *d, err *e)
{
	sqlite3_stmt *st = db_stmt(d, "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) "
	                              "SELECT count(*) FROM n", e);
	if (!st) return MB_EUNAVAILABLE;
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 0 : db_fail(d, e);
}

int db_query_plan(db *d, const char *sql, arena *a, const char **plan, err *e)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(d->h, arena_printf(a, "EXPLAIN QUERY PLAN %s", sql), -1, &st, NULL) != SQLITE_OK) return db_fail(d, e);
	buf b;
	buf_init(&b, 64 * 1024);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		buf_adds(&b, db_text(st, 3));
		buf_addc(&b, '\n');
	}
	sqlite3_finalize(st);
	*plan = arena_strdup(a, buf_str(&b));
	buf_free(&b);
	return rc == SQLITE_DONE ? 0 : db_fail(d, e);
}
