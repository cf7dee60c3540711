/* service.c — the officials' reads and commands (one transaction each). */
#include <string.h>

#include "base/clock.h"
#include "base/text.h"
#include "ledger/ledger.h"
#include "officials/repo.h"

bool officials_head_over(db *d, const auth_actor *actor, int64_t unit_id)
{
	if (!actor || actor->role != ROLE_UNIT_HEAD) return false;
	int64_t anc[32];
	int n = auth_unit_ancestors(d, unit_id, anc, 32);
	for (int i = 0; i < n; i++)
		if (anc[i] == actor->unit_id) return true;
	return false;
}

static int no_such(err *e)
{
	return err_set(e, MB_ENOTFOUND, "not_found", NULL, "Không có trang này.", "no such page");
}

int officials_load_for(db *d, const auth_actor *reader, const char *login, arena *a, auth_actor *out, err *e)
{
	memset(out, 0, sizeof *out);
	int found = login && *login ? auth_actor_load(d, login, a, out, e) : 0;
	if (found < 0) return found;
	if (!found || out->role == ROLE_CITIZEN) return no_such(e);
	bool ok = officials_rules_may_read(reader != NULL, reader ? reader->role : ROLE_CITIZEN,
	                                   reader && reader->id == out->id, officials_head_over(d, reader, out->unit_id));
	return ok ? 0 : no_such(e);
}

int officials_profile(db *d, int64_t account_id, arena *a, official_profile *out, err *e)
{
	int rc = officials_repo_profile(d, account_id, a, out, e);
	return rc < 0 ? rc : 0;
}

int officials_desks_of_unit(db *d, int64_t unit_id, arena *a, official_desk **out, int *n, err *e)
{
	return officials_repo_desks_of_unit(d, unit_id, a, out, n, e);
}

int officials_desks_of(db *d, int64_t account_id, arena *a, official_desk **out, int *n, err *e)
{
	return officials_repo_desks_of(d, account_id, a, out, n, e);
}

int officials_desk_get(db *d, int64_t id, arena *a, official_desk *out, err *e)
{
	return officials_repo_desk_get(d, id, a, out, e);
}

static int may_edit(db *d, const auth_actor *actor, int64_t unit_id, err *e)
{
	if (!actor) return err_set(e, MB_EUNAUTH, "unauthenticated", NULL, "Hãy đăng nhập.", "sign in first");
	if (!auth_can(d, actor, AUTH_A_UNIT_EDIT, unit_id))
		return err_set(e, MB_EFORBIDDEN, "forbidden", NULL,
		               "Chỉ người đứng đầu đơn vị và quản trị viên được sửa quầy và cán bộ của đơn vị.",
		               "only the unit's head and administrators may edit its desks and officials");
	return 0;
}

int officials_desk_create(db *d, const auth_actor *actor, const char *unit_code, const char *name_vi,
                          const char *name_en, int64_t *id, err *e)
{
	if (officials_rules_check_desk_name(name_vi, "name_vi", true, e) ||
	    officials_rules_check_desk_name(name_en, "name_en", false, e))
		return e->status;
	int64_t unit = 0;
	int rc = auth_unit_id(d, unit_code ? unit_code : "", &unit, e);
	if (rc < 0) return rc;
	if (rc == 0) return err_set(e, MB_ENOTFOUND, "not_found", "unit", "Không có đơn vị này.", "no such unit");
	if ((rc = may_edit(d, actor, unit, e))) return rc;
	if ((rc = db_begin(d, e))) return rc;
	rc = officials_repo_desk_insert(d, unit, name_vi, name_en, clock_now(), id, e);
	if (!rc) {
		json_t *p = json_pack("{s:I, s:s, s:s, s:s}", "desk", (json_int_t)*id, "unit", unit_code, "name_vi", name_vi,
		                      "name_en", name_en ? name_en : "");
		rc = ledger_append(d, &actor->ledger, unit_code, "desk.created", unit_code, p, NULL, e);
		json_decref(p);
	}
	if (!rc) rc = db_commit(d, e);
	if (rc) db_rollback(d);
	return rc;
}

int officials_set(db *d, const auth_actor *actor, const char *login, const char *position, const int64_t *desks,
                  int ndesks, arena *a, err *e)
{
	if (position && officials_rules_check_position(position, e)) return e->status;
	if (ndesks > 50) return err_set(e, MB_EINVAL, "invalid_field", "desks", "Tối đa 50 quầy.", "at most 50 desks");
	auth_actor off;
	int found = login && *login ? auth_actor_load(d, login, a, &off, e) : 0;
	if (found < 0) return found;
	if (!found || off.role == ROLE_CITIZEN)
		return err_set(e, MB_ENOTFOUND, "not_found", "login", "Không có cán bộ này.", "no such official");
	int rc = may_edit(d, actor, off.unit_id, e);
	if (rc) return rc;
	json_t *ids = json_array();
	for (int i = 0; i < ndesks; i++) {
		official_desk k;
		int g = officials_repo_desk_get(d, desks[i], a, &k, e);
		if (g < 0) { json_decref(ids); return g; }
		if (g == 0 || k.unit_id != off.unit_id) {
			json_decref(ids);
			return err_set(e, MB_EINVAL, "invalid_field", "desks", "Chỉ chọn quầy của đơn vị nơi cán bộ công tác.",
			               "choose desks of the official's own unit");
		}
		json_array_append_new(ids, json_integer(desks[i]));
	}
	if (!position && ndesks < 0) {
		json_decref(ids);
		return err_set(e, MB_EINVAL, "invalid_field", "position", "Không có gì để thay đổi.", "nothing to change");
	}
	if ((rc = db_begin(d, e))) { json_decref(ids); return rc; }
	if (position) rc = auth_account_set_title(d, &actor->ledger, login, position, e);
	if (!rc && ndesks >= 0) rc = officials_repo_desks_set(d, off.id, desks, ndesks, e);
	if (!rc) {
		json_t *p = json_pack("{s:s}", "login", login);
		if (position) json_object_set_new(p, "position", json_string(position));
		if (ndesks >= 0) json_object_set(p, "desks", ids);
		rc = ledger_append(d, &actor->ledger, off.unit_code, "official.changed", login, p, NULL, e);
		json_decref(p);
	}
	json_decref(ids);
	if (!rc) rc = db_commit(d, e);
	if (rc) db_rollback(d);
	return rc;
}
