-- 0005_rule_set_forms.sql — the printable forms of a rule set as data: a new
-- circular replacing the forms is a new rule set with its own rows, and a
-- dossier prints the forms of the rule set it was received under.
CREATE TABLE rule_set_forms (
	rule_set_id INTEGER NOT NULL REFERENCES rule_sets(id),
	form_no     TEXT NOT NULL,      -- '01' … '07'
	title       TEXT NOT NULL,      -- the exact name in the circular's annex
	citation    TEXT NOT NULL,
	PRIMARY KEY (rule_set_id, form_no)
);

INSERT INTO rule_set_forms (rule_set_id, form_no, title, citation)
SELECT id, f.no, f.title, 'Thông tư 03/2025/TT-VPCP, Phụ lục I, Mẫu số ' || f.no
FROM rule_sets, (
	SELECT '01' AS no, 'GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ' AS title
	UNION ALL SELECT '02', 'PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ'
	UNION ALL SELECT '03', 'PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ'
	UNION ALL SELECT '04', 'VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT HỒ SƠ'
	UNION ALL SELECT '05', 'THÔNG BÁO VỀ VIỆC DỪNG GIẢI QUYẾT HỒ SƠ'
	UNION ALL SELECT '06', 'PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ'
	UNION ALL SELECT '07', 'SỔ THEO DÕI HỒ SƠ'
) AS f
WHERE rule_sets.code = 'nd118-2025';
