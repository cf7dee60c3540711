// Feedback, petitions, complaints and denunciations through the JSON API: a report
// with a signed receipt, the whole workflow to a published apology, "closed is not
// fixed" (reopen, then escalation), the denouncer's identity sealed at rest and
// opened only by the handler or an inspector (each opening a ledger event),
// transfers, extensions within the law, withdrawal, bad input, spam bursts and
// forged codes.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { execFileSync } from 'node:child_process';
import { startServer, api, login, ledgerHead, withLog } from '../lib/server.mjs';
import { assertError } from '../lib/check.mjs';

const LIMIT = 40;   // reports per address in 10 minutes for this server (MINHBACH_REPORT_LIMIT)
let srv, head, official, counter, inspector, overseer, citizen, otherHead;
before(async () => {
  process.env.MINHBACH_REPORT_LIMIT = String(LIMIT);
  srv = await startServer({ demo: true });
  head = await login(srv.url, 'truongphuong');
  official = await login(srv.url, 'xuly');
  counter = await login(srv.url, 'motcua');
  inspector = await login(srv.url, 'thanhtra');
  overseer = await login(srv.url, 'giamsat');
  citizen = await login(srv.url, 'congdan');
  otherHead = await login(srv.url, 'giamdocsoyte');
});
after(async () => { if (srv) await srv.cleanup(); });
const t = (name, fn) => test(name, withLog(() => srv, fn));

const file = (body, sess) => api(srv.url, 'POST', '/api/v1/cases', sess ? { body, cookie: sess.cookie, csrf: sess.csrf } : { body });
const act = (sess, code, action, body = {}) =>
  api(srv.url, 'POST', `/api/v1/cases/${code}/actions/${action}`, sess ? { body, cookie: sess.cookie, csrf: sess.csrf } : { body });
const get = (sess, code) => api(srv.url, 'GET', `/api/v1/cases/${code}`, { cookie: sess.cookie });
const list = (sess, q = '') => api(srv.url, 'GET', `/api/v1/cases${q}`, { cookie: sess.cookie });
const follow = (code, secret) => api(srv.url, 'POST', `/api/v1/cases/${code}/follow`, { body: { secret } });
const openId = (sess, code, reason) => api(srv.url, 'POST', `/api/v1/cases/${code}/identity`, { body: { reason }, cookie: sess.cookie, csrf: sess.csrf });
const sql = (q) => execFileSync('sqlite3', [srv.dbPath, q], { encoding: 'utf8' }).trim();

const reporter = { name: 'Hoàng Thị Xuyến', address: 'Bản Nà Cạn, phường Chiềng Cơi', phone: '0987 654 321', email: 'xuyen.hoang@example.vn' };
const harassment = {
  kind: 'feedback', category: 'harassment', unit: 'phuong-chieng-coi', official: 'motcua',
  title: 'Bị yêu cầu nộp giấy tờ ngoài quy định', body: 'Cán bộ yêu cầu tôi nộp thêm giấy xác nhận không có trong thủ tục.',
  ...reporter,
};

async function filed(body = harassment) {
  const r = await file(body);
  assert.equal(r.status, 201, r.text);
  return r.json;
}

t('a report gets a code, a passphrase, a due time and a receipt signed with the ledger key', async () => {
  const before = await ledgerHead(srv.url);
  const c = await filed();
  assert.match(c.code, /^DT-\d{6}-\d{4}$/);
  assert.match(c.secret, /^[A-Z2-9]{8}$/);
  assert.equal(c.state, 'received');
  assert.ok(Date.parse(c.due_at) > Date.now());
  assert.equal((await ledgerHead(srv.url)).seq, before.seq + 1);
  // The receipt names the ledger event that records the report.
  assert.match(c.receipt.message, new RegExp(`^minhbach receipt v1\\ncode=${c.code}\\nfiled_at=`));
  const seq = Number(/event_seq=(\d+)/.exec(c.receipt.message)[1]);
  const hash = /event_hash=([0-9a-f]{64})/.exec(c.receipt.message)[1];
  assert.equal(sql(`SELECT hash FROM events WHERE seq = ${seq}`), hash);
  const key = await api(srv.url, 'GET', '/api/v1/ledger/key');
  assert.equal(key.status, 200, key.text);
  assert.ok(JSON.stringify(key.json).includes(c.receipt.public_key));
  const ok = await api(srv.url, 'POST', '/api/v1/receipts/verify', { body: { message: c.receipt.message, signature: c.receipt.signature } });
  assert.equal(ok.status, 200, ok.text);
  assert.equal(ok.json.valid, true);
  // A changed message (a later filing time) or signature is not valid.
  const forged = c.receipt.message.replace(/filed_at=\S+/, 'filed_at=2026-01-01T00:00:00Z');
  const bad = await api(srv.url, 'POST', '/api/v1/receipts/verify', { body: { message: forged, signature: c.receipt.signature } });
  assert.equal(bad.json.valid, false);
  const bad2 = await api(srv.url, 'POST', '/api/v1/receipts/verify', { body: { message: c.receipt.message, signature: '00'.repeat(64) } });
  assert.equal(bad2.json.valid, false);
});

t('the identity is sealed at rest: not in the database file, the ledger or the log', async () => {
  const c = await filed({ ...harassment, name: 'Đèo Văn Khiêm', phone: '0911 222 999', email: 'khiem.deo@example.vn' });
  // Force the WAL into the main file so that both are checked as they are.
  sql('PRAGMA wal_checkpoint(FULL)');
  for (const f of [srv.dbPath, `${srv.dbPath}-wal`]) {
    if (!fs.existsSync(f)) continue;
    const bytes = fs.readFileSync(f);
    for (const secret of ['Đèo Văn Khiêm', '0911 222 999', 'khiem.deo@example.vn']) {
      assert.equal(bytes.indexOf(Buffer.from(secret)), -1, `${secret} found in ${f}`);
    }
  }
  assert.ok(!srv.log().includes('khiem.deo'), 'the e-mail address is in the server log');
  assert.equal(sql(`SELECT count(*) FROM case_identities i JOIN cases c ON c.id = i.case_id WHERE c.code = '${c.code}'`), '1');
  const payloads = sql(`SELECT payload FROM events WHERE subject = 'case:${c.code}'`);
  assert.ok(!payloads.includes('Khiêm') && !payloads.includes('0911'), payloads);
});

t('the whole workflow: accepted, assigned, verified, concluded at fault, published with an apology', async () => {
  const c = await filed();
  // The unit head sees it in the unit's queue; the reporter's identity is not in it.
  const q = await list(head);
  assert.equal(q.status, 200, q.text);
  assert.ok(q.json.cases.some((x) => x.code === c.code));
  assert.ok(!q.text.includes(reporter.name) && !q.text.includes('0987'));
  assert.equal((await act(head, c.code, 'accept')).status, 200);
  // Not to the official reported on.
  assertError(await act(head, c.code, 'assign', { to_login: 'motcua' }), 422, 'invalid_field', 'to_login');
  let r = await act(head, c.code, 'assign', { to_login: 'xuly' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.case.state, 'assigned');
  assert.equal(r.json.case.handler.name.length > 0, true);
  // Another official of the unit may not verify; the assigned one may.
  assertError(await act(head, c.code, 'conclude', { conclusion: 'x', at_fault: true }), 409, 'invalid_state');
  assertError(await act(official, c.code, 'verify', {}), 422, 'invalid_field', 'findings');
  assert.equal((await act(official, c.code, 'verify', { findings: 'Biên bản xác minh: cán bộ thừa nhận đã yêu cầu thêm giấy tờ.' })).status, 200);
  r = await act(official, c.code, 'conclude', { conclusion: 'Có sai phạm.', at_fault: true, sanction: 'Khiển trách' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.case.at_fault, true);
  assert.equal(sql(`SELECT count(*) FROM official_sanctions s JOIN accounts a ON a.id = s.account_id WHERE a.login = 'motcua' AND s.sanction = 'Khiển trách'`) >= '1', true);
  // At fault: publishing needs the apology; the summary is redacted.
  assertError(await act(head, c.code, 'publish', { result_summary: 'Kết quả' }), 422, 'invalid_field', 'apology_what_wrong');
  r = await act(head, c.code, 'publish', {
    result_summary: `Bà ${reporter.name} (${reporter.phone}) phản ánh đúng; đơn vị đã xin lỗi.`,
    apology_what_wrong: 'Yêu cầu giấy tờ ngoài thủ tục.', apology_what_done: 'Đã xin lỗi và tiếp nhận ngay.', apology_remedy: 'Khiển trách cán bộ.',
  });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.case.state, 'published');
  assert.ok(!r.json.case.result_summary.includes(reporter.name), r.json.case.result_summary);
  assert.ok(!r.json.case.result_summary.includes('654'), r.json.case.result_summary);
  assert.equal(r.json.case.open311_status, 'closed');
  // The reporter follows it by code and passphrase: result, apology, every step.
  const f = await follow(c.code, c.secret);
  assert.equal(f.status, 200, f.text);
  assert.equal(f.json.case.state, 'published');
  assert.equal(f.json.case.apology.what_done, 'Đã xin lỗi và tiếp nhận ngay.');
  assert.deepEqual(f.json.case.steps.map((s) => s.state), ['received', 'accepted', 'assigned', 'verified', 'concluded', 'published']);
  assert.ok(!('findings' in f.json.case));
  // Satisfied: resolved, confirmed by the reporter.
  r = await act(null, c.code, 'rate', { secret: c.secret, satisfied: true });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.case.state, 'resolved');
  assert.equal(r.json.case.confirmed_by, 'reporter');
  const types = sql(`SELECT group_concat(type, ' ') FROM (SELECT type FROM events WHERE subject = 'case:${c.code}' ORDER BY seq)`);
  assert.equal(types, 'case.receive case.accept case.assign case.verify case.conclude case.publish case.rate');
});

async function toPublished(code, atFault = false) {
  for (const [who, action, body] of [
    [head, 'assign', { to_login: 'xuly' }],
    [official, 'verify', { findings: 'Đã xác minh.' }],
    [official, 'conclude', { conclusion: 'Không có sai phạm.', at_fault: atFault }],
    [head, 'publish', { result_summary: 'Đã trả lời người phản ánh.' }],
  ]) {
    const r = await act(who, code, action, body);
    assert.equal(r.status, 200, `${action}: ${r.text}`);
  }
}

t('closed is not fixed: unsatisfied reopens in the unit, then goes up to the Provincial Inspectorate', async () => {
  const c = await filed({ ...harassment, official: undefined, category: 'delay' });
  assert.equal((await act(head, c.code, 'accept')).status, 200);
  await toPublished(c.code);
  assertError(await act(null, c.code, 'rate', { secret: c.secret, satisfied: false }), 422, 'invalid_field', 'reason');
  // A wrong passphrase answers like a code that does not exist (no probing of codes).
  assertError(await act(null, c.code, 'rate', { secret: 'WRONGPASS', satisfied: false, reason: 'x' }), 404, 'not_found');
  assertError(await act(null, 'DT-991231-9999', 'rate', { secret: c.secret, satisfied: false, reason: 'x' }), 404, 'not_found');
  // A passphrase gives no staff action.
  assertError(await act(null, c.code, 'accept', { secret: c.secret }), 401, 'unauthenticated');
  let r = await act(null, c.code, 'rate', { secret: c.secret, satisfied: false, reason: 'Hồ sơ của tôi vẫn chưa được giải quyết.' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.case.state, 'reopened');
  assert.equal(r.json.case.unit, 'phuong-chieng-coi');
  assert.equal(r.json.case.open311_status, 'open');
  assert.ok(r.json.case.due_at);
  await toPublished(c.code);
  r = await act(null, c.code, 'rate', { secret: c.secret, satisfied: false, reason: 'Vẫn chưa thoả đáng.' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.case.unit, 'thanh-tra-tinh');
  // The unit that failed no longer handles it; the inspectorate sees it.
  assertError(await act(head, c.code, 'assign', { to_login: 'xuly' }), 404, 'not_found');
  assert.equal((await get(inspector, c.code)).status, 200);
  assert.ok(sql(`SELECT payload FROM events WHERE subject = 'case:${c.code}' AND type = 'case.rate' ORDER BY seq DESC LIMIT 1`).includes('"escalated_to":"thanh-tra-tinh"'));
});

t('a denunciation goes to the inspectorate; the denounced unit never sees it nor its denouncer', async () => {
  const before = await ledgerHead(srv.url);
  const r0 = await file({ kind: 'denunciation', category: 'money_demand', unit: 'phuong-chieng-coi', official: 'motcua',
    title: 'Tố cáo đòi tiền', body: 'Cán bộ đòi 500.000 đồng.', ...reporter });
  assert.equal(r0.status, 201, r0.text);
  const c = r0.json;
  const row = await get(inspector, c.code);
  assert.equal(row.status, 200, row.text);
  assert.equal(row.json.case.unit, 'thanh-tra-tinh');
  assert.equal(row.json.case.reporter, 'sealed');
  assert.ok(!row.text.includes(reporter.name) && !row.text.includes(reporter.email));
  // Staff of the denounced unit, the official denounced, and overseers: as if it did not exist.
  for (const s of [head, official, counter, overseer]) {
    assertError(await get(s, c.code), 404, 'not_found');
    // The overseer changes nothing: refused before any case is looked up, whatever the code.
    if (s === overseer) assertError(await openId(s, c.code, 'Cần liên hệ người tố cáo để xác minh'), 403, 'forbidden');
    else assertError(await openId(s, c.code, 'Cần liên hệ người tố cáo để xác minh'), 404, 'not_found');
    const q = await list(s, '?view=all');
    assert.ok(!q.text.includes(c.code), `${c.code} listed`);
  }
  // A head elsewhere has no scope over the inspectorate's cases either.
  assertError(await openId(otherHead, c.code, 'Cần liên hệ người tố cáo để xác minh'), 404, 'not_found');
  // Nothing was opened, nothing recorded.
  assert.equal(sql(`SELECT count(*) FROM case_identity_reads`), '0');
  assert.equal((await ledgerHead(srv.url)).seq, before.seq + 1);
  // The inspector opens it with a reason: one event, one read recorded, no caching.
  assertError(await openId(inspector, c.code, 'ngắn'), 422, 'invalid_field', 'reason');
  const o = await openId(inspector, c.code, 'Cần liên hệ người tố cáo để xác minh thêm');
  assert.equal(o.status, 200, o.text);
  assert.equal(o.json.identity.name, reporter.name);
  assert.equal(o.json.identity.phone, reporter.phone);
  assert.match(o.headers.get('cache-control') || '', /no-store/);
  assert.equal((await ledgerHead(srv.url)).seq, before.seq + 2);
  const ev = sql(`SELECT actor_role || ' ' || payload FROM events WHERE type = 'case.identity_opened' ORDER BY seq DESC LIMIT 1`);
  assert.ok(ev.startsWith('inspector '), ev);
  assert.ok(ev.includes('Cần liên hệ người tố cáo') && !ev.includes(reporter.name), ev);
  assert.equal(sql(`SELECT count(*) FROM case_identity_reads`), '1');
  // It may not be handed to the denounced unit, nor assigned to its staff.
  assert.equal((await act(inspector, c.code, 'accept')).status, 200);
  assertError(await act(inspector, c.code, 'assign', { to_login: 'xuly' }), 422, 'invalid_field', 'to_login');
});

t('the assigned handler opens the identity; another official of the unit, or the official reported on, may not', async () => {
  const c = await filed({ ...harassment, official: undefined });
  assert.equal((await act(head, c.code, 'accept')).status, 200);
  // Before assignment, nobody in the unit may open it (the head is not the handler).
  assertError(await openId(head, c.code, 'Cần gọi lại cho người phản ánh'), 403, 'forbidden');
  assert.equal((await act(head, c.code, 'assign', { to_login: 'xuly' })).status, 200);
  assertError(await openId(counter, c.code, 'Cần gọi lại cho người phản ánh'), 403, 'forbidden');
  const o = await openId(official, c.code, 'Cần gọi lại cho người phản ánh');
  assert.equal(o.status, 200, o.text);
  assert.equal(o.json.identity.email, reporter.email);
  // An anonymous report has nothing to open, and records nothing.
  const a = await filed({ kind: 'feedback', category: 'rudeness', unit: 'phuong-chieng-coi', title: 'Thái độ', body: 'Cán bộ quát tháo.', anonymous: true });
  assert.equal((await act(head, a.code, 'accept')).status, 200);
  assert.equal((await act(head, a.code, 'assign', { to_login: 'xuly' })).status, 200);
  const before = await ledgerHead(srv.url);
  const n = await openId(official, a.code, 'Cần gọi lại cho người phản ánh');
  assert.equal(n.status, 200, n.text);
  assert.equal(n.json.identity, null);
  assert.equal((await ledgerHead(srv.url)).seq, before.seq);
});

t('anonymous denunciations are information; anonymous means no identity at all', async () => {
  const r = await file({ kind: 'denunciation', category: 'money_demand', unit: 'phuong-chieng-coi', title: 'Thu tiền ngoài quy định', body: 'Nghe nói có thu thêm tiền.', anonymous: true });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.kind, 'information');
  assertError(await file({ ...harassment, anonymous: true }), 422, 'invalid_field', 'anonymous');
  // The passphrase is the only way back in.
  assert.equal((await follow(r.json.code, r.json.secret)).status, 200);
});

t('no wrong door: transfer to the competent unit, with the reason, on the record', async () => {
  const c = await filed({ ...harassment, official: undefined, kind: 'petition', category: 'regulation' });
  assertError(await act(counter, c.code, 'transfer', { to_unit: 'so-y-te' }), 422, 'invalid_field', 'reason');
  assertError(await act(counter, c.code, 'transfer', { to_unit: 'phuong-chieng-coi', reason: 'Nội dung thuộc thẩm quyền đơn vị khác.' }), 422, 'invalid_field', 'to_unit');
  assertError(await act(counter, c.code, 'transfer', { to_unit: 'khong-co', reason: 'Nội dung thuộc thẩm quyền đơn vị khác.' }), 422, 'invalid_field', 'to_unit');
  const r = await act(counter, c.code, 'transfer', { to_unit: 'so-y-te', reason: 'Nội dung thuộc thẩm quyền của Sở Y tế.' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.case.unit, 'so-y-te');
  assert.equal(r.json.case.transfers, 1);
  assert.equal(r.json.case.state, 'received');
  // The new unit now holds it; the old one no longer does.
  assert.equal((await get(otherHead, c.code)).status, 200);
  assertError(await act(head, c.code, 'accept'), 404, 'not_found');
  const f = await follow(c.code, c.secret);
  assert.deepEqual(f.json.case.steps.map((s) => s.unit), ['phuong-chieng-coi', 'so-y-te']);
  assert.ok(sql(`SELECT payload FROM events WHERE subject = 'case:${c.code}' AND type = 'case.transfer'`).includes('"to_unit":"so-y-te"'));
});

t('extensions only as the law allows: a complaint once, then refused', async () => {
  const c = await filed({ ...harassment, kind: 'complaint', category: 'rudeness', official: undefined });
  assertError(await act(head, c.code, 'extend', { reason: 'Phức tạp' }), 409, 'extension_not_allowed');
  assert.equal((await act(head, c.code, 'accept')).status, 200);
  const due1 = (await get(head, c.code)).json.case.due_at;
  assertError(await act(head, c.code, 'extend', {}), 422, 'invalid_field', 'reason');
  const r = await act(head, c.code, 'extend', { reason: 'Vụ việc phức tạp, cần xác minh nhiều nơi.' });
  assert.equal(r.status, 200, r.text);
  const days = (Date.parse(r.json.case.due_at) - Date.parse(due1)) / 86400000;
  assert.ok(days >= 15 && days <= 17, `extended by ${days} days`);
  assertError(await act(head, c.code, 'extend', { reason: 'Lần nữa' }), 409, 'extension_limit');
  // A processing official may not extend.
  assertError(await act(official, c.code, 'extend', { reason: 'x' }), 403, 'forbidden');
});

t('withdrawal in writing by the reporter, only before the conclusion', async () => {
  const c = await filed({ ...harassment, official: undefined });
  assertError(await act(null, c.code, 'withdraw', { secret: c.secret }), 422, 'invalid_field', 'reason');
  const r = await act(null, c.code, 'withdraw', { secret: c.secret, reason: 'Tôi rút đơn vì đã được giải quyết.' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.case.state, 'withdrawn');
  assertError(await act(head, c.code, 'accept'), 409, 'invalid_state');
  const d = await filed({ ...harassment, official: undefined });
  assert.equal((await act(head, d.code, 'accept')).status, 200);
  await toPublished(d.code);
  assertError(await act(null, d.code, 'withdraw', { secret: d.secret, reason: 'Rút' }), 409, 'invalid_state');
});

t('a citizen with an account sees their own reports only', async () => {
  const r = await file({ ...harassment, official: undefined }, citizen);
  assert.equal(r.status, 201, r.text);
  const g = await get(citizen, r.json.code);
  assert.equal(g.status, 200, g.text);
  assert.ok(!('findings' in g.json.case));
  const other = await filed();
  assertError(await get(citizen, other.code), 404, 'not_found');
  assertError(await list(citizen), 403, 'forbidden');
  // Citizens file on the web only; a hotline entry is for staff.
  assertError(await file({ ...harassment, channel: 'hotline' }, citizen), 403, 'forbidden', 'channel');
  const h = await file({ ...harassment, channel: 'hotline' }, counter);
  assert.equal(h.status, 201, h.text);
  assert.equal(sql(`SELECT channel || ' ' || (entered_by IS NOT NULL) FROM cases WHERE code = '${h.json.code}'`), 'hotline 1');
});

t('bad input is refused by field and changes nothing', async () => {
  const before = await ledgerHead(srv.url);
  const n0 = sql('SELECT count(*) FROM cases');
  assertError(await file({ ...harassment, kind: 'rumour' }), 422, 'invalid_field', 'kind');
  assertError(await file({ ...harassment, kind: 'information' }), 422, 'invalid_field', 'kind');
  assertError(await file({ ...harassment, category: '' }), 422, 'invalid_field', 'category');
  assertError(await file({ ...harassment, unit: 'khong-co' }), 422, 'invalid_field', 'unit');
  assertError(await file({ ...harassment, official: 'khong-co' }), 422, 'invalid_field', 'official');
  assertError(await file({ ...harassment, title: '' }), 422, 'invalid_field', 'title');
  assertError(await file({ ...harassment, body: 'x'.repeat(10001) }), 422, 'invalid_field', 'body');
  assertError(await file({ ...harassment, name: '' }), 422, 'invalid_field', 'name');
  assertError(await file({ ...harassment, email: 'not an address' }), 422, 'invalid_field', 'email');
  assertError(await file({ ...harassment, kind: 'complaint', address: '' }), 422, 'invalid_field', 'address');
  assertError(await file({ ...harassment, incident_date: '2999-01-01' }), 422, 'invalid_field', 'incident_date');
  assertError(await file({ ...harassment, lat: 91, lon: 0 }), 422, 'invalid_field', 'lat');
  assertError(await file({ ...harassment, extra: 1 }), 422, 'invalid_field', 'extra');
  assertError(await file({ ...harassment, title: 5 }), 422, 'invalid_field', 'title');
  assertError(await file({ ...harassment, files: [{ name: 'a.exe', data_base64: Buffer.from('MZ\x90\x00').toString('base64') }] }), 422, 'invalid_field', 'files');
  assertError(await file({ ...harassment, files: [{ name: 'a.pdf', data_base64: '%%%' }] }), 422, 'invalid_field', 'files');
  assertError(await file('{"kind": "feedback",'), 400, 'bad_json');
  // Over the route's body limit: refused before it is read.
  const big = await file({ ...harassment, body: 'x'.repeat(17 * 1024 * 1024) });
  assert.equal(big.status, 413, big.text.slice(0, 200));
  assert.equal((await ledgerHead(srv.url)).seq, before.seq);
  assert.equal(sql('SELECT count(*) FROM cases'), n0);
  // A good PDF attachment is kept (and a sealed handwriting scan is stored encrypted).
  const pdf = Buffer.from('%PDF-1.4\n% Đơn viết tay\n').toString('base64');
  const ok = await file({ ...harassment, files: [{ name: 'don.pdf', data_base64: pdf }, { name: 'chu-ky.pdf', data_base64: pdf, sealed: true }] });
  assert.equal(ok.status, 201, ok.text);
  const files = sql(`SELECT group_concat(x, ' ') FROM (SELECT sealed || ':' || name AS x FROM case_files f JOIN cases c ON c.id = f.case_id WHERE c.code = '${ok.json.code}' ORDER BY f.rowid)`);
  assert.equal(files, '0:don.pdf 1:chu-ky.pdf');
  const shas = sql(`SELECT group_concat(sha256, ' ') FROM (SELECT sha256 FROM case_files f JOIN cases c ON c.id = f.case_id WHERE c.code = '${ok.json.code}' ORDER BY f.rowid)`).split(' ');
  assert.notEqual(shas[0], shas[1], 'the sealed copy is stored under its encrypted bytes');
});

t("an official's record shows the sanction, to the official, the heads above and inspectors only", async () => {
  // The demo's published case found motcua at fault (a reprimand).
  const rec = (sess) => api(srv.url, 'GET', '/api/v1/officials/motcua/record', { cookie: sess.cookie });
  for (const s of [counter, head, inspector]) {
    const r = await rec(s);
    assert.equal(r.status, 200, r.text);
    assert.ok(r.json.sanctions.length >= 1);
    assert.match(r.json.sanctions[0].case, /^DT-/);
    assert.ok(r.json.sanctions.some((x) => x.sanction.startsWith('Khiển trách')), r.text);
  }
  for (const s of [official, otherHead, overseer, citizen]) assertError(await rec(s), 403, 'forbidden');
  assertError(await api(srv.url, 'GET', '/api/v1/officials/khong-co/record', { cookie: inspector.cookie }), 404, 'not_found');
  assert.equal((await api(srv.url, 'GET', '/api/v1/officials/motcua/record')).status, 401);
});

t('a reopened case found at fault again is published again with its updated apology', async () => {
  const c = await filed({ ...harassment, official: undefined });
  assert.equal((await act(head, c.code, 'accept')).status, 200);
  const apology = (n) => ({ result_summary: `Kết quả lần ${n}.`, apology_what_wrong: `Sai lần ${n}.`, apology_what_done: 'Đã xin lỗi.', apology_remedy: 'Đã khắc phục.' });
  for (const n of [1, 2]) {
    for (const [who, action, body] of [
      [head, 'assign', { to_login: 'xuly' }],
      [official, 'verify', { findings: 'Đã xác minh.' }],
      [official, 'conclude', { conclusion: 'Có sai phạm.', at_fault: true }],
      [head, 'publish', apology(n)],
    ]) {
      const r = await act(who, c.code, action, body);
      assert.equal(r.status, 200, `round ${n} ${action}: ${r.text}`);
    }
    if (n === 1) assert.equal((await act(null, c.code, 'rate', { secret: c.secret, satisfied: false, reason: 'Chưa khắc phục hết.' })).status, 200);
  }
  const f = await follow(c.code, c.secret);
  assert.equal(f.json.case.apology.what_wrong, 'Sai lần 2.');
  assert.equal(sql(`SELECT count(*) FROM case_apologies a JOIN cases c ON c.id = a.case_id WHERE c.code = '${c.code}'`), '1');
});

t('attachments: staff in scope download them; a sealed one opens only for the handler, with a reason, on the record', async () => {
  const plain = '%PDF-1.4\n% Biên bản\n';
  const letter = '%PDF-1.4\n% Đơn viết tay của người gửi\n';
  const c = await filed({ ...harassment, official: undefined, files: [
    { name: 'bien-ban.pdf', data_base64: Buffer.from(plain).toString('base64') },
    { name: 'don-viet-tay.pdf', data_base64: Buffer.from(letter).toString('base64'), sealed: true }] });
  assert.equal((await act(head, c.code, 'accept')).status, 200);
  assert.equal((await act(head, c.code, 'assign', { to_login: 'xuly' })).status, 200);
  const files = (await get(head, c.code)).json.case.files;
  assert.deepEqual(files.map((f) => [f.name, f.sealed]), [['bien-ban.pdf', false], ['', true]]);
  const [p, sealed] = files.map((f) => `/cases/${c.code}/files/${f.sha256}`);
  const dl = (sess, path) => api(srv.url, 'GET', path, { cookie: sess.cookie });
  const open = (sess, path, reason) => api(srv.url, 'POST', path, { cookie: sess.cookie, csrf: sess.csrf,
    body: `reason=${encodeURIComponent(reason)}`, headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
  // Staff of the handling unit download the plain file; another unit cannot even see it.
  const r = await dl(counter, p);
  assert.equal(r.status, 200);
  assert.equal(r.text, plain);
  assert.match(r.headers.get('content-type'), /application\/pdf/);
  assert.match(r.headers.get('content-disposition'), /^attachment; filename="bien-ban.pdf"$/);
  assert.match(r.headers.get('cache-control'), /no-store/);
  assert.equal((await dl(otherHead, p)).status, 404);
  const anon = await api(srv.url, 'GET', p);
  assert.equal(anon.status, 303);
  assert.match(anon.headers.get('location'), /^\/login/);
  // The sealed letter: stored encrypted, refused without a reason or to others.
  assert.equal((await dl(counter, sealed)).status, 422);
  assert.equal((await open(counter, sealed, 'Cần xem đơn viết tay để đối chiếu')).status, 403);
  const before = await ledgerHead(srv.url);
  const o = await open(official, sealed, 'Cần xem đơn viết tay để đối chiếu');
  assert.equal(o.status, 200, o.text.slice(0, 300));
  assert.equal(o.text, letter);
  assert.equal((await ledgerHead(srv.url)).seq, before.seq + 1);
  const ev = sql(`SELECT payload FROM events WHERE type = 'case.identity_opened' ORDER BY seq DESC LIMIT 1`);
  assert.ok(ev.includes(files[1].sha256) && ev.includes('đối chiếu'), ev);
  // The bytes at rest are not the letter.
  const stored = fs.readFileSync(`${srv.dbPath}.files/${files[1].sha256.slice(0, 2)}/${files[1].sha256}`);
  assert.equal(stored.indexOf(Buffer.from('Đơn viết tay')), -1);
  assert.equal((await dl(head, `/cases/${c.code}/files/${'0'.repeat(64)}`)).status, 404);
});

// Near the end: it uses up this address's follow-up failures.
t('forged codes and wrong passphrases get the same answer, then a limit', async () => {
  const c = await filed();
  const wrongSecret = await follow(c.code, 'AAAAAAAA');
  const forgedCode = await follow('DT-991231-9999', c.secret);
  const garbage = await follow('DT-1%27%20OR%201', c.secret);
  assertError(wrongSecret, 404, 'not_found');
  assertError(forgedCode, 404, 'not_found');
  assertError(garbage, 404, 'not_found');
  assert.equal(wrongSecret.json.error.message, forgedCode.json.error.message);
  assertError(await act(head, 'DT-991231-9999', 'accept'), 404, 'not_found');
  // 20 failures from one address in 15 minutes: 429, even with the right passphrase.
  for (let i = 0; i < 20; i++) await follow(c.code, `WRONG${i}`);
  const limited = await follow(c.code, c.secret);
  assertError(limited, 429, 'rate_limited');
});

// Last: it uses up this address's report limit.
t('spam bursts are rate-limited per address and change nothing', async () => {
  // Staff entries are not limited; anonymous reports are, per address.
  const used = Number(sql(`SELECT count(*) FROM throttle WHERE bucket = 'case_receive'`));
  for (let i = used; i < LIMIT; i++) {
    const r = await file({ ...harassment, official: undefined, title: `Báo cáo ${i}` });
    assert.equal(r.status, 201, r.text);
  }
  const before = await ledgerHead(srv.url);
  const n0 = sql('SELECT count(*) FROM cases');
  assertError(await file(harassment), 429, 'rate_limited');
  assert.equal((await ledgerHead(srv.url)).seq, before.seq);
  assert.equal(sql('SELECT count(*) FROM cases'), n0);
  const staff = await file({ ...harassment, channel: 'in_person' }, counter);
  assert.equal(staff.status, 201, staff.text);
});
