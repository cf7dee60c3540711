/* app.h — the composition root: every feature's routes and hooks, installed in
 * one place, so that the server (main.c serve) and the in-process HTTP fuzz
 * drivers run the same application. */
#ifndef MB_APP_H
#define MB_APP_H

#include "ledger/ledger.h"

/* Installs every route and hook. keys: the ledger's signing keys (receipts,
 * checkpoints); they must outlive the server. checkpoint_file: the append-only
 * copy of the signed checkpoints (<db>.checkpoints). Call once, before
 * web_start. */
void app_install(const ledger_keys *keys, const char *checkpoint_file);

#endif
