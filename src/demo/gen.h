/* gen.h — the generator of realistic activity shared by `minhbach demo` (its
 * months of history, demo/history.c) and the benchmarks (bench/gen_dossiers.c):
 * a seeded random stream, people of Sơn La (names by ethnic group, identity
 * numbers, phones, villages), the reasons officials write, how often each
 * procedure is asked for, and how a dossier's life ends (on time, supplement,
 * apology, late, stopped, withdrawn, stuck). Deterministic: the same seed gives
 * the same draws in the same order. */
#ifndef MB_DEMO_GEN_H
#define MB_DEMO_GEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* xoshiro256**, seeded with splitmix64 from two numbers (a seed and a stream). */
typedef struct gen_rng { uint64_t s[4]; } gen_rng;
void     gen_seed(gen_rng *r, uint64_t a, uint64_t b);
uint64_t gen_next(gen_rng *r);
uint32_t gen_rnd(gen_rng *r, uint32_t n);          /* [0, n) */
double   gen_rndf(gen_rng *r);                     /* [0, 1) */
int      gen_range(gen_rng *r, int lo, int hi);    /* [lo, hi] */
bool     gen_chance(gen_rng *r, double p);
/* An index into cum (cumulative weights, n > 0) drawn by weight. */
int      gen_pick_weighted(gen_rng *r, const double *cum, int n);

/* Word lists: GEN_PICK(r, gen_r_apology) draws one. */
#define GEN_LIST(name) extern const char *const name[]; extern const uint32_t name##_n
GEN_LIST(gen_ban);               /* villages (bản) */
GEN_LIST(gen_phone_prefix);      /* mobile prefixes after the 0 */
GEN_LIST(gen_r_missing);         /* why a document is lacking (supplement requests) */
GEN_LIST(gen_r_apology);         /* why a dossier is late (Form 04) */
GEN_LIST(gen_r_refuse);          /* refusals at the counter */
GEN_LIST(gen_r_refuse_online);   /* refusals of an online submission */
GEN_LIST(gen_r_stop);            /* stopping a dossier (Form 05) */
GEN_LIST(gen_r_withdraw);        /* a citizen withdraws */
GEN_LIST(gen_n_handover);        /* notes on a handover ("" mostly) */
GEN_LIST(gen_n_result);          /* notes when the result is ready */
GEN_LIST(gen_r_fee_waive);       /* why a fee is waived (a payment of 0 with its reason) */
GEN_LIST(gen_r_fee_reduce);      /* why half the fee is charged */
#undef GEN_LIST
#define GEN_PICK(r, name) ((name)[gen_rnd((r), name##_n)])

/* A person of Sơn La: Thái, Kinh, H'Mông, Mường or Dao in about the
 * province's shares, with a citizen identity number (014…). */
typedef struct gen_person {
	char name[96], idn[16];
	bool female;
	int birth_year;
} gen_person;
void gen_person_make(gen_rng *r, gen_person *p);

/* Plausible yearly volume of a procedure, relative (1 when unknown). */
double gen_proc_weight(const char *code);

/* How a dossier's life ends, and the share of the legal time it takes
 * (f > 1: late). drama multiplies the share of every outcome but the normal
 * one (1 for the benchmark's realistic mix; the demo uses more, so that a few
 * hundred dossiers show apologies, supplements and delays). quick: a same-day
 * procedure (no supplement, no apology). Draws 2 numbers. */
typedef enum gen_outcome {
	GO_NORMAL, GO_SUPP, GO_SUPP_ABANDON, GO_LATE_APOLOGY, GO_LATE, GO_STOP, GO_WITHDRAW, GO_STUCK
} gen_outcome;
gen_outcome gen_outcome_draw(gen_rng *r, bool quick, double drama, double *f);

#endif
