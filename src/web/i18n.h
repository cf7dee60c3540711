/* i18n.h — messages in the request's language.
 *
 * Source strings are Vietnamese (the product's first language). English
 * comes from po/en.po, compiled by msgfmt into en.mo and embedded in the
 * binary; lookups binary-search the .mo's sorted table directly, so there is
 * no per-process locale and each request can use its own language (see
 * docs/ARCHITECTURE.md, "Languages"). A missing translation falls back to
 * the Vietnamese text.
 */
#ifndef MB_I18N_H
#define MB_I18N_H

#include <stddef.h>

/* Marks a string for the catalogue without translating it here (xgettext keyword). */
#define N_(s) (s)

/* Loads the embedded catalogues; 0 or -1 when a catalogue is malformed. */
int i18n_init(void);
const char *i18n_get(const char *lang, const char *msgid);
/* Number of entries in the English catalogue (for tests). */
size_t i18n_count(void);

#endif
