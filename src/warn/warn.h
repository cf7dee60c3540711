/* warn.h — early warning of harassment from the data (issue #11 item 5;
 * docs/oversight.md, "Early warning").
 *
 * A signal is a subject — an official against the other officials on the
 * same procedures, or a unit against the units of the same level — whose rate
 * on one measure (supplement requests per step, late steps, withdrawn or
 * refused dossiers, reports naming the official, unsatisfied ratings, steps
 * held long, results returned with a catalogue fee due and no payment
 * recorded) is above its peers' beyond chance: the subject's own count O
 * against the count E expected at the peers' rates, procedure by procedure;
 * it is flagged only when O and its steps reach their minimums and the lower
 * confidence bound of O / E (exact Poisson) exceeds a threshold. Window,
 * minimums, threshold and confidence are dated data (data/warn_rules.csv →
 * warn_rules).
 *
 * Inputs are the counters kept in the writers' transactions
 * (rating_official_daily of sql/0028; warn_official_daily of sql/0036 and
 * sql/0045, warn_held_daily of sql/0043, kept by triggers), read for the
 * window's days only. A signal is never published: inspectors, home-affairs
 * inspectors and the heads of the official's unit and above read it; an
 * inspector takes it up, dismisses it with a reason, or records the inspection
 * it led to. Every change is a ledger event. */
#ifndef MB_WARN_H
#define MB_WARN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "auth/auth.h"
#include "base/err.h"
#include "db/db.h"
#include "web/web.h"

typedef enum warn_signal {
	WS_SUPPLEMENTS, WS_LATE_STEPS, WS_WITHDRAWALS, WS_REPORTS, WS_UNSATISFIED, WS_HELD, WS_UNPAID, WS__MAX
} warn_signal;

typedef enum warn_state { WST_NEW, WST_REVIEW, WST_DISMISSED, WST_INSPECTION, WST__MAX } warn_state;
typedef enum warn_action { WA_REVIEW, WA_DISMISS, WA_INSPECTION, WA__MAX } warn_action;

/* One signal's rule in force (a row of warn_rules). */
typedef struct warn_rule {
	bool present;
	const char *version;
	int window_days, min_events, min_exposure, min_peer_exposure;
	double ratio_min, confidence;
	double quantile, multiple;           /* WS_HELD: held longer than multiple × the peers' quantile; else 0 */
} warn_rule;

/* One subject's figures on one procedure: its steps (or ratings) n and
 * events x; subject and group are dense indices, proc a dense procedure index. */
typedef struct warn_cell {
	int32_t subject, group, proc;
	int64_t n, x;
} warn_cell;

/* A subject's figures over the procedures where its peers have a baseline. */
typedef struct warn_figures {
	int64_t events, exposure;            /* O and its steps */
	int64_t peer_events, peer_exposure;  /* the peers' on the same procedures, pooled */
	double expected;                     /* E: Σ n_p × peer rate_p */
} warn_figures;

typedef enum warn_why { WW_FLAGGED, WW_FEW_EXPOSURE, WW_FEW_EVENTS, WW_FEW_PEERS, WW_BELOW_THRESHOLD } warn_why;

typedef struct warn_verdict {
	double ratio, lower;                 /* O / E and its lower bound */
	bool flagged;
	warn_why why;
} warn_verdict;

/* --- pure rules (warn/rules.c) --- */
const char *warn_signal_name(warn_signal s);          /* "supplements" */
int  warn_signal_parse(const char *s, warn_signal *out);
const char *warn_signal_label_vi(warn_signal s);      /* msgid */
const char *warn_signal_formula_vi(warn_signal s);    /* the measure's formula in words (msgid) */
const char *warn_signal_exposure_vi(warn_signal s);   /* what its rate divides by, e.g. "bước xử lý đã kết thúc" (msgid) */
const char *warn_state_name(warn_state s);
int  warn_state_parse(const char *s, warn_state *out);
const char *warn_state_label_vi(warn_state s);        /* msgid */
/* The exact lower (upper) bound of a Poisson mean given k events, two-sided
 * at confidence conf (0.95: the 2.5% tail): the λ with P(X ≥ k | λ) = (1-conf)/2
 * (P(X ≤ k | λ) = (1-conf)/2); 0 for k = 0 (lower). */
double warn_poisson_lower(int64_t k, double conf);
double warn_poisson_upper(int64_t k, double conf);
/* Indirect standardisation: for every subject, its events and steps and the
 * count expected at its group's rates on each procedure without its own
 * (the group's totals minus the subject's), over the procedures where those
 * peers have steps. out has nsubjects entries; tot has 2 × ngroups × nprocs. */
void warn_standardize(const warn_cell *cells, size_t ncells, int nsubjects, int ngroups, int nprocs, int64_t *tot,
                      warn_figures *out);
/* Time held per step (WS_HELD). A histogram counts steps by bucket of time
 * held: bucket 0 from lower[0] = 0 s, bucket i from lower[i] seconds (rising),
 * the last one open (sql/0043: warn_held_buckets). The first bucket whose
 * steps were all held longer than `multiple` × the histogram's `quantile`,
 * that quantile taken at the top of the bucket it falls in (so never
 * under-estimated): nb when no bucket is (an empty histogram, or a quantile
 * in the open bucket). */
int  warn_held_over(const int64_t *hist, const int64_t *lower, int nb, double quantile, double multiple);
/* One subject's histogram on one procedure step (pstep: a dense index of a
 * procedure and a kind of step); hist points to nb counts. */
typedef struct warn_hcell {
	int32_t subject, group, pstep;
	const int64_t *hist;
} warn_hcell;
/* The standardisation of WS_HELD: for every subject and procedure step, the
 * threshold from its peers' histogram (the group's total minus its own), its
 * steps held over it (events) among its steps (exposure), and the peers'
 * steps over the same threshold among theirs, giving the count expected at
 * the peers' rate; pooled over the procedure steps where the peers have
 * steps, as warn_standardize. tot has ngroups × npsteps × nb entries, peer nb;
 * out nsubjects. The result goes to warn_judge like any other measure. */
void warn_held_standardize(const warn_hcell *cells, size_t ncells, int nsubjects, int ngroups, int npsteps,
                           const int64_t *lower, int nb, double quantile, double multiple, int64_t *tot, int64_t *peer,
                           warn_figures *out);
/* The test: minimums, then the lower bound of O / E above the rule's
 * threshold. Peers without any event count half an event (E > 0). */
void warn_judge(const warn_rule *rule, const warn_figures *f, warn_verdict *out);
/* Who reads a subject's signals: inspectors, home-affairs inspectors, and
 * unit heads of the subject's unit or a unit above it (ancestors: the subject
 * unit first). Never the official themselves, never the public. */
bool warn_rules_may_see(auth_role role, int64_t actor_unit, const int64_t *ancestors, int nancestors);
/* Who acts on a signal: the two inspectors. */
bool warn_rules_may_act(auth_role role);
/* The state an action leads to from the current one, with the reason checked
 * (a dismissal's reason, an inspection's reference: at least 10 characters). */
int  warn_rules_transition(warn_state from, warn_action a, const char *reason, warn_state *to, err *e);
/* The peer level of a unit's kind: province 0, departments and agencies 1,
 * communes and wards 2; -1 unknown. */
int  warn_unit_level(const char *kind);

/* --- the run (warn/service.c) --- */
typedef struct warn_run_summary {
	int64_t run_id;
	int officials, units, flagged, opened;
	int64_t rows_read;
	const char *rules_version;
} warn_run_summary;
/* Computes every signal for today (the clock's), and opens the new ones, in
 * one transaction with a warn.run event. trigger: "job", "button", "cli";
 * actor NULL for the system. */
int warn_run(db *d, const char *trigger, const auth_actor *actor, warn_run_summary *out, err *e);
/* Loads data/warn_rules.csv into warn_rules (caller's transaction) with a
 * warn.loaded event; the _ensure form only when the table is empty (an older
 * database), in its own transaction; and the counters of sql/0036 built
 * once from the history of a database older than it. */
int warn_load_reference(db *d, err *e);
int warn_ensure_reference(db *d, err *e);
/* warn_official_daily (and warn_held_daily) recomputed from the raw tables, in its own transaction
 * (bench/gen_dossiers writes steps as rows, without the triggers' updates). */
int warn_rebuild_counters(db *d, err *e);
/* `minhbach warn --db F [--json]`: one run, its summary and the open signals. */
int warn_cli(const char *dbpath, bool as_json);

/* The official's signals as an HTML section (for the official's record page):
 * nothing when the viewer may not see them; 0 or an error. */
int warn_official_section(web_req *r, db *d, int64_t account_id, err *e);

/* The nightly job: wakes every interval_s, runs once a Vietnam day between 01:00 and 05:00
 * once the server has been up ten minutes. */
void warn_jobs_start(int interval_s);
void warn_jobs_stop(void);
void warn_install(void);

#endif
