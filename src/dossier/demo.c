/* demo.c — a few demo dossiers in different states, made through the same
 * commands as real ones, so that a fresh demo shows queues and tracking. */
#include <stdio.h>
#include <string.h>

#include "dossier/service.h"

typedef struct step { const char *login; dossier_cmd cmd; const char *to; int missing; } step;

static int run(db *d, arena *a, const char *login, dossier_cmd cmd, const char *code, dossier_input *in,
               dossier_result *res, err *e)
{
	auth_actor actor;
	if (auth_actor_load(d, login, a, &actor, e) != 1)
		return err_set(e, MB_EINTERNAL, "demo", NULL, "Thiếu tài khoản mẫu.", "a demo account is missing");
	return dossier_exec(d, &actor, cmd, code, in, a, res, e);
}

int dossier_load_demo(db *d, FILE *out, err *e)
{
	static const struct {
		const char *procedure, *name, *phone;
		int ndocs;
		step steps[4];
	} demo[] = {
		{"ht-nhan-cha-me-con", "Lò Thị Hoa", "0912 345 678", 3,
		 {{"motcua", DC_ASSIGN, "xuly", 0}}},
		{"ht-thay-doi-cai-chinh", "Cầm Văn Sơn", "0988 111 222", 3,
		 {{"motcua", DC_ASSIGN, "xuly", 0}, {"xuly", DC_REQUEST_SUPPLEMENT, NULL, 2}}},
		{"ct-hop-dong-giao-dich", "Quàng Thị Mai", "0977 333 444", 3,
		 {{"motcua", DC_ASSIGN, "xuly", 0}, {"xuly", DC_RESULT_READY, NULL, 0}, {"motcua", DC_RETURN, NULL, 0}}},
	};
	arena a;
	arena_init(&a);
	int rc = 0;
	for (size_t i = 0; i < sizeof demo / sizeof demo[0] && !rc; i++) {
		dossier_input in = {0};
		in.procedure_code = demo[i].procedure;
		in.unit_code = "phuong-chieng-coi";
		in.applicant_name = demo[i].name;
		in.applicant_phone = demo[i].phone;
		in.applicant_address = "Phường Chiềng Cơi, tỉnh Sơn La";
		for (int k = 0; k < demo[i].ndocs; k++) in.provided[in.nprovided++] = k + 1;
		dossier_result res = {0};
		if ((rc = run(d, &a, "motcua", DC_RECEIVE, NULL, &in, &res, e))) break;
		char code[48], secret[16];
		snprintf(code, sizeof code, "%s", res.code);
		snprintf(secret, sizeof secret, "%s", res.secret);
		for (int s = 0; s < 4 && demo[i].steps[s].login && !rc; s++) {
			dossier_input st = {0};
			st.to_login = demo[i].steps[s].to;
			if (demo[i].steps[s].missing) {
				st.missing[0] = demo[i].steps[s].missing;
				st.missing_reason[0] = "Bản sao chưa được chứng thực";
				st.nmissing = 1;
			}
			dossier_result r2 = {0};
			rc = run(d, &a, demo[i].steps[s].login, demo[i].steps[s].cmd, code, &st, &r2, e);
		}
		if (!rc && out) fprintf(out, "  %-18s secret %s  (%s)\n", code, secret, demo[i].procedure);
	}
	arena_free(&a);
	return rc;
}
