/* db.h — the database: connections, transactions, cached statements, migrations.
 *
 * SQLite in WAL mode today; the interface is what a PostgreSQL engine will
 * implement later, and SQL passed to it is written in the subset both share.
 * Every thread uses its own connection: db_thread() opens it on first use
 * and closes it when the thread ends. Statements returned by db_stmt() are
 * cached per connection, keyed by the SQL text, and come back reset with no
 * bindings. SQL lives only in repo.c files and sql/.
 */
#ifndef MB_DB_H
#define MB_DB_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/err.h"

typedef struct db db;

int  db_open(db **out, const char *path, err *e);
void db_close(db *d);
/* The process-wide database path; set once before serving. */
void db_set_path(const char *path);
const char *db_path(void);
/* This thread's connection to db_path(), opened on first use (NULL on failure). */
db  *db_thread(void);

sqlite3      *db_handle(db *d);
sqlite3_stmt *db_stmt(db *d, const char *sql, err *e);
int  db_exec(db *d, const char *sql, err *e);
/* BEGIN IMMEDIATE: writers take the lock up front, so a transaction never
 * fails half-way on a lock upgrade. */
int  db_begin(db *d, err *e);
int  db_commit(db *d, err *e);
void db_rollback(db *d);
/* A held transaction: one BEGIN IMMEDIATE around several commands, so that
 * what they do and what the holder adds commit together. Inside it,
 * db_begin/db_commit/db_rollback are savepoints (a command's rollback undoes
 * only its own work); db_hold_end commits (or rolls back) the whole. Used by
 * the form tokens (auth/forms.c) around a form's POST. */
int  db_hold_begin(db *d, err *e);
int  db_hold_end(db *d, bool commit, err *e);
/* synchronous=FULL (durable, the default) or OFF, for a one-off bulk load
 * that is redone from scratch if it fails (the demo's history). */
int  db_durable(db *d, bool on, err *e);
/* Applies the embedded sql/NNNN_*.sql files newer than schema_version, in
 * order, each in its own transaction. */
int  db_migrate(db *d, err *e);
int  db_schema_version(db *d);

/* Steps a statement to completion; 0 when done, MB_EINTERNAL on error. */
int  db_done(db *d, sqlite3_stmt *st, err *e);
/* Fills e with the connection's last error. */
int  db_fail(db *d, err *e);
/* Steps st once: 1 when a row came back (read it, then sqlite3_reset(st)); 0
 * when none and a negative status on failure, st already reset in both. */
int  db_row(db *d, sqlite3_stmt *st, err *e);
/* EXPLAIN QUERY PLAN of sql: the plan's lines (detail column), one a line,
 * in a; for the tests that assert a read seeks an index rather than scanning. */
MB_MUST_CHECK int db_query_plan(db *d, const char *sql, arena *a, const char **plan, err *e);

/* Reference data loaded once: when count finds no row, runs load in its own
 * transaction (a failure rolls back everything it did). For the *_ensure_reference
 * of the rooms whose dated rules come from data/ (init loads them; serve and
 * demo on an older database load what a newer version brings). */
int  db_ensure_loaded(db *d, int (*count)(db *, int64_t *, err *), int (*load)(db *, err *), err *e);

/* Runs a one-row, one-column query with one text parameter: 1 and the value
 * in *out when a row comes back, 0 when none, a negative status on error. */
int  db_lookup_int64(db *d, const char *sql, const char *arg, int64_t *out, err *e);

/* The throttle table, shared by every per-address limit: hits per bucket and
 * key (a client address; NULL is ""), each with its ordinal. db_throttle_count
 * counts the hits after `since`, at most cap (the answer is "at the limit",
 * not how far past), by two index seeks: its cost does not grow with the
 * count or the cap (sql/0023_counters.sql). */
int  db_throttle_count(db *d, const char *bucket, const char *key, int64_t since, int cap, int *n, err *e);
int  db_throttle_add(db *d, const char *bucket, const char *key, int64_t at, err *e);
/* Forgets the hits older than `before`, in every bucket. */
int  db_throttle_purge(db *d, int64_t before, err *e);

/* The meta table: small named values (initialization times, the public key).
 * db_meta_get returns 1 when found (value copied into out), 0 when not. */
int  db_meta_get(db *d, const char *key, char *out, size_t outsz, err *e);
int  db_meta_set(db *d, const char *key, const char *value, err *e);

/* The deadline of what runs on this connection from now: after ms
 * milliseconds (0: none) the running statement is interrupted, and until the
 * next call every statement, begin and commit on the connection fails with
 * the error "timeout" (MB_EUNAVAILABLE) — a write transaction interrupted half
 * way is rolled back whole. db_deadline_passed tells whether that happened.
 * The web server sets one around each request. */
void db_deadline_set(db *d, int64_t ms);
bool db_deadline_passed(db *d);
/* And the same when gone(arg) answers true (asked now and then while a
 * statement runs; the web server's: the client closed its connection).
 * NULL: no such check. */
void db_deadline_watch(db *d, bool (*gone)(void *), void *arg);
/* Shutdown: from now on every statement of every connection of the process
 * is interrupted (the stop of the server waits for no long query). */
void db_stop_all(void);
bool db_stopping(void);

/* For tests only (the route /test/slow, present only when the server starts
 * with MINHBACH_TEST_SLOW_ROUTE=1): a query that never ends by itself, so it
 * runs until its deadline or the server's stop interrupts it. */
int  db_test_spin(db *d, err *e);

/* Fault injection for tests: the Nth next db_commit() fails (0 = never). */
void db_fail_commit_after(int n);

/* The page cache's validity signals (src/web/cache.c). db_generation: this
 * process's count of committed writes, on any of its connections, bumped once
 * the commit is visible. db_page_version: the sum of the versions of up to
 * three topics of the page_versions table (NULL: none), which triggers bump
 * with every change of the tables behind them, whoever writes. */
uint64_t db_generation(void);
int  db_page_version(db *d, const char *const topics[3], int64_t *out, err *e);

/* Column helpers that never return NULL for text. */
const char *db_text(sqlite3_stmt *st, int col);
/* Times are stored as ISO 8601 UTC text and handed out as epoch seconds:
 * a NULL (or unreadable) column is 0, and 0 is bound as NULL. */
int64_t db_col_time(sqlite3_stmt *st, int col);
void db_bind_time(sqlite3_stmt *st, int i, int64_t t);
/* An id, with 0 bound as NULL. */
void db_bind_id(sqlite3_stmt *st, int i, int64_t id);

/* Reads every row of st into an arena array of T with READ(st, a, x), resets
 * st, and returns from the calling function: 0, or the failure (db_fail) when
 * a step failed, its outputs then meaningless. For repo functions ending in a list. */
#define DB_READ_ALL(d, st, a, out, n, T, READ)                                              \
	do {                                                                                   \
		int cap_ = 0, rc_;                                                                 \
		*(out) = NULL;                                                                     \
		*(n) = 0;                                                                          \
		while ((rc_ = sqlite3_step(st)) == SQLITE_ROW) {                                   \
			T *x_ = arena_push(a, out, n, &cap_, sizeof(T));                               \
			READ(st, a, x_);                                                               \
		}                                                                                  \
		int f_ = rc_ == SQLITE_DONE ? 0 : db_fail(d, e);                                   \
		sqlite3_reset(st);                                                                 \
		return f_;                                                                         \
	} while (0)

#endif
