/* api.c — procedures JSON API: list/search, get, patch (administrators). */
#include <string.h>

#include "auth/auth.h"
#include "base/text.h"
#include "procedures/web.h"

json_t *procedures_json(const procedures_row *r, bool full)
{
	static const procedures_field summary[] = {
		PF_CODE, PF_NAME_VI, PF_NAME_EN, PF_FIELD, PF_LEVEL, PF_PROCESSING_DAYS, PF_TIME_UNIT,
		PF_FEE_VND, PF_ONLINE_LEVEL, PF_UNIT,
	};
	json_t *j = json_object();
	if (!full) {
		for (size_t i = 0; i < sizeof summary / sizeof summary[0]; i++)
			json_object_set_new(j, procedures_field_names[summary[i]], procedures_field_json(r, summary[i]));
		return j;
	}
	for (int f = 0; f < PF__MAX; f++)
		json_object_set_new(j, procedures_field_names[f], procedures_field_json(r, (procedures_field)f));
	json_object_set_new(j, "version", json_integer(r->p.version));
	json_object_set_new(j, "updated_at", r->updated_at ? json_string(r->updated_at) : json_null());
	json_object_set_new(j, "updated_by_role", r->updated_by_role ? json_string(r->updated_by_role) : json_null());
	return j;
}

int procedures_query_parse(web_req *r, procedures_query *qy, err *e)
{
	memset(qy, 0, sizeof *qy);
	qy->f.active_only = true;
	const char *q = web_query(r, "q"), *unit = web_query(r, "unit"), *field = web_query(r, "field");
	if (q && *q) {
		if (strlen(q) > 200)
			return err_set(e, MB_EINVAL, "invalid_field", "q", "Từ khóa tìm kiếm quá dài.", "the search text is too long");
		qy->q = q;
		/* Folded words; past the last slot the rest is matched as one phrase. */
		char *folded = text_fold_a(r->a, q);
		for (char *p = *folded ? folded : NULL; p && qy->f.nwords < PROCEDURES_MAX_WORDS;) {
			qy->f.words[qy->f.nwords++] = p;
			char *sp = strchr(p, ' ');
			if (!sp || qy->f.nwords == PROCEDURES_MAX_WORDS) break;
			*sp = '\0';
			p = sp + 1;
		}
	}
	if (field && *field) {
		if (strlen(field) > 200 || !text_valid_utf8(field, strlen(field), false))
			return err_set(e, MB_EINVAL, "invalid_field", "field", "Lĩnh vực không hợp lệ.", "not a valid field");
		qy->f.field = field;
	}
	if (unit && *unit) {
		const char *kind;
		int found = strlen(unit) > 100 ? 0
		          : procedures_repo_unit(db_thread(), unit, r->a, &qy->f.unit_id, &kind,
		                                 &qy->unit_name_vi, &qy->unit_name_en, e);
		if (found < 0) return found;
		if (!found) return err_set(e, MB_EINVAL, "invalid_field", "unit", "Không có cơ quan, đơn vị này.", "no such unit");
		qy->unit_code = unit;
		qy->f.unit_level = !strcmp(kind, "commune") || !strcmp(kind, "ward") ? "commune" : "province";
	}
	return 0;
}

static int api_list(web_req *r)
{
	err e = {0};
	procedures_query qy;
	if (procedures_query_parse(r, &qy, &e)) return web_error(r, &e);
	procedures_row *rows;
	int n;
	if (procedures_repo_list(db_thread(), &qy.f, r->a, &rows, &n, &e)) return web_error(r, &e);
	json_t *arr = json_array();
	for (int i = 0; i < n; i++) json_array_append_new(arr, procedures_json(&rows[i], false));
	return web_json(r, 200, json_pack("{s:o}", "procedures", arr));
}

int procedures_load(web_req *r, procedures_row *row, err *e)
{
	int found = procedures_repo_get(db_thread(), web_param(r, "code"), r->a, row, e);
	if (found < 0) return found;
	if (!found) return err_set(e, MB_ENOTFOUND, "not_found", "code", "Không có thủ tục hành chính này.", "no such procedure");
	return 0;
}

static int api_get(web_req *r)
{
	err e = {0};
	procedures_row row;
	if (procedures_load(r, &row, &e)) return web_error(r, &e);
	return web_json(r, 200, json_pack("{s:o}", "procedure", procedures_json(&row, true)));
}

int procedures_edit(web_req *r, procedures_row *cur, const procedures_input *patch, err *e)
{
	db *d = db_thread();
	const auth_actor *a = r->actor;
	if (db_begin(d, e)) return MB_EINTERNAL;
	/* Re-read under the write lock: every column is written back, so a change
	 * made since the caller loaded cur must not be overwritten. */
	int rc = procedures_repo_get(d, cur->p.code, r->a, cur, e);
	if (rc <= 0) {
		db_rollback(d);
		return rc < 0 ? MB_EINTERNAL
		              : err_set(e, MB_ENOTFOUND, "not_found", "code", "Không có thủ tục hành chính này.", "no such procedure");
	}
	procedures_input in;
	procedures_rules_to_input(cur, r->a, &in);
	for (int f = 0; f < PF__MAX; f++)
		if (patch->v[f] && f != PF_CODE) in.v[f] = patch->v[f];
	if (patch->docs) { in.docs = patch->docs; in.ndocs = patch->ndocs; }
	procedures_row next;
	int changed = 0;
	if ((rc = procedures_rules_check(&in, r->a, &next, e)) == 0 &&
	    (rc = procedures_resolve_unit(d, r->a, &next, e)) == 0) {
		next.p.id = cur->p.id;
		rc = procedures_apply(d, &a->ledger, cur, &next, &changed, e);
	}
	if (rc) { db_rollback(d); return rc; }
	if (db_commit(d, e)) return MB_EINTERNAL;
	if (!changed) return 0;   /* nothing differs: no event, nothing written */
	return procedures_repo_get(d, cur->p.code, r->a, cur, e) == 1 ? 0 : MB_EINTERNAL;
}

/* The JSON types each field takes. */
static const char *json_value(web_req *r, procedures_field f, json_t *v, err *e)
{
	switch (f) {
	case PF_PROCESSING_DAYS:
		if (json_is_integer(v)) return arena_printf(r->a, "%lld", (long long)json_integer_value(v));
		err_set(e, MB_EINVAL, "invalid_field", procedures_field_names[f], "Giá trị phải là số nguyên.",
		        "the value must be an integer");
		return NULL;
	case PF_FEE_VND:
		if (json_is_null(v)) return "";
		if (json_is_integer(v)) return arena_printf(r->a, "%lld", (long long)json_integer_value(v));
		err_set(e, MB_EINVAL, "invalid_field", procedures_field_names[f], "Giá trị phải là số nguyên hoặc null.",
		        "the value must be an integer or null");
		return NULL;
	case PF_ACTIVE:
		if (json_is_boolean(v)) return json_is_true(v) ? "1" : "0";
		err_set(e, MB_EINVAL, "invalid_field", procedures_field_names[f], "Giá trị phải là true hoặc false.",
		        "the value must be true or false");
		return NULL;
	case PF_CUTOFF:
	case PF_UNIT:
		if (json_is_null(v)) return "";
		if (json_is_string(v)) return arena_strdup(r->a, json_string_value(v));
		err_set(e, MB_EINVAL, "invalid_field", procedures_field_names[f], "Giá trị phải là chuỗi ký tự hoặc null.",
		        "the value must be a string or null");
		return NULL;
	default:
		/* jansson refuses \u0000 by default, so a string value is a C string. */
		if (json_is_string(v)) return arena_strdup(r->a, json_string_value(v));
		err_set(e, MB_EINVAL, "invalid_field", procedures_field_names[f], "Giá trị phải là chuỗi ký tự.",
		        "the value must be a string");
		return NULL;
	}
}

static int patch_from_json(web_req *r, json_t *j, procedures_input *p, err *e)
{
	const char *k;
	json_t *v;
	json_object_foreach(j, k, v) {
		int f;
		for (f = 0; f < PF__MAX && strcmp(k, procedures_field_names[f]); f++) {}
		if (f == PF__MAX || f == PF_CODE)
			return err_set(e, MB_EINVAL, "invalid_field", arena_strdup(r->a, k),
			               "Trường này không tồn tại hoặc không được sửa.", "unknown or read-only field");
		if (f == PF_DOCUMENTS) {
			size_t i, n = json_is_array(v) ? json_array_size(v) : 0;
			json_t *item;
			bool ok = json_is_array(v);
			json_array_foreach(v, i, item) ok = ok && json_is_string(item);
			if (!ok)
				return err_set(e, MB_EINVAL, "invalid_field", procedures_field_names[f],
				               "Thành phần hồ sơ phải là một mảng các chuỗi ký tự.",
				               "documents must be an array of strings");
			p->docs = arena_alloc(r->a, sizeof *p->docs * (n ? n : 1));
			p->ndocs = (int)(n > 1000 ? 1000 : n);   /* the rules refuse more than 50 */
			for (int d = 0; d < p->ndocs; d++)
				p->docs[d] = arena_strdup(r->a, json_string_value(json_array_get(v, (size_t)d)));
			continue;
		}
		if (!(p->v[f] = json_value(r, (procedures_field)f, v, e))) return MB_EINVAL;
	}
	return 0;
}

static int api_patch(web_req *r)
{
	err e = {0};
	procedures_row cur;
	if (procedures_load(r, &cur, &e)) return web_error(r, &e);
	json_t *j = web_json_body(r, &e);
	if (!j) return web_error(r, &e);
	procedures_input p = {0};
	int rc = patch_from_json(r, j, &p, &e);
	json_decref(j);
	if (rc || procedures_edit(r, &cur, &p, &e)) return web_error(r, &e);
	return web_json(r, 200, json_pack("{s:o}", "procedure", procedures_json(&cur, true)));
}

static const web_route routes[] = {
	{"GET", "/api/v1/procedures", WEB_PUBLIC, api_list, 0},
	{"GET", "/api/v1/procedures/{code}", WEB_PUBLIC, api_get, 0},
	{"PATCH", "/api/v1/procedures/{code}", AUTH_P_ADMIN, api_patch, 0},
};

void procedures_api_install(void)
{
	web_route_add(routes, sizeof routes / sizeof routes[0]);
}
