/* gen.c — the generator shared by the demo's history and the benchmarks (gen.h). */
#include "demo/gen.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* --- random numbers: xoshiro256**, seeded with splitmix64 ----------------------- */

static uint64_t splitmix(uint64_t *x)
{
	uint64_t z = (*x += UINT64_C(0x9e3779b97f4a7c15));
	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	return z ^ (z >> 31);
}

void gen_seed(gen_rng *r, uint64_t a, uint64_t b)
{
	uint64_t x = a * UINT64_C(0x9E3779B97F4A7C15) ^ (b + UINT64_C(0x632BE59BD9B4E019));
	for (int i = 0; i < 4; i++) r->s[i] = splitmix(&x);
}

static inline uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

uint64_t gen_next(gen_rng *r)
{
	uint64_t *s = r->s;
	uint64_t res = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;
	s[2] ^= s[0]; s[3] ^= s[1]; s[1] ^= s[2]; s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return res;
}

uint32_t gen_rnd(gen_rng *r, uint32_t n) { return (uint32_t)(((gen_next(r) >> 32) * (uint64_t)n) >> 32); }
double gen_rndf(gen_rng *r) { return (double)(gen_next(r) >> 11) * 0x1.0p-53; }
int gen_range(gen_rng *r, int lo, int hi) { return lo + (int)gen_rnd(r, (uint32_t)(hi - lo + 1)); }
bool gen_chance(gen_rng *r, double p) { return gen_rndf(r) < p; }

int gen_pick_weighted(gen_rng *r, const double *cum, int n)
{
	double v = gen_rndf(r) * cum[n - 1];
	int lo = 0, hi = n - 1;
	while (lo < hi) { int m = (lo + hi) / 2; if (cum[m] > v) hi = m; else lo = m + 1; }
	return lo;
}

#define PICK(r, arr) ((arr)[gen_rnd((r), (uint32_t)(sizeof(arr) / sizeof((arr)[0])))])

/* --- names, places, reasons ------------------------------------------------------------ */

static const char *const THAI_SUR[] = {"Lò", "Lò", "Quàng", "Cầm", "Cầm", "Lường", "Vì", "Điêu", "Tòng", "Hoàng",
                                       "Lù", "Bạc", "Sa", "Mè", "Hà", "Khà", "Lường", "Lò", "Quàng", "Vì"};
static const char *const THAI_M[] = {"Xuân", "Tiến", "Hùng", "Phong", "Thanh", "Hoan", "Khiêm", "Ngoan", "Ún", "Pánh",
                                     "Inh", "Tươi", "Lả", "Hặc", "Chiến", "Định", "Hiên", "Thương", "Pâng", "Khụt",
                                     "Sương", "Bình", "Quyết", "Tuân", "Dưn", "Hưng", "Pọm", "Nọi"};
static const char *const THAI_F[] = {"Ánh", "Hương", "Ón", "Ươi", "Xuân", "Lả", "Mai", "Thoa", "Bun", "Ngọc", "Thơm",
                                     "Panh", "Hoa", "Kim", "Ngân", "Hiền", "Ín", "Lan", "Hom", "Doan", "Thủy", "Ọn"};
static const char *const MONG_SUR[] = {"Mùa", "Sùng", "Giàng", "Giàng", "Thào", "Vàng", "Lầu", "Hạng", "Tráng", "Lý",
                                       "Hờ", "Cứ", "Mùa", "Sùng"};
static const char *const MONG_M[] = {"Páo", "Sình", "Chứ", "Dơ", "Dế", "Lử", "Súa", "Vừ", "Phềnh", "Chá", "Pó", "Tủa",
                                     "Nhìa", "Chống", "Lồng", "Tểnh", "Dình", "Khua", "Sử", "Chư"};
static const char *const MONG_F[] = {"Mỷ", "Mai", "Chù", "Dợ", "Pàng", "Sua", "Xúa", "Ly", "Dính", "Say", "Mua", "Sy",
                                     "Dung", "Chở"};
static const char *const KINH_SUR[] = {"Nguyễn", "Nguyễn", "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng",
                                       "Bùi", "Đỗ", "Ngô", "Đinh", "Dương", "Phan", "Hà", "Bùi", "Lê", "Trần", "Vũ"};
static const char *const KINH_MID_M[] = {"Văn", "Văn", "Đức", "Minh", "Quang", "Hữu", "Ngọc", "Thành", "Xuân", "Mạnh"};
static const char *const KINH_MID_F[] = {"Thị", "Thị", "Thị", "Thu", "Thanh", "Ngọc", "Minh", "Thùy", "Hồng", "Phương"};
static const char *const KINH_M[] = {"Anh", "Bình", "Cường", "Dũng", "Đức", "Hải", "Hiếu", "Hoàng", "Hùng", "Khánh",
                                     "Long", "Minh", "Nam", "Quân", "Sơn", "Thắng", "Tuấn", "Việt", "Trung", "Tùng",
                                     "Huy", "Kiên", "Phúc", "Thịnh", "Vinh", "Đạt"};
static const char *const KINH_F[] = {"Anh", "Hà", "Hạnh", "Hằng", "Hoa", "Huyền", "Lan", "Linh", "Loan", "Mai",
                                     "Ngọc", "Nhung", "Phương", "Thảo", "Thủy", "Trang", "Vân", "Yến", "Hương", "Dung",
                                     "Giang", "Hiền", "Oanh", "Quỳnh"};
static const char *const DAO_SUR[] = {"Bàn", "Triệu", "Đặng", "Lý"};
static const char *const MUONG_SUR[] = {"Đinh", "Hà", "Bùi", "Xa"};
const char *const gen_ban[] = {"Hụm", "Mòng", "Hẹo", "Cọ", "Noong Đúc", "Phiêng Ban", "Nà Ngà", "Co Hịnh", "Nậm La",
                                  "Huổi Hẹ", "Pá Sang", "Tà Xùa", "Hua Tạt", "Nà Bó", "Cang", "Bó Ẩn", "Nong La", "Ái",
                                  "Thẳm", "Púng", "Khòa", "Lẳm", "Phiêng Khoài", "Nà Tằm", "Lọng Luông", "Pha Đin",
                                  "Co Mạ", "Hua Nhàn", "Nà Pát", "Púng Bánh", "Huổi Một", "Lả Mường", "Nặm Ét", "Chiềng Khoa"};
const uint32_t gen_ban_n = sizeof gen_ban / sizeof gen_ban[0];
const char *const gen_phone_prefix[] = {"98", "97", "96", "86", "91", "94", "88", "90", "93", "89", "32", "33", "34",
                                           "35", "36", "37", "38", "39", "70", "76", "77", "78", "79", "81", "82", "83",
                                           "84", "85", "98", "97", "96", "91", "94", "88", "86", "33", "35", "38"};
const uint32_t gen_phone_prefix_n = sizeof gen_phone_prefix / sizeof gen_phone_prefix[0];
const char *const gen_r_missing[] = {
	"Bản sao chưa được chứng thực theo quy định",
	"Tờ khai thiếu chữ ký của người yêu cầu",
	"Giấy tờ đã hết thời hạn sử dụng",
	"Thông tin trên tờ khai không khớp với giấy tờ tùy thân",
	"Bản chụp không rõ nét, không đọc được nội dung",
	"Thiếu xác nhận của cơ quan có thẩm quyền nơi cư trú",
	"Sơ đồ thửa đất chưa thể hiện đủ kích thước các cạnh",
};
const uint32_t gen_r_missing_n = sizeof gen_r_missing / sizeof gen_r_missing[0];
const char *const gen_r_apology[] = {
	"Hồ sơ phải lấy ý kiến của cơ quan liên quan nên chưa giải quyết xong đúng hẹn",
	"Cần xác minh thực địa bổ sung do mưa lũ chia cắt đường vào bản",
	"Cán bộ thụ lý đi công tác đột xuất, việc bàn giao hồ sơ bị chậm",
	"Hệ thống phần mềm gặp sự cố kỹ thuật trong thời gian giải quyết",
	"Chờ kết quả xác định nghĩa vụ tài chính của cơ quan thuế",
	"Số lượng hồ sơ tăng đột biến trong dịp cuối năm",
};
const uint32_t gen_r_apology_n = sizeof gen_r_apology / sizeof gen_r_apology[0];
const char *const gen_r_refuse[] = {
	"Yêu cầu không thuộc thẩm quyền giải quyết của cơ quan tiếp nhận",
	"Người yêu cầu không xuất trình được giấy tờ tùy thân hợp lệ",
	"Nội dung yêu cầu không thuộc phạm vi thủ tục hành chính đã công bố",
	"Giấy tờ xuất trình có dấu hiệu bị tẩy xóa, sửa chữa",
};
const uint32_t gen_r_refuse_n = sizeof gen_r_refuse / sizeof gen_r_refuse[0];
const char *const gen_r_refuse_online[] = {
	"Hồ sơ trực tuyến không đủ thành phần theo thủ tục đã công bố",
	"Tệp đính kèm không đọc được; đề nghị nộp lại hồ sơ",
	"Hồ sơ nộp trùng với hồ sơ đã tiếp nhận trước đó",
};
const uint32_t gen_r_refuse_online_n = sizeof gen_r_refuse_online / sizeof gen_r_refuse_online[0];
const char *const gen_r_stop[] = {
	"Người yêu cầu không đủ điều kiện theo quy định của pháp luật",
	"Phát sinh tranh chấp trong quá trình giải quyết",
	"Cơ quan có thẩm quyền có văn bản đề nghị tạm dừng giải quyết",
};
const uint32_t gen_r_stop_n = sizeof gen_r_stop / sizeof gen_r_stop[0];
const char *const gen_r_withdraw[] = {
	"Công dân có đơn xin rút hồ sơ",
	"Công dân đề nghị rút hồ sơ để bổ sung và nộp lại sau",
};
const uint32_t gen_r_withdraw_n = sizeof gen_r_withdraw / sizeof gen_r_withdraw[0];
const char *const gen_n_handover[] = {"", "", "", "Trình ký", "Trình lãnh đạo phê duyệt", "Đề nghị xem xét, cho ý kiến"};
const uint32_t gen_n_handover_n = sizeof gen_n_handover / sizeof gen_n_handover[0];
const char *const gen_n_result[] = {"", "", "Đã có kết quả giải quyết; mời công dân đến nhận tại Bộ phận Một cửa",
                                       "Kết quả đã được ký, đóng dấu", "Đã vào sổ và đóng dấu kết quả"};
const uint32_t gen_n_result_n = sizeof gen_n_result / sizeof gen_n_result[0];
const char *const gen_r_fee_waive[] = {
	"Miễn thu phí, lệ phí đối với người thuộc hộ nghèo theo quy định",
	"Miễn thu phí, lệ phí đối với người thuộc gia đình có công với cách mạng",
	"Miễn thu phí, lệ phí đối với người khuyết tật theo quy định",
	"Miễn thu phí, lệ phí đối với đồng bào dân tộc thiểu số thuộc hộ nghèo ở bản đặc biệt khó khăn",
};
const uint32_t gen_r_fee_waive_n = sizeof gen_r_fee_waive / sizeof gen_r_fee_waive[0];
const char *const gen_r_fee_reduce[] = {
	"Giảm 50% mức thu đối với người thuộc hộ cận nghèo theo nghị quyết của Hội đồng nhân dân tỉnh",
	"Giảm 50% mức thu đối với đồng bào dân tộc thiểu số cư trú tại xã đặc biệt khó khăn",
};
const uint32_t gen_r_fee_reduce_n = sizeof gen_r_fee_reduce / sizeof gen_r_fee_reduce[0];


void gen_person_make(gen_rng *r, gen_person *p)
{
	double e = gen_rndf(r);
	p->female = gen_chance(r, 0.5);
	const char *sur, *mid, *given;
	if (e < 0.54) {           /* Thái */
		sur = PICK(r, THAI_SUR);
		mid = p->female ? "Thị" : "Văn";
		given = p->female ? PICK(r, THAI_F) : PICK(r, THAI_M);
	} else if (e < 0.84) {    /* Kinh */
		sur = PICK(r, KINH_SUR);
		mid = p->female ? PICK(r, KINH_MID_F) : PICK(r, KINH_MID_M);
		given = p->female ? PICK(r, KINH_F) : PICK(r, KINH_M);
	} else if (e < 0.97) {    /* H'Mông */
		sur = PICK(r, MONG_SUR);
		mid = p->female ? "Thị" : "A";
		given = p->female ? PICK(r, MONG_F) : PICK(r, MONG_M);
	} else if (e < 0.985) {   /* Mường */
		sur = PICK(r, MUONG_SUR);
		mid = p->female ? "Thị" : "Văn";
		given = p->female ? PICK(r, KINH_F) : PICK(r, KINH_M);
	} else {                  /* Dao */
		sur = PICK(r, DAO_SUR);
		mid = p->female ? "Thị" : "Văn";
		given = p->female ? PICK(r, THAI_F) : PICK(r, KINH_M);
	}
	snprintf(p->name, sizeof p->name, "%s %s %s", sur, mid, given);
	p->birth_year = gen_range(r, 1945, 2007);
	/* Citizen identity card: 014 (Sơn La), century and sex, year, six digits. */
	int cs = (p->birth_year >= 2000 ? 2 : 0) + (p->female ? 1 : 0);
	snprintf(p->idn, sizeof p->idn, "014%d%02d%06u", cs, p->birth_year % 100, gen_rnd(r, 1000000));
}

/* Plausible yearly volume, relative; unknown procedures weigh 1. */
double gen_proc_weight(const char *code)
{
	static const struct { const char *code; double w; } W[] = {
		{"ct-ban-sao-tu-ban-chinh", 22}, {"ht-dang-ky-khai-sinh", 8}, {"ct-chu-ky", 6},
		{"ht-cap-ban-sao-trich-luc", 4}, {"ht-xac-nhan-tinh-trang-hon-nhan", 4}, {"ct-hop-dong-giao-dich", 4},
		{"ht-dang-ky-ket-hon", 3}, {"cu-dang-ky-thuong-tru", 3}, {"cu-dang-ky-tam-tru", 3},
		{"dd-cap-gcn-lan-dau", 3}, {"ht-dang-ky-khai-tu", 2}, {"ht-thay-doi-cai-chinh", 1.5},
		{"kd-dang-ky-ho-kinh-doanh", 1.5}, {"xd-gpxd-nha-o-rieng-le", 1.2}, {"ht-dang-ky-lai-khai-sinh", 1},
		{"kd-thay-doi-ho-kinh-doanh", 0.8}, {"dd-hoa-giai-tranh-chap", 0.6}, {"ht-nhan-cha-me-con", 0.5},
		{"kn-khieu-nai-lan-dau-xa", 0.3}, {"ht-dang-ky-giam-ho", 0.2}, {"tc-giai-quyet-to-cao-xa", 0.1},
		{"dd-dang-ky-bien-dong", 5}, {"lltp-cap-phieu-ly-lich-tu-phap", 3}, {"dd-cap-doi-gcn", 2.5},
		{"dn-dang-ky-thay-doi", 1.2}, {"dn-dang-ky-thanh-lap", 0.8}, {"tiep-cong-dan-tinh", 0.5},
		{"xd-gpxd-cong-trinh", 0.2}, {"dt-cap-gcn-dang-ky-dau-tu", 0.1}, {"kn-khieu-nai-lan-hai-tinh", 0.1},
		{"tc-giai-quyet-to-cao-tinh", 0.05},
	};
	for (size_t i = 0; i < sizeof W / sizeof W[0]; i++)
		if (!strcmp(W[i].code, code)) return W[i].w;
	return 1;
}


gen_outcome gen_outcome_draw(gen_rng *r, bool quick, double drama, double *f)
{
	/* Cumulative shares of the outcomes after the normal one, at drama 1. */
	static const double T[] = {0, 0.075, 0.085, 0.110, 0.122, 0.1245, 0.1275, 0.129};
	if (drama <= 0) drama = 1;
	if (drama * T[7] > 0.9) drama = 0.9 / T[7];
	double x = gen_rndf(r);
	if (quick) x = T[3] * drama + (1 - T[3] * drama) * x;   /* same-day procedures: no supplement, no apology */
	gen_outcome out = GO_NORMAL;
	for (int k = 1; k <= 7; k++)
		if (x < T[k] * drama) { out = (gen_outcome)k; break; }
	/* Most finish well before the due time (the province rewards early results). */
	*f = out == GO_LATE ? 1.05 + gen_rndf(r) * 0.8 : 0.12 + 0.83 * pow(gen_rndf(r), 0.8);
	return out;
}
