// One head per unit: the unit's record (head_name, head_title) names the head,
// and every place that names a unit's head reads it — the unit page and API,
// the accountability statistics (page, API, CSV). Checked on the demo data for
// every unit, and again after the head is edited. (The reminder and escalation
// e-mails name the same head: tests/unit/test_mail.c.)

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, api, login, getUnit, withLog } from '../lib/server.mjs';
import { htmlDecode, page, parseCsv } from '../lib/check.mjs';

let srv, head, admin;
before(async () => {
  srv = await startServer({ demo: true });
  head = await login(srv.url, 'truongphuong');
  admin = await login(srv.url, 'quantri');
});
after(async () => { if (srv) await srv.cleanup(); });
const t = (name, fn) => test(name, withLog(() => srv, fn));

const PROVINCE = 'ubnd-tinh-son-la';

// Every unit's head as the statistics name it (the whole province: every unit is listed).
async function statsHeads() {
  const r = await api(srv.url, 'GET', `/api/v1/results/stats?unit=${PROVINCE}`);
  assert.equal(r.status, 200, r.text);
  return new Map(r.json.units.map((u) => [u.unit.code, u.head]));
}

async function assertAgree(code) {
  const u = await getUnit(srv.url, code);
  const s = (await statsHeads()).get(code);
  assert.deepEqual(s, { name: u.head_name, title: u.head_title }, `${code}: statistics and unit page disagree`);
  const p = htmlDecode((await page(srv.url, `/units/${code}`, { headers: { 'Accept-Encoding': 'identity' } })).text);
  assert.ok(p.includes(u.head_name), `${code}: the unit page does not name ${u.head_name}`);
  const sp = htmlDecode((await page(srv.url, `/results/stats?unit=${code}`, { headers: { 'Accept-Encoding': 'identity' } })).text);
  assert.ok(sp.includes(`${u.head_name}, ${u.head_title}`), `${code}: the statistics page does not name the head`);
  const csv = await api(srv.url, 'GET', `/results/stats.csv?unit=${code}`);
  const row = parseCsv(csv.text.replace(/^\uFEFF/, '')).find((x) => x.unit === code);
  assert.equal(row.head_name, u.head_name);
  assert.equal(row.head_title, u.head_title);
  return u;
}

t('on the demo data every unit\'s head is the same on the unit page and in the statistics', async () => {
  const heads = await statsHeads();
  const units = (await api(srv.url, 'GET', '/api/v1/units')).json.units;
  assert.ok(units.length > 50);
  let compared = 0;
  for (const code of units.map((u) => u.code || u.id)) {
    const u = await getUnit(srv.url, code);
    assert.deepEqual(heads.get(code), { name: u.head_name, title: u.head_title }, code);
    compared++;
  }
  assert.equal(compared, units.length);
  // The ward whose head signs in as truongphuong: the record names that person.
  const ward = await assertAgree('phuong-chieng-coi');
  assert.equal(ward.head_name, head.account.display_name);
  await assertAgree('so-y-te');
});

t('after the head is edited, the unit page and the statistics name the new head', async () => {
  const r = await api(srv.url, 'PATCH', '/api/v1/units/phuong-chieng-coi', { cookie: head.cookie, csrf: head.csrf,
    body: { head_name: 'Hà Thị Mới', head_title: 'Chủ tịch UBND phường' } });
  assert.equal(r.status, 200, r.text);
  const u = await assertAgree('phuong-chieng-coi');
  assert.equal(u.head_name, 'Hà Thị Mới');
  // A change of the head's sign-in account does not rename the head.
  const a = await api(srv.url, 'PATCH', '/api/v1/accounts/truongphuong', { cookie: admin.cookie, csrf: admin.csrf,
    body: { title: 'Phó Chủ tịch UBND phường' } });
  assert.equal(a.status, 200, a.text);
  assert.equal((await assertAgree('phuong-chieng-coi')).head_title, 'Chủ tịch UBND phường');
});
