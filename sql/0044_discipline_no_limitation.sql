-- 0044_discipline_no_limitation.sql — the violations no limitation period bars
-- (thời hiệu: the limitation period; Decree 172/2025/NĐ-CP Art. 5(4)): a case
-- opened on one of these grounds may be decided whenever the violation was.
-- The grounds are dated data (data/discipline_no_limitation.csv), as the kinds
-- of excluded period of sql/0043.
CREATE TABLE discipline_no_limitation_grounds (
	ground     TEXT NOT NULL,
	valid_from TEXT NOT NULL,
	valid_to   TEXT,
	name_vi    TEXT NOT NULL,
	name_en    TEXT NOT NULL,
	source     TEXT NOT NULL,
	PRIMARY KEY (ground, valid_from)
) WITHOUT ROWID;

-- The ground a case was opened on; NULL: the limitation period applies.
ALTER TABLE discipline_cases ADD COLUMN no_limitation TEXT;
