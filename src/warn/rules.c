/* rules.c — early warning's pure rules: the measures, the exact Poisson
 * bound, the standardisation against peers, the test, who sees and who acts,
 * the signal's states. No SQL, no HTTP, no clock. */
#include <math.h>
#include <string.h>

#include "base/text.h"
#include "warn/warn.h"
#include "web/i18n.h"

static const char *const signal_names[WS__MAX] = {"supplements", "late_steps", "withdrawals", "reports", "unsatisfied", "held",
                                                  "unpaid"};
static const char *const signal_labels[WS__MAX] = {
	N_("Yêu cầu bổ sung hồ sơ"),
	N_("Bước xử lý trễ hạn"),
	N_("Hồ sơ bị rút hoặc từ chối"),
	N_("Phản ánh, kiến nghị, khiếu nại, tố cáo nêu tên"),
	N_("Đánh giá không hài lòng"),
	N_("Giữ hồ sơ lâu ở một bước"),
	N_("Trả kết quả khi chưa ghi nhận phí, lệ phí"),
};
static const char *const signal_formulas[WS__MAX] = {
	N_("Số lần yêu cầu bổ sung ÷ số bước xử lý đã kết thúc, so với cán bộ khác trên cùng thủ tục"),
	N_("Số bước kết thúc sau thời hạn của bước ÷ số bước xử lý đã kết thúc, so với cán bộ khác trên cùng thủ tục"),
	N_("Số hồ sơ bị rút hoặc từ chối khi cán bộ giữ bước cuối ÷ số bước xử lý đã kết thúc, so với cán bộ khác trên cùng thủ tục"),
	N_("Số phản ánh, kiến nghị, khiếu nại, tố cáo nêu tên cán bộ ÷ số bước xử lý đã kết thúc, so với mọi cán bộ khác"),
	N_("Số đánh giá không hài lòng qua hồ sơ cán bộ đã giữ ÷ số đánh giá nhận được, so với cán bộ khác trên cùng thủ tục"),
	N_("Số bước cán bộ giữ hồ sơ lâu hơn k lần phân vị q của thời gian giữ của cán bộ khác trên cùng thủ tục, cùng bước ÷ "
	   "số bước xử lý đã kết thúc, so với tỷ lệ bước vượt cùng ngưỡng đó của những cán bộ khác"),
	N_("Số hồ sơ cán bộ trả kết quả khi thủ tục có phí, lệ phí theo danh mục mà chưa ghi nhận khoản nộp nào ÷ "
	   "số hồ sơ cán bộ trả kết quả của thủ tục có phí, lệ phí, so với cán bộ khác trên cùng thủ tục"),
};
/* What each measure divides by (the denominator of its rate), as its minimums count it. */
static const char *const signal_exposures[WS__MAX] = {
	N_("bước xử lý đã kết thúc"),
	N_("bước xử lý đã kết thúc"),
	N_("bước xử lý đã kết thúc"),
	N_("bước xử lý đã kết thúc"),
	N_("đánh giá nhận được"),
	N_("bước xử lý đã kết thúc"),
	N_("hồ sơ trả kết quả của thủ tục có phí, lệ phí"),
};
static const char *const state_names[WST__MAX] = {"new", "review", "dismissed", "inspection"};
static const char *const state_labels[WST__MAX] = {
	N_("Mới"),
	N_("Đang xem xét"),
	N_("Đã bỏ qua (có lý do)"),
	N_("Đã dẫn tới thanh tra, kiểm tra"),
};

const char *warn_signal_name(warn_signal s) { return s < WS__MAX ? signal_names[s] : "?"; }
const char *warn_signal_label_vi(warn_signal s) { return s < WS__MAX ? signal_labels[s] : "?"; }
const char *warn_signal_formula_vi(warn_signal s) { return s < WS__MAX ? signal_formulas[s] : "?"; }
const char *warn_signal_exposure_vi(warn_signal s) { return s < WS__MAX ? signal_exposures[s] : "?"; }
const char *warn_state_name(warn_state s) { return s < WST__MAX ? state_names[s] : "?"; }
const char *warn_state_label_vi(warn_state s) { return s < WST__MAX ? state_labels[s] : "?"; }

int warn_signal_parse(const char *s, warn_signal *out)
{
	for (int i = 0; s && i < WS__MAX; i++)
		if (!strcmp(s, signal_names[i])) { *out = (warn_signal)i; return 0; }
	return -1;
}

int warn_state_parse(const char *s, warn_state *out)
{
	for (int i = 0; s && i < WST__MAX; i++)
		if (!strcmp(s, state_names[i])) { *out = (warn_state)i; return 0; }
	return -1;
}

/* The regularised lower incomplete gamma function P(a, x), a > 0: the
 * series for x < a + 1, else 1 − the continued fraction of Q (Lentz). */
static double gamma_p(double a, double x)
{
	if (x <= 0) return 0;
	double lg = lgamma(a);
	if (x < a + 1) {
		double ap = a, sum = 1.0 / a, del = sum;
		for (int i = 0; i < 100000; i++) {
			ap += 1;
			del *= x / ap;
			sum += del;
			if (fabs(del) < fabs(sum) * 1e-15) break;
		}
		return sum * exp(-x + a * log(x) - lg);
	}
	double b = x + 1 - a, c = 1.0 / 1e-300, d = 1.0 / b, h = d;
	for (int i = 1; i < 100000; i++) {
		double an = -i * (i - a);
		b += 2;
		d = an * d + b;
		if (fabs(d) < 1e-300) d = 1e-300;
		c = b + an / c;
		if (fabs(c) < 1e-300) c = 1e-300;
		d = 1.0 / d;
		double del = d * c;
		h *= del;
		if (fabs(del - 1) < 1e-15) break;
	}
	return 1.0 - exp(-x + a * log(x) - lg) * h;
}

/* The λ at which P(a, λ) = p (increasing in λ), by bisection. */
static double gamma_p_inverse(double a, double p)
{
	double lo = 0, hi = a + 50 + 20 * sqrt(a);
	while (gamma_p(a, hi) < p) hi *= 2;
	for (int i = 0; i < 200 && hi - lo > 1e-12 * (1 + hi); i++) {
		double mid = (lo + hi) / 2;
		if (gamma_p(a, mid) < p) lo = mid;
		else hi = mid;
	}
	return (lo + hi) / 2;
}

double warn_poisson_lower(int64_t k, double conf)
{
	if (k <= 0) return 0;
	/* P(X ≥ k | λ) = P(k, λ) */
	return gamma_p_inverse((double)k, (1 - conf) / 2);
}

double warn_poisson_upper(int64_t k, double conf)
{
	if (k < 0) k = 0;
	/* P(X ≤ k | λ) = 1 − P(k + 1, λ) */
	return gamma_p_inverse((double)k + 1, 1 - (1 - conf) / 2);
}

void warn_standardize(const warn_cell *cells, size_t ncells, int nsubjects, int ngroups, int nprocs, int64_t *tot,
                      warn_figures *out)
{
	size_t ntot = (size_t)ngroups * (size_t)nprocs;
	memset(tot, 0, sizeof *tot * 2 * ntot);
	memset(out, 0, sizeof *out * (size_t)nsubjects);
	for (size_t i = 0; i < ncells; i++) {
		const warn_cell *c = &cells[i];
		size_t g = (size_t)c->group * (size_t)nprocs + (size_t)c->proc;
		tot[2 * g] += c->n;
		tot[2 * g + 1] += c->x;
	}
	for (size_t i = 0; i < ncells; i++) {
		const warn_cell *c = &cells[i];
		size_t g = (size_t)c->group * (size_t)nprocs + (size_t)c->proc;
		int64_t pn = tot[2 * g] - c->n, px = tot[2 * g + 1] - c->x;
		if (pn <= 0 || c->n <= 0) continue;   /* no baseline on this procedure */
		warn_figures *f = &out[c->subject];
		f->events += c->x;
		f->exposure += c->n;
		f->peer_events += px;
		f->peer_exposure += pn;
		f->expected += (double)c->n * (double)px / (double)pn;
	}
}

int warn_held_over(const int64_t *hist, const int64_t *lower, int nb, double quantile, double multiple)
{
	int64_t n = 0;
	for (int b = 0; b < nb; b++) n += hist[b];
	if (n <= 0) return nb;
	/* The bucket of the quantile: the first whose running count reaches it. */
	double want = quantile * (double)n;
	int64_t run = 0;
	int k = 0;
	for (; k < nb; k++) {
		run += hist[k];
		if ((double)run >= want && run > 0) break;
	}
	if (k >= nb - 1) return nb;   /* in the open bucket: no top to multiply */
	double over = multiple * (double)lower[k + 1];
	for (int b = k + 1; b < nb; b++)
		if ((double)lower[b] >= over) return b;
	return nb;
}

void warn_held_standardize(const warn_hcell *cells, size_t ncells, int nsubjects, int ngroups, int npsteps,
                           const int64_t *lower, int nb, double quantile, double multiple, int64_t *tot, int64_t *peer,
                           warn_figures *out)
{
	size_t ntot = (size_t)ngroups * (size_t)npsteps * (size_t)nb;
	memset(tot, 0, sizeof *tot * ntot);
	memset(out, 0, sizeof *out * (size_t)nsubjects);
	for (size_t i = 0; i < ncells; i++) {
		int64_t *t = tot + ((size_t)cells[i].group * (size_t)npsteps + (size_t)cells[i].pstep) * (size_t)nb;
		for (int b = 0; b < nb; b++) t[b] += cells[i].hist[b];
	}
	for (size_t i = 0; i < ncells; i++) {
		const warn_hcell *c = &cells[i];
		const int64_t *t = tot + ((size_t)c->group * (size_t)npsteps + (size_t)c->pstep) * (size_t)nb;
		int64_t n = 0, pn = 0, x = 0, px = 0;
		for (int b = 0; b < nb; b++) {
			peer[b] = t[b] - c->hist[b];
			n += c->hist[b];
			pn += peer[b];
		}
		if (pn <= 0 || n <= 0) continue;   /* no baseline on this procedure step */
		int over = warn_held_over(peer, lower, nb, quantile, multiple);
		for (int b = over; b < nb; b++) {
			x += c->hist[b];
			px += peer[b];
		}
		warn_figures *f = &out[c->subject];
		f->events += x;
		f->exposure += n;
		f->peer_events += px;
		f->peer_exposure += pn;
		f->expected += (double)n * (double)px / (double)pn;
	}
}

void warn_judge(const warn_rule *rule, const warn_figures *f, warn_verdict *out)
{
	memset(out, 0, sizeof *out);
	double e = f->expected;
	/* Peers with no event at all: half an event, so that the ratio is finite. */
	if (e <= 0 && f->peer_exposure > 0) e = 0.5 * (double)f->exposure / (double)f->peer_exposure;
	if (e > 0) {
		out->ratio = (double)f->events / e;
		out->lower = warn_poisson_lower(f->events, rule->confidence) / e;
	}
	if (f->exposure < rule->min_exposure) out->why = WW_FEW_EXPOSURE;
	else if (f->events < rule->min_events) out->why = WW_FEW_EVENTS;
	else if (f->peer_exposure < rule->min_peer_exposure || e <= 0) out->why = WW_FEW_PEERS;
	else if (!(out->lower > rule->ratio_min)) out->why = WW_BELOW_THRESHOLD;
	else { out->why = WW_FLAGGED; out->flagged = true; }
}

bool warn_rules_may_see(auth_role role, int64_t actor_unit, const int64_t *ancestors, int nancestors)
{
	if (role == ROLE_INSPECTOR || role == ROLE_HOME_AFFAIRS_INSPECTOR) return true;
	if (role != ROLE_UNIT_HEAD) return false;
	for (int i = 0; i < nancestors; i++)
		if (ancestors[i] == actor_unit) return true;
	return false;
}

bool warn_rules_may_act(auth_role role) { return role == ROLE_INSPECTOR || role == ROLE_HOME_AFFAIRS_INSPECTOR; }

int warn_rules_transition(warn_state from, warn_action a, const char *reason, warn_state *to, err *e)
{
	bool open = from == WST_NEW || from == WST_REVIEW;
	switch (a) {
	case WA_REVIEW:
		if (from != WST_NEW)
			return err_set(e, MB_ECONFLICT, "invalid_state", "state", "Chỉ nhận xem xét được tín hiệu mới.",
			               "only a new signal can be taken up");
		*to = WST_REVIEW;
		return 0;
	case WA_DISMISS:
	case WA_INSPECTION:
		if (!open)
			return err_set(e, MB_ECONFLICT, "invalid_state", "state", "Tín hiệu này đã được xử lý xong.",
			               "this signal is already closed");
		if (text_check_reason(reason, "reason", 2000, true, e)) return MB_EINVAL;
		*to = a == WA_DISMISS ? WST_DISMISSED : WST_INSPECTION;
		return 0;
	default:
		return err_set(e, MB_EINVAL, "invalid_field", "action", "Thao tác không hợp lệ.", "unknown action");
	}
}

int warn_unit_level(const char *kind)
{
	if (!kind) return -1;
	if (!strcmp(kind, "province")) return 0;
	if (!strcmp(kind, "department") || !strcmp(kind, "agency")) return 1;
	if (!strcmp(kind, "commune") || !strcmp(kind, "ward")) return 2;
	return -1;
}
