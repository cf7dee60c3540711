/* web.h — shared by the dossier API and pages, and by the rooms that add sections to them. */
#ifndef MB_DOSSIER_WEB_H
#define MB_DOSSIER_WEB_H

#include <jansson.h>

#include "dossier/service.h"
#include "web/web.h"

/* Reads a command's input from a JSON object or from form fields (one of
 * j / r's form). Returns 0 or an error naming the field. */
int dossier_input_from_json(web_req *r, json_t *j, dossier_input *in, err *e);
int dossier_input_from_form(web_req *r, dossier_input *in, err *e);
int dossier_cmd_parse(const char *s, dossier_cmd *out);
/* "2026-12-01T10:00:00Z" (UTC), "2026-12-01T10:00" (Vietnam time) or
 * "2026-12-01" (17:00 Vietnam time); -1 when malformed. */
int64_t dossier_parse_when(const char *s);
/* The dossier as JSON. Personal data only when with_personal (staff in
 * scope, or the citizen who owns it). "risk" and "progress" are computed now
 * by the one rule (dossier_rules_progress); progress NULL: computed here. */
json_t *dossier_json(db *d, const dossier_row *row, const dossier_progress *progress, bool with_personal,
                     bool with_steps, arena *a);
/* Loads the dossier named by {code} for a signed-in actor who may see it. */
int dossier_load_for(web_req *r, dossier_row *row, err *e);

/* What other rooms add to a dossier's pages and JSON (results online, the rating card),
 * registered by their install (after dossier_install) and called in the order registered; a
 * hook may be NULL. So the dossier room never names the rooms above it. */
typedef struct dossier_section {
	/* The public tracking page (code and secret proven), before the steps and after them. */
	int (*track_top)(web_req *r, db *d, const dossier_row *row, const char *secret, err *e);
	int (*track_end)(web_req *r, db *d, const dossier_row *row, const char *secret, err *e);
	/* The staff page of the dossier, after the printable forms. */
	int (*staff)(web_req *r, db *d, const dossier_row *row, err *e);
	/* The dossier's JSON; staff: with what only staff (and the owner) see. */
	int (*json)(db *d, json_t *j, const dossier_row *row, bool staff, arena *a, err *e);
} dossier_section;
/* Adds s (kept by pointer: a static object); the same s twice is one. */
void dossier_section_add(const dossier_section *s);
/* The sections added, in order. */
int dossier_sections(const dossier_section *const **out);

void dossier_api_install(void);
void dossier_pages_install(void);
void dossier_forms_install(void);
/* The apology letters on an official's record (record.c). */
void dossier_record_install(void);

#endif
