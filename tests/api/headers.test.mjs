// Security headers, compression and static files (including path traversal).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { startServer, withLog } from '../lib/server.mjs';

let srv;
before(async () => { srv = await startServer({ demo: true }); });
after(async () => { if (srv) await srv.cleanup(); });
const t = (name, fn) => test(name, withLog(() => srv, fn));

/** A raw GET with the path sent exactly as given (fetch would normalise ../ and %2e%2e). */
function rawGet(pathname, headers = {}) {
  const u = new URL(srv.url);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: u.hostname, port: u.port, path: pathname, method: 'GET', headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

function assertSecurityHeaders(h, what) {
  const get = (n) => (typeof h.get === 'function' ? h.get(n) : h[n.toLowerCase()]);
  const csp = get('content-security-policy');
  assert.ok(csp, `${what}: no Content-Security-Policy`);
  assert.match(csp, /frame-ancestors\s+'none'/, `${what}: CSP lacks frame-ancestors 'none': ${csp}`);
  assert.doesNotMatch(csp, /unsafe-inline/, `${what}: CSP allows unsafe-inline: ${csp}`);
  assert.doesNotMatch(csp, /unsafe-eval/, `${what}: CSP allows unsafe-eval: ${csp}`);
  assert.equal((get('x-content-type-options') || '').toLowerCase(), 'nosniff', `${what}: X-Content-Type-Options`);
  assert.ok(get('referrer-policy'), `${what}: no Referrer-Policy`);
}

const paths = [
  '/', '/units', '/units?q=son+la', '/units/so-y-te', '/login', '/healthz', '/metrics',
  '/api/v1/units', '/api/v1/units/so-y-te', '/api/v1/session', '/api/v1/ledger/head',
  '/api/v1/khong-co', '/trang-khong-co', '/static/style.css',
];

for (const p of paths) {
  t(`security headers on GET ${p}`, async () => {
    const r = await fetch(srv.url + p, { redirect: 'manual' });
    await r.arrayBuffer();
    assertSecurityHeaders(r.headers, `GET ${p} (${r.status})`);
  });
}

t('security headers on a failed POST', async () => {
  const r = await fetch(srv.url + '/api/v1/session', {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"login":"congdan","password":"sai"}',
  });
  await r.arrayBuffer();
  assert.equal(r.status, 401);
  assertSecurityHeaders(r.headers, 'POST /api/v1/session (401)');
});

t('pages are served as UTF-8 HTML in Vietnamese by default', async () => {
  const r = await fetch(srv.url + '/units/so-y-te', { headers: { 'Accept-Encoding': 'identity' } });
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type') || '', /^text\/html;\s*charset=utf-8/i);
  const html = await r.text();
  assert.match(html, /<html[^>]*\blang="vi"/i);
  assert.ok(html.includes('Sở Y tế tỉnh Sơn La'), 'unit page lacks name_vi');
});

t('gzip on request: a unit page with Accept-Encoding: gzip comes compressed', async () => {
  const r = await fetch(srv.url + '/units/so-y-te', { headers: { 'Accept-Encoding': 'gzip' } });
  assert.equal(r.status, 200);
  assert.equal(r.headers.get('content-encoding'), 'gzip');
  assert.match(r.headers.get('vary') || '', /accept-encoding/i, 'compressed response without Vary: Accept-Encoding');
  const html = await r.text(); // fetch decompresses
  assert.ok(html.includes('Sở Y tế tỉnh Sơn La'), 'decompressed page lacks the unit name');
});

t('gzip body is a valid gzip stream (raw check)', async () => {
  const zlib = await import('node:zlib');
  const r = await rawGet('/units/so-y-te', { 'Accept-Encoding': 'gzip' });
  assert.equal(r.status, 200);
  assert.equal(r.headers['content-encoding'], 'gzip');
  const html = zlib.gunzipSync(r.body).toString('utf8');
  assert.ok(html.includes('Sở Y tế tỉnh Sơn La'));
});

t('no compression without Accept-Encoding: gzip', async () => {
  const r = await rawGet('/units/so-y-te', { 'Accept-Encoding': 'identity' });
  assert.equal(r.status, 200);
  assert.notEqual(r.headers['content-encoding'], 'gzip');
  assert.ok(r.body.toString('utf8').includes('Sở Y tế tỉnh Sơn La'));
});

t('static file: /static/style.css has Cache-Control and ETag', async () => {
  const r = await fetch(srv.url + '/static/style.css');
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type') || '', /^text\/css/);
  assert.ok(r.headers.get('cache-control'), 'no Cache-Control');
  assert.ok(r.headers.get('etag'), 'no ETag');
  const body = await r.text();
  assert.ok(body.length > 0, 'empty stylesheet');
});

t('static file: If-None-Match with the ETag answers 304', async () => {
  const r = await fetch(srv.url + '/static/style.css');
  await r.arrayBuffer();
  const etag = r.headers.get('etag');
  assert.ok(etag, 'no ETag');
  const r2 = await fetch(srv.url + '/static/style.css', { headers: { 'If-None-Match': etag } });
  assert.equal(r2.status, 304);
  assert.equal((await r2.arrayBuffer()).byteLength, 0);
});

t('unknown static file answers 404', async () => {
  const r = await rawGet('/static/khong-co.css');
  assert.equal(r.status, 404);
});

const traversal = [
  '/static/../sql/0001_init.sql',
  '/static/%2e%2e/sql/0001_init.sql',
  '/static/%2e%2e/x',
  '/static/..%2fsql%2f0001_init.sql',
  '/static/%2E%2E%2Fsql%2F0001_init.sql',
  '/static/....//sql/0001_init.sql',
  '/static//etc/passwd',
  '/static/..%5csql%5c0001_init.sql',
  '/static/%252e%252e/sql/0001_init.sql',
  '/static/style.css%00.txt',
  '/static/../../../../etc/passwd',
];
for (const p of traversal) {
  t(`path traversal is refused: ${p}`, async () => {
    const r = await rawGet(p);
    assert.equal(r.status, 404, `expected 404 or 400, got ${r.status}`);
    const body = r.body.toString('utf8');
    assert.doesNotMatch(body, /CREATE TABLE/i, 'SQL file contents leaked');
    assert.doesNotMatch(body, /root:.*:0:0:/, '/etc/passwd leaked');
  });
}
