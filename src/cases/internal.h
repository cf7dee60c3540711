/* internal.h — what the files of cases/ share and nobody else sees. */
#ifndef MB_CASES_INTERNAL_H
#define MB_CASES_INTERNAL_H

#include "base/buf.h"
#include "cases/cases.h"

/* Published summaries: masks e-mail addresses, numbers of six digits or more
 * (phones, ID numbers, accounts) and the given names with "[đã ẩn]". Pure. */
char *case_rules_redact(const char *in, const char *const *names, int nnames, arena *a);
/* What an overseer (People's Council, Fatherland Front, press) reads of a case:
 * public information plus non-personal case data. Rewrites row in place: every
 * free text written by the reporter or by staff (title, body, reason,
 * conclusion, findings), the person named, the free-text address and the
 * location are removed; kind, category, units, states, steps, deadlines and
 * the published result summary stay. Pure. */
void case_rules_overseer_view(case_row *row);

/* --- the vault (cases/vault.c) --- */
/* Seals the identity as JSON with the vault key; associated data: the code. */
int case_vault_seal(const char *code, const case_identity *id, arena *a, unsigned char **nonce,
                    size_t *nonce_len, unsigned char **sealed, size_t *sealed_len, err *e);
int case_vault_open(const char *code, const unsigned char *nonce, size_t nonce_len,
                    const unsigned char *sealed, size_t sealed_len, arena *a, case_identity *out, err *e);
/* Sealed files: encrypts bytes (the case code as associated data). */
int case_vault_seal_bytes(const char *code, const void *data, size_t n, arena *a, unsigned char **out,
                          size_t *out_len, err *e);
int case_vault_open_bytes(const char *code, const unsigned char *in, size_t n, arena *a, unsigned char **out,
                          size_t *out_len, err *e);

#endif
