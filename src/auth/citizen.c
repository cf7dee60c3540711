/* citizen.c — citizens' own accounts, made when a registration is confirmed
 * (the registration itself, its e-mail and the "my dossiers" pages are in
 * src/citizen/). */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "auth/auth.h"
#include "auth/repo.h"
#include "base/clock.h"

static const char CITIZEN_UNIT[] = "ubnd-tinh-son-la";

int auth_citizen_email_taken(db *d, const char *email, err *e) { return auth_repo_citizen_email_taken(d, email, e); }

int auth_account_email_set(db *d, const char *login, const char *email, err *e)
{
	return auth_repo_email_set(d, login, email, e);
}

int auth_citizen_create(db *d, const char *email, const char *display_name, const char *password_hash,
                        arena *a, int64_t *id_out, const char **login_out, err *e)
{
	if (auth_rules_check_display_name(display_name, e)) return MB_EINVAL;
	int taken = auth_repo_citizen_email_taken(d, email, e);
	if (taken < 0) return taken;
	if (taken)
		return err_set(e, MB_ECONFLICT, "conflict", "email", "Địa chỉ thư điện tử này đã có tài khoản.",
		               "this e-mail address already has an account");
	int64_t unit_id = 0;
	int found = auth_repo_unit_id(d, CITIZEN_UNIT, &unit_id, e);
	if (found != 1) return found < 0 ? found : err_set(e, MB_EINTERNAL, "no_unit", NULL, "Thiếu đơn vị gốc.", "the province unit is missing");
	unsigned char rnd[5];
	char hex[11], login[16], at[32];
	randombytes_buf(rnd, sizeof rnd);
	hex_encode(rnd, sizeof rnd, hex);
	snprintf(login, sizeof login, "cd-%s", hex);
	clock_iso_utc(clock_now(), at, sizeof at);
	int rc = auth_repo_account_insert(d, login, display_name, auth_role_name(ROLE_CITIZEN), unit_id, password_hash, at, e);
	if (rc) return rc;
	if ((rc = auth_repo_email_set(d, login, email, e))) return rc;
	auth_actor me;
	if (auth_actor_load(d, login, a, &me, e) != 1)
		return err_set(e, MB_EINTERNAL, "account", NULL, "Không tạo được tài khoản.", "cannot create the account");
	json_t *p = json_pack("{s:s, s:s, s:s, s:s, s:s}", "login", login, "display_name", display_name,
	                      "role", auth_role_name(ROLE_CITIZEN), "unit", CITIZEN_UNIT, "via", "registration");
	rc = ledger_append(d, &me.ledger, CITIZEN_UNIT, "account.created", login, p, NULL, e);
	json_decref(p);
	if (rc) return rc;
	if (id_out) *id_out = me.id;
	if (login_out) *login_out = arena_strdup(a, login);
	return 0;
}
