/* service.c — attaching the result and recording the fee. Each command:
 * validate the input, check the actor against the pure rules, then change the
 * rows and append the event in ONE transaction (any failure rolls back). */
#include <string.h>

#include "base/clock.h"
#include "db/files.h"
#include "delivery/repo.h"
#include "dossier/service.h"
#include "ledger/ledger.h"
#include "procedures/procedures.h"
#include "scores/scores.h"

static int not_found(err *e)
{
	return err_set(e, MB_ENOTFOUND, "not_found", "code", "Không có hồ sơ này.", "no such dossier");
}

static delivery_actor actor_of(db *d, const auth_actor *actor, const dossier_row *row)
{
	delivery_actor a = {actor->role, dossier_in_scope(d, actor, row),
	                    row->holder_account_id && row->holder_account_id == actor->id};
	return a;
}

static int state_of(const dossier_row *row)
{
	dossier_state s;
	return dossier_state_parse(row->state, &s) ? DS_NONE : (int)s;
}

int delivery_attach(db *d, const auth_actor *actor, const char *code, const void *data, size_t n, arena *a,
                    char sha_out[65], err *e)
{
	if (db_begin(d, e)) return MB_EINTERNAL;
	dossier_row row;
	int rc = code ? dossier_repo_get(d, code, a, &row, e) : 0;
	if (rc == 0) not_found(e);
	if (rc != 1) goto fail;
	delivery_actor da = actor_of(d, actor, &row);
	if (delivery_rules_may_attach((dossier_state)state_of(&row), &da, e)) goto fail;
	/* Then the file: a bad one changes nothing and is never stored. */
	if (!data || n == 0) {
		err_set(e, MB_EINVAL, "invalid_field", "file", "Hãy chọn tệp kết quả (PDF).", "choose the result file (PDF)");
		goto fail;
	}
	if (delivery_rules_pdf(data, n, DELIVERY_MAX_BYTES, "file", e)) goto fail;
	delivery_result_row old;
	bool have_old = false;
	if ((rc = delivery_repo_result_current(d, row.id, a, &old, e)) < 0) goto fail;
	have_old = rc == 1;
	char sha[65];
	/* Stored before the row commits: a file without a row is harmless, a row
	 * without its file cannot happen. */
	if (db_file_store(d, data, n, "application/pdf", sha, e)) goto fail;
	if (have_old && !strcmp(old.sha256, sha)) {
		err_set(e, MB_ECONFLICT, "same_result", "file", "Tệp này đã là kết quả hiện hành của hồ sơ.",
		        "this file is already the dossier's result");
		goto fail;
	}
	int64_t now = clock_now();
	bool first = false;
	if (delivery_repo_result_add(d, row.id, row.unit_id, sha, (int64_t)n, now, actor->id, &first, e)) goto fail;
	json_t *p = json_pack("{s:s, s:s, s:I, s:s}", "code", row.code, "sha256", sha, "size", (json_int_t)n,
	                      "state", row.state);
	if (have_old) json_object_set_new(p, "replaces_sha256", json_string(old.sha256));
	const char *unit_code = auth_unit_code(d, row.unit_id, a);
	rc = ledger_append(d, &actor->ledger, unit_code, have_old ? "dossier.result_replaced" : "dossier.result_attached",
	                   arena_printf(a, "dossier:%s", row.code), p, NULL, e);
	json_decref(p);
	if (rc) goto fail;
	/* Decision 766 indicator 4.1 (e-result share), in this transaction (a replacement changes nothing). */
	if (scores_dossier_e_result(d, row.id, true, e)) goto fail;
	if (db_commit(d, e)) return MB_EINTERNAL;
	memcpy(sha_out, sha, 65);
	return 0;
fail:
	db_rollback(d);
	return e->status ? e->status : MB_EINTERNAL;
}

int delivery_pay(db *d, const auth_actor *actor, const char *code, const delivery_payment_in *in, arena *a, err *e)
{
	if (db_begin(d, e)) return MB_EINTERNAL;
	dossier_row row;
	procedure proc;
	int rc = code ? dossier_repo_get(d, code, a, &row, e) : 0;
	if (rc == 0) not_found(e);
	if (rc != 1) goto fail;
	delivery_actor da = actor_of(d, actor, &row);
	if (delivery_rules_may_pay((dossier_state)state_of(&row), &da, e)) goto fail;
	if (procedures_get_by_id(d, row.procedure_id, a, &proc, e) != 1) {
		if (!e->status) err_set(e, MB_EINTERNAL, "internal", NULL, "Lỗi hệ thống.", "internal error");
		goto fail;
	}
	delivery_payment pay;
	if (delivery_rules_payment(in, proc.fee_vnd, &pay, e)) goto fail;
	delivery_payment_row old;
	if ((rc = delivery_repo_payment_current(d, row.id, a, &old, e)) < 0) goto fail;
	bool have_old = rc == 1;
	int64_t now = clock_now();
	bool first = false;
	if (delivery_repo_payment_add(d, row.id, row.unit_id, &pay, now, actor->id, &first, e)) goto fail;
	json_t *p = json_pack("{s:s, s:I, s:s, s:b, s:s, s:s, s:s}", "code", row.code, "fee_vnd", (json_int_t)pay.fee_vnd,
	                      "method", delivery_method_name(pay.method), "online", delivery_method_online(pay.method),
	                      "reference", pay.reference, "receipt_no", pay.receipt_no, "state", row.state);
	json_object_set_new(p, "catalogue_fee_vnd", pay.catalogue_fee_vnd >= 0 ? json_integer(pay.catalogue_fee_vnd) : json_null());
	if (*pay.fee_reason) json_object_set_new(p, "fee_reason", json_string(pay.fee_reason));
	if (have_old)
		json_object_set_new(p, "previous", json_pack("{s:I, s:s, s:s, s:s}", "fee_vnd", (json_int_t)old.fee_vnd,
		                                             "method", old.method, "reference", old.reference,
		                                             "receipt_no", old.receipt_no));
	rc = ledger_append(d, &actor->ledger, auth_unit_code(d, row.unit_id, a),
	                   have_old ? "dossier.payment_corrected" : "dossier.payment_recorded",
	                   arena_printf(a, "dossier:%s", row.code), p, NULL, e);
	json_decref(p);
	if (rc) goto fail;
	/* Decision 766 indicator 3.6 (online payment share), in this transaction: the dossier's facts
	 * take the new row (a correction moves the counters from the old one's). */
	if (scores_dossier_payment(d, row.id, pay.fee_vnd > 0, delivery_method_online(pay.method), e)) goto fail;
	if (db_commit(d, e)) return MB_EINTERNAL;
	return 0;
fail:
	db_rollback(d);
	return e->status ? e->status : MB_EINTERNAL;
}

int delivery_result_of(db *d, int64_t dossier_id, arena *a, delivery_result_row *out, err *e)
{
	return delivery_repo_result_current(d, dossier_id, a, out, e);
}

int delivery_payment_of(db *d, int64_t dossier_id, arena *a, delivery_payment_row *out, err *e)
{
	return delivery_repo_payment_current(d, dossier_id, a, out, e);
}

int delivery_read_file(db *d, int64_t dossier_id, arena *a, delivery_result_row *row, unsigned char **data,
                       size_t *n, err *e)
{
	int rc = delivery_repo_result_current(d, dossier_id, a, row, e);
	if (rc < 0) return rc;
	if (rc == 0)
		return err_set(e, MB_ENOTFOUND, "no_result", NULL, "Hồ sơ này chưa có kết quả điện tử.",
		               "this dossier has no electronic result yet");
	return db_file_read(row->sha256, a, data, n, e);
}
