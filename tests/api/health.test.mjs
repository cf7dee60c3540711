// /healthz, /metrics and unknown routes.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, api, login, withLog } from '../lib/server.mjs';
import { assertError } from '../lib/check.mjs';

let srv;
before(async () => { srv = await startServer({ demo: true }); });
after(async () => { if (srv) await srv.cleanup(); });
const t = (name, fn) => test(name, withLog(() => srv, fn));

/** Parses Prometheus text exposition into [{name, labels, value}]. */
function parseMetrics(text) {
  const samples = [];
  for (const line of text.split('\n')) {
    if (!line.trim() || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})?\s+(\S+)(\s+\d+)?$/.exec(line);
    assert.ok(m, `malformed metrics line: ${JSON.stringify(line)}`);
    const labels = {};
    if (m[3]) {
      for (const l of m[3].matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) labels[l[1]] = l[2].replace(/\\(.)/g, '$1');
    }
    const v = m[4] === '+Inf' ? Infinity : m[4] === '-Inf' ? -Infinity : Number(m[4]);
    assert.ok(!Number.isNaN(v) || m[4] === 'NaN', `bad value in ${line}`);
    samples.push({ name: m[1], labels, value: v });
  }
  return samples;
}

const labelKey = (labels, omit) => JSON.stringify(Object.keys(labels).filter((k) => k !== omit).sort().map((k) => [k, labels[k]]));

function unitRouteCount(samples) {
  const s = samples.find((x) => x.name === 'minhbach_http_requests_total' &&
    x.labels.route === '/api/v1/units/{id}' && x.labels.status === '200');
  return s ? s.value : 0;
}

t('GET /healthz answers 200 {"status":"ok"}', async () => {
  const r = await api(srv.url, 'GET', '/healthz');
  assert.equal(r.status, 200, r.text);
  assert.match(r.headers.get('content-type') || '', /application\/json/);
  assert.equal(r.json.status, 'ok');
  assert.equal(r.json.ledger_seq, (await api(srv.url, 'GET', '/api/v1/ledger/head')).json.seq, 'healthz reads the database');
});

t('a wrong method answers 405 with an Allow header', async () => {
  const r = await api(srv.url, 'DELETE', '/api/v1/units/so-y-te');
  assertError(r, 405, 'method_not_allowed');
  assert.equal(r.headers.get('allow'), 'GET, HEAD, PATCH');
});

t('a JSON body that is not an object is bad_json with a clear message', async () => {
  const s = await login(srv.url, 'quantri');
  const r = await api(srv.url, 'PATCH', '/api/v1/units/so-y-te', { body: [1, 2], cookie: s.cookie, csrf: s.csrf });
  assertError(r, 400, 'bad_json');
  assert.match(r.json.error.message_en, /must be an object/);
  assert.doesNotMatch(r.json.error.message, /-1/);
});

t('a response that sets a cookie is never publicly cacheable', async () => {
  const r = await api(srv.url, 'GET', '/api/v1/units/so-y-te?lang=en');
  assert.equal(r.status, 200);
  assert.ok(r.headers.get('set-cookie'), 'the language cookie is set');
  assert.equal(r.headers.get('cache-control'), 'no-store');
});

t('GET /metrics counts requests per route template and status', async () => {
  for (const id of ['so-y-te', 'so-noi-vu', 'phuong-chieng-coi']) {
    const r = await api(srv.url, 'GET', `/api/v1/units/${id}`);
    assert.equal(r.status, 200);
  }
  const r1 = await fetch(srv.url + '/metrics');
  assert.equal(r1.status, 200);
  assert.match(r1.headers.get('content-type') || '', /^text\/plain/);
  const text1 = await r1.text();
  const s1 = parseMetrics(text1);
  const n1 = unitRouteCount(s1);
  assert.ok(n1 >= 3, `expected minhbach_http_requests_total{route="/api/v1/units/{id}",status="200"} >= 3, got ${n1}\n${text1.slice(0, 3000)}`);
  // Routes are templates: no per-unit series.
  assert.ok(!s1.some((x) => x.name === 'minhbach_http_requests_total' && /so-y-te/.test(x.labels.route || '')),
    'a route label holds a concrete unit id instead of the template');

  const r = await api(srv.url, 'GET', '/api/v1/units/so-y-te');
  assert.equal(r.status, 200);
  const n2 = unitRouteCount(parseMetrics(await (await fetch(srv.url + '/metrics')).text()));
  assert.equal(n2, n1 + 1, 'one more GET /api/v1/units/{id} should add exactly 1');
});

t('GET /metrics counts 404s under their own status label', async () => {
  const r = await api(srv.url, 'GET', '/api/v1/units/khong-ton-tai');
  assert.equal(r.status, 404);
  const s = parseMetrics(await (await fetch(srv.url + '/metrics')).text());
  const nf = s.find((x) => x.name === 'minhbach_http_requests_total' &&
    x.labels.route === '/api/v1/units/{id}' && x.labels.status === '404');
  assert.ok(nf && nf.value >= 1, 'no requests_total series with route="/api/v1/units/{id}",status="404"');
});

t('GET /metrics has a consistent request duration histogram', async () => {
  const text = await (await fetch(srv.url + '/metrics')).text();
  const s = parseMetrics(text);
  const buckets = s.filter((x) => x.name === 'minhbach_http_request_duration_seconds_bucket');
  assert.ok(buckets.length > 1, 'no minhbach_http_request_duration_seconds_bucket samples');
  const groups = new Map();
  for (const b of buckets) {
    assert.ok('le' in b.labels, 'bucket without le label');
    const k = labelKey(b.labels, 'le');
    if (!groups.has(k)) groups.set(k, []);
    groups.get(k).push(b);
  }
  for (const [k, bs] of groups) {
    const sorted = bs.map((b) => ({ le: b.labels.le === '+Inf' ? Infinity : Number(b.labels.le), v: b.value }))
      .sort((a, b) => a.le - b.le);
    assert.equal(sorted[sorted.length - 1].le, Infinity, `histogram ${k} has no le="+Inf" bucket`);
    for (let i = 1; i < sorted.length; i++) {
      assert.ok(sorted[i].v >= sorted[i - 1].v, `histogram ${k}: buckets not cumulative`);
    }
    const labels = JSON.parse(k);
    const same = (x) => labelKey(x.labels) === JSON.stringify(labels);
    const count = s.find((x) => x.name === 'minhbach_http_request_duration_seconds_count' && same(x));
    const sum = s.find((x) => x.name === 'minhbach_http_request_duration_seconds_sum' && same(x));
    assert.ok(count, `histogram ${k}: no _count`);
    assert.ok(sum, `histogram ${k}: no _sum`);
    assert.equal(count.value, sorted[sorted.length - 1].v, `histogram ${k}: _count != +Inf bucket`);
    assert.ok(sum.value >= 0);
    assert.ok(count.value > 0, `histogram ${k}: _count is 0 after requests were served`);
  }
});

t('unknown /api/ route answers 404 not_found as JSON', async () => {
  for (const p of ['/api/v1/khong-co', '/api/v2/units', '/api/v1/units/so-y-te/khong-co']) {
    const r = await api(srv.url, 'GET', p);
    assertError(r, 404, 'not_found');
  }
});

t('unknown page answers 404', async () => {
  const r = await fetch(srv.url + '/trang-khong-ton-tai');
  assert.equal(r.status, 404);
  await r.arrayBuffer();
});

t('unknown unit page answers 404', async () => {
  const r = await fetch(srv.url + '/units/khong-ton-tai');
  assert.equal(r.status, 404);
  await r.arrayBuffer();
});
