/* The dossiers' risk job costs the open work in hand, not the history: open
 * dossiers marked overdue whose due time is past (forgotten on a desk; they
 * pile up over the years) have nothing left to mark and are not read again.
 * The same number of VM steps with 2 and with 40 of them; a run changes
 * nothing; one whose due time is ahead again is still seen. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "base/clock.h"
#include "calendar/calendar_db.h"
#include "dossier/service.h"
#include "units/units.h"
#include "tmpdb.h"

static tmpdb T;

static int setup(void **st)
{
	(void)st;
	if (tmpdb_open(&T, "riskjob")) return -1;
	err e = {0};
	if (db_begin(T.d, &e) || units_load_reference(T.d, &e) || calendar_load_reference(T.d, &e) || db_commit(T.d, &e))
		return -1;
	return sqlite3_exec(db_handle(T.d),
	                    "INSERT INTO procedures(id, code, name_vi, name_en, name_fold, field, level, processing_days, legal_basis)"
	                    " VALUES (1, 'thu-tuc', 'Thủ tục', 'Procedure', 'thu tuc procedure', 'Hộ tịch', 'commune', 5, 'Luật')",
	                    NULL, NULL, NULL) == SQLITE_OK ? 0 : -1;
}

static int teardown(void **st)
{
	(void)st;
	return tmpdb_close(&T);
}

/* An open dossier in processing, due at due (ISO). */
static void add_dossier(int id, const char *due)
{
	char sql[1024];
	snprintf(sql, sizeof sql,
	         "INSERT INTO dossiers(id, code, secret_hash, procedure_id, unit_id, rule_set_id, channel, applicant_name,"
	         " state, received_at, due_at, original_due_at)"
	         " SELECT %d, 'HS-%d', 'h', 1, (SELECT id FROM units WHERE code = 'phuong-chieng-coi'),"
	         "  (SELECT min(id) FROM rule_sets), 'counter', 'A', 'processing', '2026-01-05T02:00:00Z', '%s', '%s'",
	         id, id, due, due);
	assert_int_equal(sqlite3_exec(db_handle(T.d), sql, NULL, NULL, NULL), SQLITE_OK);
}

static int64_t overdue_count(void)
{
	int64_t n = 0;
	err e = {0};
	db_lookup_int64(T.d, "SELECT count(*) FROM dossiers WHERE risk = ?", "overdue", &n, &e);
	return n;
}

/* VM steps of every statement on the connection during one run of the job at now. */
static long long job_steps(int64_t now, int *changed)
{
	tmpdb_vm_steps(T.d);
	err e = {0};
	assert_int_equal(dossier_mark_risks(T.d, now, changed, &e), 0);
	return tmpdb_vm_steps(T.d);
}

static void settled_overdue_dossiers_cost_nothing(void **st)
{
	(void)st;
	int64_t now = clock_parse_iso("2026-03-02T09:00:00Z");
	int changed = 0, n = 0;
	long long steps[2] = {0, 0};
	err e = {0};
	for (int round = 0; round < 2; round++) {
		for (int target = round ? 40 : 2; n < target; n++) add_dossier(n + 1, "2026-01-20T10:00:00Z");
		/* The first run marks them overdue... */
		assert_int_equal(dossier_mark_risks(T.d, now, &changed, &e), 0);
		assert_int_equal(overdue_count(), n);
		/* ...after which a run reads none of them. */
		steps[round] = job_steps(now + 86400, &changed);
		assert_int_equal(changed, 0);
		assert_int_equal(overdue_count(), n);
	}
	assert_true(steps[0] > 0);
	assert_int_equal(steps[1], steps[0]);
	/* One given a later due time (as a command would) is seen again: back on time. */
	assert_int_equal(sqlite3_exec(db_handle(T.d), "UPDATE dossiers SET due_at = '2026-06-01T10:00:00Z' WHERE id = 7",
	                              NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(dossier_mark_risks(T.d, now + 2 * 86400, &changed, &e), 0);
	assert_int_equal(changed, 1);
	assert_int_equal(overdue_count(), n - 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(settled_overdue_dossiers_cost_nothing, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
