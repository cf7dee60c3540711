/* forms.c — the printable forms of Circular 03/2025/TT-VPCP as print-friendly
 * HTML with the Vietnamese administrative header: 01 receipt and appointment
 * slip (with a QR code to the tracking page), 02 request to supplement,
 * 03 refusal, 04 apology and new date, 05 notice of stopping, 06 the
 * processing-control slip. */
#include <string.h>

#include "base/calendar.h"
#include "base/clock.h"
#include "dossier/web.h"
#include "procedures/procedures.h"
#include "units/units.h"
#include "web/html.h"
#include "web/i18n.h"
#include "web/qr.h"

static const char *when(web_req *r, int64_t t)
{
	if (!t) return "…";
	char s[32];
	clock_vn_display(t, s, sizeof s);
	return arena_strdup(r->a, s);
}

/* "ngày 27 tháng 11 năm 2026" (Vietnam date), as administrative documents write it. */
static const char *date_words(web_req *r, int64_t t)
{
	int y, m, d;
	cal_ymd(cal_day_of(t), &y, &m, &d);
	return arena_printf(r->a, "ngày %02d tháng %02d năm %d", d, m, y);
}

/* The forms this page knows how to fill; their titles are data of the rule
 * set the dossier was received under (table rule_set_forms). */
static const char *const forms[] = {"01", "02", "03", "04", "05", "06"};

static void header(web_req *r, const char *unit_name, const char *no, const char *title, const char *code, int64_t dated)
{
	r->status = 200;
	r->out_type = "text/html; charset=utf-8";
	H(r, "<!doctype html><html lang=\"vi\"><head><meta charset=\"utf-8\">"
	     "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>%s · %s</title>"
	     "<link rel=\"stylesheet\" href=\"/static/print.css\"><link rel=\"icon\" href=\"/static/favicon.svg\" type=\"image/svg+xml\"></head><body class=\"print\">"
	     "<p class=\"noprint\"><a href=\"/dossiers/%u\">← %s %s</a> · %s</p>"
	     "<div class=\"form-no\">%s</div><table class=\"adm\"><tr><td><span class=\"org\">%s</span><br>"
	     "<strong>BỘ PHẬN TIẾP NHẬN VÀ TRẢ KẾT QUẢ</strong><hr><span>Số: %s</span></td>"
	     "<td><strong>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</strong><br><strong>Độc lập - Tự do - Hạnh phúc</strong><hr>"
	     "<em>Sơn La, %s</em></td></tr></table><h1>%s</h1>",
	  title, code, code, web_t(r, "Về hồ sơ"), code, web_t(r, "In bằng lệnh In của trình duyệt (khổ A4)."),
	  no ? arena_printf(r->a, "Mẫu số %s", no) : "", unit_name, code, date_words(r, dated ? dated : clock_now()), title);
}

static void footer(web_req *r, const char *left, const char *right)
{
	H(r, "<table class=\"sign\"><tr><td>%r</td><td>%r</td></tr></table></body></html>",
	  *left ? arena_printf(r->a, "<strong>%s</strong><br><em>(Ký, ghi rõ họ tên)</em>", left) : "",
	  *right ? arena_printf(r->a, "<strong>%s</strong><br><em>(Ký, ghi rõ họ tên)</em>", right) : "");
}

/* The tracking box: where and how to follow the dossier; with the secret
 * (only on the page right after the dossier was created) a QR code too. */
static void track_box(web_req *r, const char *code, const char *secret)
{
	const char *host = web_header(r, "Host"), *proto = web_header(r, "X-Forwarded-Proto");
	const char *base = arena_printf(r->a, "%s://%s", proto && !strcmp(proto, "https") ? "https" : "http",
	                                host ? host : "127.0.0.1");
	H(r, "<div class=\"track\"><div>Tra cứu tiến độ giải quyết tại <strong>%s/track</strong><br>Mã hồ sơ: <strong class=\"big\">%s</strong><br>"
	     "Mã tra cứu: <strong class=\"big secret\">%s</strong></div>", base, code,
	  secret ? secret : "(chỉ in một lần khi tiếp nhận)");
	if (secret) {
		buf q;
		buf_init(&q, 512);
		buf_adds(&q, base);
		buf_adds(&q, "/track?code=");
		html_url_encode(&q, code);
		buf_adds(&q, "&secret=");
		html_url_encode(&q, secret);
		qr_svg(&r->out, buf_str(&q), 132);
		buf_free(&q);
	}
	H(r, "</div>");
}

static const char *kind_vi(const char *kind)
{
	if (!strcmp(kind, "submitted")) return "Nộp trực tuyến, chờ tiếp nhận";
	if (!strcmp(kind, "reception")) return "Tiếp nhận tại Bộ phận Một cửa";
	if (!strcmp(kind, "processing")) return "Xử lý";
	if (!strcmp(kind, "supplement")) return "Công dân bổ sung hồ sơ";
	if (!strcmp(kind, "result")) return "Trả kết quả tại Bộ phận Một cửa";
	return kind;
}

static int page_print(web_req *r)
{
	err e = {0};
	dossier_row row;
	if (dossier_load_for(r, &row, &e)) return web_error(r, &e);
	const char *no = web_param(r, "form");
	int k = -1;
	for (int i = 0; i < 6; i++) if (!strcmp(no, forms[i])) k = i;
	const char *form_title = NULL;
	if (k >= 0 && dossier_repo_form_title(db_thread(), row.rule_set_id, forms[k], r->a, &form_title) != 1) k = -1;
	if (k < 0) {
		err_set(&e, MB_ENOTFOUND, "not_found", "form", "Không có mẫu này.", "no such form");
		return web_error(r, &e);
	}
	/* Only the forms the dossier's history has issued. */
	bool issued = k == 0 ? row.received_at || !strcmp(row.state, "submitted") || !strcmp(row.channel, "online")
	            : k == 1 ? row.supplement_requests > 0
	            : k == 2 ? !strcmp(row.state, "refused")
	            : k == 3 ? row.extensions > 0
	            : k == 4 ? !strcmp(row.state, "stopped") : true;
	if (!issued) {
		err_set(&e, MB_ENOTFOUND, "not_found", "form", "Hồ sơ chưa có biểu mẫu này.", "this form was not issued for the dossier");
		return web_error(r, &e);
	}
	db *d = db_thread();
	procedure p;
	if (procedures_get_by_id(d, row.procedure_id, r->a, &p, &e) != 1) return web_error(r, &e);
	const char *ucode = auth_unit_code(d, row.unit_id, r->a);
	units_row u;
	const char *uname = ucode;
	/* units is another feature: reach it only through its public header. */
	if (units_get(d, ucode, r->a, &u) == 1) uname = u.name_vi;
	dossier_doc_row *docs;
	int nd = 0;
	if (dossier_repo_docs(d, row.id, r->a, &docs, &nd, &e)) return web_error(r, &e);
	/* Before the counter receives an online dossier there is no receipt yet: the
	 * citizen gets a submission slip (no form number) with the code and the secret. */
	bool pre_receipt = k == 0 && !row.received_at;
	/* Each form is dated when its act happened (the slip of steps: when printed). */
	dossier_step_row *steps;
	int ns = 0;
	if (dossier_repo_steps(d, row.id, r->a, &steps, &ns, &e)) return web_error(r, &e);
	int64_t dated = 0;
	const char *a_reason = "";
	int64_t a_old = row.original_due_at, a_new = row.due_at, a_issued = 0;
	bool apology = dossier_repo_apology_last(d, row.id, r->a, &a_reason, &a_old, &a_new, &a_issued) == 1;
	switch (k) {
	case 0: dated = row.received_at ? row.received_at : row.submitted_at; break;
	case 1: for (int i = 0; i < ns && !dated; i++) if (!strcmp(steps[i].kind, "supplement")) dated = steps[i].started_at; break;
	case 2: case 4: dated = row.finished_at; break;
	case 3: dated = a_issued; break;
	default: break;
	}
	if (pre_receipt) header(r, uname, NULL, "XÁC NHẬN NỘP HỒ SƠ TRỰC TUYẾN", row.code, dated);
	else header(r, uname, forms[k], form_title, row.code, dated);
	H(r, "<table class=\"facts\"><tr><th>Người nộp hồ sơ</th><td><strong>%s</strong></td></tr>", row.applicant_name);
	if (row.applicant_id_number[0]) H(r, "<tr><th>Số định danh cá nhân</th><td>%s</td></tr>", row.applicant_id_number);
	if (row.applicant_address[0]) H(r, "<tr><th>Địa chỉ</th><td>%s</td></tr>", row.applicant_address);
	if (row.applicant_phone[0]) H(r, "<tr><th>Điện thoại</th><td>%s</td></tr>", row.applicant_phone);
	if (row.applicant_email[0]) H(r, "<tr><th>Thư điện tử</th><td>%s</td></tr>", row.applicant_email);
	H(r, "<tr><th>Thủ tục</th><td><strong>%s</strong> <span class=\"code\">(mã %s)</span></td></tr>"
	     "<tr><th>Mã hồ sơ</th><td><strong>%s</strong></td></tr></table>", p.name_vi, p.code, row.code);
	switch (k) {
	case 0: {   /* receipt and appointment */
		const char *secret = auth_form_take(r, "secret");   /* once, right after the receipt */
		if (secret) web_header_add(r, "Cache-Control", "no-store");
		bool online = pre_receipt;
		H(r, "<p>%s</p><ol>", online ? "Thành phần hồ sơ đã nộp trực tuyến:" : "Thành phần hồ sơ đã nhận:");
		for (int i = 0; i < nd; i++)
			if (docs[i].provided) H(r, "<li>%s%s</li>", docs[i].name, docs[i].file_sha256 ? " (tệp đính kèm)" : "");
		H(r, "</ol>");
		if (online)
			H(r, "<p>Thời gian nộp trực tuyến: <strong>%s</strong></p><p>Bộ phận Một cửa sẽ kiểm tra và tiếp nhận hồ sơ; "
			     "thời hạn giải quyết được tính từ khi tiếp nhận và thông báo trên trang tra cứu.</p>", when(r, row.submitted_at));
		else
			H(r, "<p>Thời gian tiếp nhận: <strong>%s</strong></p><p>Thời gian hẹn trả kết quả: <strong>%s</strong></p>",
			  when(r, row.received_at), when(r, row.original_due_at ? row.original_due_at : row.due_at));
		track_box(r, row.code, secret);
		H(r, "<p class=\"small\">Cơ quan giải quyết chỉ được yêu cầu bổ sung hồ sơ MỘT lần. Nếu bị yêu cầu giấy tờ "
		     "không có trong thủ tục đã công bố, bị hẹn lại nhiều lần hoặc bị đòi tiền ngoài phí, lệ phí: hãy phản ánh "
		     "(nút «Bị gây phiền hà? Phản ánh ngay» trên trang tra cứu).</p>");
		if (online) H(r, "</body></html>");
		else footer(r, "NGƯỜI NỘP HỒ SƠ", "NGƯỜI TIẾP NHẬN HỒ SƠ");
		break;
	}
	case 1:   /* supplement request */
		H(r, "<p>Hồ sơ cần bổ sung, hoàn thiện các nội dung sau (yêu cầu một lần, đầy đủ):</p>"
		     "<table class=\"grid\"><thead><tr><th>STT</th><th>Giấy tờ cần bổ sung</th><th>Lý do</th></tr></thead><tbody>");
		for (int i = 0, n = 0; i < nd; i++)
			if (docs[i].supplement_reason)
				H(r, "<tr><td>%d</td><td>%s</td><td>%s</td></tr>", ++n, docs[i].name, docs[i].supplement_reason);
		H(r, "</tbody></table><p>Số lần yêu cầu bổ sung: <strong>%d/1</strong>. Cơ quan giải quyết không được yêu cầu "
		     "bổ sung lần thứ hai.</p>", row.supplement_requests);
		footer(r, "NGƯỜI NỘP HỒ SƠ", "NGƯỜI YÊU CẦU BỔ SUNG");
		break;
	case 2:   /* refusal */
		H(r, "<p>Hồ sơ không được tiếp nhận với lý do: <strong>%s</strong></p>", row.reason);
		const char *secret = auth_form_take(r, "secret");
		if (secret) web_header_add(r, "Cache-Control", "no-store");
		track_box(r, row.code, secret);
		footer(r, "NGƯỜI NỘP HỒ SƠ", "NGƯỜI TIẾP NHẬN HỒ SƠ");
		break;
	case 3:   /* apology and new date */
		if (!apology) {
			H(r, "<p>Hồ sơ chưa có văn bản xin lỗi.</p></body></html>");
			break;
		}
		H(r, "<p>Kính gửi: ông/bà <strong>%s</strong>.</p>"
		     "<p>Cơ quan giải quyết xin lỗi ông/bà vì hồ sơ không giải quyết được đúng hẹn.</p>", row.applicant_name);
		H(r, "<p>Lý do chậm trễ: <strong>%s</strong></p>", a_reason);
		H(r, "<p>Ngày hẹn trả kết quả trước đây: %s.<br>Ngày hẹn trả kết quả mới: <strong>%s</strong> (chỉ hẹn lại một lần).</p>"
		     "<p>Ngày gửi văn bản: %s%s.</p>", when(r, a_old), when(r, a_new), when(r, a_issued),
		  a_issued <= a_old ? " (trước thời hạn trả kết quả)" : " (sau thời hạn trả kết quả)");
		footer(r, "", "THỦ TRƯỞNG CƠ QUAN GIẢI QUYẾT");
		break;
	case 4:   /* stop */
		H(r, "<p>Cơ quan giải quyết thông báo dừng giải quyết hồ sơ với lý do: <strong>%s</strong></p>", row.reason);
		footer(r, "", "THỦ TRƯỞNG CƠ QUAN GIẢI QUYẾT");
		break;
	default: { /* processing-control slip */
		H(r, "<p>Thời gian tiếp nhận: %s · Hẹn trả kết quả: <strong>%s</strong> · Tiến độ: <strong>%s</strong></p>",
		  when(r, row.received_at), when(r, row.due_at), dossier_progress_label_vi(dossier_progress_now(d, &row, r->a)));
		H(r, "<table class=\"grid\"><thead><tr><th>STT</th><th>Nội dung</th><th>Tên cơ quan, người giữ hồ sơ</th>"
		     "<th>Thời gian giao, nhận</th><th>Hạn xử lý</th><th>Kết quả</th></tr></thead><tbody>");
		int64_t now = clock_now();
		for (int i = 0; i < ns; i++) {
			bool late = dossier_rules_step_late(steps[i].due_at, steps[i].ended_at, now);
			bool desk = !steps[i].holder_account_id && strcmp(steps[i].kind, "supplement");
			const char *title = steps[i].holder_title;
			dossier_account acc;
			auth_role role;
			if (!desk && (!title || !*title) && steps[i].holder_account_id &&
			    dossier_repo_account(d, NULL, steps[i].holder_account_id, r->a, &acc, NULL) == 1 &&
			    auth_role_parse(acc.role, &role) == 0)
				title = auth_role_label_vi(role);
			H(r, "<tr%r><td>%d</td><td>%s</td><td>%s<br><em>%s</em></td><td>%s → %s</td><td>%s</td><td>%r</td></tr>",
			  late ? " class=\"late\"" : "", i + 1, kind_vi(steps[i].kind),
			  desk ? "Bộ phận Một cửa" : steps[i].holder_name,
			  desk ? "Bộ phận tiếp nhận và trả kết quả" : title,
			  when(r, steps[i].started_at), steps[i].ended_at ? when(r, steps[i].ended_at) : "đang giữ",
			  steps[i].due_at ? when(r, steps[i].due_at) : "—",
			  !steps[i].due_at ? "Không tính hạn" : late ? (steps[i].ended_at ? "<strong>Trễ hạn</strong>" : "<strong>Quá hạn</strong>")
			                   : steps[i].ended_at ? "Đúng hạn" : "Trong hạn");
		}
		H(r, "</tbody></table>");
		footer(r, "", "");
	}
	}
	return 0;
}

static const web_route routes[] = {
	{"GET", "/dossiers/{code}/print/{form}", AUTH_P_DOSSIERS, page_print, 0},
};

void dossier_forms_install(void)
{
	web_route_add(routes, sizeof routes / sizeof routes[0]);
}
