-- 0040_case_links.sql — a report about something another room keeps: a business
-- inspection it complains of (issue #12 item 6: "a report filed through the
-- existing report flow, linked to the inspection and its team"). One row per
-- link, written in the report's own transaction (and named in its case.receive
-- event); read by the case's staff page and by the Inspectorate's page of the
-- inspections of businesses.
CREATE TABLE case_links (
	case_id INTEGER NOT NULL REFERENCES cases(id),
	kind    TEXT NOT NULL,          -- 'business_inspection'
	ref     TEXT NOT NULL,          -- its code (KT-2027-000005)
	at      TEXT NOT NULL,
	PRIMARY KEY (case_id, kind)
) WITHOUT ROWID;
CREATE INDEX case_links_ref ON case_links(kind, ref);
CREATE INDEX case_links_kind_at ON case_links(kind, at);
