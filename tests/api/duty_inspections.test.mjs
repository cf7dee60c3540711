// Public-duty inspections (R15, issue #11 item 2) and officials' records (item 1):
// a surprise inspection is visible only to its team until it starts (every
// role, the inspected unit's head included); only the team acts; the states
// planned → started → concluded; bad input (a finding with no official,
// evidence over the limit or of a disguised type) is refused with a clear error
// and changes nothing; evidence is content-addressed with its hash in the
// ledger; the recommendation goes to the inspected unit's head; the official's
// record shows the finding and is read only by the official, the heads above
// and the inspectors (404 to a fellow official).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import { startServer, api, login, withLog } from '../lib/server.mjs';
import { assertError, page } from '../lib/check.mjs';

const ROLES = ['congdan', 'motcua', 'xuly', 'truongphuong', 'giamdocsoyte', 'thanhtra', 'thanhtranoivu', 'quantri', 'giamsat'];
// A 1×1 PNG.
export const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000' +
  '1f15c4890000000d49444154789c6360f8cfc0f01f0005000201e2b1d1b10000000049454e44ae426082', 'hex');

let srv;
const s = {};
before(async () => {
  srv = await startServer({ demo: true, extraArgs: ['--trusted-proxy', '127.0.0.1'] });
  for (const r of ROLES) s[r] = await login(srv.url, r);
});
after(async () => { if (srv) await srv.cleanup(); });
const t = (name, fn) => test(name, withLog(() => srv, fn));
const sql = (q) => execFileSync('sqlite3', [srv.dbPath, q], { encoding: 'utf8' }).trim();
const as = (who, method, path, body) => api(srv.url, method, path, who ? { body, cookie: s[who].cookie, csrf: s[who].csrf } : { body });
const today = (days = 0) => new Date(Date.now() + 7 * 3600e3 + days * 86400e3).toISOString().slice(0, 10);

async function plan(who = 'thanhtra', over = {}) {
  const r = await as(who, 'POST', '/api/v1/inspections', {
    kind: 'surprise', title: 'Kiểm tra đột xuất Bộ phận Một cửa phường Chiềng Cơi', planned_on: today(),
    units: ['phuong-chieng-coi'], officials: ['motcua'], ...over,
  });
  assert.equal(r.status, 201, r.text);
  return r.json.code;
}

/** Sends a finding as multipart (files: [{name, type, bytes}]). */
async function finding(who, code, fields, files = []) {
  const fd = new FormData();
  for (const [k, v] of Object.entries(fields)) fd.append(k, v);
  for (const f of files) fd.append('evidence', new Blob([f.bytes], { type: f.type }), f.name);
  const res = await fetch(`${srv.url}/api/v1/inspections/${code}/findings`, {
    method: 'POST', body: fd, headers: { Cookie: s[who].cookie, 'X-CSRF-Token': s[who].csrf, Accept: 'application/json' },
  });
  const text = await res.text();
  let json = null;
  try { json = JSON.parse(text); } catch { json = null; }
  return { status: res.status, headers: res.headers, text, json };
}

const counts = () => sql('SELECT (SELECT count(*) FROM inspection_findings)||","||(SELECT count(*) FROM inspection_evidence)||","||(SELECT count(*) FROM events)');

t('a surprise inspection is seen only by its team until it starts, then by inspectors, the heads above and the officials inspected', async () => {
  const code = await plan();
  const seen = async () => {
    const out = {};
    for (const r of [null, ...ROLES]) {
      const j = await as(r, 'GET', `/api/v1/inspections/${code}`);
      const h = await page(srv.url, `/inspections/${code}`, r ? { cookie: s[r].cookie } : {});
      const l = r ? await as(r, 'GET', `/api/v1/inspections?year=${code.slice(3, 7)}`) : { json: { inspections: [] } };
      const listed = (l.json.inspections || []).some((x) => x.code === code);
      out[r || 'anonymous'] = `${j.status}/${h.status}/${listed}`;
    }
    return out;
  };
  const hidden = { anonymous: '401/303/false' };
  for (const r of ROLES) hidden[r] = '404/404/false';
  hidden.thanhtra = '200/200/true';
  assert.deepEqual(await seen(), hidden);
  // Nobody but the team can start it, or learn it exists by trying.
  assertError(await as('truongphuong', 'POST', `/api/v1/inspections/${code}/start`, {}), 404, 'not_found');
  assert.equal((await as('thanhtra', 'POST', `/api/v1/inspections/${code}/start`, {})).status, 200);
  const open = { ...hidden, truongphuong: '200/200/true', thanhtranoivu: '200/200/true', motcua: '200/200/true' };
  assert.deepEqual(await seen(), open);
  // Started: those who see it but are not on the team may not act on it.
  assertError(await as('truongphuong', 'POST', `/api/v1/inspections/${code}/conclude`, { conclusion: 'Kết luận thử của người không trong đoàn' }), 403, 'forbidden');
});

t('a planned (announced) inspection is seen by the inspected unit\'s head before it starts; a self-inspection by the head', async () => {
  const code = await plan('thanhtranoivu', { kind: 'planned', planned_on: today(20) });
  assert.equal((await as('truongphuong', 'GET', `/api/v1/inspections/${code}`)).status, 200);
  assert.equal((await as('xuly', 'GET', `/api/v1/inspections/${code}`)).status, 404);
  assert.equal((await as('giamdocsoyte', 'GET', `/api/v1/inspections/${code}`)).status, 404);
  const self = await plan('truongphuong', { kind: 'planned', officials: ['xuly'], team: ['motcua'] });
  const v = await as('truongphuong', 'GET', `/api/v1/inspections/${self}`);
  assert.equal(v.json.body, 'self');
  assert.deepEqual(v.json.team.map((x) => x.login).sort(), ['motcua', 'truongphuong']);
  // A head self-inspects only units in their charge; other roles plan nothing.
  assertError(await as('truongphuong', 'POST', '/api/v1/inspections', { kind: 'planned', title: 'Tự kiểm tra Sở Y tế', planned_on: today(), units: ['so-y-te'] }), 422, 'invalid_field', 'units');
  // The inspected unit's own staff are not on an outside team.
  assertError(await as('thanhtra', 'POST', '/api/v1/inspections', { kind: 'surprise', title: 'Kiểm tra đột xuất phường', planned_on: today(), units: ['phuong-chieng-coi'], team: ['truongphuong'] }), 422, 'invalid_field', 'team');
  for (const r of ['xuly', 'motcua', 'quantri', 'congdan']) assertError(await as(r, 'POST', '/api/v1/inspections', { kind: 'planned', title: 'Kiểm tra', planned_on: today(), units: ['phuong-chieng-coi'] }), 403, 'forbidden');
  assert.equal((await as('giamsat', 'POST', '/api/v1/inspections', {})).status, 403);
});

t('the states: nothing is recorded before the start, nothing after the conclusion', async () => {
  const code = await plan('thanhtra', { kind: 'planned' });
  assertError(await finding('thanhtra', code, { official: 'motcua', severity: 'minor', text: 'Không đeo thẻ công chức khi làm việc' }), 409, 'wrong_state');
  assertError(await as('thanhtra', 'POST', `/api/v1/inspections/${code}/conclude`, { conclusion: 'Kết luận trước khi bắt đầu' }), 409, 'wrong_state');
  assert.equal((await as('thanhtra', 'POST', `/api/v1/inspections/${code}/start`, {})).status, 200);
  assertError(await as('thanhtra', 'POST', `/api/v1/inspections/${code}/start`, {}), 409, 'wrong_state');
  assert.equal((await as('thanhtra', 'POST', `/api/v1/inspections/${code}/conclude`, { conclusion: 'Không phát hiện vi phạm trong buổi kiểm tra.' })).status, 200);
  assertError(await finding('thanhtra', code, { official: 'motcua', severity: 'minor', text: 'Không đeo thẻ công chức khi làm việc' }), 409, 'wrong_state');
});

t('bad input: a finding with no official, evidence over the limit, disguised or of another type — a clear error, nothing changed', async () => {
  const code = await plan();
  assert.equal((await as('thanhtra', 'POST', `/api/v1/inspections/${code}/start`, {})).status, 200);
  const before = counts();
  const ok = { official: 'motcua', severity: 'moderate', text: 'Yêu cầu công dân nộp thêm giấy tờ ngoài thủ tục.' };
  let r = await finding('thanhtra', code, { ...ok, official: '' });
  assertError(r, 422, 'invalid_field', 'official');
  assert.match(r.json.error.message, /cán bộ/);
  assertError(await finding('thanhtra', code, { ...ok, official: 'congdan' }), 422, 'invalid_field', 'official');
  assertError(await finding('thanhtra', code, { ...ok, official: 'giamdocsoyte' }), 422, 'invalid_field', 'official');
  assertError(await finding('thanhtra', code, { ...ok, severity: 'rat-nang' }), 422, 'invalid_field', 'severity');
  assertError(await finding('thanhtra', code, { ...ok, text: '...' }), 422, 'invalid_field', 'text');
  const big = Buffer.concat([PNG, Buffer.alloc(10 * 1024 * 1024 + 1 - PNG.length)]);
  r = await finding('thanhtra', code, ok, [{ name: 'anh.png', type: 'image/png', bytes: big }]);
  assertError(r, 413, 'too_large', 'evidence');
  assertError(await finding('thanhtra', code, ok, [{ name: 'anh.pdf', type: 'application/pdf', bytes: PNG }]), 400, 'disguised_type', 'evidence');
  assertError(await finding('thanhtra', code, ok, [{ name: 'anh.png', type: 'application/pdf', bytes: PNG }]), 400, 'disguised_type', 'evidence');
  assertError(await finding('thanhtra', code, ok, [{ name: 'bien-ban.pdf', type: 'application/pdf', bytes: Buffer.from('MZ\x90\x00 not a pdf') }]), 422, 'invalid_field', 'evidence');
  assert.equal(counts(), before, 'a refused finding changed something');
});

t('the whole inspection: checks, a finding with a photo (hash in the ledger), a commendation, the conclusion with a recommendation to the head', async () => {
  const code = await plan('thanhtra', { team: ['thanhtranoivu'] });
  assert.equal((await as('thanhtranoivu', 'POST', `/api/v1/inspections/${code}/start`, {})).status, 200);
  let r = await as('thanhtra', 'POST', `/api/v1/inspections/${code}/checks`, { checks: [{ item: 'badge', result: 'fail', note: 'Không đeo thẻ' }, { item: 'working_hours', result: 'pass' }] });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.checklist.find((x) => x.item === 'badge').result, 'fail');
  assert.ok(r.json.checklist.every((x) => x.source.length > 0), 'every checklist item names its source');
  assertError(await as('thanhtra', 'POST', `/api/v1/inspections/${code}/checks`, { checks: [{ item: 'khong-co', result: 'pass' }] }), 422, 'invalid_field', 'checks');
  r = await finding('thanhtra', code, { official: 'motcua', item: 'badge', severity: 'minor', text: 'Không đeo thẻ công chức khi tiếp nhận hồ sơ (kiểm tra API).' },
    [{ name: 'quay-1.png', type: 'image/png', bytes: PNG }]);
  assert.equal(r.status, 200, r.text);
  const f = r.json.findings.at(-1);
  const sha = crypto.createHash('sha256').update(PNG).digest('hex');
  assert.equal(f.evidence[0].sha256, sha);
  const ev = JSON.parse(sql(`SELECT payload FROM events WHERE type = 'inspection.finding' AND subject = '${code}'`));
  assert.equal(ev.evidence[0].sha256, sha);
  const file = await fetch(`${srv.url}/api/v1/inspections/${code}/evidence/${sha}`, { headers: { Cookie: s.thanhtra.cookie } });
  assert.equal(file.status, 200);
  assert.deepEqual(Buffer.from(await file.arrayBuffer()), PNG);
  assert.equal((await fetch(`${srv.url}/api/v1/inspections/${code}/evidence/${sha}`, { headers: { Cookie: s.xuly.cookie } })).status, 404);
  r = await as('thanhtra', 'POST', `/api/v1/inspections/${code}/commendations`, { official: 'motcua', text: 'Hướng dẫn công dân tận tình, rõ ràng.' });
  assert.equal(r.status, 200, r.text);
  assertError(await as('thanhtra', 'POST', `/api/v1/inspections/${code}/conclude`, { conclusion: 'Kết luận có một vi phạm nhỏ về thẻ.', recommendations: [{ text: 'Chấn chỉnh việc đeo thẻ công chức.', due_on: today(0) }] }), 422, 'invalid_field', 'rec_due');
  r = await as('thanhtra', 'POST', `/api/v1/inspections/${code}/conclude`, { conclusion: 'Kết luận có một vi phạm nhỏ về thẻ.', recommendations: [{ text: 'Chấn chỉnh việc đeo thẻ công chức.', due_on: today(30) }] });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.state, 'concluded');
  assert.deepEqual(r.json.recommendations.map((x) => [x.unit, x.head, x.due_on]), [['phuong-chieng-coi', 'truongphuong', today(30)]]);
  // The inspected official reads their own finding, not the others'.
  const mine = await as('motcua', 'GET', `/api/v1/inspections/${code}`);
  assert.equal(mine.status, 200);
  assert.ok(mine.json.findings.every((x) => x.official === 'motcua' || x.official === ''));
  // The official's record.
  const rec = await as('truongphuong', 'GET', '/api/v1/officials/motcua');
  assert.equal(rec.status, 200, rec.text);
  assert.ok(rec.json.inspection_findings.some((x) => x.inspection === code && /kiểm tra API/.test(x.text)));
  assert.ok(rec.json.commendations.some((x) => x.inspection === code));
  // The head answers for the finding and for the recommendation (src/duty): two items of the
  // inspection, the recommendation's due at the end of its deadline's day (Vietnam time).
  const du = await as('truongphuong', 'GET', '/api/v1/duties');
  assert.equal(du.status, 200, du.text);
  const mineDu = du.json.items.filter((x) => x.source_ref === code);
  assert.deepEqual(mineDu.map((x) => [x.kind, x.source_type]).sort(),
    [['accountability.action', 'inspection_finding'], ['inspection.recommendation', 'inspection_recommendation']]);
  const recDu = mineDu.find((x) => x.kind === 'inspection.recommendation');
  assert.equal(new Date(Date.parse(recDu.due_at) + 7 * 3600e3).toISOString().slice(0, 10), today(30));
  assert.equal(sql(`SELECT count(*) FROM events WHERE type = 'duty.opened' AND subject LIKE 'duty:%'
                    AND json_extract(payload, '$.source_ref') = '${code}'`), '2');
});

t('an official\'s record: the official, the heads above and the inspectors; 404 to a fellow official and everyone else', async () => {
  const got = {};
  for (const r of [null, ...ROLES]) got[r || 'anonymous'] = (await as(r, 'GET', '/api/v1/officials/motcua')).status;
  assert.deepEqual(got, { anonymous: 401, congdan: 404, motcua: 200, xuly: 404, truongphuong: 200, giamdocsoyte: 404, thanhtra: 200, thanhtranoivu: 200, quantri: 404, giamsat: 404 });
  const p = await page(srv.url, '/officials/motcua', { cookie: s.xuly.cookie });
  assert.equal(p.status, 404);
  const own = await page(srv.url, '/officials/motcua', { cookie: s.motcua.cookie });
  assert.equal(own.status, 200);
  assert.match(own.text, /Phát hiện qua thanh tra, kiểm tra công vụ/);
  assert.match(own.text, /Quầy 1 — Bộ phận Một cửa/);
  // The sections other rooms register: figures from the counters (ratings), reports naming them (cases), findings.
  const j = (await as('thanhtra', 'GET', '/api/v1/officials/motcua')).json;
  assert.equal(j.position, 'Công chức Văn phòng - Thống kê (Bộ phận Một cửa)');
  assert.equal(typeof j.figures.own.steps, 'number');
  assert.ok(j.reports.some((x) => x.kind === 'feedback' && x.at_fault === true), JSON.stringify(j.reports));
  assert.ok(j.reports.every((x) => x.kind !== 'denunciation' && x.kind !== 'information'));
  assert.ok(Array.isArray(j.sanctions));
  assert.ok(j.inspection_findings.some((x) => /Không đeo thẻ công chức/.test(x.text)));
  assert.match(own.text, /Phản ánh, kiến nghị, khiếu nại nêu tên cán bộ/);
  assert.match(own.text, /href="\/officials\/motcua\/ratings"/);
});

t('desks: the unit\'s head adds them and sets an official\'s desks and position, each a ledger event; others may not', async () => {
  let r = await as('truongphuong', 'POST', '/api/v1/units/phuong-chieng-coi/desks', { name_vi: 'Quầy 4 — Lao động, Thương binh và Xã hội', name_en: 'Desk 4 — Labour' });
  assert.equal(r.status, 201, r.text);
  const desk = r.json.id;
  assertError(await as('truongphuong', 'POST', '/api/v1/units/phuong-chieng-coi/desks', { name_vi: 'Quầy 4 — Lao động, Thương binh và Xã hội' }), 409, 'conflict');
  assertError(await as('truongphuong', 'POST', '/api/v1/units/phuong-chieng-coi/desks', { name_vi: '' }), 422, 'invalid_field', 'name_vi');
  assertError(await as('giamdocsoyte', 'POST', '/api/v1/units/phuong-chieng-coi/desks', { name_vi: 'Quầy 9' }), 403, 'forbidden');
  assert.equal((await as('xuly', 'POST', '/api/v1/units/phuong-chieng-coi/desks', { name_vi: 'Quầy 9' })).status, 403);
  const events = Number(sql("SELECT count(*) FROM events WHERE type = 'official.changed'"));
  r = await as('truongphuong', 'PUT', '/api/v1/officials/xuly', { position: 'Công chức Tư pháp - Hộ tịch (phụ trách Quầy 4)', desks: [desk] });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.json.desks.map((x) => x.id), [desk]);
  assert.equal(r.json.position, 'Công chức Tư pháp - Hộ tịch (phụ trách Quầy 4)');
  assert.equal(Number(sql("SELECT count(*) FROM events WHERE type = 'official.changed'")), events + 1);
  const other = (await as('giamdocsoyte', 'GET', '/api/v1/units/so-y-te/desks')).json.desks[0].id;
  assertError(await as('truongphuong', 'PUT', '/api/v1/officials/xuly', { desks: [other] }), 422, 'invalid_field', 'desks');
  assertError(await as('giamdocsoyte', 'PUT', '/api/v1/officials/xuly', { desks: [] }), 403, 'forbidden');
});
