/* units.h — the province's organisation: units, their heads, contact
 * channels and citizen-reception schedules (plan 262 R6, R7). */
#ifndef MB_UNITS_H
#define MB_UNITS_H

#include <stdbool.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/buf.h"
#include "base/err.h"
#include "db/db.h"
#include "ledger/ledger.h"

/* The fields a unit's head or an administrator may edit. */
typedef enum units_field {
	UF_HEAD_NAME, UF_HEAD_TITLE, UF_PHONE, UF_EMAIL, UF_HOTLINE, UF_ADDRESS,
	UF_RECEPTION_SCHEDULE, UF_RECEPTION_PLACE, UF__MAX
} units_field;

extern const char *const units_field_names[UF__MAX];

typedef struct units_patch {
	const char *v[UF__MAX];     /* NULL: leave as it is; "" clears the field */
} units_patch;

typedef struct units_row {
	int64_t id, parent_id, version;
	const char *code, *parent_code, *kind, *name_vi, *name_en;
	const char *v[UF__MAX];
	bool contacts_demo;
	const char *updated_at, *updated_by_role;   /* NULL when never edited */
} units_row;

/* --- pure rules (units/rules.c) --- */
/* Validates every set field (trimmed by the caller). */
int  units_rules_validate(const units_patch *p, err *e);
/* Keeps only the fields that differ from the current row; returns how many remain. */
int  units_rules_diff(units_patch *p, const units_row *cur);
const char *units_kind_label_vi(const char *kind);
const char *units_field_label_vi(units_field f);

/* --- services --- */
void units_install(void);
/* Loads the embedded data/units.csv (reference data for every deployment),
 * inside the caller's transaction, with one event per unit. */
int  units_load_reference(db *d, err *e);
/* Fills every unit's contacts with generated demo data marked as such. */
int  units_load_demo_contacts(db *d, err *e);
/* Every unit (without contacts), in display order. */
int  units_list(db *d, arena *a, units_row **out, int *n, err *e);
/* The unit pickers' <option> elements, appended to b: every unit in display
 * order, named in English (en) or Vietnamese, the one whose code is current
 * (NULL: none) selected. Rendered once per version of the units and language
 * and shared by all threads (units/picker.c): a page reads one row for its
 * picker. 0, or -1 (nothing usable appended). */
int  units_picker_options(db *d, bool en, const char *current, buf *b);
/* Loads a unit by code: 1 found, 0 not, negative on error. */
int  units_get(db *d, const char *code, arena *a, units_row *out);
/* The head of a unit. One rule everywhere: the unit's record (head_name,
 * head_title: public, edited on the unit page by the head or an
 * administrator, each change a ledger event) names the head. Accounts with
 * the unit_head role carry the head's powers in the system (the head, a
 * deputy acting for them) but never name the head. The unit page, the unit
 * API, the statistics ("head" column, CSV) and the reminder and escalation
 * e-mails all read this record. 1 found, 0 no such unit. */
int  units_head(db *d, const char *code, arena *a, const char **name, const char **title);
/* Demo data only: sets the unit's head to one of the demo accounts, marked
 * as demo data, with its event (inside the caller's transaction). */
int  units_demo_head(db *d, const char *code, const char *name, const char *title, err *e);
/* Applies a validated patch with its event, in the caller's transaction. */
int  units_apply_patch(db *d, const ledger_actor *by, const units_row *cur, const units_patch *p, err *e);

#endif
