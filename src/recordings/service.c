/* service.c — counter recordings: each command validates its input, checks who
 * acts, asks the pure rules (rules.c), then changes the tables and appends its
 * ledger event in one transaction; the watched folder and the retention pass;
 * the reads with their scope. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/calendar.h"
#include "base/clock.h"
#include "base/csv.h"
#include "base/embed.h"
#include "base/log.h"
#include "base/text.h"
#include "cases/cases.h"
#include "db/files.h"
#include "ledger/ledger.h"
#include "officials/officials.h"
#include "recordings/service.h"

static bool blank(const char *s) { return !s || !*s; }

/* Whether a recording is evidence of another room's record (recordings_set_evidence_check). */
static rec_evidence_check_fn g_evidence_check;

/* --- reference data --- */

static int bad_data(err *e, int line)
{
	log_msg(LOG_ERROR, "recordings", "data/recording_rules.csv line %d: malformed", line);
	return err_set(e, MB_EINTERNAL, "bad_data", NULL, "Dữ liệu quy định về ghi âm, ghi hình sai định dạng.",
	               "the recordings' rules data is malformed");
}

static int positive(const char *s)
{
	char *end;
	long v = s ? strtol(s, &end, 10) : -1;
	return s && *s && !*end && v > 0 && v < 100000 ? (int)v : -1;
}

int recordings_load_reference(db *d, err *e)
{
	const struct embedded_file *f = embed_find("data/recording_rules.csv");
	if (!f) return err_set(e, MB_EINTERNAL, "no_data", NULL, "Thiếu quy định về ghi âm, ghi hình.", "the recordings' rules are missing");
	arena a;
	arena_init(&a);
	const char *fl[CSV_MAX_FIELDS];
	int n, rc = 0, count = 0;
	csv_reader c;
	csv_init(&c, (const char *)f->data, f->size);
	if (csv_next(&c, &a, fl) != 8 || strcmp(fl[0], "valid_from") || strcmp(fl[2], "retention_days")) rc = bad_data(e, 1);
	while (!rc && (n = csv_next(&c, &a, fl)) != 0) {
		int32_t day;
		rec_rule r = {.valid_from = fl[0], .valid_to = fl[1], .retention_days = positive(fl[2]),
		              .opening_minutes = positive(fl[3]), .upload_max_mb = positive(fl[4]),
		              .window_max_hours = positive(fl[5]), .settle_seconds = positive(fl[6]), .source = fl[7]};
		if (n != 8 || cal_parse_date(fl[0], &day) || (!blank(fl[1]) && cal_parse_date(fl[1], &day)) ||
		    r.retention_days < 0 || r.opening_minutes < 0 || r.upload_max_mb < 0 || r.window_max_hours < 0 ||
		    r.settle_seconds < 0 || blank(fl[7])) {
			rc = bad_data(e, c.line);
			break;
		}
		if ((rc = rec_repo_rule_insert(d, &r, e))) break;
		count++;
	}
	if (!rc) {
		json_t *p = json_pack("{s:i, s:s}", "rules", count, "source", "data/recording_rules.csv");
		rc = ledger_append(d, &ledger_system, "", "recordings.rules_loaded", "recording_rules", p, NULL, e);
		json_decref(p);
	}
	arena_free(&a);
	return rc;
}

int recordings_ensure_reference(db *d, err *e)
{
	return db_ensure_loaded(d, rec_repo_rules_count, recordings_load_reference, e);
}

static int rule_on(db *d, int64_t t, arena *a, rec_rule *out, err *e)
{
	char day[16];
	cal_format_date(cal_day_of(t), day, sizeof day);
	int rc = rec_repo_rule_at(d, day, a, out, e);
	if (rc < 0) return rc;
	if (!rc) return err_set(e, MB_EINTERNAL, "no_rule", NULL, "Không có quy định về ghi âm, ghi hình cho ngày này.",
	                        "no recordings' rule for this day");
	return 0;
}

int rec_rule_now(db *d, arena *a, rec_rule *out, err *e) { return rule_on(d, clock_now(), a, out, e); }

/* --- storing --- */

static int finish(db *d, int rc, err *e)
{
	if (rc) { db_rollback(d); return rc; }
	return db_commit(d, e);
}

/* Records x (its bytes already in the store) and its event, in one transaction. */
static int record(db *d, const ledger_actor *by, rec_row *x, err *e)
{
	if (db_begin(d, e)) return MB_EINTERNAL;
	int rc = rec_repo_insert(d, x, e);
	if (!rc) {
		char s[32], t[32], k[32];
		clock_iso_utc(x->started_at, s, sizeof s);
		clock_iso_utc(x->ended_at, t, sizeof t);
		clock_iso_utc(x->retain_until, k, sizeof k);
		json_t *p = json_pack("{s:I, s:I, s:s, s:I, s:s, s:s, s:s, s:s, s:s, s:s}", "id", (json_int_t)x->id, "desk",
		                      (json_int_t)x->desk_id, "sha256", x->sha256, "size", (json_int_t)x->size, "content_type",
		                      x->content_type, "started_at", s, "ended_at", t, "retain_until", k, "source", x->source,
		                      "name", x->name ? x->name : "");
		char subject[40];
		snprintf(subject, sizeof subject, "recording:%lld", (long long)x->id);
		rc = ledger_append(d, by, x->unit_code ? x->unit_code : "", "recording.ingested", subject, p, NULL, e);
		json_decref(p);
	}
	return finish(d, rc, e);
}

/* The desk, and the row's fields that come from it and from the rules. */
static int desk_of(db *d, int64_t desk, arena *a, official_desk *k, err *e)
{
	int rc = desk > 0 ? officials_desk_get(d, desk, a, k, e) : 0;
	if (rc < 0) return rc;
	if (!rc)
		return err_set(e, MB_EINVAL, "invalid_field", "desk", "Không có quầy này.", "no such desk");
	return 0;
}

static int64_t retain_until(const rec_rule *rule, int64_t ended)
{
	return ended + (int64_t)rule->retention_days * 86400;
}

int rec_upload(db *d, const auth_actor *actor, const rec_upload_in *in, arena *a, int64_t *id, err *e)
{
	official_desk k;
	rec_rule rule;
	int rc = desk_of(d, in->desk, a, &k, e);
	if (rc) return rc;
	if (!rec_rules_may_upload(actor->role, officials_head_over(d, actor, k.unit_id)))
		return err_set(e, MB_EFORBIDDEN, "forbidden", NULL,
		               "Chỉ người đứng đầu đơn vị có quầy và quản trị hệ thống được tải lên bản ghi âm, ghi hình.",
		               "only the head of the desk's unit and administrators may upload recordings");
	if ((rc = rec_rule_now(d, a, &rule, e))) return rc;
	if (in->started_at < 0 || (!in->started_at && in->ended_at))
		return err_set(e, MB_EINVAL, "invalid_field", "started_at", "Thời điểm bắt đầu không đúng định dạng.", "malformed start time");
	if (in->ended_at < 0)
		return err_set(e, MB_EINVAL, "invalid_field", "ended_at", "Thời điểm kết thúc không đúng định dạng.", "malformed end time");
	if (rec_rules_window(in->started_at, in->ended_at, rule.window_max_hours, clock_now(), e)) return e->status;
	if (!in->data) return err_set(e, MB_EINVAL, "missing_field", "file", "Hãy chọn tệp ghi âm, ghi hình.", "choose the recording's file");
	const char *type = rec_sniff(in->data, in->size);
	if (rec_rules_file(type, in->declared, in->name, (int64_t)in->size, (int64_t)rule.upload_max_mb << 20, "file", e))
		return e->status;
	if (text_check_field(in->name, "file", 200, false, e)) return e->status;
	char sha[65];
	if (db_store_put(db_recordings_dir(), in->data, in->size, sha, e)) return e->status;
	rec_row x = {.desk_id = k.id, .unit_id = k.unit_id, .sha256 = sha, .content_type = type, .size = (int64_t)in->size,
	             .started_at = in->started_at, .ended_at = in->ended_at, .source = "upload", .name = in->name,
	             .ingested_at = clock_now(), .ingested_by = actor->id, .retain_until = retain_until(&rule, in->ended_at),
	             .unit_code = k.unit_code};
	if ((rc = record(d, &actor->ledger, &x, e))) return rc;
	*id = x.id;
	return 0;
}

/* --- the watched folder --- */

/* Moves dir/name to dir/rejected/name with NAME.txt saying why. */
static void reject(const char *dir, const char *name, const err *why)
{
	char rej[4200], from[4200], to[4400], txt[4500];
	snprintf(rej, sizeof rej, "%s/rejected", dir);
	mkdir(rej, 0700);
	snprintf(from, sizeof from, "%s/%s", dir, name);
	snprintf(to, sizeof to, "%s/%s", rej, name);
	snprintf(txt, sizeof txt, "%s.txt", to);
	if (rename(from, to) != 0)
		log_msg(LOG_ERROR, "recordings", "cannot move %s to %s: %s", from, to, strerror(errno));
	FILE *f = fopen(txt, "w");
	if (f) {
		fprintf(f, "%s\n%s\n", why->vi ? why->vi : "", why->en ? why->en : "");
		fclose(f);
	}
	log_msg(LOG_WARN, "recordings", "rejected %s: %s", name, why->en ? why->en : "?");
}

/* Takes one file of the folder: 1 taken, 0 rejected, <0 a failure to retry (the file stays). */
static int take(db *d, const char *dir, const char *name, const rec_rule *rule, arena *a, err *e)
{
	err why = {0};
	int64_t desk, start, end;
	char path[4200];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	if (rec_rules_folder_name(name, &desk, &start, &end)) {
		err_set(&why, MB_EINVAL, "invalid_field", "name",
		        "Tên tệp phải theo mẫu <số quầy>_<YYYYMMDDTHHMMSS>_<YYYYMMDDTHHMMSS>.<đuôi> (giờ Việt Nam).",
		        "the name must be <desk id>_<YYYYMMDDTHHMMSS>_<YYYYMMDDTHHMMSS>.<ext> (Vietnam time)");
		reject(dir, name, &why);
		return 0;
	}
	official_desk k;
	int rc = desk_of(d, desk, a, &k, &why);
	if (rc == MB_EINTERNAL) { *e = why; return rc; }
	if (!rc) rc = rec_rules_window(start, end, rule->window_max_hours, clock_now(), &why);
	unsigned char head[64];
	ssize_t got = 0;
	struct stat st;
	if (!rc) {
		int fd = open(path, O_RDONLY);
		got = fd >= 0 ? read(fd, head, sizeof head) : -1;
		if (fd < 0 || fstat(fd, &st) != 0) got = -1;
		if (fd >= 0) close(fd);
		if (got < 0) { log_msg(LOG_WARN, "recordings", "cannot read %s: %s", path, strerror(errno)); return MB_EUNAVAILABLE; }
	}
	const char *type = rc ? NULL : rec_sniff(head, (size_t)got);
	if (!rc) rc = rec_rules_file(type, NULL, name, got ? (int64_t)st.st_size : 0, INT64_MAX, "file", &why);
	if (rc) { reject(dir, name, &why); return 0; }
	char sha[65];
	int64_t size = 0;
	if (db_store_copy(db_recordings_dir(), path, sha, &size, e)) return e->status;
	rec_row x = {.desk_id = k.id, .unit_id = k.unit_id, .sha256 = sha, .content_type = type, .size = size, .started_at = start,
	             .ended_at = end, .source = "folder", .name = name, .ingested_at = clock_now(),
	             .retain_until = retain_until(rule, end), .unit_code = k.unit_code};
	rc = record(d, &ledger_system, &x, &why);
	if (rc == MB_ECONFLICT) { reject(dir, name, &why); return 0; }
	if (rc) { *e = why; return rc; }
	if (unlink(path) != 0) log_msg(LOG_ERROR, "recordings", "stored %s but cannot remove it: %s", path, strerror(errno));
	log_msg(LOG_INFO, "recordings", "stored %s as recording %lld", name, (long long)x.id);
	return 1;
}

int recordings_ingest_dir(db *d, const char *dir, int settle_s, int *taken, int *rejected, err *e)
{
	*taken = *rejected = 0;
	arena a;
	arena_init(&a);
	rec_rule rule;
	int rc = rec_rule_now(d, &a, &rule, e);
	DIR *dh = rc ? NULL : opendir(dir);
	if (!rc && !dh) rc = err_set(e, MB_ENOTFOUND, "not_found", NULL, "Không mở được thư mục nhận.", "cannot open the watched folder");
	int64_t now = clock_real_now();
	struct dirent *de;
	while (!rc && (de = readdir(dh))) {
		const char *name = de->d_name;
		/* Hidden files and those still being written (NAME.part) wait; so does one touched within the settle time. */
		size_t len = strlen(name);
		if (name[0] == '.' || (len > 5 && !strcmp(name + len - 5, ".part"))) continue;
		char path[4200];
		struct stat st;
		snprintf(path, sizeof path, "%s/%s", dir, name);
		if (stat(path, &st) != 0 || !S_ISREG(st.st_mode)) continue;
		if (now - (int64_t)st.st_mtime < (settle_s >= 0 ? settle_s : rule.settle_seconds)) continue;
		int k = take(d, dir, name, &rule, &a, e);
		if (k < 0) rc = k;
		else if (k) (*taken)++;
		else (*rejected)++;
	}
	if (dh) closedir(dh);
	arena_free(&a);
	return rc;
}

/* --- retention --- */

int recordings_purge(db *d, int64_t now, int *purged, err *e)
{
	*purged = 0;
	arena a;
	arena_init(&a);
	rec_row *rows;
	int n = 0, rc = rec_repo_expired(d, now, 200, &a, &rows, &n, e);
	for (int i = 0; !rc && i < n; i++) {
		rec_row *x = &rows[i];
		if (!rec_rules_expired(x->retain_until, x->held_at != 0, x->purged_at != 0, now)) continue;
		if ((rc = db_begin(d, e))) break;
		rc = rec_repo_mark_purged(d, x->id, now, e);
		int kept = rc ? 0 : rec_repo_sha_kept(d, x->sha256, x->id, e);
		if (kept < 0) rc = kept;
		if (!rc) {
			json_t *p = json_pack("{s:I, s:s}", "id", (json_int_t)x->id, "sha256", x->sha256);
			rc = ledger_append(d, &ledger_system, x->unit_code, "recording.purged",
			                   arena_printf(&a, "recording:%lld", (long long)x->id), p, NULL, e);
			json_decref(p);
		}
		if ((rc = finish(d, rc, e))) break;
		/* The bytes go after the commit: a failure leaves a file the next pass cannot see, never a row without its file. */
		if (!kept && db_store_remove(db_recordings_dir(), x->sha256) != 0)
			log_msg(LOG_ERROR, "recordings", "cannot delete the bytes of recording %lld: %s", (long long)x->id, strerror(errno));
		(*purged)++;
	}
	arena_free(&a);
	return rc;
}

/* --- reads and the commands on one recording --- */

static int no_such(err *e) { return err_set(e, MB_ENOTFOUND, "not_found", NULL, "Không có bản ghi này.", "no such recording"); }

static bool head_over(db *d, const auth_actor *actor, const rec_row *x) { return officials_head_over(d, actor, x->unit_id); }

int rec_load_for(db *d, const auth_actor *actor, int64_t id, arena *a, rec_row *out, err *e)
{
	int rc = id > 0 ? rec_repo_get(d, id, a, out, e) : 0;
	if (rc < 0) return rc;
	if (!rc || !actor || !rec_rules_may_list(actor->role, head_over(d, actor, out))) return no_such(e);
	return 0;
}

bool rec_may_open(db *d, const auth_actor *actor, const rec_row *x)
{
	return actor && rec_rules_may_open(actor->role, head_over(d, actor, x));
}

bool rec_may_hold(db *d, const auth_actor *actor, const rec_row *x)
{
	return actor && rec_rules_may_hold(actor->role, head_over(d, actor, x));
}

int rec_list_for(db *d, const auth_actor *actor, const char *unit, int64_t desk, int64_t before, arena *a, rec_row **out,
                 int *n, int64_t *next, err *e)
{
	*n = 0;
	*next = 0;
	int64_t scope = 0;
	if (!actor || !rec_rules_may_list(actor->role, actor->role == ROLE_UNIT_HEAD)) return no_such(e);
	if (!blank(unit)) {
		int rc = auth_unit_id(d, unit, &scope, e);
		if (rc < 0) return rc;
		if (!rc) return err_set(e, MB_EINVAL, "invalid_field", "unit", "Không có đơn vị này.", "no such unit");
		if (actor->role == ROLE_UNIT_HEAD && !officials_head_over(d, actor, scope))
			return err_set(e, MB_EFORBIDDEN, "forbidden", "unit", "Đơn vị này ngoài phạm vi của bạn.", "this unit is outside your scope");
	} else if (actor->role == ROLE_UNIT_HEAD) scope = actor->unit_id;
	enum { PAGE = 50 };
	int rc = rec_repo_list(d, scope, desk, 0, 0, before, PAGE + 1, a, out, n, e);
	if (rc) return rc;
	if (*n > PAGE) { *n = PAGE; *next = (*out)[PAGE - 1].id; }
	return 0;
}

int rec_opening_live(db *d, const auth_actor *actor, const rec_row *x, int64_t *expires, err *e)
{
	*expires = 0;
	int rc = rec_repo_opening_live(d, x->id, actor->id, clock_now(), expires, e);
	return rc < 0 ? rc : 0;
}

static int may_open_or(db *d, const auth_actor *actor, const rec_row *x, err *e)
{
	if (!rec_may_open(d, actor, x))
		return err_set(e, MB_EFORBIDDEN, "forbidden", NULL,
		               "Chỉ thanh tra và người đứng đầu đơn vị có quầy được mở bản ghi âm, ghi hình.",
		               "only inspectors and the head of the desk's unit may open recordings");
	if (x->purged_at)
		return err_set(e, MB_ECONFLICT, "purged", NULL, "Bản ghi đã hết thời hạn lưu giữ và đã bị xoá; chỉ còn mã băm trong sổ cái.",
		               "the recording's retention ended and its bytes were deleted; only its hash remains in the ledger");
	return 0;
}

int rec_open(db *d, const auth_actor *actor, int64_t id, const char *reason, arena *a, int64_t *expires, err *e)
{
	rec_row x;
	rec_rule rule;
	int rc = rec_load_for(d, actor, id, a, &x, e);
	if (rc || (rc = may_open_or(d, actor, &x, e))) return rc;
	if (text_check_reason(reason, "reason", 500, true, e)) return e->status;
	if ((rc = rec_rule_now(d, a, &rule, e))) return rc;
	int64_t now = clock_now();
	*expires = now + (int64_t)rule.opening_minutes * 60;
	if (db_begin(d, e)) return MB_EINTERNAL;
	rc = rec_repo_opening_add(d, x.id, actor->id, reason, now, *expires, e);
	if (!rc) {
		json_t *p = json_pack("{s:I, s:s, s:s}", "id", (json_int_t)x.id, "sha256", x.sha256, "reason", reason);
		rc = ledger_append(d, &actor->ledger, x.unit_code, "recording.opened", arena_printf(a, "recording:%lld", (long long)x.id),
		                   p, NULL, e);
		json_decref(p);
	}
	return finish(d, rc, e);
}

int rec_media(db *d, const auth_actor *actor, int64_t id, arena *a, rec_row *x, const char **path, err *e)
{
	int rc = rec_load_for(d, actor, id, a, x, e);
	if (rc || (rc = may_open_or(d, actor, x, e))) return rc;
	int64_t until = 0;
	if ((rc = rec_opening_live(d, actor, x, &until, e))) return rc;
	if (!until)
		return err_set(e, MB_EFORBIDDEN, "not_opened", "reason", "Hãy mở bản ghi với lý do trước khi xem, nghe.",
		               "open the recording with a reason before playing it");
	char *p = arena_alloc(a, 4300);
	if (!db_store_path(db_recordings_dir(), x->sha256, p, 4300)) return no_such(e);
	*path = p;
	return 0;
}

int rec_hold(db *d, const auth_actor *actor, int64_t id, const char *reason, arena *a, err *e)
{
	rec_row x;
	int rc = rec_load_for(d, actor, id, a, &x, e);
	if (rc) return rc;
	if (!rec_may_hold(d, actor, &x))
		return err_set(e, MB_EFORBIDDEN, "forbidden", NULL, "Chỉ thanh tra và người đứng đầu đơn vị có quầy được giữ lại bản ghi.",
		               "only inspectors and the head of the desk's unit may hold a recording");
	if (x.purged_at)
		return err_set(e, MB_ECONFLICT, "purged", NULL, "Bản ghi đã bị xoá khi hết thời hạn lưu giữ.", "the recording was deleted at the end of its retention");
	if (x.held_at)
		return err_set(e, MB_ECONFLICT, "held", NULL, "Bản ghi đang được giữ lại.", "the recording is already held");
	if (text_check_reason(reason, "reason", 500, true, e)) return e->status;
	if (db_begin(d, e)) return MB_EINTERNAL;
	rc = rec_repo_hold(d, x.id, actor->id, reason, clock_now(), e);
	if (!rc) {
		json_t *p = json_pack("{s:I, s:s}", "id", (json_int_t)x.id, "reason", reason);
		rc = ledger_append(d, &actor->ledger, x.unit_code, "recording.held", arena_printf(a, "recording:%lld", (long long)x.id), p,
		                   NULL, e);
		json_decref(p);
	}
	return finish(d, rc, e);
}

int rec_release(db *d, const auth_actor *actor, int64_t id, arena *a, err *e)
{
	rec_row x;
	int rc = rec_load_for(d, actor, id, a, &x, e);
	if (rc) return rc;
	if (!rec_may_hold(d, actor, &x))
		return err_set(e, MB_EFORBIDDEN, "forbidden", NULL, "Chỉ thanh tra và người đứng đầu đơn vị có quầy được bỏ giữ bản ghi.",
		               "only inspectors and the head of the desk's unit may release a recording");
	if (!x.held_at) return err_set(e, MB_ECONFLICT, "not_held", NULL, "Bản ghi không bị giữ lại.", "the recording is not held");
	/* Evidence of a record (an inspection) stays held: its retention must not delete it. */
	const char *ref = NULL;
	int kept = g_evidence_check ? g_evidence_check(d, x.id, a, &ref, e) : 0;
	if (kept < 0) return kept;
	if (kept)
		return err_set(e, MB_ECONFLICT, "evidence", NULL,
		               arena_printf(a, "Bản ghi là chứng cứ của %s nên được giữ lại; không thể bỏ giữ.", ref ? ref : "?"),
		               arena_printf(a, "the recording is evidence of %s and stays held; it cannot be released", ref ? ref : "?"));
	if (db_begin(d, e)) return MB_EINTERNAL;
	rc = rec_repo_release(d, x.id, x.retain_until, e);
	if (!rc) {
		json_t *p = json_pack("{s:I}", "id", (json_int_t)x.id);
		rc = ledger_append(d, &actor->ledger, x.unit_code, "recording.released",
		                   arena_printf(a, "recording:%lld", (long long)x.id), p, NULL, e);
		json_decref(p);
	}
	return finish(d, rc, e);
}

/* --- a recording as evidence of another room's record --- */

void recordings_set_evidence_check(rec_evidence_check_fn fn) { g_evidence_check = fn; }

static void ref_of(const rec_row *x, rec_ref *out)
{
	*out = (rec_ref){.id = x->id, .desk_id = x->desk_id, .unit_id = x->unit_id, .size = x->size, .started_at = x->started_at,
	                 .ended_at = x->ended_at, .held_at = x->held_at, .purged_at = x->purged_at, .sha256 = x->sha256,
	                 .content_type = x->content_type, .desk_name_vi = x->desk_name_vi, .desk_name_en = x->desk_name_en,
	                 .unit_code = x->unit_code, .hold_reason = x->hold_reason};
}

int recordings_evidence_ref(db *d, const auth_actor *actor, int64_t id, const char *field, arena *a, rec_ref *out, err *e)
{
	rec_row x;
	int rc = rec_load_for(d, actor, id, a, &x, e);
	if (rc == MB_ENOTFOUND)
		return err_set(e, MB_EINVAL, "invalid_field", field, "Không có bản ghi ghi âm, ghi hình này (hoặc bạn không được xem).",
		               "no such counter recording (or not one you may see)");
	if (rc) return rc;
	if (x.purged_at)
		return err_set(e, MB_ECONFLICT, "purged", field,
		               "Bản ghi đã hết thời hạn lưu giữ và đã bị xoá; không thể làm chứng cứ.",
		               "the recording's retention ended and its bytes were deleted; it cannot be evidence");
	int64_t until = 0;
	if (rec_may_open(d, actor, &x) && (rc = rec_opening_live(d, actor, &x, &until, e))) return rc;
	if (!until)
		return err_set(e, MB_EFORBIDDEN, "not_opened", field,
		               "Hãy mở bản ghi (ghi rõ lý do) trước khi dùng làm chứng cứ.",
		               "open the recording (with a reason) before using it as evidence");
	ref_of(&x, out);
	return 0;
}

int recordings_ref_get(db *d, int64_t id, arena *a, rec_ref *out, err *e)
{
	rec_row x;
	int rc = rec_repo_get(d, id, a, &x, e);
	if (rc == 1) ref_of(&x, out);
	return rc;
}

int recordings_hold_in(db *d, const ledger_actor *by, const rec_ref *x, const char *reason, arena *a, bool *held_now,
                       err *e)
{
	*held_now = false;
	if (x->held_at) return 0;
	int rc = rec_repo_hold(d, x->id, by->id, reason, clock_now(), e);
	if (!rc) {
		json_t *p = json_pack("{s:I, s:s}", "id", (json_int_t)x->id, "reason", reason);
		rc = ledger_append(d, by, x->unit_code, "recording.held", arena_printf(a, "recording:%lld", (long long)x->id), p, NULL, e);
		json_decref(p);
	}
	*held_now = rc == 0;
	return rc;
}

/* --- what concerns a dossier or a case --- */

static int64_t max_window_s(db *d, arena *a)
{
	rec_rule rule;
	err ig = {0};
	return rec_rule_now(d, a, &rule, &ig) ? 24 * 3600 : (int64_t)rule.window_max_hours * 3600;
}

int rec_of_dossier(db *d, int64_t dossier_id, arena *a, rec_row **out, int *n, err *e)
{
	return rec_repo_of_dossier(d, dossier_id, clock_now(), max_window_s(d, a), a, out, n, e);
}

int rec_of_case(db *d, const case_row *c, arena *a, rec_row **out, int *n, err *e)
{
	*n = 0;
	*out = NULL;
	int32_t day;
	if (blank(c->incident_date) || cal_parse_date(c->incident_date, &day)) return 0;
	int64_t from = cal_local(day, 0), to = cal_local(day + 1, 0), win = max_window_s(d, a);
	if (c->subject_account_id) return rec_repo_of_official(d, c->subject_account_id, from, to, win, a, out, n, e);
	int64_t unit = c->subject_unit_id ? c->subject_unit_id : c->unit_id;
	return rec_repo_of_unit(d, unit, from, to, win, a, out, n, e);
}
