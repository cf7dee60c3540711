// Apologies name the unit at fault, and there is one public apology register:
// - a denunciation against Phường Chiềng Cơi, concluded at fault by the
//   Provincial Inspectorate, is apologised for by the ward (result page, API,
//   register), and the statistics count the fault and the apology to the ward;
// - /results/apologies holds the cases' apologies AND the dossiers' apology
//   letters, filtered by unit; the old /apologies redirects there and no page
//   links to it any more.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, api, login, withLog } from '../lib/server.mjs';
import { htmlDecode, page } from '../lib/check.mjs';

let srv, inspector, counter, official;
before(async () => {
  srv = await startServer({ demo: true });
  inspector = await login(srv.url, 'thanhtra');
  counter = await login(srv.url, 'motcua');
  official = await login(srv.url, 'xuly');
});
after(async () => { if (srv) await srv.cleanup(); });
const t = (name, fn) => test(name, withLog(() => srv, fn));

const caseAct = (sess, code, action, body = {}) =>
  api(srv.url, 'POST', `/api/v1/cases/${code}/actions/${action}`, { body, cookie: sess.cookie, csrf: sess.csrf });
const html = async (p) => {
  const r = await page(srv.url, p, { headers: { 'Accept-Encoding': 'identity' } });
  assert.equal(r.status, 200, `${p}: ${r.status}`);
  return htmlDecode(r.text);
};
const statOf = (stats, unit) => stats.units.find((u) => u.unit.code === unit) || { at_fault: 0, apologies: 0 };
const stats = async () => (await api(srv.url, 'GET', '/api/v1/results/stats')).json;

const WARD = 'phuong-chieng-coi', INSPECTORATE = 'thanh-tra-tinh';

async function denunciationPublishedAtFault() {
  const r0 = await api(srv.url, 'POST', '/api/v1/cases', { body: {
    kind: 'denunciation', category: 'money_demand', unit: WARD, official: 'motcua',
    title: 'Tố cáo đòi tiền', body: 'Cán bộ một cửa đòi tiền ngoài lệ phí.',
    name: 'Lò Văn Tố', address: 'Bản Cọ, phường Chiềng Cơi', phone: '0911 222 333',
  } });
  assert.equal(r0.status, 201, r0.text);
  const code = r0.json.code;
  const steps = [
    ['accept', {}], ['assign', { to_login: 'thanhtra' }],
    ['verify', { findings: 'Biên bản xác minh: có thu tiền ngoài lệ phí.' }],
    ['conclude', { conclusion: 'Tố cáo đúng: cán bộ phường có sai phạm.', at_fault: true }],
    ['publish', { result_summary: 'Tố cáo đúng; phường đã xin lỗi và trả lại tiền.',
      apology_what_wrong: 'Thu tiền ngoài lệ phí.', apology_what_done: 'Đã trả lại tiền.', apology_remedy: 'Xử lý cán bộ.' }],
  ];
  for (const [action, body] of steps) {
    const r = await caseAct(inspector, code, action, body);
    assert.equal(r.status, 200, `${action}: ${r.text}`);
  }
  const g = await api(srv.url, 'GET', `/api/v1/results/${code}`);
  assert.equal(g.status, 200, g.text);
  assert.equal(g.json.result.unit.code, INSPECTORATE, 'the Inspectorate handled it');
  return code;
}

t('the unit at fault apologises: result page, API, register and statistics name the ward, not the Inspectorate', async () => {
  const s0 = await stats();
  const code = await denunciationPublishedAtFault();

  const g = await api(srv.url, 'GET', `/api/v1/results/${code}`);
  assert.equal(g.json.result.apology.unit.code, WARD);
  const p = await html(`/results/${code}`);
  assert.match(p, /Đơn vị xin lỗi: <a href="\/units\/phuong-chieng-coi">Phường Chiềng Cơi<\/a>/);
  assert.ok(!/Đơn vị xin lỗi: <a href="\/units\/thanh-tra-tinh">/.test(p));

  const s1 = await stats();
  assert.equal(statOf(s1, WARD).at_fault, statOf(s0, WARD).at_fault + 1, 'the fault counts to the ward');
  assert.equal(statOf(s1, WARD).apologies, statOf(s0, WARD).apologies + 1, 'the apology counts to the ward too');
  assert.equal(statOf(s1, INSPECTORATE).apologies, statOf(s0, INSPECTORATE).apologies, 'nothing counts to the Inspectorate');

  const reg = await api(srv.url, 'GET', `/api/v1/results/apologies?unit=${WARD}`);
  assert.ok(reg.json.apologies.some((a) => a.code === code && a.unit.code === WARD));
  const regI = await api(srv.url, 'GET', `/api/v1/results/apologies?unit=${INSPECTORATE}`);
  assert.ok(!regI.json.apologies.some((a) => a.code === code));
});

t('one register: the dossiers\' apology letters and the cases\' apologies, filtered by unit', async () => {
  // A dossier apology letter of the ward (Form 04).
  let r = await api(srv.url, 'POST', '/api/v1/dossiers', { cookie: counter.cookie, csrf: counter.csrf, body: {
    action: 'receive', procedure: 'ht-nhan-cha-me-con', unit: WARD, documents: [1, 2, 3],
    applicant: { name: 'Cầm Văn Lả', id_number: '014190000789', phone: '0912 777 888', email: '', address: 'Bản Giàn' },
  } });
  assert.equal(r.status, 201, r.text);
  const d = r.json.dossier;
  r = await api(srv.url, 'POST', `/api/v1/dossiers/${d.code}/actions`, { cookie: counter.cookie, csrf: counter.csrf, body: { action: 'assign', to: 'xuly' } });
  assert.equal(r.status, 200, r.text);
  const newDue = new Date(Date.parse(d.due_at) + 3 * 86400e3).toISOString().replace(/\.\d+Z$/, 'Z');
  r = await api(srv.url, 'POST', `/api/v1/dossiers/${d.code}/actions`, { cookie: official.cookie, csrf: official.csrf,
    body: { action: 'apologize', reason: 'Chờ xác minh của cơ quan khác', new_due: newDue } });
  assert.equal(r.status, 200, r.text);
  // The letter is on the record of the official who issued it (the holder of the late dossier).
  const rec = await api(srv.url, 'GET', '/api/v1/officials/xuly', { cookie: official.cookie });
  assert.equal(rec.status, 200, rec.text);
  assert.ok(rec.json.apologies.last_12_months >= 1, rec.text.slice(0, 300));
  assert.ok(rec.json.apologies.latest.some((x) => x.dossier === d.code && x.reason === 'Chờ xác minh của cơ quan khác'));
  const code = await denunciationPublishedAtFault();

  const reg = (await api(srv.url, 'GET', `/api/v1/results/apologies?unit=${WARD}`)).json;
  assert.ok(reg.dossier_letters.length >= 1, 'the dossier letter is in the register');
  assert.ok(reg.dossier_letters.every((x) => x.unit === WARD));
  assert.ok(!JSON.stringify(reg).includes(d.code) && !JSON.stringify(reg).includes('Cầm Văn Lả'), 'no dossier code or applicant');
  const u = reg.units.find((x) => x.unit === WARD);
  assert.ok(u.case_apologies >= 1 && u.dossier_letters >= 1, JSON.stringify(u));
  // Another unit's filter shows neither.
  const other = (await api(srv.url, 'GET', '/api/v1/results/apologies?unit=so-y-te')).json;
  assert.ok(!other.apologies.some((a) => a.code === code));
  assert.ok(other.dossier_letters.every((x) => x.unit === 'so-y-te'));

  const p = await html(`/results/apologies?unit=${WARD}`);
  assert.ok(p.includes(`href="/results/${code}"`), 'the case apology is on the page');
  assert.match(p, /<table class="list stack apology-letters">[\s\S]*Đăng ký nhận cha, mẹ, con/);
  assert.match(p, /<select id="unit" name="unit">/, 'filter by unit');
});

t('the old register address redirects to the one register, and every page links to the one register', async () => {
  const r = await page(srv.url, '/apologies');
  assert.equal(r.status, 301);
  assert.equal(r.headers.get('location'), '/results/apologies');
  const q = await page(srv.url, '/apologies?unit=phuong-chieng-coi');
  assert.equal(q.headers.get('location'), '/results/apologies?unit=phuong-chieng-coi');
  for (const p of ['/', '/results', '/results/stats', '/results/apologies', '/track', '/units/phuong-chieng-coi']) {
    const text = await html(p);
    assert.ok(!text.includes('href="/apologies"'), `${p} links to the old register`);
    assert.ok(text.includes('href="/results/apologies"'), `${p} does not link to the register`);
  }
});
