/* delivery.h — results delivered online and the fee paid (plan 262 R11;
 * docs/dossiers.md, "Results online and fees"). Staff attach the result
 * document (a PDF, checked by its content) to a dossier; the citizen
 * downloads it with the dossier's code and secret; its SHA-256 is a ledger
 * event and the tracking page shows it. The fee charged, the way it was paid
 * and the receipt number are recorded on the dossier, each recording an
 * event. Public header for the dossier pages and API, the demo and app.c. */
#ifndef MB_DELIVERY_H
#define MB_DELIVERY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <jansson.h>

#include "auth/auth.h"
#include "base/err.h"
#include "dossier/dossier.h"
#include "dossier/repo.h"
#include "web/web.h"

/* The largest result document accepted (the dossiers' attachment limit). */
#define DELIVERY_MAX_BYTES (10u * 1024 * 1024)

/* --- pure rules (delivery/rules.c) --- */

/* Whether the bytes are a PDF: "%PDF-1.x" (or 2.x) at the start and the
 * end-of-file marker "%%EOF" within the last 1024 bytes (trailing white
 * space allowed), at most max bytes. The name and the declared type are never
 * looked at. 0, or MB_EINVAL "invalid_field" / MB_ETOOBIG "too_large" naming field. */
int delivery_rules_pdf(const void *data, size_t n, size_t max, const char *field, err *e);

/* Who acts, as the rules see them. */
typedef struct delivery_actor {
	auth_role role;
	bool in_scope;        /* the dossier's unit or holding unit is in the actor's scope */
	bool holder;          /* the actor holds the dossier now */
} delivery_actor;

/* Attaching the result: while processing, the official holding the dossier or
 * a unit head in scope; once the result is ready (result_ready, returned), a
 * processing official or unit head in scope. Never the counter, citizens,
 * inspectors, the administrator or the overseer. 0 or MB_EFORBIDDEN /
 * MB_ECONFLICT (the state). */
int delivery_rules_may_attach(dossier_state s, const delivery_actor *a, err *e);
/* Whether the citizen sees (and downloads) the attached result: only once the
 * dossier's result is ready or returned. */
bool delivery_rules_public(dossier_state s);
/* Recording the fee: the counter, the holder or a unit head in scope, from
 * reception to the result's return (received, processing, supplement,
 * result_ready, returned). */
int delivery_rules_may_pay(dossier_state s, const delivery_actor *a, err *e);

typedef enum delivery_method {
	DM_NONE,              /* nothing to pay (fee 0) */
	DM_CASH,              /* tiền mặt: a receipt number (biên lai) is required */
	DM_BANK_TRANSFER,     /* chuyển khoản */
	DM_NATIONAL_PLATFORM, /* Cổng thanh toán quốc gia: the transaction reference is required */
	DM__MAX
} delivery_method;
const char *delivery_method_name(delivery_method m);       /* "national_platform" */
const char *delivery_method_label_vi(delivery_method m);   /* msgid */
int delivery_method_parse(const char *s, delivery_method *out);
/* Online payment, as Decision 766 indicator 3.6 counts it. */
bool delivery_method_online(delivery_method m);

/* A payment as typed (form or JSON: text fields). */
typedef struct delivery_payment_in {
	const char *fee_vnd, *method, *reference, *receipt_no, *fee_reason;
} delivery_payment_in;
typedef struct delivery_payment {
	int64_t fee_vnd;
	int64_t catalogue_fee_vnd;   /* -1: not published in the catalogue */
	delivery_method method;
	const char *reference, *receipt_no, *fee_reason;   /* "" when none */
} delivery_payment;
/* Checks a payment against the procedure's fee (catalogue_fee_vnd, -1 when
 * not published): fee a whole number of đồng, 0 to 10^11; a fee that differs
 * from the catalogue's needs a reason (fee_reason); fee 0 means method none
 * (or left out), a fee above 0 needs a method; cash needs the receipt number;
 * the national payment platform needs its transaction reference. 0 and *out,
 * or MB_EINVAL naming the first bad field. */
int delivery_rules_payment(const delivery_payment_in *in, int64_t catalogue_fee_vnd, delivery_payment *out, err *e);

/* --- service (delivery/service.c) --- */

typedef struct delivery_result_row {
	int64_t id;
	const char *sha256;
	int64_t size, attached_at, replaced_at;
	const char *attached_by_name;
} delivery_result_row;

typedef struct delivery_payment_row {
	int64_t id, fee_vnd, catalogue_fee_vnd;   /* catalogue -1: not published */
	const char *method, *reference, *receipt_no, *fee_reason;
	int64_t recorded_at;
} delivery_payment_row;

/* Attaches (or replaces) the result document of dossier `code`: checks the
 * PDF, the actor and the state, stores the file, then in ONE transaction
 * inserts the row (the old one marked replaced) and appends
 * dossier.result_attached or dossier.result_replaced with the SHA-256.
 * sha_out: the file's SHA-256 (65 bytes). */
int delivery_attach(db *d, const auth_actor *actor, const char *code, const void *data, size_t n, arena *a,
                    char sha_out[65], err *e);
/* Records (or corrects) the fee and payment of dossier `code` in ONE
 * transaction with dossier.payment_recorded or dossier.payment_corrected. */
int delivery_pay(db *d, const auth_actor *actor, const char *code, const delivery_payment_in *in, arena *a,
                 err *e);
/* The result in force (1), none (0), <0 error. */
int delivery_result_of(db *d, int64_t dossier_id, arena *a, delivery_result_row *out, err *e);
/* The payment in force (1), none (0), <0 error. */
int delivery_payment_of(db *d, int64_t dossier_id, arena *a, delivery_payment_row *out, err *e);
/* The file of the result in force, for the citizen (tracking) or staff. */
int delivery_read_file(db *d, int64_t dossier_id, arena *a, delivery_result_row *row, unsigned char **data,
                       size_t *n, err *e);

/* --- web (delivery/web.c) --- */

/* The tracking page's section: whether an electronic result exists, when it
 * was attached, its SHA-256 and the download link (with the code and secret
 * the visitor typed); the fee paid, its way and receipt number. */
int delivery_track_section(web_req *r, db *d, const dossier_row *row, const char *secret, err *e);
/* The staff dossier page's section: the result (history of hashes), the fee,
 * and the forms the rules allow this actor. */
int delivery_staff_section(web_req *r, db *d, const dossier_row *row, err *e);
/* Adds "result" and "payment" to a dossier's JSON (with_personal: staff view,
 * with the transaction reference and who attached). */
int delivery_json_add(db *d, json_t *j, const dossier_row *row, bool staff, arena *a, err *e);

void delivery_install(void);

/* --- demo (delivery/demo.c) --- */
/* Results and payments for some demo dossiers (after dossier_load_demo). */
int delivery_load_demo(db *d, FILE *out, err *e);

#endif
