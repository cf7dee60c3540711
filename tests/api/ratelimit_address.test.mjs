// The per-address sign-in rate limit: 20 failures within 15 minutes from one
// address, spread over accounts so that no account reaches its own limit of 5.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, api, cookieFrom, withLog, DEMO_PASSWORD } from '../lib/server.mjs';
import { assertError } from '../lib/check.mjs';

let srv;
before(async () => { srv = await startServer({ demo: true }); });
after(async () => { if (srv) await srv.cleanup(); });
const t = (name, fn) => test(name, withLog(() => srv, fn));

const post = (body) => api(srv.url, 'POST', '/api/v1/session', { body });

t('per address: after 20 failures over several accounts, sign-ins from the address answer 429', async () => {
  const accounts = ['congdan', 'motcua', 'xuly', 'truongphuong', 'giamdocsoyte'];
  let n = 0;
  for (const who of accounts) {
    for (let i = 1; i <= 4; i++) {
      n++;
      const r = await post({ login: who, password: `sai-${n}` });
      assertError(r, 401, 'bad_credentials');
    }
  }
  assert.equal(n, 20);
  // An account with no failures of its own, with its right password.
  const r = await post({ login: 'giamsat', password: DEMO_PASSWORD });
  assertError(r, 429, 'rate_limited');
  assert.equal(cookieFrom(r.headers, 'mb_session'), null);
  // Unknown logins too.
  assertError(await post({ login: 'ai-do', password: 'x' }), 429, 'rate_limited');
});

t('429 answers say when to retry', async () => {
  const r = await post({ login: 'giamsat', password: DEMO_PASSWORD });
  assertError(r, 429, 'rate_limited');
  assert.equal(r.headers.get('retry-after'), '900');
});

test('behind a trusted proxy, the limit counts the client from X-Forwarded-For, not the proxy', async () => {
  const proxied = await startServer({ demo: true, extraArgs: ['--trusted-proxy', '127.0.0.1'] });
  try {
    const send = (body, client) => api(proxied.url, 'POST', '/api/v1/session', { body, headers: { 'X-Forwarded-For': `203.0.113.9, ${client}` } });
    const accounts = ['congdan', 'motcua', 'xuly', 'truongphuong', 'giamdocsoyte'];
    for (const who of accounts)
      for (let i = 1; i <= 4; i++) assertError(await send({ login: who, password: 'sai' }, '198.51.100.7'), 401, 'bad_credentials');
    // The noisy client is limited ...
    assertError(await send({ login: 'giamsat', password: DEMO_PASSWORD }, '198.51.100.7'), 429, 'rate_limited');
    // ... another client behind the same proxy is not.
    const ok = await send({ login: 'giamsat', password: DEMO_PASSWORD }, '198.51.100.8');
    assert.equal(ok.status, 200, ok.text);
  } finally {
    await proxied.cleanup();
  }
});
