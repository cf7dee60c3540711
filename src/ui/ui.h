/* ui.h — the one page layout, error pages, the home page, health and metrics. */
#ifndef MB_UI_H
#define MB_UI_H

#include "web/web.h"

/* Opens the document: head, header with navigation, language switch and the
 * signed-in account (with the sign-out form). title is already translated. */
void ui_page_begin(web_req *r, const char *title);
void ui_page_end(web_req *r);
void ui_install(void);

/* A link of the header's navigation that a room adds at install (after the
 * links every page has), shown when shown(r) says so for the signed-in actor
 * (r->actor, never NULL when called): so the layout names none of the rooms.
 * msgid is translated with web_t. Kept by pointer: a static object. */
typedef struct ui_menu_item {
	const char *msgid, *href;
	bool (*shown)(web_req *r);
} ui_menu_item;
void ui_menu_add(const ui_menu_item *m);

/* ' lang="vi"' on an English page, "" otherwise (print it with %r inside a
 * start tag). Marks an element whose content exists only in Vietnamese —
 * people's names and titles, citizens' and officials' own words, addresses,
 * legal citations and document lists — so that it is read as Vietnamese and
 * the English interface can be checked for anything left untranslated. */
const char *ui_vi(web_req *r);
/* ui_vi() when msgid has no English (web_t returned it unchanged). */
const char *ui_vi_unless(web_req *r, const char *translated, const char *msgid);

/* The links of a list shown a page at a time (keyset): "Trang đầu" when this
 * is not the first page, "Trang sau" to the page after the code next (none on
 * the last page). base is the list's address with its query so far, ending
 * in '?' or '&' (after=<next> is appended). */
void ui_pager(web_req *r, const char *base, bool not_first, const char *next);

#endif
