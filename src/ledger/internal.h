/* internal.h — shared by the ledger's files: the tables of record and the
 * checkpoint statements (SQL in repo.c). */
#ifndef MB_LEDGER_INTERNAL_H
#define MB_LEDGER_INTERNAL_H

#include "ledger/ledger.h"

/* A table of record: which events describe its rows, and its fields of record. */
typedef struct ledger_record {
	const char *type_prefix;     /* events about its rows: "case." */
	const char *subject_prefix;  /* their subject is prefix + key ("" for accounts: the login) */
	const char *table;           /* "cases" */
	int key_col;                 /* the column holding the key; column 0 is the row's salt */
	const char *one;             /* the fields of record of the row whose key is ?1 */
	const char *all;             /* the same fields of every row, ordered by key */
	const char *latest;          /* per subject, the latest event carrying a row digest, ordered by
	                                subject: subject, seq, type, row.sha256, row.fields */
} ledger_record;

extern const ledger_record ledger_records[];
extern const int ledger_nrecords;

/* The record kind of an event type, or NULL. */
const ledger_record *ledger_record_of(const char *type);

/* Row digests, for ledger_append: adds "row" to payload (an object) when
 * type and subject name a row of record that exists. */
int ledger_row_stamp(db *d, const char *type, const char *subject, json_t *payload, err *e);

/* Checkpoint statements. */
MB_MUST_CHECK int ledger_repo_checkpoint_latest(db *d, ledger_checkpoint *c, err *e);    /* 1, 0 none, <0 */
MB_MUST_CHECK int ledger_repo_checkpoint_insert(db *d, const ledger_checkpoint *c, err *e);
/* The hash of event seq into hash: 1, 0 when there is none, <0 on error. */
MB_MUST_CHECK int ledger_repo_event_hash(db *d, int64_t seq, char hash[65], err *e);
/* The stored public key (meta ledger_public_key): 0 or -1. */
MB_MUST_CHECK int ledger_repo_public_key(db *d, unsigned char pk[32]);

/* Every stored checkpoint, oldest first. */
typedef int (*ledger_checkpoint_fn)(const ledger_checkpoint *c, void *ctx);
MB_MUST_CHECK int ledger_repo_checkpoints_each(db *d, ledger_checkpoint_fn fn, void *ctx, err *e);

#endif
