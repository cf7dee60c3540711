/* record.c — the dossiers' section of an official's record (officials/officials.h):
 * the apology letters the official issued for dossiers late in their hands, the
 * last twelve months counted and the latest listed. The record page has already
 * checked the reader. */
#include "base/clock.h"
#include "dossier/repo.h"
#include "dossier/web.h"
#include "officials/officials.h"
#include "ui/ui.h"
#include "web/html.h"

enum { RECENT = 10 };

static int64_t year_ago(void) { return clock_now() - 365 * 86400; }

static int section_html(web_req *r, db *d, const auth_actor *o, err *e)
{
	dossier_apology_of *xs;
	int n = 0;
	int64_t count = 0;
	int rc = dossier_repo_apologies_count(d, o->id, year_ago(), &count, e);
	if (!rc) rc = dossier_repo_apologies_of(d, o->id, RECENT, r->a, &xs, &n, e);
	if (rc) return rc;
	H(r, "<section class=\"card\" id=\"apologies\"><h2>%s</h2><p>%s: <strong>%D</strong></p>",
	  web_t(r, "Thư xin lỗi vì hồ sơ trễ hạn"), web_t(r, "Trong 12 tháng gần nhất"), count);
	if (n) {
		H(r, "<ul class=\"plain\">");
		for (int i = 0; i < n; i++) {
			char when[32];
			clock_vn_display(xs[i].issued_at, when, sizeof when);
			H(r, "<li><a href=\"/dossiers/%u\"><code>%s</code></a> · %s%r · <span%r>%s</span></li>", xs[i].code, xs[i].code, when,
			  xs[i].late ? arena_printf(r->a, " <span class=\"badge late\">%s</span>", web_t(r, "gửi muộn")) : "", ui_vi(r),
			  xs[i].reason);
		}
		H(r, "</ul>");
	}
	H(r, "</section>");
	return 0;
}

static int section_json(db *d, json_t *j, const auth_actor *o, arena *a, err *e)
{
	dossier_apology_of *xs;
	int n = 0;
	int64_t count = 0;
	int rc = dossier_repo_apologies_count(d, o->id, year_ago(), &count, e);
	if (!rc) rc = dossier_repo_apologies_of(d, o->id, RECENT, a, &xs, &n, e);
	if (rc) return rc;
	json_t *arr = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(arr, json_pack("{s:s, s:s, s:o, s:b}", "dossier", xs[i].code, "reason", xs[i].reason, "issued_at",
		                                     web_json_time(xs[i].issued_at), "late", xs[i].late));
	json_object_set_new(j, "apologies", json_pack("{s:I, s:o}", "last_12_months", (json_int_t)count, "latest", arr));
	return 0;
}

static const official_section section = {.html = section_html, .json = section_json};

void dossier_record_install(void) { official_section_add(&section); }
