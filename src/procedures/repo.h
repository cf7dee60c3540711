/* repo.h — procedures' SQL (internal to procedures/). Rows are allocated from the arena. */
#ifndef MB_PROCEDURES_REPO_H
#define MB_PROCEDURES_REPO_H

#include "procedures/procedures.h"

enum { PROCEDURES_MAX_WORDS = 8 };

/* What a list shows: NULL / 0 members do not filter. */
typedef struct procedures_filter {
	const char *words[PROCEDURES_MAX_WORDS];   /* folded words, each matched at a word start */
	int nwords;
	const char *field;                         /* exact field */
	int64_t unit_id;                           /* the unit's own procedures and those of every unit */
	const char *unit_level;                    /*   of its level ("commune" | "province") */
	bool active_only;
} procedures_filter;

/* 1 found (with documents), 0 not found, negative on error. */
MB_MUST_CHECK int procedures_repo_get(db *d, const char *code, arena *a, procedures_row *out, err *e);
MB_MUST_CHECK int procedures_repo_get_by_id(db *d, int64_t id, arena *a, procedures_row *out, err *e);
/* Rows without documents, ordered by folded name. */
MB_MUST_CHECK int procedures_repo_list(db *d, const procedures_filter *f, arena *a, procedures_row **out, int *n, err *e);
/* The distinct fields of active procedures. */
MB_MUST_CHECK int procedures_repo_fields(db *d, arena *a, const char ***out, int *n, err *e);
MB_MUST_CHECK int procedures_repo_insert(db *d, const procedures_row *r, const char *name_fold, const char *at,
                           const char *role, int64_t *id, err *e);
/* Writes every column of r, version + 1. */
MB_MUST_CHECK int procedures_repo_update(db *d, int64_t id, const procedures_row *r, const char *name_fold, const char *at,
                           const char *role, err *e);
/* Replaces the documents of a procedure. */
MB_MUST_CHECK int procedures_repo_set_docs(db *d, int64_t id, const procedure_doc *docs, int n, err *e);
/* A unit by code: 1 found (id, kind, names), 0 not, negative on error. */
MB_MUST_CHECK int procedures_repo_unit(db *d, const char *code, arena *a, int64_t *id, const char **kind,
                         const char **name_vi, const char **name_en, err *e);
/* A unit's kind by id: 1 found, 0 not, negative on error. */
MB_MUST_CHECK int procedures_repo_unit_kind(db *d, int64_t id, arena *a, const char **kind, err *e);

#endif
