/* pages.c — dossier pages: public tracking (who holds my dossier, since when,
 * due when), the apology register, the citizen's online submission and
 * dossiers, and the staff's intake, queue and dossier detail. No JavaScript. */
#include <string.h>

#include "base/clock.h"
#include "dossier/web.h"
#include "procedures/procedures.h"
#include "ui/ui.h"
#include "web/html.h"
#include "web/i18n.h"

static const char *when(web_req *r, int64_t t)
{
	if (!t) return "—";
	char s[32];
	clock_vn_display(t, s, sizeof s);
	return arena_strdup(r->a, s);
}

static const char *state_label(web_req *r, const char *state)
{
	dossier_state s;
	return dossier_state_parse(state, &s) ? state : web_t(r, dossier_state_label_vi(s));
}

static const char *risk_label(web_req *r, const dossier_row *row)
{
	if (row->finished_at) return row->late ? web_t(r, "Trễ hạn") : web_t(r, "Đúng hạn");
	if (!strcmp(row->risk, "overdue")) return web_t(r, "Quá hạn");
	if (!strcmp(row->risk, "at_risk")) return web_t(r, "Sắp đến hạn");
	return web_t(r, "Trong hạn");
}

static const char *step_kind_label(web_req *r, const char *kind)
{
	if (!strcmp(kind, "submitted")) return web_t(r, "Nộp trực tuyến, chờ tiếp nhận");
	if (!strcmp(kind, "reception")) return web_t(r, "Tiếp nhận tại Bộ phận Một cửa");
	if (!strcmp(kind, "processing")) return web_t(r, "Xử lý");
	if (!strcmp(kind, "supplement")) return web_t(r, "Công dân bổ sung hồ sơ");
	if (!strcmp(kind, "result")) return web_t(r, "Trả kết quả tại Bộ phận Một cửa");
	return kind;
}

/* The steps table: who held the dossier, from when to when, due when, on time or late. */
static void steps_table(web_req *r, db *d, const dossier_row *row)
{
	dossier_step_row *steps;
	int n;
	if (dossier_repo_steps(d, row->id, r->a, &steps, &n, NULL)) return;
	H(r, "<table class=\"list steps\"><thead><tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr></thead><tbody>",
	  web_t(r, "Bước"), web_t(r, "Người giữ hồ sơ"), web_t(r, "Từ"), web_t(r, "Đến"), web_t(r, "Hạn"), web_t(r, "Tình trạng"));
	int64_t now = clock_now();
	for (int i = 0; i < n; i++) {
		const dossier_step_row *s = &steps[i];
		int64_t end = s->ended_at ? s->ended_at : now;
		bool late = s->due_at && end > s->due_at;
		H(r, "<tr%r><td>%s</td><td>%s<br><span class=\"muted\">%s</span></td><td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>",
		  late ? " class=\"late\"" : "", step_kind_label(r, s->kind), s->holder_name, s->holder_title,
		  when(r, s->started_at), s->ended_at ? when(r, s->ended_at) : web_t(r, "đang giữ"), when(r, s->due_at),
		  !s->due_at ? "" : late ? web_t(r, "Trễ hạn") : s->ended_at ? web_t(r, "Đúng hạn") : web_t(r, "Trong hạn"));
	}
	H(r, "</tbody></table>");
}

static void apology_block(web_req *r, const dossier_row *row)
{
	if (!row->extensions) return;
	H(r, "<p class=\"demo\">%s <a href=\"/dossiers/%u/print/04\">%s</a></p>",
	  web_t(r, "Cơ quan giải quyết đã gửi văn bản xin lỗi và hẹn lại ngày trả kết quả."),
	  row->code, web_t(r, "Xem văn bản xin lỗi"));
}

/* --- public tracking --- */

static int page_track(web_req *r)
{
	const char *code = web_query(r, "code"), *secret = web_query(r, "secret");
	db *d = db_thread();
	dossier_row row;
	err e = {0};
	int rc = 0;
	if (code && secret) {
		rc = dossier_track(d, code, secret, r->client_addr, r->a, &row, &e);
		if (rc < 0) return web_error(r, &e);
		if (rc == 0) r->status = 404;
	}
	ui_page_begin(r, web_t(r, "Tra cứu hồ sơ"));
	if (rc != 1) {
		H(r, "<h1>%s</h1><p>%s</p>", web_t(r, "Tra cứu hồ sơ"),
		  web_t(r, "Nhập mã hồ sơ và mã tra cứu in trên Giấy tiếp nhận hồ sơ và hẹn trả kết quả."));
		if (code && secret) H(r, "<p class=\"error\" role=\"alert\">%s</p>", web_t(r, "Mã hồ sơ hoặc mã tra cứu không đúng."));
		H(r, "<form method=\"get\" action=\"/track\" class=\"form\"><label>%s<input name=\"code\" required maxlength=\"40\" value=\"%s\"></label>"
		     "<label>%s<input name=\"secret\" required maxlength=\"20\" autocomplete=\"off\"></label><button type=\"submit\">%s</button></form>",
		  web_t(r, "Mã hồ sơ"), code ? code : "", web_t(r, "Mã tra cứu"), web_t(r, "Tra cứu"));
		ui_page_end(r);
		return 0;
	}
	procedure p;
	bool have_p = procedures_get_by_id(d, row.procedure_id, r->a, &p, NULL) == 1;
	const char *ucode = auth_unit_code(d, row.unit_id, r->a);
	H(r, "<h1>%s <code>%s</code></h1>", web_t(r, "Hồ sơ"), row.code);
	H(r, "<section class=\"card\"><dl><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd><a href=\"/units/%u\">%s</a></dd>"
	     "<dt>%s</dt><dd><strong>%s</strong></dd><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s%s</dd><dt>%s</dt><dd>%s</dd>"
	     "<dt>%s</dt><dd>%d/1</dd></dl></section>",
	  web_t(r, "Thủ tục"), have_p ? p.name_vi : "", web_t(r, "Cơ quan tiếp nhận"), ucode, ucode,
	  web_t(r, "Trạng thái"), state_label(r, row.state), web_t(r, "Ngày tiếp nhận"), when(r, row.received_at),
	  web_t(r, "Hẹn trả kết quả"), when(r, row.due_at),
	  row.extensions ? arena_printf(r->a, " (%s %s)", web_t(r, "hẹn ban đầu"), when(r, row.original_due_at)) : "",
	  web_t(r, "Tiến độ"), risk_label(r, &row),
	  web_t(r, "Số lần yêu cầu bổ sung đã dùng"), row.supplement_requests);
	if (row.reason[0]) H(r, "<p><strong>%s</strong> %s</p>", web_t(r, "Lý do:"), row.reason);
	apology_block(r, &row);
	H(r, "<h2>%s</h2>", web_t(r, "Ai đang giữ hồ sơ của tôi"));
	steps_table(r, d, &row);
	H(r, "<p class=\"cta\"><a class=\"button\" href=\"/units/%u?dossier=%u\">%s</a></p>", ucode, row.code,
	  web_t(r, "Bị gây phiền hà? Phản ánh ngay"));
	ui_page_end(r);
	return 0;
}

static int page_apologies(web_req *r)
{
	err e = {0};
	json_t *arr = json_array();
	if (dossier_repo_apology_register(db_thread(), arr, &e)) { json_decref(arr); return web_error(r, &e); }
	ui_page_begin(r, web_t(r, "Sổ xin lỗi công khai"));
	H(r, "<h1>%s</h1><p>%s</p>", web_t(r, "Sổ xin lỗi công khai"),
	  web_t(r, "Số văn bản xin lỗi vì giải quyết hồ sơ trễ hạn, theo từng cơ quan, đơn vị."));
	H(r, "<table class=\"list\"><thead><tr><th>%s</th><th>%s</th><th>%s</th></tr></thead><tbody>",
	  web_t(r, "Cơ quan, đơn vị"), web_t(r, "Văn bản xin lỗi"), web_t(r, "Gửi muộn hơn quy định"));
	size_t i;
	json_t *u;
	json_array_foreach(arr, i, u)
		H(r, "<tr><td><a href=\"/units/%u\">%s</a></td><td>%D</td><td>%D</td></tr>",
		  json_string_value(json_object_get(u, "unit")),
		  json_string_value(json_object_get(u, !strcmp(r->lang, "en") ? "name_en" : "name_vi")),
		  (int64_t)json_integer_value(json_object_get(u, "apologies")),
		  (int64_t)json_integer_value(json_object_get(u, "issued_late")));
	if (json_array_size(arr) == 0) H(r, "<tr><td colspan=\"3\">%s</td></tr>", web_t(r, "Chưa có văn bản xin lỗi nào."));
	H(r, "</tbody></table>");
	ui_page_end(r);
	json_decref(arr);
	return 0;
}

/* --- new dossiers: counter intake and online submission --- */

static void procedure_picker(web_req *r, const char *action)
{
	H(r, "<form method=\"get\" action=\"%s\" class=\"form\"><label>%s<input name=\"procedure\" required maxlength=\"80\" "
	     "placeholder=\"ht-dang-ky-khai-sinh\"></label><label>%s<input name=\"unit\" required maxlength=\"100\" value=\"%s\"></label>"
	     "<button type=\"submit\">%s</button></form><p><a href=\"/procedures\">%s</a></p>",
	  action, web_t(r, "Mã thủ tục"), web_t(r, "Mã đơn vị tiếp nhận"),
	  r->actor ? ((const auth_actor *)r->actor)->unit_code : "", web_t(r, "Tiếp tục"), web_t(r, "Xem danh mục thủ tục hành chính"));
}

static void intake_form(web_req *r, const procedure *p, const char *unit, bool online, const err *e)
{
	H(r, "<h2>%s</h2>", p->name_vi);
	if (e) H(r, "<p class=\"error\" role=\"alert\">%s</p>", !strcmp(r->lang, "en") ? e->en : e->vi);
	H(r, "<form method=\"post\" action=\"%s\" class=\"form\"%r>"
	     "<input type=\"hidden\" name=\"_csrf\" value=\"%s\"><input type=\"hidden\" name=\"procedure\" value=\"%s\">"
	     "<input type=\"hidden\" name=\"unit\" value=\"%s\">",
	  online ? "/submit" : "/dossiers/new", online ? " enctype=\"multipart/form-data\"" : "", r->csrf, p->code, unit);
	const char *name = web_form(r, "applicant_name");
	H(r, "<label>%s<input name=\"applicant_name\" required maxlength=\"120\" value=\"%s\"></label>"
	     "<label>%s<input name=\"applicant_id_number\" maxlength=\"20\" value=\"%s\"></label>"
	     "<label>%s<input name=\"applicant_phone\" maxlength=\"40\" type=\"tel\" value=\"%s\"></label>"
	     "<label>%s<input name=\"applicant_email\" maxlength=\"254\" type=\"email\" value=\"%s\"></label>"
	     "<label>%s<input name=\"applicant_address\" maxlength=\"300\" value=\"%s\"></label>",
	  web_t(r, "Họ tên người nộp"), name ? name : (online && r->actor ? ((const auth_actor *)r->actor)->display_name : ""),
	  web_t(r, "Số định danh cá nhân"), web_form(r, "applicant_id_number"),
	  web_t(r, "Điện thoại"), web_form(r, "applicant_phone"), web_t(r, "Thư điện tử"), web_form(r, "applicant_email"),
	  web_t(r, "Địa chỉ"), web_form(r, "applicant_address"));
	H(r, "<fieldset><legend>%s</legend>", web_t(r, "Thành phần hồ sơ theo thủ tục đã công bố"));
	for (int i = 0; i < p->ndocs; i++) {
		if (online)
			H(r, "<label>%d. %s<input type=\"file\" name=\"file_%d\" accept=\"application/pdf,image/jpeg,image/png\"></label>",
			  p->docs[i].ordinal, p->docs[i].name, p->docs[i].ordinal);
		else
			H(r, "<label class=\"check\"><input type=\"checkbox\" name=\"doc_%d\" value=\"1\"> %d. %s</label>",
			  p->docs[i].ordinal, p->docs[i].ordinal, p->docs[i].name);
	}
	H(r, "</fieldset>");
	if (online) {
		H(r, "<input type=\"hidden\" name=\"action\" value=\"submit_online\"><button type=\"submit\">%s</button></form>",
		  web_t(r, "Nộp hồ sơ"));
	} else {
		H(r, "<button type=\"submit\" name=\"action\" value=\"receive\">%s</button>"
		     "<label>%s<textarea name=\"reason\" rows=\"2\" maxlength=\"2000\"></textarea></label>"
		     "<button type=\"submit\" name=\"action\" value=\"refuse\" class=\"secondary\">%s</button></form>",
		  web_t(r, "Tiếp nhận và in giấy hẹn"), web_t(r, "Lý do từ chối (nếu từ chối tiếp nhận)"), web_t(r, "Từ chối tiếp nhận hồ sơ"));
	}
}

static int render_new(web_req *r, bool online, const err *e)
{
	const char *pc = web_query(r, "procedure");
	const char *unit = web_query(r, "unit");
	if (!pc) pc = web_form(r, "procedure");
	if (!unit) unit = web_form(r, "unit");
	ui_page_begin(r, online ? web_t(r, "Nộp hồ sơ trực tuyến") : web_t(r, "Tiếp nhận hồ sơ"));
	H(r, "<h1>%s</h1>", online ? web_t(r, "Nộp hồ sơ trực tuyến") : web_t(r, "Tiếp nhận hồ sơ"));
	procedure p;
	if (!pc || !unit || procedures_get(db_thread(), pc, r->a, &p, NULL) != 1) {
		if (pc) H(r, "<p class=\"error\" role=\"alert\">%s</p>", web_t(r, "Không có thủ tục hành chính này."));
		procedure_picker(r, online ? "/submit" : "/dossiers/new");
	} else {
		intake_form(r, &p, unit, online, e);
	}
	ui_page_end(r);
	return 0;
}

static int page_new(web_req *r) { return render_new(r, false, NULL); }
static int page_submit(web_req *r) { return render_new(r, true, NULL); }

static int post_new(web_req *r, bool online)
{
	err e = {0};
	dossier_input in;
	dossier_cmd cmd = DC_SUBMIT_ONLINE;
	if (dossier_input_from_form(r, &in, &e)) goto bad;
	if (!online && dossier_cmd_parse(web_form(r, "action"), &cmd)) cmd = DC_RECEIVE;
	if (!online && cmd != DC_RECEIVE && cmd != DC_REFUSE) cmd = DC_RECEIVE;
	dossier_result res = {0};
	if (dossier_exec(db_thread(), r->actor, cmd, NULL, &in, r->a, &res, &e)) goto bad;
	/* The secret goes on the slip page once, never into a URL that is logged. */
	return web_redirect(r, arena_printf(r->a, "/dossiers/%s/print/%s?secret=%s", res.code,
	                                    cmd == DC_REFUSE ? "03" : "01", res.secret));
bad:
	if (e.status == MB_EINVAL || e.status == MB_ETOOBIG) {
		r->status = err_http_status(e.status, e.code);
		return render_new(r, online, &e);
	}
	return web_error(r, &e);
}

static int page_new_post(web_req *r) { return post_new(r, false); }
static int page_submit_post(web_req *r) { return post_new(r, true); }

/* --- lists --- */

static void dossier_rows(web_req *r, const dossier_row *rows, int n, bool staff)
{
	db *d = db_thread();
	H(r, "<table class=\"list\"><thead><tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th>%r</tr></thead><tbody>",
	  web_t(r, "Mã hồ sơ"), web_t(r, "Thủ tục"), web_t(r, "Trạng thái"), web_t(r, "Hạn"), web_t(r, "Tiến độ"),
	  staff ? arena_printf(r->a, "<th>%s</th><th>%s</th>", web_t(r, "Người giữ"), web_t(r, "Giữ từ")) : "");
	for (int i = 0; i < n; i++) {
		procedure p;
		bool hp = procedures_get_by_id(d, rows[i].procedure_id, r->a, &p, NULL) == 1;
		H(r, "<tr class=\"risk-%s\"><td><a href=\"/dossiers/%u\"><code>%s</code></a></td><td>%s</td><td>%s</td><td>%s</td><td>%s</td>",
		  rows[i].risk, rows[i].code, rows[i].code, hp ? p.name_vi : "", state_label(r, rows[i].state), when(r, rows[i].due_at),
		  risk_label(r, &rows[i]));
		if (staff) {
			dossier_step_row *steps;
			int ns = 0;
			dossier_repo_steps(d, rows[i].id, r->a, &steps, &ns, NULL);
			H(r, "<td>%s</td><td>%s</td>", ns ? steps[ns - 1].holder_name : "", ns ? when(r, steps[ns - 1].started_at) : "");
		}
		H(r, "</tr>");
	}
	if (n == 0) H(r, "<tr><td colspan=\"7\">%s</td></tr>", web_t(r, "Không có hồ sơ nào."));
	H(r, "</tbody></table>");
}

static int page_list(web_req *r)
{
	err e = {0};
	const auth_actor *a = r->actor;
	db *d = db_thread();
	dossier_row *rows;
	int n;
	bool citizen = a->role == ROLE_CITIZEN;
	bool unit_view = !citizen && (a->role == ROLE_UNIT_HEAD || a->role == ROLE_COUNTER_OFFICER ||
	                              (web_query(r, "scope") && !strcmp(web_query(r, "scope"), "unit")));
	if (dossier_repo_list(d, citizen || unit_view ? 0 : a->id, unit_view ? a->unit_id : 0, citizen ? a->id : 0,
	                      !web_query(r, "all"), 500, r->a, &rows, &n, &e))
		return web_error(r, &e);
	ui_page_begin(r, web_t(r, "Hồ sơ"));
	H(r, "<h1>%s</h1>", citizen ? web_t(r, "Hồ sơ của tôi") : unit_view ? web_t(r, "Hồ sơ của đơn vị") : web_t(r, "Hồ sơ tôi đang giữ"));
	if (citizen) H(r, "<p><a class=\"button\" href=\"/submit\">%s</a></p>", web_t(r, "Nộp hồ sơ trực tuyến"));
	else if (a->role == ROLE_COUNTER_OFFICER) H(r, "<p><a class=\"button\" href=\"/dossiers/new\">%s</a></p>", web_t(r, "Tiếp nhận hồ sơ"));
	H(r, "<p><a href=\"/dossiers?all=1%r\">%s</a></p>", unit_view ? "&amp;scope=unit" : "", web_t(r, "Xem cả hồ sơ đã kết thúc"));
	dossier_rows(r, rows, n, !citizen);
	ui_page_end(r);
	return 0;
}

/* --- a dossier, with the actions its state allows --- */

static bool may(const auth_actor *a, const dossier_row *row, dossier_cmd c)
{
	dossier_state s;
	if (dossier_state_parse(row->state, &s) || !dossier_rules_allowed(s, c)) return false;
	dossier_snapshot snap = {s, row->supplement_requests, row->extensions, row->due_at,
	                         row->holder_account_id, row->citizen_account_id};
	dossier_actor da = {a->id, a->role, a->role != ROLE_CITIZEN};
	dossier_limits l = {1, 1};
	dossier_state next;
	int64_t nd = c == DC_HANDOVER ? row->due_at : row->due_at + 86400 * 3;
	return dossier_rules_decide(&snap, c, &da, &l, clock_now(), nd, &next, NULL) == 0;
}

static void action_form(web_req *r, const dossier_row *row, dossier_cmd c, const char *label, const char *fields)
{
	H(r, "<form method=\"post\" action=\"/dossiers/%u/actions\" class=\"form action\">"
	     "<input type=\"hidden\" name=\"_csrf\" value=\"%s\"><input type=\"hidden\" name=\"action\" value=\"%s\">%r"
	     "<button type=\"submit\">%s</button></form>", row->code, r->csrf, dossier_cmd_name(c), fields, label);
}

static int render_dossier(web_req *r, dossier_row *row, const err *e)
{
	db *d = db_thread();
	const auth_actor *a = r->actor;
	procedure p;
	bool hp = procedures_get_by_id(d, row->procedure_id, r->a, &p, NULL) == 1;
	ui_page_begin(r, row->code);
	H(r, "<h1>%s <code>%s</code></h1>", web_t(r, "Hồ sơ"), row->code);
	if (e) H(r, "<p class=\"error\" role=\"alert\">%s</p>", !strcmp(r->lang, "en") ? e->en : e->vi);
	H(r, "<section class=\"card\"><dl><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd><strong>%s</strong></dd>"
	     "<dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%d/1</dd><dt>%s</dt><dd>%d/1</dd></dl></section>",
	  web_t(r, "Thủ tục"), hp ? p.name_vi : "", web_t(r, "Người nộp"), row->applicant_name,
	  web_t(r, "Trạng thái"), state_label(r, row->state), web_t(r, "Ngày tiếp nhận"), when(r, row->received_at),
	  web_t(r, "Hẹn trả kết quả"), when(r, row->due_at), web_t(r, "Tiến độ"), risk_label(r, row),
	  web_t(r, "Số lần yêu cầu bổ sung đã dùng"), row->supplement_requests,
	  web_t(r, "Số lần gia hạn đã dùng"), row->extensions);
	if (row->reason[0]) H(r, "<p><strong>%s</strong> %s</p>", web_t(r, "Lý do:"), row->reason);
	apology_block(r, row);
	/* Documents of the published procedure. */
	dossier_doc_row *docs;
	int nd = 0;
	dossier_repo_docs(d, row->id, r->a, &docs, &nd, NULL);
	H(r, "<h2>%s</h2><ul class=\"docs\">", web_t(r, "Thành phần hồ sơ"));
	for (int i = 0; i < nd; i++)
		H(r, "<li>%s %d. %s%r</li>", docs[i].provided ? "✓" : "✗", docs[i].ordinal, docs[i].name,
		  docs[i].supplement_reason ? arena_printf(r->a, " — <em>%s</em>", web_t(r, "đã yêu cầu bổ sung")) : "");
	H(r, "</ul><h2>%s</h2>", web_t(r, "Quá trình giải quyết"));
	steps_table(r, d, row);
	H(r, "<p class=\"prints\">%s <a href=\"/dossiers/%u/print/06\">%s</a>",
	  web_t(r, "In:"), row->code, web_t(r, "Phiếu kiểm soát quá trình giải quyết (Mẫu 06)"));
	if (row->received_at) H(r, " · <a href=\"/dossiers/%u/print/01\">%s</a>", row->code, web_t(r, "Giấy tiếp nhận và hẹn trả kết quả (Mẫu 01)"));
	if (row->supplement_requests) H(r, " · <a href=\"/dossiers/%u/print/02\">%s</a>", row->code, web_t(r, "Phiếu yêu cầu bổ sung (Mẫu 02)"));
	if (!strcmp(row->state, "refused")) H(r, " · <a href=\"/dossiers/%u/print/03\">%s</a>", row->code, web_t(r, "Phiếu từ chối (Mẫu 03)"));
	if (row->extensions) H(r, " · <a href=\"/dossiers/%u/print/04\">%s</a>", row->code, web_t(r, "Văn bản xin lỗi (Mẫu 04)"));
	if (!strcmp(row->state, "stopped")) H(r, " · <a href=\"/dossiers/%u/print/05\">%s</a>", row->code, web_t(r, "Thông báo dừng (Mẫu 05)"));
	H(r, "</p>");

	/* Only the actions the state and the actor's role allow. */
	H(r, "<h2>%s</h2>", web_t(r, "Thao tác"));
	bool any = false;
	if (may(a, row, DC_RECEIVE)) { any = true; action_form(r, row, DC_RECEIVE, web_t(r, "Tiếp nhận hồ sơ"), ""); }
	if (may(a, row, DC_REFUSE)) {
		any = true;
		action_form(r, row, DC_REFUSE, web_t(r, "Từ chối tiếp nhận hồ sơ"),
		            arena_printf(r->a, "<label>%s<textarea name=\"reason\" required rows=\"2\"></textarea></label>", web_t(r, "Lý do")));
	}
	const char *to_field = arena_printf(r->a, "<label>%s<input name=\"to\" required maxlength=\"64\" placeholder=\"xuly\"></label>",
	                                    web_t(r, "Tên đăng nhập của cán bộ nhận"));
	if (may(a, row, DC_ASSIGN)) { any = true; action_form(r, row, DC_ASSIGN, web_t(r, "Chuyển cán bộ xử lý"), to_field); }
	if (may(a, row, DC_HANDOVER)) {
		any = true;
		action_form(r, row, DC_HANDOVER, web_t(r, "Chuyển tiếp (bàn giao)"),
		            arena_printf(r->a, "%s<label>%s<input name=\"step_due\" type=\"datetime-local\" required></label>", to_field,
		                         web_t(r, "Hạn xử lý của bước này")));
	}
	if (may(a, row, DC_REQUEST_SUPPLEMENT) || (row->supplement_requests >= 1 && (a->role == ROLE_PROCESSING_OFFICER || a->role == ROLE_UNIT_HEAD) &&
	                                          (!strcmp(row->state, "processing") || !strcmp(row->state, "received")))) {
		any = true;
		buf f;
		buf_init(&f, 64 * 1024);
		html_printf(&f, "<p class=\"muted\">%s</p>", web_t(r, "Chỉ được yêu cầu bổ sung MỘT lần: đánh dấu mọi giấy tờ còn thiếu và ghi rõ lý do."));
		for (int i = 0; i < nd; i++)
			html_printf(&f, "<label class=\"check\"><input type=\"checkbox\" name=\"missing_%d\" value=\"1\"> %d. %s</label>"
			                "<input name=\"reason_%d\" maxlength=\"500\" placeholder=\"%s\">",
			            docs[i].ordinal, docs[i].ordinal, docs[i].name, docs[i].ordinal, web_t(r, "Lý do cần bổ sung"));
		action_form(r, row, DC_REQUEST_SUPPLEMENT, web_t(r, "Yêu cầu bổ sung hồ sơ"), arena_strdup(r->a, buf_str(&f)));
		buf_free(&f);
	}
	if (may(a, row, DC_SUPPLEMENT)) {
		any = true;
		buf f;
		buf_init(&f, 64 * 1024);
		for (int i = 0; i < nd; i++)
			if (docs[i].supplement_reason)
				html_printf(&f, "<label class=\"check\"><input type=\"checkbox\" name=\"doc_%d\" value=\"1\" checked> %d. %s</label>",
				            docs[i].ordinal, docs[i].ordinal, docs[i].name);
		action_form(r, row, DC_SUPPLEMENT, web_t(r, "Ghi nhận đã bổ sung hồ sơ"), arena_strdup(r->a, buf_str(&f)));
		buf_free(&f);
	}
	if (may(a, row, DC_APOLOGIZE)) {
		any = true;
		action_form(r, row, DC_APOLOGIZE, web_t(r, "Gửi văn bản xin lỗi và hẹn lại (một lần)"),
		            arena_printf(r->a, "<label>%s<textarea name=\"reason\" required rows=\"2\"></textarea></label>"
		                               "<label>%s<input name=\"new_due\" type=\"datetime-local\" required></label>",
		                         web_t(r, "Lý do trễ hạn"), web_t(r, "Ngày hẹn trả kết quả mới")));
	}
	if (may(a, row, DC_RESULT_READY)) {
		any = true;
		action_form(r, row, DC_RESULT_READY, web_t(r, "Có kết quả, chuyển Bộ phận Một cửa"),
		            arena_printf(r->a, "<label>%s<input name=\"note\" maxlength=\"500\"></label>", web_t(r, "Ghi chú kết quả")));
	}
	if (may(a, row, DC_RETURN)) { any = true; action_form(r, row, DC_RETURN, web_t(r, "Trả kết quả cho công dân"), ""); }
	if (may(a, row, DC_STOP)) {
		any = true;
		action_form(r, row, DC_STOP, web_t(r, "Dừng giải quyết hồ sơ"),
		            arena_printf(r->a, "<label>%s<textarea name=\"reason\" required rows=\"2\"></textarea></label>", web_t(r, "Lý do")));
	}
	if (may(a, row, DC_WITHDRAW)) {
		any = true;
		action_form(r, row, DC_WITHDRAW, web_t(r, "Rút hồ sơ"),
		            arena_printf(r->a, "<label>%s<input name=\"reason\" maxlength=\"500\"></label>", web_t(r, "Lý do (không bắt buộc)")));
	}
	if (!any) H(r, "<p class=\"muted\">%s</p>", web_t(r, "Không có thao tác nào bạn được thực hiện ở trạng thái này."));
	ui_page_end(r);
	return 0;
}

static int page_dossier(web_req *r)
{
	err e = {0};
	dossier_row row;
	if (dossier_load_for(r, &row, &e)) return web_error(r, &e);
	return render_dossier(r, &row, NULL);
}

static int page_action(web_req *r)
{
	err e = {0};
	dossier_row row;
	if (dossier_load_for(r, &row, &e)) return web_error(r, &e);
	dossier_input in;
	dossier_cmd cmd;
	if (dossier_input_from_form(r, &in, &e) == 0 && dossier_cmd_parse(web_form(r, "action"), &cmd))
		err_set(&e, MB_EINVAL, "invalid_field", "action", "Thao tác không hợp lệ.", "unknown action");
	dossier_result res = {0};
	if (!e.status && dossier_exec(db_thread(), r->actor, cmd, row.code, &in, r->a, &res, &e) == 0)
		return web_redirect(r, arena_printf(r->a, "/dossiers/%s", row.code));
	if (e.status == MB_EINTERNAL) return web_error(r, &e);
	dossier_repo_get(db_thread(), row.code, r->a, &row, NULL);   /* reload: a refused attempt may be recorded */
	r->status = err_http_status(e.status, e.code);
	return render_dossier(r, &row, &e);
}

static const web_route routes[] = {
	{"GET", "/track", WEB_PUBLIC, page_track, 0},
	{"GET", "/apologies", WEB_PUBLIC, page_apologies, 0},
	{"GET", "/dossiers", AUTH_P_SIGNED_IN, page_list, 0},
	{"GET", "/dossiers/new", AUTH_P_SIGNED_IN, page_new, 0},
	{"POST", "/dossiers/new", AUTH_P_SIGNED_IN, page_new_post, 0},
	{"GET", "/submit", AUTH_P_SIGNED_IN, page_submit, 0},
	{"POST", "/submit", AUTH_P_SIGNED_IN, page_submit_post, 40u * 1024 * 1024},
	{"GET", "/dossiers/{code}", AUTH_P_SIGNED_IN, page_dossier, 0},
	{"POST", "/dossiers/{code}/actions", AUTH_P_SIGNED_IN, page_action, 40u * 1024 * 1024},
};

void dossier_pages_install(void)
{
	web_route_add(routes, sizeof routes / sizeof routes[0]);
}
