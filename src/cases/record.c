/* record.c — the cases' section of an official's record (officials/officials.h):
 * the reports naming the official and their outcome, and the sanctions decided
 * on cases found at fault. The record page has already checked the reader. */
#include <string.h>

#include "base/clock.h"
#include "cases/web.h"
#include "officials/officials.h"
#include "ui/ui.h"
#include "web/html.h"

static int section_html(web_req *r, db *d, const auth_actor *o, err *e)
{
	case_naming_row *rs;
	case_sanction_row *ss;
	case_person p;
	int nr = 0, ns = 0;
	int rc = case_official_reports(d, o->id, 50, r->a, &rs, &nr, e);
	if (!rc) rc = case_official_record(d, o, o->login, r->a, &p, &ss, &ns, e);
	if (rc) return rc;
	H(r, "<section class=\"card\" id=\"reports\"><h2>%s</h2>", web_t(r, "Phản ánh, kiến nghị, khiếu nại nêu tên cán bộ"));
	if (!nr) H(r, "<p class=\"muted\">%s</p>", web_t(r, "Không có."));
	else {
		H(r, "<ul class=\"plain\">");
		for (int i = 0; i < nr; i++) {
			case_kind k;
			case_state s;
			if (case_kind_parse(rs[i].kind, &k) || case_state_parse(rs[i].state, &s)) continue;
			H(r, "<li><code>%s</code> %s · %s%r</li>", rs[i].code, web_t(r, case_kind_label_vi(k)), web_t(r, case_state_label_vi(s)),
			  rs[i].at_fault == 1 ? arena_printf(r->a, " · <strong>%s</strong>", web_t(r, "có sai phạm")) :
			  rs[i].at_fault == 0 ? arena_printf(r->a, " · %s", web_t(r, "không có sai phạm")) : "");
		}
		H(r, "</ul>");
	}
	H(r, "<h3>%s</h3>", web_t(r, "Hình thức xử lý đã quyết định"));
	if (!ns) H(r, "<p class=\"muted\">%s</p>", web_t(r, "Không có."));
	else {
		H(r, "<ul class=\"plain\">");
		for (int i = 0; i < ns; i++) {
			char when[32];
			clock_vn_display(ss[i].decided_at, when, sizeof when);
			H(r, "<li><code>%s</code> <span%r>%s</span> <span class=\"muted\">%s</span></li>", ss[i].code, ui_vi(r), ss[i].sanction, when);
		}
		H(r, "</ul>");
	}
	H(r, "</section>");
	return 0;
}

static int section_json(db *d, json_t *j, const auth_actor *o, arena *a, err *e)
{
	case_naming_row *rs;
	case_sanction_row *ss;
	case_person p;
	int nr = 0, ns = 0;
	int rc = case_official_reports(d, o->id, 50, a, &rs, &nr, e);
	if (!rc) rc = case_official_record(d, o, o->login, a, &p, &ss, &ns, e);
	if (rc) return rc;
	json_t *jr = json_array(), *js = json_array();
	for (int i = 0; i < nr; i++) {
		json_t *x = json_pack("{s:s, s:s, s:s, s:o}", "code", rs[i].code, "kind", rs[i].kind, "state", rs[i].state, "received_at",
		                      web_json_time(rs[i].received_at));
		json_object_set_new(x, "at_fault", rs[i].at_fault < 0 ? json_null() : json_boolean(rs[i].at_fault));
		json_array_append_new(jr, x);
	}
	for (int i = 0; i < ns; i++)
		json_array_append_new(js, json_pack("{s:s, s:s, s:o}", "case", ss[i].code, "sanction", ss[i].sanction, "decided_at",
		                                    web_json_time(ss[i].decided_at)));
	json_object_set_new(j, "reports", jr);
	json_object_set_new(j, "sanctions", js);
	return 0;
}

static const official_section section = {.html = section_html, .json = section_json};

void cases_record_install(void)
{
	official_section_add(&section);
}
