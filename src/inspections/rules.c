/* rules.c — the inspections' pure rules (no I/O). */
#include <string.h>
#include <strings.h>

#include "base/calendar.h"
#include "inspections/inspections.h"
#include "web/i18n.h"

static const char *const state_names[IS__MAX] = {"planned", "started", "concluded"};
static const char *const state_labels[IS__MAX] = {N_("Theo kế hoạch, chưa bắt đầu"), N_("Đang tiến hành"), N_("Đã kết luận")};
static const char *const body_names[IB__MAX] = {"inspectorate", "home_affairs", "self"};
static const char *const body_labels[IB__MAX] = {N_("Thanh tra công vụ (Thanh tra tỉnh)"), N_("Kiểm tra công vụ (Sở Nội vụ)"),
                                                 N_("Tự kiểm tra của người đứng đầu")};
static const char *const kind_names[IK__MAX] = {"planned", "surprise"};
static const char *const kind_labels[IK__MAX] = {N_("Theo kế hoạch năm"), N_("Đột xuất")};
static const char *const severity_names[SEV__MAX] = {"minor", "moderate", "serious"};
static const char *const severity_labels[SEV__MAX] = {N_("Nhẹ"), N_("Trung bình"), N_("Nghiêm trọng")};
static const char *const result_names[IR__MAX] = {"pass", "fail", "na"};
static const char *const result_labels[IR__MAX] = {N_("Đạt"), N_("Không đạt"), N_("Không áp dụng")};
static const char *const progress_names[IP__MAX] = {"open", "late", "done", "done_late", "cancelled"};
static const char *const progress_labels[IP__MAX] = {N_("Đang thực hiện, còn hạn"), N_("Quá hạn, chưa thực hiện"),
                                                     N_("Đã thực hiện đúng hạn"), N_("Đã thực hiện, trễ hạn"), N_("Đã huỷ")};

static int parse(const char *const *names, int n, const char *s, int *out)
{
	for (int i = 0; s && i < n; i++)
		if (!strcmp(s, names[i])) { *out = i; return 0; }
	return -1;
}

#define NAMED(fn, T, MAX, names, labels)                                                   \
	const char *fn##_name(T v) { return (unsigned)v < MAX ? names[v] : "?"; }              \
	const char *fn##_label_vi(T v) { return (unsigned)v < MAX ? labels[v] : "?"; }         \
	int fn##_parse(const char *s, T *out)                                                  \
	{                                                                                      \
		int i;                                                                             \
		if (parse(names, MAX, s, &i)) return -1;                                           \
		*out = (T)i;                                                                       \
		return 0;                                                                          \
	}

NAMED(insp_state, insp_state, IS__MAX, state_names, state_labels)
NAMED(insp_body, insp_body, IB__MAX, body_names, body_labels)
NAMED(insp_kind, insp_kind, IK__MAX, kind_names, kind_labels)
NAMED(insp_severity, insp_severity, SEV__MAX, severity_names, severity_labels)
NAMED(insp_result, insp_result, IR__MAX, result_names, result_labels)
NAMED(insp_progress, insp_progress, IP__MAX, progress_names, progress_labels)

int insp_rules_next(insp_state s, insp_cmd c, bool team, insp_state *next, err *e)
{
	if (!team)
		return err_set(e, MB_EFORBIDDEN, "forbidden", NULL, "Chỉ thành viên đoàn thanh tra, kiểm tra mới được thực hiện việc này.",
		               "only a member of the inspection team may do this");
	*next = s;
	switch (c) {
	case IC_START:
		if (s == IS_PLANNED) { *next = IS_STARTED; return 0; }
		return err_set(e, MB_ECONFLICT, "wrong_state", "state", "Cuộc thanh tra, kiểm tra đã bắt đầu.", "the inspection has already started");
	case IC_CHECK:
	case IC_FINDING:
	case IC_COMMEND:
	case IC_RECORDING:
		if (s == IS_STARTED) return 0;
		return err_set(e, MB_ECONFLICT, "wrong_state", "state",
		               s == IS_PLANNED ? "Hãy bắt đầu cuộc thanh tra, kiểm tra trước." : "Cuộc thanh tra, kiểm tra đã kết luận.",
		               s == IS_PLANNED ? "start the inspection first" : "the inspection is concluded");
	case IC_CONCLUDE:
		if (s == IS_STARTED) { *next = IS_CONCLUDED; return 0; }
		return err_set(e, MB_ECONFLICT, "wrong_state", "state",
		               s == IS_PLANNED ? "Chưa bắt đầu thì chưa thể kết luận." : "Cuộc thanh tra, kiểm tra đã kết luận.",
		               s == IS_PLANNED ? "an inspection not started cannot be concluded" : "the inspection is concluded");
	default:
		return err_set(e, MB_EINVAL, "invalid_field", "action", "Thao tác không hợp lệ.", "invalid action");
	}
}

int insp_rules_body_for(auth_role role, insp_body *out, err *e)
{
	switch (role) {
	case ROLE_INSPECTOR: *out = IB_INSPECTORATE; return 0;
	case ROLE_HOME_AFFAIRS_INSPECTOR: *out = IB_HOME_AFFAIRS; return 0;
	case ROLE_UNIT_HEAD: *out = IB_SELF; return 0;
	default:
		return err_set(e, MB_EFORBIDDEN, "forbidden", NULL,
		               "Chỉ Thanh tra tỉnh, đoàn kiểm tra công vụ của Sở Nội vụ và người đứng đầu đơn vị (tự kiểm tra) lập cuộc thanh tra, kiểm tra.",
		               "only the Provincial Inspectorate, the home-affairs teams and units' heads (self-inspection) plan inspections");
	}
}

bool insp_rules_visible(insp_kind k, insp_state s, const insp_viewer *v)
{
	if (!v || !v->signed_in) return false;
	if (v->team) return true;
	if (k == IK_SURPRISE && s == IS_PLANNED) return false;
	if (v->role == ROLE_INSPECTOR || v->role == ROLE_HOME_AFFAIRS_INSPECTOR) return true;
	if (v->role == ROLE_UNIT_HEAD && (v->head_over_target || v->head_over_owner)) return true;
	if (v->role == ROLE_ADMIN || v->role == ROLE_OVERSEER || v->role == ROLE_CITIZEN) return false;
	return v->target_official;
}

const char *insp_rules_checklist_version(const insp_checklist_span *spans, int n, const char *date)
{
	const insp_checklist_span *best = NULL;
	if (!date) return NULL;
	for (int i = 0; i < n; i++) {
		const insp_checklist_span *s = &spans[i];
		if (!s->valid_from || strcmp(s->valid_from, date) > 0) continue;
		if (s->valid_to && *s->valid_to && strcmp(s->valid_to, date) < 0) continue;
		if (!best || strcmp(s->valid_from, best->valid_from) > 0) best = s;
	}
	return best ? best->version : NULL;
}

/* The type a file name's extension claims; "" none, NULL an extension of no accepted type. */
static const char *type_of_name(const char *name)
{
	const char *dot = name ? strrchr(name, '.') : NULL;
	if (!dot || strchr(dot, '/')) return "";
	dot++;
	if (!strcasecmp(dot, "png")) return "image/png";
	if (!strcasecmp(dot, "jpg") || !strcasecmp(dot, "jpeg")) return "image/jpeg";
	if (!strcasecmp(dot, "pdf")) return "application/pdf";
	return NULL;
}

int insp_rules_evidence(const char *sniffed, const char *declared, const char *filename, size_t size, size_t max,
                        const char *field, const char **type, err *e)
{
	if (size == 0) return err_set(e, MB_EINVAL, "invalid_field", field, "Tệp chứng cứ trống.", "the evidence file is empty");
	if (size > max)
		return err_set(e, MB_ETOOBIG, "too_large", field, "Mỗi tệp chứng cứ không quá 10 MB.", "each evidence file is at most 10 MB");
	if (!sniffed)
		return err_set(e, MB_EINVAL, "invalid_field", field, "Chỉ nhận ảnh JPEG, PNG hoặc tài liệu PDF.",
		               "only JPEG or PNG photos and PDF documents are accepted");
	bool disguised = false;
	if (declared && *declared && strcmp(declared, "application/octet-stream")) {
		size_t n = strcspn(declared, ";");
		disguised = strlen(sniffed) != n || strncasecmp(declared, sniffed, n);
		if (!strncasecmp(declared, "image/jpg", n) && !strcmp(sniffed, "image/jpeg")) disguised = false;
	}
	const char *named = type_of_name(filename);
	if (!named || (*named && strcmp(named, sniffed))) disguised = true;
	if (disguised)
		return err_set(e, MB_EINVAL, "disguised_type", field, "Nội dung tệp không đúng với loại tệp khai báo (tên hoặc kiểu tệp).",
		               "the file's content does not match its declared type (name or content type)");
	*type = sniffed;
	return 0;
}

int insp_rules_check_due(const char *due, int32_t today, const char *field, err *e)
{
	int32_t d;
	if (!due || !*due || cal_parse_date(due, &d))
		return err_set(e, MB_EINVAL, "invalid_field", field, "Hạn thực hiện kiến nghị phải có dạng YYYY-MM-DD.",
		               "a recommendation's deadline must be YYYY-MM-DD");
	if (d <= today)
		return err_set(e, MB_EINVAL, "invalid_field", field, "Hạn thực hiện kiến nghị phải sau hôm nay.",
		               "a recommendation's deadline must be after today");
	if (d > today + 366)
		return err_set(e, MB_EINVAL, "invalid_field", field, "Hạn thực hiện kiến nghị không quá một năm.",
		               "a recommendation's deadline is at most a year away");
	return 0;
}

int insp_rules_check_planned(const char *date, int32_t today, int32_t *day, err *e)
{
	if (!date || !*date || cal_parse_date(date, day))
		return err_set(e, MB_EINVAL, "invalid_field", "planned_on", "Ngày dự kiến phải có dạng YYYY-MM-DD.",
		               "the planned date must be YYYY-MM-DD");
	if (*day < today - 366 || *day > today + 731)
		return err_set(e, MB_EINVAL, "invalid_field", "planned_on", "Ngày dự kiến phải trong khoảng một năm trước đến hai năm sau.",
		               "the planned date must be between a year ago and two years ahead");
	return 0;
}

int insp_rules_recording(const insp_recording_facts *f, err *e)
{
	if (!f->unit_inspected)
		return err_set(e, MB_EINVAL, "invalid_field", "recording",
		               "Bản ghi không phải của quầy thuộc đơn vị được thanh tra, kiểm tra.",
		               "the recording is not of a desk of a unit inspected");
	if (f->finding_given && !f->finding_found)
		return err_set(e, MB_EINVAL, "invalid_field", "finding", "Không có phát hiện này trong cuộc thanh tra, kiểm tra.",
		               "no such finding in this inspection");
	if (f->attached)
		return err_set(e, MB_ECONFLICT, "duplicate", "recording", "Bản ghi này đã là chứng cứ của cuộc thanh tra, kiểm tra.",
		               "this recording is already evidence of the inspection");
	return 0;
}

bool insp_rules_published(insp_kind k, insp_state s)
{
	(void)k;   /* planned or surprise alike: only what is concluded is published */
	return s == IS_CONCLUDED;
}

insp_progress insp_rules_progress(const char *state, int64_t due_at, int64_t closed_at, int64_t now)
{
	if (state && !strcmp(state, "done")) return closed_at && closed_at <= due_at ? IP_DONE : IP_DONE_LATE;
	if (state && !strcmp(state, "cancelled")) return IP_CANCELLED;
	if (state && (!strcmp(state, "overdue") || !strcmp(state, "escalated"))) return IP_LATE;
	return now > due_at ? IP_LATE : IP_OPEN;
}

/* A byte that belongs to a word: an ASCII letter or digit, or any byte of a
 * multi-byte UTF-8 character (Vietnamese letters with their marks). */
static bool wordish(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80;
}

const char *insp_rules_public_text(arena *a, const char *text, const char *const *names, int n)
{
	if (!text) return "";
	const char *mask = "[…]";
	size_t len = strlen(text);
	char *out = NULL;
	size_t o = 0;
	for (size_t i = 0; i < len;) {
		size_t hit = 0;
		bool start = i == 0 || !wordish((unsigned char)text[i - 1]);
		for (int k = 0; start && k < n; k++) {
			size_t m = names[k] ? strlen(names[k]) : 0;
			if (m < 3 || m > len - i || strncasecmp(text + i, names[k], m)) continue;
			if (i + m < len && wordish((unsigned char)text[i + m])) continue;
			if (m > hit) hit = m;
		}
		if (hit) {
			if (!out) {
				out = arena_alloc(a, len * 2 + 16);   /* a mask (5 bytes) never replaces fewer than 3 */
				memcpy(out, text, i);
				o = i;
			}
			memcpy(out + o, mask, strlen(mask));
			o += strlen(mask);
			i += hit;
			continue;
		}
		if (out) out[o++] = text[i];
		i++;
	}
	if (!out) return text;
	out[o] = '\0';
	return out;
}
