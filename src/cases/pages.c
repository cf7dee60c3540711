/* pages.c — the reporters' pages of the cases room: the report form (phản
 * ánh, kiến nghị, khiếu nại, tố cáo — feedback, petition, complaint,
 * denunciation), the receipt with the follow-up passphrase and the signed
 * receipt, the follow-up page (timeline, result, apology, rating,
 * withdrawal) and the receipt check; plus what the staff pages share. No
 * JavaScript. Every change goes through case_exec. */
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "base/text.h"
#include "base/clock.h"
#include "cases/pages.h"
#include "db/files.h"
#include "ui/ui.h"
#include "units/units.h"
#include "web/html.h"
#include "web/i18n.h"

enum { MAX_FILES = 5 };

bool cp_en(web_req *r) { return !strcmp(r->lang, "en"); }

const char *cp_when(web_req *r, int64_t t)
{
	if (!t) return "—";
	char s[32];
	clock_vn_display(t, s, sizeof s);
	return arena_strdup(r->a, s);
}

const char *cp_kind_label(web_req *r, const char *kind)
{
	case_kind k;
	return kind && !case_kind_parse(kind, &k) ? web_t(r, case_kind_label_vi(k)) : kind;
}

const char *cp_state_label(web_req *r, const char *state)
{
	case_state s;
	return state && !case_state_parse(state, &s) ? web_t(r, case_state_label_vi(s)) : state;
}

const char *cp_category_label(web_req *r, const char *category)
{
	case_category c;
	return category && !case_category_parse(category, &c) ? web_t(r, case_category_label_vi(c)) : category;
}

const char *cp_channel_label(web_req *r, const char *channel)
{
	case_channel c;
	return channel && !case_channel_parse(channel, &c) ? web_t(r, case_channel_label_vi(c)) : channel;
}

const char *cp_days(web_req *r, int days, cal_unit unit)
{
	return arena_printf(r->a, "%d %s", days, unit == CAL_CALENDAR_DAYS ? web_t(r, "ngày") : web_t(r, "ngày làm việc"));
}

void cp_state_badge(web_req *r, const char *state)
{
	H(r, "<span class=\"state case-state state-%s\">%s</span>", state, cp_state_label(r, state));
}

void cp_risk_badge(web_req *r, const case_row *row)
{
	case_state s;
	const char *cls, *l;
	bool clock = !case_state_parse(row->state, &s) && case_rules_phase(s) != CP__MAX && row->due_at;
	if (!clock) {
		cls = row->late ? "late" : "done";
		l = row->late ? web_t(r, "Giải quyết trễ hạn") : web_t(r, "Không tính hạn");
	} else if (!strcmp(row->risk, "overdue") || clock_now() > row->due_at) {
		cls = "late";
		l = web_t(r, "Quá hạn");
	} else if (!strcmp(row->risk, "at_risk")) {
		cls = "risk";
		l = web_t(r, "Sắp đến hạn");
	} else {
		cls = "ok";
		l = web_t(r, "Trong hạn");
	}
	H(r, "<span class=\"badge %s\">%s</span>", cls, l);
}

void cp_steps_table(web_req *r, db *d, const case_row *row)
{
	case_step_row *steps;
	int n = 0;
	if (case_steps(d, row->id, r->a, &steps, &n, NULL)) n = 0;
	const char *l_step = web_t(r, "Bước"), *l_who = web_t(r, "Đơn vị, cán bộ xử lý"), *l_from = web_t(r, "Từ"),
	           *l_to = web_t(r, "Đến"), *l_due = web_t(r, "Hạn"), *l_status = web_t(r, "Tình trạng");
	H(r, "<table class=\"list stack steps case-steps\"><thead><tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th>"
	     "<th>%s</th></tr></thead><tbody>", l_step, l_who, l_from, l_to, l_due, l_status);
	int64_t now = clock_now();
	for (int i = 0; i < n; i++) {
		const case_step_row *s = &steps[i];
		int64_t end = s->ended_at ? s->ended_at : now;
		bool late = s->due_at && end > s->due_at;
		const char *cls = !s->due_at ? "none" : late ? "late" : "ok";
		const char *status = !s->due_at ? web_t(r, "Không tính hạn")
		                     : late ? (s->ended_at ? web_t(r, "Trễ hạn") : web_t(r, "Quá hạn"))
		                     : s->ended_at ? web_t(r, "Đúng hạn") : web_t(r, "Trong hạn");
		H(r, "<tr%r><td data-label=\"%s\">%d. %s</td><td data-label=\"%s\"><strong>%s</strong>", late ? " class=\"late\"" : "",
		  l_step, i + 1, cp_state_label(r, s->state), l_who, cp_en(r) && s->unit_name_en ? s->unit_name_en : s->unit_name_vi);
		if (s->account_name && *s->account_name)
			H(r, "<br><span%r>%s%r%s</span>", ui_vi(r), s->account_name, s->account_title && *s->account_title ? " · " : "",
			  s->account_title);
		if (s->note && *s->note) H(r, "<br><span class=\"muted\"%r>%s</span>", ui_vi(r), s->note);
		H(r, "</td><td data-label=\"%s\">%s</td><td data-label=\"%s\">%s</td><td data-label=\"%s\">%s</td>"
		     "<td data-label=\"%s\"><span class=\"badge %s\">%s</span></td></tr>",
		  l_from, cp_when(r, s->started_at), l_to, s->ended_at ? cp_when(r, s->ended_at) : web_t(r, "đang xử lý"),
		  l_due, cp_when(r, s->due_at), l_status, cls, status);
	}
	if (n == 0) H(r, "<tr><td colspan=\"6\">%s</td></tr>", web_t(r, "Chưa có bước nào."));
	H(r, "</tbody></table>");
}

void cp_result_block(web_req *r, db *d, const case_row *row)
{
	if (!row->published_at) return;
	H(r, "<section class=\"card result\" id=\"result\"><h2>%s</h2><dl><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s</dd></dl>"
	     "<p class=\"summary-text\"%r>%s</p></section>",
	  web_t(r, "Kết quả giải quyết"), web_t(r, "Công khai lúc"), cp_when(r, row->published_at), web_t(r, "Kết luận"),
	  row->at_fault == 1 ? web_t(r, "Có sai phạm") : row->at_fault == 0 ? web_t(r, "Không có sai phạm") : "—",
	  ui_vi(r), row->result_summary);
	case_apology_row ap;
	if (case_apology(d, row->id, r->a, &ap, NULL) == 1)
		H(r, "<section class=\"notice apology case-apology\" role=\"note\"><h2>%s</h2><p>%s</p><dl>"
		     "<dt>%s</dt><dd%r>%s</dd><dt>%s</dt><dd%r>%s</dd><dt>%s</dt><dd%r>%s</dd><dt>%s</dt><dd>%s</dd></dl></section>",
		  web_t(r, "Lời xin lỗi của cơ quan"),
		  web_t(r, "Cơ quan đã kết luận có sai phạm và công khai xin lỗi người dân."),
		  web_t(r, "Điều đã làm sai"), ui_vi(r), ap.what_wrong, web_t(r, "Điều đã làm để khắc phục"), ui_vi(r), ap.what_done,
		  web_t(r, "Biện pháp khắc phục cho người dân"), ui_vi(r), ap.remedy, web_t(r, "Công khai lúc"), cp_when(r, ap.published_at));
}

/* --- the report form --- */

static const char *fval(web_req *r, const char *name, const char *query_name)
{
	const char *v = web_form(r, name);
	if (!v && query_name) v = web_query(r, query_name);
	return v ? v : "";
}

static bool checked(web_req *r, const char *name)
{
	const char *v = web_form(r, name);
	return v && *v && strcmp(v, "0");
}

/* Whether the error is about this field (the form's name or the API's). */
static bool is_field(const err *e, const char *name, const char *alt)
{
	if (!e || !e->field) return false;
	const char *f = e->field;
	if (!strncmp(f, "identity.", 9)) f += 9;
	return !strcmp(f, name) || (alt && !strcmp(f, alt));
}

static const char *bad_cls(const err *e, const char *name, const char *alt)
{
	return is_field(e, name, alt) ? " class=\"bad\"" : "";
}

/* The message under a field in error. */
static const char *field_msg(web_req *r, const err *e, const char *name, const char *alt)
{
	if (!is_field(e, name, alt)) return "";
	buf b;
	buf_init(&b, 4096);
	html_printf(&b, "<span class=\"field-error\" role=\"alert\">%s</span>", cp_en(r) ? e->en : e->vi);
	const char *s = arena_strdup(r->a, buf_str(&b));
	buf_free(&b);
	return s;
}

static const char *kind_help(web_req *r, case_kind k)
{
	switch (k) {
	case CK_FEEDBACK:
		return web_t(r, "Cho cơ quan biết việc gây phiền hà, chậm trễ, thái độ không đúng mực hoặc quy định hành chính bất hợp lý.");
	case CK_PETITION:
		return web_t(r, "Đề xuất cách làm tốt hơn hoặc sửa đổi quy định, thủ tục hành chính.");
	case CK_COMPLAINT:
		return web_t(r, "Đề nghị xem xét lại quyết định hoặc hành vi hành chính xâm phạm quyền, lợi ích của bạn; gửi trong 90 ngày kể từ khi biết (Luật Khiếu nại 2011, Điều 9).");
	case CK_DENUNCIATION:
		return web_t(r, "Báo cho cơ quan có thẩm quyền biết hành vi vi phạm pháp luật của cán bộ, công chức; danh tính người tố cáo được giữ bí mật (Luật Tố cáo 2018).");
	default:
		return "";
	}
}

/* The legal time limits of a kind, from the rules in force today. */
static const char *kind_limits(web_req *r, const case_env *env, case_kind k)
{
	if (!env) return "";
	const case_clock *a = &env->rules.clocks[k][CP_INITIAL], *b = &env->rules.clocks[k][CP_SETTLE];
	if (a->days <= 0 || b->days <= 0) return "";
	const char *ext = b->extension_limit > 0
		? arena_printf(r->a, "; %s %d × %s", web_t(r, "gia hạn tối đa"), b->extension_limit,
		               cp_days(r, b->extension_days, b->unit))
		: "";
	return arena_printf(r->a, "%s %s; %s %s%s.", web_t(r, "Xử lý ban đầu trong"), cp_days(r, a->days, a->unit),
	                    web_t(r, "giải quyết trong"), cp_days(r, b->days, b->unit), ext);
}

static void unit_select(web_req *r, db *d, const char *current, const err *e)
{
	H(r, "<label%r>%s<select name=\"unit\" required><option value=\"\">%s</option>", bad_cls(e, "unit", "unit_code"),
	  web_t(r, "Cơ quan, đơn vị bị phản ánh"), web_t(r, "— Chọn cơ quan, đơn vị —"));
	units_picker_options(d, cp_en(r), current, &r->out);
	H(r, "</select><span class=\"hint\">%s</span>%r</label>",
	  web_t(r, "Đơn vị nơi việc xảy ra. Đơn sẽ được chuyển đến cơ quan có thẩm quyền giải quyết."),
	  field_msg(r, e, "unit", "unit_code"));
}

/* The official named by login (staff only: a citizen's account is never shown). */
static const char *role_label(web_req *r, const char *role)
{
	auth_role ro;
	return auth_role_parse(role, &ro) ? role : web_t(r, auth_role_label_vi(ro));
}

static bool official_of(db *d, const char *login, arena *a, case_person *out)
{
	return case_official(d, login, a, out, NULL) == 1;
}

void cp_report_form(web_req *r, bool staff, const err *e)
{
	db *d = db_thread();
	bool post = r->form != NULL;
	case_env env;
	bool have_env = case_env_load(d, 0, clock_now(), r->a, &env, NULL) == 0;
	if (e) H(r, "<p class=\"error\" role=\"alert\">%s</p>", cp_en(r) ? e->en : e->vi);
	H(r, "<form method=\"post\" action=\"%s\" enctype=\"multipart/form-data\" class=\"form report\">"
	     "%r",
	  staff ? "/cases/new" : "/report", auth_form_fields(r));

	/* Kind, with what it is and its legal time limits. */
	const char *kind = fval(r, "kind", "kind");
	if (!*kind) kind = "feedback";
	H(r, "<fieldset class=\"kinds%r\"><legend>%s</legend>", is_field(e, "kind", NULL) ? " bad" : "", web_t(r, "Loại đơn"));
	static const case_kind kinds[] = {CK_FEEDBACK, CK_PETITION, CK_COMPLAINT, CK_DENUNCIATION};
	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
		case_kind k = kinds[i];
		H(r, "<label class=\"check choice\"><input type=\"radio\" name=\"kind\" value=\"%s\"%r> <strong>%s</strong>"
		     "<span class=\"hint\">%s <em>%s</em></span></label>",
		  case_kind_name(k), !strcmp(kind, case_kind_name(k)) ? " checked" : "", web_t(r, case_kind_label_vi(k)),
		  kind_help(r, k), kind_limits(r, have_env ? &env : NULL, k));
	}
	H(r, "%r</fieldset>", field_msg(r, e, "kind", NULL));
	if (have_env && env.rules.citation)
		H(r, "<p class=\"muted\">%s <span%r>%s</span></p>", web_t(r, "Căn cứ:"), ui_vi(r), env.rules.citation);

	if (staff) {
		const char *ch = fval(r, "channel", "channel");
		static const case_channel chans[] = {CH_HOTLINE, CH_IN_PERSON, CH_POST};
		H(r, "<label%r>%s<select name=\"channel\" required>", bad_cls(e, "channel", NULL), web_t(r, "Kênh tiếp nhận"));
		for (size_t i = 0; i < sizeof chans / sizeof chans[0]; i++)
			H(r, "<option value=\"%s\"%r>%s</option>", case_channel_name(chans[i]),
			  !strcmp(ch, case_channel_name(chans[i])) ? " selected" : "", web_t(r, case_channel_label_vi(chans[i])));
		H(r, "</select>%r</label>", field_msg(r, e, "channel", NULL));
	}

	const char *cat = fval(r, "category", "category");
	H(r, "<label%r>%s<select name=\"category\" required>", bad_cls(e, "category", NULL), web_t(r, "Nội dung phản ánh"));
	for (int c = 0; c < CCAT__MAX; c++)
		H(r, "<option value=\"%s\"%r>%s</option>", case_category_name((case_category)c),
		  !strcmp(cat, case_category_name((case_category)c)) ? " selected" : "",
		  web_t(r, case_category_label_vi((case_category)c)));
	H(r, "</select>%r</label>", field_msg(r, e, "category", NULL));

	/* Where and who. */
	H(r, "<fieldset><legend>%s</legend>", web_t(r, "Việc xảy ra ở đâu, với ai"));
	unit_select(r, d, fval(r, "unit", "unit"), e);
	const char *login = fval(r, "official", "official");
	case_person off;
	bool have_off = official_of(d, login, r->a, &off);
	const char *sname = fval(r, "subject_name", NULL);
	if (!post && have_off) sname = off.display_name;
	if (have_off) {
		units_row ou;
		const char *ouname = units_get(d, off.unit_code, r->a, &ou) == 1 ? (cp_en(r) ? ou.name_en : ou.name_vi) : off.unit_code;
		H(r, "<p class=\"official card\"><input type=\"hidden\" name=\"official\" value=\"%s\">%s <strong%r>%s</strong><br>"
		     "<span class=\"muted\"><span%r>%s</span> · %s</span></p>",
		  off.login, web_t(r, "Cán bộ đang giữ hồ sơ:"), ui_vi(r), off.display_name, *off.title ? ui_vi(r) : "",
		  *off.title ? off.title : role_label(r, off.role), ouname);
	}
	H(r, "<label%r>%s<input name=\"subject_name\" maxlength=\"120\" value=\"%s\"><span class=\"hint\">%s</span>%r</label>",
	  bad_cls(e, "subject_name", "official"), web_t(r, "Cán bộ bị phản ánh (nếu biết)"), sname,
	  web_t(r, "Họ tên hoặc chức vụ của cán bộ. Cán bộ là người thi hành công vụ: tên và chức vụ được công khai."),
	  field_msg(r, e, "subject_name", "official"));
	H(r, "<label%r>%s<input name=\"dossier\" maxlength=\"40\" autocapitalize=\"characters\" spellcheck=\"false\" "
	     "placeholder=\"PCC-261127-0001\" value=\"%s\">%r</label>",
	  bad_cls(e, "dossier", "dossier_code"), web_t(r, "Mã hồ sơ thủ tục hành chính liên quan (nếu có)"),
	  fval(r, "dossier", "dossier"), field_msg(r, e, "dossier", "dossier_code"));
	/* From a business's page after an inspection: the report is about that inspection (checked when filed). */
	const char *insp = fval(r, "inspection", "inspection");
	if (insp && *insp)
		H(r, "<p class=\"card\"><input type=\"hidden\" name=\"inspection\" value=\"%s\">%s <code>%s</code>%r</p>", insp,
		  web_t(r, "Về cuộc thanh tra, kiểm tra doanh nghiệp:"), insp, field_msg(r, e, "inspection", "inspection"));
	H(r, "</fieldset>");

	/* What happened. */
	H(r, "<fieldset><legend>%s</legend>", web_t(r, "Nội dung"));
	H(r, "<label%r>%s<input name=\"title\" required maxlength=\"200\" value=\"%s\">%r</label>", bad_cls(e, "title", NULL),
	  web_t(r, "Tiêu đề"), fval(r, "title", "title"), field_msg(r, e, "title", NULL));
	H(r, "<label%r>%s<textarea name=\"body\" required rows=\"6\" maxlength=\"10000\">%s</textarea><span class=\"hint\">%s</span>%r</label>",
	  bad_cls(e, "body", NULL), web_t(r, "Mô tả sự việc"), fval(r, "body", NULL),
	  web_t(r, "Việc gì đã xảy ra, khi nào, ở đâu; cán bộ đã nói hoặc đòi hỏi gì."), field_msg(r, e, "body", NULL));
	H(r, "<label%r>%s<input name=\"incident_date\" type=\"date\" value=\"%s\">%r</label>", bad_cls(e, "incident_date", NULL),
	  web_t(r, "Ngày bạn biết sự việc"), fval(r, "incident_date", NULL), field_msg(r, e, "incident_date", NULL));
	H(r, "</fieldset>");

	/* Who is writing: anonymous or not. */
	bool anon = checked(r, "anonymous");
	H(r, "<fieldset class=\"identity\"><legend>%s</legend>", staff ? web_t(r, "Người phản ánh") : web_t(r, "Thông tin của bạn"));
	H(r, "<label class=\"check%r\"><input type=\"checkbox\" name=\"anonymous\" value=\"1\"%r> %s%r</label>"
	     "<p class=\"hint\">%s</p>",
	  is_field(e, "anonymous", NULL) ? " bad" : "", anon ? " checked" : "", web_t(r, "Gửi nặc danh (không ghi tên)"),
	  field_msg(r, e, "anonymous", NULL),
	  web_t(r, "Đơn nặc danh vẫn được tiếp nhận và kiểm tra. Theo Luật Tố cáo 2018 (Điều 25), tố cáo nặc danh được xử lý như thông tin có nội dung tố cáo, không phải đơn tố cáo chính thức. Bạn chỉ theo dõi được bằng mã đơn và mã tra cứu."));
	H(r, "<p class=\"notice vault-note\">%s</p>",
	  web_t(r, "Họ tên, địa chỉ, số điện thoại, thư điện tử và số định danh được mã hoá ngay khi nhận; chỉ người được giao giải quyết và Thanh tra mở được, mỗi lần mở đều được ghi lại. Đơn vị, cán bộ bị phản ánh không bao giờ thấy các thông tin này."));
	H(r, "<label%r>%s<input name=\"name\" maxlength=\"120\" autocomplete=\"name\" value=\"%s\">%r</label>",
	  bad_cls(e, "name", NULL), web_t(r, "Họ tên"), fval(r, "name", NULL), field_msg(r, e, "name", NULL));
	H(r, "<label%r>%s<input name=\"address\" maxlength=\"300\" autocomplete=\"street-address\" value=\"%s\">%r</label>",
	  bad_cls(e, "address", NULL), web_t(r, "Địa chỉ"), fval(r, "address", NULL), field_msg(r, e, "address", NULL));
	H(r, "<label%r>%s<input name=\"phone\" type=\"tel\" maxlength=\"40\" autocomplete=\"tel\" value=\"%s\">%r</label>",
	  bad_cls(e, "phone", NULL), web_t(r, "Điện thoại"), fval(r, "phone", NULL), field_msg(r, e, "phone", NULL));
	H(r, "<label%r>%s<input name=\"email\" type=\"email\" maxlength=\"254\" autocomplete=\"email\" value=\"%s\">"
	     "<span class=\"hint\">%s</span>%r</label>",
	  bad_cls(e, "email", NULL), web_t(r, "Thư điện tử"), fval(r, "email", NULL),
	  web_t(r, "Nếu có, bạn nhận thư báo mỗi khi đơn chuyển bước."), field_msg(r, e, "email", NULL));
	H(r, "<label%r>%s<input name=\"id_number\" maxlength=\"20\" inputmode=\"numeric\" value=\"%s\">%r</label>",
	  bad_cls(e, "id_number", NULL), web_t(r, "Số định danh cá nhân"), fval(r, "id_number", NULL),
	  field_msg(r, e, "id_number", NULL));
	H(r, "</fieldset>");

	/* Attachments. */
	H(r, "<fieldset class=\"files%r\"><legend>%s</legend>"
	     "<label class=\"file\">%s<input type=\"file\" name=\"files\" multiple accept=\"application/pdf,image/jpeg,image/png\">"
	     "<span class=\"hint\">%s</span></label>"
	     "<label class=\"check\"><input type=\"checkbox\" name=\"sealed\" value=\"1\"%r> %s</label>%r</fieldset>",
	  is_field(e, "files", "uploads") ? " bad" : "", web_t(r, "Tài liệu kèm theo"), web_t(r, "Tệp đính kèm"),
	  web_t(r, "PDF, JPEG hoặc PNG; tối đa 5 tệp."), checked(r, "sealed") ? " checked" : "",
	  web_t(r, "Đây là đơn viết tay hoặc giấy tờ có thông tin nhận dạng tôi (tệp được mã hoá như thông tin người gửi)"),
	  field_msg(r, e, "files", "uploads"));
	H(r, "<button type=\"submit\">%s</button></form>", staff ? web_t(r, "Ghi nhận đơn") : web_t(r, "Gửi đơn"));
	if (have_env) case_env_free(&env);
}

static const char *trimmed(web_req *r, const char *name)
{
	const char *v = web_form(r, name);
	if (!v) return "";
	while (*v == ' ' || *v == '\t' || *v == '\r' || *v == '\n') v++;
	size_t n = strlen(v);
	while (n && (v[n - 1] == ' ' || v[n - 1] == '\t' || v[n - 1] == '\r' || v[n - 1] == '\n')) n--;
	return arena_strndup(r->a, v, n);
}

static const char *opt(const char *s) { return s && *s ? s : NULL; }

int cp_report_input(web_req *r, bool staff, case_input *in, err *e)
{
	memset(in, 0, sizeof *in);
	in->kind = trimmed(r, "kind");
	in->category = trimmed(r, "category");
	in->channel = staff ? trimmed(r, "channel") : "web";
	in->title = trimmed(r, "title");
	in->body = trimmed(r, "body");
	in->incident_date = opt(trimmed(r, "incident_date"));
	in->unit_code = trimmed(r, "unit");
	in->official_login = opt(trimmed(r, "official"));
	in->subject_name = trimmed(r, "subject_name");
	in->dossier_code = opt(trimmed(r, "dossier"));
	in->inspection = opt(trimmed(r, "inspection"));
	/* Sent as typed: an anonymous report that names its sender is refused
	 * (the sender decides which it is), never silently stripped. */
	in->anonymous = checked(r, "anonymous");
	in->identity.name = trimmed(r, "name");
	in->identity.address = trimmed(r, "address");
	in->identity.phone = trimmed(r, "phone");
	in->identity.email = trimmed(r, "email");
	in->identity.id_number = trimmed(r, "id_number");
	in->lang = r->lang;
	in->client_addr = r->client_addr;
	if (!*in->kind)
		return err_set(e, MB_EINVAL, "missing_field", "kind", "Hãy chọn loại đơn.", "choose the kind of report");
	if (!*in->title)
		return err_set(e, MB_EINVAL, "missing_field", "title", "Hãy ghi tiêu đề.", "write a title");
	if (!*in->body)
		return err_set(e, MB_EINVAL, "missing_field", "body", "Hãy mô tả sự việc.", "describe what happened");
	/* Files arrive newest first: take them in the order they were sent. */
	const web_file *fs[64];
	int nf = 0;
	for (const web_file *f = r->files; f && nf < 64; f = f->next)
		if (!strcmp(f->field, "files") && f->filename && *f->filename && f->data.len) fs[nf++] = f;
	if (nf > MAX_FILES)
		return err_set(e, MB_EINVAL, "too_many_files", "files", "Chỉ được đính kèm tối đa 5 tệp.", "attach at most 5 files");
	bool sealed = checked(r, "sealed");
	for (int i = nf - 1; i >= 0; i--) {
		const web_file *f = fs[i];
		if (!db_file_sniff(f->data.data, f->data.len))
			return err_set(e, MB_EINVAL, "invalid_file", "files", "Tệp đính kèm phải là PDF, JPEG hoặc PNG.",
			               "attachments must be PDF, JPEG or PNG files");
		case_upload *u = &in->uploads[in->nuploads++];
		u->name = f->filename;
		u->data = f->data.data;
		u->size = f->data.len;
		u->sealed = sealed;
	}
	return 0;
}

/* What happens next, by the kind the case is handled as. */
static const char *next_text(web_req *r, const char *kind)
{
	if (!strcmp(kind, "information"))
		return web_t(r, "Tố cáo nặc danh được xử lý như thông tin có nội dung tố cáo: cơ quan có thẩm quyền có thể kiểm tra, thanh tra nếu thông tin đủ rõ. Bạn theo dõi bằng mã đơn và mã tra cứu.");
	if (!strcmp(kind, "denunciation"))
		return web_t(r, "Cơ quan có thẩm quyền xử lý ban đầu, quyết định thụ lý hoặc không thụ lý (có lý do), rồi xác minh, kết luận và công khai kết quả. Danh tính của bạn được giữ bí mật.");
	if (!strcmp(kind, "complaint"))
		return web_t(r, "Cơ quan quyết định thụ lý hoặc không thụ lý (có lý do), rồi xác minh, ra quyết định giải quyết và công khai kết quả.");
	return web_t(r, "Người đứng đầu đơn vị tiếp nhận, giao người xử lý; đơn được xác minh, kết luận và công khai kết quả. Bạn được hỏi có hài lòng hay không; nếu chưa hài lòng, đơn được giải quyết lại.");
}

int cp_receipt_page(web_req *r, const case_result *res, bool staff)
{
	db *d = db_thread();
	err e = {0};
	case_row row;
	int rc = case_get(d, res->code, r->a, &row, &e);
	if (rc < 0) return web_error(r, &e);
	if (rc == 0) {
		err_set(&e, MB_EINTERNAL, "internal", NULL, "Không đọc được đơn vừa nhận.", "cannot read the case just received");
		return web_error(r, &e);
	}
	case_receipt rec;
	bool signed_ok = case_receipt_make(d, &row, r->a, &rec, NULL) == 0;
	web_header_add(r, "Cache-Control", "no-store");
	r->cacheable = false;
	const char *title = web_t(r, "Đã nhận đơn");
	ui_page_begin(r, title);
	H(r, "<h1>%s</h1>", staff ? web_t(r, "Đã ghi nhận đơn") : web_t(r, "Đơn của bạn đã được tiếp nhận"));
	H(r, "<section class=\"card receipt\" id=\"receipt\"><dl><dt>%s</dt><dd><code class=\"case-code\">%s</code></dd>"
	     "<dt>%s</dt><dd><code class=\"passphrase\">%s</code></dd></dl>"
	     "<p class=\"notice write-down\"><strong>%s</strong> %s</p>",
	  web_t(r, "Mã đơn"), row.code, web_t(r, "Mã tra cứu"), res->secret, web_t(r, "Hãy ghi lại mã tra cứu."),
	  staff ? web_t(r, "Đọc hoặc đưa mã đơn và mã tra cứu cho người phản ánh: mã tra cứu chỉ hiện một lần, hệ thống không lưu và không gửi lại.")
	        : web_t(r, "Mã tra cứu chỉ hiện một lần trên trang này; hệ thống không lưu và không gửi lại. Cần cả mã đơn và mã tra cứu để theo dõi đơn."));
	H(r, "<dl><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>", web_t(r, "Loại đơn"),
	  cp_kind_label(r, row.kind), web_t(r, "Nội dung phản ánh"), cp_category_label(r, row.category),
	  web_t(r, "Đơn vị tiếp nhận"), cp_en(r) && row.unit_name_en ? row.unit_name_en : row.unit_name_vi,
	  web_t(r, "Trạng thái"));
	cp_state_badge(r, row.state);
	H(r, "</dd><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd><strong>%s</strong></dd></dl></section>",
	  web_t(r, "Nhận lúc"), cp_when(r, row.received_at), web_t(r, "Hạn xử lý bước đầu"), cp_when(r, row.due_at));
	H(r, "<section class=\"card\"><h2>%s</h2><p>%s</p><p><a class=\"button\" href=\"/report/track?code=%u\">%s</a></p></section>",
	  web_t(r, "Tiếp theo"), next_text(r, row.kind), row.code, web_t(r, "Theo dõi đơn"));
	if (signed_ok)
		H(r, "<section class=\"card signed-receipt\" id=\"signed-receipt\"><h2>%s</h2><p>%s</p><pre class=\"receipt-message\">%s</pre>"
		     "<dl><dt>%s</dt><dd><code class=\"wrap receipt-signature\">%s</code></dd><dt>%s</dt><dd><code class=\"wrap receipt-key\">%s</code></dd></dl>"
		     "<p><a href=\"/receipts/verify\">%s</a> · <span class=\"muted\">%s</span></p></section>",
		  web_t(r, "Giấy biên nhận có chữ ký số"),
		  web_t(r, "Giấy biên nhận chứng minh ngày giờ đơn được nhận; chữ ký số (Ed25519) bằng khoá của sổ cái hệ thống. Hãy in hoặc lưu trang này."),
		  rec.message, web_t(r, "Chữ ký"), rec.signature, web_t(r, "Khoá công khai"), rec.public_key,
		  web_t(r, "Kiểm tra giấy biên nhận"), web_t(r, "In trang này: Ctrl+P"));
	ui_page_end(r);
	return 0;
}

/* The answer to a filed report (POST/redirect/GET): the code and the
 * passphrase are kept sealed with the form token (auth_form_keep) and the
 * browser is sent to the receipt page, which shows them once. */
int cp_receipt_answer(web_req *r, const case_result *res, bool staff)
{
	const char *tok = auth_form_token(r);
	if (!tok || auth_form_keep(r, "code", res->code) || auth_form_keep(r, "secret", res->secret) ||
	    auth_form_keep(r, "staff", staff ? "1" : "0"))
		return cp_receipt_page(r, res, staff);   /* not a form POST: the receipt at once */
	return web_redirect(r, arena_printf(r->a, "/report/receipt?f=%s", tok));
}

/* GET /report/receipt?f=TOKEN: the receipt of the report just filed, with its
 * passphrase, once; afterwards (a refresh, another browser) a page saying so. */
static int page_receipt(web_req *r)
{
	const char *code = auth_form_take(r, "code"), *secret = auth_form_take(r, "secret"), *staff = auth_form_take(r, "staff");
	if (code && secret) {
		case_result res;
		memset(&res, 0, sizeof res);
		res.code = code;
		snprintf(res.secret, sizeof res.secret, "%s", secret);
		int rc = cp_receipt_page(r, &res, staff && !strcmp(staff, "1"));
		sodium_memzero(res.secret, sizeof res.secret);
		return rc;
	}
	const char *title = web_t(r, "Giấy biên nhận");
	web_header_add(r, "Cache-Control", "no-store");
	r->cacheable = false;
	r->status = 410;
	ui_page_begin(r, title);
	H(r, "<h1>%s</h1><p class=\"notice\">%s</p><p><a class=\"button\" href=\"/report/track\">%s</a></p>", title,
	  web_t(r, "Mã tra cứu chỉ hiện một lần và đã được hiển thị; hệ thống không hiện lại. Hãy theo dõi đơn bằng mã đơn và mã tra cứu bạn đã ghi lại."),
	  web_t(r, "Theo dõi đơn"));
	ui_page_end(r);
	return 0;
}

static int page_report(web_req *r)
{
	const char *title = web_t(r, "Phản ánh, kiến nghị, khiếu nại, tố cáo");
	ui_page_begin(r, title);
	H(r, "<h1>%s</h1><p>%s</p>", title,
	  web_t(r, "Gửi đơn về việc cán bộ gây phiền hà, nhũng nhiễu, chậm trễ hoặc về quy định hành chính. Không cần tài khoản; bạn nhận mã đơn và mã tra cứu để theo dõi."));
	H(r, "<p><a href=\"/report/track\">%s</a></p>", web_t(r, "Theo dõi đơn đã gửi"));
	cp_report_form(r, false, NULL);
	ui_page_end(r);
	return 0;
}

/* Renders the report page with the error (used after a refused POST). */
static int page_report_error(web_req *r, const err *e)
{
	const char *title = web_t(r, "Phản ánh, kiến nghị, khiếu nại, tố cáo");
	ui_page_begin(r, title);
	H(r, "<h1>%s</h1>", title);
	cp_report_form(r, false, e);
	ui_page_end(r);
	return 0;
}

static int page_report_submit(web_req *r)
{
	err e = {0};
	case_input in;
	const auth_actor *a = r->actor;
	case_result res = {0};
	/* Spam bursts: the service refuses more than a few reports per address (MB_ELIMIT). */
	if (cp_report_input(r, false, &in, &e) == 0 &&
	         case_exec(db_thread(), a && a->role == ROLE_CITIZEN ? a : NULL, CC_RECEIVE, NULL, &in, r->a, &res, &e) == 0)
		return cp_receipt_answer(r, &res, false);
	if (e.status == MB_EINTERNAL) return web_error(r, &e);
	r->status = err_http_status(e.status, e.code);
	return page_report_error(r, &e);
}

/* --- follow-up by code and passphrase --- */

static void follow_form(web_req *r, const char *code)
{
	H(r, "<form method=\"get\" action=\"/report/track\" class=\"form card\"><label>%s<input name=\"code\" required maxlength=\"40\" "
	     "autocapitalize=\"characters\" spellcheck=\"false\" placeholder=\"DT-261127-0001\" value=\"%s\"></label>"
	     "<label>%s<input name=\"secret\" required maxlength=\"20\" autocomplete=\"off\" autocapitalize=\"characters\" "
	     "spellcheck=\"false\"></label><button type=\"submit\">%s</button></form>",
	  web_t(r, "Mã đơn"), code ? code : "", web_t(r, "Mã tra cứu"), web_t(r, "Theo dõi"));
}

static void reporter_action(web_req *r, const case_row *row, const char *secret, const char *id, const char *action,
                            const char *title, const char *fields, const char *button)
{
	H(r, "<section class=\"card action\" id=\"act-%s\"><h3>%s</h3><form method=\"post\" action=\"%s\" class=\"form\">"
	     "%r<input type=\"hidden\" name=\"code\" value=\"%s\">"
	     "<input type=\"hidden\" name=\"secret\" value=\"%s\">%r<button type=\"submit\">%s</button></form></section>",
	  id, title, action, auth_form_fields(r), row->code, secret, fields, button);
}

/* The follow-up page. not_found: a command by code and secret was refused
 * for the pair; the same page as a failed look-up, without a second look-up. */
static int render_follow(web_req *r, const char *code, const char *secret, const err *action_err, bool not_found)
{
	db *d = db_thread();
	case_row row;
	err e = {0};
	int rc = 0;
	web_header_add(r, "Cache-Control", "no-store");
	r->cacheable = false;
	if (not_found) r->status = 404;
	else if (code && *code && secret && *secret) {
		rc = case_follow(d, code, secret, r->client_addr, r->a, &row, &e);
		if (rc < 0 && e.status != MB_ELIMIT) return web_error(r, &e);
		if (rc == 0) r->status = 404;
		if (rc < 0) r->status = 429;
	}
	const char *title = web_t(r, "Theo dõi đơn");
	ui_page_begin(r, title);
	if (rc != 1) {
		H(r, "<h1>%s</h1><p>%s</p>", title, web_t(r, "Nhập mã đơn và mã tra cứu in trên giấy biên nhận."));
		if (rc < 0) H(r, "<p class=\"error\" role=\"alert\">%s</p>", cp_en(r) ? e.en : e.vi);
		else if ((code && *code && secret && *secret) || not_found)
			H(r, "<p class=\"error\" role=\"alert\">%s</p>", web_t(r, "Mã đơn hoặc mã tra cứu không đúng."));
		follow_form(r, code);
		ui_page_end(r);
		return 0;
	}
	H(r, "<h1>%s <code>%s</code></h1>", web_t(r, "Đơn số"), row.code);
	if (action_err) H(r, "<p class=\"error\" role=\"alert\">%s</p>", cp_en(r) ? action_err->en : action_err->vi);
	H(r, "<section class=\"card summary case-summary\"><dl><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>",
	  web_t(r, "Loại đơn"), cp_kind_label(r, row.kind), web_t(r, "Nội dung phản ánh"), cp_category_label(r, row.category),
	  web_t(r, "Trạng thái"));
	cp_state_badge(r, row.state);
	H(r, "</dd><dt>%s</dt><dd><a href=\"/units/%u\">%s</a></dd><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s ",
	  web_t(r, "Đơn vị đang giải quyết"), row.unit_code, cp_en(r) && row.unit_name_en ? row.unit_name_en : row.unit_name_vi,
	  web_t(r, "Nhận lúc"), cp_when(r, row.received_at), web_t(r, "Hạn"), cp_when(r, row.due_at));
	cp_risk_badge(r, &row);
	H(r, "</dd>");
	if (row.reopened) H(r, "<dt>%s</dt><dd>%d</dd>", web_t(r, "Số lần giải quyết lại"), row.reopened);
	H(r, "</dl></section>");
	if (row.reason && *row.reason) H(r, "<p class=\"notice\"><strong>%s</strong> %s</p>", web_t(r, "Lý do:"), row.reason);
	H(r, "<h2>%s</h2>", web_t(r, "Quá trình giải quyết"));
	cp_steps_table(r, d, &row);
	cp_result_block(r, d, &row);

	case_state s;
	if (case_state_parse(row.state, &s)) s = CS_NONE;
	bool any = false;
	if (case_rules_allowed(s, CC_RATE)) {
		any = true;
		H(r, "<h2>%s</h2><p class=\"hint\">%s</p>", web_t(r, "Bạn có hài lòng với kết quả?"),
		  web_t(r, "Câu trả lời được tính như thích / không thích trong chỉ số hài lòng của cơ quan: không thích, hoặc đơn phải giải quyết lại, là chưa hài lòng."));
		reporter_action(r, &row, secret, "rate-yes", "/report/track/rate", web_t(r, "Tôi hài lòng (thích)"),
		                "<input type=\"hidden\" name=\"satisfied\" value=\"1\">", web_t(r, "Tôi hài lòng (thích)"));
		reporter_action(r, &row, secret, "rate-no", "/report/track/rate", web_t(r, "Tôi chưa hài lòng (không thích)"),
		                arena_printf(r->a, "<input type=\"hidden\" name=\"satisfied\" value=\"0\"><label>%s"
		                                   "<textarea name=\"reason\" required rows=\"3\" maxlength=\"2000\"></textarea></label>"
		                                   "<p class=\"hint\">%s</p>",
		                             web_t(r, "Vì sao bạn chưa hài lòng"),
		                             web_t(r, "Đơn sẽ được giải quyết lại; nếu đã giải quyết lại mà bạn vẫn chưa hài lòng, đơn được chuyển lên cấp trên.")),
		                web_t(r, "Tôi chưa hài lòng (không thích)"));
	}
	if (case_rules_allowed(s, CC_WITHDRAW)) {
		any = true;
		reporter_action(r, &row, secret, "withdraw", "/report/track/withdraw", web_t(r, "Rút đơn"),
		                arena_printf(r->a, "<p class=\"hint\">%s</p><label>%s<textarea name=\"reason\" required rows=\"3\" "
		                                   "maxlength=\"2000\"></textarea></label>",
		                             web_t(r, "Bạn có thể rút đơn bằng văn bản trước khi có kết luận."),
		                             web_t(r, "Nội dung văn bản rút đơn")),
		                web_t(r, "Rút đơn"));
	}
	if (!any && case_state_final(s)) H(r, "<p class=\"muted\">%s</p>", web_t(r, "Đơn đã kết thúc."));
	ui_page_end(r);
	return 0;
}

static int page_follow(web_req *r)
{
	return render_follow(r, web_query(r, "code"), web_query(r, "secret"), NULL, false);
}

static int follow_post(web_req *r, case_cmd cmd)
{
	err e = {0};
	const char *code = trimmed(r, "code"), *secret = trimmed(r, "secret");
	case_input in;
	memset(&in, 0, sizeof in);
	in.secret = secret;
	in.reason = opt(trimmed(r, "reason"));
	in.lang = r->lang;
	if (cmd == CC_RATE) {
		const char *sat = web_form(r, "satisfied");
		in.satisfied = sat && !strcmp(sat, "1");
	}
	/* The passphrase is checked like a look-up: a wrong one counts towards the limit. */
	case_row row;
	int found = case_follow(db_thread(), code, secret, r->client_addr, r->a, &row, &e);
	if (found < 0 && e.status != MB_ELIMIT) return web_error(r, &e);
	if (found < 0) return render_follow(r, code, secret, NULL, false);   /* 429 and its message */
	if (found == 0) return render_follow(r, code, NULL, NULL, true);
	code = row.code;   /* as typed: any case, surrounding spaces */
	secret = in.secret = text_code_norm(r->a, secret);
	memset(&e, 0, sizeof e);
	case_result res = {0};
	if (case_exec(db_thread(), NULL, cmd, code, &in, r->a, &res, &e) == 0)
		return web_redirect(r, arena_printf(r->a, "/report/track?code=%s&secret=%s", res.code ? res.code : code, secret));
	if (e.status == MB_EINTERNAL) return web_error(r, &e);
	if (e.status == MB_ENOTFOUND || e.status == MB_EFORBIDDEN || e.status == MB_EUNAUTH)
		return render_follow(r, code, NULL, NULL, true);
	int status = err_http_status(e.status, e.code);
	int rc = render_follow(r, code, secret, &e, false);
	if (r->status == 200 || !r->status) r->status = status;
	return rc;
}

static int page_rate(web_req *r) { return follow_post(r, CC_RATE); }
static int page_withdraw(web_req *r) { return follow_post(r, CC_WITHDRAW); }

/* --- signed receipts --- */

static int render_verify(web_req *r, int verdict)
{
	const char *title = web_t(r, "Kiểm tra giấy biên nhận");
	ui_page_begin(r, title);
	H(r, "<h1>%s</h1><p>%s</p>", title,
	  web_t(r, "Dán nội dung giấy biên nhận và chữ ký số để kiểm tra giấy do hệ thống cấp và đơn có trong sổ cái."));
	if (verdict == 1)
		H(r, "<p class=\"notice verdict valid\" role=\"status\"><span class=\"badge ok\">%s</span> %s</p>", web_t(r, "Hợp lệ"),
		  web_t(r, "Chữ ký đúng và sự kiện tiếp nhận có trong sổ cái."));
	else if (verdict == 0)
		H(r, "<p class=\"error verdict invalid\" role=\"alert\"><span class=\"badge late\">%s</span> %s</p>",
		  web_t(r, "Không hợp lệ"), web_t(r, "Chữ ký không đúng, hoặc nội dung đã bị sửa, hoặc sự kiện không có trong sổ cái."));
	H(r, "<form method=\"post\" action=\"/receipts/verify\" class=\"form card\"><input type=\"hidden\" name=\"_csrf\" value=\"%s\">"
	     "<label>%s<textarea name=\"message\" required rows=\"8\" maxlength=\"2000\" spellcheck=\"false\">%s</textarea></label>"
	     "<label>%s<input name=\"signature\" required maxlength=\"200\" spellcheck=\"false\" autocomplete=\"off\" value=\"%s\"></label>"
	     "<button type=\"submit\">%s</button></form>",
	  r->actor ? r->csrf : auth_anon_csrf(r), web_t(r, "Nội dung giấy biên nhận"), web_form(r, "message"),
	  web_t(r, "Chữ ký"), web_form(r, "signature"), web_t(r, "Kiểm tra"));
	H(r, "<p class=\"muted\">%s <a href=\"/api/v1/ledger/key\">/api/v1/ledger/key</a></p>", web_t(r, "Khoá công khai của sổ cái:"));
	ui_page_end(r);
	return 0;
}

static int page_verify(web_req *r) { return render_verify(r, -1); }

static int page_verify_post(web_req *r)
{
	/* A pasted message without the blank space around it; the service turns
	 * the text area's CRLF back into LF. */
	err e = {0};
	int v = case_receipt_verify(db_thread(), trimmed(r, "message"), trimmed(r, "signature"), &e);
	if (v < 0) {
		if (e.status == MB_EINTERNAL) return web_error(r, &e);
		v = 0;
	}
	if (v == 0) r->status = 422;
	return render_verify(r, v);
}

static const web_route routes[] = {
	{"GET", "/report", WEB_PUBLIC, page_report, 0},
	{"POST", "/report", WEB_PUBLIC, page_report_submit, 12u * 1024 * 1024},
	{"GET", "/report/receipt", WEB_PUBLIC, page_receipt, 0},
	{"GET", "/report/track", WEB_PUBLIC, page_follow, 0},
	{"POST", "/report/track/rate", WEB_PUBLIC, page_rate, 0},
	{"POST", "/report/track/withdraw", WEB_PUBLIC, page_withdraw, 0},
	{"GET", "/receipts/verify", WEB_PUBLIC, page_verify, 0},
	{"POST", "/receipts/verify", WEB_PUBLIC, page_verify_post, 0},
};

void cases_pages_install(void)
{
	web_route_add(routes, sizeof routes / sizeof routes[0]);
	cases_pages_staff_install();
}
