/* repo.c — the SQL of ratings, their reference data and their counters. */
#include <string.h>

#include "ratings/repo.h"

static const char *dup(arena *a, sqlite3_stmt *st, int i) { return arena_strdup(a, db_text(st, i)); }

static void bind_str(sqlite3_stmt *st, int i, const char *s)
{
	if (s) sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
	else sqlite3_bind_null(st, i);
}

static void rules_read(sqlite3_stmt *st, arena *a, rating_rules_row *out)
{
	out->version = dup(a, st, 0);
	out->valid_from = dup(a, st, 1);
	out->valid_to = dup(a, st, 2);
	out->change_days = sqlite3_column_int(st, 3);
	out->comment_max = sqlite3_column_int(st, 4);
}

static int one_rules(db *d, sqlite3_stmt *st, arena *a, rating_rules_row *out, err *e)
{
	int rc = sqlite3_step(st);
	if (rc == SQLITE_DONE) { sqlite3_reset(st); return 0; }
	if (rc != SQLITE_ROW) { int f = db_fail(d, e); sqlite3_reset(st); return f; }
	rules_read(st, a, out);
	sqlite3_reset(st);
	return 1;
}

int ratings_repo_rules_on(db *d, const char *date, arena *a, rating_rules_row *out, err *e)
{
	sqlite3_stmt *st = db_stmt(d, "SELECT version, valid_from, coalesce(valid_to, ''), change_days, comment_max"
	                              " FROM rating_rules WHERE valid_from <= ?1 AND (valid_to IS NULL OR valid_to >= ?1)"
	                              " ORDER BY valid_from DESC LIMIT 1", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_text(st, 1, date, -1, SQLITE_STATIC);
	return one_rules(d, st, a, out, e);
}

int ratings_repo_rules_by_version(db *d, const char *version, arena *a, rating_rules_row *out, err *e)
{
	sqlite3_stmt *st = db_stmt(d, "SELECT version, valid_from, coalesce(valid_to, ''), change_days, comment_max"
	                              " FROM rating_rules WHERE version = ?", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_text(st, 1, version, -1, SQLITE_STATIC);
	return one_rules(d, st, a, out, e);
}

int ratings_repo_criteria(db *d, const char *date, const char *version, arena *a, rating_criterion **out, int *n,
                          const char **version_out, err *e)
{
	*n = 0;
	*out = NULL;
	if (!version) {
		sqlite3_stmt *st = db_stmt(d, "SELECT set_version FROM rating_criteria"
		                              " WHERE valid_from <= ?1 AND (valid_to IS NULL OR valid_to >= ?1)"
		                              " ORDER BY valid_from DESC LIMIT 1", e);
		if (!st) return MB_EINTERNAL;
		sqlite3_bind_text(st, 1, date, -1, SQLITE_STATIC);
		int rc = sqlite3_step(st);
		if (rc == SQLITE_DONE) { sqlite3_reset(st); return 0; }
		if (rc != SQLITE_ROW) { int f = db_fail(d, e); sqlite3_reset(st); return f; }
		version = dup(a, st, 0);
		sqlite3_reset(st);
	}
	if (version_out) *version_out = version;
	sqlite3_stmt *st = db_stmt(d, "SELECT criterion, text_vi, text_en, answer_type, ordinal FROM rating_criteria"
	                              " WHERE set_version = ? ORDER BY ordinal, criterion", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_text(st, 1, version, -1, SQLITE_STATIC);
	int cap = 0, rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == cap) {
			int ncap = cap ? cap * 2 : 16;
			rating_criterion *nc = arena_alloc(a, sizeof *nc * (size_t)ncap);
			if (*n) memcpy(nc, *out, sizeof *nc * (size_t)*n);
			*out = nc;
			cap = ncap;
		}
		rating_criterion *c = &(*out)[(*n)++];
		c->id = dup(a, st, 0);
		c->text_vi = dup(a, st, 1);
		c->text_en = dup(a, st, 2);
		if (rating_answer_type_parse(db_text(st, 3), &c->type)) c->type = RA__MAX;
		c->ordinal = sqlite3_column_int(st, 4);
	}
	if (rc != SQLITE_DONE) { int f = db_fail(d, e); sqlite3_reset(st); return f; }
	sqlite3_reset(st);
	return 0;
}

int ratings_repo_rules_insert(db *d, const rating_rules_row *r, const char *source, err *e)
{
	sqlite3_stmt *st = db_stmt(d, "INSERT INTO rating_rules(version, valid_from, valid_to, change_days, comment_max, source)"
	                              " VALUES (?, ?, nullif(?, ''), ?, ?, ?)", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_text(st, 1, r->version, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, r->valid_from, -1, SQLITE_STATIC);
	bind_str(st, 3, r->valid_to);
	sqlite3_bind_int(st, 4, r->change_days);
	sqlite3_bind_int(st, 5, r->comment_max);
	sqlite3_bind_text(st, 6, source, -1, SQLITE_STATIC);
	return db_done(d, st, e);
}

int ratings_repo_criterion_insert(db *d, const char *version, const char *from, const char *to,
                                  const rating_criterion *c, err *e)
{
	sqlite3_stmt *st = db_stmt(d, "INSERT INTO rating_criteria(set_version, valid_from, valid_to, criterion, ordinal,"
	                              " answer_type, text_vi, text_en) VALUES (?, ?, nullif(?, ''), ?, ?, ?, ?, ?)", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_text(st, 1, version, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, from, -1, SQLITE_STATIC);
	bind_str(st, 3, to);
	sqlite3_bind_text(st, 4, c->id, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 5, c->ordinal);
	sqlite3_bind_text(st, 6, rating_answer_type_name(c->type), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, c->text_vi, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 8, c->text_en, -1, SQLITE_STATIC);
	return db_done(d, st, e);
}

int ratings_repo_reference_count(db *d, int64_t *n, err *e)
{
	*n = 0;
	int rc = db_lookup_int64(d, "SELECT (SELECT count(*) FROM rating_rules) + (SELECT count(*) FROM rating_criteria)"
	                            " WHERE ?1 IS NULL OR 1", NULL, n, e);
	return rc < 0 ? rc : 0;
}

#define RATING_COLS \
	"id, dossier_id, unit_id, procedure_id, set_version, rules_version, level, liked, comment, channel, day," \
	" created_at, changed_at, changes, change_until"

int ratings_repo_get(db *d, int64_t dossier_id, arena *a, rating_row *out, err *e)
{
	sqlite3_stmt *st = db_stmt(d, "SELECT " RATING_COLS " FROM ratings WHERE dossier_id = ?", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_int64(st, 1, dossier_id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_DONE) { sqlite3_reset(st); return 0; }
	if (rc != SQLITE_ROW) { int f = db_fail(d, e); sqlite3_reset(st); return f; }
	out->id = sqlite3_column_int64(st, 0);
	out->dossier_id = sqlite3_column_int64(st, 1);
	out->unit_id = sqlite3_column_int64(st, 2);
	out->procedure_id = sqlite3_column_int64(st, 3);
	out->set_version = dup(a, st, 4);
	out->rules_version = dup(a, st, 5);
	out->level = dup(a, st, 6);
	out->liked = sqlite3_column_int(st, 7) != 0;
	out->comment = dup(a, st, 8);
	out->channel = dup(a, st, 9);
	out->day = dup(a, st, 10);
	out->created_at = db_col_time(st, 11);
	out->changed_at = db_col_time(st, 12);
	out->changes = sqlite3_column_int(st, 13);
	out->change_until = db_col_time(st, 14);
	sqlite3_reset(st);
	return 1;
}

int ratings_repo_answers(db *d, int64_t rating_id, arena *a, rating_answer **out, int *n, err *e)
{
	*n = 0;
	*out = NULL;
	sqlite3_stmt *st = db_stmt(d, "SELECT criterion, answer FROM rating_answers WHERE rating_id = ? ORDER BY criterion", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_int64(st, 1, rating_id);
	int cap = 0, rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == cap) {
			int ncap = cap ? cap * 2 : 16;
			rating_answer *na = arena_alloc(a, sizeof *na * (size_t)ncap);
			if (*n) memcpy(na, *out, sizeof *na * (size_t)*n);
			*out = na;
			cap = ncap;
		}
		(*out)[*n].criterion = dup(a, st, 0);
		(*out)[*n].answer = dup(a, st, 1);
		(*n)++;
	}
	if (rc != SQLITE_DONE) { int f = db_fail(d, e); sqlite3_reset(st); return f; }
	sqlite3_reset(st);
	return 0;
}

int ratings_repo_insert(db *d, rating_row *row, err *e)
{
	sqlite3_stmt *st = db_stmt(d,
		"INSERT INTO ratings(dossier_id, unit_id, procedure_id, set_version, rules_version, level, liked, comment,"
		" channel, day, created_at, changes, change_until) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?)", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_int64(st, 1, row->dossier_id);
	sqlite3_bind_int64(st, 2, row->unit_id);
	sqlite3_bind_int64(st, 3, row->procedure_id);
	sqlite3_bind_text(st, 4, row->set_version, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, row->rules_version, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, row->level, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 7, row->liked);
	sqlite3_bind_text(st, 8, row->comment ? row->comment : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 9, row->channel, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 10, row->day, -1, SQLITE_STATIC);
	db_bind_time(st, 11, row->created_at);
	db_bind_time(st, 12, row->change_until);
	if (db_done(d, st, e)) return MB_EINTERNAL;
	row->id = sqlite3_last_insert_rowid(db_handle(d));
	return 0;
}

int ratings_repo_update(db *d, const rating_row *row, err *e)
{
	sqlite3_stmt *st = db_stmt(d, "UPDATE ratings SET level = ?, liked = ?, comment = ?, channel = ?, changed_at = ?,"
	                              " changes = ? WHERE id = ?", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_text(st, 1, row->level, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, row->liked);
	sqlite3_bind_text(st, 3, row->comment ? row->comment : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, row->channel, -1, SQLITE_STATIC);
	db_bind_time(st, 5, row->changed_at);
	sqlite3_bind_int(st, 6, row->changes);
	sqlite3_bind_int64(st, 7, row->id);
	return db_done(d, st, e);
}

int ratings_repo_answers_set(db *d, int64_t rating_id, const rating_answer *as, int n, err *e)
{
	sqlite3_stmt *st = db_stmt(d, "DELETE FROM rating_answers WHERE rating_id = ?", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_int64(st, 1, rating_id);
	if (db_done(d, st, e)) return MB_EINTERNAL;
	for (int i = 0; i < n; i++) {
		st = db_stmt(d, "INSERT INTO rating_answers(rating_id, criterion, answer) VALUES (?, ?, ?)", e);
		if (!st) return MB_EINTERNAL;
		sqlite3_bind_int64(st, 1, rating_id);
		sqlite3_bind_text(st, 2, as[i].criterion, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, as[i].answer, -1, SQLITE_STATIC);
		if (db_done(d, st, e)) return MB_EINTERNAL;
	}
	return 0;
}

int ratings_repo_officials_from_steps(db *d, int64_t rating_id, int64_t dossier_id, err *e)
{
	sqlite3_stmt *st = db_stmt(d, "INSERT INTO rating_officials(rating_id, account_id)"
	                              " SELECT DISTINCT ?1, holder_account_id FROM dossier_steps"
	                              " WHERE dossier_id = ?2 AND holder_account_id IS NOT NULL AND kind <> 'supplement'", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_int64(st, 1, rating_id);
	sqlite3_bind_int64(st, 2, dossier_id);
	return db_done(d, st, e);
}

int ratings_repo_official_logins(db *d, int64_t rating_id, arena *a, const char ***out, int *n, err *e)
{
	*n = 0;
	sqlite3_stmt *st = db_stmt(d, "SELECT x.login FROM rating_officials o JOIN accounts x ON x.id = o.account_id"
	                              " WHERE o.rating_id = ? ORDER BY x.login LIMIT 64", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_int64(st, 1, rating_id);
	*out = arena_alloc(a, sizeof **out * 64);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) (*out)[(*n)++] = dup(a, st, 0);
	if (rc != SQLITE_DONE) { int f = db_fail(d, e); sqlite3_reset(st); return f; }
	sqlite3_reset(st);
	return 0;
}

int ratings_repo_count(db *d, const rating_row *row, int sign, err *e)
{
	rating_level l;
	if (rating_level_parse(row->level, &l))
		return err_set(e, MB_EINTERNAL, "bad_rating", NULL, "Đánh giá sai định dạng.", "a rating is malformed");
	int v = l == RL_VERY_SATISFIED ? sign : 0, s = l == RL_SATISFIED ? sign : 0, u = l == RL_UNSATISFIED ? sign : 0;
	int like = row->liked ? sign : 0, dislike = row->liked ? 0 : sign;
	sqlite3_stmt *st = db_stmt(d,
		"INSERT INTO rating_unit_daily(unit_id, day, very_satisfied, satisfied, unsatisfied, likes, dislikes, disliked_dossiers)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7) ON CONFLICT(unit_id, day) DO UPDATE SET"
		" very_satisfied = very_satisfied + ?3, satisfied = satisfied + ?4, unsatisfied = unsatisfied + ?5,"
		" likes = likes + ?6, dislikes = dislikes + ?7, disliked_dossiers = disliked_dossiers + ?7", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_int64(st, 1, row->unit_id);
	sqlite3_bind_text(st, 2, row->day, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 3, v);
	sqlite3_bind_int(st, 4, s);
	sqlite3_bind_int(st, 5, u);
	sqlite3_bind_int(st, 6, like);
	sqlite3_bind_int(st, 7, dislike);
	if (db_done(d, st, e)) return MB_EINTERNAL;
	st = db_stmt(d,
		"INSERT INTO rating_official_daily(account_id, day, procedure_id, rated, very_satisfied, satisfied, unsatisfied)"
		" SELECT account_id, ?2, ?3, ?4, ?5, ?6, ?7 FROM rating_officials WHERE rating_id = ?1"
		" ON CONFLICT(account_id, day, procedure_id) DO UPDATE SET rated = rated + ?4,"
		" very_satisfied = very_satisfied + ?5, satisfied = satisfied + ?6, unsatisfied = unsatisfied + ?7", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_int64(st, 1, row->id);
	sqlite3_bind_text(st, 2, row->day, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, row->procedure_id);
	sqlite3_bind_int(st, 4, sign);
	sqlite3_bind_int(st, 5, v);
	sqlite3_bind_int(st, 6, s);
	sqlite3_bind_int(st, 7, u);
	if (db_done(d, st, e)) return MB_EINTERNAL;
	st = db_stmt(d,
		"INSERT INTO rating_procedure_daily(procedure_id, day, rated, very_satisfied, satisfied, unsatisfied)"
		" SELECT ?3, ?2, count(*) * ?4, count(*) * ?5, count(*) * ?6, count(*) * ?7 FROM rating_officials WHERE rating_id = ?1"
		" ON CONFLICT(procedure_id, day) DO UPDATE SET rated = rated + excluded.rated,"
		" very_satisfied = very_satisfied + excluded.very_satisfied, satisfied = satisfied + excluded.satisfied,"
		" unsatisfied = unsatisfied + excluded.unsatisfied", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_int64(st, 1, row->id);
	sqlite3_bind_text(st, 2, row->day, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, row->procedure_id);
	sqlite3_bind_int(st, 4, sign);
	sqlite3_bind_int(st, 5, v);
	sqlite3_bind_int(st, 6, s);
	sqlite3_bind_int(st, 7, u);
	return db_done(d, st, e);
}

int ratings_repo_count_case(db *d, int64_t unit_id, const char *day, bool liked, err *e)
{
	sqlite3_stmt *st = db_stmt(d,
		"INSERT INTO rating_unit_daily(unit_id, day, case_likes, case_dislikes) VALUES (?1, ?2, ?3, ?4)"
		" ON CONFLICT(unit_id, day) DO UPDATE SET case_likes = case_likes + ?3, case_dislikes = case_dislikes + ?4", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_int64(st, 1, unit_id);
	sqlite3_bind_text(st, 2, day, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 3, liked ? 1 : 0);
	sqlite3_bind_int(st, 4, liked ? 0 : 1);
	return db_done(d, st, e);
}

int ratings_repo_unit_range(db *d, int64_t unit_id, const char *from, const char *to, ratings_unit_sum *out, err *e)
{
	memset(out, 0, sizeof *out);
	sqlite3_stmt *st = db_stmt(d,
		"SELECT total(very_satisfied), total(satisfied), total(unsatisfied), total(likes), total(dislikes),"
		" total(disliked_dossiers), total(case_likes), total(case_dislikes) FROM rating_unit_daily"
		" WHERE (?1 = 0 OR unit_id = ?1) AND day >= ?2 AND day < ?3", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_int64(st, 1, unit_id);
	sqlite3_bind_text(st, 2, from, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, to, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_ROW) { int f = db_fail(d, e); sqlite3_reset(st); return f; }
	out->very_satisfied = (int64_t)sqlite3_column_double(st, 0);
	out->satisfied = (int64_t)sqlite3_column_double(st, 1);
	out->unsatisfied = (int64_t)sqlite3_column_double(st, 2);
	out->likes = (int64_t)sqlite3_column_double(st, 3);
	out->dislikes = (int64_t)sqlite3_column_double(st, 4);
	out->disliked_dossiers = (int64_t)sqlite3_column_double(st, 5);
	out->case_likes = (int64_t)sqlite3_column_double(st, 6);
	out->case_dislikes = (int64_t)sqlite3_column_double(st, 7);
	out->rated_dossiers = out->very_satisfied + out->satisfied + out->unsatisfied;
	sqlite3_reset(st);
	return 0;
}

static void sum_read(sqlite3_stmt *st, int i, rating_official_sum *o)
{
	o->steps = sqlite3_column_int64(st, i++);
	o->steps_on_time = sqlite3_column_int64(st, i++);
	o->supplements = sqlite3_column_int64(st, i++);
	o->rated = sqlite3_column_int64(st, i++);
	o->very_satisfied = sqlite3_column_int64(st, i++);
	o->satisfied = sqlite3_column_int64(st, i++);
	o->unsatisfied = sqlite3_column_int64(st, i);
}

#define SUM_COLS \
	"coalesce(sum(steps), 0), coalesce(sum(steps_on_time), 0), coalesce(sum(supplements), 0), coalesce(sum(rated), 0)," \
	" coalesce(sum(very_satisfied), 0), coalesce(sum(satisfied), 0), coalesce(sum(unsatisfied), 0)"

int ratings_repo_official_range(db *d, int64_t account_id, const char *from, const char *to, arena *a,
                                rating_official_sum **out, int *n, err *e)
{
	*n = 0;
	*out = NULL;
	sqlite3_stmt *st = db_stmt(d, "SELECT procedure_id, " SUM_COLS " FROM rating_official_daily"
	                              " WHERE account_id = ? AND day >= ? AND day < ? GROUP BY procedure_id ORDER BY procedure_id", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_int64(st, 1, account_id);
	sqlite3_bind_text(st, 2, from, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, to, -1, SQLITE_STATIC);
	int cap = 0, rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == cap) {
			int ncap = cap ? cap * 2 : 16;
			rating_official_sum *ns = arena_alloc(a, sizeof *ns * (size_t)ncap);
			if (*n) memcpy(ns, *out, sizeof *ns * (size_t)*n);
			*out = ns;
			cap = ncap;
		}
		rating_official_sum *o = &(*out)[(*n)++];
		o->procedure_id = sqlite3_column_int64(st, 0);
		sum_read(st, 1, o);
	}
	if (rc != SQLITE_DONE) { int f = db_fail(d, e); sqlite3_reset(st); return f; }
	sqlite3_reset(st);
	return 0;
}

int ratings_repo_procedure_range(db *d, int64_t procedure_id, const char *from, const char *to, rating_official_sum *out,
                                 err *e)
{
	memset(out, 0, sizeof *out);
	out->procedure_id = procedure_id;
	sqlite3_stmt *st = db_stmt(d, "SELECT " SUM_COLS " FROM rating_procedure_daily"
	                              " WHERE procedure_id = ? AND day >= ? AND day < ?", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_int64(st, 1, procedure_id);
	sqlite3_bind_text(st, 2, from, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, to, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_ROW) { int f = db_fail(d, e); sqlite3_reset(st); return f; }
	sum_read(st, 0, out);
	sqlite3_reset(st);
	return 0;
}

int ratings_repo_official_recent(db *d, int64_t account_id, int limit, arena *a, rating_recent **out, int *n, err *e)
{
	*n = 0;
	*out = arena_alloc(a, sizeof **out * (size_t)(limit > 0 ? limit : 1));
	sqlite3_stmt *st = db_stmt(d, "SELECT x.code, r.level, r.day, r.comment FROM rating_officials o"
	                              " JOIN ratings r ON r.id = o.rating_id JOIN dossiers x ON x.id = r.dossier_id"
	                              " WHERE o.account_id = ? ORDER BY o.rating_id DESC LIMIT ?", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_int64(st, 1, account_id);
	sqlite3_bind_int(st, 2, limit);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && *n < limit) {
		rating_recent *x = &(*out)[(*n)++];
		x->code = dup(a, st, 0);
		x->level = dup(a, st, 1);
		x->day = dup(a, st, 2);
		x->comment = dup(a, st, 3);
	}
	if (rc != SQLITE_DONE && rc != SQLITE_ROW) { int f = db_fail(d, e); sqlite3_reset(st); return f; }
	sqlite3_reset(st);
	return 0;
}
