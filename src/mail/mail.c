/* mail.c — outbox and import (to be written). */
#include "mail/mail.h"

void mail_install(void)
{
}

void mail_jobs_start(int interval_s)
{
	(void)interval_s;
}

void mail_jobs_stop(void)
{
}
