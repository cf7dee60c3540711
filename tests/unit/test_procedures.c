/* Unit tests for procedures/: the record check, the time unit read from the
 * legal basis, the demo assignments, formatting, and the all-or-nothing
 * import against a real (temporary) database. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/csv.h"
#include "base/embed.h"
#include "procedures/procedures.h"
#include "units/units.h"

static const char *const good_docs[] = {"Tờ khai (theo mẫu)", "Giấy tờ tùy thân (xuất trình)"};

static procedures_input good(void)
{
	procedures_input in = {0};
	in.v[PF_CODE] = "ht-dang-ky-khai-sinh";
	in.v[PF_NAME_VI] = "  Đăng ký khai sinh ";
	in.v[PF_NAME_EN] = "Birth registration";
	in.v[PF_LEVEL] = "commune";
	in.v[PF_FIELD] = "Hộ tịch";
	in.v[PF_PROCESSING_DAYS] = "03";
	in.v[PF_FEE_VND] = "";
	in.v[PF_LEGAL_BASIS] = "Luật Hộ tịch 2014";
	in.docs = (const char **)good_docs;
	in.ndocs = 2;
	return in;
}

static void a_good_row_is_converted(void **s)
{
	arena a;
	arena_init(&a);
	err e = {0};
	procedures_input in = good();
	procedures_row r;
	assert_int_equal(procedures_rules_check(&in, &a, &r, &e), 0);
	assert_string_equal(r.p.name_vi, "Đăng ký khai sinh");           /* trimmed */
	assert_int_equal(r.p.processing_days, 3);
	assert_int_equal(r.p.fee_vnd, -1);                               /* empty: the People's Council */
	assert_int_equal(r.p.time_unit, CAL_WORKING_DAYS);
	assert_string_equal(r.p.online_level, "none");
	assert_string_equal(r.p.clock_policy, "pause");
	assert_int_equal(r.p.cutoff_min, -1);
	assert_string_equal(r.unit_code, "");
	assert_true(r.p.active);
	assert_int_equal(r.p.ndocs, 2);
	assert_int_equal(r.p.docs[1].ordinal, 2);

	in.v[PF_FEE_VND] = "50.000";
	in.v[PF_CUTOFF] = "15:00";
	in.v[PF_TIME_UNIT] = "calendar_days";
	in.v[PF_ONLINE_LEVEL] = "full";
	in.v[PF_CLOCK_POLICY] = "restart";
	in.v[PF_UNIT] = "so-tu-phap";
	in.v[PF_ACTIVE] = "false";
	assert_int_equal(procedures_rules_check(&in, &a, &r, &e), 0);
	assert_int_equal(r.p.fee_vnd, 50000);
	assert_int_equal(r.p.cutoff_min, 15 * 60);
	assert_int_equal(r.p.time_unit, CAL_CALENDAR_DAYS);
	assert_string_equal(r.p.clock_policy, "restart");
	assert_string_equal(r.unit_code, "so-tu-phap");
	assert_false(r.p.active);
	in.v[PF_FEE_VND] = "0";
	assert_int_equal(procedures_rules_check(&in, &a, &r, &e), 0);
	assert_int_equal(r.p.fee_vnd, 0);
	in.v[PF_FEE_VND] = "1.500.000";
	assert_int_equal(procedures_rules_check(&in, &a, &r, &e), 0);
	assert_int_equal(r.p.fee_vnd, 1500000);
	arena_free(&a);
}

/* Sets field f of a good row to v and expects the check to name f. */
static void refused(procedures_field f, const char *v)
{
	arena a;
	arena_init(&a);
	err e = {0};
	procedures_input in = good();
	in.v[f] = v;
	procedures_row r;
	if (procedures_rules_check(&in, &a, &r, &e) != MB_EINVAL || strcmp(e.field, procedures_field_names[f]))
		fail_msg("%s = \"%s\" was not refused (field %s)", procedures_field_names[f], v ? v : "(null)",
		         e.field ? e.field : "-");
	assert_string_equal(e.code, "invalid_field");
	assert_true(strlen(e.vi) > 0 && strlen(e.en) > 0);
	arena_free(&a);
}

static void bad_rows_name_the_field(void **s)
{
	char long_name[700];
	memset(long_name, 'a', 301);
	long_name[301] = '\0';
	refused(PF_CODE, "");
	refused(PF_CODE, "HT-Khai-Sinh");
	refused(PF_CODE, "ht khai sinh");
	refused(PF_CODE, "-ht");
	refused(PF_CODE, "đăng-ký");
	refused(PF_NAME_VI, "");
	refused(PF_NAME_VI, "   ");
	refused(PF_NAME_VI, NULL);
	refused(PF_NAME_VI, long_name);
	refused(PF_NAME_VI, "dòng một\ndòng hai");
	refused(PF_NAME_VI, "\xC3\x28");                   /* not UTF-8 */
	refused(PF_NAME_EN, "");
	refused(PF_LEVEL, "district");
	refused(PF_LEVEL, "");
	refused(PF_FIELD, "");
	refused(PF_PROCESSING_DAYS, "");
	refused(PF_PROCESSING_DAYS, "-1");
	refused(PF_PROCESSING_DAYS, "366");
	refused(PF_PROCESSING_DAYS, "3.5");
	refused(PF_PROCESSING_DAYS, "ba");
	refused(PF_FEE_VND, "-5000");
	refused(PF_FEE_VND, "50,000");
	refused(PF_FEE_VND, "5.00");
	refused(PF_FEE_VND, "50.000.");
	refused(PF_FEE_VND, "miễn phí");
	refused(PF_LEGAL_BASIS, "");
	refused(PF_TIME_UNIT, "hours");
	refused(PF_ONLINE_LEVEL, "level4");
	refused(PF_CLOCK_POLICY, "stop");
	refused(PF_CUTOFF, "15h");
	refused(PF_CUTOFF, "24:00");
	refused(PF_CUTOFF, "9:30");
	refused(PF_CUTOFF, "15:60");
	refused(PF_UNIT, "Sở Tư pháp");
	refused(PF_ACTIVE, "yes");
}

static void documents_are_checked(void **s)
{
	arena a;
	arena_init(&a);
	err e = {0};
	procedures_row r;
	procedures_input in = good();
	in.docs = NULL;
	in.ndocs = 0;
	assert_int_equal(procedures_rules_check(&in, &a, &r, &e), MB_EINVAL);
	assert_string_equal(e.field, "documents");
	const char *empty[] = {"Tờ khai", "  "};
	in.docs = empty;
	in.ndocs = 2;
	assert_int_equal(procedures_rules_check(&in, &a, &r, &e), MB_EINVAL);
	assert_string_equal(e.field, "documents");
	char long_doc[400];
	memset(long_doc, 'x', 301);
	long_doc[301] = '\0';
	const char *toolong[] = {long_doc};
	in.docs = toolong;
	in.ndocs = 1;
	assert_int_equal(procedures_rules_check(&in, &a, &r, &e), MB_EINVAL);
	const char *many[51];
	for (int i = 0; i < 51; i++) many[i] = "Giấy tờ";
	in.docs = many;
	in.ndocs = 51;
	assert_int_equal(procedures_rules_check(&in, &a, &r, &e), MB_EINVAL);
	in.ndocs = 50;
	assert_int_equal(procedures_rules_check(&in, &a, &r, &e), 0);

	/* Splitting: CSV on ';', forms on lines; blanks dropped, items trimmed. */
	const char **items;
	assert_int_equal(procedures_rules_split("Tờ khai; Giấy chứng sinh ;;Giấy tờ tùy thân;", ';', &a, &items), 3);
	assert_string_equal(items[1], "Giấy chứng sinh");
	assert_int_equal(procedures_rules_split("Tờ khai\r\n\r\nGiấy chứng sinh\n", '\n', &a, &items), 2);
	assert_string_equal(items[0], "Tờ khai");
	assert_int_equal(procedures_rules_split("", ';', &a, &items), 0);
	arena_free(&a);
}

static void round_trip_and_diff(void **s)
{
	arena a;
	arena_init(&a);
	err e = {0};
	procedures_input in = good(), back;
	in.v[PF_CUTOFF] = "07:05";
	in.v[PF_FEE_VND] = "8000";
	procedures_row r, r2;
	bool ch[PF__MAX];
	assert_int_equal(procedures_rules_check(&in, &a, &r, &e), 0);
	procedures_rules_to_input(&r, &a, &back);
	assert_string_equal(back.v[PF_CUTOFF], "07:05");
	assert_string_equal(back.v[PF_FEE_VND], "8000");
	assert_int_equal(procedures_rules_check(&back, &a, &r2, &e), 0);
	assert_int_equal(procedures_rules_diff(&r, &r2, ch), 0);
	back.v[PF_FEE_VND] = "";
	const char *docs[] = {"Tờ khai (theo mẫu)", "Giấy tờ khác"};
	back.docs = docs;
	assert_int_equal(procedures_rules_check(&back, &a, &r2, &e), 0);
	assert_int_equal(procedures_rules_diff(&r, &r2, ch), 2);
	assert_true(ch[PF_FEE_VND]);
	assert_true(ch[PF_DOCUMENTS]);
	assert_false(ch[PF_NAME_VI]);
	arena_free(&a);
}

static void time_unit_follows_the_legal_basis(void **s)
{
	/* The wording of the law decides; the number must be the processing time. */
	assert_int_equal(procedures_rules_time_unit("Điều 27-28: 03 ngày làm việc, cần xác minh thêm không quá 03 ngày", 3),
	                 CAL_WORKING_DAYS);
	assert_int_equal(procedures_rules_time_unit("Luật Đất đai 2024 (Điều 235: không quá 30 ngày)", 30), CAL_CALENDAR_DAYS);
	assert_int_equal(procedures_rules_time_unit("Luật Tố cáo 2018 (Điều 30: không quá 30 ngày kể từ ngày thụ lý)", 30),
	                 CAL_CALENDAR_DAYS);
	assert_int_equal(procedures_rules_time_unit("thời hạn 10 NGÀY (THEO LỊCH)", 7), CAL_CALENDAR_DAYS);
	assert_int_equal(procedures_rules_time_unit("Giải quyết trong 05 ngày theo lịch", 5), CAL_CALENDAR_DAYS);
	assert_int_equal(procedures_rules_time_unit("Luật Hộ tịch 2014 ngày 20/11/2014", 14), CAL_WORKING_DAYS);
	assert_int_equal(procedures_rules_time_unit("không quá 20 ngày làm việc + 03 ngày làm việc", 23), CAL_WORKING_DAYS);
	assert_int_equal(procedures_rules_time_unit("không quá 15 ngày", 10), CAL_WORKING_DAYS);   /* another number */
	assert_int_equal(procedures_rules_time_unit("", 5), CAL_WORKING_DAYS);
	assert_int_equal(procedures_rules_time_unit(NULL, 5), CAL_WORKING_DAYS);
	assert_int_equal(procedures_rules_time_unit("khong qua 45 ngay", 45), CAL_CALENDAR_DAYS);  /* already folded */
}

/* The derivations on the shipped data/procedures.csv, row by row. */
static void derivations_on_the_shipped_data(void **s)
{
	static const struct { const char *code, *time_unit, *unit, *online; } want[] = {
		{"ht-dang-ky-khai-sinh", "working_days", NULL, "full"},
		{"ht-dang-ky-khai-tu", "working_days", NULL, "full"},
		{"ht-dang-ky-ket-hon", "working_days", NULL, "partial"},
		{"ht-nhan-cha-me-con", "working_days", NULL, "partial"},
		{"ht-dang-ky-giam-ho", "working_days", NULL, "partial"},
		{"ht-thay-doi-cai-chinh", "working_days", NULL, "partial"},
		{"ht-xac-nhan-tinh-trang-hon-nhan", "working_days", NULL, "full"},
		{"ht-dang-ky-lai-khai-sinh", "working_days", NULL, "partial"},
		{"ht-cap-ban-sao-trich-luc", "working_days", NULL, "partial"},
		{"ct-ban-sao-tu-ban-chinh", "working_days", NULL, "partial"},
		{"ct-chu-ky", "working_days", NULL, "partial"},
		{"ct-hop-dong-giao-dich", "working_days", NULL, "partial"},
		{"cu-dang-ky-thuong-tru", "working_days", NULL, "partial"},
		{"cu-dang-ky-tam-tru", "working_days", NULL, "full"},
		{"kd-dang-ky-ho-kinh-doanh", "working_days", NULL, "partial"},
		{"kd-thay-doi-ho-kinh-doanh", "working_days", NULL, "partial"},
		{"dd-cap-gcn-lan-dau", "working_days", NULL, "partial"},
		{"dd-hoa-giai-tranh-chap", "calendar_days", NULL, "partial"},
		{"xd-gpxd-nha-o-rieng-le", "calendar_days", NULL, "partial"},
		{"kn-khieu-nai-lan-dau-xa", "calendar_days", NULL, "partial"},
		{"tc-giai-quyet-to-cao-xa", "calendar_days", NULL, "partial"},
		{"lltp-cap-phieu-ly-lich-tu-phap", "calendar_days", "cong-an-tinh", "full"},
		{"dn-dang-ky-thanh-lap", "working_days", "so-tai-chinh", "full"},
		{"dn-dang-ky-thay-doi", "working_days", "so-tai-chinh", "partial"},
		{"dt-cap-gcn-dang-ky-dau-tu", "calendar_days", "so-tai-chinh", "partial"},
		{"xd-gpxd-cong-trinh", "calendar_days", "so-xay-dung", "partial"},
		{"dd-dang-ky-bien-dong", "working_days", "so-nong-nghiep-va-moi-truong", "partial"},
		{"dd-cap-doi-gcn", "working_days", "so-nong-nghiep-va-moi-truong", "partial"},
		{"kn-khieu-nai-lan-hai-tinh", "calendar_days", "thanh-tra-tinh", "partial"},
		/* Its legal basis does not state the time ("Luật Tố cáo 2018 (Điều 30)": 30 days),
		 * so the shipped file says so in its time_unit column. */
		{"tc-giai-quyet-to-cao-tinh", "calendar_days", "thanh-tra-tinh", "partial"},
		{"tiep-cong-dan-tinh", "working_days", "thanh-tra-tinh", "partial"},
	};
	const struct embedded_file *f = embed_find("data/procedures.csv");
	assert_non_null(f);
	arena a;
	arena_init(&a);
	csv_reader c;
	csv_init(&c, (const char *)f->data, f->size);
	const char *fl[CSV_MAX_FIELDS];
	assert_int_equal(csv_next(&c, &a, fl), 10);
	assert_string_equal(fl[9], "time_unit");
	size_t rows = 0;
	int n;
	while ((n = csv_next(&c, &a, fl)) > 0) {
		assert_int_equal(n, 10);
		size_t i;
		for (i = 0; i < sizeof want / sizeof want[0] && strcmp(want[i].code, fl[0]); i++) {}
		if (i == sizeof want / sizeof want[0]) fail_msg("unexpected row %s", fl[0]);
		/* The explicit column wins; otherwise the rule reads the legal basis. */
		cal_unit u = procedures_rules_time_unit(fl[8], (int)strtol(fl[5], NULL, 10));
		const char *unit_name = *fl[9] ? fl[9] : procedures_time_unit_name(u);
		if (strcmp(unit_name, want[i].time_unit))
			fail_msg("%s: time unit %s, want %s", fl[0], unit_name, want[i].time_unit);
		const char *unit = procedures_demo_unit(fl[3], fl[4]);
		if (want[i].unit ? !unit || strcmp(unit, want[i].unit) : unit != NULL)
			fail_msg("%s: unit %s, want %s", fl[0], unit ? unit : "-", want[i].unit ? want[i].unit : "-");
		assert_string_equal(procedures_demo_online_level(fl[0]), want[i].online);
		rows++;
	}
	assert_int_equal(n, 0);
	assert_int_equal(rows, sizeof want / sizeof want[0]);
	arena_free(&a);
}

static void formats(void **s)
{
	char b[32];
	procedures_format_vnd(50000, '.', b, sizeof b);
	assert_string_equal(b, "50.000");
	procedures_format_vnd(200000, '.', b, sizeof b);
	assert_string_equal(b, "200.000");
	procedures_format_vnd(1500000, ',', b, sizeof b);
	assert_string_equal(b, "1,500,000");
	procedures_format_vnd(8000, '.', b, sizeof b);
	assert_string_equal(b, "8.000");
	procedures_format_vnd(999, '.', b, sizeof b);
	assert_string_equal(b, "999");
	procedures_format_vnd(0, '.', b, sizeof b);
	assert_string_equal(b, "0");
	procedures_format_vnd(1234567, '.', b, 6);                 /* truncated, still terminated */
	assert_int_equal(strlen(b), 5);
	assert_int_equal(procedures_rules_parse_hm("00:00"), 0);
	assert_int_equal(procedures_rules_parse_hm("15:00"), 900);
	assert_int_equal(procedures_rules_parse_hm("23:59"), 1439);
	assert_int_equal(procedures_rules_parse_hm("24:00"), -1);
	assert_int_equal(procedures_rules_parse_hm("1500"), -1);
	assert_int_equal(procedures_rules_parse_hm(NULL), -1);
	assert_null(procedures_demo_unit("commune", "Hộ tịch"));
	assert_null(procedures_demo_unit("province", "Y tế"));
	assert_string_equal(procedures_demo_unit("province", "GIẢI QUYẾT KHIẾU NẠI, TỐ CÁO"), "thanh-tra-tinh");
}

/* --- the import, against a temporary database --- */

typedef struct fixture { char dir[64], path[96]; db *d; arena a; } fixture;

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof *f);
	snprintf(f->dir, sizeof f->dir, "/tmp/mb-proc-XXXXXX");
	if (!mkdtemp(f->dir)) return -1;
	snprintf(f->path, sizeof f->path, "%s/t.db", f->dir);
	err e;
	if (db_open(&f->d, f->path, &e) || db_migrate(f->d, &e) || db_begin(f->d, &e) ||
	    units_load_reference(f->d, &e) || db_commit(f->d, &e))
		return -1;
	arena_init(&f->a);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;
	db_close(f->d);
	arena_free(&f->a);
	char p[128];
	snprintf(p, sizeof p, "%s-wal", f->path);
	unlink(p);
	snprintf(p, sizeof p, "%s-shm", f->path);
	unlink(p);
	unlink(f->path);
	rmdir(f->dir);
	free(f);
	return 0;
}

static int64_t head(db *d)
{
	int64_t seq;
	char h[65];
	assert_int_equal(ledger_head(d, &seq, h, NULL), 0);
	return seq;
}

static int import(fixture *f, const char *csv, bool demo, procedures_import_report *rep)
{
	err e = {0};
	procedures_import_opts o = {.demo = demo, .by = &ledger_system};
	assert_int_equal(db_begin(f->d, &e), 0);
	int rc = procedures_import(f->d, csv, strlen(csv), &o, &f->a, rep, &e);
	if (rc) db_rollback(f->d);
	else assert_int_equal(db_commit(f->d, &e), 0);
	return rc;
}

static const char HEADER[] = "code,name_vi,name_en,level,field,processing_days,fee_vnd,required_documents,legal_basis\n";

static void demo_load_then_reimport_is_unchanged(void **state)
{
	fixture *f = *state;
	err e = {0};
	int64_t h0 = head(f->d);
	assert_int_equal(db_begin(f->d, &e), 0);
	assert_int_equal(procedures_load_demo(f->d, &e), 0);
	assert_int_equal(db_commit(f->d, &e), 0);
	assert_int_equal(head(f->d), h0 + 31);                        /* one procedure.created each */

	procedures_row r;
	assert_int_equal(procedures_get_row(f->d, "lltp-cap-phieu-ly-lich-tu-phap", &f->a, &r, &e), 1);
	assert_string_equal(r.unit_code, "cong-an-tinh");
	assert_string_equal(r.p.online_level, "full");
	assert_int_equal(r.p.time_unit, CAL_CALENDAR_DAYS);
	assert_int_equal(r.p.fee_vnd, 200000);
	assert_int_equal(r.p.ndocs, 3);
	procedure p;
	assert_int_equal(procedures_get(f->d, "ht-dang-ky-khai-sinh", &f->a, &p, &e), 1);
	assert_int_equal(p.unit_id, 0);
	assert_int_equal(procedures_get(f->d, "khong-co", &f->a, &p, &e), 0);

	/* Who offers what: a commune-level procedure in every commune and ward, a
	 * province-level one only in its unit. */
	int64_t ward = 0, dept = 0, other = 0;
	assert_int_equal(db_lookup_int64(f->d, "SELECT id FROM units WHERE code = ?", "phuong-chieng-coi", &ward, &e), 1);
	assert_int_equal(db_lookup_int64(f->d, "SELECT id FROM units WHERE code = ?", "cong-an-tinh", &dept, &e), 1);
	assert_int_equal(db_lookup_int64(f->d, "SELECT id FROM units WHERE code = ?", "so-y-te", &other, &e), 1);
	assert_true(procedures_offered_by(f->d, &p, ward));
	assert_false(procedures_offered_by(f->d, &p, dept));
	assert_true(procedures_offered_by(f->d, &r.p, dept));
	assert_false(procedures_offered_by(f->d, &r.p, other));
	assert_false(procedures_offered_by(f->d, &r.p, ward));

	/* The same file as a plain import (no unit / online_level columns): they are kept. */
	const struct embedded_file *csv = embed_find("data/procedures.csv");
	procedures_import_report rep;
	assert_int_equal(import(f, (const char *)csv->data, false, &rep), 0);
	assert_int_equal(rep.created, 0);
	assert_int_equal(rep.changed, 0);
	assert_int_equal(rep.unchanged, 31);
	assert_int_equal(head(f->d), h0 + 31);
	assert_int_equal(procedures_get_row(f->d, "lltp-cap-phieu-ly-lich-tu-phap", &f->a, &r, &e), 1);
	assert_string_equal(r.unit_code, "cong-an-tinh");
}

static void optional_columns_create_and_change(void **state)
{
	fixture *f = *state;
	procedures_import_report rep;
	int64_t h0 = head(f->d);
	const char *csv =
		"code,name_vi,name_en,level,field,processing_days,fee_vnd,required_documents,legal_basis,"
		"time_unit,online_level,clock_policy,cutoff,unit\n"
		"ct-thu,Chứng thực thử,Test certification,commune,Chứng thực,0,2000,Bản chính;Bản sao,Nghị định 23/2015/NĐ-CP,"
		",full,restart,15:00,\n"
		"\"xd-thu\",\"Cấp phép, thử\",Test permit,province,Hoạt động xây dựng,20,,\"Đơn đề nghị;Bản vẽ\","
		"Luật Xây dựng (Điều 102: 20 ngày),,,,,so-xay-dung\n";
	assert_int_equal(import(f, csv, false, &rep), 0);
	assert_int_equal(rep.created, 2);
	assert_int_equal(head(f->d), h0 + 2);
	procedures_row r;
	err e = {0};
	assert_int_equal(procedures_get_row(f->d, "ct-thu", &f->a, &r, &e), 1);
	assert_int_equal(r.p.cutoff_min, 900);
	assert_string_equal(r.p.clock_policy, "restart");
	assert_string_equal(r.p.online_level, "full");
	assert_int_equal(procedures_get_row(f->d, "xd-thu", &f->a, &r, &e), 1);
	assert_int_equal(r.p.time_unit, CAL_CALENDAR_DAYS);
	assert_string_equal(r.p.online_level, "none");                /* the default outside the demo */
	assert_string_equal(r.p.name_vi, "Cấp phép, thử");
	assert_string_equal(r.p.docs[0].name, "Đơn đề nghị");
	assert_int_equal(r.p.fee_vnd, -1);

	/* A second import with one changed value: one procedure.changed, the rest unchanged. */
	const char *csv2 =
		"code,name_vi,name_en,level,field,processing_days,fee_vnd,required_documents,legal_basis,online_level\n"
		"ct-thu,Chứng thực thử,Test certification,commune,Chứng thực,0,3000,Bản chính;Bản sao,Nghị định 23/2015/NĐ-CP,full\n"
		"xd-thu,\"Cấp phép, thử\",Test permit,province,Hoạt động xây dựng,20,,Đơn đề nghị;Bản vẽ,"
		"Luật Xây dựng (Điều 102: 20 ngày),none\n";
	assert_int_equal(import(f, csv2, false, &rep), 0);
	assert_int_equal(rep.created, 0);
	assert_int_equal(rep.changed, 1);
	assert_int_equal(rep.unchanged, 1);
	assert_int_equal(head(f->d), h0 + 3);
	assert_int_equal(procedures_get_row(f->d, "ct-thu", &f->a, &r, &e), 1);
	assert_int_equal(r.p.fee_vnd, 3000);
	assert_int_equal(r.p.cutoff_min, 900);                        /* a column left out keeps its value */
	assert_int_equal(r.p.version, 2);
}

static void one_bad_row_changes_nothing(void **state)
{
	fixture *f = *state;
	procedures_import_report rep;
	char csv[2048];
	snprintf(csv, sizeof csv, "%s"
	         "ok-mot,Một,One,commune,Hộ tịch,3,0,Tờ khai,Luật Hộ tịch 2014\n"
	         "bad-hai,Hai,Two,district,Hộ tịch,3,0,Tờ khai,Luật Hộ tịch 2014\n"
	         "\n"
	         "ok-ba,Ba,Three,commune,Hộ tịch,3,0,Tờ khai,Luật Hộ tịch 2014\n"
	         "bad-bon,Bốn,Four,commune,Hộ tịch,3,-1,Tờ khai,Luật Hộ tịch 2014\n"
	         "bad-nam,Năm,Five,commune,Hộ tịch,3,0,;;,Luật Hộ tịch 2014\n"
	         "ok-mot,Một,One,commune,Hộ tịch,3,0,Tờ khai,Luật Hộ tịch 2014\n"
	         "short,row\n", HEADER);
	int64_t h0 = head(f->d);
	assert_int_equal(import(f, csv, false, &rep), MB_EINVAL);
	assert_int_equal(rep.nrejected, 5);
	assert_int_equal(rep.rejected[0].line, 3);
	assert_string_equal(rep.rejected[0].field, "level");
	assert_int_equal(rep.rejected[1].line, 6);
	assert_string_equal(rep.rejected[1].field, "fee_vnd");
	assert_int_equal(rep.rejected[2].line, 7);
	assert_string_equal(rep.rejected[2].field, "required_documents");
	assert_int_equal(rep.rejected[3].line, 8);
	assert_string_equal(rep.rejected[3].field, "code");             /* appears twice */
	assert_int_equal(rep.rejected[4].line, 9);
	assert_string_equal(rep.rejected[4].field, "record");
	assert_int_equal(head(f->d), h0);
	procedures_row r;
	err e = {0};
	assert_int_equal(procedures_get_row(f->d, "ok-mot", &f->a, &r, &e), 0);

	/* An unknown unit, a unit of the other level, a bad header. */
	snprintf(csv, sizeof csv,
	         "code,name_vi,name_en,level,field,processing_days,fee_vnd,required_documents,legal_basis,unit\n"
	         "u-mot,Một,One,province,Hộ tịch,3,0,Tờ khai,Luật,so-khong-co\n"
	         "u-hai,Hai,Two,province,Hộ tịch,3,0,Tờ khai,Luật,xa-long-sap\n");
	assert_int_equal(import(f, csv, false, &rep), MB_EINVAL);
	assert_int_equal(rep.nrejected, 2);
	assert_string_equal(rep.rejected[0].field, "unit");
	assert_string_equal(rep.rejected[1].field, "unit");
	assert_int_equal(import(f, "code,name_vi,colour\n", false, &rep), MB_EINVAL);
	assert_int_equal(rep.rejected[0].line, 1);
	assert_string_equal(rep.rejected[0].field, "colour");
	assert_int_equal(import(f, "", false, &rep), MB_EINVAL);

	/* A record over two lines is named by its first line; the next keeps its own. */
	snprintf(csv, sizeof csv, "%s"
	         "m-mot,\"Một\nhai\",One,commune,Hộ tịch,3,0,Tờ khai,Luật\n"
	         "m-hai,Hai,Two,district,Hộ tịch,3,0,Tờ khai,Luật\n"
	         "m-ba,\"Ba,Three,commune\n", HEADER);
	assert_int_equal(import(f, csv, false, &rep), MB_EINVAL);
	assert_int_equal(rep.nrejected, 3);
	assert_int_equal(rep.rejected[0].line, 2);
	assert_string_equal(rep.rejected[0].field, "name_vi");
	assert_int_equal(rep.rejected[1].line, 4);
	assert_string_equal(rep.rejected[1].field, "level");
	assert_int_equal(rep.rejected[2].line, 5);
	assert_string_equal(rep.rejected[2].field, "record");       /* unclosed quote */
	assert_int_equal(head(f->d), h0);
}

static void a_failed_commit_leaves_nothing(void **state)
{
	fixture *f = *state;
	err e = {0};
	int64_t h0 = head(f->d);
	db_fail_commit_after(1);
	assert_int_equal(db_begin(f->d, &e), 0);
	assert_int_equal(procedures_load_demo(f->d, &e), 0);
	assert_int_not_equal(db_commit(f->d, &e), 0);
	assert_int_equal(head(f->d), h0);
	procedures_row r;
	assert_int_equal(procedures_get_row(f->d, "ht-dang-ky-khai-sinh", &f->a, &r, &e), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_good_row_is_converted),
		cmocka_unit_test(bad_rows_name_the_field),
		cmocka_unit_test(documents_are_checked),
		cmocka_unit_test(round_trip_and_diff),
		cmocka_unit_test(time_unit_follows_the_legal_basis),
		cmocka_unit_test(derivations_on_the_shipped_data),
		cmocka_unit_test(formats),
		cmocka_unit_test_setup_teardown(demo_load_then_reimport_is_unchanged, setup, teardown),
		cmocka_unit_test_setup_teardown(optional_columns_create_and_change, setup, teardown),
		cmocka_unit_test_setup_teardown(one_bad_row_changes_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(a_failed_commit_leaves_nothing, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
