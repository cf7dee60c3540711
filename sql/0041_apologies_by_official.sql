-- 0041_apologies_by_official.sql — the apology letters an official issued for
-- their late dossiers (issue #11 item 1: "apologies caused" on the official's
-- record), newest first, by an index range: the record page reads the last
-- twelve months and the latest letters of one official.
CREATE INDEX apologies_account ON apologies(account_id, issued_at);
