/* history.c — months of generated activity for the demo (history.h). */
#include "demo/history.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "auth/auth.h"
#include "base/calendar.h"
#include "base/clock.h"
#include "cases/cases.h"
#include "delivery/delivery.h"
#include "demo/gen.h"
#include "demo/reports.h"
#include "ratings/ratings.h"
#include "dossier/service.h"
#include "procedures/procedures.h"

/* The units the history uses, with their one-stop officer, specialist and
 * head. The demo accounts of Phường Chiềng Cơi come first (their queues and
 * statistics then show history too); the other staff are created here, with
 * random passwords nobody knows (they are not meant to sign in). */
typedef struct hunit {
	const char *code, *name, *suffix;
	const char *counter, *officer, *head;
	bool made;                  /* staff created by the history */
	double drama;               /* how often a dossier's life goes wrong (gen_outcome_draw; 3: the usual mix) */
	const char *citizen;        /* an applicant who submits online (made with the staff), or NULL */
	double online;              /* the share of dossiers submitted online, where the procedure allows it */
} hunit;

static const hunit UNITS[] = {
	{"phuong-chieng-coi", "Phường Chiềng Cơi", NULL, "motcua", "xuly", "truongphuong", false, 3.0, NULL, 0},
	{"phuong-to-hieu", "Phường Tô Hiệu", "tohieu", "motcua.tohieu", "xuly.tohieu", "truong.tohieu", true, 3.0, NULL, 0},
	{"xa-chieng-son", "Xã Chiềng Sơn", "chiengson", "motcua.chiengson", "xuly.chiengson", "truong.chiengson", true, 3.0,
	 NULL, 0},
	/* Two communes far apart on the scoreboard (/scores): one that serves well and
	 * online, one where dossiers are often late, stuck or stopped. */
	{"xa-van-ho", "Xã Vân Hồ", "vanho", "motcua.vanho", "xuly.vanho", "truong.vanho", true, 0.2, "congdan.vanho", 0.7},
	{"xa-muong-sai", "Xã Mường Sại", "muongsai", "motcua.muongsai", "xuly.muongsai", "truong.muongsai", true, 7.0, NULL, 0},
};
enum { NUNITS = sizeof UNITS / sizeof UNITS[0] };
/* The same units for the reports (the shared player, demo/reports.c): Chiềng Cơi gets half of
 * them; denunciations may be handled by the Provincial Inspectorate, which nobody reports on. */
static const demo_report_unit REPORT_UNITS[] = {
	{"phuong-chieng-coi", "Phường Chiềng Cơi", 0.5, true, "truongphuong", NULL, {"xuly", "xuly", "xuly"}, "motcua"},
	{"phuong-to-hieu", "Phường Tô Hiệu", 0.25, true, "truong.tohieu", NULL,
	 {"xuly.tohieu", "xuly.tohieu", "xuly.tohieu"}, "motcua.tohieu"},
	{"xa-chieng-son", "Xã Chiềng Sơn", 0.25, true, "truong.chiengson", NULL,
	 {"xuly.chiengson", "xuly.chiengson", "xuly.chiengson"}, "motcua.chiengson"},
	{"thanh-tra-tinh", "Thanh tra tỉnh", 0, false, "thanhtra", NULL, {"thanhtra", "thanhtra", "thanhtra"}, NULL},
};

static int make_staff(db *d, gen_rng *r, err *e)
{
	static const struct { auth_role role; const char *title_ward, *title_commune; } ST[] = {
		{ROLE_COUNTER_OFFICER, "Công chức Văn phòng - Thống kê (Bộ phận Một cửa)", "Công chức Văn phòng - Thống kê (Bộ phận Một cửa)"},
		{ROLE_PROCESSING_OFFICER, "Công chức Tư pháp - Hộ tịch", "Công chức Tư pháp - Hộ tịch"},
		{ROLE_UNIT_HEAD, "Chủ tịch UBND phường", "Chủ tịch UBND xã"},
	};
	int rc = 0;
	for (int u = 0; u < NUNITS && !rc; u++) {
		if (!UNITS[u].made) continue;
		const char *logins[3] = {UNITS[u].counter, UNITS[u].officer, UNITS[u].head};
		bool ward = !strncmp(UNITS[u].code, "phuong-", 7);
		for (int k = 0; k < 3 && !rc; k++) {
			gen_person p;
			gen_person_make(r, &p);
			char pw[24];
			auth_password_generate(pw);
			if ((rc = db_begin(d, e))) break;
			rc = auth_account_create(d, &ledger_system, logins[k], p.name, ST[k].role, UNITS[u].code, pw, NULL, e);
			if (!rc) rc = auth_account_set_title(d, &ledger_system, logins[k], ward ? ST[k].title_ward : ST[k].title_commune, e);
			if (rc) db_rollback(d);
			else rc = db_commit(d, e);
		}
		if (!rc && UNITS[u].citizen) {
			gen_person p;
			gen_person_make(r, &p);
			char pw[24];
			auth_password_generate(pw);
			if ((rc = db_begin(d, e))) break;
			rc = auth_account_create(d, &ledger_system, UNITS[u].citizen, p.name, ROLE_CITIZEN, "ubnd-tinh-son-la", pw, NULL, e);
			if (rc) db_rollback(d);
			else rc = db_commit(d, e);
		}
	}
	return rc;
}

/* --- the lives ----------------------------------------------------------------------------- */

enum { L_DOSSIER, L_TICK };

enum {   /* dossier stages */
	D_RECEIVE, D_ASSIGN, D_REQUEST, D_SUPPLEMENT, D_APOLOGIZE, D_RESULT, D_RETURN, D_STOP, D_WITHDRAW
};

typedef struct life {
	int kind, stage;
	int64_t t;                  /* the next command's time; INT64_MAX: nothing more */
	gen_rng r;                  /* its own stream: the draws do not depend on the interleaving */
	const hunit *u;
	char code[48], secret[16];
	/* dossiers */
	int proc;
	gen_outcome out;
	double f;
	int64_t new_due;
	bool online;                /* submitted online by the applicant */
} life;

typedef struct hproc {
	const char *code;
	int ndocs;
	int ord[32];
	bool quick, online;
	double w;
	int64_t fee;                /* the catalogue's fee in đồng; -1 not published, 0 free */
} hproc;

typedef struct sim {
	db *d;
	calendar cal;
	int64_t now;
	hproc *procs;
	int nprocs;
	double *pcum;
	int apology_lead_days;
	int played, refused;        /* commands played; commands the rules refused (the life ends there) */
	int dossiers;
} sim;

static const int64_t NEVER = INT64_MAX;

static int64_t wadd(const sim *s, int64_t t, int64_t minutes) { return cal_add_working_minutes(&s->cal, t, minutes); }

/* Working minutes after `from` at which a fraction f of the time to `to` has passed. */
static int64_t frac_time(const sim *s, int64_t from, int64_t to, double f)
{
	int64_t w = to > from ? cal_working_minutes_between(&s->cal, from, to) : 0;
	if (w < 60) w = 60;
	return wadd(s, from, (int64_t)((double)w * f));
}

/* A command's outcome: 0 played; 1 refused by the rules (this life ends, the
 * history goes on); <0 a failure of the database. */
static int outcome(sim *s, int rc, err *e)
{
	if (rc == 0) { s->played++; return 0; }
	if (rc == MB_EINTERNAL) return rc;
	s->refused++;
	if (getenv("MB_DEMO_DEBUG")) fprintf(stderr, "refused: %s (%s)\n", e->en ? e->en : "?", e->field ? e->field : "");
	memset(e, 0, sizeof *e);
	return 1;
}

static int dossier_cmd_as(sim *s, life *l, const char *login, dossier_cmd cmd, const dossier_input *in,
                          arena *a, dossier_result *res, err *e)
{
	auth_actor actor;
	if (auth_actor_load(s->d, login, a, &actor, e) != 1)
		return err_set(e, MB_EINTERNAL, "demo", NULL, "Thiếu tài khoản mẫu.", "a demo account is missing");
	return outcome(s, dossier_exec(s->d, &actor, cmd, (cmd == DC_RECEIVE || cmd == DC_SUBMIT_ONLINE) && !l->code[0] ? NULL : l->code, in, a, res, e), e);
}

static int dossier_due(sim *s, life *l, arena *a, int64_t *due, err *e)
{
	dossier_row row;
	int rc = dossier_repo_get(s->d, l->code, a, &row, e);
	if (rc != 1) return rc < 0 ? rc : err_set(e, MB_EINTERNAL, "demo", NULL, "Mất hồ sơ mẫu.", "a demo dossier vanished");
	*due = row.due_at;
	return 0;
}

/* The fee, as the counter records it before handing the result over, for a procedure whose
 * catalogue fee is above 0 (a free or unpublished fee: nothing). Drawn from the dossier's own
 * stream: about 65% through the national payment platform (nine in ten of those submitted
 * online), 30% in cash with the receipt (biên lai), 2% waived or halved with the reason, and 3%
 * never recorded (what the early warning's `unpaid` measure looks for). Recorded through
 * delivery_pay by the unit's counter, at the command's simulated time (clock_simulate). */
static int dossier_pay(sim *s, life *l, arena *a, err *e)
{
	gen_rng *r = &l->r;
	int64_t fee = s->procs[l->proc].fee;
	if (fee <= 0) return 0;
	double x = gen_rndf(r);
	if (x < 0.03) return 0;
	bool waive = x < 0.05 && gen_chance(r, 0.5), reduce = x < 0.05 && !waive;
	bool platform = !waive && gen_chance(r, l->online ? 0.9 : 0.67);
	char amount[24], ref[48] = "", receipt[16] = "";
	snprintf(amount, sizeof amount, "%lld", (long long)(waive ? 0 : reduce ? fee / 2 : fee));
	if (platform) {
		int y, m, d;
		cal_ymd(cal_day_of(l->t), &y, &m, &d);
		snprintf(ref, sizeof ref, "PAYGOV-%04d%02d%02d-%08u", y, m, d, gen_rnd(r, 100000000));
	} else if (!waive) {
		snprintf(receipt, sizeof receipt, "BL-%07u", gen_rnd(r, 10000000));
	}
	const char *reason = waive ? GEN_PICK(r, gen_r_fee_waive) : reduce ? GEN_PICK(r, gen_r_fee_reduce) : "";
	delivery_payment_in pay = {
		.fee_vnd = amount,
		.method = waive ? "" : platform ? "national_platform" : "cash",
		.reference = ref,
		.receipt_no = receipt,
		.fee_reason = reason,
	};
	auth_actor actor;
	if (auth_actor_load(s->d, l->u->counter, a, &actor, e) != 1)
		return err_set(e, MB_EINTERNAL, "demo", NULL, "Thiếu tài khoản mẫu.", "a demo account is missing");
	return outcome(s, delivery_pay(s->d, &actor, l->code, &pay, a, e), e);
}

static int dossier_step(sim *s, life *l, arena *a, err *e)
{
	gen_rng *r = &l->r;
	const hproc *p = &s->procs[l->proc];
	dossier_input in = {0};
	dossier_result res = {0};
	int64_t t = l->t, due = 0;
	int rc;
	switch (l->stage) {
	case D_RECEIVE: {
		gen_person who;
		gen_person_make(r, &who);
		char phone[16], addr[160];
		snprintf(phone, sizeof phone, "0%s%07u", GEN_PICK(r, gen_phone_prefix), gen_rnd(r, 10000000));
		snprintf(addr, sizeof addr, "Bản %s, %s, tỉnh Sơn La", GEN_PICK(r, gen_ban), l->u->name);
		in.procedure_code = p->code;
		in.unit_code = l->u->code;
		in.applicant_name = who.name;
		in.applicant_id_number = who.idn;
		in.applicant_phone = phone;
		in.applicant_address = addr;
		for (int k = 0; k < p->ndocs && k < 32; k++) in.provided[in.nprovided++] = p->ord[k];
		if (l->u->citizen && p->online && gen_chance(r, l->u->online)) {
			/* Submitted online by the applicant, then checked and received at the counter. */
			if ((rc = dossier_cmd_as(s, l, l->u->citizen, DC_SUBMIT_ONLINE, &in, a, &res, e))) return rc;
			l->online = true;
			snprintf(l->code, sizeof l->code, "%s", res.code);
			snprintf(l->secret, sizeof l->secret, "%s", res.secret);
			in = (dossier_input){0};
			if ((rc = dossier_cmd_as(s, l, l->u->counter, DC_RECEIVE, &in, a, &res, e))) return rc;
		} else {
			if ((rc = dossier_cmd_as(s, l, l->u->counter, DC_RECEIVE, &in, a, &res, e))) return rc;
			snprintf(l->code, sizeof l->code, "%s", res.code);
			snprintf(l->secret, sizeof l->secret, "%s", res.secret);
		}
		s->dossiers++;
		l->out = gen_outcome_draw(r, p->quick, l->u->drama, &l->f);
		/* A few more forgotten on a desk, and apologised for, than in the benchmark's mix, so that
		 * the overdue lists and the apology register of a few hundred dossiers always show some. */
		if (l->out == GO_NORMAL && gen_chance(r, 0.05)) l->out = GO_STUCK;
		else if (l->out == GO_NORMAL && !p->quick && gen_chance(r, 0.05)) l->out = GO_LATE_APOLOGY;
		l->stage = D_ASSIGN;
		l->t = wadd(s, t, p->quick ? gen_range(r, 2, 25) : gen_range(r, 5, 120)) + gen_rnd(r, 60);
		return 0;
	}
	case D_ASSIGN:
		in.to_login = l->u->officer;
		if ((rc = dossier_cmd_as(s, l, l->u->counter, DC_ASSIGN, &in, a, &res, e))) return rc;
		if ((rc = dossier_due(s, l, a, &due, e))) return rc;
		switch (l->out) {
		case GO_STOP: case GO_WITHDRAW:
			l->stage = l->out == GO_STOP ? D_STOP : D_WITHDRAW;
			l->t = frac_time(s, t, due, 0.2 + 0.5 * gen_rndf(r));
			break;
		case GO_SUPP: case GO_SUPP_ABANDON:
			l->stage = D_REQUEST;
			l->t = frac_time(s, t, due, 0.1 + 0.3 * gen_rndf(r));
			break;
		case GO_LATE_APOLOGY: {
			/* Form 04, at the latest one working day before the due time (most on time, some late). */
			int64_t latest = dossier_rules_apology_deadline(&s->cal, due, s->apology_lead_days);
			int64_t at = gen_chance(r, 0.7) ? latest - gen_range(r, 600, 2 * 86400) : latest + gen_range(r, 1800, 86400);
			if (at <= t) at = t + gen_range(r, 600, 7200);
			l->new_due = wadd(s, due, (int64_t)gen_range(r, 2, 8) * 480);
			if (l->new_due <= at) l->new_due = wadd(s, at, 3 * 480);
			l->stage = D_APOLOGIZE;
			l->t = at;
			break;
		}
		case GO_STUCK:
			l->t = NEVER;   /* forgotten on somebody's desk: overdue */
			break;
		default:
			l->stage = D_RESULT;
			l->t = frac_time(s, t, due, l->f);
		}
		return 0;
	case D_REQUEST:
		in.missing[0] = p->ord[gen_rnd(r, (uint32_t)p->ndocs)];
		in.missing_reason[0] = GEN_PICK(r, gen_r_missing);
		in.nmissing = 1;
		if ((rc = dossier_cmd_as(s, l, l->u->officer, DC_REQUEST_SUPPLEMENT, &in, a, &res, e))) return rc;
		if (l->out == GO_SUPP_ABANDON) {
			/* The citizen never came back; half of them withdrew after a while. */
			l->stage = D_WITHDRAW;
			l->t = gen_chance(r, 0.5) ? wadd(s, t, (int64_t)gen_range(r, 15, 40) * 480) : NEVER;
		} else {
			l->stage = D_SUPPLEMENT;
			l->t = wadd(s, t, (int64_t)gen_range(r, 1, 10) * 480 + gen_range(r, 0, 400));
		}
		return 0;
	case D_SUPPLEMENT:
		in.note = "Công dân nộp bổ sung giấy tờ tại Bộ phận Một cửa";
		if ((rc = dossier_cmd_as(s, l, l->u->counter, DC_SUPPLEMENT, &in, a, &res, e))) return rc;
		if ((rc = dossier_due(s, l, a, &due, e))) return rc;
		l->stage = D_RESULT;
		l->t = frac_time(s, t, due, l->f);
		return 0;
	case D_APOLOGIZE:
		in.new_due = l->new_due;
		in.reason = GEN_PICK(r, gen_r_apology);
		if ((rc = dossier_cmd_as(s, l, l->u->head, DC_APOLOGIZE, &in, a, &res, e))) return rc;
		/* Most then keep the new date; some miss it too. */
		l->stage = D_RESULT;
		l->t = gen_chance(r, 0.8) ? frac_time(s, t, l->new_due, 0.3 + 0.6 * gen_rndf(r))
		                          : wadd(s, l->new_due, gen_range(r, 240, 5 * 480));
		return 0;
	case D_RESULT:
		in.note = GEN_PICK(r, gen_n_result);
		if ((rc = dossier_cmd_as(s, l, l->u->officer, DC_RESULT_READY, &in, a, &res, e))) return rc;
		l->stage = D_RETURN;
		l->t = wadd(s, t, p->quick ? gen_range(r, 3, 90) : (int64_t)(-log(1.0 - gen_rndf(r)) * 700.0)) + gen_rnd(r, 60);
		return 0;
	case D_RETURN:
		if ((rc = dossier_pay(s, l, a, e))) return rc;
		if ((rc = dossier_cmd_as(s, l, l->u->counter, DC_RETURN, &in, a, &res, e))) return rc;
		l->t = NEVER;
		/* About half of the applicants rate the dossier when they collect the result. */
		if (gen_chance(r, 0.5)) return ratings_demo_rate(s->d, l->code, l->secret, gen_rnd(r, 1u << 30), e);
		return 0;
	case D_STOP:
		in.reason = GEN_PICK(r, gen_r_stop);
		if ((rc = dossier_cmd_as(s, l, l->u->head, DC_STOP, &in, a, &res, e))) return rc;
		l->t = NEVER;
		return 0;
	case D_WITHDRAW:
		in.reason = GEN_PICK(r, gen_r_withdraw);
		if ((rc = dossier_cmd_as(s, l, l->u->counter, DC_WITHDRAW, &in, a, &res, e))) return rc;
		l->t = NEVER;
		return 0;
	}
	l->t = NEVER;
	return 0;
}

/* --- the run ------------------------------------------------------------------------------- */

static int load_procedures(sim *s, arena *a, err *e)
{
	procedure *all;
	int n;
	if (procedures_list_active(s->d, a, &all, &n, e)) return MB_EINTERNAL;
	s->procs = arena_alloc(a, sizeof *s->procs * (size_t)(n ? n : 1));
	s->pcum = arena_alloc(a, sizeof *s->pcum * (size_t)(n ? n : 1));
	double acc = 0;
	for (int i = 0; i < n; i++) {
		if (all[i].unit_id || strcmp(all[i].level, "commune")) continue;   /* the communes' and wards' own */
		procedure p;
		if (procedures_get(s->d, all[i].code, a, &p, e) != 1 || p.ndocs == 0) continue;
		hproc *h = &s->procs[s->nprocs];
		h->code = p.code;
		h->ndocs = p.ndocs < 32 ? p.ndocs : 32;
		for (int k = 0; k < h->ndocs; k++) h->ord[k] = p.docs[k].ordinal;
		h->quick = p.processing_days == 0;
		h->online = strcmp(p.online_level, "none") != 0;
		h->fee = p.fee_vnd;
		acc += gen_proc_weight(p.code);
		s->pcum[s->nprocs++] = acc;
	}
	if (!s->nprocs) return err_set(e, MB_EINTERNAL, "demo", NULL, "Không có thủ tục cấp xã.", "no commune-level procedure");
	return 0;
}

int demo_history(db *d, const demo_history_opts *o, FILE *out, err *e)
{
	sim s = {.d = d, .now = o->now ? o->now : clock_now()};
	uint64_t seed = o->seed ? o->seed : 1;
	int64_t start = s.now - (int64_t)o->days * 86400;
	arena a;
	arena_init(&a);
	gen_rng r;
	gen_seed(&r, seed, 0);
	int nlives = o->dossiers + o->days + 2;
	life *lives = calloc((size_t)nlives, sizeof *lives);
	dossier_env env;
	demo_reports *reports = NULL;
	int rc = lives ? 0 : err_set(e, MB_EINTERNAL, "oom", NULL, "Hết bộ nhớ.", "out of memory");
	if (!rc) rc = dossier_env_load(d, 0, start, &a, &env, e);
	if (rc) { free(lives); arena_free(&a); return rc ? rc : MB_EINTERNAL; }
	s.cal = env.cal;
	s.apology_lead_days = env.apology_lead_days;
	clock_simulate(start);
	if ((rc = make_staff(d, &r, e)) || (rc = load_procedures(&s, &a, e))) goto done;

	int n = 0;
	int32_t day0 = cal_day_of(start), days = o->days > 0 ? o->days : 1;
	for (int i = 0; i < o->dossiers; i++, n++) {
		life *l = &lives[n];
		l->kind = L_DOSSIER;
		gen_seed(&l->r, seed, (uint64_t)n + 1);
		int32_t day = cal_next_working_day(&s.cal, day0 + (int32_t)gen_rnd(&l->r, (uint32_t)days) - 1);
		l->t = wadd(&s, cal_local(day, 0), gen_range(&l->r, 1, cal_day_minutes(&s.cal) - 1));
		l->proc = gen_pick_weighted(&l->r, s.pcum, s.nprocs);
		/* Chiềng Cơi, the demo accounts' ward, gets half of them. */
		l->u = &UNITS[gen_chance(&l->r, 0.5) ? 0 : 1 + (int)gen_rnd(&l->r, NUNITS - 1)];
	}
	/* The dossiers' risk job, once a day at 17:30 (the reports' deadline job runs in their player). */
	for (int32_t day = day0; day <= cal_day_of(s.now) && n < nlives; day++, n++) {
		lives[n].kind = L_TICK;
		lives[n].t = cal_local(day, 17 * 60 + 30);
	}
	nlives = n;

	/* The reports, interleaved with the dossiers in time order. */
	demo_reports_opts ro = {.seed = seed, .start = start, .now = s.now, .n = o->cases, .drama = 3.0};
	if ((rc = demo_reports_begin(d, REPORT_UNITS, sizeof REPORT_UNITS / sizeof REPORT_UNITS[0], &ro, &reports, e)))
		goto done;
	if ((rc = db_durable(d, false, e))) goto done;
	for (;;) {
		life *next = NULL;
		for (int i = 0; i < nlives; i++)
			if (lives[i].t != NEVER && (!next || lives[i].t < next->t)) next = &lives[i];
		int64_t rt = demo_reports_next_at(reports);
		if (rt != NEVER && (!next || rt < next->t)) {
			if ((rc = demo_reports_step(reports, e))) break;
			continue;
		}
		if (!next || next->t > s.now) break;
		clock_simulate(next->t);
		arena step;
		arena_init(&step);
		if (next->kind == L_TICK) {
			int changed = 0;
			rc = dossier_mark_risks(d, next->t, &changed, e);
			next->t = NEVER;
		} else {
			rc = dossier_step(&s, next, &step, e);
			if (rc == 1) { rc = 0; next->t = NEVER; }
		}
		arena_free(&step);
		if (rc) break;
	}
	int rc2 = db_durable(d, true, rc ? NULL : e);
	if (!rc) rc = rc2;
	if (!rc && out)
		fprintf(out, "History: %d dossiers and %d reports over %d days (%d commands played, %d refused by the rules; seed %llu).\n",
		        s.dossiers, (int)demo_reports_stats_of(reports)->cases, o->days,
		        s.played + (int)demo_reports_stats_of(reports)->commands,
		        s.refused + (int)demo_reports_stats_of(reports)->refused, (unsigned long long)seed);
done:
	clock_simulate(0);
	demo_reports_end(reports);
	dossier_env_free(&env);
	free(lives);
	arena_free(&a);
	return rc;
}
