/* forms.c — the printable forms of Circular 03/2025/TT-VPCP as print-friendly
 * HTML with the Vietnamese administrative header: 01 receipt and appointment
 * slip (with a QR code to the tracking page), 02 request to supplement,
 * 03 refusal, 04 apology and new date, 05 notice of stopping, 06 the
 * processing-control slip. */
#include <string.h>

#include "base/clock.h"
#include "dossier/web.h"
#include "procedures/procedures.h"
#include "units/units.h"
#include "web/html.h"
#include "web/qr.h"

static const char *when(web_req *r, int64_t t)
{
	if (!t) return "…";
	char s[32];
	clock_vn_display(t, s, sizeof s);
	return arena_strdup(r->a, s);
}

static const struct { const char *no, *title; } forms[] = {
	{"01", "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ"},
	{"02", "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ"},
	{"03", "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ"},
	{"04", "VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT HỒ SƠ"},
	{"05", "THÔNG BÁO VỀ VIỆC DỪNG GIẢI QUYẾT HỒ SƠ"},
	{"06", "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ"},
};

static void header(web_req *r, const char *unit_name, const char *no, const char *title, const char *code)
{
	r->status = 200;
	r->out_type = "text/html; charset=utf-8";
	H(r, "<!doctype html><html lang=\"vi\"><head><meta charset=\"utf-8\"><title>%s %s</title>"
	     "<link rel=\"stylesheet\" href=\"/static/print.css\"></head><body class=\"print\">"
	     "<p class=\"noprint\"><a href=\"/dossiers/%u\">← %s</a></p>"
	     "<div class=\"form-no\">Mẫu số %s</div><table class=\"adm\"><tr><td><strong>%s</strong><br>"
	     "<strong>BỘ PHẬN TIẾP NHẬN VÀ TRẢ KẾT QUẢ</strong><br>Số: %s</td>"
	     "<td><strong>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</strong><br><u><strong>Độc lập - Tự do - Hạnh phúc</strong></u><br>"
	     "<em>Sơn La, ngày %s</em></td></tr></table><h1>%s</h1>",
	  title, code, code, code, no, unit_name, code, when(r, clock_now()), title);
}

static void footer(web_req *r, const char *left, const char *right)
{
	H(r, "<table class=\"sign\"><tr><td><strong>%s</strong><br><em>(Ký, ghi rõ họ tên)</em></td>"
	     "<td><strong>%s</strong><br><em>(Ký, ghi rõ họ tên)</em></td></tr></table></body></html>", left, right);
}

static int page_print(web_req *r)
{
	err e = {0};
	dossier_row row;
	if (dossier_load_for(r, &row, &e)) return web_error(r, &e);
	const char *no = web_param(r, "form");
	int k = -1;
	for (int i = 0; i < 6; i++) if (!strcmp(no, forms[i].no)) k = i;
	if (k < 0) {
		err_set(&e, MB_ENOTFOUND, "not_found", "form", "Không có mẫu này.", "no such form");
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
	dossier_repo_docs(d, row.id, r->a, &docs, &nd, NULL);
	header(r, uname, forms[k].no, forms[k].title, row.code);
	H(r, "<p>%s: <strong>%s</strong>%r</p><p>Địa chỉ: %s · Điện thoại: %s · Thư điện tử: %s</p>",
	  "Người nộp hồ sơ", row.applicant_name,
	  row.applicant_id_number[0] ? arena_printf(r->a, " · Số định danh: %s", row.applicant_id_number) : "",
	  row.applicant_address, row.applicant_phone, row.applicant_email);
	H(r, "<p>Thủ tục: <strong>%s</strong> (mã %s)</p>", p.name_vi, p.code);
	switch (k) {
	case 0: {   /* receipt and appointment */
		const char *secret = web_query(r, "secret");
		H(r, "<p>Thành phần hồ sơ đã nhận:</p><ol>");
		for (int i = 0; i < nd; i++) if (docs[i].provided) H(r, "<li>%s</li>", docs[i].name);
		H(r, "</ol><p>Thời gian tiếp nhận: <strong>%s</strong></p><p>Thời gian hẹn trả kết quả: <strong>%s</strong></p>",
		  when(r, row.received_at), when(r, row.original_due_at ? row.original_due_at : row.due_at));
		H(r, "<div class=\"track\"><div>Tra cứu tiến độ tại <strong>/track</strong><br>Mã hồ sơ: <strong>%s</strong><br>"
		     "Mã tra cứu: <strong>%s</strong></div>", row.code,
		  secret ? secret : "(chỉ in một lần khi tiếp nhận)");
		if (secret) {
			buf q;
			buf_init(&q, 512);
			buf_printf(&q, "/track?code=%s&secret=%s", row.code, secret);
			const char *host = web_header(r, "Host");
			char *url = arena_printf(r->a, "http://%s%s", host ? host : "127.0.0.1", buf_str(&q));
			qr_svg(&r->out, url, 132);
			buf_free(&q);
		}
		H(r, "</div><p class=\"small\">Cơ quan giải quyết chỉ được yêu cầu bổ sung hồ sơ MỘT lần. Nếu bị yêu cầu giấy tờ "
		     "không có trong thủ tục đã công bố, bị hẹn lại nhiều lần hoặc bị đòi tiền ngoài phí, lệ phí: hãy phản ánh.</p>");
		footer(r, "NGƯỜI NỘP HỒ SƠ", "NGƯỜI TIẾP NHẬN HỒ SƠ");
		break;
	}
	case 1:   /* supplement request */
		H(r, "<p>Hồ sơ cần bổ sung, hoàn thiện các nội dung sau (yêu cầu một lần, đầy đủ):</p><ol>");
		for (int i = 0; i < nd; i++)
			if (docs[i].supplement_reason) H(r, "<li>%s — <em>Lý do: %s</em></li>", docs[i].name, docs[i].supplement_reason);
		H(r, "</ol><p>Số lần yêu cầu bổ sung: %d/1.</p>", row.supplement_requests);
		footer(r, "NGƯỜI NỘP HỒ SƠ", "NGƯỜI YÊU CẦU BỔ SUNG");
		break;
	case 2:   /* refusal */
		H(r, "<p>Hồ sơ không được tiếp nhận với lý do: <strong>%s</strong></p>", row.reason);
		footer(r, "NGƯỜI NỘP HỒ SƠ", "NGƯỜI TIẾP NHẬN HỒ SƠ");
		break;
	case 3: { /* apology and new date */
		H(r, "<p>Cơ quan giải quyết xin lỗi ông/bà <strong>%s</strong> vì hồ sơ không giải quyết được đúng hạn.</p>", row.applicant_name);
		const char *reason = "";
		int64_t old_due = row.original_due_at, new_due = row.due_at, issued = 0;
		dossier_repo_apology_last(d, row.id, r->a, &reason, &old_due, &new_due, &issued);
		H(r, "<p>Lý do chậm trễ: %s</p>", reason);
		H(r, "<p>Ngày hẹn trả kết quả trước đây: %s. Ngày hẹn trả kết quả mới: <strong>%s</strong> (chỉ gia hạn một lần).</p>"
		     "<p>Ngày gửi văn bản: %s.</p>", when(r, old_due), when(r, new_due), when(r, issued));
		footer(r, "", "THỦ TRƯỞNG CƠ QUAN GIẢI QUYẾT");
		break;
	}
	case 4:   /* stop */
		H(r, "<p>Cơ quan giải quyết thông báo dừng giải quyết hồ sơ với lý do: <strong>%s</strong></p>", row.reason);
		footer(r, "", "THỦ TRƯỞNG CƠ QUAN GIẢI QUYẾT");
		break;
	default: { /* processing-control slip */
		dossier_step_row *steps;
		int ns = 0;
		dossier_repo_steps(d, row.id, r->a, &steps, &ns, NULL);
		H(r, "<table class=\"grid\"><thead><tr><th>Tên cơ quan, người giữ</th><th>Thời gian giao, nhận</th><th>Hạn</th><th>Kết quả</th></tr></thead><tbody>");
		for (int i = 0; i < ns; i++) {
			int64_t end = steps[i].ended_at ? steps[i].ended_at : clock_now();
			H(r, "<tr><td>%s<br><em>%s</em></td><td>%s → %s</td><td>%s</td><td>%s</td></tr>",
			  steps[i].holder_name, steps[i].holder_title, when(r, steps[i].started_at),
			  steps[i].ended_at ? when(r, steps[i].ended_at) : "…", when(r, steps[i].due_at),
			  !steps[i].due_at ? "" : end > steps[i].due_at ? "Trễ hạn" : steps[i].ended_at ? "Đúng hạn" : "Trong hạn");
		}
		H(r, "</tbody></table>");
		footer(r, "", "");
	}
	}
	return 0;
}

static const web_route routes[] = {
	{"GET", "/dossiers/{code}/print/{form}", AUTH_P_SIGNED_IN, page_print, 0},
};

void dossier_forms_install(void)
{
	web_route_add(routes, sizeof routes / sizeof routes[0]);
}
