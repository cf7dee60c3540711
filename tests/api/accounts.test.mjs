// Admin accounts API: create an account, reset a password.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, api, login, ledgerHead, withLog, DEMO_PASSWORD } from '../lib/server.mjs';
import { assertError } from '../lib/check.mjs';

let srv;
let admin;
before(async () => {
  srv = await startServer({ demo: true });
  admin = await login(srv.url, 'quantri');
});
after(async () => { if (srv) await srv.cleanup(); });
const t = (name, fn) => test(name, withLog(() => srv, fn));

const create = (body, sess = admin) => api(srv.url, 'POST', '/api/v1/accounts', { body, cookie: sess.cookie, csrf: sess.csrf });
const reset = (who, sess = admin) => api(srv.url, 'POST', `/api/v1/accounts/${who}/password`, { body: {}, cookie: sess.cookie, csrf: sess.csrf });
const signIn = (name, password) => api(srv.url, 'POST', '/api/v1/session', { body: { login: name, password } });

t('admin creates an account; it signs in with the generated password', async () => {
  const body = { login: 'canbo-mocchau', display_name: 'Lò Văn Bình', role: 'processing_officer', unit: 'phuong-moc-chau' };
  const r = await create(body);
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.account.login, body.login);
  assert.equal(r.json.account.display_name, body.display_name);
  assert.equal(r.json.account.role, body.role);
  assert.equal(r.json.account.unit, body.unit);
  assert.equal(typeof r.json.password, 'string');
  assert.ok(r.json.password.length >= 12, `generated password too short: ${r.json.password.length}`);
  assert.ok(!('password_hash' in r.json.account));

  const s = await login(srv.url, body.login, r.json.password);
  assert.deepEqual(
    { login: s.account.login, role: s.account.role, unit: s.account.unit, display_name: s.account.display_name },
    { login: body.login, role: body.role, unit: body.unit, display_name: body.display_name });
});

t('a created unit head can change their unit', async () => {
  const r = await create({ login: 'truong-xa-long-sap', display_name: 'Cầm Thị Dung', role: 'unit_head', unit: 'xa-long-sap' });
  assert.equal(r.status, 201, r.text);
  const s = await login(srv.url, 'truong-xa-long-sap', r.json.password);
  const p = await api(srv.url, 'PATCH', '/api/v1/units/xa-long-sap', { cookie: s.cookie, csrf: s.csrf, body: { hotline: '0212 3777 888' } });
  assert.equal(p.status, 200, p.text);
  assert.equal(p.json.unit.updated_by_role, 'unit_head');
  const q = await api(srv.url, 'PATCH', '/api/v1/units/phuong-moc-chau', { cookie: s.cookie, csrf: s.csrf, body: { hotline: '0212 3777 888' } });
  assertError(q, 403, 'forbidden');
});

t('two created accounts get different passwords', async () => {
  const a = await create({ login: 'motcua-2', display_name: 'Một cửa 2', role: 'counter_officer', unit: 'phuong-chieng-coi' });
  const b = await create({ login: 'motcua-3', display_name: 'Một cửa 3', role: 'counter_officer', unit: 'phuong-chieng-coi' });
  assert.equal(a.status, 201, a.text);
  assert.equal(b.status, 201, b.text);
  assert.notEqual(a.json.password, b.json.password);
});

t('admin resets a password: the old one stops working, the new one works', async () => {
  const r = await create({ login: 'canbo-reset', display_name: 'Đinh Văn Cường', role: 'citizen', unit: 'ubnd-tinh-son-la' });
  assert.equal(r.status, 201, r.text);
  const oldPw = r.json.password;
  const old = await login(srv.url, 'canbo-reset', oldPw);
  const x = await reset('canbo-reset');
  assert.equal(x.status, 200, x.text);
  assert.equal(typeof x.json.password, 'string');
  assert.ok(x.json.password.length >= 12);
  assert.notEqual(x.json.password, oldPw);
  assertError(await signIn('canbo-reset', oldPw), 401, 'bad_credentials');
  const s = await login(srv.url, 'canbo-reset', x.json.password);
  assert.equal(s.account.login, 'canbo-reset');
  // A password reset should end the sessions opened with the old password.
  assertError(await api(srv.url, 'GET', '/api/v1/session', { cookie: old.cookie }), 401, 'unauthenticated');
});

t('admin resets a demo account password', async () => {
  const x = await reset('motcua');
  assert.equal(x.status, 200, x.text);
  assertError(await signIn('motcua', DEMO_PASSWORD), 401, 'bad_credentials');
  await login(srv.url, 'motcua', x.json.password);
});

t('reset of an unknown account: 404 not_found', async () => {
  assertError(await reset('khong-co-ai'), 404, 'not_found');
});

for (const who of ['truongphuong', 'giamsat', 'thanhtra', 'congdan', 'thanhtranoivu']) {
  t(`${who} may not create accounts or reset passwords: 403 forbidden`, async () => {
    const sess = await login(srv.url, who);
    const head = await ledgerHead(srv.url);
    assertError(await create({ login: `gia-mao-${who}`, display_name: 'X', role: 'admin', unit: 'ubnd-tinh-son-la' }, sess), 403, 'forbidden');
    assertError(await reset('quantri', sess), 403, 'forbidden');
    assertError(await signIn(`gia-mao-${who}`, 'x'), 401, 'bad_credentials');
    await login(srv.url, 'quantri'); // quantri's password unchanged
    assert.equal((await ledgerHead(srv.url)).seq, head.seq);
  });
}

t('accounts API without a session: 401; without CSRF: 403 csrf', async () => {
  assertError(await api(srv.url, 'POST', '/api/v1/accounts', { body: { login: 'x1', display_name: 'X', role: 'citizen', unit: 'so-y-te' } }), 401, 'unauthenticated');
  assertError(await api(srv.url, 'POST', '/api/v1/accounts', { cookie: admin.cookie, body: { login: 'x2', display_name: 'X', role: 'citizen', unit: 'so-y-te' } }), 403, 'csrf');
  assertError(await api(srv.url, 'POST', '/api/v1/accounts/congdan/password', { cookie: admin.cookie, body: {} }), 403, 'csrf');
  await login(srv.url, 'congdan');
});

t('creating an account with a taken login is refused', async () => {
  const r = await create({ login: 'congdan', display_name: 'Trùng', role: 'admin', unit: 'ubnd-tinh-son-la' });
  assert.equal(r.status, 409, `expected 409 or 422, got ${r.status} ${r.text}`);
  assert.ok(r.json && r.json.error && r.json.error.code);
  const s = await login(srv.url, 'congdan');
  assert.equal(s.account.role, 'citizen', 'existing account was overwritten');
});

t('creating an account with a bad role or unknown unit is refused with 422', async () => {
  assertError(await create({ login: 'sai-vai-tro', display_name: 'Sai Vai Trò', role: 'superuser', unit: 'so-y-te' }), 422, 'invalid_field', 'role');
  assertError(await create({ login: 'sai-don-vi', display_name: 'Sai Đơn Vị', role: 'citizen', unit: 'khong-ton-tai' }), 422, 'invalid_field', 'unit');
  assertError(await signIn('sai-vai-tro', 'x'), 401, 'bad_credentials');
});

t('unknown or non-string fields are refused naming the field (the name outlives the parsed body)', async () => {
  const before = await ledgerHead(srv.url);
  for (const [body, field] of [
    [{ kind: 1 }, 'kind'],
    [{ login: 'mot-truong-la', display_name: 'Lạ', role: 'citizen', unit: 'so-y-te', extra_field_with_a_long_name: 'x' }, 'extra_field_with_a_long_name'],
    [{ login: 5 }, 'login'],
    [{ display_name: ['Lò Văn A'] }, 'display_name'],
  ]) {
    assertError(await create(body), 422, 'invalid_field', field);
  }
  assert.equal((await ledgerHead(srv.url)).seq, before.seq, 'a refused account changed the ledger');
});
