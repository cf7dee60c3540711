/* service.h — the inspections' commands and reads (internal to inspections/). */
#ifndef MB_INSPECTIONS_SERVICE_H
#define MB_INSPECTIONS_SERVICE_H

#include "inspections/inspections.h"
#include "inspections/repo.h"
#include "recordings/recordings.h"

enum { INSP_TARGETS_MAX = 16, INSP_CHECKS_MAX = 32, INSP_RECS_MAX = 8 };

typedef struct insp_plan_in {
	const char *kind, *title, *planned_on;
	const char *units[INSP_TARGETS_MAX];
	int nunits;
	int64_t desks[INSP_TARGETS_MAX];
	int ndesks;
	const char *officials[INSP_TARGETS_MAX];
	int nofficials;
	const char *team[INSP_TARGETS_MAX];
	int nteam;
	bool too_many;              /* more than INSP_TARGETS_MAX of one list were sent */
} insp_plan_in;

typedef struct insp_upload {
	const void *data;
	size_t size;
	const char *name, *type;    /* the file's name and the declared content type */
} insp_upload;

typedef struct insp_finding_in {
	const char *about;          /* "official" (NULL/"": the default) or "unit" */
	const char *official, *unit, *item, *severity, *text;
	insp_upload files[INSP_EVIDENCE_FILES];
	int nfiles;
	bool too_many;
} insp_finding_in;

typedef struct insp_checks_in {
	const char *item[INSP_CHECKS_MAX], *result[INSP_CHECKS_MAX], *note[INSP_CHECKS_MAX];
	int n;
	bool too_many;
} insp_checks_in;

typedef struct insp_conclude_in {
	const char *conclusion;
	const char *rec_unit[INSP_RECS_MAX], *rec_text[INSP_RECS_MAX], *rec_due[INSP_RECS_MAX];
	int nrecs;
	bool too_many;
} insp_conclude_in;

typedef struct insp_commend_in {
	const char *official, *unit, *text;
} insp_commend_in;

typedef struct insp_view {
	insp_row row;
	insp_state state;
	insp_kind kind;
	insp_body body;
	bool team_member;           /* the viewer is on the team: acts on it */
	bool limited;               /* an inspected official: their own findings and the unit's only */
	insp_member *team;
	int nteam;
	insp_target *targets;
	int ntargets;
	insp_item *items;
	int nitems;
	insp_check *checks;
	int nchecks;
	insp_finding *findings;
	int nfindings;
	insp_evidence *evidence;
	rec_ref *evidence_rec;      /* per evidence row: the recording it refers to (id 0: a file) */
	int nevidence;
	insp_rec *recs;
	int nrecs;
	insp_commendation *commendations;
	int ncommendations;
} insp_view;

/* The inspection by code, for an actor who may know it exists (else
 * MB_ENOTFOUND), with everything it holds that the actor may read. */
int insp_load_for(db *d, const auth_actor *actor, const char *code, arena *a, insp_view *out, err *e);
/* The inspections of a year the actor may know of, newest first, a page of
 * at most limit after id `after`; *next: the id to continue after (0: the end). */
int insp_list_for(db *d, const auth_actor *actor, int year, int64_t after, int limit, arena *a, insp_row **out, int *n,
                  int64_t *next, err *e);

int insp_plan(db *d, const auth_actor *actor, const insp_plan_in *in, arena *a, const char **code, err *e);
int insp_start(db *d, const auth_actor *actor, const char *code, arena *a, err *e);
int insp_checks_set(db *d, const auth_actor *actor, const char *code, const insp_checks_in *in, arena *a, err *e);
int insp_finding_add(db *d, const auth_actor *actor, const char *code, const insp_finding_in *in, arena *a, int64_t *id,
                     err *e);
int insp_commend(db *d, const auth_actor *actor, const char *code, const insp_commend_in *in, arena *a, err *e);
int insp_conclude(db *d, const auth_actor *actor, const char *code, const insp_conclude_in *in, arena *a, err *e);
/* A counter recording as evidence, by reference: `recording` its id, `finding`
 * (NULL/"": the inspection as a whole) one of the inspection's findings. */
typedef struct insp_recording_in {
	const char *recording, *finding;
} insp_recording_in;
/* The team member attaches a recording they opened with a reason (in force):
 * one transaction writes the evidence row (the recording's SHA-256, type and
 * size), holds the recording (recording.held, naming the inspection) unless
 * it is held already, and appends inspection.recording_attached. */
int insp_recording_attach(db *d, const auth_actor *actor, const char *code, const insp_recording_in *in, arena *a, err *e);
/* The recordings room's release check (recordings_set_evidence_check). */
int insp_recording_evidence_check(db *d, int64_t recording, arena *a, const char **ref, err *e);

/* The published summary of a concluded inspection: no official's name. */
typedef struct insp_public_rec {
	const char *unit_code, *unit_name_vi, *text, *due_on;
	insp_progress progress;
} insp_public_rec;
typedef struct insp_public {
	insp_row row;               /* title and conclusion with the officials' names masked */
	insp_kind kind;
	insp_body body;
	const char **unit_codes, **unit_names_vi;
	int nunits;
	int findings[SEV__MAX], nfindings;
	insp_public_rec *recs;
	int nrecs;
} insp_public;
enum { INSP_PUBLIC_PAGE = 20, INSP_PUBLIC_FILE = 500 };
/* The concluded inspections, newest conclusion first, a page of at most limit
 * after the cursor (before_at, before_id; 0, 0: the newest); *next_at,
 * *next_id: the cursor of the next page (0: the last page). */
int insp_published(db *d, int64_t before_at, int64_t before_id, int limit, arena *a, insp_public **out, int *n,
                   int64_t *next_at, int64_t *next_id, err *e);

/* An evidence file of an inspection the actor may read. */
int insp_evidence_read(db *d, const auth_actor *actor, const char *code, const char *sha, arena *a, const char **type,
                       unsigned char **data, size_t *n, err *e);

/* What the official's record shows (for the record's section): newest first. */
int insp_findings_of(db *d, int64_t account, arena *a, insp_finding **out, int *n, err *e);
int insp_commendations_of(db *d, int64_t account, arena *a, insp_commendation **out, int *n, err *e);

void inspections_api_install(void);
/* The published summary's routes (public.c): before inspections_api_install. */
void inspections_public_install(void);

#endif
