/* inspections.c — the routes, the official's record section (findings and
 * commendations), and the demo inspections. */
#include <string.h>

#include "base/calendar.h"
#include "base/clock.h"
#include "inspections/service.h"
#include "officials/officials.h"
#include "ui/ui.h"
#include "web/html.h"

/* --- the section of an official's record --- */

static int section_html(web_req *r, db *d, const auth_actor *o, err *e)
{
	insp_finding *fs;
	insp_commendation *cs;
	int nf = 0, nc = 0;
	int rc = insp_findings_of(d, o->id, r->a, &fs, &nf, e);
	if (!rc) rc = insp_commendations_of(d, o->id, r->a, &cs, &nc, e);
	if (rc) return rc;
	H(r, "<section class=\"card\" id=\"inspection-findings\"><h2>%s</h2>", web_t(r, "Phát hiện qua thanh tra, kiểm tra công vụ"));
	if (!nf) H(r, "<p class=\"muted\">%s</p>", web_t(r, "Không có phát hiện nào."));
	else {
		H(r, "<ul class=\"plain\">");
		for (int i = 0; i < nf; i++) {
			insp_severity sev;
			if (insp_severity_parse(fs[i].severity, &sev)) continue;
			char when[32];
			clock_vn_display(fs[i].at, when, sizeof when);
			H(r, "<li><a href=\"/inspections/%u\"><code>%s</code></a> <span class=\"badge %s\">%s</span> <span%r>%s</span> "
			     "<span class=\"muted\">%s</span></li>", fs[i].code, fs[i].code, sev == SEV_SERIOUS ? "late" : "",
			  web_t(r, insp_severity_label_vi(sev)), ui_vi(r), fs[i].text, when);
		}
		H(r, "</ul>");
	}
	H(r, "<h3>%s</h3>", web_t(r, "Khen qua thanh tra, kiểm tra công vụ"));
	if (!nc) H(r, "<p class=\"muted\">%s</p>", web_t(r, "Chưa có."));
	else {
		H(r, "<ul class=\"plain\">");
		for (int i = 0; i < nc; i++)
			H(r, "<li><a href=\"/inspections/%u\"><code>%s</code></a> <span%r>%s</span></li>", cs[i].code, cs[i].code, ui_vi(r),
			  cs[i].text);
		H(r, "</ul>");
	}
	H(r, "</section>");
	return 0;
}

static int section_json(db *d, json_t *j, const auth_actor *o, arena *a, err *e)
{
	insp_finding *fs;
	insp_commendation *cs;
	int nf = 0, nc = 0;
	int rc = insp_findings_of(d, o->id, a, &fs, &nf, e);
	if (!rc) rc = insp_commendations_of(d, o->id, a, &cs, &nc, e);
	if (rc) return rc;
	json_t *jf = json_array(), *jc = json_array();
	for (int i = 0; i < nf; i++)
		json_array_append_new(jf, json_pack("{s:s, s:s, s:s, s:s, s:o}", "inspection", fs[i].code, "severity", fs[i].severity,
		                                    "item", fs[i].item, "text", fs[i].text, "at", web_json_time(fs[i].at)));
	for (int i = 0; i < nc; i++)
		json_array_append_new(jc, json_pack("{s:s, s:s, s:o}", "inspection", cs[i].code, "text", cs[i].text, "at",
		                                    web_json_time(cs[i].at)));
	json_object_set_new(j, "inspection_findings", jf);
	json_object_set_new(j, "commendations", jc);
	return 0;
}

static const official_section section = {.html = section_html, .json = section_json};

void inspections_install(void)
{
	inspections_public_install();
	inspections_api_install();
	official_section_add(&section);
	/* A recording that is evidence of an inspection stays held. */
	recordings_set_evidence_check(insp_recording_evidence_check);
}

/* --- demo --- */

static int demo_actor(db *d, const char *login, arena *a, auth_actor *out, err *e)
{
	int rc = auth_actor_load(d, login, a, out, e);
	if (rc == 1) return 0;
	return rc < 0 ? rc : err_set(e, MB_ENOTFOUND, "not_found", "login", "Thiếu tài khoản mẫu.", "a demo account is missing");
}

static const char *day_from_now(arena *a, int days)
{
	char s[16];
	cal_format_date(cal_day_of(clock_now()) + days, s, sizeof s);
	return arena_strdup(a, s);
}

int inspections_load_demo(db *d, err *e)
{
	arena a;
	arena_init(&a);
	auth_actor tt, nv;
	int rc = demo_actor(d, "thanhtra", &a, &tt, e);
	if (!rc) rc = demo_actor(d, "thanhtranoivu", &a, &nv, e);
	/* The annual plan: a home-affairs check of the ward's one-stop shop next month. */
	const char *planned = NULL, *done = NULL;
	if (!rc) {
		insp_plan_in in = {.kind = "planned",
		                   .title = "Kiểm tra công vụ năm: kỷ luật, kỷ cương hành chính tại Bộ phận Một cửa phường Chiềng Cơi",
		                   .planned_on = day_from_now(&a, 30), .units = {"phuong-chieng-coi"}, .nunits = 1,
		                   .officials = {"motcua", "xuly"}, .nofficials = 2};
		rc = insp_plan(d, &nv, &in, &a, &planned, e);
	}
	/* Concluded: a surprise visit of the Inspectorate, with checks, findings, a commendation and a recommendation. */
	if (!rc) {
		insp_plan_in in = {.kind = "surprise", .title = "Thanh tra đột xuất việc tiếp nhận hồ sơ tại Bộ phận Một cửa phường Chiềng Cơi",
		                   .planned_on = day_from_now(&a, -20), .units = {"phuong-chieng-coi"}, .nunits = 1,
		                   .officials = {"motcua", "xuly"}, .nofficials = 2};
		rc = insp_plan(d, &tt, &in, &a, &done, e);
	}
	if (!rc) rc = insp_start(d, &tt, done, &a, e);
	if (!rc) {
		insp_checks_in in = {.item = {"working_hours", "badge", "procedures_posted", "hotline_posted", "one_supplement"},
		                     .result = {"pass", "fail", "pass", "fail", "pass"},
		                     .note = {"", "Một công chức không đeo thẻ", "", "Số đường dây nóng bị che khuất", ""}, .n = 5};
		rc = insp_checks_set(d, &tt, done, &in, &a, e);
	}
	int64_t id;
	if (!rc) {
		insp_finding_in in = {.about = "official", .official = "motcua", .item = "badge", .severity = "minor",
		                      .text = "Không đeo thẻ công chức khi tiếp nhận hồ sơ của công dân trong buổi sáng kiểm tra."};
		rc = insp_finding_add(d, &tt, done, &in, &a, &id, e);
	}
	if (!rc) {
		insp_finding_in in = {.about = "unit", .unit = "phuong-chieng-coi", .item = "hotline_posted", .severity = "moderate",
		                      .text = "Bảng niêm yết số đường dây nóng bị tủ hồ sơ che khuất, người dân không nhìn thấy."};
		rc = insp_finding_add(d, &tt, done, &in, &a, &id, e);
	}
	if (!rc) {
		insp_commend_in in = {.official = "xuly", .text = "Hướng dẫn hồ sơ hộ tịch tận tình, đúng quy định, không yêu cầu giấy tờ ngoài thủ tục."};
		rc = insp_commend(d, &tt, done, &in, &a, e);
	}
	if (!rc) {
		insp_conclude_in in = {.conclusion = "Bộ phận Một cửa cơ bản thực hiện đúng giờ làm việc và niêm yết thủ tục; còn một công chức không đeo thẻ và bảng đường dây nóng bị che khuất.",
		                       .rec_unit = {"phuong-chieng-coi"},
		                       .rec_text = {"Chấn chỉnh việc đeo thẻ công chức và bố trí lại bảng niêm yết đường dây nóng ở vị trí dễ thấy."},
		                       .rec_due = {day_from_now(&a, 30)}, .nrecs = 1};
		rc = insp_conclude(d, &tt, done, &in, &a, e);
	}
	arena_free(&a);
	return rc;
}
