// Look-ups by code: guessing is throttled everywhere an anonymous caller can
// look a code up, and a code typed in any case with spaces around it is found
// (and not counted as a failure).
//
// Each test speaks from its own client address (X-Forwarded-For, the server
// trusting the local proxy), so that the per-address limits do not mix.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, api, login, withLog } from '../lib/server.mjs';

let srv;
let counter;
before(async () => {
  srv = await startServer({ demo: true, extraArgs: ['--trusted-proxy', '127.0.0.1'] });
  counter = await login(srv.url, 'motcua');
});
after(async () => { if (srv) await srv.cleanup(); });
const t = (name, fn) => test(name, withLog(() => srv, fn));

const LIMIT = 20;   // unknown look-ups per address in 15 minutes, as tracking and follow-up
const from = (client) => ({ 'X-Forwarded-For': client });
const get = (p, client) => api(srv.url, 'GET', p, { headers: from(client) });
const unknownCode = (i) => `DT-000101-${String(9000 + i).padStart(4, '0')}`;
const messy = (code) => `  ${code.toLowerCase()} `;

async function fileCase() {
  const r = await api(srv.url, 'POST', '/api/v1/cases', {
    headers: from('198.51.100.200'),
    body: { kind: 'feedback', category: 'rudeness', unit: 'phuong-chieng-coi', title: 'Thái độ', body: 'Cán bộ quát tháo.', anonymous: true },
  });
  assert.equal(r.status, 201, r.text);
  return r.json;
}

t('Open311 requests/{id}: 30 sequential unknown ids from one address give 404 up to the limit, then 429', async () => {
  const client = '198.51.100.1';
  const statuses = [];
  for (let i = 0; i < 30; i++) statuses.push((await get(`/open311/v2/requests/${unknownCode(i)}.json`, client)).status);
  assert.deepEqual(statuses, [...Array(LIMIT).fill(404), ...Array(30 - LIMIT).fill(429)]);
  const r = await get(`/open311/v2/requests/${unknownCode(99)}.xml`, client);
  assert.equal(r.status, 429);
  assert.equal(r.headers.get('retry-after'), '900');
  assert.match(r.text, /<errors><error><code>429<\/code>/);
  // Another address is not affected.
  assert.equal((await get(`/open311/v2/requests/${unknownCode(0)}.json`, '198.51.100.2')).status, 404);
});

t('Open311 tokens/{token} and requests?service_request_id= count unknown look-ups too', async () => {
  const client = '198.51.100.3';
  const statuses = [];
  for (let i = 0; i < LIMIT + 2; i++) {
    const tok = i.toString(16).padStart(32, '0');
    statuses.push((await get(`/open311/v2/tokens/${tok}.json`, client)).status);
  }
  assert.deepEqual(statuses, [...Array(LIMIT).fill(404), 429, 429]);
  // One request naming 30 unknown ids is refused once the limit is reached.
  const ids = Array.from({ length: 30 }, (_, i) => unknownCode(i)).join(',');
  const list = await get(`/open311/v2/requests.json?service_request_id=${ids}`, '198.51.100.4');
  assert.equal(list.status, 429, list.text);
  assert.equal((await get(`/open311/v2/requests.json?service_request_id=${unknownCode(0)}`, '198.51.100.4')).status, 429);
});

t('Open311: an id in lower case with spaces finds the case and is not counted', async () => {
  const c = await fileCase();
  const client = '198.51.100.5';
  for (let i = 0; i < LIMIT + 5; i++) {
    const r = await get(`/open311/v2/requests/${encodeURIComponent(messy(c.code))}.json`, client);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json[0].service_request_id, c.code);
  }
  const l = await get(`/open311/v2/requests.json?service_request_id=${encodeURIComponent(messy(c.code))}`, client);
  assert.equal(l.status, 200, l.text);
  assert.deepEqual(l.json.map((x) => x.service_request_id), [c.code]);
  // Every failure is still available: the found look-ups did not use any.
  const statuses = [];
  for (let i = 0; i < LIMIT + 1; i++) statuses.push((await get(`/open311/v2/requests/${unknownCode(i)}.json`, client)).status);
  assert.deepEqual(statuses, [...Array(LIMIT).fill(404), 429]);
});

t('case follow-up: a code and passphrase in lower case with spaces find the case and are not counted', async () => {
  const c = await fileCase();
  const client = '198.51.100.6';
  const follow = (code, secret) => api(srv.url, 'POST', `/api/v1/cases/${encodeURIComponent(code)}/follow`,
    { body: { secret }, headers: from(client) });
  for (let i = 0; i < LIMIT + 5; i++) {
    const r = await follow(messy(c.code), messy(c.secret));
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.case.code, c.code);
  }
  const statuses = [];
  for (let i = 0; i < LIMIT + 1; i++) statuses.push((await follow(unknownCode(i), c.secret)).status);
  assert.deepEqual(statuses, [...Array(LIMIT).fill(404), 429]);
});

t('dossier tracking: a code and secret in lower case with spaces find the dossier and are not counted', async () => {
  const applicant = { name: 'Lò Thị Hoa', id_number: '014190000123', phone: '0912 345 678', address: 'Bản Hìn, phường Chiềng Cơi' };
  const created = await api(srv.url, 'POST', '/api/v1/dossiers', {
    body: { action: 'receive', procedure: 'ht-nhan-cha-me-con', unit: 'phuong-chieng-coi', applicant, documents: [1, 2, 3] },
    cookie: counter.cookie, csrf: counter.csrf,
  });
  assert.equal(created.status, 201, created.text);
  const d = created.json.dossier;
  const client = '198.51.100.7';
  const track = (code, secret) => get(`/api/v1/track?code=${encodeURIComponent(code)}&secret=${encodeURIComponent(secret)}`, client);
  for (let i = 0; i < LIMIT + 5; i++) {
    const r = await track(messy(d.code), messy(d.secret));
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.dossier.code, d.code);
  }
  const page = await get(`/track?code=${encodeURIComponent(messy(d.code))}&secret=${encodeURIComponent(messy(d.secret))}`, client);
  assert.equal(page.status, 200);
  const statuses = [];
  for (let i = 0; i < LIMIT + 1; i++) statuses.push((await track(`PCC-000101-${9000 + i}`, d.secret)).status);
  assert.deepEqual(statuses, [...Array(LIMIT).fill(404), 429]);
});
