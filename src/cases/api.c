/* api.c — the cases' JSON API: filing a report (anyone), following it by
 * code and passphrase, staff queues and actions, the vault, receipts. */
#include <sodium.h>
#include <string.h>

#include "base/text.h"
#include "base/clock.h"
#include "cases/internal.h"
#include "cases/web.h"

static const char *jstr(web_req *r, json_t *j, const char *k)
{
	return arena_strdup(r->a, json_string_value(json_object_get(j, k)));
}

static const char *const known_fields[] = {
	"kind", "category", "channel", "title", "body", "incident_date", "unit", "official", "subject_name", "dossier", "inspection",
	"anonymous", "name", "address", "phone", "email", "id_number", "lat", "lon", "address_string", "lang", "files",
	"to_unit", "to_login", "reason", "findings", "conclusion", "at_fault", "sanction", "officials", "result_summary",
	"apology_what_wrong", "apology_what_done", "apology_remedy", "satisfied", "like", "secret", "corruption",
};

/* The JSON body as a case_input; unknown fields are refused by name. */
static int input_from_json(web_req *r, json_t *j, case_input *in, err *e)
{
	const char *k;
	json_t *v;
	json_object_foreach(j, k, v) {
		bool ok = false;
		for (size_t i = 0; i < sizeof known_fields / sizeof known_fields[0]; i++) ok |= !strcmp(k, known_fields[i]);
		if (!ok) return err_set(e, MB_EINVAL, "invalid_field", arena_strdup(r->a, k), "Trường này không tồn tại.", "unknown field");
		if (!json_is_string(v) && strcmp(k, "anonymous") && strcmp(k, "lat") && strcmp(k, "lon") && strcmp(k, "files") &&
		    strcmp(k, "at_fault") && strcmp(k, "satisfied") && strcmp(k, "like") && strcmp(k, "officials") &&
		    strcmp(k, "corruption"))
			return err_set(e, MB_EINVAL, "invalid_field", arena_strdup(r->a, k), "Giá trị phải là chuỗi ký tự.", "the value must be a string");
	}
	memset(in, 0, sizeof *in);
	in->kind = jstr(r, j, "kind");
	in->category = jstr(r, j, "category");
	in->channel = jstr(r, j, "channel");
	in->title = jstr(r, j, "title");
	in->body = jstr(r, j, "body");
	in->incident_date = jstr(r, j, "incident_date");
	in->unit_code = jstr(r, j, "unit");
	in->official_login = jstr(r, j, "official");
	in->subject_name = jstr(r, j, "subject_name");
	in->dossier_code = jstr(r, j, "dossier");
	in->inspection = jstr(r, j, "inspection");
	in->identity.name = jstr(r, j, "name");
	in->identity.address = jstr(r, j, "address");
	in->identity.phone = jstr(r, j, "phone");
	in->identity.email = jstr(r, j, "email");
	in->identity.id_number = jstr(r, j, "id_number");
	in->address_string = jstr(r, j, "address_string");
	in->lang = jstr(r, j, "lang");
	in->to_unit = jstr(r, j, "to_unit");
	in->to_login = jstr(r, j, "to_login");
	in->reason = jstr(r, j, "reason");
	in->findings = jstr(r, j, "findings");
	in->conclusion = jstr(r, j, "conclusion");
	in->sanction = jstr(r, j, "sanction");
	/* The officials a conclusion names: a list of logins (or one string). */
	json_t *off = json_object_get(j, "officials");
	if (off && json_is_string(off)) {
		in->officials = jstr(r, j, "officials");
	} else if (off) {
		size_t i;
		json_t *x;
		buf b;
		buf_init(&b, 256);
		bool ok = json_is_array(off) && json_array_size(off) <= 10;
		json_array_foreach(off, i, x) {
			if (!ok || !json_is_string(x) || strchr(json_string_value(x), ',')) { ok = false; break; }
			if (i) buf_addc(&b, ',');
			buf_adds(&b, json_string_value(x));
		}
		in->officials = ok ? arena_strndup(r->a, b.data ? b.data : "", b.len) : NULL;
		buf_free(&b);
		if (!ok)
			return err_set(e, MB_EINVAL, "invalid_field", "officials", "Hãy ghi danh sách tên đăng nhập của cán bộ (tối đa 10).",
			               "give a list of officials' logins (at most 10)");
	}
	in->result_summary = jstr(r, j, "result_summary");
	in->apology_what_wrong = jstr(r, j, "apology_what_wrong");
	in->apology_what_done = jstr(r, j, "apology_what_done");
	in->apology_remedy = jstr(r, j, "apology_remedy");
	in->secret = jstr(r, j, "secret");
	in->client_addr = r->client_addr;
	json_t *b;
	if ((b = json_object_get(j, "anonymous"))) {
		if (!json_is_boolean(b)) return err_set(e, MB_EINVAL, "invalid_field", "anonymous", "Giá trị phải là true hoặc false.", "must be true or false");
		in->anonymous = json_is_true(b);
	}
	if ((b = json_object_get(j, "satisfied"))) {
		if (!json_is_boolean(b)) return err_set(e, MB_EINVAL, "invalid_field", "satisfied", "Giá trị phải là true hoặc false.", "must be true or false");
		in->satisfied = json_is_true(b);
	}
	/* The same like/dislike as a dossier's rating: "like" is "satisfied". */
	if ((b = json_object_get(j, "like"))) {
		json_t *sat = json_object_get(j, "satisfied");
		if (!json_is_boolean(b) || (sat && json_is_true(sat) != json_is_true(b)))
			return err_set(e, MB_EINVAL, "invalid_field", "like", "Giá trị phải là true hoặc false, khớp với satisfied.",
			               "must be true or false, matching satisfied");
		in->satisfied = json_is_true(b);
	}
	in->at_fault = -1;
	if ((b = json_object_get(j, "at_fault"))) {
		if (json_is_boolean(b)) in->at_fault = json_is_true(b);
		else if (json_is_integer(b) && (json_integer_value(b) == 0 || json_integer_value(b) == 1)) in->at_fault = (int)json_integer_value(b);
		else return err_set(e, MB_EINVAL, "invalid_field", "at_fault", "Giá trị phải là true hoặc false.", "must be true or false");
	}
	if ((b = json_object_get(j, "corruption"))) {
		if (!json_is_boolean(b))
			return err_set(e, MB_EINVAL, "invalid_field", "corruption", "Giá trị phải là true hoặc false.", "must be true or false");
		in->corruption = json_is_true(b);
	}
	json_t *lat = json_object_get(j, "lat"), *lon = json_object_get(j, "lon");
	if (lat || lon) {
		if (!json_is_number(lat) || !json_is_number(lon))
			return err_set(e, MB_EINVAL, "invalid_field", "lat", "Toạ độ phải là số.", "coordinates must be numbers");
		in->has_lat = true;
		in->lat = json_number_value(lat);
		in->lon = json_number_value(lon);
	}
	json_t *files = json_object_get(j, "files");
	if (files) {
		if (!json_is_array(files) || json_array_size(files) > sizeof in->uploads / sizeof in->uploads[0])
			return err_set(e, MB_EINVAL, "invalid_field", "files", "Danh sách tệp không hợp lệ (tối đa 8 tệp).", "invalid list of files (at most 8)");
		size_t i;
		json_array_foreach(files, i, v) {
			const char *data = json_string_value(json_object_get(v, "data_base64"));
			if (!json_is_object(v) || !data)
				return err_set(e, MB_EINVAL, "invalid_field", "files", "Mỗi tệp cần data_base64.", "each file needs data_base64");
			size_t cap = strlen(data) / 4 * 3 + 3, n = 0;
			unsigned char *bin = arena_alloc(r->a, cap);
			if (sodium_base642bin(bin, cap, data, strlen(data), " \n\r", &n, NULL, sodium_base64_VARIANT_ORIGINAL))
				return err_set(e, MB_EINVAL, "invalid_field", "files", "Dữ liệu base64 không hợp lệ.", "invalid base64 data");
			case_upload *u = &in->uploads[in->nuploads++];
			u->name = arena_strdup(r->a, json_string_value(json_object_get(v, "name")));
			u->data = bin;
			u->size = n;
			u->sealed = json_is_true(json_object_get(v, "sealed"));
		}
	}
	return 0;
}

static json_t *steps_json(db *d, const case_row *row, arena *a)
{
	case_step_row *steps;
	int n = 0;
	json_t *arr = json_array();
	err e = {0};
	if (case_steps(d, row->id, a, &steps, &n, &e)) return arr;
	for (int i = 0; i < n; i++)
		json_array_append_new(arr, json_pack("{s:s, s:s, s:s, s:s, s:o, s:o, s:o, s:s}", "state", steps[i].state,
		                                     "unit", steps[i].unit_code, "official", steps[i].account_name,
		                                     "position", steps[i].account_title, "since", web_json_time(steps[i].started_at),
		                                     "until", web_json_time(steps[i].ended_at), "due_at", web_json_time(steps[i].due_at),
		                                     "note", steps[i].note));
	return arr;
}

/* A case as the reporter or staff sees it. Never the reporter's identity. */
static json_t *case_json(web_req *r, db *d, const case_row *row, bool staff)
{
	case_state s = CS_NONE;
	case_state_parse(row->state, &s);
	json_t *j = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:b, s:s, s:s, s:o, s:o, s:s, s:o, s:o, s:o, s:i, s:i}",
	                      "code", row->code, "kind", row->kind, "category", row->category, "channel", row->channel,
	                      "state", row->state, "state_label", web_t(r, case_state_label_vi(s)),
	                      "open311_status", case_state_open311(s), "anonymous", row->anonymous,
	                      "unit", row->unit_code, "title", row->title,
	                      "received_at", web_json_time(row->received_at), "due_at", web_json_time(row->due_at),
	                      "risk", row->risk, "concluded_at", web_json_time(row->concluded_at),
	                      "published_at", web_json_time(row->published_at), "closed_at", web_json_time(row->closed_at),
	                      "transfers", row->transfers, "reopened", row->reopened);
	json_object_set_new(j, "subject_unit", json_string(row->subject_unit_code));
	json_object_set_new(j, "dossier", *row->dossier_code ? json_string(row->dossier_code) : json_null());
	if (staff) {   /* the business inspection it is about: for the staff (the public page of a result names none) */
		const char *insp = "";
		err ie = {0};
		if (case_inspection_of(d, row->id, r->a, &insp, &ie) == 0 && *insp) json_object_set_new(j, "inspection", json_string(insp));
	}
	json_object_set_new(j, "handler", *row->handler_name ? json_pack("{s:s, s:s}", "name", row->handler_name,
	                                                                "position", row->handler_title) : json_null());
	json_object_set_new(j, "at_fault", row->at_fault < 0 ? json_null() : json_boolean(row->at_fault));
	json_object_set_new(j, "late", json_boolean(row->late));
	json_object_set_new(j, "satisfaction", *row->satisfaction ? json_string(row->satisfaction) : json_null());
	json_object_set_new(j, "confirmed_by", *row->confirmed_by ? json_string(row->confirmed_by) : json_null());
	json_object_set_new(j, "result_summary", json_string(row->result_summary));
	json_object_set_new(j, "conclusion", json_string(row->conclusion));
	json_object_set_new(j, "reason", json_string(row->reason));
	json_object_set_new(j, "body", json_string(row->body));
	case_apology_row ap;
	err e = {0};
	if (case_apology(d, row->id, r->a, &ap, &e) == 1)
		json_object_set_new(j, "apology", json_pack("{s:s, s:s, s:s, s:o}", "what_wrong", ap.what_wrong, "what_done",
		                                            ap.what_done, "remedy", ap.remedy, "published_at", web_json_time(ap.published_at)));
	json_object_set_new(j, "steps", steps_json(d, row, r->a));
	if (staff) {
		json_object_set_new(j, "findings", json_string(row->findings));
		json_object_set_new(j, "subject_official", *row->subject_official_name
		                        ? json_pack("{s:s, s:s}", "name", row->subject_official_name, "position", row->subject_official_title)
		                        : json_null());
		json_object_set_new(j, "subject_name", json_string(row->subject_name));
		json_object_set_new(j, "reporter", json_string(row->anonymous ? "anonymous" : "sealed"));
		case_file_row *files;
		int n = 0;
		json_t *fa = json_array();
		const auth_actor *viewer = r->actor;
		/* Attachments are the reporter's own material: not for overseers. */
		if ((!viewer || viewer->role != ROLE_OVERSEER) && case_files(d, row->id, r->a, &files, &n, &e) == 0)
			for (int i = 0; i < n; i++)
				json_array_append_new(fa, json_pack("{s:s, s:s, s:s, s:I, s:b}", "sha256", files[i].sha256, "name",
				                                    files[i].sealed ? "" : files[i].name, "content_type", files[i].content_type,
				                                    "size", (json_int_t)files[i].size, "sealed", files[i].sealed));
		json_object_set_new(j, "files", fa);
	}
	return j;
}

/* A case the actor may see, else the same 404 as for a code that does not exist. */
static int load_visible(web_req *r, case_row *row, err *e)
{
	db *d = db_thread();
	int rc = case_get(d, web_param(r, "code"), r->a, row, e);
	if (rc < 0) return rc;
	if (rc == 0 || !case_visible(d, r->actor, row))
		return err_set(e, MB_ENOTFOUND, "not_found", "code", "Không có đơn này.", "no such case");
	const auth_actor *a = r->actor;
	if (a && a->role == ROLE_OVERSEER) case_rules_overseer_view(row);
	return 0;
}

static int api_create(web_req *r)
{
	err e = {0};
	json_t *j = web_json_body(r, &e);
	if (!j) return web_error(r, &e);
	case_input in;
	int rc = input_from_json(r, j, &in, &e);
	json_decref(j);
	if (rc) return web_error(r, &e);
	db *d = db_thread();
	case_result res;
	if (case_exec(d, r->actor, CC_RECEIVE, NULL, &in, r->a, &res, &e)) return web_error(r, &e);
	/* The answer and the signed receipt come from the command's result: the
	 * case and its event are not read back. */
	json_t *out = json_pack("{s:s, s:s, s:s, s:s, s:o}", "code", res.code, "secret", res.secret, "state",
	                        case_state_name(res.state), "kind", res.kind, "due_at", web_json_time(res.due_at));
	case_receipt rec;
	if (case_receipt_of(&res, &rec, &e) == 0)
		json_object_set_new(out, "receipt", json_pack("{s:s, s:s, s:s}", "message", rec.message, "signature",
		                                              rec.signature, "public_key", rec.public_key));
	return web_json(r, 201, out);
}

static int api_list(web_req *r)
{
	err e = {0};
	case_filter f = {web_query(r, "view"), web_query(r, "state"), web_query(r, "kind"), 100, web_query(r, "after")};
	const char *lim = web_query(r, "limit");
	if (lim && (f.limit = (int)strtol(lim, NULL, 10)) <= 0) f.limit = 100;
	case_row *rows;
	int n = 0;
	db *d = db_thread();
	if (case_list(d, r->actor, &f, r->a, &rows, &n, &e)) return web_error(r, &e);
	json_t *arr = json_array();
	const auth_actor *a = r->actor;
	for (int i = 0; i < n; i++) {
		if (a->role == ROLE_OVERSEER) case_rules_overseer_view(&rows[i]);
		json_t *c = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:o, s:o, s:s}", "code", rows[i].code, "kind", rows[i].kind,
		                      "category", rows[i].category, "state", rows[i].state, "unit", rows[i].unit_code,
		                      "title", rows[i].title, "received_at", web_json_time(rows[i].received_at),
		                      "due_at", web_json_time(rows[i].due_at), "risk", rows[i].risk);
		json_object_set_new(c, "handler", json_string(rows[i].handler_name));
		json_array_append_new(arr, c);
	}
	/* The next page starts after the last case of this one (keyset). */
	int limit = f.limit <= 500 ? f.limit : 100;
	return web_json(r, 200, json_pack("{s:o, s:o}", "cases", arr, "next",
	                                  n && n >= limit ? json_string(rows[n - 1].code) : json_null()));
}

static int api_get(web_req *r)
{
	err e = {0};
	case_row row;
	if (load_visible(r, &row, &e)) return web_error(r, &e);
	const auth_actor *a = r->actor;
	return web_json(r, 200, json_pack("{s:o}", "case", case_json(r, db_thread(), &row, a->role != ROLE_CITIZEN)));
}

static int api_follow(web_req *r)
{
	err e = {0};
	json_t *j = web_json_body(r, &e);
	if (!j) return web_error(r, &e);
	const char *secret = jstr(r, j, "secret");
	json_decref(j);
	case_row row;
	db *d = db_thread();
	int rc = case_follow(d, web_param(r, "code"), secret, r->client_addr, r->a, &row, &e);
	if (rc < 0) return web_error(r, &e);
	if (rc == 0) {
		err_set(&e, MB_ENOTFOUND, "not_found", "code", "Không tìm thấy đơn với mã và mật khẩu này.",
		        "no case with this code and look-up secret");
		return web_error(r, &e);
	}
	return web_json(r, 200, json_pack("{s:o}", "case", case_json(r, d, &row, false)));
}

static int api_action(web_req *r)
{
	err e = {0};
	case_cmd cmd;
	if (case_cmd_parse(web_param(r, "action"), &cmd) || cmd == CC_RECEIVE) {
		err_set(&e, MB_EINVAL, "invalid_field", "action", "Thao tác không hợp lệ.", "unknown action");
		return web_error(r, &e);
	}
	json_t *j = web_json_body(r, &e);
	if (!j) return web_error(r, &e);
	case_input in;
	int rc = input_from_json(r, j, &in, &e);
	json_decref(j);
	if (rc) return web_error(r, &e);
	db *d = db_thread();
	case_row row;
	/* A reporter rates or withdraws by the passphrase, checked like a follow-up
	 * (throttled, the same 404 for a wrong code and a wrong passphrase, so the
	 * action cannot probe which codes exist); staff see only the cases in
	 * their scope, and anything else answers like a case that does not exist. */
	bool by_secret = in.secret && *in.secret && (cmd == CC_RATE || cmd == CC_WITHDRAW);
	const char *code = web_param(r, "code");
	if (!by_secret) in.secret = NULL;
	if (by_secret) {
		rc = case_follow(d, code, in.secret, r->client_addr, r->a, &row, &e);
		if (rc < 0) return web_error(r, &e);
		if (rc == 0) {
			err_set(&e, MB_ENOTFOUND, "not_found", "code", "Không tìm thấy đơn với mã và mật khẩu này.",
			        "no case with this code and look-up secret");
			return web_error(r, &e);
		}
		code = row.code;   /* as typed: any case, surrounding spaces */
		in.secret = text_code_norm(r->a, in.secret);
	} else {
		if (!r->actor) {
			err_set(&e, MB_EUNAUTH, "unauthenticated", NULL, "Hãy đăng nhập hoặc nhập mã tra cứu.",
			        "sign in or give the look-up secret");
			return web_error(r, &e);
		}
		if (load_visible(r, &row, &e)) return web_error(r, &e);
	}
	case_result res;
	if (case_exec(d, r->actor, cmd, code, &in, r->a, &res, &e)) return web_error(r, &e);
	if (case_get(d, res.code, r->a, &row, &e) != 1) return web_error(r, &e);
	bool staff = r->actor && ((const auth_actor *)r->actor)->role != ROLE_CITIZEN && case_visible(d, r->actor, &row);
	return web_json(r, 200, json_pack("{s:o}", "case", case_json(r, d, &row, staff)));
}

static int api_identity(web_req *r)
{
	err e = {0};
	json_t *j = web_json_body(r, &e);
	if (!j) return web_error(r, &e);
	const char *reason = jstr(r, j, "reason");
	json_decref(j);
	case_row row;
	/* A case the actor cannot see answers 404, like one that does not exist. */
	if (load_visible(r, &row, &e)) return web_error(r, &e);
	case_identity id;
	int rc = case_identity_open(db_thread(), r->actor, row.code, reason, r->a, &id, &e);
	if (rc < 0) return web_error(r, &e);
	web_header_add(r, "Cache-Control", "no-store");
	if (rc == 0) return web_json(r, 200, json_pack("{s:n}", "identity"));
	return web_json(r, 200, json_pack("{s:{s:s, s:s, s:s, s:s, s:s}}", "identity", "name", id.name, "address", id.address,
	                                  "phone", id.phone, "email", id.email, "id_number", id.id_number));
}

static int api_receipt_verify(web_req *r)
{
	err e = {0};
	json_t *j = web_json_body(r, &e);
	if (!j) return web_error(r, &e);
	const char *msg = jstr(r, j, "message"), *sig = jstr(r, j, "signature");
	json_decref(j);
	int rc = case_receipt_verify(db_thread(), msg, sig, &e);
	if (rc < 0) return web_error(r, &e);
	return web_json(r, 200, json_pack("{s:b}", "valid", rc == 1));
}

static int api_official_record(web_req *r)
{
	err e = {0};
	case_person p;
	case_sanction_row *rows;
	int n = 0;
	if (case_official_record(db_thread(), r->actor, web_param(r, "login"), r->a, &p, &rows, &n, &e)) return web_error(r, &e);
	json_t *arr = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(arr, json_pack("{s:s, s:s, s:o, s:s, s:s, s:s}", "case", rows[i].code, "sanction", rows[i].sanction,
		                                     "decided_at", web_json_time(rows[i].decided_at), "unit", rows[i].unit_code,
		                                     "kind", rows[i].kind, "category", rows[i].category));
	json_t *rec = json_pack("{s:{s:s, s:s, s:s, s:s}, s:o}", "official", "login", p.login, "name", p.display_name,
	                        "position", p.title, "unit", p.unit_code, "sanctions", arr);
	if (case_record_extend(db_thread(), p.id, rec, &e)) {
		json_decref(rec);
		return web_error(r, &e);
	}
	return web_json(r, 200, rec);
}

static const web_route routes[] = {
	{"POST", "/api/v1/cases", WEB_PUBLIC, api_create, 16u * 1024 * 1024},
	{"GET", "/api/v1/cases", AUTH_P_SIGNED_IN, api_list, 0},
	{"GET", "/api/v1/cases/{code}", AUTH_P_SIGNED_IN, api_get, 0},
	{"POST", "/api/v1/cases/{code}/follow", WEB_PUBLIC, api_follow, 4096},
	{"POST", "/api/v1/cases/{code}/actions/{action}", WEB_PUBLIC, api_action, 256u * 1024},
	{"POST", "/api/v1/cases/{code}/identity", AUTH_P_SIGNED_IN, api_identity, 4096},
	{"POST", "/api/v1/receipts/verify", WEB_PUBLIC, api_receipt_verify, 8192},
	{"GET", "/api/v1/officials/{login}/record", AUTH_P_SIGNED_IN, api_official_record, 0},
};

void cases_api_install(void)
{
	web_route_add(routes, sizeof routes / sizeof routes[0]);
}
