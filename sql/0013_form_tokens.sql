-- One-time form tokens (POST/redirect/GET): every state-changing HTML form
-- carries a random token; the first POST with it records, in the same
-- transaction as the change, where its answer sent the browser. A second POST
-- with the same token changes nothing and is sent to the same place.
-- A one-time result the answer page must show once (a report's passphrase, a
-- generated password, an opened identity) is kept sealed with a key derived
-- from the token and the browser's cookie (neither is stored), and is erased
-- when shown or after 30 minutes. Rows are forgotten after 7 days.
CREATE TABLE form_tokens (
  token_hash   TEXT PRIMARY KEY,    -- SHA-256 (hex) of the form token
  binding_hash TEXT NOT NULL,       -- SHA-256 (hex) of the cookie the form was posted with
  location     TEXT NOT NULL,       -- the 303 answer's Location
  sealed       BLOB,                -- nonce ‖ secretbox(one-time result), NULL when none or taken
  created_at   INTEGER NOT NULL     -- epoch seconds
) WITHOUT ROWID;
CREATE INDEX form_tokens_created ON form_tokens(created_at);
