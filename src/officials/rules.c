/* rules.c — the officials' pure rules (no I/O). */
#include <string.h>

#include "base/text.h"
#include "officials/officials.h"

bool officials_rules_may_read(bool signed_in, auth_role role, bool self, bool head_above)
{
	if (!signed_in) return false;
	if (self) return true;
	if (role == ROLE_INSPECTOR || role == ROLE_HOME_AFFAIRS_INSPECTOR) return true;
	return role == ROLE_UNIT_HEAD && head_above;
}

static bool one_line(const char *s)
{
	return !strchr(s, '\n') && !strchr(s, '\r');
}

int officials_rules_check_desk_name(const char *s, const char *field, bool required, err *e)
{
	if (text_check_field(s, field, 120, required, e)) return e->status;
	if (!s || !*s) return 0;
	if (text_utf8_len(s) < 2 || !one_line(s))
		return err_set(e, MB_EINVAL, "invalid_field", field, "Tên quầy cần 2–120 ký tự, trên một dòng.",
		               "a desk's name is 2 to 120 characters on one line");
	return 0;
}

int officials_rules_check_position(const char *s, err *e)
{
	if (text_check_field(s, "position", 120, false, e)) return e->status;
	if (s && !one_line(s))
		return err_set(e, MB_EINVAL, "invalid_field", "position", "Chức vụ ghi trên một dòng.", "a position is one line");
	return 0;
}
