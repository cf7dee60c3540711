/* rules.c — the pure rules of cases: names, the transition table, who may do
 * what, the legal clocks, codes and the redaction of published summaries.
 * No I/O and no clock: everything comes in as arguments. */
#include <stdio.h>
#include <string.h>

#include "cases/cases.h"
#include "base/text.h"
#include "cases/internal.h"
#include "web/i18n.h"

static const char *const kind_names[CK__MAX] = {"feedback", "petition", "complaint", "denunciation", "information"};
static const char *const kind_labels[CK__MAX] = {
	N_("Phản ánh"), N_("Kiến nghị"), N_("Khiếu nại"), N_("Tố cáo"), N_("Thông tin tố cáo nặc danh"),
};
static const char *const state_names[CS__MAX] = {
	"none", "received", "not_accepted", "accepted", "assigned", "verified", "concluded", "published",
	"reopened", "resolved", "withdrawn",
};
static const char *const state_labels[CS__MAX] = {
	N_("Chưa ghi nhận"), N_("Đã tiếp nhận"), N_("Không thụ lý"), N_("Đã thụ lý"), N_("Đã giao người xử lý"),
	N_("Đã xác minh"), N_("Đã có kết luận"), N_("Đã công khai kết quả"), N_("Xử lý lại"),
	N_("Đã giải quyết xong (được xác nhận)"), N_("Đã rút đơn"),
};
static const char *const cmd_names[CC__MAX] = {
	"receive", "accept", "not_accept", "transfer", "assign", "extend", "verify", "conclude", "publish",
	"rate", "confirm", "withdraw",
};
static const char *const category_names[CCAT__MAX] = {
	"harassment", "rudeness", "delay", "money_demand", "extra_papers", "regulation", "other",
};
static const char *const category_labels[CCAT__MAX] = {
	N_("Nhũng nhiễu, gây phiền hà"), N_("Thái độ, ứng xử không đúng mực"), N_("Chậm trễ, để hồ sơ quá hạn"),
	N_("Đòi tiền, quà, \"bồi dưỡng\""), N_("Đòi giấy tờ ngoài quy định"), N_("Quy định hành chính"), N_("Khác"),
};
static const char *const channel_names[CH__MAX] = {"web", "hotline", "in_person", "email", "open311", "post"};
static const char *const channel_labels[CH__MAX] = {
	N_("Cổng thông tin"), N_("Đường dây nóng"), N_("Trực tiếp"), N_("Thư điện tử"), N_("Ứng dụng (Open311)"),
	N_("Bưu chính"),
};

static int parse(const char *const *names, int n, const char *s)
{
	if (!s) return -1;
	for (int i = 0; i < n; i++)
		if (!strcmp(names[i], s)) return i;
	return -1;
}

#define NAME_FNS(prefix, type, MAX, names)                                   \
	const char *prefix##_name(type v)                                        \
	{                                                                        \
		return (unsigned)v < MAX ? names[v] : "";                            \
	}                                                                        \
	int prefix##_parse(const char *s, type *out)                             \
	{                                                                        \
		int i = parse(names, MAX, s);                                        \
		if (i < 0) return -1;                                                \
		*out = (type)i;                                                      \
		return 0;                                                            \
	}

NAME_FNS(case_kind, case_kind, CK__MAX, kind_names)
NAME_FNS(case_state, case_state, CS__MAX, state_names)
NAME_FNS(case_cmd, case_cmd, CC__MAX, cmd_names)
NAME_FNS(case_category, case_category, CCAT__MAX, category_names)
NAME_FNS(case_channel, case_channel, CH__MAX, channel_names)

const char *case_kind_label_vi(case_kind k) { return (unsigned)k < CK__MAX ? kind_labels[k] : ""; }
const char *case_state_label_vi(case_state s) { return (unsigned)s < CS__MAX ? state_labels[s] : ""; }
const char *case_category_label_vi(case_category c) { return (unsigned)c < CCAT__MAX ? category_labels[c] : ""; }
const char *case_channel_label_vi(case_channel c) { return (unsigned)c < CH__MAX ? channel_labels[c] : ""; }

bool case_state_final(case_state s)
{
	return s == CS_NOT_ACCEPTED || s == CS_RESOLVED || s == CS_WITHDRAWN;
}

const char *case_state_open311(case_state s)
{
	return s == CS_NOT_ACCEPTED || s == CS_PUBLISHED || s == CS_RESOLVED || s == CS_WITHDRAWN ? "closed" : "open";
}

/* --- the transition table --- */

#define B(s) (1u << (s))
static const unsigned allowed_from[CC__MAX] = {
	[CC_RECEIVE] = B(CS_NONE),
	[CC_ACCEPT] = B(CS_RECEIVED),
	[CC_NOT_ACCEPT] = B(CS_RECEIVED),
	[CC_TRANSFER] = B(CS_RECEIVED),
	[CC_ASSIGN] = B(CS_ACCEPTED) | B(CS_ASSIGNED) | B(CS_REOPENED),
	[CC_EXTEND] = B(CS_RECEIVED) | B(CS_ACCEPTED) | B(CS_ASSIGNED) | B(CS_VERIFIED) | B(CS_REOPENED),
	[CC_VERIFY] = B(CS_ASSIGNED),
	[CC_CONCLUDE] = B(CS_VERIFIED),
	[CC_PUBLISH] = B(CS_CONCLUDED),
	[CC_RATE] = B(CS_PUBLISHED),
	[CC_CONFIRM] = B(CS_PUBLISHED),
	[CC_WITHDRAW] = B(CS_RECEIVED) | B(CS_ACCEPTED) | B(CS_ASSIGNED) | B(CS_VERIFIED) | B(CS_REOPENED),
};

bool case_rules_allowed(case_state s, case_cmd c)
{
	return (unsigned)c < CC__MAX && (unsigned)s < CS__MAX && (allowed_from[c] & B(s));
}

case_phase case_rules_phase(case_state s)
{
	switch (s) {
	case CS_RECEIVED: return CP_INITIAL;
	case CS_ACCEPTED: case CS_ASSIGNED: case CS_VERIFIED: case CS_REOPENED: return CP_SETTLE;
	default: return CP__MAX;
	}
}

static bool is_staff(auth_role r)
{
	/* Administrators manage accounts, not cases. */
	return r == ROLE_COUNTER_OFFICER || r == ROLE_PROCESSING_OFFICER || r == ROLE_UNIT_HEAD ||
	       r == ROLE_INSPECTOR || r == ROLE_HOME_AFFAIRS_INSPECTOR;
}

/* Heads decide acceptance, assignment, extensions and publication; an
 * inspector acts as the head for the cases of the inspectorate's own units. */
static bool is_manager(const case_actor *a)
{
	return a->account_id && a->in_scope && (a->role == ROLE_UNIT_HEAD || a->role == ROLE_INSPECTOR);
}

static int forbidden(err *e, const char *vi, const char *en)
{
	return err_set(e, MB_EFORBIDDEN, "forbidden", NULL, vi, en);
}

int case_rules_decide(const case_snapshot *s, case_cmd c, const case_actor *a, const case_rules *r,
                      bool satisfied, case_state *next, bool *escalate, err *e)
{
	*escalate = false;
	if (!case_rules_allowed(s->state, c))
		return err_set(e, MB_ECONFLICT, "invalid_state", NULL,
		               "Không thể thực hiện thao tác này ở trạng thái hiện tại của đơn.",
		               "this action is not possible in the case's current state");
	/* A denunciation is never handled by the unit it names. */
	bool protected_kind = s->kind == CK_DENUNCIATION || s->kind == CK_INFORMATION;
	if (c != CC_RECEIVE && a->account_id && !a->is_reporter && protected_kind && a->in_subject_unit)
		return forbidden(e, "Cán bộ của đơn vị bị tố cáo không được xử lý tố cáo này.",
		                 "staff of the unit denounced may not handle this denunciation");
	bool handler = a->account_id && a->account_id == s->handler_account_id && a->in_scope;
	switch (c) {
	case CC_RECEIVE:
		*next = CS_RECEIVED;
		return 0;
	case CC_ACCEPT:
	case CC_NOT_ACCEPT:
	case CC_ASSIGN:
	case CC_PUBLISH:
		if (!is_manager(a))
			return forbidden(e, "Chỉ người đứng đầu đơn vị đang giải quyết mới được thực hiện thao tác này.",
			                 "only the head of the handling unit may do this");
		*next = c == CC_ACCEPT ? CS_ACCEPTED : c == CC_NOT_ACCEPT ? CS_NOT_ACCEPTED
		      : c == CC_ASSIGN ? CS_ASSIGNED : CS_PUBLISHED;
		return 0;
	case CC_TRANSFER:
		/* No wrong door: whoever received it forwards it to the competent unit. */
		if (!a->account_id || !a->in_scope || !is_staff(a->role))
			return forbidden(e, "Chỉ cán bộ của đơn vị đang giữ đơn mới được chuyển đơn.",
			                 "only staff of the unit holding the case may transfer it");
		*next = CS_RECEIVED;
		return 0;
	case CC_EXTEND: {
		if (!is_manager(a))
			return forbidden(e, "Chỉ người đứng đầu đơn vị mới được gia hạn.", "only the head of the unit may extend");
		case_phase p = case_rules_phase(s->state);
		const case_clock *k = &r->clocks[s->kind][p];
		if (p == CP__MAX || k->extension_limit <= 0 || k->extension_days <= 0)
			return err_set(e, MB_ECONFLICT, "extension_not_allowed", NULL,
			               "Pháp luật không cho phép gia hạn thời hạn này.",
			               "the law allows no extension of this time limit");
		if (s->phase_extensions >= k->extension_limit)
			return err_set(e, MB_ECONFLICT, "extension_limit", NULL,
			               "Đã gia hạn tối đa số lần pháp luật cho phép.",
			               "the time limit was already extended as many times as the law allows");
		*next = s->state;
		return 0;
	}
	case CC_VERIFY:
	case CC_CONCLUDE:
		if (!handler && !is_manager(a))
			return forbidden(e, "Chỉ người được giao xử lý hoặc người đứng đầu đơn vị mới được thực hiện.",
			                 "only the assigned official or the head of the unit may do this");
		*next = c == CC_VERIFY ? CS_VERIFIED : CS_CONCLUDED;
		return 0;
	case CC_RATE:
		if (!a->is_reporter)
			return forbidden(e, "Chỉ người gửi đơn mới được đánh giá kết quả.", "only the reporter may rate the result");
		if (satisfied) {
			*next = CS_RESOLVED;
		} else {
			*next = CS_REOPENED;
			*escalate = s->reopened >= r->reopen_limit;
		}
		return 0;
	case CC_CONFIRM:
		if (!a->account_id || (a->role != ROLE_INSPECTOR && a->role != ROLE_HOME_AFFAIRS_INSPECTOR))
			return forbidden(e, "Chỉ thanh tra mới được xác nhận đơn đã giải quyết xong.",
			                 "only an inspector may confirm a case as resolved");
		*next = CS_RESOLVED;
		return 0;
	case CC_WITHDRAW:
		/* The reporter, or the head recording the reporter's letter of withdrawal. */
		if (!a->is_reporter && !is_manager(a))
			return forbidden(e, "Chỉ người gửi đơn mới được rút đơn.", "only the reporter may withdraw the case");
		*next = CS_WITHDRAWN;
		return 0;
	default:
		return err_set(e, MB_EINVAL, "invalid_field", "action", "Thao tác không hợp lệ.", "unknown action");
	}
}

/* --- the exclusion set and the routing of denunciations --- */

const char *case_subject_scope_name(case_subject_scope s)
{
	return s == CSS_SUBTREE ? "subtree" : s == CSS_UNIT ? "unit" : "person";
}

case_subject_scope case_rules_subject_scope(bool unit_is_root, bool unit_holds_handler)
{
	if (unit_holds_handler) return CSS_PERSON;
	return unit_is_root ? CSS_UNIT : CSS_SUBTREE;
}

bool case_rules_excluded(const case_subject *s, int ns, int64_t account_id, const int64_t *chain, int nchain)
{
	for (int i = 0; i < ns; i++) {
		if (account_id && s[i].account_id == account_id) return true;
		if (!s[i].unit_id || nchain <= 0) continue;
		if (s[i].scope == CSS_UNIT && chain[0] == s[i].unit_id) return true;
		if (s[i].scope == CSS_SUBTREE)
			for (int k = 0; k < nchain; k++)
				if (chain[k] == s[i].unit_id) return true;
	}
	return false;
}

int case_rules_route(const case_subject *s, int ns, const int64_t *const *chains, const int *nchains, int nh,
                     bool *beyond)
{
	*beyond = false;
	if (nh <= 0) return -1;
	/* The People's Committee of the province itself (the root every chain
	 * ends at) is named: its Chairman is answerable to the Prime Minister
	 * (Art. 13(6)); the province records and forwards. */
	int64_t root = nchains[0] > 0 ? chains[0][nchains[0] - 1] : 0;
	for (int i = 0; i < ns; i++)
		if (root && s[i].unit_id == root) *beyond = true;
	for (int h = 0; h < nh; h++)
		if (!case_rules_excluded(s, ns, 0, chains[h], nchains[h])) return h;
	return -1;
}

int64_t case_rules_due(const calendar *c, const case_clock *k, int64_t from)
{
	return cal_due(c, from, k->days, k->unit, -1);
}

int64_t case_rules_extend(const calendar *c, const case_clock *k, int64_t due_at)
{
	return cal_due(c, due_at, k->extension_days, k->unit, -1);
}

case_kind case_rules_effective_kind(case_kind k, bool anonymous)
{
	return k == CK_DENUNCIATION && anonymous ? CK_INFORMATION : k;
}

bool case_rules_time_barred(case_kind k, int64_t incident_day, int64_t received_day)
{
	return k == CK_COMPLAINT && incident_day > 0 && received_day - incident_day > 90;
}

void case_rules_code(int64_t at, int serial, char *out, size_t n)
{
	int y, m, d;
	cal_ymd(cal_day_of(at), &y, &m, &d);
	snprintf(out, n, "DT-%02d%02d%02d-%04d", y % 100, m, d, serial);
}

bool case_rules_code_valid(const char *code)
{
	/* DT-YYMMDD-NNNN, the serial may grow past four digits. */
	if (!code || strncmp(code, "DT-", 3)) return false;
	size_t n = strlen(code);
	if (n < 14 || n > 20 || code[9] != '-') return false;
	for (size_t i = 3; i < n; i++)
		if (i != 9 && (code[i] < '0' || code[i] > '9')) return false;
	return true;
}

/* --- redaction --- */

char *case_rules_redact(const char *in, const char *const *names, int nnames, arena *a)
{
	return text_redact(in, names, nnames, a);
}

void case_rules_overseer_view(case_row *row)
{
	/* Free text written by the reporter or by staff may name anyone: withheld.
	 * The result summary stays: it is written for publication, redacted. */
	row->title = "";
	row->body = "";
	row->reason = "";
	row->conclusion = "";
	row->findings = "";
	row->subject_name = "";
	row->subject_official_name = "";
	row->subject_official_title = "";
	row->subject_account_id = 0;
	row->address_string = "";
	row->has_lat = false;
	row->lat = row->lon = 0;
}
