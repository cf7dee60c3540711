/* service.c — rating a dossier: validate, check who is asking, ask the pure
 * rules, then the rating, its answers, the officials rated through it, the
 * counters and the event in one transaction. Also the reference data and the
 * per-official figures. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/calendar.h"
#include "base/clock.h"
#include "base/csv.h"
#include "base/embed.h"
#include "base/log.h"
#include "base/text.h"
#include "procedures/procedures.h"
#include "ratings/service.h"
#include "scores/scores.h"

/* --- reference data --- */

static int bad_data(err *e, const char *file, int line)
{
	log_msg(LOG_ERROR, "ratings", "%s line %d: malformed", file, line);
	return err_set(e, MB_EINTERNAL, "bad_data", NULL, "Dữ liệu tiêu chí đánh giá sai định dạng.",
	               "the rating criteria data is malformed");
}

static bool date_ok(const char *s, bool empty_ok)
{
	int32_t day;
	return (empty_ok && (!s || !*s)) || (s && cal_parse_date(s, &day) == 0);
}

int ratings_load_reference(db *d, err *e)
{
	static const char RULES[] = "data/rating_rules.csv", CRIT[] = "data/rating_criteria.csv";
	const struct embedded_file *fr = embed_find(RULES), *fc = embed_find(CRIT);
	if (!fr || !fc)
		return err_set(e, MB_EINTERNAL, "no_data", NULL, "Thiếu dữ liệu tiêu chí đánh giá.", "the rating criteria data is missing");
	arena a;
	arena_init(&a);
	const char *fl[CSV_MAX_FIELDS];
	int n, rc = 0, nrules = 0, ncrit = 0;
	csv_reader c;
	csv_init(&c, (const char *)fr->data, fr->size);
	if (csv_next(&c, &a, fl) != 6 || strcmp(fl[0], "version") || strcmp(fl[3], "change_days")) rc = bad_data(e, RULES, 1);
	while (!rc && (n = csv_next(&c, &a, fl)) != 0) {
		rating_rules_row r = {.version = fl[0], .valid_from = fl[1], .valid_to = fl[2]};
		char *end;
		long cd = n == 6 ? strtol(fl[3], &end, 10) : -1, cm = n == 6 ? strtol(fl[4], &end, 10) : -1;
		if (n != 6 || !*fl[0] || !date_ok(fl[1], false) || !date_ok(fl[2], true) || cd < 0 || cd > 365 || cm < 1 || cm > 10000) {
			rc = bad_data(e, RULES, c.line);
			break;
		}
		r.change_days = (int)cd;
		r.comment_max = (int)cm;
		if ((rc = ratings_repo_rules_insert(d, &r, fl[5], e))) break;
		nrules++;
	}
	csv_init(&c, (const char *)fc->data, fc->size);
	if (!rc && (csv_next(&c, &a, fl) != 8 || strcmp(fl[0], "set_version") || strcmp(fl[5], "answer_type"))) rc = bad_data(e, CRIT, 1);
	while (!rc && (n = csv_next(&c, &a, fl)) != 0) {
		rating_criterion cr = {.id = fl[3], .text_vi = fl[6], .text_en = fl[7]};
		char *end;
		long ord = n == 8 ? strtol(fl[4], &end, 10) : -1;
		if (n != 8 || !*fl[0] || !date_ok(fl[1], false) || !date_ok(fl[2], true) || !*fl[3] || ord < 0 ||
		    rating_answer_type_parse(fl[5], &cr.type) || !*fl[6] || !*fl[7]) {
			rc = bad_data(e, CRIT, c.line);
			break;
		}
		cr.ordinal = (int)ord;
		if ((rc = ratings_repo_criterion_insert(d, fl[0], fl[1], fl[2], &cr, e))) break;
		ncrit++;
	}
	if (!rc) {
		json_t *p = json_pack("{s:i, s:i, s:s, s:s}", "rules", nrules, "criteria", ncrit, "rules_source", RULES,
		                      "criteria_source", CRIT);
		rc = ledger_append(d, &ledger_system, "", "ratings.loaded", "rating_criteria", p, NULL, e);
		json_decref(p);
	}
	arena_free(&a);
	return rc;
}

int ratings_ensure_reference(db *d, err *e)
{
	return db_ensure_loaded(d, ratings_repo_reference_count, ratings_load_reference, e);
}

/* --- rating --- */

static void today(int64_t now, char out[16]) { cal_format_date(cal_day_of(now), out, 16); }

static int not_found(err *e)
{
	return err_set(e, MB_ENOTFOUND, "not_found", NULL, "Mã hồ sơ hoặc mã tra cứu không đúng.",
	               "the dossier code or the secret is wrong");
}

/* A session that is not a citizen's: refused, and the attempt recorded in its own transaction. */
static int refuse_staff(db *d, const auth_actor *actor, const char *code, arena *a, err *e)
{
	err e2 = {0};
	if (!db_begin(d, &e2)) {
		char c[48];
		snprintf(c, sizeof c, "%s", code ? code : "");
		json_t *p = json_pack("{s:s, s:s, s:s}", "code", c, "refused", "staff_session", "login", actor->login);
		int rc = ledger_append(d, &actor->ledger, actor->unit_code ? actor->unit_code : "", "rating.refused",
		                       arena_printf(a, "dossier:%s", c), p, NULL, &e2);
		json_decref(p);
		if (rc || db_commit(d, &e2)) db_rollback(d);
	}
	log_msg(LOG_WARN, "ratings", "rating refused to the session of %s (%s)", actor->login, auth_role_name(actor->role));
	return err_set(e, MB_EFORBIDDEN, "staff_session",
	               NULL, "Cán bộ không được đánh giá hồ sơ: chỉ người nộp hồ sơ đánh giá, bằng mã hồ sơ và mã tra cứu, "
	                     "trên thiết bị không đăng nhập tài khoản cán bộ. Lần thử này đã được ghi lại.",
	               "officials may not rate dossiers: only the applicant rates, with the dossier code and secret, from a "
	               "browser not signed in to a staff account. This attempt was recorded.");
}

static json_t *answers_json(const rating_answer *as, int n)
{
	json_t *o = json_object();
	for (int i = 0; i < n; i++) json_object_set_new(o, as[i].criterion, json_string(as[i].answer));
	return o;
}

int ratings_submit(db *d, const auth_actor *actor, const char *addr, const rating_input *in, arena *a,
                   rating_outcome *out, err *e)
{
	memset(out, 0, sizeof *out);
	if (actor && actor->role != ROLE_CITIZEN) return refuse_staff(d, actor, in->code, a, e);
	if (!in->code || !*in->code)
		return err_set(e, MB_EINVAL, "required", "code", "Hãy nhập mã hồ sơ.", "the dossier code is required");
	if (!in->secret || !*in->secret)
		return err_set(e, MB_EINVAL, "required", "secret", "Hãy nhập mã tra cứu.", "the secret is required");
	int64_t now = clock_now();
	/* The citizen's own channel: the tracking code and secret, throttled as tracking. */
	int found = dossier_track(d, in->code, in->secret, addr, a, &out->dossier, e);
	if (found < 0) return found;
	if (!found) return not_found(e);
	const dossier_row *x = &out->dossier;
	dossier_state s;
	if (dossier_state_parse(x->state, &s) || !rating_rules_ratable(s))
		return err_set(e, MB_ECONFLICT, "no_result", NULL,
		               "Hồ sơ chưa có kết quả: chỉ đánh giá được khi kết quả đã sẵn sàng hoặc đã được trả.",
		               "the dossier has no result yet: it can be rated once its result is ready or returned");
	rating_level level;
	bool liked;
	int rc = rating_rules_resolve(in->level, in->like, &level, &liked, e);
	if (rc) return rc;
	if (in->too_many)
		return err_set(e, MB_EINVAL, "too_many", "answers", "Quá nhiều câu trả lời.", "too many answers");

	if (db_begin(d, e)) return MB_EINTERNAL;
	rating_row old;
	int had = ratings_repo_get(d, x->id, a, &old, e);
	if (had < 0) { rc = had; goto fail; }
	char date[16];
	today(now, date);
	rating_rules_row rules;
	int rr = had ? ratings_repo_rules_by_version(d, old.rules_version, a, &rules, e) : ratings_repo_rules_on(d, date, a, &rules, e);
	if (rr < 0) { rc = rr; goto fail; }
	if (rr == 0) {
		rc = err_set(e, MB_EINTERNAL, "no_rules", NULL, "Chưa có quy định đánh giá có hiệu lực.", "no rating rules are in force");
		goto fail;
	}
	if (had && (rc = rating_rules_may_change(old.change_until, now, e))) goto fail;
	if ((rc = rating_rules_check_comment(in->comment, rules.comment_max, e))) goto fail;
	rating_criterion *cs;
	int ncs;
	const char *version = NULL;
	if ((rc = ratings_repo_criteria(d, date, had ? old.set_version : NULL, a, &cs, &ncs, &version, e))) goto fail;
	if (!version) {
		rc = err_set(e, MB_EINTERNAL, "no_criteria", NULL, "Chưa có bộ tiêu chí đánh giá có hiệu lực.", "no criteria set is in force");
		goto fail;
	}
	rating_answer as[RATING_ANSWERS_MAX];
	int nas = 0;
	for (int i = 0; i < in->ncrit; i++) {
		const char *field = arena_printf(a, "answers.%s", in->crit[i]);
		int k = rating_rules_find(cs, ncs, in->crit[i]);
		if (k < 0) {
			rc = err_set(e, MB_EINVAL, "unknown_criterion", field,
			             arena_printf(a, "Tiêu chí “%s” không có trong bộ tiêu chí %s.", in->crit[i], version),
			             arena_printf(a, "criterion “%s” is not in criteria set %s", in->crit[i], version));
			goto fail;
		}
		for (int j = 0; j < nas; j++)
			if (!strcmp(as[j].criterion, cs[k].id)) {
				rc = err_set(e, MB_EINVAL, "duplicate", field, "Tiêu chí được trả lời hai lần.", "the criterion is answered twice");
				goto fail;
			}
		if (!in->answer[i] || !*in->answer[i]) continue;   /* unanswered: optional */
		const char *norm;
		if ((rc = rating_rules_check_answer(&cs[k], in->answer[i], field, a, &norm, e))) goto fail;
		as[nas].criterion = cs[k].id;
		as[nas].answer = norm;
		nas++;
	}
	rating_row *row = &out->row;
	if (had) {
		*row = old;
		row->changes = old.changes + 1;
		row->changed_at = now;
		if ((rc = ratings_repo_count(d, &old, -1, e))) goto fail;
	} else {
		memset(row, 0, sizeof *row);
		row->dossier_id = x->id;
		row->unit_id = x->unit_id;
		row->procedure_id = x->procedure_id;
		row->set_version = version;
		row->rules_version = rules.version;
		char day[32];
		rating_day_key(now, day);
		row->day = arena_strdup(a, day);
		row->created_at = now;
		row->change_until = rating_rules_change_until(now, rules.change_days);
	}
	row->level = rating_level_name(level);
	row->liked = liked;
	row->comment = in->comment ? in->comment : "";
	row->channel = in->channel ? in->channel : "web";
	if (had) rc = ratings_repo_update(d, row, e);
	else if (!(rc = ratings_repo_insert(d, row, e))) rc = ratings_repo_officials_from_steps(d, row->id, x->id, e);
	if (rc) goto fail;
	if ((rc = ratings_repo_answers_set(d, row->id, as, nas, e))) goto fail;
	if ((rc = ratings_repo_count(d, row, 1, e))) goto fail;
	if ((rc = ratings_repo_official_logins(d, row->id, a, &out->officials, &out->nofficials, e))) goto fail;
	/* The event: no personal data — the comment is named by its length and hash only. */
	unsigned char h[crypto_hash_sha256_BYTES];
	char hex[2 * sizeof h + 1];
	crypto_hash_sha256(h, (const unsigned char *)row->comment, strlen(row->comment));
	sodium_bin2hex(hex, sizeof hex, h, sizeof h);
	json_t *offs = json_array();
	for (int i = 0; i < out->nofficials; i++) json_array_append_new(offs, json_string(out->officials[i]));
	char until[32];
	clock_iso_utc(row->change_until, until, sizeof until);
	json_t *p = json_pack("{s:s, s:s, s:b, s:s, s:o, s:o, s:i, s:s, s:s, s:i, s:s}", "code", x->code, "level", row->level,
	                      "like", row->liked, "set_version", row->set_version, "answers", answers_json(as, nas),
	                      "officials", offs, "comment_chars", (int)text_utf8_len(row->comment), "comment_sha256", hex,
	                      "channel", row->channel, "changes", row->changes, "change_until", until);
	ledger_actor la = actor ? actor->ledger : (ledger_actor){0, "applicant"};
	rc = ledger_append(d, &la, auth_unit_code(d, x->unit_id, a), had ? "rating.changed" : "rating.given",
	                   arena_printf(a, "dossier:%s", x->code), p, NULL, e);
	json_decref(p);
	if (rc) goto fail;
	/* Decision 766 indicator 5.4: a dislike, in this transaction (a change moves it). */
	if ((rc = scores_dossier_rated(d, x->id, !row->liked, e))) goto fail;
	if ((rc = db_commit(d, e))) return rc;
	out->created = !had;
	return 0;
fail:
	db_rollback(d);
	return rc;
}

int ratings_view(db *d, const dossier_row *x, int64_t now, arena *a, rating_view *out, err *e)
{
	memset(out, 0, sizeof *out);
	dossier_state s;
	out->ratable = !dossier_state_parse(x->state, &s) && rating_rules_ratable(s);
	int had = ratings_repo_get(d, x->id, a, &out->row, e);
	if (had < 0) return had;
	out->has_rating = had == 1;
	char date[16];
	today(now, date);
	int rc;
	if (had) {
		if ((rc = ratings_repo_answers(d, out->row.id, a, &out->answers, &out->nanswers, e))) return rc;
		out->may_change = rating_rules_may_change(out->row.change_until, now, NULL) == 0;
		rc = ratings_repo_rules_by_version(d, out->row.rules_version, a, &out->rules, e);
	} else {
		rc = ratings_repo_rules_on(d, date, a, &out->rules, e);
	}
	if (rc < 0) return rc;
	if (rc == 0) out->rules.comment_max = 1000;
	return ratings_repo_criteria(d, date, had ? out->row.set_version : NULL, a, &out->criteria, &out->ncriteria,
	                             &out->set_version, e);
}

json_t *ratings_row_json(const rating_row *row, const rating_answer *as, int n)
{
	char until[32];
	clock_iso_utc(row->change_until, until, sizeof until);
	return json_pack("{s:s, s:b, s:s, s:o, s:s, s:o, s:o, s:i, s:s}", "level", row->level, "like", row->liked,
	                 "set_version", row->set_version, "answers", answers_json(as, n), "comment", row->comment,
	                 "rated_at", web_json_time(row->created_at),
	                 "changed_at", row->changed_at ? web_json_time(row->changed_at) : json_null(), "changes", row->changes,
	                 "change_until", until);
}

/* --- the counters for other features --- */

static int day_bounds(const char *from_day, const char *to_day, char from[32], char to[32], err *e)
{
	int32_t f, t;
	if (!from_day || cal_parse_date(from_day, &f))
		return err_set(e, MB_EINVAL, "invalid_field", "from", "Ngày bắt đầu phải có dạng YYYY-MM-DD.", "from must be YYYY-MM-DD");
	if (!to_day || cal_parse_date(to_day, &t))
		return err_set(e, MB_EINVAL, "invalid_field", "to", "Ngày kết thúc phải có dạng YYYY-MM-DD.", "to must be YYYY-MM-DD");
	if (t < f)
		return err_set(e, MB_EINVAL, "invalid_field", "to", "Ngày kết thúc phải sau ngày bắt đầu.", "to must not be before from");
	clock_iso_utc(cal_local(f, 0), from, 32);
	clock_iso_utc(cal_local(t + 1, 0), to, 32);
	return 0;
}

int ratings_unit_range(db *d, int64_t unit_id, const char *from_day, const char *to_day, ratings_unit_sum *out, err *e)
{
	char from[32], to[32];
	int rc = day_bounds(from_day, to_day, from, to, e);
	if (rc) return rc;
	return ratings_repo_unit_range(d, unit_id, from, to, out, e);
}

int ratings_count_case(db *d, int64_t unit_id, int64_t at, bool liked, err *e)
{
	char day[32];
	rating_day_key(at, day);
	return ratings_repo_count_case(d, unit_id, day, liked, e);
}

/* --- an official's figures --- */

static bool may_see_official(db *d, const auth_actor *actor, const auth_actor *off)
{
	if (!actor) return false;
	if (actor->id == off->id) return true;
	if (actor->role == ROLE_INSPECTOR || actor->role == ROLE_HOME_AFFAIRS_INSPECTOR) return true;
	if (actor->role != ROLE_UNIT_HEAD) return false;
	int64_t anc[32];
	int n = auth_unit_ancestors(d, off->unit_id, anc, 32);
	for (int i = 0; i < n; i++)
		if (anc[i] == actor->unit_id) return true;
	return false;
}

static void sum_add(rating_official_sum *to, const rating_official_sum *x, int sign)
{
	to->steps += sign * x->steps;
	to->steps_on_time += sign * x->steps_on_time;
	to->supplements += sign * x->supplements;
	to->rated += sign * x->rated;
	to->very_satisfied += sign * x->very_satisfied;
	to->satisfied += sign * x->satisfied;
	to->unsatisfied += sign * x->unsatisfied;
}

enum { OFFICIAL_PERIOD_MAX_DAYS = 731 };

int ratings_official(db *d, const auth_actor *actor, const char *login, const char *from, const char *to, arena *a,
                     official_report *out, err *e)
{
	memset(out, 0, sizeof *out);
	int found = login && *login ? auth_actor_load(d, login, a, &out->official, e) : 0;
	if (found < 0) return found;
	if (!found || out->official.role == ROLE_CITIZEN || !may_see_official(d, actor, &out->official))
		return err_set(e, MB_ENOTFOUND, "not_found", NULL, "Không có trang này.", "no such page");
	int32_t t = cal_day_of(clock_now()), f = t - 89;
	if (to && *to && cal_parse_date(to, &t))
		return err_set(e, MB_EINVAL, "invalid_field", "to", "Ngày kết thúc phải có dạng YYYY-MM-DD.", "to must be YYYY-MM-DD");
	if (!(from && *from)) f = t - 89;
	else if (cal_parse_date(from, &f))
		return err_set(e, MB_EINVAL, "invalid_field", "from", "Ngày bắt đầu phải có dạng YYYY-MM-DD.", "from must be YYYY-MM-DD");
	if (t < f)
		return err_set(e, MB_EINVAL, "invalid_field", "to", "Ngày kết thúc phải sau ngày bắt đầu.", "to must not be before from");
	if (t - f + 1 > OFFICIAL_PERIOD_MAX_DAYS)
		return err_set(e, MB_EINVAL, "invalid_field", "from", "Khoảng thời gian tối đa là 731 ngày.", "the period is at most 731 days");
	char fs[16], ts[16], fk[32], tk[32];
	cal_format_date(f, fs, sizeof fs);
	cal_format_date(t, ts, sizeof ts);
	out->from = arena_strdup(a, fs);
	out->to = arena_strdup(a, ts);
	int rc = day_bounds(fs, ts, fk, tk, e);
	if (rc) return rc;
	if ((rc = ratings_repo_official_range(d, out->official.id, fk, tk, a, &out->procs, &out->nprocs, e))) return rc;
	out->proc_peers = arena_alloc(a, sizeof *out->proc_peers * (size_t)(out->nprocs ? out->nprocs : 1));
	for (int i = 0; i < out->nprocs; i++) {
		if ((rc = ratings_repo_procedure_range(d, out->procs[i].procedure_id, fk, tk, &out->proc_peers[i], e))) return rc;
		sum_add(&out->proc_peers[i], &out->procs[i], -1);
		sum_add(&out->own, &out->procs[i], 1);
		sum_add(&out->peers, &out->proc_peers[i], 1);
	}
	return ratings_repo_official_recent(d, out->official.id, 20, a, &out->recent, &out->nrecent, e);
}

static json_t *sum_json(const rating_official_sum *s)
{
	return json_pack("{s:I, s:I, s:I, s:I, s:I, s:I, s:I}", "steps", (json_int_t)s->steps, "steps_on_time",
	                 (json_int_t)s->steps_on_time, "supplement_requests", (json_int_t)s->supplements, "ratings",
	                 (json_int_t)s->rated, "very_satisfied", (json_int_t)s->very_satisfied, "satisfied",
	                 (json_int_t)s->satisfied, "unsatisfied", (json_int_t)s->unsatisfied);
}

json_t *ratings_official_json(db *d, const official_report *o, arena *a)
{
	json_t *procs = json_array();
	for (int i = 0; i < o->nprocs; i++) {
		procedure p;
		const char *code = procedures_get_by_id(d, o->procs[i].procedure_id, a, &p, NULL) == 1 ? p.code : "";
		json_array_append_new(procs, json_pack("{s:s, s:o, s:o}", "procedure", code, "own", sum_json(&o->procs[i]),
		                                       "peers", sum_json(&o->proc_peers[i])));
	}
	json_t *recent = json_array();
	for (int i = 0; i < o->nrecent; i++)
		json_array_append_new(recent, json_pack("{s:s, s:s, s:s}", "code", o->recent[i].code, "level", o->recent[i].level,
		                                        "day", o->recent[i].day));
	return json_pack("{s:s, s:s, s:s, s:s, s:o, s:o, s:o, s:o}", "login", o->official.login, "unit",
	                 o->official.unit_code ? o->official.unit_code : "", "from", o->from, "to", o->to, "own", sum_json(&o->own),
	                 "peers", sum_json(&o->peers), "procedures", procs, "recent_ratings", recent);
}

/* --- the demo --- */

static const char *const DEMO_UNHAPPY[] = {
	"Phải đi lại ba lần mới xong, lần nào cũng được hẹn hôm sau.",
	"Cán bộ yêu cầu nộp thêm bản sao không có trong danh mục thủ tục.",
	"Trả kết quả chậm so với giấy hẹn mà không được báo trước.",
	"Thái độ tiếp dân chưa niềm nở, hướng dẫn không rõ ràng.",
	"Bị gợi ý nộp thêm tiền để được giải quyết nhanh.",
};
static const char *const DEMO_HAPPY[] = {
	"Cán bộ hướng dẫn tận tình, trả kết quả đúng hẹn.",
	"Thủ tục nhanh gọn, không phải đi lại nhiều.",
	"",
	"",
};

int ratings_demo_rate(db *d, const char *code, const char *secret, uint64_t roll, err *e)
{
	arena a;
	arena_init(&a);
	dossier_row x;
	int rc = dossier_track(d, code, secret, "demo", &a, &x, e);
	if (rc != 1) { arena_free(&a); return rc < 0 ? rc : 0; }
	unsigned p = (unsigned)(roll % 100);
	bool unhappy = x.late ? p < 60 : p < 12;
	rating_input in = {.code = code, .secret = secret, .like = -1, .channel = "web"};
	in.level = unhappy ? "unsatisfied" : p % 2 ? "very_satisfied" : "satisfied";
	in.comment = unhappy ? DEMO_UNHAPPY[(roll >> 8) % 5] : DEMO_HAPPY[(roll >> 8) % 4];
	in.crit[0] = "on_time";
	in.answer[0] = x.late ? "no" : "yes";
	in.crit[1] = "staff_attitude";
	in.answer[1] = unhappy && (roll >> 12) % 2 ? "unsatisfied" : "satisfied";
	in.crit[2] = "visits";
	in.answer[2] = unhappy ? "3" : (roll >> 13) % 3 ? "1" : "2";
	in.crit[3] = "extra_papers";
	in.answer[3] = unhappy && (roll >> 8) % 5 == 1 ? "yes" : "no";
	in.crit[4] = "extra_money";
	in.answer[4] = unhappy && (roll >> 8) % 5 == 4 ? "yes" : "no";
	in.ncrit = 5;
	rating_outcome out;
	rc = ratings_submit(d, NULL, "demo", &in, &a, &out, e);
	arena_free(&a);
	return rc;
}
