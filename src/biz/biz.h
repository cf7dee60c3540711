/* biz.h — inspections of businesses without overlap (R16, docs/inspections.md):
 * the register of businesses by tax code, every body's annual plan, the State
 * Audit's plan, the overlap check (LEGAL-RULES-2 §3a: INS-1…INS-7), ad-hoc
 * inspections with their scope fixed, execution, the public page per tax code
 * and the business's rating. Public header for other features. */
#ifndef MB_BIZ_H
#define MB_BIZ_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "base/arena.h"
#include "base/err.h"
#include "db/db.h"

/* --- pure rules (biz/rules.c): no SQL, no HTTP, no clock --- */

enum { BIZ_TAX_LEN = 10, BIZ_BRANCH_LEN = 14 };   /* "0100109106", "0100109106-001" */

/* The check digit of the first nine digits: 10 − (Σ wᵢdᵢ mod 11) with the
 * weights 31, 29, 23, 19, 17, 13, 7, 5, 3. Returns 0…9, or -1 when the result
 * is 10 (sum ≡ 0 mod 11): no code is issued with such a prefix (the tax
 * authority skips that sequence number), so a code whose first nine digits give
 * 10 is invalid whatever its tenth digit. 11 cannot occur with this form of
 * the rule (it arises only in the form 11 − r, where it maps to 0). */
int  biz_tax_check_digit(const char digits9[9]);
/* Checks a tax code after trimming: 10 digits with a valid check digit, or a
 * branch (dependent unit) code of 13 digits written "XXXXXXXXXX-NNN" whose
 * first ten are a valid code and NNN is 001…999. Writes the canonical form to
 * out (≥ 15 bytes). 0, or MB_EINVAL naming the field "tax_code". */
int  biz_tax_code_check(const char *s, char out[15], err *e);

typedef enum biz_kind { BIZ_THANH_TRA, BIZ_KIEM_TRA } biz_kind;
const char *biz_kind_name(biz_kind k);                 /* "thanh_tra" | "kiem_tra" */
int  biz_kind_parse(const char *s, biz_kind *out);     /* 0 or -1 */
const char *biz_kind_label_vi(biz_kind k);             /* "Thanh tra" | "Kiểm tra" (msgids) */
/* "enterprise" | "household" | "individual": 0 or -1. */
int  biz_business_kind_check(const char *s);
const char *biz_business_kind_label_vi(const char *kind);

/* Planned months "3,4" or "3-5" or "3" -> bit m-1 per month; -1 when malformed. */
int  biz_months_parse(const char *s);
/* The months as "3, 4" into out. */
void biz_months_format(int months, char *out, size_t n);

/* One entry as the overlap check sees it. */
typedef struct biz_item {
	int64_t id;           /* entry id, or audit id when audit */
	int64_t unit_id;      /* 0 for the State Audit */
	biz_kind kind;
	const char *subject;
	int months;
	bool adhoc;           /* ad-hoc with recorded grounds (clear signs of violation) */
	bool audit;           /* a State Audit entry */
} biz_item;

/* The dated rules in force for a year (on 1 January of it): whether each of
 * INS-1, INS-2, INS-3, INS-5 and INS-7 applies, and the caps of INS-1/2. */
typedef struct biz_ruleset {
	int max_thanh_tra, max_kiem_tra;   /* 0: the rule is not in force */
	bool ins3, ins5, ins7;
} biz_ruleset;

typedef struct biz_conflict {
	const char *rule_id;  /* "INS-1", "INS-2", "INS-3", "INS-5", "INS-7" */
	int a, b;             /* indexes into the items: a the earlier (lower id), b the later */
} biz_conflict;

/* The conflicts among the items of ONE business in ONE calendar year (the
 * caller groups them by (tax code, year) through the index). Items are in id
 * order (entries first, then audits). Rules:
 *   INS-1: a thanh tra beyond max_thanh_tra, counting only planned ones (an
 *          ad-hoc one on clear signs of violation is the exception): each later
 *          planned thanh tra against the first;
 *   INS-2: the same for kiểm tra;
 *   INS-3: a planned thanh tra and a planned kiểm tra on the same subject;
 *   INS-5: any entry and a State Audit audit of the same business and year;
 *   INS-7: two entries of different bodies on the same subject in overlapping
 *          months that no rule above already names (the Decree 59 Art. 63 test:
 *          scope = the business, subject, content = the subject matter, time =
 *          the months) — this is what still applies to an ad-hoc inspection.
 * Writes at most max conflicts; returns how many there are (may exceed max). */
int  biz_rules_conflicts(const biz_item *items, int n, const biz_ruleset *rs, biz_conflict *out, int max);

/* Resolutions the Inspectorate may choose. */
typedef enum biz_resolution { BIZ_R_JOINT, BIZ_R_MOVE, BIZ_R_DROP, BIZ_R_KEEP, BIZ_R__MAX } biz_resolution;
const char *biz_resolution_name(biz_resolution r);     /* "joint" | "move" | "drop" | "keep" */
int  biz_resolution_parse(const char *s, biz_resolution *out);
const char *biz_resolution_label_vi(biz_resolution r);
/* Whether a resolution fits the conflict: joint needs two entries (not a
 * State Audit); keep needs a justification (checked by the caller as a
 * reason). 0 or MB_EINVAL naming "resolution". */
int  biz_rules_resolution_ok(biz_resolution r, bool with_audit, err *e);

/* A plan is late when submitted after the deadline day (both YYYY-MM-DD). */
bool biz_rules_late(const char *today, const char *deadline);

/* An ad-hoc inspection's scope. */
typedef struct biz_scope {
	const char *subject, *period_from, *period_to, *content;
} biz_scope;
/* Whether next widens cur: another subject, a period starting earlier or
 * ending later, or content that is not the same text (folded). Narrowing the
 * period is not a widening. */
bool biz_rules_scope_widens(const biz_scope *cur, const biz_scope *next);

/* Days from start to end inclusive (YYYY-MM-DD both): 0 when malformed or end
 * before start. And whether it is over the limit (limit 0: no limit). */
int  biz_rules_days(const char *start, const char *end);
bool biz_rules_too_long(int days, int limit);

/* --- install --- */
void biz_install(void);

/* The demo: businesses of Sơn La, plans from four departments with one overlap left
 * for the Inspectorate. In the caller's transaction. */
int  biz_load_demo(db *d, FILE *ls, err *e);
/* The reference data (rules, deadlines, subjects) from the embedded CSVs; run
 * at init and demo, in the caller's transaction; idempotent. */
int  biz_load_reference(db *d, err *e);

#endif
