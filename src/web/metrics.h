/* metrics.h — request counters by route and status, and a latency histogram,
 * rendered in Prometheus text format at /metrics. */
#ifndef MB_METRICS_H
#define MB_METRICS_H

#include <stdint.h>

#include "base/buf.h"

/* route must be a string that lives for the whole process (a route pattern). */
void metrics_observe(const char *route, int status, int64_t us);
void metrics_render(buf *out);

#endif
