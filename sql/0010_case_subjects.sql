-- 0010_case_subjects.sql — who a denunciation names (its exclusion set), and
-- where denunciations are handled (Law on Denunciation 2018 Art. 12–15, 47).

-- The exclusion set of a denunciation (or of anonymous information): every
-- official it names — by the report, or later by a conclusion at fault — and
-- the unit that official belonged to on that day; when the report names no
-- official, the unit it names. Nobody the set covers sees, handles, is
-- assigned, is notified of or opens the vault of the case.
--   scope 'subtree': the account, and everyone of the unit and below it;
--   scope 'unit':    the account, and everyone of the unit itself (the
--                    province's own People's Committee: excluding its whole
--                    tree would leave nobody in the province to record it);
--   scope 'person':  the account only (an official named by a conclusion
--                    whose unit holds the case: the handler stays competent).
-- Rows are never deleted: a later transfer or conclusion keeps them.
CREATE TABLE case_subjects (
	id         INTEGER PRIMARY KEY,
	case_id    INTEGER NOT NULL REFERENCES cases(id),
	account_id INTEGER REFERENCES accounts(id),
	unit_id    INTEGER REFERENCES units(id),
	scope      TEXT NOT NULL CHECK (scope IN ('subtree','unit','person')),
	source     TEXT NOT NULL CHECK (source IN ('report','conclusion')),
	named_at   TEXT NOT NULL,
	CHECK (account_id IS NOT NULL OR unit_id IS NOT NULL)
);
CREATE INDEX case_subjects_case ON case_subjects(case_id);

-- Where a denunciation is handled, in order: the first unit that the
-- exclusion set does not cover. The Provincial Inspectorate advises the
-- Chairman of the Provincial People's Committee on denunciations; when the
-- Inspectorate itself is denounced (one of its officials, or the Chief
-- Inspector: Art. 13(4)), the Chairman's designated handler at the Office of
-- the Provincial People's Committee handles it. A unit code missing from the
-- units table is skipped. See docs/cases.md, "Routing of denunciations".
CREATE TABLE case_denunciation_handlers (
	rank      INTEGER PRIMARY KEY,
	unit_code TEXT NOT NULL UNIQUE,
	role_vi   TEXT NOT NULL,
	citation  TEXT NOT NULL
);
INSERT INTO case_denunciation_handlers(rank, unit_code, role_vi, citation) VALUES
	(1, 'thanh-tra-tinh', 'Thanh tra tỉnh (tham mưu Chủ tịch UBND tỉnh giải quyết tố cáo)',
	 'Luật Tố cáo 2018, Điều 12, 13; Luật Thanh tra 2022'),
	(2, 'van-phong-ubnd-tinh', 'Người được Chủ tịch UBND tỉnh giao xử lý tố cáo đối với Thanh tra tỉnh',
	 'Luật Tố cáo 2018, Điều 12, 13(4)');

-- Denunciations already recorded: the official named (in their unit), else
-- the unit named.
INSERT INTO case_subjects(case_id, account_id, unit_id, scope, source, named_at)
SELECT c.id, c.subject_account_id, coalesce(a.unit_id, c.subject_unit_id),
       CASE WHEN (SELECT parent_id FROM units WHERE id = coalesce(a.unit_id, c.subject_unit_id)) IS NULL
            THEN 'unit' ELSE 'subtree' END,
       'report', c.received_at
  FROM cases c LEFT JOIN accounts a ON a.id = c.subject_account_id
 WHERE c.kind IN ('denunciation','information')
   AND coalesce(a.unit_id, c.subject_unit_id) IS NOT NULL;
