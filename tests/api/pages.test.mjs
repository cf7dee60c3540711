// The HTML pages as an HTTP client sees them: content, language switch,
// sign-in form, edit form and its CSRF protection.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, api, login, ledgerHead, getUnit, cookieFrom, setCookieLine, withLog, DEMO_PASSWORD } from '../lib/server.mjs';
import { hiddenInput, htmlDecode, page } from '../lib/check.mjs';

let srv;
before(async () => { srv = await startServer({ demo: true }); });
after(async () => { if (srv) await srv.cleanup(); });
const t = (name, fn) => test(name, withLog(() => srv, fn));

const ID = { 'Accept-Encoding': 'identity' };

/** Posts an urlencoded form; resolves {status, headers, text}. */
async function postForm(pathname, fields, cookie) {
  const h = { 'Content-Type': 'application/x-www-form-urlencoded', ...ID };
  if (cookie) h.Cookie = cookie;
  const res = await fetch(srv.url + pathname, { method: 'POST', headers: h, body: new URLSearchParams(fields).toString(), redirect: 'manual' });
  return { status: res.status, headers: res.headers, text: await res.text() };
}

/** Joins name=value cookie strings, later ones replacing earlier ones of the same name. */
function jar(...cookies) {
  const m = new Map();
  for (const c of cookies.filter(Boolean)) for (const part of c.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k) m.set(k, v.join('='));
  }
  return [...m].map(([k, v]) => `${k}=${v}`).join('; ');
}

/** Signs in through the HTML form; resolves the cookie jar string. */
async function formLogin(name, password = DEMO_PASSWORD) {
  const p = await page(srv.url, '/login', { headers: ID });
  assert.equal(p.status, 200);
  const csrf = hiddenInput(p.text, '_csrf');
  assert.ok(csrf !== null, 'login form has no hidden _csrf');
  const pre = (p.headers.getSetCookie() || []).map((c) => c.split(';')[0]).join('; ');
  const r = await postForm('/login', { login: name, password, _csrf: csrf }, pre || undefined);
  return { r, cookie: jar(pre, cookieFrom(r.headers, 'mb_session')) };
}

t('home page has a search form (q) and a link to /units', async () => {
  const p = await page(srv.url, '/', { headers: ID });
  assert.equal(p.status, 200);
  assert.match(p.text, /<form[^>]*action="\/units"/i, 'search form should submit to /units');
  assert.match(p.text, /<input[^>]*name="q"/i);
  assert.match(p.text, /href="\/units"/);
});

t('/units lists the organisation tree with links to every unit', async () => {
  const p = await page(srv.url, '/units', { headers: ID });
  assert.equal(p.status, 200);
  for (const id of ['ubnd-tinh-son-la', 'so-y-te', 'phuong-chieng-coi', 'xa-long-sap']) {
    assert.ok(p.text.includes(`href="/units/${id}"`), `tree lacks a link to ${id}`);
  }
  const links = new Set([...p.text.matchAll(/href="\/units\/([a-z0-9-]+)"/g)].map((m) => m[1]));
  assert.equal(links.size, 92, 'the tree should link all 92 units');
});

t('/units?q= finds units ignoring diacritics', async () => {
  const p = await page(srv.url, '/units?q=chieng+coi', { headers: ID });
  assert.equal(p.status, 200);
  assert.ok(p.text.includes('href="/units/phuong-chieng-coi"'));
  assert.ok(!p.text.includes('href="/units/so-y-te"'), 'search results list an unrelated unit');
  const q = await page(srv.url, `/units?q=${encodeURIComponent('Đoàn Kết')}`, { headers: ID });
  assert.ok(q.text.includes('href="/units/xa-doan-ket"'));
});

t('the search query is echoed escaped', async () => {
  const p = await page(srv.url, `/units?q=${encodeURIComponent('"><script>alert(1)</script>')}`, { headers: ID });
  assert.equal(p.status, 200);
  assert.ok(!p.text.includes('<script>alert(1)'), 'query reflected unescaped');
  assert.ok(!p.text.includes('"><script'), 'query breaks out of an attribute');
});

t('unit page shows the contact details and the demo notice fields', async () => {
  const u = await getUnit(srv.url, 'so-y-te');
  const p = await page(srv.url, '/units/so-y-te', { headers: ID });
  assert.equal(p.status, 200);
  const text = htmlDecode(p.text);
  for (const f of ['name_vi', 'head_name', 'phone', 'email', 'hotline', 'address', 'reception_schedule', 'reception_place']) {
    if (u[f]) assert.ok(text.includes(u[f]), `unit page lacks ${f}: ${u[f]}`);
  }
});

t('?lang=en switches to English and sets the mb_lang cookie', async () => {
  const p = await page(srv.url, '/units/so-y-te?lang=en', { headers: ID });
  assert.equal(p.status, 200);
  assert.match(p.text, /<html[^>]*\blang="en"/i);
  assert.ok(htmlDecode(p.text).includes('Department of Health, Son La'));
  const c = cookieFrom(p.headers, 'mb_lang');
  assert.equal(c, 'mb_lang=en');
  assert.match(setCookieLine(p.headers, 'mb_lang'), /path=\//i);
  // The cookie keeps English on later pages.
  const q = await page(srv.url, '/units/so-y-te', { cookie: c, headers: ID });
  assert.match(q.text, /<html[^>]*\blang="en"/i);
  // And ?lang=vi switches back.
  const v = await page(srv.url, '/units/so-y-te?lang=vi', { cookie: c, headers: ID });
  assert.match(v.text, /<html[^>]*\blang="vi"/i);
  assert.ok(htmlDecode(v.text).includes('Sở Y tế tỉnh Sơn La'));
});

t('an unsupported ?lang falls back to Vietnamese', async () => {
  const p = await page(srv.url, '/?lang=xx', { headers: ID });
  assert.equal(p.status, 200);
  assert.match(p.text, /<html[^>]*\blang="vi"/i);
});

t('login form: right password redirects 303 to / with a session cookie', async () => {
  const { r, cookie } = await formLogin('truongphuong');
  assert.equal(r.status, 303, r.text.slice(0, 300));
  assert.equal(new URL(r.headers.get('location'), srv.url).pathname, '/');
  assert.ok(cookieFrom(r.headers, 'mb_session'), 'no mb_session cookie');
  const s = await api(srv.url, 'GET', '/api/v1/session', { cookie });
  assert.equal(s.status, 200);
  assert.equal(s.json.account.login, 'truongphuong');
});

t('login form: wrong password answers 401 with a message and no session', async () => {
  const { r } = await formLogin('giamdocsoyte', 'sai-mat-khau');
  assert.equal(r.status, 401);
  assert.match(r.headers.get('content-type') || '', /text\/html/);
  assert.equal(cookieFrom(r.headers, 'mb_session'), null);
  assert.ok(htmlDecode(r.text).includes('không đúng'), 'no "wrong login or password" message on the page');
  assert.match(r.text, /href="\/login"|action="\/login"/, 'the error page should lead back to sign-in');
});

t('login form without _csrf is refused', async () => {
  const r = await postForm('/login', { login: 'truongphuong', password: DEMO_PASSWORD });
  assert.equal(r.status, 403, `expected 403 or 400, got ${r.status}`);
  assert.equal(cookieFrom(r.headers, 'mb_session'), null);
});

t('edit form: the unit head saves, 303 to the unit page, ledger +1', async () => {
  const { cookie } = await formLogin('truongphuong');
  const e = await page(srv.url, '/units/phuong-chieng-coi/edit', { cookie, headers: ID });
  assert.equal(e.status, 200);
  const csrf = hiddenInput(e.text, '_csrf');
  assert.ok(csrf, 'edit form has no _csrf');
  for (const f of ['head_name', 'head_title', 'phone', 'email', 'hotline', 'address', 'reception_schedule', 'reception_place']) {
    assert.match(e.text, new RegExp(`name="${f}"`), `edit form lacks ${f}`);
  }
  const u = await getUnit(srv.url, 'phuong-chieng-coi');
  const head = await ledgerHead(srv.url);
  const fields = {
    _csrf: csrf, head_name: u.head_name, head_title: u.head_title, phone: '0212 3851 515', email: u.email,
    hotline: u.hotline, address: u.address, reception_schedule: 'Thứ Sáu, 14:00–16:30', reception_place: u.reception_place,
  };
  const r = await postForm('/units/phuong-chieng-coi/edit', fields, cookie);
  assert.equal(r.status, 303, r.text.slice(0, 500));
  assert.equal(new URL(r.headers.get('location'), srv.url).pathname, '/units/phuong-chieng-coi');
  const u2 = await getUnit(srv.url, 'phuong-chieng-coi');
  assert.equal(u2.phone, '0212 3851 515');
  assert.equal(u2.reception_schedule, 'Thứ Sáu, 14:00–16:30');
  assert.equal(u2.updated_by_role, 'unit_head');
  assert.equal((await ledgerHead(srv.url)).seq, head.seq + 1);
});

t('edit form POST without or with a wrong _csrf changes nothing', async () => {
  const { cookie } = await formLogin('truongphuong');
  const u = await getUnit(srv.url, 'phuong-chieng-coi');
  const head = await ledgerHead(srv.url);
  for (const csrf of [undefined, 'sai']) {
    const fields = { phone: '0212 3000 001' };
    if (csrf) fields._csrf = csrf;
    const r = await postForm('/units/phuong-chieng-coi/edit', fields, cookie);
    assert.equal(r.status, 403, `_csrf=${csrf}: expected 403, got ${r.status}`);
  }
  assert.deepEqual(await getUnit(srv.url, 'phuong-chieng-coi'), u);
  assert.equal((await ledgerHead(srv.url)).seq, head.seq);
});

t('edit form: an invalid email is refused with a message, nothing saved', async () => {
  const { cookie } = await formLogin('truongphuong');
  const e = await page(srv.url, '/units/phuong-chieng-coi/edit', { cookie, headers: ID });
  const csrf = hiddenInput(e.text, '_csrf');
  const u = await getUnit(srv.url, 'phuong-chieng-coi');
  const head = await ledgerHead(srv.url);
  const r = await postForm('/units/phuong-chieng-coi/edit', { ...Object.fromEntries(
    ['head_name', 'head_title', 'phone', 'hotline', 'address', 'reception_schedule', 'reception_place'].map((f) => [f, u[f]])),
  email: 'khong-phai-email', _csrf: csrf }, cookie);
  assert.equal(r.status, 422, `expected 422, got ${r.status}`);
  assert.match(r.text, /name="email"/, 'the form should be shown again');
  assert.deepEqual(await getUnit(srv.url, 'phuong-chieng-coi'), u);
  assert.equal((await ledgerHead(srv.url)).seq, head.seq);
});

t('edit page is refused to other roles and to heads of other units', async () => {
  for (const who of ['congdan', 'giamdocsoyte', 'giamsat']) {
    const { cookie } = await formLogin(who);
    const e = await page(srv.url, '/units/phuong-chieng-coi/edit', { cookie, headers: ID });
    assert.equal(e.status, 403, `${who}: expected 403, got ${e.status}`);
    assert.equal(hiddenInput(e.text, '_csrf') !== null && /name="phone"/.test(e.text), false, `${who} got the edit form`);
  }
  const anon = await page(srv.url, '/units/phuong-chieng-coi/edit', { headers: ID });
  assert.equal(anon.status, 303, `anonymous: got ${anon.status}`);
  assert.equal(anon.headers.get('location'), '/login?next=%2Funits%2Fphuong-chieng-coi%2Fedit');
  assert.ok(!/name="phone"/.test(anon.text), 'anonymous got the edit form');
});

t('admin gets the edit page of any unit', async () => {
  const { cookie } = await formLogin('quantri');
  const e = await page(srv.url, '/units/xa-doan-ket/edit', { cookie, headers: ID });
  assert.equal(e.status, 200);
  assert.match(e.text, /name="phone"/);
});

t('sign-out is a POST form to /logout and ends the session', async () => {
  const { cookie } = await formLogin('xuly');
  const home = await page(srv.url, '/', { cookie, headers: ID });
  assert.match(home.text, /<form[^>]*method="post"[^>]*action="\/logout"|<form[^>]*action="\/logout"[^>]*method="post"/i, 'no POST form to /logout in the header');
  const formHtml = /<form[^>]*action="\/logout"[\s\S]*?<\/form>/i.exec(home.text)[0];
  const csrf = hiddenInput(formHtml, '_csrf');
  assert.ok(csrf, 'logout form has no _csrf');
  const r = await postForm('/logout', { _csrf: csrf }, cookie);
  assert.equal(r.status, 303, `expected a redirect, got ${r.status}`);
  assert.equal((await api(srv.url, 'GET', '/api/v1/session', { cookie })).status, 401);
});

t('GET /logout does not sign out', async () => {
  const { cookie } = await formLogin('xuly');
  await page(srv.url, '/logout', { cookie, headers: ID });
  assert.equal((await api(srv.url, 'GET', '/api/v1/session', { cookie })).status, 200);
});
