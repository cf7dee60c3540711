/* service.c — public-duty inspections: each command validates its input,
 * checks who acts, asks the pure rules (rules.c), then changes the tables and
 * appends its ledger event in one transaction. Also the checklist's reference
 * data and the reads. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/calendar.h"
#include "base/clock.h"
#include "base/csv.h"
#include "base/embed.h"
#include "base/log.h"
#include "base/text.h"
#include "db/files.h"
#include "duty/duty.h"
#include "inspections/service.h"
#include "ledger/ledger.h"
#include "officials/officials.h"

static bool blank(const char *s) { return !s || !*s; }

/* --- reference data --- */

static int bad_data(err *e, int line)
{
	log_msg(LOG_ERROR, "inspections", "data/duty_checklist.csv line %d: malformed", line);
	return err_set(e, MB_EINTERNAL, "bad_data", NULL, "Dữ liệu bảng kiểm công vụ sai định dạng.",
	               "the public-duty checklist data is malformed");
}

static bool date_ok(const char *s, bool empty_ok)
{
	int32_t day;
	return (empty_ok && blank(s)) || (s && cal_parse_date(s, &day) == 0);
}

int inspections_load_reference(db *d, err *e)
{
	const struct embedded_file *f = embed_find("data/duty_checklist.csv");
	if (!f) return err_set(e, MB_EINTERNAL, "no_data", NULL, "Thiếu bảng kiểm công vụ.", "the public-duty checklist is missing");
	arena a;
	arena_init(&a);
	const char *fl[CSV_MAX_FIELDS];
	int n, rc = 0, count = 0;
	csv_reader c;
	csv_init(&c, (const char *)f->data, f->size);
	if (csv_next(&c, &a, fl) != 8 || strcmp(fl[0], "version") || strcmp(fl[3], "item")) rc = bad_data(e, 1);
	while (!rc && (n = csv_next(&c, &a, fl)) != 0) {
		char *end;
		long ord = n == 8 ? strtol(fl[4], &end, 10) : -1;
		if (n != 8 || blank(fl[0]) || !date_ok(fl[1], false) || !date_ok(fl[2], true) || blank(fl[3]) || ord < 0 ||
		    blank(fl[5]) || blank(fl[6]) || blank(fl[7])) {
			rc = bad_data(e, c.line);
			break;
		}
		insp_item it = {.version = fl[0], .valid_from = fl[1], .valid_to = fl[2], .item = fl[3], .ordinal = (int)ord,
		                .text_vi = fl[5], .text_en = fl[6], .source = fl[7]};
		if ((rc = insp_repo_item_insert(d, &it, e))) break;
		count++;
	}
	if (!rc) {
		json_t *p = json_pack("{s:i, s:s}", "items", count, "source", "data/duty_checklist.csv");
		rc = ledger_append(d, &ledger_system, "", "inspections.checklist_loaded", "duty_checklist", p, NULL, e);
		json_decref(p);
	}
	arena_free(&a);
	return rc;
}

int inspections_ensure_reference(db *d, err *e)
{
	return db_ensure_loaded(d, insp_repo_items_count, inspections_load_reference, e);
}

/* --- helpers --- */

static bool within(db *d, int64_t unit, int64_t ancestor)
{
	int64_t anc[32];
	int n = auth_unit_ancestors(d, unit, anc, 32);
	for (int i = 0; i < n; i++)
		if (anc[i] == ancestor) return true;
	return false;
}

static int no_such(err *e)
{
	return err_set(e, MB_ENOTFOUND, "not_found", NULL, "Không có cuộc thanh tra, kiểm tra này.", "no such inspection");
}

static bool staff_role(auth_role r)
{
	return r != ROLE_CITIZEN && r != ROLE_OVERSEER && r < ROLE__MAX;
}

/* An official by login, for a field: 0 (out filled) or an error naming the field. */
static int official_of(db *d, const char *login, const char *field, arena *a, auth_actor *out, err *e)
{
	int rc = blank(login) ? 0 : auth_actor_load(d, login, a, out, e);
	if (rc < 0) return rc;
	if (rc == 0 || !staff_role(out->role))
		return err_set(e, MB_EINVAL, "invalid_field", field, "Không có cán bộ có tên đăng nhập này.",
		               "no official has this login");
	return 0;
}

static int unit_of(db *d, const char *code, const char *field, int64_t *id, err *e)
{
	int rc = blank(code) ? 0 : auth_unit_id(d, code, id, e);
	if (rc < 0) return rc;
	if (rc == 0) return err_set(e, MB_EINVAL, "invalid_field", field, "Không có đơn vị này.", "no such unit");
	return 0;
}

static int visible(db *d, const auth_actor *actor, insp_view *v, err *e)
{
	insp_viewer w = {.signed_in = actor != NULL, .role = actor ? actor->role : ROLE_CITIZEN};
	for (int i = 0; actor && i < v->nteam; i++) w.team = w.team || v->team[i].account_id == actor->id;
	for (int i = 0; actor && i < v->ntargets; i++) {
		w.target_official = w.target_official || v->targets[i].account_id == actor->id;
		w.head_over_target = w.head_over_target || officials_head_over(d, actor, v->targets[i].unit_id);
	}
	w.head_over_owner = officials_head_over(d, actor, v->row.unit_id);
	v->team_member = w.team;
	v->limited = !w.team && !w.head_over_target && !w.head_over_owner && actor &&
	             actor->role != ROLE_INSPECTOR && actor->role != ROLE_HOME_AFFAIRS_INSPECTOR;
	return insp_rules_visible(v->kind, v->state, &w) ? 0 : no_such(e);
}

/* The row, team and targets, and whether the actor may know of it. */
static int load_head(db *d, const auth_actor *actor, const char *code, arena *a, insp_view *v, err *e)
{
	memset(v, 0, sizeof *v);
	int rc = blank(code) ? 0 : insp_repo_get(d, code, a, &v->row, e);
	if (rc < 0) return rc;
	if (rc == 0 || insp_state_parse(v->row.state, &v->state) || insp_kind_parse(v->row.kind, &v->kind) ||
	    insp_body_parse(v->row.body, &v->body))
		return no_such(e);
	if ((rc = insp_repo_team(d, v->row.id, a, &v->team, &v->nteam, e)) ||
	    (rc = insp_repo_targets(d, v->row.id, a, &v->targets, &v->ntargets, e)))
		return rc;
	return visible(d, actor, v, e);
}

int insp_load_for(db *d, const auth_actor *actor, const char *code, arena *a, insp_view *v, err *e)
{
	int rc = load_head(d, actor, code, a, v, e);
	if (rc) return rc;
	if ((rc = insp_repo_items(d, v->row.checklist_version, a, &v->items, &v->nitems, e)) ||
	    (rc = insp_repo_checks(d, v->row.id, a, &v->checks, &v->nchecks, e)) ||
	    (rc = insp_repo_findings(d, v->row.id, a, &v->findings, &v->nfindings, e)) ||
	    (rc = insp_repo_evidence(d, v->row.id, a, &v->evidence, &v->nevidence, e)) ||
	    (rc = insp_repo_recs(d, v->row.id, a, &v->recs, &v->nrecs, e)) ||
	    (rc = insp_repo_commendations(d, v->row.id, a, &v->commendations, &v->ncommendations, e)))
		return rc;
	if (v->limited) {
		/* An inspected official reads the findings about themselves and their unit, and that evidence only;
		 * never a counter recording (the officials recorded see nothing of them: docs/oversight.md). */
		int k = 0, m = 0;
		for (int i = 0; i < v->nfindings; i++)
			if (!v->findings[i].account_id || v->findings[i].account_id == actor->id) v->findings[k++] = v->findings[i];
		v->nfindings = k;
		for (int i = 0; i < v->nevidence; i++) {
			bool keep = false;
			for (int j = 0; j < k; j++) keep = keep || v->findings[j].id == v->evidence[i].finding_id;
			if (keep && !v->evidence[i].recording_id) v->evidence[m++] = v->evidence[i];
		}
		v->nevidence = m;
	}
	/* What a recording referred to is: its desk and window (its bytes need an opening of their own). */
	v->evidence_rec = arena_alloc(a, sizeof *v->evidence_rec * (size_t)(v->nevidence ? v->nevidence : 1));
	for (int i = 0; i < v->nevidence; i++) {
		memset(&v->evidence_rec[i], 0, sizeof v->evidence_rec[i]);
		if (v->evidence[i].recording_id &&
		    (rc = recordings_ref_get(d, v->evidence[i].recording_id, a, &v->evidence_rec[i], e)) < 0)
			return rc;
	}
	return 0;
}

int insp_list_for(db *d, const auth_actor *actor, int year, int64_t after, int limit, arena *a, insp_row **out, int *n,
                  int64_t *next, err *e)
{
	/* A year's plan holds tens of inspections, not history: read a page of
	 * rows by the (plan_year, id) index and keep those the actor may know of. */
	insp_row *rows;
	int m = 0;
	*n = 0;
	*next = 0;
	*out = arena_alloc(a, sizeof **out * (size_t)(limit > 0 ? limit : 1));
	while (*n < limit) {
		int rc = insp_repo_list(d, year, after, 100, a, &rows, &m, e);
		if (rc) return rc;
		for (int i = 0; i < m && *n < limit; i++) {
			insp_view v;
			err ig = {0};
			after = rows[i].id;
			rc = load_head(d, actor, rows[i].code, a, &v, &ig);
			if (rc == MB_ENOTFOUND) continue;
			if (rc) { *e = ig; return rc; }
			(*out)[(*n)++] = rows[i];
		}
		if (m < 100) return 0;
	}
	*next = after;
	return 0;
}

/* --- commands --- */

static int begin_cmd(db *d, const auth_actor *actor, const char *code, insp_cmd c, arena *a, insp_view *v,
                     insp_state *next, err *e)
{
	if (!actor) return err_set(e, MB_EUNAUTH, "unauthenticated", NULL, "Hãy đăng nhập.", "sign in first");
	int rc = load_head(d, actor, code, a, v, e);
	if (rc) return rc;
	return insp_rules_next(v->state, c, v->team_member, next, e);
}

static int finish(db *d, int rc, err *e)
{
	if (!rc) rc = db_commit(d, e);
	if (rc) db_rollback(d);
	return rc;
}

int insp_plan(db *d, const auth_actor *actor, const insp_plan_in *in, arena *a, const char **code, err *e)
{
	if (!actor) return err_set(e, MB_EUNAUTH, "unauthenticated", NULL, "Hãy đăng nhập.", "sign in first");
	insp_body body;
	insp_kind kind;
	int rc = insp_rules_body_for(actor->role, &body, e);
	if (rc) return rc;
	if (in->too_many)
		return err_set(e, MB_EINVAL, "invalid_field", "units", "Tối đa 16 đơn vị, quầy, cán bộ và thành viên mỗi loại.",
		               "at most 16 units, desks, officials and team members each");
	if (blank(in->kind) || insp_kind_parse(in->kind, &kind))
		return err_set(e, MB_EINVAL, "invalid_field", "kind", "Hãy chọn theo kế hoạch hay đột xuất.",
		               "choose planned or surprise");
	if (text_check_reason(in->title, "title", 300, true, e)) return e->status;
	int32_t today = cal_day_of(clock_now()), day;
	if (insp_rules_check_planned(in->planned_on, today, &day, e)) return e->status;
	if (in->nunits < 1)
		return err_set(e, MB_EINVAL, "invalid_field", "units", "Hãy chọn ít nhất một đơn vị được thanh tra, kiểm tra.",
		               "choose at least one unit to inspect");
	int64_t units[INSP_TARGETS_MAX];
	for (int i = 0; i < in->nunits; i++) {
		if ((rc = unit_of(d, in->units[i], "units", &units[i], e))) return rc;
		if (body == IB_SELF && !auth_can(d, actor, AUTH_A_UNIT_EDIT, units[i]))
			return err_set(e, MB_EINVAL, "invalid_field", "units",
			               "Tự kiểm tra chỉ với đơn vị mình phụ trách và đơn vị trực thuộc.",
			               "a self-inspection covers only the units in the head's charge");
	}
	official_desk desks[INSP_TARGETS_MAX];
	for (int i = 0; i < in->ndesks; i++) {
		int g = officials_desk_get(d, in->desks[i], a, &desks[i], e);
		if (g < 0) return g;
		bool ok = false;
		for (int j = 0; g && j < in->nunits; j++) ok = ok || desks[i].unit_id == units[j];
		if (!ok)
			return err_set(e, MB_EINVAL, "invalid_field", "desks", "Chỉ chọn quầy của các đơn vị được thanh tra, kiểm tra.",
			               "choose desks of the units inspected");
	}
	auth_actor offs[INSP_TARGETS_MAX], team[INSP_TARGETS_MAX];
	for (int i = 0; i < in->nofficials; i++) {
		if ((rc = official_of(d, in->officials[i], "officials", a, &offs[i], e))) return rc;
		bool ok = false;
		for (int j = 0; j < in->nunits; j++) ok = ok || within(d, offs[i].unit_id, units[j]);
		if (!ok)
			return err_set(e, MB_EINVAL, "invalid_field", "officials", "Chỉ chọn cán bộ của các đơn vị được thanh tra, kiểm tra.",
			               "choose officials of the units inspected");
	}
	for (int i = 0; i < in->nteam; i++) {
		if ((rc = official_of(d, in->team[i], "team", a, &team[i], e))) return rc;
		if (team[i].role == ROLE_ADMIN)
			return err_set(e, MB_EINVAL, "invalid_field", "team", "Quản trị hệ thống không tham gia đoàn thanh tra, kiểm tra.",
			               "administrators are not members of an inspection team");
		/* Nobody inspects their own unit, except a head's self-inspection. */
		for (int j = 0; body != IB_SELF && j < in->nunits; j++)
			if (within(d, team[i].unit_id, units[j]))
				return err_set(e, MB_EINVAL, "invalid_field", "team",
				               "Cán bộ của đơn vị được thanh tra, kiểm tra không tham gia đoàn.",
				               "officials of a unit inspected cannot be on the team");
		for (int j = 0; j < in->nofficials; j++)
			if (offs[j].id == team[i].id)
				return err_set(e, MB_EINVAL, "invalid_field", "team", "Cán bộ được kiểm tra không thể ở trong đoàn.",
				               "an official inspected cannot be on the team");
	}
	insp_checklist_span *spans;
	int nspans = 0;
	if ((rc = insp_repo_spans(d, a, &spans, &nspans, e))) return rc;
	const char *version = insp_rules_checklist_version(spans, nspans, in->planned_on);
	if (!version)
		return err_set(e, MB_EINVAL, "invalid_field", "planned_on", "Không có bảng kiểm công vụ áp dụng cho ngày này.",
		               "no public-duty checklist is in force on this date");
	char year[8];
	snprintf(year, sizeof year, "%.4s", in->planned_on);

	if ((rc = db_begin(d, e))) return rc;
	insp_row row = {.body = insp_body_name(body), .kind = insp_kind_name(kind), .unit_id = actor->unit_id, .title = in->title,
	                .plan_year = strtol(year, NULL, 10), .planned_on = in->planned_on, .checklist_version = version,
	                .created_by = actor->id, .created_at = clock_now()};
	rc = insp_repo_next_id(d, &row.id, e);
	if (!rc) {
		row.code = arena_printf(a, "KT-%s-%04lld", year, (long long)row.id);
		rc = insp_repo_insert(d, &row, e);
	}
	if (!rc) rc = insp_repo_team_add(d, row.id, actor->id, true, e);
	json_t *jteam = json_array(), *junits = json_array(), *jdesks = json_array(), *joffs = json_array();
	json_array_append_new(jteam, json_string(actor->login));
	for (int i = 0; !rc && i < in->nteam; i++) {
		rc = insp_repo_team_add(d, row.id, team[i].id, false, e);
		if (team[i].id != actor->id) json_array_append_new(jteam, json_string(team[i].login));
	}
	for (int i = 0; !rc && i < in->nunits; i++) {
		rc = insp_repo_target_add(d, row.id, units[i], 0, 0, e);
		json_array_append_new(junits, json_string(in->units[i]));
	}
	for (int i = 0; !rc && i < in->ndesks; i++) {
		rc = insp_repo_target_add(d, row.id, desks[i].unit_id, desks[i].id, 0, e);
		json_array_append_new(jdesks, json_integer(desks[i].id));
	}
	for (int i = 0; !rc && i < in->nofficials; i++) {
		rc = insp_repo_target_add(d, row.id, offs[i].unit_id, 0, offs[i].id, e);
		json_array_append_new(joffs, json_string(offs[i].login));
	}
	if (!rc) {
		json_t *p = json_pack("{s:s, s:s, s:s, s:s, s:s, s:o, s:o, s:o, s:o}", "body", row.body, "kind", row.kind, "title",
		                      row.title, "planned_on", row.planned_on, "checklist_version", version, "team", jteam, "units",
		                      junits, "desks", jdesks, "officials", joffs);
		rc = ledger_append(d, &actor->ledger, actor->unit_code, "inspection.planned", row.code, p, NULL, e);
		json_decref(p);
	} else {
		json_decref(jteam);
		json_decref(junits);
		json_decref(jdesks);
		json_decref(joffs);
	}
	if ((rc = finish(d, rc, e))) return rc;
	*code = row.code;
	return 0;
}

int insp_start(db *d, const auth_actor *actor, const char *code, arena *a, err *e)
{
	insp_view v;
	insp_state next;
	int rc = begin_cmd(d, actor, code, IC_START, a, &v, &next, e);
	if (rc) return rc;
	if ((rc = db_begin(d, e))) return rc;
	int64_t now = clock_now();
	rc = insp_repo_set_state(d, v.row.id, insp_state_name(next), now, NULL, e);
	if (!rc) {
		json_t *p = json_pack("{s:s, s:s}", "state", insp_state_name(next), "kind", v.row.kind);
		rc = ledger_append(d, &actor->ledger, v.row.unit_code, "inspection.started", v.row.code, p, NULL, e);
		json_decref(p);
	}
	return finish(d, rc, e);
}

static int item_index(const insp_item *items, int n, const char *item)
{
	for (int i = 0; item && i < n; i++)
		if (!strcmp(items[i].item, item)) return i;
	return -1;
}

int insp_checks_set(db *d, const auth_actor *actor, const char *code, const insp_checks_in *in, arena *a, err *e)
{
	insp_view v;
	insp_state next;
	int rc = begin_cmd(d, actor, code, IC_CHECK, a, &v, &next, e);
	if (rc) return rc;
	if ((rc = insp_repo_items(d, v.row.checklist_version, a, &v.items, &v.nitems, e))) return rc;
	if (in->too_many || in->n < 1)
		return err_set(e, MB_EINVAL, "invalid_field", "checks", "Hãy ghi kết quả cho các mục của bảng kiểm.",
		               "give results for the checklist's items");
	insp_result res[INSP_CHECKS_MAX];
	for (int i = 0; i < in->n; i++) {
		if (item_index(v.items, v.nitems, in->item[i]) < 0)
			return err_set(e, MB_EINVAL, "invalid_field", "checks", "Mục này không có trong bảng kiểm của cuộc kiểm tra.",
			               "this item is not in the inspection's checklist");
		if (insp_result_parse(in->result[i], &res[i]))
			return err_set(e, MB_EINVAL, "invalid_field", arena_printf(a, "check_%s", in->item[i]),
			               "Kết quả phải là Đạt, Không đạt hoặc Không áp dụng.", "a result is pass, fail or na");
		if (text_check_field(in->note[i], "note", 500, false, e)) return e->status;
	}
	if ((rc = db_begin(d, e))) return rc;
	int64_t now = clock_now();
	json_t *items = json_object();
	for (int i = 0; !rc && i < in->n; i++) {
		rc = insp_repo_check_set(d, v.row.id, in->item[i], insp_result_name(res[i]), in->note[i], actor->id, now, e);
		json_object_set_new(items, in->item[i], json_string(insp_result_name(res[i])));
	}
	if (!rc) {
		json_t *p = json_pack("{s:s, s:o}", "checklist_version", v.row.checklist_version, "results", items);
		rc = ledger_append(d, &actor->ledger, v.row.unit_code, "inspection.checked", v.row.code, p, NULL, e);
		json_decref(p);
	} else json_decref(items);
	return finish(d, rc, e);
}

int insp_finding_add(db *d, const auth_actor *actor, const char *code, const insp_finding_in *in, arena *a, int64_t *id,
                     err *e)
{
	insp_view v;
	insp_state next;
	int rc = begin_cmd(d, actor, code, IC_FINDING, a, &v, &next, e);
	if (rc) return rc;
	bool about_unit = !blank(in->about) && !strcmp(in->about, "unit");
	if (!blank(in->about) && !about_unit && strcmp(in->about, "official"))
		return err_set(e, MB_EINVAL, "invalid_field", "about", "Phát hiện về một cán bộ hoặc về đơn vị.",
		               "a finding is about an official or about the unit");
	insp_finding f = {.inspection_id = v.row.id, .at = clock_now()};
	auth_actor off = {0};
	if (!about_unit) {
		if (blank(in->official))
			return err_set(e, MB_EINVAL, "invalid_field", "official",
			               "Hãy chọn cán bộ có sai phạm (hoặc ghi phát hiện về đơn vị).",
			               "choose the official concerned (or record the finding about the unit)");
		if ((rc = official_of(d, in->official, "official", a, &off, e))) return rc;
		f.account_id = off.id;
		f.unit_id = off.unit_id;
	} else if ((rc = unit_of(d, in->unit, "unit", &f.unit_id, e))) return rc;
	bool inspected = false;
	for (int i = 0; i < v.ntargets; i++) inspected = inspected || within(d, f.unit_id, v.targets[i].unit_id);
	if (!inspected)
		return err_set(e, MB_EINVAL, "invalid_field", about_unit ? "unit" : "official",
		               "Chỉ ghi phát hiện về cán bộ, đơn vị được thanh tra, kiểm tra.",
		               "record findings only about the officials and units inspected");
	if (!blank(in->item)) {
		if ((rc = insp_repo_items(d, v.row.checklist_version, a, &v.items, &v.nitems, e))) return rc;
		if (item_index(v.items, v.nitems, in->item) < 0)
			return err_set(e, MB_EINVAL, "invalid_field", "item", "Mục này không có trong bảng kiểm của cuộc kiểm tra.",
			               "this item is not in the inspection's checklist");
	}
	f.item = blank(in->item) ? "" : in->item;
	insp_severity sev;
	if (blank(in->severity) || insp_severity_parse(in->severity, &sev))
		return err_set(e, MB_EINVAL, "invalid_field", "severity", "Hãy chọn mức độ: nhẹ, trung bình hoặc nghiêm trọng.",
		               "choose the severity: minor, moderate or serious");
	f.severity = insp_severity_name(sev);
	if (text_check_reason(in->text, "text", 2000, true, e)) return e->status;
	f.text = in->text;
	if (in->too_many || in->nfiles > INSP_EVIDENCE_FILES)
		return err_set(e, MB_EINVAL, "invalid_field", "evidence", "Tối đa 4 tệp chứng cứ cho mỗi phát hiện.",
		               "at most 4 evidence files a finding");
	const char *types[INSP_EVIDENCE_FILES];
	for (int i = 0; i < in->nfiles; i++) {
		const insp_upload *u = &in->files[i];
		if (insp_rules_evidence(db_file_sniff(u->data, u->size), u->type, u->name, u->size, INSP_EVIDENCE_MAX, "evidence",
		                        &types[i], e))
			return e->status;
		if (text_check_field(u->name, "evidence", 200, false, e)) return e->status;
	}

	/* The inspected unit's head owns the item the finding opens (DUTY HOOK below); 0 none. */
	int64_t head = 0;
	if ((rc = insp_repo_unit_head(d, f.unit_id, &head, e)) < 0) return rc;
	if ((rc = db_begin(d, e))) return rc;
	rc = insp_repo_finding_add(d, &f, actor->id, e);
	json_t *files = json_array();
	for (int i = 0; !rc && i < in->nfiles; i++) {
		char sha[65];
		const insp_upload *u = &in->files[i];
		rc = db_file_store(d, u->data, u->size, types[i], sha, e);
		if (!rc) rc = insp_repo_evidence_add(d, v.row.id, f.id, 0, sha, types[i], (int64_t)u->size, u->name, actor->id, f.at, e);
		json_array_append_new(files, json_pack("{s:s, s:s, s:I}", "sha256", sha, "content_type", types[i], "size",
		                                       (json_int_t)u->size));
	}
	if (!rc) {
		json_t *p = json_pack("{s:I, s:s, s:s, s:s, s:s, s:o}", "finding", (json_int_t)f.id, "official",
		                      f.account_id ? off.login : "", "unit", auth_unit_code(d, f.unit_id, a), "severity", f.severity,
		                      "item", f.item, "evidence", files);
		rc = ledger_append(d, &actor->ledger, v.row.unit_code, "inspection.finding", v.row.code, p, NULL, e);
		json_decref(p);
	} else json_decref(files);
	/* The inspected unit's head answers for the finding: an item "report the action taken" (src/duty). */
	if (!rc) {
		int64_t duty_id;
		rc = duty_open(d, &actor->ledger, &(duty_new){.kind = "accountability.action", .source_type = "inspection_finding",
		               .source_id = f.id, .source_ref = v.row.code, .owner_unit_id = f.unit_id, .owner_account_id = head,
		               .title_vi = arena_printf(a, "Báo cáo việc đã làm sau phát hiện của cuộc thanh tra, kiểm tra %s", v.row.code),
		               .title_en = arena_printf(a, "Report the action taken after a finding of inspection %s", v.row.code),
		               .start = f.at}, &duty_id, e);
	}
	if ((rc = finish(d, rc, e))) return rc;
	*id = f.id;
	return 0;
}

int insp_commend(db *d, const auth_actor *actor, const char *code, const insp_commend_in *in, arena *a, err *e)
{
	insp_view v;
	insp_state next;
	int rc = begin_cmd(d, actor, code, IC_COMMEND, a, &v, &next, e);
	if (rc) return rc;
	insp_commendation c = {.code = v.row.code, .at = clock_now()};
	auth_actor off = {0};
	if (!blank(in->official)) {
		if ((rc = official_of(d, in->official, "official", a, &off, e))) return rc;
		c.account_id = off.id;
		c.unit_id = off.unit_id;
	} else if ((rc = unit_of(d, in->unit, "unit", &c.unit_id, e))) {
		if (blank(in->unit))
			return err_set(e, MB_EINVAL, "invalid_field", "official", "Hãy chọn cán bộ hoặc đơn vị được khen.",
			               "choose the official or the unit commended");
		return rc;
	}
	bool inspected = false;
	for (int i = 0; i < v.ntargets; i++) inspected = inspected || within(d, c.unit_id, v.targets[i].unit_id);
	if (!inspected)
		return err_set(e, MB_EINVAL, "invalid_field", c.account_id ? "official" : "unit",
		               "Chỉ khen cán bộ, đơn vị được thanh tra, kiểm tra.", "commend only officials and units inspected");
	if (text_check_reason(in->text, "text", 1000, true, e)) return e->status;
	c.text = in->text;
	if ((rc = db_begin(d, e))) return rc;
	rc = insp_repo_commend_add(d, &c, actor->id, e);
	if (!rc) {
		json_t *p = json_pack("{s:I, s:s, s:s}", "commendation", (json_int_t)c.id, "official", c.account_id ? off.login : "",
		                      "unit", auth_unit_code(d, c.unit_id, a));
		rc = ledger_append(d, &actor->ledger, v.row.unit_code, "inspection.commended", v.row.code, p, NULL, e);
		json_decref(p);
	}
	return finish(d, rc, e);
}

int insp_conclude(db *d, const auth_actor *actor, const char *code, const insp_conclude_in *in, arena *a, err *e)
{
	insp_view v;
	insp_state next;
	int rc = begin_cmd(d, actor, code, IC_CONCLUDE, a, &v, &next, e);
	if (rc) return rc;
	if (text_check_reason(in->conclusion, "conclusion", 5000, true, e)) return e->status;
	if (in->too_many || in->nrecs > INSP_RECS_MAX)
		return err_set(e, MB_EINVAL, "invalid_field", "recommendations", "Tối đa 8 kiến nghị.", "at most 8 recommendations");
	int32_t today = cal_day_of(clock_now());
	insp_rec recs[INSP_RECS_MAX];
	for (int i = 0; i < in->nrecs; i++) {
		memset(&recs[i], 0, sizeof recs[i]);
		recs[i].code = v.row.code;
		if (blank(in->rec_unit[i])) recs[i].unit_id = v.ntargets ? v.targets[0].unit_id : 0;
		else if ((rc = unit_of(d, in->rec_unit[i], "rec_unit", &recs[i].unit_id, e))) return rc;
		bool inspected = false;
		for (int j = 0; j < v.ntargets; j++) inspected = inspected || v.targets[j].unit_id == recs[i].unit_id;
		if (!inspected)
			return err_set(e, MB_EINVAL, "invalid_field", "rec_unit", "Kiến nghị gửi người đứng đầu đơn vị được thanh tra, kiểm tra.",
			               "a recommendation goes to the head of a unit inspected");
		if (text_check_reason(in->rec_text[i], "rec_text", 2000, true, e)) return e->status;
		if (insp_rules_check_due(in->rec_due[i], today, "rec_due", e)) return e->status;
		recs[i].text = in->rec_text[i];
		recs[i].due_on = in->rec_due[i];
		int h = insp_repo_unit_head(d, recs[i].unit_id, &recs[i].head_account_id, e);
		if (h < 0) return h;
	}
	if ((rc = db_begin(d, e))) return rc;
	int64_t now = clock_now();
	rc = insp_repo_set_state(d, v.row.id, insp_state_name(next), now, in->conclusion, e);
	json_t *jr = json_array();
	for (int i = 0; !rc && i < in->nrecs; i++) {
		rc = insp_repo_rec_add(d, &recs[i], now, e);
		json_array_append_new(jr, json_pack("{s:I, s:s, s:s}", "recommendation", (json_int_t)recs[i].id, "unit",
		                                    auth_unit_code(d, recs[i].unit_id, a), "due_on", recs[i].due_on));
		/* The head answers for the recommendation by its deadline (the end of that Vietnam day). */
		int32_t due_day;
		if (!rc && cal_parse_date(recs[i].due_on, &due_day) == 0) {
			int64_t duty_id;
			rc = duty_open(d, &actor->ledger, &(duty_new){.kind = "inspection.recommendation",
			               .source_type = "inspection_recommendation", .source_id = recs[i].id, .source_ref = v.row.code,
			               .owner_unit_id = recs[i].unit_id, .owner_account_id = recs[i].head_account_id,
			               .title_vi = arena_printf(a, "Thực hiện kiến nghị của cuộc thanh tra, kiểm tra %s", v.row.code),
			               .title_en = arena_printf(a, "Carry out the recommendation of inspection %s", v.row.code),
			               .start = now, .due_at = cal_local(due_day + 1, 0) - 1}, &duty_id, e);
		}
	}
	if (!rc) {
		json_t *p = json_pack("{s:s, s:o}", "state", insp_state_name(next), "recommendations", jr);
		rc = ledger_append(d, &actor->ledger, v.row.unit_code, "inspection.concluded", v.row.code, p, NULL, e);
		json_decref(p);
	} else json_decref(jr);
	return finish(d, rc, e);
}

int insp_evidence_read(db *d, const auth_actor *actor, const char *code, const char *sha, arena *a, const char **type,
                       unsigned char **data, size_t *n, err *e)
{
	insp_view v;
	int rc = insp_load_for(d, actor, code, a, &v, e);
	if (rc) return rc;
	for (int i = 0; sha && i < v.nevidence; i++)
		if (!v.evidence[i].recording_id && !strcmp(v.evidence[i].sha256, sha)) {
			*type = v.evidence[i].content_type;
			return db_file_read(sha, a, data, n, e);
		}
	return err_set(e, MB_ENOTFOUND, "not_found", NULL, "Không có tệp này.", "no such file");
}

int insp_findings_of(db *d, int64_t account, arena *a, insp_finding **out, int *n, err *e)
{
	return insp_repo_findings_of(d, account, 50, a, out, n, e);
}

int insp_commendations_of(db *d, int64_t account, arena *a, insp_commendation **out, int *n, err *e)
{
	return insp_repo_commendations_of(d, account, 50, a, out, n, e);
}

/* --- a counter recording as evidence --- */

static int64_t id_of(const char *s)
{
	char *end;
	long long v = blank(s) ? 0 : strtoll(s, &end, 10);
	return !blank(s) && !*end && v > 0 ? v : -1;
}

int insp_recording_attach(db *d, const auth_actor *actor, const char *code, const insp_recording_in *in, arena *a, err *e)
{
	insp_view v;
	insp_state next;
	int rc = begin_cmd(d, actor, code, IC_RECORDING, a, &v, &next, e);
	if (rc) return rc;
	int64_t rec_id = id_of(in->recording), finding = blank(in->finding) ? 0 : id_of(in->finding);
	if (rec_id <= 0)
		return err_set(e, MB_EINVAL, "invalid_field", "recording", "Hãy nhập số của bản ghi ghi âm, ghi hình.",
		               "give the counter recording's number");
	rec_ref x;
	if ((rc = recordings_evidence_ref(d, actor, rec_id, "recording", a, &x, e))) return rc;
	if ((rc = insp_repo_findings(d, v.row.id, a, &v.findings, &v.nfindings, e)) ||
	    (rc = insp_repo_evidence(d, v.row.id, a, &v.evidence, &v.nevidence, e)))
		return rc;
	insp_recording_facts f = {.finding_given = finding != 0};
	for (int i = 0; i < v.ntargets; i++) f.unit_inspected = f.unit_inspected || within(d, x.unit_id, v.targets[i].unit_id);
	for (int i = 0; finding > 0 && i < v.nfindings; i++) f.finding_found = f.finding_found || v.findings[i].id == finding;
	for (int i = 0; i < v.nevidence; i++) f.attached = f.attached || v.evidence[i].recording_id == x.id;
	if (insp_rules_recording(&f, e)) return e->status;

	const char *reason = arena_printf(a, "Chứng cứ của cuộc thanh tra, kiểm tra %s", v.row.code);
	int64_t now = clock_now();
	bool held_now = false;
	if ((rc = db_begin(d, e))) return rc;
	rc = insp_repo_evidence_add(d, v.row.id, finding > 0 ? finding : 0, x.id, x.sha256, x.content_type, x.size,
	                            arena_printf(a, "recording:%lld", (long long)x.id), actor->id, now, e);
	if (!rc) rc = recordings_hold_in(d, &actor->ledger, &x, reason, a, &held_now, e);
	if (!rc) {
		char s[32], t[32];
		clock_iso_utc(x.started_at, s, sizeof s);
		clock_iso_utc(x.ended_at, t, sizeof t);
		json_t *p = json_pack("{s:I, s:I, s:s, s:s, s:I, s:I, s:s, s:s, s:s, s:b}", "recording", (json_int_t)x.id, "finding",
		                      (json_int_t)(finding > 0 ? finding : 0), "sha256", x.sha256, "content_type", x.content_type,
		                      "size", (json_int_t)x.size, "desk", (json_int_t)x.desk_id, "unit", x.unit_code, "started_at", s,
		                      "ended_at", t, "held", held_now);
		rc = ledger_append(d, &actor->ledger, v.row.unit_code, "inspection.recording_attached", v.row.code, p, NULL, e);
		json_decref(p);
	}
	return finish(d, rc, e);
}

int insp_recording_evidence_check(db *d, int64_t recording, arena *a, const char **ref, err *e)
{
	return insp_repo_recording_evidence_of(d, recording, a, ref, e);
}

/* --- the published summary --- */

int insp_published(db *d, int64_t before_at, int64_t before_id, int limit, arena *a, insp_public **out, int *n,
                   int64_t *next_at, int64_t *next_id, err *e)
{
	insp_row *rows;
	int m = 0;
	*n = 0;
	*next_at = *next_id = 0;
	int rc = insp_repo_published(d, before_at, before_id, limit + 1, a, &rows, &m, e);
	if (rc) return rc;
	if (m > limit) {
		m = limit;
		*next_at = rows[m - 1].concluded_at;
		*next_id = rows[m - 1].id;
	}
	*out = arena_alloc(a, sizeof **out * (size_t)(m ? m : 1));
	int64_t now = clock_now();
	for (int i = 0; i < m; i++) {
		insp_public *p = &(*out)[*n];
		memset(p, 0, sizeof *p);
		p->row = rows[i];
		insp_state st;
		if (insp_state_parse(rows[i].state, &st) || insp_kind_parse(rows[i].kind, &p->kind) ||
		    insp_body_parse(rows[i].body, &p->body) || !insp_rules_published(p->kind, st))
			continue;
		insp_target *tg;
		insp_finding *fs;
		insp_rec *rs;
		int nt = 0, nf = 0, nr = 0;
		if ((rc = insp_repo_targets(d, rows[i].id, a, &tg, &nt, e)) || (rc = insp_repo_findings(d, rows[i].id, a, &fs, &nf, e)) ||
		    (rc = insp_repo_recs(d, rows[i].id, a, &rs, &nr, e)))
			return rc;
		/* The names never published: those of the officials inspected and of those found at fault. */
		const char **names = arena_alloc(a, sizeof *names * (size_t)(2 * (nt + nf) + 1));
		int nn = 0;
		p->unit_codes = arena_alloc(a, sizeof *p->unit_codes * (size_t)(nt ? nt : 1));
		p->unit_names_vi = arena_alloc(a, sizeof *p->unit_names_vi * (size_t)(nt ? nt : 1));
		for (int k = 0; k < nt; k++) {
			if (tg[k].account_id) { names[nn++] = tg[k].name; names[nn++] = tg[k].login; }
			else if (!tg[k].desk_id) {
				p->unit_codes[p->nunits] = tg[k].unit_code;
				p->unit_names_vi[p->nunits++] = tg[k].unit_name_vi;
			}
		}
		for (int k = 0; k < nf; k++) {
			insp_severity sev;
			if (!insp_severity_parse(fs[k].severity, &sev)) p->findings[sev]++;
			p->nfindings++;
			if (fs[k].account_id) { names[nn++] = fs[k].name; names[nn++] = fs[k].login; }
		}
		p->row.title = insp_rules_public_text(a, rows[i].title, names, nn);
		p->row.conclusion = insp_rules_public_text(a, rows[i].conclusion, names, nn);
		p->recs = arena_alloc(a, sizeof *p->recs * (size_t)(nr ? nr : 1));
		for (int k = 0; k < nr; k++) {
			duty_row *items;
			int ni = 0;
			if ((rc = duty_of_source(d, "inspection_recommendation", rs[k].id, "inspection.recommendation", a, &items, &ni, e)))
				return rc;
			int32_t due_day = 0;
			int64_t due = cal_parse_date(rs[k].due_on, &due_day) ? 0 : cal_local(due_day + 1, 0) - 1;
			const duty_row *it = ni ? &items[ni - 1] : NULL;
			const char *unit_name = rs[k].unit_code;
			for (int j = 0; j < nt; j++)
				if (tg[j].unit_id == rs[k].unit_id && !tg[j].account_id && !tg[j].desk_id) unit_name = tg[j].unit_name_vi;
			p->recs[p->nrecs++] = (insp_public_rec){
				.unit_code = rs[k].unit_code, .unit_name_vi = unit_name, .text = insp_rules_public_text(a, rs[k].text, names, nn),
				.due_on = rs[k].due_on,
				.progress = insp_rules_progress(it ? duty_state_name(it->state) : NULL, it ? it->due_at : due,
				                                it ? it->closed_at : 0, now)};
		}
		(*n)++;
	}
	return 0;
}
