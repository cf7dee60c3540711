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
	AUTH_P_SESSION,          /* ending one's own session: every signed-in role, read-only ones too */
	AUTH_P_DOSSIERS,         /* the dossier routes: every signed-in role but the overseer, who
	                          * reads no dossier (personal data); refused as 404, not 403 */
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
/* Whether a role may read citizens' personal data in its scope (applicants of
 * dossiers, attachments): staff, inspectors and the administrator; never the
 * overseer, whose reading is public information plus non-personal case data. */
bool auth_rules_reads_personal(auth_role role);
/* The permission of an unsafe request (POST, PUT, PATCH, DELETE): as
 * auth_rules_perm, except that a read-only role (the overseer) changes nothing
 * but may still use the public forms and end its session. */
bool auth_rules_perm_write(auth_role role, int perm);
/* ancestors: the subject unit's id first, then its parent, ... up to the root. */
bool auth_rules_can(auth_role role, int64_t actor_unit, auth_action act,
                    const int64_t *ancestors, int nancestors);
/* Sign-in limits over the last AUTH_LOGIN_WINDOW_S (docs/ARCHITECTURE.md, rate
 * limits): an address that failed AUTH_MAX_FAIL_PAIR times for one login, or
 * AUTH_MAX_FAIL_ADDR times in all, waits; a login that failed
 * AUTH_MAX_FAIL_LOGIN times in all (from many addresses) is refused only to the
 * addresses that already failed for it, so its owner, from an address with no
 * failure for it, still signs in. */
enum { AUTH_LOGIN_WINDOW_S = 15 * 60, AUTH_MAX_FAIL_PAIR = 5, AUTH_MAX_FAIL_LOGIN = 10, AUTH_MAX_FAIL_ADDR = 20 };
bool auth_rules_login_limited(int failures_for_pair, int failures_for_login, int failures_for_address);
/* True when next is a path on this site that a browser cannot resolve to
 * another host: one '/', then no '/' or '\\'; no control character, white
 * space, backslash or non-ASCII byte; every %XX valid and not encoding any of
 * those, nor '/' or '%'. */
bool auth_rules_local_path(const char *next);
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
/* Checks login and password: 1 when they match an enabled account (acc
 * filled), 0 when not, <0 on a database error. Always runs one argon2id
 * verification, against a dummy hash when the login is unknown, so that the
 * time does not tell which logins exist. */
struct auth_account_row;
int  auth_password_check(db *d, const char *login, const char *password, arena *a, struct auth_account_row *acc, err *e);
/* Number of argon2id verifications run so far (for the tests). */
unsigned long auth_password_verifications(void);
/* Loads an account as an actor (for commands run by the command line). 1, 0 or <0. */
int  auth_actor_load(db *d, const char *login, arena *a, auth_actor *out, err *e);
/* For anonymous forms: the double-submit CSRF token (sets the cookie when missing). */
const char *auth_anon_csrf(web_req *r);

/* --- one-time form tokens (auth/forms.c; sql/0013_form_tokens.sql) ---
 * Every state-changing HTML form renders auth_form_fields(r) (%r) instead of
 * its own _csrf input, and its POST handler answers a success with
 * web_redirect() to the result (303). The first POST of a token records the
 * Location in the same transaction as the change; a repeat is sent there
 * without running the handler. A one-time result (a secret to show once) is
 * kept with auth_form_keep() during the POST — typically with a Location that
 * names auth_form_token() as ?f= — and the GET page reads it once with
 * auth_form_take() (NULL when already shown, expired after 30 minutes, or
 * asked by another browser). */
const char *auth_form_fields(web_req *r);   /* the _csrf and _form hidden inputs, HTML */
const char *auth_form_token(web_req *r);    /* this form POST's token; NULL outside one */
int  auth_form_keep(web_req *r, const char *name, const char *value);   /* 0, or -1 outside a form POST */
const char *auth_form_take(web_req *r, const char *name);              /* by ?f=TOKEN of this GET */
void auth_forms_install(void);              /* called by auth_install() */

#endif
