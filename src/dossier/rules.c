/* rules.c — the dossier lifecycle, the one-supplement rule, deadlines and
 * apologies. Pure: no SQL, no HTTP, no clock (time is passed in). */
#include <stdio.h>
#include <string.h>

#include "dossier/dossier.h"
#include "web/i18n.h"

static const char *const state_names[DS__MAX] = {
	"none", "submitted", "refused", "received", "processing", "supplement",
	"stopped", "result_ready", "returned", "withdrawn",
};

static const char *const state_labels[DS__MAX] = {
	N_("Chưa ghi nhận"),
	N_("Đã nộp trực tuyến, chờ tiếp nhận"),
	N_("Từ chối tiếp nhận"),
	N_("Đã tiếp nhận"),
	N_("Đang giải quyết"),
	N_("Chờ công dân bổ sung hồ sơ"),
	N_("Dừng giải quyết"),
	N_("Đã có kết quả, chờ trả"),
	N_("Đã trả kết quả"),
	N_("Công dân đã rút hồ sơ"),
};

static const char *const cmd_names[DC__MAX] = {
	"submit_online", "receive", "refuse", "assign", "handover", "request_supplement",
	"supplement", "apologize", "stop", "result_ready", "return", "withdraw",
};

const char *dossier_state_name(dossier_state s) { return s < DS__MAX ? state_names[s] : "?"; }
const char *dossier_state_label_vi(dossier_state s) { return s < DS__MAX ? state_labels[s] : "?"; }
const char *dossier_cmd_name(dossier_cmd c) { return c < DC__MAX ? cmd_names[c] : "?"; }

int dossier_state_parse(const char *s, dossier_state *out)
{
	for (int i = 0; s && i < DS__MAX; i++)
		if (!strcmp(s, state_names[i])) { *out = (dossier_state)i; return 0; }
	return -1;
}

bool dossier_state_final(dossier_state s)
{
	return s == DS_REFUSED || s == DS_STOPPED || s == DS_RETURNED || s == DS_WITHDRAWN;
}

/* The transition table: which command may be given in which state, and the
 * state it leads to (DS_NONE: not allowed). */
static const dossier_state next_state[DS__MAX][DC__MAX] = {
	[DS_NONE] = {
		[DC_SUBMIT_ONLINE] = DS_SUBMITTED, [DC_RECEIVE] = DS_RECEIVED, [DC_REFUSE] = DS_REFUSED,
	},
	[DS_SUBMITTED] = {
		[DC_RECEIVE] = DS_RECEIVED, [DC_REFUSE] = DS_REFUSED, [DC_WITHDRAW] = DS_WITHDRAWN,
	},
	[DS_RECEIVED] = {
		[DC_ASSIGN] = DS_PROCESSING, [DC_REQUEST_SUPPLEMENT] = DS_SUPPLEMENT,
		[DC_APOLOGIZE] = DS_RECEIVED, [DC_STOP] = DS_STOPPED, [DC_WITHDRAW] = DS_WITHDRAWN,
	},
	[DS_PROCESSING] = {
		[DC_HANDOVER] = DS_PROCESSING, [DC_REQUEST_SUPPLEMENT] = DS_SUPPLEMENT,
		[DC_APOLOGIZE] = DS_PROCESSING, [DC_STOP] = DS_STOPPED,
		[DC_RESULT_READY] = DS_RESULT_READY, [DC_WITHDRAW] = DS_WITHDRAWN,
	},
	[DS_SUPPLEMENT] = {
		[DC_SUPPLEMENT] = DS_PROCESSING, [DC_STOP] = DS_STOPPED, [DC_WITHDRAW] = DS_WITHDRAWN,
	},
	[DS_RESULT_READY] = {
		[DC_RETURN] = DS_RETURNED,
	},
};

bool dossier_rules_allowed(dossier_state s, dossier_cmd c)
{
	return s < DS__MAX && c < DC__MAX && next_state[s][c] != DS_NONE;
}

/* Who may give each command. Staff act within their unit scope; a
 * processing officer acts only on the dossier they hold; citizens act only
 * on their own dossier. */
static bool role_may(auth_role r, dossier_cmd c)
{
	switch (c) {
	case DC_SUBMIT_ONLINE: return r == ROLE_CITIZEN;
	case DC_RECEIVE:
	case DC_REFUSE:
	case DC_RETURN: return r == ROLE_COUNTER_OFFICER;
	case DC_ASSIGN: return r == ROLE_COUNTER_OFFICER || r == ROLE_UNIT_HEAD;
	case DC_HANDOVER:
	case DC_REQUEST_SUPPLEMENT:
	case DC_APOLOGIZE:
	case DC_STOP:
	case DC_RESULT_READY: return r == ROLE_PROCESSING_OFFICER || r == ROLE_UNIT_HEAD;
	case DC_SUPPLEMENT:
	case DC_WITHDRAW: return r == ROLE_CITIZEN || r == ROLE_COUNTER_OFFICER;
	default: return false;
	}
}

static bool holder_only(dossier_cmd c)
{
	return c == DC_HANDOVER || c == DC_REQUEST_SUPPLEMENT || c == DC_APOLOGIZE || c == DC_STOP ||
	       c == DC_RESULT_READY;
}

int dossier_rules_decide(const dossier_snapshot *s, dossier_cmd c, const dossier_actor *a,
                         const dossier_limits *l, int64_t now, int64_t new_due,
                         dossier_state *next, err *e)
{
	if (c >= DC__MAX || s->state >= DS__MAX)
		return err_set(e, MB_EINVAL, "invalid_field", "action", "Thao tác không hợp lệ.", "unknown action");
	if (!role_may(a->role, c))
		return err_set(e, MB_EFORBIDDEN, "forbidden", NULL,
		               "Vai trò của bạn không được thực hiện thao tác này trên hồ sơ.",
		               "your role may not do this on a dossier");
	if (a->role == ROLE_CITIZEN) {
		if (s->state != DS_NONE && s->citizen_account_id != a->account_id)
			return err_set(e, MB_EFORBIDDEN, "forbidden", NULL, "Đây không phải hồ sơ của bạn.",
			               "this is not your dossier");
	} else if (!a->in_scope) {
		return err_set(e, MB_EFORBIDDEN, "forbidden", NULL,
		               "Hồ sơ không thuộc đơn vị bạn phụ trách.", "the dossier is not in your unit's charge");
	}
	/* A second supplement request is refused as such in every open state
	 * (also while the citizen is still supplementing), so that the attempt is
	 * recorded as what it is. */
	if (c == DC_REQUEST_SUPPLEMENT && s->supplement_requests >= l->supplement_limit &&
	    s->state != DS_NONE && !dossier_state_final(s->state))
		return err_set(e, MB_ECONFLICT, "supplement_limit", NULL,
		               "Hồ sơ đã được yêu cầu bổ sung một lần; không được yêu cầu bổ sung lần thứ hai "
		               "(Nghị định 118/2025/NĐ-CP, Kế hoạch 262/KH-UBND). Yêu cầu này đã được ghi lại.",
		               "the dossier was already sent back for supplement once; a second request is not "
		               "allowed (Decree 118/2025, Plan 262). This attempt has been recorded.");
	if (!dossier_rules_allowed(s->state, c))
		return err_set(e, MB_ECONFLICT, "invalid_transition", "action",
		               "Hồ sơ đang ở trạng thái không cho phép thao tác này.",
		               "the dossier's state does not allow this action");
	if (holder_only(c) && a->role == ROLE_PROCESSING_OFFICER && s->holder_account_id != a->account_id)
		return err_set(e, MB_EFORBIDDEN, "not_holder", NULL,
		               "Chỉ cán bộ đang giữ hồ sơ (hoặc người đứng đầu đơn vị) được thực hiện thao tác này.",
		               "only the official holding the dossier (or the unit head) may do this");
	switch (c) {
	case DC_REQUEST_SUPPLEMENT:
		if (s->supplement_requests >= l->supplement_limit)
			return err_set(e, MB_ECONFLICT, "supplement_limit", NULL,
			               "Hồ sơ đã được yêu cầu bổ sung một lần; không được yêu cầu bổ sung lần thứ hai "
			               "(Nghị định 118/2025/NĐ-CP, Kế hoạch 262/KH-UBND). Yêu cầu này đã được ghi lại.",
			               "the dossier was already sent back for supplement once; a second request is not "
			               "allowed (Decree 118/2025, Plan 262). This attempt has been recorded.");
		break;
	case DC_APOLOGIZE:
		if (s->extensions >= l->extension_limit)
			return err_set(e, MB_ECONFLICT, "extension_limit", NULL,
			               "Hồ sơ đã được gia hạn một lần bằng văn bản xin lỗi; không được gia hạn thêm.",
			               "the dossier was already given one new date with an apology; no further extension");
		if (new_due <= now || new_due <= s->due_at)
			return err_set(e, MB_EINVAL, "invalid_field", "new_due",
			               "Ngày hẹn mới phải sau thời hạn hiện tại và sau thời điểm này.",
			               "the new date must be after the current due time and after now");
		break;
	case DC_HANDOVER:
		/* Within the dossier's due time; an overdue dossier can still move on. */
		if (new_due <= now || (s->due_at > now && new_due > s->due_at))
			return err_set(e, MB_EINVAL, "invalid_field", "step_due",
			               "Hạn xử lý của bước phải sau thời điểm này và không muộn hơn hạn trả kết quả.",
			               "the step's due time must be after now and no later than the dossier's due time");
		break;
	default:
		break;
	}
	*next = next_state[s->state][c];
	return 0;
}

unsigned dossier_rules_offered(const dossier_snapshot *s, const dossier_actor *a, const dossier_limits *l,
                               int64_t now)
{
	unsigned set = 0;
	for (int c = 0; c < DC__MAX; c++) {
		if (!dossier_rules_allowed(s->state, (dossier_cmd)c)) continue;
		/* A due time the rules accept, so that only role, holder, state and
		 * limits decide: a handover within the dossier's due time, an apology
		 * one day after it. */
		int64_t nd = c == DC_HANDOVER ? (s->due_at > now ? s->due_at : now + 3600)
		                              : (s->due_at > now ? s->due_at : now) + 86400;
		dossier_state next;
		if (dossier_rules_decide(s, (dossier_cmd)c, a, l, now, nd, &next, NULL) == 0) set |= 1u << c;
	}
	return set;
}
