// Every free-text justification needs a real reason: at least 10 visible
// letters or digits. Spaces of any kind, zero-width and other invisible
// characters, punctuation or lone combining marks are refused with 422
// naming the field, and change nothing (the vault stays shut, no event).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, api, login, ledgerHead, withLog } from '../lib/server.mjs';
import { assertError } from '../lib/check.mjs';

let srv, head, official, counter, inspector;
before(async () => {
  srv = await startServer({ demo: true });
  head = await login(srv.url, 'truongphuong');
  official = await login(srv.url, 'xuly');
  counter = await login(srv.url, 'motcua');
  inspector = await login(srv.url, 'thanhtra');
});
after(async () => { if (srv) await srv.cleanup(); });
const t = (name, fn) => test(name, withLog(() => srv, fn));

const HOLLOW = {
  'ASCII spaces': ' '.repeat(40),
  'no-break spaces': '\u00a0'.repeat(40),
  'zero-width spaces': '\u200b'.repeat(40),
  'zero-width joiners': '\u200d\u200c'.repeat(20),
  'byte order marks and word joiners': '\ufeff\u2060'.repeat(20),
  'soft hyphens': '\u00ad'.repeat(40),
  'direction marks': '\u200e\u200f\u202e\u2066\u2069\u061c'.repeat(7),
  'combining marks alone': '\u0301\u0300\u0309\u0303\u0323'.repeat(8),
  'punctuation': '.......!!!!!???---',
  'three letters in invisible padding': 'xem' + '\u200b'.repeat(30),
  'nine letters': 'Cần xem xét',
};

const caseAct = (sess, code, action, body = {}) =>
  api(srv.url, 'POST', `/api/v1/cases/${code}/actions/${action}`, sess ? { body, cookie: sess.cookie, csrf: sess.csrf } : { body });
const openId = (sess, code, reason) => api(srv.url, 'POST', `/api/v1/cases/${code}/identity`, { body: { reason }, cookie: sess.cookie, csrf: sess.csrf });
const dossierAct = (sess, code, body) => api(srv.url, 'POST', `/api/v1/dossiers/${code}/actions`, { body, cookie: sess.cookie, csrf: sess.csrf });

const report = {
  kind: 'complaint', category: 'rudeness', unit: 'phuong-chieng-coi',
  title: 'Cán bộ quát tháo khi tiếp dân', body: 'Ngày 3/3 cán bộ một cửa quát tháo, không hướng dẫn thủ tục.',
  name: 'Hoàng Thị Xuyến', address: 'Bản Nà Cạn, phường Chiềng Cơi', phone: '0987 654 321', email: 'xuyen.hoang@example.vn',
};
async function filed() {
  const r = await api(srv.url, 'POST', '/api/v1/cases', { body: report });
  assert.equal(r.status, 201, r.text);
  return r.json;
}

async function refusedEverywhere(send) {
  const before = await ledgerHead(srv.url);
  for (const [what, reason] of Object.entries(HOLLOW)) {
    const r = await send(reason);
    assertError(r, 422, 'invalid_field');
    assert.match(r.json.error.field, /reason$/, `${what}: field ${r.json.error.field}`);
    assert.match(r.json.error.message + JSON.stringify(r.json.error), /10/, `${what}: the message does not say how many letters`);
  }
  const now = await ledgerHead(srv.url);
  assert.deepEqual([now.seq, now.hash], [before.seq, before.hash], 'a hollow reason changed the ledger');
}

t('the vault opens only with a real reason', async () => {
  const c = await filed();
  await refusedEverywhere((reason) => openId(inspector, c.code, reason));
  const o = await openId(inspector, c.code, 'Cần gọi lại cho người khiếu nại để xác minh');
  assert.equal(o.status, 200, o.text);
  assert.equal(o.json.identity.name, report.name);
});

t('reports: not accepting, transferring, extending and withdrawing need a real reason', async () => {
  const c = await filed();
  await refusedEverywhere((reason) => caseAct(head, c.code, 'not_accept', { reason }));
  await refusedEverywhere((reason) => caseAct(counter, c.code, 'transfer', { to_unit: 'so-y-te', reason }));
  await refusedEverywhere((reason) => caseAct(null, c.code, 'withdraw', { secret: c.secret, reason }));
  assert.equal((await caseAct(head, c.code, 'accept')).status, 200);
  await refusedEverywhere((reason) => caseAct(head, c.code, 'extend', { reason }));
  const r = await caseAct(head, c.code, 'extend', { reason: 'Vụ việc phức tạp, cần xác minh nhiều nơi.' });
  assert.equal(r.status, 200, r.text);
});

t('dossiers: refusing, requesting a supplement, apologising, stopping and withdrawing need a real reason', async () => {
  const applicant = { name: 'Lò Thị Hoa', id_number: '014190000123', phone: '0912 345 678', email: 'hoa@example.vn', address: 'Bản Hìn, phường Chiềng Cơi' };
  const base = { procedure: 'ht-nhan-cha-me-con', unit: 'phuong-chieng-coi', applicant };
  await refusedEverywhere((reason) => api(srv.url, 'POST', '/api/v1/dossiers',
    { body: { action: 'refuse', ...base, reason }, cookie: counter.cookie, csrf: counter.csrf }));
  const rec = await api(srv.url, 'POST', '/api/v1/dossiers', { body: { action: 'receive', ...base, documents: [1, 2, 3] }, cookie: counter.cookie, csrf: counter.csrf });
  assert.equal(rec.status, 201, rec.text);
  const d = rec.json.dossier;
  await refusedEverywhere((reason) => dossierAct(head, d.code, { action: 'request_supplement', missing: [{ document: 2, reason }] }));
  const newDue = new Date(Date.parse(d.due_at) + 2 * 86400e3).toISOString().replace(/\.\d+Z$/, 'Z');
  await refusedEverywhere((reason) => dossierAct(head, d.code, { action: 'apologize', reason, new_due: newDue }));
  await refusedEverywhere((reason) => dossierAct(head, d.code, { action: 'stop', reason }));
  // Withdrawing needs no reason; one that is given must be real.
  await refusedEverywhere((reason) => dossierAct(counter, d.code, { action: 'withdraw', reason }));
  const w = await dossierAct(counter, d.code, { action: 'withdraw' });
  assert.equal(w.status, 200, w.text);
  assert.equal(w.json.dossier.state, 'withdrawn');
});
