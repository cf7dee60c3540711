// POST/GET/DELETE /api/v1/session, the sign-in rate limits and the sign-in form's next.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, api, login, cookieFrom, setCookieLine, withLog, DEMO_PASSWORD } from '../lib/server.mjs';
import { assertError } from '../lib/check.mjs';

let srv;
before(async () => { srv = await startServer({ demo: true }); });
after(async () => { if (srv) await srv.cleanup(); });
const t = (name, fn) => test(name, withLog(() => srv, fn));

const DEMO_ACCOUNTS = [
  ['congdan', 'citizen', 'ubnd-tinh-son-la'],
  ['motcua', 'counter_officer', 'phuong-chieng-coi'],
  ['xuly', 'processing_officer', 'phuong-chieng-coi'],
  ['truongphuong', 'unit_head', 'phuong-chieng-coi'],
  ['giamdocsoyte', 'unit_head', 'so-y-te'],
  ['thanhtra', 'inspector', 'thanh-tra-tinh'],
  ['thanhtranoivu', 'home_affairs_inspector', 'so-noi-vu'],
  ['quantri', 'admin', 'ubnd-tinh-son-la'],
  ['giamsat', 'overseer', 'ubnd-tinh-son-la'],
];

const post = (body, headers) => api(srv.url, 'POST', '/api/v1/session', { body, headers });

t('every demo account signs in with its role and unit', async () => {
  for (const [name, role, unit] of DEMO_ACCOUNTS) {
    const r = await post({ login: name, password: DEMO_PASSWORD });
    assert.equal(r.status, 200, `${name}: ${r.text}`);
    const a = r.json.account;
    assert.equal(a.login, name);
    assert.equal(a.role, role, `${name}.role`);
    assert.equal(a.unit, unit, `${name}.unit`);
    assert.equal(typeof a.display_name, 'string');
    assert.ok(a.display_name.length > 0, `${name}: empty display_name`);
    assert.equal(typeof r.json.csrf_token, 'string');
    assert.ok(r.json.csrf_token.length >= 16, 'csrf_token too short');
    assert.ok(!('password_hash' in a) && !('password' in a), 'account leaks password data');
  }
});

t('the session cookie is HttpOnly, SameSite=Lax, Path=/', async () => {
  const r = await post({ login: 'congdan', password: DEMO_PASSWORD });
  assert.equal(r.status, 200);
  const line = setCookieLine(r.headers, 'mb_session');
  assert.ok(line, 'no mb_session Set-Cookie');
  const attrs = line.split(';').map((s) => s.trim().toLowerCase());
  assert.ok(attrs.includes('httponly'), line);
  assert.ok(attrs.includes('samesite=lax'), line);
  assert.ok(attrs.includes('path=/'), line);
  const value = line.split(';')[0].slice('mb_session='.length);
  assert.ok(value.length >= 20, `session token too short: ${value}`);
});

t('each sign-in gets a new session token and CSRF token', async () => {
  const a = await login(srv.url, 'xuly');
  const b = await login(srv.url, 'xuly');
  assert.notEqual(a.cookie, b.cookie);
  assert.notEqual(a.csrf, b.csrf);
});

t('GET /api/v1/session returns the signed-in account', async () => {
  const s = await login(srv.url, 'truongphuong');
  const r = await api(srv.url, 'GET', '/api/v1/session', { cookie: s.cookie });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.account.login, 'truongphuong');
  assert.equal(r.json.account.role, 'unit_head');
  assert.equal(r.json.account.unit, 'phuong-chieng-coi');
  assert.equal(r.json.csrf_token, s.csrf, 'csrf_token differs from the one given at sign-in');
});

t('GET /api/v1/session without or with a bogus cookie answers 401 unauthenticated', async () => {
  assertError(await api(srv.url, 'GET', '/api/v1/session'), 401, 'unauthenticated');
  assertError(await api(srv.url, 'GET', '/api/v1/session', { cookie: 'mb_session=deadbeef' }), 401, 'unauthenticated');
  assertError(await api(srv.url, 'GET', '/api/v1/session', { cookie: 'mb_session=' }), 401, 'unauthenticated');
});

t('DELETE /api/v1/session signs out; the cookie no longer works', async () => {
  const s = await login(srv.url, 'motcua');
  const r = await api(srv.url, 'DELETE', '/api/v1/session', { cookie: s.cookie, csrf: s.csrf });
  assert.equal(r.status, 204, r.text);
  assert.equal(r.text, '');
  assertError(await api(srv.url, 'GET', '/api/v1/session', { cookie: s.cookie }), 401, 'unauthenticated');
  // A second sign-out with the dead cookie does not bring it back.
  const again = await api(srv.url, 'DELETE', '/api/v1/session', { cookie: s.cookie, csrf: s.csrf });
  assertError(again, 401, 'unauthenticated');
  assertError(await api(srv.url, 'GET', '/api/v1/session', { cookie: s.cookie }), 401, 'unauthenticated');
});

t('DELETE /api/v1/session without the CSRF token is refused and keeps the session', async () => {
  const s = await login(srv.url, 'motcua');
  assertError(await api(srv.url, 'DELETE', '/api/v1/session', { cookie: s.cookie }), 403, 'csrf');
  assertError(await api(srv.url, 'DELETE', '/api/v1/session', { cookie: s.cookie, csrf: 'x' + s.csrf.slice(1) }), 403, 'csrf');
  const r = await api(srv.url, 'GET', '/api/v1/session', { cookie: s.cookie });
  assert.equal(r.status, 200);
});

t('signing out one session leaves other sessions of the account alive', async () => {
  const a = await login(srv.url, 'giamsat');
  const b = await login(srv.url, 'giamsat');
  assert.equal((await api(srv.url, 'DELETE', '/api/v1/session', { cookie: a.cookie, csrf: a.csrf })).status, 204);
  assert.equal((await api(srv.url, 'GET', '/api/v1/session', { cookie: b.cookie })).status, 200);
});

t('CSRF token of one session does not work with another session', async () => {
  const a = await login(srv.url, 'congdan');
  const b = await login(srv.url, 'congdan');
  assertError(await api(srv.url, 'DELETE', '/api/v1/session', { cookie: a.cookie, csrf: b.csrf }), 403, 'csrf');
});

t('wrong password answers 401 bad_credentials and sets no cookie', async () => {
  const r = await post({ login: 'thanhtranoivu', password: 'sai-mat-khau' });
  assertError(r, 401, 'bad_credentials');
  assert.equal(cookieFrom(r.headers, 'mb_session'), null);
});

t('unknown login answers the same 401 bad_credentials as a wrong password', async () => {
  const a = await post({ login: 'khong-co-tai-khoan', password: 'x' });
  const b = await post({ login: 'giamdocsoyte', password: 'x' });
  assertError(a, 401, 'bad_credentials');
  assertError(b, 401, 'bad_credentials');
  assert.deepEqual(a.json, b.json, 'unknown login and wrong password must not be told apart');
});

t('malformed or non-JSON sign-in bodies are refused', async () => {
  assertError(await post('{"login":'), 400, 'bad_json');
  // Not JSON (what a cross-site form could send): refused as the wrong media type.
  for (const [type, body] of [
    ['application/x-www-form-urlencoded', 'login=congdan&password=minhbach-demo'],
    ['text/plain', '{"login":"congdan","password":"minhbach-demo"}'],
  ]) {
    const r = await post(body, { 'Content-Type': type });
    assertError(r, 400, 'bad_content_type');
    assert.equal(cookieFrom(r.headers, 'mb_session'), null, `${type} body signed in`);
  }
  const m = await post({ login: 'congdan' });
  assertError(m, 422, 'invalid_field');
  assert.equal(m.json.error.field, 'password');
});

// Sign-in limits (docs/ARCHITECTURE.md, rate limits): they slow the attacker,
// not the owner. A server behind a trusted proxy lets the test speak from
// several client addresses (X-Forwarded-For).
test('per login and address: 5 wrong passwords, then 429 from that address; the owner still gets in from another', async () => {
  const proxied = await startServer({ demo: true, extraArgs: ['--trusted-proxy', '127.0.0.1'] });
  try {
    const from = (client, body) => api(proxied.url, 'POST', '/api/v1/session', { body, headers: { 'X-Forwarded-For': client } });
    const who = 'xuly', attacker = '198.51.100.66', owner = '203.0.113.5';
    // An earlier success from the attacker's address gives no extra attempts.
    assert.equal((await from(attacker, { login: who, password: DEMO_PASSWORD })).status, 200);
    for (let i = 1; i <= 5; i++) assertError(await from(attacker, { login: who, password: `sai-${i}` }), 401, 'bad_credentials');
    const r = await from(attacker, { login: who, password: DEMO_PASSWORD });
    assertError(r, 429, 'rate_limited');
    assert.equal(cookieFrom(r.headers, 'mb_session'), null, 'a rate-limited sign-in must not set a session');
    assertError(await from(attacker, { login: who, password: 'sai-7' }), 429, 'rate_limited');
    // Other accounts from the same address still sign in.
    assert.equal((await from(attacker, { login: 'congdan', password: DEMO_PASSWORD })).status, 200);
    // The owner, from their own address, is not locked out ...
    const ok = await from(owner, { login: who, password: DEMO_PASSWORD });
    assert.equal(ok.status, 200, ok.text);
    assert.ok(cookieFrom(ok.headers, 'mb_session'), 'the owner got no session');
    // ... and the owner's success does not give the attacker new attempts.
    assertError(await from(attacker, { login: who, password: 'sai-8' }), 429, 'rate_limited');
  } finally {
    await proxied.cleanup();
  }
});

test('an e-mail login in another letter case is the same login for the limits', async () => {
  const proxied = await startServer({ demo: true, extraArgs: ['--trusted-proxy', '127.0.0.1'] });
  try {
    const from = (client, body) => api(proxied.url, 'POST', '/api/v1/session', { body, headers: { 'X-Forwarded-For': client } });
    const attacker = '198.51.100.77';
    for (const login of ['Congdan@example.vn', 'cOngdan@example.vn', 'coNgdan@EXAMPLE.vn', 'conGdan@example.VN', 'CONGDAN@example.vn'])
      assertError(await from(attacker, { login, password: 'sai-mat-khau' }), 401, 'bad_credentials');
    assertError(await from(attacker, { login: 'congdan@example.vn', password: DEMO_PASSWORD }), 429, 'rate_limited');
    // The owner, from another address, signs in with the address in any case.
    assert.equal((await from('203.0.113.9', { login: 'CongDan@Example.vn', password: DEMO_PASSWORD })).status, 200);
  } finally {
    await proxied.cleanup();
  }
});

test('per login across addresses: after 10 failures, every address that failed waits; a fresh one passes', async () => {
  const proxied = await startServer({ demo: true, extraArgs: ['--trusted-proxy', '127.0.0.1'] });
  try {
    const from = (client, body) => api(proxied.url, 'POST', '/api/v1/session', { body, headers: { 'X-Forwarded-For': client } });
    const who = 'truongphuong';
    for (let i = 1; i <= 10; i++) assertError(await from(`198.51.100.${i}`, { login: who, password: `sai-${i}` }), 401, 'bad_credentials');
    for (let i = 1; i <= 10; i++) assertError(await from(`198.51.100.${i}`, { login: who, password: DEMO_PASSWORD }), 429, 'rate_limited');
    // A new address gets one try: wrong, and it waits too ...
    assertError(await from('198.51.100.11', { login: who, password: 'sai-11' }), 401, 'bad_credentials');
    assertError(await from('198.51.100.11', { login: who, password: 'sai-12' }), 429, 'rate_limited');
    // ... the owner from a fresh address is in.
    assert.equal((await from('203.0.113.77', { login: who, password: DEMO_PASSWORD })).status, 200);
  } finally {
    await proxied.cleanup();
  }
});

t('the sign-in form never redirects off the site, whatever next says', async () => {
  const form = async (fields, cookie) => {
    const res = await fetch(srv.url + '/login', {
      method: 'POST', redirect: 'manual',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'Accept-Encoding': 'identity', ...(cookie ? { Cookie: cookie } : {}) },
      body: new URLSearchParams(fields).toString(),
    });
    return { status: res.status, location: res.headers.get('location') };
  };
  const p = await fetch(srv.url + '/login', { headers: { 'Accept-Encoding': 'identity' } });
  const pre = (p.headers.getSetCookie() || []).map((c) => c.split(';')[0]).join('; ');
  const csrf = /name="_csrf" value="([0-9a-f]+)"/.exec(await p.text())[1];
  const hostile = ['//evil.example', '/\\evil.example', '/\t/evil.example', '/\n/evil.example', '/\r\n/evil.example',
    '/ /evil.example', '/%2f%2fevil.example', '/%5Cevil.example', '/%09/evil.example', '\\\\evil.example',
    'https://evil.example', '/\u00a0/evil.example', '/\u200b/evil.example'];
  for (const next of hostile) {
    const r = await form({ login: 'congdan', password: DEMO_PASSWORD, _csrf: csrf, next }, pre);
    assert.equal(r.status, 303, JSON.stringify(next));
    assert.equal(r.location, '/', `next ${JSON.stringify(next)} led to ${JSON.stringify(r.location)}`);
  }
  const good = await form({ login: 'congdan', password: DEMO_PASSWORD, _csrf: csrf, next: '/units/so-y-te?lang=en' }, pre);
  assert.equal(good.location, '/units/so-y-te?lang=en');
});

t('per account: 4 wrong passwords do not block the right one', async () => {
  const who = 'thanhtra';
  for (let i = 1; i <= 4; i++) {
    assertError(await post({ login: who, password: `sai-${i}` }), 401, 'bad_credentials');
  }
  const s = await login(srv.url, who);
  assert.equal(s.account.role, 'inspector');
});
