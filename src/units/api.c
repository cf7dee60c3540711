/* api.c — units JSON API: list/search, get, patch. */
#include <string.h>

#include "auth/auth.h"
#include "base/text.h"
#include "units/repo.h"
#include "units/web.h"

json_t *units_json(const units_row *u, bool full)
{
	json_t *j = json_pack("{s:s, s:s?, s:s, s:s, s:s}", "id", u->code,
	                      "parent", *u->parent_code ? u->parent_code : NULL,
	                      "kind", u->kind, "name_vi", u->name_vi, "name_en", u->name_en);
	if (!full) return j;
	for (int f = 0; f < UF__MAX; f++) json_object_set_new(j, units_field_names[f], json_string(u->v[f]));
	json_object_set_new(j, "contacts_demo", json_boolean(u->contacts_demo));
	json_object_set_new(j, "updated_at", u->updated_at ? json_string(u->updated_at) : json_null());
	json_object_set_new(j, "updated_by_role", u->updated_by_role ? json_string(u->updated_by_role) : json_null());
	json_object_set_new(j, "version", json_integer(u->version));
	return j;
}

static int api_list(web_req *r)
{
	if (web_page_cached(r, "units", "q")) return 0;
	err e = {0};
	const char *q = web_query(r, "q");
	const char *folded = NULL;
	if (q) {
		if (strlen(q) > 200) {
			err_set(&e, MB_EINVAL, "invalid_field", "q", "Từ khóa tìm kiếm quá dài.", "the search text is too long");
			return web_error(r, &e);
		}
		folded = text_fold_a(r->a, q);
		if (!*folded) folded = NULL;
	}
	units_row *rows;
	int n;
	if (units_repo_list(db_thread(), folded, r->a, &rows, &n, &e)) return web_error(r, &e);
	json_t *arr = json_array();
	for (int i = 0; i < n; i++) json_array_append_new(arr, units_json(&rows[i], false));
	return web_json(r, 200, json_pack("{s:o}", "units", arr));
}

int units_load(web_req *r, units_row *u, err *e)
{
	int found = units_repo_get(db_thread(), web_param(r, "id"), r->a, u, e);
	if (found < 0) return found;
	if (!found) return err_set(e, MB_ENOTFOUND, "not_found", "id", "Không có cơ quan, đơn vị này.", "no such unit");
	return 0;
}

static int api_get(web_req *r)
{
	err e = {0};
	units_row u, *kids;
	int n;
	if (web_page_cached(r, "units", NULL)) return 0;
	if (units_load(r, &u, &e)) return web_error(r, &e);
	if (units_repo_children(db_thread(), u.id, r->a, &kids, &n, &e)) return web_error(r, &e);
	json_t *j = units_json(&u, true);
	json_t *arr = json_array();
	for (int i = 0; i < n; i++) json_array_append_new(arr, units_json(&kids[i], false));
	json_object_set_new(j, "children", arr);
	web_json(r, 200, json_pack("{s:o}", "unit", j));
	r->cacheable = !r->actor;
	return 0;
}

int units_edit(web_req *r, units_row *cur, units_patch *p, err *e)
{
	db *d = db_thread();
	const auth_actor *a = r->actor;
	if (!auth_can(d, a, AUTH_A_UNIT_EDIT, cur->id))
		return err_set(e, MB_EFORBIDDEN, "forbidden", NULL,
		               "Bạn chỉ được sửa thông tin của đơn vị mình phụ trách.",
		               "you may edit only the units in your charge");
	for (int f = 0; f < UF__MAX; f++)
		if (p->v[f]) p->v[f] = text_trim(arena_strdup(r->a, p->v[f]));
	if (units_rules_validate(p, e)) return MB_EINVAL;
	if (units_rules_diff(p, cur) == 0) return 0;   /* nothing changes: no event */
	if (db_begin(d, e)) return MB_EINTERNAL;
	if (units_apply_patch(d, &a->ledger, cur, p, e)) { db_rollback(d); return e->status; }
	if (db_commit(d, e)) return MB_EINTERNAL;
	return units_repo_get(d, cur->code, r->a, cur, e) == 1 ? 0 : MB_EINTERNAL;
}

static int api_patch(web_req *r)
{
	err e = {0};
	units_row u;
	if (units_load(r, &u, &e)) return web_error(r, &e);
	json_t *j = web_json_body(r, &e);
	if (!j) return web_error(r, &e);
	units_patch p = {0};
	const char *k;
	json_t *v;
	json_object_foreach(j, k, v) {
		int f;
		for (f = 0; f < UF__MAX && strcmp(k, units_field_names[f]); f++) {}
		if (f == UF__MAX) {
			err_set(&e, MB_EINVAL, "invalid_field", arena_strdup(r->a, k),
			        "Trường này không tồn tại hoặc không được sửa.", "unknown or read-only field");
			json_decref(j);
			return web_error(r, &e);
		}
		if (!json_is_string(v)) {
			err_set(&e, MB_EINVAL, "invalid_field", units_field_names[f],
			        "Giá trị phải là chuỗi ký tự.", "the value must be a string");
			json_decref(j);
			return web_error(r, &e);
		}
		/* jansson refuses \u0000 by default, so the value is a C string. */
		p.v[f] = arena_strdup(r->a, json_string_value(v));
	}
	json_decref(j);
	if (units_edit(r, &u, &p, &e)) return web_error(r, &e);
	return web_json(r, 200, json_pack("{s:o}", "unit", units_json(&u, true)));
}

static const web_route routes[] = {
	{"GET", "/api/v1/units", WEB_PUBLIC, api_list, 0},
	{"GET", "/api/v1/units/{id}", WEB_PUBLIC, api_get, 0},
	{"PATCH", "/api/v1/units/{id}", AUTH_P_UNIT_EDITOR, api_patch, 0},
};

void units_api_install(void)
{
	web_route_add(routes, sizeof routes / sizeof routes[0]);
}
