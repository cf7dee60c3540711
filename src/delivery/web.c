/* web.c — results online and fees on the web: the tracking page's section
 * and the download with code and secret; the staff dossier page's section,
 * its two forms (POST/redirect/GET with one-time tokens) and the staff
 * download; the JSON API. */
#include <string.h>

#include "base/clock.h"
#include "delivery/repo.h"
#include "dossier/web.h"
#include "procedures/procedures.h"
#include "ui/ui.h"
#include "web/html.h"
#include "web/i18n.h"

static bool en(web_req *r) { return !strcmp(r->lang, "en"); }

static const char *when(web_req *r, int64_t t)
{
	if (!t) return "—";
	char s[32];
	clock_vn_display(t, s, sizeof s);
	return arena_strdup(r->a, s);
}

static const char *money(web_req *r, int64_t vnd)
{
	if (vnd == 0) return web_t(r, "Miễn phí");
	char amount[40];
	procedures_format_vnd(vnd, en(r) ? ',' : '.', amount, sizeof amount);
	return arena_printf(r->a, "%s %s", amount, web_t(r, "đồng"));
}

static const char *method_label(web_req *r, const char *name)
{
	delivery_method m;
	return delivery_method_parse(name, &m) ? name : web_t(r, delivery_method_label_vi(m));
}

static dossier_state state_of(const dossier_row *row)
{
	dossier_state s;
	return dossier_state_parse(row->state, &s) ? DS_NONE : s;
}

static delivery_actor actor_of(db *d, const auth_actor *actor, const dossier_row *row)
{
	delivery_actor a = {actor->role, dossier_in_scope(d, actor, row),
	                    row->holder_account_id && row->holder_account_id == actor->id};
	return a;
}

static const char *file_size(web_req *r, int64_t n)
{
	if (n >= 1024 * 1024) return arena_printf(r->a, "%lld.%lld MB", (long long)(n / (1024 * 1024)),
	                                          (long long)(n % (1024 * 1024) * 10 / (1024 * 1024)));
	return arena_printf(r->a, "%lld KB", (long long)((n + 1023) / 1024));
}

/* --- tracking --- */

int delivery_track_section(web_req *r, db *d, const dossier_row *row, const char *secret, err *e)
{
	delivery_result_row res;
	delivery_payment_row pay;
	int hr = delivery_rules_public(state_of(row)) ? delivery_result_of(d, row->id, r->a, &res, e) : 0;
	if (hr < 0) return hr;
	int hp = delivery_payment_of(d, row->id, r->a, &pay, e);
	if (hp < 0) return hp;
	if (!hr && !hp) return 0;
	H(r, "<section class=\"card eresult\" id=\"result\"><h2>%s</h2>", web_t(r, "Kết quả điện tử và phí, lệ phí"));
	if (hr) {
		H(r, "<p>%s</p><dl><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd><code class=\"hash\">%s</code></dd></dl>"
		     "<p><a class=\"button\" href=\"/track/result?code=%u&amp;secret=%u\" download>%s</a> <span class=\"muted\">(PDF, %s)</span></p>"
		     "<p class=\"hint\">%s</p>",
		  web_t(r, "Hồ sơ có kết quả điện tử: bạn tải về được, có giá trị như bản giấy nhận tại Bộ phận Một cửa."),
		  web_t(r, "Đính kèm lúc"), when(r, res.attached_at), web_t(r, "Mã SHA-256 của tệp"), res.sha256,
		  row->code, secret ? secret : "", web_t(r, "Tải kết quả (PDF)"), file_size(r, res.size),
		  web_t(r, "Ai cũng kiểm tra được tệp không bị sửa: mã SHA-256 của tệp tải về (lệnh sha256sum) phải trùng mã trên, và trùng mã ghi trong sổ cái của hệ thống."));
	}
	if (hp) {
		H(r, "<dl><dt>%s</dt><dd>%s</dd>", web_t(r, "Phí, lệ phí đã nộp"), money(r, pay.fee_vnd));
		if (pay.fee_vnd > 0) H(r, "<dt>%s</dt><dd>%s</dd>", web_t(r, "Hình thức nộp"), method_label(r, pay.method));
		if (pay.receipt_no[0]) H(r, "<dt>%s</dt><dd>%s</dd>", web_t(r, "Số biên lai"), pay.receipt_no);
		H(r, "<dt>%s</dt><dd>%s</dd></dl>", web_t(r, "Ghi nhận lúc"), when(r, pay.recorded_at));
	}
	H(r, "</section>");
	return 0;
}

/* The result's bytes: private, never cached, always a download named by the dossier code. */
static int send_pdf(web_req *r, const dossier_row *row, const unsigned char *data, size_t n)
{
	r->status = 200;
	r->out_type = "application/pdf";
	r->no_gzip = true;
	buf_reset(&r->out);
	buf_add(&r->out, data, n);
	web_header_add(r, "Content-Disposition", arena_printf(r->a, "attachment; filename=\"ket-qua-%s.pdf\"", row->code));
	web_header_add(r, "Cache-Control", "private, no-store");
	return 0;
}

/* GET /track/result?code=…&secret=…: the same proof and the same limit of
 * failures as tracking; a wrong code or secret answers as tracking does. */
static int page_track_result(web_req *r)
{
	db *d = db_thread();
	err e = {0};
	dossier_row row;
	const char *code = web_query(r, "code"), *secret = web_query(r, "secret");
	int rc = code && secret ? dossier_track(d, code, secret, r->client_addr, r->a, &row, &e) : 0;
	if (rc < 0) return web_error(r, &e);
	if (rc == 0) {
		err_set(&e, MB_ENOTFOUND, "not_found", NULL, "Mã hồ sơ hoặc mã tra cứu không đúng.",
		        "wrong dossier code or look-up secret");
		return web_error(r, &e);
	}
	delivery_result_row res;
	unsigned char *data = NULL;
	size_t n = 0;
	if (!delivery_rules_public(state_of(&row))) {
		err_set(&e, MB_ENOTFOUND, "no_result", NULL, "Hồ sơ này chưa có kết quả điện tử.",
		        "this dossier has no electronic result yet");
		return web_error(r, &e);
	}
	if (delivery_read_file(d, row.id, r->a, &res, &data, &n, &e)) return web_error(r, &e);
	return send_pdf(r, &row, data, n);
}

/* --- the staff dossier page --- */

static void result_form(web_req *r, const dossier_row *row, bool replace)
{
	H(r, "<form method=\"post\" action=\"/dossiers/%u/result\" class=\"form\" enctype=\"multipart/form-data\">%r"
	     "<label>%s<input type=\"file\" name=\"file\" required accept=\"application/pdf\">"
	     "<span class=\"hint\">%s</span></label><button type=\"submit\">%s</button></form>",
	  row->code, auth_form_fields(r), web_t(r, "Tệp kết quả (PDF, tối đa 10 MB)"),
	  replace ? web_t(r, "Thay kết quả: tệp cũ và mã SHA-256 của nó vẫn được giữ trong lịch sử và sổ cái.")
	          : web_t(r, "Mã SHA-256 của tệp được ghi vào sổ cái; công dân tải về bằng mã hồ sơ và mã tra cứu khi hồ sơ có kết quả."),
	  replace ? web_t(r, "Thay kết quả") : web_t(r, "Đính kèm kết quả"));
}

static void payment_form(web_req *r, const dossier_row *row, int64_t catalogue_fee, const delivery_payment_row *cur)
{
	const char *fee = cur ? arena_printf(r->a, "%lld", (long long)cur->fee_vnd)
	                      : catalogue_fee >= 0 ? arena_printf(r->a, "%lld", (long long)catalogue_fee) : "";
	const char *sel = cur ? cur->method : "";
	H(r, "<form method=\"post\" action=\"/dossiers/%u/payment\" class=\"form\">%r"
	     "<label>%s<input name=\"fee_vnd\" inputmode=\"numeric\" required maxlength=\"20\" value=\"%s\">"
	     "<span class=\"hint\">%s %s</span></label>"
	     "<label>%s<select name=\"method\">",
	  row->code, auth_form_fields(r), web_t(r, "Số tiền (đồng)"), fee, web_t(r, "Mức phí, lệ phí đã công bố:"),
	  catalogue_fee >= 0 ? money(r, catalogue_fee) : web_t(r, "Theo Nghị quyết của HĐND tỉnh"), web_t(r, "Hình thức nộp"));
	for (int m = DM_CASH; m < DM__MAX; m++)
		H(r, "<option value=\"%s\"%r>%s</option>", delivery_method_name((delivery_method)m),
		  !strcmp(sel, delivery_method_name((delivery_method)m)) ? " selected" : "",
		  web_t(r, delivery_method_label_vi((delivery_method)m)));
	H(r, "<option value=\"none\"%r>%s</option></select></label>"
	     "<label>%s<input name=\"receipt_no\" maxlength=\"40\" autocomplete=\"off\" value=\"%s\"><span class=\"hint\">%s</span></label>"
	     "<label>%s<input name=\"reference\" maxlength=\"40\" autocomplete=\"off\" value=\"%s\"><span class=\"hint\">%s</span></label>"
	     "<label>%s<input name=\"fee_reason\" maxlength=\"500\" value=\"%s\"><span class=\"hint\">%s</span></label>"
	     "<button type=\"submit\">%s</button></form>",
	  !strcmp(sel, "none") ? " selected" : "", web_t(r, "Không thu phí"),
	  web_t(r, "Số biên lai"), cur ? cur->receipt_no : "", web_t(r, "Bắt buộc khi nộp tiền mặt."),
	  web_t(r, "Mã giao dịch"), cur ? cur->reference : "", web_t(r, "Bắt buộc khi nộp qua Cổng thanh toán quốc gia."),
	  web_t(r, "Lý do thu khác mức đã công bố"), cur ? cur->fee_reason : "",
	  web_t(r, "Bắt buộc khi số tiền khác mức phí, lệ phí đã công bố."), web_t(r, "Ghi nhận phí, lệ phí"));
}

int delivery_staff_section(web_req *r, db *d, const dossier_row *row, err *e)
{
	const auth_actor *a = r->actor;
	dossier_state s = state_of(row);
	bool citizen = a->role == ROLE_CITIZEN;
	delivery_result_row *hist = NULL;
	int nh = 0;
	if (!citizen || delivery_rules_public(s))
		if (delivery_repo_result_history(d, row->id, 20, r->a, &hist, &nh, e)) return e->status;
	delivery_payment_row pay;
	int hp = delivery_payment_of(d, row->id, r->a, &pay, e);
	if (hp < 0) return hp;
	delivery_actor da = actor_of(d, a, row);
	bool may_attach = !citizen && delivery_rules_may_attach(s, &da, NULL) == 0;
	bool may_pay = !citizen && delivery_rules_may_pay(s, &da, NULL) == 0;
	if (!nh && !hp && !may_attach && !may_pay) return 0;
	H(r, "<section class=\"card eresult\" id=\"result\"><h2>%s</h2>", web_t(r, "Kết quả điện tử và phí, lệ phí"));
	const delivery_result_row *cur = NULL;
	for (int i = 0; i < nh; i++) if (!hist[i].replaced_at) cur = &hist[i];
	if (cur) {
		H(r, "<dl><dt>%s</dt><dd>%s <span class=\"muted\"%r>(%s)</span></dd><dt>%s</dt><dd><code class=\"hash\">%s</code></dd></dl>"
		     "<p><a href=\"/dossiers/%u/result\">%s</a> <span class=\"muted\">(PDF, %s)</span></p>",
		  web_t(r, "Đính kèm lúc"), when(r, cur->attached_at), ui_vi(r), cur->attached_by_name, web_t(r, "Mã SHA-256 của tệp"),
		  cur->sha256, row->code, web_t(r, "Tải kết quả (PDF)"), file_size(r, cur->size));
		if (!delivery_rules_public(s))
			H(r, "<p class=\"muted\">%s</p>", web_t(r, "Công dân tải được kết quả khi hồ sơ chuyển sang “Đã có kết quả, chờ trả”."));
		if (nh > 1) {
			H(r, "<p>%s</p><ul class=\"hashes\">", web_t(r, "Kết quả đã thay:"));
			for (int i = 0; i < nh; i++)
				if (hist[i].replaced_at)
					H(r, "<li><code class=\"hash\">%s</code> <span class=\"muted\">(%s → %s)</span></li>", hist[i].sha256,
					  when(r, hist[i].attached_at), when(r, hist[i].replaced_at));
			H(r, "</ul>");
		}
	} else if (!citizen) {
		H(r, "<p class=\"muted\">%s</p>", web_t(r, "Chưa có kết quả điện tử."));
	}
	if (may_attach) result_form(r, row, cur != NULL);
	if (hp) {
		H(r, "<h3>%s</h3><dl><dt>%s</dt><dd>%s</dd>", web_t(r, "Phí, lệ phí"), web_t(r, "Phí, lệ phí đã nộp"), money(r, pay.fee_vnd));
		if (pay.catalogue_fee_vnd >= 0 && pay.catalogue_fee_vnd != pay.fee_vnd)
			H(r, "<dt>%s</dt><dd>%s — <span%r>%s</span></dd>", web_t(r, "Mức đã công bố"), money(r, pay.catalogue_fee_vnd),
			  ui_vi(r), pay.fee_reason);
		if (pay.fee_vnd > 0) H(r, "<dt>%s</dt><dd>%s</dd>", web_t(r, "Hình thức nộp"), method_label(r, pay.method));
		if (pay.receipt_no[0]) H(r, "<dt>%s</dt><dd>%s</dd>", web_t(r, "Số biên lai"), pay.receipt_no);
		if (pay.reference[0] && !citizen) H(r, "<dt>%s</dt><dd>%s</dd>", web_t(r, "Mã giao dịch"), pay.reference);
		H(r, "<dt>%s</dt><dd>%s</dd></dl>", web_t(r, "Ghi nhận lúc"), when(r, pay.recorded_at));
	}
	if (may_pay) {
		procedure p;
		int64_t cat = procedures_get_by_id(d, row->procedure_id, r->a, &p, NULL) == 1 ? p.fee_vnd : -1;
		if (!hp) H(r, "<h3>%s</h3>", web_t(r, "Phí, lệ phí"));
		payment_form(r, row, cat, hp ? &pay : NULL);
	}
	H(r, "</section>");
	return 0;
}

/* A refused form: the error, the section again with its forms, the way back. */
static int render_refused(web_req *r, const dossier_row *row, const err *fe)
{
	err e = {0};
	r->status = err_http_status(fe->status, fe->code);
	ui_page_begin(r, row->code);
	H(r, "<p class=\"crumbs\"><a href=\"/dossiers/%u\">%s %s</a></p><h1>%s <code>%s</code></h1>"
	     "<p class=\"error\" role=\"alert\">%s</p>",
	  row->code, web_t(r, "Hồ sơ số"), row->code, web_t(r, "Hồ sơ số"), row->code, en(r) ? fe->en : fe->vi);
	if (delivery_staff_section(r, db_thread(), row, &e)) return web_error(r, &e);
	ui_page_end(r);
	return 0;
}

static const web_file *the_file(web_req *r)
{
	for (const web_file *f = r->files; f; f = f->next)
		if (!strcmp(f->field, "file")) return f;
	return NULL;
}

static int page_result_post(web_req *r)
{
	err e = {0};
	dossier_row row;
	if (dossier_load_for(r, &row, &e)) return web_error(r, &e);
	const web_file *f = the_file(r);
	char sha[65];
	if (delivery_attach(db_thread(), r->actor, row.code, f ? f->data.data : NULL, f ? f->data.len : 0, r->a, sha, &e) == 0)
		return web_redirect(r, arena_printf(r->a, "/dossiers/%s#result", row.code));
	if (e.status == MB_EINTERNAL) return web_error(r, &e);
	return render_refused(r, &row, &e);
}

static delivery_payment_in payment_from_form(web_req *r)
{
	delivery_payment_in in = {web_form(r, "fee_vnd"), web_form(r, "method"), web_form(r, "reference"),
	                          web_form(r, "receipt_no"), web_form(r, "fee_reason")};
	return in;
}

static int page_payment_post(web_req *r)
{
	err e = {0};
	dossier_row row;
	if (dossier_load_for(r, &row, &e)) return web_error(r, &e);
	delivery_payment_in in = payment_from_form(r);
	if (delivery_pay(db_thread(), r->actor, row.code, &in, r->a, &e) == 0)
		return web_redirect(r, arena_printf(r->a, "/dossiers/%s#result", row.code));
	if (e.status == MB_EINTERNAL) return web_error(r, &e);
	return render_refused(r, &row, &e);
}

/* GET /dossiers/{code}/result: staff who may see the dossier, or the citizen
 * who owns it once the result is ready. */
static int page_result_get(web_req *r)
{
	err e = {0};
	dossier_row row;
	if (dossier_load_for(r, &row, &e)) return web_error(r, &e);
	const auth_actor *a = r->actor;
	if (a->role == ROLE_CITIZEN && !delivery_rules_public(state_of(&row))) {
		err_set(&e, MB_ENOTFOUND, "no_result", NULL, "Hồ sơ này chưa có kết quả điện tử.",
		        "this dossier has no electronic result yet");
		return web_error(r, &e);
	}
	delivery_result_row res;
	unsigned char *data = NULL;
	size_t n = 0;
	if (delivery_read_file(db_thread(), row.id, r->a, &res, &data, &n, &e)) return web_error(r, &e);
	return send_pdf(r, &row, data, n);
}

/* --- JSON --- */

int delivery_json_add(db *d, json_t *j, const dossier_row *row, bool staff, arena *a, err *e)
{
	delivery_result_row res;
	delivery_payment_row pay;
	int hr = staff || delivery_rules_public(state_of(row)) ? delivery_result_of(d, row->id, a, &res, e) : 0;
	if (hr < 0) return hr;
	int hp = delivery_payment_of(d, row->id, a, &pay, e);
	if (hp < 0) return hp;
	json_t *rj = json_null();
	if (hr) {
		rj = json_pack("{s:s, s:I, s:o, s:b}", "sha256", res.sha256, "size", (json_int_t)res.size, "attached_at",
		               web_json_time(res.attached_at), "available", delivery_rules_public(state_of(row)));
		if (staff) json_object_set_new(rj, "attached_by", json_string(res.attached_by_name));
	}
	json_t *pj = json_null();
	if (hp) {
		pj = json_pack("{s:I, s:s, s:s, s:o}", "fee_vnd", (json_int_t)pay.fee_vnd, "method", pay.method, "receipt_no",
		               pay.receipt_no, "recorded_at", web_json_time(pay.recorded_at));
		if (staff) {
			json_object_set_new(pj, "reference", json_string(pay.reference));
			json_object_set_new(pj, "catalogue_fee_vnd",
			                    pay.catalogue_fee_vnd >= 0 ? json_integer(pay.catalogue_fee_vnd) : json_null());
			json_object_set_new(pj, "fee_reason", json_string(pay.fee_reason));
		}
	}
	json_object_set_new(j, "result", rj);
	json_object_set_new(j, "payment", pj);
	return 0;
}

static int answer(web_req *r, const char *code)
{
	err e = {0};
	dossier_row row;
	db *d = db_thread();
	if (dossier_repo_get(d, code, r->a, &row, &e) != 1) {
		if (!e.status) err_set(&e, MB_EINTERNAL, "internal", NULL, "Lỗi hệ thống.", "internal error");
		return web_error(r, &e);
	}
	json_t *j = json_pack("{s:s, s:s}", "code", row.code, "state", row.state);
	if (delivery_json_add(d, j, &row, true, r->a, &e)) { json_decref(j); return web_error(r, &e); }
	return web_json(r, 200, json_pack("{s:o}", "dossier", j));
}

static int api_result_post(web_req *r)
{
	err e = {0};
	dossier_row row;
	if (dossier_load_for(r, &row, &e)) return web_error(r, &e);
	const web_file *f = the_file(r);
	char sha[65];
	if (delivery_attach(db_thread(), r->actor, row.code, f ? f->data.data : NULL, f ? f->data.len : 0, r->a, sha, &e))
		return web_error(r, &e);
	return answer(r, row.code);
}

static int api_payment_post(web_req *r)
{
	err e = {0};
	dossier_row row;
	if (dossier_load_for(r, &row, &e)) return web_error(r, &e);
	json_t *j = web_json_body(r, &e);
	if (!j) return web_error(r, &e);
	/* fee_vnd as a number or as text; the rules check both the same way. */
	json_t *fv = json_object_get(j, "fee_vnd");
	const char *fee = json_is_string(fv) ? json_string_value(fv)
	                : json_is_integer(fv) ? arena_printf(r->a, "%lld", (long long)json_integer_value(fv))
	                : fv && !json_is_null(fv) ? "?" : NULL;
	delivery_payment_in in = {fee, json_string_value(json_object_get(j, "method")),
	                          json_string_value(json_object_get(j, "reference")),
	                          json_string_value(json_object_get(j, "receipt_no")),
	                          json_string_value(json_object_get(j, "fee_reason"))};
	const char *keep[5] = {in.fee_vnd, in.method, in.reference, in.receipt_no, in.fee_reason};
	for (int i = 0; i < 5; i++) if (keep[i]) keep[i] = arena_strdup(r->a, keep[i]);
	in = (delivery_payment_in){keep[0], keep[1], keep[2], keep[3], keep[4]};
	json_decref(j);
	if (delivery_pay(db_thread(), r->actor, row.code, &in, r->a, &e)) return web_error(r, &e);
	return answer(r, row.code);
}

static const web_route routes[] = {
	{"GET", "/track/result", WEB_PUBLIC, page_track_result, 0},
	{"GET", "/dossiers/{code}/result", AUTH_P_DOSSIERS, page_result_get, 0},
	{"POST", "/dossiers/{code}/result", AUTH_P_DOSSIERS, page_result_post, 12u * 1024 * 1024},
	{"POST", "/dossiers/{code}/payment", AUTH_P_DOSSIERS, page_payment_post, 0},
	{"POST", "/api/v1/dossiers/{code}/result", AUTH_P_DOSSIERS, api_result_post, 12u * 1024 * 1024},
	{"POST", "/api/v1/dossiers/{code}/payment", AUTH_P_DOSSIERS, api_payment_post, 0},
};

/* On the dossier's pages and in its JSON: the result online and the fee. */
static const dossier_section section = {
	.track_top = delivery_track_section, .staff = delivery_staff_section, .json = delivery_json_add,
};

void delivery_install(void)
{
	web_route_add(routes, sizeof routes / sizeof routes[0]);
	dossier_section_add(&section);
}
