// Two gaps of issue #11 (docs/oversight.md):
//  1. A counter recording as evidence of a public-duty inspection, by reference:
//     a member of the team who opened the recording with a reason attaches it
//     (to a finding or to the inspection); the evidence row takes the
//     recording's SHA-256, type and size, no byte is copied, the recording is
//     held (the hold names the inspection) in the same transaction as the
//     ledger event, the retention's purge skips it and its hold cannot be
//     released. Refused clearly, with nothing changed: a recording unknown,
//     of a desk of a unit not inspected, not opened, already purged, by
//     someone outside the team, a finding of another inspection, twice.
//  2. The published summary of concluded inspections (R15), for anyone: no
//     surprise inspection before it starts, nothing under way, never an
//     official's name or login; keyset pages; a JSON twin and a CSV file.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { startServer, api, login, withLog, BIN } from '../lib/server.mjs';
import { assertError, page, parseCsv, wav } from '../lib/check.mjs';

const ROLES = ['motcua', 'truongphuong', 'thanhtra', 'thanhtranoivu', 'quantri'];

let srv;
const s = {};
let desk;       // motcua's desk at the ward
let otherDesk;  // a desk of Sở Y tế, not inspected
before(async () => {
  srv = await startServer({ demo: true, extraArgs: ['--trusted-proxy', '127.0.0.1'] });
  for (const r of ROLES) s[r] = await login(srv.url, r);
  desk = Number(sql("SELECT desk_id FROM official_desks JOIN accounts a ON a.id = account_id WHERE a.login = 'motcua'"));
  const r = await as('quantri', 'POST', '/api/v1/units/so-y-te/desks', { name_vi: 'Quầy 1 — Một cửa Sở Y tế' });
  assert.equal(r.status, 201, r.text);
  otherDesk = Number(sql("SELECT d.id FROM desks d JOIN units u ON u.id = d.unit_id WHERE u.code = 'so-y-te' LIMIT 1"));
});
after(async () => { if (srv) await srv.cleanup(); });
const t = (name, fn) => test(name, withLog(() => srv, fn));
const sql = (q) => execFileSync('sqlite3', [srv.dbPath, q], { encoding: 'utf8' }).trim();
const as = (who, method, p, body) => api(srv.url, method, p, who ? { body, cookie: s[who].cookie, csrf: s[who].csrf } : { body });
const iso = (ms) => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');
const today = (days = 0) => new Date(Date.now() + 7 * 3600e3 + days * 86400e3).toISOString().slice(0, 10);

/** Uploads a recording of desk d (as the ward's head, or an administrator for another unit); its id. */
async function recording(d, seed, who = 'truongphuong') {
  const fd = new FormData();
  const now = Date.now();
  fd.append('desk', String(d));
  fd.append('started_at', iso(now - 3 * 3600e3));
  fd.append('ended_at', iso(now - 2 * 3600e3));
  fd.append('file', new Blob([wav(500, seed)], { type: 'audio/wav' }), 'quay.wav');
  const res = await fetch(`${srv.url}/api/v1/recordings`, {
    method: 'POST', body: fd, headers: { Cookie: s[who].cookie, 'X-CSRF-Token': s[who].csrf, Accept: 'application/json' },
  });
  const j = await res.json();
  assert.equal(res.status, 201, JSON.stringify(j));
  return j.id;
}

const open = async (who, id) => {
  const r = await as(who, 'POST', `/api/v1/recordings/${id}/open`, { reason: 'Xác minh phát hiện của đoàn kiểm tra tại quầy một cửa' });
  assert.equal(r.status, 200, r.text);
};

async function plan(over = {}) {
  const r = await as('thanhtra', 'POST', '/api/v1/inspections', {
    kind: 'surprise', title: 'Kiểm tra đột xuất Bộ phận Một cửa phường Chiềng Cơi', planned_on: today(),
    units: ['phuong-chieng-coi'], officials: ['motcua'], ...over,
  });
  assert.equal(r.status, 201, r.text);
  return r.json.code;
}

async function started() {
  const code = await plan();
  assert.equal((await as('thanhtra', 'POST', `/api/v1/inspections/${code}/start`, {})).status, 200);
  return code;
}

async function finding(code, text = 'Không đeo thẻ công chức khi tiếp nhận hồ sơ buổi sáng.') {
  const r = await as('thanhtra', 'POST', `/api/v1/inspections/${code}/findings`, { official: 'motcua', severity: 'minor', item: 'badge', text });
  assert.equal(r.status, 200, r.text);
  return r.json.findings.at(-1).id;
}

const attach = (who, code, body) => as(who, 'POST', `/api/v1/inspections/${code}/recordings`, body);
const state = () => sql("SELECT (SELECT count(*) FROM inspection_evidence)||','||(SELECT count(*) FROM recordings WHERE held_at IS NOT NULL)||','||(SELECT count(*) FROM events)");
const storeFiles = () => {
  const dir = `${srv.dbPath}.files`;
  if (!fs.existsSync(dir)) return 0;
  return fs.readdirSync(dir).reduce((n, sub) => n + (fs.statSync(path.join(dir, sub)).isDirectory() ? fs.readdirSync(path.join(dir, sub)).length : 0), 0);
};

let attached;   // {code, rec, finding}

t('an inspector of the team who opened a recording attaches it to a finding, by reference: the evidence row, the hold and the event in one transaction', async () => {
  const code = await started();
  const f = await finding(code);
  const rec = await recording(desk, 3);
  const sha = sql(`SELECT sha256 FROM recordings WHERE id = ${rec}`);

  // Not yet opened by the one attaching: refused, nothing changed.
  const before = state();
  assertError(await attach('thanhtra', code, { recording: rec, finding: f }), 403, 'not_opened', 'recording');
  assert.equal(state(), before);

  await open('thanhtra', rec);
  const files = storeFiles();
  const head = Number(sql('SELECT max(seq) FROM events'));
  const r = await attach('thanhtra', code, { recording: rec, finding: f });
  assert.equal(r.status, 200, r.text);
  // The evidence row takes the recording's hash, type and size; no byte is copied into the attachments' store.
  assert.equal(sql(`SELECT recording_id||','||finding_id||','||sha256||','||content_type||','||size FROM inspection_evidence WHERE recording_id = ${rec}`),
    `${rec},${f},${sha},audio/wav,${44 + 500}`);
  assert.equal(storeFiles(), files, 'no file is copied');
  assert.ok(!fs.existsSync(path.join(`${srv.dbPath}.files`, sha.slice(0, 2), sha)));
  // The recording is held, the hold naming the inspection.
  assert.equal(sql(`SELECT hold_reason FROM recordings WHERE id = ${rec}`), `Chứng cứ của cuộc thanh tra, kiểm tra ${code}`);
  assert.equal(sql(`SELECT h.login FROM recordings r JOIN accounts h ON h.id = r.held_by WHERE r.id = ${rec}`), 'thanhtra');
  // Two events, one after the other (one transaction): the hold and the attachment.
  assert.equal(sql(`SELECT group_concat(type||':'||subject, ' ') FROM (SELECT type, subject FROM events WHERE seq > ${head} ORDER BY seq)`),
    `recording.held:recording:${rec} inspection.recording_attached:${code}`);
  const p = JSON.parse(sql(`SELECT payload FROM events WHERE type = 'inspection.recording_attached' ORDER BY seq DESC LIMIT 1`));
  assert.equal(p.sha256, sha);
  assert.equal(p.recording, rec);
  assert.equal(p.finding, f);
  assert.equal(p.held, true);
  // The inspection lists it with its desk and window, and links the recording's page.
  const ev = r.json.findings.find((x) => x.id === f).evidence.find((x) => x.recording);
  assert.equal(ev.recording.id, rec);
  assert.equal(ev.recording.url, `/recordings/${rec}`);
  assert.equal(ev.sha256, sha);
  assert.ok(ev.recording.started_at && ev.recording.ended_at);
  assert.equal(r.json.recordings.length, 1);
  const pg = await page(srv.url, `/inspections/${code}`, { cookie: s.thanhtra.cookie });
  assert.match(pg.text, /id="recording-evidence"/);
  assert.match(pg.text, new RegExp(`href="/recordings/${rec}"`));
  assert.match(pg.text, new RegExp(sql(`SELECT name_vi FROM desks WHERE id = ${desk}`)));
  // The evidence download of files does not serve a recording's bytes: they need an opening on the recording's page.
  assert.equal((await fetch(`${srv.url}/api/v1/inspections/${code}/evidence/${sha}`, { headers: { Cookie: s.thanhtra.cookie } })).status, 404);
  // The official inspected reads their finding, not the recording (the officials recorded see nothing of them).
  const mine = await as('motcua', 'GET', `/api/v1/inspections/${code}`);
  assert.equal(mine.status, 200);
  assert.equal(mine.json.recordings.length, 0);
  assert.ok(!JSON.stringify(mine.json).includes(`/recordings/${rec}`));
  attached = { code, rec, finding: f };
});

t('refusals name the field and change nothing: unknown, another unit\'s desk, outside the team, a finding of another inspection, twice, not started', async () => {
  assert.ok(attached, 'the attachment above ran');
  const code = await started();
  const other = await started();
  const otherFinding = await finding(other, 'Phát hiện của một cuộc kiểm tra khác, không phải cuộc này.');
  const rec = await recording(desk, 5);
  await open('thanhtra', rec);
  await open('thanhtranoivu', rec);
  const far = await recording(otherDesk, 7, 'quantri');
  await open('thanhtra', far);
  const planned = await plan();
  const before = state();
  const held = sql(`SELECT count(*) FROM recordings WHERE id = ${rec} AND held_at IS NOT NULL`);
  for (const [who, c, body, status, code_, field] of [
    ['thanhtra', code, { recording: 999999 }, 422, 'invalid_field', 'recording'],
    ['thanhtra', code, { recording: 'abc' }, 422, 'invalid_field', 'recording'],
    ['thanhtra', code, {}, 422, 'invalid_field', 'recording'],
    ['thanhtra', code, { recording: far }, 422, 'invalid_field', 'recording'],
    ['thanhtranoivu', code, { recording: rec }, 403, 'forbidden', null],
    ['truongphuong', code, { recording: rec }, 403, 'forbidden', null],
    ['motcua', code, { recording: rec }, 403, 'forbidden', null],
    ['thanhtra', code, { recording: rec, finding: otherFinding }, 422, 'invalid_field', 'finding'],
    ['thanhtra', code, { recording: rec, finding: 'x' }, 422, 'invalid_field', 'finding'],
    ['thanhtra', attached.code, { recording: attached.rec }, 409, 'duplicate', 'recording'],
    ['thanhtra', planned, { recording: rec }, 409, 'wrong_state', 'state'],
  ]) {
    const r = await attach(who, c, body);
    assertError(r, status, code_, field);
    assert.ok(r.json.error.message !== r.json.error.message_en, 'Vietnamese and English');
  }
  assert.equal(state(), before, 'nothing changed');
  assert.equal(sql(`SELECT count(*) FROM recordings WHERE id = ${rec} AND held_at IS NOT NULL`), held);
  // The same recording to the inspection as a whole is accepted.
  const r = await attach('thanhtra', code, { recording: rec });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.recordings[0].finding, null);
});

t('a recording held already keeps its hold; the purge skips the evidence and its hold cannot be released', async () => {
  assert.ok(attached, 'the attachment above ran');
  // A recording held already for a report, then attached: the hold stays as it was, the event says so.
  const code = await started();
  const rec = await recording(desk, 9);
  let r = await as('thanhtra', 'POST', `/api/v1/recordings/${rec}/hold`, { reason: 'Chứng cứ của đơn phản ánh đang xác minh' });
  assert.equal(r.status, 200, r.text);
  await open('thanhtra', rec);
  r = await attach('thanhtra', code, { recording: rec });
  assert.equal(r.status, 200, r.text);
  assert.equal(sql(`SELECT hold_reason FROM recordings WHERE id = ${rec}`), 'Chứng cứ của đơn phản ánh đang xác minh');
  assert.equal(sql(`SELECT json_extract(payload, '$.held') FROM events WHERE type = 'inspection.recording_attached' ORDER BY seq DESC LIMIT 1`), '0');
  // Releasing evidence is refused, whoever asks.
  for (const id of [attached.rec, rec]) {
    const before = state();
    assertError(await as('thanhtra', 'POST', `/api/v1/recordings/${id}/release`, {}), 409, 'evidence');
    assert.equal(state(), before);
  }
  // The retention's purge deletes the others and keeps the evidence.
  const sha = sql(`SELECT sha256 FROM recordings WHERE id = ${attached.rec}`);
  execFileSync(BIN, ['recordings-purge', '--db', srv.dbPath, '--at', '2099-01-01T00:00:00Z'], { encoding: 'utf8' });
  assert.equal(sql(`SELECT count(*) FROM recordings WHERE id IN (${attached.rec}, ${rec}) AND purged_at IS NULL`), '2');
  assert.ok(fs.existsSync(path.join(`${srv.dbPath}.recordings`, sha.slice(0, 2), sha)), 'the evidence\'s bytes stay');
  assert.ok(Number(sql('SELECT count(*) FROM recordings WHERE purged_at IS NOT NULL')) > 0, 'the others were purged');
  // A purged recording cannot become evidence.
  const gone = sql('SELECT id FROM recordings WHERE purged_at IS NOT NULL ORDER BY id DESC LIMIT 1');
  const before = state();
  assertError(await attach('thanhtra', code, { recording: Number(gone) }), 409, 'purged', 'recording');
  assert.equal(state(), before);
  execFileSync(BIN, ['verify', '--db', srv.dbPath], { encoding: 'utf8' });
});

t('the published summary: concluded inspections only, never a surprise one before it starts, never an official\'s name', async () => {
  assert.ok(attached, 'the attachment above ran');
  const name = sql("SELECT display_name FROM accounts WHERE login = 'motcua'");
  // The inspection with the recording: a second, serious finding; concluded with a recommendation, its text naming the official.
  const { code } = attached;
  assert.equal((await as('thanhtra', 'POST', `/api/v1/inspections/${code}/findings`, { about: 'unit', unit: 'phuong-chieng-coi', severity: 'serious', text: 'Thu tiền ngoài quy định mà không cấp biên lai cho công dân.' })).status, 200);
  const concl = `Công chức ${name} (motcua) không đeo thẻ; đơn vị thu tiền không có biên lai.`;
  let r = await as('thanhtra', 'POST', `/api/v1/inspections/${code}/conclude`, {
    conclusion: concl, recommendations: [{ text: `Chấn chỉnh ${name}: đeo thẻ và cấp biên lai.`, due_on: today(30) }],
  });
  assert.equal(r.status, 200, r.text);
  const secret = await plan({ title: 'Đột xuất chưa bắt đầu: không được công bố' });
  const running = await started();

  r = await api(srv.url, 'GET', '/api/v1/inspections/published');
  assert.equal(r.status, 200, r.text);
  const codes = r.json.inspections.map((x) => x.code);
  assert.ok(codes.includes(code), 'the concluded one is published');
  assert.ok(!codes.includes(secret) && !codes.includes(running), 'nothing not concluded');
  const x = r.json.inspections.find((y) => y.code === code);
  assert.equal(x.kind, 'surprise');
  assert.deepEqual(x.units.map((u) => u.code), ['phuong-chieng-coi']);
  assert.deepEqual(x.findings, { total: 2, minor: 1, moderate: 0, serious: 1 });
  assert.ok(x.concluded_at && x.started_at && x.planned_on);
  assert.equal(x.conclusion, 'Công chức […] ([…]) không đeo thẻ; đơn vị thu tiền không có biên lai.');
  assert.equal(x.recommendations.length, 1);
  assert.equal(x.recommendations[0].due_on, today(30));
  assert.equal(x.recommendations[0].progress, 'open');
  assert.equal(x.recommendations[0].text, 'Chấn chỉnh […]: đeo thẻ và cấp biên lai.');
  // The demo's concluded inspection too, its recommendation open.
  assert.ok(r.json.inspections.length >= 2);

  // The page and the CSV, anonymous, say the same and name nobody.
  const pg = await page(srv.url, '/inspections/published');
  assert.equal(pg.status, 200);
  assert.match(pg.text, new RegExp(`<code>${code}</code>`));
  assert.doesNotMatch(pg.text, new RegExp(`${secret}|${running}`));
  const csv = await fetch(`${srv.url}/inspections/published.csv`);
  assert.equal(csv.status, 200);
  assert.match(csv.headers.get('content-type'), /text\/csv/);
  const rows = parseCsv((await csv.text()).replace(/^\uFEFF/, ''));
  const row = rows.find((y) => y.code === code);
  assert.equal(row.findings_serious, '1');
  assert.equal(row.recommendations_open, '1');
  assert.ok(!rows.some((y) => y.code === secret || y.code === running));
  for (const text of [JSON.stringify(r.json), pg.text, JSON.stringify(rows)]) {
    assert.ok(!text.includes(name), 'no official\'s name');
    for (const login of ['motcua', 'xuly', 'thanhtra', 'truongphuong']) assert.ok(!text.includes(login), `no login ${login}`);
  }
  // English through the catalogue.
  const enPage = await page(srv.url, '/inspections/published?lang=en');
  assert.match(enPage.text, /Public-duty inspections concluded/);
  // The results page links it.
  assert.match((await page(srv.url, '/results')).text, /href="\/inspections\/published"/);
});

t('keyset pages: the cursor of the last row, no row twice, a bad cursor refused', async () => {
  for (let i = 0; i < 21; i++) {
    const code = await started();
    assert.equal((await as('thanhtra', 'POST', `/api/v1/inspections/${code}/conclude`, { conclusion: `Kết luận số ${i + 1}: không có vi phạm.` })).status, 200);
  }
  const total = Number(sql("SELECT count(*) FROM inspections WHERE state = 'concluded'"));
  const seen = [];
  let next = null;
  let pages = 0;
  do {
    const r = await api(srv.url, 'GET', `/api/v1/inspections/published${next ? `?after=${next}` : ''}`);
    assert.equal(r.status, 200, r.text);
    assert.ok(r.json.inspections.length <= 20);
    seen.push(...r.json.inspections.map((x) => x.code));
    next = r.json.next;
    pages++;
  } while (next);
  assert.equal(seen.length, total);
  assert.equal(new Set(seen).size, total, 'no inspection twice');
  assert.ok(pages >= 2);
  const pg = await page(srv.url, '/inspections/published');
  assert.match(pg.text, /rel="next" href="\/inspections\/published\?after=\d+-\d+"/);
  const csv = await fetch(`${srv.url}/inspections/published.csv`);
  assert.equal(parseCsv((await csv.text()).replace(/^\uFEFF/, '')).length, total, 'the file holds up to 500');
  assertError(await api(srv.url, 'GET', '/api/v1/inspections/published?after=xyz'), 422, 'invalid_field', 'after');
});
