/* rules.c — the Decision 766 rules (LEGAL-RULES-2 §1). No I/O and no clock:
 * everything comes in as arguments. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/calendar.h"
#include "scores/internal.h"

score_timing score_rules_timing(const score_dossier_facts *f, int64_t at)
{
	if (!f->received_at || f->received_at > at) return ST_NOT_COUNTED;
	if (f->supplement_requests > 1) return ST_LATE;   /* «hơn 01 lần thì tính quá hạn» */
	int64_t end;
	if (f->ended_at && f->ended_at <= at) end = f->ended_at;
	else if (f->pending_since && f->pending_since <= at && f->supplement_requests == 1) end = f->pending_since;
	else end = at;
	int64_t effective = end - f->supplement_secs;
	int64_t due = f->appointment_at ? f->appointment_at : f->legal_max_at;
	if (!due) return ST_ON_TIME;
	return effective <= due ? ST_ON_TIME : ST_LATE;
}

double score_rules_round2(double x)
{
	return (double)llround(x * 100.0) / 100.0;
}

double score_rules_points(double r, double target_pct, double max_pts)
{
	if (r < 0) r = 0;
	if (r > 1) r = 1;
	double p;
	if (target_pct <= 0) p = r * max_pts;
	else if (r * 100.0 >= target_pct - 1e-9) p = max_pts;
	else p = r * 100.0 * max_pts / target_pct;
	p = score_rules_round2(p);
	return p > max_pts ? max_pts : p;
}

void score_rules_rank(const double *scores, int n, int *rank)
{
	for (int i = 0; i < n; i++) {
		int above = 0;
		for (int j = 0; j < n; j++)
			if (scores[j] > scores[i] + 0.001) above++;
		rank[i] = above + 1;
	}
}

int score_rules_level(const char *kind)
{
	if (!kind) return -1;
	if (!strcmp(kind, "province")) return 0;
	if (!strcmp(kind, "department") || !strcmp(kind, "agency")) return 1;
	if (!strcmp(kind, "commune") || !strcmp(kind, "ward")) return 2;
	return -1;
}

static int digits(const char *s, int n, int *out)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9') return -1;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}

int score_rules_period(const char *s, int32_t *from, int32_t *to)
{
	if (!s) return -1;
	size_t n = strlen(s);
	int y, m;
	if (n == 22 && !strncmp(s + 10, "..", 2)) {
		char a[11], b[11];
		memcpy(a, s, 10); a[10] = 0;
		memcpy(b, s + 12, 10); b[10] = 0;
		if (cal_parse_date(a, from) || cal_parse_date(b, to) || *from > *to) return -1;
		return 0;
	}
	if (n < 4 || digits(s, 4, &y) || y < 1970 || y > 9998) return -1;
	if (n == 4) {
		*from = cal_day_from_ymd(y, 1, 1);
		*to = cal_day_from_ymd(y + 1, 1, 1) - 1;
		return 0;
	}
	if (n == 7 && s[4] == '-' && s[5] == 'Q' && s[6] >= '1' && s[6] <= '4') {
		int q = s[6] - '0';
		*from = cal_day_from_ymd(y, 3 * q - 2, 1);
		*to = (q == 4 ? cal_day_from_ymd(y + 1, 1, 1) : cal_day_from_ymd(y, 3 * q + 1, 1)) - 1;
		return 0;
	}
	if (n == 7 && s[4] == '-' && !digits(s + 5, 2, &m) && m >= 1 && m <= 12) {
		*from = cal_day_from_ymd(y, m, 1);
		*to = (m == 12 ? cal_day_from_ymd(y + 1, 1, 1) : cal_day_from_ymd(y, m + 1, 1)) - 1;
		return 0;
	}
	return -1;
}

int score_rules_band(double score, const double *mins, const double *maxs, int n)
{
	for (int i = 0; i < n; i++)
		if (score >= mins[i] - 1e-9 && score <= maxs[i] + 1e-9) return i;
	return -1;
}

bool score_rules_procedure_complete(const score_procedure_parts *p)
{
	return p->name && p->sequence && p->method && p->composition && p->time_limit && p->applicant && p->agency;
}

bool score_rules_state_ends(const char *state)
{
	return state && (!strcmp(state, "result_ready") || !strcmp(state, "returned") || !strcmp(state, "stopped") ||
	                 !strcmp(state, "withdrawn"));
}

bool score_rules_case_is_pakn(const char *kind)
{
	return kind && (!strcmp(kind, "feedback") || !strcmp(kind, "petition"));
}

void score_rules_dossier_next(const score_dossier_facts *old, const score_dossier_in *in, int64_t now,
                              score_dossier_facts *out)
{
	if (old) *out = *old;
	else memset(out, 0, sizeof *out);
	out->dossier_id = in->id;
	out->unit_id = in->unit_id;
	out->online = in->online;
	out->received_at = in->received_at;
	out->appointment_at = in->appointment_at;
	out->supplement_requests = in->supplement_requests;
	bool ends = !out->ended_at && score_rules_state_ends(in->state);
	/* The time with the citizen ends when the papers come back, or when the
	 * dossier ends while waiting for them. */
	if (out->pending_since && (!in->paused_at || ends)) {
		out->supplement_secs += now - out->pending_since;
		out->pending_since = 0;
	}
	if (!ends && !out->ended_at && in->paused_at) out->pending_since = in->paused_at;
	if (ends) out->ended_at = now;
}

static void add(agg_contrib *out, int *n, int64_t unit, const char *metric, int64_t at, int64_t item)
{
	out[(*n)++] = (agg_contrib){unit, 0, metric, cal_day_of(at), item};
}

int score_rules_dossier_contrib(const score_dossier_facts *f, agg_contrib *out)
{
	int n = 0;
	if (!f->received_at) return 0;
	add(out, &n, f->unit_id, M_RECEIVED, f->received_at, 0);
	if (f->online) add(out, &n, f->unit_id, M_ONLINE, f->received_at, 0);
	if (f->fee_due) {
		add(out, &n, f->unit_id, M_FEE, f->received_at, 0);
		if (f->paid_online) add(out, &n, f->unit_id, M_PAIDONLINE, f->received_at, 0);
	}
	if (f->ended_at) {
		add(out, &n, f->unit_id, M_ENDED, f->ended_at, 0);
		if (score_rules_timing(f, f->ended_at) == ST_LATE) add(out, &n, f->unit_id, M_LATE, f->ended_at, f->dossier_id);
		else add(out, &n, f->unit_id, M_ONTIME, f->ended_at, 0);
		if (f->feedback > 0 || f->dislike) add(out, &n, f->unit_id, M_COMPLAINED, f->ended_at, f->dossier_id);
		if (f->e_result) add(out, &n, f->unit_id, M_ERESULT, f->ended_at, 0);
	}
	return n;
}

int score_rules_case_contrib(const score_case_facts *f, agg_contrib *out)
{
	int n = 0;
	if (!f->received_at) return 0;
	add(out, &n, f->unit_id, M_C_RECEIVED, f->received_at, 0);
	if (!f->late) add(out, &n, f->unit_id, M_C_ONTIME, f->received_at, 0);
	if (f->late || f->unsatisfied || f->reopened) add(out, &n, f->unit_id, M_C_UNSAT, f->received_at, f->case_id);
	return n;
}
