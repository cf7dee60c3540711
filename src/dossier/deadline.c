/* deadline.c — due times, risk, apology deadlines and dossier codes: the
 * parts of the dossier rules that need the working-day calendar. Pure. */
#include <stdio.h>

#include "dossier/dossier.h"
#include "web/i18n.h"

int64_t dossier_rules_due_on_resume(const calendar *c, dossier_clock policy, int64_t due_at,
                                    int64_t paused_at, int64_t now, int days, cal_unit unit, int cutoff_min)
{
	if (policy == DOSSIER_CLOCK_RESTART) return cal_due(c, now, days, unit, cutoff_min);
	/* Pause: the working time that was left when the dossier went back to the
	 * citizen continues from now. */
	int64_t left = cal_working_minutes_between(c, paused_at, due_at);
	return cal_add_working_minutes(c, now, left);
}

const char *dossier_risk_name(dossier_risk r)
{
	return r == DR_OVERDUE ? "overdue" : r == DR_AT_RISK ? "at_risk" : "on_time";
}

dossier_risk dossier_rules_risk(const calendar *c, int64_t due_at, int64_t now, int64_t at_risk_minutes)
{
	if (!due_at) return DR_ON_TIME;
	if (now > due_at) return DR_OVERDUE;
	return cal_working_minutes_between(c, now, due_at) <= at_risk_minutes ? DR_AT_RISK : DR_ON_TIME;
}

bool dossier_rules_step_late(int64_t step_due_at, int64_t ended_at, int64_t now)
{
	return step_due_at && (ended_at ? ended_at : now) > step_due_at;
}

dossier_progress dossier_rules_progress(const calendar *c, const dossier_timing *t, int64_t now,
                                        int64_t at_risk_minutes)
{
	if (t->finished_at || dossier_state_final(t->state))
		return t->late ? DP_DONE_LATE : t->state == DS_RETURNED ? DP_DONE_ON_TIME : DP_ENDED;
	if (t->state == DS_SUPPLEMENT) return DP_PAUSED;
	if (!t->due_at) return DP_NOT_STARTED;
	dossier_risk r = dossier_rules_risk(c, t->due_at, now, at_risk_minutes);
	if (t->step_due_at) {
		dossier_risk rs = dossier_rules_risk(c, t->step_due_at, now, at_risk_minutes);
		if (rs > r) r = rs;
	}
	return r == DR_OVERDUE ? DP_OVERDUE : r == DR_AT_RISK ? DP_AT_RISK : DP_ON_TIME;
}

const char *dossier_progress_name(dossier_progress p)
{
	static const char *const names[] = {"not_started", "paused", "on_time", "at_risk", "overdue",
	                                    "done_on_time", "done_late", "ended"};
	return p <= DP_ENDED ? names[p] : "?";
}

const char *dossier_progress_label_vi(dossier_progress p)
{
	static const char *const labels[] = {
		N_("Chưa tính hạn (chờ tiếp nhận)"), N_("Tạm dừng tính hạn (chờ bổ sung)"), N_("Trong hạn"),
		N_("Sắp đến hạn"), N_("Quá hạn"), N_("Đúng hạn"), N_("Trễ hạn"), N_("Đã kết thúc"),
	};
	return p <= DP_ENDED ? labels[p] : "?";
}

const char *dossier_progress_class(dossier_progress p)
{
	static const char *const cls[] = {"done", "done", "ok", "risk", "late", "ok", "late", "done"};
	return p <= DP_ENDED ? cls[p] : "done";
}

const char *dossier_progress_risk_name(dossier_progress p)
{
	return p == DP_OVERDUE ? "overdue" : p == DP_AT_RISK ? "at_risk" : "on_time";
}

int64_t dossier_rules_apology_deadline(const calendar *c, int64_t due_at, int lead_days)
{
	/* Step back lead_days working days from the due time's date, same time of day. */
	int32_t day = cal_day_of(due_at);
	int64_t tod = due_at - cal_local(day, 0);
	for (int i = 0; i < lead_days; i++) {
		do day--; while (!cal_is_working_day(c, day));
	}
	return cal_local(day, 0) + tod;
}

void dossier_rules_code(const char *unit_code, int64_t at, int serial, char *out, size_t n)
{
	char ini[8];
	size_t k = 0;
	bool start = true;
	for (const char *p = unit_code; *p && k < sizeof ini - 1; p++) {
		if (*p == '-') { start = true; continue; }
		if (start && ((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9')))
			ini[k++] = (char)(*p >= 'a' && *p <= 'z' ? *p - 'a' + 'A' : *p);
		start = false;
	}
	ini[k] = '\0';
	int y, m, d;
	cal_ymd(cal_day_of(at), &y, &m, &d);
	snprintf(out, n, "%s-%02d%02d%02d-%04d", k ? ini : "HS", y % 100, m, d, serial);
}
