/* ratings.c — registration of the ratings' routes. */
#include "dossier/web.h"
#include "ratings/service.h"

/* The rating card on the tracking page, after the steps. */
static int track_end(web_req *r, db *d, const dossier_row *row, const char *secret, err *e)
{
	(void)d;
	(void)e;
	ratings_track_block(r, row->code, secret, row->state);
	return 0;
}

static const dossier_section section = {.track_end = track_end};

void ratings_install(void)
{
	ratings_api_install();
	ratings_pages_install();
	dossier_section_add(&section);
}
