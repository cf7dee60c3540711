// One-stop-shop dossiers through the JSON API: receipt at the counter, assignment,
// handover, the one-supplement rule (a second request is refused and recorded),
// the clock while the citizen supplements, the single apology with a new date,
// result and return; public tracking without personal data; permissions; bad input.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, api, login, ledgerHead, withLog } from '../lib/server.mjs';
import { assertError } from '../lib/check.mjs';

let srv, counter, official, head, otherHead, citizen;
before(async () => {
  srv = await startServer({ demo: true });
  counter = await login(srv.url, 'motcua');
  official = await login(srv.url, 'xuly');
  head = await login(srv.url, 'truongphuong');
  otherHead = await login(srv.url, 'giamdocsoyte');
  citizen = await login(srv.url, 'congdan');
});
after(async () => { if (srv) await srv.cleanup(); });
const t = (name, fn) => test(name, withLog(() => srv, fn));

const create = (sess, body) => api(srv.url, 'POST', '/api/v1/dossiers', { body, cookie: sess.cookie, csrf: sess.csrf });
const act = (sess, code, body) => api(srv.url, 'POST', `/api/v1/dossiers/${code}/actions`, { body, cookie: sess.cookie, csrf: sess.csrf });
const get = (sess, code) => api(srv.url, 'GET', `/api/v1/dossiers/${code}`, { cookie: sess.cookie });
const track = (code, secret) => api(srv.url, 'GET', `/api/v1/track?code=${encodeURIComponent(code)}&secret=${encodeURIComponent(secret)}`);

const applicant = { name: 'Lò Thị Hoa', id_number: '014190000123', phone: '0912 345 678', email: 'hoa@example.vn', address: 'Bản Hìn, phường Chiềng Cơi' };
const PROC = 'ht-nhan-cha-me-con';   // commune level, 3 working days, 3 documents

async function received() {
  const r = await create(counter, { action: 'receive', procedure: PROC, unit: 'phuong-chieng-coi', applicant, documents: [1, 2, 3] });
  assert.equal(r.status, 201, r.text);
  return r.json.dossier;
}

t('the counter receives a complete dossier: code, secret, due time, one event', async () => {
  const before = await ledgerHead(srv.url);
  const d = await received();
  assert.match(d.code, /^PCC-\d{6}-\d{4}$/);
  assert.match(d.secret, /^[A-Z2-9]{8}$/);
  assert.equal(d.state, 'received');
  assert.ok(Date.parse(d.due_at) > Date.parse(d.received_at));
  assert.equal(d.supplement_requests, 0);
  assert.equal(d.steps.length, 1);
  assert.equal(d.steps[0].kind, 'reception');
  assert.equal((await ledgerHead(srv.url)).seq, before.seq + 1);
});

t('bad input at reception changes nothing', async () => {
  const before = await ledgerHead(srv.url);
  assertError(await create(counter, { action: 'receive', procedure: PROC, unit: 'phuong-chieng-coi', applicant, documents: [1] }), 422, 'invalid_field', 'documents');
  assertError(await create(counter, { action: 'receive', procedure: 'khong-co', unit: 'phuong-chieng-coi', applicant, documents: [1] }), 422, 'invalid_field', 'procedure');
  assertError(await create(counter, { action: 'receive', procedure: PROC, unit: 'phuong-chieng-coi', applicant: { ...applicant, name: '' }, documents: [1, 2, 3] }), 422, 'invalid_field', 'applicant_name');
  assertError(await create(counter, { action: 'receive', procedure: PROC, unit: 'phuong-chieng-coi', applicant, documents: [1, 2, 9] }), 422, 'invalid_field', 'documents');
  assertError(await create(counter, { action: 'fly', procedure: PROC, unit: 'phuong-chieng-coi', applicant }), 422, 'invalid_field', 'action');
  assertError(await create(counter, { action: 'receive', procedure: PROC, unit: 'phuong-chieng-coi', applicant, documents: [1, 2, 3], extra: 1 }), 422, 'invalid_field', 'extra');
  // A counter officer receives only for their own unit.
  assertError(await create(counter, { action: 'receive', procedure: PROC, unit: 'xa-long-sap', applicant, documents: [1, 2, 3] }), 403, 'forbidden');
  // A refusal needs a reason.
  assertError(await create(counter, { action: 'refuse', procedure: PROC, unit: 'phuong-chieng-coi', applicant }), 422, 'invalid_field', 'reason');
  assert.equal((await ledgerHead(srv.url)).seq, before.seq);
});

t('the whole journey: assign, handover, ONE supplement request, supplement, apology, result, return', async () => {
  const d = await received();
  const code = d.code;
  let r = await act(counter, code, { action: 'assign', to: 'xuly' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.dossier.state, 'processing');
  assert.equal(r.json.dossier.holder, 'xuly');

  const stepDue = new Date(Date.parse(r.json.dossier.due_at) - 3600e3).toISOString().replace(/\.\d+Z$/, 'Z');
  r = await act(official, code, { action: 'handover', to: 'truongphuong', step_due: stepDue });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.dossier.holder, 'truongphuong');
  // The official no longer holds it: they cannot act any more.
  assertError(await act(official, code, { action: 'result_ready' }), 403, 'not_holder');

  // A supplement request must name documents of the published procedure, with reasons.
  assertError(await act(head, code, { action: 'request_supplement', missing: [] }), 422, 'invalid_field', 'missing');
  assertError(await act(head, code, { action: 'request_supplement', missing: [{ document: 7, reason: 'x' }] }), 422, 'invalid_field', 'missing');
  r = await act(head, code, { action: 'request_supplement', missing: [{ document: 2, reason: 'Bản sao giám định ADN chưa có chứng thực' }] });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.dossier.state, 'supplement');
  assert.equal(r.json.dossier.supplement_requests, 1);
  assert.equal(r.json.dossier.documents.find((x) => x.document === 2).supplement_reason, 'Bản sao giám định ADN chưa có chứng thực');

  // While the citizen is still supplementing, a second request is already refused as such.
  const h1 = await ledgerHead(srv.url);
  assertError(await act(head, code, { action: 'request_supplement', missing: [{ document: 1, reason: 'Thêm nữa' }] }), 409, 'supplement_limit');
  assert.equal((await ledgerHead(srv.url)).seq, h1.seq + 1, 'that attempt is recorded too');
  r = await act(counter, code, { action: 'supplement', documents: [2] });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.dossier.state, 'processing');
  assert.equal(r.json.dossier.holder, 'truongphuong', 'the dossier returns to the official who asked');

  // A second supplement request is impossible, and the attempt is recorded.
  const before = await ledgerHead(srv.url);
  const second = await act(head, code, { action: 'request_supplement', missing: [{ document: 1, reason: 'Tờ khai sai mẫu' }] });
  assertError(second, 409, 'supplement_limit');
  assert.match(second.json.error.message, /một lần/);
  assert.equal((await ledgerHead(srv.url)).seq, before.seq + 1, 'the refused attempt is an event');
  const after2 = (await get(head, code)).json.dossier;
  assert.equal(after2.state, 'processing');
  assert.equal(after2.supplement_requests, 1);

  // The apology letter: a reason and ONE new date, later than the current one.
  const newDue = new Date(Date.parse(after2.due_at) + 2 * 86400e3).toISOString().replace(/\.\d+Z$/, 'Z');
  assertError(await act(head, code, { action: 'apologize', new_due: newDue }), 422, 'invalid_field', 'reason');
  assertError(await act(head, code, { action: 'apologize', reason: 'Chờ xác minh', new_due: after2.due_at }), 422, 'invalid_field', 'new_due');
  r = await act(head, code, { action: 'apologize', reason: 'Chờ kết quả xác minh của cơ quan công an', new_due: newDue });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.dossier.extensions, 1);
  assert.equal(r.json.dossier.due_at, newDue);
  assertError(await act(head, code, { action: 'apologize', reason: 'Lần nữa', new_due: new Date(Date.parse(newDue) + 86400e3).toISOString().replace(/\.\d+Z$/, 'Z') }), 409, 'extension_limit');

  r = await act(head, code, { action: 'result_ready', note: 'Đã ký quyết định' });
  assert.equal(r.json.dossier.state, 'result_ready');
  r = await act(counter, code, { action: 'return' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.dossier.state, 'returned');
  assertError(await act(counter, code, { action: 'return' }), 409, 'invalid_transition');

  // The citizen's tracking page: every step, who held it, on time or late; no personal data.
  const tr = await track(code, d.secret);
  assert.equal(tr.status, 200, tr.text);
  const kinds = tr.json.dossier.steps.map((s) => s.kind);
  assert.deepEqual(kinds, ['reception', 'processing', 'processing', 'supplement', 'processing', 'result']);
  assert.equal(tr.json.dossier.steps[1].holder_name, 'Quàng Văn Xử (cán bộ xử lý mẫu)');
  assert.equal(tr.json.dossier.steps[1].holder_title, 'Công chức Tư pháp - Hộ tịch', 'officials are shown with their position');
  assert.equal(tr.json.dossier.steps[3].holder_name, 'Người nộp hồ sơ', 'the applicant is not named in public');
  assert.ok(!JSON.stringify(tr.json).includes(applicant.name), 'no applicant name in the public view');
  assert.equal(tr.json.dossier.applicant, undefined);
  assert.ok(!JSON.stringify(tr.json).includes('014190000123'), 'no ID number in the public view');
  assert.equal(tr.json.dossier.supplement_requests, 1);
  assert.equal(tr.json.dossier.extensions, 1);

  const reg = await api(srv.url, 'GET', '/api/v1/apologies');
  assert.ok(reg.json.units.some((u) => u.unit === 'phuong-chieng-coi' && u.apologies >= 1));
});

t('tracking reveals nothing with a wrong secret and is rate-limited', async () => {
  const d = await received();
  const wrong = await track(d.code, 'AAAAAAAA');
  assertError(wrong, 404, 'not_found');
  const unknown = await track('PCC-000000-0000', 'AAAAAAAA');
  assert.deepEqual(unknown.json, wrong.json, 'a wrong code and a wrong secret look the same');
  assert.equal((await track(d.code, d.secret.toLowerCase())).status, 200, 'the secret is not case-sensitive');
  let last;
  for (let i = 0; i < 20; i++) last = await track(d.code, `WRONG${i}`);
  assertError(last, 429, 'rate_limited');
  assertError(await track(d.code, d.secret), 429, 'rate_limited');
});

t('officials of another unit and citizens cannot see or act on a dossier', async () => {
  const d = await received();
  assertError(await get(otherHead, d.code), 404, 'not_found');
  assertError(await act(otherHead, d.code, { action: 'stop', reason: 'x' }), 404, 'not_found');
  assertError(await get(citizen, d.code), 404, 'not_found');
  assertError(await act(official, d.code, { action: 'return' }), 403, 'forbidden');
  const before = await ledgerHead(srv.url);
  assertError(await act(counter, d.code, { action: 'assign', to: 'congdan' }), 422, 'invalid_field', 'to');
  assertError(await act(counter, d.code, { action: 'assign' }), 422, 'invalid_field', 'to');
  // The counter assigns within the receiving unit only; other units take a dossier by handover.
  assertError(await act(counter, d.code, { action: 'assign', to: 'giamdocsoyte' }), 422, 'invalid_field', 'to');
  assertError(await act(counter, 'PCC-991231-9999', { action: 'assign', to: 'xuly' }), 404, 'not_found');
  assertError(await api(srv.url, 'POST', `/api/v1/dossiers/${d.code}/actions`, { body: { action: 'assign', to: 'xuly' }, cookie: counter.cookie }), 403, 'csrf');
  assert.equal((await ledgerHead(srv.url)).seq, before.seq);
});

function multipart(fields, files) {
  const fd = new FormData();
  for (const [k, v] of Object.entries(fields)) fd.append(k, v);
  for (const [k, bytes, type, name] of files) fd.append(k, new Blob([bytes], { type }), name);
  return fd;
}

async function postMultipart(sess, path, fd) {
  const res = await fetch(srv.url + path, { method: 'POST', body: fd, headers: { cookie: sess.cookie, 'X-CSRF-Token': sess.csrf } });
  const text = await res.text();
  let json = null;
  try { json = JSON.parse(text); } catch { /* not JSON */ }
  return { status: res.status, headers: res.headers, text, json };
}

t('a citizen submits online with attachments; the counter receives it', async () => {
  const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(2048, 0x41)]);
  const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(512, 1)]);
  const fields = { action: 'submit_online', procedure: 'ht-dang-ky-khai-sinh', unit: 'phuong-chieng-coi', applicant_name: 'Lò Văn Dân', applicant_phone: '0912000111' };
  // Unsupported type and oversized file: refused, nothing stored.
  const before = await ledgerHead(srv.url);
  assertError(await postMultipart(citizen, '/api/v1/dossiers', multipart(fields, [['file_1', Buffer.from('<html>not a pdf</html>'), 'application/pdf', 'a.pdf']])), 422, 'invalid_field', 'files');
  assertError(await postMultipart(citizen, '/api/v1/dossiers', multipart(fields, [['file_1', Buffer.concat([Buffer.from('%PDF-'), Buffer.alloc(11 * 1024 * 1024)]), 'application/pdf', 'big.pdf']])), 413, 'too_large');
  assertError(await postMultipart(citizen, '/api/v1/dossiers', multipart(fields, [['file_9', pdf, 'application/pdf', 'x.pdf']])), 422, 'invalid_field', 'documents');
  assert.equal((await ledgerHead(srv.url)).seq, before.seq);

  const r = await postMultipart(citizen, '/api/v1/dossiers', multipart(fields, [['file_1', pdf, 'application/pdf', 'to-khai.pdf'], ['file_2', png, 'image/png', 'giay-chung-sinh.png']]));
  assert.equal(r.status, 201, r.text);
  const d = r.json.dossier;
  assert.equal(d.state, 'submitted');
  assert.equal(d.channel, 'online');
  const doc1 = d.documents.find((x) => x.document === 1);
  assert.match(doc1.file_sha256, /^[0-9a-f]{64}$/);
  // The citizen sees their own dossier; the counter receives it.
  assert.equal((await get(citizen, d.code)).status, 200);
  // An online dossier is received only when every document is there.
  const b2 = await ledgerHead(srv.url);
  assertError(await act(counter, d.code, { action: 'receive' }), 422, 'invalid_field', 'documents');
  assert.equal((await ledgerHead(srv.url)).seq, b2.seq);
  assert.equal((await get(citizen, d.code)).json.dossier.state, 'submitted');
  const rec = await act(counter, d.code, { action: 'receive', documents: [3] });
  assert.equal(rec.status, 200, rec.text);
  assert.equal(rec.json.dossier.state, 'received');
  assert.ok(rec.json.dossier.due_at);
  // The citizen may withdraw their own dossier.
  const w = await act(citizen, d.code, { action: 'withdraw', reason: 'Nộp nhầm thủ tục' });
  assert.equal(w.status, 200, w.text);
  assert.equal(w.json.dossier.state, 'withdrawn');
});
