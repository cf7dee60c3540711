/* repo.c — the ledger's SQL beyond the events themselves: the fields of record
 * of each table whose rows the events describe, and the signed checkpoints.
 *
 * Fields of record: what the events change and people rely on. Left out, per
 * table, are the internal id, version counters, derived search text
 * (name_fold), bookkeeping that repeats the event (updated_at,
 * updated_by_role), and what the background jobs set that is not itself a
 * decision: the risk flags and reminder times (dossiers.risk, cases.risk,
 * cases.reminded_at). cases.overdue_at is of record: it comes with its
 * case.overdue event. accounts.email (where notices go) is set by the demo
 * without an event and is not of record yet. Column 0 of each list is the
 * row's salt for the per-field bytes (a secret hash where the row has one). */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "ledger/internal.h"

#define UNIT_FIELDS "code, parent_id, kind, name_vi, name_en, head_name, head_title, phone, email, hotline," \
	" address, reception_schedule, reception_place, contacts_demo FROM units"
#define ACCOUNT_FIELDS "password_hash, login, display_name, role, unit_id, disabled, title, created_at FROM accounts"
#define PROCEDURE_FIELDS "code, name_vi, name_en, field, level, processing_days, time_unit, fee_vnd, legal_basis," \
	" online_level, clock_policy, cutoff, unit_id, active," \
	" (SELECT json_group_array(name) FROM (SELECT name FROM procedure_documents d" \
	"   WHERE d.procedure_id = procedures.id ORDER BY ordinal)) AS documents FROM procedures"
#define DOSSIER_FIELDS "secret_hash, code, procedure_id, unit_id, rule_set_id, channel, applicant_name," \
	" applicant_id_number, applicant_phone, applicant_email, applicant_address, citizen_account_id, state," \
	" submitted_at, received_at, due_at, original_due_at, paused_at, holder_account_id, holder_unit_id," \
	" supplement_requests, extensions, finished_at, late, reason, result_note FROM dossiers"
#define CASE_FIELDS "secret_hash, code, kind, category, channel, anonymous, title, body, incident_date," \
	" dossier_code, subject_unit_id, subject_account_id, subject_name, unit_id, handler_account_id," \
	" reporter_account_id, entered_by, state, rule_set_id, received_at, accepted_at, due_at," \
	" phase_extensions, transfers, reopened, escalations, overdue_at, findings, conclusion, at_fault," \
	" result_summary, reason, concluded_at, published_at, closed_at, late, satisfaction, confirmed_by," \
	" open311_token, lat, lon, address_string, lang FROM cases"

/* Subjects run from prefix up to (not including) the prefix with its last
 * character incremented: "case:" .. "case;", "account." .. "account/". */
#define LATEST(type, lo, hi) \
	"SELECT subject, max(seq), type, json_extract(payload, '$.row.sha256'), json_extract(payload, '$.row.fields')" \
	" FROM events WHERE type >= '" type ".' AND type < '" type "/' AND subject >= '" lo "' AND subject < '" hi "'" \
	" AND json_extract(payload, '$.row.sha256') IS NOT NULL GROUP BY subject ORDER BY subject"

const ledger_record ledger_records[] = {
	{"unit.", "unit:", "units", 0,
	 "SELECT " UNIT_FIELDS " WHERE code = ?1", "SELECT " UNIT_FIELDS " ORDER BY code",
	 LATEST("unit", "unit:", "unit;")},
	{"account.", "", "accounts", 1,
	 "SELECT " ACCOUNT_FIELDS " WHERE login = ?1", "SELECT " ACCOUNT_FIELDS " ORDER BY login",
	 LATEST("account", "", "\xf4\x90")},
	{"procedure.", "procedure:", "procedures", 0,
	 "SELECT " PROCEDURE_FIELDS " WHERE code = ?1", "SELECT " PROCEDURE_FIELDS " ORDER BY code",
	 LATEST("procedure", "procedure:", "procedure;")},
	{"dossier.", "dossier:", "dossiers", 1,
	 "SELECT " DOSSIER_FIELDS " WHERE code = ?1", "SELECT " DOSSIER_FIELDS " ORDER BY code",
	 LATEST("dossier", "dossier:", "dossier;")},
	{"case.", "case:", "cases", 1,
	 "SELECT " CASE_FIELDS " WHERE code = ?1", "SELECT " CASE_FIELDS " ORDER BY code",
	 LATEST("case", "case:", "case;")},
};
const int ledger_nrecords = (int)(sizeof ledger_records / sizeof ledger_records[0]);

const ledger_record *ledger_record_of(const char *type)
{
	for (int i = 0; i < ledger_nrecords; i++)
		if (!strncmp(type, ledger_records[i].type_prefix, strlen(ledger_records[i].type_prefix)))
			return &ledger_records[i];
	return NULL;
}

static void read_checkpoint(sqlite3_stmt *st, ledger_checkpoint *c)
{
	c->seq = sqlite3_column_int64(st, 0);
	snprintf(c->hash, sizeof c->hash, "%s", db_text(st, 1));
	snprintf(c->at, sizeof c->at, "%s", db_text(st, 2));
	snprintf(c->sig, sizeof c->sig, "%s", db_text(st, 3));
}

int ledger_repo_checkpoint_latest(db *d, ledger_checkpoint *c, err *e)
{
	sqlite3_stmt *st = db_stmt(d, "SELECT seq, hash, at, signature FROM checkpoints ORDER BY id DESC LIMIT 1", e);
	if (!st) return MB_EINTERNAL;
	int rc = sqlite3_step(st), found = 0;
	if (rc == SQLITE_ROW) { read_checkpoint(st, c); found = 1; }
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) return db_fail(d, e);
	return found;
}

int ledger_repo_checkpoint_insert(db *d, const ledger_checkpoint *c, err *e)
{
	sqlite3_stmt *st = db_stmt(d, "INSERT INTO checkpoints(seq, hash, at, signature) VALUES (?, ?, ?, ?)", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_int64(st, 1, c->seq);
	sqlite3_bind_text(st, 2, c->hash, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, c->at, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, c->sig, -1, SQLITE_STATIC);
	return db_done(d, st, e);
}

int ledger_repo_checkpoints_each(db *d, ledger_checkpoint_fn fn, void *ctx, err *e)
{
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(db_handle(d), "SELECT seq, hash, at, signature FROM checkpoints ORDER BY id", -1, &st,
	                       NULL) != SQLITE_OK)
		return db_fail(d, e);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		ledger_checkpoint c;
		read_checkpoint(st, &c);
		if (fn(&c, ctx)) { rc = SQLITE_DONE; break; }
	}
	int bad = rc != SQLITE_DONE;
	sqlite3_finalize(st);
	return bad ? db_fail(d, e) : 0;
}

int ledger_repo_event_hash(db *d, int64_t seq, char hash[65], err *e)
{
	sqlite3_stmt *st = db_stmt(d, "SELECT hash FROM events WHERE seq = ?", e);
	if (!st) return MB_EINTERNAL;
	sqlite3_bind_int64(st, 1, seq);
	int rc = sqlite3_step(st), found = 0;
	if (rc == SQLITE_ROW) { snprintf(hash, 65, "%s", db_text(st, 0)); found = 1; }
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) return db_fail(d, e);
	return found;
}

int ledger_repo_public_key(db *d, unsigned char pk[32])
{
	char hex[80];
	size_t n = 0;
	if (db_meta_get(d, "ledger_public_key", hex, sizeof hex, NULL) != 1) return -1;
	return sodium_hex2bin(pk, 32, hex, strlen(hex), NULL, &n, NULL) == 0 && n == 32 ? 0 : -1;
}
