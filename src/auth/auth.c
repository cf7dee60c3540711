/* auth.c — the web hook (sessions, CSRF, route permissions), sign-in and
 * sign-out (API and pages), and the administrators' account API. */
#include <pthread.h>
#include <sodium.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "auth/auth.h"
#include "auth/repo.h"
#include "base/clock.h"
#include "base/log.h"
#include "base/text.h"
#include "ui/ui.h"
#include "web/html.h"

enum { SESSION_TTL_S = 12 * 3600 };

static void sha256_hex(const char *s, char out[65])
{
	unsigned char h[32];
	crypto_hash_sha256(h, (const unsigned char *)s, strlen(s));
	hex_encode(h, 32, out);
}

static void random_hex(char *out, size_t bytes)
{
	unsigned char b[32];
	randombytes_buf(b, bytes);
	hex_encode(b, bytes, out);
}

void auth_password_generate(char *out)
{
	/* 16 characters from an alphabet without look-alikes: ~90 bits. */
	static const char al[] = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
	for (int i = 0; i < 16; i++) out[i] = al[randombytes_uniform(sizeof al - 1)];
	out[16] = '\0';
}

int auth_password_hash(const char *pw, char out[crypto_pwhash_STRBYTES], err *e)
{
	if (crypto_pwhash_str(out, pw, strlen(pw), crypto_pwhash_OPSLIMIT_INTERACTIVE,
	                      crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
		return err_set(e, MB_EINTERNAL, "oom", NULL, "Hết bộ nhớ.", "out of memory");
	return 0;
}

/* --- password checks that take the same time whether the login exists --- */

static char dummy_hash[crypto_pwhash_STRBYTES];
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;
static atomic_ulong verifications;

/* A hash of a random password with the parameters of every stored hash,
 * verified in place of the real one when the login is unknown. */
static void dummy_hash_make(void)
{
	char pw[24];
	auth_password_generate(pw);
	if (crypto_pwhash_str(dummy_hash, pw, strlen(pw), crypto_pwhash_OPSLIMIT_INTERACTIVE,
	                      crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
		log_msg(LOG_ERROR, "auth", "cannot compute the dummy password hash");
	sodium_memzero(pw, sizeof pw);
}

static bool password_verify(const char *hash, const char *password)
{
	atomic_fetch_add(&verifications, 1);
	return crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
}

unsigned long auth_password_verifications(void) { return atomic_load(&verifications); }

int auth_password_check(db *d, const char *login, const char *password, arena *a, auth_account_row *acc, err *e)
{
	pthread_once(&dummy_once, dummy_hash_make);
	int found = auth_repo_account(d, login, a, acc, e);
	if (found < 0) return found;
	bool match = password_verify(found ? acc->password_hash : dummy_hash, password);
	return found && match && !acc->disabled ? 1 : 0;
}

static bool valid_token(const char *t)
{
	if (!t || strlen(t) != 64) return false;
	for (const char *p = t; *p; p++)
		if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f'))) return false;
	return true;
}

int auth_actor_load(db *d, const char *login, arena *a, auth_actor *out, err *e)
{
	auth_account_row acc;
	int rc = auth_repo_account(d, login, a, &acc, e);
	if (rc != 1) return rc;
	memset(out, 0, sizeof *out);
	out->id = acc.id;
	out->login = acc.login;
	out->display_name = acc.display_name;
	if (auth_role_parse(acc.role, &out->role)) return 0;
	out->unit_id = acc.unit_id;
	out->unit_code = acc.unit_code;
	out->ledger.id = acc.id;
	out->ledger.role = auth_role_name(out->role);
	return 1;
}

const char *auth_anon_csrf(web_req *r)
{
	r->personal = true;   /* the page carries this visitor's token */
	if (r->csrf) return r->csrf;
	char t[65];
	random_hex(t, 32);
	r->csrf = arena_strdup(r->a, t);
	web_cookie_set(r, "mb_csrf", t, 0, true);
	return r->csrf;
}

static bool tokens_equal(const char *a, const char *b)
{
	return a && b && strlen(a) == strlen(b) && sodium_memcmp(a, b, strlen(a)) == 0;
}

static int hook(web_req *r, int perm, err *e)
{
	db *d = db_thread();
	if (!d) return err_set(e, MB_EINTERNAL, "db_error", NULL, "Lỗi cơ sở dữ liệu.", "database error");
	const char *tok = web_cookie(r, "mb_session");
	if (valid_token(tok)) {
		char th[65];
		sha256_hex(tok, th);
		auth_actor *a = arena_alloc(r->a, sizeof *a);
		int found = auth_repo_session_actor(d, th, clock_now(), r->a, a, e);
		if (found < 0) return found;
		if (found) { r->actor = a; r->csrf = a->csrf; }
	}
	if (!r->actor) {
		const char *c = web_cookie(r, "mb_csrf");
		if (valid_token(c)) r->csrf = arena_strdup(r->a, c);
	}
	if (perm != WEB_PUBLIC && !r->actor)
		return err_set(e, MB_EUNAUTH, "unauthenticated", NULL,
		               "Bạn cần đăng nhập.", "you need to sign in");
	bool unsafe = strcmp(r->method, "GET") && strcmp(r->method, "HEAD");
	/* Open311 (GeoReport v2) POSTs are form-encoded by non-browser clients and
	 * authorised by the api_key in the body; those handlers never act as the
	 * session's account, so a cookie gives them no authority to forge. */
	bool open311 = strncmp(r->path, "/open311/", 9) == 0;
	if (unsafe && !open311) {
		const char *sent = web_header(r, "X-CSRF-Token");
		if (!sent) sent = web_form(r, "_csrf");
		bool json = r->content_type && strncasecmp(r->content_type, "application/json", 16) == 0;
		/* A cookie-authenticated change needs the session's token. An
		 * anonymous JSON call carries no ambient authority (and cannot be
		 * sent cross-site without a CORS preflight), so anonymous API calls
		 * must be JSON; an anonymous form needs the double-submit token. */
		if (!r->actor && r->is_api && !json)
			return err_set(e, MB_EINVAL, "bad_content_type", NULL,
			               "Nội dung phải ở dạng JSON (Content-Type: application/json).",
			               "the body must be JSON (Content-Type: application/json)");
		bool anonymous_json = !r->actor && r->is_api;
		bool ok = anonymous_json || tokens_equal(sent, r->csrf);
		if (!ok)
			return err_set(e, MB_EFORBIDDEN, "csrf", "_csrf",
			               "Mã chống giả mạo (CSRF) bị thiếu hoặc sai; hãy tải lại trang và thử lại.",
			               "the anti-forgery (CSRF) token is missing or wrong; reload the page and try again");
	}
	if (perm == WEB_PUBLIC) return 0;
	auth_actor *a = r->actor;
	/* A route family a role has no business with does not exist for it. */
	if (perm == AUTH_P_DOSSIERS && !auth_rules_perm(a->role, perm))
		return err_set(e, MB_ENOTFOUND, "not_found", NULL, "Không có trang này.", "no such page");
	if (unsafe ? !auth_rules_perm_write(a->role, perm) : !auth_rules_perm(a->role, perm))
		return err_set(e, MB_EFORBIDDEN, "forbidden", NULL,
		               "Bạn không có quyền thực hiện thao tác này.", "you may not do this");
	return 0;
}

bool auth_can(db *d, const auth_actor *a, auth_action act, int64_t unit_id)
{
	if (!a) return false;
	int64_t anc[32];
	int n = auth_repo_ancestors(d, unit_id, anc, 32, NULL);
	if (n < 0) return false;
	return auth_rules_can(a->role, a->unit_id, act, anc, n);
}

int auth_unit_id(db *d, const char *code, int64_t *id, err *e) { return auth_repo_unit_id(d, code, id, e); }

int auth_unit_ancestors(db *d, int64_t unit_id, int64_t *out, int max)
{
	int n = auth_repo_ancestors(d, unit_id, out, max, NULL);
	return n < 0 ? 0 : n;
}

const char *auth_unit_code(db *d, int64_t unit_id, arena *a)
{
	char *code = NULL;
	return auth_repo_unit_code(d, unit_id, a, &code) == 1 ? code : "";
}

int auth_account_create(db *d, const ledger_actor *by, const char *login, const char *display_name,
                        auth_role role, const char *unit_code, const char *password, char *pw_out, err *e)
{
	if (auth_rules_check_login_name(login, e) || auth_rules_check_display_name(display_name, e))
		return MB_EINVAL;
	char gen[24];
	if (!password) { auth_password_generate(gen); password = gen; }
	else if (auth_rules_check_password(password, e)) return MB_EINVAL;
	int64_t unit_id = 0;
	int found = unit_code ? auth_repo_unit_id(d, unit_code, &unit_id, e) : 0;
	if (found < 0) return found;
	if (!found)
		return err_set(e, MB_EINVAL, "invalid_field", "unit", "Không có đơn vị này.", "no such unit");
	char hash[crypto_pwhash_STRBYTES], at[32];
	if (auth_password_hash(password, hash, e)) return MB_EINTERNAL;
	clock_iso_utc(clock_now(), at, sizeof at);
	if (auth_repo_account_insert(d, login, display_name, auth_role_name(role), unit_id, hash, at, e))
		return e ? e->status : MB_EINTERNAL;
	json_t *p = json_pack("{s:s, s:s, s:s, s:s}", "login", login, "display_name", display_name,
	                      "role", auth_role_name(role), "unit", unit_code);
	int rc = ledger_append(d, by, unit_code, "account.created", login, p, NULL, e);
	json_decref(p);
	if (rc) return rc;
	if (pw_out) snprintf(pw_out, 24, "%s", password);
	sodium_memzero(gen, sizeof gen);
	return 0;
}

int auth_account_change(db *d, const ledger_actor *by, const char *login, const char *role,
                        const char *unit_code, int disabled, err *e)
{
	arena a;
	arena_init(&a);
	auth_account_row cur;
	int rc = auth_repo_account(d, login ? login : "", &a, &cur, e);
	if (rc == 0) rc = err_set(e, MB_ENOTFOUND, "not_found", "login", "Không có tài khoản này.", "no such account");
	if (rc < 0) { arena_free(&a); return rc; }
	rc = 0;
	auth_role ro;
	if (role && auth_role_parse(role, &ro))
		rc = err_set(e, MB_EINVAL, "invalid_field", "role", "Vai trò không hợp lệ.", "unknown role");
	int64_t unit_id = cur.unit_id;
	if (!rc && unit_code) {
		int found = auth_repo_unit_id(d, unit_code, &unit_id, e);
		if (found < 0) rc = found;
		else if (!found) rc = err_set(e, MB_EINVAL, "invalid_field", "unit", "Không có đơn vị này.", "no such unit");
	}
	const char *new_role = role ? role : cur.role;
	bool new_disabled = disabled < 0 ? cur.disabled : disabled != 0;
	if (!rc && !strcmp(new_role, cur.role) && unit_id == cur.unit_id && new_disabled == cur.disabled) {
		arena_free(&a);
		return 0;   /* nothing changes: no event */
	}
	if (!rc) {
		int n = auth_repo_account_update(d, login, new_role, unit_id, new_disabled, e);
		if (n == 0) rc = err_set(e, MB_ENOTFOUND, "not_found", "login", "Không có tài khoản này.", "no such account");
		else if (n < 0) rc = n;
	}
	if (!rc && (new_disabled || strcmp(new_role, cur.role) || unit_id != cur.unit_id))
		rc = auth_repo_sessions_drop_account(d, login, e);   /* new powers start with a new sign-in */
	if (!rc) {
		json_t *p = json_pack("{s:s, s:{s:s, s:s}, s:{s:s?, s:s?}, s:{s:b, s:b}}", "login", login,
		                      "role", "from", cur.role, "to", new_role,
		                      "unit", "from", cur.unit_code, "to", unit_code ? unit_code : cur.unit_code,
		                      "disabled", "from", cur.disabled, "to", new_disabled);
		rc = ledger_append(d, by, unit_code ? unit_code : cur.unit_code, "account.changed", login, p, NULL, e);
		json_decref(p);
	}
	arena_free(&a);
	return rc;
}

int auth_account_set_title(db *d, const ledger_actor *by, const char *login, const char *title, err *e)
{
	size_t n = title ? text_utf8_len(title) : 0;
	if (!title || n > 120 || !text_valid_utf8(title, strlen(title), false))
		return err_set(e, MB_EINVAL, "invalid_field", "title", "Chức vụ không hợp lệ hoặc quá dài (tối đa 120 ký tự).",
		               "invalid or too long position (at most 120 characters)");
	int rc = auth_repo_account_title(d, login, title, e);
	if (rc < 0) return rc;
	if (rc == 0) return err_set(e, MB_ENOTFOUND, "not_found", "login", "Không có tài khoản này.", "no such account");
	json_t *p = json_pack("{s:s, s:s}", "login", login, "title", title);
	rc = ledger_append(d, by, "", "account.title_changed", login, p, NULL, e);
	json_decref(p);
	return rc;
}

int auth_password_reset(db *d, const ledger_actor *by, const char *login, char *pw_out, err *e)
{
	char pw[24], hash[crypto_pwhash_STRBYTES];
	auth_password_generate(pw);
	if (auth_password_hash(pw, hash, e)) return MB_EINTERNAL;
	int rc = auth_repo_password_set(d, login, hash, e);
	if (rc < 0) return rc;
	if (rc == 0) return err_set(e, MB_ENOTFOUND, "not_found", "login", "Không có tài khoản này.", "no such account");
	if (auth_repo_sessions_drop_account(d, login, e)) return MB_EINTERNAL;
	json_t *p = json_pack("{s:s}", "login", login);
	rc = ledger_append(d, by, "", "account.password_reset", login, p, NULL, e);
	json_decref(p);
	if (rc) return rc;
	snprintf(pw_out, 24, "%s", pw);
	return 0;
}

/* --- sign-in --- */

/* Checks the password with the rate limits; on success creates a session
 * and sets the cookie. Sign-ins are not ledger events (sessions are not
 * state of record); failures are counted in login_failures. */
static int sign_in(web_req *r, const char *login, const char *password, auth_actor *out, err *e)
{
	db *d = db_thread();
	if (!d) return err_set(e, MB_EINTERNAL, "db_error", NULL, "Lỗi cơ sở dữ liệu.", "database error");
	if (!login || !*login || !password || !*password)
		return err_set(e, MB_EINVAL, "invalid_field", !login || !*login ? "login" : "password",
		               "Hãy nhập tên đăng nhập và mật khẩu.", "enter your login and password");
	if (strlen(login) > 64 || strlen(password) > 200)
		return err_set(e, MB_EUNAUTH, "bad_credentials", NULL,
		               "Tên đăng nhập hoặc mật khẩu không đúng.", "wrong login or password");
	int64_t now = clock_now();
	/* Failures are counted per login in lower case: a citizen signs in with an
	 * e-mail address in any case, and "MAI@…" must not be a second allowance. */
	char *key = arena_strdup(r->a, login);
	for (char *p = key; *p; p++)
		if (*p >= 'A' && *p <= 'Z') *p = (char)(*p - 'A' + 'a');
	int np = 0, nl = 0, na = 0;
	if (auth_repo_failures(d, key, r->client_addr, now - AUTH_LOGIN_WINDOW_S, &np, &nl, &na, e)) return MB_EINTERNAL;
	if (auth_rules_login_limited(np, nl, na))
		return err_set(e, MB_ELIMIT, "rate_limited", NULL,
		               "Đăng nhập sai quá nhiều lần. Hãy thử lại sau 15 phút.",
		               "too many failed sign-ins; try again in 15 minutes");
	auth_account_row acc;
	int ok = auth_password_check(d, login, password, r->a, &acc, e);
	if (ok < 0) return ok;
	if (!ok) {
		err fe = {0};
		if (auth_repo_failure_add(d, key, r->client_addr, now, &fe))   /* the refusal stands; the count may miss one */
			log_msg(LOG_WARN, "auth", "cannot count a failed sign-in: %s", fe.en ? fe.en : "?");
		return err_set(e, MB_EUNAUTH, "bad_credentials", NULL,
		               "Tên đăng nhập hoặc mật khẩu không đúng.", "wrong login or password");
	}
	char token[65], th[65], csrf[65];
	random_hex(token, 32);
	random_hex(csrf, 32);
	sha256_hex(token, th);
	if (db_begin(d, e)) return MB_EINTERNAL;
	if (auth_repo_failures_clear(d, key, r->client_addr, e) || auth_repo_sessions_purge(d, now, e) ||
	    auth_repo_session_create(d, th, acc.id, csrf, now, now + SESSION_TTL_S, e)) {
		db_rollback(d);
		return MB_EINTERNAL;
	}
	if (db_commit(d, e)) return MB_EINTERNAL;
	web_cookie_set(r, "mb_session", token, 0, true);
	sodium_memzero(token, sizeof token);
	if (auth_repo_session_actor(d, th, now, r->a, out, e) != 1)
		return err_set(e, MB_EINTERNAL, "session", NULL, "Không tạo được phiên đăng nhập.", "cannot create the session");
	return 0;
}

static void sign_out(web_req *r)
{
	const char *tok = web_cookie(r, "mb_session");
	db *d = db_thread();
	if (d && valid_token(tok)) {
		char th[65];
		sha256_hex(tok, th);
		err de = {0};
		if (auth_repo_session_delete(d, th, &de))   /* the cookie is cleared; the session ends at its expiry */
			log_msg(LOG_WARN, "auth", "cannot end a session at sign-out: %s", de.en ? de.en : "?");
	}
	web_cookie_set(r, "mb_session", "", -1, true);
}

static json_t *actor_json(const auth_actor *a, bool with_csrf)
{
	json_t *j = json_pack("{s:{s:s, s:s, s:s, s:s}}", "account",
	                      "login", a->login, "display_name", a->display_name,
	                      "role", auth_role_name(a->role), "unit", a->unit_code);
	if (with_csrf) json_object_set_new(j, "csrf_token", json_string(a->csrf));
	return j;
}

static int api_session_create(web_req *r)
{
	err e = {0};
	json_t *j = web_json_body(r, &e);
	if (!j) return web_error(r, &e);
	auth_actor a;
	int rc = sign_in(r, json_string_value(json_object_get(j, "login")),
	                 json_string_value(json_object_get(j, "password")), &a, &e);
	json_decref(j);
	if (rc) return web_error(r, &e);
	return web_json(r, 200, actor_json(&a, true));
}

static int api_session_get(web_req *r) { return web_json(r, 200, actor_json(r->actor, true)); }

static int api_session_delete(web_req *r)
{
	sign_out(r);
	r->status = 204;
	return 0;
}

static int login_form(web_req *r, const err *e)
{
	const char *csrf = auth_anon_csrf(r);
	const char *next = web_query(r, "next");
	if (!next) next = web_form(r, "next");
	ui_page_begin(r, web_t(r, "Đăng nhập"));
	H(r, "<h1>%s</h1>", web_t(r, "Đăng nhập"));
	if (e) H(r, "<p class=\"error\" role=\"alert\">%s</p>", !strcmp(r->lang, "en") ? e->en : e->vi);
	H(r, "<p class=\"muted\">%s</p>", web_t(r, "Dành cho cán bộ, công chức và người dùng đã có tài khoản."));
	H(r, "<form method=\"post\" action=\"/login\" class=\"form\">"
	     "<input type=\"hidden\" name=\"_csrf\" value=\"%s\"><input type=\"hidden\" name=\"next\" value=\"%s\">"
	     "<label>%s<input name=\"login\" autocomplete=\"username\" required maxlength=\"64\"></label>"
	     "<label>%s<input type=\"password\" name=\"password\" autocomplete=\"current-password\" required></label>"
	     "<button type=\"submit\">%s</button></form>",
	  csrf, auth_rules_local_path(next) ? next : "/", web_t(r, "Tên đăng nhập"), web_t(r, "Mật khẩu"), web_t(r, "Đăng nhập"));
	H(r, "<p><a href=\"/register\">%s</a></p>", web_t(r, "Người dân chưa có tài khoản? Đăng ký bằng địa chỉ thư điện tử"));
	ui_page_end(r);
	return 0;
}

static int page_login(web_req *r) { return login_form(r, NULL); }

static int page_login_post(web_req *r)
{
	err e = {0};
	auth_actor a;
	if (sign_in(r, web_form(r, "login"), web_form(r, "password"), &a, &e)) {
		if (e.status == MB_EINTERNAL) return web_error(r, &e);
		r->status = err_http_status(e.status, e.code);
		return login_form(r, &e);
	}
	const char *next = web_form(r, "next");
	/* Only local paths: never an open redirect. */
	if (!auth_rules_local_path(next)) next = "/";
	return web_redirect(r, next);
}

static int page_logout(web_req *r)
{
	sign_out(r);
	return web_redirect(r, "/");
}

/* --- accounts API (administrators) --- */

static int api_accounts_list(web_req *r)
{
	err e = {0};
	json_t *arr = json_array();
	if (auth_repo_accounts_json(db_thread(), NULL, arr, &e)) { json_decref(arr); return web_error(r, &e); }
	return web_json(r, 200, json_pack("{s:o}", "accounts", arr));
}

static int api_accounts_create(web_req *r)
{
	err e = {0};
	json_t *j = web_json_body(r, &e);
	if (!j) return web_error(r, &e);
	const char *known[] = {"login", "display_name", "role", "unit", "password"};
	const char *k;
	json_t *v;
	json_object_foreach(j, k, v) {
		bool ok = false;
		for (size_t i = 0; i < sizeof known / sizeof known[0]; i++) ok |= !strcmp(k, known[i]);
		if (!ok || !json_is_string(v)) {
			/* k belongs to j: copy it before j goes. */
			err_set(&e, MB_EINVAL, "invalid_field", arena_strdup(r->a, k),
			        "Trường này không được phép hoặc không phải chuỗi ký tự.", "unknown field, or not a string");
			json_decref(j);
			return web_error(r, &e);
		}
	}
	auth_role role;
	const char *login = arena_strdup(r->a, json_string_value(json_object_get(j, "login")));
	const char *name = arena_strdup(r->a, json_string_value(json_object_get(j, "display_name")));
	const char *unit = arena_strdup(r->a, json_string_value(json_object_get(j, "unit")));
	const char *pw = arena_strdup(r->a, json_string_value(json_object_get(j, "password")));
	if (auth_role_parse(json_string_value(json_object_get(j, "role")), &role)) {
		json_decref(j);
		err_set(&e, MB_EINVAL, "invalid_field", "role", "Vai trò không hợp lệ.", "unknown role");
		return web_error(r, &e);
	}
	json_decref(j);
	db *d = db_thread();
	char out[24];
	const auth_actor *a = r->actor;
	if (db_begin(d, &e)) return web_error(r, &e);
	if (auth_account_create(d, &a->ledger, login, name, role, unit, pw, out, &e)) {
		db_rollback(d);
		return web_error(r, &e);
	}
	if (db_commit(d, &e)) return web_error(r, &e);
	json_t *res = json_pack("{s:{s:s, s:s, s:s, s:s}}", "account", "login", login, "display_name", name,
	                        "role", auth_role_name(role), "unit", unit);
	if (!pw) json_object_set_new(res, "password", json_string(out));
	sodium_memzero(out, sizeof out);
	return web_json(r, 201, res);
}

static int api_password_reset(web_req *r)
{
	err e = {0};
	db *d = db_thread();
	char pw[24];
	const auth_actor *a = r->actor;
	if (db_begin(d, &e)) return web_error(r, &e);
	if (auth_password_reset(d, &a->ledger, web_param(r, "login"), pw, &e)) {
		db_rollback(d);
		return web_error(r, &e);
	}
	if (db_commit(d, &e)) return web_error(r, &e);
	json_t *res = json_pack("{s:s}", "password", pw);
	sodium_memzero(pw, sizeof pw);
	return web_json(r, 200, res);
}

static int api_account_change(web_req *r)
{
	err e = {0};
	json_t *j = web_json_body(r, &e);
	if (!j) return web_error(r, &e);
	const char *k;
	json_t *v;
	json_object_foreach(j, k, v) {
		bool str = !strcmp(k, "role") || !strcmp(k, "unit") || !strcmp(k, "title");
		if (!(str && json_is_string(v)) && !(!strcmp(k, "disabled") && json_is_boolean(v))) {
			err_set(&e, MB_EINVAL, "invalid_field", arena_strdup(r->a, k),
			        "Trường này không tồn tại hoặc sai kiểu.", "unknown field, or wrong type");
			json_decref(j);
			return web_error(r, &e);
		}
	}
	const char *role = arena_strdup(r->a, json_string_value(json_object_get(j, "role")));
	const char *unit = arena_strdup(r->a, json_string_value(json_object_get(j, "unit")));
	const char *title = arena_strdup(r->a, json_string_value(json_object_get(j, "title")));
	json_t *dj = json_object_get(j, "disabled");
	int disabled = dj ? json_is_true(dj) : -1;
	json_decref(j);
	const auth_actor *a = r->actor;
	const char *login = web_param(r, "login");
	if (!strcmp(login, a->login) && (disabled == 1 || (role && strcmp(role, "admin")))) {
		err_set(&e, MB_EINVAL, "invalid_field", disabled == 1 ? "disabled" : "role",
		        "Không thể tự khóa hoặc tự bỏ quyền quản trị của mình; hãy nhờ một quản trị viên khác.",
		        "you cannot disable yourself or give up your own administrator role; ask another administrator");
		return web_error(r, &e);
	}
	db *d = db_thread();
	if (db_begin(d, &e)) return web_error(r, &e);
	if (auth_account_change(d, &a->ledger, login, role, unit, disabled, &e) ||
	    (title && auth_account_set_title(d, &a->ledger, login, title, &e))) {
		db_rollback(d);
		return web_error(r, &e);
	}
	if (db_commit(d, &e)) return web_error(r, &e);
	json_t *arr = json_array();
	if (auth_repo_accounts_json(d, login, arr, &e)) {
		json_decref(arr);
		return web_error(r, &e);
	}
	json_t *found = json_incref(json_array_get(arr, 0));
	json_decref(arr);
	return web_json(r, 200, json_pack("{s:o?}", "account", found));
}

static const web_route routes[] = {
	{"PATCH", "/api/v1/accounts/{login}", AUTH_P_ADMIN, api_account_change, 4096},
	{"POST", "/api/v1/session", WEB_PUBLIC, api_session_create, 4096},
	{"GET", "/api/v1/session", AUTH_P_SIGNED_IN, api_session_get, 0},
	{"DELETE", "/api/v1/session", AUTH_P_SESSION, api_session_delete, 0},
	{"GET", "/api/v1/accounts", AUTH_P_ADMIN, api_accounts_list, 0},
	{"POST", "/api/v1/accounts", AUTH_P_ADMIN, api_accounts_create, 0},
	{"POST", "/api/v1/accounts/{login}/password", AUTH_P_ADMIN, api_password_reset, 0},
	{"GET", "/login", WEB_PUBLIC, page_login, 0},
	{"POST", "/login", WEB_PUBLIC, page_login_post, 4096},
	{"POST", "/logout", AUTH_P_SESSION, page_logout, 0},
};

void auth_install(void)
{
	pthread_once(&dummy_once, dummy_hash_make);
	auth_forms_install();
	web_set_auth_hook(hook);
	web_route_add(routes, sizeof routes / sizeof routes[0]);
	auth_pages_install();
}
