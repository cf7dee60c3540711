/* rules.c — who may do what. Pure: no SQL, no HTTP, no clock. */
#include <string.h>

#include "auth/auth.h"
#include "base/text.h"
#include "web/i18n.h"

static const char *const role_names[ROLE__MAX] = {
	"citizen", "counter_officer", "processing_officer", "unit_head",
	"inspector", "home_affairs_inspector", "admin", "overseer",
};

static const char *const role_labels[ROLE__MAX] = {
	N_("Công dân, doanh nghiệp"),
	N_("Cán bộ tiếp nhận (một cửa)"),
	N_("Cán bộ xử lý hồ sơ"),
	N_("Người đứng đầu đơn vị"),
	N_("Thanh tra tỉnh"),
	N_("Thanh tra Sở Nội vụ"),
	N_("Quản trị hệ thống"),
	N_("Giám sát (HĐND, MTTQ, báo chí)"),
};

const char *auth_role_name(auth_role r) { return r < ROLE__MAX ? role_names[r] : "unknown"; }
const char *auth_role_label_vi(auth_role r) { return r < ROLE__MAX ? role_labels[r] : "?"; }

int auth_role_parse(const char *s, auth_role *out)
{
	for (int i = 0; s && i < ROLE__MAX; i++)
		if (strcmp(s, role_names[i]) == 0) { *out = (auth_role)i; return 0; }
	return -1;
}

bool auth_rules_perm(auth_role role, int perm)
{
	switch (perm) {
	case WEB_PUBLIC:
	case AUTH_P_SIGNED_IN:
	case AUTH_P_SESSION: return true;
	case AUTH_P_UNIT_EDITOR: return role == ROLE_ADMIN || role == ROLE_UNIT_HEAD;
	case AUTH_P_ADMIN: return role == ROLE_ADMIN;
	case AUTH_P_INSPECTOR: return role == ROLE_INSPECTOR;
	case AUTH_P_DOSSIERS: return role != ROLE_OVERSEER && role < ROLE__MAX;
	case AUTH_P_CITIZEN: return role == ROLE_CITIZEN;
	default: return false;   /* deny by default */
	}
}

bool auth_rules_perm_write(auth_role role, int perm)
{
	if (role == ROLE_OVERSEER) return perm == WEB_PUBLIC || perm == AUTH_P_SESSION;
	return auth_rules_perm(role, perm);
}

bool auth_rules_reads_personal(auth_role role)
{
	switch (role) {
	case ROLE_COUNTER_OFFICER:
	case ROLE_PROCESSING_OFFICER:
	case ROLE_UNIT_HEAD:
	case ROLE_INSPECTOR:
	case ROLE_HOME_AFFAIRS_INSPECTOR:
	case ROLE_ADMIN: return true;
	default: return false;   /* citizens read only their own; overseers none */
	}
}

bool auth_rules_can(auth_role role, int64_t actor_unit, auth_action act,
                    const int64_t *ancestors, int nancestors)
{
	switch (act) {
	case AUTH_A_UNIT_EDIT:
		if (role == ROLE_ADMIN) return nancestors > 0;
		if (role != ROLE_UNIT_HEAD) return false;
		/* A head acts on their own unit and the units below it. */
		for (int i = 0; i < nancestors; i++)
			if (ancestors[i] == actor_unit) return true;
		return false;
	default:
		return false;
	}
}

bool auth_rules_login_limited(int failures_for_pair, int failures_for_login, int failures_for_address)
{
	/* The login-wide limit stops an attack spread over many addresses, but
	 * only at the addresses taking part in it: the owner's fresh address passes. */
	return failures_for_pair >= AUTH_MAX_FAIL_PAIR || failures_for_address >= AUTH_MAX_FAIL_ADDR ||
	       (failures_for_login >= AUTH_MAX_FAIL_LOGIN && failures_for_pair > 0);
}

int auth_rules_check_login_name(const char *login, err *e)
{
	size_t n = login ? strlen(login) : 0;
	if (n < 3 || n > 64)
		return err_set(e, MB_EINVAL, "invalid_field", "login",
		               "Tên đăng nhập phải dài từ 3 đến 64 ký tự.", "the login must be 3 to 64 characters long");
	for (size_t i = 0; i < n; i++) {
		char c = login[i];
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-'))
			return err_set(e, MB_EINVAL, "invalid_field", "login",
			               "Tên đăng nhập chỉ gồm chữ thường không dấu, chữ số và . _ -",
			               "the login may contain only lower-case ASCII letters, digits and . _ -");
	}
	return 0;
}

int auth_rules_check_password(const char *pw, err *e)
{
	size_t n = pw ? text_utf8_len(pw) : 0;
	if (n < 10 || n > 200 || !text_valid_utf8(pw, strlen(pw), false))
		return err_set(e, MB_EINVAL, "invalid_field", "password",
		               "Mật khẩu phải dài từ 10 đến 200 ký tự.", "the password must be 10 to 200 characters long");
	return 0;
}

int auth_rules_check_display_name(const char *s, err *e)
{
	size_t n = s ? text_utf8_len(s) : 0;
	if (n < 2 || n > 120 || !text_valid_utf8(s, strlen(s), false))
		return err_set(e, MB_EINVAL, "invalid_field", "display_name",
		               "Họ tên phải dài từ 2 đến 120 ký tự.", "the display name must be 2 to 120 characters long");
	return 0;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9') return c - '0';
	if (c >= 'a' && c <= 'f') return c - 'a' + 10;
	if (c >= 'A' && c <= 'F') return c - 'A' + 10;
	return -1;
}

/* A byte that, raw or percent-encoded, could make a browser leave the site
 * or read the path differently: controls, white space, slashes after the
 * first, backslashes, '%' (double encoding) and anything outside ASCII. */
static bool unsafe_byte(unsigned c) { return c <= 0x20 || c >= 0x7F || c == '\\'; }

bool auth_rules_local_path(const char *next)
{
	if (!next || next[0] != '/' || next[1] == '/' || next[1] == '\\') return false;
	for (const char *p = next; *p; p++) {
		unsigned c = (unsigned char)*p;
		if (unsafe_byte(c)) return false;
		if (c == '%') {
			int h = hexval(p[1]), l = h < 0 ? -1 : hexval(p[2]);
			if (l < 0) return false;
			unsigned d = (unsigned)(h * 16 + l);
			if ((unsafe_byte(d) && d < 0x80) || d == 0x7F || d == '/' || d == '%') return false;
			p += 2;
		}
	}
	return true;
}
