/* service.c — case commands. Each runs in ONE transaction: validate, load,
 * ask the rules (rules.c), change the tables, seal the identity, append the
 * event, queue the notification; any failure rolls everything back. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/clock.h"
#include "base/log.h"
#include "base/text.h"
#include "calendar/calendar_db.h"
#include "cases/internal.h"
#include "cases/repo.h"
#include "db/files.h"
#include "dossier/dossier.h"
#include "ratings/ratings.h"
#include "scores/scores.h"
#include "web/i18n.h"

enum { MAX_UPLOAD = 5 * 1024 * 1024, FOLLOW_WINDOW_S = 15 * 60, FOLLOW_MAX_FAILURES = 20,
       RECEIVE_WINDOW_S = 10 * 60, RECEIVE_MAX_PER_ADDRESS = 30 };

/* Reports per address in ten minutes (many citizens share one address behind
 * a mobile carrier's NAT, so the limit stops bursts, not people); the
 * environment variable MINHBACH_REPORT_LIMIT overrides it. */
static int receive_limit(void)
{
	const char *v = getenv("MINHBACH_REPORT_LIMIT");
	long n = v ? strtol(v, NULL, 10) : 0;
	return n > 0 && n <= 1000000000 ? (int)n : RECEIVE_MAX_PER_ADDRESS;
}

/* Where denunciations go first, and second-level cases of the province. */
static const char INSPECTORATE[] = "thanh-tra-tinh";

static case_notify_fn g_notify;
static const ledger_keys *g_keys;

void case_set_notifier(case_notify_fn fn) { g_notify = fn; }

static case_conclude_fn g_conclude;
void case_set_conclude_hook(case_conclude_fn fn) { g_conclude = fn; }
static case_record_fn g_record;
void case_set_record_hook(case_record_fn fn) { g_record = fn; }
int case_record_extend(db *d, int64_t account_id, struct json_t *record, err *e)
{
	return g_record ? g_record(d, account_id, record, e) : 0;
}
void case_set_signing_keys(const ledger_keys *k) { g_keys = k; }

static const char *iso(arena *a, int64_t t)
{
	if (!t) return NULL;
	char s[32];
	clock_iso_utc(t, s, sizeof s);
	return arena_strdup(a, s);
}

static bool blank(const char *s) { return !s || !*s; }

static bool unit_within(db *d, int64_t unit, int64_t ancestor)
{
	if (!unit || !ancestor) return false;
	int64_t anc[32];
	int n = auth_unit_ancestors(d, unit, anc, 32);
	for (int i = 0; i < n; i++)
		if (anc[i] == ancestor) return true;
	return false;
}

static bool protected_kind(const char *kind)
{
	return !strcmp(kind, "denunciation") || !strcmp(kind, "information");
}

static bool is_staff_role(auth_role r)
{
	return r == ROLE_COUNTER_OFFICER || r == ROLE_PROCESSING_OFFICER || r == ROLE_UNIT_HEAD ||
	       r == ROLE_INSPECTOR || r == ROLE_HOME_AFFAIRS_INSPECTOR;
}

/* The official reported on, or — for a denunciation — anyone its exclusion
 * set covers (case_subjects, through the one SQL predicate of repo.c). An
 * error counts as excluded. */
bool case_excluded(db *d, const auth_actor *actor, const case_row *row)
{
	if (!actor) return false;
	if (row->subject_account_id && actor->id == row->subject_account_id) return true;
	if (!protected_kind(row->kind)) return false;
	err e = {0};
	return case_repo_excluded(d, row->id, actor->id, actor->unit_id, &e) != 0;
}

bool case_unit_excluded(db *d, const case_row *row, int64_t unit_id)
{
	if (!protected_kind(row->kind)) return false;
	err e = {0};
	return case_repo_excluded(d, row->id, 0, unit_id, &e) != 0;
}

case_actor case_actor_of(db *d, const auth_actor *actor, const case_row *row)
{
	case_actor ca;
	memset(&ca, 0, sizeof ca);
	if (!actor) return ca;
	ca.account_id = actor->id;
	ca.role = actor->role;
	ca.in_scope = is_staff_role(actor->role) && unit_within(d, row->unit_id, actor->unit_id);
	ca.in_subject_unit = case_excluded(d, actor, row);
	ca.is_reporter = row->reporter_account_id && row->reporter_account_id == actor->id;
	return ca;
}

bool case_visible(db *d, const auth_actor *actor, const case_row *row)
{
	if (!actor) return false;
	if (actor->role == ROLE_CITIZEN) return row->reporter_account_id && row->reporter_account_id == actor->id;
	bool prot = protected_kind(row->kind);
	if (prot && case_excluded(d, actor, row)) return false;
	if (actor->role == ROLE_INSPECTOR || actor->role == ROLE_HOME_AFFAIRS_INSPECTOR) return true;
	if (actor->role == ROLE_OVERSEER) return !prot;
	if (!is_staff_role(actor->role)) return false;
	return unit_within(d, row->unit_id, actor->unit_id);
}

/* --- the rules in force --- */

int case_env_load(db *d, int64_t rule_set_id, int64_t at, arena *a, case_env *env, err *e)
{
	memset(env, 0, sizeof *env);
	char date[16];
	int y, m, dd;
	cal_ymd(cal_day_of(at), &y, &m, &dd);
	snprintf(date, sizeof date, "%04d-%02d-%02d", y, m, dd);
	rule_set rs;
	int rc = calendar_load(d, date, &env->cal, &rs, e);
	if (rc) return rc;
	rc = case_repo_rules(d, rule_set_id, date, a, &env->rules, e);
	if (rc == 0) rc = err_set(e, MB_EINTERNAL, "no_rule_set", NULL, "Thiếu quy định về thời hạn giải quyết đơn.",
	                          "the case time limits are missing");
	if (rc < 0) { cal_free(&env->cal); return rc; }
	return 0;
}

void case_env_free(case_env *env)
{
	cal_free(&env->cal);
}

/* --- notifications --- */

int case_identity_email(db *d, const case_row *row, arena *a, const char **email, err *e)
{
	*email = "";
	unsigned char *nonce, *sealed;
	size_t nn, sn;
	int rc = case_repo_identity_get(d, row->id, a, &nonce, &nn, &sealed, &sn, e);
	if (rc <= 0) return rc;
	case_identity id;
	if (case_vault_open(row->code, nonce, nn, sealed, sn, a, &id, e)) return MB_EINTERNAL;
	*email = id.email;
	return 0;
}

/* email: the reporter's, when the caller has it in hand with the row as the
 * command left it (a new report: the row just inserted, its unit's names read
 * before the transaction); NULL to open the vault and read the row again. */
static int notify_reporter(db *d, const case_row *row, const char *email, arena *a, err *e)
{
	if (!g_notify || row->anonymous) return 0;
	if (email) return *email ? g_notify(d, row, "status", email, row->lang, a, e) : 0;
	if (case_identity_email(d, row, a, &email, e)) return MB_EINTERNAL;
	if (!*email) return 0;
	/* As the command left it (the unit's names after a transfer). */
	case_row fresh;
	if (case_repo_get_by_id(d, row->id, a, &fresh, e) != 1) return MB_EINTERNAL;
	return g_notify(d, &fresh, "status", email, fresh.lang, a, e);
}

/* --- receiving --- */

static int64_t inspectorate_id(db *d)
{
	int64_t id = 0;
	err e = {0};
	return auth_unit_id(d, INSPECTORATE, &id, &e) == 1 ? id : 0;
}

/* The unit that handles a denunciation with this exclusion set: the first
 * designated handler (table case_denunciation_handlers) it does not cover;
 * when every one is covered, the province's root. */
static int route_protected(db *d, const case_subject *s, int ns, arena *a, int64_t *unit, bool *beyond, err *e)
{
	enum { MAXH = 8, MAXD = 32 };
	int64_t *ids;
	int nh = 0;
	if (case_repo_denunciation_handlers(d, a, &ids, &nh, e)) return MB_EINTERNAL;
	if (nh > MAXH) nh = MAXH;
	int64_t chains[MAXH][MAXD];
	const int64_t *cp[MAXH];
	int nc[MAXH];
	for (int i = 0; i < nh; i++) {
		nc[i] = auth_unit_ancestors(d, ids[i], chains[i], MAXD);
		cp[i] = chains[i];
	}
	int h = case_rules_route(s, ns, cp, nc, nh, beyond);
	if (h >= 0) {
		*unit = ids[h];
		return 0;
	}
	int64_t up[MAXD];
	int n = nh ? 0 : auth_unit_ancestors(d, s[0].unit_id, up, MAXD);
	*unit = nh ? chains[0][nc[0] - 1] : n ? up[n - 1] : 0;
	if (!*unit)
		return err_set(e, MB_EINTERNAL, "no_handler", NULL, "Chưa có đơn vị xử lý tố cáo.", "no unit handles denunciations");
	return 0;
}

static case_inspection_check_fn g_inspection_check;
void case_set_inspection_check(case_inspection_check_fn fn) { g_inspection_check = fn; }

int case_inspection_of(db *d, int64_t case_id, arena *a, const char **ref, err *e)
{
	return case_repo_link_of(d, case_id, "business_inspection", a, ref, e);
}

int case_inspection_reports(db *d, int limit, arena *a, case_link_row **out, int *n, err *e)
{
	return case_repo_links_recent(d, "business_inspection", limit, a, out, n, e);
}

/* Validates a new report into row; fills identity checks. */
static int build_new(db *d, const auth_actor *actor, const case_input *in, arena *a, case_row *row,
                     case_kind *kind, case_subject *subject, bool *beyond, err *e)
{
	case_category cat;
	case_channel ch = CH_WEB;
	if (case_kind_parse(in->kind, kind) || *kind == CK_INFORMATION)
		return err_set(e, MB_EINVAL, "invalid_field", "kind", "Hãy chọn loại đơn: phản ánh, kiến nghị, khiếu nại hoặc tố cáo.",
		               "choose the kind: feedback, petition, complaint or denunciation");
	if (case_category_parse(in->category, &cat))
		return err_set(e, MB_EINVAL, "invalid_field", "category", "Hãy chọn nội dung phản ánh.", "choose a category");
	if (!blank(in->channel) && case_channel_parse(in->channel, &ch))
		return err_set(e, MB_EINVAL, "invalid_field", "channel", "Kênh tiếp nhận không hợp lệ.", "unknown channel");
	/* Who may record which channel: the public on the web, the system for
	 * e-mail and Open311, staff for calls, visits and letters. */
	bool ok_channel = !actor ? (ch == CH_WEB || ch == CH_EMAIL || ch == CH_OPEN311)
	                : actor->role == ROLE_CITIZEN ? ch == CH_WEB
	                : is_staff_role(actor->role) ? (ch == CH_HOTLINE || ch == CH_IN_PERSON || ch == CH_POST || ch == CH_EMAIL || ch == CH_WEB)
	                : false;
	if (!ok_channel)
		return err_set(e, MB_EFORBIDDEN, "forbidden", "channel", "Tài khoản này không được ghi nhận đơn qua kênh này.",
		               "this account may not record reports through this channel");
	if (text_check_field(in->title, "title", 200, true, e) || text_check_field(in->body, "body", 10000, true, e) ||
	    text_check_field(in->subject_name, "subject_name", 120, false, e) ||
	    text_check_field(in->address_string, "address_string", 300, false, e))
		return e->status;
	if (!blank(in->incident_date)) {
		int32_t day;
		if (cal_parse_date(in->incident_date, &day) || day > cal_day_of(clock_now()))
			return err_set(e, MB_EINVAL, "invalid_field", "incident_date", "Ngày không hợp lệ (YYYY-MM-DD, không ở tương lai).",
			               "invalid date (YYYY-MM-DD, not in the future)");
	}
	if (in->has_lat && (in->lat < -90 || in->lat > 90 || in->lon < -180 || in->lon > 180))
		return err_set(e, MB_EINVAL, "invalid_field", "lat", "Toạ độ không hợp lệ.", "invalid coordinates");
	if (!blank(in->lang) && strcmp(in->lang, "vi") && strcmp(in->lang, "en"))
		return err_set(e, MB_EINVAL, "invalid_field", "lang", "Ngôn ngữ không hợp lệ.", "unknown language");

	int64_t unit_id = 0;
	int rc = blank(in->unit_code) ? 0 : auth_unit_id(d, in->unit_code, &unit_id, e);
	if (rc < 0) return rc;
	if (rc == 0) return err_set(e, MB_EINVAL, "invalid_field", "unit", "Hãy chọn đơn vị bị phản ánh.", "choose the unit concerned");
	row->subject_unit_id = unit_id;
	if (!blank(in->official_login)) {
		case_person p;
		int64_t subject_unit;
		rc = case_repo_person(d, in->official_login, 0, a, &p, NULL, e);
		if (rc < 0) return rc;
		if (rc == 0 || !strcmp(p.role, "citizen") || auth_unit_id(d, p.unit_code, &subject_unit, e) != 1)
			return err_set(e, MB_EINVAL, "invalid_field", "official", "Không có cán bộ này.", "no such official");
		row->subject_account_id = p.id;
		/* The unit reported on is the one the official belongs to, whatever
		 * unit the reporter picked. */
		row->subject_unit_id = subject_unit;
		if (blank(in->subject_name)) row->subject_name = arena_printf(a, "%s", p.display_name);
	}
	if (!blank(in->dossier_code)) {
		if (strlen(in->dossier_code) > 40)
			return err_set(e, MB_EINVAL, "invalid_field", "dossier", "Mã hồ sơ không hợp lệ.", "invalid dossier code");
		row->dossier_code = in->dossier_code;
	}
	/* A business inspection the report is about: the room that keeps them says whether it exists. */
	if (!blank(in->inspection)) {
		if (!g_inspection_check || strlen(in->inspection) > 40)
			return err_set(e, MB_EINVAL, "invalid_field", "inspection", "Không có cuộc thanh tra, kiểm tra này.", "no such inspection");
		if ((rc = g_inspection_check(d, in->inspection, a, e))) return rc;
	}
	/* Identity: required unless anonymous; a formal complaint or denunciation
	 * needs a name and an address (Law on Complaints Art. 8, Law on
	 * Denunciation Art. 23). */
	const case_identity *id = &in->identity;
	if (in->anonymous) {
		if (!blank(id->name) || !blank(id->phone) || !blank(id->email) || !blank(id->address) || !blank(id->id_number))
			return err_set(e, MB_EINVAL, "invalid_field", "anonymous", "Đơn nặc danh không ghi họ tên, địa chỉ hay liên lạc.",
			               "an anonymous report carries no name, address or contact");
	} else {
		if (text_check_field(id->name, "name", 120, true, e) || text_check_field(id->address, "address", 300, false, e) ||
		    text_check_field(id->phone, "phone", 40, false, e) || text_check_field(id->email, "email", 254, false, e) ||
		    text_check_field(id->id_number, "id_number", 20, false, e))
			return e->status;
		if (!blank(id->email) && (!strchr(id->email, '@') || strchr(id->email, ' ') || strchr(id->email, '\n')))
			return err_set(e, MB_EINVAL, "invalid_field", "email", "Địa chỉ thư điện tử không hợp lệ.", "invalid e-mail address");
		if ((*kind == CK_COMPLAINT || *kind == CK_DENUNCIATION) && blank(id->address))
			return err_set(e, MB_EINVAL, "invalid_field", "address",
			               "Khiếu nại, tố cáo phải ghi địa chỉ của người gửi (hoặc gửi nặc danh như một thông tin).",
			               "a complaint or denunciation needs the sender's address (or send it anonymously as information)");
	}
	if (in->nuploads < 0 || in->nuploads > (int)(sizeof in->uploads / sizeof in->uploads[0]))
		return err_set(e, MB_EINVAL, "invalid_field", "files", "Quá nhiều tệp đính kèm.", "too many attachments");
	for (int i = 0; i < in->nuploads; i++) {
		if (in->uploads[i].size > MAX_UPLOAD)
			return err_set(e, MB_ETOOBIG, "too_large", "files", "Mỗi tệp đính kèm không quá 5 MB.", "each attachment is at most 5 MB");
		if (!db_file_sniff(in->uploads[i].data, in->uploads[i].size))
			return err_set(e, MB_EINVAL, "invalid_field", "files", "Chỉ nhận tệp PDF, JPEG hoặc PNG.",
			               "only PDF, JPEG or PNG files are accepted");
		if (text_check_field(in->uploads[i].name, "files", 200, false, e)) return e->status;
	}

	*kind = case_rules_effective_kind(*kind, in->anonymous);
	row->kind = case_kind_name(*kind);
	row->category = case_category_name(cat);
	row->channel = case_channel_name(ch);
	row->anonymous = in->anonymous;
	row->title = in->title;
	row->body = in->body;
	row->incident_date = blank(in->incident_date) ? NULL : in->incident_date;
	if (!row->subject_name) row->subject_name = in->subject_name ? in->subject_name : "";
	row->address_string = in->address_string ? in->address_string : "";
	row->has_lat = in->has_lat;
	row->lat = in->lat;
	row->lon = in->lon;
	row->lang = blank(in->lang) ? "vi" : in->lang;
	row->reporter_account_id = actor && actor->role == ROLE_CITIZEN ? actor->id : 0;
	row->entered_by = actor && actor->role != ROLE_CITIZEN ? actor->id : 0;
	/* Denunciations (and anonymous information) go to the first designated
	 * handler that they do not name (the Provincial Inspectorate, else the
	 * Chairman's designated handler), never to a unit they name; everything
	 * else goes to the unit concerned. */
	*beyond = false;
	memset(subject, 0, sizeof *subject);
	if (!protected_kind(row->kind)) {
		row->unit_id = unit_id;
		return 0;
	}
	subject->account_id = row->subject_account_id;
	subject->unit_id = row->subject_unit_id;
	subject->scope = case_rules_subject_scope(!case_repo_unit_parent(d, row->subject_unit_id), false);
	return route_protected(d, subject, 1, a, &row->unit_id, beyond, e);
}

static int store_uploads(db *d, const case_row *row, const case_input *in, arena *a, json_t *files, err *e)
{
	for (int i = 0; i < in->nuploads; i++) {
		const case_upload *u = &in->uploads[i];
		const char *type = db_file_sniff(u->data, u->size);
		char sha[65];
		const void *bytes = u->data;
		size_t n = u->size;
		unsigned char *sealed = NULL;
		if (u->sealed) {
			if (case_vault_seal_bytes(row->code, u->data, u->size, a, &sealed, &n, e)) return MB_EINTERNAL;
			bytes = sealed;
		}
		if (db_file_store(d, bytes, n, u->sealed ? "application/octet-stream" : type, sha, e) ||
		    case_repo_case_file_add(d, row->id, sha, u->name ? u->name : "", type, (int64_t)u->size, u->sealed, e))
			return MB_EINTERNAL;
		/* Sealed files are named in the ledger by their sealed bytes only. */
		json_array_append_new(files, json_pack("{s:s, s:I, s:b}", "sha256", sha, "size", (json_int_t)u->size,
		                                       "sealed", u->sealed));
	}
	return 0;
}

static int throttle(db *d, const char *bucket, const char *addr, int64_t window, int max, int64_t now, err *e)
{
	if (blank(addr)) return 0;
	int n = 0;
	if (db_throttle_count(d, bucket, addr, now - window, max, &n, e)) return MB_EINTERNAL;
	if (n >= max)
		return err_set(e, MB_ELIMIT, "rate_limited", NULL, "Gửi quá nhiều lần trong thời gian ngắn. Hãy thử lại sau ít phút.",
		               "too many submissions in a short time; try again in a few minutes");
	return 0;
}

/* --- the officials a conclusion names --- */

enum { MAX_NAMED = 10 };

/* The logins of a conclusion (comma, semicolon, space or newline separated):
 * each an official (not a citizen), at most MAX_NAMED, each once. */
static int conclusion_officials(db *d, const char *list, arena *a, case_person *out, int *n, err *e)
{
	*n = 0;
	if (blank(list)) return 0;
	char *copy = arena_strdup(a, list);
	for (char *p = copy; *p;) {
		size_t skip = strspn(p, ",; \t\r\n");
		p += skip;
		if (!*p) break;
		size_t len = strcspn(p, ",; \t\r\n");
		char *login = arena_strndup(a, p, len);
		p += len;
		case_person who;
		int rc = len <= 64 ? case_repo_person(d, login, 0, a, &who, NULL, e) : 0;
		if (rc < 0) return rc;
		if (rc == 0 || !strcmp(who.role, "citizen"))
			return err_set(e, MB_EINVAL, "invalid_field", "officials",
			               "Không có cán bộ với tên đăng nhập này; hãy ghi tên đăng nhập của cán bộ, công chức (không phải công dân).",
			               "no official has this login; give the logins of officials (not citizens)");
		bool seen = false;
		for (int i = 0; i < *n; i++) seen |= out[i].id == who.id;
		if (seen) continue;
		if (*n == MAX_NAMED)
			return err_set(e, MB_EINVAL, "invalid_field", "officials", "Ghi tối đa 10 cán bộ.", "at most 10 officials");
		out[(*n)++] = who;
	}
	return 0;
}

/* Records the sanction on each named official's record (in the unit they
 * belong to) and, for a denunciation, adds each one to its exclusion set:
 * from now on they no longer see it. */
static int conclusion_name(db *d, const case_row *row, const case_person *named, int n, const char *sanction,
                           bool corruption, int64_t now, json_t *payload, err *e)
{
	json_t *logins = json_array();
	json_object_set_new(payload, "officials", logins);
	for (int i = 0; i < n; i++) {
		int rc = case_repo_sanction_add(d, named[i].id, row->id, named[i].unit_id, sanction, corruption, now, e);
		if (rc) return rc;
		json_array_append_new(logins, json_string(named[i].login));
		if (!protected_kind(row->kind)) continue;
		case_subject s = {named[i].id, named[i].unit_id,
		                  case_rules_subject_scope(!case_repo_unit_parent(d, named[i].unit_id),
		                                           unit_within(d, row->unit_id, named[i].unit_id))};
		if ((rc = case_repo_subject_add(d, row->id, &s, "conclusion", now, e))) return rc;
	}
	return 0;
}

/* --- the command --- */

static const char *names_for_redaction(db *d, const case_row *row, arena *a)
{
	unsigned char *nonce, *sealed;
	size_t nn, sn;
	err e2 = {0};
	if (case_repo_identity_get(d, row->id, a, &nonce, &nn, &sealed, &sn, &e2) != 1) return NULL;
	case_identity id;
	if (case_vault_open(row->code, nonce, nn, sealed, sn, a, &id, &e2)) return NULL;
	return id.name;
}

static int64_t target_unit_for_escalation(db *d, int64_t unit_id)
{
	int64_t parent = case_repo_unit_parent(d, unit_id);
	/* Above a department or a commune is the Provincial People's Committee,
	 * advised on complaints by the Provincial Inspectorate. */
	if (!parent || !case_repo_unit_parent(d, parent)) {
		int64_t insp = inspectorate_id(d);
		return insp && insp != unit_id ? insp : (parent ? parent : unit_id);
	}
	return parent;
}

/* The risk mark of a due time, as the deadline job computes it. */
static const char *case_risk(const case_env *env, int64_t due_at, int64_t now)
{
	int64_t at_risk = (int64_t)env->rules.remind_working_hours * 60;
	return due_at ? dossier_risk_name(dossier_rules_risk(&env->cal, due_at, now, at_risk)) : "on_time";
}

int case_exec(db *d, const auth_actor *actor, case_cmd cmd, const char *code, const case_input *in,
              arena *a, case_result *out, err *e)
{
	static const case_input empty;
	if (!in) in = &empty;
	int64_t now = clock_now();
	bool creating = cmd == CC_RECEIVE;
	case_row row;
	memset(&row, 0, sizeof row);
	row.at_fault = -1;
	case_env env;
	memset(&env, 0, sizeof env);
	bool env_loaded = false;
	case_kind kind = CK_FEEDBACK;
	int rc;
	json_t *payload = NULL;
	case_subject subject = {0};
	case_concluded concluded;
	memset(&concluded, 0, sizeof concluded);
	bool beyond = false;
	const char *new_unit_code = NULL;   /* a new report: its unit's code, read before the transaction */
	memset(out, 0, sizeof *out);

	if (!creating && (blank(code) || !case_rules_code_valid(code)))
		return err_set(e, MB_ENOTFOUND, "not_found", "code", "Không có đơn này.", "no such case");
	if (!creating && !actor && cmd != CC_RATE && cmd != CC_WITHDRAW)
		return err_set(e, MB_EUNAUTH, "unauthenticated", NULL, "Hãy đăng nhập.", "sign in first");

	if (creating) {
		/* A new report is validated and prepared (the unit, the official,
		 * the routing, the rules and the calendar in force) before the write
		 * transaction begins: the writers' lock is held only for the writes. */
		if ((rc = build_new(d, actor, in, a, &row, &kind, &subject, &beyond, e))) return rc;
		row.state = "none";
		row.received_at = now;
		if ((rc = case_env_load(d, 0, now, a, &env, e))) return rc;
		env_loaded = true;
		row.rule_set_id = env.rules.rule_set_id;
		rc = case_repo_unit_names(d, row.unit_id, a, &row, e);
		if (rc <= 0) {
			case_env_free(&env);
			return rc < 0 ? rc : err_set(e, MB_EINTERNAL, "internal", NULL, "Không có đơn vị xử lý.", "no handling unit");
		}
		new_unit_code = row.unit_code;
	}
	if (db_begin(d, e)) {
		if (env_loaded) case_env_free(&env);
		return MB_EINTERNAL;
	}
	if (!creating) {
		rc = case_repo_get(d, code, a, &row, e);
		if (rc == 0) { err_set(e, MB_ENOTFOUND, "not_found", "code", "Không có đơn này.", "no such case"); goto fail; }
		if (rc < 0) goto fail;
		if (case_kind_parse(row.kind, &kind)) kind = CK_FEEDBACK;
		if ((rc = case_env_load(d, row.rule_set_id, now, a, &env, e))) goto fail;
		env_loaded = true;
	}

	case_state cur;
	if (case_state_parse(row.state, &cur)) cur = CS_NONE;
	case_snapshot snap = {cur, kind, row.anonymous, row.phase_extensions, row.reopened, row.handler_account_id,
	                      row.reporter_account_id, row.due_at};
	case_actor ca = {0};
	if (actor && !creating) ca = case_actor_of(d, actor, &row);
	else if (actor) { ca.account_id = actor->id; ca.role = actor->role; }
	if (!creating && (cmd == CC_RATE || cmd == CC_WITHDRAW) && !blank(in->secret)) {
		if (!dossier_secret_matches(row.code, in->secret, row.secret_hash)) {
			err_set(e, MB_EFORBIDDEN, "forbidden", "secret", "Mã tra cứu không đúng.", "the look-up secret is wrong");
			goto fail;
		}
		ca.is_reporter = true;
		ca.anonymous_reporter = !actor;
	}
	case_state next;
	bool escalate = false;
	if ((rc = case_rules_decide(&snap, cmd, &ca, &env.rules, in->satisfied, &next, &escalate, e))) goto fail;

	payload = json_object();
	const char *reason = blank(in->reason) ? NULL : in->reason;
	case_phase old_phase = case_rules_phase(cur), new_phase = case_rules_phase(next);
	int64_t old_due = row.due_at;
	rc = 0;
	switch (cmd) {
	case CC_RECEIVE: {
		/* Spam bursts: at most a few reports per address in ten minutes. */
		const char *addr = actor && actor->role != ROLE_CITIZEN ? NULL : in->client_addr;
		if ((rc = throttle(d, "case_receive", addr, RECEIVE_WINDOW_S, receive_limit(), now, e)) ||
		    (!blank(addr) && (rc = db_throttle_add(d, "case_receive", addr, now, e))))
			break;
		char full[48], prefix[32];
		case_rules_code(now, 0, full, sizeof full);
		snprintf(prefix, sizeof prefix, "%.9s", full);
		int serial = 0;
		if ((rc = case_repo_next_serial(d, prefix, &serial, e))) break;
		case_rules_code(now, serial, full, sizeof full);
		row.code = arena_strdup(a, full);
		dossier_secret_new(out->secret);
		char sh[65];
		dossier_secret_hash(row.code, out->secret, sh);
		row.due_at = case_rules_due(&env.cal, &env.rules.clocks[kind][CP_INITIAL], now);
		/* Inserted as the command leaves it (state, due time, risk): no
		 * update of the row just written. */
		row.state = case_state_name(next);
		row.risk = case_risk(&env, row.due_at, now);
		if ((rc = case_repo_insert(d, &row, sh, e))) break;
		if (!row.anonymous) {
			unsigned char *nonce, *sealed;
			size_t nn, sn;
			if ((rc = case_vault_seal(row.code, &in->identity, a, &nonce, &nn, &sealed, &sn, e)) ||
			    (rc = case_repo_identity_put(d, row.id, nonce, nn, sealed, sn, e)))
				break;
		}
		json_t *files = json_array();
		json_object_set_new(payload, "files", files);
		if ((rc = store_uploads(d, &row, in, a, files, e))) break;
		if (protected_kind(row.kind) && (subject.account_id || subject.unit_id) &&
		    (rc = case_repo_subject_add(d, row.id, &subject, "report", now, e)))
			break;
		/* Named the province's own People's Committee: the Prime Minister is
		 * competent (Law on Denunciation Art. 13(6)); the handler records it
		 * and forwards it to the Government Inspectorate. */
		if (beyond) json_object_set_new(payload, "beyond_province", json_true());
		rc = case_repo_step_open(d, row.id, row.state, row.unit_id, 0, now, row.due_at,
		                         beyond ? N_("Ngoài thẩm quyền của tỉnh: chuyển Thanh tra Chính phủ") : "", e);
		json_object_set_new(payload, "kind", json_string(row.kind));
		json_object_set_new(payload, "category", json_string(row.category));
		json_object_set_new(payload, "channel", json_string(row.channel));
		json_object_set_new(payload, "anonymous", json_boolean(row.anonymous));
		json_object_set_new(payload, "subject_unit", json_string(in->unit_code));
		if (row.dossier_code) json_object_set_new(payload, "dossier", json_string(row.dossier_code));
		if (!blank(in->inspection)) {
			if ((rc = case_repo_link_add(d, row.id, "business_inspection", in->inspection, now, e))) break;
			json_object_set_new(payload, "inspection", json_string(in->inspection));
		}
		json_object_set_new(payload, "rule_set", json_integer(row.rule_set_id));
		if (row.incident_date) {
			int32_t inc = 0;
			cal_parse_date(row.incident_date, &inc);
			if (case_rules_time_barred(kind, inc, cal_day_of(now)))
				json_object_set_new(payload, "time_barred_warning", json_true());
		}
		break;
	}
	case CC_ACCEPT:
		row.accepted_at = now;
		row.due_at = case_rules_due(&env.cal, &env.rules.clocks[kind][CP_SETTLE], now);
		break;
	case CC_NOT_ACCEPT:
	case CC_WITHDRAW:
		if ((rc = text_check_reason(reason, "reason", 2000, true, e))) break;
		row.reason = reason;
		row.closed_at = now;
		row.due_at = 0;
		json_object_set_new(payload, "reason", json_string(reason));
		break;
	case CC_TRANSFER: {
		if ((rc = text_check_reason(reason, "reason", 2000, true, e))) break;
		int64_t to = 0;
		rc = blank(in->to_unit) ? 0 : auth_unit_id(d, in->to_unit, &to, e);
		if (rc < 0) break;
		if (rc == 0 || to == row.unit_id) {
			rc = err_set(e, MB_EINVAL, "invalid_field", "to_unit", "Hãy chọn đơn vị có thẩm quyền khác đơn vị hiện tại.",
			             "choose a competent unit other than the current one");
			break;
		}
		if (case_unit_excluded(d, &row, to)) {
			rc = err_set(e, MB_EINVAL, "invalid_field", "to_unit",
			             "Không được chuyển tố cáo cho đơn vị bị tố cáo, đơn vị của người bị tố cáo hoặc đơn vị cấp dưới của các đơn vị đó.",
			             "a denunciation may not be transferred to a unit it names, the unit of an official it names, or a unit below them");
			break;
		}
		rc = 0;
		json_object_set_new(payload, "from_unit", json_string(row.unit_code));
		json_object_set_new(payload, "to_unit", json_string(in->to_unit));
		json_object_set_new(payload, "reason", json_string(reason));
		row.unit_id = to;
		row.handler_account_id = 0;
		row.transfers++;
		row.reason = reason;
		row.due_at = case_rules_due(&env.cal, &env.rules.clocks[kind][CP_INITIAL], now);
		break;
	}
	case CC_ASSIGN: {
		case_person p;
		rc = blank(in->to_login) ? 0 : case_repo_person(d, in->to_login, 0, a, &p, NULL, e);
		if (rc < 0) break;
		int64_t p_unit = 0;
		bool ok = rc == 1 && (!strcmp(p.role, "processing_officer") || !strcmp(p.role, "unit_head") ||
		                      !strcmp(p.role, "inspector")) &&
		          auth_unit_id(d, p.unit_code, &p_unit, e) == 1 && unit_within(d, p_unit, row.unit_id);
		rc = 0;
		if (!ok) {
			rc = err_set(e, MB_EINVAL, "invalid_field", "to_login", "Người được giao phải là cán bộ của đơn vị đang giải quyết.",
			             "the assignee must be an official of the handling unit");
			break;
		}
		auth_actor who = {.id = p.id, .unit_id = p_unit};
		if (case_excluded(d, &who, &row)) {
			rc = err_set(e, MB_EINVAL, "invalid_field", "to_login", "Không giao cho người bị phản ánh, tố cáo hoặc đồng nghiệp cùng đơn vị bị tố cáo.",
			             "not to the official reported on, nor to staff of the unit denounced");
			break;
		}
		if (p.id == row.handler_account_id) {
			rc = err_set(e, MB_EINVAL, "invalid_field", "to_login", "Người này đang xử lý đơn.", "that official already handles the case");
			break;
		}
		json_object_set_new(payload, "to", json_string(p.login));
		row.handler_account_id = p.id;
		if (cur == CS_REOPENED) row.due_at = row.due_at ? row.due_at : case_rules_due(&env.cal, &env.rules.clocks[kind][CP_SETTLE], now);
		break;
	}
	case CC_EXTEND: {
		if ((rc = text_check_reason(reason, "reason", 2000, true, e))) break;
		const case_clock *k = &env.rules.clocks[kind][case_rules_phase(cur)];
		row.due_at = case_rules_extend(&env.cal, k, row.due_at ? row.due_at : now);
		row.phase_extensions++;
		json_object_set_new(payload, "reason", json_string(reason));
		json_object_set_new(payload, "citation", json_string(k->citation ? k->citation : ""));
		break;
	}
	case CC_VERIFY:
		if ((rc = text_check_field(in->findings, "findings", 20000, true, e))) break;
		row.findings = in->findings;
		json_object_set_new(payload, "findings_sha256", json_null());
		break;
	case CC_CONCLUDE: {
		if ((rc = text_check_field(in->conclusion, "conclusion", 20000, true, e))) break;
		if (in->at_fault != 0 && in->at_fault != 1) {
			rc = err_set(e, MB_EINVAL, "invalid_field", "at_fault", "Hãy ghi rõ có hay không có sai phạm.",
			             "say whether there was a fault");
			break;
		}
		if ((rc = text_check_field(in->sanction, "sanction", 2000, false, e)) ||
		    (rc = text_check_field(in->officials, "officials", 1000, false, e)))
			break;
		case_person named[MAX_NAMED];
		int nnamed = 0;
		if ((rc = conclusion_officials(d, in->officials, a, named, &nnamed, e))) break;
		if (nnamed && !in->at_fault) {
			rc = err_set(e, MB_EINVAL, "invalid_field", "officials",
			             "Chỉ ghi tên cán bộ có sai phạm khi kết luận có sai phạm.",
			             "officials are named only in a conclusion at fault");
			break;
		}
		if (nnamed && blank(in->sanction)) {
			rc = err_set(e, MB_EINVAL, "invalid_field", "sanction",
			             "Hãy ghi hình thức xử lý đối với các cán bộ có sai phạm.",
			             "give the sanction decided for the officials at fault");
			break;
		}
		if (!blank(in->sanction) && (!in->at_fault || (!nnamed && !row.subject_account_id))) {
			rc = err_set(e, MB_EINVAL, "invalid_field", "sanction",
			             "Chỉ ghi hình thức xử lý khi kết luận có sai phạm của cán bộ xác định (ghi tên đăng nhập của các cán bộ đó).",
			             "a sanction is recorded only when named officials were found at fault (give their logins)");
			break;
		}
		if (in->corruption != 0 && in->corruption != 1) {
			rc = err_set(e, MB_EINVAL, "invalid_field", "corruption", "Hãy ghi rõ sai phạm có phải là tham nhũng hay không.",
			             "say whether the fault is corruption");
			break;
		}
		if (in->corruption && (blank(in->sanction) || !in->at_fault)) {
			rc = err_set(e, MB_EINVAL, "invalid_field", "corruption",
			             "Chỉ ghi nhận hành vi tham nhũng khi kết luận có sai phạm của cán bộ xác định và có hình thức xử lý.",
			             "corruption is recorded only with a conclusion at fault naming officials and their sanction");
			break;
		}
		if (!blank(in->sanction) && !nnamed) {
			/* The official the report named. */
			if ((rc = case_repo_sanction_add(d, row.subject_account_id, row.id, row.subject_unit_id ? row.subject_unit_id : row.unit_id,
			                                 in->sanction, in->corruption == 1, now, e)))
				break;
			json_object_set_new(payload, "sanction_on", json_integer(row.subject_account_id));
			concluded.official_ids[0] = row.subject_account_id;
			concluded.official_unit_ids[0] = row.subject_unit_id ? row.subject_unit_id : row.unit_id;
			concluded.nofficials = 1;
		}
		if (nnamed && (rc = conclusion_name(d, &row, named, nnamed, in->sanction, in->corruption == 1, now, payload, e))) break;
		for (int i = 0; i < nnamed; i++) {
			concluded.official_ids[i] = named[i].id;
			concluded.official_unit_ids[i] = named[i].unit_id;
		}
		if (nnamed) concluded.nofficials = nnamed;
		if (in->corruption == 1) json_object_set_new(payload, "corruption", json_true());
		row.conclusion = in->conclusion;
		row.at_fault = in->at_fault;
		row.concluded_at = now;
		row.late = row.due_at && now > row.due_at;
		row.due_at = 0;
		json_object_set_new(payload, "at_fault", json_boolean(in->at_fault));
		json_object_set_new(payload, "late", json_boolean(row.late));
		break;
	}
	case CC_PUBLISH: {
		if ((rc = text_check_field(in->result_summary, "result_summary", 4000, true, e))) break;
		/* The reporter's name (from the vault) and the official's, as the
		 * reporter wrote it and as the account has it: blanked in every field. */
		const char *names[3] = {names_for_redaction(d, &row, a), row.subject_name, row.subject_official_name};
		int nn = 3;
		row.result_summary = case_rules_redact(in->result_summary, names, nn, a);
		if (row.at_fault == 1) {
			if ((rc = text_check_field(in->apology_what_wrong, "apology_what_wrong", 2000, true, e)) ||
			    (rc = text_check_field(in->apology_what_done, "apology_what_done", 2000, true, e)) ||
			    (rc = text_check_field(in->apology_remedy, "apology_remedy", 2000, true, e)))
				break;
			const char *w = case_rules_redact(in->apology_what_wrong, names, nn, a);
			const char *dn = case_rules_redact(in->apology_what_done, names, nn, a);
			const char *rm = case_rules_redact(in->apology_remedy, names, nn, a);
			/* The unit at fault apologises (as the fault and sanctions count it). */
			if ((rc = case_repo_apology_add(d, row.id, row.subject_unit_id ? row.subject_unit_id : row.unit_id,
			                                w, dn, rm, now, e)))
				break;
			json_object_set_new(payload, "apology", json_pack("{s:s, s:s, s:s}", "what_wrong", w, "what_done", dn, "remedy", rm));
		}
		row.published_at = now;
		row.closed_at = now;
		json_object_set_new(payload, "result_summary", json_string(row.result_summary));
		/* The public index: folded text (tone marks removed, đ→d). */
		case_category cat = CCAT_OTHER;
		case_category_parse(row.category, &cat);
		/* The reporter's own title is not indexed: it may carry names; the
		 * published summary was redacted above. */
		char *txt = arena_printf(a, "%s %s %s %s %s %s", row.code, row.result_summary, row.unit_name_vi,
		                         row.unit_name_en, case_category_label_vi(cat), case_kind_label_vi(kind));
		rc = case_repo_fts_put(d, row.code, text_fold_a(a, txt), e);
		break;
	}
	case CC_RATE:
		if (!in->satisfied && (rc = text_check_reason(reason, "reason", 2000, true, e))) break;
		json_object_set_new(payload, "satisfied", json_boolean(in->satisfied));
		/* The same like/dislike as a dossier's rating: a dislike re-raises the case (F766 5.3). */
		json_object_set_new(payload, "like", json_boolean(in->satisfied));
		if ((rc = ratings_count_case(d, row.unit_id, now, in->satisfied, e))) break;
		if (in->satisfied) {
			row.satisfaction = "satisfied";
			row.confirmed_by = "reporter";
		} else {
			row.satisfaction = "unsatisfied";
			row.reopened++;
			row.closed_at = 0;
			row.handler_account_id = 0;
			row.reason = reason;
			json_object_set_new(payload, "reason", json_string(reason));
			if (escalate) {
				int64_t to = target_unit_for_escalation(d, row.unit_id);
				/* Never up to a unit a denunciation names: it stays. */
				if (case_unit_excluded(d, &row, to)) to = row.unit_id;
				json_object_set_new(payload, "escalated_to", json_string(auth_unit_code(d, to, a)));
				row.unit_id = to;
				row.escalations++;
			}
			row.due_at = case_rules_due(&env.cal, &env.rules.clocks[kind][CP_SETTLE], now);
		}
		break;
	case CC_CONFIRM:
		row.confirmed_by = "inspector";
		break;
	default:
		rc = err_set(e, MB_EINVAL, "invalid_field", "action", "Thao tác không hợp lệ.", "unknown action");
	}
	if (rc) goto fail;

	/* A new due time or phase: reminders and the overdue mark start again. */
	if (row.due_at != old_due || old_phase != new_phase) {
		row.reminded_at = 0;
		row.overdue_at = 0;
		if (old_phase != new_phase) row.phase_extensions = 0;
	}
	row.state = case_state_name(next);
	row.risk = case_risk(&env, row.due_at, now);
	if (!creating) {
		/* The step shows who holds it now, in which unit, due when. */
		if ((rc = case_repo_step_close(d, row.id, now, e))) goto fail;
		if (!case_state_final(next) &&
		    (rc = case_repo_step_open(d, row.id, row.state, row.unit_id, row.handler_account_id, now, row.due_at,
		                              cmd == CC_EXTEND ? reason : "", e)))
			goto fail;
	}
	if (!creating && (rc = case_repo_update(d, &row, e))) goto fail;
	if ((rc = scores_case_changed(d, &(score_case_in){row.id, row.unit_id, row.kind, row.satisfaction, row.dossier_code,
	                                                  row.received_at, row.overdue_at, row.late, row.reopened, creating},
	                              e)))
		goto fail;

	json_object_set_new(payload, "code", json_string(row.code));
	json_object_set_new(payload, "state", json_string(row.state));
	json_object_set_new(payload, "kind", json_string(row.kind));
	if (row.due_at) json_object_set_new(payload, "due_at", json_string(iso(a, row.due_at)));
	const char *unit_code = new_unit_code ? new_unit_code : auth_unit_code(d, row.unit_id, a);
	ledger_actor la = actor ? actor->ledger : (ledger_actor){0, ca.anonymous_reporter ? "reporter" : "public"};
	int64_t seq = 0, event_at = 0;
	char *event_hash = arena_alloc(a, 65);
	rc = ledger_append_ex(d, &la, unit_code, arena_printf(a, "case.%s", case_cmd_name(cmd)),
	                      arena_printf(a, "case:%s", row.code), payload, &seq, event_hash, &event_at, e);
	json_decref(payload);
	payload = NULL;
	if (rc) goto fail;
	if (cmd == CC_CONCLUDE && g_conclude) {
		concluded.case_id = row.id;
		concluded.code = row.code;
		concluded.kind = row.kind;
		concluded.category = row.category;
		concluded.unit_id = row.subject_unit_id ? row.subject_unit_id : row.unit_id;
		concluded.at_fault = row.at_fault == 1;
		concluded.corruption = in->corruption == 1;
		concluded.at = now;
		if ((rc = g_conclude(d, actor, &concluded, e))) goto fail;
	}
	if (creating && in->on_received) {
		out->code = row.code;
		out->state = next;
		out->event_seq = seq;
		out->at = now;
		if ((rc = in->on_received(d, out, in->on_received_ctx, e))) goto fail;
	}
	/* A new report: the reporter's e-mail is the one just sealed, not read
	 * back from the vault. */
	if (next != CS_NONE &&
	    (rc = notify_reporter(d, &row, creating && !row.anonymous ? (in->identity.email ? in->identity.email : "") : NULL, a, e)))
		goto fail;
	if (db_commit(d, e)) { case_env_free(&env); return MB_EINTERNAL; }
	case_env_free(&env);
	out->code = row.code;
	out->state = next;
	out->event_seq = seq;
	out->event_hash = event_hash;
	out->event_at = event_at;
	out->kind = row.kind;
	out->unit_code = unit_code;
	out->due_at = row.due_at;
	out->at = now;
	return 0;

fail:
	json_decref(payload);
	db_rollback(d);
	if (env_loaded) case_env_free(&env);
	return e->status ? e->status : MB_EINTERNAL;
}

/* --- reads --- */

int case_get(db *d, const char *code, arena *a, case_row *out, err *e)
{
	if (!case_rules_code_valid(code)) return 0;
	return case_repo_get(d, code, a, out, e);
}

int case_steps(db *d, int64_t case_id, arena *a, case_step_row **out, int *n, err *e)
{
	return case_repo_steps(d, case_id, a, out, n, e);
}

int case_files(db *d, int64_t case_id, arena *a, case_file_row **out, int *n, err *e)
{
	return case_repo_files(d, case_id, a, out, n, e);
}

int case_apology(db *d, int64_t case_id, arena *a, case_apology_row *out, err *e)
{
	return case_repo_apology_get(d, case_id, a, out, e);
}

int case_follow(db *d, const char *code, const char *secret, const char *addr, arena *a, case_row *out, err *e)
{
	int64_t now = clock_now();
	int fails = 0;
	if (db_throttle_count(d, "case_follow", addr, now - FOLLOW_WINDOW_S, FOLLOW_MAX_FAILURES, &fails, e)) return MB_EINTERNAL;
	if (fails >= FOLLOW_MAX_FAILURES)
		return err_set(e, MB_ELIMIT, "rate_limited", NULL, "Tra cứu sai quá nhiều lần. Hãy thử lại sau 15 phút.",
		               "too many failed look-ups; try again in 15 minutes");
	int rc = 0;
	code = text_code_norm(a, code);   /* any case, surrounding spaces: not a failure */
	secret = text_code_norm(a, secret);
	if (case_rules_code_valid(code) && !blank(secret)) {
		rc = case_repo_get(d, code, a, out, e);
		if (rc < 0) return rc;
		if (rc == 1) rc = dossier_secret_matches(out->code, secret, out->secret_hash);
	}
	if (!rc) db_throttle_add(d, "case_follow", addr, now, NULL);
	return rc;
}

int case_list(db *d, const auth_actor *actor, const case_filter *f, arena *a, case_row **out, int *n, err *e)
{
	*n = 0;
	*out = NULL;
	if (!actor || (!is_staff_role(actor->role) && actor->role != ROLE_OVERSEER))
		return err_set(e, MB_EFORBIDDEN, "forbidden", NULL, "Chỉ cán bộ mới xem được danh sách đơn.",
		               "only staff may list cases");
	const char *view = f && f->view ? f->view : "unit";
	bool all_ok = actor->role == ROLE_INSPECTOR || actor->role == ROLE_HOME_AFFAIRS_INSPECTOR || actor->role == ROLE_OVERSEER;
	if (!strcmp(view, "all") && !all_ok) view = "unit";
	if (strcmp(view, "mine") && strcmp(view, "unit") && strcmp(view, "overdue") && strcmp(view, "all"))
		return err_set(e, MB_EINVAL, "invalid_field", "view", "Danh sách không hợp lệ.", "unknown view");
	int limit = f && f->limit > 0 && f->limit <= 500 ? f->limit : 100;
	int64_t before = 0;
	if (f && f->after && *f->after) {
		case_row last;
		int found = case_rules_code_valid(f->after) ? case_repo_get(d, f->after, a, &last, e) : 0;
		if (found < 0) return found;
		if (!found)
			return err_set(e, MB_EINVAL, "invalid_field", "after", "Không có đơn mang mã này để xem tiếp.", "no case with that code to continue after");
		before = last.id;
	}
	int rc = case_repo_list(d, view, actor->id, actor->unit_id, f && f->state ? f->state : "", f && f->kind ? f->kind : "",
	                        limit, before, a, out, n, e);
	if (rc || actor->role != ROLE_OVERSEER) return rc;
	/* Overseers read no denunciation. */
	int k = 0;
	for (int i = 0; i < *n; i++)
		if (!protected_kind((*out)[i].kind)) (*out)[k++] = (*out)[i];
	*n = k;
	return 0;
}

int case_official(db *d, const char *login, arena *a, case_person *out, err *e)
{
	if (blank(login) || strlen(login) > 64) return 0;
	int rc = case_repo_person(d, login, 0, a, out, NULL, e);
	if (rc <= 0) return rc;
	return strcmp(out->role, "citizen") ? 1 : 0;
}

int case_assignees(db *d, const case_row *row, arena *a, case_person **out, int *n, err *e)
{
	case_person *all;
	int m = 0;
	int rc = case_repo_assignees(d, row->unit_id, a, &all, &m, e);
	if (rc) return rc;
	int k = 0;
	for (int i = 0; i < m; i++) {
		auth_actor who = {.id = all[i].id, .unit_id = all[i].unit_id};
		if (case_excluded(d, &who, row)) continue;
		all[k++] = all[i];
	}
	*out = all;
	*n = k;
	return 0;
}

int case_official_record(db *d, const auth_actor *actor, const char *login, arena *a, case_person *official,
                         case_sanction_row **out, int *n, err *e)
{
	*n = 0;
	*out = NULL;
	int rc = blank(login) ? 0 : case_repo_person(d, login, 0, a, official, NULL, e);
	if (rc < 0) return rc;
	int64_t unit = 0;
	if (rc == 0 || !strcmp(official->role, "citizen") || auth_unit_id(d, official->unit_code, &unit, e) != 1)
		return err_set(e, MB_ENOTFOUND, "not_found", "login", "Không có cán bộ này.", "no such official");
	bool self = actor && actor->id == official->id;
	bool head = actor && actor->role == ROLE_UNIT_HEAD && unit_within(d, unit, actor->unit_id);
	bool insp = actor && (actor->role == ROLE_INSPECTOR || actor->role == ROLE_HOME_AFFAIRS_INSPECTOR);
	if (!self && !head && !insp)
		return err_set(e, MB_EFORBIDDEN, "forbidden", NULL,
		               "Chỉ cán bộ đó, người đứng đầu đơn vị quản lý và thanh tra mới xem được hồ sơ xử lý của cán bộ.",
		               "only the official, the heads of their units and inspectors may read an official's record");
	return case_repo_sanctions(d, official->id, a, out, n, e);
}

int case_official_reports(db *d, int64_t account_id, int limit, arena *a, case_naming_row **out, int *n, err *e)
{
	return case_repo_naming(d, account_id, limit, a, out, n, e);
}

/* --- the vault --- */

/* Who may open the vault of a case, and with which reason: the handler of
 * the handling unit or an inspector; never the official reported on, and for
 * a denunciation nobody its exclusion set covers. */
static int vault_check(db *d, const auth_actor *actor, const case_row *row, const char *reason, err *e)
{
	if (!actor) return err_set(e, MB_EUNAUTH, "unauthenticated", NULL, "Hãy đăng nhập.", "sign in first");
	if (text_check_reason(reason, "reason", 500, true, e)) return e->status;
	bool inspector = actor->role == ROLE_INSPECTOR || actor->role == ROLE_HOME_AFFAIRS_INSPECTOR;
	bool handler = actor->id == row->handler_account_id && unit_within(d, row->unit_id, actor->unit_id);
	bool excluded = case_excluded(d, actor, row);
	if (excluded || !(inspector || handler))
		return err_set(e, MB_EFORBIDDEN, "forbidden", NULL,
		               "Chỉ người được giao xử lý và thanh tra mới được mở thông tin người gửi; cán bộ của đơn vị bị phản ánh không bao giờ được xem.",
		               "only the assigned official and inspectors may open the reporter's identity; staff of the unit reported on never may");
	return 0;
}

/* Records an opening of the vault (table and ledger event) in the caller's transaction. */
static int vault_record(db *d, const auth_actor *actor, const case_row *row, const char *reason, const char *file,
                        arena *a, err *e)
{
	json_t *p = json_pack("{s:s, s:s}", "code", row->code, "reason", reason);
	if (file) json_object_set_new(p, "file", json_string(file));
	int rc = case_repo_identity_read_add(d, row->id, actor->id, clock_now(), reason, e);
	if (!rc) rc = ledger_append(d, &actor->ledger, row->unit_code, "case.identity_opened",
	                            arena_printf(a, "case:%s", row->code), p, NULL, e);
	json_decref(p);
	return rc;
}

int case_file_open(db *d, const auth_actor *actor, const char *code, const char *sha, const char *reason,
                   arena *a, case_file_row *meta, unsigned char **data, size_t *n, err *e)
{
	case_row row;
	int rc = case_get(d, code, a, &row, e);
	if (rc < 0) return rc;
	if (rc == 0 || !case_visible(d, actor, &row) || !actor || actor->role == ROLE_CITIZEN)
		return err_set(e, MB_ENOTFOUND, "not_found", "code", "Không có tệp này.", "no such file");
	case_file_row *files;
	int nf = 0;
	if ((rc = case_repo_files(d, row.id, a, &files, &nf, e))) return rc;
	const case_file_row *f = NULL;
	for (int i = 0; i < nf && sha; i++)
		if (!strcmp(files[i].sha256, sha)) f = &files[i];
	if (!f) return err_set(e, MB_ENOTFOUND, "not_found", "file", "Không có tệp này.", "no such file");
	*meta = *f;
	unsigned char *raw;
	size_t rn;
	if (!f->sealed) return db_file_read(f->sha256, a, data, n, e);
	if (vault_check(d, actor, &row, reason, e)) return e->status;
	if ((rc = db_file_read(f->sha256, a, &raw, &rn, e))) return rc;
	if (db_begin(d, e)) return MB_EINTERNAL;
	if (case_vault_open_bytes(row.code, raw, rn, a, data, n, e) || vault_record(d, actor, &row, reason, f->sha256, a, e) ||
	    db_commit(d, e)) {
		db_rollback(d);
		return e->status ? e->status : MB_EINTERNAL;
	}
	return 0;
}

int case_identity_open(db *d, const auth_actor *actor, const char *code, const char *reason, arena *a,
                       case_identity *out, err *e)
{
	memset(out, 0, sizeof *out);
	if (!actor) return err_set(e, MB_EUNAUTH, "unauthenticated", NULL, "Hãy đăng nhập.", "sign in first");
	case_row row;
	int rc = case_get(d, code, a, &row, e);
	if (rc < 0) return rc;
	if (rc == 0) return err_set(e, MB_ENOTFOUND, "not_found", "code", "Không có đơn này.", "no such case");
	if (vault_check(d, actor, &row, reason, e)) return e->status;
	if (db_begin(d, e)) return MB_EINTERNAL;
	unsigned char *nonce, *sealed;
	size_t nn, sn;
	rc = case_repo_identity_get(d, row.id, a, &nonce, &nn, &sealed, &sn, e);
	if (rc <= 0) { db_rollback(d); return rc; }
	if (case_vault_open(row.code, nonce, nn, sealed, sn, a, out, e)) { db_rollback(d); return MB_EINTERNAL; }
	if (vault_record(d, actor, &row, reason, NULL, a, e) || db_commit(d, e)) {
		db_rollback(d);
		memset(out, 0, sizeof *out);
		return MB_EINTERNAL;
	}
	return 1;
}

/* --- receipts --- */

static void receipt_message(const char *code, const char *filed_at, const char *kind, const char *unit, int64_t seq,
                            const char *hash, char *out, size_t n)
{
	snprintf(out, n, "minhbach receipt v1\ncode=%s\nfiled_at=%s\nkind=%s\nunit=%s\nevent_seq=%lld\nevent_hash=%s",
	         code, filed_at, kind, unit, (long long)seq, hash);
}

static int receipt_sign(const char *code, int64_t at, const char *kind, const char *unit, int64_t seq, const char *hash,
                        case_receipt *out, err *e)
{
	memset(out, 0, sizeof *out);
	if (!g_keys) return err_set(e, MB_EINTERNAL, "no_key", NULL, "Chưa có khoá ký biên nhận.", "no receipt signing key");
	char filed[32];
	clock_iso_utc(at, filed, sizeof filed);
	receipt_message(code, filed, kind, unit, seq, hash, out->message, sizeof out->message);
	unsigned char sig[crypto_sign_BYTES];
	crypto_sign_detached(sig, NULL, (const unsigned char *)out->message, strlen(out->message), g_keys->sk);
	hex_encode(sig, sizeof sig, out->signature);
	hex_encode(g_keys->pk, 32, out->public_key);
	return 0;
}

int case_receipt_of(const case_result *res, case_receipt *out, err *e)
{
	if (!res->event_hash || !res->kind || !res->unit_code)
		return err_set(e, MB_EINTERNAL, "internal", NULL, "Không có biên nhận cho thao tác này.", "no receipt for this command");
	return receipt_sign(res->code, res->event_at, res->kind, res->unit_code, res->event_seq, res->event_hash, out, e);
}

int case_receipt_make(db *d, const case_row *row, arena *a, case_receipt *out, err *e)
{
	(void)a;
	memset(out, 0, sizeof *out);
	if (!g_keys) return err_set(e, MB_EINTERNAL, "no_key", NULL, "Chưa có khoá ký biên nhận.", "no receipt signing key");
	int64_t seq = 0, at = 0;
	char hash[65];
	int rc = case_repo_receive_event(d, row->code, &seq, hash, &at, e);
	if (rc < 0) return rc;
	if (rc == 0) return err_set(e, MB_ENOTFOUND, "not_found", "code", "Không có đơn này.", "no such case");
	return receipt_sign(row->code, at, row->kind, row->unit_code, seq, hash, out, e);
}

int case_receipt_verify(db *d, const char *message, const char *signature_hex, err *e)
{
	if (!g_keys) return err_set(e, MB_EINTERNAL, "no_key", NULL, "Chưa có khoá ký biên nhận.", "no receipt signing key");
	if (blank(message) || blank(signature_hex) || strlen(message) > 600) return 0;
	/* Normalise line ends that a copy and paste may have changed. */
	char msg[640];
	size_t k = 0;
	for (const char *p = message; *p && k + 1 < sizeof msg; p++)
		if (*p != '\r') msg[k++] = *p;
	while (k && (msg[k - 1] == '\n' || msg[k - 1] == ' ')) k--;
	msg[k] = '\0';
	unsigned char sig[crypto_sign_BYTES];
	size_t sl = 0;
	if (sodium_hex2bin(sig, sizeof sig, signature_hex, strlen(signature_hex), " \n\r", &sl, NULL) || sl != sizeof sig)
		return 0;
	if (crypto_sign_verify_detached(sig, (const unsigned char *)msg, k, g_keys->pk) != 0) return 0;
	/* The signature holds; the event it names must still be in the ledger. */
	const char *s = strstr(msg, "\nevent_seq="), *h = strstr(msg, "\nevent_hash=");
	if (!s || !h) return 0;
	long long seq = strtoll(s + 11, NULL, 10);
	char hash[65];
	snprintf(hash, sizeof hash, "%.64s", h + 12);
	return case_repo_event_hash_matches(d, seq, hash, e);
}

/* --- deadlines --- */

static void notify_staff(db *d, const case_row *row, int64_t account_id, int64_t unit_id, const char *kind, arena *a)
{
	if (!g_notify) return;
	err e2 = {0};
	if (account_id) {
		case_person p;
		const char *email = "";
		if (case_repo_person(d, NULL, account_id, a, &p, &email, &e2) == 1 && *email &&
		    !case_excluded(d, &(auth_actor){.id = p.id, .unit_id = p.unit_id}, row))
			g_notify(d, row, kind, email, "vi", a, &e2);
		return;
	}
	case_person *heads;
	const char **emails;
	int n = 0;
	if (case_repo_heads(d, unit_id, a, &heads, &emails, &n, &e2)) return;
	/* Never to anyone a denunciation names, nor to their unit's heads. */
	for (int i = 0; i < n; i++)
		if (*emails[i] && !case_excluded(d, &(auth_actor){.id = heads[i].id, .unit_id = heads[i].unit_id}, row))
			g_notify(d, row, kind, emails[i], "vi", a, &e2);
}

int case_mark_deadlines(db *d, int64_t now, int *changed, err *e)
{
	arena a;
	arena_init(&a);
	case_row *rows;
	int n = 0, rc;
	*changed = 0;
	if ((rc = case_repo_open_due(d, now, &a, &rows, &n, e))) { arena_free(&a); return rc; }
	case_env env;
	memset(&env, 0, sizeof env);
	bool loaded = false;
	int64_t loaded_id = -1;
	if (db_begin(d, e)) { arena_free(&a); return MB_EINTERNAL; }
	for (int i = 0; i < n && !rc; i++) {
		case_row *r = &rows[i];
		if (r->rule_set_id != loaded_id) {
			if (loaded) case_env_free(&env);
			loaded = false;
			if ((rc = case_env_load(d, r->rule_set_id, now, &a, &env, e))) break;
			loaded = true;
			loaded_id = r->rule_set_id;
		}
		int64_t at_risk = (int64_t)env.rules.remind_working_hours * 60;
		dossier_risk risk = dossier_rules_risk(&env.cal, r->due_at, now, at_risk);
		const char *rname = dossier_risk_name(risk);
		int64_t reminded = r->reminded_at, overdue = r->overdue_at;
		if (risk != DR_ON_TIME && !reminded) {
			/* Remind the handler (or the heads when nobody is assigned). */
			notify_staff(d, r, r->handler_account_id, r->unit_id, "reminder", &a);
			reminded = now;
		}
		if (risk == DR_OVERDUE && !overdue) {
			/* Overdue: an event counted against the head, and notices to the
			 * unit's heads and to the heads of the unit above. */
			overdue = now;
			int64_t above = case_repo_unit_parent(d, r->unit_id);
			json_t *p = json_pack("{s:s, s:s, s:s, s:s}", "code", r->code, "kind", r->kind, "state", r->state,
			                      "due_at", iso(&a, r->due_at));
			json_object_set_new(p, "escalated_to", json_string(above ? auth_unit_code(d, above, &a) : ""));
			rc = case_repo_set_deadline_marks(d, r->id, rname, reminded, overdue, e);   /* the row first: the event carries its digest */
			if (!rc) rc = scores_case_changed(d, &(score_case_in){r->id, r->unit_id, r->kind, r->satisfaction, r->dossier_code,
			                                                       r->received_at, overdue, r->late, r->reopened, false}, e);
			if (!rc) rc = ledger_append(d, &ledger_system, r->unit_code, "case.overdue", arena_printf(&a, "case:%s", r->code), p, NULL, e);
			json_decref(p);
			if (rc) break;
			notify_staff(d, r, 0, r->unit_id, "escalation", &a);
			if (above) notify_staff(d, r, 0, above, "escalation", &a);
		}
		if (strcmp(rname, r->risk) || reminded != r->reminded_at || overdue != r->overdue_at) {
			rc = case_repo_set_deadline_marks(d, r->id, rname, reminded, overdue, e);
			(*changed)++;
		}
	}
	if (loaded) case_env_free(&env);
	if (rc) db_rollback(d); else rc = db_commit(d, e);
	arena_free(&a);
	return rc;
}
