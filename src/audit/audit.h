/* audit.h — the ledger's public face: signed checkpoints, the public key,
 * and the inspectors' verification of the whole chain. */
#ifndef MB_AUDIT_H
#define MB_AUDIT_H

#include "ledger/ledger.h"

/* keys: the province's signing key, owned by the caller for the process's
 * life; checkpoint_file: where every checkpoint issued is appended (<db>.checkpoints). */
void audit_install(const ledger_keys *keys, const char *checkpoint_file);

/* Issues a checkpoint of the head now and every interval_s seconds (a new
 * signature only when the head moved). */
void audit_jobs_start(int interval_s);
void audit_jobs_stop(void);

#endif
