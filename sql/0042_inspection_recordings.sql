-- 0042_inspection_recordings.sql — two gaps of issue #11 (docs/oversight.md):
--
-- 1. A counter recording as evidence of a public-duty inspection, by
--    reference: the evidence row names the recording and carries its SHA-256,
--    type and size; its bytes stay in the recordings' store (never copied).
--    Attaching holds the recording (src/inspections/service.c,
--    insp_recording_attach), and the recordings room refuses to release a
--    hold while the recording is evidence (its release check, set by the
--    inspections room). One recording is attached once to an inspection.
ALTER TABLE inspection_evidence ADD COLUMN recording_id INTEGER REFERENCES recordings(id);
CREATE UNIQUE INDEX inspection_evidence_recording ON inspection_evidence(recording_id, inspection_id)
	WHERE recording_id IS NOT NULL;

-- 2. The published summary of concluded inspections (R15: results published),
--    newest conclusion first, read a page at a time by keyset on this index:
--    its cost does not grow with the inspections of past years.
CREATE INDEX inspections_concluded ON inspections(concluded_at, id) WHERE state = 'concluded';

-- The public summary is a cached page of topic 'inspections': bumped when an
-- inspection is concluded (its recommendations' progress is topic 'duty').
INSERT INTO page_versions(topic, version) VALUES ('inspections', 1);
CREATE TRIGGER page_versions_inspections_concluded AFTER UPDATE OF state ON inspections
	WHEN new.state = 'concluded' BEGIN
	UPDATE page_versions SET version = version + 1 WHERE topic = 'inspections';
END;
