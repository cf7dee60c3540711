/* The staff queues do not grow with history: every list statement behind the
 * dossier queues (the holder's, the unit's, the overdue list, the citizen's;
 * open ones and all of them) and the case queues (mine, the unit's, overdue,
 * all; of a unit with units below it and of one without) walks an index in
 * its own order and stops at the page's end. Checked on the query plans
 * (EXPLAIN QUERY PLAN) of the statements the list functions actually ran: no
 * plan scans dossiers or cases (not even a whole index of them), and none
 * sorts with a temporary B-tree. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/auth.h"
#include "cases/cases.h"
#include "citizen/citizen.h"
#include "dossier/repo.h"
#include "dossier/service.h"
#include "mail/internal.h"
#include "tmpdb.h"

static tmpdb T;

static int setup(void **st)
{
	(void)st;
	if (tmpdb_open(&T, "queues")) return -1;
	err e = {0};
	/* A province with a ward below it: the ward's lists are its own, the province's cover its tree. */
	return db_exec(T.d,
	               "INSERT INTO units(id, code, parent_id, kind, name_vi, name_en, name_fold) VALUES"
	               " (900, 'tinh', NULL, 'province', 'Tỉnh', 'Province', 'tinh province'),"
	               " (901, 'phuong', 900, 'ward', 'Phường', 'Ward', 'phuong ward')", &e) ? -1 : 0;
}

static int teardown(void **st)
{
	(void)st;
	return tmpdb_close(&T);
}

static bool big_table_scan_or_sort(const char *detail)
{
	/* "SCAN dossiers", "SCAN c", "SCAN cases USING INDEX …": a walk over the whole table or one of
	 * its indexes; "USE TEMP B-TREE FOR ORDER BY": the rows sorted after they are found. */
	return !strncmp(detail, "SCAN dossiers", 13) || !strncmp(detail, "SCAN c ", 7) || !strcmp(detail, "SCAN c") ||
	       !strncmp(detail, "SCAN cases", 10) || strstr(detail, "TEMP B-TREE") != NULL;
}

/* Fails when a step of sql's query plan is one that refused() names. */
static void assert_plan(sqlite3 *h, const char *sql, bool (*refused)(const char *detail))
{
	char q[16384];
	snprintf(q, sizeof q, "EXPLAIN QUERY PLAN %s", sql);
	sqlite3_stmt *ex;
	assert_int_equal(sqlite3_prepare_v2(h, q, -1, &ex, NULL), SQLITE_OK);
	while (sqlite3_step(ex) == SQLITE_ROW) {
		const char *detail = (const char *)sqlite3_column_text(ex, 3);
		if (refused(detail)) fail_msg("plan step \"%s\" in\n%s", detail, sql);
	}
	sqlite3_finalize(ex);
}

/* Checks the plan of every list statement prepared on the connection; returns how many. */
static int check_plans(void)
{
	sqlite3 *h = db_handle(T.d);
	int checked = 0;
	for (sqlite3_stmt *s = sqlite3_next_stmt(h, NULL); s; s = sqlite3_next_stmt(h, s)) {
		const char *sql = sqlite3_sql(s);
		if (!sql || (strncmp(sql, "SELECT", 6) && strncmp(sql, "WITH", 4))) continue;
		if (!strstr(sql, "FROM dossiers WHERE") && !strstr(sql, "FROM cases c")) continue;
		if (!strstr(sql, "LIMIT ?")) continue;   /* a list: one page at a time */
		assert_plan(h, sql, big_table_scan_or_sort);
		checked++;
	}
	return checked;
}

static void dossier_lists(const auth_actor *a, const char *view, bool all)
{
	arena ar;
	arena_init(&ar);
	dossier_row *rows;
	dossier_progress *p;
	int n = -1;
	const char *next = "";
	err e = {0};
	assert_int_equal(dossier_list_view(T.d, a, &(dossier_page){view, all, NULL, 50, 0}, &ar, &rows, &p, &n, NULL, &next, &e), 0);
	assert_int_equal(n, 0);
	assert_null(next);
	arena_free(&ar);
}

static void case_lists(const auth_actor *a, const char *view)
{
	arena ar;
	arena_init(&ar);
	case_row *rows;
	int n = -1;
	err e = {0};
	case_filter f = {.view = view, .limit = 50};
	assert_int_equal(case_list(T.d, a, &f, &ar, &rows, &n, &e), 0);
	assert_int_equal(n, 0);
	arena_free(&ar);
}

static void test_dossier_queues(void **st)
{
	(void)st;
	auth_actor officer = {.id = 7, .role = ROLE_PROCESSING_OFFICER, .unit_id = 901};
	auth_actor counter = {.id = 8, .role = ROLE_COUNTER_OFFICER, .unit_id = 901};
	auth_actor head = {.id = 9, .role = ROLE_UNIT_HEAD, .unit_id = 901};
	auth_actor citizen = {.id = 10, .role = ROLE_CITIZEN};
	for (int all = 0; all < 2; all++) {
		dossier_lists(&officer, "mine", all);
		dossier_lists(&counter, "unit", all);
		dossier_lists(&citizen, "mine", all);
	}
	dossier_lists(&head, "overdue", false);
	/* the holder's, the unit's where received and where held, the citizen's: open, and all */
	assert_true(check_plans() >= 8);
}

static void test_case_queues(void **st)
{
	(void)st;
	auth_actor ward_officer = {.id = 7, .role = ROLE_PROCESSING_OFFICER, .unit_id = 901};
	auth_actor ward_head = {.id = 9, .role = ROLE_UNIT_HEAD, .unit_id = 901};
	auth_actor province_head = {.id = 11, .role = ROLE_UNIT_HEAD, .unit_id = 900};
	auth_actor inspector = {.id = 12, .role = ROLE_INSPECTOR, .unit_id = 900};
	case_lists(&ward_officer, "mine");
	case_lists(&ward_head, "unit");
	case_lists(&ward_head, "overdue");
	case_lists(&province_head, "unit");
	case_lists(&province_head, "overdue");
	case_lists(&inspector, "all");
	/* with the dossiers' 8 of the previous test on the same connection */
	assert_true(check_plans() >= 8 + 6);
}

/* A walk over the letters themselves, the whole table or one unit's. */
static bool reads_letters(const char *detail)
{
	return !strncmp(detail, "SCAN a", 6) || strstr(detail, "SCAN apologies") || strstr(detail, "INDEX apologies");
}

/* The public register's counts per unit (GET /api/v1/apologies) read the
 * per-unit totals, never the letters themselves. */
static void test_apology_register(void **st)
{
	(void)st;
	err e = {0};
	json_t *arr = json_array();
	assert_int_equal(dossier_repo_apology_register(T.d, arr, &e), 0);
	json_decref(arr);
	sqlite3 *h = db_handle(T.d);
	int checked = 0;
	for (sqlite3_stmt *s = sqlite3_next_stmt(h, NULL); s; s = sqlite3_next_stmt(h, s)) {
		const char *sql = sqlite3_sql(s);
		if (!sql || !strstr(sql, "name_vi, u.name_en") || !strstr(sql, "apolog")) continue;
		assert_plan(h, sql, reads_letters);
		checked++;
	}
	assert_int_equal(checked, 1);
}

/* A walk over the messages themselves (the whole outbox or one of its indexes),
 * or a sort of them. */
static bool scans_outbox(const char *detail)
{
	return !strcmp(detail, "SCAN outbox") || !strncmp(detail, "SCAN outbox ", 12) || strstr(detail, "TEMP B-TREE");
}

static bool reads_outbox(const char *detail)
{
	return scans_outbox(detail) || !strncmp(detail, "SEARCH outbox ", 14) || strstr(detail, "INDEX outbox_due") ||
	       strstr(detail, "INDEX outbox_case");
}

/* The administrators' mail view (GET /api/v1/outbox): its counts read the
 * totals kept by triggers (sql/0024), never the messages; its list walks the
 * primary key newest first from a cursor, one page. */
static void test_mail_view_plans(void **st)
{
	(void)st;
	err e = {0};
	int q, s, f, n;
	arena a;
	arena_init(&a);
	mail_row *rows;
	assert_int_equal(mail_repo_counts(T.d, &q, &s, &f, &e), 0);
	assert_int_equal(mail_repo_latest(T.d, 0, 50, &a, &rows, &n, &e), 0);
	arena_free(&a);
	sqlite3 *h = db_handle(T.d);
	int counts = 0, lists = 0;
	for (sqlite3_stmt *x = sqlite3_next_stmt(h, NULL); x; x = sqlite3_next_stmt(h, x)) {
		const char *sql = sqlite3_sql(x);
		if (!sql || strncmp(sql, "SELECT", 6) || !strstr(sql, "outbox")) continue;
		if (strstr(sql, "LIMIT ?")) { assert_plan(h, sql, scans_outbox); lists++; }
		else { assert_plan(h, sql, reads_outbox); counts++; }
	}
	assert_int_equal(counts, 1);
	assert_int_equal(lists, 1);
}

/* The outbox's counts kept by triggers equal a full recount after every one
 * of a randomised sequence of inserts and state changes (queued, sent,
 * failed, back to queued for a retry). */
static void test_outbox_counts_equal_recount(void **st)
{
	(void)st;
	err e = {0};
	srand(9);
	static const char *const states[] = {"queued", "sent", "failed"};
	int64_t ids = 0;
	sqlite3 *h = db_handle(T.d);
	for (int step = 0; step < 300; step++) {
		int what = rand() % 3;
		if (what == 0 || ids == 0) {
			mail_msg m = {"a@example.vn", "Chủ đề", "Nội dung", "status", NULL, false};
			assert_int_equal(mail_repo_insert(T.d, &m, 1700000000 + step, &e), 0);
			ids = sqlite3_last_insert_rowid(h);
		} else {
			int64_t id = 1 + rand() % ids;
			if (what == 1) assert_int_equal(mail_repo_mark_sent(T.d, id, 1700000000 + step, &e), 0);
			else assert_int_equal(mail_repo_mark_failure(T.d, id, 1, 1700000000 + step, rand() % 2, "x", &e), 0);
		}
		int got[3];
		assert_int_equal(mail_repo_counts(T.d, &got[0], &got[1], &got[2], &e), 0);
		for (int k = 0; k < 3; k++) {
			sqlite3_stmt *c;
			assert_int_equal(sqlite3_prepare_v2(h, "SELECT count(*) FROM outbox WHERE state = ?", -1, &c, NULL), SQLITE_OK);
			sqlite3_bind_text(c, 1, states[k], -1, SQLITE_STATIC);
			assert_int_equal(sqlite3_step(c), SQLITE_ROW);
			if (sqlite3_column_int(c, 0) != got[k])
				fail_msg("step %d: %s kept %d, recounted %d", step, states[k], got[k], sqlite3_column_int(c, 0));
			sqlite3_finalize(c);
		}
	}
}

/* The open counts of the dossier queues (sql/0024) read the counts kept by
 * triggers, never the dossiers. */
static bool reads_dossiers(const char *detail)
{
	return strstr(detail, "dossiers ") != NULL || !strcmp(detail, "SCAN dossiers") || strstr(detail, "TEMP B-TREE");
}

static void test_dossier_open_count_plan(void **st)
{
	(void)st;
	err e = {0};
	int64_t n = -1;
	assert_int_equal(dossier_repo_open_count(T.d, 0, 901, 0, &n, &e), 0);
	assert_int_equal(n, 0);
	sqlite3 *h = db_handle(T.d);
	int checked = 0;
	for (sqlite3_stmt *x = sqlite3_next_stmt(h, NULL); x; x = sqlite3_next_stmt(h, x)) {
		const char *sql = sqlite3_sql(x);
		if (!sql || !strstr(sql, "dossier_open_counts")) continue;
		assert_plan(h, sql, reads_dossiers);
		checked++;
	}
	assert_int_equal(checked, 1);
}

/* Every queue's open count kept by the triggers equals a count of the
 * dossiers after each of a randomised sequence of inserts, state changes,
 * handovers (to an official, to another unit, back), and deletions. */
static void test_dossier_open_counts_equal_recount(void **st)
{
	(void)st;
	err e = {0};
	sqlite3 *h = db_handle(T.d);
	assert_int_equal(db_exec(T.d, "PRAGMA foreign_keys = OFF", &e), 0);
	static const char *const states[] = {"submitted", "received", "processing", "supplement", "result_ready",
	                                     "refused", "stopped", "returned", "withdrawn"};
	srand(24);
	int made = 0;
	for (int step = 0; step < 400; step++) {
		char q[512];
		int what = rand() % 4;
		int64_t holder = rand() % 3 ? 7 + rand() % 3 : 0, hunit = rand() % 3 ? 900 + rand() % 2 : 0,
		        cit = rand() % 2 ? 20 + rand() % 2 : 0;
		const char *state = states[rand() % 9];
		if (what == 0 || made == 0) {
			snprintf(q, sizeof q,
			         "INSERT INTO dossiers(code, secret_hash, procedure_id, unit_id, rule_set_id, channel, applicant_name,"
			         " state, holder_account_id, holder_unit_id, citizen_account_id)"
			         " VALUES ('T-%06d', 'x', 1, %d, 1, 'counter', 'A', '%s', nullif(%lld, 0), nullif(%lld, 0), nullif(%lld, 0))",
			         step, 900 + rand() % 2, state, (long long)holder, (long long)hunit, (long long)cit);
			made++;
		} else if (what == 1) {
			snprintf(q, sizeof q, "UPDATE dossiers SET state = '%s' WHERE id = (SELECT id FROM dossiers ORDER BY random() LIMIT 1)", state);
		} else if (what == 2) {
			snprintf(q, sizeof q, "UPDATE dossiers SET holder_account_id = nullif(%lld, 0), holder_unit_id = nullif(%lld, 0),"
			         " version = version + 1 WHERE id = (SELECT id FROM dossiers ORDER BY random() LIMIT 1)",
			         (long long)holder, (long long)hunit);
		} else {
			snprintf(q, sizeof q, "DELETE FROM dossiers WHERE id = (SELECT id FROM dossiers ORDER BY random() LIMIT 1)");
		}
		assert_int_equal(db_exec(T.d, q, &e), 0);
		int64_t keys[][3] = {{7, 0, 0}, {8, 0, 0}, {9, 0, 0}, {0, 900, 0}, {0, 901, 0}, {0, 0, 20}, {0, 0, 21}};
		for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++) {
			int64_t kept = -1;
			assert_int_equal(dossier_repo_open_count(T.d, keys[k][0], keys[k][1], keys[k][2], &kept, &e), 0);
			snprintf(q, sizeof q,
			         "SELECT count(*) FROM dossiers WHERE state IN ('submitted','received','processing','supplement','result_ready')"
			         " AND (holder_account_id = %lld OR unit_id = %lld OR holder_unit_id = %lld OR citizen_account_id = %lld)",
			         (long long)(keys[k][0] ? keys[k][0] : -1), (long long)(keys[k][1] ? keys[k][1] : -1),
			         (long long)(keys[k][1] ? keys[k][1] : -1), (long long)(keys[k][2] ? keys[k][2] : -1));
			sqlite3_stmt *c;
			assert_int_equal(sqlite3_prepare_v2(h, q, -1, &c, NULL), SQLITE_OK);
			assert_int_equal(sqlite3_step(c), SQLITE_ROW);
			if (sqlite3_column_int64(c, 0) != kept)
				fail_msg("step %d, list %zu: kept %lld, recounted %lld", step, k, (long long)kept,
				         (long long)sqlite3_column_int64(c, 0));
			sqlite3_finalize(c);
		}
	}
	assert_int_equal(db_exec(T.d, "DELETE FROM dossiers; PRAGMA foreign_keys = ON", &e), 0);
}

/* A citizen's own lists (/me, /api/v1/me/…) read their pages from the account's indexes: no walk over
 * dossiers, cases or the added dossiers; the only sorts are of the page's rows (each side of the
 * dossiers' union is cut at the page size before it is merged). */
static bool scans_a_history(const char *detail)
{
	return !strncmp(detail, "SCAN dossiers", 13) || !strncmp(detail, "SCAN cases", 10) ||
	       !strncmp(detail, "SCAN account_dossiers", 21) || !strcmp(detail, "SCAN c") || !strncmp(detail, "SCAN c ", 7) ||
	       !strcmp(detail, "SCAN x") || !strncmp(detail, "SCAN x ", 7) ||
	       /* a walk down the table itself from the cursor: every older row of everyone */
	       (strstr(detail, "PRIMARY KEY (rowid<?)") && (!strncmp(detail, "SEARCH c ", 9) || !strncmp(detail, "SEARCH dossiers ", 16)));
}

static void test_citizen_list_plans(void **st)
{
	(void)st;
	arena ar;
	arena_init(&ar);
	citizen_dossier *ds;
	citizen_report *rs;
	int n = -1;
	err e = {0};
	citizen_page pg = {NULL, 50, NULL};
	assert_int_equal(citizen_dossiers(T.d, 10, &pg, &ar, &ds, &n, &e), 0);
	assert_int_equal(n, 0);
	assert_int_equal(citizen_reports(T.d, 10, &pg, &ar, &rs, &n, &e), 0);
	assert_int_equal(n, 0);
	sqlite3 *h = db_handle(T.d);
	int checked = 0;
	for (sqlite3_stmt *s = sqlite3_next_stmt(h, NULL); s; s = sqlite3_next_stmt(h, s)) {
		const char *sql = sqlite3_sql(s);
		if (!sql || (!strstr(sql, "reporter_account_id = ?") && !strstr(sql, "account_dossiers WHERE account_id = ?1 AND")))
			continue;
		assert_plan(h, sql, scans_a_history);
		checked++;
	}
	assert_int_equal(checked, 2);
	arena_free(&ar);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dossier_queues),
		cmocka_unit_test(test_case_queues),
		cmocka_unit_test(test_apology_register),
		cmocka_unit_test(test_mail_view_plans),
		cmocka_unit_test(test_outbox_counts_equal_recount),
		cmocka_unit_test(test_dossier_open_count_plan),
		cmocka_unit_test(test_dossier_open_counts_equal_recount),
		cmocka_unit_test(test_citizen_list_plans),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
