/* results.h — the public results of cases: search, statistics per unit, the
 * apology register, downloads. */
#ifndef MB_RESULTS_H
#define MB_RESULTS_H

void results_install(void);

#endif
