-- 0003_holidays.sql — the working-day calendar as data: days off and worked
-- Saturdays (loaded from data/holidays_vn.csv by `init`/`demo`, then edited by
-- administrators), and the rule sets that say how deadlines are counted.
-- A dossier keeps the id of the rule set in force when it was received.

CREATE TABLE holidays (
	day             TEXT PRIMARY KEY,             -- YYYY-MM-DD, Vietnam date
	kind            TEXT NOT NULL CHECK (kind IN ('holiday','compensatory','working_saturday')),
	name_vi         TEXT NOT NULL,
	name_en         TEXT NOT NULL,
	status          TEXT NOT NULL CHECK (status IN ('official','statutory','computed','estimated','unverified','confirmed')),
	updated_at      TEXT,                         -- UTC, ISO 8601; NULL when loaded from the reference data
	updated_by_role TEXT
);

CREATE TABLE rule_sets (
	id                        INTEGER PRIMARY KEY,
	code                      TEXT NOT NULL UNIQUE,
	effective_from            TEXT NOT NULL,      -- YYYY-MM-DD, first day in force
	effective_to              TEXT,               -- YYYY-MM-DD, last day in force; NULL = open-ended
	supplement_limit          INTEGER NOT NULL,   -- requests to supplement a dossier (Form 02)
	extension_limit           INTEGER NOT NULL,   -- new due dates (Form 04)
	apology_lead_working_days INTEGER NOT NULL,   -- Form 04 at the latest N working days before the due date
	afternoon_cutoff          TEXT,               -- 'HH:MM' default cut-off, NULL = none
	work_morning              TEXT NOT NULL,      -- '07:30-11:30'
	work_afternoon            TEXT NOT NULL,      -- '13:30-17:30'
	at_risk_working_hours     INTEGER NOT NULL,   -- a dossier is "at risk" this many working hours before its due time
	citation                  TEXT NOT NULL
);

-- Decree 118/2025 in force from 1 Jul 2025 (see ../shared/design/LEGAL-RULES.md §1).
-- No national 15:00 cut-off was found: it is set per procedure, so none here.
-- Form 04's exact name is from Circular 03/2025 Annex I. The 1-working-day lead
-- and the single extension are read in provincial rules implementing Decree 118
-- (Lai Châu Decision 88/2025/QĐ-UBND), not yet in the Decree's own article.
INSERT INTO rule_sets(code, effective_from, effective_to, supplement_limit, extension_limit,
                      apology_lead_working_days, afternoon_cutoff, work_morning, work_afternoon,
                      at_risk_working_hours, citation)
VALUES ('nd118-2025', '2025-07-01', NULL, 1, 1, 1, NULL, '07:30-11:30', '13:30-17:30', 8,
        'Nghị định 118/2025/NĐ-CP (Điều 11: yêu cầu bổ sung, hoàn thiện hồ sơ chỉ một lần); '
        || 'Kế hoạch 262/KH-UBND tỉnh Sơn La (không quá 01 lần yêu cầu bổ sung sau khi tiếp nhận hồ sơ); '
        || 'Thông tư 03/2025/TT-VPCP (Mẫu 04: Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết); '
        || 'gửi Mẫu 04 chậm nhất 01 ngày làm việc trước hạn, gia hạn không quá 01 lần (theo văn bản thực hiện '
        || 'Nghị định 118 của các tỉnh; chưa đối chiếu điều khoản của Nghị định); '
        || 'thời hạn tính theo ngày làm việc 8 giờ');
