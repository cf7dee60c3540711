/* officials.h — every staff account as an official (issue #11 item 1, R2):
 * position (chức vụ, kept on the account: auth_account_set_title), unit, the
 * desks of the unit they serve (table desks, official_desks; sql/0035), and
 * the official's record page /officials/{login} (and its JSON), made of
 * SECTIONS that the rooms above register at install (ratings: figures from
 * the counters; cases: reports naming them and sanctions; inspections:
 * findings and commendations; later discipline and signals), so this room
 * names none of them.
 *
 * Who reads a record: the official, the heads of their unit and of the units
 * above, the Provincial Inspectorate and the home-affairs inspectors. Anyone
 * else gets 404 (never 403), so logins cannot be probed. Never public. */
#ifndef MB_OFFICIALS_H
#define MB_OFFICIALS_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "auth/auth.h"
#include "base/arena.h"
#include "base/err.h"
#include "db/db.h"
#include "web/web.h"

typedef struct official_desk {
	int64_t id, unit_id;
	const char *unit_code, *name_vi, *name_en;
} official_desk;

typedef struct official_profile {
	const char *position, *unit_name_vi, *unit_name_en;
} official_profile;

/* --- pure rules (officials/rules.c) --- */
/* Whether an actor may read an official's record: self; a unit head whose
 * unit is the official's or one above (head_above); either inspector. */
bool officials_rules_may_read(bool signed_in, auth_role role, bool self, bool head_above);
/* A desk's name: required, 2–120 characters, one line. field names it. */
int  officials_rules_check_desk_name(const char *s, const char *field, bool required, err *e);
/* A position (chức vụ): 0–200 characters, one line. */
int  officials_rules_check_position(const char *s, err *e);

/* --- reads and commands (officials/service.c) --- */
/* Loads the official named by login for a reader of records: 0, or
 * MB_ENOTFOUND (no such official, a citizen, or not the reader's to see). */
int  officials_load_for(db *d, const auth_actor *reader, const char *login, arena *a, auth_actor *out, err *e);
/* The official's position and unit names (empty strings when unknown). */
int  officials_profile(db *d, int64_t account_id, arena *a, official_profile *out, err *e);
/* Whether the actor is a head of the unit (or of one above it). */
bool officials_head_over(db *d, const auth_actor *actor, int64_t unit_id);
int  officials_desks_of_unit(db *d, int64_t unit_id, arena *a, official_desk **out, int *n, err *e);
int  officials_desks_of(db *d, int64_t account_id, arena *a, official_desk **out, int *n, err *e);
/* A desk by id: 1 found, 0 not, <0. */
int  officials_desk_get(db *d, int64_t id, arena *a, official_desk *out, err *e);
/* Adds a desk to a unit (its head or an administrator), event desk.created. */
int  officials_desk_create(db *d, const auth_actor *actor, const char *unit_code, const char *name_vi,
                           const char *name_en, int64_t *id, err *e);
/* Sets an official's position (NULL: keep) and desks (ndesks < 0: keep; the
 * desks must be of the official's unit), by the unit's head or an
 * administrator; one transaction, one event official.changed. */
int  officials_set(db *d, const auth_actor *actor, const char *login, const char *position, const int64_t *desks,
                   int ndesks, arena *a, err *e);

/* --- sections of the record --- */
typedef struct official_section {
	/* HTML on /officials/{login}, in the order registered. */
	int (*html)(web_req *r, db *d, const auth_actor *official, err *e);
	/* Members added to the record's JSON object. */
	int (*json)(db *d, json_t *j, const auth_actor *official, arena *a, err *e);
} official_section;
/* Adds s (kept by pointer: a static object; the same twice is one). At install, before serving. */
void official_section_add(const official_section *s);
int  official_sections(const official_section *const **out);

void officials_install(void);
/* Demo: the desks of the demo units and the demo officials' desks. */
int  officials_load_demo(db *d, err *e);

#endif
