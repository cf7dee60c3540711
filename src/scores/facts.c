/* facts.c — the hooks the dossier and case commands call in their
 * transaction: the record's facts before and after, and the move of its
 * contributions in the counters (src/agg/). Also the reference data and the
 * rebuild of facts and counters from the raw tables. */
#include <string.h>

#include "base/csv.h"
#include "base/embed.h"
#include "base/log.h"
#include "scores/internal.h"

/* Puts the dossier's new facts and moves its contributions. */
static int dossier_move(db *d, const score_dossier_facts *old, const score_dossier_facts *now_f, err *e)
{
	agg_contrib before[AGG_CONTRIB_MAX], after[AGG_CONTRIB_MAX];
	int nb = old ? score_rules_dossier_contrib(old, before) : 0;
	int na = score_rules_dossier_contrib(now_f, after);
	if (agg_move(d, before, nb, after, na, e)) return MB_EINTERNAL;
	return scores_repo_dossier_put(d, now_f, e);
}

int scores_dossier_changed(db *d, const score_dossier_in *in, int64_t now, err *e)
{
	score_dossier_facts old, next;
	int rc = scores_repo_dossier_get(d, in->id, &old, e);
	if (rc < 0) return rc;
	score_rules_dossier_next(rc == 1 ? &old : NULL, in, now, &next);
	return dossier_move(d, rc == 1 ? &old : NULL, &next, e);
}

static int case_move(db *d, const score_case_facts *old, const score_case_facts *now_f, err *e)
{
	agg_contrib before[AGG_CONTRIB_MAX], after[AGG_CONTRIB_MAX];
	int nb = old ? score_rules_case_contrib(old, before) : 0;
	int na = score_rules_case_contrib(now_f, after);
	if (agg_move(d, before, nb, after, na, e)) return MB_EINTERNAL;
	return scores_repo_case_put(d, now_f, e);
}

int scores_case_changed(db *d, const score_case_in *in, err *e)
{
	/* A new report naming a dossier: the dossier has feedback (5.4). */
	if (in->created && in->dossier_code && *in->dossier_code) {
		score_dossier_facts f;
		int rc = scores_repo_dossier_by_code(d, in->dossier_code, &f, e);
		if (rc < 0) return rc;
		if (rc == 1) {
			score_dossier_facts old = f;
			f.feedback++;
			if (dossier_move(d, &old, &f, e)) return MB_EINTERNAL;
		}
	}
	if (!score_rules_case_is_pakn(in->kind)) return 0;
	score_case_facts old, next = {in->id, in->unit_id, in->received_at, in->late || in->overdue_at != 0,
	                              in->satisfaction && !strcmp(in->satisfaction, "unsatisfied"), in->reopened > 0};
	/* A new report has no facts yet: nothing to read under the writers' lock. */
	int rc = in->created ? 0 : scores_repo_case_get(d, in->id, &old, e);
	if (rc < 0) return rc;
	return case_move(d, rc == 1 ? &old : NULL, &next, e);
}

/* One wired input on one dossier: enable the input, change the facts, move. */
static int input_set(db *d, int64_t dossier_id, const char *input, void (*set)(score_dossier_facts *, bool, bool),
                     bool a, bool b, err *e)
{
	if (scores_repo_input_enable(d, input, e)) return MB_EINTERNAL;
	score_dossier_facts f;
	int rc = scores_repo_dossier_get(d, dossier_id, &f, e);
	if (rc <= 0) return rc;
	score_dossier_facts old = f;
	set(&f, a, b);
	return dossier_move(d, &old, &f, e);
}

static void set_dislike(score_dossier_facts *f, bool a, bool b) { (void)b; f->dislike = a; }
static void set_e_result(score_dossier_facts *f, bool a, bool b) { (void)b; f->e_result = a; }
static void set_payment(score_dossier_facts *f, bool a, bool b) { f->fee_due = a; f->paid_online = a && b; }

int scores_dossier_rated(db *d, int64_t dossier_id, bool dislike, err *e)
{
	return input_set(d, dossier_id, "ratings", set_dislike, dislike, false, e);
}

int scores_dossier_e_result(db *d, int64_t dossier_id, bool issued, err *e)
{
	return input_set(d, dossier_id, "e_results", set_e_result, issued, false, e);
}

int scores_dossier_payment(db *d, int64_t dossier_id, bool fee_due, bool paid_online, err *e)
{
	return input_set(d, dossier_id, "payments", set_payment, fee_due, paid_online, e);
}

/* --- reference data --- */

static const struct { const char *file, *table; int fields; const char *first; } REFS[] = {
	{"data/scores_groups.csv", "groups", 6, "id"},
	{"data/scores_indicators.csv", "indicators", 13, "code"},
	{"data/scores_bands.csv", "bands", 6, "name_vi"},
};

int scores_load_reference(db *d, err *e)
{
	for (size_t k = 0; k < sizeof REFS / sizeof REFS[0]; k++) {
		const struct embedded_file *f = embed_find(REFS[k].file);
		if (!f) return err_set(e, MB_EINTERNAL, "no_data", NULL, "Thiếu dữ liệu chỉ số.", "the scores data is missing");
		arena a;
		arena_init(&a);
		csv_reader c;
		csv_init(&c, (const char *)f->data, f->size);
		const char *fl[CSV_MAX_FIELDS];
		int n, rc = 0;
		if (csv_next(&c, &a, fl) != REFS[k].fields || strcmp(fl[0], REFS[k].first))
			rc = err_set(e, MB_EINTERNAL, "bad_data", NULL, "Dữ liệu chỉ số sai định dạng.", "the scores data is malformed");
		while (!rc && (n = csv_next(&c, &a, fl)) != 0) {
			if (n != REFS[k].fields) {
				log_msg(LOG_ERROR, "scores", "%s line %d: expected %d fields", REFS[k].file, c.line, REFS[k].fields);
				rc = err_set(e, MB_EINTERNAL, "bad_data", NULL, "Dữ liệu chỉ số sai định dạng.", "the scores data is malformed");
				break;
			}
			rc = scores_repo_ref_insert(d, REFS[k].table, fl, n, e);
		}
		arena_free(&a);
		if (rc) return rc;
	}
	return 0;
}

int scores_rebuild(db *d, err *e)
{
	arena a;
	arena_init(&a);
	score_dossier_facts *df;
	score_case_facts *cf;
	int nd = 0, nc = 0, rc = 0;
	if (db_begin(d, e)) { arena_free(&a); return MB_EINTERNAL; }
	/* The inputs other features feed (ratings, e-results, payments) are kept
	 * from the facts: their own tables are read here once they are wired. */
	if (scores_repo_raw_dossiers(d, &a, &df, &nd, e) || scores_repo_raw_cases(d, &a, &cf, &nc, e))
		rc = MB_EINTERNAL;
	for (int i = 0; !rc && i < nd; i++) {
		score_dossier_facts old;
		int got = scores_repo_dossier_get(d, df[i].dossier_id, &old, e);
		if (got < 0) rc = got;
		else if (got == 1) {
			df[i].dislike = old.dislike;
			df[i].e_result = old.e_result;
			df[i].fee_due = old.fee_due;
			df[i].paid_online = old.paid_online;
		}
	}
	if (!rc && (agg_clear(d, e) || scores_repo_clear_facts(d, e))) rc = MB_EINTERNAL;
	for (int i = 0; !rc && i < nd; i++) rc = dossier_move(d, NULL, &df[i], e);
	for (int i = 0; !rc && i < nc; i++) rc = case_move(d, NULL, &cf[i], e);
	if (rc) db_rollback(d);
	else rc = db_commit(d, e);
	arena_free(&a);
	return rc;
}

int scores_ensure(db *d, err *e)
{
	int64_t dossiers = 0, facts = 0, inds = 0;
	if (scores_repo_counts(d, &dossiers, &facts, &inds, e)) return MB_EINTERNAL;
	if (!inds) {
		if (db_begin(d, e)) return MB_EINTERNAL;
		if (scores_load_reference(d, e)) { db_rollback(d); return e->status ? e->status : MB_EINTERNAL; }
		if (db_commit(d, e)) return MB_EINTERNAL;
	}
	if (dossiers > 0 && facts == 0) {
		log_msg(LOG_INFO, "scores", "building the scores' facts and counters from the dossiers and cases");
		return scores_rebuild(d, e);
	}
	return 0;
}
