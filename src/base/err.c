#include "base/err.h"

#include <string.h>

int err_set(err *e, int status, const char *code, const char *field,
            const char *vi, const char *en)
{
	if (e) {
		e->status = status;
		e->code = code;
		e->field = field;
		e->vi = vi;
		e->en = en;
	}
	return status;
}

int err_http_status(int status, const char *code)
{
	switch (status) {
	case MB_OK: return 200;
	case MB_EINVAL:
		return code && strcmp(code, "invalid_field") == 0 ? 422 : 400;
	case MB_ENOTFOUND: return 404;
	case MB_EFORBIDDEN: return 403;
	case MB_EUNAUTH: return 401;
	case MB_ECONFLICT: return 409;
	case MB_ELIMIT: return 429;
	case MB_ETOOBIG: return 413;
	case MB_EUNAVAILABLE: return 503;
	default: return 500;
	}
}

int err_timeout(err *e)
{
	return err_set(e, MB_EUNAVAILABLE, "timeout", NULL,
	               "Máy chủ đang bận; yêu cầu đã quá thời hạn và không thay đổi gì. Vui lòng thử lại sau ít phút.",
	               "the server is busy; the request ran out of time and changed nothing; please try again shortly");
}
