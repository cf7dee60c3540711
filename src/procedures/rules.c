/* rules.c — what a valid procedure record is, how its time unit follows from
 * its legal basis, and the demo assignments. Pure: no SQL, no HTTP, no clock.
 * The same check serves the CSV import, the edit form and the JSON API. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/text.h"
#include "procedures/procedures.h"
#include "web/i18n.h"

const char *const procedures_field_names[PF__MAX] = {
	"code", "name_vi", "name_en", "level", "field", "processing_days", "fee_vnd",
	"documents", "legal_basis", "time_unit", "online_level", "clock_policy", "cutoff",
	"unit", "active",
};

const char *const procedures_csv_columns[PF__MAX] = {
	"code", "name_vi", "name_en", "level", "field", "processing_days", "fee_vnd",
	"required_documents", "legal_basis", "time_unit", "online_level", "clock_policy", "cutoff",
	"unit", NULL,
};

enum {
	MAX_CODE = 80, MAX_NAME = 300, MAX_FIELD = 200, MAX_LEGAL = 2000, MAX_DOC = 300,
	MAX_DOCS = 50, MAX_DAYS = 365,
};

const char *procedures_time_unit_name(cal_unit u)
{
	return u == CAL_CALENDAR_DAYS ? "calendar_days" : "working_days";
}

const char *procedures_online_label_vi(const char *l)
{
	if (l && !strcmp(l, "full")) return N_("Dịch vụ công trực tuyến toàn trình");
	if (l && !strcmp(l, "partial")) return N_("Dịch vụ công trực tuyến một phần");
	return N_("Chưa có dịch vụ công trực tuyến: nộp trực tiếp hoặc qua bưu chính");
}

const char *procedures_level_label_vi(const char *level)
{
	return level && !strcmp(level, "province") ? N_("Cấp tỉnh") : N_("Cấp xã");
}

/* --- small parsers --- */

static bool is_slug(const char *s, size_t max)
{
	size_t n = strlen(s);
	if (n < 2 || n > max || s[0] == '-' || s[n - 1] == '-') return false;
	for (const char *p = s; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-')) return false;
	return true;
}

static bool all_digits(const char *s, size_t min, size_t max)
{
	size_t n = strlen(s);
	if (n < min || n > max) return false;
	for (const char *p = s; *p; p++)
		if (*p < '0' || *p > '9') return false;
	return true;
}

/* Digits, or digits grouped by dots in threes ("1.500.000"); at most 10^13. */
static int parse_vnd(const char *s, int64_t *out)
{
	char d[32];
	size_t o = 0, n = strlen(s);
	if (n == 0 || n >= sizeof d) return -1;
	const char *dot = strchr(s, '.');
	if (dot) {
		/* 1 to 3 digits, then groups of exactly ".ddd". */
		size_t lead = (size_t)(dot - s);
		if (lead < 1 || lead > 3 || (n - lead) % 4 != 0) return -1;
		for (size_t i = lead; i < n; i += 4)
			if (s[i] != '.' || s[i + 1] == '.' || s[i + 2] == '.' || s[i + 3] == '.') return -1;
	}
	for (const char *p = s; *p; p++) {
		if (*p == '.') continue;
		if (*p < '0' || *p > '9') return -1;
		d[o++] = *p;
	}
	d[o] = '\0';
	if (o == 0 || o > 13) return -1;
	*out = strtoll(d, NULL, 10);
	return 0;
}

int procedures_rules_parse_hm(const char *s)
{
	if (!s || strlen(s) != 5 || s[2] != ':') return -1;
	for (int i = 0; i < 5; i++)
		if (i != 2 && (s[i] < '0' || s[i] > '9')) return -1;
	int h = (s[0] - '0') * 10 + (s[1] - '0'), m = (s[3] - '0') * 10 + (s[4] - '0');
	if (h > 23 || m > 59) return -1;
	return h * 60 + m;
}

void procedures_format_vnd(int64_t vnd, char sep, char *out, size_t n)
{
	char digits[32];
	int len = snprintf(digits, sizeof digits, "%lld", (long long)(vnd < 0 ? 0 : vnd));
	size_t o = 0;
	if (n == 0) return;
	for (int i = 0; i < len && o + 1 < n; i++) {
		if (i > 0 && (len - i) % 3 == 0) {
			out[o++] = sep;
			if (o + 1 >= n) break;
		}
		out[o++] = digits[i];
	}
	out[o] = '\0';
}

int procedures_rules_split(const char *s, char sep, arena *a, const char ***out)
{
	int cap = 8, n = 0;
	const char **items = arena_alloc(a, sizeof *items * (size_t)cap);
	const char *p = s ? s : "";
	for (;;) {
		const char *end = strchr(p, sep);
		size_t len = end ? (size_t)(end - p) : strlen(p);
		char *item = text_trim(arena_strndup(a, p, len));
		if (*item) {
			if (n == cap) {
				const char **bigger = arena_alloc(a, sizeof *items * (size_t)cap * 2);
				memcpy(bigger, items, sizeof *items * (size_t)cap);
				items = bigger;
				cap *= 2;
			}
			items[n++] = item;
		}
		if (!end) break;
		p = end + 1;
	}
	*out = items;
	return n;
}

/* --- the time unit of the legal processing time --- */

/* A day count as written in legal texts: 1 to 3 digits ("03", "30", "365"). */
static bool day_count(const char *w, int *v)
{
	if (!all_digits(w, 1, 3)) return false;
	*v = (int)strtol(w, NULL, 10);
	return true;
}

cal_unit procedures_rules_time_unit(const char *legal_basis, int days)
{
	char f[8192];
	const char *w[1024];
	int n = 0;
	text_fold(legal_basis ? legal_basis : "", f, sizeof f);
	/* The folded text is words separated by single spaces. */
	for (char *p = f; *p && n < (int)(sizeof w / sizeof w[0]);) {
		w[n++] = p;
		char *sp = strchr(p, ' ');
		if (!sp) break;
		*sp = '\0';
		p = sp + 1;
	}
	bool working = false, cal = false;
	for (int i = 0; i < n; i++) {
		if (!strcmp(w[i], "ngay") && i + 1 < n &&
		    (!strcmp(w[i + 1], "lich") || (i + 2 < n && !strcmp(w[i + 1], "theo") && !strcmp(w[i + 2], "lich"))))
			cal = true;
		int v;
		if (i + 1 < n && day_count(w[i], &v) && v == days && !strcmp(w[i + 1], "ngay")) {
			if (i + 3 < n && !strcmp(w[i + 2], "lam") && !strcmp(w[i + 3], "viec")) working = true;
			else cal = true;
		}
	}
	return working || !cal ? CAL_WORKING_DAYS : CAL_CALENDAR_DAYS;
}

/* --- the record check --- */

static int bad(err *e, procedures_field f, const char *vi, const char *en)
{
	return err_set(e, MB_EINVAL, "invalid_field", procedures_field_names[f], vi, en);
}

/* A trimmed copy of a text field, checked for UTF-8, line breaks and length. */
static int text_field(const procedures_input *in, procedures_field f, bool required, size_t max,
                      arena *a, const char **out, err *e)
{
	const char *v = in->v[f];
	char *t = text_trim(arena_strdup(a, v ? v : ""));
	if (!text_valid_utf8(t, strlen(t), false))
		return bad(e, f, "Giá trị chứa ký tự không hợp lệ hoặc xuống dòng.",
		           "the value contains invalid characters or a line break");
	if (required && !*t) return bad(e, f, "Trường này không được để trống.", "the value is required");
	if (text_utf8_len(t) > max)
		return err_set(e, MB_EINVAL, "invalid_field", procedures_field_names[f],
		               arena_printf(a, "Giá trị quá dài (tối đa %zu ký tự).", max),
		               arena_printf(a, "the value is too long (at most %zu characters)", max));
	*out = t;
	return 0;
}

static int one_of(const char *v, const char *const *allowed)
{
	for (int i = 0; allowed[i]; i++)
		if (!strcmp(v, allowed[i])) return i;
	return -1;
}

int procedures_rules_check(const procedures_input *in, arena *a, procedures_row *out, err *e)
{
	static const char *const levels[] = {"commune", "province", NULL};
	static const char *const units[] = {"working_days", "calendar_days", NULL};
	static const char *const online[] = {"full", "partial", "none", NULL};
	static const char *const policies[] = {"pause", "restart", NULL};
	static const char *const flags[] = {"0", "1", "false", "true", NULL};
	procedure *p = &out->p;
	const char *s;
	memset(out, 0, sizeof *out);
	out->unit_code = out->unit_name_vi = out->unit_name_en = "";

	if (text_field(in, PF_CODE, true, MAX_CODE, a, &p->code, e)) return MB_EINVAL;
	if (!is_slug(p->code, MAX_CODE))
		return bad(e, PF_CODE, "Mã thủ tục gồm 2–80 ký tự a–z, 0–9 và dấu gạch ngang (không ở đầu hoặc cuối).",
		           "the code has 2 to 80 characters a-z, 0-9 and '-' (not first or last)");
	if (text_field(in, PF_NAME_VI, true, MAX_NAME, a, &p->name_vi, e) ||
	    text_field(in, PF_NAME_EN, true, MAX_NAME, a, &p->name_en, e) ||
	    text_field(in, PF_LEVEL, true, 20, a, &p->level, e))
		return MB_EINVAL;
	if (one_of(p->level, levels) < 0)
		return bad(e, PF_LEVEL, "Cấp thực hiện phải là commune (xã, phường) hoặc province (tỉnh).",
		           "level must be commune or province");
	if (text_field(in, PF_FIELD, true, MAX_FIELD, a, &p->field, e)) return MB_EINVAL;

	if (text_field(in, PF_PROCESSING_DAYS, true, 10, a, &s, e)) return MB_EINVAL;
	if (!all_digits(s, 1, 3) || (p->processing_days = (int)strtol(s, NULL, 10)) > MAX_DAYS)
		return bad(e, PF_PROCESSING_DAYS, "Thời hạn giải quyết là số ngày nguyên từ 0 đến 365.",
		           "processing_days must be a whole number from 0 to 365");

	if (text_field(in, PF_FEE_VND, false, 30, a, &s, e)) return MB_EINVAL;
	p->fee_vnd = -1;
	if (*s && parse_vnd(s, &p->fee_vnd))
		return bad(e, PF_FEE_VND,
		           "Lệ phí là số đồng nguyên, không âm (ví dụ 50000 hoặc 50.000); để trống nếu do HĐND tỉnh quy định.",
		           "fee_vnd is a whole number of dong, 0 or more (e.g. 50000 or 50.000); empty when the People's Council sets it");

	if (!in->docs || in->ndocs == 0)
		return bad(e, PF_DOCUMENTS, "Cần ít nhất một thành phần hồ sơ.", "at least one required document");
	if (in->ndocs > MAX_DOCS)
		return bad(e, PF_DOCUMENTS, "Tối đa 50 thành phần hồ sơ.", "at most 50 required documents");
	p->ndocs = in->ndocs;
	p->docs = arena_alloc(a, sizeof *p->docs * (size_t)in->ndocs);
	for (int i = 0; i < in->ndocs; i++) {
		char *t = text_trim(arena_strdup(a, in->docs[i] ? in->docs[i] : ""));
		if (!text_valid_utf8(t, strlen(t), false))
			return bad(e, PF_DOCUMENTS, "Tên thành phần hồ sơ chứa ký tự không hợp lệ hoặc xuống dòng.",
			           "a document name contains invalid characters or a line break");
		if (!*t) return bad(e, PF_DOCUMENTS, "Tên thành phần hồ sơ không được để trống.", "a document name is empty");
		if (text_utf8_len(t) > MAX_DOC)
			return bad(e, PF_DOCUMENTS, "Tên thành phần hồ sơ quá dài (tối đa 300 ký tự).",
			           "a document name is too long (at most 300 characters)");
		p->docs[i].ordinal = i + 1;
		p->docs[i].name = t;
	}

	if (text_field(in, PF_LEGAL_BASIS, true, MAX_LEGAL, a, &p->legal_basis, e)) return MB_EINVAL;

	if (text_field(in, PF_TIME_UNIT, false, 20, a, &s, e)) return MB_EINVAL;
	if (!*s) p->time_unit = procedures_rules_time_unit(p->legal_basis, p->processing_days);
	else if (one_of(s, units) < 0)
		return bad(e, PF_TIME_UNIT, "Đơn vị thời hạn phải là working_days (ngày làm việc) hoặc calendar_days (ngày).",
		           "time_unit must be working_days or calendar_days");
	else p->time_unit = !strcmp(s, "calendar_days") ? CAL_CALENDAR_DAYS : CAL_WORKING_DAYS;

	if (text_field(in, PF_ONLINE_LEVEL, false, 20, a, &s, e)) return MB_EINVAL;
	if (!*s) s = "none";
	int i = one_of(s, online);
	if (i < 0)
		return bad(e, PF_ONLINE_LEVEL, "Mức độ trực tuyến phải là full, partial hoặc none.",
		           "online_level must be full, partial or none");
	p->online_level = online[i];

	if (text_field(in, PF_CLOCK_POLICY, false, 20, a, &s, e)) return MB_EINVAL;
	if (!*s) s = "pause";
	if ((i = one_of(s, policies)) < 0)
		return bad(e, PF_CLOCK_POLICY, "Cách tính thời hạn khi bổ sung hồ sơ phải là pause hoặc restart.",
		           "clock_policy must be pause or restart");
	p->clock_policy = policies[i];

	if (text_field(in, PF_CUTOFF, false, 10, a, &s, e)) return MB_EINVAL;
	p->cutoff_min = -1;
	if (*s && (p->cutoff_min = procedures_rules_parse_hm(s)) < 0)
		return bad(e, PF_CUTOFF, "Giờ chốt nhận hồ sơ có dạng HH:MM (00:00–23:59), hoặc để trống.",
		           "cutoff is HH:MM (00:00 to 23:59), or empty");

	if (text_field(in, PF_UNIT, false, MAX_CODE, a, &out->unit_code, e)) return MB_EINVAL;
	if (*out->unit_code && !is_slug(out->unit_code, MAX_CODE))
		return bad(e, PF_UNIT, "Mã đơn vị không hợp lệ.", "not a valid unit code");

	if (text_field(in, PF_ACTIVE, false, 10, a, &s, e)) return MB_EINVAL;
	if (!*s) s = "1";
	if ((i = one_of(s, flags)) < 0)
		return bad(e, PF_ACTIVE, "Trạng thái áp dụng phải là 1 hoặc 0.", "active must be 1 or 0 (true or false)");
	p->active = i % 2 == 1;
	return 0;
}

void procedures_rules_to_input(const procedures_row *row, arena *a, procedures_input *in)
{
	const procedure *p = &row->p;
	memset(in, 0, sizeof *in);
	in->v[PF_CODE] = p->code;
	in->v[PF_NAME_VI] = p->name_vi;
	in->v[PF_NAME_EN] = p->name_en;
	in->v[PF_LEVEL] = p->level;
	in->v[PF_FIELD] = p->field;
	in->v[PF_PROCESSING_DAYS] = arena_printf(a, "%d", p->processing_days);
	in->v[PF_FEE_VND] = p->fee_vnd < 0 ? "" : arena_printf(a, "%lld", (long long)p->fee_vnd);
	in->v[PF_LEGAL_BASIS] = p->legal_basis;
	in->v[PF_TIME_UNIT] = procedures_time_unit_name(p->time_unit);
	in->v[PF_ONLINE_LEVEL] = p->online_level;
	in->v[PF_CLOCK_POLICY] = p->clock_policy;
	in->v[PF_CUTOFF] = p->cutoff_min < 0 ? ""
	                   : arena_printf(a, "%02d:%02d", p->cutoff_min / 60, p->cutoff_min % 60);
	in->v[PF_UNIT] = row->unit_code ? row->unit_code : "";
	in->v[PF_ACTIVE] = p->active ? "1" : "0";
	in->ndocs = p->ndocs;
	in->docs = arena_alloc(a, sizeof *in->docs * (size_t)(p->ndocs > 0 ? p->ndocs : 1));
	for (int i = 0; i < p->ndocs; i++) in->docs[i] = p->docs[i].name;
}

static bool same(const char *x, const char *y) { return !strcmp(x ? x : "", y ? y : ""); }

int procedures_rules_diff(const procedures_row *ra, const procedures_row *rb, bool changed[PF__MAX])
{
	const procedure *a = &ra->p, *b = &rb->p;
	bool docs = a->ndocs != b->ndocs;
	for (int i = 0; !docs && i < a->ndocs; i++) docs = !same(a->docs[i].name, b->docs[i].name);
	changed[PF_CODE] = !same(a->code, b->code);
	changed[PF_NAME_VI] = !same(a->name_vi, b->name_vi);
	changed[PF_NAME_EN] = !same(a->name_en, b->name_en);
	changed[PF_LEVEL] = !same(a->level, b->level);
	changed[PF_FIELD] = !same(a->field, b->field);
	changed[PF_PROCESSING_DAYS] = a->processing_days != b->processing_days;
	changed[PF_FEE_VND] = a->fee_vnd != b->fee_vnd;
	changed[PF_DOCUMENTS] = docs;
	changed[PF_LEGAL_BASIS] = !same(a->legal_basis, b->legal_basis);
	changed[PF_TIME_UNIT] = a->time_unit != b->time_unit;
	changed[PF_ONLINE_LEVEL] = !same(a->online_level, b->online_level);
	changed[PF_CLOCK_POLICY] = !same(a->clock_policy, b->clock_policy);
	changed[PF_CUTOFF] = a->cutoff_min != b->cutoff_min;
	changed[PF_UNIT] = !same(ra->unit_code, rb->unit_code);
	changed[PF_ACTIVE] = a->active != b->active;
	int n = 0;
	for (int f = 0; f < PF__MAX; f++) n += changed[f];
	return n;
}

/* --- demo assignments --- */

const char *procedures_demo_unit(const char *level, const char *field)
{
	static const struct { const char *field_fold, *unit; bool contains; } map[] = {
		{"ho tich", "so-tu-phap", false},
		{"ly lich tu phap", "cong-an-tinh", false},   /* the provincial police issue them since 2025 (legal basis of the row) */
		{"chung thuc", "so-tu-phap", false},
		{"dat dai", "so-nong-nghiep-va-moi-truong", false},
		{"hoat dong xay dung", "so-xay-dung", false},
		{"doanh nghiep", "so-tai-chinh", true},
		{"dau tu", "so-tai-chinh", true},
		{"khieu nai", "thanh-tra-tinh", true},
		{"to cao", "thanh-tra-tinh", true},
		{"tiep cong dan", "thanh-tra-tinh", false},
	};
	char f[512];
	if (!level || strcmp(level, "province") || !field) return NULL;
	text_fold(field, f, sizeof f);
	for (size_t i = 0; i < sizeof map / sizeof map[0]; i++) {
		if (map[i].contains) {
			/* The words appear in the field, at word boundaries. */
			size_t k = strlen(map[i].field_fold);
			for (const char *p = strstr(f, map[i].field_fold); p; p = strstr(p + 1, map[i].field_fold))
				if ((p == f || p[-1] == ' ') && (p[k] == '\0' || p[k] == ' ')) return map[i].unit;
		} else if (!strcmp(f, map[i].field_fold)) {
			return map[i].unit;
		}
	}
	return NULL;
}

const char *procedures_demo_online_level(const char *code)
{
	static const char *const full[] = {
		"ht-dang-ky-khai-sinh", "ht-dang-ky-khai-tu", "ht-xac-nhan-tinh-trang-hon-nhan",
		"cu-dang-ky-tam-tru", "lltp-cap-phieu-ly-lich-tu-phap", "dn-dang-ky-thanh-lap",
	};
	for (size_t i = 0; i < sizeof full / sizeof full[0]; i++)
		if (code && !strcmp(code, full[i])) return "full";
	return "partial";
}
