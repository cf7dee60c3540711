/* open311.c — Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2)
 * over the cases: discovery, services, service definitions, requests (GET
 * and POST), one request, tokens; every document in XML (the format the
 * spec requires) and JSON, chosen by the extension.
 *
 * Services are the case categories. A POST is an anonymous reporter's
 * CC_RECEIVE through the cases service, authorised by an API key (not by a
 * session: these routes never act for a signed-in account). What GET shows is
 * public: never the reporter's identity, never the body of a denunciation;
 * denunciations and anonymous information are not listed at all and show only
 * their status by id or token. */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "auth/auth.h"
#include "base/clock.h"
#include "base/log.h"
#include "base/text.h"
#include "cases/cases.h"
#include "open311/format.h"
#include "open311/open311.h"
#include "open311/repo.h"
#include "web/i18n.h"
#include "web/web.h"

enum {
	O311_BODY_MAX = 32 * 1024,            /* a POST's own limit, answered in the spec's format */
	O311_ROUTE_BODY_MAX = 256 * 1024,     /* above this the server answers 413 itself */
	O311_WINDOW_S = 15 * 60,              /* POSTs per client address ... */
	O311_MAX_POSTS = 20,                  /* ... at most this many in the window */
	O311_SPAN_S = 90 * 86400,             /* the spec's default and largest date range */
	O311_MAX_RESULTS = 1000,
	O311_MAX_IDS = 100,
	O311_TITLE_CHARS = 120,
	O311_LOOKUP_WINDOW_S = 15 * 60,       /* look-ups of unknown ids or tokens per client address ... */
	O311_LOOKUP_MAX_MISSES = 20,          /* ... at most this many in the window (as tracking, follow-up) */
	O311_PLACE_MAX_KM = 40,               /* farther from every commune or ward: the intake desk */
	O311_MAX_UPDATES = 1000,
};

static const char SPEC_URL[] = "http://wiki.open311.org/GeoReport_v2";
static const char CHANGESET[] = "2026-11-27T00:00:00+07:00";   /* the last change of this API */

/* --- services: the case categories --- */

typedef struct service_info {
	case_kind kind;          /* the kind a report is filed as when attribute[kind] is not sent; its label is the group */
	const char *description; /* msgid */
	const char *keywords;
} service_info;

static service_info service_of(case_category c)
{
	switch (c) {
	case CCAT_HARASSMENT:
		return (service_info){CK_FEEDBACK, N_("Cán bộ, công chức nhũng nhiễu, gây phiền hà khi giải quyết công việc của người dân, doanh nghiệp."),
		                      "nhũng nhiễu, phiền hà, gây khó dễ, harassment"};
	case CCAT_RUDENESS:
		return (service_info){CK_FEEDBACK, N_("Thái độ, lời nói, cách ứng xử không đúng mực của cán bộ, công chức."),
		                      "thái độ, ứng xử, quát nạt, rudeness"};
	case CCAT_DELAY:
		return (service_info){CK_FEEDBACK, N_("Giải quyết chậm, để hồ sơ quá hạn mà không xin lỗi, không hẹn lại."),
		                      "chậm trễ, quá hạn, trễ hẹn, delay"};
	case CCAT_MONEY:
		return (service_info){CK_DENUNCIATION, N_("Đòi tiền, quà hoặc \"bồi dưỡng\" ngoài phí, lệ phí đã công bố."),
		                      "đòi tiền, bồi dưỡng, hối lộ, tiêu cực, bribe"};
	case CCAT_EXTRA_PAPERS:
		return (service_info){CK_FEEDBACK, N_("Đòi giấy tờ ngoài thành phần hồ sơ đã công bố."),
		                      "giấy tờ, thành phần hồ sơ, bổ sung, extra papers"};
	case CCAT_REGULATION:
		return (service_info){CK_PETITION, N_("Phản ánh, kiến nghị về quy định hành chính (Nghị định 20/2008/NĐ-CP)."),
		                      "quy định, thủ tục hành chính, kiến nghị, regulation"};
	default:
		return (service_info){CK_FEEDBACK, N_("Phản ánh, kiến nghị, khiếu nại hoặc tố cáo khác về cán bộ, cơ quan hành chính."),
		                      "khác, other"};
	}
}

/* --- responses --- */

static const char *base_url(web_req *r)
{
	const char *host = web_header(r, "Host"), *proto = web_header(r, "X-Forwarded-Proto");
	bool ok = host && *host && strlen(host) < 256;
	for (const char *p = host; ok && *p; p++)
		ok = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || strchr(".-:[]", *p);
	return arena_printf(r->a, "%s://%s", proto && !strcmp(proto, "https") ? "https" : "http", ok ? host : "127.0.0.1");
}

/* Sends j (stolen) as the document `root`. */
static int send_doc(web_req *r, int status, o311_fmt f, const char *root, json_t *j)
{
	r->status = status;
	r->out_type = f == O311_XML ? O311_XML_TYPE : O311_JSON_TYPE;
	buf_reset(&r->out);
	o311_write(&r->out, f, root, j);
	json_decref(j);
	return 0;
}

static int fail(web_req *r, o311_fmt f, int status, const char *field, const char *vi, const char *en)
{
	const char *msg = !strcmp(r->lang, "en") ? en : vi;
	const char *d = field ? arena_printf(r->a, "%s: %s", field, msg) : msg;
	if (status == 429) web_header_add(r, "Retry-After", "900");
	return send_doc(r, status, f, "errors", o311_errors(status, d));
}

/* The Open311 parameter a cases-service field came from. */
static const char *param_of(const char *field)
{
	static const char *const map[][2] = {
		{"kind", "attribute[kind]"}, {"category", "service_code"}, {"title", "description"},
		{"body", "description"}, {"unit", "attribute[unit]"}, {"unit_code", "attribute[unit]"},
		{"dossier", "attribute[dossier]"}, {"dossier_code", "attribute[dossier]"},
		{"subject_name", "attribute[official]"}, {"official", "attribute[official]"},
		{"official_login", "attribute[official]"}, {"name", "first_name"}, {"lon", "long"},
		{"address", "attribute[reporter_address]"}, {"anonymous", "first_name"},
	};
	if (!field) return NULL;
	for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
		if (!strcmp(field, map[i][0])) return map[i][1];
	return field;
}

static int fail_err(web_req *r, o311_fmt f, const err *e)
{
	const char *field = param_of(e->field);
	int status;
	switch (e->status) {
	case MB_EINVAL: status = 400; break;
	case MB_ENOTFOUND: status = field && strncmp(field, "attribute[", 10) == 0 ? 400 : 404; break;
	case MB_EFORBIDDEN: status = 403; break;
	case MB_EUNAUTH: status = 403; break;
	case MB_ECONFLICT: status = 409; break;
	case MB_ELIMIT: status = 429; break;
	case MB_ETOOBIG: status = 413; break;
	default: status = 500; break;
	}
	return fail(r, f, status, field, e->vi ? e->vi : "Lỗi.", e->en ? e->en : "error");
}

static int not_found(web_req *r, o311_fmt f, const char *field)
{
	return fail(r, f, 404, field, "Không tìm thấy.", "not found");
}

/* --- look-ups by id or token: throttled like dossier tracking and case
 * follow-up (only unknown ids and tokens count, per client address) --- */

/* 0 to go on; otherwise the answer (429, or 500) has been sent and *sent is 1. */
static int lookup_gate(web_req *r, o311_fmt f, bool *sent)
{
	err e = {0};
	int misses = 0;
	*sent = true;
	if (db_throttle_count(db_thread(), "open311_lookup", r->client_addr, clock_now() - O311_LOOKUP_WINDOW_S,
	                      O311_LOOKUP_MAX_MISSES, &misses, &e))
		return fail_err(r, f, &e);
	if (misses >= O311_LOOKUP_MAX_MISSES)
		return fail(r, f, 429, NULL, "Tra cứu sai quá nhiều lần. Hãy thử lại sau 15 phút.",
		            "too many failed look-ups; try again in 15 minutes");
	*sent = false;
	return 0;
}

static void lookup_miss(web_req *r)
{
	db_throttle_add(db_thread(), "open311_lookup", r->client_addr, clock_now(), NULL);
}

/* Both languages: "Đã tiếp nhận (Received)". */
static const char *both(web_req *r, const char *vi)
{
	const char *en = i18n_get("en", vi);
	return en && strcmp(en, vi) ? arena_printf(r->a, "%s (%s)", vi, en) : vi;
}

/* --- discovery --- */

static int discovery(web_req *r, o311_fmt f)
{
	const char *base = base_url(r);
	json_t *j = json_pack("{s:s, s:s, s:s, s:[{s:s, s:s, s:s, s:s, s:[s, s]}]}",
		"changeset", CHANGESET,
		"contact", arena_printf(r->a, "%s %s/units/thanh-tra-tinh",
		                        web_t(r, "Thanh tra tỉnh Sơn La; địa chỉ, điện thoại và lịch tiếp công dân tại"), base),
		"key_service", web_t(r, "Khóa API (api_key) chỉ cần khi gửi phản ánh (POST requests); quản trị hệ thống cấp một khóa cho mỗi ứng dụng."),
		"endpoints",
		"specification", SPEC_URL, "url", arena_printf(r->a, "%s/open311/v2", base), "changeset", CHANGESET,
		"type", "production", "formats", "text/xml", "application/json");
	return send_doc(r, 200, f, "discovery", j);
}

/* --- services --- */

static json_t *service_json(web_req *r, case_category c)
{
	service_info s = service_of(c);
	const char *label = case_category_label_vi(c);
	const char *desc = web_t(r, s.description);
	if (strcmp(r->lang, "en")) {
		const char *en = i18n_get("en", label);
		if (en && strcmp(en, label)) desc = arena_printf(r->a, "%s (English: %s)", desc, en);
	}
	return json_pack("{s:s, s:s, s:s, s:b, s:s, s:s, s:s}",
	                 "service_code", case_category_name(c), "service_name", web_t(r, label),
	                 "description", desc, "metadata", 1, "type", "realtime",
	                 "keywords", s.keywords, "group", web_t(r, case_kind_label_vi(s.kind)));
}

static int services(web_req *r, o311_fmt f)
{
	if (web_page_cached(r, NULL, NULL)) return 0;
	json_t *arr = json_array();
	for (int c = 0; c < CCAT__MAX; c++) json_array_append_new(arr, service_json(r, (case_category)c));
	return send_doc(r, 200, f, "services", arr);
}

static json_t *attribute(const char *code, const char *datatype, bool required, const char *dtdesc, int order,
                         const char *description)
{
	return json_pack("{s:b, s:s, s:s, s:b, s:s, s:i, s:s}", "variable", 1, "code", code, "datatype", datatype,
	                 "required", required, "datatype_description", dtdesc, "order", order,
	                 "description", description);
}

static int service_definition(web_req *r)
{
	const char *code;
	o311_fmt f;
	if (o311_split_ext(web_param(r, "code"), r->a, &code, &f)) return not_found(r, O311_XML, NULL);
	case_category c;
	if (case_category_parse(code, &c))
		return fail(r, f, 404, "service_code", "Không có dịch vụ (loại phản ánh) này.", "no such service");
	service_info s = service_of(c);
	o311_place *pl;
	int np;
	err e = {0};
	if (o311_repo_places(db_thread(), r->a, &pl, &np, &e)) return fail_err(r, f, &e);
	json_t *attrs = json_array();
	/* The unit as a list a client can show: a client's users cannot know our
	 * codes. Optional: without it the report goes by its location. */
	json_t *unit = attribute("unit", "singlevaluelist", false,
		web_t(r, "Chọn đơn vị nếu biết; bỏ trống thì hệ thống chuyển đơn theo vị trí (lat/long) đến xã, phường gần nhất, "
		         "hoặc đến bộ phận tiếp nhận đơn của tỉnh"),
		1, web_t(r, "Đơn vị bị phản ánh (hoặc đơn vị nhận đơn)"));
	json_t *uvals = json_array();
	bool en = !strcmp(r->lang, "en");
	for (int i = 0; i < np; i++)
		json_array_append_new(uvals, json_pack("{s:s, s:s}", "key", pl[i].code,
		                                       "name", en && *pl[i].name_en ? pl[i].name_en : pl[i].name_vi));
	json_object_set_new(unit, "values", uvals);
	json_array_append_new(attrs, unit);
	json_t *kind = attribute("kind", "singlevaluelist", false,
		arena_printf(r->a, "%s %s", web_t(r, "Loại đơn; bỏ trống thì là:"), web_t(r, case_kind_label_vi(s.kind))),
		2, web_t(r, "Phản ánh, kiến nghị, khiếu nại hay tố cáo"));
	json_t *values = json_array();
	static const case_kind kinds[] = {CK_FEEDBACK, CK_PETITION, CK_COMPLAINT, CK_DENUNCIATION};
	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
		json_array_append_new(values, json_pack("{s:s, s:s}", "key", case_kind_name(kinds[i]),
		                                        "name", web_t(r, case_kind_label_vi(kinds[i]))));
	json_object_set_new(kind, "values", values);
	json_array_append_new(attrs, kind);
	json_array_append_new(attrs, attribute("dossier", "string", false,
		web_t(r, "Mã hồ sơ in trên Giấy tiếp nhận hồ sơ và hẹn trả kết quả"), 3,
		web_t(r, "Hồ sơ thủ tục hành chính liên quan (nếu có)")));
	json_array_append_new(attrs, attribute("official", "string", false,
		web_t(r, "Họ tên hoặc chức vụ"), 4, web_t(r, "Cán bộ bị phản ánh (nếu biết)")));
	json_array_append_new(attrs, attribute("reporter_address", "string", false,
		web_t(r, "Bắt buộc với khiếu nại, tố cáo có ghi tên; được niêm phong, không công khai"), 5,
		web_t(r, "Địa chỉ của người gửi")));
	return send_doc(r, 200, f, "service_definition",
	                json_pack("{s:s, s:o}", "service_code", case_category_name(c), "attributes", attrs));
}

/* --- requests: what is shown --- */

typedef struct notice_cache {
	int64_t rule_set_id;
	bool loaded;
	case_env env;
} notice_cache;

/* The legal basis of the clock that runs now, "" when none runs. */
static const char *clock_citation(db *d, notice_cache *nc, const o311_row *row, case_state st, case_kind k,
                                  arena *a)
{
	case_phase p = case_rules_phase(st);
	if (p >= CP__MAX || !row->due_at) return "";
	if (!nc->loaded || nc->rule_set_id != row->rule_set_id) {
		if (nc->loaded) case_env_free(&nc->env);
		nc->loaded = false;
		err e;
		if (case_env_load(d, row->rule_set_id, row->received_at, a, &nc->env, &e)) return "";
		nc->loaded = true;
		nc->rule_set_id = row->rule_set_id;
	}
	const char *c = nc->env.rules.clocks[k][p].citation;
	return c ? c : "";
}

static json_t *request_json(web_req *r, db *d, notice_cache *nc, const o311_row *row)
{
	case_state st = CS_RECEIVED;
	case_kind k = CK_FEEDBACK;
	case_category c = CCAT_OTHER;
	case_state_parse(row->state, &st);
	case_kind_parse(row->kind, &k);
	case_category_parse(row->category, &c);
	bool secret = k == CK_DENUNCIATION || k == CK_INFORMATION;
	const char *status = case_state_open311(st);
	const char *desc;
	if (row->published_at && *row->result_summary) desc = row->result_summary;
	else if (secret) desc = web_t(r, "Tố cáo đã được tiếp nhận");
	/* The reporter's own words are not yet a published result: they go out
	 * redacted of phone numbers, e-mail addresses, ID numbers and addresses
	 * (text_redact, as a published result is). */
	else if (!strcmp(row->channel, "open311")) desc = text_redact(row->body, NULL, 0, r->a);   /* what the client sent */
	else desc = text_redact(row->title, NULL, 0, r->a);
	char t1[32], t2[32], t3[32];
	o311_time(row->received_at, t1, sizeof t1);
	o311_time(row->updated_at, t2, sizeof t2);
	json_t *j = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}",
		"service_request_id", row->code, "status", status,
		"status_notes", both(r, case_state_label_vi(st)),
		"service_name", web_t(r, case_category_label_vi(c)), "service_code", row->category,
		"description", desc,
		"agency_responsible", !strcmp(r->lang, "en") && *row->unit_name_en ? row->unit_name_en : row->unit_name_vi,
		"service_notice", clock_citation(d, nc, row, st, k, r->a),
		"requested_datetime", t1, "updated_datetime", t2);
	if (row->due_at && !strcmp(status, "open")) {
		o311_time(row->due_at, t3, sizeof t3);
		json_object_set_new(j, "expected_datetime", json_string(t3));
	}
	if (!secret) {
		if (*row->address) json_object_set_new(j, "address", json_string(row->address));
		if (row->has_lat) {
			json_object_set_new(j, "lat", json_real(row->lat));
			json_object_set_new(j, "long", json_real(row->lon));
		}
		if (*row->media_url) json_object_set_new(j, "media_url", json_string(row->media_url));
	}
	return j;
}

static void notice_done(notice_cache *nc)
{
	if (nc->loaded) case_env_free(&nc->env);
}

static int request_one(web_req *r)
{
	const char *code;
	o311_fmt f;
	if (o311_split_ext(web_param(r, "id"), r->a, &code, &f)) return not_found(r, O311_XML, NULL);
	bool sent;
	int rc = lookup_gate(r, f, &sent);
	if (sent) return rc;
	code = text_code_norm(r->a, code);   /* any case, surrounding spaces */
	db *d = db_thread();
	err e = {0};
	o311_row row;
	rc = case_rules_code_valid(code) ? o311_repo_request(d, code, r->a, &row, &e) : 0;
	if (rc < 0) return fail_err(r, f, &e);
	if (rc == 0) {
		lookup_miss(r);
		return not_found(r, f, "service_request_id");
	}
	notice_cache nc = {0};
	json_t *arr = json_array();
	json_array_append_new(arr, request_json(r, d, &nc, &row));
	notice_done(&nc);
	return send_doc(r, 200, f, "service_requests", arr);
}

static int token_one(web_req *r)
{
	const char *tok;
	o311_fmt f;
	if (o311_split_ext(web_param(r, "token"), r->a, &tok, &f)) return not_found(r, O311_XML, NULL);
	bool sent;
	int rc = lookup_gate(r, f, &sent);
	if (sent) return rc;
	char *t = text_trim(arena_strdup(r->a, tok));
	for (char *p = t; *p; p++)
		if (*p >= 'A' && *p <= 'F') *p = (char)(*p - 'A' + 'a');   /* tokens are lower-case hex */
	tok = t;
	bool ok = strlen(tok) == 32;
	for (const char *p = tok; ok && *p; p++) ok = (*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f');
	err e = {0};
	const char *code = NULL;
	rc = ok ? o311_repo_token(db_thread(), tok, r->a, &code, &e) : 0;
	if (rc < 0) return fail_err(r, f, &e);
	if (rc == 0) {
		lookup_miss(r);
		return not_found(r, f, "token");
	}
	return send_doc(r, 200, f, "service_requests",
	                json_pack("[{s:s, s:s}]", "service_request_id", code, "token", tok));
}

/* Splits a comma list into the arena; at most max items, none empty. */
static int split_list(web_req *r, const char *s, const char **items, int max)
{
	int n = 0;
	char *copy = arena_strdup(r->a, s);
	for (char *p = copy; ; ) {
		char *comma = strchr(p, ',');
		if (comma) *comma = 0;
		char *item = text_trim(p);
		if (!*item || n >= max) return -1;
		items[n++] = item;
		if (!comma) break;
		p = comma + 1;
	}
	return n;
}

/* start_date and end_date as [*from, *to] (UTC seconds): the last 90 days by
 * default; with only one of them, 90 days from or before it; never more than
 * 90 days. Otherwise *sent: the 400 has been sent. */
static int date_window(web_req *r, o311_fmt f, int64_t *from, int64_t *to, bool *sent)
{
	*sent = true;
	const char *sd = web_query(r, "start_date"), *ed = web_query(r, "end_date");
	int64_t start = sd ? o311_parse_time(sd) : 0, end = ed ? o311_parse_time(ed) : 0;
	if (sd && start < 0)
		return fail(r, f, 400, "start_date", "Ngày giờ không đúng ISO 8601 (ví dụ 2026-11-27T09:30:00+07:00).",
		            "not an ISO 8601 date-time (e.g. 2026-11-27T09:30:00+07:00)");
	if (ed && end < 0)
		return fail(r, f, 400, "end_date", "Ngày giờ không đúng ISO 8601 (ví dụ 2026-11-27T09:30:00+07:00).",
		            "not an ISO 8601 date-time (e.g. 2026-11-27T09:30:00+07:00)");
	if (sd && ed) {
		if (end < start)
			return fail(r, f, 400, "end_date", "Ngày kết thúc trước ngày bắt đầu.", "end_date is before start_date");
		if (end - start > O311_SPAN_S)
			return fail(r, f, 400, "end_date", "Khoảng thời gian không được quá 90 ngày.", "the range may not span more than 90 days");
		*from = start;
		*to = end;
	} else if (sd) {
		*from = start;
		*to = start + O311_SPAN_S;
	} else {
		*to = ed ? end : clock_now();
		*from = *to - O311_SPAN_S;
	}
	*sent = false;
	return 0;
}

static int requests_list(web_req *r, o311_fmt f)
{
	db *d = db_thread();
	err e = {0};
	notice_cache nc = {0};
	json_t *arr = json_array();
	const char *ids = web_query(r, "service_request_id");
	if (ids) {
		/* The spec: with ids, every other parameter is ignored. */
		const char *list[O311_MAX_IDS];
		int n = split_list(r, ids, list, O311_MAX_IDS);
		if (n < 0) {
			json_decref(arr);
			return fail(r, f, 400, "service_request_id", "Danh sách mã không hợp lệ (tối đa 100 mã, cách nhau bằng dấu phẩy).",
			            "a comma-separated list of at most 100 ids");
		}
		/* Unknown ids count towards the look-up limit, as by requests/{id}. */
		bool sent;
		int rc = lookup_gate(r, f, &sent);
		if (sent) { json_decref(arr); return rc; }
		int misses = 0;
		db_throttle_count(d, "open311_lookup", r->client_addr, clock_now() - O311_LOOKUP_WINDOW_S,
		                  O311_LOOKUP_MAX_MISSES, &misses, NULL);
		for (int i = 0; i < n; i++) {
			o311_row row;
			const char *code = text_code_norm(r->a, list[i]);
			rc = case_rules_code_valid(code) ? o311_repo_request(d, code, r->a, &row, &e) : 0;
			if (rc < 0) { json_decref(arr); notice_done(&nc); return fail_err(r, f, &e); }
			if (rc == 0) {
				lookup_miss(r);
				if (++misses >= O311_LOOKUP_MAX_MISSES) {
					json_decref(arr);
					notice_done(&nc);
					return fail(r, f, 429, "service_request_id", "Tra cứu sai quá nhiều lần. Hãy thử lại sau 15 phút.",
					            "too many failed look-ups; try again in 15 minutes");
				}
				continue;
			}
			if (!strcmp(row.kind, "denunciation") || !strcmp(row.kind, "information")) continue;
			json_array_append_new(arr, request_json(r, d, &nc, &row));
		}
		notice_done(&nc);
		return send_doc(r, 200, f, "service_requests", arr);
	}
	json_decref(arr);
	o311_query q = {.limit = O311_MAX_RESULTS};
	const char *sc = web_query(r, "service_code");
	if (sc) {
		const char *list[CCAT__MAX];
		int n = split_list(r, sc, list, CCAT__MAX);
		buf b;
		buf_init(&b, 1024);
		buf_addc(&b, ',');
		for (int i = 0; i < n; i++) {
			case_category c;
			if (case_category_parse(list[i], &c)) { n = -1; break; }
			buf_printf(&b, "%s,", case_category_name(c));
		}
		q.categories = arena_strdup(r->a, buf_str(&b));
		buf_free(&b);
		if (n < 0)
			return fail(r, f, 400, "service_code", "Không có dịch vụ (loại phản ánh) này.", "no such service");
	}
	const char *status = web_query(r, "status");
	if (status) {
		const char *list[4];
		int n = split_list(r, status, list, 4);
		bool open = false, closed = false;
		for (int i = 0; i < n; i++) {
			if (!strcmp(list[i], "open")) open = true;
			else if (!strcmp(list[i], "closed")) closed = true;
			else { n = -1; break; }
		}
		if (n < 0)
			return fail(r, f, 400, "status", "Trạng thái phải là open hoặc closed.", "status is open or closed");
		buf b;
		buf_init(&b, 1024);
		buf_addc(&b, ',');
		for (int s = CS_RECEIVED; s < CS__MAX; s++) {
			bool is_open = !strcmp(case_state_open311((case_state)s), "open");
			if ((is_open && open) || (!is_open && closed)) buf_printf(&b, "%s,", case_state_name((case_state)s));
		}
		q.states = arena_strdup(r->a, buf_str(&b));
		buf_free(&b);
	}
	bool sent;
	int rc = date_window(r, f, &q.from, &q.to, &sent);
	if (sent) return rc;
	o311_row *rows;
	int n;
	if (o311_repo_requests(d, &q, r->a, &rows, &n, &e)) return fail_err(r, f, &e);
	arr = json_array();
	for (int i = 0; i < n; i++) json_array_append_new(arr, request_json(r, d, &nc, &rows[i]));
	notice_done(&nc);
	return send_doc(r, 200, f, "service_requests", arr);
}

/* --- updates: FixMyStreet's servicerequestupdates extension --- */

/* The status FixMyStreet reads in an update (Open311.pm map_state): open,
 * in_progress, closed, fixed, no_further_action. */
static const char *update_status(case_state s)
{
	switch (s) {
	case CS_RECEIVED:
	case CS_REOPENED: return "open";
	case CS_NOT_ACCEPTED: return "no_further_action";
	case CS_PUBLISHED:
	case CS_WITHDRAWN: return "closed";
	case CS_RESOLVED: return "fixed";
	default: return "in_progress";
	}
}

/* GET servicerequestupdates: each change of a case in start_date..end_date,
 * oldest first. api_key is optional (FixMyStreet sends it, maybe empty); a
 * valid one adds the denunciations filed with it, which show their status only. */
static int updates_list(web_req *r, o311_fmt f)
{
	db *d = db_thread();
	err e = {0};
	int64_t from, to, key_id = 0;
	bool sent;
	int rc = date_window(r, f, &from, &to, &sent);
	if (sent) return rc;
	const char *key = web_query(r, "api_key");
	if (key && *key) {
		rc = open311_key_check(d, key, &key_id, &e);
		if (rc < 0) return fail_err(r, f, &e);
		if (rc == 0)
			return fail(r, f, 403, "api_key", "Thiếu khóa API hoặc khóa không hợp lệ.", "the api_key is missing or not valid");
	}
	o311_update *u;
	int n;
	if (o311_repo_updates(d, from, to, key_id, O311_MAX_UPDATES, r->a, &u, &n, &e)) return fail_err(r, f, &e);
	bool en = !strcmp(r->lang, "en");
	json_t *arr = json_array();
	for (int i = 0; i < n; i++) {
		case_state st = CS_RECEIVED;
		case_state_parse(u[i].state, &st);
		char at[32];
		o311_time(u[i].at, at, sizeof at);
		const char *desc = both(r, case_state_label_vi(st));
		const char *unit = en && *u[i].unit_name_en ? u[i].unit_name_en : u[i].unit_name_vi;
		if (*unit) desc = arena_printf(r->a, "%s — %s", desc, unit);
		if ((st == CS_PUBLISHED || st == CS_RESOLVED) && u[i].published_at && *u[i].result_summary)
			desc = arena_printf(r->a, "%s: %s", desc, u[i].result_summary);
		const char *id = u[i].step_id ? arena_printf(r->a, "%s-%lld", u[i].code, (long long)u[i].step_id)
		                              : arena_printf(r->a, "%s-%s", u[i].code, u[i].state);
		json_array_append_new(arr, json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "update_id", id,
		                                     "service_request_id", u[i].code, "status", update_status(st),
		                                     "updated_datetime", at, "description", desc,
		                                     "external_status_code", case_state_name(st)));
	}
	return send_doc(r, 200, f, "service_request_updates", arr);
}

/* --- POST requests --- */

/* The unit a report goes to when it names no valid one: the commune or ward
 * nearest to its location (at most O311_PLACE_MAX_KM away), else the
 * province's intake desk (meta 'intake_unit'). *code is NULL when there is no
 * unit at all. */
static int route_unit(web_req *r, db *d, const case_input *in, const char **code, err *e)
{
	*code = NULL;
	if (in->has_lat) {
		o311_place *pl;
		int n;
		if (o311_repo_places(d, r->a, &pl, &n, e)) return MB_EINTERNAL;
		double *lat = arena_alloc(r->a, (size_t)(n ? n : 1) * sizeof *lat);
		double *lon = arena_alloc(r->a, (size_t)(n ? n : 1) * sizeof *lon);
		const char **codes = arena_alloc(r->a, (size_t)(n ? n : 1) * sizeof *codes);
		int k = 0;
		for (int i = 0; i < n; i++) {
			if (!pl[i].located || (strcmp(pl[i].kind, "commune") && strcmp(pl[i].kind, "ward"))) continue;
			lat[k] = pl[i].lat;
			lon[k] = pl[i].lon;
			codes[k++] = pl[i].code;
		}
		int best = o311_nearest(lat, lon, k, in->lat, in->lon, O311_PLACE_MAX_KM);
		if (best >= 0) {
			*code = codes[best];
			return 0;
		}
	}
	int rc = o311_repo_intake(d, r->a, code, e);
	return rc < 0 ? rc : 0;
}

static const char *routed_name(web_req *r, db *d, const char *code)
{
	o311_place *pl;
	int n;
	if (o311_repo_places(d, r->a, &pl, &n, NULL)) return code;
	for (int i = 0; i < n; i++)
		if (!strcmp(pl[i].code, code)) return !strcmp(r->lang, "en") && *pl[i].name_en ? pl[i].name_en : pl[i].name_vi;
	return code;
}

static const char *form(web_req *r, const char *name)
{
	const char *v = web_form(r, name);
	if (!v) return NULL;
	char *t = text_trim(arena_strdup(r->a, v));
	return *t ? t : NULL;
}

static int request_create(web_req *r, o311_fmt f)
{
	db *d = db_thread();
	err e = {0};
	int64_t now = clock_now();
	int posts = 0;
	if (db_throttle_count(d, "open311", r->client_addr, now - O311_WINDOW_S, O311_MAX_POSTS, &posts, &e)) return fail_err(r, f, &e);
	if (posts >= O311_MAX_POSTS)
		return fail(r, f, 429, NULL, "Gửi quá nhiều lần từ địa chỉ này. Hãy thử lại sau 15 phút.",
		            "too many requests from this address; try again in 15 minutes");
	if (db_throttle_add(d, "open311", r->client_addr, now, &e)) return fail_err(r, f, &e);
	if (r->body.len > O311_BODY_MAX)
		return fail(r, f, 413, NULL, "Nội dung gửi lên quá lớn (tối đa 32 KiB).", "the request body is too large (at most 32 KiB)");
	int64_t key_id = 0;
	int rc = open311_key_check(d, web_form(r, "api_key"), &key_id, &e);
	if (rc < 0) return fail_err(r, f, &e);
	if (rc == 0)
		return fail(r, f, 403, "api_key", "Thiếu khóa API hoặc khóa không hợp lệ.", "the api_key is missing or not valid");

	const char *sc = form(r, "service_code");
	if (!sc) return fail(r, f, 400, "service_code", "Thiếu mã dịch vụ.", "service_code is required");
	case_category cat;
	if (case_category_parse(sc, &cat))
		return fail(r, f, 404, "service_code", "Không có dịch vụ (loại phản ánh) này.", "no such service");
	service_info svc = service_of(cat);

	case_input in;
	memset(&in, 0, sizeof in);
	const char *lat = form(r, "lat"), *lon = form(r, "long");
	if (lat || lon) {
		if (!lat) return fail(r, f, 400, "lat", "Thiếu vĩ độ (lat) đi kèm kinh độ.", "lat is required with long");
		if (!lon) return fail(r, f, 400, "long", "Thiếu kinh độ (long) đi kèm vĩ độ.", "long is required with lat");
		if (o311_parse_coord(lat, -90, 90, &in.lat))
			return fail(r, f, 400, "lat", "Vĩ độ phải là số thập phân từ -90 đến 90 (WGS84).", "lat is a decimal number from -90 to 90 (WGS84)");
		if (o311_parse_coord(lon, -180, 180, &in.lon))
			return fail(r, f, 400, "long", "Kinh độ phải là số thập phân từ -180 đến 180 (WGS84).", "long is a decimal number from -180 to 180 (WGS84)");
		in.has_lat = true;
	}
	const char *addr = form(r, "address_string"), *addr_id = form(r, "address_id");
	if (!in.has_lat && !addr && !addr_id)
		return fail(r, f, 400, "lat", "Cần vị trí: lat và long, hoặc address_string, hoặc address_id.",
		            "a location is required: lat and long, or address_string, or address_id");
	if (!addr && addr_id) addr = arena_printf(r->a, "address_id: %s", addr_id);
	if (addr && text_utf8_len(addr) > 300)
		return fail(r, f, 400, addr_id && !form(r, "address_string") ? "address_id" : "address_string",
		            "Địa chỉ quá dài (tối đa 300 ký tự).", "the address is too long (at most 300 characters)");
	in.address_string = addr;

	/* attribute[code]=value */
	const char *unit = NULL, *kind = NULL, *dossier = NULL, *official = NULL, *raddr = NULL;
	for (web_kv *kv = r->form; kv; kv = kv->next) {
		const char *code = o311_attribute_code(r->a, kv->key);
		if (!code) continue;
		char *v = text_trim(arena_strdup(r->a, kv->value));
		const char **slot = !strcmp(code, "unit") ? &unit : !strcmp(code, "kind") ? &kind :
		                    !strcmp(code, "dossier") ? &dossier : !strcmp(code, "official") ? &official :
		                    !strcmp(code, "reporter_address") ? &raddr : NULL;
		if (!slot)
			return fail(r, f, 400, arena_printf(r->a, "attribute[%s]", code), "Thuộc tính này không có trong định nghĩa dịch vụ.",
			            "no such attribute in the service definition");
		*slot = *v ? v : NULL;
	}
	/* No wrong door: without a valid unit, the nearest commune or ward, else
	 * the province's intake desk. */
	int64_t unit_id = 0;
	rc = unit && strlen(unit) <= 100 ? auth_unit_id(d, unit, &unit_id, &e) : 0;
	if (rc < 0) return fail_err(r, f, &e);
	const char *routed = NULL;   /* the unit chosen for the reporter, when they named none we know */
	if (rc == 0) {
		if (route_unit(r, d, &in, &routed, &e)) return fail_err(r, f, &e);
		if (!routed) return fail(r, f, 500, NULL, "Chưa có đơn vị nào nhận đơn.", "no unit can receive the report");
	}
	case_kind k = svc.kind;
	if (kind && (case_kind_parse(kind, &k) || k == CK_INFORMATION))
		return fail(r, f, 400, "attribute[kind]", "Loại đơn phải là feedback, petition, complaint hoặc denunciation.",
		            "kind is feedback, petition, complaint or denunciation");

	const char *desc = form(r, "description");
	if (!desc) return fail(r, f, 400, "description", "Hãy mô tả sự việc.", "description is required");
	const char *media = form(r, "media_url");
	if (media && !o311_url_ok(media))
		return fail(r, f, 400, "media_url", "media_url phải là địa chỉ http(s) đầy đủ.", "media_url must be an absolute http(s) URL");
	const char *email = form(r, "email"), *first = form(r, "first_name"), *last = form(r, "last_name");
	const char *name = first && last ? arena_printf(r->a, "%s %s", first, last) : first ? first : last;

	in.kind = case_kind_name(k);
	in.category = case_category_name(cat);
	in.channel = "open311";
	in.title = o311_title(r->a, desc, O311_TITLE_CHARS);
	in.body = desc;
	in.unit_code = routed ? routed : unit;

	in.dossier_code = dossier;
	in.subject_name = official;
	in.identity.name = name;
	in.identity.email = email;
	in.identity.phone = form(r, "phone");
	in.identity.address = raddr;
	/* Anonymous when nothing identifies the sender; any contact without a
	 * name is refused by the service (the name is then required). */
	in.anonymous = !name && !email && !in.identity.phone && !raddr;
	in.lang = r->lang;

	case_result res;
	memset(&res, 0, sizeof res);
	if (case_exec(d, NULL, CC_RECEIVE, NULL, &in, r->a, &res, &e)) return fail_err(r, f, &e);

	/* The token and media URL: after the case's own transaction (the case
	 * exists either way; without this row it has no token). */
	unsigned char raw[16];
	char token[33];
	randombytes_buf(raw, sizeof raw);
	sodium_bin2hex(token, sizeof token, raw, sizeof raw);
	err e2 = {0};
	bool have_token = o311_repo_request_add(d, res.code, token, key_id, media, now, &e2) == 0;
	if (!have_token) log_msg(LOG_ERROR, "open311", "case %s: token not stored: %s", res.code, e2.en ? e2.en : "?");

	const char *notice = arena_printf(r->a, "%s %s; %s %s. %s", web_t(r, "Mã đơn"), res.code,
	                                  web_t(r, "mã tra cứu"), res.secret,
	                                  web_t(r, "Mã tra cứu chỉ hiển thị một lần: hãy lưu lại để theo dõi và đánh giá kết quả."));
	if (routed) notice = arena_printf(r->a, "%s %s %s.", notice, web_t(r, "Đơn đã được chuyển đến"), routed_name(r, d, routed));
	json_t *item = json_pack("{s:s}", "service_request_id", res.code);
	if (have_token) json_object_set_new(item, "token", json_string(token));
	json_object_set_new(item, "service_notice", json_string(notice));
	json_t *arr = json_array();
	json_array_append_new(arr, item);
	web_header_add(r, "Cache-Control", "no-store");
	sodium_memzero(res.secret, sizeof res.secret);
	return send_doc(r, 200, f, "service_requests", arr);
}

/* --- routes --- */

/* GET /open311/v2/{doc}: discovery, services and requests in either format. */
static int get_doc(web_req *r)
{
	const char *name;
	o311_fmt f;
	if (o311_split_ext(web_param(r, "doc"), r->a, &name, &f)) return not_found(r, O311_XML, NULL);
	if (!strcmp(name, "discovery")) return discovery(r, f);
	if (!strcmp(name, "services")) return services(r, f);
	if (!strcmp(name, "requests")) return requests_list(r, f);
	if (!strcmp(name, "servicerequestupdates")) return updates_list(r, f);
	return not_found(r, f, NULL);
}

static int post_doc(web_req *r)
{
	const char *name;
	o311_fmt f;
	if (o311_split_ext(web_param(r, "doc"), r->a, &name, &f)) return not_found(r, O311_XML, NULL);
	if (!strcmp(name, "requests")) return request_create(r, f);
	if (!strcmp(name, "discovery") || !strcmp(name, "services") || !strcmp(name, "servicerequestupdates")) {
		web_header_add(r, "Allow", "GET, HEAD");
		return fail(r, f, 405, NULL, "Phương thức không được hỗ trợ.", "method not allowed");
	}
	return not_found(r, f, NULL);
}

static const web_route routes[] = {
	{"GET", "/open311/v2/{doc}", WEB_PUBLIC, get_doc, 0},
	{"POST", "/open311/v2/{doc}", WEB_PUBLIC, post_doc, O311_ROUTE_BODY_MAX},
	{"GET", "/open311/v2/services/{code}", WEB_PUBLIC, service_definition, 0},
	{"GET", "/open311/v2/requests/{id}", WEB_PUBLIC, request_one, 0},
	{"GET", "/open311/v2/tokens/{token}", WEB_PUBLIC, token_one, 0},
};

void open311_install(void)
{
	web_route_add(routes, sizeof routes / sizeof routes[0]);
}
