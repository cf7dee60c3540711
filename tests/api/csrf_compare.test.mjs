// The anti-forgery token is compared in full and in constant time: a prefix,
// a longer token, or one differing in its last character is refused, and
// nothing changes. (A comparison over the shorter length would accept a prefix.)

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, api, login, ledgerHead, withLog } from '../lib/server.mjs';
import { assertError } from '../lib/check.mjs';

let srv;
before(async () => { srv = await startServer({ demo: true }); });
after(async () => { if (srv) await srv.cleanup(); });

test('a CSRF token that is a prefix, longer, or wrong in its last character is refused', withLog(() => srv, async () => {
  const s = await login(srv.url, 'truongphuong');
  const patch = (csrf) => api(srv.url, 'PATCH', '/api/v1/units/phuong-chieng-coi', { cookie: s.cookie, csrf, body: { hotline: '0212 3000 111' } });
  const before = await ledgerHead(srv.url);
  const last = s.csrf.at(-1) === 'a' ? 'b' : 'a';
  for (const bad of [s.csrf.slice(0, -1), s.csrf.slice(0, 1), `${s.csrf}a`, s.csrf.slice(0, -1) + last]) {
    assertError(await patch(bad), 403, 'csrf');
  }
  assert.equal((await ledgerHead(srv.url)).seq, before.seq, 'a refused request changed the ledger');
  const ok = await patch(s.csrf);
  assert.equal(ok.status, 200, ok.text);
}));
