/* pages.c — administrators' account pages: list, create, change role or
 * unit, disable, reset a password. Generated passwords are shown once. */
#include <sodium.h>
#include <string.h>

#include "auth/auth.h"
#include "auth/repo.h"
#include "ui/ui.h"
#include "web/html.h"

static void role_select(web_req *r, const char *current)
{
	H(r, "<select name=\"role\" aria-label=\"%s\">", web_t(r, "Vai trò"));
	for (int i = 0; i < ROLE__MAX; i++)
		H(r, "<option value=\"%s\"%r>%s</option>", auth_role_name((auth_role)i),
		  current && !strcmp(current, auth_role_name((auth_role)i)) ? " selected" : "",
		  web_t(r, auth_role_label_vi((auth_role)i)));
	H(r, "</select>");
}

static int render(web_req *r, const char *notice, const char *password, const err *e)
{
	json_t *arr = json_array();
	err le = {0};
	if (auth_repo_accounts_json(db_thread(), NULL, arr, &le)) { json_decref(arr); return web_error(r, &le); }
	ui_page_begin(r, web_t(r, "Tài khoản"));
	H(r, "<h1>%s</h1>", web_t(r, "Tài khoản"));
	if (e) H(r, "<p class=\"error\" role=\"alert\">%s</p>", !strcmp(r->lang, "en") ? e->en : e->vi);
	if (notice) {
		H(r, "<p class=\"demo\" role=\"status\">%s", notice);
		if (password)
			H(r, " %s <code class=\"password\">%s</code> — %s", web_t(r, "Mật khẩu:"), password,
			  web_t(r, "chỉ hiển thị một lần; hãy trao cho người dùng qua kênh an toàn."));
		H(r, "</p>");
	}
	H(r, "<section class=\"card\"><h2>%s</h2><form method=\"post\" action=\"/admin/accounts\" class=\"form\">"
	     "%r"
	     "<label>%s<input name=\"login\" required maxlength=\"64\" pattern=\"[a-z0-9._-]{3,64}\"></label>"
	     "<label>%s<input name=\"display_name\" required maxlength=\"120\"></label><label>%s",
	  web_t(r, "Tạo tài khoản"), auth_form_fields(r), web_t(r, "Tên đăng nhập"), web_t(r, "Họ và tên"), web_t(r, "Vai trò"));
	role_select(r, NULL);
	H(r, "</label><label>%s<input name=\"unit\" required maxlength=\"100\" placeholder=\"phuong-chieng-coi\"></label>"
	     "<button type=\"submit\">%s</button></form></section>",
	  web_t(r, "Mã đơn vị"), web_t(r, "Tạo và sinh mật khẩu"));
	const char *l_login = web_t(r, "Tên đăng nhập"), *l_name = web_t(r, "Họ và tên"), *l_role = web_t(r, "Vai trò, đơn vị"),
	           *l_state = web_t(r, "Trạng thái"), *l_pw = web_t(r, "Mật khẩu");
	H(r, "<table class=\"list stack\"><thead><tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr></thead><tbody>",
	  l_login, l_name, l_role, l_state, l_pw);
	size_t i;
	json_t *a;
	json_array_foreach(arr, i, a) {
		const char *login = json_string_value(json_object_get(a, "login"));
		bool disabled = json_is_true(json_object_get(a, "disabled"));
		H(r, "<tr><td data-label=\"%s\"><code>%s</code></td><td data-label=\"%s\"%r>%s</td><td data-label=\"%s\">"
		     "<form method=\"post\" action=\"/admin/accounts/%u\" class=\"row\">"
		     "%r",
		  l_login, login, l_name, ui_vi(r), json_string_value(json_object_get(a, "display_name")), l_role, login, auth_form_fields(r));
		role_select(r, json_string_value(json_object_get(a, "role")));
		H(r, "<input name=\"unit\" value=\"%s\" maxlength=\"100\" aria-label=\"%s\">"
		     "<label class=\"check\"><input type=\"checkbox\" name=\"disabled\" value=\"1\"%r> %s</label>"
		     "<button type=\"submit\">%s</button></form></td><td data-label=\"%s\">%s</td><td data-label=\"%s\">"
		     "<form method=\"post\" action=\"/admin/accounts/%u/password\" class=\"inline\">"
		     "%r<button type=\"submit\">%s</button></form></td></tr>",
		  json_string_value(json_object_get(a, "unit")), web_t(r, "Mã đơn vị"),
		  disabled ? " checked" : "", web_t(r, "Khóa"), web_t(r, "Lưu"), l_state,
		  disabled ? web_t(r, "Đã khóa") : web_t(r, "Đang dùng"), l_pw, login, auth_form_fields(r), web_t(r, "Đặt lại mật khẩu"));
	}
	H(r, "</tbody></table>");
	ui_page_end(r);
	json_decref(arr);
	return 0;
}

static int page_list(web_req *r)
{
	const char *pw = auth_form_take(r, "password");
	web_header_add(r, "Cache-Control", "no-store");
	return render(r, auth_form_take(r, "notice"), pw && *pw ? pw : NULL, NULL);
}

/* Runs one account command in a transaction; renders the page either way. */
typedef int (*account_cmd)(web_req *r, db *d, char *pw_out, err *e);

static int run(web_req *r, account_cmd cmd, const char *ok_notice, bool shows_password)
{
	err e = {0};
	db *d = db_thread();
	char pw[24] = "";
	if (db_begin(d, &e)) return web_error(r, &e);
	if (cmd(r, d, pw, &e)) {
		db_rollback(d);
		if (e.status == MB_EINVAL || e.status == MB_ECONFLICT || e.status == MB_ENOTFOUND) {
			r->status = err_http_status(e.status, e.code);
			return render(r, NULL, NULL, &e);
		}
		return web_error(r, &e);
	}
	if (db_commit(d, &e)) return web_error(r, &e);
	/* POST/redirect/GET: the notice and a generated password are kept sealed
	 * for the list page, which shows them once. */
	const char *tok = auth_form_token(r);
	int rc = !tok || auth_form_keep(r, "notice", ok_notice) || auth_form_keep(r, "password", shows_password ? pw : "")
	             ? render(r, ok_notice, shows_password ? pw : NULL, NULL)
	             : web_redirect(r, arena_printf(r->a, "/admin/accounts?f=%s", tok));
	sodium_memzero(pw, sizeof pw);
	return rc;
}

static int cmd_create(web_req *r, db *d, char *pw, err *e)
{
	auth_role role;
	if (auth_role_parse(web_form(r, "role"), &role))
		return err_set(e, MB_EINVAL, "invalid_field", "role", "Vai trò không hợp lệ.", "unknown role");
	const auth_actor *a = r->actor;
	return auth_account_create(d, &a->ledger, web_form(r, "login"), web_form(r, "display_name"), role,
	                           web_form(r, "unit"), NULL, pw, e);
}

static int cmd_change(web_req *r, db *d, char *pw, err *e)
{
	const auth_actor *a = r->actor;
	const char *login = web_param(r, "login");
	bool disable = web_form(r, "disabled") != NULL;
	const char *role = web_form(r, "role");
	if (!strcmp(login, a->login) && (disable || (role && strcmp(role, "admin"))))
		return err_set(e, MB_EINVAL, "invalid_field", disable ? "disabled" : "role",
		               "Không thể tự khóa hoặc tự bỏ quyền quản trị của mình; hãy nhờ một quản trị viên khác.",
		               "you cannot disable yourself or give up your own administrator role; ask another administrator");
	return auth_account_change(d, &a->ledger, login, web_form(r, "role"), web_form(r, "unit"), disable, e);
}

static int cmd_reset(web_req *r, db *d, char *pw, err *e)
{
	const auth_actor *a = r->actor;
	return auth_password_reset(d, &a->ledger, web_param(r, "login"), pw, e);
}

static int page_create(web_req *r) { return run(r, cmd_create, web_t(r, "Đã tạo tài khoản."), true); }
static int page_change(web_req *r) { return run(r, cmd_change, web_t(r, "Đã lưu thay đổi."), false); }
static int page_reset(web_req *r) { return run(r, cmd_reset, web_t(r, "Đã đặt lại mật khẩu."), true); }

static const web_route routes[] = {
	{"GET", "/admin/accounts", AUTH_P_ADMIN, page_list, 0},
	{"POST", "/admin/accounts", AUTH_P_ADMIN, page_create, 4096},
	{"POST", "/admin/accounts/{login}", AUTH_P_ADMIN, page_change, 4096},
	{"POST", "/admin/accounts/{login}/password", AUTH_P_ADMIN, page_reset, 4096},
};

void auth_pages_install(void)
{
	web_route_add(routes, sizeof routes / sizeof routes[0]);
}
