/* web.c — an official's record (/officials/{login} and its JSON), the
 * head's form for the official's position and desks, and a unit's desks
 * (/units/{id}/desks and its JSON). */
#include <stdlib.h>
#include <string.h>

#include "base/log.h"
#include "officials/officials.h"
#include "ui/ui.h"
#include "web/html.h"

/* --- sections --- */

enum { SECTIONS_MAX = 8 };
static const official_section *g_sections[SECTIONS_MAX];
static int g_nsections;

void official_section_add(const official_section *s)
{
	for (int i = 0; i < g_nsections; i++)
		if (g_sections[i] == s) return;
	if (g_nsections < SECTIONS_MAX) g_sections[g_nsections++] = s;
	else log_msg(LOG_ERROR, "officials", "more than %d sections added to the official's record: one left out", SECTIONS_MAX);
}

int official_sections(const official_section *const **out)
{
	*out = g_sections;
	return g_nsections;
}

static bool en(web_req *r) { return !strcmp(r->lang, "en"); }

static const char *desk_name(web_req *r, const official_desk *k)
{
	return en(r) && *k->name_en ? k->name_en : k->name_vi;
}

static json_t *desk_json(const official_desk *k)
{
	return json_pack("{s:I, s:s, s:s, s:s}", "id", (json_int_t)k->id, "unit", k->unit_code, "name_vi", k->name_vi,
	                 "name_en", k->name_en);
}

/* The desk ids of a form (every "desk" field) or a JSON array; -1 count when absent. */
static int form_desks(web_req *r, int64_t *out, int max, err *e)
{
	int n = 0;
	for (const web_kv *kv = r->form; kv; kv = kv->next) {
		if (strcmp(kv->key, "desk")) continue;
		char *end;
		long long v = strtoll(kv->value, &end, 10);
		if (*end || v <= 0 || n >= max)
			return err_set(e, MB_EINVAL, "invalid_field", "desks", "Quầy không hợp lệ.", "invalid desk");
		out[n++] = v;
	}
	return n;
}

/* --- the record page --- */

static void edit_form(web_req *r, db *d, const auth_actor *o, const char *position, const err *fe)
{
	official_desk *all = NULL, *mine = NULL;
	int nall = 0, nmine = 0;
	err e = {0};
	if (officials_desks_of_unit(d, o->unit_id, r->a, &all, &nall, &e) || officials_desks_of(d, o->id, r->a, &mine, &nmine, &e))
		return;
	H(r, "<section class=\"card\" id=\"edit\"><h2>%s</h2>", web_t(r, "Sửa chức vụ và quầy phục vụ"));
	if (fe) H(r, "<p class=\"error\" role=\"alert\">%s</p>", en(r) ? fe->en : fe->vi);
	H(r, "<form method=\"post\" action=\"/officials/%u\" class=\"form\">%r<input type=\"hidden\" name=\"desks_sent\" value=\"1\">"
	     "<label>%s<input name=\"position\" maxlength=\"120\" value=\"%s\"></label>",
	  o->login, auth_form_fields(r), web_t(r, "Chức vụ"), position);
	if (nall) {
		H(r, "<fieldset><legend>%s</legend>", web_t(r, "Quầy phục vụ"));
		for (int i = 0; i < nall; i++) {
			bool on = false;
			for (int j = 0; j < nmine; j++) on = on || mine[j].id == all[i].id;
			H(r, "<label class=\"check\"><input type=\"checkbox\" name=\"desk\" value=\"%D\"%r> <span%r>%s</span></label>",
			  all[i].id, on ? " checked" : "", ui_vi_unless(r, desk_name(r, &all[i]), all[i].name_vi), desk_name(r, &all[i]));
		}
		H(r, "</fieldset>");
	}
	H(r, "<button type=\"submit\">%s</button></form><p><a href=\"/units/%u/desks\">%s</a></p></section>", web_t(r, "Lưu"),
	  o->unit_code, web_t(r, "Quầy của đơn vị"));
}

static int render_record(web_req *r, const auth_actor *o, const err *fe)
{
	db *d = db_thread();
	err e = {0};
	official_desk *ks = NULL;
	int nk = 0;
	official_profile pf;
	if (officials_desks_of(d, o->id, r->a, &ks, &nk, &e) || officials_profile(d, o->id, r->a, &pf, &e)) return web_error(r, &e);
	r->personal = true;
	const char *title = web_t(r, "Hồ sơ cán bộ");
	ui_page_begin(r, title);
	H(r, "<h1>%s</h1><p><strong%r>%s</strong> <span class=\"muted\">(%s)</span></p>", title, ui_vi(r), o->display_name, o->login);
	H(r, "<p class=\"muted\">%s</p>",
	  web_t(r, "Chỉ cán bộ này, người đứng đầu đơn vị của cán bộ và cấp trên, Thanh tra tỉnh và thanh tra nội vụ xem được trang này; không công khai theo tên."));
	H(r, "<dl><dt>%s</dt><dd%r>%s</dd><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>", web_t(r, "Chức vụ"), ui_vi(r),
	  pf.position, web_t(r, "Đơn vị"), en(r) && *pf.unit_name_en ? pf.unit_name_en : pf.unit_name_vi,
	  web_t(r, "Quầy phục vụ"));
	if (!nk) H(r, "%s", web_t(r, "chưa ghi"));
	for (int i = 0; i < nk; i++) H(r, "%r<span%r>%s</span>", i ? "; " : "", ui_vi_unless(r, desk_name(r, &ks[i]), ks[i].name_vi), desk_name(r, &ks[i]));
	H(r, "</dd></dl>");
	const official_section *const *ss;
	int n = official_sections(&ss);
	for (int i = 0; i < n; i++)
		if (ss[i]->html && ss[i]->html(r, d, o, &e)) return web_error(r, &e);
	const auth_actor *a = r->actor;
	if (auth_can(d, a, AUTH_A_UNIT_EDIT, o->unit_id)) edit_form(r, d, o, pf.position, fe);
	ui_page_end(r);
	return 0;
}

static int page_record(web_req *r)
{
	err e = {0};
	auth_actor o;
	if (officials_load_for(db_thread(), r->actor, web_param(r, "login"), r->a, &o, &e)) return web_error(r, &e);
	return render_record(r, &o, NULL);
}

static int page_record_post(web_req *r)
{
	err e = {0};
	db *d = db_thread();
	int64_t ids[50];
	int n = web_form(r, "desks_sent") ? form_desks(r, ids, 50, &e) : -1;
	int rc = n < -1 ? n : 0;
	if (!rc) {
		const char *pos = web_form(r, "position");
		rc = officials_set(d, r->actor, web_param(r, "login"), pos && *pos ? pos : NULL, ids, n, r->a, &e);
	}
	if (!rc) return web_redirect(r, arena_printf(r->a, "/officials/%s", web_param(r, "login")));
	auth_actor o;
	err le = {0};
	if (rc != MB_EINVAL || officials_load_for(d, r->actor, web_param(r, "login"), r->a, &o, &le)) return web_error(r, &e);
	r->status = 422;
	return render_record(r, &o, &e);
}

static int api_record(web_req *r)
{
	err e = {0};
	db *d = db_thread();
	auth_actor o;
	if (officials_load_for(d, r->actor, web_param(r, "login"), r->a, &o, &e)) return web_error(r, &e);
	official_desk *ks = NULL;
	int nk = 0;
	if (officials_desks_of(d, o.id, r->a, &ks, &nk, &e)) return web_error(r, &e);
	json_t *desks = json_array();
	for (int i = 0; i < nk; i++) json_array_append_new(desks, desk_json(&ks[i]));
	official_profile pf;
	if (officials_profile(d, o.id, r->a, &pf, &e)) { json_decref(desks); return web_error(r, &e); }
	json_t *j = json_pack("{s:s, s:s, s:s, s:s, s:s, s:o}", "login", o.login, "name", o.display_name, "role",
	                      auth_role_name(o.role), "position", pf.position, "unit", o.unit_code ? o.unit_code : "", "desks", desks);
	const official_section *const *ss;
	int n = official_sections(&ss);
	for (int i = 0; i < n; i++)
		if (ss[i]->json && ss[i]->json(d, j, &o, r->a, &e)) { json_decref(j); return web_error(r, &e); }
	return web_json(r, 200, j);
}

static int api_record_put(web_req *r)
{
	err e = {0};
	json_t *j = web_json_body(r, &e);
	if (!j) return web_error(r, &e);
	json_t *pos = json_object_get(j, "position"), *ds = json_object_get(j, "desks");
	int64_t ids[50];
	int n = -1, rc = 0;
	if (pos && !json_is_string(pos))
		rc = err_set(&e, MB_EINVAL, "invalid_field", "position", "Chức vụ phải là chuỗi.", "position must be a string");
	if (!rc && ds) {
		if (!json_is_array(ds) || json_array_size(ds) > 50)
			rc = err_set(&e, MB_EINVAL, "invalid_field", "desks", "Danh sách quầy (tối đa 50 số).", "desks: a list of at most 50 ids");
		n = 0;
		for (size_t i = 0; !rc && i < json_array_size(ds); i++) {
			json_t *v = json_array_get(ds, i);
			if (!json_is_integer(v) || json_integer_value(v) <= 0)
				rc = err_set(&e, MB_EINVAL, "invalid_field", "desks", "Quầy không hợp lệ.", "invalid desk");
			else ids[n++] = json_integer_value(v);
		}
	}
	if (!rc) rc = officials_set(db_thread(), r->actor, web_param(r, "login"),
	                            pos ? arena_strdup(r->a, json_string_value(pos)) : NULL, ids, n, r->a, &e);
	json_decref(j);
	if (rc) return web_error(r, &e);
	return api_record(r);
}

/* --- a unit's desks --- */

static int unit_of(web_req *r, int64_t *id, err *e)
{
	int rc = auth_unit_id(db_thread(), web_param(r, "id"), id, e);
	if (rc < 0) return rc;
	if (rc == 0) return err_set(e, MB_ENOTFOUND, "not_found", "id", "Không có cơ quan, đơn vị này.", "no such unit");
	return 0;
}

static int api_desks(web_req *r)
{
	err e = {0};
	int64_t unit;
	official_desk *ks;
	int n;
	if (unit_of(r, &unit, &e) || officials_desks_of_unit(db_thread(), unit, r->a, &ks, &n, &e)) return web_error(r, &e);
	json_t *arr = json_array();
	for (int i = 0; i < n; i++) json_array_append_new(arr, desk_json(&ks[i]));
	return web_json(r, 200, json_pack("{s:s, s:o}", "unit", web_param(r, "id"), "desks", arr));
}

static const char *jstr(json_t *j, const char *k)
{
	json_t *v = json_object_get(j, k);
	return json_is_string(v) ? json_string_value(v) : NULL;
}

static int api_desk_create(web_req *r)
{
	err e = {0};
	json_t *j = web_json_body(r, &e);
	if (!j) return web_error(r, &e);
	int64_t id = 0;
	const char *vi = jstr(j, "name_vi"), *enn = jstr(j, "name_en");
	int rc = officials_desk_create(db_thread(), r->actor, web_param(r, "id"), vi ? arena_strdup(r->a, vi) : NULL,
	                               enn ? arena_strdup(r->a, enn) : NULL, &id, &e);
	json_decref(j);
	if (rc) return web_error(r, &e);
	official_desk k;
	if (officials_desk_get(db_thread(), id, r->a, &k, &e) != 1) return web_error(r, &e);
	return web_json(r, 201, desk_json(&k));
}

static int render_desks(web_req *r, const err *fe)
{
	err e = {0};
	db *d = db_thread();
	int64_t unit;
	official_desk *ks;
	int n;
	if (unit_of(r, &unit, &e)) return web_error(r, &e);
	if (!auth_can(d, r->actor, AUTH_A_UNIT_EDIT, unit)) {
		err_set(&e, MB_EFORBIDDEN, "forbidden", NULL, "Chỉ người đứng đầu đơn vị và quản trị viên được sửa quầy của đơn vị.",
		        "only the unit's head and administrators may edit its desks");
		return web_error(r, &e);
	}
	if (officials_desks_of_unit(d, unit, r->a, &ks, &n, &e)) return web_error(r, &e);
	const char *title = web_t(r, "Quầy của đơn vị");
	ui_page_begin(r, title);
	H(r, "<nav class=\"crumbs\"><a href=\"/units/%u\">%s</a></nav><h1>%s</h1>", web_param(r, "id"), web_t(r, "Đơn vị"), title);
	if (!n) H(r, "<p class=\"muted\">%s</p>", web_t(r, "Chưa có quầy nào."));
	else {
		H(r, "<ul class=\"plain\">");
		for (int i = 0; i < n; i++)
			H(r, "<li><code>%D</code> <span%r>%s</span></li>", ks[i].id, ui_vi_unless(r, desk_name(r, &ks[i]), ks[i].name_vi),
			  desk_name(r, &ks[i]));
		H(r, "</ul>");
	}
	H(r, "<h2>%s</h2>", web_t(r, "Thêm quầy"));
	if (fe) H(r, "<p class=\"error\" role=\"alert\">%s</p>", en(r) ? fe->en : fe->vi);
	H(r, "<form method=\"post\" action=\"/units/%u/desks\" class=\"form\">%r"
	     "<label>%s<input name=\"name_vi\" required maxlength=\"120\" placeholder=\"Quầy 1 — Bộ phận Một cửa\"%r></label>"
	     "<label>%s<input name=\"name_en\" maxlength=\"120\"></label><button type=\"submit\">%s</button></form>",
	  web_param(r, "id"), auth_form_fields(r), web_t(r, "Tên quầy"), ui_vi(r), web_t(r, "Tên quầy (tiếng Anh)"), web_t(r, "Thêm quầy"));
	ui_page_end(r);
	return 0;
}

static int page_desks(web_req *r) { return render_desks(r, NULL); }

static int page_desks_post(web_req *r)
{
	err e = {0};
	int64_t id;
	int rc = officials_desk_create(db_thread(), r->actor, web_param(r, "id"), web_form(r, "name_vi"), web_form(r, "name_en"), &id, &e);
	if (!rc) return web_redirect(r, arena_printf(r->a, "/units/%s/desks", web_param(r, "id")));
	if (rc != MB_EINVAL && rc != MB_ECONFLICT) return web_error(r, &e);
	r->status = 422;
	return render_desks(r, &e);
}

static const web_route routes[] = {
	{"GET", "/officials/{login}", AUTH_P_SIGNED_IN, page_record, 0},
	{"POST", "/officials/{login}", AUTH_P_UNIT_EDITOR, page_record_post, 0},
	{"GET", "/api/v1/officials/{login}", AUTH_P_SIGNED_IN, api_record, 0},
	{"PUT", "/api/v1/officials/{login}", AUTH_P_UNIT_EDITOR, api_record_put, 0},
	{"GET", "/units/{id}/desks", AUTH_P_UNIT_EDITOR, page_desks, 0},
	{"POST", "/units/{id}/desks", AUTH_P_UNIT_EDITOR, page_desks_post, 0},
	{"GET", "/api/v1/units/{id}/desks", AUTH_P_SIGNED_IN, api_desks, 0},
	{"POST", "/api/v1/units/{id}/desks", AUTH_P_UNIT_EDITOR, api_desk_create, 0},
};

void officials_install(void)
{
	web_route_add(routes, sizeof routes / sizeof routes[0]);
}
