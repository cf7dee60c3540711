/* results.c — public results routes (to be written). */
#include "results/results.h"

void results_install(void)
{
}
