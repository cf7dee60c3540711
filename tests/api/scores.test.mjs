// The Decision 766 scoreboard (docs/scores.md) on a demo database with months
// of history: what /api/v1/scores serves (from the counters kept in each
// command's transaction) equals what `minhbach scores --unit --period --json`
// recomputes from the raw tables, for every ranked unit and several periods;
// an indicator the product has no input for is "no_input" (never points), a
// denominator of 0 is "no_data"; a new dossier and a report about it move the
// figures at once (the page cache follows); what cost points is listed by code
// only, a page at a time; bad periods and units are refused with the field named.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { startServer, api, login, runCli, withLog } from '../lib/server.mjs';
import { assertError, page } from '../lib/check.mjs';

let srv, counter;
before(async () => {
  srv = await startServer({ demo: true, history: true });
  counter = await login(srv.url, 'motcua');
});
after(async () => { if (srv) await srv.cleanup(); });
const t = (name, fn) => test(name, withLog(() => srv, fn));

const scores = (q) => api(srv.url, 'GET', `/api/v1/scores${q}`);
const byCode = (units) => Object.fromEntries(units.map((u) => [u.code, u]));
const ind = (u, code) => u.indicators.find((i) => i.code === code);

function lastMonths(n) {
  const now = new Date(Date.now() + 7 * 3600e3);
  const out = [];
  for (let k = 1; k <= n; k++) {
    const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - k, 1));
    out.push(`${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`);
  }
  return out;
}

t('the API equals the independent recomputation of minhbach scores, unit by unit', async () => {
  const [m1, m2] = lastMonths(2);
  const year = String(new Date(Date.now() + 7 * 3600e3).getUTCFullYear());
  for (const period of [m1, m2, `${year}`, `${m2}-01..${m1}-15`]) {
    const r = await scores(`?period=${period}`);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.units.length, 92);
    const ranked = r.json.units.filter((u) => u.rank !== null);
    assert.ok(ranked.length >= 5, `${period}: ranked ${ranked.length}`);
    const sample = [...ranked, ...r.json.units.filter((u) => u.rank === null).slice(0, 2)];
    for (const u of sample) {
      const c = await runCli(['scores', '--db', srv.dbPath, '--unit', u.code, '--period', period, '--json']);
      assert.equal(c.code, 0, c.stderr);
      const cli = JSON.parse(c.stdout);
      assert.deepEqual(cli.period, r.json.period);
      assert.deepEqual(cli.unit, u, `${period} ${u.code}`);
    }
  }
});

t('no input is no data, never points; totals say how many points were computable', async () => {
  const r = await scores('');
  assert.equal(r.status, 200, r.text);
  const u = byCode(r.json.units);
  const prov = u['ubnd-tinh-son-la'];
  for (const code of ['1.1', '1.2', '1.4', '4.2', '4.5b']) {
    const i = ind(prov, code);
    assert.equal(i.status, 'no_input', code);
    assert.ok(!('points' in i) && !('numerator' in i), `${code} has points or counts: ${JSON.stringify(i)}`);
  }
  const computable = prov.indicators.filter((i) => i.status === 'ok');
  assert.equal(prov.computable_max, computable.reduce((s, i) => s + i.max, 0));
  assert.ok(Math.abs(prov.total - computable.reduce((s, i) => s + i.points, 0)) < 0.011);
  assert.ok(prov.computable_max < 100 && prov.computable_max >= 30);
  // The inputs the product holds switch their indicators on: the demo's electronic results (4.1),
  // its recorded fees (3.6) and its ratings (5.4 counts dislikes, so it is no longer partial).
  for (const code of ['3.6', '4.1']) {
    const i = ind(prov, code);
    assert.equal(i.status, 'ok', `${code}: ${JSON.stringify(i)}`);
    assert.ok(i.denominator > 0, `${code}: ${JSON.stringify(i)}`);
  }
  assert.ok(ind(prov, '4.1').numerator > 0, 'the demo\'s electronic results count');
  assert.ok(!ind(prov, '5.4').partial, JSON.stringify(ind(prov, '5.4')));
  // A unit without dossiers or reports: no data, not ranked, no band.
  const quiet = r.json.units.find((x) => x.kind === 'commune' && ind(x, '2.1').status === 'no_data');
  assert.ok(quiet, 'a commune without dossiers');
  assert.equal(quiet.rank, null);
  assert.equal(quiet.band, null);
  // The province counts its sub-units: its received dossiers are the communes' and wards' together.
  const sub = r.json.units.filter((x) => x.kind === 'commune' || x.kind === 'ward');
  assert.equal(ind(prov, '3.3').denominator, sub.reduce((s, x) => s + (ind(x, '3.3').denominator || 0), 0)
    + r.json.units.filter((x) => x.kind === 'department' || x.kind === 'agency').reduce((s, x) => s + (ind(x, '3.3').denominator || 0), 0));
  // Units far apart: one good online commune, one weak.
  const bands = new Set(r.json.units.map((x) => x.band).filter(Boolean));
  assert.ok(bands.size >= 2, `bands: ${[...bands]}`);
  assert.ok(ind(u['xa-van-ho'], '3.3').numerator > 0, 'online dossiers in Vân Hồ');
});

t('the history\'s fees feed 3.6 in every unit it plays: most paid online, some in cash', async () => {
  const months = lastMonths(5);
  const r = await scores(`?period=${months[4]}-01..${months[0]}-28`);
  assert.equal(r.status, 200, r.text);
  const u = byCode(r.json.units);
  for (const code of ['phuong-chieng-coi', 'phuong-to-hieu', 'xa-chieng-son', 'xa-van-ho', 'xa-muong-sai'])
    assert.ok(ind(u[code], '3.6').denominator > 0, `${code}: ${JSON.stringify(ind(u[code], '3.6'))}`);
  const p = ind(u['ubnd-tinh-son-la'], '3.6');
  assert.equal(p.status, 'ok', JSON.stringify(p));
  assert.ok(p.numerator > p.denominator / 2 && p.numerator < p.denominator, JSON.stringify(p));
});

t('a dossier received now and a report about it move the figures at once', async () => {
  const q = '?unit=phuong-chieng-coi';
  const before = (await scores(q)).json.units[0];
  const html1 = await page(srv.url, '/scores/units/phuong-chieng-coi');
  assert.equal(html1.status, 200);
  const applicant = { name: 'Lò Thị Hoa', id_number: '014190000123', phone: '0912 345 678', address: 'Bản Hìn, phường Chiềng Cơi' };
  const d = await api(srv.url, 'POST', '/api/v1/dossiers', { body: { action: 'receive', procedure: 'ht-nhan-cha-me-con', unit: 'phuong-chieng-coi', applicant, documents: [1, 2, 3] }, cookie: counter.cookie, csrf: counter.csrf });
  assert.equal(d.status, 201, d.text);
  const after1 = (await scores(q)).json.units[0];
  assert.equal(ind(after1, '3.3').denominator, ind(before, '3.3').denominator + 1);
  assert.equal(ind(after1, '2.1').denominator, ind(before, '2.1').denominator + 1, 'open dossiers are judged at the period end');
  const c = await api(srv.url, 'POST', '/api/v1/cases', { body: {
    kind: 'feedback', category: 'harassment', unit: 'phuong-chieng-coi', dossier: d.json.dossier.code,
    title: 'Bị yêu cầu nộp giấy tờ ngoài quy định', body: 'Cán bộ yêu cầu tôi nộp thêm giấy xác nhận không có trong thủ tục.',
    name: 'Hoàng Thị Xuyến', phone: '0987 654 321' } });
  assert.equal(c.status, 201, c.text);
  const after2 = (await scores(q)).json.units[0];
  assert.equal(ind(after2, '5.2').denominator, ind(after1, '5.2').denominator + 1);
  assert.equal(ind(after2, '5.4').numerator, ind(after1, '5.4').numerator - 1, 'a dossier with feedback costs 5.4');
  const html2 = await page(srv.url, '/scores/units/phuong-chieng-coi');
  assert.notEqual(html2.text, html1.text, 'the cached page followed the change');
});

// The inputs other features hold move the figures in their own transaction: an electronic result
// attached (4.1), a fee paid through the national payment platform (3.6), a dislike (5.4).
t('an electronic result, an online payment and a dislike move 4.1, 3.6 and 5.4 at once', async () => {
  const q = '?unit=phuong-chieng-coi';
  const official = await login(srv.url, 'xuly');
  const applicant = { name: 'Cầm Văn Tươi', id_number: '014190000456', phone: '0912 777 888', address: 'Bản Bó, phường Chiềng Cơi' };
  const d = await api(srv.url, 'POST', '/api/v1/dossiers', { body: { action: 'receive', procedure: 'ct-hop-dong-giao-dich', unit: 'phuong-chieng-coi', applicant, documents: [1, 2, 3] }, cookie: counter.cookie, csrf: counter.csrf });
  assert.equal(d.status, 201, d.text);
  const { code, secret } = d.json.dossier;
  const act = (sess, body) => api(srv.url, 'POST', `/api/v1/dossiers/${code}/actions`, { body, cookie: sess.cookie, csrf: sess.csrf });
  assert.equal((await act(counter, { action: 'assign', to: 'xuly' })).status, 200);
  assert.equal((await act(official, { action: 'result_ready' })).status, 200);
  const before = (await scores(q)).json.units[0];

  const fd = new FormData();
  fd.append('file', new Blob([fs.readFileSync(new URL('../../data/demo_result.pdf', import.meta.url))], { type: 'application/pdf' }), 'ket-qua.pdf');
  const up = await fetch(`${srv.url}/api/v1/dossiers/${code}/result`, { method: 'POST', body: fd,
    headers: { cookie: official.cookie, 'X-CSRF-Token': official.csrf } });
  assert.equal(up.status, 200, await up.text());
  const r1 = (await scores(q)).json.units[0];
  assert.equal(ind(r1, '4.1').numerator, ind(before, '4.1').numerator + 1, JSON.stringify([ind(before, '4.1'), ind(r1, '4.1')]));

  const pay = await api(srv.url, 'POST', `/api/v1/dossiers/${code}/payment`, { cookie: counter.cookie, csrf: counter.csrf,
    body: { fee_vnd: 50000, method: 'national_platform', reference: 'DVCQG-2026-000123' } });
  assert.equal(pay.status, 200, pay.text);
  const r2 = (await scores(q)).json.units[0];
  assert.equal(ind(r2, '3.6').numerator, ind(r1, '3.6').numerator + 1, JSON.stringify([ind(r1, '3.6'), ind(r2, '3.6')]));
  assert.equal(ind(r2, '3.6').denominator, ind(r1, '3.6').denominator + 1);

  const rated = await api(srv.url, 'POST', '/api/v1/ratings', { headers: { 'X-Forwarded-For': '198.51.100.77' },
    body: { code, secret, level: 'unsatisfied' } });
  assert.equal(rated.status, 201, rated.text);
  const r3 = (await scores(q)).json.units[0];
  assert.equal(ind(r3, '5.4').numerator, ind(r2, '5.4').numerator - 1, 'a dislike costs 5.4');
});

t('what cost points: codes only, a page at a time, to the end', async () => {
  const seen = new Set();
  let after = '';
  let pages = 0;
  for (;;) {
    const r = await api(srv.url, 'GET', `/api/v1/scores/units/ubnd-tinh-son-la/costs?list=late&period=${new Date().getUTCFullYear()}${after ? `&after=${after}` : ''}`);
    assert.equal(r.status, 200, r.text);
    for (const x of r.json.items) {
      assert.match(x.code, /^[A-Z]+-\d{6}-\d{4}$/);
      assert.deepEqual(Object.keys(x).sort(), ['code', 'day']);
      assert.ok(!seen.has(x.code), `twice: ${x.code}`);
      seen.add(x.code);
    }
    pages++;
    if (!r.json.next) break;
    after = r.json.next;
    assert.ok(pages < 50);
  }
  assert.ok(seen.size > 0, 'no late dossier listed');
  const r = await scores(`?period=${new Date().getUTCFullYear()}&unit=ubnd-tinh-son-la`);
  const i21 = ind(r.json.units[0], '2.1');
  // The list holds the late dossiers that ended in the period (the open ones are judged live).
  assert.ok(seen.size <= i21.denominator - i21.numerator);
  const fb = await api(srv.url, 'GET', `/api/v1/scores/units/ubnd-tinh-son-la/costs?list=feedback`);
  assert.equal(fb.status, 200, fb.text);
  for (const x of fb.json.items) assert.match(x.code, /^DT-\d{6}-\d{4}$/);
  const html = await page(srv.url, '/scores/units/ubnd-tinh-son-la');
  assert.doesNotMatch(html.text, /014190000123|0912 345 678|Hoàng Thị Xuyến/);
});

t('bad input: the period and the unit are named', async () => {
  for (const p of ['2026-13', '2026-Q5', 'abc', '2026-03-31..2026-01-01', '1990-01-01..2026-01-01']) {
    assertError(await scores(`?period=${encodeURIComponent(p)}`), 422, 'invalid_field', 'period');
  }
  assertError(await scores('?unit=khong-co'), 404, 'not_found', 'unit');
  assertError(await api(srv.url, 'GET', '/api/v1/scores/units/khong-co/costs'), 404, 'not_found', 'code');
  assertError(await api(srv.url, 'GET', '/api/v1/scores/units/xa-van-ho/costs?list=x'), 422, 'invalid_field', 'list');
  const p = await page(srv.url, '/scores?period=2026-13');
  assert.equal(p.status, 422);
  assert.equal((await page(srv.url, '/scores/units/khong-co')).status, 404);
  const c = await runCli(['scores', '--db', srv.dbPath, '--unit', 'xa-van-ho', '--period', 'nope']);
  assert.equal(c.code, 2);
});

t('the pages print each formula from the data and the figures behind each score', async () => {
  const m = await page(srv.url, '/scores/methodology');
  assert.equal(m.status, 200);
  for (const s of ['2.1', '5.4', 'Xuất sắc', 'QĐ 766/QĐ-TTg', 'không có dữ liệu']) assert.ok(m.text.includes(s), s);
  const b = await page(srv.url, '/scores');
  assert.equal(b.status, 200);
  assert.match(b.text, /href="\/scores\/units\/xa-van-ho\?period=/);
  const u = await page(srv.url, '/scores/units/xa-muong-sai');
  assert.equal(u.status, 200);
  assert.match(u.text, /Xu hướng 12 tháng/);
  assert.match(u.text, /XMS-\d{6}-\d{4}/, 'late dossiers listed by code');
  const home = await page(srv.url, '/');
  assert.match(home.text, /href="\/scores"/);
  assert.match(home.text, /href="\/track"/);
  assert.match(home.text, /href="\/report"/);
});

t('every table downloads as CSV, JSON and XLSX with the figures the API serves', async () => {
  const year = String(new Date(Date.now() + 7 * 3600e3).getUTCFullYear());
  const a = (await scores(`?period=${year}&unit=xa-van-ho`)).json.units[0];
  const j = await api(srv.url, 'GET', `/scores/units/xa-van-ho/indicators.json?period=${year}`);
  assert.equal(j.status, 200, j.text);
  assert.equal(j.json.rows.length, a.indicators.length);
  for (const row of j.json.rows) {
    const i = ind(a, row.indicator);
    assert.equal(row.status, i.status);
    assert.equal(row.numerator, i.status === 'no_input' ? null : i.numerator);
    assert.equal(row.points, i.status === 'ok' ? i.points : null);
  }
  const csv = await fetch(`${srv.url}/scores.csv?period=${year}`);
  assert.equal(csv.status, 200);
  assert.match(csv.headers.get('content-type'), /text\/csv/);
  const lines = (await csv.text()).trim().split(/\r\n/);
  assert.equal(lines.length, 93, 'a header and one row per unit');
  const x = await fetch(`${srv.url}/scores.xlsx?period=${year}`);
  assert.equal(x.status, 200);
  assert.match(x.headers.get('content-type'), /spreadsheetml/);
  const bytes = Buffer.from(await x.arrayBuffer());
  assert.equal(bytes.subarray(0, 2).toString(), 'PK');
  assert.equal((await fetch(`${srv.url}/scores/units/khong-co/indicators.csv`)).status, 404);
  assert.equal((await fetch(`${srv.url}/scores.json?period=2026-13`)).status, 422);
});
