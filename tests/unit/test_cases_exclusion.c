/* The exclusion set of denunciations on a real (temporary) database: the one
 * SQL predicate every staff reader uses (case_repo_excluded, the same
 * fragment as the queues) agrees with the pure rule (case_rules_excluded) for
 * every unit of the province and several sets; a denunciation filed through
 * the service is routed by competence and records the official's actual
 * unit, not the unit the reporter picked. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "calendar/calendar_db.h"
#include "cases/cases.h"
#include "cases/repo.h"
#include "ledger/ledger.h"
#include "units/units.h"
#include "tmpdb.h"

static tmpdb T;

/* The addresses the notifier was asked to write to. */
static char g_to[32][64];
static int g_nto;

static int capture(db *d, const case_row *row, const char *kind, const char *to, const char *lang, arena *a, err *e)
{
	(void)d; (void)row; (void)kind; (void)lang; (void)a; (void)e;
	if (g_nto < 32) snprintf(g_to[g_nto++], sizeof g_to[0], "%s", to);
	return 0;
}

static int sent_to(const char *to)
{
	int n = 0;
	for (int i = 0; i < g_nto; i++) n += !strcmp(g_to[i], to);
	return n;
}

static int setup(void **st)
{
	(void)st;
	if (tmpdb_open(&T, "excl")) return -1;
	char vault[128];
	snprintf(vault, sizeof vault, "%s/t.vault.key", T.dir);
	case_vault_set_key_path(vault);
	err e = {0};
	if (case_vault_key_create(vault, &e)) return -1;
	if (db_begin(T.d, &e) || units_load_reference(T.d, &e) || calendar_load_reference(T.d, &e)) return -1;
	static const struct { const char *login, *role, *unit; } people[] = {
		{"canbophuong", "processing_officer", "phuong-chieng-coi"},
		{"chanhthanhtra", "unit_head", "thanh-tra-tinh"},
		{"chutichtinh", "unit_head", "ubnd-tinh-son-la"},
		{"truongthanhtra2", "unit_head", "thanh-tra-tinh"},
	};
	for (size_t i = 0; i < sizeof people / sizeof people[0]; i++) {
		auth_role role;
		auth_role_parse(people[i].role, &role);
		char email[64];
		snprintf(email, sizeof email, "%s@sonla.test", people[i].login);
		if (auth_account_create(T.d, &ledger_system, people[i].login, people[i].login, role, people[i].unit,
		                        "mat-khau-du-dai-123", NULL, &e) ||
		    case_repo_account_email_set(T.d, people[i].login, email, &e))
			return -1;
	}
	return db_commit(T.d, &e) ? -1 : 0;
}

static int teardown(void **st)
{
	(void)st;
	case_set_notifier(NULL);
	return tmpdb_close(&T);
}

static int64_t unit_id(const char *code)
{
	int64_t id = 0;
	err e = {0};
	assert_int_equal(auth_unit_id(T.d, code, &id, &e), 1);
	return id;
}

static int64_t account_id(const char *login)
{
	case_person p;
	arena a;
	arena_init(&a);
	err e = {0};
	assert_int_equal(case_repo_person(T.d, login, 0, &a, &p, NULL, &e), 1);
	arena_free(&a);
	return p.id;
}

/* Files a denunciation about `unit` naming `official` (or nobody) through the
 * service; returns the case as read back. */
static void file(const char *unit, const char *official, arena *a, case_row *row)
{
	err e = {0};
	case_input in = {0};
	in.kind = "denunciation";
	in.category = "money_demand";
	in.unit_code = unit;
	in.official_login = official;
	in.title = "Tố cáo đòi tiền";
	in.body = "Cán bộ đòi tiền bồi dưỡng khi nhận hồ sơ.";
	in.identity = (case_identity){.name = "Lò Thị Tố", .address = "Bản Mé, Sơn La"};
	case_result r;
	assert_int_equal(case_exec(T.d, NULL, CC_RECEIVE, NULL, &in, a, &r, &e), 0);
	assert_int_equal(case_get(T.d, r.code, a, row, &e), 1);
}

/* For every unit of the province, with no account and with an account of
 * that unit: the SQL predicate says what the pure rule says. */
static void agree_everywhere(int64_t case_id, const case_subject *s, int ns, int64_t named_account)
{
	arena a;
	arena_init(&a);
	units_row *units;
	int n = 0;
	err e = {0};
	assert_int_equal(units_list(T.d, &a, &units, &n, &e), 0);
	assert_true(n > 90);
	int covered = 0;
	for (int i = 0; i < n; i++) {
		int64_t chain[32];
		int nc = auth_unit_ancestors(T.d, units[i].id, chain, 32);
		for (int k = 0; k < 3; k++) {
			int64_t acct = k == 0 ? 0 : k == 1 ? 999999 : named_account;
			if (k == 2 && !named_account) continue;
			bool pure = case_rules_excluded(s, ns, acct, chain, nc);
			int sql = case_repo_excluded(T.d, case_id, acct, units[i].id, &e);
			if (sql < 0 || (sql == 1) != pure)
				fail_msg("unit %s, account %lld: SQL %d, rule %d", units[i].code, (long long)acct, sql, pure);
			covered += pure;
		}
	}
	assert_true(covered > 0);
	arena_free(&a);
}

static void the_sql_predicate_is_the_rule(void **st)
{
	(void)st;
	arena a;
	arena_init(&a);
	err e = {0};
	case_row row;

	/* An official of the ward, though the reporter picked the Department of Health. */
	file("so-y-te", "canbophuong", &a, &row);
	assert_int_equal(row.subject_unit_id, unit_id("phuong-chieng-coi"));
	assert_string_equal(row.unit_code, "thanh-tra-tinh");
	case_subject ward = {account_id("canbophuong"), unit_id("phuong-chieng-coi"), CSS_SUBTREE};
	agree_everywhere(row.id, &ward, 1, ward.account_id);
	assert_int_equal(case_repo_excluded(T.d, row.id, 0, unit_id("so-y-te"), &e), 0);

	/* A unit with a unit below it, named without an official. */
	file("van-phong-ubnd-tinh", NULL, &a, &row);
	assert_string_equal(row.unit_code, "thanh-tra-tinh");
	case_subject office = {0, unit_id("van-phong-ubnd-tinh"), CSS_SUBTREE};
	agree_everywhere(row.id, &office, 1, 0);
	assert_int_equal(case_repo_excluded(T.d, row.id, 0, unit_id("trung-tam-phuc-vu-hanh-chinh-cong-tinh"), &e), 1);

	/* The Chief Inspector: the Chairman's designated handler has it; then a
	 * conclusion names someone else, in a department, as well. */
	file("thanh-tra-tinh", "chanhthanhtra", &a, &row);
	assert_string_equal(row.unit_code, "van-phong-ubnd-tinh");
	case_subject two[2] = {{account_id("chanhthanhtra"), unit_id("thanh-tra-tinh"), CSS_SUBTREE},
	                       {0, unit_id("so-y-te"), CSS_SUBTREE}};
	assert_int_equal(case_repo_subject_add(T.d, row.id, &two[1], "conclusion", row.received_at, &e), 0);
	agree_everywhere(row.id, two, 2, two[0].account_id);

	/* The province's Chairman: its own staff only; the Inspectorate records it. */
	file("so-y-te", "chutichtinh", &a, &row);
	assert_string_equal(row.unit_code, "thanh-tra-tinh");
	case_subject province = {account_id("chutichtinh"), unit_id("ubnd-tinh-son-la"), CSS_UNIT};
	agree_everywhere(row.id, &province, 1, province.account_id);

	/* A person named by a conclusion in the unit that holds the case. */
	file("xa-muong-bu", NULL, &a, &row);
	case_subject person = {account_id("chanhthanhtra"), unit_id("thanh-tra-tinh"), CSS_PERSON};
	assert_int_equal(case_repo_subject_add(T.d, row.id, &person, "conclusion", row.received_at, &e), 0);
	case_subject both[2] = {{0, unit_id("xa-muong-bu"), CSS_SUBTREE}, person};
	agree_everywhere(row.id, both, 2, person.account_id);
	arena_free(&a);
}

/* Reminders and escalation notices go to the heads of the handling unit and
 * of the unit above — never to a head the denunciation covers. The report
 * names the province's People's Committee itself: its Chairman is above the
 * Inspectorate that holds the case. */
static void no_notice_reaches_anyone_the_denunciation_names(void **st)
{
	(void)st;
	arena a;
	arena_init(&a);
	err e = {0};
	case_row row;
	file("ubnd-tinh-son-la", NULL, &a, &row);
	assert_string_equal(row.unit_code, "thanh-tra-tinh");
	case_set_notifier(capture);
	g_nto = 0;
	int changed = 0;
	assert_int_equal(case_mark_deadlines(T.d, row.due_at + 3600, &changed, &e), 0);
	assert_true(changed >= 1);
	/* The Inspectorate's heads are reminded and told it is overdue ... */
	assert_int_equal(sent_to("truongthanhtra2@sonla.test"), 2);
	assert_int_equal(sent_to("chanhthanhtra@sonla.test"), 2);
	/* ... the Chairman of the committee it names, above them, hears nothing. */
	assert_int_equal(sent_to("chutichtinh@sonla.test"), 0);
	arena_free(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(the_sql_predicate_is_the_rule, setup, teardown),
		cmocka_unit_test_setup_teardown(no_notice_reaches_anyone_the_denunciation_names, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
