/* procedures.h — the catalogue of administrative procedures (thủ tục hành
 * chính, plan 262 R3): per unit, with required documents, legal processing
 * time, fees, legal basis and online level. Public header for other features. */
#ifndef MB_PROCEDURES_H
#define MB_PROCEDURES_H

#include <stdbool.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/calendar.h"
#include "base/err.h"
#include "db/db.h"
#include "ledger/ledger.h"

typedef struct procedure_doc {
	int64_t id;
	int ordinal;                /* 1, 2, ... as published */
	const char *name;           /* "Tờ khai đăng ký khai sinh (theo mẫu)" */
} procedure_doc;

typedef struct procedure {
	int64_t id, unit_id;        /* unit_id 0: every unit of its level */
	const char *code, *name_vi, *name_en, *field, *level;   /* level "commune" | "province" */
	int processing_days;        /* 0 = same day */
	cal_unit time_unit;
	int64_t fee_vnd;            /* -1: set by the provincial People's Council, not published here */
	const char *legal_basis;
	const char *online_level;   /* "full" | "partial" | "none" */
	const char *clock_policy;   /* "pause" | "restart": the clock while the citizen supplements */
	int cutoff_min;             /* afternoon cut-off, local minutes; -1: the rule set's */
	bool active;
	int64_t version;
	procedure_doc *docs;
	int ndocs;
} procedure;

/* Loads a procedure by code with its documents. 1 found, 0 not, <0 error. */
int  procedures_get(db *d, const char *code, arena *a, procedure *out, err *e);
int  procedures_get_by_id(db *d, int64_t id, arena *a, procedure *out, err *e);
/* Whether the unit (by id) handles the procedure: its own unit, or any unit
 * of the procedure's level (commune level: communes and wards). A procedure
 * no longer in force (active false) is handled by none. */
bool procedures_offered_by(db *d, const procedure *p, int64_t unit_id);
/* Every procedure in force, without documents, in catalogue order. */
int  procedures_list_active(db *d, arena *a, procedure **out, int *n, err *e);

/* --- fields, as named in the API, the edit form, CSV headers and events --- */
typedef enum procedures_field {
	PF_CODE, PF_NAME_VI, PF_NAME_EN, PF_LEVEL, PF_FIELD, PF_PROCESSING_DAYS, PF_FEE_VND,
	PF_DOCUMENTS, PF_LEGAL_BASIS, PF_TIME_UNIT, PF_ONLINE_LEVEL, PF_CLOCK_POLICY, PF_CUTOFF,
	PF_UNIT, PF_ACTIVE, PF__MAX
} procedures_field;

/* "code", "name_vi", ..., "documents", ..., "unit", "active". */
extern const char *const procedures_field_names[PF__MAX];
/* The CSV column of each field: as above, but "required_documents" for
 * PF_DOCUMENTS, and NULL for PF_ACTIVE (not a CSV column). */
extern const char *const procedures_csv_columns[PF__MAX];

/* A procedure as text, field by field, before it is checked: what a CSV row,
 * the edit form or a JSON body carries. v[f] NULL: not given (v[PF_DOCUMENTS]
 * is unused: the documents are docs, NULL when not given). */
typedef struct procedures_input {
	const char *v[PF__MAX];
	const char **docs;
	int ndocs;
} procedures_input;

/* A checked procedure and what pages and the API show besides. Strings
 * belong to the arena that filled it. */
typedef struct procedures_row {
	procedure p;
	const char *unit_code;                     /* "" when p.unit_id is 0 (every unit of its level) */
	const char *unit_name_vi, *unit_name_en;   /* "" when p.unit_id is 0 */
	const char *updated_at, *updated_by_role;  /* NULL when never set */
} procedures_row;

/* --- pure rules (procedures/rules.c): no SQL, no HTTP, no clock --- */

/* Checks a whole record and converts it into out (strings from a; unit_id
 * left 0, unit_code set: the caller resolves it). Trims every value.
 * Required: code, name_vi, name_en, level, field, processing_days,
 * documents, legal_basis. Optional, with their meaning when NULL or "":
 * fee_vnd (NULL fee: set by the People's Council), time_unit (derived from
 * legal_basis by procedures_rules_time_unit), online_level ("none"),
 * clock_policy ("pause"), cutoff (none), unit (every unit of the level),
 * active ("1"). Fails on the first bad field, in enum order, with
 * invalid_field and the field's name (procedures_field_names). */
int  procedures_rules_check(const procedures_input *in, arena *a, procedures_row *out, err *e);

/* The unit of a legal processing time, read from the legal basis text
 * (folded: case, diacritics and punctuation ignored), where N is
 * processing_days written with or without leading zeros:
 *   1. "N ngày làm việc" present                    -> working days;
 *   2. else "ngày (theo lịch)" / "ngày theo lịch" / "ngày lịch" present,
 *      or "N ngày" not followed by "làm việc" ("không quá 30 ngày",
 *      "30 ngày kể từ ngày thụ lý")                 -> calendar days;
 *   3. else (the text does not state the time)      -> working days, the
 *      one-stop default.
 * Only counts of 1 to 3 digits are read, so years ("2014 ngày") never match. */
cal_unit procedures_rules_time_unit(const char *legal_basis, int processing_days);

/* Writes a row's fields as text (the inverse of procedures_rules_check). */
void procedures_rules_to_input(const procedures_row *row, arena *a, procedures_input *in);
/* Marks the fields whose values differ between a and b; returns how many. */
int  procedures_rules_diff(const procedures_row *a, const procedures_row *b, bool changed[PF__MAX]);
/* Splits s on sep (';' in CSV, '\n' in forms) into trimmed items from a,
 * dropping blank ones. Returns the number of items. */
int  procedures_rules_split(const char *s, char sep, arena *a, const char ***out);
/* "HH:MM" (00:00-23:59, two digits each) -> minutes after midnight, or -1. */
int  procedures_rules_parse_hm(const char *s);
/* 50000 -> "50.000" with sep '.', "50,000" with sep ','. */
void procedures_format_vnd(int64_t vnd, char sep, char *out, size_t n);
const char *procedures_time_unit_name(cal_unit u);   /* "working_days" | "calendar_days" */

/* The demo assignments (data/procedures.csv carries no unit or online level):
 * the unit of a province-level procedure by its field (NULL for commune level
 * or a field not listed), and the online level by code ("full" for six
 * procedures offered fully online, "partial" otherwise). */
const char *procedures_demo_unit(const char *level, const char *field);
const char *procedures_demo_online_level(const char *code);

/* Labels (msgids) for pages. */
const char *procedures_online_label_vi(const char *online_level);
const char *procedures_level_label_vi(const char *level);

/* --- services --- */

typedef struct procedures_import_line {
	int line;                  /* first line of the rejected record */
	const char *field;         /* CSV column, or NULL for the whole record */
	const char *reason;        /* English */
} procedures_import_line;

typedef struct procedures_import_report {
	int created, changed, unchanged;
	procedures_import_line *rejected;   /* from the arena given to the import */
	int nrejected;
} procedures_import_report;

typedef struct procedures_import_opts {
	bool demo;                 /* absent unit / online_level columns: the demo assignments */
	const ledger_actor *by;    /* ledger_system for the CLI and the demo */
	/* Called after each row written (done of total), e.g. for a progress bar; may be NULL. */
	void (*progress)(int done, int total, void *cls);
	void *cls;
} procedures_import_opts;

/* Imports a procedures CSV (see docs: required and optional columns) inside
 * the caller's transaction: checks every row first; when any is rejected,
 * writes nothing, fills rep->rejected and returns MB_EINVAL (the caller
 * rolls back). Otherwise creates or updates each procedure (its documents
 * replaced) with one procedure.created / procedure.changed event per row
 * that differs, and counts them in rep. Columns left out of the header keep
 * an existing procedure's value (new ones get the default); time_unit left
 * out or blank is derived from legal_basis. */
int  procedures_import(db *d, const char *csv, size_t n, const procedures_import_opts *o,
                       arena *a, procedures_import_report *rep, err *e);

/* Applies a checked row to an existing procedure cur (documents replaced
 * when they differ) with one procedure.changed event, in the caller's
 * transaction. Nothing happens when no field differs (*changed = 0). */
int  procedures_apply(db *d, const ledger_actor *by, const procedures_row *cur, const procedures_row *next,
                      int *changed, err *e);
/* Resolves next->unit_code into next->p.unit_id (and the names), checking
 * that the unit exists and is of the procedure's level. */
int  procedures_resolve_unit(db *d, arena *a, procedures_row *next, err *e);
/* Loads a procedure with its unit and documents. 1 found, 0 not, <0 error. */
int  procedures_get_row(db *d, const char *code, arena *a, procedures_row *out, err *e);

void procedures_install(void);
/* Loads the embedded data/procedures.csv for the demo, in the caller's transaction. */
int  procedures_load_demo(db *d, err *e);
/* `minhbach import procedures FILE.csv`: all or nothing, with a report of
 * rejected rows (line and reason) on stderr and a progress bar on a terminal.
 * Returns a process exit status. */
int  procedures_import_cli(const char *db_path, const char *csv_path);

#endif
