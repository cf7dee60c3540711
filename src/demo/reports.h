/* reports.h — the report-life player shared by `minhbach demo` (its months of
 * history, demo/history.c) and the benchmark's generator (bench/gen_dossiers
 * --cases): feedback, petitions, complaints and denunciations received at a
 * daily volume over a span, with their whole lives (screening, transfer,
 * acceptance, assignment, extension, verification, conclusion with
 * sanctions, publication with apologies, rating, reopening and escalation,
 * withdrawal; some forgotten on a desk), every command played through the
 * product's own case_exec at the time it happens (clock_simulate), in time
 * order across all reports, with the deadline job once a day at 17:30 as the
 * server runs it. The caller drives it one command at a time (so that the demo
 * interleaves it with its dossiers) and owns the transactions. */
#ifndef MB_DEMO_REPORTS_H
#define MB_DEMO_REPORTS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "base/err.h"
#include "db/db.h"

/* A unit reports are about, with the staff who handle them there. */
typedef struct demo_report_unit {
	const char *code, *name;
	double weight;              /* relative volume of reports (0: only handles what comes to it) */
	bool commune;               /* a commune or ward (else a provincial office) */
	const char *head, *deputy, *officer[3], *counter;   /* deputy, counter: NULL for none */
} demo_report_unit;

typedef struct demo_reports_opts {
	uint64_t seed;
	int64_t start, now;         /* receipts in [start, now); nothing happens after now */
	long long n;                /* reports: n / days(start, now) a day on average */
	double drama;               /* multiplies the shares of the unusual fates (not accepted, transferred,
	                             * withdrawn, forgotten, late): 1 (or 0) for the benchmark's realistic mix;
	                             * the demo uses more, so that a hundred reports show every state */
	long long sample_k;         /* CODE<TAB>SECRET pairs written to sample */
	FILE *sample;
} demo_reports_opts;

typedef struct demo_reports_stats {
	long long cases, commands, refused, ticks;
} demo_reports_stats;

typedef struct demo_reports demo_reports;

/* Draws every report's receipt and fate (nothing written yet). */
int demo_reports_begin(db *d, const demo_report_unit *units, int nunits, const demo_reports_opts *o,
                       demo_reports **out, err *e);
/* The time of the next command (or deadline run); INT64_MAX when none is left before now. */
int64_t demo_reports_next_at(demo_reports *p);
/* Plays it (the clock set to its time). 0, or <0 on a failure of the database;
 * a command the rules refuse ends that life and is counted. */
int demo_reports_step(demo_reports *p, err *e);
const demo_reports_stats *demo_reports_stats_of(const demo_reports *p);
void demo_reports_end(demo_reports *p);

#endif
