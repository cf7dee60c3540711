// POST/redirect/GET with one-time form tokens: every state-changing HTML form
// answers a success with 303 See Other to its result, and a second POST of the
// same rendered form (a refresh, a double tap, a resubmission from the
// history) changes nothing and is sent to the same place. One-time results (a
// report's passphrase, a generated password) are shown once, to the browser
// that posted the form, by the page the answer sends it to.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, login, ledgerHead, api, cookieFrom, withLog } from '../lib/server.mjs';
import { hiddenInput, page } from '../lib/check.mjs';

let srv;
before(async () => { srv = await startServer({ demo: true }); });
after(async () => { if (srv) await srv.cleanup(); });
const t = (name, fn) => test(name, withLog(() => srv, fn));

const ID = { 'Accept-Encoding': 'identity' };

/** POSTs fields as multipart (FormData) or urlencoded; never follows redirects. */
async function post(path, fields, cookie, { multipart = false } = {}) {
  const headers = { ...ID, Cookie: cookie };
  let body;
  if (multipart) {
    body = new FormData();
    for (const [k, v] of Object.entries(fields)) body.append(k, v);
  } else {
    headers['Content-Type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams(fields).toString();
  }
  const res = await fetch(srv.url + path, { method: 'POST', headers, body, redirect: 'manual' });
  return { status: res.status, location: res.headers.get('location'), text: await res.text() };
}

/** The hidden fields (_csrf, _form and the others) of the POST form whose action is `action` on an HTML page. */
function formOf(html, action, { nth = 0 } = {}) {
  const forms = [...html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/gi)]
    .filter((m) => /method="post"/i.test(m[1]) && (new RegExp(`action="${action.replace(/[?]/g, '\\?')}"`)).test(m[1]));
  assert.ok(forms.length > nth, `no form posting to ${action}`);
  const out = {};
  for (const m of forms[nth][2].matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) out[m[1]] = m[2];
  assert.match(out._form || '', /^[0-9a-f]{64}$/, `the form to ${action} has no form token`);
  return out;
}

/** Posts the same fields twice: both answers are 303 to the same place, the ledger grows by one event only. */
async function twice(path, fields, cookie, opts) {
  const before = await ledgerHead(srv.url);
  const a = await post(path, fields, cookie, opts);
  assert.equal(a.status, 303, `first POST ${path}: ${a.status} ${a.text.slice(0, 300)}`);
  const mid = await ledgerHead(srv.url);
  assert.equal(mid.seq, before.seq + 1, `first POST ${path}: one event`);
  const b = await post(path, fields, cookie, opts);
  assert.equal(b.status, 303, `second POST ${path}: ${b.status} ${b.text.slice(0, 300)}`);
  assert.equal(b.location, a.location, `second POST ${path} goes elsewhere`);
  assert.equal((await ledgerHead(srv.url)).seq, mid.seq, `second POST ${path} changed something`);
  return a;
}

const REPORT = {
  kind: 'feedback', category: 'delay', unit: 'phuong-chieng-coi', title: 'Hẹn trả kết quả ba lần chưa có',
  body: 'Tôi đến nhận kết quả ba lần, lần nào cũng được hẹn hôm sau.', name: 'Hà Văn Gửi', phone: '0911 222 333',
  address: 'Bản Hẹo, phường Chiềng Cơi',
};

t('the report form posted twice with one token: one case, both answers 303 to one receipt, the passphrase shown once', async () => {
  const inspector = await login(srv.url, 'thanhtra');
  const count = async () => (await api(srv.url, 'GET', '/api/v1/cases?view=all&limit=500', inspector)).json.cases.length;
  const cases0 = await count();
  const form = await page(srv.url, '/report', { headers: ID });
  const cookie = cookieFrom(form.headers, 'mb_csrf');
  const fields = { ...formOf(form.text, '/report'), ...REPORT };
  const a = await twice('/report', fields, cookie, { multipart: true });
  assert.match(a.location, /^\/report\/receipt\?f=[0-9a-f]{64}$/);
  assert.equal(await count(), cases0 + 1, 'one case only');

  // Another browser (another cookie) neither sees nor spends the passphrase.
  const stranger = await page(srv.url, '/report', { headers: ID });
  const other = await page(srv.url, a.location, { cookie: cookieFrom(stranger.headers, 'mb_csrf'), headers: ID });
  assert.equal(other.status, 410);
  assert.doesNotMatch(other.text, /class="passphrase"/);
  // The browser that posted: the receipt with its passphrase, once.
  const receipt = await page(srv.url, a.location, { cookie, headers: ID });
  assert.equal(receipt.status, 200);
  assert.equal(receipt.headers.get('cache-control'), 'no-store');
  const code = /<code class="case-code">([^<]+)<\/code>/.exec(receipt.text)[1];
  const secret = /<code class="passphrase">([^<]+)<\/code>/.exec(receipt.text)[1];
  const again = await page(srv.url, a.location, { cookie, headers: ID });
  assert.equal(again.status, 410);
  assert.doesNotMatch(again.text, /class="passphrase"/);
  assert.ok(!again.text.includes(secret));
  // The passphrase works: the follow-up page opens with it.
  const follow = await page(srv.url, `/report/track?code=${code}&secret=${secret}`, { headers: ID });
  assert.equal(follow.status, 200);

  // A new rendering of the form is a new report.
  const form2 = await page(srv.url, '/report', { cookie, headers: ID });
  const b = await post('/report', { ...formOf(form2.text, '/report'), ...REPORT, title: 'Một phản ánh khác' }, cookie, { multipart: true });
  assert.equal(b.status, 303);
  assert.notEqual(b.location, a.location);
  assert.equal(await count(), cases0 + 2);
  // A refused form is answered with the form again (and a fresh token), and records nothing.
  const form3 = await page(srv.url, '/report', { cookie, headers: ID });
  const bad = await post('/report', { ...formOf(form3.text, '/report'), ...REPORT, title: '' }, cookie, { multipart: true });
  assert.equal(bad.status, 400);
  assert.match(bad.text, /name="_form" value="[0-9a-f]{64}"/);
});

t('dossier actions: 303, and the same form twice records one step', async () => {
  const xuly = await login(srv.url, 'xuly');
  const head = await login(srv.url, 'truongphuong');
  const code = (await api(srv.url, 'GET', '/api/v1/dossiers?all=1', head)).json.dossiers.find((d) => d.state === 'processing').code;
  const p = await page(srv.url, `/dossiers/${code}`, { cookie: xuly.cookie, headers: ID });
  const forms = [...p.text.matchAll(/name="action" value="([a-z_]+)"/g)].map((m) => m[1]);
  const nth = forms.indexOf('result_ready');
  assert.ok(nth >= 0, `no result_ready form: ${forms.join(' ')}`);
  const fields = { ...formOf(p.text, `/dossiers/${code}/actions`, { nth }), note: 'Đã có kết quả' };
  const a = await twice(`/dossiers/${code}/actions`, fields, xuly.cookie, { multipart: true });
  assert.equal(a.location, `/dossiers/${code}`);
});

t('case staff actions and the vault: 303, once per form', async () => {
  const head = await login(srv.url, 'truongphuong');
  const form = await page(srv.url, '/report', { headers: ID });
  const cookie = cookieFrom(form.headers, 'mb_csrf');
  const filed = await post('/report', { ...formOf(form.text, '/report'), ...REPORT, kind: 'petition', category: 'regulation' }, cookie, { multipart: true });
  const code = /<code class="case-code">([^<]+)<\/code>/.exec((await page(srv.url, filed.location, { cookie, headers: ID })).text)[1];
  let p = await page(srv.url, `/cases/${code}`, { cookie: head.cookie, headers: ID });
  const accept = formOf(p.text, `/cases/${code}/actions/accept`);
  const a = await twice(`/cases/${code}/actions/accept`, accept, head.cookie);
  assert.equal(a.location, `/cases/${code}`);
  p = await page(srv.url, `/cases/${code}`, { cookie: head.cookie, headers: ID });
  const assign = formOf(p.text, `/cases/${code}/actions/assign`);
  await twice(`/cases/${code}/actions/assign`, { ...assign, to_login: 'xuly' }, head.cookie);
  // The handler opens the identity: shown once on the case page the answer sends to.
  const xuly = await login(srv.url, 'xuly');
  p = await page(srv.url, `/cases/${code}`, { cookie: xuly.cookie, headers: ID });
  const vault = formOf(p.text, `/cases/${code}/identity`);
  const o = await twice(`/cases/${code}/identity`, { ...vault, reason: 'Cần gọi điện hẹn làm việc với người gửi' }, xuly.cookie);
  assert.match(o.location, new RegExp(`^/cases/${code}\\?f=[0-9a-f]{64}#identity$`));
  const shown = await page(srv.url, o.location.replace(/#.*/, ''), { cookie: xuly.cookie, headers: ID });
  assert.ok(shown.text.includes(REPORT.phone), 'the identity is not shown after the opening');
  const later = await page(srv.url, o.location.replace(/#.*/, ''), { cookie: xuly.cookie, headers: ID });
  assert.equal(later.status, 200);
  assert.ok(!later.text.includes(REPORT.phone), 'the identity is shown twice');
});

t('admin forms: an account, a holiday, a unit, a procedure — 303, once per form', async () => {
  const admin = await login(srv.url, 'quantri');
  let p = await page(srv.url, '/admin/accounts', { cookie: admin.cookie, headers: ID });
  const a = await twice('/admin/accounts', { ...formOf(p.text, '/admin/accounts'), login: 'canbo.hai.lan', display_name: 'Lò Văn Hai',
    role: 'counter_officer', unit: 'phuong-chieng-coi' }, admin.cookie);
  const list = await page(srv.url, a.location, { cookie: admin.cookie, headers: ID });
  assert.match(list.text, /<code class="password">/);
  assert.equal((await api(srv.url, 'GET', '/api/v1/accounts', admin)).json.accounts.filter((x) => x.login === 'canbo.hai.lan').length, 1);

  p = await page(srv.url, '/admin/holidays?year=2027', { cookie: admin.cookie, headers: ID });
  await twice('/admin/holidays', { ...formOf(p.text, '/admin/holidays'), date: '2027-09-03', kind: 'holiday',
    name_vi: 'Nghỉ bù thử', name_en: 'Test day off', status: 'confirmed', source: 'Thử nghiệm' }, admin.cookie);

  p = await page(srv.url, '/units/phuong-chieng-coi/edit', { cookie: admin.cookie, headers: ID });
  const unit = formOf(p.text, '/units/phuong-chieng-coi/edit');
  const inputs = Object.fromEntries([...p.text.matchAll(/<input name="([a-z_]+)"[^>]*value="([^"]*)"/g)].map((m) => [m[1], m[2]]));
  await twice('/units/phuong-chieng-coi/edit', { ...inputs, ...unit, phone: '0212 3852 999' }, admin.cookie);

  p = await page(srv.url, '/procedures/ht-dang-ky-khai-sinh/edit', { cookie: admin.cookie, headers: ID });
  await twice('/procedures/ht-dang-ky-khai-sinh/edit', { ...formOf(p.text, '/procedures/ht-dang-ky-khai-sinh/edit'), fee_vnd: '12000' },
    admin.cookie);
});

t('a dossier received at the counter: 303 to the slip, the secret shown once and never in the address', async () => {
  const counter = await login(srv.url, 'motcua');
  const p = await page(srv.url, '/dossiers/new?procedure=ht-nhan-cha-me-con', { cookie: counter.cookie, headers: ID });
  const fields = { ...formOf(p.text, '/dossiers/new'), applicant_name: 'Lò Thị Nộp', applicant_phone: '0913 000 111',
    doc_1: '1', doc_2: '1', doc_3: '1', action: 'receive' };
  const a = await twice('/dossiers/new', fields, counter.cookie);
  assert.match(a.location, /^\/dossiers\/PCC-\d{6}-\d{4}\/print\/01\?f=[0-9a-f]{64}$/);
  assert.doesNotMatch(a.location, /secret/);
  const slip = await page(srv.url, a.location, { cookie: counter.cookie, headers: ID });
  assert.equal(slip.status, 200);
  assert.equal(slip.headers.get('cache-control'), 'no-store');
  const secret = /<strong class="big secret">([A-Z2-9]{8})<\/strong>/.exec(slip.text);
  assert.ok(secret, 'the slip does not show the secret');
  const again = await page(srv.url, a.location, { cookie: counter.cookie, headers: ID });
  assert.equal(again.status, 200);
  assert.ok(!again.text.includes(secret[1]), 'the secret is shown twice');
  // The secret tracks the dossier.
  const code = /\/dossiers\/([^/]+)\/print/.exec(a.location)[1];
  const tr = await api(srv.url, 'GET', `/api/v1/track?code=${code}&secret=${secret[1]}`, {});
  assert.equal(tr.status, 200, tr.text);
});
