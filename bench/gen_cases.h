/* gen_cases.h — the reports of the benchmark's databases (bench/gen_cases.c):
 * feedback, petitions, complaints and denunciations with their whole lives,
 * every command played through the product's own case_exec (src/cases), in
 * time order, many per transaction. */
#ifndef MB_BENCH_GEN_CASES_H
#define MB_BENCH_GEN_CASES_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "db/db.h"

/* A unit reports are about, with the staff who handle them there. */
typedef struct gc_unit {
	const char *code, *name;
	double weight;              /* relative volume of reports */
	bool commune;               /* a commune or ward (else a provincial office) */
	const char *head, *deputy, *officer[3], *counter;
} gc_unit;

typedef struct gc_opts {
	uint64_t seed;
	int64_t start, now;         /* receipts in [start, now); nothing happens after now */
	long long n;                /* reports */
	long long batch;            /* commands per transaction */
	long long sample_k;         /* CODE<TAB>SECRET pairs written to sample */
	FILE *sample;
} gc_opts;

typedef struct gc_stats {
	long long cases, commands, refused, ticks, by_state[16];
	double seconds;
} gc_stats;

/* Dies on a database failure; commands the rules refuse end that life (counted). */
void gen_cases(db *d, const gc_unit *units, int nunits, const gc_opts *o, gc_stats *st);

#endif
