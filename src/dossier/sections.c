/* sections.c — what other rooms add to a dossier's pages and JSON (dossier/web.h,
 * dossier_section): filled at install, before serving, then only read. */
#include "base/log.h"
#include "dossier/web.h"

enum { SECTIONS_MAX = 8 };
static const dossier_section *g_sections[SECTIONS_MAX];
static int g_nsections;

void dossier_section_add(const dossier_section *s)
{
	for (int i = 0; i < g_nsections; i++)
		if (g_sections[i] == s) return;
	if (g_nsections < SECTIONS_MAX) g_sections[g_nsections++] = s;
	else log_msg(LOG_ERROR, "dossier", "more than %d sections added to the dossier pages: one left out", SECTIONS_MAX);
}

int dossier_sections(const dossier_section *const **out)
{
	*out = g_sections;
	return g_nsections;
}
