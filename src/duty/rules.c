/* rules.c — the obligations' pure rules: names, due times, the job's plan,
 * the escalation chain, who may do what, and the counters (no I/O). */
#include <string.h>

#include "web/i18n.h"

#include "duty/duty.h"

static const char *const state_names[DU__MAX] = {"open", "overdue", "escalated", "done", "cancelled"};
static const char *const state_labels[DU__MAX] = {N_("Đang thực hiện"), N_("Quá hạn"), N_("Đã báo cấp trên"), N_("Đã thực hiện"), N_("Đã hủy")};

const char *duty_state_name(duty_state s) { return (unsigned)s < DU__MAX ? state_names[s] : "open"; }
const char *duty_state_label_vi(duty_state s) { return (unsigned)s < DU__MAX ? state_labels[s] : ""; }

int duty_state_parse(const char *s, duty_state *out)
{
	for (int i = 0; s && i < DU__MAX; i++)
		if (!strcmp(s, state_names[i])) { *out = (duty_state)i; return 0; }
	return -1;
}

bool duty_state_live(duty_state s) { return s == DU_OPEN || s == DU_OVERDUE || s == DU_ESCALATED; }

int64_t duty_rules_due(const calendar *c, const duty_rule *r, int64_t start)
{
	/* Counted from the start as every legal deadline is (base/calendar): a
	 * working-day term from the next working moment, a calendar-day term to
	 * the close of its last day (the next working day when that is a day off). */
	return cal_due(c, start, r->days, r->unit, -1);
}

duty_plan duty_rules_plan(const calendar *c, const duty_rule *r, int64_t due, int64_t now, bool reminded)
{
	duty_plan p = {false, 0};
	int64_t day = cal_day_minutes(c);
	if (now >= due) {
		p.level = 1;
		if (cal_working_minutes_between(c, due, now) >= (int64_t)r->escalate_after_days * day) p.level = 2;
		return p;
	}
	p.remind = !reminded && cal_working_minutes_between(c, now, due) <= (int64_t)r->remind_before * day;
	return p;
}

void duty_rules_chain(const int64_t *ancestors, int n, int64_t inspectorate, int64_t out[DUTY_LEVELS])
{
	out[0] = n > 0 ? ancestors[0] : inspectorate;
	out[1] = n > 1 ? ancestors[1] : inspectorate;
	out[2] = inspectorate;
}

bool duty_rules_on_time(int64_t due, int64_t closed_at) { return closed_at <= due; }

bool duty_rules_may(duty_act act, auth_role role, int64_t actor_id, int64_t owner_account_id, bool at_or_above,
                    bool above)
{
	bool inspector = role == ROLE_INSPECTOR || role == ROLE_HOME_AFFAIRS_INSPECTOR;
	bool owner = actor_id && actor_id == owner_account_id && role != ROLE_CITIZEN && role != ROLE_OVERSEER;
	bool head = role == ROLE_UNIT_HEAD;
	switch (act) {
	case DA_READ: return owner || inspector || (head && at_or_above);
	case DA_DONE: return owner || role == ROLE_INSPECTOR || (head && at_or_above);
	case DA_CANCEL: return role == ROLE_INSPECTOR || (head && above);
	}
	return false;
}

int duty_rules_contrib(const duty_row *x, agg_contrib *out)
{
	int n = 0;
	if (x->state == DU_CANCELLED) return 0;
	int64_t u = x->owner_unit_id, o = x->owner_account_id;
	out[n++] = (agg_contrib){u, o, "duty.items", cal_day_of(x->opened_at), 0};
	if (duty_state_live(x->state)) out[n++] = (agg_contrib){u, o, "duty.open", cal_day_of(x->opened_at), x->id};
	if (x->state == DU_OVERDUE || x->state == DU_ESCALATED)
		out[n++] = (agg_contrib){u, o, "duty.overdue", cal_day_of(x->due_at), x->id};
	if (x->state == DU_DONE)
		out[n++] = (agg_contrib){u, o, duty_rules_on_time(x->due_at, x->closed_at) ? "duty.on_time" : "duty.late",
		                         cal_day_of(x->closed_at), 0};
	return n;
}
