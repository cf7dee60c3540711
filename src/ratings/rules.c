/* rules.c — the pure rules of rating a dossier: levels and likes, answers to
 * the criteria, the change window, what may be rated. No I/O, no clock. */
#include <string.h>

#include "base/calendar.h"
#include "base/clock.h"
#include "base/text.h"
#include "ratings/ratings.h"
#include "web/i18n.h"

static const char *const LEVEL_NAMES[RL__MAX] = {"very_satisfied", "satisfied", "unsatisfied"};
static const char *const LEVEL_LABELS[RL__MAX] = {N_("Rất hài lòng"), N_("Hài lòng"), N_("Không hài lòng")};
static const char *const TYPE_NAMES[RA__MAX] = {"yes_no", "level", "count"};

const char *rating_level_name(rating_level l) { return l >= 0 && l < RL__MAX ? LEVEL_NAMES[l] : "?"; }
const char *rating_level_label_vi(rating_level l) { return l >= 0 && l < RL__MAX ? LEVEL_LABELS[l] : "?"; }

int rating_level_parse(const char *s, rating_level *out)
{
	for (int i = 0; s && i < RL__MAX; i++)
		if (!strcmp(s, LEVEL_NAMES[i])) { *out = (rating_level)i; return 0; }
	return -1;
}

bool rating_level_liked(rating_level l) { return l == RL_VERY_SATISFIED || l == RL_SATISFIED; }
rating_level rating_level_of_like(bool liked) { return liked ? RL_SATISFIED : RL_UNSATISFIED; }

int rating_rules_resolve(const char *level, int like, rating_level *out, bool *liked, err *e)
{
	bool has_level = level && *level;
	if (!has_level && like < 0)
		return err_set(e, MB_EINVAL, "required", "level", "Hãy chọn mức độ hài lòng (hoặc thích / không thích).",
		               "choose a level of satisfaction (or like / dislike)");
	rating_level l;
	if (has_level && rating_level_parse(level, &l))
		return err_set(e, MB_EINVAL, "invalid_field", "level",
		               "Mức độ hài lòng phải là: very_satisfied, satisfied hoặc unsatisfied.",
		               "level must be very_satisfied, satisfied or unsatisfied");
	if (!has_level) l = rating_level_of_like(like == 1);
	if (like >= 0 && (like == 1) != rating_level_liked(l))
		return err_set(e, MB_EINVAL, "inconsistent", "like",
		               "Thích / không thích không khớp với mức độ hài lòng đã chọn.",
		               "like / dislike does not match the level chosen");
	*out = l;
	*liked = rating_level_liked(l);
	return 0;
}

const char *rating_answer_type_name(rating_answer_type t) { return t >= 0 && t < RA__MAX ? TYPE_NAMES[t] : "?"; }

int rating_answer_type_parse(const char *s, rating_answer_type *out)
{
	for (int i = 0; s && i < RA__MAX; i++)
		if (!strcmp(s, TYPE_NAMES[i])) { *out = (rating_answer_type)i; return 0; }
	return -1;
}

bool rating_rules_in_force(const char *from, const char *to, const char *date)
{
	if (!from || !date || strcmp(from, date) > 0) return false;
	return !to || !*to || strcmp(date, to) <= 0;
}

int rating_rules_find(const rating_criterion *cs, int n, const char *id)
{
	for (int i = 0; id && i < n; i++)
		if (!strcmp(cs[i].id, id)) return i;
	return -1;
}

int rating_rules_check_answer(const rating_criterion *c, const char *v, const char *field, arena *a,
                              const char **norm, err *e)
{
	switch (c->type) {
	case RA_YES_NO:
		if (v && (!strcmp(v, "yes") || !strcmp(v, "no"))) { *norm = !strcmp(v, "yes") ? "yes" : "no"; return 0; }
		return err_set(e, MB_EINVAL, "invalid_answer", field, "Câu trả lời phải là có (yes) hoặc không (no).",
		               "the answer must be yes or no");
	case RA_LEVEL: {
		rating_level l;
		if (v && !rating_level_parse(v, &l)) { *norm = rating_level_name(l); return 0; }
		return err_set(e, MB_EINVAL, "invalid_answer", field,
		               "Câu trả lời phải là: very_satisfied, satisfied hoặc unsatisfied.",
		               "the answer must be very_satisfied, satisfied or unsatisfied");
	}
	case RA_COUNT: {
		size_t n = v ? strlen(v) : 0;
		bool ok = n >= 1 && n <= 2 && !(n == 2 && v[0] == '0');
		for (size_t i = 0; ok && i < n; i++) ok = v[i] >= '0' && v[i] <= '9';
		if (ok) { *norm = arena_strdup(a, v); return 0; }
		return err_set(e, MB_EINVAL, "invalid_answer", field, "Câu trả lời phải là một số từ 0 đến 99.",
		               "the answer must be a number from 0 to 99");
	}
	default:
		return err_set(e, MB_EINTERNAL, "bad_criterion", field, "Tiêu chí sai định dạng.", "a criterion is malformed");
	}
}

bool rating_rules_ratable(dossier_state s) { return s == DS_RESULT_READY || s == DS_RETURNED; }

int64_t rating_rules_change_until(int64_t created, int change_days) { return created + (int64_t)change_days * 86400; }

int rating_rules_may_change(int64_t until, int64_t now, err *e)
{
	if (now < until) return 0;
	return err_set(e, MB_ECONFLICT, "rating_final", NULL,
	               "Hồ sơ này đã được đánh giá và đã hết thời hạn sửa đánh giá.",
	               "this dossier was already rated and the time to change the rating is over");
}

int rating_rules_check_comment(const char *s, int max, err *e)
{
	if (!s || !*s) return 0;
	if (!text_valid_utf8(s, strlen(s), true))
		return err_set(e, MB_EINVAL, "invalid_field", "comment", "Ý kiến chứa ký tự không hợp lệ.",
		               "the comment holds characters that are not allowed");
	if (text_utf8_len(s) > (size_t)max)
		return err_set(e, MB_EINVAL, "too_long", "comment", "Ý kiến quá dài so với giới hạn cho phép.",
		               "the comment is longer than allowed");
	return 0;
}

void rating_day_key(int64_t t, char out[32])
{
	clock_iso_utc(cal_local(cal_day_of(t), 0), out, 32);
}
