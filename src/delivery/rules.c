/* rules.c — the pure rules of results online and fees (no I/O, no clock):
 * what a PDF is, who may attach or record, what a payment must carry. */
#include <string.h>

#include "base/text.h"
#include "delivery/delivery.h"
#include "web/i18n.h"

int delivery_rules_pdf(const void *data, size_t n, size_t max, const char *field, err *e)
{
	const unsigned char *p = data;
	if (n > max)
		return err_set(e, MB_ETOOBIG, "too_large", field, "Tệp kết quả tối đa 10 MB.", "the result file may be at most 10 MB");
	/* The header: %PDF-1.0 … %PDF-2.0, at the very start. */
	bool head = n >= 8 && !memcmp(p, "%PDF-", 5) && (p[5] == '1' || p[5] == '2') && p[6] == '.' && p[7] >= '0' &&
	            p[7] <= '9';
	/* The trailer: %%EOF within the last 1024 bytes, only white space after it. */
	bool tail = false;
	if (head) {
		size_t end = n;
		while (end > 0 && (p[end - 1] == '\n' || p[end - 1] == '\r' || p[end - 1] == ' ' || p[end - 1] == '\t' ||
		                   p[end - 1] == '\0'))
			end--;
		tail = end >= 5 + 8 && n - (end - 5) <= 1024 && !memcmp(p + end - 5, "%%EOF", 5);
	}
	if (!head || !tail)
		return err_set(e, MB_EINVAL, "invalid_field", field,
		               "Tệp kết quả phải là tệp PDF hoàn chỉnh (kiểm tra theo nội dung tệp, không theo tên tệp).",
		               "the result must be a complete PDF file (checked by its content, not its name)");
	return 0;
}

int delivery_rules_may_attach(dossier_state s, const delivery_actor *a, err *e)
{
	bool official = a->role == ROLE_PROCESSING_OFFICER || a->role == ROLE_UNIT_HEAD;
	if (!official)
		return err_set(e, MB_EFORBIDDEN, "forbidden", NULL,
		               "Chỉ cán bộ xử lý hoặc người đứng đầu đơn vị được đính kèm kết quả.",
		               "only the processing official or the unit head may attach the result");
	if (!a->in_scope)
		return err_set(e, MB_EFORBIDDEN, "forbidden", NULL, "Hồ sơ không thuộc đơn vị bạn phụ trách.",
		               "the dossier is not in your unit's charge");
	if (s == DS_PROCESSING) {
		if (a->role == ROLE_PROCESSING_OFFICER && !a->holder)
			return err_set(e, MB_EFORBIDDEN, "not_holder", NULL, "Chỉ cán bộ đang giữ hồ sơ được đính kèm kết quả.",
			               "only the official holding the dossier may attach the result");
		return 0;
	}
	if (s == DS_RESULT_READY || s == DS_RETURNED) return 0;
	return err_set(e, MB_ECONFLICT, "invalid_transition", NULL,
	               "Chỉ đính kèm kết quả khi hồ sơ đang xử lý hoặc đã có kết quả.",
	               "a result is attached only while the dossier is processed or once its result is ready");
}

bool delivery_rules_public(dossier_state s)
{
	return s == DS_RESULT_READY || s == DS_RETURNED;
}

int delivery_rules_may_pay(dossier_state s, const delivery_actor *a, err *e)
{
	bool staff = a->role == ROLE_COUNTER_OFFICER || a->role == ROLE_UNIT_HEAD ||
	             (a->role == ROLE_PROCESSING_OFFICER && a->holder);
	if (!staff)
		return err_set(e, MB_EFORBIDDEN, "forbidden", NULL,
		               "Chỉ Bộ phận Một cửa, cán bộ đang giữ hồ sơ hoặc người đứng đầu đơn vị được ghi nhận phí, lệ phí.",
		               "only the one-stop counter, the official holding the dossier or the unit head may record the fee");
	if (!a->in_scope)
		return err_set(e, MB_EFORBIDDEN, "forbidden", NULL, "Hồ sơ không thuộc đơn vị bạn phụ trách.",
		               "the dossier is not in your unit's charge");
	if (s == DS_RECEIVED || s == DS_PROCESSING || s == DS_SUPPLEMENT || s == DS_RESULT_READY || s == DS_RETURNED)
		return 0;
	return err_set(e, MB_ECONFLICT, "invalid_transition", NULL,
	               "Chỉ ghi nhận phí, lệ phí cho hồ sơ đã được tiếp nhận.",
	               "the fee is recorded only for a dossier that was received");
}

static const char *const method_names[DM__MAX] = {"none", "cash", "bank_transfer", "national_platform"};
static const char *const method_labels[DM__MAX] = {   /* msgids */
	N_("Không thu phí"), N_("Tiền mặt"), N_("Chuyển khoản"), N_("Cổng thanh toán quốc gia"),
};

const char *delivery_method_name(delivery_method m) { return m < DM__MAX ? method_names[m] : "none"; }
const char *delivery_method_label_vi(delivery_method m) { return m < DM__MAX ? method_labels[m] : ""; }
bool delivery_method_online(delivery_method m) { return m == DM_NATIONAL_PLATFORM; }

int delivery_method_parse(const char *s, delivery_method *out)
{
	for (int i = 0; s && i < DM__MAX; i++)
		if (!strcmp(s, method_names[i])) { *out = (delivery_method)i; return 0; }
	return -1;
}

/* A reference or receipt number: 1 to 40 letters, digits and - / . _ only. */
static bool code_ok(const char *s)
{
	size_t n = strlen(s);
	if (n < 1 || n > 40) return false;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '-' || c == '/' ||
		      c == '.' || c == '_'))
			return false;
	}
	return true;
}

static const char *trimmed(const char *s)
{
	return s ? s : "";
}

int delivery_rules_payment(const delivery_payment_in *in, int64_t catalogue_fee_vnd, delivery_payment *out, err *e)
{
	memset(out, 0, sizeof *out);
	out->catalogue_fee_vnd = catalogue_fee_vnd;
	const char *fee = trimmed(in->fee_vnd);
	/* Whole đồng: digits, optionally grouped by thousands with "." or a
	 * space ("50.000"), each group after the first exactly 3 digits. */
	int64_t v = 0;
	int digits = 0, group = -1;   /* digits in the current group after a separator, -1 none yet */
	bool bad = !*fee;
	for (const char *p = fee; *p && !bad; p++) {
		if (*p >= '0' && *p <= '9') {
			if (++digits > 12) { bad = true; break; }
			v = v * 10 + (*p - '0');
			if (group >= 0 && ++group > 3) bad = true;
		} else if ((*p == '.' || *p == ' ') && digits > 0 && (group < 0 ? digits <= 3 : group == 3)) {
			group = 0;
		} else {
			bad = true;
		}
	}
	if (group >= 0 && group != 3) bad = true;
	if (fee[0] == '-')
		return err_set(e, MB_EINVAL, "invalid_field", "fee_vnd", "Số tiền phí, lệ phí không được âm.",
		               "the fee may not be negative");
	if (bad || !digits || v > 100000000000LL)
		return err_set(e, MB_EINVAL, "invalid_field", "fee_vnd",
		               "Số tiền phí, lệ phí phải là số đồng nguyên, từ 0 đến 100 tỷ.",
		               "the fee must be a whole number of đồng, from 0 to 100 billion");
	out->fee_vnd = v;
	const char *reason = trimmed(in->fee_reason);
	if (catalogue_fee_vnd >= 0 && v != catalogue_fee_vnd) {
		if (text_check_reason(*reason ? reason : NULL, "fee_reason", 500, true, e)) {
			err_set(e, MB_EINVAL, "invalid_field", "fee_reason",
			        "Số tiền khác mức phí, lệ phí đã công bố của thủ tục: phải ghi rõ lý do (ít nhất 10 chữ).",
			        "the amount differs from the procedure's published fee: give the reason (at least 10 letters)");
			return MB_EINVAL;
		}
	} else if (*reason && text_check_reason(reason, "fee_reason", 500, false, e)) {
		return MB_EINVAL;
	}
	out->fee_reason = reason;
	const char *m = trimmed(in->method);
	delivery_method method;
	if (!*m && v == 0) method = DM_NONE;
	else if (delivery_method_parse(m, &method))
		return err_set(e, MB_EINVAL, "invalid_field", "method",
		               "Hãy chọn hình thức nộp: tiền mặt, chuyển khoản hoặc Cổng thanh toán quốc gia.",
		               "choose how it was paid: cash, bank transfer or the national payment platform");
	if (v > 0 && method == DM_NONE)
		return err_set(e, MB_EINVAL, "invalid_field", "method",
		               "Có thu phí, lệ phí: hãy chọn hình thức nộp.", "a fee was charged: choose how it was paid");
	if (v == 0 && method != DM_NONE)
		return err_set(e, MB_EINVAL, "invalid_field", "method", "Không thu phí thì không có hình thức nộp.",
		               "no fee was charged, so there is no way of paying");
	out->method = method;
	const char *ref = trimmed(in->reference), *rcpt = trimmed(in->receipt_no);
	if (method == DM_NATIONAL_PLATFORM && !*ref)
		return err_set(e, MB_EINVAL, "invalid_field", "reference",
		               "Nộp qua Cổng thanh toán quốc gia: phải ghi mã giao dịch.",
		               "paid through the national payment platform: the transaction reference is required");
	if (*ref && !code_ok(ref))
		return err_set(e, MB_EINVAL, "invalid_field", "reference",
		               "Mã giao dịch gồm 1–40 chữ cái không dấu, chữ số hoặc - / . _",
		               "the transaction reference is 1–40 letters, digits or - / . _");
	if (method == DM_CASH && !*rcpt)
		return err_set(e, MB_EINVAL, "invalid_field", "receipt_no", "Nộp tiền mặt: phải ghi số biên lai.",
		               "paid in cash: the receipt number is required");
	if (*rcpt && !code_ok(rcpt))
		return err_set(e, MB_EINVAL, "invalid_field", "receipt_no",
		               "Số biên lai gồm 1–40 chữ cái không dấu, chữ số hoặc - / . _",
		               "the receipt number is 1–40 letters, digits or - / . _");
	if (method == DM_NONE && (*ref || *rcpt))
		return err_set(e, MB_EINVAL, "invalid_field", *ref ? "reference" : "receipt_no",
		               "Không thu phí thì không có mã giao dịch hay biên lai.",
		               "no fee was charged, so there is no reference or receipt");
	out->reference = ref;
	out->receipt_no = rcpt;
	return 0;
}
