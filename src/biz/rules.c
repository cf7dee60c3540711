/* rules.c — the pure rules of inspections of businesses (biz.h): the tax code,
 * the overlap check of one business's year, resolutions, lateness, scope. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "base/calendar.h"
#include "base/text.h"
#include "biz/biz.h"
#include "web/i18n.h"

int biz_tax_check_digit(const char digits9[9])
{
	static const int w[9] = {31, 29, 23, 19, 17, 13, 7, 5, 3};
	int sum = 0;
	for (int i = 0; i < 9; i++) sum += w[i] * (digits9[i] - '0');
	int c = 10 - sum % 11;
	return c == 10 ? -1 : c;
}

static int bad_tax(err *e, const char *vi, const char *en)
{
	return err_set(e, MB_EINVAL, "invalid_field", "tax_code", vi, en);
}

int biz_tax_code_check(const char *s, char out[15], err *e)
{
	if (!s) return bad_tax(e, "Thiếu mã số thuế.", "tax_code is required");
	while (*s == ' ' || *s == '\t') s++;
	size_t n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t')) n--;
	if (n != BIZ_TAX_LEN && n != BIZ_BRANCH_LEN)
		return bad_tax(e, "Mã số thuế phải gồm 10 chữ số, hoặc 10 chữ số, dấu '-' và 3 chữ số (đơn vị phụ thuộc).",
		               "a tax code is 10 digits, or 10 digits, '-' and 3 digits (a branch)");
	for (size_t i = 0; i < n; i++) {
		bool dash = i == BIZ_TAX_LEN && n == BIZ_BRANCH_LEN;
		if (dash ? s[i] != '-' : !isdigit((unsigned char)s[i]))
			return bad_tax(e, "Mã số thuế chỉ gồm chữ số (và một dấu '-' trước 3 chữ số cuối của đơn vị phụ thuộc).",
			               "a tax code holds digits only (and one '-' before a branch's last 3 digits)");
	}
	int c = biz_tax_check_digit(s);
	if (c < 0 || c != s[9] - '0')
		return bad_tax(e, "Mã số thuế sai chữ số kiểm tra (chữ số thứ 10).", "the tax code's check digit (10th digit) is wrong");
	if (n == BIZ_BRANCH_LEN && !strncmp(s + 11, "000", 3))
		return bad_tax(e, "Số thứ tự của đơn vị phụ thuộc phải từ 001 đến 999.", "a branch number is 001 to 999");
	memcpy(out, s, n);
	out[n] = 0;
	return 0;
}

const char *biz_kind_name(biz_kind k) { return k == BIZ_THANH_TRA ? "thanh_tra" : "kiem_tra"; }
const char *biz_kind_label_vi(biz_kind k) { return k == BIZ_THANH_TRA ? N_("Thanh tra") : N_("Kiểm tra"); }

int biz_kind_parse(const char *s, biz_kind *out)
{
	if (!s) return -1;
	if (!strcmp(s, "thanh_tra")) { *out = BIZ_THANH_TRA; return 0; }
	if (!strcmp(s, "kiem_tra")) { *out = BIZ_KIEM_TRA; return 0; }
	return -1;
}

int biz_business_kind_check(const char *s)
{
	return s && (!strcmp(s, "enterprise") || !strcmp(s, "household") || !strcmp(s, "individual")) ? 0 : -1;
}

const char *biz_business_kind_label_vi(const char *kind)
{
	if (!strcmp(kind, "enterprise")) return N_("Doanh nghiệp");
	if (!strcmp(kind, "household")) return N_("Hộ kinh doanh");
	return N_("Cá nhân kinh doanh");
}

int biz_months_parse(const char *s)
{
	if (!s) return -1;
	int mask = 0;
	const char *p = s;
	for (;;) {
		while (*p == ' ') p++;
		if (!isdigit((unsigned char)*p)) return -1;
		int a = 0, b;
		while (isdigit((unsigned char)*p) && a < 100) a = a * 10 + (*p++ - '0');
		b = a;
		while (*p == ' ') p++;
		if (*p == '-') {
			p++;
			while (*p == ' ') p++;
			if (!isdigit((unsigned char)*p)) return -1;
			b = 0;
			while (isdigit((unsigned char)*p) && b < 100) b = b * 10 + (*p++ - '0');
			while (*p == ' ') p++;
		}
		if (a < 1 || b > 12 || a > b) return -1;
		for (int m = a; m <= b; m++) mask |= 1 << (m - 1);
		if (!*p) break;
		if (*p != ',' && *p != ';') return -1;
		p++;
	}
	return mask;
}

void biz_months_format(int months, char *out, size_t n)
{
	size_t len = 0;
	out[0] = 0;
	for (int m = 1; m <= 12 && len < n; m++)
		if (months & (1 << (m - 1))) {
			int w = snprintf(out + len, n - len, "%s%d", len ? ", " : "", m);
			if (w < 0) break;
			len += (size_t)w;
		}
}

static int add(biz_conflict *out, int max, int k, const char *rule, int a, int b)
{
	if (k < max) out[k] = (biz_conflict){rule, a, b};
	return k + 1;
}

/* Whether the pair (i, j) is already named by a conflict in out[0..k). */
static bool named(const biz_conflict *out, int k, int max, int i, int j)
{
	for (int c = 0; c < k && c < max; c++)
		if (out[c].a == i && out[c].b == j) return true;
	return false;
}

int biz_rules_conflicts(const biz_item *it, int n, const biz_ruleset *rs, biz_conflict *out, int max)
{
	int k = 0;
	/* INS-1, INS-2: the planned ones beyond the cap, each against the first planned one. */
	for (int kind = 0; kind < 2; kind++) {
		int cap = kind == BIZ_THANH_TRA ? rs->max_thanh_tra : rs->max_kiem_tra;
		if (cap <= 0) continue;
		int first = -1, seen = 0;
		for (int i = 0; i < n; i++) {
			if (it[i].audit || it[i].adhoc || (int)it[i].kind != kind) continue;
			if (first < 0) first = i;
			if (++seen > cap) k = add(out, max, k, kind == BIZ_THANH_TRA ? "INS-1" : "INS-2", first, i);
		}
	}
	/* INS-3: a planned thanh tra and a planned kiểm tra on the same subject. */
	if (rs->ins3)
		for (int i = 0; i < n; i++)
			for (int j = i + 1; j < n; j++) {
				const biz_item *x = &it[i], *y = &it[j];
				if (x->audit || y->audit || x->adhoc || y->adhoc || x->kind == y->kind) continue;
				if (strcmp(x->subject, y->subject)) continue;
				k = add(out, max, k, "INS-3", i, j);
			}
	/* INS-5: coincidence with the State Audit. */
	if (rs->ins5)
		for (int i = 0; i < n; i++)
			for (int j = 0; j < n; j++)
				if (!it[i].audit && it[j].audit) k = add(out, max, k, "INS-5", i, j);
	/* INS-7: another body, same subject, overlapping months, not named above. */
	if (rs->ins7)
		for (int i = 0; i < n; i++)
			for (int j = i + 1; j < n; j++) {
				const biz_item *x = &it[i], *y = &it[j];
				if (x->audit || y->audit || x->unit_id == y->unit_id) continue;
				if (strcmp(x->subject, y->subject) || !(x->months & y->months)) continue;
				if (named(out, k, max, i, j)) continue;
				k = add(out, max, k, "INS-7", i, j);
			}
	return k;
}

static const char *const res_names[BIZ_R__MAX] = {"joint", "move", "drop", "keep"};
static const char *const res_labels[BIZ_R__MAX] = {N_("Thanh tra, kiểm tra liên ngành (gộp)"), N_("Chuyển sang năm sau"),
                                                   N_("Bỏ khỏi kế hoạch"), N_("Giữ nguyên, có giải trình")};

const char *biz_resolution_name(biz_resolution r) { return r < BIZ_R__MAX ? res_names[r] : ""; }
const char *biz_resolution_label_vi(biz_resolution r) { return r < BIZ_R__MAX ? res_labels[r] : ""; }

int biz_resolution_parse(const char *s, biz_resolution *out)
{
	for (int i = 0; s && i < BIZ_R__MAX; i++)
		if (!strcmp(s, res_names[i])) { *out = (biz_resolution)i; return 0; }
	return -1;
}

int biz_rules_resolution_ok(biz_resolution r, bool with_audit, err *e)
{
	if (r == BIZ_R_JOINT && with_audit)
		return err_set(e, MB_EINVAL, "invalid_field", "resolution",
		               "Không thể gộp với cuộc kiểm toán của Kiểm toán nhà nước: hãy chuyển năm, bỏ hoặc giữ có giải trình.",
		               "a State Audit cannot be joined: move, drop, or keep with a justification");
	return 0;
}

bool biz_rules_late(const char *today, const char *deadline)
{
	return strcmp(today, deadline) > 0;
}

static bool same_text(const char *a, const char *b)
{
	char fa[2048], fb[2048];
	text_fold(a ? a : "", fa, sizeof fa);
	text_fold(b ? b : "", fb, sizeof fb);
	return !strcmp(fa, fb);
}

bool biz_rules_scope_widens(const biz_scope *cur, const biz_scope *next)
{
	if (next->subject && strcmp(next->subject, cur->subject)) return true;
	if (next->period_from && strcmp(next->period_from, cur->period_from) < 0) return true;
	if (next->period_to && strcmp(next->period_to, cur->period_to) > 0) return true;
	if (next->content && !same_text(next->content, cur->content)) return true;
	return false;
}

int biz_rules_days(const char *start, const char *end)
{
	int32_t a, b;
	if (!start || !end || cal_parse_date(start, &a) || cal_parse_date(end, &b) || b < a) return 0;
	return (int)(b - a) + 1;
}

bool biz_rules_too_long(int days, int limit)
{
	return limit > 0 && days > limit;
}
