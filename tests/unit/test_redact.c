/* Unit tests for the redaction of published text (base/redact.c, used by
 * case_rules_redact for the result summary and every apology field): a table
 * of real-looking Vietnamese sentences, each with what must disappear and
 * what must stay. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "base/arena.h"
#include "base/text.h"
#include "cases/internal.h"

#define MAX_PARTS 4

typedef struct {
	const char *in;
	const char *gone[MAX_PARTS];   /* must not appear in the output */
	const char *kept[MAX_PARTS];   /* must appear in the output unchanged */
} row;

static const char *const names[] = {"Hoàng Thị Xuyến", "Lò Văn Bình"};

static const row rows[] = {
	/* names: any case, spacing, with or without diacritics */
	{"Bà Hoàng Thị Xuyến đã được xin lỗi trực tiếp.", {"Xuyến", "Hoàng"}, {"Bà ", " đã được xin lỗi trực tiếp."}},
	{"Gửi bà HOÀNG THỊ XUYẾN, phường Chiềng Cơi.", {"HOÀNG", "XUYẾN"}, {"Gửi bà ", ", phường Chiềng Cơi."}},
	{"Ông hoang thi xuyen phản ánh chậm trễ.", {"hoang", "xuyen"}, {"Ông ", " phản ánh chậm trễ."}},
	{"Người phản ánh: Hoàng   Thị\tXuyến.", {"Hoàng", "Xuyến"}, {"Người phản ánh: "}},
	{"Cán bộ LÒ VĂN BÌNH đã bị kiểm điểm.", {"LÒ VĂN", "BÌNH"}, {"Cán bộ ", " đã bị kiểm điểm."}},
	{"Ông Lo Van Binh, công chức một cửa, xin lỗi.", {"Lo Van Binh"}, {"công chức một cửa, xin lỗi."}},
	{"Hoa\xcc\x80ng Thi\xcc\xa3 Xuy\xc3\xaa\xcc\x81n (NFD) cũng bị ẩn.", {"Xuy", "Thi"}, {"cũng bị ẩn."}},
	/* e-mail addresses, written every way */
	{"Liên hệ xuyen.hoang@example.vn để nhận kết quả.", {"xuyen.hoang", "example"}, {"Liên hệ ", " để nhận kết quả."}},
	{"Thư gửi xuyen.hoang (at) example (dot) vn đã nhận.", {"xuyen.hoang", "example", "(dot)"}, {"Thư gửi ", " đã nhận."}},
	{"Địa chỉ thư: xuyenhoang [at] gmail [dot] com.", {"xuyenhoang", "gmail"}, {"Địa chỉ thư: "}},
	{"Gửi cho xuyen at example dot com nhé.", {"xuyen", "example"}, {"Gửi cho ", " nhé."}},
	{"Email: hoa(a)sonla.gov.vn, điện thoại sau.", {"hoa", "sonla"}, {"Email: ", ", điện thoại sau."}},
	{"Thư: binh.lo a còng gmail chấm com.", {"binh.lo", "gmail"}, {"Thư: "}},
	/* phone and ID numbers */
	{"Số điện thoại 0912 345 678 của người gửi.", {"345", "678"}, {"Số điện thoại ", " của người gửi."}},
	{"Gọi 0912.345.678 hoặc +84 912 345 678.", {"0912", "+84", "912 345"}, {"Gọi ", " hoặc "}},
	{"Số 84-912-345-678 đã liên lạc.", {"912-345"}, {" đã liên lạc."}},
	{"Điện thoại bàn 0212 3852 123 của gia đình.", {"3852"}, {"Điện thoại bàn ", " của gia đình."}},
	{"CCCD số 014190000123 cấp ngày 12/03/2021.", {"014190000123"}, {"CCCD số ", " cấp ngày 12/03/2021."}},
	{"CMND 123456789 đã hết hạn.", {"123456789"}, {"CMND ", " đã hết hạn."}},
	/* addresses */
	{"Nhà ở số 12, ngõ 34, đường Tô Hiệu, phường Chiềng Lề.", {"Tô Hiệu", "ngõ 34", "12"}, {"Nhà ở ", "phường Chiềng Lề."}},
	{"Gia đình ở bản Nà Cạn, phường Chiềng Cơi.", {"Nà Cạn"}, {"Gia đình ở ", ", phường Chiềng Cơi."}},
	{"Địa chỉ: số nhà 5, ngách 2/14, hẻm 7 phố Lò Văn Giá.", {"ngách", "Lò Văn Giá", "hẻm 7"}, {"Địa chỉ: "}},
	{"Ông ở tổ 5, tiểu khu 3, thị trấn Ít Ong.", {"tổ 5", "tiểu khu 3"}, {"Ông ở ", "thị trấn Ít Ong."}},
	{"Xóm Mới, thôn Đông Hưng là nơi cư trú.", {"Mới", "Đông Hưng"}, {" là nơi cư trú."}},
	/* kept: amounts, dates, times, legal references, codes, ordinary words */
	{"Hoàn trả 500.000 đồng đã thu sai cho công dân.", {NULL}, {"Hoàn trả 500.000 đồng đã thu sai cho công dân."}},
	{"Đã bồi thường 2 triệu đồng và 1.500.000đ phí đi lại.", {NULL}, {"Đã bồi thường 2 triệu đồng và 1.500.000đ phí đi lại."}},
	{"Số tiền 150.000.000 đồng đã nộp vào ngân sách.", {NULL}, {"Số tiền 150.000.000 đồng đã nộp vào ngân sách."}},
	{"Ngày 12/03/2026 lúc 14:30, tức ngày 5 tháng 3, đã xin lỗi.", {NULL}, {"Ngày 12/03/2026 lúc 14:30, tức ngày 5 tháng 3, đã xin lỗi."}},
	{"Theo Điều 5 Nghị định 118/2025/NĐ-CP và Luật Tố cáo 2018.", {NULL}, {"Theo Điều 5 Nghị định 118/2025/NĐ-CP và Luật Tố cáo 2018."}},
	{"Thực hiện Quyết định số 766/QĐ-TTg ngày 23/6/2022.", {NULL}, {"Thực hiện Quyết định số 766/QĐ-TTg ngày 23/6/2022."}},
	{"Hồ sơ PCC-260301-0001 và đơn DT-260301-0012 đã xử lý.", {NULL}, {"Hồ sơ PCC-260301-0001 và đơn DT-260301-0012 đã xử lý."}},
	{"Tổ chức đối thoại trên đường dây nóng của Thành phố Sơn La.", {NULL}, {"Tổ chức đối thoại trên đường dây nóng của Thành phố Sơn La."}},
	{"Bản thân cán bộ đã nhận khuyết điểm, phố xá không liên quan.", {NULL}, {"Bản thân cán bộ đã nhận khuyết điểm, phố xá không liên quan."}},
	{"Hạn mới là 27.11.2026; đã giảm 20% thời gian.", {NULL}, {"Hạn mới là 27.11.2026; đã giảm 20% thời gian."}},
	{"Tổ Công tác số 2 đã làm việc với Khối Dân vận.", {NULL}, {"Tổ Công tác số 2 đã làm việc với Khối Dân vận."}},
	{"Gặp nhau at the office, không có gì @ đây.", {NULL}, {"Gặp nhau at the office, không có gì @ đây."}},
};

static void published_sentences_lose_personal_data_and_keep_the_rest(void **s)
{
	arena a;
	arena_init(&a);
	int bad = 0;
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		const char *out = case_rules_redact(rows[i].in, names, 2, &a);
		for (int k = 0; k < MAX_PARTS && rows[i].gone[k]; k++)
			if (strstr(out, rows[i].gone[k])) { printf("row %zu: \"%s\" left in: %s\n", i, rows[i].gone[k], out); bad++; }
		for (int k = 0; k < MAX_PARTS && rows[i].kept[k]; k++)
			if (!strstr(out, rows[i].kept[k])) { printf("row %zu: \"%s\" lost: %s\n", i, rows[i].kept[k], out); bad++; }
		if (rows[i].gone[0] && !strstr(out, "[đã ẩn]")) { printf("row %zu: no mask: %s\n", i, out); bad++; }
	}
	arena_free(&a);
	assert_int_equal(bad, 0);
}

/* Every apology field and the summary go through the same function: the
 * official's and the reporter's names in each. */
static void apology_amounts_survive(void **s)
{
	arena a;
	arena_init(&a);
	const char *out = case_rules_redact("Đơn vị hoàn trả 500.000 đồng cho bà HOÀNG THỊ XUYẾN, bản Nà Cạn.", names, 2, &a);
	assert_string_equal(out, "Đơn vị hoàn trả 500.000 đồng cho bà [đã ẩn].");
	arena_free(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(published_sentences_lose_personal_data_and_keep_the_rest),
		cmocka_unit_test(apology_amounts_survive),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
