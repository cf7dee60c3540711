/* procedures.c — loading procedures, applying changes with their events, the
 * all-or-nothing CSV import (command line and demo data). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/clock.h"
#include "base/csv.h"
#include "base/embed.h"
#include "base/log.h"
#include "base/text.h"
#include "procedures/repo.h"
#include "procedures/web.h"

/* --- reads --- */

int procedures_get_row(db *d, const char *code, arena *a, procedures_row *out, err *e)
{
	return procedures_repo_get(d, code, a, out, e);
}

int procedures_get(db *d, const char *code, arena *a, procedure *out, err *e)
{
	procedures_row r;
	int rc = procedures_repo_get(d, code, a, &r, e);
	if (rc == 1) *out = r.p;
	return rc;
}

int procedures_get_by_id(db *d, int64_t id, arena *a, procedure *out, err *e)
{
	procedures_row r;
	int rc = procedures_repo_get_by_id(d, id, a, &r, e);
	if (rc == 1) *out = r.p;
	return rc;
}

int procedures_list_active(db *d, arena *a, procedure **out, int *n, err *e)
{
	procedures_filter f = {.active_only = true};
	procedures_row *rows;
	int rc = procedures_repo_list(d, &f, a, &rows, n, e);
	if (rc) return rc;
	*out = arena_alloc(a, sizeof **out * (size_t)(*n ? *n : 1));
	for (int i = 0; i < *n; i++) (*out)[i] = rows[i].p;
	return 0;
}

/* The level of procedures a unit of this kind handles. */
static const char *level_of_kind(const char *kind)
{
	return !strcmp(kind, "commune") || !strcmp(kind, "ward") ? "commune" : "province";
}

bool procedures_offered_by(db *d, const procedure *p, int64_t unit_id)
{
	if (!p->active || unit_id <= 0) return false;
	if (p->unit_id) return p->unit_id == unit_id;
	arena a;
	arena_init(&a);
	const char *kind;
	bool ok = procedures_repo_unit_kind(d, unit_id, &a, &kind, NULL) == 1 && !strcmp(level_of_kind(kind), p->level);
	arena_free(&a);
	return ok;
}

int procedures_resolve_unit(db *d, arena *a, procedures_row *next, err *e)
{
	next->p.unit_id = 0;
	next->unit_name_vi = next->unit_name_en = "";
	if (!next->unit_code || !*next->unit_code) { next->unit_code = ""; return 0; }
	const char *kind;
	int found = procedures_repo_unit(d, next->unit_code, a, &next->p.unit_id, &kind,
	                                 &next->unit_name_vi, &next->unit_name_en, e);
	if (found < 0) return found;
	if (!found) return err_set(e, MB_EINVAL, "invalid_field", "unit", "Không có cơ quan, đơn vị này.", "no such unit");
	if (strcmp(level_of_kind(kind), next->p.level))
		return err_set(e, MB_EINVAL, "invalid_field", "unit",
		               "Đơn vị không cùng cấp với thủ tục: thủ tục cấp xã do xã, phường giải quyết; thủ tục cấp tỉnh do cơ quan cấp tỉnh giải quyết.",
		               "the unit is not of the procedure's level: commune-level procedures belong to a commune or ward, province-level ones to a provincial body");
	return 0;
}

/* --- writes --- */

static const char *name_fold(arena *a, const procedure *p)
{
	return arena_printf(a, "%s %s", text_fold_a(a, p->name_vi), text_fold_a(a, p->name_en));
}

/* A field's value as JSON, for events. */
static json_t *field_json(const procedures_row *r, procedures_field f)
{
	const procedure *p = &r->p;
	switch (f) {
	case PF_CODE: return json_string(p->code);
	case PF_NAME_VI: return json_string(p->name_vi);
	case PF_NAME_EN: return json_string(p->name_en);
	case PF_LEVEL: return json_string(p->level);
	case PF_FIELD: return json_string(p->field);
	case PF_PROCESSING_DAYS: return json_integer(p->processing_days);
	case PF_FEE_VND: return p->fee_vnd < 0 ? json_null() : json_integer(p->fee_vnd);
	case PF_DOCUMENTS: {
		json_t *arr = json_array();
		for (int i = 0; i < p->ndocs; i++) json_array_append_new(arr, json_string(p->docs[i].name));
		return arr;
	}
	case PF_LEGAL_BASIS: return json_string(p->legal_basis);
	case PF_TIME_UNIT: return json_string(procedures_time_unit_name(p->time_unit));
	case PF_ONLINE_LEVEL: return json_string(p->online_level);
	case PF_CLOCK_POLICY: return json_string(p->clock_policy);
	case PF_CUTOFF:
		if (p->cutoff_min < 0) return json_null();
		char hm[8];
		snprintf(hm, sizeof hm, "%02d:%02d", p->cutoff_min / 60 % 24, p->cutoff_min % 60);
		return json_string(hm);
	case PF_UNIT: return *r->unit_code ? json_string(r->unit_code) : json_null();
	case PF_ACTIVE: return json_boolean(p->active);
	default: return json_null();
	}
}

json_t *procedures_field_json(const procedures_row *r, procedures_field f) { return field_json(r, f); }

static int event(db *d, const ledger_actor *by, const procedures_row *r, const char *type, json_t *payload, err *e)
{
	char subject[160];
	snprintf(subject, sizeof subject, "procedure:%s", r->p.code);
	int rc = ledger_append(d, by, r->unit_code, type, subject, payload, NULL, e);
	json_decref(payload);
	return rc;
}

/* Creates a checked, resolved procedure with its documents and event, in the caller's transaction. */
static int create(db *d, const ledger_actor *by, procedures_row *r, arena *a, err *e)
{
	char at[32];
	clock_iso_utc(clock_now(), at, sizeof at);
	if (procedures_repo_insert(d, r, name_fold(a, &r->p), at, by->role, &r->p.id, e) ||
	    procedures_repo_set_docs(d, r->p.id, r->p.docs, r->p.ndocs, e))
		return MB_EINTERNAL;
	json_t *payload = json_object();
	for (int f = 0; f < PF__MAX; f++) json_object_set_new(payload, procedures_field_names[f], field_json(r, (procedures_field)f));
	return event(d, by, r, "procedure.created", payload, e);
}

int procedures_apply(db *d, const ledger_actor *by, const procedures_row *cur, const procedures_row *next,
                     int *changed, err *e)
{
	bool ch[PF__MAX];
	*changed = procedures_rules_diff(cur, next, ch);
	if (*changed == 0) return 0;
	arena a;
	arena_init(&a);
	char at[32];
	clock_iso_utc(clock_now(), at, sizeof at);
	int rc = procedures_repo_update(d, cur->p.id, next, name_fold(&a, &next->p), at, by->role, e);
	if (!rc && ch[PF_DOCUMENTS]) rc = procedures_repo_set_docs(d, cur->p.id, next->p.docs, next->p.ndocs, e);
	if (!rc) {
		json_t *changes = json_object();
		for (int f = 0; f < PF__MAX; f++)
			if (ch[f])
				json_object_set_new(changes, procedures_field_names[f],
				                    json_pack("{s:o, s:o}", "from", field_json(cur, (procedures_field)f),
				                              "to", field_json(next, (procedures_field)f)));
		rc = event(d, by, next, "procedure.changed", json_pack("{s:o}", "changes", changes), e);
	}
	arena_free(&a);
	return rc ? MB_EINTERNAL : 0;
}

/* --- import --- */

enum { IMPORT_MAX_ROWS = 20000 };

typedef struct pending {
	procedures_row next, cur;
	bool exists;
} pending;

static void reject(procedures_import_report *rep, arena *a, int line, const char *field, const char *reason)
{
	if (rep->nrejected % 16 == 0) {
		procedures_import_line *bigger = arena_alloc(a, sizeof *bigger * (size_t)(rep->nrejected + 16));
		if (rep->nrejected) memcpy(bigger, rep->rejected, sizeof *bigger * (size_t)rep->nrejected);
		rep->rejected = bigger;
	}
	rep->rejected[rep->nrejected++] = (procedures_import_line){line, field, reason};
}

static const char *csv_column(const char *field)
{
	for (int f = 0; f < PF__MAX; f++)
		if (field && !strcmp(field, procedures_field_names[f]))
			return procedures_csv_columns[f] ? procedures_csv_columns[f] : field;
	return field;
}

/* The line on which the reader's next record starts (csv_next skips blank lines). */
static int record_line(const csv_reader *c)
{
	int line = c->line + 1;
	for (const char *p = c->p; p < c->end && (*p == '\n' || *p == '\r'); p++)
		if (*p == '\n') line++;
	return line;
}

static bool required_column(procedures_field f)
{
	return f <= PF_LEGAL_BASIS;   /* the nine columns of data/procedures.csv */
}

int procedures_import(db *d, const char *data, size_t size, const procedures_import_opts *o,
                      arena *a, procedures_import_report *rep, err *e)
{
	memset(rep, 0, sizeof *rep);
	csv_reader c;
	csv_init(&c, data, size);
	const char *fl[CSV_MAX_FIELDS];
	int col[CSV_MAX_FIELDS];          /* column -> field */
	bool have[PF__MAX] = {0};
	int ncols = csv_next(&c, a, fl);
	if (ncols <= 0) {
		reject(rep, a, 1, "record", ncols < 0 ? "malformed header" : "the file is empty");
	} else {
		for (int i = 0; i < ncols; i++) {
			const char *name = text_trim(arena_strdup(a, fl[i]));
			int f;
			for (f = 0; f < PF__MAX && !(procedures_csv_columns[f] && !strcmp(name, procedures_csv_columns[f])); f++) {}
			if (f == PF__MAX) { reject(rep, a, 1, name, "unknown column"); continue; }
			if (have[f]) { reject(rep, a, 1, name, "duplicate column"); continue; }
			have[f] = true;
			col[i] = f;
		}
		for (int f = 0; f < PF__MAX; f++)
			if (required_column((procedures_field)f) && !have[f])
				reject(rep, a, 1, procedures_csv_columns[f], "missing column");
	}
	if (rep->nrejected)
		return err_set(e, MB_EINVAL, "rejected_rows", NULL, "Tệp có dòng không hợp lệ.", "the file has rejected rows");

	int cap = 64, npend = 0, n;
	pending *pend = arena_alloc(a, sizeof *pend * (size_t)cap);
	for (;;) {
		int line = record_line(&c);
		if ((n = csv_next(&c, a, fl)) == 0) break;
		if (n < 0) {
			reject(rep, a, line, "record", "malformed CSV record (an unclosed quote or text after a closing quote)");
			break;
		}
		if (n != ncols) {
			reject(rep, a, line, "record", arena_printf(a, "expected %d fields, found %d", ncols, n));
			continue;
		}
		if (npend + rep->nrejected >= IMPORT_MAX_ROWS) {
			reject(rep, a, line, "record", "too many rows (at most 20000)");
			break;
		}
		procedures_input in = {0};
		for (int i = 0; i < n; i++) {
			if (col[i] == PF_DOCUMENTS) in.ndocs = procedures_rules_split(fl[i], ';', a, &in.docs);
			else in.v[col[i]] = fl[i];
		}
		/* Columns left out: an existing procedure keeps its value, a new one gets the default. */
		pending *pe = &pend[npend];
		char *code = text_trim(arena_strdup(a, in.v[PF_CODE]));
		int found = *code ? procedures_repo_get(d, code, a, &pe->cur, e) : 0;
		if (found < 0) return MB_EINTERNAL;
		pe->exists = found == 1;
		procedures_input keep = {0};
		if (pe->exists) procedures_rules_to_input(&pe->cur, a, &keep);
		for (int f = PF_TIME_UNIT; f < PF__MAX; f++) {
			if (have[f] || f == PF_TIME_UNIT) continue;
			if (pe->exists) in.v[f] = keep.v[f];
			else if (o->demo && f == PF_UNIT) in.v[f] = procedures_demo_unit(text_trim(arena_strdup(a, in.v[PF_LEVEL])), in.v[PF_FIELD]);
			else if (o->demo && f == PF_ONLINE_LEVEL) in.v[f] = procedures_demo_online_level(code);
		}
		err re = {0};
		if (procedures_rules_check(&in, a, &pe->next, &re) || procedures_resolve_unit(d, a, &pe->next, &re)) {
			if (re.status != MB_EINVAL) { *e = re; return re.status; }
			reject(rep, a, line, csv_column(re.field), re.en);
			continue;
		}
		bool dup = false;
		for (int i = 0; i < npend && !dup; i++)
			if (!strcmp(pend[i].next.p.code, pe->next.p.code)) {
				reject(rep, a, line, "code", arena_printf(a, "the code %s appears twice in the file", pe->next.p.code));
				dup = true;
			}
		if (dup) continue;
		if (++npend == cap) {
			pending *bigger = arena_alloc(a, sizeof *bigger * (size_t)cap * 2);
			memcpy(bigger, pend, sizeof *pend * (size_t)cap);
			pend = bigger;
			cap *= 2;
		}
	}
	if (rep->nrejected)
		return err_set(e, MB_EINVAL, "rejected_rows", NULL, "Tệp có dòng không hợp lệ.", "the file has rejected rows");

	for (int i = 0; i < npend; i++) {
		pending *pe = &pend[i];
		if (pe->exists) {
			int changed;
			pe->next.p.id = pe->cur.p.id;
			if (procedures_apply(d, o->by, &pe->cur, &pe->next, &changed, e)) return MB_EINTERNAL;
			if (changed) rep->changed++;
			else rep->unchanged++;
		} else {
			if (create(d, o->by, &pe->next, a, e)) return MB_EINTERNAL;
			rep->created++;
		}
		if (o->progress) o->progress(i + 1, npend, o->cls);
	}
	return 0;
}

int procedures_load_demo(db *d, err *e)
{
	const struct embedded_file *f = embed_find("data/procedures.csv");
	if (!f) return err_set(e, MB_EINTERNAL, "no_data", NULL, "Thiếu dữ liệu thủ tục.", "the procedures data is missing");
	arena a;
	arena_init(&a);
	procedures_import_report rep;
	procedures_import_opts o = {.demo = true, .by = &ledger_system};
	int rc = procedures_import(d, (const char *)f->data, f->size, &o, &a, &rep, e);
	for (int i = 0; i < rep.nrejected; i++)
		log_msg(LOG_ERROR, "procedures", "data/procedures.csv line %d: %s: %s", rep.rejected[i].line,
		        rep.rejected[i].field ? rep.rejected[i].field : "record", rep.rejected[i].reason);
	if (rc == MB_EINVAL)
		rc = err_set(e, MB_EINTERNAL, "bad_data", NULL, "Dữ liệu thủ tục sai định dạng.", "the procedures data is malformed");
	if (!rc) log_msg(LOG_INFO, "procedures", "loaded %d procedures", rep.created + rep.changed + rep.unchanged);
	arena_free(&a);
	return rc;
}

/* --- the command line --- */

enum { IMPORT_MAX_BYTES = 32 * 1024 * 1024 };

static void progress_bar(int done, int total, void *cls)
{
	enum { WIDTH = 30 };
	int fill = total > 0 ? (int)((long long)done * WIDTH / total) : WIDTH;
	char bar[WIDTH + 1];
	for (int i = 0; i < WIDTH; i++) bar[i] = i < fill ? '#' : ' ';
	bar[WIDTH] = '\0';
	fprintf(stderr, "\rimporting procedures [%s] %d/%d", bar, done, total);
	if (done == total) fputc('\n', stderr);
	fflush(stderr);
}

static char *read_file(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	if (!f) return NULL;
	buf b;
	buf_init(&b, IMPORT_MAX_BYTES);
	char chunk[65536];
	size_t got;
	while ((got = fread(chunk, 1, sizeof chunk, f)) > 0)
		if (buf_add(&b, chunk, got)) break;
	bool bad_read = ferror(f);
	fclose(f);
	if (bad_read || buf_failed(&b)) { buf_free(&b); return NULL; }
	buf_add(&b, "", 0);
	return buf_steal(&b, n);
}

int procedures_import_cli(const char *db_path, const char *csv_path)
{
	size_t n = 0;
	char *data = read_file(csv_path, &n);
	if (!data) {
		fprintf(stderr, "minhbach: cannot read %s (missing, unreadable or over 32 MiB)\n", csv_path);
		return 2;
	}
	db *d;
	err e = {0};
	if (db_open(&d, db_path, &e)) {
		fprintf(stderr, "minhbach: %s: %s\n", db_path, e.en);
		free(data);
		return 2;
	}
	if (db_migrate(d, &e) || db_begin(d, &e)) {
		fprintf(stderr, "minhbach: %s: %s\n", db_path, e.en);
		db_close(d);
		free(data);
		return 2;
	}
	arena a;
	arena_init(&a);
	procedures_import_report rep;
	procedures_import_opts o = {.by = &ledger_system, .progress = isatty(STDERR_FILENO) ? progress_bar : NULL};
	int rc = procedures_import(d, data, n, &o, &a, &rep, &e);
	int status = 0;
	if (rc) {
		db_rollback(d);
		for (int i = 0; i < rep.nrejected; i++)
			fprintf(stderr, "line %d: %s: %s\n", rep.rejected[i].line,
			        rep.rejected[i].field ? rep.rejected[i].field : "record", rep.rejected[i].reason);
		if (rep.nrejected)
			fprintf(stderr, "minhbach: %s: %d row%s rejected; nothing was imported\n", csv_path, rep.nrejected,
			        rep.nrejected == 1 ? "" : "s");
		else
			fprintf(stderr, "minhbach: import failed: %s; nothing was imported\n", e.en ? e.en : "?");
		status = 1;
	} else if (db_commit(d, &e)) {
		fprintf(stderr, "minhbach: import failed: %s; nothing was imported\n", e.en ? e.en : "?");
		status = 1;
	} else {
		printf("procedures: %d created, %d changed, %d unchanged\n", rep.created, rep.changed, rep.unchanged);
	}
	arena_free(&a);
	db_close(d);
	free(data);
	return status;
}
