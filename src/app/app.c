/* app.c — see app.h. */
#include "app/app.h"

#include "audit/audit.h"
#include "auth/auth.h"
#include "biz/biz.h"
#include "cases/cases.h"
#include "citizen/citizen.h"
#include "delivery/delivery.h"
#include "discipline/discipline.h"
#include "duty/duty.h"
#include "dossier/dossier.h"
#include "inspections/inspections.h"
#include "mail/mail.h"
#include "officials/officials.h"
#include "open311/open311.h"
#include "procedures/procedures.h"
#include "ratings/ratings.h"
#include "recordings/recordings.h"
#include "results/results.h"
#include "scores/scores.h"
#include "ui/ui.h"
#include "units/units.h"
#include "warn/warn.h"
#include "calendar/calendar_db.h"

#include <stdlib.h>
#include <string.h>

#include "base/log.h"
#include "db/db.h"
#include "web/web.h"

/* GET /test/slow (and /api/v1/test/slow): a request whose query runs until its deadline (or the
 * server's stop) interrupts it. Only for the tests of the deadlines: the
 * route exists only when the server starts with MINHBACH_TEST_SLOW_ROUTE=1. */
static int test_slow(web_req *r)
{
	err e = {0};
	db *d = db_thread();
	/* ?hold_ms=N: this request's own deadline, longer or shorter than the server's. */
	const char *hold = web_query(r, "hold_ms");
	if (d && hold) {
		char *end;
		long long ms = strtoll(hold, &end, 10);
		if (!*end && ms > 0 && ms <= 600000) db_deadline_set(d, ms);
	}
	log_msg(LOG_INFO, "test", "slow request started");
	if (!d || db_test_spin(d, &e)) return web_error(r, &e);
	return web_text(r, 200, "text/plain; charset=utf-8", "done\n");
}

void app_install(const ledger_keys *keys, const char *checkpoint_file)
{
	ui_install();
	auth_install();
	units_install();
	calendar_install();
	procedures_install();
	dossier_install();
	delivery_install();
	case_set_signing_keys(keys);
	cases_install();
	duty_install();
	discipline_install();
	citizen_install();
	ratings_install();
	officials_install();
	inspections_install();
	recordings_install();
	open311_install();
	results_install();
	scores_install();
	biz_install();
	mail_install();
	warn_install();
	audit_install(keys, checkpoint_file);
	const char *slow = getenv("MINHBACH_TEST_SLOW_ROUTE");
	if (slow && !strcmp(slow, "1")) {
		static const web_route test_routes[] = {
			{"GET", "/test/slow", WEB_PUBLIC, test_slow, 0},
			{"GET", "/api/v1/test/slow", WEB_PUBLIC, test_slow, 0},
		};
		web_route_add(test_routes, 2);
		log_msg(LOG_WARN, "test", "MINHBACH_TEST_SLOW_ROUTE=1: the test routes /test/slow and /api/v1/test/slow are served");
	}
}
