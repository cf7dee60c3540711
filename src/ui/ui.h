/* ui.h — the one page layout, error pages, the home page, health and metrics. */
#ifndef MB_UI_H
#define MB_UI_H

#include "web/web.h"

/* Opens the document: head, header with navigation, language switch and the
 * signed-in account (with the sign-out form). title is already translated. */
void ui_page_begin(web_req *r, const char *title);
void ui_page_end(web_req *r);
void ui_install(void);

#endif
