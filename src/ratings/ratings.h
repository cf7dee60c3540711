/* ratings.h — citizens' ratings of their dossiers (R13; LEGAL-RULES-2 §2):
 * an overall level (Rất hài lòng / Hài lòng / Không hài lòng) with the
 * like/dislike it maps to, answers to a criteria set kept as dated data
 * (data/rating_criteria.csv), an optional comment; one rating per dossier,
 * changeable within a window set in data (data/rating_rules.csv); each
 * official who held the dossier is rated through it. Only through the
 * citizen's own channel (code and secret): a staff session is refused.
 *
 * Counters per unit per day (ratings by level, likes, dislikes, dossiers with
 * a dislike; reports' likes and dislikes) and per official per procedure per
 * day (steps held on time, supplement requests, ratings) are kept in the
 * write transaction, so no page sums history. */
#ifndef MB_RATINGS_H
#define MB_RATINGS_H

#include <stdbool.h>
#include <stdint.h>

#include "auth/auth.h"
#include "base/err.h"
#include "db/db.h"
#include "dossier/dossier.h"

typedef enum rating_level { RL_VERY_SATISFIED, RL_SATISFIED, RL_UNSATISFIED, RL__MAX } rating_level;
typedef enum rating_answer_type { RA_YES_NO, RA_LEVEL, RA_COUNT, RA__MAX } rating_answer_type;

typedef struct rating_criterion {
	const char *id, *text_vi, *text_en;
	rating_answer_type type;
	int ordinal;
} rating_criterion;

/* The rules in force (one row of rating_rules). */
typedef struct rating_rules_row {
	const char *version, *valid_from, *valid_to;   /* YYYY-MM-DD; valid_to NULL/"" open */
	int change_days, comment_max;
} rating_rules_row;

/* --- pure rules (ratings/rules.c) --- */
const char *rating_level_name(rating_level l);       /* "very_satisfied" */
const char *rating_level_label_vi(rating_level l);   /* "Rất hài lòng" (msgid) */
int  rating_level_parse(const char *s, rating_level *out);   /* 0 or -1 */
/* The like/dislike a level maps to: the two satisfied levels are a like. */
bool rating_level_liked(rating_level l);
/* The level a bare like/dislike stands for: like → Hài lòng, dislike → Không hài lòng. */
rating_level rating_level_of_like(bool liked);
/* Resolves what the citizen sent: a level (NULL/"" none) and a like (-1 none,
 * 0 dislike, 1 like). At least one; both must agree. */
int  rating_rules_resolve(const char *level, int like, rating_level *out, bool *liked, err *e);
const char *rating_answer_type_name(rating_answer_type t);
int  rating_answer_type_parse(const char *s, rating_answer_type *out);
/* Whether a date (YYYY-MM-DD) falls in [from, to] (to NULL or "": open). */
bool rating_rules_in_force(const char *from, const char *to, const char *date);
/* The index of the criterion with this id, -1 none. */
int  rating_rules_find(const rating_criterion *cs, int n, const char *id);
/* An answer to a criterion, checked and normalised (yes/no; a level name; a
 * count 0–99 without sign or leading zeros). field names it in the error. */
int  rating_rules_check_answer(const rating_criterion *c, const char *value, const char *field, arena *a,
                               const char **norm, err *e);
/* Whether a dossier in this state may be rated: its result is ready or was returned. */
bool rating_rules_ratable(dossier_state s);
/* The instant until which a rating first given at created may be changed. */
int64_t rating_rules_change_until(int64_t created, int change_days);
/* Whether a change at now is accepted (now strictly before until). */
int  rating_rules_may_change(int64_t until, int64_t now, err *e);
/* A comment: optional, valid UTF-8, at most max characters (code points),
 * no control characters but line breaks. */
int  rating_rules_check_comment(const char *s, int max, err *e);
/* The Vietnam day of an instant as its local midnight in UTC, ISO 8601
 * ("2025-12-31T17:00:00Z" for 1 January 2026): the counters' day key. */
void rating_day_key(int64_t t, char out[32]);

/* --- the reference data --- */
/* Loads data/rating_criteria.csv and data/rating_rules.csv (embedded) into
 * their tables, in the caller's transaction, with a ratings.loaded event. */
int ratings_load_reference(db *d, err *e);
/* The same when the tables are empty (an older database). */
int ratings_ensure_reference(db *d, err *e);

/* --- counters for other features (the scores engine) --- */
typedef struct ratings_unit_sum {
	int64_t very_satisfied, satisfied, unsatisfied;   /* dossier ratings by level */
	int64_t likes, dislikes, disliked_dossiers, rated_dossiers;
	int64_t case_likes, case_dislikes;                /* reports' results */
} ratings_unit_sum;
/* The sums for a unit over the Vietnam days [from_day, to_day] (YYYY-MM-DD,
 * inclusive); unit_id 0: every unit. Reads one counter row per day. */
int ratings_unit_range(db *d, int64_t unit_id, const char *from_day, const char *to_day, ratings_unit_sum *out, err *e);
/* A report's result rated by its reporter (cases/service.c, in its
 * transaction): a like or a dislike (which re-raises the case) for the unit. */
int ratings_count_case(db *d, int64_t unit_id, int64_t at, bool liked, err *e);

/* Demo: rates a dossier as its applicant would (the history's finished
 * dossiers), at the current (simulated) clock. */
int ratings_demo_rate(db *d, const char *code, const char *secret, uint64_t roll, err *e);

/* The tracking page's card offering to rate the dossier (shown once its
 * result is ready or returned); code and secret as the page was asked. */
void ratings_track_block(web_req *r, const char *code, const char *secret, const char *state);

void ratings_install(void);

#endif
