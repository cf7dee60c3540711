-- The unit at fault apologises. A case's apology was recorded against the
-- handling unit (the Inspectorate, for a denunciation it concluded) while the
-- fault was counted to the unit reported on; both now follow one rule: the
-- unit at fault is the case's subject unit, else the handling unit.
UPDATE case_apologies
   SET unit_id = (SELECT coalesce(c.subject_unit_id, c.unit_id) FROM cases c WHERE c.id = case_apologies.case_id)
 WHERE unit_id <> (SELECT coalesce(c.subject_unit_id, c.unit_id) FROM cases c WHERE c.id = case_apologies.case_id);
