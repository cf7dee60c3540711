/* service.c — the commands of inspections of businesses (service.h). Each:
 * validate input → check permission → ask rules.c → write tables and ledger
 * events in ONE transaction. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/calendar.h"
#include "base/clock.h"
#include "base/csv.h"
#include "base/text.h"
#include "biz/service.h"
#include "db/files.h"
#include "duty/duty.h"
#include "web/html.h"
#include "dossier/dossier.h"
#include "units/units.h"

#include <sodium.h>

enum { NAME_MAX_CP = 300, TEXT_MAX_CP = 2000, BIG_TEXT_MAX_CP = 20000 };

const ledger_actor *biz_ledger_actor(const auth_actor *a) { return a ? &a->ledger : &ledger_system; }

void biz_today(char out[16]) { cal_format_date(cal_day_of(clock_now()), out, 16); }

static void now_iso(char at[32]) { clock_iso_utc(clock_now(), at, 32); }

static int bad(err *e, const char *field, const char *vi, const char *en)
{
	return err_set(e, MB_EINVAL, "invalid_field", field, vi, en);
}

static int forbidden(err *e, const char *vi, const char *en)
{
	return err_set(e, MB_EFORBIDDEN, "forbidden", NULL, vi, en);
}

static int not_found(err *e, const char *field)
{
	return err_set(e, MB_ENOTFOUND, "not_found", field, "Không tìm thấy.", "not found");
}

/* Who keeps the register: the administrator, the Inspectorate, heads of units. */
static bool registrar(const auth_actor *a)
{
	return a && (a->role == ROLE_ADMIN || a->role == ROLE_INSPECTOR || a->role == ROLE_UNIT_HEAD);
}

/* Who plans and carries out inspections and checks: the Inspectorate, and the
 * head of a department or agency (departments only check since Law 84/2025). */
static bool inspecting_body(db *d, const auth_actor *a, arena *ar)
{
	if (!a) return false;
	if (a->role == ROLE_INSPECTOR) return true;
	if (a->role != ROLE_UNIT_HEAD || !a->unit_code) return false;
	units_row u;
	if (units_get(d, a->unit_code, ar, &u) != 1) return false;
	return !strcmp(u.kind, "department") || !strcmp(u.kind, "agency");
}

bool biz_may_plan(db *d, const auth_actor *a, arena *ar) { return inspecting_body(d, a, ar); }

/* Run a body inside one transaction: rolled back on failure. */
#define TX(d, e, body) do { \
	if (db_begin((d), (e))) return MB_EINTERNAL; \
	int tx_rc_ = (body); \
	if (tx_rc_) { db_rollback(d); return tx_rc_; } \
	return db_commit((d), (e)); \
} while (0)

static int append(db *d, const auth_actor *by, const char *unit, const char *type, const char *subject, json_t *p, err *e)
{
	int rc = ledger_append(d, biz_ledger_actor(by), unit ? unit : "", type, subject, p, NULL, e);
	json_decref(p);
	return rc;
}

/* --- businesses --- */

static int check_business(db *d, const biz_business_in *in, arena *a, biz_business *b, char tax[15], err *e)
{
	memset(b, 0, sizeof *b);
	if (biz_tax_code_check(in->tax_code, tax, e)) return MB_EINVAL;
	b->tax_code = tax;
	if (biz_business_kind_check(in->kind))
		return bad(e, "kind", "Loại hình phải là enterprise (doanh nghiệp), household (hộ kinh doanh) hoặc individual (cá nhân kinh doanh).",
		           "kind must be enterprise, household or individual");
	b->kind = in->kind;
	if (text_check_field(in->name, "name", NAME_MAX_CP, true, e)) return MB_EINVAL;
	if (text_visible_count(in->name) < 2) return bad(e, "name", "Hãy nhập tên.", "the name is required");
	if (text_check_field(in->address, "address", NAME_MAX_CP, true, e)) return MB_EINVAL;
	if (text_visible_count(in->address) < 2) return bad(e, "address", "Hãy nhập địa chỉ.", "the address is required");
	if (text_check_field(in->lines, "lines", TEXT_MAX_CP, false, e)) return MB_EINVAL;
	b->name = in->name;
	b->address = in->address;
	b->lines = in->lines ? in->lines : "";
	units_row u;
	int rc = in->commune && *in->commune ? units_get(d, in->commune, a, &u) : 0;
	if (rc < 0) return err_set(e, MB_EINTERNAL, "db", NULL, "Lỗi cơ sở dữ liệu.", "database error");
	if (rc == 0 || (strcmp(u.kind, "commune") && strcmp(u.kind, "ward")))
		return bad(e, "commune", "Xã, phường không có trong danh mục đơn vị.", "no such commune or ward");
	b->unit_id = u.id;
	b->unit_code = u.code;
	b->unit_name_vi = u.name_vi;
	return 0;
}

static int put_business(db *d, const auth_actor *by, const biz_business *b, arena *a, bool *created, err *e)
{
	char at[32];
	now_iso(at);
	char *fold = arena_printf(a, "%s %s %s %s", b->tax_code, text_fold_a(a, b->name), text_fold_a(a, b->address),
	                          text_fold_a(a, b->lines));
	if (biz_repo_business_put(d, b, fold, at, created, e)) return MB_EINTERNAL;
	json_t *p = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "tax_code", b->tax_code, "kind", b->kind, "name", b->name,
	                      "address", b->address, "commune", b->unit_code, "lines", b->lines);
	return append(d, by, b->unit_code, *created ? "biz.registered" : "biz.changed",
	              arena_printf(a, "business:%s", b->tax_code), p, e);
}

int biz_register(db *d, const auth_actor *by, const biz_business_in *in, arena *a, biz_business *out, bool *created, err *e)
{
	char *tax = arena_alloc(a, 15);
	if (check_business(d, in, a, out, tax, e)) return MB_EINVAL;
	if (!registrar(by)) return forbidden(e, "Chỉ quản trị, Thanh tra tỉnh và thủ trưởng đơn vị được ghi sổ doanh nghiệp.",
	                                    "only the administrator, the Inspectorate and heads of units keep the register");
	TX(d, e, put_business(d, by, out, a, created, e));
}

static void reject(arena *a, biz_import_report *rep, int *cap, int line, const err *x)
{
	biz_import_line *l = arena_push(a, &rep->rejected, &rep->nrejected, cap, sizeof *rep->rejected);
	l->line = line;
	l->field = x->field;
	l->reason_vi = x->vi;
	l->reason_en = x->en;
}

static int header_index(const char **f, int n, const char *const names[], int nn, int idx[])
{
	for (int k = 0; k < nn; k++) {
		idx[k] = -1;
		for (int i = 0; i < n; i++)
			if (!strcmp(f[i], names[k])) idx[k] = i;
	}
	return 0;
}

int biz_import(db *d, const auth_actor *by, const char *csv, size_t n, arena *a, biz_import_report *rep, err *e)
{
	memset(rep, 0, sizeof *rep);
	if (!registrar(by)) return forbidden(e, "Chỉ quản trị, Thanh tra tỉnh và thủ trưởng đơn vị được ghi sổ doanh nghiệp.",
	                                    "only the administrator, the Inspectorate and heads of units keep the register");
	static const char *const cols[] = {"tax_code", "kind", "name", "address", "commune", "lines"};
	csv_reader c;
	csv_init(&c, csv, n);
	const char *f[CSV_MAX_FIELDS];
	int nf = csv_next(&c, a, f), idx[6], cap = 0;
	if (nf <= 0) return bad(e, "file", "Tệp CSV trống hoặc sai định dạng.", "the CSV file is empty or malformed");
	header_index(f, nf, cols, 6, idx);
	for (int k = 0; k < 5; k++)
		if (idx[k] < 0)
			return bad(e, "file", arena_printf(a, "Thiếu cột %s.", cols[k]), arena_printf(a, "the column %s is missing", cols[k]));
	biz_business *rows = NULL;
	int nrows = 0, rcap = 0;
	while ((nf = csv_next(&c, a, f)) != 0) {
		err x = {0};
		if (nf < 0) {
			bad(&x, NULL, "Dòng CSV sai định dạng.", "malformed CSV record");
			reject(a, rep, &cap, c.line, &x);
			break;
		}
		biz_business_in in;
		const char *v[6];
		for (int k = 0; k < 6; k++) v[k] = idx[k] >= 0 && idx[k] < nf ? f[idx[k]] : "";
		in = (biz_business_in){v[0], v[1], v[2], v[3], v[4], v[5]};
		biz_business *b = arena_push(a, &rows, &nrows, &rcap, sizeof *rows);
		char *tax = arena_alloc(a, 15);
		if (check_business(d, &in, a, b, tax, &x)) {
			reject(a, rep, &cap, c.line, &x);
			nrows--;
			continue;
		}
		for (int i = 0; i < nrows - 1; i++)
			if (!strcmp(rows[i].tax_code, b->tax_code)) {
				bad(&x, "tax_code", "Mã số thuế lặp lại trong tệp.", "the tax code is repeated in the file");
				reject(a, rep, &cap, c.line, &x);
				nrows--;
				break;
			}
	}
	if (rep->nrejected)
		return err_set(e, MB_EINVAL, "rows_rejected", "file",
		               arena_printf(a, "%d dòng không hợp lệ: không dòng nào được ghi.", rep->nrejected),
		               arena_printf(a, "%d rows rejected: nothing was written", rep->nrejected));
	if (db_begin(d, e)) return MB_EINTERNAL;
	int rc = 0;
	for (int i = 0; i < nrows && !rc; i++) {
		bool created;
		rc = put_business(d, by, &rows[i], a, &created, e);
		if (created) rep->created++;
		else rep->changed++;
	}
	if (rc) { db_rollback(d); return rc; }
	return db_commit(d, e);
}

/* --- plans and entries --- */

int biz_plan_open(db *d, const auth_actor *by, int year, arena *a, biz_plan *out, bool *created, err *e)
{
	if (year < 2025 || year > 2100) return bad(e, "year", "Năm kế hoạch không hợp lệ.", "invalid plan year");
	if (!inspecting_body(d, by, a))
		return forbidden(e, "Chỉ Thanh tra tỉnh và thủ trưởng sở, ngành lập kế hoạch thanh tra, kiểm tra.",
		                 "only the Inspectorate and heads of departments plan inspections and checks");
	int rc = biz_repo_plan_find(d, by->unit_id, year, a, out, e);
	if (rc < 0) return rc;
	*created = rc == 0;
	if (rc == 1) return 0;
	/* The body owes the plan by the year's deadline (data/biz_plan_deadlines.csv): an obligation (src/duty) that
	 * reminds it, escalates when late, and closes when the plan is submitted. */
	char deadline[16];
	int32_t dday = 0;
	if ((rc = biz_repo_deadline(d, year, deadline, e)) < 0) return rc;
	if (rc == 1 && cal_parse_date(deadline, &dday)) dday = 0;
	/* A plan opened after its deadline is owed at once: by the end of today, overdue (and escalated) after that. */
	int64_t due = dday ? cal_local(dday + 1, 0) - 1 : 0, start = clock_now();
	if (due && due <= start) due = cal_local(cal_day_of(start) + 1, 0) - 1;
	if (db_begin(d, e)) return MB_EINTERNAL;
	int64_t id, duty_id;
	rc = biz_repo_plan_insert(d, by->unit_id, year, &id, e);
	if (!rc) rc = append(d, by, by->unit_code, "biz.plan_opened", arena_printf(a, "biz_plan:%lld", (long long)id),
	                     json_pack("{s:i, s:s}", "year", year, "unit", by->unit_code), e);
	if (!rc)
		rc = duty_open(d, &by->ledger, &(duty_new){.kind = "biz.plan_submit", .source_type = "biz_plan", .source_id = id,
		               .source_ref = arena_printf(a, "%s-%d", by->unit_code, year), .owner_unit_id = by->unit_id,
		               .owner_account_id = by->id,
		               .title_vi = arena_printf(a, "Trình kế hoạch thanh tra, kiểm tra doanh nghiệp năm %d", year),
		               .title_en = arena_printf(a, "Submit the %d plan of inspections of businesses", year),
		               .start = start, .due_at = due}, &duty_id, e);
	if (rc) { db_rollback(d); return rc; }
	if ((rc = db_commit(d, e))) return rc;
	rc = biz_repo_plan_get(d, id, a, out, e);
	return rc == 1 ? 0 : rc < 0 ? rc : not_found(e, "plan");
}

static int load_ruleset(db *d, int year, biz_ruleset *rs, err *e)
{
	char date[16];
	snprintf(date, sizeof date, "%04d-12-31", year);
	int n, rc;
	memset(rs, 0, sizeof *rs);
	if ((rc = biz_repo_rule_number(d, "INS-1", date, &n, e)) < 0) return rc;
	if (rc == 1) rs->max_thanh_tra = n;
	if ((rc = biz_repo_rule_number(d, "INS-2", date, &n, e)) < 0) return rc;
	if (rc == 1) rs->max_kiem_tra = n;
	if ((rc = biz_repo_rule_number(d, "INS-3", date, &n, e)) < 0) return rc;
	rs->ins3 = rc == 1;
	if ((rc = biz_repo_rule_number(d, "INS-5", date, &n, e)) < 0) return rc;
	rs->ins5 = rc == 1;
	if ((rc = biz_repo_rule_number(d, "INS-7", date, &n, e)) < 0) return rc;
	rs->ins7 = rc == 1;
	return 0;
}

typedef struct check_cls {
	biz_check_stats *st;
	int year;
	bool have_rs;
	biz_ruleset rs;
} check_cls;

/* Reconciles the stored conflicts of a (tax code, year) with what the rules
 * find now: new ones open, open ones no longer found are gone, gone ones found
 * again reopen; a resolved one stays resolved. */
static int sync_key(db *d, const char *tax, int year, const biz_ruleset *rs, biz_check_stats *stats, err *e)
{
	arena a;
	arena_init(&a);
	biz_item *items;
	int n, rc = biz_repo_items(d, tax, year, &a, &items, &n, e);
	biz_conflict_row *old = NULL;
	int nold = 0;
	if (!rc) rc = biz_repo_conflicts_of(d, tax, year, &a, &old, &nold, e);
	if (rc) { arena_free(&a); return rc; }
	enum { MAXC = 256 };
	biz_conflict found[MAXC];
	int nf = n >= 2 ? biz_rules_conflicts(items, n, rs, found, MAXC) : 0;
	if (nf > MAXC) nf = MAXC;
	bool *kept = arena_alloc(&a, (size_t)(nold + 1));
	memset(kept, 0, (size_t)(nold + 1));
	char at[32];
	now_iso(at);
	for (int i = 0; i < nf && !rc; i++) {
		const biz_item *x = &items[found[i].a], *y = &items[found[i].b];
		int64_t ea = x->id, eb = y->audit ? 0 : y->id, au = y->audit ? y->id : 0;
		int k = -1;
		for (int j = 0; j < nold; j++)
			if (old[j].entry_a == ea && old[j].entry_b == eb && old[j].audit_id == au && !strcmp(old[j].rule_id, found[i].rule_id))
				k = j;
		if (k < 0) {
			rc = biz_repo_conflict_insert(d, tax, year, found[i].rule_id, ea, eb, au, at, e);
			if (stats) stats->found++;
		} else {
			kept[k] = true;
			if (!strcmp(old[k].state, "gone")) rc = biz_repo_conflict_set_state(d, old[k].id, "open", e);
		}
	}
	for (int j = 0; j < nold && !rc; j++)
		if (!kept[j] && !strcmp(old[j].state, "open")) {
			rc = biz_repo_conflict_set_state(d, old[j].id, "gone", e);
			if (stats) stats->gone++;
		}
	if (stats) stats->keys++;
	arena_free(&a);
	return rc;
}

int biz_check_key(db *d, const char *tax_code, int year, void *cls, err *e)
{
	check_cls *c = cls;
	biz_ruleset rs;
	if (c && c->have_rs && c->year == year) rs = c->rs;
	else {
		if (load_ruleset(d, year, &rs, e)) return MB_EINTERNAL;
		if (c) { c->rs = rs; c->year = year; c->have_rs = true; }
	}
	return sync_key(d, tax_code, year, &rs, c ? c->st : NULL, e);
}

int biz_check_all(db *d, const auth_actor *by, int year, biz_check_stats *st, err *e)
{
	memset(st, 0, sizeof *st);
	if (year < 2025 || year > 2100) return bad(e, "year", "Năm không hợp lệ.", "invalid year");
	int64_t t0 = clock_now_ms();
	check_cls c = {.st = st};
	if (db_begin(d, e)) return MB_EINTERNAL;
	int rc = biz_repo_each_key(d, year, biz_check_key, &c, e);
	if (!rc) rc = biz_repo_open_count(d, year, &st->open, e);
	st->ms = clock_now_ms() - t0;
	if (!rc)
	{
		char subj[32];
		snprintf(subj, sizeof subj, "biz_year:%d", year);
		rc = append(d, by, by ? by->unit_code : "", "biz.check_run", subj,
		            json_pack("{s:i, s:i, s:i, s:i, s:i}", "year", year, "keys", st->keys, "found", st->found, "gone",
		                      st->gone, "open", st->open), e);
	}
	if (rc) { db_rollback(d); return rc; }
	return db_commit(d, e);
}

/* Checks the fields common to a plan entry and an ad-hoc inspection. */
static int check_entry(db *d, const biz_entry_in *in, int year, arena *a, biz_entry *x, err *e)
{
	memset(x, 0, sizeof *x);
	char *tax = arena_alloc(a, 15);
	if (biz_tax_code_check(in->tax_code, tax, e)) return MB_EINVAL;
	x->tax_code = tax;
	biz_business b;
	int rc = biz_repo_business_get(d, tax, a, &b, e);
	if (rc < 0) return rc;
	if (rc == 0) return bad(e, "tax_code", "Mã số thuế chưa có trong sổ doanh nghiệp.", "the tax code is not in the register");
	x->business_name = b.name;
	if (biz_kind_parse(in->kind, &x->kind))
		return bad(e, "kind", "Hình thức phải là thanh_tra (thanh tra) hoặc kiem_tra (kiểm tra).", "kind must be thanh_tra or kiem_tra");
	char date[16];
	snprintf(date, sizeof date, "%04d-12-31", year);
	const char *svi;
	rc = in->subject ? biz_repo_subject(d, in->subject, date, a, &svi, e) : 0;
	if (rc < 0) return rc;
	if (rc == 0) return bad(e, "subject", "Lĩnh vực quản lý nhà nước không có trong danh mục.", "no such subject matter");
	x->subject = in->subject;
	x->subject_vi = svi;
	if (text_check_field(in->legal_basis, "legal_basis", TEXT_MAX_CP, true, e)) return MB_EINVAL;
	if (text_visible_count(in->legal_basis) < 4) return bad(e, "legal_basis", "Hãy ghi căn cứ pháp lý.", "the legal basis is required");
	x->legal_basis = in->legal_basis;
	if (text_check_field(in->team_lead, "team_lead", NAME_MAX_CP, true, e)) return MB_EINVAL;
	if (text_visible_count(in->team_lead) < 2) return bad(e, "team_lead", "Hãy ghi trưởng đoàn.", "the team lead is required");
	x->team_lead = in->team_lead;
	x->year = year;
	return 0;
}

static int count_entry(db *d, const biz_entry *x, int delta, err *e)
{
	return biz_repo_year_count(d, x->tax_code, x->year, x->kind, x->adhoc, delta, e);
}

static json_t *entry_payload(const biz_entry *x)
{
	json_t *p = json_pack("{s:s, s:i, s:s, s:s, s:s, s:s, s:i, s:s, s:b}", "code", x->code, "year", x->year, "tax_code",
	                      x->tax_code, "kind", biz_kind_name(x->kind), "subject", x->subject, "legal_basis", x->legal_basis,
	                      "months", x->months, "team_lead", x->team_lead, "adhoc", x->adhoc);
	if (x->adhoc) {
		/* json_object_update copies: the packed object is ours to release. */
		json_t *more = json_pack("{s:s, s:s, s:s, s:s, s:s}", "grounds", x->grounds, "decision_no", x->decision_no,
		                         "period_from", x->period_from, "period_to", x->period_to, "content", x->content);
		json_object_update(p, more);
		json_decref(more);
	}
	return p;
}

int biz_entry_add(db *d, const auth_actor *by, int64_t plan_id, const biz_entry_in *in, arena *a, biz_entry *out, err *e)
{
	biz_plan p;
	int rc = biz_repo_plan_get(d, plan_id, a, &p, e);
	if (rc < 0) return rc;
	if (rc == 0) return not_found(e, "plan");
	if (check_entry(d, in, p.year, a, out, e)) return MB_EINVAL;
	int months = biz_months_parse(in->months);
	if (months <= 0)
		return bad(e, "months", "Tháng dự kiến phải là các số 1–12, ví dụ \"3,4\" hoặc \"3-5\".",
		           "planned months are numbers 1-12, e.g. \"3,4\" or \"3-5\"");
	out->months = months;
	if (!by || by->unit_id != p.unit_id || !inspecting_body(d, by, a))
		return forbidden(e, "Chỉ đơn vị lập kế hoạch được thêm nội dung vào kế hoạch của mình.",
		                 "only the planning body adds entries to its own plan");
	if (!strcmp(p.state, "approved"))
		return err_set(e, MB_ECONFLICT, "plan_approved", "plan", "Kế hoạch đã được phê duyệt, không thể thêm.",
		               "the plan is approved: nothing can be added");
	out->plan_id = p.id;
	out->unit_id = p.unit_id;
	char at[32];
	now_iso(at);
	if (db_begin(d, e)) return MB_EINTERNAL;
	rc = biz_repo_entry_insert(d, out, at, a, e);
	if (!rc) rc = count_entry(d, out, 1, e);
	if (!rc) rc = biz_check_key(d, out->tax_code, out->year, NULL, e);
	if (!rc) rc = append(d, by, p.unit_code, "biz.entry_added", arena_printf(a, "biz_entry:%s", out->code), entry_payload(out), e);
	if (rc) { db_rollback(d); return rc; }
	if ((rc = db_commit(d, e))) return rc;
	rc = biz_repo_entry_get(d, out->id, a, out, e);
	return rc == 1 ? 0 : rc < 0 ? rc : not_found(e, "entry");
}

int biz_plan_submit(db *d, const auth_actor *by, int64_t plan_id, const char *late_reason, arena *a, biz_plan *out, err *e)
{
	int rc = biz_repo_plan_get(d, plan_id, a, out, e);
	if (rc < 0) return rc;
	if (rc == 0) return not_found(e, "plan");
	if (late_reason && !*late_reason) late_reason = NULL;
	if (text_check_reason(late_reason, "late_reason", TEXT_MAX_CP, false, e)) return MB_EINVAL;
	if (!by || by->unit_id != out->unit_id || !inspecting_body(d, by, a))
		return forbidden(e, "Chỉ đơn vị lập kế hoạch được trình kế hoạch của mình.", "only the planning body submits its plan");
	if (strcmp(out->state, "draft"))
		return err_set(e, MB_ECONFLICT, "plan_not_draft", "plan", "Kế hoạch đã được trình.", "the plan was already submitted");
	char deadline[16], today[16];
	rc = biz_repo_deadline(d, out->year, deadline, e);
	if (rc < 0) return rc;
	if (rc == 0)
		return err_set(e, MB_EINVAL, "no_deadline", "year", "Chưa có thời hạn trình kế hoạch của năm này trong dữ liệu.",
		               "no plan deadline for this year in the data");
	biz_today(today);
	bool late = biz_rules_late(today, deadline);
	if (late && !late_reason)
		return bad(e, "late_reason", arena_printf(a, "Đã quá hạn trình kế hoạch (%s): hãy ghi lý do trình muộn.", deadline),
		           arena_printf(a, "the plan deadline (%s) has passed: give the reason for the late submission", deadline));
	char at[32];
	now_iso(at);
	if (db_begin(d, e)) return MB_EINTERNAL;
	rc = biz_repo_plan_submit(d, plan_id, at, late ? late_reason : NULL, e);
	if (!rc) {
		json_t *pl = json_pack("{s:i, s:s, s:b, s:s}", "year", out->year, "deadline", deadline, "late", late, "unit", out->unit_code);
		if (late) json_object_set_new(pl, "late_reason", json_string(late_reason));
		rc = append(d, by, out->unit_code, "biz.plan_submitted", arena_printf(a, "biz_plan:%lld", (long long)plan_id), pl, e);
	}
	/* The plan is in: the body's obligation closes, and the Inspectorate owes its review (overlaps, approval). */
	if (!rc) rc = duty_close_source(d, &by->ledger, "biz_plan", plan_id, "biz.plan_submit", "Đã trình kế hoạch", e);
	if (!rc) {
		int64_t insp = 0, duty_id;
		if ((rc = auth_unit_id(d, "thanh-tra-tinh", &insp, e)) == 1)
			rc = duty_open(d, &by->ledger, &(duty_new){.kind = "biz.plan_review", .source_type = "biz_plan",
			               .source_id = plan_id, .source_ref = arena_printf(a, "%s-%d", out->unit_code, out->year),
			               .owner_unit_id = insp,
			               .title_vi = arena_printf(a, "Rà soát chồng chéo và phê duyệt kế hoạch năm %d của %s", out->year, out->unit_name_vi),
			               .title_en = arena_printf(a, "Review for overlaps and approve the %d plan of %s", out->year, out->unit_code),
			               .start = clock_now()}, &duty_id, e);
		else if (rc == 0) rc = 0;   /* no Inspectorate in this deployment */
	}
	if (rc) { db_rollback(d); return rc; }
	if ((rc = db_commit(d, e))) return rc;
	rc = biz_repo_plan_get(d, plan_id, a, out, e);
	return rc == 1 ? 0 : rc < 0 ? rc : not_found(e, "plan");
}

int biz_plan_approve(db *d, const auth_actor *by, int64_t plan_id, arena *a, biz_plan *out, err *e)
{
	int rc = biz_repo_plan_get(d, plan_id, a, out, e);
	if (rc < 0) return rc;
	if (rc == 0) return not_found(e, "plan");
	if (!by || by->role != ROLE_INSPECTOR)
		return forbidden(e, "Chỉ Thanh tra tỉnh phê duyệt kế hoạch.", "only the Inspectorate approves plans");
	if (strcmp(out->state, "submitted"))
		return err_set(e, MB_ECONFLICT, "plan_not_submitted", "plan", "Kế hoạch chưa được trình hoặc đã được phê duyệt.",
		               "the plan is not submitted, or already approved");
	if (db_begin(d, e)) return MB_EINTERNAL;
	/* The check runs again on every key of the plan inside the approval. */
	biz_entry *xs;
	int n;
	rc = biz_repo_entries_of_plan(d, plan_id, a, &xs, &n, e);
	for (int i = 0; i < n && !rc; i++) rc = biz_check_key(d, xs[i].tax_code, xs[i].year, NULL, e);
	if (!rc) {
		int open = biz_repo_plan_has_open(d, plan_id, e);
		if (open < 0) rc = open;
		else if (open)
			rc = err_set(e, MB_ECONFLICT, "open_conflicts", "plan",
			             "Kế hoạch còn chồng chéo chưa xử lý: hãy xử lý từng chồng chéo trước khi phê duyệt.",
			             "the plan still has unresolved overlaps: resolve each before approving");
	}
	char at[32];
	now_iso(at);
	if (!rc) rc = biz_repo_plan_approve(d, plan_id, at, by->id, e);
	if (!rc)
		rc = append(d, by, out->unit_code, "biz.plan_approved", arena_printf(a, "biz_plan:%lld", (long long)plan_id),
		            json_pack("{s:i, s:s, s:i}", "year", out->year, "unit", out->unit_code, "entries", n), e);
	if (!rc) rc = duty_close_source(d, &by->ledger, "biz_plan", plan_id, "biz.plan_review", "Đã phê duyệt kế hoạch", e);
	if (rc) { db_rollback(d); return rc; }
	if ((rc = db_commit(d, e))) return rc;
	rc = biz_repo_plan_get(d, plan_id, a, out, e);
	return rc == 1 ? 0 : rc < 0 ? rc : not_found(e, "plan");
}

int biz_conflict_resolve(db *d, const auth_actor *by, int64_t id, const char *resolution, const char *target,
                         const char *justification, arena *a, biz_conflict_row *out, err *e)
{
	biz_resolution r;
	if (biz_resolution_parse(resolution, &r))
		return bad(e, "resolution", "Cách xử lý phải là joint (gộp), move (chuyển năm sau), drop (bỏ) hoặc keep (giữ, có giải trình).",
		           "resolution must be joint, move, drop or keep");
	if (justification && !*justification) justification = NULL;
	if (text_check_reason(justification, "justification", TEXT_MAX_CP, r == BIZ_R_KEEP, e)) return MB_EINVAL;
	if (target && *target && strcmp(target, "a") && strcmp(target, "b"))
		return bad(e, "target", "Nội dung được xử lý phải là a hoặc b.", "target must be a or b");
	int rc = biz_repo_conflict_get(d, id, a, out, e);
	if (rc < 0) return rc;
	if (rc == 0) return not_found(e, "conflict");
	if (!by || by->role != ROLE_INSPECTOR)
		return forbidden(e, "Chỉ Thanh tra tỉnh xử lý chồng chéo.", "only the Inspectorate resolves overlaps");
	if (strcmp(out->state, "open"))
		return err_set(e, MB_ECONFLICT, "conflict_closed", NULL, "Chồng chéo này đã được xử lý hoặc không còn.",
		               "this overlap is already resolved or gone");
	if (biz_rules_resolution_ok(r, out->audit_id != 0, e)) return MB_EINVAL;
	/* The entry acted on: b (the later) unless told a; with the State Audit, the entry. */
	bool on_a = out->audit_id || (target && !strcmp(target, "a"));
	int64_t tid = on_a ? out->entry_a : out->entry_b, other = on_a ? out->entry_b : out->entry_a;
	biz_entry t;
	rc = biz_repo_entry_get(d, tid, a, &t, e);
	if (rc < 0) return rc;
	if (rc == 0) return not_found(e, "entry");
	if (r != BIZ_R_KEEP && strcmp(t.state, "planned"))
		return err_set(e, MB_ECONFLICT, "entry_started", "target", "Cuộc thanh tra, kiểm tra này đã bắt đầu: chỉ có thể giữ, có giải trình.",
		               "this inspection has started: it can only be kept, with a justification");
	char at[32];
	now_iso(at);
	if (db_begin(d, e)) return MB_EINTERNAL;
	rc = biz_repo_conflict_resolve(d, id, biz_resolution_name(r), justification, by->id, at, e);
	if (!rc && r != BIZ_R_KEEP) {
		const char *state = r == BIZ_R_JOINT ? "joined" : r == BIZ_R_MOVE ? "moved" : "dropped";
		rc = biz_repo_entry_state(d, tid, state, r == BIZ_R_JOINT ? other : 0, e);
		if (!rc) rc = count_entry(d, &t, -1, e);
		if (!rc && r == BIZ_R_MOVE) {
			/* Moved: the same entry in the next year's plan of the same body, as a draft entry there. */
			biz_plan np;
			int64_t npid = 0;
			int f = biz_repo_plan_find(d, t.unit_id, t.year + 1, a, &np, e);
			if (f < 0) rc = f;
			else if (f == 1) npid = np.id;
			else rc = biz_repo_plan_insert(d, t.unit_id, t.year + 1, &npid, e);
			if (!rc) {
				biz_entry m = t;
				m.id = 0;
				m.plan_id = npid;
				m.year = t.year + 1;
				rc = biz_repo_entry_insert(d, &m, at, a, e);
				if (!rc) rc = count_entry(d, &m, 1, e);
				if (!rc) rc = biz_check_key(d, m.tax_code, m.year, NULL, e);
				if (!rc)
					rc = append(d, by, t.unit_code, "biz.entry_added", arena_printf(a, "biz_entry:%s", m.code),
					            json_pack("{s:s, s:s, s:i}", "moved_from", t.code, "code", m.code, "year", m.year), e);
			}
		}
	}
	if (!rc) rc = biz_check_key(d, out->tax_code, out->year, NULL, e);
	if (!rc) {
		json_t *pl = json_pack("{s:I, s:s, s:s, s:s, s:i, s:s}", "conflict", (json_int_t)id, "rule", out->rule_id,
		                       "resolution", biz_resolution_name(r), "entry", t.code, "year", out->year, "tax_code", out->tax_code);
		if (justification) json_object_set_new(pl, "justification", json_string(justification));
		rc = append(d, by, t.unit_code, "biz.conflict_resolved", arena_printf(a, "biz_conflict:%lld", (long long)id), pl, e);
	}
	if (rc) { db_rollback(d); return rc; }
	if ((rc = db_commit(d, e))) return rc;
	rc = biz_repo_conflict_get(d, id, a, out, e);
	return rc == 1 ? 0 : rc < 0 ? rc : not_found(e, "conflict");
}

int biz_audit_import(db *d, const auth_actor *by, const char *csv, size_t n, arena *a, biz_import_report *rep, err *e)
{
	memset(rep, 0, sizeof *rep);
	if (!by || by->role != ROLE_INSPECTOR)
		return forbidden(e, "Chỉ Thanh tra tỉnh nhập kế hoạch kiểm toán.", "only the Inspectorate imports the State Audit plan");
	static const char *const cols[] = {"tax_code", "year", "subject", "months", "note"};
	csv_reader c;
	csv_init(&c, csv, n);
	const char *f[CSV_MAX_FIELDS];
	int nf = csv_next(&c, a, f), idx[5], cap = 0;
	if (nf <= 0) return bad(e, "file", "Tệp CSV trống hoặc sai định dạng.", "the CSV file is empty or malformed");
	header_index(f, nf, cols, 5, idx);
	for (int k = 0; k < 4; k++)
		if (idx[k] < 0)
			return bad(e, "file", arena_printf(a, "Thiếu cột %s.", cols[k]), arena_printf(a, "the column %s is missing", cols[k]));
	typedef struct { const char *tax, *subject, *note; int year, months; } arow;
	arow *rows = NULL;
	int nrows = 0, rcap = 0;
	while ((nf = csv_next(&c, a, f)) != 0) {
		err x = {0};
		if (nf < 0) {
			bad(&x, NULL, "Dòng CSV sai định dạng.", "malformed CSV record");
			reject(a, rep, &cap, c.line, &x);
			break;
		}
		const char *v[5];
		for (int k = 0; k < 5; k++) v[k] = idx[k] >= 0 && idx[k] < nf ? f[idx[k]] : "";
		char *tax = arena_alloc(a, 15);
		char *end;
		long y = strtol(v[1], &end, 10);
		int months = biz_months_parse(v[3]);
		const char *svi;
		int sr = 0;
		if (biz_tax_code_check(v[0], tax, &x)) { reject(a, rep, &cap, c.line, &x); continue; }
		if (!*v[1] || *end || y < 2017 || y > 2100) {
			bad(&x, "year", "Năm không hợp lệ.", "invalid year");
			reject(a, rep, &cap, c.line, &x);
			continue;
		}
		char date[16];
		snprintf(date, sizeof date, "%04ld-12-31", y);
		if ((sr = biz_repo_subject(d, v[2], date, a, &svi, e)) < 0) return sr;
		if (!sr) {
			bad(&x, "subject", "Lĩnh vực không có trong danh mục.", "no such subject matter");
			reject(a, rep, &cap, c.line, &x);
			continue;
		}
		if (months <= 0) {
			bad(&x, "months", "Tháng phải là các số 1–12.", "months are numbers 1-12");
			reject(a, rep, &cap, c.line, &x);
			continue;
		}
		arow *r = arena_push(a, &rows, &nrows, &rcap, sizeof *rows);
		*r = (arow){tax, v[2], v[4], (int)y, months};
	}
	if (rep->nrejected)
		return err_set(e, MB_EINVAL, "rows_rejected", "file",
		               arena_printf(a, "%d dòng không hợp lệ: không dòng nào được ghi.", rep->nrejected),
		               arena_printf(a, "%d rows rejected: nothing was written", rep->nrejected));
	if (db_begin(d, e)) return MB_EINTERNAL;
	int rc = 0;
	for (int i = 0; i < nrows && !rc; i++) rc = biz_repo_audit_put(d, rows[i].tax, rows[i].year, rows[i].subject, rows[i].months, rows[i].note, e);
	for (int i = 0; i < nrows && !rc; i++) rc = biz_check_key(d, rows[i].tax, rows[i].year, NULL, e);
	if (!rc) {
		unsigned char h[32];
		char hex[65];
		crypto_hash_sha256(h, (const unsigned char *)csv, n);
		sodium_bin2hex(hex, sizeof hex, h, sizeof h);
		rc = append(d, by, by->unit_code, "biz.state_audit_imported", "biz_state_audit",
		            json_pack("{s:i, s:s}", "rows", nrows, "sha256", hex), e);
	}
	rep->created = nrows;
	if (rc) { db_rollback(d); return rc; }
	return db_commit(d, e);
}

/* --- ad-hoc inspections --- */

/* The year of a valid YYYY-MM-DD date. */
static int atoi_safe_year(const char *date)
{
	return (date[0] - '0') * 1000 + (date[1] - '0') * 100 + (date[2] - '0') * 10 + (date[3] - '0');
}

static int check_date(const char *v, const char *field, err *e)
{
	int32_t day;
	if (!v || !*v) return bad(e, field, "Hãy nhập ngày (YYYY-MM-DD).", "the date is required (YYYY-MM-DD)");
	if (cal_parse_date(v, &day)) return bad(e, field, "Ngày phải có dạng YYYY-MM-DD.", "a date must be YYYY-MM-DD");
	return 0;
}

int biz_adhoc(db *d, const auth_actor *by, const biz_entry_in *in, arena *a, biz_entry *out, err *e)
{
	/* Grounds first: without the clear signs of violation there is no ad-hoc inspection (INS-6). */
	if (!in->grounds || !*in->grounds)
		return bad(e, "grounds", "Thanh tra, kiểm tra đột xuất phải ghi rõ dấu hiệu vi phạm rõ ràng.",
		           "an ad-hoc inspection needs the recorded grounds: clear signs of violation");
	if (text_check_reason(in->grounds, "grounds", TEXT_MAX_CP, true, e)) return MB_EINVAL;
	if (text_check_field(in->decision_no, "decision_no", 100, true, e)) return MB_EINVAL;
	if (!in->decision_no || text_visible_count(in->decision_no) < 2)
		return bad(e, "decision_no", "Hãy ghi số quyết định thanh tra, kiểm tra.", "the decision number is required");
	if (check_date(in->decision_date, "decision_date", e) || check_date(in->period_from, "period_from", e) ||
	    check_date(in->period_to, "period_to", e))
		return MB_EINVAL;
	if (strcmp(in->period_from, in->period_to) > 0)
		return bad(e, "period_to", "Kỳ thanh tra, kiểm tra kết thúc trước khi bắt đầu.", "the period ends before it starts");
	if (text_check_field(in->content, "content", TEXT_MAX_CP, true, e)) return MB_EINVAL;
	if (text_visible_count(in->content) < 4) return bad(e, "content", "Hãy ghi nội dung thanh tra, kiểm tra.", "the content is required");
	int year = atoi_safe_year(in->decision_date);
	if (check_entry(d, in, year, a, out, e)) return MB_EINVAL;
	int months = in->months && *in->months ? biz_months_parse(in->months) : 0;
	if (months < 0) return bad(e, "months", "Tháng phải là các số 1–12.", "months are numbers 1-12");
	if (!months) {
		int m = (in->decision_date[5] - '0') * 10 + (in->decision_date[6] - '0');
		months = 1 << (m - 1);
	}
	out->months = months;
	if (!inspecting_body(d, by, a))
		return forbidden(e, "Chỉ Thanh tra tỉnh và thủ trưởng sở, ngành ra quyết định thanh tra, kiểm tra.",
		                 "only the Inspectorate and heads of departments decide inspections and checks");
	out->adhoc = true;
	out->unit_id = by->unit_id;
	out->grounds = in->grounds;
	out->decision_no = in->decision_no;
	out->period_from = in->period_from;
	out->period_to = in->period_to;
	out->content = in->content;
	char at[32];
	now_iso(at);
	if (db_begin(d, e)) return MB_EINTERNAL;
	int rc = biz_repo_entry_insert(d, out, at, a, e);
	if (!rc) rc = count_entry(d, out, 1, e);
	if (!rc) rc = biz_repo_flag(d, out->id, "adhoc", at, in->decision_no, e);
	if (!rc) rc = biz_check_key(d, out->tax_code, out->year, NULL, e);
	if (!rc) {
		json_t *p = entry_payload(out);
		json_object_set_new(p, "decision_date", json_string(in->decision_date));
		json_object_set_new(p, "flagged_to", json_string("thanh-tra-tinh"));
		rc = append(d, by, by->unit_code, "biz.adhoc_decided", arena_printf(a, "biz_entry:%s", out->code), p, e);
	}
	/* The Inspectorate's follow-up of the ad-hoc inspection, flagged to it at once (src/duty). */
	if (!rc) {
		int64_t insp = 0, duty_id;
		if ((rc = auth_unit_id(d, "thanh-tra-tinh", &insp, e)) == 1)
			rc = duty_open(d, &by->ledger, &(duty_new){.kind = "biz.adhoc_review", .source_type = "biz_entry",
			               .source_id = out->id, .source_ref = out->code, .owner_unit_id = insp,
			               .title_vi = arena_printf(a, "Xem xét cuộc thanh tra, kiểm tra đột xuất %s", out->code),
			               .title_en = arena_printf(a, "Review the ad-hoc inspection %s", out->code),
			               .start = clock_now()}, &duty_id, e);
		else if (rc == 0) rc = 0;   /* no Inspectorate in this deployment: the flag alone */
	}
	if (rc) { db_rollback(d); return rc; }
	if ((rc = db_commit(d, e))) return rc;
	rc = biz_repo_entry_get(d, out->id, a, out, e);
	return rc == 1 ? 0 : rc < 0 ? rc : not_found(e, "entry");
}

static int own_entry(db *d, const auth_actor *by, const char *code, arena *a, biz_entry *out, err *e)
{
	int rc = code ? biz_repo_entry_by_code(d, code, a, out, e) : 0;
	if (rc < 0) return rc;
	if (rc == 0) return not_found(e, "code");
	if (!by || by->unit_id != out->unit_id || !inspecting_body(d, by, a))
		return forbidden(e, "Chỉ đơn vị thực hiện cuộc thanh tra, kiểm tra được ghi việc này.",
		                 "only the body carrying out the inspection records this");
	return 0;
}

int biz_scope_change(db *d, const auth_actor *by, const char *code, const biz_scope *next, arena *a, biz_entry *out, err *e)
{
	if (next->period_from && check_date(next->period_from, "period_from", e)) return MB_EINVAL;
	if (next->period_to && check_date(next->period_to, "period_to", e)) return MB_EINVAL;
	if (text_check_field(next->content, "content", TEXT_MAX_CP, false, e)) return MB_EINVAL;
	if (text_check_field(next->subject, "subject", 100, false, e)) return MB_EINVAL;
	int rc = own_entry(d, by, code, a, out, e);
	if (rc) return rc;
	if (!out->adhoc)
		return err_set(e, MB_ECONFLICT, "not_adhoc", "code", "Chỉ phạm vi của cuộc đột xuất được ghi ở đây.",
		               "only an ad-hoc inspection's scope is recorded here");
	biz_scope cur = {out->subject, out->period_from, out->period_to, out->content};
	char at[32];
	now_iso(at);
	bool widens = biz_rules_scope_widens(&cur, next);
	json_t *p = json_pack("{s:{s:s, s:s, s:s, s:s}}", "decided", "subject", cur.subject, "period_from", cur.period_from,
	                      "period_to", cur.period_to, "content", cur.content);
	json_t *asked = json_object();
	if (next->subject) json_object_set_new(asked, "subject", json_string(next->subject));
	if (next->period_from) json_object_set_new(asked, "period_from", json_string(next->period_from));
	if (next->period_to) json_object_set_new(asked, "period_to", json_string(next->period_to));
	if (next->content) json_object_set_new(asked, "content", json_string(next->content));
	json_object_set_new(p, "asked", asked);
	if (db_begin(d, e)) { json_decref(p); return MB_EINTERNAL; }
	if (widens) {
		/* Refused, and the attempt recorded (INS-6): its own transaction commits. */
		rc = biz_repo_flag(d, out->id, "widening_refused", at, "", e);
		if (!rc) rc = append(d, by, out->unit_code, "biz.scope_widening_refused", arena_printf(a, "biz_entry:%s", out->code), p, e);
		else json_decref(p);
		if (rc) { db_rollback(d); return rc; }
		if ((rc = db_commit(d, e))) return rc;
		return err_set(e, MB_ECONFLICT, "scope_fixed", "scope",
		               "Phạm vi (lĩnh vực, thời kỳ, nội dung) đã cố định trong quyết định: không được mở rộng. Lần yêu cầu này đã được ghi lại và báo Thanh tra tỉnh.",
		               "the scope (subject, period, content) is fixed by the decision and cannot be widened; this attempt was recorded and flagged to the Inspectorate");
	}
	biz_scope nx = {cur.subject, next->period_from ? next->period_from : cur.period_from,
	                next->period_to ? next->period_to : cur.period_to, cur.content};
	if (strcmp(nx.period_from, nx.period_to) > 0) {
		db_rollback(d);
		json_decref(p);
		return bad(e, "period_to", "Kỳ kết thúc trước khi bắt đầu.", "the period ends before it starts");
	}
	rc = biz_repo_entry_scope(d, out->id, &nx, e);
	if (!rc) rc = append(d, by, out->unit_code, "biz.scope_narrowed", arena_printf(a, "biz_entry:%s", out->code), p, e);
	else json_decref(p);
	if (rc) { db_rollback(d); return rc; }
	if ((rc = db_commit(d, e))) return rc;
	rc = biz_repo_entry_get(d, out->id, a, out, e);
	return rc == 1 ? 0 : rc < 0 ? rc : not_found(e, "entry");
}

/* --- execution --- */

int biz_start(db *d, const auth_actor *by, const char *code, const char *date, arena *a, biz_entry *out, char *secret, err *e)
{
	if (check_date(date, "date", e)) return MB_EINVAL;
	int rc = own_entry(d, by, code, a, out, e);
	if (rc) return rc;
	if (strcmp(out->state, "planned"))
		return err_set(e, MB_ECONFLICT, "not_planned", "code", "Cuộc thanh tra, kiểm tra này không ở trạng thái dự kiến.",
		               "this inspection is not in the planned state");
	if (!out->adhoc && strcmp(out->plan_state, "approved"))
		return err_set(e, MB_ECONFLICT, "plan_not_approved", "code", "Kế hoạch chưa được Thanh tra tỉnh phê duyệt.",
		               "the plan is not approved by the Inspectorate");
	if (atoi_safe_year(date) != out->year)
		return bad(e, "date", "Ngày bắt đầu phải trong năm kế hoạch.", "the start date must be in the plan year");
	char sh[65];
	dossier_secret_new(secret);
	dossier_secret_hash(out->code, secret, sh);
	if (db_begin(d, e)) return MB_EINTERNAL;
	rc = biz_repo_entry_start(d, out->id, date, out->code, sh, e);
	if (!rc)
		rc = append(d, by, out->unit_code, "biz.inspection_started", arena_printf(a, "biz_entry:%s", out->code),
		            json_pack("{s:s, s:s, s:s}", "date", date, "tax_code", out->tax_code, "team_lead", out->team_lead), e);
	if (rc) { db_rollback(d); return rc; }
	if ((rc = db_commit(d, e))) return rc;
	rc = biz_repo_entry_get(d, out->id, a, out, e);
	return rc == 1 ? 0 : rc < 0 ? rc : not_found(e, "entry");
}

int biz_end(db *d, const auth_actor *by, const char *code, const char *date, const char *extension_reason, arena *a,
            biz_entry *out, err *e)
{
	if (check_date(date, "date", e)) return MB_EINVAL;
	if (extension_reason && !*extension_reason) extension_reason = NULL;
	if (text_check_reason(extension_reason, "extension_reason", TEXT_MAX_CP, false, e)) return MB_EINVAL;
	int rc = own_entry(d, by, code, a, out, e);
	if (rc) return rc;
	if (strcmp(out->state, "started"))
		return err_set(e, MB_ECONFLICT, "not_started", "code", "Cuộc thanh tra, kiểm tra chưa bắt đầu hoặc đã kết thúc.",
		               "this inspection has not started, or has ended");
	int days = biz_rules_days(out->started_on, date);
	if (!days) return bad(e, "date", "Ngày kết thúc trước ngày bắt đầu.", "the end date is before the start");
	int limit = 0;
	rc = biz_repo_rule_number(d, out->kind == BIZ_THANH_TRA ? "DUR-TT" : "DUR-KT", out->started_on, &limit, e);
	if (rc < 0) return rc;
	if (rc == 0) limit = 0;
	bool over = biz_rules_too_long(days, limit);
	if (over && !extension_reason)
		return bad(e, "extension_reason",
		           arena_printf(a, "%d ngày, quá thời hạn %d ngày: hãy ghi căn cứ gia hạn.", days, limit),
		           arena_printf(a, "%d days, over the limit of %d days: give the grounds of the extension", days, limit));
	if (db_begin(d, e)) return MB_EINTERNAL;
	rc = biz_repo_entry_end(d, out->id, date, e);
	if (!rc) {
		json_t *p = json_pack("{s:s, s:i, s:i, s:b}", "date", date, "days", days, "limit", limit, "over", over);
		if (over) json_object_set_new(p, "extension_reason", json_string(extension_reason));
		rc = append(d, by, out->unit_code, "biz.inspection_ended", arena_printf(a, "biz_entry:%s", out->code), p, e);
	}
	/* The body owes the conclusion from now (src/duty); publishing it closes the item. */
	if (!rc) {
		int64_t duty_id;
		rc = duty_open(d, &by->ledger, &(duty_new){.kind = "biz.conclusion", .source_type = "biz_entry", .source_id = out->id,
		               .source_ref = out->code, .owner_unit_id = out->unit_id,
		               .title_vi = arena_printf(a, "Ban hành và công bố kết luận %s", out->code),
		               .title_en = arena_printf(a, "Issue and publish the conclusion of %s", out->code),
		               .start = clock_now()}, &duty_id, e);
	}
	if (rc) { db_rollback(d); return rc; }
	if ((rc = db_commit(d, e))) return rc;
	rc = biz_repo_entry_get(d, out->id, a, out, e);
	return rc == 1 ? 0 : rc < 0 ? rc : not_found(e, "entry");
}

int biz_conclude(db *d, const auth_actor *by, const char *code, const void *pdf, size_t n, const char *findings,
                 const char *sanctions, arena *a, biz_entry *out, err *e)
{
	if (!pdf || !n) return bad(e, "file", "Hãy đính kèm kết luận (PDF).", "attach the conclusion (PDF)");
	const char *type = db_file_sniff(pdf, n);
	if (!type || strcmp(type, "application/pdf")) return bad(e, "file", "Kết luận phải là tệp PDF.", "the conclusion must be a PDF");
	if (text_check_field(findings, "findings", BIG_TEXT_MAX_CP, true, e)) return MB_EINVAL;
	if (text_visible_count(findings) < 4) return bad(e, "findings", "Hãy ghi kết quả (phát hiện).", "the findings are required");
	if (text_check_field(sanctions, "sanctions", BIG_TEXT_MAX_CP, false, e)) return MB_EINVAL;
	int rc = own_entry(d, by, code, a, out, e);
	if (rc) return rc;
	if (strcmp(out->state, "ended") || out->conclusion_sha)
		return err_set(e, MB_ECONFLICT, "not_ended", "code", "Chỉ đính kèm kết luận một lần, sau khi kết thúc.",
		               "the conclusion is attached once, after the end");
	char at[32], sha[65];
	now_iso(at);
	if (db_begin(d, e)) return MB_EINTERNAL;
	rc = db_file_store(d, pdf, n, type, sha, e);
	if (!rc) rc = biz_repo_entry_conclusion(d, out->id, sha, at, findings, sanctions, e);
	if (!rc)
		rc = append(d, by, out->unit_code, "biz.conclusion_published", arena_printf(a, "biz_entry:%s", out->code),
		            json_pack("{s:s, s:s, s:s, s:s}", "sha256", sha, "findings", findings, "sanctions", sanctions ? sanctions : "",
		                      "tax_code", out->tax_code), e);
	if (!rc)
		rc = duty_close_source(d, &by->ledger, "biz_entry", out->id, "biz.conclusion",
		                       "Kết luận đã được ban hành và công bố.", e);
	if (rc) { db_rollback(d); return rc; }
	if ((rc = db_commit(d, e))) return rc;
	rc = biz_repo_entry_get(d, out->id, a, out, e);
	return rc == 1 ? 0 : rc < 0 ? rc : not_found(e, "entry");
}

/* --- the business's channel --- */

enum { RATE_WINDOW_S = 15 * 60, RATE_MAX_FAILURES = 20 };

const char *biz_report_link(arena *a, const biz_entry *en)
{
	char *title = arena_printf(a, "Phản ánh về cuộc %s %s (trưởng đoàn %s)", en->kind == BIZ_THANH_TRA ? "thanh tra" : "kiểm tra",
	                           en->code, en->team_lead);
	buf u;
	buf_init(&u, 4096);
	html_url_encode(&u, title);
	const char *link = arena_printf(a, "/report?kind=feedback&category=harassment&unit=%s&inspection=%s&title=%s", en->unit_code,
	                                en->code, buf_str(&u));
	buf_free(&u);
	return link;
}

int biz_rate(db *d, const char *code, const char *secret, const char *level, const char *comment, const char *addr,
             arena *a, biz_entry *out, const char **report, bool *created, err *e)
{
	if (!code || !*code) return err_set(e, MB_EINVAL, "required", "code", "Hãy nhập mã cuộc thanh tra, kiểm tra.", "the code is required");
	if (!secret || !*secret) return err_set(e, MB_EINVAL, "required", "secret", "Hãy nhập mã bí mật.", "the secret is required");
	if (!level || (strcmp(level, "very_satisfied") && strcmp(level, "satisfied") && strcmp(level, "unsatisfied")))
		return bad(e, "level", "Mức đánh giá phải là very_satisfied, satisfied hoặc unsatisfied.",
		           "level must be very_satisfied, satisfied or unsatisfied");
	bool unsatisfied = !strcmp(level, "unsatisfied");
	if (comment && !*comment) comment = NULL;
	if (text_check_reason(comment, "comment", TEXT_MAX_CP, unsatisfied, e)) return MB_EINVAL;
	int64_t now = clock_now();
	int fails = 0;
	if (db_throttle_count(d, "biz_rate", addr, now - RATE_WINDOW_S, RATE_MAX_FAILURES, &fails, e)) return MB_EINTERNAL;
	if (fails >= RATE_MAX_FAILURES)
		return err_set(e, MB_ELIMIT, "rate_limited", NULL, "Nhập sai quá nhiều lần. Hãy thử lại sau 15 phút.",
		               "too many failed attempts; try again in 15 minutes");
	code = text_code_norm(a, code);
	secret = text_code_norm(a, secret);
	int rc = code && secret && strlen(code) < 40 && strlen(secret) < 40 ? biz_repo_entry_by_rate_code(d, code, a, out, e) : 0;
	if (rc < 0) return rc;
	if (rc == 1 && !dossier_secret_matches(code, secret, out->rate_secret)) rc = 0;
	if (rc == 0) {
		if (db_begin(d, e) == 0) {
			if (db_throttle_add(d, "biz_rate", addr, now, e)) db_rollback(d);
			else if (db_commit(d, e)) { /* counted best-effort */ }
		}
		return err_set(e, MB_ENOTFOUND, "not_found", "code", "Mã hoặc mã bí mật không đúng.", "wrong code or secret");
	}
	char at[32];
	now_iso(at);
	if (db_begin(d, e)) return MB_EINTERNAL;
	rc = biz_repo_rating_put(d, out->id, level, comment, at, created, e);
	if (!rc) {
		json_t *p = json_pack("{s:s, s:s}", "level", level, "tax_code", out->tax_code);
		if (comment) {
			/* The comment by its length and SHA-256, as a dossier's rating. */
			unsigned char h[32];
			char hex[65];
			crypto_hash_sha256(h, (const unsigned char *)comment, strlen(comment));
			sodium_bin2hex(hex, sizeof hex, h, sizeof h);
			json_object_set_new(p, "comment", json_pack("{s:i, s:s}", "length", (int)text_utf8_len(comment), "sha256", hex));
		}
		rc = ledger_append(d, &ledger_system, out->unit_code, "biz.rated", arena_printf(a, "biz_entry:%s", out->code), p, NULL, e);
		json_decref(p);
	}
	if (rc) { db_rollback(d); return rc; }
	if ((rc = db_commit(d, e))) return rc;
	*report = biz_report_link(a, out);
	return 0;
}
