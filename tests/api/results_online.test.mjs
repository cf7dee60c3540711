// Results online and fees (R11): the official attaches the result PDF (checked
// by its content), its SHA-256 is the ledger event's, the citizen downloads it
// with code and secret once the result is ready, a replacement keeps the old
// hash; the fee, the way it was paid and the receipt number, with their
// validation; who may do what.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { startServer, api, login, ledgerHead, withLog, REPO } from '../lib/server.mjs';
import { assertError, page } from '../lib/check.mjs';

let srv, counter, official, head, otherHead, citizen, inspector;
before(async () => {
  srv = await startServer({ demo: true });
  counter = await login(srv.url, 'motcua');
  official = await login(srv.url, 'xuly');
  head = await login(srv.url, 'truongphuong');
  otherHead = await login(srv.url, 'giamdocsoyte');
  citizen = await login(srv.url, 'congdan');
  inspector = await login(srv.url, 'thanhtra');
});
after(async () => { if (srv) await srv.cleanup(); });
const t = (name, fn) => test(name, withLog(() => srv, fn));

const PDF = fs.readFileSync(path.join(REPO, 'data', 'demo_result.pdf'));
// Another valid PDF: the same document with a comment line before its end marker.
const PDF2 = Buffer.concat([PDF.subarray(0, PDF.lastIndexOf('%%EOF')), Buffer.from('% ban thay the\n%%EOF\n')]);
const sha256 = (b) => crypto.createHash('sha256').update(b).digest('hex');
const PROC = 'ct-hop-dong-giao-dich';   // commune level, fee 50.000 đồng, 3 documents

const act = (sess, code, body) => api(srv.url, 'POST', `/api/v1/dossiers/${code}/actions`, { body, cookie: sess.cookie, csrf: sess.csrf });
const pay = (sess, code, body) => api(srv.url, 'POST', `/api/v1/dossiers/${code}/payment`, { body, cookie: sess?.cookie, csrf: sess?.csrf });
const track = (code, secret) => api(srv.url, 'GET', `/api/v1/track?code=${encodeURIComponent(code)}&secret=${encodeURIComponent(secret)}`);

async function attach(sess, code, bytes, name = 'ket-qua.pdf', type = 'application/pdf') {
  const fd = new FormData();
  if (bytes) fd.append('file', new Blob([bytes], { type }), name);
  const headers = sess ? { cookie: sess.cookie, 'X-CSRF-Token': sess.csrf } : {};
  const res = await fetch(`${srv.url}/api/v1/dossiers/${code}/result`, { method: 'POST', body: fd, headers });
  const text = await res.text();
  let json = null;
  try { json = JSON.parse(text); } catch { /* not JSON */ }
  return { status: res.status, headers: res.headers, text, json };
}

async function download(code, secret) {
  const res = await fetch(`${srv.url}/track/result?code=${encodeURIComponent(code)}&secret=${encodeURIComponent(secret)}`,
    { headers: { 'Accept-Encoding': 'identity' } });
  return { status: res.status, headers: res.headers, body: Buffer.from(await res.arrayBuffer()) };
}

/** The events of a dossier of the given type, read from the database. */
function events(code, type) {
  const r = spawnSync('sqlite3', ['-json', srv.dbPath,
    `SELECT seq, type, payload FROM events WHERE subject = 'dossier:${code}' AND type = '${type}' ORDER BY seq`], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim() ? JSON.parse(r.stdout).map((e) => ({ ...e, payload: JSON.parse(e.payload) })) : [];
}

async function processing() {
  const r = await api(srv.url, 'POST', '/api/v1/dossiers', {
    body: { action: 'receive', procedure: PROC, unit: 'phuong-chieng-coi', documents: [1, 2, 3],
      applicant: { name: 'Hà Thị Lan', phone: '0912 000 222', address: 'Phường Chiềng Cơi' } },
    cookie: counter.cookie, csrf: counter.csrf });
  assert.equal(r.status, 201, r.text);
  const { code, secret } = r.json.dossier;
  const a = await act(counter, code, { action: 'assign', to: 'xuly' });
  assert.equal(a.status, 200, a.text);
  return { code, secret };
}

t('the holder attaches the result; its SHA-256 is the ledger event\'s; the citizen downloads it once the result is ready', async () => {
  const { code, secret } = await processing();
  const before = await ledgerHead(srv.url);
  const r = await attach(official, code, PDF);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.dossier.result.sha256, sha256(PDF));
  assert.equal(r.json.dossier.result.size, PDF.length);
  assert.equal(r.json.dossier.result.available, false);
  assert.equal((await ledgerHead(srv.url)).seq, before.seq + 1);
  const ev = events(code, 'dossier.result_attached');
  assert.equal(ev.length, 1);
  assert.equal(ev[0].payload.sha256, sha256(PDF));
  assert.equal(ev[0].payload.size, PDF.length);
  // The stored file is the bytes uploaded, under its hash.
  const stored = fs.readFileSync(path.join(srv.dbPath + '.files', sha256(PDF).slice(0, 2), sha256(PDF)));
  assert.ok(stored.equals(PDF));

  // Not yet ready: tracking says nothing of it, the download answers 404.
  let tr = await track(code, secret);
  assert.equal(tr.status, 200);
  assert.equal(tr.json.dossier.result, null);
  assert.equal((await download(code, secret)).status, 404);

  assert.equal((await act(official, code, { action: 'result_ready' })).status, 200);
  tr = await track(code, secret);
  assert.equal(tr.json.dossier.result.sha256, sha256(PDF));
  assert.equal(tr.json.dossier.result.available, true);
  assert.equal(tr.json.dossier.result.attached_by, undefined, 'the public view does not name who attached');

  const dl = await download(code, secret.toLowerCase());
  assert.equal(dl.status, 200);
  assert.equal(dl.headers.get('content-type'), 'application/pdf');
  assert.match(dl.headers.get('content-disposition'), new RegExp(`attachment; filename="ket-qua-${code}\\.pdf"`));
  assert.match(dl.headers.get('cache-control'), /no-store/);
  assert.ok(dl.body.equals(PDF));
  assert.equal(sha256(dl.body), ev[0].payload.sha256);

  // The tracking page shows that it exists, when, its hash and the link.
  const p = await page(srv.url, `/track?code=${code}&secret=${secret}`);
  assert.equal(p.status, 200);
  assert.ok(p.text.includes(sha256(PDF)), 'the hash on the tracking page');
  assert.ok(p.text.includes(`/track/result?code=${code}&amp;secret=${secret}`), 'the download link');
  assert.match(p.text, /Kết quả điện tử/);
});

t('a wrong secret or a dossier without a result: clear errors, nothing leaked', async () => {
  const { code, secret } = await processing();
  assert.equal((await attach(official, code, PDF2)).status, 200);
  assert.equal((await act(official, code, { action: 'result_ready' })).status, 200);
  const wrong = await download(code, 'ZZZZZZZZ');
  const trackWrong = await page(srv.url, `/track?code=${code}&secret=ZZZZZZZZ`);
  assert.equal(wrong.status, 404);
  assert.equal(trackWrong.status, 404, 'the same status as tracking');
  const text = wrong.body.toString('utf8');
  assert.match(text, /Mã hồ sơ hoặc mã tra cứu không đúng/);
  assert.ok(!text.includes(sha256(PDF2)) && !text.includes('%PDF'), 'neither the file nor its hash');
  // An unknown code answers exactly as a wrong secret.
  const unknown = await download('PCC-991231-9999', secret);
  assert.equal(unknown.status, 404);
  assert.match(unknown.body.toString('utf8'), /Mã hồ sơ hoặc mã tra cứu không đúng/);
  // No code or no secret at all.
  assert.equal((await download('', '')).status, 404);
  // The right secret of a dossier without an electronic result: it says so.
  const other = await processing();
  assert.equal((await act(official, other.code, { action: 'result_ready' })).status, 200);
  const none = await download(other.code, other.secret);
  assert.equal(none.status, 404);
  assert.match(none.body.toString('utf8'), /chưa có kết quả điện tử/);
  // The JSON API answers the tracking shape: result null, no hash.
  assert.equal((await track(other.code, other.secret)).json.dossier.result, null);
});

t('only the holder (or the unit head) attaches; the counter, the citizen, other units and anonymous are refused, nothing changes', async () => {
  const { code } = await processing();
  const before = await ledgerHead(srv.url);
  assertError(await attach(counter, code, PDF), 403, 'forbidden');
  assertError(await attach(citizen, code, PDF), 404, 'not_found');
  assertError(await attach(otherHead, code, PDF), 404, 'not_found');
  assertError(await attach(inspector, code, PDF), 403, 'forbidden');
  assertError(await attach(null, code, PDF), 401, 'unauthenticated');
  assertError(await attach(official, 'PCC-991231-9999', PDF), 404, 'not_found');
  assert.equal((await ledgerHead(srv.url)).seq, before.seq);
  // Handed over to the head: the official no longer holds it.
  const stepDue = new Date(Date.now() + 3600e3).toISOString().replace(/\.\d+Z$/, 'Z');
  assert.equal((await act(official, code, { action: 'handover', to: 'truongphuong', step_due: stepDue })).status, 200);
  const h2 = await ledgerHead(srv.url);
  assertError(await attach(official, code, PDF), 403, 'not_holder');
  assert.equal((await ledgerHead(srv.url)).seq, h2.seq);
  assert.equal((await attach(head, code, PDF)).status, 200);
});

t('a non-PDF is refused whatever its name and type; so are an empty and a truncated file', async () => {
  const { code } = await processing();
  const before = await ledgerHead(srv.url);
  assertError(await attach(official, code, Buffer.from('<html>ket qua</html>'), 'ket-qua.pdf'), 422, 'invalid_field', 'file');
  const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(512, 1)]);
  assertError(await attach(official, code, png, 'ket-qua.pdf'), 422, 'invalid_field', 'file');
  assertError(await attach(official, code, PDF.subarray(0, 4096)), 422, 'invalid_field', 'file');   // cut off: no %%EOF
  assertError(await attach(official, code, null), 422, 'invalid_field', 'file');
  assertError(await attach(official, code, Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(13 * 1024 * 1024, 0x41)])), 413, 'too_large');
  assert.equal((await ledgerHead(srv.url)).seq, before.seq);
  assert.equal(events(code, 'dossier.result_attached').length, 0);
});

t('replacing the result is its own event; the old hash is kept', async () => {
  const { code, secret } = await processing();
  assert.equal((await attach(official, code, PDF)).status, 200);
  assert.equal((await act(official, code, { action: 'result_ready' })).status, 200);
  // Once ready, the holder is the one-stop; an official of the unit or the head may replace it.
  assertError(await attach(official, code, PDF), 409, 'same_result', 'file');
  const r = await attach(head, code, PDF2);
  assert.equal(r.status, 200, r.text);
  const ev = events(code, 'dossier.result_replaced');
  assert.equal(ev.length, 1);
  assert.equal(ev[0].payload.sha256, sha256(PDF2));
  assert.equal(ev[0].payload.replaces_sha256, sha256(PDF));
  assert.equal(events(code, 'dossier.result_attached')[0].payload.sha256, sha256(PDF));
  const dl = await download(code, secret);
  assert.equal(sha256(dl.body), sha256(PDF2));
  // The staff page lists the replaced hash.
  const p = await page(srv.url, `/dossiers/${code}`, { cookie: head.cookie });
  assert.ok(p.text.includes(sha256(PDF)) && p.text.includes(sha256(PDF2)));
});

t('fee and payment: validation with clear field errors in both languages, nothing changed', async () => {
  const { code } = await processing();
  const before = await ledgerHead(srv.url);
  const cases = [
    [{ fee_vnd: -50000, method: 'cash', receipt_no: 'BL-1' }, 'fee_vnd'],
    [{ fee_vnd: '-1', method: 'cash', receipt_no: 'BL-1' }, 'fee_vnd'],
    [{ fee_vnd: 'năm chục', method: 'cash', receipt_no: 'BL-1' }, 'fee_vnd'],
    [{ fee_vnd: 50000.5, method: 'cash', receipt_no: 'BL-1' }, 'fee_vnd'],
    [{ method: 'cash', receipt_no: 'BL-1' }, 'fee_vnd'],
    [{ fee_vnd: 50000, method: 'national_platform' }, 'reference'],
    [{ fee_vnd: 50000, method: 'cash' }, 'receipt_no'],
    [{ fee_vnd: 50000, method: 'the' }, 'method'],
    [{ fee_vnd: 50000 }, 'method'],
    [{ fee_vnd: 70000, method: 'bank_transfer' }, 'fee_reason'],
    [{ fee_vnd: 70000, method: 'bank_transfer', fee_reason: 'thêm' }, 'fee_reason'],
    [{ fee_vnd: 50000, method: 'cash', receipt_no: '<script>' }, 'receipt_no'],
  ];
  for (const [body, field] of cases) {
    const r = await pay(counter, code, body);
    assertError(r, 422, 'invalid_field', field);
  }
  assert.equal((await ledgerHead(srv.url)).seq, before.seq);
  assert.equal(events(code, 'dossier.payment_recorded').length, 0);

  // Valid: the catalogue's fee through the national platform with its reference.
  let r = await pay(counter, code, { fee_vnd: 50000, method: 'national_platform', reference: 'PAYGOV-2026-0042' });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual({ ...r.json.dossier.payment, recorded_at: undefined },
    { fee_vnd: 50000, method: 'national_platform', receipt_no: '', reference: 'PAYGOV-2026-0042', catalogue_fee_vnd: 50000, fee_reason: '', recorded_at: undefined });
  let ev = events(code, 'dossier.payment_recorded');
  assert.equal(ev.length, 1);
  assert.equal(ev[0].payload.fee_vnd, 50000);
  assert.equal(ev[0].payload.method, 'national_platform');
  assert.equal(ev[0].payload.online, true);
  assert.equal(ev[0].payload.reference, 'PAYGOV-2026-0042');
  // A correction (another amount, with the reason; cash with its receipt): its own event, the old one named.
  r = await pay(official, code, { fee_vnd: '100.000', method: 'cash', receipt_no: 'BL-0099', fee_reason: 'Hai hợp đồng, mỗi hợp đồng 50.000 đồng' });
  assert.equal(r.status, 200, r.text);
  ev = events(code, 'dossier.payment_corrected');
  assert.equal(ev.length, 1);
  assert.equal(ev[0].payload.fee_vnd, 100000);
  assert.equal(ev[0].payload.previous.method, 'national_platform');
  // Public tracking shows the fee, the way and the receipt, not the reference.
  const d = await api(srv.url, 'GET', `/api/v1/dossiers/${code}`, { cookie: counter.cookie });
  assert.equal(d.json.dossier.payment.fee_vnd, 100000);
});

t('who records the fee: the counter, the holder, the head; not others', async () => {
  const { code, secret } = await processing();
  const before = await ledgerHead(srv.url);
  const ok = { fee_vnd: 50000, method: 'cash', receipt_no: 'BL-7' };
  assertError(await pay(citizen, code, ok), 404, 'not_found');
  assertError(await pay(otherHead, code, ok), 404, 'not_found');
  assertError(await pay(inspector, code, ok), 403, 'forbidden');
  assertError(await pay(null, code, ok), 401, 'unauthenticated');
  assert.equal((await ledgerHead(srv.url)).seq, before.seq);
  assert.equal((await pay(head, code, ok)).status, 200);
  const tr = await track(code, secret);
  assert.equal(tr.json.dossier.payment.fee_vnd, 50000);
  assert.equal(tr.json.dossier.payment.receipt_no, 'BL-7');
  assert.equal(tr.json.dossier.payment.reference, undefined);
  const p = await page(srv.url, `/track?code=${code}&secret=${secret}`);
  assert.match(p.text, /50\.000 đồng/);
  assert.match(p.text, /BL-7/);
});
