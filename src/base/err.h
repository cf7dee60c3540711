/* err.h — the error object every fallible operation fills.
 *
 * Functions return 0 or a negative MB_E* code and, on failure, fill an err
 * with a stable machine code ("invalid_field"), the offending field (or
 * NULL), and a message in Vietnamese and in English. The strings are static
 * or owned by the request arena; an err owns nothing.
 */
#ifndef MB_ERR_H
#define MB_ERR_H

enum mb_status {
	MB_OK = 0,
	MB_EINVAL = -1,      /* bad input: 400/422 */
	MB_ENOTFOUND = -2,   /* 404 */
	MB_EFORBIDDEN = -3,  /* 403 */
	MB_EUNAUTH = -4,     /* 401 */
	MB_ECONFLICT = -5,   /* 409 */
	MB_ELIMIT = -6,      /* 429 */
	MB_ETOOBIG = -7,     /* 413 */
	MB_EINTERNAL = -8,   /* 500 */
	MB_EUNAVAILABLE = -9, /* 503: out of time or stopping; retry later */
};

/* On a function whose status must be looked at: a repo read that fails half-way
 * (a query stopped because its client left, or out of time) leaves its outputs
 * meaningless, so ignoring its status is a bug the compiler refuses. */
#define MB_MUST_CHECK __attribute__((warn_unused_result))

typedef struct err {
	int status;          /* one of enum mb_status */
	const char *code;    /* stable, lower_snake_case */
	const char *field;   /* offending input field or NULL */
	const char *vi;      /* message in Vietnamese */
	const char *en;      /* message in English */
} err;

/* Fills e (when not NULL) and returns status, so callers can write
 * `return err_set(e, MB_EINVAL, "invalid_field", "phone", "...", "...");` */
int err_set(err *e, int status, const char *code, const char *field,
            const char *vi, const char *en);
int err_http_status(int status, const char *code);
/* MB_EUNAVAILABLE "timeout": the request ran out of time (or the server is
 * stopping) and changed nothing. */
int err_timeout(err *e);

#endif
