// Administrators change roles, units and the disabled flag (API and pages);
// each change is one ledger event, ends the account's sessions, and bad input
// changes nothing. Also: forms sent as multipart/form-data work like urlencoded ones.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, api, login, ledgerHead, withLog, cookieFrom, DEMO_PASSWORD } from '../lib/server.mjs';
import { assertError, hiddenInput, htmlDecode } from '../lib/check.mjs';

let srv, admin;
before(async () => {
  srv = await startServer({ demo: true });
  admin = await login(srv.url, 'quantri');
});
after(async () => { if (srv) await srv.cleanup(); });
const t = (name, fn) => test(name, withLog(() => srv, fn));
const change = (who, body, sess = admin) =>
  api(srv.url, 'PATCH', `/api/v1/accounts/${who}`, { body, cookie: sess.cookie, csrf: sess.csrf });

t('PATCH /api/v1/accounts/{login}: role and unit change is one event and ends old sessions', async () => {
  const old = await login(srv.url, 'xuly');
  const before = await ledgerHead(srv.url);
  const r = await change('xuly', { role: 'unit_head', unit: 'xa-long-sap' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.account.role, 'unit_head');
  assert.equal(r.json.account.unit, 'xa-long-sap');
  assert.equal((await ledgerHead(srv.url)).seq, before.seq + 1);
  const s = await api(srv.url, 'GET', '/api/v1/session', { cookie: old.cookie });
  assertError(s, 401, 'unauthenticated');
  // New powers with a new sign-in: the new head edits the new unit.
  const head = await login(srv.url, 'xuly');
  const p = await api(srv.url, 'PATCH', '/api/v1/units/xa-long-sap', { body: { hotline: '0212 3777 123' }, cookie: head.cookie, csrf: head.csrf });
  assert.equal(p.status, 200, p.text);
  // The same values again: nothing changes, no event.
  const h2 = await ledgerHead(srv.url);
  const same = await change('xuly', { role: 'unit_head', unit: 'xa-long-sap' });
  assert.equal(same.status, 200);
  assert.equal((await ledgerHead(srv.url)).seq, h2.seq);
});

t('a disabled account cannot sign in; an admin cannot disable themself', async () => {
  const r = await change('motcua', { disabled: true });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.account.disabled, true);
  const s = await api(srv.url, 'POST', '/api/v1/session', { body: { login: 'motcua', password: DEMO_PASSWORD } });
  assertError(s, 401, 'bad_credentials');
  const self = await change('quantri', { disabled: true });
  assertError(self, 422, 'invalid_field', 'disabled');
  const back = await change('motcua', { disabled: false });
  assert.equal(back.json.account.disabled, false);
});

t('bad account changes are refused and change nothing', async () => {
  const before = await ledgerHead(srv.url);
  assertError(await change('thanhtra', { role: 'king' }), 422, 'invalid_field', 'role');
  assertError(await change('thanhtra', { unit: 'xa-khong-co' }), 422, 'invalid_field', 'unit');
  assertError(await change('thanhtra', { password: 'x' }), 422, 'invalid_field', 'password');
  assertError(await change('thanhtra', { disabled: 'yes' }), 422, 'invalid_field', 'disabled');
  assertError(await change('khong-ai', { role: 'citizen' }), 404, 'not_found');
  const head = await login(srv.url, 'truongphuong');
  assertError(await change('thanhtra', { role: 'citizen' }, head), 403, 'forbidden');
  assertError(await api(srv.url, 'PATCH', '/api/v1/accounts/thanhtra', { body: { role: 'citizen' }, cookie: admin.cookie }), 403, 'csrf');
  assert.equal((await ledgerHead(srv.url)).seq, before.seq);
  const who = await login(srv.url, 'thanhtra');
  assert.equal(who.account.role, 'inspector');
});

async function adminPage(path, cookie) {
  const res = await fetch(srv.url + path, { headers: { cookie }, redirect: 'manual' });
  return { status: res.status, text: await res.text() };
}

t('admin pages: create an account (password shown once), reset a password; others get 403', async () => {
  const cookie = admin.cookie;
  const list = await adminPage('/admin/accounts', cookie);
  assert.equal(list.status, 200);
  const csrf = hiddenInput(list.text, '_csrf');
  assert.ok(csrf);
  // Sent as multipart/form-data: the server's form parsing handles both encodings.
  const fd = new FormData();
  for (const [k, v] of Object.entries({ _csrf: csrf, login: 'canbo.thuanchau', display_name: 'Cầm Văn Thuận', role: 'counter_officer', unit: 'xa-thuan-chau' })) fd.append(k, v);
  const before = await ledgerHead(srv.url);
  const res = await fetch(srv.url + '/admin/accounts', { method: 'POST', body: fd, headers: { cookie }, redirect: 'manual' });
  // POST/redirect/GET: the list the answer sends the browser to shows the password once.
  assert.equal(res.status, 303, (await res.text()).slice(0, 300));
  assert.match(res.headers.get('location'), /^\/admin\/accounts\?f=[0-9a-f]{64}$/);
  const html = (await adminPage(res.headers.get('location'), cookie)).text;
  const pw = html.match(/<code class="password">([^<]+)<\/code>/);
  assert.ok(pw, 'the generated password is shown');
  assert.equal((await ledgerHead(srv.url)).seq, before.seq + 1);
  const s = await api(srv.url, 'POST', '/api/v1/session', { body: { login: 'canbo.thuanchau', password: htmlDecode(pw[1]) } });
  assert.equal(s.status, 200, s.text);
  // The list afterwards does not show any password, not even at the same address.
  const again = await adminPage('/admin/accounts', cookie);
  assert.ok(!again.text.includes(pw[1]));
  assert.ok(!(await adminPage(res.headers.get('location'), cookie)).text.includes(pw[1]));
  // A bad unit: 422 with the reason on the page, nothing created.
  const bad = await fetch(srv.url + '/admin/accounts', {
    method: 'POST', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, redirect: 'manual',
    body: new URLSearchParams({ _csrf: csrf, login: 'canbo.x', display_name: 'Lò Văn X', role: 'citizen', unit: 'khong-co' }),
  });
  assert.equal(bad.status, 422);
  assert.match(htmlDecode(await bad.text()), /Không có đơn vị này/);
  // Reset through the page.
  const rs = await fetch(srv.url + '/admin/accounts/canbo.thuanchau/password', {
    method: 'POST', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, redirect: 'manual',
    body: new URLSearchParams({ _csrf: csrf }),
  });
  assert.equal(rs.status, 303);
  const pw2 = (await adminPage(rs.headers.get('location'), cookie)).text.match(/<code class="password">([^<]+)<\/code>/);
  assert.ok(pw2 && pw2[1] !== pw[1]);
  for (const who of ['truongphuong', 'giamsat']) {
    const other = await login(srv.url, who);
    assert.equal((await adminPage('/admin/accounts', other.cookie)).status, 403, who);
  }
});

t('an administrator cannot give up their own administrator role', async () => {
  const before = await ledgerHead(srv.url);
  assertError(await change('quantri', { role: 'citizen' }), 422, 'invalid_field', 'role');
  const same = await change('quantri', { role: 'admin', unit: 'ubnd-tinh-son-la' });
  assert.equal(same.status, 200, same.text);
  assert.equal((await ledgerHead(srv.url)).seq, before.seq);
});

t('an administrator sets an official\'s position (one event); bad positions change nothing', async () => {
  const before = await ledgerHead(srv.url);
  const r = await change('thanhtranoivu', { title: 'Phó Chánh Thanh tra Sở Nội vụ' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.account.title, 'Phó Chánh Thanh tra Sở Nội vụ');
  assert.equal((await ledgerHead(srv.url)).seq, before.seq + 1);
  assertError(await change('thanhtranoivu', { title: 'x'.repeat(121) }), 422, 'invalid_field', 'title');
  assertError(await change('thanhtranoivu', { title: 'dòng một\ndòng hai' }), 422, 'invalid_field', 'title');
  assert.equal((await ledgerHead(srv.url)).seq, before.seq + 1);
});
