/* gen_dossiers.c — appends N realistic one-stop dossiers to a database made by
 * `minhbach demo`, for the tracking benchmark (bench/track.sh).
 *
 *   gen_dossiers --db PATH --count N [--seed S] [--sample K] [--sample-out FILE]
 *                [--per-day D | --days DAYS] [--now ISO] [--batch B] [--check]
 *   gen_dossiers --print-secret INDEX [--seed S]
 *
 * What it writes, all as the application itself would have (src/dossier/
 * service.c is the model, command by command):
 *  - staff accounts for every commune, ward and provincial office that receives
 *    dossiers (one-stop officers, specialists, a clerk, the chair and deputies,
 *    with titles), and a pool of citizen accounts for online submissions; each
 *    with its `account.created` event. They cannot sign in: their password hash
 *    is not a hash ("!bench").
 *  - N dossiers over the last N / D days (D, the daily volume, 50 by default:
 *    a larger N is a longer history of the same province, not a busier one;
 *    --days fixes the span instead), ending at --now, across the communes and
 *    wards (wards weigh 3×) and the provincial offices, on the procedures of the
 *    catalogue with their real documents, weighted by a plausible volume
 *    (certified copies and birth registrations far ahead of complaints).
 *    Counter dossiers are received on working days in working hours; online
 *    ones are submitted at any hour and received at the next working moment.
 *    Due times come from the real calendar code (cal_due, the holidays table
 *    and the rule set in force), supplements from dossier_rules_due_on_resume.
 *  - each dossier's life as a sequence of commands: submit_online, receive,
 *    assign, handovers (specialist → head of division → chair or deputy →
 *    clerk, with corrections, consultations, and the land office for land
 *    registrations), request_supplement and supplement, apologize (Form 04:
 *    with a new date, on time or late), stop, withdraw, refuse, result_ready,
 *    return. Every command that happened before "now" is applied: its row
 *    changes, its step (dossier_steps) and its ledger event; later ones are
 *    not, so recent dossiers are still open. dossier_documents,
 *    dossier_supplement_items and apologies rows as the service writes them.
 *  - the ledger events in time order across all dossiers (a heap orders them),
 *    each hashed onto the chain with ledger_hash(); `minhbach verify` passes.
 *
 * Secrets: the secret of the dossier with index i (0-based, in the order of
 * this run; dossiers.id = first id + i) is the first 8 symbols of
 * SHA-256("mb-bench-secret\n<seed>\n<i>") mapped onto the receipt alphabet,
 * so a benchmark can look up any dossier (`--print-secret I`). K pairs
 * (code TAB secret), spread evenly over the run, go to the sample file.
 *
 * Speed: prepared statements, one transaction per B dossiers (10,000),
 * PRAGMA synchronous=OFF and a 2 GB page cache in this process only.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <jansson.h>
#include <math.h>
#include <sodium.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/calendar.h"
#include "base/clock.h"
#include "base/text.h"
#include "calendar/calendar_db.h"
#include "demo/gen.h"
#include "demo/reports.h"
#include "cases/cases.h"
#include "db/db.h"
#include "dossier/dossier.h"
#include "ledger/ledger.h"
#include "ledger/internal.h"
#include "ratings/ratings.h"
#include "scores/scores.h"
#include "warn/warn.h"

#define MAXDOCS 16
#define MAXSTEPS 40
#define MAXEV 48

static void die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
static void die(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("gen_dossiers: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	exit(1);
}

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* CPU time of this process: rates per CPU second hold on a shared machine. */
static double cpu_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* --- the product's generator (src/demo/gen.c): random numbers, people, reasons, outcomes --- */

typedef gen_rng rng;
typedef gen_person person;
#define rng_seed gen_seed
#define rnd gen_rnd
#define rndf gen_rndf
#define rnd_range gen_range
#define chance gen_chance
#define pick_weighted gen_pick_weighted
#define gen_person gen_person_make
#define proc_weight gen_proc_weight
#define PICK(r, arr) GEN_PICK(r, arr)
#define BAN gen_ban
#define PHONE_PREFIX gen_phone_prefix
#define R_MISSING gen_r_missing
#define R_APOLOGY gen_r_apology
#define R_REFUSE gen_r_refuse
#define R_REFUSE_ONLINE gen_r_refuse_online
#define R_STOP gen_r_stop
#define R_WITHDRAW gen_r_withdraw
#define N_HANDOVER gen_n_handover
#define N_RESULT gen_n_result

/* --- secrets ------------------------------------------------------------------------ */

static const char SECRET_ALPHABET[] = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";   /* service.c new_secret */

static void bench_secret(uint64_t seed, uint64_t index, char out[9])
{
	char msg[80];
	int n = snprintf(msg, sizeof msg, "mb-bench-secret\n%" PRIu64 "\n%" PRIu64, seed, index);
	unsigned char h[32];
	crypto_hash_sha256(h, (const unsigned char *)msg, (unsigned long long)n);
	for (int i = 0; i < 8; i++) out[i] = SECRET_ALPHABET[h[i] & 31];
	out[8] = '\0';
}

/* --- time --------------------------------------------------------------------------- */

/* "YYYY-MM-DDTHH:MM:SSZ" like clock_iso_utc, without libc's locale work. */
static void iso(int64_t t, char out[21])
{
	int64_t days = t / 86400, secs = t % 86400;
	if (secs < 0) { secs += 86400; days--; }
	days += 719468;
	int64_t era = (days >= 0 ? days : days - 146096) / 146097;
	unsigned doe = (unsigned)(days - era * 146097);
	unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t y = (int64_t)yoe + era * 400;
	unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	unsigned mp = (5 * doy + 2) / 153;
	unsigned d = doy - (153 * mp + 2) / 5 + 1;
	unsigned m = mp < 10 ? mp + 3 : mp - 9;
	y += m <= 2;
	unsigned hh = (unsigned)(secs / 3600), mi = (unsigned)(secs / 60 % 60), ss = (unsigned)(secs % 60);
	unsigned yy = (unsigned)y;
	out[0] = (char)('0' + yy / 1000 % 10); out[1] = (char)('0' + yy / 100 % 10);
	out[2] = (char)('0' + yy / 10 % 10); out[3] = (char)('0' + yy % 10); out[4] = '-';
	out[5] = (char)('0' + m / 10); out[6] = (char)('0' + m % 10); out[7] = '-';
	out[8] = (char)('0' + d / 10); out[9] = (char)('0' + d % 10); out[10] = 'T';
	out[11] = (char)('0' + hh / 10); out[12] = (char)('0' + hh % 10); out[13] = ':';
	out[14] = (char)('0' + mi / 10); out[15] = (char)('0' + mi % 10); out[16] = ':';
	out[17] = (char)('0' + ss / 10); out[18] = (char)('0' + ss % 10); out[19] = 'Z'; out[20] = '\0';
}

/* --- a growable string, and JSON as jansson writes it (compact, keys sorted) ---------- */

typedef struct sb { char *p; size_t n, cap; } sb;

static void sb_need(sb *b, size_t k)
{
	if (b->n + k + 1 <= b->cap) return;
	size_t c = b->cap ? b->cap : 256;
	while (c < b->n + k + 1) c *= 2;
	b->p = realloc(b->p, c);
	if (!b->p) die("out of memory");
	b->cap = c;
}
static void sb_put(sb *b, const char *s, size_t k) { sb_need(b, k); memcpy(b->p + b->n, s, k); b->n += k; b->p[b->n] = '\0'; }
static void sb_cat(sb *b, const char *s) { sb_put(b, s, strlen(s)); }
static void sb_reset(sb *b) { b->n = 0; if (b->p) b->p[0] = '\0'; }

static void js_str(sb *b, const char *s)
{
	sb_cat(b, "\"");
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '"') sb_cat(b, "\\\"");
		else if (*p == '\\') sb_cat(b, "\\\\");
		else if (*p == '\n') sb_cat(b, "\\n");
		else if (*p < 0x20) { char u[8]; snprintf(u, sizeof u, "\\u%04X", *p); sb_cat(b, u); }
		else sb_put(b, (const char *)p, 1);
	}
	sb_cat(b, "\"");
}
/* Each key is written with the comma before it, except the first. */
static void jk(sb *b, const char *k)
{
	if (b->n && b->p[b->n - 1] != '{' && b->p[b->n - 1] != '[') sb_cat(b, ",");
	js_str(b, k);
	sb_cat(b, ":");
}
static void jk_str(sb *b, const char *k, const char *v) { jk(b, k); js_str(b, v); }
static void jk_int(sb *b, const char *k, int64_t v) { char x[24]; snprintf(x, sizeof x, "%" PRId64, v); jk(b, k); sb_cat(b, x); }
static void jk_bool(sb *b, const char *k, bool v) { jk(b, k); sb_cat(b, v ? "true" : "false"); }
static void jk_time(sb *b, const char *k, int64_t t)
{
	jk(b, k);
	if (!t) { sb_cat(b, "null"); return; }
	char s[21];
	iso(t, s);
	js_str(b, s);
}

/* --- the reference data ------------------------------------------------------------------ */

enum { S_COUNTER, S_COUNTER2, S_OFF1, S_OFF2, S_OFF3, S_CLERK, S_LEADER, S_DEPUTY, S_HEAD, S__MAX };

typedef struct staff {
	int64_t id;
	char login[80], name[96], title[160];
	const char *role;
} staff;

typedef struct office {
	int64_t id;
	char code[64], name[160], kind[16];
	bool commune_level, ward;
	double weight;
	bool has_staff;
	staff st[S__MAX];
} office;

typedef struct proc {
	int64_t id, unit_id;
	char code[80], field[120], level[12];
	int days, cutoff;
	cal_unit unit;
	bool restart;
	double online_p, weight;
	int office;               /* its office (province level with a unit), -1: any commune or ward */
	int work;                 /* 0 justice (civil status, certification), 1 land and building, 2 other */
	bool land_link;           /* commune land registration: goes through the provincial land office */
	int ndocs;
	int64_t doc_id[MAXDOCS];
	int doc_ord[MAXDOCS];
} proc;

static office *g_off;
static int g_noff;
static proc *g_proc;
static int g_nproc;
static int g_land_office = -1;      /* the office of the province-level land procedures */
static staff *g_cit;                /* citizen accounts for online dossiers */
static person *g_cit_p;
static int g_ncit;

static calendar g_cal;
static rule_set g_rs;
static int64_t g_now, g_start;
static int g_at_risk_min;

static sqlite3 *g_h;
static db *g_db;

static sqlite3_stmt *prep(const char *sql)
{
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v3(g_h, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL) != SQLITE_OK)
		die("prepare: %s: %s", sqlite3_errmsg(g_h), sql);
	return st;
}

static void step_done(sqlite3_stmt *st, const char *what)
{
	if (sqlite3_step(st) != SQLITE_DONE) die("%s: %s", what, sqlite3_errmsg(g_h));
	sqlite3_reset(st);
}

static void exec(const char *sql)
{
	char *msg = NULL;
	if (sqlite3_exec(g_h, sql, NULL, NULL, &msg) != SQLITE_OK) die("%s: %s", sql, msg ? msg : "?");
}

static int office_of_unit(int64_t id)
{
	for (int i = 0; i < g_noff; i++) if (g_off[i].id == id) return i;
	return -1;
}

static void load_reference(void)
{
	sqlite3_stmt *st = prep("SELECT id, code, kind, name_vi FROM units ORDER BY id");
	int cap = 128;
	g_off = calloc((size_t)cap, sizeof *g_off);
	while (sqlite3_step(st) == SQLITE_ROW) {
		if (g_noff == cap) { cap *= 2; g_off = realloc(g_off, (size_t)cap * sizeof *g_off); }
		office *o = &g_off[g_noff++];
		memset(o, 0, sizeof *o);
		o->id = sqlite3_column_int64(st, 0);
		snprintf(o->code, sizeof o->code, "%s", (const char *)sqlite3_column_text(st, 1));
		snprintf(o->kind, sizeof o->kind, "%s", (const char *)sqlite3_column_text(st, 2));
		snprintf(o->name, sizeof o->name, "%s", (const char *)sqlite3_column_text(st, 3));
		o->ward = !strcmp(o->kind, "ward");
		o->commune_level = o->ward || !strcmp(o->kind, "commune");
		o->weight = o->ward ? 3 : o->commune_level ? 1 : 0;
	}
	sqlite3_finalize(st);

	st = prep("SELECT id, code, field, level, processing_days, time_unit, coalesce(cutoff, ''), clock_policy,"
	          " online_level, coalesce(unit_id, 0) FROM procedures WHERE active = 1 ORDER BY id");
	sqlite3_stmt *docs = prep("SELECT id, ordinal FROM procedure_documents WHERE procedure_id = ? ORDER BY ordinal");
	cap = 64;
	g_proc = calloc((size_t)cap, sizeof *g_proc);
	while (sqlite3_step(st) == SQLITE_ROW) {
		if (g_nproc == cap) { cap *= 2; g_proc = realloc(g_proc, (size_t)cap * sizeof *g_proc); }
		proc *p = &g_proc[g_nproc];
		memset(p, 0, sizeof *p);
		p->id = sqlite3_column_int64(st, 0);
		snprintf(p->code, sizeof p->code, "%s", (const char *)sqlite3_column_text(st, 1));
		snprintf(p->field, sizeof p->field, "%s", (const char *)sqlite3_column_text(st, 2));
		snprintf(p->level, sizeof p->level, "%s", (const char *)sqlite3_column_text(st, 3));
		p->days = sqlite3_column_int(st, 4);
		p->unit = !strcmp((const char *)sqlite3_column_text(st, 5), "calendar_days") ? CAL_CALENDAR_DAYS : CAL_WORKING_DAYS;
		const char *cut = (const char *)sqlite3_column_text(st, 6);
		p->cutoff = *cut ? cal_parse_hm(cut) : -1;
		if (p->cutoff < 0) p->cutoff = g_rs.cutoff_min;    /* service.c: procedure's, else the rule set's */
		p->restart = !strcmp((const char *)sqlite3_column_text(st, 7), "restart");
		const char *ol = (const char *)sqlite3_column_text(st, 8);
		p->online_p = !strcmp(ol, "full") ? 0.55 : !strcmp(ol, "partial") ? 0.25 : 0;
		p->unit_id = sqlite3_column_int64(st, 9);
		p->weight = proc_weight(p->code);
		p->work = strstr(p->field, "Hộ tịch") || strstr(p->field, "Chứng thực") || strstr(p->field, "Lý lịch") ? 0
		        : strstr(p->field, "Đất đai") || strstr(p->field, "xây dựng") ? 1 : 2;
		sqlite3_bind_int64(docs, 1, p->id);
		while (sqlite3_step(docs) == SQLITE_ROW && p->ndocs < MAXDOCS) {
			p->doc_id[p->ndocs] = sqlite3_column_int64(docs, 0);
			p->doc_ord[p->ndocs++] = sqlite3_column_int(docs, 1);
		}
		sqlite3_reset(docs);
		if (p->ndocs == 0) continue;   /* nothing a dossier could provide */
		if (p->unit_id) {
			p->office = office_of_unit(p->unit_id);
			if (p->office < 0) continue;
		} else if (!strcmp(p->level, "commune")) {
			p->office = -1;
		} else {
			continue;   /* a province-level procedure of no unit: not generated */
		}
		g_nproc++;
	}
	sqlite3_finalize(st);
	sqlite3_finalize(docs);
	if (!g_nproc) die("no active procedure with documents: was the database made by `minhbach demo`?");
	/* The provincial land office: where commune land registrations are checked. */
	for (int i = 0; i < g_nproc; i++)
		if (g_proc[i].office >= 0 && g_proc[i].work == 1 && !strncmp(g_proc[i].code, "dd-", 3)) {
			g_land_office = g_proc[i].office;
			break;
		}
	for (int i = 0; i < g_nproc; i++)
		g_proc[i].land_link = g_proc[i].office < 0 && g_land_office >= 0 && !strcmp(g_proc[i].code, "dd-cap-gcn-lan-dau");
	for (int i = 0; i < g_nproc; i++) if (g_proc[i].office >= 0) g_off[g_proc[i].office].has_staff = true;
	for (int i = 0; i < g_noff; i++) if (g_off[i].commune_level) g_off[i].has_staff = true;
}

/* --- the ledger: events, appended in time order -------------------------------------------- */

typedef struct ev {
	int64_t t;
	uint64_t ord;
	int64_t actor;          /* 0: the system */
	const char *role;       /* static */
	const char *unit;       /* the office's code (static for the run) */
	char type[40];
	char subject[96];
	char *payload;          /* malloc'd */
	bool stamp;             /* the last event about its row: carries the row's digest */
} ev;

static sqlite3_stmt *g_ins_event;
static int64_t g_seq;
static char g_prev[65];
static uint64_t g_ord;
static int64_t g_events, g_events_dossier;
static int g_json_checks;

/* jansson's canonical form must equal ours: checked on the first few thousand events and 1 in 1,000. */
static void check_json(const char *payload)
{
	json_error_t je;
	json_t *j = json_loads(payload, 0, &je);
	if (!j) die("generated payload is not JSON (%s): %s", je.text, payload);
	char *c = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS);
	if (!c || strcmp(c, payload)) die("payload not canonical:\n ours:    %s\n jansson: %s", payload, c ? c : "?");
	free(c);
	json_decref(j);
	g_json_checks++;
}

static void emit(ev *e)
{
	char at[21], actor[24] = "", hash[65];
	iso(e->t, at);
	if (e->actor) snprintf(actor, sizeof actor, "%" PRId64, e->actor);
	if (g_events < 5000 || g_events % 1000 == 0) check_json(e->payload);
	if (e->stamp) {
		/* As ledger_append: the digest of the row of record as it is now (its final state: the
		 * rows are written before their events), in the payload's "row". Only the last event
		 * about each row carries it; verify compares each row with its latest digest. */
		json_error_t je;
		err er = {0};
		json_t *j = json_loads(e->payload, 0, &je);
		if (!j || ledger_row_stamp(g_db, e->type, e->subject, j, &er)) die("cannot stamp the row of %s", e->subject);
		char *c = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS);
		json_decref(j);
		if (!c) die("out of memory");
		free(e->payload);
		e->payload = c;
	}
	g_seq++;
	ledger_hash(g_prev, g_seq, at, actor, e->role, e->unit, e->type, e->subject, e->payload, hash);
	sqlite3_stmt *st = g_ins_event;
	sqlite3_bind_int64(st, 1, g_seq);
	sqlite3_bind_text(st, 2, at, 20, SQLITE_STATIC);
	if (e->actor) sqlite3_bind_int64(st, 3, e->actor); else sqlite3_bind_null(st, 3);
	sqlite3_bind_text(st, 4, e->role, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, e->unit, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, e->type, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, e->subject, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 8, e->payload, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 9, g_prev, 64, SQLITE_STATIC);
	sqlite3_bind_text(st, 10, hash, 64, SQLITE_STATIC);
	step_done(st, "insert event");
	memcpy(g_prev, hash, 65);
	g_events++;
	free(e->payload);
	free(e);
}

/* A min-heap on (t, ord). */
static ev **g_heap;
static size_t g_nheap, g_capheap, g_maxheap;

static bool ev_less(const ev *a, const ev *b) { return a->t < b->t || (a->t == b->t && a->ord < b->ord); }

static void heap_push(ev *e)
{
	if (g_nheap == g_capheap) {
		g_capheap = g_capheap ? g_capheap * 2 : 4096;
		g_heap = realloc(g_heap, g_capheap * sizeof *g_heap);
		if (!g_heap) die("out of memory");
	}
	size_t i = g_nheap++;
	while (i > 0) {
		size_t p = (i - 1) / 2;
		if (!ev_less(e, g_heap[p])) break;
		g_heap[i] = g_heap[p];
		i = p;
	}
	g_heap[i] = e;
	if (g_nheap > g_maxheap) g_maxheap = g_nheap;
}

static ev *heap_pop(void)
{
	ev *top = g_heap[0], *last = g_heap[--g_nheap];
	size_t i = 0;
	for (;;) {
		size_t c = 2 * i + 1;
		if (c >= g_nheap) break;
		if (c + 1 < g_nheap && ev_less(g_heap[c + 1], g_heap[c])) c++;
		if (!ev_less(g_heap[c], last)) break;
		g_heap[i] = g_heap[c];
		i = c;
	}
	if (g_nheap) g_heap[i] = last;
	return top;
}

/* Emits every queued event strictly before t. */
static void flush_before(int64_t t)
{
	while (g_nheap && g_heap[0]->t < t) emit(heap_pop());
}

static ev *ev_new(int64_t t, int64_t actor, const char *role, const char *unit, const char *type,
                  const char *subject, const char *payload)
{
	ev *e = malloc(sizeof *e);
	if (!e) die("out of memory");
	e->t = t;
	e->ord = g_ord++;
	e->actor = actor;
	e->role = role;
	e->unit = unit;
	snprintf(e->type, sizeof e->type, "%s", type);
	snprintf(e->subject, sizeof e->subject, "%s", subject);
	e->payload = strdup(payload);
	e->stamp = false;
	if (!e->payload) die("out of memory");
	return e;
}

/* --- accounts ------------------------------------------------------------------------------ */

static sqlite3_stmt *g_acc_find, *g_acc_ins;

static void account_event(int64_t at, const staff *s, const char *unit_code)
{
	sb b = {0};
	sb_cat(&b, "{");
	jk_str(&b, "display_name", s->name);
	jk_str(&b, "login", s->login);
	jk_str(&b, "role", s->role);
	jk_str(&b, "unit", unit_code);
	sb_cat(&b, "}");
	/* Accounts come before every dossier: emitted at once, in order. */
	ev *e = ev_new(at, 0, "system", unit_code, "account.created", s->login, b.p);
	e->stamp = true;
	emit(e);
	free(b.p);
}

static void ensure_account(staff *s, int64_t unit_id, const char *unit_code, int64_t at, int *created)
{
	sqlite3_bind_text(g_acc_find, 1, s->login, -1, SQLITE_STATIC);
	if (sqlite3_step(g_acc_find) == SQLITE_ROW) {
		s->id = sqlite3_column_int64(g_acc_find, 0);
		snprintf(s->name, sizeof s->name, "%s", (const char *)sqlite3_column_text(g_acc_find, 1));
		snprintf(s->title, sizeof s->title, "%s", (const char *)sqlite3_column_text(g_acc_find, 2));
		sqlite3_reset(g_acc_find);
		return;
	}
	sqlite3_reset(g_acc_find);
	char ts[21];
	iso(at, ts);
	sqlite3_stmt *st = g_acc_ins;
	sqlite3_bind_text(st, 1, s->login, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, s->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, s->role, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, unit_id);
	sqlite3_bind_text(st, 5, ts, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, s->title, -1, SQLITE_STATIC);
	step_done(st, "insert account");
	s->id = sqlite3_last_insert_rowid(g_h);
	account_event(at, s, unit_code);
	(*created)++;
}

/* One-stop staff, specialists, a clerk and the leaders of every office that receives dossiers.
 * In the demo's ward, the demo accounts motcua, xuly and truongphuong take their places. */
static void make_staff(rng *r, int64_t at, int *created)
{
	static const struct { const char *tag, *role; } ROLE[S__MAX] = {
		[S_COUNTER] = {"motcua", "counter_officer"}, [S_COUNTER2] = {"motcua2", "counter_officer"},
		[S_OFF1] = {"chuyenvien1", "processing_officer"}, [S_OFF2] = {"chuyenvien2", "processing_officer"},
		[S_OFF3] = {"chuyenvien3", "processing_officer"}, [S_CLERK] = {"vanthu", "processing_officer"},
		[S_LEADER] = {"lanhdaophong", "processing_officer"}, [S_DEPUTY] = {"phochutich", "unit_head"},
		[S_HEAD] = {"chutich", "unit_head"},
	};
	for (int i = 0; i < g_noff; i++) {
		office *o = &g_off[i];
		if (!o->has_staff) continue;
		const char *lv = o->ward ? "phường" : "xã";
		bool inspect = !strcmp(o->code, "thanh-tra-tinh");
		for (int k = 0; k < S__MAX; k++) {
			staff *s = &o->st[k];
			s->role = ROLE[k].role;
			snprintf(s->login, sizeof s->login, "%s.%s", o->code, ROLE[k].tag);
			person p;
			gen_person(r, &p);
			snprintf(s->name, sizeof s->name, "%s", p.name);
			if (o->commune_level) {
				switch (k) {
				case S_COUNTER: case S_COUNTER2:
					snprintf(s->title, sizeof s->title, "Công chức Văn phòng - Thống kê, Bộ phận Một cửa UBND %s", lv); break;
				case S_OFF1: snprintf(s->title, sizeof s->title, "Công chức Tư pháp - Hộ tịch"); break;
				case S_OFF2: snprintf(s->title, sizeof s->title, "Công chức Địa chính - Xây dựng - Nông nghiệp và Môi trường"); break;
				case S_OFF3: snprintf(s->title, sizeof s->title, "Công chức Văn hóa - Xã hội"); break;
				case S_CLERK: snprintf(s->title, sizeof s->title, "Văn thư UBND %s", lv); break;
				case S_LEADER: snprintf(s->title, sizeof s->title, "Trưởng phòng Kinh tế UBND %s", lv); break;
				case S_DEPUTY: snprintf(s->title, sizeof s->title, "Phó Chủ tịch UBND %s", lv); break;
				default: snprintf(s->title, sizeof s->title, "Chủ tịch UBND %s", lv); break;
				}
			} else {
				switch (k) {
				case S_COUNTER: case S_COUNTER2:
					snprintf(s->title, sizeof s->title, "Chuyên viên tiếp nhận, Trung tâm Phục vụ hành chính công tỉnh"); break;
				case S_OFF1: case S_OFF2: case S_OFF3:
					snprintf(s->title, sizeof s->title, "Chuyên viên"); break;
				case S_CLERK: snprintf(s->title, sizeof s->title, "Văn thư"); break;
				case S_LEADER: snprintf(s->title, sizeof s->title, "Trưởng phòng chuyên môn"); break;
				case S_DEPUTY: snprintf(s->title, sizeof s->title, inspect ? "Phó Chánh Thanh tra tỉnh" : "Phó Giám đốc Sở"); break;
				default: snprintf(s->title, sizeof s->title, inspect ? "Chánh Thanh tra tỉnh" : "Giám đốc Sở"); break;
				}
			}
			/* The demo accounts of the demo ward. */
			if (!strcmp(o->code, "phuong-chieng-coi")) {
				const char *demo = k == S_COUNTER ? "motcua" : k == S_OFF1 ? "xuly" : k == S_HEAD ? "truongphuong" : NULL;
				if (demo) {
					sqlite3_bind_text(g_acc_find, 1, demo, -1, SQLITE_STATIC);
					bool found = sqlite3_step(g_acc_find) == SQLITE_ROW;
					sqlite3_reset(g_acc_find);
					if (found) snprintf(s->login, sizeof s->login, "%s", demo);
				}
			}
			ensure_account(s, o->id, o->code, at, created);
		}
	}
}

static void make_citizens(rng *r, int n, int64_t at, int *created)
{
	g_ncit = n;
	g_cit = calloc((size_t)n, sizeof *g_cit);
	g_cit_p = calloc((size_t)n, sizeof *g_cit_p);
	const char *root = g_off[0].code;   /* the province (units are ordered by id; the root comes first) */
	for (int i = 0; i < n; i++) {
		person *p = &g_cit_p[i];
		gen_person(r, p);
		/* Unique identity numbers: the last six digits are the account's number. */
		int cs = (p->birth_year >= 2000 ? 2 : 0) + (p->female ? 1 : 0);
		snprintf(p->idn, sizeof p->idn, "014%d%02d%06d", cs, p->birth_year % 100, i % 1000000);
		staff *s = &g_cit[i];
		s->role = "citizen";
		snprintf(s->login, sizeof s->login, "cd%s", p->idn);
		snprintf(s->name, sizeof s->name, "%s", p->name);
		s->title[0] = '\0';
		ensure_account(s, g_off[0].id, root, at, created);
	}
}

/* --- one dossier --------------------------------------------------------------------------- */

typedef struct step {
	const char *kind;
	int64_t holder_id, holder_unit;
	const char *name, *title, *note;
	int64_t started, due, ended;
} step;

typedef struct dossier {
	int64_t id;
	char code[40], subject[48], secret[9], sh[65];
	proc *p;
	office *o;
	bool online;
	const char *state, *channel, *risk, *reason, *result_note;
	person who;
	char phone[16], email[128], addr[200];
	int64_t citizen_id;
	int cit;                 /* index in g_cit, -1 none */
	int64_t submitted, received, due, original_due, paused, finished;
	int64_t holder_id, holder_unit;
	int supp, ext, late, version;
	step steps[MAXSTEPS];
	int nsteps;
	bool provided[MAXDOCS];
	int nmiss, miss[4];
	const char *miss_reason[4];
	bool apology, apology_late;
	const char *apology_reason;
	int64_t apology_old, apology_new, apology_at, apology_by;
	ev *evs[MAXEV];
	int nev;
	int64_t last_t;
	bool stopped_by_now;   /* a command fell after "now": the rest did not happen */
} dossier;

static const char DESK_NAME[] = "Bộ phận Một cửa";
static const char DESK_TITLE[] = "Bộ phận tiếp nhận và trả kết quả";

static void step_close(dossier *d, int64_t t)
{
	for (int i = 0; i < d->nsteps; i++) if (!d->steps[i].ended) d->steps[i].ended = t;
}

static void step_open(dossier *d, const char *kind, int64_t holder_id, int64_t unit, const char *name,
                      const char *title, int64_t started, int64_t due, const char *note)
{
	if (d->nsteps == MAXSTEPS) die("too many steps");
	step *s = &d->steps[d->nsteps++];
	s->kind = kind; s->holder_id = holder_id; s->holder_unit = unit;
	s->name = name; s->title = title; s->note = note ? note : "";
	s->started = started; s->due = due; s->ended = 0;
}

static sb g_pl;   /* the payload being written */

/* Ends a command: state, risk, version, and the event (service.c append_event adds code and state). */
static void finish_cmd(dossier *d, int64_t t, const char *cmd, const char *next, int64_t actor, const char *role)
{
	d->state = next;
	dossier_state ns;
	if (!dossier_state_parse(next, &ns) && dossier_state_final(ns)) d->holder_id = 0;
	d->risk = dossier_risk_name(dossier_rules_risk(&g_cal, !strcmp(next, "supplement") ? 0 : d->due, t, g_at_risk_min));
	d->version++;
	sb_cat(&g_pl, "}");
	char type[40];
	snprintf(type, sizeof type, "dossier.%s", cmd);
	if (d->nev == MAXEV) die("too many events");
	d->evs[d->nev++] = ev_new(t, actor, role, d->o->code, type, d->subject, g_pl.p);
	d->last_t = t;
}

/* The payload keys in jansson's order are written by each command; "code" and
 * "state" are slotted in where they sort. */
static void pl_begin(void) { sb_reset(&g_pl); sb_cat(&g_pl, "{"); }

/* Whether a command at t happens (before "now"); t is kept after the previous command. */
static bool happens(dossier *d, int64_t *t, rng *r)
{
	if (*t <= d->last_t) *t = d->last_t + 15 + rnd(r, 90);
	if (*t > g_now) { d->stopped_by_now = true; return false; }
	return true;
}

static int64_t wadd(int64_t t, int64_t minutes) { return cal_add_working_minutes(&g_cal, t, minutes); }

static const staff *office_officer(const office *o, const proc *p)
{
	if (o->commune_level) return &o->st[p->work == 0 ? S_OFF1 : p->work == 1 ? S_OFF2 : S_OFF3];
	return &o->st[S_OFF1];
}

typedef struct holder { const staff *s; const office *o; const char *note; } holder;

/* The officials who hold the dossier after the one-stop, in order: the first
 * is assigned, every next one gets it by a handover; the last one marks the
 * result ready. */
static int make_chain(rng *r, const dossier *d, holder *h, int max)
{
	const office *o = d->o;
	const proc *p = d->p;
	const staff *off = office_officer(o, p);
	int n = 0;
#define ADD(S, O, N) do { if (n < max) { h[n].s = (S); h[n].o = (O); h[n].note = (N); n++; } } while (0)
	ADD(off, o, "");
	if (p->land_link) {
		/* Land registration: checked and signed at the provincial land office, returned through the commune. */
		const office *l = &g_off[g_land_office];
		ADD(&l->st[S_OFF2], l, "Chuyển Văn phòng đăng ký đất đai thẩm định");
		ADD(&l->st[S_LEADER], l, "Trình ký");
		if (chance(r, 0.3)) { ADD(&l->st[S_OFF2], l, "Đề nghị chỉnh sửa, bổ sung dự thảo"); ADD(&l->st[S_LEADER], l, "Trình ký lại"); }
		ADD(&l->st[S_DEPUTY], l, "Trình lãnh đạo Sở ký Giấy chứng nhận");
		ADD(&l->st[S_CLERK], l, "Vào sổ cấp Giấy chứng nhận, đóng dấu");
		ADD(off, o, "Chuyển trả kết quả về UBND cấp xã");
		return n;
	}
	if (o->commune_level) {
		bool consult = p->days > 0 && chance(r, 0.3);
		if (consult) {
			const staff *other = &o->st[p->work == 2 ? S_OFF1 : S_OFF3];
			ADD(other, o, "Đề nghị phối hợp, cho ý kiến");
			ADD(off, o, "Đã có ý kiến phối hợp");
		}
		if (chance(r, p->days > 0 ? 0.7 : 0.3)) ADD(&o->st[S_LEADER], o, "Trình thẩm định");
		const staff *signer = &o->st[chance(r, 0.35) ? S_HEAD : S_DEPUTY];
		ADD(signer, o, PICK(r, N_HANDOVER));
		if (chance(r, p->days > 0 ? 0.35 : 0.2)) {
			ADD(off, o, "Đề nghị chỉnh sửa dự thảo kết quả");
			ADD(signer, o, "Trình ký lại");
		}
		ADD(&o->st[S_CLERK], o, "Chuyển văn thư vào sổ, đóng dấu");
	} else {
		/* Received at the provincial service centre: the department's clerk
		 * books it, the head of division allots it to a specialist. */
		h[0].s = &o->st[S_CLERK];
		h[0].note = "Chuyển hồ sơ về Sở";
		ADD(&o->st[S_LEADER], o, "Đề nghị phân công xử lý");
		ADD(off, o, "Phân công thẩm định");
		if (chance(r, 0.25)) {
			const office *other = g_land_office >= 0 && &g_off[g_land_office] != o ? &g_off[g_land_office] : o;
			ADD(&other->st[S_OFF2], other, "Xin ý kiến phối hợp");
			ADD(off, o, "Đã có ý kiến phối hợp");
		}
		ADD(&o->st[S_LEADER], o, "Trình lãnh đạo phòng");
		if (chance(r, 0.35)) { ADD(off, o, "Đề nghị hoàn thiện hồ sơ trình"); ADD(&o->st[S_LEADER], o, "Trình lại"); }
		ADD(&o->st[chance(r, 0.2) ? S_HEAD : S_DEPUTY], o, "Trình lãnh đạo Sở ký");
		ADD(&o->st[S_CLERK], o, "Chuyển văn thư phát hành");
	}
#undef ADD
	return n;
}

static void pl_code(dossier *d) { jk_str(&g_pl, "code", d->code); }

/* submit_online, receive, refuse: the dossier's first command creates it. */
static void cmd_create_payload(dossier *d, const char *channel)
{
	pl_begin();
	jk_str(&g_pl, "channel", channel);
	pl_code(d);
}

static void do_submit(dossier *d, int64_t t, const staff *cit)
{
	d->submitted = t;
	for (int i = 0; i < d->p->ndocs; i++) d->provided[i] = true;   /* the documents listed online */
	step_open(d, "submitted", 0, d->o->id, DESK_NAME, DESK_TITLE, t, 0, "");
	cmd_create_payload(d, "online");
	jk(&g_pl, "files"); sb_cat(&g_pl, "[]");
	jk_str(&g_pl, "procedure", d->p->code);
	jk_str(&g_pl, "state", "submitted");
	finish_cmd(d, t, "submit_online", "submitted", cit->id, "citizen");
}

static void do_receive(dossier *d, int64_t t, const staff *c, bool creating)
{
	d->received = t;
	if (!d->submitted) d->submitted = t;
	d->due = d->original_due = cal_due(&g_cal, t, d->p->days, d->p->unit, d->p->cutoff);
	d->holder_id = c->id;
	d->holder_unit = d->o->id;
	int64_t pass = wadd(t, 8 * 60);
	if (pass > d->due) pass = d->due;
	step_close(d, t);
	step_open(d, "reception", c->id, d->o->id, c->name, c->title, t, pass, "");
	for (int i = 0; i < d->p->ndocs; i++) d->provided[i] = true;   /* every document is there to receive */
	pl_begin();
	if (creating) jk_str(&g_pl, "channel", "counter");
	pl_code(d);
	jk_time(&g_pl, "due_at", d->due);
	if (creating) { jk(&g_pl, "files"); sb_cat(&g_pl, "[]"); jk_str(&g_pl, "procedure", d->p->code); }
	jk_int(&g_pl, "rule_set", g_rs.id);
	jk_str(&g_pl, "state", "received");
	finish_cmd(d, t, "receive", "received", c->id, "counter_officer");
}

static void do_refuse(dossier *d, int64_t t, const staff *c, bool creating, const char *reason)
{
	d->reason = reason;
	d->finished = t;
	step_close(d, t);
	pl_begin();
	if (creating) jk_str(&g_pl, "channel", "counter");
	pl_code(d);
	if (creating) { jk(&g_pl, "files"); sb_cat(&g_pl, "[]"); jk_str(&g_pl, "procedure", d->p->code); }
	jk_str(&g_pl, "reason", reason);
	jk_str(&g_pl, "state", "refused");
	finish_cmd(d, t, "refuse", "refused", c->id, "counter_officer");
}

/* assign (by the one-stop officer) or handover (by the holder). */
static void do_pass(dossier *d, int64_t t, bool assign, const staff *by, const holder *to, rng *r)
{
	int64_t step_due;
	if (assign) {
		step_due = d->due;
	} else if (d->due > t) {
		/* A stage deadline within the dossier's: a share of the time left. */
		int64_t left = cal_working_minutes_between(&g_cal, t, d->due);
		step_due = wadd(t, left <= 60 ? left : 60 + (int64_t)(rndf(r) * (double)(left - 60)));
		if (step_due <= t || step_due > d->due) step_due = d->due;
	} else {
		step_due = wadd(t, 8 * 60);   /* overdue: one working day for this stage */
		if (step_due <= t) step_due = t + 3600;
	}
	step_close(d, t);
	step_open(d, "processing", to->s->id, to->o->id, to->s->name, to->s->title, t, step_due, to->note);
	pl_begin();
	pl_code(d);
	jk(&g_pl, "from");
	if (d->holder_id) { char x[24]; snprintf(x, sizeof x, "%" PRId64, d->holder_id); sb_cat(&g_pl, x); }
	else sb_cat(&g_pl, "null");
	jk_str(&g_pl, "state", "processing");
	jk_time(&g_pl, "step_due", step_due);
	jk_str(&g_pl, "to", to->s->login);
	jk_str(&g_pl, "to_unit", to->o->code);
	d->holder_id = to->s->id;
	d->holder_unit = to->o->id;
	finish_cmd(d, t, assign ? "assign" : "handover", "processing", by->id, by->role);
}

static void do_request_supplement(dossier *d, int64_t t, const staff *by, rng *r)
{
	int n = d->p->ndocs > 1 && chance(r, 0.3) ? 2 : 1;
	int first = (int)rnd(r, (uint32_t)d->p->ndocs);
	d->nmiss = 0;
	pl_begin();
	pl_code(d);
	jk(&g_pl, "missing");
	sb_cat(&g_pl, "[");
	for (int k = 0; k < n; k++) {
		int di = (first + k) % d->p->ndocs;
		d->miss[d->nmiss] = di;
		d->miss_reason[d->nmiss++] = PICK(r, R_MISSING);
		if (k) sb_cat(&g_pl, ",");
		sb_cat(&g_pl, "{");
		jk_int(&g_pl, "document", d->p->doc_ord[di]);
		jk_str(&g_pl, "reason", d->miss_reason[d->nmiss - 1]);
		sb_cat(&g_pl, "}");
	}
	sb_cat(&g_pl, "]");
	jk_str(&g_pl, "state", "supplement");
	d->supp++;
	d->paused = t;
	step_close(d, t);
	step_open(d, "supplement", d->citizen_id, d->o->id, d->who.name, "Người nộp hồ sơ", t, 0, "");
	finish_cmd(d, t, "request_supplement", "supplement", by->id, by->role);
}

static void do_supplement(dossier *d, int64_t t, const staff *keeper, const staff *by)
{
	int64_t old = d->due;
	d->due = dossier_rules_due_on_resume(&g_cal, d->p->restart ? DOSSIER_CLOCK_RESTART : DOSSIER_CLOCK_PAUSE, d->due,
	                                     d->paused, t, d->p->days, d->p->unit, d->p->cutoff);
	d->paused = 0;
	step_close(d, t);
	step_open(d, "processing", keeper->id, d->holder_unit, keeper->name, keeper->title, t, d->due, "");
	for (int i = 0; i < d->p->ndocs; i++) d->provided[i] = true;
	pl_begin();
	jk_str(&g_pl, "clock", d->p->restart ? "restart" : "pause");
	pl_code(d);
	jk_time(&g_pl, "due_at", d->due);
	jk_time(&g_pl, "old_due_at", old);
	jk_str(&g_pl, "state", "processing");
	finish_cmd(d, t, "supplement", "processing", by->id, by->role);
}

static void do_apologize(dossier *d, int64_t t, const staff *by, int64_t new_due, const char *reason)
{
	int64_t latest = dossier_rules_apology_deadline(&g_cal, d->due, g_rs.apology_lead_working_days);
	bool late = t > latest;
	d->apology = true;
	d->apology_late = late;
	d->apology_reason = reason;
	d->apology_old = d->due;
	d->apology_new = new_due;
	d->apology_at = t;
	d->apology_by = by->id;
	pl_begin();
	pl_code(d);
	jk_bool(&g_pl, "issued_late", late);
	jk_time(&g_pl, "new_due_at", new_due);
	jk_time(&g_pl, "old_due_at", d->due);
	jk_str(&g_pl, "reason", reason);
	jk_str(&g_pl, "state", d->state);
	d->due = new_due;
	d->ext++;
	finish_cmd(d, t, "apologize", d->state, by->id, by->role);
}

static void do_end(dossier *d, int64_t t, const char *cmd, const char *next, const staff *by, const char *reason)
{
	d->reason = reason ? reason : "";
	d->finished = t;
	step_close(d, t);
	pl_begin();
	pl_code(d);
	if (reason) jk_str(&g_pl, "reason", reason);
	jk_str(&g_pl, "state", next);
	finish_cmd(d, t, cmd, next, by->id, by->role);
}

static void do_result_ready(dossier *d, int64_t t, const staff *by, rng *r)
{
	step_close(d, t);
	step_open(d, "result", 0, d->o->id, DESK_NAME, DESK_TITLE, t, d->due, "");
	d->result_note = PICK(r, N_RESULT);
	d->late = t > d->due;
	d->holder_id = 0;
	d->holder_unit = d->o->id;
	pl_begin();
	pl_code(d);
	jk_bool(&g_pl, "late", d->late);
	jk_str(&g_pl, "state", "result_ready");
	finish_cmd(d, t, "result_ready", "result_ready", by->id, by->role);
}

static void do_return(dossier *d, int64_t t, const staff *c)
{
	d->finished = t;
	step_close(d, t);
	pl_begin();
	pl_code(d);
	jk_bool(&g_pl, "late", d->late);
	jk_str(&g_pl, "state", "returned");
	finish_cmd(d, t, "return", "returned", c->id, "counter_officer");
}

/* Working minutes after `from` at which a fraction of the time to `to` has passed. */
static int64_t frac_time(int64_t from, int64_t to, double f)
{
	int64_t w = to > from ? cal_working_minutes_between(&g_cal, from, to) : 0;
	if (w < 1) w = 1;
	return wadd(from, (int64_t)((double)w * f));
}

/* The life of one dossier from t0 (its creation) until "now". */
static void simulate(dossier *d, int64_t t0, rng *r)
{
	const office *o = d->o;
	const staff *counter = &o->st[chance(r, 0.7) ? S_COUNTER : S_COUNTER2];
	const staff *head = &o->st[S_HEAD];
	const staff *cit = NULL;
	d->last_t = t0 - 1;
	d->state = "none";
	d->risk = "on_time";
	d->reason = d->result_note = "";
	d->version = 1;
	int64_t t = t0;

	if (d->online) {
		d->cit = (int)rnd(r, (uint32_t)g_ncit);
		cit = &g_cit[d->cit];
		d->citizen_id = cit->id;
		d->who = g_cit_p[d->cit];   /* the applicant is the account holder */
		if (!happens(d, &t, r)) return;
		do_submit(d, t, cit);
		t = wadd(t, rnd_range(r, 10, 600)) + rnd(r, 60);
		if (chance(r, 0.006)) {   /* withdrawn before the one-stop checked it */
			t = t0 + rnd_range(r, 600, 86400);
			if (happens(d, &t, r)) do_end(d, t, "withdraw", "withdrawn", cit, NULL);
			return;
		}
		if (!happens(d, &t, r)) return;
		if (chance(r, 0.03)) { do_refuse(d, t, counter, false, PICK(r, R_REFUSE_ONLINE)); return; }
		do_receive(d, t, counter, false);
	} else {
		if (!happens(d, &t, r)) return;
		if (chance(r, 0.015)) {
			for (int i = 0; i < d->p->ndocs; i++) d->provided[i] = chance(r, 0.6);
			do_refuse(d, t, counter, true, PICK(r, R_REFUSE));
			return;
		}
		do_receive(d, t, counter, true);
	}
	const int64_t tr = d->received;
	const bool quick = d->p->days == 0;

	/* How it ends, and the share of the legal time it takes (the product's generator, demo/gen.c). */
	double f;
	gen_outcome out = gen_outcome_draw(r, quick, 1.0, &f);

	holder chain[24];
	int nch = make_chain(r, d, chain, 24);
	/* The specialist who examines the dossier (and may ask for a supplement). */
	int sidx = 0;
	for (int k = 0; k < nch; k++)
		if (chain[k].s == office_officer(chain[k].o, d->p) && chain[k].o == o) { sidx = k; break; }

	/* Assign: minutes after receipt. */
	int64_t ta = wadd(tr, quick ? rnd_range(r, 2, 25) : rnd_range(r, 5, 120)) + rnd(r, 60);
	if (!happens(d, &ta, r)) return;
	do_pass(d, ta, true, counter, &chain[0], r);
	const staff *by = chain[0].s;   /* who holds it now, as the one acting */
	t = ta;

	if (out == GO_STOP || out == GO_WITHDRAW) {
		int64_t te = frac_time(t, d->due, 0.2 + 0.5 * rndf(r)) + rnd(r, 60);
		if (!happens(d, &te, r)) return;
		if (out == GO_STOP) do_end(d, te, "stop", "stopped", &o->st[chance(r, 0.5) ? S_HEAD : S_DEPUTY], PICK(r, R_STOP));
		else do_end(d, te, "withdraw", "withdrawn", d->online && cit ? cit : counter, PICK(r, R_WITHDRAW));
		return;
	}

	/* Apology (Form 04): by the head, with one new date; on time (≥ 1 working day before) or late. */
	int64_t apology_t = 0, new_due = 0;
	if (out == GO_LATE_APOLOGY) {
		int64_t latest = dossier_rules_apology_deadline(&g_cal, d->due, g_rs.apology_lead_working_days);
		apology_t = chance(r, 0.7) ? latest - rnd_range(r, 600, 2 * 86400) : latest + rnd_range(r, 1800, 86400);
		if (apology_t <= t) apology_t = t + rnd_range(r, 600, 7200);
		new_due = wadd(d->due, (int64_t)rnd_range(r, 2, 8) * 480);
		if (new_due <= apology_t) new_due = wadd(apology_t, 3 * 480);
		/* Most then keep the new date; some miss it too. */
		f = chance(r, 0.8) ? 1.0 + 0.9 * rndf(r) * ((double)cal_working_minutes_between(&g_cal, d->due, new_due) /
		                                            (double)(cal_working_minutes_between(&g_cal, t, d->due) + 1))
		                   : 1.0 + 0.3 + rndf(r);
	}
	int64_t t_end = frac_time(t, d->due, f);
	if (apology_t && t_end <= apology_t) t_end = apology_t + rnd_range(r, 1800, 86400);
	/* A forgotten dossier lies on one desk (before handover stuck_at, or before the result when that is
	 * nch) until the deadline job's escalation brings it out, 5-30 working days after its due date; then
	 * it goes on, late. No dossier stays open for ever: the open set is what a unit has in hand, the same
	 * at any size of history. */
	int stuck_at = out == GO_STUCK ? (nch > 1 ? 1 + (int)rnd(r, (uint32_t)(nch - 1)) : 1) : -1;

	/* The handovers, each after a share of the working time left; the result at t_end. */
	for (int k = 0; k < nch; k++) {
		if (k) {
			int64_t left = t_end > t ? cal_working_minutes_between(&g_cal, t, t_end) : 0;
			int64_t th = wadd(t, (int64_t)((double)left / (double)(nch - k + 1) * (0.6 + 0.8 * rndf(r)))) + rnd(r, 60);
			if (k == stuck_at) {
				th = wadd(th > d->due ? th : d->due, (int64_t)rnd_range(r, 5, 30) * 480) + rnd(r, 60);
				t_end = wadd(th, (int64_t)rnd_range(r, 1, 5) * 480);
			}
			if (apology_t && th > apology_t && !d->apology) {
				int64_t tap = apology_t;
				if (!happens(d, &tap, r)) return;
				do_apologize(d, tap, head, new_due, PICK(r, R_APOLOGY));
			}
			if (!happens(d, &th, r)) return;
			do_pass(d, th, false, by, &chain[k], r);
			by = chain[k].s;
			t = th;
		}
		if (k == sidx && (out == GO_SUPP || out == GO_SUPP_ABANDON)) {
			/* The specialist finds a document lacking: one request, every item listed. */
			int64_t ts = frac_time(t, t_end, 0.1 + 0.3 * rndf(r)) + rnd(r, 60);
			if (!happens(d, &ts, r)) return;
			do_request_supplement(d, ts, by, r);
			if (out == GO_SUPP_ABANDON) {
				/* The citizen never came back: half of them withdrew after a while, for the others the
				 * head stopped the processing (Dừng xử lý) after the time the request gave. */
				int64_t tw = wadd(ts, (int64_t)rnd_range(r, 15, 40) * 480) + rnd(r, 60);
				if (!happens(d, &tw, r)) return;
				if (chance(r, 0.5))
					do_end(d, tw, "withdraw", "withdrawn", d->online && chance(r, 0.5) ? cit : counter, PICK(r, R_WITHDRAW));
				else
					do_end(d, tw, "stop", "stopped", head, PICK(r, R_STOP));
				return;
			}
			int64_t tb = wadd(ts, (int64_t)rnd_range(r, 1, 10) * 480 + rnd_range(r, 0, 400)) + rnd(r, 60);
			if (!happens(d, &tb, r)) return;
			do_supplement(d, tb, by, d->online && chance(r, 0.7) ? cit : counter);
			t = tb;
			t_end = frac_time(t, d->due, f);
		}
	}
	if (stuck_at >= nch) t_end = wadd(t_end > d->due ? t_end : d->due, (int64_t)rnd_range(r, 5, 30) * 480);
	if (apology_t && !d->apology) {
		int64_t tap = apology_t;
		if (!happens(d, &tap, r)) return;
		do_apologize(d, tap, head, new_due, PICK(r, R_APOLOGY));
	}
	int64_t trr = t_end > d->last_t ? t_end : wadd(d->last_t, rnd_range(r, 1, 20));
	if (!happens(d, &trr, r)) return;
	do_result_ready(d, trr, by, r);
	int64_t pick = quick ? rnd_range(r, 3, 90) : (int64_t)(-log(1.0 - rndf(r)) * 700.0);
	if (chance(r, 0.004)) pick = (int64_t)rnd_range(r, 20, 60) * 480;   /* collected only after reminders */
	int64_t tret = wadd(trr, pick) + rnd(r, 60);
	if (!happens(d, &tret, r)) return;
	do_return(d, tret, counter);
}

/* --- codes: prefix (unit initials and date) and a daily serial ------------------------------- */

typedef struct serial_slot { char key[40]; int n; } serial_slot;
static serial_slot *g_ser;
static size_t g_nser_cap = 1 << 18, g_nser;
static bool g_db_had_dossiers;
static sqlite3_stmt *g_ser_count;

static int next_serial(const char *prefix)
{
	uint64_t h = 1469598103934665603ULL;
	for (const char *p = prefix; *p; p++) h = (h ^ (unsigned char)*p) * 1099511628211ULL;
	size_t i = (size_t)h & (g_nser_cap - 1);
	while (g_ser[i].key[0] && strcmp(g_ser[i].key, prefix)) i = (i + 1) & (g_nser_cap - 1);
	if (!g_ser[i].key[0]) {
		if (++g_nser > g_nser_cap / 2) die("too many code prefixes");
		snprintf(g_ser[i].key, sizeof g_ser[i].key, "%s", prefix);
		g_ser[i].n = 0;
		if (g_db_had_dossiers) {   /* as dossier_repo_next_serial: the codes of this prefix so far */
			char lo[40], hi[40];
			snprintf(lo, sizeof lo, "%s-", prefix);
			snprintf(hi, sizeof hi, "%s.", prefix);
			sqlite3_bind_text(g_ser_count, 1, lo, -1, SQLITE_TRANSIENT);
			sqlite3_bind_text(g_ser_count, 2, hi, -1, SQLITE_TRANSIENT);
			if (sqlite3_step(g_ser_count) == SQLITE_ROW) g_ser[i].n = sqlite3_column_int(g_ser_count, 0);
			sqlite3_reset(g_ser_count);
		}
	}
	return ++g_ser[i].n;
}

/* --- creation times ---------------------------------------------------------------------- */

typedef struct plan { int64_t t; uint16_t proc, office; uint8_t online; } plan;

static int plan_cmp(const void *a, const void *b)
{
	const plan *x = a, *y = b;
	return x->t < y->t ? -1 : x->t > y->t ? 1 : 0;
}


/* --- main -------------------------------------------------------------------------------- */

/* A whole non-negative decimal number, or -1. */
static long long parse_count(const char *s)
{
	char *end;
	errno = 0;
	long long v = strtoll(s, &end, 10);
	return *s && !*end && !errno && v >= 0 ? v : -1;
}

static void usage(FILE *f)
{
	fputs("usage: gen_dossiers --db PATH --count N [--cases M] [--ratings R] [--seed S] [--sample K] [--sample-out FILE]\n"
	      "                    [--cases-sample-out FILE] [--per-day D | --days DAYS] [--now YYYY-MM-DDTHH:MM:SSZ] [--batch B] [--check]\n"
	      "       gen_dossiers --print-secret INDEX [--seed S]\n"
	      "Appends N dossiers, with their steps, documents and ledger events, to a database\n"
	      "created by `minhbach demo`. Defaults: seed 1, sample 10000 pairs to PATH.sample.tsv,\n"
	      "50 dossiers and 50 reports a day (--per-day D), so the history spans max(N, M) / D days\n"
	      "back from now (--days fixes the span instead), 10000 dossiers per transaction. --check runs\n"
	      "PRAGMA foreign_key_check at the end. --cases M then plays M reports (feedback, petitions,\n"
	      "complaints, denunciations) through the case service, over the same days; K of their\n"
	      "codes and passphrases go to PATH.cases.sample.tsv. N may be 0 when M is not. --ratings R\n"
	      "then rates about R of the dossiers whose result is ready or returned, through the rating\n"
	      "command, at a time after the result (late ones rated worse). When the\n"
	      "history starts before the rule sets' effective date, their effective date is moved back\n"
	      "to its start (the benchmark's province has had today's rules all along).\n", f);
}

int main(int argc, char **argv)
{
	const char *path = NULL, *sample_out = NULL, *now_arg = NULL, *cases_sample_out = NULL;
	long long cases = 0, ratings = 0, count = -1, sample_k = 10000, batch = 10000, days = -1, per_day = 50, print_secret = -1;
	uint64_t seed = 1;
	bool check = false;
	static const struct option lo[] = {
		{"db", required_argument, 0, 'd'}, {"count", required_argument, 0, 'n'}, {"seed", required_argument, 0, 's'},
		{"sample", required_argument, 0, 'k'}, {"sample-out", required_argument, 0, 'o'},
		{"days", required_argument, 0, 'D'}, {"per-day", required_argument, 0, 'p'}, {"now", required_argument, 0, 'N'}, {"batch", required_argument, 0, 'b'},
		{"check", no_argument, 0, 'c'}, {"cases", required_argument, 0, 'C'}, {"ratings", required_argument, 0, 'R'},
		{"cases-sample-out", required_argument, 0, 'O'}, {"print-secret", required_argument, 0, 'P'}, {"help", no_argument, 0, 'h'},
		{0, 0, 0, 0},
	};
	int c;
	while ((c = getopt_long(argc, argv, "h", lo, NULL)) != -1) {
		switch (c) {
		case 'd': path = optarg; break;
		case 'n': count = parse_count(optarg); break;
		case 's': if (parse_count(optarg) < 0) { usage(stderr); return 2; } seed = (uint64_t)parse_count(optarg); break;
		case 'k': sample_k = parse_count(optarg); break;
		case 'o': sample_out = optarg; break;
		case 'D': days = parse_count(optarg); if (days < 1) { usage(stderr); return 2; } break;
		case 'p': per_day = parse_count(optarg); if (per_day < 1) { usage(stderr); return 2; } break;
		case 'N': now_arg = optarg; break;
		case 'b': batch = parse_count(optarg); break;
		case 'c': check = true; break;
		case 'C': cases = parse_count(optarg); break;
		case 'R': ratings = parse_count(optarg); break;
		case 'O': cases_sample_out = optarg; break;
		case 'P': print_secret = parse_count(optarg); if (print_secret < 0) { usage(stderr); return 2; } break;
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return 2;
		}
	}
	if (sodium_init() < 0) die("cannot initialise libsodium");
	if (print_secret >= 0) {
		char s[9];
		bench_secret(seed, (uint64_t)print_secret, s);
		puts(s);
		return 0;
	}
	if (!path || count < 0 || cases < 0 || ratings < 0 || (ratings > 0 && count < 1) || (count < 1 && cases < 1) || batch < 1 || sample_k < 0 || optind != argc) { usage(stderr); return 2; }
	char sample_path[4200];
	snprintf(sample_path, sizeof sample_path, "%s", sample_out ? sample_out : "");
	if (!sample_out) snprintf(sample_path, sizeof sample_path, "%s.sample.tsv", path);

	/* Our fast ISO formatter must agree with the application's. */
	for (int64_t t = -86400 * 400; t < INT64_C(4102444800); t += 7777777) {
		char a[32], b[21];
		clock_iso_utc(t, a, sizeof a);
		iso(t, b);
		if (strcmp(a, b)) die("iso(%" PRId64 ") = %s, clock_iso_utc = %s", t, b, a);
	}

	double t_start = now_s();
	db *d = NULL;
	err e = {0};
	if (db_open(&d, path, &e)) die("%s: %s", path, e.en ? e.en : "cannot open");
	g_h = db_handle(d);
	g_db = d;
	char v[64];
	if (db_meta_get(d, "initialized_at", v, sizeof v, NULL) != 1)
		die("%s is not initialized: create it with `minhbach demo --db %s` first", path, path);
	if (db_schema_version(d) < 4) die("%s has no dossier tables (schema version %d)", path, db_schema_version(d));
	/* This process only: no fsync, a large page cache, no foreign-key lookups on every insert. */
	exec("PRAGMA synchronous=OFF; PRAGMA cache_size=-2000000; PRAGMA foreign_keys=OFF;");

	g_now = now_arg ? clock_parse_iso(now_arg) : clock_now();
	if (g_now < 0) die("bad --now %s (YYYY-MM-DDTHH:MM:SSZ)", now_arg);
	if (days < 0) {
		/* The same province at any size: a fixed daily volume, a span that grows with N. */
		long long most = count > cases ? count : cases;
		days = (most + per_day - 1) / per_day;
	}
	g_start = g_now - days * 86400;
	if (g_start <= 86400) die("--days %lld reaches back before 1970", days);
	/* The rules in force today, in force since the history's start: the earliest rule sets
	 * (dossiers' and reports') take effect on its first day if they did not already. */
	{
		char first[16];
		int y, m, dd;
		cal_ymd(cal_day_of(g_start) - 1, &y, &m, &dd);
		snprintf(first, sizeof first, "%04d-%02d-%02d", y, m, dd);
		sqlite3_stmt *st = prep("UPDATE rule_sets SET effective_from = ?1 WHERE effective_from > ?1"
		                        " AND id = (SELECT id FROM rule_sets ORDER BY effective_from, id LIMIT 1)");
		sqlite3_bind_text(st, 1, first, -1, SQLITE_STATIC);
		if (sqlite3_step(st) != SQLITE_DONE) die("cannot date the rule set back: %s", sqlite3_errmsg(g_h));
		sqlite3_finalize(st);
		st = prep("UPDATE case_rule_sets SET effective_from = ?1 WHERE effective_from > ?1"
		          " AND id = (SELECT id FROM case_rule_sets ORDER BY effective_from, id LIMIT 1)");
		sqlite3_bind_text(st, 1, first, -1, SQLITE_STATIC);
		if (sqlite3_step(st) != SQLITE_DONE) die("cannot date the case rule set back: %s", sqlite3_errmsg(g_h));
		sqlite3_finalize(st);
		/* The rating rules and criteria set in force first, likewise (when ratings are played). */
		static const char *const RATING_BACK[] = {
			"UPDATE rating_rules SET valid_from = ?1 WHERE valid_from > ?1"
			" AND version = (SELECT version FROM rating_rules ORDER BY valid_from, version LIMIT 1)",
			"UPDATE rating_criteria SET valid_from = ?1 WHERE valid_from > ?1"
			" AND set_version = (SELECT set_version FROM rating_criteria ORDER BY valid_from, set_version LIMIT 1)",
		};
		for (int k = 0; ratings && k < 2; k++) {
			st = prep(RATING_BACK[k]);
			sqlite3_bind_text(st, 1, first, -1, SQLITE_STATIC);
			if (sqlite3_step(st) != SQLITE_DONE) die("cannot date the rating rules back: %s", sqlite3_errmsg(g_h));
			sqlite3_finalize(st);
		}
	}
	{
		char today[16];
		int y, m, dd;
		cal_ymd(cal_day_of(g_now), &y, &m, &dd);
		snprintf(today, sizeof today, "%04d-%02d-%02d", y, m, dd);
		if (calendar_load(d, today, &g_cal, &g_rs, &e)) die("no rule set in force on %s: %s", today, e.en ? e.en : "?");
		g_at_risk_min = g_rs.at_risk_working_hours * 60;
	}
	load_reference();
	{
		sqlite3_stmt *st = prep("SELECT count(*) FROM dossiers");
		sqlite3_step(st);
		g_db_had_dossiers = sqlite3_column_int64(st, 0) > 0;
		sqlite3_finalize(st);
	}

	g_acc_find = prep("SELECT id, display_name, title FROM accounts WHERE login = ?");
	g_acc_ins = prep("INSERT INTO accounts(login, display_name, role, unit_id, password_hash, disabled, created_at, title)"
	                 " VALUES (?, ?, ?, ?, '!bench', 0, ?, ?)");
	g_ins_event = prep("INSERT INTO events(seq, at, actor_id, actor_role, unit, type, subject, payload, prev_hash, hash)"
	                   " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
	sqlite3_stmt *ins_dossier = prep(
		"INSERT INTO dossiers(code, secret_hash, procedure_id, unit_id, rule_set_id, channel, applicant_name,"
		" applicant_id_number, applicant_phone, applicant_email, applicant_address, citizen_account_id, state,"
		" submitted_at, received_at, due_at, original_due_at, paused_at, holder_account_id, holder_unit_id,"
		" supplement_requests, extensions, risk, finished_at, late, reason, result_note, version)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21,"
		" ?22, ?23, ?24, ?25, ?26, ?27, ?28)");
	sqlite3_stmt *ins_step = prep(
		"INSERT INTO dossier_steps(dossier_id, kind, holder_account_id, holder_unit_id, holder_name, holder_title,"
		" started_at, due_at, ended_at, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
	sqlite3_stmt *ins_doc = prep("INSERT INTO dossier_documents(dossier_id, procedure_document_id, provided, file_sha256)"
	                             " VALUES (?, ?, ?, NULL)");
	sqlite3_stmt *ins_item = prep("INSERT INTO dossier_supplement_items(dossier_id, procedure_document_id, reason)"
	                              " VALUES (?, ?, ?)");
	sqlite3_stmt *ins_apology = prep(
		"INSERT INTO apologies(dossier_id, unit_id, reason, old_due_at, new_due_at, issued_at, issued_late, account_id)"
		" VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
	g_ser_count = prep("SELECT count(*) FROM dossiers WHERE code >= ? AND code < ?");
	/* One prefix per office and day at most, and never more than one per dossier: a long history
	 * has many (1,000,000 dossiers over 55 years: about 600,000). */
	while (g_nser_cap < 2 * (size_t)(count + 1)) g_nser_cap <<= 1;
	g_ser = calloc(g_nser_cap, sizeof *g_ser);
	if (!g_ser) die("out of memory");

	FILE *sf = fopen(sample_path, "w");
	if (!sf) die("cannot write %s", sample_path);

	exec("BEGIN IMMEDIATE");
	if (ledger_head(d, &g_seq, g_prev, &e)) die("cannot read the ledger head");
	int64_t seq0 = g_seq;

	/* Accounts first, dated the day before the period starts. */
	rng gr;
	rng_seed(&gr, seed, 0);
	int acc_created = 0;
	int64_t acc_at = g_start - 86400;
	make_staff(&gr, acc_at, &acc_created);
	int ncit = (int)(count / 25);
	if (ncit < 50) ncit = 50;
	if (ncit > 999999) ncit = 999999;
	make_citizens(&gr, ncit, acc_at, &acc_created);

	/* Creation times, procedures, offices and channels of every dossier, then sorted by time. */
	double t_plan = now_s();
	double *pcum = calloc((size_t)g_nproc, sizeof *pcum);
	for (int i = 0; i < g_nproc; i++) pcum[i] = (i ? pcum[i - 1] : 0) + g_proc[i].weight;
	int *com = calloc((size_t)g_noff, sizeof *com), ncom = 0;
	double *ccum = calloc((size_t)g_noff, sizeof *ccum);
	for (int i = 0; i < g_noff; i++)
		if (g_off[i].commune_level) { com[ncom] = i; ccum[ncom] = (ncom ? ccum[ncom - 1] : 0) + g_off[i].weight; ncom++; }
	if (!ncom) die("no commune or ward in the database");
	int32_t day0 = cal_day_of(g_start), day1 = cal_day_of(g_now);
	int32_t *wdays = calloc((size_t)(day1 - day0 + 1), sizeof *wdays);
	int nw = 0;
	for (int32_t dd = day0; dd <= day1; dd++) if (cal_is_working_day(&g_cal, dd)) wdays[nw++] = dd;
	if (!nw) die("no working day in the period");
	plan *pl = calloc((size_t)(count ? count : 1), sizeof *pl);
	if (!pl) die("out of memory");
	for (long long i = 0; i < count; i++) {
		plan *x = &pl[i];
		int pi = pick_weighted(&gr, pcum, g_nproc);
		x->proc = (uint16_t)pi;
		x->office = (uint16_t)(g_proc[pi].office >= 0 ? g_proc[pi].office : com[pick_weighted(&gr, ccum, ncom)]);
		x->online = chance(&gr, g_proc[pi].online_p);
		do {
			if (x->online) {
				/* Any day, mostly between 06:00 and 22:00 local. */
				int32_t dd = day0 + (int32_t)rnd(&gr, (uint32_t)(day1 - day0 + 1));
				int minute = chance(&gr, 0.88) ? rnd_range(&gr, 6 * 60, 22 * 60 - 1) : (rnd_range(&gr, 22 * 60, 30 * 60 - 1) % (24 * 60));
				x->t = cal_local(dd, minute) + rnd(&gr, 60);
			} else {
				/* A working day, in the opening hours; mornings are busier. */
				int32_t dd = wdays[rnd(&gr, (uint32_t)nw)];
				int minute = chance(&gr, 0.6) ? rnd_range(&gr, g_cal.am_start, g_cal.am_end - 1)
				                              : rnd_range(&gr, g_cal.pm_start, g_cal.pm_end - 16);
				x->t = cal_local(dd, minute) + rnd(&gr, 60);
			}
		} while (x->t < g_start || x->t >= g_now);
	}
	qsort(pl, (size_t)count, sizeof *pl, plan_cmp);
	t_plan = now_s() - t_plan;

	/* Samples: K indices spread evenly over the run, with a random offset. */
	long long k_eff = sample_k > count ? count : sample_k;
	double stride = k_eff ? (double)count / (double)k_eff : 0, off = rndf(&gr);
	long long next_sample_j = 0, next_sample_i = k_eff ? (long long)(off * stride) : count;

	int64_t first_id = -1;
	long long st_count[DS__MAX] = {0}, nsteps = 0, nsupp = 0, napol = 0, napol_late = 0, nlate = 0, nonline = 0, ndocs = 0;
	int64_t dossier_events = 0;
	dossier *dz = malloc(sizeof *dz);
	double t_loop = now_s(), t_last = t_loop;
	int nstaffed = 0;
	for (int i = 0; i < g_noff; i++) nstaffed += g_off[i].has_staff;
	printf("gen: %lld dossiers into %s: %d procedures, %d receiving offices, %d accounts created, seed %" PRIu64 "\n",
	       count, path, g_nproc, nstaffed, acc_created, seed);
	for (long long i = 0; i < count; i++) {
		const plan *x = &pl[i];
		dossier *dd = dz;
		memset(dd, 0, sizeof *dd);
		rng r;
		rng_seed(&r, seed, (uint64_t)i + 1);
		dd->p = &g_proc[x->proc];
		dd->o = &g_off[x->office];
		dd->online = x->online;
		dd->channel = x->online ? "online" : "counter";
		/* The applicant: an account holder online, anybody at the counter. */
		gen_person(&r, &dd->who);
		/* Code: the unit's initials, the creation date and the day's serial. */
		char full[48], prefix[32];
		dossier_rules_code(dd->o->code, x->t, 0, full, sizeof full);
		snprintf(prefix, sizeof prefix, "%.*s", (int)(strrchr(full, '-') - full), full);
		dossier_rules_code(dd->o->code, x->t, next_serial(prefix), dd->code, sizeof dd->code);
		snprintf(dd->subject, sizeof dd->subject, "dossier:%s", dd->code);
		bench_secret(seed, (uint64_t)i, dd->secret);
		dossier_secret_hash(dd->code, dd->secret, dd->sh);
		if (chance(&r, 0.82)) snprintf(dd->phone, sizeof dd->phone, "0%s%07u", PICK(&r, PHONE_PREFIX), rnd(&r, 10000000));
		if (dd->o->commune_level && !dd->o->ward)
			snprintf(dd->addr, sizeof dd->addr, "Bản %s, %s, tỉnh Sơn La", PICK(&r, BAN), dd->o->name);
		else if (dd->o->ward)
			snprintf(dd->addr, sizeof dd->addr, "Tổ dân phố %d, %s, tỉnh Sơn La", rnd_range(&r, 1, 15), dd->o->name);
		else {
			const office *home = &g_off[com[pick_weighted(&r, ccum, ncom)]];
			snprintf(dd->addr, sizeof dd->addr, "%s %s, %s, tỉnh Sơn La", home->ward ? "Tổ dân phố" : "Bản",
			         home->ward ? "5" : PICK(&r, BAN), home->name);
		}

		dd->cit = -1;
		simulate(dd, x->t, &r);
		if (dd->online && chance(&r, 0.35)) {
			char folded[96];
			text_fold(dd->who.name, folded, sizeof folded);
			for (char *q = folded; *q; q++) if (*q == ' ') *q = '.';
			snprintf(dd->email, sizeof dd->email, "%s%d@gmail.com", folded, dd->who.birth_year % 100);
		}
		/* The risk of an open dossier as the risk job computes it now. */
		if (!strcmp(dd->state, "received") || !strcmp(dd->state, "processing"))
			dd->risk = dossier_risk_name(dossier_rules_risk(&g_cal, dd->due, g_now, g_at_risk_min));

		/* The rows. */
		sqlite3_stmt *st = ins_dossier;
		char ts[6][21];
		const int64_t times[6] = {dd->submitted, dd->received, dd->due, dd->original_due, dd->paused, dd->finished};
		const int tcol[6] = {14, 15, 16, 17, 18, 24};
		sqlite3_bind_text(st, 1, dd->code, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, dd->sh, 64, SQLITE_STATIC);
		sqlite3_bind_int64(st, 3, dd->p->id);
		sqlite3_bind_int64(st, 4, dd->o->id);
		sqlite3_bind_int64(st, 5, g_rs.id);
		sqlite3_bind_text(st, 6, dd->channel, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 7, dd->who.name, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 8, dd->who.idn, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 9, dd->phone, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 10, dd->email, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 11, dd->addr, -1, SQLITE_STATIC);
		if (dd->citizen_id) sqlite3_bind_int64(st, 12, dd->citizen_id); else sqlite3_bind_null(st, 12);
		sqlite3_bind_text(st, 13, dd->state, -1, SQLITE_STATIC);
		for (int k = 0; k < 6; k++) {
			if (times[k]) { iso(times[k], ts[k]); sqlite3_bind_text(st, tcol[k], ts[k], 20, SQLITE_STATIC); }
			else sqlite3_bind_null(st, tcol[k]);
		}
		if (dd->holder_id) sqlite3_bind_int64(st, 19, dd->holder_id); else sqlite3_bind_null(st, 19);
		if (dd->holder_unit) sqlite3_bind_int64(st, 20, dd->holder_unit); else sqlite3_bind_null(st, 20);
		sqlite3_bind_int(st, 21, dd->supp);
		sqlite3_bind_int(st, 22, dd->ext);
		sqlite3_bind_text(st, 23, dd->risk, -1, SQLITE_STATIC);
		sqlite3_bind_int(st, 25, dd->late);
		sqlite3_bind_text(st, 26, dd->reason, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 27, dd->result_note, -1, SQLITE_STATIC);
		sqlite3_bind_int(st, 28, dd->version);
		step_done(st, "insert dossier");
		dd->id = sqlite3_last_insert_rowid(g_h);
		if (first_id < 0) first_id = dd->id;
		if (dd->id != first_id + i) die("dossier ids are not consecutive (%" PRId64 " at index %lld)", dd->id, i);
		for (int k = 0; k < dd->nsteps; k++) {
			const step *s = &dd->steps[k];
			char a[21], b[21], c2[21];
			st = ins_step;
			sqlite3_bind_int64(st, 1, dd->id);
			sqlite3_bind_text(st, 2, s->kind, -1, SQLITE_STATIC);
			if (s->holder_id) sqlite3_bind_int64(st, 3, s->holder_id); else sqlite3_bind_null(st, 3);
			sqlite3_bind_int64(st, 4, s->holder_unit);
			sqlite3_bind_text(st, 5, s->name, -1, SQLITE_STATIC);
			sqlite3_bind_text(st, 6, s->title, -1, SQLITE_STATIC);
			iso(s->started, a);
			sqlite3_bind_text(st, 7, a, 20, SQLITE_STATIC);
			if (s->due) { iso(s->due, b); sqlite3_bind_text(st, 8, b, 20, SQLITE_STATIC); } else sqlite3_bind_null(st, 8);
			if (s->ended) { iso(s->ended, c2); sqlite3_bind_text(st, 9, c2, 20, SQLITE_STATIC); } else sqlite3_bind_null(st, 9);
			sqlite3_bind_text(st, 10, s->note, -1, SQLITE_STATIC);
			step_done(st, "insert step");
		}
		for (int k = 0; k < dd->p->ndocs; k++) {
			/* As the service: a row for each document given (all of them once received). */
			if (!dd->provided[k]) continue;
			sqlite3_bind_int64(ins_doc, 1, dd->id);
			sqlite3_bind_int64(ins_doc, 2, dd->p->doc_id[k]);
			sqlite3_bind_int(ins_doc, 3, 1);
			step_done(ins_doc, "insert document");
			ndocs++;
		}
		for (int k = 0; k < dd->nmiss; k++) {
			sqlite3_bind_int64(ins_item, 1, dd->id);
			sqlite3_bind_int64(ins_item, 2, dd->p->doc_id[dd->miss[k]]);
			sqlite3_bind_text(ins_item, 3, dd->miss_reason[k], -1, SQLITE_STATIC);
			step_done(ins_item, "insert supplement item");
		}
		if (dd->apology) {
			char a[21], b[21], c2[21];
			iso(dd->apology_old, a); iso(dd->apology_new, b); iso(dd->apology_at, c2);
			sqlite3_bind_int64(ins_apology, 1, dd->id);
			sqlite3_bind_int64(ins_apology, 2, dd->o->id);
			sqlite3_bind_text(ins_apology, 3, dd->apology_reason, -1, SQLITE_STATIC);
			sqlite3_bind_text(ins_apology, 4, a, 20, SQLITE_STATIC);
			sqlite3_bind_text(ins_apology, 5, b, 20, SQLITE_STATIC);
			sqlite3_bind_text(ins_apology, 6, c2, 20, SQLITE_STATIC);
			sqlite3_bind_int(ins_apology, 7, dd->apology_late);
			sqlite3_bind_int64(ins_apology, 8, dd->apology_by);
			step_done(ins_apology, "insert apology");
			napol++;
			napol_late += dd->apology_late;
		}
		/* The events: everything queued before this dossier's creation first. */
		if (dd->nev) flush_before(dd->evs[0]->t);
		if (dd->nev) dd->evs[dd->nev - 1]->stamp = true;
		for (int k = 0; k < dd->nev; k++) heap_push(dd->evs[k]);
		dossier_events += dd->nev;

		dossier_state sv;
		if (!dossier_state_parse(dd->state, &sv)) st_count[sv]++;
		nsteps += dd->nsteps;
		nsupp += dd->supp > 0;
		nlate += dd->late;
		nonline += dd->online;
		if (i == next_sample_i) {
			fprintf(sf, "%s\t%s\n", dd->code, dd->secret);
			next_sample_j++;
			next_sample_i = next_sample_j < k_eff ? (long long)((double)(next_sample_j + off) * stride) : count;
			if (next_sample_i <= i) next_sample_i = i + 1;
		}
		if ((i + 1) % batch == 0 || i + 1 == count) {
			if (i + 1 == count) while (g_nheap) emit(heap_pop());
			exec("COMMIT");
			double tn = now_s();
			if (tn - t_last >= 2 || i + 1 == count) {
				printf("gen: %lld/%lld dossiers, %" PRId64 " events, %.1f s, %.0f dossiers/s\n", i + 1, count,
				       g_events, tn - t_start, (double)(i + 1) / (tn - t_loop));
				fflush(stdout);
				t_last = tn;
			}
			if (i + 1 < count) exec("BEGIN IMMEDIATE");
		}
	}
	if (!count) exec("COMMIT");
	fclose(sf);
	double t_gen = now_s() - t_loop;
	g_events_dossier = dossier_events;

	/* The reports, through the case service itself, after the dossiers' events. */
	demo_reports_stats cst = {0};
	double cases_seconds = 0;
	if (cases) {
		char vault[4200], csp[4200];
		snprintf(vault, sizeof vault, "%s.vault.key", path);
		case_vault_set_key_path(vault);
		snprintf(csp, sizeof csp, "%s", cases_sample_out ? cases_sample_out : "");
		if (!cases_sample_out) snprintf(csp, sizeof csp, "%s.cases.sample.tsv", path);
		FILE *cf = fopen(csp, "w");
		if (!cf) die("cannot write %s", csp);
		demo_report_unit *gu = calloc((size_t)g_noff, sizeof *gu);
		int ngu = 0;
		double wcom = 0;
		int nprov = 0;
		for (int i = 0; i < g_noff; i++) {
			if (!g_off[i].has_staff) continue;
			if (g_off[i].commune_level) wcom += g_off[i].weight;
			else if (strcmp(g_off[i].code, "thanh-tra-tinh")) nprov++;
		}
		for (int i = 0; i < g_noff; i++) {
			const office *o = &g_off[i];
			if (!o->has_staff) continue;
			demo_report_unit *u = &gu[ngu++];
			u->code = o->code;
			u->name = o->name;
			u->commune = o->commune_level;
			/* The provincial offices get a fifth of the reports, the communes and wards the rest by
			 * their volume of dossiers; nobody reports the Inspectorate (it handles denunciations). */
			u->weight = o->commune_level ? o->weight : strcmp(o->code, "thanh-tra-tinh") ? 0.25 * wcom / nprov : 0;
			u->head = o->st[S_HEAD].login;
			u->deputy = o->st[S_DEPUTY].login;
			u->officer[0] = o->st[S_OFF1].login;
			u->officer[1] = o->st[S_OFF2].login;
			u->officer[2] = o->st[S_OFF3].login;
			u->counter = o->st[S_COUNTER].login;
		}
		/* Reports only from the day the rules for them (and the calendar's rule set) are in force. */
		int64_t c_start = g_start;
		{
			sqlite3_stmt *st = prep("SELECT max((SELECT min(effective_from) FROM case_rule_sets),"
			                        " (SELECT min(effective_from) FROM rule_sets))");
			if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) == SQLITE_TEXT) {
				int32_t day;
				if (!cal_parse_date((const char *)sqlite3_column_text(st, 0), &day) && cal_local(day, 0) > c_start)
					c_start = cal_local(day, 0);
			}
			sqlite3_finalize(st);
		}
		if (c_start >= g_now) die("no case rules in force during the period");
		demo_reports_opts co = {.seed = seed, .start = c_start, .now = g_now, .n = cases, .sample_k = sample_k, .sample = cf};
		demo_reports *rp;
		if (demo_reports_begin(d, gu, ngu, &co, &rp, &e)) die("reports: %s", e.en ? e.en : "?");
		printf("gen: %lld reports over %d units, every command through case_exec\n", cases, ngu);
		fflush(stdout);
		/* Many commands share one transaction (each a savepoint of it), with synchronous=OFF. */
		double t0 = now_s(), t_seen = t0, t_mark = t0, c_mark = cpu_s();
		long long in_tx = 0, mark_commands = 0;
		if (db_hold_begin(d, &e)) die("begin: %s", e.en ? e.en : "?");
		while (demo_reports_next_at(rp) != INT64_MAX) {
			if (demo_reports_step(rp, &e)) die("reports: %s (%s)", e.en ? e.en : "?", e.field ? e.field : "");
			if (++in_tx < batch) continue;
			if (db_hold_end(d, true, &e) || db_hold_begin(d, &e)) die("commit: %s", e.en ? e.en : "?");
			in_tx = 0;
			double tn = now_s();
			if (tn - t_seen >= 2) {
				const demo_reports_stats *s = demo_reports_stats_of(rp);
				/* The rate over the whole run and over the last stretch (does it slow down as the database grows?). */
				double cn = cpu_s();
				printf("gen: %lld reports received, %lld commands, %.1f s, %.0f commands/s; lately %.0f commands/s,"
				       " %.0f per CPU second\n", s->cases, s->commands, tn - t0, (double)s->commands / (tn - t0),
				       (double)(s->commands - mark_commands) / (tn - t_mark),
				       cn > c_mark ? (double)(s->commands - mark_commands) / (cn - c_mark) : 0.0);
				fflush(stdout);
				t_seen = tn;
				if (tn - t_mark >= 30) { t_mark = tn; c_mark = cn; mark_commands = s->commands; }
			}
		}
		if (db_hold_end(d, true, &e)) die("commit: %s", e.en ? e.en : "?");
		clock_simulate(0);
		cst = *demo_reports_stats_of(rp);
		demo_reports_end(rp);
		cases_seconds = now_s() - t0;
		fclose(cf);
		free(gu);
		sqlite3_stmt *st = prep("SELECT state, count(*) FROM cases GROUP BY state ORDER BY 2 DESC");
		printf("gen: reports: %lld received, %lld commands (%.2f per report), %lld refused by the rules,"
		       " %lld deadline runs, %.1f s, %.0f commands/s; states:", cst.cases, cst.commands,
		       cst.cases ? (double)cst.commands / (double)cst.cases : 0.0, cst.refused, cst.ticks, cases_seconds,
		       cases_seconds > 0 ? (double)cst.commands / cases_seconds : 0.0);
		while (sqlite3_step(st) == SQLITE_ROW)
			printf(" %s %lld", (const char *)sqlite3_column_text(st, 0), (long long)sqlite3_column_int64(st, 1));
		printf("\ngen: reports sample: %lld pairs in %s\n", cases < sample_k ? cases : sample_k, csp);
		sqlite3_finalize(st);
	}

	/* The ratings, through the product's own rating command (ratings_demo_rate: the
	 * tracking code and secret, its rules, counters and event), each at a time a few
	 * hours to three days after the dossier's result, never after now. */
	long long rated = 0, unhappy = 0;
	double ratings_seconds = 0;
	if (ratings) {
		double t0 = now_s();
		sqlite3_stmt *st = prep("SELECT count(*) FROM dossiers WHERE id BETWEEN ?1 AND ?2 AND state IN ('result_ready','returned')");
		sqlite3_bind_int64(st, 1, first_id);
		sqlite3_bind_int64(st, 2, first_id + count - 1);
		long long eligible = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
		sqlite3_finalize(st);
		double p = eligible ? (double)ratings / (double)eligible : 0;
		rng rr;
		rng_seed(&rr, seed, UINT64_C(0x726174696e6773));   /* "ratings" */
		st = prep("SELECT id, code, finished_at FROM dossiers WHERE id BETWEEN ?1 AND ?2"
		          " AND state IN ('result_ready','returned') AND finished_at IS NOT NULL ORDER BY id");
		sqlite3_bind_int64(st, 1, first_id);
		sqlite3_bind_int64(st, 2, first_id + count - 1);
		long long in_tx = 0;
		if (db_hold_begin(d, &e)) die("begin: %s", e.en ? e.en : "?");
		while (sqlite3_step(st) == SQLITE_ROW) {
			if (!chance(&rr, p)) continue;
			int64_t id = sqlite3_column_int64(st, 0);
			char code[48], secret[9];
			snprintf(code, sizeof code, "%s", (const char *)sqlite3_column_text(st, 1));
			int64_t t = clock_parse_iso((const char *)sqlite3_column_text(st, 2)) + 3600 + rnd_range(&rr, 0, 3 * 86400);
			if (t >= g_now) continue;
			bench_secret(seed, (uint64_t)(id - first_id), secret);
			clock_simulate(t);
			if (ratings_demo_rate(d, code, secret, rnd(&rr, 1u << 30), &e)) die("rating %s: %s", code, e.en ? e.en : "?");
			rated++;
			if (++in_tx < batch) continue;
			if (db_hold_end(d, true, &e) || db_hold_begin(d, &e)) die("commit: %s", e.en ? e.en : "?");
			in_tx = 0;
		}
		sqlite3_finalize(st);
		if (db_hold_end(d, true, &e)) die("commit: %s", e.en ? e.en : "?");
		clock_simulate(0);
		st = prep("SELECT count(*), sum(level = 'unsatisfied') FROM ratings");
		if (sqlite3_step(st) == SQLITE_ROW) { rated = sqlite3_column_int64(st, 0); unhappy = sqlite3_column_int64(st, 1); }
		sqlite3_finalize(st);
		ratings_seconds = now_s() - t0;
		printf("gen: ratings: %lld of %lld dossiers with a result (%lld unsatisfied), %.1f s, %.0f ratings/s\n", rated,
		       eligible, unhappy, ratings_seconds, ratings_seconds > 0 ? (double)rated / ratings_seconds : 0.0);
	}

	/* The Decision 766 facts and counters of every dossier and report, rebuilt from the
	 * rows as `minhbach` does for a database that has none (the dossiers above were
	 * written as rows, not through the commands that move the counters). */
	{
		double t0 = now_s();
		if (scores_rebuild(d, &e)) die("scores: %s", e.en ? e.en : "?");
		printf("gen: scores: facts and counters built in %.1f s\n", now_s() - t0);
		t0 = now_s();
		if (warn_rebuild_counters(d, &e)) die("warn: %s", e.en ? e.en : "?");
		printf("gen: early warning: counters built in %.1f s\n", now_s() - t0);
	}

	/* Remember what was generated (the benchmark reads it), and leave a small WAL. */
	char meta[256];
	snprintf(meta, sizeof meta, "count=%lld cases=%lld ratings=%lld seed=%" PRIu64 " first_id=%" PRId64 " now=%" PRId64
	         " days=%lld", count, cases, rated, seed, first_id, g_now, days);
	exec("BEGIN IMMEDIATE");
	if (db_meta_set(d, "bench_generated", meta, &e)) die("cannot write meta");
	exec("COMMIT");
	double t_ck = now_s();
	exec("PRAGMA wal_checkpoint(TRUNCATE)");
	t_ck = now_s() - t_ck;
	if (check) {
		double t0 = now_s();
		sqlite3_stmt *st = prep("PRAGMA foreign_key_check");
		int bad = 0;
		while (sqlite3_step(st) == SQLITE_ROW) {
			if (bad++ < 10) fprintf(stderr, "foreign key: %s rowid %lld -> %s\n", sqlite3_column_text(st, 0),
			                        (long long)sqlite3_column_int64(st, 1), sqlite3_column_text(st, 2));
		}
		sqlite3_finalize(st);
		if (bad) die("%d foreign key violations", bad);
		printf("gen: foreign_key_check: none (%.1f s)\n", now_s() - t0);
	}
	sqlite3_finalize(ins_dossier); sqlite3_finalize(ins_step); sqlite3_finalize(ins_doc);
	sqlite3_finalize(ins_item); sqlite3_finalize(ins_apology); sqlite3_finalize(g_ins_event);
	sqlite3_finalize(g_acc_find); sqlite3_finalize(g_acc_ins); sqlite3_finalize(g_ser_count);
	db_close(d);
	cal_free(&g_cal);

	double total = now_s() - t_start;
	printf("gen: done: %lld dossiers (ids %" PRId64 "..%" PRId64 "), %" PRId64 " events (seq %" PRId64 "..%" PRId64
	       "), %d accounts created\n", count, first_id, first_id + (int64_t)count - 1, g_events, seq0 + 1, g_seq, acc_created);
	if (count) printf("gen: per dossier: %.2f events, %.2f steps, %.2f documents; online %.1f%%, supplement requested %.1f%%,"
	       " late %.2f%%, apologies %.2f%% (%lld late)\n",
	       (double)dossier_events / (double)count, (double)nsteps / (double)count, (double)ndocs / (double)count,
	       100.0 * (double)nonline / (double)count, 100.0 * (double)nsupp / (double)count,
	       100.0 * (double)nlate / (double)count, 100.0 * (double)napol / (double)count, napol_late);
	if (count) printf("gen: states:");
	for (int s = 1; s < DS__MAX; s++)
		if (st_count[s]) printf(" %s %.2f%%", dossier_state_name((dossier_state)s), 100.0 * (double)st_count[s] / (double)count);
	if (count) printf("\n");
	printf("gen: time: %.1f s total (plan %.1f s, rows and events %.1f s, checkpoint %.1f s); %.0f dossiers/s,"
	       " %.0f events/s; heap peak %zu events; %d payloads checked against jansson\n",
	       total, t_plan, t_gen, t_ck, (double)count / total, (double)g_events / total, g_maxheap, g_json_checks);
	printf("gen: sample: %lld pairs in %s\n", k_eff, sample_path);
	free(pl);
	return 0;
}
