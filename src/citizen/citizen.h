/* citizen.h — citizens' own accounts: registration with an e-mail address
 * confirmed through a one-time link, and "my dossiers and reports" in one
 * place (/me).
 *
 * A dossier belongs to a citizen's account when it was submitted online while
 * they were signed in (dossiers.citizen_account_id), or when they added it to
 * their account with its code and tracking secret (account_dossiers; the same
 * proof as public tracking, throttled the same way). A report belongs to them
 * when they filed it while signed in (cases.reporter_account_id).
 *
 * Registration answers the same whether or not the address already has an
 * account: a new address gets the confirmation link, a registered one gets a
 * notice that it has an account; nothing else differs. Limits: 5 registrations
 * per client address per hour (429 after), and at most 3 e-mails per address
 * per day (further ones are silently not sent). The link's token is 32 random
 * bytes, kept only as its SHA-256, valid 24 hours and once. */
#ifndef MB_CITIZEN_H
#define MB_CITIZEN_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "auth/auth.h"
#include "base/arena.h"
#include "base/err.h"
#include "db/db.h"

enum {
	CITIZEN_TOKEN_TTL_S = 24 * 3600,
	CITIZEN_REG_WINDOW_S = 3600,
	CITIZEN_REG_MAX_PER_ADDR = 5,
	CITIZEN_MAIL_WINDOW_S = 24 * 3600,
	CITIZEN_MAIL_MAX_PER_EMAIL = 3,
	CITIZEN_EMAIL_MAX = 64,      /* a citizen signs in with it, in the login field */
};

typedef struct citizen_registration {
	const char *email, *display_name, *password, *lang;
} citizen_registration;

/* Pure: the address trimmed and in lower case into out (≥ CITIZEN_EMAIL_MAX + 1),
 * or an error naming the field "email". */
int citizen_rules_email(const char *in, char *out, size_t n, err *e);

/* Registers (see above). addr is the client's address, for the limit. */
int citizen_register(db *d, const citizen_registration *in, const char *addr, err *e);
/* Confirms a registration by its link's token: creates the account (1 event)
 * and forgets the registration. MB_ENOTFOUND for an unknown, used or expired
 * token; MB_ECONFLICT when the address got an account meanwhile. */
int citizen_confirm(db *d, const char *token, arena *a, const char **login, err *e);
/* Adds a dossier to the account with its code and tracking secret (one event
 * account.dossier_added); adding it again changes nothing. MB_ENOTFOUND when
 * code or secret is wrong (the same answer for both), MB_ELIMIT after too many
 * failures from addr. *code_out: the dossier's code as stored. */
int citizen_add_dossier(db *d, const auth_actor *me, const char *code, const char *secret, const char *addr,
                        arena *a, const char **code_out, err *e);

typedef struct citizen_dossier {
	const char *code, *procedure_vi, *procedure_en, *unit_vi, *unit_en, *state, *risk;
	int64_t received_at, due_at, finished_at;
	bool late, linked;           /* linked: added with code and secret (else submitted from the account) */
} citizen_dossier;
typedef struct citizen_report {
	const char *code, *kind, *title, *state, *risk, *unit_vi, *unit_en;
	int64_t received_at, due_at;
} citizen_report;
/* A page of the account's dossiers or reports, newest first. In: after (the last code of the page
 * before, or NULL) and limit (1..CITIZEN_PAGE_MAX); out: the rows and next (the code to continue
 * after, NULL on the last page). An after that is not one of the account's own: MB_EINVAL. */
#define CITIZEN_PAGE_MAX 200
typedef struct citizen_page {
	const char *after;
	int limit;
	const char *next;
} citizen_page;
int citizen_dossiers(db *d, int64_t account_id, citizen_page *pg, arena *a, citizen_dossier **out, int *n, err *e);
int citizen_reports(db *d, int64_t account_id, citizen_page *pg, arena *a, citizen_report **out, int *n, err *e);

/* The demo citizen (congdan): an e-mail address, a dossier received at the
 * counter and added to the account with its code and secret, and a report
 * filed while signed in. Prints the dossier's code and secret to out. */
int citizen_load_demo(db *d, FILE *out, err *e);

void citizen_install(void);

#endif
