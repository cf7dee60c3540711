/* open311.h — Open311 GeoReport v2 over the cases (XML and JSON). */
#ifndef MB_OPEN311_H
#define MB_OPEN311_H

void open311_install(void);

#endif
