/* rules.c — what a valid unit contact record is. Pure: no SQL, no HTTP, no clock. */
#include <string.h>

#include "base/text.h"
#include "units/units.h"
#include "web/i18n.h"

const char *const units_field_names[UF__MAX] = {
	"head_name", "head_title", "phone", "email", "hotline", "address",
	"reception_schedule", "reception_place",
};

static const char *const field_labels[UF__MAX] = {
	N_("Người đứng đầu"), N_("Chức vụ"), N_("Điện thoại"), N_("Thư điện tử"), N_("Đường dây nóng"), N_("Địa chỉ"),
	N_("Lịch tiếp công dân"), N_("Địa điểm tiếp công dân"),
};

static const size_t max_chars[UF__MAX] = {120, 120, 40, 254, 40, 300, 1000, 300};

const char *units_field_label_vi(units_field f) { return f < UF__MAX ? field_labels[f] : "?"; }

const char *units_kind_label_vi(const char *kind)
{
	if (!strcmp(kind, "province")) return N_("Tỉnh");
	if (!strcmp(kind, "department")) return N_("Sở, ngành");
	if (!strcmp(kind, "agency")) return N_("Cơ quan, đơn vị");
	if (!strcmp(kind, "commune")) return N_("Xã");
	if (!strcmp(kind, "ward")) return N_("Phường");
	return kind;
}

static bool valid_phone(const char *s)
{
	int digits = 0;
	for (const char *p = s; *p; p++) {
		if (*p >= '0' && *p <= '9') digits++;
		else if (!strchr(" +-.()", *p)) return false;
	}
	return digits >= 3 && digits <= 15;
}

static bool valid_email(const char *s)
{
	const char *at = strchr(s, '@');
	if (!at || at == s || strchr(at + 1, '@') || at - s > 64) return false;
	const char *dot = strrchr(at, '.');
	if (!dot || dot == at + 1 || !dot[1] || dot[1] == '\0') return false;
	for (const char *p = s; *p; p++) {
		unsigned char c = (unsigned char)*p;
		if (c <= ' ' || c >= 0x7F || strchr("<>()[]\\,;:\"", c)) return false;
	}
	return strlen(dot + 1) >= 2;
}

int units_rules_validate(const units_patch *p, err *e)
{
	for (int f = 0; f < UF__MAX; f++) {
		const char *v = p->v[f];
		if (!v) continue;
		bool multiline = f == UF_RECEPTION_SCHEDULE;
		if (!text_valid_utf8(v, strlen(v), multiline))
			return err_set(e, MB_EINVAL, "invalid_field", units_field_names[f],
			               multiline ? "Giá trị chứa ký tự không hợp lệ."
			                         : "Giá trị chứa ký tự không hợp lệ hoặc xuống dòng.",
			               multiline ? "the value contains invalid characters"
			                         : "the value contains invalid characters or a line break");
		if (text_utf8_len(v) > max_chars[f])
			return err_set(e, MB_EINVAL, "invalid_field", units_field_names[f],
			               "Giá trị quá dài.", "the value is too long");
		if (!*v) continue;
		if ((f == UF_PHONE || f == UF_HOTLINE) && !valid_phone(v))
			return err_set(e, MB_EINVAL, "invalid_field", units_field_names[f],
			               "Số điện thoại chỉ gồm chữ số (3–15 số) và các ký tự + - . ( ) khoảng trắng.",
			               "a phone number has 3 to 15 digits and only + - . ( ) or spaces besides");
		if (f == UF_EMAIL && !valid_email(v))
			return err_set(e, MB_EINVAL, "invalid_field", units_field_names[f],
			               "Địa chỉ thư điện tử không hợp lệ.", "not a valid e-mail address");
	}
	return 0;
}

int units_rules_diff(units_patch *p, const units_row *cur)
{
	int n = 0;
	for (int f = 0; f < UF__MAX; f++) {
		if (!p->v[f]) continue;
		if (cur->v[f] && !strcmp(cur->v[f], p->v[f])) p->v[f] = NULL;
		else n++;
	}
	return n;
}
