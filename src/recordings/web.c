/* web.c — counter recordings' pages and JSON API: the list (/recordings), the
 * upload form, a recording's page with its openings and the player once the
 * reader has opened it with a reason, the hold, the bytes with range requests
 * (/recordings/{rec}/media); the same under /api/v1/recordings. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "base/clock.h"
#include "dossier/web.h"
#include "officials/officials.h"
#include "recordings/service.h"
#include "ui/ui.h"
#include "web/html.h"

/* The ceiling of an upload's body; the dated rules may lower it (upload_max_mb). */
enum { REC_UPLOAD_CEILING = 64 * 1024 * 1024 + 256 * 1024 };

static const auth_actor *actor_of(web_req *r) { return r->actor; }
static bool en(web_req *r) { return !strcmp(r->lang, "en"); }

static int64_t rec_param(web_req *r)
{
	const char *s = web_param(r, "rec");
	char *end;
	long long v = s ? strtoll(s, &end, 10) : 0;
	return s && *s && !*end && v > 0 ? v : 0;
}

static const char *when(web_req *r, int64_t t)
{
	char *out = arena_alloc(r->a, 32);
	if (!t) return "";
	clock_vn_display(t, out, 32);
	return out;
}

static const char *size_text(web_req *r, int64_t n)
{
	return n >= 1 << 20 ? arena_printf(r->a, "%.1f MB", (double)n / (1 << 20)) : arena_printf(r->a, "%lld kB", (long long)((n + 1023) / 1024));
}

/* Before reading an upload: 404 to a role that sees no recording at all, 403 to one that sees but may not upload. */
static int upload_gate(web_req *r, err *e)
{
	const auth_actor *a = actor_of(r);
	bool head = a->role == ROLE_UNIT_HEAD;
	if (!rec_rules_may_list(a->role, head))
		return err_set(e, MB_ENOTFOUND, "not_found", NULL, "Không có trang này.", "no such page");
	if (!rec_rules_may_upload(a->role, head))
		return err_set(e, MB_EFORBIDDEN, "forbidden", NULL,
		               "Chỉ người đứng đầu đơn vị có quầy và quản trị hệ thống được tải lên bản ghi âm, ghi hình.",
		               "only the head of the desk's unit and administrators may upload recordings");
	return 0;
}

/* --- input --- */

static int upload_input(web_req *r, rec_upload_in *in, err *e)
{
	memset(in, 0, sizeof *in);
	const char *desk = web_form(r, "desk");
	char *end;
	long long v = desk && *desk ? strtoll(desk, &end, 10) : 0;
	if (desk && *desk && (*end || v <= 0))
		return err_set(e, MB_EINVAL, "invalid_field", "desk", "Số quầy không hợp lệ.", "invalid desk number");
	if (!v) return err_set(e, MB_EINVAL, "missing_field", "desk", "Hãy chọn quầy.", "choose the desk");
	in->desk = v;
	const char *s = web_form(r, "started_at"), *t = web_form(r, "ended_at");
	if (!s || !*s) return err_set(e, MB_EINVAL, "missing_field", "started_at", "Hãy nhập thời điểm bắt đầu.", "give the start time");
	if (!t || !*t) return err_set(e, MB_EINVAL, "missing_field", "ended_at", "Hãy nhập thời điểm kết thúc.", "give the end time");
	in->started_at = dossier_parse_when(s);
	in->ended_at = dossier_parse_when(t);
	int files = 0;
	for (const web_file *f = r->files; f; f = f->next) {
		if (strcmp(f->field, "file") || !f->data.len) continue;
		files++;
		in->data = f->data.data;
		in->size = f->data.len;
		in->name = f->filename;
		in->declared = f->content_type;
	}
	if (files > 1) return err_set(e, MB_EINVAL, "invalid_field", "file", "Mỗi lần chỉ tải lên một tệp.", "upload one file at a time");
	return 0;
}

/* The reason, from a JSON body or the form. */
static const char *reason_of(web_req *r, err *e, bool *bad)
{
	*bad = false;
	if (!r->is_api) return web_form(r, "reason");
	json_t *j = web_json_body(r, e);
	if (!j) { *bad = true; return NULL; }
	json_t *v = json_object_get(j, "reason");
	const char *s = json_is_string(v) ? arena_strdup(r->a, json_string_value(v)) : NULL;
	json_decref(j);
	return s;
}

/* --- JSON --- */

static json_t *row_json(web_req *r, const rec_row *x)
{
	json_t *j = json_pack("{s:I, s:I, s:s, s:s, s:s, s:s, s:I, s:o, s:o, s:s, s:s, s:o, s:o, s:o}", "id", (json_int_t)x->id,
	                      "desk", (json_int_t)x->desk_id, "desk_name", x->desk_name_vi, "unit", x->unit_code, "sha256",
	                      x->sha256, "content_type", x->content_type, "size", (json_int_t)x->size, "started_at",
	                      web_json_time(x->started_at), "ended_at", web_json_time(x->ended_at), "source", x->source, "name",
	                      x->name, "ingested_at", web_json_time(x->ingested_at), "retain_until", web_json_time(x->retain_until),
	                      "purged_at", web_json_time(x->purged_at));
	json_object_set_new(j, "held", x->held_at ? json_pack("{s:o, s:s, s:s}", "at", web_json_time(x->held_at), "by",
	                                                      x->held_by_login, "reason", x->hold_reason)
	                                          : json_null());
	json_object_set_new(j, "url", json_string(arena_printf(r->a, "/recordings/%lld", (long long)x->id)));
	return j;
}

static int api_list(web_req *r)
{
	err e = {0};
	rec_row *rows;
	int n;
	int64_t next;
	const char *desk = web_query(r, "desk"), *after = web_query(r, "after");
	if (rec_list_for(db_thread(), actor_of(r), web_query(r, "unit"), desk ? strtoll(desk, NULL, 10) : 0,
	                 after ? strtoll(after, NULL, 10) : 0, r->a, &rows, &n, &next, &e))
		return web_error(r, &e);
	json_t *a = json_array();
	for (int i = 0; i < n; i++) json_array_append_new(a, row_json(r, &rows[i]));
	json_t *j = json_pack("{s:o}", "recordings", a);
	if (next) json_object_set_new(j, "next", json_integer(next));
	return web_json(r, 200, j);
}

static int api_get_id(web_req *r, int64_t id, int status)
{
	err e = {0};
	rec_row x;
	db *d = db_thread();
	if (rec_load_for(d, actor_of(r), id, r->a, &x, &e)) return web_error(r, &e);
	json_t *j = row_json(r, &x);
	int64_t until = 0;
	if (rec_may_open(d, actor_of(r), &x)) {
		rec_opening *os;
		int n;
		if (rec_opening_live(d, actor_of(r), &x, &until, &e) || rec_repo_openings(d, x.id, r->a, &os, &n, &e)) {
			json_decref(j);
			return web_error(r, &e);
		}
		json_t *a = json_array();
		for (int i = 0; i < n; i++)
			json_array_append_new(a, json_pack("{s:s, s:s, s:o, s:o}", "by", os[i].login, "reason", os[i].reason, "at",
			                                   web_json_time(os[i].opened_at), "until", web_json_time(os[i].expires_at)));
		json_object_set_new(j, "openings", a);
	}
	json_object_set_new(j, "open_until", web_json_time(until));
	if (until) json_object_set_new(j, "media", json_string(arena_printf(r->a, "/recordings/%lld/media", (long long)x.id)));
	return web_json(r, status, j);
}

static int api_get(web_req *r) { return api_get_id(r, rec_param(r), 200); }

static int api_upload(web_req *r)
{
	err e = {0};
	rec_upload_in in;
	int64_t id;
	if (upload_gate(r, &e) || upload_input(r, &in, &e) || rec_upload(db_thread(), actor_of(r), &in, r->a, &id, &e))
		return web_error(r, &e);
	return api_get_id(r, id, 201);
}

/* POST …/{rec}/{open|hold|release}: one runner for the API and the pages. */
static int run(web_req *r, const char *act, err *e)
{
	bool bad;
	int64_t until;
	db *d = db_thread();
	if (!strcmp(act, "release")) return rec_release(d, actor_of(r), rec_param(r), r->a, e);
	const char *reason = reason_of(r, e, &bad);
	if (bad) return e->status;
	if (!strcmp(act, "open")) return rec_open(d, actor_of(r), rec_param(r), reason, r->a, &until, e);
	return rec_hold(d, actor_of(r), rec_param(r), reason, r->a, e);
}

static int api_open(web_req *r)
{
	err e = {0};
	return run(r, "open", &e) ? web_error(r, &e) : api_get(r);
}
static int api_hold(web_req *r)
{
	err e = {0};
	return run(r, "hold", &e) ? web_error(r, &e) : api_get(r);
}
static int api_release(web_req *r)
{
	err e = {0};
	return run(r, "release", &e) ? web_error(r, &e) : api_get(r);
}

/* The bytes, for a reader with an opening in force; ranges for the player. */
static int media_get(web_req *r)
{
	err e = {0};
	rec_row x;
	const char *path;
	if (rec_media(db_thread(), actor_of(r), rec_param(r), r->a, &x, &path, &e) || web_file_send(r, path, x.content_type, &e))
		return web_error(r, &e);
	web_header_add(r, "Content-Disposition", "inline");
	return 0;
}

/* --- pages --- */

static void error_line(web_req *r, const err *e)
{
	if (e && e->status) H(r, "<p class=\"error\" role=\"alert\">%s</p>", en(r) ? e->en : e->vi);
}

void rec_item_html(web_req *r, const rec_row *x)
{
	H(r, "<li><a href=\"/recordings/%D\">%s %D</a> · <span%r>%s</span> (<code>%s</code>) · %s – %s · %s%r</li>", x->id,
	  web_t(r, "Bản ghi"), x->id, ui_vi(r), x->desk_name_vi, x->unit_code, when(r, x->started_at), when(r, x->ended_at),
	  size_text(r, x->size),
	  x->purged_at ? arena_printf(r->a, " <span class=\"badge\">%s</span>", web_t(r, "đã xoá khi hết hạn lưu"))
	  : x->held_at ? arena_printf(r->a, " <span class=\"badge late\">%s</span>", web_t(r, "đang giữ lại")) : "");
}

static int page_list(web_req *r)
{
	err e = {0};
	rec_row *rows;
	int n;
	int64_t next;
	const char *unit = web_query(r, "unit"), *desk = web_query(r, "desk"), *after = web_query(r, "after");
	if (rec_list_for(db_thread(), actor_of(r), unit, desk ? strtoll(desk, NULL, 10) : 0, after ? strtoll(after, NULL, 10) : 0,
	                 r->a, &rows, &n, &next, &e))
		return web_error(r, &e);
	r->personal = true;
	const char *title = web_t(r, "Ghi âm, ghi hình tại quầy");
	ui_page_begin(r, title);
	H(r, "<h1>%s</h1><p class=\"muted\">%s</p>", title,
	  web_t(r, "Bản ghi tại nơi cán bộ tiếp công dân là chứng cứ: mỗi tệp gắn với một quầy và một khoảng thời gian, có mã băm trong sổ cái; chỉ thanh tra và người đứng đầu đơn vị được mở, mỗi lần phải ghi lý do."));
	if (rec_rules_may_upload(actor_of(r)->role, actor_of(r)->role == ROLE_UNIT_HEAD))
		H(r, "<p><a class=\"button\" href=\"/recordings/new\">%s</a></p>", web_t(r, "Tải lên bản ghi"));
	H(r, "<form method=\"get\" class=\"form inline\"><label>%s<input name=\"unit\" value=\"%s\" placeholder=\"phuong-chieng-coi\"></label>"
	     "<label>%s<input type=\"number\" name=\"desk\" min=\"1\" value=\"%s\"></label><button type=\"submit\">%s</button></form>",
	  web_t(r, "Đơn vị (mã)"), unit ? unit : "", web_t(r, "Số quầy"), desk ? desk : "", web_t(r, "Lọc"));
	if (!n) H(r, "<p class=\"muted\">%s</p>", web_t(r, "Chưa có bản ghi nào trong phạm vi của bạn."));
	else {
		H(r, "<ul class=\"plain\">");
		for (int i = 0; i < n; i++) rec_item_html(r, &rows[i]);
		H(r, "</ul>");
	}
	if (next)
		ui_pager(r, arena_printf(r->a, "/recordings?unit=%s&desk=%s&", unit ? unit : "", desk ? desk : ""), after != NULL,
		         arena_printf(r->a, "%lld", (long long)next));
	ui_page_end(r);
	return 0;
}

static int render_new(web_req *r, const err *fe)
{
	err e = {0};
	const auth_actor *a = actor_of(r);
	if (upload_gate(r, &e)) return web_error(r, &e);
	official_desk *desks;
	int n = 0;
	if (officials_desks_of_unit(db_thread(), a->unit_id, r->a, &desks, &n, &e)) return web_error(r, &e);
	rec_rule rule;
	if (rec_rule_now(db_thread(), r->a, &rule, &e)) return web_error(r, &e);
	r->personal = true;
	const char *title = web_t(r, "Tải lên bản ghi");
	ui_page_begin(r, title);
	H(r, "<nav class=\"crumbs\"><a href=\"/recordings\">%s</a></nav><h1>%s</h1>", web_t(r, "Ghi âm, ghi hình tại quầy"), title);
	error_line(r, fe);
	H(r, "<form method=\"post\" action=\"/recordings\" enctype=\"multipart/form-data\" class=\"form\">%r", auth_form_fields(r));
	if (n) {
		H(r, "<label>%s<select name=\"desk\" required>", web_t(r, "Quầy"));
		for (int i = 0; i < n; i++) H(r, "<option value=\"%D\"%r>%D · %s</option>", desks[i].id, ui_vi(r), desks[i].id, desks[i].name_vi);
		H(r, "</select></label>");
	} else
		H(r, "<label>%s<input type=\"number\" name=\"desk\" min=\"1\" required></label>", web_t(r, "Số quầy"));
	H(r, "<label>%s<input type=\"datetime-local\" name=\"started_at\" required></label>"
	     "<label>%s<input type=\"datetime-local\" name=\"ended_at\" required></label>"
	     "<label>%s<input type=\"file\" name=\"file\" accept=\"audio/*,video/*\" required></label>"
	     "<ul class=\"muted\"><li>%s: %d MB</li><li>%s: %d</li><li>%s: %d</li></ul><p class=\"muted\">%s</p>"
	     "<button type=\"submit\">%s</button></form>",
	  web_t(r, "Bắt đầu (giờ Việt Nam)"), web_t(r, "Kết thúc (giờ Việt Nam)"), web_t(r, "Tệp (MP4, WebM, Ogg, WAV, MP3)"),
	  web_t(r, "Dung lượng tối đa mỗi tệp tải lên"), rule.upload_max_mb, web_t(r, "Số giờ tối đa mỗi bản ghi"),
	  rule.window_max_hours, web_t(r, "Số ngày lưu giữ sau khi kết thúc"), rule.retention_days,
	  web_t(r, "Tệp lớn hơn đưa vào thư mục nhận của máy chủ."), web_t(r, "Tải lên"));
	ui_page_end(r);
	return 0;
}

static int page_new(web_req *r) { return render_new(r, NULL); }

static int page_upload(web_req *r)
{
	err e = {0};
	rec_upload_in in;
	int64_t id;
	if (upload_gate(r, &e)) return web_error(r, &e);
	if (upload_input(r, &in, &e) || rec_upload(db_thread(), actor_of(r), &in, r->a, &id, &e)) {
		if (e.status == MB_EINTERNAL) return web_error(r, &e);
		r->status = err_http_status(e.status, e.code);
		return render_new(r, &e);
	}
	return web_redirect(r, arena_printf(r->a, "/recordings/%lld", (long long)id));
}

static int render_one(web_req *r, const err *fe)
{
	err e = {0};
	rec_row x;
	db *d = db_thread();
	if (rec_load_for(d, actor_of(r), rec_param(r), r->a, &x, &e)) return web_error(r, &e);
	bool may_open = rec_may_open(d, actor_of(r), &x);
	int64_t until = 0;
	rec_opening *os = NULL;
	int n = 0;
	if (may_open && (rec_opening_live(d, actor_of(r), &x, &until, &e) || rec_repo_openings(d, x.id, r->a, &os, &n, &e)))
		return web_error(r, &e);
	r->personal = true;
	const char *title = arena_printf(r->a, "%s %lld", web_t(r, "Bản ghi"), (long long)x.id);
	ui_page_begin(r, title);
	H(r, "<nav class=\"crumbs\"><a href=\"/recordings\">%s</a></nav><h1>%s</h1>", web_t(r, "Ghi âm, ghi hình tại quầy"), title);
	error_line(r, fe);
	H(r, "<dl class=\"facts\"><dt>%s</dt><dd><span%r>%s</span> (%s %D, <code>%s</code>)</dd><dt>%s</dt><dd>%s – %s</dd>"
	     "<dt>%s</dt><dd>%s · %s</dd><dt>%s</dt><dd><code class=\"hash\">%s</code></dd><dt>%s</dt><dd>%s (%s)</dd>"
	     "<dt>%s</dt><dd>%s</dd></dl>",
	  web_t(r, "Quầy"), ui_vi(r), x.desk_name_vi, web_t(r, "số"), x.desk_id, x.unit_code, web_t(r, "Thời gian ghi"),
	  when(r, x.started_at), when(r, x.ended_at), web_t(r, "Tệp"), x.content_type, size_text(r, x.size), web_t(r, "SHA-256"),
	  x.sha256, web_t(r, "Nhận lúc"), when(r, x.ingested_at),
	  !strcmp(x.source, "folder") ? web_t(r, "từ thư mục nhận") : arena_printf(r->a, "%s %s", web_t(r, "tải lên bởi"), x.ingested_by_login),
	  web_t(r, "Lưu giữ đến"),
	  x.purged_at ? arena_printf(r->a, "%s %s", web_t(r, "đã xoá lúc"), when(r, x.purged_at))
	  : x.held_at ? arena_printf(r->a, "%s (%s: %s)", web_t(r, "đang giữ lại"), x.held_by_login, x.hold_reason)
	              : when(r, x.retain_until));
	if (may_open && !x.purged_at) {
		if (until) {
			const char *tag = !strncmp(x.content_type, "video/", 6) ? "video" : "audio";
			H(r, "<section class=\"card\" id=\"player\"><h2>%s</h2><%r controls preload=\"metadata\" src=\"/recordings/%D/media\"></%r>"
			     "<p class=\"muted\">%s %s. <a href=\"/recordings/%D/media\" download>%s</a></p></section>",
			  web_t(r, "Xem, nghe"), tag, x.id, tag, web_t(r, "Bạn được xem, nghe đến"), when(r, until), x.id, web_t(r, "Tải tệp"));
		} else
			H(r, "<form method=\"post\" action=\"/recordings/%D/open\" class=\"form card\" id=\"open\">%r<h2>%s</h2><p class=\"muted\">%s</p>"
			     "<label>%s<textarea name=\"reason\" required maxlength=\"500\"></textarea></label><button type=\"submit\">%s</button></form>",
			  x.id, auth_form_fields(r), web_t(r, "Mở bản ghi"),
			  web_t(r, "Mỗi lần mở được ghi vào sổ cái với tên bạn và lý do."), web_t(r, "Lý do mở"), web_t(r, "Mở bản ghi"));
		if (x.held_at)
			H(r, "<form method=\"post\" action=\"/recordings/%D/release\" class=\"form inline\">%r<button type=\"submit\">%s</button></form>",
			  x.id, auth_form_fields(r), web_t(r, "Bỏ giữ lại (thời hạn lưu giữ chạy tiếp)"));
		else
			H(r, "<form method=\"post\" action=\"/recordings/%D/hold\" class=\"form\" id=\"hold\">%r<label>%s<input name=\"reason\" required maxlength=\"500\"></label>"
			     "<button type=\"submit\">%s</button></form>",
			  x.id, auth_form_fields(r), web_t(r, "Giữ lại quá thời hạn lưu giữ vì (vd. chứng cứ của đơn, cuộc thanh tra)"),
			  web_t(r, "Giữ lại"));
	}
	if (may_open) {
		H(r, "<section class=\"card\" id=\"openings\"><h2>%s</h2>", web_t(r, "Những lần mở"));
		if (!n) H(r, "<p class=\"muted\">%s</p>", web_t(r, "Chưa ai mở bản ghi này."));
		else {
			H(r, "<ul class=\"plain\">");
			for (int i = 0; i < n; i++)
				H(r, "<li>%s · <a href=\"/officials/%u\">%s</a> · <span%r>%s</span></li>", when(r, os[i].opened_at), os[i].login,
				  os[i].name, ui_vi(r), os[i].reason);
			H(r, "</ul>");
		}
		H(r, "</section>");
	}
	ui_page_end(r);
	return 0;
}

static int page_one(web_req *r) { return render_one(r, NULL); }

static int page_action(web_req *r, const char *act)
{
	err e = {0};
	if (!run(r, act, &e))
		return web_redirect(r, arena_printf(r->a, "/recordings/%lld%s", (long long)rec_param(r), !strcmp(act, "open") ? "#player" : ""));
	if (e.status == MB_EINTERNAL || e.status == MB_ENOTFOUND) return web_error(r, &e);
	r->status = err_http_status(e.status, e.code);
	return render_one(r, &e);
}
static int page_open(web_req *r) { return page_action(r, "open"); }
static int page_hold(web_req *r) { return page_action(r, "hold"); }
static int page_release(web_req *r) { return page_action(r, "release"); }

void recordings_web_install(void)
{
	static const web_route routes[] = {
		{"GET", "/api/v1/recordings", AUTH_P_DOSSIERS, api_list, 0},
		{"POST", "/api/v1/recordings", AUTH_P_DOSSIERS, api_upload, REC_UPLOAD_CEILING},
		{"GET", "/api/v1/recordings/{rec}", AUTH_P_DOSSIERS, api_get, 0},
		{"POST", "/api/v1/recordings/{rec}/open", AUTH_P_DOSSIERS, api_open, 0},
		{"POST", "/api/v1/recordings/{rec}/hold", AUTH_P_DOSSIERS, api_hold, 0},
		{"POST", "/api/v1/recordings/{rec}/release", AUTH_P_DOSSIERS, api_release, 0},
		{"GET", "/recordings", AUTH_P_DOSSIERS, page_list, 0},
		{"GET", "/recordings/new", AUTH_P_DOSSIERS, page_new, 0},
		{"POST", "/recordings", AUTH_P_DOSSIERS, page_upload, REC_UPLOAD_CEILING},
		{"GET", "/recordings/{rec}", AUTH_P_DOSSIERS, page_one, 0},
		{"POST", "/recordings/{rec}/open", AUTH_P_DOSSIERS, page_open, 0},
		{"POST", "/recordings/{rec}/hold", AUTH_P_DOSSIERS, page_hold, 0},
		{"POST", "/recordings/{rec}/release", AUTH_P_DOSSIERS, page_release, 0},
		{"GET", "/recordings/{rec}/media", AUTH_P_DOSSIERS, media_get, 0},
	};
	web_route_add(routes, sizeof routes / sizeof routes[0]);
}
