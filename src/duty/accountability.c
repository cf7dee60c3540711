/* accountability.c — heads' accountability (R1; docs/oversight.md): what a
 * case's conclusion at fault opens for the heads, in the conclusion's
 * transaction.
 *
 *  - at fault: the head of the unit at fault reports the action taken
 *    (kind accountability.action, the time from data/duty_rules.csv);
 *  - the officials' fault found to be corruption (the concluder says so: the
 *    "corruption" flag of the conclusion, kept on official_sanctions): the
 *    head of the next level up considers the responsibility of the head of
 *    the unit at fault within 30 working days (kind
 *    accountability.head_review; Decree 59/2019 Art. 79, LEGAL-RULES-2 §5). */
#include <string.h>

#include "cases/cases.h"
#include "duty/repo.h"

static int concluded(db *d, const auth_actor *by, const case_concluded *c, err *e)
{
	if (!c->at_fault) return 0;
	arena a;
	arena_init(&a);
	const char *unit = auth_unit_code(d, c->unit_id, &a);
	duty_new n = {.kind = "accountability.action", .source_type = "case", .source_id = c->case_id, .source_ref = c->code,
	              .owner_unit_id = c->unit_id,
	              .title_vi = arena_printf(&a, "Báo cáo việc đã làm sau kết luận có sai phạm (đơn %s)", c->code),
	              .title_en = arena_printf(&a, "Report the action taken after the conclusion at fault (case %s)", c->code),
	              .start = c->at};
	int rc = duty_open(d, &by->ledger, &n, NULL, e);
	if (!rc && c->corruption) {
		int64_t anc[32], chain[DUTY_LEVELS], insp = 0;
		err e2 = {0};
		if (auth_unit_id(d, "thanh-tra-tinh", &insp, &e2) != 1) insp = 0;
		int na = auth_unit_ancestors(d, c->unit_id, anc, 32);
		duty_rules_chain(anc, na, insp, chain);
		duty_new h = {.kind = "accountability.head_review", .source_type = "case", .source_id = c->case_id,
		              .source_ref = c->code, .owner_unit_id = chain[1],
		              .title_vi = arena_printf(&a, "Xem xét trách nhiệm của người đứng đầu %s khi để xảy ra tham nhũng (đơn %s)",
		                                       unit, c->code),
		              .title_en = arena_printf(&a, "Consider the responsibility of the head of %s for corruption in the unit (case %s)",
		                                       unit, c->code),
		              .start = c->at};
		if (!h.owner_unit_id)
			rc = err_set(e, MB_EINTERNAL, "no_unit", NULL, "Không có cấp trên để xem xét trách nhiệm người đứng đầu.",
			             "no level above to consider the head's responsibility");
		else rc = duty_open(d, &by->ledger, &h, NULL, e);
	}
	arena_free(&a);
	return rc;
}

void duty_hooks_install(void) { case_set_conclude_hook(concluded); }
