/* notify.c — the cases notifier: a status change to the reporter, a
 * reminder or an escalation to staff, queued in the command's transaction.
 *
 * What a notice holds: the case code, its kind, the new state, the handling
 * unit, the due time in Vietnam time and a link. Never the follow-up secret,
 * and never anything of the reporter (name, address, the text they wrote)
 * in a message to staff. */
#include <string.h>

#include "base/clock.h"
#include "cases/cases.h"
#include "mail/internal.h"
#include "units/units.h"

static int notify(db *d, const case_row *row, const char *kind, const char *to_email, const char *lang, arena *a,
                  err *e)
{
	if (!to_email || !*to_email) return 0;
	if (strcmp(kind, "status") && strcmp(kind, "reminder") && strcmp(kind, "escalation"))
		return err_set(e, MB_EINTERNAL, "mail_kind", NULL, "Loại thư không hợp lệ.", "unknown kind of notice");
	if (!mail_addr_valid(to_email)) return 0;   /* an address that cannot be used is not the command's failure */
	case_state st = CS_NONE;
	case_kind k = CK_FEEDBACK;
	bool has_state = row->state && case_state_parse(row->state, &st) == 0;
	/* An e-mail just filed: the import sends its own receipt, with the
	 * follow-up secret that only it knows; one message, not two. */
	if (!strcmp(kind, "status") && has_state && st == CS_RECEIVED && row->channel && !strcmp(row->channel, "email") &&
	    !row->transfers && !row->reopened && !row->escalations)
		return 0;
	bool has_kind = row->kind && case_kind_parse(row->kind, &k) == 0;
	mail_notice n = {
		.kind = kind,
		.lang = lang ? lang : row->lang,
		.code = row->code,
		.kind_label_vi = has_kind ? case_kind_label_vi(k) : "",
		.state_label_vi = has_state ? case_state_label_vi(st) : "",
		.unit_name_vi = row->unit_name_vi,
		.unit_name_en = row->unit_name_en,
		.reason = row->reason,
		.not_accepted = has_state && st == CS_NOT_ACCEPTED,
		.due_at = has_state && case_state_final(st) ? 0 : row->due_at,
		.base_url = mail_base_url(a),
	};
	if (strcmp(kind, "status")) units_head(d, row->unit_code, a, &n.head_name, &n.head_title);
	const char *subject, *body;
	if (mail_compose_notice(&n, a, &subject, &body))
		return err_set(e, MB_EINTERNAL, "mail_compose", NULL, "Không soạn được thư thông báo.",
		               "cannot compose the notice");
	mail_msg m = {to_email, subject, body, kind, row->code, !strcmp(kind, "status")};
	return mail_enqueue(d, &m, clock_now(), e);
}

void mail_notify_install(void)
{
	case_set_notifier(notify);
}
