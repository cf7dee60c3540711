#include "base/err.h"
#include "base/text.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>
#include <unicode/utf16.h>

/* Decodes one UTF-8 code point at s (n bytes left). Returns its length
 * (1..4), or 0 when the bytes are not valid UTF-8. */
static size_t utf8_decode(const unsigned char *s, size_t n, unsigned *cp)
{
	if (n == 0) return 0;
	unsigned c = s[0];
	if (c < 0x80) { *cp = c; return 1; }
	size_t len;
	unsigned min;
	if ((c & 0xE0) == 0xC0) { len = 2; c &= 0x1F; min = 0x80; }
	else if ((c & 0xF0) == 0xE0) { len = 3; c &= 0x0F; min = 0x800; }
	else if ((c & 0xF8) == 0xF0) { len = 4; c &= 0x07; min = 0x10000; }
	else return 0;
	if (n < len) return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80) return 0;
		c = (c << 6) | (s[i] & 0x3F);
	}
	if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) return 0;
	*cp = c;
	return len;
}

/* Latin-1 Supplement U+00C0..U+00FF; ' ' for × and ÷. */
static const char latin1[] =
	"aaaaaaaceeeeiiiidnooooo ouuuuyts"
	"aaaaaaaceeeeiiiidnooooo ouuuuyty";
/* Latin Extended Additional U+1EA0..U+1EF9: the Vietnamese letters with two marks. */
static const char vn_ext[] =
	"aaaaaaaaaaaaaaaaaaaaaaaa" "eeeeeeeeeeeeeeee" "iiii"
	"oooooooooooooooooooooooo" "uuuuuuuuuuuuuu" "yyyyyyyy";

/* The ASCII base letter of cp, 0 for a mark to drop, or -1 when cp is not
 * a letter the folding knows (kept as a separator). */
static int fold_cp(unsigned cp)
{
	if (cp < 0x80) {
		if (cp >= 'A' && cp <= 'Z') return (int)(cp - 'A' + 'a');
		if ((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9')) return (int)cp;
		return -1;
	}
	if (cp >= 0xC0 && cp <= 0xFF) return latin1[cp - 0xC0] == ' ' ? -1 : latin1[cp - 0xC0];
	if (cp >= 0x1EA0 && cp <= 0x1EF9) return vn_ext[cp - 0x1EA0];
	if (cp >= 0x0300 && cp <= 0x036F) return 0;  /* combining marks (NFD input) */
	switch (cp) {
	case 0x0102: case 0x0103: return 'a';         /* Ă ă */
	case 0x0110: case 0x0111: return 'd';         /* Đ đ */
	case 0x0128: case 0x0129: return 'i';         /* Ĩ ĩ */
	case 0x0168: case 0x0169: return 'u';         /* Ũ ũ */
	case 0x01A0: case 0x01A1: return 'o';         /* Ơ ơ */
	case 0x01AF: case 0x01B0: return 'u';         /* Ư ư */
	default: return -1;
	}
}

size_t text_fold(const char *s, char *out, size_t outsz)
{
	size_t o = 0, n = s ? strlen(s) : 0;
	const unsigned char *p = (const unsigned char *)s;
	int pending_space = 0;
	if (outsz == 0) return 0;
	while (n > 0) {
		unsigned cp;
		size_t l = utf8_decode(p, n, &cp);
		if (l == 0) { l = 1; cp = 0xFFFD; }
		p += l;
		n -= l;
		int c = fold_cp(cp);
		if (c == 0) continue;
		if (c < 0) { pending_space = o > 0; continue; }
		if (pending_space) {
			if (o + 1 >= outsz) break;
			out[o++] = ' ';
			pending_space = 0;
		}
		if (o + 1 >= outsz) break;
		out[o++] = (char)c;
	}
	out[o] = '\0';
	return o;
}

char *text_fold_a(arena *a, const char *s)
{
	size_t n = s ? strlen(s) : 0;
	char *out = arena_alloc(a, n + 1);
	text_fold(s, out, n + 1);
	return out;
}

bool text_valid_utf8(const char *s, size_t n, bool allow_newlines)
{
	const unsigned char *p = (const unsigned char *)s;
	while (n > 0) {
		unsigned cp;
		size_t l = utf8_decode(p, n, &cp);
		if (l == 0) return false;
		if (cp < 0x20 || cp == 0x7F) {
			if (cp == '\t') { /* fine */ }
			else if ((cp == '\n' || cp == '\r') && allow_newlines) { /* fine */ }
			else return false;
		}
		p += l;
		n -= l;
	}
	return true;
}

size_t text_utf8_len(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		if (((unsigned char)*s & 0xC0) != 0x80) n++;
	return n;
}

char *text_trim(char *s)
{
	size_t n = strlen(s);
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n' || s[n - 1] == '\r'))
		s[--n] = '\0';
	size_t i = 0;
	while (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r') i++;
	if (i) memmove(s, s + i, n - i + 1);
	return s;
}

int text_parse_decimal(const char *s, double min, double max, double *out)
{
	if (!s || !*s || strlen(s) > 32) return -1;
	for (const char *p = s; *p; p++)
		if (!((*p >= '0' && *p <= '9') || *p == '.' || *p == '-' || *p == '+')) return -1;   /* no "nan", "0x1p3", "1e9" */
	char *end;
	double v = strtod(s, &end);
	if (end == s || *end || !isfinite(v) || v < min || v > max) return -1;
	*out = v;
	return 0;
}

char *text_code_norm(arena *a, const char *s)
{
	if (!s) return NULL;
	char *c = text_trim(arena_strdup(a, s));
	for (char *p = c; *p; p++)
		if (*p >= 'a' && *p <= 'z') *p = (char)(*p - 'a' + 'A');
	return c;
}

int text_check_field(const char *v, const char *field, size_t max, bool required, err *e)
{
	if (!v || !*v) {
		if (!required) return 0;
		return err_set(e, MB_EINVAL, "invalid_field", field, "Trường này là bắt buộc.", "this field is required");
	}
	if (!text_valid_utf8(v, strlen(v), true) || text_utf8_len(v) > max)
		return err_set(e, MB_EINVAL, "invalid_field", field, "Giá trị không hợp lệ hoặc quá dài.",
		               "the value is invalid or too long");
	return 0;
}

size_t text_visible_count(const char *s)
{
	size_t n = s ? strlen(s) : 0;
	if (n == 0 || n > (size_t)INT32_MAX / 4) return 0;
	UErrorCode st = U_ZERO_ERROR;
	int32_t ulen = 0;
	/* UTF-16 is never longer than the UTF-8 in code units; NFC of it at
	 * most three times longer. */
	UChar *u = malloc((n + 1) * sizeof *u), *nfc = malloc((3 * n + 1) * sizeof *nfc);
	size_t count = 0;
	if (!u || !nfc) goto done;
	u_strFromUTF8(u, (int32_t)n + 1, &ulen, s, (int32_t)n, &st);
	if (U_FAILURE(st)) goto done;
	const UNormalizer2 *norm = unorm2_getNFCInstance(&st);
	int32_t len = U_SUCCESS(st) ? unorm2_normalize(norm, u, ulen, nfc, (int32_t)(3 * n + 1), &st) : 0;
	if (U_FAILURE(st)) goto done;
	for (int32_t i = 0; i < len;) {
		UChar32 c;
		U16_NEXT(nfc, i, len, c);
		if (U_GET_GC_MASK(c) & (U_GC_L_MASK | U_GC_N_MASK)) count++;
	}
done:
	free(u);
	free(nfc);
	return count;
}

int text_check_reason(const char *v, const char *field, size_t max, bool required, err *e)
{
	if (text_check_field(v, field, max, required, e)) return MB_EINVAL;
	if ((!v || !*v) && !required) return 0;
	if (text_visible_count(v) < TEXT_REASON_MIN_VISIBLE)
		return err_set(e, MB_EINVAL, "invalid_field", field,
		               "Lý do phải có ít nhất 10 chữ cái hoặc chữ số (khoảng trắng, dấu câu và ký tự ẩn không được tính).",
		               "the reason needs at least 10 letters or digits (spaces, punctuation and invisible characters do not count)");
	return 0;
}
