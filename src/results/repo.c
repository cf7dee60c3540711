/* repo.c — the SQL of the public results: published cases, apologies and
 * per-unit statistics. Read-only; the cases service writes these tables.
 * Statements are static text (db_stmt caches them by pointer), written in the
 * SQL that SQLite and PostgreSQL share, except the FTS5 MATCH. */
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "results/query.h"
#include "results/repo.h"

/* Published: the result has been made public and the case is not being
 * handled again (a reopened case leaves the lists until it is published
 * again). The unary + keeps the planner off the (state, due_at) index, which
 * serves the open cases: lists walk cases_published, searches the FTS hits. */
#define PUBLISHED " c.published_at IS NOT NULL AND +c.state IN ('published','resolved')"

/* The unit ?2 and every unit below it (units_parent index). */
#define SUBTREE(col, p) \
	" (" p " = 0 OR " col " IN (WITH RECURSIVE sub(id) AS (SELECT " p \
	" UNION SELECT u2.id FROM units u2 JOIN sub ON u2.parent_id = sub.id) SELECT id FROM sub))"

#define LIST_COLS \
	"c.id, c.code, c.kind, c.category, c.state, u.code, u.name_vi, u.name_en, c.received_at," \
	" c.published_at, coalesce(c.concluded_at, ''), c.result_summary, c.late, coalesce(c.at_fault, 0)"
#define LIST_FROM " FROM cases c JOIN units u ON u.id = c.unit_id"
#define FILTERS_NO_PERIOD \
	PUBLISHED " AND" SUBTREE("c.unit_id", "?2") \
	" AND (?3 IS NULL OR c.code = ?3) AND (?4 IS NULL OR c.kind = ?4) AND (?5 IS NULL OR c.category = ?5)"
#define FILTERS FILTERS_NO_PERIOD " AND c.published_at >= ?6 AND c.published_at < ?7"
#define LIST_WHERE " WHERE" FILTERS_NO_PERIOD
/* Keyset pages, newest first: the rows strictly older than the cursor
 * (?10 published_at, ?11 id), walked down the cases_published index (which
 * ends with the row id); backward, the rows strictly newer, walked up (the
 * caller gets them newest first all the same). No cursor: ?10 "~", ?11 the
 * largest id, which every row is below. */
/* The cursor is also the period's other end (bind_filter folds the two into
 * ?10 and ?11), so the index is searched from the cursor, never walked from
 * the newest row down to it. */
#define OLDER(t, k) " AND " t "." k " >= ?6 AND " t "." k " <= ?10 AND (" t "." k " < ?10 OR " t ".id < ?11)"
#define NEWER(t, k) " AND " t "." k " < ?7 AND " t "." k " >= ?10 AND (" t "." k " > ?10 OR " t ".id > ?11)"
#define DESC(t, k) " ORDER BY " t "." k " DESC, " t ".id DESC LIMIT ?8 OFFSET ?9"
#define ASC(t, k) " ORDER BY " t "." k ", " t ".id LIMIT ?8 OFFSET ?9"
/* A search walks the full-text matches by rowid (the case's id: newest report
 * first), each case by its primary key; the cursor is the id (?13). */
#define SEARCH_FROM \
	" FROM case_fts f CROSS JOIN cases c ON c.id = f.rowid JOIN units u ON u.id = c.unit_id" \
	" WHERE case_fts MATCH ?1 AND"

static const char sql_list[] = "SELECT " LIST_COLS LIST_FROM LIST_WHERE OLDER("c", "published_at") DESC("c", "published_at");
/* One unit without units below it (unit_leaf): its own rows on
 * cases_unit_published (unit, publication time), never the other units'. */
#define LEAF_WHERE \
	" WHERE" PUBLISHED " AND c.unit_id = ?2" \
	" AND (?3 IS NULL OR c.code = ?3) AND (?4 IS NULL OR c.kind = ?4) AND (?5 IS NULL OR c.category = ?5)"
static const char sql_list_leaf[] =
	"SELECT " LIST_COLS LIST_FROM LEAF_WHERE OLDER("c", "published_at") DESC("c", "published_at");
static const char sql_list_leaf_back[] =
	"SELECT " LIST_COLS LIST_FROM LEAF_WHERE NEWER("c", "published_at") ASC("c", "published_at");
/* One such unit and a category or a kind: its own rows of that category (kind) on
 * cases_unit_category_published (cases_unit_kind_published, sql/0038). Without the
 * explicit "published_at IS NOT NULL" (the period's bounds in OLDER/NEWER imply it):
 * with it, SQLite 3.40's planner prefers the two-column index of the unit alone. */
#define LEAF_LED(lead) \
	" WHERE +c.state IN ('published','resolved') AND c.unit_id = ?2 AND " lead \
	" AND (?3 IS NULL OR c.code = ?3) AND (?4 IS NULL OR c.kind = ?4) AND (?5 IS NULL OR c.category = ?5)"
static const char sql_list_leaf_cat[] =
	"SELECT " LIST_COLS LIST_FROM LEAF_LED("c.category = ?5") OLDER("c", "published_at") DESC("c", "published_at");
static const char sql_list_leaf_cat_back[] =
	"SELECT " LIST_COLS LIST_FROM LEAF_LED("c.category = ?5") NEWER("c", "published_at") ASC("c", "published_at");
static const char sql_list_leaf_kind[] =
	"SELECT " LIST_COLS LIST_FROM LEAF_LED("c.kind = ?4") OLDER("c", "published_at") DESC("c", "published_at");
static const char sql_list_leaf_kind_back[] =
	"SELECT " LIST_COLS LIST_FROM LEAF_LED("c.kind = ?4") NEWER("c", "published_at") ASC("c", "published_at");
/* A kind or a category over every unit: that category's (or kind's) own rows on cases_category_published
 * or cases_kind_published (sql/0033), never the other kinds' rows walked past — a rare category's last
 * page would otherwise read the whole history to learn that nothing older matches. */
#define LED_WHERE(lead) \
	" WHERE" PUBLISHED " AND " lead \
	" AND (?3 IS NULL OR c.code = ?3) AND (?4 IS NULL OR c.kind = ?4) AND (?5 IS NULL OR c.category = ?5)"
static const char sql_list_cat[] =
	"SELECT " LIST_COLS LIST_FROM LED_WHERE("c.category = ?5") OLDER("c", "published_at") DESC("c", "published_at");
static const char sql_list_cat_back[] =
	"SELECT " LIST_COLS LIST_FROM LED_WHERE("c.category = ?5") NEWER("c", "published_at") ASC("c", "published_at");
static const char sql_list_kind[] =
	"SELECT " LIST_COLS LIST_FROM LED_WHERE("c.kind = ?4") OLDER("c", "published_at") DESC("c", "published_at");
static const char sql_list_kind_back[] =
	"SELECT " LIST_COLS LIST_FROM LED_WHERE("c.kind = ?4") NEWER("c", "published_at") ASC("c", "published_at");
static const char sql_list_back[] =
	"SELECT " LIST_COLS LIST_FROM LIST_WHERE NEWER("c", "published_at") ASC("c", "published_at");
static const char sql_search[] =
	"SELECT " LIST_COLS SEARCH_FROM " f.rowid < ?13 AND" FILTERS " ORDER BY f.rowid DESC LIMIT ?8 OFFSET ?9";
static const char sql_search_back[] =
	"SELECT " LIST_COLS SEARCH_FROM " f.rowid > ?13 AND" FILTERS " ORDER BY f.rowid LIMIT ?8 OFFSET ?9";
/* One code: its unique index, one row at most. */
static const char sql_code[] = "SELECT " LIST_COLS LIST_FROM " WHERE c.code = ?3 AND" FILTERS " LIMIT ?8 OFFSET ?9";
static const char sql_code_count[] = "SELECT count(*)" LIST_FROM " WHERE c.code = ?3 AND" FILTERS;
/* The totals: sums of the aggregate rows (kept in the write transaction)
 * over the units, kind and category of the filter and the pieces of its
 * period (results_period_parts, bound by bind_filter): the all-time rows
 * (?20 = 1), or the whole months [?14, ?15) and the days [?16, ?17) and
 * [?18, ?19) around them. At most a few rows per unit, kind and category,
 * however long the history or the period. */
#define PERIOD_PIECES(prefix, keys, cols) \
	" UNION ALL SELECT unit_id, " keys cols " FROM " prefix "_monthly WHERE ?20 = 0 AND month >= ?14 AND month < ?15" \
	" UNION ALL SELECT unit_id, " keys cols " FROM " prefix "_daily WHERE ?20 = 0 AND day >= ?16 AND day < ?17" \
	" UNION ALL SELECT unit_id, " keys cols " FROM " prefix "_daily WHERE ?20 = 0 AND day >= ?18 AND day < ?19) r"
#define PIECES(prefix, keys, cols) \
	"(SELECT unit_id, " keys cols " FROM " prefix "_total WHERE ?20 = 1" PERIOD_PIECES(prefix, keys, cols)
#define AGG_COLS "received, accepted, on_time, late, concluded, concluded_secs, at_fault, apologies, sanctions"
/* The results' all-time rows: one per unit (results_unit_total) when
 * neither kind nor category is filtered, else per unit, kind and category. */
#define RESULT_PIECES(cols) \
	"(SELECT unit_id, NULL AS kind, NULL AS category, " cols " FROM results_unit_total" \
	" WHERE ?20 = 1 AND ?4 IS NULL AND ?5 IS NULL" \
	" UNION ALL SELECT unit_id, kind, category, " cols " FROM results_total" \
	" WHERE ?20 = 1 AND (?4 IS NOT NULL OR ?5 IS NOT NULL)" PERIOD_PIECES("results", "kind, category, ", cols)
#define LETTER_PIECES PIECES("dossier_apology", "", "letters, late")
#define AGG_WHERE(extra) " WHERE" SUBTREE("r.unit_id", "?2") extra
#define KIND_CAT " AND (?4 IS NULL OR r.kind = ?4) AND (?5 IS NULL OR r.category = ?5)"
static const char sql_count[] =
	"SELECT coalesce(sum(published), 0) FROM " RESULT_PIECES("published") AGG_WHERE(KIND_CAT);
/* A search counts its matches up to ?12 (RESULTS_COUNT_CAP + 1): "more than
 * RESULTS_COUNT_CAP", never a count over a million matches. */
static const char sql_search_count[] =
	"SELECT count(*) FROM (SELECT 1" SEARCH_FROM FILTERS " LIMIT ?12)";
/* With no other filter, the index alone: it holds exactly the public results
 * (sql/0027), so the count reads index entries, not the cases. */
static const char sql_search_count_index[] =
	"SELECT count(*) FROM (SELECT 1 FROM case_fts WHERE case_fts MATCH ?1 LIMIT ?12)";

static const char *dup(arena *a, sqlite3_stmt *st, int col) { return arena_strdup(a, db_text(st, col)); }

static void read_row(sqlite3_stmt *st, arena *a, results_row *r)
{
	memset(r, 0, sizeof *r);
	r->id = sqlite3_column_int64(st, 0);
	r->code = dup(a, st, 1);
	r->kind = dup(a, st, 2);
	r->category = dup(a, st, 3);
	r->state = dup(a, st, 4);
	r->resolved = !strcmp(r->state, "resolved");
	r->unit_code = dup(a, st, 5);
	r->unit_name_vi = dup(a, st, 6);
	r->unit_name_en = dup(a, st, 7);
	r->received_at = dup(a, st, 8);
	r->published_at = dup(a, st, 9);
	r->concluded_at = dup(a, st, 10);
	r->summary = dup(a, st, 11);
	r->late = sqlite3_column_int(st, 12) != 0;
	r->at_fault = sqlite3_column_int(st, 13) == 1;
}

static void bind_opt(sqlite3_stmt *st, int i, const char *s)
{
	if (s) sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC); else sqlite3_bind_null(st, i);
}

/* ?14-?20: the pieces of the period [from, to) (see PIECES). */
static void bind_pieces(sqlite3_stmt *st, const char *from, const char *to)
{
	results_parts parts;
	results_period_parts(from, to, &parts);
	const char *const piece[] = {parts.m0, parts.m1, parts.a0, parts.a1, parts.b0, parts.b1};
	for (int i = 0; i < 6; i++) sqlite3_bind_text(st, 14 + i, piece[i], -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(st, 20, parts.all);
}

static void bind_filter(sqlite3_stmt *st, const results_filter *f, bool page)
{
	if (f->match) sqlite3_bind_text(st, 1, f->match, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, f->unit_id);
	bind_opt(st, 3, f->code);
	bind_opt(st, 4, f->kind);
	bind_opt(st, 5, f->category);
	sqlite3_bind_text(st, 6, f->from_iso ? f->from_iso : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, f->to_iso ? f->to_iso : "~", -1, SQLITE_STATIC);
	if (page) {
		sqlite3_bind_int(st, 8, f->limit);
		sqlite3_bind_int(st, 9, f->offset);
		/* Forward: older than the cursor, or, when the period ends first
		 * (or there is no cursor), before the period's end: (to, 0) reads
		 * "published_at < to". Backward likewise with the period's start. */
		const char *from = f->from_iso ? f->from_iso : "", *to = f->to_iso ? f->to_iso : "~";
		bool cur = f->cursor_key && (f->backward ? strcmp(f->cursor_key, from) >= 0 : strcmp(f->cursor_key, to) < 0);
		sqlite3_bind_text(st, 10, cur ? f->cursor_key : f->backward ? from : to, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 11, cur ? f->cursor_id : f->backward ? -1 : 0);
		sqlite3_bind_int64(st, 13, f->cursor_key ? f->cursor_id : f->backward ? 0 : INT64_MAX);
	}
	sqlite3_bind_int(st, 12, RESULTS_COUNT_CAP + 1);
	bind_pieces(st, f->from_iso, f->to_iso);
}

static int count_rows(db *d, const char *sql, const results_filter *f, int *total, err *e)
{
	sqlite3_stmt *st = db_stmt(d, sql, e);
	if (!st) return MB_EINTERNAL;
	bind_filter(st, f, false);
	if (sqlite3_step(st) != SQLITE_ROW) return db_fail(d, e);
	*total = sqlite3_column_int(st, 0);
	sqlite3_reset(st);
	return 0;
}

/* The rows of one filtered statement, each read by `read` into an arena
 * array of `size`-byte items; with count_sql, the number of all matches
 * (for paging) in *total first. */
typedef void (*row_reader)(sqlite3_stmt *st, arena *a, void *row);
static int filtered_rows(db *d, const char *count_sql, const char *sql, const results_filter *f, bool page, arena *a,
                         size_t size, row_reader read, void *out, int *n, int *total, err *e)
{
	*n = 0;
	*(void **)out = NULL;
	if (count_sql && count_rows(d, count_sql, f, total, e)) return MB_EINTERNAL;
	sqlite3_stmt *st = db_stmt(d, sql, e);
	if (!st) return MB_EINTERNAL;
	bind_filter(st, f, page);
	int cap = 0, rc;
	void *rows = NULL;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) read(st, a, arena_push(a, &rows, n, &cap, size));
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) return db_fail(d, e);
	/* Read backward (oldest first): give them newest first like the rest. */
	if (page && f->backward && rows) {
		char *lo = rows, *hi = (char *)rows + (size_t)(*n - 1) * size, *tmp = arena_alloc(a, size);
		for (; lo < hi; lo += size, hi -= size) {
			memcpy(tmp, lo, size);
			memcpy(lo, hi, size);
			memcpy(hi, tmp, size);
		}
	}
	*(void **)out = rows;
	return 0;
}

static void read_row_v(sqlite3_stmt *st, arena *a, void *r) { read_row(st, a, r); }

/* 1 when the unit has no unit below it (its filter is the unit alone), 0
 * when it has, or none is given; negative on error. */
static int unit_leaf(db *d, int64_t unit_id, err *e)
{
	if (!unit_id) return 0;
	sqlite3_stmt *st = db_stmt(d, "SELECT NOT EXISTS (SELECT 1 FROM units WHERE parent_id = ?1)", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_int64(st, 1, unit_id);
	int rc = sqlite3_step(st), leaf = rc == SQLITE_ROW && sqlite3_column_int(st, 0);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? leaf : db_fail(d, e);
}

/* The units of a subtree that is neither one unit nor the whole province:
 * their ids (at most SUBTREE_MERGE_MAX) in *ids, their number returned; 0
 * when the unit is the root (every row is its) or has more units below it
 * than that (then the province's rows are walked); negative on error. */
enum { SUBTREE_MERGE_MAX = 32 };
static int subtree_units(db *d, int64_t unit_id, int64_t ids[SUBTREE_MERGE_MAX], err *e)
{
	sqlite3_stmt *st = db_stmt(d, "SELECT c.unit_id FROM unit_closure c WHERE c.ancestor_id = ?1"
	                              " AND EXISTS (SELECT 1 FROM units r WHERE r.id = ?1 AND r.parent_id IS NOT NULL)"
	                              " LIMIT ?2", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_int64(st, 1, unit_id);
	sqlite3_bind_int(st, 2, SUBTREE_MERGE_MAX + 1);
	int n = 0, rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (n < SUBTREE_MERGE_MAX) ids[n] = sqlite3_column_int64(st, 0);
		n++;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) return db_fail(d, e);
	return n > SUBTREE_MERGE_MAX ? 0 : n;
}

/* A row of a merged list: its sort key (publication or issue time) and id. */
typedef struct merge_key { const char *key; int64_t id; } merge_key;
typedef merge_key (*key_of)(const void *row);

static _Thread_local key_of t_sort_key;   /* qsort takes no argument: set by merged_rows */
static int newest_first(const void *x, const void *y)
{
	merge_key p = t_sort_key(x), q = t_sort_key(y);
	int c = strcmp(q.key, p.key);
	return c ? c : (q.id > p.id) - (q.id < p.id);
}

/* A subtree's page: each unit's own page (its rows on its own index, as a
 * unit with none below it), merged. Each unit gives at most offset + limit
 * rows nearest the cursor, so the page costs the units times the page, not
 * the province's history walked past the rows outside the subtree. */
static int merged_rows(db *d, const results_filter *f, const int64_t *ids, int nids, const char *one_sql,
                       arena *a, size_t size, row_reader read, key_of key, void *out, int *n, err *e)
{
	char *all = NULL;
	int nall = 0, cap = 0;
	for (int i = 0; i < nids; i++) {
		results_filter one = *f;
		one.unit_id = ids[i];
		one.limit = f->offset + f->limit;
		one.offset = 0;
		char *rows;
		int k = 0;
		if (filtered_rows(d, NULL, one_sql, &one, true, a, size, read, &rows, &k, NULL, e)) return MB_EINTERNAL;
		for (int j = 0; j < k; j++) memcpy(arena_push(a, &all, &nall, &cap, size), rows + (size_t)j * size, size);
	}
	t_sort_key = key;
	if (nall > 1) qsort(all, (size_t)nall, size, newest_first);
	/* Forward: the newest after the cursor; backward: the oldest before it (nearest the cursor). */
	int skip = f->offset < nall ? f->offset : nall, take = nall - skip < f->limit ? nall - skip : f->limit;
	*(void **)out = all ? all + (size_t)(f->backward ? nall - skip - take : skip) * size : NULL;
	*n = take;
	return 0;
}

static merge_key row_key(const void *r) { const results_row *x = r; return (merge_key){x->published_at, x->id}; }

int results_repo_list(db *d, const results_filter *f, arena *a, results_row **out, int *n, int *total, err *e)
{
	int leaf = f->code || f->match ? 0 : unit_leaf(d, f->unit_id, e);
	if (leaf < 0) return leaf;
	int64_t ids[SUBTREE_MERGE_MAX];
	int nids = leaf || f->code || f->match || !f->unit_id ? 0 : subtree_units(d, f->unit_id, ids, e);
	if (nids < 0) return nids;
	bool only_match = f->match && !f->unit_id && !f->kind && !f->category && !(f->from_iso && *f->from_iso) &&
	                  !(f->to_iso && strcmp(f->to_iso, "~"));
	const char *count = f->code ? sql_code_count : only_match ? sql_search_count_index
	                  : f->match ? sql_search_count : sql_count;
	/* A unit with units below it and a kind or category: the unit's filter leads, as before. */
	bool cat = f->category && *f->category, kind = f->kind && *f->kind;
	bool by_cat = !f->unit_id && cat, by_kind = !f->unit_id && kind;
	const char *list = f->code ? sql_code : f->match ? (f->backward ? sql_search_back : sql_search)
	                 : leaf && cat ? (f->backward ? sql_list_leaf_cat_back : sql_list_leaf_cat)
	                 : leaf && kind ? (f->backward ? sql_list_leaf_kind_back : sql_list_leaf_kind)
	                 : leaf ? (f->backward ? sql_list_leaf_back : sql_list_leaf)
	                 : by_cat ? (f->backward ? sql_list_cat_back : sql_list_cat)
	                 : by_kind ? (f->backward ? sql_list_kind_back : sql_list_kind)
	                 : f->backward ? sql_list_back : sql_list;
	if (nids > 0) {
		const char *one = cat ? (f->backward ? sql_list_leaf_cat_back : sql_list_leaf_cat)
		                : kind ? (f->backward ? sql_list_leaf_kind_back : sql_list_leaf_kind)
		                : f->backward ? sql_list_leaf_back : sql_list_leaf;
		if (count_rows(d, count, f, total, e)) return MB_EINTERNAL;
		return merged_rows(d, f, ids, nids, one, a, sizeof **out, read_row_v, row_key, out, n, e);
	}
	return filtered_rows(d, count, list, f, true, a, sizeof **out, read_row_v, out, n, total, e);
}

int results_repo_get(db *d, const char *code, arena *a, results_row *out, err *e)
{
	sqlite3_stmt *st = db_stmt(d, "SELECT " LIST_COLS LIST_FROM " WHERE c.code = ?1 AND" PUBLISHED, e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) read_row(st, a, out);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW) return 1;
	return rc == SQLITE_DONE ? 0 : db_fail(d, e);
}

/* --- apologies --- */

#define APOLOGY_COLS \
	"c.code, c.kind, c.category, u.code, u.name_vi, u.name_en, a.what_wrong, a.what_done, a.remedy, a.published_at," \
	" a.id"
#define APOLOGY_FROM " FROM case_apologies a JOIN cases c ON c.id = a.case_id JOIN units u ON u.id = a.unit_id"
#define APOLOGY_WHERE \
	" WHERE" PUBLISHED " AND" SUBTREE("a.unit_id", "?2") \
	" AND (?4 IS NULL OR c.kind = ?4) AND (?5 IS NULL OR c.category = ?5)"

static const char sql_apologies[] =
	"SELECT " APOLOGY_COLS APOLOGY_FROM APOLOGY_WHERE OLDER("a", "published_at") DESC("a", "published_at");
static const char sql_apologies_leaf[] =
	"SELECT " APOLOGY_COLS APOLOGY_FROM " WHERE" PUBLISHED " AND a.unit_id = ?2"
	" AND (?4 IS NULL OR c.kind = ?4) AND (?5 IS NULL OR c.category = ?5)"
	OLDER("a", "published_at") DESC("a", "published_at");
static const char sql_apologies_count[] =
	"SELECT coalesce(sum(apologies), 0) FROM " RESULT_PIECES("apologies") AGG_WHERE(KIND_CAT);

static void read_apology(sqlite3_stmt *st, arena *a, results_apology *r)
{
	r->code = dup(a, st, 0);
	r->kind = dup(a, st, 1);
	r->category = dup(a, st, 2);
	r->unit_code = dup(a, st, 3);
	r->unit_name_vi = dup(a, st, 4);
	r->unit_name_en = dup(a, st, 5);
	r->what_wrong = dup(a, st, 6);
	r->what_done = dup(a, st, 7);
	r->remedy = dup(a, st, 8);
	r->published_at = dup(a, st, 9);
	r->id = sqlite3_column_int64(st, 10);
}

int results_repo_apology(db *d, int64_t case_id, arena *a, results_apology *out, err *e)
{
	sqlite3_stmt *st = db_stmt(d, "SELECT " APOLOGY_COLS APOLOGY_FROM " WHERE a.case_id = ?1", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_int64(st, 1, case_id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) read_apology(st, a, out);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW) return 1;
	return rc == SQLITE_DONE ? 0 : db_fail(d, e);
}

int results_repo_sanctions(db *d, int64_t case_id, int *n, err *e)
{
	sqlite3_stmt *st = db_stmt(d, "SELECT count(*) FROM official_sanctions WHERE case_id = ?1", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_int64(st, 1, case_id);
	if (sqlite3_step(st) != SQLITE_ROW) return db_fail(d, e);
	*n = sqlite3_column_int(st, 0);
	sqlite3_reset(st);
	return 0;
}

static void read_apology_v(sqlite3_stmt *st, arena *a, void *r) { read_apology(st, a, r); }
static merge_key apology_key(const void *r) { const results_apology *x = r; return (merge_key){x->published_at, x->id}; }

int results_repo_apologies(db *d, const results_filter *f, arena *a, results_apology **out, int *n, int *total,
                           err *e)
{
	int leaf = unit_leaf(d, f->unit_id, e);
	if (leaf < 0) return leaf;
	int64_t ids[SUBTREE_MERGE_MAX];
	int nids = leaf || !f->unit_id ? 0 : subtree_units(d, f->unit_id, ids, e);
	if (nids < 0) return nids;
	if (nids > 0) {
		if (count_rows(d, sql_apologies_count, f, total, e)) return MB_EINTERNAL;
		return merged_rows(d, f, ids, nids, sql_apologies_leaf, a, sizeof **out, read_apology_v, apology_key, out, n, e);
	}
	return filtered_rows(d, sql_apologies_count, leaf ? sql_apologies_leaf : sql_apologies, f, true, a,
	                     sizeof **out, read_apology_v, out, n, total, e);
}

/* The dossiers' apology letters: ?2 unit subtree, ?4/?5 kind and category
 * (any given: no letter matches), [?6, ?7) over issued_at. */
#define LETTER_FROM \
	" FROM apologies a JOIN units u ON u.id = a.unit_id JOIN dossiers ds ON ds.id = a.dossier_id" \
	" JOIN procedures p ON p.id = ds.procedure_id"
#define LETTER_WHERE \
	" WHERE" SUBTREE("a.unit_id", "?2") " AND ?4 IS NULL AND ?5 IS NULL"
#define LETTER_COLS \
	"SELECT u.code, u.name_vi, u.name_en, p.name_vi, p.name_en, a.old_due_at, a.new_due_at, a.issued_at, a.issued_late," \
	" a.id"
static const char sql_letters[] = LETTER_COLS LETTER_FROM LETTER_WHERE OLDER("a", "issued_at") DESC("a", "issued_at");
static const char sql_letters_leaf[] = LETTER_COLS LETTER_FROM " WHERE a.unit_id = ?2 AND ?4 IS NULL AND ?5 IS NULL"
	OLDER("a", "issued_at") DESC("a", "issued_at");
static const char sql_letters_count[] =
	"SELECT coalesce(sum(letters), 0) FROM " LETTER_PIECES AGG_WHERE(" AND ?4 IS NULL AND ?5 IS NULL");

static void read_letter(sqlite3_stmt *st, arena *a, void *row)
{
	results_dossier_apology *x = row;
	x->unit_code = dup(a, st, 0);
	x->unit_name_vi = dup(a, st, 1);
	x->unit_name_en = dup(a, st, 2);
	x->procedure_vi = dup(a, st, 3);
	x->procedure_en = dup(a, st, 4);
	x->old_due_at = dup(a, st, 5);
	x->new_due_at = dup(a, st, 6);
	x->issued_at = dup(a, st, 7);
	x->issued_late = sqlite3_column_int(st, 8) != 0;
	x->id = sqlite3_column_int64(st, 9);
}

static merge_key letter_key(const void *r)
{
	const results_dossier_apology *x = r;
	return (merge_key){x->issued_at, x->id};
}

int results_repo_dossier_apologies(db *d, const results_filter *f, arena *a, results_dossier_apology **out, int *n,
                                   int *total, err *e)
{
	int leaf = unit_leaf(d, f->unit_id, e);
	if (leaf < 0) return leaf;
	int64_t ids[SUBTREE_MERGE_MAX];
	int nids = leaf || !f->unit_id ? 0 : subtree_units(d, f->unit_id, ids, e);
	if (nids < 0) return nids;
	if (nids > 0) {
		if (count_rows(d, sql_letters_count, f, total, e)) return MB_EINTERNAL;
		return merged_rows(d, f, ids, nids, sql_letters_leaf, a, sizeof **out, read_letter, letter_key, out, n, e);
	}
	return filtered_rows(d, sql_letters_count, leaf ? sql_letters_leaf : sql_letters, f, true, a,
	                     sizeof **out, read_letter, out, n, total, e);
}

/* Per unit: sums of the aggregate rows (results_daily, dossier_apology_daily)
 * over the filter's units and days, not counts of the apologies. */
static const char sql_apology_units[] =
	"WITH x(uid, n, l, late) AS (SELECT r.unit_id, apologies, 0, 0 FROM " RESULT_PIECES("apologies") AGG_WHERE(KIND_CAT)
	"  UNION ALL SELECT r.unit_id, 0, letters, late FROM " LETTER_PIECES AGG_WHERE(" AND ?4 IS NULL AND ?5 IS NULL") ")"
	" SELECT u.code, u.name_vi, u.name_en, sum(x.n), sum(x.l), sum(x.late)"
	" FROM x JOIN units u ON u.id = x.uid GROUP BY u.id HAVING sum(x.n) + sum(x.l) > 0"
	" ORDER BY sum(x.n) + sum(x.l) DESC, u.name_fold";

static void read_apology_unit(sqlite3_stmt *st, arena *a, void *row)
{
	results_apology_unit *x = row;
	x->unit_code = dup(a, st, 0);
	x->unit_name_vi = dup(a, st, 1);
	x->unit_name_en = dup(a, st, 2);
	x->cases = sqlite3_column_int(st, 3);
	x->letters = sqlite3_column_int(st, 4);
	x->letters_late = sqlite3_column_int(st, 5);
}

int results_repo_apology_units(db *d, const results_filter *f, arena *a, results_apology_unit **out, int *n, err *e)
{
	return filtered_rows(d, NULL, sql_apology_units, f, false, a, sizeof **out, read_apology_unit, out, n, NULL, e);
}

/* --- statistics --- */

/* ?1 unit (0: all), [?2, ?3) the period, ?4 now. The period's counts are
 * sums of the per-unit, per-day aggregates (case_stats_daily, kept in the
 * write transaction of every case command): the cost grows with units and
 * days, not with cases. "Overdue now" depends on the clock: the open cases
 * past their due time, from the per-unit count of the deadline marks
 * (case_overdue_total, sql/0027) corrected by the few cases whose due time
 * and mark disagree now (partial indexes cases_open_unmarked_due and
 * cases_open_marked_due): exact at the moment of viewing, without reading
 * the overdue cases. */
#define IN_PERIOD(col) col " >= ?2 AND " col " < ?3"
#define OPEN_STATES "('received','accepted','assigned','verified','reopened')"
#define STATS_SELECT \
	/* The head: the unit's record, as on the unit page (units_head). */ \
	" SELECT u.id, u.code, u.name_vi, u.name_en, u.head_name, u.head_title," \
	"  coalesce(b.received, 0), coalesce(b.accepted, 0), coalesce(b.on_time, 0), coalesce(b.late, 0)," \
	"  coalesce(b.overdue, 0), coalesce(f.n, 0), coalesce(ap.n, 0), coalesce(s.n, 0)," \
	"  coalesce(b.concluded, 0), coalesce(b.days, 0)" \
	" FROM units u" \
	"  LEFT JOIN handled b ON b.uid = u.id LEFT JOIN faults f ON f.uid = u.id" \
	"  LEFT JOIN apology_n ap ON ap.uid = u.id LEFT JOIN sanction_n s ON s.uid = u.id" \
	" WHERE CASE WHEN ?1 = 0" \
	"  THEN coalesce(b.received + b.accepted + b.concluded + b.overdue, 0) + coalesce(f.n, 0)" \
	"   + coalesce(ap.n, 0) + coalesce(s.n, 0) > 0" \
	"  ELSE u.id IN (SELECT id FROM scope) END" \
	" ORDER BY 11 DESC, 10 DESC, 12 DESC, 7 DESC, u.name_fold"
#define SCOPE_CTE \
	"WITH RECURSIVE scope(id) AS (" \
	"  SELECT id FROM units WHERE id = ?1" \
	"  UNION SELECT u2.id FROM units u2 JOIN scope ON u2.parent_id = scope.id),"
#define ZEROS9 "0, 0, 0, 0, 0, 0, 0, 0, 0"
static const char sql_stats[] =
	SCOPE_CTE
	/* Every figure per unit in one grouping: the period's pieces and, for
	 * overdue now, the marks kept per unit (case_overdue_total), less the
	 * marked cases not yet due, plus the open ones due since the deadline
	 * job's last pass: both on partial indexes of the rows near now. */
	" figs AS (SELECT uid, sum(received) AS received, sum(accepted) AS accepted, sum(on_time) AS on_time,"
	"  sum(late) AS late, sum(overdue) AS overdue, sum(at_fault) AS at_fault, sum(apologies) AS apologies,"
	"  sum(sanctions) AS sanctions, sum(concluded) AS concluded, sum(concluded_secs) / 86400.0 AS days FROM ("
	"   SELECT r.unit_id AS uid, " AGG_COLS ", 0 AS overdue FROM " PIECES("case_stats", "", AGG_COLS)
	"   UNION ALL SELECT unit_id, " ZEROS9 ", marked FROM case_overdue_total"
	"   UNION ALL SELECT unit_id, " ZEROS9 ", -1 FROM cases WHERE risk = 'overdue' AND state IN " OPEN_STATES
	"    AND due_at >= ?4"
	"   UNION ALL SELECT unit_id, " ZEROS9 ", -1 FROM cases WHERE risk = 'overdue' AND state IN " OPEN_STATES
	"    AND due_at IS NULL"
	"   UNION ALL SELECT unit_id, " ZEROS9 ", 1 FROM cases WHERE risk <> 'overdue' AND state IN " OPEN_STATES
	"    AND due_at < ?4)"
	"  GROUP BY uid)"
	/* The columns and order of STATS_SELECT, with one join. */
	" SELECT u.id, u.code, u.name_vi, u.name_en, u.head_name, u.head_title,"
	"  coalesce(b.received, 0), coalesce(b.accepted, 0), coalesce(b.on_time, 0), coalesce(b.late, 0),"
	"  coalesce(b.overdue, 0), coalesce(b.at_fault, 0), coalesce(b.apologies, 0), coalesce(b.sanctions, 0),"
	"  coalesce(b.concluded, 0), coalesce(b.days, 0)"
	" FROM units u LEFT JOIN figs b ON b.uid = u.id"
	" WHERE CASE WHEN ?1 = 0"
	"  THEN coalesce(b.received + b.accepted + b.concluded + b.overdue + b.at_fault + b.apologies + b.sanctions, 0) > 0"
	"  ELSE u.id IN (SELECT id FROM scope) END"
	" ORDER BY 11 DESC, 10 DESC, 12 DESC, 7 DESC, u.name_fold";

/* The same figures counted over all the rows, as before the aggregates: the
 * reference the aggregates are checked against (results_repo_stats_scan). */
static const char sql_stats_scan[] =
	SCOPE_CTE
	" handled AS (SELECT unit_id AS uid,"
	"  count(CASE WHEN " IN_PERIOD("received_at") " THEN 1 END) AS received,"
	"  count(CASE WHEN " IN_PERIOD("accepted_at") " THEN 1 END) AS accepted,"
	"  count(CASE WHEN " IN_PERIOD("concluded_at") " AND late = 0 THEN 1 END) AS on_time,"
	"  count(CASE WHEN " IN_PERIOD("concluded_at") " AND late <> 0 THEN 1 END) AS late,"
	"  count(CASE WHEN state IN " OPEN_STATES " AND due_at < ?4 THEN 1 END) AS overdue,"
	"  count(CASE WHEN " IN_PERIOD("concluded_at") " THEN 1 END) AS concluded,"
	"  sum(CASE WHEN " IN_PERIOD("concluded_at") " THEN julianday(concluded_at) - julianday(received_at)"
	"   ELSE 0 END) AS days"
	"  FROM cases GROUP BY unit_id),"
	" faults AS (SELECT coalesce(subject_unit_id, unit_id) AS uid, count(*) AS n FROM cases"
	"  WHERE at_fault = 1 AND " IN_PERIOD("concluded_at") " GROUP BY coalesce(subject_unit_id, unit_id)),"
	" apology_n AS (SELECT unit_id AS uid, count(*) AS n FROM case_apologies"
	"  WHERE " IN_PERIOD("published_at") " GROUP BY unit_id),"
	" sanction_n AS (SELECT unit_id AS uid, count(*) AS n FROM official_sanctions"
	"  WHERE " IN_PERIOD("decided_at") " GROUP BY unit_id)"
	STATS_SELECT;

static int stats_rows(db *d, const char *sql, const results_stats_filter *f, arena *a, results_stat **out, int *n,
                      err *e)
{
	*n = 0;
	*out = NULL;
	sqlite3_stmt *st = db_stmt(d, sql, e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_int64(st, 1, f->unit_id);
	sqlite3_bind_text(st, 2, f->from_iso ? f->from_iso : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, f->to_iso ? f->to_iso : "~", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, f->now_iso, -1, SQLITE_STATIC);
	bind_pieces(st, f->from_iso, f->to_iso);
	int cap = 0, rc;
	results_stat *rows = NULL;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		results_stat *s = arena_push(a, &rows, n, &cap, sizeof *rows);
		s->unit_id = sqlite3_column_int64(st, 0);
		s->unit_code = dup(a, st, 1);
		s->unit_name_vi = dup(a, st, 2);
		s->unit_name_en = dup(a, st, 3);
		s->head_name = dup(a, st, 4);
		s->head_title = dup(a, st, 5);
		s->received = sqlite3_column_int(st, 6);
		s->accepted = sqlite3_column_int(st, 7);
		s->on_time = sqlite3_column_int(st, 8);
		s->late = sqlite3_column_int(st, 9);
		s->overdue = sqlite3_column_int(st, 10);
		s->at_fault = sqlite3_column_int(st, 11);
		s->apologies = sqlite3_column_int(st, 12);
		s->sanctions = sqlite3_column_int(st, 13);
		s->concluded = sqlite3_column_int(st, 14);
		s->days_sum = sqlite3_column_double(st, 15);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) return db_fail(d, e);
	*out = rows;
	return 0;
}

int results_repo_stats(db *d, const results_stats_filter *f, arena *a, results_stat **out, int *n, err *e)
{
	return stats_rows(d, sql_stats, f, a, out, n, e);
}

int results_repo_stats_scan(db *d, const results_stats_filter *f, arena *a, results_stat **out, int *n, err *e)
{
	return stats_rows(d, sql_stats_scan, f, a, out, n, e);
}

/* The aggregates recomputed from all the rows by GROUP BY (the Vietnam day of
 * each date, the attribution of the statistics), compared both ways with the
 * non-empty aggregate rows: the number of (unit, day) rows that differ. */
#define STAT_DAY(col) "strftime('%Y-%m-%dT%H:%M:%SZ', date(" col ", '+7 hours'), '-7 hours')"
#define STAT_MONTH(col) \
	"strftime('%Y-%m-%dT%H:%M:%SZ', date(" col ", '+7 hours', 'start of month'), '-7 hours')"
#define DIFF(w, h) \
	" + (SELECT count(*) FROM (SELECT * FROM " w " EXCEPT SELECT * FROM " h "))" \
	" + (SELECT count(*) FROM (SELECT * FROM " h " EXCEPT SELECT * FROM " w "))"
#define NONZERO \
	"received <> 0 OR accepted <> 0 OR on_time <> 0 OR late <> 0 OR concluded <> 0 OR concluded_secs <> 0" \
	" OR at_fault <> 0 OR apologies <> 0 OR sanctions <> 0"
static const char sql_agg_diff[] =
	"WITH ev(uid, day, r, a, o, l, c, s, f, ap, sa) AS ("
	"  SELECT unit_id, " STAT_DAY("received_at") ", count(*), 0, 0, 0, 0, 0, 0, 0, 0 FROM cases"
	"   WHERE received_at IS NOT NULL GROUP BY 1, 2"
	"  UNION ALL SELECT unit_id, " STAT_DAY("accepted_at") ", 0, count(*), 0, 0, 0, 0, 0, 0, 0 FROM cases"
	"   WHERE accepted_at IS NOT NULL GROUP BY 1, 2"
	"  UNION ALL SELECT unit_id, " STAT_DAY("concluded_at") ", 0, 0, count(CASE WHEN late = 0 THEN 1 END),"
	"   count(CASE WHEN late <> 0 THEN 1 END), count(*),"
	"   sum(CAST(round((julianday(concluded_at) - julianday(received_at)) * 86400) AS INTEGER)), 0, 0, 0"
	"   FROM cases WHERE concluded_at IS NOT NULL GROUP BY 1, 2"
	"  UNION ALL SELECT coalesce(subject_unit_id, unit_id), " STAT_DAY("concluded_at") ", 0, 0, 0, 0, 0, 0,"
	"   count(*), 0, 0 FROM cases WHERE at_fault = 1 AND concluded_at IS NOT NULL GROUP BY 1, 2"
	"  UNION ALL SELECT unit_id, " STAT_DAY("published_at") ", 0, 0, 0, 0, 0, 0, 0, count(*), 0"
	"   FROM case_apologies GROUP BY 1, 2"
	"  UNION ALL SELECT unit_id, " STAT_DAY("decided_at") ", 0, 0, 0, 0, 0, 0, 0, 0, count(*)"
	"   FROM official_sanctions GROUP BY 1, 2),"
	" want AS (SELECT uid, day, sum(r) AS r, sum(a) AS a, sum(o) AS o, sum(l) AS l, sum(c) AS c, sum(s) AS s,"
	"  sum(f) AS f, sum(ap) AS ap, sum(sa) AS sa FROM ev GROUP BY uid, day),"
	" mwant AS (SELECT uid, " STAT_MONTH("day") ", sum(r), sum(a), sum(o), sum(l), sum(c), sum(s), sum(f), sum(ap),"
	"  sum(sa) FROM want GROUP BY 1, 2),"
	" twant AS (SELECT uid, sum(r), sum(a), sum(o), sum(l), sum(c), sum(s), sum(f), sum(ap), sum(sa)"
	"  FROM want GROUP BY 1),"
	" mhave AS (SELECT unit_id, month, " AGG_COLS " FROM case_stats_monthly WHERE " NONZERO "),"
	" thave AS (SELECT unit_id, " AGG_COLS " FROM case_stats_total WHERE " NONZERO "),"
	" have AS (SELECT unit_id, day, " AGG_COLS " FROM case_stats_daily"
	"  WHERE received <> 0 OR accepted <> 0 OR on_time <> 0 OR late <> 0 OR concluded <> 0 OR concluded_secs <> 0"
	"   OR at_fault <> 0 OR apologies <> 0 OR sanctions <> 0),"
	/* The open cases marked overdue, per unit (case_overdue_total). */
	" owant AS (SELECT unit_id, count(*) FROM cases WHERE risk = 'overdue' AND state IN " OPEN_STATES
	"  GROUP BY unit_id),"
	" ohave AS (SELECT unit_id, marked FROM case_overdue_total WHERE marked <> 0),"
	/* The trend's sums per scope and month (case_stats_trend): each unit's
	 * months added to the unit and every unit above it, and to the province (0). */
	" mw AS (SELECT uid, " STAT_MONTH("day") " AS month, sum(r) AS r, sum(c) AS c, sum(o) AS o FROM want GROUP BY 1, 2),"
	" trwant AS (SELECT * FROM (SELECT u.ancestor_id, mw.month, sum(mw.r) AS r, sum(mw.c) AS c, sum(mw.o) AS o"
	"   FROM mw JOIN unit_closure u ON u.unit_id = mw.uid GROUP BY 1, 2"
	"  UNION ALL SELECT 0, month, sum(r), sum(c), sum(o) FROM mw GROUP BY 2) WHERE r <> 0 OR c <> 0 OR o <> 0),"
	" trhave AS (SELECT scope_id, month, received, concluded, on_time FROM case_stats_trend"
	"  WHERE received <> 0 OR concluded <> 0 OR on_time <> 0)"
	" SELECT 0" DIFF("want", "have") DIFF("mwant", "mhave") DIFF("twant", "thave") DIFF("owant", "ohave")
	DIFF("trwant", "trhave");

int results_repo_agg_diff(db *d, int *differ, err *e)
{
	sqlite3_stmt *st = db_stmt(d, sql_agg_diff, e);
	if (!st) return MB_EINTERNAL;
	if (sqlite3_step(st) != SQLITE_ROW) return db_fail(d, e);
	*differ = sqlite3_column_int(st, 0);
	sqlite3_reset(st);
	return 0;
}

/* The lists' totals and the register's per-unit counts counted over all the
 * rows, as before the aggregates: the reference they are checked against. */
static const char sql_count_scan[] = "SELECT count(*)" LIST_FROM " WHERE" FILTERS;
static const char sql_apologies_count_scan[] =
	"SELECT count(*)" APOLOGY_FROM APOLOGY_WHERE " AND a.published_at >= ?6 AND a.published_at < ?7";
#define LETTER_WHERE_PERIOD LETTER_WHERE " AND a.issued_at >= ?6 AND a.issued_at < ?7"
static const char sql_letters_count_scan[] = "SELECT count(*)" LETTER_FROM LETTER_WHERE_PERIOD;
static const char sql_apology_units_scan[] =
	"WITH ca AS (SELECT a.unit_id AS uid, count(*) AS n" APOLOGY_FROM APOLOGY_WHERE
	"  AND a.published_at >= ?6 AND a.published_at < ?7 GROUP BY a.unit_id),"
	" dl AS (SELECT a.unit_id AS uid, count(*) AS n, sum(a.issued_late) AS late" LETTER_FROM LETTER_WHERE_PERIOD
	"  GROUP BY a.unit_id)"
	" SELECT u.code, u.name_vi, u.name_en, coalesce(ca.n, 0), coalesce(dl.n, 0), coalesce(dl.late, 0)"
	" FROM units u LEFT JOIN ca ON ca.uid = u.id LEFT JOIN dl ON dl.uid = u.id"
	" WHERE ca.n IS NOT NULL OR dl.n IS NOT NULL"
	" ORDER BY coalesce(ca.n, 0) + coalesce(dl.n, 0) DESC, u.name_fold";

int results_repo_counts_scan(db *d, const results_filter *f, int *results, int *apologies, int *letters, err *e)
{
	if (count_rows(d, sql_count_scan, f, results, e) || count_rows(d, sql_apologies_count_scan, f, apologies, e) ||
	    count_rows(d, sql_letters_count_scan, f, letters, e))
		return MB_EINTERNAL;
	return 0;
}

int results_repo_apology_units_scan(db *d, const results_filter *f, arena *a, results_apology_unit **out, int *n,
                                    err *e)
{
	return filtered_rows(d, NULL, sql_apology_units_scan, f, false, a, sizeof **out, read_apology_unit, out, n, NULL,
	                     e);
}

/* The lists' aggregates recomputed from all the rows: results_daily from the
 * published cases and their apologies, dossier_apology_daily from the letters,
 * compared both ways with the non-empty aggregate rows. */
#define PUB_C " c.published_at IS NOT NULL AND c.state IN ('published','resolved')"
static const char sql_lists_diff[] =
	"WITH ev(uid, at, kind, category, p, ap) AS ("
	"  SELECT c.unit_id, c.published_at, c.kind, c.category, 1, 0 FROM cases c WHERE" PUB_C
	"  UNION ALL SELECT a.unit_id, a.published_at, c.kind, c.category, 0, 1"
	"   FROM case_apologies a JOIN cases c ON c.id = a.case_id WHERE" PUB_C "),"
	" want AS (SELECT uid, " STAT_DAY("at") ", kind, category, sum(p), sum(ap) FROM ev GROUP BY 1, 2, 3, 4),"
	" have AS (SELECT unit_id, day, kind, category, published, apologies FROM results_daily"
	"  WHERE published <> 0 OR apologies <> 0),"
	" mwant AS (SELECT uid, " STAT_MONTH("at") ", kind, category, sum(p), sum(ap) FROM ev GROUP BY 1, 2, 3, 4),"
	" mhave AS (SELECT unit_id, month, kind, category, published, apologies FROM results_monthly"
	"  WHERE published <> 0 OR apologies <> 0),"
	" twant AS (SELECT uid, kind, category, sum(p), sum(ap) FROM ev GROUP BY 1, 2, 3),"
	" thave AS (SELECT unit_id, kind, category, published, apologies FROM results_total"
	"  WHERE published <> 0 OR apologies <> 0),"
	" lev(uid, at, late) AS (SELECT unit_id, issued_at, CASE WHEN issued_late <> 0 THEN 1 ELSE 0 END FROM apologies),"
	" lwant AS (SELECT uid, " STAT_DAY("at") ", count(*), sum(late) FROM lev GROUP BY 1, 2),"
	" lhave AS (SELECT unit_id, day, letters, late FROM dossier_apology_daily WHERE letters <> 0 OR late <> 0),"
	" lmwant AS (SELECT uid, " STAT_MONTH("at") ", count(*), sum(late) FROM lev GROUP BY 1, 2),"
	" lmhave AS (SELECT unit_id, month, letters, late FROM dossier_apology_monthly WHERE letters <> 0 OR late <> 0),"
	" ltwant AS (SELECT uid, count(*), sum(late) FROM lev GROUP BY 1),"
	" lthave AS (SELECT unit_id, letters, late FROM dossier_apology_total WHERE letters <> 0 OR late <> 0),"
	/* Per unit over kind and category (results_unit_total), and the search
	 * index holding exactly the public results. */
	" uwant AS (SELECT uid, sum(p), sum(ap) FROM ev GROUP BY 1),"
	" uhave AS (SELECT unit_id, published, apologies FROM results_unit_total WHERE published <> 0 OR apologies <> 0),"
	" fwant AS (SELECT c.id FROM cases c WHERE" PUB_C "),"
	" fhave AS (SELECT rowid FROM case_fts)"
	" SELECT 0" DIFF("want", "have") DIFF("mwant", "mhave") DIFF("twant", "thave") DIFF("lwant", "lhave")
	DIFF("lmwant", "lmhave") DIFF("ltwant", "lthave") DIFF("uwant", "uhave") DIFF("fwant", "fhave");

int results_repo_lists_diff(db *d, int *differ, err *e)
{
	sqlite3_stmt *st = db_stmt(d, sql_lists_diff, e);
	if (!st) return MB_EINTERNAL;
	if (sqlite3_step(st) != SQLITE_ROW) return db_fail(d, e);
	*differ = sqlite3_column_int(st, 0);
	sqlite3_reset(st);
	return 0;
}

/* The months of a trend from the scope's monthly sums (case_stats_trend, kept
 * by triggers): one range of the primary key, at most the months asked,
 * whatever the history and however many units the scope holds. */
static const char sql_trend[] =
	"SELECT month, received, concluded, on_time FROM case_stats_trend"
	" WHERE scope_id = ?3 AND month >= ?1 AND month <= ?2 ORDER BY month";

int results_repo_trend(db *d, int64_t unit_id, const char *first, const char *last, arena *a, results_month **out, int *n,
                       err *e)
{
	*n = 0;
	*out = NULL;
	sqlite3_stmt *st = db_stmt(d, sql_trend, e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_text(st, 1, first, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, last, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, unit_id);
	int cap = 0, rc;
	results_month *rows = NULL;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		results_month *m = arena_push(a, &rows, n, &cap, sizeof *rows);
		m->month = dup(a, st, 0);
		m->received = sqlite3_column_int(st, 1);
		m->concluded = sqlite3_column_int(st, 2);
		m->on_time = sqlite3_column_int(st, 3);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) return db_fail(d, e);
	*out = rows;
	return 0;
}

/* FTS5 tells whether a 'merge' did anything by the rows it changed: two or
 * more when it wrote (its documentation's test). */
int results_repo_search_merge(db *d, int pages, bool *worked, err *e)
{
	sqlite3_stmt *st = db_stmt(d, "INSERT INTO case_fts(case_fts, rank) VALUES ('merge', ?1)", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_int(st, 1, -(pages > 0 ? pages : 1));
	sqlite3_int64 before = sqlite3_total_changes64(db_handle(d));
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) return db_fail(d, e);
	*worked = sqlite3_total_changes64(db_handle(d)) - before >= 2;
	return 0;
}

int results_repo_unit(db *d, const char *code, arena *a, int64_t *id, const char **name_vi, const char **name_en,
                      err *e)
{
	sqlite3_stmt *st = db_stmt(d, "SELECT id, name_vi, name_en FROM units WHERE code = ?1", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*id = sqlite3_column_int64(st, 0);
		if (name_vi) *name_vi = dup(a, st, 1);
		if (name_en) *name_en = dup(a, st, 2);
	}
	sqlite3_reset(st);
	if (rc == SQLITE_ROW) return 1;
	return rc == SQLITE_DONE ? 0 : db_fail(d, e);
}

int results_repo_plan(db *d, results_plan which, arena *a, const char **plan, err *e)
{
	static const char *const sqls[RP__MAX] = {
		[RP_LIST] = sql_list, [RP_SEARCH] = sql_search, [RP_APOLOGIES] = sql_apologies, [RP_STATS] = sql_stats,
		[RP_LIST_BACK] = sql_list_back, [RP_SEARCH_BACK] = sql_search_back, [RP_CODE] = sql_code,
		[RP_CODE_COUNT] = sql_code_count, [RP_COUNT] = sql_count, [RP_SEARCH_COUNT] = sql_search_count,
		[RP_APOLOGIES_COUNT] = sql_apologies_count, [RP_LETTERS] = sql_letters, [RP_LETTERS_COUNT] = sql_letters_count,
		[RP_APOLOGY_UNITS] = sql_apology_units, [RP_SEARCH_COUNT_INDEX] = sql_search_count_index,
		[RP_LIST_LEAF] = sql_list_leaf, [RP_LIST_LEAF_BACK] = sql_list_leaf_back, [RP_APOLOGIES_LEAF] = sql_apologies_leaf,
		[RP_LETTERS_LEAF] = sql_letters_leaf, [RP_LIST_CATEGORY] = sql_list_cat, [RP_LIST_CATEGORY_BACK] = sql_list_cat_back,
		[RP_LIST_KIND] = sql_list_kind, [RP_LIST_KIND_BACK] = sql_list_kind_back,
		[RP_LIST_LEAF_CATEGORY] = sql_list_leaf_cat, [RP_LIST_LEAF_CATEGORY_BACK] = sql_list_leaf_cat_back,
		[RP_LIST_LEAF_KIND] = sql_list_leaf_kind, [RP_LIST_LEAF_KIND_BACK] = sql_list_leaf_kind_back,
		[RP_TREND] = sql_trend,
	};
	return db_query_plan(d, sqls[which], a, plan, e);
}
