/* redact.c — personal data out of text that is about to be published, by
 * meaning rather than by exact match (docs/cases.md, "Published text").
 *
 * The text is first normalised to NFC; each detector then marks the bytes to
 * hide, and a run of marked bytes (with only spaces and commas between) is
 * written as one "[đã ẩn]". Blanked: the known names (any case, spacing, with
 * or without diacritics), e-mail addresses and their spelled-out variants,
 * phone and ID numbers (seven digits or more, grouped by spaces, dots or
 * dashes), and addresses (số nhà, ngõ, ngách, hẻm, đường/phố + name, tổ, bản,
 * tiểu khu, xóm, thôn … with the following name or number). Kept: amounts,
 * dates, times, legal references and dossier/case codes. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>
#include <unicode/utf8.h>

#include "base/buf.h"
#include "base/text.h"

static const char MASK[] = "[đã ẩn]";

typedef struct { const char *s; size_t n; unsigned char *red; } doc;

/* --- code points --- */

static UChar32 cp_at(const doc *d, size_t i, size_t *len)
{
	int32_t j = (int32_t)i;
	UChar32 c;
	U8_NEXT((const uint8_t *)d->s, j, (int32_t)d->n, c);
	*len = (size_t)j - i;
	return c < 0 ? 0xFFFD : c;
}

/* The code point that ends just before byte i (0 at the start). */
static UChar32 cp_before(const doc *d, size_t i)
{
	if (i == 0) return 0;
	int32_t j = (int32_t)i;
	UChar32 c;
	U8_PREV((const uint8_t *)d->s, 0, j, c);
	return c < 0 ? 0xFFFD : c;
}

static bool is_alnum_cp(UChar32 c) { return (U_GET_GC_MASK(c) & (U_GC_L_MASK | U_GC_N_MASK | U_GC_M_MASK)) != 0; }
static bool is_digit(char c) { return c >= '0' && c <= '9'; }
static bool word_start(const doc *d, size_t i) { return !is_alnum_cp(cp_before(d, i)); }

/* Length of the word w (lower case, NFC) at i, compared without case and
 * ending at a word boundary; 0 when it is not there. */
static size_t word_at(const doc *d, size_t i, const char *w)
{
	size_t k = 0, wn = strlen(w), i0 = i;
	while (k < wn) {
		if (i >= d->n) return 0;
		size_t l1;
		UChar32 a = cp_at(d, i, &l1);
		int32_t j = (int32_t)k;
		UChar32 b;
		U8_NEXT((const uint8_t *)w, j, (int32_t)wn, b);
		if (u_tolower(a) != b) return 0;
		i += l1;
		k = (size_t)j;
	}
	size_t l;
	if (i < d->n && is_alnum_cp(cp_at(d, i, &l))) return 0;
	return wn ? i - i0 : 0;
}

static void mark(doc *d, size_t from, size_t to)
{
	for (size_t i = from; i < to && i < d->n; i++) d->red[i] = 1;
}

/* --- names --- */

/* A folded code point: lower case, without marks, đ → d; 0 for a mark to
 * drop; ' ' for a separator. */
static UChar32 fold_cp(UChar32 c)
{
	if (U_GET_GC_MASK(c) & U_GC_M_MASK) return 0;
	if (!(U_GET_GC_MASK(c) & (U_GC_L_MASK | U_GC_N_MASK))) return ' ';
	UErrorCode st = U_ZERO_ERROR;
	const UNormalizer2 *nfd = unorm2_getNFDInstance(&st);
	UChar dec[8];
	if (U_SUCCESS(st) && unorm2_getDecomposition(nfd, c, dec, 8, &st) > 0 && U_SUCCESS(st)) {
		UChar32 b;
		U16_GET(dec, 0, 0, 8, b);
		c = b;
	}
	c = u_tolower(c);
	return c == 0x0111 ? 'd' : c;
}

typedef struct { UChar32 *c; size_t *from, *to; size_t n; } folded;

/* The folded text of s[0..n) with, for each folded character, the bytes it came from. */
static void fold(const char *s, size_t n, arena *a, folded *f)
{
	f->c = arena_alloc(a, (n + 1) * sizeof *f->c);
	f->from = arena_alloc(a, (n + 1) * sizeof *f->from);
	f->to = arena_alloc(a, (n + 1) * sizeof *f->to);
	f->n = 0;
	doc d = {s, n, NULL};
	for (size_t i = 0; i < n;) {
		size_t l;
		UChar32 c = fold_cp(cp_at(&d, i, &l));
		if (c == ' ' && (f->n == 0 || f->c[f->n - 1] == ' ')) { i += l; continue; }
		if (c) {
			f->c[f->n] = c;
			f->from[f->n] = i;
			f->to[f->n] = i + l;
			f->n++;
		} else if (f->n) {
			f->to[f->n - 1] = i + l;   /* a mark belongs to its letter */
		}
		i += l;
	}
	while (f->n && f->c[f->n - 1] == ' ') f->n--;
}

static void redact_name(doc *d, const folded *t, const char *name, arena *a)
{
	folded nm;
	fold(name, strlen(name), a, &nm);
	size_t letters = 0;
	for (size_t k = 0; k < nm.n; k++) letters += nm.c[k] != ' ';
	if (letters < 3) return;
	for (size_t p = 0; p < t->n; p++) {
		if (t->c[p] == ' ' || (p > 0 && t->c[p - 1] != ' ')) continue;
		size_t q = 0, x = p;
		while (q < nm.n && x <= t->n) {
			if (nm.c[q] == ' ') {   /* a space of the name may be missing in the text */
				if (x < t->n && t->c[x] == ' ') x++;
				q++;
				continue;
			}
			if (x >= t->n || t->c[x] != nm.c[q]) break;
			x++;
			q++;
		}
		if (q == nm.n && (x == t->n || t->c[x] == ' ')) mark(d, t->from[p], t->to[x - 1]);
	}
}

/* --- e-mail addresses --- */

static bool email_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || is_digit(c) || c == '.' || c == '_' || c == '-' ||
	       c == '+' || c == '%';
}

static bool label_char(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || is_digit(c) || c == '-'; }

static size_t skip_spaces(const doc *d, size_t i, int max)
{
	for (int k = 0; k < max && i < d->n && d->s[i] == ' '; k++) i++;
	return i;
}

/* The length of one of the tokens at i (compared without case), or 0. */
static size_t token_at(const doc *d, size_t i, const char *const *tokens)
{
	for (int t = 0; tokens[t]; t++) {
		size_t l = strlen(tokens[t]);
		if (i + l <= d->n && !strncasecmp(d->s + i, tokens[t], l)) return l;
	}
	return 0;
}

static const char *const at_symbols[] = {"@", "(at)", "[at]", "{at}", "<at>", "(a)", "(@)", "[@]", "{@}", NULL};
static const char *const dot_symbols[] = {".", "(dot)", "[dot]", "{dot}", "<dot>", "(.)", "[.]", "(chấm)", "[chấm]", NULL};
static const char *const at_words[] = {"at", "a còng", "a móc", NULL};
static const char *const dot_words[] = {"dot", "chấm", NULL};

/* The end of the separator ("@", " (at) ", " at ", …) at i, or 0. */
static size_t email_sep(const doc *d, size_t i, const char *const *symbols, const char *const *words)
{
	size_t j = skip_spaces(d, i, 2), l = token_at(d, j, symbols);
	if (l) return skip_spaces(d, j + l, 2);
	if (j == i || !(l = token_at(d, j, words))) return 0;   /* a word needs spaces around it */
	if (j + l >= d->n || d->s[j + l] != ' ') return 0;
	return skip_spaces(d, j + l, 2);
}

static void redact_emails(doc *d)
{
	for (size_t i = 0; i < d->n; i++) {
		if (!email_char(d->s[i]) || (i > 0 && email_char(d->s[i - 1]))) continue;
		size_t e = i;
		while (e < d->n && email_char(d->s[e])) e++;
		size_t j = email_sep(d, e, at_symbols, at_words);
		if (!j) continue;
		/* The domain: labels joined by dots, spelled-out dots too; the last
		 * one (the top-level domain) of letters only. */
		int labels = 0;
		size_t end = j, last_start = j;
		for (;;) {
			size_t k = j;
			while (k < d->n && label_char(d->s[k])) k++;
			if (k == j) break;
			labels++;
			last_start = j;
			end = k;
			size_t nx = email_sep(d, k, dot_symbols, dot_words);
			if (!nx || nx >= d->n || !label_char(d->s[nx])) break;
			j = nx;
		}
		bool tld = end - last_start >= 2;
		for (size_t k = last_start; k < end && tld; k++) tld = !is_digit(d->s[k]) && d->s[k] != '-';
		if (labels >= 2 && tld) {
			mark(d, i, end);
			i = end;
		}
	}
}

/* --- numbers --- */

static bool currency_after(const doc *d, size_t i)
{
	static const char *const units[] = {"đồng", "đ", "vnđ", "vnd", "triệu", "nghìn", "ngàn", "tỷ", "tỉ", "trăm",
	                                     "usd", "%", "phần trăm", NULL};
	i = skip_spaces(d, i, 2);
	for (int k = 0; units[k]; k++) {
		if (!strcmp(units[k], "%")) {
			if (i < d->n && d->s[i] == '%') return true;
			continue;
		}
		if (word_at(d, i, units[k])) return true;
	}
	return false;
}

static void redact_numbers(doc *d)
{
	for (size_t i = 0; i < d->n; i++) {
		bool plus = d->s[i] == '+' && i + 1 < d->n && is_digit(d->s[i + 1]);
		if (!is_digit(d->s[i]) && !plus) continue;
		UChar32 before = cp_before(d, i);
		if (is_alnum_cp(before)) {   /* inside a word or a code: skip it whole */
			while (i + 1 < d->n && is_digit(d->s[i + 1])) i++;
			continue;
		}
		/* Part of a code or a reference: PCC-260301-0001, 118/2025/NĐ-CP. */
		bool code = (before == '-' || before == '/') && i >= 2 && is_alnum_cp(cp_before(d, i - 1));
		size_t j = plus ? i + 1 : i, last = j, digits = 0, groups = 0, glen[16] = {0};
		char seps[16] = {0};
		while (j < d->n) {
			if (is_digit(d->s[j])) {
				if (j == i + (plus ? 1 : 0) || !is_digit(d->s[j - 1])) groups++;
				if (groups <= 16) glen[groups - 1]++;
				digits++;
				last = j++;
				continue;
			}
			char c = d->s[j];
			if ((c == ' ' || c == '.' || c == '-' || c == ',') && j + 1 < d->n && is_digit(d->s[j + 1])) {
				if (groups <= 16 && groups > 0) seps[groups - 1] = c;
				j++;
				continue;
			}
			break;
		}
		size_t end = last + 1;
		char after = end < d->n ? d->s[end] : 0;
		code = code || after == '/' || (after == '-' && end + 1 < d->n && d->s[end + 1] != ' ');
		/* A date: 12.03.2026, 12-03-2026. */
		bool date = groups == 3 && glen[0] <= 2 && glen[1] <= 2 && glen[2] == 4 && seps[0] == seps[1] &&
		            (seps[0] == '.' || seps[0] == '-');
		/* An amount: 1.500.000 (thousands grouped by dots or commas, no leading 0) or a currency after it. */
		bool thousands = groups >= 2 && glen[0] <= 3 && d->s[i] != '0' && !plus && (seps[0] == '.' || seps[0] == ',');
		for (size_t g = 1; g < groups && g < 16 && thousands; g++)
			thousands = glen[g] == 3 && (g == groups - 1 || seps[g] == seps[0]);
		bool amount = thousands || currency_after(d, end);
		if (!code && !date && !amount && digits >= 7) mark(d, i, end);
		i = end - 1;
	}
}

/* --- addresses --- */

static const char *const place_words[] = {
	"số nhà", "tổ dân phố", "tiểu khu", "khu phố", "ngõ", "ngách", "hẻm", "kiệt", "đường", "phố", "tổ", "bản",
	"xóm", "thôn", "ấp", "khối", "số", NULL,
};

/* The length of an address keyword at i, and which one. */
static size_t place_word(const doc *d, size_t i, int *which)
{
	if (!word_start(d, i)) return 0;
	for (int k = 0; place_words[k]; k++) {
		size_t l = word_at(d, i, place_words[k]);
		if (l) { *which = k; return l; }
	}
	return 0;
}

/* The end of the word starting at i (up to a space or a separator). */
static size_t word_end(const doc *d, size_t i)
{
	while (i < d->n) {
		char c = d->s[i];
		if (c == ' ' || c == ',' || c == ';' || c == '\n' || c == '\r' || c == '\t' || c == '(' || c == ')' ||
		    c == ':' || c == '!' || c == '?' || c == '"')
			break;
		if (c == '.' && !(i + 1 < d->n && is_digit(d->s[i + 1]) && i > 0 && is_digit(d->s[i - 1]))) break;
		i++;
	}
	return i;
}

static bool starts_upper_or_digit(const doc *d, size_t i)
{
	if (i >= d->n) return false;
	if (is_digit(d->s[i])) return true;
	size_t l;
	UChar32 c = cp_at(d, i, &l);
	return u_isupper(c) || u_istitle(c);
}

/* The previous word (lower case ASCII fold not needed: compared exactly). */
static bool previous_word_is(const doc *d, size_t i, const char *const *words)
{
	size_t j = i;
	while (j > 0 && d->s[j - 1] == ' ') j--;
	size_t e = j;
	while (j > 0 && is_alnum_cp(cp_before(d, j))) {
		int32_t k = (int32_t)j;
		UChar32 c;
		U8_PREV((const uint8_t *)d->s, 0, k, c);
		(void)c;
		j = (size_t)k;
	}
	if (e == j) return false;
	doc w = {d->s, e, NULL};
	for (int k = 0; words[k]; k++)
		if (word_at(&w, j, words[k]) == e - j) return true;
	return false;
}

static void redact_addresses(doc *d)
{
	static const char *const city[] = {"thành", NULL};
	static const char *const at_place[] = {"ở", "tại", "nhà", "chỉ", NULL};   /* "địa chỉ: số 12" */
	for (size_t i = 0; i < d->n; i++) {
		int which;
		size_t l = place_word(d, i, &which);
		if (!l) continue;
		const char *kw = place_words[which];
		size_t j = i + l;
		if (j >= d->n || d->s[j] != ' ' || !starts_upper_or_digit(d, j + 1)) { i = j - 1; continue; }
		if (!strcmp(kw, "phố") && previous_word_is(d, i, city)) { i = j - 1; continue; }
		/* "tổ 5", "khối 3": numbered; "Tổ Công tác" is a team, not a place. */
		if ((!strcmp(kw, "tổ") || !strcmp(kw, "khối")) && !is_digit(d->s[j + 1])) { i = j - 1; continue; }
		if (!strcmp(kw, "số")) {
			/* "số 12" is a house only with a place around it; "Quyết định số
			 * 766/QĐ-TTg", "hồ sơ số 12" are references. */
			size_t ne = word_end(d, j + 1);
			bool digits = is_digit(d->s[j + 1]);
			for (size_t k = j + 1; k < ne && digits; k++) digits = is_digit(d->s[k]);
			int w2;
			size_t nx = ne;
			while (nx < d->n && (d->s[nx] == ' ' || d->s[nx] == ',')) nx++;
			bool place_next = nx < d->n && place_word(d, nx, &w2) && strcmp(place_words[w2], "số");
			if (!digits || !(place_next || previous_word_is(d, i, at_place))) { i = j - 1; continue; }
		}
		/* The name or number that follows: words starting with a capital or a
		 * digit, up to a comma or the end of the sentence. */
		size_t end = j;
		while (end < d->n && d->s[end] == ' ' && starts_upper_or_digit(d, end + 1)) end = word_end(d, end + 1);
		if (end == j) { i = j - 1; continue; }
		mark(d, i, end);
		i = end - 1;
	}
}

/* --- the whole --- */

static char *nfc(const char *in, arena *a)
{
	size_t n = strlen(in);
	if (n > (size_t)INT32_MAX / 4) return arena_strdup(a, in);
	UErrorCode st = U_ZERO_ERROR;
	UChar *u = malloc((n + 1) * sizeof *u), *v = malloc((3 * n + 1) * sizeof *v);
	char *out = NULL;
	int32_t ul = 0, vl = 0, ol = 0;
	if (u && v) u_strFromUTF8Lenient(u, (int32_t)n + 1, &ul, in, (int32_t)n, &st);
	const UNormalizer2 *norm = U_SUCCESS(st) && u && v ? unorm2_getNFCInstance(&st) : NULL;
	if (norm && U_SUCCESS(st)) vl = unorm2_normalize(norm, u, ul, v, (int32_t)(3 * n + 1), &st);
	if (norm && U_SUCCESS(st)) {
		u_strToUTF8(NULL, 0, &ol, v, vl, &st);
		st = U_ZERO_ERROR;
		out = arena_alloc(a, (size_t)ol + 1);
		u_strToUTF8(out, ol + 1, NULL, v, vl, &st);
		if (U_FAILURE(st)) out = NULL;
	}
	free(u);
	free(v);
	return out ? out : arena_strdup(a, in);
}

char *text_redact(const char *in, const char *const *names, int nnames, arena *a)
{
	doc d;
	d.s = nfc(in ? in : "", a);
	d.n = strlen(d.s);
	d.red = arena_alloc(a, d.n + 1);
	if (nnames > 0) {
		folded t;
		fold(d.s, d.n, a, &t);
		for (int k = 0; k < nnames; k++)
			if (names[k] && *names[k]) redact_name(&d, &t, names[k], a);
	}
	redact_emails(&d);
	redact_numbers(&d);
	redact_addresses(&d);
	buf b;
	buf_init(&b, d.n * 2 + 64);
	for (size_t i = 0; i < d.n;) {
		if (!d.red[i]) { buf_addc(&b, d.s[i++]); continue; }
		/* One mask for a run, across the spaces and commas between two parts. */
		for (;;) {
			while (i < d.n && d.red[i]) i++;
			size_t k = i;
			while (k < d.n && (d.s[k] == ' ' || d.s[k] == ',')) k++;
			if (k < d.n && k > i && d.red[k]) { i = k; continue; }
			break;
		}
		buf_adds(&b, MASK);
	}
	char *out = arena_strndup(a, b.data ? b.data : "", b.len);
	buf_free(&b);
	return out;
}
