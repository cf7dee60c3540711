/* repo.h — the ratings' SQL (internal to ratings/). Rows come from the arena. */
#ifndef MB_RATINGS_REPO_H
#define MB_RATINGS_REPO_H

#include "base/arena.h"
#include "db/db.h"
#include "ratings/ratings.h"

typedef struct rating_row {
	int64_t id, dossier_id, unit_id, procedure_id;
	const char *set_version, *rules_version, *level, *comment, *channel, *day;
	bool liked;
	int64_t created_at, changed_at, change_until;   /* changed_at 0: never */
	int changes;
} rating_row;

typedef struct rating_answer {
	const char *criterion, *answer;
} rating_answer;

/* Per official (or the peers) over a period, per procedure. */
typedef struct rating_official_sum {
	int64_t procedure_id;
	int64_t steps, steps_on_time, supplements, rated, very_satisfied, satisfied, unsatisfied;
} rating_official_sum;

/* The rules in force on date (YYYY-MM-DD): 1, 0 none, <0. */
MB_MUST_CHECK int ratings_repo_rules_on(db *d, const char *date, arena *a, rating_rules_row *out, err *e);
MB_MUST_CHECK int ratings_repo_rules_by_version(db *d, const char *version, arena *a, rating_rules_row *out, err *e);
/* The criteria set in force on date (version NULL) or of a version, in order:
 * 0 (*n may be 0: no set), <0. *version_out: the set's version. */
MB_MUST_CHECK int ratings_repo_criteria(db *d, const char *date, const char *version, arena *a, rating_criterion **out,
                                        int *n, const char **version_out, err *e);
MB_MUST_CHECK int ratings_repo_rules_insert(db *d, const rating_rules_row *r, const char *source, err *e);
MB_MUST_CHECK int ratings_repo_criterion_insert(db *d, const char *version, const char *from, const char *to,
                                                const rating_criterion *c, err *e);
MB_MUST_CHECK int ratings_repo_reference_count(db *d, int64_t *n, err *e);

/* The rating of a dossier: 1, 0 none, <0. */
MB_MUST_CHECK int ratings_repo_get(db *d, int64_t dossier_id, arena *a, rating_row *out, err *e);
MB_MUST_CHECK int ratings_repo_answers(db *d, int64_t rating_id, arena *a, rating_answer **out, int *n, err *e);
MB_MUST_CHECK int ratings_repo_insert(db *d, rating_row *row, err *e);   /* sets row->id */
MB_MUST_CHECK int ratings_repo_update(db *d, const rating_row *row, err *e);
MB_MUST_CHECK int ratings_repo_answers_set(db *d, int64_t rating_id, const rating_answer *as, int n, err *e);
/* Every official who held a step of the dossier (not the applicant's own
 * supplement steps, not the desk): one row each. */
MB_MUST_CHECK int ratings_repo_officials_from_steps(db *d, int64_t rating_id, int64_t dossier_id, err *e);
MB_MUST_CHECK int ratings_repo_official_logins(db *d, int64_t rating_id, arena *a, const char ***out, int *n, err *e);
/* The counters: the rating's contribution added (sign 1) or taken away (-1). */
MB_MUST_CHECK int ratings_repo_count(db *d, const rating_row *row, int sign, err *e);
MB_MUST_CHECK int ratings_repo_count_case(db *d, int64_t unit_id, const char *day, bool liked, err *e);
/* Sums over [from, to) of day keys. */
MB_MUST_CHECK int ratings_repo_unit_range(db *d, int64_t unit_id, const char *from, const char *to, ratings_unit_sum *out,
                                          err *e);
/* One row per procedure the official has figures for in [from, to). */
MB_MUST_CHECK int ratings_repo_official_range(db *d, int64_t account_id, const char *from, const char *to, arena *a,
                                              rating_official_sum **out, int *n, err *e);
/* Every official's figures on one procedure in [from, to). */
MB_MUST_CHECK int ratings_repo_procedure_range(db *d, int64_t procedure_id, const char *from, const char *to,
                                               rating_official_sum *out, err *e);
/* The recent ratings received through the dossiers an official held (newest
 * first, at most limit), for their page: dossier code, level, day. */
typedef struct rating_recent {
	const char *code, *level, *day, *comment;
} rating_recent;
MB_MUST_CHECK int ratings_repo_official_recent(db *d, int64_t account_id, int limit, arena *a, rating_recent **out,
                                               int *n, err *e);

#endif
