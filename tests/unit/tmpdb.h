/* tmpdb.h — a fresh, migrated database in a temporary directory, for unit
 * tests that need one (cmocka setup/teardown). Header-only on purpose: each
 * test program is one file plus this. */
#ifndef MB_TEST_TMPDB_H
#define MB_TEST_TMPDB_H

#include <stdio.h>
#include <stdlib.h>

#include <sqlite3.h>

#include "db/db.h"

typedef struct tmpdb { char dir[64], path[96], key[96]; db *d; } tmpdb;

/* Opens <dir>/t.db with every migration applied; 0 or -1. */
static inline int tmpdb_open(tmpdb *t, const char *name)
{
	snprintf(t->dir, sizeof t->dir, "/tmp/mb-%s-XXXXXX", name);
	if (!mkdtemp(t->dir)) return -1;
	snprintf(t->path, sizeof t->path, "%s/t.db", t->dir);
	snprintf(t->key, sizeof t->key, "%s/t.key", t->dir);
	err e;
	return db_open(&t->d, t->path, &e) || db_migrate(t->d, &e) ? -1 : 0;
}

static inline int tmpdb_close(tmpdb *t)
{
	db_close(t->d);
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf %s", t->dir);
	return system(cmd) == 0 ? 0 : -1;
}

/* The VM steps of every statement on the connection since the last call (the
 * counters are reset): how much work a call did, whatever the machine. */
static inline long long tmpdb_vm_steps(db *d)
{
	long long n = 0;
	sqlite3 *h = db_handle(d);
	for (sqlite3_stmt *st = sqlite3_next_stmt(h, NULL); st; st = sqlite3_next_stmt(h, st))
		n += sqlite3_stmt_status(st, SQLITE_STMTSTATUS_VM_STEP, 1);
	return n;
}

#endif
