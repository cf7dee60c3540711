/* history.c — months of generated activity for the demo (history.h). */
#include "demo/history.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "auth/auth.h"
#include "base/calendar.h"
#include "base/clock.h"
#include "cases/cases.h"
#include "demo/gen.h"
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
} hunit;

static const hunit UNITS[] = {
	{"phuong-chieng-coi", "Phường Chiềng Cơi", NULL, "motcua", "xuly", "truongphuong", false},
	{"phuong-to-hieu", "Phường Tô Hiệu", "tohieu", "motcua.tohieu", "xuly.tohieu", "truong.tohieu", true},
	{"xa-chieng-son", "Xã Chiềng Sơn", "chiengson", "motcua.chiengson", "xuly.chiengson", "truong.chiengson", true},
};
enum { NUNITS = sizeof UNITS / sizeof UNITS[0] };
/* Denunciations may be handled by the Provincial Inspectorate. */
static const hunit INSPECTORATE = {"thanh-tra-tinh", "Thanh tra tỉnh", NULL, NULL, "thanhtra", "thanhtra", false};

static const hunit *unit_by_code(const char *code)
{
	for (int i = 0; i < NUNITS; i++)
		if (!strcmp(UNITS[i].code, code)) return &UNITS[i];
	return code && !strcmp(code, INSPECTORATE.code) ? &INSPECTORATE : NULL;
}

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
	}
	return rc;
}

/* --- the lives ----------------------------------------------------------------------------- */

enum { L_DOSSIER, L_CASE, L_TICK };

enum {   /* dossier stages */
	D_RECEIVE, D_ASSIGN, D_REQUEST, D_SUPPLEMENT, D_APOLOGIZE, D_RESULT, D_RETURN, D_STOP, D_WITHDRAW
};
enum {   /* case stages */
	C_RECEIVE, C_ACCEPT, C_ASSIGN, C_VERIFY, C_CONCLUDE, C_PUBLISH, C_RATE
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
	/* cases */
	int ckind;                  /* index into KINDS */
	int text;                   /* index into TEXTS */
	bool named, late, stuck, at_fault;
	int rounds;
} life;

typedef struct hproc { const char *code; int ndocs; int ord[32]; bool quick; double w; } hproc;

typedef struct sim {
	db *d;
	calendar cal;
	int64_t now;
	hproc *procs;
	int nprocs;
	double *pcum;
	int apology_lead_days;
	int played, refused;        /* commands played; commands the rules refused (the life ends there) */
	int dossiers, cases;
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
	return outcome(s, dossier_exec(s->d, &actor, cmd, cmd == DC_RECEIVE ? NULL : l->code, in, a, res, e), e);
}

static int dossier_due(sim *s, life *l, arena *a, int64_t *due, err *e)
{
	dossier_row row;
	int rc = dossier_repo_get(s->d, l->code, a, &row, e);
	if (rc != 1) return rc < 0 ? rc : err_set(e, MB_EINTERNAL, "demo", NULL, "Mất hồ sơ mẫu.", "a demo dossier vanished");
	*due = row.due_at;
	return 0;
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
		if ((rc = dossier_cmd_as(s, l, l->u->counter, DC_RECEIVE, &in, a, &res, e))) return rc;
		snprintf(l->code, sizeof l->code, "%s", res.code);
		snprintf(l->secret, sizeof l->secret, "%s", res.secret);
		s->dossiers++;
		l->out = gen_outcome_draw(r, p->quick, 3.0, &l->f);
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
		if ((rc = dossier_cmd_as(s, l, l->u->counter, DC_RETURN, &in, a, &res, e))) return rc;
		l->t = NEVER;
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

/* --- reports ------------------------------------------------------------------------------- */

static const struct { const char *kind; double share; bool anonymous; } KINDS[] = {
	{"feedback", 0.42, false}, {"petition", 0.15, false}, {"complaint", 0.20, false},
	{"denunciation", 0.15, false}, {"denunciation", 0.08, true},
};

static const struct { const char *category, *title, *body; bool official; } TEXTS[] = {
	{"harassment", "Bị hẹn đi hẹn lại nhiều lần khi nộp hồ sơ",
	 "Tôi đến nộp hồ sơ ba lần, lần nào cũng được hẹn hôm khác mà không được nói rõ còn thiếu gì.", true},
	{"extra_papers", "Bị yêu cầu nộp giấy tờ ngoài thủ tục",
	 "Cán bộ yêu cầu tôi nộp thêm giấy xác nhận cư trú và bản sao có chứng thực, dù thủ tục đã công bố không có.", true},
	{"delay", "Hồ sơ quá hẹn nhưng không nhận được thư xin lỗi",
	 "Hồ sơ của tôi đã quá ngày hẹn trả một tuần nhưng tôi không nhận được thư xin lỗi hay ngày hẹn mới.", false},
	{"rudeness", "Cán bộ tiếp nhận có thái độ thiếu tôn trọng",
	 "Khi tôi hỏi về thành phần hồ sơ, cán bộ trả lời cộc lốc, không hướng dẫn và bảo tôi tự tìm hiểu.", true},
	{"money_demand", "Bị gợi ý đưa tiền để hồ sơ được giải quyết nhanh",
	 "Cán bộ nói nếu muốn có kết quả sớm thì phải \"bồi dưỡng\" thêm 300.000 đồng ngoài lệ phí.", true},
	{"regulation", "Đề nghị niêm yết rõ lệ phí và thời hạn tại Bộ phận Một cửa",
	 "Bảng niêm yết lệ phí đã cũ, chữ mờ, không ghi thời hạn giải quyết; đề nghị niêm yết lại.", false},
	{"other", "Đề nghị bố trí thêm ghế chờ tại Bộ phận Một cửa",
	 "Buổi sáng rất đông người, nhiều cụ già phải đứng chờ lâu; đề nghị bố trí thêm ghế và số thứ tự.", false},
};
enum { NTEXTS = sizeof TEXTS / sizeof TEXTS[0] };

static const char *const SANCTIONS[] = {
	"Khiển trách", "Phê bình, rút kinh nghiệm trước cơ quan", "Cảnh cáo; không bố trí tiếp nhận hồ sơ trong 06 tháng",
};

static int case_cmd_as(sim *s, life *l, const char *login, case_cmd cmd, const case_input *in, arena *a,
                       case_result *res, err *e)
{
	auth_actor actor;
	if (!login) return outcome(s, case_exec(s->d, NULL, cmd, cmd == CC_RECEIVE ? NULL : l->code, in, a, res, e), e);
	if (auth_actor_load(s->d, login, a, &actor, e) != 1)
		return err_set(e, MB_EINTERNAL, "demo", NULL, "Thiếu tài khoản mẫu.", "a demo account is missing");
	return outcome(s, case_exec(s->d, &actor, cmd, l->code, in, a, res, e), e);
}

/* The case as it is now: who handles it (the unit may have changed on
 * receipt, transfer or escalation) and its due time. 0, or 1 when the
 * history has no staff there (the case waits: overdue, escalated). */
static int case_now(sim *s, life *l, arena *a, int64_t *due, err *e)
{
	case_row row;
	int rc = case_get(s->d, l->code, a, &row, e);
	if (rc != 1) return rc < 0 ? rc : err_set(e, MB_EINTERNAL, "demo", NULL, "Mất phản ánh mẫu.", "a demo report vanished");
	l->u = unit_by_code(row.unit_code);
	*due = row.due_at;
	return l->u ? 0 : 1;
}

static int case_step(sim *s, life *l, arena *a, err *e)
{
	gen_rng *r = &l->r;
	case_input in = {0};
	case_result res = {0};
	int64_t t = l->t, due = 0;
	int rc;
	/* Late ones take longer than the clock allows; stuck ones stop somewhere. */
	double f = l->late ? 1.1 + 0.6 * gen_rndf(r) : 0.2 + 0.5 * gen_rndf(r);
	switch (l->stage) {
	case C_RECEIVE: {
		gen_person who;
		gen_person_make(r, &who);
		char email[96], phone[16], addr[160];
		snprintf(phone, sizeof phone, "0%s%07u", GEN_PICK(r, gen_phone_prefix), gen_rnd(r, 10000000));
		snprintf(email, sizeof email, "nguoidan%u@example.vn", gen_rnd(r, 100000));
		snprintf(addr, sizeof addr, "Bản %s, %s, tỉnh Sơn La", GEN_PICK(r, gen_ban), l->u->name);
		in.kind = KINDS[l->ckind].kind;
		in.category = TEXTS[l->text].category;
		in.title = TEXTS[l->text].title;
		in.body = TEXTS[l->text].body;
		in.unit_code = l->u->code;
		in.official_login = l->named ? l->u->counter : NULL;
		in.anonymous = KINDS[l->ckind].anonymous;
		if (!in.anonymous) {
			in.identity.name = who.name;
			in.identity.phone = phone;
			in.identity.email = gen_chance(r, 0.5) ? email : "";
			in.identity.address = addr;
		}
		if ((rc = case_cmd_as(s, l, NULL, CC_RECEIVE, &in, a, &res, e))) return rc;
		snprintf(l->code, sizeof l->code, "%s", res.code);
		snprintf(l->secret, sizeof l->secret, "%s", res.secret);
		s->cases++;
		if ((rc = case_now(s, l, a, &due, e))) { l->t = NEVER; return rc < 0 ? rc : 0; }
		if (l->stuck && gen_chance(r, 0.5)) { l->t = NEVER; return 0; }   /* never accepted: overdue */
		l->stage = C_ACCEPT;
		l->t = frac_time(s, t, due, f);
		return 0;
	}
	case C_ACCEPT:
		if ((rc = case_cmd_as(s, l, l->u->head, CC_ACCEPT, &in, a, &res, e))) return rc;
		l->stage = C_ASSIGN;
		l->t = wadd(s, t, gen_range(r, 30, 480));
		return 0;
	case C_ASSIGN:
		in.to_login = l->u->officer;
		if ((rc = case_cmd_as(s, l, l->u->head, CC_ASSIGN, &in, a, &res, e))) return rc;
		if (l->stuck) { l->t = NEVER; return 0; }   /* on the handler's desk: overdue */
		if ((rc = case_now(s, l, a, &due, e))) { l->t = NEVER; return rc < 0 ? rc : 0; }
		l->stage = C_VERIFY;
		l->t = frac_time(s, t, due, f * 0.6);
		return 0;
	case C_VERIFY:
		in.findings = "Đã làm việc với cán bộ liên quan, đối chiếu sổ theo dõi hồ sơ và lấy ý kiến người dân cùng buổi.";
		if ((rc = case_cmd_as(s, l, l->u->officer, CC_VERIFY, &in, a, &res, e))) return rc;
		if ((rc = case_now(s, l, a, &due, e))) { l->t = NEVER; return rc < 0 ? rc : 0; }
		l->stage = C_CONCLUDE;
		l->t = l->late && due > t ? frac_time(s, t, due, 1.2) : wadd(s, t, gen_range(r, 1, 3) * 480);
		return 0;
	case C_CONCLUDE:
		in.at_fault = l->at_fault;
		in.conclusion = l->at_fault ? "Nội dung phản ánh là đúng: cán bộ đã có hành vi gây phiền hà cho người dân."
		                            : "Không có căn cứ xác định cán bộ có sai phạm; đơn vị đã giải thích cho người dân.";
		in.sanction = l->at_fault && l->named ? SANCTIONS[gen_rnd(r, sizeof SANCTIONS / sizeof SANCTIONS[0])] : NULL;
		if ((rc = case_cmd_as(s, l, l->u->officer, CC_CONCLUDE, &in, a, &res, e))) return rc;
		l->stage = C_PUBLISH;
		l->t = wadd(s, t, gen_range(r, 240, 2 * 480));
		return 0;
	case C_PUBLISH:
		in.result_summary = l->at_fault
			? "Phản ánh đúng. Đơn vị đã xin lỗi người dân, chấn chỉnh Bộ phận Một cửa và xử lý cán bộ liên quan."
			: "Đã xác minh: không có sai phạm. Đơn vị đã trả lời và hướng dẫn người dân.";
		in.apology_what_wrong = "Người dân bị gây phiền hà khi giải quyết thủ tục hành chính.";
		in.apology_what_done = "Đơn vị đã xin lỗi trực tiếp người dân và chấn chỉnh cách làm việc.";
		in.apology_remedy = "Hồ sơ của người dân được giải quyết ngay; cán bộ liên quan bị xem xét xử lý.";
		if ((rc = case_cmd_as(s, l, l->u->head, CC_PUBLISH, &in, a, &res, e))) return rc;
		l->stage = C_RATE;
		l->t = gen_chance(r, 0.7) ? t + (int64_t)gen_range(r, 1, 10) * 86400 + gen_range(r, 0, 36000) : NEVER;
		return 0;
	case C_RATE:
		in.secret = l->secret;
		in.satisfied = gen_chance(r, l->rounds ? 0.4 : l->at_fault ? 0.8 : 0.6);
		in.reason = in.satisfied ? NULL : "Tôi chưa đồng ý với kết quả: cán bộ vẫn chưa thay đổi cách làm việc.";
		if ((rc = case_cmd_as(s, l, NULL, CC_RATE, &in, a, &res, e))) return rc;
		l->rounds++;
		if (in.satisfied || res.state != CS_REOPENED) { l->t = NEVER; return 0; }   /* resolved, or gone up a level */
		if ((rc = case_now(s, l, a, &due, e))) { l->t = NEVER; return rc < 0 ? rc : 0; }
		l->stage = C_ASSIGN;   /* handled again, by the same handler */
		l->t = wadd(s, t, gen_range(r, 60, 2 * 480));
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
	int nlives = o->dossiers + o->cases + o->days + 2;
	life *lives = calloc((size_t)nlives, sizeof *lives);
	dossier_env env;
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
	for (int i = 0; i < o->cases; i++, n++) {
		life *l = &lives[n];
		l->kind = L_CASE;
		gen_seed(&l->r, seed, (uint64_t)n + 1);
		l->t = start + (int64_t)gen_rnd(&l->r, (uint32_t)days * 86400u);
		double x = gen_rndf(&l->r), acc = 0;
		l->ckind = sizeof KINDS / sizeof KINDS[0] - 1;
		for (size_t k = 0; k < sizeof KINDS / sizeof KINDS[0]; k++)
			if (x < (acc += KINDS[k].share)) { l->ckind = (int)k; break; }
		bool denounce = !strcmp(KINDS[l->ckind].kind, "denunciation");
		l->text = denounce ? (gen_chance(&l->r, 0.7) ? 4 : 0)
		        : !strcmp(KINDS[l->ckind].kind, "petition") ? 5 + (int)gen_rnd(&l->r, 2)
		        : (int)gen_rnd(&l->r, 4);
		l->named = TEXTS[l->text].official && !KINDS[l->ckind].anonymous && gen_chance(&l->r, 0.6);
		l->at_fault = gen_chance(&l->r, l->named ? 0.6 : 0.15);
		l->late = gen_chance(&l->r, 0.2);
		l->stuck = gen_chance(&l->r, 0.1);
		l->u = &UNITS[gen_chance(&l->r, 0.5) ? 0 : 1 + (int)gen_rnd(&l->r, NUNITS - 1)];
	}
	/* The deadline jobs, once a day at 17:30. */
	for (int32_t day = day0; day <= cal_day_of(s.now) && n < nlives; day++, n++) {
		lives[n].kind = L_TICK;
		lives[n].t = cal_local(day, 17 * 60 + 30);
	}
	nlives = n;

	if ((rc = db_durable(d, false, e))) goto done;
	for (;;) {
		life *next = NULL;
		for (int i = 0; i < nlives; i++)
			if (lives[i].t != NEVER && (!next || lives[i].t < next->t)) next = &lives[i];
		if (!next || next->t > s.now) break;
		clock_simulate(next->t);
		arena step;
		arena_init(&step);
		if (next->kind == L_TICK) {
			int changed = 0;
			rc = dossier_mark_risks(d, next->t, &changed, e);
			if (!rc) rc = case_mark_deadlines(d, next->t, &changed, e);
			next->t = NEVER;
		} else {
			rc = next->kind == L_DOSSIER ? dossier_step(&s, next, &step, e) : case_step(&s, next, &step, e);
			if (rc == 1) { rc = 0; next->t = NEVER; }
		}
		arena_free(&step);
		if (rc) break;
	}
	int rc2 = db_durable(d, true, rc ? NULL : e);
	if (!rc) rc = rc2;
	if (!rc && out)
		fprintf(out, "History: %d dossiers and %d reports over %d days (%d commands played, %d refused by the rules; seed %llu).\n",
		        s.dossiers, s.cases, o->days, s.played, s.refused, (unsigned long long)seed);
done:
	clock_simulate(0);
	dossier_env_free(&env);
	free(lives);
	arena_free(&a);
	return rc;
}
