// PATCH /api/v1/units/{id}: who may change a unit's contact details, the
// ledger entry each change makes, and every refusal (which must change
// neither the unit nor the ledger).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, api, login, ledgerHead, getUnit, withLog } from '../lib/server.mjs';
import { assertError, htmlDecode, page, ISO_RE } from '../lib/check.mjs';

let srv;
const s = {}; // sessions by login
before(async () => {
  srv = await startServer({ demo: true });
  for (const who of ['truongphuong', 'giamdocsoyte', 'quantri', 'congdan', 'giamsat', 'motcua', 'xuly', 'thanhtra', 'thanhtranoivu']) {
    s[who] = await login(srv.url, who);
  }
});
after(async () => { if (srv) await srv.cleanup(); });
const t = (name, fn) => test(name, withLog(() => srv, fn));

const CONTACT_FIELDS = ['head_name', 'head_title', 'phone', 'email', 'hotline', 'address', 'reception_schedule', 'reception_place'];

function patch(id, body, { as, cookie, csrf, headers } = {}) {
  const sess = as ? s[as] : {};
  return api(srv.url, 'PATCH', `/api/v1/units/${id}`, {
    body,
    cookie: cookie === undefined ? sess.cookie : cookie,
    csrf: csrf === undefined ? sess.csrf : csrf,
    headers,
  });
}

/** Runs `fn`, expects the error, and checks that neither the unit nor the ledger changed. */
async function refused(unitId, fn, status, code, field) {
  const head = await ledgerHead(srv.url);
  const before_ = await getUnit(srv.url, unitId);
  const r = await fn();
  assertError(r, status, code, field);
  const after_ = await ledgerHead(srv.url);
  assert.equal(after_.seq, head.seq, 'a refused request advanced the ledger');
  assert.equal(after_.hash, head.hash, 'a refused request changed the ledger head');
  assert.deepEqual(await getUnit(srv.url, unitId), before_, 'a refused request changed the unit');
  return r;
}

// ---------------------------------------------------------------- happy paths

t('unit head changes their own unit: 200, ledger +1, API and page show it', async () => {
  const head = await ledgerHead(srv.url);
  const before_ = await getUnit(srv.url, 'phuong-chieng-coi');
  const change = { phone: '0212 3852 123', reception_schedule: 'Thứ Năm hằng tuần, 8:00–11:00' };
  const r = await patch('phuong-chieng-coi', change, { as: 'truongphuong' });
  assert.equal(r.status, 200, r.text);
  const u = r.json.unit;
  assert.equal(u.id, 'phuong-chieng-coi');
  assert.equal(u.phone, change.phone);
  assert.equal(u.reception_schedule, change.reception_schedule);
  assert.equal(u.updated_by_role, 'unit_head');
  assert.match(u.updated_at || '', ISO_RE);
  for (const f of CONTACT_FIELDS) {
    if (!(f in change)) assert.equal(u[f], before_[f], `${f} changed though it was not sent`);
  }
  assert.equal(u.name_vi, before_.name_vi);

  const h2 = await ledgerHead(srv.url);
  assert.equal(h2.seq, head.seq + 1, 'a successful PATCH must advance the ledger by exactly 1');
  assert.notEqual(h2.hash, head.hash);

  const { children, ...got } = await getUnit(srv.url, 'phuong-chieng-coi');
  const { children: _c, ...patched } = u;
  assert.ok(Array.isArray(children));
  assert.deepEqual(got, patched, 'GET differs from the PATCH answer');

  const p = await page(srv.url, '/units/phuong-chieng-coi', { headers: { 'Accept-Encoding': 'identity' } });
  assert.equal(p.status, 200);
  const text = htmlDecode(p.text);
  assert.ok(text.includes(change.phone), 'unit page lacks the new phone');
  assert.ok(text.includes(change.reception_schedule), 'unit page lacks the new reception schedule');
});

t('a one-field PATCH changes only that field', async () => {
  const before_ = await getUnit(srv.url, 'phuong-chieng-coi');
  const r = await patch('phuong-chieng-coi', { hotline: '1900 1234' }, { as: 'truongphuong' });
  assert.equal(r.status, 200, r.text);
  for (const f of CONTACT_FIELDS) {
    assert.equal(r.json.unit[f], f === 'hotline' ? '1900 1234' : before_[f], f);
  }
});

t('all eight contact fields can be set at once', async () => {
  const head = await ledgerHead(srv.url);
  const change = {
    head_name: 'Nguyễn Thị Hoà',
    head_title: 'Chủ tịch UBND phường',
    phone: '0212 3855 000',
    email: 'ubnd.chiengcoi@sonla.gov.vn',
    hotline: '0212 3855 001',
    address: 'Số 1, đường Tô Hiệu, phường Chiềng Cơi, tỉnh Sơn La',
    reception_schedule: 'Thứ Hai và Thứ Năm, 7:30–11:00',
    reception_place: 'Phòng tiếp công dân, tầng 1',
  };
  const r = await patch('phuong-chieng-coi', change, { as: 'truongphuong' });
  assert.equal(r.status, 200, r.text);
  for (const [k, v] of Object.entries(change)) assert.equal(r.json.unit[k], v, k);
  assert.equal((await ledgerHead(srv.url)).seq, head.seq + 1);
});

t('admin can change any unit; updated_by_role is admin', async () => {
  const head = await ledgerHead(srv.url);
  const r = await patch('so-y-te', { hotline: '0212 3999 000' }, { as: 'quantri' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.unit.hotline, '0212 3999 000');
  assert.equal(r.json.unit.updated_by_role, 'admin');
  assert.equal((await ledgerHead(srv.url)).seq, head.seq + 1);
  const r2 = await patch('xa-long-sap', { reception_place: 'Hội trường UBND xã' }, { as: 'quantri' });
  assert.equal(r2.status, 200, r2.text);
  assert.equal((await ledgerHead(srv.url)).seq, head.seq + 2);
});

t('the head of another unit (giamdocsoyte) can change their own unit', async () => {
  const r = await patch('so-y-te', { reception_place: 'Phòng 101, Sở Y tế' }, { as: 'giamdocsoyte' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.unit.updated_by_role, 'unit_head');
});

t('script tags in text fields are stored as given and shown escaped on the page', async () => {
  const evil = '<script>alert("xss")</script>';
  const change = {
    head_name: `Nguyễn Văn A ${evil}`,
    address: `Số 2 ${evil} <img src=x onerror=alert(1)>`,
    reception_schedule: `"><script>alert(2)</script>`,
  };
  const r = await patch('phuong-chieng-coi', change, { as: 'truongphuong' });
  assert.equal(r.status, 200, r.text);
  for (const [k, v] of Object.entries(change)) assert.equal(r.json.unit[k], v, `${k} not stored as given`);

  const p = await page(srv.url, '/units/phuong-chieng-coi', { headers: { 'Accept-Encoding': 'identity' } });
  assert.equal(p.status, 200);
  assert.ok(p.text.includes('&lt;script&gt;'), 'escaped script tag not found on the page');
  assert.ok(!p.text.includes('<script>alert'), 'raw <script> tag on the public page');
  assert.ok(!/<img[^>]*onerror/i.test(p.text), 'raw <img onerror> on the public page');
  assert.ok(htmlDecode(p.text).includes(change.head_name), 'head name not shown');

  // The edit form puts the values into attributes / textareas: escaped there too.
  const e = await page(srv.url, '/units/phuong-chieng-coi/edit', { cookie: s.truongphuong.cookie, headers: { 'Accept-Encoding': 'identity' } });
  assert.equal(e.status, 200, 'edit page for the unit head');
  assert.ok(!e.text.includes('<script>alert'), 'raw <script> tag in the edit form');
  assert.ok(!e.text.includes('"><script'), 'attribute break-out in the edit form');
});

// -------------------------------------------------------------------- refusals

const ok = { phone: '0212 3000 999' };

t('no session: 401 unauthenticated', async () => {
  await refused('phuong-chieng-coi', () => patch('phuong-chieng-coi', ok), 401, 'unauthenticated');
  await refused('phuong-chieng-coi', () => patch('phuong-chieng-coi', ok, { cookie: 'mb_session=khong-hop-le', csrf: 'x' }), 401, 'unauthenticated');
});

t('signed-out session: 401 unauthenticated', async () => {
  const gone = await login(srv.url, 'truongphuong');
  const d = await api(srv.url, 'DELETE', '/api/v1/session', { cookie: gone.cookie, csrf: gone.csrf });
  assert.equal(d.status, 204);
  await refused('phuong-chieng-coi', () => patch('phuong-chieng-coi', ok, { cookie: gone.cookie, csrf: gone.csrf }), 401, 'unauthenticated');
});

t('missing CSRF header: 403 csrf', async () => {
  await refused('phuong-chieng-coi', () => patch('phuong-chieng-coi', ok, { as: 'truongphuong', csrf: null }), 403, 'csrf');
});

t('wrong CSRF header: 403 csrf', async () => {
  const bad = s.truongphuong.csrf.slice(0, -1) + (s.truongphuong.csrf.endsWith('a') ? 'b' : 'a');
  await refused('phuong-chieng-coi', () => patch('phuong-chieng-coi', ok, { as: 'truongphuong', csrf: bad }), 403, 'csrf');
  await refused('phuong-chieng-coi', () => patch('phuong-chieng-coi', ok, { as: 'truongphuong', csrf: s.quantri.csrf }), 403, 'csrf');
});

for (const who of ['congdan', 'giamsat', 'motcua', 'xuly', 'thanhtra', 'thanhtranoivu']) {
  t(`role of ${who} may not change units: 403 forbidden`, async () => {
    await refused('phuong-chieng-coi', () => patch('phuong-chieng-coi', ok, { as: who }), 403, 'forbidden');
  });
}

t('inspector may not change even their own unit: 403 forbidden', async () => {
  await refused('thanh-tra-tinh', () => patch('thanh-tra-tinh', ok, { as: 'thanhtra' }), 403, 'forbidden');
});

t('unit head of another unit: 403 forbidden', async () => {
  await refused('phuong-chieng-coi', () => patch('phuong-chieng-coi', ok, { as: 'giamdocsoyte' }), 403, 'forbidden');
  await refused('so-y-te', () => patch('so-y-te', ok, { as: 'truongphuong' }), 403, 'forbidden');
  await refused('ubnd-tinh-son-la', () => patch('ubnd-tinh-son-la', ok, { as: 'truongphuong' }), 403, 'forbidden');
});

for (const [label, body] of [
  ['truncated object', '{"phone":'],
  ['not JSON at all', 'phone=0212'],
  ['trailing garbage', '{"phone":"0212 3000 999"} x'],
  ['single quotes', "{'phone':'0212'}"],
  ['empty body', ''],
]) {
  t(`malformed JSON (${label}): 400 bad_json`, async () => {
    await refused('phuong-chieng-coi', () => patch('phuong-chieng-coi', body, { as: 'truongphuong' }), 400, 'bad_json');
  });
}

for (const f of ['name_vi', 'name_en', 'parent', 'kind', 'updated_by_role', 'updated_at', 'contacts_demo', 'id', 'khong_co']) {
  t(`unknown or read-only field ${f}: 422 invalid_field`, async () => {
    const body = { [f]: f === 'contacts_demo' ? false : 'gia tri', address: 'Địa chỉ mới' };
    await refused('phuong-chieng-coi', () => patch('phuong-chieng-coi', body, { as: 'truongphuong' }), 422, 'invalid_field', f);
  });
}

for (const bad of ['khong-phai-email', 'a@', '@sonla.gov.vn', 'a b@sonla.gov.vn', 'x@y@z.vn', '<script>@x.vn']) {
  t(`bad email ${JSON.stringify(bad)}: 422 invalid_field email`, async () => {
    await refused('phuong-chieng-coi', () => patch('phuong-chieng-coi', { email: bad }, { as: 'truongphuong' }), 422, 'invalid_field', 'email');
  });
}

for (const bad of ['abc', 'gọi cho tôi', '0212<script>', '1'.repeat(200)]) {
  t(`bad phone ${JSON.stringify(bad.slice(0, 20))}: 422 invalid_field phone`, async () => {
    await refused('phuong-chieng-coi', () => patch('phuong-chieng-coi', { phone: bad }, { as: 'truongphuong' }), 422, 'invalid_field', 'phone');
  });
}

t('one bad field refuses the whole change (no partial update)', async () => {
  await refused('phuong-chieng-coi',
    () => patch('phuong-chieng-coi', { address: 'Địa chỉ không được lưu', email: 'sai' }, { as: 'truongphuong' }),
    422, 'invalid_field', 'email');
});

t('non-string value for a text field is refused', async () => {
  const head = await ledgerHead(srv.url);
  const before_ = await getUnit(srv.url, 'phuong-chieng-coi');
  const r = await patch('phuong-chieng-coi', { phone: 2123852123 }, { as: 'truongphuong' });
  assert.equal(r.status, 422, `expected 422 or 400, got ${r.status} ${r.text}`);
  assert.ok(r.json && r.json.error, r.text);
  assert.equal((await ledgerHead(srv.url)).seq, head.seq);
  assert.deepEqual(await getUnit(srv.url, 'phuong-chieng-coi'), before_);
});

t('a JSON body sent without Content-Type: application/json is refused', async () => {
  for (const type of ['text/plain', 'application/x-www-form-urlencoded']) {
    const head = await ledgerHead(srv.url);
    const before_ = await getUnit(srv.url, 'phuong-chieng-coi');
    const r = await patch('phuong-chieng-coi', JSON.stringify(ok), { as: 'truongphuong', headers: { 'Content-Type': type } });
    assert.equal(r.status, 400, `${type}: ${r.text}`);
    assert.ok(r.json && r.json.error && r.json.error.code, `${type}: no JSON error`);
    assert.equal((await ledgerHead(srv.url)).seq, head.seq);
    assert.deepEqual(await getUnit(srv.url, 'phuong-chieng-coi'), before_);
  }
});

t('body over 64 KiB: 413 too_large', async () => {
  const body = JSON.stringify({ address: 'a'.repeat(70 * 1024) });
  await refused('phuong-chieng-coi', () => patch('phuong-chieng-coi', body, { as: 'truongphuong' }), 413, 'too_large');
  const big = JSON.stringify({ address: 'Đ'.repeat(600 * 1024) });
  await refused('phuong-chieng-coi', () => patch('phuong-chieng-coi', big, { as: 'truongphuong' }), 413, 'too_large');
});

t('unknown unit: 404 not_found (admin)', async () => {
  const head = await ledgerHead(srv.url);
  const r = await patch('khong-ton-tai', ok, { as: 'quantri' });
  assertError(r, 404, 'not_found');
  assert.equal((await ledgerHead(srv.url)).seq, head.seq);
});

t('the server still works after all refusals', async () => {
  const head = await ledgerHead(srv.url);
  const r = await patch('phuong-chieng-coi', { phone: '0212 3852 777' }, { as: 'truongphuong' });
  assert.equal(r.status, 200, r.text);
  assert.equal((await ledgerHead(srv.url)).seq, head.seq + 1);
});
