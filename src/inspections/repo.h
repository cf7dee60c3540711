/* repo.h — the inspections' SQL (internal to inspections/). Rows come from the arena. */
#ifndef MB_INSPECTIONS_REPO_H
#define MB_INSPECTIONS_REPO_H

#include "base/arena.h"
#include "db/db.h"
#include "inspections/inspections.h"

typedef struct insp_row {
	int64_t id, unit_id, created_by, plan_year;
	const char *code, *body, *kind, *state, *unit_code, *title, *planned_on, *checklist_version, *conclusion;
	int64_t created_at, started_at, concluded_at;
} insp_row;

typedef struct insp_member {
	int64_t account_id, unit_id;
	const char *login, *name;
	bool lead;
} insp_member;

typedef struct insp_target {
	int64_t unit_id, desk_id, account_id;
	const char *unit_code, *unit_name_vi, *desk_name, *login, *name;
} insp_target;

typedef struct insp_item {
	const char *version, *valid_from, *valid_to, *item, *text_vi, *text_en, *source;
	int ordinal;
} insp_item;

typedef struct insp_check {
	const char *item, *result, *note;
} insp_check;

typedef struct insp_finding {
	int64_t id, inspection_id, unit_id, account_id;
	const char *code, *unit_code, *login, *name, *item, *severity, *text;
	int64_t at;
} insp_finding;

typedef struct insp_evidence {
	int64_t id, finding_id, size;
	int64_t recording_id;        /* a counter recording by reference (its bytes in the recordings' store); 0 a file */
	const char *sha256, *content_type, *name;
} insp_evidence;

typedef struct insp_rec {
	int64_t id, unit_id, head_account_id;
	const char *code, *unit_code, *head_login, *text, *due_on;
} insp_rec;

typedef struct insp_commendation {
	int64_t id, unit_id, account_id;
	const char *code, *unit_code, *login, *name, *text;
	int64_t at;
} insp_commendation;

/* The checklist. */
MB_MUST_CHECK int insp_repo_items_count(db *d, int64_t *n, err *e);
MB_MUST_CHECK int insp_repo_item_insert(db *d, const insp_item *it, err *e);
MB_MUST_CHECK int insp_repo_spans(db *d, arena *a, insp_checklist_span **out, int *n, err *e);
MB_MUST_CHECK int insp_repo_items(db *d, const char *version, arena *a, insp_item **out, int *n, err *e);

/* Inspections. */
MB_MUST_CHECK int insp_repo_next_id(db *d, int64_t *id, err *e);
MB_MUST_CHECK int insp_repo_insert(db *d, insp_row *row, err *e);   /* sets row->id */
MB_MUST_CHECK int insp_repo_get(db *d, const char *code, arena *a, insp_row *out, err *e);   /* 1, 0, <0 */
MB_MUST_CHECK int insp_repo_set_state(db *d, int64_t id, const char *state, int64_t at, const char *conclusion, err *e);
/* The inspections of a year, newest first, after id (0: from the top), at most limit. */
MB_MUST_CHECK int insp_repo_list(db *d, int year, int64_t after, int limit, arena *a, insp_row **out, int *n, err *e);
MB_MUST_CHECK int insp_repo_team_add(db *d, int64_t insp, int64_t account, bool lead, err *e);
MB_MUST_CHECK int insp_repo_team(db *d, int64_t insp, arena *a, insp_member **out, int *n, err *e);
MB_MUST_CHECK int insp_repo_target_add(db *d, int64_t insp, int64_t unit, int64_t desk, int64_t account, err *e);
MB_MUST_CHECK int insp_repo_targets(db *d, int64_t insp, arena *a, insp_target **out, int *n, err *e);
MB_MUST_CHECK int insp_repo_check_set(db *d, int64_t insp, const char *item, const char *result, const char *note, int64_t by,
                                      int64_t at, err *e);
MB_MUST_CHECK int insp_repo_checks(db *d, int64_t insp, arena *a, insp_check **out, int *n, err *e);
MB_MUST_CHECK int insp_repo_finding_add(db *d, insp_finding *f, int64_t by, err *e);   /* sets f->id */
MB_MUST_CHECK int insp_repo_findings(db *d, int64_t insp, arena *a, insp_finding **out, int *n, err *e);
/* The findings about an official, newest first, at most limit. */
MB_MUST_CHECK int insp_repo_findings_of(db *d, int64_t account, int limit, arena *a, insp_finding **out, int *n, err *e);
/* recording: 0 for a file of the attachments' store; else the recording the row refers to. */
MB_MUST_CHECK int insp_repo_evidence_add(db *d, int64_t insp, int64_t finding, int64_t recording, const char *sha,
                                         const char *type, int64_t size, const char *name, int64_t by, int64_t at, err *e);
/* The code of an inspection the recording is evidence of (the first): 1, 0, <0. */
MB_MUST_CHECK int insp_repo_recording_evidence_of(db *d, int64_t recording, arena *a, const char **code, err *e);
MB_MUST_CHECK int insp_repo_evidence(db *d, int64_t insp, arena *a, insp_evidence **out, int *n, err *e);
MB_MUST_CHECK int insp_repo_rec_add(db *d, insp_rec *r, int64_t at, err *e);   /* sets r->id */
MB_MUST_CHECK int insp_repo_recs(db *d, int64_t insp, arena *a, insp_rec **out, int *n, err *e);
MB_MUST_CHECK int insp_repo_commend_add(db *d, insp_commendation *c, int64_t by, err *e);
MB_MUST_CHECK int insp_repo_commendations(db *d, int64_t insp, arena *a, insp_commendation **out, int *n, err *e);
MB_MUST_CHECK int insp_repo_commendations_of(db *d, int64_t account, int limit, arena *a, insp_commendation **out, int *n,
                                             err *e);
/* The concluded inspections, newest conclusion first, before the keyset
 * (before_at, before_id; before_at 0: from the newest), at most limit: a range
 * of the index inspections_concluded. */
MB_MUST_CHECK int insp_repo_published(db *d, int64_t before_at, int64_t before_id, int limit, arena *a, insp_row **out,
                                      int *n, err *e);
/* The query plan of that read (first page, or after a cursor), for the tests. */
MB_MUST_CHECK int insp_repo_published_plan(db *d, bool after, arena *a, const char **plan, err *e);
/* The head of a unit (an enabled unit_head account of that unit; the lowest id): 1, 0, <0. */
MB_MUST_CHECK int insp_repo_unit_head(db *d, int64_t unit, int64_t *account, err *e);

#endif
