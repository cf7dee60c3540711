/* ratings.c — registration of the ratings' routes. */
#include "dossier/web.h"
#include "officials/officials.h"
#include "ratings/service.h"
#include "web/html.h"

/* The rating card on the tracking page, after the steps. */
static int track_end(web_req *r, db *d, const dossier_row *row, const char *secret, err *e)
{
	(void)d;
	(void)e;
	ratings_track_block(r, row->code, secret, row->state);
	return 0;
}

static const dossier_section section = {.track_end = track_end};

/* An official's record (officials/officials.h): the last 90 days' steps held,
 * on time, and supplement requests from the counters, with the link to the
 * figures per procedure and the peers'. The record page has checked the reader. */
static const char *share(web_req *r, int64_t num, int64_t den)
{
	if (den <= 0) return web_t(r, "chưa có dữ liệu");
	return arena_printf(r->a, "%lld/%lld (%.1f%%)", (long long)num, (long long)den, 100.0 * (double)num / (double)den);
}

static int record_html(web_req *r, db *d, const auth_actor *o, err *e)
{
	official_report rep;
	int rc = ratings_official(d, o, o->login, NULL, NULL, r->a, &rep, e);
	if (rc) return rc;
	H(r, "<section class=\"card\" id=\"figures\"><h2>%s</h2><dl>", web_t(r, "Hồ sơ đã giữ (90 ngày gần nhất)"));
	H(r, "<dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s</dd></dl>", web_t(r, "Bước xử lý đúng hạn"),
	  share(r, rep.own.steps_on_time, rep.own.steps), web_t(r, "Yêu cầu bổ sung / bước"), share(r, rep.own.supplements, rep.own.steps),
	  web_t(r, "Hài lòng"), share(r, rep.own.very_satisfied + rep.own.satisfied, rep.own.rated));
	H(r, "<p><a href=\"/officials/%u/ratings\">%s</a></p></section>", o->login, web_t(r, "Đánh giá và tiến độ của cán bộ"));
	return 0;
}

static int record_json(db *d, json_t *j, const auth_actor *o, arena *a, err *e)
{
	official_report rep;
	int rc = ratings_official(d, o, o->login, NULL, NULL, a, &rep, e);
	if (rc) return rc;
	json_object_set_new(j, "figures", ratings_official_json(d, &rep, a));
	return 0;
}

static const official_section record = {.html = record_html, .json = record_json};

void ratings_install(void)
{
	ratings_api_install();
	ratings_pages_install();
	dossier_section_add(&section);
	official_section_add(&record);
}
