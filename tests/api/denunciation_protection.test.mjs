// The person denounced never learns of the denunciation, and no denunciation
// gets stuck (Law on Denunciation 2018 Art. 12–15, 47): the exclusion set of a
// denunciation follows the named official's ACTUAL unit (not the unit the
// reporter picked) and the official, in every staff reader (API and HTML
// queues, the case, the vault, files, Open311), refuses transfers at or below
// any excluded unit and assignment to anyone it covers; denunciations are
// routed by competence (docs/cases.md, "Routing of denunciations"); a
// conclusion at fault names the officials concerned, whose records then show
// the sanction and who stop seeing the case from then on.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { startServer, api, login, runCli, withLog } from '../lib/server.mjs';
import { assertError, page } from '../lib/check.mjs';

let srv, S = {}, key;
const people = [
  // login, role, unit — the officials the demo has not got
  ['canboyte', 'processing_officer', 'so-y-te'],
  ['chanhthanhtra', 'unit_head', 'thanh-tra-tinh'],
  ['canbothanhtra', 'processing_officer', 'thanh-tra-tinh'],
  ['chutichtinh', 'unit_head', 'ubnd-tinh-son-la'],
];
before(async () => {
  srv = await startServer({ demo: true });
  for (const who of ['motcua', 'xuly', 'truongphuong', 'giamdocsoyte', 'thanhtra', 'thanhtranoivu', 'vanphongubnd', 'quantri', 'giamsat'])
    S[who] = await login(srv.url, who);
  for (const [l, role, unit] of people) {
    const r = await api(srv.url, 'POST', '/api/v1/accounts', {
      body: { login: l, display_name: `Cán bộ ${l}`, role, unit }, cookie: S.quantri.cookie, csrf: S.quantri.csrf,
    });
    assert.equal(r.status, 201, r.text);
    S[l] = await login(srv.url, l, r.json.password);
  }
  const k = await runCli(['open311-key', 'create', 'test-app', '--db', srv.dbPath]);
  assert.equal(k.code, 0, k.stderr);
  key = /\b(o311_[0-9a-f]{40})\b/.exec(k.stdout)[1];
});
after(async () => { if (srv) await srv.cleanup(); });
const t = (name, fn) => test(name, withLog(() => srv, fn));

const reporter = { name: 'Lò Thị Tố', address: 'Bản Hìn, phường Chiềng Cơi', phone: '0912 345 678' };
const file = (over) => api(srv.url, 'POST', '/api/v1/cases', {
  body: { kind: 'denunciation', category: 'money_demand', title: 'Tố cáo đòi tiền', body: 'Cán bộ đòi 500.000 đồng mới nhận hồ sơ.', ...reporter, ...over },
});
const act = (s, code, action, body = {}) =>
  api(srv.url, 'POST', `/api/v1/cases/${code}/actions/${action}`, { body, cookie: s.cookie, csrf: s.csrf });
const get = (s, code) => api(srv.url, 'GET', `/api/v1/cases/${code}`, { cookie: s.cookie });
const list = (s, q) => api(srv.url, 'GET', `/api/v1/cases${q}`, { cookie: s.cookie });
const openId = (s, code) => api(srv.url, 'POST', `/api/v1/cases/${code}/identity`,
  { body: { reason: 'Cần liên hệ người tố cáo để xác minh' }, cookie: s.cookie, csrf: s.csrf });
const record = (s, l) => api(srv.url, 'GET', `/api/v1/officials/${l}/record`, { cookie: s.cookie });
const sql = (q) => execFileSync('sqlite3', [srv.dbPath, q], { encoding: 'utf8' }).trim();

async function filed(over) {
  const r = await file(over);
  assert.equal(r.status, 201, r.text);
  return r.json.code;
}

/* Everything a covered official could read: the case, the vault, every API
 * queue, the HTML queue and page, Open311 by code and in its list. */
async function neverSees(who, code) {
  const s = S[who];
  assertError(await get(s, code), 404, 'not_found');
  assertError(await openId(s, code), 404, 'not_found');
  for (const view of ['all', 'unit', 'mine', 'overdue']) {
    const q = await list(s, `?view=${view}`);
    assert.equal(q.status, 200, q.text);
    assert.ok(!q.text.includes(code), `${who} lists ${code} in view=${view}`);
  }
  for (const view of ['all', 'unit', 'mine', 'overdue']) {
    const p = await page(srv.url, `/cases?view=${view}`, { cookie: s.cookie });
    assert.equal(p.status, 200);
    assert.ok(!p.text.includes(code), `${who} sees ${code} in the HTML queue ${view}`);
  }
  assert.equal((await page(srv.url, `/cases/${code}`, { cookie: s.cookie })).status, 404);
}

async function open311Silent(code, secrets) {
  const one = await fetch(`${srv.url}/open311/v2/requests/${code}.json`);
  const text = await one.text();
  for (const x of secrets) assert.ok(!text.includes(x), `Open311 says ${x}`);
  const all = await (await fetch(`${srv.url}/open311/v2/requests.json`)).text();
  assert.ok(!all.includes(code), 'Open311 lists the denunciation');
}

t('a denunciation naming a ward official but filed against the Department of Health: the ward is excluded, not the department', async () => {
  const code = await filed({ unit: 'so-y-te', official: 'xuly' });
  const c = await get(S.thanhtra, code);
  assert.equal(c.status, 200, c.text);
  assert.equal(c.json.case.unit, 'thanh-tra-tinh');
  assert.equal(c.json.case.subject_unit, 'phuong-chieng-coi', 'the denounced unit is the official\'s own');
  for (const who of ['xuly', 'truongphuong', 'motcua']) await neverSees(who, code);
  await open311Silent(code, ['Chiềng Cơi', 'Quàng Văn Xử', 'phuong-chieng-coi', reporter.name]);
  // The ward may not get it by a transfer; the department it does not concern may.
  assert.equal((await act(S.thanhtra, code, 'accept')).status, 200);
  assertError(await act(S.thanhtra, code, 'assign', { to_login: 'xuly' }), 422, 'invalid_field', 'to_login');
  const code2 = await filed({ unit: 'so-y-te', official: 'xuly' });
  const form = await page(srv.url, `/cases/${code2}`, { cookie: S.thanhtra.cookie });
  assert.ok(form.text.includes('value="so-y-te"') && !form.text.includes('value="phuong-chieng-coi"'), 'the ward is offered as a destination');
  assertError(await act(S.thanhtra, code2, 'transfer', { to_unit: 'phuong-chieng-coi', reason: 'Chuyển về nơi cán bộ công tác' }),
    422, 'invalid_field', 'to_unit');
  assert.equal(sql(`SELECT unit_id = (SELECT id FROM units WHERE code = 'thanh-tra-tinh') FROM cases WHERE code = '${code2}'`), '1');
  const tr = await act(S.thanhtra, code2, 'transfer', { to_unit: 'so-y-te', reason: 'Chuyển đơn vị có thẩm quyền' });
  assert.equal(tr.status, 200, tr.text);
  // There the director handles it; the ward still never sees it.
  assert.equal((await get(S.giamdocsoyte, code2)).status, 200);
  for (const who of ['xuly', 'truongphuong']) await neverSees(who, code2);
  // Nobody of the ward is accepted as an assignee.
  assert.equal((await act(S.giamdocsoyte, code2, 'accept')).status, 200);
  assertError(await act(S.giamdocsoyte, code2, 'assign', { to_login: 'truongphuong' }), 422, 'invalid_field', 'to_login');
});

t('no transfer to a unit below an excluded unit', async () => {
  const code = await filed({ unit: 'so-y-te', official: 'vanphongubnd' });
  assert.equal((await get(S.thanhtra, code)).json.case.unit, 'thanh-tra-tinh');
  for (const to of ['van-phong-ubnd-tinh', 'trung-tam-phuc-vu-hanh-chinh-cong-tinh'])
    assertError(await act(S.thanhtra, code, 'transfer', { to_unit: to, reason: 'Chuyển đơn vị có thẩm quyền' }), 422, 'invalid_field', 'to_unit');
  await neverSees('vanphongubnd', code);
  assert.equal((await act(S.thanhtra, code, 'transfer', { to_unit: 'so-tu-phap', reason: 'Chuyển đơn vị có thẩm quyền' })).status, 200);
});

// The routing table of docs/cases.md, every row, end to end.
const routes = [
  ['an official of a ward', { unit: 'phuong-chieng-coi', official: 'xuly' }, 'thanh-tra-tinh', ['xuly', 'truongphuong']],
  ['the chairman of a ward', { unit: 'phuong-chieng-coi', official: 'truongphuong' }, 'thanh-tra-tinh', ['truongphuong', 'motcua']],
  ['an official of a department', { unit: 'so-y-te', official: 'canboyte' }, 'thanh-tra-tinh', ['canboyte', 'giamdocsoyte']],
  ['the director of a department', { unit: 'so-y-te', official: 'giamdocsoyte' }, 'thanh-tra-tinh', ['giamdocsoyte', 'canboyte']],
  ['an official of the Inspectorate', { unit: 'thanh-tra-tinh', official: 'thanhtra' }, 'van-phong-ubnd-tinh', ['thanhtra', 'chanhthanhtra']],
  ['the Chief Inspector', { unit: 'thanh-tra-tinh', official: 'chanhthanhtra' }, 'van-phong-ubnd-tinh', ['chanhthanhtra', 'thanhtra', 'canbothanhtra']],
  ['no official, a ward named', { unit: 'phuong-chieng-coi' }, 'thanh-tra-tinh', ['truongphuong', 'xuly', 'motcua']],
  ['no official, the Inspectorate named', { unit: 'thanh-tra-tinh' }, 'van-phong-ubnd-tinh', ['thanhtra', 'chanhthanhtra']],
  ['an official of the Office of the People\'s Committee', { unit: 'van-phong-ubnd-tinh', official: 'vanphongubnd' }, 'thanh-tra-tinh', ['vanphongubnd']],
  ['the Chairman of the province', { unit: 'ubnd-tinh-son-la', official: 'chutichtinh' }, 'thanh-tra-tinh', ['chutichtinh']],
  ['anonymous information about the Inspectorate', { unit: 'thanh-tra-tinh', anonymous: true, name: undefined, address: undefined, phone: undefined }, 'van-phong-ubnd-tinh', ['thanhtra']],
];
for (const [row, over, to, excluded] of routes) {
  t(`routing: ${row} → ${to}; its handler can act, the excluded cannot see it`, async () => {
    const code = await filed(over);
    const handler = to === 'thanh-tra-tinh' ? S.thanhtra : S.vanphongubnd;
    const c = await get(handler, code);
    assert.equal(c.status, 200, c.text);
    assert.equal(c.json.case.unit, to);
    for (const who of excluded) await neverSees(who, code);
    // The handler accepts and assigns within the unit; nobody covered may act.
    assert.equal((await act(handler, code, 'accept')).status, 200);
    const me = to === 'thanh-tra-tinh' ? 'thanhtra' : 'vanphongubnd';
    assert.equal((await act(handler, code, 'assign', { to_login: me })).status, 200);
    for (const who of excluded) assertError(await act(S[who], code, 'verify', { findings: 'Đã xác minh' }), 404, 'not_found');
    // The home-affairs inspector sees what is not about them, and may confirm nothing yet.
    assert.equal((await get(S.thanhtranoivu, code)).status, 200);
  });
}

t('the Chairman of the province: beyond the province, recorded by the Inspectorate for the Government Inspectorate', async () => {
  const code = await filed({ unit: 'so-y-te', official: 'chutichtinh' });
  const ev = JSON.parse(sql(`SELECT payload FROM events WHERE type = 'case.receive' AND subject = 'case:${code}'`));
  assert.equal(ev.beyond_province, true);
  const p = await page(srv.url, `/cases/${code}`, { cookie: S.thanhtra.cookie });
  assert.ok(p.text.includes('Thanh tra Chính phủ'), 'the step does not say where it goes');
  // The Inspectorate forwards it out of the province: not accepted, with the reason, on the record.
  const r = await act(S.thanhtra, code, 'not_accept', { reason: 'Chuyển Thanh tra Chính phủ theo thẩm quyền (Luật Tố cáo, Điều 13)' });
  assert.equal(r.status, 200, r.text);
  await neverSees('chutichtinh', code);
});

t('a conclusion at fault names the officials concerned: each record gets the sanction, and each stops seeing the case', async () => {
  const code = await filed({ unit: 'so-y-te', official: 'giamdocsoyte' });
  // canbothanhtra works in the Inspectorate that handles it: in scope, not yet named.
  assert.equal((await get(S.canbothanhtra, code)).status, 200);
  assert.equal((await act(S.thanhtra, code, 'accept')).status, 200);
  assert.equal((await act(S.thanhtra, code, 'assign', { to_login: 'thanhtra' })).status, 200);
  assert.equal((await act(S.thanhtra, code, 'verify', { findings: 'Đã xác minh: có đòi tiền, có người báo trước cho đương sự.' })).status, 200);
  // Bad names, each refused by field in both languages; nothing changes.
  for (const [body, field] of [
    [{ officials: ['congdan'], sanction: 'Khiển trách' }, 'officials'],
    [{ officials: ['khong-co-ai'], sanction: 'Khiển trách' }, 'officials'],
    [{ officials: 'giamdocsoyte' }, 'sanction'],
    [{ officials: [1] , sanction: 'Khiển trách' }, 'officials'],
  ]) assertError(await act(S.thanhtra, code, 'conclude', { conclusion: 'Có sai phạm', at_fault: true, ...body }), 422, 'invalid_field', field);
  assertError(await act(S.thanhtra, code, 'conclude', { conclusion: 'Không sai phạm', at_fault: false, officials: ['giamdocsoyte'], sanction: 'Khiển trách' }),
    422, 'invalid_field', 'officials');
  assert.equal(sql(`SELECT state FROM cases WHERE code = '${code}'`), 'verified');
  const r = await act(S.thanhtra, code, 'conclude', {
    conclusion: 'Có sai phạm: đòi tiền; cán bộ thanh tra báo trước cho đương sự.', at_fault: true,
    officials: ['giamdocsoyte', 'canbothanhtra'], sanction: 'Khiển trách',
  });
  assert.equal(r.status, 200, r.text);
  for (const who of ['giamdocsoyte', 'canbothanhtra']) {
    const rec = await record(S.thanhtra, who);
    assert.equal(rec.status, 200, rec.text);
    assert.ok(rec.json.sanctions.some((x) => x.case === code && x.sanction === 'Khiển trách'), `${who}: ${rec.text}`);
  }
  // The official of the handling unit named now: in scope, but excluded from here on.
  await neverSees('canbothanhtra', code);
  await neverSees('giamdocsoyte', code);
  // The rest of the Inspectorate still handles it.
  assert.equal((await get(S.chanhthanhtra, code)).status, 200);
});

t('a feedback with no official named: the conclusion names one; the published result counts the sanction', async () => {
  const r0 = await api(srv.url, 'POST', '/api/v1/cases', { body: {
    kind: 'feedback', category: 'delay', unit: 'phuong-chieng-coi', title: 'Hẹn nhiều lần', body: 'Hồ sơ bị hẹn lại nhiều lần.', anonymous: true,
  } });
  assert.equal(r0.status, 201, r0.text);
  const code = r0.json.code;
  assert.equal((await act(S.truongphuong, code, 'accept')).status, 200);
  assert.equal((await act(S.truongphuong, code, 'assign', { to_login: 'xuly' })).status, 200);
  assert.equal((await act(S.xuly, code, 'verify', { findings: 'Có hẹn lại không lý do.' })).status, 200);
  assertError(await act(S.xuly, code, 'conclude', { conclusion: 'Có sai phạm', at_fault: true, sanction: 'Nhắc nhở' }), 422, 'invalid_field', 'sanction');
  const r = await act(S.xuly, code, 'conclude', { conclusion: 'Có sai phạm', at_fault: true, officials: 'motcua', sanction: 'Nhắc nhở' });
  assert.equal(r.status, 200, r.text);
  assert.equal((await act(S.truongphuong, code, 'publish', {
    result_summary: 'Cán bộ hẹn lại không có lý do; đã nhắc nhở.', apology_what_wrong: 'Hẹn lại không lý do.',
    apology_what_done: 'Nhắc nhở cán bộ.', apology_remedy: 'Giải quyết hồ sơ trong ngày.',
  })).status, 200);
  const res = await api(srv.url, 'GET', `/api/v1/results/${code}`);
  assert.equal(res.status, 200, res.text);
  assert.equal(res.json.result.sanctions, 1);
  const rec = await record(S.truongphuong, 'motcua');
  assert.ok(rec.json.sanctions.some((x) => x.case === code), rec.text);
});

t('the staff form names the officials at fault; a citizen\'s login is refused there with the reason', async () => {
  const code = await filed({ unit: 'so-y-te', official: 'canboyte' });
  assert.equal((await act(S.thanhtra, code, 'accept')).status, 200);
  assert.equal((await act(S.thanhtra, code, 'assign', { to_login: 'thanhtra' })).status, 200);
  assert.equal((await act(S.thanhtra, code, 'verify', { findings: 'Đã xác minh.' })).status, 200);
  const p = await page(srv.url, `/cases/${code}`, { cookie: S.thanhtra.cookie });
  assert.ok(p.text.includes('name="officials"') && p.text.includes('name="sanction"'), 'no field for the officials at fault');
  const post = (fields) => fetch(`${srv.url}/cases/${code}/actions/conclude`, {
    method: 'POST', redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: S.thanhtra.cookie },
    body: new URLSearchParams({ _csrf: S.thanhtra.csrf, conclusion: 'Có sai phạm', at_fault: '1', sanction: 'Cảnh cáo', ...fields }).toString(),
  });
  const bad = await post({ officials: 'canboyte, congdan' });
  assert.equal(bad.status, 422);
  assert.match(await bad.text(), /tên đăng nhập của cán bộ/);
  assert.equal(sql(`SELECT count(*) FROM official_sanctions s JOIN cases c ON c.id = s.case_id WHERE c.code = '${code}'`), '0');
  const ok = await post({ officials: 'canboyte, giamdocsoyte' });
  assert.equal(ok.status, 303);
  for (const who of ['canboyte', 'giamdocsoyte']) {
    const rec = await record(S.giamdocsoyte, who);
    assert.ok(rec.json.sanctions.some((x) => x.case === code && x.sanction === 'Cảnh cáo'), `${who}: ${rec.text}`);
  }
});
