// The public results of cases as an HTTP client sees them: the searchable list
// (diacritic- and đ/d-insensitive, FTS operators harmless), one result with its
// apology, statistics per unit, the apology register, the CSV and JSON downloads,
// bad filters, and that nothing about the reporter, the report's text or the
// official ever appears in a public page or file.
//
// The demo has a published case at fault (with an apology) and one not at fault;
// the test adds its own through the cases API: A published at fault with an
// apology and a sanction, B published not at fault, C accepted only.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, api, login, withLog } from '../lib/server.mjs';
import { assertError, parseCsv } from '../lib/check.mjs';

let srv, head, handler;
const T = {};   // what the test created
const WARD = 'phuong-chieng-coi';

// The reporter's identity and the private parts of the cases: never public.
const SECRET = {
  name: 'Hoàng Thị Bímật',
  phone: '0987 654 321',
  email: 'bimat.reporter@example.vn',
  address: 'Số 99 ngõ Kínđáo, phường Chiềng Cơi',
  id_number: '014199000777',
  body: 'NỘI DUNG ĐƠN KÍN: tôi bị đòi 300.000 đồng bồi dưỡng ở quầy số hai.',
  title: 'Tiêu đề riêng tư của người phản ánh',
  findings: 'Biên bản xác minh nội bộ số 17 không công khai.',
  conclusion: 'Kết luận nội bộ: cán bộ quầy hai vi phạm.',
  sanction: 'Cảnh cáo ghi hồ sơ cán bộ kínđáo',
};
let officialName;   // the display name of the official reported on in case A

const get = (p) => api(srv.url, 'GET', p);
const page = async (p) => {
  const res = await fetch(srv.url + p, { headers: { Accept: 'text/html', 'Accept-Encoding': 'identity' }, redirect: 'manual' });
  return { status: res.status, headers: res.headers, text: await res.text() };
};
const raw = async (p) => {
  const res = await fetch(srv.url + p, { headers: { 'Accept-Encoding': 'identity' } });
  const bytes = new Uint8Array(await res.arrayBuffer());
  return { status: res.status, headers: res.headers, bytes, text: new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes) };
};
const codes = (r) => r.json.results.map((x) => x.code);
const stats = async (q = `?unit=${WARD}`) => {
  const r = await get(`/api/v1/results/stats${q}`);
  assert.equal(r.status, 200, r.text);
  return r.json;
};
const wardRow = (s) => s.units.find((u) => u.unit.code === WARD);

async function file(body) {
  const r = await api(srv.url, 'POST', '/api/v1/cases', {
    body: { unit: WARD, name: SECRET.name, phone: SECRET.phone, email: SECRET.email, address: SECRET.address,
            id_number: SECRET.id_number, body: SECRET.body, ...body },
  });
  assert.equal(r.status, 201, r.text);
  assert.match(r.json.code, /^DT-\d{6}-\d{4}$/);
  return r.json.code;
}

async function act(sess, code, action, body = {}) {
  const r = await api(srv.url, 'POST', `/api/v1/cases/${code}/actions/${action}`, { body, cookie: sess.cookie, csrf: sess.csrf });
  assert.equal(r.status, 200, `${action} ${code}: ${r.text}`);
  return r.json.case;
}

async function handle(code, { atFault, summary, publish = true }) {
  await act(head, code, 'accept');
  if (!publish) return;
  await act(head, code, 'assign', { to_login: 'xuly' });
  await act(handler, code, 'verify', { findings: SECRET.findings });
  await act(handler, code, 'conclude', { conclusion: SECRET.conclusion, at_fault: atFault ? 1 : 0,
                                         ...(atFault ? { sanction: SECRET.sanction } : {}) });
  await act(head, code, 'publish', {
    result_summary: summary,
    ...(atFault ? {
      apology_what_wrong: 'Người dân bị đòi tiền ngoài lệ phí đã công bố.',
      apology_what_done: 'Đơn vị đã xin lỗi trực tiếp và hoàn trả khoản tiền.',
      apology_remedy: 'Hồ sơ được giải quyết ngay, miễn mọi chi phí đi lại.',
    } : {}),
  });
}

before(async () => {
  srv = await startServer({ demo: true });
  head = await login(srv.url, 'truongphuong');
  handler = await login(srv.url, 'xuly');
  officialName = (await login(srv.url, 'motcua')).account.display_name;
  assert.ok(officialName && officialName.length > 3);
  T.before = await stats();
  T.A = await file({ kind: 'feedback', category: 'money_demand', title: SECRET.title, official: 'motcua' });
  await handle(T.A, { atFault: true, summary: 'Phản ánh đúng: cán bộ Đăngthửnghiệm đã nhũng nhiễu, đòi tiền ngoài lệ phí. Đơn vị đã xin lỗi.' });
  T.B = await file({ kind: 'petition', category: 'regulation', title: 'Kiến nghị sửa quy định' });
  await handle(T.B, { atFault: false, summary: 'Kiến nghị được tiếp thu: quy định về giờ tiếp nhận quachieucuoi sẽ được sửa.' });
  T.C = await file({ kind: 'feedback', category: 'rudeness', title: 'Chưa công khai' });
  await handle(T.C, { publish: false });
  T.after = await stats();
});
after(async () => { if (srv) await srv.cleanup(); });
const t = (name, fn) => test(name, withLog(() => srv, fn));

t('the list shows published results only, newest first, with the public fields and no private ones', async () => {
  const r = await get('/api/v1/results');
  assert.equal(r.status, 200, r.text);
  assert.ok(r.json.total >= 4, `demo (2) and test (2) results: ${r.text}`);
  const got = codes(r);
  assert.ok(got.includes(T.A) && got.includes(T.B));
  assert.ok(!got.includes(T.C), 'an accepted case is not public');
  const a = r.json.results.find((x) => x.code === T.A);
  assert.deepEqual(Object.keys(a).sort(), ['at_fault', 'category', 'code', 'concluded_at', 'kind', 'on_time', 'published_at',
    'received_at', 'resolved', 'summary', 'unit', 'url'].sort());
  assert.equal(a.at_fault, true);
  assert.equal(a.on_time, true);
  assert.equal(a.kind, 'feedback');
  assert.equal(a.category, 'money_demand');
  assert.equal(a.unit.code, WARD);
  assert.equal(a.url, `/results/${T.A}`);
  assert.equal(r.json.results.find((x) => x.code === T.B).at_fault, false);
  const pub = r.json.results.map((x) => x.published_at);
  assert.deepEqual([...pub].sort().reverse(), pub, 'newest publication first');
});

t('search: with or without diacritics, đ or d, upper or lower case, prefixes; every word required', async () => {
  const q = async (s) => {
    const r = await get(`/api/v1/results?q=${encodeURIComponent(s)}`);
    assert.equal(r.status, 200, `${s}: ${r.text}`);
    return codes(r).sort();
  };
  const withMarks = await q('nhũng nhiễu');
  assert.ok(withMarks.includes(T.A), `${T.A} in ${withMarks}`);
  assert.ok(!withMarks.includes(T.B));
  assert.deepEqual(await q('nhung nhieu'), withMarks);
  assert.deepEqual(await q('NHŨNG NHIỄU'), withMarks);
  assert.deepEqual(await q('Đăngthửnghiệm'), [T.A]);
  assert.deepEqual(await q('dangthunghiem'), [T.A], 'd finds Đ');
  assert.deepEqual(await q('đangthunghiem'), [T.A], 'đ without tone marks');
  assert.deepEqual(await q('dangthu'), [T.A], 'prefix');
  assert.deepEqual(await q('quachieucuoi'), [T.B]);
  assert.deepEqual(await q('dangthunghiem quachieucuoi'), [], 'every word required');
  assert.deepEqual(await q(T.A), [T.A], 'a case code');
  assert.deepEqual(await q(T.A.toLowerCase()), [T.A], 'a case code in lower case');
  assert.deepEqual(await q(T.C), [], 'the code of an unpublished case finds nothing');
  assert.deepEqual(await q('Chưa công khai'), [], 'an unpublished case is not indexed');
  // The HTML page searches the same way.
  const p = await page(`/results?q=${encodeURIComponent('dangthunghiem')}`);
  assert.equal(p.status, 200);
  assert.ok(p.text.includes(`/results/${T.A}`));
  assert.ok(!p.text.includes(`/results/${T.B}"`));
});

t('FTS operators and odd input in q are plain text: 200, never an error', async () => {
  for (const s of ['"', 'NEAR(', '*', 'a OR b', 'text:x', ')', '^nhung', 'nhung" OR "cham', '{code}', '-', "'; DROP TABLE cases; --", 'NOT', 'AND OR', 'nhũng AND']) {
    const r = await get(`/api/v1/results?q=${encodeURIComponent(s)}`);
    assert.equal(r.status, 200, `${JSON.stringify(s)}: ${r.text}`);
    assert.ok(Array.isArray(r.json.results));
    const p = await page(`/results?q=${encodeURIComponent(s)}`);
    assert.equal(p.status, 200, `page ${JSON.stringify(s)}`);
  }
  const r = await get(`/api/v1/results?q=${encodeURIComponent('"nhũng" ( * : ^dangthu')}`);
  assert.deepEqual(codes(r), [T.A], 'the words still count, the operators do not');
  const near = await get(`/api/v1/results?q=${encodeURIComponent('NEAR(nhũng dangthu)')}`);
  assert.deepEqual(codes(near), [], '"near" is a word that A does not contain');
});

t('filters narrow: unit and its sub-units, kind, category, period, paging', async () => {
  const all = await get('/api/v1/results');
  const byUnit = await get(`/api/v1/results?unit=${WARD}`);
  assert.ok(codes(byUnit).includes(T.A));
  const other = await get('/api/v1/results?unit=so-y-te');
  assert.equal(other.status, 200);
  assert.ok(!codes(other).includes(T.A));
  const top = await get('/api/v1/results?unit=ubnd-tinh-son-la');
  assert.equal(top.status, 200, top.text);
  assert.ok(codes(top).includes(T.A), 'the province includes the ward below it');
  const petitions = await get('/api/v1/results?kind=petition');
  assert.deepEqual(codes(petitions), [T.B]);
  const money = await get('/api/v1/results?category=money_demand');
  assert.deepEqual(codes(money), [T.A]);
  const both = await get('/api/v1/results?kind=petition&category=money_demand');
  assert.deepEqual(codes(both), []);
  // Period: Vietnam days of publication.
  const a = all.json.results.find((x) => x.code === T.A);
  const day = new Date(Date.parse(a.published_at) + 7 * 3600e3).toISOString().slice(0, 10);
  const next = new Date(Date.parse(day) + 86400e3).toISOString().slice(0, 10);
  const prev = new Date(Date.parse(day) - 86400e3).toISOString().slice(0, 10);
  assert.ok(codes(await get(`/api/v1/results?from=${day}&to=${day}`)).includes(T.A));
  assert.deepEqual(codes(await get(`/api/v1/results?from=${next}`)), []);
  assert.deepEqual(codes(await get(`/api/v1/results?to=${prev}`)), []);
  // Paging.
  const p1 = await get('/api/v1/results?limit=1');
  const p2 = await get('/api/v1/results?limit=1&offset=1');
  assert.equal(p1.json.results.length, 1);
  assert.equal(p1.json.total, all.json.total);
  assert.equal(p2.json.results[0].code, all.json.results[1].code);
  const past = await get(`/api/v1/results?offset=${all.json.total}`);
  assert.deepEqual(past.json.results, []);
  assert.equal(past.json.total, all.json.total);
});

t('bad filters: 400 bad_filter naming the field, in Vietnamese and English', async () => {
  const cases = [
    ['kind=bogus', 'kind'], ['category=nope', 'category'], ['unit=khong-co-don-vi', 'unit'],
    ['from=2026-13-01', 'from'], ['to=27%2F11%2F2026', 'to'], ['from=2026-11-28&to=2026-11-27', 'to'],
    ['limit=0', 'limit'], ['limit=501', 'limit'], ['limit=abc', 'limit'], ['offset=-1', 'offset'],
    [`q=${'a'.repeat(201)}`, 'q'], ['q=%FF%FE', 'q'],
  ];
  for (const [qs, field] of cases) {
    assertError(await get(`/api/v1/results?${qs}`), 400, 'bad_filter', field);
  }
  assertError(await get('/api/v1/results/stats?kind=bogus'), 400, 'bad_filter', 'kind');
  assertError(await get('/api/v1/results/stats?q=x'), 400, 'bad_filter', 'q');
  assertError(await get('/api/v1/results/apologies?q=x'), 400, 'bad_filter', 'q');
  assertError(await get('/api/v1/results/apologies?from=x'), 400, 'bad_filter', 'from');
  const p = await page('/results?kind=bogus');
  assert.equal(p.status, 400);
  assert.match(p.headers.get('content-type'), /text\/html/);
  const csv = await raw('/results.csv?unit=khong-co-don-vi');
  assert.equal(csv.status, 400);
});

t('one result with its apology; unknown and unpublished codes are the same 404', async () => {
  const r = await get(`/api/v1/results/${T.A}`);
  assert.equal(r.status, 200, r.text);
  const x = r.json.result;
  assert.equal(x.code, T.A);
  assert.equal(x.at_fault, true);
  assert.equal(x.sanctions, 1, 'the sanction is public as a count');
  assert.equal(x.apology.unit.code, WARD);
  assert.equal(x.apology.what_wrong, 'Người dân bị đòi tiền ngoài lệ phí đã công bố.');
  assert.equal(x.apology.remedy, 'Hồ sơ được giải quyết ngay, miễn mọi chi phí đi lại.');
  const b = await get(`/api/v1/results/${T.B}`);
  assert.equal(b.json.result.apology, null);
  assert.equal(b.json.result.sanctions, 0);
  const unpublished = await get(`/api/v1/results/${T.C}`);
  const unknown = await get('/api/v1/results/DT-990101-9999');
  const junk = await get('/api/v1/results/not-a-code');
  for (const u of [unpublished, unknown, junk]) assertError(u, 404, 'not_found', 'code');
  assert.equal(unpublished.text, unknown.text, 'no enumeration: the same answer');
  const p = await page(`/results/${T.A}`);
  assert.equal(p.status, 200);
  assert.ok(p.text.includes('Lời xin lỗi'));
  assert.ok(p.text.includes('Hồ sơ được giải quyết ngay, miễn mọi chi phí đi lại.'));
  const pc = await page(`/results/${T.C}`);
  const pu = await page('/results/DT-990101-9999');
  assert.equal(pc.status, 404);
  assert.equal(pu.status, 404);
});

t('statistics per unit count what the test created, with the head, worst first, and totals', async () => {
  const b = wardRow(T.before), a = wardRow(T.after);
  assert.ok(b && a, JSON.stringify(T.after));
  assert.equal(a.received - b.received, 3);
  assert.equal(a.accepted - b.accepted, 3);
  assert.equal(a.concluded_on_time - b.concluded_on_time, 2);
  assert.equal(a.concluded_late - b.concluded_late, 0);
  assert.equal(a.at_fault - b.at_fault, 1);
  assert.equal(a.apologies - b.apologies, 1);
  assert.equal(a.sanctions - b.sanctions, 1);
  assert.equal(a.overdue_now - b.overdue_now, 0);
  assert.equal(a.head.name, head.account.display_name, 'the head of the unit is named');
  assert.equal(typeof a.avg_days_to_conclusion, 'number');
  const all = await stats('');
  for (const k of ['received', 'accepted', 'concluded_on_time', 'concluded_late', 'overdue_now', 'at_fault', 'apologies', 'sanctions']) {
    assert.equal(all.totals[k], all.units.reduce((s, u) => s + u[k], 0), `totals.${k}`);
  }
  const overdue = all.units.map((u) => u.overdue_now);
  assert.deepEqual([...overdue].sort((x, y) => y - x), overdue, 'most overdue first');
  // A period after today counts nothing received.
  const later = await stats(`?unit=${WARD}&from=2099-01-01`);
  assert.equal(wardRow(later).received, 0);
  // The HTML page and the CSV say the same.
  const p = await page(`/results/stats?unit=${WARD}`);
  assert.equal(p.status, 200);
  assert.ok(p.text.includes(head.account.display_name));
  const csv = parseCsv((await raw(`/results/stats.csv?unit=${WARD}`)).text.replace(/^\uFEFF/, ''));
  const row = csv.find((x) => x.unit === WARD);
  assert.equal(Number(row.received), a.received);
  assert.equal(Number(row.at_fault), a.at_fault);
  assert.equal(Number(row.overdue_now), a.overdue_now);
  assert.equal(row.head_name, a.head.name);
});

t('the apology register lists published apologies, filtered by unit', async () => {
  const r = await get('/api/v1/results/apologies');
  assert.equal(r.status, 200, r.text);
  const mine = r.json.apologies.find((x) => x.code === T.A);
  assert.ok(mine, r.text);
  assert.equal(mine.what_done, 'Đơn vị đã xin lỗi trực tiếp và hoàn trả khoản tiền.');
  assert.equal(mine.url, `/results/${T.A}`);
  assert.ok(!r.json.apologies.some((x) => x.code === T.B), 'no apology without fault');
  assert.ok(r.json.apologies.length >= 2, 'the demo apology too');
  const other = await get('/api/v1/results/apologies?unit=so-y-te');
  assert.deepEqual(other.json.apologies, []);
  const p = await page('/results/apologies');
  assert.equal(p.status, 200);
  assert.ok(p.text.includes(`/results/${T.A}`));
});

t('downloads: CSV with a UTF-8 BOM, the English header and one row per result; JSON the same', async () => {
  const json = await get(`/api/v1/results?unit=${WARD}&limit=500`);
  const c = await raw(`/results.csv?unit=${WARD}`);
  assert.equal(c.status, 200);
  assert.match(c.headers.get('content-type'), /^text\/csv; charset=utf-8/);
  assert.match(c.headers.get('content-disposition'), /attachment; filename="results.csv"/);
  assert.deepEqual([...c.bytes.slice(0, 3)], [0xef, 0xbb, 0xbf], 'byte order mark');
  const text = c.text.slice(1);
  assert.equal(text.split('\r\n')[0],
    'code,kind,kind_label,category,category_label,unit,unit_name,received_date,concluded_date,published_date,on_time,at_fault,resolved,summary,url');
  assert.ok(text.endsWith('\r\n'));
  const rows = parseCsv(text);
  assert.equal(rows.length, json.json.total);
  const a = rows.find((x) => x.code === T.A);
  assert.equal(a.at_fault, '1');
  assert.equal(a.unit_name, 'Phường Chiềng Cơi');
  assert.match(a.summary, /Đăngthửnghiệm/);
  assert.deepEqual(parseCsv((await raw('/results.csv?kind=petition')).text.slice(1)).map((x) => x.code), [T.B]);
  const j = await raw(`/results.json?unit=${WARD}`);
  assert.equal(j.status, 200);
  const parsed = JSON.parse(j.text);
  assert.equal(parsed.rows.length, json.json.total);
  assert.equal(parsed.total, json.json.total);
  const ap = await raw('/results/apologies.csv');
  assert.deepEqual([...ap.bytes.slice(0, 3)], [0xef, 0xbb, 0xbf]);
  const aprows = parseCsv(ap.text.slice(1));
  assert.equal(aprows.length, (await get('/api/v1/results/apologies')).json.total);
  assert.ok(aprows.some((x) => x.code === T.A && x.remedy === 'Hồ sơ được giải quyết ngay, miễn mọi chi phí đi lại.'));
  const st = await raw('/results/stats.csv');
  assert.deepEqual([...st.bytes.slice(0, 3)], [0xef, 0xbb, 0xbf]);
  assert.equal(st.text.slice(1).split('\r\n')[0],
    'unit,unit_name,head_name,head_title,received,accepted,concluded_on_time,concluded_late,overdue_now,at_fault,apologies,sanctions,avg_days_to_conclusion');
});

t('nothing about the reporter, the report, the findings or the official appears in any public page or file', async () => {
  const paths = [
    '/results', `/results?q=dangthunghiem`, `/results/${T.A}`, `/results/${T.B}`, '/results/stats', '/results/apologies',
    '/results.csv', '/results.json', '/results/stats.csv', '/results/apologies.csv',
    '/api/v1/results', `/api/v1/results/${T.A}`, `/api/v1/results/${T.B}`, '/api/v1/results/stats', '/api/v1/results/apologies',
    '/results?lang=en', `/results/${T.A}?lang=en`,
  ];
  const never = [SECRET.name, SECRET.phone, SECRET.email, SECRET.address, SECRET.id_number, SECRET.body, SECRET.title,
    SECRET.findings, SECRET.conclusion, SECRET.sanction, officialName, 'Bímật', 'Kínđáo', '0987654321', 'Lò Văn Minh'];
  for (const p of paths) {
    const r = await raw(p);
    assert.equal(r.status, 200, p);
    // JSON escapes non-ASCII: compare decoded JSON text too.
    const texts = [r.text];
    if (/json/.test(r.headers.get('content-type') || '')) texts.push(JSON.stringify(JSON.parse(r.text)));
    for (const s of never) for (const body of texts) assert.ok(!body.includes(s), `${p} shows ${JSON.stringify(s)}`);
  }
});

t('pages: Vietnamese first, English on request, one layout, no script, no inline style', async () => {
  const vi = await page('/results');
  assert.equal(vi.status, 200);
  assert.match(vi.text, /<html lang="vi">/);
  assert.ok(vi.text.includes('Kết quả giải quyết phản ánh, kiến nghị, khiếu nại, tố cáo'));
  assert.ok(vi.text.includes('href="/results/stats"') && vi.text.includes('href="/results/apologies"'));
  const en = await page('/results?lang=en');
  assert.match(en.text, /<html lang="en">/);
  assert.ok(en.text.includes('Results of feedback, petitions, complaints and denunciations'));
  for (const p of ['/results', `/results/${T.A}`, '/results/stats', '/results/apologies']) {
    const r = await page(p);
    assert.ok(!/<script/i.test(r.text), `${p}: no script`);
    assert.ok(!/\sstyle=/i.test(r.text) && !/<style/i.test(r.text), `${p}: no inline style`);
    assert.ok(r.headers.get('content-security-policy'), `${p}: CSP`);
  }
  const home = await page('/');
  assert.ok(home.text.includes('href="/results"') && home.text.includes('href="/results/apologies"'), 'the home page links them');
});
