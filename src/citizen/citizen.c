/* citizen.c — registration, confirmation, "my dossiers": the services and
 * the JSON API (citizen.h). */
#include <ctype.h>
#include <sodium.h>
#include <string.h>

#include "base/clock.h"
#include "cases/cases.h"
#include "citizen/repo.h"
#include "dossier/service.h"
#include "mail/mail.h"
#include "web/web.h"

int citizen_rules_email(const char *in, char *out, size_t n, err *e)
{
	const char *s = in ? in : "";
	while (*s == ' ' || *s == '\t') s++;
	size_t len = strlen(s);
	while (len && (s[len - 1] == ' ' || s[len - 1] == '\t')) len--;
	if (len < 3 || len > CITIZEN_EMAIL_MAX || len + 1 > n)
		return err_set(e, MB_EINVAL, "invalid_field", "email", "Địa chỉ thư điện tử phải dài từ 3 đến 64 ký tự.",
		               "the e-mail address must be 3 to 64 characters long");
	for (size_t i = 0; i < len; i++) out[i] = (char)tolower((unsigned char)s[i]);
	out[len] = '\0';
	const char *at = strchr(out, '@');
	if (!at || at == out || strchr(at + 1, '@') || !strchr(at + 1, '.') || !mail_addr_ok(out))
		return err_set(e, MB_EINVAL, "invalid_field", "email", "Địa chỉ thư điện tử không hợp lệ.",
		               "not a valid e-mail address");
	return 0;
}

static void sha256_hex(const char *s, char out[65])
{
	unsigned char h[32];
	crypto_hash_sha256(h, (const unsigned char *)s, strlen(s));
	sodium_bin2hex(out, 65, h, sizeof h);
}

int citizen_register(db *d, const citizen_registration *in, const char *addr, err *e)
{
	char email[CITIZEN_EMAIL_MAX + 1];
	if (citizen_rules_email(in->email, email, sizeof email, e) || auth_rules_check_display_name(in->display_name, e) ||
	    auth_rules_check_password(in->password, e))
		return MB_EINVAL;
	int64_t now = clock_now();
	int tries = 0;
	if (db_throttle_count(d, "register", addr, now - CITIZEN_REG_WINDOW_S, CITIZEN_REG_MAX_PER_ADDR, &tries, e))
		return MB_EINTERNAL;
	if (tries >= CITIZEN_REG_MAX_PER_ADDR)
		return err_set(e, MB_ELIMIT, "rate_limited", NULL, "Đăng ký quá nhiều lần. Hãy thử lại sau một giờ.",
		               "too many registrations; try again in an hour");
	/* Hashed whether or not the address is taken: both answers cost the same. */
	char hash[128];
	if (auth_password_hash(in->password, hash, e)) return MB_EINTERNAL;
	char email_key[65], token[65], token_hash[65];
	sha256_hex(email, email_key);
	unsigned char rnd[32];
	randombytes_buf(rnd, sizeof rnd);
	sodium_bin2hex(token, sizeof token, rnd, sizeof rnd);
	sha256_hex(token, token_hash);
	const char *lang = in->lang && !strcmp(in->lang, "en") ? "en" : "vi";

	if (db_begin(d, e)) return MB_EINTERNAL;
	int mails = 0, rc = db_throttle_add(d, "register", addr, now, e);
	if (!rc) rc = citizen_repo_reg_purge(d, now, e);
	if (!rc) rc = db_throttle_count(d, "register-mail", email_key, now - CITIZEN_MAIL_WINDOW_S,
	                                CITIZEN_MAIL_MAX_PER_EMAIL, &mails, e);
	int taken = rc ? 0 : auth_citizen_email_taken(d, email, e);
	if (taken < 0) rc = taken;
	/* Past the per-address mail limit nothing more is sent (and nothing said). */
	if (!rc && mails < CITIZEN_MAIL_MAX_PER_EMAIL) {
		rc = db_throttle_add(d, "register-mail", email_key, now, e);
		if (!rc && taken) {
			rc = mail_queue_account(d, email, false, NULL, lang, now, e);
		} else if (!rc) {
			/* A new link replaces an earlier one. */
			rc = citizen_repo_reg_delete_email(d, email, e);
			if (!rc) rc = citizen_repo_reg_insert(d, in, email, hash, token_hash, now, now + CITIZEN_TOKEN_TTL_S, e);
			if (!rc) rc = mail_queue_account(d, email, true, token, lang, now, e);
		}
	}
	sodium_memzero(token, sizeof token);
	if (rc) { db_rollback(d); return rc; }
	return db_commit(d, e);
}

static bool token_shape(const char *t)
{
	if (!t || strlen(t) != 64) return false;
	for (const char *p = t; *p; p++)
		if (!isxdigit((unsigned char)*p)) return false;
	return true;
}

static int link_unknown(err *e)
{
	return err_set(e, MB_ENOTFOUND, "not_found", "token", "Liên kết xác nhận không đúng, đã dùng hoặc đã hết hạn.",
	               "the confirmation link is wrong, used or expired");
}

int citizen_confirm(db *d, const char *token, arena *a, const char **login, err *e)
{
	if (!token_shape(token)) return link_unknown(e);
	char lower[65], th[65];
	for (int i = 0; i < 64; i++) lower[i] = (char)tolower((unsigned char)token[i]);
	lower[64] = '\0';
	sha256_hex(lower, th);
	if (db_begin(d, e)) return MB_EINTERNAL;
	citizen_reg_row reg;
	int rc = citizen_repo_reg_by_token(d, th, clock_now(), a, &reg, e);
	if (rc == 0) rc = link_unknown(e);
	else if (rc > 0) rc = auth_citizen_create(d, reg.email, reg.display_name, reg.password_hash, a, NULL, login, e);
	if (!rc) rc = citizen_repo_reg_delete_email(d, reg.email, e);
	if (rc) { db_rollback(d); return rc; }
	return db_commit(d, e);
}

int citizen_add_dossier(db *d, const auth_actor *me, const char *code, const char *secret, const char *addr,
                        arena *a, const char **code_out, err *e)
{
	dossier_row row;
	const char *c = code ? code : "";
	while (*c == ' ') c++;
	char up[40];
	size_t k = 0;
	for (; c[k] && c[k] != ' ' && k + 1 < sizeof up; k++) up[k] = (char)toupper((unsigned char)c[k]);
	up[k] = '\0';
	int rc = dossier_track(d, up, secret, addr, a, &row, e);
	if (rc < 0) return rc;
	if (rc == 0)
		return err_set(e, MB_ENOTFOUND, "not_found", NULL, "Mã hồ sơ hoặc mã tra cứu không đúng.",
		               "wrong dossier code or look-up secret");
	if (db_begin(d, e)) return MB_EINTERNAL;
	int added = citizen_repo_link(d, me->id, row.id, clock_now(), e);
	rc = added < 0 ? added : 0;
	if (added == 1) {
		json_t *p = json_pack("{s:s}", "code", row.code);
		rc = ledger_append(d, &me->ledger, me->unit_code, "account.dossier_added", me->login, p, NULL, e);
		json_decref(p);
	}
	if (rc) { db_rollback(d); return rc; }
	if ((rc = db_commit(d, e))) return rc;
	if (code_out) *code_out = row.code;
	return 0;
}

static int page_cursor(db *d, int64_t account_id, bool report, citizen_page *pg, int64_t *before, err *e)
{
	*before = 0;
	pg->next = NULL;
	if (pg->limit < 1 || pg->limit > CITIZEN_PAGE_MAX)
		return err_set(e, MB_EINVAL, "invalid_field", "limit", "Số dòng mỗi trang phải từ 1 đến 200.",
		               "rows per page must be 1 to 200");
	if (!pg->after || !*pg->after) return 0;
	int rc = citizen_repo_cursor(d, account_id, report, pg->after, before, e);
	if (rc < 0) return rc;
	if (rc == 0)
		return err_set(e, MB_EINVAL, "invalid_field", "after",
		               report ? "Không có đơn thư mang mã này trong tài khoản để xem tiếp."
		                      : "Không có hồ sơ mang mã này trong tài khoản để xem tiếp.",
		               report ? "no report with that code in this account to continue after"
		                      : "no dossier with that code in this account to continue after");
	return 0;
}

int citizen_dossiers(db *d, int64_t account_id, citizen_page *pg, arena *a, citizen_dossier **out, int *n, err *e)
{
	int64_t before;
	int rc = page_cursor(d, account_id, false, pg, &before, e);
	if (rc) return rc;
	/* One row more than the page says whether there is a next one. */
	if ((rc = citizen_repo_dossiers(d, account_id, before, pg->limit + 1, a, out, n, e))) return rc;
	if (*n > pg->limit) { *n = pg->limit; pg->next = (*out)[pg->limit - 1].code; }
	return 0;
}

int citizen_reports(db *d, int64_t account_id, citizen_page *pg, arena *a, citizen_report **out, int *n, err *e)
{
	int64_t before;
	int rc = page_cursor(d, account_id, true, pg, &before, e);
	if (rc) return rc;
	if ((rc = citizen_repo_reports(d, account_id, before, pg->limit + 1, a, out, n, e))) return rc;
	if (*n > pg->limit) { *n = pg->limit; pg->next = (*out)[pg->limit - 1].code; }
	return 0;
}

/* --- the demo citizen ------------------------------------------------------------------------ */

int citizen_load_demo(db *d, FILE *out, err *e)
{
	arena a;
	arena_init(&a);
	auth_actor counter, me;
	int rc = 0;
	if (auth_actor_load(d, "motcua", &a, &counter, e) != 1 || auth_actor_load(d, "congdan", &a, &me, e) != 1)
		rc = err_set(e, MB_EINTERNAL, "demo", NULL, "Thiếu tài khoản mẫu.", "a demo account is missing");
	if (!rc && !(rc = db_begin(d, e))) {
		rc = auth_account_email_set(d, "congdan", "congdan@example.vn", e);
		if (rc) db_rollback(d);
		else rc = db_commit(d, e);
	}
	/* A certificate of marital status received at the counter, then added to the account with its code and secret. */
	dossier_input in = {0};
	in.procedure_code = "ht-xac-nhan-tinh-trang-hon-nhan";
	in.unit_code = "phuong-chieng-coi";
	in.applicant_name = me.display_name;
	in.applicant_phone = "0915 222 333";
	in.applicant_email = "congdan@example.vn";
	in.applicant_address = "Tổ 5, phường Chiềng Cơi, tỉnh Sơn La";
	for (int k = 1; k <= 3; k++) in.provided[in.nprovided++] = k;
	dossier_result res = {0};
	if (!rc) rc = dossier_exec(d, &counter, DC_RECEIVE, NULL, &in, &a, &res, e);
	const char *code = NULL;
	if (!rc) rc = citizen_add_dossier(d, &me, res.code, res.secret, NULL, &a, &code, e);
	/* A report filed while signed in. */
	case_input ci = {0};
	ci.kind = "feedback";
	ci.category = "delay";
	ci.title = "Chưa nhận được giấy hẹn trả kết quả";
	ci.body = "Tôi nộp hồ sơ xin giấy xác nhận tình trạng hôn nhân nhưng cán bộ chưa đưa giấy tiếp nhận và hẹn trả kết quả.";
	ci.unit_code = "phuong-chieng-coi";
	ci.identity.name = me.display_name;
	ci.identity.email = "congdan@example.vn";
	case_result cr;
	if (!rc) rc = case_exec(d, &me, CC_RECEIVE, NULL, &ci, &a, &cr, e);
	if (!rc && out)
		fprintf(out, "  %-18s secret %s  (congdan's; and the report %s)\n",
		        code, res.secret, cr.code);
	arena_free(&a);
	return rc;
}
