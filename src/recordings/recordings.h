/* recordings.h — counter recordings as evidence (R12, item 6 of issue #11;
 * docs/oversight.md, *Counter recordings*).
 *
 * Audio or video made at a desk (quầy) where officials meet the public comes
 * in from a watched folder (the server's --recordings-dir, or `minhbach
 * recordings-ingest DIR`) or is uploaded by the unit's head or an
 * administrator. Each file is tied to a desk and a time window, stored
 * content-addressed in <db>.recordings with its SHA-256 in the ledger, and kept
 * for the retention period of the dated rules (data/recording_rules.csv)
 * unless held. Its bytes are opened only by an inspector or a head over the
 * desk's unit, each time with a reason: an opening is a row and a ledger event
 * and lets its reader play it for a while (HTTP range requests, so the player
 * seeks). The staff pages of a dossier and of a case list the recordings of the
 * desks and times that concern them.
 *
 * Who sees what: the list and a recording's page — the inspectors (every
 * unit), heads over the desk's unit, administrators (they ingest, but never
 * open); the bytes — an inspector or a head, after an opening with a reason;
 * counter officers and processing officials — nothing (they are the ones
 * recorded); the overseer and the public — nothing. Anyone else: 404. */
#ifndef MB_RECORDINGS_H
#define MB_RECORDINGS_H

#include <stdbool.h>
#include <stdint.h>

#include "auth/auth.h"
#include "base/arena.h"
#include "base/err.h"
#include "db/db.h"
#include "ledger/ledger.h"

/* --- pure rules (recordings/rules.c) --- */
/* The type of a recording by its first bytes: "video/mp4", "audio/mp4",
 * "video/webm", "audio/webm", "audio/ogg", "audio/mpeg", "audio/wav"; NULL otherwise. */
const char *rec_sniff(const void *data, size_t n);
/* Checks an incoming file: sniffed (NULL: not a recording), the type declared
 * by the sender (may be NULL or application/octet-stream), the name's
 * extension, the size against max (bytes). A declared type or an extension
 * that says something else than the bytes is a disguised file. */
int rec_rules_file(const char *sniffed, const char *declared, const char *name, int64_t size, int64_t max,
                   const char *field, err *e);
/* A window: start before end, at most max_hours long, not ending after now (5 minutes of clock skew allowed). */
int rec_rules_window(int64_t start, int64_t end, int max_hours, int64_t now, err *e);
/* A name from the watched folder: "<desk id>_<YYYYMMDDTHHMMSS>_<YYYYMMDDTHHMMSS>.<ext>", the
 * times in Vietnam time (the cameras' clocks). 0, or -1 when it does not follow it. */
int rec_rules_folder_name(const char *name, int64_t *desk, int64_t *start, int64_t *end);
/* Who may do what: list and read a recording's page, open (play) it, upload
 * to its unit, hold it. head_over: the actor is a head of the desk's unit or of
 * one above it. */
bool rec_rules_may_list(auth_role role, bool head_over);
bool rec_rules_may_open(auth_role role, bool head_over);
bool rec_rules_may_upload(auth_role role, bool head_over);
bool rec_rules_may_hold(auth_role role, bool head_over);
/* Whether a recording's bytes are deleted at now: past its retention end, not held, not yet deleted. */
bool rec_rules_expired(int64_t retain_until, bool held, bool purged, int64_t now);

/* --- a recording as evidence of another room's record (an inspection) --- */
/* What another room may know of a recording it refers to: never its bytes. */
typedef struct rec_ref {
	int64_t id, desk_id, unit_id, size, started_at, ended_at, held_at, purged_at;
	const char *sha256, *content_type, *desk_name_vi, *desk_name_en, *unit_code, *hold_reason;
} rec_ref;
/* The recording id as evidence for actor: it must exist and be in the actor's
 * sight (else MB_EINVAL "invalid_field" on field), its bytes not deleted
 * (MB_ECONFLICT "purged"), and the actor must hold an opening of it in force,
 * made with a reason (MB_EFORBIDDEN "not_opened"). */
int  recordings_evidence_ref(db *d, const auth_actor *actor, int64_t id, const char *field, arena *a, rec_ref *out, err *e);
/* The recording by id, whoever asks (for a page that already shows its
 * reference to its reader): 1, 0 none, <0. */
int  recordings_ref_get(db *d, int64_t id, arena *a, rec_ref *out, err *e) MB_MUST_CHECK;
/* In the caller's transaction: holds the recording with reason, with the
 * event recording.held, unless it is held already (*held_now false: the hold
 * in place stays, and so does its reason). */
int  recordings_hold_in(db *d, const ledger_actor *by, const rec_ref *x, const char *reason, arena *a, bool *held_now,
                        err *e) MB_MUST_CHECK;
/* Who keeps a recording as evidence: fn answers 1 (and *ref, the record's
 * code) when the recording is evidence of a record, 0 otherwise, <0 on a
 * failure. A hold is not released while it answers 1 (MB_ECONFLICT
 * "evidence"). Set by the room that keeps the records (inspections), so
 * this room names none. */
typedef int (*rec_evidence_check_fn)(db *d, int64_t recording, arena *a, const char **ref, err *e);
void recordings_set_evidence_check(rec_evidence_check_fn fn);

/* --- services --- */
/* The dated rules from data/recording_rules.csv (init, and on start when missing). */
int recordings_load_reference(db *d, err *e);
int recordings_ensure_reference(db *d, err *e);
/* One pass over the watched folder dir as of now: each complete file (untouched
 * for the rules' settle time, or settle_s when ≥ 0) named by the convention is
 * stored and recorded in its own transaction, then deleted from the folder; a
 * file that cannot be taken is moved to dir/rejected/ with NAME.txt giving the
 * reason in Vietnamese and English. Counts out. */
int recordings_ingest_dir(db *d, const char *dir, int settle_s, int *taken, int *rejected, err *e);
/* Deletes the bytes of every recording past its retention and not held
 * (recording.purged events; the rows and hashes stay). Count out. */
int recordings_purge(db *d, int64_t now, int *purged, err *e);
/* The background job: the folder (when dir is not NULL) and the retention, every interval_s. */
void recordings_jobs_start(const char *dir, int interval_s);
void recordings_jobs_stop(void);
/* Routes, and the sections on the dossier and case pages. */
void recordings_install(void);
/* Demo: a desk's short recording at Phường Chiềng Cơi. */
int recordings_load_demo(db *d, err *e);

#endif
