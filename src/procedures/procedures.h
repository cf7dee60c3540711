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
 * of the procedure's level (commune level: communes and wards). */
bool procedures_offered_by(db *d, const procedure *p, int64_t unit_id);

void procedures_install(void);
/* Loads the embedded data/procedures.csv for the demo, in the caller's transaction. */
int  procedures_load_demo(db *d, err *e);
/* `minhbach import procedures FILE.csv`: all or nothing, with a report of
 * rejected rows (line and reason) on stderr and a progress bar on a terminal.
 * Returns a process exit status. */
int  procedures_import_cli(const char *db_path, const char *csv_path);

#endif
