/* demo.c — demo dossiers whose results are delivered online, with a fee
 * paid in each way: made through the same commands as real ones
 * (dossier_exec, delivery_pay, delivery_attach). The result document is the
 * embedded sample data/demo_result.pdf (printed to PDF by Chromium from a
 * page marked as a sample without legal value; see data/SOURCES.md). */
#include <stdio.h>
#include <string.h>

#include "base/embed.h"
#include "delivery/delivery.h"
#include "dossier/service.h"

static int actor(db *d, arena *a, const char *login, auth_actor *out, err *e)
{
	if (auth_actor_load(d, login, a, out, e) != 1)
		return err_set(e, MB_EINTERNAL, "demo", NULL, "Thiếu tài khoản mẫu.", "a demo account is missing");
	return 0;
}

static int cmd(db *d, arena *a, const char *login, dossier_cmd c, const char *code, const char *to, err *e)
{
	auth_actor ac;
	dossier_input in = {0};
	in.to_login = to;
	dossier_result res = {0};
	if (actor(d, a, login, &ac, e)) return e->status;
	return dossier_exec(d, &ac, c, code, &in, a, &res, e);
}

int delivery_load_demo(db *d, FILE *out, err *e)
{
	static const struct {
		const char *procedure, *name, *phone;
		int ndocs;
		const char *fee, *method, *reference, *receipt, *reason;
		bool attach;                 /* an electronic result */
		dossier_cmd last;            /* how far it goes after the result: ready or returned */
	} demo[] = {
		{"ct-hop-dong-giao-dich", "Hà Văn Thắng", "0915 202 303", 3, "50.000", "cash", "", "BL-0012345", "",
		 true, DC_RETURN},
		{"cu-dang-ky-thuong-tru", "Lường Thị Xuân", "0936 404 505", 3, "20000", "bank_transfer", "CK20261201-77", "", "",
		 true, DC_RESULT_READY},
		{"ht-cap-ban-sao-trich-luc", "Tòng Văn Phong", "0978 606 707", 3, "16000", "national_platform",
		 "PAYGOV-2026-0000917", "", "Cấp hai bản sao trích lục, mỗi bản 8.000 đồng theo biểu phí", true, DC_RESULT_READY},
		{"ht-dang-ky-giam-ho", "Cầm Thị Duyên", "0349 808 909", 3, "0", "", "", "", "", false, DC_RESULT_READY},
	};
	const struct embedded_file *pdf = embed_find("data/demo_result.pdf");
	if (!pdf) return err_set(e, MB_EINTERNAL, "demo", NULL, "Thiếu tệp kết quả mẫu.", "the sample result file is missing");
	arena a;
	arena_init(&a);
	int rc = 0;
	for (size_t i = 0; i < sizeof demo / sizeof demo[0] && !rc; i++) {
		auth_actor counter, official;
		if ((rc = actor(d, &a, "motcua", &counter, e)) || (rc = actor(d, &a, "xuly", &official, e))) break;
		dossier_input in = {0};
		in.procedure_code = demo[i].procedure;
		in.unit_code = "phuong-chieng-coi";
		in.applicant_name = demo[i].name;
		in.applicant_phone = demo[i].phone;
		in.applicant_address = "Phường Chiềng Cơi, tỉnh Sơn La";
		for (int k = 0; k < demo[i].ndocs; k++) in.provided[in.nprovided++] = k + 1;
		dossier_result res = {0};
		if ((rc = dossier_exec(d, &counter, DC_RECEIVE, NULL, &in, &a, &res, e))) break;
		char code[48], secret[16];
		snprintf(code, sizeof code, "%s", res.code);
		snprintf(secret, sizeof secret, "%s", res.secret);
		delivery_payment_in pay = {demo[i].fee, demo[i].method, demo[i].reference, demo[i].receipt, demo[i].reason};
		if ((rc = delivery_pay(d, &counter, code, &pay, &a, e))) break;
		if ((rc = cmd(d, &a, "motcua", DC_ASSIGN, code, "xuly", e))) break;
		char sha[65];
		if (demo[i].attach && (rc = delivery_attach(d, &official, code, pdf->data, pdf->size, &a, sha, e))) break;
		if ((rc = cmd(d, &a, "xuly", DC_RESULT_READY, code, NULL, e))) break;
		if (demo[i].last == DC_RETURN && (rc = cmd(d, &a, "motcua", DC_RETURN, code, NULL, e))) break;
		if (out)
			fprintf(out, "  %-18s secret %s  (%s; %s%s)\n", code, secret, demo[i].procedure,
			        demo[i].attach ? "electronic result, " : "", *demo[i].method ? demo[i].method : "no fee");
	}
	arena_free(&a);
	return rc;
}
