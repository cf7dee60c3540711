/* ledger.h — the one write path: a hash-chained log of every change.
 *
 * A command that changes state opens a transaction (db_begin), updates its
 * tables, calls ledger_append() for each event, and commits: the events and
 * the tables change together or not at all.
 *
 *   hash = SHA-256(prev_hash ‖ canonical bytes), hex-encoded
 *   canonical bytes = "mb-event-v1\n" seq "\n" at "\n" actor_id "\n" actor_role "\n"
 *                     unit "\n" type "\n" subject "\n" payload
 *
 * where payload is JSON with sorted keys and no white space, prev_hash of the
 * first event is 64 zeros, and actor_id is "" for the system. Checkpoints
 * (seq, head hash) are signed with the province's Ed25519 key.
 */
#ifndef MB_LEDGER_H
#define MB_LEDGER_H

#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdint.h>

#include "base/err.h"
#include "db/db.h"

typedef struct ledger_actor {
	int64_t id;           /* accounts.id, 0 for the system */
	const char *role;     /* "system", "admin", "unit_head", ... */
} ledger_actor;

extern const ledger_actor ledger_system;

/* Appends one event inside the caller's transaction. payload is not stolen.
 * On success writes the new seq to *seq_out (when not NULL). */
int ledger_append(db *d, const ledger_actor *actor, const char *unit, const char *type,
                  const char *subject, json_t *payload, int64_t *seq_out, err *e);
/* The same, also giving the event's hash and time (when not NULL): what a
 * receipt signs, without reading the event back. */
int ledger_append_ex(db *d, const ledger_actor *actor, const char *unit, const char *type, const char *subject,
                     json_t *payload, int64_t *seq_out, char hash_out[65], int64_t *at_out, err *e);

/* The head of the chain: seq 0 and 64 zeros for an empty ledger. */
int ledger_head(db *d, int64_t *seq, char hash[65], err *e);

typedef struct ledger_verify_result {
	bool ok;
	int64_t events;       /* events checked */
	int64_t bad_seq;      /* first event that does not match (when !ok) */
	/* The chain: "hash", "prev_hash", "gap", "unreadable".
	 * Checkpoints: "missing_tail", "checkpoint_hash", "checkpoint_signature",
	 * "checkpoint_disagreement", "no_checkpoint", "checkpoint_unreadable".
	 * Rows of record: "row_mismatch", "row_without_event", "event_without_row". */
	const char *reason;
	int64_t checkpoint_seq;   /* the checkpoint concerned, for checkpoint reasons */
	char table[32], key[128], field[64];   /* the row concerned, for row reasons */
	char message[640];        /* one line for people (English); "" when ok */
} ledger_verify_result;

/* Recomputes the whole chain. Returns 0 when it could be read (r says whether
 * it holds), an error otherwise. */
int ledger_verify(db *d, ledger_verify_result *r, err *e);

/* --- rows of record ---
 * Every event whose type starts with "unit.", "account.", "procedure.",
 * "dossier." or "case." carries in its payload "row": {"sha256", "fields"}:
 * the digest of its subject's row of record as it is after the change
 * (ledger_append computes it, so the writers need nothing), and one byte per
 * field to name the field that differs. The fields of record of each table
 * are one SELECT in src/ledger/repo.c. */

/* Compares each row of record with the digest of the latest event about it;
 * names the first row that differs, has no event, or whose event has no row. */
int ledger_verify_rows(db *d, ledger_verify_result *r, err *e);

/* Once, on a database whose events predate the row digests (meta
 * ledger_rows_to_adopt, set by sql/0014): one "<kind>.adopted" event by the
 * system for each row of record that no event describes yet. */
int ledger_adopt_rows(db *d, int *adopted, err *e);

/* Canonical bytes and hash of one event, for verify and tests. */
void ledger_hash(const char *prev_hash, int64_t seq, const char *at, const char *actor_id,
                 const char *role, const char *unit, const char *type, const char *subject,
                 const char *payload, char out[65]);

/* --- keys and checkpoints --- */
typedef struct ledger_keys {
	unsigned char pk[32];
	unsigned char sk[64];
} ledger_keys;

/* Creates a new key pair and writes the secret key to path (mode 0600),
 * refusing to overwrite an existing file. Stores the public key in meta. */
int ledger_keys_create(db *d, const char *path, ledger_keys *k, err *e);
int ledger_keys_load(const char *path, ledger_keys *k, err *e);

/* Signs "minhbach checkpoint v1\nseq=N\nhash=H\nat=T" ; message and signature
 * (hex) are written to caller buffers (message ≥ 160 bytes, sig 129 bytes). */
void ledger_sign_checkpoint(const ledger_keys *k, int64_t seq, const char *hash, const char *at,
                            char *message, size_t msgsz, char sig_hex[129]);

/* A stored checkpoint: its message is ledger_checkpoint_message(). */
typedef struct ledger_checkpoint {
	int64_t seq;
	char hash[65], at[32], sig[129];
} ledger_checkpoint;

void ledger_checkpoint_message(const ledger_checkpoint *c, char *msg, size_t n);
/* One JSON line (no newline) {"at","hash","message","seq","signature"}; free() it. */
char *ledger_checkpoint_json(const ledger_checkpoint *c);
/* Reads a line holding "message" and "signature" (a line of the checkpoint
 * file or of an export, or a saved GET /api/v1/ledger/head answer): 0 or -1. */
int ledger_checkpoint_parse(const char *line, ledger_checkpoint *c);

/* The signed checkpoint of the current head: the latest stored one when the
 * head has not moved since, else a new one, appended to `file` (O_APPEND,
 * 0600, fsync'd) and stored in the checkpoints table in one transaction. */
int ledger_checkpoint_issue(db *d, const ledger_keys *k, const char *file, ledger_checkpoint *out, err *e);
/* Prints every stored checkpoint, one JSON line each, oldest first. */
int ledger_checkpoints_export(db *d, FILE *out, err *e);
/* For a backup: writes to dst (0600, fsync'd, renamed into place) the lines of
 * the checkpoint file src up to and including the latest checkpoint of the
 * copied database `copy`, so that the copied file and table agree although the
 * server may have signed more since the copy. The file is appended before the
 * table, so every checkpoint of the copy is already in src. With no checkpoint
 * in the copy, dst is empty; when src lacks it, src is copied whole (verify
 * then names the disagreement, as it would on the original). */
int ledger_checkpoint_file_copy(db *copy, const char *src, const char *dst, int *lines, int64_t *bytes, err *e);

typedef struct ledger_verify_opts {
	const unsigned char *pk;  /* the public key (32 bytes); NULL: meta ledger_public_key */
	const char *file;         /* the checkpoint file beside the database; NULL: none */
	const char *outside;      /* an outside archive of checkpoints to check too; NULL: none */
} ledger_verify_opts;

/* The latest checkpoint of the table and of the file (they must agree), and
 * every checkpoint of the outside archive: each signature holds and the chain
 * reaches its seq with its hash. Call after ledger_verify found the chain whole. */
int ledger_verify_checkpoints(db *d, const ledger_verify_opts *o, ledger_verify_result *r, err *e);
/* The chain, then the checkpoints, then the rows of record: the first problem. */
int ledger_verify_all(db *d, const ledger_verify_opts *o, ledger_verify_result *r, err *e);

void hex_encode(const unsigned char *in, size_t n, char *out);

#endif
