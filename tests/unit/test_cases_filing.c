/* Filing a report (case_exec CC_RECEIVE) on a real (temporary) database: the
 * write transaction holds the writes and only the reads the writes need. The
 * report is validated and prepared (unit, official, rules, calendar) before
 * BEGIN IMMEDIATE; the cases row is inserted as the command leaves it (no
 * UPDATE of the row just written); the reporter's e-mail for the notice is
 * the one in hand (the vault is not opened, the case not read again); and the signed receipt
 * built from the command's result is the one built by reading the case and
 * its ledger event back. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#include "calendar/calendar_db.h"
#include "cases/cases.h"
#include "cases/repo.h"
#include "ledger/ledger.h"
#include "units/units.h"
#include "tmpdb.h"

static tmpdb T;
static ledger_keys K;

static char g_to[64], g_unit_vi[200], g_unit_en[200], g_state[32];
static int64_t g_due;
static int g_notices;

static int capture(db *d, const case_row *row, const char *kind, const char *to, const char *lang, arena *a, err *e)
{
	(void)d; (void)kind; (void)lang; (void)a; (void)e;
	snprintf(g_to, sizeof g_to, "%s", to);
	snprintf(g_unit_vi, sizeof g_unit_vi, "%s", row->unit_name_vi ? row->unit_name_vi : "");
	snprintf(g_unit_en, sizeof g_unit_en, "%s", row->unit_name_en ? row->unit_name_en : "");
	snprintf(g_state, sizeof g_state, "%s", row->state ? row->state : "");
	g_due = row->due_at;
	g_notices++;
	return 0;
}

/* The statements run on the connection, in order (their first bytes). */
enum { MAX_STMTS = 256 };
static char g_sql[MAX_STMTS][96];
static int g_nsql;

static int trace(unsigned type, void *ctx, void *p, void *x)
{
	(void)type; (void)ctx; (void)p;
	if (g_nsql < MAX_STMTS) snprintf(g_sql[g_nsql++], sizeof g_sql[0], "%s", (const char *)x);
	return 0;
}

static int setup(void **st)
{
	(void)st;
	if (tmpdb_open(&T, "filing")) return -1;
	char path[128];
	snprintf(path, sizeof path, "%s/t.vault.key", T.dir);
	case_vault_set_key_path(path);
	err e = {0};
	if (case_vault_key_create(path, &e)) return -1;
	snprintf(path, sizeof path, "%s/t.sign.key", T.dir);
	if (ledger_keys_create(T.d, path, &K, &e)) return -1;
	case_set_signing_keys(&K);
	if (db_begin(T.d, &e) || units_load_reference(T.d, &e) || calendar_load_reference(T.d, &e)) return -1;
	auth_role role;
	auth_role_parse("processing_officer", &role);
	if (auth_account_create(T.d, &ledger_system, "motcua", "Cán bộ một cửa", role, "phuong-chieng-coi",
	                        "mat-khau-du-dai-123", NULL, &e))
		return -1;
	if (db_commit(T.d, &e)) return -1;
	case_set_notifier(capture);
	return 0;
}

static int teardown(void **st)
{
	(void)st;
	case_set_notifier(NULL);
	case_set_signing_keys(NULL);
	return tmpdb_close(&T);
}

static bool starts(const char *s, const char *prefix) { return !strncmp(s, prefix, strlen(prefix)); }

static void a_report_is_one_short_transaction_of_writes(void **st)
{
	(void)st;
	arena ar;
	arena_init(&ar);
	arena *a = &ar;
	err e = {0};
	case_input in = {0};
	in.kind = "feedback";
	in.category = "harassment";
	in.unit_code = "phuong-chieng-coi";
	in.official_login = "motcua";
	in.title = "Bị yêu cầu nộp giấy tờ ngoài quy định";
	in.body = "Cán bộ một cửa yêu cầu tôi nộp thêm giấy xác nhận cư trú.";
	in.identity = (case_identity){.name = "Hoàng Thị Xuyến", .address = "Bản Nà Cạn", .phone = "0987 654 321",
	                              .email = "xuyen.hoang@example.vn"};
	in.client_addr = "192.0.2.7";
	case_result r;
	g_nsql = 0;
	sqlite3_trace_v2(db_handle(T.d), SQLITE_TRACE_STMT, trace, NULL);
	assert_int_equal(case_exec(T.d, NULL, CC_RECEIVE, NULL, &in, a, &r, &e), 0);
	sqlite3_trace_v2(db_handle(T.d), 0, NULL, NULL);

	int begin = -1, commit = -1;
	for (int i = 0; i < g_nsql; i++) {
		if (starts(g_sql[i], "BEGIN IMMEDIATE")) begin = i;
		if (starts(g_sql[i], "COMMIT")) commit = i;
	}
	assert_true(begin > 0);            /* the reads of preparation came first */
	assert_true(commit > begin);
	int updates = 0, vault_reads = 0, inserts = 0, reads = 0;
	for (int i = begin + 1; i < commit; i++) {
		print_message("  in the transaction: %s\n", g_sql[i]);
		updates += starts(g_sql[i], "UPDATE cases");
		vault_reads += starts(g_sql[i], "SELECT") && strstr(g_sql[i], "case_identities") != NULL;
		inserts += starts(g_sql[i], "INSERT");
		reads += starts(g_sql[i], "SELECT");
		/* Validation and preparation are done: no unit, account, rule set or
		 * calendar is read under the writers' lock. */
		assert_null(strstr(g_sql[i], "FROM units"));
		assert_null(strstr(g_sql[i], "FROM accounts"));
		assert_null(strstr(g_sql[i], "FROM case_rule"));
		assert_null(strstr(g_sql[i], "FROM holidays"));
	}
	assert_int_equal(updates, 0);
	assert_int_equal(vault_reads, 0);
	/* The reads left under the lock: the spam count, the ledger head and the
	 * row digested into the event; the case is not read again for the notice. */
	assert_int_equal(reads, 3);
	assert_true(inserts >= 5);   /* throttle, case, identity, step, event (and the notice's queue) */

	/* The notice goes to the reporter's address. */
	assert_int_equal(g_notices, 1);
	assert_string_equal(g_to, "xuyen.hoang@example.vn");

	/* The row as the command left it: received, due, version 1. */
	case_row row;
	assert_int_equal(case_get(T.d, r.code, a, &row, &e), 1);
	assert_string_equal(row.state, "received");
	assert_string_equal(row.state, case_state_name(r.state));
	assert_true(row.due_at > 0);
	assert_int_equal(row.due_at, r.due_at);
	assert_string_equal(row.risk, "on_time");
	assert_int_equal(row.version, 1);
	assert_string_equal(row.kind, r.kind);
	assert_string_equal(row.unit_code, r.unit_code);

	/* The notice was composed from the case as it was left. */
	assert_string_equal(g_unit_vi, row.unit_name_vi);
	assert_string_equal(g_unit_en, row.unit_name_en);
	assert_string_equal(g_state, row.state);
	assert_int_equal(g_due, row.due_at);

	/* The receipt from the result is the receipt read back. */
	case_receipt fast, slow;
	assert_int_equal(case_receipt_of(&r, &fast, &e), 0);
	assert_int_equal(case_receipt_make(T.d, &row, a, &slow, &e), 0);
	assert_string_equal(fast.message, slow.message);
	assert_string_equal(fast.signature, slow.signature);
	assert_int_equal(case_receipt_verify(T.d, fast.message, fast.signature, &e), 1);

	ledger_verify_result v;
	assert_int_equal(ledger_verify(T.d, &v, &e), 0);
	assert_true(v.ok);
	arena_free(&ar);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_report_is_one_short_transaction_of_writes),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
