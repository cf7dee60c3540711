// What citizens and heads see of a dossier is the truth:
// - one progress rule (the dossier's due time AND the due time of the step it
//   is in, against now, at read time) behind the tracking page's summary, the
//   step rows, the staff lists and their overdue view, the API and Form 06;
// - the staff page offers exactly the actions the rules allow: after the one
//   supplement request the request form is gone, and no offered action is
//   refused when it is used.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { startServer, api, login, ledgerHead, withLog } from '../lib/server.mjs';
import { assertError, htmlDecode, page } from '../lib/check.mjs';

let srv, counter, official, head;
before(async () => {
  srv = await startServer({ demo: true });
  counter = await login(srv.url, 'motcua');
  official = await login(srv.url, 'xuly');
  head = await login(srv.url, 'truongphuong');
});
after(async () => { if (srv) await srv.cleanup(); });
const t = (name, fn) => test(name, withLog(() => srv, fn));

const sql = (q) => execFileSync('sqlite3', [srv.dbPath, q], { encoding: 'utf8' }).trim();
const create = (sess, body) => api(srv.url, 'POST', '/api/v1/dossiers', { body, cookie: sess.cookie, csrf: sess.csrf });
const act = (sess, code, body) => api(srv.url, 'POST', `/api/v1/dossiers/${code}/actions`, { body, cookie: sess.cookie, csrf: sess.csrf });
const get = (sess, code) => api(srv.url, 'GET', `/api/v1/dossiers/${code}`, { cookie: sess.cookie });
const iso = (ms) => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');
const html = async (p, sess) => {
  const r = await page(srv.url, p, { cookie: sess && sess.cookie, headers: { 'Accept-Encoding': 'identity' } });
  assert.equal(r.status, 200, `${p}: ${r.status}`);
  return htmlDecode(r.text);
};

const applicant = { name: 'Lường Thị Mai', id_number: '014190000456', phone: '0912 000 111', email: 'mai@example.vn', address: 'Bản Hẹo, phường Chiềng Cơi' };
const PROC = 'ht-nhan-cha-me-con';   // commune level, 3 working days, 3 documents

async function received() {
  const r = await create(counter, { action: 'receive', procedure: PROC, unit: 'phuong-chieng-coi', applicant, documents: [1, 2, 3] });
  assert.equal(r.status, 201, r.text);
  return r.json.dossier;
}
async function processing() {
  const d = await received();
  const r = await act(counter, d.code, { action: 'assign', to: 'xuly' });
  assert.equal(r.status, 200, r.text);
  return { ...r.json.dossier, secret: d.secret };
}
async function inSupplement() {
  const d = await processing();
  const r = await act(official, d.code, { action: 'request_supplement', missing: [{ document: 2, reason: 'Bản sao chưa có chứng thực' }] });
  assert.equal(r.status, 200, r.text);
  return { ...r.json.dossier, secret: d.secret };
}
async function supplementedOnce() {
  const d = await inSupplement();
  const r = await act(counter, d.code, { action: 'supplement', documents: [2] });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.dossier.supplement_requests, 1);
  return { ...r.json.dossier, secret: d.secret };
}
async function resultReady() {
  const d = await processing();
  const r = await act(official, d.code, { action: 'result_ready', note: 'Đã ký' });
  assert.equal(r.status, 200, r.text);
  return { ...r.json.dossier, secret: d.secret };
}

// The summary's badge on a page: <dt>Tiến độ</dt><dd><span class="badge CLASS">LABEL</span>.
function summaryBadge(text) {
  const m = /Tiến độ<\/dt><dd><span class="badge (\w+)">([^<]+)</.exec(text);
  assert.ok(m, 'no progress badge in the summary');
  return { cls: m[1], label: m[2] };
}

// A dossier handed over with a step due time, then that step due time put in
// the past (the risk job has not run: the stored mark still says on time).
async function stepOverdue() {
  const d = await processing();
  const stepDue = iso(Date.parse(d.due_at) - 3600e3);
  const r = await act(official, d.code, { action: 'handover', to: 'truongphuong', step_due: stepDue });
  assert.equal(r.status, 200, r.text);
  const past = iso(Date.now() - 2 * 3600e3);
  sql(`UPDATE dossier_steps SET due_at = '${past}' WHERE ended_at IS NULL AND dossier_id = (SELECT id FROM dossiers WHERE code = '${d.code}')`);
  assert.equal(sql(`SELECT risk FROM dossiers WHERE code = '${d.code}'`), 'on_time', 'the stored mark is stale');
  return d;
}

t('a dossier whose current step is past due is overdue everywhere: tracking summary, step rows, API, lists, Form 06', async () => {
  const d = await stepOverdue();
  assert.ok(Date.parse(d.due_at) > Date.now(), 'the dossier itself is not yet due');

  // The citizen's tracking page: the summary says what the step rows say.
  const tr = await html(`/track?code=${d.code}&secret=${d.secret}`);
  assert.deepEqual(summaryBadge(tr), { cls: 'late', label: 'Quá hạn' });
  assert.match(tr, /<tr class="late">/, 'the current step row is late');
  // The public API agrees.
  const ta = await api(srv.url, 'GET', `/api/v1/track?code=${d.code}&secret=${d.secret}`);
  assert.equal(ta.json.dossier.risk, 'overdue');
  assert.equal(ta.json.dossier.progress, 'overdue');
  assert.equal(ta.json.dossier.steps.at(-1).late, true);

  // Staff: the dossier page, the unit's list and the overdue view.
  const g = (await get(head, d.code)).json.dossier;
  assert.equal(g.risk, 'overdue');
  assert.deepEqual(summaryBadge(await html(`/dossiers/${d.code}`, head)), { cls: 'late', label: 'Quá hạn' });
  const unitList = (await api(srv.url, 'GET', '/api/v1/dossiers?view=unit', { cookie: head.cookie })).json.dossiers;
  assert.equal(unitList.find((x) => x.code === d.code).risk, 'overdue');
  const listPage = await html('/dossiers?view=unit', head);
  assert.match(listPage, new RegExp(`<tr class="risk-overdue late"><td[^>]*><a href="/dossiers/${d.code}">`));

  // Form 06 (the processing-control slip) names the same progress.
  assert.match(await html(`/dossiers/${d.code}/print/06`, head), /Tiến độ: <strong>Quá hạn<\/strong>/);
});

t('a dossier past its own due time is overdue at once, whatever the stored mark says', async () => {
  const d = await processing();
  const past = iso(Date.now() - 3600e3);
  sql(`UPDATE dossiers SET due_at = '${past}', risk = 'on_time' WHERE code = '${d.code}'`);
  const g = (await get(official, d.code)).json.dossier;
  assert.equal(g.risk, 'overdue');
  assert.equal(g.progress, 'overdue');
  assert.deepEqual(summaryBadge(await html(`/track?code=${d.code}&secret=${d.secret}`)), { cls: 'late', label: 'Quá hạn' });
});

t('heads filter the unit\'s dossiers to the overdue ones (API view=overdue and the HTML queue)', async () => {
  const late = await stepOverdue();
  const fine = await processing();
  const paused = await inSupplement();
  sql(`UPDATE dossiers SET due_at = '${iso(Date.now() - 3600e3)}' WHERE code = '${paused.code}'`);
  const r = await api(srv.url, 'GET', '/api/v1/dossiers?view=overdue', { cookie: head.cookie });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.view, 'overdue');
  const codes = r.json.dossiers.map((x) => x.code);
  assert.ok(codes.includes(late.code), 'the overdue dossier is listed');
  assert.ok(!codes.includes(fine.code), 'a dossier on time is not');
  assert.ok(!codes.includes(paused.code), 'a dossier with the citizen (clock paused) is not');
  assert.ok(r.json.dossiers.every((x) => x.risk === 'overdue'));
  const p = await html('/dossiers?view=overdue', head);
  assert.match(p, /<a href="\/dossiers\?view=overdue" aria-current="page">Quá hạn<\/a>/);
  assert.ok(p.includes(`/dossiers/${late.code}"`));
  assert.ok(!p.includes(`/dossiers/${fine.code}"`));
  // The unit's list links to the filter.
  assert.ok((await html('/dossiers?view=unit', head)).includes('href="/dossiers?view=overdue"'));
  assertError(await api(srv.url, 'GET', '/api/v1/dossiers?view=late', { cookie: head.cookie }), 422, 'invalid_field', 'view');
});

t('after the one supplement request the request form is not offered; the API still refuses and records the attempt', async () => {
  const d = await supplementedOnce();
  assert.equal(d.holder, 'xuly');
  for (const who of [official, head]) {
    const p = await html(`/dossiers/${d.code}`, who);
    assert.ok(!p.includes('id="act-request_supplement"'), 'the request form must not appear at all');
    assert.ok(!p.includes('value="request_supplement"'));
  }
  const before = await ledgerHead(srv.url);
  assertError(await act(official, d.code, { action: 'request_supplement', missing: [{ document: 1, reason: 'Thêm nữa' }] }), 409, 'supplement_limit');
  assert.equal((await ledgerHead(srv.url)).seq, before.seq + 1, 'the refused attempt is still an event');
  assert.equal(sql(`SELECT type FROM events ORDER BY seq DESC LIMIT 1`), 'dossier.attempt_refused');
});

// Every action form offered on the staff page, used as offered, is accepted.
const BODIES = {
  assign: () => ({ to: 'xuly' }),
  handover: (d) => ({ to: d.holder === 'truongphuong' ? 'xuly' : 'truongphuong', step_due: iso(Date.parse(d.due_at) - 3600e3) }),
  request_supplement: () => ({ missing: [{ document: 1, reason: 'Tờ khai chưa ký' }] }),
  supplement: () => ({ documents: [2] }),
  apologize: (d) => ({ reason: 'Chờ kết quả xác minh', new_due: iso(Date.parse(d.due_at) + 2 * 86400e3) }),
  stop: () => ({ reason: 'Công dân đề nghị dừng' }),
  result_ready: () => ({ note: 'Đã ký' }),
  return: () => ({}),
  withdraw: () => ({ reason: 'Công dân rút hồ sơ' }),
};

t('no action offered on the staff dossier page is refused (every state × every staff role of the unit)', async () => {
  const states = { received, processing, inSupplement, supplementedOnce, resultReady };
  const people = { motcua: counter, xuly: official, truongphuong: head };
  let tried = 0;
  for (const [stateName, make] of Object.entries(states)) {
    for (const [who, sess] of Object.entries(people)) {
      const probe = await make();
      const offered = [...(await html(`/dossiers/${probe.code}`, sess)).matchAll(/id="act-([a-z_]+)"/g)].map((m) => m[1]);
      for (const action of offered) {
        assert.ok(BODIES[action], `no body for offered action ${action}`);
        const d = await make();
        const r = await act(sess, d.code, { action, ...BODIES[action](d, who) });
        assert.equal(r.status, 200, `${who} was offered ${action} in state ${stateName} but was refused: ${r.text}`);
        tried++;
      }
    }
  }
  assert.ok(tried >= 10, `only ${tried} offered actions were tried`);
});
