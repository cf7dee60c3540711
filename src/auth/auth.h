/* auth.h — accounts, roles, unit scopes, sessions, CSRF, sign-in limits.
 *
 * Roles (auth_role) are fixed; each account belongs to one unit and acts on
 * that unit and its sub-units. Route permissions (AUTH_P_*) are coarse and
 * checked by the web hook; scoped decisions ("may this head edit that unit?")
 * go through auth_can(), which asks the pure rules in auth/rules.c.
 */
#ifndef MB_AUTH_H
#define MB_AUTH_H

#include <stdbool.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/err.h"
#include "db/db.h"
#include "ledger/ledger.h"
#include "web/web.h"

typedef enum auth_role {
	ROLE_CITIZEN,
	ROLE_COUNTER_OFFICER,
	ROLE_PROCESSING_OFFICER,
	ROLE_UNIT_HEAD,
	ROLE_INSPECTOR,              /* Provincial Inspectorate (Thanh tra tỉnh) */
	ROLE_HOME_AFFAIRS_INSPECTOR, /* Department of Home Affairs (Sở Nội vụ) */
	ROLE_ADMIN,
	ROLE_OVERSEER,               /* People's Council, Fatherland Front, press: read-only */
	ROLE__MAX
} auth_role;

/* Route permissions: values for web_route.perm (WEB_PUBLIC = 1 is web's own). */
enum {
	AUTH_P_SIGNED_IN = 2,    /* any signed-in account */
	AUTH_P_UNIT_EDITOR,      /* admin or unit head; scope checked with auth_can() */
	AUTH_P_ADMIN,
	AUTH_P_INSPECTOR,        /* Provincial Inspectorate */
	AUTH_P_CITIZEN,          /* a citizen's own account (their dossiers and reports) */
	AUTH_P__MAX
};

/* Scoped actions. */
typedef enum auth_action {
	AUTH_A_UNIT_EDIT,
	AUTH_A__MAX
} auth_action;

typedef struct auth_actor {
	int64_t id;
	const char *login, *display_name, *unit_code, *unit_name_vi, *unit_name_en;
	auth_role role;
	int64_t unit_id;
	char csrf[65];
	ledger_actor ledger;         /* {id, role name} for ledger_append */
} auth_actor;

/* --- pure rules (auth/rules.c) --- */
const char *auth_role_name(auth_role r);              /* "unit_head" */
const char *auth_role_label_vi(auth_role r);          /* "Trưởng đơn vị" (msgid) */
int  auth_role_parse(const char *s, auth_role *out);  /* 0 or -1 */
bool auth_rules_perm(auth_role role, int perm);
/* ancestors: the subject unit's id first, then its parent, ... up to the root. */
bool auth_rules_can(auth_role role, int64_t actor_unit, auth_action act,
                    const int64_t *ancestors, int nancestors);
enum { AUTH_LOGIN_WINDOW_S = 15 * 60, AUTH_MAX_FAIL_LOGIN = 5, AUTH_MAX_FAIL_ADDR = 20 };
bool auth_rules_login_limited(int failures_for_login, int failures_for_address);
int  auth_rules_check_login_name(const char *login, err *e);
int  auth_rules_check_password(const char *pw, err *e);
int  auth_rules_check_display_name(const char *s, err *e);

/* --- services --- */
/* Installs the web hook and registers the sign-in, sign-out and account routes. */
void auth_install(void);
/* Whether actor may do act on the unit (scope through the unit tree). */
bool auth_can(db *d, const auth_actor *a, auth_action act, int64_t unit_id);
/* The unit tree, for features that scope by unit. */
int  auth_unit_id(db *d, const char *code, int64_t *id, err *e);          /* 1, 0 or <0 */
int  auth_unit_ancestors(db *d, int64_t unit_id, int64_t *out, int max);   /* count; unit first */
const char *auth_unit_code(db *d, int64_t unit_id, arena *a);            /* "" when unknown */
/* Creates an account in the caller's transaction, with an event. When
 * password is NULL a random one is generated and written to pw_out (≥ 24 bytes). */
int  auth_account_create(db *d, const ledger_actor *by, const char *login, const char *display_name,
                         auth_role role, const char *unit_code, const char *password,
                         char *pw_out, err *e);
/* Changes an account's role, unit or disabled flag (NULL/negative: keep), with
 * an event; a disabled account's sessions end at once. */
int  auth_account_change(db *d, const ledger_actor *by, const char *login, const char *role,
                         const char *unit_code, int disabled, err *e);
/* Sets the position (chức vụ) shown with the official's name on dossiers, with an event. */
int  auth_account_set_title(db *d, const ledger_actor *by, const char *login, const char *title, err *e);
int  auth_password_reset(db *d, const ledger_actor *by, const char *login, char *pw_out, err *e);
/* The argon2id hash of a password as accounts store it (out ≥ crypto_pwhash_STRBYTES = 128). */
int  auth_password_hash(const char *pw, char out[128], err *e);
/* A citizen's own account (auth/citizen.c), once their e-mail address is
 * confirmed: a generated login ("cd-" and 10 hex digits), the address (lower
 * case; they sign in with it), the password hash from the registration, the
 * province as unit, and its account.created event by the new account itself,
 * in the caller's transaction. MB_ECONFLICT when a citizen has the address. */
int  auth_citizen_create(db *d, const char *email, const char *display_name, const char *password_hash,
                         arena *a, int64_t *id_out, const char **login_out, err *e);
/* Whether a citizen account has this (lower-case) address: 1, 0 or <0. */
int  auth_citizen_email_taken(db *d, const char *email, err *e);
/* Sets an account's e-mail address (no event: contact data, like units' e-mail). */
int  auth_account_email_set(db *d, const char *login, const char *email, err *e);
/* Generates a random password of 16 characters into out (≥ 24 bytes). */
void auth_password_generate(char *out);
/* Loads an account as an actor (for commands run by the command line). 1, 0 or <0. */
int  auth_actor_load(db *d, const char *login, arena *a, auth_actor *out, err *e);
/* For anonymous forms: the double-submit CSRF token (sets the cookie when missing). */
const char *auth_anon_csrf(web_req *r);

#endif
