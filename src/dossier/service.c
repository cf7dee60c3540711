/* service.c — dossier commands. Each runs in ONE transaction: load, decide
 * (rules.c), change the tables, append the event; any failure rolls all back.
 * A refused second supplement request is recorded as its own event. */
#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/clock.h"
#include "base/log.h"
#include "base/text.h"
#include "db/files.h"
#include "dossier/service.h"
#include "calendar/calendar_db.h"
#include "procedures/procedures.h"
#include "scores/scores.h"

static const char *time_iso(arena *a, int64_t t)
{
	if (!t) return NULL;
	char iso[32];
	clock_iso_utc(t, iso, sizeof iso);
	return arena_strdup(a, iso);
}

/* --- files --- */

const char *dossier_files_dir(void)
{
	return db_files_dir();
}

static bool allowed_type(const dossier_upload *u)
{
	return db_file_sniff(u->data, u->size) != NULL;
}

static int store_file(db *d, const dossier_upload *u, char sha[65], err *e)
{
	return db_file_store(d, u->data, u->size, db_file_sniff(u->data, u->size), sha, e);
}

/* --- helpers --- */

bool dossier_in_scope(db *d, const auth_actor *actor, const dossier_row *row)
{
	/* The unit tree alone would give an account placed at the province (the
	 * overseer) every dossier: only roles that read personal data have a scope. */
	if (!actor || !auth_rules_reads_personal(actor->role)) return false;
	int64_t anc[32];
	int64_t units[2] = {row->unit_id, row->holder_unit_id};
	for (int k = 0; k < 2; k++) {
		if (!units[k]) continue;
		int n = auth_unit_ancestors(d, units[k], anc, 32);
		for (int i = 0; i < n; i++)
			if (anc[i] == actor->unit_id) return true;
	}
	return false;
}

void dossier_secret_hash(const char *code, const char *secret, char out[65])
{
	unsigned char h[32];
	crypto_hash_sha256_state st;
	crypto_hash_sha256_init(&st);
	crypto_hash_sha256_update(&st, (const unsigned char *)code, strlen(code));
	crypto_hash_sha256_update(&st, (const unsigned char *)":", 1);
	crypto_hash_sha256_update(&st, (const unsigned char *)secret, strlen(secret));
	crypto_hash_sha256_final(&st, h);
	hex_encode(h, 32, out);
}

void dossier_secret_new(char out[16])
{
	static const char al[] = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";   /* 32 symbols, no look-alikes */
	for (int i = 0; i < 8; i++) out[i] = al[randombytes_uniform(sizeof al - 1)];
	out[8] = '\0';
}

bool dossier_secret_matches(const char *code, const char *secret, const char *stored_hash)
{
	char up[41], sh[65];
	size_t n = secret ? strlen(secret) : 0;
	if (!n || n >= sizeof up || !stored_hash || strlen(stored_hash) != 64) return false;
	for (size_t i = 0; i <= n; i++) up[i] = (char)(secret[i] >= 'a' && secret[i] <= 'z' ? secret[i] - 'a' + 'A' : secret[i]);
	dossier_secret_hash(code, up, sh);
	return sodium_memcmp(sh, stored_hash, 64) == 0;
}

static const procedure_doc *doc_by_ordinal(const procedure *p, int ordinal)
{
	for (int i = 0; i < p->ndocs; i++)
		if (p->docs[i].ordinal == ordinal) return &p->docs[i];
	return NULL;
}

static dossier_account one_stop(const dossier_row *row, arena *a)
{
	(void)row;
	dossier_account x = {0};
	x.display_name = arena_strdup(a, "Bộ phận Một cửa");
	x.title = arena_strdup(a, "Bộ phận tiếp nhận và trả kết quả");
	return x;
}

static int append_event(db *d, const auth_actor *actor, const dossier_row *row, const char *unit_code,
                        dossier_cmd cmd, json_t *payload, arena *a, err *e)
{
	json_object_set_new(payload, "state", json_string(row->state));
	json_object_set_new(payload, "code", json_string(row->code));
	int rc = ledger_append(d, &actor->ledger, unit_code, arena_printf(a, "dossier.%s", dossier_cmd_name(cmd)),
	                       arena_printf(a, "dossier:%s", row->code), payload, NULL, e);
	json_decref(payload);
	return rc;
}

/* Records a refused attempt (e.g. a second supplement request) in its own
 * transaction after the command's was rolled back: the attempt is a
 * harassment signal for inspectors. */
static void record_refused(db *d, const auth_actor *actor, const dossier_row *row, const char *unit_code,
                           dossier_cmd cmd, const err *why, arena *a)
{
	err e2 = {0};
	if (db_begin(d, &e2)) return;
	json_t *p = json_pack("{s:s, s:s, s:s, s:i}", "code", row->code, "attempted", dossier_cmd_name(cmd),
	                      "refused", why->code, "supplement_requests", row->supplement_requests);
	int rc = ledger_append(d, &actor->ledger, unit_code, "dossier.attempt_refused",
	                       arena_printf(a, "dossier:%s", row->code), p, NULL, &e2);
	json_decref(p);
	if (rc || db_commit(d, &e2)) db_rollback(d);
}

/* --- the command --- */

int dossier_exec(db *d, const auth_actor *actor, dossier_cmd cmd, const char *code,
                 const dossier_input *in, arena *a, dossier_result *out, err *e)
{
	int64_t now = clock_now();
	dossier_row row = {0};
	procedure proc = {0};
	dossier_env env = {0};
	bool creating = code == NULL;
	const char *unit_code = NULL;
	int rc;

	if (creating && cmd != DC_SUBMIT_ONLINE && cmd != DC_RECEIVE && cmd != DC_REFUSE)
		return err_set(e, MB_EINVAL, "invalid_field", "code", "Thiếu mã hồ sơ.", "the dossier code is missing");

	if (db_begin(d, e)) return MB_EINTERNAL;
	if (creating) {
		/* Validate the new dossier's fields. */
		if (text_check_field(in->applicant_name, "applicant_name", 120, true, e) ||
		    text_check_field(in->applicant_id_number, "applicant_id_number", 20, false, e) ||
		    text_check_field(in->applicant_phone, "applicant_phone", 40, false, e) ||
		    text_check_field(in->applicant_email, "applicant_email", 254, false, e) ||
		    text_check_field(in->applicant_address, "applicant_address", 300, false, e))
			goto fail;
		if (!in->procedure_code || (rc = procedures_get(d, in->procedure_code, a, &proc, e)) == 0) {
			err_set(e, MB_EINVAL, "invalid_field", "procedure", "Không có thủ tục hành chính này.", "no such procedure");
			goto fail;
		}
		if (rc < 0) goto fail;
		if (!proc.active) {
			err_set(e, MB_EINVAL, "invalid_field", "procedure", "Thủ tục này không còn áp dụng.", "the procedure is no longer in force");
			goto fail;
		}
		int64_t unit_id = 0;
		if (!in->unit_code || (rc = auth_unit_id(d, in->unit_code, &unit_id, e)) == 0) {
			err_set(e, MB_EINVAL, "invalid_field", "unit", "Không có đơn vị này.", "no such unit");
			goto fail;
		}
		if (rc < 0) goto fail;
		if (!procedures_offered_by(d, &proc, unit_id)) {
			err_set(e, MB_EINVAL, "invalid_field", "procedure", "Đơn vị này không giải quyết thủ tục này.",
			        "this unit does not handle this procedure");
			goto fail;
		}
		if (cmd == DC_SUBMIT_ONLINE && !strcmp(proc.online_level, "none")) {
			err_set(e, MB_EINVAL, "invalid_field", "procedure", "Thủ tục này chưa nhận hồ sơ trực tuyến.",
			        "this procedure does not take online dossiers");
			goto fail;
		}
		unit_code = in->unit_code;
		row.procedure_id = proc.id;
		row.unit_id = unit_id;
		row.state = "none";
		row.channel = cmd == DC_SUBMIT_ONLINE ? "online" : "counter";
		row.applicant_name = in->applicant_name;
		row.applicant_id_number = in->applicant_id_number;
		row.applicant_phone = in->applicant_phone;
		row.applicant_email = in->applicant_email;
		row.applicant_address = in->applicant_address;
		row.citizen_account_id = actor->role == ROLE_CITIZEN ? actor->id : 0;
		row.risk = "on_time";
	} else {
		rc = dossier_repo_get(d, code, a, &row, e);
		if (rc == 0) {
			err_set(e, MB_ENOTFOUND, "not_found", "code", "Không có hồ sơ này.", "no such dossier");
			goto fail;
		}
		if (rc < 0 || procedures_get_by_id(d, row.procedure_id, a, &proc, e) != 1) goto fail;
		unit_code = auth_unit_code(d, row.unit_id, a);
	}
	if (dossier_env_load(d, creating ? 0 : row.rule_set_id, now, a, &env, e)) goto fail;
	if (creating) row.rule_set_id = env.rule_set_id;

	dossier_state cur;
	if (dossier_state_parse(row.state, &cur)) cur = DS_NONE;
	dossier_snapshot snap = {cur, row.supplement_requests, row.extensions, row.due_at,
	                         row.holder_account_id, row.citizen_account_id};
	dossier_actor da = {actor->id, actor->role, creating ? true : dossier_in_scope(d, actor, &row)};
	if (creating && actor->role != ROLE_CITIZEN) {
		/* Counter staff receive for their own unit (or units below it). */
		int64_t anc[32];
		int n = auth_unit_ancestors(d, row.unit_id, anc, 32);
		da.in_scope = false;
		for (int i = 0; i < n; i++) if (anc[i] == actor->unit_id) da.in_scope = true;
	}
	int64_t want_due = cmd == DC_APOLOGIZE ? in->new_due : cmd == DC_HANDOVER ? in->step_due : 0;
	dossier_state next;
	if (dossier_rules_decide(&snap, cmd, &da, &env.limits, now, want_due, &next, e)) {
		if (e->code && !strcmp(e->code, "supplement_limit")) {
			db_rollback(d);
			record_refused(d, actor, &row, unit_code, cmd, e, a);
			dossier_env_free(&env);
			return e->status;
		}
		goto fail;
	}

	json_t *payload = json_object();
	dossier_account target = {0};
	const char *reason = in->reason && *in->reason ? in->reason : NULL;
	bool needs_reason = cmd == DC_REFUSE || cmd == DC_STOP || cmd == DC_APOLOGIZE;
	if (needs_reason && (text_check_reason(reason, "reason", 2000, true, e))) { json_decref(payload); goto fail; }
	if (cmd == DC_WITHDRAW && text_check_reason(reason, "reason", 2000, false, e)) { json_decref(payload); goto fail; }
	if (cmd == DC_ASSIGN || cmd == DC_HANDOVER) {
		rc = in->to_login ? dossier_repo_account(d, in->to_login, 0, a, &target, e) : 0;
		if (rc < 0) { json_decref(payload); goto fail; }
		if (rc == 0 || (strcmp(target.role, "processing_officer") && strcmp(target.role, "unit_head"))) {
			err_set(e, MB_EINVAL, "invalid_field", "to", "Người nhận phải là cán bộ xử lý hoặc người đứng đầu đơn vị.",
			        "the receiver must be a processing official or a unit head");
			json_decref(payload);
			goto fail;
		}
		if (cmd == DC_ASSIGN) {
			/* The one-stop passes the dossier to an official of the unit that
			 * received it (or below); other units are reached by handover. */
			int64_t anc[32];
			int n = auth_unit_ancestors(d, target.unit_id, anc, 32);
			bool inside = false;
			for (int i = 0; i < n; i++) inside |= anc[i] == row.unit_id;
			if (!inside) {
				err_set(e, MB_EINVAL, "invalid_field", "to", "Chỉ chuyển cho cán bộ của đơn vị tiếp nhận hồ sơ; đơn vị khác nhận qua bàn giao.",
				        "assign to an official of the receiving unit; other units take it by handover");
				json_decref(payload);
				goto fail;
			}
		}
		if (target.id == row.holder_account_id) {
			err_set(e, MB_EINVAL, "invalid_field", "to", "Hồ sơ đang do chính người này giữ.", "that person already holds the dossier");
			json_decref(payload);
			goto fail;
		}
		json_object_set_new(payload, "to", json_string(target.login));
	}

	/* Create the row first for new dossiers: it gives the id and the code. */
	if (creating) {
		char prefix[32], full[48];
		dossier_rules_code(unit_code, now, 0, full, sizeof full);
		snprintf(prefix, sizeof prefix, "%.*s", (int)(strrchr(full, '-') - full), full);
		int serial = 0;
		if (dossier_repo_next_serial(d, prefix, &serial, e)) { json_decref(payload); goto fail; }
		dossier_rules_code(unit_code, now, serial, full, sizeof full);
		row.code = arena_strdup(a, full);
		dossier_secret_new(out->secret);
		char sh[65];
		dossier_secret_hash(row.code, out->secret, sh);
		row.secret_hash = arena_strdup(a, sh);
		if (dossier_repo_insert(d, &row, e)) { json_decref(payload); goto fail; }
		/* Documents: what was provided, and files for online dossiers. */
		for (int i = 0; i < in->nprovided; i++) {
			const procedure_doc *pd = doc_by_ordinal(&proc, in->provided[i]);
			if (!pd) {
				err_set(e, MB_EINVAL, "invalid_field", "documents", "Giấy tờ không có trong thủ tục đã công bố.",
				        "a document that the published procedure does not list");
				json_decref(payload);
				goto fail;
			}
			if (dossier_repo_doc_set(d, row.id, pd->id, true, NULL, e)) { json_decref(payload); goto fail; }
		}
		json_t *files = json_array();
		json_object_set_new(payload, "files", files);
		for (int i = 0; i < in->nuploads; i++) {
			const dossier_upload *u = &in->uploads[i];
			const procedure_doc *pd = doc_by_ordinal(&proc, u->ordinal);
			if (!pd) {
				err_set(e, MB_EINVAL, "invalid_field", "documents", "Tệp đính kèm không ứng với giấy tờ nào của thủ tục.",
				        "an attachment for a document the procedure does not list");
				json_decref(payload);
				goto fail;
			}
			if (!allowed_type(u)) {
				err_set(e, MB_EINVAL, "invalid_field", "files", "Chỉ nhận tệp PDF, JPEG hoặc PNG.",
				        "only PDF, JPEG or PNG files are accepted");
				json_decref(payload);
				goto fail;
			}
			char sha[65];
			if (store_file(d, u, sha, e) || dossier_repo_doc_set(d, row.id, pd->id, true, sha, e)) {
				json_decref(payload);
				goto fail;
			}
			json_array_append_new(files, json_pack("{s:i, s:s, s:I}", "document", u->ordinal, "sha256", sha,
			                                       "size", (json_int_t)u->size));
		}
		/* At the counter every required document must be there to receive. */
		if (cmd == DC_RECEIVE) {
			for (int i = 0; i < proc.ndocs; i++) {
				bool have = false;
				for (int k = 0; k < in->nprovided; k++) have |= in->provided[k] == proc.docs[i].ordinal;
				for (int k = 0; k < in->nuploads; k++) have |= in->uploads[k].ordinal == proc.docs[i].ordinal;
				if (!have) {
					err_set(e, MB_EINVAL, "invalid_field", "documents",
					        "Hồ sơ chưa đủ giấy tờ theo thủ tục đã công bố; hãy hướng dẫn công dân bổ sung một lần, đầy đủ trước khi tiếp nhận.",
					        "the dossier lacks documents of the published procedure; guide the applicant once, fully, before receiving");
					json_decref(payload);
					goto fail;
				}
			}
		}
		json_object_set_new(payload, "procedure", json_string(proc.code));
		json_object_set_new(payload, "channel", json_string(row.channel));
	}

	dossier_account me = {actor->id, actor->unit_id, actor->login, actor->display_name, "", auth_role_name(actor->role)};
	dossier_account self;
	if (dossier_repo_account(d, NULL, actor->id, a, &self, e) == 1) me.title = self.title;
	dossier_account desk = one_stop(&row, a);

	rc = 0;
	switch (cmd) {
	case DC_SUBMIT_ONLINE:
		row.submitted_at = now;
		rc = dossier_repo_step_open(d, row.id, "submitted", &desk, row.unit_id, now, 0, "", e);
		break;
	case DC_RECEIVE: {
		/* The due time counts from receipt, by the procedure's legal time. */
		int cutoff = proc.cutoff_min >= 0 ? proc.cutoff_min : env.cutoff_min;
		row.received_at = now;
		if (!row.submitted_at) row.submitted_at = now;
		row.due_at = row.original_due_at = cal_due(&env.cal, now, proc.processing_days, proc.time_unit, cutoff);
		row.holder_account_id = actor->id;
		row.holder_unit_id = actor->unit_id;
		/* The one-stop passes it on within one working day (Decree 118 Art. 18). */
		int64_t pass_due = cal_add_working_minutes(&env.cal, now, 8 * 60);
		if (pass_due > row.due_at) pass_due = row.due_at;
		rc = dossier_repo_step_close(d, row.id, now, e);
		if (!rc) rc = dossier_repo_step_open(d, row.id, "reception", &me, actor->unit_id, now, pass_due, "", e);
		if (!rc && !creating) {
			/* An online dossier checked at the counter: the listed papers are there,
			 * and, as at the counter, every document must be there to receive it. */
			for (int i = 0; i < in->nprovided && !rc; i++) {
				const procedure_doc *pd = doc_by_ordinal(&proc, in->provided[i]);
				if (pd) rc = dossier_repo_doc_set(d, row.id, pd->id, true, NULL, e);
			}
			dossier_doc_row *docs;
			int nd = 0;
			if (!rc) rc = dossier_repo_docs(d, row.id, a, &docs, &nd, e);
			for (int i = 0; i < nd && !rc; i++)
				if (!docs[i].provided)
					rc = err_set(e, MB_EINVAL, "invalid_field", "documents",
					             "Hồ sơ chưa đủ giấy tờ theo thủ tục đã công bố; hãy hướng dẫn công dân bổ sung một lần, đầy đủ trước khi tiếp nhận.",
					             "the dossier lacks documents of the published procedure; guide the applicant once, fully, before receiving");
		}
		json_object_set_new(payload, "due_at", json_string(time_iso(a, row.due_at)));
		json_object_set_new(payload, "rule_set", json_integer(env.rule_set_id));
		break;
	}
	case DC_REFUSE:
		row.reason = reason;
		row.finished_at = now;
		rc = dossier_repo_step_close(d, row.id, now, e);
		json_object_set_new(payload, "reason", json_string(reason));
		break;
	case DC_ASSIGN:
	case DC_HANDOVER: {
		int64_t step_due = in->step_due ? in->step_due : row.due_at;
		if (cmd == DC_ASSIGN && (step_due <= now || step_due > row.due_at)) step_due = row.due_at;
		rc = dossier_repo_step_close(d, row.id, now, e);
		if (!rc) rc = dossier_repo_step_open(d, row.id, "processing", &target, target.unit_id, now, step_due,
		                                     in->note ? in->note : "", e);
		json_object_set_new(payload, "from", row.holder_account_id ? json_integer(row.holder_account_id) : json_null());
		row.holder_account_id = target.id;
		row.holder_unit_id = target.unit_id;
		json_object_set_new(payload, "step_due", json_string(time_iso(a, step_due)));
		json_object_set_new(payload, "to_unit", json_string(auth_unit_code(d, target.unit_id, a)));
		break;
	}
	case DC_REQUEST_SUPPLEMENT: {
		/* Every missing item, each tied to a published document, with a reason. */
		if (in->nmissing <= 0) {
			err_set(e, MB_EINVAL, "invalid_field", "missing",
			        "Phải liệt kê đầy đủ mọi giấy tờ cần bổ sung trong một lần yêu cầu.",
			        "list every missing document in the one request");
			rc = MB_EINVAL;
			break;
		}
		json_t *items = json_array();
		json_object_set_new(payload, "missing", items);
		for (int i = 0; i < in->nmissing && !rc; i++) {
			const procedure_doc *pd = doc_by_ordinal(&proc, in->missing[i]);
			if (!pd) {
				rc = err_set(e, MB_EINVAL, "invalid_field", "missing",
				             "Chỉ được yêu cầu giấy tờ có trong thủ tục đã công bố.",
				             "only documents of the published procedure may be requested");
				break;
			}
			if ((rc = text_check_reason(in->missing_reason[i], "missing_reason", 500, true, e))) break;
			rc = dossier_repo_supplement_item(d, row.id, pd->id, in->missing_reason[i], e);
			if (rc) {
				err_set(e, MB_EINVAL, "invalid_field", "missing", "Một giấy tờ được liệt kê hai lần.", "a document is listed twice");
				break;
			}
			json_array_append_new(items, json_pack("{s:i, s:s}", "document", pd->ordinal, "reason", in->missing_reason[i]));
		}
		if (rc) break;
		row.supplement_requests++;
		row.paused_at = now;
		/* The step is public on the tracking page: it names the role, not the person. */
		dossier_account citizen = {row.citizen_account_id, 0, "", "Người nộp hồ sơ", "", "citizen"};
		rc = dossier_repo_step_close(d, row.id, now, e);
		if (!rc) rc = dossier_repo_step_open(d, row.id, "supplement", &citizen, row.unit_id, now, 0, "", e);
		break;
	}
	case DC_SUPPLEMENT: {
		dossier_clock policy = !strcmp(proc.clock_policy, "restart") ? DOSSIER_CLOCK_RESTART : DOSSIER_CLOCK_PAUSE;
		int cutoff = proc.cutoff_min >= 0 ? proc.cutoff_min : env.cutoff_min;
		int64_t old_due = row.due_at;
		row.due_at = dossier_rules_due_on_resume(&env.cal, policy, row.due_at, row.paused_at, now,
		                                         proc.processing_days, proc.time_unit, cutoff);
		row.paused_at = 0;
		dossier_account holder;
		if (dossier_repo_account(d, NULL, row.holder_account_id, a, &holder, e) != 1) { rc = MB_EINTERNAL; break; }
		rc = dossier_repo_step_close(d, row.id, now, e);
		if (!rc) rc = dossier_repo_step_open(d, row.id, "processing", &holder, row.holder_unit_id, now, row.due_at, "", e);
		for (int i = 0; i < in->nprovided && !rc; i++) {
			const procedure_doc *pd = doc_by_ordinal(&proc, in->provided[i]);
			if (pd) rc = dossier_repo_doc_set(d, row.id, pd->id, true, NULL, e);
		}
		for (int i = 0; i < in->nuploads && !rc; i++) {
			const procedure_doc *pd = doc_by_ordinal(&proc, in->uploads[i].ordinal);
			char sha[65];
			if (!pd || !allowed_type(&in->uploads[i])) {
				rc = err_set(e, MB_EINVAL, "invalid_field", "files", "Tệp đính kèm không hợp lệ.", "invalid attachment");
				break;
			}
			rc = store_file(d, &in->uploads[i], sha, e);
			if (!rc) rc = dossier_repo_doc_set(d, row.id, pd->id, true, sha, e);
		}
		json_object_set_new(payload, "clock", json_string(policy == DOSSIER_CLOCK_PAUSE ? "pause" : "restart"));
		json_object_set_new(payload, "old_due_at", json_string(time_iso(a, old_due)));
		json_object_set_new(payload, "due_at", json_string(time_iso(a, row.due_at)));
		break;
	}
	case DC_APOLOGIZE: {
		int64_t latest = dossier_rules_apology_deadline(&env.cal, row.due_at, env.apology_lead_days);
		bool late = now > latest;
		rc = dossier_repo_apology_add(d, row.id, row.unit_id, reason, row.due_at, in->new_due, now, late, actor->id, e);
		json_object_set_new(payload, "reason", json_string(reason));
		json_object_set_new(payload, "old_due_at", json_string(time_iso(a, row.due_at)));
		json_object_set_new(payload, "new_due_at", json_string(time_iso(a, in->new_due)));
		json_object_set_new(payload, "issued_late", json_boolean(late));
		row.due_at = in->new_due;
		row.extensions++;
		break;
	}
	case DC_STOP:
	case DC_WITHDRAW:
		row.reason = reason ? reason : "";
		row.finished_at = now;
		rc = dossier_repo_step_close(d, row.id, now, e);
		if (reason) json_object_set_new(payload, "reason", json_string(reason));
		break;
	case DC_RESULT_READY:
		rc = dossier_repo_step_close(d, row.id, now, e);
		if (!rc) rc = dossier_repo_step_open(d, row.id, "result", &desk, row.unit_id, now, row.due_at, "", e);
		row.result_note = in->note ? in->note : "";
		row.late = now > row.due_at;
		row.holder_account_id = 0;
		row.holder_unit_id = row.unit_id;
		json_object_set_new(payload, "late", json_boolean(row.late));
		break;
	case DC_RETURN:
		row.finished_at = now;
		rc = dossier_repo_step_close(d, row.id, now, e);
		json_object_set_new(payload, "late", json_boolean(row.late));
		break;
	default:
		rc = err_set(e, MB_EINVAL, "invalid_field", "action", "Thao tác không hợp lệ.", "unknown action");
	}
	if (rc) { json_decref(payload); goto fail; }

	row.state = dossier_state_name(next);
	if (dossier_state_final(next)) row.holder_account_id = 0;
	/* The stored mark follows the one rule (the steps just opened count); pages
	 * and the API compute it again at read time. */
	row.risk = dossier_progress_risk_name(dossier_rules_progress(
		&env.cal, &(dossier_timing){next, row.due_at, dossier_repo_step_due(d, row.id), row.finished_at, row.late},
		now, env.at_risk_minutes));
	if (dossier_repo_update(d, &row, e) ||
	    scores_dossier_changed(d, &(score_dossier_in){row.id, row.unit_id, !strcmp(row.channel, "online"), row.state,
	                                                  row.received_at, row.original_due_at, row.paused_at,
	                                                  row.supplement_requests}, now, e) ||
	    append_event(d, actor, &row, unit_code, cmd, payload, a, e))
		goto fail;
	if (db_commit(d, e)) { dossier_env_free(&env); return MB_EINTERNAL; }
	dossier_env_free(&env);
	out->code = row.code;
	out->state = next;
	return 0;

fail:
	db_rollback(d);
	dossier_env_free(&env);
	return e->status ? e->status : MB_EINTERNAL;
}

int dossier_mark_risks(db *d, int64_t now, int *changed, err *e)
{
	arena a;
	arena_init(&a);
	dossier_row *rows;
	int n, rc;
	*changed = 0;
	if ((rc = dossier_repo_open_due(d, now, &a, &rows, &n, e))) { arena_free(&a); return rc; }
	dossier_env env = {0};
	int64_t loaded = -1;
	if (db_begin(d, e)) { arena_free(&a); return MB_EINTERNAL; }
	for (int i = 0; i < n && !rc; i++) {
		if (rows[i].rule_set_id != loaded) {
			dossier_env_free(&env);
			if ((rc = dossier_env_load(d, rows[i].rule_set_id, now, &a, &env, e))) break;
			loaded = rows[i].rule_set_id;
		}
		const char *risk = dossier_progress_risk_name(
			dossier_rules_progress(&env.cal, &(dossier_timing){DS_PROCESSING, rows[i].due_at, rows[i].step_due_at, 0, false},
			                       now, env.at_risk_minutes));
		if (strcmp(risk, rows[i].risk)) {
			rc = dossier_repo_set_risk(d, rows[i].id, risk, e);
			(*changed)++;
		}
	}
	dossier_env_free(&env);
	/* The throttle only needs the last window of failed look-ups. */
	if (!rc) rc = db_throttle_purge(d, now - 24 * 3600, e);
	if (rc) db_rollback(d); else rc = db_commit(d, e);
	arena_free(&a);
	return rc;
}

enum { TRACK_WINDOW_S = 15 * 60, TRACK_MAX_FAILURES = 20 };

int dossier_track(db *d, const char *code, const char *secret, const char *addr, arena *a,
                  dossier_row *out, err *e)
{
	int64_t now = clock_now();
	int fails = 0;
	if (db_throttle_count(d, "track", addr, now - TRACK_WINDOW_S, TRACK_MAX_FAILURES, &fails, e)) return MB_EINTERNAL;
	if (fails >= TRACK_MAX_FAILURES)
		return err_set(e, MB_ELIMIT, "rate_limited", NULL,
		               "Tra cứu sai quá nhiều lần. Hãy thử lại sau 15 phút.",
		               "too many failed look-ups; try again in 15 minutes");
	int rc = 0;
	code = text_code_norm(a, code);   /* any case, surrounding spaces: not a failure */
	secret = text_code_norm(a, secret);
	if (code && secret && strlen(code) < 40 && strlen(secret) < 40) {
		rc = dossier_repo_get(d, code, a, out, e);
		if (rc < 0) return rc;
		if (rc == 1) rc = dossier_secret_matches(code, secret, out->secret_hash);
	}
	if (!rc) db_throttle_add(d, "track", addr, now, NULL);
	return rc;
}

/* --- the rules in force --- */

int dossier_env_load(db *d, int64_t rule_set_id, int64_t at, arena *a, dossier_env *env, err *e)
{
	rule_set rs;
	int rc;
	memset(env, 0, sizeof *env);
	if (rule_set_id) {
		rc = calendar_rule_set_by_id(d, rule_set_id, &rs, e);
		if (rc == 0) rc = err_set(e, MB_EINTERNAL, "no_rule_set", NULL, "Thiếu bộ quy định của hồ sơ.", "the dossier's rule set is missing");
		if (rc < 0) return rc;
		if ((rc = calendar_load_rule_set(d, &rs, &env->cal, e))) return rc;
	} else {
		char date[16];
		int y, m, dd;
		cal_ymd(cal_day_of(at), &y, &m, &dd);
		snprintf(date, sizeof date, "%04d-%02d-%02d", y, m, dd);
		if ((rc = calendar_load(d, date, &env->cal, &rs, e))) return rc;
	}
	env->rule_set_id = rs.id;
	env->limits.supplement_limit = rs.supplement_limit;
	env->limits.extension_limit = rs.extension_limit;
	env->cutoff_min = rs.cutoff_min;
	env->apology_lead_days = rs.apology_lead_working_days;
	env->at_risk_minutes = rs.at_risk_working_hours * 60;
	env->citation = arena_strdup(a, rs.citation);
	return 0;
}

void dossier_env_free(dossier_env *env)
{
	cal_free(&env->cal);
}

/* --- progress at read time --- */

void dossier_clock_cache_init(dossier_clock_cache *cc)
{
	memset(cc, 0, sizeof *cc);
	cc->loaded = -1;
}

void dossier_clock_cache_free(dossier_clock_cache *cc)
{
	if (cc->ok) dossier_env_free(&cc->env);
	dossier_clock_cache_init(cc);
}

dossier_progress dossier_progress_of(db *d, dossier_clock_cache *cc, const dossier_row *row, int64_t now, arena *a)
{
	dossier_state s;
	if (dossier_state_parse(row->state, &s)) s = DS_NONE;
	dossier_timing t = {s, row->due_at, row->step_due_at, row->finished_at, row->late != 0};
	if (cc->loaded != row->rule_set_id) {
		if (cc->ok) dossier_env_free(&cc->env);
		cc->ok = dossier_env_load(d, row->rule_set_id, now, a, &cc->env, NULL) == 0;
		cc->loaded = row->rule_set_id;
	}
	if (cc->ok) return dossier_rules_progress(&cc->env.cal, &t, now, cc->env.at_risk_minutes);
	/* No rule set to read: the same rule without the at-risk margin. */
	calendar none;
	err e;
	if (cal_init(&none, "07:30-11:30", "13:30-17:30", &e)) return DP_ON_TIME;
	dossier_progress p = dossier_rules_progress(&none, &t, now, 0);
	cal_free(&none);
	return p;
}

dossier_progress dossier_progress_now(db *d, const dossier_row *row, arena *a)
{
	dossier_clock_cache cc;
	dossier_clock_cache_init(&cc);
	dossier_progress p = dossier_progress_of(d, &cc, row, clock_now(), a);
	dossier_clock_cache_free(&cc);
	return p;
}

int dossier_progress_by_code(db *d, dossier_clock_cache *cc, const char *code, int64_t now, arena *a,
                             dossier_progress *out, err *e)
{
	dossier_row row;
	int rc = dossier_repo_get(d, code, a, &row, e);
	if (rc == 1) *out = dossier_progress_of(d, cc, &row, now, a);
	return rc;
}

unsigned dossier_offered(db *d, const auth_actor *actor, const dossier_row *row, arena *a)
{
	dossier_state s;
	if (dossier_state_parse(row->state, &s)) return 0;
	int64_t now = clock_now();
	dossier_env env;
	dossier_limits l = {1, 1};
	if (dossier_env_load(d, row->rule_set_id, now, a, &env, NULL) == 0) {
		l = env.limits;
		dossier_env_free(&env);
	}
	dossier_snapshot snap = {s, row->supplement_requests, row->extensions, row->due_at,
	                         row->holder_account_id, row->citizen_account_id};
	dossier_actor da = {actor->id, actor->role, dossier_in_scope(d, actor, row)};
	return dossier_rules_offered(&snap, &da, &l, now);
}

/* The position after which a page starts: the dossier with that code, which
 * the actor may see (else the field "after" is refused). */
static int list_cursor(db *d, const auth_actor *actor, const char *after, arena *a, dossier_cursor *cur, err *e)
{
	memset(cur, 0, sizeof *cur);
	if (!after || !*after) return 0;
	dossier_row c;
	int rc = dossier_repo_get(d, after, a, &c, e);
	if (rc < 0) return rc;
	bool visible = rc == 1 && (actor->role == ROLE_CITIZEN ? c.citizen_account_id == actor->id
	                                                      : dossier_in_scope(d, actor, &c));
	if (!visible)
		return err_set(e, MB_EINVAL, "invalid_field", "after", "Không có hồ sơ mang mã này để xem tiếp.",
		               "no dossier with that code to continue after");
	cur->id = c.id;
	cur->due_at = c.due_at;
	return 0;
}

int dossier_list_view(db *d, const auth_actor *actor, dossier_page *pg, arena *a, dossier_row **rows,
                      dossier_progress **progress, int *n, const char **view_out, const char **next, err *e)
{
	bool citizen = actor->role == ROLE_CITIZEN;
	const char *view = pg->view;
	bool all = pg->all;
	if (citizen) view = "mine";
	else if (!view || !*view) view = actor->role == ROLE_PROCESSING_OFFICER ? "mine" : "unit";
	if (strcmp(view, "mine") && strcmp(view, "unit") && strcmp(view, "overdue"))
		return err_set(e, MB_EINVAL, "invalid_field", "view", "Danh sách không hợp lệ (mine, unit, overdue).",
		               "unknown view (mine, unit, overdue)");
	int limit = pg->limit;
	if (limit < 1 || limit > DOSSIER_PAGE_MAX)
		return err_set(e, MB_EINVAL, "invalid_field", "limit", "Số hồ sơ mỗi trang phải từ 1 đến 500.",
		               "limit must be 1 to 500");
	bool overdue = !strcmp(view, "overdue"), mine = !strcmp(view, "mine");
	if (overdue) all = false;
	dossier_cursor cur;
	int rc = list_cursor(d, actor, pg->after, a, &cur, e);
	if (rc) return rc;
	int64_t holder = citizen || !mine ? 0 : actor->id, unit = !citizen && !mine ? actor->unit_id : 0,
	        cit = citizen ? actor->id : 0;
	dossier_row *out = arena_alloc(a, sizeof *out * (size_t)(limit + 1));
	dossier_progress *p = arena_alloc(a, sizeof *p * (size_t)(limit + 1));
	dossier_clock_cache cc;
	dossier_clock_cache_init(&cc);
	int64_t now = clock_now();
	int k = 0;
	*next = NULL;
	if (!overdue) {
		/* One row more than the page: whether there is a next page. */
		dossier_row *got;
		int ng = 0;
		rc = dossier_repo_list(d, holder, unit, cit, !all, cur.id ? &cur : NULL, limit + 1, a, &got, &ng, e);
		for (int i = 0; !rc && i < ng && i < limit; i++) {
			out[k] = got[i];
			p[k++] = dossier_progress_of(d, &cc, &got[i], now, a);
		}
		if (!rc && ng > limit) *next = out[limit - 1].code;
	} else {
		/* The unit's open dossiers by due time, each judged by the one rule
		 * (its due time or its step's), in batches from the cursor. A page
		 * examines at most DOSSIER_OVERDUE_SCAN_PAGES pages' worth: when that
		 * is reached before the page is full, it ends early and its next
		 * link continues after the last dossier examined. */
		int scanned = 0, bound = limit * DOSSIER_OVERDUE_SCAN_PAGES;
		bool end = false, more = false;
		const char *last = NULL;
		while (!rc && !end && !more && scanned < bound) {
			dossier_row *got;
			int ng = 0, batch = limit + 1;
			rc = dossier_repo_list(d, 0, unit, 0, true, cur.id ? &cur : NULL, batch, a, &got, &ng, e);
			if (rc) break;
			if (ng < batch) end = true;
			for (int i = 0; i < ng; i++) {
				if (scanned == bound) { end = false; break; }   /* rows left unexamined */
				scanned++;
				cur.id = got[i].id;
				cur.due_at = got[i].due_at;
				last = got[i].code;
				if (dossier_progress_of(d, &cc, &got[i], now, a) != DP_OVERDUE) continue;
				if (k == limit) { more = true; break; }
				out[k] = got[i];
				p[k++] = DP_OVERDUE;
			}
		}
		if (!rc) *next = more ? out[limit - 1].code : !end ? last : NULL;
	}
	dossier_clock_cache_free(&cc);
	pg->open_total = -1;
	if (!rc && !all && !overdue) rc = dossier_repo_open_count(d, holder, unit, cit, &pg->open_total, e);
	if (rc) return rc;
	*rows = out;
	*n = k;
	*progress = p;
	if (view_out) *view_out = view;
	return 0;
}
