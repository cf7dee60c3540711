// GET /api/v1/units (list and search) and GET /api/v1/units/{id}.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, api, withLog } from '../lib/server.mjs';
import { assertError, unitsCsv, ISO_RE } from '../lib/check.mjs';

let srv;
before(async () => { srv = await startServer({ demo: true }); });
after(async () => { if (srv) await srv.cleanup(); });
const t = (name, fn) => test(name, withLog(() => srv, fn));

const csv = unitsCsv();
const KINDS = ['province', 'department', 'agency', 'commune', 'ward'];

async function search(q) {
  const r = await api(srv.url, 'GET', `/api/v1/units?q=${encodeURIComponent(q)}`);
  assert.equal(r.status, 200, `search ${q}: ${r.text}`);
  assert.ok(Array.isArray(r.json.units), `search ${q}: no units array`);
  return r.json.units.map((u) => u.id);
}

t('the demo data has the 92 units of data/units.csv', async () => {
  assert.equal(csv.length, 92, 'data/units.csv changed: update this test');
  const r = await api(srv.url, 'GET', '/api/v1/units');
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type') || '', /application\/json/);
  const units = r.json.units;
  assert.ok(Array.isArray(units));
  assert.equal(units.length, csv.length);
  const byId = new Map(units.map((u) => [u.id, u]));
  assert.equal(byId.size, units.length, 'duplicate ids in the list');
  for (const row of csv) {
    const u = byId.get(row.code);
    assert.ok(u, `unit ${row.code} missing`);
    assert.equal(u.parent, row.parent_code === '' ? null : row.parent_code, `${row.code}.parent`);
    assert.equal(u.kind, row.kind, `${row.code}.kind`);
    assert.equal(u.name_vi, row.name_vi, `${row.code}.name_vi`);
    assert.equal(u.name_en, row.name_en, `${row.code}.name_en`);
  }
});

t('list entries have exactly the documented shape', async () => {
  const r = await api(srv.url, 'GET', '/api/v1/units');
  const soyte = r.json.units.find((u) => u.id === 'so-y-te');
  assert.deepEqual(soyte, {
    id: 'so-y-te', parent: 'ubnd-tinh-son-la', kind: 'department',
    name_vi: 'Sở Y tế tỉnh Sơn La', name_en: 'Department of Health, Son La',
  });
  const root = r.json.units.find((u) => u.id === 'ubnd-tinh-son-la');
  assert.equal(root.parent, null);
  assert.equal(root.kind, 'province');
  for (const u of r.json.units) assert.ok(KINDS.includes(u.kind), `${u.id}: bad kind ${u.kind}`);
});

t('GET /api/v1/units/{id} returns the full unit', async () => {
  const r = await api(srv.url, 'GET', '/api/v1/units/so-y-te');
  assert.equal(r.status, 200, r.text);
  const u = r.json.unit;
  assert.ok(u, 'no unit object');
  assert.equal(u.id, 'so-y-te');
  assert.equal(u.parent, 'ubnd-tinh-son-la');
  assert.equal(u.kind, 'department');
  assert.equal(u.name_vi, 'Sở Y tế tỉnh Sơn La');
  assert.equal(u.name_en, 'Department of Health, Son La');
  for (const f of ['head_name', 'head_title', 'phone', 'email', 'hotline', 'address', 'reception_schedule', 'reception_place']) {
    assert.equal(typeof u[f], 'string', `${f} should be a string`);
  }
  // Demo contacts exist and are flagged as demo data.
  assert.equal(u.contacts_demo, true);
  assert.ok(u.head_name.length > 0, 'demo head_name is empty');
  assert.ok(u.phone.length > 0, 'demo phone is empty');
  assert.ok(u.updated_at === null || ISO_RE.test(u.updated_at), `updated_at: ${u.updated_at}`);
  assert.ok(u.updated_by_role === null || typeof u.updated_by_role === 'string');
  assert.ok(Array.isArray(u.children));
  assert.equal(u.children.length, 0, 'so-y-te has no child units in data/units.csv');
});

t('children of the province are its direct subordinate units', async () => {
  const r = await api(srv.url, 'GET', '/api/v1/units/ubnd-tinh-son-la');
  assert.equal(r.status, 200);
  const u = r.json.unit;
  assert.equal(u.parent, null);
  const expected = csv.filter((row) => row.parent_code === 'ubnd-tinh-son-la').map((row) => row.code).sort();
  assert.deepEqual(u.children.map((c) => c.id).sort(), expected);
  const c = u.children.find((x) => x.id === 'phuong-chieng-coi');
  const { id, name_vi, name_en, kind } = c;
  assert.deepEqual({ id, name_vi, name_en, kind }, { id: 'phuong-chieng-coi', name_vi: 'Phường Chiềng Cơi', name_en: 'Chieng Coi Ward', kind: 'ward' });
});

t('unknown unit answers 404 not_found', async () => {
  assertError(await api(srv.url, 'GET', '/api/v1/units/khong-ton-tai'), 404, 'not_found');
  assertError(await api(srv.url, 'GET', '/api/v1/units/SO-Y-TE'), 404, 'not_found');
  assertError(await api(srv.url, 'GET', `/api/v1/units/${encodeURIComponent("so-y-te' OR 1=1 --")}`), 404, 'not_found');
});

t('search ignores diacritics: "chieng coi" finds Phường Chiềng Cơi', async () => {
  const ids = await search('chieng coi');
  assert.ok(ids.includes('phuong-chieng-coi'), JSON.stringify(ids));
  assert.deepEqual(await search('Chiềng Cơi'), ids);
  assert.deepEqual(await search('CHIENG COI'), ids);
  assert.deepEqual(await search('chiềng cơi'), ids);
});

t('search "son la" finds the province', async () => {
  const ids = await search('son la');
  assert.ok(ids.includes('ubnd-tinh-son-la'), JSON.stringify(ids));
  assert.deepEqual(await search('Sơn La'), ids);
});

t('search "moc chau" finds Phường Mộc Châu', async () => {
  const ids = await search('moc chau');
  assert.ok(ids.includes('phuong-moc-chau'), JSON.stringify(ids));
  assert.deepEqual(await search('Mộc Châu'), ids);
});

t('search folds đ/Đ to d: "Đoàn Kết", "đoàn kết" and "doan ket" find Xã Đoàn Kết', async () => {
  const a = await search('Đoàn Kết');
  const b = await search('doan ket');
  const c = await search('đoàn kết');
  const d = await search('DOAN KET');
  assert.ok(a.includes('xa-doan-ket'), JSON.stringify(a));
  assert.deepEqual(b, a);
  assert.deepEqual(c, a);
  assert.deepEqual(d, a);
});

t('search matches only units whose names contain the words', async () => {
  const ids = await search('chieng coi');
  const fold = (s) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[đĐ]/g, 'd').toLowerCase();
  for (const id of ids) {
    const row = csv.find((x) => x.code === id);
    assert.ok(row, `search returned unknown id ${id}`);
    const hay = fold(row.name_vi + ' ' + row.name_en);
    assert.ok(hay.includes('chieng') && hay.includes('coi'), `${id} (${row.name_vi}) should not match "chieng coi"`);
  }
  const health = await search('y te');
  assert.ok(health.includes('so-y-te'), JSON.stringify(health));
  assert.ok(!health.includes('phuong-chieng-coi'));
});

t('search by English name works', async () => {
  const ids = await search('department of health');
  assert.ok(ids.includes('so-y-te'), JSON.stringify(ids));
});

t('search with no match answers an empty list', async () => {
  assert.deepEqual(await search('zzzqqq khong co don vi nay'), []);
});

t('search handles SQL/LIKE metacharacters as text', async () => {
  for (const q of ["%", "_", "' OR '1'='1", '"; DROP TABLE units; --', '\\']) {
    const r = await api(srv.url, 'GET', `/api/v1/units?q=${encodeURIComponent(q)}`);
    assert.equal(r.status, 200, `q=${q}: ${r.text}`);
    assert.ok(Array.isArray(r.json.units));
    if (/[a-z0-9]/i.test(q)) assert.ok(r.json.units.length < csv.length, `q=${JSON.stringify(q)} matched every unit`);
  }
  const all = await api(srv.url, 'GET', '/api/v1/units');
  assert.equal(all.json.units.length, csv.length, 'units table damaged');
});
