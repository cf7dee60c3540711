/* holidays.c — loading the reference holidays, building a calendar from the
 * database, and the administrators' commands on holidays with their events. */
#include <string.h>

#include "base/clock.h"
#include "base/csv.h"
#include "base/embed.h"
#include "base/log.h"
#include "calendar/repo.h"

static const char REFERENCE[] = "data/holidays_vn.csv";

int calendar_load_reference(db *d, err *e)
{
	const struct embedded_file *f = embed_find(REFERENCE);
	if (!f) return err_set(e, MB_EINTERNAL, "no_data", NULL, "Thiếu dữ liệu ngày nghỉ lễ.", "the holidays data is missing");
	arena a;
	arena_init(&a);
	csv_reader c;
	csv_init(&c, (const char *)f->data, f->size);
	const char *fl[CSV_MAX_FIELDS];
	int n, count = 0, rc = 0;
	if (csv_next(&c, &a, fl) != 5 || strcmp(fl[0], "date") || strcmp(fl[3], "kind") || strcmp(fl[4], "status")) {
		arena_free(&a);
		return err_set(e, MB_EINTERNAL, "bad_data", NULL, "Dữ liệu ngày nghỉ lễ sai định dạng.",
		               "the holidays data is malformed");
	}
	while ((n = csv_next(&c, &a, fl)) != 0) {
		if (n != 5) {
			log_msg(LOG_ERROR, "calendar", "%s line %d: expected 5 fields", REFERENCE, c.line);
			rc = err_set(e, MB_EINTERNAL, "bad_data", NULL, "Dữ liệu ngày nghỉ lễ sai định dạng.",
			             "the holidays data is malformed");
			break;
		}
		holiday h = {.date = fl[0], .kind = fl[3], .name_vi = fl[1], .name_en = fl[2], .status = fl[4]};
		if ((rc = calendar_rules_validate(&h, e))) {
			log_msg(LOG_ERROR, "calendar", "%s line %d: %s: %s", REFERENCE, c.line, e->field ? e->field : "", e->en);
			break;
		}
		if ((rc = calendar_repo_holiday_insert(d, &h, e))) {
			log_msg(LOG_ERROR, "calendar", "%s line %d: %s", REFERENCE, c.line, e->en);
			break;
		}
		count++;
	}
	if (!rc) {
		json_t *p = json_pack("{s:i, s:s}", "count", count, "source", REFERENCE);
		rc = ledger_append(d, &ledger_system, "", "calendar.loaded", "holidays", p, NULL, e);
		json_decref(p);
	}
	arena_free(&a);
	if (!rc) log_msg(LOG_INFO, "calendar", "loaded %d holidays", count);
	return rc;
}

static int bad_rule_set(err *e)
{
	return err_set(e, MB_EINTERNAL, "bad_rule_set", NULL, "Bộ quy định trong cơ sở dữ liệu sai định dạng.",
	               "a rule set in the database is malformed");
}

int calendar_rule_set_by_id(db *d, int64_t id, rule_set *out, err *e)
{
	return calendar_repo_rule_set_by_id(d, id, out, e);
}

int calendar_ensure_reference(db *d, err *e)
{
	return db_ensure_loaded(d, calendar_repo_holiday_count, calendar_load_reference, e);
}

int calendar_load(db *d, const char *on_date, calendar *out, rule_set *rs, err *e)
{
	rule_set local;
	if (!rs) rs = &local;
	memset(out, 0, sizeof *out);
	if (cal_parse_date(on_date, NULL))
		return err_set(e, MB_EINVAL, "invalid_field", "date", "Ngày phải có dạng YYYY-MM-DD và là một ngày có thật.",
		               "the date must read YYYY-MM-DD and exist");
	int found = calendar_repo_rule_set_on(d, on_date, rs, e);
	if (found < 0) return found;
	if (!found)
		return err_set(e, MB_ENOTFOUND, "no_rule_set", "date", "Không có bộ quy định nào áp dụng cho ngày này.",
		               "no rule set is in force on that date");
	return calendar_load_rule_set(d, rs, out, e);
}

int calendar_load_rule_set(db *d, const rule_set *rs, calendar *out, err *e)
{
	memset(out, 0, sizeof *out);
	if (cal_init(out, rs->work_morning, rs->work_afternoon, NULL)) return bad_rule_set(e);
	arena a;
	arena_init(&a);
	holiday *rows;
	int n, rc = calendar_repo_holidays(d, 0, &a, &rows, &n, e);
	for (int i = 0; !rc && i < n; i++) {
		cal_day_kind k;
		if (cal_kind_parse(rows[i].kind, &k)) rc = bad_rule_set(e);
		else rc = cal_set(out, rows[i].date, k, e);   /* rows come by date: each one appends */
	}
	arena_free(&a);
	if (rc) cal_free(out);
	return rc;
}

/* {"kind", "name_vi", "name_en", "status"} of a row, for events. */
static json_t *row_json(const holiday *h)
{
	return json_pack("{s:s, s:s, s:s, s:s}", "kind", h->kind, "name_vi", h->name_vi, "name_en", h->name_en,
	                 "status", h->status);
}

static int not_found(err *e)
{
	return err_set(e, MB_ENOTFOUND, "not_found", "date", "Không có ngày này trong lịch nghỉ.",
	               "that day is not in the holidays table");
}

static int event(db *d, const ledger_actor *by, const char *type, const char *date, json_t *payload, arena *a, err *e)
{
	json_object_set_new(payload, "date", json_string(date));
	int rc = ledger_append(d, by, "", type, arena_printf(a, "holiday:%s", date), payload, NULL, e);
	json_decref(payload);
	return rc;
}

int calendar_holiday_put(db *d, const ledger_actor *by, const holiday *h, arena *a,
                         bool *created, bool *changed, err *e)
{
	*created = *changed = false;
	if (calendar_rules_validate(h, e)) return MB_EINVAL;
	holiday cur;
	int found = calendar_repo_holiday_get(d, h->date, a, &cur, e);
	if (found < 0) return found;
	if (found && !calendar_rules_differ(&cur, h)) return 0;   /* nothing changes: no event */
	char at[32];
	clock_iso_utc(clock_now(), at, sizeof at);
	if (calendar_repo_holiday_upsert(d, h, at, by->role, e)) return MB_EINTERNAL;
	*created = !found;
	*changed = true;
	json_t *p = json_pack("{s:o, s:o}", "from", found ? row_json(&cur) : json_null(), "to", row_json(h));
	return event(d, by, "holiday.changed", h->date, p, a, e);
}

int calendar_holiday_remove(db *d, const ledger_actor *by, const char *date, arena *a, holiday *removed, err *e)
{
	int found = calendar_repo_holiday_get(d, date, a, removed, e);
	if (found < 0) return found;
	if (!found) return not_found(e);
	if (calendar_repo_holiday_delete(d, date, e)) return MB_EINTERNAL;
	return event(d, by, "holiday.removed", date, json_pack("{s:o}", "from", row_json(removed)), a, e);
}

int calendar_holiday_confirm(db *d, const ledger_actor *by, const char *date, arena *a, bool *changed, err *e)
{
	*changed = false;
	holiday cur;
	int found = calendar_repo_holiday_get(d, date, a, &cur, e);
	if (found < 0) return found;
	if (!found) return not_found(e);
	if (!strcmp(cur.status, "confirmed")) return 0;
	char at[32];
	clock_iso_utc(clock_now(), at, sizeof at);
	if (calendar_repo_holiday_set_status(d, date, "confirmed", at, by->role, e)) return MB_EINTERNAL;
	*changed = true;
	return event(d, by, "holiday.confirmed", date, json_pack("{s:s, s:s}", "from", cur.status, "to", "confirmed"), a, e);
}
