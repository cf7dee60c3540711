// The public tables as files (src/docs): every table of the results in CSV,
// JSON and XLSX says the same rows; CSV has a byte order mark; Vietnamese
// diacritics survive in all three; a cell that looks like a formula is never
// run (CSV guarded with ', XLSX a plain string, JSON the text as it is); the
// file names have an ASCII fallback and a UTF-8 name; the 12-month trend has
// twelve months and "no data" (null) where nothing was concluded.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, api, login, withLog } from '../lib/server.mjs';
import { parseCsv } from '../lib/check.mjs';
import { readXlsx } from '../lib/xlsx.mjs';

let srv, head, handler;
const WARD = 'phuong-chieng-coi';
const INJECT = "=cmd|' /C calc'!A0 Đã xử lý đúng quy định";
const REMEDY = '@SUM(1) Hoàn trả khoản tiền, xin lỗi trực tiếp người dân';
let code;

const raw = async (p) => {
  const res = await fetch(srv.url + p, { headers: { 'Accept-Encoding': 'identity' } });
  const bytes = new Uint8Array(await res.arrayBuffer());
  return { status: res.status, headers: res.headers, bytes, text: new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes) };
};

async function act(sess, c, action, body = {}) {
  const r = await api(srv.url, 'POST', `/api/v1/cases/${c}/actions/${action}`, { body, cookie: sess.cookie, csrf: sess.csrf });
  assert.equal(r.status, 200, `${action} ${c}: ${r.text}`);
}

before(async () => {
  srv = await startServer({ demo: true, history: true });
  head = await login(srv.url, 'truongphuong');
  handler = await login(srv.url, 'xuly');
  const r = await api(srv.url, 'POST', '/api/v1/cases', {
    body: { unit: WARD, kind: 'feedback', category: 'money_demand', title: 'Đòi tiền ngoài lệ phí', name: 'Lò Thị Hoa',
            official: 'motcua', phone: '0912 345 678', body: 'Cán bộ đòi 200.000 đồng ngoài lệ phí khi nhận hồ sơ.' },
  });
  assert.equal(r.status, 201, r.text);
  code = r.json.code;
  await act(head, code, 'accept');
  await act(head, code, 'assign', { to_login: 'xuly' });
  await act(handler, code, 'verify', { findings: 'Có thu tiền ngoài quy định.' });
  await act(handler, code, 'conclude', { conclusion: 'Vi phạm.', at_fault: 1, sanction: 'Khiển trách' });
  await act(head, code, 'publish', {
    result_summary: INJECT,
    apology_what_wrong: '-Thu tiền ngoài lệ phí đã công bố.',
    apology_what_done: '+Đơn vị đã xin lỗi và hoàn trả.',
    apology_remedy: REMEDY,
  });
});
after(async () => { if (srv) await srv.cleanup(); });
const t = (name, fn) => test(name, withLog(() => srv, fn));

/** The three files of a table: {csv: rows, json, xlsx: {rows, formulas}} with their headers checked. */
async function three(path, query = '') {
  const out = {};
  for (const ext of ['csv', 'json', 'xlsx']) {
    const r = await raw(`${path}.${ext}${query}`);
    assert.equal(r.status, 200, `${path}.${ext}${query}: ${r.text.slice(0, 300)}`);
    const disp = r.headers.get('content-disposition');
    assert.match(disp, new RegExp(`^attachment; filename="[a-z-]+\\.${ext}"; filename\\*=UTF-8''[A-Za-z0-9%!#$&+.^_\`|~-]+\\.${ext}$`), disp);
    if (ext === 'csv') {
      assert.match(r.headers.get('content-type'), /^text\/csv; charset=utf-8/);
      assert.deepEqual([...r.bytes.slice(0, 3)], [0xef, 0xbb, 0xbf], 'byte order mark');
      assert.ok(r.text.endsWith('\r\n'));
      out.csvText = r.text.slice(1);
      out.csv = parseCsv(out.csvText);
    } else if (ext === 'json') {
      assert.match(r.headers.get('content-type'), /^application\/json/);
      out.json = JSON.parse(r.text);
    } else {
      assert.equal(r.headers.get('content-type'), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      assert.deepEqual([...r.bytes.slice(0, 4)], [0x50, 0x4b, 0x03, 0x04], 'a zip file');
      out.xlsx = readXlsx(r.bytes);
      out.disposition = disp;
    }
  }
  // The same rows in all three.
  assert.equal(out.json.rows.length, out.csv.length, `${path}: JSON and CSV rows`);
  assert.equal(out.xlsx.rows.length - 1, out.csv.length, `${path}: XLSX and CSV rows`);
  assert.deepEqual(out.json.columns.map((c) => c.key), out.csvText.split('\r\n')[0].split(','));
  assert.equal(out.xlsx.formulas, 0, 'no formula in any cell');
  return out;
}

t('every results table comes as CSV, JSON and XLSX with the same rows', async () => {
  for (const [path, q] of [['/results', ''], ['/results/stats', ''], ['/results/apologies', ''], ['/results/stats/trend', ''],
    ['/results/apologies/units', ''], ['/results/apologies/letters', ''],
    ['/results', `?unit=${WARD}`], ['/results/stats', `?unit=${WARD}&from=2026-01-01`]]) {
    const f = await three(path, q);
    assert.ok(f.csv.length > 0, `${path}${q} has rows`);
    // The XLSX header is the columns' Vietnamese labels, bold and frozen.
    assert.deepEqual(f.xlsx.rows[0], f.json.columns.map((c) => c.label_vi));
    assert.match(f.xlsx.sheetXml, /<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"\/>/);
    assert.match(f.xlsx.files.get('xl/styles.xml').toString(), /<b\/>/);
  }
});

t('numbers are numbers in JSON and XLSX; the CSV says the same values', async () => {
  const f = await three('/results/stats', `?unit=${WARD}`);
  const ward = f.json.rows.find((x) => x.unit === WARD);
  const api1 = (await api(srv.url, 'GET', `/api/v1/results/stats?unit=${WARD}`)).json.units.find((u) => u.unit.code === WARD);
  assert.equal(ward.received, api1.received);
  assert.equal(typeof ward.received, 'number');
  assert.equal(typeof ward.avg_days_to_conclusion, 'number');
  assert.equal(ward.avg_days_to_conclusion, api1.avg_days_to_conclusion);
  const csvRow = f.csv.find((x) => x.unit === WARD);
  assert.equal(Number(csvRow.received), ward.received);
  assert.equal(Number(csvRow.avg_days_to_conclusion), ward.avg_days_to_conclusion);
  const i = f.json.rows.findIndex((x) => x.unit === WARD);
  const cols = f.json.columns.map((c) => c.key);
  assert.equal(f.xlsx.rows[i + 1][cols.indexOf('received')], ward.received);
  assert.ok(Math.abs(f.xlsx.rows[i + 1][cols.indexOf('avg_days_to_conclusion')] - ward.avg_days_to_conclusion) < 0.05);
  // Number formats: whole numbers and one decimal.
  assert.match(f.xlsx.files.get('xl/styles.xml').toString(), /formatCode="#,##0.0"/);
});

t('Vietnamese diacritics survive in all three; English headers on request', async () => {
  const f = await three('/results', `?unit=${WARD}`);
  const mine = f.json.rows.find((x) => x.code === code);
  assert.equal(mine.unit_name, 'Phường Chiềng Cơi');
  assert.equal(f.csv.find((x) => x.code === code).unit_name, 'Phường Chiềng Cơi');
  const xrow = f.xlsx.rows.find((r) => r && r[0] === code);
  assert.ok(xrow.includes('Phường Chiềng Cơi'), JSON.stringify(xrow));
  assert.ok(f.xlsx.rows[0].includes('Ngày tiếp nhận'));
  assert.match(decodeURIComponent(f.disposition.split("UTF-8''")[1]), /^Kết quả giải quyết phản ánh, kiến nghị\.xlsx$/);
  const en = await three('/results', `?unit=${WARD}&lang=en`);
  assert.ok(en.xlsx.rows[0].includes('Received'));
  assert.equal(en.json.rows.find((x) => x.code === code).unit_name, 'Chieng Coi Ward');
  assert.match(decodeURIComponent(en.disposition.split("UTF-8''")[1]), /^Results of reports\.xlsx$/);
});

t('a cell that looks like a formula is never run: CSV guarded, XLSX a string, JSON as written', async () => {
  const f = await three('/results', `?unit=${WARD}`);
  assert.ok(f.csvText.includes(`"'${INJECT.replace(/"/g, '""')}"`), 'the CSV field starts with an apostrophe, quoted');
  assert.equal(f.csv.find((x) => x.code === code).summary, `'${INJECT}`);
  assert.equal(f.json.rows.find((x) => x.code === code).summary, INJECT);
  const xrow = f.xlsx.rows.find((r) => r && r[0] === code);
  assert.ok(xrow.includes(INJECT), 'the XLSX holds the text as a string');
  assert.equal(f.xlsx.formulas, 0);
  const ap = await three('/results/apologies', `?unit=${WARD}`);
  const arow = ap.csv.find((x) => x.code === code);
  assert.equal(arow.what_wrong, "'-Thu tiền ngoài lệ phí đã công bố.");
  assert.equal(arow.what_done, "'+Đơn vị đã xin lỗi và hoàn trả.");
  assert.equal(arow.remedy, `'${REMEDY}`);
  assert.equal(ap.json.rows.find((x) => x.code === code).remedy, REMEDY);
  assert.ok(ap.xlsx.rows.some((r) => r && r.includes(REMEDY)));
});

t('the 12-month trend: twelve months, no data (null) where nothing was concluded, unit only', async () => {
  const f = await three('/results/stats/trend', `?unit=${WARD}`);
  assert.equal(f.json.rows.length, 12);
  const months = f.json.rows.map((x) => x.month);
  assert.deepEqual([...months].sort(), months, 'oldest first');
  assert.match(months[11], /^\d{4}-\d{2}$/);
  for (const x of f.json.rows) {
    if (x.concluded === 0) assert.equal(x.on_time_share, null, `${x.month}: no data, not 0`);
    else assert.ok(Math.abs(x.on_time_share - x.concluded_on_time / x.concluded) < 0.001, x.month);
  }
  assert.ok(f.json.rows.some((x) => x.concluded > 0), 'the demo history has conclusions');
  // This month has the case concluded just now.
  assert.ok(f.json.rows[11].concluded >= 1);
  // The whole province counts at least the ward.
  const all = (await three('/results/stats/trend')).json.rows;
  for (let i = 0; i < 12; i++) assert.ok(all[i].received >= f.json.rows[i].received);
  const bad = await raw(`/results/stats/trend.csv?unit=${WARD}&from=2026-01-01`);
  assert.equal(bad.status, 400);
  assert.equal((await raw('/results/stats/trend.json?unit=khong-co')).status, 400);
});

t('the register by unit says what its API says; the letters name no dossier', async () => {
  const f = await three('/results/apologies/units');
  const a = (await api(srv.url, 'GET', '/api/v1/results/apologies')).json;
  assert.deepEqual(f.json.rows.map((x) => [x.unit, x.case_apologies, x.dossier_letters, x.dossier_letters_late]),
    a.units.map((u) => [u.unit, u.case_apologies, u.dossier_letters, u.dossier_letters_late]));
  const l = await three('/results/apologies/letters');
  assert.equal(l.json.total, a.dossier_letters_total);
  assert.deepEqual(Object.keys(l.json.rows[0]).sort(),
    ['issued_date', 'issued_late', 'new_due_date', 'old_due_date', 'procedure', 'unit', 'unit_name']);
  assert.ok(!/[A-Z]+-\d{6}-\d{4}/.test(l.csvText), 'no dossier code');
  const next = await raw('/results/apologies/letters.csv?limit=1');
  assert.match(next.headers.get('link') || '', /^<\/results\/apologies\/letters\.csv\?limit=1&lafter=[^>]+>; rel="next"$/);
});

t('a download larger than one file links the next one, in every format', async () => {
  for (const ext of ['csv', 'json', 'xlsx']) {
    const r = await raw(`/results.${ext}?limit=1`);
    assert.equal(r.status, 200);
    const link = r.headers.get('link');
    assert.match(link || '', new RegExp(`^</results\\.${ext}\\?limit=1&after=[^>]+>; rel="next"$`), `${ext}: ${link}`);
    const next = await raw(link.slice(1, link.indexOf('>')));
    assert.equal(next.status, 200);
  }
  const j = JSON.parse((await raw('/results.json?limit=1')).text);
  assert.equal(j.rows.length, 1);
  assert.match(j.next, /after=/);
});

t('pages link their files and the statistics show the trend as charts with the numbers', async () => {
  const res = await fetch(`${srv.url}/results/stats?unit=${WARD}`, { headers: { Accept: 'text/html' } });
  const html = await res.text();
  for (const ext of ['csv', 'json', 'xlsx']) {
    assert.ok(html.includes(`href="/results/stats.${ext}?unit=${WARD}"`), ext);
    assert.ok(html.includes(`href="/results/stats/trend.${ext}?unit=${WARD}"`), ext);
  }
  assert.equal((html.match(/<svg [^>]*role="img"/g) || []).length, 2);
  assert.ok(!/style=/.test(html.slice(html.indexOf('<svg'))), 'no style attribute');
  const trend = JSON.parse((await raw(`/results/stats/trend.json?unit=${WARD}`)).text).rows;
  const last = trend[11];
  const [y, m] = last.month.split('-');
  assert.ok(html.includes(`${m}/${y} ${last.received}`), 'the description says each month’s number');
  for (const p of ['/results', '/results/apologies']) {
    const h = await (await fetch(srv.url + p, { headers: { Accept: 'text/html' } })).text();
    assert.ok(h.includes(`href="${p}.xlsx"`), p);
  }
  const reg = await (await fetch(`${srv.url}/results/apologies`, { headers: { Accept: 'text/html' } })).text();
  assert.ok(reg.includes('href="/results/apologies/units.xlsx"') && reg.includes('href="/results/apologies/letters.csv"'));
});
