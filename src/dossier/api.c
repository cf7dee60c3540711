/* api.c — the dossiers' JSON API. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/clock.h"
#include "dossier/web.h"
#include "procedures/procedures.h"

int dossier_cmd_parse(const char *s, dossier_cmd *out)
{
	for (int c = 0; s && c < DC__MAX; c++)
		if (!strcmp(s, dossier_cmd_name((dossier_cmd)c))) { *out = (dossier_cmd)c; return 0; }
	return -1;
}

int64_t dossier_parse_when(const char *s)
{
	if (!s || !*s) return -1;
	int y, mo, d, h = 17, mi = 0, n = 0;
	size_t len = strlen(s);
	if (s[len - 1] == 'Z') return clock_parse_iso(s);
	if (sscanf(s, "%4d-%2d-%2dT%2d:%2d%n", &y, &mo, &d, &h, &mi, &n) == 5 && (size_t)n == len) {}
	else if (sscanf(s, "%4d-%2d-%2d%n", &y, &mo, &d, &n) == 3 && (size_t)n == len) { h = 17; mi = 0; }
	else return -1;
	if (mo < 1 || mo > 12 || d < 1 || d > 31 || h < 0 || h > 23 || mi < 0 || mi > 59) return -1;
	return cal_local(cal_day_from_ymd(y, mo, d), h * 60 + mi);
}

static const char *jstr(json_t *j, const char *k)
{
	return json_string_value(json_object_get(j, k));
}

static int ordinals(json_t *arr, int *out, int max, int *n, const char *field, err *e)
{
	*n = 0;
	if (!arr) return 0;
	if (!json_is_array(arr) || json_array_size(arr) > (size_t)max)
		return err_set(e, MB_EINVAL, "invalid_field", field, "Danh sách giấy tờ không hợp lệ.", "invalid list of documents");
	size_t i;
	json_t *v;
	json_array_foreach(arr, i, v) {
		if (!json_is_integer(v) || json_integer_value(v) < 1 || json_integer_value(v) > 99)
			return err_set(e, MB_EINVAL, "invalid_field", field, "Số thứ tự giấy tờ không hợp lệ.", "invalid document number");
		out[(*n)++] = (int)json_integer_value(v);
	}
	return 0;
}

int dossier_input_from_json(web_req *r, json_t *j, dossier_input *in, err *e)
{
	static const char *const known[] = {"action", "procedure", "unit", "applicant", "documents", "to", "step_due",
	                                    "new_due", "reason", "missing", "note"};
	const char *k;
	json_t *v;
	json_object_foreach(j, k, v) {
		bool ok = false;
		for (size_t i = 0; i < sizeof known / sizeof known[0]; i++) ok |= !strcmp(k, known[i]);
		if (!ok) return err_set(e, MB_EINVAL, "invalid_field", arena_strdup(r->a, k), "Trường này không tồn tại.", "unknown field");
	}
	memset(in, 0, sizeof *in);
	in->procedure_code = arena_strdup(r->a, jstr(j, "procedure"));
	in->unit_code = arena_strdup(r->a, jstr(j, "unit"));
	json_t *ap = json_object_get(j, "applicant");
	if (ap && !json_is_object(ap))
		return err_set(e, MB_EINVAL, "invalid_field", "applicant", "Thông tin người nộp không hợp lệ.", "invalid applicant");
	in->applicant_name = arena_strdup(r->a, jstr(ap, "name"));
	in->applicant_id_number = arena_strdup(r->a, jstr(ap, "id_number"));
	in->applicant_phone = arena_strdup(r->a, jstr(ap, "phone"));
	in->applicant_email = arena_strdup(r->a, jstr(ap, "email"));
	in->applicant_address = arena_strdup(r->a, jstr(ap, "address"));
	if (ordinals(json_object_get(j, "documents"), in->provided, 32, &in->nprovided, "documents", e)) return MB_EINVAL;
	in->to_login = arena_strdup(r->a, jstr(j, "to"));
	in->reason = arena_strdup(r->a, jstr(j, "reason"));
	in->note = arena_strdup(r->a, jstr(j, "note"));
	const char *sd = jstr(j, "step_due"), *nd = jstr(j, "new_due");
	if (sd && (in->step_due = dossier_parse_when(sd)) < 0)
		return err_set(e, MB_EINVAL, "invalid_field", "step_due", "Thời hạn không đúng định dạng.", "malformed date and time");
	if (nd && (in->new_due = dossier_parse_when(nd)) < 0)
		return err_set(e, MB_EINVAL, "invalid_field", "new_due", "Ngày hẹn mới không đúng định dạng.", "malformed date and time");
	json_t *missing = json_object_get(j, "missing");
	if (missing) {
		if (!json_is_array(missing) || json_array_size(missing) > 32)
			return err_set(e, MB_EINVAL, "invalid_field", "missing", "Danh sách cần bổ sung không hợp lệ.", "invalid list of missing documents");
		size_t i;
		json_t *m;
		json_array_foreach(missing, i, m) {
			json_t *doc = json_object_get(m, "document");
			if (!json_is_integer(doc))
				return err_set(e, MB_EINVAL, "invalid_field", "missing", "Mỗi mục cần bổ sung phải chỉ rõ giấy tờ.", "each missing item must name a document");
			in->missing[in->nmissing] = (int)json_integer_value(doc);
			in->missing_reason[in->nmissing] = arena_strdup(r->a, jstr(m, "reason"));
			in->nmissing++;
		}
	}
	return 0;
}

int dossier_input_from_form(web_req *r, dossier_input *in, err *e)
{
	memset(in, 0, sizeof *in);
	in->procedure_code = web_form(r, "procedure");
	in->unit_code = web_form(r, "unit");
	in->applicant_name = web_form(r, "applicant_name");
	in->applicant_id_number = web_form(r, "applicant_id_number");
	in->applicant_phone = web_form(r, "applicant_phone");
	in->applicant_email = web_form(r, "applicant_email");
	in->applicant_address = web_form(r, "applicant_address");
	in->to_login = web_form(r, "to");
	in->reason = web_form(r, "reason");
	in->note = web_form(r, "note");
	const char *sd = web_form(r, "step_due"), *nd = web_form(r, "new_due");
	if (sd && *sd && (in->step_due = dossier_parse_when(sd)) < 0)
		return err_set(e, MB_EINVAL, "invalid_field", "step_due", "Thời hạn không đúng định dạng.", "malformed date and time");
	if (nd && *nd && (in->new_due = dossier_parse_when(nd)) < 0)
		return err_set(e, MB_EINVAL, "invalid_field", "new_due", "Ngày hẹn mới không đúng định dạng.", "malformed date and time");
	/* Checkboxes doc_N (provided) and missing_N with reason_N; files file_N. */
	for (web_kv *kv = r->form; kv; kv = kv->next) {
		int ord = 0;
		if (sscanf(kv->key, "doc_%d", &ord) == 1 && ord > 0 && ord < 100 && in->nprovided < 32)
			in->provided[in->nprovided++] = ord;
		else if (sscanf(kv->key, "missing_%d", &ord) == 1 && ord > 0 && ord < 100 && in->nmissing < 32) {
			char rk[32];
			snprintf(rk, sizeof rk, "reason_%d", ord);
			in->missing[in->nmissing] = ord;
			in->missing_reason[in->nmissing++] = web_form(r, rk);
		}
	}
	for (web_file *f = r->files; f; f = f->next) {
		int ord = 0;
		if (f->data.len == 0) continue;   /* an empty file input */
		if (sscanf(f->field, "file_%d", &ord) != 1 || ord < 1 || ord > 99)
			return err_set(e, MB_EINVAL, "invalid_field", f->field, "Tệp đính kèm không ứng với giấy tờ nào.", "an attachment for no document");
		if (in->nuploads >= 16)
			return err_set(e, MB_EINVAL, "invalid_field", "files", "Quá nhiều tệp đính kèm.", "too many attachments");
		if (f->data.len > 10 * 1024 * 1024)
			return err_set(e, MB_ETOOBIG, "too_large", f->field, "Mỗi tệp tối đa 10 MB.", "each file may be at most 10 MB");
		dossier_upload *u = &in->uploads[in->nuploads++];
		u->ordinal = ord;
		u->content_type = f->content_type;
		u->data = f->data.data;
		u->size = f->data.len;
	}
	return 0;
}

json_t *dossier_json(db *d, const dossier_row *row, const dossier_progress *progress, bool with_personal,
                     bool with_steps, arena *a)
{
	dossier_progress pr = progress ? *progress : dossier_progress_now(d, row, a);
	procedure p;
	bool have_p = procedures_get_by_id(d, row->procedure_id, a, &p, NULL) == 1;
	json_t *j = json_pack("{s:s, s:s, s:s, s:s, s:s}", "code", row->code, "state", row->state,
	                      "procedure", have_p ? p.code : "", "unit", auth_unit_code(d, row->unit_id, a),
	                      "channel", row->channel);
	json_object_set_new(j, "procedure_name_vi", json_string(have_p ? p.name_vi : ""));
	json_object_set_new(j, "submitted_at", web_json_time(row->submitted_at));
	json_object_set_new(j, "received_at", web_json_time(row->received_at));
	json_object_set_new(j, "due_at", web_json_time(row->due_at));
	json_object_set_new(j, "original_due_at", web_json_time(row->original_due_at));
	json_object_set_new(j, "finished_at", web_json_time(row->finished_at));
	json_object_set_new(j, "risk", json_string(dossier_progress_risk_name(pr)));
	json_object_set_new(j, "progress", json_string(dossier_progress_name(pr)));
	json_object_set_new(j, "late", json_boolean(row->late));
	json_object_set_new(j, "supplement_requests", json_integer(row->supplement_requests));
	json_object_set_new(j, "supplement_limit", json_integer(1));
	json_object_set_new(j, "extensions", json_integer(row->extensions));
	json_object_set_new(j, "reason", json_string(row->reason));
	if (with_personal) {
		json_object_set_new(j, "applicant", json_pack("{s:s, s:s, s:s, s:s, s:s}", "name", row->applicant_name,
		                    "id_number", row->applicant_id_number, "phone", row->applicant_phone,
		                    "email", row->applicant_email, "address", row->applicant_address));
		dossier_account h;
		if (row->holder_account_id && dossier_repo_account(d, NULL, row->holder_account_id, a, &h, NULL) == 1)
			json_object_set_new(j, "holder", json_string(h.login));
	}
	if (with_steps) {
		dossier_step_row *steps;
		int n;
		json_t *arr = json_array();
		if (dossier_repo_steps(d, row->id, a, &steps, &n, NULL) == 0) {
			for (int i = 0; i < n; i++) {
				json_t *s = json_pack("{s:s, s:s, s:s, s:s}", "kind", steps[i].kind, "holder_name", steps[i].holder_name,
				                      "holder_title", steps[i].holder_title,
				                      "unit", steps[i].unit_code);
				json_object_set_new(s, "started_at", web_json_time(steps[i].started_at));
				json_object_set_new(s, "due_at", web_json_time(steps[i].due_at));
				json_object_set_new(s, "ended_at", web_json_time(steps[i].ended_at));
				json_object_set_new(s, "late", json_boolean(dossier_rules_step_late(steps[i].due_at, steps[i].ended_at,
				                                                                    clock_now())));
				json_array_append_new(arr, s);
			}
		}
		json_object_set_new(j, "steps", arr);
		dossier_doc_row *docs;
		json_t *darr = json_array();
		if (dossier_repo_docs(d, row->id, a, &docs, &n, NULL) == 0) {
			for (int i = 0; i < n; i++) {
				json_t *x = json_pack("{s:i, s:s, s:b}", "document", docs[i].ordinal, "name", docs[i].name,
				                      "provided", docs[i].provided);
				if (with_personal && docs[i].file_sha256) json_object_set_new(x, "file_sha256", json_string(docs[i].file_sha256));
				if (docs[i].supplement_reason) json_object_set_new(x, "supplement_reason", json_string(docs[i].supplement_reason));
				json_array_append_new(darr, x);
			}
		}
		json_object_set_new(j, "documents", darr);
		const dossier_section *const *sec;
		for (int k = 0, ns = dossier_sections(&sec); k < ns; k++)
			if (sec[k]->json) sec[k]->json(d, j, row, with_personal, a, NULL);   /* e.g. the result online and the fee */
	}
	return j;
}

int dossier_load_for(web_req *r, dossier_row *row, err *e)
{
	db *d = db_thread();
	int rc = dossier_repo_get(d, web_param(r, "code"), r->a, row, e);
	if (rc < 0) return rc;
	const auth_actor *a = r->actor;
	bool mine = rc == 1 && a->role == ROLE_CITIZEN && row->citizen_account_id == a->id;
	bool staff = rc == 1 && a->role != ROLE_CITIZEN &&
	             (dossier_in_scope(d, a, row) || a->role == ROLE_INSPECTOR || a->role == ROLE_ADMIN);
	/* Not found and not allowed answer the same: codes cannot be probed. */
	if (!mine && !staff)
		return err_set(e, MB_ENOTFOUND, "not_found", "code", "Không có hồ sơ này.", "no such dossier");
	return 0;
}

static json_t *result_json(db *d, const char *code, const dossier_result *res, arena *a)
{
	dossier_row row;
	json_t *j = NULL;
	if (dossier_repo_get(d, code, a, &row, NULL) == 1) j = dossier_json(d, &row, NULL, true, true, a);
	if (!j) j = json_object();
	if (res->secret[0]) json_object_set_new(j, "secret", json_string(res->secret));
	return json_pack("{s:o}", "dossier", j);
}

/* A command's input from a multipart form (with files) or a JSON object. */
static int read_command(web_req *r, dossier_input *in, const char **action, err *e)
{
	if (r->content_type && !strncasecmp(r->content_type, "multipart/form-data", 19)) {
		*action = web_form(r, "action");
		return dossier_input_from_form(r, in, e);
	}
	json_t *j = web_json_body(r, e);
	if (!j) return MB_EINVAL;
	*action = arena_strdup(r->a, json_string_value(json_object_get(j, "action")));
	int rc = dossier_input_from_json(r, j, in, e);
	json_decref(j);
	return rc;
}

static int api_create(web_req *r)
{
	err e = {0};
	dossier_input in;
	dossier_cmd cmd = DC_RECEIVE;
	const char *action;
	if (read_command(r, &in, &action, &e)) return web_error(r, &e);
	if (!action || dossier_cmd_parse(action, &cmd) ||
	    (cmd != DC_RECEIVE && cmd != DC_REFUSE && cmd != DC_SUBMIT_ONLINE)) {
		err_set(&e, MB_EINVAL, "invalid_field", "action", "Thao tác phải là receive, refuse hoặc submit_online.",
		        "action must be receive, refuse or submit_online");
		return web_error(r, &e);
	}
	dossier_result res = {0};
	db *d = db_thread();
	if (dossier_exec(d, r->actor, cmd, NULL, &in, r->a, &res, &e)) return web_error(r, &e);
	return web_json(r, 201, result_json(d, res.code, &res, r->a));
}

static int api_action(web_req *r)
{
	err e = {0};
	dossier_row row;
	/* A dossier the actor may not see answers like one that does not exist. */
	if (dossier_load_for(r, &row, &e)) return web_error(r, &e);
	dossier_input in;
	dossier_cmd cmd;
	const char *action;
	if (read_command(r, &in, &action, &e)) return web_error(r, &e);
	if (!action || dossier_cmd_parse(action, &cmd)) {
		err_set(&e, MB_EINVAL, "invalid_field", "action", "Thao tác không hợp lệ.", "unknown action");
		return web_error(r, &e);
	}
	dossier_result res = {0};
	db *d = db_thread();
	if (dossier_exec(d, r->actor, cmd, web_param(r, "code"), &in, r->a, &res, &e)) return web_error(r, &e);
	return web_json(r, 200, result_json(d, res.code, &res, r->a));
}

static int api_get(web_req *r)
{
	err e = {0};
	dossier_row row;
	if (dossier_load_for(r, &row, &e)) return web_error(r, &e);
	return web_json(r, 200, json_pack("{s:o}", "dossier", dossier_json(db_thread(), &row, NULL, true, true, r->a)));
}

static int api_list(web_req *r)
{
	err e = {0};
	const auth_actor *a = r->actor;
	db *d = db_thread();
	dossier_row *rows;
	dossier_progress *prog;
	int n;
	/* view=mine|unit|overdue; the older scope=mine|unit says the same. Staff
	 * without either see their unit's. A page at a time: limit (1–500, 100 by
	 * default), after=<the code in the previous page's next>. */
	const char *view = web_query(r, "view");
	if (!view) view = web_query(r, "scope");
	if (!view && a->role != ROLE_CITIZEN) view = "unit";
	dossier_page pg = {view, web_query(r, "all") != NULL, web_query(r, "after"), 100, -1};
	const char *lim = web_query(r, "limit"), *next = NULL;
	if (lim) {
		char *end;
		long v = strtol(lim, &end, 10);
		pg.limit = !*lim || *end || v < 1 || v > DOSSIER_PAGE_MAX ? 0 : (int)v;
	}
	if (dossier_list_view(d, a, &pg, r->a, &rows, &prog, &n, &view, &next, &e)) return web_error(r, &e);
	json_t *arr = json_array();
	for (int i = 0; i < n; i++) json_array_append_new(arr, dossier_json(d, &rows[i], &prog[i], true, false, r->a));
	json_t *out = json_pack("{s:o, s:s, s:o}", "dossiers", arr, "view", view, "next",
	                        next ? json_string(next) : json_null());
	if (pg.open_total >= 0) json_object_set_new(out, "open_total", json_integer((json_int_t)pg.open_total));
	return web_json(r, 200, out);
}

/* Public tracking: no personal data, and nothing said when code or secret is wrong. */
static int api_track(web_req *r)
{
	err e = {0};
	dossier_row row;
	db *d = db_thread();
	int rc = dossier_track(d, web_query(r, "code"), web_query(r, "secret"), r->client_addr, r->a, &row, &e);
	if (rc < 0) return web_error(r, &e);
	if (rc == 0) {
		err_set(&e, MB_ENOTFOUND, "not_found", NULL, "Mã hồ sơ hoặc mã tra cứu không đúng.",
		        "wrong dossier code or look-up secret");
		return web_error(r, &e);
	}
	return web_json(r, 200, json_pack("{s:o}", "dossier", dossier_json(d, &row, NULL, false, true, r->a)));
}

static int api_apologies(web_req *r)
{
	err e = {0};
	json_t *arr = json_array();
	if (dossier_repo_apology_register(db_thread(), arr, &e)) { json_decref(arr); return web_error(r, &e); }
	return web_json(r, 200, json_pack("{s:o}", "units", arr));
}

static const web_route routes[] = {
	{"POST", "/api/v1/dossiers", AUTH_P_DOSSIERS, api_create, 40u * 1024 * 1024},
	{"GET", "/api/v1/dossiers", AUTH_P_DOSSIERS, api_list, 0},
	{"GET", "/api/v1/dossiers/{code}", AUTH_P_DOSSIERS, api_get, 0},
	{"POST", "/api/v1/dossiers/{code}/actions", AUTH_P_DOSSIERS, api_action, 40u * 1024 * 1024},
	{"GET", "/api/v1/track", WEB_PUBLIC, api_track, 0},
	{"GET", "/api/v1/apologies", WEB_PUBLIC, api_apologies, 0},
};

void dossier_api_install(void)
{
	web_route_add(routes, sizeof routes / sizeof routes[0]);
}
