// The procedure catalogue: GET /api/v1/procedures (list, search, filters),
// GET /api/v1/procedures/{code}, PATCH by administrators (ledger +1, every
// refusal changes nothing), and `minhbach import procedures FILE.csv`
// (all or nothing).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { startServer, api, login, ledgerHead, runCli, withLog, REPO } from '../lib/server.mjs';
import { assertError, parseCsv, ISO_RE } from '../lib/check.mjs';

let srv;
let dir;
const s = {};
before(async () => {
  srv = await startServer({ demo: true });
  dir = srv.dir;
  for (const who of ['quantri', 'truongphuong', 'congdan', 'giamsat']) s[who] = await login(srv.url, who);
});
after(async () => {
  if (srv) await srv.stop();
  if (dir && !srv.failed && !process.env.MB_KEEP_TMP) await fsp.rm(dir, { recursive: true, force: true });
});
const t = (name, fn) => test(name, withLog(() => srv, fn));

const csv = parseCsv(fs.readFileSync(path.join(REPO, 'data', 'procedures.csv'), 'utf8'));
const SUMMARY_KEYS = ['code', 'name_vi', 'name_en', 'field', 'level', 'processing_days', 'time_unit', 'fee_vnd', 'online_level', 'unit'].sort();
const FULL_KEYS = ['code', 'name_vi', 'name_en', 'level', 'field', 'processing_days', 'fee_vnd', 'documents', 'legal_basis',
  'time_unit', 'online_level', 'clock_policy', 'cutoff', 'unit', 'active', 'version', 'updated_at', 'updated_by_role'].sort();

async function list(query = '') {
  const r = await api(srv.url, 'GET', `/api/v1/procedures${query}`);
  assert.equal(r.status, 200, `list ${query}: ${r.text}`);
  assert.ok(Array.isArray(r.json.procedures));
  return r.json.procedures;
}
const codes = async (query) => (await list(query)).map((p) => p.code);
const search = (q) => codes(`?q=${encodeURIComponent(q)}`);

async function getProc(code) {
  const r = await api(srv.url, 'GET', `/api/v1/procedures/${encodeURIComponent(code)}`);
  assert.equal(r.status, 200, `GET ${code}: ${r.text}`);
  return r.json.procedure;
}

function patch(code, body, who = 'quantri', extra = {}) {
  const sess = who ? s[who] : {};
  return api(srv.url, 'PATCH', `/api/v1/procedures/${code}`, { body, cookie: sess.cookie, csrf: sess.csrf, ...extra });
}

/** Runs fn, expects the error, and checks that neither the procedure nor the ledger changed. */
async function refused(code, fn, status, errCode, field) {
  const head = await ledgerHead(srv.url);
  const before_ = await getProc(code);
  const r = await fn();
  assertError(r, status, errCode, field);
  const after_ = await ledgerHead(srv.url);
  assert.equal(after_.seq, head.seq, 'a refused request advanced the ledger');
  assert.equal(after_.hash, head.hash);
  assert.deepEqual(await getProc(code), before_, 'a refused request changed the procedure');
  return r;
}

// ---------------------------------------------------------------- reading

t('the demo has the 31 procedures of data/procedures.csv, with the documented summary shape', async () => {
  assert.equal(csv.length, 31, 'data/procedures.csv changed: update this test');
  const all = await list();
  assert.equal(all.length, 31);
  const byCode = new Map(all.map((p) => [p.code, p]));
  for (const row of csv) {
    const p = byCode.get(row.code);
    assert.ok(p, `${row.code} missing`);
    assert.deepEqual(Object.keys(p).sort(), SUMMARY_KEYS, row.code);
    assert.equal(p.name_vi, row.name_vi);
    assert.equal(p.name_en, row.name_en);
    assert.equal(p.level, row.level);
    assert.equal(p.field, row.field);
    assert.equal(p.processing_days, Number(row.processing_days));
    assert.equal(p.fee_vnd, row.fee_vnd === '' ? null : Number(row.fee_vnd), `${row.code}.fee_vnd`);
    assert.ok(['full', 'partial'].includes(p.online_level));
    if (row.level === 'commune') assert.equal(p.unit, null, `${row.code}: commune-level procedures belong to every commune`);
    else assert.equal(typeof p.unit, 'string', `${row.code}: a province-level procedure has a demo unit`);
  }
});

t('demo assignments: units by field, online levels, time units from the legal basis', async () => {
  const by = new Map((await list()).map((p) => [p.code, p]));
  assert.equal(by.get('lltp-cap-phieu-ly-lich-tu-phap').unit, 'cong-an-tinh');
  assert.equal(by.get('dd-dang-ky-bien-dong').unit, 'so-nong-nghiep-va-moi-truong');
  assert.equal(by.get('xd-gpxd-cong-trinh').unit, 'so-xay-dung');
  assert.equal(by.get('dn-dang-ky-thanh-lap').unit, 'so-tai-chinh');
  assert.equal(by.get('dt-cap-gcn-dang-ky-dau-tu').unit, 'so-tai-chinh');
  assert.equal(by.get('kn-khieu-nai-lan-hai-tinh').unit, 'thanh-tra-tinh');
  assert.equal(by.get('tiep-cong-dan-tinh').unit, 'thanh-tra-tinh');
  const full = ['ht-dang-ky-khai-sinh', 'ht-dang-ky-khai-tu', 'ht-xac-nhan-tinh-trang-hon-nhan', 'cu-dang-ky-tam-tru',
    'lltp-cap-phieu-ly-lich-tu-phap', 'dn-dang-ky-thanh-lap'];
  for (const [code, p] of by) assert.equal(p.online_level, full.includes(code) ? 'full' : 'partial', code);
  // "không quá 30 ngày" → calendar days; "03 ngày làm việc" → working days.
  for (const c of ['dd-hoa-giai-tranh-chap', 'kn-khieu-nai-lan-dau-xa', 'tc-giai-quyet-to-cao-xa', 'lltp-cap-phieu-ly-lich-tu-phap',
    'xd-gpxd-nha-o-rieng-le', 'xd-gpxd-cong-trinh', 'dt-cap-gcn-dang-ky-dau-tu', 'kn-khieu-nai-lan-hai-tinh'])
    assert.equal(by.get(c).time_unit, 'calendar_days', c);
  for (const c of ['ht-thay-doi-cai-chinh', 'ct-hop-dong-giao-dich', 'dn-dang-ky-thanh-lap', 'dd-cap-gcn-lan-dau', 'ht-dang-ky-khai-sinh'])
    assert.equal(by.get(c).time_unit, 'working_days', c);
});

t('search folds diacritics and matches every word: "khai sinh", "dang ky kinh doanh"', async () => {
  const ks = await search('khai sinh');
  assert.ok(ks.includes('ht-dang-ky-khai-sinh'), JSON.stringify(ks));
  assert.ok(ks.includes('ht-dang-ky-lai-khai-sinh'), JSON.stringify(ks));
  assert.ok(!ks.includes('ht-dang-ky-khai-tu'), 'khai tử does not match "khai sinh"');
  assert.deepEqual(await search('KHAI SINH'), ks);
  const dk = await search('dang ky kinh doanh');
  assert.ok(dk.includes('kd-dang-ky-ho-kinh-doanh'), JSON.stringify(dk));
  assert.ok(dk.includes('kd-thay-doi-ho-kinh-doanh'), JSON.stringify(dk));
  assert.ok(!dk.includes('dn-dang-ky-thanh-lap'), 'no "kinh doanh" in its name');
  assert.deepEqual(await search('Đăng ký kinh doanh'), dk);
  assert.deepEqual(await search('đăng ký KINH DOANH'), dk);
  // English names and word starts.
  assert.ok((await search('birth')).includes('ht-dang-ky-khai-sinh'));
  assert.ok((await search('chung th')).includes('ct-chu-ky'));
  assert.deepEqual(await search('zzz khong co thu tuc nay'), []);
});

t('search treats SQL and LIKE metacharacters as text; a long q is refused', async () => {
  for (const q of ['%', '_', "' OR '1'='1", '"; DROP TABLE procedures; --']) {
    const r = await api(srv.url, 'GET', `/api/v1/procedures?q=${encodeURIComponent(q)}`);
    assert.equal(r.status, 200, q);
  }
  assert.equal((await list()).length, 31, 'procedures table damaged');
  assertError(await api(srv.url, 'GET', `/api/v1/procedures?q=${'a'.repeat(201)}`), 422, 'invalid_field', 'q');
});

t('?unit= lists what that unit handles; ?field= filters by field', async () => {
  assert.deepEqual(await codes('?unit=cong-an-tinh'), ['lltp-cap-phieu-ly-lich-tu-phap']);
  const tt = await codes('?unit=thanh-tra-tinh');
  assert.deepEqual(tt.sort(), ['kn-khieu-nai-lan-hai-tinh', 'tc-giai-quyet-to-cao-tinh', 'tiep-cong-dan-tinh']);
  const ward = await codes('?unit=phuong-chieng-coi');
  const commune = await codes('?unit=xa-long-sap');
  const communeLevel = csv.filter((r) => r.level === 'commune').map((r) => r.code).sort();
  assert.deepEqual([...ward].sort(), communeLevel, 'a ward handles every commune-level procedure');
  assert.deepEqual(commune, ward);
  assert.deepEqual(await codes('?unit=so-y-te'), []);
  const hotich = await codes(`?field=${encodeURIComponent('Hộ tịch')}`);
  assert.deepEqual([...hotich].sort(), csv.filter((r) => r.field === 'Hộ tịch').map((r) => r.code).sort());
  assert.deepEqual(await codes(`?unit=phuong-chieng-coi&field=${encodeURIComponent('Chứng thực')}&q=chu+ky`), ['ct-chu-ky']);
  assert.equal((await list('?unit=&field=&q=')).length, 31, 'empty parameters do not filter');
  assertError(await api(srv.url, 'GET', '/api/v1/procedures?unit=khong-co'), 422, 'invalid_field', 'unit');
});

t('GET /api/v1/procedures/{code} returns every field with the documents in order', async () => {
  const p = await getProc('ht-dang-ky-khai-sinh');
  assert.deepEqual(Object.keys(p).sort(), FULL_KEYS);
  const row = csv.find((r) => r.code === 'ht-dang-ky-khai-sinh');
  assert.deepEqual(p.documents, row.required_documents.split(';'));
  assert.equal(p.documents[0], 'Tờ khai đăng ký khai sinh (theo mẫu)');
  assert.equal(p.legal_basis, row.legal_basis);
  assert.equal(p.fee_vnd, 0);
  assert.equal(p.processing_days, 0);
  assert.equal(p.time_unit, 'working_days');
  assert.equal(p.clock_policy, 'pause');
  assert.equal(p.cutoff, null);
  assert.equal(p.unit, null);
  assert.equal(p.active, true);
  assert.equal(p.version, 1);
  assert.equal(p.updated_by_role, 'system');
  assert.match(p.updated_at, ISO_RE);
  const lltp = await getProc('lltp-cap-phieu-ly-lich-tu-phap');
  assert.equal(lltp.fee_vnd, 200000);
  assert.equal(lltp.unit, 'cong-an-tinh');
  assert.equal(lltp.documents.length, 3);
  assert.equal((await getProc('ht-nhan-cha-me-con')).fee_vnd, null, 'blank fee: set by the People\'s Council');
  assertError(await api(srv.url, 'GET', '/api/v1/procedures/khong-co'), 404, 'not_found', 'code');
  assertError(await api(srv.url, 'GET', '/api/v1/procedures/HT-DANG-KY-KHAI-SINH'), 404, 'not_found');
});

// ---------------------------------------------------------------- changing

t('admin PATCH: 200, ledger +1, version +1, only the sent fields change', async () => {
  const head = await ledgerHead(srv.url);
  const before_ = await getProc('ht-dang-ky-khai-sinh');
  const docs = ['Tờ khai đăng ký khai sinh (theo mẫu)', 'Giấy chứng sinh', 'Giấy tờ tùy thân (xuất trình)'];
  const r = await patch('ht-dang-ky-khai-sinh', { documents: docs, cutoff: '15:00', clock_policy: 'restart' });
  assert.equal(r.status, 200, r.text);
  const p = r.json.procedure;
  assert.deepEqual(p.documents, docs);
  assert.equal(p.cutoff, '15:00');
  assert.equal(p.clock_policy, 'restart');
  assert.equal(p.version, before_.version + 1);
  assert.equal(p.updated_by_role, 'admin');
  for (const k of ['name_vi', 'name_en', 'fee_vnd', 'legal_basis', 'processing_days', 'time_unit', 'unit', 'online_level'])
    assert.deepEqual(p[k], before_[k], k);
  const h2 = await ledgerHead(srv.url);
  assert.equal(h2.seq, head.seq + 1, 'one procedure.changed event');
  assert.deepEqual(await getProc('ht-dang-ky-khai-sinh'), p, 'GET differs from the PATCH answer');
  // The same values again: 200, no event.
  const again = await patch('ht-dang-ky-khai-sinh', { cutoff: '15:00' });
  assert.equal(again.status, 200);
  assert.equal((await ledgerHead(srv.url)).seq, h2.seq, 'an unchanged PATCH must not add an event');
});

t('admin PATCH: fees, null fee, unit, level, time unit derived again, deactivation', async () => {
  let r = await patch('ht-nhan-cha-me-con', { fee_vnd: 5000 });
  assert.equal(r.json.procedure.fee_vnd, 5000);
  r = await patch('ht-nhan-cha-me-con', { fee_vnd: null });
  assert.equal(r.json.procedure.fee_vnd, null);
  r = await patch('xd-gpxd-cong-trinh', { unit: 'so-tai-chinh' });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(await codes('?unit=so-xay-dung'), []);
  assert.ok((await codes('?unit=so-tai-chinh')).includes('xd-gpxd-cong-trinh'));
  r = await patch('xd-gpxd-cong-trinh', { level: 'commune', unit: null });
  assert.equal(r.status, 200, r.text);
  assert.ok((await codes('?unit=xa-long-sap')).includes('xd-gpxd-cong-trinh'));
  r = await patch('xd-gpxd-cong-trinh', { level: 'province', unit: 'so-xay-dung', time_unit: 'working_days' });
  assert.equal(r.json.procedure.time_unit, 'working_days');
  r = await patch('xd-gpxd-cong-trinh', { time_unit: '' });
  assert.equal(r.json.procedure.time_unit, 'calendar_days', '"" derives it from "Điều 102: 20 ngày"');
  r = await patch('ct-chu-ky', { active: false });
  assert.equal(r.json.procedure.active, false);
  assert.ok(!(await codes()).includes('ct-chu-ky'), 'a procedure no longer in force is not listed');
  assert.equal((await getProc('ct-chu-ky')).active, false);
  r = await patch('ct-chu-ky', { active: true });
  assert.ok((await codes()).includes('ct-chu-ky'));
});

t('concurrent PATCHes of different fields all survive (no lost update)', async () => {
  const C = 'ct-ban-sao-tu-ban-chinh';
  const head = await ledgerHead(srv.url);
  const changes = [{ fee_vnd: 7777 }, { cutoff: '16:00' }, { online_level: 'none' }, { clock_policy: 'restart' },
    { name_en: 'Certified copies from originals' }, { processing_days: 1 }];
  const rs = await Promise.all(changes.map((c) => patch(C, c)));
  for (const r of rs) assert.equal(r.status, 200, r.text);
  const p = await getProc(C);
  for (const c of changes) for (const [k, v] of Object.entries(c)) assert.deepEqual(p[k], v, `${k} was overwritten`);
  assert.equal((await ledgerHead(srv.url)).seq, head.seq + changes.length);
});

t('bad input: 422 naming the field, nothing changes', async () => {
  const C = 'dd-cap-doi-gcn';
  const bad = [
    [{ processing_days: 366 }, 'processing_days'],
    [{ processing_days: -1 }, 'processing_days'],
    [{ processing_days: '7' }, 'processing_days'],
    [{ processing_days: 2.5 }, 'processing_days'],
    [{ fee_vnd: -1 }, 'fee_vnd'],
    [{ fee_vnd: '50.000' }, 'fee_vnd'],
    [{ documents: [] }, 'documents'],
    [{ documents: ['Đơn', ''] }, 'documents'],
    [{ documents: 'Đơn' }, 'documents'],
    [{ documents: ['Đơn', 3] }, 'documents'],
    [{ documents: ['x'.repeat(301)] }, 'documents'],
    [{ name_vi: '' }, 'name_vi'],
    [{ name_vi: 'a'.repeat(301) }, 'name_vi'],
    [{ name_en: 'line\nbreak' }, 'name_en'],
    [{ level: 'district' }, 'level'],
    [{ time_unit: 'hours' }, 'time_unit'],
    [{ online_level: 'level4' }, 'online_level'],
    [{ clock_policy: 'stop' }, 'clock_policy'],
    [{ cutoff: '25:00' }, 'cutoff'],
    [{ cutoff: 1500 }, 'cutoff'],
    [{ unit: 'khong-co' }, 'unit'],
    [{ unit: 'xa-long-sap' }, 'unit'],            // a commune cannot handle a province-level procedure
    [{ level: 'commune' }, 'unit'],               // its unit is a department
    [{ active: 'yes' }, 'active'],
    [{ code: 'doi-ma' }, 'code'],                 // read-only
    [{ version: 9 }, 'version'],
    [{ colour: 'red' }, 'colour'],
    [{ fee_vnd: 1000, processing_days: 999 }, 'processing_days'],   // one bad field refuses the whole change
  ];
  for (const [body, field] of bad) {
    await refused(C, () => patch(C, body), 422, 'invalid_field', field);
  }
  await refused(C, () => patch(C, '[1,2]'), 400, 'bad_json');
  await refused(C, () => patch(C, '{"fee_vnd": '), 400, 'bad_json');
});

t('only administrators may PATCH: 403 for other roles, 401 anonymous, 403 without CSRF', async () => {
  const C = 'ct-hop-dong-giao-dich';
  for (const who of ['truongphuong', 'congdan', 'giamsat']) {
    await refused(C, () => patch(C, { fee_vnd: 1 }, who), 403, 'forbidden');
  }
  await refused(C, () => patch(C, { fee_vnd: 1 }, null), 401, 'unauthenticated');
  await refused(C, () => patch(C, { fee_vnd: 1 }, 'quantri', { csrf: 'sai' }), 403, 'csrf');
  assertError(await patch('khong-co', { fee_vnd: 1 }), 404, 'not_found', 'code');
});

// ---------------------------------------------------------------- the command line

const HEADER = 'code,name_vi,name_en,level,field,processing_days,fee_vnd,required_documents,legal_basis';
const csvField = (v) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

t('import with two bad rows: exit 1, both lines named on stderr, nothing changed', async () => {
  const before_ = await getProc('ht-dang-ky-khai-tu');
  const head = await ledgerHead(srv.url);
  const file = path.join(dir, 'bad.csv');
  await fsp.writeFile(file, [
    HEADER,
    // a good change to an existing procedure: must not be applied either
    'ht-dang-ky-khai-tu,Đăng ký khai tử,Death registration,commune,Hộ tịch,0,1000,Tờ khai;Giấy báo tử,Luật Hộ tịch 2014',
    'xa-moi-1,Thủ tục mới,New procedure,commune,Hộ tịch,400,0,Tờ khai,Luật Hộ tịch 2014',
    'xa-moi-2,Thủ tục mới hai,New procedure two,commune,Hộ tịch,3,0,Tờ khai,Luật Hộ tịch 2014',
    'xa-moi-3,Thủ tục mới ba,New procedure three,commune,Hộ tịch,3,0,;,Luật Hộ tịch 2014',
    '',
  ].join('\n'));
  const r = await runCli(['import', 'procedures', file, '--db', srv.dbPath]);
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stderr, /^line 3: processing_days: .*0 to 365/m, r.stderr);
  assert.match(r.stderr, /^line 5: required_documents: at least one/m, r.stderr);
  assert.doesNotMatch(r.stderr, /^line [246]:/m, 'good rows are not reported');
  assert.match(r.stderr, /2 rows rejected; nothing was imported/);
  assert.equal(r.stdout, '');
  const h2 = await ledgerHead(srv.url);
  assert.equal(h2.seq, head.seq, 'a refused import advanced the ledger');
  assert.equal(h2.hash, head.hash);
  assert.deepEqual(await getProc('ht-dang-ky-khai-tu'), before_, 'a refused import changed a procedure');
  assertError(await api(srv.url, 'GET', '/api/v1/procedures/xa-moi-2'), 404, 'not_found');
});

t('import refuses bad command lines and files without exit 0', async () => {
  const none = await runCli(['import', 'procedures', path.join(dir, 'none.csv'), '--db', srv.dbPath]);
  assert.equal(none.code, 2);
  assert.match(none.stderr, /cannot read/);
  const kind = await runCli(['import', 'holidays', path.join(dir, 'none.csv'), '--db', srv.dbPath]);
  assert.equal(kind.code, 2);
  const args = await runCli(['import', 'procedures', '--db', srv.dbPath]);
  assert.equal(args.code, 2);
  const file = path.join(dir, 'header.csv');
  await fsp.writeFile(file, 'code,name_vi,colour\nx,y,z\n');
  const h = await runCli(['import', 'procedures', file, '--db', srv.dbPath]);
  assert.equal(h.code, 1);
  assert.match(h.stderr, /^line 1: colour: unknown column/m);
  assert.match(h.stderr, /^line 1: legal_basis: missing column/m);
  const help = await runCli(['import', '--help']);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /^usage: minhbach import procedures FILE\.csv/);
  const top = await runCli(['--help']);
  assert.match(top.stdout, /\bimport\b/);
});

t('import a good file: exit 0 with a summary; after a restart the API shows the rows', async () => {
  const head = await ledgerHead(srv.url);
  const file = path.join(dir, 'good.csv');
  await fsp.writeFile(file, [
    `${HEADER},online_level,cutoff,unit`,
    // changed: the fee and one document
    'dn-dang-ky-thay-doi,Đăng ký thay đổi nội dung đăng ký doanh nghiệp,Amendment of enterprise registration,province,'
      + 'Thành lập và hoạt động của doanh nghiệp,3,0,"Thông báo thay đổi (theo mẫu);Giấy tờ liên quan",'
      + '"Luật Doanh nghiệp 2020 (Điều 30-31); Nghị định 168/2025/NĐ-CP",full,,so-tai-chinh',
    // new, with calendar days read from its legal basis
    'nv-thu-tuc-moi,"Thủ tục mới, thử nghiệm",New test procedure,province,Nội vụ,15,,Đơn đề nghị;Bản sao giấy tờ,'
      + 'Luật thử nghiệm (Điều 5: không quá 15 ngày),partial,15:30,so-noi-vu',
    // unchanged (the demo row as it is)
    [...HEADER.split(',').map((k) => csvField(csv.find((x) => x.code === 'tiep-cong-dan-tinh')[k])), 'partial', '', 'thanh-tra-tinh'].join(','),
    '',
  ].join('\r\n'));
  const r = await runCli(['import', 'procedures', file, '--db', srv.dbPath]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, 'procedures: 1 created, 1 changed, 1 unchanged\n');
  assert.doesNotMatch(r.stderr, /importing procedures \[/, 'no progress bar when stderr is not a terminal');

  await srv.stop();
  srv = await startServer({ demo: false, dir });
  const h2 = await ledgerHead(srv.url);
  assert.equal(h2.seq, head.seq + 2, 'one event per created or changed procedure');
  const n = await getProc('nv-thu-tuc-moi');
  assert.equal(n.name_vi, 'Thủ tục mới, thử nghiệm');
  assert.deepEqual(n.documents, ['Đơn đề nghị', 'Bản sao giấy tờ']);
  assert.equal(n.time_unit, 'calendar_days');
  assert.equal(n.fee_vnd, null);
  assert.equal(n.cutoff, '15:30');
  assert.equal(n.unit, 'so-noi-vu');
  assert.equal(n.updated_by_role, 'system');
  const c = await getProc('dn-dang-ky-thay-doi');
  assert.equal(c.fee_vnd, 0);
  assert.equal(c.online_level, 'full');
  assert.deepEqual(c.documents, ['Thông báo thay đổi (theo mẫu)', 'Giấy tờ liên quan']);
  assert.equal(c.version, 2);
  assert.equal((await getProc('tiep-cong-dan-tinh')).version, 1);
  assert.ok((await search('thu tuc moi')).includes('nv-thu-tuc-moi'));
  assert.deepEqual(await codes('?unit=so-noi-vu'), ['nv-thu-tuc-moi']);
  const v = await runCli(['verify', '--db', srv.dbPath]);
  assert.equal(v.code, 0, v.stdout);
});
