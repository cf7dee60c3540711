/* demo.c — obligations for the demo: a few items per head, from conclusions
 * of inspections and reports, some done on time, some late, some overdue
 * (the job marks them), so that "Việc phải làm", the heads' scorecard and the
 * public totals show something believable. The ward's item from the demo
 * report concluded at fault is opened by the conclusion itself. */
#include <string.h>

#include "base/clock.h"
#include "duty/duty.h"

typedef struct demo_item {
	const char *unit, *kind, *source_type, *ref, *title_vi, *title_en;
	int days_ago;           /* the start: far enough back that a holiday season never changes what is late */
	const char *done_by;    /* NULL: left open */
	const char *note;
} demo_item;

static const demo_item items[] = {
	{"phuong-chieng-coi", "accountability.action", "inspection", "KL 12/KL-TTT",
	 "Báo cáo việc đã làm sau kiểm tra công vụ đột xuất tại Bộ phận Một cửa (chưa niêm yết phí, lệ phí)",
	 "Report the action taken after the surprise public-duty check at the one-stop desk (fees not posted)", 40,
	 "truongphuong", "Đã niêm yết đầy đủ phí, lệ phí tại quầy và trên cổng; nhắc nhở công chức một cửa; ảnh chụp bảng niêm yết kèm theo."},
	{"phuong-chieng-coi", "accountability.action", "inspection", "KL 19/KL-TTT",
	 "Báo cáo việc đã làm sau kiểm tra việc đeo thẻ công chức khi tiếp dân",
	 "Report the action taken after the check of officials wearing their cards at the desk", 8, "truongphuong",
	 "Đã họp giao ban quán triệt, phân công Phó Chủ tịch kiểm tra hằng tuần việc đeo thẻ công chức tại Bộ phận Một cửa."},
	{"so-y-te", "accountability.action", "inspection", "KL 07/KL-TTT",
	 "Báo cáo việc đã làm sau thanh tra công vụ: hồ sơ cấp chứng chỉ hành nghề trễ hạn không có văn bản xin lỗi",
	 "Report the action taken after the public-duty inspection: late practising certificates without apology letters", 60,
	 "giamdocsoyte", "Đã gửi văn bản xin lỗi cho 14 trường hợp trễ hạn, kiểm điểm Phòng Nghiệp vụ Y, sửa quy trình theo dõi hạn xử lý."},
	{"so-y-te", "accountability.action", "report", "PA-2026-0311",
	 "Báo cáo việc đã làm sau kết luận phản ánh về thái độ của cán bộ tiếp nhận hồ sơ",
	 "Report the action taken after the conclusion on the conduct of a desk official", 60, NULL, NULL},
	{"so-y-te", "accountability.action", "inspection", "KL 31/KL-TTT",
	 "Báo cáo việc đã làm sau kiểm tra niêm yết thủ tục hành chính tại Trung tâm Phục vụ hành chính công",
	 "Report the action taken after the check of the procedures posted at the public administration centre", 3, NULL, NULL},
	{"van-phong-ubnd-tinh", "accountability.action", "inspection", "KL 22/KL-TTT",
	 "Báo cáo việc đã làm sau kiểm tra việc tiếp công dân định kỳ của Chủ tịch UBND tỉnh",
	 "Report the action taken after the check of the Chairman's periodic citizen reception", 75, NULL, NULL},
};

int duty_load_demo(db *d, const ledger_actor *by, err *e)
{
	arena a;
	arena_init(&a);
	int64_t now = clock_now();
	int rc = 0;
	for (size_t i = 0; i < sizeof items / sizeof items[0] && !rc; i++) {
		const demo_item *it = &items[i];
		int64_t unit = 0;
		if ((rc = auth_unit_id(d, it->unit, &unit, e)) != 1) { rc = rc < 0 ? rc : MB_EINTERNAL; break; }
		rc = 0;
		duty_new n = {.kind = it->kind, .source_type = it->source_type, .source_id = 0, .source_ref = it->ref,
		              .owner_unit_id = unit, .title_vi = it->title_vi, .title_en = it->title_en,
		              .start = now - (int64_t)it->days_ago * 86400};
		int64_t id = 0;
		if ((rc = db_begin(d, e))) break;
		if ((rc = duty_open(d, by, &n, &id, e))) { db_rollback(d); break; }
		if (it->done_by) {
			auth_actor who;
			if ((rc = auth_actor_load(d, it->done_by, &a, &who, e)) != 1) { db_rollback(d); rc = rc < 0 ? rc : MB_EINTERNAL; break; }
			if ((rc = duty_done(d, &who, id, it->note, NULL, 0, NULL, e))) { db_rollback(d); break; }
		}
		if ((rc = db_commit(d, e))) break;
	}
	/* The job marks what is overdue now, as the server would at its first pass. */
	int changed = 0;
	if (!rc) rc = duty_tick(d, now, &changed, e);
	arena_free(&a);
	return rc;
}
