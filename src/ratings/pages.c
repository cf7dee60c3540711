/* pages.c — the citizen's rating page (/rate, reached from the tracking page,
 * the QR code on the appointment slip or the e-mail link with the code and
 * secret), the tracking page's rating card, and an official's own figures
 * (/officials/{login}/ratings: the official, the heads above, inspectors). */
#include <string.h>

#include "base/clock.h"
#include "base/text.h"
#include "procedures/procedures.h"
#include "ratings/service.h"
#include "ui/ui.h"
#include "web/html.h"
#include "web/i18n.h"

static bool en(web_req *r) { return !strcmp(r->lang, "en"); }

static const char *level_choice_label(web_req *r, rating_level l)
{
	switch (l) {
	case RL_VERY_SATISFIED: return web_t(r, "Rất hài lòng (thích)");
	case RL_SATISFIED: return web_t(r, "Hài lòng (thích)");
	default: return web_t(r, "Không hài lòng (không thích)");
	}
}

static const char *answer_of(const rating_view *v, const char *id)
{
	for (int i = 0; i < v->nanswers; i++)
		if (!strcmp(v->answers[i].criterion, id)) return v->answers[i].answer;
	return "";
}

/* What the form was sent with, else the stored answer. */
static const char *current(web_req *r, const rating_view *v, const char *field, const char *stored)
{
	const char *f = r->form ? web_form(r, field) : NULL;
	if (f) return f;
	return v->has_rating ? stored : "";
}

static void level_select(web_req *r, const char *name, const char *cur)
{
	H(r, "<select name=\"%s\"><option value=\"\">%s</option>", name, web_t(r, "— Không trả lời —"));
	for (int l = 0; l < RL__MAX; l++)
		H(r, "<option value=\"%s\"%r>%s</option>", rating_level_name((rating_level)l),
		  !strcmp(cur, rating_level_name((rating_level)l)) ? " selected" : "", web_t(r, rating_level_label_vi((rating_level)l)));
	H(r, "</select>");
}

static void criterion_field(web_req *r, const rating_view *v, const rating_criterion *c, const err *e)
{
	const char *name = arena_printf(r->a, "c_%s", c->id);
	const char *cur = current(r, v, name, answer_of(v, c->id));
	const char *text = en(r) ? c->text_en : c->text_vi;
	bool bad = e && e->field && !strncmp(e->field, "answers.", 8) && !strcmp(e->field + 8, c->id);
	switch (c->type) {
	case RA_YES_NO:
		H(r, "<fieldset class=\"criterion%r\"><legend%r>%s</legend>", bad ? " bad" : "", en(r) ? "" : ui_vi(r), text);
		H(r, "<label class=\"check choice\"><input type=\"radio\" name=\"%s\" value=\"yes\"%r> %s</label>"
		     "<label class=\"check choice\"><input type=\"radio\" name=\"%s\" value=\"no\"%r> %s</label></fieldset>",
		  name, !strcmp(cur, "yes") ? " checked" : "", web_t(r, "Có"), name, !strcmp(cur, "no") ? " checked" : "",
		  web_t(r, "Không"));
		break;
	case RA_LEVEL:
		H(r, "<label class=\"criterion%r\"><span%r>%s</span>", bad ? " bad" : "", en(r) ? "" : ui_vi(r), text);
		level_select(r, name, cur);
		H(r, "</label>");
		break;
	default:
		H(r, "<label class=\"criterion%r\"><span%r>%s</span><input name=\"%s\" type=\"number\" min=\"0\" max=\"99\" "
		     "inputmode=\"numeric\" value=\"%s\"></label>",
		  bad ? " bad" : "", en(r) ? "" : ui_vi(r), text, name, cur);
	}
}

/* The report flow, prefilled with the dossier, its unit, the official who
 * last held it and what the answers say went wrong. */
static const char *report_link(web_req *r, db *d, const dossier_row *x, const rating_view *v)
{
	const char *cat = "harassment";
	if (!strcmp(answer_of(v, "extra_money"), "yes")) cat = "money_demand";
	else if (!strcmp(answer_of(v, "extra_papers"), "yes")) cat = "extra_papers";
	else if (!strcmp(answer_of(v, "on_time"), "no")) cat = "delay";
	else if (!strcmp(answer_of(v, "staff_attitude"), "unsatisfied")) cat = "rudeness";
	const char *login = NULL;
	dossier_step_row *steps;
	int n = 0;
	err e = {0};
	if (dossier_repo_steps(d, x->id, r->a, &steps, &n, &e) == 0)
		for (int i = n - 1; i >= 0 && !login; i--) {
			dossier_account acc;
			if (steps[i].holder_account_id && strcmp(steps[i].kind, "supplement") &&
			    dossier_repo_account(d, NULL, steps[i].holder_account_id, r->a, &acc, NULL) == 1)
				login = acc.login;
		}
	const char *k[] = {"kind", "category", "dossier", "unit", "title", "official"};
	const char *val[] = {"feedback", cat, x->code, auth_unit_code(d, x->unit_id, r->a),
	                     arena_printf(r->a, "%s %s", web_t(r, "Không hài lòng với việc giải quyết hồ sơ"), x->code), login};
	buf b;
	buf_init(&b, 4096);
	buf_adds(&b, "/report");
	for (size_t i = 0; i < sizeof k / sizeof k[0]; i++) {
		if (!val[i]) continue;
		buf_printf(&b, "%c%s=", i ? '&' : '?', k[i]);
		html_url_encode(&b, val[i]);
	}
	const char *s = buf_failed(&b) ? "/report" : arena_strdup(r->a, b.data);
	buf_free(&b);
	return s;
}

static void report_offer(web_req *r, db *d, const dossier_row *x, const rating_view *v)
{
	H(r, "<section class=\"card cta report-offer\"><h2>%s</h2><p>%s</p><p><a class=\"button\" href=\"%s\">%s</a></p></section>",
	  web_t(r, "Bạn không hài lòng? Hãy phản ánh"),
	  web_t(r, "Phản ánh được chuyển đến người đứng đầu cơ quan giải quyết và được theo dõi đến khi có kết quả. Mẫu phản ánh đã điền sẵn mã hồ sơ, cơ quan và cán bộ đã giữ hồ sơ."),
	  report_link(r, d, x, v), web_t(r, "Phản ánh về hồ sơ này"));
}

static void lookup_form(web_req *r, const char *code)
{
	H(r, "<form method=\"get\" action=\"/rate\" class=\"form card\"><label>%s<input name=\"code\" required maxlength=\"40\" "
	     "autocapitalize=\"characters\" spellcheck=\"false\" placeholder=\"PCC-261127-0001\" value=\"%s\"></label>"
	     "<label>%s<input name=\"secret\" required maxlength=\"20\" autocomplete=\"off\" autocapitalize=\"characters\" "
	     "spellcheck=\"false\"></label><button type=\"submit\">%s</button></form>",
	  web_t(r, "Mã hồ sơ"), code ? code : "", web_t(r, "Mã tra cứu"), web_t(r, "Tiếp tục"));
}

static const char *STAFF_VI = N_("Bạn đang đăng nhập tài khoản cán bộ. Cán bộ không được đánh giá hồ sơ: chỉ người nộp hồ sơ "
                              "đánh giá, bằng mã hồ sơ và mã tra cứu, trên thiết bị không đăng nhập tài khoản cán bộ.");

static void summary(web_req *r, const rating_view *v)
{
	rating_level l;
	if (rating_level_parse(v->row.level, &l)) return;
	char when[32], until[32];
	clock_vn_display(v->row.changed_at ? v->row.changed_at : v->row.created_at, when, sizeof when);
	clock_vn_display(v->row.change_until, until, sizeof until);
	H(r, "<section class=\"card rating-summary\"><h2>%s</h2><p><span class=\"badge %s\">%s</span> · %s</p><p class=\"muted\">%s %s",
	  web_t(r, "Đánh giá của bạn"), rating_level_liked(l) ? "ok" : "late", web_t(r, rating_level_label_vi(l)),
	  rating_level_liked(l) ? web_t(r, "Thích") : web_t(r, "Không thích"), web_t(r, "Gửi lúc"), when);
	if (v->may_change) H(r, " · %s %s", web_t(r, "Có thể sửa đến"), until);
	else H(r, " · %s", web_t(r, "Đã hết thời hạn sửa đánh giá."));
	H(r, "</p></section>");
}

static int render(web_req *r, const char *code, const char *secret, const err *fe, const err *lookup)
{
	db *d = db_thread();
	err e = {0};
	r->personal = true;
	const auth_actor *actor = r->actor;
	ui_page_begin(r, web_t(r, "Đánh giá mức độ hài lòng"));
	H(r, "<h1>%s</h1>", web_t(r, "Đánh giá mức độ hài lòng"));
	if ((actor && actor->role != ROLE_CITIZEN) || (lookup && lookup->status == MB_EFORBIDDEN)) {
		r->status = 403;
		H(r, "<p class=\"error\" role=\"alert\">%s</p>", lookup ? (en(r) ? lookup->en : lookup->vi) : web_t(r, STAFF_VI));
		ui_page_end(r);
		return 0;
	}
	dossier_row x;
	int found = 0;
	if (lookup) {
		found = lookup->status == MB_ENOTFOUND ? 0 : -1;
		e = *lookup;
	} else if (code && secret && *code && *secret) {
		found = dossier_track(d, code, secret, r->client_addr, r->a, &x, &e);
		if (found < 0 && e.status != MB_ELIMIT) return web_error(r, &e);
	}
	if (found != 1) {
		H(r, "<p>%s</p>", web_t(r, "Nhập mã hồ sơ và mã tra cứu in trên Giấy tiếp nhận hồ sơ và hẹn trả kết quả."));
		if (found < 0) {
			r->status = 429;
			H(r, "<p class=\"error\" role=\"alert\">%s</p>", en(r) ? e.en : e.vi);
		} else if ((code && secret) || lookup) {
			r->status = 404;
			H(r, "<p class=\"error\" role=\"alert\">%s</p>", web_t(r, "Mã hồ sơ hoặc mã tra cứu không đúng."));
		}
		lookup_form(r, code);
		ui_page_end(r);
		return 0;
	}
	rating_view v;
	if (ratings_view(d, &x, clock_now(), r->a, &v, &e)) return web_error(r, &e);
	procedure p;
	H(r, "<p>%s <a href=\"/track?code=%u&amp;secret=%u\"><code>%s</code></a>", web_t(r, "Hồ sơ số"), x.code,
	  text_code_norm(r->a, secret), x.code);
	if (procedures_get_by_id(d, x.procedure_id, r->a, &p, NULL) == 1)
		H(r, " · %s", en(r) && p.name_en && *p.name_en ? p.name_en : p.name_vi);
	H(r, "</p>");
	if (web_query(r, "done") && v.has_rating)
		H(r, "<p class=\"notice\" role=\"status\">%s</p>", web_t(r, "Cảm ơn bạn đã đánh giá. Đánh giá đã được ghi nhận."));
	if (v.has_rating) summary(r, &v);
	if (v.has_rating && !v.row.liked) report_offer(r, d, &x, &v);
	if (!v.ratable) {
		H(r, "<p class=\"notice\">%s</p>", web_t(r, "Hồ sơ chưa có kết quả: chỉ đánh giá được khi kết quả đã sẵn sàng hoặc đã được trả."));
		ui_page_end(r);
		return 0;
	}
	if (v.has_rating && !v.may_change) { ui_page_end(r); return 0; }
	if (fe) H(r, "<p class=\"error\" role=\"alert\">%s</p>", en(r) ? fe->en : fe->vi);
	const char *cur_level = current(r, &v, "level", v.row.level);
	H(r, "<form method=\"post\" action=\"/rate\" class=\"form rating\">%r"
	     "<input type=\"hidden\" name=\"code\" value=\"%s\"><input type=\"hidden\" name=\"secret\" value=\"%s\">",
	  auth_form_fields(r), x.code, text_code_norm(r->a, secret));
	H(r, "<fieldset class=\"levels%r\"><legend>%s</legend>", fe && fe->field && (!strcmp(fe->field, "level") || !strcmp(fe->field, "like")) ? " bad" : "",
	  web_t(r, "Bạn đánh giá chung thế nào về việc giải quyết hồ sơ?"));
	for (int l = 0; l < RL__MAX; l++)
		H(r, "<label class=\"check choice\"><input type=\"radio\" name=\"level\" value=\"%s\" required%r> <strong>%s</strong></label>",
		  rating_level_name((rating_level)l), !strcmp(cur_level, rating_level_name((rating_level)l)) ? " checked" : "",
		  level_choice_label(r, (rating_level)l));
	H(r, "<p class=\"hint\">%s</p></fieldset>",
	  web_t(r, "Nếu không hài lòng, sau khi gửi bạn có thể phản ánh ngay trên trang này; mẫu phản ánh được điền sẵn hồ sơ."));
	H(r, "<fieldset><legend>%s</legend><p class=\"hint\">%s %s</p>", web_t(r, "Các tiêu chí (không bắt buộc)"),
	  web_t(r, "Bộ tiêu chí"), v.set_version ? v.set_version : "");
	for (int i = 0; i < v.ncriteria; i++) criterion_field(r, &v, &v.criteria[i], fe);
	H(r, "</fieldset>");
	H(r, "<label%r>%s<textarea name=\"comment\" rows=\"4\" maxlength=\"%d\">%s</textarea><span class=\"hint\">%s</span></label>",
	  fe && fe->field && !strcmp(fe->field, "comment") ? " class=\"bad\"" : "", web_t(r, "Ý kiến của bạn (không bắt buộc)"),
	  v.rules.comment_max, current(r, &v, "comment", v.row.comment),
	  web_t(r, "Không ghi họ tên, số điện thoại hay số định danh của bạn vào ý kiến."));
	H(r, "<button type=\"submit\">%s</button></form>", v.has_rating ? web_t(r, "Sửa đánh giá") : web_t(r, "Gửi đánh giá"));
	ui_page_end(r);
	return 0;
}

static int page_rate(web_req *r)
{
	return render(r, web_query(r, "code"), web_query(r, "secret"), NULL, NULL);
}

static int page_rate_post(web_req *r)
{
	err e = {0};
	rating_input in;
	memset(&in, 0, sizeof in);
	in.code = web_form(r, "code");
	in.secret = web_form(r, "secret");
	in.level = web_form(r, "level");
	in.like = -1;
	in.comment = web_form(r, "comment");
	in.channel = "web";
	for (web_kv *kv = r->form; kv; kv = kv->next) {
		if (strncmp(kv->key, "c_", 2)) continue;
		if (in.ncrit == RATING_ANSWERS_MAX) { in.too_many = true; break; }
		in.crit[in.ncrit] = kv->key + 2;
		in.answer[in.ncrit] = kv->value;
		in.ncrit++;
	}
	rating_outcome out;
	if (ratings_submit(db_thread(), r->actor, r->client_addr, &in, r->a, &out, &e) == 0)
		return web_redirect(r, arena_printf(r->a, "/rate?code=%s&secret=%s&done=1", out.dossier.code,
		                                    text_code_norm(r->a, in.secret)));
	if (e.status == MB_EINTERNAL || e.status == MB_EUNAVAILABLE) return web_error(r, &e);
	int status = err_http_status(e.status, e.code);
	bool lookup = e.status == MB_EFORBIDDEN || e.status == MB_ENOTFOUND || e.status == MB_ELIMIT;
	/* The staff refusal, a wrong code or secret and the limit are said by the page, without the form. */
	int rc = lookup ? render(r, in.code, NULL, NULL, &e) : render(r, in.code, in.secret, &e, NULL);
	r->status = status;
	return rc;
}

/* The tracking page's card (src/dossier/pages.c calls it): rate the dossier
 * once its result is ready or returned. */
void ratings_track_block(web_req *r, const char *code, const char *secret, const char *state)
{
	dossier_state s;
	if (dossier_state_parse(state, &s) || !rating_rules_ratable(s)) return;
	H(r, "<section class=\"card cta rate-offer\"><h2>%s</h2><p>%s</p><p><a class=\"button\" href=\"/rate?code=%u&amp;secret=%u\">%s</a></p></section>",
	  web_t(r, "Đánh giá mức độ hài lòng"),
	  web_t(r, "Hồ sơ đã có kết quả. Hãy cho biết bạn có hài lòng với việc giải quyết hồ sơ không; đánh giá được tính cho cơ quan và từng cán bộ đã giữ hồ sơ."),
	  code, text_code_norm(r->a, secret), web_t(r, "Đánh giá hồ sơ này"));
}

/* --- an official's figures --- */

static const char *pct(web_req *r, int64_t num, int64_t den)
{
	if (den <= 0) return web_t(r, "chưa có dữ liệu");
	return arena_printf(r->a, "%lld/%lld (%.1f%%)", (long long)num, (long long)den, 100.0 * (double)num / (double)den);
}

static void sum_cells(web_req *r, const rating_official_sum *s, const char *const *labels)
{
	H(r, "<td data-label=\"%s\">%s</td><td data-label=\"%s\">%s</td><td data-label=\"%s\">%s</td><td data-label=\"%s\">%s</td>",
	  labels[1], pct(r, s->steps_on_time, s->steps), labels[2], pct(r, s->supplements, s->steps), labels[3],
	  pct(r, s->very_satisfied + s->satisfied, s->rated), labels[4], pct(r, s->unsatisfied, s->rated));
}

static int page_official(web_req *r)
{
	err e = {0};
	db *d = db_thread();
	official_report o;
	if (ratings_official(d, r->actor, web_param(r, "login"), web_query(r, "from"), web_query(r, "to"), r->a, &o, &e))
		return web_error(r, &e);
	r->personal = true;
	const char *title = web_t(r, "Đánh giá và tiến độ của cán bộ");
	ui_page_begin(r, title);
	H(r, "<h1>%s</h1><p><strong%r>%s</strong> <span class=\"muted\">(%s)</span></p>", title, ui_vi(r),
	  o.official.display_name, o.official.login);
	H(r, "<p class=\"muted\">%s</p>",
	  web_t(r, "Chỉ cán bộ này, người đứng đầu đơn vị của cán bộ và cấp trên, và thanh tra xem được trang này; không công khai theo tên."));
	H(r, "<form method=\"get\" class=\"form inline\"><label>%s<input type=\"date\" name=\"from\" value=\"%s\"></label>"
	     "<label>%s<input type=\"date\" name=\"to\" value=\"%s\"></label><button type=\"submit\">%s</button></form>",
	  web_t(r, "Từ ngày"), o.from, web_t(r, "Đến ngày"), o.to, web_t(r, "Xem"));
	const char *labels[] = {web_t(r, "Thủ tục"), web_t(r, "Bước xử lý đúng hạn"), web_t(r, "Yêu cầu bổ sung / bước"),
	                        web_t(r, "Hài lòng"), web_t(r, "Không hài lòng")};
	H(r, "<table class=\"list stack\"><thead><tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr></thead><tbody>",
	  labels[0], labels[1], labels[2], labels[3], labels[4]);
	H(r, "<tr><td data-label=\"%s\"><strong>%s</strong></td>", labels[0], web_t(r, "Cán bộ (mọi thủ tục)"));
	sum_cells(r, &o.own, labels);
	H(r, "</tr><tr><td data-label=\"%s\">%s</td>", labels[0], web_t(r, "Cán bộ khác cùng thủ tục"));
	sum_cells(r, &o.peers, labels);
	H(r, "</tr>");
	for (int i = 0; i < o.nprocs; i++) {
		procedure p;
		const char *name = procedures_get_by_id(d, o.procs[i].procedure_id, r->a, &p, NULL) == 1
		                   ? (en(r) && p.name_en && *p.name_en ? p.name_en : p.name_vi) : "?";
		H(r, "<tr><td data-label=\"%s\">%s</td>", labels[0], name);
		sum_cells(r, &o.procs[i], labels);
		H(r, "</tr><tr class=\"muted\"><td data-label=\"%s\">%s</td>", labels[0], web_t(r, "— cán bộ khác"));
		sum_cells(r, &o.proc_peers[i], labels);
		H(r, "</tr>");
	}
	H(r, "</tbody></table>");
	H(r, "<h2>%s</h2>", web_t(r, "Đánh giá gần đây qua các hồ sơ đã giữ"));
	if (!o.nrecent) H(r, "<p class=\"muted\">%s</p>", web_t(r, "Chưa có đánh giá nào."));
	else {
		H(r, "<ul class=\"plain\">");
		for (int i = 0; i < o.nrecent; i++) {
			rating_level l;
			if (rating_level_parse(o.recent[i].level, &l)) continue;
			H(r, "<li><code>%s</code> <span class=\"badge %s\">%s</span>", o.recent[i].code,
			  rating_level_liked(l) ? "ok" : "late", web_t(r, rating_level_label_vi(l)));
			if (*o.recent[i].comment) H(r, " <q%r>%s</q>", ui_vi(r), o.recent[i].comment);
			H(r, "</li>");
		}
		H(r, "</ul>");
	}
	ui_page_end(r);
	return 0;
}

static const web_route routes[] = {
	{"GET", "/rate", WEB_PUBLIC, page_rate, 0},
	{"POST", "/rate", WEB_PUBLIC, page_rate_post, 16u * 1024},
	{"GET", "/officials/{login}/ratings", AUTH_P_SIGNED_IN, page_official, 0},
};

void ratings_pages_install(void)
{
	web_route_add(routes, sizeof routes / sizeof routes[0]);
}
