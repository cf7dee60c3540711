/* demo.c — demo cases in different states, made through the same commands as
 * real ones: a published harassment case with an apology, a published case
 * without fault, an open complaint, a denunciation at the inspectorate and an
 * anonymous piece of information. */
#include <stdio.h>
#include <string.h>

#include "cases/repo.h"

typedef struct demo_step {
	const char *login;
	case_cmd cmd;
} demo_step;

static int run(db *d, arena *a, const char *login, case_cmd cmd, const char *code, const case_input *in,
               case_result *res, err *e)
{
	auth_actor actor;
	if (!login) return case_exec(d, NULL, cmd, code, in, a, res, e);
	if (auth_actor_load(d, login, a, &actor, e) != 1)
		return err_set(e, MB_EINTERNAL, "demo", NULL, "Thiếu tài khoản mẫu.", "a demo account is missing");
	return case_exec(d, &actor, cmd, code, in, a, res, e);
}

int case_load_demo(db *d, FILE *out, err *e)
{
	static const struct { const char *login, *email; } emails[] = {
		{"truongphuong", "truongphuong@chiengcoi.sonla.gov.vn"},
		{"xuly", "xuly@chiengcoi.sonla.gov.vn"},
		{"thanhtra", "thanhtra@thanhtra.sonla.gov.vn"},
	};
	static const struct {
		const char *kind, *category, *official, *title, *body, *name, *email, *address;
		bool anonymous, at_fault;
		demo_step steps[6];
	} demo[] = {
		{"feedback", "harassment", "motcua", "Bị yêu cầu nộp thêm giấy tờ không có trong thủ tục",
		 "Khi nộp hồ sơ chứng thực, tôi bị yêu cầu nộp thêm bản sao sổ hộ khẩu dù thủ tục không yêu cầu, và phải đi lại ba lần.",
		 "Lò Văn Minh", "lovanminh@example.vn", "Tổ 3, phường Chiềng Cơi", false, true,
		 {{"truongphuong", CC_ACCEPT}, {"truongphuong", CC_ASSIGN}, {"xuly", CC_VERIFY}, {"xuly", CC_CONCLUDE},
		  {"truongphuong", CC_PUBLISH}}},
		{"feedback", "delay", NULL, "Hồ sơ trả chậm hai ngày",
		 "Hồ sơ của tôi hẹn trả thứ Hai nhưng đến thứ Tư mới có kết quả.",
		 "Cầm Thị Lan", "", "Bản Hìn, phường Chiềng Cơi", false, false,
		 {{"truongphuong", CC_ACCEPT}, {"truongphuong", CC_ASSIGN}, {"xuly", CC_VERIFY}, {"xuly", CC_CONCLUDE},
		  {"truongphuong", CC_PUBLISH}}},
		{"complaint", "rudeness", NULL, "Khiếu nại thái độ của cán bộ tiếp nhận",
		 "Cán bộ tiếp nhận nói năng thiếu tôn trọng và từ chối hướng dẫn.",
		 "Quàng Văn Tú", "", "Bản Giảng Lắc, phường Chiềng Cơi", false, false, {{NULL, CC_RECEIVE}}},
		{"denunciation", "money_demand", NULL, "Tố cáo hành vi đòi tiền \"bồi dưỡng\" khi cấp giấy",
		 "Một cán bộ phường gợi ý đưa 500.000 đồng để hồ sơ được giải quyết nhanh.",
		 "Người tố cáo (mẫu)", "", "Phường Chiềng Cơi, tỉnh Sơn La", false, false,
		 {{"thanhtra", CC_ACCEPT}, {"thanhtra", CC_ASSIGN}}},
		{"denunciation", "money_demand", NULL, "Thông tin về việc thu tiền ngoài quy định",
		 "Nghe nói ở bộ phận một cửa có thu thêm tiền ngoài lệ phí.", NULL, NULL, NULL, true, false, {{NULL, CC_RECEIVE}}},
	};
	arena a;
	arena_init(&a);
	int rc = 0;
	for (size_t i = 0; i < sizeof emails / sizeof emails[0] && !rc; i++)
		if (!(rc = db_begin(d, e))) {
			rc = case_repo_account_email_set(d, emails[i].login, emails[i].email, e);
			if (rc || (rc = db_commit(d, e))) db_rollback(d);
		}
	for (size_t i = 0; i < sizeof demo / sizeof demo[0] && !rc; i++) {
		case_input in = {0};
		in.kind = demo[i].kind;
		in.category = demo[i].category;
		in.title = demo[i].title;
		in.body = demo[i].body;
		in.unit_code = "phuong-chieng-coi";
		in.official_login = demo[i].official;
		in.anonymous = demo[i].anonymous;
		in.identity.name = demo[i].name;
		in.identity.email = demo[i].email;
		in.identity.address = demo[i].address;
		case_result res;
		if ((rc = run(d, &a, NULL, CC_RECEIVE, NULL, &in, &res, e))) break;
		char code[32], secret[16];
		snprintf(code, sizeof code, "%s", res.code);
		snprintf(secret, sizeof secret, "%s", res.secret);
		for (int s = 0; s < 6 && demo[i].steps[s].login && !rc; s++) {
			case_input st = {0};
			st.to_login = !strcmp(demo[i].kind, "denunciation") ? "thanhtra" : "xuly";
			st.findings = "Đã làm việc với cán bộ liên quan và đối chiếu sổ theo dõi hồ sơ.";
			st.conclusion = demo[i].at_fault ? "Cán bộ đã yêu cầu giấy tờ ngoài thủ tục đã công bố; phản ánh là đúng."
			                                 : "Hồ sơ trả chậm do hệ thống liên thông gián đoạn; đã có văn bản xin lỗi đúng hạn.";
			st.at_fault = demo[i].at_fault;
			st.sanction = demo[i].at_fault ? "Khiển trách; không bố trí tiếp nhận hồ sơ trong 03 tháng" : NULL;
			st.result_summary = demo[i].at_fault
				? "Phản ánh đúng: cán bộ tiếp nhận yêu cầu nộp giấy tờ không có trong thủ tục. Đơn vị đã xin lỗi và xử lý cán bộ."
				: "Phản ánh được xác minh: chậm do sự cố liên thông, đơn vị không có sai phạm.";
			st.apology_what_wrong = "Người dân bị yêu cầu nộp giấy tờ không có trong thủ tục và phải đi lại nhiều lần.";
			st.apology_what_done = "Đơn vị đã xin lỗi trực tiếp, tiếp nhận hồ sơ ngay trong ngày và chấn chỉnh bộ phận một cửa.";
			st.apology_remedy = "Hồ sơ được giải quyết trước hạn; cán bộ liên quan bị khiển trách.";
			case_result r2;
			rc = run(d, &a, demo[i].steps[s].login, demo[i].steps[s].cmd, code, &st, &r2, e);
		}
		case_row row;
		if (!rc && out && case_get(d, code, &a, &row, e) == 1)
			fprintf(out, "  %-16s secret %s  (%s, %s)\n", code, secret, row.kind, row.state);
	}
	arena_free(&a);
	return rc;
}
