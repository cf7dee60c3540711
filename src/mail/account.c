/* account.c — e-mail about a citizen's own account: the one-time link that
 * confirms a registration, and the notice that an address already has an
 * account (sent instead, so that the registration form answers the same
 * whether or not the address is registered). */
#include <string.h>

#include "base/buf.h"
#include "mail/internal.h"
#include "web/i18n.h"

bool mail_addr_ok(const char *addr) { return mail_addr_valid(addr); }

int mail_queue_account(db *d, const char *to, bool confirm, const char *token, const char *lang, int64_t now, err *e)
{
	arena a;
	arena_init(&a);
	const char *base = mail_base_url(&a);
	buf b;
	buf_init(&b, 16 * 1024);
	const char *subject;
	if (confirm) {
		subject = i18n_get(lang, N_("Xác nhận đăng ký tài khoản Minh Bạch"));
		buf_printf(&b, "%s\n\n%s/register/confirm?token=%s\n\n%s\n",
		           i18n_get(lang, N_("Địa chỉ thư này vừa được dùng để đăng ký tài khoản công dân trên Minh Bạch. "
		                             "Để xác nhận, hãy mở liên kết sau trong vòng 24 giờ (chỉ dùng được một lần):")),
		           base, token,
		           i18n_get(lang, N_("Nếu không phải bạn đăng ký, hãy bỏ qua thư này: không có tài khoản nào được tạo.")));
	} else {
		subject = i18n_get(lang, N_("Đăng ký tài khoản Minh Bạch"));
		buf_printf(&b, "%s\n\n%s/login\n\n%s\n",
		           i18n_get(lang, N_("Địa chỉ thư này vừa được dùng để đăng ký tài khoản trên Minh Bạch, nhưng "
		                             "địa chỉ này đã có tài khoản. Bạn có thể đăng nhập bằng địa chỉ thư và mật khẩu của mình:")),
		           base, i18n_get(lang, N_("Nếu không phải bạn, hãy bỏ qua thư này: tài khoản của bạn không thay đổi.")));
	}
	buf_printf(&b, "\n-- \nMinh Bạch — %s\n%s\n", i18n_get(lang, N_("Ủy ban nhân dân tỉnh Sơn La")),
	           i18n_get(lang, N_("Thư gửi tự động, xin đừng trả lời thư này.")));
	int rc;
	if (buf_failed(&b)) rc = err_set(e, MB_EINTERNAL, "oom", NULL, "Hết bộ nhớ.", "out of memory");
	else {
		mail_msg m = {to, subject, buf_str(&b), "account", NULL, false};
		rc = mail_enqueue(d, &m, now, e);
	}
	buf_free(&b);
	arena_free(&a);
	return rc;
}
