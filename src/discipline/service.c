/* service.c — discipline cases: opening, the steps (each an obligation), the
 * decision's checks, the reference data, reads and the record section. */
#include <stdlib.h>
#include <string.h>

#include "base/clock.h"
#include "base/csv.h"
#include "base/embed.h"
#include "base/log.h"
#include "base/text.h"
#include "calendar/calendar_db.h"
#include "cases/cases.h"
#include "discipline/repo.h"
#include "duty/duty.h"
#include "ui/ui.h"
#include "web/html.h"
#include "web/i18n.h"

static int bad(err *e, const char *field, const char *vi, const char *en)
{
	return err_set(e, MB_EINVAL, "invalid_field", field, vi, en);
}

static int not_found(err *e)
{
	return err_set(e, MB_ENOTFOUND, "not_found", NULL, "Không có vụ việc kỷ luật này.", "no such discipline case");
}

static int load_periods(db *d, int64_t case_id, arena *a, discipline_period **out, int *n, err *e);

static int parse_day(const char *s, const char *field, int32_t *day, err *e)
{
	if (!s || cal_parse_date(s, day)) return bad(e, field, "Ngày phải có dạng YYYY-MM-DD.", "the date must be YYYY-MM-DD");
	return 0;
}

/* Who handles an official's discipline: the Provincial Inspectorate, the
 * home-affairs inspector, or a head whose unit is the official's or above it
 * (for a leader: strictly above, the appointing level). */
static bool may_handle(db *d, const auth_actor *a, int64_t unit_id, bool leader)
{
	if (!a) return false;
	if (a->role == ROLE_INSPECTOR || a->role == ROLE_HOME_AFFAIRS_INSPECTOR) return true;
	if (a->role != ROLE_UNIT_HEAD) return false;
	int64_t anc[32];
	int n = auth_unit_ancestors(d, unit_id, anc, 32);
	for (int i = leader ? 1 : 0; i < n; i++)
		if (anc[i] == a->unit_id) return true;
	return false;
}

bool discipline_may_act(db *d, const auth_actor *a, const discipline_row *x)
{
	return may_handle(d, a, x->unit_id, x->leader);
}

int discipline_forms_for(db *d, const char *regime, arena *a, discipline_form **out, int *n, err *e)
{
	char today[16];
	cal_format_date(cal_day_of(clock_now()), today, sizeof today);
	return discipline_repo_forms(d, regime, today, a, out, n, e);
}

/* Readers: those who handle it, and the official. */
static bool may_read(db *d, const auth_actor *a, const discipline_row *x)
{
	return a && (a->id == x->account_id || may_handle(d, a, x->unit_id, false));
}

/* The unit whose head answers for the steps: the official's unit, or the
 * unit above it for a leader (the appointing level). */
static int64_t owner_unit(db *d, int64_t unit_id, bool leader)
{
	int64_t anc[32];
	int n = auth_unit_ancestors(d, unit_id, anc, 32);
	return leader && n > 1 ? anc[1] : unit_id;
}

static int open_step_duty(db *d, const ledger_actor *by, discipline_row *x, discipline_step s, int64_t start, arena *a,
                          err *e)
{
	const char *kind = s == DSTEP_REVIEW ? (x->complex ? "discipline.review_complex" : "discipline.review")
	                 : s == DSTEP_COUNCIL ? (x->complex ? "discipline.council_complex" : "discipline.council")
	                                      : "discipline.decision";
	duty_new n = {.kind = kind, .source_type = "discipline", .source_id = x->id, .source_ref = x->code,
	              .owner_unit_id = owner_unit(d, x->unit_id, x->leader),
	              .title_vi = arena_printf(a, "%s: %s (%s)", discipline_step_label_vi(s), x->name, x->code),
	              /* The official's name is Vietnamese text: only in the Vietnamese title (the
	               * English pages show it beside, marked as Vietnamese). */
	              .title_en = arena_printf(a, "%s (discipline case %s, %s)",
	                                       s == DSTEP_REVIEW ? "Review meeting" : s == DSTEP_COUNCIL ? "Disciplinary council" : "Disciplinary decision",
	                                       x->code, x->login),
	              .start = start};
	return duty_open(d, by, &n, &x->duty_id, e);
}

static int event(db *d, const auth_actor *by, const discipline_row *x, const char *type, json_t *p, arena *a, err *e)
{
	json_object_set_new(p, "code", json_string(x->code));
	json_object_set_new(p, "official", json_string(x->login));
	json_object_set_new(p, "step", json_string(x->step));
	int rc = ledger_append(d, &by->ledger, auth_unit_code(d, x->unit_id, a), type, arena_printf(a, "discipline:%s", x->code), p,
	                       NULL, e);
	json_decref(p);
	return rc;
}

int discipline_open(db *d, const auth_actor *by, const discipline_new *in, arena *a, const char **code, err *e)
{
	int rc;
	/* Only the heads and the inspectors handle discipline: anyone else is
	 * refused before the input is read. */
	if (!by || (by->role != ROLE_UNIT_HEAD && by->role != ROLE_INSPECTOR && by->role != ROLE_HOME_AFFAIRS_INSPECTOR))
		return err_set(e, MB_EFORBIDDEN, "forbidden", NULL, "Bạn không có thẩm quyền xử lý kỷ luật.", "you may not handle discipline");
	auth_actor off;
	int found = in->official && *in->official ? auth_actor_load(d, in->official, a, &off, e) : 0;
	if (found < 0) return found;
	if (!found || off.role == ROLE_CITIZEN)
		return bad(e, "official", "Không có cán bộ với tên đăng nhập này.", "no official has this login");
	const char *regime = in->regime && *in->regime ? in->regime : "cong_chuc";
	if (!discipline_regime_ok(regime))
		return bad(e, "regime", "Đối tượng phải là cán bộ (can_bo), công chức (cong_chuc) hoặc viên chức (vien_chuc).",
		           "regime must be can_bo, cong_chuc or vien_chuc");
	int32_t violation, discovered, today = cal_day_of(clock_now());
	if ((rc = parse_day(in->violation_date, "violation_date", &violation, e)) ||
	    (rc = parse_day(in->discovered_date, "discovered_date", &discovered, e)))
		return rc;
	if (violation > today) return bad(e, "violation_date", "Ngày vi phạm không được sau hôm nay.", "the violation date is in the future");
	if (discovered < violation || discovered > today)
		return bad(e, "discovered_date", "Ngày phát hiện phải từ ngày vi phạm đến hôm nay.",
		           "the discovery date must be between the violation and today");
	if ((rc = text_check_field(in->summary, "summary", 4000, true, e))) return rc;
	int64_t source_id = in->source_id;
	const char *source_type = in->source_type && *in->source_type ? in->source_type : "case";
	if (!strcmp(source_type, "case")) {
		case_row c;
		int g = in->source_ref && *in->source_ref ? case_get(d, in->source_ref, a, &c, e) : 0;
		if (g < 0) return g;
		if (g == 0 || c.at_fault != 1)
			return bad(e, "source", "Hãy ghi mã đơn đã kết luận có sai phạm.", "give the code of a case concluded at fault");
		source_id = c.id;
	} else if (strlen(source_type) > 32 || source_id <= 0) {
		return bad(e, "source", "Thiếu nguồn của vụ việc (kết luận, kiến nghị).", "the source (a conclusion or finding) is missing");
	}
	const char *ground = in->no_limitation && *in->no_limitation ? in->no_limitation : NULL;
	if (ground) {
		char ts[16];
		cal_format_date(today, ts, sizeof ts);
		discipline_exclusion_kind *g;
		int ng = 0;
		if ((rc = discipline_repo_kinds(d, DL_NO_LIMITATION, ts, ground, a, &g, &ng, e))) return rc;
		if (!ng)
			return bad(e, "no_limitation", "Căn cứ không áp dụng thời hiệu không có trong danh sách đang có hiệu lực (Nghị định 172/2025/NĐ-CP Điều 5(4)).",
			           "no such ground without a limitation period is in force (Decree 172/2025 Art. 5(4))");
	}
	bool leader = off.role == ROLE_UNIT_HEAD;
	if (!may_handle(d, by, off.unit_id, leader))
		return err_set(e, MB_EFORBIDDEN, "forbidden", NULL, "Bạn không có thẩm quyền xử lý kỷ luật cán bộ này.",
		               "you may not handle this official's discipline");
	if (db_begin(d, e)) return MB_EINTERNAL;
	int64_t serial = 0;
	discipline_row x;
	memset(&x, 0, sizeof x);
	if ((rc = discipline_repo_next_serial(d, &serial, e))) goto fail;
	int y, m, dd;
	cal_ymd(today, &y, &m, &dd);
	x.code = arena_printf(a, "KL-%04d-%05lld", y, (long long)serial);
	x.account_id = off.id;
	x.login = off.login;
	x.name = off.display_name;
	x.unit_id = off.unit_id;
	x.regime = regime;
	x.leader = leader;
	x.source_type = source_type;
	x.source_id = source_id;
	x.source_ref = in->source_ref;
	x.violation_date = in->violation_date;
	x.discovered_date = in->discovered_date;
	x.complex = in->complex;
	x.summary = in->summary;
	x.no_limitation = ground;
	x.step = "review";
	x.opened_at = clock_now();
	x.opened_by = by->id;
	if ((rc = discipline_repo_insert(d, &x, &x.id, e))) goto fail;
	/* The handling limit runs from the discovery (noon of that day). */
	if ((rc = open_step_duty(d, &by->ledger, &x, DSTEP_REVIEW, cal_local(discovered, 12 * 60), a, e)) ||
	    (rc = discipline_repo_update(d, &x, e)))
		goto fail;
	json_t *p = json_pack("{s:s, s:b, s:s, s:I, s:s, s:s, s:b}", "regime", regime, "leader", leader, "source_type",
	                      source_type, "source_id", (json_int_t)source_id, "violation_date", x.violation_date,
	                      "discovered_date", x.discovered_date, "complex", x.complex);
	if (ground) json_object_set_new(p, "no_limitation", json_string(ground));
	if ((rc = event(d, by, &x, "discipline.opened", p, a, e))) goto fail;
	if (db_commit(d, e)) return MB_EINTERNAL;
	*code = x.code;
	return 0;
fail:
	db_rollback(d);
	return rc ? rc : MB_EINTERNAL;
}

int discipline_record_step(db *d, const auth_actor *by, const char *code, const discipline_step_in *in, arena *a, err *e)
{
	int rc;
	discipline_row x;
	if (db_begin(d, e)) return MB_EINTERNAL;
	rc = code && *code ? discipline_repo_get(d, code, a, &x, e) : 0;
	if (rc < 0) goto fail;
	if (rc == 0 || !may_read(d, by, &x)) { rc = not_found(e); goto fail; }
	if (!may_handle(d, by, x.unit_id, x.leader)) {
		rc = err_set(e, MB_EFORBIDDEN, "forbidden", NULL, "Bạn không có thẩm quyền xử lý kỷ luật cán bộ này.",
		             "you may not handle this official's discipline");
		goto fail;
	}
	discipline_step cur, asked;
	if (discipline_step_parse(x.step, &cur)) cur = DSTEP_REVIEW;
	if (!in->step || discipline_step_parse(in->step, &asked) || asked == DSTEP_DECIDED) {
		rc = bad(e, "step", "Bước phải là review, council hoặc decision.", "step must be review, council or decision");
		goto fail;
	}
	if ((rc = discipline_rules_step_ok(cur, asked, e))) goto fail;
	int32_t day, today = cal_day_of(clock_now()), discovered = 0, prev = 0;
	if ((rc = parse_day(in->date, "date", &day, e))) goto fail;
	cal_parse_date(x.discovered_date, &discovered);
	prev = discovered;
	if (*x.review_date) cal_parse_date(x.review_date, &prev);
	if (*x.council_date) cal_parse_date(x.council_date, &prev);
	if (day > today || day < prev) {
		rc = bad(e, "date", "Ngày của bước phải từ ngày của bước trước (hoặc ngày phát hiện) đến hôm nay.",
		         "the step's date must be between the previous step (or the discovery) and today");
		goto fail;
	}
	if ((rc = text_check_field(in->note, "note", 4000, asked != DSTEP_DECISION, e))) goto fail;
	json_t *p = json_pack("{s:s}", "date", in->date);
	const char *type = "discipline.step";
	if (asked == DSTEP_DECISION) {
		discipline_form f;
		int g = in->form && *in->form ? discipline_repo_form(d, x.regime, in->form, in->date, a, &f, e) : 0;
		if (g < 0) { rc = g; json_decref(p); goto fail; }
		if (g == 0) {
			rc = bad(e, "form", "Hình thức kỷ luật không có trong quy định đang có hiệu lực cho đối tượng này.",
			         "no such form of discipline is in force for this kind of official");
			json_decref(p);
			goto fail;
		}
		if ((rc = discipline_rules_form_allowed(&f, x.leader, e))) { json_decref(p); goto fail; }
		const char **others;
		int no = 0;
		if ((rc = discipline_repo_violations(d, x.account_id, x.id, a, &others, &no, e))) { json_decref(p); goto fail; }
		int32_t *od = arena_alloc(a, sizeof *od * (size_t)(no ? no : 1)), violation = 0;
		int k = 0;
		for (int i = 0; i < no; i++)
			if (!cal_parse_date(others[i], &od[k])) k++;
		cal_parse_date(x.violation_date, &violation);
		discipline_period *ex;
		int nex;
		if ((rc = load_periods(d, x.id, a, &ex, &nex, e))) { json_decref(p); goto fail; }
		/* Opened on a ground of Art. 5(4): no limitation period bars the decision. */
		int32_t end = *x.no_limitation ? INT32_MAX
		            : discipline_rules_limitation_end(violation, f.limitation_months, od, k, ex, nex, day);
		if ((rc = discipline_rules_in_time(day, end, e))) { json_decref(p); goto fail; }
		if ((rc = text_check_field(in->decision_ref, "decision_ref", 200, true, e)) ||
		    (rc = text_check_field(in->deciding_body, "deciding_body", 300, true, e))) {
			json_decref(p);
			goto fail;
		}
		x.form = f.form;
		x.decision_ref = in->decision_ref;
		x.deciding_body = in->deciding_body;
		x.decision_date = in->date;
		x.step = "decided";
		type = "discipline.decided";
		json_object_set_new(p, "form", json_string(f.form));
		json_object_set_new(p, "decision_ref", json_string(in->decision_ref));
		json_object_set_new(p, "deciding_body", json_string(in->deciding_body));
		char ends[16];
		if (end != INT32_MAX) {
			cal_format_date(end, ends, sizeof ends);
			json_object_set_new(p, "limitation_end", json_string(ends));
		}
		if (nex) json_object_set_new(p, "excluded_periods", json_integer(nex));
		if (*x.no_limitation) json_object_set_new(p, "no_limitation", json_string(x.no_limitation));
	} else if (asked == DSTEP_REVIEW) {
		x.review_date = in->date;
		x.step = "council";
	} else {
		x.council_date = in->date;
		x.step = "decision";
	}
	/* The step's obligation is done; the next one opens. */
	const char *note = in->note && *in->note ? in->note : arena_printf(a, "%s %s", discipline_step_label_vi(asked), in->date);
	if ((rc = duty_close_source(d, &by->ledger, "discipline", x.id, NULL, note, e))) { json_decref(p); goto fail; }
	x.duty_id = 0;
	if (asked != DSTEP_DECISION) {
		int64_t start = asked == DSTEP_REVIEW ? cal_local(discovered, 12 * 60) : cal_local(day, 17 * 60);
		if ((rc = open_step_duty(d, &by->ledger, &x, asked == DSTEP_REVIEW ? DSTEP_COUNCIL : DSTEP_DECISION, start, a, e))) {
			json_decref(p);
			goto fail;
		}
	}
	if ((rc = discipline_repo_update(d, &x, e))) { json_decref(p); goto fail; }
	if ((rc = event(d, by, &x, type, p, a, e))) goto fail;
	return db_commit(d, e) ? MB_EINTERNAL : 0;
fail:
	db_rollback(d);
	return rc ? rc : MB_EINTERNAL;
}

/* A case's excluded periods as the rule reads them. */
static int load_periods(db *d, int64_t case_id, arena *a, discipline_period **out, int *n, err *e)
{
	discipline_exclusion *rows;
	int nr = 0;
	*out = NULL;
	*n = 0;
	if (discipline_repo_exclusions(d, case_id, a, &rows, &nr, e)) return MB_EINTERNAL;
	discipline_period *p = arena_alloc(a, sizeof *p * (size_t)(nr ? nr : 1));
	int k = 0;
	for (int i = 0; i < nr; i++) {
		if (cal_parse_date(rows[i].start_date, &p[k].from)) continue;
		if (!*rows[i].end_date) p[k].to = DISCIPLINE_OPEN;
		else if (cal_parse_date(rows[i].end_date, &p[k].to)) continue;
		k++;
	}
	*out = p;
	*n = k;
	return 0;
}

/* The case for a command on its periods: readable (404 otherwise), handled
 * by the actor (403), not decided (409). Inside the caller's transaction. */
static int case_for_period(db *d, const auth_actor *by, const char *code, arena *a, discipline_row *x, err *e)
{
	int rc = code && *code ? discipline_repo_get(d, code, a, x, e) : 0;
	if (rc < 0) return rc;
	if (rc == 0 || !may_read(d, by, x)) return not_found(e);
	if (!may_handle(d, by, x->unit_id, x->leader))
		return err_set(e, MB_EFORBIDDEN, "forbidden", NULL, "Bạn không có thẩm quyền xử lý kỷ luật cán bộ này.",
		               "you may not handle this official's discipline");
	if (!strcmp(x->step, "decided"))
		return err_set(e, MB_ECONFLICT, "decided", "step", "Vụ việc đã có quyết định kỷ luật.", "the case is already decided");
	return 0;
}

enum { MAX_PERIODS = 50 };

int discipline_exclude(db *d, const auth_actor *by, const char *code, const discipline_exclusion_in *in, arena *a,
                       int64_t *id, err *e)
{
	discipline_row x;
	if (db_begin(d, e)) return MB_EINTERNAL;
	int rc = case_for_period(d, by, code, a, &x, e);
	if (rc) goto fail;
	int32_t today = cal_day_of(clock_now()), from, to = DISCIPLINE_OPEN, violation = 0;
	cal_parse_date(x.violation_date, &violation);
	discipline_exclusion_kind *k;
	int nk = 0;
	if ((rc = parse_day(in->start_date, "start_date", &from, e))) goto fail;
	bool open = !in->end_date || !*in->end_date;
	if (!open && (rc = parse_day(in->end_date, "end_date", &to, e))) goto fail;
	if ((rc = discipline_rules_period_ok(from, to, violation, today, e))) goto fail;
	/* The kind must be in the list in force today: the rule that computes the
	 * clock now (a period may lie years back, under an earlier decree). */
	char ts[16];
	cal_format_date(today, ts, sizeof ts);
	if (in->kind && *in->kind && (rc = discipline_repo_kinds(d, DL_EXCLUSION, ts, in->kind, a, &k, &nk, e))) goto fail;
	if (!nk) {
		rc = bad(e, "kind", "Loại thời gian không tính vào thời hiệu không có trong danh mục đang có hiệu lực.",
		         "no such kind of excluded period is in force");
		goto fail;
	}
	if ((rc = text_check_reason(in->reason, "reason", 2000, true, e))) goto fail;
	discipline_exclusion *have;
	int nh = 0;
	if ((rc = discipline_repo_exclusions(d, x.id, a, &have, &nh, e))) goto fail;
	if (nh >= MAX_PERIODS) {
		rc = err_set(e, MB_ECONFLICT, "too_many", "kind", "Vụ việc đã có quá nhiều giai đoạn không tính vào thời hiệu.",
		             "the case already has too many excluded periods");
		goto fail;
	}
	discipline_exclusion_in row = {.kind = k[0].kind, .start_date = in->start_date, .end_date = open ? NULL : in->end_date,
	                               .reason = in->reason};
	if ((rc = discipline_repo_exclusion_insert(d, x.id, &row, clock_now(), by->id, id, e))) goto fail;
	json_t *p = json_pack("{s:I, s:s, s:s, s:o, s:s}", "exclusion", (json_int_t)*id, "kind", k[0].kind, "start_date",
	                      in->start_date, "end_date", open ? json_null() : json_string(in->end_date), "reason", in->reason);
	if ((rc = event(d, by, &x, "discipline.excluded", p, a, e))) goto fail;
	return db_commit(d, e) ? MB_EINTERNAL : 0;
fail:
	db_rollback(d);
	return rc ? rc : MB_EINTERNAL;
}

int discipline_exclusion_end(db *d, const auth_actor *by, const char *code, int64_t id, const char *end_date, arena *a,
                             err *e)
{
	discipline_row x;
	if (db_begin(d, e)) return MB_EINTERNAL;
	int rc = case_for_period(d, by, code, a, &x, e);
	if (rc) goto fail;
	discipline_exclusion *have, *p = NULL;
	int nh = 0;
	if ((rc = discipline_repo_exclusions(d, x.id, a, &have, &nh, e))) goto fail;
	for (int i = 0; i < nh && !p; i++)
		if (have[i].id == id) p = &have[i];
	if (!p) {
		rc = err_set(e, MB_ENOTFOUND, "not_found", NULL, "Không có giai đoạn này trong vụ việc.", "no such period in this case");
		goto fail;
	}
	if (*p->end_date) {
		rc = err_set(e, MB_ECONFLICT, "ended", "end_date", "Giai đoạn này đã kết thúc.", "this period has already ended");
		goto fail;
	}
	int32_t from = 0, to, violation = 0, today = cal_day_of(clock_now());
	cal_parse_date(p->start_date, &from);
	cal_parse_date(x.violation_date, &violation);
	if ((rc = parse_day(end_date, "end_date", &to, e)) || (rc = discipline_rules_period_ok(from, to, violation, today, e)))
		goto fail;
	if ((rc = discipline_repo_exclusion_set_end(d, id, end_date, e))) goto fail;
	json_t *j = json_pack("{s:I, s:s, s:s, s:s}", "exclusion", (json_int_t)id, "kind", p->kind, "start_date", p->start_date,
	                      "end_date", end_date);
	if ((rc = event(d, by, &x, "discipline.exclusion_ended", j, a, e))) goto fail;
	return db_commit(d, e) ? MB_EINTERNAL : 0;
fail:
	db_rollback(d);
	return rc ? rc : MB_EINTERNAL;
}

int discipline_parse_exclusion_id(const char *s, int64_t *id, err *e)
{
	char *end;
	*id = s && *s ? strtoll(s, &end, 10) : 0;
	if (!s || !*s || *end || *id <= 0)
		return err_set(e, MB_ENOTFOUND, "not_found", NULL, "Không có giai đoạn này trong vụ việc.", "no such period in this case");
	return 0;
}

int discipline_kinds(db *d, discipline_list l, arena *a, discipline_exclusion_kind **out, int *n, err *e)
{
	char today[16];
	cal_format_date(cal_day_of(clock_now()), today, sizeof today);
	return discipline_repo_kinds(d, l, today, NULL, a, out, n, e);
}

static void computed(db *d, discipline_row *x, arena *a)
{
	discipline_limits l;
	err e2 = {0};
	int32_t disc;
	if (cal_parse_date(x->discovered_date, &disc) || discipline_repo_limits(d, x->discovered_date, &l, &e2) != 1) return;
	int32_t due = discipline_rules_handling_due(disc, x->complex, &l);
	char s[16];
	cal_format_date(due, s, sizeof s);
	x->handling_due = arena_strdup(a, s);
	x->warning = strcmp(x->step, "decided") ? discipline_rules_warning(cal_day_of(clock_now()), due, &l) : DW_NONE;
}

int discipline_get(db *d, const auth_actor *actor, const char *code, arena *a, discipline_row *out, err *e)
{
	int rc = code && *code ? discipline_repo_get(d, code, a, out, e) : 0;
	if (rc <= 0) return rc;
	if (!may_read(d, actor, out)) return 0;
	computed(d, out, a);
	if (discipline_repo_exclusions(d, out->id, a, &out->exclusions, &out->nexclusions, e)) return MB_EINTERNAL;
	discipline_period *p;
	int np;
	int32_t violation = 0, today = cal_day_of(clock_now());
	if (load_periods(d, out->id, a, &p, &np, e)) return MB_EINTERNAL;
	cal_parse_date(out->violation_date, &violation);
	out->excluded_days = discipline_rules_excluded_days(p, np, violation, today, today);
	return 1;
}

int discipline_of_official(db *d, int64_t account_id, arena *a, discipline_row **out, int *n, err *e)
{
	int rc = discipline_repo_of_account(d, account_id, a, out, n, e);
	for (int i = 0; !rc && i < *n; i++) computed(d, &(*out)[i], a);
	return rc;
}

/* --- the official's record --- */

static int record_hook(db *d, int64_t account_id, json_t *record, err *e)
{
	arena a;
	arena_init(&a);
	discipline_row *rows;
	int n = 0;
	int rc = discipline_of_official(d, account_id, &a, &rows, &n, e);
	if (!rc) {
		json_t *arr = json_array();
		for (int i = 0; i < n; i++) {
			const discipline_row *x = &rows[i];
			json_array_append_new(arr, json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "code", x->code, "step",
			                                     x->step, "violation_date", x->violation_date, "form", x->form, "form_name_vi",
			                                     x->form_name_vi, "decision_date", x->decision_date, "decision_ref",
			                                     x->decision_ref, "deciding_body", x->deciding_body, "source_type",
			                                     x->source_type));
		}
		json_object_set_new(record, "discipline", arr);
	}
	arena_free(&a);
	return rc;
}

int discipline_official_section(web_req *r, db *d, int64_t account_id, err *e)
{
	discipline_row *rows;
	int n = 0;
	if (discipline_of_official(d, account_id, r->a, &rows, &n, e)) return MB_EINTERNAL;
	H(r, "<section class=\"card\" id=\"discipline\"><h2>%s</h2>", web_t(r, "Kỷ luật"));
	if (!n) {
		H(r, "<p class=\"muted\">%s</p></section>", web_t(r, "Không có vụ việc kỷ luật nào."));
		return 0;
	}
	H(r, "<table class=\"list stack\"><thead><tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr></thead><tbody>",
	  web_t(r, "Vụ việc"), web_t(r, "Ngày vi phạm"), web_t(r, "Bước"), web_t(r, "Hình thức"), web_t(r, "Quyết định"));
	for (int i = 0; i < n; i++) {
		const discipline_row *x = &rows[i];
		discipline_step s;
		if (discipline_step_parse(x->step, &s)) s = DSTEP_REVIEW;
		H(r, "<tr><td data-label=\"%s\"><a href=\"/discipline/%u\"><code>%s</code></a></td><td data-label=\"%s\">%s</td><td data-label=\"%s\">%s</td>"
		     "<td data-label=\"%s\"%r>%s</td><td data-label=\"%s\"%r>%s %s %s</td></tr>",
		  web_t(r, "Vụ việc"), x->code, x->code, web_t(r, "Ngày vi phạm"), x->violation_date, web_t(r, "Bước"),
		  web_t(r, discipline_step_label_vi(s)), web_t(r, "Hình thức"), ui_vi(r), *x->form_name_vi ? x->form_name_vi : "—",
		  web_t(r, "Quyết định"), ui_vi(r), x->decision_ref, x->decision_date, x->deciding_body);
	}
	H(r, "</tbody></table></section>");
	return 0;
}

/* --- reference data --- */

static int bad_data(err *e, const char *file, int line)
{
	log_msg(LOG_ERROR, "discipline", "%s line %d: malformed", file, line);
	return err_set(e, MB_EINTERNAL, "bad_data", NULL, "Dữ liệu kỷ luật sai định dạng.", "the discipline data is malformed");
}

static bool date_ok(const char *s, bool empty_ok)
{
	int32_t day;
	return (empty_ok && (!s || !*s)) || (s && cal_parse_date(s, &day) == 0);
}

/* The files of the lists of kinds (discipline_list), and their first column's name. */
static const char *const KIND_FILES[DL__MAX] = {"data/discipline_exclusions.csv", "data/discipline_no_limitation.csv"};
static const char *const KIND_KEYS[DL__MAX] = {"kind", "ground"};
static const char *const KIND_SUBJECTS[DL__MAX] = {"discipline_exclusion_kinds", "discipline_no_limitation_grounds"};

/* One list's file into its table (the caller's transaction). */
static int load_kinds(db *d, discipline_list l, arena *a, int *n, err *e)
{
	const struct embedded_file *fx = embed_find(KIND_FILES[l]);
	if (!fx) return err_set(e, MB_EINTERNAL, "no_data", NULL, "Thiếu dữ liệu kỷ luật.", "the discipline data is missing");
	const char *f[CSV_MAX_FIELDS];
	csv_reader c;
	int rc = 0, k;
	*n = 0;
	csv_init(&c, (const char *)fx->data, fx->size);
	if (csv_next(&c, a, f) != 6 || strcmp(f[0], KIND_KEYS[l]) || strcmp(f[5], "source")) return bad_data(e, KIND_FILES[l], 1);
	while ((k = csv_next(&c, a, f)) != 0) {
		if (k != 6 || !*f[0] || strlen(f[0]) > 40 || !date_ok(f[1], false) || !date_ok(f[2], true) || !*f[3] || !*f[4] ||
		    !*f[5])
			return bad_data(e, KIND_FILES[l], c.line);
		if ((rc = discipline_repo_kind_insert(d, l, f[0], f[1], f[2], f[3], f[4], f[5], e))) return rc;
		(*n)++;
	}
	return 0;
}

int discipline_load_reference(db *d, err *e)
{
	static const char FORMS[] = "data/discipline_forms.csv", LIMITS[] = "data/discipline_limits.csv";
	const struct embedded_file *ff = embed_find(FORMS), *fl = embed_find(LIMITS);
	if (!ff || !fl) return err_set(e, MB_EINTERNAL, "no_data", NULL, "Thiếu dữ liệu kỷ luật.", "the discipline data is missing");
	arena a;
	arena_init(&a);
	const char *f[CSV_MAX_FIELDS];
	csv_reader c;
	int rc = 0, n, nforms = 0, nlimits = 0;
	csv_init(&c, (const char *)ff->data, ff->size);
	if (csv_next(&c, &a, f) != 10 || strcmp(f[0], "regime") || strcmp(f[5], "leaders_only")) rc = bad_data(e, FORMS, 1);
	while (!rc && (n = csv_next(&c, &a, f)) != 0) {
		char *end;
		long sev = n == 10 ? strtol(f[4], &end, 10) : -1, lim = n == 10 ? strtol(f[6], &end, 10) : -1;
		if (n != 10 || !discipline_regime_ok(f[0]) || !*f[1] || !date_ok(f[2], false) || !date_ok(f[3], true) || sev < 1 ||
		    sev > 10 || (strcmp(f[5], "0") && strcmp(f[5], "1")) || lim < 0 || lim > 1200 || !*f[7] || !*f[8] || !*f[9]) {
			rc = bad_data(e, FORMS, c.line);
			break;
		}
		discipline_form x = {.regime = f[0], .form = f[1], .valid_from = f[2], .valid_to = f[3], .name_vi = f[7],
		                     .name_en = f[8], .severity = (int)sev, .leaders_only = !strcmp(f[5], "1"),
		                     .limitation_months = (int)lim};
		if ((rc = discipline_repo_form_insert(d, &x, f[9], e))) break;
		nforms++;
	}
	csv_init(&c, (const char *)fl->data, fl->size);
	if (!rc && (csv_next(&c, &a, f) != 5 || strcmp(f[0], "param") || strcmp(f[3], "value"))) rc = bad_data(e, LIMITS, 1);
	while (!rc && (n = csv_next(&c, &a, f)) != 0) {
		char *end;
		long v = n == 5 ? strtol(f[3], &end, 10) : -1;
		if (n != 5 || !*f[0] || !date_ok(f[1], false) || !date_ok(f[2], true) || v < 0 || v > 3650 || !*f[4]) {
			rc = bad_data(e, LIMITS, c.line);
			break;
		}
		if ((rc = discipline_repo_limit_insert(d, f[0], f[1], f[2], (int)v, f[4], e))) break;
		nlimits++;
	}
	int nkinds = 0, ngrounds = 0;
	if (!rc) rc = load_kinds(d, DL_EXCLUSION, &a, &nkinds, e);
	if (!rc) rc = load_kinds(d, DL_NO_LIMITATION, &a, &ngrounds, e);
	if (!rc) {
		json_t *p = json_pack("{s:i, s:i, s:i, s:i, s:s, s:s, s:s, s:s}", "forms", nforms, "limits", nlimits,
		                      "exclusion_kinds", nkinds, "no_limitation_grounds", ngrounds, "forms_source", FORMS,
		                      "limits_source", LIMITS, "exclusions_source", KIND_FILES[DL_EXCLUSION],
		                      "no_limitation_source", KIND_FILES[DL_NO_LIMITATION]);
		rc = ledger_append(d, &ledger_system, "", "discipline.loaded", "discipline_forms", p, NULL, e);
		json_decref(p);
	}
	arena_free(&a);
	return rc;
}

/* A database made before a list's migration (sql/0043, sql/0044): that list alone, with its own event. */
static int load_list_reference(db *d, discipline_list l, err *e)
{
	arena a;
	arena_init(&a);
	int n = 0, rc = load_kinds(d, l, &a, &n, e);
	if (!rc) {
		json_t *p = json_pack("{s:i, s:s}", l == DL_EXCLUSION ? "exclusion_kinds" : "no_limitation_grounds", n,
		                      l == DL_EXCLUSION ? "exclusions_source" : "no_limitation_source", KIND_FILES[l]);
		rc = ledger_append(d, &ledger_system, "", "discipline.loaded", KIND_SUBJECTS[l], p, NULL, e);
		json_decref(p);
	}
	arena_free(&a);
	return rc;
}
static int load_exclusions_reference(db *d, err *e) { return load_list_reference(d, DL_EXCLUSION, e); }
static int load_no_limitation_reference(db *d, err *e) { return load_list_reference(d, DL_NO_LIMITATION, e); }

int discipline_ensure_reference(db *d, err *e)
{
	int rc = db_ensure_loaded(d, discipline_repo_count, discipline_load_reference, e);
	if (!rc) rc = db_ensure_loaded(d, discipline_repo_exclusion_kinds_count, load_exclusions_reference, e);
	return rc ? rc : db_ensure_loaded(d, discipline_repo_no_limitation_count, load_no_limitation_reference, e);
}

void discipline_record_install(void) { case_set_record_hook(record_hook); }

/* --- the demo --- */

int discipline_load_demo(db *d, err *e)
{
	arena a;
	arena_init(&a);
	const char *code = NULL;
	auth_actor head;
	int rc = discipline_repo_demo_case(d, "phuong-chieng-coi", &a, &code, e);
	if (rc == 1) rc = auth_actor_load(d, "truongphuong", &a, &head, e);
	if (rc != 1) { arena_free(&a); return rc < 0 ? rc : 0; }
	int32_t today = cal_day_of(clock_now());
	char v[16], disc[16], rev[16];
	cal_format_date(today - 30, v, sizeof v);
	cal_format_date(today - 20, disc, sizeof disc);
	cal_format_date(today - 6, rev, sizeof rev);
	discipline_new in = {.official = "motcua", .regime = "cong_chuc", .source_type = "case", .source_ref = code,
	                     .violation_date = v, .discovered_date = disc,
	                     .summary = "Yêu cầu người dân nộp giấy tờ ngoài thủ tục đã công bố, buộc đi lại nhiều lần (kết luận phản ánh)."};
	const char *k = NULL;
	rc = discipline_open(d, &head, &in, &a, &k, e);
	if (!rc) {
		discipline_step_in st = {.step = "review", .date = rev,
		                         .note = "Họp kiểm điểm tại UBND phường; công chức thừa nhận vi phạm, tập thể đề nghị xem xét kỷ luật."};
		rc = discipline_record_step(d, &head, k, &st, &a, e);
	}
	arena_free(&a);
	return rc;
}
