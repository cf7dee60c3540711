/* recordings.c — the room's install (routes; the sections of the dossier's and
 * the case's staff pages), its background job (the watched folder and the
 * retention), and the demo recording. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/calendar.h"
#include "base/clock.h"
#include "base/job.h"
#include "base/log.h"
#include "cases/cases.h"
#include "dossier/web.h"
#include "officials/officials.h"
#include "recordings/service.h"
#include "ui/ui.h"
#include "web/html.h"
#include "web/i18n.h"

/* --- the sections: what concerns this dossier or case, for those who may see recordings --- */

static bool lister(db *d, web_req *r, int64_t unit)
{
	const auth_actor *a = r->actor;
	return a && rec_rules_may_list(a->role, officials_head_over(d, a, unit));
}

static void section(web_req *r, const char *hint, const rec_row *rows, int n)
{
	H(r, "<section class=\"card\" id=\"recordings\"><h2>%s</h2><p class=\"muted\">%s</p>", web_t(r, "Ghi âm, ghi hình tại quầy"), hint);
	if (!n) H(r, "<p class=\"muted\">%s</p>", web_t(r, "Không có bản ghi nào."));
	else {
		H(r, "<ul class=\"plain\">");
		for (int i = 0; i < n; i++) rec_item_html(r, &rows[i]);
		H(r, "</ul>");
	}
	H(r, "</section>");
}

static int dossier_staff(web_req *r, db *d, const dossier_row *row, err *e)
{
	if (!lister(d, r, row->unit_id)) return 0;
	rec_row *rows;
	int n = 0;
	if (rec_of_dossier(d, row->id, r->a, &rows, &n, e)) return e->status;
	section(r, web_t(r, "Bản ghi của các quầy mà người giữ hồ sơ phục vụ, trong thời gian họ giữ hồ sơ."), rows, n);
	return 0;
}

static const dossier_section dossier_sec = {.staff = dossier_staff};

static int case_staff(web_req *r, db *d, const case_row *row, err *e)
{
	if (!lister(d, r, row->subject_unit_id ? row->subject_unit_id : row->unit_id)) return 0;
	rec_row *rows;
	int n = 0;
	if (rec_of_case(d, row, r->a, &rows, &n, e)) return e->status;
	section(r, web_t(r, "Bản ghi của các quầy mà cán bộ bị phản ánh phục vụ (hoặc mọi quầy của đơn vị) trong ngày xảy ra sự việc, hoặc của hồ sơ mà đơn nêu."),
	        rows, n);
	return 0;
}

static const case_section case_sec = {.staff = case_staff};

static bool menu_shown(web_req *r)
{
	const auth_actor *a = r->actor;
	return rec_rules_may_list(a->role, a->role == ROLE_UNIT_HEAD);
}

static const ui_menu_item menu = {N_("Ghi âm, ghi hình tại quầy"), "/recordings", menu_shown};

void recordings_install(void)
{
	recordings_web_install();
	ui_menu_add(&menu);
	dossier_section_add(&dossier_sec);
	case_section_add(&case_sec);
}

/* --- the job --- */

static job g_job;
static char g_dir[4096];

static void pass(void)
{
	db *d = db_thread();
	if (!d) return;
	err e = {0};
	int taken = 0, rejected = 0, purged = 0;
	if (g_dir[0] && recordings_ingest_dir(d, g_dir, -1, &taken, &rejected, &e)) job_failed("recordings", "the watched folder", &e);
	else if (taken || rejected) log_msg(LOG_INFO, "recordings", "folder %s: %d stored, %d rejected", g_dir, taken, rejected);
	err p = {0};
	if (recordings_purge(d, clock_now(), &purged, &p)) job_failed("recordings", "retention", &p);
	else if (purged) log_msg(LOG_INFO, "recordings", "%d recordings past their retention deleted", purged);
}

void recordings_jobs_start(const char *dir, int interval_s)
{
	g_dir[0] = '\0';
	if (dir && *dir) snprintf(g_dir, sizeof g_dir, "%s", dir);
	job_start(&g_job, "recordings", pass, interval_s);
}

void recordings_jobs_stop(void) { job_stop(&g_job); }

/* --- demo --- */

/* A second of a 440 Hz tone as 8 kHz 8-bit mono WAV: a real file a browser plays. */
static unsigned char *demo_wav(arena *a, size_t *n)
{
	enum { RATE = 8000, SAMPLES = 8000 };
	unsigned char *w = arena_alloc(a, 44 + SAMPLES);
	uint32_t v;
	memcpy(w, "RIFF", 4);
	v = 36 + SAMPLES; memcpy(w + 4, &v, 4);
	memcpy(w + 8, "WAVEfmt ", 8);
	v = 16; memcpy(w + 16, &v, 4);
	uint16_t h = 1; memcpy(w + 20, &h, 2);        /* PCM */
	h = 1; memcpy(w + 22, &h, 2);                 /* mono */
	v = RATE; memcpy(w + 24, &v, 4);
	v = RATE; memcpy(w + 28, &v, 4);              /* bytes a second */
	h = 1; memcpy(w + 32, &h, 2);                 /* block */
	h = 8; memcpy(w + 34, &h, 2);                 /* bits */
	memcpy(w + 36, "data", 4);
	v = SAMPLES; memcpy(w + 40, &v, 4);
	for (int i = 0; i < SAMPLES; i++) w[44 + i] = (unsigned char)(128 + 60 * sin(2 * M_PI * 440 * i / RATE));
	*n = 44 + SAMPLES;
	return w;
}

int recordings_load_demo(db *d, err *e)
{
	arena a;
	arena_init(&a);
	auth_actor head, motcua;
	official_desk *desks;
	int nd = 0;
	int rc = auth_actor_load(d, "truongphuong", &a, &head, e);
	if (rc == 1) rc = auth_actor_load(d, "motcua", &a, &motcua, e);
	if (rc == 0) rc = err_set(e, MB_ENOTFOUND, "not_found", "login", "Thiếu tài khoản mẫu.", "a demo account is missing");
	if (rc == 1) rc = officials_desks_of(d, motcua.id, &a, &desks, &nd, e);
	if (!rc && !nd) rc = err_set(e, MB_ENOTFOUND, "not_found", "desk", "Thiếu quầy mẫu.", "a demo desk is missing");
	if (!rc) {
		/* Yesterday morning at the ward's one-stop counter, 07:30–11:30. */
		int32_t day = cal_day_of(clock_now()) - 1;
		size_t n;
		rec_upload_in in = {.desk = desks[0].id, .started_at = cal_local(day, 7 * 60 + 30), .ended_at = cal_local(day, 11 * 60 + 30),
		                    .name = "quay-mot-cua-sang.wav", .declared = "audio/wav"};
		in.data = demo_wav(&a, &n);
		in.size = n;
		int64_t id;
		rc = rec_upload(d, &head, &in, &a, &id, e);
	}
	arena_free(&a);
	return rc;
}
