/* units.c — loading the reference tree and demo contacts; applying edits. */
#include <stdio.h>
#include <string.h>

#include "base/clock.h"
#include "base/csv.h"
#include "base/embed.h"
#include "base/log.h"
#include "base/text.h"
#include "units/repo.h"

int units_load_reference(db *d, err *e)
{
	const struct embedded_file *f = embed_find("data/units.csv");
	if (!f) return err_set(e, MB_EINTERNAL, "no_data", NULL, "Thiếu dữ liệu đơn vị.", "the units data is missing");
	arena a;
	arena_init(&a);
	csv_reader c;
	csv_init(&c, (const char *)f->data, f->size);
	const char *fl[CSV_MAX_FIELDS];
	int n, count = 0, rc = 0;
	/* code,parent_code,kind,name_vi,name_en,lat,lon (the position may be empty) */
	if (csv_next(&c, &a, fl) != 7 || strcmp(fl[0], "code") || strcmp(fl[5], "lat") || strcmp(fl[6], "lon")) {
		arena_free(&a);
		return err_set(e, MB_EINTERNAL, "bad_data", NULL, "Dữ liệu đơn vị sai định dạng.", "the units data is malformed");
	}
	while ((n = csv_next(&c, &a, fl)) != 0) {
		if (n != 7) {
			log_msg(LOG_ERROR, "units", "data/units.csv line %d: expected 7 fields", c.line);
			rc = err_set(e, MB_EINTERNAL, "bad_data", NULL, "Dữ liệu đơn vị sai định dạng.", "the units data is malformed");
			break;
		}
		char *fold = arena_printf(&a, "%s %s", text_fold_a(&a, fl[3]), text_fold_a(&a, fl[4]));
		if ((rc = units_repo_insert(d, fl[0], fl[1], fl[2], fl[3], fl[4], fold, e))) break;
		double lat = 0, lon = 0;
		bool located = *fl[5] && *fl[6];
		if (located && (text_parse_decimal(fl[5], -90, 90, &lat) || text_parse_decimal(fl[6], -180, 180, &lon))) {
			log_msg(LOG_ERROR, "units", "data/units.csv line %d: lat/lon are not WGS84 decimal degrees", c.line);
			rc = err_set(e, MB_EINTERNAL, "bad_data", NULL, "Dữ liệu đơn vị sai định dạng.", "the units data is malformed");
			break;
		}
		if (located && (rc = units_repo_set_position(d, fl[0], lat, lon, e))) break;
		json_t *p = json_pack("{s:s, s:s, s:s, s:s, s:s}", "code", fl[0], "parent", fl[1], "kind", fl[2],
		                      "name_vi", fl[3], "name_en", fl[4]);
		if (located) {   /* as written in the CSV: text keeps the event's canonical bytes exact */
			json_object_set_new(p, "lat", json_string(fl[5]));
			json_object_set_new(p, "lon", json_string(fl[6]));
		}
		rc = ledger_append(d, &ledger_system, fl[0], "unit.created", arena_printf(&a, "unit:%s", fl[0]), p, NULL, e);
		json_decref(p);
		if (rc) break;
		count++;
	}
	arena_free(&a);
	if (!rc) log_msg(LOG_INFO, "units", "loaded %d units", count);
	return rc;
}

int units_list(db *d, arena *a, units_row **out, int *n, err *e)
{
	return units_repo_list(d, NULL, a, out, n, e);
}

int units_get(db *d, const char *code, arena *a, units_row *out)
{
	return units_repo_get(d, code, a, out, NULL);
}

int units_apply_patch(db *d, const ledger_actor *by, const units_row *cur, const units_patch *p, err *e)
{
	char at[32];
	clock_iso_utc(clock_now(), at, sizeof at);
	if (units_repo_update(d, cur->id, p, false, at, by->role, e)) return MB_EINTERNAL;
	json_t *changes = json_object();
	for (int f = 0; f < UF__MAX; f++)
		if (p->v[f])
			json_object_set_new(changes, units_field_names[f],
			                    json_pack("{s:s, s:s}", "from", cur->v[f] ? cur->v[f] : "", "to", p->v[f]));
	json_t *payload = json_pack("{s:o}", "changes", changes);
	char subject[160];
	snprintf(subject, sizeof subject, "unit:%s", cur->code);
	int rc = ledger_append(d, by, cur->code, "unit.contacts_changed", subject, payload, NULL, e);
	json_decref(payload);
	return rc;
}

/* Demo contacts: plausible, and visibly marked as demo data on every page. */
int units_load_demo_contacts(db *d, err *e)
{
	static const char *const surnames[] = {"Nguyễn", "Trần", "Lò", "Cầm", "Quàng", "Hoàng", "Lường", "Đinh", "Vì", "Phạm"};
	static const char *const given[] = {"Văn Thắng", "Thị Hương", "Văn Đức", "Thị Mai", "Văn Hùng",
	                                    "Thị Lan", "Minh Tuấn", "Thị Ngọc", "Văn Bình", "Đức Anh", "Thị Thảo"};
	arena a;
	arena_init(&a);
	units_row *rows;
	int n, rc;
	if ((rc = units_repo_list(d, NULL, &a, &rows, &n, e))) { arena_free(&a); return rc; }
	char at[32];
	clock_iso_utc(clock_now(), at, sizeof at);
	for (int i = 0; i < n && !rc; i++) {
		units_row *u = &rows[i];
		units_patch p = {0};
		bool commune = !strcmp(u->kind, "commune") || !strcmp(u->kind, "ward");
		bool province = !strcmp(u->kind, "province");
		p.v[UF_HEAD_NAME] = arena_printf(&a, "%s %s", surnames[i % 10], given[(i * 7) % 11]);
		p.v[UF_HEAD_TITLE] = commune ? "Chủ tịch Ủy ban nhân dân" : province ? "Chủ tịch Ủy ban nhân dân tỉnh" :
		                     !strcmp(u->code, "thanh-tra-tinh") ? "Chánh Thanh tra tỉnh" :
		                     !strcmp(u->kind, "department") ? "Giám đốc" : "Thủ trưởng đơn vị";
		p.v[UF_PHONE] = arena_printf(&a, "0212 3%03d %03d", 100 + i, (i * 37) % 1000);
		p.v[UF_EMAIL] = arena_printf(&a, "%s@demo.minhbach.invalid", u->code);
		p.v[UF_HOTLINE] = arena_printf(&a, "0212 3%03d 999", 100 + i);
		p.v[UF_ADDRESS] = arena_printf(&a, "Trụ sở %s, tỉnh Sơn La", u->name_vi);
		p.v[UF_RECEPTION_SCHEDULE] = commune
			? "Thứ Năm hằng tuần, 7:30–11:00 (nếu trùng ngày nghỉ lễ thì chuyển sang ngày làm việc kế tiếp)"
			: "Ngày 15 hằng tháng, 8:00–11:00 (nếu trùng ngày nghỉ thì chuyển sang ngày làm việc kế tiếp)";
		p.v[UF_RECEPTION_PLACE] = arena_printf(&a, "Phòng tiếp công dân, %s", u->name_vi);
		if ((rc = units_repo_update(d, u->id, &p, true, at, "system", e))) break;
		json_t *pl = json_pack("{s:b}", "demo", 1);
		json_t *ch = json_object();
		for (int f = 0; f < UF__MAX; f++) json_object_set_new(ch, units_field_names[f], json_string(p.v[f]));
		json_object_set_new(pl, "contacts", ch);
		rc = ledger_append(d, &ledger_system, u->code, "unit.contacts_changed",
		                   arena_printf(&a, "unit:%s", u->code), pl, NULL, e);
		json_decref(pl);
	}
	arena_free(&a);
	return rc;
}

int units_head(db *d, const char *code, arena *a, const char **name, const char **title)
{
	units_row u;
	int rc = code && *code ? units_get(d, code, a, &u) : 0;
	*name = rc == 1 ? u.v[UF_HEAD_NAME] : "";
	*title = rc == 1 ? u.v[UF_HEAD_TITLE] : "";
	return rc == 1;
}

int units_demo_head(db *d, const char *code, const char *name, const char *title, err *e)
{
	arena a;
	arena_init(&a);
	units_row u;
	int rc = units_repo_get(d, code, &a, &u, e);
	if (rc == 1) {
		units_patch p = {0};
		p.v[UF_HEAD_NAME] = name;
		p.v[UF_HEAD_TITLE] = title;
		char at[32];
		clock_iso_utc(clock_now(), at, sizeof at);
		rc = units_repo_update(d, u.id, &p, true, at, "system", e);
		if (!rc) {
			json_t *pl = json_pack("{s:b, s:{s:s, s:s}}", "demo", 1, "contacts", "head_name", name, "head_title", title);
			rc = ledger_append(d, &ledger_system, code, "unit.contacts_changed", arena_printf(&a, "unit:%s", code), pl,
			                   NULL, e);
			json_decref(pl);
		}
	} else if (rc == 0) {
		rc = err_set(e, MB_EINVAL, "invalid_field", "unit", "Không có cơ quan, đơn vị này.", "no such unit");
	}
	arena_free(&a);
	return rc;
}
