/* scores.h — the Decision 766/QĐ-TTg scoreboard (issue #10, R13): each
 * unit's indicators, group scores, total, grade band and rank among its
 * peers, for any period, computed from the shared aggregates (src/agg/) and
 * the facts each dossier and case command keeps (docs/scores.md).
 *
 * Indicators, groups, targets, points and bands are dated data
 * (data/scores_*.csv → score_indicators, score_groups, score_bands). The
 * rules (rules.c) are pure: no I/O, no clock. */
#ifndef MB_SCORES_H
#define MB_SCORES_H

#include <stdbool.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/err.h"
#include "db/db.h"

/* --- what a dossier command hands over (one call per command) --- */
typedef struct score_dossier_in {
	int64_t id, unit_id;
	bool online;
	const char *state;            /* the state the command leaves it in */
	int64_t received_at, appointment_at, paused_at;
	int supplement_requests;
} score_dossier_in;

/* --- what a case command hands over --- */
typedef struct score_case_in {
	int64_t id, unit_id;
	const char *kind, *satisfaction, *dossier_code;
	int64_t received_at, overdue_at;
	bool late;
	int reopened;
	bool created;                 /* the command filed it */
} score_case_in;

/* The facts of one dossier (sql/0029 score_dossier_facts). Times UTC, 0 none. */
typedef struct score_dossier_facts {
	int64_t dossier_id, unit_id;
	bool online;
	int64_t received_at, appointment_at, legal_max_at;
	int supplement_requests;
	int64_t supplement_secs, pending_since, ended_at;
	int feedback;
	bool dislike, e_result, fee_due, paid_online;
} score_dossier_facts;

typedef struct score_case_facts {
	int64_t case_id, unit_id, received_at;
	bool late, unsatisfied, reopened;
} score_case_facts;

/* --- pure rules (rules.c) --- */
typedef enum score_timing { ST_NOT_COUNTED, ST_ON_TIME, ST_LATE } score_timing;
/* Decision 766 §1b: the dossier judged at instant `at` (its end, or the
 * period's end while open): more than one supplement request is late; the
 * end is when it ended, else the pending supplement request (one request,
 * not answered), else `at`; the time with the citizen is subtracted; against
 * the appointment, or without one the legal maximum. Not received by `at`:
 * not counted. */
score_timing score_rules_timing(const score_dossier_facts *f, int64_t at);
/* Points of an indicator: ratio r in [0, 1]; target_pct <= 0 means none
 * (r × max); otherwise max when r ≥ target, else r × max / target; rounded
 * to 2 decimals. */
double score_rules_points(double r, double target_pct, double max_pts);
double score_rules_round2(double x);
/* Competition ranking, highest first; scores within 0.001 share a rank and
 * the next rank skips. rank[i] for scores[i]. */
void score_rules_rank(const double *scores, int n, int *rank);
/* Peers: units of the same level (0 province, 1 department or agency,
 * 2 commune or ward; -1 unknown kind). */
int score_rules_level(const char *unit_kind);
/* Periods: "2026-11", "2026-Q4", "2026", "2026-01-01..2026-03-31" → the
 * first and last Vietnam days (inclusive); -1 when malformed (or from > to). */
int score_rules_period(const char *s, int32_t *from, int32_t *to);
/* A grade band among n closed intervals [min, max]: its index, or -1. */
int score_rules_band(double score, const double *mins, const double *maxs, int n);
/* Decree 63/2010 Art. 8(2): a procedure published with all 7 parts. */
typedef struct score_procedure_parts {
	bool name, sequence, method, composition, time_limit, applicant, agency;
} score_procedure_parts;
bool score_rules_procedure_complete(const score_procedure_parts *p);
/* A dossier's ended time from its state: the first of processed (result
 * ready), returned, stopped, withdrawn. */
bool score_rules_state_ends(const char *state);

/* What one dossier / case contributes to the counters (agg_contrib lists). */
struct agg_contrib;
int score_rules_dossier_contrib(const score_dossier_facts *f, struct agg_contrib *out);
int score_rules_case_contrib(const score_case_facts *f, struct agg_contrib *out);
/* The facts after a dossier command, from the facts before (NULL: first
 * command) and what the command left, at now. */
void score_rules_dossier_next(const score_dossier_facts *old, const score_dossier_in *in, int64_t now,
                              score_dossier_facts *out);
/* Whether a case kind counts as feedback/petition (PAKN, indicators 5.2, 5.3). */
bool score_rules_case_is_pakn(const char *kind);

/* --- hooks, inside the command's transaction (facts.c) --- */
int scores_dossier_changed(db *d, const score_dossier_in *in, int64_t now, err *e) MB_MUST_CHECK;
int scores_case_changed(db *d, const score_case_in *in, err *e) MB_MUST_CHECK;
/* Inputs wired by the features that hold them (each enables its input the
 * first time): a dossier's rating is a dislike or not (ratings, 5.4); an
 * electronic result was issued (results, 4.1); the fee and whether it was
 * paid online (payments, 3.6). In the caller's transaction. */
int scores_dossier_rated(db *d, int64_t dossier_id, bool dislike, err *e) MB_MUST_CHECK;
int scores_dossier_e_result(db *d, int64_t dossier_id, bool issued, err *e) MB_MUST_CHECK;
int scores_dossier_payment(db *d, int64_t dossier_id, bool fee_due, bool paid_online, err *e) MB_MUST_CHECK;

/* --- reference data and rebuild --- */
int scores_load_reference(db *d, err *e) MB_MUST_CHECK;
/* Loads the reference data when missing and rebuilds the facts and counters
 * when dossiers exist without facts (a database older than sql/0029). */
int scores_ensure(db *d, err *e) MB_MUST_CHECK;
/* Recomputes every fact from the raw tables (dossiers, steps, cases) and
 * every counter from the facts, in one transaction. */
int scores_rebuild(db *d, err *e) MB_MUST_CHECK;

/* --- the figures (compute.c) --- */
enum { SCORE_IND_MAX = 32, SCORE_GROUP_MAX = 8 };
typedef enum score_status { SS_OK, SS_NO_INPUT, SS_NO_DATA } score_status;

typedef struct score_indicator_def {
	const char *code, *name_vi, *name_en, *numerator, *denominator, *input, *source, *mark;
	int group_id;
	double target_pct;          /* <= 0: none */
	double max_pts;
} score_indicator_def;

typedef struct score_group_def {
	int id;
	const char *name_vi, *name_en;
	double max_pts;
} score_group_def;

typedef struct score_band_def {
	const char *name_vi, *name_en;
	double min, max;
} score_band_def;

typedef struct score_defs {
	score_indicator_def ind[SCORE_IND_MAX];
	int nind;
	score_group_def grp[SCORE_GROUP_MAX];
	int ngrp;
	score_band_def band[8];
	int nband;
	bool input_present[SCORE_IND_MAX];
	bool ratings_present;   /* the ratings input (dislikes, part of 5.4) has fed at least one dossier */
} score_defs;

typedef struct score_value {
	score_status status;
	int64_t num, den;
	double ratio, points;
	bool partial;               /* computed without one of its inputs (5.4 without ratings) */
} score_value;

typedef struct score_unit {
	int64_t unit_id;
	const char *code, *name_vi, *name_en, *kind;
	int level;
	score_value v[SCORE_IND_MAX];
	double group_pts[SCORE_GROUP_MAX], group_max[SCORE_GROUP_MAX];
	double total, computable_max, scaled;   /* scaled: total × 100 / computable_max */
	int band;                               /* index in defs.band, -1 none */
	int rank, peers;
} score_unit;

/* The definitions in force on day `on`. */
int scores_defs_load(db *d, int32_t on, arena *a, score_defs *out, err *e) MB_MUST_CHECK;
/* Every unit's figures for the days from..to, from the counters and the open
 * dossiers (judged at the period's end, or now if sooner). *out sorted by
 * level then rank. */
int scores_compute(db *d, const score_defs *defs, int32_t from, int32_t to, int64_t now, arena *a,
                   score_unit **out, int *n, err *e) MB_MUST_CHECK;
/* One unit's figures (with the units below it) for each of nper periods
 * from[i]..to[i], from the counters of that unit alone and its open dossiers:
 * the trend of a unit's page, without computing every unit for every
 * period. out[i].rank is 1 when the unit has data in the period, 0 when not
 * (no rank among peers). The same figures as scores_compute gives it. */
int scores_compute_unit(db *d, const score_defs *defs, int64_t unit_id, const int32_t *from, const int32_t *to,
                        int nper, int64_t now, arena *a, score_unit *out, err *e) MB_MUST_CHECK;
/* The same figures recomputed from the raw tables (dossiers, their steps,
 * cases, procedures) without the counters or the facts: for `minhbach
 * scores` and the tests. */
int scores_recompute(db *d, const score_defs *defs, int32_t from, int32_t to, int64_t now, arena *a,
                     score_unit **out, int *n, err *e) MB_MUST_CHECK;
/* The index of an indicator by code, or -1. */
int scores_ind_index(const score_defs *defs, const char *code);

/* A page of what cost a unit points over from..to: late dossiers ("late")
 * and unsatisfied items ("unsatisfied": feedback cases and dossiers with
 * feedback or a dislike), codes only, after the cursor "day.item". */
typedef struct score_cost_item { const char *code, *kind; int32_t day; int64_t item; } score_cost_item;
int scores_costs(db *d, int64_t unit_id, const char *list, int32_t from, int32_t to, const char *after, arena *a,
                 score_cost_item *out, int max, int *n, const char **next, err *e) MB_MUST_CHECK;

/* The province's live figures for the home page, this month (Vietnam):
 * dossiers on time (2.1), satisfaction with dossiers (5.4) and with the
 * handling of feedback (5.3) as num/den (den 0: no data yet), apologies. */
typedef struct score_home {
	int64_t on_time, on_time_of, satisfied, satisfied_of, fb_satisfied, fb_of, apologies;
	const char *period;         /* "2026-12" */
} score_home;
int scores_home(db *d, int64_t now, arena *a, score_home *out, err *e) MB_MUST_CHECK;

/* CLI: minhbach scores --db F --unit CODE --period P [--json] */
int scores_cli(const char *dbpath, const char *unit, const char *period, bool json);

void scores_install(void);

#endif
