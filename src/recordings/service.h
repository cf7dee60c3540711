/* service.h — the commands and reads of counter recordings (internal to recordings/). */
#ifndef MB_RECORDINGS_SERVICE_H
#define MB_RECORDINGS_SERVICE_H

#include "recordings/recordings.h"
#include "recordings/repo.h"
#include "web/web.h"

/* The rule in force today (MB_EINTERNAL when the data has none). */
int rec_rule_now(db *d, arena *a, rec_rule *out, err *e);

typedef struct rec_upload_in {
	int64_t desk;                   /* 0: missing */
	int64_t started_at, ended_at;   /* <0: malformed, 0: missing */
	const void *data;
	size_t size;
	const char *name, *declared;    /* the file's name and the type its sender declared */
} rec_upload_in;
/* An upload by the desk unit's head or an administrator: one transaction, event recording.ingested. */
int rec_upload(db *d, const auth_actor *actor, const rec_upload_in *in, arena *a, int64_t *id, err *e);

/* The recording, for someone who may list it: 0, or MB_ENOTFOUND. */
int rec_load_for(db *d, const auth_actor *actor, int64_t id, arena *a, rec_row *out, err *e);
/* What actor may do with x. */
bool rec_may_open(db *d, const auth_actor *actor, const rec_row *x);
bool rec_may_hold(db *d, const auth_actor *actor, const rec_row *x);
/* Newest first in the actor's scope (inspectors and administrators: every unit;
 * a head: their unit and those below), filtered by unit code and desk (NULL/0: all). */
int rec_list_for(db *d, const auth_actor *actor, const char *unit, int64_t desk, int64_t before, arena *a, rec_row **out,
                 int *n, int64_t *next, err *e);
/* Opens a recording with a reason: a row and the event recording.opened; its reader may play it until *expires. */
int rec_open(db *d, const auth_actor *actor, int64_t id, const char *reason, arena *a, int64_t *expires, err *e);
/* Whether actor has an opening of x in force: its end, or 0. */
int rec_opening_live(db *d, const auth_actor *actor, const rec_row *x, int64_t *expires, err *e);
/* The file to play, for a reader with an opening in force: its path in the store. */
int rec_media(db *d, const auth_actor *actor, int64_t id, arena *a, rec_row *x, const char **path, err *e);
/* Keeps it past its retention (a reason), or lets the retention run again; events recording.held / recording.released. */
int rec_hold(db *d, const auth_actor *actor, int64_t id, const char *reason, arena *a, err *e);
int rec_release(db *d, const auth_actor *actor, int64_t id, arena *a, err *e);

/* The recordings that concern a dossier's steps, or a case (its dossier's, or the desks of
 * the official it names on the incident day, or of its unit's desks when it names none). */
struct dossier_row;
struct case_row;
int rec_of_dossier(db *d, int64_t dossier_id, arena *a, rec_row **out, int *n, err *e);
int rec_of_case(db *d, const struct case_row *c, arena *a, rec_row **out, int *n, err *e);

void recordings_web_install(void);
/* One recording as a list item (web.c; also in the dossier's and the case's sections). */
void rec_item_html(web_req *r, const rec_row *x);

#endif
