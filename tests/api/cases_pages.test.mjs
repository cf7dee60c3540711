// The cases room's HTML pages as an HTTP client sees them: the public report
// form (prefill, field errors, nothing created on bad input), the receipt
// (code, passphrase once, signed receipt that verifies), the follow-up page
// (a wrong passphrase and a forged code get the same page), the staff pages
// for each role, CSRF on every form, the vault, and a denunciation hidden
// from the unit it names.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, login, ledgerHead, cookieFrom, withLog } from '../lib/server.mjs';
import { hiddenInput, htmlDecode, page } from '../lib/check.mjs';

let srv;
// A small burst limit, so that the last test reaches it (the server inherits the environment).
process.env.MINHBACH_REPORT_LIMIT = '12';
before(async () => { srv = await startServer({ demo: true }); });
after(async () => { if (srv) await srv.cleanup(); });
const t = (name, fn) => test(name, withLog(() => srv, fn));

const ID = { 'Accept-Encoding': 'identity' };
const UNIT = 'phuong-chieng-coi';
const REPORTER = { name: 'Lò Văn Phản', phone: '0987 654 321', address: 'Bản Hìn, phường Chiềng Cơi', id: '014190000999' };
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

/** The text of an HTML page without tags, entities decoded. */
const text = (html) => htmlDecode(html.replace(/<[^>]*>/g, ' ')).replace(/\s+/g, ' ');
/** The <main> of a page. */
const main = (html) => (/<main>([\s\S]*)<\/main>/.exec(html) || [null, html])[1];

/** An anonymous visitor: the report form's CSRF token and its cookie. */
async function visitor(path = '/report') {
  const p = await page(srv.url, path, { headers: ID });
  assert.equal(p.status, 200, `GET ${path}`);
  const csrf = hiddenInput(p.text, '_csrf');
  assert.ok(csrf, `no _csrf on ${path}`);
  return { cookie: cookieFrom(p.headers, 'mb_csrf'), csrf, html: p.text };
}

async function staff(name) {
  const s = await login(srv.url, name);
  return { cookie: s.cookie, csrf: s.csrf };
}

/** POSTs a multipart form (fields, files: [{name, type, data}]); resolves {status, headers, text}. */
async function postMultipart(path, fields, { cookie, files = [] } = {}) {
  const fd = new FormData();
  for (const [k, v] of Object.entries(fields)) if (v !== undefined) fd.append(k, v);
  for (const f of files) fd.append('files', new Blob([f.data], { type: f.type }), f.name);
  const h = { ...ID };
  if (cookie) h.Cookie = cookie;
  const res = await fetch(srv.url + path, { method: 'POST', body: fd, headers: h, redirect: 'manual' });
  return { status: res.status, headers: res.headers, text: await res.text() };
}

async function postForm(path, fields, cookie) {
  const h = { 'Content-Type': 'application/x-www-form-urlencoded', ...ID };
  if (cookie) h.Cookie = cookie;
  const res = await fetch(srv.url + path, { method: 'POST', headers: h, body: new URLSearchParams(fields).toString(), redirect: 'manual' });
  return { status: res.status, headers: res.headers, text: await res.text() };
}

const feedback = (over = {}) => ({
  kind: 'feedback', category: 'harassment', unit: UNIT, title: 'Cán bộ hẹn lần sau không rõ lý do',
  body: 'Tôi nộp hồ sơ ba lần, lần nào cũng bị hẹn lần sau.', name: REPORTER.name, phone: REPORTER.phone,
  address: REPORTER.address, id_number: REPORTER.id, ...over,
});

/** Sends a report through the public form; resolves {code, secret, html}. */
async function report(fields = feedback(), files = []) {
  const v = await visitor();
  const posted = await postMultipart('/report', { _csrf: v.csrf, _form: hiddenInput(v.html, '_form'), ...fields },
    { cookie: v.cookie, files });
  // POST/redirect/GET: the receipt is the page the answer sends the browser to.
  assert.equal(posted.status, 303, `POST /report: ${posted.status} ${text(main(posted.text)).slice(0, 600)}`);
  const location = posted.headers.get('location');
  assert.match(location, /^\/report\/receipt\?f=[0-9a-f]{64}$/);
  const r = await page(srv.url, location, { cookie: v.cookie, headers: ID });
  assert.equal(r.status, 200, `GET ${location}: ${r.status}`);
  const code = htmlDecode((/<code class="case-code">([^<]+)<\/code>/.exec(r.text) || [])[1] || '');
  const secret = htmlDecode((/<code class="passphrase">([^<]+)<\/code>/.exec(r.text) || [])[1] || '');
  assert.match(code, /^DT-\d{6}-\d{4}$/, 'no case code on the receipt');
  assert.ok(secret.length >= 6, 'no passphrase on the receipt');
  return { code, secret, html: r.text, headers: r.headers, location, cookie: v.cookie };
}

async function act(sess, code, cmd, fields = {}) {
  const r = await postForm(`/cases/${code}/actions/${cmd}`, { _csrf: sess.csrf, ...fields }, sess.cookie);
  assert.equal(r.status, 303, `${cmd} on ${code}: ${r.status} ${text(main(r.text)).slice(0, 400)}`);
  return r;
}

t('the report form: four kinds with their time limits, categories, units, anonymity and the vault promise; English', async () => {
  const v = await visitor();
  const html = v.html;
  for (const k of ['feedback', 'petition', 'complaint', 'denunciation']) {
    assert.match(html, new RegExp(`<input type="radio" name="kind" value="${k}"`), `kind ${k} missing`);
  }
  const body = text(html);
  for (const s of ['Phản ánh', 'Kiến nghị', 'Khiếu nại', 'Tố cáo', 'ngày làm việc', 'Điều 25', 'mã hoá']) {
    assert.ok(body.includes(s), `the form lacks "${s}"`);
  }
  assert.match(body, /Xử lý ban đầu trong 7 ngày làm việc; giải quyết trong 30 ngày/, 'the denunciation limits (Art. 24, 30)');
  for (const c of ['harassment', 'rudeness', 'delay', 'money_demand', 'extra_papers', 'regulation', 'other']) {
    assert.ok(html.includes(`<option value="${c}"`), `category ${c} missing`);
  }
  assert.ok(html.includes(`<option value="${UNIT}"`), 'the unit select lacks the ward');
  for (const f of ['title', 'body', 'incident_date', 'anonymous', 'name', 'address', 'phone', 'email', 'id_number', 'files', 'sealed', 'dossier', 'subject_name']) {
    assert.match(html, new RegExp(`name="${f}"`), `field ${f} missing`);
  }
  assert.match(html, /enctype="multipart\/form-data"/);
  const en = await page(srv.url, '/report?lang=en', { headers: ID });
  assert.equal(en.status, 200);
  assert.match(text(en.text), /Feedback, petitions, complaints, denunciations/);
  assert.match(text(en.text), /Send anonymously/);
});

t('prefill from the tracking link: dossier, unit and the official (name and position shown, login hidden); a citizen account is never shown', async () => {
  const p = await page(srv.url, `/report?dossier=PCC-261127-0001&unit=${UNIT}&official=xuly`, { headers: ID });
  assert.equal(p.status, 200);
  assert.equal(hiddenInput(p.text, 'dossier'), 'PCC-261127-0001');
  assert.match(p.text, new RegExp(`<option value="${UNIT}" selected>`));
  assert.match(p.text, /<input type="hidden" name="official" value="xuly">/);
  const body = text(main(p.text));
  assert.ok(body.includes('Quàng Văn Xử'), 'the official is not named');
  assert.ok(body.includes('Công chức Tư pháp - Hộ tịch'), 'the position is not shown');
  assert.ok(!/\bxuly\b/.test(body), 'the login is shown as text');
  assert.ok(hiddenInput(p.text, 'subject_name').startsWith('Quàng Văn Xử'), 'the official\'s name is not prefilled');
  const c = await page(srv.url, `/report?official=congdan`, { headers: ID });
  assert.ok(!c.text.includes('name="official"'), 'a citizen account is prefilled as an official');
});

t('bad input re-renders the form with the error next to the field and the values kept, and creates nothing', async () => {
  const before = await ledgerHead(srv.url);
  const v = await visitor();
  // No title (the page's own check).
  let r = await postMultipart('/report', { _csrf: v.csrf, ...feedback({ title: '' }) }, { cookie: v.cookie });
  assert.equal(r.status, 400);
  assert.match(r.text, /<label class="bad">Tiêu đề<input name="title"/);
  assert.match(r.text, /class="field-error" role="alert">Hãy ghi tiêu đề\./);
  assert.ok(r.text.includes('Tôi nộp hồ sơ ba lần'), 'the description was lost');
  assert.equal(hiddenInput(r.text, 'name'), REPORTER.name, 'the name was lost');
  // A file that is not PDF, JPEG or PNG.
  r = await postMultipart('/report', { _csrf: v.csrf, ...feedback() },
    { cookie: v.cookie, files: [{ name: 'x.exe', type: 'application/pdf', data: Buffer.from('MZ not a pdf') }] });
  assert.equal(r.status, 400);
  assert.match(r.text, /<fieldset class="files bad">/);
  // A complaint without the sender's address (the service's check), in English.
  r = await postMultipart('/report?lang=en', { _csrf: v.csrf, ...feedback({ kind: 'complaint', address: '' }) }, { cookie: v.cookie });
  assert.equal(r.status, 422, `status ${r.status}`);
  assert.match(r.text, /<label class="bad">[^<]*<input name="address"/);
  assert.match(text(r.text), /complaint or denunciation needs the sender's address/);
  // Anonymous with a name: refused.
  r = await postMultipart('/report', { _csrf: v.csrf, ...feedback({ anonymous: '1' }) }, { cookie: v.cookie });
  assert.equal(r.status, 422, `anonymous with a name: ${r.status}`);
  assert.match(r.text, /<label class="check bad"><input type="checkbox" name="anonymous" value="1" checked>/);
  // An unknown unit.
  r = await postMultipart('/report', { _csrf: v.csrf, ...feedback({ unit: 'khong-co' }) }, { cookie: v.cookie });
  assert.equal(r.status, 422);
  assert.match(r.text, /<label class="bad">[^<]*<select name="unit"/);
  const after = await ledgerHead(srv.url);
  assert.deepEqual([after.seq, after.hash], [before.seq, before.hash], 'a refused report wrote an event');
});

t('CSRF is required on every POST form', async () => {
  const before = await ledgerHead(srv.url);
  const v = await visitor();
  const head = await staff('truongphuong');
  let r = await postMultipart('/report', feedback(), { cookie: v.cookie });
  assert.equal(r.status, 403, 'POST /report without _csrf');
  r = await postMultipart('/report', { _csrf: 'f'.repeat(64), ...feedback() }, { cookie: v.cookie });
  assert.equal(r.status, 403, 'POST /report with a wrong _csrf');
  for (const path of ['/report/track/rate', '/report/track/withdraw', '/receipts/verify']) {
    r = await postForm(path, { code: 'DT-261127-0001', secret: 'AAAAAAAA', message: 'x', signature: 'y', reason: 'x' }, v.cookie);
    assert.equal(r.status, 403, `POST ${path} without _csrf`);
  }
  r = await postMultipart('/cases/new', { ...feedback(), channel: 'hotline' }, { cookie: head.cookie });
  assert.equal(r.status, 403, 'POST /cases/new without _csrf');
  const { code } = await report();
  const mid = await ledgerHead(srv.url);
  for (const path of [`/cases/${code}/actions/accept`, `/cases/${code}/identity`]) {
    r = await postForm(path, { reason: 'Cần liên hệ người gửi để xác minh' }, head.cookie);
    assert.equal(r.status, 403, `POST ${path} without _csrf`);
  }
  assert.equal((await ledgerHead(srv.url)).seq, mid.seq, 'a refused form wrote an event');
  assert.equal(mid.seq, before.seq + 1, 'only the one report was recorded');
});

t('the receipt: code, passphrase once, due date, what next, a signed receipt that verifies (and a tampered one does not)', async () => {
  const r = await report(feedback(), [{ name: 'anh.png', type: 'image/png', data: PNG }]);
  assert.equal(r.headers.get('cache-control'), 'no-store');
  const body = text(main(r.html));
  assert.ok(body.includes('Hãy ghi lại mã tra cứu'));
  assert.match(body, /Hạn xử lý bước đầu \d{2}\/\d{2}\/\d{4} \d{2}:\d{2}/);
  const message = htmlDecode(/<pre class="receipt-message">([\s\S]*?)<\/pre>/.exec(r.html)[1]);
  const signature = htmlDecode(/<code class="wrap receipt-signature">([^<]+)<\/code>/.exec(r.html)[1]);
  assert.match(message, new RegExp(`code=${r.code}`));
  assert.match(signature, /^[0-9a-f]{128}$/);
  assert.match(r.html, /href="\/receipts\/verify"/);

  const v = await visitor('/receipts/verify');
  let res = await postForm('/receipts/verify', { _csrf: v.csrf, message: message.replace(/\n/g, '\r\n'), signature }, v.cookie);
  assert.equal(res.status, 200);
  assert.match(res.text, /class="notice verdict valid"/);
  res = await postForm('/receipts/verify', { _csrf: v.csrf, message: message.replace(/kind=\w+/, 'kind=petition'), signature }, v.cookie);
  assert.equal(res.status, 422);
  assert.match(res.text, /class="error verdict invalid"/);
});

t('the follow-up page: state, unit, timeline; a wrong passphrase and a forged code get the same not-found page', async () => {
  const { code, secret } = await report();
  let p = await page(srv.url, `/report/track?code=${code}&secret=${secret}`, { headers: ID });
  assert.equal(p.status, 200);
  assert.equal(p.headers.get('cache-control'), 'no-store');
  const body = text(main(p.text));
  assert.ok(body.includes(code));
  assert.ok(body.includes('Phường Chiềng Cơi'), 'the handling unit is not named');
  assert.match(p.text, /<table class="list stack steps case-steps">/);
  assert.ok(!body.includes(REPORTER.name) && !body.includes(REPORTER.phone), 'the follow-up page shows the identity');
  assert.ok(p.text.includes('id="act-withdraw"'), 'withdrawal is not offered before the conclusion');
  assert.ok(!p.text.includes('id="act-rate-yes"'), 'rating is offered before the result');

  const wrong = await page(srv.url, `/report/track?code=${code}&secret=${secret === 'AAAAAAAA' ? 'BBBBBBBB' : 'AAAAAAAA'}`, { headers: ID });
  const forgedCode = code.replace(/\d{4}$/, '9999');
  const forged = await page(srv.url, `/report/track?code=${forgedCode}&secret=AAAAAAAA`, { headers: ID });
  assert.equal(wrong.status, 404);
  assert.equal(forged.status, 404);
  const strip = (h, c) => main(h).split(c).join('CODE');
  assert.equal(strip(wrong.text, code), strip(forged.text, forgedCode), 'a forged code and a wrong passphrase answer differently');
  assert.match(text(main(forged.text)), /Mã đơn hoặc mã tra cứu không đúng/);
  assert.ok(!main(wrong.text).includes('case-steps'), 'data on a failed look-up');

  // A withdrawal with a wrong passphrase: the same not-found page, nothing changes.
  const v = await visitor(`/report/track?code=${code}&secret=${secret}`);
  const before = await ledgerHead(srv.url);
  const w = await postForm('/report/track/withdraw', { _csrf: v.csrf, code, secret: 'ZZZZZZZZ', reason: 'Tôi rút đơn' }, v.cookie);
  assert.equal(w.status, 404);
  assert.match(text(main(w.text)), /Mã đơn hoặc mã tra cứu không đúng/);
  assert.equal((await ledgerHead(srv.url)).seq, before.seq);
  // With the passphrase: withdrawn, back to the follow-up page.
  const ok = await postForm('/report/track/withdraw', { _csrf: v.csrf, code, secret, reason: 'Tôi rút đơn vì đã được giải quyết' }, v.cookie);
  assert.equal(ok.status, 303);
  assert.equal(ok.headers.get('location'), `/report/track?code=${code}&secret=${secret}`);
  p = await page(srv.url, ok.headers.get('location'), { headers: ID });
  assert.match(p.text, /state-withdrawn/, 'the case is not shown withdrawn');
  assert.ok(!p.text.includes('id="act-withdraw"'));
});

t('staff pages by role: citizens 403, staff 200; the queue shows the reporter only as encrypted', async () => {
  const { code } = await report();
  const citizen = await staff('congdan');
  for (const path of ['/cases', '/cases/new', `/cases/${code}`]) {
    const p = await page(srv.url, path, { cookie: citizen.cookie, headers: ID });
    assert.equal(p.status, 403, `citizen GET ${path}`);
  }
  const anon = await page(srv.url, '/cases', { headers: ID });
  assert.notEqual(anon.status, 200, 'the queue is public');
  for (const who of ['xuly', 'truongphuong', 'motcua', 'thanhtra', 'giamsat']) {
    const s = await staff(who);
    const p = await page(srv.url, '/cases', { cookie: s.cookie, headers: ID });
    assert.equal(p.status, 200, `${who} GET /cases`);
    assert.ok(!p.text.includes(REPORTER.name) && !p.text.includes(REPORTER.phone), `${who}'s queue shows the reporter`);
  }
  const head = await staff('truongphuong');
  const q = await page(srv.url, '/cases?view=unit', { cookie: head.cookie, headers: ID });
  assert.ok(q.text.includes(`href="/cases/${code}"`), 'the case is not in the unit queue');
  assert.match(text(q.text), /\(đã mã hoá\)/);
  assert.ok(!q.text.includes('view=all'), 'the "all" tab is offered to a unit head');
  const insp = await page(srv.url, '/cases', { cookie: (await staff('thanhtra')).cookie, headers: ID });
  assert.ok(insp.text.includes('view=all'), 'no "all" tab for the inspector');
  const p = await page(srv.url, `/cases/${code}`, { cookie: head.cookie, headers: ID });
  assert.equal(p.status, 200);
  for (const a of ['accept', 'not_accept', 'transfer', 'withdraw']) assert.ok(p.text.includes(`id="act-${a}"`), `the head lacks ${a}`);
  assert.ok(!p.text.includes('id="act-confirm"'), 'a unit head may not confirm');
  assert.ok(!p.text.includes(REPORTER.name), 'the case page shows the reporter');
});

t('the flow through the staff forms; the vault opens for the handler (not the head) in one no-store response only', async () => {
  const { code, secret } = await report();
  const head = await staff('truongphuong');
  const xuly = await staff('xuly');
  // A bad action re-renders the case with the error; nothing changes.
  let r = await postForm(`/cases/${code}/actions/not_accept`, { _csrf: head.csrf, reason: '' }, head.cookie);
  assert.ok(r.status >= 400 && r.status < 500, `not_accept without reason: ${r.status}`);
  assert.match(r.text, /role="alert"/);
  await act(head, code, 'accept');
  let p = await page(srv.url, `/cases/${code}`, { cookie: head.cookie, headers: ID });
  assert.match(p.text, /<select name="to_login" required>[\s\S]*<option value="xuly">/, 'xuly is not offered');
  await act(head, code, 'assign', { to_login: 'xuly' });
  p = await page(srv.url, `/cases/${code}`, { cookie: xuly.cookie, headers: ID });
  assert.equal(p.status, 200);
  assert.ok(p.text.includes('id="act-verify"'), 'the handler cannot verify');
  assert.ok(!p.text.includes(REPORTER.name) && !p.text.includes(REPORTER.phone));
  // The vault: a reason is required; then the identity shows once, on the page the answer sends the handler to, and the opening is an event.
  assert.ok(p.text.includes('id="act-identity"'), 'the handler has no vault form');
  r = await postForm(`/cases/${code}/identity`, { _csrf: xuly.csrf, reason: 'ngắn' }, xuly.cookie);
  assert.ok(r.status >= 400 && r.status < 500, `a short reason: ${r.status}`);
  assert.ok(!r.text.includes(REPORTER.phone));
  const before = await ledgerHead(srv.url);
  r = await postForm(`/cases/${code}/identity`, { _csrf: xuly.csrf, reason: 'Cần gọi điện hẹn làm việc với người phản ánh' }, xuly.cookie);
  assert.equal(r.status, 303);
  assert.ok(!r.text.includes(REPORTER.phone));
  assert.match(r.headers.get('location'), new RegExp(`^/cases/${code}\\?f=[0-9a-f]{64}#identity$`));
  r = await page(srv.url, r.headers.get('location').replace(/#.*/, ''), { cookie: xuly.cookie, headers: ID });
  assert.equal(r.status, 200);
  assert.equal(r.headers.get('cache-control'), 'no-store');
  assert.ok(r.text.includes(REPORTER.name) && r.text.includes(REPORTER.phone), 'the opened vault does not show the identity');
  assert.equal((await ledgerHead(srv.url)).seq, before.seq + 1, 'the opening is not an event');
  p = await page(srv.url, `/cases/${code}`, { cookie: xuly.cookie, headers: ID });
  assert.ok(!p.text.includes(REPORTER.phone), 'the identity shows after the opening response');
  // The head is neither the handler nor an inspector: no form, and the service refuses.
  p = await page(srv.url, `/cases/${code}`, { cookie: head.cookie, headers: ID });
  assert.ok(!p.text.includes('id="act-identity"'), 'the head has the vault form');
  r = await postForm(`/cases/${code}/identity`, { _csrf: head.csrf, reason: 'Muốn biết ai đã phản ánh đơn vị' }, head.cookie);
  assert.equal(r.status, 403);
  assert.ok(!r.text.includes(REPORTER.phone));

  await act(xuly, code, 'verify', { findings: 'Đã làm việc với cán bộ tiếp nhận; có việc hẹn nhiều lần.' });
  // No official was named: the conclusion may name the officials at fault, and a sanction on nobody is refused with the reason.
  p = await page(srv.url, `/cases/${code}`, { cookie: xuly.cookie, headers: ID });
  assert.ok(p.text.includes('id="act-conclude"') && p.text.includes('name="officials"') && p.text.includes('name="sanction"'),
    'the conclusion form cannot name the officials at fault');
  r = await postForm(`/cases/${code}/actions/conclude`, { _csrf: xuly.csrf, conclusion: 'Có sai phạm', at_fault: '1', sanction: 'Khiển trách' }, xuly.cookie);
  assert.equal(r.status, 422, `a sanction on nobody: ${r.status}`);
  assert.match(r.text, /role="alert"/);
  r = await postForm(`/cases/${code}/actions/conclude`, { _csrf: xuly.csrf, conclusion: 'Có sai phạm' }, xuly.cookie);
  assert.equal(r.status, 400, `no answer on fault: ${r.status}`);
  await act(xuly, code, 'conclude', { conclusion: 'Cán bộ hẹn lần sau không có lý do.', at_fault: '1' });
  await act(head, code, 'publish', {
    result_summary: 'Đã xác minh: cán bộ hẹn nhiều lần không có lý do.', what_wrong: 'Hẹn lần sau không có lý do.',
    what_done: 'Khiển trách cán bộ; nhắc toàn bộ phận.', remedy: 'Hồ sơ được giải quyết ngay trong ngày.',
  });
  p = await page(srv.url, `/report/track?code=${code}&secret=${secret}`, { headers: ID });
  const body = text(main(p.text));
  assert.ok(body.includes('Hẹn lần sau không có lý do.'), 'the apology is not on the follow-up page');
  assert.ok(p.text.includes('id="act-rate-yes"') && p.text.includes('id="act-rate-no"'), 'rating is not offered');
  const v = await visitor(`/report/track?code=${code}&secret=${secret}`);
  r = await postForm('/report/track/rate', { _csrf: v.csrf, code, secret, satisfied: '1' }, v.cookie);
  assert.equal(r.status, 303);
  p = await page(srv.url, r.headers.get('location'), { headers: ID });
  assert.match(p.text, /state-resolved/);
});

t('a denunciation: hidden from the unit it names (404, not in the queue, no vault form); the inspectorate handles it', async () => {
  const v = await visitor();
  const fields = feedback({ kind: 'denunciation', category: 'money_demand', official: 'xuly', title: 'Cán bộ đòi tiền bồi dưỡng' });
  assert.ok(v.html.includes('name="kind"'));
  const { code } = await report(fields);
  for (const who of ['xuly', 'truongphuong', 'motcua']) {
    const s = await staff(who);
    const p = await page(srv.url, `/cases/${code}`, { cookie: s.cookie, headers: ID });
    assert.equal(p.status, 404, `${who} GET the denunciation: ${p.status}`);
    assert.ok(!p.text.includes('act-identity'), `${who} sees the vault form`);
    assert.ok(!p.text.includes(REPORTER.name));
    for (const view of ['mine', 'unit', 'overdue']) {
      const q = await page(srv.url, `/cases?view=${view}`, { cookie: s.cookie, headers: ID });
      assert.ok(!q.text.includes(code), `${who} sees the denunciation in ${view}`);
    }
    const id = await postForm(`/cases/${code}/identity`, { _csrf: s.csrf, reason: 'Muốn biết ai tố cáo mình' }, s.cookie);
    assert.equal(id.status, 404, `${who} opens the vault: ${id.status}`);
    assert.ok(!id.text.includes(REPORTER.phone));
  }
  const insp = await staff('thanhtra');
  const p = await page(srv.url, `/cases/${code}`, { cookie: insp.cookie, headers: ID });
  assert.equal(p.status, 200);
  assert.ok(p.text.includes('id="act-identity"'), 'the inspector has no vault form');
  assert.ok(p.text.includes('id="act-accept"'), 'the inspectorate cannot accept');
  assert.ok(!p.text.includes(REPORTER.name));
});

t('staff entry of a hotline call: the receipt with code and passphrase; a citizen may not post it', async () => {
  const counter = await staff('motcua');
  const g = await page(srv.url, '/cases/new', { cookie: counter.cookie, headers: ID });
  assert.equal(g.status, 200);
  for (const ch of ['hotline', 'in_person', 'post']) assert.ok(g.text.includes(`<option value="${ch}"`), `channel ${ch}`);
  const posted = await postMultipart('/cases/new', { _csrf: counter.csrf, ...feedback({ channel: 'hotline' }) }, { cookie: counter.cookie });
  assert.equal(posted.status, 303, text(main(posted.text)).slice(0, 400));
  const r = await page(srv.url, posted.headers.get('location'), { cookie: counter.cookie, headers: ID });
  assert.equal(r.status, 200);
  assert.match(r.text, /<code class="case-code">DT-\d{6}-\d{4}<\/code>/);
  assert.match(r.text, /<code class="passphrase">/);
  const citizen = await staff('congdan');
  const c = await postMultipart('/cases/new', { _csrf: citizen.csrf, ...feedback({ channel: 'hotline' }) }, { cookie: citizen.cookie });
  assert.equal(c.status, 403);
});

t('spam bursts from one address are refused with 429 and the form', async () => {
  let limited = null;
  for (let i = 0; i < 15 && !limited; i++) {
    const v = await visitor();
    const r = await postMultipart('/report', { _csrf: v.csrf, ...feedback({ title: `Lần ${i}` }) }, { cookie: v.cookie });
    if (r.status === 429) limited = r;
    else assert.equal(r.status, 303, `report ${i}: ${r.status}`);
  }
  assert.ok(limited, 'no report was refused');
  assert.match(text(main(limited.text)), /quá nhiều/);
  assert.match(limited.text, /name="title"/, 'the form is not shown again');
});
