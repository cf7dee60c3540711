/* reports.c — the report-life player (reports.h). Every command goes through
 * case_exec, the product's own service (validation, the pure rules, the vault,
 * the exclusion sets of denunciations, the ledger event, the steps, the
 * statistics kept per day), at the time it happens, in time order; the caller
 * owns the transactions (the benchmark holds many commands in one, each a
 * savepoint of it). */
#include "demo/reports.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "auth/auth.h"
#include "base/arena.h"
#include "base/calendar.h"
#include "base/clock.h"
#include "cases/cases.h"
#include "demo/gen.h"

static const int64_t NEVER = INT64_MAX;


/* --- what reports say ---------------------------------------------------------------------- */

/* Kinds in about the shares the province's reception desks see; an anonymous
 * denunciation is handled as information (Law on Denunciation Art. 25). */
static const struct { const char *kind; double share; bool anonymous; } KINDS[] = {
	{"feedback", 0.46, false}, {"petition", 0.16, false}, {"complaint", 0.19, false},
	{"denunciation", 0.12, false}, {"denunciation", 0.07, true},
};
enum { NKINDS = sizeof KINDS / sizeof KINDS[0] };

/* Channels: the web form first, then the hotline and the counter (entered by staff). */
static const struct { const char *channel; double share; bool staff; } CHANNELS[] = {
	{"web", 0.52, false}, {"hotline", 0.14, true}, {"in_person", 0.12, true}, {"open311", 0.10, false},
	{"email", 0.07, false}, {"post", 0.05, true},
};
enum { NCHANNELS = sizeof CHANNELS / sizeof CHANNELS[0] };

static const struct { const char *category, *title, *body; bool official; } TEXTS[] = {
	{"harassment", "Hẹn nhiều lần mà không nói rõ hồ sơ còn thiếu gì",
	 "Tôi đã đến Bộ phận Một cửa bốn lần để làm thủ tục, mỗi lần được hẹn một ngày khác mà không được hướng dẫn cụ thể.", true},
	{"harassment", "Phải đi lại nhiều lần giữa xã và huyện",
	 "Cán bộ yêu cầu tôi tự mang hồ sơ lên cơ quan cấp trên xin ý kiến rồi mới tiếp nhận, dù việc này là của cơ quan.", true},
	{"extra_papers", "Yêu cầu giấy xác nhận không có trong thủ tục",
	 "Khi nộp hồ sơ, tôi bị yêu cầu bổ sung giấy xác nhận của trưởng bản, trong khi thủ tục đã công bố không có giấy này.", true},
	{"delay", "Quá hạn trả kết quả mà không có thư xin lỗi",
	 "Giấy hẹn ghi trả kết quả từ tuần trước, đến nay tôi hỏi lại vẫn chưa có và không ai báo lý do hay ngày hẹn mới.", false},
	{"rudeness", "Thái độ tiếp công dân chưa đúng mực",
	 "Cán bộ trả lời cộc lốc, không giải thích khi tôi hỏi về lệ phí, còn nói tôi về hỏi người khác.", true},
	{"money_demand", "Gợi ý nộp thêm tiền ngoài lệ phí",
	 "Cán bộ nói muốn lấy kết quả sớm thì phải nộp thêm tiền \"bồi dưỡng\", không có biên lai.", true},
	{"regulation", "Đề nghị niêm yết thời hạn giải quyết bằng tiếng dân tộc",
	 "Nhiều bà con người Mông, người Thái không đọc được bảng niêm yết; đề nghị có bản dịch hoặc người hướng dẫn.", false},
	{"regulation", "Đề nghị cho nộp hồ sơ trực tuyến không cần bản giấy",
	 "Đã nộp trực tuyến nhưng vẫn phải mang bản giấy đến đối chiếu, mất thêm một ngày đi đường.", false},
	{"other", "Đề nghị bố trí thêm chỗ ngồi chờ",
	 "Sáng thứ Hai rất đông người, nhiều cụ già phải đứng chờ lâu; đề nghị có ghế và số thứ tự.", false},
};
enum { NTEXTS = sizeof TEXTS / sizeof TEXTS[0] };

static const char *const SANCTIONS[] = {
	"Khiển trách", "Phê bình, rút kinh nghiệm trước cơ quan", "Cảnh cáo; không bố trí tiếp nhận hồ sơ trong 06 tháng",
	"Điều chuyển vị trí công tác khác",
};
static const char *const NOT_ACCEPT_REASONS[] = {
	"Nội dung đã được giải quyết bằng quyết định có hiệu lực; không có tình tiết mới.",
	"Đơn không ghi rõ nội dung, đã hướng dẫn người gửi bổ sung nhưng không bổ sung.",
	"Việc khiếu nại đã quá thời hiệu, không có trở ngại khách quan.",
};
static const char *const TRANSFER_REASONS[] = {
	"Nội dung thuộc thẩm quyền giải quyết của đơn vị khác.",
	"Cán bộ bị phản ánh công tác tại đơn vị khác.",
};
static const char *const EXTEND_REASONS[] = {
	"Vụ việc phức tạp, cần xác minh thêm tại nhiều nơi.",
	"Cần lấy ý kiến của cơ quan chuyên môn cấp tỉnh.",
};
static const char *const WITHDRAW_REASONS[] = {
	"Tôi đã được giải thích và giải quyết xong, xin rút đơn.",
	"Gia đình đã thống nhất, không đề nghị giải quyết nữa.",
};
#define PICKS(r, arr) ((arr)[gen_rnd((r), (uint32_t)(sizeof(arr) / sizeof(arr)[0]))])

/* --- the lives ----------------------------------------------------------------------------- */

enum { C_RECEIVE, C_SCREEN, C_ACCEPT, C_ASSIGN, C_EXTEND, C_VERIFY, C_CONCLUDE, C_PUBLISH, C_RATE, C_WITHDRAW, C_TICK };
enum { E_NONE, E_NOT_ACCEPT, E_TRANSFER, E_WITHDRAW, E_STUCK_RECEIVED, E_STUCK_ASSIGNED };

typedef struct life {
	int64_t t;                  /* the next command's time; NEVER: nothing more */
	gen_rng r;                  /* its own stream: its draws do not depend on the interleaving */
	int32_t u;                  /* the unit that handles it now (-1: nobody generated there: it waits) */
	int32_t about;              /* the unit reported on */
	uint8_t stage, kind, text, channel, end, rounds;
	bool named, late, at_fault, extend;
	char code[24], secret[16];
} life;

typedef struct demo_reports {
	db *d;
	const demo_report_unit *u;
	int nu;
	calendar cal;
	case_env env;
	demo_reports_opts o;
	life *lives;
	long long nlives;
	int32_t *heap;
	size_t nheap;
	arena keep;                 /* the actors, loaded once */
	auth_actor **actors;        /* per unit: head, deputy, officer 0..2, counter */
	demo_reports_stats st;
	long long received, k_eff, next_i, next_j;
	double stride;
	int rc;                     /* a failure of the database: everything stops */
	err *e;
} gc;

enum { A_HEAD, A_DEPUTY, A_OFF0, A_COUNTER = A_OFF0 + 3, A__N };

static bool life_less(const gc *g, int32_t a, int32_t b)
{
	const life *x = &g->lives[a], *y = &g->lives[b];
	return x->t < y->t || (x->t == y->t && a < b);
}

static void heap_push(gc *g, int32_t i)
{
	size_t k = g->nheap++;
	while (k) {
		size_t p = (k - 1) / 2;
		if (!life_less(g, i, g->heap[p])) break;
		g->heap[k] = g->heap[p];
		k = p;
	}
	g->heap[k] = i;
}

static int32_t heap_pop(gc *g)
{
	int32_t top = g->heap[0], last = g->heap[--g->nheap];
	size_t k = 0, n = g->nheap;
	for (;;) {
		size_t c = 2 * k + 1;
		if (c >= n) break;
		if (c + 1 < n && life_less(g, g->heap[c + 1], g->heap[c])) c++;
		if (!life_less(g, g->heap[c], last)) break;
		g->heap[k] = g->heap[c];
		k = c;
	}
	if (n) g->heap[k] = last;
	return top;
}

static int unit_index(const gc *g, const char *code)
{
	for (int i = 0; code && i < g->nu; i++)
		if (!strcmp(g->u[i].code, code)) return i;
	return -1;
}

static int fail(gc *g, const char *what, const char *login)
{
	if (!g->rc)
		g->rc = g->e->status ? g->e->status
		      : err_set(g->e, MB_EINTERNAL, "demo", NULL, "Lỗi khi phát sinh phản ánh mẫu.", "generating reports failed");
	if (getenv("MB_GEN_DEBUG")) fprintf(stderr, "reports: %s %s: %s\n", what, login ? login : "", g->e->en ? g->e->en : "?");
	return g->rc;
}

/* The account of a unit's staff member (NULL for none: the deputy falls back on the head). */
static const auth_actor *actor(gc *g, int unit, int which)
{
	auth_actor **slot = &g->actors[unit * A__N + which];
	if (!*slot && !g->rc) {
		const demo_report_unit *u = &g->u[unit];
		const char *login = which == A_HEAD ? u->head : which == A_DEPUTY ? (u->deputy ? u->deputy : u->head)
		                  : which == A_COUNTER ? u->counter : u->officer[which - A_OFF0];
		if (!login) return NULL;
		auth_actor *a = arena_alloc(&g->keep, sizeof *a);
		if (auth_actor_load(g->d, login, &g->keep, a, g->e) != 1) { fail(g, "a staff account is missing", login); return NULL; }
		*slot = a;
	}
	return *slot;
}

static int64_t wadd(const gc *g, int64_t t, int64_t minutes) { return cal_add_working_minutes(&g->cal, t, minutes); }

/* Working minutes after `from` at which a fraction f of the time to `to` has passed. */
static int64_t frac_time(const gc *g, int64_t from, int64_t to, double f)
{
	int64_t w = to > from ? cal_working_minutes_between(&g->cal, from, to) : 0;
	if (w < 60) w = 60;
	return wadd(g, from, (int64_t)((double)w * f));
}

/* One command: 0 played, 1 refused by the rules (this life ends). */
static int run(gc *g, life *l, const auth_actor *who, case_cmd cmd, const case_input *in, arena *a, case_result *res)
{
	err e = {0};
	if (g->rc) return 1;
	int rc = case_exec(g->d, who, cmd, cmd == CC_RECEIVE ? NULL : l->code, in, a, res, &e);
	if (rc == MB_EINTERNAL) { *g->e = e; fail(g, case_cmd_name(cmd), l->code); return 1; }
	if (rc) {
		g->st.refused++;
		if (getenv("MB_GEN_DEBUG")) fprintf(stderr, "refused %s %s: %s (%s)\n", case_cmd_name(cmd), l->code,
		                                    e.en ? e.en : "?", e.field ? e.field : "");
		return 1;
	}
	g->st.commands++;
	return 0;
}

/* Where the case is now (receipt, transfer and escalation may move it) and its due time. */
static void whereabouts(gc *g, life *l, arena *a, int64_t *due)
{
	case_row row;
	if (case_get(g->d, l->code, a, &row, g->e) != 1) { fail(g, "a generated report vanished", l->code); l->u = -1; return; }
	l->u = unit_index(g, row.unit_code);
	*due = row.due_at;
}

static void play(gc *g, life *l, arena *a)
{
	gen_rng *r = &l->r;
	case_input in = {0};
	case_result res = {0};
	int64_t t = l->t, due = 0;
	/* Late ones take longer than the clock allows. */
	double f = l->late ? 1.05 + 0.5 * gen_rndf(r) : 0.15 + 0.6 * gen_rndf(r);
	l->t = NEVER;
	switch (l->stage) {
	case C_RECEIVE: {
		const demo_report_unit *about = &g->u[l->about];
		gen_person who;
		gen_person_make(r, &who);
		char email[96], phone[16], addr[200];
		snprintf(phone, sizeof phone, "0%s%07u", GEN_PICK(r, gen_phone_prefix), gen_rnd(r, 10000000));
		snprintf(email, sizeof email, "nguoidan%u@example.vn", gen_rnd(r, 1000000));
		if (about->commune)
			snprintf(addr, sizeof addr, "Bản %s, %s, tỉnh Sơn La", GEN_PICK(r, gen_ban), about->name);
		else
			snprintf(addr, sizeof addr, "Tổ dân phố %d, Phường Chiềng Cơi, tỉnh Sơn La", gen_range(r, 1, 15));
		in.kind = KINDS[l->kind].kind;
		in.category = TEXTS[l->text].category;
		in.title = TEXTS[l->text].title;
		in.body = TEXTS[l->text].body;
		in.channel = CHANNELS[l->channel].channel;
		in.unit_code = about->code;
		in.official_login = l->named ? about->counter : NULL;   /* NULL: nobody named */
		in.anonymous = KINDS[l->kind].anonymous;
		in.lang = "vi";
		if (!in.anonymous) {
			in.identity.name = who.name;
			in.identity.phone = phone;
			in.identity.email = gen_chance(r, 0.4) ? email : "";
			in.identity.address = addr;
			in.identity.id_number = gen_chance(r, 0.5) ? who.idn : "";
		}
		const auth_actor *by = CHANNELS[l->channel].staff ? actor(g, l->about, A_COUNTER) : NULL;   /* none: as the web */
		if (run(g, l, by, CC_RECEIVE, &in, a, &res)) return;
		snprintf(l->code, sizeof l->code, "%s", res.code);
		snprintf(l->secret, sizeof l->secret, "%s", res.secret);
		g->st.cases++;
		whereabouts(g, l, a, &due);
		if (l->u < 0 || l->end == E_STUCK_RECEIVED) return;   /* waits, overdue */
		l->stage = C_SCREEN;
		l->t = frac_time(g, t, due, f * 0.5);
		return;
	}
	case C_SCREEN:   /* the head reads it: not accepted, transferred, or accepted */
		if (l->end == E_NOT_ACCEPT) {
			in.reason = PICKS(r, NOT_ACCEPT_REASONS);
			run(g, l, actor(g, l->u, A_HEAD), CC_NOT_ACCEPT, &in, a, &res);
			return;
		}
		if (l->end == E_TRANSFER) {
			int to = (int)gen_rnd(r, (uint32_t)g->nu);
			if (to == l->u) to = (to + 1) % g->nu;
			in.to_unit = g->u[to].code;
			in.reason = PICKS(r, TRANSFER_REASONS);
			if (run(g, l, actor(g, l->u, A_HEAD), CC_TRANSFER, &in, a, &res)) return;
			l->end = E_NONE;
			whereabouts(g, l, a, &due);
			if (l->u < 0) return;
			l->t = frac_time(g, t, due, 0.3 * gen_rndf(r) + 0.1);
			return;   /* screened again by the new unit */
		}
		/* fall through */
	case C_ACCEPT:
		if (run(g, l, actor(g, l->u, gen_chance(r, 0.8) ? A_HEAD : A_DEPUTY), CC_ACCEPT, &in, a, &res)) return;
		l->stage = C_ASSIGN;
		l->t = wadd(g, t, gen_range(r, 30, 2 * 480));
		return;
	case C_ASSIGN:
		in.to_login = g->u[l->u].officer[(l->rounds + gen_rnd(r, 3)) % 3];
		if (run(g, l, actor(g, l->u, A_HEAD), CC_ASSIGN, &in, a, &res)) return;
		if (l->end == E_STUCK_ASSIGNED) return;   /* on the handler's desk: overdue */
		whereabouts(g, l, a, &due);
		if (l->u < 0) return;
		l->stage = l->end == E_WITHDRAW ? C_WITHDRAW : l->extend ? C_EXTEND : C_VERIFY;
		l->t = l->stage == C_EXTEND ? frac_time(g, t, due, 0.8 + 0.15 * gen_rndf(r)) : frac_time(g, t, due, f * 0.6);
		return;
	case C_EXTEND:
		in.reason = PICKS(r, EXTEND_REASONS);
		if (run(g, l, actor(g, l->u, A_HEAD), CC_EXTEND, &in, a, &res)) return;
		whereabouts(g, l, a, &due);
		l->stage = C_VERIFY;
		l->t = frac_time(g, t, due, f * 0.6);
		return;
	case C_WITHDRAW:
		in.reason = PICKS(r, WITHDRAW_REASONS);
		in.secret = l->secret;
		run(g, l, NULL, CC_WITHDRAW, &in, a, &res);
		return;
	case C_VERIFY: {
		in.findings = "Đã làm việc với cán bộ liên quan, đối chiếu sổ theo dõi hồ sơ và lấy ý kiến người dân cùng buổi.";
		case_row row;
		if (case_get(g->d, l->code, a, &row, g->e) != 1) { fail(g, "a generated report vanished", l->code); return; }
		int h = 0;
		for (int k = 0; k < 3; k++) {
			const auth_actor *o = actor(g, l->u, A_OFF0 + k);
			if (o && o->id == row.handler_account_id) h = k;
		}
		if (run(g, l, actor(g, l->u, A_OFF0 + h), CC_VERIFY, &in, a, &res)) return;
		whereabouts(g, l, a, &due);
		l->stage = C_CONCLUDE;
		l->rounds = (uint8_t)((l->rounds & 0x0f) | (h << 4));
		l->t = l->late && due > t ? frac_time(g, t, due, 1.2) : wadd(g, t, gen_range(r, 1, 3) * 480);
		return;
	}
	case C_CONCLUDE:
		in.at_fault = l->at_fault;
		in.conclusion = l->at_fault ? "Nội dung phản ánh là đúng: cán bộ đã có hành vi gây phiền hà cho người dân."
		                            : "Không có căn cứ xác định cán bộ có sai phạm; đơn vị đã giải thích cho người dân.";
		in.sanction = l->at_fault && l->named ? PICKS(r, SANCTIONS) : NULL;
		if (run(g, l, actor(g, l->u, A_OFF0 + (l->rounds >> 4)), CC_CONCLUDE, &in, a, &res)) return;
		l->stage = C_PUBLISH;
		l->t = wadd(g, t, gen_range(r, 120, 3 * 480));
		return;
	case C_PUBLISH:
		in.result_summary = l->at_fault
			? "Phản ánh đúng. Đơn vị đã xin lỗi người dân, chấn chỉnh Bộ phận Một cửa và xử lý cán bộ liên quan."
			: "Đã xác minh: không có sai phạm. Đơn vị đã trả lời và hướng dẫn người dân.";
		in.apology_what_wrong = "Người dân bị gây phiền hà khi giải quyết thủ tục hành chính.";
		in.apology_what_done = "Đơn vị đã xin lỗi trực tiếp người dân và chấn chỉnh cách làm việc.";
		in.apology_remedy = "Hồ sơ của người dân được giải quyết ngay; cán bộ liên quan bị xem xét xử lý.";
		if (run(g, l, actor(g, l->u, A_HEAD), CC_PUBLISH, &in, a, &res)) return;
		if (gen_chance(r, 0.65)) {
			l->stage = C_RATE;
			l->t = t + (int64_t)gen_range(r, 1, 12) * 86400 + gen_range(r, 0, 36000);
		}
		return;
	case C_RATE: {
		in.secret = l->secret;
		in.satisfied = gen_chance(r, (l->rounds & 0x0f) ? 0.5 : l->at_fault ? 0.8 : 0.65);
		in.reason = in.satisfied ? NULL : "Tôi chưa đồng ý với kết quả: cán bộ vẫn chưa thay đổi cách làm việc.";
		if (run(g, l, NULL, CC_RATE, &in, a, &res)) return;
		l->rounds = (uint8_t)((l->rounds & 0xf0) | ((l->rounds & 0x0f) + 1));
		if (in.satisfied || res.state != CS_REOPENED) return;   /* resolved, or gone up a level */
		whereabouts(g, l, a, &due);
		if (l->u < 0) return;
		l->stage = C_ASSIGN;
		l->extend = false;
		l->t = wadd(g, t, gen_range(r, 60, 2 * 480));
		return;
	}
	}
}

int demo_reports_begin(db *d, const demo_report_unit *units, int nunits, const demo_reports_opts *o,
                       demo_reports **out, err *e)
{
	*out = NULL;
	if (o->n < 0 || nunits <= 0 || o->now <= o->start)
		return err_set(e, MB_EINVAL, "invalid_field", "n", "Thiếu đơn vị hoặc thời gian.", "no units or no time span");
	if (o->n > INT32_MAX / 2) return err_set(e, MB_EINVAL, "invalid_field", "n", "Quá nhiều phản ánh.", "too many reports");
	gc *g = calloc(1, sizeof *g);
	if (!g) return err_set(e, MB_EINTERNAL, "oom", NULL, "Hết bộ nhớ.", "out of memory");
	g->d = d;
	g->u = units;
	g->nu = nunits;
	g->o = *o;
	g->e = e;
	arena_init(&g->keep);
	int rc = case_env_load(d, 0, o->now, &g->keep, &g->env, e);
	if (rc) { arena_free(&g->keep); free(g); return rc; }
	g->cal = g->env.cal;
	int32_t day0 = cal_day_of(o->start), day1 = cal_day_of(o->now);
	long long nticks = day1 - day0 + 1;
	g->nlives = o->n + nticks;
	g->lives = calloc((size_t)g->nlives, sizeof *g->lives);
	g->heap = calloc((size_t)g->nlives, sizeof *g->heap);
	g->actors = calloc((size_t)nunits * A__N, sizeof *g->actors);
	double *ucum = calloc((size_t)nunits, sizeof *ucum);
	if (!g->lives || !g->heap || !g->actors || !ucum) {
		free(ucum);
		demo_reports_end(g);
		return err_set(e, MB_EINTERNAL, "oom", NULL, "Hết bộ nhớ.", "out of memory");
	}
	for (int i = 0; i < nunits; i++) ucum[i] = (i ? ucum[i - 1] : 0) + units[i].weight;
	double kcum[NKINDS], ccum[NCHANNELS];
	for (int i = 0; i < NKINDS; i++) kcum[i] = (i ? kcum[i - 1] : 0) + KINDS[i].share;
	for (int i = 0; i < NCHANNELS; i++) ccum[i] = (i ? ccum[i - 1] : 0) + CHANNELS[i].share;

	/* Receipt times: more reports as the service becomes known (from half to one and a half
	 * times the mean over the period), fewer around Tết and in the summer months, and by
	 * channel: staff enter theirs in opening hours, the rest come at any time of day. */
	static const double MONTH[12] = {0.7, 0.6, 1.1, 1.1, 1.0, 0.9, 0.8, 0.9, 1.1, 1.2, 1.2, 1.1};
	for (long long i = 0; i < o->n; i++) {
		life *l = &g->lives[i];
		gen_seed(&l->r, o->seed ^ UINT64_C(0x5ca1ab1e), (uint64_t)i + 1);
		gen_rng *r = &l->r;
		l->channel = (uint8_t)gen_pick_weighted(r, ccum, NCHANNELS);
		for (;;) {
			int64_t t = o->start + (int64_t)(gen_rndf(r) * (double)(o->now - o->start));
			int y, m, dd;
			cal_ymd(cal_day_of(t), &y, &m, &dd);
			double w = (0.5 + (double)(t - o->start) / (double)(o->now - o->start)) * MONTH[m - 1] / 1.5 / 1.2;
			if (gen_rndf(r) >= w) continue;
			if (CHANNELS[l->channel].staff) {
				int32_t day = cal_next_working_day(&g->cal, cal_day_of(t) - 1);
				t = wadd(g, cal_local(day, 0), gen_range(r, 1, cal_day_minutes(&g->cal) - 1));
			}
			if (t >= o->now) continue;
			l->t = t;
			break;
		}
		l->kind = (uint8_t)gen_pick_weighted(r, kcum, NKINDS);
		bool denounce = !strcmp(KINDS[l->kind].kind, "denunciation");
		bool petition = !strcmp(KINDS[l->kind].kind, "petition");
		l->text = (uint8_t)(denounce ? (gen_chance(r, 0.6) ? 5 : gen_rnd(r, 2))
		                   : petition ? 6 + gen_rnd(r, 3) : gen_rnd(r, 6));
		/* By the units' weights (the caller's shares of the province's reports). */
		l->about = l->u = gen_pick_weighted(r, ucum, nunits);
		l->named = TEXTS[l->text].official && !KINDS[l->kind].anonymous && units[l->about].counter && gen_chance(r, 0.55);
		l->at_fault = gen_chance(r, l->named ? 0.55 : 0.15);
		double dr = o->drama > 0 ? o->drama : 1;
		l->late = gen_chance(r, 0.12 * dr);
		l->extend = gen_chance(r, 0.08);
		double x = gen_rndf(r) / dr;
		l->end = x < 0.05 ? E_NOT_ACCEPT : x < 0.09 && !denounce ? E_TRANSFER : x < 0.12 ? E_WITHDRAW
		       : x < 0.13 ? E_STUCK_RECEIVED : x < 0.14 ? E_STUCK_ASSIGNED : E_NONE;
		l->stage = C_RECEIVE;
		heap_push(g, (int32_t)i);
	}
	for (long long k = 0; k < nticks; k++) {
		life *l = &g->lives[o->n + k];
		l->stage = C_TICK;
		l->t = cal_local(day0 + (int32_t)k, 17 * 60 + 30);
		if (l->t > o->start && l->t < o->now) heap_push(g, (int32_t)(o->n + k));
	}
	free(ucum);

	/* Samples: K of the reports, spread evenly over the receipt order. */
	g->k_eff = o->sample_k > o->n ? o->n : o->sample_k;
	g->stride = g->k_eff ? (double)o->n / (double)g->k_eff : 0;
	g->next_i = g->k_eff ? 0 : -1;
	*out = g;
	return 0;
}

int64_t demo_reports_next_at(demo_reports *g)
{
	while (g->nheap) {
		const life *l = &g->lives[g->heap[0]];
		if (l->t < g->o.now) return l->t;
		/* Due after now: it does not happen. */
		heap_pop(g);
	}
	return NEVER;
}

int demo_reports_step(demo_reports *g, err *e)
{
	g->e = e;
	if (g->rc) return g->rc;
	if (demo_reports_next_at(g) == NEVER) return 0;
	int32_t i = heap_pop(g);
	life *l = &g->lives[i];
	clock_simulate(l->t);
	if (l->stage == C_TICK) {
		int changed = 0;
		int rc = case_mark_deadlines(g->d, l->t, &changed, e);
		if (rc) return g->rc = rc;
		g->st.ticks++;
		return 0;
	}
	bool receipt = l->stage == C_RECEIVE;
	arena a;
	arena_init(&a);
	play(g, l, &a);
	arena_free(&a);
	if (g->rc) return g->rc;
	if (receipt && l->code[0]) {
		if (g->received == g->next_i && g->o.sample) {
			fprintf(g->o.sample, "%s\t%s\n", l->code, l->secret);
			g->next_j++;
			g->next_i = g->next_j < g->k_eff ? (long long)((double)g->next_j * g->stride) : -1;
		}
		g->received++;
	}
	if (l->t != NEVER && l->t < g->o.now) heap_push(g, i);
	return 0;
}

const demo_reports_stats *demo_reports_stats_of(const demo_reports *g) { return &g->st; }

void demo_reports_end(demo_reports *g)
{
	if (!g) return;
	case_env_free(&g->env);
	free(g->lives);
	free(g->heap);
	free(g->actors);
	arena_free(&g->keep);
	free(g);
}
