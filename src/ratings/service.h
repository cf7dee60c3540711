/* service.h — rating commands and reads (internal to ratings/). */
#ifndef MB_RATINGS_SERVICE_H
#define MB_RATINGS_SERVICE_H

#include "dossier/service.h"
#include "ratings/ratings.h"
#include "ratings/repo.h"
#include "web/web.h"

enum { RATING_ANSWERS_MAX = 32 };

typedef struct rating_input {
	const char *code, *secret;
	const char *level;            /* NULL/"" none */
	int like;                     /* -1 none, 0 dislike, 1 like */
	const char *comment;
	const char *crit[RATING_ANSWERS_MAX], *answer[RATING_ANSWERS_MAX];
	int ncrit;
	bool too_many;                /* more answers than RATING_ANSWERS_MAX were sent */
	const char *channel;          /* "web", "api", "demo" */
} rating_input;

typedef struct rating_outcome {
	bool created;                 /* false: a change */
	rating_row row;
	dossier_row dossier;
	const char **officials;
	int nofficials;
} rating_outcome;

/* Rates (or, within the window, re-rates) a dossier by code and secret.
 * actor: the request's session (NULL anonymous): any session but a citizen's
 * is refused, and the refusal recorded (rating.refused). addr: the client,
 * for the tracking limiter. One transaction: the rating, its answers, the
 * officials rated through it, the counters and the event. */
int ratings_submit(db *d, const auth_actor *actor, const char *addr, const rating_input *in, arena *a,
                   rating_outcome *out, err *e);

/* What the rating page shows for a dossier found by tracking. */
typedef struct rating_view {
	bool ratable, has_rating, may_change;
	rating_row row;               /* when has_rating */
	rating_answer *answers;
	int nanswers;
	rating_criterion *criteria;   /* the set of the rating, else the one in force */
	int ncriteria;
	const char *set_version;
	rating_rules_row rules;
} rating_view;
int ratings_view(db *d, const dossier_row *dossier, int64_t now, arena *a, rating_view *out, err *e);

/* An official's figures over [from, to] (Vietnam days), with their peers'
 * on the same procedures. The actor must be the official, a head of their
 * unit or one above, or an inspector; otherwise MB_ENOTFOUND. */
typedef struct official_report {
	auth_actor official;
	const char *from, *to;        /* YYYY-MM-DD */
	rating_official_sum own, peers;
	rating_official_sum *procs, *proc_peers;
	int nprocs;
	rating_recent *recent;
	int nrecent;
} official_report;
int ratings_official(db *d, const auth_actor *actor, const char *login, const char *from, const char *to, arena *a,
                     official_report *out, err *e);
/* The JSON shape shared by the API. */
json_t *ratings_official_json(db *d, const official_report *o, arena *a);
/* The rating as JSON (the citizen's own view). */
json_t *ratings_row_json(const rating_row *row, const rating_answer *as, int n);

void ratings_api_install(void);
void ratings_pages_install(void);

#endif
