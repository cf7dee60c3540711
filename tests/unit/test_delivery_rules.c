/* Results online and fees, the pure rules: what counts as a PDF (header,
 * trailer, size at its boundary), who may attach or record in which state
 * (every role × every state, written out independently), and every rule of a
 * payment at its boundary. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "delivery/delivery.h"

static const char MINI[] = "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n";

static void pdf_by_content(void **state)
{
	(void)state;
	err e = {0};
	assert_int_equal(delivery_rules_pdf(MINI, strlen(MINI), 1000, "file", &e), 0);
	/* PDF 2.0, CRLF and no final newline after %%EOF */
	const char *v2 = "%PDF-2.0\r\n...\r\n%%EOF";
	assert_int_equal(delivery_rules_pdf(v2, strlen(v2), 1000, "file", &e), 0);
	/* not a PDF: another header, a PNG, text calling itself PDF, an empty file */
	const char *bad[] = {"%PDF-3.0\n...\n%%EOF\n", "\x89PNG\r\n\x1a\n....%%EOF", "hello.pdf %%EOF", "%PDF-1.4\n",
	                     "", " %PDF-1.4\n..%%EOF"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		err b = {0};
		assert_int_equal(delivery_rules_pdf(bad[i], strlen(bad[i]), 1000, "file", &b), MB_EINVAL);
		assert_string_equal(b.code, "invalid_field");
		assert_string_equal(b.field, "file");
		assert_non_null(b.vi);
		assert_non_null(b.en);
	}
	/* a truncated upload: the header but no trailer */
	char trunc[64];
	memcpy(trunc, MINI, 30);
	assert_int_equal(delivery_rules_pdf(trunc, 30, 1000, "file", &e), MB_EINVAL);
	/* the marker must lie within the last 1024 bytes: MINI ends "%%EOF\n", so
	 * 1018 more bytes of white space put it at exactly the last 1024 */
	size_t len0 = strlen(MINI), n = len0 + 1019;
	char *pad = malloc(n);
	memcpy(pad, MINI, len0);
	memset(pad + len0, '\n', 1019);
	assert_int_equal(delivery_rules_pdf(pad, len0 + 1018, 100000, "file", &e), 0);
	assert_int_equal(delivery_rules_pdf(pad, n, 100000, "file", &e), MB_EINVAL);
	memset(pad + len0, 'x', 10);   /* other bytes after the marker: no trailer */
	assert_int_equal(delivery_rules_pdf(pad, len0 + 10, 100000, "file", &e), MB_EINVAL);
	free(pad);
	/* the size limit at its boundary */
	size_t len = strlen(MINI);
	assert_int_equal(delivery_rules_pdf(MINI, len, len, "file", &e), 0);
	err big = {0};
	assert_int_equal(delivery_rules_pdf(MINI, len, len - 1, "file", &big), MB_ETOOBIG);
	assert_string_equal(big.code, "too_large");
}

static bool expect_attach(dossier_state s, auth_role r, bool in_scope, bool holder)
{
	if (r != ROLE_PROCESSING_OFFICER && r != ROLE_UNIT_HEAD) return false;
	if (!in_scope) return false;
	if (s == DS_PROCESSING) return r == ROLE_UNIT_HEAD || holder;
	return s == DS_RESULT_READY || s == DS_RETURNED;
}

static bool expect_pay(dossier_state s, auth_role r, bool in_scope, bool holder)
{
	bool who = r == ROLE_COUNTER_OFFICER || r == ROLE_UNIT_HEAD || (r == ROLE_PROCESSING_OFFICER && holder);
	if (!who || !in_scope) return false;
	return s == DS_RECEIVED || s == DS_PROCESSING || s == DS_SUPPLEMENT || s == DS_RESULT_READY || s == DS_RETURNED;
}

static void who_may_attach_and_record(void **state)
{
	(void)state;
	for (int s = 0; s < DS__MAX; s++)
		for (int r = 0; r < ROLE__MAX; r++)
			for (int sc = 0; sc < 2; sc++)
				for (int h = 0; h < 2; h++) {
					delivery_actor a = {(auth_role)r, sc, h};
					err e = {0};
					int rc = delivery_rules_may_attach((dossier_state)s, &a, &e);
					assert_int_equal(rc == 0, expect_attach((dossier_state)s, (auth_role)r, sc, h));
					if (rc) assert_true(rc == MB_EFORBIDDEN || rc == MB_ECONFLICT);
					err e2 = {0};
					rc = delivery_rules_may_pay((dossier_state)s, &a, &e2);
					assert_int_equal(rc == 0, expect_pay((dossier_state)s, (auth_role)r, sc, h));
				}
	/* the citizen sees the result only once it is ready */
	for (int s = 0; s < DS__MAX; s++)
		assert_int_equal(delivery_rules_public((dossier_state)s), s == DS_RESULT_READY || s == DS_RETURNED);
}

static int pay(const char *fee, const char *method, const char *ref, const char *rcpt, const char *reason, int64_t cat,
               delivery_payment *out, err *e)
{
	delivery_payment_in in = {fee, method, ref, rcpt, reason};
	memset(e, 0, sizeof *e);
	return delivery_rules_payment(&in, cat, out, e);
}

static void payment_rules(void **state)
{
	(void)state;
	delivery_payment p;
	err e;
	/* the catalogue's fee in cash with a receipt */
	assert_int_equal(pay("50000", "cash", NULL, "BL-001", NULL, 50000, &p, &e), 0);
	assert_int_equal(p.fee_vnd, 50000);
	assert_int_equal(p.method, DM_CASH);
	assert_string_equal(p.receipt_no, "BL-001");
	/* thousands grouped with a dot or a space */
	assert_int_equal(pay("50.000", "cash", NULL, "1", NULL, 50000, &p, &e), 0);
	assert_int_equal(p.fee_vnd, 50000);
	assert_int_equal(pay("1 250 000", "bank_transfer", NULL, NULL, NULL, 1250000, &p, &e), 0);
	assert_int_equal(p.fee_vnd, 1250000);
	const char *badfee[] = {"", "abc", "5.0", "50.00", "1.5", "5000.", ".500", "1e5", "1234.5678", "5,000"};
	for (size_t i = 0; i < sizeof badfee / sizeof badfee[0]; i++) {
		assert_int_equal(pay(badfee[i], "cash", NULL, "1", NULL, -1, &p, &e), MB_EINVAL);
		assert_string_equal(e.field, "fee_vnd");
	}
	assert_int_equal(pay(NULL, "cash", NULL, "1", NULL, -1, &p, &e), MB_EINVAL);
	assert_string_equal(e.field, "fee_vnd");
	/* negative: its own message */
	assert_int_equal(pay("-1", "cash", NULL, "1", NULL, -1, &p, &e), MB_EINVAL);
	assert_string_equal(e.field, "fee_vnd");
	assert_non_null(strstr(e.en, "negative"));
	/* the upper bound, 100 billion, at its boundary */
	assert_int_equal(pay("100000000000", "bank_transfer", NULL, NULL, NULL, -1, &p, &e), 0);
	assert_int_equal(pay("100000000001", "bank_transfer", NULL, NULL, NULL, -1, &p, &e), MB_EINVAL);
	assert_int_equal(pay("1000000000000", "bank_transfer", NULL, NULL, NULL, -1, &p, &e), MB_EINVAL);
	/* an amount other than the catalogue's needs a reason of at least 10 letters */
	assert_int_equal(pay("60000", "cash", NULL, "1", NULL, 50000, &p, &e), MB_EINVAL);
	assert_string_equal(e.field, "fee_reason");
	assert_int_equal(pay("60000", "cash", NULL, "1", "quá ít", 50000, &p, &e), MB_EINVAL);
	assert_string_equal(e.field, "fee_reason");
	assert_int_equal(pay("60000", "cash", NULL, "1", "Thu thêm bản sao thứ hai", 50000, &p, &e), 0);
	assert_int_equal(p.catalogue_fee_vnd, 50000);
	assert_int_equal(pay("49999", "cash", NULL, "1", NULL, 50000, &p, &e), MB_EINVAL);
	/* no published fee (set by the People's Council): no reason asked */
	assert_int_equal(pay("60000", "cash", NULL, "1", NULL, -1, &p, &e), 0);
	/* fee 0: no way of paying, no receipt, no reference */
	assert_int_equal(pay("0", NULL, NULL, NULL, NULL, 0, &p, &e), 0);
	assert_int_equal(p.method, DM_NONE);
	assert_int_equal(pay("0", "none", NULL, NULL, NULL, 0, &p, &e), 0);
	assert_int_equal(pay("0", "cash", NULL, "1", NULL, 0, &p, &e), MB_EINVAL);
	assert_string_equal(e.field, "method");
	assert_int_equal(pay("0", "none", NULL, "1", NULL, 0, &p, &e), MB_EINVAL);
	assert_string_equal(e.field, "receipt_no");
	/* a fee above 0 needs a known method */
	assert_int_equal(pay("1", NULL, NULL, NULL, NULL, 1, &p, &e), MB_EINVAL);
	assert_string_equal(e.field, "method");
	assert_int_equal(pay("1", "none", NULL, NULL, NULL, 1, &p, &e), MB_EINVAL);
	assert_string_equal(e.field, "method");
	assert_int_equal(pay("1", "paypal", NULL, NULL, NULL, 1, &p, &e), MB_EINVAL);
	assert_string_equal(e.field, "method");
	/* cash needs the receipt number */
	assert_int_equal(pay("1", "cash", NULL, NULL, NULL, 1, &p, &e), MB_EINVAL);
	assert_string_equal(e.field, "receipt_no");
	assert_int_equal(pay("1", "cash", NULL, "", NULL, 1, &p, &e), MB_EINVAL);
	/* the national payment platform needs its transaction reference */
	assert_int_equal(pay("1", "national_platform", NULL, NULL, NULL, 1, &p, &e), MB_EINVAL);
	assert_string_equal(e.field, "reference");
	assert_int_equal(pay("1", "national_platform", "PAYGOV-1", NULL, NULL, 1, &p, &e), 0);
	assert_true(delivery_method_online(p.method));
	assert_false(delivery_method_online(DM_BANK_TRANSFER));
	assert_false(delivery_method_online(DM_CASH));
	/* a bank transfer needs neither */
	assert_int_equal(pay("1", "bank_transfer", NULL, NULL, NULL, 1, &p, &e), 0);
	/* reference and receipt: 1–40 of letters, digits, - / . _ */
	char forty[41], fortyone[42];
	memset(forty, 'A', 40);
	forty[40] = '\0';
	memset(fortyone, 'A', 41);
	fortyone[41] = '\0';
	assert_int_equal(pay("1", "national_platform", forty, forty, NULL, 1, &p, &e), 0);
	assert_int_equal(pay("1", "national_platform", fortyone, NULL, NULL, 1, &p, &e), MB_EINVAL);
	assert_string_equal(e.field, "reference");
	assert_int_equal(pay("1", "cash", NULL, fortyone, NULL, 1, &p, &e), MB_EINVAL);
	assert_string_equal(e.field, "receipt_no");
	assert_int_equal(pay("1", "cash", NULL, "BL 01", NULL, 1, &p, &e), MB_EINVAL);
	assert_int_equal(pay("1", "cash", NULL, "<b>", NULL, 1, &p, &e), MB_EINVAL);
	assert_int_equal(pay("1", "cash", NULL, "01/BL-2026.a_b", NULL, 1, &p, &e), 0);
}

static void method_names(void **state)
{
	(void)state;
	for (int m = 0; m < DM__MAX; m++) {
		delivery_method back;
		assert_int_equal(delivery_method_parse(delivery_method_name((delivery_method)m), &back), 0);
		assert_int_equal(back, m);
		assert_true(strlen(delivery_method_label_vi((delivery_method)m)) > 0);
	}
	delivery_method x;
	assert_int_equal(delivery_method_parse("Cash", &x), -1);
	assert_int_equal(delivery_method_parse(NULL, &x), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(pdf_by_content),
		cmocka_unit_test(who_may_attach_and_record),
		cmocka_unit_test(payment_rules),
		cmocka_unit_test(method_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
