/* demo.c — inspections of businesses in the demo: businesses of Sơn La with
 * valid tax codes, the 2027 plans of four bodies with one overlap left for the
 * Inspectorate, and a 2026 inspection carried out, concluded and published,
 * whose rating code and secret are printed with the other demo codes. */
#include <stdio.h>
#include <string.h>

#include "base/embed.h"
#include "biz/internal.h"

/* 9-digit prefixes: Sơn La's codes start with 55; the check digit is computed
 * (a prefix whose check would be 10 takes the next number). */
static const struct { long prefix; const char *kind, *name, *address, *commune, *lines; } firms[] = {
	{550012340, "enterprise", "Công ty Cổ phần Giống bò sữa Cao Nguyên", "Tiểu khu 70, phường Mộc Châu", "phuong-moc-chau", "Chăn nuôi bò sữa; chế biến sữa"},
	{550023451, "enterprise", "Công ty TNHH Chè Shan tuyết Tà Xùa", "Bản Tà Xùa, xã Bắc Yên", "xa-bac-yen", "Trồng và chế biến chè"},
	{550034562, "enterprise", "Công ty Cổ phần Xi măng Mai Sơn", "Tiểu khu 3, xã Mai Sơn", "xa-mai-son", "Sản xuất xi măng; khai thác đá vôi"},
	{550045673, "enterprise", "Công ty TNHH Mía đường Hát Lót", "Tiểu khu 12, xã Mai Sơn", "xa-mai-son", "Sản xuất đường"},
	{550056784, "enterprise", "Công ty TNHH Cà phê Chiềng Ban", "Bản Nà Si, phường Chiềng Sinh", "phuong-chieng-sinh", "Trồng, rang xay cà phê"},
	{550067895, "enterprise", "Khách sạn Hoa Ban Trắng", "Số 8 đường Tô Hiệu, phường Tô Hiệu", "phuong-to-hieu", "Lưu trú; ăn uống"},
	{550078906, "enterprise", "Công ty TNHH Xây dựng Thuận Châu", "Tiểu khu 1, xã Thuận Châu", "xa-thuan-chau", "Xây dựng công trình dân dụng"},
	{550089017, "household", "Hộ kinh doanh Nhà thuốc Hương Giang", "Số 21 đường Chu Văn Thịnh, phường Chiềng Cơi", "phuong-chieng-coi", "Bán lẻ thuốc"},
	{550090128, "household", "Hộ kinh doanh Lò Văn Pánh (quán ăn dân tộc)", "Bản Hụm, phường Chiềng Cơi", "phuong-chieng-coi", "Ăn uống"},
	{550101239, "household", "Hộ kinh doanh Cầm Thị Hoa", "Chợ trung tâm Yên Châu", "xa-yen-chau", "Bán lẻ tạp hóa; xoài Yên Châu"},
	{550112340, "individual", "Cá nhân kinh doanh Quàng Văn Thái", "Bản Nà Ngần, xã Sông Mã", "xa-song-ma", "Vận tải hàng hóa bằng xe tải"},
	{550123451, "enterprise", "Hợp tác xã Dịch vụ Nông nghiệp Vân Hồ", "Bản Suối Lìn, xã Vân Hồ", "xa-van-ho", "Rau an toàn; mận hậu"},
};
enum { NFIRMS = sizeof firms / sizeof firms[0] };

static void code_of(long prefix, char out[11])
{
	for (long p = prefix % 1000000000;; p = (p + 1) % 1000000000) {
		long q = p;
		for (int i = 8; i >= 0; i--, q /= 10) out[i] = (char)('0' + q % 10);
		int c = biz_tax_check_digit(out);
		if (c >= 0) { out[9] = (char)('0' + c); out[10] = 0; return; }
	}
}

/* A body acting in the demo: its demo account when there is one, else its head as the system records it. */
static int body(db *d, const char *login, const char *unit, arena *a, auth_actor *out, err *e)
{
	if (login) {
		int rc = auth_actor_load(d, login, a, out, e);
		return rc == 1 ? 0 : rc < 0 ? rc : err_set(e, MB_EINTERNAL, "no_account", NULL, "Thiếu tài khoản mẫu.", "demo account missing");
	}
	memset(out, 0, sizeof *out);
	int rc = auth_unit_id(d, unit, &out->unit_id, e);
	if (rc != 1) return rc < 0 ? rc : err_set(e, MB_EINTERNAL, "no_unit", NULL, "Thiếu đơn vị.", "unit missing");
	out->role = ROLE_UNIT_HEAD;
	out->unit_code = unit;
	out->login = "";
	out->ledger = ledger_system;
	return 0;
}

typedef struct plan_row { int firm; const char *kind, *subject, *months, *basis; } plan_row;

static int plan(db *d, const auth_actor *by, int year, const plan_row *rows, int n, const char *late, bool submit, arena *a,
                biz_plan *p, biz_entry *last, err *e)
{
	bool created;
	int rc = biz_plan_open(d, by, year, a, p, &created, e);
	for (int i = 0; !rc && i < n; i++) {
		char tax[11];
		code_of(firms[rows[i].firm].prefix, tax);
		biz_entry_in in = {.tax_code = tax, .kind = rows[i].kind, .subject = rows[i].subject, .legal_basis = rows[i].basis,
		                   .months = rows[i].months, .team_lead = i % 2 ? "Lường Văn Khánh" : "Đinh Thị Phương"};
		rc = biz_entry_add(d, by, p->id, &in, a, last, e);
	}
	if (!rc && submit) rc = biz_plan_submit(d, by, p->id, late, a, p, e);
	return rc;
}

int biz_load_demo(db *d, FILE *ls, err *e)
{
	arena a;
	arena_init(&a);
	int rc = 0;
	auth_actor insp, yte, ct, nn;
	if ((rc = body(d, "thanhtra", NULL, &a, &insp, e)) || (rc = body(d, "giamdocsoyte", NULL, &a, &yte, e)) ||
	    (rc = body(d, NULL, "so-cong-thuong", &a, &ct, e)) || (rc = body(d, NULL, "so-nong-nghiep-va-moi-truong", &a, &nn, e)))
		goto out;
	for (int i = 0; i < NFIRMS && !rc; i++) {
		char tax[11];
		code_of(firms[i].prefix, tax);
		biz_business_in in = {tax, firms[i].kind, firms[i].name, firms[i].address, firms[i].commune, firms[i].lines};
		biz_business b;
		bool created;
		rc = biz_register(d, &insp, &in, &a, &b, &created, e);
	}
	if (rc) goto out;
	/* 2026: the Department of Health's plan, submitted late with its reason, approved; one check carried out. */
	biz_plan p;
	biz_entry x;
	static const plan_row y26[] = {{7, "kiem_tra", "y-te", "10", "Luật Dược 2016; Nghị định 117/2020/NĐ-CP"}};
	rc = plan(d, &yte, 2026, y26, 1, "Kế hoạch bổ sung theo chỉ đạo của Ủy ban nhân dân tỉnh về kiểm tra nhà thuốc", true, &a,
	          &p, &x, e);
	if (!rc) rc = biz_plan_approve(d, &insp, p.id, &a, &p, e);
	char secret[16];
	if (!rc) rc = biz_start(d, &yte, x.code, "2026-10-12", &a, &x, secret, e);
	if (!rc) rc = biz_end(d, &yte, x.code, "2026-10-16", NULL, &a, &x, e);
	const struct embedded_file *pdf = embed_find("data/demo_result.pdf");
	if (!rc && pdf)
		rc = biz_conclude(d, &yte, x.code, pdf->data, pdf->size,
		                  "Nhà thuốc bảo quản thuốc đúng quy định; sổ theo dõi nhiệt độ, độ ẩm ghi chưa đầy đủ tháng 8/2026.",
		                  "Nhắc nhở; yêu cầu ghi đầy đủ sổ theo dõi.", &a, &x, e);
	if (!rc && ls)
		fprintf(ls, "  inspection %s of %s: code %s secret %s (rate it on /doanh-nghiep/%s)\n", x.code, x.tax_code, x.code,
		        secret, x.tax_code);
	/* 2026: an ad-hoc inspection by the Inspectorate on clear signs of violation, flagged at once. */
	if (!rc) {
		char tax[11];
		code_of(firms[2].prefix, tax);
		biz_entry_in in = {tax, "thanh_tra", "moi-truong", "Luật Thanh tra 2025; Luật Bảo vệ môi trường 2020", NULL,
		                   "Hoàng Văn Tra", "Phản ánh của người dân bản Cò Nòi về bụi và nước thải từ mỏ đá, có ảnh và biên bản của xã",
		                   "45/QĐ-TTr", "2026-09-08", "2025-01-01", "2026-08-31",
		                   "Việc chấp hành quy định về bảo vệ môi trường tại mỏ đá Cò Nòi"};
		rc = biz_adhoc(d, &insp, &in, &a, &x, e);
	}
	/* 2027: four bodies; the Departments of Health and of Industry and Trade both check the tea company (INS-2). */
	static const plan_row t27[] = {{2, "thanh_tra", "thue", "5", "Luật Thanh tra 2025; Nghị định 216/2025/NĐ-CP"},
	                               {3, "thanh_tra", "dat-dai", "8", "Luật Thanh tra 2025; Luật Đất đai 2024"}};
	static const plan_row h27[] = {{1, "kiem_tra", "attp", "4", "Luật An toàn thực phẩm 2010; Nghị định 15/2018/NĐ-CP"},
	                               {5, "kiem_tra", "attp", "6", "Luật An toàn thực phẩm 2010; Nghị định 15/2018/NĐ-CP"}};
	static const plan_row c27[] = {{1, "kiem_tra", "thuong-mai", "4-5", "Luật Thương mại 2005; Luật Đo lường 2011"},
	                               {4, "kiem_tra", "thuong-mai", "9", "Luật Thương mại 2005; Luật Đo lường 2011"}};
	static const plan_row n27[] = {{0, "kiem_tra", "moi-truong", "7", "Luật Bảo vệ môi trường 2020"},
	                               {11, "kiem_tra", "moi-truong", "3", "Luật Bảo vệ môi trường 2020"}};
	if (!rc) rc = plan(d, &insp, 2027, t27, 2, NULL, true, &a, &p, &x, e);
	if (!rc) rc = biz_plan_approve(d, &insp, p.id, &a, &p, e);
	if (!rc) rc = plan(d, &yte, 2027, h27, 2, NULL, true, &a, &p, &x, e);
	if (!rc) rc = plan(d, &ct, 2027, c27, 2, NULL, true, &a, &p, &x, e);
	if (!rc) rc = plan(d, &nn, 2027, n27, 2, NULL, false, &a, &p, &x, e);
	if (!rc && ls) {
		char tax[11];
		code_of(firms[1].prefix, tax);
		fprintf(ls, "  2027 plans: one overlap left for the Inspectorate (thanhtra, /thanh-tra-doanh-nghiep?year=2027), %s\n", tax);
	}
out:
	arena_free(&a);
	return rc;
}
