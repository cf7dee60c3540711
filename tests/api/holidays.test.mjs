// The working-day calendar as data: GET /api/v1/holidays (public), PUT and
// DELETE /api/v1/holidays/{day} and the /admin/holidays pages (administrators).
// Every change is one ledger event; every refusal changes neither the table
// nor the ledger.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { startServer, api, login, ledgerHead, withLog, REPO } from '../lib/server.mjs';
import { assertError, parseCsv, hiddenInput, htmlDecode, page, ISO_RE } from '../lib/check.mjs';

const CSV = parseCsv(fs.readFileSync(path.join(REPO, 'data', 'holidays_vn.csv'), 'utf8'));
const NEEDS_CHECK = new Set(['computed', 'estimated', 'unverified']);
const weekday = (date) => new Date(`${date}T00:00:00Z`).getUTCDay();

let srv;
const s = {};
before(async () => {
  srv = await startServer({ demo: true });
  for (const who of ['quantri', 'truongphuong', 'congdan', 'thanhtra', 'giamsat']) s[who] = await login(srv.url, who);
});
after(async () => { if (srv) await srv.cleanup(); });
const t = (name, fn) => test(name, withLog(() => srv, fn));

const list = async (query = '') => {
  const r = await api(srv.url, 'GET', `/api/v1/holidays${query}`);
  assert.equal(r.status, 200, r.text);
  return r.json;
};
const put = (day, body, as = 'quantri', opts = {}) =>
  api(srv.url, 'PUT', `/api/v1/holidays/${day}`, { body, cookie: s[as]?.cookie, csrf: s[as]?.csrf, ...opts });
const del = (day, as = 'quantri', opts = {}) =>
  api(srv.url, 'DELETE', `/api/v1/holidays/${day}`, { cookie: s[as]?.cookie, csrf: s[as]?.csrf, ...opts });

/** Runs fn, expects the error, and checks that neither the ledger nor the holidays changed. */
async function refused(fn, status, code, field) {
  const head = await ledgerHead(srv.url);
  const before_ = await list();
  const r = await fn();
  assertError(r, status, code, field);
  const after_ = await ledgerHead(srv.url);
  assert.equal(after_.seq, head.seq, 'a refused request advanced the ledger');
  assert.equal(after_.hash, head.hash);
  assert.deepEqual(await list(), before_, 'a refused request changed the holidays');
  return r;
}

const DAY = { kind: 'holiday', name_vi: 'Ngày Văn hóa Việt Nam', name_en: 'Vietnam Culture Day', status: 'unverified' };

// ----------------------------------------------------------------- reading

t('GET /api/v1/holidays?year=2026 lists the reference rows of 2026, by date, for anyone', async () => {
  const r = await api(srv.url, 'GET', '/api/v1/holidays?year=2026');
  assert.equal(r.status, 200, r.text);
  assert.match(r.headers.get('cache-control') || '', /public/);
  assert.equal(r.json.year, 2026);
  const want = CSV.filter((h) => h.date.startsWith('2026-'));
  assert.equal(want.length, 14);
  assert.equal(r.json.holidays.length, want.length);
  r.json.holidays.forEach((h, i) => {
    const w = want[i];
    assert.deepEqual(h, {
      date: w.date, weekday: weekday(w.date), kind: w.kind, name_vi: w.name_vi, name_en: w.name_en,
      status: w.status, needs_check: NEEDS_CHECK.has(w.status), updated_at: null, updated_by_role: null,
    });
  });
  const swap = r.json.holidays.find((h) => h.date === '2026-01-10');
  assert.equal(swap.kind, 'working_saturday');
  assert.equal(swap.weekday, 6);
  assert.equal(r.json.holidays.find((h) => h.date === '2026-09-01').needs_check, true);
  // Signed-in callers get the same list, fresh.
  const signed = await api(srv.url, 'GET', '/api/v1/holidays?year=2026', { cookie: s.congdan.cookie });
  assert.deepEqual(signed.json, r.json);
  assert.match(signed.headers.get('cache-control') || '', /no-store/);
});

t('all years without ?year; an empty year; bad years are 422 year', async () => {
  const all = await list();
  assert.equal(all.year, null);
  assert.equal(all.holidays.length, CSV.length);
  assert.deepEqual(all.holidays.map((h) => h.date), CSV.map((h) => h.date).sort());
  assert.deepEqual((await list('?year=2031')).holidays, []);
  for (const y of ['abc', '1999', '2101', '20266', '26', '']) {
    assertError(await api(srv.url, 'GET', `/api/v1/holidays?year=${y}`), 422, 'invalid_field', 'year');
  }
});

// ----------------------------------------------------------------- changes

t('an administrator adds, changes and removes a day: one event each, none when nothing changes', async () => {
  const h0 = await ledgerHead(srv.url);
  const created = await put('2026-11-24', DAY);
  assert.equal(created.status, 201, created.text);
  assert.equal(created.json.changed, true);
  const h = created.json.holiday;
  assert.equal(h.date, '2026-11-24');
  assert.equal(h.weekday, 2);
  assert.equal(h.kind, 'holiday');
  assert.equal(h.status, 'unverified');
  assert.equal(h.needs_check, true);
  assert.equal(h.updated_by_role, 'admin');
  assert.match(h.updated_at || '', ISO_RE);
  assert.equal((await ledgerHead(srv.url)).seq, h0.seq + 1);
  assert.deepEqual((await list('?year=2026')).holidays.find((x) => x.date === '2026-11-24'), h);

  // The same again: 200, nothing changes, no event.
  const same = await put('2026-11-24', { ...DAY, date: '2026-11-24' });
  assert.equal(same.status, 200, same.text);
  assert.equal(same.json.changed, false);
  assert.equal((await ledgerHead(srv.url)).seq, h0.seq + 1);

  // Names are trimmed; a change of status is one event.
  const changed = await put('2026-11-24', { ...DAY, name_vi: '  Ngày Văn hóa Việt Nam  ', status: 'confirmed' });
  assert.equal(changed.status, 200, changed.text);
  assert.equal(changed.json.changed, true);
  assert.equal(changed.json.holiday.name_vi, DAY.name_vi);
  assert.equal(changed.json.holiday.status, 'confirmed');
  assert.equal(changed.json.holiday.needs_check, false);
  assert.equal((await ledgerHead(srv.url)).seq, h0.seq + 2);

  const removed = await del('2026-11-24');
  assert.equal(removed.status, 200, removed.text);
  assert.equal(removed.json.removed.date, '2026-11-24');
  assert.equal(removed.json.removed.status, 'confirmed');
  assert.equal((await ledgerHead(srv.url)).seq, h0.seq + 3);
  assert.equal((await list('?year=2026')).holidays.some((x) => x.date === '2026-11-24'), false);
  await refused(() => del('2026-11-24'), 404, 'not_found', 'date');
});

t('a reference day can be changed, e.g. the unverified 1 Sep 2026 confirmed', async () => {
  const h0 = await ledgerHead(srv.url);
  const row = CSV.find((h) => h.date === '2026-09-01');
  const r = await put('2026-09-01', { kind: row.kind, name_vi: row.name_vi, name_en: row.name_en, status: 'confirmed' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.holiday.needs_check, false);
  assert.equal((await ledgerHead(srv.url)).seq, h0.seq + 1);
  // A Sunday may be made a working day.
  const sun = await put('2026-10-04', { kind: 'working_saturday', name_vi: 'Làm bù', name_en: 'Make-up day', status: 'official' });
  assert.equal(sun.status, 201, sun.text);
  assert.equal((await del('2026-10-04')).status, 200);
});

// ----------------------------------------------------------------- refusals

t('bad dates are 422 date, and change nothing', async () => {
  for (const day of ['2026-02-30', '2026-2-3', 'abc', '2026-13-01', '1999-12-31', '2101-01-01', '2026-11-24x']) {
    await refused(() => put(day, DAY), 422, 'invalid_field', 'date');
  }
  for (const day of ['2026-02-30', 'abc']) await refused(() => del(day), 422, 'invalid_field', 'date');
  await refused(() => put('2026-11-24', { ...DAY, date: '2026-11-25' }), 422, 'invalid_field', 'date');
});

t('bad kinds, statuses, names and keys are 422 with their field, and change nothing', async () => {
  await refused(() => put('2026-11-24', { ...DAY, kind: 'vacation' }), 422, 'invalid_field', 'kind');
  await refused(() => put('2026-11-24', { ...DAY, kind: '' }), 422, 'invalid_field', 'kind');
  // 24 Nov 2026 is a Tuesday: a "working Saturday" there is a mistake.
  await refused(() => put('2026-11-24', { ...DAY, kind: 'working_saturday' }), 422, 'invalid_field', 'kind');
  await refused(() => put('2026-11-24', { ...DAY, status: 'draft' }), 422, 'invalid_field', 'status');
  await refused(() => put('2026-11-24', { ...DAY, name_vi: '   ' }), 422, 'invalid_field', 'name_vi');
  await refused(() => put('2026-11-24', { ...DAY, name_en: 'two\nlines' }), 422, 'invalid_field', 'name_en');
  await refused(() => put('2026-11-24', { ...DAY, name_en: 'x'.repeat(201) }), 422, 'invalid_field', 'name_en');
  const { name_en: _, ...missing } = DAY;
  await refused(() => put('2026-11-24', missing), 422, 'invalid_field', 'name_en');
  await refused(() => put('2026-11-24', { ...DAY, needs_check: false }), 422, 'invalid_field', 'needs_check');
  await refused(() => put('2026-11-24', { ...DAY, kind: 1 }), 422, 'invalid_field', 'kind');
  await refused(() => put('2026-11-24', '{"kind": '), 400, 'bad_json');
  await refused(() => put('2026-11-24', '[]'), 400, 'bad_json');
});

t('only administrators may change days: 401 anonymous, 403 for other roles', async () => {
  for (const who of ['truongphuong', 'congdan', 'thanhtra', 'giamsat']) {
    await refused(() => put('2026-11-24', DAY, who), 403, 'forbidden');
    await refused(() => del('2026-01-01', who), 403, 'forbidden');
  }
  await refused(() => api(srv.url, 'PUT', '/api/v1/holidays/2026-11-24', { body: DAY }), 401, 'unauthenticated');
  await refused(() => api(srv.url, 'DELETE', '/api/v1/holidays/2026-01-01'), 401, 'unauthenticated');
});

t('a missing or wrong CSRF token is 403 csrf and changes nothing', async () => {
  const noToken = { cookie: s.quantri.cookie };
  await refused(() => api(srv.url, 'PUT', '/api/v1/holidays/2026-11-24', { body: DAY, ...noToken }), 403, 'csrf', '_csrf');
  await refused(() => api(srv.url, 'DELETE', '/api/v1/holidays/2026-01-01', noToken), 403, 'csrf', '_csrf');
  await refused(() => put('2026-11-24', DAY, 'quantri', { csrf: '0'.repeat(64) }), 403, 'csrf', '_csrf');
});

// ----------------------------------------------------------------- pages

const form = (pathname, fields, cookie) => fetch(srv.url + pathname, {
  method: 'POST', redirect: 'manual',
  headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(fields),
});

t('/admin/holidays flags the days to check; add, confirm and delete through the page', async () => {
  const cookie = s.quantri.cookie;
  const p = await page(srv.url, '/admin/holidays?year=2027', { cookie });
  assert.equal(p.status, 200);
  const text = htmlDecode(p.text);
  const rows2027 = CSV.filter((h) => h.date.startsWith('2027-'));
  const toCheck = rows2027.filter((h) => NEEDS_CHECK.has(h.status)).length;
  assert.equal(toCheck, 9);   // Tết 2027 (7 days), Hùng Kings (computed), 3 Sep (estimated)
  assert.equal((p.text.match(/class="flag"/g) || []).length, toCheck);
  assert.equal((text.match(/cần xác minh/g) || []).length, toCheck + 1, 'one flag per row to check, and the notice');
  for (const h of rows2027) {
    const tr = p.text.match(new RegExp(`<tr id="d-${h.date}"[^>]*>`));
    assert.ok(tr, `row ${h.date}`);
    assert.equal(/class="check"/.test(tr[0]), NEEDS_CHECK.has(h.status), `flag of ${h.date}`);
  }
  assert.ok(text.includes('nd118-2025'), 'the rule set in force is shown');
  assert.ok(text.includes('Mẫu 04: Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết'));
  const csrf = hiddenInput(p.text, '_csrf');
  assert.ok(csrf);

  // Add through the form: 303 back to the list, one event.
  const h0 = await ledgerHead(srv.url);
  const add = await form('/admin/holidays', { _csrf: csrf, date: '2027-11-24', kind: 'holiday', name_vi: 'Ngày Văn hóa Việt Nam', name_en: 'Vietnam Culture Day', status: 'estimated' }, cookie);
  assert.equal(add.status, 303);
  assert.equal(add.headers.get('location'), '/admin/holidays?year=2027#d-2027-11-24');
  assert.equal((await ledgerHead(srv.url)).seq, h0.seq + 1);
  let row = (await list('?year=2027')).holidays.find((h) => h.date === '2027-11-24');
  assert.equal(row.status, 'estimated');

  // A bad form: 422, the reason on the page, nothing changed.
  const bad = await form('/admin/holidays', { _csrf: csrf, date: '2027-11-25', kind: 'working_saturday', name_vi: 'x', name_en: 'x', status: 'official' }, cookie);
  assert.equal(bad.status, 422);
  const badText = htmlDecode(await bad.text());
  assert.ok(badText.includes('Ngày làm bù phải là thứ Bảy hoặc Chủ nhật.'));
  assert.match(badText, /<label class="bad">Loại ngày/);
  assert.equal((await ledgerHead(srv.url)).seq, h0.seq + 1);

  // Edit link pre-fills the form.
  const edit = await page(srv.url, '/admin/holidays?year=2027&edit=2027-11-24', { cookie });
  assert.ok(edit.text.includes('value="2027-11-24"'));

  // Confirm: one event; confirming again changes nothing.
  const conf = await form('/admin/holidays/2027-11-24/confirm', { _csrf: csrf }, cookie);
  assert.equal(conf.status, 303);
  assert.equal((await ledgerHead(srv.url)).seq, h0.seq + 2);
  row = (await list('?year=2027')).holidays.find((h) => h.date === '2027-11-24');
  assert.equal(row.status, 'confirmed');
  assert.equal((await form('/admin/holidays/2027-11-24/confirm', { _csrf: csrf }, cookie)).status, 303);
  assert.equal((await ledgerHead(srv.url)).seq, h0.seq + 2);

  // Delete: one event; a second delete is 404; a bad day 422.
  assert.equal((await form('/admin/holidays/2027-11-24/delete', { _csrf: csrf }, cookie)).status, 303);
  assert.equal((await ledgerHead(srv.url)).seq, h0.seq + 3);
  assert.equal((await form('/admin/holidays/2027-11-24/delete', { _csrf: csrf }, cookie)).status, 404);
  assert.equal((await form('/admin/holidays/2027-13-24/confirm', { _csrf: csrf }, cookie)).status, 422);
  // Without the token: 403.
  assert.equal((await form('/admin/holidays/2027-02-05/confirm', {}, cookie)).status, 403);
  assert.equal((await ledgerHead(srv.url)).seq, h0.seq + 3);
});

t('/admin/holidays is for administrators only', async () => {
  for (const who of ['truongphuong', 'congdan', 'giamsat']) {
    assert.equal((await page(srv.url, '/admin/holidays', { cookie: s[who].cookie })).status, 403, who);
    const post = await form('/admin/holidays', { _csrf: s[who].csrf, date: '2027-11-24', kind: 'holiday', name_vi: 'x', name_en: 'x', status: 'official' }, s[who].cookie);
    assert.equal(post.status, 403, who);
  }
  const anon = await page(srv.url, '/admin/holidays');
  assert.equal(anon.status, 303);
  assert.match(anon.headers.get('location') || '', /^\/login\?next=/);
  // English labels for the English page.
  const en = await page(srv.url, '/admin/holidays?year=2027&lang=en', { cookie: s.quantri.cookie });
  assert.ok(htmlDecode(en.text).includes('needs checking'));
  assert.ok(htmlDecode(en.text).includes('Lunar New Year (3rd day)'));
});
