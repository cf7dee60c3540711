/* text.h — Vietnamese text handling.
 *
 * text_fold() turns text into its search key: lower case ASCII letters and
 * digits separated by single spaces, with every Vietnamese diacritic removed
 * and đ/Đ folded to d (SQLite's unicode61 tokenizer does not fold đ, so the
 * product folds in C for every engine). "Phường Chiềng Cơi" → "phuong chieng coi".
 */
#ifndef MB_TEXT_H
#define MB_TEXT_H

#include <stdbool.h>
#include <stddef.h>

#include "base/arena.h"

/* Folds s into out (at most outsz bytes, NUL-terminated). Returns the length. */
size_t text_fold(const char *s, char *out, size_t outsz);
char  *text_fold_a(arena *a, const char *s);
/* True when s is valid UTF-8 without NUL or C0 control characters other
 * than tab, CR and LF (when allow_newlines). */
bool   text_valid_utf8(const char *s, size_t n, bool allow_newlines);
/* Number of code points in valid UTF-8 s. */
size_t text_utf8_len(const char *s);
/* Checks a form or API field: present when required (an absent optional
 * field is fine), valid UTF-8 (new lines allowed) and at most max code points.
 * 0, or MB_EINVAL with e naming the field. */
struct err;
int    text_check_field(const char *v, const char *field, size_t max, bool required, struct err *e);
/* Every free-text justification (the vault's reason, not accepting,
 * transferring, extending, withdrawing, an unsatisfied rating, refusing or
 * stopping a dossier, an apology, what a supplement lacks) must hold at least
 * this many visible letters or digits. */
enum { TEXT_REASON_MIN_VISIBLE = 10 };
/* Number of letters and digits (Unicode general categories L and N) in valid
 * UTF-8 s after NFC normalisation: white space of any kind, format and
 * control characters (zero-width spaces and joiners, BOM, soft hyphen,
 * direction marks), punctuation, symbols and lone combining marks count 0. */
size_t text_visible_count(const char *s);
/* text_check_field(), then at least TEXT_REASON_MIN_VISIBLE visible letters
 * or digits: 0, or MB_EINVAL with e naming the field. An optional reason that
 * is given must meet the same rule. */
int    text_check_reason(const char *v, const char *field, size_t max, bool required, struct err *e);
/* Text about to be published, with personal data replaced by "[đã ẩn]":
 * the given names (any case, spacing, with or without diacritics), e-mail
 * addresses (also "(at)", " at ", "(dot)" …), phone and ID numbers, and
 * addresses; amounts, dates, times, legal references and codes are kept.
 * The result is NFC. See docs/cases.md, "Published text". */
char  *text_redact(const char *in, const char *const *names, int nnames, arena *a);
/* Trims ASCII white space at both ends, in place; returns s. */
char  *text_trim(char *s);
/* A plain decimal number ("21.3287", "-0.5"; no exponent, "nan" or hex) in
 * [min, max]: 0 and *out, or -1. */
int    text_parse_decimal(const char *s, double min, double max, double *out);
/* A code or secret as a person may type it (" dt-261127-0001 "): a copy in
 * the arena, trimmed and with ASCII letters in upper case, the canonical form
 * of every look-up code and tracking secret (their alphabets have no lower
 * case and no look-alikes). NULL stays NULL. */
char  *text_code_norm(arena *a, const char *s);

#endif
