/* repo.h — the SQL of results online and fees (internal to delivery/):
 * dossier_results and dossier_payments (sql/0031_results_online.sql). */
#ifndef MB_DELIVERY_REPO_H
#define MB_DELIVERY_REPO_H

#include "delivery/delivery.h"

/* The row in force: 1 found, 0 none, <0 error. */
MB_MUST_CHECK int delivery_repo_result_current(db *d, int64_t dossier_id, arena *a, delivery_result_row *out, err *e);
/* Every result of a dossier, oldest first (at most max). */
MB_MUST_CHECK int delivery_repo_result_history(db *d, int64_t dossier_id, int max, arena *a, delivery_result_row **out,
                                               int *n, err *e);
/* Marks the row in force replaced (if any) and inserts the new one; *first: it is the dossier's first. */
MB_MUST_CHECK int delivery_repo_result_add(db *d, int64_t dossier_id, int64_t unit_id, const char *sha, int64_t size,
                                           int64_t at, int64_t by, bool *first, err *e);

MB_MUST_CHECK int delivery_repo_payment_current(db *d, int64_t dossier_id, arena *a, delivery_payment_row *out, err *e);
MB_MUST_CHECK int delivery_repo_payment_add(db *d, int64_t dossier_id, int64_t unit_id, const delivery_payment *p,
                                            int64_t at, int64_t by, bool *first, err *e);

#endif
