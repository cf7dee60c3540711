// Counter recordings (R12, issue #11 item 6): tied to a desk and a time window,
// stored content-addressed with their hash in the ledger, opened only by an
// inspector or a head over the desk's unit and only with a reason (each
// opening a row and a ledger event), played with HTTP range requests, listed on
// the staff pages of the dossier and the case they concern, taken from a
// watched folder, deleted at the end of retention unless held. Bad input (a
// disguised file, a window that ends before it starts or in the future, an
// unknown desk) is refused with a clear error and changes nothing.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServer, api, login, withLog, BIN } from '../lib/server.mjs';
import { assertError, page, wav } from '../lib/check.mjs';

const ROLES = ['congdan', 'motcua', 'xuly', 'truongphuong', 'giamdocsoyte', 'thanhtra', 'thanhtranoivu', 'quantri', 'giamsat'];
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000' +
  '1f15c4890000000d49444154789c6360f8cfc0f01f0005000201e2b1d1b10000000049454e44ae426082', 'hex');

const sha = (b) => crypto.createHash('sha256').update(b).digest('hex');

let srv;
const s = {};
let desk;   // motcua's desk at the ward
before(async () => {
  srv = await startServer({ demo: true, extraArgs: ['--trusted-proxy', '127.0.0.1'] });
  for (const r of ROLES) s[r] = await login(srv.url, r);
  desk = Number(sql("SELECT desk_id FROM official_desks JOIN accounts a ON a.id = account_id WHERE a.login = 'motcua'"));
});
after(async () => { if (srv) await srv.cleanup(); });
const t = (name, fn) => test(name, withLog(() => srv, fn));
const sql = (q) => execFileSync('sqlite3', [srv.dbPath, q], { encoding: 'utf8' }).trim();
const as = (who, method, p, body) => api(srv.url, method, p, who ? { body, cookie: s[who].cookie, csrf: s[who].csrf } : { body });
const iso = (ms) => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');
const counts = () => sql('SELECT (SELECT count(*) FROM recordings)||","||(SELECT count(*) FROM recording_openings)||","||(SELECT count(*) FROM events)');

async function upload(who, fields, file) {
  const fd = new FormData();
  for (const [k, v] of Object.entries(fields)) fd.append(k, String(v));
  if (file) fd.append('file', new Blob([file.bytes], { type: file.type }), file.name);
  const res = await fetch(`${srv.url}/api/v1/recordings`, {
    method: 'POST', body: fd, headers: { Cookie: s[who].cookie, 'X-CSRF-Token': s[who].csrf, Accept: 'application/json' },
  });
  const text = await res.text();
  let json = null;
  try { json = JSON.parse(text); } catch { json = null; }
  return { status: res.status, headers: res.headers, text, json };
}

async function media(who, id, headers = {}) {
  const res = await fetch(`${srv.url}/recordings/${id}/media`, { headers: { Cookie: s[who].cookie, 'Accept-Encoding': 'identity', ...headers } });
  return { status: res.status, headers: res.headers, body: Buffer.from(await res.arrayBuffer()) };
}

const demoId = () => Number(sql("SELECT min(id) FROM recordings"));

t('the list and a recording are seen by inspectors, the heads over the desk and administrators; 404 to everyone else', async () => {
  const id = demoId();
  assert.ok(id > 0, 'the demo has a recording');
  for (const who of ROLES) {
    const l = await as(who, 'GET', '/api/v1/recordings');
    const one = await as(who, 'GET', `/api/v1/recordings/${id}`);
    if (['thanhtra', 'thanhtranoivu', 'truongphuong', 'quantri'].includes(who)) {
      assert.equal(l.status, 200, `${who}: ${l.text}`);
      assert.ok(l.json.recordings.some((x) => x.id === id), who);
      assert.equal(one.status, 200, `${who}: ${one.text}`);
      assert.equal(one.json.sha256.length, 64);
    } else {
      assert.equal(one.status, 404, `${who} reads a recording: ${one.status}`);
      assert.ok(l.status === 404 || (l.status === 200 && l.json.recordings.length === 0), `${who} lists recordings: ${l.status}`);
    }
  }
  // The head of another unit (Sở Y tế) does not see the ward's desk.
  assert.equal((await as('giamdocsoyte', 'GET', `/api/v1/recordings/${id}`)).status, 404);
  // Its hash is in the ledger with the ingestion.
  const h = sql(`SELECT sha256 FROM recordings WHERE id = ${id}`);
  assert.equal(sql(`SELECT json_extract(payload, '$.sha256') FROM events WHERE type = 'recording.ingested' AND subject = 'recording:${id}'`), h);
});

t('the bytes open only with a reason, each opening recorded; the player seeks with ranges', async () => {
  const id = demoId();
  const before = counts();
  let r = await media('thanhtra', id);
  assert.equal(r.status, 403, 'not yet opened');
  r = await as('thanhtra', 'POST', `/api/v1/recordings/${id}/open`, {});
  assert.equal(r.status, 422, r.text);
  assert.equal(r.json.error.field, 'reason');
  r = await as('thanhtra', 'POST', `/api/v1/recordings/${id}/open`, { reason: '   ' });
  assert.equal(r.status, 422, r.text);
  r = await as('quantri', 'POST', `/api/v1/recordings/${id}/open`, { reason: 'Kiểm tra kỹ thuật hệ thống ghi hình' });
  assertError(r, 403, 'forbidden');
  r = await as('motcua', 'POST', `/api/v1/recordings/${id}/open`, { reason: 'Xem lại buổi làm việc của tôi' });
  assert.equal(r.status, 404);
  assert.equal(counts(), before, 'refused openings change nothing');

  const reason = 'Xác minh đơn phản ánh về thái độ tiếp công dân sáng hôm qua';
  r = await as('thanhtra', 'POST', `/api/v1/recordings/${id}/open`, { reason });
  assert.equal(r.status, 200, r.text);
  assert.ok(r.json.open_until, 'open until');
  assert.equal(r.json.openings[0].reason, reason);
  assert.equal(sql(`SELECT json_extract(payload, '$.reason') FROM events WHERE type = 'recording.opened' ORDER BY seq DESC LIMIT 1`), reason);
  // Opening by one reader is not an opening for another.
  assert.equal((await media('truongphuong', id)).status, 403);

  const whole = await media('thanhtra', id);
  assert.equal(whole.status, 200);
  assert.equal(whole.headers.get('accept-ranges'), 'bytes');
  assert.equal(whole.headers.get('content-type'), 'audio/wav');
  assert.match(whole.headers.get('cache-control'), /no-store/);
  assert.equal(sha(whole.body), sql(`SELECT sha256 FROM recordings WHERE id = ${id}`));
  const size = whole.body.length;
  let p = await media('thanhtra', id, { Range: 'bytes=0-99' });
  assert.equal(p.status, 206);
  assert.equal(p.headers.get('content-range'), `bytes 0-99/${size}`);
  assert.deepEqual(p.body, whole.body.subarray(0, 100));
  p = await media('thanhtra', id, { Range: 'bytes=-10' });
  assert.equal(p.status, 206);
  assert.deepEqual(p.body, whole.body.subarray(size - 10));
  p = await media('thanhtra', id, { Range: `bytes=${size - 5}-` });
  assert.deepEqual(p.body, whole.body.subarray(size - 5));
  p = await media('thanhtra', id, { Range: `bytes=${size}-` });
  assert.equal(p.status, 416);
  assert.equal(p.headers.get('content-range'), `bytes */${size}`);
  // The page shows the player to its reader, and who opened it.
  const pg = await page(srv.url, `/recordings/${id}`, { cookie: s.thanhtra.cookie });
  assert.match(pg.text, new RegExp(`<audio controls preload="metadata" src="/recordings/${id}/media">`));
  assert.match(pg.text, /Xác minh đơn phản ánh/);
});

t('an upload is refused when disguised, badly timed, for an unknown desk or by the wrong role, and nothing changes', async () => {
  const now = Date.now();
  const ok = { desk, started_at: iso(now - 3600e3), ended_at: iso(now - 1800e3) };
  const before = counts();
  let r = await upload('truongphuong', ok, { bytes: PNG, type: 'audio/wav', name: 'quay.wav' });
  assertError(r, 400, 'invalid_type', 'file');
  r = await upload('truongphuong', ok, { bytes: wav(100, 7), type: 'video/mp4', name: 'quay.wav' });
  assertError(r, 400, 'invalid_type', 'file');
  r = await upload('truongphuong', ok, { bytes: wav(100, 7), type: 'audio/wav', name: 'quay.mp4' });
  assertError(r, 400, 'invalid_type', 'file');
  r = await upload('truongphuong', { ...ok, ended_at: iso(now - 7200e3) }, { bytes: wav(100, 7), type: 'audio/wav', name: 'q.wav' });
  assertError(r, 422, 'invalid_field', 'ended_at');
  r = await upload('truongphuong', { ...ok, ended_at: iso(now + 3600e3) }, { bytes: wav(100, 7), type: 'audio/wav', name: 'q.wav' });
  assertError(r, 422, 'invalid_field', 'ended_at');
  r = await upload('truongphuong', { ...ok, started_at: iso(now - 30 * 3600e3) }, { bytes: wav(100, 7), type: 'audio/wav', name: 'q.wav' });
  assertError(r, 422, 'invalid_field', 'ended_at');
  r = await upload('truongphuong', { ...ok, started_at: 'hôm qua' }, { bytes: wav(100, 7), type: 'audio/wav', name: 'q.wav' });
  assertError(r, 422, 'invalid_field', 'started_at');
  r = await upload('truongphuong', { ...ok, desk: 999999 }, { bytes: wav(100, 7), type: 'audio/wav', name: 'q.wav' });
  assertError(r, 422, 'invalid_field', 'desk');
  r = await upload('truongphuong', ok);
  assertError(r, 400, 'missing_field', 'file');
  r = await upload('motcua', ok, { bytes: wav(100, 7), type: 'audio/wav', name: 'q.wav' });
  assertError(r, 404, 'not_found');
  r = await upload('thanhtra', ok, { bytes: wav(100, 7), type: 'audio/wav', name: 'q.wav' });
  assertError(r, 403, 'forbidden');
  r = await upload('giamdocsoyte', ok, { bytes: wav(100, 7), type: 'audio/wav', name: 'q.wav' });
  assertError(r, 403, 'forbidden');
  assert.equal(counts(), before);
  // A good one, then the same bytes again for the same desk.
  r = await upload('truongphuong', ok, { bytes: wav(100, 7), type: 'audio/wav', name: 'q.wav' });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.sha256, sha(wav(100, 7)));
  r = await upload('quantri', ok, { bytes: wav(100, 7), type: 'audio/wav', name: 'q.wav' });
  assertError(r, 409, 'duplicate');
});

t('the staff pages of a dossier and of a case list the recordings of their desk and time', async () => {
  let r = await as('motcua', 'POST', '/api/v1/dossiers', {
    action: 'receive', procedure: 'ht-nhan-cha-me-con', unit: 'phuong-chieng-coi', documents: [1, 2, 3],
    applicant: { name: 'Cầm Văn Lả', id_number: '014190000789', phone: '0912 777 888', email: '', address: 'Bản Giàn' },
  });
  assert.equal(r.status, 201, r.text);
  const code = r.json.dossier.code;
  const now = Date.now();
  r = await upload('truongphuong', { desk, started_at: iso(now - 600e3), ended_at: iso(now + 60e3) },
    { bytes: wav(200, 11), type: 'audio/wav', name: 'quay-sang.wav' });
  assert.equal(r.status, 201, r.text);
  const id = r.json.id;
  let pg = await page(srv.url, `/dossiers/${code}`, { cookie: s.truongphuong.cookie });
  assert.equal(pg.status, 200);
  assert.match(pg.text, new RegExp(`href="/recordings/${id}"`), 'the head sees the recording on the dossier');
  pg = await page(srv.url, `/dossiers/${code}`, { cookie: s.motcua.cookie });
  assert.equal(pg.status, 200);
  assert.doesNotMatch(pg.text, /href="\/recordings\//, 'the official recorded does not');

  // A report naming motcua for today: the inspectorate's case page lists the same recording.
  const today = new Date(now + 7 * 3600e3).toISOString().slice(0, 10);
  r = await api(srv.url, 'POST', '/api/v1/cases', { body: {
    kind: 'feedback', category: 'rudeness', unit: 'phuong-chieng-coi', official: 'motcua', incident_date: today,
    title: 'Cán bộ một cửa quát tháo người dân', body: 'Sáng nay cán bộ ở quầy một cửa quát tôi khi tôi hỏi thủ tục.',
    name: 'Lò Thị Hỏi', phone: '0912 000 111',
  } });
  assert.equal(r.status, 201, r.text);
  pg = await page(srv.url, `/cases/${r.json.code}`, { cookie: s.truongphuong.cookie });
  assert.equal(pg.status, 200);
  assert.match(pg.text, new RegExp(`href="/recordings/${id}"`));
});

t('the watched folder: a well-named recording is stored and removed, the others are set aside with the reason', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mb-rec-'));
  try {
    const vn = (ms) => new Date(ms + 7 * 3600e3).toISOString().replace(/[-:]/g, '').slice(0, 15);
    const now = Date.now();
    const good = `${desk}_${vn(now - 7200e3)}_${vn(now - 3600e3)}.wav`;
    const bytes = wav(300, 13);
    fs.writeFileSync(path.join(dir, good), bytes);
    fs.writeFileSync(path.join(dir, 'quay1-sang.wav'), wav(300, 17));
    fs.writeFileSync(path.join(dir, `${desk}_${vn(now - 7200e3)}_${vn(now - 3600e3)}.mp3`), PNG);
    fs.writeFileSync(path.join(dir, `${desk}_${vn(now - 7200e3)}_${vn(now - 3600e3)}.wav.part`), wav(10, 3));
    const out = execFileSync(BIN, ['recordings-ingest', dir, '--db', srv.dbPath, '--settle', '0'], { encoding: 'utf8' });
    assert.match(out, /^1 stored, 2 rejected/);
    assert.ok(!fs.existsSync(path.join(dir, good)), 'the stored file leaves the folder');
    assert.ok(fs.existsSync(path.join(dir, `${desk}_${vn(now - 7200e3)}_${vn(now - 3600e3)}.wav.part`)), 'a file being written waits');
    const why = fs.readFileSync(path.join(dir, 'rejected', 'quay1-sang.wav.txt'), 'utf8');
    assert.match(why, /Tên tệp phải theo mẫu/);
    assert.match(why, /the name must be/);
    assert.equal(sql(`SELECT source||','||size FROM recordings WHERE sha256 = '${sha(bytes)}'`), `folder,${bytes.length}`);
    assert.equal(sql(`SELECT count(*) FROM events WHERE type = 'recording.ingested' AND json_extract(payload, '$.sha256') = '${sha(bytes)}'`), '1');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

t('at the end of retention the bytes are deleted unless held; the row and its hash stay, and the ledger verifies', async () => {
  const id = demoId();
  let r = await as('quantri', 'POST', `/api/v1/recordings/${id}/hold`, { reason: 'Giữ lại' });
  assertError(r, 403, 'forbidden');
  r = await as('thanhtra', 'POST', `/api/v1/recordings/${id}/hold`, { reason: 'Chứng cứ của đơn phản ánh đang xác minh' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.held.by, 'thanhtra');
  const others = sql(`SELECT count(*) FROM recordings WHERE id <> ${id} AND purged_at IS NULL`);
  const out = execFileSync(BIN, ['recordings-purge', '--db', srv.dbPath, '--at', '2099-01-01T00:00:00Z'], { encoding: 'utf8' });
  assert.equal(out.trim(), `${others} deleted`);
  assert.equal(sql(`SELECT count(*) FROM recordings WHERE purged_at IS NULL`), '1', 'only the held one keeps its bytes');
  const gone = sql(`SELECT id||' '||sha256 FROM recordings WHERE purged_at IS NOT NULL LIMIT 1`).split(' ');
  assert.ok(!fs.existsSync(path.join(`${srv.dbPath}.recordings`, gone[1].slice(0, 2), gone[1])), 'the bytes are gone');
  r = await as('thanhtra', 'POST', `/api/v1/recordings/${gone[0]}/open`, { reason: 'Xác minh lại sau khi hết hạn' });
  assertError(r, 409, 'purged');
  assert.equal(sql(`SELECT count(*) FROM events WHERE type = 'recording.purged'`), others);
  // Released, the held one goes at the next pass.
  r = await as('thanhtra', 'POST', `/api/v1/recordings/${id}/release`, {});
  assert.equal(r.status, 200, r.text);
  const out2 = execFileSync(BIN, ['recordings-purge', '--db', srv.dbPath, '--at', '2099-01-01T00:00:00Z'], { encoding: 'utf8' });
  assert.equal(out2.trim(), '1 deleted');
  execFileSync(BIN, ['verify', '--db', srv.dbPath], { encoding: 'utf8' });
});
