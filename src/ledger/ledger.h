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

/* The head of the chain: seq 0 and 64 zeros for an empty ledger. */
int ledger_head(db *d, int64_t *seq, char hash[65], err *e);

typedef struct ledger_verify_result {
	bool ok;
	int64_t events;       /* events checked */
	int64_t bad_seq;      /* first event that does not match (when !ok) */
	const char *reason;   /* "hash", "prev_hash", "gap", "unreadable" */
} ledger_verify_result;

/* Recomputes the whole chain. Returns 0 when it could be read (r says whether
 * it holds), an error otherwise. */
int ledger_verify(db *d, ledger_verify_result *r, err *e);

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

void hex_encode(const unsigned char *in, size_t n, char *out);

#endif
