/* audit.h — the ledger's public face: signed checkpoints, the public key,
 * and the inspectors' verification of the whole chain. */
#ifndef MB_AUDIT_H
#define MB_AUDIT_H

#include "ledger/ledger.h"

/* keys: the province's signing key, owned by the caller for the process's life. */
void audit_install(const ledger_keys *keys);

#endif
