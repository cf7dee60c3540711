-- Versions of the data behind the public pages, for the page cache
-- (src/web/cache.c): a cached page stays valid while the versions of its
-- topics are unchanged. The triggers below bump a topic in the same
-- transaction as any change of its tables, whichever process makes it
-- (the server, `minhbach import`, the demo), so one indexed read tells a
-- cached page whether it is still current.
--   units       the units (every page that names a unit reads them)
--   procedures  procedures, their documents and rule sets
--   results     reports (cases) and everything published about them
--   calendar    the holidays (deadlines)
CREATE TABLE page_versions (
	topic   TEXT PRIMARY KEY,
	version INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
INSERT INTO page_versions(topic, version) VALUES ('units', 1), ('procedures', 1), ('results', 1), ('calendar', 1);

CREATE TRIGGER page_versions_units_insert AFTER INSERT ON units BEGIN
	UPDATE page_versions SET version = version + 1 WHERE topic = 'units';
END;
CREATE TRIGGER page_versions_units_update AFTER UPDATE ON units BEGIN
	UPDATE page_versions SET version = version + 1 WHERE topic = 'units';
END;
CREATE TRIGGER page_versions_units_delete AFTER DELETE ON units BEGIN
	UPDATE page_versions SET version = version + 1 WHERE topic = 'units';
END;
CREATE TRIGGER page_versions_procedures_insert AFTER INSERT ON procedures BEGIN
	UPDATE page_versions SET version = version + 1 WHERE topic = 'procedures';
END;
CREATE TRIGGER page_versions_procedures_update AFTER UPDATE ON procedures BEGIN
	UPDATE page_versions SET version = version + 1 WHERE topic = 'procedures';
END;
CREATE TRIGGER page_versions_procedures_delete AFTER DELETE ON procedures BEGIN
	UPDATE page_versions SET version = version + 1 WHERE topic = 'procedures';
END;
CREATE TRIGGER page_versions_procedure_documents_insert AFTER INSERT ON procedure_documents BEGIN
	UPDATE page_versions SET version = version + 1 WHERE topic = 'procedures';
END;
CREATE TRIGGER page_versions_procedure_documents_update AFTER UPDATE ON procedure_documents BEGIN
	UPDATE page_versions SET version = version + 1 WHERE topic = 'procedures';
END;
CREATE TRIGGER page_versions_procedure_documents_delete AFTER DELETE ON procedure_documents BEGIN
	UPDATE page_versions SET version = version + 1 WHERE topic = 'procedures';
END;
CREATE TRIGGER page_versions_rule_sets_insert AFTER INSERT ON rule_sets BEGIN
	UPDATE page_versions SET version = version + 1 WHERE topic = 'procedures';
END;
CREATE TRIGGER page_versions_rule_sets_update AFTER UPDATE ON rule_sets BEGIN
	UPDATE page_versions SET version = version + 1 WHERE topic = 'procedures';
END;
CREATE TRIGGER page_versions_rule_sets_delete AFTER DELETE ON rule_sets BEGIN
	UPDATE page_versions SET version = version + 1 WHERE topic = 'procedures';
END;
CREATE TRIGGER page_versions_rule_set_forms_insert AFTER INSERT ON rule_set_forms BEGIN
	UPDATE page_versions SET version = version + 1 WHERE topic = 'procedures';
END;
CREATE TRIGGER page_versions_rule_set_forms_update AFTER UPDATE ON rule_set_forms BEGIN
	UPDATE page_versions SET version = version + 1 WHERE topic = 'procedures';
END;
CREATE TRIGGER page_versions_rule_set_forms_delete AFTER DELETE ON rule_set_forms BEGIN
	UPDATE page_versions SET version = version + 1 WHERE topic = 'procedures';
END;
CREATE TRIGGER page_versions_cases_insert AFTER INSERT ON cases BEGIN
	UPDATE page_versions SET version = version + 1 WHERE topic = 'results';
END;
CREATE TRIGGER page_versions_cases_update AFTER UPDATE ON cases BEGIN
	UPDATE page_versions SET version = version + 1 WHERE topic = 'results';
END;
CREATE TRIGGER page_versions_cases_delete AFTER DELETE ON cases BEGIN
	UPDATE page_versions SET version = version + 1 WHERE topic = 'results';
END;
CREATE TRIGGER page_versions_case_steps_insert AFTER INSERT ON case_steps BEGIN
	UPDATE page_versions SET version = version + 1 WHERE topic = 'results';
END;
CREATE TRIGGER page_versions_case_steps_update AFTER UPDATE ON case_steps BEGIN
	UPDATE page_versions SET version = version + 1 WHERE topic = 'results';
END;
CREATE TRIGGER page_versions_case_steps_delete AFTER DELETE ON case_steps BEGIN
	UPDATE page_versions SET version = version + 1 WHERE topic = 'results';
END;
CREATE TRIGGER page_versions_case_apologies_insert AFTER INSERT ON case_apologies BEGIN
	UPDATE page_versions SET version = version + 1 WHERE topic = 'results';
END;
CREATE TRIGGER page_versions_case_apologies_update AFTER UPDATE ON case_apologies BEGIN
	UPDATE page_versions SET version = version + 1 WHERE topic = 'results';
END;
CREATE TRIGGER page_versions_case_apologies_delete AFTER DELETE ON case_apologies BEGIN
	UPDATE page_versions SET version = version + 1 WHERE topic = 'results';
END;
CREATE TRIGGER page_versions_apologies_insert AFTER INSERT ON apologies BEGIN
	UPDATE page_versions SET version = version + 1 WHERE topic = 'results';
END;
CREATE TRIGGER page_versions_apologies_update AFTER UPDATE ON apologies BEGIN
	UPDATE page_versions SET version = version + 1 WHERE topic = 'results';
END;
CREATE TRIGGER page_versions_apologies_delete AFTER DELETE ON apologies BEGIN
	UPDATE page_versions SET version = version + 1 WHERE topic = 'results';
END;
CREATE TRIGGER page_versions_case_subjects_insert AFTER INSERT ON case_subjects BEGIN
	UPDATE page_versions SET version = version + 1 WHERE topic = 'results';
END;
CREATE TRIGGER page_versions_case_subjects_update AFTER UPDATE ON case_subjects BEGIN
	UPDATE page_versions SET version = version + 1 WHERE topic = 'results';
END;
CREATE TRIGGER page_versions_case_subjects_delete AFTER DELETE ON case_subjects BEGIN
	UPDATE page_versions SET version = version + 1 WHERE topic = 'results';
END;
CREATE TRIGGER page_versions_official_sanctions_insert AFTER INSERT ON official_sanctions BEGIN
	UPDATE page_versions SET version = version + 1 WHERE topic = 'results';
END;
CREATE TRIGGER page_versions_official_sanctions_update AFTER UPDATE ON official_sanctions BEGIN
	UPDATE page_versions SET version = version + 1 WHERE topic = 'results';
END;
CREATE TRIGGER page_versions_official_sanctions_delete AFTER DELETE ON official_sanctions BEGIN
	UPDATE page_versions SET version = version + 1 WHERE topic = 'results';
END;
CREATE TRIGGER page_versions_case_clocks_insert AFTER INSERT ON case_clocks BEGIN
	UPDATE page_versions SET version = version + 1 WHERE topic = 'results';
END;
CREATE TRIGGER page_versions_case_clocks_update AFTER UPDATE ON case_clocks BEGIN
	UPDATE page_versions SET version = version + 1 WHERE topic = 'results';
END;
CREATE TRIGGER page_versions_case_clocks_delete AFTER DELETE ON case_clocks BEGIN
	UPDATE page_versions SET version = version + 1 WHERE topic = 'results';
END;
CREATE TRIGGER page_versions_case_rule_sets_insert AFTER INSERT ON case_rule_sets BEGIN
	UPDATE page_versions SET version = version + 1 WHERE topic = 'results';
END;
CREATE TRIGGER page_versions_case_rule_sets_update AFTER UPDATE ON case_rule_sets BEGIN
	UPDATE page_versions SET version = version + 1 WHERE topic = 'results';
END;
CREATE TRIGGER page_versions_case_rule_sets_delete AFTER DELETE ON case_rule_sets BEGIN
	UPDATE page_versions SET version = version + 1 WHERE topic = 'results';
END;
CREATE TRIGGER page_versions_holidays_insert AFTER INSERT ON holidays BEGIN
	UPDATE page_versions SET version = version + 1 WHERE topic = 'calendar';
END;
CREATE TRIGGER page_versions_holidays_update AFTER UPDATE ON holidays BEGIN
	UPDATE page_versions SET version = version + 1 WHERE topic = 'calendar';
END;
CREATE TRIGGER page_versions_holidays_delete AFTER DELETE ON holidays BEGIN
	UPDATE page_versions SET version = version + 1 WHERE topic = 'calendar';
END;
