/* app.c — see app.h. */
#include "app/app.h"

#include "audit/audit.h"
#include "auth/auth.h"
#include "cases/cases.h"
#include "citizen/citizen.h"
#include "dossier/dossier.h"
#include "mail/mail.h"
#include "open311/open311.h"
#include "procedures/procedures.h"
#include "results/results.h"
#include "ui/ui.h"
#include "units/units.h"
#include "calendar/calendar_db.h"

void app_install(const ledger_keys *keys, const char *checkpoint_file)
{
	ui_install();
	auth_install();
	units_install();
	calendar_install();
	procedures_install();
	dossier_install();
	case_set_signing_keys(keys);
	cases_install();
	citizen_install();
	open311_install();
	results_install();
	mail_install();
	audit_install(keys, checkpoint_file);
}
