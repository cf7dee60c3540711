// A session lives 12 hours from sign-in, then the cookie stops working; the
// database keeps only the token's hash, with its end.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { startServer, api, login, withLog } from '../lib/server.mjs';

const sql = (db, q) => execFileSync('sqlite3', ['-cmd', '.timeout 5000', db, q], { encoding: 'utf8' }).trim();

let srv;
test('a session ends 12 hours after sign-in; an expired cookie is refused', withLog(() => srv, async () => {
  srv = await startServer({ demo: true });
  try {
    const s = await login(srv.url, 'xuly');
    const rows = sql(srv.dbPath, "SELECT s.expires_at - s.created_at FROM sessions s JOIN accounts a ON a.id = s.account_id WHERE a.login = 'xuly'");
    assert.deepEqual(rows.split('\n'), ['43200'], 'one session of 12 hours');
    assert.equal((await api(srv.url, 'GET', '/api/v1/session', { cookie: s.cookie })).status, 200);
    // The same session, its end moved to a second ago: refused, as after 12 hours.
    sql(srv.dbPath, "UPDATE sessions SET expires_at = CAST(strftime('%s','now') AS INTEGER) - 1");
    assert.equal((await api(srv.url, 'GET', '/api/v1/session', { cookie: s.cookie })).status, 401);
  } finally {
    await srv.cleanup();
  }
}));
