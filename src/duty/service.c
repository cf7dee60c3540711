/* service.c — the obligations' commands (each in the caller's transaction,
 * with its event and its counters), the job, the reference data and the
 * scoped reads. */
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "base/clock.h"
#include "base/csv.h"
#include "base/embed.h"
#include "base/log.h"
#include "base/text.h"
#include "calendar/calendar_db.h"
#include "db/files.h"
#include "duty/repo.h"
#include "mail/mail.h"

static const char *iso(arena *a, int64_t t)
{
	char *s = arena_alloc(a, 32);
	clock_iso_utc(t, s, 32);
	return s;
}

static void date_of(int64_t t, char out[16]) { cal_format_date(cal_day_of(t), out, 16); }

static int not_found(err *e) { return err_set(e, MB_ENOTFOUND, "not_found", NULL, "Không có việc này.", "no such item"); }

static int move(db *d, const duty_row *before, const duty_row *after, err *e)
{
	agg_contrib b[AGG_CONTRIB_MAX], x[AGG_CONTRIB_MAX];
	int nb = before ? duty_rules_contrib(before, b) : 0;
	int na = after ? duty_rules_contrib(after, x) : 0;
	return agg_move(d, b, nb, x, na, e) ? MB_EINTERNAL : 0;
}

static int event(db *d, const ledger_actor *by, const duty_row *x, const char *type, json_t *p, arena *a, err *e)
{
	json_object_set_new(p, "id", json_integer(x->id));
	json_object_set_new(p, "kind", json_string(x->kind));
	json_object_set_new(p, "state", json_string(duty_state_name(x->state)));
	int rc = ledger_append(d, by, auth_unit_code(d, x->owner_unit_id, a), type, arena_printf(a, "duty:%lld", (long long)x->id),
	                       p, NULL, e);
	json_decref(p);
	return rc;
}

/* --- open --- */

int duty_open(db *d, const ledger_actor *by, const duty_new *n, int64_t *id, err *e)
{
	int rc;
	if (!n->kind || !*n->kind || strlen(n->kind) >= DUTY_KIND_MAX)
		return err_set(e, MB_EINVAL, "invalid_field", "kind", "Thiếu loại việc.", "the kind is missing");
	if (!n->source_type || !*n->source_type || strlen(n->source_type) > 32)
		return err_set(e, MB_EINVAL, "invalid_field", "source_type", "Thiếu nguồn của việc.", "the source is missing");
	if (n->owner_unit_id <= 0)
		return err_set(e, MB_EINVAL, "invalid_field", "owner_unit", "Thiếu đơn vị chịu trách nhiệm.", "the owner unit is missing");
	if ((rc = text_check_field(n->title_vi, "title_vi", 500, true, e)) || (rc = text_check_field(n->title_en, "title_en", 500, true, e)))
		return rc;
	if (n->start <= 0) return err_set(e, MB_EINVAL, "invalid_field", "start", "Thiếu thời điểm bắt đầu.", "the start is missing");
	if (n->due_at < 0 || (n->due_at > 0 && n->due_at < n->start))
		return err_set(e, MB_EINVAL, "invalid_field", "due_at", "Hạn phải sau thời điểm bắt đầu.", "the due time must follow the start");
	char date[16];
	date_of(n->start, date);
	duty_rule rule;
	rc = duty_repo_rule_on(d, n->kind, date, &rule, e);
	if (rc < 0) return rc;
	if (rc == 0)
		return err_set(e, MB_EINVAL, "invalid_field", "kind", "Không có quy định về thời hạn cho loại việc này vào ngày bắt đầu.",
		               "no rule for this kind is in force on the start date");
	int64_t owner = n->owner_account_id;
	if (!owner && (rc = duty_repo_unit_head(d, n->owner_unit_id, &owner, e)) < 0) return rc;
	calendar cal;
	if ((rc = calendar_load(d, date, &cal, NULL, e))) return rc;
	duty_row x = {.kind = n->kind, .source_type = n->source_type, .source_id = n->source_id, .source_ref = n->source_ref,
	              .owner_unit_id = n->owner_unit_id, .owner_account_id = owner, .title_vi = n->title_vi,
	              .title_en = n->title_en, .rule_valid_from = rule.valid_from, .opened_at = n->start,
	              .due_at = n->due_at > 0 ? n->due_at : duty_rules_due(&cal, &rule, n->start), .state = DU_OPEN};
	cal_free(&cal);
	if ((rc = duty_repo_insert(d, &x, &x.id, e)) || (rc = move(d, NULL, &x, e))) return rc;
	arena a;
	arena_init(&a);
	json_t *p = json_pack("{s:s, s:I, s:s, s:s, s:s, s:s, s:s}", "source_type", x.source_type, "source_id",
	                      (json_int_t)x.source_id, "source_ref", x.source_ref ? x.source_ref : "", "title_vi", x.title_vi,
	                      "opened_at", iso(&a, x.opened_at), "due_at", iso(&a, x.due_at), "rule_valid_from", x.rule_valid_from);
	json_object_set_new(p, "owner", owner ? json_integer(owner) : json_null());
	rc = event(d, by, &x, "duty.opened", p, &a, e);
	arena_free(&a);
	if (!rc && id) *id = x.id;
	return rc;
}

/* --- scope --- */

static void unit_position(db *d, const auth_actor *actor, int64_t owner_unit, bool *at_or_above, bool *above)
{
	int64_t anc[32];
	int n = auth_unit_ancestors(d, owner_unit, anc, 32);
	*at_or_above = *above = false;
	for (int i = 0; i < n; i++)
		if (anc[i] == actor->unit_id) {
			*at_or_above = true;
			*above = i > 0;
		}
}

static bool may(db *d, const auth_actor *actor, duty_act act, const duty_row *x)
{
	if (!actor) return false;
	bool at_or_above, above;
	unit_position(d, actor, x->owner_unit_id, &at_or_above, &above);
	return duty_rules_may(act, actor->role, actor->id, x->owner_account_id, at_or_above, above);
}

/* Loads a live item the actor may act on (404 when not readable, 403 when
 * readable but not this act, 409 when already closed). */
static int load_for(db *d, const auth_actor *by, int64_t id, duty_act act, arena *a, duty_row *x, err *e)
{
	int rc = duty_repo_get(d, id, a, x, e);
	if (rc < 0) return rc;
	if (rc == 0 || !may(d, by, DA_READ, x)) return not_found(e);
	if (!may(d, by, act, x))
		return err_set(e, MB_EFORBIDDEN, "forbidden", NULL, "Bạn không có quyền thực hiện thao tác này với việc này.",
		               "you may not do this for this item");
	if (!duty_state_live(x->state))
		return err_set(e, MB_ECONFLICT, "closed", "state", "Việc này đã kết thúc.", "this item is already closed");
	return 0;
}

/* --- done, cancel --- */

static int close_item(db *d, const ledger_actor *la, duty_row *x, duty_state to, const char *note, const char *sha,
                      const char *type, arena *a, err *e)
{
	duty_row before = *x;
	int64_t now = clock_now();
	x->state = to;
	x->closed_at = now;
	x->closed_by = la->id;
	x->note = note;
	x->evidence_sha256 = sha;
	x->evidence_type = type;
	int rc;
	if ((rc = duty_repo_update(d, x, e)) || (rc = move(d, &before, x, e))) return rc;
	unsigned char h[crypto_hash_sha256_BYTES];
	char hex[65];
	crypto_hash_sha256(h, (const unsigned char *)note, strlen(note));
	hex_encode(h, sizeof h, hex);
	json_t *p = json_pack("{s:s, s:I, s:s, s:b}", "note_sha256", hex, "note_length", (json_int_t)strlen(note), "due_at",
	                      iso(a, x->due_at), "on_time", duty_rules_on_time(x->due_at, now));
	if (sha && *sha) json_object_set_new(p, "evidence", json_pack("{s:s, s:s}", "sha256", sha, "type", type));
	return event(d, la, x, to == DU_DONE ? "duty.done" : "duty.cancelled", p, a, e);
}

/* The note of what was done, with this check's own words. */
static int check_note(const char *note, err *e)
{
	int rc = text_check_reason(note, "note", DUTY_NOTE_MAX, true, e);
	if (rc == MB_EINVAL && (!note || strlen(note) <= DUTY_NOTE_MAX))
		err_set(e, MB_EINVAL, e && e->code ? e->code : "invalid_field", "note",
		        "Hãy ghi rõ việc đã làm: ít nhất 10 chữ cái hoặc chữ số (khoảng trắng và dấu câu không được tính).",
		        "write what was done: at least 10 letters or digits (spaces and punctuation do not count)");
	return rc;
}

int duty_done(db *d, const auth_actor *by, int64_t id, const char *note, const void *evidence, size_t evidence_len,
              const char *evidence_name, err *e)
{
	(void)evidence_name;
	arena a;
	arena_init(&a);
	duty_row x;
	char sha[65] = "";
	const char *type = NULL;
	/* What the visitor may not see is a 404 whatever the input. */
	int rc = load_for(d, by, id, DA_DONE, &a, &x, e);
	if (!rc) rc = check_note(note, e);
	if (!rc && evidence && evidence_len && !(type = db_file_sniff(evidence, evidence_len)))
		rc = err_set(e, MB_EINVAL, "invalid_field", "evidence", "Tệp minh chứng phải là PDF, JPEG hoặc PNG.",
		             "the evidence must be a PDF, JPEG or PNG file");
	if (!rc && type) rc = db_file_store(d, evidence, evidence_len, type, sha, e);
	if (!rc) rc = close_item(d, &by->ledger, &x, DU_DONE, note, type ? sha : NULL, type, &a, e);
	arena_free(&a);
	return rc;
}

int duty_cancel(db *d, const auth_actor *by, int64_t id, const char *reason, err *e)
{
	arena a;
	arena_init(&a);
	duty_row x;
	int rc = load_for(d, by, id, DA_CANCEL, &a, &x, e);
	if (!rc) rc = text_check_reason(reason, "reason", 2000, true, e);
	if (!rc) rc = close_item(d, &by->ledger, &x, DU_CANCELLED, reason, NULL, NULL, &a, e);
	arena_free(&a);
	return rc;
}

int duty_close_source(db *d, const ledger_actor *by, const char *source_type, int64_t source_id, const char *kind,
                      const char *note, err *e)
{
	arena a;
	arena_init(&a);
	duty_row *rows;
	int n = 0;
	int rc = duty_repo_by_source(d, source_type, source_id, kind, &a, &rows, &n, e);
	for (int i = 0; !rc && i < n; i++)
		if (duty_state_live(rows[i].state)) rc = close_item(d, by, &rows[i], DU_DONE, note, NULL, NULL, &a, e);
	arena_free(&a);
	return rc;
}

/* --- the job --- */

static void tell(db *d, int64_t unit_id, int64_t account_id, const duty_row *x, const char *kind, int level, arena *a)
{
	err e2 = {0};
	const char **to;
	int n = 0;
	if (duty_repo_emails(d, unit_id, account_id, a, &to, &n, &e2)) return;
	char due[32];
	clock_vn_display(x->due_at, due, sizeof due);
	const char *subject = !strcmp(kind, "reminder")
		? arena_printf(a, "Sắp đến hạn: %s", x->title_vi)
		: arena_printf(a, "Quá hạn (cấp %d): %s", level, x->title_vi);
	const char *body = arena_printf(a,
		"%s\n\nĐơn vị chịu trách nhiệm: %s\nHạn: %s\nTrạng thái: %s\n\nXem và ghi nhận việc đã làm: /duty/%lld\n",
		x->title_vi, x->owner_unit_name_vi, due, duty_state_label_vi(x->state), (long long)x->id);
	for (int i = 0; i < n; i++) {
		err e3 = {0};
		if (mail_enqueue(d, &(mail_msg){.to = to[i], .subject = subject, .body = body, .kind = kind}, clock_now(), &e3))
			log_msg(LOG_WARN, "duty", "notice for item %lld not queued: %s", (long long)x->id, e3.en);
	}
}

typedef struct rule_cache {
	duty_rule r[32];
	int n;
} rule_cache;

static int rule_for(db *d, rule_cache *c, const duty_row *x, const duty_rule **out, err *e)
{
	for (int i = 0; i < c->n; i++)
		if (!strcmp(c->r[i].kind, x->kind) && !strcmp(c->r[i].valid_from, x->rule_valid_from)) { *out = &c->r[i]; return 1; }
	duty_rule r;
	int rc = duty_repo_rule_by(d, x->kind, x->rule_valid_from, &r, e);
	if (rc <= 0) return rc;
	if (c->n == 32) c->n = 0;
	c->r[c->n] = r;
	*out = &c->r[c->n++];
	return 1;
}

int duty_tick(db *d, int64_t now, int *changed, err *e)
{
	*changed = 0;
	arena a;
	arena_init(&a);
	duty_row *rows;
	int n = 0, rc;
	char date[16];
	date_of(now, date);
	calendar cal;
	if ((rc = calendar_load(d, date, &cal, NULL, e))) { arena_free(&a); return rc; }
	int64_t insp = 0;
	err e2 = {0};
	if (auth_unit_id(d, "thanh-tra-tinh", &insp, &e2) != 1) insp = 0;
	if ((rc = db_begin(d, e))) { cal_free(&cal); arena_free(&a); return MB_EINTERNAL; }
	if ((rc = duty_repo_live(d, &a, &rows, &n, e))) goto out;
	rule_cache cache = {.n = 0};
	for (int i = 0; i < n && !rc; i++) {
		duty_row *x = &rows[i], before = rows[i];
		const duty_rule *rule = NULL;
		rc = rule_for(d, &cache, x, &rule, e);
		if (rc < 0) break;
		rc = 0;
		if (!rule) continue;
		duty_plan p = duty_rules_plan(&cal, rule, x->due_at, now, x->reminded_at != 0);
		bool moved = false;
		if (p.remind) {
			x->reminded_at = now;
			tell(d, x->owner_unit_id, x->owner_account_id, x, "reminder", 0, &a);
			moved = true;
		}
		int64_t anc[32], chain[DUTY_LEVELS];
		int na = auth_unit_ancestors(d, x->owner_unit_id, anc, 32);
		duty_rules_chain(anc, na, insp, chain);
		while (!rc && x->level < p.level) {
			/* Once per level: the event, the state, the notices. */
			x->level++;
			if (x->level == 1) {
				x->state = DU_OVERDUE;
				x->overdue_at = now;
			} else {
				x->state = DU_ESCALATED;
				x->escalated_at = now;
			}
			if ((rc = duty_repo_update(d, x, e)) || (rc = move(d, &before, x, e))) break;
			before = *x;
			json_t *pl = json_pack("{s:i, s:s, s:s}", "level", x->level, "due_at", iso(&a, x->due_at), "to",
			                       auth_unit_code(d, chain[x->level], &a));
			if ((rc = event(d, &ledger_system, x, x->level == 1 ? "duty.overdue" : "duty.escalated", pl, &a, e))) break;
			if (x->level == 1) tell(d, x->owner_unit_id, x->owner_account_id, x, "escalation", 0, &a);
			if (chain[x->level]) tell(d, chain[x->level], 0, x, "escalation", x->level, &a);
			moved = false;
			(*changed)++;
		}
		if (!rc && moved) {
			rc = duty_repo_update(d, x, e);
			(*changed)++;
		}
	}
out:
	if (rc) db_rollback(d);
	else rc = db_commit(d, e);
	cal_free(&cal);
	arena_free(&a);
	return rc;
}

/* --- reference data --- */

static int bad_data(err *e, int line)
{
	log_msg(LOG_ERROR, "duty", "data/duty_rules.csv line %d: malformed", line);
	return err_set(e, MB_EINTERNAL, "bad_data", NULL, "Dữ liệu thời hạn sai định dạng.", "the obligations' rules are malformed");
}

int duty_load_reference(db *d, err *e)
{
	const struct embedded_file *f = embed_find("data/duty_rules.csv");
	if (!f) return err_set(e, MB_EINTERNAL, "no_data", NULL, "Thiếu dữ liệu thời hạn.", "the obligations' rules are missing");
	arena a;
	arena_init(&a);
	const char *fl[CSV_MAX_FIELDS];
	csv_reader c;
	csv_init(&c, (const char *)f->data, f->size);
	int rc = 0, n, count = 0;
	if (csv_next(&c, &a, fl) != 8 || strcmp(fl[0], "kind") || strcmp(fl[4], "day_type")) rc = bad_data(e, 1);
	while (!rc && (n = csv_next(&c, &a, fl)) != 0) {
		duty_rule r;
		memset(&r, 0, sizeof r);
		int32_t day;
		char *end;
		long days = n == 8 ? strtol(fl[3], &end, 10) : -1, rb = n == 8 ? strtol(fl[5], &end, 10) : -1,
		     ea = n == 8 ? strtol(fl[6], &end, 10) : -1;
		if (n != 8 || !*fl[0] || strlen(fl[0]) >= DUTY_KIND_MAX || cal_parse_date(fl[1], &day) ||
		    (*fl[2] && cal_parse_date(fl[2], &day)) || days < 0 || days > 3650 || rb < 0 || rb > 365 || ea < 0 || ea > 365 ||
		    (strcmp(fl[4], "working") && strcmp(fl[4], "calendar")) || !*fl[7]) {
			rc = bad_data(e, c.line);
			break;
		}
		snprintf(r.kind, sizeof r.kind, "%s", fl[0]);
		snprintf(r.valid_from, sizeof r.valid_from, "%s", fl[1]);
		snprintf(r.valid_to, sizeof r.valid_to, "%s", fl[2]);
		r.days = (int)days;
		r.unit = !strcmp(fl[4], "calendar") ? CAL_CALENDAR_DAYS : CAL_WORKING_DAYS;
		r.remind_before = (int)rb;
		r.escalate_after_days = (int)ea;
		if ((rc = duty_repo_rule_insert(d, &r, fl[7], e))) break;
		count++;
	}
	if (!rc) {
		json_t *p = json_pack("{s:i, s:s}", "rules", count, "source", "data/duty_rules.csv");
		rc = ledger_append(d, &ledger_system, "", "duty.loaded", "duty_rules", p, NULL, e);
		json_decref(p);
	}
	arena_free(&a);
	return rc;
}

int duty_ensure_reference(db *d, err *e)
{
	return db_ensure_loaded(d, duty_repo_rule_count, duty_load_reference, e);
}

/* --- reads --- */

int duty_get(db *d, const auth_actor *actor, int64_t id, arena *a, duty_row *out, err *e)
{
	int rc = duty_repo_get(d, id, a, out, e);
	if (rc <= 0) return rc;
	return may(d, actor, DA_READ, out) ? 1 : 0;
}

static bool scope_of(const auth_actor *actor, duty_scope *s, int64_t *key)
{
	if (!actor) return false;
	switch (actor->role) {
	case ROLE_INSPECTOR:
	case ROLE_HOME_AFFAIRS_INSPECTOR: *s = DSC_ALL; *key = 0; return true;
	case ROLE_UNIT_HEAD: *s = DSC_SUBTREE; *key = actor->unit_id; return true;
	case ROLE_COUNTER_OFFICER:
	case ROLE_PROCESSING_OFFICER: *s = DSC_OWNER; *key = actor->id; return true;
	default: return false;
	}
}

int duty_list(db *d, const auth_actor *actor, int64_t after_due, int64_t after_id, int limit, arena *a, duty_row **out,
              int *n, err *e)
{
	duty_scope s;
	int64_t key;
	*n = 0;
	*out = NULL;
	if (!scope_of(actor, &s, &key)) return err_set(e, MB_ENOTFOUND, "not_found", NULL, "Không có trang này.", "no such page");
	return duty_repo_list(d, s, key, true, after_due, after_id, limit, a, out, n, e);
}

int duty_list_closed(db *d, const auth_actor *actor, int limit, arena *a, duty_row **out, int *n, err *e)
{
	duty_scope s;
	int64_t key;
	*n = 0;
	*out = NULL;
	if (!scope_of(actor, &s, &key)) return err_set(e, MB_ENOTFOUND, "not_found", NULL, "Không có trang này.", "no such page");
	return duty_repo_list(d, s, key, false, 0, 0, limit, a, out, n, e);
}

static void totals(duty_score *s, const agg_total *t, int n)
{
	s->items = agg_get(t, n, "duty.items");
	s->open = agg_get(t, n, "duty.open");
	s->on_time = agg_get(t, n, "duty.on_time");
	s->late = agg_get(t, n, "duty.late");
	s->overdue = agg_get(t, n, "duty.overdue");
}

/* All time: from 2000 to a year ahead (at most five ranges of buckets). */
static void all_time(int32_t *from, int32_t *to)
{
	*from = cal_day_from_ymd(2000, 1, 1);
	*to = cal_day_of(clock_now()) + 366;
}

int duty_scorecard(db *d, const auth_actor *actor, arena *a, duty_score **out, int *n, err *e)
{
	*n = 0;
	*out = NULL;
	if (!actor || (actor->role != ROLE_INSPECTOR && actor->role != ROLE_HOME_AFFAIRS_INSPECTOR && actor->role != ROLE_UNIT_HEAD))
		return err_set(e, MB_ENOTFOUND, "not_found", NULL, "Không có trang này.", "no such page");
	int rc = duty_repo_heads(d, actor->role == ROLE_UNIT_HEAD ? actor->unit_id : 0, a, out, n, e);
	if (rc) return rc;
	int32_t from, to;
	all_time(&from, &to);
	for (int i = 0; i < *n; i++) {
		agg_total t[16];
		int nt = 0;
		if (agg_sum(d, (*out)[i].unit_id, (*out)[i].official_id, from, to, t, 16, &nt, e)) return MB_EINTERNAL;
		totals(&(*out)[i], t, nt);
	}
	return 0;
}

typedef struct unit_acc { duty_score *u; int n; } unit_acc;

static void add_unit(void *arg, int64_t unit_id, const char *metric, int64_t v)
{
	unit_acc *c = arg;
	for (int i = 0; i < c->n; i++) {
		duty_score *s = &c->u[i];
		if (s->unit_id != unit_id) continue;
		if (!strcmp(metric, "duty.items")) s->items += v;
		else if (!strcmp(metric, "duty.open")) s->open += v;
		else if (!strcmp(metric, "duty.on_time")) s->on_time += v;
		else if (!strcmp(metric, "duty.late")) s->late += v;
		else if (!strcmp(metric, "duty.overdue")) s->overdue += v;
		return;
	}
}

int duty_of_source(db *d, const char *source_type, int64_t source_id, const char *kind, arena *a, duty_row **out, int *n,
                   err *e)
{
	return duty_repo_by_source(d, source_type, source_id, kind, a, out, n, e);
}

int duty_unit_totals(db *d, arena *a, duty_score **out, int *n, err *e)
{
	duty_score *all;
	int na = 0;
	*n = 0;
	*out = NULL;
	int rc = duty_repo_units(d, a, &all, &na, e);
	if (rc) return rc;
	int32_t from, to;
	all_time(&from, &to);
	unit_acc c = {all, na};
	if (agg_sum_all(d, from, to, add_unit, &c, e)) return MB_EINTERNAL;
	int k = 0;
	for (int i = 0; i < na; i++)
		if (all[i].items) all[k++] = all[i];
	*out = all;
	*n = k;
	return 0;
}
