/* ratings.c — registration of the ratings' routes. */
#include "ratings/service.h"

void ratings_install(void)
{
	ratings_api_install();
	ratings_pages_install();
}
