/* open311.c — Open311 GeoReport v2 routes (to be written). */
#include "open311/open311.h"

void open311_install(void)
{
}
