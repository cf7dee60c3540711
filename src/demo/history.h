/* history.h — months of generated activity for the demo database.
 *
 * Plays the lives of dossiers and reports over the last `days` days through
 * the real services (dossier_exec, delivery_pay for the fee before a result is
 * returned, case_exec) with the clock set to each
 * command's backdated time (clock_simulate): every row, step, apology and
 * ledger event is the one the product writes, in time order, so `minhbach
 * verify` passes. The draws come from the generator shared with the
 * benchmarks (demo/gen.c): the same seed and the same "now" give the same
 * history. Commands due after "now" are not played: recent dossiers and
 * reports are still open, some of them overdue. The deadline jobs (dossier
 * risks, case deadlines and escalations) run once per simulated day. */
#ifndef MB_DEMO_HISTORY_H
#define MB_DEMO_HISTORY_H

#include <stdint.h>
#include <stdio.h>

#include "base/err.h"
#include "db/db.h"

typedef struct demo_history_opts {
	uint64_t seed;       /* 1 by default */
	int days;            /* how far back the history starts (e.g. 180) */
	int dossiers;        /* how many dossiers over those days */
	int cases;           /* how many reports */
	int64_t now;         /* the end of the history (UTC seconds); 0: the real clock */
} demo_history_opts;

/* Creates the staff of the units it uses (besides the demo accounts, which
 * must exist), then plays the history. out (may be NULL) gets one summary line. */
int demo_history(db *d, const demo_history_opts *o, FILE *out, err *e);

#endif
