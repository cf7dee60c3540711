// Rating a dossier (R13): the applicant rates with the code and secret once the
// result is ready or returned; one rating, changeable within the window in
// data; the officials who held it are rated through it; staff sessions are
// refused and recorded; bad input changes nothing; the counters follow; an
// official's figures are seen by the official, the heads above and inspectors.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { startServer, api, login, ledgerHead, withLog } from '../lib/server.mjs';
import { assertError, hiddenInput, page } from '../lib/check.mjs';

let srv, counter, official, head, otherHead, inspector, citizen, overseer;
before(async () => {
  srv = await startServer({ demo: true, extraArgs: ['--trusted-proxy', '127.0.0.1'] });
  counter = await login(srv.url, 'motcua');
  official = await login(srv.url, 'xuly');
  head = await login(srv.url, 'truongphuong');
  otherHead = await login(srv.url, 'giamdocsoyte');
  inspector = await login(srv.url, 'thanhtra');
  citizen = await login(srv.url, 'congdan');
  overseer = await login(srv.url, 'giamsat');
});
after(async () => { if (srv) await srv.cleanup(); });
const t = (name, fn) => test(name, withLog(() => srv, fn));
const sql = (q) => execFileSync('sqlite3', [srv.dbPath, q], { encoding: 'utf8' }).trim();

const applicant = { name: 'Lò Thị Hoa', id_number: '014190000123', phone: '0912 345 678', address: 'Bản Hìn, phường Chiềng Cơi' };
const PROC = 'ht-nhan-cha-me-con';
let client = 0;
const from = () => ({ 'X-Forwarded-For': `198.51.100.${++client}` });
const act = (sess, code, body) => api(srv.url, 'POST', `/api/v1/dossiers/${code}/actions`, { body, cookie: sess.cookie, csrf: sess.csrf });
const rate = (body, sess, headers = from()) =>
  api(srv.url, 'POST', '/api/v1/ratings', { body, headers, ...(sess ? { cookie: sess.cookie, csrf: sess.csrf } : {}) });

/** A dossier received, assigned to xuly and (unless `open`) with its result ready. */
async function dossier({ open = false } = {}) {
  const r = await api(srv.url, 'POST', '/api/v1/dossiers', {
    body: { action: 'receive', procedure: PROC, unit: 'phuong-chieng-coi', applicant, documents: [1, 2, 3] },
    cookie: counter.cookie, csrf: counter.csrf,
  });
  assert.equal(r.status, 201, r.text);
  const d = r.json.dossier;
  assert.equal((await act(counter, d.code, { action: 'assign', to: 'xuly' })).status, 200);
  if (!open) assert.equal((await act(official, d.code, { action: 'result_ready' })).status, 200);
  return d;
}

const unitSums = () => sql("SELECT coalesce(sum(very_satisfied),0)||','||coalesce(sum(satisfied),0)||','||coalesce(sum(unsatisfied),0)||','||coalesce(sum(likes),0)||','||coalesce(sum(dislikes),0) FROM rating_unit_daily");

t('the applicant rates a dossier with a result: level, answers, comment; each official who held it is rated; one event', async () => {
  const d = await dossier();
  const before = await ledgerHead(srv.url);
  const sums = unitSums().split(',').map(Number);
  const r = await rate({ code: d.code, secret: d.secret, level: 'unsatisfied', answers: { on_time: 'no', visits: 3, extra_papers: 'yes' }, comment: 'Phải đi lại ba lần, bị đòi thêm bản sao <b>sổ hộ khẩu</b>.' });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.rating.level, 'unsatisfied');
  assert.equal(r.json.rating.like, false);
  assert.deepEqual(r.json.rating.answers, { extra_papers: 'yes', on_time: 'no', visits: '3' });
  assert.deepEqual(r.json.officials, ['motcua', 'xuly']);
  assert.match(r.json.report, new RegExp(`^/report\\?kind=feedback&dossier=${d.code}&unit=phuong-chieng-coi`));
  const head2 = await ledgerHead(srv.url);
  assert.equal(head2.seq, before.seq + 1);
  const ev = JSON.parse(sql(`SELECT payload FROM events WHERE seq = ${head2.seq}`));
  assert.equal(ev.level, 'unsatisfied');
  assert.equal(ev.comment_sha256.length, 64);
  assert.ok(!JSON.stringify(ev).includes('hộ khẩu'), 'the comment is not in the ledger');
  assert.equal(sql(`SELECT type FROM events WHERE seq = ${head2.seq}`), 'rating.given');
  const after = unitSums().split(',').map(Number);
  assert.deepEqual(after.map((v, i) => v - sums[i]), [0, 0, 1, 0, 1]);
  // The comment is shown escaped on the citizen's page.
  const p = await page(srv.url, `/rate?code=${d.code}&secret=${d.secret}`, { headers: from() });
  assert.equal(p.status, 200);
  assert.ok(p.text.includes('&lt;b&gt;sổ hộ khẩu&lt;/b&gt;'));
  assert.match(p.text, /href="\/report\?kind=feedback&amp;category=money_demand|href="\/report\?kind=feedback&amp;category=extra_papers/);
});

t('a like alone means Hài lòng; a level alone gives its like; a contradiction is refused', async () => {
  const d1 = await dossier();
  const a = await rate({ code: d1.code, secret: d1.secret, like: true });
  assert.equal(a.status, 201, a.text);
  assert.equal(a.json.rating.level, 'satisfied');
  const d2 = await dossier();
  const before = await ledgerHead(srv.url);
  assertError(await rate({ code: d2.code, secret: d2.secret, level: 'very_satisfied', like: false }), 400, 'inconsistent', 'like');
  assertError(await rate({ code: d2.code, secret: d2.secret }), 400, 'required', 'level');
  assertError(await rate({ code: d2.code, secret: d2.secret, level: 'great' }), 422, 'invalid_field', 'level');
  assert.equal((await ledgerHead(srv.url)).seq, before.seq);
  const b = await rate({ code: d2.code, secret: d2.secret, level: 'very_satisfied' });
  assert.equal(b.status, 201, b.text);
  assert.equal(b.json.rating.like, true);
});

t('within the window the rating changes (counters move, one event); after it, a second rating is refused and nothing changes', async () => {
  const d = await dossier();
  assert.equal((await rate({ code: d.code, secret: d.secret, level: 'unsatisfied' })).status, 201);
  const sums = unitSums().split(',').map(Number);
  const before = await ledgerHead(srv.url);
  const c = await rate({ code: d.code, secret: d.secret, level: 'very_satisfied', comment: 'Đã được giải thích lại, cảm ơn.' });
  assert.equal(c.status, 200, c.text);
  assert.equal(c.json.created, false);
  assert.equal(c.json.rating.changes, 1);
  assert.equal((await ledgerHead(srv.url)).seq, before.seq + 1);
  assert.equal(sql(`SELECT type FROM events WHERE seq = ${before.seq + 1}`), 'rating.changed');
  const after = unitSums().split(',').map(Number);
  assert.deepEqual(after.map((v, i) => v - sums[i]), [1, 0, -1, 1, -1]);
  assert.equal(sql(`SELECT count(*) FROM ratings r JOIN dossiers x ON x.id = r.dossier_id WHERE x.code = '${d.code}'`), '1');
  // The window is over (the rating's change_until passed).
  sql(`UPDATE ratings SET change_until = '2020-01-01T00:00:00Z' WHERE dossier_id = (SELECT id FROM dossiers WHERE code = '${d.code}')`);
  const head2 = await ledgerHead(srv.url);
  const frozen = unitSums();
  assertError(await rate({ code: d.code, secret: d.secret, level: 'unsatisfied' }), 409, 'rating_final');
  assert.equal((await ledgerHead(srv.url)).seq, head2.seq);
  assert.equal(unitSums(), frozen);
  assert.equal(sql(`SELECT level FROM ratings WHERE dossier_id = (SELECT id FROM dossiers WHERE code = '${d.code}')`), 'very_satisfied');
});

t('bad input changes nothing: no result yet, a wrong secret, a criterion not in the set, a bad answer, a long comment', async () => {
  const open = await dossier({ open: true });
  const d = await dossier();
  const before = await ledgerHead(srv.url);
  const sums = unitSums();
  assertError(await rate({ code: open.code, secret: open.secret, level: 'satisfied' }), 409, 'no_result');
  assertError(await rate({ code: d.code, secret: 'WRONG234', level: 'satisfied' }), 404, 'not_found');
  assertError(await rate({ code: d.code, secret: d.secret, level: 'satisfied', answers: { bribe_size: 'yes' } }), 400, 'unknown_criterion', 'answers.bribe_size');
  assertError(await rate({ code: d.code, secret: d.secret, level: 'satisfied', answers: { on_time: 'maybe' } }), 400, 'invalid_answer', 'answers.on_time');
  assertError(await rate({ code: d.code, secret: d.secret, level: 'satisfied', answers: { visits: -1 } }), 400, 'invalid_answer', 'answers.visits');
  assertError(await rate({ code: d.code, secret: d.secret, level: 'satisfied', comment: 'x'.repeat(1001) }), 400, 'too_long', 'comment');
  assertError(await rate({ code: d.code, secret: d.secret, level: 'satisfied', extra: 1 }), 422, 'invalid_field', 'extra');
  assertError(await rate({ code: d.code, level: 'satisfied' }), 400, 'required', 'secret');
  assert.equal((await ledgerHead(srv.url)).seq, before.seq);
  assert.equal(unitSums(), sums);
  assert.equal(sql(`SELECT count(*) FROM ratings WHERE dossier_id IN (SELECT id FROM dossiers WHERE code IN ('${open.code}', '${d.code}'))`), '0');
});

t('a wrong secret counts against the tracking limit', async () => {
  const d = await dossier();
  const headers = from();
  const statuses = [];
  for (let i = 0; i < 21; i++) statuses.push((await rate({ code: d.code, secret: `WRONG${i}`, like: true }, null, headers)).status);
  assert.deepEqual(statuses, [...Array(20).fill(404), 429]);
  // The right secret from that address waits too; from another it works.
  assertError(await rate({ code: d.code, secret: d.secret, like: true }, null, headers), 429, 'rate_limited');
  assert.equal((await rate({ code: d.code, secret: d.secret, like: true })).status, 201);
});

t('a staff session cannot rate (API and page): refused with a message, recorded, nothing rated', async () => {
  const d = await dossier();
  for (const s of [official, head, counter, overseer]) {
    const before = await ledgerHead(srv.url);
    const r = await rate({ code: d.code, secret: d.secret, level: 'very_satisfied' }, s);
    assertError(r, 403, 'staff_session');
    assert.match(r.json.error.message, /Cán bộ không được đánh giá/);
    const h = await ledgerHead(srv.url);
    assert.equal(h.seq, before.seq + 1, 'the attempt is recorded');
    assert.equal(sql(`SELECT type FROM events WHERE seq = ${h.seq}`), 'rating.refused');
  }
  // The page says so to a browser holding a staff session, and offers no form.
  const p = await page(srv.url, `/rate?code=${d.code}&secret=${d.secret}`, { cookie: official.cookie });
  assert.equal(p.status, 403);
  assert.match(p.text, /Cán bộ không được đánh giá hồ sơ/);
  assert.doesNotMatch(p.text, /name="level"/);
  // The form POST from a staff browser is refused and recorded as well.
  const before = await ledgerHead(srv.url);
  const form = await fetch(`${srv.url}/rate`, {
    method: 'POST', redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: official.cookie },
    body: new URLSearchParams({ _csrf: official.csrf, code: d.code, secret: d.secret, level: 'very_satisfied' }).toString(),
  });
  assert.equal(form.status, 403);
  assert.equal((await ledgerHead(srv.url)).seq, before.seq + 1);
  assert.equal(sql(`SELECT count(*) FROM ratings WHERE dossier_id = (SELECT id FROM dossiers WHERE code = '${d.code}')`), '0');
  // A citizen's own session is the citizen's channel.
  assert.equal((await rate({ code: d.code, secret: d.secret, like: true }, citizen)).status, 201);
});

t('the rating form: the tracking page offers it once there is a result; a form POST rates and redirects', async () => {
  const d = await dossier();
  const tr = await page(srv.url, `/track?code=${d.code}&secret=${d.secret}`, { headers: from() });
  assert.match(tr.text, /href="\/rate\?code=/);
  const openD = await dossier({ open: true });
  const tr2 = await page(srv.url, `/track?code=${openD.code}&secret=${openD.secret}`, { headers: from() });
  assert.doesNotMatch(tr2.text, /href="\/rate\?code=/);
  const headers = from();
  const p = await page(srv.url, `/rate?code=${d.code}&secret=${d.secret}`, { headers });
  const c = /mb_csrf=([^;]+)/.exec(p.headers.get('set-cookie') || '');
  const body = new URLSearchParams({ _csrf: hiddenInput(p.text, '_csrf'), _form: hiddenInput(p.text, '_form'), code: d.code,
    secret: d.secret, level: 'satisfied', c_on_time: 'yes', c_staff_attitude: 'very_satisfied', c_visits: '1', comment: '' });
  const r = await fetch(`${srv.url}/rate`, { method: 'POST', redirect: 'manual', body: body.toString(),
    headers: { ...headers, 'Content-Type': 'application/x-www-form-urlencoded', Cookie: `mb_csrf=${c[1]}` } });
  assert.equal(r.status, 303, await r.text());
  assert.match(r.headers.get('location'), /^\/rate\?code=.*&done=1$/);
  assert.equal(sql(`SELECT level || ':' || (SELECT count(*) FROM rating_answers a WHERE a.rating_id = r.id) FROM ratings r WHERE dossier_id = (SELECT id FROM dossiers WHERE code = '${d.code}')`), 'satisfied:3');
  // A criterion not in the set, through the form: the page again, nothing changed.
  const d2 = await dossier();
  const p2 = await page(srv.url, `/rate?code=${d2.code}&secret=${d2.secret}`, { headers });
  const c2 = /mb_csrf=([^;]+)/.exec(p2.headers.get('set-cookie') || '') || c;
  const b2 = new URLSearchParams({ _csrf: hiddenInput(p2.text, '_csrf'), _form: hiddenInput(p2.text, '_form'), code: d2.code,
    secret: d2.secret, level: 'satisfied', c_khong_co: 'yes' });
  const r2 = await fetch(`${srv.url}/rate`, { method: 'POST', redirect: 'manual', body: b2.toString(),
    headers: { ...headers, 'Content-Type': 'application/x-www-form-urlencoded', Cookie: `mb_csrf=${c2[1]}` } });
  assert.equal(r2.status, 400);
  assert.match(await r2.text(), /khong_co/);
});

t('a report rated by its reporter counts as a like or a dislike for its unit (a dislike re-raises it)', async () => {
  const sums = () => sql('SELECT coalesce(sum(case_likes),0)||","||coalesce(sum(case_dislikes),0) FROM rating_unit_daily');
  const before = sums().split(',').map(Number);
  // The published demo report, with the passphrase the demo printed.
  const listing = fs.readFileSync(`${srv.dbPath}.demo`, 'utf8');
  const m = /(DT-\d{6}-\d{4})\s+\S+\s+([A-Z2-9]{6,})\s+\(feedback, published\)/.exec(listing);
  assert.ok(m, listing);
  const r = await api(srv.url, 'POST', `/api/v1/cases/${m[1]}/actions/rate`, {
    headers: from(), body: { secret: m[2], like: false, reason: 'Cán bộ vẫn chưa trả lời rõ ràng yêu cầu của tôi.' },
  });
  assert.equal(r.status, 200, r.text);
  const after = sums().split(',').map(Number);
  assert.deepEqual([after[0] - before[0], after[1] - before[1]], [0, 1]);
  const ev = JSON.parse(sql("SELECT payload FROM events WHERE type = 'case.rate' ORDER BY seq DESC LIMIT 1"));
  assert.equal(ev.like, false);
  assert.equal(ev.satisfied, false);
});

t("an official's figures: the official, the heads above and inspectors; 404 to others; counted from the steps and ratings", async () => {
  const d = await dossier();
  const sup = await dossier({ open: true });
  assert.equal((await act(official, sup.code, { action: 'request_supplement', missing: [{ document: 2, reason: 'Bản sao chưa được chứng thực' }] })).status, 200);
  await rate({ code: d.code, secret: d.secret, level: 'unsatisfied', comment: 'Chậm' });
  const mine = await api(srv.url, 'GET', '/api/v1/officials/xuly/ratings', { cookie: official.cookie });
  assert.equal(mine.status, 200, mine.text);
  assert.ok(mine.json.own.ratings >= 1);
  assert.ok(mine.json.own.unsatisfied >= 1);
  assert.ok(mine.json.own.supplement_requests >= 1, JSON.stringify(mine.json.own));
  assert.ok(mine.json.own.steps >= 1);
  assert.ok(mine.json.procedures.some((p) => p.procedure === PROC));
  assert.ok(mine.json.recent_ratings.some((x) => x.code === d.code));
  for (const s of [head, inspector]) assert.equal((await api(srv.url, 'GET', '/api/v1/officials/xuly/ratings', { cookie: s.cookie })).status, 200);
  for (const s of [counter, otherHead, citizen, overseer]) assertError(await api(srv.url, 'GET', '/api/v1/officials/xuly/ratings', { cookie: s.cookie }), 404, 'not_found');
  assertError(await api(srv.url, 'GET', '/api/v1/officials/xuly/ratings?from=2026-13-01', { cookie: official.cookie }), 422, 'invalid_field', 'from');
  assertError(await api(srv.url, 'GET', '/api/v1/officials/xuly/ratings?from=2020-01-01&to=2026-01-01', { cookie: official.cookie }), 422, 'invalid_field', 'from');
  const html = await page(srv.url, '/officials/xuly/ratings', { cookie: head.cookie });
  assert.equal(html.status, 200);
  assert.match(html.text, /Cán bộ khác cùng thủ tục/);
});

t('the counters equal a full recomputation from the ratings and the steps', async () => {
  // Runs last: every rating, change and step of the tests above is in the counters.
  const unitKept = sql('SELECT group_concat(k, ";") FROM (SELECT unit_id||"|"||day||"|"||very_satisfied||"|"||satisfied||"|"||unsatisfied||"|"||likes||"|"||dislikes||"|"||disliked_dossiers AS k'
    + ' FROM rating_unit_daily WHERE very_satisfied + satisfied + unsatisfied + likes + dislikes + disliked_dossiers > 0 ORDER BY unit_id, day)');
  const unitFull = sql('SELECT group_concat(k, ";") FROM (SELECT unit_id||"|"||day||"|"||sum(level = "very_satisfied")||"|"||sum(level = "satisfied")||"|"||sum(level = "unsatisfied")||"|"||sum(liked)||"|"||sum(1 - liked)||"|"||sum(1 - liked) AS k'
    + ' FROM ratings GROUP BY unit_id, day ORDER BY unit_id, day)');
  assert.ok(unitFull.length > 0);
  assert.equal(unitKept, unitFull);
  const offKept = sql('SELECT group_concat(k, ";") FROM (SELECT account_id||"|"||day||"|"||procedure_id||"|"||rated||"|"||unsatisfied AS k'
    + ' FROM rating_official_daily WHERE rated <> 0 OR unsatisfied <> 0 ORDER BY account_id, day, procedure_id)');
  const offFull = sql('SELECT group_concat(k, ";") FROM (SELECT o.account_id||"|"||r.day||"|"||r.procedure_id||"|"||count(*)||"|"||sum(r.level = "unsatisfied") AS k'
    + ' FROM rating_officials o JOIN ratings r ON r.id = o.rating_id GROUP BY o.account_id, r.day, r.procedure_id ORDER BY o.account_id, r.day, r.procedure_id)');
  assert.equal(offKept, offFull);
  const stepsKept = sql('SELECT group_concat(k, ";") FROM (SELECT account_id||"|"||procedure_id||"|"||sum(steps)||"|"||sum(steps_on_time) AS k'
    + ' FROM rating_official_daily GROUP BY account_id, procedure_id HAVING sum(steps) > 0 ORDER BY account_id, procedure_id)');
  const stepsFull = sql('SELECT group_concat(k, ";") FROM (SELECT s.holder_account_id||"|"||x.procedure_id||"|"||count(*)||"|"||sum(s.due_at IS NULL OR s.ended_at <= s.due_at) AS k'
    + ' FROM dossier_steps s JOIN dossiers x ON x.id = s.dossier_id WHERE s.ended_at IS NOT NULL AND s.holder_account_id IS NOT NULL AND s.kind <> "supplement"'
    + ' GROUP BY s.holder_account_id, x.procedure_id ORDER BY s.holder_account_id, x.procedure_id)');
  assert.equal(stepsKept, stepsFull);
  const procKept = sql('SELECT group_concat(k, ";") FROM (SELECT procedure_id||"|"||sum(steps)||"|"||sum(rated)||"|"||sum(unsatisfied) AS k FROM rating_procedure_daily GROUP BY procedure_id HAVING sum(steps) + sum(rated) > 0 ORDER BY procedure_id)');
  const procFromOfficials = sql('SELECT group_concat(k, ";") FROM (SELECT procedure_id||"|"||sum(steps)||"|"||sum(rated)||"|"||sum(unsatisfied) AS k FROM rating_official_daily GROUP BY procedure_id HAVING sum(steps) + sum(rated) > 0 ORDER BY procedure_id)');
  assert.equal(procKept, procFromOfficials);
});
