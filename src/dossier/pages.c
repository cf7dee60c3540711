/* pages.c — dossier pages: public tracking (who holds my dossier, since when,
 * due when), the apology register, the citizen's online submission and
 * dossiers, and the staff's intake, queue and dossier detail. No JavaScript;
 * one stylesheet (tables turn into labelled cards on a phone). */
#include <stdlib.h>
#include <string.h>

#include "base/calendar.h"
#include "base/clock.h"
#include "base/text.h"
#include "dossier/web.h"
#include "procedures/procedures.h"
#include "ui/ui.h"
#include "units/units.h"
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

/* An instant as the value of an <input type="datetime-local"> (Vietnam time). */
static const char *local_input(web_req *r, int64_t t)
{
	int32_t day = cal_day_of(t);
	int y, m, d;
	cal_ymd(day, &y, &m, &d);
	int min = (int)((t - cal_local(day, 0)) / 60);
	return arena_printf(r->a, "%04d-%02d-%02dT%02d:%02d", y, m, d, min / 60, min % 60);
}

static const char *pname(web_req *r, const procedure *p)
{
	return en(r) && p->name_en && *p->name_en ? p->name_en : p->name_vi;
}

static const char *unit_name(web_req *r, db *d, int64_t unit_id)
{
	const char *code = auth_unit_code(d, unit_id, r->a);
	units_row u;
	if (*code && units_get(d, code, r->a, &u) == 1) return en(r) ? u.name_en : u.name_vi;
	return code;
}

static const char *state_label(web_req *r, const char *state)
{
	dossier_state s;
	return dossier_state_parse(state, &s) ? state : web_t(r, dossier_state_label_vi(s));
}

static void state_badge(web_req *r, const char *state)
{
	H(r, "<span class=\"state state-%s\">%s</span>", state, state_label(r, state));
}

/* The dossier's progress (dossier_rules_progress, computed now): its label
 * and a class (ok, risk, late, done). */
static const char *progress_label(web_req *r, dossier_progress p, const char **cls)
{
	if (cls) *cls = dossier_progress_class(p);
	return web_t(r, dossier_progress_label_vi(p));
}

static void progress_badge(web_req *r, dossier_progress p)
{
	const char *cls;
	const char *l = progress_label(r, p, &cls);
	H(r, "<span class=\"badge %s\">%s</span>", cls, l);
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

/* Who held a step: the name, and the position (the account's title, or its
 * role and unit when no title is recorded). On the public page the
 * applicant's own step names no one. */
static void holder_cell(web_req *r, db *d, const dossier_step_row *s, bool public_view)
{
	if (!strcmp(s->kind, "supplement")) {
		if (public_view) H(r, "<strong>%s</strong>", web_t(r, "Người nộp hồ sơ"));
		else H(r, "<strong%r>%s</strong><br><span class=\"muted\">%s</span>", ui_vi(r), s->holder_name, web_t(r, "Người nộp hồ sơ"));
		return;
	}
	if (!s->holder_account_id) {   /* the one-stop desk */
		H(r, "<strong>%s</strong><br><span class=\"muted\">%s · %s</span>", web_t(r, "Bộ phận Một cửa"),
		  web_t(r, "Bộ phận tiếp nhận và trả kết quả"), (en(r) ? s->unit_name_en : s->unit_name_vi));
		return;
	}
	const char *title = s->holder_title, *title_vi = ui_vi(r);
	if (!title || !*title) {
		title_vi = "";
		dossier_account acc;
		auth_role role;
		title = dossier_repo_account(d, NULL, s->holder_account_id, r->a, &acc, NULL) == 1 &&
		        auth_role_parse(acc.role, &role) == 0 ? web_t(r, auth_role_label_vi(role)) : "";
	}
	H(r, "<strong%r>%s</strong><br><span class=\"muted\"><span%r>%s</span>%s%s</span>", ui_vi(r), s->holder_name,
	  title_vi, title, *title ? " · " : "",
	  (en(r) ? s->unit_name_en : s->unit_name_vi));
}

/* The steps table: who held the dossier, from when to when, due when, on
 * time or late. Late steps carry the class "late" and a red badge. */
static int steps_table(web_req *r, db *d, const dossier_row *row, bool public_view, err *e)
{
	dossier_step_row *steps;
	int n = 0;
	if (dossier_repo_steps(d, row->id, r->a, &steps, &n, e)) return e->status;
	const char *l_step = web_t(r, "Bước"), *l_holder = web_t(r, "Người giữ hồ sơ"), *l_from = web_t(r, "Từ"),
	           *l_to = web_t(r, "Đến"), *l_due = web_t(r, "Hạn"), *l_status = web_t(r, "Tình trạng");
	H(r, "<table class=\"list stack steps\"><thead><tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr></thead><tbody>",
	  l_step, l_holder, l_from, l_to, l_due, l_status);
	int64_t now = clock_now();
	for (int i = 0; i < n; i++) {
		const dossier_step_row *s = &steps[i];
		bool late = dossier_rules_step_late(s->due_at, s->ended_at, now);
		const char *cls = !s->due_at ? "none" : late ? "late" : "ok";
		const char *status = !s->due_at ? web_t(r, "Không tính hạn")
		                     : late ? (s->ended_at ? web_t(r, "Trễ hạn") : web_t(r, "Quá hạn"))
		                     : s->ended_at ? web_t(r, "Đúng hạn") : web_t(r, "Trong hạn");
		H(r, "<tr%r><td data-label=\"%s\">%d. %s</td><td data-label=\"%s\">", late ? " class=\"late\"" : "",
		  l_step, i + 1, step_kind_label(r, s->kind), l_holder);
		holder_cell(r, d, s, public_view);
		H(r, "</td><td data-label=\"%s\">%s</td><td data-label=\"%s\">%s</td><td data-label=\"%s\">%s</td>"
		     "<td data-label=\"%s\"><span class=\"badge %s\">%s</span></td></tr>",
		  l_from, when(r, s->started_at), l_to, s->ended_at ? when(r, s->ended_at) : web_t(r, "đang giữ"),
		  l_due, s->due_at ? when(r, s->due_at) : "—", l_status, cls, status);
	}
	if (n == 0) H(r, "<tr><td colspan=\"6\">%s</td></tr>", web_t(r, "Chưa có bước nào."));
	H(r, "</tbody></table>");
	return 0;
}

/* The apology letter (Form 04), when one was sent: the reason, the new date,
 * and whether it was sent before the dossier was late. */
static int apology_block(web_req *r, db *d, const dossier_row *row, bool staff, err *e)
{
	if (!row->extensions) return 0;
	const char *reason = "";
	int64_t old_due = row->original_due_at, new_due = row->due_at, issued = 0;
	int found = dossier_repo_apology_last(d, row->id, r->a, &reason, &old_due, &new_due, &issued);
	if (found < 0) return err_set(e, MB_EINTERNAL, "internal", NULL, "Lỗi hệ thống.", "internal error");
	H(r, "<section class=\"notice apology\" role=\"note\"><h2>%s</h2><p>%s</p><dl>"
	     "<dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd><strong>%s</strong></dd><dt>%s</dt><dd>%s</dd></dl><p>%s",
	  web_t(r, "Thông báo xin lỗi và hẹn lại ngày trả kết quả"),
	  web_t(r, "Cơ quan giải quyết đã gửi văn bản xin lỗi và hẹn lại ngày trả kết quả."),
	  web_t(r, "Lý do chậm trễ"), reason, web_t(r, "Hẹn trả kết quả trước đây"), when(r, old_due),
	  web_t(r, "Ngày hẹn trả kết quả mới"), when(r, new_due), web_t(r, "Ngày gửi văn bản"), when(r, issued),
	  issued && issued <= old_due ? web_t(r, "Văn bản được gửi trước khi hồ sơ trễ hạn.")
	                              : web_t(r, "Văn bản được gửi khi hồ sơ đã trễ hạn."));
	if (staff) H(r, " <a href=\"/dossiers/%u/print/04\">%s</a>", row->code, web_t(r, "Xem văn bản xin lỗi (Mẫu 04)"));
	H(r, "</p></section>");
	return 0;
}

/* The summary of a dossier shared by the tracking page and the staff page. */
static void summary_card(web_req *r, db *d, const dossier_row *row, const procedure *p, bool staff)
{
	const char *ucode = auth_unit_code(d, row->unit_id, r->a);
	H(r, "<section class=\"card summary\"><dl><dt>%s</dt><dd>", web_t(r, "Thủ tục"));
	if (p) H(r, "<a href=\"/procedures/%u\">%s</a>", p->code, pname(r, p));
	H(r, "</dd><dt>%s</dt><dd><a href=\"/units/%u\">%s</a></dd><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>",
	  web_t(r, "Cơ quan tiếp nhận"), ucode, unit_name(r, d, row->unit_id),
	  web_t(r, "Hình thức nộp"), !strcmp(row->channel, "online") ? web_t(r, "Trực tuyến") : web_t(r, "Trực tiếp tại Bộ phận Một cửa"),
	  web_t(r, "Trạng thái"));
	state_badge(r, row->state);
	H(r, "</dd>");
	if (!strcmp(row->channel, "online")) H(r, "<dt>%s</dt><dd>%s</dd>", web_t(r, "Nộp trực tuyến lúc"), when(r, row->submitted_at));
	H(r, "<dt>%s</dt><dd>%s</dd><dt>%s</dt><dd><strong>%s</strong>", web_t(r, "Ngày tiếp nhận"), when(r, row->received_at),
	  web_t(r, "Hẹn trả kết quả"), when(r, row->due_at));
	if (row->extensions) H(r, " <span class=\"muted\">(%s %s)</span>", web_t(r, "hẹn ban đầu"), when(r, row->original_due_at));
	H(r, "</dd><dt>%s</dt><dd>", web_t(r, "Tiến độ"));
	progress_badge(r, dossier_progress_now(d, row, r->a));
	H(r, "</dd>");
	if (row->finished_at) H(r, "<dt>%s</dt><dd>%s</dd>", web_t(r, "Kết thúc lúc"), when(r, row->finished_at));
	if (staff && row->holder_account_id) {
		dossier_account h;
		if (dossier_repo_account(d, NULL, row->holder_account_id, r->a, &h, NULL) == 1)
			H(r, "<dt>%s</dt><dd><span%r>%s</span> <span class=\"muted\">(%s)</span></dd>", web_t(r, "Người đang giữ"),
			  ui_vi(r), h.display_name, h.login);
	}
	H(r, "<dt>%s</dt><dd><strong class=\"count\">%d/1</strong>%r</dd><dt>%s</dt><dd>%d/1</dd></dl></section>",
	  web_t(r, "Số lần yêu cầu bổ sung đã dùng"), row->supplement_requests,
	  row->supplement_requests >= 1 ? arena_printf(r->a, " <span class=\"muted\">%s</span>",
	                                               web_t(r, "(không được yêu cầu bổ sung thêm)")) : "",
	  web_t(r, "Số lần gia hạn (xin lỗi, hẹn lại) đã dùng"), row->extensions);
	if (row->reason && row->reason[0])
		H(r, "<p class=\"notice\"><strong>%s</strong> %s</p>", web_t(r, "Lý do:"), row->reason);
}

/* --- public tracking --- */

static void track_form(web_req *r, const char *code)
{
	H(r, "<form method=\"get\" action=\"/track\" class=\"form card\"><label>%s<input name=\"code\" required maxlength=\"40\" "
	     "autocapitalize=\"characters\" spellcheck=\"false\" placeholder=\"PCC-261127-0001\" value=\"%s\"></label>"
	     "<label>%s<input name=\"secret\" required maxlength=\"20\" autocomplete=\"off\" autocapitalize=\"characters\" "
	     "spellcheck=\"false\"></label><button type=\"submit\">%s</button></form>",
	  web_t(r, "Mã hồ sơ"), code ? code : "", web_t(r, "Mã tra cứu"), web_t(r, "Tra cứu"));
}

static int page_track(web_req *r)
{
	if (web_page_cached(r, NULL, NULL)) return 0;   /* the empty form only: any query is not cached */
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
		track_form(r, code);
		ui_page_end(r);
		return 0;
	}
	procedure p;
	bool have_p = procedures_get_by_id(d, row.procedure_id, r->a, &p, NULL) == 1;
	const char *ucode = auth_unit_code(d, row.unit_id, r->a);
	H(r, "<h1>%s <code>%s</code></h1>", web_t(r, "Hồ sơ số"), row.code);
	summary_card(r, d, &row, have_p ? &p : NULL, false);
	err fe = {0};
	if (apology_block(r, d, &row, false, &fe)) return web_error(r, &fe);
	const dossier_section *const *sec;
	int nsec = dossier_sections(&sec);
	for (int i = 0; i < nsec; i++)
		if (sec[i]->track_top && sec[i]->track_top(r, d, &row, secret, &fe)) return web_error(r, &fe);
	H(r, "<h2>%s</h2>", web_t(r, "Ai đang giữ hồ sơ của tôi"));
	if (steps_table(r, d, &row, true, &fe)) return web_error(r, &fe);
	for (int i = 0; i < nsec; i++)
		if (sec[i]->track_end && sec[i]->track_end(r, d, &row, secret, &fe)) return web_error(r, &fe);
	/* The report form, prefilled with the dossier, its holding unit and the
	 * official holding it now (the unit only when nobody holds it). */
	const char *hunit = row.holder_unit_id ? auth_unit_code(d, row.holder_unit_id, r->a) : ucode;
	if (!*hunit) hunit = ucode;
	const char *hlogin = NULL;
	dossier_account holder;
	if (row.holder_account_id && dossier_repo_account(d, NULL, row.holder_account_id, r->a, &holder, NULL) == 1)
		hlogin = holder.login;
	H(r, "<section class=\"card cta\"><p><a class=\"button\" href=\"/report?dossier=%u&amp;unit=%u%r%u\">%s</a></p><p>%s</p>"
	     "<p><a href=\"/units/thanh-tra-tinh\">%s</a></p></section>",
	  row.code, hunit, hlogin ? "&amp;official=" : "", hlogin, web_t(r, "Bị gây phiền hà? Phản ánh ngay"),
	  web_t(r, "Nếu cán bộ đòi thêm giấy tờ, hẹn lần sau không rõ lý do, trả hồ sơ quá hạn hoặc gợi ý tiền ngoài phí, lệ phí đã công bố, hãy phản ánh với người đứng đầu cơ quan giải quyết."),
	  web_t(r, "Thanh tra tỉnh Sơn La: tiếp nhận phản ánh, kiến nghị"));
	ui_page_end(r);
	return 0;
}

/* --- the catalogue, read through the procedures' and units' public headers --- */

typedef struct proc_item {
	const char *key;   /* folded field, then folded name (first member: sorted directly) */
	procedure p;
} proc_item;

static int cmp_key(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Every procedure in force, sorted by field and name. */
static int all_procedures(web_req *r, db *d, proc_item **out)
{
	procedure *all;
	int na = 0, n = 0, cap = 0;
	proc_item *v = NULL;
	if (procedures_list_active(d, r->a, &all, &na, NULL)) na = 0;
	for (int i = 0; i < na; i++) {
		proc_item *it = arena_push(r->a, &v, &n, &cap, sizeof *v);
		it->key = arena_printf(r->a, "%s\x01%s", text_fold_a(r->a, all[i].field), text_fold_a(r->a, all[i].name_vi));
		it->p = all[i];
	}
	qsort(v, (size_t)n, sizeof *v, cmp_key);
	*out = v;
	return n;
}

typedef struct unit_item {
	const char *key;   /* group, then folded name (first member: sorted directly) */
	int64_t id;
	const char *code, *kind, *name;
	bool local;        /* commune or ward */
} unit_item;

/* The units that take online dossiers for at least one procedure: communes
 * and wards first, then the provincial bodies, each by name. */
static int online_units(web_req *r, db *d, const proc_item *ps, int np, unit_item **out)
{
	int cap = 0, n = 0, nu = 0;
	unit_item *v = NULL;
	units_row *units;
	if (units_list(d, r->a, &units, &nu, NULL)) nu = 0;
	/* Whether a procedure offered by every unit of a level applies depends only on the unit's kind. */
	const char *kinds[8];
	bool kind_ok[8];
	int nk = 0;
	for (int ui = 0; ui < nu; ui++) {
		const units_row u = units[ui];
		int64_t id = u.id;
		bool offered = false;
		for (int i = 0; i < np && !offered; i++)
			offered = ps[i].p.unit_id == id && strcmp(ps[i].p.online_level, "none");
		if (!offered) {
			int k = 0;
			while (k < nk && strcmp(kinds[k], u.kind)) k++;
			if (k == nk && nk < 8) {
				kinds[nk] = u.kind;
				kind_ok[nk] = false;
				for (int i = 0; i < np && !kind_ok[nk]; i++)
					kind_ok[nk] = !ps[i].p.unit_id && strcmp(ps[i].p.online_level, "none") &&
					              procedures_offered_by(d, &ps[i].p, id);
				nk++;
			}
			offered = k < nk && kind_ok[k];
		}
		if (!offered) continue;
		unit_item *it = arena_push(r->a, &v, &n, &cap, sizeof *v);
		it->id = id;
		it->code = u.code;
		it->kind = u.kind;
		it->name = en(r) ? u.name_en : u.name_vi;
		it->local = !strcmp(u.kind, "commune") || !strcmp(u.kind, "ward");
		it->key = arena_printf(r->a, "%c%s", it->local ? '1' : '2', text_fold_a(r->a, u.name_vi));
	}
	qsort(v, (size_t)n, sizeof *v, cmp_key);
	*out = v;
	return n;
}

/* "3 ngày làm việc", "30 ngày", "Trong ngày". */
static const char *time_text(web_req *r, const procedure *p)
{
	if (p->processing_days == 0) return web_t(r, "Trong ngày");
	return arena_printf(r->a, "%d %s", p->processing_days,
	                    p->time_unit == CAL_CALENDAR_DAYS ? web_t(r, "ngày") : web_t(r, "ngày làm việc"));
}

/* A <select> of procedures, grouped by field. */
static void procedure_select(web_req *r, const proc_item *ps, int np, const bool *show, const char *current, bool online_note)
{
	H(r, "<label>%s<select name=\"procedure\" required><option value=\"\">%s</option>",
	  web_t(r, "Thủ tục"), web_t(r, "— Chọn thủ tục —"));
	const char *field = NULL;
	for (int i = 0; i < np; i++) {
		if (!show[i]) continue;
		const procedure *p = &ps[i].p;
		if (!field || strcmp(field, p->field)) {
			if (field) H(r, "</optgroup>");
			H(r, "<optgroup label=\"%s\">", p->field);
			field = p->field;
		}
		H(r, "<option value=\"%s\"%r>%s (%s%s%s)</option>", p->code,
		  current && !strcmp(current, p->code) ? " selected" : "", pname(r, p), time_text(r, p),
		  online_note ? "; " : "", online_note ? web_t(r, !strcmp(p->online_level, "full") ? "toàn trình" : "một phần") : "");
	}
	if (field) H(r, "</optgroup>");
	H(r, "</select></label>");
}

/* --- new dossiers: counter intake and online submission --- */

static bool form_has(web_req *r, const char *key)
{
	const char *v = web_form(r, key);
	return v && *v;
}

static void intake_form(web_req *r, const procedure *p, const char *unit, const char *uname, bool online, const err *e)
{
	H(r, "<section class=\"card\"><h2>%s</h2><dl><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s</dd></dl>"
	     "<p><a href=\"/procedures/%u\">%s</a></p></section>",
	  pname(r, p), web_t(r, "Cơ quan tiếp nhận"), uname, web_t(r, "Thời hạn giải quyết"), time_text(r, p),
	  web_t(r, "Số giấy tờ theo thủ tục"), arena_printf(r->a, "%d", p->ndocs),
	  p->code, web_t(r, "Xem thủ tục đã công bố (giấy tờ, thời hạn, phí, lệ phí)"));
	if (e) H(r, "<p class=\"error\" role=\"alert\">%s</p>", en(r) ? e->en : e->vi);
	bool docs_bad = e && e->field && (!strcmp(e->field, "documents") || !strcmp(e->field, "files"));
	H(r, "<form method=\"post\" action=\"%s\" class=\"form\"%r>"
	     "%r<input type=\"hidden\" name=\"procedure\" value=\"%s\">"
	     "<input type=\"hidden\" name=\"unit\" value=\"%s\">",
	  online ? "/submit" : "/dossiers/new", online ? " enctype=\"multipart/form-data\"" : "", auth_form_fields(r), p->code, unit);
	const char *name = web_form(r, "applicant_name");
	bool bad_name = e && e->field && !strcmp(e->field, "applicant_name");
	H(r, "<fieldset><legend>%s</legend>"
	     "<label%r>%s<input name=\"applicant_name\" required maxlength=\"120\" autocomplete=\"name\" value=\"%s\"></label>"
	     "<label>%s<input name=\"applicant_id_number\" maxlength=\"20\" inputmode=\"numeric\" value=\"%s\"></label>"
	     "<label>%s<input name=\"applicant_phone\" maxlength=\"40\" type=\"tel\" autocomplete=\"tel\" value=\"%s\"></label>"
	     "<label>%s<input name=\"applicant_email\" maxlength=\"254\" type=\"email\" autocomplete=\"email\" value=\"%s\"></label>"
	     "<label>%s<input name=\"applicant_address\" maxlength=\"300\" autocomplete=\"street-address\" value=\"%s\"></label></fieldset>",
	  web_t(r, "Người nộp hồ sơ"), bad_name ? " class=\"bad\"" : "",
	  web_t(r, "Họ tên người nộp"), name ? name : (online && r->actor ? ((const auth_actor *)r->actor)->display_name : ""),
	  web_t(r, "Số định danh cá nhân"), web_form(r, "applicant_id_number"),
	  web_t(r, "Điện thoại"), web_form(r, "applicant_phone"), web_t(r, "Thư điện tử"), web_form(r, "applicant_email"),
	  web_t(r, "Địa chỉ"), web_form(r, "applicant_address"));
	H(r, "<fieldset class=\"docs%r\"><legend>%s</legend><p class=\"muted\">%s</p>", docs_bad ? " bad" : "",
	  web_t(r, "Thành phần hồ sơ theo thủ tục đã công bố"),
	  online ? web_t(r, "Đính kèm bản chụp hoặc bản quét của từng giấy tờ: PDF, JPEG hoặc PNG, tối đa 10 MB mỗi tệp.")
	         : web_t(r, "Đánh dấu từng giấy tờ công dân đã nộp. Chỉ tiếp nhận khi đủ mọi giấy tờ; không được đòi giấy tờ ngoài danh mục này."));
	for (int i = 0; i < p->ndocs; i++) {
		char key[32];
		if (online) {
			H(r, "<label class=\"file\"><span>%d. <span%r>%s</span></span><input type=\"file\" name=\"file_%d\" accept=\"application/pdf,image/jpeg,image/png\"></label>",
			  p->docs[i].ordinal, ui_vi(r), p->docs[i].name, p->docs[i].ordinal);
		} else {
			snprintf(key, sizeof key, "doc_%d", p->docs[i].ordinal);
			bool on = form_has(r, key);
			H(r, "<label class=\"check%r\"><input type=\"checkbox\" name=\"doc_%d\" value=\"1\"%r> <span>%d. <span%r>%s</span></span>%r</label>",
			  docs_bad && !on ? " missing" : "", p->docs[i].ordinal, on ? " checked" : "", p->docs[i].ordinal, ui_vi(r), p->docs[i].name,
			  docs_bad && !on ? arena_printf(r->a, " <span class=\"badge late\">%s</span>", web_t(r, "còn thiếu")) : "");
		}
	}
	H(r, "</fieldset>");
	if (online) {
		H(r, "<input type=\"hidden\" name=\"action\" value=\"submit_online\"><button type=\"submit\">%s</button></form>",
		  web_t(r, "Nộp hồ sơ"));
	} else {
		bool bad_reason = e && e->field && !strcmp(e->field, "reason");
		H(r, "<div class=\"buttons\"><button type=\"submit\" name=\"action\" value=\"receive\">%s</button></div>"
		     "<details%r><summary>%s</summary><label%r>%s<textarea name=\"reason\" rows=\"3\" maxlength=\"2000\">%s</textarea></label>"
		     "<button type=\"submit\" name=\"action\" value=\"refuse\" class=\"secondary\">%s</button></details></form>",
		  web_t(r, "Tiếp nhận và in giấy hẹn"), bad_reason ? " open" : "", web_t(r, "Từ chối tiếp nhận hồ sơ (Mẫu 03)"),
		  bad_reason ? " class=\"bad\"" : "", web_t(r, "Lý do từ chối"), web_form(r, "reason"), web_t(r, "Từ chối tiếp nhận hồ sơ"));
	}
}

static int render_new(web_req *r, bool online, const err *e)
{
	const auth_actor *a = r->actor;
	db *d = db_thread();
	const char *pc = web_query(r, "procedure");
	const char *unit = web_query(r, "unit");
	if (!pc) pc = web_form(r, "procedure");
	if (!unit) unit = web_form(r, "unit");
	if (pc && !*pc) pc = NULL;
	if (unit && !*unit) unit = NULL;
	if (!online) unit = a->unit_code;   /* the counter receives for its own unit */
	const char *title = online ? web_t(r, "Nộp hồ sơ trực tuyến") : web_t(r, "Tiếp nhận hồ sơ");
	ui_page_begin(r, title);
	H(r, "<h1>%s</h1>", title);
	if (!online && a->role != ROLE_COUNTER_OFFICER) {
		H(r, "<p class=\"notice\">%s</p>", web_t(r, "Chỉ cán bộ tiếp nhận (Bộ phận Một cửa) được tiếp nhận hồ sơ."));
		if (a->role == ROLE_CITIZEN) H(r, "<p><a class=\"button\" href=\"/submit\">%s</a></p>", web_t(r, "Nộp hồ sơ trực tuyến"));
		ui_page_end(r);
		return 0;
	}
	proc_item *ps;
	int np = all_procedures(r, d, &ps);
	int64_t uid = 0;
	const char *uname = unit;
	if (unit && auth_unit_id(d, unit, &uid, NULL) == 1) uname = unit_name(r, d, uid);
	else unit = NULL;

	if (online && !unit) {
		/* Step 1: the unit (a commune or ward, or a provincial body). */
		unit_item *us;
		int nu = online_units(r, d, ps, np, &us);
		H(r, "<ol class=\"steps-nav\"><li class=\"current\">%s</li><li>%s</li><li>%s</li></ol>",
		  web_t(r, "Chọn cơ quan giải quyết"), web_t(r, "Chọn thủ tục"), web_t(r, "Khai thông tin, đính kèm giấy tờ"));
		H(r, "<form method=\"get\" action=\"/submit\" class=\"form card\"><label>%s<select name=\"unit\" required>"
		     "<option value=\"\">%s</option>", web_t(r, "Cơ quan giải quyết"), web_t(r, "— Chọn cơ quan, đơn vị —"));
		int group = 0;
		for (int i = 0; i < nu; i++) {
			int g = us[i].local ? 1 : 2;
			if (g != group) {
				if (group) H(r, "</optgroup>");
				H(r, "<optgroup label=\"%s\">", g == 1 ? web_t(r, "Xã, phường") : web_t(r, "Sở, ngành cấp tỉnh"));
				group = g;
			}
			H(r, "<option value=\"%s\">%s</option>", us[i].code, us[i].name);
		}
		if (group) H(r, "</optgroup>");
		H(r, "</select></label><p class=\"muted\">%s</p><button type=\"submit\">%s</button></form>",
		  web_t(r, "Thủ tục cấp xã nộp tại xã, phường nơi bạn cư trú; thủ tục cấp tỉnh nộp tại sở, ngành giải quyết."),
		  web_t(r, "Tiếp tục"));
		H(r, "<p><a href=\"/procedures\">%s</a></p>", web_t(r, "Xem danh mục thủ tục hành chính"));
		ui_page_end(r);
		return 0;
	}

	procedure p;
	bool have = pc && procedures_get(d, pc, r->a, &p, NULL) == 1;
	bool offered = have && procedures_offered_by(d, &p, uid) && (!online || strcmp(p.online_level, "none"));
	if (!offered) {
		/* Step 2: the procedure, among those the unit handles. */
		if (online)
			H(r, "<ol class=\"steps-nav\"><li class=\"done\"><a href=\"/submit\">%s</a></li><li class=\"current\">%s</li><li>%s</li></ol>",
			  web_t(r, "Chọn cơ quan giải quyết"), web_t(r, "Chọn thủ tục"), web_t(r, "Khai thông tin, đính kèm giấy tờ"));
		if (pc && !have) H(r, "<p class=\"error\" role=\"alert\">%s</p>", web_t(r, "Không có thủ tục hành chính này."));
		else if (pc) H(r, "<p class=\"error\" role=\"alert\">%s</p>",
		               online && have && procedures_offered_by(d, &p, uid) ? web_t(r, "Thủ tục này chưa nhận hồ sơ trực tuyến.")
		                                                                   : web_t(r, "Đơn vị này không giải quyết thủ tục này."));
		bool *show = arena_alloc(r->a, (size_t)(np ? np : 1));
		int nshow = 0;
		for (int i = 0; i < np; i++) {
			show[i] = procedures_offered_by(d, &ps[i].p, uid) && (!online || strcmp(ps[i].p.online_level, "none"));
			nshow += show[i];
		}
		H(r, "<form method=\"get\" action=\"%s\" class=\"form card\"><p>%s <strong>%s</strong>%r</p>",
		  online ? "/submit" : "/dossiers/new", web_t(r, "Cơ quan giải quyết:"), uname,
		  online ? arena_printf(r->a, " · <a href=\"/submit\">%s</a>", web_t(r, "Đổi cơ quan")) : "");
		if (online) H(r, "<input type=\"hidden\" name=\"unit\" value=\"%s\">", unit);
		if (nshow) {
			procedure_select(r, ps, np, show, pc, online);
			H(r, "<button type=\"submit\">%s</button>", web_t(r, "Tiếp tục"));
		} else {
			H(r, "<p class=\"notice\">%s</p>", web_t(r, "Đơn vị này chưa có thủ tục nào nhận hồ sơ theo cách này."));
		}
		H(r, "</form><p><a href=\"/procedures\">%s</a></p>", web_t(r, "Xem danh mục thủ tục hành chính"));
	} else {
		if (online)
			H(r, "<ol class=\"steps-nav\"><li class=\"done\"><a href=\"/submit\">%s</a></li><li class=\"done\"><a href=\"/submit?unit=%u\">%s</a></li>"
			     "<li class=\"current\">%s</li></ol>",
			  web_t(r, "Chọn cơ quan giải quyết"), unit, web_t(r, "Chọn thủ tục"), web_t(r, "Khai thông tin, đính kèm giấy tờ"));
		else
			H(r, "<p><a href=\"/dossiers/new\">%s</a></p>", web_t(r, "Chọn thủ tục khác"));
		intake_form(r, &p, unit, uname, online, e);
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
	/* POST/redirect/GET: the secret is kept sealed with the form token and shown
	 * once by the slip page (auth_form_take), never put in a URL. */
	const char *tok = auth_form_token(r);
	if (!tok || auth_form_keep(r, "secret", res.secret)) {
		err_set(&e, MB_EINTERNAL, "internal", NULL, "Không giữ được mã tra cứu.", "cannot keep the tracking secret");
		return web_error(r, &e);
	}
	return web_redirect(r, arena_printf(r->a, "/dossiers/%s/print/%s?f=%s", res.code, cmd == DC_REFUSE ? "03" : "01", tok));
bad:
	if (e.status == MB_EINVAL || e.status == MB_ETOOBIG || e.status == MB_EFORBIDDEN) {
		r->status = err_http_status(e.status, e.code);
		return render_new(r, online, &e);
	}
	return web_error(r, &e);
}

static int page_new_post(web_req *r) { return post_new(r, false); }
static int page_submit_post(web_req *r) { return post_new(r, true); }

/* --- lists --- */

static int dossier_rows(web_req *r, const dossier_row *rows, const dossier_progress *prog, int n, bool staff, err *e)
{
	db *d = db_thread();
	const char *l_code = web_t(r, "Mã hồ sơ"), *l_proc = web_t(r, "Thủ tục"), *l_app = web_t(r, "Người nộp"),
	           *l_state = web_t(r, "Trạng thái"), *l_due = web_t(r, "Hẹn trả kết quả"), *l_risk = web_t(r, "Tiến độ"),
	           *l_holder = web_t(r, "Người giữ"), *l_since = web_t(r, "Giữ từ");
	H(r, "<table class=\"list stack dossiers\"><thead><tr><th>%s</th><th>%s</th>", l_code, l_proc);
	if (staff) H(r, "<th>%s</th>", l_app);
	H(r, "<th>%s</th><th>%s</th><th>%s</th>", l_state, l_due, l_risk);
	if (staff) H(r, "<th>%s</th><th>%s</th>", l_holder, l_since);
	H(r, "</tr></thead><tbody>");
	for (int i = 0; i < n; i++) {
		const dossier_row *row = &rows[i];
		procedure p;
		bool hp = procedures_get_by_id(d, row->procedure_id, r->a, &p, NULL) == 1;
		const char *cls;
		progress_label(r, prog[i], &cls);
		H(r, "<tr class=\"risk-%s%r\"><td data-label=\"%s\"><a href=\"/dossiers/%u\"><code>%s</code></a></td><td data-label=\"%s\">%s</td>",
		  dossier_progress_risk_name(prog[i]), !strcmp(cls, "late") ? " late" : "", l_code, row->code, row->code, l_proc, hp ? pname(r, &p) : "");
		if (staff) H(r, "<td data-label=\"%s\"%r>%s</td>", l_app, ui_vi(r), row->applicant_name);
		H(r, "<td data-label=\"%s\">", l_state);
		state_badge(r, row->state);
		H(r, "</td><td data-label=\"%s\">%s</td><td data-label=\"%s\">", l_due, when(r, row->due_at), l_risk);
		progress_badge(r, prog[i]);
		H(r, "</td>");
		if (staff) {
			dossier_step_row *steps;
			int ns = 0;
			if (dossier_repo_steps(d, row->id, r->a, &steps, &ns, e)) return e->status;
			const dossier_step_row *last = ns ? &steps[ns - 1] : NULL;
			bool open = last && !last->ended_at;
			const char *who = !open ? "—" : !strcmp(last->kind, "supplement") ? web_t(r, "Người nộp hồ sơ")
			                  : !last->holder_account_id ? web_t(r, "Bộ phận Một cửa") : last->holder_name;
			bool named = open && strcmp(last->kind, "supplement") && last->holder_account_id;
			H(r, "<td data-label=\"%s\"%r>%s</td><td data-label=\"%s\">%s</td>", l_holder, named ? ui_vi(r) : "", who, l_since,
			  open ? when(r, last->started_at) : "—");
		}
		H(r, "</tr>");
	}
	if (n == 0) H(r, "<tr><td colspan=\"8\">%s</td></tr>", web_t(r, "Không có hồ sơ nào."));
	H(r, "</tbody></table>");
	return 0;
}

/* The staff and citizens' lists show a page at a time (keyset: after= the
 * last code of the page before); the HTML page at most DOSSIER_HTML_PAGE rows. */
#define DOSSIER_HTML_PAGE 50

static int page_list(web_req *r)
{
	err e = {0};
	const auth_actor *a = r->actor;
	db *d = db_thread();
	dossier_row *rows;
	dossier_progress *prog;
	int n;
	bool citizen = a->role == ROLE_CITIZEN;
	const char *view = web_query(r, "view");
	if (!view) view = web_query(r, "scope");
	bool all = web_query(r, "all") != NULL;
	const char *after = web_query(r, "after"), *lim = web_query(r, "limit"), *next = NULL;
	int limit = lim ? (int)strtol(lim, NULL, 10) : DOSSIER_HTML_PAGE;
	if (limit < 1 || limit > DOSSIER_HTML_PAGE) limit = DOSSIER_HTML_PAGE;
	dossier_page pg = {view, all, after, limit, -1};
	if (dossier_list_view(d, a, &pg, r->a, &rows, &prog, &n, &view, &next, &e)) return web_error(r, &e);
	bool unit_view = !citizen && strcmp(view, "mine"), overdue = !strcmp(view, "overdue");
	if (overdue) all = false;
	const char *title = citizen ? web_t(r, "Hồ sơ của tôi") : overdue ? web_t(r, "Hồ sơ quá hạn của đơn vị")
	                  : unit_view ? web_t(r, "Hồ sơ của đơn vị") : web_t(r, "Hồ sơ tôi đang giữ");
	ui_page_begin(r, title);
	H(r, "<h1>%s</h1>", title);
	if (!citizen) H(r, "<p class=\"muted\">%s</p>", en(r) ? a->unit_name_en : a->unit_name_vi);
	H(r, "<p class=\"toolbar\">");
	if (citizen) H(r, "<a class=\"button\" href=\"/submit\">%s</a>", web_t(r, "Nộp hồ sơ trực tuyến"));
	else if (a->role == ROLE_COUNTER_OFFICER) H(r, "<a class=\"button\" href=\"/dossiers/new\">%s</a>", web_t(r, "Tiếp nhận hồ sơ"));
	if (citizen) H(r, "<a class=\"button secondary\" href=\"/track\">%s</a>", web_t(r, "Tra cứu hồ sơ"));
	H(r, "</p>");
	/* Which dossiers: mine or the unit's (staff, as tabs); open ones or all (a filter). */
	const char *sc = citizen ? "" : overdue ? "view=overdue&" : unit_view ? "view=unit&" : "view=mine&";
	if (!citizen)
		H(r, "<nav class=\"tabs\"><a href=\"/dossiers?view=mine%s\"%r>%s</a><a href=\"/dossiers?view=unit%s\"%r>%s</a>"
		     "<a href=\"/dossiers?view=overdue\"%r>%s</a></nav>",
		  all ? "&all=1" : "", !unit_view ? " aria-current=\"page\"" : "", web_t(r, "Hồ sơ tôi đang giữ"),
		  all ? "&all=1" : "", unit_view && !overdue ? " aria-current=\"page\"" : "", web_t(r, "Hồ sơ của đơn vị"),
		  overdue ? " aria-current=\"page\"" : "", web_t(r, "Quá hạn"));
	/* The open ones counted by triggers; otherwise the count of the page
	 * shown (a total would count the whole history). */
	const char *on_page = pg.open_total >= 0
		? arena_printf(r->a, "%lld %s", (long long)pg.open_total, web_t(r, "hồ sơ đang giải quyết"))
		: arena_printf(r->a, "%d %s", n, web_t(r, "hồ sơ trên trang này"));
	if (overdue)
		H(r, "<p class=\"filter\">%s <span class=\"muted\">(%s)</span></p>",
		  web_t(r, "Hồ sơ đang giải quyết đã quá hạn trả kết quả hoặc quá hạn của bước đang xử lý, tính tại thời điểm xem."), on_page);
	else
		H(r, "<p class=\"filter\">%s <a href=\"/dossiers?%s\"%r>%s</a> · <a href=\"/dossiers?%sall=1\"%r>%s</a> "
		     "<span class=\"muted\">(%s)</span></p>",
		  web_t(r, "Hiển thị:"), sc, !all ? " aria-current=\"page\"" : "", web_t(r, "Đang giải quyết"),
		  sc, all ? " aria-current=\"page\"" : "", web_t(r, "Gồm cả hồ sơ đã kết thúc"), on_page);
	err re = {0};
	if (dossier_rows(r, rows, prog, n, !citizen, &re)) return web_error(r, &re);
	const char *base = arena_printf(r->a, "/dossiers?%s%s%s", sc, all ? "all=1&" : "",
	                                limit != DOSSIER_HTML_PAGE ? arena_printf(r->a, "limit=%d&", limit) : "");
	ui_pager(r, base, after && *after, next);
	ui_page_end(r);
	return 0;
}

/* --- a dossier, with the actions its state allows --- */

/* The actions offered are exactly those the rules allow this actor now
 * (dossier_offered, a bit per command): a form the service would refuse is
 * never shown. */
static void action_form(web_req *r, const dossier_row *row, dossier_cmd c, const char *title, const char *label,
                        const char *fields, bool files)
{
	H(r, "<section class=\"card action\" id=\"act-%s\"><h3>%s</h3><form method=\"post\" action=\"/dossiers/%u/actions\" class=\"form\"%r>"
	     "%r<input type=\"hidden\" name=\"action\" value=\"%s\">%r"
	     "<button type=\"submit\">%s</button></form></section>",
	  dossier_cmd_name(c), title, row->code, files ? " enctype=\"multipart/form-data\"" : "", auth_form_fields(r), dossier_cmd_name(c),
	  fields, label);
}

static int render_dossier(web_req *r, dossier_row *row, const err *e)
{
	db *d = db_thread();
	const auth_actor *a = r->actor;
	bool citizen = a->role == ROLE_CITIZEN;
	int64_t now = clock_now();
	procedure p;
	bool hp = procedures_get_by_id(d, row->procedure_id, r->a, &p, NULL) == 1;
	ui_page_begin(r, row->code);
	H(r, "<p class=\"crumbs\"><a href=\"/dossiers\">%s</a></p><h1>%s <code>%s</code></h1>",
	  citizen ? web_t(r, "Hồ sơ của tôi") : web_t(r, "Danh sách hồ sơ"), web_t(r, "Hồ sơ số"), row->code);
	if (e) H(r, "<p class=\"error\" role=\"alert\">%s</p>", en(r) ? e->en : e->vi);
	summary_card(r, d, row, hp ? &p : NULL, true);
	H(r, "<section class=\"card\"><h2>%s</h2><dl><dt>%s</dt><dd%r>%s</dd>", web_t(r, "Người nộp hồ sơ"),
	  web_t(r, "Họ tên"), ui_vi(r), row->applicant_name);
	if (row->applicant_id_number[0]) H(r, "<dt>%s</dt><dd>%s</dd>", web_t(r, "Số định danh cá nhân"), row->applicant_id_number);
	if (row->applicant_phone[0]) H(r, "<dt>%s</dt><dd>%s</dd>", web_t(r, "Điện thoại"), row->applicant_phone);
	if (row->applicant_email[0]) H(r, "<dt>%s</dt><dd>%s</dd>", web_t(r, "Thư điện tử"), row->applicant_email);
	if (row->applicant_address[0]) H(r, "<dt>%s</dt><dd%r>%s</dd>", web_t(r, "Địa chỉ"), ui_vi(r), row->applicant_address);
	H(r, "</dl></section>");
	err fe = {0};
	if (apology_block(r, d, row, true, &fe)) return web_error(r, &fe);

	/* Documents of the published procedure. */
	dossier_doc_row *docs;
	int nd = 0;
	if (dossier_repo_docs(d, row->id, r->a, &docs, &nd, &fe)) return web_error(r, &fe);
	H(r, "<h2>%s</h2><ul class=\"docs\">", web_t(r, "Thành phần hồ sơ"));
	for (int i = 0; i < nd; i++) {
		H(r, "<li class=\"%s\"><span class=\"mark\" aria-hidden=\"true\">%s</span> %d. <span%r>%s</span> <span class=\"muted\">(%s%s)</span>",
		  docs[i].provided ? "have" : "lack", docs[i].provided ? "✓" : "✗", docs[i].ordinal, ui_vi(r), docs[i].name,
		  docs[i].provided ? web_t(r, "đã nộp") : web_t(r, "chưa nộp"),
		  docs[i].file_sha256 ? arena_printf(r->a, ", %s", web_t(r, "có tệp đính kèm")) : "");
		if (docs[i].supplement_reason)
			H(r, "<br><span class=\"requested\">%s <span%r>%s</span></span>", web_t(r, "Đã yêu cầu bổ sung:"), ui_vi(r), docs[i].supplement_reason);
		H(r, "</li>");
	}
	H(r, "</ul><h2>%s</h2>", web_t(r, "Quá trình giải quyết"));
	if (steps_table(r, d, row, false, &fe)) return web_error(r, &fe);
	H(r, "<h2>%s</h2><ul class=\"prints\"><li><a href=\"/dossiers/%u/print/06\">%s</a></li>",
	  web_t(r, "Biểu mẫu in"), row->code, web_t(r, "Phiếu kiểm soát quá trình giải quyết (Mẫu 06)"));
	if (row->received_at || !strcmp(row->state, "submitted"))
		H(r, "<li><a href=\"/dossiers/%u/print/01\">%s</a></li>", row->code, web_t(r, "Giấy tiếp nhận và hẹn trả kết quả (Mẫu 01)"));
	if (row->supplement_requests) H(r, "<li><a href=\"/dossiers/%u/print/02\">%s</a></li>", row->code, web_t(r, "Phiếu yêu cầu bổ sung (Mẫu 02)"));
	if (!strcmp(row->state, "refused")) H(r, "<li><a href=\"/dossiers/%u/print/03\">%s</a></li>", row->code, web_t(r, "Phiếu từ chối (Mẫu 03)"));
	if (row->extensions) H(r, "<li><a href=\"/dossiers/%u/print/04\">%s</a></li>", row->code, web_t(r, "Văn bản xin lỗi (Mẫu 04)"));
	if (!strcmp(row->state, "stopped")) H(r, "<li><a href=\"/dossiers/%u/print/05\">%s</a></li>", row->code, web_t(r, "Thông báo dừng (Mẫu 05)"));
	H(r, "</ul>");
	const dossier_section *const *sec;
	for (int i = 0, nsec = dossier_sections(&sec); i < nsec; i++)
		if (sec[i]->staff && sec[i]->staff(r, d, row, &fe)) return web_error(r, &fe);

	/* Only the actions the rules allow this actor in this state. */
	unsigned offered = dossier_offered(d, a, row, r->a);
	H(r, "<h2>%s</h2>", web_t(r, "Thao tác"));
	bool any = false;
	if ((offered & (1u << DC_RECEIVE))) {
		any = true;
		buf f;
		buf_init(&f, 64 * 1024);
		html_printf(&f, "<p class=\"muted\">%s</p>", web_t(r, "Kiểm tra hồ sơ nộp trực tuyến; đánh dấu giấy tờ bản giấy đã nhận thêm (nếu có)."));
		for (int i = 0; i < nd; i++)
			html_printf(&f, "<label class=\"check\"><input type=\"checkbox\" name=\"doc_%d\" value=\"1\"%r> <span>%d. <span%r>%s</span></span></label>",
			            docs[i].ordinal, docs[i].provided ? " checked" : "", docs[i].ordinal, ui_vi(r), docs[i].name);
		action_form(r, row, DC_RECEIVE, web_t(r, "Tiếp nhận hồ sơ"), web_t(r, "Tiếp nhận hồ sơ"), arena_strdup(r->a, buf_str(&f)), false);
		buf_free(&f);
	}
	if ((offered & (1u << DC_REFUSE))) {
		any = true;
		action_form(r, row, DC_REFUSE, web_t(r, "Từ chối tiếp nhận hồ sơ"), web_t(r, "Từ chối tiếp nhận hồ sơ"),
		            arena_printf(r->a, "<label>%s<textarea name=\"reason\" required rows=\"2\" maxlength=\"2000\"></textarea></label>",
		                         web_t(r, "Lý do")), false);
	}
	const char *to_field = arena_printf(r->a, "<label>%s<input name=\"to\" required maxlength=\"64\" autocomplete=\"off\" "
	                                          "autocapitalize=\"none\" spellcheck=\"false\"><span class=\"hint\">%s</span></label>",
	                                    web_t(r, "Cán bộ nhận hồ sơ (tên đăng nhập)"),
	                                    web_t(r, "Cán bộ xử lý hoặc người đứng đầu đơn vị."));
	if ((offered & (1u << DC_ASSIGN))) {
		any = true;
		action_form(r, row, DC_ASSIGN, web_t(r, "Chuyển cán bộ xử lý"), web_t(r, "Chuyển cán bộ xử lý"), to_field, false);
	}
	if ((offered & (1u << DC_HANDOVER))) {
		any = true;
		int64_t max = row->due_at > now ? row->due_at : 0;
		action_form(r, row, DC_HANDOVER, web_t(r, "Chuyển tiếp (bàn giao)"), web_t(r, "Chuyển tiếp (bàn giao)"),
		            arena_printf(r->a, "%s<label>%s<input name=\"step_due\" type=\"datetime-local\" required min=\"%s\"%s%s%s>"
		                               "<span class=\"hint\">%s %s</span></label>",
		                         to_field, web_t(r, "Hạn xử lý của bước này"), local_input(r, now), max ? " max=\"" : "",
		                         max ? local_input(r, max) : "", max ? "\"" : "",
		                         max ? web_t(r, "Không muộn hơn hạn trả kết quả:") : web_t(r, "Hồ sơ đã quá hạn từ"),
		                         when(r, row->due_at)), false);
	}
	if ((offered & (1u << DC_REQUEST_SUPPLEMENT))) {
		/* Not offered once the one request was used: the summary says so, and
		 * a second attempt through the API is refused and recorded. */
		any = true;
		buf f;
		buf_init(&f, 64 * 1024);
		html_printf(&f, "<p class=\"muted\">%s</p>",
		            web_t(r, "Chỉ được yêu cầu bổ sung MỘT lần: đánh dấu mọi giấy tờ còn thiếu và ghi rõ lý do."));
		for (int i = 0; i < nd; i++)
			html_printf(&f, "<div class=\"missing\"><label class=\"check\"><input type=\"checkbox\" name=\"missing_%d\" value=\"1\"> <span>%d. <span%r>%s</span></span></label>"
			                "<label>%s<input name=\"reason_%d\" maxlength=\"500\"></label></div>",
			            docs[i].ordinal, docs[i].ordinal, ui_vi(r), docs[i].name, web_t(r, "Lý do cần bổ sung"), docs[i].ordinal);
		action_form(r, row, DC_REQUEST_SUPPLEMENT, web_t(r, "Yêu cầu bổ sung hồ sơ (Mẫu 02)"), web_t(r, "Yêu cầu bổ sung hồ sơ"),
		            arena_strdup(r->a, buf_str(&f)), false);
		buf_free(&f);
	}
	if ((offered & (1u << DC_SUPPLEMENT))) {
		any = true;
		buf f;
		buf_init(&f, 64 * 1024);
		html_printf(&f, "<p class=\"muted\">%s</p>", citizen ? web_t(r, "Đính kèm các giấy tờ được yêu cầu bổ sung.")
		                                                     : web_t(r, "Đánh dấu các giấy tờ công dân đã nộp bổ sung."));
		for (int i = 0; i < nd; i++) {
			if (!docs[i].supplement_reason) continue;
			if (citizen)
				html_printf(&f, "<label class=\"file\"><span>%d. <span%r>%s</span></span><span class=\"hint\">%s <span%r>%s</span></span>"
				                "<input type=\"file\" name=\"file_%d\" accept=\"application/pdf,image/jpeg,image/png\"></label>",
				            docs[i].ordinal, ui_vi(r), docs[i].name, web_t(r, "Lý do:"), ui_vi(r), docs[i].supplement_reason, docs[i].ordinal);
			else
				html_printf(&f, "<label class=\"check\"><input type=\"checkbox\" name=\"doc_%d\" value=\"1\" checked> <span>%d. <span%r>%s</span></span></label>",
				            docs[i].ordinal, docs[i].ordinal, ui_vi(r), docs[i].name);
		}
		action_form(r, row, DC_SUPPLEMENT, web_t(r, "Bổ sung hồ sơ"), web_t(r, "Ghi nhận đã bổ sung hồ sơ"),
		            arena_strdup(r->a, buf_str(&f)), citizen);
		buf_free(&f);
	}
	if ((offered & (1u << DC_APOLOGIZE))) {
		any = true;
		const char *lateness = row->due_at > now
			? arena_printf(r->a, "%s %s.", web_t(r, "Hồ sơ chưa trễ hạn: hạn hiện tại là"), when(r, row->due_at))
			: arena_printf(r->a, "%s %s.", web_t(r, "Hồ sơ đã quá hạn từ"), when(r, row->due_at));
		action_form(r, row, DC_APOLOGIZE, web_t(r, "Gửi văn bản xin lỗi và hẹn lại (Mẫu 04)"),
		            web_t(r, "Gửi văn bản xin lỗi và hẹn lại (một lần)"),
		            arena_printf(r->a, "<p class=\"muted\">%s %s</p><label>%s<textarea name=\"reason\" required rows=\"2\" maxlength=\"2000\"></textarea></label>"
		                               "<label>%s<input name=\"new_due\" type=\"datetime-local\" required min=\"%s\"></label>",
		                         lateness, web_t(r, "Chỉ được hẹn lại một lần; văn bản phải gửi chậm nhất 1 ngày làm việc trước hạn."),
		                         web_t(r, "Lý do trễ hạn"), web_t(r, "Ngày hẹn trả kết quả mới"),
		                         local_input(r, row->due_at > now ? row->due_at : now)), false);
	}
	if ((offered & (1u << DC_RESULT_READY))) {
		any = true;
		action_form(r, row, DC_RESULT_READY, web_t(r, "Có kết quả"), web_t(r, "Có kết quả, chuyển Bộ phận Một cửa"),
		            arena_printf(r->a, "<label>%s<input name=\"note\" maxlength=\"500\"></label>", web_t(r, "Ghi chú kết quả")), false);
	}
	if ((offered & (1u << DC_RETURN))) {
		any = true;
		action_form(r, row, DC_RETURN, web_t(r, "Trả kết quả"), web_t(r, "Trả kết quả cho công dân"), "", false);
	}
	if ((offered & (1u << DC_STOP))) {
		any = true;
		action_form(r, row, DC_STOP, web_t(r, "Dừng giải quyết hồ sơ (Mẫu 05)"), web_t(r, "Dừng giải quyết hồ sơ"),
		            arena_printf(r->a, "<label>%s<textarea name=\"reason\" required rows=\"2\" maxlength=\"2000\"></textarea></label>",
		                         web_t(r, "Lý do")), false);
	}
	if ((offered & (1u << DC_WITHDRAW))) {
		any = true;
		action_form(r, row, DC_WITHDRAW, web_t(r, "Rút hồ sơ"), web_t(r, "Rút hồ sơ"),
		            arena_printf(r->a, "<label>%s<input name=\"reason\" maxlength=\"500\"></label>", web_t(r, "Lý do (không bắt buộc)")),
		            false);
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
	err le = {0};
	if (dossier_repo_get(db_thread(), row.code, r->a, &row, &le) < 0) return web_error(r, &le);   /* reload: a refused attempt may be recorded */
	r->status = err_http_status(e.status, e.code);
	return render_dossier(r, &row, &e);
}

static const web_route routes[] = {
	{"GET", "/track", WEB_PUBLIC, page_track, 0},
	{"GET", "/dossiers", AUTH_P_DOSSIERS, page_list, 0},
	{"GET", "/dossiers/new", AUTH_P_DOSSIERS, page_new, 0},
	{"POST", "/dossiers/new", AUTH_P_DOSSIERS, page_new_post, 0},
	{"GET", "/submit", AUTH_P_DOSSIERS, page_submit, 0},
	{"POST", "/submit", AUTH_P_DOSSIERS, page_submit_post, 40u * 1024 * 1024},
	{"GET", "/dossiers/{code}", AUTH_P_DOSSIERS, page_dossier, 0},
	{"POST", "/dossiers/{code}/actions", AUTH_P_DOSSIERS, page_action, 40u * 1024 * 1024},
};

void dossier_pages_install(void)
{
	web_route_add(routes, sizeof routes / sizeof routes[0]);
}
