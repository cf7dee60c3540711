/* repo.h — the SQL of citizens' registrations and "my dossiers" (internal to citizen/). */
#ifndef MB_CITIZEN_REPO_H
#define MB_CITIZEN_REPO_H

#include "citizen/citizen.h"

typedef struct citizen_reg_row {
	int64_t id;
	const char *email, *display_name, *password_hash;
	int64_t expires_at;
} citizen_reg_row;

MB_MUST_CHECK int citizen_repo_reg_insert(db *d, const citizen_registration *in, const char *email, const char *password_hash,
                            const char *token_hash, int64_t now, int64_t expires, err *e);
/* The registration of a token (unexpired at now): 1, 0 or <0. */
MB_MUST_CHECK int citizen_repo_reg_by_token(db *d, const char *token_hash, int64_t now, arena *a, citizen_reg_row *out, err *e);
MB_MUST_CHECK int citizen_repo_reg_delete_email(db *d, const char *email, err *e);
MB_MUST_CHECK int citizen_repo_reg_purge(db *d, int64_t now, err *e);
/* 1 when added, 0 when it was already there. */
MB_MUST_CHECK int citizen_repo_link(db *d, int64_t account_id, int64_t dossier_id, int64_t now, err *e);
/* A page (limit rows) of the account's dossiers / reports, newest first, before before_id (0: the newest). */
MB_MUST_CHECK int citizen_repo_dossiers(db *d, int64_t account_id, int64_t before_id, int limit, arena *a,
                                        citizen_dossier **out, int *n, err *e);
MB_MUST_CHECK int citizen_repo_reports(db *d, int64_t account_id, int64_t before_id, int limit, arena *a,
                                       citizen_report **out, int *n, err *e);
/* The id behind a cursor code of the account's own dossier or report: 1, 0 (not the account's) or <0. */
MB_MUST_CHECK int citizen_repo_cursor(db *d, int64_t account_id, bool report, const char *code, int64_t *id, err *e);

#endif
