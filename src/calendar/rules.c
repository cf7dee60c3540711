/* rules.c — what a valid holiday row is. Pure: no SQL, no HTTP, no clock. */
#include <string.h>

#include "base/text.h"
#include "calendar/calendar_db.h"
#include "web/i18n.h"

const char *const calendar_kinds[3] = {"holiday", "compensatory", "working_saturday"};
const char *const calendar_statuses[6] = {"official", "statutory", "computed", "estimated", "unverified", "confirmed"};

static bool one_of(const char *s, const char *const *list, size_t n)
{
	for (size_t i = 0; s && i < n; i++)
		if (!strcmp(s, list[i])) return true;
	return false;
}

static int check_name(const char *v, const char *field, err *e)
{
	if (!v || !*v)
		return err_set(e, MB_EINVAL, "invalid_field", field, "Tên ngày nghỉ không được để trống.",
		               "the name must not be empty");
	if (!text_valid_utf8(v, strlen(v), false))
		return err_set(e, MB_EINVAL, "invalid_field", field, "Tên chứa ký tự không hợp lệ hoặc xuống dòng.",
		               "the name contains invalid characters or a line break");
	if (text_utf8_len(v) > CALENDAR_NAME_MAX)
		return err_set(e, MB_EINVAL, "invalid_field", field, "Tên quá dài (tối đa 200 ký tự).",
		               "the name is too long (200 characters at most)");
	return 0;
}

int calendar_rules_validate(const holiday *h, err *e)
{
	int32_t day;
	int y;
	if (cal_parse_date(h->date, &day))
		return err_set(e, MB_EINVAL, "invalid_field", "date", "Ngày phải có dạng YYYY-MM-DD và là một ngày có thật.",
		               "the date must read YYYY-MM-DD and exist");
	cal_ymd(day, &y, NULL, NULL);
	if (y < CALENDAR_YEAR_MIN || y > CALENDAR_YEAR_MAX)
		return err_set(e, MB_EINVAL, "invalid_field", "date", "Năm phải từ 2000 đến 2100.",
		               "the year must be from 2000 to 2100");
	if (!one_of(h->kind, calendar_kinds, 3))
		return err_set(e, MB_EINVAL, "invalid_field", "kind",
		               "Loại ngày phải là holiday (nghỉ lễ), compensatory (nghỉ bù, hoán đổi) hoặc "
		               "working_saturday (làm bù).",
		               "the kind must be holiday, compensatory or working_saturday");
	int wd = cal_weekday(day);
	if (!strcmp(h->kind, "working_saturday") && wd != 0 && wd != 6)
		return err_set(e, MB_EINVAL, "invalid_field", "kind", "Ngày làm bù phải là thứ Bảy hoặc Chủ nhật.",
		               "a working_saturday must be a Saturday or a Sunday");
	if (check_name(h->name_vi, "name_vi", e) || check_name(h->name_en, "name_en", e)) return MB_EINVAL;
	if (!one_of(h->status, calendar_statuses, 6))
		return err_set(e, MB_EINVAL, "invalid_field", "status",
		               "Trạng thái phải là official, statutory, computed, estimated, unverified hoặc confirmed.",
		               "the status must be official, statutory, computed, estimated, unverified or confirmed");
	return 0;
}

bool calendar_rules_needs_check(const char *status)
{
	return status && (!strcmp(status, "computed") || !strcmp(status, "estimated") || !strcmp(status, "unverified"));
}

static bool same(const char *a, const char *b)
{
	return (!a && !b) || (a && b && !strcmp(a, b));
}

bool calendar_rules_differ(const holiday *cur, const holiday *next)
{
	return !same(cur->kind, next->kind) || !same(cur->name_vi, next->name_vi) ||
	       !same(cur->name_en, next->name_en) || !same(cur->status, next->status);
}

int calendar_rules_parse_year(const char *s)
{
	if (!s || strlen(s) != 4) return -1;
	int y = 0;
	for (int i = 0; i < 4; i++) {
		if (s[i] < '0' || s[i] > '9') return -1;
		y = y * 10 + (s[i] - '0');
	}
	return y >= CALENDAR_YEAR_MIN && y <= CALENDAR_YEAR_MAX ? y : -1;
}

const char *calendar_kind_label_vi(const char *kind)
{
	if (!kind) return "?";
	if (!strcmp(kind, "holiday")) return N_("Nghỉ lễ, Tết");
	if (!strcmp(kind, "compensatory")) return N_("Nghỉ bù, nghỉ hoán đổi");
	if (!strcmp(kind, "working_saturday")) return N_("Làm bù (ngày làm việc)");
	return kind;
}

const char *calendar_status_label_vi(const char *status)
{
	if (!status) return "?";
	if (!strcmp(status, "official")) return N_("Theo văn bản chính thức");
	if (!strcmp(status, "statutory")) return N_("Theo Bộ luật Lao động");
	if (!strcmp(status, "computed")) return N_("Tính theo âm lịch");
	if (!strcmp(status, "estimated")) return N_("Dự kiến");
	if (!strcmp(status, "unverified")) return N_("Chưa xác minh văn bản");
	if (!strcmp(status, "confirmed")) return N_("Đã được quản trị xác nhận");
	return status;
}

const char *calendar_weekday_label_vi(int weekday)
{
	static const char *const names[7] = {
		N_("Chủ nhật"), N_("Thứ Hai"), N_("Thứ Ba"), N_("Thứ Tư"), N_("Thứ Năm"), N_("Thứ Sáu"), N_("Thứ Bảy"),
	};
	return weekday >= 0 && weekday < 7 ? names[weekday] : "?";
}
