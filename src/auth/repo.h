/* repo.h — auth's SQL (internal to auth/). */
#ifndef MB_AUTH_REPO_H
#define MB_AUTH_REPO_H

#include "auth/auth.h"
#include "base/arena.h"

typedef struct auth_account_row {
	int64_t id, unit_id;
	const char *login, *display_name, *role, *password_hash, *unit_code;
	bool disabled;
} auth_account_row;

/* Return 1 when found, 0 when not, a negative status on error. */
MB_MUST_CHECK int auth_repo_session_actor(db *d, const char *token_hash, int64_t now, arena *a, auth_actor *out, err *e);
MB_MUST_CHECK int auth_repo_account(db *d, const char *login, arena *a, auth_account_row *out, err *e);
MB_MUST_CHECK int auth_repo_session_create(db *d, const char *token_hash, int64_t account_id, const char *csrf,
                             int64_t now, int64_t expires, err *e);
MB_MUST_CHECK int auth_repo_session_delete(db *d, const char *token_hash, err *e);
MB_MUST_CHECK int auth_repo_sessions_purge(db *d, int64_t now, err *e);
/* Failures since `since`: of login from addr, of login from anywhere, and of addr for any login. */
MB_MUST_CHECK int auth_repo_failures(db *d, const char *login, const char *addr, int64_t since,
                       int *npair, int *nlogin, int *naddr, err *e);
MB_MUST_CHECK int auth_repo_failure_add(db *d, const char *login, const char *addr, int64_t now, err *e);
/* A success forgets the failures of login from addr only: the others keep counting. */
MB_MUST_CHECK int auth_repo_failures_clear(db *d, const char *login, const char *addr, err *e);
MB_MUST_CHECK int auth_repo_account_insert(db *d, const char *login, const char *display_name, const char *role,
                             int64_t unit_id, const char *hash, const char *created_at, err *e);
MB_MUST_CHECK int auth_repo_email_set(db *d, const char *login, const char *email, err *e);
/* 1 when a citizen account has this e-mail address, 0 when none. */
MB_MUST_CHECK int auth_repo_citizen_email_taken(db *d, const char *email, err *e);
/* Returns 1 when the account exists (password changed), 0 when not. */
MB_MUST_CHECK int auth_repo_password_set(db *d, const char *login, const char *hash, err *e);
MB_MUST_CHECK int auth_repo_sessions_drop_account(db *d, const char *login, err *e);
MB_MUST_CHECK int auth_repo_unit_id(db *d, const char *code, int64_t *id, err *e);
MB_MUST_CHECK int auth_repo_unit_code(db *d, int64_t unit_id, arena *a, char **out);
/* Fills out with unit_id, its parent, ... up to the root; returns the count. */
MB_MUST_CHECK int auth_repo_ancestors(db *d, int64_t unit_id, int64_t *out, int max, err *e);
/* Changes role, unit and disabled flag; 1 when the account exists. */
MB_MUST_CHECK int auth_repo_account_update(db *d, const char *login, const char *role, int64_t unit_id, bool disabled, err *e);
/* Sets the position shown next to the name; 1 when the account exists. */
MB_MUST_CHECK int auth_repo_account_title(db *d, const char *login, const char *title, err *e);
/* Lists accounts as JSON objects into arr: all of them, or the one with login (when not NULL). */
MB_MUST_CHECK int auth_repo_accounts_json(db *d, const char *login, json_t *arr, err *e);

/* Registers the administrators' pages (auth/pages.c). */
void auth_pages_install(void);

#endif
