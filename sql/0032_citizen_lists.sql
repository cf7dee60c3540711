-- A citizen's own reports, newest first, a page at a time from a cursor (GET /me,
-- /api/v1/me/reports): before this index every look-up read every case.
-- Only reports filed from an account are in it.
CREATE INDEX cases_reporter ON cases(reporter_account_id, id) WHERE reporter_account_id IS NOT NULL;
