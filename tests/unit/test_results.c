/* Unit tests for results/: the full-text query built from what the public
 * types (folding, quoting, FTS5 operators neutralised), the filter period,
 * CSV fields, and the published-results SQL against a temporary database
 * (what is public, filters, statistics, and the query plans). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <limits.h>
#include <string.h>

#include "base/arena.h"
#include "base/buf.h"
#include "base/text.h"
#include "results/query.h"
#include "results/repo.h"
#include "results/results.h"
#include "tmpdb.h"

static const char *fts(arena *a, const char *q) { return results_fts_query(a, q); }

static void query_is_folded_quoted_and_prefixed(void **s)
{
	(void)s;
	arena a;
	arena_init(&a);
	assert_string_equal(fts(&a, "Nhũng nhiễu"), "\"nhung\"* \"nhieu\"*");
	assert_string_equal(fts(&a, "nhung nhieu"), "\"nhung\"* \"nhieu\"*");
	assert_string_equal(fts(&a, "NHŨNG   NHIỄU"), "\"nhung\"* \"nhieu\"*");
	assert_string_equal(fts(&a, "Đăng"), "\"dang\"*");
	assert_string_equal(fts(&a, "đăng"), "\"dang\"*");
	/* NFD input (base letter + combining marks) folds the same. */
	assert_string_equal(fts(&a, "nhu\xcc\x83ng"), "\"nhung\"*");
	assert_string_equal(fts(&a, "  Chiềng Cơi, 2026 "), "\"chieng\"* \"coi\"* \"2026\"*");
	/* Up to 7 characters a prefix (the index's prefix indexes), longer a whole word. */
	assert_string_equal(fts(&a, "nghiêng 0912345678 internet"), "\"nghieng\"* \"0912345678\" \"internet\"");
	assert_null(fts(&a, ""));
	assert_null(fts(&a, NULL));
	assert_null(fts(&a, "  \"*()^:  "));
	arena_free(&a);
}

static void query_neutralises_fts5_syntax(void **s)
{
	(void)s;
	arena a;
	arena_init(&a);
	assert_string_equal(fts(&a, "\"nhũng"), "\"nhung\"*");
	assert_string_equal(fts(&a, "a\" OR \"b"), "\"a\"* \"or\"* \"b\"*");
	assert_string_equal(fts(&a, "NEAR(tiền quà, 3)"), "\"near\"* \"tien\"* \"qua\"* \"3\"*");
	assert_string_equal(fts(&a, "text:đòi code:*"), "\"text\"* \"doi\"* \"code\"*");
	assert_string_equal(fts(&a, "^tiền + - NOT AND"), "\"tien\"* \"not\"* \"and\"*");
	assert_string_equal(fts(&a, "{text code}: x"), "\"text\"* \"code\"* \"x\"*");
	/* Every character of the expression is a letter, digit, space, quote or star. */
	const char *e = fts(&a, "'; DROP TABLE cases; -- \xff\xfe <script> $%&#@!~`|\\/");
	assert_non_null(e);
	for (const char *p = e; *p; p++)
		assert_true((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == ' ' || *p == '"' || *p == '*');
	arena_free(&a);
}

static void query_keeps_at_most_the_first_words(void **s)
{
	(void)s;
	arena a;
	arena_init(&a);
	const char *e = fts(&a, "a b c d e f g h i j k l m n o p q r s t u v w x y z");
	int words = 0;
	for (const char *p = e; *p; p++) words += *p == '*';
	assert_int_equal(words, RESULTS_MAX_WORDS);
	assert_non_null(strstr(e, "\"p\"*"));
	assert_null(strstr(e, "\"q\"*"));
	arena_free(&a);
}

static void period_is_vietnam_days_as_utc_bounds(void **s)
{
	(void)s;
	char f[24], t[24];
	err e = {0};
	assert_int_equal(results_period("2026-11-27", "2026-11-27", f, t, sizeof f, &e), 0);
	assert_string_equal(f, "2026-11-26T17:00:00Z");
	assert_string_equal(t, "2026-11-27T17:00:00Z");
	assert_int_equal(results_period(NULL, "", f, t, sizeof f, &e), 0);
	assert_string_equal(f, "");
	assert_string_equal(t, "~");
	assert_int_equal(results_period("2026-02-30", NULL, f, t, sizeof f, &e), MB_EINVAL);
	assert_string_equal(e.field, "from");
	assert_string_equal(e.code, "bad_filter");
	assert_int_equal(results_period(NULL, "27/11/2026", f, t, sizeof f, &e), MB_EINVAL);
	assert_string_equal(e.field, "to");
	assert_int_equal(results_period("2026-11-28", "2026-11-27", f, t, sizeof f, &e), MB_EINVAL);
	assert_string_equal(e.field, "to");
	assert_int_equal(results_period("2026-11-27x", NULL, f, t, sizeof f, &e), MB_EINVAL);
}

/* A period in the pieces the aggregates keep: whole Vietnam months, and the
 * days before and after them. */
static void period_parts_are_whole_months_and_the_days_around(void **s)
{
	(void)s;
	results_parts p;
	char f[24], t[24];
	err e = {0};
	assert_int_equal(results_period("2026-01-15", "2026-04-10", f, t, sizeof f, &e), 0);
	results_period_parts(f, t, &p);
	assert_false(p.all);
	assert_string_equal(p.a0, "2026-01-14T17:00:00Z");   /* 15 January, Vietnam */
	assert_string_equal(p.a1, "2026-01-31T17:00:00Z");   /* 1 February */
	assert_string_equal(p.m0, "2026-01-31T17:00:00Z");
	assert_string_equal(p.m1, "2026-03-31T17:00:00Z");   /* 1 April */
	assert_string_equal(p.b0, "2026-03-31T17:00:00Z");
	assert_string_equal(p.b1, "2026-04-10T17:00:00Z");   /* 11 April */
	/* December to February: the year turns. */
	assert_int_equal(results_period("2025-12-01", "2026-02-28", f, t, sizeof f, &e), 0);
	results_period_parts(f, t, &p);
	assert_string_equal(p.m0, "2025-11-30T17:00:00Z");
	assert_string_equal(p.m1, "2026-02-28T17:00:00Z");   /* 1 March: February is whole */
	assert_string_equal(p.a0, p.a1);
	assert_string_equal(p.b0, p.b1);
	/* Within one month: days only. */
	assert_int_equal(results_period("2026-01-15", "2026-01-20", f, t, sizeof f, &e), 0);
	results_period_parts(f, t, &p);
	assert_string_equal(p.m0, p.m1);
	assert_string_equal(p.a0, "2026-01-14T17:00:00Z");
	assert_string_equal(p.a1, "2026-01-20T17:00:00Z");
	assert_string_equal(p.b0, p.b1);
	/* Open ends: months from the start of time, or to its end. */
	results_period_parts("", "~", &p);
	assert_true(p.all);
	assert_int_equal(results_period("2026-01-15", NULL, f, t, sizeof f, &e), 0);
	results_period_parts(f, t, &p);
	assert_false(p.all);
	assert_string_equal(p.m0, "2026-01-31T17:00:00Z");
	assert_string_equal(p.m1, "~");
	assert_string_equal(p.b0, p.b1);
	assert_int_equal(results_period(NULL, "2026-01-20", f, t, sizeof f, &e), 0);
	results_period_parts(f, t, &p);
	assert_string_equal(p.m0, "");
	assert_string_equal(p.m1, "2025-12-31T17:00:00Z");
	assert_string_equal(p.a0, p.a1);
	assert_string_equal(p.b0, "2025-12-31T17:00:00Z");
	assert_string_equal(p.b1, "2026-01-20T17:00:00Z");
}

/* --- against a database --- */

static tmpdb T;

static void exec(const char *sql)
{
	char *msg = NULL;
	int rc = sqlite3_exec(db_handle(T.d), sql, NULL, NULL, &msg);
	if (rc != SQLITE_OK) fail_msg("%s: %s", sql, msg ? msg : "?");
}

/* Units: the province (1) with the ward Chiềng Cơi (2) and its sub-unit (3),
 * and a department (4). Cases: 10 published at fault (ward, with an apology
 * and a sanction), 11 resolved not at fault (department, late), 12 concluded
 * but not published (ward), 13 open and overdue (sub-unit), 14 reopened
 * after publication (ward). */
static int setup(void **s)
{
	(void)s;
	if (tmpdb_open(&T, "results")) return -1;
	exec("INSERT INTO units(id, code, parent_id, kind, name_vi, name_en, name_fold, head_name, head_title) VALUES"
	     " (1, 'tinh', NULL, 'province', 'Tỉnh Sơn La', 'Son La Province', 'tinh son la', '', ''),"
	     " (2, 'phuong-chieng-coi', 1, 'ward', 'Phường Chiềng Cơi', 'Chieng Coi Ward', 'phuong chieng coi', 'Lò Văn A', 'Chủ tịch'),"
	     " (3, 'to-mot-cua-chieng-coi', 2, 'agency', 'Bộ phận Một cửa Chiềng Cơi', 'One-stop desk', 'bo phan', '', ''),"
	     " (4, 'so-tu-phap', 1, 'department', 'Sở Tư pháp', 'Department of Justice', 'so tu phap', 'Cầm Thị B', 'Giám đốc')");
	exec("INSERT INTO accounts(id, login, display_name, role, unit_id, password_hash, created_at, title) VALUES"
	     " (1, 'truong', 'Đặng Văn Trưởng', 'unit_head', 2, 'x', '2026-01-01T00:00:00Z', 'Chủ tịch UBND phường'),"
	     " (2, 'xuly', 'Quàng Văn Xử', 'processing_officer', 2, 'x', '2026-01-01T00:00:00Z', '')");
	exec("INSERT INTO cases(id, code, secret_hash, kind, category, channel, title, body, unit_id, subject_unit_id, state,"
	     " rule_set_id, received_at, accepted_at, due_at, concluded_at, published_at, at_fault, late, result_summary) VALUES"
	     " (10, 'DT-261101-0001', 'h', 'feedback', 'harassment', 'web', 'Cán bộ nhũng nhiễu', 'BODY-SECRET-10', 2, 2,"
	     "  'published', 1, '2026-11-01T02:00:00Z', '2026-11-02T02:00:00Z', NULL, '2026-11-05T02:00:00Z',"
	     "  '2026-11-06T02:00:00Z', 1, 0, 'Cán bộ đã nhũng nhiễu; đã xử lý.'),"
	     " (11, 'DT-261102-0001', 'h', 'complaint', 'delay', 'web', 'Chậm cấp phiếu', 'BODY-SECRET-11', 4, 4,"
	     "  'resolved', 1, '2026-11-02T02:00:00Z', '2026-11-03T02:00:00Z', NULL, '2026-11-20T02:00:00Z',"
	     "  '2026-11-21T02:00:00Z', 0, 1, 'Không có sai phạm: hồ sơ thiếu giấy tờ.'),"
	     " (12, 'DT-261103-0001', 'h', 'feedback', 'money_demand', 'web', 'Đòi tiền', 'BODY-SECRET-12', 2, 2,"
	     "  'concluded', 1, '2026-11-03T02:00:00Z', '2026-11-03T03:00:00Z', NULL, '2026-11-10T02:00:00Z',"
	     "  NULL, 1, 0, ''),"
	     " (13, 'DT-261104-0001', 'h', 'petition', 'other', 'web', 'Kiến nghị', 'BODY-SECRET-13', 3, 3,"
	     "  'accepted', 1, '2026-11-04T02:00:00Z', '2026-11-04T03:00:00Z', '2026-11-10T10:00:00Z', NULL,"
	     "  NULL, NULL, 0, ''),"
	     " (14, 'DT-261105-0001', 'h', 'feedback', 'rudeness', 'web', 'Thái độ', 'BODY-SECRET-14', 2, 2,"
	     "  'reopened', 1, '2026-11-05T02:00:00Z', '2026-11-05T03:00:00Z', '2026-12-30T10:00:00Z', '2026-11-07T02:00:00Z',"
	     "  '2026-11-08T02:00:00Z', 0, 0, 'Đăng ký lại')");
	exec("INSERT INTO case_fts(rowid, code, text) VALUES"
	     " (10, 'DT-261101-0001', 'can bo nhung nhieu can bo da nhung nhieu da xu ly phuong chieng coi phan anh'),"
	     " (11, 'DT-261102-0001', 'cham cap phieu khong co sai pham so tu phap khieu nai dang ky'),"
	     " (14, 'DT-261105-0001', 'thai do dang ky lai phuong chieng coi')");
	exec("INSERT INTO case_apologies(case_id, unit_id, what_wrong, what_done, remedy, published_at) VALUES"
	     " (10, 2, 'Cán bộ gây phiền hà', 'Kiểm điểm cán bộ', 'Giải quyết hồ sơ ngay', '2026-11-06T02:00:00Z')");
	exec("INSERT INTO official_sanctions(account_id, case_id, unit_id, sanction, decided_at) VALUES"
	     " (2, 10, 2, 'Khiển trách', '2026-11-05T02:00:00Z')");
	return 0;
}

static int teardown(void **s)
{
	(void)s;
	return tmpdb_close(&T);
}

static results_filter all(void)
{
	return (results_filter){.from_iso = "", .to_iso = "~", .limit = 50};
}

static int list(results_filter f, arena *a, results_row **rows, int *total)
{
	int n = -1;
	err e = {0};
	assert_int_equal(results_repo_list(T.d, &f, a, rows, &n, total, &e), 0);
	return n;
}

static void only_published_results_are_listed(void **s)
{
	(void)s;
	arena a;
	arena_init(&a);
	results_row *rows;
	int total;
	assert_int_equal(list(all(), &a, &rows, &total), 2);
	assert_int_equal(total, 2);
	assert_string_equal(rows[0].code, "DT-261102-0001");   /* newest publication first */
	assert_true(rows[0].resolved);
	assert_true(rows[0].late);
	assert_false(rows[0].at_fault);
	assert_string_equal(rows[1].code, "DT-261101-0001");
	assert_true(rows[1].at_fault);
	assert_string_equal(rows[1].unit_code, "phuong-chieng-coi");
	err e = {0};
	results_row one;
	assert_int_equal(results_repo_get(T.d, "DT-261101-0001", &a, &one, &e), 1);
	assert_int_equal(results_repo_get(T.d, "DT-261103-0001", &a, &one, &e), 0);   /* concluded, not published */
	assert_int_equal(results_repo_get(T.d, "DT-261104-0001", &a, &one, &e), 0);   /* open */
	assert_int_equal(results_repo_get(T.d, "DT-261105-0001", &a, &one, &e), 0);   /* reopened */
	assert_int_equal(results_repo_get(T.d, "DT-999999-0001", &a, &one, &e), 0);   /* unknown */
	arena_free(&a);
}

static void search_and_filters_narrow(void **s)
{
	(void)s;
	arena a;
	arena_init(&a);
	results_row *rows;
	int total;
	results_filter f = all();
	const char *same[] = {"nhũng nhiễu", "nhung nhieu", "NHŨNG", "nhũ", "Chiềng Cơi nhũng"};
	for (size_t i = 0; i < sizeof same / sizeof same[0]; i++) {
		f.match = results_fts_query(&a, same[i]);
		assert_int_equal(list(f, &a, &rows, &total), 1);
		assert_string_equal(rows[0].code, "DT-261101-0001");
	}
	f.match = results_fts_query(&a, "Đăng ký");   /* đ = d; the reopened case is not public */
	assert_int_equal(list(f, &a, &rows, &total), 1);
	assert_string_equal(rows[0].code, "DT-261102-0001");
	f.match = results_fts_query(&a, "nhũng tư pháp");   /* every word required */
	assert_int_equal(list(f, &a, &rows, &total), 0);
	/* Operators typed by the public are plain words: no error, no match. */
	const char *odd[] = {"\"", "NEAR(", "*", "a OR b", "text:x", "^", "nhung\" OR \"cham", "(", "-x"};
	for (size_t i = 0; i < sizeof odd / sizeof odd[0]; i++) {
		f.match = results_fts_query(&a, odd[i]);
		list(f, &a, &rows, &total);
	}
	f = all();
	f.unit_id = 1;   /* the province and everything below it */
	assert_int_equal(list(f, &a, &rows, &total), 2);
	f.unit_id = 2;
	assert_int_equal(list(f, &a, &rows, &total), 1);
	f.unit_id = 3;
	assert_int_equal(list(f, &a, &rows, &total), 0);
	f = all();
	f.kind = "complaint";
	assert_int_equal(list(f, &a, &rows, &total), 1);
	f.kind = NULL;
	f.category = "harassment";
	assert_int_equal(list(f, &a, &rows, &total), 1);
	f = all();
	f.from_iso = "2026-11-10T00:00:00Z";
	assert_int_equal(list(f, &a, &rows, &total), 1);
	assert_string_equal(rows[0].code, "DT-261102-0001");
	f = all();
	f.code = "DT-261101-0001";
	assert_int_equal(list(f, &a, &rows, &total), 1);
	f = all();
	f.limit = 1;
	f.offset = 1;
	assert_int_equal(list(f, &a, &rows, &total), 1);
	assert_int_equal(total, 2);
	assert_string_equal(rows[0].code, "DT-261101-0001");
	arena_free(&a);
}

static void apologies_and_sanctions(void **s)
{
	(void)s;
	arena a;
	arena_init(&a);
	err e = {0};
	results_apology ap, *rows;
	int n, total, k = -1;
	assert_int_equal(results_repo_apology(T.d, 10, &a, &ap, &e), 1);
	assert_string_equal(ap.what_wrong, "Cán bộ gây phiền hà");
	assert_string_equal(ap.unit_code, "phuong-chieng-coi");
	assert_int_equal(results_repo_apology(T.d, 11, &a, &ap, &e), 0);
	assert_int_equal(results_repo_sanctions(T.d, 10, &k, &e), 0);
	assert_int_equal(k, 1);
	results_filter f = all();
	assert_int_equal(results_repo_apologies(T.d, &f, &a, &rows, &n, &total, &e), 0);
	assert_int_equal(n, 1);
	assert_string_equal(rows[0].code, "DT-261101-0001");
	f.unit_id = 4;
	assert_int_equal(results_repo_apologies(T.d, &f, &a, &rows, &n, &total, &e), 0);
	assert_int_equal(n, 0);
	arena_free(&a);
}

static const results_stat *find(const results_stat *rows, int n, const char *code)
{
	for (int i = 0; i < n; i++)
		if (!strcmp(rows[i].unit_code, code)) return &rows[i];
	fail_msg("no statistics row for %s", code);
	return NULL;
}

static void statistics_per_unit_worst_first(void **s)
{
	(void)s;
	arena a;
	arena_init(&a);
	err e = {0};
	results_stat *rows;
	int n;
	results_stats_filter f = {.from_iso = "", .to_iso = "~", .now_iso = "2026-11-27T00:00:00Z"};
	assert_int_equal(results_repo_stats(T.d, &f, &a, &rows, &n, &e), 0);
	assert_int_equal(n, 3);   /* units with activity only: not the province */
	assert_string_equal(rows[0].unit_code, "to-mot-cua-chieng-coi");   /* the overdue case first */
	assert_int_equal(rows[0].overdue, 1);
	const results_stat *w = find(rows, n, "phuong-chieng-coi");
	assert_int_equal(w->received, 3);
	assert_int_equal(w->accepted, 3);
	assert_int_equal(w->on_time, 3);
	assert_int_equal(w->late, 0);
	assert_int_equal(w->overdue, 0);    /* reopened but not yet due */
	assert_int_equal(w->at_fault, 2);
	assert_int_equal(w->apologies, 1);
	assert_int_equal(w->sanctions, 1);
	assert_int_equal(w->concluded, 3);
	/* The head is the one the unit's record names, as on the unit page: never
	 * the name on a unit_head sign-in account. */
	assert_string_equal(w->head_name, "Lò Văn A");
	assert_string_equal(w->head_title, "Chủ tịch");
	const results_stat *d = find(rows, n, "so-tu-phap");
	assert_int_equal(d->late, 1);
	assert_true(d->days_sum > 17.9 && d->days_sum < 18.1);
	assert_string_equal(d->head_name, "Cầm Thị B");
	/* One unit and its sub-units, every one listed; a period. */
	f.unit_id = 2;
	f.from_iso = "2026-11-04T00:00:00Z";
	assert_int_equal(results_repo_stats(T.d, &f, &a, &rows, &n, &e), 0);
	assert_int_equal(n, 2);
	w = find(rows, n, "phuong-chieng-coi");
	assert_int_equal(w->received, 1);
	assert_int_equal(w->at_fault, 2);
	assert_int_equal(w->apologies, 1);
	f.unit_id = 4;
	f.from_iso = "2026-12-01T00:00:00Z";
	assert_int_equal(results_repo_stats(T.d, &f, &a, &rows, &n, &e), 0);
	assert_int_equal(n, 1);
	assert_int_equal(rows[0].received + rows[0].concluded + rows[0].apologies, 0);
	arena_free(&a);
}

static void query_plans_use_indexes_and_the_full_text_index(void **s)
{
	(void)s;
	arena a;
	arena_init(&a);
	err e = {0};
	const char *plan;
	assert_int_equal(results_repo_plan(T.d, RP_SEARCH, &a, &plan, &e), 0);
	print_message("search:\n%s", plan);
	assert_non_null(strstr(plan, "VIRTUAL TABLE INDEX"));               /* case_fts MATCH */
	assert_non_null(strstr(plan, "SEARCH c USING INTEGER PRIMARY KEY"));
	assert_null(strstr(plan, "SCAN c\n"));
	assert_int_equal(results_repo_plan(T.d, RP_LIST, &a, &plan, &e), 0);
	print_message("list:\n%s", plan);
	assert_non_null(strstr(plan, "cases_published"));
	assert_null(strstr(plan, "SCAN c\n"));
	assert_int_equal(results_repo_plan(T.d, RP_APOLOGIES, &a, &plan, &e), 0);
	print_message("apologies:\n%s", plan);
	assert_non_null(strstr(plan, "SEARCH c USING INTEGER PRIMARY KEY"));
	assert_int_equal(results_repo_plan(T.d, RP_STATS, &a, &plan, &e), 0);
	print_message("stats:\n%s", plan);
	/* The period from the per-day aggregates, "overdue now" from the kept
	 * marks and the cases near now: no pass over all the cases. */
	assert_non_null(strstr(plan, "SEARCH case_stats_daily USING INDEX case_stats_daily_day"));
	assert_non_null(strstr(plan, "SEARCH case_stats_monthly USING INDEX case_stats_monthly_month"));
	assert_non_null(strstr(plan, "SCAN case_stats_total"));   /* one row per unit: no period */
	assert_non_null(strstr(plan, "SEARCH cases USING INDEX cases_open_unmarked_due"));
	assert_null(strstr(plan, "cases_open_due "));
	assert_null(strstr(plan, "SCAN cases"));
	arena_free(&a);
}

/* Every list query, page and total: no pass over the cases, apologies or
 * letters (a SCAN of one of them, or of dossiers), and no sort of them in a
 * temporary B-tree; each list walks its index in the order of the page. */
static void list_plans_never_scan_or_sort_the_history(void **s)
{
	(void)s;
	static const struct { results_plan which; const char *name, *uses; } plans[] = {
		{RP_LIST, "list", "SEARCH c USING INDEX cases_published"},
		{RP_LIST_BACK, "list backward", "SEARCH c USING INDEX cases_published"},
		{RP_SEARCH, "search", "VIRTUAL TABLE INDEX"},
		{RP_SEARCH_BACK, "search backward", "VIRTUAL TABLE INDEX"},
		{RP_CODE, "one code", "sqlite_autoindex_cases_1 (code=?)"},
		{RP_CODE_COUNT, "one code, total", "sqlite_autoindex_cases_1 (code=?)"},
		{RP_COUNT, "total", "results_daily"},
		{RP_SEARCH_COUNT, "search, bounded total", "VIRTUAL TABLE INDEX"},
		{RP_APOLOGIES, "apologies", "SEARCH a USING INDEX case_apologies_published"},
		{RP_APOLOGIES_COUNT, "apologies, total", "results_daily"},
		{RP_LETTERS, "letters", "SEARCH a USING INDEX apologies_issued"},
		{RP_LETTERS_COUNT, "letters, total", "dossier_apology_daily"},
		{RP_APOLOGY_UNITS, "apologies per unit", "dossier_apology_daily"},
		{RP_APOLOGY_UNITS, "apologies per unit, all time", "results_unit_total"},
		/* A unit with none below it: its own rows, never the other units'. */
		{RP_LIST_LEAF, "one unit's list", "SEARCH c USING INDEX cases_unit_published (unit_id=? AND published_at>? AND published_at<?)"},
		{RP_LIST_LEAF_BACK, "one unit's list backward", "SEARCH c USING INDEX cases_unit_published (unit_id=? AND published_at>? AND published_at<?)"},
		{RP_APOLOGIES_LEAF, "one unit's apologies", "SEARCH a USING INDEX case_apologies_unit (unit_id=? AND published_at>? AND published_at<?)"},
		{RP_LETTERS_LEAF, "one unit's letters", "SEARCH a USING INDEX apologies_unit (unit_id=? AND issued_at>? AND issued_at<?)"},
		{RP_COUNT, "total, all time", "results_unit_total"},
		/* A category or a kind over every unit: its own rows, never the other kinds' walked past. */
		{RP_LIST_CATEGORY, "a category's list", "SEARCH c USING INDEX cases_category_published (category=? AND published_at>? AND published_at<?)"},
		{RP_LIST_CATEGORY_BACK, "a category's list backward", "SEARCH c USING INDEX cases_category_published (category=? AND published_at>? AND published_at<?)"},
		{RP_LIST_KIND, "a kind's list", "SEARCH c USING INDEX cases_kind_published (kind=? AND published_at>? AND published_at<?)"},
		{RP_LIST_KIND_BACK, "a kind's list backward", "SEARCH c USING INDEX cases_kind_published (kind=? AND published_at>? AND published_at<?)"},
		/* One unit (none below it) and a category or a kind: its own rows of that category or kind. */
		{RP_LIST_LEAF_CATEGORY, "one unit's category", "SEARCH c USING INDEX cases_unit_category_published (unit_id=? AND category=? AND published_at>? AND published_at<?)"},
		{RP_LIST_LEAF_CATEGORY_BACK, "one unit's category backward", "SEARCH c USING INDEX cases_unit_category_published (unit_id=? AND category=? AND published_at>? AND published_at<?)"},
		{RP_LIST_LEAF_KIND, "one unit's kind", "SEARCH c USING INDEX cases_unit_kind_published (unit_id=? AND kind=? AND published_at>? AND published_at<?)"},
		{RP_LIST_LEAF_KIND_BACK, "one unit's kind backward", "SEARCH c USING INDEX cases_unit_kind_published (unit_id=? AND kind=? AND published_at>? AND published_at<?)"},
		{RP_SEARCH_COUNT_INDEX, "search, bounded total from the index alone", "VIRTUAL TABLE INDEX"},
		/* Overdue now: the kept marks and the two partial indexes of the
		 * cases whose mark and due time disagree, never the open cases. */
		{RP_STATS, "statistics, overdue marks", "case_overdue_total"},
		{RP_STATS, "statistics, due but not marked", "cases_open_unmarked_due"},
		{RP_STATS, "statistics, marked but not due", "cases_open_marked_due"},
		/* The 12-month trend: one range of the scope's monthly sums, already in order. */
		{RP_TREND, "12-month trend", "SEARCH case_stats_trend USING PRIMARY KEY (scope_id=? AND month>? AND month<?)"},
	};
	static const char *const never[] = {
		"SCAN c\n", "SCAN c ", "SCAN cases", "SCAN a\n", "SCAN a ", "SCAN case_apologies", "SCAN apologies",
		"SCAN ds", "SCAN dossiers", "SCAN f\n", "cases_open_due", "SCAN results_daily",
		"SCAN case_stats_daily", "SCAN case_stats_monthly",
	};
	arena a;
	arena_init(&a);
	err e = {0};
	for (size_t i = 0; i < sizeof plans / sizeof plans[0]; i++) {
		const char *plan;
		assert_int_equal(results_repo_plan(T.d, plans[i].which, &a, &plan, &e), 0);
		print_message("%s:\n%s", plans[i].name, plan);
		if (!strstr(plan, plans[i].uses)) fail_msg("%s: does not use %s", plans[i].name, plans[i].uses);
		for (size_t k = 0; k < sizeof never / sizeof never[0]; k++)
			if (strstr(plan, never[k])) fail_msg("%s: %s", plans[i].name, never[k]);
		/* Sorting is allowed only over the aggregate rows (per unit). */
		if (plans[i].which != RP_APOLOGY_UNITS && plans[i].which != RP_STATS &&
		    strstr(plan, "TEMP B-TREE"))
			fail_msg("%s: sorts in a temporary B-tree", plans[i].name);
	}
	arena_free(&a);
}

/* Pages of 3 by keyset, forward to the end and back again, give exactly the
 * rows of one page holding them all, in the same order. */
/* The register of a unit with one below it: each unit's apologies on its own
 * index, merged, walked page by page, equal to a recount. */
static void a_subtrees_apologies_are_merged_in_order(void **s)
{
	(void)s;
	arena a;
	arena_init(&a);
	err e = {0};
	/* The 50 published results of keyset_pages_walk_every_row, ids 100–149, in units 2 and 3 by turns. */
	exec("INSERT INTO case_apologies(case_id, unit_id, what_wrong, what_done, remedy, published_at)"
	     " SELECT id, unit_id, 'w', 'd', 'r', published_at FROM cases WHERE id BETWEEN 100 AND 149");
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(db_handle(T.d),
	                 "SELECT a.id FROM case_apologies a JOIN cases c ON c.id = a.case_id WHERE a.unit_id IN (2, 3)"
	                 " AND c.published_at IS NOT NULL AND c.state IN ('published','resolved')"
	                 " ORDER BY a.published_at DESC, a.id DESC", -1, &st, NULL), SQLITE_OK);
	int64_t want[128];
	int nw = 0;
	while (sqlite3_step(st) == SQLITE_ROW && nw < 128) want[nw++] = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	assert_true(nw >= 50);
	results_filter f = {.from_iso = "", .to_iso = "~", .limit = 7, .unit_id = 2};
	results_apology *rows;
	int n = 0, total = 0, seen = 0;
	for (;;) {
		assert_int_equal(results_repo_apologies(T.d, &f, &a, &rows, &n, &total, &e), 0);
		for (int i = 0; i < n; i++) assert_int_equal(rows[i].id, want[seen + i]);
		seen += n;
		if (n < 7) break;
		f.cursor_key = rows[n - 1].published_at;
		f.cursor_id = rows[n - 1].id;
	}
	assert_int_equal(seen, nw);
	/* (The register pages forward only: its "first page" link starts again.) */
	arena_free(&a);
}

/* The list's order: publication time, then id, newest first (a search: by id). */
static bool newer_or_same(const results_row *p, const results_row *q)
{
	int c = strcmp(p->published_at, q->published_at);
	return c > 0 || (c == 0 && p->id > q->id);
}

static void keyset_pages_walk_every_row(void **s)
{
	(void)s;
	arena aa, *a = &aa;
	arena_init(a);
	err e = {0};
	/* 50 more published results, in the ward and its one-stop desk (a unit
	 * below it) by turns, ten to each publication time (ties broken by id),
	 * all found by the word "tiep". */
	exec("WITH RECURSIVE k(i) AS (SELECT 100 UNION ALL SELECT i + 1 FROM k WHERE i < 149)"
	     " INSERT INTO cases(id, code, secret_hash, kind, category, channel, title, body, unit_id, state, rule_set_id,"
	     " received_at, concluded_at, published_at, at_fault, late, result_summary)"
	     " SELECT i, printf('DT-261201-%04d', i), 'h', 'feedback', 'delay', 'web', 't', 'b', 2 + i % 2, 'published', 1,"
	     " '2026-12-01T02:00:00Z', '2026-12-02T02:00:00Z', printf('2026-12-0%dT02:00:00Z', 3 + i % 5), 0, 0, 'Tiếp'"
	     " FROM k");
	exec("INSERT INTO case_fts(rowid, code, text) SELECT id, code, 'tiep' FROM cases WHERE id >= 100");
	/* 0 the list, 1 a search, 2 a category over every unit, 3 a kind over every unit, each on its
	 * own index; 4 and 5 the same in the ward and the unit below it (each unit's own page, merged);
	 * 6 and 7 in that unit alone (none below it: its rows of the category or kind). */
	for (int mode = 0; mode < 8; mode++) {
		bool search = mode == 1;
		results_filter all = {.from_iso = "", .to_iso = "~", .limit = 1000};
		if (search) all.match = results_fts_query(a, "tiếp");
		if (mode == 2 || mode == 4 || mode == 6) all.category = "delay";
		if (mode == 3 || mode == 5 || mode == 7) all.kind = "feedback";
		if (mode == 4 || mode == 5) all.unit_id = 2;
		if (mode == 6 || mode == 7) all.unit_id = 3;
		results_row *every, *rows;
		int n_all = 0, n = 0, total = 0;
		assert_int_equal(results_repo_list(T.d, &all, a, &every, &n_all, &total, &e), 0);
		sqlite3_stmt *cnt;
		assert_int_equal(sqlite3_prepare_v2(db_handle(T.d),
			mode == 2 ? "SELECT count(*) FROM cases WHERE published_at IS NOT NULL AND state IN ('published','resolved') AND category = 'delay'"
			: mode == 4 ? "SELECT count(*) FROM cases WHERE published_at IS NOT NULL AND state IN ('published','resolved') AND category = 'delay' AND unit_id IN (2, 3)"
			: mode == 5 ? "SELECT count(*) FROM cases WHERE published_at IS NOT NULL AND state IN ('published','resolved') AND kind = 'feedback' AND unit_id IN (2, 3)"
			: mode == 6 ? "SELECT count(*) FROM cases WHERE published_at IS NOT NULL AND state IN ('published','resolved') AND category = 'delay' AND unit_id = 3"
			: mode == 7 ? "SELECT count(*) FROM cases WHERE published_at IS NOT NULL AND state IN ('published','resolved') AND kind = 'feedback' AND unit_id = 3"
			            : "SELECT count(*) FROM cases WHERE published_at IS NOT NULL AND state IN ('published','resolved') AND kind = 'feedback'",
			-1, &cnt, NULL), SQLITE_OK);
		assert_int_equal(sqlite3_step(cnt), SQLITE_ROW);
		int want = sqlite3_column_int(cnt, 0);
		sqlite3_finalize(cnt);
		assert_int_equal(n_all, search ? 50 : mode >= 2 ? want : 52);
		if (mode >= 2) assert_true(n_all >= (mode >= 6 ? 25 : 50));
		for (int i = 0; i < n_all; i++) {
			if (mode == 2 || mode == 4 || mode == 6) assert_string_equal(every[i].category, "delay");
			if (mode == 3 || mode == 5 || mode == 7) assert_string_equal(every[i].kind, "feedback");
			if (i && !search) assert_true(newer_or_same(&every[i - 1], &every[i]));
		}
		assert_int_equal(total, n_all);
		results_filter f = all;
		f.limit = 3;
		int seen = 0;
		for (;;) {
			assert_int_equal(results_repo_list(T.d, &f, a, &rows, &n, &total, &e), 0);
			for (int i = 0; i < n; i++) assert_int_equal(rows[i].id, every[seen + i].id);
			seen += n;
			if (n < 3) break;
			f.cursor_key = rows[n - 1].published_at;
			f.cursor_id = rows[n - 1].id;
		}
		assert_int_equal(seen, n_all);
		/* Backward from past the oldest row. */
		f.backward = true;
		f.cursor_key = "";
		f.cursor_id = 0;
		if (!search) f.cursor_key = every[n_all - 1].published_at, f.cursor_id = every[n_all - 1].id;
		else f.cursor_id = every[n_all - 1].id;
		int upto = n_all - 1;
		for (;;) {
			assert_int_equal(results_repo_list(T.d, &f, a, &rows, &n, &total, &e), 0);
			for (int i = 0; i < n; i++) assert_int_equal(rows[i].id, every[upto - n + i].id);
			upto -= n;
			if (n < 3) break;
			f.cursor_key = rows[0].published_at;
			f.cursor_id = rows[0].id;
		}
		assert_int_equal(upto, 0);
	}
	/* A search counts up to the cap and no further; the list counts exactly
	 * (from the aggregates). */
	exec("WITH RECURSIVE k(i) AS (SELECT 200 UNION ALL SELECT i + 1 FROM k WHERE i < 1199)"
	     " INSERT INTO cases(id, code, secret_hash, kind, category, channel, title, body, unit_id, state, rule_set_id,"
	     " received_at, concluded_at, published_at, at_fault, late, result_summary)"
	     " SELECT i, printf('DT-261202-%04d', i), 'h', 'feedback', 'delay', 'web', 't', 'b', 2, 'published', 1,"
	     " '2026-12-01T02:00:00Z', '2026-12-02T02:00:00Z', '2026-12-09T02:00:00Z', 0, 0, 'Tiếp' FROM k");
	exec("INSERT INTO case_fts(rowid, code, text) SELECT id, code, 'tiep' FROM cases WHERE id >= 200");
	results_filter f = {.from_iso = "", .to_iso = "~", .limit = 5, .match = results_fts_query(a, "tiếp")};
	results_row *rows;
	int n = 0, total = 0;
	assert_int_equal(results_repo_list(T.d, &f, a, &rows, &n, &total, &e), 0);
	assert_int_equal(n, 5);
	assert_int_equal(total, RESULTS_COUNT_CAP + 1);
	f.match = NULL;
	assert_int_equal(results_repo_list(T.d, &f, a, &rows, &n, &total, &e), 0);
	assert_int_equal(total, 1052);
	arena_free(a);
}

/* The database pages a search reads (SQLite's page cache requests, hits and
 * misses: deterministic) for a page of 20 and its bounded count. */
static int search_pages(arena *a, const char *q)
{
	err e = {0};
	results_filter f = {.from_iso = "", .to_iso = "~", .limit = 21, .match = results_fts_query(a, q)};
	results_row *rows;
	int n = 0, total = 0, hit = 0, miss = 0, hi = 0;
	assert_int_equal(results_repo_list(T.d, &f, a, &rows, &n, &total, &e), 0);   /* statements prepared */
	sqlite3 *h = db_handle(T.d);
	sqlite3_db_status(h, SQLITE_DBSTATUS_CACHE_HIT, &hit, &hi, 1);
	sqlite3_db_status(h, SQLITE_DBSTATUS_CACHE_MISS, &miss, &hi, 1);
	assert_int_equal(results_repo_list(T.d, &f, a, &rows, &n, &total, &e), 0);
	assert_int_equal(n, 21);
	assert_int_equal(total, RESULTS_COUNT_CAP + 1);
	assert_int_equal(sqlite3_db_status(h, SQLITE_DBSTATUS_CACHE_HIT, &hit, &hi, 1), SQLITE_OK);
	assert_int_equal(sqlite3_db_status(h, SQLITE_DBSTATUS_CACHE_MISS, &miss, &hi, 1), SQLITE_OK);
	return hit + miss;
}

/* The search index's text of the published results [lo, hi]: words
 * starting with "phi" (phien, phieu, phi) and a number when `match`, other
 * words when not; the index rewritten as one segment. */
static void index_text(int lo, int hi, bool match)
{
	char sql[1024];
	snprintf(sql, sizeof sql,
	         "DELETE FROM case_fts WHERE rowid BETWEEN %d AND %d;"
	         "INSERT INTO case_fts(rowid, code, text) SELECT id, code,"
	         " printf(%s, code, id, id %% 97) FROM cases WHERE id BETWEEN %d AND %d;"
	         "INSERT INTO case_fts(case_fts) VALUES ('optimize')",
	         lo, hi, match ? "'%s gay phien ha phieu %d phi %d'" : "'%s cham tre %d ho so %d'", lo, hi);
	exec(sql);
}

/* A search reads what its page shows: a prefix is one list in the index,
 * walked newest first and left when the page and the count's cap are full,
 * never every match in the history merged first. 20,000 published results;
 * with ten times the matches in the older ones, the same pages are read
 * (give or take a level of the index's trees). The cases stay the same rows,
 * so their tables' depth does not change between the two. */
static void search_cost_does_not_grow_with_history(void **s)
{
	(void)s;
	arena a;
	arena_init(&a);
	exec("WITH RECURSIVE k(i) AS (SELECT 10000 UNION ALL SELECT i + 1 FROM k WHERE i < 29999)"
	     " INSERT INTO cases(id, code, secret_hash, kind, category, channel, title, body, unit_id, state, rule_set_id,"
	     " received_at, concluded_at, published_at, at_fault, late, result_summary)"
	     " SELECT i, printf('DT-270101-%06d', i), 'h', 'feedback', 'delay', 'web', 't', 'b', 2, 'published', 1,"
	     " '2027-01-01T02:00:00Z', '2027-01-02T02:00:00Z', '2027-01-03T02:00:00Z', 0, 0, 'Phiền' FROM k");
	index_text(10000, 27999, false);
	index_text(28000, 29999, true);
	int small_phi = search_pages(&a, "phi"), small_phien = search_pages(&a, "phiền hà");
	index_text(10000, 27999, true);
	int large_phi = search_pages(&a, "phi"), large_phien = search_pages(&a, "phiền hà");
	print_message("pages read: \"phi\" %d at 2,000 matches, %d at 20,000; \"phiền hà\" %d, %d\n", small_phi, large_phi,
	              small_phien, large_phien);
	assert_true(large_phi <= small_phi + 3);
	assert_true(large_phien <= small_phien + 3);
	arena_free(&a);
}

/* The index as a long history leaves it: each published result written in
 * its own transaction is a new small segment, and FTS5 merges a level only
 * when four are there, so a search reads every segment left. The night's
 * upkeep (results_search_upkeep) merges them into one: the same rows, fewer
 * pages read; a second upkeep finds nothing to do. (The tests above index
 * with 'optimize', so they never saw the segments.) */
static void search_upkeep_merges_the_index(void **s)
{
	(void)s;
	arena a;
	arena_init(&a);
	err e = {0};
	char sql[512];
	for (int i = 29600; i <= 29999; i++) {
		snprintf(sql, sizeof sql,
		         "DELETE FROM case_fts WHERE rowid = %d;"
		         "INSERT INTO case_fts(rowid, code, text) SELECT id, code, printf('%%s gay phien ha phieu %%d phi %%d', code, id, id %% 97)"
		         " FROM cases WHERE id = %d",
		         i, i);
		exec(sql);
	}
	int fragmented = search_pages(&a, "phi");
	results_upkeep u;
	assert_int_equal(results_search_upkeep(T.d, INT_MAX, 0, &u, &e), 0);
	assert_true(u.done);
	assert_true(u.steps > 0);
	int merged = search_pages(&a, "phi");
	print_message("pages read by a search: %d with the segments, %d merged (%d steps)\n", fragmented, merged, u.steps);
	assert_true(merged < fragmented);
	char at[32];
	assert_int_equal(db_meta_get(T.d, "results.search_merged_at", at, sizeof at, &e), 1);
	assert_int_equal(results_search_upkeep(T.d, INT_MAX, 0, &u, &e), 0);
	assert_true(u.done);
	assert_int_equal(u.steps, 0);
	arena_free(&a);
}

/* A unit with no unit below it lists its own rows (cases_unit_published),
 * newest first by keyset, forward and backward, exactly as the whole list
 * filtered to it would. */
static void a_leaf_units_pages_are_its_own_rows(void **s)
{
	(void)s;
	arena a;
	arena_init(&a);
	err e = {0};
	exec("WITH RECURSIVE k(i) AS (SELECT 50000 UNION ALL SELECT i + 1 FROM k WHERE i < 50029)"
	     " INSERT INTO cases(id, code, secret_hash, kind, category, channel, title, body, unit_id, state, rule_set_id,"
	     " received_at, concluded_at, published_at, at_fault, late, result_summary)"
	     " SELECT i, printf('DT-270201-%06d', i), 'h', 'feedback', 'delay', 'web', 't', 'b', 4,"
	     " CASE WHEN i % 7 = 0 THEN 'reopened' ELSE 'published' END, 1, '2027-02-01T02:00:00Z', '2027-02-02T02:00:00Z',"
	     " printf('2027-02-%02dT02:00:00Z', 3 + i % 4), 0, 0, 'x' FROM k");
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(db_handle(T.d),
	                 "SELECT id FROM cases WHERE unit_id = 4 AND published_at IS NOT NULL"
	                 " AND state IN ('published','resolved') ORDER BY published_at DESC, id DESC", -1, &st, NULL), SQLITE_OK);
	int64_t want[64];
	int nw = 0;
	while (sqlite3_step(st) == SQLITE_ROW && nw < 64) want[nw++] = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	assert_true(nw >= 25);
	results_filter f = {.from_iso = "", .to_iso = "~", .limit = 4, .unit_id = 4};
	results_row *rows;
	int n = 0, total = 0, seen = 0;
	for (;;) {
		assert_int_equal(results_repo_list(T.d, &f, &a, &rows, &n, &total, &e), 0);
		assert_int_equal(total, nw);
		for (int i = 0; i < n; i++) assert_int_equal(rows[i].id, want[seen + i]);
		seen += n;
		if (n < 4) break;
		f.cursor_key = rows[n - 1].published_at;
		f.cursor_id = rows[n - 1].id;
	}
	assert_int_equal(seen, nw);
	f.backward = true;   /* from the oldest row back up */
	int upto = nw - 1;
	f.cursor_key = "2027-02-03T02:00:00Z";
	f.cursor_id = want[nw - 1];
	for (;;) {
		assert_int_equal(results_repo_list(T.d, &f, &a, &rows, &n, &total, &e), 0);
		for (int i = 0; i < n; i++) assert_int_equal(rows[i].id, want[upto - n + i]);
		upto -= n;
		if (n < 4) break;
		f.cursor_key = rows[0].published_at;
		f.cursor_id = rows[0].id;
	}
	assert_int_equal(upto, 0);
	arena_free(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(query_is_folded_quoted_and_prefixed),
		cmocka_unit_test(query_neutralises_fts5_syntax),
		cmocka_unit_test(query_keeps_at_most_the_first_words),
		cmocka_unit_test(period_is_vietnam_days_as_utc_bounds),
		cmocka_unit_test(period_parts_are_whole_months_and_the_days_around),
		cmocka_unit_test(only_published_results_are_listed),
		cmocka_unit_test(search_and_filters_narrow),
		cmocka_unit_test(apologies_and_sanctions),
		cmocka_unit_test(statistics_per_unit_worst_first),
		cmocka_unit_test(query_plans_use_indexes_and_the_full_text_index),
		cmocka_unit_test(list_plans_never_scan_or_sort_the_history),
		cmocka_unit_test(keyset_pages_walk_every_row),   /* these last: they add rows */
		cmocka_unit_test(a_subtrees_apologies_are_merged_in_order),
		cmocka_unit_test(search_cost_does_not_grow_with_history),
		cmocka_unit_test(search_upkeep_merges_the_index),
		cmocka_unit_test(a_leaf_units_pages_are_its_own_rows),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
