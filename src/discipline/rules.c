/* rules.c — the discipline rules, pure: steps, forms by post, limitation
 * periods with their restart, the handling limit and its warning. */
#include <stdint.h>
#include <string.h>

#include "web/i18n.h"

#include "base/calendar.h"
#include "discipline/discipline.h"

static const char *const step_names[DSTEP__MAX] = {"review", "council", "decision", "decided"};
static const char *const step_labels[DSTEP__MAX] = {N_("Họp kiểm điểm"), N_("Hội đồng kỷ luật"), N_("Quyết định kỷ luật"), N_("Đã quyết định")};

const char *discipline_step_name(discipline_step s) { return (unsigned)s < DSTEP__MAX ? step_names[s] : "review"; }
const char *discipline_step_label_vi(discipline_step s) { return (unsigned)s < DSTEP__MAX ? step_labels[s] : ""; }

int discipline_step_parse(const char *s, discipline_step *out)
{
	for (int i = 0; s && i < DSTEP__MAX; i++)
		if (!strcmp(s, step_names[i])) { *out = (discipline_step)i; return 0; }
	return -1;
}

bool discipline_regime_ok(const char *r)
{
	return r && (!strcmp(r, "can_bo") || !strcmp(r, "cong_chuc") || !strcmp(r, "vien_chuc"));
}

static int month_days(int y, int m)
{
	static const int d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return m == 2 && leap ? 29 : d[m - 1];
}

int32_t discipline_add_months(int32_t day, int months)
{
	int y, m, dd;
	cal_ymd(day, &y, &m, &dd);
	int total = y * 12 + (m - 1) + months;
	y = total / 12;
	m = total % 12 + 1;
	if (y > 9999) return cal_day_from_ymd(9999, 12, 31);
	int md = month_days(y, m);
	return cal_day_from_ymd(y, m, dd > md ? md : dd);
}

int32_t discipline_rules_excluded_days(const discipline_period *p, int n, int32_t from, int32_t to, int32_t as_of)
{
	/* A sweep over [from, to]: at each day, the furthest end of a period
	 * covering it, else the next period's start. n is small (a case's periods). */
	int32_t days = 0, pos = from;
	while (pos <= to) {
		int32_t reach = INT32_MIN, next = INT32_MAX;
		for (int i = 0; i < n; i++) {
			int32_t a = p[i].from, b = p[i].to == DISCIPLINE_OPEN ? as_of : p[i].to;
			if (b < a) continue;
			if (a <= pos && b >= pos) {
				if (b > reach) reach = b;
			} else if (a > pos && a < next) {
				next = a;
			}
		}
		if (reach != INT32_MIN) {
			int32_t end = reach < to ? reach : to;
			days += end - pos + 1;
			if (end == INT32_MAX) break;
			pos = end + 1;
		} else if (next != INT32_MAX) {
			pos = next;
		} else {
			break;
		}
	}
	return days;
}

/* The end of the period started on `start`: months after it, plus every
 * excluded day from the start to that end (extended until it no longer moves). */
static int32_t extended_end(int32_t start, int months, const discipline_period *ex, int nex, int32_t as_of)
{
	int32_t base = discipline_add_months(start, months), end = base;
	for (;;) {
		int32_t next = base + discipline_rules_excluded_days(ex, nex, start, end, as_of);
		if (next == end) return end;
		end = next;
	}
}

int32_t discipline_rules_limitation_end(int32_t violation, int months, const int32_t *others, int n,
                                        const discipline_period *excluded, int nexcluded, int32_t as_of)
{
	if (months <= 0) return INT32_MAX;
	int32_t start = violation, end = extended_end(violation, months, excluded, nexcluded, as_of);
	/* Walk the later violations in date order: each one within the running
	 * period restarts it. */
	for (;;) {
		int32_t next = INT32_MAX;
		for (int i = 0; i < n; i++)
			if (others[i] > start && others[i] <= end && others[i] < next) next = others[i];
		if (next == INT32_MAX) return end;
		start = next;
		end = extended_end(next, months, excluded, nexcluded, as_of);
	}
}

int discipline_rules_period_ok(int32_t from, int32_t to, int32_t violation, int32_t today, err *e)
{
	if (from < violation || from > today)
		return err_set(e, MB_EINVAL, "invalid_field", "start_date", "Ngày bắt đầu phải từ ngày vi phạm đến hôm nay.",
		               "the start must be between the violation and today");
	if (to != DISCIPLINE_OPEN && to < from)
		return err_set(e, MB_EINVAL, "invalid_field", "end_date", "Ngày kết thúc không được trước ngày bắt đầu.",
		               "the end cannot be before the start");
	if (to != DISCIPLINE_OPEN && to > today)
		return err_set(e, MB_EINVAL, "invalid_field", "end_date",
		               "Ngày kết thúc không được sau hôm nay; nếu giai đoạn còn đang diễn ra, để trống ngày kết thúc.",
		               "the end cannot be after today; leave it empty while the period runs");
	return 0;
}

int discipline_rules_form_allowed(const discipline_form *f, bool leader, err *e)
{
	if (f->leaders_only && !leader)
		return err_set(e, MB_EINVAL, "form_not_allowed", "form",
		               "Hình thức kỷ luật này chỉ áp dụng với người giữ chức vụ lãnh đạo, quản lý; cán bộ này không giữ chức vụ đó.",
		               "this form of discipline applies only to officials holding a leading post; this official holds none");
	return 0;
}

int discipline_rules_in_time(int32_t decision, int32_t limitation_end, err *e)
{
	if (decision > limitation_end)
		return err_set(e, MB_EINVAL, "time_barred", "decision_date",
		               "Đã hết thời hiệu xử lý kỷ luật đối với vi phạm này (Nghị định 172/2025/NĐ-CP Điều 5): không được quyết định kỷ luật.",
		               "the limitation period for this violation has passed (Decree 172/2025 Art. 5): no decision may be taken");
	return 0;
}

int32_t discipline_rules_handling_due(int32_t discovered, bool complex, const discipline_limits *l)
{
	return discovered + (complex ? l->handling_days_complex : l->handling_days);
}

discipline_warning discipline_rules_warning(int32_t today, int32_t due, const discipline_limits *l)
{
	if (today > due) return DW_PAST;
	if (due - today <= l->warn_before_days) return DW_SOON;
	return DW_NONE;
}

int discipline_rules_step_ok(discipline_step current, discipline_step asked, err *e)
{
	if (current == DSTEP_DECIDED)
		return err_set(e, MB_ECONFLICT, "decided", "step", "Vụ việc đã có quyết định kỷ luật.", "the case is already decided");
	if (asked != current)
		return err_set(e, MB_EINVAL, "invalid_field", "step",
		               "Các bước phải theo thứ tự: họp kiểm điểm, Hội đồng kỷ luật, quyết định kỷ luật.",
		               "the steps go in order: review meeting, disciplinary council, decision");
	return 0;
}
