/* pages.c — the reporters' and staff pages for cases (to be written). */
#include "cases/web.h"

void cases_pages_install(void)
{
}
